/*
** 2026-11-25
**
** html.h: HTML (and XHTML) markup -> the text a reader sees, as a text_buf.
**
** Works on decoded code points, so offsets of kept characters still point at
** the original bytes. Tags, comments, <script>, <style>, <head> content except
** <title>, and <template> are dropped; named and numeric character references
** are decoded (the replacement code point gets the offset of the '&' and the
** length of the whole reference); block-level elements (p, div, br, li, tr,
** td, th, h1-h6, table, section, ...) become line breaks so that a stamp in its
** own paragraph or table cell stays on its own line, while line breaks in the
** source are white space (as a browser shows them) except inside <pre>. Resumable: state is kept
** in html_state between segments of one document.
*/
#ifndef DOMAT_HTML_H
#define DOMAT_HTML_H

#include "text.h"

/*
** Everything html_run needs to pick up where the previous segment stopped.
** Fields are private to html.c; only the size is bounded on purpose: a tag is
** skipped without being stored, so only its name's first 15 characters and
** an unfinished character reference (at most 32 code points) are kept.
*/
typedef struct html_state {
    int mode;               /* lexer state */
    int sub;                /* per-state counter (dashes, match position) */
    uint32_t quote;         /* quote that closes the attribute value */
    uint32_t tag_off;       /* offset of the current tag's '<' */
    uint8_t tag_olen;       /* and its source length */
    uint8_t ntag;           /* chars in tag[]; 16 = name longer than kept */
    uint8_t end_tag;        /* the tag is </...> */
    uint8_t slash;          /* '/' just before '>': <x/> */
    uint8_t in_head;        /* inside <head>: only <title> text shows */
    uint8_t in_title;
    uint8_t head_done;      /* a <head> after this point is ignored */
    uint8_t started;        /* a visible non-space character was written */
    uint8_t tail_nl;        /* '\n' written since the last non-space (max 2) */
    uint8_t pre_depth;      /* inside <pre>, <listing> or <textarea> */
    uint16_t template_depth;
    char tag[16];           /* lowercased name; kept during script/style */
    uint8_t npend;
    uint32_t ent_val;       /* numeric reference value so far (saturated) */
    uint32_t ent_olen;      /* source bytes of the reference so far */
    uint32_t pend[32];      /* reference (or CDATA "]]") being read */
    uint32_t pend_off[32];
    uint8_t pend_olen[32];
} html_state;

void html_init(html_state *st);

/*
** Sniff whether decoded text is HTML: a doctype, an <html>, <head> or <body>
** tag, or several common block tags near the start. Looks at most at the
** first 4,096 code points.
*/
int html_sniff(const text_buf *in);

/*
** Convert in (a segment of decoded text) and append the visible text to out.
** When `final` is set, a construct left open at the end is flushed: an
** unfinished character reference as text, an unfinished tag or comment is
** dropped; the state is then ready for a new document.
** Offsets are passed through, never rebased: a code point held over from an
** earlier segment (an unfinished reference, a '<', a CDATA "]]") and the
** break for a tag begun there carry the offsets they had in that segment. A
** caller that restarts offsets at each segment's base must allow for that.
** Returns 0, or -1 when out of memory.
*/
int html_run(html_state *st, const text_buf *in, int final, text_buf *out);

#endif

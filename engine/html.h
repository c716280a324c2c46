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
** own paragraph or table cell stays on its own line. Resumable: state is kept
** in html_state between segments of one document.
*/
#ifndef DOMAT_HTML_H
#define DOMAT_HTML_H

#include "text.h"

typedef struct html_state {
    int mode;            /* internal lexer state */
    int skip_depth;      /* inside script/style/template/head */
    uint32_t pend[64];   /* code points of a tag or reference being read */
    uint32_t pend_off;   /* offset of its first byte */
    size_t npend;
    char tag[16];        /* name of the element whose content is skipped */
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
** When `final` is set, a construct left open at the end is flushed as text.
** Returns 0, or -1 when out of memory.
*/
int html_run(html_state *st, const text_buf *in, int final, text_buf *out);

#endif

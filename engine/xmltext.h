/*
** 2026-11-25
**
** xmltext.h: the libxml2 plumbing the OOXML and ODF readers share: a safe,
** silent, streaming XML reader, names as small integers, and the text buffer
** a part's visible text is built in.
**
** The reader is libxml2's xmlTextReader with the network off, no entity
** substitution, no DTD loading and the default (non-huge) size limits, so a
** hostile part can neither reach out, expand a billion laughs, nor print to
** stderr: every error is caught per reader and kept as "<message>, line N".
*/
#ifndef DOMAT_XMLTEXT_H
#define DOMAT_XMLTEXT_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/xmlreader.h>

#include "doc.h"

/*
** The names a caller recognises. Local names (of elements and attributes)
** get ids 1..nlocal in table order (0: not in the table); namespace URIs get
** the caller's ns_id (0: unknown). Lookups are cached by libxml2's interned
** string pointers, so each distinct name is compared once per reader.
*/
typedef struct xt_names {
    const char *const *local;
    size_t nlocal;
    const char *const *ns_uri;
    const uint8_t *ns_id;
    size_t nns;
} xt_names;

#define XT_CACHE 256

typedef struct xt_reader {
    xmlTextReaderPtr r;
    const xt_names *names;
    char err[200];           /* the first error: "<message>, line N" */
    int failed;
    const void *lkey[XT_CACHE];
    uint16_t lid[XT_CACHE];
    const void *nkey[32];
    uint8_t nid[32];
    /* the thread's libxml2 handlers, put back by xt_close */
    xmlStructuredErrorFunc old_serr;
    xmlGenericErrorFunc old_gerr;
    void *old_sctx, *old_gctx;
} xt_reader;

/* Open a reader on a stream (a member being inflated) or on memory. The part
** name only appears in libxml2's own bookkeeping. 0 (then xt_close it, even
** if the first xt_read fails), or -1 out of memory. */
int xt_open_io(xt_reader *x, const xt_names *names, doc_read_fn rd, void *arg,
               const char *part);
int xt_open_mem(xt_reader *x, const xt_names *names, const void *p, size_t n,
                const char *part);
void xt_close(xt_reader *x);

/*
** Advance to the next node (skip: past the current element's subtree).
** 1 on a node, 0 at the end of the document, -1 on an error (x->err says).
** libxml2's reader parses ahead in chunks of 512 bytes and stops at the
** first well-formedness error (recover mode does not change that), so the
** nodes of the chunk an error is in are not delivered: text up to about 512
** bytes of XML before an error can be lost. The part is then reported as
** malformed, never passed as read whole.
*/
int xt_read(xt_reader *x, int skip);

int xt_type(const xt_reader *x);   /* XML_READER_TYPE_* */
int xt_depth(const xt_reader *x);
int xt_empty(const xt_reader *x);  /* an element written <x/> */
int xt_local(xt_reader *x);        /* id of the node's local name */
int xt_ns(xt_reader *x);           /* id of the node's namespace */
/* Text of a text node; valid until the next call on the reader. */
const char *xt_value(const xt_reader *x, size_t *len);

/* Call fn for each attribute of the current element: local-name id,
** namespace id, value (valid during the call only). */
typedef void (*xt_attr_fn)(void *u, int local, int ns, const char *value);
void xt_attrs(xt_reader *x, xt_attr_fn fn, void *u);

/*
** A part's text as it is built. Lines matter downstream (a stamp alone on its
** line), so besides appending it knows whether the current line is empty:
** xt_brk ends a line only if something is on it, xt_nl always does. When the
** text passes XT_FLUSH bytes it is handed on at the next line end as a piece
** of its own under the same part, so a huge sheet never sits in memory whole.
*/
#define XT_FLUSH (32u << 20)

typedef struct xt_buf {
    char *p;
    size_t len, cap;
    size_t line;        /* where the current line starts */
    uint64_t visible;   /* non-blank bytes ever put */
    uint64_t flushed;   /* `visible` when last handed on */
    int nomem;
    doc_ctx *c;         /* where xt_nl hands on a big buffer */
    const char *part;
    uint32_t page;
} xt_buf;

/* Append UTF-8 text; legacy is ENC_TCVN3 or ENC_VNI for text set in a legacy
** font (converted with decode_font_text), anything else appends as is. */
void xt_put(xt_buf *b, const char *s, size_t n, int legacy);
void xt_char(xt_buf *b, char ch);
void xt_nl(xt_buf *b);
void xt_brk(xt_buf *b);
/* Hand the text on as one piece (nothing if it is all blank: an empty slide
** layout is not a piece) and start afresh.
** Returns DOC_NOMEM if an append ran out of memory, else DOC_OK. */
int xt_flush(xt_buf *b);
void xt_buf_free(xt_buf *b);

/* Whether a decode_enc value names a legacy font encoding. */
int xt_legacy(int enc);

#endif

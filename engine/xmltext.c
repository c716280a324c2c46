/*
** 2026-11-25
**
** xmltext.c: libxml2 set up so that untrusted office XML is read safely and
** silently, and the text buffer parts are built in (see xmltext.h).
**
** Takes a stream or buffer of XML and hands on nodes, names as integers and,
** through xt_buf, text with its line structure. It must never let libxml2
** fetch anything, substitute entities, print, or keep more than the current
** node path: options are fixed here, once, for every caller. libxml2 is
** initialised once per process (pthread_once) and its error hooks are set per
** reader and per thread, since scanners run in several threads at once.
*/
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "decode.h"
#include "xmltext.h"

/*
** No NOENT (entities stay references), no DTDLOAD/DTDATTR/DTDVALID (nothing
** external is read), no HUGE (libxml2's caps on text node size, depth and
** entity amplification stay on), no XINCLUDE. NOCDATA hands CDATA on as text.
*/
#define XT_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOWARNING)

static pthread_once_t xt_once = PTHREAD_ONCE_INIT;

static void xt_init(void)
{
    xmlInitParser();
}

static void xt_error(void *arg, xmlErrorPtr e)
{
    xt_reader *x = arg;
    if (!e || e->level < XML_ERR_ERROR || x->failed)
        return;
    x->failed = 1;
    const char *m = e->message ? e->message : "error";
    size_t n = strlen(m);
    while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
        n--;
    if (n > 150)
        n = 150;
    if (e->line > 0)
        snprintf(x->err, sizeof x->err, "%.*s, line %d", (int)n, m, e->line);
    else
        snprintf(x->err, sizeof x->err, "%.*s", (int)n, m);
}

static void xt_quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void xt_hook(xt_reader *x)
{
    pthread_once(&xt_once, xt_init);
    x->old_serr = xmlStructuredError;
    x->old_sctx = xmlStructuredErrorContext;
    x->old_gerr = xmlGenericError;
    x->old_gctx = xmlGenericErrorContext;
    /* Thread-wide too: errors raised while the reader is being set up, or
    ** by the input layer, do not go through the reader's own handler. */
    xmlSetStructuredErrorFunc(x, xt_error);
    xmlSetGenericErrorFunc(NULL, xt_quiet);
}

static int xt_setup(xt_reader *x)
{
    if (!x->r) {
        xt_close(x);
        return -1;
    }
    xmlTextReaderSetStructuredErrorHandler(x->r, xt_error, x);
    return 0;
}

static void xt_clear(xt_reader *x, const xt_names *names)
{
    memset(x, 0, sizeof *x);
    x->names = names;
}

/* libxml2 wants an int-returning callback over an int length. */
typedef struct xt_io {
    doc_read_fn rd;
    void *arg;
} xt_io;

static int xt_ioread(void *ctx, char *buf, int len)
{
    xt_io *io = ctx;
    if (len <= 0)
        return 0;
    long k = io->rd(io->arg, buf, (size_t)len);
    return k < 0 ? -1 : (int)k;
}

static int xt_ioclose(void *ctx)
{
    free(ctx);
    return 0;
}

int xt_open_io(xt_reader *x, const xt_names *names, doc_read_fn rd, void *arg,
               const char *part)
{
    xt_clear(x, names);
    xt_io *io = malloc(sizeof *io);
    if (!io)
        return -1;
    io->rd = rd;
    io->arg = arg;
    xt_hook(x);
    x->r = xmlReaderForIO(xt_ioread, xt_ioclose, io, part, NULL, XT_OPTIONS);
    return xt_setup(x);
}

int xt_open_mem(xt_reader *x, const xt_names *names, const void *p, size_t n,
                const char *part)
{
    xt_clear(x, names);
    xt_hook(x);
    if (n > 0x7FFFFFFF) {
        /* libxml2 takes an int size; larger flat files are not office XML.
        ** The first xt_read reports it. */
        snprintf(x->err, sizeof x->err, "document of %zu bytes is too large", n);
        x->failed = 1;
        return 0;
    }
    x->r = xmlReaderForMemory(p, (int)n, part, NULL, XT_OPTIONS);
    return xt_setup(x);
}

void xt_close(xt_reader *x)
{
    if (x->r)
        xmlFreeTextReader(x->r);
    x->r = NULL;
    xmlSetStructuredErrorFunc(x->old_sctx, x->old_serr);
    xmlSetGenericErrorFunc(x->old_gctx, x->old_gerr);
}

int xt_read(xt_reader *x, int skip)
{
    if (!x->r)
        return -1;
    int r = skip ? xmlTextReaderNext(x->r) : xmlTextReaderRead(x->r);
    if (r < 0 && !x->failed) {
        x->failed = 1;
        snprintf(x->err, sizeof x->err, "unreadable XML");
    }
    return r < 0 ? -1 : r;
}

int xt_type(const xt_reader *x) { return xmlTextReaderNodeType(x->r); }
int xt_depth(const xt_reader *x) { return xmlTextReaderDepth(x->r); }
int xt_empty(const xt_reader *x) { return xmlTextReaderIsEmptyElement(x->r) == 1; }

/* libxml2 packs interned names next to each other, so low address bits
** alone would put "p", "r" and "t" in one slot: mix them. */
static size_t slot_of(const void *p, size_t n)
{
    return (size_t)(((uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15ull) >> 40) % n;
}

static int lookup_local(xt_reader *x, const xmlChar *name)
{
    if (!name)
        return 0;
    size_t h = slot_of(name, XT_CACHE);
    if (x->lkey[h] == name)
        return x->lid[h];
    int id = 0;
    for (size_t i = 0; i < x->names->nlocal; i++) {
        if (!strcmp(x->names->local[i], (const char *)name)) {
            id = (int)i + 1;
            break;
        }
    }
    x->lkey[h] = name;
    x->lid[h] = (uint16_t)id;
    return id;
}

static int lookup_ns(xt_reader *x, const xmlChar *uri)
{
    if (!uri)
        return 0;
    size_t h = slot_of(uri, 32);
    if (x->nkey[h] == uri)
        return x->nid[h];
    int id = 0;
    for (size_t i = 0; i < x->names->nns; i++) {
        if (!strcmp(x->names->ns_uri[i], (const char *)uri)) {
            id = x->names->ns_id[i];
            break;
        }
    }
    x->nkey[h] = uri;
    x->nid[h] = (uint8_t)id;
    return id;
}

int xt_local(xt_reader *x)
{
    return lookup_local(x, xmlTextReaderConstLocalName(x->r));
}

int xt_ns(xt_reader *x)
{
    return lookup_ns(x, xmlTextReaderConstNamespaceUri(x->r));
}

const char *xt_value(const xt_reader *x, size_t *len)
{
    const char *v = (const char *)xmlTextReaderConstValue(x->r);
    *len = v ? strlen(v) : 0;
    return v ? v : "";
}

void xt_attrs(xt_reader *x, xt_attr_fn fn, void *u)
{
    if (xmlTextReaderMoveToFirstAttribute(x->r) != 1)
        return;
    do {
        /* Namespace declarations are attributes to the reader; skip them. */
        if (xmlTextReaderIsNamespaceDecl(x->r) == 1)
            continue;
        const char *v = (const char *)xmlTextReaderConstValue(x->r);
        fn(u, xt_local(x), xt_ns(x), v ? v : "");
    } while (xmlTextReaderMoveToNextAttribute(x->r) == 1);
    xmlTextReaderMoveToElement(x->r);
}

/* ---- text buffer ---- */

int xt_legacy(int enc)
{
    return enc == ENC_TCVN3 || enc == ENC_VNI;
}

static int grow(xt_buf *b, size_t n)
{
    if (b->nomem)
        return -1;
    if (b->cap - b->len >= n)
        return 0;
    size_t cap = b->cap ? b->cap : 1024;
    while (cap - b->len < n) {
        if (cap > SIZE_MAX / 2) {
            b->nomem = 1;
            return -1;
        }
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) {
        b->nomem = 1;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

static void append(xt_buf *b, const char *s, size_t n)
{
    if (!n || grow(b, n))
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    for (size_t i = 0; i < n; i++)
        b->visible += s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r';
}

void xt_put(xt_buf *b, const char *s, size_t n, int legacy)
{
    if (xt_legacy(legacy)) {
        /* ASCII is the same in TCVN3 and VNI: only look-alikes need work. */
        size_t i = 0;
        while (i < n && !((unsigned char)s[i] & 0x80))
            i++;
        if (i < n) {
            size_t m = 0;
            char *d = decode_font_text((decode_enc)legacy, s, n, &m);
            if (!d) {
                b->nomem = 1;
                return;
            }
            append(b, d, m);
            free(d);
            return;
        }
    }
    append(b, s, n);
}

void xt_char(xt_buf *b, char ch)
{
    append(b, &ch, 1);
}

void xt_nl(xt_buf *b)
{
    append(b, "\n", 1);
    b->line = b->len;
    if (b->len >= XT_FLUSH && b->c)
        xt_flush(b);
}

void xt_brk(xt_buf *b)
{
    if (b->len > b->line)
        xt_nl(b);
}

int xt_flush(xt_buf *b)
{
    if (b->nomem)
        return DOC_NOMEM;
    if (b->visible > b->flushed && b->c &&
        doc_text(b->c, b->part, b->page, b->p, b->len) == DOC_NOMEM)
        b->nomem = 1;
    b->flushed = b->visible;
    b->len = 0;
    b->line = 0;
    return b->nomem ? DOC_NOMEM : DOC_OK;
}

void xt_buf_free(xt_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = b->line = 0;
}

/*
** 2026-11-25
**
** doc_stub.h: a recording doc_ctx for extractor unit tests.
**
** Include it in exactly one test file (it defines the doc_* functions). The
** extractor under test then writes into `stub`: every text piece with its
** part and page, every embedded file, every unscanned or corrupt reason, so
** a test can assert exactly what was extracted without running the scanner.
** Such a test must not call the scanning API, whose own doc_* would clash.
** The stub_* helpers below read the recording (and run an extractor on a
** fixture) the way the extractor tests all need.
*/
#ifndef DOMAT_DOC_STUB_H
#define DOMAT_DOC_STUB_H

#include "fixture_util.h"

#include "doc.h"
#include "limits.h"

struct doc_ctx {
    domat_limits lim;
    unsigned depth;
    int stop;
    uint64_t budget_used;
};

typedef struct stub_piece {
    char *part;
    uint32_t page;
    char *text;      /* UTF-8, or the raw bytes for doc_text_bytes */
    size_t len;
    char *encoding;  /* NULL for doc_text */
} stub_piece;

typedef struct stub_file {
    char *name;
    unsigned char *data;
    size_t len;
} stub_file;

static struct {
    stub_piece piece[4096];
    size_t npiece;
    stub_file file[1024];
    size_t nfile;
    char unscanned[64][256];
    size_t nunscanned;
    char corrupt[256];
    doc_ctx ctx;
} stub;

static inline doc_ctx *stub_reset(void)
{
    for (size_t i = 0; i < stub.npiece; i++) {
        free(stub.piece[i].part);
        free(stub.piece[i].text);
        free(stub.piece[i].encoding);
    }
    for (size_t i = 0; i < stub.nfile; i++) {
        free(stub.file[i].name);
        free(stub.file[i].data);
    }
    memset(&stub, 0, sizeof stub);
    domat_limits_default(&stub.ctx.lim);
    return &stub.ctx;
}

/* All text pieces joined with "\n", for substring checks; caller frees. */
static inline char *stub_all_text(void)
{
    size_t n = 1;
    for (size_t i = 0; i < stub.npiece; i++)
        n += stub.piece[i].len + 1;
    char *s = malloc(n), *p = s;
    for (size_t i = 0; i < stub.npiece; i++) {
        memcpy(p, stub.piece[i].text, stub.piece[i].len);
        p += stub.piece[i].len;
        *p++ = '\n';
    }
    *p = 0;
    return s;
}

/* The first piece whose part equals `part` (NULL matches NULL). */
static inline const stub_piece *stub_part(const char *part)
{
    for (size_t i = 0; i < stub.npiece; i++) {
        const char *p = stub.piece[i].part;
        if ((!p && !part) || (p && part && !strcmp(p, part)))
            return &stub.piece[i];
    }
    return NULL;
}

static inline char *stub_dup(const void *p, size_t n)
{
    char *d = malloc(n + 1);
    memcpy(d, p, n);
    d[n] = 0;
    return d;
}

/* The text of the first piece of `part`, which must exist. */
static inline const char *stub_part_text(const char *part)
{
    const stub_piece *p = stub_part(part);
    assert_non_null(p);
    return p->text;
}

/* The text of the first piece of `part`, or "(no such piece)": for string
** asserts whose failure message then says what is missing. */
static inline const char *stub_text_of(const char *part)
{
    const stub_piece *p = stub_part(part);
    return p ? p->text : "(no such piece)";
}

/* Exactly n unscanned reasons were recorded, equal to why[0..n) in order. */
static inline void stub_expect_unscanned(size_t n, const char *const *why)
{
    for (size_t i = 0; i < n && i < stub.nunscanned; i++)
        assert_string_equal(stub.unscanned[i], why[i]);
    assert_int_equal(stub.nunscanned, n);
}

/* A cmocka setup (or teardown) function: the stub emptied, default limits. */
static inline int stub_setup(void **state)
{
    (void)state;
    stub_reset();
    return 0;
}

/* An in-memory extractor: pdf_extract, odf_extract, msdoc_extract, ... */
typedef int (*stub_extract_fn)(doc_ctx *c, const unsigned char *data, size_t len);

/* Run extractor fn with context c (stub_reset()'s, or &stub.ctx as set up)
** on the fixture tests/fixtures/<dir>/<name>; returns fn's result. */
static inline int stub_extract_fixture(doc_ctx *c, stub_extract_fn fn, const char *dir,
                                       const char *name)
{
    size_t n;
    unsigned char *b = tu_fixture(dir, name, &n);
    int rc = fn(c, b, n);
    free(b);
    return rc;
}

/* Run extractor fn with context c on a zip of the members made by tu_zip
** (deflated, not encrypted); returns fn's result. */
static inline int stub_extract_zip(doc_ctx *c, stub_extract_fn fn, const tu_member *m,
                                   size_t n)
{
    size_t len;
    unsigned char *p = tu_zip(&len, NULL, m, n);
    int rc = fn(c, p, len);
    free(p);
    return rc;
}

int doc_text(doc_ctx *c, const char *part, uint32_t page, const char *utf8, size_t len)
{
    (void)c;
    if (stub.npiece == 4096)
        return 0;
    stub_piece *p = &stub.piece[stub.npiece++];
    p->part = part ? strdup(part) : NULL;
    p->page = page;
    p->text = stub_dup(utf8, len);
    p->len = len;
    return 0;
}

int doc_text_bytes(doc_ctx *c, const char *part, uint32_t page, const void *bytes,
                   size_t len, const char *encoding)
{
    int rc = doc_text(c, part, page, bytes, len);
    if (stub.npiece)
        stub.piece[stub.npiece - 1].encoding = strdup(encoding ? encoding : "detect");
    return rc;
}

int doc_file(doc_ctx *c, const char *name, const void *data, size_t len)
{
    (void)c;
    if (stub.nfile == 1024)
        return 0;
    stub_file *f = &stub.file[stub.nfile++];
    f->name = strdup(name ? name : "");
    f->data = (unsigned char *)stub_dup(data, len);
    f->len = len;
    return 0;
}

int doc_file_stream(doc_ctx *c, const char *name, doc_read_fn rd, void *arg)
{
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    for (;;) {
        if (n == cap)
            buf = realloc(buf, cap *= 2);
        long k = rd(arg, buf + n, cap - n);
        if (k < 0) {
            free(buf);
            return doc_unscanned(c, "%s: read error", name);
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    int rc = doc_file(c, name, buf, n);
    free(buf);
    return rc;
}

int doc_unscanned(doc_ctx *c, const char *fmt, ...)
{
    (void)c;
    if (stub.nunscanned == 64)
        return 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(stub.unscanned[stub.nunscanned++], 256, fmt, ap);
    va_end(ap);
    return 0;
}

int doc_corrupt(doc_ctx *c, const char *fmt, ...)
{
    (void)c;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(stub.corrupt, sizeof stub.corrupt, fmt, ap);
    va_end(ap);
    return DOC_CORRUPT;
}

int doc_stop(doc_ctx *c) { return c->stop; }
const domat_limits *doc_limits(const doc_ctx *c) { return &c->lim; }
unsigned doc_depth(const doc_ctx *c) { return c->depth; }

int doc_budget(doc_ctx *c, uint64_t n)
{
    c->budget_used += n;
    if (c->budget_used > c->lim.max_extracted) {
        c->stop = 1;
        return -1;
    }
    return 0;
}

#endif

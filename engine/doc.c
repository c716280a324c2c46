/*
** 2026-11-25
**
** doc.c: takes an input apart by type and hands every piece to the scanner.
**
** Takes an input (memory, file or stream), tells its type from its content
** (libmagic, plus exact signatures for the formats we read), and runs the
** extractor for it, which calls back here with text pieces and embedded files;
** embedded files come back through the same dispatch one level deeper. This
** file owns the rules every format shares, so no extractor repeats them: the
** nesting depth, the extracted-bytes budget, the time budget, where a finding
** is ("mail.eml > baocao.zip > kehoach.docx > word/header1.xml"), and that a
** part which cannot be read is reported, never passed over as clean.
*/
#define _GNU_SOURCE /* memmem */
#include <magic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "doc.h"
#include "error.h"
#include "result.h"
#include "scanner.h"

struct doc_ctx {
    domat_scanner *sc;
    const char *where;     /* location of this document inside the input */
    unsigned depth;
    domat_status fatal;    /* an engine failure, passed up and out */
    char corrupt[256];     /* why the document cannot be read (doc_corrupt) */
};

/* Images smaller than this are logos and icons, not scanned pages. */
#define MEDIA_MIN 16384

typedef enum doc_type {
    T_TEXT, T_PDF, T_OOXML, T_ODF, T_DOC, T_XLS, T_RTF, T_MAIL, T_ARCHIVE,
    T_MEDIA
} doc_type;

static const char *type_name[] = {
    "text", "pdf", "ooxml", "odf", "msword", "msexcel", "rtf", "mail",
    "archive", "media"
};

/* ---- reporting ---- */

static void record_unscanned(domat_scanner *sc, const char *where, const char *msg)
{
    char buf[600];
    if (where && *where)
        snprintf(buf, sizeof buf, "%s: %s", where, msg);
    else
        snprintf(buf, sizeof buf, "%s", msg);
    if (result_add_unscanned(sc->res, buf))
        sc->failed = 1;
}

int doc_unscanned(doc_ctx *c, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    record_unscanned(c->sc, c->where, msg);
    return DOC_OK;
}

int doc_corrupt(doc_ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->corrupt, sizeof c->corrupt, fmt, ap);
    va_end(ap);
    return DOC_CORRUPT;
}

/* Stop once, with the reason recorded once. */
static void stop(domat_scanner *sc, const char *why)
{
    if (sc->stop)
        return;
    sc->stop = 1;
    record_unscanned(sc, NULL, why);
}

int doc_stop(doc_ctx *c)
{
    domat_scanner *sc = c->sc;
    if (!sc->stop && scan_now_ms() > sc->deadline_ms) {
        char why[96];
        snprintf(why, sizeof why, "time limit %u ms reached: the rest not scanned",
                 sc->lim.max_time_ms);
        stop(sc, why);
    }
    return sc->stop || c->fatal != DOMAT_OK || sc->failed;
}

const domat_limits *doc_limits(const doc_ctx *c)
{
    return &c->sc->lim;
}

unsigned doc_depth(const doc_ctx *c)
{
    return c->depth;
}

int doc_budget(doc_ctx *c, uint64_t n)
{
    domat_scanner *sc = c->sc;
    sc->extracted += n;
    if (sc->extracted > sc->lim.max_extracted) {
        char why[128];
        snprintf(why, sizeof why, "extracted bytes > limit %llu: the rest not scanned",
                 (unsigned long long)sc->lim.max_extracted);
        stop(sc, why);
        return -1;
    }
    return 0;
}

/* "a > b", or just one of them. Caller frees. */
static char *join(const char *a, const char *b)
{
    size_t na = a ? strlen(a) : 0, nb = b ? strlen(b) : 0;
    char *s = malloc(na + nb + 4);
    if (!s)
        return NULL;
    if (na && nb)
        snprintf(s, na + nb + 4, "%s > %s", a, b);
    else
        snprintf(s, na + nb + 4, "%s", na ? a : nb ? b : "");
    return s;
}

/* ---- text pieces ---- */

static int piece(doc_ctx *c, const char *part, uint32_t page, const void *bytes,
                 size_t len, const char *enc, domat_content content)
{
    if (doc_stop(c))
        return DOC_OK;
    if (doc_budget(c, len))
        return DOC_OK;
    char *where = join(c->where, part);
    if (!where) {
        c->fatal = error_set(DOMAT_ENOMEM, "out of memory");
        return DOC_NOMEM;
    }
    source s;
    source_mem(&s, bytes, len, c->sc->lim.max_input_bytes);
    domat_status st = scan_text(c->sc, &s, enc, content, *where ? where : NULL, page);
    source_free(&s);
    free(where);
    if (st != DOMAT_OK) {
        c->fatal = st;
        return DOC_NOMEM;
    }
    return DOC_OK;
}

int doc_text(doc_ctx *c, const char *part, uint32_t page, const char *utf8,
             size_t len)
{
    return piece(c, part, page, utf8, len, "utf-8", DOMAT_CONTENT_TEXT);
}

int doc_text_bytes(doc_ctx *c, const char *part, uint32_t page,
                   const void *bytes, size_t len, const char *encoding)
{
    /* A name our decoder does not know is detected instead of refused: the
    ** declared charset of a mail part is a hint, not a fact. */
    if (encoding && decode_enc_parse(encoding) == ENC_UNKNOWN)
        encoding = NULL;
    return piece(c, part, page, bytes, len, encoding, DOMAT_CONTENT_AUTO);
}

/* ---- type detection ---- */

static const char *magic_type(domat_scanner *sc, const unsigned char *p, size_t n)
{
    if (!sc->magic) {
        magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS |
                               MAGIC_NO_CHECK_TAR | MAGIC_NO_CHECK_ELF);
        if (!m)
            return NULL;
        if (magic_load(m, NULL) != 0) {
            magic_close(m);
            return NULL;
        }
        sc->magic = m;
    }
    return magic_buffer((magic_t)sc->magic, p, n);
}

static int has(const unsigned char *p, size_t n, const char *needle)
{
    return memmem(p, n, needle, strlen(needle)) != NULL;
}

/*
** Does the text start like a mail? Every line up to the blank one must be a
** header ("Name: value") or its continuation, and at least two of them names
** every mail carries, so a text file that happens to start "Note: ..." is
** still text, while a client's own headers (User-Agent, Thread-Index, ...)
** do not matter.
*/
static int looks_like_mail(const unsigned char *p, size_t n)
{
    static const char *known[] = {
        "from", "return-path", "received", "delivered-to", "mime-version",
        "message-id", "date", "to", "subject", "content-type", "reply-to", "cc",
        "dkim-signature", "authentication-results", "sender", "x-mailer",
        "user-agent", "in-reply-to", "references", "content-transfer-encoding"
    };
    size_t lines = 0, hits = 0, i = 0;
    if (n >= 5 && !memcmp(p, "From ", 5)) { /* mbox separator line */
        while (i < n && p[i] != '\n')
            i++;
        i++;
        hits++;
    }
    while (i < n && lines < 200) {
        size_t e = i;
        while (e < n && p[e] != '\n')
            e++;
        if (e == i || (e == i + 1 && p[i] == '\r'))
            return lines > 0 && hits >= 2; /* end of the header block */
        if (e == n)
            break; /* a header cut by the sample end: judge what came before */
        if (p[i] == ' ' || p[i] == '\t') {
            if (!lines)
                return 0;
        } else {
            size_t k = i;
            while (k < e && ((p[k] >= 'a' && p[k] <= 'z') || (p[k] >= 'A' && p[k] <= 'Z') ||
                             (p[k] >= '0' && p[k] <= '9') || p[k] == '-'))
                k++;
            if (k == i || k >= e || p[k] != ':')
                return 0;
            for (size_t q = 0; q < sizeof known / sizeof *known; q++)
                if (k - i == strlen(known[q]) &&
                    !strncasecmp((const char *)p + i, known[q], k - i)) {
                    hits++;
                    break;
                }
            lines++;
        }
        i = e + 1;
    }
    return lines > 0 && hits >= 2;
}

/* Bytes below 0x20 other than \t \n \r \f and ESC, in the first 4 KiB. */
static int has_control_bytes(const unsigned char *p, size_t n)
{
    if (n > 4096)
        n = 4096;
    for (size_t i = 0; i < n; i++)
        if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r' &&
            p[i] != '\f' && p[i] != 0x1B)
            return 1;
    return 0;
}

static doc_type detect(domat_scanner *sc, const unsigned char *p, size_t n)
{
    size_t head = n < 1024 ? n : 1024;
    if (has(p, head, "%PDF-"))
        return T_PDF;
    if (n >= 4 && !memcmp(p, "PK\3\4", 4)) {
        if (n >= 38 && !memcmp(p + 30, "mimetype", 8) &&
            has(p + 38, n - 38 < 80 ? n - 38 : 80, "opendocument"))
            return T_ODF;
        if (has(p, n, "[Content_Types].xml"))
            return T_OOXML;
        const char *m = magic_type(sc, p, n);
        if (m && strstr(m, "openxmlformats"))
            return T_OOXML;
        if (m && strstr(m, "opendocument"))
            return T_ODF;
        return T_ARCHIVE;
    }
    if (n >= 8 && !memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
        const char *m = magic_type(sc, p, n);
        return m && strstr(m, "excel") ? T_XLS : T_DOC;
    }
    if (n >= 5 && !memcmp(p, "{\\rtf", 5))
        return T_RTF;
    /* Flat ODF (.fodt, .fods, .fodp): one XML file whose root is
    ** office:document. */
    if (has(p, n < 4096 ? n : 4096, "<office:document"))
        return T_ODF;
    if ((n >= 2 && p[0] == 0x1F && p[1] == 0x8B) ||
        (n >= 3 && !memcmp(p, "BZh", 3)) ||
        (n >= 6 && !memcmp(p, "\xFD" "7zXZ\0", 6)) ||
        (n >= 4 && !memcmp(p, "\x28\xB5\x2F\xFD", 4)) ||
        (n >= 6 && !memcmp(p, "7z\xBC\xAF\x27\x1C", 6)) ||
        (n >= 262 && !memcmp(p + 257, "ustar", 5)) ||
        (n >= 6 && !memcmp(p, "Rar!\x1A\x07", 6)) ||
        (n >= 4 && !memcmp(p, "\x04\x22\x4D\x18", 4)) ||   /* lz4 */
        (n >= 4 && !memcmp(p, "LZIP", 4)) ||
        (n >= 2 && p[0] == 0x1F && p[1] == 0x9D) ||         /* compress */
        (n >= 6 && (!memcmp(p, "070701", 6) || !memcmp(p, "070702", 6) ||
                    !memcmp(p, "070707", 6))) ||               /* cpio */
        (n >= 8 && !memcmp(p, "!<arch>\n", 8)))
        return T_ARCHIVE;
    if (looks_like_mail(p, n))
        return T_MAIL;
    /* Text has no control bytes but tab and line breaks: it needs no
    ** libmagic, whose look at a sample costs milliseconds per file, more
    ** than scanning a small page. Media and other binaries always have some. */
    if (!has_control_bytes(p, n))
        return T_TEXT;
    const char *m = magic_type(sc, p, n);
    if (m && (!strncmp(m, "image/", 6) || !strncmp(m, "audio/", 6) ||
              !strncmp(m, "video/", 6) || !strncmp(m, "font/", 5)))
        return T_MEDIA;
    if (m && !strcmp(m, "message/rfc822"))
        return T_MAIL;
    return T_TEXT;
}

/* ---- dispatch ---- */

typedef int (*whole_fn)(doc_ctx *, const unsigned char *, size_t);

static whole_fn extractor(doc_type t)
{
    switch (t) {
    case T_PDF: return pdf_extract;
    case T_OOXML: return ooxml_extract;
    case T_ODF: return odf_extract;
    case T_DOC: return msdoc_extract;
    case T_XLS: return msxls_extract;
    case T_RTF: return rtf_extract;
    case T_MAIL: return mime_extract;
    default: return NULL;
    }
}

static void over_limit(doc_ctx *c, source *src)
{
    if (src->total > src->limit) {
        char why[160];
        snprintf(why, sizeof why, "input size %llu bytes > limit %llu: only the first %llu scanned",
                 (unsigned long long)src->total, (unsigned long long)src->limit,
                 (unsigned long long)src->limit);
        record_unscanned(c->sc, c->where, why);
    }
}

static int dispatch(doc_ctx *c, source *src, const domat_input *in)
{
    domat_scanner *sc = c->sc;
    const unsigned char *p;
    size_t n;
    int rc = source_get(src, 0, 64 << 10, &p, &n);
    if (rc) {
        if (rc == -1)
            c->fatal = error_set(DOMAT_ENOMEM, "out of memory");
        else
            doc_corrupt(c, "%s", domat_last_error());
        return rc == -1 ? DOC_NOMEM : DOC_CORRUPT;
    }
    int forced = in && (in->content != DOMAT_CONTENT_AUTO || in->encoding);
    doc_type t = forced ? T_TEXT : detect(sc, p, n);
    if (c->depth == 0)
        result_set_type(sc->res, type_name[t]);
    rc = DOC_OK;
    if (t == T_TEXT) {
        domat_status st = scan_text(sc, src, in ? in->encoding : NULL,
                                    in ? in->content : DOMAT_CONTENT_AUTO,
                                    *c->where ? c->where : NULL, 0);
        if (st != DOMAT_OK)
            c->fatal = st;
        else if (src->err)
            doc_unscanned(c, "read error: the rest not scanned");
        over_limit(c, src);
    } else if (t == T_MEDIA) {
        if (n >= MEDIA_MIN || source_more(src, n))
            doc_unscanned(c, "image or media file (no text layer) not scanned");
    } else if (t == T_ARCHIVE) {
        source_reader r = {src, 0};
        rc = archive_extract(c, source_read, &r);
    } else {
        const unsigned char *whole;
        size_t len;
        int w = source_whole(src, &whole, &len);
        if (w == -1) {
            c->fatal = error_set(DOMAT_ENOMEM, "out of memory");
            return DOC_NOMEM;
        }
        if (w == -3)
            doc_unscanned(c, "%s document of %llu bytes > limit %llu: not scanned",
                          type_name[t], (unsigned long long)src->total,
                          (unsigned long long)src->limit);
        else if (w)
            rc = doc_corrupt(c, "read error");
        else
            rc = extractor(t)(c, whole, len);
    }
    if (rc == DOC_NOMEM && c->fatal == DOMAT_OK)
        c->fatal = error_set(DOMAT_ENOMEM, "out of memory");
    return rc;
}

static int child(doc_ctx *c, const char *name, source *src)
{
    domat_scanner *sc = c->sc;
    if (doc_stop(c))
        return c->fatal != DOMAT_OK ? DOC_NOMEM : DOC_OK;
    char *where = join(c->where, name && *name ? name : "(unnamed)");
    if (!where) {
        c->fatal = error_set(DOMAT_ENOMEM, "out of memory");
        return DOC_NOMEM;
    }
    int rc = DOC_OK;
    if (c->depth + 1 > sc->lim.max_depth) {
        char why[96];
        snprintf(why, sizeof why, "recursion depth %u > %u: not scanned",
                 c->depth + 1, sc->lim.max_depth);
        record_unscanned(sc, where, why);
    } else {
        doc_ctx cc = {sc, where, c->depth + 1, DOMAT_OK, ""};
        rc = dispatch(&cc, src, NULL);
        if (rc == DOC_CORRUPT) {
            record_unscanned(sc, where, cc.corrupt[0] ? cc.corrupt : "corrupt");
            rc = DOC_OK;
        }
        if (cc.fatal != DOMAT_OK) {
            c->fatal = cc.fatal;
            rc = DOC_NOMEM;
        }
    }
    free(where);
    return rc;
}

int doc_file(doc_ctx *c, const char *name, const void *data, size_t len)
{
    source s;
    source_mem(&s, data, len, c->sc->lim.max_input_bytes);
    int rc = child(c, name, &s);
    source_free(&s);
    return rc;
}

int doc_file_stream(doc_ctx *c, const char *name, doc_read_fn rd, void *arg)
{
    source s;
    source_stream(&s, rd, arg, c->sc->lim.max_input_bytes);
    int rc = child(c, name, &s);
    source_free(&s);
    return rc;
}

domat_status doc_scan(domat_scanner *sc, source *src, const domat_input *in)
{
    doc_ctx c = {sc, "", 0, DOMAT_OK, ""};
    int rc = dispatch(&c, src, in);
    if (c.fatal != DOMAT_OK)
        return c.fatal;
    if (sc->failed)
        return error_set(DOMAT_ENOMEM, "out of memory");
    if (rc == DOC_CORRUPT && result_set_error(sc->res, c.corrupt[0] ? c.corrupt : "corrupt"))
        return error_set(DOMAT_ENOMEM, "out of memory");
    return DOMAT_OK;
}

void doc_scanner_free(domat_scanner *sc)
{
    if (sc->magic)
        magic_close((magic_t)sc->magic);
    sc->magic = NULL;
}

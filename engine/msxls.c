/*
** 2026-11-25
**
** msxls.c: Excel 97-2003 (BIFF8) and Excel 5/95 (BIFF5) workbooks -> text
** pieces (see doc.h, ole2.h).
**
** Takes the bytes of a compound file holding a "Workbook" (or "Book")
** stream. Hands on one piece per sheet, its part the sheet's name: the name
** itself, the page header and footer (their &-codes dropped, each of the
** left, centre and right sections on a line of its own), then every text
** cell, formula string result, comment and text box, each on its own line so
** a stamp in a cell stands alone. The document properties go in "metadata".
**
** Strings live in the shared string table (SST), which spans CONTINUE
** records; a string cut by a CONTINUE starts again with a flags byte that
** may switch between 8-bit and UTF-16 mid-string. Cells in legacy fonts
** (.VnTime via XF -> FONT, or rich-text runs of the string) are converted
** through decode_font_text; so is header text after &".VnTime".
**
** A workbook protected with a password (FILEPASS) is reported unscanned.
** It must never read past a record or the stream; every count from the file
** is capped by the bytes that could hold it. It never prints, never exits.
*/
#include "ole2.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    BOF = 0x0809, EOF_ = 0x000A, CONTINUE = 0x003C, FILEPASS = 0x002F,
    BOUNDSHEET = 0x0085, SST = 0x00FC, LABELSST = 0x00FD, LABEL = 0x0204,
    RSTRING = 0x00D6, STRING = 0x0207, FORMULA = 0x0006, HEADER = 0x0014,
    FOOTER = 0x0015, FONT = 0x0031, XF = 0x00E0, CODEPAGE = 0x0042,
    TXO = 0x01B6, SERIESTEXT = 0x100D, HEADERFOOTER = 0x089C
};

#define MAX_BOF_DEPTH 16
#define STOP_EVERY 4096 /* records between doc_stop checks */

typedef struct sstr {
    size_t off, len;      /* UTF-8 bytes in the pool */
    size_t run0, nrun;    /* font runs in runs[] */
} sstr;

typedef struct srun {
    size_t at;            /* byte offset in the string */
    int8_t enc;
} srun;

typedef struct sheet {
    uint32_t pos;         /* offset of its BOF in the stream */
    char name[3 * 31 + 1];
} sheet;

typedef struct xls {
    doc_ctx *c;
    const unsigned char *s;
    size_t len;
    int biff5;
    decode_enc charset;   /* BIFF5 8-bit strings */
    uint32_t cmap[256];
    /* fonts and XFs: legacy encoding of each */
    int8_t *fenc;
    size_t nfont, capfont;
    uint16_t *xf;         /* font index per XF */
    size_t nxf, capxf;
    int legacy;           /* some font is a legacy font */
    /* SST */
    char *pool;
    size_t npool, cappool;
    sstr *str;
    size_t nstr, capstr;
    srun *runs;
    size_t nruns, capruns;
    sheet *sh;
    size_t nsh, capsh;
    size_t missing;       /* cells naming a string the SST does not have */
    int err;
} xls;

/* Grow *p (elements of size sz) to hold n+1; -1 when out of memory. */
static int grow(void *pp, size_t *cap, size_t n, size_t sz)
{
    void **p = pp;
    if (n < *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 64;
    void *q = realloc(*p, nc * sz);
    if (!q)
        return -1;
    *p = q;
    *cap = nc;
    return 0;
}

static decode_enc font_of(const xls *x, size_t ifnt)
{
    /* BIFF numbers fonts 0-3, 5, 6, ...: index 4 was never written. */
    if (ifnt == 4)
        return ENC_UNKNOWN;
    if (ifnt > 4)
        ifnt--;
    return ifnt < x->nfont && x->fenc[ifnt] > 0 ? (decode_enc)x->fenc[ifnt]
                                                : ENC_UNKNOWN;
}

static decode_enc xf_font(const xls *x, size_t ixfe)
{
    return ixfe < x->nxf ? font_of(x, x->xf[ixfe]) : ENC_UNKNOWN;
}

/* --------------------------------------------------------- UTF-8 pool -- */

static void pool_cp(xls *x, uint32_t cp)
{
    if (x->err)
        return;
    if (x->npool + 4 > x->cappool) {
        size_t nc = x->cappool ? x->cappool * 2 : 4096;
        char *p = realloc(x->pool, nc);
        if (!p) {
            x->err = DOC_NOMEM;
            return;
        }
        x->pool = p;
        x->cappool = nc;
    }
    x->npool += text_utf8_put(x->pool + x->npool, cp);
}

/*
** Characters of a BIFF8 string, 8-bit (Latin-1: the high byte is zero) or
** UTF-16LE per `wide`, into the pool. Returns bytes used.
*/
static size_t put_chars(xls *x, const unsigned char *p, size_t avail, size_t cch,
                        int wide, uint32_t *hi)
{
    size_t unit = wide ? 2 : 1, n = avail / unit;
    if (n > cch)
        n = cch;
    for (size_t i = 0; i < n; i++) {
        uint32_t u = wide ? doc_le16(p + 2 * i) : p[i];
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (*hi)
                pool_cp(x, 0xFFFD);
            *hi = u;
            continue;
        }
        if (u >= 0xDC00 && u <= 0xDFFF) {
            u = *hi ? 0x10000 + ((*hi - 0xD800) << 10) + (u - 0xDC00) : 0xFFFD;
        } else if (*hi) {
            pool_cp(x, 0xFFFD);
        }
        *hi = 0;
        pool_cp(x, u);
    }
    return n * unit;
}

/* ------------------------------------------- records joined by CONTINUE -- */

typedef struct crec {
    const unsigned char *s;
    size_t len;
    size_t pos, end;      /* the current record's data is [.., end) */
} crec;

/* Step into the CONTINUE record that follows, if any. */
static int cr_next(crec *r)
{
    size_t h = r->end;
    if (h + 4 > r->len || doc_le16(r->s + h) != CONTINUE)
        return -1;
    size_t n = doc_le16(r->s + h + 2);
    if (h + 4 + n > r->len)
        return -1;
    r->pos = h + 4;
    r->end = h + 4 + n;
    return 0;
}

/* n bytes that may span CONTINUE records (headers, runs): skip or copy. */
static int cr_read(crec *r, unsigned char *dst, size_t n)
{
    while (n) {
        if (r->pos == r->end && cr_next(r))
            return -1;
        size_t k = r->end - r->pos < n ? r->end - r->pos : n;
        if (dst) {
            memcpy(dst, r->s + r->pos, k);
            dst += k;
        }
        r->pos += k;
        n -= k;
    }
    return 0;
}

/* cch characters; a CONTINUE in the middle restarts with a flags byte
** whose low bit says whether the rest is UTF-16. */
static int cr_chars(xls *x, crec *r, size_t cch, int wide)
{
    uint32_t hi = 0;
    while (cch) {
        if (r->pos == r->end) {
            if (cr_next(r) || r->pos == r->end)
                return -1;
            wide = r->s[r->pos++] & 1;
        }
        size_t used = put_chars(x, r->s + r->pos, r->end - r->pos, cch, wide, &hi);
        if (!used) /* half a UTF-16 unit before the boundary: malformed */
            return -1;
        r->pos += used;
        cch -= used / (wide ? 2 : 1);
    }
    if (hi)
        pool_cp(x, 0xFFFD);
    return 0;
}

/* ------------------------------------------------------------ the SST -- */

static void read_sst(xls *x, size_t at, size_t size)
{
    crec r = {x->s, x->len, at + 8, at + size};
    if (size < 8)
        return;
    size_t want = doc_le32(x->s + at + 4);
    for (size_t k = 0; k < want && !x->err; k++) {
        unsigned char h[3];
        if (cr_read(&r, h, 3))
            break;
        size_t cch = doc_le16(h);
        unsigned fl = h[2];
        size_t nrun = 0, ext = 0;
        unsigned char b[4];
        if (fl & 0x08) {
            if (cr_read(&r, b, 2))
                break;
            nrun = doc_le16(b);
        }
        if (fl & 0x04) {
            if (cr_read(&r, b, 4))
                break;
            ext = doc_le32(b);
        }
        if (grow(&x->str, &x->capstr, x->nstr, sizeof *x->str)) {
            x->err = DOC_NOMEM;
            return;
        }
        sstr *s = &x->str[x->nstr];
        s->off = x->npool;
        s->run0 = x->nruns;
        s->nrun = 0;
        if (cr_chars(x, &r, cch, fl & 1)) {
            s->len = x->npool - s->off;
            x->nstr++;
            break;
        }
        s->len = x->npool - s->off;
        x->nstr++;
        size_t bo = 0, ci = 0;
        for (size_t i = 0; i < nrun; i++) {
            if (cr_read(&r, b, 4))
                return;
            size_t ich = doc_le16(b);
            decode_enc e = font_of(x, doc_le16(b + 2));
            /* Runs come in character order; one that does not is ignored
            ** rather than rescanning the string for it. */
            if (!x->legacy || ich < ci)
                continue;
            /* Character index -> byte offset in the UTF-8 just written. */
            const unsigned char *u = (const unsigned char *)x->pool + s->off;
            while (bo < s->len && ci < ich) {
                bo++;
                while (bo < s->len && (u[bo] & 0xC0) == 0x80)
                    bo++;
                ci++;
            }
            if (grow(&x->runs, &x->capruns, x->nruns, sizeof *x->runs)) {
                x->err = DOC_NOMEM;
                return;
            }
            x->runs[x->nruns].at = bo;
            x->runs[x->nruns].enc = (int8_t)e;
            x->nruns++;
            s->nrun++;
        }
        if (cr_read(&r, NULL, ext))
            return;
    }
}

/* -------------------------------------------------------------- output -- */

/* A string of the SST as one cell line, in the cell's font and its runs. */
static void put_sst(xls *x, ole2_tb *b, size_t isst, decode_enc cell)
{
    if (isst >= x->nstr) {
        x->missing++;
        return;
    }
    const sstr *s = &x->str[isst];
    const char *p = x->pool + s->off;
    size_t at = 0;
    decode_enc e = cell;
    for (size_t i = 0; i < s->nrun; i++) {
        const srun *r = &x->runs[s->run0 + i];
        size_t to = r->at < s->len ? r->at : s->len;
        if (to > at) {
            ole2_tb_utf8(b, p + at, to - at, e);
            at = to;
        }
        e = (decode_enc)r->enc;
    }
    ole2_tb_utf8(b, p + at, s->len - at, e);
    ole2_tb_eol(b);
}

/* A string in one record at p[0..n): BIFF8 XLUnicodeString (cch16) or
** ShortXLUnicodeString (cch8), BIFF5 8-bit with a cch16 or cch8 count; into
** the pool, from which the caller takes x->pool[start..]. */
static void rec_string(xls *x, const unsigned char *p, size_t n, int cch8)
{
    size_t hl = cch8 ? 1 : 2;
    if (n < hl)
        return;
    size_t cch = cch8 ? p[0] : doc_le16(p);
    if (x->biff5) {
        size_t k = n - hl < cch ? n - hl : cch;
        for (size_t i = 0; i < k; i++)
            pool_cp(x, x->cmap[p[hl + i]]);
        return;
    }
    if (n < hl + 1)
        return;
    unsigned fl = p[hl];
    size_t o = hl + 1;
    if (fl & 0x08)
        o += 2;
    if (fl & 0x04)
        o += 4;
    if (o > n)
        return;
    uint32_t hi = 0;
    put_chars(x, p + o, n - o, cch, fl & 1, &hi);
    if (hi)
        pool_cp(x, 0xFFFD);
}

/* Append a record string as a line in encoding e; the pool is scratch. */
static void put_rec_string(xls *x, ole2_tb *b, const unsigned char *p, size_t n,
                           int cch8, decode_enc e)
{
    size_t start = x->npool;
    rec_string(x, p, n, cch8);
    ole2_tb_utf8(b, x->pool + start, x->npool - start, e);
    ole2_tb_eol(b);
    x->npool = start;
}

/* Page header/footer: &L &C &R start sections (own lines), &"font,style"
** may switch to a legacy font, the other codes (&P, &D, &12, &KFF0000...)
** are fields and formatting, dropped. */
static void put_header(xls *x, ole2_tb *b, const unsigned char *p, size_t n,
                       decode_enc e)
{
    size_t start = x->npool;
    rec_string(x, p, n, x->biff5);
    if (x->err)
        return;
    const char *s = x->pool + start, *end = x->pool + x->npool;
    while (s < end) {
        if (*s != '&') {
            const char *t = s;
            while (t < end && *t != '&')
                t++;
            ole2_tb_utf8(b, s, (size_t)(t - s), e);
            s = t;
            continue;
        }
        if (++s >= end)
            break;
        char k = *s++;
        if (k == '&') {
            ole2_tb_utf8(b, "&", 1, e);
        } else if (k == 'L' || k == 'C' || k == 'R') {
            ole2_tb_eol(b);
        } else if (k == '"') {
            const char *q = s;
            while (q < end && *q != '"')
                q++;
            char font[64];
            size_t fl = 0;
            while (s < q && *s != ',' && fl < sizeof font - 1)
                font[fl++] = *s++;
            font[fl] = 0;
            if (strcmp(font, "-") != 0)
                e = decode_font_enc(font);
            s = q < end ? q + 1 : q;
        } else if (k >= '0' && k <= '9') {
            while (s < end && *s >= '0' && *s <= '9')
                s++;
        } else if (k == 'K') {
            s = end - s > 6 ? s + 6 : end;
        }
    }
    ole2_tb_eol(b);
    x->npool = start;
}

/* Text of a TXO (comment, text box): in the CONTINUE records after it. */
static void put_txo(xls *x, ole2_tb *b, size_t at, size_t size)
{
    if (size < 14)
        return;
    size_t cch = doc_le16(x->s + at + 10);
    crec r = {x->s, x->len, at + size, at + size};
    size_t start = x->npool;
    if (cch && cr_chars(x, &r, cch, 0) == 0 && !x->err) {
        /* The first formatting run's font stands for the whole text. */
        unsigned char run[8];
        decode_enc e = ENC_UNKNOWN;
        if (r.pos == r.end && cr_next(&r) == 0 && cr_read(&r, run, 8) == 0)
            e = font_of(x, doc_le16(run + 2));
        ole2_tb_utf8(b, x->pool + start, x->npool - start, e);
        ole2_tb_eol(b);
    }
    x->npool = start;
}

/* --------------------------------------------------------------- parse -- */

static void name_sheet(xls *x, const unsigned char *p, size_t n)
{
    if (n < 7 || grow(&x->sh, &x->capsh, x->nsh, sizeof *x->sh)) {
        if (n >= 7)
            x->err = DOC_NOMEM;
        return;
    }
    sheet *s = &x->sh[x->nsh++];
    s->pos = doc_le32(p);
    size_t start = x->npool;
    rec_string(x, p + 6, n - 6, 1);
    size_t k = x->npool - start;
    if (k > sizeof s->name - 1) {
        k = sizeof s->name - 1;
        while (k && ((unsigned char)x->pool[start + k] & 0xC0) == 0x80)
            k--;
    }
    memcpy(s->name, x->pool + start, k);
    s->name[k] = 0;
    x->npool = start;
}

static void add_font(xls *x, const unsigned char *p, size_t n)
{
    if (grow(&x->fenc, &x->capfont, x->nfont, 1)) {
        x->err = DOC_NOMEM;
        return;
    }
    decode_enc e = ENC_UNKNOWN;
    if (n > 14) {
        size_t start = x->npool;
        rec_string(x, p + 14, n - 14, 1);
        pool_cp(x, 0);
        if (!x->err)
            e = decode_font_enc(x->pool + start);
        x->npool = start;
    }
    if (e != ENC_UNKNOWN)
        x->legacy = 1;
    x->fenc[x->nfont++] = (int8_t)e;
}

typedef struct sheet_out {
    ole2_tb tb;
    int open;
    char part[3 * 31 + 16];
} sheet_out;

static int sheet_pos_cmp(const void *a, const void *b)
{
    const sheet *x = a, *y = b;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The sheets as BOUNDSHEET lists them, sorted by the stream offset of their
** BOF once, so that each BOF finds its name by binary search. */
static int sheet_begin(xls *x, sheet_out *o, size_t bofpos, size_t index)
{
    if (index == 0 && x->nsh > 1)
        qsort(x->sh, x->nsh, sizeof *x->sh, sheet_pos_cmp);
    const char *name = NULL;
    size_t lo = 0, hi = x->nsh;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->sh[mid].pos < bofpos)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < x->nsh && x->sh[lo].pos == bofpos)
        name = x->sh[lo].name;
    if (!name && index < x->nsh)
        name = x->sh[index].name;
    if (name && *name)
        snprintf(o->part, sizeof o->part, "%s", name);
    else
        snprintf(o->part, sizeof o->part, "sheet%zu", index + 1);
    ole2_tb_init(&o->tb, x->c, o->part);
    o->open = 1;
    /* The tab name is visible text too. */
    ole2_tb_utf8(&o->tb, o->part, strlen(o->part), ENC_UNKNOWN);
    ole2_tb_eol(&o->tb);
    return 0;
}

static int sheet_end(sheet_out *o)
{
    if (!o->open)
        return DOC_OK;
    o->open = 0;
    return ole2_tb_end(&o->tb);
}

static int parse(xls *x)
{
    const unsigned char *s = x->s;
    size_t pos = 0, nrec = 0, nsheet = 0;
    int depth = 0, globals = 0;
    decode_enc formula_enc = ENC_UNKNOWN;
    sheet_out o;
    memset(&o, 0, sizeof o);
    int rc = DOC_OK;

    if (x->len < 8 || doc_le16(s) != BOF)
        return doc_corrupt(x->c, "corrupt Excel workbook: no BOF record at the "
                           "start of the stream");
    uint16_t vers = doc_le16(s + 4);
    if (vers == 0x0500)
        x->biff5 = 1;
    else if (vers != 0x0600)
        return doc_corrupt(x->c, "corrupt Excel workbook: BIFF version 0x%04X", vers);

    while (pos + 4 <= x->len && !x->err) {
        uint16_t type = doc_le16(s + pos), size = doc_le16(s + pos + 2);
        size_t at = pos + 4;
        if (at + size > x->len) {
            doc_unscanned(x->c, "truncated Excel workbook: record at offset %zu "
                          "runs past the end of the stream", pos);
            break;
        }
        const unsigned char *p = s + at;
        if (++nrec % STOP_EVERY == 0 && (doc_stop(x->c) || (o.open && o.tb.stop)))
            break;
        switch (type) {
        case BOF:
            if (depth >= MAX_BOF_DEPTH) {
                doc_unscanned(x->c, "Excel substreams nested deeper than %d",
                              MAX_BOF_DEPTH);
                goto out;
            }
            if (depth++ == 0) {
                uint16_t dt = size >= 4 ? doc_le16(p + 2) : 0;
                if (dt == 0x0005) {
                    globals = 1;
                } else {
                    globals = 0;
                    if ((rc = sheet_end(&o)) != DOC_OK)
                        goto out;
                    sheet_begin(x, &o, pos, nsheet++);
                }
            }
            break;
        case EOF_:
            if (depth > 0 && --depth == 0) {
                if ((rc = sheet_end(&o)) != DOC_OK)
                    goto out;
                if (doc_stop(x->c))
                    goto out;
            }
            break;
        case FILEPASS:
            if (globals) {
                doc_unscanned(x->c, "encrypted Excel workbook");
                goto out;
            }
            break;
        case CODEPAGE:
            if (size >= 2 && x->biff5) {
                uint16_t cp = doc_le16(p);
                decode_enc e = cp == 1258 ? ENC_CP1258 : ENC_CP1252;
                if (e != x->charset) {
                    x->charset = e;
                    if (ole2_charset_map(e, x->cmap)) {
                        rc = DOC_NOMEM;
                        goto out;
                    }
                }
            }
            break;
        case BOUNDSHEET:
            if (globals)
                name_sheet(x, p, size);
            break;
        case FONT:
            if (globals)
                add_font(x, p, size);
            break;
        case XF:
            if (globals && size >= 2) {
                if (grow(&x->xf, &x->capxf, x->nxf, sizeof *x->xf)) {
                    rc = DOC_NOMEM;
                    goto out;
                }
                x->xf[x->nxf++] = doc_le16(p);
            }
            break;
        case SST:
            if (globals && !x->biff5 && x->nstr == 0)
                read_sst(x, at, size);
            break;
        case LABELSST:
            if (o.open && size >= 10)
                put_sst(x, &o.tb, doc_le32(p + 6), xf_font(x, doc_le16(p + 4)));
            break;
        case LABEL:
        case RSTRING:
            if (o.open && size >= 8)
                put_rec_string(x, &o.tb, p + 6, size - 6, 0, xf_font(x, doc_le16(p + 4)));
            break;
        case FORMULA:
            if (size >= 6)
                formula_enc = xf_font(x, doc_le16(p + 4));
            break;
        case STRING:
            if (o.open)
                put_rec_string(x, &o.tb, p, size, 0, formula_enc);
            break;
        case HEADER:
        case FOOTER:
            if (o.open && size > 0)
                put_header(x, &o.tb, p, size, font_of(x, 0));
            break;
        case HEADERFOOTER:
            /* Excel 2007+: even-page and first-page headers and footers,
            ** four XLUnicodeStrings present when their counts are. */
            if (o.open && !x->biff5 && size >= 38) {
                size_t off = 38;
                for (int k = 0; k < 4 && off + 3 <= size; k++) {
                    size_t cch = doc_le16(p + 30 + 2 * k);
                    if (!cch)
                        continue;
                    size_t n = 3 + cch * ((p[off + 2] & 1) ? 2 : 1);
                    if (n > size - off)
                        n = size - off;
                    put_header(x, &o.tb, p + off, n, font_of(x, 0));
                    off += n;
                }
            }
            break;
        case TXO:
            if (o.open && !x->biff5)
                put_txo(x, &o.tb, at, size);
            break;
        case SERIESTEXT:
            if (o.open && size > 3)
                put_rec_string(x, &o.tb, p + 2, size - 2, 1, ENC_UNKNOWN);
            break;
        default:
            break;
        }
        pos = at + size;
    }
out:
    if (x->missing)
        doc_unscanned(x->c, "%zu Excel cells name shared strings the workbook does "
                      "not have (truncated string table?)", x->missing);
    if (x->err)
        rc = DOC_NOMEM;
    if (o.open) {
        int r2 = sheet_end(&o);
        if (rc == DOC_OK)
            rc = r2;
    }
    return rc;
}

int msxls_extract(doc_ctx *c, const unsigned char *data, size_t len)
{
    ole2 *f;
    int rc = ole2_open_doc(&f, c, data, len);
    if (rc != DOC_OK)
        return rc;
    uint32_t id = ole2_find(f, OLE2_ROOT, "Workbook");
    if (!ole2_is_stream(f, id))
        id = ole2_find(f, OLE2_ROOT, "Book");
    if (!ole2_is_stream(f, id)) {
        /* Not a workbook after all: Word, encrypted OOXML, or unknown. */
        ole2_close(f);
        return msdoc_extract(c, data, len);
    }
    xls x;
    memset(&x, 0, sizeof x);
    x.c = c;
    x.charset = ENC_CP1252;
    char why[200];
    ole2_stream st = {0};
    if ((rc = ole2_emit_summary(c, f)) != DOC_OK)
        goto done;
    rc = ole2_read(f, id, &st, why, sizeof why);
    if (rc == OLE2_NOMEM) {
        rc = DOC_NOMEM;
        goto done;
    }
    if (rc) {
        rc = doc_corrupt(c, "corrupt Excel workbook: %s", why);
        goto done;
    }
    if (ole2_charset_map(ENC_CP1252, x.cmap)) {
        rc = DOC_NOMEM;
        goto done;
    }
    x.s = st.data;
    x.len = st.len;
    rc = parse(&x);
    /* Embedded objects are storages "MBD" + hex id beside the workbook. */
    for (uint32_t o = ole2_next_child(f, OLE2_ROOT, OLE2_NONE);
         rc == DOC_OK && o != OLE2_NONE && !doc_stop(c);
         o = ole2_next_child(f, OLE2_ROOT, o))
        if (ole2_is_storage(f, o) && !strncmp(ole2_name(f, o), "MBD", 3))
            rc = ole2_emit_object(c, f, o, ole2_name(f, o));
done:
    free(x.fenc);
    free(x.xf);
    free(x.pool);
    free(x.str);
    free(x.runs);
    free(x.sh);
    ole2_stream_free(&st);
    ole2_close(f);
    return rc;
}

/*
** 2026-11-25
**
** msdoc.c: Word 97-2003 binary documents (.doc) -> text pieces; also the
** entry for any OLE2 compound file (see doc.h, ole2.h).
**
** Takes the bytes of a compound file. A Word document hands on one piece per
** story: "main", "footnotes", "headers" (headers and footers), "comments",
** "endnotes", "textboxes", "header-textboxes", and the document properties as
** "metadata". Text comes from the piece table (CLX) in the table stream, in
** 8-bit (Windows-1252) or UTF-16LE pieces. Paragraph, cell, row and line
** marks become '\n' so a stamp in its own paragraph or table cell stays on
** its own line; of a field only the result a reader sees is kept.
**
** Text set in a legacy font (.VnTime, .VnTimeH, VNI-Times) is stored as its
** Latin-1 look-alikes ("tèi mËt"); the font of each character is found the
** way Word finds it - direct formatting (CHPX), then character style, then
** paragraph style (PAPX istd and the style sheet's base chain), then the
** document default - and such runs go through decode_font_text. Word stores
** the TCVN3 letter ư (0xAD, the soft hyphen) as its optional-hyphen mark
** 0x1F: in a legacy run that mark is the letter and is kept.
**
** Embedded objects (ObjectPool) go on as files. Word 6/95 documents (no
** Unicode, no table stream) are read without fonts, their bytes handed on
** for the scanner's detector. A compound file that is not Word is passed
** on: a workbook to msxls_extract; a PowerPoint 97-2003 presentation is
** read here (its text atoms, see below); a password-protected .docx/.xlsx
** (EncryptionInfo + EncryptedPackage) and an encrypted or obfuscated Word
** document are reported unscanned.
**
** It must never read outside a stream: every offset from the FIB, CLX, FKP
** and style sheet is checked; never loop on the file's say-so beyond what
** the stream sizes allow. It never prints and never exits.
*/
#include "ole2.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#define FIB_IDENT 0xA5EC
/* nFib of Word 6 is 101 (0x65), of Word 95 104; Word 97 wrote 193 and later
** versions more; anything between is read as Word 97. */
#define NFIB_MAX_WORD6 0x0069
#define FIELD_DEPTH 64
/* Field code characters held back: a code that never reaches its separator
** or end (or runs longer than any real instruction) was no field code, and
** is handed on as text after all, so no text can hide behind a lone 0x13. */
#define FIELD_CODE_MAX 65536
/* word_streams: the document is done (reported unscanned), not an error. */
#define DONE 2

enum { R_MAIN, R_FTN, R_HDD, R_MCR, R_ATN, R_EDN, R_TXBX, R_HDRTXBX, R_COUNT };

static const char *const RANGE_PART[R_COUNT] = {
    "main", "footnotes", "headers", NULL, "comments", "endnotes", "textboxes",
    "header-textboxes"};

typedef struct pcd {
    uint32_t cp0, cp1;
    uint32_t off;     /* byte offset in WordDocument */
    uint8_t wide;     /* UTF-16LE, else 8-bit */
} pcd;

/* A run of bytes [fc0, fc1) of WordDocument with one property: for CHPX
** runs the legacy encoding their font implies (-1 = no font set there) or a
** character style; for PAPX runs the paragraph style. */
typedef struct prun {
    uint32_t fc0, fc1;
    int8_t enc;
    uint16_t istd;
} prun;

typedef struct wdoc {
    doc_ctx *c;
    const unsigned char *w;
    size_t wlen;
    const unsigned char *t;
    size_t tlen;
    int word6;           /* Word 6/95: 8-bit text only, no fonts */
    uint32_t ccp[R_COUNT];
    pcd *pcd;
    size_t npcd;
    /* Fonts: only worked out when the font table names a legacy font. */
    int fonts;
    decode_enc *fenc;
    size_t nfont;
    int8_t *stenc;       /* per style, resolved through its bases, -1 none */
    size_t nstd;
    int8_t defenc;
    prun *chp, *pap;
    size_t nchp, npap;
    uint32_t cmap[256];  /* Windows-1252, for 8-bit pieces */
    int cut_reported;
} wdoc;

/* ------------------------------------------------------------- the FIB -- */

typedef struct fib {
    size_t lw;      /* offset of fibRgLw */
    size_t ncslw;
    size_t fclcb;   /* offset of fibRgFcLcbBlob */
    size_t nfclcb;  /* pairs in it */
} fib;

static int fib_parse(const unsigned char *w, size_t wlen, fib *fb)
{
    if (wlen < 0x22)
        return -1;
    size_t p = 0x20, csw = doc_le16(w + p);
    p += 2 + csw * 2;
    if (p + 2 > wlen)
        return -1;
    fb->ncslw = doc_le16(w + p);
    fb->lw = p + 2;
    p = fb->lw + fb->ncslw * 4;
    if (p + 2 > wlen)
        return -1;
    fb->nfclcb = doc_le16(w + p);
    fb->fclcb = p + 2;
    if (fb->fclcb + fb->nfclcb * 8 > wlen)
        fb->nfclcb = (wlen - fb->fclcb) / 8;
    return 0;
}

/* Pair i of fibRgFcLcb, checked to lie in the table stream; 0 when absent. */
static int fclcb(const wdoc *d, const fib *fb, size_t i, uint32_t *fc, uint32_t *lcb)
{
    if (i >= fb->nfclcb)
        return 0;
    *fc = doc_le32(d->w + fb->fclcb + i * 8);
    *lcb = doc_le32(d->w + fb->fclcb + i * 8 + 4);
    return *lcb && *fc <= d->tlen && *lcb <= d->tlen - *fc;
}

/* ------------------------------------------------------- piece table -- */

static int load_pieces(wdoc *d, const unsigned char *clx, size_t lcb, int word6)
{
    size_t i = 0;
    while (i < lcb && clx[i] == 1) { /* Prc: property modifiers, skipped */
        if (i + 3 > lcb)
            return doc_corrupt(d->c, "truncated Word piece table (CLX)");
        int16_t cb = (int16_t)doc_le16(clx + i + 1);
        if (cb < 0)
            return doc_corrupt(d->c, "bad Word piece table (CLX): negative size");
        i += 3 + (size_t)cb;
    }
    if (i >= lcb || clx[i] != 2 || i + 5 > lcb)
        return doc_corrupt(d->c, "bad Word piece table (CLX): no Pcdt");
    size_t n = doc_le32(clx + i + 1);
    const unsigned char *plc = clx + i + 5;
    if (n > lcb - i - 5 || n < 16)
        return doc_corrupt(d->c, "bad Word piece table (CLX): PlcPcd of %zu bytes", n);
    size_t np = (n - 4) / 12;
    if (!(d->pcd = malloc(np * sizeof *d->pcd)))
        return DOC_NOMEM;
    for (size_t k = 0; k < np; k++) {
        pcd *p = &d->pcd[k];
        p->cp0 = doc_le32(plc + 4 * k);
        p->cp1 = doc_le32(plc + 4 * k + 4);
        if (p->cp1 < p->cp0 || (k && p->cp0 < d->pcd[k - 1].cp1))
            return doc_corrupt(d->c, "bad Word piece table: piece %zu out of order", k);
        uint32_t fc = doc_le32(plc + 4 * (np + 1) + 8 * k + 2);
        if (word6) {
            p->off = fc;
            p->wide = 0;
        } else if (fc & 0x40000000u) {
            p->off = (fc & 0x3FFFFFFFu) / 2;
            p->wide = 0;
        } else {
            p->off = fc;
            p->wide = 1;
        }
    }
    d->npcd = np;
    return DOC_OK;
}

/* --------------------------------------------------------------- fonts -- */

/* Font names from SttbfFfn: each FFN is cbFfnM1, 39 bytes of metrics, then
** the NUL-terminated UTF-16 name. */
static int load_fonts(wdoc *d, const unsigned char *s, size_t n)
{
    if (n < 4)
        return DOC_OK;
    size_t cnt = doc_le16(s), at = 4;
    if (cnt == 0xFFFF) /* the extended form is not used for fonts; skip */
        return DOC_OK;
    if (!(d->fenc = calloc(cnt ? cnt : 1, sizeof *d->fenc)))
        return DOC_NOMEM;
    d->nfont = cnt;
    for (size_t k = 0; k < cnt && at < n; k++) {
        size_t len = (size_t)s[at] + 1;
        if (len > n - at)
            break;
        char name[128];
        size_t o = 0;
        for (size_t j = 40; j + 1 < len && o < sizeof name - 4; j += 2) {
            uint32_t u = doc_le16(s + at + j);
            if (!u)
                break;
            o += text_utf8_put(name + o, u >= 0xD800 && u <= 0xDFFF ? 0xFFFD : u);
        }
        name[o] = 0;
        d->fenc[k] = decode_font_enc(name);
        if (d->fenc[k] != ENC_UNKNOWN)
            d->fonts = 1;
        at += len;
    }
    return DOC_OK;
}

static decode_enc font_enc(const wdoc *d, uint32_t ftc)
{
    return ftc < d->nfont ? d->fenc[ftc] : ENC_UNKNOWN;
}

/*
** The legacy encoding a grpprl of character sprms sets through its fonts
** (sprmCRgFtc0 for ASCII, sprmCRgFtc2 for the rest, old sprmCFtcDefault),
** or -1 when it sets none; *istd gets a sprmCIstd character style.
*/
static int sprm_enc(const wdoc *d, const unsigned char *g, size_t n, uint16_t *istd)
{
    int e0 = -1, e2 = -1, ed = -1;
    size_t i = 0;
    while (i + 2 <= n) {
        uint16_t sprm = doc_le16(g + i);
        size_t sz;
        switch (sprm >> 13) {
        case 0: case 1: sz = 1; break;
        case 2: case 4: case 5: sz = 2; break;
        case 3: sz = 4; break;
        case 7: sz = 3; break;
        default:
            if (i + 2 >= n)
                return e0 >= 0 ? e0 : e2 >= 0 ? e2 : ed;
            sz = (size_t)g[i + 2] + 1;
            break;
        }
        if (i + 2 + sz > n)
            break;
        const unsigned char *op = g + i + 2;
        if (sz == 2) {
            if (sprm == 0x4A4F)
                e0 = (int)font_enc(d, doc_le16(op));
            else if (sprm == 0x4A51)
                e2 = (int)font_enc(d, doc_le16(op));
            else if (sprm == 0x4A3D)
                ed = (int)font_enc(d, doc_le16(op));
            else if (sprm == 0x4A30 && istd)
                *istd = doc_le16(op);
        }
        i += 2 + sz;
    }
    /* A run in a legacy font for either character class is a legacy run:
    ** Word applies the hAnsi font to exactly the look-alike letters. */
    if (e0 > 0 || e2 > 0)
        return e0 > 0 ? e0 : e2;
    if (e0 >= 0 || e2 >= 0)
        return ENC_UNKNOWN;
    return ed;
}

/* Style sheet: per style, the font encoding of its character properties. */
static int load_styles(wdoc *d, const unsigned char *s, size_t n)
{
    if (n < 2)
        return DOC_OK;
    size_t cbshi = doc_le16(s);
    if (cbshi < 4 || 2 + cbshi > n)
        return DOC_OK;
    const unsigned char *shi = s + 2;
    size_t cstd = doc_le16(shi), cbbase = doc_le16(shi + 2);
    if (cbshi >= 18) {
        int e = (int)font_enc(d, doc_le16(shi + 12));
        d->defenc = (int8_t)(e > 0 ? e : (int)font_enc(d, doc_le16(shi + 16)));
    }
    int8_t *own = malloc(cstd ? cstd : 1);
    uint16_t *base = malloc((cstd ? cstd : 1) * sizeof *base);
    d->stenc = malloc(cstd ? cstd : 1);
    if (!own || !base || !d->stenc) {
        free(own);
        free(base);
        return DOC_NOMEM;
    }
    d->nstd = cstd;
    size_t at = 2 + cbshi;
    for (size_t k = 0; k < cstd; k++) {
        own[k] = -1;
        base[k] = 0x0FFF;
        if (at + 2 > n) {
            continue;
        }
        size_t cb = doc_le16(s + at);
        const unsigned char *std = s + at + 2;
        at += 2 + cb;
        if (at > n || cb < cbbase + 2 || cbbase < 10)
            continue;
        unsigned stk = doc_le16(std + 2) & 0xF;
        base[k] = (uint16_t)(doc_le16(std + 2) >> 4);
        size_t p = cbbase, cch = doc_le16(std + p);
        p += 2 + cch * 2 + 2;
        /* Paragraph and table styles put their paragraph (and table) UPX
        ** first; the character UPX is the last one. */
        unsigned skip = stk == 1 ? 1 : stk == 2 ? 0 : stk == 3 ? 2 : 9;
        for (unsigned u = 0; u <= skip && p + 2 <= cb; u++) {
            size_t ln = doc_le16(std + p);
            if (p + 2 + ln > cb)
                break;
            if (u == skip && skip != 9)
                own[k] = (int8_t)sprm_enc(d, std + p + 2, ln, NULL);
            p += 2 + ln + (ln & 1);
        }
    }
    /* Resolve through istdBase chains, each style once: walk up until a
    ** style that sets a font or is already resolved (a loop resolves to
    ** none), then give the result to every style walked. In stenc, -2
    ** marks "not yet" and -3 "on the current walk". */
    uint16_t *path = malloc((cstd ? cstd : 1) * sizeof *path);
    if (!path) {
        free(own);
        free(base);
        return DOC_NOMEM;
    }
    for (size_t k = 0; k < cstd; k++)
        d->stenc[k] = -2; /* unresolved */
    for (size_t k = 0; k < cstd; k++) {
        size_t np = 0, j = k;
        int e = -1;
        while (j < cstd) {
            if (d->stenc[j] != -2) {
                e = d->stenc[j] == -3 ? -1 : d->stenc[j];
                break;
            }
            if (own[j] >= 0) {
                e = own[j];
                break;
            }
            d->stenc[j] = -3; /* on this walk */
            path[np++] = (uint16_t)j;
            j = base[j];
        }
        if (j < cstd && d->stenc[j] == -2)
            d->stenc[j] = (int8_t)e;
        while (np)
            d->stenc[path[--np]] = (int8_t)e;
    }
    free(path);
    free(own);
    free(base);
    return DOC_OK;
}

static int run_cmp(const void *a, const void *b)
{
    const prun *x = a, *y = b;
    return x->fc0 < y->fc0 ? -1 : x->fc0 > y->fc0;
}

/* CHPX (pap = 0) or PAPX (pap = 1) runs from the FKP pages a PlcBte lists. */
static int load_fkps(wdoc *d, const unsigned char *plc, size_t lcb, int pap)
{
    if (lcb < 12)
        return DOC_OK;
    size_t nbin = (lcb - 4) / 8, pages = d->wlen / 512;
    /* More bins than pages in the stream can only repeat pages. */
    size_t nb = nbin < pages ? nbin : pages;
    prun *r = malloc((nb ? nb : 1) * 101 * sizeof *r);
    if (!r)
        return DOC_NOMEM;
    size_t nr = 0;
    int sorted = 1;
    for (size_t b = 0; b < nb; b++) {
        uint32_t pn = doc_le32(plc + 4 * (nbin + 1) + 4 * b) & 0x3FFFFFu;
        if ((size_t)pn >= pages)
            continue;
        const unsigned char *fkp = d->w + (size_t)pn * 512;
        unsigned cnt = fkp[511];
        if (cnt == 0 || cnt > 101 || 4 * (cnt + 1) + (pap ? 13 : 1) * cnt > 511)
            continue;
        for (unsigned k = 0; k < cnt; k++) {
            prun *x = &r[nr];
            x->fc0 = doc_le32(fkp + 4 * k);
            x->fc1 = doc_le32(fkp + 4 * k + 4);
            x->enc = -1;
            x->istd = 0xFFFF;
            if (x->fc1 <= x->fc0)
                continue;
            unsigned bo = fkp[4 * (cnt + 1) + (pap ? 13 : 1) * k] * 2u;
            if (pap) {
                x->istd = 0;
                if (bo && bo + 3 < 511)
                    x->istd = fkp[bo] ? doc_le16(fkp + bo + 1) : doc_le16(fkp + bo + 2);
            } else if (bo && bo < 511) {
                size_t cb = fkp[bo];
                if (bo + 1 + cb > 511)
                    cb = 511 - bo - 1;
                x->enc = (int8_t)sprm_enc(d, fkp + bo + 1, cb, &x->istd);
            }
            if (nr && x->fc0 < r[nr - 1].fc0)
                sorted = 0;
            nr++;
        }
    }
    if (!sorted)
        qsort(r, nr, sizeof *r, run_cmp);
    if (pap) {
        d->pap = r;
        d->npap = nr;
    } else {
        d->chp = r;
        d->nchp = nr;
    }
    return DOC_OK;
}

/* Index of the run holding fc, starting from the guess *at; -1 if none. */
static long find_run(const prun *r, size_t n, uint32_t fc, size_t *at)
{
    if (!n)
        return -1;
    if (*at < n && r[*at].fc0 <= fc && fc < r[*at].fc1)
        return (long)*at;
    if (*at + 1 < n && r[*at + 1].fc0 <= fc && fc < r[*at + 1].fc1)
        return (long)++*at;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r[mid].fc0 <= fc)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 || fc >= r[lo - 1].fc1)
        return -1;
    *at = lo - 1;
    return (long)*at;
}

static decode_enc style_enc(const wdoc *d, uint16_t istd)
{
    if (istd < d->nstd && d->stenc[istd] >= 0)
        return (decode_enc)d->stenc[istd];
    return (decode_enc)-1;
}

typedef struct cursor {
    size_t chp, pap;
} cursor;

/* The legacy encoding of the character at byte fc, or ENC_UNKNOWN. */
static decode_enc enc_at(const wdoc *d, uint32_t fc, cursor *cu)
{
    long i = find_run(d->chp, d->nchp, fc, &cu->chp);
    if (i >= 0) {
        if (d->chp[i].enc >= 0)
            return (decode_enc)d->chp[i].enc;
        if (d->chp[i].istd != 0xFFFF) {
            int e = (int)style_enc(d, d->chp[i].istd);
            if (e >= 0)
                return (decode_enc)e;
        }
    }
    i = find_run(d->pap, d->npap, fc, &cu->pap);
    int e = (int)style_enc(d, i >= 0 ? d->pap[i].istd : 0);
    if (e >= 0)
        return (decode_enc)e;
    return d->defenc > 0 ? (decode_enc)d->defenc : ENC_UNKNOWN;
}

/* ------------------------------------------------------------- stories -- */

/* Output of one story: UTF-8 through the builder, or for Word 6/95 the raw
** bytes, whose code page only the scanner's detector can guess. */
typedef struct sink {
    ole2_tb tb;
    int raw;
    unsigned char *p;
    size_t len, cap;
    int err;
    /* Fields: 1 while in the code of the field at that depth. */
    uint8_t code[FIELD_DEPTH];
    unsigned depth, over, incode;
    uint32_t *held;      /* code characters, with their encodings */
    uint8_t *held_enc;
    size_t nheld;
    uint32_t hi; /* pending high surrogate */
} sink;

static void raw_put(sink *s, unsigned char b)
{
    if (s->err)
        return;
    if (s->len == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4096;
        unsigned char *p = realloc(s->p, cap);
        if (!p) {
            s->err = DOC_NOMEM;
            return;
        }
        s->p = p;
        s->cap = cap;
    }
    s->p[s->len++] = b;
}

static void sink_put(sink *s, uint32_t cp, decode_enc enc)
{
    if (s->raw) {
        if (cp < 0x100)
            raw_put(s, (unsigned char)cp);
    } else {
        ole2_tb_cp(&s->tb, cp, enc);
    }
}

static void story_char(sink *s, uint32_t raw, uint32_t cp, decode_enc enc);

/* Hand on held field code as text, and forget the fields it was in. */
static void release_code(sink *s)
{
    size_t n = s->nheld;
    s->nheld = 0;
    s->depth = s->over = s->incode = 0;
    for (size_t i = 0; i < n; i++)
        story_char(s, s->held[i], s->held[i], (decode_enc)s->held_enc[i]);
}

static void hold_code(sink *s, uint32_t raw, decode_enc enc)
{
    if (!s->held) {
        s->held = malloc(FIELD_CODE_MAX * sizeof *s->held);
        s->held_enc = malloc(FIELD_CODE_MAX);
        if (!s->held || !s->held_enc) {
            s->err = DOC_NOMEM;
            return;
        }
    }
    if (s->nheld == FIELD_CODE_MAX) {
        release_code(s);
        story_char(s, raw, raw, enc);
        return;
    }
    s->held[s->nheld] = raw;
    s->held_enc[s->nheld++] = (uint8_t)enc;
}

/*
** One character of a story: `cp` is the code point (8-bit pieces already
** mapped through Windows-1252), `raw` the stored unit for control checks.
*/
static void story_char(sink *s, uint32_t raw, uint32_t cp, decode_enc enc)
{
    switch (raw) {
    case 0x13: /* field begin: code follows */
        if (s->depth < FIELD_DEPTH) {
            s->code[s->depth++] = 1;
            s->incode++;
        } else {
            s->over++;
        }
        return;
    case 0x14: /* separator: the result follows */
        if (s->over)
            return;
        if (s->depth && s->code[s->depth - 1]) {
            s->code[s->depth - 1] = 0;
            if (--s->incode == 0)
                s->nheld = 0;
        }
        return;
    case 0x15:
        if (s->over)
            s->over--;
        else if (s->depth && s->code[--s->depth] && --s->incode == 0)
            s->nheld = 0;
        return;
    default:
        break;
    }
    if (s->incode) {
        /* 8-bit pieces are held as code points: raw and cp then agree. */
        hold_code(s, cp, enc);
        return;
    }
    if (raw >= 0xD800 && raw <= 0xDBFF) {
        s->hi = raw;
        return;
    }
    if (raw >= 0xDC00 && raw <= 0xDFFF) {
        if (s->hi)
            cp = 0x10000 + ((s->hi - 0xD800) << 10) + (raw - 0xDC00);
        else
            cp = 0xFFFD;
        s->hi = 0;
        sink_put(s, cp, enc);
        return;
    }
    if (s->hi) {
        sink_put(s, 0xFFFD, enc);
        s->hi = 0;
    }
    switch (raw) {
    case 0x0D: case 0x07: case 0x0B: case 0x0C: case 0x0E:
        /* paragraph, cell/row, line, page/section, column break */
        sink_put(s, '\n', enc);
        return;
    case 0x09:
        sink_put(s, '\t', enc);
        return;
    case 0x1E: /* non-breaking hyphen */
        sink_put(s, '-', enc);
        return;
    case 0x1F: /* optional hyphen: in TCVN3 the letter ư */
        if (enc != ENC_UNKNOWN || s->raw)
            sink_put(s, 0xAD, enc);
        return;
    default:
        break;
    }
    if (raw < 0x20)
        return; /* anchors of pictures, notes, comments, drawn objects */
    sink_put(s, cp, enc);
}

static int emit_range(wdoc *d, int r, uint32_t a, uint32_t b)
{
    const char *part = RANGE_PART[r];
    sink s;
    memset(&s, 0, sizeof s);
    s.raw = d->word6;
    ole2_tb_init(&s.tb, d->c, part);
    cursor cu = {0, 0};
    uint32_t done = a;

    /* First piece ending after a (pieces are sorted and do not overlap). */
    size_t lo = 0, hi = d->npcd;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->pcd[mid].cp1 <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo; k < d->npcd && d->pcd[k].cp0 < b; k++) {
        if (doc_stop(d->c) || s.tb.stop || s.tb.err || s.err)
            break;
        const pcd *p = &d->pcd[k];
        uint32_t s0 = p->cp0 > a ? p->cp0 : a, s1 = p->cp1 < b ? p->cp1 : b;
        uint64_t unit = p->wide ? 2 : 1;
        uint64_t beg = p->off + (uint64_t)(s0 - p->cp0) * unit;
        uint64_t end = p->off + (uint64_t)(s1 - p->cp0) * unit;
        if (end > d->wlen) {
            if (!d->cut_reported++)
                doc_unscanned(d->c, "Word text past the end of the WordDocument "
                              "stream not scanned (piece %zu)", k);
            end = beg > d->wlen ? beg : d->wlen - (d->wlen - beg) % unit;
        }
        for (uint64_t o = beg; o < end; o += unit) {
            decode_enc enc = d->fonts ? enc_at(d, (uint32_t)o, &cu) : ENC_UNKNOWN;
            if (p->wide) {
                uint32_t u = doc_le16(d->w + o);
                story_char(&s, u, u, enc);
            } else {
                uint32_t u = d->w[o];
                story_char(&s, u, s.raw ? u : d->cmap[u], enc);
            }
        }
        done = s1;
    }
    if (s.incode)
        release_code(&s); /* a field left open shows its code */
    free(s.held);
    free(s.held_enc);
    if (done < b && !doc_stop(d->c) && !s.tb.stop && !d->cut_reported++)
        doc_unscanned(d->c, "Word %s text beyond the piece table not scanned "
                      "(characters %u-%u)", part, done, b);
    int rc = DOC_OK;
    if (s.raw) {
        size_t i = 0;
        while (i < s.len && (s.p[i] == '\n' || s.p[i] == ' ' || s.p[i] == '\t'))
            i++;
        if (s.err)
            rc = DOC_NOMEM;
        else if (i < s.len && !doc_stop(d->c))
            rc = doc_text_bytes(d->c, part, 0, s.p, s.len, NULL) == DOC_NOMEM
                     ? DOC_NOMEM : DOC_OK;
        free(s.p);
        ole2_tb_free(&s.tb);
    } else {
        rc = ole2_tb_end(&s.tb);
    }
    return rc;
}

static int word_text(wdoc *d)
{
    uint32_t at = 0;
    for (int r = 0; r < R_COUNT; r++) {
        uint32_t n = d->ccp[r];
        if (n > UINT32_MAX - at)
            return doc_corrupt(d->c, "bad Word FIB: text lengths overflow");
        if (n && RANGE_PART[r]) {
            int rc = emit_range(d, r, at, at + n);
            if (rc != DOC_OK)
                return rc;
            if (doc_stop(d->c))
                return DOC_OK;
        }
        at += n;
    }
    return DOC_OK;
}

/* ---------------------------------------------------------------- Word -- */

static int word_streams(wdoc *d, ole2 *f, ole2_stream *ws, ole2_stream *ts)
{
    char why[200];
    uint32_t wid = ole2_find(f, OLE2_ROOT, "WordDocument");
    int rc = ole2_read(f, wid, ws, why, sizeof why);
    if (rc == OLE2_NOMEM)
        return DOC_NOMEM;
    if (rc)
        return doc_corrupt(d->c, "corrupt Word document: %s", why);
    d->w = ws->data;
    d->wlen = ws->len;
    if (d->wlen < 0x20 || doc_le16(d->w) != FIB_IDENT)
        return doc_corrupt(d->c, "corrupt Word document: no FIB at the start of "
                           "the WordDocument stream");
    uint16_t nfib = doc_le16(d->w + 2), flags = doc_le16(d->w + 0x0A);
    if (flags & 0x0100 || flags & 0x8000) {
        doc_unscanned(d->c, "encrypted Word document");
        return DONE;
    }
    if (nfib < 0x0065) {
        doc_unscanned(d->c, "Word document older than Word 6 (nFib %u) not scanned",
                      nfib);
        return DONE;
    }
    if (nfib <= NFIB_MAX_WORD6) {
        d->word6 = 1;
        d->t = d->w; /* Word 6/95 keep their tables in WordDocument */
        d->tlen = d->wlen;
        return DOC_OK;
    }
    const char *tn = flags & 0x0200 ? "1Table" : "0Table";
    uint32_t tid = ole2_find(f, OLE2_ROOT, tn);
    if (tid == OLE2_NONE)
        return doc_corrupt(d->c, "corrupt Word document: no %s stream", tn);
    rc = ole2_read(f, tid, ts, why, sizeof why);
    if (rc == OLE2_NOMEM)
        return DOC_NOMEM;
    if (rc)
        return doc_corrupt(d->c, "corrupt Word document: %s", why);
    d->t = ts->data;
    d->tlen = ts->len;
    return DOC_OK;
}

/* Word 6/95: FIB offsets of that version (fcMin, ccp*, fcClx). */
static int word6_setup(wdoc *d)
{
    if (d->wlen < 0x168)
        return doc_corrupt(d->c, "corrupt Word 6/95 document: FIB truncated");
    for (int r = 0; r < R_COUNT; r++)
        d->ccp[r] = doc_le32(d->w + 0x34 + 4 * r);
    uint32_t fcmin = doc_le32(d->w + 0x18);
    uint32_t fcclx = doc_le32(d->w + 0x160), lcbclx = doc_le32(d->w + 0x164);
    if ((doc_le16(d->w + 0x0A) & 0x0004) && lcbclx && fcclx <= d->wlen &&
        lcbclx <= d->wlen - fcclx)
        return load_pieces(d, d->w + fcclx, lcbclx, 1);
    /* Not fast-saved: the text runs from fcMin, one byte a character. */
    uint64_t total = 0;
    for (int r = 0; r < R_COUNT; r++)
        total += d->ccp[r];
    if (!(d->pcd = malloc(sizeof *d->pcd)))
        return DOC_NOMEM;
    d->pcd[0].cp0 = 0;
    d->pcd[0].cp1 = total > UINT32_MAX ? UINT32_MAX : (uint32_t)total;
    d->pcd[0].off = fcmin;
    d->pcd[0].wide = 0;
    d->npcd = 1;
    return DOC_OK;
}

static int word_setup(wdoc *d)
{
    fib fb;
    if (fib_parse(d->w, d->wlen, &fb))
        return doc_corrupt(d->c, "corrupt Word document: FIB truncated");
    for (int r = 0; r < R_COUNT; r++)
        d->ccp[r] = (size_t)r + 3 < fb.ncslw ? doc_le32(d->w + fb.lw + 4 * (3 + r)) : 0;
    uint32_t fc, lcb;
    if (!fclcb(d, &fb, 33, &fc, &lcb))
        return doc_corrupt(d->c, "corrupt Word document: no piece table (CLX)");
    int rc = load_pieces(d, d->t + fc, lcb, 0);
    if (rc != DOC_OK)
        return rc;
    if (fclcb(d, &fb, 15, &fc, &lcb) && (rc = load_fonts(d, d->t + fc, lcb)))
        return rc;
    if (!d->fonts)
        return DOC_OK; /* no legacy font: every run is Unicode */
    if (fclcb(d, &fb, 1, &fc, &lcb) && (rc = load_styles(d, d->t + fc, lcb)))
        return rc;
    if (fclcb(d, &fb, 12, &fc, &lcb) && (rc = load_fkps(d, d->t + fc, lcb, 0)))
        return rc;
    if (fclcb(d, &fb, 13, &fc, &lcb) && (rc = load_fkps(d, d->t + fc, lcb, 1)))
        return rc;
    return DOC_OK;
}

/* Embedded objects: the storages under ObjectPool, one file each. */
static int word_objects(doc_ctx *c, ole2 *f)
{
    uint32_t pool = ole2_find(f, OLE2_ROOT, "ObjectPool");
    if (!ole2_is_storage(f, pool))
        return DOC_OK;
    for (uint32_t o = ole2_next_child(f, pool, OLE2_NONE); o != OLE2_NONE;
         o = ole2_next_child(f, pool, o)) {
        if (doc_stop(c))
            break;
        if (!ole2_is_storage(f, o))
            continue;
        char name[160];
        snprintf(name, sizeof name, "ObjectPool/%s", ole2_name(f, o));
        if (ole2_emit_object(c, f, o, name) != DOC_OK)
            return DOC_NOMEM;
    }
    return DOC_OK;
}

static int word_extract(doc_ctx *c, ole2 *f)
{
    wdoc d;
    ole2_stream ws = {0}, ts = {0};
    memset(&d, 0, sizeof d);
    d.c = c;
    d.defenc = -1;
    int rc = ole2_emit_summary(c, f);
    if (rc == DOC_OK)
        rc = word_streams(&d, f, &ws, &ts);
    if (rc == DONE) {
        rc = DOC_OK;
        goto done;
    }
    if (rc != DOC_OK)
        goto done;
    if (ole2_charset_map(ENC_CP1252, d.cmap)) {
        rc = DOC_NOMEM;
        goto done;
    }
    rc = d.word6 ? word6_setup(&d) : word_setup(&d);
    if (rc == DOC_OK)
        rc = word_text(&d);
    if (rc == DOC_OK)
        rc = word_objects(c, f);
done:
    free(d.pcd);
    free(d.fenc);
    free(d.stenc);
    free(d.chp);
    free(d.pap);
    ole2_stream_free(&ws);
    ole2_stream_free(&ts);
    return rc;
}

/* ---------------------------------------------------------- PowerPoint -- */

/*
** PowerPoint 97-2003 (.ppt) reaches us as an OLE2 file too. Its text sits in
** atoms of the "PowerPoint Document" record stream: placeholders in the
** SlideListWithText of the Document, text boxes in each slide's drawing,
** notes, masters, and the header/footer strings. One linear walk through
** the records (containers are entered, atoms read or skipped) finds them
** all; a piece per slide (part "slides", page = slide number, counted by
** SlidePersistAtom in the list and by Slide container in the drawings),
** per notes page ("notes", page = the slide its NotesAtom names), and
** "masters", "headers". Slides are numbered in stream order, which is
** slide order in a file saved whole; after incremental saves, older
** versions of edited slides are read too (more text, never less). Fonts
** are not followed: look-alike text is left to the scanner's detector.
*/
enum {
    RT_DOCUMENT = 0x03E8, RT_SLIDE = 0x03EE, RT_NOTES = 0x03F0,
    RT_NOTESATOM = 0x03F1, RT_SLIDEPERSIST = 0x03F3, RT_MAINMASTER = 0x03F8, RT_SLWT = 0x0FF0,
    RT_TEXTCHARS = 0x0FA0, RT_TEXTBYTES = 0x0FA8, RT_CSTRING = 0x0FBA,
    RT_HEADERSFOOTERS = 0x0FD9, RT_EXOLEOBJSTG = 0x1011, RT_CRYPT = 0x2F14
};

#define PPT_DEPTH 64
#define PPT_SLIDES 4096 /* slide ids remembered to number notes pages */
#define NOTES_MASTER 0xFFFFFFFFu

typedef struct ppt {
    doc_ctx *c;
    ole2_tb tb;
    int open;
    const char *part;
    uint32_t slides, list_slides, notes, objects;
    int err;
} ppt;

static void ppt_switch(ppt *p, const char *part, uint32_t page)
{
    if (p->open && !strcmp(p->part, part) && p->tb.page == page)
        return;
    if (p->open && ole2_tb_end(&p->tb) != DOC_OK)
        p->err = DOC_NOMEM;
    ole2_tb_init(&p->tb, p->c, part);
    p->tb.page = page;
    p->part = part;
    p->open = 1;
}

static void ppt_text(ppt *p, const unsigned char *d, size_t n, int wide)
{
    size_t unit = wide ? 2 : 1;
    uint32_t hi = 0;
    for (size_t i = 0; i + unit <= n; i += unit) {
        uint32_t u = wide ? doc_le16(d + i) : d[i];
        if (u >= 0xD800 && u <= 0xDBFF) {
            hi = u;
            continue;
        }
        if (u >= 0xDC00 && u <= 0xDFFF)
            u = hi ? 0x10000 + ((hi - 0xD800) << 10) + (u - 0xDC00) : 0xFFFD;
        hi = 0;
        if (u == '\r' || u == 0x0B)
            u = '\n';
        else if (u < 0x20 && u != '\t')
            continue;
        ole2_tb_cp(&p->tb, u, ENC_UNKNOWN);
    }
    ole2_tb_eol(&p->tb);
}

/* ExOleObjStg: an embedded OLE object, zlib-compressed when instance is 1
** (the uncompressed size first). Decompressed at most max_ratio times its
** compressed size, and accounted with doc_budget. */
static void ppt_object(ppt *p, const unsigned char *d, size_t n, unsigned inst)
{
    char name[48];
    snprintf(name, sizeof name, "embedded object %u", ++p->objects);
    if (inst != 1) {
        if (doc_file(p->c, name, d, n) == DOC_NOMEM)
            p->err = DOC_NOMEM;
        return;
    }
    if (n < 4)
        return;
    uint64_t want = doc_le32(d), cap = (uint64_t)(n - 4) * doc_limits(p->c)->max_ratio;
    if (want > cap) {
        doc_unscanned(p->c, "%s: compression ratio > %u", name, doc_limits(p->c)->max_ratio);
        return;
    }
    if (doc_budget(p->c, want) != 0)
        return;
    unsigned char *out = malloc(want ? (size_t)want : 1);
    if (!out) {
        p->err = DOC_NOMEM;
        return;
    }
    z_stream z;
    memset(&z, 0, sizeof z);
    int zr = inflateInit(&z);
    if (zr == Z_OK) {
        z.next_in = (unsigned char *)(uintptr_t)(d + 4);
        z.avail_in = (uInt)(n - 4 > UINT32_MAX ? UINT32_MAX : n - 4);
        z.next_out = out;
        z.avail_out = (uInt)want;
        zr = inflate(&z, Z_FINISH);
        inflateEnd(&z);
    }
    if (zr == Z_STREAM_END || (zr == Z_BUF_ERROR && z.total_out == want)) {
        if (doc_file(p->c, name, out, (size_t)z.total_out) == DOC_NOMEM)
            p->err = DOC_NOMEM;
    } else if (zr == Z_MEM_ERROR) {
        p->err = DOC_NOMEM;
    } else {
        doc_unscanned(p->c, "%s not scanned: bad compressed data", name);
    }
    free(out);
}

static int ppt_extract(doc_ctx *c, ole2 *f)
{
    char why[200];
    ole2_stream st = {0};
    int rc = ole2_emit_summary(c, f);
    if (rc != DOC_OK)
        return rc;
    if (ole2_find(f, OLE2_ROOT, "EncryptedSummary") != OLE2_NONE) {
        doc_unscanned(c, "encrypted PowerPoint presentation");
        return DOC_OK;
    }
    uint32_t id = ole2_find(f, OLE2_ROOT, "PowerPoint Document");
    rc = ole2_read(f, id, &st, why, sizeof why);
    if (rc == OLE2_NOMEM)
        return DOC_NOMEM;
    if (rc)
        return doc_corrupt(c, "corrupt PowerPoint presentation: %s", why);
    ppt p;
    memset(&p, 0, sizeof p);
    p.c = c;
    struct { size_t end; uint16_t type, inst; uint32_t num; } stk[PPT_DEPTH];
    unsigned depth = 0, deep = 0;
    /* Slide ids of the slide list, sorted, with their slide numbers. */
    uint32_t list_notes = 0, nids = 0;
    uint32_t(*ids)[2] = malloc(PPT_SLIDES * sizeof *ids);
    if (!ids) {
        ole2_stream_free(&st);
        return DOC_NOMEM;
    }
    const unsigned char *s = st.data;
    size_t n = st.len, pos = 0, nrec = 0;
    while (pos + 8 <= n && !p.err) {
        while (depth && pos >= stk[depth - 1].end)
            depth--;
        if ((++nrec & 0xFFF) == 0 && (doc_stop(c) || (p.open && p.tb.stop)))
            break;
        uint16_t vi = doc_le16(s + pos), type = doc_le16(s + pos + 2);
        size_t len = doc_le32(s + pos + 4), body = pos + 8;
        if (len > n - body)
            len = n - body; /* a record cut by the end: read what is there */
        if (type == RT_CRYPT) {
            doc_unscanned(c, "encrypted PowerPoint presentation");
            break;
        }
        if ((vi & 0xF) == 0xF) {
            if (depth == PPT_DEPTH) {
                if (!deep++)
                    doc_unscanned(c, "PowerPoint records nested deeper than %d not "
                                  "scanned", PPT_DEPTH);
                pos = body + len;
                continue;
            }
            stk[depth].end = body + len;
            stk[depth].type = type;
            stk[depth].inst = vi >> 4;
            /* Notes are numbered by their NotesAtom, which names the slide. */
            stk[depth].num = type == RT_SLIDE ? ++p.slides : 0;
            depth++;
            pos = body;
            continue;
        }
        /* Where text belongs: the innermost container that says so. */
        const char *part = "presentation";
        uint32_t page = 0;
        int list = -1;
        for (unsigned k = depth; k-- > 0;) {
            uint16_t t = stk[k].type;
            if (t == RT_HEADERSFOOTERS) {
                part = "headers";
            } else if (t == RT_SLWT) {
                list = stk[k].inst;
                part = list == 0 ? "slides" : list == 2 ? "notes" : "masters";
                page = list == 0 ? p.list_slides : list == 2 ? list_notes : 0;
            } else if (t == RT_SLIDE || t == RT_NOTES) {
                part = t == RT_SLIDE ? "slides" : "notes";
                page = stk[k].num;
                if (t == RT_NOTES && page == NOTES_MASTER) {
                    part = "masters";
                    page = 0;
                }
            } else if (t == RT_MAINMASTER) {
                part = "masters";
            } else {
                continue;
            }
            break;
        }
        if (type == RT_SLIDEPERSIST && list == 0) {
            p.list_slides++;
            if (nids < PPT_SLIDES && len >= 16) {
                uint32_t sid = doc_le32(s + body + 12), k = nids++;
                for (; k && ids[k - 1][0] > sid; k--)
                    memcpy(ids[k], ids[k - 1], sizeof *ids);
                ids[k][0] = sid;
                ids[k][1] = p.list_slides;
            }
        } else if (type == RT_SLIDEPERSIST && list == 2) {
            list_notes++;
        } else if (type == RT_NOTESATOM && depth && stk[depth - 1].type == RT_NOTES &&
                   len >= 4) {
            /* A slideIdRef of 0 or a master's id (0x80000000 up) marks the
            ** notes master; else the slide it belongs to, by its place in
            ** the slide list (or in notes order). */
            uint32_t ref = doc_le32(s + body), num = NOTES_MASTER;
            if (ref && ref < 0x80000000u) {
                num = ++p.notes;
                uint32_t lo = 0, hi = nids;
                while (lo < hi) {
                    uint32_t mid = lo + (hi - lo) / 2;
                    if (ids[mid][0] < ref)
                        lo = mid + 1;
                    else
                        hi = mid;
                }
                if (lo < nids && ids[lo][0] == ref)
                    num = ids[lo][1];
            }
            stk[depth - 1].num = num;
        }
        if (type == RT_TEXTCHARS || type == RT_TEXTBYTES ||
            (type == RT_CSTRING && !strcmp(part, "headers"))) {
            ppt_switch(&p, part, page);
            ppt_text(&p, s + body, len, type != RT_TEXTBYTES);
        } else if (type == RT_EXOLEOBJSTG) {
            ppt_object(&p, s + body, len, vi >> 4);
        }
        pos = body + len;
    }
    if (p.open && ole2_tb_end(&p.tb) != DOC_OK)
        p.err = DOC_NOMEM;
    free(ids);
    ole2_stream_free(&st);
    return p.err ? DOC_NOMEM : DOC_OK;
}

/* ---------------------------------------------------------- dispatcher -- */

int msdoc_extract(doc_ctx *c, const unsigned char *data, size_t len)
{
    ole2 *f;
    int rc = ole2_open_doc(&f, c, data, len);
    if (rc != DOC_OK)
        return rc;
    if (ole2_find(f, OLE2_ROOT, "EncryptionInfo") != OLE2_NONE &&
        ole2_find(f, OLE2_ROOT, "EncryptedPackage") != OLE2_NONE) {
        ole2_close(f);
        doc_unscanned(c, "encrypted Office document (password-protected .docx/.xlsx)");
        return DOC_OK;
    }
    if (ole2_is_stream(f, ole2_find(f, OLE2_ROOT, "WordDocument"))) {
        rc = word_extract(c, f);
        ole2_close(f);
        return rc;
    }
    if (ole2_is_stream(f, ole2_find(f, OLE2_ROOT, "PowerPoint Document"))) {
        rc = ppt_extract(c, f);
        ole2_close(f);
        return rc;
    }
    int book = ole2_is_stream(f, ole2_find(f, OLE2_ROOT, "Workbook")) ||
               ole2_is_stream(f, ole2_find(f, OLE2_ROOT, "Book"));
    ole2_close(f);
    if (book)
        return msxls_extract(c, data, len);
    doc_unscanned(c, "OLE2 compound file without a Word, Excel or PowerPoint stream "
                  "not scanned");
    return DOC_OK;
}

/*
** 2026-11-25
**
** rtf.c: Rich Text Format -> text pieces (see doc.h).
**
** Takes the bytes of an RTF document and hands on what a reader sees: the
** body as piece "main", page headers and footers as "headers", footnotes and
** endnotes as "footnotes", comments as "comments", text boxes (\shptxt,
** \dptxbxtext) as "textboxes", and \info title, subject, keywords and
** comments as "metadata". \par, \line, \cell, \row and page/section breaks
** become '\n', so a stamp in its own paragraph or table cell stays on its
** own line. Of a field only the result (\fldrslt) is kept.
**
** A real tokenizer: groups, control words with numeric parameters, control
** symbols, \binN data. Group state (destination, font, \ucN) lives on an
** explicit stack of at most RTF_MAX_DEPTH groups; deeper nesting is reported
** unscanned and parsing stops there, never a stack overflow. Destinations
** that hold no visible text - \* ones we do not know, the font, colour and
** style tables, pictures, object data, field instructions, shape properties -
** are skipped; the font table is read first for names and \fcharset.
**
** Bytes (\'hh and raw 8-bit) are decoded by the current font's charset
** (\fcharset163 = Windows-1258, 0 = Windows-1252, 1 = the document's
** \ansicpgN). Text in a legacy-named font (.VnTime, VNI-Times) is taken as
** the Windows-1252 look-alikes it is stored as and converted through
** decode_font_text; there \- (which writers emit for the byte 0xAD, TCVN3's
** letter ư) is kept as that byte. \uN is decoded and its \ucN fallback
** skipped. Embedded objects (\objdata) are not decoded: each document that
** has them gets one "embedded object not scanned".
**
** It never prints, never exits, and reads each input byte once.
*/
#include "ole2.h"

#include <stdlib.h>
#include <string.h>

/*
** Nesting of RTF groups. Word nests a few dozen deep (tables in tables,
** fields in shapes); 1,000 is far beyond any real document and keeps the
** stack at a few kilobytes. Deeper input is a parser bomb: reported, and
** the text read so far is still handed on.
*/
#define RTF_MAX_DEPTH 1000
#define MAX_FONTS 4096
#define WORD_MAX 32

/* Where text goes. The first ones are pieces. */
enum {
    O_MAIN, O_HEADERS, O_FOOTNOTES, O_COMMENTS, O_TEXTBOXES, O_META, O_NOUT,
    D_SKIP = O_NOUT, D_FONTTBL, D_INFO, D_UPR
};

static const char *const OUT_PART[O_NOUT] = {
    "main", "headers", "footnotes", "comments", "textboxes", "metadata"};

typedef struct gstate {
    uint8_t dest;
    uint8_t prev;   /* the destination \upr replaced, restored by \ud */
    uint8_t uc;     /* fallback characters after \uN */
    int32_t font;   /* font number, -1 for the default */
} gstate;

typedef struct font {
    int32_t num;
    decode_enc charset;  /* ENC_CP1252 or ENC_CP1258; -1: the document's */
    decode_enc legacy;   /* from the name */
    char name[64];
    size_t nlen;
} font;

typedef struct rtf {
    doc_ctx *c;
    const unsigned char *s;
    size_t len, pos;
    gstate *st;
    unsigned depth;
    int group_start, star;
    font *fonts;
    size_t nfont;
    int sorted;
    font *cur;            /* entry being read in the font table */
    int32_t deff;
    decode_enc ansi;      /* \ansicpgN */
    uint32_t map1252[256], map1258[256];
    ole2_tb out[O_NOUT];
    unsigned skip;        /* \uN fallback characters still to skip */
    uint32_t hi;          /* pending high surrogate from \uN */
    unsigned objects;
    int err;
    /* Resolved current font, cached per (group font) value. */
    int32_t cfont;
    const font *cf;
} rtf;

/* ------------------------------------------------------------- fonts -- */

static int font_cmp(const void *a, const void *b)
{
    const font *x = a, *y = b;
    return x->num < y->num ? -1 : x->num > y->num;
}

static const font *font_get(rtf *r, int32_t num)
{
    if (num < 0)
        num = r->deff;
    if (num == r->cfont && r->cf)
        return r->cf;
    if (!r->sorted) {
        if (r->nfont > 1)
            qsort(r->fonts, r->nfont, sizeof *r->fonts, font_cmp);
        r->sorted = 1;
    }
    size_t lo = 0, hi = r->nfont;
    const font *f = NULL;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->fonts[mid].num < num)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < r->nfont && r->fonts[lo].num == num)
        f = &r->fonts[lo];
    r->cfont = num;
    r->cf = f;
    return f;
}

static void font_begin(rtf *r, int32_t num)
{
    if (!r->fonts || r->nfont >= MAX_FONTS) {
        r->cur = NULL;
        return;
    }
    font *f = &r->fonts[r->nfont++];
    memset(f, 0, sizeof *f);
    f->num = num;
    f->charset = (decode_enc)-1;
    f->legacy = ENC_UNKNOWN;
    r->cur = f;
    r->sorted = 0;
    r->cf = NULL;
}

static void font_char(rtf *r, unsigned char b)
{
    font *f = r->cur;
    if (!f)
        return;
    if (b == ';') {
        f->name[f->nlen] = 0;
        f->legacy = decode_font_enc(f->name);
        r->cur = NULL;
        return;
    }
    if (f->nlen + 1 < sizeof f->name && !(f->nlen == 0 && b == ' '))
        f->name[f->nlen++] = (char)b;
    f->name[f->nlen] = 0;
    f->legacy = decode_font_enc(f->name);
}

static decode_enc charset_enc(long cs)
{
    switch (cs) {
    case 1:
        return (decode_enc)-1; /* the document's default */
    case 163:
        return ENC_CP1258;
    default:
        return ENC_CP1252; /* others cannot carry Vietnamese anyway */
    }
}

/* ------------------------------------------------------------ output -- */

static ole2_tb *dest_out(rtf *r)
{
    unsigned d = r->st[r->depth].dest;
    return d < O_NOUT ? &r->out[d] : NULL;
}

static void put_cp(rtf *r, uint32_t cp)
{
    ole2_tb *b = dest_out(r);
    if (!b)
        return;
    const font *f = font_get(r, r->st[r->depth].font);
    ole2_tb_cp(b, cp, f ? f->legacy : ENC_UNKNOWN);
}

/* One byte of text, in the current font's charset. */
static void put_byte(rtf *r, unsigned char c)
{
    gstate *g = &r->st[r->depth];
    if (g->dest == D_FONTTBL) {
        font_char(r, c);
        return;
    }
    if (r->skip) {
        r->skip--;
        return;
    }
    ole2_tb *b = dest_out(r);
    if (!b)
        return;
    const font *f = font_get(r, g->font);
    decode_enc leg = f ? f->legacy : ENC_UNKNOWN;
    decode_enc cs = leg != ENC_UNKNOWN ? ENC_CP1252
                    : f && (int)f->charset >= 0 ? f->charset : r->ansi;
    ole2_tb_cp(b, cs == ENC_CP1258 ? r->map1258[c] : r->map1252[c], leg);
}

static void put_eol(rtf *r)
{
    ole2_tb *b = dest_out(r);
    if (b)
        ole2_tb_cp(b, '\n', b->run);
}

/* ------------------------------------------------------ control words -- */

/* What a control word does in text (W_) and at the start of a group (X_). */
enum { W_NONE, W_U, W_UC, W_BIN, W_F, W_PLAIN, W_DEFF, W_ANSICPG, W_FCHARSET,
       W_CPG, W_BREAK, W_CHAR };
enum { X_NONE, X_TEXT, X_TRANSPARENT, X_SKIP, X_FONTTBL, X_INFO, X_UPR, X_UD,
       X_OBJDATA };

typedef struct word {
    const char *w;
    uint8_t act;   /* W_ */
    uint8_t dest;  /* X_ */
    uint32_t val;  /* the character of W_CHAR, the piece of X_TEXT */
} word;

/*
** Every control word that matters, sorted by strcmp (LC_ALL=C sort) for
** binary search: the thousands of formatting words a document uses find
** nothing here in about seven comparisons. X_TEXT destinations hold shown text, each
** going to its piece; X_TRANSPARENT ones are containers of shown text
** even under \*; X_SKIP ones hold none (tables, pictures, field
** instructions, shape properties, document variables, revision data).
*/
static const word WORDS[] = {
    {"aftnsep", W_NONE, X_SKIP, 0},
    {"aftnsepc", W_NONE, X_SKIP, 0},
    {"annotation", W_NONE, X_TEXT, O_COMMENTS},
    {"ansicpg", W_ANSICPG, X_NONE, 0},
    {"atnauthor", W_NONE, X_SKIP, 0},
    {"atndate", W_NONE, X_SKIP, 0},
    {"atnicn", W_NONE, X_SKIP, 0},
    {"atnid", W_NONE, X_SKIP, 0},
    {"atrfend", W_NONE, X_SKIP, 0},
    {"atrfstart", W_NONE, X_SKIP, 0},
    {"author", W_NONE, X_SKIP, 0},
    {"background", W_NONE, X_SKIP, 0},
    {"bin", W_BIN, X_NONE, 0},
    {"bkmkend", W_NONE, X_SKIP, 0},
    {"bkmkstart", W_NONE, X_SKIP, 0},
    {"blipuid", W_NONE, X_SKIP, 0},
    {"bullet", W_CHAR, X_NONE, 0x2022},
    {"buptim", W_NONE, X_SKIP, 0},
    {"category", W_NONE, X_SKIP, 0},
    {"cell", W_BREAK, X_NONE, 0},
    {"colorschememapping", W_NONE, X_SKIP, 0},
    {"colortbl", W_NONE, X_SKIP, 0},
    {"column", W_BREAK, X_NONE, 0},
    {"comment", W_NONE, X_SKIP, 0},
    {"company", W_NONE, X_SKIP, 0},
    {"cpg", W_CPG, X_NONE, 0},
    {"creatim", W_NONE, X_SKIP, 0},
    {"datastore", W_NONE, X_SKIP, 0},
    {"deff", W_DEFF, X_NONE, 0},
    {"do", W_NONE, X_TRANSPARENT, 0},
    {"doccomm", W_NONE, X_TEXT, O_META},
    {"docvar", W_NONE, X_SKIP, 0},
    {"dptxbxtext", W_NONE, X_TEXT, O_TEXTBOXES},
    {"emdash", W_CHAR, X_NONE, 0x2014},
    {"emspace", W_CHAR, X_NONE, 0x2003},
    {"endash", W_CHAR, X_NONE, 0x2013},
    {"enspace", W_CHAR, X_NONE, 0x2002},
    {"f", W_F, X_NONE, 0},
    {"falt", W_NONE, X_SKIP, 0},
    {"fchars", W_NONE, X_SKIP, 0},
    {"fcharset", W_FCHARSET, X_NONE, 0},
    {"field", W_NONE, X_TRANSPARENT, 0},
    {"filetbl", W_NONE, X_SKIP, 0},
    {"fldinst", W_NONE, X_SKIP, 0},
    {"fldrslt", W_NONE, X_TRANSPARENT, 0},
    {"fonttbl", W_NONE, X_FONTTBL, 0},
    {"footer", W_NONE, X_TEXT, O_HEADERS},
    {"footerf", W_NONE, X_TEXT, O_HEADERS},
    {"footerl", W_NONE, X_TEXT, O_HEADERS},
    {"footerr", W_NONE, X_TEXT, O_HEADERS},
    {"footnote", W_NONE, X_TEXT, O_FOOTNOTES},
    {"ftnsep", W_NONE, X_SKIP, 0},
    {"ftnsepc", W_NONE, X_SKIP, 0},
    {"generator", W_NONE, X_SKIP, 0},
    {"header", W_NONE, X_TEXT, O_HEADERS},
    {"headerf", W_NONE, X_TEXT, O_HEADERS},
    {"headerl", W_NONE, X_TEXT, O_HEADERS},
    {"headerr", W_NONE, X_TEXT, O_HEADERS},
    {"hlinkbase", W_NONE, X_SKIP, 0},
    {"info", W_NONE, X_INFO, 0},
    {"keywords", W_NONE, X_TEXT, O_META},
    {"latentstyles", W_NONE, X_SKIP, 0},
    {"lbr", W_BREAK, X_NONE, 0},
    {"lchars", W_NONE, X_SKIP, 0},
    {"ldblquote", W_CHAR, X_NONE, 0x201C},
    {"line", W_BREAK, X_NONE, 0},
    {"listoverridetable", W_NONE, X_SKIP, 0},
    {"listpicture", W_NONE, X_SKIP, 0},
    {"listtable", W_NONE, X_SKIP, 0},
    {"listtext", W_NONE, X_TRANSPARENT, 0},
    {"lquote", W_CHAR, X_NONE, 0x2018},
    {"manager", W_NONE, X_SKIP, 0},
    {"mmathPr", W_NONE, X_SKIP, 0},
    {"nestcell", W_BREAK, X_NONE, 0},
    {"nestrow", W_BREAK, X_NONE, 0},
    {"nonshppict", W_NONE, X_SKIP, 0},
    {"objalias", W_NONE, X_SKIP, 0},
    {"objclass", W_NONE, X_SKIP, 0},
    {"objdata", W_NONE, X_OBJDATA, 0},
    {"object", W_NONE, X_TRANSPARENT, 0},
    {"objname", W_NONE, X_SKIP, 0},
    {"objsect", W_NONE, X_SKIP, 0},
    {"objtime", W_NONE, X_SKIP, 0},
    {"oldcprops", W_NONE, X_SKIP, 0},
    {"oldpprops", W_NONE, X_SKIP, 0},
    {"oldsprops", W_NONE, X_SKIP, 0},
    {"oldtprops", W_NONE, X_SKIP, 0},
    {"operator", W_NONE, X_SKIP, 0},
    {"page", W_BREAK, X_NONE, 0},
    {"panose", W_NONE, X_SKIP, 0},
    {"par", W_BREAK, X_NONE, 0},
    {"password", W_NONE, X_SKIP, 0},
    {"passwordhash", W_NONE, X_SKIP, 0},
    {"pgdsctbl", W_NONE, X_SKIP, 0},
    {"pict", W_NONE, X_SKIP, 0},
    {"plain", W_PLAIN, X_NONE, 0},
    {"pn", W_NONE, X_TRANSPARENT, 0},
    {"pnseclvl", W_NONE, X_SKIP, 0},
    {"pntxta", W_NONE, X_SKIP, 0},
    {"pntxtb", W_NONE, X_SKIP, 0},
    {"printim", W_NONE, X_SKIP, 0},
    {"private", W_NONE, X_SKIP, 0},
    {"protusertbl", W_NONE, X_SKIP, 0},
    {"qmspace", W_CHAR, X_NONE, 0x2005},
    {"rdblquote", W_CHAR, X_NONE, 0x201D},
    {"result", W_NONE, X_TRANSPARENT, 0},
    {"revtbl", W_NONE, X_SKIP, 0},
    {"revtim", W_NONE, X_SKIP, 0},
    {"row", W_BREAK, X_NONE, 0},
    {"rquote", W_CHAR, X_NONE, 0x2019},
    {"rsidtbl", W_NONE, X_SKIP, 0},
    {"sect", W_BREAK, X_NONE, 0},
    {"shp", W_NONE, X_TRANSPARENT, 0},
    {"shpgrp", W_NONE, X_TRANSPARENT, 0},
    {"shpinst", W_NONE, X_TRANSPARENT, 0},
    {"shppict", W_NONE, X_SKIP, 0},
    {"shprslt", W_NONE, X_SKIP, 0},
    {"shptxt", W_NONE, X_TEXT, O_TEXTBOXES},
    {"sn", W_NONE, X_SKIP, 0},
    {"softline", W_BREAK, X_NONE, 0},
    {"softpage", W_BREAK, X_NONE, 0},
    {"sp", W_NONE, X_SKIP, 0},
    {"stylesheet", W_NONE, X_SKIP, 0},
    {"subject", W_NONE, X_TEXT, O_META},
    {"sv", W_NONE, X_SKIP, 0},
    {"tab", W_CHAR, X_NONE, '\t'},
    {"tc", W_NONE, X_SKIP, 0},
    {"template", W_NONE, X_SKIP, 0},
    {"themedata", W_NONE, X_SKIP, 0},
    {"title", W_NONE, X_TEXT, O_META},
    {"txe", W_NONE, X_SKIP, 0},
    {"u", W_U, X_NONE, 0},
    {"uc", W_UC, X_NONE, 0},
    {"ud", W_NONE, X_UD, 0},
    {"upr", W_NONE, X_UPR, 0},
    {"userprops", W_NONE, X_SKIP, 0},
    {"wgrffmtfilter", W_NONE, X_SKIP, 0},
    {"xe", W_NONE, X_SKIP, 0},
    {"xmlnstbl", W_NONE, X_SKIP, 0},
};

static const word *word_find(const char *w)
{
    size_t lo = 0, hi = sizeof WORDS / sizeof *WORDS;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(WORDS[mid].w, w);
        if (c == 0)
            return &WORDS[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* A control word at the start of a group may make it a destination. */
static void destination(rtf *r, const word *k)
{
    gstate *g = &r->st[r->depth];
    if (g->dest == D_SKIP)
        return;
    if (g->dest == D_UPR) {
        /* \upr holds an 8-bit version, then {\*\ud ...} the Unicode one. */
        if (k && k->dest == X_UD)
            g->dest = g->prev;
        return;
    }
    switch (k ? k->dest : X_NONE) {
    case X_FONTTBL:
        g->dest = D_FONTTBL;
        break;
    case X_INFO:
        g->dest = D_INFO;
        break;
    case X_UPR:
        g->prev = g->dest;
        g->dest = D_UPR;
        break;
    case X_TEXT:
        /* Metadata only counts inside \info; a stray \title elsewhere is
        ** shown where it stands. */
        if (k->val != O_META || g->dest == D_INFO)
            g->dest = (uint8_t)k->val;
        break;
    case X_OBJDATA:
        r->objects++;
        g->dest = D_SKIP;
        break;
    case X_SKIP:
        g->dest = D_SKIP;
        break;
    case X_TRANSPARENT:
    case X_UD:
        break;
    default:
        if (r->star) /* an optional destination we do not know */
            g->dest = D_SKIP;
        break;
    }
}

static void unicode_char(rtf *r, long n)
{
    uint32_t u = (uint32_t)(n < 0 ? n + 65536 : n) & 0xFFFF;
    r->skip = r->st[r->depth].uc;
    if (r->st[r->depth].dest >= O_NOUT)
        return;
    if (u >= 0xD800 && u <= 0xDBFF) {
        r->hi = u;
        return;
    }
    if (u >= 0xDC00 && u <= 0xDFFF) {
        u = r->hi ? 0x10000 + ((r->hi - 0xD800) << 10) + (u - 0xDC00) : 0xFFFD;
    } else if (r->hi) {
        put_cp(r, 0xFFFD);
    }
    r->hi = 0;
    put_cp(r, u);
}

static void control_word(rtf *r, const char *w, int has, long n)
{
    gstate *g = &r->st[r->depth];
    const word *k = word_find(w);
    if (r->group_start) {
        r->group_start = 0;
        destination(r, k);
    }
    r->star = 0;
    unsigned act = k ? k->act : W_NONE;
    if (act == W_U && has) {
        unicode_char(r, n);
        return;
    }
    if (act == W_BIN && has) {
        size_t m = n > 0 ? (size_t)n : 0;
        r->pos += m > r->len - r->pos ? r->len - r->pos : m;
        if (r->skip)
            r->skip--;
        return;
    }
    if (r->skip) { /* a control word in a \uN fallback counts as one */
        r->skip--;
        return;
    }
    if (g->dest == D_FONTTBL) {
        if (act == W_F && has)
            font_begin(r, (int32_t)n);
        else if (act == W_FCHARSET && has && r->cur)
            r->cur->charset = charset_enc(n);
        else if (act == W_CPG && has && r->cur)
            r->cur->charset = n == 1258 ? ENC_CP1258 : ENC_CP1252;
        return;
    }
    switch (act) {
    case W_F:
        if (has)
            g->font = (int32_t)n;
        break;
    case W_PLAIN:
        g->font = -1;
        break;
    case W_UC:
        if (has)
            g->uc = (uint8_t)(n < 0 ? 0 : n > 255 ? 255 : n);
        break;
    case W_DEFF:
        if (has) {
            r->deff = (int32_t)n;
            r->cf = NULL;
        }
        break;
    case W_ANSICPG:
        if (has)
            r->ansi = n == 1258 ? ENC_CP1258 : ENC_CP1252;
        break;
    case W_BREAK:
        if (g->dest < O_NOUT)
            put_eol(r);
        break;
    case W_CHAR:
        if (g->dest < O_NOUT)
            put_cp(r, k->val);
        break;
    default:
        break;
    }
}

static void control_symbol(rtf *r, unsigned char c)
{
    if (c == '*') {
        r->star = 1;
        return;
    }
    r->group_start = 0;
    r->star = 0;
    if (c == '\'') {
        int v = 0, k = 0;
        for (; k < 2 && r->pos < r->len; k++) {
            unsigned char h = r->s[r->pos];
            int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                    : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
            if (d < 0)
                break;
            v = v * 16 + d;
            r->pos++;
        }
        if (k == 2)
            put_byte(r, (unsigned char)v);
        return;
    }
    if (c == '\\' || c == '{' || c == '}') {
        put_byte(r, c);
        return;
    }
    if (r->skip) {
        r->skip--;
        return;
    }
    gstate *g = &r->st[r->depth];
    if (g->dest >= O_NOUT)
        return;
    switch (c) {
    case '~':
        put_cp(r, 0xA0);
        break;
    case '_':
        put_cp(r, '-');
        break;
    case '-': { /* optional hyphen; in a TCVN3 font the letter ư */
        const font *f = font_get(r, g->font);
        if (f && f->legacy != ENC_UNKNOWN)
            put_cp(r, 0xAD);
        break;
    }
    case '\n':
    case '\r':
        put_eol(r);
        break;
    case '\t':
        put_cp(r, '\t');
        break;
    default:
        break;
    }
}

/* ------------------------------------------------------------- parser -- */

static int group_open(rtf *r)
{
    r->skip = 0; /* a group ends a \uN fallback */
    if (r->depth + 1 >= RTF_MAX_DEPTH) {
        doc_unscanned(r->c, "RTF groups nested deeper than %d not scanned",
                      RTF_MAX_DEPTH);
        return -1;
    }
    r->st[r->depth + 1] = r->st[r->depth];
    r->depth++;
    r->group_start = 1;
    r->star = 0;
    return 0;
}

/* Returns -1 at the closing brace of the document. */
static int group_close(rtf *r)
{
    r->skip = 0;
    r->group_start = 0;
    r->star = 0;
    if (r->depth == 0)
        return -1;
    gstate *g = &r->st[r->depth], *p = &r->st[r->depth - 1];
    if (g->dest == D_FONTTBL)
        r->cur = NULL;
    /* A destination's text (a header, a footnote, a title) ends its line. */
    if (g->dest < O_NOUT && g->dest != p->dest)
        ole2_tb_eol(&r->out[g->dest]);
    r->depth--;
    return 0;
}

/* Returns 1 when the document's outer group was closed. */
static int parse(rtf *r)
{
    const unsigned char *s = r->s;
    size_t n = r->len, steps = 0;
    while (r->pos < n && !r->err) {
        if ((++steps & 0xFFFF) == 0) {
            if (doc_stop(r->c))
                return 1;
            for (int i = 0; i < O_NOUT; i++)
                if (r->out[i].stop)
                    return 1;
        }
        unsigned char c = s[r->pos];
        unsigned d = r->st[r->depth].dest;
        if (d == D_SKIP && c != '\\' && c != '{' && c != '}') {
            /* Picture and object data: run to the next token quickly. */
            size_t i = r->pos + 1;
            while (i < n && s[i] != '\\' && s[i] != '{' && s[i] != '}')
                i++;
            r->pos = i;
            r->group_start = 0;
            continue;
        }
        r->pos++;
        if (c == '{') {
            if (group_open(r))
                return 1;
        } else if (c == '}') {
            if (group_close(r))
                return 1;
        } else if (c == '\\') {
            if (r->pos >= n)
                break;
            unsigned char k = s[r->pos];
            if (!((k >= 'a' && k <= 'z') || (k >= 'A' && k <= 'Z'))) {
                r->pos++;
                control_symbol(r, k);
                continue;
            }
            char w[WORD_MAX + 1];
            size_t wl = 0;
            while (r->pos < n && ((s[r->pos] >= 'a' && s[r->pos] <= 'z') ||
                                  (s[r->pos] >= 'A' && s[r->pos] <= 'Z'))) {
                if (wl < WORD_MAX)
                    w[wl++] = (char)s[r->pos];
                r->pos++;
            }
            w[wl] = 0;
            int has = 0, neg = 0;
            long v = 0;
            if (r->pos < n && s[r->pos] == '-' && r->pos + 1 < n &&
                s[r->pos + 1] >= '0' && s[r->pos + 1] <= '9') {
                neg = 1;
                r->pos++;
            }
            while (r->pos < n && s[r->pos] >= '0' && s[r->pos] <= '9') {
                if (v < 100000000L)
                    v = v * 10 + (s[r->pos] - '0');
                has = 1;
                r->pos++;
            }
            if (neg)
                v = -v;
            if (r->pos < n && s[r->pos] == ' ')
                r->pos++;
            control_word(r, w, has, v);
        } else if (c == '\r' || c == '\n') {
            continue;
        } else {
            if (r->group_start) {
                r->group_start = 0;
                if (r->star && r->st[r->depth].dest != D_SKIP)
                    r->st[r->depth].dest = D_SKIP;
                r->star = 0;
                if (r->st[r->depth].dest == D_SKIP)
                    continue;
            }
            if (c == '\t') {
                if (!r->skip)
                    put_cp(r, '\t');
                else
                    r->skip--;
            } else if (c >= 0x20) {
                put_byte(r, c);
            }
        }
    }
    return r->err ? 1 : 0;
}

int rtf_extract(doc_ctx *c, const unsigned char *data, size_t len)
{
    size_t i = 0;
    if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
        i = 3;
    while (i < len && (data[i] == ' ' || data[i] == '\r' || data[i] == '\n' ||
                       data[i] == '\t'))
        i++;
    if (len - i < 5 || memcmp(data + i, "{\\rtf", 5) != 0)
        return doc_corrupt(c, "not an RTF document: no {\\rtf header");
    rtf r;
    memset(&r, 0, sizeof r);
    r.c = c;
    r.s = data;
    r.len = len;
    r.pos = i + 1;
    r.deff = 0;
    r.cfont = -2;
    r.ansi = ENC_CP1252;
    r.st = malloc(RTF_MAX_DEPTH * sizeof *r.st);
    r.fonts = malloc(MAX_FONTS * sizeof *r.fonts);
    int rc = DOC_OK;
    if (!r.st || !r.fonts || ole2_charset_map(ENC_CP1252, r.map1252) ||
        ole2_charset_map(ENC_CP1258, r.map1258)) {
        free(r.st);
        free(r.fonts);
        return DOC_NOMEM;
    }
    for (int k = 0; k < O_NOUT; k++)
        ole2_tb_init(&r.out[k], c, OUT_PART[k]);
    r.st[0].dest = O_MAIN;
    r.st[0].prev = O_MAIN;
    r.st[0].uc = 1;
    r.st[0].font = -1;
    r.group_start = 1;
    if (!parse(&r))
        doc_unscanned(c, "truncated RTF document: %u groups not closed",
                      r.depth + 1);
    /* Metadata first: it comes first in the file and is the shortest. */
    static const int order[O_NOUT] = {O_META, O_MAIN, O_HEADERS, O_FOOTNOTES,
                                      O_COMMENTS, O_TEXTBOXES};
    for (int k = 0; k < O_NOUT; k++) {
        int e = ole2_tb_end(&r.out[order[k]]);
        if (e != DOC_OK)
            rc = e;
    }
    if (r.objects == 1)
        doc_unscanned(c, "embedded object not scanned");
    else if (r.objects > 1)
        doc_unscanned(c, "embedded object not scanned (%u objects)", r.objects);
    free(r.st);
    free(r.fonts);
    return rc;
}

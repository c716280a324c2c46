/*
** 2026-11-25
**
** ooxml.c: Word, Excel and PowerPoint packages (.docx, .xlsx, .pptx and their
** macro and template variants) -> one text piece per part.
**
** Takes the bytes of a package and hands on what a reader of each part sees,
** as a piece named by its zip path ("word/header1.xml", "xl/sharedStrings.xml",
** "ppt/slides/slide3.xml"): Word body, headers, footers, notes, comments and
** text boxes, inserted and deleted text alike (a deletion is still in the
** file); shared strings, inline and formula strings, sheet names, comments
** and page headers of sheets; slides, notes, masters and comments; charts and
** SmartArt text; the title, subject, keywords, description, author and
** company. Embedded files (word/embeddings/...) are handed on as files.
**
** Block structure is kept as lines: a paragraph, table cell, text box, shared
** string or header section ends its line, so a stamp alone in its cell stays
** alone on its line. Text in a legacy Vietnamese font (.VnTime, VNI-Times) is
** converted, the font being found as Word finds it: the run's own fonts, its
** character style, its paragraph's style, the document defaults, each style
** chain followed through basedOn (bounded), theme fonts resolved from the
** theme; in sheets, the cell's format's font; in slides, the run's latin font.
**
** It must never hold a decompressed part (parts stream through libxml2's
** reader), never expand entities or fetch anything, never print, and never
** skip a part silently: encrypted members, malformed XML, limits and
** image-only documents are reported with doc_unscanned.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "doc.h"
#include "xmltext.h"
#include "zipread.h"

/* ---- names ---- */

enum {
    NS_OTHER, NS_W, NS_A, NS_X, NS_P, NS_MC, NS_V, NS_DC, NS_CP, NS_EP,
    NS_CUST, NS_VT, NS_XTC
};

static const char *const ns_uri[] = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
    "http://schemas.openxmlformats.org/drawingml/2006/main",
    "http://purl.oclc.org/ooxml/drawingml/main",
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
    "http://schemas.openxmlformats.org/presentationml/2006/main",
    "http://purl.oclc.org/ooxml/presentationml/main",
    "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "urn:schemas-microsoft-com:vml",
    "http://purl.org/dc/elements/1.1/",
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
    "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "http://purl.oclc.org/ooxml/officeDocument/customProperties",
    "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    "http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes",
    "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments",
};
static const uint8_t ns_ids[] = {
    NS_W, NS_W, NS_A, NS_A, NS_X, NS_X, NS_P, NS_P, NS_MC, NS_V, NS_DC, NS_CP,
    NS_EP, NS_EP, NS_CUST, NS_CUST, NS_VT, NS_VT, NS_XTC
};

/* Local names of elements and attributes; E_x is the id of "x". */
#define NAMES(X) \
    X(p) X(r) X(t) X(delText) X(instrText) X(delInstrText) X(tab) X(br)    \
    X(cr) X(ptab) X(noBreakHyphen) X(txbxContent) X(tc) X(pPr) X(rPr)     \
    X(pStyle) X(rStyle) X(rFonts) X(AlternateContent) X(Choice) X(Fallback) \
    X(textpath) X(latin) X(cs) X(ea) X(si) X(rPh) X(rFont) X(c) X(v) X(is) \
    X(f) X(sheet) X(sheets) X(comment) X(text) X(cm) X(oddHeader)          \
    X(oddFooter) X(evenHeader) X(evenFooter) X(firstHeader) X(firstFooter) \
    X(title) X(subject) X(description) X(creator) X(keywords) X(category)  \
    X(Company) X(Manager) X(property) X(lpwstr) X(lpstr) X(bstr) X(style)  \
    X(basedOn) X(docDefaults) X(rPrDefault) X(font) X(name) X(fonts)       \
    X(cellXfs) X(xf) X(majorFont) X(minorFont) X(styleSheet) X(val)        \
    X(ascii) X(hAnsi) X(asciiTheme) X(hAnsiTheme) X(cstheme) X(type)       \
    X(styleId) X(default) X(typeface) X(s) X(string) X(fontId)

#define X_ENUM(n) E_##n,
#define X_STR(n) #n,
enum { E_NONE, NAMES(X_ENUM) E_COUNT };
static const char *const local_names[] = {NAMES(X_STR)};

static const xt_names names = {
    local_names, sizeof local_names / sizeof *local_names,
    ns_uri, ns_ids, sizeof ns_ids
};

/* ---- parts ---- */

enum { K_SKIP, K_TEXT, K_SST, K_WSTYLES, K_XSTYLES, K_THEME, K_EMBED, K_MEDIA };

static const struct {
    const char *pattern;
    uint8_t kind;
} parts[] = {
    {"word/document*.xml", K_TEXT},
    {"word/header*.xml", K_TEXT},
    {"word/footer*.xml", K_TEXT},
    {"word/footnotes.xml", K_TEXT},
    {"word/endnotes.xml", K_TEXT},
    {"word/comments*.xml", K_TEXT},
    {"word/charts/chart*.xml", K_TEXT},
    {"word/diagrams/data*.xml", K_TEXT},
    {"xl/workbook.xml", K_TEXT},
    {"xl/worksheets/sheet*.xml", K_TEXT},
    {"xl/comments*.xml", K_TEXT},
    {"xl/threadedComments/*.xml", K_TEXT},
    {"xl/drawings/drawing*.xml", K_TEXT},
    {"xl/charts/chart*.xml", K_TEXT},
    {"xl/diagrams/data*.xml", K_TEXT},
    {"ppt/slides/slide*.xml", K_TEXT},
    {"ppt/notesSlides/*.xml", K_TEXT},
    {"ppt/comments/*.xml", K_TEXT},
    /* A text box on a master or layout shows on every slide using it. */
    {"ppt/slideMasters/*.xml", K_TEXT},
    {"ppt/slideLayouts/*.xml", K_TEXT},
    {"ppt/charts/chart*.xml", K_TEXT},
    {"ppt/diagrams/data*.xml", K_TEXT},
    {"docProps/core.xml", K_TEXT},
    {"docProps/app.xml", K_TEXT},
    {"docProps/custom.xml", K_TEXT},
    {"xl/sharedStrings.xml", K_SST},
    {"word/styles.xml", K_WSTYLES},
    {"xl/styles.xml", K_XSTYLES},
    {"word/theme/theme1.xml", K_THEME},
    {"xl/theme/theme1.xml", K_THEME},
    {"ppt/theme/theme1.xml", K_THEME},
    {"word/embeddings/*", K_EMBED},
    {"xl/embeddings/*", K_EMBED},
    {"ppt/embeddings/*", K_EMBED},
    {"word/media/*", K_MEDIA},
    {"xl/media/*", K_MEDIA},
    {"ppt/media/*", K_MEDIA},
};

static int classify(const char *name)
{
    /* Most members of a big package are media or relationships: one look at
    ** the top directory settles them before the pattern table. */
    if (strncmp(name, "word/", 5) && strncmp(name, "xl/", 3) &&
        strncmp(name, "ppt/", 4) && strncmp(name, "docProps/", 9))
        return K_SKIP;
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        if (zipread_match(parts[i].pattern, name))
            return parts[i].kind;
    return K_SKIP;
}

/* ---- fonts ---- */

/*
** A run's fonts, slot by slot (ascii, hAnsi, cs) as Word keeps them: -1 not
** set at this level, 0..15 a decode_enc, 16+k theme font k (resolved at the
** end, since the theme may be read after the styles).
*/
enum { F_ASCII, F_HANSI, F_CS, NSLOT };
enum { TH_MAJOR_LATIN, TH_MINOR_LATIN, TH_MAJOR_CS, TH_MINOR_CS, TH_MAJOR_EA,
       TH_MINOR_EA, NTHEME };
#define THEME_REF 16

typedef struct slots {
    int8_t f[NSLOT];
} slots;

static const slots no_slots = {{-1, -1, -1}};

static void merge(slots *s, const slots *under)
{
    for (int k = 0; k < NSLOT; k++)
        if (s->f[k] < 0)
            s->f[k] = under->f[k];
}

static int theme_ref(const char *v)
{
    static const struct { const char *name; int k; } refs[] = {
        {"majorAscii", TH_MAJOR_LATIN}, {"majorHAnsi", TH_MAJOR_LATIN},
        {"minorAscii", TH_MINOR_LATIN}, {"minorHAnsi", TH_MINOR_LATIN},
        {"majorBidi", TH_MAJOR_CS}, {"minorBidi", TH_MINOR_CS},
        {"majorEastAsia", TH_MAJOR_EA}, {"minorEastAsia", TH_MINOR_EA},
        /* DrawingML's names for the same fonts */
        {"+mj-lt", TH_MAJOR_LATIN}, {"+mn-lt", TH_MINOR_LATIN},
        {"+mj-cs", TH_MAJOR_CS}, {"+mn-cs", TH_MINOR_CS},
        {"+mj-ea", TH_MAJOR_EA}, {"+mn-ea", TH_MINOR_EA},
    };
    for (size_t i = 0; i < sizeof refs / sizeof *refs; i++)
        if (!strcmp(refs[i].name, v))
            return THEME_REF + refs[i].k;
    return -1;
}

/* A font name, or a DrawingML theme reference, as a slot value. */
static int8_t font_slot(const char *name)
{
    int t = theme_ref(name);
    return (int8_t)(t >= 0 ? t : (int)decode_font_enc(name));
}

/* ---- state ---- */

/* Element depth kept; libxml2 refuses documents deeper than 256 anyway. */
#define MAXD 320
/* Word styles kept, spreadsheet fonts and formats kept: Word and Excel stop
** far below these. */
#define MAX_STYLES 16384
#define MAX_XF 65536
/* Shared-string indexes whose font is tracked: a hostile index cannot make
** the table larger than 16 MiB. */
#define MAX_SST (1u << 24)
/* basedOn links followed; Word itself stops cycles but not long chains. */
#define MAX_CHAIN 16

enum { CAP_NONE, CAP_W, CAP_A, CAP_X, CAP_XV, CAP_IDX, CAP_HF, CAP_PLAIN };
enum { CT_OTHER, CT_S, CT_STR, CT_INLINE };

typedef struct ofr {
    uint8_t ns, el;
    uint8_t cap;        /* what a text child of this element is */
    uint8_t flag;       /* AlternateContent: a Choice was taken; c: CT_* */
    int16_t prev_run, prev_para, prev_cell;
    int32_t style;      /* w:p pStyle, w:r rStyle, x:c format (index) */
    slots f;            /* a run's own fonts */
    int8_t enc;         /* a run's resolved encoding; -1 not yet */
} ofr;

typedef struct wstyle {
    char *id;
    char *based_id;
    int32_t based;
    uint8_t para, dflt;
    uint8_t state;      /* 0 own only, 1 being resolved, 2 resolved */
    slots own, res;
} wstyle;

typedef struct ox {
    doc_ctx *c;
    zipread *z;
    xt_reader x;
    xt_buf out, tmp;
    int kind;
    ofr fr[MAXD];
    int run_at, para_at, cell_at, si_at, style_at;
    uint32_t si;             /* shared strings passed */
    /* Word styles and theme */
    wstyle *ws;
    size_t nws, cws;
    int32_t dflt_para;
    slots defaults;
    int8_t theme[NTHEME];
    /* spreadsheet fonts and cell formats */
    int8_t *font_enc;
    size_t nfont, cfont;
    int32_t *xf_font;
    size_t nxf, cxf;
    int xlegacy;             /* a cell format uses a legacy font */
    uint8_t *sst_enc;        /* encoding of shared string i, when xlegacy */
    size_t nsst;
    int sst_deferred;
    zipread_walk walk;       /* the package's passes; counts its images */
    uint64_t body_visible;
    int entity_said;
    int nomem;
} ox;

static int8_t theme_enc(const ox *o, int8_t v)
{
    if (v >= THEME_REF)
        return v - THEME_REF < NTHEME ? o->theme[v - THEME_REF] : 0;
    return v;
}

/* The encoding the hAnsi font implies (Vietnamese letters are outside ASCII,
** so Word shows them in the hAnsi font), else ascii, else cs. */
static int pick(const ox *o, const slots *s)
{
    static const int order[NSLOT] = {F_HANSI, F_ASCII, F_CS};
    for (int n = 0; n < NSLOT; n++)
        if (s->f[order[n]] >= 0) {
            int e = theme_enc(o, s->f[order[n]]);
            return e < 0 ? ENC_UNKNOWN : e;
        }
    return ENC_UNKNOWN;
}

static int ws_cmp(const void *a, const void *b)
{
    return strcmp(((const wstyle *)a)->id, ((const wstyle *)b)->id);
}

static int32_t ws_find(const ox *o, const char *id)
{
    size_t lo = 0, hi = o->nws;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = strcmp(o->ws[mid].id, id);
        if (!r)
            return (int32_t)mid;
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static const slots *ws_resolve(ox *o, int32_t i, int depth)
{
    wstyle *w = &o->ws[i];
    if (w->state == 2)
        return &w->res;
    if (w->state == 1 || depth >= MAX_CHAIN)
        return &w->own; /* a basedOn cycle, or a chain too long to follow */
    w->state = 1;
    slots r = w->own;
    if (w->based >= 0)
        merge(&r, ws_resolve(o, w->based, depth + 1));
    w = &o->ws[i];
    w->res = r;
    w->state = 2;
    return &w->res;
}

static void ws_finish(ox *o)
{
    if (o->nws)
        qsort(o->ws, o->nws, sizeof *o->ws, ws_cmp);
    o->dflt_para = -1;
    for (size_t i = 0; i < o->nws; i++) {
        o->ws[i].based = o->ws[i].based_id ? ws_find(o, o->ws[i].based_id) : -1;
        if (o->ws[i].para && o->ws[i].dflt && o->dflt_para < 0)
            o->dflt_para = (int32_t)i;
    }
}

/* Encoding of the text of the innermost Word run. */
static int w_run_enc(ox *o)
{
    ofr *r = o->run_at >= 0 && o->fr[o->run_at].ns == NS_W ? &o->fr[o->run_at] : NULL;
    if (r && r->enc >= 0)
        return r->enc;
    slots s = r ? r->f : no_slots;
    if (r && r->style >= 0)
        merge(&s, ws_resolve(o, r->style, 0));
    int32_t ps = o->para_at >= 0 ? o->fr[o->para_at].style : -1;
    if (ps < 0)
        ps = o->dflt_para;
    if (ps >= 0)
        merge(&s, ws_resolve(o, ps, 0));
    merge(&s, &o->defaults);
    int e = pick(o, &s);
    if (r)
        r->enc = (int8_t)e;
    return e;
}

static int a_run_enc(ox *o)
{
    if (o->run_at < 0 || o->fr[o->run_at].ns != NS_A)
        return ENC_UNKNOWN;
    return pick(o, &o->fr[o->run_at].f);
}

static int xf_enc(const ox *o, int32_t xf)
{
    if (xf < 0 || (size_t)xf >= o->nxf)
        return ENC_UNKNOWN;
    int32_t f = o->xf_font[xf];
    return f >= 0 && (size_t)f < o->nfont ? o->font_enc[f] : ENC_UNKNOWN;
}

static int cell_enc(const ox *o)
{
    return o->cell_at >= 0 ? xf_enc(o, o->fr[o->cell_at].style) : ENC_UNKNOWN;
}

/* Text of a spreadsheet run, inline string, or shared string. */
static int x_text_enc(const ox *o)
{
    if (o->run_at >= 0 && o->fr[o->run_at].ns == NS_X &&
        o->fr[o->run_at].f.f[F_HANSI] >= 0)
        return o->fr[o->run_at].f.f[F_HANSI];
    if (o->cell_at >= 0)
        return cell_enc(o);
    if (o->si_at >= 0 && o->si < o->nsst)
        return o->sst_enc[o->si];
    return ENC_UNKNOWN;
}

/* ---- attributes ---- */

/* A copy of the first attribute with local-name id `id`, cut at 255 bytes
** (names, style ids and fonts are short; a watermark string rarely longer). */
typedef struct attrs {
    int id;
    char buf[256];
    int found;
} attrs;

static void attr_one(void *u, int local, int ns, const char *v)
{
    (void)ns;
    attrs *a = u;
    if (local == a->id && !a->found) {
        size_t n = strlen(v);
        if (n >= sizeof a->buf)
            n = sizeof a->buf - 1;
        memcpy(a->buf, v, n);
        a->buf[n] = 0;
        a->found = 1;
    }
}

/* The value of one attribute of the current element, or NULL. */
static const char *attr(ox *o, attrs *a, int id)
{
    a->id = id;
    a->found = 0;
    xt_attrs(&o->x, attr_one, a);
    return a->found ? a->buf : NULL;
}

typedef struct rfonts {
    slots s, theme;
} rfonts;

static void rfonts_attr(void *u, int local, int ns, const char *v)
{
    (void)ns;
    rfonts *r = u;
    switch (local) {
    case E_ascii: r->s.f[F_ASCII] = (int8_t)decode_font_enc(v); break;
    case E_hAnsi: r->s.f[F_HANSI] = (int8_t)decode_font_enc(v); break;
    case E_cs: r->s.f[F_CS] = (int8_t)decode_font_enc(v); break;
    case E_asciiTheme: r->theme.f[F_ASCII] = (int8_t)theme_ref(v); break;
    case E_hAnsiTheme: r->theme.f[F_HANSI] = (int8_t)theme_ref(v); break;
    case E_cstheme: r->theme.f[F_CS] = (int8_t)theme_ref(v); break;
    }
}

/* w:rFonts on to `into`: a theme attribute wins over the explicit name. */
static void read_rfonts(ox *o, slots *into)
{
    rfonts r = {no_slots, no_slots};
    xt_attrs(&o->x, rfonts_attr, &r);
    for (int k = 0; k < NSLOT; k++) {
        int8_t v = r.theme.f[k] >= 0 ? r.theme.f[k] : r.s.f[k];
        if (v >= 0)
            into->f[k] = v;
    }
}

typedef struct cattrs {
    int type;
    int32_t s;
} cattrs;

static void cell_attr(void *u, int local, int ns, const char *v)
{
    (void)ns;
    cattrs *a = u;
    if (local == E_t)
        a->type = !strcmp(v, "s") ? CT_S : !strcmp(v, "str") ? CT_STR
                : !strcmp(v, "inlineStr") ? CT_INLINE : CT_OTHER;
    else if (local == E_s) {
        char *end;
        long n = strtol(v, &end, 10);
        a->s = end != v && n >= 0 && n < MAX_XF ? (int32_t)n : -1;
    }
}

/* ---- spreadsheet header and footer codes ---- */

/*
** "&L&\"Arial,Bold\"&14TỐI MẬT&C&P" -> sections on lines of their own, font
** and size codes dropped (a font code may switch to a legacy font), fields
** such as the page number dropped, "&&" as "&".
*/
static void hf_emit(ox *o, const char *s, size_t n)
{
    int enc = ENC_UNKNOWN;
    size_t i = 0, seg = 0;
    xt_brk(&o->out);
    while (i < n) {
        if (s[i] != '&' || i + 1 >= n) {
            i++;
            continue;
        }
        xt_put(&o->out, s + seg, i - seg, enc);
        char k = s[i + 1];
        i += 2;
        if (k == '&') {
            xt_char(&o->out, '&');
        } else if (k == '"') {
            size_t j = i;
            while (j < n && s[j] != '"')
                j++;
            char font[64];
            size_t m = 0;
            while (i + m < j && s[i + m] != ',' && m < sizeof font - 1) {
                font[m] = s[i + m];
                m++;
            }
            font[m] = 0;
            enc = decode_font_enc(font);
            i = j < n ? j + 1 : n;
        } else if (k >= '0' && k <= '9') {
            while (i < n && s[i] >= '0' && s[i] <= '9')
                i++;
        } else if (k == 'L' || k == 'C' || k == 'R') {
            xt_brk(&o->out);
        } else if (k == 'K') {
            i = n - i > 6 ? i + 6 : n; /* a colour: RRGGBB or theme code */
        }
        seg = i;
    }
    xt_put(&o->out, s + seg, n - seg, enc);
    xt_brk(&o->out);
}

/* ---- element handlers ---- */

static void sst_mark(ox *o)
{
    char *end;
    if (!o->tmp.len || o->tmp.len > 12)
        return;
    char num[16];
    memcpy(num, o->tmp.p, o->tmp.len);
    num[o->tmp.len] = 0;
    unsigned long idx = strtoul(num, &end, 10);
    int e = cell_enc(o);
    if (end == num || idx >= MAX_SST || !xt_legacy(e))
        return;
    if (idx >= o->nsst) {
        size_t n = o->nsst ? o->nsst : 256;
        while (n <= idx)
            n *= 2;
        if (n > MAX_SST)
            n = MAX_SST;
        uint8_t *p = realloc(o->sst_enc, n);
        if (!p) {
            o->nomem = 1;
            return;
        }
        memset(p + o->nsst, 0, n - o->nsst);
        o->sst_enc = p;
        o->nsst = n;
    }
    if (!o->sst_enc[idx])
        o->sst_enc[idx] = (uint8_t)e;
}

/* Returns 1 when the element's subtree is to be skipped. */
static int start_text(ox *o, int d, int ns, int el)
{
    ofr *up = d > 0 ? &o->fr[d - 1] : NULL;
    ofr *f = &o->fr[d];
    attrs a;
    const char *v;

    switch (ns) {
    case NS_MC:
        /* Word writes a text box twice, as DrawingML (Choice) and as VML
        ** (Fallback); a reader shows one. */
        if ((el == E_Choice || el == E_Fallback) && up && up->el == E_AlternateContent &&
            up->ns == NS_MC) {
            if (up->flag)
                return 1;
            if (el == E_Choice)
                up->flag = 1;
        }
        break;
    case NS_W:
        switch (el) {
        case E_p:
            o->para_at = d;
            break;
        case E_pStyle:
            if (up && up->el == E_pPr && o->para_at == d - 2 && (v = attr(o, &a, E_val)))
                o->fr[d - 2].style = ws_find(o, v);
            break;
        case E_r:
            o->run_at = d;
            break;
        case E_rStyle:
        case E_rFonts:
            if (up && up->el == E_rPr && up->ns == NS_W && o->run_at == d - 2 &&
                o->fr[d - 2].ns == NS_W) {
                ofr *r = &o->fr[d - 2];
                if (el == E_rFonts)
                    read_rfonts(o, &r->f);
                else if ((v = attr(o, &a, E_val)))
                    r->style = ws_find(o, v);
                r->enc = -1;
            }
            break;
        case E_t:
        case E_delText:
            f->cap = CAP_W;
            break;
        case E_instrText:
        case E_delInstrText:
            return 1; /* field codes are not shown; their results are runs */
        case E_tab:
        case E_ptab:
            /* w:tab elsewhere (w:tabs in w:pPr) is a tab stop, not text */
            if (up && up->el == E_r)
                xt_char(&o->out, '\t');
            break;
        case E_br:
        case E_cr:
            if (up && up->el == E_r)
                xt_nl(&o->out);
            break;
        case E_noBreakHyphen:
            if (up && up->el == E_r)
                xt_char(&o->out, '-');
            break;
        case E_txbxContent:
            xt_brk(&o->out);
            break;
        }
        break;
    case NS_A:
        switch (el) {
        case E_r:
            o->run_at = d;
            break;
        case E_latin:
            if (up && up->el == E_rPr && o->run_at == d - 2 && o->fr[d - 2].ns == NS_A &&
                (v = attr(o, &a, E_typeface)))
                o->fr[d - 2].f.f[F_HANSI] = font_slot(v);
            break;
        case E_t:
            f->cap = CAP_A;
            break;
        case E_br:
            xt_nl(&o->out);
            break;
        }
        break;
    case NS_X:
        switch (el) {
        case E_si:
            o->si_at = d;
            break;
        case E_rPh:
            return 1; /* phonetic guide (furigana), not the cell's text */
        case E_f:
            return 1; /* a formula; its cached value is in <v> */
        case E_r:
            o->run_at = d;
            break;
        case E_rFont:
            if (up && up->el == E_rPr && o->run_at == d - 2 && o->fr[d - 2].ns == NS_X &&
                (v = attr(o, &a, E_val)))
                o->fr[d - 2].f.f[F_HANSI] = (int8_t)decode_font_enc(v);
            break;
        case E_t:
            f->cap = CAP_X;
            break;
        case E_c: {
            cattrs ca = {CT_OTHER, 0};
            xt_attrs(&o->x, cell_attr, &ca);
            o->cell_at = d;
            f->flag = (uint8_t)ca.type;
            f->style = ca.s;
            break;
        }
        case E_v:
            if (o->cell_at == d - 1) {
                if (up->flag == CT_STR) {
                    f->cap = CAP_XV;
                } else if (up->flag == CT_S && o->xlegacy) {
                    f->cap = CAP_IDX;
                    o->tmp.len = 0;
                }
            }
            break;
        case E_sheet:
            if (up && up->el == E_sheets && (v = attr(o, &a, E_name))) {
                xt_put(&o->out, v, strlen(v), ENC_UNKNOWN);
                xt_nl(&o->out);
            }
            break;
        case E_oddHeader: case E_oddFooter: case E_evenHeader:
        case E_evenFooter: case E_firstHeader: case E_firstFooter:
            f->cap = CAP_HF;
            o->tmp.len = 0;
            break;
        }
        break;
    case NS_P:
        if (el == E_text && up && up->el == E_cm)
            f->cap = CAP_PLAIN;
        break;
    case NS_XTC:
        if (el == E_text)
            f->cap = CAP_PLAIN;
        break;
    case NS_V:
        /* WordArt, and the diagonal watermark Word puts in a header. */
        if (el == E_textpath && (v = attr(o, &a, E_string))) {
            size_t n = strlen(v);
            char s[256];
            memcpy(s, v, n + 1);
            int enc = ENC_UNKNOWN;
            const char *ff = attr(o, &a, E_style);
            const char *p = ff ? strstr(ff, "font-family:") : NULL;
            if (p) {
                p += 12;
                while (*p == ' ' || *p == '"' || *p == '\'')
                    p++;
                char font[64];
                size_t m = 0;
                while (p[m] && p[m] != ';' && p[m] != '"' && p[m] != '\'' &&
                       m < sizeof font - 1) {
                    font[m] = p[m];
                    m++;
                }
                font[m] = 0;
                enc = decode_font_enc(font);
            }
            xt_brk(&o->out);
            xt_put(&o->out, s, n, enc);
            xt_brk(&o->out);
        }
        break;
    case NS_DC:
        if (el == E_title || el == E_subject || el == E_description || el == E_creator)
            f->cap = CAP_PLAIN;
        break;
    case NS_CP:
        if (el == E_keywords || el == E_category)
            f->cap = CAP_PLAIN;
        break;
    case NS_EP:
        if (el == E_Company || el == E_Manager)
            f->cap = CAP_PLAIN;
        break;
    case NS_VT:
        if ((el == E_lpwstr || el == E_lpstr || el == E_bstr) && up &&
            up->ns == NS_CUST && up->el == E_property)
            f->cap = CAP_PLAIN;
        break;
    }
    return 0;
}

static void end_text(ox *o, int d)
{
    ofr *f = &o->fr[d];
    switch (f->ns) {
    case NS_W:
        if (f->el == E_p)
            xt_nl(&o->out);
        else if (f->el == E_tc || f->el == E_txbxContent)
            xt_brk(&o->out);
        break;
    case NS_A:
        if (f->el == E_p)
            xt_nl(&o->out);
        else if (f->el == E_tc)
            xt_brk(&o->out);
        break;
    case NS_X:
        if (f->el == E_si) {
            xt_nl(&o->out);
            o->si++;
        } else if (f->el == E_c || f->el == E_comment) {
            xt_brk(&o->out);
        } else if (f->cap == CAP_IDX) {
            sst_mark(o);
        } else if (f->cap == CAP_HF) {
            hf_emit(o, o->tmp.p, o->tmp.len);
        }
        break;
    default:
        if (f->cap == CAP_PLAIN)
            xt_brk(&o->out);
        break;
    }
    if (o->run_at == d)
        o->run_at = f->prev_run;
    if (o->para_at == d)
        o->para_at = f->prev_para;
    if (o->cell_at == d)
        o->cell_at = f->prev_cell;
    if (o->si_at == d)
        o->si_at = -1;
}

static void text_node(ox *o, int d)
{
    if (d < 1 || d > MAXD)
        return;
    int cap = o->fr[d - 1].cap;
    if (cap == CAP_NONE)
        return;
    size_t n;
    const char *s = xt_value(&o->x, &n);
    switch (cap) {
    case CAP_W: xt_put(&o->out, s, n, w_run_enc(o)); break;
    case CAP_A: xt_put(&o->out, s, n, a_run_enc(o)); break;
    case CAP_X: xt_put(&o->out, s, n, x_text_enc(o)); break;
    case CAP_XV: xt_put(&o->out, s, n, cell_enc(o)); break;
    case CAP_IDX:
    case CAP_HF: xt_put(&o->tmp, s, n, ENC_UNKNOWN); break;
    default: xt_put(&o->out, s, n, ENC_UNKNOWN); break;
    }
}

/* Styles, theme and cell formats: read before the text that uses them. */
static void start_setup(ox *o, int d, int ns, int el)
{
    ofr *up = d > 0 ? &o->fr[d - 1] : NULL;
    attrs a;
    const char *v;
    if (o->kind == K_WSTYLES && ns == NS_W) {
        if (el == E_style && o->nws < MAX_STYLES) {
            char id[256];
            int dflt = 0, para = (v = attr(o, &a, E_type)) && !strcmp(v, "paragraph");
            if ((v = attr(o, &a, E_default)))
                dflt = !strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "on");
            if (!(v = attr(o, &a, E_styleId)))
                return;
            memcpy(id, v, strlen(v) + 1);
            if (o->nws == o->cws) {
                size_t n = o->cws ? o->cws * 2 : 64;
                wstyle *p = realloc(o->ws, n * sizeof *p);
                if (!p) {
                    o->nomem = 1;
                    return;
                }
                o->ws = p;
                o->cws = n;
            }
            wstyle *w = &o->ws[o->nws];
            memset(w, 0, sizeof *w);
            w->id = strdup(id);
            if (!w->id) {
                o->nomem = 1;
                return;
            }
            w->para = (uint8_t)para;
            w->dflt = (uint8_t)dflt;
            w->own = no_slots;
            w->based = -1;
            o->nws++;
            o->style_at = d;
        } else if (el == E_basedOn && o->style_at == d - 1 && (v = attr(o, &a, E_val))) {
            wstyle *w = &o->ws[o->nws - 1];
            free(w->based_id);
            if (!(w->based_id = strdup(v)))
                o->nomem = 1;
        } else if (el == E_rFonts && up && up->el == E_rPr && d >= 2) {
            if (o->style_at == d - 2)
                read_rfonts(o, &o->ws[o->nws - 1].own);
            else if (o->fr[d - 2].el == E_rPrDefault)
                read_rfonts(o, &o->defaults);
        }
    } else if (o->kind == K_THEME && ns == NS_A) {
        if ((el == E_latin || el == E_cs || el == E_ea) && up &&
            (up->el == E_majorFont || up->el == E_minorFont) &&
            (v = attr(o, &a, E_typeface))) {
            int major = up->el == E_majorFont;
            int k = el == E_latin ? (major ? TH_MAJOR_LATIN : TH_MINOR_LATIN)
                  : el == E_cs ? (major ? TH_MAJOR_CS : TH_MINOR_CS)
                  : (major ? TH_MAJOR_EA : TH_MINOR_EA);
            o->theme[k] = (int8_t)decode_font_enc(v);
        }
    } else if (o->kind == K_XSTYLES && ns == NS_X && d >= 2) {
        if (el == E_font && up->el == E_fonts && o->fr[d - 2].el == E_styleSheet) {
            if (o->nfont < MAX_XF) {
                if (o->nfont == o->cfont) {
                    size_t n = o->cfont ? o->cfont * 2 : 32;
                    int8_t *p = realloc(o->font_enc, n);
                    if (!p) {
                        o->nomem = 1;
                        return;
                    }
                    o->font_enc = p;
                    o->cfont = n;
                }
                o->font_enc[o->nfont++] = ENC_UNKNOWN;
            }
        } else if (el == E_name && up->el == E_font && o->fr[d - 2].el == E_fonts &&
                   o->nfont && (v = attr(o, &a, E_val))) {
            o->font_enc[o->nfont - 1] = (int8_t)decode_font_enc(v);
        } else if (el == E_xf && up->el == E_cellXfs && o->nxf < MAX_XF) {
            if (o->nxf == o->cxf) {
                size_t n = o->cxf ? o->cxf * 2 : 32;
                int32_t *p = realloc(o->xf_font, n * sizeof *p);
                if (!p) {
                    o->nomem = 1;
                    return;
                }
                o->xf_font = p;
                o->cxf = n;
            }
            long id = (v = attr(o, &a, E_fontId)) ? strtol(v, NULL, 10) : 0;
            o->xf_font[o->nxf++] = id >= 0 && id < MAX_XF ? (int32_t)id : -1;
        }
    }
}

static void end_setup(ox *o, int d)
{
    if (o->style_at == d)
        o->style_at = -1;
}

/* ---- parts ---- */

static int is_text_kind(int kind)
{
    return kind == K_TEXT || kind == K_SST;
}

static int read_part(ox *o, const char *name, int kind)
{
    o->kind = kind;
    o->run_at = o->para_at = o->cell_at = o->si_at = o->style_at = -1;
    o->si = 0;
    o->out.c = is_text_kind(kind) ? o->c : NULL;
    o->out.part = name;
    o->out.page = 0;
    uint64_t before = o->out.visible;
    if (xt_open_io(&o->x, &names, zipread_read, o->z, name))
        return DOC_NOMEM;
    int r, skip = 0;
    while ((r = xt_read(&o->x, skip)) == 1) {
        skip = 0;
        int t = xt_type(&o->x), d = xt_depth(&o->x);
        if (t == XML_READER_TYPE_ELEMENT) {
            if (d >= MAXD)
                continue;
            int ns = xt_ns(&o->x), el = xt_local(&o->x);
            ofr *f = &o->fr[d];
            f->ns = (uint8_t)ns;
            f->el = (uint8_t)el;
            f->cap = CAP_NONE;
            f->flag = 0;
            f->prev_run = (int16_t)o->run_at;
            f->prev_para = (int16_t)o->para_at;
            f->prev_cell = (int16_t)o->cell_at;
            f->style = -1;
            f->f = no_slots;
            f->enc = -1;
            if (is_text_kind(kind)) {
                skip = start_text(o, d, ns, el);
                if (!skip && xt_empty(&o->x))
                    end_text(o, d);
            } else {
                start_setup(o, d, ns, el);
                if (xt_empty(&o->x))
                    end_setup(o, d);
            }
        } else if (t == XML_READER_TYPE_END_ELEMENT) {
            if (d >= MAXD)
                continue;
            if (is_text_kind(kind))
                end_text(o, d);
            else
                end_setup(o, d);
        } else if (t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
                   t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                   t == XML_READER_TYPE_WHITESPACE) {
            if (is_text_kind(kind))
                text_node(o, d);
        } else if (t == XML_READER_TYPE_ENTITY_REFERENCE) {
            /* Office never writes a DTD; text behind a declared entity is
            ** not expanded (that is how a billion laughs is stopped), so
            ** say it was not read. */
            if (!o->entity_said && is_text_kind(kind)) {
                doc_unscanned(o->c, "entity reference in %s not expanded", name);
                o->entity_said = 1;
            }
        }
        if (o->out.nomem || o->tmp.nomem || o->nomem)
            break;
    }
    if (r < 0 && !zipread_cut(o->z) && !doc_stop(o->c))
        doc_unscanned(o->c, "malformed XML in %s: %s", name, o->x.err);
    xt_close(&o->x);
    if (o->tmp.nomem || o->nomem)
        o->out.nomem = 1;
    if (strncmp(name, "docProps/", 9))
        o->body_visible += o->out.visible - before;
    return xt_flush(&o->out);
}

enum { PASS_SETUP, PASS_MAIN, PASS_SST };

static int wanted(const ox *o, int pass, int kind)
{
    switch (pass) {
    case PASS_SETUP: return kind == K_WSTYLES || kind == K_XSTYLES || kind == K_THEME;
    case PASS_MAIN:
        return kind == K_TEXT || kind == K_EMBED || kind == K_MEDIA ||
               (kind == K_SST && !o->sst_deferred);
    default: return kind == K_SST;
    }
}

/* zipread_walk's sort: what a member is in a pass. */
static int sort_member(void *u, int pass, const char *name, int *kind)
{
    *kind = classify(name);
    if (!wanted(u, pass, *kind))
        return ZR_SKIP;
    if (*kind == K_MEDIA)
        return ZR_MEDIA;
    return *kind == K_EMBED ? ZR_EMBED : ZR_PART;
}

static int read_member(void *u, const char *name, int kind)
{
    return read_part(u, name, kind);
}

static void ox_free(ox *o)
{
    zipread_free(o->z);
    xt_buf_free(&o->out);
    xt_buf_free(&o->tmp);
    for (size_t i = 0; i < o->nws; i++) {
        free(o->ws[i].id);
        free(o->ws[i].based_id);
    }
    free(o->ws);
    free(o->font_enc);
    free(o->xf_font);
    free(o->sst_enc);
    free(o);
}

static const char *const setup_parts[] = {
    "word/styles.xml", "xl/styles.xml", "word/theme/theme1.xml",
    "xl/theme/theme1.xml", "ppt/theme/theme1.xml"
};

int ooxml_extract(doc_ctx *c, const unsigned char *data, size_t len)
{
    if (doc_stop(c))
        return DOC_OK;
    ox *o = calloc(1, sizeof *o);
    if (!o)
        return DOC_NOMEM;
    o->c = c;
    o->dflt_para = -1;
    o->defaults = no_slots;
    memset(o->theme, 0, sizeof o->theme);
    int rc = zipread_open(&o->z, c, data, len);
    if (rc != DOC_OK) {
        free(o);
        return rc;
    }
    o->walk = (zipread_walk){sort_member, read_member, o, 0};
    if (!zipread_has(o->z, "[Content_Types].xml") &&
        !zipread_count_matching(o->z, "word/*") &&
        !zipread_count_matching(o->z, "xl/*") &&
        !zipread_count_matching(o->z, "ppt/*")) {
        ox_free(o);
        return doc_corrupt(c, "not an OOXML package: no [Content_Types].xml and "
                              "no word/, xl/ or ppt/ part");
    }
    int setup = 0;
    for (size_t i = 0; i < sizeof setup_parts / sizeof *setup_parts; i++)
        setup |= zipread_has(o->z, setup_parts[i]);
    if (setup)
        rc = zipread_walk_pass(o->z, PASS_SETUP, &o->walk);
    ws_finish(o);
    for (size_t i = 0; i < o->nxf; i++)
        o->xlegacy |= xt_legacy(xf_enc(o, (int32_t)i));
    /* Which font a shared string is shown in is known only from the cells
    ** that use it, so with legacy fonts about, strings come after sheets. */
    o->sst_deferred = o->xlegacy && zipread_has(o->z, "xl/sharedStrings.xml");
    if (rc == DOC_OK && !doc_stop(c))
        rc = zipread_walk_pass(o->z, PASS_MAIN, &o->walk);
    if (rc == DOC_OK && o->sst_deferred && !doc_stop(c))
        rc = zipread_walk_pass(o->z, PASS_SST, &o->walk);
    if (rc == DOC_OK)
        zipread_walk_images_only(o->z, &o->walk, o->body_visible);
    ox_free(o);
    return rc;
}

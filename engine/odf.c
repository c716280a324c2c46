/*
** 2026-11-25
**
** odf.c: OpenDocument text, spreadsheets and presentations (.odt, .ods,
** .odp, their templates and embedded objects), packaged or flat (.fodt,
** .fods, .fodp) -> one text piece per part, one per slide for presentations.
**
** Takes the bytes of a package (or a flat XML document) and hands on what a
** reader sees: the body (paragraphs, headings, table cells, frames and text
** boxes, notes, comments, tracked deletions, sheet names, slides with their
** speaker notes and footers), the page headers and footers of the master
** pages in styles.xml, and the title, subject, keywords, description and user
** fields of meta.xml. Embedded objects' content.xml is read the same way;
** binary embedded objects ("Object 1") are handed on as files. Paragraphs,
** cells, rows and frames end their lines, so a stamp alone in a cell stays
** alone on its line.
**
** Text in a legacy Vietnamese font is converted: the font comes from the
** span's text style, else the paragraph's style chain (parent-style-name,
** bounded) or the default paragraph style, else the enclosing cell's style,
** its row's or column's default cell style, or "Default"; a font name is
** looked up in the font-face declarations (svg:font-family).
**
** It must never hold a decompressed part, expand entities, fetch anything or
** print, and never pass a part over silently: a member the manifest says is
** encrypted (a password-protected document), malformed XML and limits are
** reported with doc_unscanned.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "doc.h"
#include "xmltext.h"
#include "zipread.h"

enum {
    N_OTHER, N_OFFICE, N_STYLE, N_TEXT, N_TABLE, N_DRAW, N_FO, N_DC, N_META,
    N_SVG, N_PRES, N_MANIFEST
};

static const char *const ns_uri[] = {
    "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "http://purl.org/dc/elements/1.1/",
    "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
};
static const uint8_t ns_ids[] = {
    N_OFFICE, N_STYLE, N_TEXT, N_TABLE, N_DRAW, N_FO, N_DC, N_META, N_SVG,
    N_PRES, N_MANIFEST
};

#define NAMES(X) \
    X(document, "document") X(meta, "meta") X(body, "body")                   \
    X(master_styles, "master-styles") X(spreadsheet, "spreadsheet")         \
    X(font_face, "font-face") X(style, "style") X(default_style, "default-style") \
    X(text_properties, "text-properties") X(p, "p") X(h, "h") X(span, "span") \
    X(a, "a") X(s, "s") X(tab, "tab") X(line_break, "line-break")            \
    X(table, "table") X(table_column, "table-column") X(table_row, "table-row") \
    X(table_cell, "table-cell") X(covered_table_cell, "covered-table-cell")   \
    X(frame, "frame") X(text_box, "text-box") X(custom_shape, "custom-shape") \
    X(annotation, "annotation") X(change_info, "change-info") X(title, "title") \
    X(subject, "subject") X(keyword, "keyword") X(description, "description") \
    X(user_defined, "user-defined") X(page, "page") X(note_body, "note-body") \
    X(desc, "desc") X(file_entry, "file-entry")                              \
    X(encryption_data, "encryption-data") X(header_decl, "header-decl")      \
    X(footer_decl, "footer-decl") X(name, "name") X(family, "family")        \
    X(parent_style_name, "parent-style-name") X(font_name, "font-name")      \
    X(font_family, "font-family") X(style_name, "style-name") X(c, "c")       \
    X(number_columns_repeated, "number-columns-repeated")                   \
    X(default_cell_style_name, "default-cell-style-name")                   \
    X(full_path, "full-path")

#define X_ENUM(id, s) E_##id,
#define X_STR(id, s) s,
enum { E_NONE, NAMES(X_ENUM) E_COUNT };
static const char *const local_names[] = {NAMES(X_STR)};

static const xt_names names = {
    local_names, sizeof local_names / sizeof *local_names,
    ns_uri, ns_ids, sizeof ns_ids
};

/* ---- styles, font faces and encrypted paths, by (family, name) ---- */

enum { FAM_NONE, FAM_PARA, FAM_TEXT, FAM_CELL, FAM_FACE, FAM_ENC, NFAM };

/* Styles and faces kept: LibreOffice documents have hundreds; a hostile
** file cannot grow the table past this. */
#define MAX_ENTRIES 65536
#define MAX_CHAIN 16
#define MAXD 320
/* Column runs kept per table (Calc has 16,384 columns at most). */
#define MAX_COLS 16384

typedef struct oent {
    char *name;
    char *parent;
    uint8_t fam;
    int8_t enc;       /* -1: this style sets no font */
} oent;

typedef struct omap {
    oent *e;
    size_t n, cap;
    uint32_t *slot;   /* index + 1; 0 empty */
    size_t nslot;
} omap;

static uint32_t ohash(int fam, const char *s)
{
    uint32_t h = 2166136261u ^ (uint32_t)fam;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static long map_find(const omap *m, int fam, const char *name)
{
    if (!m->nslot || !name)
        return -1;
    size_t mask = m->nslot - 1, i = ohash(fam, name) & mask;
    while (m->slot[i]) {
        const oent *e = &m->e[m->slot[i] - 1];
        if (e->fam == fam && !strcmp(e->name, name))
            return (long)m->slot[i] - 1;
        i = (i + 1) & mask;
    }
    return -1;
}

static int map_rehash(omap *m, size_t nslot)
{
    uint32_t *s = calloc(nslot, sizeof *s);
    if (!s)
        return -1;
    free(m->slot);
    m->slot = s;
    m->nslot = nslot;
    for (size_t k = 0; k < m->n; k++) {
        size_t i = ohash(m->e[k].fam, m->e[k].name) & (nslot - 1);
        while (s[i])
            i = (i + 1) & (nslot - 1);
        s[i] = (uint32_t)k + 1;
    }
    return 0;
}

/* The entry for (fam, name), created or reset (a later definition, such as
** content.xml's automatic style "P1", replaces an earlier one). NULL when out
** of memory (*nomem set) or the table is full. */
static oent *map_put(omap *m, int fam, const char *name, int *nomem)
{
    long k = map_find(m, fam, name);
    if (k >= 0) {
        oent *e = &m->e[k];
        free(e->parent);
        e->parent = NULL;
        e->enc = -1;
        return e;
    }
    if (m->n >= MAX_ENTRIES)
        return NULL;
    if ((m->n + 1) * 2 > m->nslot && map_rehash(m, m->nslot ? m->nslot * 2 : 256)) {
        *nomem = 1;
        return NULL;
    }
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 128;
        oent *e = realloc(m->e, cap * sizeof *e);
        if (!e) {
            *nomem = 1;
            return NULL;
        }
        m->e = e;
        m->cap = cap;
    }
    oent *e = &m->e[m->n];
    if (!(e->name = strdup(name))) {
        *nomem = 1;
        return NULL;
    }
    e->parent = NULL;
    e->fam = (uint8_t)fam;
    e->enc = -1;
    size_t i = ohash(fam, name) & (m->nslot - 1);
    while (m->slot[i])
        i = (i + 1) & (m->nslot - 1);
    m->slot[i] = (uint32_t)++m->n;
    return e;
}

static void map_free(omap *m)
{
    for (size_t k = 0; k < m->n; k++) {
        free(m->e[k].name);
        free(m->e[k].parent);
    }
    free(m->e);
    free(m->slot);
}

/* ---- state ---- */

enum { K_SKIP, K_MANIFEST, K_STYLES, K_CONTENT, K_META, K_OBJECT, K_MEDIA };
enum { CAP_NONE, CAP_PLAIN };

typedef struct dfr {
    uint8_t ns, el, cap;
    int8_t enc;          /* font encoding of text in this element; -1 inherit */
} dfr;

typedef struct colrun {
    uint32_t count;
    int8_t enc;
} colrun;

typedef struct od {
    doc_ctx *c;
    zipread *z;
    xt_reader x;
    xt_buf out;
    int kind;
    int flat;
    const char *part;
    dfr fr[MAXD];
    omap map;
    int8_t dflt[NFAM];     /* default-style fonts */
    long style_at_ent;     /* the style whose properties are being read */
    int style_at, style_fam;
    int in_para;
    int in_sheet;
    uint32_t page, npage;
    colrun *cols;
    size_t ncols, ccols;
    size_t ci;             /* column cursor: run and offset within it */
    uint32_t coff;
    int8_t row_enc;
    char *entry_path;      /* manifest:file-entry being read */
    zipread_walk walk;     /* the package's passes; counts its images */
    uint64_t body_visible;
    int root_seen;
    int not_odf;
    int entity_said;
    int nomem;
} od;

/* ---- attributes ---- */

typedef struct oattr {
    const char *v[E_COUNT];   /* only the ids asked for are filled */
    char buf[4][256];
    int want[4], n;
} oattr;

static void attr_cb(void *u, int local, int ns, const char *v)
{
    (void)ns;
    oattr *a = u;
    for (int i = 0; i < a->n; i++)
        if (a->want[i] == local && !a->v[local]) {
            size_t n = strlen(v);
            if (n >= sizeof a->buf[i])
                n = sizeof a->buf[i] - 1;
            memcpy(a->buf[i], v, n);
            a->buf[i][n] = 0;
            a->v[local] = a->buf[i];
        }
}

/* Fetch up to four attributes by local name into a->v[id]. */
static void get_attrs(od *o, oattr *a, int n, const int *ids)
{
    memset(a->v, 0, sizeof a->v);
    a->n = n;
    for (int i = 0; i < n; i++)
        a->want[i] = ids[i];
    xt_attrs(&o->x, attr_cb, a);
}

/* Font name attributes of style:text-properties: style:font-name refers to
** a declared face; fo:font-family names a family directly. */
typedef struct tpattr {
    char font_name[256];
    char font_family[256];
} tpattr;

static void tp_cb(void *u, int local, int ns, const char *v)
{
    tpattr *t = u;
    char *dst = local == E_font_name && ns == N_STYLE ? t->font_name
              : local == E_font_family && ns == N_FO ? t->font_family : NULL;
    if (dst) {
        size_t n = strlen(v);
        if (n > 255)
            n = 255;
        memcpy(dst, v, n);
        dst[n] = 0;
    }
}

static int fam_of(const char *s)
{
    if (!s)
        return FAM_NONE;
    if (!strcmp(s, "paragraph"))
        return FAM_PARA;
    if (!strcmp(s, "text"))
        return FAM_TEXT;
    if (!strcmp(s, "table-cell"))
        return FAM_CELL;
    return FAM_NONE;
}

/* The font encoding a style sets, following its parents; -1 if none does. */
static int chain(const od *o, int fam, const char *name)
{
    for (int i = 0; i < MAX_CHAIN && name; i++) {
        long k = map_find(&o->map, fam, name);
        if (k < 0)
            return -1;
        if (o->map.e[k].enc >= 0)
            return o->map.e[k].enc;
        name = o->map.e[k].parent;
    }
    return -1;
}

static int8_t use_enc(const od *o, int8_t e)
{
    if (e >= 0)
        return e;
    return o->dflt[FAM_PARA] >= 0 ? o->dflt[FAM_PARA] : ENC_UNKNOWN;
}

/* ---- text ---- */

/*
** ODF paragraph text treats tabs and line breaks in the XML as spaces (real
** ones are <text:tab/> and <text:line-break/>), so a hand-indented flat file
** does not break a stamp across lines.
*/
static void put_para(od *o, const char *s, size_t n, int enc)
{
    size_t i = 0;
    while (i < n && s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
        i++;
    if (i == n) {
        xt_put(&o->out, s, n, enc);
        return;
    }
    char *t = malloc(n);
    if (!t) {
        o->nomem = 1;
        return;
    }
    for (size_t k = 0; k < n; k++)
        t[k] = s[k] == '\n' || s[k] == '\r' || s[k] == '\t' ? ' ' : s[k];
    xt_put(&o->out, t, n, enc);
    free(t);
}

static void flush(od *o, const char *part, uint32_t page)
{
    o->out.part = part;
    o->out.page = page;
    if (xt_flush(&o->out) == DOC_NOMEM)
        o->nomem = 1;
}

static const char *section_part(const od *o, const char *flatname)
{
    return o->flat ? flatname : o->part;
}

static void add_column(od *o, uint32_t count, int8_t enc)
{
    if (o->ncols >= MAX_COLS)
        return;
    if (o->ncols == o->ccols) {
        size_t n = o->ccols ? o->ccols * 2 : 16;
        colrun *p = realloc(o->cols, n * sizeof *p);
        if (!p) {
            o->nomem = 1;
            return;
        }
        o->cols = p;
        o->ccols = n;
    }
    o->cols[o->ncols].count = count;
    o->cols[o->ncols].enc = enc;
    o->ncols++;
}

/* The default cell style of the column at the cursor, then move the cursor
** past `span` columns. Cells come left to right, so this is linear. */
static int8_t column_enc(od *o, uint32_t span)
{
    int8_t e = o->ci < o->ncols ? o->cols[o->ci].enc : -1;
    while (span && o->ci < o->ncols) {
        uint32_t left = o->cols[o->ci].count - o->coff;
        uint32_t take = span < left ? span : left;
        o->coff += take;
        span -= take;
        if (o->coff >= o->cols[o->ci].count) {
            o->ci++;
            o->coff = 0;
        }
    }
    return e;
}

static uint32_t repeat(const char *v)
{
    if (!v)
        return 1;
    char *end;
    unsigned long n = strtoul(v, &end, 10);
    return end == v || n == 0 ? 1 : n > 1048576 ? 1048576 : (uint32_t)n;
}

/* Returns 1 to skip the element's subtree. */
static int start_el(od *o, int d, int ns, int el)
{
    dfr *f = &o->fr[d];
    dfr *up = d > 0 ? &o->fr[d - 1] : NULL;
    int8_t inherit = up ? up->enc : -1;
    oattr a;
    f->enc = inherit;

    if (!o->root_seen) {
        o->root_seen = 1;
        if (o->flat && !(ns == N_OFFICE && el == E_document)) {
            o->not_odf = 1;
            return 1;
        }
    }

    switch (ns) {
    case N_MANIFEST:
        if (el == E_file_entry) {
            static const int ids[] = {E_full_path};
            get_attrs(o, &a, 1, ids);
            free(o->entry_path);
            o->entry_path = a.v[E_full_path] ? strdup(a.v[E_full_path]) : NULL;
        } else if (el == E_encryption_data && up && up->el == E_file_entry &&
                   o->entry_path) {
            map_put(&o->map, FAM_ENC, o->entry_path, &o->nomem);
        }
        break;
    case N_OFFICE:
        switch (el) {
        case E_spreadsheet: o->in_sheet = 1; break;
        case E_annotation: xt_brk(&o->out); break;
        case E_change_info: return 1; /* who and when, not text */
        }
        break;
    case N_STYLE:
        if (el == E_font_face) {
            static const int ids[] = {E_name, E_font_family};
            get_attrs(o, &a, 2, ids);
            if (a.v[E_name] && a.v[E_font_family]) {
                oent *e = map_put(&o->map, FAM_FACE, a.v[E_name], &o->nomem);
                if (e)
                    e->enc = (int8_t)decode_font_enc(a.v[E_font_family]);
            }
        } else if (el == E_style || el == E_default_style) {
            static const int ids[] = {E_name, E_family, E_parent_style_name};
            get_attrs(o, &a, 3, ids);
            int fam = fam_of(a.v[E_family]);
            o->style_at = -1;
            if (!fam)
                break;
            if (el == E_default_style) {
                o->style_at = d;
                o->style_fam = fam;
                o->style_at_ent = -1;
            } else if (a.v[E_name]) {
                oent *e = map_put(&o->map, fam, a.v[E_name], &o->nomem);
                if (e) {
                    if (a.v[E_parent_style_name] &&
                        !(e->parent = strdup(a.v[E_parent_style_name])))
                        o->nomem = 1;
                    o->style_at = d;
                    o->style_fam = fam;
                    o->style_at_ent = e - o->map.e;
                }
            }
        } else if (el == E_text_properties && o->style_at == d - 1) {
            tpattr t = {"", ""};
            xt_attrs(&o->x, tp_cb, &t);
            int enc = -1;
            if (t.font_name[0]) {
                long k = map_find(&o->map, FAM_FACE, t.font_name);
                enc = k >= 0 ? o->map.e[k].enc : (int)decode_font_enc(t.font_name);
            } else if (t.font_family[0]) {
                enc = decode_font_enc(t.font_family);
            }
            if (enc >= 0) {
                if (o->style_at_ent >= 0)
                    o->map.e[o->style_at_ent].enc = (int8_t)enc;
                else
                    o->dflt[o->style_fam] = (int8_t)enc;
            }
        }
        break;
    case N_TEXT:
        switch (el) {
        case E_p:
        case E_h: {
            static const int ids[] = {E_style_name};
            get_attrs(o, &a, 1, ids);
            if (a.v[E_style_name]) {
                int e = chain(o, FAM_PARA, a.v[E_style_name]);
                if (e < 0)
                    e = o->dflt[FAM_PARA];
                if (e >= 0)
                    f->enc = (int8_t)e;
            }
            o->in_para++;
            break;
        }
        case E_span:
        case E_a: {
            static const int ids[] = {E_style_name};
            get_attrs(o, &a, 1, ids);
            int e = chain(o, FAM_TEXT, a.v[E_style_name]);
            if (e >= 0)
                f->enc = (int8_t)e;
            break;
        }
        case E_s:
            if (o->in_para) {
                static const int ids[] = {E_c};
                get_attrs(o, &a, 1, ids);
                uint32_t n = repeat(a.v[E_c]);
                for (uint32_t i = 0; i < n && i < 64; i++)
                    xt_char(&o->out, ' ');
            }
            break;
        case E_tab:
            if (o->in_para)
                xt_char(&o->out, '\t');
            break;
        case E_line_break:
            if (o->in_para)
                xt_nl(&o->out);
            break;
        case E_note_body:
            xt_brk(&o->out);
            break;
        }
        break;
    case N_TABLE:
        switch (el) {
        case E_table:
            /* Column defaults are Calc's way of formatting a column; a table
            ** nested in a Writer cell starts afresh and the outer table's
            ** are not restored after it (Writer does not use them). */
            o->ncols = 0;
            xt_brk(&o->out);
            if (o->in_sheet) {
                static const int ids[] = {E_name};
                get_attrs(o, &a, 1, ids);
                if (a.v[E_name]) {
                    xt_put(&o->out, a.v[E_name], strlen(a.v[E_name]), ENC_UNKNOWN);
                    xt_nl(&o->out);
                }
            }
            break;
        case E_table_column: {
            static const int ids[] = {E_number_columns_repeated, E_default_cell_style_name};
            get_attrs(o, &a, 2, ids);
            add_column(o, repeat(a.v[E_number_columns_repeated]),
                       (int8_t)chain(o, FAM_CELL, a.v[E_default_cell_style_name]));
            break;
        }
        case E_table_row: {
            static const int ids[] = {E_default_cell_style_name};
            get_attrs(o, &a, 1, ids);
            o->row_enc = (int8_t)chain(o, FAM_CELL, a.v[E_default_cell_style_name]);
            o->ci = 0;
            o->coff = 0;
            break;
        }
        case E_table_cell:
        case E_covered_table_cell: {
            static const int ids[] = {E_style_name, E_number_columns_repeated};
            get_attrs(o, &a, 2, ids);
            int8_t col = column_enc(o, repeat(a.v[E_number_columns_repeated]));
            int e = chain(o, FAM_CELL, a.v[E_style_name]);
            if (e < 0)
                e = o->row_enc;
            if (e < 0)
                e = col;
            if (e < 0)
                e = chain(o, FAM_CELL, "Default");
            if (e < 0)
                e = o->dflt[FAM_CELL];
            if (e >= 0)
                f->enc = (int8_t)e;
            break;
        }
        }
        break;
    case N_DRAW:
        if (el == E_frame || el == E_text_box || el == E_custom_shape)
            xt_brk(&o->out);
        else if (el == E_page && (o->kind == K_CONTENT || o->flat)) {
            if (o->out.len)
                flush(o, section_part(o, "office:body"), 0);
            o->page = ++o->npage;
        }
        break;
    case N_DC:
        /* Inside office:meta, the document's title, subject, description;
        ** elsewhere (comments, tracked changes) an author or date. */
        if (up && up->ns == N_OFFICE && up->el == E_meta) {
            if (el == E_title || el == E_subject || el == E_description)
                f->cap = CAP_PLAIN;
        } else {
            return 1;
        }
        break;
    case N_META:
        if ((el == E_keyword || el == E_user_defined) && up && up->ns == N_OFFICE &&
            up->el == E_meta)
            f->cap = CAP_PLAIN;
        break;
    case N_SVG:
        if (el == E_title || el == E_desc)
            return 1; /* alternative text, not shown */
        break;
    case N_PRES:
        /* Slide header, footer and date text set for the whole show. */
        if (el == E_header_decl || el == E_footer_decl)
            f->cap = CAP_PLAIN;
        break;
    }
    return 0;
}

static void end_el(od *o, int d)
{
    dfr *f = &o->fr[d];
    if (f->cap == CAP_PLAIN)
        xt_brk(&o->out);
    switch (f->ns) {
    case N_TEXT:
        if (f->el == E_p || f->el == E_h) {
            xt_nl(&o->out);
            if (o->in_para)
                o->in_para--;
        } else if (f->el == E_note_body) {
            xt_brk(&o->out);
        }
        break;
    case N_TABLE:
        if (f->el == E_table_cell || f->el == E_covered_table_cell ||
            f->el == E_table_row)
            xt_brk(&o->out);
        else if (f->el == E_table)
            o->ncols = 0;
        break;
    case N_DRAW:
        if (f->el == E_frame || f->el == E_text_box || f->el == E_custom_shape)
            xt_brk(&o->out);
        else if (f->el == E_page && o->page) {
            flush(o, section_part(o, "office:body"), o->page);
            o->page = 0;
        }
        break;
    case N_OFFICE:
        switch (f->el) {
        case E_annotation: xt_brk(&o->out); break;
        case E_spreadsheet: o->in_sheet = 0; break;
        case E_meta: flush(o, section_part(o, "office:meta"), 0); break;
        case E_master_styles: flush(o, section_part(o, "office:master-styles"), 0); break;
        case E_body: flush(o, section_part(o, "office:body"), 0); break;
        }
        break;
    case N_STYLE:
        if (o->style_at == d)
            o->style_at = -1;
        break;
    }
}

static void text_node(od *o, int d)
{
    if (d < 1 || d > MAXD)
        return;
    dfr *up = &o->fr[d - 1];
    size_t n;
    const char *s;
    if (o->in_para) {
        s = xt_value(&o->x, &n);
        put_para(o, s, n, use_enc(o, up->enc));
    } else if (up->cap == CAP_PLAIN) {
        s = xt_value(&o->x, &n);
        xt_put(&o->out, s, n, ENC_UNKNOWN);
    }
}

static int is_text_kind(int kind)
{
    return kind == K_STYLES || kind == K_CONTENT || kind == K_META;
}

/* Read one XML document, from a member (rd) or from memory (flat). */
static int read_xml(od *o, const char *name, int kind, const unsigned char *mem,
                    size_t len)
{
    o->kind = kind;
    o->part = name;
    o->in_para = 0;
    o->in_sheet = 0;
    o->page = 0;
    o->npage = 0;
    o->style_at = -1;
    o->ncols = 0;
    o->row_enc = -1;
    o->root_seen = 0;
    o->out.c = is_text_kind(kind) || o->flat ? o->c : NULL;
    o->out.part = name;
    o->out.page = 0;
    uint64_t before = o->out.visible;
    int rc = mem ? xt_open_mem(&o->x, &names, mem, len, name)
                 : xt_open_io(&o->x, &names, zipread_read, o->z, name);
    if (rc)
        return DOC_NOMEM;
    int r, skip = 0;
    unsigned long nodes = 0;
    while ((r = xt_read(&o->x, skip)) == 1) {
        skip = 0;
        /* A member's stream checks the time as it inflates; a flat file in
        ** memory is checked here, now and then. */
        if (o->flat && !(++nodes & 4095) && doc_stop(o->c))
            break;
        int t = xt_type(&o->x), d = xt_depth(&o->x);
        if (t == XML_READER_TYPE_ELEMENT) {
            if (d >= MAXD)
                continue;
            int ns = xt_ns(&o->x), el = xt_local(&o->x);
            o->fr[d].ns = (uint8_t)ns;
            o->fr[d].el = (uint8_t)el;
            o->fr[d].cap = CAP_NONE;
            skip = start_el(o, d, ns, el);
            if (o->not_odf)
                break;
            if (!skip && xt_empty(&o->x))
                end_el(o, d);
        } else if (t == XML_READER_TYPE_END_ELEMENT) {
            if (d < MAXD)
                end_el(o, d);
        } else if (t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
                   t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                   t == XML_READER_TYPE_WHITESPACE) {
            text_node(o, d);
        } else if (t == XML_READER_TYPE_ENTITY_REFERENCE && o->in_para &&
                   !o->entity_said) {
            doc_unscanned(o->c, "entity reference in %s not expanded", name);
            o->entity_said = 1;
        }
        if (o->out.nomem || o->nomem)
            break;
    }
    if (r < 0 && !o->not_odf && !(o->z && zipread_cut(o->z)) && !doc_stop(o->c))
        doc_unscanned(o->c, "malformed XML in %s: %s", name, o->x.err);
    xt_close(&o->x);
    if (o->nomem)
        o->out.nomem = 1;
    if (strcmp(name, "meta.xml"))
        o->body_visible += o->out.visible - before;
    flush(o, o->flat ? "office:document" : name, 0);
    return o->nomem ? DOC_NOMEM : DOC_OK;
}

/* ---- packages ---- */

static int classify(const char *name)
{
    if (!strcmp(name, "META-INF/manifest.xml"))
        return K_MANIFEST;
    if (!strcmp(name, "styles.xml"))
        return K_STYLES;
    if (!strcmp(name, "meta.xml"))
        return K_META;
    /* The document's content, and that of embedded objects (charts,
    ** formulas, documents inside documents: "Object 1/content.xml"). */
    if (!strcmp(name, "content.xml") || zipread_match("*/content.xml", name))
        return K_CONTENT;
    if (zipread_match("Pictures/*", name))
        return K_MEDIA;
    /* An embedded binary object (OLE: an Office file inside the document). */
    if (zipread_match("Object *", name) && !strchr(name, '.'))
        return K_OBJECT;
    return K_SKIP;
}

enum { PASS_MANIFEST, PASS_STYLES, PASS_REST };

static int wanted(int pass, int kind)
{
    switch (pass) {
    case PASS_MANIFEST: return kind == K_MANIFEST;
    case PASS_STYLES: return kind == K_STYLES;
    default: return kind == K_CONTENT || kind == K_META || kind == K_OBJECT ||
                    kind == K_MEDIA;
    }
}

/* zipread_walk's sort: what a member is in a pass. Members the manifest
** lists as encrypted are reported here, never parsed. */
static int sort_member(void *u, int pass, const char *name, int *kind)
{
    od *o = u;
    *kind = classify(name);
    if (!wanted(pass, *kind))
        return ZR_SKIP;
    if (*kind == K_MEDIA)
        return ZR_MEDIA;
    if (map_find(&o->map, FAM_ENC, name) >= 0) {
        doc_unscanned(o->c, "encrypted member %s", name);
        return ZR_SKIP;
    }
    return *kind == K_OBJECT ? ZR_EMBED : ZR_PART;
}

static int read_member(void *u, const char *name, int kind)
{
    return read_xml(u, name, kind, NULL, 0);
}

static void od_free(od *o)
{
    zipread_free(o->z);
    xt_buf_free(&o->out);
    map_free(&o->map);
    free(o->cols);
    free(o->entry_path);
    free(o);
}

static int extract_flat(od *o, const unsigned char *data, size_t len)
{
    o->flat = 1;
    int rc = read_xml(o, "office:document", K_CONTENT, data, len);
    if (rc == DOC_OK && o->not_odf)
        return doc_corrupt(o->c, "not an ODF document: the root element is not "
                                 "office:document");
    return rc;
}

int odf_extract(doc_ctx *c, const unsigned char *data, size_t len)
{
    if (doc_stop(c))
        return DOC_OK;
    od *o = calloc(1, sizeof *o);
    if (!o)
        return DOC_NOMEM;
    o->c = c;
    o->style_at = -1;
    memset(o->dflt, -1, sizeof o->dflt);
    int rc;
    if (len < 2 || memcmp(data, "PK", 2)) {
        /* Not a zip: a flat ODF document (.fodt), or nothing we read. */
        size_t i = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
        while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' ||
                           data[i] == '\n'))
            i++;
        if (i < len && data[i] == '<')
            rc = extract_flat(o, data, len);
        else
            rc = doc_corrupt(c, "not an ODF document: neither a zip package nor XML");
        od_free(o);
        return rc;
    }
    rc = zipread_open(&o->z, c, data, len);
    if (rc != DOC_OK) {
        free(o);
        return rc;
    }
    o->walk = (zipread_walk){sort_member, read_member, o, 0};
    if (!zipread_has(o->z, "content.xml")) {
        if (!zipread_has(o->z, "mimetype")) {
            od_free(o);
            return doc_corrupt(c, "not an ODF package: no content.xml and no mimetype");
        }
        doc_unscanned(c, "no content.xml in the package");
    }
    if (zipread_has(o->z, "META-INF/manifest.xml"))
        rc = zipread_walk_pass(o->z, PASS_MANIFEST, &o->walk);
    /* Styles first: content.xml's styles inherit from them. */
    if (rc == DOC_OK && !doc_stop(c) && zipread_has(o->z, "styles.xml"))
        rc = zipread_walk_pass(o->z, PASS_STYLES, &o->walk);
    if (rc == DOC_OK && !doc_stop(c))
        rc = zipread_walk_pass(o->z, PASS_REST, &o->walk);
    if (rc == DOC_OK)
        zipread_walk_images_only(o->z, &o->walk, o->body_visible);
    od_free(o);
    return rc;
}

/*
** 2026-11-25
**
** pdf.c: PDF -> text pieces, through Poppler's GLib interface (see doc.h).
**
** Takes the bytes of a PDF and hands on, in this order: the document
** information (title, subject, keywords, author, creator) as piece
** "metadata", one value a line; then for each page its text (part NULL,
** page N), the contents of its annotations ("annotations", page N) and the
** values of its form fields ("form fields", page N); then the embedded files
** (document attachments, then file-attachment annotations) through doc_file.
** Reported with doc_unscanned, once each: an encrypted document, pages with
** no text layer that hold pictures, scanned pages (a picture over half the
** page with under PDF_FEW_GLYPHS characters laid over it), pages Poppler
** cannot load, pages past limits.max_pages, and a document without a single
** character. A file Poppler cannot open at all is doc_corrupt with the reason.
**
** Text order. poppler_page_get_text gives Poppler's reading order: blocks
** of lines, columns one after the other. But where Poppler's table finder
** sees a grid of blocks - the two header columns of an administrative
** document, in two rows, are exactly that, as is any ruled table - it joins
** the first line of each block to the last line of the block on its left,
** with no space: "TỐI MẬTHà Nam, ngày 12 tháng 3 năm 2026". So the text is
** split again with the glyph boxes of poppler_page_get_text_layout (one box
** per character of the text): where two neighbours on one output line are
** not on one line of the page, or are further apart than Poppler itself lets
** words of one line be, a line break goes in. Each cell of such a row then
** has its own line, as a stamp in its own cell must. The boxes cost 3.4%
** more instructions than the text alone (453 pages of LibreOffice output).
**
** Legacy fonts. Text set in .VnTime or VNI-Times comes out of Poppler as the
** Latin-1 look-alikes it is stored as ("TèI MËT"). Asking Poppler for the
** font of every run costs another 4% a page, and scanning a page's fonts
** (poppler_font_info_scan) 9%, so the fonts are only asked for on a page
** whose text holds a Latin-1 character Vietnamese text has no use for
** (every legacy-encoded stamp does: Ë, Ö, Ä). Then each line of a run in a
** legacy font whose text is still look-alikes is converted with
** decode_font_text.
**
** Poppler reports syntax errors in damaged files through GLib logging in the
** "Poppler" domain (at level INFO, which G_MESSAGES_DEBUG=all prints on
** stdout). A handler for that domain, installed once per process, drops
** them. It silences Poppler for the whole process, which is what a host
** that links this library wants from it anyway.
**
** It never prints, never exits, checks doc_stop() between pages and between
** embedded files, and reads no more pages than limits.max_pages. Poppler
** bounds its own recursion in content streams and page trees; one page's
** text cannot be interrupted once Poppler has started on it.
*/
#include "doc.h"
#include "decode.h"

#include <glib.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Page ranges named in one message; the rest are counted. */
#define PDF_MAX_RANGES 16

/*
** A page that is mostly one picture (half its area or more) with fewer
** characters of text than this is a scan with a few words laid over it - a
** page number, a signature line - and its picture is what a reader reads.
*/
#define PDF_FEW_GLYPHS 200

typedef struct sbuf {
    char *p;
    size_t len, cap;
} sbuf;

static int sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->cap - b->len < n + 1) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap - b->len < n + 1) {
            if (cap > SIZE_MAX / 2)
                return -1;
            cap *= 2;
        }
        char *p = realloc(b->p, cap);
        if (!p)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

/* Text from a PDF string: CR and CRLF (the PDF line ends of annotation
** contents and form values) become '\n'; the value ends its line. */
static int sb_line(sbuf *b, const char *s)
{
    if (!s)
        return 0;
    size_t n = strlen(s), start = b->len;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == '\r') {
            if (i + 1 < n && s[i + 1] == '\n')
                continue;
            ch = '\n';
        }
        if (sb_put(b, &ch, 1))
            return -1;
    }
    if (b->len == start)
        return 0;
    return b->p[b->len - 1] == '\n' ? 0 : sb_put(b, "\n", 1);
}

/* ---- page lists for messages ---- */

typedef struct pages {
    uint32_t first[PDF_MAX_RANGES], last[PDF_MAX_RANGES];
    unsigned nrange;
    uint32_t count;   /* pages in the list */
    uint32_t more;    /* pages beyond the named ranges */
} pages;

static void pages_add(pages *l, uint32_t no)
{
    l->count++;
    if (l->nrange && l->last[l->nrange - 1] + 1 == no && !l->more)
        l->last[l->nrange - 1] = no;
    else if (l->nrange < PDF_MAX_RANGES && !l->more) {
        l->first[l->nrange] = l->last[l->nrange] = no;
        l->nrange++;
    } else
        l->more++;
}

/* "3, 7, 9-12 and 40 more" */
static void pages_format(const pages *l, char *out, size_t n)
{
    size_t k = 0;
    out[0] = '\0';
    for (unsigned i = 0; i < l->nrange && k < n; i++) {
        int w = l->first[i] == l->last[i]
                    ? snprintf(out + k, n - k, "%s%u", i ? ", " : "", l->first[i])
                    : snprintf(out + k, n - k, "%s%u-%u", i ? ", " : "",
                               l->first[i], l->last[i]);
        if (w < 0)
            return;
        k += (size_t)w;
    }
    if (l->more && k < n)
        snprintf(out + k, n - k, " and %u more", l->more);
}

/* ---- silence ---- */

static void quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg,
                  gpointer data)
{
    (void)domain;
    (void)level;
    (void)msg;
    (void)data;
}

static void pdf_quiet_once(void)
{
    static gsize done = 0;
    if (g_once_init_enter(&done)) {
        g_log_set_handler("Poppler",
                          G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
                          quiet, NULL);
        g_once_init_leave(&done, 1);
    }
}

/* ---- legacy fonts ---- */

/* Length of the UTF-8 character at s (1 for a stray byte), and its value. */
static size_t u8_get(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char b = s[0];
    size_t k = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    if (k > n) {
        *cp = 0xFFFD;
        return 1;
    }
    uint32_t c = k == 1 ? b : k == 2 ? b & 0x1F : k == 3 ? b & 0x0F : b & 0x07;
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    *cp = c;
    return k;
}

/*
** Characters from U+0080 to U+00FF that Unicode Vietnamese text is made of:
** the Latin-1 letters of Vietnamese (À Á Â Ã È É Ê Ì Í Ò Ó Ô Õ Ù Ú Ý and
** their lowercase), and the symbols documents use (no-break space, § © « ®
** ° ± ² ³ · ¹ » ¼ ½ ¾ × ÷; the ¹²³ of footnotes alone made half the pages of
** a public plan ask for their fonts). Any other is a sign of legacy text:
** every legacy-encoded stamp has one (Ë of TCVN3 "MËT", Ä of VNI "MAÄT").
*/
#define P(c) [(c) - 0x80] = 1
static const unsigned char unicode_vn[128] = {
    P(0xA0), P(0xA7), P(0xA9), P(0xAB), P(0xAE), P(0xB0), P(0xB1), P(0xB2),
    P(0xB3), P(0xB7), P(0xB9), P(0xBB), P(0xBC), P(0xBD), P(0xBE), P(0xD7),
    P(0xF7),
    P(0xC0), P(0xC1), P(0xC2), P(0xC3), P(0xC8), P(0xC9), P(0xCA), P(0xCC),
    P(0xCD), P(0xD2), P(0xD3), P(0xD4), P(0xD5), P(0xD9), P(0xDA), P(0xDD),
    P(0xE0), P(0xE1), P(0xE2), P(0xE3), P(0xE8), P(0xE9), P(0xEA), P(0xEC),
    P(0xED), P(0xF2), P(0xF3), P(0xF4), P(0xF5), P(0xF9), P(0xFA), P(0xFD)};
#undef P

/* What one pass over a page's text tells: its characters (to match the
** glyph boxes), whether it has any but blanks, whether it looks legacy. */
typedef struct survey {
    size_t chars, glyphs;
    int glyph, legacy;
} survey;

static survey survey_text(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    survey v = {0, 0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = u[i];
        if (ch < 0x80) {
            v.chars++;
            v.glyphs += ch != ' ' && ch != '\n' && ch != '\t' && ch != '\r';
        } else if ((ch & 0xC0) != 0x80) {
            v.chars++;
            v.glyphs++;
            if ((ch == 0xC2 || ch == 0xC3) && i + 1 < n) {
                unsigned c = ((unsigned)(ch & 0x1F) << 6) | (u[i + 1] & 0x3F);
                v.legacy |= c >= 0xA0 && !unicode_vn[c - 0x80];
            }
        }
    }
    v.glyph = v.glyphs > 0;
    return v;
}

/* Characters the Windows-1252 bytes 0x80-0x9F stand for: look-alike text
** may hold them, real Vietnamese letters above U+00FF it may not. */
static int cp1252_extra(uint32_t c)
{
    static const uint16_t set[] = {
        0x0152, 0x0153, 0x0160, 0x0161, 0x0178, 0x017D, 0x017E, 0x0192,
        0x02C6, 0x02DC, 0x2013, 0x2014, 0x2018, 0x2019, 0x201A, 0x201C,
        0x201D, 0x201E, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039,
        0x203A, 0x20AC, 0x2122};
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
        if (set[i] == c)
            return 1;
    return 0;
}

/* A run in a legacy-named font whose text already has real Vietnamese
** letters (a converted document that kept its font names) is left alone. */
static int still_lookalike(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        i += u8_get(u + i, n - i, &c);
        if (c > 0xFF && !cp1252_extra(c))
            return 0;
    }
    return 1;
}

/* Runs with a legacy font, or NULL when the page has none. */
static GList *legacy_runs(PopplerPage *page)
{
    GList *attrs = poppler_page_get_text_attributes(page);
    for (GList *a = attrs; a; a = a->next) {
        const PopplerTextAttributes *t = a->data;
        if (t && decode_font_enc(t->font_name) != ENC_UNKNOWN)
            return attrs;
    }
    poppler_page_free_text_attributes(attrs);
    return NULL;
}

/* Convert out[from..] in place if it is legacy look-alike text. */
static int flush_legacy(sbuf *out, size_t from, decode_enc enc)
{
    if (enc == ENC_UNKNOWN || out->len == from ||
        !still_lookalike(out->p + from, out->len - from))
        return 0;
    size_t n;
    char *s = decode_font_text(enc, out->p + from, out->len - from, &n);
    if (!s)
        return -1;
    out->len = from;
    int rc = sb_put(out, s, n);
    free(s);
    return rc;
}

/* ---- line structure ---- */

/*
** Whether glyph b, following glyph a on one output line (with a space
** between them or not), is on the same line of the page. Boxes must overlap
** by half the smaller one across the writing direction, and the gap along it
** must stay under what Poppler allows inside a word (0.5 of the glyph
** height; it breaks words at 0.1 of the font size) or between words of a line
** (2 heights; it joins words at most 1.5 font sizes apart). Both writing
** directions are tried, so vertical text is not cut glyph by glyph.
*/
static int same_line(const PopplerRectangle *a, const PopplerRectangle *b,
                     int spaced)
{
    double lim = spaced ? 2.0 : 0.5;
    double ha = a->y2 - a->y1, hb = b->y2 - b->y1;
    double wa = a->x2 - a->x1, wb = b->x2 - b->x1;
    double h = MAX(ha, hb), w = MAX(wa, wb);
    if (!(h > 0) || !(w > 0))
        return 1; /* degenerate boxes say nothing */
    double yov = MIN(a->y2, b->y2) - MAX(a->y1, b->y1);
    if (yov >= 0.5 * MIN(ha, hb) && MAX(b->x1 - a->x2, a->x1 - b->x2) <= lim * h)
        return 1;
    double xov = MIN(a->x2, b->x2) - MAX(a->x1, b->x1);
    if (xov >= 0.5 * MIN(wa, wb) && MAX(b->y1 - a->y2, a->y1 - b->y2) <= lim * w)
        return 1;
    return 0;
}

/* The legacy encoding of character idx, from the runs at *run onwards. */
static decode_enc run_enc(GList **run, long idx)
{
    const PopplerTextAttributes *t;
    while (*run && (t = (*run)->data) != NULL && t->end_index < idx)
        *run = (*run)->next;
    if (*run && (t = (*run)->data) != NULL && t->start_index <= idx)
        return decode_font_enc(t->font_name);
    return ENC_UNKNOWN;
}

/*
** The text of one page into out: Poppler's text with line breaks put back
** where it glued separate lines together, and legacy-font runs converted.
** Text is copied in spans; only a break or the end of a legacy run stops
** a span. Returns 0, or -1 when out of memory.
*/
static int page_text(PopplerPage *page, const char *text, size_t n,
                     const survey *sv, sbuf *out)
{
    PopplerRectangle *box = NULL;
    guint nbox = 0;
    if (!poppler_page_get_text_layout(page, &box, &nbox) || nbox != sv->chars) {
        g_free(box);
        box = NULL;
    }
    GList *runs = sv->legacy ? legacy_runs(page) : NULL;
    GList *run = runs;
    decode_enc enc = ENC_UNKNOWN;
    size_t from = 0;    /* where the current legacy stretch starts in out */
    size_t copied = 0;  /* text[0..copied) is in out */
    long idx = -1, prev = -1; /* this character, the last glyph of the line */
    int spaced = 0, rc = 0;

    out->len = 0;
    for (size_t i = 0; i < n && rc == 0 && (box || runs); i++) {
        unsigned char ch = (unsigned char)text[i];
        if ((ch & 0xC0) == 0x80)
            continue;
        idx++;
        if (runs) {
            decode_enc e = run_enc(&run, idx);
            if (e != enc) {
                rc = sb_put(out, text + copied, i - copied);
                rc = rc ? rc : flush_legacy(out, from, enc);
                copied = i;
                from = out->len;
                enc = e;
            }
        }
        if (ch == ' ') {
            spaced = 1;
        } else if (ch == '\n') {
            /* Judged line by line: one converted line that kept its legacy
            ** font names must not spare the look-alikes of the next. */
            if (enc != ENC_UNKNOWN) {
                rc = rc ? rc : sb_put(out, text + copied, i + 1 - copied);
                rc = rc ? rc : flush_legacy(out, from, enc);
                copied = i + 1;
                from = out->len;
            }
            prev = -1;
            spaced = 0;
        } else {
            if (box && prev >= 0 && !same_line(&box[prev], &box[idx], spaced)) {
                rc = rc ? rc : sb_put(out, text + copied, i - copied);
                rc = rc ? rc : flush_legacy(out, from, enc);
                while (out->len && out->p[out->len - 1] == ' ')
                    out->len--;
                rc = rc ? rc : sb_put(out, "\n", 1);
                copied = i;
                from = out->len;
            }
            spaced = 0;
            prev = idx;
        }
    }
    rc = rc ? rc : sb_put(out, text + copied, n - copied);
    rc = rc ? rc : flush_legacy(out, from, enc);
    if (rc == 0 && out->len && out->p[out->len - 1] != '\n')
        rc = sb_put(out, "\n", 1);
    if (runs)
        poppler_page_free_text_attributes(runs);
    g_free(box);
    return rc;
}

/* ---- embedded files ---- */

typedef struct grab {
    doc_ctx *c;
    sbuf buf;
    uint64_t limit;
    int over;       /* larger than limits.max_input_bytes */
    int stopped;    /* the extracted-bytes budget ran out */
    int nomem;
} grab;

static gboolean grab_chunk(const gchar *buf, gsize n, gpointer data, GError **err)
{
    grab *g = data;
    if (g->buf.len + n > g->limit)
        g->over = 1;
    else if (doc_budget(g->c, n))
        g->stopped = 1;
    else if (sb_put(&g->buf, buf, n) == 0)
        return TRUE;
    else
        g->nomem = 1;
    g_set_error_literal(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "not kept");
    return FALSE;
}

static int attachment(doc_ctx *c, PopplerAttachment *att, unsigned *nfiles)
{
    const char *name = att->name && *att->name ? att->name : "(attachment)";
    const domat_limits *lim = doc_limits(c);
    if (doc_stop(c))
        return DOC_OK;
    if (++*nfiles > lim->max_members) {
        if (*nfiles == lim->max_members + 1)
            doc_unscanned(c, "embedded files after the first %u not scanned (limit %u)",
                          lim->max_members, lim->max_members);
        return DOC_OK;
    }
    grab g = {c, {NULL, 0, 0}, lim->max_input_bytes, 0, 0, 0};
    GError *err = NULL;
    gboolean ok = poppler_attachment_save_to_callback(att, grab_chunk, &g, &err);
    int rc = DOC_OK;
    if (g.over)
        doc_unscanned(c, "embedded file %s: larger than %llu bytes, not scanned",
                      name, (unsigned long long)g.limit);
    else if (g.nomem)
        rc = DOC_NOMEM;
    else if (g.stopped)
        ; /* the scanner has recorded why */
    else if (!ok)
        doc_unscanned(c, "embedded file %s: cannot be read", name);
    else
        rc = doc_file(c, name, g.buf.p ? g.buf.p : "", g.buf.len);
    if (err)
        g_error_free(err);
    free(g.buf.p);
    return rc;
}

/* ---- annotations and form fields ---- */

static int annotations(doc_ctx *c, PopplerPage *page, uint32_t no, sbuf *b,
                       GList **files, unsigned *nfiles)
{
    GList *map = poppler_page_get_annot_mapping(page);
    int rc = 0;
    b->len = 0;
    for (GList *m = map; m && rc == 0; m = m->next) {
        PopplerAnnot *a = ((PopplerAnnotMapping *)m->data)->annot;
        PopplerAnnotType t = poppler_annot_get_annot_type(a);
        /* A popup shows its parent's contents, which are read there. */
        if (t == POPPLER_ANNOT_POPUP)
            continue;
        if (t == POPPLER_ANNOT_FILE_ATTACHMENT) {
            PopplerAttachment *att = poppler_annot_file_attachment_get_attachment(
                POPPLER_ANNOT_FILE_ATTACHMENT(a));
            /* One past the limit is kept, for attachment() to report. */
            if (att && *nfiles <= doc_limits(c)->max_members) {
                *files = g_list_prepend(*files, att);
                ++*nfiles;
            } else if (att)
                g_object_unref(att);
        }
        gchar *s = poppler_annot_get_contents(a);
        rc = sb_line(b, s);
        g_free(s);
    }
    poppler_page_free_annot_mapping(map);
    if (rc)
        return DOC_NOMEM;
    return b->len ? doc_text(c, "annotations", no, b->p, b->len) : DOC_OK;
}

static int form_fields(doc_ctx *c, PopplerPage *page, uint32_t no, sbuf *b)
{
    /* Poppler lists the widgets last first; the page's order reads better. */
    GList *map = g_list_reverse(poppler_page_get_form_field_mapping(page));
    int rc = 0;
    b->len = 0;
    for (GList *m = map; m && rc == 0; m = m->next) {
        PopplerFormField *f = ((PopplerFormFieldMapping *)m->data)->field;
        PopplerFormFieldType t = poppler_form_field_get_field_type(f);
        if (t == POPPLER_FORM_FIELD_TEXT) {
            gchar *s = poppler_form_field_text_get_text(f);
            rc = sb_line(b, s);
            g_free(s);
        } else if (t == POPPLER_FORM_FIELD_CHOICE) {
            int n = poppler_form_field_choice_get_n_items(f);
            for (int i = 0; i < n && rc == 0; i++) {
                if (!poppler_form_field_choice_is_item_selected(f, i))
                    continue;
                gchar *s = poppler_form_field_choice_get_item(f, i);
                rc = sb_line(b, s);
                g_free(s);
            }
            /* What was typed into an editable combo box. */
            if (poppler_form_field_choice_is_editable(f)) {
                gchar *s = poppler_form_field_choice_get_text(f);
                rc = rc ? rc : sb_line(b, s);
                g_free(s);
            }
        }
    }
    poppler_page_free_form_field_mapping(map);
    if (rc)
        return DOC_NOMEM;
    return b->len ? doc_text(c, "form fields", no, b->p, b->len) : DOC_OK;
}

static int metadata(doc_ctx *c, PopplerDocument *doc, sbuf *b)
{
    gchar *(*const get[])(PopplerDocument *) = {
        poppler_document_get_title, poppler_document_get_subject,
        poppler_document_get_keywords, poppler_document_get_author,
        poppler_document_get_creator};
    int rc = 0;
    b->len = 0;
    for (size_t i = 0; i < sizeof get / sizeof get[0] && rc == 0; i++) {
        gchar *s = get[i](doc);
        if (s && survey_text(s, strlen(s)).glyph)
            rc = sb_line(b, s);
        g_free(s);
    }
    if (rc)
        return DOC_NOMEM;
    return b->len ? doc_text(c, "metadata", 0, b->p, b->len) : DOC_OK;
}

/* ---- pictures ---- */

/* Whether pictures cover half the page. Poppler finds them without decoding
** them; overlaps count twice, which only errs towards reporting. */
static int mostly_picture(PopplerPage *page)
{
    double w = 0, h = 0, area = 0;
    poppler_page_get_size(page, &w, &h);
    GList *img = poppler_page_get_image_mapping(page);
    for (GList *m = img; m; m = m->next) {
        const PopplerRectangle *r = &((PopplerImageMapping *)m->data)->area;
        double x1 = MAX(MIN(r->x1, r->x2), 0), x2 = MIN(MAX(r->x1, r->x2), w);
        double y1 = MAX(MIN(r->y1, r->y2), 0), y2 = MIN(MAX(r->y1, r->y2), h);
        if (x2 > x1 && y2 > y1)
            area += (x2 - x1) * (y2 - y1);
    }
    poppler_page_free_image_mapping(img);
    return w > 0 && h > 0 && area >= 0.5 * w * h;
}

/* ---- opening ---- */

/* Whether s[0..5) occurs in d[from..to), to <= n. */
static int has5(const unsigned char *d, size_t from, size_t to, const char *s)
{
    for (size_t i = from; i + 5 <= to; i++)
        if (d[i] == (unsigned char)s[0] && !memcmp(d + i, s, 5))
            return 1;
    return 0;
}

static int open_failed(doc_ctx *c, const unsigned char *data, size_t len,
                       const GError *err)
{
    if (err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED) {
        doc_unscanned(c, "encrypted PDF: cannot be read without its password");
        return DOC_OK;
    }
    const char *why = "cannot be opened";
    if (err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_DAMAGED)
        why = "no readable cross-reference table, even after repair";
    else if (err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_BAD_CATALOG)
        why = "its catalog cannot be read";
    else if (err && err->message)
        why = err->message;
    /* Readers accept the header anywhere in the first kilobyte, and the
    ** %%EOF of a whole file is in its last one. */
    if (!has5(data, 0, len < 1024 ? len : 1024, "%PDF-"))
        return doc_corrupt(c, "not a PDF (no %%PDF- header): %s", why);
    if (!has5(data, len > 1024 ? len - 1024 : 0, len, "%%EOF"))
        return doc_corrupt(c, "truncated PDF (no %%%%EOF at the end): %s", why);
    return doc_corrupt(c, "damaged PDF: %s", why);
}

/* ---- the extractor ---- */

int pdf_extract(doc_ctx *c, const unsigned char *data, size_t len)
{
    pdf_quiet_once();
    if (len < 8 || !data)
        return doc_corrupt(c, "damaged PDF: %zu bytes is too short for a PDF", len);

    GError *err = NULL;
    GBytes *bytes = g_bytes_new_static(data, len);
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &err);
    g_bytes_unref(bytes);
    if (!doc) {
        int rc = open_failed(c, data, len, err);
        if (err)
            g_error_free(err);
        return rc;
    }

    int rc = DOC_OK;
    const domat_limits *lim = doc_limits(c);
    int np = poppler_document_get_n_pages(doc);
    if (np <= 0) {
        /* Poppler counts none when /Count is missing, not a number, or
        ** larger than the file's number of objects (a billion-page claim).
        ** The file did open, so this is a part we cannot read, reported
        ** for review, not a document we could not read at all. */
        g_object_unref(doc);
        doc_unscanned(c, "PDF pages not scanned: page tree missing or its page count invalid");
        return DOC_OK;
    }
    uint32_t todo = (uint32_t)np > lim->max_pages ? lim->max_pages : (uint32_t)np;
    if ((uint32_t)np > todo)
        doc_unscanned(c, "PDF has %d pages; pages %u-%d not scanned (limit %u)",
                      np, todo + 1, np, todo);

    sbuf out = {NULL, 0, 0};
    GList *files = NULL;
    pages image = {0}, scanned = {0}, blank = {0}, broken = {0};
    unsigned nannot_files = 0;
    uint32_t with_text = 0;
    rc = metadata(c, doc, &out);

    for (uint32_t i = 0; i < todo && rc == DOC_OK && !doc_stop(c); i++) {
        uint32_t no = i + 1;
        PopplerPage *page = poppler_document_get_page(doc, (int)i);
        if (!page) {
            pages_add(&broken, no);
            continue;
        }
        char *text = poppler_page_get_text(page);
        size_t n = text ? strlen(text) : 0;
        survey sv = survey_text(text, n);
        if (sv.glyph) {
            if (sv.glyphs < PDF_FEW_GLYPHS && mostly_picture(page))
                pages_add(&scanned, no);
            with_text++;
            if (page_text(page, text, n, &sv, &out))
                rc = DOC_NOMEM;
            else
                rc = doc_text(c, NULL, no, out.p, out.len);
        } else {
            GList *img = poppler_page_get_image_mapping(page);
            pages_add(img ? &image : &blank, no);
            poppler_page_free_image_mapping(img);
        }
        g_free(text);
        if (rc == DOC_OK)
            rc = annotations(c, page, no, &out, &files, &nannot_files);
        if (rc == DOC_OK)
            rc = form_fields(c, page, no, &out);
        g_object_unref(page);
    }

    if (rc == DOC_OK && broken.count == todo && !doc_stop(c)) {
        rc = doc_corrupt(c, "damaged PDF: none of its %d pages can be read", np);
    } else if (rc == DOC_OK) {
        char list[256];
        if (scanned.count) {
            pages_format(&scanned, list, sizeof list);
            doc_unscanned(c, "scanned pages (a picture with under %d characters of text): %s",
                          PDF_FEW_GLYPHS, list);
        }
        if (image.count) {
            pages_format(&image, list, sizeof list);
            doc_unscanned(c, "image-only pages (no text layer): %s", list);
        }
        if (broken.count) {
            pages_format(&broken, list, sizeof list);
            doc_unscanned(c, "pages that cannot be read: %s", list);
        }
        /* A lone blank page is a blank page; a document without a single
        ** character is a drawing or an outlined scan and must not pass. */
        if (!with_text && !image.count && blank.count)
            doc_unscanned(c, "no text on any page (%u pages): drawn or blank", blank.count);
    }

    unsigned nfiles = 0;
    if (rc == DOC_OK) {
        GList *att = poppler_document_get_attachments(doc);
        for (GList *a = att; a && rc == DOC_OK && !doc_stop(c); a = a->next)
            rc = attachment(c, a->data, &nfiles);
        files = g_list_reverse(files);
        for (GList *a = files; a && rc == DOC_OK && !doc_stop(c); a = a->next)
            rc = attachment(c, a->data, &nfiles);
        g_list_free_full(att, g_object_unref);
    }
    g_list_free_full(files, g_object_unref);
    free(out.p);
    g_object_unref(doc);
    return rc;
}

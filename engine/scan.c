/*
** 2026-11-25
**
** scan.c: the scanner, which runs one input through every stage.
**
**   bytes -> decode -> (html) -> fold -> Hyperscan -> classify/score -> result
**
** Takes an input as a buffer or a file, hands on a domat_result. Inputs are
** processed one segment at a time (limits.h: DOMAT_DEFAULT_SEGMENT) so memory
** stays bounded whatever the input size. A segment ends after a line break;
** its last line is carried into the next segment as well, so a phrase broken
** across the cut is still seen, and hits inside the carried line that the
** previous segment already reported are skipped by their offset.
**
** A scanner belongs to one thread at a time; the engine it points to is
** shared read-only, as Hyperscan's databases are.
*/
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "decode.h"
#include "error.h"
#include "limits.h"
#include "result.h"
#include "scanner.h"

#define CARRY_MAX 1024  /* longest last line carried into the next segment */

/* ---- scanner lifetime ---- */

domat_status domat_new_scanner(domat_scanner **out, const domat_engine *eng,
                               const domat_limits *lim)
{
    if (!out || !eng)
        return error_set(DOMAT_EINVAL, "no output pointer or engine");
    *out = NULL;
    domat_scanner *sc = calloc(1, sizeof *sc);
    if (!sc)
        return error_set(DOMAT_ENOMEM, "out of memory");
    sc->eng = eng;
    if (lim)
        sc->lim = *lim;
    limits_clamp(&sc->lim);
    text_init(&sc->raw);
    text_init(&sc->vis);
    fold_view_init(&sc->cv);
    fold_view_init(&sc->fv);
    for (int w = 0; w < DB_COUNT; w++)
        if (eng->db[w] && hs_alloc_scratch(eng->db[w], &sc->scratch) != HS_SUCCESS) {
            domat_free_scanner(sc);
            return error_set(DOMAT_ENOMEM, "cannot allocate Hyperscan scratch");
        }
    if (!(sc->md = pcre2_match_data_create(4, NULL)) ||
        !(sc->re_end = calloc(eng->npat[DB_REGEX] + 1, sizeof *sc->re_end)) ||
        score_init(&sc->score, eng->d.n)) {
        domat_free_scanner(sc);
        return error_set(DOMAT_ENOMEM, "out of memory");
    }
    *out = sc;
    return DOMAT_OK;
}

void domat_free_scanner(domat_scanner *sc)
{
    if (!sc)
        return;
    hs_free_scratch(sc->scratch);
    pcre2_match_data_free(sc->md);
    free(sc->re_end);
    text_free(&sc->raw);
    text_free(&sc->vis);
    fold_view_free(&sc->cv);
    fold_view_free(&sc->fv);
    free(sc->raw_lines);
    free(sc->vis_lines);
    free(sc->hits.h);
    free(sc->marks.h);
    score_free(&sc->score, sc->eng->d.n);
    doc_scanner_free(sc);
    free(sc);
}

/* ---- locating evidence ---- */

static int build_lines(const text_buf *t, uint32_t **lines, size_t *n, size_t *cap)
{
    *n = 0;
    for (size_t k = 0; k <= t->len; k++) {
        int start = k == 0 || t->cp[k - 1] == '\n' ||
                    (t->cp[k - 1] == '\r' && (k == t->len || t->cp[k] != '\n'));
        if (!start)
            continue;
        if (*n == *cap) {
            size_t nc = *cap ? *cap * 2 : 256;
            uint32_t *nl = realloc(*lines, nc * sizeof *nl);
            if (!nl)
                return -1;
            *lines = nl;
            *cap = nc;
        }
        (*lines)[(*n)++] = (uint32_t)k;
    }
    return 0;
}

/* Index of the line holding code point k (0-based within the segment). */
static size_t line_of(const uint32_t *lines, size_t n, size_t k)
{
    size_t lo = 0, hi = n;
    while (lo + 1 < hi) {
        size_t mid = (lo + hi) / 2;
        if (lines[mid] <= k)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static int ensure_lines(domat_scanner *sc)
{
    if (!sc->raw_lines_ok) {
        if (build_lines(&sc->raw, &sc->raw_lines, &sc->nraw_lines, &sc->capraw_lines))
            return -1;
        sc->raw_lines_ok = 1;
    }
    if (sc->is_html && !sc->vis_lines_ok) {
        if (build_lines(&sc->vis, &sc->vis_lines, &sc->nvis_lines, &sc->capvis_lines))
            return -1;
        sc->vis_lines_ok = 1;
    }
    return 0;
}

/* Line of the visible text (for the header area): 0-based, document-wide. */
static uint64_t vis_line(domat_scanner *sc, uint32_t i)
{
    if (sc->is_html)
        return sc->vis_line_base + line_of(sc->vis_lines, sc->nvis_lines, i);
    return sc->raw_line_base + line_of(sc->raw_lines, sc->nraw_lines, i);
}

/* The raw code point an offset falls in (raw offsets rise strictly). */
static size_t raw_index(const text_buf *raw, uint32_t off)
{
    size_t lo = 0, hi = raw->len;
    while (lo + 1 < hi) {
        size_t mid = (lo + hi) / 2;
        if (raw->off[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/*
** Fill offset, length, line, column and a snippet (malloc'd) for the visible
** code points [i, j). Line and column are those of the decoded input, so an
** editor opened on the file lands on the evidence.
*/
static int locate(domat_scanner *sc, uint32_t i, uint32_t j, domat_finding *f)
{
    const text_buf *t = sc->t;
    if (ensure_lines(sc))
        return -1;
    uint32_t first = t->off[i];
    uint32_t last = t->off[j - 1] + t->olen[j - 1];
    f->offset = first;
    f->length = last > first ? last - first : 0;
    size_t r = raw_index(&sc->raw, first);
    size_t ln = line_of(sc->raw_lines, sc->nraw_lines, r);
    f->line = sc->raw_line_base + ln + 1;
    f->column = r - sc->raw_lines[ln] + 1;
    f->page = sc->page;
    f->part = sc->part;
    char *snip = malloc(DOMAT_MAX_SNIPPET + 8);
    if (!snip)
        return -1;
    size_t n = 0;
    for (uint32_t k = i; k < j && n + 4 <= DOMAT_MAX_SNIPPET; k++) {
        uint32_t cp = t->cp[k];
        if (cp < 0x20 || cp == 0x7F)
            cp = ' ';
        n += text_utf8_put(snip + n, cp);
    }
    snip[n] = 0;
    f->snippet = snip;
    return 0;
}

/* ---- matching ---- */

typedef struct cbctx {
    domat_scanner *sc;
    int view;
    const fold_view *v;
    size_t cursor;     /* view bytes up to here are counted in words */
    uint64_t words;
} cbctx;

static int hits_push(hitvec *hv, const hit *h)
{
    if (hv->n == hv->cap) {
        size_t nc = hv->cap ? hv->cap * 2 : 64;
        hit *nh = realloc(hv->h, nc * sizeof *nh);
        if (!nh)
            return -1;
        hv->h = nh;
        hv->cap = nc;
    }
    hv->h[hv->n++] = *h;
    return 0;
}

/* Is view byte k part of a word? Tone bytes are; letters map to letters. */
static inline int word_byte(const domat_scanner *sc, const fold_view *v, size_t k)
{
    unsigned char b = (unsigned char)v->buf[k];
    if (b == ' ')
        return 0;
    if (b < 0x20)
        return 1;
    uint8_t c = fold_get(sc->t->cp[v->map[k]]).cls;
    return c == FOLD_LETTER || c == FOLD_MARK;
}

static size_t count_spaces(const char *p, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += p[i] == ' ';
    return k;
}

/* Word position of view offset `to`, counting spaces incrementally:
** Hyperscan reports matches in order of their end, so the cursor only moves
** forward. Only entries in a near= relation need it. */
static uint64_t word_at(cbctx *c, size_t to)
{
    if (to > c->cursor) {
        c->words += count_spaces(c->v->buf + c->cursor, to - c->cursor);
        c->cursor = to;
    }
    return c->sc->word_base + c->words;
}

static int record(cbctx *c, uint32_t entry, size_t from, size_t to)
{
    domat_scanner *sc = c->sc;
    const fold_view *v = c->v;
    const dict_entry *e = &sc->eng->d.e[entry];
    const text_buf *t = sc->t;
    hit h;
    h.entry = entry;
    h.view = (uint8_t)c->view;
    h.multiline = 0;
    h.i = v->map[from];
    h.j = v->map[to - 1] + 1;
    /* NFD and CP1258 text keeps the last letter's marks after it. */
    while (h.j < t->len && fold_get(t->cp[h.j]).cls == FOLD_MARK)
        h.j++;
    if (t->off[h.j - 1] < sc->dup_limit)
        return 0;
    if (c->view != DB_CANON && e->phrase && !classify_unaccented(t, h.i, h.j))
        return 0; /* accented text: the canonical view decides */
    h.word = e->near_idx >= 0 || sc->eng->anchor[entry] ? word_at(c, to) : 0;
    if ((e->flags & DF_STANDALONE) && e->kind != DK_ALLOW) {
        if (classify_in_prose(t, h.i, h.j))
            return 0;
        return hits_push(&sc->marks, &h);
    }
    return hits_push(&sc->hits, &h);
}

static int on_literal(unsigned int id, unsigned long long from,
                      unsigned long long to, unsigned int flags, void *ctx)
{
    (void)from;
    (void)flags;
    cbctx *c = ctx;
    domat_scanner *sc = c->sc;
    const pattern *p = &sc->eng->pat[c->view][id];
    size_t start = (size_t)to - p->len;
    if ((start > 0 && word_byte(sc, c->v, start - 1)) ||
        (to < c->v->len && word_byte(sc, c->v, (size_t)to)))
        return 0; /* not a whole word */
    if (record(c, p->entry, start, (size_t)to)) {
        sc->failed = 1;
        return 1;
    }
    return 0;
}

/*
** A prefilter candidate ends near `to`; PCRE2 decides, over a window around
** it, where (and whether) the real matches are. Regexes are written for short
** codes and phrases, so 256 bytes either side is ample.
*/
static int on_regex(unsigned int id, unsigned long long from,
                    unsigned long long to, unsigned int flags, void *ctx)
{
    (void)from;
    (void)flags;
    cbctx *c = ctx;
    domat_scanner *sc = c->sc;
    uint32_t entry = sc->eng->pat[DB_REGEX][id].entry;
    const pcre2_code *re = sc->eng->re[entry];
    size_t lo = to > 256 ? (size_t)to - 256 : 0;
    size_t hi = to + 256 < c->v->len ? (size_t)to + 256 : c->v->len;
    /* Each pattern resumes after its own last match; one pattern's matches
    ** must not hide another's. */
    if (lo < sc->re_end[id])
        lo = sc->re_end[id];
    size_t at = lo;
    while (at < hi) {
        int rc = pcre2_match(re, (PCRE2_SPTR)c->v->buf, hi, at, 0, sc->md, NULL);
        if (rc < 0)
            break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
        size_t ms = ov[0], me = ov[1];
        if (me == ms) {
            at = me + 1;
            continue;
        }
        if (record(c, entry, ms, me)) {
            sc->failed = 1;
            return 1;
        }
        sc->re_end[id] = me;
        at = me;
    }
    return 0;
}

static int cmp_hit(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    if (x->j != y->j)
        return x->j > y->j ? -1 : 1;
    return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* ---- deciding ---- */

/*
** Drop hits lying inside an allow phrase. Both lists sorted by start. For
** marks, only allow phrases within one line count: "V/v bàn giao tài liệu" and
** a "MẬT" stamp on the next line must not read as the allowed "tài liệu mật".
*/
static size_t drop_allowed(const domat_engine *eng, hit *h, size_t n,
                           const hit *allow, size_t na, int marks)
{
    size_t out = 0, a = 0;
    uint32_t reach = 0;
    int any = 0;
    for (size_t k = 0; k < n; k++) {
        while (a < na && allow[a].i <= h[k].i) {
            if ((!marks || !allow[a].multiline) && (!any || allow[a].j > reach)) {
                reach = allow[a].j;
                any = 1;
            }
            a++;
        }
        if (any && h[k].j <= reach && eng->d.e[h[k].entry].kind != DK_ALLOW)
            continue;
        h[out++] = h[k];
    }
    return out;
}

/* Keep the longest of nested marks ("TỐI MẬT" over its "MẬT"), once. */
static size_t drop_nested(hit *h, size_t n)
{
    size_t out = 0;
    uint32_t reach = 0;
    for (size_t k = 0; k < n; k++) {
        if (out) {
            const hit *p = &h[out - 1];
            if (p->i == h[k].i && p->j == h[k].j) {
                if (p->entry == h[k].entry)
                    continue; /* same entry by two variants or views */
            } else if (h[k].j <= reach) {
                continue;
            }
        }
        if (h[k].j > reach)
            reach = h[k].j;
        h[out++] = h[k];
    }
    return out;
}

static const char *mark_note(const marking *m, int header, int unaccented)
{
    if (m->obfuscated)
        return "marking, letter-spaced or with hidden characters";
    if (unaccented)
        return m->alone ? "marking on its own line, written without accents"
                        : "marking set apart by a gap, written without accents";
    if (m->alone)
        return header ? "marking on its own line in the header area"
                      : "marking on its own line";
    return header ? "marking set apart by a gap in the header area"
                  : "marking set apart by a gap";
}

/*
** The effect of a mark that stands as a marking. Capitals on a line of their
** own are how the stamp is printed (Thông tư 24/2020, Mẫu 02); a gap on both
** sides is how merged header columns come out of PDF extraction, trusted in
** the header area; title case alone on a line, or text without accents, is
** weaker and only asks for review.
*/
static int mark_effect(const dict_entry *e, const marking *m, int header,
                       int unaccented, domat_confidence *conf)
{
    *conf = DOMAT_CONF_MEDIUM;
    if (e->kind == DK_INFO) {
        *conf = m->caps ? DOMAT_CONF_HIGH : DOMAT_CONF_LOW;
        return EFFECT_NONE;
    }
    if (e->kind == DK_DECLASSIFIED || e->level == DOMAT_LEVEL_NONE) {
        if (!m->caps && !m->alone)
            return -1;
        *conf = m->caps ? DOMAT_CONF_HIGH : DOMAT_CONF_LOW;
        return EFFECT_REVIEW;
    }
    if (unaccented) {
        if (!m->caps && !m->alone)
            return -1;
        *conf = m->caps && (m->alone || header) ? DOMAT_CONF_MEDIUM : DOMAT_CONF_LOW;
        return EFFECT_REVIEW;
    }
    if (m->caps) {
        if (m->obfuscated)
            return EFFECT_BLOCK;
        if (m->alone || header) {
            *conf = header ? DOMAT_CONF_HIGH : DOMAT_CONF_MEDIUM;
            return EFFECT_BLOCK;
        }
        return EFFECT_REVIEW;
    }
    if (!m->alone)
        return -1;
    *conf = header ? DOMAT_CONF_MEDIUM : DOMAT_CONF_LOW;
    return EFFECT_REVIEW;
}

static int add_mark(domat_scanner *sc, const hit *h, const marking *m)
{
    const dict_entry *e = &sc->eng->d.e[h->entry];
    if (ensure_lines(sc))
        return -1;
    int header = vis_line(sc, h->i) < sc->lim.header_lines ||
                 classify_near_header_cue(sc->t, h->i);
    int unaccented = h->view != DB_CANON;
    domat_confidence conf;
    int effect = mark_effect(e, m, header, unaccented, &conf);
    if (effect < 0)
        return 0;
    domat_finding f;
    memset(&f, 0, sizeof f);
    if (locate(sc, h->i, h->j, &f))
        return -1;
    f.rule = e->id;
    f.kind = e->kind == DK_DECLASSIFIED ? DOMAT_KIND_DECLASSIFIED
           : e->kind == DK_INFO ? DOMAT_KIND_INFO : DOMAT_KIND_STAMP;
    f.level = (domat_level)e->level;
    f.category = e->category;
    f.note = mark_note(m, header, unaccented);
    f.confidence = conf;
    if (e->kind == DK_DECLASSIFIED)
        sc->declassified = 1;
    int rc = result_add(sc->res, &f, effect);
    free((char *)f.snippet);
    return rc;
}

static int add_listed(domat_scanner *sc, const hit *h)
{
    domat_finding *slot;
    int first = score_hit(&sc->score, h->entry, h->word, &slot);
    if (first <= 0)
        return first;
    if (locate(sc, h->i, h->j, slot))
        return -1;
    slot->note = NULL;
    return 0;
}

static int decide_segment(domat_scanner *sc)
{
    const domat_engine *eng = sc->eng;
    hitvec *hv = &sc->hits, *mv = &sc->marks;
    if (hv->n)
        qsort(hv->h, hv->n, sizeof *hv->h, cmp_hit);
    if (mv->n)
        qsort(mv->h, mv->n, sizeof *mv->h, cmp_hit);
    /* Allow spans live among the ordinary hits; gather them first. */
    hit *allow = NULL;
    size_t na = 0;
    for (size_t k = 0; k < hv->n; k++)
        if (eng->d.e[hv->h[k].entry].kind == DK_ALLOW)
            na++;
    if (na) {
        allow = malloc(na * sizeof *allow);
        if (!allow)
            return -1;
        na = 0;
        for (size_t k = 0; k < hv->n; k++)
            if (eng->d.e[hv->h[k].entry].kind == DK_ALLOW) {
                allow[na] = hv->h[k];
                allow[na].multiline = 0;
                for (uint32_t q = allow[na].i; q < allow[na].j; q++)
                    if (fold_get(sc->t->cp[q]).cls == FOLD_NEWLINE)
                        allow[na].multiline = 1;
                na++;
            }
        hv->n = drop_allowed(eng, hv->h, hv->n, allow, na, 0);
        mv->n = drop_allowed(eng, mv->h, mv->n, allow, na, 1);
        free(allow);
    }
    mv->n = drop_nested(mv->h, mv->n);
    for (size_t k = 0; k < mv->n; k++) {
        marking m;
        if (classify_marking(sc->t, &mv->h[k], mv->h, mv->n, &m) &&
            add_mark(sc, &mv->h[k], &m))
            return -1;
    }
    for (size_t k = 0; k < hv->n; k++)
        if (eng->d.e[hv->h[k].entry].kind != DK_ALLOW && add_listed(sc, &hv->h[k]))
            return -1;
    hv->n = mv->n = 0;
    return 0;
}

static domat_status match_segment(domat_scanner *sc)
{
    const domat_engine *eng = sc->eng;
    int need_fold = eng->db[DB_FOLD] || eng->db[DB_REGEX];
    if (fold_run(sc->t, &sc->cv, need_fold ? &sc->fv : NULL))
        return error_set(DOMAT_ENOMEM, "out of memory");
    sc->raw_lines_ok = sc->vis_lines_ok = 0;
    sc->hits.n = sc->marks.n = 0;
    for (int w = 0; w < DB_COUNT; w++) {
        if (!eng->db[w])
            continue;
        const fold_view *v = w == DB_CANON ? &sc->cv : &sc->fv;
        if (v->len == 0 || v->len > UINT32_MAX)
            continue;
        cbctx c = {sc, w, v, 0, 0};
        if (w == DB_REGEX)
            memset(sc->re_end, 0, eng->npat[DB_REGEX] * sizeof *sc->re_end);
        hs_error_t err = hs_scan(eng->db[w], v->buf, (unsigned)v->len, 0,
                                 sc->scratch, w == DB_REGEX ? on_regex : on_literal, &c);
        if (sc->failed)
            return error_set(DOMAT_ENOMEM, "out of memory");
        if (err != HS_SUCCESS)
            return error_set(DOMAT_ESCAN, "Hyperscan scan failed (%d)", (int)err);
    }
    if (decide_segment(sc))
        return error_set(DOMAT_ENOMEM, "out of memory");
    /* Words of the carried line are counted twice; near= distances across a
    ** segment cut can be off by that line's length, never by more. */
    sc->word_base += count_spaces(sc->cv.buf, sc->cv.len);
    return DOMAT_OK;
}

/* ---- text pieces ---- */

uint64_t scan_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static size_t count_newlines(const text_buf *t, size_t upto)
{
    size_t n = 0;
    for (size_t k = 0; k < upto; k++)
        n += t->cp[k] == '\n';
    return n;
}

domat_status scan_text(domat_scanner *sc, source *src, const char *encname,
                       domat_content content, const char *part, uint32_t page)
{
    const unsigned char *p;
    size_t n;
    decode_enc enc = ENC_UNKNOWN;
    if (encname) {
        enc = decode_enc_parse(encname);
        if (enc == ENC_UNKNOWN)
            return error_set(DOMAT_EINVAL, "unknown encoding '%s'", encname);
    }
    int rc = source_get(src, 0, 64 << 10, &p, &n);
    if (rc == -1)
        return error_set(DOMAT_ENOMEM, "out of memory");
    if (rc)
        return DOMAT_OK; /* a read error: the caller reports src->err */
    if (enc == ENC_UNKNOWN)
        enc = decode_detect(p, n);
    if (!sc->have_encoding) {
        result_set_encoding(sc->res, decode_enc_name(enc));
        sc->have_encoding = 1;
    }
    uint64_t at = decode_bom_len(enc, p, n);
    sc->is_html = content == DOMAT_CONTENT_HTML;
    html_init(&sc->html);
    sc->raw_line_base = sc->vis_line_base = sc->word_base = 0;
    sc->dup_limit = 0;
    sc->page = page;
    sc->part = part;
    domat_status st;
    int first = 1;
    for (;;) {
        if (sc->stop)
            break;
        if (scan_now_ms() > sc->deadline_ms) {
            char why[96];
            snprintf(why, sizeof why, "time limit %u ms reached: the rest not scanned",
                     sc->lim.max_time_ms);
            sc->stop = 1;
            if (result_add_unscanned(sc->res, why))
                return error_set(DOMAT_ENOMEM, "out of memory");
            break;
        }
        /* One byte more than a segment tells whether the input goes on,
        ** without a second read that could move the window under p. */
        rc = source_get(src, at, (size_t)sc->lim.segment_bytes + 1, &p, &n);
        if (rc == -1)
            return error_set(DOMAT_ENOMEM, "out of memory");
        if (rc)
            break; /* the caller reports src->err */
        int final = n <= sc->lim.segment_bytes;
        if (!final)
            n = sc->lim.segment_bytes;
        size_t used = 0;
        sc->raw.len = 0;
        if (text_reserve(&sc->raw, n + 1) ||
            decode_run(enc, p, n, (uint32_t)at, final, &sc->raw, &used))
            return error_set(DOMAT_ENOMEM, "out of memory");
        if (!final && used == 0)
            final = 1; /* cannot happen with segments >= 4 KiB; never loop */
        if (first && content == DOMAT_CONTENT_AUTO)
            sc->is_html = html_sniff(&sc->raw);
        first = 0;
        /* Cut after the last line break in the last quarter, if any. */
        size_t cut = sc->raw.len, done = sc->raw.len; /* code points not re-read */
        uint64_t next = at + used, dup = 0;
        if (!final) {
            size_t stop = sc->raw.len - sc->raw.len / 4;
            for (size_t k = sc->raw.len; k > stop; k--)
                if (sc->raw.cp[k - 1] == '\n') {
                    cut = k;
                    break;
                }
            if (cut < sc->raw.len) {
                next = sc->raw.off[cut];
                done = cut;
                /* Carry the last whole line too, unless HTML: its lexer
                ** state runs on, and must see each byte once. */
                size_t ls = cut - 1;
                while (ls > 0 && sc->raw.cp[ls - 1] != '\n' &&
                       sc->raw.off[cut] - sc->raw.off[ls - 1] <= CARRY_MAX)
                    ls--;
                if (!sc->is_html && ls > 0 && sc->raw.cp[ls - 1] == '\n') {
                    dup = next;
                    next = sc->raw.off[ls];
                    done = ls;
                }
            }
        }
        int last = final && cut == sc->raw.len;
        sc->raw.len = cut;
        if (sc->is_html) {
            sc->vis.len = 0;
            if (text_reserve(&sc->vis, sc->raw.len + 2) ||
                html_run(&sc->html, &sc->raw, last, &sc->vis))
                return error_set(DOMAT_ENOMEM, "out of memory");
            sc->t = &sc->vis;
        } else {
            sc->t = &sc->raw;
        }
        if ((st = match_segment(sc)) != DOMAT_OK)
            return st;
        sc->raw_line_base += count_newlines(&sc->raw, done);
        if (sc->is_html)
            sc->vis_line_base += count_newlines(&sc->vis, sc->vis.len);
        if (dup)
            sc->dup_limit = dup;
        if (last)
            break;
        at = next;
    }
    return DOMAT_OK;
}

static domat_status finish(domat_scanner *sc, domat_result **out)
{
    if (score_finish(&sc->score, sc->eng, &sc->lim, sc->res))
        return error_set(DOMAT_ENOMEM, "out of memory");
    if (sc->declassified)
        result_demote_blocks(sc->res);
    result_finish(sc->res);
    *out = sc->res;
    sc->res = NULL;
    return DOMAT_OK;
}

static domat_status scan_source(domat_scanner *sc, source *src,
                                const domat_input *in, domat_result **out)
{
    const char *name = in && in->name ? in->name : "-";
    sc->res = result_new(name, sc->lim.max_findings);
    if (!sc->res)
        return error_set(DOMAT_ENOMEM, "out of memory");
    sc->declassified = 0;
    sc->failed = 0;
    sc->stop = 0;
    sc->extracted = 0;
    sc->have_encoding = 0;
    sc->deadline_ms = scan_now_ms() + sc->lim.max_time_ms;
    domat_status st = doc_scan(sc, src, in);
    if (st == DOMAT_OK)
        st = finish(sc, out);
    if (st != DOMAT_OK) {
        /* Leave the scanner ready for the next input. */
        score_reset(&sc->score);
        domat_free_result(sc->res);
        sc->res = NULL;
    }
    return st;
}

domat_status domat_scan_buffer(domat_scanner *sc, const void *data, size_t len,
                               const domat_input *in, domat_result **out)
{
    if (!sc || !out || (!data && len))
        return error_set(DOMAT_EINVAL, "no scanner, data or output pointer");
    *out = NULL;
    source src;
    source_mem(&src, data, len, sc->lim.max_input_bytes);
    domat_status st = scan_source(sc, &src, in, out);
    source_free(&src);
    return st;
}

static long fd_read(void *arg, void *buf, size_t n)
{
    int fd = *(int *)arg;
    for (;;) {
        ssize_t k = read(fd, buf, n);
        if (k < 0 && errno == EINTR)
            continue;
        return k < 0 ? -1 : (long)k;
    }
}

static domat_status error_result(domat_result **out, const char *name,
                                 const char *path, const char *why)
{
    char msg[512];
    snprintf(msg, sizeof msg, "%s: %s", path, why);
    if (domat_error_result(out, name, msg) != DOMAT_OK)
        return DOMAT_ENOMEM;
    return error_set(DOMAT_EIO, "%s", msg);
}

domat_status domat_scan_file(domat_scanner *sc, const char *path,
                             const domat_input *in, domat_result **out)
{
    if (!sc || !path || !out)
        return error_set(DOMAT_EINVAL, "no scanner, path or output pointer");
    *out = NULL;
    domat_input named = in ? *in : (domat_input){0};
    if (!named.name)
        named.name = path;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return error_result(out, named.name, path, strerror(e));
    }
    if (S_ISDIR(sb.st_mode)) {
        close(fd);
        return error_result(out, named.name, path, "is a directory");
    }
    source src;
    /* Pipes and devices cannot be read at an offset: read them as a stream. */
    if (S_ISREG(sb.st_mode))
        source_fd(&src, fd, (uint64_t)sb.st_size, sc->lim.max_input_bytes);
    else
        source_stream(&src, fd_read, &fd, sc->lim.max_input_bytes);
    domat_status st = scan_source(sc, &src, &named, out);
    source_free(&src);
    close(fd);
    return st;
}

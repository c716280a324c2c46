/*
** 2026-11-25
**
** result.c: the result of scanning one input, and its text and JSON forms.
**
** The JSON form is the output contract of ../shared/domain.md: one object per
** input on one line, keys in a fixed order, strings escaped so that any bytes
** a hostile input puts into a path or snippet still give valid JSON.
*/
#define _DEFAULT_SOURCE
#include "result.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "text.h"

struct domat_result {
    char *path;
    const char *encoding;
    const char *type;
    char *error;
    domat_verdict verdict;
    domat_level level;
    domat_finding *f;
    uint8_t *effect;
    size_t nf, cap;
    uint32_t max_findings;
    char **unscanned;
    size_t nu;
    uint64_t dropped;
    uint8_t top[3];     /* highest level seen per effect, dropped included */
    uint8_t seen[3];    /* whether any finding had that effect */
    int demoted;
};

domat_result *result_new(const char *path, uint32_t max_findings)
{
    domat_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    if (path && !(r->path = strdup(path))) {
        free(r);
        return NULL;
    }
    r->max_findings = max_findings;
    r->encoding = NULL;
    return r;
}

static char *dup_opt(const char *s)
{
    return s ? strdup(s) : NULL;
}

int result_add(domat_result *r, const domat_finding *f, int effect)
{
    if (r->demoted && effect == EFFECT_BLOCK)
        effect = EFFECT_REVIEW;
    r->seen[effect] = 1;
    if (f->level > r->top[effect])
        r->top[effect] = (uint8_t)f->level;
    if (r->nf >= r->max_findings) {
        r->dropped++;
        return 0;
    }
    if (r->nf == r->cap) {
        size_t nc = r->cap ? r->cap * 2 : 8;
        domat_finding *nf = realloc(r->f, nc * sizeof *nf);
        if (!nf)
            return -1;
        r->f = nf;
        uint8_t *ne = realloc(r->effect, nc);
        if (!ne)
            return -1;
        r->effect = ne;
        r->cap = nc;
    }
    domat_finding c = *f;
    c.rule = dup_opt(f->rule);
    c.category = dup_opt(f->category);
    c.snippet = dup_opt(f->snippet);
    c.note = dup_opt(f->note);
    c.part = dup_opt(f->part);
    if ((f->rule && !c.rule) || (f->category && !c.category) ||
        (f->snippet && !c.snippet) || (f->note && !c.note) ||
        (f->part && !c.part)) {
        free((char *)c.rule);
        free((char *)c.category);
        free((char *)c.snippet);
        free((char *)c.note);
        free((char *)c.part);
        return -1;
    }
    r->f[r->nf] = c;
    r->effect[r->nf] = (uint8_t)effect;
    r->nf++;
    return 0;
}

int result_add_unscanned(domat_result *r, const char *reason)
{
    char **nu = realloc(r->unscanned, (r->nu + 1) * sizeof *nu);
    if (!nu)
        return -1;
    r->unscanned = nu;
    if (!(nu[r->nu] = strdup(reason)))
        return -1;
    r->nu++;
    return 0;
}

void result_set_encoding(domat_result *r, const char *enc)
{
    r->encoding = enc;
}

void result_set_type(domat_result *r, const char *type)
{
    r->type = type;
}

int result_set_error(domat_result *r, const char *msg)
{
    free(r->error);
    r->error = strdup(msg);
    return r->error ? 0 : -1;
}

void result_demote_blocks(domat_result *r)
{
    r->demoted = 1;
    for (size_t i = 0; i < r->nf; i++)
        if (r->effect[i] == EFFECT_BLOCK)
            r->effect[i] = EFFECT_REVIEW;
    if (r->seen[EFFECT_BLOCK]) {
        r->seen[EFFECT_REVIEW] = 1;
        if (r->top[EFFECT_BLOCK] > r->top[EFFECT_REVIEW])
            r->top[EFFECT_REVIEW] = r->top[EFFECT_BLOCK];
        r->seen[EFFECT_BLOCK] = 0;
        r->top[EFFECT_BLOCK] = 0;
    }
}

void result_finish(domat_result *r)
{
    if (r->error) {
        r->verdict = DOMAT_ERROR;
        r->level = DOMAT_LEVEL_NONE;
        return;
    }
    if (r->seen[EFFECT_BLOCK]) {
        r->verdict = DOMAT_BLOCK;
        r->level = (domat_level)r->top[EFFECT_BLOCK];
    } else if (r->seen[EFFECT_REVIEW] || r->nu) {
        r->verdict = DOMAT_REVIEW;
        r->level = (domat_level)r->top[EFFECT_REVIEW];
    } else {
        r->verdict = DOMAT_ALLOW;
        r->level = DOMAT_LEVEL_NONE;
    }
}

domat_status domat_error_result(domat_result **out, const char *path,
                                const char *message)
{
    if (!out)
        return error_set(DOMAT_EINVAL, "no output pointer");
    domat_result *r = result_new(path, 1);
    if (!r || result_set_error(r, message ? message : "error")) {
        domat_free_result(r);
        return error_set(DOMAT_ENOMEM, "out of memory");
    }
    result_finish(r);
    *out = r;
    return DOMAT_OK;
}

void domat_free_result(domat_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nf; i++) {
        free((char *)r->f[i].rule);
        free((char *)r->f[i].category);
        free((char *)r->f[i].snippet);
        free((char *)r->f[i].note);
        free((char *)r->f[i].part);
    }
    for (size_t i = 0; i < r->nu; i++)
        free(r->unscanned[i]);
    free(r->unscanned);
    free(r->f);
    free(r->effect);
    free(r->path);
    free(r->error);
    free(r);
}

domat_verdict domat_result_verdict(const domat_result *r) { return r ? r->verdict : DOMAT_ERROR; }
domat_level domat_result_level(const domat_result *r) { return r ? r->level : DOMAT_LEVEL_NONE; }
const char *domat_result_path(const domat_result *r) { return r ? r->path : NULL; }
const char *domat_result_encoding(const domat_result *r) { return r ? r->encoding : NULL; }
const char *domat_result_type(const domat_result *r) { return r ? r->type : NULL; }
const char *domat_result_error(const domat_result *r) { return r ? r->error : NULL; }
size_t domat_result_findings(const domat_result *r) { return r ? r->nf : 0; }
size_t domat_result_unscanned(const domat_result *r) { return r ? r->nu : 0; }
uint64_t domat_result_dropped(const domat_result *r) { return r ? r->dropped : 0; }

const domat_finding *domat_result_finding(const domat_result *r, size_t i)
{
    return r && i < r->nf ? &r->f[i] : NULL;
}

const char *domat_result_unscanned_reason(const domat_result *r, size_t i)
{
    return r && i < r->nu ? r->unscanned[i] : NULL;
}

/* ---- rendering ---- */

typedef struct sbuf {
    char *p;
    size_t len, cap;
    int oom;
} sbuf;

static void sb_grow(sbuf *b, size_t n)
{
    if (b->oom || b->len + n + 1 <= b->cap)
        return;
    size_t nc = b->cap ? b->cap : 256;
    while (nc < b->len + n + 1)
        nc *= 2;
    char *np = realloc(b->p, nc);
    if (!np) {
        b->oom = 1;
        return;
    }
    b->p = np;
    b->cap = nc;
}

static void sb_add(sbuf *b, const char *s, size_t n)
{
    sb_grow(b, n);
    if (b->oom)
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

static void sb_str(sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    char tmp[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        sb_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A JSON string; invalid UTF-8 becomes U+FFFD so the line always parses. */
static void sb_json(sbuf *b, const char *s)
{
    if (!s) {
        sb_str(b, "null");
        return;
    }
    sb_add(b, "\"", 1);
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            sb_add(b, e, 2);
            i++;
        } else if (c < 0x20 || c == 0x7F) {
            const char *esc = c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : NULL;
            if (esc)
                sb_str(b, esc);
            else
                sb_printf(b, "\\u%04x", c);
            i++;
        } else if (c < 0x80) {
            sb_add(b, (const char *)p + i, 1);
            i++;
        } else {
            uint32_t cp;
            size_t k = text_utf8_get(p + i, n - i, &cp);
            if (k) {
                sb_add(b, (const char *)p + i, k);
                i += k;
            } else {
                sb_str(b, "\\ufffd");
                i++;
            }
        }
    }
    sb_add(b, "\"", 1);
}

static const char *kind_name(domat_kind k)
{
    switch (k) {
    case DOMAT_KIND_STAMP: return "stamp";
    case DOMAT_KIND_LISTED: return "listed";
    case DOMAT_KIND_RULE: return "rule";
    case DOMAT_KIND_DECLASSIFIED: return "declassified";
    case DOMAT_KIND_INFO: return "info";
    }
    return "info";
}

static const char *conf_name(domat_confidence c)
{
    return c == DOMAT_CONF_HIGH ? "high" : c == DOMAT_CONF_MEDIUM ? "medium" : "low";
}

/* "mail.eml > a.pdf page 2 line 4": where a reader finds the evidence. */
static void sb_location(sbuf *b, const domat_result *r, const domat_finding *f)
{
    sbuf t = {0};
    sb_str(&t, r->path ? r->path : "-");
    if (f->part) {
        sb_str(&t, " > ");
        sb_str(&t, f->part);
    }
    if (f->page)
        sb_printf(&t, " page %u", f->page);
    sb_printf(&t, " line %llu", (unsigned long long)f->line);
    if (!t.oom)
        sb_json(b, t.p);
    else
        b->oom = 1;
    free(t.p);
}

static void sb_level(sbuf *b, domat_level l)
{
    const char *n = domat_level_name(l);
    if (n) {
        sb_add(b, "\"", 1);
        sb_str(b, n);
        sb_add(b, "\"", 1);
    } else {
        sb_str(b, "null");
    }
}

static void render_json(sbuf *b, const domat_result *r)
{
    sb_str(b, "{\"path\": ");
    sb_json(b, r->path ? r->path : "-");
    sb_str(b, ", \"verdict\": \"");
    sb_str(b, domat_verdict_name(r->verdict));
    sb_str(b, "\", \"level\": ");
    sb_level(b, r->level);
    sb_str(b, ", \"findings\": [");
    for (size_t i = 0; i < r->nf; i++) {
        const domat_finding *f = &r->f[i];
        if (i)
            sb_str(b, ", ");
        sb_str(b, "{\"rule\": ");
        sb_json(b, f->rule);
        sb_str(b, ", \"kind\": \"");
        sb_str(b, kind_name(f->kind));
        sb_str(b, "\", \"level\": ");
        sb_level(b, f->level);
        sb_str(b, ", \"category\": ");
        sb_json(b, f->category);
        sb_str(b, ", \"location\": ");
        sb_location(b, r, f);
        if (f->page)
            sb_printf(b, ", \"page\": %u", f->page);
        else
            sb_str(b, ", \"page\": null");
        sb_printf(b, ", \"line\": %llu", (unsigned long long)f->line);
        sb_printf(b, ", \"column\": %llu", (unsigned long long)f->column);
        sb_printf(b, ", \"offset\": %llu", (unsigned long long)f->offset);
        sb_printf(b, ", \"length\": %llu", (unsigned long long)f->length);
        sb_str(b, ", \"snippet\": ");
        sb_json(b, f->snippet);
        sb_str(b, ", \"confidence\": \"");
        sb_str(b, conf_name(f->confidence));
        sb_str(b, "\", \"effect\": \"");
        sb_str(b, r->effect[i] == EFFECT_BLOCK ? "block" : r->effect[i] == EFFECT_REVIEW ? "review" : "none");
        sb_str(b, "\", \"note\": ");
        sb_json(b, f->note);
        sb_str(b, "}");
    }
    sb_str(b, "], \"unscanned\": [");
    for (size_t i = 0; i < r->nu; i++) {
        if (i)
            sb_str(b, ", ");
        sb_json(b, r->unscanned[i]);
    }
    sb_str(b, "], \"encoding\": ");
    sb_json(b, r->encoding);
    sb_str(b, ", \"type\": ");
    sb_json(b, r->type);
    sb_str(b, ", \"error\": ");
    sb_json(b, r->error);
    if (r->dropped)
        sb_printf(b, ", \"dropped\": %llu", (unsigned long long)r->dropped);
    sb_str(b, "}\n");
}

/* The finding that best explains the verdict: strongest effect, then level. */
static const domat_finding *first_evidence(const domat_result *r)
{
    const domat_finding *best = NULL;
    int be = -1;
    for (size_t i = 0; i < r->nf; i++) {
        int e = r->effect[i];
        if (e > be || (e == be && r->f[i].level > best->level)) {
            best = &r->f[i];
            be = e;
        }
    }
    return be > EFFECT_NONE ? best : NULL;
}

/* Text output is one line per input: control characters (a newline in a
** file name, a tab in a snippet) are shown as '?' or a space. */
static void sb_line_safe(sbuf *b, const char *s, char sub)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char ch = c < 0x20 || c == 0x7F ? sub : (char)c;
        sb_add(b, &ch, 1);
    }
}

static void render_text(sbuf *b, const domat_result *r)
{
    sb_str(b, domat_verdict_name(r->verdict));
    const char *lv = domat_level_name(r->level);
    sb_str(b, "\t");
    sb_str(b, lv ? lv : "-");
    sb_str(b, "\t");
    sb_line_safe(b, r->path ? r->path : "-", '?');
    const domat_finding *f = first_evidence(r);
    if (r->error) {
        sb_str(b, "\terror: ");
        sb_line_safe(b, r->error, '?');
    } else if (f) {
        sb_str(b, "\t");
        sb_str(b, f->rule);
        if (f->part) {
            sb_str(b, " in ");
            sb_line_safe(b, f->part, '?');
        }
        if (f->page)
            sb_printf(b, " page %u", f->page);
        sb_printf(b, " line %llu: ", (unsigned long long)f->line);
        sb_line_safe(b, f->snippet ? f->snippet : "", ' ');
    } else if (r->nu) {
        sb_str(b, "\tunscanned: ");
        sb_line_safe(b, r->unscanned[0], '?');
    }
    sb_str(b, "\n");
}

domat_status domat_render_result(const domat_result *r, domat_format fmt,
                                 char **out, size_t *len)
{
    if (!r || !out)
        return error_set(DOMAT_EINVAL, "no result or output pointer");
    sbuf b = {0};
    if (fmt == DOMAT_FORMAT_JSON)
        render_json(&b, r);
    else
        render_text(&b, r);
    if (b.oom) {
        free(b.p);
        return error_set(DOMAT_ENOMEM, "out of memory");
    }
    *out = b.p;
    if (len)
        *len = b.len;
    return DOMAT_OK;
}

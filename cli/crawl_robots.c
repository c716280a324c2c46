/*
** 2026-11-25
**
** crawl_robots.c: the robots.txt parser and matcher (RFC 9309).
**
** Takes the bytes of one robots.txt and hands on allow/disallow decisions,
** the Crawl-delay and the sitemaps. It never fetches: crawl_fetch.c decides
** what a missing or failing robots.txt means (allow all for 4xx, disallow
** all for 5xx and network errors, as the RFC says) and builds the matching
** object with crawl_robots_allow_all/disallow_all.
**
** Crawl-delay is not in the RFC but Vietnamese portals on shared hosting
** set it and expect it honoured, so it is read from the same group as the
** rules.
*/
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crawl_limits.h"
#include "crawl_robots.h"

typedef struct robots_rule {
    char *pat;  /* normalized pattern, '$' removed when anchored */
    int allow;
    int anchored;
    size_t weight; /* length of the pattern as written: longest match wins */
} robots_rule;

typedef struct rule_list {
    robots_rule *v;
    size_t n, cap;
    double delay; /* negative when none */
} rule_list;

struct crawl_robots {
    rule_list ours;   /* groups naming our product token */
    rule_list star;   /* groups "*" */
    int have_ours;
    int deny_all;
    char **sitemaps;
    size_t nsitemaps, capsitemaps;
};

/* Percent-escapes compared in one case, and raw non-ASCII bytes escaped,
** so "/t%c3%a0i-li%E1%BB%87u" and a rule written in UTF-8 agree. */
static char *norm_path(const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = malloc(3 * n + 1), *o = out;
    size_t i;
    if (!out)
        return NULL;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%' && i + 2 < n && isxdigit((unsigned char)s[i + 1]) &&
            isxdigit((unsigned char)s[i + 2])) {
            *o++ = '%';
            *o++ = (char)toupper((unsigned char)s[i + 1]);
            *o++ = (char)toupper((unsigned char)s[i + 2]);
            i += 2;
        } else if (c >= 0x80 || c <= ' ') {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        } else
            *o++ = (char)c;
    }
    *o = '\0';
    return out;
}

static int add_rule(rule_list *l, const char *val, size_t n, int allow)
{
    robots_rule *r;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        robots_rule *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    r = &l->v[l->n];
    r->weight = n;
    r->anchored = n > 0 && val[n - 1] == '$';
    r->allow = allow;
    r->pat = norm_path(val, r->anchored ? n - 1 : n);
    if (!r->pat)
        return -1;
    l->n++;
    return 0;
}

static int add_sitemap(crawl_robots *r, const char *val, size_t n)
{
    char *s;
    if (r->nsitemaps == r->capsitemaps) {
        size_t cap = r->capsitemaps ? 2 * r->capsitemaps : 4;
        char **v = realloc(r->sitemaps, cap * sizeof *v);
        if (!v)
            return -1;
        r->sitemaps = v;
        r->capsitemaps = cap;
    }
    s = strndup(val, n);
    if (!s)
        return -1;
    r->sitemaps[r->nsitemaps++] = s;
    return 0;
}

static crawl_robots *robots_new(void)
{
    crawl_robots *r = calloc(1, sizeof *r);
    if (r)
        r->ours.delay = r->star.delay = -1;
    return r;
}

crawl_robots *crawl_robots_allow_all(void)
{
    return robots_new();
}

crawl_robots *crawl_robots_disallow_all(void)
{
    crawl_robots *r = robots_new();
    if (r)
        r->deny_all = 1;
    return r;
}

/* "domat/0.1 (+...)" in a User-agent line names the product token "domat". */
static int agent_matches(const char *val, size_t n, const char *agent)
{
    size_t k = 0;
    while (k < n && val[k] != '/' && val[k] != ' ' && val[k] != '\t')
        k++;
    return k == strlen(agent) && strncasecmp(val, agent, k) == 0;
}

crawl_robots *crawl_robots_parse(const char *txt, size_t len,
                                 const char *agent)
{
    crawl_robots *r = robots_new();
    const char *p = txt, *end;
    /* The group being read: which lists its rules go to. A run of
    ** User-agent lines opens a group; the first rule line closes the run. */
    int g_ours = 0, g_star = 0, in_agents = 0;

    if (!r)
        return NULL;
    if (len > CRAWL_ROBOTS_MAX)
        len = CRAWL_ROBOTS_MAX;
    end = txt + len;
    /* A UTF-8 byte order mark would otherwise hide the first line. */
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end) {
        const char *eol = p, *colon, *k, *ke, *v, *ve;
        while (eol < end && *eol != '\n' && *eol != '\r')
            eol++;
        ve = memchr(p, '#', (size_t)(eol - p));
        if (!ve)
            ve = eol;
        colon = memchr(p, ':', (size_t)(ve - p));
        if (colon) {
            k = p;
            while (k < colon && isspace((unsigned char)*k))
                k++;
            ke = colon;
            while (ke > k && isspace((unsigned char)ke[-1]))
                ke--;
            v = colon + 1;
            while (v < ve && isspace((unsigned char)*v))
                v++;
            while (ve > v && isspace((unsigned char)ve[-1]))
                ve--;
#define KEY(s) ((size_t)(ke - k) == sizeof s - 1 && strncasecmp(k, s, sizeof s - 1) == 0)
            if (KEY("user-agent")) {
                if (!in_agents)
                    g_ours = g_star = 0;
                in_agents = 1;
                if (agent_matches(v, (size_t)(ve - v), agent)) {
                    g_ours = 1;
                    r->have_ours = 1;
                } else if (ve - v == 1 && *v == '*')
                    g_star = 1;
            } else if (KEY("allow") || KEY("disallow")) {
                int allow = KEY("allow");
                in_agents = 0;
                /* "Disallow:" with nothing after it allows everything: it
                ** is no rule at all. */
                if (ve > v) {
                    if (g_ours && add_rule(&r->ours, v, (size_t)(ve - v),
                                           allow) != 0)
                        goto oom;
                    if (g_star && add_rule(&r->star, v, (size_t)(ve - v),
                                           allow) != 0)
                        goto oom;
                }
            } else if (KEY("crawl-delay")) {
                char *e = NULL, *tmp = strndup(v, (size_t)(ve - v));
                double d;
                in_agents = 0;
                if (!tmp)
                    goto oom;
                d = strtod(tmp, &e);
                if (e != tmp && d >= 0) {
                    if (g_ours)
                        r->ours.delay = d;
                    if (g_star)
                        r->star.delay = d;
                }
                free(tmp);
            } else if (KEY("sitemap")) {
                if (ve > v && add_sitemap(r, v, (size_t)(ve - v)) != 0)
                    goto oom;
            }
#undef KEY
        }
        p = eol;
        while (p < end && (*p == '\n' || *p == '\r'))
            p++;
    }
    return r;
oom:
    crawl_robots_free(r);
    return NULL;
}

/* Glob with '*' over the whole of s; an unanchored rule ends in an
** implicit '*'. Linear backtracking to the last star: no blow-up on
** patterns like "/ * a * a * a" (stars written apart here). */
static int rule_matches(const robots_rule *r, const char *s)
{
    const char *p = r->pat, *star = NULL, *mark = NULL;
    while (*s) {
        if (*p == '*') {
            star = p++;
            mark = s;
        } else if (*p && *p == *s) {
            p++;
            s++;
        } else if (!*p && !r->anchored) {
            return 1; /* the pattern is a prefix of s */
        } else if (star) {
            p = star + 1;
            s = ++mark;
        } else
            return 0;
    }
    while (*p == '*')
        p++;
    return *p == '\0';
}

int crawl_robots_allowed(const crawl_robots *r, const char *path)
{
    const rule_list *l;
    const robots_rule *best = NULL;
    char *np;
    size_t i;

    /* RFC 9309 2.2.2: /robots.txt is always allowed. */
    if (strcmp(path, "/robots.txt") == 0)
        return 1;
    if (r->deny_all)
        return 0;
    l = r->have_ours ? &r->ours : &r->star;
    if (l->n == 0)
        return 1;
    np = norm_path(path, strlen(path));
    if (!np)
        return 0; /* out of memory: err on the side of the site */
    for (i = 0; i < l->n; i++) {
        const robots_rule *ru = &l->v[i];
        if (!rule_matches(ru, np))
            continue;
        if (!best || ru->weight > best->weight ||
            (ru->weight == best->weight && ru->allow && !best->allow))
            best = ru;
    }
    free(np);
    return !best || best->allow;
}

double crawl_robots_delay(const crawl_robots *r)
{
    return r->have_ours ? r->ours.delay : r->star.delay;
}

size_t crawl_robots_nsitemaps(const crawl_robots *r)
{
    return r->nsitemaps;
}

const char *crawl_robots_sitemap(const crawl_robots *r, size_t i)
{
    return i < r->nsitemaps ? r->sitemaps[i] : NULL;
}

static void free_list(rule_list *l)
{
    size_t i;
    for (i = 0; i < l->n; i++)
        free(l->v[i].pat);
    free(l->v);
}

void crawl_robots_free(crawl_robots *r)
{
    size_t i;
    if (!r)
        return;
    free_list(&r->ours);
    free_list(&r->star);
    for (i = 0; i < r->nsitemaps; i++)
        free(r->sitemaps[i]);
    free(r->sitemaps);
    free(r);
}

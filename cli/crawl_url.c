/*
** 2026-11-25
**
** crawl_url.c: resolving, canonicalizing and scoping URLs.
**
** Takes a link as written in a page (relative, with spaces, Vietnamese
** letters, a fragment) and hands on the URL the crawler fetches and stores
** as the key of the state file. Two spellings of one document must come out
** equal, or the incremental state sees a "new" document each time a page
** links it differently; so the host is lowercased, the fragment and the
** default port dropped, and bytes that are not URL characters
** percent-encoded before curl parses them.
*/
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "crawl_limits.h"
#include "crawl_url.h"

/*
** WHATWG URL parsing drops leading and trailing blanks and every tab or
** newline inside; browsers follow it, and portal editors paste such links.
** Spaces and non-ASCII bytes (a Vietnamese file name in UTF-8) are
** percent-encoded, as a browser does before it sends the request.
*/
static char *clean_ref(const char *ref)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(ref), i;
    char *out, *o;
    while (n && (unsigned char)ref[n - 1] <= ' ')
        n--;
    while (n && (unsigned char)*ref <= ' ') {
        ref++;
        n--;
    }
    if (n > CRAWL_MAX_URL)
        return NULL;
    out = malloc(3 * n + 1);
    if (!out)
        return NULL;
    o = out;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)ref[i];
        if (c == '\t' || c == '\n' || c == '\r')
            continue;
        if (c <= ' ' || c >= 0x7f || c == '"' || c == '<' || c == '>' ||
            c == '`' || c == '{' || c == '}' || c == '|' || c == '^' ||
            c == '\\') {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        } else
            *o++ = (char)c;
    }
    *o = '\0';
    return out;
}

static void lower(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

void crawl_url_free(crawl_url *u)
{
    if (!u)
        return;
    free(u->url);
    free(u->origin);
    free(u->host);
    free(u->path);
    memset(u, 0, sizeof *u);
}

static char *join3(const char *a, const char *b, const char *c)
{
    size_t na = strlen(a), nb = strlen(b), nc = strlen(c);
    char *s = malloc(na + nb + nc + 1);
    if (!s)
        return NULL;
    memcpy(s, a, na);
    memcpy(s + na, b, nb);
    memcpy(s + na + nb, c, nc + 1);
    return s;
}

int crawl_url_parse(crawl_url *out, const char *base, const char *ref)
{
    CURLU *h = curl_url();
    char *clean = clean_ref(ref);
    char *scheme = NULL, *host = NULL, *port = NULL, *url = NULL;
    char *path = NULL, *query = NULL;
    int rc = -1;

    memset(out, 0, sizeof *out);
    if (!h || !clean || !*clean)
        goto done;
    /* A link starting with '#' points into the page itself. */
    if (clean[0] == '#')
        goto done;
    if (base && curl_url_set(h, CURLUPART_URL, base, 0) != CURLUE_OK)
        goto done;
    if (curl_url_set(h, CURLUPART_URL, clean, 0) != CURLUE_OK)
        goto done;
    if (curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https") != 0))
        goto done;
    if (curl_url_get(h, CURLUPART_HOST, &host, 0) != CURLUE_OK || !*host)
        goto done;
    lower(host);
    /* Credentials in a link are never sent: the crawl sees the public site. */
    if (curl_url_set(h, CURLUPART_HOST, host, 0) != CURLUE_OK ||
        curl_url_set(h, CURLUPART_FRAGMENT, NULL, 0) != CURLUE_OK ||
        curl_url_set(h, CURLUPART_USER, NULL, 0) != CURLUE_OK ||
        curl_url_set(h, CURLUPART_PASSWORD, NULL, 0) != CURLUE_OK)
        goto done;
    if (curl_url_get(h, CURLUPART_URL, &url, CURLU_NO_DEFAULT_PORT) !=
            CURLUE_OK ||
        strlen(url) > CRAWL_MAX_URL)
        goto done;
    if (curl_url_get(h, CURLUPART_PATH, &path, 0) != CURLUE_OK)
        goto done;
    if (curl_url_get(h, CURLUPART_QUERY, &query, 0) != CURLUE_OK)
        query = NULL;
    if (curl_url_get(h, CURLUPART_PORT, &port, CURLU_NO_DEFAULT_PORT) !=
        CURLUE_OK)
        port = NULL;

    out->url = strdup(url);
    out->host = strdup(host);
    {
        char *sch = strdup(scheme);
        char *hostport = port ? join3(host, ":", port) : strdup(host);
        if (sch && hostport) {
            lower(sch);
            out->origin = join3(sch, "://", hostport);
        }
        free(sch);
        free(hostport);
    }
    out->path = query ? join3(*path ? path : "/", "?", query)
                      : strdup(*path ? path : "/");
    if (out->url && out->host && out->origin && out->path)
        rc = 0;
    else
        crawl_url_free(out);
done:
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_free(url);
    curl_free(path);
    curl_free(query);
    free(clean);
    curl_url_cleanup(h);
    return rc;
}

/* ---- scope ---- */

typedef struct scope_seed {
    char *host;   /* for host scope */
    char *domain; /* host without a leading "www.", for domain scope */
    char *prefix; /* URL up to and including the last '/' of the path */
} scope_seed;

struct crawl_scope {
    crawl_scope_kind kind;
    scope_seed *v;
    size_t n, cap;
};

crawl_scope *crawl_scope_new(crawl_scope_kind kind)
{
    crawl_scope *s = calloc(1, sizeof *s);
    if (s)
        s->kind = kind;
    return s;
}

int crawl_scope_add(crawl_scope *s, const crawl_url *seed)
{
    scope_seed *e;
    const char *q, *slash;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 4;
        scope_seed *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return -1;
        s->v = v;
        s->cap = cap;
    }
    e = &s->v[s->n];
    memset(e, 0, sizeof *e);
    e->host = strdup(seed->host);
    /* "www.hanoi.gov.vn" as a seed means the province's whole domain: the
    ** districts live at "soyte.hanoi.gov.vn", not under "www.". Without a
    ** public-suffix list the domain is the host minus "www." and nothing
    ** more, so a seed "hanoi.gov.vn" never widens to all of "gov.vn". */
    e->domain = strdup(strncmp(seed->host, "www.", 4) == 0 ? seed->host + 4
                                                            : seed->host);
    /* The prefix ends at the last '/' before any query: a seed
    ** ".../van-ban/index.html" covers ".../van-ban/". */
    q = strchr(seed->url, '?');
    slash = seed->url + strlen(seed->url);
    if (q)
        slash = q;
    while (slash > seed->url && slash[-1] != '/')
        slash--;
    e->prefix = strndup(seed->url, (size_t)(slash - seed->url));
    if (!e->host || !e->domain || !e->prefix) {
        free(e->host);
        free(e->domain);
        free(e->prefix);
        return -1;
    }
    s->n++;
    return 0;
}

static int host_in_domain(const char *host, const char *domain)
{
    size_t nh = strlen(host), nd = strlen(domain);
    if (nh == nd)
        return strcmp(host, domain) == 0;
    return nh > nd && host[nh - nd - 1] == '.' &&
           strcmp(host + nh - nd, domain) == 0;
}

int crawl_scope_allows(const crawl_scope *s, const crawl_url *u)
{
    size_t i;
    for (i = 0; i < s->n; i++) {
        const scope_seed *e = &s->v[i];
        switch (s->kind) {
        case CRAWL_SCOPE_HOST:
            /* Scheme and port do not matter: portals redirect http to
            ** https, and that is the same site. */
            if (strcmp(u->host, e->host) == 0)
                return 1;
            break;
        case CRAWL_SCOPE_DOMAIN:
            if (host_in_domain(u->host, e->domain))
                return 1;
            break;
        case CRAWL_SCOPE_PREFIX:
            if (strncmp(u->url, e->prefix, strlen(e->prefix)) == 0)
                return 1;
            break;
        }
    }
    return 0;
}

void crawl_scope_free(crawl_scope *s)
{
    size_t i;
    if (!s)
        return;
    for (i = 0; i < s->n; i++) {
        free(s->v[i].host);
        free(s->v[i].domain);
        free(s->v[i].prefix);
    }
    free(s->v);
    free(s);
}

int crawl_url_is_media(const crawl_url *u)
{
    static const char *const ext[] = {
        "jpg", "jpeg", "png", "gif", "bmp", "webp", "svg", "ico", "avif",
        "mp3", "mp4", "m4a", "m4v", "avi", "mov", "wmv", "flv", "mkv",
        "webm", "ogg", "oga", "ogv", "wav", "wma", "css", "js", "mjs",
        "woff", "woff2", "ttf", "otf", "eot", "exe", "msi", "dmg", "iso",
        "apk", NULL};
    const char *p = u->path, *end = strchr(p, '?'), *dot = NULL, *s;
    size_t i, n;
    if (!end)
        end = p + strlen(p);
    for (s = p; s < end; s++) {
        if (*s == '/')
            dot = NULL;
        else if (*s == '.')
            dot = s;
    }
    if (!dot)
        return 0;
    dot++;
    n = (size_t)(end - dot);
    for (i = 0; ext[i]; i++)
        if (strlen(ext[i]) == n && strncasecmp(dot, ext[i], n) == 0)
            return 1;
    return 0;
}

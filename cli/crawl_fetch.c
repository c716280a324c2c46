/*
** 2026-11-25
**
** crawl_fetch.c: the crawler's fetch loop on libcurl's multi interface.
**
** Takes seeds and the frontier in the state file; hands each page or
** document, whole, to the caller as its transfer ends, and keeps the
** frontier up to date for everything else (robots.txt, sitemaps, redirects,
** skips, retries, failures). It never scans and never prints results.
**
** Politeness, per origin (scheme://host:port, the unit robots.txt applies
** to): robots.txt is fetched before anything else; request starts are spaced
** by max(1 / --rate, Crawl-delay); at most --host-connections transfers run
** at once; a 429 or 503 pushes the whole origin back by Retry-After or an
** exponential backoff. Redirects are not followed by curl: each Location is
** a new URL, checked against the scope and robots.txt like any link, and
** fetched once, which also ends redirect loops.
**
** One thread runs this loop; bodies go to the scanning threads through the
** caller's hooks, and a scan that ends wakes the loop (curl_multi_wakeup).
*/
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "crawl_fetch.h"
#include "crawl_limits.h"
#include "crawl_links.h"
#include "crawl_robots.h"

typedef enum xfer_kind { XFER_ROBOTS, XFER_SITEMAP, XFER_PAGE } xfer_kind;

typedef struct host {
    char *origin;
    int robots;          /* 0 not asked yet, 1 being fetched, 2 known */
    crawl_robots *rules;
    double delay;        /* seconds between request starts */
    double next_at;      /* no request starts before (epoch seconds) */
    unsigned active;     /* transfers in flight */
    int idle;            /* nothing was due at the last look */
    double wake;         /* earliest deferred URL, 0 when none */
    char *down;          /* why robots.txt could not be read, or NULL */
} host;

typedef struct xfer {
    struct crawl_fetcher *f;
    struct xfer *next, *prev; /* in flight, for a stop */
    CURL *easy;
    host *h;
    xfer_kind kind;
    char *url;
    unsigned depth, tries;
    struct curl_slist *hdrs;
    crawl_body body;
    crawl_links *links;
    uint64_t raw;        /* bytes received (sitemaps are not kept) */
    int started;         /* first body byte seen: its type is decided */
    int discard;         /* not a 2xx: the body is not wanted */
    int is_html;
    int cut;             /* stopped at the size limit */
    int media;           /* stopped: a type the engine cannot read */
    int failed_write;    /* the body could not be stored */
    long status;
    char *content_type, *etag, *last_modified, *location, *retry_after;
    char *known_sha;     /* last run's hash, when its verdict is reusable */
    double t0;
    char err[CURL_ERROR_SIZE];
} xfer;

struct crawl_fetcher {
    crawl_fetch_opts o;
    crawl_fetch_hooks hk;
    CURLM *multi;
    host **hosts;
    size_t nhosts, caphosts;
    xfer *live;          /* transfers in flight */
    size_t nxfers;
    uint64_t started;    /* page requests this run, toward --max-pages */
    uint64_t requests;   /* every request of this process */
    int limit_hit;
    int failed;          /* the state file failed: stop */
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void iso_now(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void state_failed(crawl_fetcher *f)
{
    if (!f->failed)
        fprintf(stderr, "domat: crawl: state file: %s\n",
                crawl_state_error(f->o.st));
    f->failed = 1;
}

void crawl_fetched_free(crawl_fetched *c)
{
    if (!c)
        return;
    free(c->url);
    free(c->origin);
    free(c->content_type);
    free(c->etag);
    free(c->last_modified);
    crawl_body_free(&c->body);
    free(c);
}

/* ---- hosts ---- */

static host *host_get(crawl_fetcher *f, const char *origin)
{
    size_t i;
    host *h;
    for (i = 0; i < f->nhosts; i++)
        if (strcmp(f->hosts[i]->origin, origin) == 0)
            return f->hosts[i];
    if (f->nhosts == f->caphosts) {
        size_t cap = f->caphosts ? 2 * f->caphosts : 8;
        host **v = realloc(f->hosts, cap * sizeof *v);
        if (!v)
            return NULL;
        f->hosts = v;
        f->caphosts = cap;
    }
    h = calloc(1, sizeof *h);
    if (!h || !(h->origin = strdup(origin))) {
        free(h);
        return NULL;
    }
    h->delay = 1.0 / f->o.rate;
    f->hosts[f->nhosts++] = h;
    return h;
}

static int add_origin(void *arg, const char *origin)
{
    crawl_fetcher *f = arg;
    return host_get(f, origin) ? 0 : 1;
}

/* ---- frontier ---- */

/*
** Resolve and queue one link. Returns nonzero to stop the link parser (the
** state file failed).
*/
static int enqueue(crawl_fetcher *f, const char *base, const char *ref,
                   crawl_kind kind, unsigned depth, const char *referrer)
{
    crawl_url u;
    const char *skip = NULL;
    host *h;
    if (crawl_url_parse(&u, base, ref) != 0)
        return 0;
    if (!crawl_scope_allows(f->o.scope, &u)) {
        crawl_url_free(&u);
        return 0;
    }
    if (kind == CRAWL_KIND_PAGE) {
        if (crawl_url_is_media(&u))
            skip = "media";
        else if (depth > f->o.link_depth)
            skip = "depth";
    }
    if (crawl_state_enqueue(f->o.st, u.url, u.origin, kind, depth, skip,
                            referrer) != 0) {
        crawl_url_free(&u);
        state_failed(f);
        return 1;
    }
    h = host_get(f, u.origin);
    if (h)
        h->idle = 0;
    crawl_url_free(&u);
    return 0;
}

static int link_cb(void *arg, const char *base, const char *ref,
                   crawl_link_kind kind)
{
    xfer *x = arg;
    if (x->kind == XFER_SITEMAP) {
        if (kind == CRAWL_LINK_SITEMAP)
            return x->depth + 1 <= CRAWL_SITEMAP_DEPTH
                       ? enqueue(x->f, base, ref, CRAWL_KIND_SITEMAP,
                                 x->depth + 1, x->url)
                       : 0;
        /* A sitemap entry is one click from the site's front page. */
        return enqueue(x->f, base, ref, CRAWL_KIND_PAGE, 1, x->url);
    }
    return enqueue(x->f, base, ref, CRAWL_KIND_PAGE, x->depth + 1, x->url);
}

int crawl_fetch_seed(crawl_fetcher *f, const char *url)
{
    crawl_url u;
    if (crawl_url_parse(&u, NULL, url) != 0)
        return -1;
    crawl_url_free(&u);
    return enqueue(f, NULL, url, CRAWL_KIND_PAGE, 0, NULL) ? -2 : 0;
}

/* ---- transfers ---- */

static void xfer_free(xfer *x)
{
    if (!x)
        return;
    if (x->easy)
        curl_easy_cleanup(x->easy);
    curl_slist_free_all(x->hdrs);
    crawl_body_free(&x->body);
    crawl_links_free(x->links);
    free(x->url);
    free(x->content_type);
    free(x->etag);
    free(x->last_modified);
    free(x->location);
    free(x->retry_after);
    free(x->known_sha);
    free(x);
}

static char *trimdup(const char *p, size_t n)
{
    while (n && isspace((unsigned char)*p)) {
        p++;
        n--;
    }
    while (n && isspace((unsigned char)p[n - 1]))
        n--;
    return strndup(p, n);
}

static size_t on_header(char *buf, size_t size, size_t nitems, void *arg)
{
    xfer *x = arg;
    size_t n = size * nitems;
    const char *colon;
    char **slot = NULL;

    /* A new status line (after a 100 Continue) starts a new header set. */
    if (n >= 5 && memcmp(buf, "HTTP/", 5) == 0) {
        free(x->content_type);
        free(x->etag);
        free(x->last_modified);
        free(x->location);
        free(x->retry_after);
        x->content_type = x->etag = x->last_modified = NULL;
        x->location = x->retry_after = NULL;
        return n;
    }
    colon = memchr(buf, ':', n);
    if (!colon)
        return n;
#define IS(name) ((size_t)(colon - buf) == sizeof name - 1 && \
                  strncasecmp(buf, name, sizeof name - 1) == 0)
    if (IS("content-type"))
        slot = &x->content_type;
    else if (IS("etag"))
        slot = &x->etag;
    else if (IS("last-modified"))
        slot = &x->last_modified;
    else if (IS("location"))
        slot = &x->location;
    else if (IS("retry-after"))
        slot = &x->retry_after;
#undef IS
    if (slot) {
        free(*slot);
        *slot = trimdup(colon + 1, n - (size_t)(colon + 1 - buf));
    }
    return n;
}

/* Types the engine has nothing to read in; the transfer is stopped as soon
** as the header says so, a link's extension having not given it away. */
static int media_type(const char *ct)
{
    static const char *const pre[] = {"image/", "audio/", "video/", "font/",
                                      "text/css", "text/javascript",
                                      "application/javascript",
                                      "application/x-javascript",
                                      "application/font", NULL};
    size_t i;
    if (!ct)
        return 0;
    for (i = 0; pre[i]; i++)
        if (strncasecmp(ct, pre[i], strlen(pre[i])) == 0)
            return 1;
    return 0;
}

static int html_type(const char *ct)
{
    return ct && (strncasecmp(ct, "text/html", 9) == 0 ||
                  strncasecmp(ct, "application/xhtml+xml", 21) == 0);
}

/* A page served without a Content-Type is HTML if it starts like one. */
static int looks_html(const char *p, size_t n)
{
    size_t i = 0;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && isspace((unsigned char)p[i]))
        i++;
    return (n - i >= 14 && strncasecmp(p + i, "<!doctype html", 14) == 0) ||
           (n - i >= 5 && strncasecmp(p + i, "<html", 5) == 0);
}

static size_t on_body(char *buf, size_t size, size_t nmemb, void *arg)
{
    xfer *x = arg;
    size_t n = size * nmemb;
    int r;

    if (!x->started) {
        x->started = 1;
        curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &x->status);
        if (x->status < 200 || x->status > 299)
            x->discard = 1;
        else if (x->kind == XFER_PAGE) {
            if (media_type(x->content_type)) {
                x->media = 1;
                return 0;
            }
            x->is_html = html_type(x->content_type) ||
                         (!x->content_type && looks_html(buf, n));
            if (x->is_html)
                x->links = crawl_links_html(x->url, link_cb, x);
        } else if (x->kind == XFER_SITEMAP)
            x->links = crawl_links_sitemap(x->url, link_cb, x);
    }
    if (x->discard)
        return n;
    x->raw += n;
    if (x->links)
        crawl_links_feed(x->links, buf, n);
    if (x->f->failed)
        return 0;
    if (x->kind == XFER_SITEMAP) {
        /* Entries are taken as they stream by; the bytes are not kept. */
        if (x->raw > CRAWL_SITEMAP_MAX) {
            x->cut = 1;
            return 0;
        }
        return n;
    }
    r = crawl_body_write(&x->body, buf, n);
    if (r < 0) {
        x->failed_write = errno ? errno : ENOMEM;
        return 0;
    }
    if (r > 0) {
        x->cut = 1;
        return 0;
    }
    return n;
}

static void add_header(xfer *x, const char *name, const char *value)
{
    size_t n = strlen(name) + strlen(value) + 3;
    char *line = malloc(n);
    struct curl_slist *l;
    if (!line)
        return;
    snprintf(line, n, "%s: %s", name, value);
    l = curl_slist_append(x->hdrs, line);
    if (l)
        x->hdrs = l;
    free(line);
}

static int start(crawl_fetcher *f, host *h, const char *url, xfer_kind kind,
                 unsigned depth, unsigned tries)
{
    xfer *x = calloc(1, sizeof *x);
    if (!x || !(x->url = strdup(url)) || !(x->easy = curl_easy_init())) {
        xfer_free(x);
        return -1;
    }
    x->f = f;
    x->h = h;
    x->kind = kind;
    x->depth = depth;
    x->tries = tries;
    x->t0 = now_s();
    if (kind == XFER_ROBOTS)
        crawl_body_init(&x->body, CRAWL_ROBOTS_MAX, CRAWL_ROBOTS_MAX + 1);
    else
        crawl_body_init(&x->body, f->o.max_size, CRAWL_MEM_BODY);

    if (kind == XFER_PAGE) {
        /* A conditional request only when last run's verdict can stand: the
        ** same dictionaries scanned it and it was not an error. */
        crawl_known k;
        if (crawl_state_known(f->o.st, url, &k) != 0) {
            state_failed(f);
            xfer_free(x);
            return -1;
        }
        if (k.known && !k.gone && k.engine && f->o.engine_digest &&
            strcmp(k.engine, f->o.engine_digest) == 0 && k.verdict &&
            strcmp(k.verdict, "error") != 0) {
            if (k.etag)
                add_header(x, "If-None-Match", k.etag);
            if (k.last_modified)
                add_header(x, "If-Modified-Since", k.last_modified);
            x->known_sha = k.sha256;
            k.sha256 = NULL;
        }
        crawl_known_free(&k);
    }

    curl_easy_setopt(x->easy, CURLOPT_URL, url);
    curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x);
    curl_easy_setopt(x->easy, CURLOPT_USERAGENT, f->o.user_agent);
    /* Every encoding this libcurl decodes (gzip, deflate, br, zstd). */
    curl_easy_setopt(x->easy, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(x->easy, CURLOPT_HTTP_VERSION,
                     (long)CURL_HTTP_VERSION_2TLS);
    curl_easy_setopt(x->easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(x->easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    /* robots.txt redirects are followed (RFC 9309 2.3.1.2, up to five);
    ** every other redirect goes through the scope check as a new URL. */
    if (kind == XFER_ROBOTS) {
        curl_easy_setopt(x->easy, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(x->easy, CURLOPT_MAXREDIRS, 5L);
    }
    curl_easy_setopt(x->easy, CURLOPT_CONNECTTIMEOUT, CRAWL_CONNECT_TIMEOUT);
    curl_easy_setopt(x->easy, CURLOPT_TIMEOUT, (long)f->o.timeout);
    curl_easy_setopt(x->easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(x->easy, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(x->easy, CURLOPT_HEADERDATA, x);
    curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(x->easy, CURLOPT_ERRORBUFFER, x->err);
    if (x->hdrs)
        curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->hdrs);
    if (curl_multi_add_handle(f->multi, x->easy) != CURLM_OK) {
        xfer_free(x);
        return -1;
    }
    x->next = f->live;
    if (f->live)
        f->live->prev = x;
    f->live = x;
    f->nxfers++;
    f->requests++;
    h->active++;
    if (f->o.verbose)
        fprintf(stderr, "domat: GET %s\n", url);
    return 0;
}

static void unlink_xfer(crawl_fetcher *f, xfer *x)
{
    if (x->prev)
        x->prev->next = x->next;
    else
        f->live = x->next;
    if (x->next)
        x->next->prev = x->prev;
    curl_multi_remove_handle(f->multi, x->easy);
    f->nxfers--;
    x->h->active--;
}

/* Seconds to wait after a 429/503: Retry-After as seconds or a date, or
** doubling from CRAWL_BACKOFF_BASE with each try. */
static double backoff(const xfer *x, double now)
{
    double wait = CRAWL_BACKOFF_BASE;
    unsigned i;
    for (i = 0; i < x->tries; i++)
        wait *= 2;
    if (x->retry_after && *x->retry_after) {
        char *end;
        double v = strtod(x->retry_after, &end);
        if (end != x->retry_after && *end == '\0' && v >= 0)
            wait = v;
        else {
            time_t t = curl_getdate(x->retry_after, NULL);
            if (t > 0)
                wait = (double)t - now;
        }
    }
    if (wait < 0)
        wait = 0;
    if (wait > CRAWL_BACKOFF_MAX)
        wait = CRAWL_BACKOFF_MAX;
    return wait;
}

static void set_status(crawl_fetcher *f, const char *url, const char *status,
                       const char *detail)
{
    if (crawl_state_set_status(f->o.st, url, status, detail) != 0)
        state_failed(f);
}

/* Try again later, or give up after CRAWL_MAX_TRIES. */
static void retry_or_fail(crawl_fetcher *f, xfer *x, const char *why)
{
    double now = now_s();
    char detail[160];
    if (x->tries + 1 >= CRAWL_MAX_TRIES) {
        snprintf(detail, sizeof detail, "%s after %u tries", why,
                 x->tries + 1);
        set_status(f, x->url, "failed", detail);
        return;
    }
    {
        double wait = backoff(x, now);
        if (x->h->next_at < now + wait)
            x->h->next_at = now + wait;
        x->h->idle = 0;
        if (f->o.verbose)
            fprintf(stderr, "domat: %s: %s, again in %.1f s\n", x->url, why,
                    wait);
        if (crawl_state_retry(f->o.st, x->url, now + wait) != 0)
            state_failed(f);
    }
}

static void robots_done(crawl_fetcher *f, xfer *x, CURLcode rc)
{
    host *h = x->h;
    double cd;
    size_t i, n;
    if ((rc == CURLE_OK || x->cut) && x->status == 200)
        h->rules = crawl_robots_parse(x->body.mem ? (char *)x->body.mem : "",
                                      x->body.len, f->o.agent_token);
    else if (rc == CURLE_OK && x->status >= 400 && x->status < 500)
        h->rules = crawl_robots_allow_all();
    else {
        /* RFC 9309 2.3.1.4: a server error means complete disallow. The
        ** host's URLs are then recorded as failed with the reason, not as
        ** skipped: a site that cannot be reached is a gap in the sweep. */
        char why[CURL_ERROR_SIZE + 64];
        if (rc != CURLE_OK)
            snprintf(why, sizeof why, "robots.txt: %s",
                     x->err[0] ? x->err : curl_easy_strerror(rc));
        else
            snprintf(why, sizeof why, "robots.txt: HTTP %ld", x->status);
        fprintf(stderr, "domat: %s: %s; not crawling it in this run\n",
                h->origin, why);
        h->down = strdup(why);
        h->rules = crawl_robots_disallow_all();
    }
    if (!h->rules) {
        fputs("domat: out of memory\n", stderr);
        f->failed = 1;
        return;
    }
    h->robots = 2;
    h->idle = 0;
    cd = crawl_robots_delay(h->rules);
    if (cd > CRAWL_MAX_CRAWL_DELAY) {
        fprintf(stderr, "domat: %s: Crawl-delay %.0f s lowered to %.0f s\n",
                h->origin, cd, CRAWL_MAX_CRAWL_DELAY);
        cd = CRAWL_MAX_CRAWL_DELAY;
    }
    if (cd > h->delay)
        h->delay = cd;
    /* The robots.txt request itself started the clock: the first page
    ** waits the site's delay from then, not the --rate guess made before
    ** the delay was known. */
    if (h->next_at < x->t0 + h->delay)
        h->next_at = x->t0 + h->delay;
    n = crawl_robots_nsitemaps(h->rules);
    for (i = 0; i < n; i++)
        if (enqueue(f, h->origin, crawl_robots_sitemap(h->rules, i),
                    CRAWL_KIND_SITEMAP, 0, "robots.txt"))
            return;
    /* No Sitemap: line: the conventional place, as search engines try. */
    if (n == 0)
        enqueue(f, h->origin, "/sitemap.xml", CRAWL_KIND_SITEMAP, 0, NULL);
}

static void deliver(crawl_fetcher *f, xfer *x, int unchanged)
{
    crawl_fetched *c = calloc(1, sizeof *c);
    if (!c) {
        set_status(f, x->url, "failed", "out of memory");
        return;
    }
    c->url = x->url;
    x->url = NULL;
    c->origin = strdup(x->h->origin);
    iso_now(c->fetched_at);
    c->http_status = x->status;
    c->depth = x->depth;
    c->content_type = x->content_type;
    c->etag = x->etag;
    c->last_modified = x->last_modified;
    x->content_type = x->etag = x->last_modified = NULL;
    c->is_page = x->is_html;
    c->body = x->body;
    crawl_body_init(&x->body, 0, 0);
    if (x->status >= 200 && x->status <= 299) {
        crawl_body_digest(&c->body, c->sha256);
        if (x->known_sha && strcmp(x->known_sha, c->sha256) == 0)
            unchanged = 1;
    }
    c->unchanged = unchanged;
    c->seconds = now_s() - x->t0;
    f->hk.deliver(f->hk.arg, c);
}

static void page_done(crawl_fetcher *f, xfer *x, CURLcode rc)
{
    char detail[CURL_ERROR_SIZE + 64];
    long st = x->status;
    int page = 0, doc = 0;

    if (!x->started)
        curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &st);
    x->status = st;
    if (x->links)
        crawl_links_end(x->links);

    if (x->media) {
        snprintf(detail, sizeof detail, "media %s", x->content_type);
        set_status(f, x->url, "skipped", detail);
    } else if (x->failed_write) {
        snprintf(detail, sizeof detail, "cannot keep the body: %s",
                 strerror(x->failed_write));
        set_status(f, x->url, "failed", detail);
    } else if (rc != CURLE_OK && !x->cut) {
        snprintf(detail, sizeof detail, "%s", x->err[0] ? x->err
                                                        : curl_easy_strerror(rc));
        /* A refused or dropped connection is often a server restarting; a
        ** timeout is a slow page, and waiting for it again would hold a
        ** connection for another --timeout. */
        if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_GOT_NOTHING ||
            rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR)
            retry_or_fail(f, x, detail);
        else
            set_status(f, x->url, "failed", detail);
    } else if (x->kind == XFER_SITEMAP) {
        if (st >= 200 && st <= 299)
            set_status(f, x->url, "done", NULL);
        else if (st >= 300 && st <= 399 && x->location) {
            enqueue(f, x->url, x->location, CRAWL_KIND_SITEMAP, x->depth,
                    x->url);
            set_status(f, x->url, "redirect", x->location);
        } else {
            snprintf(detail, sizeof detail, "HTTP %ld", st);
            set_status(f, x->url, "failed", detail);
        }
    } else if ((st >= 200 && st <= 299) || st == 304 || st == 404 ||
               st == 410) {
        /* A 304 has no body to tell a page from a document by. */
        page = st >= 200 && st <= 299 && x->is_html;
        doc = st >= 200 && st <= 299 && !x->is_html;
        /* The caller records the outcome and the final status. */
        deliver(f, x, st == 304);
    } else if (st >= 300 && st <= 399 && x->location) {
        crawl_url u;
        if (crawl_url_parse(&u, x->url, x->location) == 0) {
            int in = crawl_scope_allows(f->o.scope, &u);
            if (in)
                enqueue(f, NULL, u.url, CRAWL_KIND_PAGE, x->depth, x->url);
            snprintf(detail, sizeof detail, "%s%s", u.url,
                     in ? "" : " (out of scope)");
            crawl_url_free(&u);
        } else
            snprintf(detail, sizeof detail, "%.200s (not followed)",
                     x->location);
        set_status(f, x->url, "redirect", detail);
    } else if (st == 429 || st == 503) {
        snprintf(detail, sizeof detail, "HTTP %ld", st);
        retry_or_fail(f, x, detail);
    } else {
        snprintf(detail, sizeof detail, "HTTP %ld", st);
        set_status(f, x->url, "failed", detail);
    }
    if (x->kind == XFER_PAGE &&
        crawl_state_count_fetch(f->o.st, page, doc, x->raw) != 0)
        state_failed(f);
}

static void finished(crawl_fetcher *f, CURL *easy, CURLcode rc)
{
    xfer *x = NULL;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&x);
    if (!x)
        return;
    unlink_xfer(f, x);
    if (!x->status)
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &x->status);
    if (f->o.verbose)
        fprintf(stderr, "domat: %s -> %ld%s%s (%.2f s)\n", x->url ? x->url : "",
                x->status, rc != CURLE_OK ? " " : "",
                rc != CURLE_OK ? curl_easy_strerror(rc) : "", now_s() - x->t0);
    if (x->kind == XFER_ROBOTS)
        robots_done(f, x, rc);
    else
        page_done(f, x, rc);
    xfer_free(x);
}

/* ---- the loop ---- */

/*
** A request starts now: the next may start one delay after the slot this one
** took. With polite delays (10 ms and more) the slot is now, so starts are
** never closer than the delay. With faster rates the loop, which wakes at
** millisecond granularity, may have woken late; the slots it missed (up to
** 10 ms of them) are used now, so --rate 1000 means 1000 a second and not
** one per turn of the loop.
*/
static void spaced(host *h, double now)
{
    double lag = h->delay < 0.01 ? 0.01 : 0;
    if (h->next_at < now - lag)
        h->next_at = now - lag;
    h->next_at += h->delay;
}

/* Start what may start now. */
static void dispatch(crawl_fetcher *f)
{
    double now = now_s();
    size_t i;
    for (i = 0; i < f->nhosts && !f->failed && !*f->o.stop; i++) {
        host *h = f->hosts[i];
        while (f->nxfers < CRAWL_MAX_TRANSFERS &&
               h->active < f->o.host_connections) {
            crawl_next nx;
            crawl_url u;
            double wake = 0;
            int r;
            const char *skip = NULL;

            if (h->robots == 1 || now < h->next_at)
                break;
            if (h->idle && (h->wake == 0 || h->wake > now))
                break;
            if (f->started >= f->o.max_pages) {
                f->limit_hit = 1;
                return;
            }
            if (!f->hk.room(f->hk.arg))
                return;
            if (h->robots == 0) {
                char *url = malloc(strlen(h->origin) + sizeof "/robots.txt");
                if (!url)
                    return;
                sprintf(url, "%s/robots.txt", h->origin);
                h->robots = 1;
                if (start(f, h, url, XFER_ROBOTS, 0, 0) != 0) {
                    h->robots = 2;
                    h->rules = crawl_robots_allow_all();
                }
                spaced(h, now);
                free(url);
                break;
            }
            r = crawl_state_next(f->o.st, h->origin, now, &nx, &wake);
            if (r < 0) {
                state_failed(f);
                return;
            }
            if (r == 0) {
                h->idle = 1;
                h->wake = wake;
                break;
            }
            if (h->down) {
                set_status(f, nx.url, "failed", h->down);
                free(nx.url);
                continue;
            }
            if (crawl_url_parse(&u, NULL, nx.url) != 0)
                skip = "not an http(s) URL";
            else if (!crawl_scope_allows(f->o.scope, &u))
                skip = "scope";
            else if (!crawl_robots_allowed(h->rules, u.path))
                skip = "robots.txt";
            else if (nx.kind == CRAWL_KIND_PAGE && crawl_url_is_media(&u))
                skip = "media";
            else if (nx.kind == CRAWL_KIND_PAGE && nx.depth > f->o.link_depth)
                skip = "depth";
            crawl_url_free(&u);
            if (skip) {
                if (f->o.verbose)
                    fprintf(stderr, "domat: skip %s (%s)\n", nx.url, skip);
                set_status(f, nx.url, "skipped", skip);
                free(nx.url);
                continue;
            }
            if (start(f, h, nx.url,
                      nx.kind == CRAWL_KIND_SITEMAP ? XFER_SITEMAP : XFER_PAGE,
                      nx.depth, nx.tries) != 0) {
                if (!f->failed)
                    set_status(f, nx.url, "failed", "cannot start a transfer");
            } else if (nx.kind == CRAWL_KIND_PAGE)
                f->started++;
            spaced(h, now);
            free(nx.url);
        }
    }
}

/* How long the loop may sleep: until the next host may start, at most 1 s. */
static int poll_ms(crawl_fetcher *f)
{
    double now = now_s(), t = 1.0;
    size_t i;
    for (i = 0; i < f->nhosts; i++) {
        host *h = f->hosts[i];
        double at;
        if (h->robots == 1 || h->active >= f->o.host_connections)
            continue;
        if (h->idle) {
            if (h->wake == 0)
                continue;
            at = h->wake > h->next_at ? h->wake : h->next_at;
        } else
            at = h->next_at;
        if (at - now < t)
            t = at - now;
    }
    if (t < 0.001)
        t = 0.001;
    return (int)(t * 1000 + 0.5);
}

static void stop_all(crawl_fetcher *f)
{
    while (f->live) {
        xfer *x = f->live;
        unlink_xfer(f, x);
        /* Its frontier row stays "active" and is queued again on resume. */
        xfer_free(x);
    }
}

int crawl_fetch_run(crawl_fetcher *f, int *limit_hit)
{
    for (;;) {
        int running = 0, left = 0;
        CURLMsg *m;

        f->hk.poll(f->hk.arg);
        if (f->failed)
            break;
        if (*f->o.stop) {
            stop_all(f);
            break;
        }
        dispatch(f);
        if (f->failed)
            break;
        if (crawl_state_tick(f->o.st) != 0) {
            state_failed(f);
            break;
        }
        if (f->nxfers == 0 && f->hk.outstanding(f->hk.arg) == 0 &&
            (f->limit_hit || !crawl_state_pending(f->o.st)))
            break;
        curl_multi_perform(f->multi, &running);
        while ((m = curl_multi_info_read(f->multi, &left)) != NULL)
            if (m->msg == CURLMSG_DONE)
                finished(f, m->easy_handle, m->data.result);
        if (f->failed)
            break;
        curl_multi_poll(f->multi, NULL, 0, poll_ms(f), NULL);
    }
    stop_all(f);
    *limit_hit = f->limit_hit;
    return f->failed ? -1 : 0;
}

void crawl_fetch_wakeup(crawl_fetcher *f)
{
    curl_multi_wakeup(f->multi);
}

uint64_t crawl_fetch_requests(const crawl_fetcher *f)
{
    return f->requests;
}

crawl_fetcher *crawl_fetch_new(const crawl_fetch_opts *o,
                               const crawl_fetch_hooks *hk)
{
    crawl_fetcher *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->o = *o;
    f->hk = *hk;
    f->started = o->already_fetched;
    f->multi = curl_multi_init();
    if (!f->multi) {
        free(f);
        return NULL;
    }
    curl_multi_setopt(f->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
                      (long)o->host_connections);
    curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                      (long)CRAWL_MAX_TRANSFERS);
    curl_multi_setopt(f->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    /* A resumed or repeated run has URLs queued for origins nobody has
    ** linked yet in this process. */
    if (crawl_state_queued_origins(o->st, add_origin, f) != 0) {
        state_failed(f);
        crawl_fetch_free(f);
        return NULL;
    }
    return f;
}

void crawl_fetch_free(crawl_fetcher *f)
{
    size_t i;
    if (!f)
        return;
    stop_all(f);
    for (i = 0; i < f->nhosts; i++) {
        crawl_robots_free(f->hosts[i]->rules);
        free(f->hosts[i]->down);
        free(f->hosts[i]->origin);
        free(f->hosts[i]);
    }
    free(f->hosts);
    curl_multi_cleanup(f->multi);
    free(f);
}

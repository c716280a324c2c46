/*
** 2026-11-25
**
** crawl_fetch.h: the fetching half of `domat crawl`: libcurl's multi
** interface driving many transfers at once, with robots.txt, sitemaps,
** per-host connection and rate limits, backoff, redirects kept in scope, and
** links followed as pages arrive.
**
** It owns the frontier in the state file (which URL is queued, fetched,
** skipped, failed, redirected). Bodies of pages and documents it hands to the
** caller (deliver), which scans them and records the outcome; the URL stays
** "active" until the caller sets its final status.
*/
#ifndef DOMAT_CRAWL_FETCH_H
#define DOMAT_CRAWL_FETCH_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "crawl_body.h"
#include "crawl_state.h"
#include "crawl_url.h"

/* One answer for the caller: a page or document, 304, or a 404/410. */
typedef struct crawl_fetched {
    char *url;
    char *origin;
    char fetched_at[32];    /* ISO 8601 UTC, when the answer came */
    long http_status;       /* 200 (any 2xx), 304, 404 or 410 */
    unsigned depth;
    char *content_type;     /* as sent, or NULL */
    char *etag;
    char *last_modified;
    int is_page;            /* HTML: links were taken from it */
    int unchanged;          /* 304, or the same bytes as last run and the
                            ** same engine digest: no scan needed */
    crawl_body body;        /* empty for 304 / 404 / 410 */
    char sha256[65];        /* of the body; "" when there is none */
    double seconds;         /* transfer time */
} crawl_fetched;

void crawl_fetched_free(crawl_fetched *f);

typedef struct crawl_fetch_hooks {
    void *arg;
    /* Takes ownership of f. Called on the fetching thread. */
    void (*deliver)(void *arg, crawl_fetched *f);
    /* Nonzero when another body may be delivered now. */
    int (*room)(void *arg);
    /* Bodies delivered whose outcome is not recorded yet. */
    size_t (*outstanding)(void *arg);
    /* Called on every turn of the loop: record finished scans. */
    void (*poll)(void *arg);
} crawl_fetch_hooks;

typedef struct crawl_fetch_opts {
    crawl_state *st;
    const crawl_scope *scope;
    const char *user_agent;
    const char *agent_token;   /* product token matched in robots.txt */
    double rate;               /* requests per second per host */
    unsigned host_connections;
    unsigned link_depth;
    uint64_t max_pages;        /* this run, including a resumed part */
    uint64_t already_fetched;  /* pages fetched before a resume */
    uint64_t max_size;         /* bytes kept of one body */
    unsigned timeout;          /* seconds for one transfer */
    const char *engine_digest; /* conditional requests only when equal */
    int verbose;
    volatile sig_atomic_t *stop; /* set by a signal: wind down */
} crawl_fetch_opts;

typedef struct crawl_fetcher crawl_fetcher;

/* NULL when out of memory or libcurl could not start. */
crawl_fetcher *crawl_fetch_new(const crawl_fetch_opts *o,
                               const crawl_fetch_hooks *h);

/* Queue a seed URL (depth 0); -1 when it is not an http(s) URL. */
int crawl_fetch_seed(crawl_fetcher *f, const char *url);

/*
** Run until nothing is left to fetch, --max-pages is reached, or *stop is
** set. Returns 0, or -1 when the state file failed (message on stderr).
** *limit_hit is set when --max-pages ended the run.
*/
int crawl_fetch_run(crawl_fetcher *f, int *limit_hit);

/* Wake the loop from another thread (a scan finished). */
void crawl_fetch_wakeup(crawl_fetcher *f);

/* Requests made in this process, for the summary and the benchmark. */
uint64_t crawl_fetch_requests(const crawl_fetcher *f);

void crawl_fetch_free(crawl_fetcher *f);

#endif /* DOMAT_CRAWL_FETCH_H */

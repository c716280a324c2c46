/*
** 2026-11-25
**
** crawl_state.h: the crawl's state file (SQLite): the frontier of URLs with
** their status in the current run, what is known about each document from
** earlier runs (validators, hash, verdict, findings), and the runs.
**
** Only the crawler's main thread touches it. Writes are grouped into
** transactions of at most CRAWL_COMMIT_MS / CRAWL_COMMIT_ROWS; the database
** is in WAL mode, so a kill (even SIGKILL or a power cut) leaves the last
** committed batch and never a corrupt file, and what was in the lost batch
** is done again on resume. docs/crawl.md describes the tables.
*/
#ifndef DOMAT_CRAWL_STATE_H
#define DOMAT_CRAWL_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "domat.h"

typedef struct crawl_state crawl_state;
typedef struct sqlite3 sqlite3;

/*
** Open (creating when missing) the state file at path, or a private
** in-memory database when path is NULL (a one-off crawl: every document is
** new). Returns 0, or -1 with a message in err (size errlen).
*/
int crawl_state_open(crawl_state **out, const char *path, char *err,
                     size_t errlen);
/* Commit and close. NULL is fine. */
void crawl_state_close(crawl_state *st);

/* The message of the last SQLite failure. */
const char *crawl_state_error(const crawl_state *st);

/* For the report, which reads the tables directly. */
sqlite3 *crawl_state_db(crawl_state *st);

/* ---- runs ---- */

/*
** Start a run, or resume the last one when it did not finish (killed or
** stopped by a signal): its frontier is kept and URLs that were in flight
** are queued again. A new run queues every URL known from earlier runs
** again, so each is revisited with a conditional request. *resumed tells
** which; *fetched gets the pages already fetched in a resumed run (they
** count against --max-pages). Returns 0 or -1.
*/
int crawl_state_begin_run(crawl_state *st, const char *seeds, int *resumed,
                          int64_t *run, uint64_t *fetched);
/* status: "done" or "stopped"; limit: NULL or which limit ended the run. */
int crawl_state_end_run(crawl_state *st, const char *status,
                        const char *limit);
int64_t crawl_state_run(const crawl_state *st);

/* Commit when the batch is old or large enough; cheap to call often. */
int crawl_state_tick(crawl_state *st);

/* ---- frontier ---- */

typedef enum crawl_kind {
    CRAWL_KIND_PAGE = 0,    /* page or document: fetched, scanned, links */
    CRAWL_KIND_SITEMAP = 1  /* sitemap or sitemap index: entries only */
} crawl_kind;

/*
** Add a URL in state "queued" (or "skipped" with a reason, e.g. too deep).
** A URL already known keeps its status, unless it was queued or skipped and
** this path reaches it in fewer clicks. Returns 0 or -1.
*/
int crawl_state_enqueue(crawl_state *st, const char *url, const char *origin,
                        crawl_kind kind, unsigned depth, const char *skipped,
                        const char *referrer);

typedef struct crawl_next {
    char *url;
    crawl_kind kind;
    unsigned depth;
    unsigned tries;
} crawl_next;

/*
** The next queued URL of origin that may be fetched at time now (seconds
** since the epoch), shallowest first; it is marked "active". Returns 1 with
** *out filled (free out->url), 0 when there is none, -1 on error.
** *wake (may be NULL) gets the earliest time a deferred URL becomes due, or
** 0 when none is deferred.
*/
int crawl_state_next(crawl_state *st, const char *origin, double now,
                     crawl_next *out, double *wake);

/* Origins with queued URLs (to schedule them after a resume). fn returns
** nonzero to stop. */
int crawl_state_queued_origins(crawl_state *st,
                               int (*fn)(void *arg, const char *origin),
                               void *arg);

/* Final status of a URL in this run: "done", "skipped", "failed",
** "redirect"; detail says why or where to. */
int crawl_state_set_status(crawl_state *st, const char *url,
                           const char *status, const char *detail);

/* Queue again after a 429/503 or a failed connection, not before time. */
int crawl_state_retry(crawl_state *st, const char *url, double not_before);

/* Nonzero while any URL is queued or active in this run. */
int crawl_state_pending(crawl_state *st);

/* ---- documents ---- */

/* What is known about a URL from earlier runs. Strings are owned. */
typedef struct crawl_known {
    int known;          /* a row exists */
    int gone;           /* its last answer was 404/410 */
    char *etag;
    char *last_modified;
    char *sha256;
    char *engine;       /* engine digest its verdict came from */
    char *verdict;
    char *level;
    char *result;       /* the engine's JSON line */
    char *fetched_at;
} crawl_known;

int crawl_state_known(crawl_state *st, const char *url, crawl_known *out);
void crawl_known_free(crawl_known *k);

typedef enum crawl_change {
    CRAWL_CHANGE_NEW = 0,       /* first seen, or back after removal */
    CRAWL_CHANGE_CHANGED = 1,   /* content differs from the last run */
    CRAWL_CHANGE_UNCHANGED = 2, /* 304, or the same bytes */
    CRAWL_CHANGE_REMOVED = 3    /* answered 404/410 after being served */
} crawl_change;

const char *crawl_change_name(crawl_change c);

/* A fetch that got the document (200, or 304 / same hash). */
typedef struct crawl_record {
    const char *url;
    const char *origin;
    const char *fetched_at;   /* ISO 8601 UTC */
    long http_status;
    const char *etag;         /* validators from the response, may be NULL */
    const char *last_modified;
    const char *content_type;
    const char *sha256;       /* NULL for a 304 */
    uint64_t size;
    int truncated;            /* cut at --max-size */
    int is_page;              /* HTML page, as opposed to a document */
    const char *engine;       /* digest of the engine that scanned it */
    /* The scan, when there was one (NULL for unchanged documents). */
    const domat_result *res;
    const char *result_json;
} crawl_record;

/*
** Store a fetched document and say what changed since the last run and
** whether its verdict is a finding not reported before (a finding on a new
** or changed document, or a verdict or level that rose). Unchanged documents
** keep their stored verdict. Returns 0 or -1.
*/
int crawl_state_record(crawl_state *st, const crawl_record *rec,
                       int unchanged, crawl_change *change, int *new_finding);

/*
** A 404 or 410 for url. When the URL was served in an earlier run it is
** recorded as removed (*removed = 1) and keeps its last verdict, so the
** report can say a leaked document was taken down.
*/
int crawl_state_gone(crawl_state *st, const char *url, long http_status,
                     const char *fetched_at, int *removed);

/* Counts for this run, for the summary and the exit status. */
typedef struct crawl_totals {
    uint64_t fetched;   /* pages + documents fetched */
    uint64_t pages;
    uint64_t documents;
    uint64_t skipped;
    uint64_t failed;
    uint64_t new_findings;
    uint64_t changed;
    uint64_t removed;
    uint64_t findings;  /* documents with a finding, seen in this run */
} crawl_totals;

int crawl_state_totals(crawl_state *st, crawl_totals *t);

/* Count one request for a page or document in this run (--max-pages):
** page and doc say whether it brought an HTML page or a document. */
int crawl_state_count_fetch(crawl_state *st, int page, int doc,
                            uint64_t bytes);

#endif /* DOMAT_CRAWL_STATE_H */

/*
** 2026-11-25
**
** crawl_pool.h: scanning threads for bodies that arrive from the network or
** a WARC file: one domat_scanner per thread, a bounded queue in front.
**
** The thread that fetches or reads never scans, so a large PDF being taken
** apart does not stall the transfers; the queue bound keeps the bodies
** waiting for a scanner few (crawl_limits.h, CRAWL_SCAN_QUEUE_PER_JOB).
*/
#ifndef DOMAT_CRAWL_POOL_H
#define DOMAT_CRAWL_POOL_H

#include <stddef.h>

#include "crawl_body.h"
#include "domat.h"

typedef struct crawl_job {
    void *user;          /* the submitter's record, untouched here */
    crawl_body *body;    /* scanned, then left for the done callback; NULL
                         ** for a job that only carries an error, so it is
                         ** reported in its turn */
    domat_input in;      /* name, content and encoding for the engine */
    domat_result *res;   /* set by the scan (may be NULL on failure) */
    domat_status status; /* what the engine returned */
    char *error;         /* domat_last_error() text when res is NULL */
} crawl_job;

/*
** Called on the scanning thread once a job is scanned; it owns the job (and
** frees it with crawl_job_free, or hands it on).
*/
typedef void (*crawl_done_fn)(void *arg, crawl_job *job);

typedef struct crawl_pool crawl_pool;

/*
** Start one thread per scanner (nsc of them, all distinct, outliving the
** pool). cap: jobs waiting at most before crawl_pool_submit blocks. Returns
** NULL when no thread could start or memory ran out.
*/
crawl_pool *crawl_pool_new(domat_scanner **scs, size_t nsc, size_t cap,
                           crawl_done_fn done, void *arg);

/* Queue a job; blocks while cap jobs wait. 0, or -1 when closing. */
int crawl_pool_submit(crawl_pool *p, crawl_job *job);

/* Nonzero when submit would not block. */
int crawl_pool_room(crawl_pool *p);

/* Jobs submitted whose done callback has not returned yet. */
size_t crawl_pool_busy(crawl_pool *p);

/*
** Drop queued jobs that no thread has started (each goes to the done
** callback with status DOMAT_EINVAL and no result, so its owner can put it
** back), for a fast stop on a signal.
*/
void crawl_pool_cancel(crawl_pool *p);

/* Finish queued jobs, join the threads, free. NULL is fine. */
void crawl_pool_free(crawl_pool *p);

void crawl_job_free(crawl_job *job);

#endif /* DOMAT_CRAWL_POOL_H */

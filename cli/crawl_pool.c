/*
** 2026-11-25
**
** crawl_pool.c: the scanning threads behind `domat crawl` and
** `domat scan --warc`.
**
** Takes jobs (a body and its name) from one submitting thread; hands each,
** scanned, to the done callback on the thread that scanned it. It never
** prints and never touches the state file: the callback's owner does, on
** its own thread if it needs to (the crawler's callback only queues the job
** for its main thread).
*/
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "crawl_pool.h"

typedef struct pool_worker {
    crawl_pool *pool;
    domat_scanner *sc;
    pthread_t tid;
} pool_worker;

struct crawl_pool {
    pthread_mutex_t lock;
    pthread_cond_t ready; /* a job was queued, or closing */
    pthread_cond_t room;  /* a job was taken */
    crawl_job **q;        /* ring of cap entries */
    size_t cap, head, n;
    size_t busy;          /* submitted, done callback not yet returned */
    int closing;
    crawl_done_fn done;
    void *arg;
    pool_worker *w;
    size_t nw;
};

void crawl_job_free(crawl_job *job)
{
    if (!job)
        return;
    domat_free_result(job->res);
    free(job->error);
    free(job);
}

static void finish(crawl_pool *p, crawl_job *job)
{
    p->done(p->arg, job);
    pthread_mutex_lock(&p->lock);
    p->busy--;
    pthread_mutex_unlock(&p->lock);
}

static void *worker_main(void *arg)
{
    pool_worker *w = arg;
    crawl_pool *p = w->pool;
    for (;;) {
        crawl_job *job;
        pthread_mutex_lock(&p->lock);
        while (p->n == 0 && !p->closing)
            pthread_cond_wait(&p->ready, &p->lock);
        if (p->n == 0) {
            pthread_mutex_unlock(&p->lock);
            return NULL;
        }
        job = p->q[p->head];
        p->head = (p->head + 1) % p->cap;
        p->n--;
        pthread_cond_signal(&p->room);
        pthread_mutex_unlock(&p->lock);

        /* A job without a body only carries an error to report in turn. */
        if (job->body)
            job->status = crawl_body_scan(job->body, w->sc, &job->in,
                                          &job->res);
        if (job->body && !job->res) {
            const char *e = domat_last_error();
            job->error = strdup(e ? e : "scan failed");
        }
        finish(p, job);
    }
}

crawl_pool *crawl_pool_new(domat_scanner **scs, size_t nsc, size_t cap,
                           crawl_done_fn done, void *arg)
{
    crawl_pool *p = calloc(1, sizeof *p);
    size_t i;
    if (!p)
        return NULL;
    p->q = calloc(cap ? cap : 1, sizeof *p->q);
    p->w = calloc(nsc, sizeof *p->w);
    if (!p->q || !p->w) {
        free(p->q);
        free(p->w);
        free(p);
        return NULL;
    }
    p->cap = cap ? cap : 1;
    p->done = done;
    p->arg = arg;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->ready, NULL);
    pthread_cond_init(&p->room, NULL);
    for (i = 0; i < nsc; i++) {
        p->w[p->nw].pool = p;
        p->w[p->nw].sc = scs[i];
        if (pthread_create(&p->w[p->nw].tid, NULL, worker_main,
                           &p->w[p->nw]) == 0)
            p->nw++;
    }
    if (p->nw == 0) {
        crawl_pool_free(p);
        return NULL;
    }
    return p;
}

int crawl_pool_submit(crawl_pool *p, crawl_job *job)
{
    pthread_mutex_lock(&p->lock);
    while (p->n == p->cap && !p->closing)
        pthread_cond_wait(&p->room, &p->lock);
    if (p->closing) {
        pthread_mutex_unlock(&p->lock);
        return -1;
    }
    p->q[(p->head + p->n) % p->cap] = job;
    p->n++;
    p->busy++;
    pthread_cond_signal(&p->ready);
    pthread_mutex_unlock(&p->lock);
    return 0;
}

int crawl_pool_room(crawl_pool *p)
{
    int r;
    pthread_mutex_lock(&p->lock);
    r = p->n < p->cap;
    pthread_mutex_unlock(&p->lock);
    return r;
}

size_t crawl_pool_busy(crawl_pool *p)
{
    size_t b;
    pthread_mutex_lock(&p->lock);
    b = p->busy;
    pthread_mutex_unlock(&p->lock);
    return b;
}

void crawl_pool_cancel(crawl_pool *p)
{
    for (;;) {
        crawl_job *job;
        pthread_mutex_lock(&p->lock);
        if (p->n == 0) {
            pthread_mutex_unlock(&p->lock);
            return;
        }
        job = p->q[p->head];
        p->head = (p->head + 1) % p->cap;
        p->n--;
        pthread_cond_signal(&p->room);
        pthread_mutex_unlock(&p->lock);
        job->status = DOMAT_EINVAL;
        finish(p, job);
    }
}

void crawl_pool_free(crawl_pool *p)
{
    size_t i;
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->closing = 1;
    pthread_cond_broadcast(&p->ready);
    pthread_cond_broadcast(&p->room);
    pthread_mutex_unlock(&p->lock);
    for (i = 0; i < p->nw; i++)
        pthread_join(p->w[i].tid, NULL);
    pthread_cond_destroy(&p->room);
    pthread_cond_destroy(&p->ready);
    pthread_mutex_destroy(&p->lock);
    free(p->q);
    free(p->w);
    free(p);
}

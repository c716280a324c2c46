/*
** 2026-11-25
**
** engine_ref.c: reference-counted engine generations, scanner pools, and the
** background reload thread (see engine_ref.h for the contract).
**
** One mutex guards the current pointer, every generation's reference count
** and its free scanner list. It is held only to move pointers, never while
** opening an engine, building a scanner or scanning, so the hot path is two
** short uncontended lock/unlock pairs per scan. Scanners are pooled per
** generation rather than per thread because libmilter and the clamd front end
** create a thread per connection: a thread-local scanner would be rebuilt for
** every SMTP session.
*/
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine_ref.h"
#include "log.h"

typedef struct pooled {
    domat_scanner *sc;
    struct pooled *next;
} pooled;

struct eref_gen {
    domat_engine *eng;
    unsigned refs;      /* leases out, plus one while current */
    pooled *free_list;
    uint64_t id;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static eref_gen *current;
static eref_info info;
static domat_limits limits;
static const conf *cfg;

static pthread_t reload_thread;
static int reload_started;
static int reload_pending, reload_running, reload_quit;
static char reload_why[64];

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Free a generation that is no longer current and has no lease out. */
static void gen_free(eref_gen *g)
{
    if (!g)
        return;
    pooled *p = g->free_list;
    while (p) {
        pooled *n = p->next;
        domat_free_scanner(p->sc);
        free(p);
        p = n;
    }
    domat_free_engine(g->eng);
    free(g);
}

/* Open an engine over the configured dictionaries; NULL with err filled. */
static eref_gen *gen_open(uint64_t id, double *secs, int *from_cache,
                          char *err, size_t errlen)
{
    const char *dirs[CONF_MAX_DICTS];
    for (size_t i = 0; i < cfg->ndicts; i++)
        dirs[i] = cfg->dicts[i];
    double t0 = now_s();
    domat_engine *eng = NULL;
    domat_status st = domat_open_engine(&eng, dirs, cfg->ndicts,
                                        cfg->database[0] ? cfg->database : NULL,
                                        from_cache);
    *secs = now_s() - t0;
    if (st != DOMAT_OK) {
        snprintf(err, errlen, "%s: %s", domat_status_name(st), domat_last_error());
        return NULL;
    }
    eref_gen *g = calloc(1, sizeof *g);
    if (!g) {
        domat_free_engine(eng);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    g->eng = eng;
    g->refs = 1;
    g->id = id;
    /* One scanner now proves the limits are acceptable before it serves. */
    domat_scanner *sc = NULL;
    pooled *p = malloc(sizeof *p);
    if (!p || domat_new_scanner(&sc, eng, &limits) != DOMAT_OK) {
        snprintf(err, errlen, "scanner: %s", p ? domat_last_error() : "out of memory");
        free(p);
        gen_free(g);
        return NULL;
    }
    p->sc = sc;
    p->next = NULL;
    g->free_list = p;
    return g;
}

static void install(eref_gen *g, double secs, int from_cache)
{
    /* caller holds mu */
    info.generation = g->id;
    snprintf(info.digest, sizeof info.digest, "%s", domat_engine_digest(g->eng));
    info.entries = domat_engine_entries(g->eng);
    info.load_seconds = secs;
    info.loaded_at = time(NULL);
    info.from_cache = from_cache;
    current = g;
}

static void *reload_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&mu);
    for (;;) {
        while (!reload_pending && !reload_quit)
            pthread_cond_wait(&cv, &mu);
        if (reload_quit)
            break;
        reload_pending = 0;
        reload_running = 1;
        char why[64];
        memcpy(why, reload_why, sizeof why);
        uint64_t id = info.generation + 1;
        pthread_mutex_unlock(&mu);

        log_msg(LOG_INFO, "event=reload phase=start reason=%s generation=%llu", why,
                (unsigned long long)id);
        double secs = 0;
        int from_cache = 0;
        char err[256] = "";
        eref_gen *g = gen_open(id, &secs, &from_cache, err, sizeof err);

        pthread_mutex_lock(&mu);
        eref_gen *old = NULL;
        if (g) {
            old = current;
            install(g, secs, from_cache);
            info.reloads_ok++;
            info.last_error[0] = 0;
            if (old && --old->refs == 0) {
                /* freed below, outside the lock */
            } else {
                old = NULL;
            }
        } else {
            info.reloads_failed++;
            snprintf(info.last_error, sizeof info.last_error, "%s", err);
        }
        char digest[80];
        memcpy(digest, info.digest, sizeof digest);
        reload_running = 0;
        pthread_cond_broadcast(&cv);
        pthread_mutex_unlock(&mu);

        char q[300];
        if (g)
            log_msg(LOG_INFO, "event=reload phase=done result=ok generation=%llu "
                    "digest=%s entries=%llu ms=%.1f cache=%s",
                    (unsigned long long)id, digest, (unsigned long long)info.entries,
                    secs * 1e3, from_cache ? "hit" : "miss");
        else
            log_msg(LOG_ERR, "event=reload phase=done result=failed error=%s "
                    "kept_digest=%s msg=\"dictionary not reloaded, the previous one keeps serving\"",
                    log_quote(q, sizeof q, err), digest);
        gen_free(old);
        pthread_mutex_lock(&mu);
    }
    pthread_mutex_unlock(&mu);
    return NULL;
}

int eref_init(const conf *c)
{
    cfg = c;
    domat_limits_default(&limits);
    if (c->scan_max_bytes)
        limits.max_input_bytes = c->scan_max_bytes;
    if (c->scan_max_time_ms)
        limits.max_time_ms = c->scan_max_time_ms;
    double secs = 0;
    int from_cache = 0;
    char err[256];
    eref_gen *g = gen_open(1, &secs, &from_cache, err, sizeof err);
    if (!g) {
        char q[300];
        log_msg(LOG_ERR, "event=load result=failed error=%s", log_quote(q, sizeof q, err));
        return -1;
    }
    pthread_mutex_lock(&mu);
    install(g, secs, from_cache);
    pthread_mutex_unlock(&mu);
    log_msg(LOG_INFO, "event=load result=ok generation=1 digest=%s entries=%llu ms=%.1f cache=%s",
            info.digest, (unsigned long long)info.entries, secs * 1e3,
            from_cache ? "hit" : "miss");
    if (pthread_create(&reload_thread, NULL, reload_main, NULL) == 0)
        reload_started = 1;
    return 0;
}

void eref_shutdown(void)
{
    pthread_mutex_lock(&mu);
    reload_quit = 1;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
    if (reload_started)
        pthread_join(reload_thread, NULL);
    reload_started = 0;
    pthread_mutex_lock(&mu);
    eref_gen *g = current;
    current = NULL;
    int last = g && --g->refs == 0;
    pthread_mutex_unlock(&mu);
    if (last)
        gen_free(g);
    else if (g)
        log_msg(LOG_WARNING, "event=shutdown msg=\"engine still leased; not freed\"");
}

int eref_acquire(eref_lease *l)
{
    pthread_mutex_lock(&mu);
    eref_gen *g = current;
    if (!g) {
        pthread_mutex_unlock(&mu);
        return -1;
    }
    g->refs++;
    pooled *p = g->free_list;
    if (p)
        g->free_list = p->next;
    pthread_mutex_unlock(&mu);

    l->gen = g;
    if (p) {
        l->sc = p->sc;
        free(p);
        return 0;
    }
    /* Pool empty: a new scanner, built outside the lock. */
    if (domat_new_scanner(&l->sc, g->eng, &limits) != DOMAT_OK) {
        l->sc = NULL;
        eref_release(l);
        return -1;
    }
    return 0;
}

void eref_release(eref_lease *l)
{
    eref_gen *g = l->gen;
    if (!g)
        return;
    pooled *p = l->sc ? malloc(sizeof *p) : NULL;
    pthread_mutex_lock(&mu);
    if (p && g == current) {
        p->sc = l->sc;
        p->next = g->free_list;
        g->free_list = p;
        l->sc = NULL;
        p = NULL;
    }
    int last = --g->refs == 0;
    pthread_mutex_unlock(&mu);
    free(p);
    if (l->sc)
        domat_free_scanner(l->sc);
    if (last)
        gen_free(g);
    l->gen = NULL;
    l->sc = NULL;
}

void eref_reload_async(const char *why)
{
    pthread_mutex_lock(&mu);
    reload_pending = 1;
    snprintf(reload_why, sizeof reload_why, "%s", why ? why : "request");
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
}

void eref_wait_idle(void)
{
    pthread_mutex_lock(&mu);
    while ((reload_pending || reload_running) && !reload_quit)
        pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
}

void eref_get_info(eref_info *out)
{
    pthread_mutex_lock(&mu);
    *out = info;
    out->reloading = reload_running || reload_pending;
    pthread_mutex_unlock(&mu);
}

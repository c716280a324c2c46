/*
** 2026-11-25
**
** metrics.c: the counters behind GET /metrics (Prometheus text format 0.0.4).
**
** Latency buckets run from 0.25 ms to 10 s: a 4 KB post takes well under a
** millisecond, a large mail with attachments can take seconds, and the
** floors in issue #5 (p99 < 5 ms) need resolution at the low end.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine_ref.h"
#include "metrics.h"

static const double buckets[] = {0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
#define NB (sizeof buckets / sizeof buckets[0])

static const unsigned codes[] = {200, 204, 400, 404, 405, 408, 413, 415, 500, 503};
#define NCODES (sizeof codes / sizeof codes[0])

static struct {
    atomic_ullong requests[FR_COUNT];
    atomic_ullong hist[FR_COUNT][NB + 1]; /* last: +Inf */
    atomic_ullong sum_us[FR_COUNT];
    atomic_ullong items[FR_COUNT][4][4];  /* verdict x level */
    atomic_ullong bytes[FR_COUNT];
    atomic_ullong errors[FR_COUNT][ERR_COUNT];
    atomic_ullong http_codes[NCODES + 1]; /* last: any other */
    atomic_long inflight[FR_COUNT];
} M;

static time_t started;

void mx_init(void)
{
    started = time(NULL);
}

static const char *front_names[] = {"http", "clamd", "milter"};
static const char *err_names[] = {"bad_request", "too_large", "timeout", "internal"};

const char *mx_front_name(mx_front f)
{
    return front_names[f];
}

void mx_request(mx_front f, double s)
{
    atomic_fetch_add_explicit(&M.requests[f], 1, memory_order_relaxed);
    size_t b = 0;
    while (b < NB && s > buckets[b])
        b++;
    atomic_fetch_add_explicit(&M.hist[f][b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&M.sum_us[f], (unsigned long long)(s * 1e6), memory_order_relaxed);
}

void mx_item(mx_front f, domat_verdict v, domat_level l, uint64_t bytes)
{
    if ((unsigned)v > 3)
        v = DOMAT_ERROR;
    if ((unsigned)l > 3)
        l = DOMAT_LEVEL_NONE;
    atomic_fetch_add_explicit(&M.items[f][v][l], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&M.bytes[f], bytes, memory_order_relaxed);
}

void mx_error(mx_front f, mx_err e)
{
    atomic_fetch_add_explicit(&M.errors[f][e], 1, memory_order_relaxed);
}

void mx_http_status(unsigned code)
{
    size_t i = 0;
    while (i < NCODES && codes[i] != code)
        i++;
    atomic_fetch_add_explicit(&M.http_codes[i], 1, memory_order_relaxed);
}

void mx_inflight(mx_front f, int d)
{
    atomic_fetch_add_explicit(&M.inflight[f], d, memory_order_relaxed);
}

long mx_inflight_get(mx_front f)
{
    return atomic_load(&M.inflight[f]);
}

typedef struct sbuf {
    char *p;
    size_t len, cap;
    int oom;
} sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_printf(sbuf *b, const char *fmt, ...)
{
    if (b->oom)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->oom = 1;
            return;
        }
        if ((size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        size_t ncap = b->cap * 2 + (size_t)n;
        char *np = realloc(b->p, ncap);
        if (!np) {
            b->oom = 1;
            return;
        }
        b->p = np;
        b->cap = ncap;
    }
}

#define LD(x) ((unsigned long long)atomic_load_explicit(&(x), memory_order_relaxed))

char *mx_render(size_t *len)
{
    sbuf b = {malloc(8192), 0, 8192, 0};
    if (!b.p)
        return NULL;
    static const char *vnames[] = {"allow", "review", "block", "error"};
    static const char *lnames[] = {"none", "mat", "toi-mat", "tuyet-mat"};

    sb_printf(&b, "# HELP domatd_requests_total Requests: HTTP requests, clamd commands, milter messages.\n"
                  "# TYPE domatd_requests_total counter\n");
    for (int f = 0; f < FR_COUNT; f++)
        sb_printf(&b, "domatd_requests_total{frontend=\"%s\"} %llu\n", front_names[f], LD(M.requests[f]));

    sb_printf(&b, "# HELP domatd_request_duration_seconds Time from a request's first byte to its answer.\n"
                  "# TYPE domatd_request_duration_seconds histogram\n");
    for (int f = 0; f < FR_COUNT; f++) {
        unsigned long long cum = 0;
        for (size_t i = 0; i <= NB; i++) {
            cum += LD(M.hist[f][i]);
            if (i < NB)
                sb_printf(&b, "domatd_request_duration_seconds_bucket{frontend=\"%s\",le=\"%g\"} %llu\n",
                          front_names[f], buckets[i], cum);
            else
                sb_printf(&b, "domatd_request_duration_seconds_bucket{frontend=\"%s\",le=\"+Inf\"} %llu\n",
                          front_names[f], cum);
        }
        sb_printf(&b, "domatd_request_duration_seconds_sum{frontend=\"%s\"} %.6f\n",
                  front_names[f], (double)LD(M.sum_us[f]) / 1e6);
        sb_printf(&b, "domatd_request_duration_seconds_count{frontend=\"%s\"} %llu\n",
                  front_names[f], cum);
    }

    sb_printf(&b, "# HELP domatd_items_total Scanned items (HTTP parts, clamd streams, mail messages) by verdict and level.\n"
                  "# TYPE domatd_items_total counter\n");
    for (int f = 0; f < FR_COUNT; f++)
        for (int v = 0; v < 4; v++)
            for (int l = 0; l < 4; l++) {
                unsigned long long n = LD(M.items[f][v][l]);
                /* allow/error never carry a level: skip impossible series */
                if (!n && (v == 0 || v == 3) && l)
                    continue;
                sb_printf(&b, "domatd_items_total{frontend=\"%s\",verdict=\"%s\",level=\"%s\"} %llu\n",
                          front_names[f], vnames[v], lnames[l], n);
            }

    sb_printf(&b, "# HELP domatd_scanned_bytes_total Bytes handed to the engine.\n"
                  "# TYPE domatd_scanned_bytes_total counter\n");
    for (int f = 0; f < FR_COUNT; f++)
        sb_printf(&b, "domatd_scanned_bytes_total{frontend=\"%s\"} %llu\n", front_names[f], LD(M.bytes[f]));

    sb_printf(&b, "# HELP domatd_errors_total Requests that failed, by kind.\n"
                  "# TYPE domatd_errors_total counter\n");
    for (int f = 0; f < FR_COUNT; f++)
        for (int e = 0; e < ERR_COUNT; e++)
            sb_printf(&b, "domatd_errors_total{frontend=\"%s\",kind=\"%s\"} %llu\n",
                      front_names[f], err_names[e], LD(M.errors[f][e]));

    sb_printf(&b, "# HELP domatd_http_responses_total HTTP responses by status code.\n"
                  "# TYPE domatd_http_responses_total counter\n");
    for (size_t i = 0; i <= NCODES; i++) {
        if (i < NCODES)
            sb_printf(&b, "domatd_http_responses_total{code=\"%u\"} %llu\n", codes[i], LD(M.http_codes[i]));
        else
            sb_printf(&b, "domatd_http_responses_total{code=\"other\"} %llu\n", LD(M.http_codes[i]));
    }

    sb_printf(&b, "# HELP domatd_in_flight Requests being served now.\n"
                  "# TYPE domatd_in_flight gauge\n");
    for (int f = 0; f < FR_COUNT; f++)
        sb_printf(&b, "domatd_in_flight{frontend=\"%s\"} %ld\n", front_names[f], atomic_load(&M.inflight[f]));

    eref_info in;
    eref_get_info(&in);
    sb_printf(&b, "# HELP domatd_dictionary_info The dictionary in use: digest of its sources and generation.\n"
                  "# TYPE domatd_dictionary_info gauge\n"
                  "domatd_dictionary_info{digest=\"%s\",generation=\"%llu\",engine=\"%s\"} 1\n",
              in.digest, (unsigned long long)in.generation, DOMAT_VERSION);
    sb_printf(&b, "# HELP domatd_dictionary_entries Entries in the dictionary in use.\n"
                  "# TYPE domatd_dictionary_entries gauge\n"
                  "domatd_dictionary_entries %llu\n", (unsigned long long)in.entries);
    sb_printf(&b, "# HELP domatd_dictionary_load_seconds Time the dictionary in use took to compile or load.\n"
                  "# TYPE domatd_dictionary_load_seconds gauge\n"
                  "domatd_dictionary_load_seconds %.6f\n", in.load_seconds);
    sb_printf(&b, "# HELP domatd_dictionary_loaded_timestamp_seconds When the dictionary in use was swapped in.\n"
                  "# TYPE domatd_dictionary_loaded_timestamp_seconds gauge\n"
                  "domatd_dictionary_loaded_timestamp_seconds %lld\n", (long long)in.loaded_at);
    sb_printf(&b, "# HELP domatd_reloads_total Dictionary reloads by result.\n"
                  "# TYPE domatd_reloads_total counter\n"
                  "domatd_reloads_total{result=\"ok\"} %llu\n"
                  "domatd_reloads_total{result=\"failed\"} %llu\n",
              (unsigned long long)in.reloads_ok, (unsigned long long)in.reloads_failed);
    sb_printf(&b, "# HELP domatd_start_time_seconds When domatd started.\n"
                  "# TYPE domatd_start_time_seconds gauge\n"
                  "domatd_start_time_seconds %lld\n", (long long)started);
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    *len = b.len;
    return b.p;
}

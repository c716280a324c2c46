/*
** 2026-11-25
**
** metrics.h: counters every front end updates and GET /metrics renders in
** the Prometheus text format. Lock-free (relaxed atomics): a scrape may see
** one counter a request ahead of another, never a torn value.
*/
#ifndef DOMATD_METRICS_H
#define DOMATD_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "domat.h"

typedef enum mx_front { FR_HTTP = 0, FR_CLAMD = 1, FR_MILTER = 2, FR_COUNT } mx_front;

typedef enum mx_err {
    ERR_BAD_REQUEST = 0, /* malformed request or protocol misuse */
    ERR_TOO_LARGE = 1,   /* a size or count limit */
    ERR_TIMEOUT = 2,     /* a client too slow, or a request over its time */
    ERR_INTERNAL = 3,    /* engine failure, out of memory */
    ERR_COUNT
} mx_err;

void mx_init(void);
const char *mx_front_name(mx_front f);

/* One request (HTTP request, clamd command, milter message) and its time. */
void mx_request(mx_front f, double seconds);
/* One scanned item: its verdict, level and size. */
void mx_item(mx_front f, domat_verdict v, domat_level l, uint64_t bytes);
void mx_error(mx_front f, mx_err e);
void mx_http_status(unsigned code);
void mx_inflight(mx_front f, int delta);
long mx_inflight_get(mx_front f);

/* Render everything, dictionary figures included; caller frees. */
char *mx_render(size_t *len);

#endif

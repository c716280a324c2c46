/*
** 2026-11-25
**
** item.c: one scan on behalf of a front end (see item.h).
**
** The log line carries what an operator needs to follow a verdict back to
** a request (id, index, verdict, level, rule, size, time) and deliberately
** nothing from the content: domatd sees the very documents it must not
** leak, and a log is read by more people than the documents should be.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "engine_ref.h"
#include "item.h"
#include "log.h"

static atomic_ullong next_id;

void item_new_id(mx_front f, char *buf, size_t size)
{
    unsigned long long n = atomic_fetch_add(&next_id, 1) + 1;
    snprintf(buf, size, "%s-%llu", mx_front_name(f), n);
}

const char *item_top_rule(const domat_result *res)
{
    const domat_finding *best = NULL;
    size_t n = domat_result_findings(res);
    for (size_t i = 0; i < n; i++) {
        const domat_finding *fi = domat_result_finding(res, i);
        if (fi->kind == DOMAT_KIND_INFO)
            continue;
        if (!best || fi->level > best->level ||
            (fi->level == best->level && fi->kind == DOMAT_KIND_STAMP &&
             best->kind != DOMAT_KIND_STAMP))
            best = fi;
    }
    if (best && best->rule)
        return best->rule;
    if (domat_result_unscanned(res))
        return "unscanned";
    return "-";
}

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

domat_status item_scan(mx_front f, const char *id, unsigned index,
                       const void *data, size_t len, const char *path,
                       const domat_input *in, domat_result **out)
{
    *out = NULL;
    eref_lease l;
    double t0 = mono();
    if (eref_acquire(&l)) {
        mx_error(f, ERR_INTERNAL);
        log_msg(LOG_ERR, "event=scan frontend=%s id=%s item=%u error=\"no scanner: out of memory\"",
                mx_front_name(f), id, index);
        return DOMAT_ENOMEM;
    }
    domat_status st = path ? domat_scan_file(l.sc, path, in, out)
                           : domat_scan_buffer(l.sc, data, len, in, out);
    eref_release(&l);
    double ms = (mono() - t0) * 1e3;
    if (st != DOMAT_OK && !(path && st == DOMAT_EIO && *out)) {
        char q[300];
        mx_error(f, ERR_INTERNAL);
        log_msg(LOG_ERR, "event=scan frontend=%s id=%s item=%u size=%zu ms=%.2f status=%s error=%s",
                mx_front_name(f), id, index, len, ms, domat_status_name(st),
                log_quote(q, sizeof q, domat_last_error()));
        return st;
    }
    domat_verdict v = domat_result_verdict(*out);
    domat_level lv = domat_result_level(*out);
    mx_item(f, v, lv, len);
    if (log_enabled(LOG_INFO)) {
        const char *lname = domat_level_name(lv);
        log_msg(LOG_INFO, "event=scan frontend=%s id=%s item=%u verdict=%s level=%s rule=%s "
                "type=%s findings=%zu unscanned=%zu size=%zu ms=%.2f",
                mx_front_name(f), id, index, domat_verdict_name(v), lname ? lname : "-",
                item_top_rule(*out), domat_result_type(*out) ? domat_result_type(*out) : "-",
                domat_result_findings(*out), domat_result_unscanned(*out), len, ms);
    }
    return st;
}

/*
** 2026-11-25
**
** error.c: the per-thread last-error record and the names of statuses,
** verdicts and levels.
**
** Errors are kept per thread (as libgit2 does) so that scanners on different
** threads never read each other's messages, and so that the library can report
** a reason without ever printing it.
*/
#include "error.h"

#include <hs.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

static _Thread_local char last_error[1024] = "no error";

domat_status error_set(domat_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return st;
}

const char *domat_last_error(void)
{
    return last_error;
}

const char *domat_status_name(domat_status st)
{
    switch (st) {
    case DOMAT_OK: return "OK";
    case DOMAT_ENOMEM: return "ENOMEM";
    case DOMAT_EINVAL: return "EINVAL";
    case DOMAT_EIO: return "EIO";
    case DOMAT_EDICT: return "EDICT";
    case DOMAT_ECOMPILE: return "ECOMPILE";
    case DOMAT_ESTALE: return "ESTALE";
    case DOMAT_EFORMAT: return "EFORMAT";
    case DOMAT_ESCAN: return "ESCAN";
    }
    return "EUNKNOWN";
}

static char version[128];
static pthread_once_t version_once = PTHREAD_ONCE_INIT;

static void version_init(void)
{
    snprintf(version, sizeof version, "domat %s (hyperscan %s)", DOMAT_VERSION,
             hs_version());
}

const char *domat_version(void)
{
    pthread_once(&version_once, version_init);
    return version;
}

const char *domat_verdict_name(domat_verdict v)
{
    switch (v) {
    case DOMAT_ALLOW: return "allow";
    case DOMAT_REVIEW: return "review";
    case DOMAT_BLOCK: return "block";
    case DOMAT_ERROR: return "error";
    }
    return "error";
}

const char *domat_level_name(domat_level l)
{
    switch (l) {
    case DOMAT_LEVEL_MAT: return "mat";
    case DOMAT_LEVEL_TOI_MAT: return "toi-mat";
    case DOMAT_LEVEL_TUYET_MAT: return "tuyet-mat";
    case DOMAT_LEVEL_NONE: break;
    }
    return NULL;
}

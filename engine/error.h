/*
** 2026-11-25
**
** error.h: the per-thread last-error record behind domat_last_error().
*/
#ifndef DOMAT_ERROR_H
#define DOMAT_ERROR_H

#include "domat.h"

/* Record a printf-style message for this thread and return st. */
domat_status error_set(domat_status st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif

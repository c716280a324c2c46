/*
** 2026-11-25
**
** item.h: scanning one item for a front end: lease the engine, scan, count,
** and write the one log line per item (never the evidence text).
*/
#ifndef DOMATD_ITEM_H
#define DOMATD_ITEM_H

#include <stddef.h>
#include <stdint.h>

#include "domat.h"
#include "metrics.h"

/* A fresh request id, "<frontend>-<n>", unique for this process. */
void item_new_id(mx_front f, char *buf, size_t size);

/*
** Scan a buffer (path == NULL) or a file. On DOMAT_OK *out is a result to
** free. On an engine failure, returns its status and *out may hold an error
** result (files) or NULL; the failure is counted and logged.
*/
domat_status item_scan(mx_front f, const char *id, unsigned index,
                       const void *data, size_t len, const char *path,
                       const domat_input *in, domat_result **out);

/*
** The rule that best explains the verdict: the highest-level finding that
** is a stamp, listed entry or rule; "unscanned" when only unscanned parts
** made it review; "-" when there is none.
*/
const char *item_top_rule(const domat_result *res);

#endif

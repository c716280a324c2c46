/*
** 2026-11-25
**
** crawl_report.h: the report of one crawl run, written from the state file
** into a directory: findings.jsonl for programs, report.html for the
** security officer, summary.json for monitoring.
*/
#ifndef DOMAT_CRAWL_REPORT_H
#define DOMAT_CRAWL_REPORT_H

#include <stddef.h>

#include "crawl_state.h"

/*
** Write the report of the current run into dir (created if missing; files
** replaced atomically). status is "done" or "stopped". Returns 0, or -1
** with a message in err.
*/
int crawl_report_write(crawl_state *st, const char *dir, const char *status,
                       char *err, size_t errlen);

#endif /* DOMAT_CRAWL_REPORT_H */

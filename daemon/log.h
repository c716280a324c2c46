/*
** 2026-11-25
**
** log.h: domatd's structured log, one line per event in logfmt
** (ts=... level=info event=scan id=... verdict=block ...), written whole with
** one write(2) so lines from different threads never interleave.
** Nothing that could be secret text (snippets, message bodies) is ever
** passed here: callers log ids, verdicts, rules, sizes and times only.
*/
#ifndef DOMATD_LOG_H
#define DOMATD_LOG_H

#include <syslog.h> /* LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG */

/* Open the log: path NULL or "" means standard error. */
int log_open(const char *path, int level);
void log_close(void);
/* Reopen the file (after logrotate moved it); called on SIGHUP. */
void log_reopen(void);
int log_enabled(int level);

/* fmt gives the key=value pairs after "ts=... level=..."; no newline. */
void log_msg(int level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

int log_level_parse(const char *name);  /* -1 if unknown */
const char *log_level_name(int level);

/* Copy s into buf as a logfmt value: quoted, with " \ and controls escaped. */
const char *log_quote(char *buf, size_t size, const char *s);

#endif

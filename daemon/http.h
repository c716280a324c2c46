/*
** 2026-11-25
**
** http.h: the HTTP front end (POST /v1/scan, the check page, /healthz,
** /metrics), see http.c.
*/
#ifndef DOMATD_HTTP_H
#define DOMATD_HTTP_H

#include "config.h"

/* Serve on an already listening socket fd. */
int http_start(const conf *c, int fd);
/* Stop accepting; requests already in progress go on. */
void http_quiesce(void);
/* Close everything and join the threads. */
void http_stop(void);

#endif

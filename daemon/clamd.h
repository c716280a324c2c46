/*
** 2026-11-25
**
** clamd.h: the clamd protocol front end (clamdscan, rspamd, Exim, c-icap,
** Nextcloud), see clamd.c.
*/
#ifndef DOMATD_CLAMD_H
#define DOMATD_CLAMD_H

#include <stddef.h>

#include "config.h"

/* Open the sockets of clamd_listen (before privileges are dropped). */
int clamd_open(const conf *c, char *err, size_t errlen);
int clamd_start(const conf *c);
/* Stop accepting; commands in progress finish. */
void clamd_quiesce(void);
void clamd_stop(void);

#endif

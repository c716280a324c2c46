/*
** 2026-11-25
**
** milter.h: the milter front end for Postfix and Sendmail (libmilter), see
** milter.c.
*/
#ifndef DOMATD_MILTER_H
#define DOMATD_MILTER_H

#include <stddef.h>

#include "config.h"

/* Register with libmilter and open its socket (before dropping root). */
int milter_open(const conf *c, char *err, size_t errlen);
int milter_start(const conf *c);
/* Stop accepting connections; messages being scanned finish. */
void milter_quiesce(void);
void milter_stop(void);

#endif

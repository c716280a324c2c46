/*
** 2026-11-25
**
** result.h: building a domat_result (internal).
**
** Each finding carries the effect it has on the verdict (none, review or
** block). The verdict is the strongest effect of any finding or unscanned
** part, and the level the highest level among the findings with that effect,
** counted even for findings dropped past limits.max_findings.
*/
#ifndef DOMAT_RESULT_H
#define DOMAT_RESULT_H

#include "domat.h"

enum { EFFECT_NONE = 0, EFFECT_REVIEW = 1, EFFECT_BLOCK = 2 };

domat_result *result_new(const char *path, uint32_t max_findings);
/* Strings are copied. Returns 0, or -1 when out of memory. */
int result_add(domat_result *r, const domat_finding *f, int effect);
int result_add_unscanned(domat_result *r, const char *reason);
void result_set_encoding(domat_result *r, const char *enc); /* static string */
void result_set_type(domat_result *r, const char *type);    /* static string */
int result_set_error(domat_result *r, const char *msg);
/* Turn every block effect into review (a declassified document). */
void result_demote_blocks(domat_result *r);
/* Compute verdict and level from the effects recorded so far. */
void result_finish(domat_result *r);

#endif

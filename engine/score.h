/*
** 2026-11-25
**
** score.h: listed content (category-list entries) scored over one document.
*/
#ifndef DOMAT_SCORE_H
#define DOMAT_SCORE_H

#include "domat.h"
#include "engine.h"
#include "result.h"

typedef struct score_pos {
    uint32_t entry;
    uint64_t word;
} score_pos;

typedef struct score_state {
    int32_t *first;        /* per entry: index into found[], or -1 */
    domat_finding *found;  /* first occurrence of each entry seen */
    uint32_t *found_entry; /* the entry of each found[] */
    size_t nfound, capfound;
    score_pos *pos;        /* every occurrence, for near= (bounded) */
    size_t npos, cappos;
    int pos_full;          /* more occurrences than kept */
} score_state;

int score_init(score_state *s, size_t nentries);
void score_free(score_state *s, size_t nentries);

/*
** Record an occurrence. Returns 1 when it is the entry's first in this
** document: the caller then fills *slot with its location (strings are
** copied by the caller with strdup; score owns them afterwards). Returns 0
** otherwise, -1 when out of memory.
*/
int score_hit(score_state *s, uint32_t entry, uint64_t word, domat_finding **slot);

/* Forget the current document's occurrences (after a failed scan). */
void score_reset(score_state *s);

/*
** Decide which entries and rules count, add their findings to res with the
** effect the total score gives, and reset the state for the next document.
*/
int score_finish(score_state *s, const domat_engine *eng,
                 const domat_limits *lim, domat_result *res);

#endif

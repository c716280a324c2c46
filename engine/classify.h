/*
** 2026-11-25
**
** classify.h: does a hit of a mark (stamp, GIẢI MẬT, urgency) stand as a
** marking on the document, or is it the same words inside prose?
*/
#ifndef DOMAT_CLASSIFY_H
#define DOMAT_CLASSIFY_H

#include "text.h"

/* A hit on the visible text, as code point indices [i, j). */
typedef struct hit {
    uint32_t entry;
    uint32_t i, j;
    uint8_t view;   /* DB_* it came from */
    uint8_t multiline; /* crosses a line break (set for allow phrases) */
    uint64_t word;  /* word position in the document, for near= */
} hit;

typedef struct marking {
    int alone;      /* nothing but filler or other marks on its line */
    int gap;        /* set apart by a wide gap (merged header columns) */
    int caps;       /* written in capitals */
    int obfuscated; /* letter-spaced or with invisible characters */
} marking;

/*
** Cheap test run on every hit of a mark while matching: a mark whose
** neighbouring word, one space away, is in lowercase is inside a sentence.
** This discards nearly all the "bí mật nhà nước" of ordinary text before any
** further work.
*/
int classify_in_prose(const text_buf *t, uint32_t i, uint32_t j);

/* True when no letter of [i, j) carries a diacritic (for unaccented hits). */
int classify_unaccented(const text_buf *t, uint32_t i, uint32_t j);

/*
** Full test for one mark. `others` are the other mark hits of the segment,
** sorted by i; a neighbour that is itself a mark counts as filler, so
** "TỐI MẬT - KHẨN" stands as two markings. Returns 1 if it stands as a
** marking (alone or set apart by a gap), filling *m.
*/
int classify_marking(const text_buf *t, const hit *h, const hit *others,
                     size_t nothers, marking *m);

/*
** Header cue: the line of code point i, or one of the few lines before it,
** holds the number-and-code ("Số:") or subject ("V/v") of an administrative
** document, so a mark next to it sits where the stamp goes.
*/
int classify_near_header_cue(const text_buf *t, uint32_t i);

#endif

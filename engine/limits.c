/*
** 2026-11-25
**
** limits.c: the defaults of domat_limits, and clamping a caller's values to
** the hard maximums of limits.h.
*/
#include "limits.h"

#include "domat.h"

void domat_limits_default(domat_limits *lim)
{
    lim->max_input_bytes = DOMAT_DEFAULT_MAX_INPUT;
    lim->segment_bytes = DOMAT_DEFAULT_SEGMENT;
    lim->max_findings = DOMAT_DEFAULT_MAX_FINDINGS;
    lim->header_lines = DOMAT_DEFAULT_HEADER_LINES;
    lim->review_score = DOMAT_DEFAULT_REVIEW_SCORE;
    lim->block_score = DOMAT_DEFAULT_BLOCK_SCORE;
    lim->max_depth = DOMAT_DEFAULT_MAX_DEPTH;
    lim->max_members = DOMAT_DEFAULT_MAX_MEMBERS;
    lim->max_ratio = DOMAT_DEFAULT_MAX_RATIO;
    lim->max_extracted = DOMAT_DEFAULT_MAX_EXTRACTED;
    lim->max_pages = DOMAT_DEFAULT_MAX_PAGES;
    lim->max_time_ms = DOMAT_DEFAULT_MAX_TIME_MS;
}

void limits_clamp(domat_limits *l)
{
    domat_limits d;
    domat_limits_default(&d);
    /* Zero means the default; above the hard maximum means the maximum. */
#define CLAMP(f, max) do { if (!l->f) l->f = d.f; if (l->f > (max)) l->f = (max); } while (0)
    CLAMP(max_input_bytes, DOMAT_HARD_MAX_INPUT);
    CLAMP(segment_bytes, DOMAT_HARD_MAX_SEGMENT);
    CLAMP(max_findings, DOMAT_HARD_MAX_FINDINGS);
    CLAMP(header_lines, DOMAT_HARD_MAX_HEADER_LINES);
    CLAMP(review_score, DOMAT_HARD_MAX_SCORE);
    CLAMP(block_score, DOMAT_HARD_MAX_SCORE);
    CLAMP(max_depth, DOMAT_HARD_MAX_DEPTH);
    CLAMP(max_members, DOMAT_HARD_MAX_MEMBERS);
    CLAMP(max_ratio, DOMAT_HARD_MAX_RATIO);
    CLAMP(max_extracted, DOMAT_HARD_MAX_EXTRACTED);
    CLAMP(max_pages, DOMAT_HARD_MAX_PAGES);
    CLAMP(max_time_ms, DOMAT_HARD_MAX_TIME_MS);
#undef CLAMP
    if (l->segment_bytes < DOMAT_MIN_SEGMENT)
        l->segment_bytes = DOMAT_MIN_SEGMENT;
    if (l->review_score > l->block_score)
        l->review_score = l->block_score;
}

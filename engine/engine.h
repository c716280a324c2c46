/*
** 2026-11-25
**
** engine.h: what a compiled domat_engine holds (internal).
**
** Three Hyperscan databases, each with a table from Hyperscan pattern id to
** dictionary entry: literals over the canonical view, literals over the
** folded view (entries marked fold), and regular expressions over the folded
** view, compiled in prefilter mode and confirmed with PCRE2.
*/
#ifndef DOMAT_ENGINE_H
#define DOMAT_ENGINE_H

#include <hs.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "dict.h"

enum { DB_CANON = 0, DB_FOLD, DB_REGEX, DB_COUNT };

typedef struct pattern {
    uint32_t entry;   /* index into the dictionary */
    uint32_t len;     /* literal length in view bytes (0 for regexes) */
} pattern;

struct domat_engine {
    dict d;
    hs_database_t *db[DB_COUNT];
    pattern *pat[DB_COUNT];
    size_t npat[DB_COUNT];
    pcre2_code **re;        /* per entry; NULL unless a regex entry */
    uint8_t *anchor;        /* per entry: some entry is near= it */
    char digest[17];
};

#endif

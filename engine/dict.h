/*
** 2026-11-25
**
** dict.h: the dictionary files (format in dictionaries/README.md) parsed into
** entries and rules, with every error reported as "file:line: reason".
*/
#ifndef DOMAT_DICT_H
#define DOMAT_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "domat.h"

enum dict_kind { DK_LISTED = 0, DK_STAMP, DK_ALLOW, DK_INFO, DK_DECLASSIFIED };

enum {
    DF_STANDALONE = 1u << 0, /* must stand as a marking, not inside prose */
    DF_FOLD = 1u << 1,       /* also match unaccented text */
    DF_JOINED = 1u << 2      /* also match with the spaces removed */
};

typedef struct dict_entry {
    char *id;
    char *phrase;      /* as written, or NULL for a regex */
    char *regex;       /* PCRE2 pattern over the folded view, or NULL */
    char *category;    /* NULL if none */
    char *near_id;     /* NULL if no proximity condition */
    uint32_t near_words;
    int32_t near_idx;  /* resolved index of near_id, -1 if none */
    uint32_t weight;
    uint8_t kind;      /* enum dict_kind */
    uint8_t level;     /* domat_level */
    uint8_t flags;     /* DF_* */
    const char *file;  /* owned by the dict's file list */
    uint32_t line;
} dict_entry;

typedef struct dict_rule {
    char *id;
    char *category;
    char **member_ids; /* as written, until dict_resolve */
    uint32_t *members; /* entry indices */
    size_t nmembers;
    uint32_t need;     /* members that must occur */
    uint32_t weight;
    uint8_t level;
    const char *file;
    uint32_t line;
} dict_rule;

typedef struct dict {
    dict_entry *e;
    size_t n, cap;
    dict_rule *r;
    size_t nr, rcap;
    char **files;      /* the files read, in order */
    size_t nfiles;
    uint64_t hash;     /* FNV-1a over the files' names and bytes */
} dict;

/*
** Read every *.dict file under dirs (recursively, in sorted order, so the
** hash and entry order are stable). On error, d holds nothing and the last
** error names file:line.
*/
domat_status dict_load(dict *d, const char *const *dirs, size_t ndirs);
void dict_free(dict *d);

/* Parse one file's text; name is used in messages. For tests and fuzzing. */
domat_status dict_parse_text(dict *d, const char *name, const char *text,
                             size_t len);
/* Resolve near= and rule members once every file is parsed. */
domat_status dict_resolve(dict *d);

/*
** Check what only normalization can tell (a phrase that is empty once
** invisible characters are dropped, or not UTF-8). Kept out of parsing so that
** loading a fresh compiled database need not normalize every phrase again;
** compiling and `dict check` run it.
*/
domat_status dict_validate(const dict *d);

#endif

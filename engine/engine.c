/*
** 2026-11-25
**
** engine.c: dictionaries -> a domat_engine, and its compiled database file.
**
** Takes parsed dictionaries, hands on Hyperscan databases and the tables that
** turn a Hyperscan id back into an entry. Compiling 100,000 phrases takes
** seconds, so the databases can be saved and loaded again. The file holds only
** the databases: entries and pattern tables are rebuilt from the sources on
** load (that is cheap), which is also how staleness is checked, by hashing the
** sources. A file made by another format version, Hyperscan, utf8proc or CPU
** is refused as stale and recompiled, never trusted.
*/
#define _DEFAULT_SOURCE
#include "engine.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>
#include <zlib.h>

#include "error.h"
#include "fold.h"
#include "limits.h"

#define DB_MAGIC "DOMATDB\0"
#define DB_FORMAT 2u /* 2: pattern tables stored with the databases */

typedef struct plist {
    char **lit;
    size_t *len;
    unsigned *ids;
    unsigned *flags;
    pattern *pat;
    size_t n, cap;
} plist;

static void plist_free(plist *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->lit[i]);
    free(p->lit);
    free(p->len);
    free(p->ids);
    free(p->flags);
    free(p->pat);
    memset(p, 0, sizeof *p);
}

/* Takes ownership of s. */
static int plist_add(plist *p, char *s, uint32_t entry, uint32_t len)
{
    if (p->n == p->cap) {
        size_t nc = p->cap ? p->cap * 2 : 256;
        char **a = realloc(p->lit, nc * sizeof *a);
        if (a) p->lit = a;
        size_t *b = realloc(p->len, nc * sizeof *b);
        if (b) p->len = b;
        unsigned *c = realloc(p->ids, nc * sizeof *c);
        if (c) p->ids = c;
        unsigned *f = realloc(p->flags, nc * sizeof *f);
        if (f) p->flags = f;
        pattern *d = realloc(p->pat, nc * sizeof *d);
        if (d) p->pat = d;
        if (!a || !b || !c || !f || !d) {
            free(s);
            return -1;
        }
        p->cap = nc;
    }
    p->lit[p->n] = s;
    p->len[p->n] = strlen(s);
    p->ids[p->n] = (unsigned)p->n;
    p->flags[p->n] = 0;
    p->pat[p->n].entry = entry;
    p->pat[p->n].len = len;
    p->n++;
    return 0;
}

/*
** The literals of one entry. A joined variant is added only when it differs
** (a one-word phrase has none); a folded variant only when the phrase has
** diacritics, since otherwise the canonical view already finds it.
*/
static int add_phrase(plist *canon, plist *folded, const dict_entry *e,
                      uint32_t idx)
{
    char *c = NULL, *f = NULL, *cj = NULL, *fj = NULL;
    int fold = (e->flags & DF_FOLD) != 0;
    int rc = fold_phrase(e->phrase, 0, &c, &f);
    if (rc != 0)
        return rc;
    rc = -1;
    if ((e->flags & DF_JOINED) && fold_phrase(e->phrase, 1, &cj, &fj) < 0)
        goto out;
    if (cj && !strcmp(cj, c)) {
        free(cj);
        free(fj);
        cj = fj = NULL;
    }
    if (fold && !strcmp(f, c)) {
        free(f);
        f = NULL;
        free(fj);
        fj = NULL;
    }
    uint32_t n = (uint32_t)strlen(c);
    if (plist_add(canon, c, idx, n)) { c = NULL; goto out; }
    c = NULL;
    if (cj) {
        n = (uint32_t)strlen(cj);
        if (plist_add(canon, cj, idx, n)) { cj = NULL; goto out; }
        cj = NULL;
    }
    if (fold && f) {
        n = (uint32_t)strlen(f);
        if (plist_add(folded, f, idx, n)) { f = NULL; goto out; }
        f = NULL;
        if (fj && strcmp(fj, folded->lit[folded->n - 1])) {
            n = (uint32_t)strlen(fj);
            if (plist_add(folded, fj, idx, n)) { fj = NULL; goto out; }
            fj = NULL;
        }
    }
    rc = 0;
out:
    free(c);
    free(f);
    free(cj);
    free(fj);
    return rc;
}

static domat_status hs_fail(hs_compile_error_t *ce, const dict *d,
                            const plist *p)
{
    if (ce && ce->expression >= 0 && (size_t)ce->expression < p->n) {
        const dict_entry *e = &d->e[p->pat[ce->expression].entry];
        error_set(DOMAT_ECOMPILE, "%s:%u: Hyperscan cannot compile entry '%s': %s",
                  e->file, e->line, e->id, ce->message);
    } else {
        error_set(DOMAT_ECOMPILE, "Hyperscan compile failed: %s",
                  ce ? ce->message : "unknown error");
    }
    hs_free_compile_error(ce);
    return DOMAT_ECOMPILE;
}

static domat_status compile_db(domat_engine *eng, int which, plist *p)
{
    if (p->n == 0)
        return DOMAT_OK;
    hs_compile_error_t *ce = NULL;
    hs_error_t err;
    if (which == DB_REGEX) {
        /* Prefilter mode accepts every PCRE construct (back-references and
        ** look-around are widened); PCRE2 confirms each candidate. */
        for (size_t i = 0; i < p->n; i++)
            p->flags[i] = HS_FLAG_PREFILTER | HS_FLAG_CASELESS;
        err = hs_compile_multi((const char *const *)p->lit, p->flags, p->ids,
                               (unsigned)p->n, HS_MODE_BLOCK, NULL,
                               &eng->db[which], &ce);
    } else {
        err = hs_compile_lit_multi((const char *const *)p->lit, p->flags, p->ids,
                                   p->len, (unsigned)p->n, HS_MODE_BLOCK, NULL,
                                   &eng->db[which], &ce);
    }
    if (err != HS_SUCCESS)
        return hs_fail(ce, &eng->d, p);
    return DOMAT_OK;
}

/* What scanning needs per entry besides the databases: PCRE2 codes for the
** regex entries and which entries others are near= to. Cheap, so it is built
** on every open, from the cache or not. */
static domat_status runtime_tables(domat_engine *eng)
{
    const dict *d = &eng->d;
    eng->re = calloc(d->n ? d->n : 1, sizeof *eng->re);
    eng->anchor = calloc(d->n ? d->n : 1, 1);
    if (!eng->re || !eng->anchor)
        return error_set(DOMAT_ENOMEM, "out of memory");
    for (size_t i = 0; i < d->n; i++) {
        const dict_entry *e = &d->e[i];
        if (e->near_idx >= 0)
            eng->anchor[e->near_idx] = 1;
        if (!e->regex)
            continue;
        int perr;
        PCRE2_SIZE eoff;
        eng->re[i] = pcre2_compile((PCRE2_SPTR)e->regex, PCRE2_ZERO_TERMINATED,
                                   PCRE2_CASELESS, &perr, &eoff, NULL);
        if (!eng->re[i])
            return error_set(DOMAT_ECOMPILE, "%s:%u: PCRE2 rejects '%s'", e->file,
                             e->line, e->id);
        /* No JIT: PCRE2 only confirms Hyperscan's candidates in small
        ** windows (under 1% of scan time), and JIT code is opaque to
        ** valgrind, which CI runs the tests under. */
    }
    return DOMAT_OK;
}

/* The normalized literals and regexes to compile, per database. Only a
** compile needs them: a cached database carries its pattern tables. */
static domat_status pattern_lists(domat_engine *eng, plist pl[DB_COUNT])
{
    const dict *d = &eng->d;
    for (size_t i = 0; i < d->n; i++) {
        const dict_entry *e = &d->e[i];
        if (e->phrase) {
            int rc = add_phrase(&pl[DB_CANON], &pl[DB_FOLD], e, (uint32_t)i);
            if (rc < 0)
                return error_set(DOMAT_ENOMEM, "out of memory");
            if (rc > 0)
                return error_set(DOMAT_EDICT, "%s:%u: phrase is empty after normalization or not UTF-8",
                                 e->file, e->line);
            continue;
        }
        char *copy = strdup(e->regex);
        if (!copy || plist_add(&pl[DB_REGEX], copy, (uint32_t)i, 0))
            return error_set(DOMAT_ENOMEM, "out of memory");
    }
    return DOMAT_OK;
}

void domat_free_engine(domat_engine *eng)
{
    if (!eng)
        return;
    for (int w = 0; w < DB_COUNT; w++) {
        hs_free_database(eng->db[w]);
        free(eng->pat[w]);
    }
    if (eng->re)
        for (size_t i = 0; i < eng->d.n; i++)
            pcre2_code_free(eng->re[i]);
    free(eng->re);
    free(eng->anchor);
    dict_free(&eng->d);
    free(eng);
}

domat_status domat_check_dictionaries(const char *const *dirs, size_t ndirs,
                                      size_t *nentries)
{
    if (!dirs || ndirs == 0)
        return error_set(DOMAT_EINVAL, "no dictionary directory given");
    dict d;
    domat_status st = dict_load(&d, dirs, ndirs);
    if (st != DOMAT_OK)
        return st;
    if ((st = dict_validate(&d)) != DOMAT_OK) {
        dict_free(&d);
        return st;
    }
    if (nentries)
        *nentries = d.n;
    dict_free(&d);
    return DOMAT_OK;
}

/* The identity a database file must match, beyond the source hash. */
static void platform_tag(char out[64])
{
    memset(out, 0, 64);
    snprintf(out, 64, "hs %s; utf8proc %s", hs_version(), utf8proc_version());
}

static int put(FILE *f, const void *p, size_t n, uLong *crc)
{
    *crc = crc32(*crc, p, (uInt)n);
    return fwrite(p, 1, n, f) == n ? 0 : -1;
}

domat_status domat_save_engine(const domat_engine *eng, const char *path)
{
    if (!eng || !path)
        return error_set(DOMAT_EINVAL, "no engine or path");
    size_t plen = strlen(path) + 32;
    char *tmp = malloc(plen);
    if (!tmp)
        return error_set(DOMAT_ENOMEM, "out of memory");
    snprintf(tmp, plen, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        domat_status st = error_set(DOMAT_EIO, "%s: %s", tmp, strerror(errno));
        free(tmp);
        return st;
    }
    uLong crc = crc32(0, NULL, 0);
    char tag[64];
    platform_tag(tag);
    uint32_t fmt = DB_FORMAT, nent = (uint32_t)eng->d.n;
    int bad = put(f, DB_MAGIC, 8, &crc) || put(f, &fmt, 4, &crc) ||
              put(f, tag, 64, &crc) || put(f, &eng->d.hash, 8, &crc) ||
              put(f, &nent, 4, &crc);
    domat_status st = DOMAT_OK;
    for (int w = 0; w < DB_COUNT && !bad; w++) {
        char *bytes = NULL;
        size_t n = 0;
        if (eng->db[w] && hs_serialize_database(eng->db[w], &bytes, &n) != HS_SUCCESS) {
            st = error_set(DOMAT_ENOMEM, "cannot serialize database");
            break;
        }
        uint64_t n64 = n;
        uint32_t np = (uint32_t)eng->npat[w];
        bad = put(f, &np, 4, &crc) ||
              (np && put(f, eng->pat[w], np * sizeof *eng->pat[w], &crc)) ||
              put(f, &n64, 8, &crc) || (n && put(f, bytes, n, &crc));
        free(bytes);
    }
    uint32_t c32 = (uint32_t)crc;
    if (!bad && st == DOMAT_OK)
        bad = fwrite(&c32, 4, 1, f) != 1;
    if (fclose(f) != 0)
        bad = 1;
    if (st == DOMAT_OK && bad)
        st = error_set(DOMAT_EIO, "%s: write failed: %s", tmp, strerror(errno));
    if (st == DOMAT_OK && rename(tmp, path) != 0)
        st = error_set(DOMAT_EIO, "%s: %s", path, strerror(errno));
    if (st != DOMAT_OK)
        unlink(tmp);
    free(tmp);
    return st;
}

static domat_status load_db(domat_engine *eng, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return error_set(DOMAT_EIO, "%s: %s", path, strerror(errno));
    domat_status st = DOMAT_OK;
    uLong crc = crc32(0, NULL, 0);
    char magic[8], tag[64], want[64];
    uint32_t fmt, nent;
    uint64_t hash;
#define GET(p, n) (fread((p), 1, (n), f) == (n) ? (crc = crc32(crc, (const Bytef *)(p), (uInt)(n)), 0) : -1)
    if (GET(magic, 8) || memcmp(magic, DB_MAGIC, 8) || GET(&fmt, 4)) {
        st = error_set(DOMAT_EFORMAT, "%s: not a domat database", path);
        goto out;
    }
    platform_tag(want);
    if (fmt != DB_FORMAT || GET(tag, 64) || memcmp(tag, want, 64) ||
        GET(&hash, 8) || GET(&nent, 4)) {
        st = error_set(DOMAT_ESTALE, "%s: made by another version", path);
        goto out;
    }
    if (hash != eng->d.hash || nent != eng->d.n) {
        st = error_set(DOMAT_ESTALE, "%s: dictionaries changed since it was compiled", path);
        goto out;
    }
    for (int w = 0; w < DB_COUNT && st == DOMAT_OK; w++) {
        uint32_t np;
        uint64_t n;
        if (GET(&np, 4) || np > 16 * eng->d.n + 16) {
            st = error_set(DOMAT_EFORMAT, "%s: corrupt pattern table", path);
            break;
        }
        if (np) {
            if (!(eng->pat[w] = malloc(np * sizeof *eng->pat[w]))) {
                st = error_set(DOMAT_ENOMEM, "out of memory");
                break;
            }
            eng->npat[w] = np;
            if (GET(eng->pat[w], np * sizeof *eng->pat[w])) {
                st = error_set(DOMAT_EFORMAT, "%s: corrupt pattern table", path);
                break;
            }
            for (uint32_t k = 0; k < np; k++)
                if (eng->pat[w][k].entry >= eng->d.n ||
                    eng->pat[w][k].len > 4 * DOMAT_MAX_PHRASE) {
                    st = error_set(DOMAT_EFORMAT, "%s: corrupt pattern table", path);
                    break;
                }
            if (st != DOMAT_OK)
                break;
        }
        if (GET(&n, 8) || n > (1ULL << 32) || (n == 0) != (np == 0)) {
            st = error_set(DOMAT_EFORMAT, "%s: corrupt database section", path);
            break;
        }
        if (n == 0)
            continue;
        char *bytes = malloc(n);
        if (!bytes) {
            st = error_set(DOMAT_ENOMEM, "out of memory");
            break;
        }
        if (GET(bytes, n) ||
            hs_deserialize_database(bytes, n, &eng->db[w]) != HS_SUCCESS)
            st = error_set(DOMAT_EFORMAT, "%s: corrupt database section", path);
        free(bytes);
    }
#undef GET
    uint32_t c32;
    if (st == DOMAT_OK &&
        (fread(&c32, 4, 1, f) != 1 || c32 != (uint32_t)crc || fgetc(f) != EOF))
        st = error_set(DOMAT_EFORMAT, "%s: checksum mismatch", path);
    if (st == DOMAT_OK) {
        /* A database built for another CPU deserializes but cannot scan. */
        hs_scratch_t *s = NULL;
        for (int w = 0; w < DB_COUNT && st == DOMAT_OK; w++)
            if (eng->db[w] && hs_alloc_scratch(eng->db[w], &s) != HS_SUCCESS)
                st = error_set(DOMAT_ESTALE, "%s: compiled for another CPU", path);
        hs_free_scratch(s);
    }
out:
    fclose(f);
    if (st != DOMAT_OK)
        for (int w = 0; w < DB_COUNT; w++) {
            hs_free_database(eng->db[w]);
            eng->db[w] = NULL;
            free(eng->pat[w]);
            eng->pat[w] = NULL;
            eng->npat[w] = 0;
        }
    return st;
}

domat_status domat_open_engine(domat_engine **out, const char *const *dirs,
                               size_t ndirs, const char *cache_path,
                               int *from_cache)
{
    if (!out || !dirs || ndirs == 0)
        return error_set(DOMAT_EINVAL, "no dictionary directory given");
    *out = NULL;
    if (from_cache)
        *from_cache = 0;
    domat_engine *eng = calloc(1, sizeof *eng);
    if (!eng)
        return error_set(DOMAT_ENOMEM, "out of memory");
    domat_status st = dict_load(&eng->d, dirs, ndirs);
    if (st != DOMAT_OK) {
        free(eng);
        return st;
    }
    snprintf(eng->digest, sizeof eng->digest, "%016llx",
             (unsigned long long)eng->d.hash);
    plist pl[DB_COUNT];
    memset(pl, 0, sizeof pl);
    int cached = 0;
    if ((st = runtime_tables(eng)) != DOMAT_OK)
        goto out;
    cached = cache_path && load_db(eng, cache_path) == DOMAT_OK;
    if (!cached && (st = pattern_lists(eng, pl)) != DOMAT_OK)
        goto out;
    for (int w = 0; w < DB_COUNT && !cached && st == DOMAT_OK; w++)
        st = compile_db(eng, w, &pl[w]);
    for (int w = 0; w < DB_COUNT && !cached && st == DOMAT_OK; w++) {
        eng->pat[w] = pl[w].pat;
        eng->npat[w] = pl[w].n;
        pl[w].pat = NULL;
    }
    /* A cache that cannot be written (a read-only place) is only slower. */
    if (st == DOMAT_OK && cache_path && !cached)
        domat_save_engine(eng, cache_path);
out:
    for (int w = 0; w < DB_COUNT; w++)
        plist_free(&pl[w]);
    if (st != DOMAT_OK) {
        domat_free_engine(eng);
        return st;
    }
    if (from_cache)
        *from_cache = cached;
    *out = eng;
    return DOMAT_OK;
}

size_t domat_engine_entries(const domat_engine *eng)
{
    return eng ? eng->d.n : 0;
}

const char *domat_engine_digest(const domat_engine *eng)
{
    return eng ? eng->digest : "";
}

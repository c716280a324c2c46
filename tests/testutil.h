/*
** 2026-11-25
**
** testutil.h: helpers shared by the unit tests that use the domat API:
** temporary dictionary directories, and scanning a string with the shipped
** lists. The cmocka includes, fixture reading and in-memory archives come
** from fixture_util.h, which tests built on doc_stub.h use alone.
*/
#ifndef DOMAT_TESTUTIL_H
#define DOMAT_TESTUTIL_H

#include "fixture_util.h"

#include <sys/stat.h>
#include <unistd.h>

#include "domat.h"

/* A fresh temporary directory; the caller removes it with tu_rmdir. */
static inline char *tu_tmpdir(void)
{
    char tmpl[] = "/tmp/domat-test-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

static inline void tu_write(const char *dir, const char *name, const char *text,
                            size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static inline void tu_rmdir(char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
}

/* Scan a NUL-terminated string (or len bytes) with a scanner. */
static inline domat_result *tu_scan(domat_scanner *sc, const char *s, size_t len,
                                    domat_content content)
{
    domat_input in = {"test", content, NULL};
    domat_result *r = NULL;
    assert_int_equal(domat_scan_buffer(sc, s, len ? len : strlen(s), &in, &r), DOMAT_OK);
    assert_non_null(r);
    return r;
}

/* The first finding of a given rule, or NULL. */
static inline const domat_finding *tu_find(const domat_result *r, const char *rule)
{
    for (size_t i = 0; i < domat_result_findings(r); i++) {
        const domat_finding *f = domat_result_finding(r, i);
        if (!strcmp(f->rule, rule))
            return f;
    }
    return NULL;
}

#endif

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

/* Scan every file the table tests/fixtures/<table> lists, one "name verdict
** level" line each (level "-" for none; lines starting with '#' are
** comments), name being relative to tests/fixtures/<dir> (dir "" or ending
** in '/'). Fails on the first file whose verdict or level differs, showing
** its JSON result; with must_scan, also on one whose scan does not return
** DOMAT_OK. Returns how many files were checked. */
static inline int tu_expected_verdicts(domat_scanner *sc, const char *table,
                                       const char *dir, int must_scan)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fixtures/%s", DOMAT_SRCDIR, table);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[1024];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        char name[512], verdict[32], level[32];
        if (line[0] == '#' || sscanf(line, "%511s %31s %31s", name, verdict, level) != 3)
            continue;
        snprintf(path, sizeof path, "%s/tests/fixtures/%s%s", DOMAT_SRCDIR, dir, name);
        domat_result *r = NULL;
        domat_status st = domat_scan_file(sc, path, NULL, &r);
        if (must_scan)
            assert_int_equal(st, DOMAT_OK);
        assert_non_null(r);
        const char *lv = domat_level_name(domat_result_level(r));
        if (strcmp(domat_verdict_name(domat_result_verdict(r)), verdict) ||
            strcmp(lv ? lv : "-", level)) {
            char *json = NULL;
            domat_render_result(r, DOMAT_FORMAT_JSON, &json, NULL);
            fail_msg("%s: want %s/%s, got %s", name, verdict, level, json);
        }
        domat_free_result(r);
        n++;
    }
    fclose(f);
    return n;
}

#endif

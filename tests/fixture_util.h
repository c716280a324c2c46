/*
** 2026-11-25
**
** fixture_util.h: helpers every unit test may share, with nothing of the
** scanner in them: the cmocka include preamble, reading a fixture file into
** memory, random damage for robustness tests, catching what a library
** prints, and writing a zip or tar into memory with libarchive's writer.
**
** Each tests/test_*.c is linked alone against build/libdomat.a. Tests that
** include doc_stub.h define the doc_* functions themselves and must not
** pull the scanner in, so this header calls nothing in libdomat (the domat
** API helpers are in testutil.h, which includes this one). Everything here
** is static inline: a helper a test does not use emits no code and no
** reference.
*/
#ifndef DOMAT_FIXTURE_UTIL_H
#define DOMAT_FIXTURE_UTIL_H

/* cmocka wants these before it, in this order. */
#define _DEFAULT_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

/* ------------------------------------------------------------ fixtures -- */

/* Read tests/fixtures/<dir>/<name> whole into a malloc'd buffer of exactly
** its size (so an extractor reading one byte past the end trips the
** sanitizer); *n is set to the size. Fails the test when the file is
** missing, unreadable or empty. The caller frees. */
static inline unsigned char *tu_fixture(const char *dir, const char *name, size_t *n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fixtures/%s/%s", DOMAT_SRCDIR, dir, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long len = ftell(f);
    assert_true(len > 0);
    rewind(f);
    unsigned char *b = malloc((size_t)len);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return b;
}

/* The tests' pseudo-random numbers: advance *seed (the C standard's example
** generator) and return it, so that "random" input is the same every run. */
static inline unsigned tu_rand(unsigned *seed)
{
    return *seed = *seed * 1103515245u + 12345u;
}

/* Random damage for robustness tests: f becomes a copy of orig[0..n) with
** `flips` bytes set to random values, each at a random offset below span
** (n, or less to aim at the structures at the start of a file). */
static inline void tu_damage(unsigned char *f, const unsigned char *orig, size_t n,
                             size_t span, int flips, unsigned *seed)
{
    memcpy(f, orig, n);
    for (int k = 0; k < flips; k++) {
        size_t at = (tu_rand(seed) >> 8) % span;
        f[at] = (unsigned char)(tu_rand(seed) >> 16);
    }
}

/* ------------------------------------------------------------- output -- */

/* What a library prints where the scanner's caller would see it, which it
** must not: tu_capture_start sends stdout (when out is set) and stderr (when
** err is set) to a fresh temporary file; tu_capture_end puts them back,
** removes the file and returns how many bytes reached it. */
typedef struct tu_capture {
    char path[40];
    int fd;
    int saved[3];   /* the original descriptors 1 and 2; -1: not captured */
} tu_capture;

static inline void tu_capture_start(tu_capture *cap, int out, int err)
{
    snprintf(cap->path, sizeof cap->path, "/tmp/domat-test-output-XXXXXX");
    cap->fd = mkstemp(cap->path);
    assert_true(cap->fd >= 0);
    fflush(stdout);
    fflush(stderr);
    for (int s = 1; s <= 2; s++) {
        cap->saved[s] = -1;
        if (s == 1 ? out : err) {
            cap->saved[s] = dup(s);
            assert_true(cap->saved[s] >= 0);
            assert_true(dup2(cap->fd, s) >= 0);
        }
    }
}

static inline long long tu_capture_end(tu_capture *cap)
{
    fflush(stdout);
    fflush(stderr);
    for (int s = 1; s <= 2; s++) {
        if (cap->saved[s] >= 0) {
            dup2(cap->saved[s], s);
            close(cap->saved[s]);
        }
    }
    struct stat st;
    assert_int_equal(fstat(cap->fd, &st), 0);
    close(cap->fd);
    unlink(cap->path);
    return (long long)st.st_size;
}

/* ------------------------------------------------- archives in memory -- */

/* A growing memory buffer that libarchive's writer fills: pass it with
** tu_buf_write to archive_write_open. Start it zeroed; the caller frees p. */
typedef struct tu_buf {
    unsigned char *p;
    size_t n, cap;
} tu_buf;

/* archive_write_open's write callback for a tu_buf: appends all n bytes. */
static inline la_ssize_t tu_buf_write(struct archive *a, void *arg, const void *data,
                                      size_t n)
{
    (void)a;
    tu_buf *b = arg;
    if (b->cap - b->n < n) {
        b->cap = (b->n + n) * 2;
        b->p = realloc(b->p, b->cap);
        assert_non_null(b->p);
    }
    memcpy(b->p + b->n, data, n);
    b->n += n;
    return (la_ssize_t)n;
}

/* Write the header of a regular-file member (mode 0644) of len bytes; its
** modification time is set when mtime is not 0. The data follows with
** archive_write_data. */
static inline void tu_archive_header(struct archive *a, const char *name, size_t len,
                                     time_t mtime)
{
    struct archive_entry *e = archive_entry_new();
    assert_non_null(e);
    archive_entry_set_pathname(e, name);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, (la_int64_t)len);
    if (mtime)
        archive_entry_set_mtime(e, mtime, 0);
    assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
    archive_entry_free(e);
}

/* Write a regular-file member holding data[0..len), which the writer must
** take whole. */
static inline void tu_archive_add(struct archive *a, const char *name, const void *data,
                                  size_t len, time_t mtime)
{
    tu_archive_header(a, name, len, mtime);
    if (len)
        assert_int_equal(archive_write_data(a, data, len), (la_ssize_t)len);
}

/* A member of tu_zip: its name and contents. */
typedef struct tu_member {
    const char *name;
    const char *data;  /* NUL-terminated unless len is set */
    size_t len;        /* 0: strlen(data) */
} tu_member;

/* A zip of the members, in order, deflated, as office packages are;
** encrypted with ZipCrypto when a passphrase is given. Returns the malloc'd
** bytes and sets *len. */
static inline unsigned char *tu_zip(size_t *len, const char *pass, const tu_member *m,
                                    size_t n)
{
    tu_buf z = {0};
    struct archive *a = archive_write_new();
    assert_non_null(a);
    assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
    assert_int_equal(archive_write_set_options(a, "zip:compression=deflate"), ARCHIVE_OK);
    if (pass) {
        assert_int_equal(archive_write_set_options(a, "zip:encryption=zipcrypt"), ARCHIVE_OK);
        assert_int_equal(archive_write_set_passphrase(a, pass), ARCHIVE_OK);
    }
    assert_int_equal(archive_write_open(a, &z, NULL, tu_buf_write, NULL), ARCHIVE_OK);
    for (size_t i = 0; i < n; i++)
        tu_archive_add(a, m[i].name, m[i].data, m[i].len ? m[i].len : strlen(m[i].data), 0);
    assert_int_equal(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
    *len = z.n;
    return z.p;
}

#endif

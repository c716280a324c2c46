/*
** 2026-11-25
**
** hsraw.c: the floor of domat's matching cost. Decodes a UTF-8 file and builds
** its canonical view with the engine's own decode_run and fold_run, compiles
** a phrase list (each phrase through fold_phrase, as the engine does) into one
** Hyperscan literal database in block mode, and times hs_scan alone over the
** whole view, counting matches in the callback and doing nothing else.
**
** domat end to end must do at least this much per byte (plus decoding,
** normalizing, the folded view and its regexes, and deciding what each hit
** means), so domat's MB/s over this one's, both relative to the ORIGINAL
** file size, says how much of the cost is matching. Never asserts a speed;
** prints one JSON object for bench/lib.py.
**
**   hsraw [--scans N] PHRASES FILE
*/
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "decode.h"
#include "fold.h"
#include "text.h"

/* Segment size for decoding and folding, as the engine's default: the text
** buffers cost about 9 bytes per code point, so a 1 GiB input is never
** decoded at once. The views are appended into one buffer that is scanned
** in a single hs_scan call. */
#define SEGMENT (1u << 20)
#define MAX_SCANS 64

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double now(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

/* CPU time of this thread: on a shared two-core machine, wall time counts
** what other processes take; CPU time mostly does not. */
static double cpu_now(void)
{
    return clock_s(CLOCK_THREAD_CPUTIME_ID);
}

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "hsraw: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(2);
}

static unsigned char *slurp(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0)
        die(path, strerror(errno));
    size_t n = (size_t)sb.st_size, got = 0;
    unsigned char *b = malloc(n ? n : 1);
    if (!b)
        die("out of memory", NULL);
    while (got < n) {
        ssize_t k = read(fd, b + got, n - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            die(path, k < 0 ? strerror(errno) : "file shrank");
        got += (size_t)k;
    }
    close(fd);
    *len = n;
    return b;
}

typedef struct phrases {
    char **lit;
    size_t *len;
    unsigned *ids, *flags;
    size_t n, cap, input;
} phrases;

static void phrases_load(phrases *p, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        die(path, strerror(errno));
    char *line = NULL;
    size_t lcap = 0;
    ssize_t k;
    memset(p, 0, sizeof *p);
    while ((k = getline(&line, &lcap, f)) >= 0) {
        while (k > 0 && (line[k - 1] == '\n' || line[k - 1] == '\r'))
            line[--k] = '\0';
        if (k == 0)
            continue;
        p->input++;
        char *canon = NULL;
        /* The engine's own normalization of a dictionary phrase. */
        if (fold_phrase(line, 0, &canon, NULL) != 0)
            continue;
        if (p->n == p->cap) {
            p->cap = p->cap ? p->cap * 2 : 1024;
            p->lit = realloc(p->lit, p->cap * sizeof *p->lit);
            p->len = realloc(p->len, p->cap * sizeof *p->len);
            p->ids = realloc(p->ids, p->cap * sizeof *p->ids);
            p->flags = realloc(p->flags, p->cap * sizeof *p->flags);
            if (!p->lit || !p->len || !p->ids || !p->flags)
                die("out of memory", NULL);
        }
        p->lit[p->n] = canon;
        p->len[p->n] = strlen(canon);
        p->ids[p->n] = (unsigned)p->n;
        p->flags[p->n] = 0; /* as the engine compiles its literals */
        p->n++;
    }
    free(line);
    fclose(f);
    if (p->n == 0)
        die(path, "no phrases");
}

static void phrases_free(phrases *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->lit[i]);
    free(p->lit);
    free(p->len);
    free(p->ids);
    free(p->flags);
}

/* Start of the next segment: after the last line break within SEGMENT bytes,
** else at a UTF-8 character boundary. */
static size_t segment_end(const unsigned char *b, size_t at, size_t n)
{
    if (n - at <= SEGMENT)
        return n;
    size_t e = at + SEGMENT;
    for (size_t k = e; k > at + SEGMENT / 2; k--)
        if (b[k - 1] == '\n')
            return k;
    while (e > at + 1 && (b[e] & 0xC0) == 0x80)
        e--;
    return e;
}

static int on_match(unsigned int id, unsigned long long from,
                    unsigned long long to, unsigned int flags, void *ctx)
{
    (void)id;
    (void)from;
    (void)to;
    (void)flags;
    ++*(unsigned long long *)ctx;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int scans = 1;
    int ai = 1;
    if (ai + 1 < argc && !strcmp(argv[ai], "--scans")) {
        scans = atoi(argv[ai + 1]);
        ai += 2;
    }
    if (argc - ai != 2 || scans < 1 || scans > MAX_SCANS) {
        fprintf(stderr, "usage: hsraw [--scans N] PHRASES FILE\n");
        return 2;
    }
    const char *ppath = argv[ai], *fpath = argv[ai + 1];

    phrases ph;
    phrases_load(&ph, ppath);
    size_t flen;
    unsigned char *file = slurp(fpath, &flen);

    /* Decode and fold segment by segment, timing each stage. */
    text_buf t;
    fold_view cv;
    text_init(&t);
    fold_view_init(&cv);
    size_t vcap = flen + flen / 4 + 64, vlen = 0;
    char *view = malloc(vcap);
    if (!view)
        die("out of memory", NULL);
    double t_dec = 0, t_fold = 0;
    for (size_t at = 0; at < flen;) {
        size_t end = segment_end(file, at, flen);
        double t0 = now();
        t.len = 0;
        if (text_reserve(&t, end - at + 1) ||
            decode_run(ENC_UTF8, file + at, end - at, 0, 1, &t, NULL))
            die("out of memory", NULL);
        double t1 = now();
        if (fold_run(&t, &cv, NULL))
            die("out of memory", NULL);
        double t2 = now();
        t_dec += t1 - t0;
        t_fold += t2 - t1;
        if (vlen + cv.len > vcap) {
            vcap = (vlen + cv.len) * 5 / 4;
            if (!(view = realloc(view, vcap)))
                die("out of memory", NULL);
        }
        memcpy(view + vlen, cv.buf, cv.len);
        vlen += cv.len;
        at = end;
    }
    text_free(&t);
    fold_view_free(&cv);
    free(file);
    if (vlen > 0xFFFFFFFFu)
        die("view larger than 4 GiB", NULL);

    hs_database_t *db = NULL;
    hs_compile_error_t *ce = NULL;
    double c0 = now();
    if (hs_compile_lit_multi((const char *const *)ph.lit, ph.flags, ph.ids, ph.len,
                             (unsigned)ph.n, HS_MODE_BLOCK, NULL, &db, &ce) != HS_SUCCESS)
        die("hs_compile_lit_multi", ce ? ce->message : "failed");
    double t_comp = now() - c0;

    /* Serialized size and the time to load it back: the Hyperscan share of
    ** domat's database load time. */
    char *ser = NULL;
    size_t slen = 0;
    if (hs_serialize_database(db, &ser, &slen) != HS_SUCCESS)
        die("hs_serialize_database", NULL);
    double deser[5];
    for (int i = 0; i < 5; i++) {
        hs_database_t *d2 = NULL;
        double d0 = now();
        if (hs_deserialize_database(ser, slen, &d2) != HS_SUCCESS)
            die("hs_deserialize_database", NULL);
        deser[i] = now() - d0;
        hs_free_database(d2);
    }
    free(ser);
    qsort(deser, 5, sizeof deser[0], cmp_double);

    hs_scratch_t *scratch = NULL;
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS)
        die("hs_alloc_scratch", NULL);
    double st[MAX_SCANS], sc[MAX_SCANS];
    unsigned long long matches = 0;
    for (int i = 0; i < scans; i++) {
        unsigned long long m = 0;
        double s0 = now(), u0 = cpu_now();
        if (hs_scan(db, vlen ? view : "", (unsigned)vlen, 0, scratch, on_match, &m) != HS_SUCCESS)
            die("hs_scan", NULL);
        sc[i] = cpu_now() - u0;
        st[i] = now() - s0;
        matches = m;
    }

    printf("{\"bytes\": %zu, \"view_bytes\": %zu, \"phrases\": %zu, \"literals\": %zu, "
           "\"decode_s\": %.6f, \"fold_s\": %.6f, \"compile_s\": %.6f, "
           "\"db_bytes\": %zu, \"deserialize_s\": %.6f, \"matches\": %llu, \"scan_s\": [",
           flen, vlen, ph.input, ph.n, t_dec, t_fold, t_comp, slen, deser[2], matches);
    for (int i = 0; i < scans; i++)
        printf("%s%.6f", i ? ", " : "", st[i]);
    printf("], \"scan_cpu_s\": [");
    for (int i = 0; i < scans; i++)
        printf("%s%.6f", i ? ", " : "", sc[i]);
    printf("]}\n");

    hs_free_scratch(scratch);
    hs_free_database(db);
    free(view);
    phrases_free(&ph);
    return 0;
}

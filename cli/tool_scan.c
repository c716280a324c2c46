/*
** 2026-11-25
**
** tool_scan.c: `domat scan [options] PATH... | -`, one result line per input.
**
** Takes the parsed options, opens one engine over the dictionary directories
** and gives each job its own scanner. The main thread walks the operands
** (directories recursively, entries sorted by byte value) and either scans
** each input itself (-j 1, so output follows input order) or hands its path
** to a bounded queue the worker threads drain (-j N, output in completion
** order). Every line is rendered by the engine and written whole under one
** mutex, so lines of different inputs never interleave.
**
** The exit status is the worst seen: 0 all allow, 1 any block or review, 2 any
** input that could not be scanned. An unreadable input does not stop the run:
** it gets its own "error" line and the others are still scanned.
*/
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domat.h"
#include "tool_cmd.h"
#include "tool_opts.h"

/* Set by the Makefile to where the shipped dictionaries are installed; the
** fallback suits running from a source checkout. */
#ifndef DOMAT_DICTDIR
#define DOMAT_DICTDIR "dictionaries"
#endif

/* Paths waiting for a worker. Bounded so that walking a tree of millions of
** files does not hold them all in memory ahead of the scanners. */
#define SCAN_QUEUE_CAP 1024

typedef enum scan_kind {
    SCAN_FILE,   /* a regular file: the engine reads it segment by segment */
    SCAN_STREAM  /* stdin or a named pipe: the engine reads it as a stream */
} scan_kind;

typedef struct scan_item {
    char *path;     /* owned; "-" for standard input */
    scan_kind kind;
} scan_item;

/* An ancestor directory of the walk, to stop --follow from looping. */
typedef struct scan_dirchain {
    dev_t dev;
    ino_t ino;
    const struct scan_dirchain *up;
} scan_dirchain;

typedef struct scan_ctx {
    const tool_config *cfg;
    domat_input tmpl;        /* content and encoding for every input */

    pthread_mutex_t out_lock; /* guards stdout, stderr notes and worst */
    int worst;                /* exit status so far */

    /* The queue; unused with one job. */
    int threaded;
    domat_scanner *inline_sc; /* the only scanner when not threaded */
    pthread_mutex_t q_lock;
    pthread_cond_t q_ready;   /* an item was added or the queue closed */
    pthread_cond_t q_room;    /* an item was taken */
    scan_item q[SCAN_QUEUE_CAP];
    size_t q_head, q_len;
    int q_closed;
} scan_ctx;

typedef struct scan_worker {
    scan_ctx *ctx;
    domat_scanner *sc;
    pthread_t tid;
} scan_worker;

static void set_worst(scan_ctx *ctx, int status)
{
    if (status > ctx->worst)
        ctx->worst = status;
}

/* A note for --verbose; never part of the results on stdout. */
static void note(scan_ctx *ctx, const char *path, const char *why)
{
    if (!ctx->cfg->verbose)
        return;
    pthread_mutex_lock(&ctx->out_lock);
    fprintf(stderr, "domat: skipping %s: %s\n", path, why);
    pthread_mutex_unlock(&ctx->out_lock);
}

static int status_of(domat_verdict v)
{
    switch (v) {
    case DOMAT_ALLOW: return TOOL_EXIT_ALLOW;
    case DOMAT_REVIEW:
    case DOMAT_BLOCK: return TOOL_EXIT_FOUND;
    default: return TOOL_EXIT_ERROR;
    }
}

/* Print one result (unless filtered), record its status and free it.
** engine_failed forces status 2 even if the result looks clean, because a
** scan that returned an error status did not finish. */
static void emit(scan_ctx *ctx, domat_result *res, int engine_failed)
{
    domat_verdict v = domat_result_verdict(res);
    int status = engine_failed ? TOOL_EXIT_ERROR : status_of(v);
    char *line = NULL;
    size_t len = 0;
    /* By status, not verdict: a failed scan is shown by --only-found even
    ** if what it got through looked clean. */
    int show = !ctx->cfg->quiet &&
               !(ctx->cfg->only_found && status == TOOL_EXIT_ALLOW);

    /* Render outside the lock: it is the costly part, and pure. */
    if (show &&
        domat_render_result(res, ctx->cfg->format, &line, &len) != DOMAT_OK) {
        const char *msg = domat_last_error();
        const char *path = domat_result_path(res);
        pthread_mutex_lock(&ctx->out_lock);
        fprintf(stderr, "domat: %s: cannot render the result: %s\n",
                path ? path : "?", msg);
        set_worst(ctx, TOOL_EXIT_ERROR);
        pthread_mutex_unlock(&ctx->out_lock);
        domat_free_result(res);
        return;
    }
    pthread_mutex_lock(&ctx->out_lock);
    if (line)
        fwrite(line, 1, len, stdout);
    set_worst(ctx, status);
    pthread_mutex_unlock(&ctx->out_lock);
    free(line);
    domat_free_result(res);
}

/* An input the engine never saw: give it an error line of its own. */
static void emit_error(scan_ctx *ctx, const char *path, const char *msg)
{
    domat_result *res = NULL;
    if (domat_error_result(&res, path, msg) == DOMAT_OK && res) {
        emit(ctx, res, 1);
        return;
    }
    /* Not even an error result could be made (out of memory): say it on
    ** stderr so the input is not silently missing from the report. */
    pthread_mutex_lock(&ctx->out_lock);
    fprintf(stderr, "domat: %s: %s\n", path, msg);
    set_worst(ctx, TOOL_EXIT_ERROR);
    pthread_mutex_unlock(&ctx->out_lock);
}

/*
** Standard input and named pipes go to the engine as files too: it reads
** whatever cannot be read at an offset as a stream, a segment at a time, so
** `cat big.txt | domat scan -` needs no more memory than a regular file.
*/
static void scan_stream(scan_ctx *ctx, domat_scanner *sc, const scan_item *it)
{
    int is_stdin = strcmp(it->path, "-") == 0;
    domat_input in = ctx->tmpl;
    domat_result *res = NULL;
    in.name = is_stdin && ctx->cfg->name ? ctx->cfg->name : it->path;
    domat_status st = domat_scan_file(sc, is_stdin ? "/dev/stdin" : it->path,
                                      &in, &res);
    if (res)
        emit(ctx, res, st != DOMAT_OK);
    else
        emit_error(ctx, in.name, domat_last_error());
}

static void scan_one(scan_ctx *ctx, domat_scanner *sc, const scan_item *it)
{
    domat_input in = ctx->tmpl;
    domat_result *res = NULL;
    domat_status st;

    if (it->kind == SCAN_STREAM) {
        scan_stream(ctx, sc, it);
        return;
    }
    in.name = it->path;
    /* An unreadable file gives DOMAT_EIO and a verdict-error result that
    ** names the reason; that result is the line the user sees. */
    st = domat_scan_file(sc, it->path, &in, &res);
    if (res)
        emit(ctx, res, st != DOMAT_OK);
    else
        emit_error(ctx, it->path, domat_last_error());
}

/* ---- the queue between the walker and the workers ---- */

static void *worker_main(void *arg)
{
    scan_worker *w = arg;
    scan_ctx *ctx = w->ctx;
    for (;;) {
        scan_item it;
        pthread_mutex_lock(&ctx->q_lock);
        while (ctx->q_len == 0 && !ctx->q_closed)
            pthread_cond_wait(&ctx->q_ready, &ctx->q_lock);
        if (ctx->q_len == 0) {
            pthread_mutex_unlock(&ctx->q_lock);
            return NULL;
        }
        it = ctx->q[ctx->q_head];
        ctx->q_head = (ctx->q_head + 1) % SCAN_QUEUE_CAP;
        ctx->q_len--;
        pthread_cond_signal(&ctx->q_room);
        pthread_mutex_unlock(&ctx->q_lock);
        scan_one(ctx, w->sc, &it);
        free(it.path);
    }
}

/* Scan path now (one job) or queue it (several). Takes ownership of path. */
static void submit(scan_ctx *ctx, char *path, scan_kind kind)
{
    scan_item it;
    it.path = path;
    it.kind = kind;
    if (!ctx->threaded) {
        scan_one(ctx, ctx->inline_sc, &it);
        free(path);
        return;
    }
    pthread_mutex_lock(&ctx->q_lock);
    while (ctx->q_len == SCAN_QUEUE_CAP)
        pthread_cond_wait(&ctx->q_room, &ctx->q_lock);
    ctx->q[(ctx->q_head + ctx->q_len) % SCAN_QUEUE_CAP] = it;
    ctx->q_len++;
    pthread_cond_signal(&ctx->q_ready);
    pthread_mutex_unlock(&ctx->q_lock);
}

static void close_queue(scan_ctx *ctx)
{
    pthread_mutex_lock(&ctx->q_lock);
    ctx->q_closed = 1;
    pthread_cond_broadcast(&ctx->q_ready);
    pthread_mutex_unlock(&ctx->q_lock);
}

/* ---- walking ---- */

static char *path_join(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    int slash = dl > 0 && dir[dl - 1] == '/';
    char *p = malloc(dl + nl + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, dl);
    if (!slash)
        p[dl++] = '/';
    memcpy(p + dl, name, nl + 1);
    return p;
}

/* Byte order, not strcoll: the order of a report must not depend on the
** locale of whoever runs it. */
static int cmp_entries(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int skip_dots(const struct dirent *d)
{
    const char *n = d->d_name;
    return !(n[0] == '.' && (n[1] == '\0' || (n[1] == '.' && n[2] == '\0')));
}

static int in_chain(const scan_dirchain *c, const struct stat *st)
{
    for (; c; c = c->up)
        if (c->dev == st->st_dev && c->ino == st->st_ino)
            return 1;
    return 0;
}

static const char *kind_name(mode_t m)
{
    if (S_ISFIFO(m)) return "a FIFO";
    if (S_ISSOCK(m)) return "a socket";
    if (S_ISCHR(m)) return "a character device";
    if (S_ISBLK(m)) return "a block device";
    return "not a regular file";
}

static void walk_dir(scan_ctx *ctx, const char *dir, const struct stat *dst,
                     const scan_dirchain *up);

/* Handles one directory entry; takes ownership of path. */
static void walk_entry(scan_ctx *ctx, char *path, const scan_dirchain *chain)
{
    struct stat st;

    if (lstat(path, &st) != 0) {
        /* Vanished between readdir and now: let the engine report it in its
        ** own words, as it does for any file it cannot open. */
        submit(ctx, path, SCAN_FILE);
        return;
    }
    if (S_ISLNK(st.st_mode)) {
        if (stat(path, &st) != 0) {
            note(ctx, path, "symbolic link to nothing");
            free(path);
            return;
        }
        if (S_ISDIR(st.st_mode) && !ctx->cfg->follow) {
            note(ctx, path, "symbolic link to a directory (use --follow)");
            free(path);
            return;
        }
    }
    if (S_ISREG(st.st_mode)) {
        submit(ctx, path, SCAN_FILE);
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        if (in_chain(chain, &st))
            note(ctx, path, "leads back to a directory being walked");
        else
            walk_dir(ctx, path, &st, chain);
        free(path);
        return;
    }
    /* Devices, FIFOs and sockets in a tree are not documents; reading a FIFO
    ** could block the walk for ever. */
    note(ctx, path, kind_name(st.st_mode));
    free(path);
}

static void walk_dir(scan_ctx *ctx, const char *dir, const struct stat *dst,
                     const scan_dirchain *up)
{
    struct dirent **names = NULL;
    scan_dirchain self;
    int n, i;

    self.dev = dst->st_dev;
    self.ino = dst->st_ino;
    self.up = up;
    n = scandir(dir, &names, skip_dots, cmp_entries);
    if (n < 0) {
        char msg[256];
        snprintf(msg, sizeof msg, "cannot read directory: %s", strerror(errno));
        emit_error(ctx, dir, msg);
        return;
    }
    for (i = 0; i < n; i++) {
        char *child = path_join(dir, names[i]->d_name);
        if (child)
            walk_entry(ctx, child, &self);
        else
            emit_error(ctx, names[i]->d_name, "out of memory");
        free(names[i]);
    }
    free(names);
}

/* A path named on the command line: always followed, whatever it is a link
** to, because the user chose it. */
static void walk_operand(scan_ctx *ctx, const char *op)
{
    struct stat st;
    char *path = strdup(op);

    if (!path) {
        emit_error(ctx, op, "out of memory");
        return;
    }
    if (strcmp(op, "-") == 0) {
        submit(ctx, path, SCAN_STREAM);
        return;
    }
    if (stat(op, &st) != 0 || S_ISREG(st.st_mode)) {
        /* A missing file is reported by the engine, as every unreadable one. */
        submit(ctx, path, SCAN_FILE);
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        walk_dir(ctx, path, &st, NULL);
        free(path);
        return;
    }
    /* Named pipes and character devices are what `domat scan <(cmd)` and
    ** /dev/stdin look like: read them as streams. */
    if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) {
        submit(ctx, path, SCAN_STREAM);
        return;
    }
    {
        char msg[128];
        snprintf(msg, sizeof msg, "cannot scan %s", kind_name(st.st_mode));
        emit_error(ctx, op, msg);
        free(path);
    }
}

/* ---- setup ---- */

static const char *default_dict_dir(void)
{
    const char *env = getenv("DOMAT_DICT_DIR");
    return env && *env ? env : DOMAT_DICTDIR;
}

int tool_open_engine(const tool_config *cfg, domat_engine **eng)
{
    const char **dirs;
    size_t n = 0, i;
    int from_cache = 0;
    domat_status st;

    if (cfg->no_default_dict && cfg->dicts.n == 0) {
        fputs("domat: --no-default-dict leaves no dictionaries; "
              "add at least one --dict DIR\n", stderr);
        return -1;
    }
    dirs = malloc((cfg->dicts.n + 1) * sizeof *dirs);
    if (!dirs) {
        fputs("domat: out of memory\n", stderr);
        return -1;
    }
    /* The shipped lists first, then the organisation's: the same order
    ** `domat dict compile` documents for a database --db can reuse. */
    if (!cfg->no_default_dict)
        dirs[n++] = default_dict_dir();
    for (i = 0; i < cfg->dicts.n; i++)
        dirs[n++] = cfg->dicts.v[i];

    st = domat_open_engine(eng, dirs, n, cfg->db, &from_cache);
    if (st != DOMAT_OK) {
        fprintf(stderr, "domat: %s\n", domat_last_error());
        free(dirs);
        return -1;
    }
    if (cfg->verbose) {
        for (i = 0; i < n; i++)
            fprintf(stderr, "domat: dictionaries: %s\n", dirs[i]);
        fprintf(stderr, "domat: %zu entries, digest %s\n",
                domat_engine_entries(*eng), domat_engine_digest(*eng));
        if (cfg->db && from_cache)
            fprintf(stderr, "domat: using compiled database %s\n", cfg->db);
        else if (cfg->db)
            fprintf(stderr, "domat: compiled the dictionaries; %s was missing "
                    "or stale\n", cfg->db);
    }
    free(dirs);
    return 0;
}

/*
** Check --encoding once with an empty scan, so a misspelt name stops the run
** before any output instead of turning every input into an error line.
*/
static int check_encoding(const tool_config *cfg, domat_scanner *sc,
                          const domat_input *tmpl)
{
    domat_input in = *tmpl;
    domat_result *res = NULL;
    domat_status st;
    const char *err = NULL;

    if (!cfg->encoding)
        return 0;
    in.name = "--encoding";
    st = domat_scan_buffer(sc, "", 0, &in, &res);
    if (st != DOMAT_OK)
        err = domat_last_error();
    else if (res && domat_result_error(res))
        err = domat_result_error(res);
    if (err)
        fprintf(stderr, "domat: --encoding: '%s': %s\n", cfg->encoding, err);
    domat_free_result(res);
    return err ? -1 : 0;
}

static int check_operands(const tool_config *cfg)
{
    size_t i, dashes = 0;
    if (cfg->operands.n == 0) {
        /* Unlike grep, no operand is an error, not stdin: a cron job whose
        ** glob matched nothing must not hang waiting for input. */
        fputs("domat: scan: no input; give PATH... or - for standard input\n",
              stderr);
        tool_print_try_help();
        return -1;
    }
    for (i = 0; i < cfg->operands.n; i++)
        if (strcmp(cfg->operands.v[i], "-") == 0)
            dashes++;
    if (dashes > 1) {
        fputs("domat: scan: standard input (-) can be given only once\n",
              stderr);
        return -1;
    }
    return 0;
}

/* Run the walk with nw worker threads; returns how many could be started. */
static size_t run_threads(scan_ctx *ctx, scan_worker *w, size_t nw)
{
    size_t started = 0, i;

    for (i = 0; i < nw; i++) {
        if (pthread_create(&w[i].tid, NULL, worker_main, &w[i]) != 0)
            break;
        started++;
    }
    if (started == 0)
        return 0;
    if (started < nw && ctx->cfg->verbose)
        fprintf(stderr, "domat: started %zu of %zu jobs\n", started, nw);
    for (i = 0; i < ctx->cfg->operands.n; i++)
        walk_operand(ctx, ctx->cfg->operands.v[i]);
    close_queue(ctx);
    for (i = 0; i < started; i++)
        pthread_join(w[i].tid, NULL);
    return started;
}

static int scan_all(scan_ctx *ctx, domat_scanner **scs, size_t nsc)
{
    size_t i;

    if (nsc > 1) {
        scan_worker *w = calloc(nsc, sizeof *w);
        if (w) {
            for (i = 0; i < nsc; i++) {
                w[i].ctx = ctx;
                w[i].sc = scs[i];
            }
            pthread_mutex_init(&ctx->q_lock, NULL);
            pthread_cond_init(&ctx->q_ready, NULL);
            pthread_cond_init(&ctx->q_room, NULL);
            ctx->threaded = 1;
            i = run_threads(ctx, w, nsc);
            ctx->threaded = 0;
            pthread_cond_destroy(&ctx->q_room);
            pthread_cond_destroy(&ctx->q_ready);
            pthread_mutex_destroy(&ctx->q_lock);
            free(w);
            if (i > 0)
                return 0;
        }
        /* No thread could start: one job still gives a complete report. */
        if (ctx->cfg->verbose)
            fputs("domat: could not start threads; scanning with one job\n",
                  stderr);
    }
    ctx->inline_sc = scs[0];
    for (i = 0; i < ctx->cfg->operands.n; i++)
        walk_operand(ctx, ctx->cfg->operands.v[i]);
    return 0;
}

int tool_scan(int argc, char **argv)
{
    tool_config cfg;
    scan_ctx *ctx = NULL;
    domat_engine *eng = NULL;
    domat_scanner **scs = NULL;
    domat_limits lim;
    size_t i, nsc = 0;
    int rc = TOOL_EXIT_ERROR;

    tool_config_init(&cfg, TOOL_CMD_SCAN);
    if (tool_parse_args(&cfg, argc, argv, 1) != 0)
        goto out;
    if (cfg.help) {
        tool_print_help(stdout);
        rc = TOOL_EXIT_ALLOW;
        goto out;
    }
    if (cfg.version) {
        rc = tool_print_version();
        goto out;
    }
    if (check_operands(&cfg) != 0 || tool_open_engine(&cfg, &eng) != 0)
        goto out;

    domat_limits_default(&lim);
    if (cfg.max_size)
        lim.max_input_bytes = cfg.max_size;
    if (cfg.header_lines)
        lim.header_lines = cfg.header_lines;
    if (cfg.max_depth)
        lim.max_depth = cfg.max_depth;
    if (cfg.max_time_ms)
        lim.max_time_ms = cfg.max_time_ms;

    scs = calloc(cfg.jobs, sizeof *scs);
    ctx = calloc(1, sizeof *ctx);
    if (!scs || !ctx) {
        fputs("domat: out of memory\n", stderr);
        goto out;
    }
    for (nsc = 0; nsc < cfg.jobs; nsc++) {
        if (domat_new_scanner(&scs[nsc], eng, &lim) != DOMAT_OK) {
            /* Usually a limit over the engine's ceiling; its message says
            ** which one and what the ceiling is. */
            fprintf(stderr, "domat: %s\n", domat_last_error());
            goto out;
        }
    }

    ctx->cfg = &cfg;
    ctx->tmpl.name = NULL;
    ctx->tmpl.content = cfg.content;
    ctx->tmpl.encoding = cfg.encoding;
    if (check_encoding(&cfg, scs[0], &ctx->tmpl) != 0)
        goto out;
    if (cfg.warc) {
        /* The operands are WARC files: their records are the inputs. */
        rc = tool_scan_warc(&cfg, scs, nsc, &ctx->tmpl);
        goto out;
    }

    pthread_mutex_init(&ctx->out_lock, NULL);
    scan_all(ctx, scs, nsc);
    pthread_mutex_destroy(&ctx->out_lock);
    rc = ctx->worst;
out:
    for (i = 0; i < nsc; i++)
        domat_free_scanner(scs[i]);
    free(scs);
    free(ctx);
    domat_free_engine(eng);
    tool_config_free(&cfg);
    return rc;
}

/*
** 2026-11-25
**
** tool_crawl.c: `domat crawl --seed URL... [options]`: sweep public web sites
** for documents that carry a state-secret mark, and report what is new since
** the last sweep.
**
** Takes the options; opens the engine once, one scanner per --jobs thread,
** the state file, and the fetcher (crawl_fetch.c). Each page or document the
** fetcher delivers goes to a scanning thread as soon as its transfer ends;
** the result comes back to this (the fetching) thread, which records it in
** the state file together with the URL's final status, prints its line, and
** lets the fetcher go on. Documents that did not change since the last run
** are not scanned again: their stored verdict stands.
**
** SIGINT and SIGTERM stop the run: transfers are dropped, scans under way
** finish and are recorded, the state is committed and the run marked
** "stopped"; the next `domat crawl` with the same --state resumes it. A
** second signal exits at once, which SQLite's journal also survives.
**
** Exit status: 0 nothing new, 1 a new finding (a stamped document that was
** not there, or not stamped, last run), 2 an error, or a run that stopped
** or could fetch nothing at all before finding anything new.
*/
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <libxml/parser.h>

#include "crawl_fetch.h"
#include "crawl_limits.h"
#include "crawl_pool.h"
#include "crawl_report.h"
#include "crawl_state.h"
#include "crawl_url.h"
#include "domat.h"
#include "tool_cmd.h"
#include "tool_opts.h"

/* The robots.txt product token, and the default User-Agent around it: it
** says what is crawling and why, so a portal's administrator who sees it in
** a log knows whom to ask. */
#define CRAWL_AGENT_TOKEN "domat"
#define CRAWL_USER_AGENT "domat/" DOMAT_VERSION \
    " (state-secret leak check of public documents; robots.txt honoured)"

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    if (stop_flag) {
        /* Second signal: the user means it. Only async-signal-safe calls. */
        static const char msg[] = "domat: crawl: stopped at once\n";
        ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
        (void)w;
        _exit(TOOL_EXIT_ERROR);
    }
    stop_flag = 1;
}

/* One delivered body on its way through a scanning thread. */
typedef struct crawl_item {
    crawl_fetched *f;
    char *line;          /* the engine's rendering, made on the scan thread */
    size_t len;
} crawl_item;

typedef struct crawl_ctx {
    const tool_config *cfg;
    crawl_state *st;
    crawl_fetcher *fetcher;
    crawl_pool *pool;
    const char *digest;
    domat_format format;
    size_t outstanding;    /* delivered, not yet recorded */
    pthread_mutex_t lock;  /* guards done and outstanding */
    struct done_node *done; /* scanned, waiting to be recorded */
    int failed;            /* the state file failed */
    uint64_t answered;     /* 2xx and 304 answers in this process */
    uint64_t scanned;      /* bodies scanned in this process */
    uint64_t reused;       /* unchanged: stored verdict reused */
} crawl_ctx;

/* A scanned job on its way back; the job's user pointer is its item. */
typedef struct done_node {
    crawl_job *job;
    struct done_node *next;
} done_node;

/* ---- output ---- */

static void json_str(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    fputc('"', out);
    for (; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

/*
** One line on standard output. JSON: the crawl's fields (url, fetched_at,
** http_status, change, new_finding) come first, then the engine's object
** as it rendered it, so every field of the output contract is there under
** its usual name ("path" is the URL too). Text: the change, then the
** engine's text line. A document whose stored verdict is reused has no
** fresh text line: verdict, level and URL stand in for it.
*/
static void print_line(crawl_ctx *c, const crawl_fetched *f,
                       crawl_change change, int new_finding,
                       const char *engine_line, const char *verdict,
                       const char *level)
{
    const tool_config *cfg = c->cfg;
    int finding = verdict && (strcmp(verdict, "block") == 0 ||
                              strcmp(verdict, "review") == 0);
    if (cfg->quiet)
        return;
    if (cfg->only_found && !finding)
        return;
    if (c->format == DOMAT_FORMAT_JSON) {
        size_t n;
        fputs("{\"url\": ", stdout);
        json_str(stdout, f->url);
        fprintf(stdout, ", \"fetched_at\": \"%s\", \"http_status\": %ld, "
                "\"change\": \"%s\", \"new_finding\": %s, ",
                f->fetched_at, f->http_status, crawl_change_name(change),
                new_finding ? "true" : "false");
        if (engine_line && engine_line[0] == '{') {
            n = strlen(engine_line);
            while (n && engine_line[n - 1] == '\n')
                n--;
            fwrite(engine_line + 1, 1, n - 1, stdout);
            fputc('\n', stdout);
        } else {
            fprintf(stdout, "\"path\": ");
            json_str(stdout, f->url);
            fprintf(stdout, ", \"verdict\": \"%s\", \"level\": ",
                    verdict ? verdict : "allow");
            if (level)
                json_str(stdout, level);
            else
                fputs("null", stdout);
            fputs(", \"findings\": [], \"unscanned\": [], "
                  "\"error\": null}\n", stdout);
        }
    } else {
        fprintf(stdout, "%-9s ", crawl_change_name(change));
        if (engine_line && engine_line[0] != '{')
            fputs(engine_line, stdout);
        else
            fprintf(stdout, "%s\t%s\t%s\n", verdict ? verdict : "-",
                    level ? level : "-", f->url);
    }
    fflush(stdout);
}

/* ---- results coming back from the scanning threads ---- */

static void scan_done(void *arg, crawl_job *job)
{
    crawl_ctx *c = arg;
    crawl_item *it = job->user;
    done_node *n;
    /* Render here, on the scanning thread: it is the costly part. The text
    ** form is kept only for text output; the state file stores JSON. */
    if (job->res) {
        if (domat_render_result(job->res, DOMAT_FORMAT_JSON, &it->line,
                                &it->len) != DOMAT_OK)
            it->line = NULL;
    }
    n = malloc(sizeof *n);
    pthread_mutex_lock(&c->lock);
    if (n) {
        n->job = job;
        n->next = c->done;
        c->done = n;
    }
    pthread_mutex_unlock(&c->lock);
    if (!n) {
        /* Out of memory: the URL stays "active" and is fetched on resume. */
        crawl_fetched_free(it->f);
        free(it->line);
        free(it);
        crawl_job_free(job);
        pthread_mutex_lock(&c->lock);
        c->outstanding--;
        pthread_mutex_unlock(&c->lock);
    }
    crawl_fetch_wakeup(c->fetcher);
}

static void set_done(crawl_ctx *c, const char *url, const char *status,
                     const char *detail)
{
    if (crawl_state_set_status(c->st, url, status, detail) != 0 && !c->failed) {
        fprintf(stderr, "domat: crawl: state file: %s\n",
                crawl_state_error(c->st));
        c->failed = 1;
    }
}

static void state_fail(crawl_ctx *c)
{
    if (!c->failed)
        fprintf(stderr, "domat: crawl: state file: %s\n",
                crawl_state_error(c->st));
    c->failed = 1;
}

/* The engine's text line, the one users know from `domat scan`. */
static char *text_line(const domat_result *res)
{
    char *line = NULL;
    if (domat_render_result(res, DOMAT_FORMAT_TEXT, &line, NULL) != DOMAT_OK)
        return NULL;
    return line;
}

static void record_scanned(crawl_ctx *c, crawl_job *job)
{
    crawl_item *it = job->user;
    crawl_fetched *f = it->f;
    crawl_record rec;
    crawl_change change;
    int new_finding = 0;
    const char *verdict;

    if (!job->res) {
        if (job->status == DOMAT_EINVAL && stop_flag)
            return; /* cancelled by a stop: fetched again on resume */
        fprintf(stderr, "domat: %s: %s\n", f->url,
                job->error ? job->error : "scan failed");
        set_done(c, f->url, "failed", job->error ? job->error : "scan failed");
        return;
    }
    c->scanned++;
    memset(&rec, 0, sizeof rec);
    rec.url = f->url;
    rec.origin = f->origin;
    rec.fetched_at = f->fetched_at;
    rec.http_status = f->http_status;
    rec.etag = f->etag;
    rec.last_modified = f->last_modified;
    rec.content_type = f->content_type;
    rec.sha256 = f->sha256;
    rec.size = f->body.total;
    rec.truncated = f->body.truncated;
    rec.is_page = f->is_page;
    rec.engine = c->digest;
    rec.res = job->res;
    rec.result_json = it->line;
    if (crawl_state_record(c->st, &rec, 0, &change, &new_finding) != 0) {
        state_fail(c);
        return;
    }
    set_done(c, f->url, "done", NULL);
    verdict = domat_verdict_name(domat_result_verdict(job->res));
    if (c->format == DOMAT_FORMAT_TEXT) {
        char *t = text_line(job->res);
        print_line(c, f, change, new_finding, t, verdict, NULL);
        free(t);
    } else
        print_line(c, f, change, new_finding, it->line, verdict, NULL);
}

static void drain(crawl_ctx *c)
{
    done_node *n;
    pthread_mutex_lock(&c->lock);
    n = c->done;
    c->done = NULL;
    pthread_mutex_unlock(&c->lock);
    while (n) {
        done_node *next = n->next;
        crawl_job *job = n->job;
        crawl_item *it = job->user;
        if (!c->failed)
            record_scanned(c, job);
        crawl_fetched_free(it->f);
        free(it->line);
        free(it);
        crawl_job_free(job);
        free(n);
        pthread_mutex_lock(&c->lock);
        c->outstanding--;
        pthread_mutex_unlock(&c->lock);
        n = next;
    }
}

/* ---- hooks for the fetcher ---- */

static void hook_poll(void *arg)
{
    drain(arg);
}

static int hook_room(void *arg)
{
    crawl_ctx *c = arg;
    return crawl_pool_room(c->pool);
}

static size_t hook_outstanding(void *arg)
{
    crawl_ctx *c = arg;
    size_t n;
    pthread_mutex_lock(&c->lock);
    n = c->outstanding;
    pthread_mutex_unlock(&c->lock);
    return n;
}

/* A document that did not change: its stored verdict stands, no scan. */
static int reuse(crawl_ctx *c, crawl_fetched *f)
{
    crawl_known k;
    crawl_record rec;
    crawl_change change;
    int new_finding = 0;
    if (crawl_state_known(c->st, f->url, &k) != 0) {
        state_fail(c);
        return 0;
    }
    if (!k.known || !k.result) {
        crawl_known_free(&k);
        return -1; /* nothing to reuse: scan it */
    }
    memset(&rec, 0, sizeof rec);
    rec.url = f->url;
    rec.fetched_at = f->fetched_at;
    rec.http_status = f->http_status;
    rec.etag = f->etag;
    rec.last_modified = f->last_modified;
    if (crawl_state_record(c->st, &rec, 1, &change, &new_finding) != 0) {
        crawl_known_free(&k);
        state_fail(c);
        return 0;
    }
    set_done(c, f->url, "done", f->http_status == 304 ? "not modified"
                                                       : "same content");
    c->reused++;
    print_line(c, f, change, new_finding,
               c->format == DOMAT_FORMAT_JSON ? k.result : NULL, k.verdict,
               k.level);
    crawl_known_free(&k);
    return 0;
}

static void hook_deliver(void *arg, crawl_fetched *f)
{
    crawl_ctx *c = arg;
    crawl_item *it;
    crawl_job *job;

    if (f->http_status == 404 || f->http_status == 410) {
        int removed = 0;
        char detail[32];
        if (crawl_state_gone(c->st, f->url, f->http_status, f->fetched_at,
                             &removed) != 0)
            state_fail(c);
        snprintf(detail, sizeof detail, "HTTP %ld", f->http_status);
        set_done(c, f->url, "failed", detail);
        if (removed) {
            crawl_known k;
            if (crawl_state_known(c->st, f->url, &k) == 0) {
                print_line(c, f, CRAWL_CHANGE_REMOVED, 0,
                           c->format == DOMAT_FORMAT_JSON ? k.result : NULL,
                           k.verdict, k.level);
                crawl_known_free(&k);
            }
        }
        crawl_fetched_free(f);
        return;
    }
    c->answered++;
    if (f->unchanged && reuse(c, f) == 0) {
        crawl_fetched_free(f);
        return;
    }
    if (f->http_status == 304) {
        /* A 304 for a URL the state has no verdict for (a copy of the state
        ** from elsewhere): the next run asks unconditionally. */
        set_done(c, f->url, "failed", "304 without a stored verdict");
        crawl_fetched_free(f);
        return;
    }
    it = calloc(1, sizeof *it);
    job = calloc(1, sizeof *job);
    if (!it || !job) {
        free(it);
        free(job);
        set_done(c, f->url, "failed", "out of memory");
        crawl_fetched_free(f);
        return;
    }
    it->f = f;
    job->user = it;
    job->body = &f->body;
    job->in.name = f->url;
    job->in.content = DOMAT_CONTENT_AUTO;
    job->in.encoding = NULL;
    pthread_mutex_lock(&c->lock);
    c->outstanding++;
    pthread_mutex_unlock(&c->lock);
    /* The fetcher asked hook_room first, so this does not block. */
    if (crawl_pool_submit(c->pool, job) != 0) {
        pthread_mutex_lock(&c->lock);
        c->outstanding--;
        pthread_mutex_unlock(&c->lock);
        crawl_fetched_free(f);
        free(it);
        free(job);
    }
}

/* ---- setup ---- */

static int check_options(const tool_config *cfg)
{
    size_t i;
    if (cfg->seeds.n == 0) {
        fputs("domat: crawl: no seed; give at least one --seed URL\n", stderr);
        tool_print_try_help();
        return -1;
    }
    if (cfg->operands.n > 0) {
        fprintf(stderr, "domat: crawl: unexpected operand '%s'; URLs to "
                "crawl are given with --seed\n", cfg->operands.v[0]);
        tool_print_try_help();
        return -1;
    }
    for (i = 0; i < cfg->seeds.n; i++) {
        crawl_url u;
        if (crawl_url_parse(&u, NULL, cfg->seeds.v[i]) != 0) {
            fprintf(stderr, "domat: --seed: '%s' is not an http or https "
                    "URL\n", cfg->seeds.v[i]);
            return -1;
        }
        crawl_url_free(&u);
    }
    return 0;
}

static char *join_seeds(const tool_config *cfg)
{
    size_t n = 1, i;
    char *s, *p;
    for (i = 0; i < cfg->seeds.n; i++)
        n += strlen(cfg->seeds.v[i]) + 1;
    s = malloc(n);
    if (!s)
        return NULL;
    p = s;
    for (i = 0; i < cfg->seeds.n; i++) {
        size_t k = strlen(cfg->seeds.v[i]);
        memcpy(p, cfg->seeds.v[i], k);
        p += k;
        *p++ = '\n';
    }
    *p = '\0';
    return s;
}

static crawl_scope *make_scope(const tool_config *cfg)
{
    crawl_scope *sc = crawl_scope_new((crawl_scope_kind)cfg->scope);
    size_t i;
    if (!sc)
        return NULL;
    for (i = 0; i < cfg->seeds.n; i++) {
        crawl_url u;
        if (crawl_url_parse(&u, NULL, cfg->seeds.v[i]) != 0)
            continue;
        if (crawl_scope_add(sc, &u) != 0) {
            crawl_url_free(&u);
            crawl_scope_free(sc);
            return NULL;
        }
        crawl_url_free(&u);
    }
    return sc;
}

int tool_crawl(int argc, char **argv)
{
    tool_config cfg;
    crawl_ctx ctx;
    crawl_fetch_opts fo;
    crawl_fetch_hooks hk;
    crawl_totals tot;
    domat_engine *eng = NULL;
    domat_scanner **scs = NULL;
    crawl_scope *scope = NULL;
    domat_limits lim;
    char *seeds = NULL;
    char err[256];
    size_t nsc = 0, i;
    int rc = TOOL_EXIT_ERROR, resumed = 0, limit_hit = 0, curl_up = 0;
    int handlers = 0;
    int64_t run = 0;
    uint64_t fetched_before = 0;
    struct sigaction sa, old_int, old_term;

    memset(&ctx, 0, sizeof ctx);
    pthread_mutex_init(&ctx.lock, NULL);
    tool_config_init(&cfg, TOOL_CMD_CRAWL);
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
    if (check_options(&cfg) != 0)
        goto out;
    /* From here a signal stops the run cleanly, even one that comes while
    ** the dictionaries compile: the loop then ends at once. */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    handlers = 1;
    /* Both initialise global state and are not thread-safe: before any
    ** thread starts. */
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        fputs("domat: crawl: libcurl could not start\n", stderr);
        goto out;
    }
    curl_up = 1;
    xmlInitParser();

    if (tool_open_engine(&cfg, &eng) != 0)
        goto out;
    domat_limits_default(&lim);
    lim.max_input_bytes = cfg.max_size ? cfg.max_size : CRAWL_DEFAULT_MAX_SIZE;
    if (cfg.header_lines)
        lim.header_lines = cfg.header_lines;
    scs = calloc(cfg.jobs, sizeof *scs);
    if (!scs) {
        fputs("domat: out of memory\n", stderr);
        goto out;
    }
    for (nsc = 0; nsc < cfg.jobs; nsc++)
        if (domat_new_scanner(&scs[nsc], eng, &lim) != DOMAT_OK) {
            fprintf(stderr, "domat: %s\n", domat_last_error());
            goto out;
        }

    if (crawl_state_open(&ctx.st, cfg.state, err, sizeof err) != 0) {
        fprintf(stderr, "domat: crawl: state file %s: %s\n",
                cfg.state ? cfg.state : "(memory)", err);
        goto out;
    }
    seeds = join_seeds(&cfg);
    scope = make_scope(&cfg);
    if (!seeds || !scope) {
        fputs("domat: out of memory\n", stderr);
        goto out;
    }
    if (crawl_state_begin_run(ctx.st, seeds, &resumed, &run,
                              &fetched_before) != 0) {
        fprintf(stderr, "domat: crawl: state file: %s\n",
                crawl_state_error(ctx.st));
        goto out;
    }
    if (resumed && !cfg.quiet)
        fprintf(stderr, "domat: crawl: resuming run %lld (%llu fetched "
                "before it stopped)\n", (long long)run,
                (unsigned long long)fetched_before);

    ctx.cfg = &cfg;
    ctx.digest = domat_engine_digest(eng);
    ctx.format = cfg.format;
    ctx.pool = crawl_pool_new(scs, nsc, nsc * CRAWL_SCAN_QUEUE_PER_JOB,
                              scan_done, &ctx);
    if (!ctx.pool) {
        fputs("domat: crawl: cannot start the scanning threads\n", stderr);
        goto out;
    }

    memset(&fo, 0, sizeof fo);
    fo.st = ctx.st;
    fo.scope = scope;
    fo.user_agent = cfg.user_agent ? cfg.user_agent : CRAWL_USER_AGENT;
    fo.agent_token = CRAWL_AGENT_TOKEN;
    fo.rate = cfg.rate > 0 ? cfg.rate : CRAWL_DEFAULT_RATE;
    fo.host_connections = cfg.host_connections ? cfg.host_connections
                                               : CRAWL_DEFAULT_HOST_CONNECTIONS;
    fo.link_depth = cfg.link_depth >= 0 ? (unsigned)cfg.link_depth
                                        : CRAWL_DEFAULT_LINK_DEPTH;
    fo.max_pages = cfg.max_pages ? cfg.max_pages : CRAWL_DEFAULT_MAX_PAGES;
    fo.already_fetched = fetched_before;
    fo.max_size = lim.max_input_bytes;
    fo.timeout = cfg.timeout ? cfg.timeout : CRAWL_DEFAULT_TIMEOUT;
    fo.engine_digest = ctx.digest;
    fo.verbose = cfg.verbose;
    fo.stop = &stop_flag;
    hk.arg = &ctx;
    hk.deliver = hook_deliver;
    hk.room = hook_room;
    hk.outstanding = hook_outstanding;
    hk.poll = hook_poll;
    ctx.fetcher = crawl_fetch_new(&fo, &hk);
    if (!ctx.fetcher) {
        fputs("domat: crawl: cannot start the fetcher\n", stderr);
        goto out;
    }
    for (i = 0; i < cfg.seeds.n; i++)
        if (crawl_fetch_seed(ctx.fetcher, cfg.seeds.v[i]) != 0)
            goto out;

    if (crawl_fetch_run(ctx.fetcher, &limit_hit) != 0)
        ctx.failed = 1;

    /* Scans under way finish and are recorded; queued ones are dropped on
    ** a stop (their URLs are fetched again on resume). */
    if (stop_flag)
        crawl_pool_cancel(ctx.pool);
    crawl_pool_free(ctx.pool);
    ctx.pool = NULL;
    drain(&ctx);

    if (ctx.failed)
        goto out;
    if (crawl_state_end_run(ctx.st, stop_flag ? "stopped" : "done",
                            limit_hit ? "max-pages" : NULL) != 0) {
        state_fail(&ctx);
        goto out;
    }
    crawl_state_totals(ctx.st, &tot);
    if (cfg.report &&
        crawl_report_write(ctx.st, cfg.report, stop_flag ? "stopped" : "done",
                           err, sizeof err) != 0)
        fprintf(stderr, "domat: crawl: report %s: %s\n", cfg.report, err);
    if (!cfg.quiet) {
        fprintf(stderr, "domat: crawl: run %lld %s: %llu fetched (%llu pages, "
                "%llu documents), %llu scanned, %llu unchanged, %llu skipped, "
                "%llu failed; %llu new findings, %llu changed, %llu removed"
                "%s\n",
                (long long)run, stop_flag ? "stopped" : "done",
                (unsigned long long)tot.fetched, (unsigned long long)tot.pages,
                (unsigned long long)tot.documents,
                (unsigned long long)ctx.scanned,
                (unsigned long long)ctx.reused,
                (unsigned long long)tot.skipped,
                (unsigned long long)tot.failed,
                (unsigned long long)tot.new_findings,
                (unsigned long long)tot.changed,
                (unsigned long long)tot.removed,
                limit_hit ? " (--max-pages reached)" : "");
        if (stop_flag)
            fputs("domat: crawl: run the same command again to resume\n",
                  stderr);
    }
    if (tot.new_findings > 0)
        rc = TOOL_EXIT_FOUND;
    else if (stop_flag)
        rc = TOOL_EXIT_ERROR;
    else if (!resumed && ctx.answered == 0 && tot.failed > 0) {
        fputs("domat: crawl: no page could be fetched\n", stderr);
        rc = TOOL_EXIT_ERROR;
    } else
        rc = TOOL_EXIT_ALLOW;
out:
    if (ctx.pool) {
        crawl_pool_cancel(ctx.pool);
        crawl_pool_free(ctx.pool);
        drain(&ctx);
    }
    crawl_fetch_free(ctx.fetcher);
    crawl_state_close(ctx.st);
    crawl_scope_free(scope);
    free(seeds);
    for (i = 0; i < nsc; i++)
        domat_free_scanner(scs[i]);
    free(scs);
    domat_free_engine(eng);
    if (curl_up)
        curl_global_cleanup();
    if (handlers) {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
    }
    tool_config_free(&cfg);
    pthread_mutex_destroy(&ctx.lock);
    return rc;
}

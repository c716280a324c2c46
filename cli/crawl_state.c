/*
** 2026-11-25
**
** crawl_state.c: the SQLite state file of `domat crawl`.
**
** Takes what the crawler learns (URLs found, answers, verdicts) and keeps it
** across runs and kills; hands back the next URL to fetch and what an
** earlier run knew about a document. It never fetches or scans.
**
** Durability: WAL mode with synchronous=NORMAL. A transaction is always
** open; crawl_state_tick commits it every CRAWL_COMMIT_MS or
** CRAWL_COMMIT_ROWS changes. A document's record and its frontier status are
** written in the same transaction, so after any kill the two agree: either
** both say it was done, or it is fetched again on resume. The file is
** opened with an exclusive lock so two overlapping cron runs cannot
** interleave their runs in one state; the second one stops with a message.
*/
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "crawl_limits.h"
#include "crawl_state.h"

/* Bumped when a table changes; a file of another version is refused
** rather than misread. */
#define STATE_SCHEMA "1"

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS meta("
    " key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS runs("
    " id INTEGER PRIMARY KEY,"
    " started_at TEXT NOT NULL,"
    " finished_at TEXT,"
    " status TEXT NOT NULL,"          /* running | stopped | done */
    " seeds TEXT NOT NULL,"
    " fetched INTEGER NOT NULL DEFAULT 0,"
    " pages INTEGER NOT NULL DEFAULT 0,"
    " documents INTEGER NOT NULL DEFAULT 0,"
    " bytes INTEGER NOT NULL DEFAULT 0,"
    " limit_hit TEXT);"
    "CREATE TABLE IF NOT EXISTS frontier("
    " url TEXT PRIMARY KEY,"
    " origin TEXT NOT NULL,"
    " kind TEXT NOT NULL,"            /* page | sitemap */
    " depth INTEGER NOT NULL,"
    " status TEXT NOT NULL,"          /* queued|active|done|skipped|failed|redirect */
    " detail TEXT,"
    " tries INTEGER NOT NULL DEFAULT 0,"
    " not_before REAL NOT NULL DEFAULT 0,"
    " referrer TEXT,"
    " run INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS frontier_next"
    " ON frontier(origin, status, depth);"
    "CREATE INDEX IF NOT EXISTS frontier_status ON frontier(status);"
    "CREATE TABLE IF NOT EXISTS documents("
    " url TEXT PRIMARY KEY,"
    " origin TEXT NOT NULL,"
    " first_seen TEXT NOT NULL,"
    " fetched_at TEXT,"
    " http_status INTEGER,"
    " etag TEXT, last_modified TEXT, content_type TEXT,"
    " sha256 TEXT, size INTEGER, truncated INTEGER NOT NULL DEFAULT 0,"
    " is_page INTEGER NOT NULL DEFAULT 0,"
    " engine TEXT,"
    " verdict TEXT, level TEXT, result TEXT, unscanned TEXT,"
    " change TEXT, change_run INTEGER, seen_run INTEGER,"
    " new_finding INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX IF NOT EXISTS documents_run ON documents(change_run);"
    "CREATE TABLE IF NOT EXISTS findings("
    " url TEXT NOT NULL, n INTEGER NOT NULL,"
    " rule TEXT, kind TEXT, level TEXT, page INTEGER, line INTEGER,"
    " col INTEGER, part TEXT, snippet TEXT, confidence TEXT, note TEXT,"
    " PRIMARY KEY(url, n));";

enum {
    Q_ENQUEUE,
    Q_NEXT,
    Q_WAKE,
    Q_ACTIVATE,
    Q_STATUS,
    Q_RETRY,
    Q_PENDING,
    Q_KNOWN,
    Q_UPSERT_DOC,
    Q_UNCHANGED_DOC,
    Q_DEL_FINDINGS,
    Q_ADD_FINDING,
    Q_GONE,
    Q_COUNT_FETCH,
    Q_ORIGINS,
    Q_N
};

static const char *const query_sql[Q_N] = {
    /* Q_ENQUEUE: a shorter path to a URL that waits lowers its depth, and
    ** lifts a "too deep" skip. */
    "INSERT INTO frontier(url, origin, kind, depth, status, detail, referrer,"
    " run) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    " ON CONFLICT(url) DO UPDATE SET depth = excluded.depth,"
    " status = excluded.status, detail = excluded.detail,"
    " referrer = excluded.referrer"
    " WHERE excluded.depth < frontier.depth"
    " AND frontier.status IN ('queued', 'skipped')",
    /* Q_NEXT */
    "SELECT url, kind, depth, tries FROM frontier"
    " WHERE origin = ?1 AND status = 'queued' AND not_before <= ?2"
    " ORDER BY depth, rowid LIMIT 1",
    /* Q_WAKE */
    "SELECT min(not_before) FROM frontier"
    " WHERE origin = ?1 AND status = 'queued' AND not_before > ?2",
    /* Q_ACTIVATE */
    "UPDATE frontier SET status = 'active' WHERE url = ?1",
    /* Q_STATUS */
    "UPDATE frontier SET status = ?2, detail = ?3, run = ?4 WHERE url = ?1",
    /* Q_RETRY */
    "UPDATE frontier SET status = 'queued', tries = tries + 1,"
    " not_before = ?2 WHERE url = ?1",
    /* Q_PENDING */
    "SELECT EXISTS(SELECT 1 FROM frontier WHERE status IN ('queued',"
    " 'active'))",
    /* Q_KNOWN */
    "SELECT etag, last_modified, sha256, engine, verdict, level, result,"
    " fetched_at, http_status FROM documents WHERE url = ?1",
    /* Q_UPSERT_DOC */
    "INSERT INTO documents(url, origin, first_seen, fetched_at, http_status,"
    " etag, last_modified, content_type, sha256, size, truncated, is_page,"
    " engine, verdict, level, result, change, change_run, seen_run,"
    " new_finding, unscanned) VALUES(?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
    " ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17, ?18, ?19)"
    " ON CONFLICT(url) DO UPDATE SET origin = excluded.origin,"
    " fetched_at = excluded.fetched_at, http_status = excluded.http_status,"
    " etag = excluded.etag, last_modified = excluded.last_modified,"
    " content_type = excluded.content_type, sha256 = excluded.sha256,"
    " size = excluded.size, truncated = excluded.truncated,"
    " is_page = excluded.is_page, engine = excluded.engine,"
    " verdict = excluded.verdict, level = excluded.level,"
    " result = excluded.result, change = excluded.change,"
    " change_run = excluded.change_run, seen_run = excluded.seen_run,"
    " new_finding = excluded.new_finding, unscanned = excluded.unscanned",
    /* Q_UNCHANGED_DOC: validators are refreshed when the server sent new
    ** ones (a 304 may carry a new ETag). */
    "UPDATE documents SET fetched_at = ?2, http_status = ?3,"
    " etag = coalesce(?4, etag), last_modified = coalesce(?5, last_modified),"
    " change = ?6, change_run = ?7, seen_run = ?7, new_finding = ?8"
    " WHERE url = ?1",
    /* Q_DEL_FINDINGS */
    "DELETE FROM findings WHERE url = ?1",
    /* Q_ADD_FINDING */
    "INSERT INTO findings(url, n, rule, kind, level, page, line, col, part,"
    " snippet, confidence, note) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
    " ?10, ?11, ?12)",
    /* Q_GONE */
    "UPDATE documents SET http_status = ?2, seen_run = ?4,"
    " change = CASE WHEN ?5 THEN 'removed' ELSE change END,"
    " change_run = CASE WHEN ?5 THEN ?4 ELSE change_run END,"
    " new_finding = CASE WHEN ?5 THEN 0 ELSE new_finding END,"
    " fetched_at = ?3 WHERE url = ?1",
    /* Q_COUNT_FETCH */
    "UPDATE runs SET fetched = fetched + 1, pages = pages + ?2,"
    " documents = documents + ?3, bytes = bytes + ?4 WHERE id = ?1",
    /* Q_ORIGINS */
    "SELECT DISTINCT origin FROM frontier WHERE status = 'queued'",
};

struct crawl_state {
    sqlite3 *db;
    sqlite3_stmt *q[Q_N];
    int64_t run;
    unsigned rows;       /* changes since the last commit */
    struct timespec since; /* when the open transaction began */
    char err[256];
};

static void set_err(crawl_state *st, const char *what)
{
    snprintf(st->err, sizeof st->err, "%s: %s", what,
             st->db ? sqlite3_errmsg(st->db) : "no database");
}

const char *crawl_state_error(const crawl_state *st)
{
    return st->err;
}

sqlite3 *crawl_state_db(crawl_state *st)
{
    return st->db;
}

int64_t crawl_state_run(const crawl_state *st)
{
    return st->run;
}

static int exec(crawl_state *st, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(st->err, sizeof st->err, "%s", msg ? msg : "SQLite error");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static sqlite3_stmt *stmt(crawl_state *st, int which)
{
    sqlite3_stmt *s = st->q[which];
    if (!s) {
        if (sqlite3_prepare_v2(st->db, query_sql[which], -1, &st->q[which],
                               NULL) != SQLITE_OK) {
            set_err(st, "prepare");
            return NULL;
        }
        return st->q[which];
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return s;
}

static void now_iso(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

/* Step a statement that returns no rows. */
static int run_stmt(crawl_state *st, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        set_err(st, what);
        return -1;
    }
    st->rows++;
    return 0;
}

static int begin(crawl_state *st)
{
    if (exec(st, "BEGIN IMMEDIATE") != 0)
        return -1;
    st->rows = 0;
    clock_gettime(CLOCK_MONOTONIC, &st->since);
    return 0;
}

static int commit(crawl_state *st)
{
    return exec(st, "COMMIT");
}

int crawl_state_tick(crawl_state *st)
{
    struct timespec now;
    long ms;
    clock_gettime(CLOCK_MONOTONIC, &now);
    ms = (long)(now.tv_sec - st->since.tv_sec) * 1000 +
         (now.tv_nsec - st->since.tv_nsec) / 1000000;
    if (st->rows == 0 && ms < (long)CRAWL_COMMIT_MS)
        return 0;
    if (st->rows < CRAWL_COMMIT_ROWS && ms < (long)CRAWL_COMMIT_MS)
        return 0;
    if (commit(st) != 0)
        return -1;
    return begin(st);
}

static int check_schema(crawl_state *st, char *err, size_t errlen)
{
    sqlite3_stmt *s = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key ="
                           " 'schema'", -1, &s, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s", sqlite3_errmsg(st->db));
        return -1;
    }
    if (sqlite3_step(s) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(s, 0);
        if (v && strcmp(v, STATE_SCHEMA) == 0)
            rc = 0;
        else
            snprintf(err, errlen, "written by another version of domat "
                     "(schema %s, this one reads %s)", v ? v : "?",
                     STATE_SCHEMA);
    } else {
        sqlite3_finalize(s);
        s = NULL;
        if (exec(st, "INSERT INTO meta(key, value) VALUES('schema', '"
                 STATE_SCHEMA "')") == 0)
            rc = 0;
        else
            snprintf(err, errlen, "%s", st->err);
    }
    sqlite3_finalize(s);
    return rc;
}

int crawl_state_open(crawl_state **out, const char *path, char *err,
                     size_t errlen)
{
    crawl_state *st = calloc(1, sizeof *st);
    int rc;
    *out = NULL;
    if (!st) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    rc = sqlite3_open_v2(path ? path : ":memory:", &st->db,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "%s", st->db ? sqlite3_errmsg(st->db)
                                           : "cannot open");
        goto fail;
    }
    sqlite3_busy_timeout(st->db, 2000);
    /* Exclusive before WAL: no shared-memory index is created and the lock
    ** is held until close, so a second crawl on the same file stops. */
    if (exec(st, "PRAGMA locking_mode = EXCLUSIVE") != 0 ||
        (path && exec(st, "PRAGMA journal_mode = WAL") != 0) ||
        exec(st, "PRAGMA synchronous = NORMAL") != 0) {
        if (sqlite3_errcode(st->db) == SQLITE_BUSY)
            snprintf(err, errlen, "in use by another domat crawl");
        else
            snprintf(err, errlen, "%s", st->err);
        goto fail;
    }
    if (exec(st, schema_sql) != 0) {
        snprintf(err, errlen, "%s", st->err);
        goto fail;
    }
    if (check_schema(st, err, errlen) != 0)
        goto fail;
    if (begin(st) != 0) {
        if (sqlite3_errcode(st->db) == SQLITE_BUSY)
            snprintf(err, errlen, "in use by another domat crawl");
        else
            snprintf(err, errlen, "%s", st->err);
        goto fail;
    }
    *out = st;
    return 0;
fail:
    sqlite3_close(st->db);
    free(st);
    return -1;
}

void crawl_state_close(crawl_state *st)
{
    int i;
    if (!st)
        return;
    for (i = 0; i < Q_N; i++)
        sqlite3_finalize(st->q[i]);
    if (sqlite3_get_autocommit(st->db) == 0)
        commit(st);
    sqlite3_close(st->db);
    free(st);
}

/* ---- runs ---- */

int crawl_state_begin_run(crawl_state *st, const char *seeds, int *resumed,
                          int64_t *run, uint64_t *fetched)
{
    sqlite3_stmt *s = NULL;
    char now[32];
    int rc;

    *resumed = 0;
    *fetched = 0;
    if (sqlite3_prepare_v2(st->db, "SELECT id, status, fetched FROM runs"
                           " ORDER BY id DESC LIMIT 1", -1, &s,
                           NULL) != SQLITE_OK) {
        set_err(st, "runs");
        return -1;
    }
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const char *status = (const char *)sqlite3_column_text(s, 1);
        if (status && strcmp(status, "done") != 0) {
            *resumed = 1;
            st->run = sqlite3_column_int64(s, 0);
            *fetched = (uint64_t)sqlite3_column_int64(s, 2);
        }
    }
    sqlite3_finalize(s);

    if (*resumed) {
        char sql[160];
        /* What was in flight at the kill was not recorded: fetch it again. */
        snprintf(sql, sizeof sql, "UPDATE runs SET status = 'running' WHERE"
                 " id = %lld; UPDATE frontier SET status = 'queued' WHERE"
                 " status = 'active'", (long long)st->run);
        if (exec(st, sql) != 0)
            return -1;
    } else {
        now_iso(now);
        if (sqlite3_prepare_v2(st->db, "INSERT INTO runs(started_at, status,"
                               " seeds) VALUES(?1, 'running', ?2)", -1, &s,
                               NULL) != SQLITE_OK) {
            set_err(st, "runs");
            return -1;
        }
        bind_text(s, 1, now);
        bind_text(s, 2, seeds);
        rc = sqlite3_step(s);
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE) {
            set_err(st, "runs");
            return -1;
        }
        st->run = sqlite3_last_insert_rowid(st->db);
        /* Every URL known from earlier runs is visited again: that is how
        ** changed and removed documents are noticed, even when no page
        ** links them any more. */
        {
            char sql[200];
            snprintf(sql, sizeof sql, "UPDATE frontier SET status = 'queued',"
                     " detail = NULL, tries = 0, not_before = 0, run = %lld",
                     (long long)st->run);
            if (exec(st, sql) != 0)
                return -1;
        }
    }
    *run = st->run;
    /* The run's start is committed at once, so a kill in the first second
    ** still leaves a run to resume. */
    if (commit(st) != 0 || begin(st) != 0)
        return -1;
    return 0;
}

int crawl_state_end_run(crawl_state *st, const char *status,
                        const char *limit)
{
    sqlite3_stmt *s = NULL;
    char now[32];
    int rc;
    now_iso(now);
    if (sqlite3_prepare_v2(st->db, "UPDATE runs SET status = ?2,"
                           " finished_at = ?3, limit_hit = ?4 WHERE id = ?1",
                           -1, &s, NULL) != SQLITE_OK) {
        set_err(st, "runs");
        return -1;
    }
    sqlite3_bind_int64(s, 1, st->run);
    bind_text(s, 2, status);
    bind_text(s, 3, now);
    bind_text(s, 4, limit);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        set_err(st, "runs");
        return -1;
    }
    if (commit(st) != 0 || begin(st) != 0)
        return -1;
    return 0;
}

/* ---- frontier ---- */

int crawl_state_enqueue(crawl_state *st, const char *url, const char *origin,
                        crawl_kind kind, unsigned depth, const char *skipped,
                        const char *referrer)
{
    sqlite3_stmt *s = stmt(st, Q_ENQUEUE);
    if (!s)
        return -1;
    bind_text(s, 1, url);
    bind_text(s, 2, origin);
    bind_text(s, 3, kind == CRAWL_KIND_SITEMAP ? "sitemap" : "page");
    sqlite3_bind_int(s, 4, (int)depth);
    bind_text(s, 5, skipped ? "skipped" : "queued");
    bind_text(s, 6, skipped);
    bind_text(s, 7, referrer);
    sqlite3_bind_int64(s, 8, st->run);
    return run_stmt(st, s, "enqueue");
}

int crawl_state_next(crawl_state *st, const char *origin, double now,
                     crawl_next *out, double *wake)
{
    sqlite3_stmt *s = stmt(st, Q_NEXT);
    int rc;
    memset(out, 0, sizeof *out);
    if (wake)
        *wake = 0;
    if (!s)
        return -1;
    bind_text(s, 1, origin);
    sqlite3_bind_double(s, 2, now);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const char *kind = (const char *)sqlite3_column_text(s, 1);
        out->url = strdup((const char *)sqlite3_column_text(s, 0));
        out->kind = kind && strcmp(kind, "sitemap") == 0 ? CRAWL_KIND_SITEMAP
                                                         : CRAWL_KIND_PAGE;
        out->depth = (unsigned)sqlite3_column_int(s, 2);
        out->tries = (unsigned)sqlite3_column_int(s, 3);
        sqlite3_reset(s);
        if (!out->url) {
            snprintf(st->err, sizeof st->err, "out of memory");
            return -1;
        }
        s = stmt(st, Q_ACTIVATE);
        if (!s) {
            free(out->url);
            out->url = NULL;
            return -1;
        }
        bind_text(s, 1, out->url);
        if (run_stmt(st, s, "activate") != 0) {
            free(out->url);
            out->url = NULL;
            return -1;
        }
        return 1;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        set_err(st, "next");
        return -1;
    }
    if (wake) {
        s = stmt(st, Q_WAKE);
        if (!s)
            return -1;
        bind_text(s, 1, origin);
        sqlite3_bind_double(s, 2, now);
        if (sqlite3_step(s) == SQLITE_ROW &&
            sqlite3_column_type(s, 0) != SQLITE_NULL)
            *wake = sqlite3_column_double(s, 0);
        sqlite3_reset(s);
    }
    return 0;
}

int crawl_state_queued_origins(crawl_state *st,
                               int (*fn)(void *arg, const char *origin),
                               void *arg)
{
    sqlite3_stmt *s = stmt(st, Q_ORIGINS);
    int rc;
    if (!s)
        return -1;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        if (fn(arg, (const char *)sqlite3_column_text(s, 0)) != 0)
            break;
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int crawl_state_set_status(crawl_state *st, const char *url,
                           const char *status, const char *detail)
{
    sqlite3_stmt *s = stmt(st, Q_STATUS);
    if (!s)
        return -1;
    bind_text(s, 1, url);
    bind_text(s, 2, status);
    bind_text(s, 3, detail);
    sqlite3_bind_int64(s, 4, st->run);
    return run_stmt(st, s, "status");
}

int crawl_state_retry(crawl_state *st, const char *url, double not_before)
{
    sqlite3_stmt *s = stmt(st, Q_RETRY);
    if (!s)
        return -1;
    bind_text(s, 1, url);
    sqlite3_bind_double(s, 2, not_before);
    return run_stmt(st, s, "retry");
}

int crawl_state_pending(crawl_state *st)
{
    sqlite3_stmt *s = stmt(st, Q_PENDING);
    int v = 0;
    if (!s)
        return 0;
    if (sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    sqlite3_reset(s);
    return v;
}

/* ---- documents ---- */

static char *col_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? strdup((const char *)t) : NULL;
}

int crawl_state_known(crawl_state *st, const char *url, crawl_known *out)
{
    sqlite3_stmt *s = stmt(st, Q_KNOWN);
    int rc;
    memset(out, 0, sizeof *out);
    if (!s)
        return -1;
    bind_text(s, 1, url);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        int status = sqlite3_column_int(s, 8);
        out->known = 1;
        out->gone = status == 404 || status == 410;
        out->etag = col_dup(s, 0);
        out->last_modified = col_dup(s, 1);
        out->sha256 = col_dup(s, 2);
        out->engine = col_dup(s, 3);
        out->verdict = col_dup(s, 4);
        out->level = col_dup(s, 5);
        out->result = col_dup(s, 6);
        out->fetched_at = col_dup(s, 7);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        set_err(st, "known");
        return -1;
    }
    return 0;
}

void crawl_known_free(crawl_known *k)
{
    if (!k)
        return;
    free(k->etag);
    free(k->last_modified);
    free(k->sha256);
    free(k->engine);
    free(k->verdict);
    free(k->level);
    free(k->result);
    free(k->fetched_at);
    memset(k, 0, sizeof *k);
}

const char *crawl_change_name(crawl_change c)
{
    switch (c) {
    case CRAWL_CHANGE_NEW: return "new";
    case CRAWL_CHANGE_CHANGED: return "changed";
    case CRAWL_CHANGE_UNCHANGED: return "unchanged";
    case CRAWL_CHANGE_REMOVED: return "removed";
    }
    return "?";
}

/* Order of severity: a rise from one run to the next is news. */
static int rank(const char *verdict, const char *level)
{
    int v = 0, l = 0;
    if (verdict && strcmp(verdict, "review") == 0)
        v = 1;
    else if (verdict && strcmp(verdict, "block") == 0)
        v = 2;
    if (level && strcmp(level, "mat") == 0)
        l = 1;
    else if (level && strcmp(level, "toi-mat") == 0)
        l = 2;
    else if (level && strcmp(level, "tuyet-mat") == 0)
        l = 3;
    return v * 4 + l;
}

static int is_finding(const char *verdict)
{
    return verdict && (strcmp(verdict, "block") == 0 ||
                       strcmp(verdict, "review") == 0);
}

static const char *kind_name(domat_kind k)
{
    switch (k) {
    case DOMAT_KIND_STAMP: return "stamp";
    case DOMAT_KIND_LISTED: return "listed";
    case DOMAT_KIND_RULE: return "rule";
    case DOMAT_KIND_DECLASSIFIED: return "declassified";
    case DOMAT_KIND_INFO: return "info";
    }
    return "?";
}

static const char *conf_name(domat_confidence c)
{
    return c == DOMAT_CONF_HIGH ? "high" : c == DOMAT_CONF_MEDIUM ? "medium"
                                                                 : "low";
}

static int store_findings(crawl_state *st, const char *url,
                          const domat_result *res)
{
    sqlite3_stmt *s = stmt(st, Q_DEL_FINDINGS);
    size_t i, n;
    if (!s)
        return -1;
    bind_text(s, 1, url);
    if (run_stmt(st, s, "findings") != 0)
        return -1;
    if (!res)
        return 0;
    n = domat_result_findings(res);
    for (i = 0; i < n; i++) {
        const domat_finding *f = domat_result_finding(res, i);
        if (!f)
            continue;
        s = stmt(st, Q_ADD_FINDING);
        if (!s)
            return -1;
        bind_text(s, 1, url);
        sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
        bind_text(s, 3, f->rule);
        bind_text(s, 4, kind_name(f->kind));
        bind_text(s, 5, domat_level_name(f->level));
        if (f->page)
            sqlite3_bind_int64(s, 6, f->page);
        sqlite3_bind_int64(s, 7, (sqlite3_int64)f->line);
        sqlite3_bind_int64(s, 8, (sqlite3_int64)f->column);
        bind_text(s, 9, f->part);
        bind_text(s, 10, f->snippet);
        bind_text(s, 11, conf_name(f->confidence));
        bind_text(s, 12, f->note);
        if (run_stmt(st, s, "findings") != 0)
            return -1;
    }
    return 0;
}

/* The parts the engine could not read, one a line, for the report. */
static char *join_unscanned(const domat_result *res)
{
    size_t i, n = res ? domat_result_unscanned(res) : 0, len = 0;
    char *out, *p;
    if (n == 0)
        return NULL;
    for (i = 0; i < n; i++) {
        const char *r = domat_result_unscanned_reason(res, i);
        len += (r ? strlen(r) : 0) + 1;
    }
    out = malloc(len);
    if (!out)
        return NULL;
    p = out;
    for (i = 0; i < n; i++) {
        const char *r = domat_result_unscanned_reason(res, i);
        size_t k = r ? strlen(r) : 0;
        if (i)
            *p++ = '\n';
        memcpy(p, r ? r : "", k);
        p += k;
    }
    *p = '\0';
    return out;
}

int crawl_state_record(crawl_state *st, const crawl_record *rec,
                       int unchanged, crawl_change *change, int *new_finding)
{
    crawl_known k;
    sqlite3_stmt *s;
    char *unscanned = NULL;
    int rc = -1;

    if (crawl_state_known(st, rec->url, &k) != 0)
        return -1;
    if (unchanged && k.known) {
        /* A document that comes back after a removal is news again. */
        *change = k.gone ? CRAWL_CHANGE_NEW : CRAWL_CHANGE_UNCHANGED;
        *new_finding = k.gone && is_finding(k.verdict);
        s = stmt(st, Q_UNCHANGED_DOC);
        if (!s)
            goto out;
        bind_text(s, 1, rec->url);
        bind_text(s, 2, rec->fetched_at);
        sqlite3_bind_int(s, 3, rec->http_status == 304 ? 200
                                                      : (int)rec->http_status);
        bind_text(s, 4, rec->etag);
        bind_text(s, 5, rec->last_modified);
        bind_text(s, 6, crawl_change_name(*change));
        sqlite3_bind_int64(s, 7, st->run);
        sqlite3_bind_int(s, 8, *new_finding);
        rc = run_stmt(st, s, "document");
        goto out;
    }
    {
        const char *verdict = rec->res
                                  ? domat_verdict_name(
                                        domat_result_verdict(rec->res))
                                  : NULL;
        const char *level = rec->res ? domat_level_name(domat_result_level(
                                           rec->res))
                                     : NULL;
        if (!k.known || k.gone)
            *change = CRAWL_CHANGE_NEW;
        else if (!k.sha256 || !rec->sha256 || strcmp(k.sha256, rec->sha256))
            *change = CRAWL_CHANGE_CHANGED;
        else
            *change = CRAWL_CHANGE_UNCHANGED; /* rescanned: new dictionaries */
        *new_finding = is_finding(verdict) &&
                       (*change == CRAWL_CHANGE_NEW ||
                        rank(verdict, level) > rank(k.verdict, k.level));
        s = stmt(st, Q_UPSERT_DOC);
        if (!s)
            goto out;
        bind_text(s, 1, rec->url);
        bind_text(s, 2, rec->origin);
        bind_text(s, 3, rec->fetched_at);
        sqlite3_bind_int(s, 4, (int)rec->http_status);
        bind_text(s, 5, rec->etag);
        bind_text(s, 6, rec->last_modified);
        bind_text(s, 7, rec->content_type);
        bind_text(s, 8, rec->sha256);
        sqlite3_bind_int64(s, 9, (sqlite3_int64)rec->size);
        sqlite3_bind_int(s, 10, rec->truncated);
        sqlite3_bind_int(s, 11, rec->is_page);
        bind_text(s, 12, rec->engine);
        bind_text(s, 13, verdict);
        bind_text(s, 14, level);
        bind_text(s, 15, rec->result_json);
        bind_text(s, 16, crawl_change_name(*change));
        sqlite3_bind_int64(s, 17, st->run);
        sqlite3_bind_int(s, 18, *new_finding);
        unscanned = join_unscanned(rec->res);
        bind_text(s, 19, unscanned);
        if (run_stmt(st, s, "document") != 0)
            goto out;
        rc = store_findings(st, rec->url, rec->res);
    }
out:
    free(unscanned);
    crawl_known_free(&k);
    return rc;
}

int crawl_state_gone(crawl_state *st, const char *url, long http_status,
                     const char *fetched_at, int *removed)
{
    crawl_known k;
    sqlite3_stmt *s;
    int rc;
    *removed = 0;
    if (crawl_state_known(st, url, &k) != 0)
        return -1;
    if (!k.known) {
        /* Never served: a broken link, not a take-down. */
        crawl_known_free(&k);
        return 0;
    }
    *removed = !k.gone;
    crawl_known_free(&k);
    s = stmt(st, Q_GONE);
    if (!s)
        return -1;
    bind_text(s, 1, url);
    sqlite3_bind_int(s, 2, (int)http_status);
    bind_text(s, 3, fetched_at);
    sqlite3_bind_int64(s, 4, st->run);
    sqlite3_bind_int(s, 5, *removed);
    rc = run_stmt(st, s, "document");
    return rc;
}

int crawl_state_count_fetch(crawl_state *st, int page, int doc,
                            uint64_t bytes)
{
    sqlite3_stmt *s = stmt(st, Q_COUNT_FETCH);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, st->run);
    sqlite3_bind_int(s, 2, page ? 1 : 0);
    sqlite3_bind_int(s, 3, doc ? 1 : 0);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)bytes);
    return run_stmt(st, s, "runs");
}

static uint64_t count(crawl_state *st, const char *sql)
{
    sqlite3_stmt *s = NULL;
    uint64_t v = 0;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_int64(s, 1, st->run);
    if (sqlite3_step(s) == SQLITE_ROW)
        v = (uint64_t)sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

int crawl_state_totals(crawl_state *st, crawl_totals *t)
{
    memset(t, 0, sizeof *t);
    t->fetched = count(st, "SELECT fetched FROM runs WHERE id = ?1");
    t->pages = count(st, "SELECT pages FROM runs WHERE id = ?1");
    t->documents = count(st, "SELECT documents FROM runs WHERE id = ?1");
    t->skipped = count(st, "SELECT count(*) FROM frontier WHERE run = ?1"
                           " AND status = 'skipped'");
    t->failed = count(st, "SELECT count(*) FROM frontier WHERE run = ?1"
                          " AND status = 'failed'");
    t->new_findings = count(st, "SELECT count(*) FROM documents WHERE"
                                " change_run = ?1 AND new_finding = 1");
    t->changed = count(st, "SELECT count(*) FROM documents WHERE"
                           " change_run = ?1 AND change = 'changed'");
    t->removed = count(st, "SELECT count(*) FROM documents WHERE"
                           " change_run = ?1 AND change = 'removed'");
    t->findings = count(st, "SELECT count(*) FROM documents WHERE"
                            " seen_run = ?1 AND verdict IN ('block',"
                            " 'review') AND change != 'removed'");
    return 0;
}

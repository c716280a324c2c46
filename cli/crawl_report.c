/*
** 2026-11-25
**
** crawl_report.c: findings.jsonl, report.html and summary.json for one run.
**
** Takes the state file after (or during a stopped) run; hands on files a
** person or a monitoring job reads. Everything comes from the state, not
** from memory, so a run that was stopped and resumed gets one report for
** all of it. Each file is written next to its final name and renamed, so a
** reader never sees half a report.
**
** The HTML report is for a security officer, not a developer: new findings
** first (what needs a phone call today), each with its link, where in the
** document the evidence is, and the evidence itself highlighted; then what
** is still online from earlier runs, what was taken down, the totals per
** site and what could not be fetched.
*/
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <sqlite3.h>

#include "crawl_report.h"

typedef struct out_file {
    FILE *f;
    char *tmp;
    char *final;
} out_file;

static int out_open(out_file *o, const char *dir, const char *name,
                    char *err, size_t errlen)
{
    size_t n = strlen(dir) + strlen(name) + 8;
    o->f = NULL;
    o->tmp = malloc(n);
    o->final = malloc(n);
    if (!o->tmp || !o->final) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    snprintf(o->final, n, "%s/%s", dir, name);
    snprintf(o->tmp, n, "%s/.%s~", dir, name);
    o->f = fopen(o->tmp, "w");
    if (!o->f) {
        snprintf(err, errlen, "%s: %s", o->tmp, strerror(errno));
        return -1;
    }
    return 0;
}

static int out_close(out_file *o, int ok, char *err, size_t errlen)
{
    int rc = 0;
    if (o->f) {
        if (ferror(o->f) || fclose(o->f) != 0) {
            if (ok)
                snprintf(err, errlen, "%s: %s", o->tmp, strerror(errno));
            ok = 0;
        }
        o->f = NULL;
        if (ok && rename(o->tmp, o->final) != 0) {
            snprintf(err, errlen, "%s: %s", o->final, strerror(errno));
            ok = 0;
        }
        if (!ok)
            remove(o->tmp);
    }
    if (!ok)
        rc = -1;
    free(o->tmp);
    free(o->final);
    o->tmp = o->final = NULL;
    return rc;
}

static void json_str(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void html(FILE *f, const char *s)
{
    if (!s)
        return;
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}

static const char *col(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? (const char *)t : NULL;
}

/* Documents with a finding seen in this run, and those taken down in it;
** the order of the report: new, then changed, then the rest. */
static const char docs_sql[] =
    "SELECT url, fetched_at, change, new_finding, result, verdict, level,"
    " origin, change_run, unscanned FROM documents"
    " WHERE seen_run = ?1 AND ("
    "  (verdict IN ('block', 'review')"
    "   AND NOT (change = 'removed' AND change_run != ?1))"
    "  OR (change = 'removed' AND change_run = ?1))"
    " ORDER BY new_finding DESC,"
    " CASE change WHEN 'new' THEN 0 WHEN 'changed' THEN 1"
    " WHEN 'unchanged' THEN 2 ELSE 3 END,"
    " CASE verdict WHEN 'block' THEN 0 WHEN 'review' THEN 1 ELSE 2 END,"
    " CASE level WHEN 'tuyet-mat' THEN 0 WHEN 'toi-mat' THEN 1"
    " WHEN 'mat' THEN 2 ELSE 3 END, url";

static int write_jsonl(sqlite3 *db, int64_t run, FILE *f)
{
    sqlite3_stmt *s = NULL;
    int rc;
    if (sqlite3_prepare_v2(db, docs_sql, -1, &s, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(s, 1, run);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *verdict = col(s, 5);
        const char *res = col(s, 4);
        int finding = verdict && (strcmp(verdict, "block") == 0 ||
                                  strcmp(verdict, "review") == 0);
        if (!finding)
            continue; /* a clean page taken down is in the HTML only */
        fputs("{\"url\": ", f);
        json_str(f, col(s, 0));
        fputs(", \"fetched_at\": ", f);
        json_str(f, col(s, 1));
        fputs(", \"change\": ", f);
        json_str(f, col(s, 2));
        fprintf(f, ", \"new_finding\": %s, ",
                sqlite3_column_int(s, 3) ? "true" : "false");
        if (res && res[0] == '{') {
            size_t n = strlen(res);
            while (n && res[n - 1] == '\n')
                n--;
            fwrite(res + 1, 1, n - 1, f);
        } else {
            fputs("\"verdict\": ", f);
            json_str(f, verdict);
            fputs(", \"level\": ", f);
            json_str(f, col(s, 6));
            fputc('}', f);
        }
        fputc('\n', f);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : -1;
}

static const char css[] =
    "body{font-family:'Noto Sans','DejaVu Sans',Arial,sans-serif;margin:2em;"
    "color:#222;max-width:70em}"
    "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:"
    "1px solid #ccc}"
    ".doc{border:1px solid #ddd;border-left:6px solid #999;padding:.5em 1em;"
    "margin:1em 0}"
    ".doc.block{border-left-color:#c00}.doc.review{border-left-color:#e80}"
    ".badge{display:inline-block;padding:0 .5em;border-radius:3px;color:#fff;"
    "font-weight:bold;font-size:.85em;margin-right:.5em}"
    ".badge.block{background:#c00}.badge.review{background:#e80}"
    ".badge.allow{background:#585}.badge.new{background:#06c}"
    ".badge.changed{background:#639}.badge.removed{background:#555}"
    "mark{background:#fd0;font-weight:bold;padding:0 .2em}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;"
    "padding:.2em .6em;text-align:left}th{background:#f4f4f4}"
    ".num{text-align:right}.muted{color:#777;font-size:.9em}"
    "a{word-break:break-all}";

static void evidence(sqlite3 *db, FILE *f, const char *url)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, "SELECT rule, kind, level, page, line, col,"
                           " part, snippet, confidence, note FROM findings"
                           " WHERE url = ?1 ORDER BY n", -1, &s,
                           NULL) != SQLITE_OK)
        return;
    sqlite3_bind_text(s, 1, url, -1, SQLITE_TRANSIENT);
    fputs("<ul>\n", f);
    while (sqlite3_step(s) == SQLITE_ROW) {
        fputs("<li>", f);
        if (col(s, 6)) {
            html(f, col(s, 6));
            fputs(", ", f);
        }
        if (sqlite3_column_type(s, 3) != SQLITE_NULL)
            fprintf(f, "page %d, ", sqlite3_column_int(s, 3));
        fprintf(f, "line %d: <mark>", sqlite3_column_int(s, 4));
        html(f, col(s, 7));
        fputs("</mark> <span class=\"muted\">", f);
        html(f, col(s, 0));
        if (col(s, 2)) {
            fputs(", ", f);
            html(f, col(s, 2));
        }
        fputs(", ", f);
        html(f, col(s, 8));
        fputs(" confidence", f);
        if (col(s, 9)) {
            fputs("; ", f);
            html(f, col(s, 9));
        }
        fputs("</span></li>\n", f);
    }
    fputs("</ul>\n", f);
    sqlite3_finalize(s);
}

/* section 0: new findings, 1: still online, 2: taken down */
static int doc_section(sqlite3 *db, int64_t run, FILE *f, int section)
{
    sqlite3_stmt *s = NULL;
    int n = 0;
    if (sqlite3_prepare_v2(db, docs_sql, -1, &s, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(s, 1, run);
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *url = col(s, 0), *change = col(s, 2);
        const char *verdict = col(s, 5), *level = col(s, 6);
        int is_new = sqlite3_column_int(s, 3);
        int removed = change && strcmp(change, "removed") == 0;
        int want = section == 0 ? is_new && !removed
                   : section == 1 ? !is_new && !removed
                                  : removed;
        if (!want || !url)
            continue;
        n++;
        fprintf(f, "<div class=\"doc %s\">\n<p>",
                verdict && !removed ? verdict : "");
        fprintf(f, "<span class=\"badge %s\">", verdict ? verdict : "");
        html(f, verdict);
        if (level) {
            fputc(' ', f);
            html(f, level);
        }
        fputs("</span>", f);
        if (change && strcmp(change, "unchanged") != 0) {
            fprintf(f, "<span class=\"badge %s\">", change);
            html(f, change);
            fputs("</span>", f);
        }
        fputs("<a href=\"", f);
        html(f, url);
        fputs("\">", f);
        html(f, url);
        fputs("</a><br><span class=\"muted\">", f);
        fputs(removed ? "taken down (HTTP 404/410) at " : "fetched at ", f);
        html(f, col(s, 1));
        fputs("</span></p>\n", f);
        evidence(db, f, url);
        if (col(s, 9)) {
            /* Why the verdict is review when no stamp was seen: a part the
            ** engine could not read, or a cut at --max-size. */
            fputs("<p class=\"muted\">Not read: ", f);
            html(f, col(s, 9));
            fputs("</p>\n", f);
        }
        fputs("</div>\n", f);
    }
    sqlite3_finalize(s);
    if (n == 0)
        fputs("<p class=\"muted\">None.</p>\n", f);
    return n;
}

static void site_table(sqlite3 *db, int64_t run, FILE *f)
{
    sqlite3_stmt *s = NULL;
    static const char sql[] =
        "SELECT o.origin,"
        " (SELECT count(*) FROM documents d WHERE d.origin = o.origin"
        "  AND d.seen_run = ?1 AND d.is_page = 1 AND d.change != 'removed'),"
        " (SELECT count(*) FROM documents d WHERE d.origin = o.origin"
        "  AND d.seen_run = ?1 AND d.is_page = 0 AND d.change != 'removed'),"
        " (SELECT count(*) FROM documents d WHERE d.origin = o.origin"
        "  AND d.seen_run = ?1 AND d.verdict = 'block'"
        "  AND d.change != 'removed'),"
        " (SELECT count(*) FROM documents d WHERE d.origin = o.origin"
        "  AND d.seen_run = ?1 AND d.verdict = 'review'"
        "  AND d.change != 'removed'),"
        " (SELECT count(*) FROM documents d WHERE d.origin = o.origin"
        "  AND d.change_run = ?1 AND d.new_finding = 1),"
        " (SELECT count(*) FROM documents d WHERE d.origin = o.origin"
        "  AND d.change_run = ?1 AND d.change = 'removed'),"
        " (SELECT count(*) FROM frontier r WHERE r.origin = o.origin"
        "  AND r.run = ?1 AND r.status = 'failed'),"
        " (SELECT count(*) FROM frontier r WHERE r.origin = o.origin"
        "  AND r.run = ?1 AND r.status = 'skipped')"
        " FROM (SELECT DISTINCT origin FROM frontier WHERE run = ?1) o"
        " ORDER BY o.origin";
    int i;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_int64(s, 1, run);
    fputs("<table>\n<tr><th>site</th><th>pages</th><th>documents</th>"
          "<th>block</th><th>review</th><th>new findings</th>"
          "<th>taken down</th><th>failed</th><th>skipped</th></tr>\n", f);
    while (sqlite3_step(s) == SQLITE_ROW) {
        fputs("<tr><td>", f);
        html(f, col(s, 0));
        fputs("</td>", f);
        for (i = 1; i <= 8; i++)
            fprintf(f, "<td class=\"num\">%lld</td>",
                    (long long)sqlite3_column_int64(s, i));
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
    sqlite3_finalize(s);
}

static void not_fetched(sqlite3 *db, int64_t run, FILE *f)
{
    sqlite3_stmt *s = NULL;
    int n = 0;
    /* Why, with counts; then the failures themselves (the first 200). */
    if (sqlite3_prepare_v2(db, "SELECT status, coalesce(detail, ''),"
                           " count(*) FROM frontier WHERE run = ?1 AND"
                           " status IN ('skipped', 'failed') GROUP BY 1, 2"
                           " ORDER BY 3 DESC", -1, &s, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_int64(s, 1, run);
    fputs("<table>\n<tr><th>status</th><th>reason</th><th>URLs</th></tr>\n",
          f);
    while (sqlite3_step(s) == SQLITE_ROW) {
        fputs("<tr><td>", f);
        html(f, col(s, 0));
        fputs("</td><td>", f);
        html(f, col(s, 1));
        fprintf(f, "</td><td class=\"num\">%d</td></tr>\n",
                sqlite3_column_int(s, 2));
        n++;
    }
    fputs("</table>\n", f);
    sqlite3_finalize(s);
    if (n == 0)
        return;
    if (sqlite3_prepare_v2(db, "SELECT url, detail FROM frontier WHERE"
                           " run = ?1 AND status = 'failed' ORDER BY url"
                           " LIMIT 200", -1, &s, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_int64(s, 1, run);
    fputs("<ul>\n", f);
    while (sqlite3_step(s) == SQLITE_ROW) {
        fputs("<li><a href=\"", f);
        html(f, col(s, 0));
        fputs("\">", f);
        html(f, col(s, 0));
        fputs("</a>: ", f);
        html(f, col(s, 1));
        fputs("</li>\n", f);
    }
    fputs("</ul>\n", f);
    sqlite3_finalize(s);
}

static void run_times(sqlite3 *db, int64_t run, char *started, char *finished,
                      size_t n)
{
    sqlite3_stmt *s = NULL;
    started[0] = finished[0] = '\0';
    if (sqlite3_prepare_v2(db, "SELECT started_at, coalesce(finished_at, '')"
                           " FROM runs WHERE id = ?1", -1, &s,
                           NULL) != SQLITE_OK)
        return;
    sqlite3_bind_int64(s, 1, run);
    if (sqlite3_step(s) == SQLITE_ROW) {
        snprintf(started, n, "%s", col(s, 0) ? col(s, 0) : "");
        snprintf(finished, n, "%s", col(s, 1) ? col(s, 1) : "");
    }
    sqlite3_finalize(s);
}

static void write_html(sqlite3 *db, int64_t run, const char *status,
                       const crawl_totals *t, FILE *f)
{
    char started[40], finished[40];
    run_times(db, run, started, finished, sizeof started);
    fputs("<!DOCTYPE html>\n<html lang=\"vi\">\n<head><meta charset=\"utf-8\">"
          "<title>domat crawl report</title>\n<style>", f);
    fputs(css, f);
    fputs("</style></head>\n<body>\n", f);
    fprintf(f, "<h1>domat crawl: run %lld</h1>\n", (long long)run);
    fputs("<p>Started ", f);
    html(f, started);
    fputs(", finished ", f);
    html(f, finished);
    fputs(" (", f);
    html(f, status);
    fputs(").</p>\n", f);
    fprintf(f, "<p><b>%llu new findings</b>; %llu documents with findings "
            "online; %llu changed and %llu taken down since the last run. "
            "%llu requests (%llu pages, %llu documents), %llu skipped, "
            "%llu failed.</p>\n",
            (unsigned long long)t->new_findings,
            (unsigned long long)t->findings, (unsigned long long)t->changed,
            (unsigned long long)t->removed, (unsigned long long)t->fetched,
            (unsigned long long)t->pages, (unsigned long long)t->documents,
            (unsigned long long)t->skipped, (unsigned long long)t->failed);
    fputs("<h2>New findings</h2>\n", f);
    doc_section(db, run, f, 0);
    fputs("<h2>Still online, reported before</h2>\n", f);
    doc_section(db, run, f, 1);
    fputs("<h2>Taken down since the last run</h2>\n", f);
    doc_section(db, run, f, 2);
    fputs("<h2>Totals per site</h2>\n", f);
    site_table(db, run, f);
    fputs("<h2>Not fetched</h2>\n", f);
    not_fetched(db, run, f);
    fputs("<p class=\"muted\">domat " DOMAT_VERSION
          ": block = a live secrecy stamp or listed content over the block "
          "score; review = weaker evidence, a declassified document, or a "
          "part that could not be read.</p>\n</body>\n</html>\n", f);
}

static void write_summary(sqlite3 *db, int64_t run, const char *status,
                          const crawl_totals *t, FILE *f)
{
    char started[40], finished[40];
    run_times(db, run, started, finished, sizeof started);
    fprintf(f, "{\"run\": %lld, \"status\": ", (long long)run);
    json_str(f, status);
    fputs(", \"started_at\": ", f);
    json_str(f, started);
    fputs(", \"finished_at\": ", f);
    json_str(f, finished);
    fprintf(f, ", \"requests\": %llu, \"pages\": %llu, \"documents\": %llu,"
            " \"skipped\": %llu, \"failed\": %llu, \"new_findings\": %llu,"
            " \"findings\": %llu, \"changed\": %llu, \"removed\": %llu}\n",
            (unsigned long long)t->fetched, (unsigned long long)t->pages,
            (unsigned long long)t->documents, (unsigned long long)t->skipped,
            (unsigned long long)t->failed,
            (unsigned long long)t->new_findings,
            (unsigned long long)t->findings, (unsigned long long)t->changed,
            (unsigned long long)t->removed);
}

int crawl_report_write(crawl_state *st, const char *dir, const char *status,
                       char *err, size_t errlen)
{
    sqlite3 *db = crawl_state_db(st);
    int64_t run = crawl_state_run(st);
    crawl_totals t;
    out_file o;
    int ok;

    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "%s", strerror(errno));
        return -1;
    }
    crawl_state_totals(st, &t);

    if (out_open(&o, dir, "findings.jsonl", err, errlen) != 0)
        return out_close(&o, 0, err, errlen);
    ok = write_jsonl(db, run, o.f) == 0;
    if (!ok)
        snprintf(err, errlen, "%s", sqlite3_errmsg(db));
    if (out_close(&o, ok, err, errlen) != 0)
        return -1;

    if (out_open(&o, dir, "report.html", err, errlen) != 0)
        return out_close(&o, 0, err, errlen);
    write_html(db, run, status, &t, o.f);
    if (out_close(&o, 1, err, errlen) != 0)
        return -1;

    if (out_open(&o, dir, "summary.json", err, errlen) != 0)
        return out_close(&o, 0, err, errlen);
    write_summary(db, run, status, &t, o.f);
    return out_close(&o, 1, err, errlen);
}

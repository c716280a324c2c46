/*
** 2026-11-25
**
** http.c: the HTTP front end for portal editors (libmicrohttpd).
**
**   POST /v1/scan   raw body, multipart/form-data, or JSON {"text","html"}
**                   -> one JSON object per part, as `domat scan --format=json`
**   GET  /          the check page (page.html, built into the binary)
**   GET  /healthz   {"status":"ok",...}
**   GET  /metrics   Prometheus text format
**   OPTIONS *       CORS preflight
**
** libmicrohttpd runs a pool of threads, each an epoll loop over many
** connections, so a slow or half-open client costs a descriptor and a slot
** in the connection limit, never a thread: it cannot starve the others. The
** idle timeout drops clients that stop sending; the request timeout drops
** clients that trickle a body; bodies over the limit are refused from their
** Content-Length before they are read. Scans run in a separate pool of
** workers fed in arrival order (see "Scan workers" below).
*/
#define _GNU_SOURCE /* memmem, strcasestr */
#include <ctype.h>
#include <json-c/json.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "engine_ref.h"
#include "http.h"
#include "item.h"
#include "log.h"
#include "metrics.h"
#include "page_html.h" /* generated from page.html at build time */

static struct MHD_Daemon *daemon_;
static const conf *cfg;

typedef enum route { R_NONE, R_SCAN } route;

typedef enum jstate { S_RECEIVING, S_QUEUED, S_DONE } jstate;

typedef struct req {
    double t0;
    char id[32];
    route rt;
    char *body;
    size_t len, cap;
    int too_big;
    const char *origin; /* request's Origin header, owned by MHD */
    /* The scan job: filled in the I/O thread, run by a worker. */
    jstate state;
    struct MHD_Connection *conn;
    char ctype[256];
    char fname[256];
    struct req *next;   /* in the job queue */
    unsigned code;      /* the answer */
    char *out;
    size_t out_len;
    size_t nparts;
    domat_verdict verdict;
    domat_level level;
} req;

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- responses ---- */

static void add_cors(struct MHD_Response *r, const req *q)
{
    const char *allow = cfg->http_cors_origins;
    if (!allow[0])
        return;
    if (!strcmp(allow, "*")) {
        MHD_add_response_header(r, "Access-Control-Allow-Origin", "*");
    } else if (q && q->origin) {
        /* Echo the Origin only when it is one of the configured ones. */
        size_t ol = strlen(q->origin);
        const char *p = allow;
        while (*p) {
            while (*p == ' ' || *p == ',')
                p++;
            size_t n = strcspn(p, " ,");
            if (n && n == ol && !strncmp(p, q->origin, n)) {
                MHD_add_response_header(r, "Access-Control-Allow-Origin", q->origin);
                break;
            }
            p += n;
        }
        MHD_add_response_header(r, "Vary", "Origin");
    }
    MHD_add_response_header(r, "Access-Control-Expose-Headers",
                            "X-Domat-Verdict, X-Domat-Level, X-Request-Id");
}

static enum MHD_Result send_resp(struct MHD_Connection *c, req *q, unsigned code,
                                 const char *ctype, char *body, size_t len,
                                 enum MHD_ResponseMemoryMode mode)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body, mode);
    if (!r) {
        if (mode == MHD_RESPMEM_MUST_FREE)
            free(body);
        return MHD_NO;
    }
    if (ctype)
        MHD_add_response_header(r, "Content-Type", ctype);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (q && q->id[0])
        MHD_add_response_header(r, "X-Request-Id", q->id);
    add_cors(r, q);
    enum MHD_Result ret = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    mx_http_status(code);
    if (q)
        mx_request(FR_HTTP, mono() - q->t0);
    return ret;
}

static void json_escape(char *out, size_t size, const char *s)
{
    size_t o = 0;
    for (; *s && o + 7 < size; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            out[o++] = '\\';
            out[o++] = (char)ch;
        } else if (ch < 0x20) {
            o += (size_t)snprintf(out + o, size - o, "\\u%04x", ch);
        } else {
            out[o++] = (char)ch;
        }
    }
    out[o] = 0;
}

static enum MHD_Result send_error(struct MHD_Connection *c, req *q, unsigned code,
                                  mx_err kind, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static enum MHD_Result send_error(struct MHD_Connection *c, req *q, unsigned code,
                                  mx_err kind, const char *fmt, ...)
{
    char msg[512], esc[1100];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_escape(esc, sizeof esc, msg);
    char *body = NULL;
    int n = asprintf(&body, "{\"error\": \"%s\", \"status\": %u, \"id\": \"%s\"}\n",
                     esc, code, q ? q->id : "");
    if (n < 0)
        return MHD_NO;
    mx_error(FR_HTTP, kind);
    char lq[600];
    log_msg(code >= 500 ? LOG_ERR : LOG_INFO, "event=http_error id=%s status=%u error=%s",
            q ? q->id : "-", code, log_quote(lq, sizeof lq, msg));
    return send_resp(c, q, code, "application/json", body, (size_t)n, MHD_RESPMEM_MUST_FREE);
}

/* ---- input parts ---- */

typedef struct part {
    const char *data;
    size_t len;
    char name[256];
    domat_content content;
} part;

typedef struct partlist {
    part *v;
    size_t n, cap;
} partlist;

static int parts_add(partlist *pl, const char *data, size_t len, const char *name,
                     domat_content ct)
{
    if (pl->n == pl->cap) {
        size_t nc = pl->cap ? pl->cap * 2 : 4;
        part *nv = realloc(pl->v, nc * sizeof *nv);
        if (!nv)
            return -1;
        pl->v = nv;
        pl->cap = nc;
    }
    part *p = &pl->v[pl->n++];
    p->data = data;
    p->len = len;
    p->content = ct;
    snprintf(p->name, sizeof p->name, "%s", name && *name ? name : "-");
    return 0;
}

/* The content kind a declared media type asks for; the engine sniffs the rest. */
static domat_content content_of(const char *mt)
{
    if (!mt)
        return DOMAT_CONTENT_AUTO;
    if (!strncasecmp(mt, "text/html", 9) || !strncasecmp(mt, "application/xhtml", 17))
        return DOMAT_CONTENT_HTML;
    if (!strncasecmp(mt, "text/plain", 10))
        return DOMAT_CONTENT_TEXT;
    return DOMAT_CONTENT_AUTO;
}

/*
** Find parameter `name` (e.g. boundary, filename) in a header value like
** `multipart/form-data; boundary="x"`. Copies it unquoted into out.
*/
static int header_param(const char *h, size_t hlen, const char *name, char *out, size_t size)
{
    size_t nl = strlen(name);
    const char *end = h + hlen;
    const char *p = h;
    while (p < end) {
        const char *semi = memchr(p, ';', (size_t)(end - p));
        if (!semi)
            return -1;
        p = semi + 1;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if ((size_t)(end - p) > nl && !strncasecmp(p, name, nl) && p[nl] == '=') {
            p += nl + 1;
            size_t o = 0;
            if (p < end && *p == '"') {
                p++;
                while (p < end && *p != '"' && o + 1 < size) {
                    if (*p == '\\' && p + 1 < end)
                        p++;
                    out[o++] = *p++;
                }
            } else {
                while (p < end && *p != ';' && *p != ' ' && *p != '\t' && *p != '\r' &&
                       *p != '\n' && o + 1 < size)
                    out[o++] = *p++;
            }
            out[o] = 0;
            return 0;
        }
    }
    return -1;
}

/* Keep only the last path component of a client-supplied file name. */
static void base_name(char *s)
{
    char *slash = strrchr(s, '/');
    char *bslash = strrchr(s, '\\');
    if (bslash > slash)
        slash = bslash;
    if (slash)
        memmove(s, slash + 1, strlen(slash + 1) + 1);
}

/*
** Split a multipart/form-data body into parts (RFC 7578). The parts point
** into the body. Returns 0, or an HTTP status with msg set.
*/
static unsigned parse_multipart(const char *body, size_t len, const char *ctype,
                                partlist *pl, char *msg, size_t msglen)
{
    char bnd[80], delim[84];
    if (header_param(ctype, strlen(ctype), "boundary", bnd, sizeof bnd) || !bnd[0]) {
        snprintf(msg, msglen, "multipart/form-data without a boundary parameter");
        return 400;
    }
    size_t dl = (size_t)snprintf(delim, sizeof delim, "\r\n--%s", bnd);
    /* The first delimiter may open the body without its CRLF. */
    const char *p;
    if (len >= dl - 2 && !memcmp(body, delim + 2, dl - 2))
        p = body + dl - 2;
    else {
        p = memmem(body, len, delim, dl);
        if (!p) {
            snprintf(msg, msglen, "multipart body has no boundary \"%s\"", bnd);
            return 400;
        }
        p += dl;
    }
    const char *end = body + len;
    for (;;) {
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            break; /* closing delimiter */
        const char *eol = memmem(p, (size_t)(end - p), "\r\n", 2);
        if (!eol)
            goto truncated;
        const char *hstart = eol + 2;
        const char *hend = memmem(hstart, (size_t)(end - hstart), "\r\n\r\n", 4);
        const char *data;
        if (end - hstart >= 2 && hstart[0] == '\r' && hstart[1] == '\n') {
            hend = hstart - 2; /* no headers at all */
            data = hstart + 2;
        } else {
            if (!hend)
                goto truncated;
            data = hend + 4;
        }
        const char *next = memmem(data, (size_t)(end - data), delim, dl);
        if (!next)
            goto truncated;

        char fname[256] = "", fieldname[256] = "", mtype[128] = "";
        const char *h = hstart;
        while (h < hend) {
            const char *le = memmem(h, (size_t)(hend + 2 - h), "\r\n", 2);
            if (!le)
                le = hend;
            size_t hl = (size_t)(le - h);
            if (hl > 20 && !strncasecmp(h, "Content-Disposition:", 20)) {
                header_param(h, hl, "filename", fname, sizeof fname);
                header_param(h, hl, "name", fieldname, sizeof fieldname);
            } else if (hl > 13 && !strncasecmp(h, "Content-Type:", 13)) {
                const char *v = h + 13;
                while (v < le && (*v == ' ' || *v == '\t'))
                    v++;
                size_t vl = (size_t)(le - v);
                if (vl >= sizeof mtype)
                    vl = sizeof mtype - 1;
                memcpy(mtype, v, vl);
                mtype[vl] = 0;
            }
            h = le + 2;
        }
        base_name(fname);
        domat_content ct = content_of(mtype[0] ? mtype : NULL);
        if (!mtype[0] && !fname[0]) {
            /* A plain form field: "html" is HTML, anything else text. */
            ct = !strcmp(fieldname, "html") ? DOMAT_CONTENT_HTML : DOMAT_CONTENT_TEXT;
        }
        if (pl->n >= cfg->http_max_parts) {
            snprintf(msg, msglen, "more than %u parts (http_max_parts)", cfg->http_max_parts);
            return 413;
        }
        if (parts_add(pl, data, (size_t)(next - data), fname[0] ? fname : fieldname, ct)) {
            snprintf(msg, msglen, "out of memory");
            return 500;
        }
        p = next + dl;
    }
    if (!pl->n) {
        snprintf(msg, msglen, "multipart body has no parts");
        return 400;
    }
    return 0;
truncated:
    snprintf(msg, msglen, "multipart body is truncated: a part has no closing boundary");
    return 400;
}

/* Body {"text": "...", "html": "...", "name": "..."}: one part per field. */
static unsigned parse_json(const char *body, size_t len, partlist *pl,
                           json_object **keep, char *msg, size_t msglen)
{
    json_tokener *tok = json_tokener_new_ex(16);
    if (!tok) {
        snprintf(msg, msglen, "out of memory");
        return 500;
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    json_object *o = len > INT32_MAX ? NULL : json_tokener_parse_ex(tok, body, (int)len);
    enum json_tokener_error e = json_tokener_get_error(tok);
    size_t at = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    if (!o || e != json_tokener_success) {
        if (e == json_tokener_continue)
            snprintf(msg, msglen, "malformed JSON: unexpected end of input at byte %zu", at);
        else
            snprintf(msg, msglen, "malformed JSON at byte %zu: %s", at,
                     json_tokener_error_desc(e));
        json_object_put(o);
        return 400;
    }
    while (at < len && isspace((unsigned char)body[at]))
        at++;
    if (at < len) {
        snprintf(msg, msglen, "malformed JSON: extra data after the value at byte %zu", at);
        json_object_put(o);
        return 400;
    }
    if (!json_object_is_type(o, json_type_object)) {
        snprintf(msg, msglen, "expected a JSON object {\"text\": ..., \"html\": ...}");
        json_object_put(o);
        return 400;
    }
    *keep = o;
    const char *name = NULL;
    json_object *v;
    if (json_object_object_get_ex(o, "name", &v) && json_object_is_type(v, json_type_string))
        name = json_object_get_string(v);
    static const struct { const char *key; domat_content ct; } fields[] = {
        {"text", DOMAT_CONTENT_TEXT}, {"html", DOMAT_CONTENT_HTML}};
    for (size_t i = 0; i < 2; i++) {
        if (!json_object_object_get_ex(o, fields[i].key, &v) || json_object_is_type(v, json_type_null))
            continue;
        if (!json_object_is_type(v, json_type_string)) {
            snprintf(msg, msglen, "\"%s\" must be a string", fields[i].key);
            return 400;
        }
        if (parts_add(pl, json_object_get_string(v), (size_t)json_object_get_string_len(v),
                      name ? name : fields[i].key, fields[i].ct)) {
            snprintf(msg, msglen, "out of memory");
            return 500;
        }
    }
    if (!pl->n) {
        snprintf(msg, msglen, "the JSON object has neither \"text\" nor \"html\"");
        return 400;
    }
    return 0;
}

static int severity(domat_verdict v)
{
    switch (v) {
    case DOMAT_BLOCK: return 3;
    case DOMAT_ERROR: return 2;
    case DOMAT_REVIEW: return 1;
    default: return 0;
    }
}

/*
** The error answer of a scan, built in a worker: body and counters only;
** the response itself is made in the connection's thread (finish_scan).
*/
static void job_error(req *q, unsigned code, mx_err kind, const char *msg)
{
    char esc[1100], lq[600];
    json_escape(esc, sizeof esc, msg);
    free(q->out);
    q->out = NULL;
    int n = asprintf(&q->out, "{\"error\": \"%s\", \"status\": %u, \"id\": \"%s\"}\n",
                     esc, code, q->id);
    q->out_len = n < 0 ? 0 : (size_t)n;
    if (n < 0)
        q->out = NULL;
    q->code = code;
    q->nparts = 0;
    mx_error(FR_HTTP, kind);
    log_msg(code >= 500 ? LOG_ERR : LOG_INFO, "event=http_error id=%s status=%u error=%s",
            q->id, code, log_quote(lq, sizeof lq, msg));
}

/* Parse the body into parts and scan them: runs in a scan worker. */
static void scan_job(req *q)
{
    const char *ctype = q->ctype[0] ? q->ctype : NULL;
    partlist pl = {0};
    json_object *keep = NULL;
    char msg[400];
    unsigned code = 0;
    const char *body = q->body ? q->body : "";

    if (ctype && !strncasecmp(ctype, "multipart/form-data", 19)) {
        code = parse_multipart(body, q->len, ctype, &pl, msg, sizeof msg);
    } else if (ctype && !strncasecmp(ctype, "application/json", 16)) {
        code = parse_json(body, q->len, &pl, &keep, msg, sizeof msg);
    } else if (ctype && !strncasecmp(ctype, "multipart/", 10)) {
        code = 415;
        snprintf(msg, sizeof msg, "%.100s: send multipart/form-data", ctype);
    } else if (parts_add(&pl, body, q->len, q->fname, content_of(ctype))) {
        code = 500;
        snprintf(msg, sizeof msg, "out of memory");
    }
    if (code) {
        free(pl.v);
        json_object_put(keep);
        job_error(q, code, code == 413 ? ERR_TOO_LARGE : code >= 500 ? ERR_INTERNAL : ERR_BAD_REQUEST,
                  msg);
        return;
    }

    /* Scan every part; the answer is their JSON lines in order. */
    char *out = NULL;
    size_t olen = 0;
    int worst = -1;
    domat_verdict wv = DOMAT_ALLOW;
    domat_level wl = DOMAT_LEVEL_NONE;
    /* JSON strings are UTF-8 (json-c validated them): no need to detect. */
    const char *enc = keep ? "utf-8" : NULL;
    for (size_t i = 0; i < pl.n; i++) {
        domat_input in = {pl.v[i].name, pl.v[i].content, enc};
        domat_result *res = NULL;
        domat_status st = item_scan(FR_HTTP, q->id, (unsigned)i + 1, pl.v[i].data,
                                    pl.v[i].len, NULL, &in, &res);
        char *js = NULL;
        size_t jl = 0;
        if (st != DOMAT_OK || domat_render_result(res, DOMAT_FORMAT_JSON, &js, &jl) != DOMAT_OK) {
            domat_free_result(res);
            free(out);
            free(pl.v);
            json_object_put(keep);
            snprintf(msg, sizeof msg, "scan failed: %s (%s)", domat_status_name(st),
                     domat_last_error());
            job_error(q, 500, ERR_INTERNAL, msg);
            return;
        }
        domat_verdict v = domat_result_verdict(res);
        if (severity(v) > worst) {
            worst = severity(v);
            wv = v;
        }
        if (domat_result_level(res) > wl)
            wl = domat_result_level(res);
        domat_free_result(res);
        char *no = realloc(out, olen + jl + 1);
        if (!no) {
            free(js);
            free(out);
            free(pl.v);
            json_object_put(keep);
            job_error(q, 500, ERR_INTERNAL, "out of memory");
            return;
        }
        out = no;
        memcpy(out + olen, js, jl + 1);
        olen += jl;
        free(js);
    }
    q->nparts = pl.n;
    free(pl.v);
    json_object_put(keep);
    q->out = out;
    q->out_len = olen;
    q->code = 200;
    q->verdict = wv;
    q->level = wl;
}

/* Queue the answer a worker prepared: in the connection's own thread. */
static enum MHD_Result finish_scan(struct MHD_Connection *c, req *q)
{
    char *out = q->out;
    q->out = NULL;
    if (!out)
        return MHD_NO;
    struct MHD_Response *r = MHD_create_response_from_buffer(q->out_len, out, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(out);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", q->nparts > 1 ? "application/x-ndjson"
                                                             : "application/json");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Request-Id", q->id);
    if (q->code == 200) {
        MHD_add_response_header(r, "X-Domat-Verdict", domat_verdict_name(q->verdict));
        const char *ln = domat_level_name(q->level);
        MHD_add_response_header(r, "X-Domat-Level", ln ? ln : "none");
    }
    add_cors(r, q);
    enum MHD_Result ret = MHD_queue_response(c, q->code, r);
    MHD_destroy_response(r);
    mx_http_status(q->code);
    mx_request(FR_HTTP, mono() - q->t0);
    return ret;
}

/*
** Scan workers. Scans do not run in libmicrohttpd's I/O threads: a request
** whose body is complete is suspended and put on one FIFO queue that
** http_scan_threads workers take from, then resumed with its answer. So a
** large upload never holds up the other connections of its I/O thread, and
** requests are scanned in the order they arrived whichever thread
** accepted them: latency stays even under load instead of depending on how
** connections happened to be spread over the I/O threads.
*/
static pthread_mutex_t jq_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t jq_cv = PTHREAD_COND_INITIALIZER;
static req *jq_head, *jq_tail;
static int jq_quit;
static pthread_t *workers;
static unsigned nworkers;

static void *worker_main(void *arg)
{
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&jq_mu);
        while (!jq_head && !jq_quit)
            pthread_cond_wait(&jq_cv, &jq_mu);
        req *q = jq_head;
        if (!q) {
            pthread_mutex_unlock(&jq_mu);
            return NULL;
        }
        jq_head = q->next;
        if (!jq_head)
            jq_tail = NULL;
        pthread_mutex_unlock(&jq_mu);

        scan_job(q);
        q->state = S_DONE;
        MHD_resume_connection(q->conn);
    }
}

static void enqueue(req *q)
{
    q->next = NULL;
    pthread_mutex_lock(&jq_mu);
    if (jq_tail)
        jq_tail->next = q;
    else
        jq_head = q;
    jq_tail = q;
    pthread_cond_signal(&jq_cv);
    pthread_mutex_unlock(&jq_mu);
}

/* Copy what the worker needs from the request headers, then queue it. */
static enum MHD_Result start_scan(struct MHD_Connection *c, req *q)
{
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    snprintf(q->ctype, sizeof q->ctype, "%s", ct ? ct : "");
    /* Raw content: the name from ?filename=, X-Filename or Content-Disposition. */
    const char *fn = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "filename");
    if (!fn)
        fn = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Filename");
    const char *cd = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Disposition");
    if (fn)
        snprintf(q->fname, sizeof q->fname, "%s", fn);
    else if (cd)
        header_param(cd, strlen(cd), "filename", q->fname, sizeof q->fname);
    base_name(q->fname);
    q->conn = c;
    q->state = S_QUEUED;
    MHD_suspend_connection(c);
    enqueue(q);
    return MHD_YES;
}

/* ---- small GET endpoints ---- */

static enum MHD_Result do_healthz(struct MHD_Connection *c, req *q)
{
    eref_info in;
    eref_get_info(&in);
    char *body = NULL;
    int n = asprintf(&body, "{\"status\": \"ok\", \"version\": \"%s\", \"dictionary\": \"%s\", "
                            "\"generation\": %llu, \"entries\": %llu, \"reloading\": %s}\n",
                     DOMAT_VERSION, in.digest, (unsigned long long)in.generation,
                     (unsigned long long)in.entries, in.reloading ? "true" : "false");
    if (n < 0)
        return MHD_NO;
    return send_resp(c, q, 200, "application/json", body, (size_t)n, MHD_RESPMEM_MUST_FREE);
}

static enum MHD_Result do_metrics(struct MHD_Connection *c, req *q)
{
    size_t len = 0;
    char *body = mx_render(&len);
    if (!body)
        return send_error(c, q, 500, ERR_INTERNAL, "out of memory");
    return send_resp(c, q, 200, "text/plain; version=0.0.4; charset=utf-8", body, len,
                     MHD_RESPMEM_MUST_FREE);
}

static enum MHD_Result do_page(struct MHD_Connection *c, req *q)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        daemon_page_html_len, (void *)daemon_page_html, MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", "text/html; charset=utf-8");
    MHD_add_response_header(r, "Cache-Control", "no-cache");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    /* The page must work offline: nothing but itself and this server. */
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'none'; script-src 'unsafe-inline'; "
                            "style-src 'unsafe-inline'; connect-src 'self'; img-src data:; "
                            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    enum MHD_Result ret = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    mx_http_status(200);
    mx_request(FR_HTTP, mono() - q->t0);
    return ret;
}

static enum MHD_Result do_preflight(struct MHD_Connection *c, req *q)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    add_cors(r, q);
    if (cfg->http_cors_origins[0]) {
        MHD_add_response_header(r, "Access-Control-Allow-Methods", "POST, GET, OPTIONS");
        MHD_add_response_header(r, "Access-Control-Allow-Headers",
                                "Content-Type, X-Filename");
        MHD_add_response_header(r, "Access-Control-Max-Age", "86400");
    }
    enum MHD_Result ret = MHD_queue_response(c, 204, r);
    MHD_destroy_response(r);
    mx_http_status(204);
    mx_request(FR_HTTP, mono() - q->t0);
    return ret;
}

/* ---- the access handler ---- */

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version,
                               const char *upload, size_t *upload_size, void **con_cls)
{
    (void)cls;
    (void)version;
    req *q = *con_cls;
    if (!q) {
        q = calloc(1, sizeof *q);
        if (!q)
            return MHD_NO;
        *con_cls = q;
        q->t0 = mono();
        item_new_id(FR_HTTP, q->id, sizeof q->id);
        q->origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
        mx_inflight(FR_HTTP, 1);

        int get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
        if (!strcmp(method, "OPTIONS"))
            return do_preflight(c, q);
        if (!strcmp(url, "/v1/scan")) {
            if (strcmp(method, "POST"))
                return send_error(c, q, 405, ERR_BAD_REQUEST, "use POST for /v1/scan");
            const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
            if (cl && strtoull(cl, NULL, 10) > cfg->http_max_body)
                return send_error(c, q, 413, ERR_TOO_LARGE,
                                  "body of %s bytes is over the limit of %llu (http_max_body)",
                                  cl, (unsigned long long)cfg->http_max_body);
            q->rt = R_SCAN;
            return MHD_YES; /* the body follows */
        }
        int known = !strcmp(url, "/") || !strcmp(url, "/index.html") ||
                    !strcmp(url, "/healthz") || !strcmp(url, "/metrics");
        if (!known)
            return send_error(c, q, 404, ERR_BAD_REQUEST, "no such path: %.200s", url);
        if (!get)
            return send_error(c, q, 405, ERR_BAD_REQUEST, "use GET for %.200s", url);
        if (!strcmp(url, "/healthz"))
            return do_healthz(c, q);
        if (!strcmp(url, "/metrics"))
            return do_metrics(c, q);
        return do_page(c, q);
    }
    if (q->rt != R_SCAN)
        return MHD_YES;

    if (*upload_size) {
        /* A client that trickles its body is cut off at the request time. */
        if (cfg->http_request_timeout && mono() - q->t0 > cfg->http_request_timeout) {
            mx_error(FR_HTTP, ERR_TIMEOUT);
            log_msg(LOG_INFO, "event=http_error id=%s error=\"request over http_request_timeout, closed\"",
                    q->id);
            return MHD_NO;
        }
        size_t n = *upload_size;
        *upload_size = 0;
        if (q->too_big || q->len + n > cfg->http_max_body) {
            q->too_big = 1; /* read and drop the rest, then answer 413 */
            free(q->body);
            q->body = NULL;
            q->len = q->cap = 0;
            return MHD_YES;
        }
        if (q->len + n > q->cap) {
            size_t nc = q->cap ? q->cap : 16384;
            while (nc < q->len + n)
                nc *= 2;
            char *nb = realloc(q->body, nc);
            if (!nb)
                return MHD_NO;
            q->body = nb;
            q->cap = nc;
        }
        memcpy(q->body + q->len, upload, n);
        q->len += n;
        return MHD_YES;
    }
    if (q->state == S_DONE)
        return finish_scan(c, q);
    if (q->state == S_QUEUED)
        return MHD_YES; /* not ours to answer yet */
    if (q->too_big)
        return send_error(c, q, 413, ERR_TOO_LARGE, "body is over the limit of %llu bytes (http_max_body)",
                          (unsigned long long)cfg->http_max_body);
    return start_scan(c, q);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    req *q = *con_cls;
    if (!q)
        return;
    if (toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED)
        mx_error(FR_HTTP, ERR_TIMEOUT);
    free(q->body);
    free(q->out);
    free(q);
    *con_cls = NULL;
    mx_inflight(FR_HTTP, -1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[400], q[450];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = 0;
    log_msg(LOG_DEBUG, "event=http_lib msg=%s", log_quote(q, sizeof q, msg));
}

int http_start(const conf *c, int fd)
{
    cfg = c;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    if (ncpu < 1)
        ncpu = 1;
    /* I/O threads only read, write and parse headers: one per core is
    ** plenty. Scan workers: one per core keeps every core scanning. */
    unsigned threads = c->http_threads ? c->http_threads : (unsigned)ncpu;
    nworkers = c->http_scan_threads ? c->http_scan_threads : (unsigned)ncpu;
    workers = calloc(nworkers, sizeof *workers);
    if (!workers)
        return -1;
    for (unsigned i = 0; i < nworkers; i++)
        if (pthread_create(&workers[i], NULL, worker_main, NULL)) {
            nworkers = i;
            return -1;
        }
    daemon_ = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
            MHD_USE_TURBO | MHD_USE_ERROR_LOG,
        0, NULL, NULL, &handler, NULL,
        MHD_OPTION_LISTEN_SOCKET, fd,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)c->http_max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)c->http_per_ip,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)c->http_idle_timeout,
        /* Per-connection buffer for headers and body chunks. libmicrohttpd
        ** clears it between keep-alive requests, so a small one is cheaper
        ** per request; 16 KiB still takes any sane request header. */
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024),
        MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
        MHD_OPTION_NOTIFY_COMPLETED, &completed, NULL,
        MHD_OPTION_EXTERNAL_LOGGER, &mhd_log, NULL,
        MHD_OPTION_END);
    if (!daemon_)
        return -1;
    log_msg(LOG_INFO, "event=listen frontend=http address=%s io_threads=%u scan_threads=%u",
            c->http_listen, threads, nworkers);
    return 0;
}

void http_quiesce(void)
{
    if (!daemon_)
        return;
    MHD_socket s = MHD_quiesce_daemon(daemon_);
    if (s != MHD_INVALID_SOCKET)
        close(s);
}

void http_stop(void)
{
    if (daemon_) {
        MHD_stop_daemon(daemon_);
        daemon_ = NULL;
    }
    pthread_mutex_lock(&jq_mu);
    jq_quit = 1;
    pthread_cond_broadcast(&jq_cv);
    pthread_mutex_unlock(&jq_mu);
    for (unsigned i = 0; i < nworkers; i++)
        pthread_join(workers[i], NULL);
    free(workers);
    workers = NULL;
    nworkers = 0;
}

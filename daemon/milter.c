/*
** 2026-11-25
**
** milter.c: the mail gateway front end, a libmilter filter for Postfix and
** Sendmail.
**
** The whole message (headers as received, the blank line, the body) is
** collected and handed to the engine as one input: the engine recognises
** mail and takes it apart (body, every attachment, archives inside them),
** so this file never parses MIME itself. At end of message the verdict picks
** the configured action: block -> reject 550 5.7.1 (reason in Vietnamese
** and English), review/allow -> accept with X-Domat-Verdict / X-Domat-Level
** (by default), or quarantine, tempfail, discard as configured. An engine
** failure, a scan cut by its time limit, or running out of memory picks
** milter_on_error, tempfail by default: the sender's MTA retries and nothing
** marked slips out because domatd broke. X-Domat-* headers that arrive with
** the message are deleted, so a sender cannot pre-stamp "allow".
*/
#define _GNU_SOURCE
#include <libmilter/mfapi.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/socket.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "item.h"
#include "log.h"
#include "metrics.h"
#include "milter.h"
#include "net.h"

static const conf *cfg;
static pthread_t thread;
static int started;

/*
** libmilter's smfi_main() starts a thread that sigwait()s for SIGHUP,
** SIGTERM and SIGINT and stops the milter on any of them. domatd owns those
** signals (SIGHUP reloads the dictionaries; stopping is orderly, see
** domatd.c), so this definition takes the place of libmilter's internal one
** through ordinary ELF symbol interposition (smfi_main calls it through the
** PLT; the Makefile exports it with --export-dynamic-symbol). Should a future
** libmilter stop calling it, its thread would only compete with domatd's
** handler, which Linux favours for process-directed signals.
*/
int mi_control_startup(char *name);
int mi_control_startup(char *name)
{
    (void)name;
    return MI_SUCCESS;
}

typedef struct mctx {
    char *buf;
    size_t len, cap;
    int too_big;
    int oom;
    int in_msg;
    unsigned own_headers; /* X-Domat-Verdict headers that came with the mail */
    unsigned own_level;
    char id[32];
    double t0;
} mctx;

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int append(mctx *m, const void *p, size_t n)
{
    if (m->too_big || m->oom)
        return 0;
    if (m->len + n > cfg->milter_max_message) {
        m->too_big = 1; /* what fits is scanned; the verdict is at least review */
        n = cfg->milter_max_message - m->len;
    }
    if (m->len + n > m->cap) {
        size_t nc = m->cap ? m->cap : 65536;
        while (nc < m->len + n)
            nc *= 2;
        char *nb = realloc(m->buf, nc);
        if (!nb) {
            m->oom = 1;
            return -1;
        }
        m->buf = nb;
        m->cap = nc;
    }
    memcpy(m->buf + m->len, p, n);
    m->len += n;
    return 0;
}

static void msg_end(mctx *m)
{
    if (m->in_msg) {
        m->in_msg = 0;
        mx_inflight(FR_MILTER, -1);
    }
    free(m->buf);
    m->buf = NULL;
    m->len = m->cap = 0;
    m->too_big = m->oom = 0;
    m->own_headers = m->own_level = 0;
}

static sfsistat on_connect(SMFICTX *ctx, char *host, _SOCK_ADDR *addr)
{
    (void)host;
    (void)addr;
    mctx *m = calloc(1, sizeof *m);
    if (!m)
        return cfg->milter_on_error == ACT_ACCEPT ? SMFIS_ACCEPT : SMFIS_TEMPFAIL;
    smfi_setpriv(ctx, m);
    return SMFIS_CONTINUE;
}

static sfsistat on_envfrom(SMFICTX *ctx, char **argv)
{
    (void)argv;
    mctx *m = smfi_getpriv(ctx);
    if (!m)
        return SMFIS_TEMPFAIL;
    msg_end(m);
    m->in_msg = 1;
    mx_inflight(FR_MILTER, 1);
    m->t0 = mono();
    item_new_id(FR_MILTER, m->id, sizeof m->id);
    return SMFIS_CONTINUE;
}

static sfsistat on_header(SMFICTX *ctx, char *name, char *value)
{
    mctx *m = smfi_getpriv(ctx);
    if (!m)
        return SMFIS_TEMPFAIL;
    if (!strcasecmp(name, "X-Domat-Verdict"))
        m->own_headers++;
    else if (!strcasecmp(name, "X-Domat-Level"))
        m->own_level++;
    append(m, name, strlen(name));
    append(m, ": ", 2);
    append(m, value, strlen(value));
    append(m, "\r\n", 2);
    return SMFIS_CONTINUE;
}

static sfsistat on_eoh(SMFICTX *ctx)
{
    mctx *m = smfi_getpriv(ctx);
    if (!m)
        return SMFIS_TEMPFAIL;
    append(m, "\r\n", 2);
    return SMFIS_CONTINUE;
}

static sfsistat on_body(SMFICTX *ctx, unsigned char *chunk, size_t len)
{
    mctx *m = smfi_getpriv(ctx);
    if (!m)
        return SMFIS_TEMPFAIL;
    append(m, chunk, len);
    return SMFIS_CONTINUE;
}

static const char *stamp_text(domat_level l)
{
    switch (l) {
    case DOMAT_LEVEL_TUYET_MAT: return "TUYET MAT";
    case DOMAT_LEVEL_TOI_MAT: return "TOI MAT";
    case DOMAT_LEVEL_MAT: return "MAT";
    default: return NULL;
    }
}

/*
** Carry out an action. vi/en are the reasons; SMTP replies are ASCII
** (RFC 5321), so the Vietnamese line is written without tone marks, as
** mail administrators in Vietnam write them.
*/
static sfsistat act(SMFICTX *ctx, mctx *m, conf_action a, const char *verdict,
                    const char *level, const char *vi, const char *en)
{
    if (a == ACT_ACCEPT || a == ACT_QUARANTINE) {
        for (unsigned i = m->own_headers; i > 0; i--)
            smfi_chgheader(ctx, "X-Domat-Verdict", (int)i, NULL);
        for (unsigned i = m->own_level; i > 0; i--)
            smfi_chgheader(ctx, "X-Domat-Level", (int)i, NULL);
        if (cfg->milter_headers) {
            smfi_addheader(ctx, "X-Domat-Verdict", (char *)verdict);
            smfi_addheader(ctx, "X-Domat-Level", (char *)level);
        }
        if (a == ACT_QUARANTINE)
            smfi_quarantine(ctx, (char *)en);
        return SMFIS_CONTINUE;
    }
    if (a == ACT_DISCARD)
        return SMFIS_DISCARD;
    if (a == ACT_REJECT) {
        smfi_setmlreply(ctx, "550", "5.7.1", (char *)vi, (char *)en, NULL);
        return SMFIS_REJECT;
    }
    smfi_setmlreply(ctx, "451", "4.7.1", (char *)vi, (char *)en, NULL);
    return SMFIS_TEMPFAIL;
}

static sfsistat on_eom(SMFICTX *ctx)
{
    mctx *m = smfi_getpriv(ctx);
    if (!m)
        return SMFIS_TEMPFAIL;
    char vi[300], en[300];
    sfsistat rc;
    if (m->oom) {
        mx_error(FR_MILTER, ERR_INTERNAL);
        log_msg(LOG_ERR, "event=milter id=%s error=\"out of memory collecting the message\"", m->id);
        snprintf(vi, sizeof vi, "Loi tam thoi cua bo loc domat, xin gui lai sau (%s)", m->id);
        snprintf(en, sizeof en, "Temporary failure in the domat filter, try again later (%s)", m->id);
        rc = act(ctx, m, cfg->milter_on_error, "error", "none", vi, en);
        goto out;
    }
    domat_input in = {"message", DOMAT_CONTENT_AUTO, NULL};
    domat_result *res = NULL;
    double t0 = mono();
    domat_status st = item_scan(FR_MILTER, m->id, 1, m->buf ? m->buf : "", m->len, NULL, &in, &res);
    double ms = (mono() - t0) * 1e3;
    int timed_out = st == DOMAT_OK && cfg->scan_max_time_ms &&
                    ms >= cfg->scan_max_time_ms && domat_result_unscanned(res);
    if (st != DOMAT_OK || timed_out) {
        if (timed_out)
            mx_error(FR_MILTER, ERR_TIMEOUT);
        log_msg(LOG_WARNING, "event=milter id=%s action=%s reason=%s", m->id,
                conf_action_name(cfg->milter_on_error), timed_out ? "timeout" : "engine_error");
        snprintf(vi, sizeof vi, "Loi tam thoi cua bo loc domat, xin gui lai sau (%s)", m->id);
        snprintf(en, sizeof en, "Temporary failure in the domat filter, try again later (%s)", m->id);
        rc = act(ctx, m, cfg->milter_on_error, "error", "none", vi, en);
        domat_free_result(res);
        goto out;
    }
    domat_verdict v = domat_result_verdict(res);
    domat_level l = domat_result_level(res);
    if (m->too_big && v < DOMAT_REVIEW)
        v = DOMAT_REVIEW;
    if (v == DOMAT_ERROR)
        v = DOMAT_REVIEW; /* a message that cannot be read is not clean */
    const char *rule = item_top_rule(res);
    const char *stamp = stamp_text(l);
    const char *lname = domat_level_name(l) ? domat_level_name(l) : "none";
    conf_action a = v == DOMAT_BLOCK ? cfg->milter_on_block
                    : v == DOMAT_REVIEW ? cfg->milter_on_review : cfg->milter_on_allow;
    if (stamp) {
        snprintf(vi, sizeof vi, "Thu bi chan: tai lieu mang dau do mat %s (%s, ma %s)", stamp, rule, m->id);
        snprintf(en, sizeof en, "Message blocked: it carries the state-secret marking %s (%s, id %s)",
                 stamp, rule, m->id);
    } else {
        snprintf(vi, sizeof vi, "Thu bi chan: noi dung thuoc danh muc bi mat nha nuoc (%s, ma %s)", rule, m->id);
        snprintf(en, sizeof en, "Message blocked: it holds listed state-secret content (%s, id %s)",
                 rule, m->id);
    }
    if (a == ACT_TEMPFAIL) {
        snprintf(vi, sizeof vi, "Thu bi giu lai de kiem tra do mat (%s, ma %s)", rule, m->id);
        snprintf(en, sizeof en, "Message held for a secrecy review (%s, id %s)", rule, m->id);
    }
    log_msg(LOG_INFO, "event=milter id=%s verdict=%s level=%s rule=%s action=%s size=%zu%s",
            m->id, domat_verdict_name(v), lname, rule, conf_action_name(a), m->len,
            m->too_big ? " truncated=yes" : "");
    rc = act(ctx, m, a, domat_verdict_name(v), lname, vi, en);
    domat_free_result(res);
out:
    mx_request(FR_MILTER, mono() - m->t0);
    msg_end(m);
    return rc;
}

static sfsistat on_abort(SMFICTX *ctx)
{
    mctx *m = smfi_getpriv(ctx);
    if (m)
        msg_end(m);
    return SMFIS_CONTINUE;
}

static sfsistat on_close(SMFICTX *ctx)
{
    mctx *m = smfi_getpriv(ctx);
    if (m) {
        msg_end(m);
        free(m);
        smfi_setpriv(ctx, NULL);
    }
    return SMFIS_CONTINUE;
}

static struct smfiDesc desc = {
    "domatd",
    SMFI_VERSION,
    SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE,
    on_connect,
    NULL, /* helo */
    on_envfrom,
    NULL, /* envrcpt */
    on_header,
    on_eoh,
    on_body,
    on_eom,
    on_abort,
    on_close,
    NULL, /* unknown */
    NULL, /* data */
    NULL  /* negotiate */
};

/*
** libmilter answers the end of a message with several small packets (each
** added header, then the verdict) written one by one. On TCP, Nagle's
** algorithm holds the second until the first is acknowledged, and the MTA,
** waiting for the verdict, delays that acknowledgement: about 40 ms lost per
** message, which capped a connection at a few dozen messages a second.
** libmilter does not expose its sockets, so find the listening one it just
** opened and set TCP_NODELAY there; Linux passes it on to every accepted
** connection. (The HTTP and clamd listeners get it too, harmlessly: they
** answer in one write.) Unix sockets have no Nagle and need nothing.
*/
static void nodelay_listener(void)
{
    for (int fd = 3; fd < 4096; fd++) {
        int acc = 0, type = 0;
        socklen_t l = sizeof acc, tl = sizeof type;
        struct sockaddr_storage sa;
        socklen_t sl = sizeof sa;
        if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &l) || !acc ||
            getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl) || type != SOCK_STREAM ||
            getsockname(fd, (struct sockaddr *)&sa, &sl) ||
            (sa.ss_family != AF_INET && sa.ss_family != AF_INET6))
            continue;
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
}

int milter_open(const conf *c, char *err, size_t errlen)
{
    cfg = c;
    char spec[sizeof c->milter_listen + 8];
    /* A bare path is a unix socket for libmilter too. */
    if (c->milter_listen[0] == '/')
        snprintf(spec, sizeof spec, "unix:%s", c->milter_listen);
    else
        snprintf(spec, sizeof spec, "%s", c->milter_listen);
    if (smfi_register(desc) == MI_FAILURE) {
        snprintf(err, errlen, "smfi_register failed");
        return -1;
    }
    if (smfi_setconn(spec) == MI_FAILURE) {
        snprintf(err, errlen, "milter_listen %s: not a libmilter socket spec", spec);
        return -1;
    }
    smfi_settimeout((int)c->milter_timeout);
    smfi_setbacklog(128);
    if (smfi_opensocket(1) == MI_FAILURE) {
        snprintf(err, errlen, "milter_listen %s: cannot open the socket", spec);
        return -1;
    }
    const char *up = net_unix_path(spec);
    if (up && net_chmod_socket(up, c->socket_mode, c->socket_group, err, errlen))
        return -1;
    if (!up)
        nodelay_listener();
    return 0;
}

static void *milter_main(void *arg)
{
    (void)arg;
    if (smfi_main() == MI_FAILURE)
        log_msg(LOG_ERR, "event=milter error=\"smfi_main failed\"");
    return NULL;
}

int milter_start(const conf *c)
{
    cfg = c;
    if (pthread_create(&thread, NULL, milter_main, NULL))
        return -1;
    started = 1;
    log_msg(LOG_INFO, "event=listen frontend=milter address=%s", c->milter_listen);
    return 0;
}

void milter_quiesce(void)
{
    if (started)
        smfi_stop();
}

void milter_stop(void)
{
    if (!started)
        return;
    smfi_stop();
    pthread_join(thread, NULL);
    started = 0;
    const char *up = net_unix_path(cfg->milter_listen);
    if (up)
        unlink(up);
}

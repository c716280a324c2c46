/*
** 2026-11-25
**
** clamd.c: the clamd protocol, so mail gateways and applications that
** already talk to ClamAV's daemon (clamdscan, rspamd, Exim's
** av_scanner = clamd, Nextcloud's antivirus app, c-icap) use domatd as is.
**
** What is spoken, as clamd(8) documents it:
**   PING -> PONG, VERSION, VERSIONCOMMANDS, RELOAD -> RELOADING, STATS,
**   INSTREAM (chunks: 4-byte big-endian length, data; length 0 ends; over
**   clamd_stream_max -> "INSTREAM size limit exceeded. ERROR" and close),
**   SCAN/CONTSCAN/MULTISCAN/ALLMATCHSCAN <file> (only with clamd_path_scan),
**   FILDES (a file passed by descriptor over the unix socket: clamdscan
**   --fdpass, c-icap's clamd_mod),
**   IDSESSION ... END (replies prefixed "<n>: "), and the command prefixes
**   z (NUL-terminated command and reply) and n (newline-terminated).
** Answers: "stream: OK", "stream: Domat.<Level>.<Rule> FOUND" and
** "stream: <reason> ERROR". <Level> is TuyetMat, ToiMat or Mat for a block,
** Review for a review (FOUND unless clamd_review_found = no), so a client
** that only knows "FOUND means infected" keeps every marked file out.
**
** One thread per connection, at most clamd_max_connections; every read
** waits at most clamd_timeout seconds, so a client that connects and says
** nothing is dropped and cannot hold a slot for long.
*/
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clamd.h"
#include "engine_ref.h"
#include "item.h"
#include "log.h"
#include "metrics.h"
#include "net.h"

#define MAX_LISTEN 4
#define CMD_MAX 4096

static const conf *cfg;
static int lfd[MAX_LISTEN];
static char lspec[MAX_LISTEN][256];
static int nlisten;
static int wake[2] = {-1, -1};
static pthread_t acceptor;
static int acceptor_started;
static atomic_int stopping;
static atomic_int live; /* connection threads running */

#define MAX_FDS 4

typedef struct conn {
    int fd;
    char buf[16384];
    size_t start, end;
    char id[32];
    int fds[MAX_FDS]; /* descriptors passed over a unix socket (FILDES) */
    int nfds;
} conn;

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
** Wait until fd is readable: 1 ready, 0 timed out or stopping, -1 error.
** Polls in short slices so a stopping daemon is noticed while idle.
*/
static int wait_readable(int fd, unsigned timeout_s, int idle)
{
    double deadline = mono() + timeout_s;
    for (;;) {
        if (idle && atomic_load(&stopping))
            return 0;
        double left = deadline - mono();
        if (left <= 0)
            return 0;
        int ms = left > 0.25 ? 250 : (int)(left * 1000) + 1;
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, ms);
        if (r > 0)
            return 1;
        if (r < 0 && errno != EINTR)
            return -1;
    }
}

static int fill(conn *c, int idle)
{
    if (c->start == c->end)
        c->start = c->end = 0;
    if (c->end == sizeof c->buf) {
        memmove(c->buf, c->buf + c->start, c->end - c->start);
        c->end -= c->start;
        c->start = 0;
    }
    int w = wait_readable(c->fd, cfg->clamd_timeout, idle);
    if (w <= 0)
        return w == 0 ? -2 : -1;
    /* recvmsg, not read: a descriptor passed for FILDES rides on a byte of
    ** data, and read() would silently drop (close) it. */
    union {
        struct cmsghdr h;
        char space[CMSG_SPACE(sizeof(int) * MAX_FDS)];
    } cm;
    struct iovec iov = {c->buf + c->end, sizeof c->buf - c->end};
    struct msghdr mh;
    memset(&mh, 0, sizeof mh);
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = cm.space;
    mh.msg_controllen = sizeof cm.space;
    ssize_t n = recvmsg(c->fd, &mh, MSG_CMSG_CLOEXEC);
    for (struct cmsghdr *h = CMSG_FIRSTHDR(&mh); n > 0 && h; h = CMSG_NXTHDR(&mh, h)) {
        if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS)
            continue;
        size_t k = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < k; i++) {
            int pfd;
            memcpy(&pfd, CMSG_DATA(h) + i * sizeof(int), sizeof pfd);
            if (c->nfds < MAX_FDS)
                c->fds[c->nfds++] = pfd;
            else
                close(pfd);
        }
    }
    if (n <= 0)
        return -1;
    c->end += (size_t)n;
    return 0;
}

/* Read exactly n bytes. 0, or -1 closed/error, -2 timeout. */
static int read_exact(conn *c, void *dst, size_t n)
{
    char *d = dst;
    while (n) {
        if (c->start == c->end) {
            int r = fill(c, 0);
            if (r)
                return r;
        }
        size_t k = c->end - c->start;
        if (k > n)
            k = n;
        memcpy(d, c->buf + c->start, k);
        c->start += k;
        d += k;
        n -= k;
    }
    return 0;
}

/*
** Read one command into cmd, without its prefix and terminator. *delim gets
** the reply terminator. Returns 0, -1 closed, -2 timeout, -3 too long.
*/
static int read_command(conn *c, char *cmd, char *delim)
{
    size_t o = 0;
    int first = 1;
    char term = '\n';
    for (;;) {
        if (c->start == c->end) {
            int r = fill(c, o == 0);
            if (r)
                return r;
        }
        char ch = c->buf[c->start++];
        if (first) {
            first = 0;
            if (ch == 'z') {
                term = 0;
                continue;
            }
            if (ch == 'n')
                continue;
        }
        if (ch == term || (term == '\n' && ch == '\0')) {
            if (o && cmd[o - 1] == '\r')
                o--;
            cmd[o] = 0;
            *delim = term;
            return 0;
        }
        if (o + 1 >= CMD_MAX)
            return -3;
        cmd[o++] = ch;
    }
}

static int send_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Reply: "<session id>: " when in a session, the text, the terminator. */
static int reply(conn *c, unsigned sid, char delim, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int reply(conn *c, unsigned sid, char delim, const char *fmt, ...)
{
    char out[1024];
    int n = 0;
    if (sid)
        n = snprintf(out, sizeof out, "%u: ", sid);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(out + n, sizeof out - (size_t)n - 1, fmt, ap);
    va_end(ap);
    if (m < 0)
        m = 0;
    n += m;
    if (n > (int)sizeof out - 2)
        n = (int)sizeof out - 2;
    out[n++] = delim;
    return send_all(c->fd, out, (size_t)n);
}

static const char *level_token(domat_level l)
{
    switch (l) {
    case DOMAT_LEVEL_TUYET_MAT: return "TuyetMat";
    case DOMAT_LEVEL_TOI_MAT: return "ToiMat";
    case DOMAT_LEVEL_MAT: return "Mat";
    default: return "Listed";
    }
}

/*
** The name after "stream: ", or NULL for OK. ERROR results set *is_error.
*/
static const char *verdict_name(const domat_result *res, char *buf, size_t size, int *is_error)
{
    *is_error = 0;
    domat_verdict v = domat_result_verdict(res);
    switch (v) {
    case DOMAT_BLOCK:
        snprintf(buf, size, "Domat.%s.%s", level_token(domat_result_level(res)),
                 item_top_rule(res));
        return buf;
    case DOMAT_REVIEW:
        if (!cfg->clamd_review_found)
            return NULL;
        snprintf(buf, size, "Domat.Review.%s", item_top_rule(res));
        return buf;
    case DOMAT_ERROR:
        *is_error = 1;
        snprintf(buf, size, "%s", domat_result_error(res) ? domat_result_error(res) : "cannot read");
        return buf;
    default:
        return NULL;
    }
}

static void answer_result(conn *c, unsigned sid, char delim, const char *label,
                          const domat_result *res)
{
    char name[512];
    int is_err;
    const char *n = verdict_name(res, name, sizeof name, &is_err);
    if (!n)
        reply(c, sid, delim, "%s: OK", label);
    else if (is_err)
        reply(c, sid, delim, "%s: %s ERROR", label, n);
    else
        reply(c, sid, delim, "%s: %s FOUND", label, n);
}

/* INSTREAM: 0 to go on, -1 to close the connection. */
static int do_instream(conn *c, unsigned sid, char delim, unsigned index)
{
    double t0 = mono();
    char *data = NULL;
    size_t len = 0, cap = 0;
    int rc = 0;
    mx_inflight(FR_CLAMD, 1);
    for (;;) {
        uint32_t be;
        int r = read_exact(c, &be, 4);
        if (r) {
            mx_error(FR_CLAMD, r == -2 ? ERR_TIMEOUT : ERR_BAD_REQUEST);
            if (r == -2)
                reply(c, sid, delim, "INSTREAM: timed out waiting for a chunk. ERROR");
            rc = -1;
            goto out;
        }
        uint32_t n = ntohl(be);
        if (!n)
            break;
        if ((uint64_t)len + n > cfg->clamd_stream_max) {
            mx_error(FR_CLAMD, ERR_TOO_LARGE);
            reply(c, sid, delim, "INSTREAM size limit exceeded. ERROR");
            log_msg(LOG_INFO, "event=clamd_error id=%s error=\"stream over clamd_stream_max\" limit=%llu",
                    c->id, (unsigned long long)cfg->clamd_stream_max);
            rc = -1;
            goto out;
        }
        if (len + n > cap) {
            size_t nc = cap ? cap : 65536;
            while (nc < len + n)
                nc *= 2;
            char *nd = realloc(data, nc);
            if (!nd) {
                mx_error(FR_CLAMD, ERR_INTERNAL);
                reply(c, sid, delim, "INSTREAM: out of memory. ERROR");
                rc = -1;
                goto out;
            }
            data = nd;
            cap = nc;
        }
        r = read_exact(c, data + len, n);
        if (r) {
            mx_error(FR_CLAMD, r == -2 ? ERR_TIMEOUT : ERR_BAD_REQUEST);
            rc = -1;
            goto out;
        }
        len += n;
    }
    {
        domat_input in = {"stream", DOMAT_CONTENT_AUTO, NULL};
        domat_result *res = NULL;
        domat_status st = item_scan(FR_CLAMD, c->id, index, data ? data : "", len, NULL, &in, &res);
        if (st != DOMAT_OK)
            reply(c, sid, delim, "stream: Scan failed: %s ERROR", domat_status_name(st));
        else
            answer_result(c, sid, delim, "stream", res);
        domat_free_result(res);
    }
out:
    free(data);
    mx_request(FR_CLAMD, mono() - t0);
    mx_inflight(FR_CLAMD, -1);
    return rc;
}

static void do_scan_path(conn *c, unsigned sid, char delim, const char *path, unsigned index)
{
    if (!cfg->clamd_path_scan) {
        reply(c, sid, delim, "%s: Path scanning is disabled (clamd_path_scan). ERROR", path);
        mx_error(FR_CLAMD, ERR_BAD_REQUEST);
        return;
    }
    struct stat st;
    if (stat(path, &st) || !S_ISREG(st.st_mode)) {
        reply(c, sid, delim, "%s: %s. ERROR", path,
              errno == 0 || !stat(path, &st) ? "Not a regular file" : strerror(errno));
        return;
    }
    double t0 = mono();
    mx_inflight(FR_CLAMD, 1);
    domat_input in = {path, DOMAT_CONTENT_AUTO, NULL};
    domat_result *res = NULL;
    domat_status s = item_scan(FR_CLAMD, c->id, index, NULL, (size_t)st.st_size, path, &in, &res);
    if (res)
        answer_result(c, sid, delim, path, res);
    else
        reply(c, sid, delim, "%s: Scan failed: %s ERROR", path, domat_status_name(s));
    domat_free_result(res);
    mx_request(FR_CLAMD, mono() - t0);
    mx_inflight(FR_CLAMD, -1);
}

/* FILDES: the client passes an open file over the unix socket with one
** dummy byte; the reply is labelled fd[N] as clamd does. */
static int do_fildes(conn *c, unsigned sid, char delim, unsigned index)
{
    char dummy;
    if (read_exact(c, &dummy, 1))
        return -1;
    if (!c->nfds) {
        reply(c, sid, delim, "FILDES: didn't receive file descriptor. ERROR");
        mx_error(FR_CLAMD, ERR_BAD_REQUEST);
        return 0;
    }
    int pfd = c->fds[0];
    memmove(c->fds, c->fds + 1, (size_t)(--c->nfds) * sizeof c->fds[0]);
    char path[64], label[32];
    snprintf(path, sizeof path, "/proc/self/fd/%d", pfd);
    snprintf(label, sizeof label, "fd[%d]", pfd);
    double t0 = mono();
    mx_inflight(FR_CLAMD, 1);
    struct stat st;
    size_t size = fstat(pfd, &st) == 0 ? (size_t)st.st_size : 0;
    domat_input in = {label, DOMAT_CONTENT_AUTO, NULL};
    domat_result *res = NULL;
    domat_status s = item_scan(FR_CLAMD, c->id, index, NULL, size, path, &in, &res);
    if (res)
        answer_result(c, sid, delim, label, res);
    else
        reply(c, sid, delim, "%s: Scan failed: %s ERROR", label, domat_status_name(s));
    domat_free_result(res);
    close(pfd);
    mx_request(FR_CLAMD, mono() - t0);
    mx_inflight(FR_CLAMD, -1);
    return 0;
}

static void version_string(char *buf, size_t size)
{
    eref_info in;
    eref_get_info(&in);
    char when[64];
    struct tm tm;
    gmtime_r(&in.loaded_at, &tm);
    strftime(when, sizeof when, "%a %b %e %H:%M:%S %Y", &tm);
    snprintf(buf, size, "domatd %s/%llu/%s", DOMAT_VERSION, (unsigned long long)in.generation, when);
}

static void *conn_main(void *arg)
{
    conn *c = arg;
    char *cmd = malloc(CMD_MAX);
    unsigned sid = 0;     /* 0: not in a session */
    int session = 0;
    unsigned index = 0;
    item_new_id(FR_CLAMD, c->id, sizeof c->id);
    while (cmd) {
        char delim;
        int r = read_command(c, cmd, &delim);
        if (r == -3) {
            reply(c, 0, '\n', "Command too long. ERROR");
            mx_error(FR_CLAMD, ERR_BAD_REQUEST);
            break;
        }
        if (r)
            break;
        if (session)
            sid++;
        int close_after = !session;
        index++;
        if (!strcmp(cmd, "PING")) {
            reply(c, sid, delim, "PONG");
        } else if (!strcmp(cmd, "VERSION")) {
            char v[200];
            version_string(v, sizeof v);
            reply(c, sid, delim, "%s", v);
        } else if (!strcmp(cmd, "VERSIONCOMMANDS")) {
            char v[200];
            version_string(v, sizeof v);
            reply(c, sid, delim, "%s| COMMANDS: SCAN QUIT RELOAD PING CONTSCAN VERSIONCOMMANDS "
                  "VERSION END MULTISCAN FILDES STATS IDSESSION INSTREAM ALLMATCHSCAN", v);
        } else if (!strcmp(cmd, "RELOAD")) {
            eref_reload_async("clamd RELOAD");
            reply(c, sid, delim, "RELOADING");
        } else if (!strcmp(cmd, "STATS")) {
            eref_info in;
            eref_get_info(&in);
            reply(c, sid, delim, "POOLS: 1\n\nSTATE: VALID PRIMARY\nTHREADS: live %d  idle 0 max %u\n"
                  "QUEUE: 0 items\nDICTIONARY: %s generation %llu entries %llu\nEND",
                  atomic_load(&live), cfg->clamd_max_connections, in.digest,
                  (unsigned long long)in.generation, (unsigned long long)in.entries);
        } else if (!strcmp(cmd, "INSTREAM")) {
            if (do_instream(c, sid, delim, index))
                break;
        } else if (!strcmp(cmd, "FILDES")) {
            if (do_fildes(c, sid, delim, index))
                break;
        } else if (!strncmp(cmd, "SCAN ", 5) || !strncmp(cmd, "CONTSCAN ", 9) ||
                   !strncmp(cmd, "MULTISCAN ", 10) || !strncmp(cmd, "ALLMATCHSCAN ", 13)) {
            do_scan_path(c, sid, delim, strchr(cmd, ' ') + 1, index);
        } else if (!strcmp(cmd, "IDSESSION")) {
            if (session) {
                reply(c, sid, delim, "Command invalid inside IDSESSION. ERROR");
            } else {
                session = 1;
                close_after = 0;
            }
        } else if (!strcmp(cmd, "END") || !strcmp(cmd, "QUIT")) {
            break;
        } else if (!strcmp(cmd, "SHUTDOWN")) {
            /* A scanning client must not be able to stop the mail gateway. */
            reply(c, sid, delim, "SHUTDOWN is not allowed over the socket. ERROR");
            mx_error(FR_CLAMD, ERR_BAD_REQUEST);
        } else {
            reply(c, sid, delim, "UNKNOWN COMMAND");
            mx_error(FR_CLAMD, ERR_BAD_REQUEST);
            close_after = 1;
        }
        if (close_after || atomic_load(&stopping))
            break;
    }
    free(cmd);
    for (int i = 0; i < c->nfds; i++)
        close(c->fds[i]);
    close(c->fd);
    free(c);
    atomic_fetch_sub(&live, 1);
    return NULL;
}

static void *accept_main(void *arg)
{
    (void)arg;
    struct pollfd p[MAX_LISTEN + 1];
    for (;;) {
        int n = 0;
        p[n++] = (struct pollfd){wake[0], POLLIN, 0};
        for (int i = 0; i < nlisten; i++)
            p[n++] = (struct pollfd){lfd[i], POLLIN, 0};
        if (poll(p, (nfds_t)n, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (p[0].revents || atomic_load(&stopping))
            break;
        for (int i = 1; i < n; i++) {
            if (!(p[i].revents & POLLIN))
                continue;
            int fd = accept4(p[i].fd, NULL, NULL, SOCK_CLOEXEC);
            if (fd < 0)
                continue;
            if ((unsigned)atomic_load(&live) >= cfg->clamd_max_connections) {
                static const char busy[] = "Too many connections (clamd_max_connections). ERROR\n";
                send_all(fd, busy, sizeof busy - 1);
                close(fd);
                mx_error(FR_CLAMD, ERR_TOO_LARGE);
                continue;
            }
            conn *c = calloc(1, sizeof *c);
            pthread_t t;
            pthread_attr_t at;
            pthread_attr_init(&at);
            pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
            pthread_attr_setstacksize(&at, 256 * 1024);
            if (c) {
                c->fd = fd;
                atomic_fetch_add(&live, 1);
                if (pthread_create(&t, &at, conn_main, c)) {
                    atomic_fetch_sub(&live, 1);
                    free(c);
                    close(fd);
                }
            } else {
                close(fd);
            }
            pthread_attr_destroy(&at);
        }
    }
    return NULL;
}

int clamd_open(const conf *c, char *err, size_t errlen)
{
    cfg = c;
    char list[sizeof c->clamd_listen];
    memcpy(list, c->clamd_listen, sizeof list);
    char *save = NULL;
    for (char *t = strtok_r(list, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
        if (nlisten == MAX_LISTEN) {
            snprintf(err, errlen, "clamd_listen: at most %d sockets", MAX_LISTEN);
            return -1;
        }
        int fd = net_listen(t, c->socket_mode, c->socket_group, err, errlen);
        if (fd < 0)
            return -1;
        snprintf(lspec[nlisten], sizeof lspec[0], "%s", t);
        lfd[nlisten++] = fd;
    }
    return 0;
}

int clamd_start(const conf *c)
{
    cfg = c;
    if (pipe(wake))
        return -1;
    if (pthread_create(&acceptor, NULL, accept_main, NULL))
        return -1;
    acceptor_started = 1;
    for (int i = 0; i < nlisten; i++)
        log_msg(LOG_INFO, "event=listen frontend=clamd address=%s", lspec[i]);
    return 0;
}

void clamd_quiesce(void)
{
    if (!acceptor_started)
        return;
    atomic_store(&stopping, 1);
    char b = 1;
    ssize_t w = write(wake[1], &b, 1);
    (void)w;
    pthread_join(acceptor, NULL);
    acceptor_started = 0;
    for (int i = 0; i < nlisten; i++) {
        close(lfd[i]);
        const char *up = net_unix_path(lspec[i]);
        if (up)
            unlink(up);
    }
    nlisten = 0;
}

void clamd_stop(void)
{
    clamd_quiesce();
    /* Connection threads notice `stopping` within a quarter second. */
    for (int i = 0; i < 400 && atomic_load(&live) > 0; i++) {
        struct timespec ts = {0, 25 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    if (wake[0] >= 0) {
        close(wake[0]);
        close(wake[1]);
        wake[0] = wake[1] = -1;
    }
}

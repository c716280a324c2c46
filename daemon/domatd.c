/*
** 2026-11-25
**
** domatd.c: the daemon's main: settings, sockets, privileges, signals, and
** an orderly start and stop of the front ends around one shared engine.
**
** Start: read the config file and command-line overrides; open every
** listening socket while still root (low ports, /run); detach unless
** --foreground, with the parent waiting until the child is serving so an
** init script sees a failed start; drop to `user`; open the engine; start
** the HTTP, clamd and milter front ends. The dictionaries are opened after
** the privilege drop so that a reload later runs with the same rights.
**
** Signals: SIGHUP reloads the dictionaries in the background (and reopens
** the log file); SIGTERM and SIGINT stop. Every thread but this one blocks
** them, and this one takes them through a handler that only writes to a
** pipe, so the work happens in the main loop, not in signal context.
*/
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clamd.h"
#include "config.h"
#include "engine_ref.h"
#include "http.h"
#include "log.h"
#include "metrics.h"
#include "milter.h"
#include "net.h"

static int sig_pipe[2] = {-1, -1};

static void on_signal(int sig)
{
    int saved = errno;
    unsigned char b = (unsigned char)sig;
    ssize_t w = write(sig_pipe[1], &b, 1);
    (void)w;
    errno = saved;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: domatd [--config FILE] [--foreground] [--KEY=VALUE ...]\n"
            "\n"
            "  -c, --config FILE     settings file (default /etc/domat/domatd.conf if it exists)\n"
            "  -f, --foreground      stay in the foreground, log to standard error\n"
            "      --print-config    print the effective settings and exit\n"
            "      --check-config    check the settings and the dictionaries, then exit\n"
            "  -V, --version         print the version and exit\n"
            "  -h, --help            this help\n"
            "  --KEY=VALUE           any setting of the config file, e.g.\n"
            "                        --http-listen=127.0.0.1:8372 --clamd-listen=unix:/run/domatd/clamd.sock\n"
            "                        --milter-listen=inet:8890@127.0.0.1 --dictionaries=/etc/domat/dict\n"
            "                        --log-level=debug  (docs/domatd.md lists them all)\n");
}

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int drop_privileges(const conf *c)
{
    if (!c->user[0] || geteuid() != 0)
        return 0;
    struct passwd *pw = getpwnam(c->user);
    if (!pw) {
        log_msg(LOG_ERR, "event=start error=\"user %s does not exist\"", c->user);
        return -1;
    }
    if (initgroups(pw->pw_name, pw->pw_gid) || setgid(pw->pw_gid) || setuid(pw->pw_uid)) {
        log_msg(LOG_ERR, "event=start error=\"cannot become %s: %s\"", c->user, strerror(errno));
        return -1;
    }
    if (setuid(0) == 0) {
        log_msg(LOG_ERR, "event=start error=\"still able to regain root after dropping\"");
        return -1;
    }
    log_msg(LOG_INFO, "event=privileges user=%s uid=%d gid=%d", c->user, (int)pw->pw_uid,
            (int)pw->pw_gid);
    return 0;
}

/*
** Detach: the parent stays until the child reports through a pipe that it
** serves (one byte 0) or failed (its exit status), then exits with that.
*/
static int daemonize(int *ready_fd)
{
    int p[2];
    if (pipe(p))
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid > 0) {
        close(p[1]);
        unsigned char st = 1;
        ssize_t n = read(p[0], &st, 1);
        _exit(n == 1 ? st : 1);
    }
    close(p[0]);
    setsid();
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, 0);
        dup2(null, 1);
        close(null);
    }
    *ready_fd = p[1];
    return 0;
}

static void report_ready(int *ready_fd, unsigned char status)
{
    if (*ready_fd >= 0) {
        ssize_t w = write(*ready_fd, &status, 1);
        (void)w;
        close(*ready_fd);
        *ready_fd = -1;
    }
}

int main(int argc, char **argv)
{
    static conf cfg;
    conf_defaults(&cfg);
    char err[512];
    const char *config_path = NULL;
    int print_config = 0, check_config = 0;

    /* First pass: the config file, so the command line overrides it. */
    for (int i = 1; i < argc; i++) {
        if ((!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config")) && i + 1 < argc)
            config_path = argv[++i];
        else if (!strncmp(argv[i], "--config=", 9))
            config_path = argv[i] + 9;
    }
    if (!config_path && access("/etc/domat/domatd.conf", R_OK) == 0)
        config_path = "/etc/domat/domatd.conf";
    if (config_path && conf_load(&cfg, config_path, err, sizeof err)) {
        fprintf(stderr, "domatd: %s\n", err);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-c") || !strcmp(a, "--config")) {
            i++;
        } else if (!strncmp(a, "--config=", 9)) {
        } else if (!strcmp(a, "-f") || !strcmp(a, "--foreground")) {
            cfg.foreground = 1;
        } else if (!strcmp(a, "--print-config")) {
            print_config = 1;
        } else if (!strcmp(a, "--check-config")) {
            check_config = 1;
        } else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
            printf("domatd %s (%s)\n", DOMAT_VERSION, domat_version());
            return 0;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strncmp(a, "--", 2) && strchr(a, '=')) {
            char key[64];
            const char *eq = strchr(a, '=');
            size_t kl = (size_t)(eq - a - 2);
            if (kl >= sizeof key)
                kl = sizeof key - 1;
            memcpy(key, a + 2, kl);
            key[kl] = 0;
            if (conf_set(&cfg, key, eq + 1, err, sizeof err)) {
                fprintf(stderr, "domatd: %s\n", err);
                return 2;
            }
        } else if (!strncmp(a, "--", 2) && i + 1 < argc) {
            if (conf_set(&cfg, a + 2, argv[i + 1], err, sizeof err)) {
                fprintf(stderr, "domatd: %s\n", err);
                return 2;
            }
            i++;
        } else {
            fprintf(stderr, "domatd: unknown argument '%s'\n", a);
            usage(stderr);
            return 2;
        }
    }
    if (print_config) {
        conf_print(&cfg, stdout);
        return 0;
    }
    if (check_config) {
        const char *dirs[CONF_MAX_DICTS];
        for (size_t i = 0; i < cfg.ndicts; i++)
            dirs[i] = cfg.dicts[i];
        size_t n = 0;
        domat_status st = domat_check_dictionaries(dirs, cfg.ndicts, &n);
        if (st != DOMAT_OK) {
            fprintf(stderr, "domatd: %s\n", domat_last_error());
            return 2;
        }
        printf("settings ok, %zu dictionary entries\n", n);
        return 0;
    }
    if (!cfg.http_listen[0] && !cfg.clamd_listen[0] && !cfg.milter_listen[0]) {
        fprintf(stderr, "domatd: every front end is off (http_listen, clamd_listen, milter_listen)\n");
        return 2;
    }
    if (log_open(cfg.log_file, cfg.log_level)) {
        fprintf(stderr, "domatd: log_file %s: %s\n", cfg.log_file, strerror(errno));
        return 2;
    }
    mx_init();

    /* Signals: ignored SIGPIPE; the rest blocked until every thread exists. */
    signal(SIGPIPE, SIG_IGN);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK)) {
        fprintf(stderr, "domatd: pipe: %s\n", strerror(errno));
        return 2;
    }

    /* Sockets, while still root. */
    int http_fd = -1;
    if (cfg.http_listen[0]) {
        http_fd = net_listen(cfg.http_listen, cfg.socket_mode, cfg.socket_group, err, sizeof err);
        if (http_fd < 0) {
            log_msg(LOG_ERR, "event=start frontend=http error=\"%s\"", err);
            return 2;
        }
    }
    if (cfg.clamd_listen[0] && clamd_open(&cfg, err, sizeof err)) {
        log_msg(LOG_ERR, "event=start frontend=clamd error=\"%s\"", err);
        return 2;
    }
    if (cfg.milter_listen[0] && milter_open(&cfg, err, sizeof err)) {
        log_msg(LOG_ERR, "event=start frontend=milter error=\"%s\"", err);
        return 2;
    }

    int ready_fd = -1;
    if (!cfg.foreground && daemonize(&ready_fd)) {
        log_msg(LOG_ERR, "event=start error=\"fork: %s\"", strerror(errno));
        return 2;
    }
    if (cfg.pid_file[0]) {
        FILE *pf = fopen(cfg.pid_file, "w");
        if (pf) {
            fprintf(pf, "%ld\n", (long)getpid());
            fclose(pf);
        } else {
            log_msg(LOG_WARNING, "event=start error=\"pid_file %s: %s\"", cfg.pid_file,
                    strerror(errno));
        }
    }
    if (drop_privileges(&cfg) || eref_init(&cfg)) {
        report_ready(&ready_fd, 2);
        return 2;
    }

    if (http_fd >= 0 && http_start(&cfg, http_fd)) {
        log_msg(LOG_ERR, "event=start frontend=http error=\"libmicrohttpd would not start\"");
        report_ready(&ready_fd, 2);
        return 2;
    }
    if (cfg.clamd_listen[0] && clamd_start(&cfg)) {
        report_ready(&ready_fd, 2);
        return 2;
    }
    if (cfg.milter_listen[0] && milter_start(&cfg)) {
        report_ready(&ready_fd, 2);
        return 2;
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    /* Not deferred: a second signal during the handler must come here too,
    ** never to a library thread that waits for signals of its own. */
    sa.sa_flags = SA_RESTART | SA_NODEFER;
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);

    log_msg(LOG_INFO, "event=ready pid=%ld version=%s", (long)getpid(), DOMAT_VERSION);
    report_ready(&ready_fd, 0);

    int stop = 0;
    while (!stop) {
        struct pollfd pfd = {sig_pipe[0], POLLIN, 0};
        if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
            break;
        unsigned char b;
        while (read(sig_pipe[0], &b, 1) == 1) {
            if (b == SIGHUP) {
                log_reopen();
                eref_reload_async("SIGHUP");
            } else {
                log_msg(LOG_INFO, "event=stopping signal=%s", b == SIGTERM ? "TERM" : "INT");
                stop = 1;
            }
        }
    }

    /* Stop taking new work, let what is in flight finish, then close. */
    http_quiesce();
    clamd_quiesce();
    milter_quiesce();
    double deadline = mono() + cfg.shutdown_timeout;
    while (mono() < deadline && (mx_inflight_get(FR_HTTP) > 0 || mx_inflight_get(FR_CLAMD) > 0 ||
                                 mx_inflight_get(FR_MILTER) > 0)) {
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    long left = mx_inflight_get(FR_HTTP) + mx_inflight_get(FR_CLAMD) + mx_inflight_get(FR_MILTER);
    if (left > 0)
        log_msg(LOG_WARNING, "event=stopping msg=\"shutdown_timeout reached\" in_flight=%ld", left);
    http_stop();
    clamd_stop();
    milter_stop();
    eref_shutdown();
    if (cfg.pid_file[0])
        unlink(cfg.pid_file);
    log_msg(LOG_INFO, "event=stopped");
    log_close();
    close(sig_pipe[0]);
    close(sig_pipe[1]);
    return 0;
}

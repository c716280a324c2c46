/*
** 2026-11-25
**
** log.c: logfmt lines to standard error or a file, one write(2) a line.
**
** A line is built in a stack buffer and written with O_APPEND, so lines from
** worker threads stay whole without a lock. The file is reopened on SIGHUP
** for logrotate; the descriptor is swapped atomically.
*/
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static atomic_int log_fd = 2;
static int log_lvl = LOG_INFO;
static char log_path[256];

static const struct { const char *name; int level; } levels[] = {
    {"error", LOG_ERR}, {"warning", LOG_WARNING}, {"warn", LOG_WARNING},
    {"info", LOG_INFO}, {"debug", LOG_DEBUG},
};

int log_level_parse(const char *name)
{
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
        if (!strcmp(levels[i].name, name))
            return levels[i].level;
    return -1;
}

const char *log_level_name(int level)
{
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
        if (levels[i].level == level)
            return levels[i].name;
    return "info";
}

static int open_path(void)
{
    int fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd < 0)
        return -1;
    int old = atomic_exchange(&log_fd, fd);
    if (old > 2)
        close(old);
    return 0;
}

int log_open(const char *path, int level)
{
    log_lvl = level;
    if (!path || !*path) {
        log_path[0] = 0;
        return 0;
    }
    snprintf(log_path, sizeof log_path, "%s", path);
    return open_path();
}

void log_reopen(void)
{
    if (log_path[0])
        open_path();
}

void log_close(void)
{
    int old = atomic_exchange(&log_fd, 2);
    if (old > 2)
        close(old);
}

int log_enabled(int level)
{
    return level <= log_lvl;
}

void log_msg(int level, const char *fmt, ...)
{
    if (level > log_lvl)
        return;
    char line[2048];
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    int n = (int)strftime(line, sizeof line, "ts=%Y-%m-%dT%H:%M:%S", &tm);
    n += snprintf(line + n, sizeof line - (size_t)n, ".%03ldZ level=%s ",
                  ts.tv_nsec / 1000000, log_level_name(level));
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    va_end(ap);
    if (m < 0)
        m = 0;
    n += m;
    if (n > (int)sizeof line - 2)
        n = (int)sizeof line - 2;
    line[n++] = '\n';
    ssize_t w = write(atomic_load(&log_fd), line, (size_t)n);
    (void)w;
}

const char *log_quote(char *buf, size_t size, const char *s)
{
    size_t o = 0;
    if (size < 3) {
        if (size)
            buf[0] = 0;
        return buf;
    }
    buf[o++] = '"';
    for (; s && *s && o + 4 < size; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            buf[o++] = '\\';
            buf[o++] = (char)ch;
        } else if (ch < 0x20 || ch == 0x7f) {
            buf[o++] = '?';
        } else {
            buf[o++] = (char)ch;
        }
    }
    buf[o++] = '"';
    buf[o] = 0;
    return buf;
}

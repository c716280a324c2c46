/*
** 2026-11-25
**
** net.c: listening sockets for the HTTP and clamd front ends (libmilter
** opens its own, see milter.c), and unix socket permissions.
*/
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "net.h"

const char *net_unix_path(const char *spec)
{
    if (!strncmp(spec, "unix:", 5))
        return spec + 5;
    if (!strncmp(spec, "local:", 6))
        return spec + 6;
    if (spec[0] == '/')
        return spec;
    return NULL;
}

int net_chmod_socket(const char *path, unsigned mode, const char *group,
                     char *err, size_t errlen)
{
    if (chmod(path, mode)) {
        snprintf(err, errlen, "chmod %s: %s", path, strerror(errno));
        return -1;
    }
    if (group && *group) {
        struct group *g = getgrnam(group);
        if (!g) {
            snprintf(err, errlen, "socket_group %s: no such group", group);
            return -1;
        }
        if (chown(path, (uid_t)-1, g->gr_gid)) {
            snprintf(err, errlen, "chown %s: %s", path, strerror(errno));
            return -1;
        }
    }
    return 0;
}

static int listen_unix(const char *path, unsigned mode, const char *group,
                       char *err, size_t errlen)
{
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof sa.sun_path) {
        snprintf(err, errlen, "%s: path too long for a unix socket", path);
        return -1;
    }
    memcpy(sa.sun_path, path, strlen(path) + 1);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(err, errlen, "socket: %s", strerror(errno));
        return -1;
    }
    /* Replace a socket left by a previous run, but never a regular file. */
    struct stat st;
    if (lstat(path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            snprintf(err, errlen, "%s exists and is not a socket", path);
            close(fd);
            return -1;
        }
        unlink(path);
    }
    mode_t old = umask(0177);
    int rc = bind(fd, (struct sockaddr *)&sa, sizeof sa);
    umask(old);
    if (rc || listen(fd, 128)) {
        snprintf(err, errlen, "bind %s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (net_chmod_socket(path, mode, group, err, errlen)) {
        close(fd);
        return -1;
    }
    return fd;
}

int net_listen(const char *spec, unsigned mode, const char *group,
               char *err, size_t errlen)
{
    const char *upath = net_unix_path(spec);
    if (upath)
        return listen_unix(upath, mode, group, err, errlen);

    char host[256], port[16];
    const char *colon = strrchr(spec, ':');
    if (spec[0] == '[') {
        const char *rb = strchr(spec, ']');
        if (!rb || rb[1] != ':' || (size_t)(rb - spec - 1) >= sizeof host) {
            snprintf(err, errlen, "%s: expected [address]:port", spec);
            return -1;
        }
        memcpy(host, spec + 1, (size_t)(rb - spec - 1));
        host[rb - spec - 1] = 0;
        snprintf(port, sizeof port, "%s", rb + 2);
    } else if (colon) {
        if ((size_t)(colon - spec) >= sizeof host) {
            snprintf(err, errlen, "%s: host too long", spec);
            return -1;
        }
        memcpy(host, spec, (size_t)(colon - spec));
        host[colon - spec] = 0;
        snprintf(port, sizeof port, "%s", colon + 1);
    } else {
        snprintf(host, sizeof host, "127.0.0.1");
        snprintf(port, sizeof port, "%s", spec);
    }
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int gai = getaddrinfo(host[0] ? host : NULL, port, &hints, &ai);
    if (gai) {
        snprintf(err, errlen, "%s: %s", spec, gai_strerror(gai));
        return -1;
    }
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
        snprintf(err, errlen, "socket: %s", strerror(errno));
        freeaddrinfo(ai);
        return -1;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, 1024)) {
        snprintf(err, errlen, "bind %s: %s", spec, strerror(errno));
        close(fd);
        freeaddrinfo(ai);
        return -1;
    }
    freeaddrinfo(ai);
    return fd;
}

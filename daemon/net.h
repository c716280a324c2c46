/*
** 2026-11-25
**
** net.h: listening sockets, opened before domatd drops root so it can bind
** low ports and create sockets in /run.
*/
#ifndef DOMATD_NET_H
#define DOMATD_NET_H

#include <stddef.h>

/*
** Open a listening socket from "unix:/path", "/path", "host:port",
** "[v6]:port" or "port" (127.0.0.1). A stale unix socket file is replaced;
** its mode and group are set (group "" keeps the default). Returns the fd
** or -1 with a message in err.
*/
int net_listen(const char *spec, unsigned mode, const char *group,
               char *err, size_t errlen);

/* Set mode and group of a unix socket path that someone else created. */
int net_chmod_socket(const char *path, unsigned mode, const char *group,
                     char *err, size_t errlen);

/* The path of a unix spec ("unix:/x" or "/x"), or NULL for TCP. */
const char *net_unix_path(const char *spec);

#endif

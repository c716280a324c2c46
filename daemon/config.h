/*
** 2026-11-25
**
** config.h: domatd's settings, one struct filled from defaults, then the
** config file, then the command line. docs/domatd.md is the reference for
** every key; config.c holds the table that both the parser and
** `domatd --print-config` walk, so the three cannot drift apart.
*/
#ifndef DOMATD_CONFIG_H
#define DOMATD_CONFIG_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#define CONF_MAX_DICTS 16

/* What the milter does with a message of a given verdict. */
typedef enum conf_action {
    ACT_ACCEPT = 0,     /* deliver, with X-Domat-Verdict / X-Domat-Level */
    ACT_REJECT = 1,     /* 550 5.7.1 with the reason */
    ACT_QUARANTINE = 2, /* accept into the MTA's hold queue */
    ACT_TEMPFAIL = 3,   /* 451 4.7.1: the sender retries later */
    ACT_DISCARD = 4     /* accept and drop silently */
} conf_action;

typedef struct conf {
    /* Sockets. Empty string: that front end is off. */
    char http_listen[256];   /* host:port, [v6]:port */
    char clamd_listen[512];  /* unix:/path or host:port, comma-separated */
    char milter_listen[256]; /* libmilter spec: unix:/path or inet:port@host */
    unsigned socket_mode;    /* octal mode of the unix sockets */
    char socket_group[64];   /* group of the unix sockets, "" keeps it */
    char user[64];           /* drop to this user after binding, "" stays */
    char pid_file[256];

    /* Engine. */
    char dicts[CONF_MAX_DICTS][256];
    size_t ndicts;
    char database[256];      /* compiled cache, "" for none */
    uint64_t scan_max_bytes; /* engine limit per input, 0 = engine default */
    uint32_t scan_max_time_ms;

    /* HTTP. */
    uint64_t http_max_body;
    uint32_t http_max_parts;
    uint32_t http_max_connections;
    uint32_t http_per_ip;    /* connections per client address, 0 = none */
    uint32_t http_threads;   /* I/O threads, 0 = one per core */
    uint32_t http_scan_threads; /* scan workers, 0 = one per core */
    uint32_t http_idle_timeout;    /* seconds without a byte */
    uint32_t http_request_timeout; /* seconds for a whole request */
    char http_cors_origins[512];   /* "*" or space-separated origins, "" none */

    /* clamd protocol. */
    uint64_t clamd_stream_max;
    uint32_t clamd_max_connections;
    uint32_t clamd_timeout;  /* seconds to wait for a command or a chunk */
    int clamd_review_found;  /* review answers FOUND (1) or OK (0) */
    int clamd_path_scan;     /* allow SCAN /path (files the daemon can read) */

    /* milter. */
    uint64_t milter_max_message;
    conf_action milter_on_block;
    conf_action milter_on_review;
    conf_action milter_on_allow;
    conf_action milter_on_error; /* engine failure or timeout */
    uint32_t milter_timeout;     /* libmilter MTA I/O timeout, seconds */
    int milter_headers;          /* add X-Domat-* to accepted messages */

    /* Operations. */
    int log_level;           /* LOG_ERR .. LOG_DEBUG, see log.h */
    char log_file[256];      /* "" = standard error */
    uint32_t shutdown_timeout;
    int foreground;
} conf;

/* Defaults for everything. */
void conf_defaults(conf *c);

/*
** Set one key from its text value; "http-listen" and "http_listen" are the
** same key. Returns 0, or -1 with a message in err.
*/
int conf_set(conf *c, const char *key, const char *value, char *err, size_t errlen);

/* Read a config file; errors name file:line. */
int conf_load(conf *c, const char *path, char *err, size_t errlen);

/* Write every key and its effective value, as a valid config file. */
void conf_print(const conf *c, FILE *out);

const char *conf_action_name(conf_action a);

#endif

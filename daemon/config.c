/*
** 2026-11-25
**
** config.c: the config file and command-line overrides for domatd.
**
** The file is "key = value" lines, '#' starts a comment, blank lines are
** ignored. Every key is in the table below with its type, so parsing, the
** command line (--key=value) and --print-config share one list. Sizes take
** K/M/G suffixes (powers of 1024); booleans are yes/no/true/false/1/0.
** A key given twice keeps the last value, except `dictionaries`, which
** replaces the whole list each time it is given.
*/
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"

#ifndef DOMAT_DICTDIR
# define DOMAT_DICTDIR "/usr/share/domat/dictionaries"
#endif

typedef enum ktype { K_STR, K_U32, K_U64SIZE, K_MODE, K_BOOL, K_ACTION,
                     K_LOGLEVEL, K_DICTS } ktype;

typedef struct key {
    const char *name;
    ktype type;
    size_t off;
    size_t size; /* for K_STR: the buffer size */
} key;

#define F(field) offsetof(conf, field), sizeof(((conf *)0)->field)

static const key keys[] = {
    {"http_listen", K_STR, F(http_listen)},
    {"clamd_listen", K_STR, F(clamd_listen)},
    {"milter_listen", K_STR, F(milter_listen)},
    {"socket_mode", K_MODE, F(socket_mode)},
    {"socket_group", K_STR, F(socket_group)},
    {"user", K_STR, F(user)},
    {"pid_file", K_STR, F(pid_file)},
    {"dictionaries", K_DICTS, F(dicts)},
    {"database", K_STR, F(database)},
    {"scan_max_bytes", K_U64SIZE, F(scan_max_bytes)},
    {"scan_max_time_ms", K_U32, F(scan_max_time_ms)},
    {"http_max_body", K_U64SIZE, F(http_max_body)},
    {"http_max_parts", K_U32, F(http_max_parts)},
    {"http_max_connections", K_U32, F(http_max_connections)},
    {"http_per_ip_connections", K_U32, F(http_per_ip)},
    {"http_threads", K_U32, F(http_threads)},
    {"http_scan_threads", K_U32, F(http_scan_threads)},
    {"http_idle_timeout", K_U32, F(http_idle_timeout)},
    {"http_request_timeout", K_U32, F(http_request_timeout)},
    {"http_cors_origins", K_STR, F(http_cors_origins)},
    {"clamd_stream_max", K_U64SIZE, F(clamd_stream_max)},
    {"clamd_max_connections", K_U32, F(clamd_max_connections)},
    {"clamd_timeout", K_U32, F(clamd_timeout)},
    {"clamd_review_found", K_BOOL, F(clamd_review_found)},
    {"clamd_path_scan", K_BOOL, F(clamd_path_scan)},
    {"milter_max_message", K_U64SIZE, F(milter_max_message)},
    {"milter_on_block", K_ACTION, F(milter_on_block)},
    {"milter_on_review", K_ACTION, F(milter_on_review)},
    {"milter_on_allow", K_ACTION, F(milter_on_allow)},
    {"milter_on_error", K_ACTION, F(milter_on_error)},
    {"milter_timeout", K_U32, F(milter_timeout)},
    {"milter_headers", K_BOOL, F(milter_headers)},
    {"log_level", K_LOGLEVEL, F(log_level)},
    {"log_file", K_STR, F(log_file)},
    {"shutdown_timeout", K_U32, F(shutdown_timeout)},
    {"foreground", K_BOOL, F(foreground)},
};

static const char *action_names[] = {"accept", "reject", "quarantine",
                                     "tempfail", "discard"};

const char *conf_action_name(conf_action a)
{
    return (unsigned)a < 5 ? action_names[a] : "?";
}

void conf_defaults(conf *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->http_listen, sizeof c->http_listen, "127.0.0.1:8372");
    snprintf(c->clamd_listen, sizeof c->clamd_listen, "unix:/run/domatd/clamd.sock");
    snprintf(c->milter_listen, sizeof c->milter_listen, "unix:/run/domatd/milter.sock");
    c->socket_mode = 0660;
    snprintf(c->dicts[0], sizeof c->dicts[0], "%s", DOMAT_DICTDIR);
    c->ndicts = 1;
    c->scan_max_time_ms = 10000;
    c->http_max_body = 32ULL << 20;
    c->http_max_parts = 32;
    c->http_max_connections = 1024;
    c->http_per_ip = 0;
    c->http_threads = 0;
    c->http_idle_timeout = 15;
    c->http_request_timeout = 60;
    snprintf(c->http_cors_origins, sizeof c->http_cors_origins, "*");
    c->clamd_stream_max = 25ULL << 20;
    c->clamd_max_connections = 64;
    c->clamd_timeout = 30;
    c->clamd_review_found = 1;
    c->clamd_path_scan = 0;
    c->milter_max_message = 64ULL << 20;
    c->milter_on_block = ACT_REJECT;
    c->milter_on_review = ACT_ACCEPT;
    c->milter_on_allow = ACT_ACCEPT;
    c->milter_on_error = ACT_TEMPFAIL;
    c->milter_timeout = 300;
    c->milter_headers = 1;
    c->log_level = LOG_INFO;
    c->shutdown_timeout = 10;
}

static int parse_u64(const char *v, uint64_t *out, int sizes)
{
    char *end;
    errno = 0;
    if (!isdigit((unsigned char)*v))
        return -1;
    unsigned long long n = strtoull(v, &end, 10);
    if (errno)
        return -1;
    unsigned shift = 0;
    if (sizes && *end) {
        switch (toupper((unsigned char)*end)) {
        case 'K': shift = 10; break;
        case 'M': shift = 20; break;
        case 'G': shift = 30; break;
        default: return -1;
        }
        end++;
        if (toupper((unsigned char)*end) == 'B' || toupper((unsigned char)*end) == 'I')
            end++;
    }
    if (*end)
        return -1;
    if (shift && n > (UINT64_MAX >> shift))
        return -1;
    *out = (uint64_t)n << shift;
    return 0;
}

static int parse_bool(const char *v, int *out)
{
    if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "on"))
        *out = 1;
    else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "off"))
        *out = 0;
    else
        return -1;
    return 0;
}

int conf_set(conf *c, const char *name, const char *v, char *err, size_t errlen)
{
    char norm[64];
    size_t i;
    for (i = 0; name[i] && i + 1 < sizeof norm; i++)
        norm[i] = name[i] == '-' ? '_' : name[i];
    norm[i] = 0;
    const key *k = NULL;
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (!strcmp(keys[i].name, norm))
            k = &keys[i];
    if (!k) {
        snprintf(err, errlen, "unknown setting '%s'", name);
        return -1;
    }
    char *p = (char *)c + k->off;
    uint64_t n;
    switch (k->type) {
    case K_STR:
        if (strlen(v) >= k->size) {
            snprintf(err, errlen, "%s: value longer than %zu bytes", k->name, k->size - 1);
            return -1;
        }
        memcpy(p, v, strlen(v) + 1);
        return 0;
    case K_U32:
        if (parse_u64(v, &n, 0) || n > UINT32_MAX)
            goto bad;
        *(uint32_t *)(void *)p = (uint32_t)n;
        return 0;
    case K_U64SIZE:
        if (parse_u64(v, &n, 1))
            goto bad;
        *(uint64_t *)(void *)p = n;
        return 0;
    case K_MODE: {
        char *end;
        unsigned long m = strtoul(v, &end, 8);
        if (!*v || *end || m > 07777)
            goto bad;
        *(unsigned *)(void *)p = (unsigned)m;
        return 0;
    }
    case K_BOOL:
        if (parse_bool(v, (int *)(void *)p))
            goto bad;
        return 0;
    case K_ACTION:
        for (i = 0; i < 5; i++)
            if (!strcmp(v, action_names[i])) {
                *(conf_action *)(void *)p = (conf_action)i;
                return 0;
            }
        snprintf(err, errlen, "%s: '%s' is not one of accept, reject, quarantine, tempfail, discard",
                 k->name, v);
        return -1;
    case K_LOGLEVEL: {
        int l = log_level_parse(v);
        if (l < 0)
            goto bad;
        *(int *)(void *)p = l;
        return 0;
    }
    case K_DICTS: {
        /* Space- or comma-separated directories; the list is replaced. */
        char buf[CONF_MAX_DICTS * 256];
        if (strlen(v) >= sizeof buf)
            goto bad;
        memcpy(buf, v, strlen(v) + 1);
        c->ndicts = 0;
        char *save = NULL;
        for (char *t = strtok_r(buf, " ,\t", &save); t; t = strtok_r(NULL, " ,\t", &save)) {
            if (c->ndicts == CONF_MAX_DICTS || strlen(t) >= sizeof c->dicts[0]) {
                snprintf(err, errlen, "dictionaries: at most %d directories of 255 bytes",
                         CONF_MAX_DICTS);
                return -1;
            }
            memcpy(c->dicts[c->ndicts++], t, strlen(t) + 1);
        }
        if (!c->ndicts) {
            snprintf(err, errlen, "dictionaries: at least one directory is needed");
            return -1;
        }
        return 0;
    }
    }
bad:
    snprintf(err, errlen, "%s: bad value '%s'", k->name, v);
    return -1;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = 0;
    return s;
}

int conf_load(conf *c, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char line[4096];
    unsigned lineno = 0;
    int rc = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = 0;
        char *s = trim(line);
        if (!*s)
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            snprintf(err, errlen, "%s:%u: expected 'key = value'", path, lineno);
            rc = -1;
            break;
        }
        *eq = 0;
        char *k = trim(s), *v = trim(eq + 1);
        /* Quotes are allowed around a value, e.g. for an empty one: "" */
        size_t vl = strlen(v);
        if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
            v[vl - 1] = 0;
            v++;
        }
        char msg[300];
        if (conf_set(c, k, v, msg, sizeof msg)) {
            snprintf(err, errlen, "%s:%u: %s", path, lineno, msg);
            rc = -1;
            break;
        }
    }
    fclose(f);
    return rc;
}

void conf_print(const conf *c, FILE *out)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const key *k = &keys[i];
        const char *p = (const char *)c + k->off;
        fprintf(out, "%s = ", k->name);
        switch (k->type) {
        case K_STR:
            fprintf(out, "\"%s\"", p);
            break;
        case K_U32:
            fprintf(out, "%u", *(const uint32_t *)(const void *)p);
            break;
        case K_U64SIZE:
            fprintf(out, "%llu", (unsigned long long)*(const uint64_t *)(const void *)p);
            break;
        case K_MODE:
            fprintf(out, "%04o", *(const unsigned *)(const void *)p);
            break;
        case K_BOOL:
            fprintf(out, "%s", *(const int *)(const void *)p ? "yes" : "no");
            break;
        case K_ACTION:
            fprintf(out, "%s", conf_action_name(*(const conf_action *)(const void *)p));
            break;
        case K_LOGLEVEL:
            fprintf(out, "%s", log_level_name(*(const int *)(const void *)p));
            break;
        case K_DICTS:
            for (size_t j = 0; j < c->ndicts; j++)
                fprintf(out, "%s%s", j ? " " : "", c->dicts[j]);
            break;
        }
        fputc('\n', out);
    }
}

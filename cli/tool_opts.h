/*
** 2026-11-25
**
** tool_opts.h: command-line option parsing shared by every domat subcommand.
**
** One table in tool_opts.c knows every option, its short form, whether it
** takes a value and which subcommands accept it; tool_parse_args() walks argv
** with that table and fills a tool_config. The one-line help for each option
** is not here: it comes from cli/options/<name>.md through cli/mkhelp.sh, so
** the pages stay the single source of what users read.
*/
#ifndef DOMAT_TOOL_OPTS_H
#define DOMAT_TOOL_OPTS_H

#include <stddef.h>
#include <stdint.h>

#include "domat.h"

/* Exit statuses, as grep and clamscan use them (see the output contract). */
#define TOOL_EXIT_ALLOW 0
#define TOOL_EXIT_FOUND 1
#define TOOL_EXIT_ERROR 2

/* Which subcommand is parsing; an option lists the ones that accept it. */
#define TOOL_CMD_SCAN 0x1u
#define TOOL_CMD_DICT_CHECK 0x2u
#define TOOL_CMD_DICT_COMPILE 0x4u
#define TOOL_CMD_CRAWL 0x8u

/* Bounds of --jobs: one scanner per thread; 256 is far past any useful
** parallelism on one machine and keeps a typo like -j 4000 from spawning
** thousands of threads. */
#define TOOL_JOBS_MIN 1u
#define TOOL_JOBS_MAX 256u

/* A growable array of borrowed strings (they point into argv). */
typedef struct tool_strlist {
    const char **v;
    size_t n;
    size_t cap;
} tool_strlist;

typedef struct tool_config {
    unsigned cmd;             /* TOOL_CMD_* being parsed */
    domat_format format;      /* --format */
    unsigned jobs;            /* --jobs */
    tool_strlist dicts;       /* --dict, in the order given */
    int no_default_dict;      /* --no-default-dict */
    const char *db;           /* --db, or NULL */
    domat_content content;    /* --type */
    const char *encoding;     /* --encoding, NULL to detect */
    uint64_t max_size;        /* --max-size, 0 for the engine's default */
    uint32_t header_lines;    /* --header-lines, 0 for the engine's default */
    uint32_t max_depth;       /* --max-depth, 0 for the engine's default */
    uint32_t max_time_ms;     /* --max-time in ms, 0 for the engine's default */
    int quiet;                /* --quiet */
    int verbose;              /* --verbose */
    int only_found;           /* --only-found */
    int follow;               /* --follow */
    const char *name;         /* --name: how standard input is shown */
    const char *output;       /* --output */
    int help;                 /* --help was given */
    int version;              /* --version was given */
    tool_strlist operands;    /* paths, directories, "-" */
    /* domat crawl (tool_crawl.c) and domat scan --warc */
    tool_strlist seeds;       /* --seed, in the order given */
    int scope;                /* --scope: 0 host, 1 domain, 2 prefix */
    uint64_t max_pages;       /* --max-pages, 0 for the default */
    int link_depth;           /* --link-depth, -1 for the default */
    double rate;              /* --rate in requests/s, 0 for the default */
    unsigned host_connections; /* --host-connections, 0 for the default */
    const char *state;        /* --state FILE, or NULL */
    const char *report;       /* --report DIR, or NULL */
    unsigned timeout;         /* --timeout in s, 0 for the default */
    const char *user_agent;   /* --user-agent, or NULL */
    int warc;                 /* --warc: operands are WARC files */
} tool_config;

/* Defaults for every field; cmd says which subcommand is parsing. */
void tool_config_init(tool_config *cfg, unsigned cmd);
/* Free the lists (not the strings, which belong to argv). NULL is fine. */
void tool_config_free(tool_config *cfg);

/*
** Parse argv[first..argc-1] into cfg. Long options as --name=value or
** --name value, short ones as -j 4, -j4 or bundled flags (-qv); "--" ends the
** options and a lone "-" is an operand (standard input). Returns 0, or
** TOOL_EXIT_ERROR after printing "domat: ..." and a hint to stderr.
*/
int tool_parse_args(tool_config *cfg, int argc, char **argv, int first);

/*
** Value parsers, exposed for the subcommands. Each prints
** "domat: --OPT: 'VALUE' is not ..." and returns -1 on a bad value.
*/
int tool_parse_uint(const char *opt, const char *s, uint64_t min, uint64_t max,
                    uint64_t *out);
int tool_parse_size(const char *opt, const char *s, uint64_t *out);

/* Append to a list; 0, or -1 when out of memory (message printed). */
int tool_strlist_add(tool_strlist *l, const char *s);

/* The hint printed to stderr after a usage error. */
void tool_print_try_help(void);

#endif /* DOMAT_TOOL_OPTS_H */

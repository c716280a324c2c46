/*
** 2026-11-25
**
** tool_opts.c: the option table and argv parser shared by every domat
** subcommand, and the parsers for numeric values.
**
** Takes argv, hands a filled tool_config to the subcommand. It never touches
** the engine: a subcommand decides what the values mean. Errors are printed
** here, in one style ("domat: --jobs: 'x' is not a number from 1 to 256"),
** so every subcommand reports bad input the same way, and they exit with 2.
**
** Every entry of the table below has a page cli/options/<name>.md; the help
** text is generated from those pages, and tests/e2e_cli.sh checks that each
** page's option is both listed by --help and accepted here.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_opts.h"

enum tool_opt_id {
    OPT_FORMAT = 1,
    OPT_JOBS,
    OPT_DICT,
    OPT_NO_DEFAULT_DICT,
    OPT_DB,
    OPT_TYPE,
    OPT_ENCODING,
    OPT_MAX_SIZE,
    OPT_HEADER_LINES,
    OPT_MAX_DEPTH,
    OPT_MAX_TIME,
    OPT_QUIET,
    OPT_VERBOSE,
    OPT_ONLY_FOUND,
    OPT_FOLLOW,
    OPT_NAME,
    OPT_OUTPUT,
    OPT_HELP,
    OPT_VERSION,
    OPT_SEED,
    OPT_SCOPE,
    OPT_MAX_PAGES,
    OPT_LINK_DEPTH,
    OPT_RATE,
    OPT_HOST_CONNECTIONS,
    OPT_STATE,
    OPT_REPORT,
    OPT_TIMEOUT,
    OPT_USER_AGENT,
    OPT_WARC
};

#define CMD_ALL (TOOL_CMD_SCAN | TOOL_CMD_DICT_CHECK | TOOL_CMD_DICT_COMPILE | \
                 TOOL_CMD_CRAWL)
/* Options of scan that mean the same in crawl (engine, output, jobs). */
#define CMD_SCANS (TOOL_CMD_SCAN | TOOL_CMD_CRAWL)

typedef struct tool_optdef {
    const char *name;  /* long name, without "--" */
    char shortname;    /* 0 when there is none */
    int takes_value;
    unsigned cmds;     /* TOOL_CMD_* that accept it */
    enum tool_opt_id id;
} tool_optdef;

/* Short forms only where other scanners taught users one (-j as in make,
** -q/-v as in grep, -o as in cc); the rest stay long to leave room. */
static const tool_optdef optdefs[] = {
    {"db", 0, 1, CMD_SCANS, OPT_DB},
    {"dict", 0, 1, CMD_SCANS, OPT_DICT},
    {"encoding", 0, 1, TOOL_CMD_SCAN, OPT_ENCODING},
    {"follow", 0, 0, TOOL_CMD_SCAN, OPT_FOLLOW},
    {"format", 0, 1, CMD_SCANS, OPT_FORMAT},
    {"header-lines", 0, 1, CMD_SCANS, OPT_HEADER_LINES},
    {"help", 'h', 0, CMD_ALL, OPT_HELP},
    {"host-connections", 0, 1, TOOL_CMD_CRAWL, OPT_HOST_CONNECTIONS},
    {"jobs", 'j', 1, CMD_SCANS, OPT_JOBS},
    {"max-depth", 0, 1, TOOL_CMD_SCAN, OPT_MAX_DEPTH},
    {"link-depth", 0, 1, TOOL_CMD_CRAWL, OPT_LINK_DEPTH},
    {"max-pages", 0, 1, TOOL_CMD_CRAWL, OPT_MAX_PAGES},
    {"max-size", 0, 1, CMD_SCANS, OPT_MAX_SIZE},
    {"max-time", 0, 1, TOOL_CMD_SCAN, OPT_MAX_TIME},
    {"name", 0, 1, TOOL_CMD_SCAN, OPT_NAME},
    {"no-default-dict", 0, 0, CMD_SCANS, OPT_NO_DEFAULT_DICT},
    {"only-found", 0, 0, CMD_SCANS, OPT_ONLY_FOUND},
    {"output", 'o', 1, TOOL_CMD_DICT_COMPILE, OPT_OUTPUT},
    {"quiet", 'q', 0, CMD_ALL, OPT_QUIET},
    {"rate", 0, 1, TOOL_CMD_CRAWL, OPT_RATE},
    {"report", 0, 1, TOOL_CMD_CRAWL, OPT_REPORT},
    {"scope", 0, 1, TOOL_CMD_CRAWL, OPT_SCOPE},
    {"seed", 0, 1, TOOL_CMD_CRAWL, OPT_SEED},
    {"state", 0, 1, TOOL_CMD_CRAWL, OPT_STATE},
    {"timeout", 0, 1, TOOL_CMD_CRAWL, OPT_TIMEOUT},
    {"type", 0, 1, TOOL_CMD_SCAN, OPT_TYPE},
    {"user-agent", 0, 1, TOOL_CMD_CRAWL, OPT_USER_AGENT},
    {"verbose", 'v', 0, CMD_ALL, OPT_VERBOSE},
    {"version", 0, 0, CMD_ALL, OPT_VERSION},
    {"warc", 0, 0, TOOL_CMD_SCAN, OPT_WARC},
};
#define NOPTDEFS (sizeof optdefs / sizeof optdefs[0])

static const char *cmd_name(unsigned cmd)
{
    switch (cmd) {
    case TOOL_CMD_SCAN: return "scan";
    case TOOL_CMD_DICT_CHECK: return "dict check";
    case TOOL_CMD_DICT_COMPILE: return "dict compile";
    case TOOL_CMD_CRAWL: return "crawl";
    default: return "domat";
    }
}

void tool_print_try_help(void)
{
    fputs("Try 'domat --help' for more information.\n", stderr);
}

void tool_config_init(tool_config *cfg, unsigned cmd)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->cmd = cmd;
    cfg->format = DOMAT_FORMAT_TEXT;
    cfg->jobs = 1;
    cfg->content = DOMAT_CONTENT_AUTO;
    cfg->link_depth = -1;
}

void tool_config_free(tool_config *cfg)
{
    if (!cfg)
        return;
    free(cfg->dicts.v);
    free(cfg->operands.v);
    free(cfg->seeds.v);
    cfg->seeds.v = NULL;
    cfg->seeds.n = cfg->seeds.cap = 0;
    cfg->dicts.v = cfg->operands.v = NULL;
    cfg->dicts.n = cfg->operands.n = 0;
    cfg->dicts.cap = cfg->operands.cap = 0;
}

int tool_strlist_add(tool_strlist *l, const char *s)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        const char **v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            fputs("domat: out of memory\n", stderr);
            return -1;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = s;
    return 0;
}

/* Decimal digits only: a sign, blanks, "0x" or "1e3" in a limit is more
** likely a mistake than an intention, and strtoull would accept some. */
static int parse_digits(const char *s, const char **end, uint64_t *out)
{
    uint64_t v = 0;
    const char *p = s;
    if (*p < '0' || *p > '9')
        return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (v > (UINT64_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    *end = p;
    *out = v;
    return 0;
}

int tool_parse_uint(const char *opt, const char *s, uint64_t min, uint64_t max,
                    uint64_t *out)
{
    const char *end;
    uint64_t v;
    if (parse_digits(s, &end, &v) != 0 || *end != '\0' || v < min || v > max) {
        fprintf(stderr, "domat: %s: '%s' is not a number from %llu to %llu\n",
                opt, s, (unsigned long long)min, (unsigned long long)max);
        return -1;
    }
    *out = v;
    return 0;
}

int tool_parse_size(const char *opt, const char *s, uint64_t *out)
{
    const char *end;
    uint64_t v, mul = 1;
    if (parse_digits(s, &end, &v) != 0)
        goto bad;
    /* Binary multiples: sizes of files and buffers are counted that way. */
    switch (*end) {
    case '\0': break;
    case 'k': case 'K': mul = UINT64_C(1) << 10; end++; break;
    case 'm': case 'M': mul = UINT64_C(1) << 20; end++; break;
    case 'g': case 'G': mul = UINT64_C(1) << 30; end++; break;
    default: goto bad;
    }
    if (*end != '\0' || v > UINT64_MAX / mul)
        goto bad;
    *out = v * mul;
    return 0;
bad:
    fprintf(stderr, "domat: %s: '%s' is not a size in bytes "
            "(a number, optionally followed by K, M or G)\n", opt, s);
    return -1;
}

/*
** --rate: requests per second as a decimal number ("2", "0.5"), optionally
** followed by "/s" as the issue and robots.txt writers spell it. Bounds from
** crawl_limits.h, repeated here because the option table has no other
** place for them: 0.01 (one request every 100 s) to 1000.
*/
static int parse_rate(const char *opt, const char *s, double *out)
{
    const char *p = s;
    double v = 0, scale = 1;
    int digits = 0, dot = 0;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (dot)
                v += (scale /= 10) * (*p - '0');
            else
                v = v * 10 + (*p - '0');
            digits++;
        } else if (*p == '.' && !dot)
            dot = 1;
        else
            break;
    }
    if (strcmp(p, "/s") == 0)
        p += 2;
    if (!digits || *p || v < 0.01 || v > 1000) {
        fprintf(stderr, "domat: %s: '%s' is not a rate from 0.01 to 1000 "
                "requests per second\n", opt, s);
        return -1;
    }
    *out = v;
    return 0;
}

/* A string option given as "" would later fail far from its cause. */
static int need_nonempty(const char *opt, const char *val)
{
    if (*val)
        return 0;
    fprintf(stderr, "domat: %s: the value must not be empty\n", opt);
    return -1;
}

static int apply(tool_config *cfg, const tool_optdef *d, const char *val)
{
    char opt[32];
    uint64_t u;
    snprintf(opt, sizeof opt, "--%s", d->name);
    switch (d->id) {
    case OPT_FORMAT:
        if (strcmp(val, "text") == 0)
            cfg->format = DOMAT_FORMAT_TEXT;
        else if (strcmp(val, "json") == 0)
            cfg->format = DOMAT_FORMAT_JSON;
        else {
            fprintf(stderr, "domat: %s: '%s' is not one of text, json\n",
                    opt, val);
            return -1;
        }
        return 0;
    case OPT_JOBS:
        if (tool_parse_uint(opt, val, TOOL_JOBS_MIN, TOOL_JOBS_MAX, &u) != 0)
            return -1;
        cfg->jobs = (unsigned)u;
        return 0;
    case OPT_DICT:
        if (need_nonempty(opt, val) != 0)
            return -1;
        return tool_strlist_add(&cfg->dicts, val);
    case OPT_NO_DEFAULT_DICT:
        cfg->no_default_dict = 1;
        return 0;
    case OPT_DB:
        if (need_nonempty(opt, val) != 0)
            return -1;
        cfg->db = val;
        return 0;
    case OPT_TYPE:
        if (strcmp(val, "auto") == 0)
            cfg->content = DOMAT_CONTENT_AUTO;
        else if (strcmp(val, "text") == 0)
            cfg->content = DOMAT_CONTENT_TEXT;
        else if (strcmp(val, "html") == 0)
            cfg->content = DOMAT_CONTENT_HTML;
        else {
            fprintf(stderr, "domat: %s: '%s' is not one of auto, text, html\n",
                    opt, val);
            return -1;
        }
        return 0;
    case OPT_ENCODING:
        if (need_nonempty(opt, val) != 0)
            return -1;
        /* "auto" lets a script pass the option unconditionally. */
        cfg->encoding = strcmp(val, "auto") == 0 ? NULL : val;
        return 0;
    case OPT_MAX_SIZE:
        return tool_parse_size(opt, val, &cfg->max_size);
    case OPT_HEADER_LINES:
        /* The field is 32 bits wide; the engine enforces its own ceiling
        ** when the scanner is made and names it in its message. */
        if (tool_parse_uint(opt, val, 0, UINT32_MAX, &u) != 0)
            return -1;
        cfg->header_lines = (uint32_t)u;
        return 0;
    case OPT_MAX_DEPTH:
        if (tool_parse_uint(opt, val, 1, 64, &u) != 0)
            return -1;
        cfg->max_depth = (uint32_t)u;
        return 0;
    case OPT_MAX_TIME:
        /* Seconds on the command line, as timeout(1); the engine counts ms. */
        if (tool_parse_uint(opt, val, 1, 86400, &u) != 0)
            return -1;
        cfg->max_time_ms = (uint32_t)(u * 1000);
        return 0;
    case OPT_QUIET:
        cfg->quiet = 1;
        return 0;
    case OPT_VERBOSE:
        cfg->verbose = 1;
        return 0;
    case OPT_ONLY_FOUND:
        cfg->only_found = 1;
        return 0;
    case OPT_FOLLOW:
        cfg->follow = 1;
        return 0;
    case OPT_NAME:
        cfg->name = val;
        return 0;
    case OPT_OUTPUT:
        if (need_nonempty(opt, val) != 0)
            return -1;
        cfg->output = val;
        return 0;
    case OPT_HELP:
        cfg->help = 1;
        return 0;
    case OPT_VERSION:
        cfg->version = 1;
        return 0;
    case OPT_SEED:
        if (need_nonempty(opt, val) != 0)
            return -1;
        return tool_strlist_add(&cfg->seeds, val);
    case OPT_SCOPE:
        if (strcmp(val, "host") == 0)
            cfg->scope = 0;
        else if (strcmp(val, "domain") == 0)
            cfg->scope = 1;
        else if (strcmp(val, "prefix") == 0)
            cfg->scope = 2;
        else {
            fprintf(stderr, "domat: %s: '%s' is not one of host, domain, "
                    "prefix\n", opt, val);
            return -1;
        }
        return 0;
    case OPT_MAX_PAGES:
        if (tool_parse_uint(opt, val, 1, 100000000, &u) != 0)
            return -1;
        cfg->max_pages = u;
        return 0;
    case OPT_LINK_DEPTH:
        if (tool_parse_uint(opt, val, 0, 1000, &u) != 0)
            return -1;
        cfg->link_depth = (int)u;
        return 0;
    case OPT_RATE:
        return parse_rate(opt, val, &cfg->rate);
    case OPT_HOST_CONNECTIONS:
        if (tool_parse_uint(opt, val, 1, 32, &u) != 0)
            return -1;
        cfg->host_connections = (unsigned)u;
        return 0;
    case OPT_STATE:
        if (need_nonempty(opt, val) != 0)
            return -1;
        cfg->state = val;
        return 0;
    case OPT_REPORT:
        if (need_nonempty(opt, val) != 0)
            return -1;
        cfg->report = val;
        return 0;
    case OPT_TIMEOUT:
        if (tool_parse_uint(opt, val, 1, 86400, &u) != 0)
            return -1;
        cfg->timeout = (unsigned)u;
        return 0;
    case OPT_USER_AGENT:
        if (need_nonempty(opt, val) != 0)
            return -1;
        cfg->user_agent = val;
        return 0;
    case OPT_WARC:
        cfg->warc = 1;
        return 0;
    }
    return -1;
}

static const tool_optdef *find_long(const char *name, size_t len)
{
    size_t i;
    /* Exact names only: accepting prefixes would make a future option
    ** silently change what an abbreviation in someone's script means. */
    for (i = 0; i < NOPTDEFS; i++)
        if (strlen(optdefs[i].name) == len &&
            memcmp(optdefs[i].name, name, len) == 0)
            return &optdefs[i];
    return NULL;
}

static const tool_optdef *find_short(char c)
{
    size_t i;
    for (i = 0; i < NOPTDEFS; i++)
        if (optdefs[i].shortname == c)
            return &optdefs[i];
    return NULL;
}

static int applies(const tool_config *cfg, const tool_optdef *d)
{
    if (d->cmds & cfg->cmd)
        return 1;
    fprintf(stderr, "domat: --%s does not apply to 'domat %s'\n", d->name,
            cmd_name(cfg->cmd));
    return 0;
}

/* Returns 0 or -1 after printing why (the caller adds the hint). */
static int parse_long(tool_config *cfg, int argc, char **argv, int *i,
                      const char *arg)
{
    const char *name = arg + 2;
    const char *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    const tool_optdef *d = find_long(name, len);
    const char *val = NULL;

    if (!d) {
        fprintf(stderr, "domat: unknown option '--%.*s'\n", (int)len, name);
        return -1;
    }
    if (!applies(cfg, d))
        return -1;
    if (d->takes_value) {
        if (eq)
            val = eq + 1;
        else if (*i < argc)
            val = argv[(*i)++];
        else {
            fprintf(stderr, "domat: --%s needs a value\n", d->name);
            return -1;
        }
    } else if (eq) {
        fprintf(stderr, "domat: --%s takes no value\n", d->name);
        return -1;
    }
    return apply(cfg, d, val);
}

/* A cluster such as -qv or -j4 or -qj 4. */
static int parse_short(tool_config *cfg, int argc, char **argv, int *i,
                       const char *arg)
{
    const char *p;
    for (p = arg + 1; *p; p++) {
        const tool_optdef *d = find_short(*p);
        if (!d) {
            fprintf(stderr, "domat: unknown option '-%c'\n", *p);
            return -1;
        }
        if (!applies(cfg, d))
            return -1;
        if (!d->takes_value) {
            if (apply(cfg, d, NULL) != 0)
                return -1;
            continue;
        }
        if (p[1])
            return apply(cfg, d, p + 1);
        if (*i < argc)
            return apply(cfg, d, argv[(*i)++]);
        fprintf(stderr, "domat: -%c (--%s) needs a value\n", *p, d->name);
        return -1;
    }
    return 0;
}

int tool_parse_args(tool_config *cfg, int argc, char **argv, int first)
{
    int i = first;
    int opts_done = 0;

    while (i < argc) {
        const char *a = argv[i++];
        int rc;
        /* Options and operands may mix (domat scan DIR -j 4), as with GNU
        ** tools; "--" is the way to scan a file whose name starts with '-'. */
        if (opts_done || a[0] != '-' || a[1] == '\0') {
            if (tool_strlist_add(&cfg->operands, a) != 0)
                return TOOL_EXIT_ERROR;
            continue;
        }
        if (a[1] == '-' && a[2] == '\0') {
            opts_done = 1;
            continue;
        }
        rc = a[1] == '-' ? parse_long(cfg, argc, argv, &i, a)
                         : parse_short(cfg, argc, argv, &i, a);
        if (rc != 0) {
            tool_print_try_help();
            return TOOL_EXIT_ERROR;
        }
    }
    return 0;
}

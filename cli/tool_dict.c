/*
** 2026-11-25
**
** tool_dict.c: `domat dict check DIR...` and `domat dict compile DIR... -o
** FILE`, the two things a security officer does with a dictionary directory
** before a scan uses it.
**
** check parses without compiling, so it is fast enough for an editor hook or
** a commit check and names "file:line: reason" of the first error. compile
** builds the engine exactly as `domat scan` would and saves its database for
** `domat scan --db FILE`. Both print their summary on stdout, errors on
** stderr, and exit 2 on any error.
*/
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "domat.h"
#include "tool_cmd.h"
#include "tool_opts.h"

static int dict_usage(const char *why)
{
    fprintf(stderr, "domat: dict: %s\n"
            "Usage: domat dict check DIR...\n"
            "       domat dict compile DIR... -o FILE\n", why);
    tool_print_try_help();
    return TOOL_EXIT_ERROR;
}

static int dict_check(const tool_config *cfg)
{
    size_t n = 0;
    domat_status st = domat_check_dictionaries(cfg->operands.v,
                                               cfg->operands.n, &n);
    if (st != DOMAT_OK) {
        fprintf(stderr, "domat: %s\n", domat_last_error());
        return TOOL_EXIT_ERROR;
    }
    if (!cfg->quiet)
        printf("%zu entries OK\n", n);
    return TOOL_EXIT_ALLOW;
}

static int dict_compile(const tool_config *cfg)
{
    domat_engine *eng = NULL;
    domat_status st;
    struct stat sb;

    if (!cfg->output)
        return dict_usage("compile needs -o FILE");
    /* No cache path: a compile must come from the sources, never from the
    ** very file it is about to replace. */
    st = domat_open_engine(&eng, cfg->operands.v, cfg->operands.n, NULL, NULL);
    if (st != DOMAT_OK) {
        fprintf(stderr, "domat: %s\n", domat_last_error());
        return TOOL_EXIT_ERROR;
    }
    st = domat_save_engine(eng, cfg->output);
    if (st != DOMAT_OK) {
        fprintf(stderr, "domat: %s\n", domat_last_error());
        domat_free_engine(eng);
        return TOOL_EXIT_ERROR;
    }
    if (!cfg->quiet) {
        printf("%zu entries, digest %s\n", domat_engine_entries(eng),
               domat_engine_digest(eng));
        if (stat(cfg->output, &sb) == 0)
            printf("wrote %s (%lld bytes)\n", cfg->output,
                   (long long)sb.st_size);
        else
            printf("wrote %s\n", cfg->output);
    }
    domat_free_engine(eng);
    return TOOL_EXIT_ALLOW;
}

int tool_dict(int argc, char **argv)
{
    tool_config cfg;
    unsigned cmd;
    int rc;

    if (argc < 2)
        return dict_usage("which? check or compile");
    if (strcmp(argv[1], "check") == 0)
        cmd = TOOL_CMD_DICT_CHECK;
    else if (strcmp(argv[1], "compile") == 0)
        cmd = TOOL_CMD_DICT_COMPILE;
    else if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        tool_print_help(stdout);
        return TOOL_EXIT_ALLOW;
    } else {
        fprintf(stderr, "domat: dict: unknown subcommand '%s'\n", argv[1]);
        return dict_usage("expected check or compile");
    }

    tool_config_init(&cfg, cmd);
    rc = tool_parse_args(&cfg, argc, argv, 2);
    if (rc == 0 && cfg.help) {
        tool_print_help(stdout);
        rc = TOOL_EXIT_ALLOW;
    } else if (rc == 0 && cfg.version)
        rc = tool_print_version();
    else if (rc == 0 && cfg.operands.n == 0)
        rc = dict_usage("give at least one dictionary directory");
    else if (rc == 0)
        rc = cmd == TOOL_CMD_DICT_CHECK ? dict_check(&cfg) : dict_compile(&cfg);

    tool_config_free(&cfg);
    return rc;
}

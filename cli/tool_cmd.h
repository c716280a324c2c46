/*
** 2026-11-25
**
** tool_cmd.h: entry points of the domat subcommands, one file each
** (tool_scan.c, tool_dict.c), and the help printer that lives in tool_main.c
** because it alone includes the table generated from cli/options/<name>.md.
**
** Each entry point gets argv from the subcommand name on and returns the
** process exit status: 0, 1 or 2 as in the output contract.
*/
#ifndef DOMAT_TOOL_CMD_H
#define DOMAT_TOOL_CMD_H

#include <stdio.h>

int tool_scan(int argc, char **argv);  /* argv[0] is "scan" */
int tool_dict(int argc, char **argv);  /* argv[0] is "dict" */
int tool_crawl(int argc, char **argv); /* argv[0] is "crawl" */

/* Forward declarations, so this header needs only stdio.h. */
struct tool_config;
struct domat_engine;
struct domat_scanner;
struct domat_input;

/*
** Open the engine over the shipped dictionaries (unless --no-default-dict)
** and each --dict, through --db when given; tool_scan.c, shared with
** tool_crawl.c. Prints why on failure and returns -1.
*/
int tool_open_engine(const struct tool_config *cfg,
                     struct domat_engine **eng);

/*
** `domat scan --warc FILE...` (warc.c): scan the records of WARC files
** with the scanners scs[0..nsc-1]; returns the exit status.
*/
int tool_scan_warc(const struct tool_config *cfg,
                   struct domat_scanner **scs, size_t nsc,
                   const struct domat_input *tmpl);

/* Usage summary, commands and the generated option table. */
void tool_print_help(FILE *f);
/* "domat VERSION" and the engine's version line on stdout; returns 0. */
int tool_print_version(void);

#endif /* DOMAT_TOOL_CMD_H */

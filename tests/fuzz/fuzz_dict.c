/*
** 2026-11-25
**
** fuzz_dict.c: the dictionary parser, which reads files an organisation's
** security officer edits by hand: every mistake must be a file:line error.
*/
#include <stdlib.h>
#include <string.h>

#include "dict.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    dict d;
    memset(&d, 0, sizeof d);
    domat_status st = dict_parse_text(&d, "fuzz.dict", (const char *)data, size);
    if (st == DOMAT_OK)
        st = dict_resolve(&d);
    if (st != DOMAT_OK && st != DOMAT_EDICT && st != DOMAT_ENOMEM)
        abort();
    dict_free(&d);
    return 0;
}

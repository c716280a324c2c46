/*
** 2026-11-25
**
** fuzz_text.c: bytes as plain text: encoding detection, every decoder,
** normalization, matching and the stamp classifier.
*/
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_open();
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    fuzz_scan(data, size, DOMAT_CONTENT_TEXT);
    return 0;
}

/*
** 2026-11-25
**
** fuzz_html.c: bytes as HTML: the tag and reference lexer across segment
** cuts, on top of everything fuzz_text covers.
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
    fuzz_scan(data, size, DOMAT_CONTENT_HTML);
    return 0;
}

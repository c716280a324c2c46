/*
** 2026-11-25
**
** fuzz_doc.c: bytes as whatever they look like: type detection and every
** document extractor (PDF, OOXML, ODF, .doc, .xls, RTF, mail, archives),
** nested within the engine's limits. Seeded per format from tests/fixtures.
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
    fuzz_scan(data, size, DOMAT_CONTENT_AUTO);
    return 0;
}

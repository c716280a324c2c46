/*
** 2026-11-25
**
** fuzz_doc.c: bytes as whatever they look like: type detection and every
** document extractor (PDF, OOXML, ODF, .doc, .xls, RTF, mail, archives),
** nested within the engine's limits. Seeded per format from tests/fixtures.
*/
#include "fuzz_common.h"

FUZZ_SCAN_HARNESS(DOMAT_CONTENT_AUTO)

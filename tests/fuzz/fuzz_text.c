/*
** 2026-11-25
**
** fuzz_text.c: bytes as plain text: encoding detection, every decoder,
** normalization, matching and the stamp classifier.
*/
#include "fuzz_common.h"

FUZZ_SCAN_HARNESS(DOMAT_CONTENT_TEXT)

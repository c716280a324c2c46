/*
** 2026-11-25
**
** fuzz_html.c: bytes as HTML: the tag and reference lexer across segment
** cuts, on top of everything fuzz_text covers.
*/
#include "fuzz_common.h"

FUZZ_SCAN_HARNESS(DOMAT_CONTENT_HTML)

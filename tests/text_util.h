/*
** 2026-11-25
**
** text_util.h: helpers for the unit tests of the text pipeline (decode.c,
** html.c) that check text_buf streams. They call text.c only, nothing of
** the scanner.
*/
#ifndef DOMAT_TEXT_UTIL_H
#define DOMAT_TEXT_UTIL_H

#include "fixture_util.h"

#include "text.h"

/* The code points of t as a NUL-terminated UTF-8 string, for comparing with
** a literal; the caller frees. */
static inline char *tu_text_utf8(const text_buf *t)
{
    char *s = malloc(t->len * 4 + 1);
    assert_non_null(s);
    size_t n = 0;
    for (size_t i = 0; i < t->len; i++)
        n += text_utf8_put(s + n, t->cp[i]);
    s[n] = '\0';
    return s;
}

#endif

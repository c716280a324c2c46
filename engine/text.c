/*
** 2026-11-25
**
** text.c: growth and UTF-8 helpers for text_buf (see text.h).
*/
#include "text.h"

#include <stdlib.h>

void text_init(text_buf *t)
{
    t->cp = NULL;
    t->off = NULL;
    t->olen = NULL;
    t->len = t->cap = 0;
}

void text_free(text_buf *t)
{
    free(t->cp);
    free(t->off);
    free(t->olen);
    text_init(t);
}

int text_reserve(text_buf *t, size_t n)
{
    if (t->len + n <= t->cap)
        return 0;
    size_t cap = t->cap ? t->cap : 1024;
    while (cap < t->len + n) {
        if (cap > SIZE_MAX / 8)
            return -1;
        cap *= 2;
    }
    /* Each array is grown on its own; on failure the buffer stays valid with
    ** its old capacity, so callers can free it normally. */
    uint32_t *cp = realloc(t->cp, cap * sizeof *cp);
    if (!cp)
        return -1;
    t->cp = cp;
    uint32_t *off = realloc(t->off, cap * sizeof *off);
    if (!off)
        return -1;
    t->off = off;
    uint8_t *olen = realloc(t->olen, cap);
    if (!olen)
        return -1;
    t->olen = olen;
    t->cap = cap;
    return 0;
}

size_t text_utf8_put(char *dst, uint32_t cp)
{
    unsigned char *d = (unsigned char *)dst;
    if (cp < 0x80) {
        d[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        d[0] = (unsigned char)(0xC0 | (cp >> 6));
        d[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        d[0] = (unsigned char)(0xE0 | (cp >> 12));
        d[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (unsigned char)(0xF0 | (cp >> 18));
    d[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    d[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t text_utf8_get(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0)
        return 0;
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t need;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2; v = c & 0x1F; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3; v = c & 0x0F; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4; v = c & 0x07; min = 0x10000;
    } else {
        return 0;
    }
    if (n < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return need;
}

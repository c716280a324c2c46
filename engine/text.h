/*
** 2026-11-25
**
** text.h: the decoded text stream that decode, html and fold pass along.
**
** A stream is an array of Unicode code points, each with the byte offset and
** byte length of the input bytes it came from, so that every finding can point
** back at the original input whatever was decoded, unescaped or dropped on the
** way. Offsets are relative to the segment's base offset in the whole input,
** which keeps them at 32 bits while whole inputs may exceed 4 GiB.
*/
#ifndef DOMAT_TEXT_H
#define DOMAT_TEXT_H

#include <stddef.h>
#include <stdint.h>

typedef struct text_buf {
    uint32_t *cp;   /* code points */
    uint32_t *off;  /* byte offset of each code point's source, from base */
    uint8_t *olen;  /* source byte length (saturates at 255) */
    size_t len;
    size_t cap;
} text_buf;

void text_init(text_buf *t);
void text_free(text_buf *t);
/* Make room for at least n more code points; 0 or -1 (out of memory). */
int text_reserve(text_buf *t, size_t n);
/* Append one code point; the caller has reserved room. */
static inline void text_put(text_buf *t, uint32_t cp, uint32_t off, uint32_t n)
{
    t->cp[t->len] = cp;
    t->off[t->len] = off;
    t->olen[t->len] = n > 255 ? 255 : (uint8_t)n;
    t->len++;
}
/* Append the UTF-8 encoding of cp to dst (room for 4 bytes); returns bytes. */
size_t text_utf8_put(char *dst, uint32_t cp);
/*
** Decode one UTF-8 sequence from s[0..n). Returns its length (1..4) and sets
** *cp, or returns 0 for an invalid or truncated sequence (overlongs,
** surrogates and values above U+10FFFF are invalid).
*/
size_t text_utf8_get(const unsigned char *s, size_t n, uint32_t *cp);

#endif

/*
** 2026-11-25
**
** source.c: reading an input by offset from memory, a file or a stream (see
** source.h). Takes the caller's buffer, descriptor or read callback; hands on
** pointers into memory it owns or the caller's. It never reads past the
** input limit, and a stream is read exactly once, in order.
*/
#define _DEFAULT_SOURCE
#include "source.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"

void source_mem(source *s, const void *data, size_t len, uint64_t limit)
{
    memset(s, 0, sizeof *s);
    s->mem = data ? data : (const void *)"";
    s->fd = -1;
    s->total = len;
    s->size = len < limit ? len : limit;
    s->limit = limit;
}

void source_fd(source *s, int fd, uint64_t size, uint64_t limit)
{
    memset(s, 0, sizeof *s);
    s->fd = fd;
    s->total = size;
    s->size = size < limit ? size : limit;
    s->limit = limit;
}

void source_stream(source *s, doc_read_fn rd, void *arg, uint64_t limit)
{
    memset(s, 0, sizeof *s);
    s->fd = -1;
    s->rd = rd;
    s->rdarg = arg;
    s->limit = limit;
}

void source_free(source *s)
{
    free(s->win);
    s->win = NULL;
    s->wcap = s->wlen = 0;
}

static int reserve(source *s, size_t n)
{
    if (n <= s->wcap)
        return 0;
    unsigned char *w = realloc(s->win, n);
    if (!w)
        return -1;
    s->win = w;
    s->wcap = n;
    return 0;
}

/* Pull from the stream until the window holds `need` bytes or it ends. */
static int fill(source *s, size_t need)
{
    while (s->wlen < need && !s->eof) {
        uint64_t end = s->wstart + s->wlen;
        if (end >= s->limit) {
            /* Read one byte more to learn whether the input goes on: an
            ** input over the limit must be reported, not silently cut. */
            unsigned char probe;
            long k = s->rd(s->rdarg, &probe, 1);
            if (k > 0)
                s->total = end + 1;
            s->eof = 1;
            break;
        }
        size_t room = need - s->wlen;
        if (room > s->limit - end)
            room = (size_t)(s->limit - end);
        long k = s->rd(s->rdarg, s->win + s->wlen, room);
        if (k < 0) {
            s->err = 1;
            s->eof = 1;
            error_set(DOMAT_EIO, "read error in stream");
            return -2;
        }
        if (k == 0) {
            s->eof = 1;
            break;
        }
        s->wlen += (size_t)k;
        s->total = s->wstart + s->wlen;
    }
    if (s->eof)
        s->size = s->wstart + s->wlen;
    return 0;
}

int source_get(source *s, uint64_t at, size_t want, const unsigned char **p,
               size_t *n)
{
    if (s->mem) {
        uint64_t avail = at < s->size ? s->size - at : 0;
        *n = want < avail ? want : (size_t)avail;
        *p = s->mem + (at < s->size ? at : s->size);
        return 0;
    }
    if (s->fd >= 0) {
        uint64_t avail = at < s->size ? s->size - at : 0;
        if (want > avail)
            want = (size_t)avail;
        if (reserve(s, want ? want : 1))
            return -1;
        size_t got = 0;
        while (got < want) {
            ssize_t k = pread(s->fd, s->win + got, want - got, (off_t)(at + got));
            if (k < 0 && errno == EINTR)
                continue;
            if (k < 0) {
                error_set(DOMAT_EIO, "read error: %s", strerror(errno));
                return -2;
            }
            if (k == 0)
                break; /* the file shrank while being read */
            got += (size_t)k;
        }
        *p = s->win;
        *n = got;
        return 0;
    }
    /* Stream: keep [at, ...) and drop what came before it. */
    if (at < s->wstart)
        at = s->wstart; /* never asked for by the scanner; be safe */
    size_t skip = (size_t)(at - s->wstart < s->wlen ? at - s->wstart : s->wlen);
    if (skip) {
        memmove(s->win, s->win + skip, s->wlen - skip);
        s->wlen -= skip;
        s->wstart += skip;
    }
    while (s->wstart < at && !s->eof) {
        /* Asked past the window: read and discard up to `at`. */
        s->wstart = s->wstart + s->wlen;
        s->wlen = 0;
        if (reserve(s, 65536))
            return -1;
        size_t gap = (size_t)(at - s->wstart < 65536 ? at - s->wstart : 65536);
        int rc = fill(s, gap);
        if (rc)
            return rc;
        s->wstart += s->wlen;
        s->wlen = 0;
    }
    if (reserve(s, want ? want : 1))
        return -1;
    int rc = fill(s, want);
    if (rc)
        return rc;
    *p = s->win;
    *n = want < s->wlen ? want : s->wlen;
    return 0;
}

int source_more(source *s, uint64_t end)
{
    if (s->mem || s->fd >= 0)
        return end < s->size;
    if (end < s->wstart + s->wlen)
        return 1;
    const unsigned char *p;
    size_t n;
    if (s->eof)
        return 0;
    if (source_get(s, s->wstart, (size_t)(end - s->wstart) + 1, &p, &n))
        return 0;
    return s->wstart + n > end;
}

long source_read(void *reader, void *buf, size_t n)
{
    source_reader *r = reader;
    const unsigned char *p;
    size_t got;
    int rc = source_get(r->src, r->pos, n, &p, &got);
    if (rc)
        return -1;
    memcpy(buf, p, got);
    r->pos += got;
    return (long)got;
}

int source_whole(source *s, const unsigned char **p, size_t *n)
{
    if (s->mem) {
        *p = s->mem;
        *n = (size_t)s->size;
        return s->total > s->limit ? -3 : 0;
    }
    if (s->fd >= 0) {
        if (s->total > s->limit)
            return -3;
        int rc = source_get(s, 0, (size_t)s->size, p, n);
        return rc;
    }
    /* A stream: read it all into the window. */
    size_t want = 1 << 16;
    for (;;) {
        const unsigned char *q;
        size_t got;
        int rc = source_get(s, s->wstart, want, &q, &got);
        if (rc)
            return rc;
        if (got < want)
            break;
        if (want > SIZE_MAX / 2)
            return -3;
        want *= 2;
    }
    if (s->total > s->limit)
        return -3;
    *p = s->win;
    *n = s->wlen;
    return 0;
}

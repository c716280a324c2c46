/*
** 2026-11-25
**
** source.h: the bytes of one input, read by offset, whether they sit in
** memory, in a regular file, or arrive through a stream (an archive member
** being decompressed, a pipe).
**
** Readers ask for [at, at + want); `at` may step back a little (the scanner
** re-reads the last line of a segment) but never before the start of the last
** window, which is what lets a stream be read once, in order, with memory
** bounded by the largest request.
*/
#ifndef DOMAT_SOURCE_H
#define DOMAT_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

typedef struct source {
    const unsigned char *mem;  /* whole input in memory, or NULL */
    int fd;                    /* regular file read with pread, or -1 */
    doc_read_fn rd;            /* stream, or NULL */
    void *rdarg;
    uint64_t limit;            /* bytes that may be read: the input limit */
    uint64_t size;             /* bytes known to exist (mem, fd); streams: 0 */
    /* window over a stream, or the buffer for pread */
    unsigned char *win;
    size_t wcap, wlen;
    uint64_t wstart;
    int eof;                   /* the stream has ended (or reached limit) */
    int err;                   /* the stream reported a read error */
    uint64_t total;            /* bytes seen in all (may exceed limit) */
} source;

void source_mem(source *s, const void *data, size_t len, uint64_t limit);
void source_fd(source *s, int fd, uint64_t size, uint64_t limit);
void source_stream(source *s, doc_read_fn rd, void *arg, uint64_t limit);
void source_free(source *s);

/*
** Point *p at up to `want` bytes from offset `at`. *n < want only at the end
** of the input (or of the limit). *p stays valid until the next call on s. Returns 0, -1 when out of memory, -2 on a
** read error (errno-style message in the last error).
*/
int source_get(source *s, uint64_t at, size_t want, const unsigned char **p,
               size_t *n);

/*
** True when the input goes on past `end` (known only after reading). It may
** read ahead and so move the window: pointers from an earlier source_get are
** no longer valid after it.
*/
int source_more(source *s, uint64_t end);

/* A doc_read_fn over a source, for extractors that read streams. */
typedef struct source_reader {
    source *src;
    uint64_t pos;
} source_reader;
long source_read(void *reader, void *buf, size_t n);

/*
** The whole input in memory, for formats read at random (PDF, zip-based
** office files): the source's own memory, or a copy it owns. -1 when out of
** memory, -2 on a read error, -3 when the input is over its limit.
*/
int source_whole(source *s, const unsigned char **p, size_t *n);

#endif

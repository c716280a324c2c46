/*
** 2026-11-25
**
** crawl_body.h: a response body on its way to the engine: held in memory up
** to a threshold, spilled to a temporary file beyond it, cut at a size limit,
** and hashed (SHA-256) as it arrives.
**
** The engine takes whole inputs (domat_scan_buffer, domat_scan_file), so a
** body is collected while it downloads and scanned the moment its transfer
** ends. Memory per body is bounded by the threshold (CRAWL_MEM_BODY); a larger
** body lives in $TMPDIR/domat-body.XXXXXX, which crawl_body_free removes.
** Used by the crawler and by `domat scan --warc`.
*/
#ifndef DOMAT_CRAWL_BODY_H
#define DOMAT_CRAWL_BODY_H

#include <stddef.h>
#include <stdint.h>

#include "domat.h"

typedef struct crawl_sha256 {
    uint32_t h[8];
    uint64_t bytes;
    unsigned char buf[64];
    size_t nbuf;
} crawl_sha256;

void crawl_sha256_init(crawl_sha256 *s);
void crawl_sha256_update(crawl_sha256 *s, const void *data, size_t n);
/* Writes 64 lowercase hex digits and a NUL. */
void crawl_sha256_hex(crawl_sha256 *s, char out[65]);

typedef struct crawl_body {
    unsigned char *mem;  /* the body while it fits in memory */
    size_t len;          /* bytes in mem */
    size_t cap;          /* allocated size of mem */
    size_t mem_max;      /* spill past this many bytes */
    int fd;              /* spill file, -1 while in memory */
    char *path;          /* its name, for domat_scan_file */
    uint64_t total;      /* bytes kept, in memory or in the file */
    uint64_t limit;      /* bytes kept at most; see crawl_body_write */
    int truncated;       /* more arrived than limit */
    crawl_sha256 sha;    /* of the bytes kept */
} crawl_body;

/*
** limit: bytes to keep; one byte more is kept so the engine, whose own limit
** is the same number, sees the input is larger and says so (review with an
** unscanned reason) rather than the cut going unnoticed. mem_max: bytes held
** in memory before spilling. Never fails: nothing is allocated yet.
*/
void crawl_body_init(crawl_body *b, uint64_t limit, size_t mem_max);

/*
** Append n bytes. Returns 0, 1 when the limit has been reached (the caller
** stops the transfer; what was kept is still scanned), or -1 with errno set
** when memory or the temporary file failed.
*/
int crawl_body_write(crawl_body *b, const void *data, size_t n);

/* SHA-256 of the bytes kept, as hex. Call once, after the last write. */
void crawl_body_digest(crawl_body *b, char out[65]);

/*
** Scan the body with sc: from memory with domat_scan_buffer, or from the
** spill file with domat_scan_file (which reads it a segment at a time).
** Returns what the engine returned; *out as documented in domat.h.
*/
domat_status crawl_body_scan(crawl_body *b, domat_scanner *sc,
                             const domat_input *in, domat_result **out);

/* Free memory, close and remove the spill file. NULL and repeats are fine. */
void crawl_body_free(crawl_body *b);

#endif /* DOMAT_CRAWL_BODY_H */

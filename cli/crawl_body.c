/*
** 2026-11-25
**
** crawl_body.c: response bodies held in memory or spilled to a file, and the
** SHA-256 that tells the crawler whether a document changed since last run.
**
** Takes bytes as the network (or a WARC file) delivers them; hands on one
** input for the engine. It never interprets the bytes: the engine decides
** what they are from their content. SHA-256 is written out here (FIPS 180-4)
** rather than linked from OpenSSL so the CLI needs no crypto library for a
** change detector; the digest also lets an officer match a leaked file
** against copies found elsewhere.
*/
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crawl_body.h"

/* ---- SHA-256 ---- */

static const uint32_t sha_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha_block(crawl_sha256 *s, const unsigned char *p)
{
    uint32_t w[64], a, b, c, d, e, f, g, h;
    int i;
    for (i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    for (i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    a = s->h[0]; b = s->h[1]; c = s->h[2]; d = s->h[3];
    e = s->h[4]; f = s->h[5]; g = s->h[6]; h = s->h[7];
    for (i = 0; i < 64; i++) {
        uint32_t t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) +
                      ((e & f) ^ (~e & g)) + sha_k[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) +
                      ((a & b) ^ (a & c) ^ (b & c));
        h = g; g = f; f = e; e = d + t1;
        d = c; c = b; b = a; a = t1 + t2;
    }
    s->h[0] += a; s->h[1] += b; s->h[2] += c; s->h[3] += d;
    s->h[4] += e; s->h[5] += f; s->h[6] += g; s->h[7] += h;
}

void crawl_sha256_init(crawl_sha256 *s)
{
    static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
                                   0xa54ff53a, 0x510e527f, 0x9b05688c,
                                   0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, iv, sizeof iv);
    s->bytes = 0;
    s->nbuf = 0;
}

void crawl_sha256_update(crawl_sha256 *s, const void *data, size_t n)
{
    const unsigned char *p = data;
    s->bytes += n;
    if (s->nbuf) {
        size_t take = 64 - s->nbuf < n ? 64 - s->nbuf : n;
        memcpy(s->buf + s->nbuf, p, take);
        s->nbuf += take;
        p += take;
        n -= take;
        if (s->nbuf < 64)
            return;
        sha_block(s, s->buf);
        s->nbuf = 0;
    }
    for (; n >= 64; p += 64, n -= 64)
        sha_block(s, p);
    memcpy(s->buf, p, n);
    s->nbuf = n;
}

void crawl_sha256_hex(crawl_sha256 *s, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    uint64_t bits = s->bytes * 8;
    unsigned char pad[72];
    size_t npad = (s->nbuf < 56 ? 56 : 120) - s->nbuf;
    int i;

    memset(pad, 0, sizeof pad);
    pad[0] = 0x80;
    for (i = 0; i < 8; i++)
        pad[npad + (size_t)i] = (unsigned char)(bits >> (56 - 8 * i));
    crawl_sha256_update(s, pad, npad + 8);
    for (i = 0; i < 32; i++) {
        unsigned v = (s->h[i / 4] >> (24 - 8 * (i % 4))) & 0xff;
        out[2 * i] = hex[v >> 4];
        out[2 * i + 1] = hex[v & 15];
    }
    out[64] = '\0';
}

/* ---- bodies ---- */

void crawl_body_init(crawl_body *b, uint64_t limit, size_t mem_max)
{
    memset(b, 0, sizeof *b);
    b->fd = -1;
    b->limit = limit;
    b->mem_max = mem_max;
    crawl_sha256_init(&b->sha);
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Move what is in memory to a new temporary file. */
static int spill(crawl_body *b)
{
    const char *dir = getenv("TMPDIR");
    size_t need;
    if (!dir || !*dir)
        dir = "/tmp";
    need = strlen(dir) + sizeof "/domat-body.XXXXXX";
    b->path = malloc(need);
    if (!b->path)
        return -1;
    snprintf(b->path, need, "%s/domat-body.XXXXXX", dir);
    b->fd = mkstemp(b->path);
    if (b->fd < 0) {
        int e = errno;
        free(b->path);
        b->path = NULL;
        errno = e;
        return -1;
    }
    if (write_all(b->fd, b->mem, b->len) != 0)
        return -1;
    free(b->mem);
    b->mem = NULL;
    b->len = b->cap = 0;
    return 0;
}

int crawl_body_write(crawl_body *b, const void *data, size_t n)
{
    /* One byte past the limit: see crawl_body_init. */
    uint64_t room = b->limit + 1 - b->total;
    int full = 0;

    if (b->truncated)
        return 1;
    if (n == 0)
        return 0;
    if (n > room) {
        n = (size_t)room;
        full = 1;
    }
    crawl_sha256_update(&b->sha, data, n);
    if (b->fd < 0 && b->len + n > b->mem_max && spill(b) != 0)
        return -1;
    if (b->fd >= 0) {
        if (write_all(b->fd, data, n) != 0)
            return -1;
    } else {
        if (b->len + n > b->cap) {
            size_t cap = b->cap ? b->cap : 16384;
            unsigned char *m;
            while (cap < b->len + n)
                cap *= 2;
            if (cap > b->mem_max)
                cap = b->mem_max;
            m = realloc(b->mem, cap);
            if (!m)
                return -1;
            b->mem = m;
            b->cap = cap;
        }
        memcpy(b->mem + b->len, data, n);
        b->len += n;
    }
    b->total += n;
    if (full || b->total > b->limit) {
        b->truncated = 1;
        return 1;
    }
    return 0;
}

void crawl_body_digest(crawl_body *b, char out[65])
{
    crawl_sha256_hex(&b->sha, out);
}

domat_status crawl_body_scan(crawl_body *b, domat_scanner *sc,
                             const domat_input *in, domat_result **out)
{
    if (b->fd >= 0)
        return domat_scan_file(sc, b->path, in, out);
    /* An empty body has no buffer; the engine wants a valid pointer. */
    return domat_scan_buffer(sc, b->mem ? (const void *)b->mem : "", b->len,
                             in, out);
}

void crawl_body_free(crawl_body *b)
{
    if (!b)
        return;
    free(b->mem);
    b->mem = NULL;
    b->len = b->cap = 0;
    if (b->fd >= 0)
        close(b->fd);
    b->fd = -1;
    if (b->path) {
        unlink(b->path);
        free(b->path);
        b->path = NULL;
    }
}

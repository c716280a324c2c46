/*
** 2026-11-25
**
** warc.c: `domat scan --warc FILE.warc[.gz]...`: scan the pages and
** documents stored in WARC files (ISO 28500, WARC/1.0 and 1.1), the format
** wget --warc-file, Heritrix, Apache Nutch and StormCrawler write.
**
** Takes WARC files, plain or gzip-compressed record by record (multi-member
** gzip, read with zlib), one after the other; hands each payload to the
** scanning threads (crawl_pool.c) and prints one result line per record,
** rendered by the engine, as `domat scan` does for files. It never writes to
** a WARC file and keeps no state: a crawl larger than one machine is split
** into shards by the crawler, and each shard is scanned on its own.
**
** Which records are inputs: "response" records whose HTTP status is 2xx
** (the HTTP header is cut off; chunked transfer coding is undone and gzip or
** deflate content coding decoded, since wget and Heritrix store the bytes as
** they came off the wire), "resource" records (the payload as is) and
** "conversion" records (text a crawler derived). Everything else (request,
** metadata, revisit, warcinfo, DNS lookups, and the "metadata://" resources
** in which wget keeps its own arguments and log) is skipped. Memory per record is
** bounded like the crawler's: CRAWL_MEM_BODY in memory, the rest spilled to
** a temporary file, and at most --max-size bytes kept.
*/
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <zlib.h>

#include "crawl_body.h"
#include "crawl_limits.h"
#include "crawl_pool.h"
#include "domat.h"
#include "tool_cmd.h"
#include "tool_opts.h"

#define WARC_BUF 65536

/* ---- reading: plain or multi-member gzip ---- */

typedef struct warc_reader {
    int fd;
    int gz;               /* gzip members, as .warc.gz */
    int eof;              /* no more input bytes */
    int member_end;       /* the current gzip member ended */
    z_stream z;
    unsigned char in[WARC_BUF];
    unsigned char out[WARC_BUF];
    size_t out_len, out_pos;
    uint64_t read_off;    /* bytes read from the file */
    uint64_t member_off;  /* file offset of the current gzip member */
    uint64_t pos;         /* offset in the uncompressed stream */
    char err[160];
} warc_reader;

static int rd_open(warc_reader *r, int fd)
{
    ssize_t n;
    memset(r, 0, sizeof *r);
    r->fd = fd;
    /* Sniff the gzip magic from the first read; a pipe cannot seek back,
    ** so those bytes are kept as the first input of either path. */
    do
        n = read(fd, r->in, sizeof r->in);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        snprintf(r->err, sizeof r->err, "cannot read: %s", strerror(errno));
        return -1;
    }
    r->read_off = (uint64_t)n;
    if (n >= 2 && r->in[0] == 0x1f && r->in[1] == 0x8b) {
        r->gz = 1;
        if (inflateInit2(&r->z, 15 + 16) != Z_OK) {
            snprintf(r->err, sizeof r->err, "zlib could not start");
            return -1;
        }
        r->z.next_in = r->in;
        r->z.avail_in = (uInt)n;
    } else {
        memcpy(r->out, r->in, (size_t)n);
        r->out_len = (size_t)n;
        if (n == 0)
            r->eof = 1;
    }
    return 0;
}

static void rd_close(warc_reader *r)
{
    if (r->gz)
        inflateEnd(&r->z);
}

/* Refill r->out. Returns 1 with bytes, 0 at the end, -1 on an error. */
static int rd_fill(warc_reader *r)
{
    r->out_pos = r->out_len = 0;
    if (!r->gz) {
        ssize_t n;
        if (r->eof)
            return 0;
        do
            n = read(r->fd, r->out, sizeof r->out);
        while (n < 0 && errno == EINTR);
        if (n < 0) {
            snprintf(r->err, sizeof r->err, "cannot read: %s",
                     strerror(errno));
            return -1;
        }
        if (n == 0) {
            r->eof = 1;
            return 0;
        }
        r->read_off += (uint64_t)n;
        r->out_len = (size_t)n;
        return 1;
    }
    while (r->out_len == 0) {
        int zr;
        if (r->z.avail_in == 0 && !r->eof) {
            ssize_t n;
            do
                n = read(r->fd, r->in, sizeof r->in);
            while (n < 0 && errno == EINTR);
            if (n < 0) {
                snprintf(r->err, sizeof r->err, "cannot read: %s",
                         strerror(errno));
                return -1;
            }
            if (n == 0)
                r->eof = 1;
            r->read_off += (uint64_t)n;
            r->z.next_in = r->in;
            r->z.avail_in = (uInt)n;
        }
        if (r->member_end) {
            /* Each record is normally a gzip member of its own; the next
            ** member starts where this one's bytes ended. */
            if (r->z.avail_in == 0 && r->eof)
                return 0;
            if (r->z.avail_in == 0)
                continue;
            inflateReset(&r->z);
            r->member_end = 0;
            r->member_off = r->read_off - r->z.avail_in;
        }
        if (r->z.avail_in == 0 && r->eof) {
            snprintf(r->err, sizeof r->err, "gzip data ends inside a member");
            return -1;
        }
        r->z.next_out = r->out;
        r->z.avail_out = sizeof r->out;
        zr = inflate(&r->z, Z_NO_FLUSH);
        if (zr == Z_STREAM_END)
            r->member_end = 1;
        else if (zr != Z_OK && zr != Z_BUF_ERROR) {
            snprintf(r->err, sizeof r->err, "gzip data is corrupt (%s)",
                     r->z.msg ? r->z.msg : "inflate failed");
            return -1;
        }
        r->out_len = sizeof r->out - r->z.avail_out;
    }
    return 1;
}

/* Where the next record starts: its gzip member, or its byte offset. */
static int rd_mark(warc_reader *r, uint64_t *off)
{
    if (r->out_pos == r->out_len) {
        int k = rd_fill(r);
        if (k <= 0)
            return k;
    }
    *off = r->gz ? r->member_off : r->pos;
    return 1;
}

/* Up to n bytes; 0 at the end, -1 on error. */
static long rd_read(warc_reader *r, void *buf, size_t n)
{
    size_t k;
    if (r->out_pos == r->out_len) {
        int f = rd_fill(r);
        if (f <= 0)
            return f;
    }
    k = r->out_len - r->out_pos;
    if (k > n)
        k = n;
    memcpy(buf, r->out + r->out_pos, k);
    r->out_pos += k;
    r->pos += k;
    return (long)k;
}

/* A line without its CR LF into buf. Returns its length, -1 at the end of
** input before any byte, -2 when longer than cap or on a read error. */
static long rd_line(warc_reader *r, char *buf, size_t cap, uint64_t *budget)
{
    size_t n = 0;
    for (;;) {
        unsigned char c;
        if (r->out_pos == r->out_len) {
            int f = rd_fill(r);
            if (f < 0)
                return -2;
            if (f == 0)
                return n ? (long)n : -1;
        }
        c = r->out[r->out_pos++];
        r->pos++;
        if (budget) {
            if (*budget == 0)
                return -2;
            (*budget)--;
        }
        if (c == '\n')
            break;
        if (n + 1 >= cap)
            return -2;
        buf[n++] = (char)c;
    }
    if (n && buf[n - 1] == '\r')
        n--;
    buf[n] = '\0';
    return (long)n;
}

/* Skip n bytes of the current block. 0, or -1 when the input ends first. */
static int rd_skip(warc_reader *r, uint64_t n)
{
    char tmp[WARC_BUF];
    while (n) {
        long k = rd_read(r, tmp, n < sizeof tmp ? (size_t)n : sizeof tmp);
        if (k <= 0)
            return -1;
        n -= (uint64_t)k;
    }
    return 0;
}

/* ---- payload decoding: chunked transfer coding, content coding ---- */

typedef enum {
    CH_SIZE, CH_EXT, CH_DATA, CH_DATA_END, CH_TRAILER, CH_DONE
} chunk_state;

typedef struct payload {
    crawl_body *body;
    int chunked;
    chunk_state cs;
    uint64_t chunk_left;
    int saw_digit;
    size_t trailer_len;   /* bytes of the current trailer line */
    int coding;           /* 0 identity, 1 gzip/deflate via zlib */
    int zinit;
    int raw_deflate_tried;
    z_stream z;
    int full;             /* the body reached its limit */
    int bad;              /* chunked or compressed data is corrupt */
} payload;

/* Content coding, then the body. */
static int pl_store(payload *p, const unsigned char *d, size_t n)
{
    unsigned char out[WARC_BUF];
    if (p->full || p->bad || n == 0)
        return 0;
    if (!p->coding) {
        int r = crawl_body_write(p->body, d, n);
        if (r < 0)
            return -1;
        p->full = r > 0;
        return 0;
    }
    if (!p->zinit) {
        memset(&p->z, 0, sizeof p->z);
        /* 32 + 15: gzip or zlib header, detected. */
        if (inflateInit2(&p->z, 15 + 32) != Z_OK)
            return -1;
        p->zinit = 1;
    }
    p->z.next_in = (unsigned char *)d;
    p->z.avail_in = (uInt)n;
    while (p->z.avail_in > 0 && !p->full) {
        int zr, w;
        p->z.next_out = out;
        p->z.avail_out = sizeof out;
        zr = inflate(&p->z, Z_NO_FLUSH);
        if (zr == Z_DATA_ERROR && !p->raw_deflate_tried &&
            p->z.total_out == 0) {
            /* "deflate" is often sent raw, without the zlib header. */
            p->raw_deflate_tried = 1;
            inflateEnd(&p->z);
            memset(&p->z, 0, sizeof p->z);
            if (inflateInit2(&p->z, -15) != Z_OK)
                return -1;
            p->z.next_in = (unsigned char *)d;
            p->z.avail_in = (uInt)n;
            continue;
        }
        if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) {
            p->bad = 1;
            return 0;
        }
        w = crawl_body_write(p->body, out, sizeof out - p->z.avail_out);
        if (w < 0)
            return -1;
        p->full = w > 0;
        if (zr == Z_STREAM_END || (zr == Z_BUF_ERROR &&
                                   p->z.avail_out == sizeof out))
            break;
    }
    return 0;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Undo chunked transfer coding as the bytes go by. */
static int pl_feed(payload *p, const unsigned char *d, size_t n)
{
    size_t i = 0;
    if (!p->chunked)
        return pl_store(p, d, n);
    while (i < n && p->cs != CH_DONE) {
        unsigned char c = d[i];
        switch (p->cs) {
        case CH_SIZE:
        case CH_EXT:
            i++;
            if (c == '\n') {
                if (!p->saw_digit) {
                    p->bad = 1;
                    return 0;
                }
                p->saw_digit = 0;
                p->trailer_len = 0;
                p->cs = p->chunk_left == 0 ? CH_TRAILER : CH_DATA;
            } else if (p->cs == CH_SIZE) {
                int h = hexval(c);
                if (h >= 0) {
                    if (p->chunk_left > (UINT64_MAX >> 4)) {
                        p->bad = 1;
                        return 0;
                    }
                    p->chunk_left = p->chunk_left * 16 + (uint64_t)h;
                    p->saw_digit = 1;
                } else if (c == ';' || c == ' ' || c == '\t' || c == '\r')
                    p->cs = CH_EXT; /* chunk extensions are ignored */
                else {
                    p->bad = 1;
                    return 0;
                }
            }
            break;
        case CH_DATA: {
            size_t k = n - i;
            if (k > p->chunk_left)
                k = (size_t)p->chunk_left;
            if (pl_store(p, d + i, k) != 0)
                return -1;
            i += k;
            p->chunk_left -= k;
            if (p->chunk_left == 0)
                p->cs = CH_DATA_END;
            break;
        }
        case CH_DATA_END:
            i++;
            if (c == '\n')
                p->cs = CH_SIZE;
            else if (c != '\r') {
                p->bad = 1;
                return 0;
            }
            break;
        case CH_TRAILER:
            i++;
            if (c == '\n') {
                if (p->trailer_len == 0)
                    p->cs = CH_DONE;
                p->trailer_len = 0;
            } else if (c != '\r')
                p->trailer_len++;
            break;
        case CH_DONE:
            break;
        }
    }
    return 0;
}

static void pl_free(payload *p)
{
    if (p->zinit)
        inflateEnd(&p->z);
}

/* ---- output ---- */

typedef struct warc_ctx {
    const tool_config *cfg;
    pthread_mutex_t lock; /* stdout and worst */
    int worst;
    uint64_t limit;       /* bytes kept of one payload */
} warc_ctx;

typedef struct warc_item {
    warc_ctx *ctx;
    char *file;           /* as given on the command line */
    char *uri;
    char *date;
    uint64_t offset;
    crawl_body body;
} warc_item;

static void json_str(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    fputc('"', f);
    for (; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static int status_of(domat_verdict v)
{
    switch (v) {
    case DOMAT_ALLOW: return TOOL_EXIT_ALLOW;
    case DOMAT_REVIEW:
    case DOMAT_BLOCK: return TOOL_EXIT_FOUND;
    default: return TOOL_EXIT_ERROR;
    }
}

static void set_worst(warc_ctx *c, int status)
{
    /* 2 (error) outranks 1 (found), as in `domat scan`. */
    if (status > c->worst)
        c->worst = status;
}

/* Print one result, with the record's place in the WARC for JSON. */
static void emit(warc_ctx *c, const char *file, const char *uri,
                 const char *date, uint64_t offset, domat_result *res,
                 int failed)
{
    const tool_config *cfg = c->cfg;
    int status = failed ? TOOL_EXIT_ERROR
                        : status_of(domat_result_verdict(res));
    char *line = NULL;
    size_t len = 0;
    int show = !cfg->quiet && !(cfg->only_found && status == TOOL_EXIT_ALLOW);

    if (show && domat_render_result(res, cfg->format, &line, &len) !=
                    DOMAT_OK) {
        line = NULL;
        status = TOOL_EXIT_ERROR;
    }
    pthread_mutex_lock(&c->lock);
    if (line && cfg->format == DOMAT_FORMAT_JSON && line[0] == '{') {
        fputs("{\"url\": ", stdout);
        json_str(stdout, uri ? uri : "");
        fputs(", \"fetched_at\": ", stdout);
        if (date)
            json_str(stdout, date);
        else
            fputs("null", stdout);
        fputs(", \"warc\": ", stdout);
        json_str(stdout, file);
        fprintf(stdout, ", \"warc_offset\": %llu, ",
                (unsigned long long)offset);
        fwrite(line + 1, 1, len - 1, stdout);
    } else if (line)
        fwrite(line, 1, len, stdout);
    set_worst(c, status);
    pthread_mutex_unlock(&c->lock);
    free(line);
}

static void emit_error(warc_ctx *c, const char *file, const char *uri,
                       uint64_t offset, const char *msg)
{
    domat_result *res = NULL;
    char name[512];
    snprintf(name, sizeof name, "%s", uri ? uri : file);
    if (domat_error_result(&res, name, msg) == DOMAT_OK && res) {
        emit(c, file, uri ? uri : file, NULL, offset, res, 1);
        domat_free_result(res);
        return;
    }
    pthread_mutex_lock(&c->lock);
    fprintf(stderr, "domat: %s: %s\n", name, msg);
    set_worst(c, TOOL_EXIT_ERROR);
    pthread_mutex_unlock(&c->lock);
}

static void item_free(warc_item *it)
{
    if (!it)
        return;
    free(it->file);
    free(it->uri);
    free(it->date);
    crawl_body_free(&it->body);
    free(it);
}

static void scanned(void *arg, crawl_job *job);

/*
** An error found while reading: it goes through the pool like a scan, so
** that with one job every line keeps the order of the records. Without a
** pool (the file could not be opened) it is printed at once.
*/
static void record_error(warc_ctx *c, crawl_pool *pool, const char *file,
                         const char *uri, uint64_t offset, const char *msg)
{
    warc_item *it = calloc(1, sizeof *it);
    crawl_job *job = calloc(1, sizeof *job);
    if (it && job) {
        it->ctx = c;
        it->file = strdup(file);
        it->uri = uri ? strdup(uri) : NULL;
        it->offset = offset;
        crawl_body_init(&it->body, 0, 0);
        job->user = it;
        job->error = strdup(msg);
        job->status = DOMAT_EIO;
        if (it->file && job->error && crawl_pool_submit(pool, job) == 0)
            return;
    }
    item_free(it);
    crawl_job_free(job);
    emit_error(c, file, uri, offset, msg);
}

static void scanned(void *arg, crawl_job *job)
{
    warc_item *it = job->user;
    (void)arg;
    if (job->res)
        emit(it->ctx, it->file, it->uri, it->date, it->offset, job->res,
             job->status != DOMAT_OK);
    else
        emit_error(it->ctx, it->file, it->uri, it->offset,
                   job->error ? job->error : "scan failed");
    item_free(it);
    crawl_job_free(job);
}

/* ---- records ---- */

typedef struct warc_head {
    char type[32];
    char *uri;
    char *date;
    char ctype[128];
    uint64_t length;
    int have_length;
} warc_head;

static void head_free(warc_head *h)
{
    free(h->uri);
    free(h->date);
    memset(h, 0, sizeof *h);
}

static const char *value_of(const char *line, const char *name)
{
    size_t n = strlen(name);
    if (strncasecmp(line, name, n) != 0 || line[n] != ':')
        return NULL;
    line += n + 1;
    while (*line == ' ' || *line == '\t')
        line++;
    return line;
}

/*
** Read the WARC header block. Returns 1, 0 at a clean end of the file, -1
** when the bytes are not a WARC record (msg says why).
*/
static int read_head(warc_reader *r, warc_head *h, char *msg, size_t msglen)
{
    char line[8192];
    long n;
    uint64_t budget = WARC_MAX_HEADER;
    memset(h, 0, sizeof *h);
    /* Blank lines between records are tolerated: some writers add extra. */
    do
        n = rd_line(r, line, sizeof line, NULL);
    while (n == 0);
    if (n == -1)
        return 0;
    if (n < 0 || strncmp(line, "WARC/", 5) != 0) {
        snprintf(msg, msglen, "%s", n == -2 && r->err[0]
                                        ? r->err
                                        : "no WARC/ version line");
        return -1;
    }
    for (;;) {
        const char *v;
        n = rd_line(r, line, sizeof line, &budget);
        if (n == -1 || n == -2) {
            snprintf(msg, msglen, "%s", r->err[0] ? r->err
                                                  : "header block cut short");
            return -1;
        }
        if (n == 0)
            break;
        if ((v = value_of(line, "WARC-Type")) != NULL)
            snprintf(h->type, sizeof h->type, "%s", v);
        else if ((v = value_of(line, "WARC-Target-URI")) != NULL) {
            /* WARC/1.0 writers put the URI in angle brackets sometimes. */
            size_t k = strlen(v);
            if (k >= 2 && v[0] == '<' && v[k - 1] == '>') {
                v++;
                k -= 2;
            }
            free(h->uri);
            h->uri = strndup(v, k);
        } else if ((v = value_of(line, "WARC-Date")) != NULL) {
            free(h->date);
            h->date = strdup(v);
        } else if ((v = value_of(line, "Content-Type")) != NULL)
            snprintf(h->ctype, sizeof h->ctype, "%s", v);
        else if ((v = value_of(line, "Content-Length")) != NULL) {
            char *end;
            errno = 0;
            h->length = strtoull(v, &end, 10);
            h->have_length = end != v && errno == 0;
        }
    }
    if (!h->have_length) {
        snprintf(msg, msglen, "record without Content-Length");
        return -1;
    }
    return 1;
}

/* Case-insensitive: does the header value list this coding? */
static int has_word(const char *v, const char *w)
{
    size_t n = strlen(w);
    for (; *v; v++)
        if (strncasecmp(v, w, n) == 0)
            return 1;
    return 0;
}

/*
** The HTTP header of a response record: status and the two codings that
** matter. *used gets the bytes it took from the block.
*/
static int read_http_head(warc_reader *r, uint64_t block, uint64_t *used,
                          long *status, int *chunked, char *coding,
                          size_t codinglen)
{
    char line[8192];
    uint64_t budget = block < WARC_MAX_HEADER ? block : WARC_MAX_HEADER;
    uint64_t start = budget;
    long n = rd_line(r, line, sizeof line, &budget);
    *status = 0;
    *chunked = 0;
    coding[0] = '\0';
    if (n < 0 || strncmp(line, "HTTP/", 5) != 0)
        return -1;
    {
        const char *sp = strchr(line, ' ');
        *status = sp ? strtol(sp + 1, NULL, 10) : 0;
    }
    for (;;) {
        const char *v;
        n = rd_line(r, line, sizeof line, &budget);
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        if ((v = value_of(line, "Transfer-Encoding")) != NULL)
            *chunked = has_word(v, "chunked");
        else if ((v = value_of(line, "Content-Encoding")) != NULL)
            snprintf(coding, codinglen, "%s", v);
    }
    *used = start - budget;
    return 0;
}

/* Read `left` bytes of payload through the decoders into item's body. */
static int read_payload(warc_reader *r, uint64_t left, payload *p)
{
    unsigned char buf[WARC_BUF];
    while (left) {
        long k = rd_read(r, buf, left < sizeof buf ? (size_t)left : sizeof buf);
        if (k <= 0)
            return -1;
        left -= (uint64_t)k;
        if (pl_feed(p, buf, (size_t)k) != 0)
            return -2;
    }
    return 0;
}

/* The record's end: CR LF CR LF, tolerated when missing. */
static void skip_trailer(warc_reader *r)
{
    int i;
    for (i = 0; i < 4; i++) {
        if (r->out_pos == r->out_len && rd_fill(r) <= 0)
            return;
        if (r->out[r->out_pos] != '\r' && r->out[r->out_pos] != '\n')
            return;
        r->out_pos++;
        r->pos++;
    }
}

static int scan_file(warc_ctx *c, crawl_pool *pool, const char *file)
{
    warc_reader r;
    int fd = strcmp(file, "-") == 0 ? STDIN_FILENO : open(file, O_RDONLY);
    char msg[256];
    uint64_t records = 0;

    if (fd < 0) {
        snprintf(msg, sizeof msg, "cannot open: %s", strerror(errno));
        record_error(c, pool, file, NULL, 0, msg);
        return 0;
    }
    if (rd_open(&r, fd) != 0) {
        record_error(c, pool, file, NULL, 0, r.err);
        if (fd != STDIN_FILENO)
            close(fd);
        return 0;
    }
    for (;;) {
        warc_head h;
        uint64_t off = 0, used = 0;
        int k = rd_mark(&r, &off), kind;
        warc_item *it;
        crawl_job *job;
        payload p;
        long status = 0;
        int chunked = 0;
        char coding[64] = "";

        if (k == 0)
            break;
        if (k > 0)
            k = read_head(&r, &h, msg, sizeof msg);
        else
            snprintf(msg, sizeof msg, "%s", r.err);
        if (k == 0)
            break;
        if (k < 0) {
            char m2[320];
            snprintf(m2, sizeof m2, "%s at offset %llu%s", msg,
                     (unsigned long long)off,
                     records ? "" : ": not a WARC file");
            record_error(c, pool, file, NULL, off, m2);
            head_free(&h);
            break;
        }
        records++;
        /* 0 skip, 1 response (HTTP inside), 2 resource/conversion */
        kind = strcmp(h.type, "response") == 0 &&
                       strncasecmp(h.ctype, "application/http", 16) == 0
                   ? 1
               : (strcmp(h.type, "resource") == 0 ||
                  strcmp(h.type, "conversion") == 0) &&
                       strncasecmp(h.ctype, "text/dns", 8) != 0 &&
                       !(h.uri && strncmp(h.uri, "metadata:", 9) == 0)
                   ? 2
                   : 0;
        if (kind == 1) {
            if (read_http_head(&r, h.length, &used, &status, &chunked, coding,
                               sizeof coding) != 0) {
                record_error(c, pool, file, h.uri, off,
                           "response record without an HTTP header");
                if (rd_skip(&r, h.length - used) != 0) {
                    head_free(&h);
                    break;
                }
                skip_trailer(&r);
                head_free(&h);
                continue;
            }
            if (status < 200 || status > 299)
                kind = 0;
        }
        if (kind == 0) {
            int bad = rd_skip(&r, h.length - used);
            head_free(&h);
            if (bad) {
                record_error(c, pool, file, NULL, off, "file ends inside a record");
                break;
            }
            skip_trailer(&r);
            continue;
        }
        it = calloc(1, sizeof *it);
        job = calloc(1, sizeof *job);
        if (!it || !job) {
            free(it);
            free(job);
            head_free(&h);
            record_error(c, pool, file, NULL, off, "out of memory");
            break;
        }
        it->ctx = c;
        it->file = strdup(file);
        it->uri = h.uri ? h.uri : strdup(file);
        it->date = h.date;
        h.uri = h.date = NULL;
        it->offset = off;
        crawl_body_init(&it->body, c->limit, CRAWL_MEM_BODY);
        memset(&p, 0, sizeof p);
        p.body = &it->body;
        p.chunked = chunked;
        if (coding[0] && strcasecmp(coding, "identity") != 0) {
            if (strcasecmp(coding, "gzip") == 0 ||
                strcasecmp(coding, "x-gzip") == 0 ||
                strcasecmp(coding, "deflate") == 0)
                p.coding = 1;
            else {
                char m2[128];
                snprintf(m2, sizeof m2, "content coding '%s' is not "
                         "supported: not scanned", coding);
                record_error(c, pool, file, it->uri, off, m2);
                k = rd_skip(&r, h.length - used);
                item_free(it);
                free(job);
                head_free(&h);
                if (k != 0)
                    break;
                skip_trailer(&r);
                continue;
            }
        }
        k = read_payload(&r, h.length - used, &p);
        pl_free(&p);
        head_free(&h);
        if (k != 0 || p.bad) {
            record_error(c, pool, file, it->uri, off,
                       k == -2 ? "cannot keep the payload (memory or "
                                 "temporary file)"
                       : k ? "file ends inside a record"
                           : "payload coding is corrupt");
            item_free(it);
            free(job);
            if (k != 0)
                break;
            skip_trailer(&r);
            continue;
        }
        skip_trailer(&r);
        job->user = it;
        job->body = &it->body;
        job->in.name = it->uri;
        job->in.content = c->cfg->content;
        job->in.encoding = c->cfg->encoding;
        if (crawl_pool_submit(pool, job) != 0) {
            item_free(it);
            free(job);
            break;
        }
    }
    rd_close(&r);
    if (fd != STDIN_FILENO)
        close(fd);
    return 0;
}

int tool_scan_warc(const tool_config *cfg, domat_scanner **scs, size_t nsc,
                   const domat_input *tmpl)
{
    warc_ctx c;
    crawl_pool *pool;
    domat_limits lim;
    size_t i;

    (void)tmpl;
    memset(&c, 0, sizeof c);
    c.cfg = cfg;
    domat_limits_default(&lim);
    c.limit = cfg->max_size ? cfg->max_size : lim.max_input_bytes;
    pthread_mutex_init(&c.lock, NULL);
    /* With one job the lines come out in record order. */
    pool = crawl_pool_new(scs, nsc, nsc * CRAWL_SCAN_QUEUE_PER_JOB, scanned,
                          &c);
    if (!pool) {
        fputs("domat: scan --warc: cannot start the scanning threads\n",
              stderr);
        pthread_mutex_destroy(&c.lock);
        return TOOL_EXIT_ERROR;
    }
    for (i = 0; i < cfg->operands.n; i++)
        scan_file(&c, pool, cfg->operands.v[i]);
    crawl_pool_free(pool);
    pthread_mutex_destroy(&c.lock);
    return c.worst;
}

/*
** 2026-11-25
**
** archive.c: an archive or compressed file (zip, tar, cpio, 7z, rar, ar,
** iso9660, cab, lha, xar; gzip, bzip2, xz, lzma, lzip, zstd, lz4, compress)
** -> its regular-file members, each handed on as a stream.
**
** Takes the archive through a read callback and never holds it or a member
** whole: libarchive pulls blocks through arc_read, and each member goes to
** doc_file_stream with a reader that decompresses as the scanner asks, so a
** 1 GiB member costs one block of memory here. A compressed single file
** (x.txt.gz) is one member named after the gzip header's original name, or
** "<decompressed>". 7z is the exception: its index sits at the end and
** libarchive must seek, so a 7z archive is read into memory first.
**
** Hands on regular files only; directories, links and devices hold no
** content. It never recurses itself (a zip in a zip comes back through the
** scanner's dispatch, one level deeper), never runs an external program (only
** filters whose library is linked in are enabled; mtree, which opens local
** files named in the archive, is not), and never lets a member decompress
** past limits.max_ratio times the compressed bytes it used: the member is
** cut there and reported. Every member it cannot read (encrypted, broken,
** past a limit) is reported with doc_unscanned.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "doc.h"
#include "text.h"

/* Bytes pulled from the caller's stream at a time. */
#define ARC_BLOCK (64U << 10)
/*
** The compressed bytes a member is charged at least when its ratio is
** checked. Filters decompress ahead in blocks (64 KiB out for gzip, 128 KiB
** for zstd), so a small member can come wholly out of input consumed for
** the previous one and seem to cost nothing; with this floor a member must
** give more than max_ratio * 4 KiB (1 MiB by default) before it can be cut.
*/
#define ARC_MIN_IN 4096U
/* Consecutive ARCHIVE_RETRY or ARCHIVE_FAILED answers tolerated before the
** archive is given up (libarchive need not advance after either). */
#define ARC_MAX_RETRY 16
/*
** Bytes of a member decompressed only to get past it, after its consumer
** stopped reading (it was cut at the ratio, or not wanted), per unit of
** limits.max_ratio: 1 MiB, so 250 MiB by default, a quarter of a second of
** inflate. A member with more left is abandoned, and the archive with it,
** rather than decompressed to its end: that is what a bomb asks for.
*/
#define ARC_DRAIN_PER_RATIO (1ULL << 20)
#define ARC_NAME_MAX 255

typedef struct arc {
    doc_ctx *c;
    doc_read_fn rd;
    void *arg;
    struct archive *a;
    unsigned char *buf;        /* the block libarchive reads from */
    unsigned char *scratch;    /* where a member's unread rest is dropped */
    size_t head;               /* bytes of buf read ahead to sniff the type */
    int head_given;
    int rd_err;                /* the stream failed after the head */
    /* the member being read */
    uint64_t in0;              /* compressed bytes consumed at its header */
    uint64_t out;              /* bytes decompressed from it */
    uint32_t max_ratio;
    int ended;                 /* its reader has returned 0 */
    int eof;                   /* ... because the member ended */
    int ratio_hit;
    int err;                   /* archive_read_data failed: the status */
    char errmsg[200];
} arc;

static la_ssize_t arc_read(struct archive *a, void *ud, const void **buf)
{
    arc *x = ud;
    *buf = x->buf;
    if (!x->head_given) {
        x->head_given = 1;
        return (la_ssize_t)x->head;
    }
    long n = x->rd_err ? -1 : x->rd(x->arg, x->buf, ARC_BLOCK);
    if (n < 0) {
        archive_set_error(a, EIO, "read error");
        return -1;
    }
    return n;
}

/* Compressed bytes consumed so far: the position of the filter nearest the
** caller's stream. */
static uint64_t arc_in(arc *x)
{
    la_int64_t n = archive_filter_bytes(x->a, -1);
    return n > 0 ? (uint64_t)n : 0;
}

static int arc_over_ratio(arc *x)
{
    uint64_t now = arc_in(x);
    uint64_t in = now > x->in0 ? now - x->in0 : 0;
    if (in < ARC_MIN_IN)
        in = ARC_MIN_IN;
    return x->out > (uint64_t)x->max_ratio * in;
}

/*
** The member reader behind doc_file_stream. A libarchive error ends the
** member (returns 0) rather than failing it (-1): what came before the error
** is still scanned, and archive_extract reports the member with libarchive's
** own reason, which says more than "read error".
*/
static long arc_member_read(void *ud, void *buf, size_t n)
{
    arc *x = ud;
    if (x->ended || doc_stop(x->c)) {
        x->ended = 1;
        return 0;
    }
    la_ssize_t k = archive_read_data(x->a, buf, n);
    if (k < 0) {
        x->err = (int)k;
        const char *m = archive_error_string(x->a);
        snprintf(x->errmsg, sizeof x->errmsg, "%s", m ? m : "read error");
        x->ended = 1;
        return 0;
    }
    if (k == 0) {
        x->ended = x->eof = 1;
        return 0;
    }
    x->out += (uint64_t)k;
    if (doc_budget(x->c, (uint64_t)k)) {
        x->ended = 1; /* the scanner has recorded why */
        return 0;
    }
    if (arc_over_ratio(x)) {
        /* Hand on this block, then end: scanned up to the ratio. */
        x->ratio_hit = x->ended = 1;
    }
    return (long)k;
}

/* A name fit for a location: valid UTF-8 (other bytes become '?'), no
** control characters, no leading "./", bounded. */
static void arc_clean_name(const char *in, char *out, size_t cap)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t n = strlen(in), o = 0, i = 0;
    while (n - i >= 2 && s[i] == '.' && s[i + 1] == '/')
        i += 2;
    while (i < n && o + 4 < cap && o < ARC_NAME_MAX) {
        uint32_t cp;
        size_t k = text_utf8_get(s + i, n - i, &cp);
        if (k == 0) {
            out[o++] = '?';
            i++;
        } else {
            if (cp < 0x20 || cp == 0x7F)
                out[o++] = ' ';
            else {
                memcpy(out + o, s + i, k);
                o += k;
            }
            i += k;
        }
    }
    out[o] = '\0';
}

/* The original name in a gzip header (RFC 1952 FNAME), if there is one. */
static void arc_gzip_name(const unsigned char *p, size_t n, char *out, size_t cap)
{
    out[0] = '\0';
    if (n < 10 || p[0] != 0x1F || p[1] != 0x8B || p[2] != 8 || !(p[3] & 8))
        return;
    size_t i = 10;
    if (p[3] & 4) { /* FEXTRA */
        if (n < 12)
            return;
        i = 12 + (size_t)(p[10] | p[11] << 8);
    }
    size_t e = i;
    while (e < n && p[e] && e - i < 1024)
        e++;
    if (e >= n || p[e] || e == i)
        return;
    /* RFC 1952 says Latin-1; gzip on Linux writes the file system's bytes,
    ** usually UTF-8. Take UTF-8 when it is, else read Latin-1. */
    char tmp[1024 * 2 + 1];
    size_t o = 0;
    int utf8 = 1;
    for (size_t k = i; k < e;) {
        uint32_t cp;
        size_t len = text_utf8_get(p + k, e - k, &cp);
        if (!len) {
            utf8 = 0;
            break;
        }
        k += len;
    }
    for (size_t k = i; k < e; k++) {
        if (utf8 || p[k] < 0x80) {
            tmp[o++] = (char)p[k];
        } else {
            tmp[o++] = (char)(0xC0 | p[k] >> 6);
            tmp[o++] = (char)(0x80 | (p[k] & 0x3F));
        }
    }
    tmp[o] = '\0';
    /* Keep the base name: the header may carry a path. */
    const char *b = strrchr(tmp, '/');
    arc_clean_name(b ? b + 1 : tmp, out, cap);
}

/* Compression signatures at the start: a compressed single file has one. */
static const char *arc_filter_magic(const unsigned char *p, size_t n)
{
    if (n >= 2 && p[0] == 0x1F && p[1] == 0x8B)
        return "gzip";
    if (n >= 3 && !memcmp(p, "BZh", 3))
        return "bzip2";
    if (n >= 6 && !memcmp(p, "\xFD" "7zXZ\0", 6))
        return "xz";
    if (n >= 4 && !memcmp(p, "\x28\xB5\x2F\xFD", 4))
        return "zstd";
    if (n >= 4 && !memcmp(p, "\x04\x22\x4D\x18", 4))
        return "lz4";
    if (n >= 4 && !memcmp(p, "LZIP", 4))
        return "lzip";
    if (n >= 2 && p[0] == 0x1F && p[1] == 0x9D)
        return "compress";
    if (n >= 3 && p[0] == 0x5D && p[1] == 0 && p[2] == 0)
        return "lzma";
    return NULL;
}

/* What to call the archive in a message. */
static const char *arc_kind(struct archive *a, const unsigned char *p, size_t n)
{
    switch (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) {
    case ARCHIVE_FORMAT_ZIP: return "zip";
    case ARCHIVE_FORMAT_TAR: return "tar";
    case ARCHIVE_FORMAT_CPIO: return "cpio";
    case ARCHIVE_FORMAT_7ZIP: return "7z";
    case ARCHIVE_FORMAT_RAR:
    case ARCHIVE_FORMAT_RAR_V5: return "rar";
    case ARCHIVE_FORMAT_ISO9660: return "iso9660";
    case ARCHIVE_FORMAT_CAB: return "cab";
    case ARCHIVE_FORMAT_LHA: return "lha";
    case ARCHIVE_FORMAT_XAR: return "xar";
    case ARCHIVE_FORMAT_AR: return "ar";
    default: break;
    }
    const char *f = arc_filter_magic(p, n);
    if (f)
        return f;
    if (n >= 2 && p[0] == 'P' && p[1] == 'K')
        return "zip";
    if (n >= 6 && !memcmp(p, "7z\xBC\xAF\x27\x1C", 6))
        return "7z";
    if (n >= 4 && !memcmp(p, "Rar!", 4))
        return "rar";
    if (n >= 262 && !memcmp(p + 257, "ustar", 5))
        return "tar";
    return "archive";
}

/*
** Filters whose library libarchive was built with. Without the library,
** libarchive would pipe the data through an external program (gzip -d, ...),
** which a scanner of hostile input must not start.
*/
static void arc_filters(struct archive *a)
{
    if (archive_zlib_version())
        archive_read_support_filter_gzip(a);
    if (archive_bzlib_version())
        archive_read_support_filter_bzip2(a);
    if (archive_liblzma_version()) {
        archive_read_support_filter_xz(a);
        archive_read_support_filter_lzma(a);
        archive_read_support_filter_lzip(a);
    }
    if (archive_libzstd_version())
        archive_read_support_filter_zstd(a);
    if (archive_liblz4_version())
        archive_read_support_filter_lz4(a);
    archive_read_support_filter_compress(a); /* built in */
}

static void arc_formats(struct archive *a, int raw)
{
    /* The streamable zip reader: the seekable one needs the end of the file
    ** first, which a stream does not have. */
    archive_read_support_format_zip_streamable(a);
    archive_read_support_format_tar(a);
    archive_read_support_format_cpio(a);
    archive_read_support_format_7zip(a);
    archive_read_support_format_rar(a);
    archive_read_support_format_rar5(a);
    archive_read_support_format_ar(a);
    archive_read_support_format_cab(a);
    archive_read_support_format_iso9660(a);
    archive_read_support_format_lha(a);
    archive_read_support_format_xar(a);
    /* Raw only behind a compression filter: otherwise it would take any
    ** unreadable archive as one member, which the scanner would hand back
    ** here as the same archive, over and over. */
    if (raw)
        archive_read_support_format_raw(a);
}

/*
** Fill buf with the first bytes of the stream, to tell the type by. A read
** error after some bytes is kept for arc_read to return once they are used,
** so the members before it are still read; -1 when there were none.
*/
static long arc_fill(arc *x, size_t want)
{
    size_t n = 0;
    while (n < want) {
        long k = x->rd(x->arg, x->buf + n, want - n);
        if (k < 0) {
            x->rd_err = 1;
            break;
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    return n == 0 && x->rd_err ? -1 : (long)n;
}

/*
** A 7z archive, read into memory whole (libarchive reads its index at the
** end and seeks back). Returns the buffer, or NULL after reporting why.
*/
static unsigned char *arc_slurp(arc *x, size_t *len, int *rc)
{
    const domat_limits *lim = doc_limits(x->c);
    size_t cap = ARC_BLOCK * 4, n = x->head;
    unsigned char *m = malloc(cap);
    if (!m) {
        *rc = DOC_NOMEM;
        return NULL;
    }
    memcpy(m, x->buf, n);
    for (;;) {
        if (n == cap) {
            if ((uint64_t)cap * 2 > lim->max_input_bytes + ARC_BLOCK) {
                free(m);
                *rc = doc_unscanned(x->c, "7z archive larger than %llu bytes not scanned",
                                    (unsigned long long)lim->max_input_bytes);
                return NULL;
            }
            unsigned char *t = realloc(m, cap * 2);
            if (!t) {
                free(m);
                *rc = DOC_NOMEM;
                return NULL;
            }
            m = t;
            cap *= 2;
        }
        long k = x->rd(x->arg, m + n, cap - n);
        if (k < 0) {
            free(m);
            *rc = doc_corrupt(x->c, "corrupt 7z: read error");
            return NULL;
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    *len = n;
    return m;
}

/*
** Whether libarchive can pass over the rest of a member without
** decompressing it: an uncompressed tar, cpio or ar. Anywhere else its skip
** may decompress the rest (a zip entry whose sizes follow its data, any
** member behind a gzip/xz/... filter) with no ratio or time check, so the
** rest is read here instead.
*/
static int arc_cheap_skip(struct archive *a)
{
    if (archive_filter_count(a) > 1)
        return 0;
    switch (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) {
    case ARCHIVE_FORMAT_TAR:
    case ARCHIVE_FORMAT_CPIO:
    case ARCHIVE_FORMAT_AR:
        return 1;
    default:
        return 0;
    }
}

/*
** Read and drop the rest of a member its consumer did not take (cut at the
** ratio, or not wanted). Returns 0 when the member ended (or broke: the
** error shows again at the next header), 1 when out of memory, -1 when it
** had to be abandoned: a stop, or more than the drain allowance, which is
** where a bomb's remaining gigabytes are refused. Past an abandoned member
** the archive cannot be read on.
*/
static int arc_drain(arc *x)
{
    /* Not into buf: libarchive may still be reading from that block. */
    if (!x->scratch && !(x->scratch = malloc(ARC_BLOCK)))
        return 1;
    uint64_t dropped = 0;
    for (;;) {
        if (doc_stop(x->c))
            return -1;
        la_ssize_t k = archive_read_data(x->a, x->scratch, ARC_BLOCK);
        if (k <= 0)
            return 0;
        dropped += (uint64_t)k;
        if (dropped > (uint64_t)x->max_ratio * ARC_DRAIN_PER_RATIO)
            return -1;
    }
}

int archive_extract(doc_ctx *c, doc_read_fn rd, void *arg)
{
    const domat_limits *lim = doc_limits(c);
    arc x;
    memset(&x, 0, sizeof x);
    x.c = c;
    x.rd = rd;
    x.arg = arg;
    x.max_ratio = lim->max_ratio;
    x.buf = malloc(ARC_BLOCK);
    if (!x.buf)
        return DOC_NOMEM;
    long head = arc_fill(&x, ARC_BLOCK);
    if (head < 0) {
        free(x.buf);
        return doc_corrupt(c, "archive: read error");
    }
    x.head = (size_t)head;
    unsigned char sniff[512];
    size_t nsniff = x.head < sizeof sniff ? x.head : sizeof sniff;
    memcpy(sniff, x.buf, nsniff);
    const char *filter = arc_filter_magic(x.buf, x.head);
    char gzname[ARC_NAME_MAX + 8];
    arc_gzip_name(x.buf, x.head, gzname, sizeof gzname);

    struct archive *a = archive_read_new();
    if (!a) {
        free(x.buf);
        return DOC_NOMEM;
    }
    x.a = a;
    arc_filters(a);
    arc_formats(a, filter != NULL);
    int rc = DOC_OK;
    unsigned char *whole = NULL;
    int r;
    if (x.head >= 6 && !memcmp(x.buf, "7z\xBC\xAF\x27\x1C", 6)) {
        size_t wlen = 0;
        whole = arc_slurp(&x, &wlen, &rc);
        if (!whole) {
            archive_read_free(a);
            free(x.buf);
            return rc;
        }
        r = archive_read_open_memory(a, whole, wlen);
    } else {
        r = archive_read_open(a, &x, NULL, arc_read, NULL);
    }
    if (r != ARCHIVE_OK) {
        const char *m = archive_error_string(a);
        rc = doc_corrupt(c, "corrupt %s: %s", arc_kind(a, sniff, nsniff),
                         m ? m : "unreadable");
        goto out;
    }

    uint32_t nfiles = 0, nentries = 0;
    int retries = 0, failures = 0;
    char last[ARC_NAME_MAX + 8] = "";
    while (!doc_stop(c)) {
        struct archive_entry *e = NULL;
        r = archive_read_next_header(a, &e);
        if (r == ARCHIVE_EOF)
            break;
        if (r == ARCHIVE_RETRY && ++retries <= ARC_MAX_RETRY)
            continue;
        retries = 0;
        if (r == ARCHIVE_FATAL || r == ARCHIVE_RETRY || !e) {
            const char *m = archive_error_string(a);
            if (!m)
                m = "unreadable";
            if (nentries == 0 && archive_read_has_encrypted_entries(a) > 0)
                doc_unscanned(c, "encrypted %s archive not scanned: %s",
                              arc_kind(a, sniff, nsniff), m);
            else if (nentries == 0)
                rc = doc_corrupt(c, "corrupt %s: %s", arc_kind(a, sniff, nsniff), m);
            else
                doc_unscanned(c, "corrupt %s after member %s: %s",
                              arc_kind(a, sniff, nsniff), last, m);
            break;
        }
        nentries++;
        const char *pn = archive_entry_pathname_utf8(e);
        if (!pn)
            pn = archive_entry_pathname(e);
        char name[ARC_NAME_MAX + 8];
        arc_clean_name(pn ? pn : "", name, sizeof name);
        if ((archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_RAW)
            snprintf(name, sizeof name, "%s", gzname[0] ? gzname : "<decompressed>");
        if (!name[0])
            snprintf(name, sizeof name, "member %u", nentries);
        if (r == ARCHIVE_FAILED) {
            /* libarchive refuses an encrypted zip entry whose length only
            ** its (encrypted) data would tell. */
            const char *m = archive_error_string(a);
            if (archive_entry_is_encrypted(e))
                doc_unscanned(c, "encrypted member %s", name);
            else
                doc_unscanned(c, "member %s: %s", name, m ? m : "unreadable");
            snprintf(last, sizeof last, "%s", name);
            if (++failures > ARC_MAX_RETRY)
                break;
            continue;
        }
        failures = 0;
        if (archive_entry_filetype(e) != AE_IFREG)
            continue;
        /* A hard link in a tar names a file whose data came earlier. */
        if (archive_entry_hardlink(e) &&
            !(archive_entry_size_is_set(e) && archive_entry_size(e) > 0))
            continue;
        snprintf(last, sizeof last, "%s", name);
        if (nfiles >= lim->max_members) {
            doc_unscanned(c, "more than %u members: the rest not scanned",
                          lim->max_members);
            break;
        }
        nfiles++;
        if (archive_entry_is_encrypted(e)) {
            /* Its data cannot be read, only skipped by libarchive. */
            doc_unscanned(c, "encrypted member %s", name);
            continue;
        }
        x.in0 = arc_in(&x);
        x.out = 0;
        x.ended = x.eof = x.ratio_hit = x.err = 0;
        rc = doc_file_stream(c, name, arc_member_read, &x);
        if (rc == DOC_NOMEM)
            break;
        rc = DOC_OK;
        if (x.err) {
            doc_unscanned(c, "member %s: %s", name, x.errmsg);
            if (x.err == ARCHIVE_FATAL)
                break; /* the archive cannot go on; said once is enough */
            continue;
        }
        if (x.ratio_hit)
            doc_unscanned(c, "compression ratio of %s > %u", name, x.max_ratio);
        if (!x.eof && !arc_cheap_skip(a) && !doc_stop(c)) {
            int d = arc_drain(&x);
            if (d > 0) {
                rc = DOC_NOMEM;
                break;
            }
            if (d < 0) {
                if (!doc_stop(c))
                    doc_unscanned(c, "members after %s not scanned: more than %llu MiB of it left to decompress",
                                  name, (unsigned long long)x.max_ratio);
                break;
            }
        }
    }
    /*
    ** Nothing found behind a compression filter: most likely not an empty
    ** archive but a compressed file whose data starts with zero blocks,
    ** which the tar reader takes for an end-of-archive marker. Its content
    ** was not read, and must not pass as clean.
    */
    if (rc == DOC_OK && nentries == 0 && archive_filter_count(a) > 1 &&
        r == ARCHIVE_EOF)
        doc_unscanned(c, "compressed data read as an empty %s archive: not scanned",
                      arc_kind(a, sniff, nsniff));
out:
    archive_read_free(a);
    free(whole);
    free(x.scratch);
    free(x.buf);
    return rc;
}

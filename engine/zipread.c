/*
** 2026-11-25
**
** zipread.c: members of an in-memory zip package as streams (see zipread.h).
**
** Takes the bytes of an OOXML or ODF package and hands on its members one at
** a time, decompressed by libarchive as the caller reads, with every byte
** charged to the extraction budget. It reads the central directory itself,
** once, only to know before anything is inflated whether the file is a whole
** zip (the directory sits at the end, so a truncated file has none) and what
** each member's compressed size is: libarchive does not tell, and the ratio
** limit is what stops a small member from inflating into gigabytes. It must
** never hold a decompressed member, never read past a limit without saying
** so, and never trust a size or offset it has not checked against the input.
*/
#define _POSIX_C_SOURCE 200809L
#include <archive.h>
#include <archive_entry.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "zipread.h"

/*
** Members that inflate to less than this are never cut for their ratio: a
** tiny part of repetitive XML (an empty sheet, a styles.xml of identical
** entries) can exceed 250:1, and a megabyte is no bomb.
*/
#define RATIO_FLOOR (1ULL << 20)

typedef struct zip_ent {
    const unsigned char *name; /* in the input, not NUL-terminated */
    size_t nlen;
    uint64_t csize;
    uint64_t usize;            /* as declared; checked again while inflating */
    unsigned flags;            /* general purpose bits; bit 0: encrypted */
} zip_ent;

struct zipread {
    doc_ctx *c;
    const unsigned char *data;
    size_t len;
    zip_ent *ent;              /* sorted by name, at most max_members */
    size_t nent;
    size_t total;              /* entries in the central directory */
    uint32_t max_members;
    uint32_t max_ratio;
    struct archive *a;
    const char *name;          /* current member */
    size_t seen;               /* members met in this pass */
    uint64_t got;              /* bytes read of the current member */
    uint64_t cap;              /* where it is cut for its ratio */
    int encrypted;
    int over;                  /* past the ratio, declared or found */
    int cut;
    int have;                  /* a current member can be read */
    int damaged;               /* damage was reported (once per package) */
};

static uint64_t rd64(const unsigned char *p)
{
    return (uint64_t)doc_le32(p) | (uint64_t)doc_le32(p + 4) << 32;
}

static int ent_cmp(const void *a, const void *b)
{
    const zip_ent *x = a, *y = b;
    size_t n = x->nlen < y->nlen ? x->nlen : y->nlen;
    int r = memcmp(x->name, y->name, n);
    if (r)
        return r;
    return x->nlen < y->nlen ? -1 : x->nlen > y->nlen;
}

/* Index of the first kept entry named `name`, or -1. */
static long ent_find(const zipread *z, const char *name)
{
    zip_ent key = {(const unsigned char *)name, strlen(name), 0, 0, 0};
    size_t lo = 0, hi = z->nent;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ent_cmp(&z->ent[mid], &key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < z->nent && !ent_cmp(&z->ent[lo], &key) ? (long)lo : -1;
}

/*
** The end-of-central-directory record is the last 22 bytes plus a comment of
** up to 65,535 bytes; scanning back from the end finds it where the comment
** ends the file. Returns its offset or -1.
*/
static long find_eocd(const unsigned char *p, size_t len)
{
    if (len < 22)
        return -1;
    size_t lo = len - 22 > 65535 ? len - 22 - 65535 : 0;
    for (size_t i = len - 22 + 1; i-- > lo;) {
        if (p[i] == 'P' && !memcmp(p + i, "PK\5\6", 4) &&
            i + 22 + doc_le16(p + i + 20) <= len)
            return (long)i;
    }
    return -1;
}

/* Sizes from a Zip64 extra field, for those whose 32-bit field is
** 0xFFFFFFFF: the field holds the uncompressed size, then the compressed. */
static void zip64_sizes(const unsigned char *x, size_t n, zip_ent *en)
{
    size_t i = 0;
    while (i + 4 <= n) {
        unsigned id = doc_le16(x + i), sz = doc_le16(x + i + 2);
        if (i + 4 + sz > n)
            break;
        if (id == 1) {
            size_t at = 0;
            if (en->usize == 0xFFFFFFFFu && at + 8 <= sz) {
                en->usize = rd64(x + i + 4 + at);
                at += 8;
            }
            if (en->csize == 0xFFFFFFFFu && at + 8 <= sz)
                en->csize = rd64(x + i + 4 + at);
            return;
        }
        i += 4 + sz;
    }
}

static int read_directory(zipread *z)
{
    const unsigned char *p = z->data;
    size_t len = z->len;
    long e = find_eocd(p, len);
    if (e < 0) {
        if (len >= 4 && !memcmp(p, "PK\3\4", 4))
            return doc_corrupt(z->c, "truncated zip: no end of central directory "
                                     "record in %zu bytes", len);
        if (len >= 8 && !memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
            return doc_corrupt(z->c, "not a zip archive: an OLE2 compound file "
                                     "(an encrypted or legacy Office document)");
        return doc_corrupt(z->c, "not a zip archive: no end of central "
                                 "directory record");
    }
    size_t eocd = (size_t)e, end = eocd;
    uint64_t total = doc_le16(p + eocd + 10);
    uint64_t cdsize = doc_le32(p + eocd + 12), cdoff = doc_le32(p + eocd + 16);
    if ((total == 0xFFFF || cdsize == 0xFFFFFFFFu || cdoff == 0xFFFFFFFFu) &&
        eocd >= 20 && !memcmp(p + eocd - 20, "PK\6\7", 4)) {
        uint64_t off64 = rd64(p + eocd - 20 + 8);
        if (off64 <= eocd - 20 && eocd - 20 - off64 >= 56 &&
            !memcmp(p + off64, "PK\6\6", 4)) {
            total = rd64(p + off64 + 32);
            cdsize = rd64(p + off64 + 40);
            cdoff = rd64(p + off64 + 48);
            end = (size_t)off64;
        }
    }
    /* Self-extracting stubs and prepended data shift every offset; the
    ** directory then ends where the end record begins, as libarchive
    ** assumes too. */
    size_t start;
    if (cdsize <= end && cdoff <= end - cdsize &&
        (cdsize == 0 || !memcmp(p + cdoff, "PK\1\2", 4)))
        start = (size_t)cdoff;
    else if (cdsize <= end && (cdsize == 0 || !memcmp(p + end - cdsize, "PK\1\2", 4)))
        start = end - (size_t)cdsize;
    else
        return doc_corrupt(z->c, "truncated zip: central directory (%llu bytes "
                                 "at offset %llu) is not in the file",
                           (unsigned long long)cdsize, (unsigned long long)cdoff);
    size_t stop = start + (size_t)cdsize;

    size_t keep = total < z->max_members ? (size_t)total : z->max_members;
    if (keep) {
        z->ent = calloc(keep, sizeof *z->ent);
        if (!z->ent)
            return DOC_NOMEM;
    }
    size_t pos = start, n = 0;
    while (n < total) {
        if (pos + 46 > stop || memcmp(p + pos, "PK\1\2", 4))
            return doc_corrupt(z->c, "damaged zip: central directory entry %zu "
                                     "of %llu is invalid", n + 1,
                               (unsigned long long)total);
        size_t nlen = doc_le16(p + pos + 28), xlen = doc_le16(p + pos + 30),
               clen = doc_le16(p + pos + 32);
        if (pos + 46 + nlen + xlen + clen > stop)
            return doc_corrupt(z->c, "damaged zip: central directory entry %zu "
                                     "runs past the directory", n + 1);
        if (n < keep) {
            zip_ent *en = &z->ent[n];
            en->name = p + pos + 46;
            en->nlen = nlen;
            en->flags = doc_le16(p + pos + 8);
            en->csize = doc_le32(p + pos + 20);
            en->usize = doc_le32(p + pos + 24);
            if (en->csize == 0xFFFFFFFFu || en->usize == 0xFFFFFFFFu)
                zip64_sizes(p + pos + 46 + nlen, xlen, en);
        }
        pos += 46 + nlen + xlen + clen;
        n++;
    }
    z->total = n;
    z->nent = n < keep ? n : keep;
    if (z->nent)
        qsort(z->ent, z->nent, sizeof *z->ent, ent_cmp);
    if (z->total > z->max_members)
        doc_unscanned(z->c, "zip members beyond the limit of %u not read "
                            "(%zu members)", z->max_members, z->total);
    return DOC_OK;
}

int zipread_open(zipread **out, doc_ctx *c, const unsigned char *data,
                 size_t len)
{
    *out = NULL;
    zipread *z = calloc(1, sizeof *z);
    if (!z)
        return DOC_NOMEM;
    const domat_limits *lim = doc_limits(c);
    z->c = c;
    z->data = data;
    z->len = len;
    z->max_members = lim->max_members ? lim->max_members : DOMAT_DEFAULT_MAX_MEMBERS;
    z->max_ratio = lim->max_ratio ? lim->max_ratio : DOMAT_DEFAULT_MAX_RATIO;
    int rc = read_directory(z);
    if (rc != DOC_OK) {
        zipread_free(z);
        return rc;
    }
    *out = z;
    return DOC_OK;
}

void zipread_free(zipread *z)
{
    if (!z)
        return;
    if (z->a)
        archive_read_free(z->a);
    free(z->ent);
    free(z);
}

int zipread_match(const char *pattern, const char *name)
{
    return fnmatch(pattern, name, FNM_PATHNAME) == 0;
}

int zipread_has(const zipread *z, const char *name)
{
    return ent_find(z, name) >= 0;
}

size_t zipread_count_matching(const zipread *z, const char *pattern)
{
    char buf[512];
    size_t n = 0;
    for (size_t i = 0; i < z->nent; i++) {
        if (z->ent[i].nlen >= sizeof buf)
            continue;
        memcpy(buf, z->ent[i].name, z->ent[i].nlen);
        buf[z->ent[i].nlen] = 0;
        n += zipread_match(pattern, buf);
    }
    return n;
}

int zipread_pass(zipread *z)
{
    if (z->a)
        archive_read_free(z->a);
    z->a = archive_read_new();
    z->have = 0;
    z->seen = 0;
    if (!z->a)
        return DOC_NOMEM;
    /* Only the seekable reader: it walks the central directory, as Office
    ** does, instead of trusting local headers a truncated or doctored file
    ** may still carry; and no compression filters around the zip. */
    if (archive_read_support_format_zip_seekable(z->a) != ARCHIVE_OK ||
        archive_read_open_memory(z->a, z->data, z->len) != ARCHIVE_OK) {
        const char *why = archive_error_string(z->a);
        int rc = doc_corrupt(z->c, "unreadable zip: %s", why ? why : "unknown error");
        archive_read_free(z->a);
        z->a = NULL;
        return rc;
    }
    return DOC_OK;
}

static void damaged(zipread *z, const char *what)
{
    if (!z->damaged) {
        const char *why = archive_error_string(z->a);
        doc_unscanned(z->c, "damaged zip: %s%s%s", what, why ? ": " : "",
                      why ? why : "");
        z->damaged = 1;
    }
    archive_read_free(z->a);
    z->a = NULL;
}

int zipread_next(zipread *z, const char **name)
{
    z->have = 0;
    while (z->a) {
        if (doc_stop(z->c) || z->seen >= z->max_members)
            return 0;
        struct archive_entry *e;
        int r = archive_read_next_header(z->a, &e);
        if (r == ARCHIVE_EOF)
            return 0;
        if (r < ARCHIVE_WARN) {
            damaged(z, "members past this point not read");
            return 0;
        }
        z->seen++;
        const char *nm = archive_entry_pathname(e);
        if (!nm)
            nm = archive_entry_pathname_utf8(e);
        if (!nm)
            nm = "";
        size_t nl = strlen(nm);
        if (archive_entry_filetype(e) == AE_IFDIR || (nl && nm[nl - 1] == '/'))
            continue;
        long i = ent_find(z, nm);
        /* Duplicate names: the smallest compressed size is the strictest. */
        uint64_t csize = z->len, usize = 0;
        unsigned flags = 0;
        if (i >= 0) {
            csize = z->ent[i].csize;
            for (size_t k = (size_t)i; k < z->nent && z->ent[k].nlen == nl &&
                 !memcmp(z->ent[k].name, nm, nl); k++) {
                if (z->ent[k].csize < csize)
                    csize = z->ent[k].csize;
                if (z->ent[k].usize > usize)
                    usize = z->ent[k].usize;
                flags |= z->ent[k].flags;
            }
        }
        uint64_t cap = csize > UINT64_MAX / z->max_ratio ? UINT64_MAX
                                                         : csize * z->max_ratio;
        z->cap = cap < RATIO_FLOOR ? RATIO_FLOOR : cap;
        z->encrypted = (flags & 1) || archive_entry_is_data_encrypted(e) > 0;
        /* An honest bomb declares its size: say so before inflating it. A
        ** lying one is caught at the cap while it inflates. */
        z->over = usize > z->cap;
        z->got = 0;
        z->cut = 0;
        z->have = 1;
        z->name = nm;
        *name = nm;
        return 1;
    }
    return 0;
}

int zipread_want(zipread *z)
{
    if (!z->have)
        return -1;
    if (z->encrypted) {
        doc_unscanned(z->c, "encrypted member %s", z->name);
        z->have = 0;
        return -1;
    }
    if (z->over)
        doc_unscanned(z->c, "compression ratio of %s > %u", z->name, z->max_ratio);
    return 0;
}

int zipread_cut(const zipread *z)
{
    return z->cut || z->over;
}

long zipread_read(void *arg, void *buf, size_t n)
{
    zipread *z = arg;
    if (!z->have || z->cut || !z->a || n == 0)
        return 0;
    if (doc_stop(z->c)) {
        z->cut = 1;
        return 0;
    }
    if (z->got >= z->cap) {
        /* At the cap: a member that ends exactly there is not a bomb. */
        char one;
        la_ssize_t k = archive_read_data(z->a, &one, 1);
        if (k > 0 && !z->over)
            doc_unscanned(z->c, "compression ratio of %s > %u", z->name,
                          z->max_ratio);
        else if (k < 0)
            doc_unscanned(z->c, "cannot read member %s: %s", z->name,
                          archive_error_string(z->a) ? archive_error_string(z->a)
                                                     : "error");
        z->cut = k != 0;
        return 0;
    }
    if (n > z->cap - z->got)
        n = (size_t)(z->cap - z->got);
    if (n > (size_t)LONG_MAX)
        n = (size_t)LONG_MAX;
    la_ssize_t k = archive_read_data(z->a, buf, n);
    if (k < 0) {
        const char *why = archive_error_string(z->a);
        doc_unscanned(z->c, "cannot read member %s: %s", z->name,
                      why ? why : "error");
        z->cut = 1;
        return 0;
    }
    z->got += (uint64_t)k;
    if (k > 0 && doc_budget(z->c, (uint64_t)k) < 0)
        z->cut = 1; /* the scanner has said why; these bytes still count */
    return (long)k;
}

int zipread_walk_pass(zipread *z, int pass, zipread_walk *w)
{
    int rc = zipread_pass(z);
    if (rc != DOC_OK)
        return rc;
    const char *name;
    while (zipread_next(z, &name) == 1) {
        int kind = 0;
        int what = w->sort(w->u, pass, name, &kind);
        if (what == ZR_SKIP)
            continue;
        if (what == ZR_MEDIA) {
            w->media++;
            continue;
        }
        if (zipread_want(z))
            continue;
        if (what == ZR_EMBED)
            rc = doc_file_stream(z->c, name, zipread_read, z);
        else
            rc = w->part(w->u, name, kind);
        if (rc == DOC_NOMEM)
            return rc;
    }
    return DOC_OK;
}

void zipread_walk_images_only(const zipread *z, const zipread_walk *w,
                              uint64_t text_visible)
{
    if (!doc_stop(z->c) && w->media && !text_visible)
        doc_unscanned(z->c, "no text, only %u image%s (not scanned)", w->media,
                      w->media == 1 ? "" : "s");
}

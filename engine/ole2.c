/*
** 2026-11-25
**
** ole2.c: Compound File Binary (MS-CFB) in memory -> streams by name, the
** document properties as text, embedded objects as files, and the piece
** builder of the legacy Office extractors (see ole2.h).
**
** Takes the bytes of a compound file and hands on the bytes of the streams a
** caller asks for, by name under a storage. It is our own reader rather than
** libgsf's: it needs nothing but the bytes already in memory, and every
** structure it walks is bounded by the file itself. The FAT and the marks
** used to catch cycles take 8 bytes per sector (1/64 of the file); a chain
** is walked at most once per sector, so a chain that loops, jumps past the
** end of the file or ends early is an error naming the stream and sector,
** never a hang or an over-read. A size a stream claims is checked against
** what the file can hold before anything is allocated for it.
**
** It must never trust the red-black directory tree: it is only walked to
** learn which storage each entry sits in, each entry visited once. A storage
** written out (ole2_export) holds copies of streams already read with these
** checks, so it is never larger than what it was cut from. It never prints,
** never exits; errors are returned with a reason for the caller to report
** through doc_corrupt or doc_unscanned.
*/
#include "ole2.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FREESECT 0xFFFFFFFFu
#define ENDOFCHAIN 0xFFFFFFFEu
#define MAXREGSECT 0xFFFFFFFAu
#define MINI_CUTOFF 4096u /* MS-CFB fixes it; a header saying otherwise lies */
#define MINI_SIZE 64u
#define DIRENT 128u

enum { T_EMPTY = 0, T_STORAGE = 1, T_STREAM = 2, T_ROOT = 5 };

typedef struct ole2_entry {
    char name[96]; /* 31 UTF-16 units at most 3 UTF-8 bytes each, and NUL */
    unsigned char raw[64]; /* the name as stored, for ole2_export */
    unsigned char clsid[16];
    uint8_t rawlen;
    uint8_t type;
    uint32_t left, right, child, start, parent;
    uint32_t first, next; /* children in directory order, from link_tree */
    uint64_t size;
} ole2_entry;

struct ole2 {
    const unsigned char *data;
    size_t len;
    unsigned shift;
    uint32_t ssz;
    uint32_t nsect;     /* sectors (the last may be partial) */
    uint32_t *fat;      /* nsect entries, FREESECT where unknown */
    uint8_t *fatok;     /* per FAT sector's worth of entries: was it read */
    uint32_t *mark;     /* nsect; == gen when visited in the current walk */
    uint32_t gen;
    ole2_entry *ent;
    uint32_t nent;
    /* Mini stream and mini FAT, loaded when a small stream is first read. */
    int mini_state;     /* 0 not yet, 1 loaded, -1 failed (mini_why) */
    char mini_why[160];
    ole2_stream mini;
    uint32_t *minifat;
    uint32_t nminifat;
    uint32_t *minimark;
    uint32_t nmini;
    uint32_t minigen;
};

static void say(char *why, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void say(char *why, size_t n, const char *fmt, ...)
{
    if (!why || !n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, n, fmt, ap);
    va_end(ap);
}

static const unsigned char SIG[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

int ole2_is_cfb(const unsigned char *data, size_t len)
{
    return len >= 8 && memcmp(data, SIG, 8) == 0;
}

/* A fresh generation of visit marks; on wrap-around every mark is cleared so
** a stale mark can never pass for a visit in this walk. */
static uint32_t next_gen(uint32_t *gen, uint32_t *mark, size_t n)
{
    if (++*gen == 0) {
        memset(mark, 0, n * sizeof *mark);
        *gen = 1;
    }
    return *gen;
}

/*
** Follow the FAT chain of a regular stream from `start` for `size` bytes and
** check every step: in range, present in the file, FAT page read, no loop.
** Sets *contig when the sectors follow each other.
*/
static int walk_chain(ole2 *f, const char *name, uint32_t start, uint64_t size,
                      int *contig, char *why, size_t whylen)
{
    uint64_t need = (size + f->ssz - 1) >> f->shift;
    uint32_t g = next_gen(&f->gen, f->mark, f->nsect);
    uint32_t cur = start;
    *contig = 1;
    for (uint64_t i = 0; i < need; i++) {
        if (cur >= f->nsect) {
            if (cur == ENDOFCHAIN)
                say(why, whylen, "sector chain of \"%s\" ends after %llu of %llu sectors",
                    name, (unsigned long long)i, (unsigned long long)need);
            else if (cur > MAXREGSECT)
                say(why, whylen, "sector chain of \"%s\" reaches a free or reserved sector "
                    "after %llu of %llu sectors", name, (unsigned long long)i,
                    (unsigned long long)need);
            else
                say(why, whylen, "sector %u of \"%s\" is past the end of the file "
                    "(%u sectors)", cur, name, f->nsect);
            return OLE2_CORRUPT;
        }
        if (f->mark[cur] == g) {
            say(why, whylen, "sector chain of \"%s\" loops at sector %u", name, cur);
            return OLE2_CORRUPT;
        }
        f->mark[cur] = g;
        uint64_t off = ((uint64_t)cur + 1) << f->shift;
        uint64_t want = size - (i << f->shift);
        if (want > f->ssz)
            want = f->ssz;
        if (off + want > f->len) {
            say(why, whylen, "sector %u of \"%s\" is cut off by the end of the file "
                "(truncated file)", cur, name);
            return OLE2_CORRUPT;
        }
        if (i + 1 < need) {
            if (!f->fatok[cur / (f->ssz / 4)]) {
                say(why, whylen, "the FAT sector for sector %u of \"%s\" is missing "
                    "(truncated file)", cur, name);
                return OLE2_CORRUPT;
            }
            uint32_t nx = f->fat[cur];
            if (nx != cur + 1)
                *contig = 0;
            cur = nx;
        }
    }
    return OLE2_OK;
}

/* Read a regular (FAT) stream; `name` only for messages. */
static int read_regular(ole2 *f, const char *name, uint32_t start, uint64_t size,
                        ole2_stream *out, char *why, size_t whylen)
{
    memset(out, 0, sizeof *out);
    if (size == 0)
        return OLE2_OK;
    if (size > ((uint64_t)f->nsect << f->shift)) {
        say(why, whylen, "stream \"%s\" claims %llu bytes, more than the file holds",
            name, (unsigned long long)size);
        return OLE2_CORRUPT;
    }
    int contig, rc = walk_chain(f, name, start, size, &contig, why, whylen);
    if (rc)
        return rc;
    if (contig) {
        out->data = f->data + (((uint64_t)start + 1) << f->shift);
        out->len = (size_t)size;
        return OLE2_OK;
    }
    unsigned char *buf = malloc((size_t)size);
    if (!buf)
        return OLE2_NOMEM;
    /* The walk above proved the chain sound: no checks needed again. */
    uint32_t cur = start;
    for (uint64_t pos = 0; pos < size; pos += f->ssz) {
        uint64_t n = size - pos < f->ssz ? size - pos : f->ssz;
        memcpy(buf + pos, f->data + (((uint64_t)cur + 1) << f->shift), (size_t)n);
        if (pos + n < size)
            cur = f->fat[cur];
    }
    out->data = out->owned = buf;
    out->len = (size_t)size;
    return OLE2_OK;
}

void ole2_stream_free(ole2_stream *s)
{
    if (!s)
        return;
    free(s->owned);
    memset(s, 0, sizeof *s);
}

/* Up to 31 UTF-16LE units, stopping at NUL, to UTF-8. */
static void entry_name(char *dst, const unsigned char *src, unsigned bytes)
{
    size_t n = 0;
    if (bytes > 64)
        bytes = 64;
    for (unsigned i = 0; i + 1 < bytes; i += 2) {
        uint32_t u = doc_le16(src + i);
        if (u == 0)
            break;
        if (u >= 0xD800 && u <= 0xDFFF)
            u = 0xFFFD;
        n += text_utf8_put(dst + n, u);
    }
    dst[n] = 0;
}

/* Load FAT entries from the FAT sectors the DIFAT lists. */
static int load_fat(ole2 *f, char *why, size_t whylen)
{
    const unsigned char *h = f->data;
    uint32_t per = f->ssz / 4;
    uint32_t pages = (f->nsect + per - 1) / per; /* FAT sectors worth reading */
    uint32_t nfat = doc_le32(h + 0x2C), difat = doc_le32(h + 0x44),
             ndifat = doc_le32(h + 0x48);
    if (nfat < pages)
        pages = nfat;
    uint32_t k = 0;
    for (uint32_t i = 0; i < 109 && k < pages; i++, k++) {
        uint32_t s = doc_le32(h + 0x4C + 4 * i);
        if (s < f->nsect && (((uint64_t)s + 2) << f->shift) <= f->len) {
            memcpy(f->fat + (size_t)k * per, f->data + (((uint64_t)s + 1) << f->shift),
                   (size_t)(k + 1 == (f->nsect + per - 1) / per
                                ? f->nsect - k * per : per) * 4);
            f->fatok[k] = 1;
        }
    }
    uint32_t g = next_gen(&f->gen, f->mark, f->nsect);
    for (uint32_t d = 0; d < ndifat && k < pages; d++) {
        if (difat >= f->nsect || (((uint64_t)difat + 2) << f->shift) > f->len)
            break; /* truncated: the FAT pages not found stay unread */
        if (f->mark[difat] == g) {
            say(why, whylen, "DIFAT chain loops at sector %u", difat);
            return OLE2_CORRUPT;
        }
        f->mark[difat] = g;
        const unsigned char *p = f->data + (((uint64_t)difat + 1) << f->shift);
        for (uint32_t i = 0; i + 1 < per && k < pages; i++, k++) {
            uint32_t s = doc_le32(p + 4 * i);
            if (s < f->nsect && (((uint64_t)s + 2) << f->shift) <= f->len) {
                memcpy(f->fat + (size_t)k * per,
                       f->data + (((uint64_t)s + 1) << f->shift),
                       (size_t)(k + 1 == (f->nsect + per - 1) / per
                                    ? f->nsect - k * per : per) * 4);
                f->fatok[k] = 1;
            }
        }
        difat = doc_le32(p + 4 * (per - 1));
    }
    /* Entries past the file's end would send chains out of range: they are
    ** caught where followed. Entries are little-endian on disk. */
    for (uint32_t i = 0; i < f->nsect; i++)
        f->fat[i] = doc_le32((const unsigned char *)&f->fat[i]);
    return OLE2_OK;
}

/* Give each entry reachable from the root its parent storage. */
static int link_tree(ole2 *f)
{
    size_t cap = (size_t)f->nent * 3 + 1;
    uint32_t(*st)[2] = malloc(cap * sizeof *st);
    uint8_t *seen = calloc(f->nent, 1);
    if (!st || !seen) {
        free(st);
        free(seen);
        return OLE2_NOMEM;
    }
    size_t n = 0;
    seen[0] = 1;
    st[n][0] = f->ent[0].child;
    st[n++][1] = 0;
    while (n) {
        n--;
        uint32_t id = st[n][0], par = st[n][1];
        if (id >= f->nent || seen[id] || f->ent[id].type == T_EMPTY ||
            f->ent[id].type == T_ROOT)
            continue;
        seen[id] = 1;
        ole2_entry *e = &f->ent[id];
        e->parent = par;
        /* Each entry is pushed by at most three others once each: cap holds. */
        st[n][0] = e->left;
        st[n++][1] = par;
        st[n][0] = e->right;
        st[n++][1] = par;
        if (e->type == T_STORAGE) {
            st[n][0] = e->child;
            st[n++][1] = id;
        }
    }
    /* Child lists in directory order, built backwards in one pass. */
    for (uint32_t i = 0; i < f->nent; i++)
        f->ent[i].first = f->ent[i].next = OLE2_NONE;
    for (uint32_t i = f->nent; i-- > 1;) {
        uint32_t p = f->ent[i].parent;
        if (p != OLE2_NONE) {
            f->ent[i].next = f->ent[p].first;
            f->ent[p].first = i;
        }
    }
    free(st);
    free(seen);
    return OLE2_OK;
}

int ole2_open(ole2 **out, const unsigned char *data, size_t len, char *why,
              size_t whylen)
{
    *out = NULL;
    if (!ole2_is_cfb(data, len)) {
        say(why, whylen, "not an OLE2 compound file");
        return OLE2_NOTCFB;
    }
    if (len < 512) {
        say(why, whylen, "truncated header (%zu of 512 bytes)", len);
        return OLE2_CORRUPT;
    }
    unsigned shift = doc_le16(data + 0x1E), mshift = doc_le16(data + 0x20);
    if (doc_le16(data + 0x1C) != 0xFFFE) {
        say(why, whylen, "bad byte order mark 0x%04X", doc_le16(data + 0x1C));
        return OLE2_CORRUPT;
    }
    if ((shift != 9 && shift != 12) || mshift != 6) {
        say(why, whylen, "bad sector sizes 2^%u and 2^%u", shift, mshift);
        return OLE2_CORRUPT;
    }
    uint32_t ssz = 1u << shift;
    if (len <= ssz) {
        say(why, whylen, "no sectors after the header (%zu bytes)", len);
        return OLE2_CORRUPT;
    }
    uint64_t ns = ((uint64_t)len - ssz + ssz - 1) >> shift;
    if (ns > MAXREGSECT)
        ns = MAXREGSECT;

    ole2 *f = calloc(1, sizeof *f);
    if (!f)
        return OLE2_NOMEM;
    f->data = data;
    f->len = len;
    f->shift = shift;
    f->ssz = ssz;
    f->nsect = (uint32_t)ns;
    uint32_t per = ssz / 4;
    f->fat = malloc((size_t)f->nsect * 4);
    f->mark = calloc(f->nsect, 4);
    f->fatok = calloc((f->nsect + per - 1) / per, 1);
    int rc = OLE2_NOMEM;
    if (!f->fat || !f->mark || !f->fatok)
        goto fail;
    memset(f->fat, 0xFF, (size_t)f->nsect * 4);
    if ((rc = load_fat(f, why, whylen)) != OLE2_OK)
        goto fail;

    /* The directory: its chain has no size, so it runs to ENDOFCHAIN. */
    uint32_t dir = doc_le32(data + 0x30), nds = 0;
    uint32_t g = next_gen(&f->gen, f->mark, f->nsect);
    rc = OLE2_CORRUPT;
    for (uint32_t s = dir; s != ENDOFCHAIN; nds++) {
        if (s >= f->nsect || (((uint64_t)s + 2) << shift) > len) {
            say(why, whylen, "directory sector %u is past the end of the file", s);
            goto fail;
        }
        if (f->mark[s] == g) {
            say(why, whylen, "directory chain loops at sector %u", s);
            goto fail;
        }
        f->mark[s] = g;
        if (!f->fatok[s / per]) {
            say(why, whylen, "the FAT sector for directory sector %u is missing "
                "(truncated file)", s);
            goto fail;
        }
        s = f->fat[s];
    }
    if (nds == 0) {
        say(why, whylen, "empty directory");
        goto fail;
    }
    f->nent = nds * (ssz / DIRENT);
    rc = OLE2_NOMEM;
    if (!(f->ent = calloc(f->nent, sizeof *f->ent)))
        goto fail;
    uint32_t s = dir, k = 0;
    for (uint32_t i = 0; i < nds; i++) {
        const unsigned char *p = data + (((uint64_t)s + 1) << shift);
        for (uint32_t j = 0; j < ssz / DIRENT; j++, k++) {
            const unsigned char *d = p + j * DIRENT;
            ole2_entry *e = &f->ent[k];
            e->type = d[0x42];
            if (e->type != T_STORAGE && e->type != T_STREAM && e->type != T_ROOT)
                e->type = T_EMPTY;
            entry_name(e->name, d, doc_le16(d + 0x40));
            e->rawlen = (uint8_t)(doc_le16(d + 0x40) > 64 ? 64 : doc_le16(d + 0x40) & ~1u);
            memcpy(e->raw, d, 64);
            memcpy(e->clsid, d + 0x50, 16);
            e->left = doc_le32(d + 0x44);
            e->right = doc_le32(d + 0x48);
            e->child = doc_le32(d + 0x4C);
            e->start = doc_le32(d + 0x74);
            /* Version 3 files may leave garbage in the high half. */
            e->size = doc_le32(d + 0x78);
            if (shift == 12)
                e->size |= (uint64_t)doc_le32(d + 0x7C) << 32;
            e->parent = OLE2_NONE;
        }
        s = f->fat[s];
    }
    if (f->ent[0].type != T_ROOT) {
        rc = OLE2_CORRUPT;
        say(why, whylen, "the first directory entry is not the root");
        goto fail;
    }
    if ((rc = link_tree(f)) != OLE2_OK)
        goto fail;
    *out = f;
    return OLE2_OK;
fail:
    ole2_close(f);
    return rc;
}

void ole2_close(ole2 *f)
{
    if (!f)
        return;
    free(f->fat);
    free(f->fatok);
    free(f->mark);
    free(f->ent);
    ole2_stream_free(&f->mini);
    free(f->minifat);
    free(f->minimark);
    free(f);
}

/* ASCII case-insensitive, as CFB compares names (it upper-cases them). */
static int name_eq(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'a' && x <= 'z')
            x -= 32;
        if (y >= 'a' && y <= 'z')
            y -= 32;
        if (x != y)
            return 0;
        if (!x)
            return 1;
    }
}

uint32_t ole2_find(const ole2 *f, uint32_t storage, const char *name)
{
    if (storage >= f->nent)
        return OLE2_NONE;
    for (uint32_t i = f->ent[storage].first; i != OLE2_NONE; i = f->ent[i].next)
        if (name_eq(f->ent[i].name, name))
            return i;
    return OLE2_NONE;
}

uint32_t ole2_next_child(const ole2 *f, uint32_t storage, uint32_t after)
{
    if (after == OLE2_NONE)
        return storage < f->nent ? f->ent[storage].first : OLE2_NONE;
    return after < f->nent && f->ent[after].parent == storage ? f->ent[after].next
                                                               : OLE2_NONE;
}

const char *ole2_name(const ole2 *f, uint32_t id)
{
    return id < f->nent ? f->ent[id].name : "";
}

int ole2_is_stream(const ole2 *f, uint32_t id)
{
    return id < f->nent && f->ent[id].type == T_STREAM;
}

int ole2_is_storage(const ole2 *f, uint32_t id)
{
    return id < f->nent && f->ent[id].type == T_STORAGE;
}

uint64_t ole2_size(const ole2 *f, uint32_t id)
{
    return id < f->nent ? f->ent[id].size : 0;
}

/* The mini stream (the root entry's data) and the mini FAT. */
static int load_mini(ole2 *f)
{
    if (f->mini_state)
        return f->mini_state > 0 ? OLE2_OK : OLE2_CORRUPT;
    char *why = f->mini_why;
    size_t wl = sizeof f->mini_why;
    int rc = read_regular(f, "mini stream", f->ent[0].start, f->ent[0].size,
                          &f->mini, why, wl);
    if (rc == OLE2_NOMEM)
        return rc;
    f->mini_state = -1;
    if (rc)
        return rc;
    /* The mini FAT chain has a sector count in the header but no byte size:
    ** follow it to ENDOFCHAIN, at most once per sector. */
    uint32_t per = f->ssz / 4, s = doc_le32(f->data + 0x3C), n = 0;
    uint32_t g = next_gen(&f->gen, f->mark, f->nsect);
    for (uint32_t t = s; t != ENDOFCHAIN && t != FREESECT; n++) {
        if (t >= f->nsect || (((uint64_t)t + 2) << f->shift) > f->len) {
            say(why, wl, "mini FAT sector %u is past the end of the file", t);
            return OLE2_CORRUPT;
        }
        if (f->mark[t] == g) {
            say(why, wl, "mini FAT chain loops at sector %u", t);
            return OLE2_CORRUPT;
        }
        f->mark[t] = g;
        if (!f->fatok[t / per]) {
            say(why, wl, "the FAT sector for mini FAT sector %u is missing "
                "(truncated file)", t);
            return OLE2_CORRUPT;
        }
        t = f->fat[t];
    }
    f->nmini = (uint32_t)((f->mini.len + MINI_SIZE - 1) / MINI_SIZE);
    f->nminifat = n * per;
    f->minifat = malloc((size_t)f->nminifat * 4 + 4);
    f->minimark = calloc((size_t)f->nmini + 1, 4);
    if (!f->minifat || !f->minimark) {
        free(f->minifat);
        free(f->minimark);
        f->minifat = f->minimark = NULL;
        ole2_stream_free(&f->mini);
        f->mini_state = 0;
        return OLE2_NOMEM;
    }
    for (uint32_t i = 0, t = s; i < n; i++, t = f->fat[t]) {
        const unsigned char *p = f->data + (((uint64_t)t + 1) << f->shift);
        for (uint32_t j = 0; j < per; j++)
            f->minifat[i * per + j] = doc_le32(p + 4 * j);
    }
    f->mini_state = 1;
    return OLE2_OK;
}

static int read_mini(ole2 *f, const ole2_entry *e, ole2_stream *out, char *why,
                     size_t whylen)
{
    int rc = load_mini(f);
    if (rc == OLE2_NOMEM)
        return rc;
    if (rc) {
        say(why, whylen, "%s", f->mini_why);
        return rc;
    }
    uint32_t need = (uint32_t)((e->size + MINI_SIZE - 1) / MINI_SIZE);
    uint32_t g = next_gen(&f->minigen, f->minimark, f->nmini);
    uint32_t cur = e->start;
    int contig = 1;
    for (uint32_t i = 0; i < need; i++) {
        if (cur >= f->nmini) {
            if (cur == ENDOFCHAIN)
                say(why, whylen, "mini sector chain of \"%s\" ends after %u of %u "
                    "sectors", e->name, i, need);
            else
                say(why, whylen, "mini sector %u of \"%s\" is past the end of the "
                    "mini stream (%u sectors)", cur, e->name, f->nmini);
            return OLE2_CORRUPT;
        }
        if (f->minimark[cur] == g) {
            say(why, whylen, "mini sector chain of \"%s\" loops at sector %u",
                e->name, cur);
            return OLE2_CORRUPT;
        }
        f->minimark[cur] = g;
        size_t want = e->size - (size_t)i * MINI_SIZE;
        if (want > MINI_SIZE)
            want = MINI_SIZE;
        if ((size_t)cur * MINI_SIZE + want > f->mini.len) {
            say(why, whylen, "mini sector %u of \"%s\" is cut off by the end of "
                "the mini stream", cur, e->name);
            return OLE2_CORRUPT;
        }
        if (i + 1 < need) {
            if (cur >= f->nminifat) {
                say(why, whylen, "mini FAT has no entry for sector %u of \"%s\"",
                    cur, e->name);
                return OLE2_CORRUPT;
            }
            uint32_t nx = f->minifat[cur];
            if (nx != cur + 1)
                contig = 0;
            cur = nx;
        }
    }
    size_t size = (size_t)e->size;
    if (contig) {
        out->data = f->mini.data + (size_t)e->start * MINI_SIZE;
        out->len = size;
        return OLE2_OK;
    }
    unsigned char *buf = malloc(size);
    if (!buf)
        return OLE2_NOMEM;
    cur = e->start;
    for (size_t pos = 0; pos < size; pos += MINI_SIZE) {
        size_t n = size - pos < MINI_SIZE ? size - pos : MINI_SIZE;
        memcpy(buf + pos, f->mini.data + (size_t)cur * MINI_SIZE, n);
        if (pos + n < size)
            cur = f->minifat[cur];
    }
    out->data = out->owned = buf;
    out->len = size;
    return OLE2_OK;
}

int ole2_read(ole2 *f, uint32_t id, ole2_stream *out, char *why, size_t whylen)
{
    memset(out, 0, sizeof *out);
    if (id >= f->nent || f->ent[id].type != T_STREAM) {
        say(why, whylen, "entry %u is not a stream", id);
        return OLE2_CORRUPT;
    }
    const ole2_entry *e = &f->ent[id];
    if (e->size == 0)
        return OLE2_OK;
    if (e->size < MINI_CUTOFF)
        return read_mini(f, e, out, why, whylen);
    return read_regular(f, e->name, e->start, e->size, out, why, whylen);
}

/* ------------------------------------------------------ piece builder -- */

/* Pieces are cut near 1 MiB at a line break, and at 4 MiB anywhere, so a
** sheet or story of any length never sits whole in memory. */
#define TB_CHUNK (1u << 20)
#define TB_HARD (4u << 20)

void ole2_tb_init(ole2_tb *b, doc_ctx *c, const char *part)
{
    memset(b, 0, sizeof *b);
    b->c = c;
    b->part = part;
    b->run = ENC_UNKNOWN;
    text_init(&b->tmp);
}

void ole2_tb_free(ole2_tb *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
    text_free(&b->tmp);
}

static int tb_grow(ole2_tb *b, size_t n)
{
    if (b->err || b->stop)
        return -1;
    if (b->len + n <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->err = DOC_NOMEM;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

static void tb_close_run(ole2_tb *b)
{
    decode_enc e = b->run;
    b->run = ENC_UNKNOWN;
    if (e == ENC_UNKNOWN || b->len == b->run_at || b->err || b->stop)
        return;
    size_t n;
    char *s = decode_font_text(e, b->p + b->run_at, b->len - b->run_at, &n);
    if (!s) {
        b->err = DOC_NOMEM;
        return;
    }
    b->len = b->run_at;
    if (tb_grow(b, n) == 0) {
        memcpy(b->p + b->len, s, n);
        b->len += n;
    }
    free(s);
}

static void tb_emit(ole2_tb *b)
{
    tb_close_run(b);
    if (b->err || b->stop)
        return;
    size_t i = 0;
    while (i < b->len && (b->p[i] == ' ' || b->p[i] == '\n' || b->p[i] == '\t'))
        i++;
    if (i < b->len) {
        /* doc_text accounts the bytes against max_extracted itself. */
        if (doc_stop(b->c)) {
            b->stop = 1;
        } else {
            if (doc_text(b->c, b->part, b->page, b->p, b->len) == DOC_NOMEM)
                b->err = DOC_NOMEM;
            b->emitted++;
            if (doc_stop(b->c))
                b->stop = 1;
        }
    }
    b->len = 0;
    b->run_at = 0;
}

void ole2_tb_cp(ole2_tb *b, uint32_t cp, decode_enc enc)
{
    if (enc != b->run) {
        tb_close_run(b);
        b->run = enc;
        b->run_at = b->len;
    }
    if (tb_grow(b, 4))
        return;
    b->len += text_utf8_put(b->p + b->len, cp);
    if (b->len >= TB_CHUNK && (cp == '\n' || b->len >= TB_HARD))
        tb_emit(b);
}

void ole2_tb_utf8(ole2_tb *b, const char *s, size_t n, decode_enc enc)
{
    if (enc != b->run) {
        tb_close_run(b);
        b->run = enc;
        b->run_at = b->len;
    }
    if (tb_grow(b, n))
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    if (b->len >= TB_HARD)
        tb_emit(b);
}

void ole2_tb_bytes(ole2_tb *b, const unsigned char *s, size_t n,
                   decode_enc charset, decode_enc enc)
{
    if (b->err || b->stop || n == 0)
        return;
    b->tmp.len = 0;
    if (decode_run(charset, s, n, 0, 1, &b->tmp, NULL)) {
        b->err = DOC_NOMEM;
        return;
    }
    for (size_t i = 0; i < b->tmp.len; i++)
        ole2_tb_cp(b, b->tmp.cp[i], enc);
}

void ole2_tb_eol(ole2_tb *b)
{
    if (b->len && b->p[b->len - 1] != '\n')
        ole2_tb_cp(b, '\n', b->run);
}

int ole2_tb_end(ole2_tb *b)
{
    tb_emit(b);
    int rc = b->err;
    ole2_tb_free(b);
    return rc ? DOC_NOMEM : DOC_OK;
}

int ole2_charset_map(decode_enc charset, uint32_t map[256])
{
    unsigned char all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (unsigned char)i;
    text_buf t;
    text_init(&t);
    if (decode_run(charset, all, 256, 0, 1, &t, NULL) || t.len != 256) {
        text_free(&t);
        return -1;
    }
    memcpy(map, t.cp, 256 * sizeof *map);
    text_free(&t);
    return 0;
}

/* ------------------------------------------------- document properties -- */

/* One property set section: [off, off+size) of the stream. */
typedef struct psect {
    const unsigned char *s;
    size_t n;
    size_t off, size;
    uint32_t nprops;
    unsigned cp; /* code page of 8-bit strings */
} psect;

/* Offset in the stream of property pid's value, or 0 when absent. */
static size_t prop_at(const psect *ps, uint32_t pid)
{
    for (uint32_t i = 0; i < ps->nprops; i++) {
        size_t at = ps->off + 8 + (size_t)i * 8;
        if (doc_le32(ps->s + at) == pid) {
            size_t o = doc_le32(ps->s + at + 4);
            if (o < 8 || o + 8 > ps->size)
                return 0;
            return ps->off + o;
        }
    }
    return 0;
}

static int sect_open(psect *ps, const unsigned char *s, size_t n, unsigned k)
{
    if (n < 28 + 20 * ((size_t)k + 1) || doc_le16(s) != 0xFFFE || doc_le32(s + 24) <= k)
        return -1;
    size_t off = doc_le32(s + 28 + 20 * (size_t)k + 16);
    if (off > n || n - off < 8)
        return -1;
    size_t size = doc_le32(s + off);
    if (size > n - off)
        size = n - off;
    uint32_t np = doc_le32(s + off + 4);
    if (size < 8 || np > (size - 8) / 8)
        return -1;
    ps->s = s;
    ps->n = n;
    ps->off = off;
    ps->size = size;
    ps->nprops = np;
    ps->cp = 1252;
    size_t at = prop_at(ps, 1); /* PID_CODEPAGE, VT_I2 */
    if (at && doc_le16(s + at) == 2)
        ps->cp = doc_le16(s + at + 4);
    return 0;
}

/* n bytes of an 8-bit string in code page cp, or UTF-16 units when cp is
** 1200, into the builder. */
static void prop_chars(ole2_tb *b, const unsigned char *p, size_t n, unsigned cp,
                       int wide)
{
    if (wide || cp == 1200) {
        for (size_t i = 0; i + 1 < n; i += 2) {
            uint32_t u = doc_le16(p + i);
            if (u == 0)
                break;
            if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
                uint32_t lo = doc_le16(p + i + 2);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                    i += 2;
                }
            }
            ole2_tb_cp(b, u >= 0xD800 && u <= 0xDFFF ? 0xFFFD : u, ENC_UNKNOWN);
        }
        return;
    }
    size_t k = 0;
    while (k < n && p[k])
        k++;
    ole2_tb_bytes(b, p, k, cp == 65001 ? ENC_UTF8 : cp == 1258 ? ENC_CP1258
                                                               : ENC_CP1252,
                  ENC_UNKNOWN);
}

/* A string value at stream offset `at` (VT_LPSTR or VT_LPWSTR) as a line. */
static void prop_line(ole2_tb *b, const psect *ps, size_t at)
{
    size_t end = ps->off + ps->size;
    if (!at || at + 8 > end)
        return;
    uint16_t vt = doc_le16(ps->s + at);
    size_t cnt = doc_le32(ps->s + at + 4);
    if (vt == 30) {
        if (cnt > end - at - 8)
            cnt = end - at - 8;
        prop_chars(b, ps->s + at + 8, cnt, ps->cp, 0);
    } else if (vt == 31) {
        if (cnt > (end - at - 8) / 2)
            cnt = (end - at - 8) / 2;
        prop_chars(b, ps->s + at + 8, cnt * 2, ps->cp, 1);
    } else {
        return;
    }
    ole2_tb_eol(b);
}

/* User-defined properties: the dictionary (PID 0) names them. */
static void user_props(ole2_tb *b, const psect *ps)
{
    size_t at = prop_at(ps, 0), end = ps->off + ps->size;
    if (!at || at + 4 > end)
        return;
    uint32_t cnt = doc_le32(ps->s + at);
    at += 4;
    for (uint32_t i = 0; i < cnt && at + 8 <= end && !b->stop; i++) {
        uint32_t pid = doc_le32(ps->s + at);
        size_t nch = doc_le32(ps->s + at + 4), nb = ps->cp == 1200 ? nch * 2 : nch;
        if (nch > end - at - 8 || nb > end - at - 8)
            return;
        const unsigned char *name = ps->s + at + 8;
        at += 8 + nb;
        if (ps->cp == 1200)
            at = (at - ps->off + 3) / 4 * 4 + ps->off;
        /* Only properties with text, and not the "_PID_" ones Office keeps
        ** for itself (hyperlink tables, GUIDs). */
        size_t v = pid >= 2 ? prop_at(ps, pid) : 0;
        if (!v || v + 8 > end || (doc_le16(ps->s + v) != 30 && doc_le16(ps->s + v) != 31))
            continue;
        if (ps->cp != 1200 && nb >= 5 && !memcmp(name, "_PID_", 5))
            continue;
        prop_chars(b, name, nb, ps->cp, 0);
        ole2_tb_eol(b);
        prop_line(b, ps, v);
    }
}

static int read_props(doc_ctx *c, ole2 *f, const char *name, ole2_stream *st)
{
    char why[200];
    uint32_t id = ole2_find(f, OLE2_ROOT, name);
    if (id == OLE2_NONE || !ole2_is_stream(f, id))
        return OLE2_NOTCFB;
    int rc = ole2_read(f, id, st, why, sizeof why);
    if (rc == OLE2_NOMEM)
        return rc;
    if (rc) {
        doc_unscanned(c, "document properties not scanned: %s", why);
        return rc;
    }
    return OLE2_OK;
}

int ole2_open_doc(ole2 **out, doc_ctx *c, const unsigned char *data, size_t len)
{
    char why[200];
    int rc = ole2_open(out, data, len, why, sizeof why);
    if (rc == OLE2_NOMEM)
        return DOC_NOMEM;
    if (rc)
        return doc_corrupt(c, "corrupt OLE2 compound file: %s", why);
    return DOC_OK;
}

int ole2_emit_summary(doc_ctx *c, ole2 *f)
{
    ole2_tb b;
    ole2_stream si = {0}, dsi = {0};
    psect ps;
    int rc = read_props(c, f, "\005SummaryInformation", &si);
    if (rc == OLE2_NOMEM)
        return DOC_NOMEM;
    int rc2 = read_props(c, f, "\005DocumentSummaryInformation", &dsi);
    if (rc2 == OLE2_NOMEM) {
        ole2_stream_free(&si);
        return DOC_NOMEM;
    }
    ole2_tb_init(&b, c, "metadata");
    if (rc == OLE2_OK && sect_open(&ps, si.data, si.len, 0) == 0) {
        static const uint32_t pids[] = {2, 3, 5, 6}; /* title subject keywords
                                                          comments */
        for (size_t i = 0; i < sizeof pids / sizeof *pids; i++)
            prop_line(&b, &ps, prop_at(&ps, pids[i]));
    }
    /* The second section of DocumentSummaryInformation holds the custom
    ** properties, where an office may record a classification. */
    if (rc2 == OLE2_OK && sect_open(&ps, dsi.data, dsi.len, 1) == 0)
        user_props(&b, &ps);
    ole2_stream_free(&si);
    ole2_stream_free(&dsi);
    return ole2_tb_end(&b);
}

/* ------------------------------------------------------------- export -- */

/* Little-endian store into the image being written. */
static void wr32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

/*
** Write storage `storage` and everything under it as a compound file of its
** own (version 3, 512-byte sectors), its root carrying the storage's CLSID.
** Siblings are chained as right children: a valid tree for our reader and
** any reader that walks it rather than searching it.
*/
int ole2_export(ole2 *f, uint32_t storage, unsigned char **out, size_t *outlen,
                char *why, size_t whylen)
{
    *out = NULL;
    *outlen = 0;
    if (storage >= f->nent)
        return OLE2_CORRUPT;
    uint32_t *list = malloc((size_t)f->nent * sizeof *list);
    uint32_t *nid = malloc((size_t)f->nent * sizeof *nid);
    ole2_stream *data = NULL;
    uint32_t *start = NULL, *fat = NULL;
    int rc = OLE2_NOMEM;
    if (!list || !nid)
        goto done;
    for (uint32_t i = 0; i < f->nent; i++)
        nid[i] = OLE2_NONE;
    /* Breadth first over the child lists: each entry has one parent, so
    ** each is listed once. */
    uint32_t n = 1;
    list[0] = storage;
    nid[storage] = 0;
    for (uint32_t k = 0; k < n; k++)
        for (uint32_t ch = f->ent[list[k]].first; ch != OLE2_NONE; ch = f->ent[ch].next)
            if (nid[ch] == OLE2_NONE && n < f->nent) {
                nid[ch] = n;
                list[n++] = ch;
            }
    data = calloc(n, sizeof *data);
    start = malloc((size_t)n * sizeof *start);
    if (!data || !start)
        goto done;
    uint64_t mini = 0, big = 0;
    for (uint32_t k = 1; k < n; k++) {
        start[k] = ENDOFCHAIN;
        if (f->ent[list[k]].type != T_STREAM)
            continue;
        if ((rc = ole2_read(f, list[k], &data[k], why, whylen)) != OLE2_OK)
            goto done;
        size_t len = data[k].len;
        if (len && len < MINI_CUTOFF) {
            start[k] = (uint32_t)(mini / MINI_SIZE);
            mini += (len + MINI_SIZE - 1) / MINI_SIZE * MINI_SIZE;
        } else if (len) {
            big += (len + 511) / 512;
        }
    }
    rc = OLE2_NOMEM;
    uint64_t nmini = mini / MINI_SIZE;
    uint64_t ndir = (n + 3) / 4, nmf = (nmini * 4 + 511) / 512, nms = (mini + 511) / 512;
    uint64_t body = ndir + nmf + nms + big, nfat = 1, ndif = 0;
    for (;;) { /* FAT and DIFAT sectors must cover themselves too */
        uint64_t need = (body + nfat + ndif + 127) / 128;
        uint64_t nd = need > 109 ? (need - 109 + 126) / 127 : 0;
        if (need <= nfat && nd <= ndif)
            break;
        nfat = need > nfat ? need : nfat;
        ndif = nd > ndif ? nd : ndif;
    }
    uint64_t total = nfat + ndif + body;
    if (total >= MAXREGSECT || (total + 1) * 512 > SIZE_MAX / 2)
        goto done;
    unsigned char *img = calloc((size_t)(total + 1), 512);
    fat = malloc((size_t)(nfat * 128) * sizeof *fat);
    if (!img || !fat) {
        free(img);
        goto done;
    }
    memset(fat, 0xFF, (size_t)(nfat * 128) * sizeof *fat);
    uint32_t s = 0;
    for (uint64_t i = 0; i < nfat; i++)
        fat[s++] = 0xFFFFFFFDu; /* FATSECT */
    uint32_t dif0 = s;
    for (uint64_t i = 0; i < ndif; i++)
        fat[s++] = 0xFFFFFFFCu; /* DIFSECT */
#define CHAIN(count)                                                          \
    for (uint64_t i_ = 0; i_ < (count); i_++, s++)                            \
        fat[s] = i_ + 1 < (count) ? s + 1 : ENDOFCHAIN;
    uint32_t dir0 = s;
    CHAIN(ndir)
    uint32_t mf0 = s;
    CHAIN(nmf)
    uint32_t ms0 = s;
    CHAIN(nms)
    for (uint32_t k = 1; k < n; k++) {
        size_t len = data[k].len;
        if (len < MINI_CUTOFF)
            continue;
        uint64_t cnt = (len + 511) / 512;
        start[k] = s;
        memcpy(img + ((size_t)s + 1) * 512, data[k].data, len);
        CHAIN(cnt)
    }
#undef CHAIN
    /* Mini stream and its FAT. */
    for (uint32_t k = 1; k < n; k++) {
        size_t len = data[k].len;
        if (!len || len >= MINI_CUTOFF)
            continue;
        memcpy(img + ((size_t)ms0 + 1) * 512 + (size_t)start[k] * MINI_SIZE,
               data[k].data, len);
        uint32_t cnt = (uint32_t)((len + MINI_SIZE - 1) / MINI_SIZE);
        for (uint32_t j = 0; j < cnt; j++)
            wr32(img + ((size_t)mf0 + 1) * 512 + ((size_t)start[k] + j) * 4,
                 j + 1 < cnt ? start[k] + j + 1 : ENDOFCHAIN);
    }
    for (uint64_t j = nmini; j < nmf * 128; j++)
        wr32(img + ((size_t)mf0 + 1) * 512 + j * 4, FREESECT);
    /* Directory. */
    unsigned char *d = img + ((size_t)dir0 + 1) * 512;
    for (uint64_t i = 0; i < ndir * 4; i++) {
        unsigned char *e = d + i * DIRENT;
        wr32(e + 0x44, OLE2_NONE);
        wr32(e + 0x48, OLE2_NONE);
        wr32(e + 0x4C, OLE2_NONE);
    }
    for (uint32_t k = 0; k < n; k++) {
        const ole2_entry *src = &f->ent[list[k]];
        unsigned char *e = d + (size_t)k * DIRENT;
        if (k == 0) {
            static const char rn[] = "Root Entry";
            for (size_t i = 0; i < sizeof rn; i++)
                e[2 * i] = (unsigned char)rn[i];
            e[0x40] = (unsigned char)(2 * sizeof rn);
            e[0x42] = T_ROOT;
            wr32(e + 0x74, nms ? ms0 : ENDOFCHAIN);
            wr32(e + 0x78, (uint32_t)mini);
        } else {
            memcpy(e, src->raw, src->rawlen);
            e[0x40] = src->rawlen;
            e[0x42] = src->type;
            wr32(e + 0x48, src->next == OLE2_NONE ? OLE2_NONE : nid[src->next]);
            wr32(e + 0x74, src->type == T_STREAM ? start[k] : 0);
            wr32(e + 0x78, src->type == T_STREAM ? (uint32_t)data[k].len : 0);
        }
        e[0x43] = 1; /* black */
        memcpy(e + 0x50, src->clsid, 16);
        if (src->first != OLE2_NONE)
            wr32(e + 0x4C, nid[src->first]);
    }
    /* Header, DIFAT, FAT. */
    memcpy(img, SIG, 8);
    img[0x18] = 0x3E;
    img[0x1A] = 3;
    img[0x1C] = 0xFE;
    img[0x1D] = 0xFF;
    img[0x1E] = 9;
    img[0x20] = 6;
    wr32(img + 0x2C, (uint32_t)nfat);
    wr32(img + 0x30, dir0);
    wr32(img + 0x38, MINI_CUTOFF);
    wr32(img + 0x3C, nmf ? mf0 : ENDOFCHAIN);
    wr32(img + 0x40, (uint32_t)nmf);
    wr32(img + 0x44, ndif ? dif0 : ENDOFCHAIN);
    wr32(img + 0x48, (uint32_t)ndif);
    for (uint32_t i = 0; i < 109; i++)
        wr32(img + 0x4C + 4 * i, i < nfat ? i : FREESECT);
    for (uint64_t k = 0; k < ndif; k++) {
        unsigned char *p = img + ((size_t)dif0 + k + 1) * 512;
        for (uint32_t i = 0; i < 127; i++) {
            uint64_t fs = 109 + k * 127 + i;
            wr32(p + 4 * i, fs < nfat ? (uint32_t)fs : FREESECT);
        }
        wr32(p + 508, k + 1 < ndif ? dif0 + (uint32_t)k + 1 : ENDOFCHAIN);
    }
    for (uint64_t i = 0; i < nfat * 128; i++)
        wr32(img + ((size_t)(i / 128) + 1) * 512 + (i % 128) * 4, fat[i]);
    *out = img;
    *outlen = (size_t)(total + 1) * 512;
    rc = OLE2_OK;
done:
    if (data)
        for (uint32_t k = 0; k < n; k++)
            ole2_stream_free(&data[k]);
    free(data);
    free(start);
    free(fat);
    free(list);
    free(nid);
    return rc;
}

/* ------------------------------------------------------ embedded objects -- */

/* Streams of an object storage that hold no content of their own: the OLE
** link and class records, and cached pictures of the object. */
static int meta_stream(const char *name)
{
    static const char *const M[] = {
        "\001Ole", "\001CompObj", "\003ObjInfo", "\003EPRINT", "\003META",
        "\003PIC", "\001Ole10ItemName", "\005SummaryInformation",
        "\005DocumentSummaryInformation", "\003AccessObjSiteData"};
    for (size_t i = 0; i < sizeof M / sizeof *M; i++)
        if (name_eq(name, M[i]))
            return 1;
    return strncmp(name, "\002OlePres", 8) == 0;
}

/* A name fit for a message: control characters (the \001 of "\001Ole")
** dropped. */
static void printable(char *dst, size_t n, const char *src)
{
    size_t k = 0;
    for (; *src && k + 1 < n; src++)
        if ((unsigned char)*src >= 0x20)
            dst[k++] = *src;
    dst[k] = 0;
}

/* OLE1 "Package" native data: label, paths, then the file; any other
** native data is the object's own bytes after the size. */
static int native_payload(const unsigned char *p, size_t n, const unsigned char **data,
                          size_t *len, char *label, size_t lablen)
{
    label[0] = 0;
    if (n < 4)
        return -1;
    size_t total = doc_le32(p);
    if (total > n - 4)
        total = n - 4;
    const unsigned char *q = p + 4, *end = p + 4 + total;
    *data = q;
    *len = total;
    if (end - q < 2)
        return 0;
    const unsigned char *s = q + 2, *z = memchr(s, 0, (size_t)(end - s));
    if (!z)
        return 0;
    const unsigned char *lab = s;
    s = z + 1;
    if (s >= end || !(z = memchr(s, 0, (size_t)(end - s))))
        return 0;
    s = z + 1;
    if (end - s < 8)
        return 0;
    size_t tl = doc_le32(s + 4);
    s += 8;
    if (tl > (size_t)(end - s) || end - s - (ptrdiff_t)tl < 4)
        return 0;
    s += tl;
    size_t dl = doc_le32(s);
    s += 4;
    if (dl > (size_t)(end - s))
        return 0;
    *data = s;
    *len = dl;
    printable(label, lablen, (const char *)lab);
    return 0;
}

int ole2_emit_object(doc_ctx *c, ole2 *f, uint32_t obj, const char *name)
{
    char why[200], nm[300];
    ole2_stream st = {0};
    uint32_t id;
    int rc = OLE2_OK;
    if (doc_stop(c))
        return DOC_OK;
    if ((id = ole2_find(f, obj, "Package")) != OLE2_NONE && ole2_is_stream(f, id)) {
        /* An embedded .docx/.xlsx/.pptx, as the file itself. */
        if ((rc = ole2_read(f, id, &st, why, sizeof why)) == OLE2_OK)
            rc = doc_file(c, name, st.data, st.len) == DOC_NOMEM ? OLE2_NOMEM : OLE2_OK;
    } else if ((id = ole2_find(f, obj, "\001Ole10Native")) != OLE2_NONE &&
               ole2_is_stream(f, id)) {
        if ((rc = ole2_read(f, id, &st, why, sizeof why)) == OLE2_OK) {
            const unsigned char *p;
            size_t n;
            char label[128];
            if (native_payload(st.data, st.len, &p, &n, label, sizeof label) == 0) {
                if (*label)
                    snprintf(nm, sizeof nm, "%s/%s", name, label);
                else
                    snprintf(nm, sizeof nm, "%s", name);
                rc = doc_file(c, nm, p, n) == DOC_NOMEM ? OLE2_NOMEM : OLE2_OK;
            }
        }
    } else if (ole2_find(f, obj, "WordDocument") != OLE2_NONE ||
               ole2_find(f, obj, "Workbook") != OLE2_NONE ||
               ole2_find(f, obj, "Book") != OLE2_NONE ||
               ole2_find(f, obj, "PowerPoint Document") != OLE2_NONE ||
               ole2_find(f, obj, "EncryptedPackage") != OLE2_NONE) {
        /* An embedded Word, Excel or PowerPoint document is a storage, not
        ** a file: write it out as one so it is scanned like any other. */
        unsigned char *img;
        size_t n;
        if ((rc = ole2_export(f, obj, &img, &n, why, sizeof why)) == OLE2_OK) {
            rc = doc_file(c, name, img, n) == DOC_NOMEM ? OLE2_NOMEM : OLE2_OK;
            free(img);
        }
    } else if (((id = ole2_find(f, obj, "CONTENTS")) != OLE2_NONE ||
                (id = ole2_find(f, obj, "Contents")) != OLE2_NONE) &&
               ole2_is_stream(f, id)) {
        /* Acrobat and others keep the embedded file whole here. */
        if ((rc = ole2_read(f, id, &st, why, sizeof why)) == OLE2_OK)
            rc = doc_file(c, name, st.data, st.len) == DOC_NOMEM ? OLE2_NOMEM : OLE2_OK;
    } else {
        for (id = ole2_next_child(f, obj, OLE2_NONE); id != OLE2_NONE;
             id = ole2_next_child(f, obj, id))
            if (!meta_stream(ole2_name(f, id))) {
                char what[100];
                printable(what, sizeof what, ole2_name(f, id));
                doc_unscanned(c, "embedded object %s (%s) not scanned", name, what);
                break;
            }
    }
    ole2_stream_free(&st);
    if (rc == OLE2_NOMEM)
        return DOC_NOMEM;
    if (rc != OLE2_OK)
        doc_unscanned(c, "embedded object %s not scanned: %s", name, why);
    return DOC_OK;
}

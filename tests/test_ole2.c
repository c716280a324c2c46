/*
** 2026-11-25
**
** test_ole2.c: what engine/ole2.c must do with a compound file: find
** streams by name as CFB compares names, read them whole from the FAT or
** the mini stream, and turn every broken structure - a chain that loops,
** a sector past the end, a truncated file, a size the file cannot hold -
** into an error naming the stream and sector, never a hang or an over-read.
** Also the document properties as a "metadata" piece, and the piece builder
** the legacy extractors share.
**
** Real files are LibreOffice's (tests/fixtures/legacy/); exact layouts and
** hostile ones are written by cfb_build.h at test time.
*/
#include "fixture_util.h"

#include "doc_stub.h"
#include "legacy_text.h"
#include "ole2.h"
#include "fixtures/legacy/cfb_build.h"

static unsigned char *pattern(size_t n, unsigned seed)
{
    unsigned char *p = malloc(n ? n : 1);
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(i * 31 + seed + (i >> 8));
    return p;
}

/* Open f and read stream `name` expecting an error; returns the reason. */
static const char *read_error(const unsigned char *f, size_t n, const char *name)
{
    static char why[256];
    ole2 *o;
    why[0] = 0;
    int rc = ole2_open(&o, f, n, why, sizeof why);
    if (rc != OLE2_OK)
        return why;
    ole2_stream s;
    uint32_t id = ole2_find(o, OLE2_ROOT, name);
    assert_int_not_equal(id, OLE2_NONE);
    rc = ole2_read(o, id, &s, why, sizeof why);
    assert_int_equal(rc, OLE2_CORRUPT);
    ole2_stream_free(&s);
    ole2_close(o);
    return why;
}

/* ------------------------------------------------------------- reading -- */

static void libreoffice_doc_streams_are_found_ignoring_case(void **state)
{
    (void)state;
    size_t n;
    unsigned char *f = tu_fixture("legacy", "stamped.doc", &n);
    ole2 *o;
    char why[200];
    assert_int_equal(ole2_open(&o, f, n, why, sizeof why), OLE2_OK);
    uint32_t w = ole2_find(o, OLE2_ROOT, "WordDocument");
    assert_int_not_equal(w, OLE2_NONE);
    assert_int_equal(ole2_find(o, OLE2_ROOT, "worddocument"), w);
    assert_true(ole2_is_stream(o, w));
    assert_string_equal(ole2_name(o, w), "WordDocument");
    assert_int_not_equal(ole2_find(o, OLE2_ROOT, "1Table"), OLE2_NONE);
    assert_int_equal(ole2_find(o, OLE2_ROOT, "0Table"), OLE2_NONE);
    assert_true(ole2_is_storage(o, ole2_find(o, OLE2_ROOT, "ObjectPool")));

    /* The FIB starts the stream: a regular (FAT) stream read whole. */
    ole2_stream s;
    assert_int_equal(ole2_read(o, w, &s, why, sizeof why), OLE2_OK);
    assert_int_equal(s.len, ole2_size(o, w));
    assert_int_equal(s.data[0] | s.data[1] << 8, 0xA5EC);
    ole2_stream_free(&s);

    /* A small stream comes from the mini stream: a property set. */
    uint32_t si = ole2_find(o, OLE2_ROOT, "\005SummaryInformation");
    assert_true(ole2_size(o, si) < 4096);
    assert_int_equal(ole2_read(o, si, &s, why, sizeof why), OLE2_OK);
    assert_int_equal(s.len, ole2_size(o, si));
    assert_int_equal(s.data[0], 0xFE);
    assert_int_equal(s.data[1], 0xFF);
    ole2_stream_free(&s);
    ole2_close(o);
    free(f);
}

static void streams_of_every_size_round_trip_in_both_versions(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 63, 64, 65, 511, 512, 4095, 4096, 4097, 12345};
    enum { N = sizeof sizes / sizeof *sizes };
    for (unsigned shift = 9; shift <= 12; shift += 3) {
        for (int inter = 0; inter <= 1; inter++) {
            cfb_stream st[N];
            char names[N][16];
            for (size_t i = 0; i < N; i++) {
                snprintf(names[i], sizeof names[i], "s%zu", sizes[i]);
                st[i].name = names[i];
                st[i].len = sizes[i];
                st[i].data = pattern(sizes[i], (unsigned)i);
            }
            size_t n;
            unsigned char *f = cfb_build(st, N, shift, inter, &n);
            ole2 *o;
            char why[200];
            assert_int_equal(ole2_open(&o, f, n, why, sizeof why), OLE2_OK);
            for (size_t i = 0; i < N; i++) {
                uint32_t id = ole2_find(o, OLE2_ROOT, names[i]);
                assert_int_not_equal(id, OLE2_NONE);
                ole2_stream s;
                assert_int_equal(ole2_read(o, id, &s, why, sizeof why), OLE2_OK);
                assert_int_equal(s.len, sizes[i]);
                if (sizes[i])
                    assert_memory_equal(s.data, st[i].data, sizes[i]);
                /* Interleaved sectors cannot be a view into the file. */
                if (inter && sizes[i] > 4096)
                    assert_non_null(s.owned);
                if (!inter && sizes[i] >= 4096)
                    assert_null(s.owned);
                ole2_stream_free(&s);
                free((void *)st[i].data);
            }
            ole2_close(o);
            free(f);
        }
    }
}

static void children_are_listed_and_unknown_names_not_found(void **state)
{
    (void)state;
    cfb_stream st[3] = {{"A", "x", 1}, {"B", "yy", 2}, {"C", "zzz", 3}};
    size_t n;
    unsigned char *f = cfb_build(st, 3, 9, 0, &n);
    ole2 *o;
    char why[200];
    assert_int_equal(ole2_open(&o, f, n, why, sizeof why), OLE2_OK);
    uint32_t id = OLE2_NONE;
    char seen[8] = "";
    while ((id = ole2_next_child(o, OLE2_ROOT, id)) != OLE2_NONE)
        strcat(seen, ole2_name(o, id));
    assert_string_equal(seen, "ABC");
    assert_int_equal(ole2_find(o, OLE2_ROOT, "D"), OLE2_NONE);
    assert_int_equal(ole2_find(o, OLE2_ROOT, "Root Entry"), OLE2_NONE);
    ole2_close(o);
    free(f);
}

static void entry_outside_the_tree_is_never_found(void **state)
{
    (void)state;
    cfb_stream st[2] = {{"Kept", "a", 1}, {"Orphan", "b", 1}};
    size_t n;
    unsigned char *f = cfb_build(st, 2, 9, 0, &n);
    /* Unlink entry 2 from entry 1's right sibling pointer. */
    cfb_w32(f + cfb_dir_at(f, 1) + 0x48, 0xFFFFFFFF);
    ole2 *o;
    char why[200];
    assert_int_equal(ole2_open(&o, f, n, why, sizeof why), OLE2_OK);
    assert_int_not_equal(ole2_find(o, OLE2_ROOT, "Kept"), OLE2_NONE);
    assert_int_equal(ole2_find(o, OLE2_ROOT, "Orphan"), OLE2_NONE);
    ole2_close(o);
    free(f);
}

static void directory_tree_cycle_visits_each_entry_once(void **state)
{
    (void)state;
    cfb_stream st[2] = {{"One", "a", 1}, {"Two", "b", 1}};
    size_t n;
    unsigned char *f = cfb_build(st, 2, 9, 0, &n);
    /* Two's siblings point back at One and at itself. */
    cfb_w32(f + cfb_dir_at(f, 2) + 0x44, 1);
    cfb_w32(f + cfb_dir_at(f, 2) + 0x48, 2);
    ole2 *o;
    char why[200];
    assert_int_equal(ole2_open(&o, f, n, why, sizeof why), OLE2_OK);
    assert_int_not_equal(ole2_find(o, OLE2_ROOT, "Two"), OLE2_NONE);
    ole2_close(o);
    free(f);
}

static void storages_nest_and_names_are_found_under_their_parent(void **state)
{
    (void)state;
    cfb_stream st[3] = {{"ObjectPool/_1/Package", "PK", 2},
                        {"ObjectPool/_1/\001Ole", "o", 1},
                        {"ObjectPool/_2/x", "x", 1}};
    size_t n;
    unsigned char *f = cfb_build(st, 3, 9, 0, &n);
    ole2 *o;
    char why[200];
    assert_int_equal(ole2_open(&o, f, n, why, sizeof why), OLE2_OK);
    uint32_t pool = ole2_find(o, OLE2_ROOT, "objectpool");
    assert_true(ole2_is_storage(o, pool));
    uint32_t one = ole2_find(o, pool, "_1");
    assert_true(ole2_is_storage(o, one));
    assert_int_not_equal(ole2_find(o, one, "Package"), OLE2_NONE);
    assert_int_equal(ole2_find(o, OLE2_ROOT, "Package"), OLE2_NONE);
    assert_int_equal(ole2_find(o, pool, "Package"), OLE2_NONE);
    assert_int_equal(ole2_next_child(o, pool, one), ole2_find(o, pool, "_2"));
    ole2_close(o);
    free(f);
}

/* Compare stream `name` under storage path in two files. */
static void same_stream(ole2 *a, uint32_t sa, ole2 *b, uint32_t sb, const char *name)
{
    char why[200];
    ole2_stream x, y;
    uint32_t ia = ole2_find(a, sa, name), ib = ole2_find(b, sb, name);
    assert_int_not_equal(ia, OLE2_NONE);
    assert_int_not_equal(ib, OLE2_NONE);
    assert_int_equal(ole2_read(a, ia, &x, why, sizeof why), OLE2_OK);
    assert_int_equal(ole2_read(b, ib, &y, why, sizeof why), OLE2_OK);
    assert_int_equal(x.len, y.len);
    if (x.len)
        assert_memory_equal(x.data, y.data, x.len);
    ole2_stream_free(&x);
    ole2_stream_free(&y);
}

static void storage_is_written_out_as_a_file_of_its_own(void **state)
{
    (void)state;
    unsigned char *big = pattern(9000, 7);
    cfb_stream st[5] = {{"Keep", "k", 1},
                        {"ObjectPool/_1/Workbook", big, 9000},
                        {"ObjectPool/_1/\005SummaryInformation", "si", 2},
                        {"ObjectPool/_1/Sub/Inner", "inner", 5},
                        {"ObjectPool/_1/Empty", "", 0}};
    size_t n;
    unsigned char *f = cfb_build(st, 5, 9, 0, &n);
    /* Give the object storage (entry 3: ObjectPool=2, _1=3) a CLSID. */
    memcpy(f + cfb_dir_at(f, 3) + 0x50, "0123456789abcdef", 16);
    ole2 *o, *e;
    char why[200];
    assert_int_equal(ole2_open(&o, f, n, why, sizeof why), OLE2_OK);
    uint32_t obj = ole2_find(o, ole2_find(o, OLE2_ROOT, "ObjectPool"), "_1");
    unsigned char *img;
    size_t len;
    assert_int_equal(ole2_export(o, obj, &img, &len, why, sizeof why), OLE2_OK);
    assert_int_equal(ole2_open(&e, img, len, why, sizeof why), OLE2_OK);
    same_stream(o, obj, e, OLE2_ROOT, "Workbook");
    same_stream(o, obj, e, OLE2_ROOT, "\005SummaryInformation");
    same_stream(o, obj, e, OLE2_ROOT, "Empty");
    same_stream(o, ole2_find(o, obj, "Sub"), e, ole2_find(e, OLE2_ROOT, "Sub"), "Inner");
    assert_int_equal(ole2_find(e, OLE2_ROOT, "Keep"), OLE2_NONE);
    assert_memory_equal(img + cfb_dir_at(img, 0) + 0x50, "0123456789abcdef", 16);
    ole2_close(e);
    ole2_close(o);
    free(img);
    free(f);
    free(big);
}

/* 9 MB: more than 109 FAT sectors, so both the reader and the writer go
** through the DIFAT. */
static void file_needing_a_difat_is_read_and_written(void **state)
{
    (void)state;
    size_t sz = 9u << 20;
    unsigned char *big = pattern(sz, 9);
    cfb_stream st[2] = {{"Big", big, sz}, {"Small", "s", 1}};
    size_t n;
    unsigned char *f = cfb_build(st, 2, 9, 1, &n);
    assert_true(cfb_r32(f + 0x48) >= 1);
    ole2 *o, *e;
    char why[200];
    assert_int_equal(ole2_open(&o, f, n, why, sizeof why), OLE2_OK);
    unsigned char *img;
    size_t len;
    assert_int_equal(ole2_export(o, OLE2_ROOT, &img, &len, why, sizeof why), OLE2_OK);
    assert_true(cfb_r32(img + 0x48) >= 1);
    assert_int_equal(ole2_open(&e, img, len, why, sizeof why), OLE2_OK);
    same_stream(o, OLE2_ROOT, e, OLE2_ROOT, "Big");
    same_stream(o, OLE2_ROOT, e, OLE2_ROOT, "Small");
    ole2_stream s;
    assert_int_equal(ole2_read(o, ole2_find(o, OLE2_ROOT, "Big"), &s, why, sizeof why), OLE2_OK);
    assert_memory_equal(s.data, big, sz);
    ole2_stream_free(&s);
    ole2_close(e);
    ole2_close(o);
    free(img);
    free(f);
    free(big);
}

/* ------------------------------------------------------------- hostile -- */

static void cycle_in_a_stream_chain_is_an_error_naming_it(void **state)
{
    (void)state;
    unsigned char *d = pattern(5000, 1);
    cfb_stream st[1] = {{"Big", d, 5000}};
    size_t n;
    unsigned char *f = cfb_build(st, 1, 9, 0, &n);
    uint32_t start = cfb_r32(f + cfb_dir_at(f, 1) + 0x74);
    /* Sector 3 of the stream points back to its first sector. */
    cfb_w32(f + cfb_fat_at(f, start + 2), start);
    assert_string_equal(read_error(f, n, "Big"),
                        "sector chain of \"Big\" loops at sector 2");
    free(f);
    free(d);
}

static void sector_past_the_end_is_an_error(void **state)
{
    (void)state;
    unsigned char *d = pattern(5000, 2);
    cfb_stream st[1] = {{"Big", d, 5000}};
    size_t n;
    unsigned char *f = cfb_build(st, 1, 9, 0, &n);
    uint32_t start = cfb_r32(f + cfb_dir_at(f, 1) + 0x74);
    cfb_w32(f + cfb_fat_at(f, start), 7777);
    assert_string_equal(read_error(f, n, "Big"),
                        "sector 7777 of \"Big\" is past the end of the file (12 sectors)");
    /* A chain that ends early. */
    cfb_w32(f + cfb_fat_at(f, start), 0xFFFFFFFE);
    assert_string_equal(read_error(f, n, "Big"),
                        "sector chain of \"Big\" ends after 1 of 10 sectors");
    free(f);
    free(d);
}

static void claimed_size_larger_than_the_file_is_rejected(void **state)
{
    (void)state;
    unsigned char *d = pattern(5000, 3);
    cfb_stream st[1] = {{"Big", d, 5000}};
    size_t n;
    unsigned char *f = cfb_build(st, 1, 9, 0, &n);
    cfb_w32(f + cfb_dir_at(f, 1) + 0x78, 0xFFFFFFF0u);
    assert_string_equal(read_error(f, n, "Big"),
                        "stream \"Big\" claims 4294967280 bytes, more than the file holds");
    free(f);
    free(d);
}

static void mini_chain_cycle_and_range_are_errors(void **state)
{
    (void)state;
    unsigned char *d = pattern(300, 4);
    cfb_stream st[1] = {{"Small", d, 300}};
    size_t n;
    unsigned char *f = cfb_build(st, 1, 9, 0, &n);
    /* The mini FAT is one sector; its entry 2 points back to 0. */
    size_t mf = ((size_t)cfb_r32(f + 0x3C) + 1) * 512;
    cfb_w32(f + mf + 2 * 4, 0);
    assert_string_equal(read_error(f, n, "Small"),
                        "mini sector chain of \"Small\" loops at sector 0");
    cfb_w32(f + mf + 2 * 4, 900);
    assert_string_equal(read_error(f, n, "Small"),
                        "mini sector 900 of \"Small\" is past the end of the mini stream "
                        "(5 sectors)");
    free(f);
    free(d);
}

static void directory_chain_cycle_fails_open(void **state)
{
    (void)state;
    cfb_stream st[1] = {{"A", "x", 1}};
    size_t n;
    unsigned char *f = cfb_build(st, 1, 9, 0, &n);
    uint32_t dir = cfb_r32(f + 0x30);
    cfb_w32(f + cfb_fat_at(f, dir), dir);
    ole2 *o;
    char why[200];
    assert_int_equal(ole2_open(&o, f, n, why, sizeof why), OLE2_CORRUPT);
    assert_string_equal(why, "directory chain loops at sector 1");
    cfb_w32(f + 0x30, 4000);
    assert_int_equal(ole2_open(&o, f, n, why, sizeof why), OLE2_CORRUPT);
    assert_string_equal(why, "directory sector 4000 is past the end of the file");
    free(f);
}

static void truncated_files_name_what_is_missing(void **state)
{
    (void)state;
    size_t n;
    unsigned char *f = tu_fixture("legacy", "stamped.doc", &n);
    ole2 *o;
    char why[200];
    assert_int_equal(ole2_open(&o, f, 100, why, sizeof why), OLE2_CORRUPT);
    assert_string_equal(why, "truncated header (100 of 512 bytes)");
    assert_int_equal(ole2_open(&o, f, 512, why, sizeof why), OLE2_CORRUPT);
    assert_string_equal(why, "no sectors after the header (512 bytes)");
    assert_int_equal(ole2_open(&o, f, 7, why, sizeof why), OLE2_NOTCFB);
    /* LibreOffice writes the directory last: cut short, nothing is left. */
    assert_int_equal(ole2_open(&o, f, 512 * 14 + 100, why, sizeof why), OLE2_CORRUPT);
    assert_string_equal(why, "directory sector 21 is past the end of the file");
    free(f);

    /* Directory first, a stream cut in the middle of a sector, or at one. */
    unsigned char *d = pattern(5000, 5);
    cfb_stream st[1] = {{"Big", d, 5000}};
    f = cfb_build(st, 1, 9, 0, &n);
    assert_string_equal(read_error(f, n - 700, "Big"),
                        "sector 10 of \"Big\" is cut off by the end of the file "
                        "(truncated file)");
    assert_string_equal(read_error(f, n - 1024, "Big"),
                        "sector 10 of \"Big\" is past the end of the file (10 sectors)");
    free(f);
    free(d);
}

static void bad_header_fields_are_errors(void **state)
{
    (void)state;
    cfb_stream st[1] = {{"A", "x", 1}};
    size_t n;
    unsigned char *f = cfb_build(st, 1, 9, 0, &n);
    ole2 *o;
    char why[200];
    f[0x1E] = 10;
    assert_int_equal(ole2_open(&o, f, n, why, sizeof why), OLE2_CORRUPT);
    assert_string_equal(why, "bad sector sizes 2^10 and 2^6");
    f[0x1E] = 9;
    f[0x1C] = 0;
    assert_int_equal(ole2_open(&o, f, n, why, sizeof why), OLE2_CORRUPT);
    assert_string_equal(why, "bad byte order mark 0xFF00");
    f[0x1C] = 0xFE;
    f[0] = 'P';
    assert_int_equal(ole2_open(&o, f, n, why, sizeof why), OLE2_NOTCFB);
    free(f);
}

/* Byte flips anywhere: open and read every stream; only errors, no crash
** (the sanitizer builds check the reads). */
static void random_damage_never_crashes(void **state)
{
    (void)state;
    size_t n;
    unsigned char *orig = tu_fixture("legacy", "book.xls", &n);
    unsigned char *f = malloc(n);
    unsigned seed = 12345;
    for (int it = 0; it < 3000; it++) {
        /* Most damage where the structures are: header, FAT, directory. */
        tu_damage(f, orig, n, (it & 1) ? 2048 : n, 1 + it % 8, &seed);
        ole2 *o;
        char why[200];
        if (ole2_open(&o, f, n, why, sizeof why) != OLE2_OK)
            continue;
        uint32_t id = OLE2_NONE;
        while ((id = ole2_next_child(o, OLE2_ROOT, id)) != OLE2_NONE) {
            ole2_stream s;
            if (ole2_is_stream(o, id) && ole2_read(o, id, &s, why, sizeof why) == OLE2_OK)
                ole2_stream_free(&s);
        }
        ole2_close(o);
    }
    free(f);
    free(orig);
}

/* ---------------------------------------------------------- properties -- */

static void summary_properties_become_metadata_lines(void **state)
{
    (void)state;
    size_t n;
    unsigned char *f = tu_fixture("legacy", "stamped.doc", &n);
    doc_ctx *c = stub_reset();
    ole2 *o;
    char why[200];
    assert_int_equal(ole2_open(&o, f, n, why, sizeof why), OLE2_OK);
    assert_int_equal(ole2_emit_summary(c, o), DOC_OK);
    assert_int_equal(stub.npiece, 1);
    assert_string_equal(stub.piece[0].part, "metadata");
    assert_string_equal(stub.piece[0].text, LEGACY_STAMPED_METADATA);
    assert_int_equal(stub.nunscanned, 0);
    ole2_close(o);
    free(f);
    stub_reset();
}

/* A property set stream with one section of (pid, VT_LPWSTR/LPSTR) values;
** dict non-zero makes it the second (user-defined) section with names. */
static size_t build_props(unsigned char *b, int user, unsigned cp)
{
    memset(b, 0, 1024);
    cfb_w16(b, 0xFFFE);
    cfb_w32(b + 24, user ? 2 : 1);
    size_t sec = 28 + 20 * (user ? 2 : 1);
    cfb_w32(b + 28 + 16, (uint32_t)sec);
    if (user) { /* an empty first section */
        cfb_w32(b + sec, 8);
        cfb_w32(b + 28 + 20 + 16, (uint32_t)(sec + 8));
        sec += 8;
    }
    unsigned char *s = b + sec;
    size_t at = 8 + 8 * 3;
    /* PID 1: code page */
    cfb_w32(s + 8, 1);
    cfb_w32(s + 12, (uint32_t)at);
    cfb_w16(s + at, 2);
    cfb_w16(s + at + 4, cp);
    at += 8;
    if (user) {
        /* PID 0: dictionary {2: "Độ mật"} in UTF-8 (code page 65001) */
        cfb_w32(s + 16, 0);
        cfb_w32(s + 20, (uint32_t)at);
        const char *nm = "Độ mật";
        cfb_w32(s + at, 1);
        cfb_w32(s + at + 4, 2);
        cfb_w32(s + at + 8, (uint32_t)strlen(nm) + 1);
        memcpy(s + at + 12, nm, strlen(nm) + 1);
        at += 12 + strlen(nm) + 1;
        at = (at + 3) / 4 * 4;
        cfb_w32(s + 24, 2);
        cfb_w32(s + 28, (uint32_t)at);
        const char *v = "TỐI MẬT";
        cfb_w16(s + at, 30);
        cfb_w32(s + at + 4, (uint32_t)strlen(v) + 1);
        memcpy(s + at + 8, v, strlen(v) + 1);
        at += 8 + strlen(v) + 1;
    } else {
        /* PID 2 title as VT_LPWSTR, PID 3 subject as VT_LPSTR in cp1258 */
        cfb_w32(s + 16, 2);
        cfb_w32(s + 20, (uint32_t)at);
        const char *t = "MẬT";
        cfb_w16(s + at, 31);
        cfb_w32(s + at + 4, 4);
        cfb_w16(s + at + 8, 'M');
        cfb_w16(s + at + 10, 0x1EAC);
        cfb_w16(s + at + 12, 'T');
        at += 16;
        (void)t;
        cfb_w32(s + 24, 3);
        cfb_w32(s + 28, (uint32_t)at);
        cfb_w16(s + at, 30);
        cfb_w32(s + at + 4, 6);
        memcpy(s + at + 8, "M\xC2\xF2T!", 6);
        at += 16;
    }
    at = (at + 3) / 4 * 4;
    cfb_w32(s, (uint32_t)at);
    cfb_w32(s + 4, 3);
    return sec + at;
}

static void property_strings_decode_by_type_and_code_page(void **state)
{
    (void)state;
    unsigned char si[1024], dsi[1024];
    size_t nsi = build_props(si, 0, 1258), ndsi = build_props(dsi, 1, 65001);
    cfb_stream st[2] = {{"\005SummaryInformation", si, nsi},
                        {"\005DocumentSummaryInformation", dsi, ndsi}};
    size_t n;
    unsigned char *f = cfb_build(st, 2, 9, 0, &n);
    doc_ctx *c = stub_reset();
    ole2 *o;
    char why[200];
    assert_int_equal(ole2_open(&o, f, n, why, sizeof why), OLE2_OK);
    assert_int_equal(ole2_emit_summary(c, o), DOC_OK);
    assert_int_equal(stub.npiece, 1);
    /* UTF-16 title; CP1258 subject keeps its combining dot below; the custom
    ** property's name and its value each on a line. */
    assert_string_equal(stub.piece[0].text,
                        "MẬT\nM\xC3\x82\xCC\xA3T!\nĐộ mật\nTỐI MẬT\n");
    ole2_close(o);
    free(f);
    stub_reset();
}

static void damaged_property_set_is_skipped_quietly_or_reported(void **state)
{
    (void)state;
    unsigned char si[1024];
    size_t nsi = build_props(si, 0, 1200);
    /* Offsets that point outside the section are ignored. */
    cfb_w32(si + 48 + 12, 5000);
    cfb_stream st[1] = {{"\005SummaryInformation", si, nsi}};
    size_t n;
    unsigned char *f = cfb_build(st, 1, 9, 0, &n);
    doc_ctx *c = stub_reset();
    ole2 *o;
    char why[200];
    assert_int_equal(ole2_open(&o, f, n, why, sizeof why), OLE2_OK);
    assert_int_equal(ole2_emit_summary(c, o), DOC_OK);
    assert_int_equal(stub.nunscanned, 0);
    ole2_close(o);
    /* An unreadable stream is reported. */
    uint32_t start = cfb_r32(f + cfb_dir_at(f, 1) + 0x74);
    size_t mf = ((size_t)cfb_r32(f + 0x3C) + 1) * 512;
    cfb_w32(f + mf + start * 4, start);
    c = stub_reset();
    assert_int_equal(ole2_open(&o, f, n, why, sizeof why), OLE2_OK);
    assert_int_equal(ole2_emit_summary(c, o), DOC_OK);
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "document properties not scanned: mini "
                        "sector chain of \"\005SummaryInformation\" loops at sector 0");
    ole2_close(o);
    free(f);
    stub_reset();
}

/* ------------------------------------------------------------- builder -- */

static void builder_converts_legacy_runs_and_skips_blank_pieces(void **state)
{
    (void)state;
    doc_ctx *c = stub_reset();
    ole2_tb b;
    ole2_tb_init(&b, c, "main");
    ole2_tb_utf8(&b, "Số: 1\n", strlen("Số: 1\n"), ENC_UNKNOWN);
    ole2_tb_utf8(&b, "tèi mËt", strlen("tèi mËt"), ENC_TCVN3);
    ole2_tb_eol(&b);
    ole2_tb_eol(&b);
    ole2_tb_bytes(&b, (const unsigned char *)"TO\xC1I MA\xC4T", 9, ENC_CP1252, ENC_VNI);
    ole2_tb_cp(&b, 0xAD, ENC_TCVN3); /* soft hyphen byte: TCVN3 ư */
    assert_int_equal(ole2_tb_end(&b), DOC_OK);
    assert_int_equal(stub.npiece, 1);
    assert_string_equal(stub.piece[0].text, "Số: 1\ntối mật\nTỐI MẬTư");

    ole2_tb_init(&b, c, "empty");
    ole2_tb_utf8(&b, " \n\t\n", 4, ENC_UNKNOWN);
    assert_int_equal(ole2_tb_end(&b), DOC_OK);
    assert_int_equal(stub.npiece, 1);
    stub_reset();
}

static void builder_cuts_long_text_into_pieces_and_obeys_stop(void **state)
{
    (void)state;
    doc_ctx *c = stub_reset();
    ole2_tb b;
    ole2_tb_init(&b, c, "big");
    char line[101];
    memset(line, 'a', 99);
    line[99] = '\n';
    for (int i = 0; i < 30000; i++) /* 3 MB */
        ole2_tb_utf8(&b, line, 100, ENC_UNKNOWN), ole2_tb_cp(&b, '\n', ENC_UNKNOWN);
    assert_int_equal(ole2_tb_end(&b), DOC_OK);
    assert_true(stub.npiece >= 2);
    size_t total = 0;
    for (size_t i = 0; i < stub.npiece; i++) {
        assert_string_equal(stub.piece[i].part, "big");
        assert_true(stub.piece[i].len <= (4u << 20));
        total += stub.piece[i].len;
    }
    assert_int_equal(total, 30000 * 101);

    /* Once the scanner says stop (budget, time), nothing more is handed on
    ** and the builder tells its caller to stop. */
    c = stub_reset();
    ole2_tb_init(&b, c, "big");
    ole2_tb_utf8(&b, line, 100, ENC_UNKNOWN);
    c->stop = 1;
    for (int i = 0; i < 30000 && !b.stop; i++)
        ole2_tb_utf8(&b, line, 100, ENC_UNKNOWN), ole2_tb_cp(&b, '\n', ENC_UNKNOWN);
    assert_true(b.stop);
    assert_int_equal(ole2_tb_end(&b), DOC_OK);
    assert_int_equal(stub.npiece, 0);
    stub_reset();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(libreoffice_doc_streams_are_found_ignoring_case),
        cmocka_unit_test(streams_of_every_size_round_trip_in_both_versions),
        cmocka_unit_test(children_are_listed_and_unknown_names_not_found),
        cmocka_unit_test(entry_outside_the_tree_is_never_found),
        cmocka_unit_test(directory_tree_cycle_visits_each_entry_once),
        cmocka_unit_test(storages_nest_and_names_are_found_under_their_parent),
        cmocka_unit_test(storage_is_written_out_as_a_file_of_its_own),
        cmocka_unit_test(file_needing_a_difat_is_read_and_written),
        cmocka_unit_test(cycle_in_a_stream_chain_is_an_error_naming_it),
        cmocka_unit_test(sector_past_the_end_is_an_error),
        cmocka_unit_test(claimed_size_larger_than_the_file_is_rejected),
        cmocka_unit_test(mini_chain_cycle_and_range_are_errors),
        cmocka_unit_test(directory_chain_cycle_fails_open),
        cmocka_unit_test(truncated_files_name_what_is_missing),
        cmocka_unit_test(bad_header_fields_are_errors),
        cmocka_unit_test(random_damage_never_crashes),
        cmocka_unit_test(summary_properties_become_metadata_lines),
        cmocka_unit_test(property_strings_decode_by_type_and_code_page),
        cmocka_unit_test(damaged_property_set_is_skipped_quietly_or_reported),
        cmocka_unit_test(builder_converts_legacy_runs_and_skips_blank_pieces),
        cmocka_unit_test(builder_cuts_long_text_into_pieces_and_obeys_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

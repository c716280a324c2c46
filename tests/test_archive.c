/*
** 2026-11-25
**
** test_archive.c: what engine/archive.c must hand on from an archive or a
** compressed file: every regular-file member, as a stream, under its path in
** the archive; nothing for directories and links; and a reason for every
** member it could not read or was not allowed to finish.
**
** The fixtures in tests/fixtures/archive/ were made with the real zip, tar
** and gzip (see its README.md); every format and filter combination, the
** bombs, a thousand and ten thousand members and twenty levels of nesting
** are written here with libarchive's writer. The archive is always fed
** through a doc_read_fn, as the scanner does, sometimes a byte at a time.
*/
#include "fixture_util.h"

#include "doc_stub.h"

/* ------------------------------------------------------------ helpers -- */

/* The caller's stream: a buffer handed out `chunk` bytes at a time (0: as
** much as asked), failing with -1 once `fail_at` bytes were given. */
typedef struct mreader {
    const unsigned char *p;
    size_t n, at, chunk, fail_at;
} mreader;

static long mread(void *arg, void *buf, size_t n)
{
    mreader *m = arg;
    if (m->fail_at && m->at >= m->fail_at)
        return -1;
    size_t k = m->n - m->at;
    if (k > n)
        k = n;
    if (m->chunk && k > m->chunk)
        k = m->chunk;
    if (m->fail_at && k > m->fail_at - m->at)
        k = m->fail_at - m->at;
    memcpy(buf, m->p + m->at, k);
    m->at += k;
    return (long)k;
}

/* The outcome, with what was recorded when it is not the one expected. */
static void expect_rc(int rc, int want)
{
    if (rc != want)
        fail_msg("rc %d, want %d; corrupt \"%s\", %zu files, %zu unscanned, first \"%s\"",
                 rc, want, stub.corrupt, stub.nfile, stub.nunscanned,
                 stub.nunscanned ? stub.unscanned[0] : "");
}

static int extract(doc_ctx *c, const void *p, size_t n, size_t chunk)
{
    mreader m = {p, n, 0, chunk, 0};
    return archive_extract(c, mread, &m);
}

static void run_fixture(const char *name, size_t chunk)
{
    size_t n;
    unsigned char *b = tu_fixture("archive", name, &n);
    doc_ctx *c = stub_reset();
    expect_rc(extract(c, b, n, chunk), DOC_OK);
    free(b);
}

static void assert_file(size_t i, const char *name, const void *data, size_t len)
{
    assert_true(i < stub.nfile);
    assert_string_equal(stub.file[i].name, name);
    assert_int_equal(stub.file[i].len, len);
    assert_memory_equal(stub.file[i].data, data, len);
}

static void assert_file_str(size_t i, const char *name, const char *text)
{
    assert_file(i, name, text, strlen(text));
}

/* An archive written at test time into memory. */
static struct archive *wopen(tu_buf *w, const char *format, const char *filter,
                             const char *options)
{
    memset(w, 0, sizeof *w);
    struct archive *a = archive_write_new();
    assert_non_null(a);
    assert_int_equal(archive_write_set_format_by_name(a, format), ARCHIVE_OK);
    if (filter)
        assert_int_equal(archive_write_add_filter_by_name(a, filter), ARCHIVE_OK);
    if (options) {
        assert_int_equal(archive_write_set_options(a, options), ARCHIVE_OK);
        if (strstr(options, "encryption"))
            assert_int_equal(archive_write_set_passphrase(a, "secret"), ARCHIVE_OK);
    }
    archive_write_set_bytes_in_last_block(a, 1);
    assert_int_equal(archive_write_open(a, w, NULL, tu_buf_write, NULL), ARCHIVE_OK);
    return a;
}

/* A regular file, dated 2026-11-24 09:00 UTC. */
static void wadd(struct archive *a, const char *name, const void *data, size_t len)
{
    tu_archive_add(a, name, data, len, 1795510800);
}

static void wadd_zeros(struct archive *a, const char *name, size_t len)
{
    static const char zeros[1 << 16];
    tu_archive_header(a, name, len, 0);
    for (size_t done = 0; done < len; done += sizeof zeros)
        archive_write_data(a, zeros, len - done < sizeof zeros ? len - done : sizeof zeros);
}

static void wadd_other(struct archive *a, const char *name, unsigned type,
                       const char *target)
{
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, name);
    archive_entry_set_filetype(e, type);
    archive_entry_set_perm(e, 0755);
    if (target)
        archive_entry_set_symlink(e, target);
    archive_entry_set_size(e, target ? (la_int64_t)strlen(target) : 0); /* cpio wants it */
    assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
    archive_entry_free(e);
}

static void wclose(struct archive *a)
{
    assert_int_equal(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
}

/* A zip holding one member. */
static tu_buf zip_of(const char *name, const void *data, size_t len)
{
    tu_buf w;
    struct archive *a = wopen(&w, "zip", NULL, NULL);
    wadd(a, name, data, len);
    wclose(a);
    return w;
}

static const char kehoach[] = "Số: 45/KH-UBND\nTỐI MẬT\nKế hoạch kiểm tra năm 2026.\n";
static const char ghichu[] = "Ghi chú cuộc họp: không có nội dung mật.\n";

/* ------------------------------------------------- tool-made fixtures -- */

static void zip_members_come_out_by_path_and_directories_do_not(void **state)
{
    (void)state;
    run_fixture("docs.zip", 0);
    assert_int_equal(stub.nfile, 2);
    assert_file_str(0, "kehoach.txt", kehoach);
    assert_file_str(1, "thư mục/ghi chú.txt", ghichu);
    assert_int_equal(stub.nunscanned, 0);
    assert_string_equal(stub.corrupt, "");
}

static void tar_gz_is_read_through_its_filter(void **state)
{
    (void)state;
    run_fixture("docs.tar.gz", 0);
    assert_int_equal(stub.nfile, 2);
    assert_file_str(0, "kehoach.txt", kehoach);
    assert_file_str(1, "thư mục/ghi chú.txt", ghichu);
    assert_int_equal(stub.nunscanned, 0);
}

static void gzip_file_is_one_member_named_from_its_header(void **state)
{
    (void)state;
    run_fixture("note.txt.gz", 0);
    assert_int_equal(stub.nfile, 1);
    assert_file_str(0, "note.txt", "MẬT\nBiên bản họp ngày 20/11/2026.\n");
    assert_int_equal(stub.nunscanned, 0);
}

static void a_stream_given_a_byte_at_a_time_gives_the_same_members(void **state)
{
    (void)state;
    run_fixture("docs.tar.gz", 1);
    assert_int_equal(stub.nfile, 2);
    assert_file_str(1, "thư mục/ghi chú.txt", ghichu);
    run_fixture("note.txt.gz", 1);
    assert_int_equal(stub.nfile, 1);
    assert_string_equal(stub.file[0].name, "note.txt");
    run_fixture("docs.zip", 7);
    assert_int_equal(stub.nfile, 2);
    assert_file_str(0, "kehoach.txt", kehoach);
}

static void nested_zip_is_handed_on_whole_and_unwraps_level_by_level(void **state)
{
    (void)state;
    run_fixture("nested.zip", 0);
    assert_int_equal(stub.nfile, 1);
    assert_string_equal(stub.file[0].name, "l2.zip");
    /* The scanner would dispatch the member back here one level deeper. */
    const char *want[] = {"l3.zip", "inner.txt"};
    for (int level = 0; level < 2; level++) {
        size_t n = stub.file[0].len;
        unsigned char *inner = malloc(n);
        assert_non_null(inner);
        memcpy(inner, stub.file[0].data, n);
        doc_ctx *c = stub_reset();
        expect_rc(extract(c, inner, n, 0), DOC_OK);
        free(inner);
        assert_int_equal(stub.nfile, 1);
        assert_string_equal(stub.file[0].name, want[level]);
    }
    assert_file_str(0, "inner.txt", "TUYỆT MẬT\nNội dung lớp trong cùng.\n");
}

static void encrypted_member_is_reported_and_the_others_read(void **state)
{
    (void)state;
    run_fixture("secret.zip", 0);
    assert_int_equal(stub.nfile, 1);
    assert_file_str(0, "readme.txt", "Danh sách đơn vị.\n");
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "encrypted member secret.docx");
}

/* ------------------------------------------------ formats and filters -- */

static void every_format_and_filter_gives_its_files_and_only_them(void **state)
{
    (void)state;
    static const char *formats[] = {"ustar", "pax", "gnutar", "v7tar", "cpio", "newc",
                                    "zip", "7zip"};
    static const char *filters[] = {NULL, "gzip", "bzip2", "xz", "lzma", "lzip",
                                    "zstd", "lz4", "compress"};
    for (size_t f = 0; f < sizeof formats / sizeof *formats; f++) {
        for (size_t g = 0; g < sizeof filters / sizeof *filters; g++) {
            int self = !strcmp(formats[f], "zip") || !strcmp(formats[f], "7zip");
            if (self && filters[g])
                continue; /* they compress their members themselves */
            tu_buf w;
            struct archive *a = wopen(&w, formats[f], filters[g], NULL);
            wadd_other(a, "dir", AE_IFDIR, NULL);
            wadd(a, "dir/a.txt", kehoach, strlen(kehoach));
            wadd_other(a, "dir/link", AE_IFLNK, "a.txt");
            wadd(a, "b.txt", "b\n", 2);
            wclose(a);
            doc_ctx *c = stub_reset();
            int rc = extract(c, w.p, w.n, 0);
            free(w.p);
            /* A zip keeps "this is a link" in its central directory only,
            ** which a stream reaches last: the link comes out as a file
            ** holding its target's name. */
            int zip = !strcmp(formats[f], "zip");
            if (rc != DOC_OK || stub.nfile != 2u + (zip ? 1 : 0) || stub.nunscanned)
                fail_msg("%s+%s: rc %d, %zu files, %zu unscanned (%s)", formats[f],
                         filters[g] ? filters[g] : "none", rc, stub.nfile,
                         stub.nunscanned, stub.nunscanned ? stub.unscanned[0] : stub.corrupt);
            assert_file_str(0, "dir/a.txt", kehoach);
            if (zip)
                assert_file_str(1, "dir/link", "a.txt");
            assert_file_str(1u + (zip ? 1 : 0), "b.txt", "b\n");
        }
    }
}

static void compressed_file_without_a_name_is_called_decompressed(void **state)
{
    (void)state;
    static const char *filters[] = {"bzip2", "xz", "zstd"};
    for (size_t g = 0; g < 3; g++) {
        tu_buf w;
        struct archive *a = wopen(&w, "raw", filters[g], NULL);
        wadd(a, "ignored", kehoach, strlen(kehoach));
        wclose(a);
        doc_ctx *c = stub_reset();
        expect_rc(extract(c, w.p, w.n, 0), DOC_OK);
        free(w.p);
        assert_int_equal(stub.nfile, 1);
        assert_file_str(0, "<decompressed>", kehoach);
    }
}

/* ------------------------------------------------------ broken input -- */

static void bytes_that_are_no_archive_are_corrupt(void **state)
{
    (void)state;
    doc_ctx *c = stub_reset();
    const char *junk = "PK this is not really a zip file at all, just text\n";
    expect_rc(extract(c, junk, strlen(junk), 0), DOC_CORRUPT);
    assert_string_equal(stub.corrupt, "corrupt zip: Unrecognized archive format");
    assert_int_equal(stub.nfile, 0);
}

static void zip_cut_in_its_first_header_is_corrupt(void **state)
{
    (void)state;
    size_t n;
    unsigned char *b = tu_fixture("archive", "docs.zip", &n);
    doc_ctx *c = stub_reset();
    expect_rc(extract(c, b, 20, 0), DOC_CORRUPT);
    free(b);
    assert_string_equal(stub.corrupt, "corrupt zip: Truncated ZIP file header");
    assert_int_equal(stub.nfile, 0);
}

static void zip_cut_midway_keeps_what_was_read_and_names_the_broken_member(void **state)
{
    (void)state;
    size_t n;
    unsigned char *b = tu_fixture("archive", "docs.zip", &n);
    /* The last member's data starts after its 30-byte header and name. */
    const unsigned char *last = NULL;
    for (size_t i = 0; i + 4 <= n; i++)
        if (!memcmp(b + i, "PK\3\4", 4))
            last = b + i;
    assert_non_null(last);
    size_t cut = (size_t)(last - b) + 30 + strlen("thư mục/ghi chú.txt") + 10;
    doc_ctx *c = stub_reset();
    expect_rc(extract(c, b, cut, 0), DOC_OK);
    free(b);
    assert_int_equal(stub.nfile, 2);
    assert_file_str(0, "kehoach.txt", kehoach);
    /* libarchive gives nothing of a stored member it cannot finish. */
    assert_string_equal(stub.file[1].name, "thư mục/ghi chú.txt");
    assert_true(stub.file[1].len <= 10);
    assert_memory_equal(stub.file[1].data, ghichu, stub.file[1].len);
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "member thư mục/ghi chú.txt: Truncated ZIP file data");
}

static void gzip_cut_midway_gives_the_text_so_far_and_says_so(void **state)
{
    (void)state;
    static char big[300000];
    uint32_t r = 12345;
    for (size_t i = 0; i < sizeof big; i++) { /* letters gzip cannot shrink much */
        r = r * 1103515245u + 12345u;
        big[i] = (char)('a' + (r >> 16) % 26);
    }
    tu_buf w;
    struct archive *a = wopen(&w, "raw", "gzip", NULL);
    wadd(a, "x", big, sizeof big);
    wclose(a);
    doc_ctx *c = stub_reset();
    expect_rc(extract(c, w.p, w.n / 2, 0), DOC_OK);
    assert_int_equal(stub.nfile, 1);
    assert_true(stub.file[0].len > 0 && stub.file[0].len < sizeof big);
    assert_memory_equal(stub.file[0].data, big, stub.file[0].len);
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "member <decompressed>: truncated gzip input");

    /* Cut before libarchive's gzip reader has handed on its first 64 KiB
    ** block: nothing can be read. */
    c = stub_reset();
    expect_rc(extract(c, w.p, 2000, 0), DOC_CORRUPT);
    free(w.p);
    assert_string_equal(stub.corrupt, "corrupt gzip: truncated gzip input");
}

static void a_read_error_in_the_stream_is_reported_after_the_last_member(void **state)
{
    (void)state;
    tu_buf w;
    struct archive *a = wopen(&w, "ustar", NULL, NULL);
    wadd(a, "a.txt", "a\n", 2);
    char pad[4000];
    memset(pad, 'p', sizeof pad);
    wadd(a, "b.txt", pad, sizeof pad);
    wclose(a);
    doc_ctx *c = stub_reset();
    mreader m = {w.p, w.n, 0, 512, 1536}; /* a.txt whole, b.txt cut */
    expect_rc(archive_extract(c, mread, &m), DOC_OK);
    free(w.p);
    assert_int_equal(stub.nfile, 2);
    assert_file_str(0, "a.txt", "a\n");
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "member b.txt: read error");
}

static void zip_encrypted_by_libarchive_is_reported_per_member(void **state)
{
    (void)state;
    tu_buf w;
    struct archive *a = wopen(&w, "zip", NULL, "zip:encryption=zipcrypt");
    wadd(a, "secret.docx", kehoach, strlen(kehoach));
    wadd(a, "second.txt", ghichu, strlen(ghichu));
    wclose(a);
    doc_ctx *c = stub_reset();
    expect_rc(extract(c, w.p, w.n, 0), DOC_OK);
    free(w.p);
    assert_int_equal(stub.nfile, 0);
    assert_int_equal(stub.nunscanned, 2);
    assert_string_equal(stub.unscanned[0], "encrypted member secret.docx");
    assert_string_equal(stub.unscanned[1], "encrypted member second.txt");
}

/* ----------------------------------------------------------- limits -- */

static void zip_bomb_member_is_cut_at_the_ratio_and_the_next_one_read(void **state)
{
    (void)state;
    tu_buf w;
    struct archive *a = wopen(&w, "zip", NULL, NULL);
    wadd_zeros(a, "bomb.txt", 100 << 20);
    wadd(a, "after.txt", "TỐI MẬT\n", strlen("TỐI MẬT\n"));
    wclose(a);
    assert_true(w.n < 200 << 10); /* 100 MB of zeros in about 100 KB */
    doc_ctx *c = stub_reset();
    expect_rc(extract(c, w.p, w.n, 0), DOC_OK);
    free(w.p);
    assert_int_equal(stub.nfile, 2);
    /* Cut past 250 * 4 KiB, within a few blocks of it. */
    assert_string_equal(stub.file[0].name, "bomb.txt");
    assert_true(stub.file[0].len > 250 * 4096 && stub.file[0].len < (4 << 20));
    for (size_t i = 0; i < stub.file[0].len; i++)
        if (stub.file[0].data[i])
            fail_msg("byte %zu of the bomb is not zero", i);
    assert_file_str(1, "after.txt", "TỐI MẬT\n");
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "compression ratio of bomb.txt > 250");
}

static void bomb_too_big_to_skip_ends_the_archive_with_a_reason(void **state)
{
    (void)state;
    /* At ratio 2 a member may give 8 KiB, and 2 MiB more to get past it. */
    tu_buf w;
    struct archive *a = wopen(&w, "gnutar", "gzip", NULL);
    wadd_zeros(a, "bomb.bin", 16 << 20);
    wadd(a, "after.txt", "x\n", 2);
    wclose(a);
    doc_ctx *c = stub_reset();
    c->lim.max_ratio = 2;
    expect_rc(extract(c, w.p, w.n, 0), DOC_OK);
    free(w.p);
    assert_int_equal(stub.nfile, 1);
    assert_string_equal(stub.file[0].name, "bomb.bin");
    assert_int_equal(stub.nunscanned, 2);
    assert_string_equal(stub.unscanned[0], "compression ratio of bomb.bin > 2");
    assert_string_equal(stub.unscanned[1],
                        "members after bomb.bin not scanned: more than 2 MiB of it left to decompress");
}

static void gzip_bomb_is_cut_at_the_ratio(void **state)
{
    (void)state;
    static char bomb[50 << 20];
    memcpy(bomb, "TỐI MẬT\n", strlen("TỐI MẬT\n"));
    tu_buf w;
    struct archive *a = wopen(&w, "raw", "gzip", NULL);
    wadd(a, "x", bomb, sizeof bomb);
    wclose(a);
    doc_ctx *c = stub_reset();
    expect_rc(extract(c, w.p, w.n, 0), DOC_OK);
    free(w.p);
    assert_int_equal(stub.nfile, 1);
    assert_true(stub.file[0].len > 250 * 4096 && stub.file[0].len < (4 << 20));
    assert_memory_equal(stub.file[0].data, bomb, stub.file[0].len);
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "compression ratio of <decompressed> > 250");
}

static void compressed_zeros_read_as_an_empty_tar_are_not_passed_as_clean(void **state)
{
    (void)state;
    /* Two zero blocks are a tar's end marker: a compressed file starting
    ** with them reads as an empty tar, whatever follows. */
    static char data[4096];
    memcpy(data + 1024, "TỐI MẬT\n", strlen("TỐI MẬT\n"));
    tu_buf w;
    struct archive *a = wopen(&w, "raw", "xz", NULL);
    wadd(a, "x", data, sizeof data);
    wclose(a);
    doc_ctx *c = stub_reset();
    expect_rc(extract(c, w.p, w.n, 0), DOC_OK);
    free(w.p);
    assert_int_equal(stub.nfile, 0);
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "compressed data read as an empty tar archive: not scanned");
}

static void a_thousand_tiny_members_are_each_seen(void **state)
{
    (void)state;
    tu_buf w;
    struct archive *a = wopen(&w, "zip", NULL, NULL);
    for (int i = 0; i < 1000; i++) {
        char name[32], body[32];
        snprintf(name, sizeof name, "m%04d.txt", i);
        snprintf(body, sizeof body, "member %d", i);
        wadd(a, name, body, strlen(body));
    }
    wclose(a);
    doc_ctx *c = stub_reset();
    expect_rc(extract(c, w.p, w.n, 0), DOC_OK);
    free(w.p);
    assert_int_equal(stub.nfile, 1000);
    for (int i = 0; i < 1000; i++) {
        char name[32], body[32];
        snprintf(name, sizeof name, "m%04d.txt", i);
        snprintf(body, sizeof body, "member %d", i);
        assert_file_str((size_t)i, name, body);
    }
    assert_int_equal(stub.nunscanned, 0);
}

static tu_buf tiny_members(int n)
{
    tu_buf w;
    struct archive *a = wopen(&w, "ustar", NULL, NULL);
    for (int i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "m%05d", i);
        wadd(a, name, "x", 1);
    }
    wclose(a);
    return w;
}

static void members_past_the_limit_are_reported_once(void **state)
{
    (void)state;
    tu_buf w = tiny_members(150);
    doc_ctx *c = stub_reset();
    c->lim.max_members = 100;
    expect_rc(extract(c, w.p, w.n, 0), DOC_OK);
    free(w.p);
    assert_int_equal(stub.nfile, 100);
    assert_string_equal(stub.file[99].name, "m00099");
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "more than 100 members: the rest not scanned");
}

static void ten_thousand_and_one_members_meet_the_default_limit(void **state)
{
    (void)state;
    tu_buf w = tiny_members(10001);
    doc_ctx *c = stub_reset();
    expect_rc(extract(c, w.p, w.n, 0), DOC_OK);
    free(w.p);
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "more than 10000 members: the rest not scanned");
}

static void exactly_the_limit_is_not_over_it(void **state)
{
    (void)state;
    tu_buf w = tiny_members(100);
    doc_ctx *c = stub_reset();
    c->lim.max_members = 100;
    expect_rc(extract(c, w.p, w.n, 0), DOC_OK);
    free(w.p);
    assert_int_equal(stub.nfile, 100);
    assert_int_equal(stub.nunscanned, 0);
}

static void twenty_levels_of_zip_unwrap_to_the_secret(void **state)
{
    (void)state;
    const char *secret = "TỐI MẬT\nlớp thứ 20\n";
    tu_buf w = zip_of("secret.txt", secret, strlen(secret));
    for (int level = 20; level >= 1; level--) {
        char name[32];
        snprintf(name, sizeof name, "level%02d.zip", level);
        tu_buf outer = zip_of(name, w.p, w.n);
        free(w.p);
        w = outer;
    }
    unsigned char *cur = w.p;
    size_t n = w.n;
    for (int level = 1; level <= 21; level++) {
        doc_ctx *c = stub_reset();
        c->depth = (unsigned)level - 1;
        expect_rc(extract(c, cur, n, 0), DOC_OK);
        free(cur);
        assert_int_equal(stub.nfile, 1);
        assert_int_equal(stub.nunscanned, 0);
        char name[32];
        snprintf(name, sizeof name, "level%02d.zip", level);
        assert_string_equal(stub.file[0].name, level <= 20 ? name : "secret.txt");
        n = stub.file[0].len;
        cur = malloc(n);
        assert_non_null(cur);
        memcpy(cur, stub.file[0].data, n);
    }
    assert_int_equal(n, strlen(secret));
    assert_memory_equal(cur, secret, n);
    free(cur);
}

static void stop_flag_ends_extraction_before_any_member(void **state)
{
    (void)state;
    size_t n;
    unsigned char *b = tu_fixture("archive", "docs.zip", &n);
    doc_ctx *c = stub_reset();
    c->stop = 1;
    expect_rc(extract(c, b, n, 0), DOC_OK);
    free(b);
    assert_int_equal(stub.nfile, 0);
}

static void extracted_bytes_budget_cuts_the_member_and_stops(void **state)
{
    (void)state;
    tu_buf w;
    struct archive *a = wopen(&w, "ustar", "gzip", NULL);
    char big[300000];
    memset(big, 'a', sizeof big);
    wadd(a, "big.txt", big, sizeof big);
    wadd(a, "next.txt", "n", 1);
    wclose(a);
    doc_ctx *c = stub_reset();
    c->lim.max_extracted = 100000;
    expect_rc(extract(c, w.p, w.n, 0), DOC_OK);
    free(w.p);
    assert_int_equal(c->stop, 1);
    assert_int_equal(stub.nfile, 1);
    assert_true(stub.file[0].len <= 100000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(zip_members_come_out_by_path_and_directories_do_not),
        cmocka_unit_test(tar_gz_is_read_through_its_filter),
        cmocka_unit_test(gzip_file_is_one_member_named_from_its_header),
        cmocka_unit_test(a_stream_given_a_byte_at_a_time_gives_the_same_members),
        cmocka_unit_test(nested_zip_is_handed_on_whole_and_unwraps_level_by_level),
        cmocka_unit_test(encrypted_member_is_reported_and_the_others_read),
        cmocka_unit_test(every_format_and_filter_gives_its_files_and_only_them),
        cmocka_unit_test(compressed_file_without_a_name_is_called_decompressed),
        cmocka_unit_test(bytes_that_are_no_archive_are_corrupt),
        cmocka_unit_test(zip_cut_in_its_first_header_is_corrupt),
        cmocka_unit_test(zip_cut_midway_keeps_what_was_read_and_names_the_broken_member),
        cmocka_unit_test(gzip_cut_midway_gives_the_text_so_far_and_says_so),
        cmocka_unit_test(a_read_error_in_the_stream_is_reported_after_the_last_member),
        cmocka_unit_test(zip_encrypted_by_libarchive_is_reported_per_member),
        cmocka_unit_test(zip_bomb_member_is_cut_at_the_ratio_and_the_next_one_read),
        cmocka_unit_test(bomb_too_big_to_skip_ends_the_archive_with_a_reason),
        cmocka_unit_test(gzip_bomb_is_cut_at_the_ratio),
        cmocka_unit_test(compressed_zeros_read_as_an_empty_tar_are_not_passed_as_clean),
        cmocka_unit_test(a_thousand_tiny_members_are_each_seen),
        cmocka_unit_test(members_past_the_limit_are_reported_once),
        cmocka_unit_test(ten_thousand_and_one_members_meet_the_default_limit),
        cmocka_unit_test(exactly_the_limit_is_not_over_it),
        cmocka_unit_test(twenty_levels_of_zip_unwrap_to_the_secret),
        cmocka_unit_test(stop_flag_ends_extraction_before_any_member),
        cmocka_unit_test(extracted_bytes_budget_cuts_the_member_and_stops),
    };
    return cmocka_run_group_tests(tests, stub_setup, stub_setup);
}

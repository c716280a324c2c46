/*
** 2026-11-25
**
** test_doc.c: documents through the public API: type detection, nesting and
** its limit, locations through containers, streaming of large members, the
** extracted-bytes and time budgets, and unreadable inputs. Archives and mails
** are built here at test time with libarchive and by hand.
*/
#include "testutil.h"

static domat_engine *eng;

static int setup(void **state)
{
    (void)state;
    const char *dirs[] = {DOMAT_DICTDIR};
    return domat_open_engine(&eng, dirs, 1, NULL, NULL) == DOMAT_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    domat_free_engine(eng);
    return 0;
}

static const char *STAMPED = "UBND XÃ AN BÌNH\nSố: 12/KH-UBND\nTỐI MẬT\n\nKẾ HOẠCH\n";
static const char *CLEAN = "Thông báo lịch tiếp công dân tháng 12.\n";

/* An archive (zip or gzipped tar) of n members given as name/data pairs. */
static tu_buf make_archive(int zip, size_t n, const char *const *names,
                           const void *const *data, const size_t *lens)
{
    tu_buf b = {0};
    struct archive *a = archive_write_new();
    if (zip) {
        archive_write_set_format_zip(a);
    } else {
        archive_write_set_format_pax_restricted(a);
        archive_write_add_filter_gzip(a);
    }
    archive_write_set_bytes_in_last_block(a, 1);
    assert_int_equal(archive_write_open(a, &b, NULL, tu_buf_write, NULL), ARCHIVE_OK);
    for (size_t i = 0; i < n; i++)
        tu_archive_add(a, names[i], data[i], lens[i], 0);
    archive_write_close(a);
    archive_write_free(a);
    return b;
}

static tu_buf zip1(const char *name, const void *data, size_t len)
{
    const char *names[] = {name};
    const void *datas[] = {data};
    size_t lens[] = {len};
    return make_archive(1, 1, names, datas, lens);
}

static domat_result *scan(domat_scanner *sc, const void *p, size_t n)
{
    domat_input in = {"input", DOMAT_CONTENT_AUTO, NULL};
    domat_result *r = NULL;
    assert_int_equal(domat_scan_buffer(sc, p, n, &in, &r), DOMAT_OK);
    return r;
}

static char *json(const domat_result *r)
{
    char *s = NULL;
    domat_render_result(r, DOMAT_FORMAT_JSON, &s, NULL);
    return s;
}

static void expect_verdict(const domat_result *r, domat_verdict v)
{
    if (domat_result_verdict(r) != v) {
        char *s = json(r);
        fail_msg("want %s, got %s", domat_verdict_name(v), s);
    }
}

static int has_unscanned(const domat_result *r, const char *needle)
{
    for (size_t i = 0; i < domat_result_unscanned(r); i++)
        if (strstr(domat_result_unscanned_reason(r, i), needle))
            return 1;
    return 0;
}

static void stamp_in_a_zip_member_is_found_with_its_location(void **state)
{
    (void)state;
    domat_scanner *sc = NULL;
    assert_int_equal(domat_new_scanner(&sc, eng, NULL), DOMAT_OK);
    const char *names[] = {"thong-bao.txt", "ke-hoach.txt"};
    const void *datas[] = {CLEAN, STAMPED};
    size_t lens[] = {strlen(CLEAN), strlen(STAMPED)};
    tu_buf z = make_archive(1, 2, names, datas, lens);
    domat_result *r = scan(sc, z.p, z.n);
    expect_verdict(r, DOMAT_BLOCK);
    assert_string_equal(domat_result_type(r), "archive");
    const domat_finding *f = tu_find(r, "stamp.toi-mat");
    assert_non_null(f);
    assert_string_equal(f->part, "ke-hoach.txt");
    assert_int_equal(f->line, 3);
    assert_int_equal(f->offset, (uint64_t)(strstr(STAMPED, "TỐI") - STAMPED));
    char *s = json(r);
    assert_non_null(strstr(s, "\"location\": \"input > ke-hoach.txt line 3\""));
    free(s);
    domat_free_result(r);
    free(z.p);
    /* A clean archive is allowed. */
    z = zip1("a.txt", CLEAN, strlen(CLEAN));
    r = scan(sc, z.p, z.n);
    expect_verdict(r, DOMAT_ALLOW);
    domat_free_result(r);
    free(z.p);
    domat_free_scanner(sc);
}

static void nested_archives_name_every_level(void **state)
{
    (void)state;
    domat_scanner *sc = NULL;
    assert_int_equal(domat_new_scanner(&sc, eng, NULL), DOMAT_OK);
    tu_buf inner = zip1("bao-cao.txt", STAMPED, strlen(STAMPED));
    const char *names[] = {"inner.zip"};
    const void *datas[] = {inner.p};
    size_t lens[] = {inner.n};
    tu_buf outer = make_archive(0, 1, names, datas, lens); /* tar.gz */
    domat_result *r = scan(sc, outer.p, outer.n);
    expect_verdict(r, DOMAT_BLOCK);
    const domat_finding *f = tu_find(r, "stamp.toi-mat");
    assert_non_null(f);
    assert_string_equal(f->part, "inner.zip > bao-cao.txt");
    domat_free_result(r);
    free(inner.p);
    free(outer.p);
    domat_free_scanner(sc);
}

static void nesting_past_the_depth_limit_is_reviewed(void **state)
{
    (void)state;
    domat_limits lim;
    domat_limits_default(&lim);
    lim.max_depth = 3;
    domat_scanner *sc = NULL;
    assert_int_equal(domat_new_scanner(&sc, eng, &lim), DOMAT_OK);
    tu_buf b = zip1("x.txt", STAMPED, strlen(STAMPED));
    for (int i = 0; i < 5; i++) {
        tu_buf n = zip1("level.zip", b.p, b.n);
        free(b.p);
        b = n;
    }
    domat_result *r = scan(sc, b.p, b.n);
    expect_verdict(r, DOMAT_REVIEW);
    assert_true(has_unscanned(r, "recursion depth 4 > 3"));
    domat_free_result(r);
    free(b.p);
    domat_free_scanner(sc);
}

static void large_member_is_streamed_and_found_at_its_end(void **state)
{
    (void)state;
    domat_scanner *sc = NULL;
    assert_int_equal(domat_new_scanner(&sc, eng, NULL), DOMAT_OK);
    /* Words drawn at random, so it compresses like text (a few times), not
    ** like a bomb. */
    static const char *words[] = {"công", "tác", "năm", "kế", "hoạch", "xã",
                                  "tỉnh", "báo", "cáo", "dân", "số", "việc"};
    size_t n = 8u << 20, k = 0;
    char *big = malloc(n + 64);
    uint32_t x = 1;
    while (k < n - 16) {
        x = x * 1103515245u + 12345u;
        const char *w = words[(x >> 16) % 12];
        size_t wl = strlen(w);
        memcpy(big + k, w, wl);
        k += wl;
        big[k++] = (x >> 8) % 13 ? ' ' : '\n';
    }
    while (k < n)
        big[k++] = '\n';
    strcpy(big + n, "\nTUYỆT MẬT\n");
    size_t len = n + strlen(big + n);
    tu_buf z = zip1("lon.txt", big, len);
    domat_result *r = scan(sc, z.p, z.n);
    expect_verdict(r, DOMAT_BLOCK);
    const domat_finding *f = tu_find(r, "stamp.tuyet-mat");
    assert_non_null(f);
    assert_int_equal(f->offset, n + 1);
    domat_free_result(r);
    free(z.p);
    free(big);
    domat_free_scanner(sc);
}

static void extracted_bytes_budget_stops_with_a_reason(void **state)
{
    (void)state;
    domat_limits lim;
    domat_limits_default(&lim);
    lim.max_extracted = 1000;
    domat_scanner *sc = NULL;
    assert_int_equal(domat_new_scanner(&sc, eng, &lim), DOMAT_OK);
    char text[4000];
    memset(text, 'a', sizeof text);
    tu_buf z = zip1("a.txt", text, sizeof text);
    domat_result *r = scan(sc, z.p, z.n);
    expect_verdict(r, DOMAT_REVIEW);
    assert_true(has_unscanned(r, "extracted bytes > limit 1000"));
    domat_free_result(r);
    free(z.p);
    domat_free_scanner(sc);
}

static void time_budget_stops_with_a_reason(void **state)
{
    (void)state;
    domat_limits lim;
    domat_limits_default(&lim);
    lim.max_time_ms = 1;
    lim.segment_bytes = 4096;
    domat_scanner *sc = NULL;
    assert_int_equal(domat_new_scanner(&sc, eng, &lim), DOMAT_OK);
    size_t n = 64u << 20;
    char *big = malloc(n);
    for (size_t i = 0; i < n; i += 32)
        memcpy(big + i, "Nội dung thường, không có gì.\n\n", 32);
    domat_result *r = scan(sc, big, n);
    expect_verdict(r, DOMAT_REVIEW);
    assert_true(has_unscanned(r, "time limit 1 ms reached"));
    domat_free_result(r);
    free(big);
    domat_free_scanner(sc);
}

static void mail_with_a_stamped_attachment_is_blocked(void **state)
{
    (void)state;
    domat_scanner *sc = NULL;
    assert_int_equal(domat_new_scanner(&sc, eng, NULL), DOMAT_OK);
    /* base64 of STAMPED, wrapped at 76 columns by the test itself. */
    static const char b64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *in = (const unsigned char *)STAMPED;
    size_t len = strlen(STAMPED);
    char enc[1024];
    size_t e = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < len) v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < len) v |= in[i + 2];
        enc[e++] = b64[(v >> 18) & 63];
        enc[e++] = b64[(v >> 12) & 63];
        enc[e++] = i + 1 < len ? b64[(v >> 6) & 63] : '=';
        enc[e++] = i + 2 < len ? b64[v & 63] : '=';
    }
    enc[e] = 0;
    char mail[4096];
    snprintf(mail, sizeof mail,
             "From: a@example.invalid\r\nTo: b@example.invalid\r\n"
             "Subject: =?UTF-8?B?S+G6vyBob+G6oWNo?=\r\nMIME-Version: 1.0\r\n"
             "Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n"
             "--XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
             "Gửi anh kế hoạch.\r\n"
             "--XX\r\nContent-Type: text/plain; name=\"ke-hoach.txt\"\r\n"
             "Content-Disposition: attachment; filename=\"ke-hoach.txt\"\r\n"
             "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n--XX--\r\n", enc);
    domat_result *r = scan(sc, mail, strlen(mail));
    expect_verdict(r, DOMAT_BLOCK);
    assert_string_equal(domat_result_type(r), "mail");
    const domat_finding *f = tu_find(r, "stamp.toi-mat");
    assert_non_null(f);
    assert_non_null(strstr(f->part, "ke-hoach.txt"));
    domat_free_result(r);
    domat_free_scanner(sc);
}

static void large_image_is_reported_unscanned_small_one_ignored(void **state)
{
    (void)state;
    domat_scanner *sc = NULL;
    assert_int_equal(domat_new_scanner(&sc, eng, NULL), DOMAT_OK);
    unsigned char png[40000];
    memset(png, 0x5A, sizeof png);
    static const char hdr[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0";
    memcpy(png, hdr, sizeof hdr - 1);
    domat_result *r = scan(sc, png, sizeof png);
    expect_verdict(r, DOMAT_REVIEW);
    assert_true(has_unscanned(r, "no text layer"));
    domat_free_result(r);
    r = scan(sc, png, 2000);
    expect_verdict(r, DOMAT_ALLOW);
    domat_free_result(r);
    domat_free_scanner(sc);
}

static void unreadable_top_level_document_is_an_error_not_allow(void **state)
{
    (void)state;
    domat_scanner *sc = NULL;
    assert_int_equal(domat_new_scanner(&sc, eng, NULL), DOMAT_OK);
    const char trunc_pdf[] = "%PDF-1.7\n1 0 obj << /Type /Catalog";
    domat_result *r = scan(sc, trunc_pdf, sizeof trunc_pdf - 1);
    assert_true(domat_result_verdict(r) == DOMAT_ERROR ||
                domat_result_verdict(r) == DOMAT_REVIEW);
    assert_true(domat_result_verdict(r) != DOMAT_ALLOW);
    domat_free_result(r);
    /* Inside an archive the same document is an unscanned part. */
    tu_buf z = zip1("hong.pdf", trunc_pdf, sizeof trunc_pdf - 1);
    r = scan(sc, z.p, z.n);
    expect_verdict(r, DOMAT_REVIEW);
    assert_true(has_unscanned(r, "hong.pdf"));
    domat_free_result(r);
    free(z.p);
    domat_free_scanner(sc);
}

static void file_scan_streams_a_pipe(void **state)
{
    (void)state;
    domat_scanner *sc = NULL;
    assert_int_equal(domat_new_scanner(&sc, eng, NULL), DOMAT_OK);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(write(fds[1], STAMPED, strlen(STAMPED)), (ssize_t)strlen(STAMPED));
    close(fds[1]);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fds[0]);
    domat_result *r = NULL;
    assert_int_equal(domat_scan_file(sc, path, NULL, &r), DOMAT_OK);
    expect_verdict(r, DOMAT_BLOCK);
    domat_free_result(r);
    close(fds[0]);
    domat_free_scanner(sc);
}

/* Every document fixture of every format, scanned through the public API as
** a user would: the verdict and level listed for it. */
static void document_fixtures_give_their_expected_verdicts(void **state)
{
    (void)state;
    domat_scanner *sc = NULL;
    assert_int_equal(domat_new_scanner(&sc, eng, NULL), DOMAT_OK);
    assert_true(tu_expected_verdicts(sc, "EXPECTED-documents.tsv", "", 0) >= 80);
    domat_free_scanner(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stamp_in_a_zip_member_is_found_with_its_location),
        cmocka_unit_test(nested_archives_name_every_level),
        cmocka_unit_test(nesting_past_the_depth_limit_is_reviewed),
        cmocka_unit_test(large_member_is_streamed_and_found_at_its_end),
        cmocka_unit_test(extracted_bytes_budget_stops_with_a_reason),
        cmocka_unit_test(time_budget_stops_with_a_reason),
        cmocka_unit_test(mail_with_a_stamped_attachment_is_blocked),
        cmocka_unit_test(large_image_is_reported_unscanned_small_one_ignored),
        cmocka_unit_test(unreadable_top_level_document_is_an_error_not_allow),
        cmocka_unit_test(file_scan_streams_a_pipe),
        cmocka_unit_test(document_fixtures_give_their_expected_verdicts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

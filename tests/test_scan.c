/*
** 2026-11-25
**
** test_scan.c: verdicts, levels and evidence through the public API with the
** shipped dictionaries: stamps against mentions, every encoding and
** obfuscation, HTML, segmenting, limits, organisation lists.
*/
#include "testutil.h"

static domat_engine *eng;

static int setup(void **state)
{
    (void)state;
    const char *dirs[] = {DOMAT_DICTDIR};
    if (domat_open_engine(&eng, dirs, 1, NULL, NULL) != DOMAT_OK) {
        fprintf(stderr, "%s\n", domat_last_error());
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    domat_free_engine(eng);
    return 0;
}

static domat_scanner *scanner(const domat_limits *lim)
{
    domat_scanner *sc = NULL;
    assert_int_equal(domat_new_scanner(&sc, eng, lim), DOMAT_OK);
    return sc;
}

/* Scan s (len 0 = strlen) and check verdict and level. */
static domat_result *expect(domat_scanner *sc, const char *s, size_t len,
                            domat_content ct, domat_verdict v, domat_level l)
{
    domat_result *r = tu_scan(sc, s, len, ct);
    if (domat_result_verdict(r) != v || domat_result_level(r) != l) {
        char *json = NULL;
        domat_render_result(r, DOMAT_FORMAT_JSON, &json, NULL);
        fail_msg("want %s/%s, got: %s", domat_verdict_name(v),
                 domat_level_name(l) ? domat_level_name(l) : "-", json);
    }
    return r;
}

static void check(domat_scanner *sc, const char *s, domat_verdict v, domat_level l)
{
    domat_free_result(expect(sc, s, 0, DOMAT_CONTENT_AUTO, v, l));
}

#define HEAD "UBND XÃ AN BÌNH\nSố: 12/KH-UBND\nV/v bảo đảm an ninh\n"

static void stamp_on_its_own_line_blocks_with_exact_evidence(void **state)
{
    (void)state;
    domat_scanner *sc = scanner(NULL);
    const char *doc = HEAD "TỐI MẬT\n\nKẾ HOẠCH\nNội dung kế hoạch.\n";
    domat_result *r = expect(sc, doc, 0, DOMAT_CONTENT_AUTO, DOMAT_BLOCK, DOMAT_LEVEL_TOI_MAT);
    const domat_finding *f = tu_find(r, "stamp.toi-mat");
    assert_non_null(f);
    assert_int_equal(f->kind, DOMAT_KIND_STAMP);
    assert_int_equal(f->offset, (uint64_t)(strstr(doc, "TỐI MẬT") - doc));
    assert_int_equal(f->length, strlen("TỐI MẬT"));
    assert_int_equal(f->line, 4);
    assert_int_equal(f->column, 1);
    assert_string_equal(f->snippet, "TỐI MẬT");
    assert_int_equal(f->confidence, DOMAT_CONF_HIGH);
    assert_null(tu_find(r, "stamp.mat")); /* the MẬT inside TỐI MẬT */
    domat_free_result(r);
    domat_free_scanner(sc);
}

static void each_level_is_reported_as_its_own(void **state)
{
    (void)state;
    domat_scanner *sc = scanner(NULL);
    check(sc, HEAD "TUYỆT MẬT\nNội dung.\n", DOMAT_BLOCK, DOMAT_LEVEL_TUYET_MAT);
    check(sc, HEAD "MẬT\nNội dung.\n", DOMAT_BLOCK, DOMAT_LEVEL_MAT);
    /* Two stamps: the highest level sets the result. */
    check(sc, HEAD "MẬT\n\nPhụ lục\nTUYỆT MẬT\n", DOMAT_BLOCK, DOMAT_LEVEL_TUYET_MAT);
    domat_free_scanner(sc);
}

static void mentions_in_prose_are_not_stamps(void **state)
{
    (void)state;
    domat_scanner *sc = scanner(NULL);
    check(sc, "Văn bản phải được đóng dấu \"MẬT\" theo quy định.\n", DOMAT_ALLOW, DOMAT_LEVEL_NONE);
    check(sc, "Tài liệu có độ Tối mật, Tuyệt mật phải được bảo quản.\n", DOMAT_ALLOW, DOMAT_LEVEL_NONE);
    check(sc, "BẢO VỆ BÍ MẬT NHÀ NƯỚC\n\nCông tác bảo vệ bí mật nhà nước.\n", DOMAT_ALLOW, DOMAT_LEVEL_NONE);
    check(sc, "Nghiêm cấm sao chụp tài liệu TỐI MẬT khi chưa được phép.\n", DOMAT_ALLOW, DOMAT_LEVEL_NONE);
    check(sc, "Đổi mật khẩu, kiểm tra mật độ, mua mật ong.\n", DOMAT_ALLOW, DOMAT_LEVEL_NONE);
    check(sc, "Các độ mật: Tuyệt mật, Tối mật, Mật.\n", DOMAT_ALLOW, DOMAT_LEVEL_NONE);
    check(sc, "Phân loại «MẬT» theo Mẫu 02.\n", DOMAT_ALLOW, DOMAT_LEVEL_NONE);
    domat_free_scanner(sc);
}

static void public_corpus_is_allowed(void **state)
{
    (void)state;
    domat_scanner *sc = scanner(NULL);
    const char *files[] = {"000_5782f3fa39a20fad.txt", "003_75f60942db784618.txt"};
    for (size_t i = 0; i < 2; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/tests/fixtures/public/%s", DOMAT_SRCDIR, files[i]);
        domat_result *r = NULL;
        assert_int_equal(domat_scan_file(sc, path, NULL, &r), DOMAT_OK);
        if (domat_result_verdict(r) != DOMAT_ALLOW) {
            char *json = NULL;
            domat_render_result(r, DOMAT_FORMAT_JSON, &json, NULL);
            fail_msg("public document not allowed: %s", json);
        }
        domat_free_result(r);
    }
    domat_free_scanner(sc);
}

static void title_case_alone_on_a_line_asks_for_review(void **state)
{
    (void)state;
    domat_scanner *sc = scanner(NULL);
    check(sc, HEAD "Tối mật\nNội dung.\n", DOMAT_REVIEW, DOMAT_LEVEL_TOI_MAT);
    domat_free_scanner(sc);
}

static void merged_header_columns_with_gaps_block(void **state)
{
    (void)state;
    domat_scanner *sc = scanner(NULL);
    check(sc, "UBND TỈNH X          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
              "Số: 12/BC-UBND        MẬT        Đà Nẵng, ngày 3 tháng 4 năm 2026\n",
          DOMAT_BLOCK, DOMAT_LEVEL_MAT);
    check(sc, "Số: 12/BC-UBND\tTỐI MẬT\tĐà Nẵng, ngày 3 tháng 4 năm 2026\n",
          DOMAT_BLOCK, DOMAT_LEVEL_TOI_MAT);
    /* Merged with single spaces: the stamp between the code and the place. */
    check(sc, "UBND TỈNH X CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
              "Số: 45/KH-UBND TỐI MẬT Hà Nội, ngày 5 tháng 3 năm 2026\n",
          DOMAT_BLOCK, DOMAT_LEVEL_TOI_MAT);
    /* ... but not a heading in capitals that happens to follow a code. */
    check(sc, "Số: 45/KH-UBND BẢO VỆ BÍ MẬT NHÀ NƯỚC\n", DOMAT_ALLOW, DOMAT_LEVEL_NONE);
    check(sc, "Số: 45/KH-UBND về tài liệu MẬT Hà Nội\n", DOMAT_ALLOW, DOMAT_LEVEL_NONE);
    domat_free_scanner(sc);
}

static void stamp_and_urgency_on_one_line_both_count(void **state)
{
    (void)state;
    domat_scanner *sc = scanner(NULL);
    domat_result *r = expect(sc, HEAD "TỐI MẬT - HỎA TỐC\n", 0, DOMAT_CONTENT_AUTO,
                             DOMAT_BLOCK, DOMAT_LEVEL_TOI_MAT);
    assert_non_null(tu_find(r, "stamp.toi-mat"));
    const domat_finding *u = tu_find(r, "urgency.hoa-toc");
    assert_non_null(u);
    assert_int_equal(u->kind, DOMAT_KIND_INFO);
    domat_free_result(r);
    /* An urgency mark alone never blocks: public storm warnings use it. */
    check(sc, HEAD "HỎA TỐC\nCông điện về ứng phó bão.\n", DOMAT_ALLOW, DOMAT_LEVEL_NONE);
    /* Old tone placement is the same mark. */
    r = expect(sc, HEAD "MẬT\nHOẢ TỐC\n", 0, DOMAT_CONTENT_AUTO, DOMAT_BLOCK, DOMAT_LEVEL_MAT);
    assert_non_null(tu_find(r, "urgency.hoa-toc"));
    domat_free_result(r);
    domat_free_scanner(sc);
}

static void unaccented_stamp_asks_for_review_with_its_level(void **state)
{
    (void)state;
    domat_scanner *sc = scanner(NULL);
    domat_result *r = expect(sc, "UBND XA AN BINH\nSo: 12/KH-UBND\nTOI MAT\nNoi dung.\n", 0,
                             DOMAT_CONTENT_AUTO, DOMAT_REVIEW, DOMAT_LEVEL_TOI_MAT);
    assert_int_equal(tu_find(r, "stamp.toi-mat")->line, 3);
    domat_free_result(r);
    /* Accented words that fold to the same letters are other words. */
    check(sc, HEAD "TỐI MẮT\n", DOMAT_ALLOW, DOMAT_LEVEL_NONE);
    check(sc, HEAD "Tối mắt\n", DOMAT_ALLOW, DOMAT_LEVEL_NONE);
    check(sc, "Anh ay bi mat mat khau\n", DOMAT_ALLOW, DOMAT_LEVEL_NONE);
    domat_free_scanner(sc);
}

static void obfuscated_stamps_still_block(void **state)
{
    (void)state;
    domat_scanner *sc = scanner(NULL);
    const char *spaced = HEAD "T Ố I   M Ậ T\n";
    domat_result *r = expect(sc, spaced, 0, DOMAT_CONTENT_AUTO, DOMAT_BLOCK, DOMAT_LEVEL_TOI_MAT);
    const domat_finding *f = tu_find(r, "stamp.toi-mat");
    assert_string_equal(f->snippet, "T Ố I   M Ậ T");
    assert_int_equal(f->offset, (uint64_t)(strstr(spaced, "T Ố") - spaced));
    domat_free_result(r);
    check(sc, HEAD "T Ố I M Ậ T\n", DOMAT_BLOCK, DOMAT_LEVEL_TOI_MAT);
    check(sc, HEAD "T.U.Y.Ệ.T M.Ậ.T\n", DOMAT_BLOCK, DOMAT_LEVEL_TUYET_MAT);
    check(sc, HEAD "TỐ\xe2\x80\x8bI M\xe2\x80\x8c" "ẬT\n", DOMAT_BLOCK, DOMAT_LEVEL_TOI_MAT);
    check(sc, HEAD "\xef\xbc\xad\xe1\xba\xac\xef\xbc\xb4\n", DOMAT_BLOCK, DOMAT_LEVEL_MAT); /* ＭẬＴ */
    check(sc, HEAD "╔═════════╗\n║ TỐI MẬT ║\n╚═════════╝\n", DOMAT_BLOCK, DOMAT_LEVEL_TOI_MAT);
    domat_free_scanner(sc);
}

static void nfd_text_blocks_and_points_at_original_bytes(void **state)
{
    (void)state;
    domat_scanner *sc = scanner(NULL);
    const char *doc = "Số: 1/KH\nMA\xcc\xa3\xcc\x82T\nx\n";
    domat_result *r = expect(sc, doc, 0, DOMAT_CONTENT_AUTO, DOMAT_BLOCK, DOMAT_LEVEL_MAT);
    const domat_finding *f = tu_find(r, "stamp.mat");
    assert_int_equal(f->offset, (uint64_t)(strstr(doc, "MA") - doc));
    assert_int_equal(f->length, 7);
    assert_int_equal(f->line, 2);
    domat_free_result(r);
    domat_free_scanner(sc);
}

static void legacy_encodings_are_decoded_and_named(void **state)
{
    (void)state;
    domat_scanner *sc = scanner(NULL);
    /* Windows-1258: tone marks are separate bytes (iconv -t CP1258). */
    const char cp1258[] = "S\xf4\xec: 12/KH-UBND\n" "T\xd4\xecI M\xc2\xf2T\n"
                          "K\xca\xec HO\x41\xf2\x43H c\xf4ng t\xe1\x63\n";
    domat_result *r = expect(sc, cp1258, 0, DOMAT_CONTENT_AUTO, DOMAT_BLOCK, DOMAT_LEVEL_TOI_MAT);
    assert_string_equal(domat_result_encoding(r), "cp1258");
    assert_int_equal(tu_find(r, "stamp.toi-mat")->offset, 16);
    domat_free_result(r);
    /* TCVN3 as typed in .VnTimeH, whose capitals reuse lowercase codes. */
    const char tcvn3[] = "S\xe8: 12/KH-UBND\n" "T\xe8I M\xcbT\n"
                         "\xb5o t\xb9o c\xb8n b\xe9 v\xb5 ng\xad\xeai lao \xae\xe9ng\n";
    r = expect(sc, tcvn3, 0, DOMAT_CONTENT_AUTO, DOMAT_BLOCK, DOMAT_LEVEL_TOI_MAT);
    assert_string_equal(domat_result_encoding(r), "tcvn3");
    domat_free_result(r);
    /* VNI: two bytes per accented letter, read as Windows-1252. */
    const char vni[] = "Soá: 12/KH-UBND\n" "TOÁI MAÄT\n"
                       "Keá hoaïch coâng taùc naêm 2026 cuûa xaõ\n";
    r = expect(sc, vni, 0, DOMAT_CONTENT_AUTO, DOMAT_BLOCK, DOMAT_LEVEL_TOI_MAT);
    assert_true(strstr(domat_result_encoding(r), "vni") != NULL);
    domat_free_result(r);
    /* UTF-16LE with BOM. */
    const char u16[] = "\xff\xfe" "S\0\xd1\x1e:\0 \0" "1\0\n\0" "M\0\xac\x1eT\0\n\0";
    r = expect(sc, u16, sizeof u16 - 1, DOMAT_CONTENT_AUTO, DOMAT_BLOCK, DOMAT_LEVEL_MAT);
    assert_string_equal(domat_result_encoding(r), "utf-16le");
    assert_int_equal(tu_find(r, "stamp.mat")->offset, 14);
    assert_int_equal(tu_find(r, "stamp.mat")->line, 2);
    domat_free_result(r);
    domat_free_scanner(sc);
}

static void html_stamps_in_blocks_and_cells_block(void **state)
{
    (void)state;
    domat_scanner *sc = scanner(NULL);
    const char *html = "<!DOCTYPE html><html><body><p>Số: 12/KH-UBND</p>"
                       "<table><tr><td>T&#7888;I M&#x1EAC;T</td><td>Hà Nội</td></tr></table>"
                       "<p>Nội dung.</p></body></html>";
    domat_result *r = expect(sc, html, 0, DOMAT_CONTENT_AUTO, DOMAT_BLOCK, DOMAT_LEVEL_TOI_MAT);
    const domat_finding *f = tu_find(r, "stamp.toi-mat");
    assert_int_equal(f->offset, (uint64_t)(strstr(html, "T&#7888;") - html));
    assert_int_equal(f->length, strlen("T&#7888;I M&#x1EAC;T"));
    assert_string_equal(f->snippet, "TỐI MẬT");
    domat_free_result(r);
    check(sc, "<html><body><script>var s = 'TỐI MẬT';</script><p>Thông báo.</p></body></html>",
          DOMAT_ALLOW, DOMAT_LEVEL_NONE);
    check(sc, "<html><body><p>Tài liệu <b>TỐI MẬT</b> phải được bảo quản.</p></body></html>",
          DOMAT_ALLOW, DOMAT_LEVEL_NONE);
    check(sc, "<div>Số: 1/TB</div><div>MẬT</div><div>Nội dung</div>",
          DOMAT_BLOCK, DOMAT_LEVEL_MAT);
    domat_free_scanner(sc);
}

static void declassified_document_is_reported_not_blocked(void **state)
{
    (void)state;
    domat_scanner *sc = scanner(NULL);
    domat_result *r = expect(sc, HEAD "MẬT\nGIẢI MẬT\nTừ: 01/3/2026\n", 0,
                             DOMAT_CONTENT_AUTO, DOMAT_REVIEW, DOMAT_LEVEL_MAT);
    const domat_finding *f = tu_find(r, "stamp.giai-mat");
    assert_non_null(f);
    assert_int_equal(f->kind, DOMAT_KIND_DECLASSIFIED);
    domat_free_result(r);
    domat_free_scanner(sc);
}

/* A document larger than many segments: lines and offsets stay exact. */
static void segments_keep_lines_offsets_and_phrases_across_cuts(void **state)
{
    (void)state;
    domat_limits lim;
    domat_limits_default(&lim);
    lim.segment_bytes = 4096;
    domat_scanner *sc = scanner(&lim);
    size_t cap = 200000, n = 0;
    char *doc = malloc(cap);
    const char *filler = "Công tác bảo vệ bí mật nhà nước được triển khai đồng bộ.\n";
    unsigned lines = 0;
    while (n + 200 < cap / 2) {
        memcpy(doc + n, filler, strlen(filler));
        n += strlen(filler);
        lines++;
    }
    size_t at = n;
    n += (size_t)sprintf(doc + n, "TUYỆT MẬT\n");
    while (n + 200 < cap) {
        memcpy(doc + n, filler, strlen(filler));
        n += strlen(filler);
    }
    domat_result *r = expect(sc, doc, n, DOMAT_CONTENT_AUTO, DOMAT_BLOCK, DOMAT_LEVEL_TUYET_MAT);
    const domat_finding *f = tu_find(r, "stamp.tuyet-mat");
    assert_int_equal(f->offset, at);
    assert_int_equal(f->line, lines + 1);
    assert_int_equal(domat_result_findings(r), 1); /* reported once */
    domat_free_result(r);
    /* Every possible cut position relative to the stamp line. */
    for (size_t pad = 0; pad < 300; pad += 7) {
        n = 0;
        memset(doc, 'x', pad);
        n = pad;
        doc[n++] = '\n';
        while (n < 4096 * 3 - 40) {
            memcpy(doc + n, "abc def\n", 8);
            n += 8;
        }
        n += (size_t)sprintf(doc + n, "MẬT\nabc\n");
        r = expect(sc, doc, n, DOMAT_CONTENT_AUTO, DOMAT_BLOCK, DOMAT_LEVEL_MAT);
        assert_int_equal(domat_result_findings(r), 1);
        domat_free_result(r);
    }
    free(doc);
    domat_free_scanner(sc);
}

/* HTML state runs across segment cuts; evidence offsets must stay exact. */
static void html_cut_anywhere_keeps_exact_offsets(void **state)
{
    (void)state;
    domat_limits lim;
    domat_limits_default(&lim);
    lim.segment_bytes = 4096;
    domat_scanner *sc = scanner(&lim);
    char *doc = malloc(20000);
    for (size_t pad = 0; pad < 64; pad += 3) {
        size_t n = (size_t)sprintf(doc, "<html><body>");
        memset(doc + n, ' ', pad);
        n += pad;
        while (n < 3900)
            n += (size_t)sprintf(doc + n, "<p class=\"x\"\n>Nội dung</p>\n");
        size_t at = n + strlen("<div>Số: 1/TB</div><div>");
        n += (size_t)sprintf(doc + n, "<div>Số: 1/TB</div><div>T&#7888;I M&#x1EAC;T</div>\n");
        while (n < 9000)
            n += (size_t)sprintf(doc + n, "<p>Nội dung</p>\n");
        domat_input in = {"x.html", DOMAT_CONTENT_HTML, NULL};
        domat_result *r = NULL;
        assert_int_equal(domat_scan_buffer(sc, doc, n, &in, &r), DOMAT_OK);
        assert_int_equal(domat_result_verdict(r), DOMAT_BLOCK);
        const domat_finding *f = tu_find(r, "stamp.toi-mat");
        assert_non_null(f);
        assert_int_equal(f->offset, at);
        assert_int_equal(f->length, strlen("T&#7888;I M&#x1EAC;T"));
        assert_int_equal(domat_result_findings(r), 1);
        domat_free_result(r);
    }
    free(doc);
    domat_free_scanner(sc);
}

static void input_over_the_size_limit_is_reviewed_not_allowed(void **state)
{
    (void)state;
    domat_limits lim;
    domat_limits_default(&lim);
    lim.max_input_bytes = 100;
    domat_scanner *sc = scanner(&lim);
    char doc[400];
    memset(doc, 'a', sizeof doc);
    domat_result *r = expect(sc, doc, sizeof doc, DOMAT_CONTENT_AUTO, DOMAT_REVIEW, DOMAT_LEVEL_NONE);
    assert_int_equal(domat_result_unscanned(r), 1);
    assert_non_null(strstr(domat_result_unscanned_reason(r, 0), "input size 400 bytes > limit 100"));
    domat_free_result(r);
    domat_free_scanner(sc);
}

static void findings_past_the_limit_are_counted_and_still_decide(void **state)
{
    (void)state;
    domat_limits lim;
    domat_limits_default(&lim);
    lim.max_findings = 2;
    domat_scanner *sc = scanner(&lim);
    domat_result *r = expect(sc, "MẬT\n\nMẬT\n\nMẬT\n\nMẬT\n\nTUYỆT MẬT\n", 0,
                             DOMAT_CONTENT_AUTO, DOMAT_BLOCK, DOMAT_LEVEL_TUYET_MAT);
    assert_int_equal(domat_result_findings(r), 2);
    assert_int_equal(domat_result_dropped(r), 3);
    domat_free_result(r);
    domat_free_scanner(sc);
}

static void empty_and_binary_inputs_are_handled(void **state)
{
    (void)state;
    domat_scanner *sc = scanner(NULL);
    check(sc, "", DOMAT_ALLOW, DOMAT_LEVEL_NONE);
    unsigned char junk[4096];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof junk; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (unsigned char)(x >> 16);
    }
    domat_result *r = tu_scan(sc, (const char *)junk, sizeof junk, DOMAT_CONTENT_AUTO);
    assert_true(domat_result_verdict(r) != DOMAT_ERROR);
    domat_free_result(r);
    domat_free_scanner(sc);
}

static void missing_file_gives_error_result_naming_it(void **state)
{
    (void)state;
    domat_scanner *sc = scanner(NULL);
    domat_result *r = NULL;
    assert_int_equal(domat_scan_file(sc, "/nonexistent/x.txt", NULL, &r), DOMAT_EIO);
    assert_non_null(r);
    assert_int_equal(domat_result_verdict(r), DOMAT_ERROR);
    assert_non_null(strstr(domat_result_error(r), "/nonexistent/x.txt"));
    domat_free_result(r);
    assert_int_equal(domat_scan_file(sc, "/tmp", NULL, &r), DOMAT_EIO);
    assert_non_null(strstr(domat_result_error(r), "is a directory"));
    domat_free_result(r);
    domat_free_scanner(sc);
}

static void unknown_forced_encoding_is_an_error(void **state)
{
    (void)state;
    domat_scanner *sc = scanner(NULL);
    domat_input in = {"x", DOMAT_CONTENT_AUTO, "klingon"};
    domat_result *r = NULL;
    assert_int_equal(domat_scan_buffer(sc, "abc", 3, &in, &r), DOMAT_EINVAL);
    assert_null(r);
    assert_non_null(strstr(domat_last_error(), "klingon"));
    /* The scanner still works afterwards. */
    check(sc, "MẬT\n", DOMAT_BLOCK, DOMAT_LEVEL_MAT);
    domat_free_scanner(sc);
}

static void organisation_list_adds_code_names_and_proximity(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    const char *org = "@category to-chuc-x\n@level toi-mat\n@weight 8\n"
                      "org.sen-vang \"dự án Sen Vàng\"\n"
                      "org.hx27 \"HX-27\" level=tuyet-mat\n"
                      "org.trien-khai \"triển khai\" kind=info weight=0\n"
                      "org.kho-k9 \"kho K9\" near=org.trien-khai/5\n";
    tu_write(dir, "org.dict", org, strlen(org));
    const char *dirs[] = {DOMAT_DICTDIR, dir};
    domat_engine *e2 = NULL;
    assert_int_equal(domat_open_engine(&e2, dirs, 2, NULL, NULL), DOMAT_OK);
    domat_scanner *sc = NULL;
    assert_int_equal(domat_new_scanner(&sc, e2, NULL), DOMAT_OK);
    domat_result *r = tu_scan(sc, "Báo cáo tiến độ Dự án Sen Vàng quý III.\n", 0, DOMAT_CONTENT_AUTO);
    assert_int_equal(domat_result_verdict(r), DOMAT_BLOCK);
    assert_int_equal(domat_result_level(r), DOMAT_LEVEL_TOI_MAT);
    const domat_finding *f = tu_find(r, "org.sen-vang");
    assert_non_null(f);
    assert_string_equal(f->category, "to-chuc-x");
    domat_free_result(r);
    r = tu_scan(sc, "Thiết bị HX-27 đã bàn giao.\n", 0, DOMAT_CONTENT_AUTO);
    assert_int_equal(domat_result_level(r), DOMAT_LEVEL_TUYET_MAT);
    domat_free_result(r);
    r = tu_scan(sc, "Kế hoạch triển khai kho K9 vào tháng 5.\n", 0, DOMAT_CONTENT_AUTO);
    assert_int_equal(domat_result_verdict(r), DOMAT_BLOCK);
    domat_free_result(r);
    /* Too far apart: the proximity rule does not fire. */
    r = tu_scan(sc, "Kho K9 đã sửa xong mái. Một hai ba bốn năm sáu bảy tám chín mười, "
                    "sau đó mới triển khai việc khác.\n", 0, DOMAT_CONTENT_AUTO);
    assert_int_equal(domat_result_verdict(r), DOMAT_ALLOW);
    domat_free_result(r);
    r = tu_scan(sc, "Hoa sen vàng nở rộ ở hồ.\n", 0, DOMAT_CONTENT_AUTO);
    assert_int_equal(domat_result_verdict(r), DOMAT_ALLOW);
    domat_free_result(r);
    domat_free_scanner(sc);
    domat_free_engine(e2);
    tu_rmdir(dir);
}

/* Open an engine over one dictionary text, scan a string, free both. */
static domat_verdict verdict_with(const char *dicttext, const char *doc)
{
    char *dir = tu_tmpdir();
    tu_write(dir, "t.dict", dicttext, strlen(dicttext));
    const char *dirs[] = {dir};
    domat_engine *e = NULL;
    assert_int_equal(domat_open_engine(&e, dirs, 1, NULL, NULL), DOMAT_OK);
    domat_scanner *sc = NULL;
    assert_int_equal(domat_new_scanner(&sc, e, NULL), DOMAT_OK);
    domat_result *r = tu_scan(sc, doc, 0, DOMAT_CONTENT_AUTO);
    domat_verdict v = domat_result_verdict(r);
    domat_free_result(r);
    domat_free_scanner(sc);
    domat_free_engine(e);
    tu_rmdir(dir);
    return v;
}

static void regex_entries_do_not_hide_each_others_matches(void **state)
{
    (void)state;
    const char *d = "r.beta re:/\\bbeta\\b/ weight=8\nr.alpha re:/\\balpha\\b/ weight=0\n";
    assert_int_equal(verdict_with(d, "alpha beta alpha\n"), DOMAT_BLOCK);
    assert_int_equal(verdict_with(d, "alpha gamma alpha\n"), DOMAT_ALLOW);
}

static void allow_phrase_across_a_line_break_keeps_the_stamp(void **state)
{
    (void)state;
    const char *d = "s.mat \"MẬT\" kind=stamp level=mat\n"
                    "a.tlm \"tài liệu mật\" kind=allow\n";
    assert_int_equal(verdict_with(d, "V/v bàn giao tài liệu\nMẬT\nNội dung\n"), DOMAT_BLOCK);
    /* On one line it is the allowed phrase, and prose anyway. */
    assert_int_equal(verdict_with(d, "Bàn giao tài liệu MẬT\n"), DOMAT_ALLOW);
}

static void text_fixtures_give_their_expected_verdicts(void **state)
{
    (void)state;
    domat_scanner *sc = scanner(NULL);
    assert_true(tu_expected_verdicts(sc, "text/EXPECTED.tsv", "text/", 1) >= 8);
    domat_free_scanner(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stamp_on_its_own_line_blocks_with_exact_evidence),
        cmocka_unit_test(each_level_is_reported_as_its_own),
        cmocka_unit_test(mentions_in_prose_are_not_stamps),
        cmocka_unit_test(public_corpus_is_allowed),
        cmocka_unit_test(title_case_alone_on_a_line_asks_for_review),
        cmocka_unit_test(merged_header_columns_with_gaps_block),
        cmocka_unit_test(stamp_and_urgency_on_one_line_both_count),
        cmocka_unit_test(unaccented_stamp_asks_for_review_with_its_level),
        cmocka_unit_test(obfuscated_stamps_still_block),
        cmocka_unit_test(nfd_text_blocks_and_points_at_original_bytes),
        cmocka_unit_test(legacy_encodings_are_decoded_and_named),
        cmocka_unit_test(html_stamps_in_blocks_and_cells_block),
        cmocka_unit_test(declassified_document_is_reported_not_blocked),
        cmocka_unit_test(segments_keep_lines_offsets_and_phrases_across_cuts),
        cmocka_unit_test(html_cut_anywhere_keeps_exact_offsets),
        cmocka_unit_test(input_over_the_size_limit_is_reviewed_not_allowed),
        cmocka_unit_test(findings_past_the_limit_are_counted_and_still_decide),
        cmocka_unit_test(empty_and_binary_inputs_are_handled),
        cmocka_unit_test(missing_file_gives_error_result_naming_it),
        cmocka_unit_test(unknown_forced_encoding_is_an_error),
        cmocka_unit_test(organisation_list_adds_code_names_and_proximity),
        cmocka_unit_test(regex_entries_do_not_hide_each_others_matches),
        cmocka_unit_test(allow_phrase_across_a_line_break_keeps_the_stamp),
        cmocka_unit_test(text_fixtures_give_their_expected_verdicts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

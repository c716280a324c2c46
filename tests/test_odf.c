/*
** 2026-11-25
**
** test_odf.c: what engine/odf.c must hand on for OpenDocument packages and
** flat documents: styles.xml (page headers and footers), meta.xml and
** content.xml as pieces, one piece per slide for presentations, each stamp
** on its own line wherever it sits (body, table cell, frame, header, notes),
** legacy-font text converted through the style chains, and every part it
** could not read reported with the exact reason.
**
** The .odt/.ods/.odp fixtures were made by LibreOffice from the flat sources
** beside them (tests/fixtures/office/make.sh), which are read here as well;
** packages that exercise one feature or attack are built at test time.
*/
#include "fixture_util.h"

#include "doc_stub.h"

static int run_odf(const unsigned char *p, size_t n)
{
    return odf_extract(&stub.ctx, p, n);
}

static int run_fixture(const char *name)
{
    return stub_extract_fixture(&stub.ctx, odf_extract, "office", name);
}

static int run_members(const tu_member *m, size_t n)
{
    return stub_extract_zip(&stub.ctx, odf_extract, m, n);
}

typedef struct want {
    const char *part;
    uint32_t page;
    const char *text;
} want;

static void expect_pieces(size_t n, const want *w)
{
    for (size_t i = 0; i < n && i < stub.npiece; i++) {
        assert_string_equal(stub.piece[i].part, w[i].part);
        assert_int_equal(stub.piece[i].page, w[i].page);
        assert_string_equal(stub.piece[i].text, w[i].text);
    }
    assert_int_equal(stub.npiece, n);
}

#define NS_DECL \
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" " \
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" " \
    "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" " \
    "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" " \
    "xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\" " \
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" " \
    "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" " \
    "xmlns:presentation=\"urn:oasis:names:tc:opendocument:xmlns:presentation:1.0\""
#define CONTENT(body) "<office:document-content " NS_DECL "><office:body>" body \
    "</office:body></office:document-content>"
#define MIMETYPE {"mimetype", "application/vnd.oasis.opendocument.text", 0}

/* ---- packages made by LibreOffice ---- */

static void odt_stamps_in_header_body_cell_and_frame_stand_on_their_own_lines(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("stamped.odt"), DOC_OK);
    static const want w[] = {
        {"styles.xml", 0, "TỐI MẬT\nLưu hành nội bộ\n"},
        {"meta.xml", 0, "Kế hoạch kiểm tra\nCông tác năm 2026\nkiểm tra\nBản dự thảo\n"},
        {"content.xml", 0,
         "TÀI LIỆU THU HỒI\nỦY BAN NHÂN DÂN TỈNH\nSố: 45/KH-UBND\nMẬT\n"
         "V/v kiểm tra công tác năm 2026\nHạng mục\nTUYỆT MẬT\nKinh phí\nGhi chú\n"
         "Nội dung kế hoạch.\n"},
    };
    expect_pieces(3, w);
    assert_int_equal(stub.nunscanned, 0);
}

static void odt_without_stamp_gives_the_same_layout_with_ordinary_words(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("unstamped.odt"), DOC_OK);
    assert_string_equal(stub_text_of("styles.xml"), "Báo cáo công khai\nLưu hành nội bộ\n");
    assert_string_equal(stub_text_of("content.xml"),
                        "Bản chính\nỦY BAN NHÂN DÂN TỈNH\nSố: 12/BC-UBND\n"
                        "Về việc đổi mật khẩu\nV/v kiểm tra công tác năm 2026\nHạng mục\n"
                        "Mật độ dân số\nKinh phí\nGhi chú\nNội dung kế hoạch.\n");
}

static void odt_legacy_fonts_follow_spans_paragraph_style_chains_and_headers(void **state)
{
    (void)state;
    /* A span in .VnTime, a paragraph whose style VNIBold inherits VNI-Times
    ** from its parent VNI, a header paragraph style in .VnTime (styles.xml's
    ** automatic styles). */
    assert_int_equal(run_fixture("legacy.odt"), DOC_OK);
    assert_string_equal(stub_text_of("content.xml"),
                        "Số: 45/KH-UBND\nĐộ mật: tối mật\nTỐI MẬT\nNội dung\n");
    assert_string_equal(stub_text_of("styles.xml"), "tuyệt mật\n");
}

static void ods_sheet_names_cells_comments_formula_results_and_header(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("stamped.ods"), DOC_OK);
    static const want w[] = {
        {"styles.xml", 0, "TỐI MẬT\n"},
        {"meta.xml", 0, "Bảng kế hoạch\n"},
        {"content.xml", 0,
         "Kế hoạch\nSố: 45/KH-UBND\nMẬT\nĐã duyệt\nNội dung\n123\nTUYỆT MẬT\n"
         "Phụ lục\nGhi chú\n"},
    };
    expect_pieces(3, w);
    assert_int_equal(stub.nunscanned, 0);
}

static void ods_without_stamp_keeps_ordinary_words(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("unstamped.ods"), DOC_OK);
    assert_string_equal(stub_text_of("content.xml"),
                        "Kế hoạch\nSố: 12/BC-UBND\nMật độ\nĐã duyệt\nNội dung\n123\n"
                        "mật khẩu\nPhụ lục\nGhi chú\n");
}

static void ods_cells_take_the_font_of_their_style_or_their_column(void **state)
{
    (void)state;
    /* LibreOffice moved A1's .VnTime style to column A's default cell style
    ** and wrote A2 with the explicit style "Default" (not legacy); column B
    ** defaults to VNI-Times. */
    assert_int_equal(run_fixture("legacy.ods"), DOC_OK);
    assert_string_equal(stub_text_of("content.xml"), "Sheet1\ntối mật\nTỐI MẬT\ntèi mËt\n");
}

static void odp_gives_one_piece_per_slide_with_its_notes(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("stamped.odp"), DOC_OK);
    static const want w[] = {
        {"content.xml", 1, "TỐI MẬT\nSố: 45/BC-BCA\nBáo cáo tiến độ dự án\n"},
        {"content.xml", 2, "Kinh phí\nGhi chú: MẬT\n"},
        {"meta.xml", 0, "Báo cáo tiến độ\n"},
    };
    /* styles.xml comes first, with the master pages' "<number>" fields */
    assert_int_equal(stub.npiece, 4);
    assert_string_equal(stub.piece[0].part, "styles.xml");
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(stub.piece[i + 1].part, w[i].part);
        assert_int_equal(stub.piece[i + 1].page, w[i].page);
        assert_string_equal(stub.piece[i + 1].text, w[i].text);
    }
}

static void odp_without_stamp_keeps_ordinary_words(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("unstamped.odp"), DOC_OK);
    int found = 0;
    for (size_t i = 0; i < stub.npiece; i++)
        if (stub.piece[i].page == 2) {
            assert_string_equal(stub.piece[i].text, "Kinh phí\nGhi chú: mật độ\n");
            found = 1;
        }
    assert_true(found);
}

/* ---- flat documents ---- */

static void flat_fodt_gives_meta_master_styles_and_body_pieces(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("stamped.fodt"), DOC_OK);
    static const want w[] = {
        {"office:meta", 0, "Kế hoạch kiểm tra\nCông tác năm 2026\nkiểm tra\nBản dự thảo\n"},
        {"office:master-styles", 0, "TỐI MẬT\nLưu hành nội bộ\n"},
        {"office:body", 0,
         "TÀI LIỆU THU HỒI\nỦY BAN NHÂN DÂN TỈNH\nSố: 45/KH-UBND\nMẬT\n"
         "V/v kiểm tra công tác năm 2026\nHạng mục\nTUYỆT MẬT\nKinh phí\nGhi chú\n"
         "Nội dung kế hoạch.\n"},
    };
    expect_pieces(3, w);
}

static void flat_fodt_in_legacy_fonts_is_converted(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("legacy.fodt"), DOC_OK);
    assert_string_equal(stub_text_of("office:body"),
                        "Số: 45/KH-UBND\nĐộ mật: tối mật\nTỐI MẬT\nNội dung\n");
    assert_string_equal(stub_text_of("office:master-styles"), "tuyệt mật\n");
}

static void flat_fodp_slides_are_pages(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("stamped.fodp"), DOC_OK);
    static const want w[] = {
        {"office:meta", 0, "Báo cáo tiến độ\n"},
        {"office:body", 1, "TỐI MẬT\nSố: 45/BC-BCA\nBáo cáo tiến độ dự án\n"},
        {"office:body", 2, "Kinh phí\nGhi chú: MẬT\n"},
    };
    expect_pieces(3, w);
}

static void xml_that_is_not_an_office_document_is_corrupt(void **state)
{
    (void)state;
    const char *x = "<?xml version=\"1.0\"?><html><p>TỐI MẬT</p></html>";
    assert_int_equal(run_odf((const unsigned char *)x, strlen(x)), DOC_CORRUPT);
    assert_string_equal(stub.corrupt, "not an ODF document: the root element is not "
                                      "office:document");
    assert_int_equal(stub.npiece, 0);
    stub_reset();
    x = "TỐI MẬT";
    assert_int_equal(run_odf((const unsigned char *)x, strlen(x)), DOC_CORRUPT);
    assert_string_equal(stub.corrupt, "not an ODF document: neither a zip package nor XML");
}

/* ---- what content.xml can hold ---- */

static void deletions_comments_notes_frames_and_spacing_come_out_as_a_reader_sees_them(void **state)
{
    (void)state;
    static const tu_member m[] = {
        MIMETYPE,
        {"content.xml", CONTENT(
            "<office:text><text:tracked-changes><text:changed-region text:id=\"c1\"><text:deletion>"
            "<office:change-info><dc:creator>A</dc:creator><dc:date>2026-01-01</dc:date></office:change-info>"
            "<text:p>TỐI MẬT</text:p></text:deletion></text:changed-region></text:tracked-changes>"
            "<text:h text:outline-level=\"1\">Kế hoạch</text:h>"
            "<text:p>A<text:s text:c=\"3\"/>B<text:tab/>C<text:line-break/>D</text:p>"
            "<text:p>Xem<office:annotation><dc:creator>VT</dc:creator><dc:date>2026</dc:date>"
            "<text:p>MẬT</text:p></office:annotation> tiếp</text:p>"
            "<text:p>Chú<text:note text:id=\"n1\" text:note-class=\"footnote\"><text:note-citation>1"
            "</text:note-citation><text:note-body><text:p>Ghi chú</text:p></text:note-body></text:note>"
            " hết</text:p>"
            "<text:p><draw:frame><svg:title>Tiêu đề</svg:title><svg:desc>Mô tả</svg:desc>"
            "<draw:text-box><text:p>HỎA TỐC</text:p></draw:text-box></draw:frame></text:p>"
            "<text:list><text:list-item><text:p>Mục 1</text:p></text:list-item></text:list>"
            "<text:p>  thụt\nlề</text:p></office:text>"), 0},
    };
    assert_int_equal(run_members(m, 2), DOC_OK);
    /* The deleted "TỐI MẬT" is still in the file: it is read. Authors,
    ** dates and alternative text are not shown: they are not. */
    assert_string_equal(stub_text_of("content.xml"),
                        "TỐI MẬT\nKế hoạch\nA   B\tC\nD\nXem\nMẬT\n tiếp\nChú1\nGhi chú\n hết\n"
                        "HỎA TỐC\n\nMục 1\n  thụt lề\n");
}

static void repeated_cells_are_read_once_and_slide_footers_are_read(void **state)
{
    (void)state;
    static const tu_member m[] = {
        {"mimetype", "application/vnd.oasis.opendocument.presentation", 0},
        {"content.xml", CONTENT(
            "<office:presentation><presentation:footer-decl presentation:name=\"ftr1\">MẬT"
            "</presentation:footer-decl><draw:page draw:name=\"p1\"><draw:frame><table:table>"
            "<table:table-row table:number-rows-repeated=\"1000\"><table:table-cell "
            "table:number-columns-repeated=\"16384\"><text:p>x</text:p></table:table-cell>"
            "</table:table-row></table:table></draw:frame></draw:page></office:presentation>"), 0},
    };
    assert_int_equal(run_members(m, 2), DOC_OK);
    static const want w[] = {
        {"content.xml", 0, "MẬT\n"},
        {"content.xml", 1, "x\n"},
    };
    expect_pieces(2, w);
}

static void embedded_objects_are_read_or_handed_on(void **state)
{
    (void)state;
    static const tu_member m[] = {
        MIMETYPE,
        {"content.xml", CONTENT("<office:text><text:p>Thân</text:p></office:text>"), 0},
        {"Object 1", "\xD0\xCF\x11\xE0 ole", 8},
        {"Object 2/content.xml", CONTENT("<office:chart><text:p>TỐI MẬT</text:p></office:chart>"), 0},
        {"ObjectReplacements/Object 1", "wmf", 0},
    };
    assert_int_equal(run_members(m, 5), DOC_OK);
    assert_string_equal(stub_text_of("Object 2/content.xml"), "TỐI MẬT\n");
    assert_int_equal(stub.nfile, 1);
    assert_string_equal(stub.file[0].name, "Object 1");
    assert_int_equal(stub.file[0].len, 8);
}

/* ---- damaged, hostile and limited input ---- */

static void password_protected_members_are_reported_and_not_parsed(void **state)
{
    (void)state;
    /* ODF encrypts inside the zip: the manifest names the encrypted parts. */
    static const tu_member m[] = {
        MIMETYPE,
        {"meta.xml", "<office:document-meta " NS_DECL "><office:meta><dc:title>Kế hoạch</dc:title>"
                     "</office:meta></office:document-meta>", 0},
        {"content.xml", "\x8f\x12\x00\xfe binary", 12},
        {"styles.xml", "\x01\x02\x03", 3},
        {"META-INF/manifest.xml",
         "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
         "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
         "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\">"
         "<manifest:encryption-data manifest:checksum-type=\"SHA1/1K\" manifest:checksum=\"x\">"
         "<manifest:algorithm manifest:algorithm-name=\"Blowfish CFB\" manifest:initialisation-vector=\"x\"/>"
         "</manifest:encryption-data></manifest:file-entry>"
         "<manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\">"
         "<manifest:encryption-data/></manifest:file-entry>"
         "<manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>"
         "</manifest:manifest>", 0},
    };
    assert_int_equal(run_members(m, 5), DOC_OK);
    static const char *const why[] = {
        "encrypted member styles.xml", "encrypted member content.xml"
    };
    stub_expect_unscanned(2, why);
    static const want w[] = {{"meta.xml", 0, "Kế hoạch\n"}};
    expect_pieces(1, w);
}

static void malformed_content_keeps_the_text_read_and_says_where_it_broke(void **state)
{
    (void)state;
    /* Sixty paragraphs, then a mismatched end tag on the last line. The
    ** reader parses ahead in chunks of 512 bytes and drops the nodes of the
    ** chunk the error is in, so what stands more than 512 bytes before the
    ** error is guaranteed; the rest of the chunk may be lost with it. */
    char doc[8192];
    size_t n = (size_t)snprintf(doc, sizeof doc, "<office:document-content " NS_DECL
                                "><office:body><office:text>");
    for (int i = 0; i < 60; i++)
        n += (size_t)snprintf(doc + n, sizeof doc - n, "<text:p>Đoạn %02d</text:p>\n", i);
    n += (size_t)snprintf(doc + n, sizeof doc - n, "<text:p>x</text:span></office:text>"
                          "</office:body></office:document-content>");
    tu_member m[] = {MIMETYPE, {"content.xml", doc, n}};
    assert_int_equal(run_members(m, 2), DOC_OK);
    char head[2048];
    size_t k = 0;
    for (int i = 0; i < 30; i++)
        k += (size_t)snprintf(head + k, sizeof head - k, "Đoạn %02d\n", i);
    const char *got = stub_text_of("content.xml");
    assert_true(strlen(got) >= k);
    assert_memory_equal(got, head, k);
    static const char *const why[] = {
        "malformed XML in content.xml: Opening and ending tag mismatch: p line 61 and span, line 61"
    };
    stub_expect_unscanned(1, why);
}

static void truncated_package_is_corrupt(void **state)
{
    (void)state;
    size_t n;
    unsigned char *p = tu_fixture("office", "stamped.odt", &n);
    assert_int_equal(run_odf(p, n / 2), DOC_CORRUPT);
    free(p);
    char expected[128];
    snprintf(expected, sizeof expected,
             "truncated zip: no end of central directory record in %zu bytes", n / 2);
    assert_string_equal(stub.corrupt, expected);
}

static void zip_without_content_or_mimetype_is_corrupt(void **state)
{
    (void)state;
    static const tu_member m[] = {{"readme.txt", "x", 0}};
    assert_int_equal(run_members(m, 1), DOC_CORRUPT);
    assert_string_equal(stub.corrupt, "not an ODF package: no content.xml and no mimetype");
}

static void compressed_bomb_in_content_is_reported_for_its_ratio(void **state)
{
    (void)state;
    static const char head[] = "<office:document-content " NS_DECL "><office:body>"
                               "<office:text><text:p>TỐI MẬT</text:p>";
    size_t spaces = 8u << 20, n = sizeof head - 1 + spaces;
    char *doc = malloc(n);
    memcpy(doc, head, sizeof head - 1);
    memset(doc + sizeof head - 1, ' ', spaces);
    tu_member m[] = {MIMETYPE, {"content.xml", doc, n}};
    assert_int_equal(run_members(m, 2), DOC_OK);
    free(doc);
    static const char *const why[] = {"compression ratio of content.xml > 250"};
    stub_expect_unscanned(1, why);
    assert_string_equal(stub_text_of("content.xml"), "TỐI MẬT\n");
}

static void pictures_without_text_are_reported_as_not_scanned(void **state)
{
    (void)state;
    static const tu_member m[] = {
        MIMETYPE,
        {"content.xml", CONTENT("<office:text><text:p><draw:frame><draw:image/></draw:frame>"
                                "</text:p></office:text>"), 0},
        {"Pictures/1000.png", "\x89PNG", 4},
        {"Thumbnails/thumbnail.png", "\x89PNG", 4},
    };
    assert_int_equal(run_members(m, 4), DOC_OK);
    static const char *const why[] = {"no text, only 1 image (not scanned)"};
    stub_expect_unscanned(1, why);
}

static void stop_requested_before_the_start_reads_nothing(void **state)
{
    (void)state;
    stub.ctx.stop = 1;
    assert_int_equal(run_fixture("stamped.odt"), DOC_OK);
    assert_int_equal(stub.npiece, 0);
    assert_int_equal(stub.ctx.budget_used, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(odt_stamps_in_header_body_cell_and_frame_stand_on_their_own_lines, stub_setup),
        cmocka_unit_test_setup(odt_without_stamp_gives_the_same_layout_with_ordinary_words, stub_setup),
        cmocka_unit_test_setup(odt_legacy_fonts_follow_spans_paragraph_style_chains_and_headers, stub_setup),
        cmocka_unit_test_setup(ods_sheet_names_cells_comments_formula_results_and_header, stub_setup),
        cmocka_unit_test_setup(ods_without_stamp_keeps_ordinary_words, stub_setup),
        cmocka_unit_test_setup(ods_cells_take_the_font_of_their_style_or_their_column, stub_setup),
        cmocka_unit_test_setup(odp_gives_one_piece_per_slide_with_its_notes, stub_setup),
        cmocka_unit_test_setup(odp_without_stamp_keeps_ordinary_words, stub_setup),
        cmocka_unit_test_setup(flat_fodt_gives_meta_master_styles_and_body_pieces, stub_setup),
        cmocka_unit_test_setup(flat_fodt_in_legacy_fonts_is_converted, stub_setup),
        cmocka_unit_test_setup(flat_fodp_slides_are_pages, stub_setup),
        cmocka_unit_test_setup(xml_that_is_not_an_office_document_is_corrupt, stub_setup),
        cmocka_unit_test_setup(deletions_comments_notes_frames_and_spacing_come_out_as_a_reader_sees_them, stub_setup),
        cmocka_unit_test_setup(repeated_cells_are_read_once_and_slide_footers_are_read, stub_setup),
        cmocka_unit_test_setup(embedded_objects_are_read_or_handed_on, stub_setup),
        cmocka_unit_test_setup(password_protected_members_are_reported_and_not_parsed, stub_setup),
        cmocka_unit_test_setup(malformed_content_keeps_the_text_read_and_says_where_it_broke, stub_setup),
        cmocka_unit_test_setup(truncated_package_is_corrupt, stub_setup),
        cmocka_unit_test_setup(zip_without_content_or_mimetype_is_corrupt, stub_setup),
        cmocka_unit_test_setup(compressed_bomb_in_content_is_reported_for_its_ratio, stub_setup),
        cmocka_unit_test_setup(pictures_without_text_are_reported_as_not_scanned, stub_setup),
        cmocka_unit_test_setup(stop_requested_before_the_start_reads_nothing, stub_setup),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    stub_reset();
    return rc;
}

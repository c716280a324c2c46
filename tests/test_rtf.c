/*
** 2026-11-25
**
** test_rtf.c: what engine/rtf.c must hand on from an RTF document: the body,
** headers, footnotes, comments, text boxes and \info properties as pieces,
** each paragraph and cell on its own line, field results without their
** instructions; bytes decoded by the font's \fcharset or \ansicpg, legacy
** fonts (.VnTime, VNI-Times) converted, \uN with its fallback skipped;
** skipped destinations never leaking text; and 100,000 nested groups
** reported instead of overflowing anything.
**
** stamped.rtf, unstamped.rtf and vntime.rtf are LibreOffice's conversions of
** the .fodt sources next to them, and must give the same text as the .doc
** conversions; the rest is written here.
*/
#include "fixture_util.h"

#include "doc_stub.h"
#include "legacy_text.h"

static int run_fixture(const char *name)
{
    return stub_extract_fixture(stub_reset(), rtf_extract, "legacy", name);
}

static int run(const char *rtf)
{
    doc_ctx *c = stub_reset();
    return rtf_extract(c, (const unsigned char *)rtf, strlen(rtf));
}

/* ------------------------------------------------- LibreOffice's RTF -- */

static void stamp_in_body_and_table_cell_stands_on_its_own_line(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("stamped.rtf"), DOC_OK);
    assert_string_equal(stub.corrupt, "");
    assert_int_equal(stub.nunscanned, 0);
    /* The same text as the .doc LibreOffice makes from the same source. */
    assert_string_equal(stub_part_text("main"), LEGACY_STAMPED_MAIN);
    stub_reset();
}

static void header_footnote_comment_text_box_and_info_are_pieces(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("stamped.rtf"), DOC_OK);
    assert_int_equal(stub.npiece, 6);
    static const char *const order[] = {"metadata", "main", "headers", "footnotes",
                                        "comments", "textboxes"};
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(stub.piece[i].part, order[i]);
    /* The header is written twice (page style table and section): the
    ** page style table is a \* destination and is skipped. */
    assert_string_equal(stub_part_text("headers"), "MẬT\n");
    assert_string_equal(stub_part_text("footnotes"), "Chú thích về kế hoạch.\n");
    assert_string_equal(stub_part_text("comments"), "Đã duyệt\n");
    assert_string_equal(stub_part_text("textboxes"), "HỎA TỐC\n");
    /* \upr's 8-bit title is dropped for its \ud Unicode twin. */
    assert_string_equal(stub_part_text("metadata"), LEGACY_STAMPED_METADATA);
    stub_reset();
}

static void unstamped_document_is_extracted_exactly(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("unstamped.rtf"), DOC_OK);
    assert_int_equal(stub.npiece, 2);
    assert_string_equal(stub_part_text("main"), LEGACY_UNSTAMPED_MAIN);
    assert_string_equal(stub_part_text("headers"), "Kế hoạch công khai\n");
    stub_reset();
}

static void vntime_text_becomes_vietnamese_and_soft_hyphen_is_u_horn(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("vntime.rtf"), DOC_OK);
    /* LibreOffice writes TCVN3's ư (byte 0xAD) as the optional hyphen \-. */
    assert_string_equal(stub_part_text("main"), LEGACY_VNTIME_MAIN);
    stub_reset();
}

/* ------------------------------------------------------------ charsets -- */

static void bytes_follow_the_font_charset_and_the_document_code_page(void **state)
{
    (void)state;
    /* f0: Windows-1258 by \fcharset163; f1: \fcharset1 = \ansicpg1258;
    ** f2: Windows-1252; f3 named .VnTime; f4 VNI-Times (CP1252 bytes). */
    assert_int_equal(run("{\\rtf1\\ansi\\ansicpg1258\\deff2{\\fonttbl{\\f0\\fcharset163 Times;}"
                         "{\\f1\\fcharset1 Arial;}{\\f2\\fcharset0 Courier;}"
                         "{\\f3\\fcharset0 .VnTime;}{\\f4 VNI-Times;}}"
                         "{\\f0 M\\'c2\\'f2T}\\par {\\f1 M\\'c2\\'f2T}\\par "
                         "\\'e8\\par {\\f3 t\\'e8i m\\'cbt}\\par {\\f4 TO\\'c1I MA\\'c4T}\\par}"),
                     DOC_OK);
    assert_string_equal(stub_part_text("main"),
                        "M\xC3\x82\xCC\xA3T\nM\xC3\x82\xCC\xA3T\nè\ntối mật\nTỐI MẬT\n");
    stub_reset();
}

static void unicode_escapes_skip_their_fallback(void **state)
{
    (void)state;
    /* \uc1 default, \uc2, \uc0 (whose delimiting space, like \u272's, is
    ** no text), a control word and a \'hh as fallback, a group ending a
    ** fallback early, and a surrogate pair. */
    assert_int_equal(run("{\\rtf1 T\\u7888?I {\\uc2 M\\u7852\\'3f\\'3fT} "
                         "H\\u7886\\'3fA\\uc0 X\\u272 Y\\uc1\\u8220\\ldblquote Z"
                         "{\\uc3 A\\u7878}B \\u-10179?\\u-8704?\\par}"),
                     DOC_OK);
    assert_string_equal(stub_part_text("main"),
                        "TỐI MẬT HỎAXĐY“ZAỆB \xF0\x9F\x98\x80\n");
    stub_reset();
}

static void control_symbols_and_special_words(void **state)
{
    (void)state;
    assert_int_equal(run("{\\rtf1 a\\~b\\_c\\-d\\{e\\}f\\\\g\\tab h\\emdash i\\line j\\cell "
                         "k\\row l\\page m\\sect n\\lquote o\\rquote\\bullet\\\n"
                         "p}"),
                     DOC_OK);
    assert_string_equal(stub_part_text("main"),
                        "a\xC2\xA0" "b-cd{e}f\\g\th\xE2\x80\x94i\nj\nk\nl\nm\nn\xE2\x80\x98o"
                        "\xE2\x80\x99\xE2\x80\xA2\np");
    stub_reset();
}

/* ------------------------------------------------------- destinations -- */

static void skipped_destinations_leak_no_text(void **state)
{
    (void)state;
    assert_int_equal(run("{\\rtf1{\\colortbl;\\red0\\green0\\blue0;}"
                         "{\\stylesheet{\\s0 Normal TOI MAT;}}"
                         "{\\*\\unknownthing TOI MAT}{\\*\\generator TOI MAT;}"
                         "{\\pict\\wmetafile8 544f49204d4154}"
                         "{\\*\\bkmkstart TOI}"
                         "Body{\\field{\\*\\fldinst HYPERLINK \"TOI MAT\"}{\\fldrslt link}}"
                         " \\bin7 }{\\\\x} end\\par}"),
                     DOC_OK);
    assert_int_equal(stub.npiece, 1);
    assert_string_equal(stub_part_text("main"), "Bodylink end\n");
    assert_int_equal(stub.nunscanned, 0);
    stub_reset();
}

static void embedded_object_is_reported_and_its_result_kept(void **state)
{
    (void)state;
    assert_int_equal(run("{\\rtf1 A{\\object\\objemb{\\*\\objclass Excel.Sheet.8}"
                         "{\\*\\objdata 01050000020000000b000000}"
                         "{\\result {TOI MAT}}}\\par"
                         "{\\object{\\objdata 0105}{\\result B}}\\par}"),
                     DOC_OK);
    assert_string_equal(stub_part_text("main"), "ATOI MAT\nB\n");
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "embedded object not scanned (2 objects)");
    assert_int_equal(run("{\\rtf1{\\object{\\*\\objdata 0105}}}"), DOC_OK);
    assert_string_equal(stub.unscanned[0], "embedded object not scanned");
    stub_reset();
}

static void headers_and_footers_of_every_kind_are_one_piece(void **state)
{
    (void)state;
    assert_int_equal(run("{\\rtf1{\\headerl L}{\\headerr R}{\\footerf F}{\\footer "
                         "Trang {\\field{\\*\\fldinst PAGE}{\\fldrslt 1}}}Body\\par}"),
                     DOC_OK);
    assert_string_equal(stub_part_text("headers"), "L\nR\nF\nTrang 1\n");
    assert_string_equal(stub_part_text("main"), "Body\n");
    stub_reset();
}

static void title_outside_info_is_not_metadata(void **state)
{
    (void)state;
    assert_int_equal(run("{\\rtf1{\\info{\\title T}{\\author X}{\\doccomm C}"
                         "{\\keywords K}{\\subject S}}{\\title shown}\\par}"),
                     DOC_OK);
    assert_string_equal(stub_part_text("metadata"), "T\nC\nK\nS\n");
    assert_string_equal(stub_part_text("main"), "shown\n");
    stub_reset();
}

/* ------------------------------------------------------------ hostile -- */

static void hundred_thousand_nested_groups_are_reported_not_followed(void **state)
{
    (void)state;
    size_t depth = 100000, n = 0;
    char *s = malloc(2 * depth + 64);
    n += (size_t)sprintf(s, "{\\rtf1 TOI MAT\\par ");
    memset(s + n, '{', depth);
    n += depth;
    s[n++] = 'x';
    memset(s + n, '}', depth);
    n += depth;
    s[n++] = '}';
    doc_ctx *c = stub_reset();
    assert_int_equal(rtf_extract(c, (unsigned char *)s, n), DOC_OK);
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "RTF groups nested deeper than 1000 not scanned");
    assert_string_equal(stub_part_text("main"), "TOI MAT\n");
    free(s);
    stub_reset();
}

static void not_rtf_is_corrupt_and_truncated_rtf_is_reported(void **state)
{
    (void)state;
    assert_int_equal(run("{\\rtx1 hello}"), DOC_CORRUPT);
    assert_string_equal(stub.corrupt, "not an RTF document: no {\\rtf header");
    assert_int_equal(run("{\\rtf1 TOI MAT\\par {\\b bold"), DOC_OK);
    assert_string_equal(stub_part_text("main"), "TOI MAT\nbold");
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "truncated RTF document: 2 groups not closed");
    /* After the document's last brace nothing more is read. */
    assert_int_equal(run("\xEF\xBB\xBF \r\n{\\rtf1 A}TOI MAT"), DOC_OK);
    assert_string_equal(stub_part_text("main"), "A");
    assert_int_equal(stub.nunscanned, 0);
    stub_reset();
}

static void huge_parameters_and_words_are_clamped(void **state)
{
    (void)state;
    assert_int_equal(run("{\\rtf1\\uc99999999999 \\u99999999999?A"
                         "\\averyveryveryveryveryveryverylongcontrolword B"
                         "\\bin99999999999 }"),
                     DOC_OK);
    assert_int_equal(stub.nunscanned, 1); /* \bin ran off the end */
    stub_reset();
}

static void random_damage_never_crashes(void **state)
{
    (void)state;
    size_t n;
    unsigned char *orig = tu_fixture("legacy", "stamped.rtf", &n), *f = malloc(n);
    unsigned seed = 99;
    static const char tokens[] = "{}\\'*u-0123456789 ";
    for (int it = 0; it < 2000; it++) {
        memcpy(f, orig, n);
        for (int j = 0; j < 1 + it % 10; j++) {
            size_t at = (tu_rand(&seed) >> 8) % n;
            unsigned r = tu_rand(&seed) >> 16;
            f[at] = (it & 1) ? (unsigned char)r : (unsigned char)tokens[r % (sizeof tokens - 1)];
        }
        doc_ctx *c = stub_reset();
        int rc = rtf_extract(c, f, n);
        assert_true(rc == DOC_OK || rc == DOC_CORRUPT);
    }
    free(f);
    free(orig);
    stub_reset();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stamp_in_body_and_table_cell_stands_on_its_own_line),
        cmocka_unit_test(header_footnote_comment_text_box_and_info_are_pieces),
        cmocka_unit_test(unstamped_document_is_extracted_exactly),
        cmocka_unit_test(vntime_text_becomes_vietnamese_and_soft_hyphen_is_u_horn),
        cmocka_unit_test(bytes_follow_the_font_charset_and_the_document_code_page),
        cmocka_unit_test(unicode_escapes_skip_their_fallback),
        cmocka_unit_test(control_symbols_and_special_words),
        cmocka_unit_test(skipped_destinations_leak_no_text),
        cmocka_unit_test(embedded_object_is_reported_and_its_result_kept),
        cmocka_unit_test(headers_and_footers_of_every_kind_are_one_piece),
        cmocka_unit_test(title_outside_info_is_not_metadata),
        cmocka_unit_test(hundred_thousand_nested_groups_are_reported_not_followed),
        cmocka_unit_test(not_rtf_is_corrupt_and_truncated_rtf_is_reported),
        cmocka_unit_test(huge_parameters_and_words_are_clamped),
        cmocka_unit_test(random_damage_never_crashes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
** 2026-11-25
**
** test_msxls.c: what engine/msxls.c must hand on from an .xls: one piece per
** sheet named after its tab, holding the tab name, the page header and
** footer without their &-codes, and every text cell, comment and text box
** on a line of its own; shared strings read whole across CONTINUE records
** even where a string switches between 8-bit and UTF-16 mid-way; cells and
** rich-text runs in .VnTime converted; a password-protected workbook
** reported; damaged streams and string-reference bombs handled.
**
** book.xls and unstamped.xls are LibreOffice's (gen_book.py, unstamped.fods);
** BIFF records LibreOffice never writes are assembled here.
*/
#include "fixture_util.h"

#include "doc_stub.h"
#include "fixtures/legacy/cfb_build.h"

static int run_fixture(const char *name)
{
    return stub_extract_fixture(stub_reset(), msxls_extract, "legacy", name);
}

/* ------------------------------------------------------- BIFF records -- */

typedef struct bstream {
    unsigned char *p;
    size_t n, cap;
} bstream;

static void rec(bstream *b, uint16_t type, const void *data, size_t len)
{
    if (b->n + 4 + len > b->cap) {
        b->cap = (b->n + 4 + len) * 2 + 4096;
        b->p = realloc(b->p, b->cap);
    }
    cfb_w16(b->p + b->n, type);
    cfb_w16(b->p + b->n + 2, (uint32_t)len);
    if (len)
        memcpy(b->p + b->n + 4, data, len);
    b->n += 4 + len;
}

static void bof(bstream *b, uint16_t vers, uint16_t dt)
{
    unsigned char d[16] = {0};
    cfb_w16(d, vers);
    cfb_w16(d + 2, dt);
    rec(b, 0x0809, d, vers == 0x0600 ? 16 : 8);
}

/* A BIFF8 FONT record naming `name` (8-bit). */
static void font(bstream *b, const char *name)
{
    unsigned char d[64] = {0};
    cfb_w16(d, 200);
    size_t k = strlen(name);
    d[14] = (unsigned char)k;
    d[15] = 0;
    memcpy(d + 16, name, k);
    rec(b, 0x0031, d, 16 + k);
}

static void xf(bstream *b, uint16_t ifnt)
{
    unsigned char d[20] = {0};
    cfb_w16(d, ifnt);
    rec(b, 0x00E0, d, 20);
}

/* BOUNDSHEET whose lbPlyPos the caller patches; returns its data offset. */
static size_t boundsheet(bstream *b, const char *name)
{
    unsigned char d[64] = {0};
    size_t k = strlen(name);
    d[6] = (unsigned char)k;
    d[7] = 0;
    memcpy(d + 8, name, k);
    rec(b, 0x0085, d, 8 + k);
    return b->n - (8 + k);
}

static void labelsst(bstream *b, uint16_t row, uint16_t ixfe, uint32_t isst)
{
    unsigned char d[10];
    cfb_w16(d, row);
    cfb_w16(d + 2, 0);
    cfb_w16(d + 4, ixfe);
    cfb_w32(d + 6, isst);
    rec(b, 0x00FD, d, 10);
}

/* A compound file holding stream `name` with the records. */
static unsigned char *wrap(bstream *b, const char *name, size_t *n)
{
    if (b->n < 4096) { /* padding after EOF is ignored by readers */
        b->p = realloc(b->p, 4096);
        memset(b->p + b->n, 0, 4096 - b->n);
    }
    cfb_stream st[1] = {{name, b->p, b->n < 4096 ? 4096 : b->n}};
    return cfb_build(st, 1, 9, 0, n);
}

static int run_stream(bstream *b, const char *name)
{
    size_t n;
    unsigned char *f = wrap(b, name, &n);
    doc_ctx *c = stub_reset();
    int rc = msxls_extract(c, f, n);
    free(f);
    free(b->p);
    memset(b, 0, sizeof *b);
    return rc;
}

/* Globals with four Arial fonts and a .VnTime one (ifnt 5), XF 0 -> Arial,
** XF 1 -> .VnTime, one sheet "S1"; returns where to patch lbPlyPos. */
static size_t globals(bstream *b)
{
    bof(b, 0x0600, 0x0005);
    for (int i = 0; i < 4; i++)
        font(b, "Arial");
    font(b, ".VnTime");
    xf(b, 0);
    xf(b, 5);
    return boundsheet(b, "S1");
}

static void sheet_start(bstream *b, size_t patch)
{
    rec(b, 0x000A, NULL, 0);
    cfb_w32(b->p + patch, (uint32_t)b->n);
    bof(b, 0x0600, 0x0010);
}

/* ---------------------------------------------------- LibreOffice .xls -- */

static void each_sheet_is_a_piece_named_after_its_tab(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("book.xls"), DOC_OK);
    assert_string_equal(stub.corrupt, "");
    assert_int_equal(stub.nunscanned, 0);
    assert_int_equal(stub.npiece, 4);
    assert_string_equal(stub.piece[0].part, "metadata");
    assert_string_equal(stub.piece[0].text, "Bảng kê\n");
    assert_string_equal(stub.piece[1].part, "KeHoach");
    assert_string_equal(stub.piece[2].part, "PhuLuc");
    assert_string_equal(stub.piece[3].part, "DanhSach");
    stub_reset();
}

static void stamp_in_cell_header_comment_and_text_box_each_own_line(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("book.xls"), DOC_OK);
    /* Tab name; header "&CMẬT" and footer "Trang &P" without codes; the
    ** cells in order; the comment; the drawing's text box. */
    assert_string_equal(stub_part_text("KeHoach"),
                        "KeHoach\n"
                        "MẬT\n"
                        "Trang \n"
                        "ỦY BAN NHÂN DÂN TỈNH\n"
                        "Số: 12/KH-UBND\n"
                        "Hạng mục\n"
                        "TỐI MẬT\n"
                        "Ghi chú\n"
                        "Đã duyệt\n"
                        "TÀI LIỆU THU HỒI\n");
    stub_reset();
}

static void vntime_cell_becomes_vietnamese(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("book.xls"), DOC_OK);
    assert_string_equal(stub_part_text("PhuLuc"), "PhuLuc\nMẬT\nTrang \ntối mật\nGhi chú\n");
    stub_reset();
}

static void four_hundred_shared_strings_across_continue_records(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("book.xls"), DOC_OK);
    size_t cap = 64 * 1024, n = 0;
    char *want = malloc(cap);
    n += (size_t)snprintf(want + n, cap - n, "DanhSach\nMẬT\nTrang \n");
    for (int i = 1; i <= 400; i++) {
        if (i % 3 == 0)
            n += (size_t)snprintf(want + n, cap - n,
                                  "Line %d plain ascii text for the shared string table\n", i);
        else
            n += (size_t)snprintf(want + n, cap - n,
                                  "Dòng %d: nội dung kiểm tra công tác bảo vệ\n", i);
    }
    assert_string_equal(stub_part_text("DanhSach"), want);
    free(want);
    stub_reset();
}

static void unstamped_workbook_is_extracted_exactly(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("unstamped.xls"), DOC_OK);
    assert_int_equal(stub.npiece, 1);
    assert_string_equal(stub_part_text("DanhMuc"),
                        "DanhMuc\nPage \nNội dung\nThời gian\nTuyên truyền về mật khẩu\n");
    stub_reset();
}

static void password_protected_workbook_is_unscanned(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("encrypted.xls"), DOC_OK);
    assert_string_equal(stub.corrupt, "");
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "encrypted Excel workbook");
    assert_int_equal(stub.npiece, 0);
    stub_reset();
}

static void word_document_given_to_msxls_is_read_as_word(void **state)
{
    (void)state;
    size_t n;
    unsigned char *b = tu_fixture("legacy", "vntime.doc", &n);
    doc_ctx *c = stub_reset();
    assert_int_equal(msdoc_extract(c, b, n), DOC_OK);
    char *direct = stub_all_text();
    c = stub_reset();
    assert_int_equal(msxls_extract(c, b, n), DOC_OK);
    char *via = stub_all_text();
    assert_non_null(stub_part("main"));
    assert_string_equal(via, direct);
    free(direct);
    free(via);
    free(b);
    stub_reset();
}

/* ------------------------------------------------------ synthetic BIFF -- */

static void sst_string_may_switch_width_at_each_continue(void **state)
{
    (void)state;
    bstream b = {0};
    size_t patch = globals(&b);
    /* String 0 "TỐI MẬT" begins in UTF-16, goes on 8-bit, ends UTF-16.
    ** String 1 "Ghi chú" has two rich runs and 3 bytes of phonetic data,
    ** cut by a CONTINUE in the middle of its runs (no flags byte there). */
    unsigned char sst[64] = {0};
    size_t k = 0;
    cfb_w32(sst, 2);
    cfb_w32(sst + 4, 2);
    k = 8;
    cfb_w16(sst + k, 7);
    sst[k + 2] = 1;
    k += 3;
    cfb_w16(sst + k, 'T');
    cfb_w16(sst + k + 2, 0x1ED0);
    k += 4;
    rec(&b, 0x00FC, sst, k);
    unsigned char c1[8] = {0, 'I', ' ', 'M'};
    rec(&b, 0x003C, c1, 4);
    unsigned char c2[32] = {1};
    cfb_w16(c2 + 1, 0x1EAC);
    cfb_w16(c2 + 3, 'T');
    size_t m = 5;
    cfb_w16(c2 + m, 7);
    c2[m + 2] = 0x0C; /* rich + ext, 8-bit */
    cfb_w16(c2 + m + 3, 2);
    cfb_w32(c2 + m + 5, 3);
    memcpy(c2 + m + 9, "Ghi ch", 6);
    rec(&b, 0x003C, c2, m + 15);
    unsigned char c3[32] = {0, 0xFA};
    /* runs (0, font 0) and (4, font 0), the second cut in two */
    cfb_w16(c3 + 2, 0);
    cfb_w16(c3 + 4, 0);
    cfb_w16(c3 + 6, 4);
    rec(&b, 0x003C, c3, 8);
    unsigned char c4[8] = {0, 0, 1, 2, 3};
    rec(&b, 0x003C, c4, 5);
    sheet_start(&b, patch);
    labelsst(&b, 0, 0, 0);
    labelsst(&b, 1, 0, 1);
    labelsst(&b, 2, 0, 99); /* out of range: reported */
    rec(&b, 0x000A, NULL, 0);
    assert_int_equal(run_stream(&b, "Workbook"), DOC_OK);
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "1 Excel cells name shared strings the "
                        "workbook does not have (truncated string table?)");
    assert_string_equal(stub_part_text("S1"), "S1\nTỐI MẬT\nGhi chú\n");
    stub_reset();
}

static void rich_run_in_vntime_is_converted_within_the_cell(void **state)
{
    (void)state;
    bstream b = {0};
    size_t patch = globals(&b);
    unsigned char sst[64] = {0};
    cfb_w32(sst, 1);
    cfb_w32(sst + 4, 1);
    const char *s = "S\xE8: t\xE8i m\xCBt"; /* Latin-1 "Sè: tèi mËt" */
    size_t k = 8, L = strlen(s);
    cfb_w16(sst + k, (uint32_t)L);
    sst[k + 2] = 0x08;
    cfb_w16(sst + k + 3, 1);
    memcpy(sst + k + 5, s, L);
    k += 5 + L;
    cfb_w16(sst + k, 4);     /* from character 4 */
    cfb_w16(sst + k + 2, 5); /* font 5: .VnTime */
    k += 4;
    rec(&b, 0x00FC, sst, k);
    sheet_start(&b, patch);
    labelsst(&b, 0, 0, 0); /* Arial cell: the run alone is legacy */
    labelsst(&b, 1, 1, 0); /* .VnTime cell: "Sè: " read as TCVN3 too */
    rec(&b, 0x000A, NULL, 0);
    assert_int_equal(run_stream(&b, "Workbook"), DOC_OK);
    assert_string_equal(stub_part_text("S1"), "S1\nSè: tối mật\nSố: tối mật\n");
    stub_reset();
}

static void labels_formula_string_and_every_header_kind(void **state)
{
    (void)state;
    bstream b = {0};
    size_t patch = globals(&b);
    sheet_start(&b, patch);
    /* HEADER: left "A&&B", centre in .VnTime "tèi mËt" at 14pt in red,
    ** right the page number. FOOTER empty record. */
    const char *h = "&LA&&B&C&\".VnTime,Bold\"&14&KFF0000t\xE8i m\xCBt&R&P";
    unsigned char d[128] = {0};
    size_t L = strlen(h);
    cfb_w16(d, (uint32_t)L);
    d[2] = 0;
    memcpy(d + 3, h, L);
    rec(&b, 0x0014, d, 3 + L);
    rec(&b, 0x0015, NULL, 0);
    /* HEADERFOOTER: no even header, even footer "&CKHẨN", first-page
    ** header "&LA", no first-page footer. */
    unsigned char hf[96] = {0};
    cfb_w16(hf, 0x089C);
    cfb_w16(hf + 32, 6);
    cfb_w16(hf + 34, 3);
    cfb_w16(hf + 38, 6);
    hf[40] = 1;
    static const uint16_t khan[6] = {'&', 'C', 'K', 'H', 0x1EA8, 'N'};
    for (int i = 0; i < 6; i++)
        cfb_w16(hf + 41 + 2 * i, khan[i]);
    cfb_w16(hf + 53, 3);
    hf[55] = 0;
    memcpy(hf + 56, "&LA", 3);
    rec(&b, 0x089C, hf, 59);
    /* LABEL in UTF-16 */
    unsigned char lab[32] = {0};
    cfb_w16(lab + 6, 3);
    lab[8] = 1;
    cfb_w16(lab + 9, 'M');
    cfb_w16(lab + 11, 0x1EAC);
    cfb_w16(lab + 13, 'T');
    rec(&b, 0x0204, lab, 15);
    /* FORMULA in a .VnTime cell, its cached string in STRING */
    unsigned char fm[32] = {0};
    cfb_w16(fm + 4, 1);
    fm[6] = 0;
    cfb_w16(fm + 12, 0xFFFF);
    rec(&b, 0x0006, fm, 26);
    unsigned char str[16] = {0};
    cfb_w16(str, 7);
    str[2] = 0;
    memcpy(str + 3, "t\xE8i m\xCBt", 7);
    rec(&b, 0x0207, str, 10);
    /* RSTRING: 8-bit with runs after it */
    unsigned char rs[32] = {0};
    cfb_w16(rs + 6, 4);
    rs[8] = 0;
    memcpy(rs + 9, "KHAN", 4);
    rec(&b, 0x00D6, rs, 13 + 6);
    rec(&b, 0x000A, NULL, 0);
    assert_int_equal(run_stream(&b, "Workbook"), DOC_OK);
    assert_string_equal(stub_part_text("S1"), "S1\nA&B\ntối mật\nKHẨN\nA\nMẬT\ntối mật\nKHAN\n");
    stub_reset();
}

static void biff5_book_with_code_page_1258(void **state)
{
    (void)state;
    bstream b = {0};
    bof(&b, 0x0500, 0x0005);
    unsigned char cp[2];
    cfb_w16(cp, 1258);
    rec(&b, 0x0042, cp, 2);
    unsigned char bs[32] = {0};
    bs[6] = 5;
    memcpy(bs + 7, "B\xE3ng1", 5);
    rec(&b, 0x0085, bs, 12);
    size_t patch = b.n - 12;
    rec(&b, 0x000A, NULL, 0);
    cfb_w32(b.p + patch, (uint32_t)b.n);
    bof(&b, 0x0500, 0x0010);
    unsigned char hd[16] = {6, '&', 'C', 'M', 0xC2, 0xF2, 'T'};
    rec(&b, 0x0014, hd, 7);
    unsigned char lab[32] = {0};
    cfb_w16(lab + 6, 7);
    memcpy(lab + 8, "T\xD4\xECI M\xC2", 7);
    rec(&b, 0x0204, lab, 15);
    rec(&b, 0x000A, NULL, 0);
    assert_int_equal(run_stream(&b, "Book"), DOC_OK);
    /* Windows-1258 keeps tone marks combining; the normalizer composes. */
    assert_string_equal(stub_part_text("B\xC4\x83ng1"),
                        "B\xC4\x83ng1\nM\xC3\x82\xCC\xA3T\nT\xC3\x94\xCC\x81I M\xC3\x82\n");
    stub_reset();
}

static void sheet_without_boundsheet_gets_a_numbered_part(void **state)
{
    (void)state;
    bstream b = {0};
    bof(&b, 0x0600, 0x0005);
    rec(&b, 0x000A, NULL, 0);
    bof(&b, 0x0600, 0x0010);
    unsigned char lab[16] = {0};
    cfb_w16(lab + 6, 3);
    memcpy(lab + 9, "MAT", 3);
    rec(&b, 0x0204, lab, 12);
    rec(&b, 0x000A, NULL, 0);
    assert_int_equal(run_stream(&b, "Workbook"), DOC_OK);
    assert_string_equal(stub_part_text("sheet1"), "sheet1\nMAT\n");
    stub_reset();
}

static void embedded_object_beside_the_workbook_is_a_file(void **state)
{
    (void)state;
    bstream in = {0};
    size_t patch = globals(&in);
    sheet_start(&in, patch);
    unsigned char lab[16] = {0};
    cfb_w16(lab + 6, 3);
    memcpy(lab + 9, "MAT", 3);
    rec(&in, 0x0204, lab, 12);
    rec(&in, 0x000A, NULL, 0);
    bstream out = {0};
    patch = globals(&out);
    sheet_start(&out, patch);
    rec(&out, 0x000A, NULL, 0);
    cfb_stream st[3] = {{"Workbook", out.p, out.n},
                        {"MBD0001A2B3/Workbook", in.p, in.n},
                        {"MBD0001A2B3/\001CompObj", "c", 1}};
    size_t n;
    unsigned char *f = cfb_build(st, 3, 9, 0, &n);
    free(in.p);
    free(out.p);
    doc_ctx *c = stub_reset();
    assert_int_equal(msxls_extract(c, f, n), DOC_OK);
    free(f);
    assert_int_equal(stub.nfile, 1);
    assert_string_equal(stub.file[0].name, "MBD0001A2B3");
    size_t en = stub.file[0].len;
    unsigned char *e = malloc(en);
    memcpy(e, stub.file[0].data, en);
    c = stub_reset();
    assert_int_equal(msxls_extract(c, e, en), DOC_OK);
    assert_string_equal(stub_part_text("S1"), "S1\nMAT\n");
    free(e);
    stub_reset();
}

/* ------------------------------------------------------------ hostile -- */

static void truncated_record_is_reported_after_what_was_read(void **state)
{
    (void)state;
    bstream b = {0};
    size_t patch = globals(&b);
    sheet_start(&b, patch);
    unsigned char lab[16] = {0};
    cfb_w16(lab + 6, 3);
    memcpy(lab + 9, "MAT", 3);
    rec(&b, 0x0204, lab, 12);
    size_t at = b.n;
    rec(&b, 0x0204, lab, 12);
    cfb_w16(b.p + at + 2, 60000);
    char want[128];
    snprintf(want, sizeof want, "truncated Excel workbook: record at offset %zu runs "
             "past the end of the stream", at);
    assert_int_equal(run_stream(&b, "Workbook"), DOC_OK);
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], want);
    assert_string_equal(stub_part_text("S1"), "S1\nMAT\n");
    stub_reset();
}

static void stream_without_bof_is_corrupt(void **state)
{
    (void)state;
    bstream b = {0};
    rec(&b, 0x0204, "xxxxxxxxxxxx", 12);
    assert_int_equal(run_stream(&b, "Workbook"), DOC_CORRUPT);
    assert_string_equal(stub.corrupt, "corrupt Excel workbook: no BOF record at the "
                        "start of the stream");
    bof(&b, 0x0400, 5);
    assert_int_equal(run_stream(&b, "Workbook"), DOC_CORRUPT);
    assert_string_equal(stub.corrupt, "corrupt Excel workbook: BIFF version 0x0400");
    stub_reset();
}

static void nested_substreams_are_cut_at_the_limit(void **state)
{
    (void)state;
    bstream b = {0};
    bof(&b, 0x0600, 0x0005);
    rec(&b, 0x000A, NULL, 0);
    for (int i = 0; i < 40; i++)
        bof(&b, 0x0600, 0x0010);
    assert_int_equal(run_stream(&b, "Workbook"), DOC_OK);
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "Excel substreams nested deeper than 16");
    stub_reset();
}

/* 2,000 cells naming one 8,000-character string: 16 MB of text from a
** 44 KB stream. It is handed on in pieces of at most 4 MB (doc_text holds
** it to max_extracted), and nothing once the scanner says stop. */
static void shared_string_reference_bomb_goes_out_in_bounded_pieces(void **state)
{
    (void)state;
    bstream b = {0};
    size_t patch = globals(&b);
    unsigned char *sst = calloc(1, 8300);
    cfb_w32(sst, 1);
    cfb_w32(sst + 4, 1);
    cfb_w16(sst + 8, 8000);
    sst[10] = 0;
    memset(sst + 11, 'A', 8000);
    rec(&b, 0x00FC, sst, 8011);
    free(sst);
    sheet_start(&b, patch);
    for (uint32_t i = 0; i < 2000; i++)
        labelsst(&b, (uint16_t)i, 0, 0);
    rec(&b, 0x000A, NULL, 0);
    size_t n;
    unsigned char *f = wrap(&b, "Workbook", &n);
    free(b.p);
    doc_ctx *c = stub_reset();
    assert_int_equal(msxls_extract(c, f, n), DOC_OK);
    size_t total = 0;
    assert_true(stub.npiece >= 4);
    for (size_t i = 0; i < stub.npiece; i++) {
        assert_string_equal(stub.piece[i].part, "S1");
        assert_true(stub.piece[i].len <= (4u << 20));
        total += stub.piece[i].len;
    }
    assert_int_equal(total, 3 + 2000 * 8001);
    c = stub_reset();
    c->stop = 1;
    assert_int_equal(msxls_extract(c, f, n), DOC_OK);
    assert_int_equal(stub.npiece, 0);
    free(f);
    stub_reset();
}

static void random_damage_gives_ok_or_corrupt(void **state)
{
    (void)state;
    size_t n;
    unsigned char *orig = tu_fixture("legacy", "book.xls", &n), *f = malloc(n);
    unsigned seed = 4242;
    for (int it = 0; it < 1500; it++) {
        tu_damage(f, orig, n, n, 1 + it % 6, &seed);
        doc_ctx *c = stub_reset();
        int rc = msxls_extract(c, f, n);
        assert_true(rc == DOC_OK || rc == DOC_CORRUPT);
    }
    free(f);
    free(orig);
    stub_reset();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_sheet_is_a_piece_named_after_its_tab),
        cmocka_unit_test(stamp_in_cell_header_comment_and_text_box_each_own_line),
        cmocka_unit_test(vntime_cell_becomes_vietnamese),
        cmocka_unit_test(four_hundred_shared_strings_across_continue_records),
        cmocka_unit_test(unstamped_workbook_is_extracted_exactly),
        cmocka_unit_test(password_protected_workbook_is_unscanned),
        cmocka_unit_test(word_document_given_to_msxls_is_read_as_word),
        cmocka_unit_test(sst_string_may_switch_width_at_each_continue),
        cmocka_unit_test(rich_run_in_vntime_is_converted_within_the_cell),
        cmocka_unit_test(labels_formula_string_and_every_header_kind),
        cmocka_unit_test(biff5_book_with_code_page_1258),
        cmocka_unit_test(sheet_without_boundsheet_gets_a_numbered_part),
        cmocka_unit_test(embedded_object_beside_the_workbook_is_a_file),
        cmocka_unit_test(truncated_record_is_reported_after_what_was_read),
        cmocka_unit_test(stream_without_bof_is_corrupt),
        cmocka_unit_test(nested_substreams_are_cut_at_the_limit),
        cmocka_unit_test(shared_string_reference_bomb_goes_out_in_bounded_pieces),
        cmocka_unit_test(random_damage_gives_ok_or_corrupt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

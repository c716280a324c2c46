/*
** 2026-11-25
**
** test_pdf.c: what engine/pdf.c must hand on from a PDF: each page's text
** with a stamp that is its own line on the page on its own line here (the
** two-column header of an administrative document included), page numbers,
** annotations, form values, metadata, embedded files, legacy-font runs
** converted, and a reason for everything it could not read - never a
** scanned-only or encrypted document passed as clean, never a word on
** stdout or stderr.
**
** Fixtures in tests/fixtures/pdf/ (rebuilt by make.sh there): .fodt sources
** converted by LibreOffice, hand-written PDFs from handmade.py, and hostile
** files cut or bent from header_stamp.pdf. Documents with many pages are
** built here. The recording stub of doc_stub.h stands in for the scanner.
*/
#include "fixture_util.h"

#include "doc_stub.h"

/* ------------------------------------------------------------ helpers -- */

/* Extract a fixture with fresh stub state and default limits. */
static int run_fixture(const char *name)
{
    return stub_extract_fixture(stub_reset(), pdf_extract, "pdf", name);
}

/* The piece of `part` for `page`, or NULL. */
static const stub_piece *piece(const char *part, uint32_t page)
{
    for (size_t i = 0; i < stub.npiece; i++) {
        const stub_piece *p = &stub.piece[i];
        if (p->page == page && ((!p->part && !part) ||
                                (p->part && part && !strcmp(p->part, part))))
            return p;
    }
    return NULL;
}

static void assert_page(uint32_t page, const char *text)
{
    const stub_piece *p = piece(NULL, page);
    assert_non_null(p);
    assert_null(p->encoding);
    assert_string_equal(p->text, text);
}

static void assert_no_page(uint32_t page)
{
    assert_null(piece(NULL, page));
}

static size_t page_pieces(void)
{
    size_t k = 0;
    for (size_t i = 0; i < stub.npiece; i++)
        k += stub.piece[i].part == NULL;
    return k;
}

static void assert_unscanned(const char *why)
{
    for (size_t i = 0; i < stub.nunscanned; i++)
        if (!strcmp(stub.unscanned[i], why))
            return;
    for (size_t i = 0; i < stub.nunscanned; i++)
        print_message("unscanned[%zu]: %s\n", i, stub.unscanned[i]);
    fail_msg("no unscanned reason \"%s\"", why);
}

/* Whether `line` is a whole line of `text`. */
static int has_line(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = text; (p = strstr(p, line)) != NULL; p++)
        if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
            return 1;
    return 0;
}

/* Growing buffer for PDFs built here. */
typedef struct pdfbuf {
    char *p;
    size_t len, cap;
    size_t off[64 + 2 * 4096];
    unsigned nobj;
} pdfbuf;

static void pb_printf(pdfbuf *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        assert_true(n >= 0);
        if ((size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        b->cap = b->cap * 2 + (size_t)n + 1;
        b->p = realloc(b->p, b->cap);
        assert_non_null(b->p);
    }
}

static void pb_obj(pdfbuf *b)
{
    b->off[++b->nobj] = b->len;
    pb_printf(b, "%u 0 obj\n", b->nobj);
}

/*
** A PDF with one page per letter of `kinds`: 't' shows "Trang N" in
** Helvetica, 'i' only a picture (a one-pixel image drawn large, as a
** scanner's page is), 's' the picture with "Trang N" over it, 'b' nothing. Objects: 1 catalog, 2 pages, 3 font,
** 4 image, then a page and its content for each page.
*/
static pdfbuf *make_pdf_of(const char *kinds)
{
    unsigned pages = (unsigned)strlen(kinds);
    pdfbuf *b = calloc(1, sizeof *b);
    assert_non_null(b);
    assert_true(pages <= 4096);
    pb_printf(b, "%%PDF-1.4\n");
    pb_obj(b);
    pb_printf(b, "<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    pb_obj(b);
    pb_printf(b, "<< /Type /Pages /Count %u /Kids [", pages);
    for (unsigned i = 0; i < pages; i++)
        pb_printf(b, "%u 0 R ", 5 + 2 * i);
    pb_printf(b, "] >>\nendobj\n");
    pb_obj(b);
    pb_printf(b, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n");
    pb_obj(b);
    pb_printf(b, "<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace "
                 "/DeviceGray /BitsPerComponent 8 /Length 1 >>\nstream\n\x80\n"
                 "endstream\nendobj\n");
    for (unsigned i = 0; i < pages; i++) {
        char content[128] = "";
        if (kinds[i] == 't')
            snprintf(content, sizeof content, "BT /F1 12 Tf 72 760 Td (Trang %u) Tj ET", i + 1);
        else if (kinds[i] == 'i')
            snprintf(content, sizeof content, "q 451 0 0 698 72 72 cm /Im1 Do Q");
        else if (kinds[i] == 's')
            snprintf(content, sizeof content, "q 451 0 0 698 72 72 cm /Im1 Do Q "
                                              "BT /F1 12 Tf 72 800 Td (Trang %u) Tj ET", i + 1);
        pb_obj(b);
        pb_printf(b, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                     "/Resources << /Font << /F1 3 0 R >> /XObject << /Im1 4 0 R >> >> "
                     "/Contents %u 0 R >>\nendobj\n", 6 + 2 * i);
        pb_obj(b);
        pb_printf(b, "<< /Length %zu >>\nstream\n%s\nendstream\nendobj\n",
                  strlen(content), content);
    }
    size_t xref = b->len;
    pb_printf(b, "xref\n0 %u\n0000000000 65535 f \n", b->nobj + 1);
    for (unsigned i = 1; i <= b->nobj; i++)
        pb_printf(b, "%010zu 00000 n \n", b->off[i]);
    pb_printf(b, "trailer\n<< /Size %u /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
              b->nobj + 1, xref);
    return b;
}

/* `pages` pages of text. */
static pdfbuf *make_pdf(unsigned pages)
{
    char kinds[4097];
    assert_true(pages < sizeof kinds);
    memset(kinds, 't', pages);
    kinds[pages] = '\0';
    return make_pdf_of(kinds);
}

static void pb_free(pdfbuf *b)
{
    free(b->p);
    free(b);
}

/* ------------------------------------------------- where the stamp sits -- */

/*
** Poppler's table finder sees the header's two rows of two columns as a
** grid and glues the last line of each left block to the first of the right
** one, with no space: "SỞ NỘI VỤCỘNG HÒA ..." and "TỐI MẬTHà Nam, ngày
** ...". The stamp under Số: and V/v must come out as a line of its own.
*/
static void stamp_under_so_in_a_two_column_header_is_its_own_line(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("header_stamp.pdf"), DOC_OK);
    assert_page(1, "UBND TỈNH HÀ NAM\n"
                   "SỞ NỘI VỤ\n"
                   "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                   "Độc lập - Tự do - Hạnh phúc\n"
                   "Số: 45/KH-UBND\n"
                   "V/v triển khai kế hoạch\n"
                   "TỐI MẬT\n"
                   "Hà Nam, ngày 12 tháng 3 năm 2026\n"
                   "KẾ HOẠCH\n"
                   "Triển khai công tác văn thư năm 2026 tại các đơn vị trực thuộc.\n");
    assert_int_equal(page_pieces(), 1);
    assert_int_equal(stub.nunscanned, 0);
    assert_string_equal(stub.corrupt, "");
}

static void stamp_in_page_header_starts_every_page(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("page_header.pdf"), DOC_OK);
    assert_page(1, "TUYỆT MẬT\nBáo cáo tình hình thực hiện nhiệm vụ quý I.\n");
    assert_page(2, "TUYỆT MẬT\nPhần tiếp theo của báo cáo.\n");
    assert_int_equal(page_pieces(), 2);
    assert_int_equal(stub.nunscanned, 0);
}

/* Poppler reads the grid's rows across and glues the cells of a row. */
static void stamp_in_a_table_cell_is_its_own_line(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("table_cell.pdf"), DOC_OK);
    assert_page(1, "Danh sách tài liệu gửi kèm:\n"
                   "Tài liệu\nĐộ mật\n"
                   "Báo cáo nhân sự quý I\nTỐI MẬT\n"
                   "Lịch công tác tuần\nThường\n"
                   "Đề nghị các đơn vị thực hiện.\n");
}

static void stamp_in_a_text_frame_is_its_own_line(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("text_frame.pdf"), DOC_OK);
    assert_page(1, "MẬT\n"
                   "Kính gửi các phòng.\n"
                   "Đề nghị các phòng nghiên cứu và góp ý trước ngày 20 tháng 3\n"
                   "năm 2026.\n");
}

/* The words of the stamps appear, but only inside sentences. */
static void public_document_has_the_words_but_no_stamp_line(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("public.pdf"), DOC_OK);
    assert_page(1, "UBND TỈNH HÀ NAM\n"
                   "SỞ NỘI VỤ\n"
                   "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                   "Độc lập - Tự do - Hạnh phúc\n"
                   "Số: 45/KH-UBND\n"
                   "V/v triển khai kế hoạch\n"
                   "Hà Nam, ngày 12 tháng 3 năm 2026\n"
                   "KẾ HOẠCH\n"
                   "Thực hiện công tác bảo vệ bí mật nhà nước; không được sao\n"
                   "chụp tài liệu mật khi chưa được phép.\n"
                   "Tài liệu có độ mật Tuyệt mật, Tối mật, Mật phải được quản lý\n"
                   "theo quy định.\n");
    const char *t = piece(NULL, 1)->text;
    assert_false(has_line(t, "MẬT") || has_line(t, "TỐI MẬT") ||
                 has_line(t, "Mật") || has_line(t, "TUYỆT MẬT"));
    assert_int_equal(stub.nunscanned, 0);
}

static void stamp_on_page_two_is_reported_on_page_two(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("multipage.pdf"), DOC_OK);
    assert_page(1, "Kính gửi các đơn vị: gửi kèm phụ lục.\n");
    assert_page(2, "PHỤ LỤC\nMẬT\nDanh sách cán bộ dự kiến điều động.\n");
    assert_page(3, "Nơi nhận: như trên.\n");
    assert_int_equal(page_pieces(), 3);
    assert_false(has_line(piece(NULL, 1)->text, "MẬT"));
}

/* LibreOffice writes its own name as the creator. */
static void metadata_piece_holds_one_value_a_line(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("annots_forms.pdf"), DOC_OK);
    const stub_piece *m = piece("metadata", 0);
    assert_non_null(m);
    assert_string_equal(m->text, "Phiếu trình\nĐề xuất nhân sự\nnhân sự; quy hoạch\n"
                                 "Văn phòng Sở\nSoạn thảo\n");
    assert_int_equal(run_fixture("multipage.pdf"), DOC_OK);
    assert_string_equal(piece("metadata", 0)->text, "Writer\n");
}

static void annotations_and_form_values_are_pieces_of_their_page(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("annots_forms.pdf"), DOC_OK);
    assert_page(1, "Phieu trinh so 7\n");
    const stub_piece *a = piece("annotations", 1);
    assert_non_null(a);
    assert_string_equal(a->text, "TỐI MẬT\nGhi chú: trình lãnh đạo\n");
    const stub_piece *f = piece("form fields", 1);
    assert_non_null(f);
    assert_string_equal(f->text, "Nguyễn Văn An\nTối mật\n");
    assert_int_equal(stub.npiece, 4);
    assert_int_equal(stub.nunscanned, 0);
}

static void embedded_files_are_handed_on_by_name(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("attachments.pdf"), DOC_OK);
    assert_page(1, "Xem tep dinh kem\n");
    assert_int_equal(stub.nfile, 2);
    assert_string_equal(stub.file[0].name, "baocao.txt");
    assert_int_equal(stub.file[0].len, strlen("TỐI MẬT\nBáo cáo nhân sự\n"));
    assert_memory_equal(stub.file[0].data, "TỐI MẬT\nBáo cáo nhân sự\n", stub.file[0].len);
    assert_string_equal(stub.file[1].name, "phuluc.txt");
    assert_int_equal(stub.file[1].len, strlen("Phu luc kem theo\n"));
    assert_memory_equal(stub.file[1].data, "Phu luc kem theo\n", stub.file[1].len);
}

static void embedded_files_past_max_members_are_reported(void **state)
{
    (void)state;
    size_t n;
    unsigned char *b = tu_fixture("pdf", "attachments.pdf", &n);
    doc_ctx *c = stub_reset();
    c->lim.max_members = 1;
    assert_int_equal(pdf_extract(c, b, n), DOC_OK);
    free(b);
    assert_int_equal(stub.nfile, 1);
    assert_unscanned("embedded files after the first 1 not scanned (limit 1)");
}

static void embedded_files_obey_size_and_extraction_limits(void **state)
{
    (void)state;
    size_t n;
    unsigned char *b = tu_fixture("pdf", "attachments.pdf", &n);
    doc_ctx *c = stub_reset();
    c->lim.max_input_bytes = 20;
    assert_int_equal(pdf_extract(c, b, n), DOC_OK);
    assert_int_equal(stub.nfile, 1);
    assert_string_equal(stub.file[0].name, "phuluc.txt");
    assert_unscanned("embedded file baocao.txt: larger than 20 bytes, not scanned");

    /* The stub stops everything once the budget is spent, as doc.c does. */
    c = stub_reset();
    c->lim.max_extracted = 10;
    assert_int_equal(pdf_extract(c, b, n), DOC_OK);
    free(b);
    assert_int_equal(stub.nfile, 0);
    assert_true(c->stop);
}

/* --------------------------------------------------------- legacy fonts -- */

/*
** .VnTimeH capitals reuse the lowercase codes, so its "TỐI MẬT" decodes as
** "TốI MậT" (the scanner folds case); VNI-Times stores a letter and its
** marks as two bytes; ư in .VnTime is the soft hyphen. A .VnTime run whose
** ToUnicode map already gives real Vietnamese ("Hà Nội") is left alone.
*/
static void legacy_font_runs_are_converted_and_unicode_left_alone(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("legacy_fonts.pdf"), DOC_OK);
    assert_page(1, "Cong van so 12\n"
                   "TốI MậT\n"
                   "TỐI MẬT\n"
                   "người nhận\n"
                   "Hà Nội\n");
}

/* ---------------------------------------------------- pages not scanned -- */

/* A document that is only pictures must never come out clean. */
static void image_only_pdf_is_reported_unscanned(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("image_only.pdf"), DOC_OK);
    assert_int_equal(page_pieces(), 0);
    assert_int_equal(stub.nunscanned, 1);
    assert_unscanned("image-only pages (no text layer): 1");
}

static void image_only_pages_are_listed_once_as_ranges(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("image_pages.pdf"), DOC_OK);
    assert_page(1, "Trang một có chữ.\n");
    assert_page(4, "Trang bốn có chữ.\n");
    assert_int_equal(page_pieces(), 2);
    assert_int_equal(stub.nunscanned, 1);
    assert_unscanned("image-only pages (no text layer): 2-3, 5");
}

/* Past 16 ranges the list is counted, not spelled out. */
static void long_lists_of_image_pages_end_with_a_count(void **state)
{
    (void)state;
    char kinds[41];
    for (int i = 0; i < 40; i++)
        kinds[i] = i % 2 ? 't' : 'i';
    kinds[40] = '\0';
    pdfbuf *b = make_pdf_of(kinds);
    doc_ctx *c = stub_reset();
    assert_int_equal(pdf_extract(c, (unsigned char *)b->p, b->len), DOC_OK);
    pb_free(b);
    assert_int_equal(page_pieces(), 20);
    assert_page(2, "Trang 2\n");
    assert_int_equal(stub.nunscanned, 1);
    assert_unscanned("image-only pages (no text layer): 1, 3, 5, 7, 9, 11, 13, 15, "
                     "17, 19, 21, 23, 25, 27, 29, 31 and 4 more");
}

/* A blank page in a text document is just blank; a document without a
** single character, picture or not, must not pass as clean. */
static void blank_pages_pass_only_beside_text(void **state)
{
    (void)state;
    pdfbuf *b = make_pdf_of("tbt");
    doc_ctx *c = stub_reset();
    assert_int_equal(pdf_extract(c, (unsigned char *)b->p, b->len), DOC_OK);
    pb_free(b);
    assert_int_equal(page_pieces(), 2);
    assert_int_equal(stub.nunscanned, 0);

    b = make_pdf_of("bb");
    c = stub_reset();
    assert_int_equal(pdf_extract(c, (unsigned char *)b->p, b->len), DOC_OK);
    pb_free(b);
    assert_int_equal(stub.npiece, 0);
    assert_int_equal(stub.nunscanned, 1);
    assert_unscanned("no text on any page (2 pages): drawn or blank");
}

/* A page number laid over a scan does not make the scan readable. */
static void picture_with_a_few_words_is_a_scanned_page(void **state)
{
    (void)state;
    pdfbuf *b = make_pdf_of("tst");
    doc_ctx *c = stub_reset();
    assert_int_equal(pdf_extract(c, (unsigned char *)b->p, b->len), DOC_OK);
    pb_free(b);
    assert_page(2, "Trang 2\n");
    assert_int_equal(page_pieces(), 3);
    assert_int_equal(stub.nunscanned, 1);
    assert_unscanned("scanned pages (a picture with under 200 characters of text): 2");
}

static void pages_past_max_pages_are_reported(void **state)
{
    (void)state;
    pdfbuf *b = make_pdf(30);
    doc_ctx *c = stub_reset();
    c->lim.max_pages = 10;
    assert_int_equal(pdf_extract(c, (unsigned char *)b->p, b->len), DOC_OK);
    pb_free(b);
    assert_int_equal(page_pieces(), 10);
    assert_page(1, "Trang 1\n");
    assert_page(10, "Trang 10\n");
    assert_no_page(11);
    assert_int_equal(stub.nunscanned, 1);
    assert_unscanned("PDF has 30 pages; pages 11-30 not scanned (limit 10)");
}

static void stop_is_obeyed_before_the_first_page(void **state)
{
    (void)state;
    pdfbuf *b = make_pdf(5);
    doc_ctx *c = stub_reset();
    c->stop = 1;
    assert_int_equal(pdf_extract(c, (unsigned char *)b->p, b->len), DOC_OK);
    pb_free(b);
    assert_int_equal(page_pieces(), 0);
    assert_int_equal(stub.nunscanned, 0);
}

static void page_tree_loop_reports_the_page_it_cannot_read(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("loop_pages.pdf"), DOC_OK);
    assert_page(1, "Trang mot\n");
    assert_int_equal(page_pieces(), 1);
    assert_unscanned("pages that cannot be read: 2");
}

/* ------------------------------------------------------ hostile inputs -- */

static void encrypted_pdf_is_unscanned_not_corrupt(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("encrypted.pdf"), DOC_OK);
    assert_int_equal(stub.npiece, 0);
    assert_int_equal(stub.nunscanned, 1);
    assert_unscanned("encrypted PDF: cannot be read without its password");
    assert_string_equal(stub.corrupt, "");
}

/* Restrictions without a user password stop nobody from reading. */
static void pdf_with_only_an_owner_password_is_read(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("owner_only.pdf"), DOC_OK);
    assert_true(has_line(piece(NULL, 1)->text, "TỐI MẬT"));
    assert_int_equal(stub.nunscanned, 0);
}

static void truncated_pdf_is_corrupt_with_its_reason(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("truncated.pdf"), DOC_CORRUPT);
    assert_string_equal(stub.corrupt, "truncated PDF (no %%EOF at the end): "
                                      "no readable cross-reference table, even after repair");
    assert_int_equal(stub.npiece, 0);
}

/* Poppler rebuilds the table by scanning the objects; nothing is lost. */
static void broken_xref_is_repaired_and_read(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("broken_xref.pdf"), DOC_OK);
    assert_page(1, "UBND TỈNH HÀ NAM\n"
                   "SỞ NỘI VỤ\n"
                   "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                   "Độc lập - Tự do - Hạnh phúc\n"
                   "Số: 45/KH-UBND\n"
                   "V/v triển khai kế hoạch\n"
                   "TỐI MẬT\n"
                   "Hà Nam, ngày 12 tháng 3 năm 2026\n"
                   "KẾ HOẠCH\n"
                   "Triển khai công tác văn thư năm 2026 tại các đơn vị trực thuộc.\n");
    assert_int_equal(stub.nunscanned, 0);
}

/* Poppler counts no pages when /Count exceeds the number of objects: the
** document opened, so its pages are reported unscanned (review), at once. */
static void billion_page_claim_is_unscanned_at_once(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("billion_pages.pdf"), DOC_OK);
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0],
                        "PDF pages not scanned: page tree missing or its page count invalid");
    assert_int_equal(stub.npiece, 0);
}

static void bytes_that_are_not_a_pdf_are_corrupt(void **state)
{
    (void)state;
    static const char junk[] = "Kính gửi: this is a text file, not a PDF\n%%EOF\n";
    doc_ctx *c = stub_reset();
    assert_int_equal(pdf_extract(c, (const unsigned char *)junk, sizeof junk - 1),
                     DOC_CORRUPT);
    assert_string_equal(stub.corrupt, "not a PDF (no %PDF- header): "
                                      "no readable cross-reference table, even after repair");
    c = stub_reset();
    assert_int_equal(pdf_extract(c, (const unsigned char *)"%PDF-", 5), DOC_CORRUPT);
    assert_string_equal(stub.corrupt, "damaged PDF: 5 bytes is too short for a PDF");
    c = stub_reset();
    assert_int_equal(pdf_extract(c, NULL, 0), DOC_CORRUPT);
}

/*
** Poppler logs every syntax error of a damaged file; with G_MESSAGES_DEBUG
** set (main sets it to "all") GLib would print them on stdout. Both streams
** are sent to a file while the hostile fixtures are read; it must stay empty.
*/
static void damaged_files_print_nothing(void **state)
{
    (void)state;
    static const char *const names[] = {
        "truncated.pdf", "broken_xref.pdf", "billion_pages.pdf", "loop_pages.pdf",
        "encrypted.pdf", "legacy_fonts.pdf", "annots_forms.pdf"};
    tu_capture cap;
    tu_capture_start(&cap, 1, 1);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        (void)run_fixture(names[i]);
    pdfbuf *b = make_pdf(2);
    b->p[b->len / 2] = '?'; /* a syntax error in the middle */
    (void)pdf_extract(stub_reset(), (unsigned char *)b->p, b->len);
    pb_free(b);
    assert_int_equal(tu_capture_end(&cap), 0);
}

int main(void)
{
    /* GLib reads it when it logs: set before any Poppler call. */
    setenv("G_MESSAGES_DEBUG", "all", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stamp_under_so_in_a_two_column_header_is_its_own_line),
        cmocka_unit_test(stamp_in_page_header_starts_every_page),
        cmocka_unit_test(stamp_in_a_table_cell_is_its_own_line),
        cmocka_unit_test(stamp_in_a_text_frame_is_its_own_line),
        cmocka_unit_test(public_document_has_the_words_but_no_stamp_line),
        cmocka_unit_test(stamp_on_page_two_is_reported_on_page_two),
        cmocka_unit_test(metadata_piece_holds_one_value_a_line),
        cmocka_unit_test(annotations_and_form_values_are_pieces_of_their_page),
        cmocka_unit_test(embedded_files_are_handed_on_by_name),
        cmocka_unit_test(embedded_files_past_max_members_are_reported),
        cmocka_unit_test(embedded_files_obey_size_and_extraction_limits),
        cmocka_unit_test(legacy_font_runs_are_converted_and_unicode_left_alone),
        cmocka_unit_test(image_only_pdf_is_reported_unscanned),
        cmocka_unit_test(image_only_pages_are_listed_once_as_ranges),
        cmocka_unit_test(long_lists_of_image_pages_end_with_a_count),
        cmocka_unit_test(blank_pages_pass_only_beside_text),
        cmocka_unit_test(picture_with_a_few_words_is_a_scanned_page),
        cmocka_unit_test(pages_past_max_pages_are_reported),
        cmocka_unit_test(stop_is_obeyed_before_the_first_page),
        cmocka_unit_test(page_tree_loop_reports_the_page_it_cannot_read),
        cmocka_unit_test(encrypted_pdf_is_unscanned_not_corrupt),
        cmocka_unit_test(pdf_with_only_an_owner_password_is_read),
        cmocka_unit_test(truncated_pdf_is_corrupt_with_its_reason),
        cmocka_unit_test(broken_xref_is_repaired_and_read),
        cmocka_unit_test(billion_page_claim_is_unscanned_at_once),
        cmocka_unit_test(bytes_that_are_not_a_pdf_are_corrupt),
        cmocka_unit_test(damaged_files_print_nothing),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    stub_reset();
    return rc;
}

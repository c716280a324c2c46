/*
** 2026-11-25
**
** test_msdoc.c: what engine/msdoc.c must hand on from a .doc: each story
** (main text, headers, footnotes, comments, text boxes) as its own piece
** with a stamp in its own paragraph or table cell on its own line, field
** results without field codes, runs in .VnTime converted to Vietnamese,
** the document properties; and for the other things an OLE2 file can be -
** encrypted Word, password-protected .docx, a workbook, something else, or
** a damaged file - the exact outcome.
**
** The documents in tests/fixtures/legacy/ are LibreOffice's, converted from
** the .fodt sources there; FIBs and piece tables LibreOffice never writes
** (8-bit pieces, nested fields, Word 6, broken tables) are built here.
*/
#include "fixture_util.h"

#include <zlib.h>

#include "doc_stub.h"
#include "legacy_text.h"
#include "ole2.h"
#include "fixtures/legacy/cfb_build.h"

static int run_fixture(const char *name)
{
    return stub_extract_fixture(stub_reset(), msdoc_extract, "legacy", name);
}

/* ---------------------------------------------------- synthetic Word -- */

typedef struct wpiece {
    const char *bytes; /* 8-bit text, or UTF-16LE when !compressed */
    size_t nchars;
    int compressed;
} wpiece;

#define TEXT_AT 0x400

/*
** A Word 97 document: FIB (csw 14, cslw 22, 93 fc/lcb pairs), the pieces'
** text from TEXT_AT in WordDocument, the CLX alone in 1Table.
*/
static unsigned char *build_doc_with(const wpiece *pc, size_t np, const uint32_t ccp[8],
                                     uint16_t flags, const cfb_stream *extra,
                                     size_t nextra, size_t *n)
{
    static unsigned char w[131072], t[4096];
    memset(w, 0, sizeof w);
    memset(t, 0, sizeof t);
    cfb_w16(w, 0xA5EC);
    cfb_w16(w + 2, 0x00C1);
    cfb_w16(w + 0x0A, (uint16_t)(flags | 0x0200));
    cfb_w16(w + 0x20, 14);
    cfb_w16(w + 0x3E, 22);
    for (int r = 0; r < 8; r++)
        cfb_w32(w + 0x40 + 4 * (3 + r), ccp[r]);
    cfb_w16(w + 0x98, 93);
    size_t at = TEXT_AT, cp = 0;
    t[0] = 2;
    size_t lcb = 4 * (np + 1) + 8 * np;
    cfb_w32(t + 1, (uint32_t)lcb);
    unsigned char *plc = t + 5;
    for (size_t i = 0; i < np; i++) {
        size_t bytes = pc[i].nchars * (pc[i].compressed ? 1 : 2);
        memcpy(w + at, pc[i].bytes, bytes);
        cfb_w32(plc + 4 * i, (uint32_t)cp);
        uint32_t fc = pc[i].compressed ? (uint32_t)(at * 2) | 0x40000000u : (uint32_t)at;
        cfb_w32(plc + 4 * (np + 1) + 8 * i + 2, fc);
        cp += pc[i].nchars;
        at += bytes;
    }
    cfb_w32(plc + 4 * np, (uint32_t)cp);
    cfb_w32(w + 0x9A + 33 * 8, 0);
    cfb_w32(w + 0x9A + 33 * 8 + 4, (uint32_t)(5 + lcb));
    cfb_stream st[16] = {{"WordDocument", w, at < 4096 ? 4096 : at}, {"1Table", t, 5 + lcb}};
    for (size_t i = 0; i < nextra && i < 14; i++)
        st[2 + i] = extra[i];
    return cfb_build(st, 2 + (nextra < 14 ? nextra : 14), 9, 0, n);
}

static unsigned char *build_doc(const wpiece *pc, size_t np, const uint32_t ccp[8],
                                uint16_t flags, size_t *n)
{
    return build_doc_with(pc, np, ccp, flags, NULL, 0, n);
}

static int run_doc(const wpiece *pc, size_t np, const uint32_t ccp[8], uint16_t flags)
{
    size_t n;
    unsigned char *f = build_doc(pc, np, ccp, flags, &n);
    doc_ctx *c = stub_reset();
    int rc = msdoc_extract(c, f, n);
    free(f);
    return rc;
}

/* ---------------------------------------------------- LibreOffice .doc -- */

static void stamp_in_body_and_table_cell_stands_on_its_own_line(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("stamped.doc"), DOC_OK);
    assert_string_equal(stub.corrupt, "");
    assert_int_equal(stub.nunscanned, 0);
    /* Paragraphs, cells and the row end each close a line; the footnote
    ** reference mark is dropped; the hyperlink keeps its text only. */
    assert_string_equal(stub_part_text("main"), LEGACY_STAMPED_MAIN);
    assert_null(strstr(stub_part_text("main"), "HYPERLINK"));
    assert_null(strstr(stub_part_text("main"), "example.org"));
    assert_null(stub_part("endnotes"));
    stub_reset();
}

static void stamp_in_page_header_is_its_own_piece(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("stamped.doc"), DOC_OK);
    assert_string_equal(stub_part_text("headers"), "MẬT\n\n\n\n\n");
    stub_reset();
}

static void stamp_in_text_frame_is_the_textboxes_piece(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("stamped.doc"), DOC_OK);
    assert_string_equal(stub_part_text("textboxes"), "HỎA TỐC\n\n\n");
    stub_reset();
}

static void footnote_comment_and_properties_are_pieces_of_their_own(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("stamped.doc"), DOC_OK);
    assert_int_equal(stub.npiece, 6);
    static const char *const order[] = {"metadata", "main", "footnotes", "headers",
                                        "comments", "textboxes"};
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(stub.piece[i].part, order[i]);
        assert_int_equal(stub.piece[i].page, 0);
        assert_null(stub.piece[i].encoding);
    }
    assert_string_equal(stub_part_text("footnotes"), "Chú thích về kế hoạch.\n\n");
    assert_string_equal(stub_part_text("comments"), "Đã duyệt\n\n");
    assert_string_equal(stub_part_text("metadata"), LEGACY_STAMPED_METADATA);
    stub_reset();
}

static void unstamped_document_is_extracted_exactly(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("unstamped.doc"), DOC_OK);
    assert_int_equal(stub.npiece, 2);
    assert_string_equal(stub_part_text("main"), LEGACY_UNSTAMPED_MAIN);
    assert_string_equal(stub_part_text("headers"), "Kế hoạch công khai\n\n\n\n\n");
    stub_reset();
}

static void vntime_runs_become_vietnamese_by_every_font_route(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("vntime.doc"), DOC_OK);
    /* Line 2: direct formatting; 3: a .VnTime run inside a Unicode
    ** paragraph; 4: the paragraph style's font, with TCVN3 ư stored as
    ** Word's optional hyphen; 5: .VnTimeH, whose capitals reuse the
    ** lower-case bytes (the normalizer folds case later). */
    assert_string_equal(stub_part_text("main"), LEGACY_VNTIME_MAIN);
    stub_reset();
}

/* ------------------------------------------------------------ objects -- */

static void embedded_workbook_is_handed_on_as_a_file_of_its_own(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("embedded.doc"), DOC_OK);
    assert_string_equal(stub_part_text("main"), "Báo cáo kèm bảng tính:\n\n");
    assert_int_equal(stub.nfile, 1);
    assert_string_equal(stub.file[0].name, "ObjectPool/_2147483647");
    assert_int_equal(stub.nunscanned, 0);
    /* What the scanner gets is a workbook of its own. */
    size_t n = stub.file[0].len;
    unsigned char *f = malloc(n);
    memcpy(f, stub.file[0].data, n);
    doc_ctx *c = stub_reset();
    assert_int_equal(msxls_extract(c, f, n), DOC_OK);
    assert_string_equal(stub_part_text("Sheet1"), "Sheet1\nPage \nTỐI MẬT\n");
    free(f);
    stub_reset();
}

static void embedded_objects_of_every_kind_have_an_outcome(void **state)
{
    (void)state;
    /* OLE1 package: size, 2, label, path, 0x00030000, temp path, data. */
    static unsigned char native[128];
    size_t k = 4;
    cfb_w16(native + k, 2);
    k += 2;
    memcpy(native + k, "baocao.txt", 11);
    k += 11;
    memcpy(native + k, "C:\\baocao.txt", 14);
    k += 14;
    cfb_w32(native + k, 0x00030000);
    cfb_w32(native + k + 4, 4);
    memcpy(native + k + 8, "C:\\t", 4);
    k += 12;
    cfb_w32(native + k, 9);
    memcpy(native + k + 4, "TỐI MẬT", 9);
    k += 13;
    cfb_w32(native, (uint32_t)(k - 4));
    wpiece inner[1] = {{"MAT\r", 4, 1}};
    uint32_t iccp[8] = {4};
    size_t ni;
    unsigned char *idoc = build_doc(inner, 1, iccp, 0, &ni);
    /* The inner document's two streams, read back for the storage. */
    ole2 *o;
    char why[200];
    ole2_stream ws, ts;
    assert_int_equal(ole2_open(&o, idoc, ni, why, sizeof why), OLE2_OK);
    assert_int_equal(ole2_read(o, ole2_find(o, OLE2_ROOT, "WordDocument"), &ws, why,
                               sizeof why), OLE2_OK);
    assert_int_equal(ole2_read(o, ole2_find(o, OLE2_ROOT, "1Table"), &ts, why,
                               sizeof why), OLE2_OK);
    cfb_stream ex[10] = {
        {"ObjectPool/_1/Package", "PK\3\4docx", 8},
        {"ObjectPool/_2/\001Ole10Native", native, k},
        {"ObjectPool/_3/Equation Native", "eq", 2},
        {"ObjectPool/_3/\001CompObj", "c", 1},
        {"ObjectPool/_4/\001Ole", "link", 4},
        {"ObjectPool/_4/\002OlePres000", "pic", 3},
        {"ObjectPool/_5/CONTENTS", "%PDF-1.4", 8},
        {"ObjectPool/_6/WordDocument", ws.data, ws.len},
        {"ObjectPool/_6/1Table", ts.data, ts.len},
    };
    wpiece p[1] = {{"Body\r", 5, 1}};
    uint32_t ccp[8] = {5};
    size_t n;
    unsigned char *f = build_doc_with(p, 1, ccp, 0, ex, 9, &n);
    ole2_stream_free(&ws);
    ole2_stream_free(&ts);
    ole2_close(o);
    free(idoc);
    doc_ctx *c = stub_reset();
    assert_int_equal(msdoc_extract(c, f, n), DOC_OK);
    free(f);
    assert_int_equal(stub.nfile, 4);
    assert_string_equal(stub.file[0].name, "ObjectPool/_1");
    assert_int_equal(stub.file[0].len, 8);
    assert_memory_equal(stub.file[0].data, "PK\3\4docx", 8);
    assert_string_equal(stub.file[1].name, "ObjectPool/_2/baocao.txt");
    assert_int_equal(stub.file[1].len, 9);
    assert_memory_equal(stub.file[1].data, "TỐI MẬT", 9);
    assert_string_equal(stub.file[2].name, "ObjectPool/_5");
    assert_string_equal(stub.file[3].name, "ObjectPool/_6");
    /* The equation has content we do not read; the link has none. */
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0],
                        "embedded object ObjectPool/_3 (Equation Native) not scanned");
    /* The embedded Word document is a document again. */
    size_t en = stub.file[3].len;
    unsigned char *e = malloc(en);
    memcpy(e, stub.file[3].data, en);
    c = stub_reset();
    assert_int_equal(msdoc_extract(c, e, en), DOC_OK);
    assert_string_equal(stub_part_text("main"), "MAT\n");
    free(e);
    stub_reset();
}

/* ------------------------------------------------- encrypted and other -- */

static void encrypted_word_document_is_unscanned_with_its_properties(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("encrypted.doc"), DOC_OK);
    assert_string_equal(stub.corrupt, "");
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "encrypted Word document");
    assert_int_equal(stub.npiece, 1);
    assert_string_equal(stub.piece[0].part, "metadata");
    stub_reset();
}

static void obfuscated_word_document_is_unscanned(void **state)
{
    (void)state;
    wpiece p[1] = {{"TOI MAT\r", 8, 1}};
    uint32_t ccp[8] = {8};
    assert_int_equal(run_doc(p, 1, ccp, 0x8000), DOC_OK);
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "encrypted Word document");
    assert_int_equal(stub.npiece, 0);
    stub_reset();
}

static void password_protected_ooxml_container_is_unscanned(void **state)
{
    (void)state;
    static unsigned char info[64], pkg[8192];
    memset(pkg, 0x5A, sizeof pkg);
    cfb_w16(info, 4);
    cfb_w16(info + 2, 4);
    cfb_stream st[2] = {{"EncryptionInfo", info, sizeof info},
                        {"EncryptedPackage", pkg, sizeof pkg}};
    size_t n;
    unsigned char *f = cfb_build(st, 2, 9, 0, &n);
    doc_ctx *c = stub_reset();
    assert_int_equal(msdoc_extract(c, f, n), DOC_OK);
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0],
                        "encrypted Office document (password-protected .docx/.xlsx)");
    assert_int_equal(stub.npiece, 0);
    /* msxls_extract hands it over the same way. */
    c = stub_reset();
    assert_int_equal(msxls_extract(c, f, n), DOC_OK);
    assert_string_equal(stub.unscanned[0],
                        "encrypted Office document (password-protected .docx/.xlsx)");
    free(f);
    stub_reset();
}

static void workbook_given_to_msdoc_is_read_as_a_workbook(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("unstamped.xls"), DOC_OK);
    assert_non_null(stub_part("DanhMuc"));
    stub_reset();
}

static void compound_file_of_unknown_kind_is_unscanned(void **state)
{
    (void)state;
    cfb_stream st[1] = {{"Contents", "hello", 5}};
    size_t n;
    unsigned char *f = cfb_build(st, 1, 9, 0, &n);
    doc_ctx *c = stub_reset();
    assert_int_equal(msdoc_extract(c, f, n), DOC_OK);
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0],
                        "OLE2 compound file without a Word, Excel or PowerPoint stream "
                        "not scanned");
    free(f);
    stub_reset();
}

/* --------------------------------------------------------- PowerPoint -- */

static void presentation_gives_a_piece_per_slide_notes_and_masters(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("stamped.ppt"), DOC_OK);
    assert_int_equal(stub.nunscanned, 0);
    assert_int_equal(stub.npiece, 4);
    assert_string_equal(stub.piece[0].part, "masters");
    assert_string_equal(stub.piece[1].part, "slides");
    assert_int_equal(stub.piece[1].page, 1);
    assert_string_equal(stub.piece[1].text, "Số: 45/KH-UBND\nTỐI MẬT\nKế hoạch kiểm tra\n");
    assert_string_equal(stub.piece[2].part, "slides");
    assert_int_equal(stub.piece[2].page, 2);
    assert_string_equal(stub.piece[2].text, "Trang hai\n");
    assert_string_equal(stub.piece[3].part, "notes");
    assert_int_equal(stub.piece[3].page, 1);
    assert_string_equal(stub.piece[3].text, "Ghi chú người trình bày\n");
    stub_reset();
}

typedef struct rbuf {
    unsigned char p[65536];
    size_t n;
} rbuf;

/* A PowerPoint record; containers get their length patched by rend(). */
static size_t rrec(rbuf *b, uint16_t verinst, uint16_t type, const void *d, size_t n)
{
    size_t at = b->n;
    cfb_w16(b->p + at, verinst);
    cfb_w16(b->p + at + 2, type);
    cfb_w32(b->p + at + 4, (uint32_t)n);
    if (d)
        memcpy(b->p + at + 8, d, n);
    b->n += 8 + n;
    return at;
}

static void rend(rbuf *b, size_t at)
{
    cfb_w32(b->p + at + 4, (uint32_t)(b->n - at - 8));
}

static int run_ppt(const rbuf *b)
{
    cfb_stream st[1] = {{"PowerPoint Document", b->p, b->n < 4096 ? 4096 : b->n}};
    size_t n;
    unsigned char *f = cfb_build(st, 1, 9, 0, &n);
    doc_ctx *c = stub_reset();
    int rc = msdoc_extract(c, f, n);
    free(f);
    return rc;
}

static void presentation_text_atoms_footers_and_objects(void **state)
{
    (void)state;
    static rbuf b;
    memset(&b, 0, sizeof b);
    size_t doc = rrec(&b, 0x000F, 0x03E8, NULL, 0);
    size_t hf = rrec(&b, 0x000F, 0x0FD9, NULL, 0);
    rrec(&b, 0x0020, 0x0FBA, "M\0\xAC\x1ET\0", 6); /* footer "MẬT" */
    rend(&b, hf);
    rend(&b, doc);
    size_t sl = rrec(&b, 0x000F, 0x03EE, NULL, 0);
    rrec(&b, 0x0000, 0x0FA8, "KH\xC1N\rX\x0BY", 8); /* 8-bit: Latin-1 */
    rrec(&b, 0x0000, 0x0FBA, "n\0o\0", 4);          /* a CString: not text */
    /* An embedded workbook, zlib-compressed (instance 1). */
    unsigned char in[4096] = {0}, z[8192];
    memcpy(in, "not really a workbook", 21);
    uLongf zl = sizeof z - 4;
    assert_int_equal(compress(z + 4, &zl, in, sizeof in), Z_OK);
    cfb_w32(z, sizeof in);
    rrec(&b, 0x0010, 0x1011, z, zl + 4);
    /* A ratio bomb: claims 1 GB from a few bytes. */
    cfb_w32(z, 1u << 30);
    rrec(&b, 0x0010, 0x1011, z, zl + 4);
    /* Garbage that is not zlib. */
    cfb_w32(z, 100);
    rrec(&b, 0x0010, 0x1011, "\x64\0\0\0garbage!", 12);
    rend(&b, sl);
    assert_int_equal(run_ppt(&b), DOC_OK);
    assert_string_equal(stub_part_text("headers"), "MẬT\n");
    const stub_piece *s = stub_part("slides");
    assert_non_null(s);
    assert_int_equal(s->page, 1);
    assert_string_equal(s->text, "KHÁN\nX\nY\n");
    assert_int_equal(stub.nfile, 1);
    assert_string_equal(stub.file[0].name, "embedded object 1");
    assert_int_equal(stub.file[0].len, sizeof in);
    assert_memory_equal(stub.file[0].data, in, sizeof in);
    assert_int_equal(stub.nunscanned, 2);
    assert_string_equal(stub.unscanned[0], "embedded object 2: compression ratio > 250");
    assert_string_equal(stub.unscanned[1], "embedded object 3 not scanned: bad compressed data");
    stub_reset();
}

static void encrypted_presentation_is_unscanned(void **state)
{
    (void)state;
    static rbuf b;
    memset(&b, 0, sizeof b);
    size_t doc = rrec(&b, 0x000F, 0x03E8, NULL, 0);
    size_t cr = rrec(&b, 0x000F, 0x2F14, NULL, 0);
    rrec(&b, 0x0000, 0x0FA0, "T\0O\0I\0", 6);
    rend(&b, cr);
    rend(&b, doc);
    assert_int_equal(run_ppt(&b), DOC_OK);
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "encrypted PowerPoint presentation");
    assert_int_equal(stub.npiece, 0);
    stub_reset();
}

/* ------------------------------------------------------------ damaged -- */

static void not_a_compound_file_is_corrupt(void **state)
{
    (void)state;
    doc_ctx *c = stub_reset();
    assert_int_equal(msdoc_extract(c, (const unsigned char *)"PK\3\4 hello", 10),
                     DOC_CORRUPT);
    assert_string_equal(stub.corrupt, "corrupt OLE2 compound file: not an OLE2 compound file");
    stub_reset();
}

static void truncated_doc_is_corrupt_with_the_reason(void **state)
{
    (void)state;
    size_t n;
    unsigned char *b = tu_fixture("legacy", "stamped.doc", &n);
    doc_ctx *c = stub_reset();
    assert_int_equal(msdoc_extract(c, b, n / 2), DOC_CORRUPT);
    assert_string_equal(stub.corrupt, "corrupt OLE2 compound file: directory sector 21 "
                        "is past the end of the file");
    free(b);
    stub_reset();
}

static void cycle_in_the_worddocument_chain_is_corrupt(void **state)
{
    (void)state;
    wpiece p[1] = {{"TOI MAT\r", 8, 1}};
    uint32_t ccp[8] = {8};
    size_t n;
    unsigned char *f = build_doc(p, 1, ccp, 0, &n);
    uint32_t start = cfb_r32(f + cfb_dir_at(f, 1) + 0x74);
    cfb_w32(f + cfb_fat_at(f, start + 3), start + 1);
    doc_ctx *c = stub_reset();
    assert_int_equal(msdoc_extract(c, f, n), DOC_CORRUPT);
    assert_string_equal(stub.corrupt, "corrupt Word document: sector chain of "
                        "\"WordDocument\" loops at sector 5");
    free(f);
    stub_reset();
}

static void missing_fib_or_table_is_corrupt(void **state)
{
    (void)state;
    unsigned char w[4096] = {0};
    cfb_stream st[1] = {{"WordDocument", w, sizeof w}};
    size_t n;
    unsigned char *f = cfb_build(st, 1, 9, 0, &n);
    doc_ctx *c = stub_reset();
    assert_int_equal(msdoc_extract(c, f, n), DOC_CORRUPT);
    assert_string_equal(stub.corrupt, "corrupt Word document: no FIB at the start of "
                        "the WordDocument stream");
    free(f);
    cfb_w16(w, 0xA5EC);
    cfb_w16(w + 2, 0xC1);
    f = cfb_build(st, 1, 9, 0, &n);
    c = stub_reset();
    assert_int_equal(msdoc_extract(c, f, n), DOC_CORRUPT);
    assert_string_equal(stub.corrupt, "corrupt Word document: no 0Table stream");
    free(f);
    stub_reset();
}

static void piece_table_out_of_order_is_corrupt(void **state)
{
    (void)state;
    wpiece p[2] = {{"TOI MAT\r", 8, 1}, {"MAT\r", 4, 1}};
    uint32_t ccp[8] = {12};
    size_t n;
    unsigned char *f = build_doc(p, 2, ccp, 0, &n);
    /* 1Table sits in the mini stream, at its start: CP[1] := 20 > CP[2]. */
    size_t ms = ((size_t)cfb_r32(f + cfb_dir_at(f, 0) + 0x74) + 1) * 512;
    size_t tstart = cfb_r32(f + cfb_dir_at(f, 2) + 0x74) * 64;
    cfb_w32(f + ms + tstart + 5 + 4, 20);
    doc_ctx *c = stub_reset();
    assert_int_equal(msdoc_extract(c, f, n), DOC_CORRUPT);
    assert_string_equal(stub.corrupt, "bad Word piece table: piece 1 out of order");
    free(f);
    stub_reset();
}

static void text_past_the_piece_table_is_reported(void **state)
{
    (void)state;
    wpiece p[1] = {{"TOI MAT\r", 8, 1}};
    uint32_t ccp[8] = {20};
    assert_int_equal(run_doc(p, 1, ccp, 0), DOC_OK);
    assert_string_equal(stub_part_text("main"), "TOI MAT\n");
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0],
                        "Word main text beyond the piece table not scanned (characters 8-20)");
    stub_reset();
}

/* Byte flips over real documents: every outcome is OK or CORRUPT with a
** reason; the sanitizer builds check there is no bad read. */
static void random_damage_gives_ok_or_corrupt(void **state)
{
    (void)state;
    static const char *const names[] = {"stamped.doc", "vntime.doc", "stamped.ppt",
                                        "embedded.doc"};
    unsigned seed = 777;
    for (size_t k = 0; k < 4; k++) {
        size_t n;
        unsigned char *orig = tu_fixture("legacy", names[k], &n), *f = malloc(n);
        for (int it = 0; it < 1500; it++) {
            tu_damage(f, orig, n, n, 1 + it % 6, &seed);
            doc_ctx *c = stub_reset();
            int rc = msdoc_extract(c, f, n);
            assert_true(rc == DOC_OK || rc == DOC_CORRUPT);
            if (rc == DOC_CORRUPT)
                assert_true(stub.corrupt[0] != 0);
        }
        free(f);
        free(orig);
    }
    stub_reset();
}

/* --------------------------------------------------- synthetic pieces -- */

static void compressed_pieces_are_windows_1252_and_marks_become_lines(void **state)
{
    (void)state;
    /* "quoted" in CP1252 curly quotes; cell marks 0x07, a line break 0x0B,
    ** a tab, a non-breaking hyphen 0x1E, and a picture anchor 0x01. */
    static const char t8[] = "\x93TUY\xCA\x54\x94\x07M\x1E" "AT\x0BK\x01HAN\tX\r";
    static const char u16[] = "T\0\xD0\x1E" "I\0 \0M\0\xAC\x1E" "T\0\r\0";
    wpiece p[2] = {{t8, sizeof t8 - 1, 1}, {u16, 8, 0}};
    uint32_t ccp[8] = {(uint32_t)(sizeof t8 - 1) + 8};
    assert_int_equal(run_doc(p, 2, ccp, 0), DOC_OK);
    assert_string_equal(stub_part_text("main"),
                        "“TUYÊT”\nM-AT\nKHAN\tX\nTỐI MẬT\n");
    assert_int_equal(stub.nunscanned, 0);
    stub_reset();
}

static void nested_fields_keep_results_only(void **state)
{
    (void)state;
    /* { HYPERLINK "x" \ { PAGE \ 1 } MAT }, a field with no result, and
    ** a field begin with no end. */
    static const char t[] = "A\x13 HYPERLINK \"x\" \x14\x13 PAGE \x14" "1\x15 MAT\x15 B"
                            "\x13 TOC secret \x15\r\x15\x15\x14Z\r\x13 TOI MAT\r";
    wpiece p[1] = {{t, sizeof t - 1, 1}};
    uint32_t ccp[8] = {(uint32_t)(sizeof t - 1)};
    assert_int_equal(run_doc(p, 1, ccp, 0), DOC_OK);
    /* Unbalanced ends and a stray separator are ignored; a field that
    ** never ends was no field, and its "code" is shown. */
    assert_string_equal(stub_part_text("main"), "A1 MAT B\nZ\n TOI MAT\n");
    stub_reset();
}

static void overlong_field_code_is_shown_as_text(void **state)
{
    (void)state;
    size_t n = 1 + 70000 + 4;
    char *t = malloc(n);
    t[0] = 0x13;
    memset(t + 1, 'X', 70000);
    memcpy(t + 70001, "\x14R\x15\r", 4);
    wpiece p[1] = {{t, n, 1}};
    uint32_t ccp[8] = {(uint32_t)n};
    assert_int_equal(run_doc(p, 1, ccp, 0), DOC_OK);
    const char *m = stub_part_text("main");
    assert_int_equal(strlen(m), 70000 + 2);
    assert_string_equal(m + 70000, "R\n");
    free(t);
    stub_reset();
}

static void stories_are_cut_by_the_fib_lengths(void **state)
{
    (void)state;
    static const char t[] = "Body\rNote\rHead\rComm\rEnd\rBox\rHBox\r\r";
    wpiece p[1] = {{t, sizeof t - 1, 1}};
    uint32_t ccp[8] = {5, 5, 5, 0, 5, 4, 4, 6};
    assert_int_equal(run_doc(p, 1, ccp, 0), DOC_OK);
    assert_int_equal(stub.npiece, 7);
    assert_string_equal(stub_part_text("main"), "Body\n");
    assert_string_equal(stub_part_text("footnotes"), "Note\n");
    assert_string_equal(stub_part_text("headers"), "Head\n");
    assert_string_equal(stub_part_text("comments"), "Comm\n");
    assert_string_equal(stub_part_text("endnotes"), "End\n");
    assert_string_equal(stub_part_text("textboxes"), "Box\n");
    assert_string_equal(stub_part_text("header-textboxes"), "HBox\n\n");
    stub_reset();
}

static void utf16_surrogate_pairs_are_joined(void **state)
{
    (void)state;
    static const char u[] = "\x3D\xD8\x00\xDEX\0\x00\xDE\r\0";
    wpiece p[1] = {{u, 5, 0}};
    uint32_t ccp[8] = {5};
    assert_int_equal(run_doc(p, 1, ccp, 0), DOC_OK);
    assert_string_equal(stub_part_text("main"), "\xF0\x9F\x98\x80X\xEF\xBF\xBD\n");
    stub_reset();
}

static void word6_text_is_handed_on_as_bytes_to_detect(void **state)
{
    (void)state;
    static unsigned char w[4096];
    memset(w, 0, sizeof w);
    cfb_w16(w, 0xA5EC);
    cfb_w16(w + 2, 0x0068);
    cfb_w32(w + 0x18, 0x300);
    static const char t[] = "T\xE8I M\xCBT\rHead\r";
    memcpy(w + 0x300, t, sizeof t - 1);
    cfb_w32(w + 0x34, 8);
    cfb_w32(w + 0x3C, 5);
    cfb_stream st[1] = {{"WordDocument", w, sizeof w}};
    size_t n;
    unsigned char *f = cfb_build(st, 1, 9, 0, &n);
    doc_ctx *c = stub_reset();
    assert_int_equal(msdoc_extract(c, f, n), DOC_OK);
    assert_int_equal(stub.npiece, 2);
    const stub_piece *m = stub_part("main");
    assert_non_null(m);
    assert_string_equal(m->encoding, "detect");
    assert_string_equal(m->text, "T\xE8I M\xCBT\n");
    assert_string_equal(stub_part_text("headers"), "Head\n");
    free(f);
    stub_reset();
}

static void nothing_is_handed_on_once_the_scanner_stops(void **state)
{
    (void)state;
    size_t n;
    unsigned char *b = tu_fixture("legacy", "stamped.doc", &n);
    doc_ctx *c = stub_reset();
    c->stop = 1; /* a limit ran out: the scanner has recorded why */
    assert_int_equal(msdoc_extract(c, b, n), DOC_OK);
    assert_int_equal(stub.npiece, 0);
    assert_int_equal(stub.nunscanned, 0);
    free(b);
    stub_reset();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stamp_in_body_and_table_cell_stands_on_its_own_line),
        cmocka_unit_test(stamp_in_page_header_is_its_own_piece),
        cmocka_unit_test(stamp_in_text_frame_is_the_textboxes_piece),
        cmocka_unit_test(footnote_comment_and_properties_are_pieces_of_their_own),
        cmocka_unit_test(unstamped_document_is_extracted_exactly),
        cmocka_unit_test(vntime_runs_become_vietnamese_by_every_font_route),
        cmocka_unit_test(embedded_workbook_is_handed_on_as_a_file_of_its_own),
        cmocka_unit_test(embedded_objects_of_every_kind_have_an_outcome),
        cmocka_unit_test(encrypted_word_document_is_unscanned_with_its_properties),
        cmocka_unit_test(obfuscated_word_document_is_unscanned),
        cmocka_unit_test(password_protected_ooxml_container_is_unscanned),
        cmocka_unit_test(workbook_given_to_msdoc_is_read_as_a_workbook),
        cmocka_unit_test(compound_file_of_unknown_kind_is_unscanned),
        cmocka_unit_test(presentation_gives_a_piece_per_slide_notes_and_masters),
        cmocka_unit_test(presentation_text_atoms_footers_and_objects),
        cmocka_unit_test(encrypted_presentation_is_unscanned),
        cmocka_unit_test(not_a_compound_file_is_corrupt),
        cmocka_unit_test(truncated_doc_is_corrupt_with_the_reason),
        cmocka_unit_test(cycle_in_the_worddocument_chain_is_corrupt),
        cmocka_unit_test(missing_fib_or_table_is_corrupt),
        cmocka_unit_test(piece_table_out_of_order_is_corrupt),
        cmocka_unit_test(text_past_the_piece_table_is_reported),
        cmocka_unit_test(random_damage_gives_ok_or_corrupt),
        cmocka_unit_test(compressed_pieces_are_windows_1252_and_marks_become_lines),
        cmocka_unit_test(nested_fields_keep_results_only),
        cmocka_unit_test(overlong_field_code_is_shown_as_text),
        cmocka_unit_test(stories_are_cut_by_the_fib_lengths),
        cmocka_unit_test(utf16_surrogate_pairs_are_joined),
        cmocka_unit_test(word6_text_is_handed_on_as_bytes_to_detect),
        cmocka_unit_test(nothing_is_handed_on_once_the_scanner_stops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

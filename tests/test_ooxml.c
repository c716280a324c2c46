/*
** 2026-11-25
**
** test_ooxml.c: what engine/ooxml.c (with zipread.c and xmltext.c) must hand
** on for Word, Excel and PowerPoint packages: one piece per part, named by
** its zip path, each stamp on its own line wherever the document puts it
** (body, table cell, text box, page header), legacy-font runs converted, and
** every part it could not read reported, with the exact reason.
**
** The stamped/unstamped/legacy fixtures were made by LibreOffice from the
** flat ODF sources beside them (tests/fixtures/office/make.sh). Packages that
** exercise one feature, and the hostile ones (bombs, a thousand members,
** encrypted members), are built here at test time with libarchive's writer.
*/
#include "fixture_util.h"

#include "doc_stub.h"

/* ---- helpers ---- */

static int run_ooxml(const unsigned char *p, size_t n)
{
    return ooxml_extract(&stub.ctx, p, n);
}

static int run_fixture(const char *name)
{
    return stub_extract_fixture(&stub.ctx, ooxml_extract, "office", name);
}

static int run_members(const tu_member *m, size_t n)
{
    return stub_extract_zip(&stub.ctx, ooxml_extract, m, n);
}

/* The pieces, in order: part names and exact texts. */
static void expect_pieces(size_t n, const char *const *parts, const char *const *texts)
{
    for (size_t i = 0; i < n && i < stub.npiece; i++) {
        assert_string_equal(stub.piece[i].part, parts[i]);
        assert_string_equal(stub.piece[i].text, texts[i]);
        assert_int_equal(stub.piece[i].page, 0);
    }
    assert_int_equal(stub.npiece, n);
}

#define CT "[Content_Types].xml"
#define CT_XML "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"
#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define A_NS "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\""
#define P_NS "xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\""
#define X_NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define DOC(body) "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document " W_NS \
    "><w:body>" body "</w:body></w:document>"
#define PARA(t) "<w:p><w:r><w:t>" t "</w:t></w:r></w:p>"

/* ---- Word ---- */

static void docx_stamps_in_body_cell_text_box_and_header_stand_on_their_own_lines(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("stamped.docx"), DOC_OK);
    static const char *const parts[] = {
        "docProps/core.xml", "word/document.xml", "word/header1.xml", "word/footer1.xml"
    };
    /* The text box is written twice (DrawingML and its VML fallback) and
    ** must come out once, on its own line before the paragraph holding it. */
    static const char *const texts[] = {
        "Bản dự thảo\nkiểm tra\nCông tác năm 2026\nKế hoạch kiểm tra\n",
        "TÀI LIỆU THU HỒI\nỦY BAN NHÂN DÂN TỈNH\nSố: 45/KH-UBND\nMẬT\n"
        "V/v kiểm tra công tác năm 2026\nHạng mục\nTUYỆT MẬT\nKinh phí\nGhi chú\n"
        "Nội dung kế hoạch.\n",
        "TỐI MẬT\n",
        "Lưu hành nội bộ\n",
    };
    expect_pieces(4, parts, texts);
    assert_int_equal(stub.nunscanned, 0);
}

static void docx_without_stamp_gives_the_same_layout_with_ordinary_words(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("unstamped.docx"), DOC_OK);
    assert_string_equal(stub_text_of("word/document.xml"),
                        "Bản chính\nỦY BAN NHÂN DÂN TỈNH\nSố: 12/BC-UBND\n"
                        "Về việc đổi mật khẩu\nV/v kiểm tra công tác năm 2026\nHạng mục\n"
                        "Mật độ dân số\nKinh phí\nGhi chú\nNội dung kế hoạch.\n");
    assert_string_equal(stub_text_of("word/header1.xml"), "Báo cáo công khai\n");
    assert_int_equal(stub.nunscanned, 0);
}

static void docx_runs_in_vntime_and_vni_styles_are_converted(void **state)
{
    (void)state;
    /* legacy.docx: a run with w:rFonts .VnTime holding "tèi mËt"; a paragraph
    ** whose style VNIBold is basedOn VNI (VNI-Times) holding "TOÁI MAÄT"; a
    ** header run in .VnTime. Unicode text around them passes unchanged. */
    assert_int_equal(run_fixture("legacy.docx"), DOC_OK);
    assert_string_equal(stub_text_of("word/document.xml"),
                        "Số: 45/KH-UBND\nĐộ mật: tối mật\nTỐI MẬT\nNội dung\n");
    assert_string_equal(stub_text_of("word/header1.xml"), "tuyệt mật\n");
}

static const char styles_xml[] =
    "<w:styles " W_NS "><w:docDefaults><w:rPrDefault><w:rPr>"
    "<w:rFonts w:asciiTheme=\"minorHAnsi\" w:hAnsiTheme=\"minorHAnsi\"/>"
    "</w:rPr></w:rPrDefault></w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Base\"><w:rPr><w:rFonts w:ascii=\"VNI-Times\" w:hAnsi=\"VNI-Times\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Mid\"><w:basedOn w:val=\"Base\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Top\"><w:basedOn w:val=\"Mid\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"LoopA\"><w:basedOn w:val=\"LoopB\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"LoopB\"><w:basedOn w:val=\"LoopA\"/></w:style>"
    "<w:style w:type=\"character\" w:styleId=\"Legacy\"><w:rPr><w:rFonts w:ascii=\".VnTime\" w:hAnsi=\".VnTime\"/></w:rPr></w:style>"
    "</w:styles>";

static const char theme_xml[] =
    "<a:theme " A_NS "><a:themeElements><a:fontScheme name=\"f\">"
    "<a:majorFont><a:latin typeface=\"Cambria\"/></a:majorFont>"
    "<a:minorFont><a:latin typeface=\".VnTime\"/><a:cs typeface=\"\"/></a:minorFont>"
    "</a:fontScheme></a:themeElements></a:theme>";

static void docx_fonts_follow_styles_based_on_chains_defaults_and_theme(void **state)
{
    (void)state;
    /* document.xml comes first in the package, as Word writes it: styles and
    ** theme must still be known before its runs are read. */
    static const tu_member m[] = {
        {CT, CT_XML, 0},
        {"word/document.xml", DOC(
            PARA("tèi mËt")                                     /* defaults -> theme minor: .VnTime */
            "<w:p><w:r><w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\"/></w:rPr><w:t>tèi mËt</w:t></w:r></w:p>"
            "<w:p><w:pPr><w:pStyle w:val=\"Top\"/></w:pPr><w:r><w:t>TOÁI MAÄT</w:t></w:r></w:p>"
            "<w:p><w:pPr><w:pStyle w:val=\"LoopA\"/></w:pPr><w:r><w:t>tèi mËt</w:t></w:r></w:p>"
            "<w:p><w:pPr><w:pStyle w:val=\"Top\"/></w:pPr><w:r><w:rPr><w:rStyle w:val=\"Legacy\"/></w:rPr><w:t>tèi mËt</w:t></w:r></w:p>"
            "<w:p><w:r><w:rPr><w:rFonts w:hAnsi=\".VnTime\" w:hAnsiTheme=\"majorHAnsi\"/></w:rPr><w:t>tèi mËt</w:t></w:r></w:p>"
            "<w:p><w:pPr><w:pStyle w:val=\"NoSuchStyle\"/></w:pPr><w:r><w:t>tèi mËt</w:t></w:r></w:p>"), 0},
        {"word/styles.xml", styles_xml, 0},
        {"word/theme/theme1.xml", theme_xml, 0},
    };
    assert_int_equal(run_members(m, 4), DOC_OK);
    assert_string_equal(stub_text_of("word/document.xml"),
                        "tối mật\n"     /* theme font via the document defaults */
                        "tèi mËt\n"     /* the run's own Arial wins */
                        "TỐI MẬT\n"     /* Top -> Mid -> Base: VNI-Times */
                        "tối mật\n"     /* a basedOn cycle ends; defaults apply */
                        "tối mật\n"     /* character style over paragraph style */
                        "tèi mËt\n"     /* a theme attribute wins over the name */
                        "tối mật\n");   /* unknown style: the default one */
    assert_int_equal(stub.nunscanned, 0);
}

static void docx_inserted_and_deleted_text_both_count_but_field_codes_do_not(void **state)
{
    (void)state;
    static const tu_member m[] = {
        {CT, CT_XML, 0},
        {"word/document.xml", DOC(
            "<w:p><w:r><w:t xml:space=\"preserve\">Độ </w:t></w:r>"
            "<w:ins w:id=\"1\" w:author=\"A\"><w:r><w:t>TỐI</w:t></w:r></w:ins>"
            "<w:del w:id=\"2\" w:author=\"B\"><w:r><w:delText xml:space=\"preserve\"> MẬT</w:delText></w:r></w:del></w:p>"
            "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
            "<w:r><w:instrText xml:space=\"preserve\"> DOCPROPERTY Secret </w:instrText></w:r>"
            "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>TUYỆT MẬT</w:t></w:r>"
            "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
            "<w:p><w:fldSimple w:instr=\" PAGE \"><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>"
            "<w:p><w:r><w:t>A</w:t><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t><w:noBreakHyphen/><w:t>D</w:t></w:r></w:p>"
            "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr><w:r><w:t>E</w:t></w:r></w:p>"
            "<w:p/>" PARA("F")), 0},
        {"word/comments.xml", "<w:comments " W_NS "><w:comment w:id=\"0\" w:author=\"x\">"
                              PARA("MẬT") "</w:comment></w:comments>", 0},
        {"word/footnotes.xml", "<w:footnotes " W_NS "><w:footnote w:id=\"1\">"
                               PARA("Chú thích") "</w:footnote></w:footnotes>", 0},
    };
    assert_int_equal(run_members(m, 4), DOC_OK);
    static const char *const parts[] = {
        "word/document.xml", "word/comments.xml", "word/footnotes.xml"
    };
    /* An empty paragraph is an empty line: the gap is part of the layout. */
    static const char *const texts[] = {
        "Độ TỐI MẬT\nTUYỆT MẬT\n1\nA\tB\nC-D\nE\n\nF\n", "MẬT\n", "Chú thích\n"
    };
    expect_pieces(3, parts, texts);
}

static void docx_watermark_in_header_is_a_line_and_its_font_counts(void **state)
{
    (void)state;
    static const tu_member m[] = {
        {CT, CT_XML, 0},
        {"word/document.xml", DOC(PARA("Nội dung")), 0},
        {"word/header2.xml",
         "<w:hdr " W_NS " xmlns:v=\"urn:schemas-microsoft-com:vml\"><w:p><w:r><w:pict>"
         "<v:shape><v:textpath style=\"font-family:&quot;.VnTime&quot;;font-size:1pt\" "
         "string=\"tèi mËt\"/></v:shape></w:pict></w:r><w:r><w:t>Trang</w:t></w:r></w:p></w:hdr>", 0},
    };
    assert_int_equal(run_members(m, 3), DOC_OK);
    assert_string_equal(stub_text_of("word/header2.xml"), "tối mật\nTrang\n");
}

static void docx_properties_give_title_subject_keywords_author_company_and_custom_values(void **state)
{
    (void)state;
    static const tu_member m[] = {
        {CT, CT_XML, 0},
        {"docProps/core.xml",
         "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
         "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\">"
         "<dc:title>Kế hoạch</dc:title><dc:subject>TỐI MẬT</dc:subject><dc:creator>Nguyễn An</dc:creator>"
         "<cp:keywords>mật</cp:keywords><dc:description>Mô tả</dc:description>"
         "<cp:lastModifiedBy>B</cp:lastModifiedBy><dcterms:created>2026-01-01</dcterms:created>"
         "<dc:language>vi</dc:language></cp:coreProperties>", 0},
        {"docProps/app.xml",
         "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" "
         "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
         "<Application>Word</Application><Company>Bộ Công an</Company><TitlesOfParts>"
         "<vt:vector size=\"1\" baseType=\"lpstr\"><vt:lpstr>x</vt:lpstr></vt:vector></TitlesOfParts></Properties>", 0},
        {"docProps/custom.xml",
         "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" "
         "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
         "<property fmtid=\"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}\" pid=\"2\" name=\"Phân loại\">"
         "<vt:lpwstr>TUYỆT MẬT</vt:lpwstr></property></Properties>", 0},
        {"word/document.xml", DOC(PARA("x")), 0},
    };
    assert_int_equal(run_members(m, 5), DOC_OK);
    assert_string_equal(stub_text_of("docProps/core.xml"),
                        "Kế hoạch\nTỐI MẬT\nNguyễn An\nmật\nMô tả\n");
    assert_string_equal(stub_text_of("docProps/app.xml"), "Bộ Công an\n");
    assert_string_equal(stub_text_of("docProps/custom.xml"), "TUYỆT MẬT\n");
}

static void docx_embedded_file_is_handed_on_by_its_path(void **state)
{
    (void)state;
    static const tu_member m[] = {
        {CT, CT_XML, 0},
        {"word/document.xml", DOC(PARA("x")), 0},
        {"word/embeddings/Microsoft_Excel_Worksheet.xlsx", "PK-not-really", 0},
    };
    assert_int_equal(run_members(m, 3), DOC_OK);
    assert_int_equal(stub.nfile, 1);
    assert_string_equal(stub.file[0].name, "word/embeddings/Microsoft_Excel_Worksheet.xlsx");
    assert_int_equal(stub.file[0].len, 13);
    assert_memory_equal(stub.file[0].data, "PK-not-really", 13);
}

static void docx_of_images_only_is_reported_as_not_scanned(void **state)
{
    (void)state;
    static const tu_member m[] = {
        {CT, CT_XML, 0},
        {"docProps/core.xml", "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/"
                              "package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/"
                              "dc/elements/1.1/\"><dc:title>Scan</dc:title></cp:coreProperties>", 0},
        {"word/document.xml", DOC("<w:p/><w:p><w:r><w:drawing/></w:r></w:p>"), 0},
        {"word/media/image1.png", "\x89PNG", 4},
        {"word/media/image2.png", "\x89PNG", 4},
    };
    assert_int_equal(run_members(m, 5), DOC_OK);
    static const char *const why[] = {"no text, only 2 images (not scanned)"};
    stub_expect_unscanned(1, why);
}

/* ---- Excel ---- */

static void xlsx_cells_formula_strings_comments_sheet_names_and_page_header(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("stamped.xlsx"), DOC_OK);
    static const char *const parts[] = {
        "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
        "xl/sharedStrings.xml", "xl/comments1.xml", "docProps/core.xml"
    };
    /* The formula ="TUYỆT "&"MẬT" shows its cached string; the number 123 is
    ** no text; the page header "&CTỐI MẬT" is on both sheets. */
    static const char *const texts[] = {
        "Kế hoạch\nPhụ lục\n",
        "TUYỆT MẬT\nTỐI MẬT\n",
        "TỐI MẬT\n",
        "Số: 45/KH-UBND\nMẬT\nNội dung\nGhi chú\n",
        "Đã duyệt\n",
        "Bảng kế hoạch\n",
    };
    expect_pieces(6, parts, texts);
    assert_int_equal(stub.nunscanned, 0);
}

static void xlsx_without_stamp_keeps_ordinary_words(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("unstamped.xlsx"), DOC_OK);
    assert_string_equal(stub_text_of("xl/sharedStrings.xml"),
                        "Số: 12/BC-UBND\nMật độ\nNội dung\nGhi chú\n");
    assert_string_equal(stub_text_of("xl/worksheets/sheet1.xml"), "mật khẩu\nCông khai\n");
}

static void xlsx_shared_string_shown_in_a_vntime_cell_is_converted(void **state)
{
    (void)state;
    /* legacy.xlsx: "tèi mËt" is used by A1 (.VnTime) and by A2 (Arial); one
    ** shared string, shown converted as the legacy cell shows it. "TOÁI
    ** MAÄT" is in a VNI-Times cell. */
    assert_int_equal(run_fixture("legacy.xlsx"), DOC_OK);
    assert_string_equal(stub_text_of("xl/sharedStrings.xml"), "tối mật\nTỐI MẬT\n");
}

static void xlsx_inline_strings_rich_runs_and_header_codes(void **state)
{
    (void)state;
    /* sharedStrings.xml comes before the sheet that says which font shows
    ** each string; string 0 is used by no legacy cell, string 1 is. */
    static const tu_member m[] = {
        {CT, CT_XML, 0},
        {"xl/workbook.xml", "<workbook " X_NS " xmlns:r=\"r\"><sheets><sheet name=\"Mật\" sheetId=\"1\" r:id=\"rId1\"/>"
                            "</sheets></workbook>", 0},
        {"xl/sharedStrings.xml", "<sst " X_NS "><si><t>tèi mËt</t></si><si><t>tèi mËt</t>"
                                 "<rPh sb=\"0\" eb=\"1\"><t>ruby</t></rPh></si></sst>", 0},
        {"xl/worksheets/sheet1.xml",
         "<worksheet " X_NS "><sheetData><row r=\"1\">"
         "<c r=\"A1\" t=\"inlineStr\" s=\"1\"><is><t>tèi mËt</t></is></c>"
         "<c r=\"B1\" t=\"inlineStr\"><is><r><rPr><rFont val=\"VNI-Times\"/></rPr><t>TOÁI MAÄT</t></r>"
         "<r><t xml:space=\"preserve\"> ok</t></r></is></c>"
         "<c r=\"C1\" t=\"s\" s=\"1\"><v>1</v></c>"
         "<c r=\"D1\"><f>1+1</f><v>2</v></c>"
         "<c r=\"E1\" t=\"str\" s=\"1\"><f>\"x\"</f><v>mËt</v></c>"
         "</row></sheetData><headerFooter><oddHeader>&amp;L&amp;\"VNI-Times,Bold\"&amp;14TOÁI MAÄT"
         "&amp;C&amp;P of &amp;N&amp;R&amp;&amp;Co&amp;KFF0000</oddHeader></headerFooter></worksheet>", 0},
        {"xl/styles.xml", "<styleSheet " X_NS "><fonts count=\"2\"><font><name val=\"Calibri\"/></font>"
                          "<font><name val=\".VnTime\"/></font></fonts><cellStyleXfs><xf fontId=\"1\"/>"
                          "</cellStyleXfs><cellXfs count=\"2\"><xf fontId=\"0\"/><xf fontId=\"1\"/>"
                          "</cellXfs></styleSheet>", 0},
    };
    assert_int_equal(run_members(m, 5), DOC_OK);
    static const char *const parts[] = {
        "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"
    };
    static const char *const texts[] = {
        "Mật\n",
        "tối mật\nTỐI MẬT ok\nmật\nTỐI MẬT\n of \n&Co\n",
        "tèi mËt\ntối mật\n",
    };
    expect_pieces(3, parts, texts);
}

/* ---- PowerPoint ---- */

static void pptx_slides_and_notes_are_pieces_of_their_own(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("stamped.pptx"), DOC_OK);
    assert_string_equal(stub_text_of("ppt/slides/slide1.xml"),
                        "TỐI MẬT\nSố: 45/BC-BCA\nBáo cáo tiến độ dự án\n");
    assert_string_equal(stub_text_of("ppt/slides/slide2.xml"), "Kinh phí\n");
    assert_string_equal(stub_text_of("ppt/notesSlides/notesSlide2.xml"), "Ghi chú: MẬT\n");
    assert_string_equal(stub_text_of("docProps/core.xml"), "Báo cáo tiến độ\n");
    assert_int_equal(stub.nunscanned, 0);
}

static void pptx_without_stamp_keeps_ordinary_words(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("unstamped.pptx"), DOC_OK);
    assert_string_equal(stub_text_of("ppt/slides/slide1.xml"),
                        "Công khai\nSố: 12/BC-UBND\nBáo cáo tiến độ dự án\n");
    assert_string_equal(stub_text_of("ppt/notesSlides/notesSlide2.xml"), "Ghi chú: mật độ\n");
}

static void pptx_legacy_latin_fonts_table_cells_and_comments(void **state)
{
    (void)state;
    static const tu_member m[] = {
        {CT, CT_XML, 0},
        {"ppt/slides/slide1.xml",
         "<p:sld " A_NS " " P_NS "><p:cSld><p:spTree><p:sp><p:txBody><a:bodyPr/><a:lstStyle/>"
         "<a:p><a:r><a:rPr lang=\"vi\"><a:latin typeface=\".VnTime\"/></a:rPr><a:t>tèi mËt</a:t></a:r></a:p>"
         "<a:p><a:r><a:rPr><a:latin typeface=\"+mn-lt\"/></a:rPr><a:t>MAÄT</a:t></a:r><a:br/>"
         "<a:r><a:t>x</a:t></a:r><a:endParaRPr><a:latin typeface=\"Arial\"/></a:endParaRPr></a:p>"
         "</p:txBody></p:sp><p:graphicFrame><a:graphic><a:graphicData><a:tbl><a:tr><a:tc><a:txBody>"
         "<a:p><a:r><a:t>TỐI MẬT</a:t></a:r></a:p></a:txBody></a:tc><a:tc><a:txBody><a:p><a:r><a:t>y</a:t>"
         "</a:r></a:p></a:txBody></a:tc></a:tr></a:tbl></a:graphicData></a:graphic></p:graphicFrame>"
         "</p:spTree></p:cSld></p:sld>", 0},
        {"ppt/slideLayouts/slideLayout1.xml",
         "<p:sldLayout " A_NS " " P_NS "><p:cSld><p:spTree><p:sp><p:txBody><a:p/><a:p><a:r>"
         "<a:t xml:space=\"preserve\"> </a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sldLayout>", 0},
        {"ppt/comments/comment1.xml",
         "<p:cmLst " P_NS "><p:cm authorId=\"0\"><p:pos x=\"1\" y=\"1\"/><p:text>MẬT</p:text></p:cm></p:cmLst>", 0},
        {"ppt/theme/theme1.xml",
         "<a:theme " A_NS "><a:themeElements><a:fontScheme name=\"f\"><a:majorFont><a:latin typeface=\"Arial\"/>"
         "</a:majorFont><a:minorFont><a:latin typeface=\"VNI-Times\"/></a:minorFont></a:fontScheme>"
         "</a:themeElements></a:theme>", 0},
    };
    assert_int_equal(run_members(m, 5), DOC_OK);
    assert_string_equal(stub_text_of("ppt/slides/slide1.xml"), "tối mật\nMẬT\nx\nTỐI MẬT\ny\n");
    assert_string_equal(stub_text_of("ppt/comments/comment1.xml"), "MẬT\n");
    /* a layout of empty placeholders is blank lines only: no piece */
    assert_null(stub_part("ppt/slideLayouts/slideLayout1.xml"));
}

/* ---- damaged, hostile and limited input ---- */

static void malformed_document_keeps_the_text_read_and_says_where_it_broke(void **state)
{
    (void)state;
    /* malformed.docx: word/document.xml cut inside a tag before the table. */
    assert_int_equal(run_fixture("malformed.docx"), DOC_OK);
    assert_string_equal(stub_text_of("word/document.xml"),
                        "TÀI LIỆU THU HỒI\nỦY BAN NHÂN DÂN TỈNH\nSố: 45/KH-UBND\nMẬT\n"
                        "V/v kiểm tra công tác năm 2026\n");
    assert_string_equal(stub_text_of("word/header1.xml"), "TỐI MẬT\n");
    static const char *const why[] = {
        "malformed XML in word/document.xml: Failed to parse QName 'w:', line 2"
    };
    stub_expect_unscanned(1, why);
}

static void truncated_package_is_corrupt(void **state)
{
    (void)state;
    assert_int_equal(run_fixture("truncated.docx"), DOC_CORRUPT);
    assert_string_equal(stub.corrupt,
                        "truncated zip: no end of central directory record in 3365 bytes");
    assert_int_equal(stub.npiece, 0);
}

static void data_that_is_no_zip_is_corrupt_and_ole2_is_named(void **state)
{
    (void)state;
    const char *txt = "TỐI MẬT, not a package";
    assert_int_equal(run_ooxml((const unsigned char *)txt, strlen(txt)), DOC_CORRUPT);
    assert_string_equal(stub.corrupt, "not a zip archive: no end of central directory record");
    stub_reset();
    static const unsigned char ole[512] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    assert_int_equal(run_ooxml(ole, sizeof ole), DOC_CORRUPT);
    assert_string_equal(stub.corrupt, "not a zip archive: an OLE2 compound file "
                                      "(an encrypted or legacy Office document)");
    stub_reset();
    assert_int_equal(run_ooxml((const unsigned char *)"", 0), DOC_CORRUPT);
}

static void zip_with_no_office_part_is_corrupt(void **state)
{
    (void)state;
    static const tu_member m[] = {{"readme.txt", "TỐI MẬT", 0}};
    assert_int_equal(run_members(m, 1), DOC_CORRUPT);
    assert_string_equal(stub.corrupt, "not an OOXML package: no [Content_Types].xml and "
                                      "no word/, xl/ or ppt/ part");
}

static void central_directory_pointing_outside_the_file_is_corrupt(void **state)
{
    (void)state;
    static const tu_member m[] = {{CT, CT_XML, 0}, {"word/document.xml", DOC(PARA("x")), 0}};
    size_t len;
    unsigned char *p = tu_zip(&len, NULL, m, 2);
    /* end of central directory record: size of the directory at +12,
    ** its offset at +16 */
    unsigned char *e = p + len - 22;
    while (e > p && memcmp(e, "PK\5\6", 4))
        e--;
    assert_memory_equal(e, "PK\5\6", 4);
    e[16] = 0xFF, e[17] = 0xFF, e[18] = 0xFF, e[19] = 0x0F;
    e[12] = 0xFF, e[13] = 0xFF, e[14] = 0xFF, e[15] = 0x0F;
    assert_int_equal(run_ooxml(p, len), DOC_CORRUPT);
    assert_string_equal(stub.corrupt, "truncated zip: central directory (268435455 bytes "
                                      "at offset 268435455) is not in the file");
    free(p);
}

static void encrypted_members_are_reported_each_and_not_parsed(void **state)
{
    (void)state;
    static const tu_member m[] = {
        {CT, CT_XML, 0},
        {"word/document.xml", DOC(PARA("TỐI MẬT")), 0},
        {"word/header1.xml", "<w:hdr " W_NS ">" PARA("MẬT") "</w:hdr>", 0},
    };
    size_t len;
    unsigned char *p = tu_zip(&len, "secret", m, 3);
    assert_int_equal(run_ooxml(p, len), DOC_OK);
    free(p);
    static const char *const why[] = {
        "encrypted member word/document.xml", "encrypted member word/header1.xml"
    };
    stub_expect_unscanned(2, why);
    assert_int_equal(stub.npiece, 0);
}

/* A document.xml of 50 MB of spaces after one stamped paragraph: about
** 50 KB deflated, a ratio near 1,000. */
static char *bomb_document(size_t *len, int with_paragraphs)
{
    static const char open[] = "<w:document " W_NS "><w:body>" PARA("TỐI MẬT");
    static const char close[] = "</w:body></w:document>";
    size_t spaces = 50u << 20;
    size_t n = sizeof open - 1 + spaces + sizeof close - 1;
    char *p = malloc(n);
    assert_non_null(p);
    memcpy(p, open, sizeof open - 1);
    memset(p + sizeof open - 1, ' ', spaces);
    if (with_paragraphs)
        for (size_t i = sizeof open - 1 + 65536; i + 6 < sizeof open - 1 + spaces; i += 65536)
            memcpy(p + i, "<w:x/>", 6);
    memcpy(p + sizeof open - 1 + spaces, close, sizeof close - 1);
    *len = n;
    return p;
}

static void zip_bomb_is_reported_for_its_ratio_and_not_inflated_whole(void **state)
{
    (void)state;
    size_t dlen;
    char *doc = bomb_document(&dlen, 0);
    tu_member m[] = {{CT, CT_XML, 0}, {"word/document.xml", doc, dlen}};
    assert_int_equal(run_members(m, 2), DOC_OK);
    free(doc);
    static const char *const why[] = {"compression ratio of word/document.xml > 250"};
    stub_expect_unscanned(1, why);
    assert_string_equal(stub_text_of("word/document.xml"), "TỐI MẬT\n");
    assert_true(stub.ctx.budget_used < (16u << 20));
}

static void bomb_declaring_a_false_size_is_cut_at_the_ratio(void **state)
{
    (void)state;
    size_t dlen;
    char *doc = bomb_document(&dlen, 1);
    tu_member m[] = {{CT, CT_XML, 0}, {"word/document.xml", doc, dlen}};
    size_t len;
    unsigned char *p = tu_zip(&len, NULL, m, 2);
    free(doc);
    /* Declare 1,000 bytes in the local header and the central directory. */
    int patched = 0;
    for (size_t i = 0; i + 46 < len; i++) {
        if (!memcmp(p + i, "PK\1\2", 4) && !memcmp(p + i + 46, "word/document.xml", 17)) {
            p[i + 24] = 0xE8, p[i + 25] = 0x03, p[i + 26] = 0, p[i + 27] = 0;
            patched++;
        } else if (!memcmp(p + i, "PK\3\4", 4) && !memcmp(p + i + 30, "word/document.xml", 17) &&
                   (p[i + 22] | p[i + 23] | p[i + 24] | p[i + 25])) {
            p[i + 22] = 0xE8, p[i + 23] = 0x03, p[i + 24] = 0, p[i + 25] = 0;
        }
    }
    assert_int_equal(patched, 1);
    assert_int_equal(run_ooxml(p, len), DOC_OK);
    free(p);
    static const char *const why[] = {"compression ratio of word/document.xml > 250"};
    stub_expect_unscanned(1, why);
    assert_string_equal(stub_text_of("word/document.xml"), "TỐI MẬT\n");
    assert_true(stub.ctx.budget_used < (16u << 20));
}

static tu_member *thousand_headers(char ***bufs, size_t n)
{
    tu_member *m = calloc(n + 2, sizeof *m);
    *bufs = calloc(n, sizeof **bufs);
    m[0] = (tu_member){CT, CT_XML, 0};
    m[1] = (tu_member){"word/document.xml", DOC(PARA("x")), 0};
    for (size_t i = 0; i < n; i++) {
        char *b = malloc(200);
        int k = snprintf(b, 200, "word/header%zu.xml", i + 1);
        snprintf(b + k + 1, 200 - (size_t)k - 1, "<w:hdr " W_NS ">" PARA("MẬT %zu") "</w:hdr>", i + 1);
        m[i + 2] = (tu_member){b, b + k + 1, 0};
        (*bufs)[i] = b;
    }
    return m;
}

static void thousand_member_package_is_read_whole_within_the_default_limit(void **state)
{
    (void)state;
    char **bufs;
    tu_member *m = thousand_headers(&bufs, 1000);
    assert_int_equal(run_members(m, 1002), DOC_OK);
    assert_int_equal(stub.nunscanned, 0);
    assert_int_equal(stub.npiece, 1001);
    assert_string_equal(stub_text_of("word/header1000.xml"), "MẬT 1000\n");
    for (size_t i = 0; i < 1000; i++)
        free(bufs[i]);
    free(bufs);
    free(m);
}

static void members_past_the_limit_are_reported_once_and_not_read(void **state)
{
    (void)state;
    char **bufs;
    tu_member *m = thousand_headers(&bufs, 1000);
    stub.ctx.lim.max_members = 100;
    assert_int_equal(run_members(m, 1002), DOC_OK);
    static const char *const why[] = {
        "zip members beyond the limit of 100 not read (1002 members)"
    };
    stub_expect_unscanned(1, why);
    /* document.xml and headers 1-98: the first 100 members as stored */
    assert_int_equal(stub.npiece, 99);
    assert_null(stub_part("word/header99.xml"));
    for (size_t i = 0; i < 1000; i++)
        free(bufs[i]);
    free(bufs);
    free(m);
}

static void exhausted_budget_stops_the_extraction_without_a_false_complaint(void **state)
{
    (void)state;
    stub.ctx.lim.max_extracted = 3000;
    assert_int_equal(run_fixture("stamped.docx"), DOC_OK);
    assert_true(stub.ctx.stop);
    /* the scanner records the budget; nothing is "malformed" */
    assert_int_equal(stub.nunscanned, 0);
    assert_true(stub.ctx.budget_used <= 3000 + 65536);
}

static void stop_requested_before_the_start_reads_nothing(void **state)
{
    (void)state;
    stub.ctx.stop = 1;
    assert_int_equal(run_fixture("stamped.docx"), DOC_OK);
    assert_int_equal(stub.npiece, 0);
    assert_int_equal(stub.ctx.budget_used, 0);
}

static void declared_entities_are_not_expanded_and_say_so(void **state)
{
    (void)state;
    /* Office never writes a DTD. In text, a declared entity is left as a
    ** reference (nothing external is read either); a billion laughs in an
    ** attribute is stopped by libxml2's amplification guard. The reader
    ** parses ahead in 512-byte chunks, so the header's text before the
    ** attribute, in the same chunk, is lost with it. */
    static const tu_member m[] = {
        {CT, CT_XML, 0},
        {"word/document.xml",
         "<?xml version=\"1.0\"?>\n<!DOCTYPE w:document [<!ENTITY s \"TỐI MẬT\">"
         "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
         "<w:document " W_NS "><w:body><w:p><w:r><w:t>A &s;&x; B</w:t></w:r></w:p>"
         PARA("C") "</w:body></w:document>", 0},
        {"word/header1.xml",
         "<?xml version=\"1.0\"?>\n<!DOCTYPE w:hdr [<!ENTITY s \"TỐI MẬT\">"
         "<!ENTITY a \"&s;&s;&s;&s;&s;&s;&s;&s;&s;&s;\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
         "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
         "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">"
         "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">]>\n"
         "<w:hdr " W_NS "><w:p w:x=\"&g;\"><w:r><w:t>D</w:t></w:r></w:p></w:hdr>", 0},
    };
    assert_int_equal(run_members(m, 3), DOC_OK);
    assert_string_equal(stub_text_of("word/document.xml"), "A  B\nC\n");
    assert_null(stub_part("word/header1.xml"));
    static const char *const why[] = {
        "entity reference in word/document.xml not expanded",
        "malformed XML in word/header1.xml: Detected an entity reference loop, line 3",
    };
    stub_expect_unscanned(2, why);
}

static void libxml2_prints_nothing_on_broken_input(void **state)
{
    (void)state;
    tu_capture cap;
    tu_capture_start(&cap, 0, 1);
    run_fixture("malformed.docx");
    static const tu_member m[] = {
        {CT, CT_XML, 0},
        {"word/document.xml", "<w:document " W_NS "><w:body><w:p>&undeclared;<w:t>\xFF</w:t>", 0},
        {"word/header1.xml", "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"no-such\"?><x/>", 0},
    };
    run_members(m, 3);
    assert_int_equal(tu_capture_end(&cap), 0);
    assert_true(stub.nunscanned >= 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(docx_stamps_in_body_cell_text_box_and_header_stand_on_their_own_lines, stub_setup),
        cmocka_unit_test_setup(docx_without_stamp_gives_the_same_layout_with_ordinary_words, stub_setup),
        cmocka_unit_test_setup(docx_runs_in_vntime_and_vni_styles_are_converted, stub_setup),
        cmocka_unit_test_setup(docx_fonts_follow_styles_based_on_chains_defaults_and_theme, stub_setup),
        cmocka_unit_test_setup(docx_inserted_and_deleted_text_both_count_but_field_codes_do_not, stub_setup),
        cmocka_unit_test_setup(docx_watermark_in_header_is_a_line_and_its_font_counts, stub_setup),
        cmocka_unit_test_setup(docx_properties_give_title_subject_keywords_author_company_and_custom_values, stub_setup),
        cmocka_unit_test_setup(docx_embedded_file_is_handed_on_by_its_path, stub_setup),
        cmocka_unit_test_setup(docx_of_images_only_is_reported_as_not_scanned, stub_setup),
        cmocka_unit_test_setup(xlsx_cells_formula_strings_comments_sheet_names_and_page_header, stub_setup),
        cmocka_unit_test_setup(xlsx_without_stamp_keeps_ordinary_words, stub_setup),
        cmocka_unit_test_setup(xlsx_shared_string_shown_in_a_vntime_cell_is_converted, stub_setup),
        cmocka_unit_test_setup(xlsx_inline_strings_rich_runs_and_header_codes, stub_setup),
        cmocka_unit_test_setup(pptx_slides_and_notes_are_pieces_of_their_own, stub_setup),
        cmocka_unit_test_setup(pptx_without_stamp_keeps_ordinary_words, stub_setup),
        cmocka_unit_test_setup(pptx_legacy_latin_fonts_table_cells_and_comments, stub_setup),
        cmocka_unit_test_setup(malformed_document_keeps_the_text_read_and_says_where_it_broke, stub_setup),
        cmocka_unit_test_setup(truncated_package_is_corrupt, stub_setup),
        cmocka_unit_test_setup(data_that_is_no_zip_is_corrupt_and_ole2_is_named, stub_setup),
        cmocka_unit_test_setup(zip_with_no_office_part_is_corrupt, stub_setup),
        cmocka_unit_test_setup(central_directory_pointing_outside_the_file_is_corrupt, stub_setup),
        cmocka_unit_test_setup(encrypted_members_are_reported_each_and_not_parsed, stub_setup),
        cmocka_unit_test_setup(zip_bomb_is_reported_for_its_ratio_and_not_inflated_whole, stub_setup),
        cmocka_unit_test_setup(bomb_declaring_a_false_size_is_cut_at_the_ratio, stub_setup),
        cmocka_unit_test_setup(thousand_member_package_is_read_whole_within_the_default_limit, stub_setup),
        cmocka_unit_test_setup(members_past_the_limit_are_reported_once_and_not_read, stub_setup),
        cmocka_unit_test_setup(exhausted_budget_stops_the_extraction_without_a_false_complaint, stub_setup),
        cmocka_unit_test_setup(stop_requested_before_the_start_reads_nothing, stub_setup),
        cmocka_unit_test_setup(declared_entities_are_not_expanded_and_say_so, stub_setup),
        cmocka_unit_test_setup(libxml2_prints_nothing_on_broken_input, stub_setup),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    stub_reset();
    return rc;
}

/*
** 2026-11-25
**
** test_mime.c: what engine/mime.c must hand on from a mail: the Subject and
** every body as text pieces named after their MIME path, every attachment
** and forwarded message as an embedded file under its decoded name, and a
** reason for every part it could not read or was not allowed to reach.
**
** The fixtures in tests/fixtures/mail/ are written like the clients write
** them (Thunderbird multipart/mixed with an RFC 2231 Vietnamese filename;
** Outlook quoted-printable Windows-1258; a forward as message/rfc822); the
** hostile ones (500 and 10,050 parts, header and boundary bombs, deep
** nesting) are built here. The recording stub of doc_stub.h stands in for
** the scanner, so the assertions see exactly what the scanner would get.
*/
#include "fixture_util.h"

#include <utf8proc.h>

#include "doc_stub.h"

/* ------------------------------------------------------------ helpers -- */

/* Extract a fixture with fresh stub state (and default limits). */
static void run_fixture(const char *name)
{
    assert_int_equal(stub_extract_fixture(stub_reset(), mime_extract, "mail", name), DOC_OK);
}

static int run_mem(doc_ctx *c, const char *s, size_t n)
{
    return mime_extract(c, (const unsigned char *)s, n);
}

static void assert_piece(size_t i, const char *part, const char *text,
                         const char *enc)
{
    assert_true(i < stub.npiece);
    const stub_piece *p = &stub.piece[i];
    assert_string_equal(p->part, part);
    assert_int_equal(p->page, 0);
    assert_int_equal(p->len, strlen(text));
    assert_memory_equal(p->text, text, p->len);
    if (enc)
        assert_string_equal(p->encoding, enc);
    else
        assert_null(p->encoding);
}

/* Each line of a piece trimmed of surrounding blanks, blank lines dropped:
** HTML keeps source indentation as spaces, which is not what is tested. */
static char *lines_of(const stub_piece *p)
{
    char *out = malloc(p->len + 2);
    assert_non_null(out);
    size_t o = 0, i = 0;
    while (i < p->len) {
        size_t e = i;
        while (e < p->len && p->text[e] != '\n')
            e++;
        size_t a = i, b = e;
        while (a < b && (p->text[a] == ' ' || p->text[a] == '\t' || p->text[a] == '\r'))
            a++;
        while (b > a && (p->text[b - 1] == ' ' || p->text[b - 1] == '\t' ||
                         p->text[b - 1] == '\r'))
            b--;
        if (b > a) {
            memcpy(out + o, p->text + a, b - a);
            o += b - a;
            out[o++] = '\n';
        }
        i = e + 1;
    }
    out[o] = '\0';
    return out;
}

static void assert_file(size_t i, const char *name, const void *data, size_t len)
{
    assert_true(i < stub.nfile);
    assert_string_equal(stub.file[i].name, name);
    assert_int_equal(stub.file[i].len, len);
    assert_memory_equal(stub.file[i].data, data, len);
}

/* A growing string for mails built at test time. */
typedef struct sbuf {
    char *s;
    size_t n, cap;
} sbuf;

static void sb_add(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int k = vsnprintf(b->s ? b->s + b->n : NULL, b->s ? b->cap - b->n : 0, fmt, ap);
        va_end(ap);
        assert_true(k >= 0);
        if (b->s && (size_t)k < b->cap - b->n) {
            b->n += (size_t)k;
            return;
        }
        b->cap = (b->cap + (size_t)k + 1) * 2;
        b->s = realloc(b->s, b->cap);
        assert_non_null(b->s);
    }
}

/* A multipart/mixed mail of n attachments "f<i>.txt" holding "part <i>". */
static sbuf many_parts(unsigned n)
{
    sbuf b = {0};
    sb_add(&b, "From: a@example.gov.vn\r\nSubject: many\r\nMIME-Version: 1.0\r\n"
               "Content-Type: multipart/mixed; boundary=\"=_b\"\r\n\r\n");
    for (unsigned i = 0; i < n; i++)
        sb_add(&b, "--=_b\r\nContent-Type: text/plain; name=\"f%u.txt\"\r\n"
                   "Content-Disposition: attachment; filename=\"f%u.txt\"\r\n\r\n"
                   "part %u\r\n", i, i, i);
    sb_add(&b, "--=_b--\r\n");
    return b;
}

/* ------------------------------------------------- client-made mail -- */

static void thunderbird_mail_gives_subject_bodies_and_the_decoded_pdf(void **state)
{
    (void)state;
    run_fixture("thunderbird.eml");
    assert_int_equal(stub.npiece, 4);
    assert_piece(0, "Subject", "TỐI MẬT: Báo cáo tình hình triển khai", "detect");
    assert_piece(1, "preamble", "This is a multi-part message in MIME format.", "detect");
    assert_piece(2, "body 1.1",
                 "Kính gửi anh A,\r\n\r\nGửi anh báo cáo đính kèm.\r\n\r\n"
                 "TỐI MẬT\r\n\r\nTrân trọng,\r\nTrần Thị B\r\n", "detect");
    assert_string_equal(stub.piece[3].part, "body 1.2 (text/html)");
    assert_int_equal(stub.nfile, 1);
    size_t n;
    unsigned char *pdf = tu_fixture("mail", "baocao.pdf", &n);
    assert_file(0, "báo cáo.pdf", pdf, n);
    free(pdf);
    assert_int_equal(stub.nunscanned, 0);
    assert_string_equal(stub.corrupt, "");
}

static void html_body_is_reduced_to_visible_text_with_the_stamp_on_its_own_line(void **state)
{
    (void)state;
    run_fixture("thunderbird.eml");
    const stub_piece *p = stub_part("body 1.2 (text/html)");
    assert_non_null(p);
    assert_null(p->encoding); /* already UTF-8: converted here */
    assert_null(strstr(p->text, "<p>"));
    assert_null(strstr(p->text, "Content-Type"));
    assert_non_null(strstr(p->text, "\nTỐI MẬT\n"));
    char *l = lines_of(p);
    assert_string_equal(l, "Kính gửi anh A,\nGửi anh báo cáo đính kèm.\nTỐI MẬT\n"
                           "Trân trọng,\nTrần Thị B\n");
    free(l);
}

static void outlook_cp1258_body_goes_undecoded_to_detection(void **state)
{
    (void)state;
    run_fixture("outlook_cp1258.eml");
    assert_int_equal(stub.npiece, 3);
    assert_piece(0, "Subject", "R\xE0 so\xE1t danh s\xE1" "ch", "detect");
    const stub_piece *p = &stub.piece[1];
    assert_string_equal(p->part, "body 1");
    assert_string_equal(p->encoding, "detect");
    /* Quoted-printable undone, bytes left in Windows-1258 ("MẬT" = 4D C2 F2
    ** 54, the tone a combining byte) for the decoder to recognise. */
    const char *head = "K\xED" "nh g\xFD\xD2i c\xE1" "c \xF0\xF4\xCCng ch\xED,\r\n\r\n"
                       "M\xC2\xF2T\r\n";
    assert_true(p->len > strlen(head));
    assert_memory_equal(p->text, head, strlen(head));
    assert_int_equal(stub.nfile, 0);
    assert_int_equal(stub.nunscanned, 0);
}

static void outlook_html_body_is_decoded_by_detection_not_by_label(void **state)
{
    (void)state;
    run_fixture("outlook_cp1258.eml");
    const stub_piece *p = stub_part("body 2 (text/html)");
    assert_non_null(p);
    char *l = lines_of(p);
    /* Windows-1258 writes tones as combining marks and the decoder keeps
    ** them so ("gửi" = g ư U+0309 i); compare composed. &nbsp; paragraphs
    ** come out as U+00A0 lines. */
    char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)l);
    assert_non_null(nfc);
    assert_string_not_equal(nfc, l);
    free(l);
    l = nfc;
    assert_string_equal(l, "Kính gửi các đồng chí,\n\xC2\xA0\nMẬT\n\xC2\xA0\n"
                           "Đề nghị các đơn vị rà soát danh sách trước ngày 30/11/2026.\n"
                           "Trân trọng.\n");
    free(l);
}

static void mislabelled_latin1_body_is_not_converted_as_latin1(void **state)
{
    (void)state;
    run_fixture("mislabelled_latin1.eml");
    assert_int_equal(stub.npiece, 2);
    /* iso-8859-1 on the label, Windows-1258 in the bytes: converting as
    ** labelled would give "TÔìI MÂòT"; the raw bytes let the decoder see
    ** Vietnamese. */
    assert_piece(0, "Subject", "T\xD4\xECI M\xC2\xF2T - K\xEA\xEC hoa\xF2" "ch", "detect");
    assert_piece(1, "body", "T\xD4\xECI M\xC2\xF2T\r\n\r\nK\xEA\xEC hoa\xF2" "ch ki\xEA\xD2m tra n\xE3m 2026.\r\n",
                 "detect");
}

static void forwarded_message_is_handed_on_as_an_embedded_mail(void **state)
{
    (void)state;
    run_fixture("forward.eml");
    assert_int_equal(stub.npiece, 3);
    assert_piece(0, "Subject", "Fwd: Kế hoạch", "detect");
    assert_piece(2, "body 1", "Chuyển tiếp thư bên dưới.\r\n", "detect");
    assert_int_equal(stub.nfile, 1);
    assert_string_equal(stub.file[0].name, "Kế hoạch.eml");
    assert_int_equal(stub.nunscanned, 0);
    /* The scanner takes the embedded mail apart one level deeper; do that
    ** by hand here and find the stamped body. */
    size_t n = stub.file[0].len;
    unsigned char *inner = malloc(n);
    assert_non_null(inner);
    memcpy(inner, stub.file[0].data, n);
    doc_ctx *c = stub_reset();
    assert_int_equal(mime_extract(c, inner, n), DOC_OK);
    free(inner);
    assert_int_equal(stub.npiece, 2);
    assert_piece(0, "Subject", "Kế hoạch", "detect");
    assert_piece(1, "body", "Số: 12/KH-BCH\n\nTỐI MẬT\n\nKế hoạch diễn tập khu vực phòng thủ năm 2026.\n",
                 "detect");
}

static void headers_only_mail_gives_its_rfc2047_subject_and_nothing_else(void **state)
{
    (void)state;
    run_fixture("headers_only.eml");
    assert_int_equal(stub.npiece, 1);
    assert_piece(0, "Subject", "TỐI MẬT", "detect");
    assert_int_equal(stub.nfile, 0);
    assert_int_equal(stub.nunscanned, 0);
    assert_string_equal(stub.corrupt, "");
}

/* ------------------------------------------------------ broken mail -- */

static void truncated_base64_is_decoded_up_to_the_cut_and_reported(void **state)
{
    (void)state;
    run_fixture("truncated_base64.eml");
    assert_piece(2, "body 1", "TỐI MẬT\r\n", "detect");
    /* 20 lines of 72 characters and 37 more: 1,107 whole bytes. */
    size_t n;
    unsigned char *pdf = tu_fixture("mail", "baocao.pdf", &n);
    assert_int_equal(stub.nfile, 1);
    assert_file(0, "baocao.pdf", pdf, 1107);
    free(pdf);
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "baocao.pdf: base64 data truncated after 1107 bytes");
}

static void missing_closing_boundary_loses_nothing(void **state)
{
    (void)state;
    run_fixture("missing_close_boundary.eml");
    assert_int_equal(stub.npiece, 2);
    assert_piece(1, "body 1", "Danh sách kèm theo.\r\n", "detect");
    const char *list = "TỐI MẬT\nDanh sách cán bộ dự kiến bổ nhiệm.\n";
    assert_int_equal(stub.nfile, 1);
    assert_file(0, "danhsach.txt", list, strlen(list));
    assert_int_equal(stub.nunscanned, 0);
}

static void content_under_a_boundary_that_never_comes_is_scanned_as_text(void **state)
{
    (void)state;
    run_fixture("lost_boundary.eml");
    assert_int_equal(stub.npiece, 2);
    assert_piece(1, "body", "--other-boundary\nContent-Type: text/plain; charset=UTF-8\n\n"
                            "TỐI MẬT\nGhi chú cuộc họp.\n--other-boundary--\n", "detect");
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "body: MIME boundary not found, scanned as plain text");
}

static void input_that_is_not_a_mail_is_corrupt(void **state)
{
    (void)state;
    doc_ctx *c = stub_reset();
    assert_int_equal(run_mem(c, "hello world\n", 12), DOC_CORRUPT);
    assert_string_equal(stub.corrupt, "not a mail message: no header block could be read");
    c = stub_reset();
    assert_int_equal(run_mem(c, "", 0), DOC_CORRUPT);
    assert_int_equal(stub.npiece + stub.nfile, 0);
}

/* -------------------------------------------------------- structure -- */

static void nameless_attachment_is_named_by_its_mime_path(void **state)
{
    (void)state;
    const char *m =
        "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        "--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
        "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        "AAECAw==\r\n--b--\r\n";
    doc_ctx *c = stub_reset();
    assert_int_equal(run_mem(c, m, strlen(m)), DOC_OK);
    assert_int_equal(stub.nfile, 1);
    assert_file(0, "part 2", "\0\1\2\3", 4);
}

static void text_part_with_a_filename_is_a_file_not_a_body(void **state)
{
    (void)state;
    const char *m =
        "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nxem tệp\r\n"
        "--b\r\nContent-Type: text/html; charset=utf-8\r\n"
        "Content-Disposition: attachment; filename=\"=?UTF-8?B?dGjDtG5nIGLDoW8uaHRtbA==?=\"\r\n\r\n"
        "<p>T\xE1\xBB\x90I M\xE1\xBA\xACT</p>\r\n--b--\r\n";
    doc_ctx *c = stub_reset();
    assert_int_equal(run_mem(c, m, strlen(m)), DOC_OK);
    assert_int_equal(stub.npiece, 2);
    /* The line break before a boundary belongs to the boundary. */
    assert_piece(1, "body 1", "xem tệp", "detect");
    const char *html = "<p>TỐI MẬT</p>";
    assert_int_equal(stub.nfile, 1);
    assert_file(0, "thông báo.html", html, strlen(html));
}

static void html_fragment_without_html_tag_still_gets_block_breaks(void **state)
{
    (void)state;
    const char *m =
        "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=UTF-8\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        "<div dir=3D\"ltr\">K=C3=ADnh g=E1=BB=ADi anh,<div>T=E1=BB=90I M=E1=BA=ACT</div>=\r\n"
        "<div>N=E1=BB=99i dung &amp; k=E1=BA=BF ho=E1=BA=A1ch</div></div>\r\n";
    doc_ctx *c = stub_reset();
    assert_int_equal(run_mem(c, m, strlen(m)), DOC_OK);
    assert_int_equal(stub.npiece, 2);
    char *l = lines_of(&stub.piece[1]);
    assert_string_equal(stub.piece[1].part, "body (text/html)");
    assert_string_equal(l, "Kính gửi anh,\nTỐI MẬT\nNội dung & kế hoạch\n");
    free(l);
}

static void preamble_and_epilogue_text_is_scanned(void **state)
{
    (void)state;
    const char *m =
        "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        "TỐI MẬT\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\nMẬT\r\n";
    doc_ctx *c = stub_reset();
    assert_int_equal(run_mem(c, m, strlen(m)), DOC_OK);
    assert_int_equal(stub.npiece, 4);
    assert_piece(1, "preamble", "TỐI MẬT", "detect");
    assert_piece(2, "body 1", "hello", "detect");
    assert_piece(3, "epilogue", "MẬT\n", "detect");
}

static void signed_mail_gives_its_body_but_not_the_signature(void **state)
{
    (void)state;
    const char *m =
        "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/signed; "
        "protocol=\"application/pkcs7-signature\"; micalg=sha-256; boundary=s\r\n\r\n"
        "--s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nTỐI MẬT\r\n"
        "--s\r\nContent-Type: application/pkcs7-signature; name=smime.p7s\r\n"
        "Content-Disposition: attachment; filename=smime.p7s\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\nMIAGCSqGSIb3DQEHAqCAMIACAQExDzANBglghkgBZQMEAgEFADCABgkqhkiG9w0BBwEAAA==\r\n"
        "--s--\r\n";
    doc_ctx *c = stub_reset();
    assert_int_equal(run_mem(c, m, strlen(m)), DOC_OK);
    assert_int_equal(stub.npiece, 2);
    assert_piece(1, "body 1", "TỐI MẬT", "detect");
    assert_int_equal(stub.nfile, 0);
    assert_int_equal(stub.nunscanned, 0);
}

static void encrypted_parts_are_reported_not_passed_over(void **state)
{
    (void)state;
    const char *pgp =
        "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=o\r\n\r\n"
        "--o\r\nContent-Type: text/plain\r\n\r\nsee below\r\n"
        "--o\r\nContent-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=e\r\n\r\n"
        "--e\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n"
        "--e\r\nContent-Type: application/octet-stream\r\n\r\n-----BEGIN PGP MESSAGE-----\r\nhQEMA\r\n"
        "-----END PGP MESSAGE-----\r\n--e--\r\n--o--\r\n";
    doc_ctx *c = stub_reset();
    assert_int_equal(run_mem(c, pgp, strlen(pgp)), DOC_OK);
    assert_int_equal(stub.nfile, 0);
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "part 2: encrypted (multipart/encrypted), not scanned");

    const char *smime =
        "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime; "
        "smime-type=enveloped-data; name=smime.p7m\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        "MIAGCSqGSIb3DQEHA6CAMIACAQAxggFA\r\n";
    c = stub_reset();
    assert_int_equal(run_mem(c, smime, strlen(smime)), DOC_OK);
    assert_int_equal(stub.nfile, 0);
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "part 1: S/MIME (application/pkcs7-mime), not scanned");
}

/* ------------------------------------------------------- charsets -- */

static void body_in_a_charset_the_decoder_does_not_know_is_converted_here(void **state)
{
    (void)state;
    const char *m =
        "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=koi8-r\r\n\r\n"
        "\xF0\xF2\xE9\xF7\xE5\xF4\r\n";
    doc_ctx *c = stub_reset();
    assert_int_equal(run_mem(c, m, strlen(m)), DOC_OK);
    assert_piece(1, "body", "ПРИВЕТ\r\n", NULL);
}

static void stateful_and_broken_foreign_text_is_converted_as_far_as_it_goes(void **state)
{
    (void)state;
    /* ISO-2022-JP shifts in and out with escapes; the shift back is what
    ** iconv's final flush writes. */
    const char *jis =
        "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-2022-jp\r\n\r\n"
        "\x1b$B$3$s$K$A$O\x1b(B";
    doc_ctx *c = stub_reset();
    assert_int_equal(run_mem(c, jis, strlen(jis)), DOC_OK);
    assert_piece(1, "body", "こんにちは", NULL);
    /* A byte Shift_JIS has no character for becomes U+FFFD, and the rest
    ** is still converted. */
    const char *sjis =
        "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=shift_jis\r\n\r\n"
        "\x82\xa0\xff\x82\xa2";
    c = stub_reset();
    assert_int_equal(run_mem(c, sjis, strlen(sjis)), DOC_OK);
    assert_piece(1, "body", "あ\xEF\xBF\xBDい", NULL);
}

static void uuencoded_attachment_is_decoded(void **state)
{
    (void)state;
    const char *m =
        "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        "--b\r\nContent-Type: application/octet-stream; name=\"ghi.txt\"\r\n"
        "Content-Transfer-Encoding: x-uuencode\r\n\r\n"
        "begin 644 ghi.txt\r\n,5.&[D$D@3>&ZK%0*\r\n`\r\nend\r\n--b--\r\n";
    doc_ctx *c = stub_reset();
    assert_int_equal(run_mem(c, m, strlen(m)), DOC_OK);
    assert_int_equal(stub.nfile, 1);
    assert_file(0, "ghi.txt", "TỐI MẬT\n", strlen("TỐI MẬT\n"));
}

static void utf16_body_goes_by_its_bom_or_else_by_its_label(void **state)
{
    (void)state;
    static const char le[] =
        "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-16le\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\nTQCsHlQA\r\n"; /* "MẬT", no BOM */
    doc_ctx *c = stub_reset();
    assert_int_equal(run_mem(c, le, strlen(le)), DOC_OK);
    assert_int_equal(stub.piece[1].len, 6);
    assert_memory_equal(stub.piece[1].text, "M\0\xAC\x1ET\0", 6);
    assert_string_equal(stub.piece[1].encoding, "utf-16le");

    static const char bom[] =
        "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-16\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n/v8ATR6sAFQ=\r\n"; /* BE with BOM */
    c = stub_reset();
    assert_int_equal(run_mem(c, bom, strlen(bom)), DOC_OK);
    assert_int_equal(stub.piece[1].len, 8);
    assert_memory_equal(stub.piece[1].text, "\xFE\xFF\0M\x1E\xAC\0T", 8);
    assert_string_equal(stub.piece[1].encoding, "detect");
}

static void raw_8bit_subject_goes_to_detection(void **state)
{
    (void)state;
    const char *m = "Subject: T\xD4\xECI M\xC2\xF2T\r\nMIME-Version: 1.0\r\n\r\nx\r\n";
    doc_ctx *c = stub_reset();
    assert_int_equal(run_mem(c, m, strlen(m)), DOC_OK);
    assert_piece(0, "Subject", "T\xD4\xECI M\xC2\xF2T", "detect");
}

static void adjacent_encoded_words_join_without_their_space(void **state)
{
    (void)state;
    /* Thunderbird splits long subjects mid-character across words. */
    const char *m = "Subject: =?UTF-8?Q?T=E1=BB?=\r\n =?UTF-8?Q?=90I_M=E1=BA=ACT?= v\xC3\xA0"
                    " =?UTF-8?B?a+G6vyBob+G6oWNo?=\r\n\r\nx\r\n";
    doc_ctx *c = stub_reset();
    assert_int_equal(run_mem(c, m, strlen(m)), DOC_OK);
    assert_piece(0, "Subject", "TỐI MẬT và kế hoạch", "detect");
}

static void encoded_words_in_a_foreign_charset_are_decoded_by_gmime(void **state)
{
    (void)state;
    const char *m = "Subject: =?koi8-r?B?8PLp9+X0?=\r\n\r\nx\r\n";
    doc_ctx *c = stub_reset();
    assert_int_equal(run_mem(c, m, strlen(m)), DOC_OK);
    assert_piece(0, "Subject", "ПРИВЕТ", NULL);
}

/* ----------------------------------------------------------- limits -- */

static void five_hundred_parts_are_each_seen(void **state)
{
    (void)state;
    sbuf b = many_parts(500);
    doc_ctx *c = stub_reset();
    assert_int_equal(run_mem(c, b.s, b.n), DOC_OK);
    free(b.s);
    assert_int_equal(stub.nfile, 500);
    for (unsigned i = 0; i < 500; i++) {
        char name[32], body[32];
        snprintf(name, sizeof name, "f%u.txt", i);
        snprintf(body, sizeof body, "part %u", i);
        assert_file(i, name, body, strlen(body));
    }
    assert_int_equal(stub.nunscanned, 0);
}

static void parts_past_the_member_limit_are_reported_once(void **state)
{
    (void)state;
    sbuf b = many_parts(60);
    doc_ctx *c = stub_reset();
    c->lim.max_members = 50;
    assert_int_equal(run_mem(c, b.s, b.n), DOC_OK);
    free(b.s);
    assert_int_equal(stub.nfile, 50);
    assert_string_equal(stub.file[49].name, "f49.txt");
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "MIME parts beyond 50 not scanned");
}

static void ten_thousand_parts_meet_the_default_limit(void **state)
{
    (void)state;
    sbuf b = many_parts(10050);
    doc_ctx *c = stub_reset();
    assert_int_equal(run_mem(c, b.s, b.n), DOC_OK);
    free(b.s);
    assert_int_equal(stub.nunscanned, 1);
    assert_string_equal(stub.unscanned[0], "MIME parts beyond 10000 not scanned");
}

static void boundary_line_bomb_is_cut_before_gmime_builds_it(void **state)
{
    (void)state;
    /* With 10 parts allowed, GMime may build 2 * 10 + 1024 delimiters. */
    sbuf b = many_parts(5000);
    doc_ctx *c = stub_reset();
    c->lim.max_members = 10;
    assert_int_equal(run_mem(c, b.s, b.n), DOC_OK);
    assert_int_equal(stub.nfile, 10);
    assert_int_equal(stub.nunscanned, 2);
    /* Line 1045 starting with "--" is where parsing stops. */
    const char *p = b.s;
    for (int k = 0; k < 1045; k++)
        p = strstr(p + 1, "\r\n--=_b") + 2;
    char want[160];
    snprintf(want, sizeof want,
             "mail after byte %zu not scanned: more than 1044 boundary lines",
             (size_t)(p - b.s));
    assert_string_equal(stub.unscanned[0], want);
    assert_string_equal(stub.unscanned[1], "MIME parts beyond 10 not scanned");
    free(b.s);
}

static void header_line_bomb_is_cut_before_gmime_builds_it(void **state)
{
    (void)state;
    sbuf b = {0};
    sb_add(&b, "Subject: TỐI MẬT\r\n");
    for (int i = 0; i < 100005; i++)
        sb_add(&b, "X-A: b\r\n");
    sb_add(&b, "\r\nbody\r\n");
    doc_ctx *c = stub_reset();
    assert_int_equal(run_mem(c, b.s, b.n), DOC_OK);
    free(b.s);
    assert_piece(0, "Subject", "TỐI MẬT", "detect");
    assert_int_equal(stub.nunscanned, 1);
    /* The subject line (22 bytes) is field 1: field 100,001 starts at
    ** 22 + 99,999 * 8. */
    assert_string_equal(stub.unscanned[0],
                        "mail after byte 800014 not scanned: more than 100000 header lines");
}

static void deep_multipart_nesting_is_reported_not_followed(void **state)
{
    (void)state;
    /* 2,000 levels: past our 64 and past GMime's own 1,024. */
    sbuf b = {0};
    int n = 2000;
    sb_add(&b, "Subject: deep\r\nMIME-Version: 1.0\r\n"
               "Content-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n");
    for (int i = 1; i < n; i++)
        sb_add(&b, "--b%d\r\nContent-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n", i - 1, i);
    sb_add(&b, "--b%d\r\nContent-Type: text/plain\r\n\r\nbottom\r\n", n - 1);
    for (int i = n - 1; i >= 0; i--)
        sb_add(&b, "--b%d--\r\n", i);
    doc_ctx *c = stub_reset();
    assert_int_equal(run_mem(c, b.s, b.n), DOC_OK);
    free(b.s);
    assert_int_equal(stub.npiece, 1); /* the subject */
    assert_int_equal(stub.nunscanned, 1);
    char want[256] = "MIME nesting deeper than 64 at part 1";
    for (int i = 0; i < 64; i++)
        strcat(want, ".1");
    strcat(want, " not scanned");
    assert_string_equal(stub.unscanned[0], want);
}

static void stop_flag_ends_extraction_before_anything(void **state)
{
    (void)state;
    size_t n;
    unsigned char *m = tu_fixture("mail", "thunderbird.eml", &n);
    doc_ctx *c = stub_reset();
    c->stop = 1;
    assert_int_equal(mime_extract(c, m, n), DOC_OK);
    free(m);
    assert_int_equal(stub.npiece + stub.nfile, 0);
}

static void extracted_bytes_budget_stops_the_attachment(void **state)
{
    (void)state;
    size_t n;
    unsigned char *m = tu_fixture("mail", "thunderbird.eml", &n);
    doc_ctx *c = stub_reset();
    c->lim.max_extracted = 10000; /* the bodies fit, the 21 KB PDF does not */
    assert_int_equal(mime_extract(c, m, n), DOC_OK);
    free(m);
    assert_int_equal(stub.nfile, 0);
    assert_int_equal(c->stop, 1);
    assert_non_null(stub_part("body 1.1"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(thunderbird_mail_gives_subject_bodies_and_the_decoded_pdf),
        cmocka_unit_test(html_body_is_reduced_to_visible_text_with_the_stamp_on_its_own_line),
        cmocka_unit_test(outlook_cp1258_body_goes_undecoded_to_detection),
        cmocka_unit_test(outlook_html_body_is_decoded_by_detection_not_by_label),
        cmocka_unit_test(mislabelled_latin1_body_is_not_converted_as_latin1),
        cmocka_unit_test(forwarded_message_is_handed_on_as_an_embedded_mail),
        cmocka_unit_test(headers_only_mail_gives_its_rfc2047_subject_and_nothing_else),
        cmocka_unit_test(truncated_base64_is_decoded_up_to_the_cut_and_reported),
        cmocka_unit_test(missing_closing_boundary_loses_nothing),
        cmocka_unit_test(content_under_a_boundary_that_never_comes_is_scanned_as_text),
        cmocka_unit_test(input_that_is_not_a_mail_is_corrupt),
        cmocka_unit_test(nameless_attachment_is_named_by_its_mime_path),
        cmocka_unit_test(text_part_with_a_filename_is_a_file_not_a_body),
        cmocka_unit_test(html_fragment_without_html_tag_still_gets_block_breaks),
        cmocka_unit_test(preamble_and_epilogue_text_is_scanned),
        cmocka_unit_test(signed_mail_gives_its_body_but_not_the_signature),
        cmocka_unit_test(encrypted_parts_are_reported_not_passed_over),
        cmocka_unit_test(body_in_a_charset_the_decoder_does_not_know_is_converted_here),
        cmocka_unit_test(stateful_and_broken_foreign_text_is_converted_as_far_as_it_goes),
        cmocka_unit_test(uuencoded_attachment_is_decoded),
        cmocka_unit_test(utf16_body_goes_by_its_bom_or_else_by_its_label),
        cmocka_unit_test(raw_8bit_subject_goes_to_detection),
        cmocka_unit_test(adjacent_encoded_words_join_without_their_space),
        cmocka_unit_test(encoded_words_in_a_foreign_charset_are_decoded_by_gmime),
        cmocka_unit_test(five_hundred_parts_are_each_seen),
        cmocka_unit_test(parts_past_the_member_limit_are_reported_once),
        cmocka_unit_test(ten_thousand_parts_meet_the_default_limit),
        cmocka_unit_test(boundary_line_bomb_is_cut_before_gmime_builds_it),
        cmocka_unit_test(header_line_bomb_is_cut_before_gmime_builds_it),
        cmocka_unit_test(deep_multipart_nesting_is_reported_not_followed),
        cmocka_unit_test(stop_flag_ends_extraction_before_anything),
        cmocka_unit_test(extracted_bytes_budget_stops_the_attachment),
    };
    return cmocka_run_group_tests(tests, stub_setup, stub_setup);
}

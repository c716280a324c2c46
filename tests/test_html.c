/*
** 2026-11-25
**
** test_html.c: what engine/html.c must hand on to the matcher: the visible
** text of a page, with each stamp on its own line when the page puts it in
** its own block, and every character still pointing at its source bytes.
**
** Every expected-text check also feeds the same document in two segments
** split at every position, and one code point at a time, and requires the
** identical stream: html_run is called on segment boundaries the caller
** chooses, so the result must not depend on them.
*/
#include "text_util.h"

#include "html.h"
#include "text.h"

/* UTF-8 -> text_buf, offsets being byte positions, as decode would give. */
static void from_utf8(text_buf *t, const char *s, size_t n)
{
    assert_int_equal(text_reserve(t, n), 0);
    size_t i = 0;
    while (i < n) {
        uint32_t c;
        size_t k = text_utf8_get((const unsigned char *)s + i, n - i, &c);
        if (k == 0) {
            c = 0xFFFD;
            k = 1;
        }
        text_put(t, c, (uint32_t)i, (uint32_t)k);
        i += k;
    }
}

/* Feed in[a..b) as one segment, checking the documented output bound. */
static void run_part(html_state *st, const text_buf *in, size_t a, size_t b,
                     int final, text_buf *out)
{
    text_buf seg = {in->cp + a, in->off + a, in->olen + a, b - a, b - a};
    size_t before = out->len;
    size_t held = st->npend + 2;
    assert_int_equal(html_run(st, &seg, final, out), 0);
    assert_true(out->len - before <= (b - a) + held);
}

static void convert(const text_buf *in, text_buf *out)
{
    html_state st;
    html_init(&st);
    text_init(out);
    run_part(&st, in, 0, in->len, 1, out);
}

static void assert_same_stream(const text_buf *a, const text_buf *b)
{
    assert_int_equal(a->len, b->len);
    for (size_t i = 0; i < a->len; i++) {
        assert_int_equal(a->cp[i], b->cp[i]);
        assert_int_equal(a->off[i], b->off[i]);
        assert_int_equal(a->olen[i], b->olen[i]);
    }
}

/* Splitting the input anywhere, or everywhere, changes nothing. */
static void assert_split_invariant(const text_buf *in, const text_buf *whole)
{
    for (size_t cut = 0; cut <= in->len; cut++) {
        html_state st;
        text_buf out;
        html_init(&st);
        text_init(&out);
        run_part(&st, in, 0, cut, 0, &out);
        run_part(&st, in, cut, in->len, 1, &out);
        assert_same_stream(whole, &out);
        text_free(&out);
    }
    html_state st;
    text_buf out;
    html_init(&st);
    text_init(&out);
    for (size_t i = 0; i < in->len; i++)
        run_part(&st, in, i, i + 1, 0, &out);
    run_part(&st, in, in->len, in->len, 1, &out);
    assert_same_stream(whole, &out);
    text_free(&out);
}

/* Convert html (UTF-8) and return the visible text as UTF-8; out keeps the
** stream for offset checks when not NULL. */
static char *html_text(const char *html, text_buf *keep)
{
    text_buf in, out;
    text_init(&in);
    from_utf8(&in, html, strlen(html));
    convert(&in, &out);
    assert_split_invariant(&in, &out);
    char *s = tu_text_utf8(&out);
    text_free(&in);
    if (keep)
        *keep = out;
    else
        text_free(&out);
    return s;
}

static void assert_html(const char *html, const char *want)
{
    char *got = html_text(html, NULL);
    assert_string_equal(got, want);
    free(got);
}

static void assert_at(const text_buf *t, size_t i, uint32_t cp, uint32_t off,
                      unsigned olen)
{
    assert_true(i < t->len);
    assert_int_equal(t->cp[i], cp);
    assert_int_equal(t->off[i], off);
    assert_int_equal(t->olen[i], olen);
}

/* Is line a whole line of text (between line starts/ends)? */
static int has_line(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = strstr(text, line); p; p = strstr(p + 1, line)) {
        int starts = p == text || p[-1] == '\n';
        int ends = p[n] == '\0' || p[n] == '\n';
        if (starts && ends)
            return 1;
    }
    return 0;
}

static void assert_stamp_alone(const char *html)
{
    char *got = html_text(html, NULL);
    assert_true(has_line(got, "TỐI MẬT"));
    free(got);
}

/* ---- blocks and lines ---- */

static void paragraphs_become_lines_separated_by_a_blank_line(void **state)
{
    (void)state;
    assert_html("<p>Một</p><p>Hai</p>", "Một\n\nHai\n");
    assert_html("Dòng một<br>Dòng hai<br/>Dòng ba", "Dòng một\nDòng hai\nDòng ba");
}

static void stamp_in_its_own_paragraph_stands_on_its_own_line(void **state)
{
    (void)state;
    assert_stamp_alone("<p>BỘ QUỐC PHÒNG</p><p>TỐI MẬT</p><p>Số: 12/BC</p>");
}

static void stamp_in_table_cell_stands_on_its_own_line(void **state)
{
    (void)state;
    assert_stamp_alone("<table><tr><td>BỘ CÔNG AN</td><td>TỐI MẬT</td>"
                       "<td>Số 5</td></tr></table>");
    assert_stamp_alone("<table><tr><th>TỐI MẬT</th><th>Hà Nội</th></tr>"
                       "</table>");
    assert_html("<tr><td>a</td><td>b</td></tr>", "a\n\nb\n\n");
}

static void stamp_in_its_own_div_stands_on_its_own_line(void **state)
{
    (void)state;
    assert_stamp_alone("<div>Kính gửi</div><div class=\"stamp\">TỐI MẬT</div>"
                       "<div>Nội dung</div>");
    assert_stamp_alone("Kính gửi<DIV>TỐI MẬT</DIV>Nội dung");
}

static void inline_tags_do_not_split_a_stamp(void **state)
{
    (void)state;
    assert_html("<p>T<b>ỐI</b> <span style=\"color:red\">MẬT</span></p>",
                "TỐI MẬT\n");
    assert_html("<font face=Arial><i>TỐI</i> <u>MẬT</u></font>", "TỐI MẬT");
}

static void every_block_element_breaks_the_line_and_inline_ones_do_not(void **state)
{
    (void)state;
    static const char *const blocks[] = {
        "p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "tr",
        "td", "th", "table", "thead", "tbody", "tfoot", "caption", "h1", "h2",
        "h3", "h4", "h5", "h6", "section", "article", "header", "footer",
        "nav", "aside", "main", "blockquote", "pre", "address", "figure",
        "figcaption", "form", "fieldset", "legend", "title", "body", "center",
        "option", "details", "summary", "dialog", "menu", "dir", "hgroup",
        "search", "textarea", "xmp", "listing", "BLOCKQUOTE", "FigCaption"
    };
    static const char *const inlines[] = {
        "span", "a", "b", "i", "u", "em", "strong", "font", "sup", "sub",
        "small", "label", "o:p", "st1:place", "html", "noscript", "meta",
        "link", "img", "pp", "divx", "d", "blockquotes", "tablex", "h7"
    };
    char html[96], want[32];
    for (size_t k = 0; k < sizeof blocks / sizeof blocks[0]; k++) {
        snprintf(html, sizeof html, "a<%s>b</%s>c", blocks[k], blocks[k]);
        snprintf(want, sizeof want, "a\nb\nc");
        char *got = html_text(html, NULL);
        if (strcmp(got, want) != 0)
            fail_msg("<%s>: got \"%s\"", blocks[k], got);
        free(got);
    }
    for (size_t k = 0; k < sizeof inlines / sizeof inlines[0]; k++) {
        snprintf(html, sizeof html, "a<%s x=1>b</%s>c", inlines[k], inlines[k]);
        char *got = html_text(html, NULL);
        if (strcmp(got, "abc") != 0)
            fail_msg("<%s>: got \"%s\"", inlines[k], got);
        free(got);
    }
}

static void block_breaks_collapse_to_one_blank_line(void **state)
{
    (void)state;
    assert_html("a<div><div><p><br><br><br>b</p></div></div>c",
                "a\n\nb\n\nc");
    assert_html("a</p>\n<p>b", "a\n \nb");
}

static void no_break_or_space_comes_before_the_first_text(void **state)
{
    (void)state;
    assert_html("<html>\n<head>\n<meta charset=\"utf-8\">\n</head>\n"
                "<body>\n<p>TỐI MẬT</p>\n</body>\n</html>\n",
                "TỐI MẬT\n \n  ");
}

static void break_points_at_the_less_than_sign_of_its_tag(void **state)
{
    (void)state;
    text_buf out;
    char *s = html_text("ab<br>cd</p>", &out);
    assert_string_equal(s, "ab\ncd\n");
    assert_at(&out, 2, '\n', 2, 1);
    assert_at(&out, 5, '\n', 8, 1);
    free(s);
    text_free(&out);
}

static void break_carries_the_source_length_of_the_less_than_sign(void **state)
{
    (void)state;
    /* As UTF-16 would decode "a<p>b": two bytes a code point. */
    const char *src = "a<p>b";
    text_buf in, out;
    text_init(&in);
    assert_int_equal(text_reserve(&in, 8), 0);
    for (uint32_t i = 0; src[i]; i++)
        text_put(&in, (uint32_t)src[i], 2 + 2 * i, 2);
    convert(&in, &out);
    assert_int_equal(out.len, 3);
    assert_at(&out, 1, '\n', 4, 2);
    assert_at(&out, 2, 'b', 10, 2);
    assert_split_invariant(&in, &out);
    text_free(&in);
    text_free(&out);
}

static void kept_characters_keep_their_source_offsets(void **state)
{
    (void)state;
    text_buf out;
    char *s = html_text("<p>Mật</p>", &out);
    assert_string_equal(s, "Mật\n");
    assert_at(&out, 0, 'M', 3, 1);
    assert_at(&out, 1, 0x1EAD, 4, 3);
    assert_at(&out, 2, 't', 7, 1);
    free(s);
    text_free(&out);
}

static void source_line_breaks_are_spaces_except_in_pre(void **state)
{
    (void)state;
    /* A browser shows "Số: 12 TỐI MẬT" on one line: so must we. */
    assert_html("<p>Số: 12\nTỐI MẬT</p>", "Số: 12 TỐI MẬT\n");
    assert_html("<p>a  b\n\n\tc</p>", "a  b  \tc\n");
    assert_html("<p>a</p><pre>  x\n   y</pre>", "a\n\n  x\n   y\n");
    assert_html("<pre>Số: 12\r\nMẬT\n</pre>x\ny", "Số: 12\r\nMẬT\n\nx y");
}

/* ---- character references ---- */

static void named_reference_gets_offset_of_ampersand_and_whole_length(void **state)
{
    (void)state;
    text_buf out;
    char *s = html_text("a&nbsp;b&amp;c", &out);
    assert_string_equal(s, "a\xC2\xA0" "b&c");
    assert_at(&out, 0, 'a', 0, 1);
    assert_at(&out, 1, 0xA0, 1, 6);
    assert_at(&out, 2, 'b', 7, 1);
    assert_at(&out, 3, '&', 8, 5);
    assert_at(&out, 4, 'c', 13, 1);
    free(s);
    text_free(&out);
}

static void latin1_references_spell_a_stamp(void **state)
{
    (void)state;
    assert_html("T&Ocirc;I M&Acirc;T &lt;&gt;&quot;&apos;",
                "TÔI MÂT <>\"'");
    assert_html("&Agrave;&agrave;&yuml;&Yacute;&szlig;&AElig;", "ÀàÿÝßÆ");
    assert_html("&Dstrok;&dstrok;&Abreve;&abreve;&Utilde;&itilde;",
                "ĐđĂăŨĩ");
}

static void typographic_references_decode(void **state)
{
    (void)state;
    assert_html("&ndash;&mdash;&lsquo;&rsquo;&ldquo;&rdquo;&hellip;&bull;"
                "&middot;&laquo;&raquo;&copy;&reg;&trade;&euro;",
                "–—‘’“”…•·«»©®™€");
    text_buf out;
    char *s = html_text("&shy;&zwj;&zwnj;&thinsp;&ensp;&emsp;", &out);
    assert_int_equal(out.len, 6);
    assert_at(&out, 0, 0xAD, 0, 5);
    assert_at(&out, 1, 0x200D, 5, 5);
    assert_at(&out, 2, 0x200C, 10, 6);
    assert_at(&out, 3, 0x2009, 16, 8);
    assert_at(&out, 4, 0x2002, 24, 6);
    assert_at(&out, 5, 0x2003, 30, 6);
    free(s);
    text_free(&out);
}

static void decimal_and_hex_references_decode(void **state)
{
    (void)state;
    text_buf out;
    char *s = html_text("M&#7853;T M&#x1EAD;T M&#X1ead;T", &out);
    assert_string_equal(s, "MậT MậT MậT");
    assert_at(&out, 1, 0x1EAD, 1, 7);
    assert_at(&out, 5, 0x1EAD, 11, 8);
    assert_at(&out, 9, 0x1EAD, 22, 8);
    assert_at(&out, 10, 'T', 30, 1);
    free(s);
    text_free(&out);
}

static void reference_without_semicolon_decodes_where_html_allows(void **state)
{
    (void)state;
    text_buf out;
    char *s = html_text("&#7853x &copy2026 &amp &notit;", &out);
    assert_string_equal(s, "ậx ©2026 & ¬it;");
    assert_at(&out, 0, 0x1EAD, 0, 6);
    assert_at(&out, 1, 'x', 6, 1);
    assert_at(&out, 3, 0xA9, 8, 5);
    assert_at(&out, 4, '2', 13, 1);
    assert_at(&out, 9, '&', 18, 4);
    assert_at(&out, 11, 0xAC, 23, 4);
    assert_at(&out, 12, 'i', 27, 1);
    free(s);
    text_free(&out);
    /* Names that need ';' stay text without it. */
    assert_html("&hellip &ndash x", "&hellip &ndash x");
}

static void unknown_names_stay_literal_text(void **state)
{
    (void)state;
    text_buf out;
    char *s = html_text("&foo; &zwsp; AT&T & x &; &#; &#x; &#xg;", &out);
    assert_string_equal(s, "&foo; &zwsp; AT&T & x &; &#; &#x; &#xg;");
    for (size_t i = 0; i < out.len; i++)
        assert_at(&out, i, out.cp[i], (uint32_t)i, 1);
    free(s);
    text_free(&out);
}

static void invalid_numbers_become_replacement_character(void **state)
{
    (void)state;
    assert_html("&#0;|&#xD800;|&#x110000;|&#99999999999999;|&#xDFFF",
                "\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD|"
                "\xEF\xBF\xBD");
    /* Browsers read &#128;-&#159; as Windows-1252. */
    assert_html("&#150;&#147;&#x80;&#129;", "–“€\xC2\x81");
}

static void overlong_reference_candidate_is_text(void **state)
{
    (void)state;
    char src[64];
    memset(src, 'q', sizeof src);
    src[0] = '&';
    src[sizeof src - 2] = ';';
    src[sizeof src - 1] = '\0';
    text_buf out;
    char *s = html_text(src, &out);
    assert_string_equal(s, src);
    for (size_t i = 0; i < out.len; i++)
        assert_at(&out, i, (uint8_t)src[i], (uint32_t)i, 1);
    free(s);
    text_free(&out);
}

static void reference_length_saturates_at_255(void **state)
{
    (void)state;
    char src[400];
    size_t n = 0;
    n += (size_t)sprintf(src, "x&#");
    memset(src + n, '0', 300);
    n += 300;
    strcpy(src + n, "65;y");
    text_buf out;
    char *s = html_text(src, &out);
    assert_string_equal(s, "xAy");
    assert_at(&out, 1, 'A', 1, 255);
    assert_at(&out, 2, 'y', 306, 1);
    free(s);
    text_free(&out);
}

static void unfinished_reference_at_the_end_is_flushed(void **state)
{
    (void)state;
    assert_html("AT&T", "AT&T");
    assert_html("x &", "x &");
    assert_html("x &#", "x &#");
    assert_html("x &#x", "x &#x");
    assert_html("x &amp", "x &");
    assert_html("x &#65", "x A");
}

/* ---- what is dropped ---- */

static void script_content_is_dropped_up_to_its_end_tag(void **state)
{
    (void)state;
    assert_html("a<script>if (a<b) x=\"</p>\";</script>b", "ab");
    assert_html("a<SCRIPT type=\"text/javascript\">var s='<div>TỐI MẬT</div>';"
                "</SCRIPT >b", "ab");
    assert_html("a<script>x</scriptx></script/>b", "ab");
    assert_html("a<style>p > b { color: red }</style>b", "ab");
}

static void script_left_open_hides_the_rest(void **state)
{
    (void)state;
    assert_html("a<script>TỐI MẬT</scr", "a");
}

static void self_closed_script_does_not_hide_what_follows(void **state)
{
    (void)state;
    assert_stamp_alone("<script src=\"a.js\"/><p>TỐI MẬT</p>");
}

static void template_content_is_dropped_even_when_nested(void **state)
{
    (void)state;
    assert_html("a<template><p>x<template>y</template>z</p></template>b",
                "ab");
    assert_html("a</template>b", "ab");
}

static void noscript_content_is_kept(void **state)
{
    (void)state;
    assert_stamp_alone("<noscript><p>TỐI MẬT</p></noscript>");
}

static void head_shows_only_its_title(void **state)
{
    (void)state;
    assert_html("<html><head>\n<meta charset=utf-8>\n<title>Báo cáo</title>\n"
                "<style>p{}</style><script>x()</script></head>"
                "<body><p>X</p></body></html>",
                "Báo cáo\n\nX\n\n");
}

static void text_a_browser_moves_out_of_head_is_shown(void **state)
{
    (void)state;
    assert_html("<head><title>t</title>TỐI MẬT</head>", "t\nTỐI MẬT");
    assert_html("<head><div>TỐI MẬT</div>", "TỐI MẬT\n");
}

static void comments_are_dropped_whatever_dashes_they_hold(void **state)
{
    (void)state;
    assert_html("a<!-- x -- y --->b<!---->c<!-->d<!--->e", "abcde");
    assert_html("a<!-- <p>TỐI MẬT</p> -- -> --!>b", "ab");
    assert_html("a<!--[if gte mso 9]><xml><w:x/></xml><![endif]-->b", "ab");
}

static void doctype_and_processing_instructions_are_dropped(void **state)
{
    (void)state;
    assert_html("<?xml version=\"1.0\"?><!DOCTYPE html PUBLIC \"x\">"
                "<html>a</html>", "a");
    assert_html("a</ b>c</>d", "acd");
}

static void cdata_markers_are_dropped_and_content_kept(void **state)
{
    (void)state;
    assert_html("a<![CDATA[x<y & ]] z]]]>b", "ax<y & ]] z]b");
    assert_html("<![if !supportLists]>·<![endif]>Mục", "·Mục");
    assert_html("a<![CDATA[x]", "ax]");
}

/* ---- tags ---- */

static void greater_than_in_a_quoted_attribute_does_not_end_the_tag(void **state)
{
    (void)state;
    assert_html("<a title=\"x > y\" href='>'>link</a>", "link");
    assert_html("<p data-x = \"a>b\" class='c>d'>TỐI MẬT</p>", "TỐI MẬT\n");
}

static void stray_quote_in_an_unquoted_value_does_not_swallow_text(void **state)
{
    (void)state;
    assert_html("<p class=a\"b>TỐI MẬT</p><p>x\"</p>", "TỐI MẬT\n\nx\"\n");
    assert_html("<p a\"b>TỐI</p>", "TỐI\n");
}

static void uppercase_tags_work_like_lowercase(void **state)
{
    (void)state;
    assert_html("<P>A</P><TABLE><TR><TD>B</TD></TR></TABLE>"
                "<SCRIPT>x</SCRIPT><Style>y</sTyle>C",
                "A\n\nB\n\nC");
}

static void less_than_before_a_non_letter_is_text(void **state)
{
    (void)state;
    text_buf out;
    char *s = html_text("a < b, 1<2, <3, x<=y, <<p>", &out);
    assert_string_equal(s, "a < b, 1<2, <3, x<=y, <\n");
    assert_at(&out, 2, '<', 2, 1);
    free(s);
    text_free(&out);
    assert_html("x <", "x <");
}

static void unterminated_tag_at_the_end_is_dropped(void **state)
{
    (void)state;
    assert_html("abc<div class=\"x", "abc");
    assert_html("abc<div", "abc");
    assert_html("abc</", "abc");
    assert_html("abc<!-- never closed TỐI MẬT", "abc");
}

static void long_and_foreign_tag_names_are_plain_inline_tags(void **state)
{
    (void)state;
    assert_html("a<divdivdivdivdivdivdiv>b<o:p>c</o:p><dív>d", "abcd");
    assert_html("a<scriptscriptscript>b</scriptscriptscript>c", "abc");
}

/* ---- segments ---- */

static const char big_doc[] =
    "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
    "<title>Báo cáo &amp; tờ trình</title>"
    "<style>td > p { x: \"</p>\" }</style>"
    "<script>if (a<b && c>d) s = \"</div>\";</script></head>\n"
    "<body><!-- nháp -- cũ --><table border=1><tr><td>BỘ CÔNG AN</td>"
    "<td class=\"s>t\">TỐI MẬT</td></tr></table>"
    "<p>M&#7853;t &#x1EAD; &copy2026 &foo; &ndash; a < b &amp</p>"
    "<![CDATA[ c ]]]><template><p>ẩn</p></template><noscript>hiện</noscript>"
    "<br/><P ALIGN=center>Hà&nbsp;Nội</P><?php echo 1 ?>&#150;&#0"
    "</body></html>&";

static void any_segment_split_gives_the_same_stream(void **state)
{
    (void)state;
    text_buf in, whole;
    text_init(&in);
    from_utf8(&in, big_doc, strlen(big_doc));
    convert(&in, &whole);
    char *s = tu_text_utf8(&whole);
    assert_true(has_line(s, "TỐI MẬT"));
    assert_non_null(strstr(s, "Báo cáo & tờ trình\n"));
    assert_null(strstr(s, "ẩn"));
    assert_null(strstr(s, "nháp"));
    free(s);
    assert_split_invariant(&in, &whole);
    /* Three segments: every pair of cut points. */
    for (size_t a = 0; a <= in.len; a += 3) {
        for (size_t b = a; b <= in.len; b += 2) {
            html_state st;
            text_buf out;
            html_init(&st);
            text_init(&out);
            run_part(&st, &in, 0, a, 0, &out);
            run_part(&st, &in, a, b, 0, &out);
            run_part(&st, &in, b, in.len, 1, &out);
            assert_same_stream(&whole, &out);
            text_free(&out);
        }
    }
    text_free(&in);
    text_free(&whole);
}

static void state_is_fresh_after_the_final_segment(void **state)
{
    (void)state;
    text_buf a, b, out;
    text_init(&a);
    text_init(&b);
    text_init(&out);
    from_utf8(&a, "<p>x<script>y", 13);
    from_utf8(&b, "<p>z", 4);
    html_state st;
    html_init(&st);
    assert_int_equal(html_run(&st, &a, 1, &out), 0);
    assert_int_equal(html_run(&st, &b, 1, &out), 0);
    char *s = tu_text_utf8(&out);
    assert_string_equal(s, "xz");
    free(s);
    text_free(&a);
    text_free(&b);
    text_free(&out);
}

/* ---- sniffing ---- */

static int sniff(const char *s)
{
    text_buf t;
    text_init(&t);
    from_utf8(&t, s, strlen(s));
    int r = html_sniff(&t);
    text_free(&t);
    return r;
}

static void sniff_knows_html_by_its_doctype_or_root_tags(void **state)
{
    (void)state;
    assert_true(sniff("<!DOCTYPE html><p>x"));
    assert_true(sniff("\n\n  <!doctype HTML>"));
    assert_true(sniff("<HTML>\n<body>x</body>"));
    assert_true(sniff("<?xml version=\"1.0\"?>\n<html xmlns=\"x\">"));
    assert_true(sniff("junk <head>"));
    assert_true(sniff("<body bgcolor=white>"));
}

static void sniff_knows_a_fragment_by_three_common_tags(void **state)
{
    (void)state;
    assert_true(sniff("<p>a</p><p>b</p><div>c</div>"));
    assert_true(sniff("<td>1</td><td>2<br/>3</td>"));
    assert_true(sniff("x <span class=a>y</span> <a href=#>z</a> <br>"));
    assert_false(sniff("<p>only two <br> here"));
}

static void sniff_rejects_plain_text_with_stray_less_than(void **state)
{
    (void)state;
    assert_false(sniff(""));
    assert_false(sniff("TỐI MẬT\nSố: 12 < 15 và a<b, b<c, c<d"));
    assert_false(sniff("email <nguyen@example.vn> <htmlish> <bodyguard>"));
    assert_false(sniff("x <!-- not a doctype -->"));
}

static void sniff_looks_only_at_the_first_4096_code_points(void **state)
{
    (void)state;
    char *s = malloc(5000);
    assert_non_null(s);
    memset(s, 'x', 5000);
    memcpy(s + 4200, "<html>", 6);
    s[4999] = '\0';
    assert_false(sniff(s));
    memcpy(s + 4000, "<html>", 6);
    assert_true(sniff(s));
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(paragraphs_become_lines_separated_by_a_blank_line),
        cmocka_unit_test(stamp_in_its_own_paragraph_stands_on_its_own_line),
        cmocka_unit_test(stamp_in_table_cell_stands_on_its_own_line),
        cmocka_unit_test(stamp_in_its_own_div_stands_on_its_own_line),
        cmocka_unit_test(inline_tags_do_not_split_a_stamp),
        cmocka_unit_test(every_block_element_breaks_the_line_and_inline_ones_do_not),
        cmocka_unit_test(block_breaks_collapse_to_one_blank_line),
        cmocka_unit_test(no_break_or_space_comes_before_the_first_text),
        cmocka_unit_test(break_points_at_the_less_than_sign_of_its_tag),
        cmocka_unit_test(break_carries_the_source_length_of_the_less_than_sign),
        cmocka_unit_test(kept_characters_keep_their_source_offsets),
        cmocka_unit_test(source_line_breaks_are_spaces_except_in_pre),
        cmocka_unit_test(named_reference_gets_offset_of_ampersand_and_whole_length),
        cmocka_unit_test(latin1_references_spell_a_stamp),
        cmocka_unit_test(typographic_references_decode),
        cmocka_unit_test(decimal_and_hex_references_decode),
        cmocka_unit_test(reference_without_semicolon_decodes_where_html_allows),
        cmocka_unit_test(unknown_names_stay_literal_text),
        cmocka_unit_test(invalid_numbers_become_replacement_character),
        cmocka_unit_test(overlong_reference_candidate_is_text),
        cmocka_unit_test(reference_length_saturates_at_255),
        cmocka_unit_test(unfinished_reference_at_the_end_is_flushed),
        cmocka_unit_test(script_content_is_dropped_up_to_its_end_tag),
        cmocka_unit_test(script_left_open_hides_the_rest),
        cmocka_unit_test(self_closed_script_does_not_hide_what_follows),
        cmocka_unit_test(template_content_is_dropped_even_when_nested),
        cmocka_unit_test(noscript_content_is_kept),
        cmocka_unit_test(head_shows_only_its_title),
        cmocka_unit_test(text_a_browser_moves_out_of_head_is_shown),
        cmocka_unit_test(comments_are_dropped_whatever_dashes_they_hold),
        cmocka_unit_test(doctype_and_processing_instructions_are_dropped),
        cmocka_unit_test(cdata_markers_are_dropped_and_content_kept),
        cmocka_unit_test(greater_than_in_a_quoted_attribute_does_not_end_the_tag),
        cmocka_unit_test(stray_quote_in_an_unquoted_value_does_not_swallow_text),
        cmocka_unit_test(uppercase_tags_work_like_lowercase),
        cmocka_unit_test(less_than_before_a_non_letter_is_text),
        cmocka_unit_test(unterminated_tag_at_the_end_is_dropped),
        cmocka_unit_test(long_and_foreign_tag_names_are_plain_inline_tags),
        cmocka_unit_test(any_segment_split_gives_the_same_stream),
        cmocka_unit_test(state_is_fresh_after_the_final_segment),
        cmocka_unit_test(sniff_knows_html_by_its_doctype_or_root_tags),
        cmocka_unit_test(sniff_knows_a_fragment_by_three_common_tags),
        cmocka_unit_test(sniff_rejects_plain_text_with_stray_less_than),
        cmocka_unit_test(sniff_looks_only_at_the_first_4096_code_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

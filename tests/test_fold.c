/*
** 2026-11-25
**
** test_fold.c: the normalizer's two views, checked byte for byte, and the
** map from view bytes back to code points.
*/
#include "testutil.h"

#include "fold.h"
#include "text.h"

/* UTF-8 -> text_buf with offsets = byte positions. */
static void load(text_buf *t, const char *s)
{
    size_t n = strlen(s);
    text_init(t);
    assert_int_equal(text_reserve(t, n + 1), 0);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = text_utf8_get((const unsigned char *)s + i, n - i, &cp);
        assert_true(k > 0);
        text_put(t, cp, (uint32_t)i, (uint32_t)k);
        i += k;
    }
}

static void views(const char *in, char *canon, char *folded)
{
    text_buf t;
    fold_view cv, fv;
    load(&t, in);
    fold_view_init(&cv);
    fold_view_init(&fv);
    assert_int_equal(fold_run(&t, &cv, &fv), 0);
    memcpy(canon, cv.buf, cv.len);
    canon[cv.len] = 0;
    memcpy(folded, fv.buf, fv.len);
    folded[fv.len] = 0;
    /* The map never goes backwards: a match's ends bound its evidence. */
    for (size_t k = 1; k < cv.len; k++)
        assert_true(cv.map[k] >= cv.map[k - 1]);
    text_free(&t);
    fold_view_free(&cv);
    fold_view_free(&fv);
}

static void canon_moves_tone_to_word_end(void **state)
{
    (void)state;
    char c[256], f[256];
    views("TỐI MẬT", c, f);
    assert_string_equal(c, "t\xc3\xb4i\x02 m\xc3\xa2t\x05");
    assert_string_equal(f, "toi mat");
}

static void tone_placement_variants_are_one_form(void **state)
{
    (void)state;
    char a[256], b[256], f[256];
    views("HÒA", a, f);
    views("HOÀ", b, f);
    assert_string_equal(a, b);
    views("thuở", a, f);
    views("thủơ", b, f);
    assert_string_equal(a, b);
}

static void nfd_and_nfc_give_the_same_view(void **state)
{
    (void)state;
    char a[256], b[256], f[256];
    views("M\xe1\xba\xac" "T", a, f);                  /* NFC Ậ */
    views("MA\xcc\xa3\xcc\x82T", b, f);                /* A + dot below + circumflex */
    assert_string_equal(a, b);
    views("MA\xcc\x82\xcc\xa3T", b, f);                /* the other mark order */
    assert_string_equal(a, b);
}

static void invisible_characters_do_not_split_words(void **state)
{
    (void)state;
    char a[256], b[256], f[256];
    views("TỐI MẬT", a, f);
    views("T\xe2\x80\x8b" "ỐI M\xc2\xad" "ẬT", b, f); /* ZWSP and soft hyphen */
    assert_string_equal(a, b);
    views("T\xef\xbb\xbf" "ỐI\xc2\xa0MẬT", b, f);     /* BOM inside, NBSP */
    assert_string_equal(a, b);
}

static void spaced_letters_join_into_words(void **state)
{
    (void)state;
    char a[256], b[256], f[256];
    views("TỐI MẬT", a, f);
    views("T Ố I   M Ậ T", b, f);
    assert_string_equal(a, b);
    views("T.Ố.I M.Ậ.T", b, f);
    assert_string_equal(a, b);
    /* All single spaces: one word, matched by the joined variant. */
    views("T Ố I M Ậ T", b, f);
    assert_string_equal(f, "toimat");
}

static void two_letter_runs_are_not_joined(void **state)
{
    (void)state;
    char c[256], f[256];
    views("a b", c, f);
    assert_string_equal(f, "a b");
    views("phụ lục A, B, C", c, f);
    assert_string_equal(f, "phu luc a, b, c");
}

static void whitespace_runs_collapse_to_one_space(void **state)
{
    (void)state;
    char c[256], f[256];
    views("  bí\t\tmật \n\n nhà\r\nnước ", c, f);
    assert_string_equal(f, "bi mat nha nuoc");
}

static void fullwidth_letters_fold_to_ascii(void **state)
{
    (void)state;
    char c[256], f[256];
    views("\xef\xbc\xad\xef\xbc\xa1\xef\xbc\xb4", c, f); /* ＭＡＴ */
    assert_string_equal(f, "mat");
}

static void control_bytes_never_look_like_tones(void **state)
{
    (void)state;
    char c[256], f[256];
    views("mat\x05 x", c, f);
    assert_string_equal(c, "mat x");
}

static void d_with_stroke_keeps_its_shape_in_canon(void **state)
{
    (void)state;
    char c[256], f[256];
    views("Đà Nẵng", c, f);
    assert_string_equal(c, "\xc4\x91" "a\x01 n\xc4\x83ng\x04");
    assert_string_equal(f, "da nang");
}

static void phrase_normalizes_like_text(void **state)
{
    (void)state;
    char *c, *f;
    assert_int_equal(fold_phrase("  Tối   Mật ", 0, &c, &f), 0);
    assert_string_equal(c, "t\xc3\xb4i\x02 m\xc3\xa2t\x05");
    assert_string_equal(f, "toi mat");
    free(c);
    free(f);
    assert_int_equal(fold_phrase("Tối Mật", 1, &c, &f), 0);
    assert_string_equal(f, "toimat");
    free(c);
    free(f);
    assert_int_equal(fold_phrase("  \xe2\x80\x8b ", 0, &c, &f), 1);
    assert_int_equal(fold_phrase("\xff", 0, &c, &f), 1);
}

static void obfuscation_is_detected_only_when_present(void **state)
{
    (void)state;
    text_buf t;
    load(&t, "T Ố I   M Ậ T");
    assert_true(fold_is_obfuscated(&t, 0, (uint32_t)t.len));
    text_free(&t);
    load(&t, "TỐI MẬT");
    assert_false(fold_is_obfuscated(&t, 0, (uint32_t)t.len));
    text_free(&t);
    load(&t, "TỐI M\xe2\x80\x8b" "ẬT");
    assert_true(fold_is_obfuscated(&t, 0, (uint32_t)t.len));
    text_free(&t);
}

static void map_points_at_source_code_points(void **state)
{
    (void)state;
    text_buf t;
    fold_view cv;
    load(&t, "ab  MẬT");
    fold_view_init(&cv);
    assert_int_equal(fold_run(&t, &cv, NULL), 0);
    /* "ab mât\x05": the space maps to the first blank, m to index 4. */
    assert_int_equal(cv.map[2], 2);
    assert_int_equal(cv.map[3], 4);
    assert_int_equal(t.off[cv.map[3]], 4);
    /* The tone byte maps to the word's last letter, T. */
    assert_int_equal(cv.map[cv.len - 1], 6);
    text_free(&t);
    fold_view_free(&cv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(canon_moves_tone_to_word_end),
        cmocka_unit_test(tone_placement_variants_are_one_form),
        cmocka_unit_test(nfd_and_nfc_give_the_same_view),
        cmocka_unit_test(invisible_characters_do_not_split_words),
        cmocka_unit_test(spaced_letters_join_into_words),
        cmocka_unit_test(two_letter_runs_are_not_joined),
        cmocka_unit_test(whitespace_runs_collapse_to_one_space),
        cmocka_unit_test(fullwidth_letters_fold_to_ascii),
        cmocka_unit_test(control_bytes_never_look_like_tones),
        cmocka_unit_test(d_with_stroke_keeps_its_shape_in_canon),
        cmocka_unit_test(phrase_normalizes_like_text),
        cmocka_unit_test(obfuscation_is_detected_only_when_present),
        cmocka_unit_test(map_points_at_source_code_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

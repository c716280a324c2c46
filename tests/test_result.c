/*
** 2026-11-25
**
** test_result.c: verdicts from effects, and the text and JSON forms of a
** result (the output contract), including hostile strings.
*/
#include "testutil.h"

#include "result.h"

static domat_finding finding(const char *rule, domat_level l, const char *snip)
{
    domat_finding f;
    memset(&f, 0, sizeof f);
    f.rule = rule;
    f.kind = DOMAT_KIND_STAMP;
    f.level = l;
    f.offset = 312;
    f.length = 9;
    f.line = 4;
    f.column = 1;
    f.snippet = snip;
    f.confidence = DOMAT_CONF_HIGH;
    return f;
}

static char *render(const domat_result *r, domat_format fmt)
{
    char *s = NULL;
    size_t n = 0;
    assert_int_equal(domat_render_result(r, fmt, &s, &n), DOMAT_OK);
    assert_int_equal(strlen(s), n);
    assert_int_equal(s[n - 1], '\n');
    return s;
}

static void no_findings_is_allow_with_null_level(void **state)
{
    (void)state;
    domat_result *r = result_new("a.txt", 10);
    result_set_encoding(r, "utf-8");
    result_finish(r);
    assert_int_equal(domat_result_verdict(r), DOMAT_ALLOW);
    char *s = render(r, DOMAT_FORMAT_JSON);
    assert_string_equal(s, "{\"path\": \"a.txt\", \"verdict\": \"allow\", \"level\": null, "
                           "\"findings\": [], \"unscanned\": [], \"encoding\": \"utf-8\", \"type\": null, "
                           "\"error\": null}\n");
    free(s);
    domat_free_result(r);
}

static void level_comes_from_findings_that_set_the_verdict(void **state)
{
    (void)state;
    domat_result *r = result_new("m.eml", 10);
    domat_finding a = finding("stamp.mat", DOMAT_LEVEL_MAT, "MẬT");
    domat_finding b = finding("x.review", DOMAT_LEVEL_TUYET_MAT, "x");
    assert_int_equal(result_add(r, &a, EFFECT_BLOCK), 0);
    assert_int_equal(result_add(r, &b, EFFECT_REVIEW), 0);
    result_finish(r);
    assert_int_equal(domat_result_verdict(r), DOMAT_BLOCK);
    assert_int_equal(domat_result_level(r), DOMAT_LEVEL_MAT);
    domat_free_result(r);
}

static void demoting_turns_block_into_review(void **state)
{
    (void)state;
    domat_result *r = result_new("d.txt", 10);
    domat_finding a = finding("stamp.toi-mat", DOMAT_LEVEL_TOI_MAT, "TỐI MẬT");
    result_add(r, &a, EFFECT_BLOCK);
    result_demote_blocks(r);
    result_add(r, &a, EFFECT_BLOCK); /* later blocks are demoted too */
    result_finish(r);
    assert_int_equal(domat_result_verdict(r), DOMAT_REVIEW);
    assert_int_equal(domat_result_level(r), DOMAT_LEVEL_TOI_MAT);
    domat_free_result(r);
}

static void unscanned_parts_are_never_allow(void **state)
{
    (void)state;
    domat_result *r = result_new("big.txt", 10);
    result_add_unscanned(r, "input size 3 > limit 2");
    result_finish(r);
    assert_int_equal(domat_result_verdict(r), DOMAT_REVIEW);
    char *s = render(r, DOMAT_FORMAT_TEXT);
    assert_string_equal(s, "review\t-\tbig.txt\tunscanned: input size 3 > limit 2\n");
    free(s);
    domat_free_result(r);
}

static void json_finding_has_every_contract_field(void **state)
{
    (void)state;
    domat_result *r = result_new("mail.eml", 10);
    domat_finding a = finding("stamp.toi-mat", DOMAT_LEVEL_TOI_MAT, "TỐI MẬT");
    result_add(r, &a, EFFECT_BLOCK);
    result_set_encoding(r, "utf-8");
    result_finish(r);
    char *s = render(r, DOMAT_FORMAT_JSON);
    const char *want[] = {
        "\"verdict\": \"block\"", "\"level\": \"toi-mat\"", "\"rule\": \"stamp.toi-mat\"",
        "\"kind\": \"stamp\"", "\"category\": null", "\"location\": \"mail.eml line 4\"",
        "\"page\": null", "\"line\": 4", "\"column\": 1", "\"offset\": 312",
        "\"snippet\": \"TỐI MẬT\"", "\"confidence\": \"high\"", "\"unscanned\": []",
        "\"error\": null"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (!strstr(s, want[i]))
            fail_msg("missing %s in %s", want[i], s);
    free(s);
    s = render(r, DOMAT_FORMAT_TEXT);
    assert_string_equal(s, "block\ttoi-mat\tmail.eml\tstamp.toi-mat line 4: TỐI MẬT\n");
    free(s);
    domat_free_result(r);
}

static void hostile_strings_still_make_one_valid_json_line(void **state)
{
    (void)state;
    domat_result *r = result_new("a\"b\\c\nd\xff\x01.txt", 10);
    domat_finding a = finding("stamp.mat", DOMAT_LEVEL_MAT, "M\"\n\t\x7f\xc3");
    result_add(r, &a, EFFECT_BLOCK);
    result_finish(r);
    char *s = render(r, DOMAT_FORMAT_JSON);
    assert_non_null(strstr(s, "\"path\": \"a\\\"b\\\\c\\nd\\ufffd\\u0001.txt\""));
    assert_non_null(strstr(s, "\"snippet\": \"M\\\"\\n\\t\\u007f\\ufffd\""));
    assert_ptr_equal(strchr(s, '\n'), s + strlen(s) - 1);
    free(s);
    /* The text form stays on one line too. */
    s = render(r, DOMAT_FORMAT_TEXT);
    assert_ptr_equal(strchr(s, '\n'), s + strlen(s) - 1);
    assert_non_null(strstr(s, "a\"b\\c?d"));
    free(s);
    domat_free_result(r);
}

static void error_result_has_error_verdict_and_message(void **state)
{
    (void)state;
    domat_result *r = NULL;
    assert_int_equal(domat_error_result(&r, "x.pdf", "x.pdf: cannot open: Permission denied"), DOMAT_OK);
    assert_int_equal(domat_result_verdict(r), DOMAT_ERROR);
    char *s = render(r, DOMAT_FORMAT_JSON);
    assert_non_null(strstr(s, "\"verdict\": \"error\""));
    assert_non_null(strstr(s, "\"error\": \"x.pdf: cannot open: Permission denied\""));
    free(s);
    domat_free_result(r);
}

static void findings_past_the_limit_count_toward_the_level(void **state)
{
    (void)state;
    domat_result *r = result_new("x", 1);
    domat_finding a = finding("stamp.mat", DOMAT_LEVEL_MAT, "MẬT");
    domat_finding b = finding("stamp.tuyet-mat", DOMAT_LEVEL_TUYET_MAT, "TUYỆT MẬT");
    result_add(r, &a, EFFECT_BLOCK);
    result_add(r, &b, EFFECT_BLOCK);
    result_finish(r);
    assert_int_equal(domat_result_findings(r), 1);
    assert_int_equal(domat_result_dropped(r), 1);
    assert_int_equal(domat_result_level(r), DOMAT_LEVEL_TUYET_MAT);
    char *s = render(r, DOMAT_FORMAT_JSON);
    assert_non_null(strstr(s, "\"dropped\": 1"));
    free(s);
    domat_free_result(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_findings_is_allow_with_null_level),
        cmocka_unit_test(level_comes_from_findings_that_set_the_verdict),
        cmocka_unit_test(demoting_turns_block_into_review),
        cmocka_unit_test(unscanned_parts_are_never_allow),
        cmocka_unit_test(json_finding_has_every_contract_field),
        cmocka_unit_test(hostile_strings_still_make_one_valid_json_line),
        cmocka_unit_test(error_result_has_error_verdict_and_message),
        cmocka_unit_test(findings_past_the_limit_count_toward_the_level),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
** 2026-11-25
**
** test_dict.c: the dictionary parser accepts the documented format and names
** the file and line of every mistake a security officer can make.
*/
#include "testutil.h"

#include "dict.h"

static domat_status parse(const char *text, dict *d)
{
    memset(d, 0, sizeof *d);
    domat_status st = dict_parse_text(d, "x.dict", text, strlen(text));
    if (st == DOMAT_OK)
        st = dict_resolve(d);
    if (st == DOMAT_OK)
        st = dict_validate(d);
    return st;
}

static void expect_error(const char *text, const char *msg)
{
    dict d;
    assert_int_equal(parse(text, &d), DOMAT_EDICT);
    if (!strstr(domat_last_error(), msg))
        fail_msg("error '%s' does not contain '%s'", domat_last_error(), msg);
    dict_free(&d);
}

static void entries_take_directive_defaults_and_line_options(void **state)
{
    (void)state;
    dict d;
    assert_int_equal(parse("# comment\n"
                           "@category giao-duc\n@level toi-mat\n@weight 4\n"
                           "a.one \"đề thi\"   # trailing comment\n"
                           "a.two \"đáp án\" weight=2 level=mat near=a.one/12\n", &d),
                     DOMAT_OK);
    assert_int_equal(d.n, 2);
    assert_string_equal(d.e[0].id, "a.one");
    assert_string_equal(d.e[0].phrase, "đề thi");
    assert_string_equal(d.e[0].category, "giao-duc");
    assert_int_equal(d.e[0].level, DOMAT_LEVEL_TOI_MAT);
    assert_int_equal(d.e[0].weight, 4);
    assert_int_equal(d.e[0].kind, DK_LISTED);
    assert_int_equal(d.e[1].weight, 2);
    assert_int_equal(d.e[1].level, DOMAT_LEVEL_MAT);
    assert_int_equal(d.e[1].near_idx, 0);
    assert_int_equal(d.e[1].near_words, 12);
    assert_int_equal(d.e[1].line, 6);
    dict_free(&d);
}

static void stamps_default_to_standalone_fold_joined(void **state)
{
    (void)state;
    dict d;
    assert_int_equal(parse("s.m \"MẬT\" kind=stamp level=mat\n"
                           "@options standalone\n"
                           "s.k \"KHẨN\" kind=info\n", &d), DOMAT_OK);
    assert_int_equal(d.e[0].flags, DF_STANDALONE | DF_FOLD | DF_JOINED);
    assert_int_equal(d.e[1].flags, DF_STANDALONE);
    dict_free(&d);
}

static void quotes_and_backslashes_escape_in_phrases(void **state)
{
    (void)state;
    dict d;
    assert_int_equal(parse("q.a \"say \\\"MẬT\\\" \\\\ x\"\n", &d), DOMAT_OK);
    assert_string_equal(d.e[0].phrase, "say \"MẬT\" \\ x");
    dict_free(&d);
}

static void regex_entries_are_checked_with_pcre2(void **state)
{
    (void)state;
    dict d;
    assert_int_equal(parse("r.a re:/so[: ]+\\d+\\/[a-z]+-mat\\b/ level=mat\n", &d), DOMAT_OK);
    assert_string_equal(d.e[0].regex, "so[: ]+\\d+\\/[a-z]+-mat\\b");
    dict_free(&d);
    expect_error("r.b re:/(unclosed/\n", "x.dict:1: bad regular expression");
}

static void rules_resolve_members(void **state)
{
    (void)state;
    dict d;
    assert_int_equal(parse("a \"một\"\nb \"hai\"\nc \"ba\"\n"
                           "rule r.x 2-of a,b,c weight=6 level=toi-mat\n"
                           "rule r.y all-of a,b\n", &d), DOMAT_OK);
    assert_int_equal(d.nr, 2);
    assert_int_equal(d.r[0].need, 2);
    assert_int_equal(d.r[0].nmembers, 3);
    assert_int_equal(d.r[0].members[2], 2);
    assert_int_equal(d.r[0].weight, 6);
    assert_int_equal(d.r[1].need, 2);
    dict_free(&d);
}

static void mistakes_are_reported_with_file_and_line(void **state)
{
    (void)state;
    expect_error("a \"x\"\nb \"unterminated\n", "x.dict:2: phrase has no closing quote");
    expect_error("a \"x\" level=secret\n", "x.dict:1: unknown level");
    expect_error("a \"x\" kind=stamps\n", "x.dict:1: unknown kind");
    expect_error("a \"x\" weight=1001\n", "x.dict:1: weight must be");
    expect_error("a \"x\" bogus\n", "x.dict:1: unknown option 'bogus'");
    expect_error("a \"x\"\na \"y\"\n", "x.dict:2: duplicate id 'a' (first at x.dict:1)");
    expect_error("a \"x\" near=b/5\n", "x.dict:1: near= names unknown entry 'b'");
    expect_error("a \"x\" near=a/5\n", "near= names the entry itself");
    expect_error("a \"x\" near=b\n", "near= takes ID/WORDS");
    expect_error("rule r 3-of a,b\na \"x\"\nb \"y\"\n", "x.dict:1: rule needs more members");
    expect_error("rule r 2-of a,zz\na \"x\"\n", "rule member 'zz' is not an entry");
    expect_error("@level\n", "x.dict:1: directive needs a value");
    expect_error("@colour red\n", "unknown directive");
    expect_error("bad/id \"x\"\n", "x.dict:1: bad entry id");
    expect_error("a x\n", "expected a \"phrase\"");
    expect_error("a \"\xe2\x80\x8b\"\n", "phrase is empty after normalization");
    expect_error("a \"x\"y\n", "expected a blank after the closing quote");
}

static void overlong_lines_and_nul_bytes_are_refused(void **state)
{
    (void)state;
    char *big = malloc(5000);
    memset(big, 'a', 4999);
    big[4999] = 0;
    expect_error(big, "x.dict:1: line longer than 4096 bytes");
    free(big);
    dict d;
    memset(&d, 0, sizeof d);
    assert_int_equal(dict_parse_text(&d, "x.dict", "a \"x\0\"\n", 7), DOMAT_EDICT);
    assert_non_null(strstr(domat_last_error(), "NUL byte"));
    dict_free(&d);
}

static void crlf_and_bom_are_accepted(void **state)
{
    (void)state;
    dict d;
    assert_int_equal(parse("\xEF\xBB\xBF" "a \"x\" weight=3\r\nb \"y\"\r\n", &d), DOMAT_OK);
    assert_int_equal(d.n, 2);
    assert_int_equal(d.e[0].weight, 3);
    dict_free(&d);
}

static void directories_load_recursively_and_hash_their_content(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    char sub[4200];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    tu_write(dir, "a.dict", "a \"một\"\n", 10);
    tu_write(dir, "sub/b.dict", "b \"hai\"\n", 8);
    tu_write(dir, "notes.txt", "not a dictionary", 16);
    const char *dirs[] = {dir};
    dict d;
    assert_int_equal(dict_load(&d, dirs, 1), DOMAT_OK);
    assert_int_equal(d.n, 2);
    uint64_t h1 = d.hash;
    dict_free(&d);
    tu_write(dir, "a.dict", "a \"mốt\"\n", 10);
    if (dict_load(&d, dirs, 1) != DOMAT_OK)
        fail_msg("%s", domat_last_error());
    assert_true(d.hash != h1);
    dict_free(&d);
    tu_rmdir(dir);
}

static void missing_directory_and_empty_directory_fail_clearly(void **state)
{
    (void)state;
    const char *nope[] = {"/nonexistent/domat"};
    dict d;
    assert_int_equal(dict_load(&d, nope, 1), DOMAT_EIO);
    assert_non_null(strstr(domat_last_error(), "/nonexistent/domat"));
    char *dir = tu_tmpdir();
    const char *dirs[] = {dir};
    assert_int_equal(dict_load(&d, dirs, 1), DOMAT_EDICT);
    assert_non_null(strstr(domat_last_error(), "no dictionary entries"));
    tu_rmdir(dir);
}

static void shipped_dictionaries_are_valid(void **state)
{
    (void)state;
    const char *dirs[] = {DOMAT_DICTDIR};
    size_t n = 0;
    assert_int_equal(domat_check_dictionaries(dirs, 1, &n), DOMAT_OK);
    assert_true(n > 50);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(entries_take_directive_defaults_and_line_options),
        cmocka_unit_test(stamps_default_to_standalone_fold_joined),
        cmocka_unit_test(quotes_and_backslashes_escape_in_phrases),
        cmocka_unit_test(regex_entries_are_checked_with_pcre2),
        cmocka_unit_test(rules_resolve_members),
        cmocka_unit_test(mistakes_are_reported_with_file_and_line),
        cmocka_unit_test(overlong_lines_and_nul_bytes_are_refused),
        cmocka_unit_test(crlf_and_bom_are_accepted),
        cmocka_unit_test(directories_load_recursively_and_hash_their_content),
        cmocka_unit_test(missing_directory_and_empty_directory_fail_clearly),
        cmocka_unit_test(shipped_dictionaries_are_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
** 2026-11-25
**
** test_engine.c: opening an engine, saving its compiled database, and
** loading it back only while it matches its sources.
*/
#include "testutil.h"

static const char *DICT = "@kind stamp\n@options standalone fold joined\n"
                          "s.mat \"MẬT\" level=mat\n"
                          "@kind listed\n@options none\n"
                          "l.a \"đề thi\" weight=5 level=toi-mat\n"
                          "l.code re:/so[: ]+\\d+\\/[a-z]+-mat\\b/ weight=9 level=mat\n";

/* A fresh directory holding DICT as a.dict, and the path of its compiled
** database in db (when db is not NULL). The caller removes it with tu_rmdir. */
static char *dict_dir(char *db, size_t dbsize)
{
    char *dir = tu_tmpdir();
    tu_write(dir, "a.dict", DICT, strlen(DICT));
    if (db)
        snprintf(db, dbsize, "%s/compiled.db", dir);
    return dir;
}

/* Open the engine of the dictionaries in dir with compiled database db, which
** must succeed; returns whether the database was loaded (1) or compiled (0). */
static int open_db(domat_engine **e, const char *dir, const char *db)
{
    const char *dirs[] = {dir};
    int cached = -1;
    assert_int_equal(domat_open_engine(e, dirs, 1, db, &cached), DOMAT_OK);
    return cached;
}

/* dict_dir with its database already compiled and saved. */
static char *dict_dir_saved(char *db, size_t dbsize)
{
    char *dir = dict_dir(db, dbsize);
    domat_engine *e = NULL;
    open_db(&e, dir, db);
    domat_free_engine(e);
    return dir;
}

static void compiled_database_round_trips_and_scans_the_same(void **state)
{
    (void)state;
    char db[4200];
    char *dir = dict_dir(db, sizeof db);
    domat_engine *e1 = NULL, *e2 = NULL;
    assert_int_equal(open_db(&e1, dir, db), 0);
    assert_int_equal(access(db, R_OK), 0); /* written on the way */
    assert_int_equal(open_db(&e2, dir, db), 1);
    assert_int_equal(domat_engine_entries(e2), 3);
    assert_string_equal(domat_engine_digest(e1), domat_engine_digest(e2));
    domat_scanner *sc = NULL;
    assert_int_equal(domat_new_scanner(&sc, e2, NULL), DOMAT_OK);
    domat_result *r = tu_scan(sc, "Số: 12/QĐ-MẬT\nMẬT\nđề thi\n", 0, DOMAT_CONTENT_AUTO);
    assert_int_equal(domat_result_verdict(r), DOMAT_BLOCK);
    assert_non_null(tu_find(r, "s.mat"));
    assert_non_null(tu_find(r, "l.code"));
    assert_non_null(tu_find(r, "l.a"));
    domat_free_result(r);
    domat_free_scanner(sc);
    domat_free_engine(e1);
    domat_free_engine(e2);
    tu_rmdir(dir);
}

static void changed_sources_make_the_database_stale(void **state)
{
    (void)state;
    char db[4200];
    char *dir = dict_dir_saved(db, sizeof db);
    domat_engine *e = NULL;
    const char *more = "l.b \"đáp án\" weight=3\n";
    tu_write(dir, "b.dict", more, strlen(more));
    assert_int_equal(open_db(&e, dir, db), 0); /* recompiled */
    assert_int_equal(domat_engine_entries(e), 4);
    domat_free_engine(e);
    assert_int_equal(open_db(&e, dir, db), 1); /* and saved again */
    domat_free_engine(e);
    tu_rmdir(dir);
}

static void corrupt_database_is_never_trusted(void **state)
{
    (void)state;
    char db[4200];
    char *dir = dict_dir_saved(db, sizeof db);
    domat_engine *e = NULL;
    /* Flip one byte in the middle of the Hyperscan data. */
    FILE *f = fopen(db, "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, 200, SEEK_SET), 0);
    int c = fgetc(f);
    assert_int_equal(fseek(f, 200, SEEK_SET), 0);
    fputc(c ^ 0x55, f);
    fclose(f);
    assert_int_equal(open_db(&e, dir, db), 0);
    domat_free_engine(e);
    /* Garbage and truncation too. */
    tu_write(dir, "compiled.db", "DOMATDB", 7);
    assert_int_equal(open_db(&e, dir, db), 0);
    domat_free_engine(e);
    tu_rmdir(dir);
}

static void unwritable_cache_only_costs_a_compile(void **state)
{
    (void)state;
    char *dir = dict_dir(NULL, 0);
    domat_engine *e = NULL;
    assert_int_equal(open_db(&e, dir, "/nonexistent/dir/x.db"), 0);
    assert_int_equal(domat_save_engine(e, "/nonexistent/dir/x.db"), DOMAT_EIO);
    assert_non_null(strstr(domat_last_error(), "/nonexistent/dir/x.db"));
    domat_free_engine(e);
    tu_rmdir(dir);
}

static void bad_dictionary_fails_with_file_and_line(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    tu_write(dir, "bad.dict", "a \"x\"\nb \"y\" level=ultra\n", 25);
    const char *dirs[] = {dir};
    domat_engine *e = (domat_engine *)1;
    assert_int_equal(domat_open_engine(&e, dirs, 1, NULL, NULL), DOMAT_EDICT);
    assert_null(e);
    assert_non_null(strstr(domat_last_error(), "bad.dict:2: unknown level"));
    assert_non_null(strstr(domat_last_error(), "'ultra'"));
    size_t n = 99;
    assert_int_equal(domat_check_dictionaries(dirs, 1, &n), DOMAT_EDICT);
    tu_rmdir(dir);
}

static void empty_phrase_fails_check_and_compile_with_its_line(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    const char *text = "a \"x\"\nb \"\xe2\x80\x8b\"\n";
    tu_write(dir, "e.dict", text, strlen(text));
    const char *dirs[] = {dir};
    size_t n;
    assert_int_equal(domat_check_dictionaries(dirs, 1, &n), DOMAT_EDICT);
    assert_non_null(strstr(domat_last_error(), "e.dict:2: phrase is empty"));
    domat_engine *e = NULL;
    assert_int_equal(domat_open_engine(&e, dirs, 1, NULL, NULL), DOMAT_EDICT);
    assert_non_null(strstr(domat_last_error(), "e.dict:2: phrase is empty"));
    tu_rmdir(dir);
}

static void null_arguments_are_refused_not_crashed_on(void **state)
{
    (void)state;
    domat_engine *e = NULL;
    assert_int_equal(domat_open_engine(&e, NULL, 0, NULL, NULL), DOMAT_EINVAL);
    assert_int_equal(domat_new_scanner(NULL, NULL, NULL), DOMAT_EINVAL);
    domat_result *r = NULL;
    assert_int_equal(domat_scan_buffer(NULL, "x", 1, NULL, &r), DOMAT_EINVAL);
    domat_free_engine(NULL);
    domat_free_scanner(NULL);
    domat_free_result(NULL);
    assert_string_equal(domat_status_name(DOMAT_EDICT), "EDICT");
    assert_non_null(strstr(domat_version(), "hyperscan"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compiled_database_round_trips_and_scans_the_same),
        cmocka_unit_test(changed_sources_make_the_database_stale),
        cmocka_unit_test(corrupt_database_is_never_trusted),
        cmocka_unit_test(unwritable_cache_only_costs_a_compile),
        cmocka_unit_test(bad_dictionary_fails_with_file_and_line),
        cmocka_unit_test(empty_phrase_fails_check_and_compile_with_its_line),
        cmocka_unit_test(null_arguments_are_refused_not_crashed_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

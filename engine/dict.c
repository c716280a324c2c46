/*
** 2026-11-25
**
** dict.c: the dictionary parser.
**
** Takes the text of *.dict files and hands on entries and rules with their
** options resolved. It checks everything a compile would trip over (unknown
** kinds and levels, duplicate ids, dangling near= and rule members, phrases
** that normalize to nothing, regular expressions PCRE2 rejects) so that
** `domat dict check` catches a security officer's typo with the file and
** line, instead of a Hyperscan error later.
*/
#define _DEFAULT_SOURCE
#include "dict.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "error.h"
#include "fold.h"
#include "limits.h"

#define FNV_OFFSET 1469598103934665603ULL
#define FNV_PRIME 1099511628211ULL

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= FNV_PRIME;
    }
    return h;
}

/* Defaults set by @ directives; they last to the end of the file. */
typedef struct defaults {
    int kind, level;
    uint32_t weight;
    char category[DOMAT_MAX_ID + 1];
    int flags_set;
    uint8_t flags;
} defaults;

typedef struct cursor {
    const char *p, *end;
    const char *file;
    uint32_t line;
} cursor;

static domat_status fail(const cursor *c, const char *why, const char *what)
{
    return error_set(DOMAT_EDICT, "%s:%u: %s%s%s%s", c->file, c->line, why,
                     what ? " '" : "", what ? what : "", what ? "'" : "");
}

static void skip_blanks(cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
        c->p++;
}

static int at_end(cursor *c)
{
    skip_blanks(c);
    return c->p >= c->end || *c->p == '#';
}

/* A bare word: up to the next blank. */
static size_t word(cursor *c, char *out, size_t cap)
{
    skip_blanks(c);
    size_t n = 0;
    while (c->p < c->end && *c->p != ' ' && *c->p != '\t') {
        if (n + 1 < cap)
            out[n] = *c->p;
        n++;
        c->p++;
    }
    out[n < cap ? n : cap - 1] = 0;
    return n;
}

static int valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > DOMAT_MAX_ID)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '.' || *s == '-' || *s == '_'))
            return 0;
    return 1;
}

static int parse_kind(const char *s)
{
    static const char *names[] = {"listed", "stamp", "allow", "info",
                                  "declassified"};
    for (int i = 0; i < 5; i++)
        if (!strcmp(s, names[i]))
            return i;
    return -1;
}

static int parse_level(const char *s)
{
    if (!strcmp(s, "none")) return DOMAT_LEVEL_NONE;
    if (!strcmp(s, "mat")) return DOMAT_LEVEL_MAT;
    if (!strcmp(s, "toi-mat")) return DOMAT_LEVEL_TOI_MAT;
    if (!strcmp(s, "tuyet-mat")) return DOMAT_LEVEL_TUYET_MAT;
    return -1;
}

static int parse_uint(const char *s, uint32_t max, uint32_t *out)
{
    if (!*s)
        return -1;
    uint64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (uint64_t)(*s - '0');
        if (v > max)
            return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

/* Flags that are options without '=' (also used by @options). */
static int apply_flag(const char *s, uint8_t *flags)
{
    if (!strcmp(s, "standalone")) *flags |= DF_STANDALONE;
    else if (!strcmp(s, "fold")) *flags |= DF_FOLD;
    else if (!strcmp(s, "nofold")) *flags &= (uint8_t)~DF_FOLD;
    else if (!strcmp(s, "joined")) *flags |= DF_JOINED;
    else return -1;
    return 0;
}

static uint8_t kind_default_flags(int kind)
{
    if (kind == DK_STAMP || kind == DK_DECLASSIFIED)
        return DF_STANDALONE | DF_FOLD | DF_JOINED;
    return 0;
}

/* "..." with \" and \\ escapes. */
static domat_status quoted(cursor *c, char *out, size_t cap)
{
    size_t n = 0;
    c->p++; /* opening quote */
    while (c->p < c->end && *c->p != '"') {
        char ch = *c->p++;
        if (ch == '\\' && c->p < c->end && (*c->p == '"' || *c->p == '\\'))
            ch = *c->p++;
        if (n + 1 >= cap)
            return fail(c, "phrase longer than 256 bytes", NULL);
        out[n++] = ch;
    }
    if (c->p >= c->end)
        return fail(c, "phrase has no closing quote", NULL);
    c->p++;
    out[n] = 0;
    if (c->p < c->end && *c->p != ' ' && *c->p != '\t' && *c->p != '#')
        return fail(c, "expected a blank after the closing quote", NULL);
    return DOMAT_OK;
}

/* re:/.../flags; a '/' inside is written \/. */
static domat_status regex(cursor *c, char *out, size_t cap)
{
    c->p += 3; /* "re:" */
    if (c->p >= c->end || *c->p != '/')
        return fail(c, "expected re:/pattern/", NULL);
    c->p++;
    size_t n = 0;
    while (c->p < c->end && *c->p != '/') {
        if (*c->p == '\\' && c->p + 1 < c->end) {
            if (n + 2 >= cap)
                return fail(c, "regular expression longer than 256 bytes", NULL);
            out[n++] = *c->p++;
        }
        if (n + 1 >= cap)
            return fail(c, "regular expression longer than 256 bytes", NULL);
        out[n++] = *c->p++;
    }
    if (c->p >= c->end)
        return fail(c, "regular expression has no closing '/'", NULL);
    c->p++;
    out[n] = 0;
    while (c->p < c->end && *c->p != ' ' && *c->p != '\t') {
        if (*c->p != 'i')
            return fail(c, "unknown regular-expression flag (only i)", NULL);
        c->p++;
    }
    if (n == 0)
        return fail(c, "empty regular expression", NULL);
    int err;
    PCRE2_SIZE eoff;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)out, n, PCRE2_CASELESS | PCRE2_UTF,
                                     &err, &eoff, NULL);
    if (!code) {
        char msg[160];
        pcre2_get_error_message(err, (PCRE2_UCHAR *)msg, sizeof msg);
        return error_set(DOMAT_EDICT, "%s:%u: bad regular expression at %zu: %s",
                         c->file, c->line, (size_t)eoff, msg);
    }
    pcre2_code_free(code);
    return DOMAT_OK;
}

static char *dup_or_null(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 64;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, nc * size);
    if (!q)
        return -1;
    *p = q;
    *cap = nc;
    return 0;
}

static void entry_free(dict_entry *e)
{
    free(e->id);
    free(e->phrase);
    free(e->regex);
    free(e->category);
    free(e->near_id);
}

static void rule_free(dict_rule *r)
{
    free(r->id);
    free(r->category);
    for (size_t i = 0; i < r->nmembers; i++)
        free(r->member_ids ? r->member_ids[i] : NULL);
    free(r->member_ids);
    free(r->members);
}

/* key=value options common to entries and rules. */
static domat_status option(cursor *c, const char *opt, dict_entry *e,
                           dict_rule *r, int *flags_explicit)
{
    const char *eq = strchr(opt, '=');
    if (!eq) {
        if (!e || apply_flag(opt, &e->flags))
            return fail(c, "unknown option", opt);
        *flags_explicit = 1;
        return DOMAT_OK;
    }
    size_t klen = (size_t)(eq - opt);
    const char *v = eq + 1;
    if (klen == 5 && !strncmp(opt, "level", 5)) {
        int l = parse_level(v);
        if (l < 0)
            return fail(c, "unknown level (tuyet-mat, toi-mat, mat, none)", v);
        if (e) e->level = (uint8_t)l; else r->level = (uint8_t)l;
    } else if (klen == 6 && !strncmp(opt, "weight", 6)) {
        uint32_t w;
        if (parse_uint(v, DOMAT_MAX_WEIGHT, &w))
            return fail(c, "weight must be a number from 0 to 1000", v);
        if (e) e->weight = w; else r->weight = w;
    } else if (klen == 8 && !strncmp(opt, "category", 8)) {
        if (!valid_id(v))
            return fail(c, "category must be letters, digits, '.', '-', '_'", v);
        char **dst = e ? &e->category : &r->category;
        free(*dst);
        if (!(*dst = strdup(v)))
            return error_set(DOMAT_ENOMEM, "out of memory");
    } else if (e && klen == 4 && !strncmp(opt, "kind", 4)) {
        int k = parse_kind(v);
        if (k < 0)
            return fail(c, "unknown kind (stamp, listed, allow, info, declassified)", v);
        e->kind = (uint8_t)k;
    } else if (e && klen == 4 && !strncmp(opt, "near", 4)) {
        const char *slash = strrchr(v, '/');
        char idbuf[DOMAT_MAX_ID + 1];
        size_t idlen = slash ? (size_t)(slash - v) : 0;
        if (!slash || idlen == 0 || idlen > DOMAT_MAX_ID)
            return fail(c, "near= takes ID/WORDS", v);
        memcpy(idbuf, v, idlen);
        idbuf[idlen] = 0;
        if (!valid_id(idbuf) ||
            parse_uint(slash + 1, DOMAT_MAX_NEAR_WORDS, &e->near_words) ||
            e->near_words == 0)
            return fail(c, "near= takes ID/WORDS with WORDS from 1 to 1000", v);
        free(e->near_id);
        if (!(e->near_id = strdup(idbuf)))
            return error_set(DOMAT_ENOMEM, "out of memory");
    } else {
        return fail(c, "unknown option", opt);
    }
    return DOMAT_OK;
}

static domat_status parse_directive(cursor *c, defaults *df)
{
    char key[32], val[DOMAT_MAX_ID + 8];
    c->p++; /* '@' */
    word(c, key, sizeof key);
    if (!strcmp(key, "options")) {
        df->flags = 0;
        df->flags_set = 1;
        while (!at_end(c)) {
            word(c, val, sizeof val);
            if (strcmp(val, "none") && apply_flag(val, &df->flags))
                return fail(c, "unknown option", val);
        }
        return DOMAT_OK;
    }
    if (at_end(c))
        return fail(c, "directive needs a value", key);
    if (word(c, val, sizeof val) >= sizeof val)
        return fail(c, "value too long", NULL);
    if (!at_end(c))
        return fail(c, "one value expected after", key);
    if (!strcmp(key, "kind")) {
        if ((df->kind = parse_kind(val)) < 0)
            return fail(c, "unknown kind", val);
    } else if (!strcmp(key, "level")) {
        if ((df->level = parse_level(val)) < 0)
            return fail(c, "unknown level", val);
    } else if (!strcmp(key, "weight")) {
        if (parse_uint(val, DOMAT_MAX_WEIGHT, &df->weight))
            return fail(c, "weight must be a number from 0 to 1000", val);
    } else if (!strcmp(key, "category")) {
        if (!valid_id(val))
            return fail(c, "category must be letters, digits, '.', '-', '_'", val);
        strcpy(df->category, val);
    } else {
        return fail(c, "unknown directive (kind, level, weight, category, options)", key);
    }
    return DOMAT_OK;
}

static domat_status parse_rule(dict *d, cursor *c, const defaults *df)
{
    char id[DOMAT_MAX_ID + 2], mode[32];
    dict_rule r;
    memset(&r, 0, sizeof r);
    if (word(c, id, sizeof id) > DOMAT_MAX_ID || !valid_id(id))
        return fail(c, "bad rule id", id);
    word(c, mode, sizeof mode);
    int all = !strcmp(mode, "all-of");
    if (!all) {
        char *dash = strstr(mode, "-of");
        if (!dash || dash[3])
            return fail(c, "expected N-of or all-of", mode);
        *dash = 0;
        if (parse_uint(mode, 100000, &r.need) || r.need == 0)
            return fail(c, "expected N-of with N >= 1", mode);
    }
    if (at_end(c))
        return fail(c, "rule needs a list of entry ids", NULL);
    char list[DOMAT_MAX_DICT_LINE];
    word(c, list, sizeof list);
    domat_status st = DOMAT_ENOMEM;
    r.level = (uint8_t)df->level;
    r.weight = df->weight;
    r.file = c->file;
    r.line = c->line;
    if (!(r.id = strdup(id)))
        goto bad;
    if (df->category[0] && !(r.category = strdup(df->category)))
        goto bad;
    for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        if (!valid_id(tok)) {
            st = fail(c, "bad member id", tok);
            goto bad;
        }
        char **m = realloc(r.member_ids, (r.nmembers + 1) * sizeof *m);
        if (!m)
            goto bad;
        r.member_ids = m;
        if (!(m[r.nmembers] = strdup(tok)))
            goto bad;
        r.nmembers++;
    }
    if (r.nmembers == 0) {
        st = fail(c, "rule needs a list of entry ids", NULL);
        goto bad;
    }
    if (all)
        r.need = (uint32_t)r.nmembers;
    if (r.need > r.nmembers) {
        st = fail(c, "rule needs more members than it lists", NULL);
        goto bad;
    }
    while (!at_end(c)) {
        char opt[DOMAT_MAX_ID + 32];
        word(c, opt, sizeof opt);
        if ((st = option(c, opt, NULL, &r, NULL)) != DOMAT_OK)
            goto bad;
    }
    if (grow((void **)&d->r, &d->rcap, d->nr + 1, sizeof *d->r))
        goto bad;
    d->r[d->nr++] = r;
    return DOMAT_OK;
bad:
    if (st == DOMAT_ENOMEM)
        error_set(st, "out of memory");
    rule_free(&r);
    return st;
}

static domat_status parse_entry(dict *d, cursor *c, const defaults *df)
{
    char id[DOMAT_MAX_ID + 2];
    char text[DOMAT_MAX_PHRASE + 1];
    dict_entry e;
    memset(&e, 0, sizeof e);
    e.near_idx = -1;
    if (word(c, id, sizeof id) > DOMAT_MAX_ID || !valid_id(id))
        return fail(c, "bad entry id (letters, digits, '.', '-', '_'; at most 64)", id);
    skip_blanks(c);
    domat_status st;
    int is_re = 0;
    if (c->p < c->end && *c->p == '"') {
        st = quoted(c, text, sizeof text);
    } else if (c->end - c->p >= 3 && !strncmp(c->p, "re:", 3)) {
        st = regex(c, text, sizeof text);
        is_re = 1;
    } else {
        return fail(c, "expected a \"phrase\" or re:/pattern/ after the id", id);
    }
    if (st != DOMAT_OK)
        return st;
    e.kind = (uint8_t)df->kind;
    e.level = (uint8_t)df->level;
    e.weight = df->weight;
    e.file = c->file;
    e.line = c->line;
    int flags_explicit = df->flags_set;
    e.flags = df->flags;
    st = DOMAT_ENOMEM;
    if (!(e.id = strdup(id)))
        goto bad;
    if (is_re ? !(e.regex = strdup(text)) : !(e.phrase = strdup(text)))
        goto bad;
    if (df->category[0] && !(e.category = dup_or_null(df->category)))
        goto bad;
    while (!at_end(c)) {
        char opt[DOMAT_MAX_ID + 32];
        if (word(c, opt, sizeof opt) >= sizeof opt) {
            st = fail(c, "option too long", NULL);
            goto bad;
        }
        if ((st = option(c, opt, &e, NULL, &flags_explicit)) != DOMAT_OK)
            goto bad;
    }
    /* Kind defaults apply unless flags were given, on the line or by
    ** @options; explicit flags add to them rather than replace them only
    ** when they come from the line itself. */
    if (!df->flags_set)
        e.flags |= kind_default_flags(e.kind);
    if (d->n >= DOMAT_MAX_ENTRIES) {
        st = fail(c, "more than 1,000,000 entries", NULL);
        goto bad;
    }
    if (grow((void **)&d->e, &d->cap, d->n + 1, sizeof *d->e))
        goto bad;
    d->e[d->n++] = e;
    return DOMAT_OK;
bad:
    if (st == DOMAT_ENOMEM)
        error_set(st, "out of memory");
    entry_free(&e);
    return st;
}

domat_status dict_parse_text(dict *d, const char *name, const char *text,
                             size_t len)
{
    defaults df;
    memset(&df, 0, sizeof df);
    df.kind = DK_LISTED;
    df.weight = 1;
    cursor c = {text, text, name, 0};
    const char *end = text + len;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        c.p += 3; /* editors on Windows add a BOM */
    while (c.p < end) {
        const char *nl = memchr(c.p, '\n', (size_t)(end - c.p));
        const char *le = nl ? nl : end;
        c.line++;
        if (le - c.p > DOMAT_MAX_DICT_LINE)
            return fail(&c, "line longer than 4096 bytes", NULL);
        if (memchr(c.p, 0, (size_t)(le - c.p)))
            return fail(&c, "NUL byte in line", NULL);
        c.end = le;
        if (c.end > c.p && c.end[-1] == '\r')
            c.end--;
        domat_status st = DOMAT_OK;
        if (!at_end(&c)) {
            if (*c.p == '@')
                st = parse_directive(&c, &df);
            else if (c.end - c.p > 5 && !strncmp(c.p, "rule", 4) &&
                     (c.p[4] == ' ' || c.p[4] == '\t')) {
                c.p += 4;
                st = parse_rule(d, &c, &df);
            } else
                st = parse_entry(d, &c, &df);
        }
        if (st != DOMAT_OK)
            return st;
        c.p = nl ? nl + 1 : end;
    }
    return DOMAT_OK;
}

static int cmp_entry_id(const void *a, const void *b)
{
    const dict_entry *x = *(const dict_entry *const *)a;
    const dict_entry *y = *(const dict_entry *const *)b;
    return strcmp(x->id, y->id);
}

static int32_t find_id(dict_entry **sorted, size_t n, const dict_entry *base,
                       const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(sorted[mid]->id, id);
        if (c == 0)
            return (int32_t)(sorted[mid] - base);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

domat_status dict_resolve(dict *d)
{
    dict_entry **s = malloc((d->n ? d->n : 1) * sizeof *s);
    if (!s)
        return error_set(DOMAT_ENOMEM, "out of memory");
    for (size_t i = 0; i < d->n; i++)
        s[i] = &d->e[i];
    qsort(s, d->n, sizeof *s, cmp_entry_id);
    domat_status st = DOMAT_OK;
    for (size_t i = 1; i < d->n && st == DOMAT_OK; i++)
        if (!strcmp(s[i - 1]->id, s[i]->id)) {
            const dict_entry *a = s[i - 1] < s[i] ? s[i - 1] : s[i];
            const dict_entry *b = s[i - 1] < s[i] ? s[i] : s[i - 1];
            st = error_set(DOMAT_EDICT, "%s:%u: duplicate id '%s' (first at %s:%u)",
                           b->file, b->line, b->id, a->file, a->line);
        }
    for (size_t i = 0; i < d->n && st == DOMAT_OK; i++) {
        dict_entry *e = &d->e[i];
        if (!e->near_id)
            continue;
        e->near_idx = find_id(s, d->n, d->e, e->near_id);
        if (e->near_idx < 0)
            st = error_set(DOMAT_EDICT, "%s:%u: near= names unknown entry '%s'",
                           e->file, e->line, e->near_id);
        else if ((size_t)e->near_idx == i)
            st = error_set(DOMAT_EDICT, "%s:%u: near= names the entry itself",
                           e->file, e->line);
    }
    for (size_t i = 0; i < d->nr && st == DOMAT_OK; i++) {
        dict_rule *r = &d->r[i];
        if (find_id(s, d->n, d->e, r->id) >= 0) {
            st = error_set(DOMAT_EDICT, "%s:%u: rule id '%s' is also an entry id",
                           r->file, r->line, r->id);
            break;
        }
        free(r->members);
        if (!(r->members = malloc(r->nmembers * sizeof *r->members))) {
            st = error_set(DOMAT_ENOMEM, "out of memory");
            break;
        }
        for (size_t k = 0; k < r->nmembers; k++) {
            int32_t x = find_id(s, d->n, d->e, r->member_ids[k]);
            if (x < 0) {
                st = error_set(DOMAT_EDICT, "%s:%u: rule member '%s' is not an entry",
                               r->file, r->line, r->member_ids[k]);
                break;
            }
            r->members[k] = (uint32_t)x;
        }
    }
    free(s);
    return st;
}

domat_status dict_validate(const dict *d)
{
    for (size_t i = 0; i < d->n; i++) {
        const dict_entry *e = &d->e[i];
        if (!e->phrase)
            continue;
        char *canon;
        int rc = fold_phrase(e->phrase, 0, &canon, NULL);
        if (rc < 0)
            return error_set(DOMAT_ENOMEM, "out of memory");
        if (rc > 0)
            return error_set(DOMAT_EDICT, "%s:%u: phrase is empty after normalization or not UTF-8",
                             e->file, e->line);
        free(canon);
    }
    return DOMAT_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collect *.dict paths under dir, recursively. */
static domat_status collect(const char *dir, char ***list, size_t *n, size_t *cap,
                            int depth)
{
    if (depth > 16)
        return error_set(DOMAT_EDICT, "%s: directories nested deeper than 16", dir);
    DIR *dh = opendir(dir);
    if (!dh)
        return error_set(DOMAT_EIO, "%s: cannot open dictionary directory: %s",
                         dir, strerror(errno));
    domat_status st = DOMAT_OK;
    struct dirent *de;
    while ((de = readdir(dh)) != NULL && st == DOMAT_OK) {
        if (de->d_name[0] == '.')
            continue;
        size_t len = strlen(dir) + strlen(de->d_name) + 2;
        char *path = malloc(len);
        if (!path) {
            st = error_set(DOMAT_ENOMEM, "out of memory");
            break;
        }
        snprintf(path, len, "%s/%s", dir, de->d_name);
        struct stat sb;
        if (stat(path, &sb) != 0) {
            free(path);
            continue; /* a dangling link is not a dictionary */
        }
        size_t nl = strlen(de->d_name);
        if (S_ISDIR(sb.st_mode)) {
            st = collect(path, list, n, cap, depth + 1);
            free(path);
        } else if (S_ISREG(sb.st_mode) && nl > 5 &&
                   !strcmp(de->d_name + nl - 5, ".dict")) {
            if (grow((void **)list, cap, *n + 1, sizeof **list)) {
                free(path);
                st = error_set(DOMAT_ENOMEM, "out of memory");
            } else {
                (*list)[(*n)++] = path;
            }
        } else {
            free(path);
        }
    }
    closedir(dh);
    return st;
}

static domat_status read_file(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return error_set(DOMAT_EIO, "%s: %s", path, strerror(errno));
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return error_set(DOMAT_ENOMEM, "out of memory");
    }
    for (;;) {
        if (n == cap) {
            if (cap >= (64u << 20)) {
                free(buf);
                fclose(f);
                return error_set(DOMAT_EDICT, "%s: dictionary file over 64 MiB", path);
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                fclose(f);
                return error_set(DOMAT_ENOMEM, "out of memory");
            }
            buf = nb;
            cap *= 2;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0)
            break;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        return error_set(DOMAT_EIO, "%s: read error", path);
    }
    *out = buf;
    *len = n;
    return DOMAT_OK;
}

domat_status dict_load(dict *d, const char *const *dirs, size_t ndirs)
{
    memset(d, 0, sizeof *d);
    d->hash = FNV_OFFSET;
    size_t fcap = 0;
    domat_status st = DOMAT_OK;
    for (size_t i = 0; i < ndirs && st == DOMAT_OK; i++) {
        size_t first = d->nfiles;
        st = collect(dirs[i], &d->files, &d->nfiles, &fcap, 0);
        if (st == DOMAT_OK && d->nfiles > first)
            qsort(d->files + first, d->nfiles - first, sizeof *d->files, cmp_str);
    }
    for (size_t i = 0; i < d->nfiles && st == DOMAT_OK; i++) {
        char *text = NULL;
        size_t len = 0;
        if ((st = read_file(d->files[i], &text, &len)) != DOMAT_OK)
            break;
        d->hash = fnv(d->hash, d->files[i], strlen(d->files[i]) + 1);
        d->hash = fnv(d->hash, &len, sizeof len);
        d->hash = fnv(d->hash, text, len);
        st = dict_parse_text(d, d->files[i], text, len);
        free(text);
    }
    if (st == DOMAT_OK && d->n == 0)
        st = error_set(DOMAT_EDICT, "no dictionary entries found (no *.dict files?)");
    if (st == DOMAT_OK)
        st = dict_resolve(d);
    if (st != DOMAT_OK)
        dict_free(d);
    return st;
}

void dict_free(dict *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        entry_free(&d->e[i]);
    for (size_t i = 0; i < d->nr; i++)
        rule_free(&d->r[i]);
    for (size_t i = 0; i < d->nfiles; i++)
        free(d->files[i]);
    free(d->e);
    free(d->r);
    free(d->files);
    memset(d, 0, sizeof *d);
}

/*
** 2026-11-25
**
** fold.c: the normalizer (see fold.h for the two views it builds).
**
** Takes decoded code points, hands on view bytes for the matcher and a map
** back to code points. It must never lose the link to the input: every view
** byte maps to the code point it came from, and the map never goes backwards,
** so a match's first and last bytes bound its evidence in the input.
**
** Character properties come from utf8proc (compatibility decomposition and
** case folding), computed once into a table for the code points text actually
** uses, so the hot loop is one array load per character.
*/
#include "fold.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define FULLWIDTH_LO 0xFF00u  /* fullwidth ASCII forms, a known evasion */
#define FULLWIDTH_HI 0xFFF0u

fold_char fold_table_low[FOLD_TABLE_LOW];
static fold_char table_full[FULLWIDTH_HI - FULLWIDTH_LO];
/* ASCII letters and digits, lowercased; 0 for everything else. */
static unsigned char ascii_word[128];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;
/* Set once the tables are built, so hot paths skip pthread_once. */
static atomic_int tables_ready;

/* Invisible characters that people (or tools) slip between letters. */
static int is_invisible(uint32_t cp)
{
    return cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F ||
           cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5 ||
           (cp >= 0x180B && cp <= 0x180E) || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0x3164 ||
           cp == 0xFFA0 || (cp >= 0xE0000 && cp <= 0xE0FFF);
}

/* The combining marks Vietnamese is written with; U+0340/0341 are the
** Vietnamese tone variants of grave and acute that some CP1258 tools emit. */
static int mark_props(uint32_t cp, uint8_t *shape, uint8_t *tone)
{
    *shape = SHAPE_NONE;
    *tone = TONE_NONE;
    switch (cp) {
    case 0x0300: case 0x0340: *tone = TONE_HUYEN; return 1;
    case 0x0301: case 0x0341: *tone = TONE_SAC; return 1;
    case 0x0309: *tone = TONE_HOI; return 1;
    case 0x0303: *tone = TONE_NGA; return 1;
    case 0x0323: *tone = TONE_NANG; return 1;
    case 0x0302: *shape = SHAPE_CIRC; return 1;
    case 0x0306: *shape = SHAPE_BREVE; return 1;
    case 0x031B: *shape = SHAPE_HORN; return 1;
    }
    return 0;
}

static fold_char compute(uint32_t cp)
{
    fold_char fc = {cp, FOLD_OTHER, SHAPE_NONE, TONE_NONE, 0};
    if (cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85 ||
        cp == 0x2028 || cp == 0x2029) {
        fc.cls = FOLD_NEWLINE;
        return fc;
    }
    if (is_invisible(cp)) {
        fc.cls = FOLD_IGNORE;
        return fc;
    }
    if (mark_props(cp, &fc.shape, &fc.tone)) {
        fc.cls = FOLD_MARK;
        return fc;
    }
    /* Đ has no Unicode decomposition; the Icelandic eth looks the same and
    ** stands in for it in badly converted files. */
    if (cp == 0x0110 || cp == 0x0111 || cp == 0x00D0 || cp == 0x00F0) {
        fc.cls = FOLD_LETTER;
        fc.base = 'd';
        fc.shape = SHAPE_STROKE;
        fc.upper = (cp == 0x0110 || cp == 0x00D0);
        return fc;
    }
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
    switch (cat) {
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_CC: /* controls would collide with tone bytes */
        fc.cls = FOLD_SPACE;
        return fc;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_CF:
        fc.cls = FOLD_IGNORE;
        return fc;
    default:
        break;
    }
    utf8proc_int32_t d[8];
    int bc = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(
        (utf8proc_int32_t)cp, d, 8,
        UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD, &bc);
    int letter = cat <= UTF8PROC_CATEGORY_LO || cat == UTF8PROC_CATEGORY_ND;
    if (n < 1 || n > 8) {
        fc.cls = letter ? FOLD_LETTER : FOLD_OTHER;
        fc.base = letter ? (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp) : cp;
        return fc;
    }
    if (!letter) {
        /* Fullwidth and other compatibility punctuation reads as ASCII. */
        if (n == 1 && cat != UTF8PROC_CATEGORY_NO)
            fc.base = (uint32_t)d[0];
        if (fc.base == ' ')
            fc.cls = FOLD_SPACE;
        return fc;
    }
    fc.cls = FOLD_LETTER;
    fc.base = (uint32_t)d[0];
    fc.upper = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
    for (utf8proc_ssize_t k = 1; k < n; k++) {
        uint8_t s, t;
        if (mark_props((uint32_t)d[k], &s, &t)) {
            if (s)
                fc.shape = s;
            if (t)
                fc.tone = t;
        }
    }
    return fc;
}

static void build_tables(void)
{
    for (uint32_t cp = 0; cp < FOLD_TABLE_LOW; cp++)
        fold_table_low[cp] = compute(cp);
    for (uint32_t cp = FULLWIDTH_LO; cp < FULLWIDTH_HI; cp++)
        table_full[cp - FULLWIDTH_LO] = compute(cp);
    for (unsigned c = 0; c < 128; c++)
        ascii_word[c] = (unsigned char)((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c
                      : (c >= 'A' && c <= 'Z') ? c + 32 : 0);
    atomic_store_explicit(&tables_ready, 1, memory_order_release);
}

static inline void tables_init(void)
{
    if (!atomic_load_explicit(&tables_ready, memory_order_acquire))
        pthread_once(&table_once, build_tables);
}

static inline const fold_char *lookup_fast(uint32_t cp)
{
    if (cp < FOLD_TABLE_LOW)
        return &fold_table_low[cp];
    if (cp >= FULLWIDTH_LO && cp < FULLWIDTH_HI)
        return &table_full[cp - FULLWIDTH_LO];
    return NULL;
}

fold_char fold_lookup(uint32_t cp)
{
    tables_init();
    const fold_char *fc = lookup_fast(cp);
    return fc ? *fc : compute(cp);
}

void fold_view_init(fold_view *v)
{
    v->buf = NULL;
    v->map = NULL;
    v->len = v->cap = 0;
}

void fold_view_free(fold_view *v)
{
    free(v->buf);
    free(v->map);
    fold_view_init(v);
}

static int view_reserve(fold_view *v, size_t n)
{
    if (n <= v->cap)
        return 0;
    char *b = realloc(v->buf, n);
    if (!b)
        return -1;
    v->buf = b;
    uint32_t *m = realloc(v->map, n * sizeof *m);
    if (!m)
        return -1;
    v->map = m;
    v->cap = n;
    return 0;
}

/* The precomposed lowercase letter for a base and a vowel shape. */
static uint32_t compose(uint32_t base, uint8_t shape)
{
    switch (shape) {
    case SHAPE_BREVE:
        if (base == 'a') return 0x0103;
        break;
    case SHAPE_CIRC:
        if (base == 'a') return 0x00E2;
        if (base == 'e') return 0x00EA;
        if (base == 'o') return 0x00F4;
        break;
    case SHAPE_HORN:
        if (base == 'o') return 0x01A1;
        if (base == 'u') return 0x01B0;
        break;
    case SHAPE_STROKE:
        if (base == 'd') return 0x0111;
        break;
    }
    return base;
}

/* Class of t->cp[i]; the tables are built by the time this runs. */
static inline uint8_t cls_at(const text_buf *t, size_t i)
{
    const fold_char *fc = lookup_fast(t->cp[i]);
    return fc ? fc->cls : compute(t->cp[i]).cls;
}

/* Separators people put between spaced-out letters. */
static int is_spacer(uint32_t cp, uint8_t cls)
{
    return cls == FOLD_SPACE || cp == '.' || cp == '-' || cp == '_' ||
           cp == '*' || cp == 0x00B7 || cp == '/' || cp == '+' || cp == '|' ||
           cp == 0x2022;
}

/*
** At a word start i: is this a run of at least three one-letter tokens with
** the same single separator ("T Ố I", "M.Ậ.T")? If so, *end is the index
** after the last token and *sep the separator. Ordinary words leave after
** their second letter, so the cost on normal text is one extra lookup.
*/
static int spaced_group(const text_buf *t, size_t i, size_t *end, uint32_t *sep)
{
    size_t j = i, tok_end = i;
    unsigned count = 0;
    uint32_t s = 0;
    for (;;) {
        if (j >= t->len || cls_at(t, j) != FOLD_LETTER)
            break;
        j++;
        while (j < t->len && (cls_at(t, j) == FOLD_MARK || cls_at(t, j) == FOLD_IGNORE))
            j++;
        if (j < t->len && cls_at(t, j) == FOLD_LETTER)
            break; /* a longer word: the group (if any) ended before it */
        count++;
        tok_end = j;
        if (j + 1 >= t->len)
            break;
        uint32_t c = t->cp[j];
        if (!is_spacer(c, cls_at(t, j)) || (s && c != s))
            break;
        if (cls_at(t, j + 1) != FOLD_LETTER)
            break;
        s = c;
        j++;
    }
    if (count < 3)
        return 0;
    *end = tok_end;
    *sep = s;
    return 1;
}

int fold_is_obfuscated(const text_buf *t, size_t i, size_t j)
{
    tables_init();
    if (j > t->len)
        j = t->len;
    for (size_t k = i; k < j; k++) {
        uint8_t c = cls_at(t, k);
        if (c == FOLD_IGNORE && k > i)
            return 1;
        if (c == FOLD_LETTER && (k == 0 || cls_at(t, k - 1) != FOLD_LETTER)) {
            size_t end;
            uint32_t sep;
            if (spaced_group(t, k, &end, &sep))
                return 1;
        }
    }
    return 0;
}

typedef struct fold_state {
    fold_view *cv;
    int in_word;
    size_t letter_pos;    /* where the last letter starts in the canonical view */
    uint32_t letter_base; /* and what it is, should a combining mark follow */
    uint8_t letter_shape;
    uint32_t last_idx;    /* last letter of the word: where tones map to */
    uint8_t tones[4];
    int ntones;
    int want_space;
    uint32_t space_idx;
} fold_state;

static inline void put_cp(fold_view *v, uint32_t cp, uint32_t idx)
{
    if (cp < 0x80) {
        v->buf[v->len] = (char)cp;
        v->map[v->len++] = idx;
        return;
    }
    size_t n = text_utf8_put(v->buf + v->len, cp);
    for (size_t k = 0; k < n; k++)
        v->map[v->len + k] = idx;
    v->len += n;
}

static inline void add_tone(fold_state *s, uint8_t tone)
{
    if (tone && s->ntones < 4)
        s->tones[s->ntones++] = tone;
}

static inline void end_word(fold_state *s)
{
    if (!s->in_word)
        return;
    for (int k = 0; k < s->ntones; k++) {
        s->cv->buf[s->cv->len] = (char)s->tones[k];
        s->cv->map[s->cv->len++] = s->last_idx;
    }
    s->ntones = 0;
    s->in_word = 0;
}

static inline void put_space(fold_state *s)
{
    if (!s->want_space)
        return;
    s->want_space = 0;
    if (s->cv->len) {
        s->cv->buf[s->cv->len] = ' ';
        s->cv->map[s->cv->len++] = s->space_idx;
    }
}

/*
** A letter is written at once; a combining vowel-shape mark that follows it
** (NFD, Windows-1258) rewrites it in place, which keeps the common case,
** precomposed or ASCII text, free of any look-ahead.
*/
static inline void put_letter(fold_state *s, const fold_char *fc, uint32_t i)
{
    s->letter_pos = s->cv->len;
    s->letter_base = fc->base;
    s->letter_shape = fc->shape;
    s->last_idx = i;
    put_cp(s->cv, compose(fc->base, fc->shape), i);
    add_tone(s, fc->tone);
}

static inline void put_mark(fold_state *s, const fold_char *fc)
{
    if (!s->in_word)
        return;
    if (fc->shape && !s->letter_shape) {
        s->letter_shape = fc->shape;
        s->cv->len = s->letter_pos;
        put_cp(s->cv, compose(s->letter_base, fc->shape), s->last_idx);
    }
    add_tone(s, fc->tone);
}

/*
** The folded view is the canonical one without tone bytes and with each
** shaped vowel (and đ) reduced to its base letter: nothing else differs, so it
** is derived from the canonical bytes in one cheap pass rather than built
** alongside them code point by code point.
*/
static void derive_folded(const fold_view *cv, fold_view *fv)
{
    const unsigned char *b = (const unsigned char *)cv->buf;
    size_t n = 0;
    for (size_t k = 0; k < cv->len; k++) {
        unsigned char c = b[k];
        if (c < 0x20)
            continue; /* a tone */
        if (c >= 0xC3 && c <= 0xC6 && k + 1 < cv->len) {
            unsigned char base = 0, d = b[k + 1];
            if (c == 0xC3)
                base = d == 0xA2 ? 'a' : d == 0xAA ? 'e' : d == 0xB4 ? 'o' : 0;
            else if (c == 0xC4)
                base = d == 0x83 ? 'a' : d == 0x91 ? 'd' : 0;
            else if (c == 0xC6)
                base = d == 0xA1 ? 'o' : d == 0xB0 ? 'u' : 0;
            if (base) {
                fv->buf[n] = (char)base;
                fv->map[n++] = cv->map[k];
                k++;
                continue;
            }
        }
        fv->buf[n] = (char)c;
        fv->map[n++] = cv->map[k];
    }
    fv->len = n;
}

int fold_run(const text_buf *t, fold_view *canon, fold_view *folded)
{
    tables_init();
    /* A code point yields at most 4 letter bytes plus 1 tone byte. */
    if (t->len > (SIZE_MAX - 16) / 5)
        return -1;
    size_t need = t->len * 5 + 16;
    if (view_reserve(canon, need) || (folded && view_reserve(folded, need)))
        return -1;
    canon->len = 0;
    fold_state s = {0};
    s.cv = canon;
    size_t group_end = 0;
    uint32_t group_sep = 0;
    char *cb = canon->buf;
    uint32_t *cm = canon->map;
    for (size_t i = 0; i < t->len; i++) {
        uint32_t cp = t->cp[i];
        /* Inside a word, an ASCII letter is most of the text: write it
        ** without the general path's lookups and branches. */
        if (cp < 0x80 && s.in_word && ascii_word[cp] && i >= group_end) {
            s.letter_pos = canon->len;
            s.letter_base = ascii_word[cp];
            s.letter_shape = 0;
            s.last_idx = (uint32_t)i;
            cb[canon->len] = (char)ascii_word[cp];
            cm[canon->len++] = (uint32_t)i;
            continue;
        }
        const fold_char *fc = lookup_fast(cp);
        fold_char slow;
        if (!fc) {
            slow = compute(cp);
            fc = &slow;
        }
        if (i < group_end && cp == group_sep)
            continue; /* the separator inside a spaced-out word */
        switch (fc->cls) {
        case FOLD_LETTER:
            if (!s.in_word) {
                put_space(&s);
                s.in_word = 1;
                if (i >= group_end && spaced_group(t, i, &group_end, &group_sep) == 0)
                    group_end = 0;
            }
            put_letter(&s, fc, (uint32_t)i);
            break;
        case FOLD_MARK:
            put_mark(&s, fc);
            break;
        case FOLD_IGNORE:
            break;
        case FOLD_SPACE:
        case FOLD_NEWLINE:
            end_word(&s);
            if (!s.want_space) {
                s.want_space = 1;
                s.space_idx = (uint32_t)i;
            }
            break;
        default:
            end_word(&s);
            put_space(&s);
            put_cp(canon, fc->base, (uint32_t)i);
            break;
        }
    }
    end_word(&s);
    if (folded)
        derive_folded(canon, folded);
    return 0;
}

int fold_phrase(const char *utf8, int joined, char **canon, char **folded)
{
    *canon = NULL;
    if (folded)
        *folded = NULL;
    size_t n = strlen(utf8);
    text_buf t;
    text_init(&t);
    if (text_reserve(&t, n + 1))
        return -1;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = text_utf8_get((const unsigned char *)utf8 + i, n - i, &cp);
        if (!k) {
            text_free(&t);
            return 1;
        }
        uint8_t c = fold_lookup(cp).cls;
        if (!(joined && (c == FOLD_SPACE || c == FOLD_NEWLINE)))
            text_put(&t, cp, (uint32_t)i, (uint32_t)k);
        i += k;
    }
    fold_view cv, fv;
    fold_view_init(&cv);
    fold_view_init(&fv);
    int rc = -1;
    if (fold_run(&t, &cv, folded ? &fv : NULL))
        goto out;
    while (cv.len && cv.buf[cv.len - 1] == ' ')
        cv.len--;
    while (fv.len && fv.buf[fv.len - 1] == ' ')
        fv.len--;
    rc = 1;
    if (cv.len == 0)
        goto out;
    rc = -1;
    *canon = malloc(cv.len + 1);
    if (!*canon)
        goto out;
    memcpy(*canon, cv.buf, cv.len);
    (*canon)[cv.len] = 0;
    if (folded) {
        *folded = malloc(fv.len + 1);
        if (!*folded) {
            free(*canon);
            *canon = NULL;
            goto out;
        }
        memcpy(*folded, fv.buf, fv.len);
        (*folded)[fv.len] = 0;
    }
    rc = 0;
out:
    text_free(&t);
    fold_view_free(&cv);
    fold_view_free(&fv);
    return rc;
}

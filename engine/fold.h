/*
** 2026-11-25
**
** fold.h: decoded text -> the two normalized views that dictionaries are
** matched against, each with a map from view bytes back to code points.
**
** canonical view: lowercase, NFC letters with their vowel shapes (ă â ê ô ơ ư
**   đ), and the tone of each word moved to the end of the word as one byte
**   0x01-0x05. Moving the tone makes "hoà"/"hòa" and "thuở"/"thủơ" one form,
**   and NFD or Windows-1258 combining marks land in the same place as
**   precomposed ones.
** folded view: lowercase ASCII letters only (no shapes, no tones, đ -> d), for
**   text written without accents ("TOI MAT").
**
** Both views drop invisible characters (zero-width, soft hyphen, BOM, bidi
** controls), map compatibility forms (fullwidth letters) to plain ones, turn
** every run of white space or line breaks into one space, and join letters
** spaced out or dotted one by one ("T Ố I", "M.Ậ.T") into one word.
*/
#ifndef DOMAT_FOLD_H
#define DOMAT_FOLD_H

#include "text.h"

/* Character classes of the normalizer. */
enum {
    FOLD_OTHER = 0,  /* punctuation, symbols: kept as they are */
    FOLD_LETTER,     /* letters and digits: form words */
    FOLD_SPACE,      /* white space of any kind */
    FOLD_NEWLINE,    /* line and paragraph breaks */
    FOLD_MARK,       /* combining vowel-shape or tone mark */
    FOLD_IGNORE      /* invisible: dropped without breaking a word */
};

/* Tones, in the order of the bytes written to the canonical view. */
enum { TONE_NONE = 0, TONE_HUYEN, TONE_SAC, TONE_HOI, TONE_NGA, TONE_NANG };
/* Vowel shapes and the stroke of đ. */
enum { SHAPE_NONE = 0, SHAPE_BREVE, SHAPE_CIRC, SHAPE_HORN, SHAPE_STROKE };

typedef struct fold_char {
    uint32_t base;   /* lowercase base letter without marks (letters only) */
    uint8_t cls;     /* FOLD_* */
    uint8_t shape;   /* SHAPE_* carried by the letter or mark */
    uint8_t tone;    /* TONE_* carried by the letter or mark */
    uint8_t upper;   /* 1 if an uppercase letter */
} fold_char;

/* Properties of one code point. Thread-safe; tables are built once. */
fold_char fold_lookup(uint32_t cp);

/* Latin, Vietnamese, punctuation and CJK symbols: the table behind
** fold_get, filled by the first fold_lookup or fold_run. */
#define FOLD_TABLE_LOW 0x3000u
extern fold_char fold_table_low[FOLD_TABLE_LOW];

/*
** fold_lookup without its once-check, for hot paths that run after fold_run
** (matching callbacks, the classifier).
*/
static inline fold_char fold_get(uint32_t cp)
{
    return cp < FOLD_TABLE_LOW ? fold_table_low[cp] : fold_lookup(cp);
}

typedef struct fold_view {
    char *buf;      /* view bytes, not NUL-terminated */
    uint32_t *map;  /* per view byte: index of its code point in the input */
    size_t len;
    size_t cap;
} fold_view;

void fold_view_init(fold_view *v);
void fold_view_free(fold_view *v);

/*
** Build both views of t (replacing their previous contents). folded may be
** NULL when only the canonical view is needed. Returns 0, or -1 when out of
** memory.
*/
int fold_run(const text_buf *t, fold_view *canon, fold_view *folded);

/*
** Normalize a dictionary phrase given in UTF-8 the way fold_run normalizes
** text, trimmed of leading and trailing spaces. With `joined`, spaces inside
** are removed first (for letter-spaced evasion). Results are malloc'd,
** NUL-terminated; *folded may be NULL to skip it. Returns 0, -1 when out of
** memory, or 1 when the phrase normalizes to nothing or is not valid UTF-8.
*/
int fold_phrase(const char *utf8, int joined, char **canon, char **folded);

/*
** True when the code points [i, j) were hidden from a plain reader's search:
** an invisible character between letters, or letters spaced out one by one.
*/
int fold_is_obfuscated(const text_buf *t, size_t i, size_t j);

#endif

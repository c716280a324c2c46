/*
** 2026-11-25
**
** classify.c: tells a secrecy mark standing on a document from the same
** words in prose.
**
** Takes a hit of a mark on the visible text, hands on whether it stands as a
** marking and how (alone on its line, set apart by a wide gap, in capitals,
** obfuscated). It must never look beyond the hit's own line for isolation:
** the stamp is a line of its own (or a cell, or a column merged with a gap),
** and what the rest of the document says does not change that.
**
** Why these rules: public documents about protecting secrets write "bí mật
** nhà nước", «đóng dấu "MẬT"», "độ Tối mật" and even "TỐI MẬT" for emphasis
** inside sentences; a real stamp is set apart from the text around it. Quotes
** are deliberately not filler: a quoted mark is a mark being talked about.
*/
#include "classify.h"

#include "fold.h"

static inline fold_char fc_at(const text_buf *t, size_t k)
{
    return fold_get(t->cp[k]);
}

/* Punctuation and frame characters a stamp is drawn with or set beside. */
static int is_filler(uint32_t cp)
{
    switch (cp) {
    case '-': case 0x2013: case 0x2014: case '|': case '/': case '\\':
    case '[': case ']': case '(': case ')': case '{': case '}': case '*':
    case 0x2022: case ':': case '.': case ',': case ';': case '_': case '=':
    case '+': case '#': case '~': case 0x00B7: case 0x25A1: case 0x25A0:
        return 1;
    }
    return cp >= 0x2500 && cp <= 0x257F; /* box drawing: the double frame */
}

static int is_lower_letter(const text_buf *t, size_t k)
{
    fold_char c = fc_at(t, k);
    uint32_t cp = t->cp[k];
    return c.cls == FOLD_LETTER && !c.upper && !(cp >= '0' && cp <= '9');
}

int classify_in_prose(const text_buf *t, uint32_t i, uint32_t j)
{
    /* Left: exactly one space, then a word ending in a lowercase letter
    ** (stepping back over NFD combining marks to reach it). */
    if (i >= 2 && fc_at(t, i - 1).cls == FOLD_SPACE) {
        size_t k = i - 2;
        while (k > 0 && (fc_at(t, k).cls == FOLD_MARK || fc_at(t, k).cls == FOLD_IGNORE))
            k--;
        if (is_lower_letter(t, k))
            return 1;
    }
    /* Right: exactly one space, then a word starting with a lowercase letter. */
    if (j + 1 < t->len && fc_at(t, j).cls == FOLD_SPACE && is_lower_letter(t, j + 1))
        return 1;
    return 0;
}

int classify_unaccented(const text_buf *t, uint32_t i, uint32_t j)
{
    for (uint32_t k = i; k < j; k++) {
        fold_char c = fc_at(t, k);
        if (c.cls == FOLD_MARK || (c.cls == FOLD_LETTER && (c.shape || c.tone)))
            return 0;
    }
    return 1;
}

/*
** Capitals: at least one uppercase letter and no lowercase ASCII letter.
** Lowercase accented letters are tolerated because .VnTimeH "capital" fonts
** store Ậ as the code of ậ, so a decoded TCVN3 stamp reads "TUYệT MậT".
*/
static int is_caps(const text_buf *t, uint32_t i, uint32_t j)
{
    int upper = 0;
    for (uint32_t k = i; k < j; k++) {
        uint32_t cp = t->cp[k];
        if (cp >= 'a' && cp <= 'z')
            return 0;
        fold_char c = fc_at(t, k);
        if (c.cls == FOLD_LETTER && c.upper)
            upper = 1;
    }
    return upper;
}

/* The mark among `o` that ends exactly at k (exclusive). Marks left after
** the prose test are few, so a scan is enough. */
static const hit *mark_ending_at(const hit *o, size_t n, uint32_t k)
{
    for (size_t a = 0; a < n; a++)
        if (o[a].j == k)
            return &o[a];
    return NULL;
}

/* Binary search, `o` being sorted by start. */
static const hit *mark_starting_at(const hit *o, size_t n, uint32_t k)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (o[mid].i < k)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && o[lo].i == k ? &o[lo] : NULL;
}

enum { SIDE_PROSE = 0, SIDE_LINE, SIDE_GAP };

/* Walk from the hit to the line's edge; what stands in between decides. */
static int side(const text_buf *t, const hit *h, int dir, const hit *o, size_t n)
{
    int64_t k = dir < 0 ? (int64_t)h->i - 1 : (int64_t)h->j;
    unsigned spaces = 0;
    for (;;) {
        if (k < 0 || (size_t)k >= t->len)
            return SIDE_LINE;
        uint32_t cp = t->cp[k];
        fold_char c = fold_get(cp);
        if (c.cls == FOLD_NEWLINE)
            return SIDE_LINE;
        if (c.cls == FOLD_SPACE) {
            if (cp == '\t' || ++spaces >= 2)
                return SIDE_GAP;
        } else {
            spaces = 0;
            if (c.cls == FOLD_IGNORE || c.cls == FOLD_MARK || is_filler(cp)) {
                /* frame or separator: keep walking */
            } else {
                const hit *m = dir < 0 ? mark_ending_at(o, n, (uint32_t)k + 1)
                                       : mark_starting_at(o, n, (uint32_t)k);
                if (!m || m == h)
                    return SIDE_PROSE;
                k = dir < 0 ? (int64_t)m->i : (int64_t)m->j - 1;
            }
        }
        k += dir;
    }
}

/* Line start of code point k. */
static size_t line_start(const text_buf *t, size_t k)
{
    while (k > 0 && fc_at(t, k - 1).cls != FOLD_NEWLINE)
        k--;
    return k;
}

static int cue_line(const text_buf *t, size_t k);

/*
** Header columns merged with single spaces, as some extractors produce:
** "Số: 45/KH-UBND TỐI MẬT Hà Nội, ngày ...". The stamp follows the document
** code (digits and a slash) on the "Số:" line, and the place name after it is
** in title case, not the capitals a heading would continue in.
*/
static int after_doc_code(const text_buf *t, const hit *h)
{
    if (h->i < 2 || fc_at(t, h->i - 1).cls != FOLD_SPACE)
        return 0;
    size_t k = h->i - 1, end = k;
    while (k > 0 && fc_at(t, k - 1).cls != FOLD_SPACE && fc_at(t, k - 1).cls != FOLD_NEWLINE)
        k--;
    int digit = 0, slash = 0;
    for (size_t q = k; q < end; q++) {
        digit |= t->cp[q] >= '0' && t->cp[q] <= '9';
        slash |= t->cp[q] == '/';
    }
    return digit && slash && cue_line(t, line_start(t, k));
}

static int title_word_after(const text_buf *t, const hit *h)
{
    size_t k = h->j;
    if (k + 2 >= t->len || fc_at(t, k).cls != FOLD_SPACE)
        return 0;
    fold_char a = fc_at(t, k + 1);
    k += 2;
    while (k < t->len && (fc_at(t, k).cls == FOLD_MARK || fc_at(t, k).cls == FOLD_IGNORE))
        k++;
    return a.cls == FOLD_LETTER && a.upper && k < t->len && is_lower_letter(t, k);
}

int classify_marking(const text_buf *t, const hit *h, const hit *others,
                     size_t nothers, marking *m)
{
    int l = side(t, h, -1, others, nothers);
    int merged = l == SIDE_PROSE && after_doc_code(t, h);
    if (merged)
        l = SIDE_GAP;
    if (l == SIDE_PROSE)
        return 0;
    int r = side(t, h, +1, others, nothers);
    if (r == SIDE_PROSE && merged && title_word_after(t, h))
        r = SIDE_GAP;
    if (r == SIDE_PROSE)
        return 0;
    m->alone = l == SIDE_LINE && r == SIDE_LINE;
    m->gap = !m->alone;
    m->caps = is_caps(t, h->i, h->j);
    m->obfuscated = fold_is_obfuscated(t, h->i, h->j);
    /* Single-space merging is trusted only for a stamp in capitals. */
    return !merged || m->caps;
}

/* Does the line starting at k begin with "Số" + ':' or "V/v"? */
static int cue_line(const text_buf *t, size_t k)
{
    while (k < t->len && fc_at(t, k).cls == FOLD_SPACE)
        k++;
    if (k + 2 < t->len) {
        fold_char a = fc_at(t, k), b = fc_at(t, k + 1);
        if (a.base == 's' && b.base == 'o' && b.tone == TONE_SAC) {
            for (size_t q = k + 2; q < t->len && q < k + 6; q++)
                if (t->cp[q] == ':')
                    return 1;
        }
        if ((t->cp[k] == 'V' || t->cp[k] == 'v') && t->cp[k + 1] == '/' &&
            (t->cp[k + 2] == 'v' || t->cp[k + 2] == 'V'))
            return 1;
    }
    return 0;
}

int classify_near_header_cue(const text_buf *t, uint32_t i)
{
    /* The stamp goes under the number and the subject: look at its own line
    ** and up to four lines above. */
    size_t k = i;
    for (int lines = 0; lines < 5; lines++) {
        while (k > 0 && fc_at(t, k - 1).cls != FOLD_NEWLINE)
            k--;
        if (cue_line(t, k))
            return 1;
        if (k == 0)
            return 0;
        k--;
    }
    return 0;
}

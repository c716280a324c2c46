/*
** 2026-11-25
**
** decode.c: bytes in the encodings Vietnamese text is found in -> text_buf
** (see decode.h), and the encoding detector.
**
** Decoders write straight into the reserved arrays of the text_buf, one code
** point per source letter, each with the offset and length of the bytes it
** came from. No decoder composes or normalizes: CP1258 and TCVN3 combining
** bytes stay combining marks for the fold module to compose later; only VNI,
** whose two-byte letters have no code point of their own for the second
** byte, is joined here.
**
** Detection scores each candidate reading with a Vietnamese syllable
** validator: a run of letters holding anything beyond ASCII either parses as
** onset + vowel nucleus + final with at most one tone, or it does not. Wrong
** readings of Vietnamese bytes produce runs such as "tèi", "Maät" or "ng­¬êi"
** that no Vietnamese syllable looks like, while text in other Latin-script
** languages yields few plausible runs under any reading and stays CP1252.
*/
#include "decode.h"
#include "legacy_tables.h"

#include <stdlib.h>
#include <string.h>

#define REPL 0xFFFDu
/* Detection reads at most this much: plenty of syllables, bounded cost. */
#define DETECT_MAX ((size_t)64 * 1024)
/* Least score a Vietnamese reading needs to be chosen at all: one full
** syllable, or a few short ones. Lone toned vowels parse too, and a stray
** "©" read as TCVN3 "â" should not turn a Western file into TCVN3. */
#define MIN_VIET_SCORE 3
/* What a look-alike reading of valid UTF-8 must gain over reading it as
** UTF-8: re-reading text that was fine would corrupt it. */
#define LOOKALIKE_MARGIN 4

/* ---------------------------------------------------------------- UTF-8 -- */

/* Sequence length for lead byte c (0 if c cannot start one), and the range
** its second byte must be in, which excludes overlongs, surrogates and
** values above U+10FFFF. */
static size_t utf8_lead(unsigned c, unsigned *lo, unsigned *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        return 2;
    if (c >= 0xE0 && c <= 0xEF) {
        if (c == 0xE0)
            *lo = 0xA0;
        else if (c == 0xED)
            *hi = 0x9F;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (c == 0xF0)
            *lo = 0x90;
        else if (c == 0xF4)
            *hi = 0x8F;
        return 4;
    }
    return 0;
}

/* Eight ASCII bytes to code points. restrict and the fixed count let the
** compiler turn this into a few vector stores even at -O2. */
static inline void put_ascii8(uint32_t *restrict cp, uint32_t *restrict of,
                              uint8_t *restrict ol,
                              const unsigned char *restrict s, uint32_t off)
{
    for (unsigned m = 0; m < 8; m++) {
        cp[m] = s[m];
        of[m] = off + m;
        ol[m] = 1;
    }
}

/*
** Decode UTF-8 into out (room reserved). Bad bytes become U+FFFD covering
** the maximal valid prefix of a sequence (Unicode's recommended practice), or
** one byte when the lead byte itself is bad. Returns bytes consumed: with
** final == 0 a valid but unfinished sequence at the very end is left for the
** next segment.
*/
static size_t dec_utf8(const unsigned char *s, size_t n, uint32_t base,
                       int final, text_buf *out)
{
    /* Local pointers and index: stores through uint8_t * may alias anything,
    ** so going through out-> each time would reload the fields per byte. */
    uint32_t *cp = out->cp, *of = out->off;
    uint8_t *ol = out->olen;
    size_t k = out->len, i = 0;

    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            /* ASCII dominates most inputs, even Vietnamese ones: take it
            ** eight bytes at a time while the bytes allow. */
            while (i + 8 <= n) {
                uint64_t w;
                memcpy(&w, s + i, 8);
                if (w & UINT64_C(0x8080808080808080))
                    break;
                put_ascii8(cp + k, of + k, ol + k, s + i, base + (uint32_t)i);
                i += 8;
                k += 8;
            }
            for (; i < n && s[i] < 0x80; i++, k++) {
                cp[k] = s[i];
                of[k] = base + (uint32_t)i;
                ol[k] = 1;
            }
            continue;
        }
        unsigned lo, hi;
        size_t need = utf8_lead(c, &lo, &hi);
        uint32_t v = c & (0x7Fu >> need);
        if (need == 0) {
            cp[k] = REPL;
            of[k] = base + (uint32_t)i;
            ol[k] = 1;
            k++;
            i++;
            continue;
        }
        /* Complete two- and three-byte letters are most of Vietnamese. */
        if (need == 2 && i + 2 <= n && (s[i + 1] & 0xC0) == 0x80) {
            cp[k] = v << 6 | (s[i + 1] & 0x3Fu);
            of[k] = base + (uint32_t)i;
            ol[k] = 2;
            k++;
            i += 2;
            continue;
        }
        if (need == 3 && i + 3 <= n && s[i + 1] >= lo && s[i + 1] <= hi &&
            (s[i + 2] & 0xC0) == 0x80) {
            cp[k] = v << 12 | (s[i + 1] & 0x3Fu) << 6 | (s[i + 2] & 0x3Fu);
            of[k] = base + (uint32_t)i;
            ol[k] = 3;
            k++;
            i += 3;
            continue;
        }
        size_t got = 1;
        while (got < need && i + got < n) {
            unsigned d = s[i + got];
            if (got == 1 ? (d < lo || d > hi) : (d & 0xC0) != 0x80)
                break;
            v = (v << 6) | (d & 0x3Fu);
            got++;
        }
        if (got < need && i + got == n && !final)
            break; /* may be completed by the next segment */
        cp[k] = got == need ? v : REPL;
        of[k] = base + (uint32_t)i;
        ol[k] = (uint8_t)got;
        k++;
        i += got;
    }
    out->len = k;
    return i;
}

/* Byte a code point came from if it was read as Windows-1252 (or Latin-1,
** which some converters use instead), or -1. */
static int cp1252_byte(uint32_t c)
{
    if (c <= 0xFF)
        return (int)c;
    if (c < 0x152 || c > 0x2122)
        return -1;
    for (int b = 0x80; b < 0xA0; b++)
        if (cp1252_tab[b] == c)
            return b;
    return -1;
}

enum { U8_INVALID, U8_VALID, U8_ONLY_CUT };

/*
** Whether s[0..n) is UTF-8, allowing a sequence cut by the end of the
** sample: U8_VALID, U8_INVALID, or U8_ONLY_CUT when that cut sequence is
** all there is beyond ASCII (no evidence either way). Counts code points
** U+0080-U+00FF and CP1252's extra letters and signs (what legacy bytes read
** as Windows-1252 become) in *latin, and Vietnamese-only letters and
** combining marks in *viet. Allocates nothing.
*/
static int utf8_scan(const unsigned char *s, size_t n, size_t *latin,
                     size_t *viet)
{
    size_t i = 0, la = 0, vi = 0, multi = 0;
    *latin = *viet = 0;
    while (i < n) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t c;
        size_t k = text_utf8_get(s + i, n - i, &c);
        if (k == 0) {
            /* Still valid if it is a good prefix cut by the sample's end. */
            unsigned lo, hi;
            size_t need = utf8_lead(s[i], &lo, &hi);
            if (need == 0 || n - i >= need)
                return U8_INVALID;
            if (n - i > 1 && (s[i + 1] < lo || s[i + 1] > hi))
                return U8_INVALID;
            if (n - i > 2 && (s[i + 2] & 0xC0) != 0x80)
                return U8_INVALID;
            if (multi == 0)
                return U8_ONLY_CUT;
            break;
        }
        multi++;
        if (cp1252_byte(c) >= 0)
            la++;
        else if ((c <= 0x1BF && vn_info_lat[c - 0xC0]) ||
                 (c >= 0x1EA0 && c <= 0x1EF9) || (c >= 0x300 && c <= 0x323))
            vi++;
        i += k;
    }
    *latin = la;
    *viet = vi;
    return U8_VALID;
}

/* --------------------------------------------------------------- UTF-16 -- */

static size_t dec_utf16(const unsigned char *s, size_t n, uint32_t base,
                        int final, text_buf *out, int be)
{
    uint32_t *cp = out->cp, *of = out->off;
    uint8_t *ol = out->olen;
    size_t k = out->len, i = 0;
    int held = 0;

    while (i + 1 < n) {
        uint32_t u = be ? (uint32_t)s[i] << 8 | s[i + 1]
                        : (uint32_t)s[i + 1] << 8 | s[i];
        uint32_t v = u, len = 2;
        if (u >= 0xD800 && u <= 0xDFFF) {
            v = REPL;
            if (u <= 0xDBFF) {
                if (i + 3 < n) {
                    uint32_t u2 = be ? (uint32_t)s[i + 2] << 8 | s[i + 3]
                                     : (uint32_t)s[i + 3] << 8 | s[i + 2];
                    if (u2 >= 0xDC00 && u2 <= 0xDFFF) {
                        v = 0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00);
                        len = 4;
                    }
                } else if (!final) {
                    held = 1; /* the low half may be in the next segment */
                    break;
                }
            }
        }
        cp[k] = v;
        of[k] = base + (uint32_t)i;
        ol[k] = (uint8_t)len;
        k++;
        i += len;
    }
    if (!held && i < n && final) {
        cp[k] = REPL; /* odd trailing byte */
        of[k] = base + (uint32_t)i;
        ol[k] = 1;
        k++;
        i++;
    }
    out->len = k;
    return i;
}

/* ---------------------------------------------------- single-byte codes -- */

static void dec_table(const unsigned char *s, size_t n, uint32_t base,
                      text_buf *out, const uint16_t *tab)
{
    uint32_t *cp = out->cp + out->len, *of = out->off + out->len;
    uint8_t *ol = out->olen + out->len;
    for (size_t i = 0; i < n; i++) {
        cp[i] = tab[s[i]];
        of[i] = base + (uint32_t)i;
        ol[i] = 1;
    }
    out->len += n;
}

/* Re-read out->cp[start..] as TCVN3 bytes seen through Windows-1252. */
static void tcvn3_remap(text_buf *t, size_t start)
{
    for (size_t r = start; r < t->len; r++) {
        int b = cp1252_byte(t->cp[r]);
        if (b >= 0)
            t->cp[r] = tcvn3_tab[b];
    }
}

/* ------------------------------------------------------------------ VNI -- */

/* Letter for VNI base byte info `b` (vni_base) and mark info `m` (vni_mark),
** or 0 when the mark does not go on that vowel. */
static uint32_t vni_join(unsigned b, unsigned m)
{
    unsigned v = b & 0x0F, mod = m & 0x18, tone = m & 0x07;
    if (mod == VNI_BREVE) {
        if (v != VN_A)
            return 0;
        v = VN_AW;
    } else if (mod == VNI_CIRC) {
        if (v == VN_A)
            v = VN_AA;
        else if (v == VN_E)
            v = VN_EE;
        else if (v == VN_O)
            v = VN_OO;
        else
            return 0;
    }
    return vn_compose[v - 1][tone][(b & VNI_UP) ? 1 : 0];
}

/*
** Read out->cp[start..], which hold Windows-1252 characters, as VNI: join
** vowel + mark into one letter covering both sources, map the one-byte VNI
** letters. Works in place (the output never outgrows the input). With
** final == 0 a vowel ending the text is held back, since its mark may start
** the next segment: returns 1 and sets *held_off to its offset.
*/
static int vni_fold(text_buf *t, size_t start, int final, uint32_t *held_off)
{
    uint32_t *cp = t->cp, *of = t->off;
    uint8_t *ol = t->olen;
    size_t n = t->len, w = start, r = start;
    int held = 0;

    while (r < n) {
        uint32_t c = cp[r];
        if (c < 0x100 && vni_base[c]) {
            if (r + 1 < n) {
                uint32_t d = cp[r + 1], v;
                if (d >= 0xC0 && d <= 0xFF && vni_mark[d - 0xC0] &&
                    (v = vni_join(vni_base[c], vni_mark[d - 0xC0])) != 0) {
                    unsigned len = (unsigned)ol[r] + ol[r + 1];
                    cp[w] = v;
                    of[w] = of[r];
                    ol[w] = (uint8_t)(len > 255 ? 255 : len);
                    w++;
                    r += 2;
                    continue;
                }
            } else if (!final) {
                *held_off = of[r];
                held = 1;
                break;
            }
        }
        if (c >= 0xC0 && c <= 0xFF && vni_single[c - 0xC0])
            c = vni_single[c - 0xC0];
        cp[w] = c;
        of[w] = of[r];
        ol[w] = ol[r];
        w++;
        r++;
    }
    t->len = w;
    return held;
}

/* ------------------------------------------------------------ interface -- */

int decode_run(decode_enc e, const unsigned char *buf, size_t len,
               uint32_t base_off, int final, text_buf *out, size_t *used)
{
    size_t u = len;
    uint32_t held_off;

    if (used)
        *used = 0;
    if (len == 0)
        return 0;
    /* Every encoding yields at most one code point per byte. */
    if (text_reserve(out, len) != 0)
        return -1;
    size_t start = out->len;
    switch (e) {
    case ENC_UTF16LE:
    case ENC_UTF16BE:
        u = dec_utf16(buf, len, base_off, final, out, e == ENC_UTF16BE);
        break;
    case ENC_CP1258:
        dec_table(buf, len, base_off, out, cp1258_tab);
        break;
    case ENC_TCVN3:
        dec_table(buf, len, base_off, out, tcvn3_tab);
        break;
    case ENC_CP1252:
        dec_table(buf, len, base_off, out, cp1252_tab);
        break;
    case ENC_VNI:
        dec_table(buf, len, base_off, out, cp1252_tab);
        if (vni_fold(out, start, final, &held_off))
            u = held_off - base_off;
        break;
    case ENC_UTF8_TCVN3:
        u = dec_utf8(buf, len, base_off, final, out);
        tcvn3_remap(out, start);
        break;
    case ENC_UTF8_VNI:
        u = dec_utf8(buf, len, base_off, final, out);
        if (vni_fold(out, start, final, &held_off))
            u = held_off - base_off;
        break;
    case ENC_UNKNOWN:
    case ENC_UTF8:
    case ENC_UTF8_BOM:
    default:
        u = dec_utf8(buf, len, base_off, final, out);
        break;
    }
    if (used)
        *used = u;
    return 0;
}

size_t decode_bom_len(decode_enc e, const unsigned char *buf, size_t len)
{
    switch (e) {
    case ENC_UNKNOWN:
    case ENC_UTF8:
    case ENC_UTF8_BOM:
    case ENC_UTF8_TCVN3:
    case ENC_UTF8_VNI:
        return len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF
                   ? 3 : 0;
    case ENC_UTF16LE:
        return len >= 2 && buf[0] == 0xFF && buf[1] == 0xFE ? 2 : 0;
    case ENC_UTF16BE:
        return len >= 2 && buf[0] == 0xFE && buf[1] == 0xFF ? 2 : 0;
    default:
        return 0;
    }
}

static const char *const enc_names[] = {
    [ENC_UNKNOWN] = "unknown",     [ENC_UTF8] = "utf-8",
    [ENC_UTF8_BOM] = "utf-8-bom",  [ENC_UTF16LE] = "utf-16le",
    [ENC_UTF16BE] = "utf-16be",    [ENC_CP1258] = "cp1258",
    [ENC_TCVN3] = "tcvn3",         [ENC_VNI] = "vni",
    [ENC_CP1252] = "cp1252",       [ENC_UTF8_TCVN3] = "utf-8+tcvn3",
    [ENC_UTF8_VNI] = "utf-8+vni",
};

const char *decode_enc_name(decode_enc e)
{
    if ((unsigned)e >= sizeof enc_names / sizeof enc_names[0])
        return "unknown";
    return enc_names[e];
}

/* Aliases are compared ignoring case and the separators '-', '_', ' ', so
** "UTF_8", "utf8" and "utf-8" are one name. */
static const struct {
    const char *name;
    decode_enc enc;
} enc_aliases[] = {
    {"utf-8", ENC_UTF8},
    {"unicode-1-1-utf-8", ENC_UTF8},
    {"utf-8-bom", ENC_UTF8_BOM},
    {"utf-8-sig", ENC_UTF8_BOM},
    {"utf-16le", ENC_UTF16LE},
    {"utf-16", ENC_UTF16LE}, /* what Windows tools mean by it */
    {"ucs-2le", ENC_UTF16LE},
    {"utf-16be", ENC_UTF16BE},
    {"ucs-2be", ENC_UTF16BE},
    {"cp1258", ENC_CP1258},
    {"windows-1258", ENC_CP1258},
    {"win-1258", ENC_CP1258},
    {"x-cp1258", ENC_CP1258},
    {"tcvn3", ENC_TCVN3},
    {"tcvn", ENC_TCVN3},
    {"tcvn5712", ENC_TCVN3},
    {"tcvn5712-1", ENC_TCVN3},
    {"tcvn5712-1:1993", ENC_TCVN3},
    {"tcvn5712-3", ENC_TCVN3},
    {"vn3", ENC_TCVN3},
    {"abc", ENC_TCVN3},
    {"vni", ENC_VNI},
    {"vni-windows", ENC_VNI},
    {"vni-win", ENC_VNI},
    {"vni-times", ENC_VNI},
    {"cp1252", ENC_CP1252},
    {"windows-1252", ENC_CP1252},
    {"win-1252", ENC_CP1252},
    {"x-cp1252", ENC_CP1252},
    /* As in the WHATWG encoding standard: these labels mean Windows-1252. */
    {"iso-8859-1", ENC_CP1252},
    {"iso8859-1", ENC_CP1252},
    {"latin1", ENC_CP1252},
    {"l1", ENC_CP1252},
    {"ascii", ENC_CP1252},
    {"us-ascii", ENC_CP1252},
    {"utf-8+tcvn3", ENC_UTF8_TCVN3},
    {"utf-8+vni", ENC_UTF8_VNI},
};

static int is_sep(char c)
{
    return c == '-' || c == '_' || c == ' ';
}

static int name_eq(const char *a, const char *b)
{
    for (;;) {
        while (is_sep(*a))
            a++;
        while (is_sep(*b))
            b++;
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return 0;
        if (x == '\0')
            return 1;
        a++;
        b++;
    }
}

decode_enc decode_enc_parse(const char *name)
{
    if (!name)
        return ENC_UNKNOWN;
    for (size_t i = 0; i < sizeof enc_aliases / sizeof enc_aliases[0]; i++)
        if (name_eq(name, enc_aliases[i].name))
            return enc_aliases[i].enc;
    return ENC_UNKNOWN;
}

/* -------------------------------------------------------------- scoring -- */

/*
** Letters of a run are coded as: vowels VN_A..VN_Y (1..12), đ VN_DD (13),
** other letters L(x) = 32 + x - 'a'. Codes fit 6 bits.
*/
#define L(x) (32 + (x) - 'a')
#define IS_VOWEL(c) ((c) >= VN_A && (c) <= VN_Y)
#define MAXLET 8 /* nghiêng, the longest syllable, has 7 */

/* Final consonants, as bits. */
enum {
    F_OPEN = 1 << 0, /* no final consonant */
    F_C = 1 << 1, F_CH = 1 << 2, F_M = 1 << 3, F_N = 1 << 4,
    F_NG = 1 << 5, F_NH = 1 << 6, F_P = 1 << 7, F_T = 1 << 8,
    F_STOP = F_C | F_CH | F_P | F_T, /* take only sắc or nặng */
    F_ALL = F_C | F_CH | F_M | F_N | F_NG | F_NH | F_P | F_T
};

/*
** Vowel nuclei (with medial o/u and final semivowel i y o u, which are
** vowel letters) -> the finals they take. Index: up to three vowel codes,
** four bits each, first vowel in the low bits.
*/
#define N1(a) (VN_##a)
#define N2(a, b) (VN_##a | VN_##b << 4)
#define N3(a, b, c) (VN_##a | VN_##b << 4 | VN_##c << 8)
#define F_CMNNGPT (F_C | F_M | F_N | F_NG | F_P | F_T)
static const uint16_t nucleus[4096] = {
    [N1(A)] = F_OPEN | F_ALL,                 /* a ac ach am an ang anh ap at */
    [N2(A, I)] = F_OPEN, [N2(A, O)] = F_OPEN, [N2(A, U)] = F_OPEN,
    [N2(A, Y)] = F_OPEN,
    [N1(AW)] = F_CMNNGPT,                     /* ăc ăm ăn ăng ăp ăt */
    [N1(AA)] = F_CMNNGPT,                     /* âc âm ân âng âp ât */
    [N2(AA, U)] = F_OPEN, [N2(AA, Y)] = F_OPEN,
    [N1(E)] = F_OPEN | F_CMNNGPT,             /* e ec em en eng ep et */
    [N2(E, O)] = F_OPEN,
    [N1(EE)] = F_OPEN | F_CH | F_M | F_N | F_NH | F_P | F_T,
    [N2(EE, U)] = F_OPEN,
    [N1(I)] = F_OPEN | F_CH | F_M | F_N | F_NH | F_P | F_T,
    [N2(I, A)] = F_OPEN, [N2(I, U)] = F_OPEN,
    [N2(I, EE)] = F_CMNNGPT,                  /* iêc iêm iên iêng iêp iêt */
    [N3(I, EE, U)] = F_OPEN,
    [N1(O)] = F_OPEN | F_CMNNGPT,
    [N2(O, I)] = F_OPEN,
    [N2(O, O)] = F_C | F_NG,                  /* moóc, xoong */
    [N2(O, A)] = F_OPEN | F_ALL,              /* oa oac oach oan oanh ... */
    [N3(O, A, I)] = F_OPEN, [N3(O, A, O)] = F_OPEN, [N3(O, A, Y)] = F_OPEN,
    [N2(O, AW)] = F_C | F_M | F_N | F_NG | F_T,
    [N2(O, E)] = F_OPEN | F_M | F_N | F_T,
    [N3(O, E, O)] = F_OPEN,
    [N1(OO)] = F_OPEN | F_CMNNGPT,
    [N2(OO, I)] = F_OPEN,
    [N1(OW)] = F_OPEN | F_M | F_N | F_P | F_T,
    [N2(OW, I)] = F_OPEN,
    [N1(U)] = F_OPEN | F_CMNNGPT,
    [N2(U, A)] = F_OPEN, [N2(U, I)] = F_OPEN,
    [N2(U, AA)] = F_N | F_NG | F_T,           /* tuần, bâng khuâng, thuật */
    [N3(U, AA, Y)] = F_OPEN,
    [N2(U, EE)] = F_OPEN | F_CH | F_N | F_NH | F_T,
    [N2(U, OO)] = F_C | F_M | F_N | F_NG | F_T,
    [N3(U, OO, I)] = F_OPEN,
    [N2(U, OW)] = F_OPEN,                     /* thuở */
    [N2(U, Y)] = F_OPEN | F_CH | F_N | F_NH | F_P | F_T,
    [N3(U, Y, A)] = F_OPEN, [N3(U, Y, U)] = F_OPEN,
    [N3(U, Y, EE)] = F_N | F_T,               /* uyên uyêt */
    [N1(UW)] = F_OPEN | F_C | F_M | F_N | F_NG | F_T,
    [N2(UW, A)] = F_OPEN, [N2(UW, I)] = F_OPEN, [N2(UW, U)] = F_OPEN,
    [N2(UW, OW)] = F_CMNNGPT,                 /* ươc ươm ươn ương ươp ươt */
    [N3(UW, OW, I)] = F_OPEN, [N3(UW, OW, U)] = F_OPEN,
    [N1(Y)] = F_OPEN | F_CH | F_NH | F_T,     /* quých, Quỳnh, quýt */
    [N2(Y, EE)] = F_M | F_N | F_NG | F_T,
    [N3(Y, EE, U)] = F_OPEN,
};
#undef N1
#undef N2
#undef N3

/* Onsets; the ones spelling rules care about get their own id. */
enum { ON_BAD = -1, ON_OK, ON_C, ON_K, ON_G, ON_GH, ON_NG, ON_NGH, ON_Q };
#define K2(a, b) (L(a) | L(b) << 6)
static int onset_id(const uint8_t *l, int n)
{
    if (n == 0)
        return ON_OK;
    if (n == 1) {
        switch (l[0]) {
        case VN_DD: return ON_OK;
        case L('c'): return ON_C;
        case L('k'): return ON_K;
        case L('g'): return ON_G;
        case L('q'): return ON_Q;
        case L('b'): case L('d'): case L('h'): case L('l'): case L('m'):
        case L('n'): case L('p'): case L('r'): case L('s'): case L('t'):
        case L('v'): case L('x'):
            return ON_OK;
        default:
            return ON_BAD; /* f j w z */
        }
    }
    if (n == 2) {
        switch (l[0] | l[1] << 6) {
        case K2('g', 'h'): return ON_GH;
        case K2('n', 'g'): return ON_NG;
        case K2('c', 'h'): case K2('k', 'h'): case K2('n', 'h'):
        case K2('p', 'h'): case K2('t', 'h'): case K2('t', 'r'):
            return ON_OK;
        default:
            return ON_BAD;
        }
    }
    if (n == 3 && l[0] == L('n') && l[1] == L('g') && l[2] == L('h'))
        return ON_NGH;
    return ON_BAD;
}
#undef K2

/* Whether the tone sits where Vietnamese spelling puts it in vowel cluster
** r[0..v): on the (last) vowel with a hat, breve or horn; else on the main
** vowel: the last one before a final consonant, the first of an open pair
** (hài, mía), the middle of three (ngoài). oa oe uy take it on either
** (hòa/hoà, both styles are in use), and so does uơ (thuở, thủơ). Wrong
** readings of legacy bytes put tones anywhere, so this rule weighs a lot. */
static int tone_place_ok(const uint8_t *r, int v, int tpos, int open)
{
    if (tpos < 0 || tpos >= v)
        return 0; /* on the onset or a final consonant */
    int mod = -1;
    for (int j = 0; j < v; j++)
        if (r[j] == VN_AW || r[j] == VN_AA || r[j] == VN_EE ||
            r[j] == VN_OO || r[j] == VN_OW || r[j] == VN_UW)
            mod = j;
    if (mod >= 0)
        return tpos == mod || (v == 2 && r[0] == VN_U && r[1] == VN_OW);
    if (v == 1)
        return 1;
    if (v == 3)
        return tpos == 1;
    if (!open)
        return tpos == 1;
    if ((r[0] == VN_O && (r[1] == VN_A || r[1] == VN_E)) ||
        (r[0] == VN_U && r[1] == VN_Y))
        return 1;
    return tpos == 0;
}

/* Whether r[0..n) is a rhyme (nucleus + final) that can follow onset `on`
** and carry `tone`, written on r[tpos] (tpos unused without a tone). */
static int rhyme_ok(const uint8_t *r, int n, int tone, int tpos, int on)
{
    int v = 0;
    while (v < n && IS_VOWEL(r[v]))
        v++;
    if (v == 0 || v > 3)
        return 0;
    unsigned key = r[0] | (v > 1 ? r[1] << 4 : 0) | (v > 2 ? r[2] << 8 : 0);
    unsigned fin = nucleus[key], need;
    const uint8_t *f = r + v;
    switch (n - v) {
    case 0:
        need = F_OPEN;
        break;
    case 1:
        need = f[0] == L('c') ? F_C : f[0] == L('m') ? F_M
             : f[0] == L('n') ? F_N : f[0] == L('p') ? F_P
             : f[0] == L('t') ? F_T : 0;
        break;
    case 2:
        need = f[1] != L('h') && f[1] != L('g') ? 0
             : f[0] == L('c') && f[1] == L('h') ? F_CH
             : f[0] == L('n') ? (f[1] == L('g') ? F_NG : F_NH) : 0;
        break;
    default:
        need = 0;
    }
    if (!(fin & need))
        return 0;
    if ((need & F_STOP) && tone != TONE_SAC && tone != TONE_NANG)
        return 0;
    if (tone != TONE_NONE && !tone_place_ok(r, v, tpos, need == F_OPEN))
        return 0;
    /* Spelling: k gh ngh go before i e ê y, c g ng before the others. */
    int front = r[0] == VN_I || r[0] == VN_E || r[0] == VN_EE || r[0] == VN_Y;
    if ((on == ON_K || on == ON_GH || on == ON_NGH) && !front)
        return 0;
    if ((on == ON_C || on == ON_NG) && front)
        return 0;
    if (on == ON_G && (r[0] == VN_E || r[0] == VN_EE))
        return 0;
    return 1;
}

/* 1 if l[0..n) with `ntone` tone marks, the last `tone` on l[at], is a
** Vietnamese syllable, 0 if not, -1 if it has no vowel at all
** (abbreviations such as NĐ, QĐ: no vote). */
static int syllable_ok(const uint8_t *l, int n, int ntone, int tone, int at)
{
    int i = 0;
    while (i < n && !IS_VOWEL(l[i]))
        i++;
    if (i == n)
        return -1;
    if (ntone > 1)
        return 0;
    int on = onset_id(l, i);
    const uint8_t *r = l + i;
    int rn = n - i;
    if (on == ON_Q) {
        /* qu + rhyme: the u is part of the onset's spelling. */
        if (r[0] != VN_U || rn < 2)
            return 0;
        return rhyme_ok(r + 1, rn - 1, tone, at - i - 1, ON_OK);
    }
    /* gi + rhyme (già, giữ); otherwise g + rhyme in i (gì, gìn, giếng). */
    if (on == ON_G && r[0] == VN_I && rn > 1 &&
        rhyme_ok(r + 1, rn - 1, tone, at - i - 1, ON_OK))
        return 1;
    if (on == ON_BAD)
        return 0;
    return rhyme_ok(r, rn, tone, at - i, on);
}

/*
** Score of a reading: each run of letters with anything beyond ASCII in it
** adds its length (up to 3) if it is a Vietnamese syllable and takes 2 if
** not; U+FFFD takes 2. Pure ASCII runs read the same in every candidate
** encoding and do not count.
*/
typedef struct scorer {
    long score;
    /* the current run */
    uint8_t let[MAXLET];
    int nlet, ntone, tone, tone_at, nonascii, bad;
} scorer;

static void sc_flush(scorer *s)
{
    if (s->nlet > 0 && s->nonascii) {
        int ok = s->bad ? 0
                        : syllable_ok(s->let, s->nlet, s->ntone, s->tone,
                                      s->tone_at);
        /* Short runs are weak evidence: any lone toned vowel parses. */
        if (ok > 0)
            s->score += s->nlet < 3 ? s->nlet : 3;
        else if (ok == 0)
            s->score -= 2;
    }
    s->nlet = s->ntone = s->tone = s->tone_at = s->nonascii = s->bad = 0;
}

static void sc_letter(scorer *s, unsigned code)
{
    if (s->nlet < MAXLET)
        s->let[s->nlet++] = (uint8_t)code;
    else
        s->bad = 1;
}

static void sc_tone(scorer *s, int tone)
{
    s->ntone++;
    s->tone = tone;
    s->tone_at = s->nlet - 1; /* on the letter just read, or marked */
}

/* A combining mark: a tone, or a modifier that changes the last vowel. */
static void sc_mark(scorer *s, uint32_t c)
{
    s->nonascii = 1;
    if (s->nlet == 0) {
        /* a mark on nothing: judge the run, as a wrong one */
        sc_letter(s, L('z'));
        s->bad = 1;
        return;
    }
    uint8_t *last = &s->let[s->nlet - 1];
    switch (c) {
    case 0x0300: case 0x0340: sc_tone(s, TONE_HUYEN); return;
    case 0x0301: case 0x0341: sc_tone(s, TONE_SAC); return;
    case 0x0303: sc_tone(s, TONE_NGA); return;
    case 0x0309: sc_tone(s, TONE_HOI); return;
    case 0x0323: sc_tone(s, TONE_NANG); return;
    case 0x0302:
        if (*last == VN_A || *last == VN_E || *last == VN_O) {
            *last = *last == VN_A ? VN_AA : *last == VN_E ? VN_EE : VN_OO;
            return;
        }
        break;
    case 0x0306:
        if (*last == VN_A) {
            *last = VN_AW;
            return;
        }
        break;
    case 0x031B:
        if (*last == VN_O) {
            *last = VN_OW;
            return;
        }
        if (*last == VN_U) {
            *last = VN_UW;
            return;
        }
        break;
    default:
        break;
    }
    s->bad = 1;
}

static void sc_feed(scorer *s, uint32_t c)
{
    if (c < 0x80) {
        unsigned lc = c | 0x20;
        if (lc >= 'a' && lc <= 'z') {
            sc_letter(s, lc == 'a' ? VN_A : lc == 'e' ? VN_E : lc == 'i' ? VN_I
                       : lc == 'o' ? VN_O : lc == 'u' ? VN_U : lc == 'y' ? VN_Y
                       : (unsigned)L(lc));
            return;
        }
        sc_flush(s);
        return;
    }
    unsigned info = 0;
    if (c >= 0xC0 && c <= 0x1BF)
        info = vn_info_lat[c - 0xC0];
    else if (c >= 0x1EA0 && c <= 0x1EFF)
        info = vn_info_ext[c - 0x1EA0];
    if (info) {
        s->nonascii = 1;
        sc_letter(s, info & 0x0F);
        if (info & 0x70)
            sc_tone(s, (int)(info >> 4 & 7));
        return;
    }
    if (c >= 0x300 && c <= 0x36F) {
        sc_mark(s, c);
        return;
    }
    if ((c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
        (c >= 0x1E00 && c <= 0x1EFF)) {
        /* A Latin letter Vietnamese does not use: ç ñ ü ß ø ... */
        s->nonascii = 1;
        s->bad = 1;
        sc_letter(s, L('z'));
        return;
    }
    sc_flush(s);
    if (c == REPL)
        s->score -= 2; /* bytes the encoding does not define */
}

static long score_text(const uint32_t *cp, size_t n)
{
    scorer s;
    memset(&s, 0, sizeof s);
    for (size_t i = 0; i < n; i++)
        sc_feed(&s, cp[i]);
    sc_flush(&s);
    return s.score;
}

/* ------------------------------------------------------------ detection -- */

/* UTF-16 without BOM: ASCII-range characters put a zero in every other
** byte. Returns ENC_UNKNOWN when the pattern is not there. */
static decode_enc utf16_guess(const unsigned char *s, size_t n)
{
    if (n < 4 || !memchr(s, 0, n))
        return ENC_UNKNOWN;
    size_t pairs = n / 2, le = 0, be = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        if (s[i] && !s[i + 1])
            le++;
        else if (!s[i] && s[i + 1])
            be++;
    }
    if (le * 3 >= pairs && be * 8 <= le)
        return ENC_UTF16LE;
    if (be * 3 >= pairs && le * 8 <= be)
        return ENC_UTF16BE;
    return ENC_UNKNOWN;
}

/* Score of s[0..n) read as e; tmp is scratch. Allocation failure is
** reported through *err. The sample is decoded as final: holding back a
** trailing VNI vowel would score that reading on a different text, while a
** cut UTF-8 letter costs every UTF-8 reading the same. */
static long score_as(decode_enc e, const unsigned char *s, size_t n,
                     text_buf *tmp, int *err)
{
    tmp->len = 0;
    if (decode_run(e, s, n, 0, 1, tmp, NULL) != 0) {
        *err = 1;
        return 0;
    }
    return score_text(tmp->cp, tmp->len);
}

/* Best single-byte Vietnamese reading of s[0..n), if one is plausible and
** beats reading it as Windows-1252; otherwise `none`. */
static decode_enc pick_legacy(const unsigned char *s, size_t n, text_buf *tmp,
                              int *err, decode_enc none)
{
    /* Ties go to the first: TCVN3 and VNI are far commoner in old
    ** Vietnamese documents than CP1258. */
    static const decode_enc cand[] = {ENC_TCVN3, ENC_VNI, ENC_CP1258};
    long s1252 = score_as(ENC_CP1252, s, n, tmp, err);
    long top = MIN_VIET_SCORE - 1;
    decode_enc best = none;
    for (size_t i = 0; i < sizeof cand / sizeof cand[0]; i++) {
        long sc = score_as(cand[i], s, n, tmp, err);
        if (sc > top && sc > s1252) {
            top = sc;
            best = cand[i];
        }
    }
    return best;
}

/* Valid UTF-8 made of legacy look-alikes ("tèi mËt", "TOÁI MAÄT"), read
** back through the legacy table if that reading clearly wins. */
static decode_enc pick_lookalike(const unsigned char *s, size_t n,
                                 text_buf *tmp, int *err, decode_enc utf8)
{
    long su = score_as(ENC_UTF8, s, n, tmp, err);
    long st = score_as(ENC_UTF8_TCVN3, s, n, tmp, err);
    long sv = score_as(ENC_UTF8_VNI, s, n, tmp, err);
    if (st >= MIN_VIET_SCORE && st >= su + LOOKALIKE_MARGIN && st >= sv)
        return ENC_UTF8_TCVN3;
    if (sv >= MIN_VIET_SCORE && sv >= su + LOOKALIKE_MARGIN)
        return ENC_UTF8_VNI;
    return utf8;
}

decode_enc decode_detect(const unsigned char *buf, size_t len)
{
    if (!buf || len == 0)
        return ENC_UTF8;
    if (len > DETECT_MAX)
        len = DETECT_MAX;
    if (len >= 2 && buf[0] == 0xFF && buf[1] == 0xFE)
        return ENC_UTF16LE;
    if (len >= 2 && buf[0] == 0xFE && buf[1] == 0xFF)
        return ENC_UTF16BE;
    size_t bom = decode_bom_len(ENC_UTF8, buf, len);
    if (!bom) {
        decode_enc u16 = utf16_guess(buf, len);
        if (u16 != ENC_UNKNOWN)
            return u16;
    }
    const unsigned char *s = buf + bom;
    size_t n = len - bom;
    decode_enc utf8 = bom ? ENC_UTF8_BOM : ENC_UTF8;

    size_t latin, viet;
    int u8 = utf8_scan(s, n, &latin, &viet);
    /* Real Vietnamese UTF-8 is full of letters beyond Latin-1 (ư ơ đ ạ ế
    ** ...); only text made mostly of Latin-1 look-alikes is worth reading
    ** again as a legacy font. */
    if (u8 == U8_VALID && (latin == 0 || viet * 3 >= latin))
        return utf8;
    if (u8 != U8_VALID && bom)
        return utf8; /* the BOM says UTF-8; bad bytes become U+FFFD */

    text_buf tmp;
    text_init(&tmp);
    int err = 0;
    decode_enc best;
    if (u8 == U8_VALID)
        best = pick_lookalike(s, n, &tmp, &err, utf8);
    else if (u8 == U8_ONLY_CUT)
        /* ASCII and one lead byte at the end: a cut UTF-8 letter, unless a
        ** legacy reading finds Vietnamese in it ("Quy ch\xD5" is TCVN3). */
        best = pick_legacy(s, n, &tmp, &err, utf8);
    else
        best = pick_legacy(s, n, &tmp, &err, ENC_CP1252);
    text_free(&tmp);
    if (err)
        return u8 == U8_INVALID ? ENC_CP1252 : utf8;
    return best;
}

/* Case-insensitive prefix test on an ASCII font name. */
static int font_has_prefix(const char *font, const char *prefix)
{
    for (; *prefix; font++, prefix++) {
        char f = *font;
        if (f >= 'A' && f <= 'Z')
            f = (char)(f - 'A' + 'a');
        if (f != *prefix)
            return 0;
    }
    return 1;
}

decode_enc decode_font_enc(const char *font)
{
    if (!font)
        return ENC_UNKNOWN;
    while (*font == ' ' || *font == '"' || *font == '\'')
        font++;
    /* PDF subset fonts carry a six-letter tag: "ABCDEF+.VnTime". */
    const char *plus = strchr(font, '+');
    if (plus && plus - font == 6)
        font = plus + 1;
    /* The ABC set names its fonts .VnXxx (.VnTimeH for capitals); some
    ** converters drop the dot. */
    if (font_has_prefix(font, ".vn") || font_has_prefix(font, "vntime") ||
        font_has_prefix(font, "vnarial") || font_has_prefix(font, "vnhelv") ||
        font_has_prefix(font, "vncentury") || font_has_prefix(font, "vncourier"))
        return ENC_TCVN3;
    if (font_has_prefix(font, "vni-") || font_has_prefix(font, "vni "))
        return ENC_VNI;
    return ENC_UNKNOWN;
}

char *decode_font_text(decode_enc legacy, const char *utf8, size_t len,
                       size_t *outlen)
{
    decode_enc e = legacy == ENC_VNI ? ENC_UTF8_VNI : ENC_UTF8_TCVN3;
    text_buf t;
    text_init(&t);
    if (text_reserve(&t, len + 1) ||
        decode_run(e, (const unsigned char *)utf8, len, 0, 1, &t, NULL)) {
        text_free(&t);
        return NULL;
    }
    char *out = malloc(t.len * 4 + 1);
    size_t n = 0;
    if (out) {
        for (size_t i = 0; i < t.len; i++)
            n += text_utf8_put(out + n, t.cp[i]);
        out[n] = 0;
        if (outlen)
            *outlen = n;
    }
    text_free(&t);
    return out;
}

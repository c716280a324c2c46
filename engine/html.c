/*
** 2026-11-25
**
** html.c: HTML and XHTML markup -> the text a reader sees (see html.h).
**
** Takes decoded code points, each carrying the offset and length of its
** source bytes, and hands on the visible text with those offsets unchanged,
** so that a finding in the text points at the bytes in the file. A decoded
** character reference stands for its whole source: the offset of its '&' and
** the summed length through its ';'. Block elements become '\n' (at the
** offset of the tag's '<') so that a stamp alone in a <p> or <td> stays alone
** on its line, which is what the stamp rules downstream look at.
**
** It must never lose text a reader could see: where browsers and readers
** disagree, or where markup is broken, it errs on the side of showing text.
** So <noscript> content is kept (readers with scripts off, mail clients and
** indexers show it), as are <svg>/<math> text, CDATA sections and the text of
** a self-closed <script/> or <style/> (XHTML). Only script, style, template
** and whitespace inside <head> are dropped. It must never buffer a document:
** tags, comments and script are skipped as they stream past, and the only
** things held across segments are a tag name's first 15 characters and an
** unfinished character reference of at most 32 code points. It never prints,
** never exits, and only fails when out of memory.
*/
#include "html.h"

#include <string.h>

enum {
    M_TEXT,
    M_LT,         /* after '<' */
    M_ENDOPEN,    /* after "</" */
    M_TAGNAME,
    M_ATTRS,      /* between attributes, or in a name */
    M_BEFORE_VAL, /* after '=' */
    M_UNQ_VAL,
    M_QUOTED,
    M_BANG,       /* after "<!"; sub = dashes seen */
    M_COMMENT,    /* sub: C_* */
    M_CDATA_OPEN, /* sub = chars of "[CDATA[" matched */
    M_CDATA,      /* pend holds up to two ']' that may start "]]>" */
    M_BOGUS,      /* <?...>, <!DOCTYPE ...>, </ x>: skipped to '>' */
    M_RAW,        /* script/style content; sub = chars of "</name" matched */
    M_ENT,        /* after '&' */
    M_NUM,        /* after "&#" */
    M_HEX,        /* after "&#x" */
    M_DEC_D,      /* decimal digits seen */
    M_HEX_D,      /* hex digits seen */
    M_NAMED       /* letters or digits after '&' */
};

/* Comment states, named after the HTML tokenizer's so that "<!-->",
** "<!--->" and "--!>" end a comment exactly where a browser ends it. */
enum { C_TEXT, C_DASH, C_END, C_END_BANG, C_START, C_START_DASH };

#define ENT_MAX 32   /* code points of a reference candidate, '&' included */
#define TAG_KEEP 15  /* tag name characters kept */
#define TEMPLATE_MAX 0xFFFF

/*
** Named character references, sorted by strcmp for binary search. The set
** is all of HTML 4 (Latin-1, symbols and Greek, and the special set with the
** typographic dashes, quotes and spaces), apos, the HTML5 names for the
** Vietnamese letters outside Latin-1 (Ă ă Đ đ Ĩ ĩ Ũ ũ), and the HTML5 names
** for ASCII punctuation and spaces that editors emit. `legacy` marks the 106
** names HTML lets stand without ';' ("&copy2026", "&nbsp "): a browser
** decodes them there, so a stamp written "T&Ocirc;I" must be read the same.
*/
typedef struct html_entity {
    char name[17];
    uint8_t legacy;
    uint32_t cp;
} html_entity;

static const html_entity entities[] = {
    {"AElig", 1, 0x00C6},
    {"AMP", 1, 0x0026},
    {"Aacute", 1, 0x00C1},
    {"Abreve", 0, 0x0102},
    {"Acirc", 1, 0x00C2},
    {"Agrave", 1, 0x00C0},
    {"Alpha", 0, 0x0391},
    {"Aring", 1, 0x00C5},
    {"Atilde", 1, 0x00C3},
    {"Auml", 1, 0x00C4},
    {"Beta", 0, 0x0392},
    {"COPY", 1, 0x00A9},
    {"Ccedil", 1, 0x00C7},
    {"Chi", 0, 0x03A7},
    {"Dagger", 0, 0x2021},
    {"Delta", 0, 0x0394},
    {"Dstrok", 0, 0x0110},
    {"ETH", 1, 0x00D0},
    {"Eacute", 1, 0x00C9},
    {"Ecirc", 1, 0x00CA},
    {"Egrave", 1, 0x00C8},
    {"Epsilon", 0, 0x0395},
    {"Eta", 0, 0x0397},
    {"Euml", 1, 0x00CB},
    {"GT", 1, 0x003E},
    {"Gamma", 0, 0x0393},
    {"Hat", 0, 0x005E},
    {"Iacute", 1, 0x00CD},
    {"Icirc", 1, 0x00CE},
    {"Igrave", 1, 0x00CC},
    {"Iota", 0, 0x0399},
    {"Itilde", 0, 0x0128},
    {"Iuml", 1, 0x00CF},
    {"Kappa", 0, 0x039A},
    {"LT", 1, 0x003C},
    {"Lambda", 0, 0x039B},
    {"Mu", 0, 0x039C},
    {"NewLine", 0, 0x000A},
    {"NoBreak", 0, 0x2060},
    {"NonBreakingSpace", 0, 0x00A0},
    {"Ntilde", 1, 0x00D1},
    {"Nu", 0, 0x039D},
    {"OElig", 0, 0x0152},
    {"Oacute", 1, 0x00D3},
    {"Ocirc", 1, 0x00D4},
    {"Ograve", 1, 0x00D2},
    {"Omega", 0, 0x03A9},
    {"Omicron", 0, 0x039F},
    {"Oslash", 1, 0x00D8},
    {"Otilde", 1, 0x00D5},
    {"Ouml", 1, 0x00D6},
    {"Phi", 0, 0x03A6},
    {"Pi", 0, 0x03A0},
    {"Prime", 0, 0x2033},
    {"Psi", 0, 0x03A8},
    {"QUOT", 1, 0x0022},
    {"REG", 1, 0x00AE},
    {"Rho", 0, 0x03A1},
    {"Scaron", 0, 0x0160},
    {"Sigma", 0, 0x03A3},
    {"THORN", 1, 0x00DE},
    {"Tab", 0, 0x0009},
    {"Tau", 0, 0x03A4},
    {"Theta", 0, 0x0398},
    {"ThinSpace", 0, 0x2009},
    {"Uacute", 1, 0x00DA},
    {"Ucirc", 1, 0x00DB},
    {"Ugrave", 1, 0x00D9},
    {"Upsilon", 0, 0x03A5},
    {"Utilde", 0, 0x0168},
    {"Uuml", 1, 0x00DC},
    {"Xi", 0, 0x039E},
    {"Yacute", 1, 0x00DD},
    {"Yuml", 0, 0x0178},
    {"ZeroWidthSpace", 0, 0x200B},
    {"Zeta", 0, 0x0396},
    {"aacute", 1, 0x00E1},
    {"abreve", 0, 0x0103},
    {"acirc", 1, 0x00E2},
    {"acute", 1, 0x00B4},
    {"aelig", 1, 0x00E6},
    {"agrave", 1, 0x00E0},
    {"alefsym", 0, 0x2135},
    {"alpha", 0, 0x03B1},
    {"amp", 1, 0x0026},
    {"and", 0, 0x2227},
    {"ang", 0, 0x2220},
    {"apos", 0, 0x0027},
    {"aring", 1, 0x00E5},
    {"ast", 0, 0x002A},
    {"asymp", 0, 0x2248},
    {"atilde", 1, 0x00E3},
    {"auml", 1, 0x00E4},
    {"bdquo", 0, 0x201E},
    {"beta", 0, 0x03B2},
    {"brvbar", 1, 0x00A6},
    {"bsol", 0, 0x005C},
    {"bull", 0, 0x2022},
    {"bullet", 0, 0x2022},
    {"cap", 0, 0x2229},
    {"ccedil", 1, 0x00E7},
    {"cedil", 1, 0x00B8},
    {"cent", 1, 0x00A2},
    {"chi", 0, 0x03C7},
    {"circ", 0, 0x02C6},
    {"clubs", 0, 0x2663},
    {"colon", 0, 0x003A},
    {"comma", 0, 0x002C},
    {"commat", 0, 0x0040},
    {"cong", 0, 0x2245},
    {"copy", 1, 0x00A9},
    {"crarr", 0, 0x21B5},
    {"cup", 0, 0x222A},
    {"curren", 1, 0x00A4},
    {"dArr", 0, 0x21D3},
    {"dagger", 0, 0x2020},
    {"darr", 0, 0x2193},
    {"dash", 0, 0x2010},
    {"deg", 1, 0x00B0},
    {"delta", 0, 0x03B4},
    {"diams", 0, 0x2666},
    {"divide", 1, 0x00F7},
    {"dollar", 0, 0x0024},
    {"dstrok", 0, 0x0111},
    {"eacute", 1, 0x00E9},
    {"ecirc", 1, 0x00EA},
    {"egrave", 1, 0x00E8},
    {"empty", 0, 0x2205},
    {"emsp", 0, 0x2003},
    {"emsp13", 0, 0x2004},
    {"emsp14", 0, 0x2005},
    {"ensp", 0, 0x2002},
    {"epsilon", 0, 0x03B5},
    {"equals", 0, 0x003D},
    {"equiv", 0, 0x2261},
    {"eta", 0, 0x03B7},
    {"eth", 1, 0x00F0},
    {"euml", 1, 0x00EB},
    {"euro", 0, 0x20AC},
    {"excl", 0, 0x0021},
    {"exist", 0, 0x2203},
    {"fnof", 0, 0x0192},
    {"forall", 0, 0x2200},
    {"frac12", 1, 0x00BD},
    {"frac14", 1, 0x00BC},
    {"frac34", 1, 0x00BE},
    {"frasl", 0, 0x2044},
    {"gamma", 0, 0x03B3},
    {"ge", 0, 0x2265},
    {"grave", 0, 0x0060},
    {"gt", 1, 0x003E},
    {"hArr", 0, 0x21D4},
    {"hairsp", 0, 0x200A},
    {"harr", 0, 0x2194},
    {"hearts", 0, 0x2665},
    {"hellip", 0, 0x2026},
    {"horbar", 0, 0x2015},
    {"hyphen", 0, 0x2010},
    {"iacute", 1, 0x00ED},
    {"icirc", 1, 0x00EE},
    {"iexcl", 1, 0x00A1},
    {"igrave", 1, 0x00EC},
    {"image", 0, 0x2111},
    {"infin", 0, 0x221E},
    {"int", 0, 0x222B},
    {"iota", 0, 0x03B9},
    {"iquest", 1, 0x00BF},
    {"isin", 0, 0x2208},
    {"itilde", 0, 0x0129},
    {"iuml", 1, 0x00EF},
    {"kappa", 0, 0x03BA},
    {"lArr", 0, 0x21D0},
    {"lambda", 0, 0x03BB},
    {"lang", 0, 0x27E8},
    {"laquo", 1, 0x00AB},
    {"larr", 0, 0x2190},
    {"lceil", 0, 0x2308},
    {"lcub", 0, 0x007B},
    {"ldquo", 0, 0x201C},
    {"le", 0, 0x2264},
    {"lfloor", 0, 0x230A},
    {"lowast", 0, 0x2217},
    {"lowbar", 0, 0x005F},
    {"loz", 0, 0x25CA},
    {"lpar", 0, 0x0028},
    {"lrm", 0, 0x200E},
    {"lsaquo", 0, 0x2039},
    {"lsqb", 0, 0x005B},
    {"lsquo", 0, 0x2018},
    {"lt", 1, 0x003C},
    {"macr", 1, 0x00AF},
    {"mdash", 0, 0x2014},
    {"micro", 1, 0x00B5},
    {"middot", 1, 0x00B7},
    {"minus", 0, 0x2212},
    {"mu", 0, 0x03BC},
    {"nabla", 0, 0x2207},
    {"nbsp", 1, 0x00A0},
    {"ndash", 0, 0x2013},
    {"ne", 0, 0x2260},
    {"ni", 0, 0x220B},
    {"not", 1, 0x00AC},
    {"notin", 0, 0x2209},
    {"nsub", 0, 0x2284},
    {"ntilde", 1, 0x00F1},
    {"nu", 0, 0x03BD},
    {"num", 0, 0x0023},
    {"numsp", 0, 0x2007},
    {"oacute", 1, 0x00F3},
    {"ocirc", 1, 0x00F4},
    {"oelig", 0, 0x0153},
    {"ograve", 1, 0x00F2},
    {"oline", 0, 0x203E},
    {"omega", 0, 0x03C9},
    {"omicron", 0, 0x03BF},
    {"oplus", 0, 0x2295},
    {"or", 0, 0x2228},
    {"ordf", 1, 0x00AA},
    {"ordm", 1, 0x00BA},
    {"oslash", 1, 0x00F8},
    {"otilde", 1, 0x00F5},
    {"otimes", 0, 0x2297},
    {"ouml", 1, 0x00F6},
    {"para", 1, 0x00B6},
    {"part", 0, 0x2202},
    {"percnt", 0, 0x0025},
    {"period", 0, 0x002E},
    {"permil", 0, 0x2030},
    {"perp", 0, 0x22A5},
    {"phi", 0, 0x03C6},
    {"pi", 0, 0x03C0},
    {"piv", 0, 0x03D6},
    {"plus", 0, 0x002B},
    {"plusmn", 1, 0x00B1},
    {"pound", 1, 0x00A3},
    {"prime", 0, 0x2032},
    {"prod", 0, 0x220F},
    {"prop", 0, 0x221D},
    {"psi", 0, 0x03C8},
    {"puncsp", 0, 0x2008},
    {"quest", 0, 0x003F},
    {"quot", 1, 0x0022},
    {"rArr", 0, 0x21D2},
    {"radic", 0, 0x221A},
    {"rang", 0, 0x27E9},
    {"raquo", 1, 0x00BB},
    {"rarr", 0, 0x2192},
    {"rceil", 0, 0x2309},
    {"rcub", 0, 0x007D},
    {"rdquo", 0, 0x201D},
    {"real", 0, 0x211C},
    {"reg", 1, 0x00AE},
    {"rfloor", 0, 0x230B},
    {"rho", 0, 0x03C1},
    {"rlm", 0, 0x200F},
    {"rpar", 0, 0x0029},
    {"rsaquo", 0, 0x203A},
    {"rsqb", 0, 0x005D},
    {"rsquo", 0, 0x2019},
    {"sbquo", 0, 0x201A},
    {"scaron", 0, 0x0161},
    {"sdot", 0, 0x22C5},
    {"sect", 1, 0x00A7},
    {"semi", 0, 0x003B},
    {"shy", 1, 0x00AD},
    {"sigma", 0, 0x03C3},
    {"sigmaf", 0, 0x03C2},
    {"sim", 0, 0x223C},
    {"sol", 0, 0x002F},
    {"spades", 0, 0x2660},
    {"sub", 0, 0x2282},
    {"sube", 0, 0x2286},
    {"sum", 0, 0x2211},
    {"sup", 0, 0x2283},
    {"sup1", 1, 0x00B9},
    {"sup2", 1, 0x00B2},
    {"sup3", 1, 0x00B3},
    {"supe", 0, 0x2287},
    {"szlig", 1, 0x00DF},
    {"tau", 0, 0x03C4},
    {"there4", 0, 0x2234},
    {"theta", 0, 0x03B8},
    {"thetasym", 0, 0x03D1},
    {"thinsp", 0, 0x2009},
    {"thorn", 1, 0x00FE},
    {"tilde", 0, 0x02DC},
    {"times", 1, 0x00D7},
    {"trade", 0, 0x2122},
    {"uArr", 0, 0x21D1},
    {"uacute", 1, 0x00FA},
    {"uarr", 0, 0x2191},
    {"ucirc", 1, 0x00FB},
    {"ugrave", 1, 0x00F9},
    {"uml", 1, 0x00A8},
    {"upsih", 0, 0x03D2},
    {"upsilon", 0, 0x03C5},
    {"utilde", 0, 0x0169},
    {"uuml", 1, 0x00FC},
    {"verbar", 0, 0x007C},
    {"vert", 0, 0x007C},
    {"weierp", 0, 0x2118},
    {"xi", 0, 0x03BE},
    {"yacute", 1, 0x00FD},
    {"yen", 1, 0x00A5},
    {"yuml", 1, 0x00FF},
    {"zeta", 0, 0x03B6},
    {"zwj", 0, 0x200D},
    {"zwnj", 0, 0x200C},
};

#define N_ENTITIES (sizeof entities / sizeof entities[0])

/* Index of name[0..len) in entities, or -1. */
static int entity_find(const char *name, size_t len)
{
    size_t lo = 0, hi = N_ENTITIES;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *e = entities[mid].name;
        size_t k = 0;
        while (k < len && name[k] == e[k])
            k++;
        /* A name that runs out first sorts before a longer one. */
        int r = k < len ? (unsigned char)name[k] - (unsigned char)e[k]
                        : -(e[k] != '\0');
        if (r == 0)
            return (int)mid;
        if (r < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

/* Numeric references to 0x80-0x9F mean Windows-1252 to every browser (old
** editors wrote &#150; for an en dash); 0 keeps the C1 control. */
static const uint16_t c1_remap[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
};

static uint32_t numeric_value(uint32_t v)
{
    if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0xFFFD;
    if (v >= 0x80 && v <= 0x9F && c1_remap[v - 0x80])
        return c1_remap[v - 0x80];
    return v;
}

/* What an element does to the text stream. */
enum {
    F_BLOCK = 1,     /* a line break on open and close */
    F_RAW = 2,       /* content is script or style: dropped, not parsed */
    F_TEMPLATE = 4,  /* content parsed but dropped */
    F_HEAD = 8,
    F_BODY = 16,
    F_TITLE = 32,
    F_HEADOK = 64,   /* may appear in <head> without ending it */
    F_PRE = 128      /* line breaks in the source are line breaks */
};

typedef struct html_element {
    char name[16];  /* zero-padded like html_state.tag */
    uint8_t flags;
} html_element;

/*
** Looking a tag up is most of the cost of a tag, and a page has one every
** few dozen characters, so this is a perfect hash rather than a search: each
** element sits in the slot element_hash() gives its name, and a lookup is
** one multiply and one compare. To add an element, put it at its slot; if
** the slot is taken (the compiler rejects the overriding initializer), find
** another ELEMENT_MUL under which all names get distinct slots. Elements not
** listed (span, a, b, font, ...) are inline: their tags vanish without a
** break, so "T<b>ỐI</b> MẬT" stays one word.
*/
#define ELEMENT_MUL 0x2f4b342742a8063u
#define ELEMENT_SLOTS 256

static const html_element elements[ELEMENT_SLOTS] = {
    [0xeb] = {"address", F_BLOCK},
    [0x13] = {"article", F_BLOCK},
    [0x5b] = {"aside", F_BLOCK},
    [0x98] = {"base", F_HEADOK},
    [0x55] = {"basefont", F_HEADOK},
    [0x6e] = {"bgsound", F_HEADOK},
    [0x49] = {"blockquote", F_BLOCK},
    [0xaa] = {"body", F_BLOCK | F_BODY},
    [0x19] = {"br", F_BLOCK},
    [0xa3] = {"caption", F_BLOCK},
    [0x94] = {"center", F_BLOCK},
    [0xbd] = {"dd", F_BLOCK},
    [0x5a] = {"details", F_BLOCK},
    [0xf2] = {"dialog", F_BLOCK},
    [0x58] = {"dir", F_BLOCK},
    [0x25] = {"div", F_BLOCK},
    [0x63] = {"dl", F_BLOCK},
    [0x08] = {"dt", F_BLOCK},
    [0x48] = {"fieldset", F_BLOCK},
    [0xbe] = {"figcaption", F_BLOCK},
    [0x89] = {"figure", F_BLOCK},
    [0xdf] = {"footer", F_BLOCK},
    [0x66] = {"form", F_BLOCK},
    [0x09] = {"h1", F_BLOCK},
    [0xfe] = {"h2", F_BLOCK},
    [0xf3] = {"h3", F_BLOCK},
    [0xe7] = {"h4", F_BLOCK},
    [0xdc] = {"h5", F_BLOCK},
    [0xd1] = {"h6", F_BLOCK},
    [0x9f] = {"head", F_HEAD | F_HEADOK},
    [0x61] = {"header", F_BLOCK},
    [0xfb] = {"hgroup", F_BLOCK},
    [0x2b] = {"hr", F_BLOCK},
    [0x70] = {"html", F_HEADOK},
    [0xa5] = {"legend", F_BLOCK},
    [0x9c] = {"li", F_BLOCK},
    [0x69] = {"link", F_HEADOK},
    [0xd0] = {"listing", F_BLOCK | F_PRE},
    [0x0e] = {"main", F_BLOCK},
    [0x32] = {"menu", F_BLOCK},
    [0x35] = {"meta", F_HEADOK},
    [0x9d] = {"nav", F_BLOCK},
    [0xc9] = {"noscript", F_HEADOK},
    [0x83] = {"ol", F_BLOCK},
    [0x73] = {"option", F_BLOCK},
    [0x4b] = {"p", F_BLOCK},
    [0xfc] = {"pre", F_BLOCK | F_PRE},
    [0x1f] = {"script", F_RAW | F_HEADOK},
    [0x93] = {"search", F_BLOCK},
    [0x8b] = {"section", F_BLOCK},
    [0xcd] = {"style", F_RAW | F_HEADOK},
    [0x68] = {"summary", F_BLOCK},
    [0x8c] = {"table", F_BLOCK},
    [0x9a] = {"tbody", F_BLOCK},
    [0xec] = {"td", F_BLOCK},
    [0xa0] = {"template", F_TEMPLATE | F_HEADOK},
    [0x20] = {"textarea", F_BLOCK | F_PRE},
    [0x03] = {"tfoot", F_BLOCK},
    [0xbf] = {"th", F_BLOCK},
    [0x07] = {"thead", F_BLOCK},
    [0xcc] = {"title", F_BLOCK | F_TITLE | F_HEADOK},
    [0x4e] = {"tr", F_BLOCK},
    [0x95] = {"ul", F_BLOCK},
    [0x00] = {"xmp", F_BLOCK},
};

/* The 16 name bytes as two little-endian words, whatever the host's order. */
static inline uint64_t load64le(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    /* Spelled out so that compilers see one load. */
    return (uint64_t)u[0] | (uint64_t)u[1] << 8 | (uint64_t)u[2] << 16
           | (uint64_t)u[3] << 24 | (uint64_t)u[4] << 32
           | (uint64_t)u[5] << 40 | (uint64_t)u[6] << 48
           | (uint64_t)u[7] << 56;
}

static inline unsigned element_hash(uint64_t a0, uint64_t a1)
{
    return (unsigned)(((a0 ^ a1 * 0x9E3779B97F4A7C15u) * ELEMENT_MUL) >> 56);
}

/* name is html_state.tag: 16 bytes, zero-padded. */
static unsigned element_flags(const char *name, size_t len)
{
    if (len == 0 || len > TAG_KEEP)
        return 0;
    uint64_t a0 = load64le(name), a1 = load64le(name + 8);
    const html_element *e = &elements[element_hash(a0, a1)];
    if (load64le(e->name) != a0 || load64le(e->name + 8) != a1)
        return 0;
    return e->flags;
}

static inline int is_space(uint32_t c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}

static inline int is_alpha(uint32_t c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static inline int is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

static inline int hex_digit(uint32_t c)
{
    if (is_digit(c))
        return (int)(c - '0');
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        return (int)((c | 0x20) - 'a' + 10);
    return -1;
}

/* Tag names compare case-insensitively; anything outside ASCII gets a byte
** no known name contains, so "<dív>" is not a <div>. */
static inline char tag_char(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return (char)(c | 0x20);
    return c < 0x80 && c != 0 ? (char)c : '\x7f';
}

static inline int text_hidden(const html_state *st)
{
    return st->template_depth || (st->in_head && !st->in_title);
}

/*
** One character of content. Whitespace before the first visible character
** and inside <head> is dropped: no reader shows it, and as blank lines it
** would push the first real line out of the header area that counts lines.
** But the first visible character ends the head: a browser moves such text
** into the body and shows it, so we must too.
*/
static void put_text(html_state *st, text_buf *out, uint32_t c, uint32_t off,
                     uint32_t olen)
{
    if (st->template_depth)
        return;
    if ((c == '\n' || c == '\r') && !st->pre_depth)
        c = ' '; /* a browser wraps source lines: only markup breaks them */
    if (is_space(c)) {
        if (!st->started || (st->in_head && !st->in_title))
            return;
    } else {
        if (st->in_head && !st->in_title) {
            st->in_head = 0;
            st->head_done = 1;
        }
        st->started = 1;
    }
    text_put(out, c, off, olen);
    if (c == '\n') {
        if (st->tail_nl < 2)
            st->tail_nl++;
    } else if (!is_space(c)) {
        st->tail_nl = 0;
    }
}

/*
** A line break for a block tag, unless two are already there: nested blocks
** (</p></td></tr><tr><td><p>) would otherwise stack up empty lines and push a
** stamp out of the header area that counts lines.
*/
static void put_break(html_state *st, text_buf *out)
{
    if (text_hidden(st) || st->tail_nl >= 2)
        return;
    text_put(out, '\n', st->tag_off, st->tag_olen);
    st->tail_nl++;
}

/* A run of plain text in[i..j), none of it '<' or '&'. */
static void put_run(html_state *st, text_buf *out, const text_buf *in,
                    size_t i, size_t j)
{
    if (st->template_depth)
        return;
    while (i < j && (!st->started || (st->in_head && !st->in_title))) {
        put_text(st, out, in->cp[i], in->off[i], in->olen[i]);
        i++;
    }
    if (i == j)
        return;
    size_t k = j - i;
    if (k <= 16) {
        /* Words between inline tags are short; three libc calls per word
        ** cost more than the copy. */
        uint32_t *ocp = out->cp + out->len, *ooff = out->off + out->len;
        uint8_t *ool = out->olen + out->len;
        for (size_t q = 0; q < k; q++) {
            ocp[q] = in->cp[i + q];
            ooff[q] = in->off[i + q];
            ool[q] = in->olen[i + q];
        }
    } else {
        memcpy(out->cp + out->len, in->cp + i, k * sizeof *out->cp);
        memcpy(out->off + out->len, in->off + i, k * sizeof *out->off);
        memcpy(out->olen + out->len, in->olen + i, k);
    }
    /* Outside <pre>, a source line break is white space, as a browser shows
    ** it: "Số: 12\nTỐI MẬT" in a paragraph is one line on the page. */
    uint32_t *oc = out->cp + out->len;
    if (!st->pre_depth)
        for (size_t q = 0; q < k; q++)
            if (oc[q] == '\n' || oc[q] == '\r')
                oc[q] = ' ';
    out->len += k;
    /* Only the tail decides how many breaks may follow. */
    size_t m = k;
    unsigned nl = 0;
    while (m > 0 && is_space(oc[m - 1]) && nl < 2) {
        if (oc[m - 1] == '\n')
            nl++;
        m--;
    }
    if (nl >= 2)
        st->tail_nl = 2;
    else if (m > 0 && !is_space(oc[m - 1]))
        st->tail_nl = (uint8_t)nl;
    else
        st->tail_nl = (uint8_t)(st->tail_nl + nl > 2 ? 2 : st->tail_nl + nl);
}

/* The held code points, as the literal text they were. */
static void flush_pend(html_state *st, text_buf *out, size_t from)
{
    for (size_t k = from; k < st->npend; k++)
        put_text(st, out, st->pend[k], st->pend_off[k], st->pend_olen[k]);
    st->npend = 0;
}

static void pend_push(html_state *st, uint32_t c, uint32_t off, uint8_t olen)
{
    st->pend[st->npend] = c;
    st->pend_off[st->npend] = off;
    st->pend_olen[st->npend] = olen;
    st->npend++;
    st->ent_olen += olen;
}

static void put_numeric(html_state *st, text_buf *out, uint32_t extra_olen)
{
    put_text(st, out, numeric_value(st->ent_val), st->pend_off[0],
             st->ent_olen + extra_olen);
    st->npend = 0;
}

/* c, not a digit, ends a numeric reference; a ';' belongs to it. */
static void end_numeric(html_state *st, text_buf *out, uint32_t c,
                        uint32_t c_olen, size_t *i)
{
    if (c == ';') {
        put_numeric(st, out, c_olen);
        ++*i;
    } else {
        put_numeric(st, out, 0);
    }
    st->mode = M_TEXT;
}

/*
** Resolve the name held in pend[1..] after "&", ended by c (have_c) or by the
** end of input or of the buffer. With ';' the whole name must be known;
** otherwise, as in browsers, the longest legacy name that prefixes it is
** decoded and the rest stays text ("&copy2026" is "©2026"). Returns 1 when
** c (the ';') was consumed.
*/
static int resolve_named(html_state *st, text_buf *out, int have_c, uint32_t c,
                         uint32_t c_olen)
{
    char name[ENT_MAX] = {0};
    size_t len = st->npend - 1;
    for (size_t k = 0; k < len; k++)
        name[k] = (char)st->pend[k + 1];
    if (have_c && c == ';') {
        int e = entity_find(name, len);
        if (e >= 0) {
            put_text(st, out, entities[e].cp, st->pend_off[0],
                     st->ent_olen + c_olen);
            st->npend = 0;
            return 1;
        }
    }
    for (size_t k = len; k >= 2; k--) {
        int e = entity_find(name, k);
        if (e >= 0 && entities[e].legacy) {
            uint32_t olen = 0;
            for (size_t q = 0; q <= k; q++)
                olen += st->pend_olen[q];
            put_text(st, out, entities[e].cp, st->pend_off[0], olen);
            flush_pend(st, out, k + 1);
            return 0;
        }
    }
    flush_pend(st, out, 0);
    return 0;
}

/* A tag's '>' was read: apply what the element does. */
static void tag_done(html_state *st, text_buf *out)
{
    unsigned f = element_flags(st->tag, st->ntag);
    st->mode = M_TEXT;
    if (st->end_tag) {
        /* Break while still inside: leaving a <title> puts us back in
        ** <head>, where breaks are hidden, and the title's line must end. */
        if (f & F_BLOCK)
            put_break(st, out);
        if ((f & F_TEMPLATE) && st->template_depth)
            st->template_depth--;
        if (f & F_HEAD) {
            st->in_head = 0;
            st->head_done = 1;
        }
        if (f & F_TITLE)
            st->in_title = 0;
        if ((f & F_PRE) && st->pre_depth)
            st->pre_depth--;
        return;
    }
    if (!(f & F_HEADOK) || (f & F_BODY)) {
        st->in_head = 0;
        st->head_done = 1;
    }
    if ((f & F_HEAD) && !st->head_done && !st->started)
        st->in_head = 1;
    if (f & F_TITLE)
        st->in_title = 1;
    if ((f & F_PRE) && !st->slash && st->pre_depth < 255)
        st->pre_depth++;
    /* <x/> is only an empty element in XHTML, but a browser that ignored the
    ** slash would hide the rest of the document behind it; showing text is
    ** the safer way to be wrong. */
    if ((f & F_TEMPLATE) && !st->slash && st->template_depth < TEMPLATE_MAX)
        st->template_depth++;
    if ((f & F_RAW) && !st->slash) {
        st->mode = M_RAW;
        st->sub = 0;
    }
    if (f & F_BLOCK)
        put_break(st, out);
}

static void tag_begin(html_state *st, int end_tag)
{
    st->mode = M_TAGNAME;
    st->end_tag = (uint8_t)end_tag;
    st->slash = 0;
    st->ntag = 0;
    memset(st->tag, 0, sizeof st->tag);
}

/*
** Skip the inside of a tag from cp[i], in whichever of the tag states st is,
** up to its '>' or the end of the segment; returns where it stopped. One
** function with direct jumps between the states, because going round the
** main switch for each attribute was most of what a tag cost.
*/
static size_t scan_tag(html_state *st, text_buf *out, const uint32_t *cp,
                       size_t i, size_t n)
{
    uint32_t c;
    switch (st->mode) {
    case M_TAGNAME: goto name;
    case M_ATTRS: goto attrs;
    case M_BEFORE_VAL: goto before_val;
    case M_UNQ_VAL: goto unq_val;
    default: goto quoted;
    }
name:
    st->mode = M_TAGNAME;
    while (i < n && !is_space(cp[i]) && cp[i] != '/' && cp[i] != '>') {
        if (st->ntag < TAG_KEEP)
            st->tag[st->ntag++] = tag_char(cp[i]);
        else
            st->ntag = TAG_KEEP + 1;
        i++;
    }
    if (i == n)
        return i;
    c = cp[i++];
    if (c == '>')
        goto done;
    st->slash = c == '/';
attrs:
    /* Names, and values' ends; only '=' starts something that can hold a
    ** '>' without ending the tag. */
    st->mode = M_ATTRS;
    while (i < n && cp[i] != '>' && cp[i] != '=') {
        st->slash = cp[i] == '/';
        i++;
    }
    if (i == n)
        return i;
    if (cp[i++] == '>')
        goto done;
    st->slash = 0;
before_val:
    st->mode = M_BEFORE_VAL;
    while (i < n && is_space(cp[i]))
        i++;
    if (i == n)
        return i;
    c = cp[i++];
    if (c == '>')
        goto done;
    if (c == '"' || c == '\'') {
        st->quote = c;
        goto quoted;
    }
unq_val:
    /* A quote inside an unquoted value is just a character, as in
    ** browsers: taking it as an opening quote could swallow a page. */
    st->mode = M_UNQ_VAL;
    while (i < n && cp[i] != '>' && !is_space(cp[i]))
        i++;
    if (i == n)
        return i;
    if (cp[i++] == '>')
        goto done;
    goto attrs;
quoted:
    /* A '>' in a quoted value does not end the tag. */
    st->mode = M_QUOTED;
    while (i < n && cp[i] != st->quote)
        i++;
    if (i == n)
        return i;
    i++;
    st->slash = 0;
    goto attrs;
done:
    tag_done(st, out);
    return i;
}

void html_init(html_state *st)
{
    memset(st, 0, sizeof *st);
    st->mode = M_TEXT;
    /* As if after a blank line: no breaks before the first text. */
    st->tail_nl = 2;
}

int html_run(html_state *st, const text_buf *in, int final, text_buf *out)
{
    /* Each input code point writes at most one, and a held one (reference,
    ** "]]", '<') is written at most once: a break replaces a tag's '>'. */
    if (text_reserve(out, in->len + st->npend + 2) != 0)
        return -1;
    const uint32_t *cp = in->cp;
    const uint32_t *off = in->off;
    const uint8_t *ol = in->olen;
    size_t n = in->len;
    size_t i = 0;

    while (i < n) {
        uint32_t c = cp[i];
        switch (st->mode) {
        case M_TEXT:
            if (c == '<') {
                st->mode = M_LT;
                st->tag_off = off[i];
                st->tag_olen = ol[i];
                i++;
            } else if (c == '&') {
                st->mode = M_ENT;
                st->npend = 0;
                st->ent_olen = 0;
                pend_push(st, c, off[i], ol[i]);
                i++;
            } else {
                /* The hot loop: most of a page is text between tags. */
                size_t j = i + 1;
                while (j < n && cp[j] != '<' && cp[j] != '&')
                    j++;
                put_run(st, out, in, i, j);
                i = j;
            }
            break;

        case M_LT:
            if (is_alpha(c)) {
                tag_begin(st, 0);
                st->tag[st->ntag++] = tag_char(c);
                i = scan_tag(st, out, cp, i + 1, n);
            } else if (c == '/') {
                st->mode = M_ENDOPEN;
                i++;
            } else if (c == '!') {
                st->mode = M_BANG;
                st->sub = 0;
                i++;
            } else if (c == '?') {
                st->mode = M_BOGUS;
                i++;
            } else {
                /* "a < b", "<3": the '<' is text; c is read again. */
                put_text(st, out, '<', st->tag_off, st->tag_olen);
                st->mode = M_TEXT;
            }
            break;

        case M_ENDOPEN:
            if (is_alpha(c)) {
                tag_begin(st, 1);
                st->tag[st->ntag++] = tag_char(c);
                i = scan_tag(st, out, cp, i + 1, n);
            } else {
                /* "</>" vanishes; "</ x>" is a bogus comment. */
                st->mode = c == '>' ? M_TEXT : M_BOGUS;
                i++;
            }
            break;

        case M_TAGNAME:
        case M_ATTRS:
        case M_BEFORE_VAL:
        case M_UNQ_VAL:
        case M_QUOTED:
            i = scan_tag(st, out, cp, i, n);
            break;

        case M_BANG:
            if (st->sub == 0 && c == '-') {
                st->sub = 1;
                i++;
            } else if (st->sub == 1 && c == '-') {
                st->mode = M_COMMENT;
                st->sub = C_START;
                i++;
            } else if (st->sub == 0 && c == '[') {
                st->mode = M_CDATA_OPEN;
                st->sub = 1;
                i++;
            } else {
                /* <!DOCTYPE ...>, <![if ...]>, "<!-x": skipped to '>'. */
                st->mode = M_BOGUS;
            }
            break;

        case M_COMMENT:
            if (st->sub == C_TEXT) {
                while (i < n && cp[i] != '-')
                    i++;
                if (i == n)
                    break;
                c = cp[i];
            }
            if (c == '-') {
                switch (st->sub) {
                case C_START: st->sub = C_START_DASH; break;
                case C_END_BANG: st->sub = C_DASH; break;
                case C_TEXT: st->sub = C_DASH; break;
                default: st->sub = C_END; break;
                }
            } else if (c == '>' && st->sub != C_TEXT && st->sub != C_DASH) {
                st->mode = M_TEXT;
            } else if (c == '!' && st->sub == C_END) {
                st->sub = C_END_BANG;
            } else {
                st->sub = C_TEXT;
            }
            i++;
            break;

        case M_CDATA_OPEN:
            if (st->sub < 7 && c == (uint32_t)"[CDATA["[st->sub]) {
                if (++st->sub == 7) {
                    st->mode = M_CDATA;
                    st->npend = 0;
                }
                i++;
            } else {
                st->mode = M_BOGUS;
            }
            break;

        case M_CDATA:
            /* Shown as text: XHTML and SVG put real text in CDATA. */
            if (c == ']') {
                if (st->npend == 2) {
                    put_text(st, out, st->pend[0], st->pend_off[0],
                             st->pend_olen[0]);
                    st->pend[0] = st->pend[1];
                    st->pend_off[0] = st->pend_off[1];
                    st->pend_olen[0] = st->pend_olen[1];
                    st->npend = 1;
                }
                pend_push(st, c, off[i], ol[i]);
            } else if (c == '>' && st->npend == 2) {
                st->npend = 0;
                st->mode = M_TEXT;
            } else {
                flush_pend(st, out, 0);
                put_text(st, out, c, off[i], ol[i]);
            }
            i++;
            break;

        case M_BOGUS:
            while (i < n && cp[i] != '>')
                i++;
            if (i < n) {
                st->mode = M_TEXT;
                i++;
            }
            break;

        case M_RAW:
            /* Only "</" + the element's own name ends it, so "</p>" or
            ** "a<b" inside a script is skipped with the rest. */
            if (st->sub == 0) {
                while (i < n && cp[i] != '<')
                    i++;
                if (i == n)
                    break;
                st->sub = 1;
                st->tag_off = off[i];
                st->tag_olen = ol[i];
                i++;
            } else if (st->sub == 1) {
                if (c == '/') {
                    st->sub = 2;
                    i++;
                } else {
                    st->sub = 0;
                }
            } else if (st->sub - 2 < st->ntag) {
                if (tag_char(c) == st->tag[st->sub - 2]) {
                    st->sub++;
                    i++;
                } else {
                    st->sub = 0;
                }
            } else if (is_space(c) || c == '/' || c == '>') {
                st->mode = M_ATTRS;
                st->end_tag = 1;
                st->slash = 0;
            } else {
                st->sub = 0;
            }
            break;

        case M_ENT:
            if (c == '#') {
                pend_push(st, c, off[i], ol[i]);
                st->mode = M_NUM;
                i++;
            } else if (is_alpha(c) || is_digit(c)) {
                pend_push(st, c, off[i], ol[i]);
                st->mode = M_NAMED;
                i++;
            } else {
                flush_pend(st, out, 0);
                st->mode = M_TEXT;
            }
            break;

        case M_NUM:
            if (c == 'x' || c == 'X') {
                pend_push(st, c, off[i], ol[i]);
                st->mode = M_HEX;
                i++;
            } else if (is_digit(c)) {
                st->ent_val = c - '0';
                st->ent_olen += ol[i];
                st->mode = M_DEC_D;
                i++;
            } else {
                flush_pend(st, out, 0);
                st->mode = M_TEXT;
            }
            break;

        case M_HEX:
            if (hex_digit(c) >= 0) {
                st->ent_val = (uint32_t)hex_digit(c);
                st->ent_olen += ol[i];
                st->mode = M_HEX_D;
                i++;
            } else {
                flush_pend(st, out, 0);
                st->mode = M_TEXT;
            }
            break;

        case M_DEC_D:
            /* Saturate past U+10FFFF: any longer number is invalid anyway,
            ** and the digits may go on without limit. */
            while (i < n && is_digit(cp[i])) {
                uint32_t v = st->ent_val * 10u + (cp[i] - '0');
                st->ent_val = v > 0x10FFFF ? 0x110000 : v;
                st->ent_olen += ol[i];
                i++;
            }
            if (i < n)
                end_numeric(st, out, cp[i], ol[i], &i);
            break;

        case M_HEX_D:
            while (i < n && hex_digit(cp[i]) >= 0) {
                uint32_t v = st->ent_val * 16u + (uint32_t)hex_digit(cp[i]);
                st->ent_val = v > 0x10FFFF ? 0x110000 : v;
                st->ent_olen += ol[i];
                i++;
            }
            if (i < n)
                end_numeric(st, out, cp[i], ol[i], &i);
            break;

        case M_NAMED:
            while (i < n && (is_alpha(cp[i]) || is_digit(cp[i]))
                   && st->npend < ENT_MAX) {
                pend_push(st, cp[i], off[i], ol[i]);
                i++;
            }
            if (i < n) {
                c = cp[i];
                /* No name is near ENT_MAX long, so resolving a full buffer
                ** gives what an unbounded one would. */
                int full = st->npend >= ENT_MAX && (is_alpha(c) || is_digit(c));
                if (resolve_named(st, out, !full, c, ol[i]))
                    i++;
                st->mode = M_TEXT;
            }
            break;
        }
    }

    if (final) {
        switch (st->mode) {
        case M_LT:
            put_text(st, out, '<', st->tag_off, st->tag_olen);
            break;
        case M_ENT:
        case M_NUM:
        case M_HEX:
        case M_CDATA:
            flush_pend(st, out, 0);
            break;
        case M_DEC_D:
        case M_HEX_D:
            put_numeric(st, out, 0);
            break;
        case M_NAMED:
            resolve_named(st, out, 0, 0, 0);
            break;
        default:
            /* An unfinished tag, comment or script shows nothing. */
            break;
        }
        html_init(st);
    }
    return 0;
}

/*
** Is "<name" at cp[i] (i at the '<') followed by a tag delimiter? Copies the
** lowercased name (up to 8 chars) into name; returns its length or 0.
*/
static size_t sniff_name(const uint32_t *cp, size_t i, size_t n, char *name)
{
    size_t j = i + 1, len = 0;
    if (j < n && cp[j] == '/')
        j++;
    while (j < n && len < 8 && (is_alpha(cp[j]) || is_digit(cp[j])))
        name[len++] = tag_char(cp[j++]);
    if (len == 0 || j >= n)
        return 0;
    if (!is_space(cp[j]) && cp[j] != '>' && cp[j] != '/')
        return 0;
    name[len] = '\0';
    return len;
}

int html_sniff(const text_buf *in)
{
    static const char *const common[] = {
        "p", "div", "br", "td", "tr", "th", "table", "span", "a", "li",
        "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "font", "img"
    };
    size_t n = in->len < 4096 ? in->len : 4096;
    const uint32_t *cp = in->cp;
    unsigned seen = 0;
    for (size_t i = 0; i < n; i++) {
        if (cp[i] != '<')
            continue;
        if (i + 9 <= n && cp[i + 1] == '!') {
            static const char doctype[] = "doctype";
            size_t k = 0;
            while (k < 7 && tag_char(cp[i + 2 + k]) == doctype[k])
                k++;
            if (k == 7)
                return 1;
            continue;
        }
        char name[9];
        size_t len = sniff_name(cp, i, n, name);
        if (len == 0)
            continue;
        if (!strcmp(name, "html") || !strcmp(name, "head")
            || !strcmp(name, "body"))
            return 1;
        /* One tag-like word is no proof ("a <b> c" in a math note); three
        ** common tags are. */
        for (size_t k = 0; k < sizeof common / sizeof common[0]; k++) {
            if (!strcmp(name, common[k])) {
                if (++seen >= 3)
                    return 1;
                break;
            }
        }
    }
    return 0;
}

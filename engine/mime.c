/*
** 2026-11-25
**
** mime.c: an e-mail message (RFC 5322 + MIME) -> its subject and bodies as
** text pieces, its attachments and forwarded messages as embedded files.
**
** Takes the bytes of one message, which GMime parses where they lie: the
** parser's content streams are windows on the caller's buffer, so a part that
** is not transfer-encoded is handed on without a copy, and only base64,
** quoted-printable and uuencoded parts are decoded into memory of their own.
** Hands on the Subject (RFC 2047 decoded) as piece "Subject"; each text/plain
** and text/html body as a piece named after its MIME path ("body", "body 1.1",
** "body 1.2 (text/html)"), HTML already reduced to the text a reader sees;
** each attachment, inline non-text part and message/rfc822 part through
** doc_file under its RFC 2231 / RFC 2047 decoded filename, or "part 1.2".
**
** Declared charsets are hints: Vietnamese mail labelled iso-8859-1 is often
** Windows-1258 or TCVN3 underneath, so the raw decoded bytes of a body go to
** the scanner's decoder, which detects; only charsets it does not know (and
** UTF-16 without a BOM) are converted here, through iconv.
**
** It must never print (GMime's GLib log domain is silenced), never copy the
** message, never walk more than limits.max_members parts or nest deeper than
** MIME_MAX_NEST multiparts, and never pass over a part it cannot read without
** a doc_unscanned reason (encrypted parts, truncated base64, a lost boundary).
*/
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>

#include "decode.h"
#include "doc.h"
#include "html.h"
#include "text.h"

/*
** Multipart nesting followed. Real mail nests three or four deep (mixed >
** related > alternative, plus signed or a forward); GMime itself stops at
** 1024. Deeper than this is an attack on the walker, reported and skipped.
*/
#define MIME_MAX_NEST 64
/* A MIME path of MIME_MAX_NEST numbers of up to 7 digits, with room over. */
#define MIME_PATH_MAX 1024
/* Bytes of a name shown in locations; longer names are cut (UTF-8 safe). */
#define MIME_NAME_MAX 255
/* HTML is decoded and reduced this much at a time, so the code point
** buffers (9 bytes per character) stay small whatever the body's size. */
#define MIME_HTML_CHUNK (256U << 10)

typedef struct mime_walk {
    doc_ctx *c;
    const unsigned char *data;
    size_t len;
    GByteArray *arr;     /* the buffer GMime's content streams point into */
    uint32_t nparts;     /* leaf parts taken */
    uint32_t max_parts;
    int over;            /* the part limit was reached and reported */
    int deep;            /* the nesting limit was reported */
    int rc;              /* DOC_NOMEM once anything failed for memory */
} mime_walk;

/* ------------------------------------------------------------ set-up -- */

static pthread_once_t mime_once = PTHREAD_ONCE_INIT;
/* Shared read-only by every thread once built: GMime objects are not
** thread-safe, but a parser only reads its options. */
static GMimeParserOptions *mime_opts;

static void mime_quiet(const gchar *domain, GLogLevelFlags level,
                       const gchar *msg, gpointer data)
{
    (void)domain;
    (void)level;
    (void)msg;
    (void)data;
}

/*
** g_mime_init is not thread-safe (it registers GObject types and fills the
** charset map), hence pthread_once. The handler is per domain rather than
** g_log_set_writer_func, which may be set only once per process and would
** fight with any other GLib user (Poppler) in the same program.
*/
static void mime_setup(void)
{
    g_log_set_handler("gmime", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL |
                      G_LOG_FLAG_RECURSION, mime_quiet, NULL);
    g_mime_init();
    mime_opts = g_mime_parser_options_new();
    g_mime_parser_options_set_rfc2047_compliance_mode(mime_opts,
                                                      GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_parameter_compliance_mode(mime_opts,
                                                        GMIME_RFC_COMPLIANCE_LOOSE);
    /* Unlabelled 8-bit filenames: Vietnamese Windows clients write them in
    ** their ANSI code page. */
    const char *fallback[] = {"utf-8", "windows-1258", NULL};
    g_mime_parser_options_set_fallback_charsets(mime_opts, fallback);
}

/* ----------------------------------------------------------- helpers -- */

/* A name fit for a location: valid UTF-8, no control characters, bounded. */
static void mime_clean_name(const char *in, char *out, size_t cap)
{
    size_t o = 0;
    const unsigned char *s = (const unsigned char *)in;
    size_t n = strlen(in);
    for (size_t i = 0; i < n && o + 4 < cap && o < MIME_NAME_MAX;) {
        uint32_t cp;
        size_t k = text_utf8_get(s + i, n - i, &cp);
        if (k == 0) {
            out[o++] = '?';
            i++;
            continue;
        }
        if (cp < 0x20 || cp == 0x7F) {
            out[o++] = ' ';
        } else {
            memcpy(out + o, s + i, k);
            o += k;
        }
        i += k;
    }
    out[o] = '\0';
}

static int mime_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return 0;
    return 1;
}

static int mime_fail(mime_walk *w, int rc)
{
    if (rc == DOC_NOMEM)
        w->rc = DOC_NOMEM;
    return w->rc;
}

static int mime_done(mime_walk *w)
{
    return w->rc != DOC_OK || w->over || doc_stop(w->c);
}

/* Room for `want` more bytes in a growing buffer; -1 when out of memory. */
static int mime_grow(char **out, size_t *cap, size_t on, size_t want)
{
    if (*cap - on >= want)
        return 0;
    size_t nc = (*cap + want) * 2;
    char *t = realloc(*out, nc);
    if (!t)
        return -1;
    *out = t;
    *cap = nc;
    return 0;
}

/*
** Convert n bytes in charset cs to UTF-8. An invalid or incomplete
** sequence becomes U+FFFD and conversion goes on. Returns a malloc'd buffer,
** or NULL with *outn == 0 when iconv does not know cs, or with *outn == 1
** when out of memory.
*/
static char *mime_iconv(const char *cs, const unsigned char *p, size_t n,
                        size_t *outn)
{
    *outn = 0;
    iconv_t cd = g_mime_iconv_open("UTF-8", cs);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = n + n / 2 + 64, on = 0;
    char *out = malloc(cap);
    char *in = (char *)p;
    size_t left = n;
    while (out) {
        if (mime_grow(&out, &cap, on, 16))
            goto nomem;
        char *o = out + on;
        size_t room = cap - on;
        int flushing = left == 0; /* the shift state of ISO-2022 and kin */
        size_t r = flushing ? iconv(cd, NULL, NULL, &o, &room)
                            : iconv(cd, &in, &left, &o, &room);
        on = (size_t)(o - out);
        if (r != (size_t)-1) {
            if (flushing)
                break;
            continue;
        }
        if (errno == E2BIG) {
            if (mime_grow(&out, &cap, on, cap - on + 16))
                goto nomem;
        } else if ((errno == EILSEQ || errno == EINVAL) && left) {
            if (mime_grow(&out, &cap, on, 3))
                goto nomem;
            memcpy(out + on, "\xEF\xBF\xBD", 3);
            on += 3;
            in++;
            left--;
        } else {
            break; /* nothing more iconv can do: keep what was converted */
        }
    }
    g_mime_iconv_close(cd);
    if (!out)
        *outn = 1;
    else
        *outn = on;
    return out;
nomem:
    g_mime_iconv_close(cd);
    free(out);
    *outn = 1;
    return NULL;
}

/* ----------------------------------------------------------- subject -- */

static int mime_hex(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    return -1;
}

static int mime_b64(int ch)
{
    if (ch >= 'A' && ch <= 'Z')
        return ch - 'A';
    if (ch >= 'a' && ch <= 'z')
        return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9')
        return ch - '0' + 52;
    if (ch == '+')
        return 62;
    if (ch == '/')
        return 63;
    return -1;
}

/*
** Base64 -> bytes, skipping what is not in the alphabet (line breaks), up to
** the first '=' (after it only padding or list-server junk can follow).
** Returns the bytes written. *cut is set when the data stops inside a
** 4-character group without padding, which is how a cut message ends; the
** bits of that group still give whole bytes and are kept.
*/
static size_t mime_base64(const unsigned char *in, size_t n, unsigned char *out,
                          int *cut)
{
    uint32_t acc = 0;
    int bits = 0, k = 0;
    size_t o = 0;
    *cut = 0;
    for (size_t i = 0; i < n; i++) {
        if (in[i] == '=')
            return o;
        int v = mime_b64(in[i]);
        if (v < 0)
            continue;
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        k = (k + 1) & 3;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(acc >> bits);
        }
    }
    *cut = k != 0;
    return o;
}

/*
** The encoded word "=?charset?E?text?=" at s[i], if there is one: returns
** the index after it, with the charset and text spans. Whitespace is not
** allowed inside, as in RFC 2047; the language suffix "*vi" is cut off.
*/
static size_t mime_word(const char *s, size_t n, size_t i, size_t *cs,
                        size_t *csn, char *enc, size_t *t, size_t *tn)
{
    size_t k = i + 2;
    while (k < n && s[k] != '?' && s[k] != ' ' && s[k] != '\t' && k - i < 80)
        k++;
    if (k >= n || s[k] != '?' || k == i + 2 || k + 2 >= n || s[k + 2] != '?')
        return 0;
    char e = s[k + 1];
    if (e != 'B' && e != 'b' && e != 'Q' && e != 'q')
        return 0;
    size_t m = k + 3;
    while (m + 1 < n && !(s[m] == '?' && s[m + 1] == '=')) {
        if (s[m] == ' ' || s[m] == '\t')
            return 0;
        m++;
    }
    if (m + 1 >= n)
        return 0;
    *cs = i + 2;
    *csn = k - (i + 2);
    for (size_t j = *cs; j < k; j++)
        if (s[j] == '*') {
            *csn = j - *cs;
            break;
        }
    *enc = (char)(e | 0x20);
    *t = k + 3;
    *tn = m - (k + 3);
    return m + 2;
}

/*
** Decode the encoded words of an unfolded header value into bytes, with the
** text between words as is. Returns 1 when the bytes can go to the scanner's
** decoder (every word in the same charset, one it knows, not UTF-16), else 0:
** the charsets are then left to GMime.
*/
static int mime_rfc2047(const char *s, size_t n, unsigned char *out, size_t *outn)
{
    size_t o = 0, ws = 0, wsn = 0;
    int after_word = 0, same = 1;
    decode_enc first = ENC_UNKNOWN;
    for (size_t i = 0; i < n;) {
        size_t cs, csn, t, tn, end = 0;
        char enc = 0;
        if (s[i] == '=' && i + 1 < n && s[i + 1] == '?')
            end = mime_word(s, n, i, &cs, &csn, &enc, &t, &tn);
        if (end) {
            char name[72];
            size_t k = csn < sizeof name - 1 ? csn : sizeof name - 1;
            memcpy(name, s + cs, k);
            name[k] = '\0';
            decode_enc e = decode_enc_parse(name);
            if (e == ENC_UNKNOWN || e == ENC_UTF16LE || e == ENC_UTF16BE ||
                (first != ENC_UNKNOWN && e != first))
                same = 0;
            first = e;
            if (!after_word) { /* white space between two words is dropped */
                memcpy(out + o, s + ws, wsn);
                o += wsn;
            }
            wsn = 0;
            if (enc == 'q') {
                for (size_t j = t; j < t + tn; j++) {
                    int h1, h2;
                    if (s[j] == '_') {
                        out[o++] = ' ';
                    } else if (s[j] == '=' && j + 2 < t + tn &&
                               (h1 = mime_hex((unsigned char)s[j + 1])) >= 0 &&
                               (h2 = mime_hex((unsigned char)s[j + 2])) >= 0) {
                        out[o++] = (unsigned char)(h1 << 4 | h2);
                        j += 2;
                    } else {
                        out[o++] = (unsigned char)s[j];
                    }
                }
            } else {
                int cut;
                o += mime_base64((const unsigned char *)s + t, tn, out + o, &cut);
            }
            after_word = 1;
            i = end;
        } else if (s[i] == ' ' || s[i] == '\t') {
            if (!wsn)
                ws = i;
            wsn++;
            i++;
        } else {
            memcpy(out + o, s + ws, wsn);
            o += wsn;
            wsn = 0;
            out[o++] = (unsigned char)s[i++];
            after_word = 0;
        }
    }
    *outn = o;
    return same;
}

static int mime_subject(mime_walk *w, GMimeMessage *msg)
{
    GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));
    GMimeHeader *h = hl ? g_mime_header_list_get_header(hl, "Subject") : NULL;
    const char *raw = h ? g_mime_header_get_raw_value(h) : NULL;
    if (!raw)
        return DOC_OK;
    /* Unfold, and trim the space after the colon and the line end. */
    size_t n = strlen(raw);
    char *line = malloc(n + 1);
    unsigned char *dec = malloc(n + 1);
    if (!line || !dec) {
        free(line);
        free(dec);
        return mime_fail(w, DOC_NOMEM);
    }
    size_t ln = 0;
    for (size_t i = 0; i < n; i++)
        if (raw[i] != '\r' && raw[i] != '\n')
            line[ln++] = raw[i];
    size_t a = 0;
    while (a < ln && (line[a] == ' ' || line[a] == '\t'))
        a++;
    while (ln > a && (line[ln - 1] == ' ' || line[ln - 1] == '\t'))
        ln--;
    line[ln] = '\0';
    size_t dn = 0;
    int rc = DOC_OK;
    if (ln > a) {
        if (mime_rfc2047(line + a, ln - a, dec, &dn)) {
            rc = doc_text_bytes(w->c, "Subject", 0, dec, dn, NULL);
        } else {
            char *u = g_mime_utils_header_decode_text(mime_opts, line + a);
            if (u)
                rc = doc_text(w->c, "Subject", 0, u, strlen(u));
            g_free(u);
        }
    }
    free(line);
    free(dec);
    return mime_fail(w, rc);
}

/* ------------------------------------------------------------- parts -- */

/* Content decoded by GMime's filters, copied out of its stream. */
static int mime_gmime_decoded(GMimeDataWrapper *dw, const unsigned char **p,
                              size_t *n, unsigned char **own)
{
    GMimeStream *m = g_mime_stream_mem_new();
    g_mime_data_wrapper_write_to_stream(dw, m);
    GByteArray *ba = g_mime_stream_mem_get_byte_array((GMimeStreamMem *)m);
    *own = malloc(ba->len + 1);
    if (*own) {
        memcpy(*own, ba->data, ba->len);
        *p = *own;
        *n = ba->len;
    }
    g_object_unref(m);
    return *own ? DOC_OK : DOC_NOMEM;
}

/*
** The transfer-decoded content of a leaf part: *p points into the message
** when it is not encoded, else at *own, which the caller frees.
** Returns DOC_OK or DOC_NOMEM.
*/
static int mime_content(mime_walk *w, GMimePart *part, const char *label,
                        const unsigned char **p, size_t *n, unsigned char **own)
{
    *p = (const unsigned char *)"";
    *n = 0;
    *own = NULL;
    GMimeDataWrapper *dw = g_mime_part_get_content(part);
    GMimeStream *s = dw ? g_mime_data_wrapper_get_stream(dw) : NULL;
    if (!s)
        return DOC_OK;
    GMimeContentEncoding enc = g_mime_data_wrapper_get_encoding(dw);
    const unsigned char *raw;
    size_t rn;
    if (GMIME_IS_STREAM_MEM(s) &&
        g_mime_stream_mem_get_byte_array((GMimeStreamMem *)s) == w->arr) {
        gint64 b = s->bound_end, a = s->bound_start;
        if (b < 0 || (uint64_t)b > w->len)
            b = (gint64)w->len;
        if (a < 0 || a > b)
            a = b;
        raw = w->data + a;
        rn = (size_t)(b - a);
    } else {
        /* Not a window on the message (cannot happen with a memory
        ** stream); let GMime decode it, whatever the encoding. */
        return mime_gmime_decoded(dw, p, n, own);
    }
    if (enc == GMIME_CONTENT_ENCODING_BASE64) {
        /* Decoded here rather than by GMime, whose decoder state at the
        ** end means different things from one release to the next. */
        int cut;
        *own = malloc(rn / 4 * 3 + 3);
        if (!*own)
            return DOC_NOMEM;
        *n = mime_base64(raw, rn, *own, &cut);
        *p = *own;
        if (cut)
            doc_unscanned(w->c, "%s: base64 data truncated after %zu bytes",
                          label, *n);
    } else if (enc == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE) {
        GMimeEncoding st;
        g_mime_encoding_init_decode(&st, enc);
        *own = malloc(g_mime_encoding_outlen(&st, rn) + 4);
        if (!*own)
            return DOC_NOMEM;
        *n = g_mime_encoding_step(&st, (const char *)raw, rn, (char *)*own);
        *n += g_mime_encoding_flush(&st, "", 0, (char *)*own + *n);
        *p = *own;
    } else if (enc == GMIME_CONTENT_ENCODING_UUENCODE) {
        /* GMime's filter finds the "begin" line. */
        return mime_gmime_decoded(dw, p, n, own);
    } else {
        *p = raw;
        *n = rn;
    }
    return DOC_OK;
}

/* Append the UTF-8 of t to a growing buffer. */
static int mime_put_utf8(char **out, size_t *on, size_t *cap, const text_buf *t)
{
    if (*cap - *on < t->len * 4 + 1) {
        size_t nc = (*cap + t->len * 4 + 1) * 2;
        char *q = realloc(*out, nc);
        if (!q)
            return -1;
        *out = q;
        *cap = nc;
    }
    for (size_t i = 0; i < t->len; i++)
        *on += text_utf8_put(*out + *on, t->cp[i]);
    return 0;
}

/*
** An HTML body -> the text a reader sees, as one UTF-8 piece. Done here
** rather than left to the scanner's sniffing: mail HTML is often a fragment
** ("<div dir=ltr>TỐI MẬT</div>") with no <html> to recognise it by, and the
** block breaks are what keep a stamp on a line of its own.
*/
static int mime_html(mime_walk *w, const char *label, decode_enc enc,
                     const unsigned char *p, size_t n)
{
    text_buf raw, vis;
    text_init(&raw);
    text_init(&vis);
    html_state st;
    html_init(&st);
    char *out = NULL;
    size_t on = 0, cap = 0;
    size_t at = decode_bom_len(enc, p, n);
    int rc = DOC_OK;
    for (;;) {
        size_t chunk = n - at > MIME_HTML_CHUNK ? MIME_HTML_CHUNK : n - at;
        int final = at + chunk == n;
        size_t used = 0;
        raw.len = 0;
        vis.len = 0;
        if (text_reserve(&raw, chunk + 1) ||
            decode_run(enc, p + at, chunk, (uint32_t)at, final, &raw, &used) ||
            text_reserve(&vis, raw.len + 40) ||
            html_run(&st, &raw, final || used == 0, &vis) ||
            mime_put_utf8(&out, &on, &cap, &vis)) {
            rc = DOC_NOMEM;
            break;
        }
        at += used;
        if (final || used == 0)
            break;
    }
    if (rc == DOC_OK && on)
        rc = doc_text(w->c, label, 0, out, on);
    free(out);
    text_free(&raw);
    text_free(&vis);
    return rc;
}

static int mime_has_bom(const unsigned char *p, size_t n)
{
    return n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF));
}

/* A text/plain or text/html body. */
static int mime_body(mime_walk *w, GMimePart *part, const char *label, int html)
{
    const unsigned char *p;
    size_t n;
    unsigned char *own;
    int rc = mime_content(w, part, label, &p, &n, &own);
    if (rc != DOC_OK || n == 0 || doc_budget(w->c, n)) {
        free(own);
        return mime_fail(w, rc);
    }
    const char *cs = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part),
                                                              "charset");
    decode_enc e = cs ? decode_enc_parse(cs) : ENC_UNKNOWN;
    char *conv = NULL;
    size_t cn = 0;
    if (cs && e == ENC_UNKNOWN) {
        conv = mime_iconv(cs, p, n, &cn);
        if (!conv && cn) {
            free(own);
            return mime_fail(w, DOC_NOMEM);
        }
    }
    if ((e == ENC_UTF16LE || e == ENC_UTF16BE) && mime_has_bom(p, n))
        e = ENC_UNKNOWN; /* the BOM decides, whatever the label said */
    int utf16 = e == ENC_UTF16LE || e == ENC_UTF16BE;
    if (html) {
        if (conv)
            rc = mime_html(w, label, ENC_UTF8, (const unsigned char *)conv, cn);
        else
            rc = mime_html(w, label, utf16 ? e : decode_detect(p, n), p, n);
    } else if (conv) {
        rc = doc_text(w->c, label, 0, conv, cn);
    } else {
        rc = doc_text_bytes(w->c, label, 0, p, n, utf16 ? cs : NULL);
    }
    free(conv);
    free(own);
    return mime_fail(w, rc);
}

/* An attachment or inline non-text part. */
static int mime_file(mime_walk *w, GMimePart *part, const char *name)
{
    const unsigned char *p;
    size_t n;
    unsigned char *own;
    int rc = mime_content(w, part, name, &p, &n, &own);
    if (rc == DOC_OK && !doc_budget(w->c, n))
        rc = doc_file(w->c, name, p, n);
    free(own);
    return mime_fail(w, rc);
}

/* A message/rfc822 part: its bytes again, for the scanner to take apart one
** level deeper (where the depth limit applies). */
static int mime_message(mime_walk *w, GMimeMessagePart *mp, const char *name)
{
    GMimeMessage *m = g_mime_message_part_get_message(mp);
    if (!m)
        return DOC_OK; /* an empty part: nothing to scan */
    GMimeStream *s = g_mime_stream_mem_new();
    g_mime_object_write_to_stream(GMIME_OBJECT(m), NULL, s);
    GByteArray *ba = g_mime_stream_mem_get_byte_array((GMimeStreamMem *)s);
    int rc = DOC_OK;
    if (!doc_budget(w->c, ba->len))
        rc = doc_file(w->c, name, ba->data, ba->len);
    g_object_unref(s);
    return mime_fail(w, rc);
}

static int mime_is(GMimeContentType *ct, const char *type, const char *sub)
{
    return ct && g_mime_content_type_is_type(ct, type, sub);
}

/* Count a leaf part against the limit; 0 when it must not be taken. */
static int mime_take(mime_walk *w)
{
    if (w->nparts >= w->max_parts) {
        if (!w->over)
            doc_unscanned(w->c, "MIME parts beyond %u not scanned", w->max_parts);
        w->over = 1;
        return 0;
    }
    w->nparts++;
    return 1;
}

static void mime_walk_obj(mime_walk *w, GMimeObject *obj, const char *path,
                          unsigned depth);

static void mime_multipart(mime_walk *w, GMimeMultipart *mp, const char *path,
                           unsigned depth)
{
    /* Named after the multipart's own path; the message's top multipart has
    ** none. */
    char label[MIME_PATH_MAX + 32];
    int count = g_mime_multipart_get_count(mp);
    const char *pro = g_mime_multipart_get_prologue(mp);
    if (pro && !mime_blank(pro)) {
        if (count == 0) {
            /* The boundary never came: GMime kept everything as preamble.
            ** Scan it as it is rather than lose it. */
            snprintf(label, sizeof label, "body%s%s", *path ? " " : "", path);
            doc_unscanned(w->c, "%s: MIME boundary not found, scanned as plain text",
                          label);
        } else {
            snprintf(label, sizeof label, "preamble%s%s", *path ? " " : "", path);
        }
        /* Readers do not show a preamble, but a secret hidden there still
        ** leaves with the message. */
        mime_fail(w, doc_text_bytes(w->c, label, 0, pro, strlen(pro), NULL));
    }
    for (int i = 0; i < count && !mime_done(w); i++) {
        GMimeObject *sub = g_mime_multipart_get_part(mp, i);
        char sp[MIME_PATH_MAX];
        int k = snprintf(sp, sizeof sp, "%s%s%d", path, *path ? "." : "", i + 1);
        if (k < 0 || (size_t)k >= sizeof sp)
            break; /* cannot happen within MIME_MAX_NEST */
        if (sub)
            mime_walk_obj(w, sub, sp, depth + 1);
    }
    const char *epi = g_mime_multipart_get_epilogue(mp);
    if (!mime_done(w) && epi && !mime_blank(epi)) {
        snprintf(label, sizeof label, "epilogue%s%s", *path ? " " : "", path);
        mime_fail(w, doc_text_bytes(w->c, label, 0, epi, strlen(epi), NULL));
    }
}

static void mime_walk_obj(mime_walk *w, GMimeObject *obj, const char *path,
                          unsigned depth)
{
    if (mime_done(w))
        return;
    /* Leaves of the message itself have path "1" (IMAP numbering). */
    const char *num = *path ? path : "1";
    GMimeContentType *ct = g_mime_object_get_content_type(obj);
    if (GMIME_IS_MULTIPART(obj)) {
        if (depth > MIME_MAX_NEST) {
            if (!w->deep)
                doc_unscanned(w->c, "MIME nesting deeper than %d at part %s not scanned",
                              MIME_MAX_NEST, num);
            w->deep = 1;
            return;
        }
        if (GMIME_IS_MULTIPART_ENCRYPTED(obj)) {
            if (mime_take(w))
                doc_unscanned(w->c, "part %s: encrypted (multipart/encrypted), not scanned",
                              num);
            return;
        }
        mime_multipart(w, GMIME_MULTIPART(obj), path, depth);
        return;
    }
    if (!mime_take(w))
        return;
    const char *fn = NULL;
    if (GMIME_IS_PART(obj))
        fn = g_mime_part_get_filename(GMIME_PART(obj));
    else
        fn = g_mime_object_get_content_disposition_parameter(obj, "filename");
    if (!fn)
        fn = g_mime_object_get_content_type_parameter(obj, "name");
    char name[MIME_NAME_MAX + 8];
    if (fn && *fn)
        mime_clean_name(fn, name, sizeof name);
    else
        snprintf(name, sizeof name, "part %s", num);
    if (!name[0])
        snprintf(name, sizeof name, "part %s", num);

    if (GMIME_IS_MESSAGE_PART(obj)) {
        mime_message(w, GMIME_MESSAGE_PART(obj), name);
        return;
    }
    if (!GMIME_IS_PART(obj))
        return; /* GMime builds nothing else */
    /* A detached signature carries no content of the message. */
    if (mime_is(ct, "application", "pkcs7-signature") ||
        mime_is(ct, "application", "x-pkcs7-signature") ||
        mime_is(ct, "application", "pgp-signature"))
        return;
    if (mime_is(ct, "application", "pkcs7-mime") ||
        mime_is(ct, "application", "x-pkcs7-mime")) {
        doc_unscanned(w->c, "part %s: S/MIME (application/pkcs7-mime), not scanned",
                      num);
        return;
    }
    const char *disp = g_mime_object_get_disposition(obj);
    int attached = (disp && !g_ascii_strcasecmp(disp, "attachment")) || (fn && *fn);
    int plain = mime_is(ct, "text", "plain"), html = mime_is(ct, "text", "html");
    if ((plain || html) && !attached) {
        char label[MIME_PATH_MAX + 32];
        snprintf(label, sizeof label, "body%s%s%s", *path ? " " : "", path,
                 html ? " (text/html)" : "");
        mime_body(w, GMIME_PART(obj), label, html);
        return;
    }
    mime_file(w, GMIME_PART(obj), name);
}

/* ------------------------------------------------------------ public -- */

/*
** Where to stop parsing so that GMime never builds more than it can afford.
** GMime spends about 3 KiB on each part and 500 bytes on each header field it
** builds, whether or not we walk them: a 40 MB message of a million empty
** parts costs it 2 GB, and 8 MB of one-line headers 500 MB. Each part in a
** multipart follows a line starting with "--", and each header field starts
** a line with a name and a colon; body text has such lines too, which the
** caps leave room for. Returns the offset of the first line past a cap, or
** n, with *why naming the cap.
*/
#define MIME_MAX_FIELD_LINES 100000U

static size_t mime_cut(const unsigned char *p, size_t n, uint64_t max_delims,
                       const char **why)
{
    uint64_t delims = 0, fields = 0;
    size_t i = 0;
    while (i + 1 < n) {
        if (p[i] == '-' && p[i + 1] == '-') {
            if (++delims > max_delims) {
                *why = "boundary";
                return i;
            }
        } else {
            size_t k = i;
            while (k < n && p[k] > ' ' && p[k] < 0x7F && p[k] != ':')
                k++;
            if (k > i && k < n && p[k] == ':' && ++fields > MIME_MAX_FIELD_LINES) {
                *why = "header";
                return i;
            }
        }
        const unsigned char *nl = memchr(p + i, '\n', n - i);
        if (!nl)
            break;
        i = (size_t)(nl - p) + 1;
    }
    return n;
}

int mime_extract(doc_ctx *c, const unsigned char *data, size_t len)
{
    pthread_once(&mime_once, mime_setup);
    if (doc_stop(c))
        return DOC_OK;
    const domat_limits *lim = doc_limits(c);
    size_t n = len;
    if (n > G_MAXUINT) { /* GByteArray lengths are 32-bit */
        n = G_MAXUINT;
        doc_unscanned(c, "mail bytes after %u not scanned", G_MAXUINT);
    }
    /* Two delimiter lines a part leave room for nesting, closing
    ** delimiters and "--" lines in text before the part limit is reached. */
    uint64_t cap = (uint64_t)lim->max_members * 2 + 1024;
    const char *why = NULL;
    size_t cut = mime_cut(data, n, cap, &why);
    if (cut < n) {
        doc_unscanned(c, "mail after byte %zu not scanned: more than %llu %s lines",
                      cut, (unsigned long long)(*why == 'b' ? cap : MIME_MAX_FIELD_LINES),
                      why);
        n = cut;
    }
    /* The array borrows the caller's bytes: the stream does not own it and
    ** g_byte_array_free(.., FALSE) gives the bytes back unfreed. Nothing
    ** writes through it; the parser and content streams only read. */
    GByteArray *arr = g_byte_array_new_take((guint8 *)data, n);
    GMimeStream *st = g_mime_stream_mem_new_with_byte_array(arr);
    g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(st), FALSE);
    GMimeParser *parser = g_mime_parser_new_with_stream(st);
    GMimeMessage *msg = g_mime_parser_construct_message(parser, mime_opts);
    int rc = DOC_OK;
    if (!msg) {
        rc = doc_corrupt(c, "not a mail message: no header block could be read");
    } else {
        mime_walk w = {c, data, n, arr, 0, lim->max_members, 0, 0, DOC_OK};
        mime_subject(&w, msg);
        GMimeObject *body = g_mime_message_get_mime_part(msg);
        if (body && w.rc == DOC_OK)
            mime_walk_obj(&w, body, "", 0);
        rc = w.rc;
        g_object_unref(msg);
    }
    g_object_unref(parser);
    g_object_unref(st);
    g_byte_array_free(arr, FALSE);
    return rc;
}

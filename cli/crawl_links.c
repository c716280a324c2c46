/*
** 2026-11-25
**
** crawl_links.c: link extraction from HTML and sitemaps with libxml2.
**
** Takes body bytes in whatever pieces the network delivers; hands on link
** targets as written, with the base to resolve them against. It never
** resolves, filters or fetches: crawl_url.c and the crawler do that.
**
** Why libxml2's HTMLparser and not Gumbo: libxml2 is already linked for the
** office formats, it has a push parser (Gumbo needs the whole page in memory
** and builds a full tree), its recovery handles the tag soup of CMS
** templates, and Gumbo is no longer maintained upstream. libxml2 follows
** HTML 4 rather than the HTML5 tree-building rules, which changes the tree
** for some broken markup but not which href attributes exist; links are all
** we take from it.
**
** Elements read: a, area and link (href), frame, iframe and embed (src),
** object (data), base (href, first one only) and <meta http-equiv=refresh>
** (the URL in its content). Portals attach documents with plain <a href>;
** viewers embed PDFs with iframe, embed or object, hence those.
*/
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <zlib.h>

#include "crawl_limits.h"
#include "crawl_links.h"
#include "crawl_url.h"

struct crawl_links {
    int is_sitemap;
    union {
        htmlParserCtxtPtr html;
        xmlParserCtxtPtr xml;
    } p;
    crawl_link_fn fn;
    void *arg;
    char *base;     /* the page URL, replaced by the first <base href> */
    int have_base;
    size_t count;
    int stopped;    /* the callback asked to stop, or the limit was hit */
    /* sitemap state */
    int in_loc;
    int in_sitemap; /* inside <sitemap> of an index, not <url> */
    char *text;     /* characters of the current <loc> */
    size_t ntext, captext;
    /* gzip-compressed sitemaps */
    int sniffed;
    int gz;
    z_stream z;
    size_t inflated;
};

static int emit(crawl_links *l, const char *ref, crawl_link_kind kind)
{
    if (l->stopped)
        return 1;
    if (l->count >= CRAWL_MAX_LINKS) {
        l->stopped = 1;
        return 1;
    }
    l->count++;
    if (l->fn(l->arg, l->base, ref, kind) != 0)
        l->stopped = 1;
    return l->stopped;
}

/* ---- HTML ---- */

static const char *attr(const xmlChar **atts, const char *name)
{
    size_t i;
    if (!atts)
        return NULL;
    for (i = 0; atts[i]; i += 2)
        if (strcasecmp((const char *)atts[i], name) == 0)
            return atts[i + 1] ? (const char *)atts[i + 1] : "";
    return NULL;
}

/* content="5; url='/x.html'" -> "/x.html" (quotes optional, "URL=" in any
** case); NULL when there is no URL. */
static char *refresh_url(const char *c)
{
    const char *p = strchr(c, ';');
    const char *e;
    char q = 0;
    if (!p)
        p = strchr(c, ',');
    if (!p)
        return NULL;
    p++;
    while (isspace((unsigned char)*p))
        p++;
    if (strncasecmp(p, "url", 3) == 0) {
        const char *eq = p + 3;
        while (isspace((unsigned char)*eq))
            eq++;
        if (*eq == '=') {
            p = eq + 1;
            while (isspace((unsigned char)*p))
                p++;
        }
    }
    if (*p == '\'' || *p == '"')
        q = *p++;
    e = q ? strchr(p, q) : p + strlen(p);
    if (!e)
        e = p + strlen(p);
    while (e > p && isspace((unsigned char)e[-1]))
        e--;
    return e > p ? strndup(p, (size_t)(e - p)) : NULL;
}

static void html_start(void *ctx, const xmlChar *xname, const xmlChar **atts)
{
    crawl_links *l = ctx;
    const char *name = (const char *)xname;
    const char *v = NULL;

    if (l->stopped || !name)
        return;
    switch (name[0]) {
    case 'a':
        if (strcmp(name, "a") == 0 || strcmp(name, "area") == 0)
            v = attr(atts, "href");
        break;
    case 'b':
        /* Browsers use the first <base href> only; it may itself be
        ** relative to the page. */
        if (strcmp(name, "base") == 0 && !l->have_base) {
            const char *h = attr(atts, "href");
            crawl_url u;
            l->have_base = 1;
            if (h && *h && crawl_url_parse(&u, l->base, h) == 0) {
                free(l->base);
                l->base = u.url;
                u.url = NULL;
                crawl_url_free(&u);
            }
        }
        break;
    case 'e':
        if (strcmp(name, "embed") == 0)
            v = attr(atts, "src");
        break;
    case 'f':
        if (strcmp(name, "frame") == 0)
            v = attr(atts, "src");
        break;
    case 'i':
        if (strcmp(name, "iframe") == 0)
            v = attr(atts, "src");
        break;
    case 'l':
        if (strcmp(name, "link") == 0) {
            const char *rel = attr(atts, "rel");
            /* Stylesheets and icons are never documents. */
            if (!rel || (!strstr(rel, "stylesheet") && !strstr(rel, "icon") &&
                         !strstr(rel, "preload") && !strstr(rel, "preconnect") &&
                         !strstr(rel, "dns-prefetch")))
                v = attr(atts, "href");
        }
        break;
    case 'm':
        if (strcmp(name, "meta") == 0) {
            const char *he = attr(atts, "http-equiv");
            const char *c = attr(atts, "content");
            if (he && c && strcasecmp(he, "refresh") == 0) {
                char *u = refresh_url(c);
                if (u) {
                    emit(l, u, CRAWL_LINK_PAGE);
                    free(u);
                }
            }
        }
        break;
    case 'o':
        if (strcmp(name, "object") == 0)
            v = attr(atts, "data");
        break;
    default:
        break;
    }
    if (v && *v)
        emit(l, v, CRAWL_LINK_PAGE);
}

static void quiet_error(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

crawl_links *crawl_links_html(const char *page_url, crawl_link_fn fn,
                              void *arg)
{
    crawl_links *l = calloc(1, sizeof *l);
    htmlSAXHandler sax;

    if (!l)
        return NULL;
    l->fn = fn;
    l->arg = arg;
    l->base = strdup(page_url);
    memset(&sax, 0, sizeof sax);
    /* Only startElement: without the default handlers no tree is built. */
    sax.startElement = html_start;
    sax.error = quiet_error;
    sax.warning = quiet_error;
    l->p.html = l->base ? htmlCreatePushParserCtxt(&sax, l, NULL, 0, page_url,
                                                   XML_CHAR_ENCODING_NONE)
                        : NULL;
    if (!l->p.html) {
        free(l->base);
        free(l);
        return NULL;
    }
    htmlCtxtUseOptions(l->p.html, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                      HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                      HTML_PARSE_NOBLANKS);
    return l;
}

/* ---- sitemaps ---- */

/* Element names arrive as "loc" or, with a prefixed namespace, "sm:loc". */
static const char *local_name(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static void sm_start(void *ctx, const xmlChar *xname, const xmlChar **atts)
{
    crawl_links *l = ctx;
    const char *name = local_name((const char *)xname);
    (void)atts;
    if (strcmp(name, "sitemap") == 0)
        l->in_sitemap = 1;
    else if (strcmp(name, "url") == 0)
        l->in_sitemap = 0;
    else if (strcmp(name, "loc") == 0) {
        l->in_loc = 1;
        l->ntext = 0;
    }
}

static void sm_chars(void *ctx, const xmlChar *ch, int len)
{
    crawl_links *l = ctx;
    size_t n = (size_t)len;
    if (!l->in_loc || len <= 0)
        return;
    if (l->ntext + n + 1 > l->captext) {
        size_t cap = l->captext ? l->captext : 256;
        char *t;
        while (cap < l->ntext + n + 1)
            cap *= 2;
        if (cap > CRAWL_MAX_URL * 2) {
            l->in_loc = 0; /* absurdly long: drop this <loc> */
            return;
        }
        t = realloc(l->text, cap);
        if (!t)
            return;
        l->text = t;
        l->captext = cap;
    }
    memcpy(l->text + l->ntext, ch, n);
    l->ntext += n;
}

static void sm_end(void *ctx, const xmlChar *xname)
{
    crawl_links *l = ctx;
    const char *name = local_name((const char *)xname);
    if (strcmp(name, "loc") == 0 && l->in_loc) {
        l->in_loc = 0;
        if (l->text && l->ntext) {
            l->text[l->ntext] = '\0';
            emit(l, l->text, l->in_sitemap ? CRAWL_LINK_SITEMAP
                                           : CRAWL_LINK_PAGE);
        }
    }
}

crawl_links *crawl_links_sitemap(const char *url, crawl_link_fn fn, void *arg)
{
    crawl_links *l = calloc(1, sizeof *l);
    xmlSAXHandler sax;

    if (!l)
        return NULL;
    l->is_sitemap = 1;
    l->fn = fn;
    l->arg = arg;
    l->base = strdup(url);
    memset(&sax, 0, sizeof sax);
    sax.startElement = sm_start;
    sax.endElement = sm_end;
    sax.characters = sm_chars;
    sax.error = quiet_error;
    sax.warning = quiet_error;
    l->p.xml = l->base ? xmlCreatePushParserCtxt(&sax, l, NULL, 0, url) : NULL;
    if (!l->p.xml) {
        free(l->base);
        free(l);
        return NULL;
    }
    /* No network, no entity expansion (XML_PARSE_NOENT is left out on
    ** purpose): a sitemap is untrusted input. */
    xmlCtxtUseOptions(l->p.xml, XML_PARSE_RECOVER | XML_PARSE_NOERROR |
                                    XML_PARSE_NOWARNING | XML_PARSE_NONET);
    return l;
}

static int sm_feed_xml(crawl_links *l, const void *data, size_t n)
{
    if (l->inflated + n > CRAWL_SITEMAP_MAX) {
        l->stopped = 1;
        return -1;
    }
    l->inflated += n;
    /* In recovery mode errors are not fatal: the <loc> elements before and
    ** after a broken spot are still reported. */
    xmlParseChunk(l->p.xml, data, (int)n, 0);
    return l->p.xml->disableSAX ? -1 : 0;
}

static int sm_feed(crawl_links *l, const unsigned char *data, size_t n)
{
    unsigned char out[16384];
    if (!l->sniffed) {
        /* A sitemap.xml.gz is served as application/gzip, so curl does not
        ** decode it: the magic number tells. */
        l->sniffed = 1;
        if (n >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
            memset(&l->z, 0, sizeof l->z);
            if (inflateInit2(&l->z, 15 + 32) != Z_OK)
                return -1;
            l->gz = 1;
        }
    }
    if (!l->gz)
        return sm_feed_xml(l, data, n);
    l->z.next_in = (unsigned char *)data;
    l->z.avail_in = (uInt)n;
    while (l->z.avail_in > 0 && !l->stopped) {
        int zr;
        l->z.next_out = out;
        l->z.avail_out = sizeof out;
        zr = inflate(&l->z, Z_NO_FLUSH);
        if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR)
            return -1;
        if (sizeof out - l->z.avail_out > 0 &&
            sm_feed_xml(l, out, sizeof out - l->z.avail_out) != 0)
            return -1;
        if (zr == Z_STREAM_END || (zr == Z_BUF_ERROR && l->z.avail_out > 0))
            break;
    }
    return 0;
}

/* ---- common ---- */

int crawl_links_feed(crawl_links *l, const void *data, size_t n)
{
    if (l->stopped)
        return 0;
    while (n > 0) {
        /* libxml2 takes int lengths. */
        size_t k = n > (1u << 30) ? (1u << 30) : n;
        if (l->is_sitemap) {
            if (sm_feed(l, data, k) != 0)
                return -1;
        } else
            htmlParseChunk(l->p.html, data, (int)k, 0);
        data = (const char *)data + k;
        n -= k;
    }
    return 0;
}

void crawl_links_end(crawl_links *l)
{
    if (l->is_sitemap)
        xmlParseChunk(l->p.xml, NULL, 0, 1);
    else
        htmlParseChunk(l->p.html, NULL, 0, 1);
}

size_t crawl_links_count(const crawl_links *l)
{
    return l->count;
}

void crawl_links_free(crawl_links *l)
{
    if (!l)
        return;
    if (l->is_sitemap) {
        xmlFreeParserCtxt(l->p.xml);
        if (l->gz)
            inflateEnd(&l->z);
    } else
        htmlFreeParserCtxt(l->p.html);
    free(l->base);
    free(l->text);
    free(l);
}

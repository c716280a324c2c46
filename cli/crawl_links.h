/*
** 2026-11-25
**
** crawl_links.h: links out of HTML pages and sitemaps, read as the bytes
** arrive from the network.
**
** Both parsers are libxml2 push parsers driven through SAX callbacks: no
** document tree is built, so a page of any size costs the parser's small
** state, and links are known before the transfer ends.
*/
#ifndef DOMAT_CRAWL_LINKS_H
#define DOMAT_CRAWL_LINKS_H

#include <stddef.h>

typedef enum crawl_link_kind {
    CRAWL_LINK_PAGE = 0,   /* a page or document to fetch and scan */
    CRAWL_LINK_SITEMAP = 1 /* a sitemap listed in a sitemap index */
} crawl_link_kind;

/*
** Called for each link: ref as written, to be resolved against base (the
** page URL, or its <base href>). Return nonzero to stop receiving links.
*/
typedef int (*crawl_link_fn)(void *arg, const char *base, const char *ref,
                             crawl_link_kind kind);

typedef struct crawl_links crawl_links;

/* A parser for an HTML page at page_url; NULL when out of memory. */
crawl_links *crawl_links_html(const char *page_url, crawl_link_fn fn,
                              void *arg);

/* A parser for a sitemap or sitemap index (XML, or gzip-compressed XML as
** sitemaps.org allows) at url; NULL when out of memory. */
crawl_links *crawl_links_sitemap(const char *url, crawl_link_fn fn, void *arg);

/* Feed the next bytes. 0, or -1 when the parser gave up (a broken page
** still yields the links before the break). */
int crawl_links_feed(crawl_links *l, const void *data, size_t n);

/* The body is complete: flush what the parser held back. */
void crawl_links_end(crawl_links *l);

/* Links reported so far. */
size_t crawl_links_count(const crawl_links *l);

void crawl_links_free(crawl_links *l);

#endif /* DOMAT_CRAWL_LINKS_H */

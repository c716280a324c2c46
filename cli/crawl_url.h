/*
** 2026-11-25
**
** crawl_url.h: URLs for the crawler: resolve a link against its page, bring
** it to one canonical spelling (so the same document is fetched once), and
** decide whether it is in the crawl's scope.
**
** Parsing is libcurl's URL API (curl_url), the same parser that will fetch
** the URL, so what is checked against the scope is what is requested.
*/
#ifndef DOMAT_CRAWL_URL_H
#define DOMAT_CRAWL_URL_H

#include <stddef.h>

/* One URL, split once. Every string is owned and NUL-terminated. */
typedef struct crawl_url {
    char *url;     /* canonical: no fragment, no user info, lowercase host,
                   ** no default port, dot segments resolved */
    char *origin;  /* scheme://host[:port]: robots.txt and politeness key */
    char *host;    /* lowercase host name or address */
    char *path;    /* path and query, for robots.txt rules ("/a/b?c") */
} crawl_url;

/*
** Resolve ref against base (NULL when ref is absolute) and canonicalize.
** Returns 0, or -1 when the result is not an http or https URL, is malformed
** or is longer than CRAWL_MAX_URL (out is then zeroed; nothing to free).
*/
int crawl_url_parse(crawl_url *out, const char *base, const char *ref);
void crawl_url_free(crawl_url *u);

typedef enum crawl_scope_kind {
    CRAWL_SCOPE_HOST = 0,   /* the seeds' host names */
    CRAWL_SCOPE_DOMAIN = 1, /* those and their subdomains */
    CRAWL_SCOPE_PREFIX = 2  /* URLs under a seed's directory */
} crawl_scope_kind;

typedef struct crawl_scope crawl_scope;

/* An empty scope of the given kind; NULL when out of memory. */
crawl_scope *crawl_scope_new(crawl_scope_kind kind);
/* Add a seed (already parsed). 0, or -1 when out of memory. */
int crawl_scope_add(crawl_scope *s, const crawl_url *seed);
/* Nonzero when u is inside the scope of some seed. */
int crawl_scope_allows(const crawl_scope *s, const crawl_url *u);
void crawl_scope_free(crawl_scope *s);

/*
** Nonzero when the URL's path ends in an extension of a type the engine
** cannot read (images, audio, video, stylesheets, scripts, fonts,
** executables): such links are not fetched at all. Anything else is fetched
** and the engine decides from the content.
*/
int crawl_url_is_media(const crawl_url *u);

#endif /* DOMAT_CRAWL_URL_H */

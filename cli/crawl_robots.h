/*
** 2026-11-25
**
** crawl_robots.h: robots.txt (RFC 9309) for one origin: which paths domat may
** fetch, how long to wait between requests (Crawl-delay), and the sitemaps
** the site announces.
*/
#ifndef DOMAT_CRAWL_ROBOTS_H
#define DOMAT_CRAWL_ROBOTS_H

#include <stddef.h>

typedef struct crawl_robots crawl_robots;

/*
** Parse a robots.txt body for the crawler whose product token is agent
** ("domat"). The groups naming agent apply; when none does, the "*" groups.
** Never fails on bad input (unknown lines are ignored, as the RFC asks);
** NULL only when out of memory.
*/
crawl_robots *crawl_robots_parse(const char *txt, size_t len,
                                 const char *agent);

/* Everything allowed (robots.txt missing, 4xx) or nothing (5xx, RFC 9309
** 2.3.1.4: "the crawler MUST assume complete disallow"). */
crawl_robots *crawl_robots_allow_all(void);
crawl_robots *crawl_robots_disallow_all(void);

/* Nonzero when the path (with query, percent-encoded) may be fetched. The
** longest matching rule wins; between an allow and a disallow of the same
** length, allow. */
int crawl_robots_allowed(const crawl_robots *r, const char *path);

/* Crawl-delay in seconds for our group, or a negative value when none. */
double crawl_robots_delay(const crawl_robots *r);

/* Sitemap: lines, in order (they apply whatever the group). */
size_t crawl_robots_nsitemaps(const crawl_robots *r);
const char *crawl_robots_sitemap(const crawl_robots *r, size_t i);

void crawl_robots_free(crawl_robots *r);

#endif /* DOMAT_CRAWL_ROBOTS_H */

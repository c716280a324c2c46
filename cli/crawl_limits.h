/*
** 2026-11-25
**
** crawl_limits.h: every limit and default of `domat crawl` and
** `domat scan --warc`, in one place.
**
** Each block says what is counted, the default, the bounds and why. Defaults
** can be changed at build time (-DCRAWL_...=N); a value outside its bounds
** stops the build. Options that override a default at run time say so; their
** parsers enforce the same bounds. The engine's own limits (input size,
** nesting, time per input) stay in engine/limits.h.
*/
#ifndef DOMAT_CRAWL_LIMITS_H
#define DOMAT_CRAWL_LIMITS_H

/*
** Bytes of one response body held in memory before it is spilled to a
** temporary file (and then scanned with domat_scan_file instead of
** domat_scan_buffer). Default 2 MiB: nearly every portal page and most
** attached documents fit, and with CRAWL_MAX_TRANSFERS in flight plus the
** scan queue the bodies held at once stay under a few hundred MiB. Bounds
** 64 KiB to 256 MiB.
*/
#ifndef CRAWL_MEM_BODY
# define CRAWL_MEM_BODY (2u << 20)
#endif
#if CRAWL_MEM_BODY < (64u << 10) || CRAWL_MEM_BODY > (256u << 20)
# error "CRAWL_MEM_BODY out of range"
#endif

/*
** Bytes of one response downloaded and scanned: --max-size, default 100 MiB.
** The engine scans the same number of bytes; a larger body is cut there, the
** transfer stopped, and the part read is scanned with verdict at least review
** ("input size N > limit M"), so the first pages of a huge PDF, where the
** stamp sits, are still seen. The engine's hard ceiling (4 GiB - 1) applies.
*/
#ifndef CRAWL_DEFAULT_MAX_SIZE
# define CRAWL_DEFAULT_MAX_SIZE (100ull << 20)
#endif

/*
** Transfers in flight at once over all hosts. Default 64. Per host the
** --host-connections limit (default 2) applies first, so this only matters
** for crawls of many hosts; it bounds open sockets and body memory.
*/
#ifndef CRAWL_MAX_TRANSFERS
# define CRAWL_MAX_TRANSFERS 64u
#endif
#if CRAWL_MAX_TRANSFERS < 1 || CRAWL_MAX_TRANSFERS > 1024
# error "CRAWL_MAX_TRANSFERS out of range"
#endif

/*
** Per-host politeness defaults: --rate requests per second (default 2, from
** 0.01 to 1000) and --host-connections connections (default 2, 1 to 32).
** Two requests a second is what search engines use on small sites; a
** commune portal on shared hosting should not notice the crawl.
*/
#define CRAWL_DEFAULT_RATE 2.0
#define CRAWL_MIN_RATE 0.01
#define CRAWL_MAX_RATE 1000.0
#ifndef CRAWL_DEFAULT_HOST_CONNECTIONS
# define CRAWL_DEFAULT_HOST_CONNECTIONS 2u
#endif
#define CRAWL_MAX_HOST_CONNECTIONS 32u

/*
** Crawl-delay in robots.txt is obeyed up to 60 seconds. A larger value would
** make a crawl of a few thousand pages last days, which defeats "found within
** a day"; the host is then crawled at one request a minute and the report
** says so.
*/
#define CRAWL_MAX_CRAWL_DELAY 60.0

/*
** robots.txt bytes read: 512 KiB, the minimum RFC 9309 (2.5) asks crawlers
** to parse; the rest is ignored.
*/
#define CRAWL_ROBOTS_MAX (512u << 10)

/*
** Sitemap bytes read after decompression: 50 MiB and 50,000 URLs per file,
** the sitemaps.org limits; sitemap indexes nest at most 3 levels.
*/
#define CRAWL_SITEMAP_MAX (50u << 20)
#define CRAWL_SITEMAP_URLS 50000u
#define CRAWL_SITEMAP_DEPTH 3u

/*
** Default --max-pages (pages and documents fetched in one run, robots.txt and
** sitemaps not counted): 100,000, from 1 to 100,000,000. A province portal
** with its communes is a few tens of thousands of URLs.
*/
#define CRAWL_DEFAULT_MAX_PAGES 100000u
#define CRAWL_MAX_MAX_PAGES 100000000u

/*
** Default --link-depth (clicks from a seed; sitemap entries count as one
** click): 16, from 0 (the seeds only) to 1000. Deep calendars and paginated
** archives are where crawler traps live; 16 reaches every document of the
** portals we know.
*/
#define CRAWL_DEFAULT_LINK_DEPTH 16u
#define CRAWL_MAX_LINK_DEPTH 1000u

/*
** Default --timeout for one transfer: 120 s (1 to 86,400). A 100 MiB PDF at
** 1 MB/s takes that long; a server that trickles slower is not worth the
** connection. Connecting has its own 15 s limit.
*/
#define CRAWL_DEFAULT_TIMEOUT 120u
#define CRAWL_CONNECT_TIMEOUT 15L

/*
** Attempts at one URL answered 429 or 503 (or a connection that failed):
** 4, waiting Retry-After when the server sends one (at most 600 s) or else
** 2, 4, 8 s, doubling; the host waits as well, so one busy answer slows the
** whole host down instead of only that URL.
*/
#define CRAWL_MAX_TRIES 4u
#define CRAWL_BACKOFF_BASE 2.0
#define CRAWL_BACKOFF_MAX 600.0

/*
** URLs longer than 4,096 bytes are not followed: no portal needs them and
** crawler traps (session ids appended forever) produce them.
*/
#define CRAWL_MAX_URL 4096u

/*
** Links taken from one page: 20,000. A listing page of a large archive has a
** few thousand; more is a generated trap.
*/
#define CRAWL_MAX_LINKS 20000u

/*
** The state file commits a batch at least every second or every 500 changes,
** so a kill loses at most that much work (it is redone on resume), and the
** per-commit cost of WAL mode stays small against the crawl.
*/
#define CRAWL_COMMIT_MS 1000u
#define CRAWL_COMMIT_ROWS 500u

/*
** Scanned bodies waiting for a scanning thread: 2 per thread. When the
** queue is full no new transfer starts, so a slow document (a large PDF)
** throttles the fetching instead of piling bodies up in memory.
*/
#define CRAWL_SCAN_QUEUE_PER_JOB 2u

/*
** WARC: header block of a record, and the HTTP header block inside a
** response record, at most 256 KiB each; a longer one is a corrupt record.
*/
#define WARC_MAX_HEADER (256u << 10)

#endif /* DOMAT_CRAWL_LIMITS_H */

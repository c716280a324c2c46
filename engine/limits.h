/*
** 2026-11-25
**
** limits.h: every limit of the engine, in one place.
**
** Each block says what is counted, the default, the hard maximum and why, and
** what happens when an input reaches it. Defaults can be changed at build time
** (-DDOMAT_DEFAULT_...=N); a value outside its range stops the build. At run
** time the fields of domat_limits override them (0 = default); a runtime value
** above the hard maximum is clamped to it. Reaching a limit is never silent:
** the input gets at least verdict review and an "unscanned" reason.
*/
#ifndef DOMAT_LIMITS_H
#define DOMAT_LIMITS_H

/*
** Bytes of one input that are scanned. Default 1 GiB: a mail gateway or a
** portal upload never legitimately carries more text than that in one part.
** Hard maximum 4 GiB - 1: offsets in the decoded text are 32-bit and counted
** from the start of the input, so state carried from one segment to the next
** (an HTML tag or reference cut in two) keeps offsets that are still valid.
** Beyond the limit: the first max_input_bytes are scanned, then verdict is at
** least review with "unscanned: input size N > limit M".
*/
#ifndef DOMAT_DEFAULT_MAX_INPUT
# define DOMAT_DEFAULT_MAX_INPUT (1ULL << 30)
#endif
#define DOMAT_HARD_MAX_INPUT 0xFFFFFFFFULL
#if DOMAT_DEFAULT_MAX_INPUT < 1 || DOMAT_DEFAULT_MAX_INPUT > DOMAT_HARD_MAX_INPUT
# error "DOMAT_DEFAULT_MAX_INPUT out of range"
#endif

/*
** Bytes decoded, normalized and matched at once. Memory per scanner is about
** 22 bytes per byte of segment, so the default 1 MiB keeps a scanner near
** 24 MiB however large the input. Hard maximum 256 MiB: offsets inside a
** segment are 32-bit, and the view of a segment can be 3x its size.
** Segments end at a line break where one exists in the last quarter; the last
** line is carried into the next segment so phrases spanning the cut are seen.
*/
#ifndef DOMAT_DEFAULT_SEGMENT
# define DOMAT_DEFAULT_SEGMENT (1U << 20)
#endif
#define DOMAT_MIN_SEGMENT (4U << 10)
#define DOMAT_HARD_MAX_SEGMENT (256U << 20)
#if DOMAT_DEFAULT_SEGMENT < DOMAT_MIN_SEGMENT || DOMAT_DEFAULT_SEGMENT > DOMAT_HARD_MAX_SEGMENT
# error "DOMAT_DEFAULT_SEGMENT out of range"
#endif

/*
** Findings kept per input. Default 1,000: more evidence than anyone reads, and
** a hostile input full of stamps must not grow memory without bound. Hard
** maximum 1,000,000. Past it findings are still counted (domat_result_dropped)
** and still decide the verdict; only their details are not kept.
*/
#ifndef DOMAT_DEFAULT_MAX_FINDINGS
# define DOMAT_DEFAULT_MAX_FINDINGS 1000U
#endif
#define DOMAT_HARD_MAX_FINDINGS 1000000U
#if DOMAT_DEFAULT_MAX_FINDINGS < 1 || DOMAT_DEFAULT_MAX_FINDINGS > DOMAT_HARD_MAX_FINDINGS
# error "DOMAT_DEFAULT_MAX_FINDINGS out of range"
#endif

/*
** Lines from the top of a document (or page) that count as its header area,
** where the stamp sits under "Số:" and "V/v" (Nghị định 30/2020 layout).
** Default 30 covers both header columns extracted one under the other. Hard
** maximum 10,000. A standalone stamp outside the area still counts, with lower
** confidence when it is only set apart by a gap.
*/
#ifndef DOMAT_DEFAULT_HEADER_LINES
# define DOMAT_DEFAULT_HEADER_LINES 30U
#endif
#define DOMAT_HARD_MAX_HEADER_LINES 10000U

/*
** Listed-content score thresholds: review at 4, block at 8. A distinctive
** listed phrase weighs 4-8, so one alone asks for review and two, or one with
** its qualifier, block. Hard maximum 1,000,000 (scores are 32-bit sums of
** weights of at most 1000 each).
*/
#ifndef DOMAT_DEFAULT_REVIEW_SCORE
# define DOMAT_DEFAULT_REVIEW_SCORE 4U
#endif
#ifndef DOMAT_DEFAULT_BLOCK_SCORE
# define DOMAT_DEFAULT_BLOCK_SCORE 8U
#endif
#define DOMAT_HARD_MAX_SCORE 1000000U
#if DOMAT_DEFAULT_REVIEW_SCORE > DOMAT_DEFAULT_BLOCK_SCORE
# error "review score above block score"
#endif

/*
** Container nesting: mail > zip > docx > embedded object. Default 16, hard
** maximum 64: real documents nest three or four deep; deeper is a bomb. Past
** it: "unscanned: recursion depth 17 > 16".
*/
#ifndef DOMAT_DEFAULT_MAX_DEPTH
# define DOMAT_DEFAULT_MAX_DEPTH 16U
#endif
#define DOMAT_HARD_MAX_DEPTH 64U

/*
** Files taken from one archive or mail message. Default 10,000 (a mail with
** thousands of parts is an attack, not correspondence); hard maximum
** 1,000,000. Past it the rest are listed as unscanned, once.
*/
#ifndef DOMAT_DEFAULT_MAX_MEMBERS
# define DOMAT_DEFAULT_MAX_MEMBERS 10000U
#endif
#define DOMAT_HARD_MAX_MEMBERS 1000000U

/*
** Decompressed size over compressed size of one member. Default 250: text
** compresses 3-10x, office XML up to about 100x; a zip bomb runs to 1,000x
** and more. Hard maximum 100,000. A member past it is scanned up to the
** ratio, then reported: "unscanned: compression ratio > 250".
*/
#ifndef DOMAT_DEFAULT_MAX_RATIO
# define DOMAT_DEFAULT_MAX_RATIO 250U
#endif
#define DOMAT_HARD_MAX_RATIO 100000U

/*
** Bytes extracted from one input in all (decompressed members, page text).
** Default 2 GiB, twice the input limit; hard maximum 64 GiB. Past it the
** extraction stops with "unscanned: extracted bytes > limit".
*/
#ifndef DOMAT_DEFAULT_MAX_EXTRACTED
# define DOMAT_DEFAULT_MAX_EXTRACTED (2ULL << 30)
#endif
#define DOMAT_HARD_MAX_EXTRACTED (64ULL << 30)

/*
** Pages read from one PDF. Default 10,000; hard maximum 1,000,000. A PDF
** claiming more is read to the limit and reported ("unscanned: pages
** 10001-N").
*/
#ifndef DOMAT_DEFAULT_MAX_PAGES
# define DOMAT_DEFAULT_MAX_PAGES 10000U
#endif
#define DOMAT_HARD_MAX_PAGES 1000000U

/*
** Wall time for one input, in milliseconds. Default 60,000: a mail gateway
** must answer while the client waits; hard maximum 24 hours. Past it the scan
** stops where it is: "unscanned: time limit 60000 ms reached".
*/
#ifndef DOMAT_DEFAULT_MAX_TIME_MS
# define DOMAT_DEFAULT_MAX_TIME_MS 60000U
#endif
#define DOMAT_HARD_MAX_TIME_MS 86400000U

/*
** Dictionary limits. A phrase is at most 256 bytes (the longest real mark,
** CHỈ NGƯỜI CÓ TÊN MỚI ĐƯỢC BÓC BÌ, is 44); an id at most 64; a line at most
** 4,096; entries across all directories at most 1,000,000 (Hyperscan compiles
** 100,000 literals in seconds; a million in minutes). Proximity (near=) spans
** at most 1,000 words. A dictionary over a limit is an EDICT error naming the
** file and line, never truncated.
*/
#define DOMAT_MAX_PHRASE 256
#define DOMAT_MAX_ID 64
#define DOMAT_MAX_DICT_LINE 4096
#define DOMAT_MAX_ENTRIES 1000000U
#define DOMAT_MAX_NEAR_WORDS 1000U
#define DOMAT_MAX_WEIGHT 1000U

/*
** Snippet bytes quoted per finding: 200, enough for the longest mark with
** context, small enough that a result never carries a document's worth of
** secret text.
*/
#define DOMAT_MAX_SNIPPET 200

struct domat_limits;
/* Replace zeros by defaults and clamp values to the hard maximums above. */
void limits_clamp(struct domat_limits *l);

#endif

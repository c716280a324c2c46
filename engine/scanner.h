/*
** 2026-11-25
**
** scanner.h: what a domat_scanner holds (internal), shared by scan.c, which
** runs text through the pipeline, and doc.c, which takes documents apart.
*/
#ifndef DOMAT_SCANNER_H
#define DOMAT_SCANNER_H

#include <hs.h>

#include "classify.h"
#include "engine.h"
#include "fold.h"
#include "html.h"
#include "score.h"
#include "source.h"
#include "text.h"

typedef struct hitvec {
    hit *h;
    size_t n, cap;
} hitvec;

struct domat_scanner {
    const domat_engine *eng;
    domat_limits lim;
    hs_scratch_t *scratch;
    pcre2_match_data *md;
    size_t *re_end;          /* per regex pattern: end of its last match */
    void *magic;             /* libmagic handle, opened on first use */
    text_buf raw, vis;       /* decoded text; visible text (HTML stripped) */
    const text_buf *t;       /* vis for HTML, raw otherwise */
    fold_view cv, fv;
    html_state html;
    uint32_t *raw_lines, *vis_lines; /* line starts of the segment, lazily */
    size_t nraw_lines, nvis_lines, capraw_lines, capvis_lines;
    int raw_lines_ok, vis_lines_ok;
    hitvec hits, marks;
    /* per text piece */
    uint64_t raw_line_base, vis_line_base;
    uint64_t word_base;
    uint64_t dup_limit;      /* hits ending before this were reported */
    uint32_t page;
    const char *part;        /* location inside the input, or NULL */
    int is_html;
    int failed;              /* out of memory inside a callback */
    /* per input */
    domat_result *res;
    score_state score;
    int declassified;
    int stop;                /* a limit or the time budget ran out */
    uint64_t deadline_ms;    /* monotonic clock */
    uint64_t extracted;      /* bytes extracted so far (doc_budget) */
    int have_encoding;       /* the result's encoding is set */
};

/*
** Run one piece of text (a whole text input, a PDF page, a part of an office
** file) through decode, html, fold, match and classify into sc->res. `enc`
** NULL detects; `part` and `page` locate the findings. Returns DOMAT_OK, or an
** error status for engine failures (out of memory, Hyperscan).
*/
domat_status scan_text(domat_scanner *sc, source *src, const char *enc,
                       domat_content content, const char *part, uint32_t page);

/* Milliseconds on the monotonic clock. */
uint64_t scan_now_ms(void);

/*
** Take one input apart by type and scan every piece (doc.c). Errors in the
** document itself become unscanned reasons or an error verdict; only engine
** failures return an error status.
*/
domat_status doc_scan(domat_scanner *sc, source *src, const domat_input *in);

/* Release the per-scanner state doc.c keeps (the libmagic handle). */
void doc_scanner_free(domat_scanner *sc);

#endif

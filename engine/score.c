/*
** 2026-11-25
**
** score.c: weighs listed content found in one document.
**
** Takes occurrences of listed entries (and of the anchors their near= names),
** hands on findings with their effect. A category list describes kinds of
** content, not fixed words, so one phrase proves little: each entry adds its
** weight once per document however often it recurs (a leaked exam paper and a
** plan that mentions exams once should not be told apart by repetition), near=
** demands its qualifier close by, and rules reward several entries together.
** Memory is bounded: occurrences past POS_MAX are not kept for near=, which
** can only make a proximity condition miss, never invent one.
*/
#include "score.h"

#include <stdlib.h>
#include <string.h>

#define POS_MAX 65536

int score_init(score_state *s, size_t nentries)
{
    memset(s, 0, sizeof *s);
    s->first = malloc((nentries ? nentries : 1) * sizeof *s->first);
    if (!s->first)
        return -1;
    for (size_t i = 0; i < nentries; i++)
        s->first[i] = -1;
    return 0;
}

/* Undo exactly what this document touched, so reset costs O(found). */
void score_reset(score_state *s)
{
    for (size_t i = 0; i < s->nfound; i++) {
        free((char *)s->found[i].snippet);
        free((char *)s->found[i].note);
        s->first[s->found_entry[i]] = -1;
    }
    s->nfound = 0;
    s->npos = 0;
    s->pos_full = 0;
}

void score_free(score_state *s, size_t nentries)
{
    (void)nentries;
    if (!s->first)
        return;
    score_reset(s);
    free(s->first);
    free(s->found);
    free(s->found_entry);
    free(s->pos);
    memset(s, 0, sizeof *s);
}

int score_hit(score_state *s, uint32_t entry, uint64_t word, domat_finding **slot)
{
    if (s->npos < POS_MAX) {
        if (s->npos == s->cappos) {
            size_t nc = s->cappos ? s->cappos * 2 : 64;
            score_pos *np = realloc(s->pos, nc * sizeof *np);
            if (!np)
                return -1;
            s->pos = np;
            s->cappos = nc;
        }
        s->pos[s->npos].entry = entry;
        s->pos[s->npos].word = word;
        s->npos++;
    } else {
        s->pos_full = 1;
    }
    if (s->first[entry] >= 0)
        return 0;
    if (s->nfound == s->capfound) {
        size_t nc = s->capfound ? s->capfound * 2 : 16;
        domat_finding *nf = realloc(s->found, nc * sizeof *nf);
        if (!nf)
            return -1;
        s->found = nf;
        uint32_t *ne = realloc(s->found_entry, nc * sizeof *ne);
        if (!ne)
            return -1;
        s->found_entry = ne;
        s->capfound = nc;
    }
    memset(&s->found[s->nfound], 0, sizeof s->found[s->nfound]);
    s->found_entry[s->nfound] = entry;
    s->first[entry] = (int32_t)s->nfound;
    *slot = &s->found[s->nfound];
    s->nfound++;
    return 1;
}

static int cmp_pos(const void *a, const void *b)
{
    const score_pos *x = a, *y = b;
    if (x->entry != y->entry)
        return x->entry < y->entry ? -1 : 1;
    return x->word < y->word ? -1 : x->word > y->word;
}

/* Positions of one entry: a run in the sorted pos[]. */
static const score_pos *run_of(const score_state *s, uint32_t entry, size_t *n)
{
    size_t lo = 0, hi = s->npos;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->pos[mid].entry < entry)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t k = lo;
    while (k < s->npos && s->pos[k].entry == entry)
        k++;
    *n = k - lo;
    return s->pos + lo;
}

/* Any pair of positions within `words` of each other (both runs sorted). */
static int near_enough(const score_pos *a, size_t na, const score_pos *b,
                       size_t nb, uint32_t words)
{
    size_t x = 0, y = 0;
    while (x < na && y < nb) {
        uint64_t p = a[x].word, q = b[y].word;
        uint64_t d = p > q ? p - q : q - p;
        if (d <= words)
            return 1;
        if (p < q)
            x++;
        else
            y++;
    }
    return 0;
}

int score_finish(score_state *s, const domat_engine *eng,
                 const domat_limits *lim, domat_result *res)
{
    const dict *d = &eng->d;
    if (s->npos)
        qsort(s->pos, s->npos, sizeof *s->pos, cmp_pos);
    uint8_t *counts = calloc(s->nfound ? s->nfound : 1, 1);
    if (!counts)
        return -1;
    uint64_t score = 0;
    uint8_t level = DOMAT_LEVEL_NONE;
    for (size_t i = 0; i < s->nfound; i++) {
        const dict_entry *e = &d->e[s->found_entry[i]];
        if (e->kind != DK_LISTED)
            continue; /* anchors and info only serve near= */
        int ok = 1;
        if (e->near_idx >= 0) {
            size_t na, nb;
            const score_pos *a = run_of(s, s->found_entry[i], &na);
            const score_pos *b = run_of(s, (uint32_t)e->near_idx, &nb);
            ok = near_enough(a, na, b, nb, e->near_words);
        }
        counts[i] = (uint8_t)ok;
        if (ok && e->weight) {
            score += e->weight;
            if (e->level > level)
                level = e->level;
        }
    }
    /* Rules: which fire, scored before effects are known. */
    uint8_t *fired = calloc(d->nr ? d->nr : 1, 1);
    if (!fired) {
        free(counts);
        return -1;
    }
    for (size_t r = 0; r < d->nr; r++) {
        const dict_rule *ru = &d->r[r];
        uint32_t have = 0;
        for (size_t k = 0; k < ru->nmembers; k++) {
            int32_t f = s->first[ru->members[k]];
            if (f >= 0 && (d->e[ru->members[k]].kind != DK_LISTED || counts[f]))
                have++;
        }
        if (have >= ru->need) {
            fired[r] = 1;
            score += ru->weight;
            if (ru->weight && ru->level > level)
                level = ru->level;
        }
    }
    int effect = score >= lim->block_score ? EFFECT_BLOCK
               : score >= lim->review_score ? EFFECT_REVIEW : EFFECT_NONE;
    int rc = 0;
    for (size_t i = 0; i < s->nfound && rc == 0; i++) {
        const dict_entry *e = &d->e[s->found_entry[i]];
        /* Weightless entries are qualifiers: they count for rules, but as
        ** evidence they would only crowd out what did count. */
        if (e->kind != DK_LISTED || !counts[i] || !e->weight)
            continue;
        domat_finding f = s->found[i];
        f.rule = e->id;
        f.kind = DOMAT_KIND_LISTED;
        f.level = (domat_level)e->level;
        f.category = e->category;
        f.confidence = effect == EFFECT_BLOCK ? DOMAT_CONF_HIGH : DOMAT_CONF_MEDIUM;
        /* Only entries that carry weight share the score's effect. */
        rc = result_add(res, &f, effect);
    }
    for (size_t r = 0; r < d->nr && rc == 0; r++) {
        if (!fired[r])
            continue;
        const dict_rule *ru = &d->r[r];
        /* A rule's evidence is its first member found. */
        domat_finding f;
        memset(&f, 0, sizeof f);
        for (size_t k = 0; k < ru->nmembers; k++) {
            int32_t x = s->first[ru->members[k]];
            if (x >= 0) {
                f = s->found[x];
                break;
            }
        }
        f.rule = ru->id;
        f.kind = DOMAT_KIND_RULE;
        f.level = (domat_level)ru->level;
        f.category = ru->category;
        f.note = "rule: enough of its entries occur together";
        f.confidence = DOMAT_CONF_HIGH;
        rc = result_add(res, &f, ru->weight ? effect : EFFECT_NONE);
    }
    free(counts);
    free(fired);
    score_reset(s);
    return rc;
}

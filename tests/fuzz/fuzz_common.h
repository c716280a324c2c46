/*
** 2026-11-25
**
** fuzz_common.h: what every libFuzzer harness shares: one engine over the
** shipped dictionaries, opened once per process, and one scanner whose limits
** are those the engine documents (limits.h), tightened only where a fuzzer
** would otherwise spend its time on size rather than on structure.
*/
#ifndef DOMAT_FUZZ_COMMON_H
#define DOMAT_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>

#include "domat.h"

static domat_engine *fuzz_eng;
static domat_scanner *fuzz_sc;

static void fuzz_open(void)
{
    const char *dirs[] = {DOMAT_DICTDIR};
    if (domat_open_engine(&fuzz_eng, dirs, 1, NULL, NULL) != DOMAT_OK) {
        fprintf(stderr, "fuzz: %s\n", domat_last_error());
        abort();
    }
    domat_limits lim;
    domat_limits_default(&lim);
    lim.segment_bytes = 4096;  /* exercise segment cuts on small inputs */
    lim.max_time_ms = 5000;    /* below libFuzzer's -timeout */
    if (domat_new_scanner(&fuzz_sc, fuzz_eng, &lim) != DOMAT_OK)
        abort();
}

/* Scan and check the invariants every result must keep. */
static void fuzz_scan(const unsigned char *data, size_t size, domat_content ct)
{
    domat_input in = {"fuzz", ct, NULL};
    domat_result *r = NULL;
    domat_status st = domat_scan_buffer(fuzz_sc, data, size, &in, &r);
    if (st != DOMAT_OK) {
        if (st != DOMAT_ENOMEM)
            abort(); /* bad input is never an engine failure */
        return;
    }
    for (size_t i = 0; i < domat_result_findings(r); i++) {
        const domat_finding *f = domat_result_finding(r, i);
        /* Evidence must lie inside the input it points at (top level). */
        if (!f->part && f->offset + f->length > size)
            abort();
    }
    char *s = NULL;
    if (domat_render_result(r, DOMAT_FORMAT_JSON, &s, NULL) != DOMAT_OK)
        abort();
    free(s);
    domat_free_result(r);
}

/* The two entry points of a harness that scans its input as `ct`. */
#define FUZZ_SCAN_HARNESS(ct)                                              \
    int LLVMFuzzerInitialize(int *argc, char ***argv);                     \
    int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);    \
    int LLVMFuzzerInitialize(int *argc, char ***argv)                      \
    {                                                                      \
        (void)argc;                                                        \
        (void)argv;                                                        \
        fuzz_open();                                                       \
        return 0;                                                          \
    }                                                                      \
    int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)     \
    {                                                                      \
        fuzz_scan(data, size, ct);                                         \
        return 0;                                                          \
    }

#endif

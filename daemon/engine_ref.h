/*
** 2026-11-25
**
** engine_ref.h: the engine every front end scans with, and its swap on reload.
**
** A generation is one opened domat_engine with a pool of scanners built for
** it. A scan leases (generation, scanner), scans, and gives the lease back.
** A reload opens a new engine in a background thread and, only if that
** succeeded, makes it current with one pointer swap; leases already out keep
** their old generation, which is freed when the last of them comes back. So
** no scan fails or waits for a reload, and a broken dictionary leaves the old
** engine serving.
*/
#ifndef DOMATD_ENGINE_REF_H
#define DOMATD_ENGINE_REF_H

#include <stdint.h>
#include <time.h>

#include "config.h"
#include "domat.h"

typedef struct eref_gen eref_gen;

typedef struct eref_lease {
    eref_gen *gen;
    domat_scanner *sc;
} eref_lease;

typedef struct eref_info {
    uint64_t generation;     /* 1 for the engine loaded at start */
    char digest[80];         /* hex digest of the dictionary sources */
    uint64_t entries;
    double load_seconds;     /* time the current engine took to open */
    time_t loaded_at;
    int from_cache;
    uint64_t reloads_ok, reloads_failed;
    int reloading;           /* a reload is running now */
    char last_error[256];    /* why the last reload failed, "" if it did not */
} eref_info;

/* Open the first engine, synchronously; -1 with a logged reason on failure. */
int eref_init(const conf *c);
/* Wait for a running reload, then free everything. No lease may be out. */
void eref_shutdown(void);

/* Lease the current engine and a scanner for it; -1 on allocation failure. */
int eref_acquire(eref_lease *l);
void eref_release(eref_lease *l);

/*
** Ask for a reload in the background and return at once. Requests made while
** one runs are merged into one more run after it, so the last request always
** sees the files as they were when it was made.
*/
void eref_reload_async(const char *why);
/* Block until no reload is running or pending (tests, shutdown). */
void eref_wait_idle(void);

void eref_get_info(eref_info *out);

#endif

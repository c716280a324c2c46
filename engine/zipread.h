/*
** 2026-11-25
**
** zipread.h: the members of a zip package held in memory, one at a time, as
** a stream, within the container limits. Shared by the OOXML and ODF readers.
**
** The central directory is read first (so a truncated or foreign file is
** refused before anything is decompressed, and every member's compressed
** size is known for the ratio check), then libarchive decompresses members
** as the caller reads them. Passes can be repeated: a reader that needs one
** part (styles) before another (text) asks for a second pass, which costs a
** walk over the central directory, never a decompression of skipped members.
*/
#ifndef DOMAT_ZIPREAD_H
#define DOMAT_ZIPREAD_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

typedef struct zipread zipread;

/*
** Read the central directory of data[0..len) (which must outlive the
** zipread). Returns DOC_OK, DOC_NOMEM, or DOC_CORRUPT after doc_corrupt()
** ("truncated zip: ...", "not a zip archive: ..."). Reports once, as
** unscanned, the members past limits.max_members.
*/
int zipread_open(zipread **out, doc_ctx *c, const unsigned char *data,
                 size_t len);
void zipread_free(zipread *z);

/* Whether the central directory names a member (exact path), or how many
** of its names fnmatch(3) the pattern (FNM_PATHNAME). Only the members
** within the member limit count. */
int zipread_has(const zipread *z, const char *name);
size_t zipread_count_matching(const zipread *z, const char *pattern);

/*
** Start a pass over the members, in the order they are stored. Returns
** DOC_OK, DOC_NOMEM, or DOC_CORRUPT after doc_corrupt() when libarchive
** cannot open the package at all.
*/
int zipread_pass(zipread *z);

/*
** The next member of this pass: 1 with *name set (valid until the next call),
** 0 when the pass is over: at the end, at the member limit, when doc_stop()
** is set, or when the package is damaged past this point (reported as
** unscanned). Directories are passed over.
*/
int zipread_next(zipread *z, const char **name);

/*
** Call before reading the current member: 0 when it can be read, -1 when it
** is encrypted (reported: "encrypted member word/document.xml"). A member
** whose declared size is past the ratio is reported here, then read up to it.
*/
int zipread_want(zipread *z);

/*
** Read the current member (a doc_read_fn; arg is the zipread). Every byte is
** charged to doc_budget. The member ends early, as if complete, when the
** budget or time runs out (doc_stop), when it passes limits.max_ratio times
** its compressed size ("compression ratio of word/document.xml > 250"), or
** when it cannot be decompressed ("cannot read member ...: <reason>"); each is
** reported once and zipread_cut() then tells the caller (also for a member
** reported past the ratio by zipread_want), so that the XML parser's
** complaint about the cut, or about the bomb's content, is not reported too.
*/
long zipread_read(void *z, void *buf, size_t n);
int zipread_cut(const zipread *z);

/* What a reader does with a member in a pass of zipread_walk_pass. */
enum {
    ZR_SKIP,   /* nothing in this pass */
    ZR_MEDIA,  /* an image: counted, never read */
    ZR_EMBED,  /* an embedded file: handed on whole with doc_file_stream */
    ZR_PART    /* a part the reader parses itself, with part() */
};

/*
** How an office reader walks its package, the same for OOXML and ODF.
** sort(u, pass, name, &kind) says what a member is in this pass (ZR_*),
** setting the reader's own kind for part(); it may itself report a member
** and return ZR_SKIP. part(u, name, kind) reads the current member (with
** zipread_read); its DOC_NOMEM ends the walk, any other result does not.
** media counts the ZR_MEDIA members met, over all passes.
*/
typedef struct zipread_walk {
    int (*sort)(void *u, int pass, const char *name, int *kind);
    int (*part)(void *u, const char *name, int kind);
    void *u;
    unsigned media;
} zipread_walk;

/*
** One pass over the package with w: members zipread_want refuses are passed
** over (it reported them). Returns zipread_pass's error, DOC_NOMEM when
** reading a member ran out of memory, else DOC_OK.
*/
int zipread_walk_pass(zipread *z, int pass, zipread_walk *w);

/*
** After the passes: report, as unscanned, a package that had images and no
** visible text (text_visible: its body text's non-blank bytes), since the
** images themselves are not scanned ("no text, only 2 images (not
** scanned)"). Nothing once doc_stop is set.
*/
void zipread_walk_images_only(const zipread *z, const zipread_walk *w,
                              uint64_t text_visible);

/* Whether name matches pattern as fnmatch(3) with FNM_PATHNAME sees it:
** '*' stays within one directory level ("word/header*.xml"). */
int zipread_match(const char *pattern, const char *name);

#endif

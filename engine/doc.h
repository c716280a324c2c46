/*
** 2026-11-25
**
** doc.h: the interface between document extractors and the scanner.
**
** An extractor takes the bytes of one document of its format and hands on
** what a reader would see: text pieces (a page, a part of a package, a mail
** body), embedded files (archive members, attachments, OLE objects) and the
** parts it could not read. It never matches, classifies or prints: the scanner
** behind doc_ctx does that, so every format gets the same normalizer, matcher
** and classifier, and every finding a location such as
** "mail.eml > baocao.zip > kehoach.docx > word/header1.xml line 2".
**
** Extractors are registered in doc.c by type. Each returns DOC_OK when it is
** done (having reported unreadable parts with doc_unscanned), DOC_CORRUPT
** after doc_corrupt() when the document cannot be read at all, or DOC_NOMEM.
** They must check doc_stop() in loops over pages, parts or members and return
** DOC_OK promptly when it is set (a limit or the time budget ran out; the
** scanner has already recorded why).
*/
#ifndef DOMAT_DOC_H
#define DOMAT_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "domat.h"

enum { DOC_OK = 0, DOC_CORRUPT = 1, DOC_NOMEM = -1 };

typedef struct doc_ctx doc_ctx;

/*
** A piece of text, already decoded to UTF-8 (extractors convert text set in
** legacy Vietnamese fonts with decode_font_text first). `part` names where it
** sits inside the document ("word/document.xml", "Subject", "sheet1"); NULL
** for none. `page` is 1-based, 0 when the format has no pages. Line numbers
** and the header area start again with each piece, so give each page or part
** its own piece rather than concatenating them.
*/
int doc_text(doc_ctx *c, const char *part, uint32_t page, const char *utf8,
             size_t len);

/* The same for raw bytes in a known or unknown (NULL) encoding name. */
int doc_text_bytes(doc_ctx *c, const char *part, uint32_t page,
                   const void *bytes, size_t len, const char *encoding);

/*
** An embedded file, scanned as a document of its own type (from its content,
** never its name), one level deeper. `name` is shown in locations.
*/
int doc_file(doc_ctx *c, const char *name, const void *data, size_t len);

/*
** The same, read through a callback, so a large archive member is scanned as
** it is decompressed instead of being held whole. The callback returns bytes
** read, 0 at the end, -1 on a read error (the member is then reported as
** unscanned, with `err` from the callback's owner if it set one).
*/
typedef long (*doc_read_fn)(void *arg, void *buf, size_t n);
int doc_file_stream(doc_ctx *c, const char *name, doc_read_fn rd, void *arg);

/*
** A part that could not be scanned (encrypted member, image-only pages,
** unsupported feature): the input gets at least verdict review with this
** reason, prefixed by the current location.
*/
int doc_unscanned(doc_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The document cannot be read at all: why. Return DOC_CORRUPT after it. */
int doc_corrupt(doc_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Nonzero when the extractor must stop (time budget, limits, out of memory). */
int doc_stop(doc_ctx *c);

/* The limits in force, and how deep this document is nested (0 = top). */
const domat_limits *doc_limits(const doc_ctx *c);
unsigned doc_depth(const doc_ctx *c);

/*
** Account for n bytes an extractor is about to decompress or extract. Returns
** 0, or -1 when the input's total would pass limits.max_extracted_bytes (the
** scanner records the reason and sets doc_stop).
*/
int doc_budget(doc_ctx *c, uint64_t n);

/* A little-endian 16- or 32-bit value at p, for the binary formats (zip
** directories, compound files, Word and Excel records); the caller has
** checked that the bytes are there. */
static inline uint16_t doc_le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t doc_le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

/* ---- extractors (one module each) ---- */
int pdf_extract(doc_ctx *c, const unsigned char *data, size_t len);
int ooxml_extract(doc_ctx *c, const unsigned char *data, size_t len);
int odf_extract(doc_ctx *c, const unsigned char *data, size_t len);
int msdoc_extract(doc_ctx *c, const unsigned char *data, size_t len);  /* .doc */
int msxls_extract(doc_ctx *c, const unsigned char *data, size_t len);  /* .xls */
int rtf_extract(doc_ctx *c, const unsigned char *data, size_t len);
int mime_extract(doc_ctx *c, const unsigned char *data, size_t len);
/* Archives are read as a stream, so a large one is never held whole. */
int archive_extract(doc_ctx *c, doc_read_fn rd, void *arg); /* zip, tar, gz, ... */

#endif

/*
** 2026-11-25
**
** ole2.h: a bounded reader of Compound File Binary files (MS-CFB, "OLE2"),
** and the text assembly shared by the legacy Office extractors.
**
** The container of .doc, .xls, .ppt and of password-protected .docx/.xlsx.
** The whole file is in memory; streams are handed back as a view into it when
** their sectors are contiguous, else as one assembled copy. Every sector
** chain is followed at most once per sector (a cycle is an error, never a
** hang), every sector index and claimed size is checked against the file.
** Memory besides stream copies is a few bytes per sector of the file. It
** also writes a storage out as a compound file of its own (an embedded
** Word or Excel document becomes a file to scan), and hands on embedded
** objects and the document properties.
**
** ole2_tb is the piece builder of msdoc.c, msxls.c and rtf.c: UTF-8 text
** with runs set in legacy fonts (.VnTime, VNI-Times) converted through
** decode_font_text, cut into pieces of bounded size at line breaks (doc_text
** accounts their bytes against max_extracted), dropped once doc_stop is set.
*/
#ifndef DOMAT_OLE2_H
#define DOMAT_OLE2_H

#include <stddef.h>
#include <stdint.h>

#include "decode.h"
#include "doc.h"

enum { OLE2_OK = 0, OLE2_NOTCFB = 1, OLE2_CORRUPT = 2, OLE2_NOMEM = -1 };

#define OLE2_NONE 0xFFFFFFFFu /* no such entry */
#define OLE2_ROOT 0u          /* the root storage */

typedef struct ole2 ole2;

/* Nonzero when data starts with the compound file signature. */
int ole2_is_cfb(const unsigned char *data, size_t len);

/*
** Read the header, FAT, mini FAT and directory of data[0..len), which must
** outlive the handle. Returns OLE2_OK with *out set, OLE2_NOTCFB, OLE2_CORRUPT
** (why says what is wrong, e.g. "FAT sector 812 past the end of the file"),
** or OLE2_NOMEM.
*/
int ole2_open(ole2 **out, const unsigned char *data, size_t len, char *why,
              size_t whylen);
void ole2_close(ole2 *f);

/*
** ole2_open for an extractor: DOC_OK with *out set, DOC_NOMEM, or
** DOC_CORRUPT after doc_corrupt("corrupt OLE2 compound file: <why>").
*/
int ole2_open_doc(ole2 **out, doc_ctx *c, const unsigned char *data, size_t len);

/*
** The entry named `name` (compared ignoring ASCII case, as CFB does) among
** the children of `storage`, or OLE2_NONE. Entries not reachable from the
** root through the directory tree are never found.
*/
uint32_t ole2_find(const ole2 *f, uint32_t storage, const char *name);
/* Children of a storage in directory order: start with after = OLE2_NONE;
** OLE2_NONE at the end. */
uint32_t ole2_next_child(const ole2 *f, uint32_t storage, uint32_t after);
/* Entry's name in UTF-8 ("WordDocument", "\005SummaryInformation"). */
const char *ole2_name(const ole2 *f, uint32_t id);
int ole2_is_stream(const ole2 *f, uint32_t id);
int ole2_is_storage(const ole2 *f, uint32_t id);
/* Size the entry claims (checked only when it is read). */
uint64_t ole2_size(const ole2 *f, uint32_t id);

/* A stream's bytes: `data` points into the file or into `owned`. */
typedef struct ole2_stream {
    const unsigned char *data;
    size_t len;
    unsigned char *owned;
} ole2_stream;

/*
** Read stream `id`. OLE2_OK, OLE2_CORRUPT with why ("sector chain of
** \"WordDocument\" loops at sector 9"), or OLE2_NOMEM. Free with
** ole2_stream_free (accepts a zeroed or freed stream).
*/
int ole2_read(ole2 *f, uint32_t id, ole2_stream *out, char *why, size_t whylen);
void ole2_stream_free(ole2_stream *s);

/*
** Title, subject, keywords and comments of "\005SummaryInformation", and the
** names and text values of the user-defined properties of
** "\005DocumentSummaryInformation", as one piece "metadata", one property a
** line. Unreadable property sets are reported unscanned. DOC_OK/DOC_NOMEM.
*/
int ole2_emit_summary(doc_ctx *c, ole2 *f);

/*
** What each byte of a single-byte charset (ENC_CP1252, ENC_CP1258, ENC_TCVN3)
** stands for, one code point a byte (CP1258 tone marks stay combining).
** 0, or -1 when out of memory.
*/
int ole2_charset_map(decode_enc charset, uint32_t map[256]);

/*
** Write `storage` and all under it as a compound file of its own, so an
** embedded Word or Excel document can be scanned as a file. *out is
** malloc'd. OLE2_OK, OLE2_CORRUPT (why) when a stream cannot be read, or
** OLE2_NOMEM.
*/
int ole2_export(ole2 *f, uint32_t storage, unsigned char **out, size_t *outlen,
                char *why, size_t whylen);

/*
** An embedded object (a storage of Word's ObjectPool, Excel's MBD...) handed
** on with doc_file under `name`: an OOXML "Package", the file inside OLE1
** "\001Ole10Native", a Word/Excel/PowerPoint storage written out whole, or
** a "CONTENTS" stream. Any other object with content is reported unscanned;
** one holding only links and cached pictures is nothing to scan.
** DOC_OK or DOC_NOMEM.
*/
int ole2_emit_object(doc_ctx *c, ole2 *f, uint32_t obj, const char *name);

/* ---- piece builder shared by msdoc.c, msxls.c, rtf.c ---- */

typedef struct ole2_tb {
    doc_ctx *c;
    const char *part;  /* not copied: must live until ole2_tb_end */
    uint32_t page;     /* 0, or the slide number */
    char *p;
    size_t len, cap;
    decode_enc run;    /* legacy encoding of p[run_at..len), or ENC_UNKNOWN */
    size_t run_at;
    int err;           /* DOC_NOMEM once out of memory */
    int stop;          /* budget or doc_stop: further text is dropped */
    int emitted;       /* pieces handed on so far */
    text_buf tmp;      /* scratch for ole2_tb_bytes */
} ole2_tb;

void ole2_tb_init(ole2_tb *b, doc_ctx *c, const char *part);
/*
** Append text set in a font of legacy encoding `enc` (ENC_TCVN3, ENC_VNI) or
** a Unicode font (ENC_UNKNOWN). For a legacy font the text is what the file
** stores, the Latin-1/CP1252 look-alikes ("tèi mËt").
*/
void ole2_tb_cp(ole2_tb *b, uint32_t cp, decode_enc enc);
void ole2_tb_utf8(ole2_tb *b, const char *s, size_t n, decode_enc enc);
/* Bytes in a single-byte `charset` (ENC_CP1252, ENC_CP1258), set in a font
** of legacy encoding `enc` or ENC_UNKNOWN. */
void ole2_tb_bytes(ole2_tb *b, const unsigned char *s, size_t n,
                   decode_enc charset, decode_enc enc);
/* A line break, unless the text is empty or already ends with one. */
void ole2_tb_eol(ole2_tb *b);
/* Hand on what is left (nothing when it is only whitespace) and free the
** buffer. DOC_OK, or DOC_NOMEM when any append ran out of memory. */
int ole2_tb_end(ole2_tb *b);
void ole2_tb_free(ole2_tb *b);

#endif

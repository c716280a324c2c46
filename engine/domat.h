/*
** 2026-11-25
**
** domat.h: the whole public interface of libdomat, the scanning engine that
** tells a document carrying a Vietnamese state-secret mark (TUYỆT MẬT, TỐI MẬT,
** MẬT) or listed secret content from a public one.
**
** Usage follows Hyperscan's model: compile the dictionaries once into a
** read-only domat_engine shared by every thread, give each thread its own
** domat_scanner, and scan buffers or files with it. Each scan yields a
** domat_result that the caller walks or renders, then frees.
**
** Every call returns a domat_status. On failure, domat_last_error() returns a
** message for the calling thread. The library never prints, never exits and
** never aborts on bad input.
*/
#ifndef DOMAT_H
#define DOMAT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DOMAT_VERSION "0.1.0"

typedef enum domat_status {
    DOMAT_OK = 0,
    DOMAT_ENOMEM = -1,   /* an allocation failed */
    DOMAT_EINVAL = -2,   /* a caller passed a bad argument */
    DOMAT_EIO = -3,      /* a file could not be opened, read or written */
    DOMAT_EDICT = -4,    /* a dictionary has a syntax or semantic error */
    DOMAT_ECOMPILE = -5, /* Hyperscan or PCRE2 refused a pattern */
    DOMAT_ESTALE = -6,   /* a compiled database does not match its sources */
    DOMAT_EFORMAT = -7,  /* a compiled database file is corrupt or foreign */
    DOMAT_ESCAN = -8     /* the matcher failed during a scan */
} domat_status;

/* Message for the last failure on the calling thread; never NULL. */
const char *domat_last_error(void);
/* Short name of a status code, e.g. "EDICT". */
const char *domat_status_name(domat_status st);
/* Library version and the Hyperscan version it runs on. */
const char *domat_version(void);

typedef enum domat_verdict {
    DOMAT_ALLOW = 0,
    DOMAT_REVIEW = 1,
    DOMAT_BLOCK = 2,
    DOMAT_ERROR = 3
} domat_verdict;

/* Ordered: a larger value is a higher secrecy level. */
typedef enum domat_level {
    DOMAT_LEVEL_NONE = 0,
    DOMAT_LEVEL_MAT = 1,       /* MẬT, confidential */
    DOMAT_LEVEL_TOI_MAT = 2,   /* TỐI MẬT, secret */
    DOMAT_LEVEL_TUYET_MAT = 3  /* TUYỆT MẬT, top secret */
} domat_level;

const char *domat_verdict_name(domat_verdict v); /* "allow", "review", ... */
const char *domat_level_name(domat_level l);     /* "mat", ...; NULL for none */

/*
** Limits. Each field is documented in engine/limits.h with its default, its
** hard maximum and the reason for both. Fill with domat_limits_default(), then
** override fields. Zero in any field means "the default".
*/
typedef struct domat_limits {
    uint64_t max_input_bytes; /* larger inputs are scanned up to here: review */
    uint32_t segment_bytes;   /* text is decoded and matched this much at once */
    uint32_t max_findings;    /* findings kept per input; counting goes on */
    uint32_t header_lines;    /* lines from the top that count as header area */
    uint32_t review_score;    /* listed-content score that gives review */
    uint32_t block_score;     /* listed-content score that gives block */
    /* Documents and containers (mail, archives, office files, PDF). */
    uint32_t max_depth;       /* nesting of containers, the input is depth 0 */
    uint32_t max_members;     /* files taken from one archive or message */
    uint32_t max_ratio;       /* decompressed/compressed size of a member */
    uint64_t max_extracted;   /* bytes extracted from one input, in all */
    uint32_t max_pages;       /* pages of one PDF */
    uint32_t max_time_ms;     /* wall time for one input */
} domat_limits;

void domat_limits_default(domat_limits *lim);

/* ---- engine: compiled dictionaries, read-only, shared by threads ---- */

typedef struct domat_engine domat_engine;

/*
** Parse every *.dict file under the given directories (recursively) and report
** the first error as "file:line: reason". Nothing is compiled.
*/
domat_status domat_check_dictionaries(const char *const *dirs, size_t ndirs,
                                      size_t *nentries);

/*
** Open an engine over the given dictionary directories. When cache_path is not
** NULL and names a compiled database whose source hash, format version and
** Hyperscan version match, it is loaded instead of compiling; otherwise the
** dictionaries are compiled and, if cache_path is writable, saved there.
** *from_cache (may be NULL) tells which happened.
*/
domat_status domat_open_engine(domat_engine **out, const char *const *dirs,
                               size_t ndirs, const char *cache_path,
                               int *from_cache);

/* Write the engine's compiled database to path (atomically, via rename). */
domat_status domat_save_engine(const domat_engine *eng, const char *path);

/* Entries in the engine, and a hex digest of its sources. */
size_t domat_engine_entries(const domat_engine *eng);
const char *domat_engine_digest(const domat_engine *eng);

void domat_free_engine(domat_engine *eng);

/* ---- scanner: per-thread working memory ---- */

typedef struct domat_scanner domat_scanner;

/* lim may be NULL for the defaults. The engine must outlive the scanner. */
domat_status domat_new_scanner(domat_scanner **out, const domat_engine *eng,
                               const domat_limits *lim);
void domat_free_scanner(domat_scanner *sc);

/* What the bytes are. AUTO sniffs the content; the name never decides. */
typedef enum domat_content {
    DOMAT_CONTENT_AUTO = 0,
    DOMAT_CONTENT_TEXT = 1,
    DOMAT_CONTENT_HTML = 2
} domat_content;

typedef struct domat_input {
    const char *name;      /* shown as "path" in results; may be NULL */
    domat_content content; /* AUTO unless the caller knows */
    const char *encoding;  /* NULL to detect; else "utf-8", "cp1258", ... */
} domat_input;

typedef struct domat_result domat_result;

/*
** Scan len bytes. On DOMAT_OK, *out holds a result the caller frees. Inputs
** that cannot be scanned whole still give DOMAT_OK with verdict review and an
** unscanned entry; only engine failures return an error status.
*/
domat_status domat_scan_buffer(domat_scanner *sc, const void *data, size_t len,
                               const domat_input *in, domat_result **out);

/*
** Scan a file, reading it one segment at a time so memory stays bounded.
** Documents (PDF, office files, mail, archives) are recognised from their
** content and taken apart; findings inside them carry a `part`. A file
** that cannot be read gives DOMAT_EIO *and* a result with verdict error whose
** error text names the file and the reason, so callers can report it in line.
*/
domat_status domat_scan_file(domat_scanner *sc, const char *path,
                             const domat_input *in, domat_result **out);

/* ---- results ---- */

typedef enum domat_kind {
    DOMAT_KIND_STAMP = 0,        /* a secrecy mark standing as a marking */
    DOMAT_KIND_LISTED = 1,       /* content from a category list */
    DOMAT_KIND_RULE = 2,         /* an n-of group of listed entries */
    DOMAT_KIND_DECLASSIFIED = 3, /* GIẢI MẬT */
    DOMAT_KIND_INFO = 4          /* urgency and handling marks */
} domat_kind;

typedef enum domat_confidence {
    DOMAT_CONF_LOW = 0,
    DOMAT_CONF_MEDIUM = 1,
    DOMAT_CONF_HIGH = 2
} domat_confidence;

/* A finding is a read-only view owned by its result. */
typedef struct domat_finding {
    const char *rule;      /* dictionary entry id, e.g. "stamp.toi-mat" */
    domat_kind kind;
    domat_level level;
    const char *category;  /* sector/category, or NULL */
    uint64_t offset;       /* byte offset of the evidence in the input */
    uint64_t length;       /* its length in bytes of the input */
    uint64_t line;         /* 1-based line of the decoded text */
    uint64_t column;       /* 1-based, in characters */
    uint32_t page;         /* 0 when the input has no pages */
    const char *part;      /* where inside the input, e.g. "baocao.zip >
                           ** kehoach.docx > word/header1.xml"; NULL if none */
    const char *snippet;   /* the evidence as it stands in the input (UTF-8) */
    const char *note;      /* why it counted, e.g. "standalone, header" */
    domat_confidence confidence;
} domat_finding;

domat_verdict domat_result_verdict(const domat_result *res);
domat_level domat_result_level(const domat_result *res);
const char *domat_result_path(const domat_result *res);
const char *domat_result_encoding(const domat_result *res);
/* What the input is: "text", "pdf", "ooxml", "odf", "msword", "msexcel",
** "rtf", "mail", "archive" or "media". */
const char *domat_result_type(const domat_result *res);
const char *domat_result_error(const domat_result *res); /* NULL if none */
size_t domat_result_findings(const domat_result *res);
const domat_finding *domat_result_finding(const domat_result *res, size_t i);
size_t domat_result_unscanned(const domat_result *res);
const char *domat_result_unscanned_reason(const domat_result *res, size_t i);
/* Findings seen beyond limits.max_findings, counted but not kept. */
uint64_t domat_result_dropped(const domat_result *res);

/*
** Build a result for an input the caller could not even hand to the engine
** (e.g. a directory entry that vanished): verdict error with that message.
*/
domat_status domat_error_result(domat_result **out, const char *path,
                                const char *message);

typedef enum domat_format {
    DOMAT_FORMAT_TEXT = 0, /* one line: verdict, level, path, first evidence */
    DOMAT_FORMAT_JSON = 1  /* one JSON object, as in the output contract */
} domat_format;

/*
** Render into a NUL-terminated, newline-ended string the caller frees with
** free(). *len (may be NULL) gets its length.
*/
domat_status domat_render_result(const domat_result *res, domat_format fmt,
                                 char **out, size_t *len);

void domat_free_result(domat_result *res);

#ifdef __cplusplus
}
#endif
#endif /* DOMAT_H */

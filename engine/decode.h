/*
** 2026-11-25
**
** decode.h: bytes in any encoding Vietnamese text is found in -> text_buf.
**
** Detection does not trust declared charsets: a BOM decides UTF-8/UTF-16;
** otherwise valid UTF-8 is taken as UTF-8 and anything else is decoded under
** each single-byte candidate (Windows-1258, TCVN3, VNI, Windows-1252) and the
** one yielding the most plausible Vietnamese syllables wins. Text that is
** valid Unicode but written in a legacy font (TCVN3/VNI look-alikes such as
** "TOÁI MAÄT" or "tèi mËt") is repaired the same way, by scoring.
*/
#ifndef DOMAT_DECODE_H
#define DOMAT_DECODE_H

#include "text.h"

typedef enum decode_enc {
    ENC_UNKNOWN = 0,
    ENC_UTF8,
    ENC_UTF8_BOM,
    ENC_UTF16LE,
    ENC_UTF16BE,
    ENC_CP1258,
    ENC_TCVN3,
    ENC_VNI,
    ENC_CP1252,
    /* Valid UTF-8 whose characters are legacy-font look-alikes. */
    ENC_UTF8_TCVN3,
    ENC_UTF8_VNI
} decode_enc;

/* Stable lowercase name used in results: "utf-8", "utf-16le", "cp1258",
** "tcvn3", "vni", "cp1252", "utf-8+tcvn3", "utf-8+vni", "utf-8-bom". */
const char *decode_enc_name(decode_enc e);
/* Parse a user-given name (case-insensitive, common aliases such as
** "windows-1258", "tcvn", "tcvn5712-1", "utf8"); ENC_UNKNOWN if unknown. */
decode_enc decode_enc_parse(const char *name);

/*
** Pick the encoding of a text from a sample of its first bytes (at most the
** first 64 KiB are looked at). Never returns ENC_UNKNOWN: empty input is UTF-8.
*/
decode_enc decode_detect(const unsigned char *buf, size_t len);

/*
** Length of the BOM at the start of buf for encoding e (0 if none). The caller
** skips it once at the start of the input.
*/
size_t decode_bom_len(decode_enc e, const unsigned char *buf, size_t len);

/*
** Decode buf[0..len) in encoding e, appending to out. Offsets recorded are
** base_off + position in buf. Invalid sequences become U+FFFD covering the
** bad byte(s), never an error. For UTF-16, a trailing odd byte is decoded as
** U+FFFD. *used (may be NULL) receives how many bytes were consumed: when
** `final` is 0, an incomplete multi-byte sequence at the very end is left
** unconsumed so the caller can prepend it to the next segment.
** Returns 0, or -1 when out of memory.
*/
int decode_run(decode_enc e, const unsigned char *buf, size_t len,
               uint32_t base_off, int final, text_buf *out, size_t *used);

/*
** The legacy encoding a font name implies: the ABC/TCVN3 fonts (.VnTime,
** .VnTimeH, .VnArial, .VnCentury, VnTime, ...) give ENC_TCVN3, the VNI fonts
** (VNI-Times, VNI-Helve, ...) ENC_VNI, anything else ENC_UNKNOWN.
*/
decode_enc decode_font_enc(const char *font);

/*
** Text of a run set in a legacy font, as the document stores it (UTF-8 of
** the Latin-1 look-alike characters, "tèi mËt"), turned into the Vietnamese
** it shows ("tối mật"). `legacy` is ENC_TCVN3 or ENC_VNI. Returns a malloc'd
** NUL-terminated string and its length, or NULL when out of memory.
*/
char *decode_font_text(decode_enc legacy, const char *utf8, size_t len,
                       size_t *outlen);

#endif

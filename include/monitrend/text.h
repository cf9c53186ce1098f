/*
 * text.h - the rules for text read from inputs, and one-line messages.
 *
 * Input text must be UTF-8.  A source may declare another encoding
 * (`encoding = latin1` or `cp1252`, docs/model-format.md); its bytes are
 * then transcoded to UTF-8 before anything else reads them.  In fields and
 * model values monitrend refuses what no label or value has a reason to
 * hold and what breaks the formats it writes:
 *   - bytes that are not UTF-8 (overlong forms, surrogates, beyond U+10FFFF);
 *   - control characters: C0 (U+0000-U+001F, tab and line breaks
 *     included: a label spanning lines breaks findings.txt and messages),
 *     DEL (U+007F) and C1 (U+0080-U+009F, which is where latin1/cp1252
 *     bytes 0x80-0x9F land when a file is declared with the wrong one);
 *   - non-characters (U+FDD0-U+FDEF and U+xFFFE/U+xFFFF of every plane):
 *     an SVG holding U+FFFE is not well-formed XML.
 */
#ifndef MONITREND_TEXT_H
#define MONITREND_TEXT_H

#include <stddef.h>

typedef enum { MT_ENC_UTF8 = 0, MT_ENC_LATIN1, MT_ENC_CP1252 } mt_encoding;

/* Length (1-4) of the well-formed UTF-8 sequence at s (n bytes available)
 * and its code point in *cp (may be NULL); 0 when s does not start one
 * (n = 0, a stray or missing continuation byte, overlong forms, surrogates,
 * code points above U+10FFFF: RFC 3629).  The one UTF-8 decoder of
 * monitrend: the input checks below and the escaping of the writers. */
size_t mt_text_utf8_decode(const unsigned char *s, size_t n, unsigned *cp);

/* Check n bytes of s against the rules above.  Returns NULL when the text
 * is acceptable; otherwise a static description ("invalid UTF-8", "control
 * character U+001B", ...) written into why (size >= 64) and *offset set to
 * the byte offset of the fault. */
const char *mt_text_check(const char *s, size_t n, size_t *offset, char *why, size_t size);

/* Bytes needed to transcode n bytes from enc to UTF-8: at most 3n. */
#define MT_TEXT_TRANSCODE_MAX(n) (3 * (n))

/* Transcode n bytes of in (latin1 or cp1252) into out (room for
 * MT_TEXT_TRANSCODE_MAX(n) bytes); returns the bytes written.  latin1 maps
 * each byte to the code point of the same number; cp1252 maps 0x80-0x9F to
 * its printable characters (0x80 -> U+20AC EURO SIGN, ...), and its five
 * undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) to the C1 control of the
 * same number, which mt_text_check then refuses with its position.  UTF-8
 * input is copied. */
size_t mt_text_transcode(mt_encoding enc, const char *in, size_t n, char *out);

/* Copy text into out (size > 0), NUL-terminated, so that it is one line of
 * valid UTF-8: control characters become \n, \r, \t or \xHH escapes, bytes
 * that are not UTF-8 become \xHH; cut at a character boundary when out is
 * full.  Used on every error message. */
void mt_text_one_line(const char *text, char *out, size_t size);

#endif

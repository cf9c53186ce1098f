/*
 * text.c - UTF-8 checks, latin1/cp1252 transcoding, one-line messages (see
 * text.h).
 */
#include "monitrend/text.h"

#include <stdio.h>
#include <string.h>

size_t mt_text_utf8_decode(const unsigned char *s, size_t n, unsigned *cp_out)
{
    if (n == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80) {
        if (cp_out)
            *cp_out = c;
        return 1;
    }
    size_t len;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    if (cp_out)
        *cp_out = cp;
    return len;
}

static int is_control(unsigned cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

static int is_nonchar(unsigned cp)
{
    return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

const char *mt_text_check(const char *text, size_t n, size_t *offset, char *why, size_t size)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < n) {
        unsigned cp = 0;
        size_t len = mt_text_utf8_decode(s + i, n - i, &cp);
        if (len == 0) {
            *offset = i;
            snprintf(why, size, "invalid UTF-8 (byte 0x%02X)", s[i]);
            return why;
        }
        if (is_control(cp)) {
            *offset = i;
            snprintf(why, size, "control character U+%04X", cp);
            return why;
        }
        if (is_nonchar(cp)) {
            *offset = i;
            snprintf(why, size, "non-character U+%04X", cp);
            return why;
        }
        i += len;
    }
    return NULL;
}

/* cp1252 0x80-0x9F; 0 marks the five undefined bytes. */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

static size_t put_utf8(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

size_t mt_text_transcode(mt_encoding enc, const char *in, size_t n, char *out)
{
    if (enc == MT_ENC_UTF8) {
        memcpy(out, in, n);
        return n;
    }
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned b = (unsigned char)in[i];
        unsigned cp = b;
        if (enc == MT_ENC_CP1252 && b >= 0x80 && b <= 0x9F && cp1252_high[b - 0x80] != 0)
            cp = cp1252_high[b - 0x80];
        o += put_utf8(cp, out + o);
    }
    return o;
}

void mt_text_one_line(const char *text, char *out, size_t size)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text), o = 0, i = 0;
    while (i < n) {
        unsigned cp = 0;
        size_t len = mt_text_utf8_decode(s + i, n - i, &cp);
        char esc[8];
        const char *put = NULL;
        size_t plen = 0;
        if (len == 0 || is_control(cp) || is_nonchar(cp)) {
            if (len == 1 && cp == '\n')
                put = "\\n";
            else if (len == 1 && cp == '\r')
                put = "\\r";
            else if (len == 1 && cp == '\t')
                put = "\\t";
            else {
                /* one escape per byte of the sequence, or per bad byte */
                snprintf(esc, sizeof esc, "\\x%02X", s[i]);
                put = esc;
            }
            plen = strlen(put);
            len = len == 0 ? 1 : (len == 1 ? 1 : len);
            if (len > 1) {
                /* a C1 control or non-character: escape each byte */
                for (size_t k = 0; k < len; k++) {
                    snprintf(esc, sizeof esc, "\\x%02X", s[i + k]);
                    if (o + 4 >= size)
                        goto full;
                    memcpy(out + o, esc, 4);
                    o += 4;
                }
                i += len;
                continue;
            }
        } else {
            put = (const char *)s + i;
            plen = len;
        }
        if (o + plen >= size)
            goto full;
        memcpy(out + o, put, plen);
        o += plen;
        i += len;
    }
full:
    out[o] = '\0';
}

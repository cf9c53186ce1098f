/*
 * plot.c - escaping text for gnuplot scripts (see plot.h for the rules and
 * why they are safe).  Running gnuplot is in plot_run.c.
 */
#include "monitrend/plot.h"
#include "monitrend/text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Quoting                                                             */
/* ------------------------------------------------------------------ */

/* Append one character of text to out as it should appear inside a gnuplot
 * string: control characters become a space, invalid UTF-8 U+FFFD.
 * Returns the number of input bytes consumed. */
static size_t put_char(const unsigned char *s, size_t n, char *out, size_t *o)
{
    size_t len = mt_text_utf8_decode(s, n, NULL);
    if (len == 0) {
        memcpy(out + *o, "\xEF\xBF\xBD", 3); /* U+FFFD REPLACEMENT CHARACTER */
        *o += 3;
        return 1;
    }
    if (len == 1 && (s[0] < 0x20 || s[0] == 0x7f)) {
        out[(*o)++] = ' ';
        return 1;
    }
    /* C1 controls (U+0080-U+009F) are controls too. */
    if (len == 2 && s[0] == 0xC2 && s[1] < 0xA0) {
        out[(*o)++] = ' ';
        return 2;
    }
    /* U+FFFE and U+FFFF are not characters: an SVG holding one is not
     * well-formed XML.  Intake refuses them; this is the last defence. */
    if (len == 3 && s[0] == 0xEF && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF)) {
        memcpy(out + *o, "\xEF\xBF\xBD", 3);
        *o += 3;
        return 3;
    }
    memcpy(out + *o, s, len);
    *o += len;
    return len;
}

char *mt_plot_quote(const char *text)
{
    if (text == NULL)
        text = "";
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text);
    /* Worst case per input byte: U+FFFD (3 bytes), or an apostrophe opening
     * a new "'" piece with its joins ('."'".' = 7 bytes); plus the ellipsis
     * piece and NUL. */
    size_t cap = (n < MT_PLOT_TEXT_MAX ? n : MT_PLOT_TEXT_MAX) * 7 + 16;
    char *out = malloc(cap);
    if (out == NULL)
        return NULL;
    size_t o = 0, used = 0, i = 0;
    int piece = 0; /* 0 none open, 1 single-quoted open, 2 double-quoted open */
    while (i < n) {
        size_t len = mt_text_utf8_decode(s + i, n - i, NULL);
        size_t step = len == 0 ? 1 : len;
        if (used + step > MT_PLOT_TEXT_MAX)
            break;
        used += step;
        int want = s[i] == '\'' ? 2 : 1;
        if (piece != want) {
            if (piece != 0) {
                out[o++] = piece == 1 ? '\'' : '"';
                out[o++] = '.';
            }
            out[o++] = want == 1 ? '\'' : '"';
            piece = want;
        }
        i += put_char(s + i, n - i, out, &o);
    }
    if (i < n) {
        /* Cut: end with U+2026 HORIZONTAL ELLIPSIS in a single-quoted piece. */
        if (piece != 1) {
            if (piece == 2) {
                out[o++] = '"';
                out[o++] = '.';
            }
            out[o++] = '\'';
            piece = 1;
        }
        memcpy(out + o, "\xE2\x80\xA6", 3);
        o += 3;
    }
    if (piece == 0) {
        out[o++] = '\'';
        piece = 1;
    }
    out[o++] = piece == 1 ? '\'' : '"';
    out[o] = '\0';
    return out;
}

mt_status mt_plot_write_quoted(FILE *f, const char *text)
{
    char *q = mt_plot_quote(text);
    if (q == NULL)
        return MT_ENOMEM;
    fputs(q, f);
    free(q);
    return ferror(f) ? MT_EIO : MT_OK;
}

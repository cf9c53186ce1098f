/*
 * figlayout.c - text measures, word wrapping and row placement for the
 * label layout of the figure generator (see figlayout.h for why).
 */
#include "figlayout.h"

#include <string.h>

/* Advance widths of DejaVu Sans in em for printable ASCII (32..126), from
 * the font's hmtx table (units per em 2048, rounded to 0.01). */
static const double ascii_em[95] = {
    /*   ! " # $ % & ' ( ) * + , - . / */
    0.32, 0.40, 0.46, 0.84, 0.64, 0.95, 0.78, 0.28, 0.39, 0.39, 0.50, 0.84, 0.32, 0.36, 0.32, 0.34,
    /* 0-9 */
    0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64,
    /* : ; < = > ? @ */
    0.34, 0.34, 0.84, 0.84, 0.84, 0.53, 1.00,
    /* A-Z */
    0.68, 0.69, 0.70, 0.77, 0.63, 0.58, 0.78, 0.75, 0.29, 0.29, 0.66, 0.56, 0.86, 0.75, 0.79,
    0.60, 0.79, 0.69, 0.63, 0.61, 0.73, 0.68, 0.99, 0.69, 0.61, 0.69,
    /* [ \ ] ^ _ ` */
    0.39, 0.34, 0.39, 0.84, 0.50, 0.50,
    /* a-z */
    0.61, 0.64, 0.55, 0.64, 0.62, 0.35, 0.64, 0.63, 0.28, 0.28, 0.58, 0.28, 0.97, 0.63, 0.61,
    0.64, 0.64, 0.41, 0.52, 0.39, 0.63, 0.59, 0.82, 0.59, 0.59, 0.53,
    /* { | } ~ */
    0.64, 0.34, 0.64, 0.84};

double mt_figlayout_text_width(const char *text, double size)
{
    double em = 0;
    if (text == NULL)
        return 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p >= 32 && *p < 127)
            em += ascii_em[*p - 32];
        else if ((*p & 0xC0) != 0x80) /* first byte of a multibyte character */
            em += 0.70;             /* accented letters, "…", "→": a wide letter */
    }
    /* 4% for kerning and hinting differences between renderers. */
    return em * size * 1.04;
}

double mt_figlayout_line_height(double size)
{
    return 1.3 * size;
}

/* Bytes of the longest prefix of text[0..len) that fits in width. */
static size_t fit_prefix(const char *text, size_t len, double width, double size)
{
    char buf[MT_FL_LINE_MAX];
    size_t k = 0, best = 0;
    while (k < len && k + 1 < sizeof buf) {
        size_t next = k + 1;
        while (next < len && ((unsigned char)text[next] & 0xC0) == 0x80)
            next++;
        if (next + 1 >= sizeof buf)
            break;
        memcpy(buf, text, next);
        buf[next] = '\0';
        if (mt_figlayout_text_width(buf, size) > width)
            break;
        best = k = next;
    }
    return best;
}

int mt_figlayout_wrap(const char *text, double width, double size, int max_lines,
                      char lines[][MT_FL_LINE_MAX])
{
    static const char ellipsis[] = "\xE2\x80\xA6";
    int n = 0;
    if (text == NULL || max_lines <= 0)
        return 0;
    if (max_lines > 4)
        max_lines = 4;
    size_t len = strlen(text), pos = 0;
    while (n < max_lines) {
        while (pos < len && text[pos] == ' ')
            pos++;
        if (pos >= len)
            break;
        size_t rest = len - pos;
        size_t take = fit_prefix(text + pos, rest, width, size);
        if (take < rest) {
            /* break at the last space that fits, unless that wastes more
             * than half the line (one very long word) */
            size_t sp = take;
            while (sp > 0 && text[pos + sp] != ' ')
                sp--;
            if (sp > take / 2)
                take = sp;
        }
        if (take == 0)
            take = 1;
        int last = n == max_lines - 1;
        if (last && take < rest) {
            /* no more lines: cut, leaving room for the ellipsis */
            double ew = mt_figlayout_text_width(ellipsis, size);
            size_t cut = fit_prefix(text + pos, take, width - ew, size);
            /* at a word boundary when there is one in the line */
            size_t sp = cut;
            while (sp > 0 && text[pos + sp] != ' ')
                sp--;
            take = sp > 0 ? sp : cut;
            while (take > 0 && text[pos + take - 1] == ' ')
                take--;
            if (take > MT_FL_LINE_MAX - 4)
                take = MT_FL_LINE_MAX - 4;
            memcpy(lines[n], text + pos, take);
            memcpy(lines[n] + take, ellipsis, sizeof ellipsis);
            return n + 1;
        }
        if (take > MT_FL_LINE_MAX - 1)
            take = MT_FL_LINE_MAX - 1;
        memcpy(lines[n], text + pos, take);
        lines[n][take] = '\0';
        /* trailing spaces never count */
        for (size_t e = take; e > 0 && lines[n][e - 1] == ' '; e--)
            lines[n][e - 1] = '\0';
        n++;
        pos += take;
    }
    return n;
}

int mt_figlayout_place(mt_figlayout_rows *r, double x0, double x1, double gap, int max_rows)
{
    if (r->n >= MT_FL_ROWS_MAX)
        return -1;
    for (int row = 0; row < max_rows; row++) {
        int clash = 0;
        for (size_t i = 0; i < r->n && !clash; i++)
            clash = r->row[i] == row && x0 - gap < r->x1[i] && r->x0[i] < x1 + gap;
        if (!clash) {
            r->x0[r->n] = x0;
            r->x1[r->n] = x1;
            r->row[r->n++] = row;
            return row;
        }
    }
    return -1;
}

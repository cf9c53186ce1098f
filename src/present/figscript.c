/*
 * figscript.c - the parts every figure script shares (figscript.h): page
 * sizes, the .gp and .dat files (opened together, the body written once per
 * format, closed with error checks), data blocks, plot clauses, titles and
 * labels at screen positions.
 *
 * Layout of a script: a comment saying how to rebuild it, `reset session`
 * and a blank plot to /dev/null (one gnuplot process renders many figures,
 * in an order that depends on --jobs, so no setting and no terminal state
 * may leak from one figure to the next), `load 'theme.gp'`, then for each
 * requested format the terminal, the output file, the figure body and
 * `unset output` (which closes the file before the next one starts).  Data
 * go to `<name>.dat` as blocks separated by two blank lines and are
 * addressed with `index`; a single blank line inside a block breaks a line,
 * which is how gaps and definition breaks are drawn.
 *
 * Why the body is repeated per format instead of `replot`: replot cannot
 * repeat a multiplot, and one rule for every kind of figure is easier to
 * check by hand.
 */
#include "figscript.h"

#include "monitrend/fmt.h"
#include "monitrend/plot.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const mt_fig_page mt_fig_page_report = {605, 378, 945, 591, "16cm,10cm", 10, 105};
const mt_fig_page mt_fig_page_slide = {960, 540, 1500, 844, "25.4cm,14.3cm", 12, 130};
const mt_fig_page mt_fig_page_dash = {643, 907, 1004, 1417, "17cm,24cm", 9, 115};

/* ------------------------------------------------------------------ */
/* Output helpers                                                      */
/* ------------------------------------------------------------------ */

void mt_figscript_num(FILE *f, double x)
{
    char b[MT_FMT_G17_MAX];
    mt_fmt_g17(x, b);
    fputs(b, f);
}

/* Start a data block; returns its index. */
int mt_figscript_block_begin(mt_fig_out *o)
{
    o->rows = 0;
    return o->block;
}

/* Close the block; returns its index, or -1 when it is empty (nothing is
 * written then, so no plot clause refers to an empty block). */
int mt_figscript_block_end(mt_fig_out *o, int idx)
{
    if (o->rows == 0)
        return -1;
    fputs("\n\n", o->dat);
    o->block++;
    return idx;
}

void mt_figscript_row(mt_fig_out *o, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            fputc(' ', o->dat);
        mt_figscript_num(o->dat, v[i]);
    }
    fputc('\n', o->dat);
    o->rows++;
}

void mt_figscript_gap(mt_fig_out *o)
{
    if (o->rows > 0)
        fputc('\n', o->dat);
}

int mt_figscript_name_ok(const char *name)
{
    if (name == NULL || name[0] == '\0' || strlen(name) > MT_FIG_NAME_MAX)
        return 0;
    if (strchr(name, '/') != NULL || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return 0;
    return 1;
}

char *mt_figscript_path(const char *dir, const char *name, const char *ext)
{
    size_t n = strlen(dir) + strlen(name) + strlen(ext) + 2;
    char *p = malloc(n);
    if (p != NULL)
        snprintf(p, n, "%s/%s%s", dir, name, ext);
    return p;
}

mt_status mt_figscript_close(FILE *f, const char *path, mt_error *err)
{
    int bad = ferror(f);
    int e = errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (bad)
        return mt_error_set(err, MT_EIO, "%s: write error: %s", path, strerror(e ? e : EIO));
    return MT_OK;
}

static void write_terminal(FILE *f, unsigned fmt, const mt_fig_page *ps, const char *name)
{
    const char *ext;
    if (fmt == MT_FIG_SVG) {
        fprintf(f, "set terminal svg size %d,%d fixed font 'sans-serif,%d' noenhanced "
                   "background '#FFFFFF'\n", ps->svg_w, ps->svg_h, ps->font);
        ext = ".svg";
    } else if (fmt == MT_FIG_PNG) {
        /* The png is 1.56 times the svg in pixels and pngcairo sets type at
         * 96 dpi (a 10 pt font is 13.3 px): fontscale 1.17 gives 1.56 x the
         * svg's 10 px, so text keeps the proportions the layout was
         * computed for (with 1.3 png text ran 11% wider than planned). */
        fprintf(f, "set terminal pngcairo size %d,%d font 'Sans,%d' fontscale 1.17 "
                   "linewidth 1.4 noenhanced background '#FFFFFF'\n", ps->png_w, ps->png_h,
                ps->font);
        ext = ".png";
    } else {
        fprintf(f, "set terminal pdfcairo size %s font 'Sans,%d' noenhanced\n", ps->pdf,
                ps->font - 1);
        ext = ".pdf";
    }
    size_t n = strlen(name) + 5;
    char *out = malloc(n);
    if (out == NULL) {
        /* Leave the stream in error so that the caller reports it. */
        fputs("set output\n", f);
        return;
    }
    snprintf(out, n, "%s%s", name, ext);
    fputs("set output ", f);
    mt_plot_write_quoted(f, out);
    fputc('\n', f);
    free(out);
}

/* MT_EINVAL with the one message for a bad figure name, else MT_OK. */
mt_status mt_figscript_check_name(const char *name, mt_error *err)
{
    if (mt_figscript_name_ok(name))
        return MT_OK;
    return mt_error_set(err, MT_EINVAL,
                        "figure: name must be a plain file name of 1-%d bytes without '/' "
                        "or control characters", MT_FIG_NAME_MAX);
}

int mt_figscript_has_text(const char *t)
{
    return t != NULL && t[0] != '\0';
}

/* Add one plot clause; `first` tracks the separator. */
void mt_figscript_clause(FILE *c, int *first)
{
    if (!*first)
        fputs(", \\\n     ", c);
    *first = 0;
}

void mt_figscript_title(FILE *c, const char *label)
{
    if (label != NULL && label[0] != '\0') {
        fputs(" title ", c);
        mt_plot_write_quoted(c, label);
    } else {
        fputs(" notitle", c);
    }
}

/* One text label at a point of the canvas (px from the bottom left). */
void mt_figscript_label(FILE *c, const char *text, double x, double y, const mt_fig_page *ps,
                     const char *just, double size, const char *colour)
{
    fputs("set label ", c);
    mt_plot_write_quoted(c, text);
    fprintf(c, " at screen %.4f, screen %.4f %s font ',%g' textcolor rgb '%s' front\n",
            x / ps->svg_w, y / ps->svg_h, just, size, colour);
}

/* ------------------------------------------------------------------ */
/* Files                                                               */
/* ------------------------------------------------------------------ */

void mt_figscript_discard(mt_fig_files *ff)
{
    if (ff->o.gp != NULL)
        fclose(ff->o.gp);
    if (ff->o.dat != NULL)
        fclose(ff->o.dat);
    if (ff->bodyf != NULL)
        fclose(ff->bodyf);
    free(ff->body);
    free(ff->gp_path);
    free(ff->dat_path);
    free(ff->dat_name);
    memset(ff, 0, sizeof *ff);
}

mt_status mt_figscript_open(mt_fig_files *ff, const char *dir, const char *name, mt_error *err)
{
    memset(ff, 0, sizeof *ff);
    ff->gp_path = mt_figscript_path(dir, name, ".gp");
    ff->dat_path = mt_figscript_path(dir, name, ".dat");
    size_t n = strlen(name) + 5;
    ff->dat_name = malloc(n);
    if (ff->gp_path == NULL || ff->dat_path == NULL || ff->dat_name == NULL) {
        mt_figscript_discard(ff);
        return mt_error_set(err, MT_ENOMEM, "figure %s: out of memory", name);
    }
    snprintf(ff->dat_name, n, "%s.dat", name);
    ff->o.gp = fopen(ff->gp_path, "w");
    if (ff->o.gp == NULL) {
        mt_error_set(err, MT_EIO, "%s: cannot write: %s", ff->gp_path, strerror(errno));
        mt_figscript_discard(ff);
        return MT_EIO;
    }
    ff->o.dat = fopen(ff->dat_path, "w");
    if (ff->o.dat == NULL) {
        mt_error_set(err, MT_EIO, "%s: cannot write: %s", ff->dat_path, strerror(errno));
        mt_figscript_discard(ff);
        return MT_EIO;
    }
    ff->bodyf = open_memstream(&ff->body, &ff->body_len);
    if (ff->bodyf == NULL) {
        mt_figscript_discard(ff);
        return mt_error_set(err, MT_ENOMEM, "figure %s: out of memory", name);
    }
    ff->o.dat_name = ff->dat_name;
    fputs("# ", ff->o.gp);
    fputs("Generated by monitrend.  Rebuild in this folder with:  gnuplot ", ff->o.gp);
    mt_plot_write_quoted(ff->o.gp, ff->gp_path + strlen(dir) + 1);
    fputs("\n# Data: ", ff->o.gp);
    mt_plot_write_quoted(ff->o.gp, ff->dat_name);
    fputs(" (blocks addressed by `index`; a blank line breaks a line).\n"
          "# Style: theme.gp (colours per drug market, fonts, grid).\n"
          "reset session\n", ff->o.gp);
    /* gnuplot's svg driver remembers the colour and pen of the last plot
     * drawn in the process, so an SVG would depend on which figure came
     * before it.  A blank plot to /dev/null leaves the same state whatever
     * was drawn before (tests/sh/figures_parallel.sh). */
    fputs("set terminal svg\nset output '/dev/null'\nunset border\nunset tics\nunset key\n"
          "plot [0:1] [0:1] 2 notitle\nunset output\nreset session\nload 'theme.gp'\n",
          ff->o.gp);
    fputs("# monitrend figure data: see the .gp script of the same name.\n", ff->o.dat);
    return MT_OK;
}

/* Emit body once per format, then close everything with error checks. */
mt_status mt_figscript_finish(mt_fig_files *ff, const char *name, unsigned formats,
                              const mt_fig_page *ps, mt_error *err)
{
    if (fclose(ff->bodyf) != 0) {
        ff->bodyf = NULL;
        mt_figscript_discard(ff);
        return mt_error_set(err, MT_ENOMEM, "figure %s: out of memory", name);
    }
    ff->bodyf = NULL;
    static const unsigned order[3] = {MT_FIG_SVG, MT_FIG_PNG, MT_FIG_PDF};
    for (int i = 0; i < 3; i++) {
        if (!(formats & order[i]))
            continue;
        fputc('\n', ff->o.gp);
        write_terminal(ff->o.gp, order[i], ps, name);
        /* Labels, arrows and objects accumulate: clear those of an earlier
         * format before drawing again. */
        fputs("unset label\nunset arrow\nunset object\n", ff->o.gp);
        fwrite(ff->body, 1, ff->body_len, ff->o.gp);
        fputs("unset output\n", ff->o.gp);
    }
    FILE *gp = ff->o.gp, *dat = ff->o.dat;
    ff->o.gp = ff->o.dat = NULL;
    mt_status st = mt_figscript_close(gp, ff->gp_path, err);
    mt_status st2 = mt_figscript_close(dat, ff->dat_path, st == MT_OK ? err : NULL);
    mt_figscript_discard(ff);
    return st != MT_OK ? st : st2;
}

unsigned mt_figscript_formats(unsigned formats)
{
    formats &= (MT_FIG_SVG | MT_FIG_PNG | MT_FIG_PDF);
    return formats == 0 ? MT_FIG_PNG : formats;
}

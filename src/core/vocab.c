/*
 * vocab.c - the tables of vocab.h: one row per enum value, in enum order,
 * holding the machine name and the English and Dutch words.
 *
 * Why one table: the same names used to be spelled in the CLI, the model
 * reader, the pipeline, the manifest and the findings, and a new value had
 * to be added in five places (and once was not).  Now a value is added in
 * its enum and its row, and every parser and writer follows.
 */
#include "monitrend/vocab.h"

#include <stddef.h>
#include <string.h>

typedef struct {
    const char *name; /* machine name: options, model keys, CSV, JSON */
    const char *en;   /* reader-facing word, English */
    const char *nl;   /* reader-facing word, Dutch */
} row;

#define N_ROWS(t) (sizeof t / sizeof t[0])

static const char *name_of(const row *t, size_t n, int x)
{
    return x >= 0 && (size_t)x < n ? t[x].name : "";
}

static const char *word_of(const row *t, size_t n, int x, mt_lang lang)
{
    if (x < 0 || (size_t)x >= n)
        return "?";
    return lang == MT_LANG_NL ? t[x].nl : t[x].en;
}

/* Index of s among the names from `first` on; -1 when absent.  An empty
 * name (the NONE rows) never matches. */
static int index_of(const row *t, size_t n, size_t first, const char *s)
{
    if (s == NULL || s[0] == '\0')
        return -1;
    for (size_t i = first; i < n; i++)
        if (t[i].name[0] && strcmp(s, t[i].name) == 0)
            return (int)i;
    return -1;
}

/* ------------------------------------------------------------ select --- */

/* The methods paragraph names the criteria as the literature does (WBIC,
 * BIC, BIC3) in either language; "permutation" stays as the edition has
 * always printed it. */
static const row select_rows[] = {
    {"wbic", "WBIC", "WBIC"},
    {"bic", "BIC", "BIC"},
    {"bic3", "BIC3", "BIC3"},
    {"permutation", "permutation", "permutation"},
};

const char *mt_select_name(mt_select x) { return name_of(select_rows, N_ROWS(select_rows), (int)x); }
const char *mt_select_word(mt_select x, mt_lang lang)
{
    return word_of(select_rows, N_ROWS(select_rows), (int)x, lang);
}
mt_status mt_select_parse(const char *s, mt_select *out)
{
    int k = index_of(select_rows, N_ROWS(select_rows), 0, s);
    if (k < 0)
        return MT_EINVAL;
    *out = (mt_select)k;
    return MT_OK;
}

/* ------------------------------------------------------------ breaks --- */

/* The word is the model formula of the Bai-Perron fit, as the methods
 * paragraph writes it. */
static const row breaks_rows[] = {
    {"trend", "y ~ t", "y ~ t"},
    {"mean", "y ~ 1", "y ~ 1"},
    {"none", "off", "uit"},
};

const char *mt_breaks_name(mt_breaks_kind x) { return name_of(breaks_rows, N_ROWS(breaks_rows), (int)x); }
const char *mt_breaks_word(mt_breaks_kind x, mt_lang lang)
{
    return word_of(breaks_rows, N_ROWS(breaks_rows), (int)x, lang);
}
mt_status mt_breaks_parse(const char *s, mt_breaks_kind *out)
{
    int k = index_of(breaks_rows, N_ROWS(breaks_rows), 0, s);
    if (k < 0)
        return MT_EINVAL;
    *out = (mt_breaks_kind)k;
    return MT_OK;
}

/* ------------------------------------------------------------- scale --- */

static const row scale_rows[] = {
    {"auto", "automatic", "automatisch"},
    {"log", "log", "log"},
    {"linear", "linear", "lineair"},
};

const char *mt_scale_name(mt_scale x) { return name_of(scale_rows, N_ROWS(scale_rows), (int)x); }
const char *mt_scale_word(mt_scale x, mt_lang lang)
{
    return word_of(scale_rows, N_ROWS(scale_rows), (int)x, lang);
}
mt_status mt_scale_parse(const char *s, mt_scale *out)
{
    int k = index_of(scale_rows, N_ROWS(scale_rows), 0, s);
    if (k < 0)
        return MT_EINVAL;
    *out = (mt_scale)k;
    return MT_OK;
}

/* ---------------------------------------------------------- variance --- */

static const row variance_rows[] = {
    {"auto", "automatic", "automatisch"},
    {"constant", "constant", "constant"},
    {"poisson", "Poisson", "Poisson"},
    {"quasipoisson", "quasi-Poisson", "quasi-Poisson"},
};

const char *mt_variance_name(mt_variance x) { return name_of(variance_rows, N_ROWS(variance_rows), (int)x); }
const char *mt_variance_word(mt_variance x, mt_lang lang)
{
    return word_of(variance_rows, N_ROWS(variance_rows), (int)x, lang);
}
mt_status mt_variance_parse(const char *s, mt_variance *out)
{
    int k = index_of(variance_rows, N_ROWS(variance_rows), 0, s);
    if (k < 0)
        return MT_EINVAL;
    *out = (mt_variance)k;
    return MT_OK;
}

/* --------------------------------------------------------- scale why --- */

/* The English words are the sentences the run's notes have always had. */
static const row scale_why_rows[] = {
    {"", "", ""},
    {"auto_positive", "auto: all values are positive, so the log scale",
     "automatisch: alle waarden zijn positief, dus de logaritmische schaal"},
    {"auto_nonpositive", "auto: a value is zero or negative, so the linear scale",
     "automatisch: een waarde is nul of negatief, dus de lineaire schaal"},
    {"log_asked", "log scale as requested", "logaritmische schaal zoals gevraagd"},
    {"linear_asked", "linear scale as requested", "lineaire schaal zoals gevraagd"},
    {"count_link", "log link of the count model", "log-link van het telmodel"},
};

const char *mt_scale_why_name(mt_scale_why x) { return name_of(scale_why_rows, N_ROWS(scale_why_rows), (int)x); }
const char *mt_scale_why_word(mt_scale_why x, mt_lang lang)
{
    return x == MT_SCALE_WHY_NONE ? "" : word_of(scale_why_rows, N_ROWS(scale_why_rows), (int)x, lang);
}

/* ----------------------------------------------------------- mk notes --- */

static const row mk_note_rows[] = {
    {"", "", ""},
    {"hamed_rao_uncorrected",
     "Hamed-Rao factor <= 0 (strong negative autocorrelation): Var(S) left uncorrected",
     "Hamed-Rao-factor <= 0 (sterke negatieve autocorrelatie): Var(S) niet gecorrigeerd"},
    {"sen_ci_clamped", "Sen CI: a rank fell outside the pairwise slopes; the extreme slope is used",
     "BI van Sen: een rang viel buiten de paarsgewijze hellingen; de uiterste helling is gebruikt"},
    {"sen_ci_too_few", "Sen CI needs at least 4 points", "BI van Sen vraagt minstens 4 punten"},
};

const char *mt_mk_note_name(mt_mk_note x) { return name_of(mk_note_rows, N_ROWS(mk_note_rows), (int)x); }
const char *mt_mk_note_word(mt_mk_note x, mt_lang lang)
{
    return x == MT_MK_NOTE_NONE ? "" : word_of(mk_note_rows, N_ROWS(mk_note_rows), (int)x, lang);
}

/* ------------------------------------------------------------- zeros --- */

static const row zeros_rows[] = {
    {"exclude", "excluded", "weggelaten"},
    {"linear", "linear scale", "lineaire schaal"},
    {"half-min", "half the minimum", "de helft van het minimum"},
};

const char *mt_zeros_name(mt_zeros x) { return name_of(zeros_rows, N_ROWS(zeros_rows), (int)x); }
mt_status mt_zeros_parse(const char *s, mt_zeros *out)
{
    int k = index_of(zeros_rows, N_ROWS(zeros_rows), 0, s);
    if (k < 0)
        return MT_EINVAL;
    *out = (mt_zeros)k;
    return MT_OK;
}

/* -------------------------------------------------------------- kind --- */

static const row kind_rows[] = {
    {"", "", ""},
    {"count", "count", "aantal"},
    {"amount", "amount", "hoeveelheid"},
    {"price", "price", "prijs"},
    {"purity", "purity", "zuiverheid"},
    {"prevalence", "prevalence", "prevalentie"},
    {"load", "load", "vracht"},
    {"index", "index", "index"},
};

const char *mt_kind_name(mt_kind x) { return name_of(kind_rows, N_ROWS(kind_rows), (int)x); }
const char *mt_kind_word(mt_kind x, mt_lang lang)
{
    return word_of(kind_rows, N_ROWS(kind_rows), (int)x, lang);
}
mt_status mt_kind_parse(const char *s, mt_kind *out)
{
    int k = index_of(kind_rows, N_ROWS(kind_rows), 1, s);
    if (k < 0)
        return MT_EINVAL;
    *out = (mt_kind)k;
    return MT_OK;
}

/* ------------------------------------------------------------- theme --- */

static const row theme_rows[] = {
    {"", "", ""},
    {"import", "import", "import"},
    {"production", "production", "productie"},
    {"trade", "trade", "handel"},
    {"use", "use", "gebruik"},
    {"crime", "crime", "criminaliteit"},
    {"criminal law", "criminal law", "strafrecht"},
    {"financial", "financial", "financieel"},
    {"administrative", "administrative", "bestuurlijk"},
};

_Static_assert(sizeof theme_rows / sizeof theme_rows[0] == MT_THEME_COUNT, "one row per theme");

const char *mt_theme_name(mt_theme x) { return name_of(theme_rows, N_ROWS(theme_rows), (int)x); }
const char *mt_theme_word(mt_theme x, mt_lang lang)
{
    return x == MT_THEME_NONE ? "" : word_of(theme_rows, N_ROWS(theme_rows), (int)x, lang);
}
mt_status mt_theme_parse(const char *s, mt_theme *out)
{
    int k = index_of(theme_rows, N_ROWS(theme_rows), 1, s);
    if (k < 0)
        return MT_EINVAL;
    *out = (mt_theme)k;
    return MT_OK;
}

/* ------------------------------------------------------- anomaly kind --- */

/* Row 0 is unused: the enum starts at 1 so that a zeroed record is no kind. */
static const row anomaly_rows[] = {
    {"", "", ""},
    {"residual", "outlier", "uitschieter"},
    {"repeat", "repeated value", "herhaalde waarde"},
    {"jump", "jump", "sprong"},
};

const char *mt_anomaly_kind_name(mt_anomaly_kind x)
{
    return name_of(anomaly_rows, N_ROWS(anomaly_rows), (int)x);
}
const char *mt_anomaly_kind_word(mt_anomaly_kind x, mt_lang lang)
{
    return word_of(anomaly_rows, N_ROWS(anomaly_rows), (int)x, lang);
}

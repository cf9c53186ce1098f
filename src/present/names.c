/*
 * names.c - reader-facing names of ids and the built-in vocabulary (see
 * names.h).  The vocabulary is one table so that a new market, region or
 * verdict word is one line; a model's [names] section overrides it.
 */
#include "monitrend/names.h"

#include <stdio.h>
#include <string.h>

/* kind, id, English, Dutch.  English NULL = the id with '_' as a space. */
static const char *const vocabulary[][4] = {
    /* markets */
    {"market", "all", "all drugs", "alle drugs"},
    {"market", "cocaine", NULL, "cocaïne"},
    {"market", "crack", NULL, "crack"},
    {"market", "cannabis", NULL, "cannabis"},
    {"market", "cannabis_resin", "cannabis resin", "hasj"},
    {"market", "cannabis_herb", "cannabis herb", "wiet"},
    {"market", "not_cannabis", "drugs other than cannabis", "andere drugs dan cannabis"},
    {"market", "mdma", "MDMA", "MDMA"},
    {"market", "ecstasy", NULL, "ecstasy"},
    {"market", "amphetamine", NULL, "amfetamine"},
    {"market", "amphetamines", NULL, "amfetaminen"},
    {"market", "methamphetamine", NULL, "methamfetamine"},
    {"market", "ats", "ATS (amphetamine-type stimulants)", "ATS (amfetamineachtige stimulantia)"},
    {"market", "ketamine", NULL, "ketamine"},
    {"market", "heroin", NULL, "heroïne"},
    {"market", "opioids", NULL, "opioïden"},
    {"market", "synthetic", "synthetic drugs", "synthetische drugs"},
    {"market", "soft", "soft drugs", "softdrugs"},
    {"market", "hard", "hard drugs", "harddrugs"},
    /* regions */
    {"region", "NL", NULL, "NL"},
    {"region", "BE", NULL, "BE"},
    {"region", "EU", NULL, "EU"},
    {"region", "NL-BE", "NL and BE", "NL en BE"},
    {"region", "ports", "ports", "havens"},
    {"region", "Antwerp", NULL, "Antwerpen"},
    {"region", "Antwerp-Zuid", NULL, "Antwerpen-Zuid"},
    {"region", "Brussels", NULL, "Brussel"},
    /* themes (mt_theme_name) */
    {"theme", "import", NULL, "invoer"},
    {"theme", "production", NULL, "productie"},
    {"theme", "trade", NULL, "handel"},
    {"theme", "use", NULL, "gebruik"},
    {"theme", "crime", NULL, "criminaliteit"},
    {"theme", "criminal law", NULL, "strafrecht"},
    {"theme", "financial", NULL, "financieel"},
    {"theme", "administrative", NULL, "bestuursrecht"},
    {"theme", "", "other", "overig"},
    /* verdict words of the cross-checks (mt_crosscheck_verdict_name);
     * A and B stand for the members' names */
    {"verdict", "consistent", NULL, "overeenstemmend"},
    {"verdict", "diverging", NULL, "uiteenlopend"},
    {"verdict", "opposite", "opposite trends", "tegengestelde trends"},
    {"verdict", "inconclusive", NULL, "onbeslist"},
    {"verdict", "shift from A to B", NULL, "verschuiving van A naar B"},
    {"verdict", "shift from B to A", NULL, "verschuiving van B naar A"},
    {"verdict", "share shifting while the total falls", NULL,
     "verschuiving van het aandeel bij dalend totaal"},
    {"verdict", "no shift", NULL, "geen verschuiving"},
    {"verdict", "rising", NULL, "stijgend"},
    {"verdict", "falling", NULL, "dalend"},
    {"verdict", "stable", NULL, "stabiel"},
};

/* The model's text for key "kind.id" (suffix "_nl" for Dutch), or NULL. */
static const char *model_name(const mt_name_table *nt, const char *kind, const char *id, int nl)
{
    if (nt == NULL || nt->keys == NULL || nt->texts == NULL)
        return NULL;
    char key[2 * MT_NAMES_MAX + 16];
    char idk[MT_NAMES_MAX];
    /* verdict words have spaces: their key writes them with '_' */
    size_t k = 0;
    for (const char *p = id; *p && k + 1 < sizeof idk; p++)
        idk[k++] = *p == ' ' ? '_' : *p;
    idk[k] = '\0';
    snprintf(key, sizeof key, "%s.%s%s", kind, idk, nl ? "_nl" : "");
    size_t i = mt_strlist_find(nt->keys, key);
    return i == (size_t)-1 ? NULL : nt->texts->item[i];
}

static const char *const *builtin(const char *kind, const char *id)
{
    for (size_t i = 0; i < sizeof vocabulary / sizeof vocabulary[0]; i++)
        if (strcmp(vocabulary[i][0], kind) == 0 && strcmp(vocabulary[i][1], id) == 0)
            return vocabulary[i];
    return NULL;
}

int mt_names_has_nl(const mt_name_table *nt, const char *kind, const char *id)
{
    const char *const *b = builtin(kind, id);
    return model_name(nt, kind, id, 1) != NULL || (b != NULL && b[3] != NULL);
}

const char *mt_names_get(const mt_name_table *nt, const char *kind, const char *id, mt_lang lang,
                         char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return buf;
    buf[0] = '\0';
    if (id == NULL)
        return buf;
    const char *const *b = builtin(kind, id);
    const char *text = NULL;
    if (lang == MT_LANG_NL)
        text = model_name(nt, kind, id, 1);
    if (text == NULL && lang == MT_LANG_NL && b != NULL)
        text = b[3];
    if (text == NULL)
        text = model_name(nt, kind, id, 0);
    if (text == NULL && b != NULL)
        text = b[2];
    if (text != NULL) {
        snprintf(buf, size, "%s", text);
        return buf;
    }
    size_t k = 0;
    for (const char *p = id; *p && k + 1 < size; p++)
        buf[k++] = *p == '_' ? ' ' : *p;
    buf[k] = '\0';
    return buf;
}

/* Replace the standalone letters A and B of text with a and b. */
static void substitute(const char *text, const char *a, const char *b, char *buf, size_t size)
{
    size_t k = 0;
    for (const char *p = text; *p && k + 1 < size; p++) {
        int alone = (p == text || p[-1] == ' ') && (p[1] == '\0' || p[1] == ' ');
        const char *rep = alone && *p == 'A' ? a : alone && *p == 'B' ? b : NULL;
        if (rep != NULL) {
            int w = snprintf(buf + k, size - k, "%s", rep);
            k = w < 0 ? k : k + (size_t)w >= size ? size - 1 : k + (size_t)w;
        } else {
            buf[k++] = *p;
        }
    }
    buf[k < size ? k : size - 1] = '\0';
}

void mt_names_verdict(const mt_name_table *nt, const char *verdict, const char *a, const char *b,
                      mt_lang lang, char *buf, size_t size)
{
    char word[MT_NAMES_MAX];
    mt_names_get(nt, "verdict", verdict, lang, word, sizeof word);
    substitute(word, a ? a : "A", b ? b : "B", buf, size);
}

const char *mt_names_type(const char *type, mt_lang lang)
{
    static const char *const map[][3] = {
        {"concordance", "concordance", "overeenstemming"},
        {"availability", "availability", "beschikbaarheid"},
        {"displacement", "displacement", "verplaatsing"},
        {"ratio", "ratio", "verhouding"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(type, map[i][0]) == 0)
            return map[i][lang == MT_LANG_NL ? 2 : 1];
    return type;
}

/* ASCII case-insensitive strstr (strcasestr is a GNU extension). */
static int contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && (hay[i] | 0x20) == (needle[i] | 0x20))
            i++;
        if (i == n && n > 0)
            return 1;
    }
    return 0;
}

void mt_names_series_title(const mt_report *run, const mt_series *s, char *buf, size_t size)
{
    const char *label, *unit, *theme, *source;
    mt_report_series_meta(run, s, &label, &unit, &theme, &source);
    mt_lang lang = run->opts.lang;
    const mt_name_table *m = &run->names;
    char name[MT_NAMES_MAX];
    size_t k = (size_t)snprintf(buf, size, "%s", label);
    /* the market is left out when the label names it already, and when it
     * is "all" (every drug: the label alone says what is counted) */
    if (s->market[0] && strcmp(s->market, "all") != 0 && k < size) {
        mt_names_get(m, "market", s->market, lang, name, sizeof name);
        if (!contains_nocase(label, name))
            k += (size_t)snprintf(buf + k, size - k, ", %s", name);
    }
    if (s->region[0] && k < size)
        snprintf(buf + k, size - k, ", %s",
                 mt_names_get(m, "region", s->region, lang, name, sizeof name));
}

void mt_names_market_region(const mt_report *run, const mt_series *s, char *buf, size_t size)
{
    char mk[MT_NAMES_MAX / 2], rg[MT_NAMES_MAX / 2];
    mt_names_get(&run->names, "market", s->market, run->opts.lang, mk, sizeof mk);
    mt_names_get(&run->names, "region", s->region, run->opts.lang, rg, sizeof rg);
    snprintf(buf, size, "%s%s%s", mk, mk[0] && rg[0] ? ", " : "", rg);
}

static mt_status add_once(mt_strlist *out, const char *line)
{
    if (mt_strlist_find(out, line) != (size_t)-1)
        return MT_OK;
    return mt_strlist_add(out, line);
}

mt_status mt_names_missing_nl(const mt_name_table *m, const mt_dataset *ds, mt_strlist *out)
{
    char line[512];
    mt_status st = MT_OK;
    for (size_t i = 0; ds != NULL && i < ds->n && st == MT_OK; i++) {
        const mt_series *s = &ds->series[i];
        if (s->market[0] && !mt_names_has_nl(m, "market", s->market)) {
            snprintf(line, sizeof line, "market %s: no Dutch name ([names] market.%s_nl)",
                     s->market, s->market);
            st = add_once(out, line);
        }
        /* a region named with a capital is a proper name (Amsterdam),
         * the same in Dutch; a lowercase one is a word ("ports") */
        if (st == MT_OK && s->region[0] >= 'a' && s->region[0] <= 'z' &&
            !mt_names_has_nl(m, "region", s->region)) {
            snprintf(line, sizeof line, "region %s: no Dutch name ([names] region.%s_nl)",
                     s->region, s->region);
            st = add_once(out, line);
        }
    }
    return st;
}

mt_status mt_names_gap_text(const mt_nl_gap *gaps, size_t n, mt_strlist *out)
{
    static const char *const what[] = {"indicator", "derived", "source", "event", "crosscheck"};
    char line[512];
    mt_status st = MT_OK;
    for (size_t i = 0; i < n && st == MT_OK; i++) {
        snprintf(line, sizeof line, "%s %s: no label_nl (line %ld)", what[gaps[i].kind], gaps[i].id,
                 gaps[i].line);
        st = add_once(out, line);
    }
    return st;
}

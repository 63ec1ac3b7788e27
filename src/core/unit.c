/* unit.c — "[CODE:]Type Name". */
#include "cks/unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cks/i18n.h"
#include "cks/text.h"

typedef struct type_word {
    cks_unit_type type;
    const char *name;   /* canonical, capitalised */
    const char *lower;
    const char *key;    /* stored */
    const char *folded; /* what it looks like once folded */
} type_word;

static const type_word type_words[] = {
    {CKS_UT_XA, "Xã", "xã", "xa", "xa"},
    {CKS_UT_PHUONG, "Phường", "phường", "phuong", "phuong"},
    {CKS_UT_THI_TRAN, "Thị trấn", "thị trấn", "thi_tran", "thi tran"},
    {CKS_UT_DAC_KHU, "Đặc khu", "đặc khu", "dac_khu", "dac khu"},
};
#define N_TYPES (sizeof type_words / sizeof type_words[0])

static const type_word *word_of(cks_unit_type t)
{
    for (size_t i = 0; i < N_TYPES; i++)
        if (type_words[i].type == t)
            return &type_words[i];
    return NULL;
}

const char *cks_unit_type_name(cks_unit_type t)
{
    const type_word *w = word_of(t);
    return w ? w->name : "";
}

const char *cks_unit_type_lower(cks_unit_type t)
{
    const type_word *w = word_of(t);
    return w ? w->lower : "";
}

const char *cks_unit_type_key(cks_unit_type t)
{
    const type_word *w = word_of(t);
    return w ? w->key : "";
}

cks_unit_type cks_unit_type_from_key(const char *key)
{
    for (size_t i = 0; key && i < N_TYPES; i++)
        if (strcmp(type_words[i].key, key) == 0)
            return type_words[i].type;
    return CKS_UT_NONE;
}

/* Byte length of the first n words of s (words separated by ASCII
 * space); fewer words when s has fewer. */
static size_t words_len(const char *s, int n)
{
    size_t i = 0, end = 0;
    for (int w = 0; w < n; w++) {
        while (s[i] == ' ')
            i++;
        if (!s[i])
            break;
        while (s[i] && s[i] != ' ')
            i++;
        end = i;
    }
    return end;
}

/* Is each of the first n words of s either written without accents (pure
 * ASCII) or the same word as in canonical, accents and all (tone placement
 * and case aside)? */
static bool words_spelled_as(const char *s, int n, const char *canonical)
{
    const char *p = s, *q = canonical;
    for (int w = 0; w < n; w++) {
        while (*p == ' ')
            p++;
        while (*q == ' ')
            q++;
        size_t lp = strcspn(p, " "), lq = strcspn(q, " ");
        char a[64], b[64];
        if (lp >= sizeof a || lq >= sizeof b)
            return false;
        memcpy(a, p, lp);
        a[lp] = '\0';
        memcpy(b, q, lq);
        b[lq] = '\0';
        bool ascii = true;
        for (const char *x = a; *x; x++)
            ascii &= (unsigned char)*x < 0x80;
        if (!ascii && !cks_text_same_name(a, b))
            return false;
        p += lp;
        q += lq;
    }
    return true;
}

cks_unit_type cks_unit_type_prefix(const char *s, const char **rest)
{
    if (rest)
        *rest = s;
    if (!s)
        return CKS_UT_NONE;
    /* Fold the first two words once; a two-word type ("thị trấn", "đặc
     * khu") is the whole folded head, a one-word type its first word. */
    size_t len2 = words_len(s, 2);
    if (!len2 || len2 > 64)
        return CKS_UT_NONE;
    char head[65];
    memcpy(head, s, len2);
    head[len2] = '\0';
    char *folded = cks_text_fold(head, NULL);
    if (!folded)
        return CKS_UT_NONE;
    const char *space = strchr(folded, ' ');
    size_t first = space ? (size_t)(space - folded) : strlen(folded);
    cks_unit_type found = CKS_UT_NONE;
    int words = 0;
    for (size_t i = 0; i < N_TYPES && !found; i++) {
        const char *f = type_words[i].folded;
        if (strchr(f, ' ')) {
            if (strcmp(folded, f) == 0) {
                found = type_words[i].type;
                words = 2;
            }
        } else if (strlen(f) == first && memcmp(folded, f, first) == 0) {
            found = type_words[i].type;
            words = 1;
        }
    }
    free(folded);
    /* folding finds the type word whatever its case or spacing, and the
     * unaccented spellings the official file uses ("Xa", "Thi trấn"); but a
     * word written with accents must be the type word itself: "Phương Sơn"
     * is a name, not "Phường Sơn", and "Xà Bang" is not "Xã Bang" */
    if (found && !words_spelled_as(s, words, word_of(found)->name))
        found = CKS_UT_NONE;
    if (found) {
        const char *p = s + words_len(s, words);
        while (*p == ' ')
            p++;
        if (rest)
            *rest = p;
    }
    return found;
}

cks_unit_type cks_unit_type_parse(const char *s)
{
    const char *rest = NULL;
    cks_unit_type t = cks_unit_type_prefix(s, &rest);
    return t && rest && *rest == '\0' ? t : CKS_UT_NONE;
}

bool cks_unit_code_valid(const char *s)
{
    if (!s)
        return false;
    for (int i = 0; i < 5; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return s[5] == '\0';
}

cks_err cks_unit_parse(const char *text, bool require_type, cks_unit_ref *out,
                       cks_error *err)
{
    cks_unit_ref u;
    memset(&u, 0, sizeof u);
    char *clean = cks_text_clean(text ? text : "", err);
    if (!clean)
        return err ? err->code : CKS_E_INVALID;
    cks_err e = CKS_E_OK;
    const char *p = clean;
    const char *colon = strchr(p, ':');
    if (colon) {
        size_t len = (size_t)(colon - p);
        while (len > 0 && p[len - 1] == ' ')
            len--;
        char code[16];
        if (len >= sizeof code) {
            e = cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL,
                              _("'%s': the code before ':' must be 5 digits"), clean);
            goto done;
        }
        memcpy(code, p, len);
        code[len] = '\0';
        if (!cks_unit_code_valid(code)) {
            e = cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL,
                              _("'%s': the code before ':' must be 5 digits, not '%s'"),
                              clean, code);
            goto done;
        }
        memcpy(u.code, code, 6);
        p = colon + 1;
        while (*p == ' ')
            p++;
    }
    const char *name = p;
    u.type = cks_unit_type_prefix(p, &name);
    if (require_type && u.type == CKS_UT_NONE) {
        e = cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL,
                          _("'%s' does not start with a type of unit (Xã, Phường, Thị trấn "
                            "or Đặc khu)"),
                          clean);
        goto done;
    }
    if (*name == '\0') {
        if (u.type)
            e = cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL,
                              _("'%s' has a type but no name"), clean);
        else
            e = cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL, _("the unit has no name"));
        goto done;
    }
    if (strlen(name) >= sizeof u.name) {
        e = cks_error_set(err, CKS_E_TOOLONG, NULL, 0, NULL,
                          _("the name of the unit is longer than %d bytes"),
                          (int)sizeof u.name - 1);
        goto done;
    }
    memcpy(u.name, name, strlen(name) + 1);
    *out = u;
done:
    free(clean);
    return e;
}

char *cks_unit_format(const cks_unit_ref *u, char *buf, size_t n)
{
    if (!buf || !n)
        return buf;
    snprintf(buf, n, "%s%s%s%s%s", u->code, u->code[0] ? ":" : "", cks_unit_type_name(u->type),
             u->type ? " " : "", u->name);
    return buf;
}

char *cks_unit_display(const cks_unit_ref *u, char *buf, size_t n)
{
    if (!buf || !n)
        return buf;
    if (u->code[0])
        snprintf(buf, n, "%s%s%s (%s)", cks_unit_type_lower(u->type), u->type ? " " : "",
                 u->name, u->code);
    else
        snprintf(buf, n, "%s%s%s", cks_unit_type_lower(u->type), u->type ? " " : "", u->name);
    return buf;
}

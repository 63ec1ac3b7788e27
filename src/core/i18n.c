/* i18n.c — locale and message catalogue set-up. */
#include "cks/i18n.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "cks/paths.h"

static char current_lang[4] = "vi";

bool cks_i18n_lang_valid(const char *lang)
{
    return lang && (strcmp(lang, "vi") == 0 || strcmp(lang, "en") == 0);
}

const char *cks_i18n_lang(void)
{
    return current_lang;
}

static bool codeset_is_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

static bool env_names_utf8(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (!v || !*v)
            continue;
        return strcasestr(v, "utf-8") || strcasestr(v, "utf8");
    }
    return false;
}

cks_err cks_i18n_setup(const char *lang, const char *localedir, bool *utf8,
                       cks_error *err)
{
    if (!lang || !*lang)
        lang = "vi";
    if (!cks_i18n_lang_valid(lang))
        return cks_error_set(err, CKS_E_INVALID, NULL, 0, "--lang",
                             _("unknown language '%s' (use vi or en)"), lang);

    /* The user's locale decides whether the terminal can show UTF-8. A
     * UTF-8 locale that is named but not installed (LANG=vi_VN.UTF-8 on a
     * machine with only C.UTF-8) still means a UTF-8 terminal. */
    const char *loc = setlocale(LC_ALL, "");
    bool user_utf8 = loc ? codeset_is_utf8() : env_names_utf8();
    /* gettext ignores LANGUAGE in the plain "C" locale and cannot show
     * Vietnamese in a non-UTF-8 one: use C.UTF-8 (always present on
     * Debian) unless the user's locale already is UTF-8. */
    if (!loc || !codeset_is_utf8())
        setlocale(LC_ALL, "C.UTF-8");
    /* Numbers and sorting stay predictable in files we write. */
    setlocale(LC_NUMERIC, "C");

    memcpy(current_lang, lang, strlen(lang) + 1);
    /* Vietnamese is the default whatever the system says; English is the
     * msgids themselves. LANGUAGE outranks LC_ALL/LANG in GNU gettext. */
    setenv("LANGUAGE", lang, 1);

    if (!localedir)
        localedir = cks_paths_localedir();
    bindtextdomain(CKS_TEXTDOMAIN, localedir);
    bind_textdomain_codeset(CKS_TEXTDOMAIN, "UTF-8");
    textdomain(CKS_TEXTDOMAIN);
    if (utf8)
        *utf8 = user_utf8;
    return CKS_E_OK;
}

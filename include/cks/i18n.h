/* cks/i18n.h — translation and locale set-up.
 *
 * Every user-visible string goes through _() (or N_() where it is only
 * marked and translated later). msgids are English; po/vi.po holds the
 * Vietnamese. The core uses dgettext() with the program's own domain so it
 * translates correctly whatever textdomain() the front end chose.
 */
#ifndef CKS_I18N_H
#define CKS_I18N_H

#include <libintl.h>
#include <stdbool.h>

#include "cks/error.h"

#define CKS_TEXTDOMAIN "cks-sapnhap"
#define _(s) dgettext(CKS_TEXTDOMAIN, s)
#define N_(s) (s)

/* Set up the locale and the message catalogue for language lang ("vi" or
 * "en"; NULL or "" means Vietnamese, the program's default whatever the
 * system locale says). localedir is where <lang>/LC_MESSAGES/cks-sapnhap.mo
 * lives; NULL finds it next to the program (build tree) or in the installed
 * share/locale.
 *
 * If the system's locale does not use UTF-8 (or is not installed) it falls
 * back to C.UTF-8 so that the translation still shows. *utf8 (may be NULL)
 * tells whether the final character set is UTF-8: a front end that gets
 * false writes unaccented text (see cks_text_ascii()).
 * Process-global: call once, early, before any other thread exists. */
cks_err cks_i18n_setup(const char *lang, const char *localedir, bool *utf8,
                       cks_error *err);

/* True for the languages the program knows: "vi", "en". */
bool cks_i18n_lang_valid(const char *lang);

/* The language set up last ("vi" or "en"). Static storage. */
const char *cks_i18n_lang(void);

#endif

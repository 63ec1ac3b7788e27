/* cks/paths.h — where the program's files are.
 *
 * The program runs from its build tree (data from the source tree, the .mo
 * files beside the binary) or installed (share/cks-sapnhap, share/locale).
 * The choice is made from the location of the running executable, so a
 * build never picks up a stale installed copy and vice versa.
 */
#ifndef CKS_PATHS_H
#define CKS_PATHS_H

#include <stddef.h>

#include "cks/error.h"

/* Directory holding cks-sapnhap.ini, forms/ and the demo session data.
 * $CKS_DATADIR overrides. Static storage. */
const char *cks_paths_datadir(void);

/* Directory holding <lang>/LC_MESSAGES/cks-sapnhap.mo. $CKS_LOCALEDIR
 * overrides. Static storage. */
const char *cks_paths_localedir(void);

/* The default session file: $XDG_DATA_HOME/cks-sapnhap/session.sqlite
 * (XDG_DATA_HOME unset, empty or relative → $HOME/.local/share). */
cks_err cks_paths_default_db(char *out, size_t n, cks_error *err);

/* The demo session: $XDG_DATA_HOME/cks-sapnhap/demo.sqlite (or ~/.local/share/…). */
cks_err cks_paths_demo_db(char *out, size_t n, cks_error *err);

/* The user's settings file: $XDG_CONFIG_HOME/cks-sapnhap/cks-sapnhap.ini
 * (XDG_CONFIG_HOME unset, empty or relative → $HOME/.config). */
cks_err cks_paths_user_config(char *out, size_t n, cks_error *err);

/* Create dir and its missing parents; the ones created get mode (e.g.
 * 0700). An existing directory is fine. */
cks_err cks_paths_mkdir_p(const char *dir, unsigned mode, cks_error *err);

/* "~/x" → "$HOME/x"; anything else is copied. */
cks_err cks_paths_expand_home(const char *in, char *out, size_t n, cks_error *err);

#endif

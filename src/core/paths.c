/* paths.c — where the program's files are. */
#include "cks/paths.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cks/i18n.h"

static int is_dir(const char *p)
{
    struct stat st;
    return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Directory of the running executable, or "" when it cannot be known. */
static const char *exe_dir(void)
{
    static char dir[PATH_MAX];
    static int done;
    if (!done) {
        done = 1;
        ssize_t k = readlink("/proc/self/exe", dir, sizeof dir - 1);
        if (k <= 0) {
            dir[0] = '\0';
        } else {
            dir[k] = '\0';
            char *slash = strrchr(dir, '/');
            if (slash)
                *slash = '\0';
        }
    }
    return dir;
}

/* Pick the build-tree directory when the executable lives in the build tree
 * (its directory contains CMakeCache.txt or is below such a directory),
 * else the installed one. */
static int running_from_build_tree(void)
{
    char probe[PATH_MAX];
    const char *d = exe_dir();
    if (!d[0])
        return 0;
    /* the program and the tests live at most two levels below the build dir */
    const char *up[] = {"", "/..", "/../.."};
    for (size_t i = 0; i < sizeof up / sizeof up[0]; i++) {
        if (snprintf(probe, sizeof probe, "%s%s/CMakeCache.txt", d, up[i]) <
                (int)sizeof probe &&
            access(probe, F_OK) == 0)
            return 1;
    }
    return 0;
}

const char *cks_paths_datadir(void)
{
    const char *env = getenv("CKS_DATADIR");
    if (env && *env)
        return env;
    if (running_from_build_tree() || !is_dir(CKS_DATA_INSTALL_DIR))
        return CKS_DATA_SOURCE_DIR;
    return CKS_DATA_INSTALL_DIR;
}

const char *cks_paths_localedir(void)
{
    const char *env = getenv("CKS_LOCALEDIR");
    if (env && *env)
        return env;
    if (running_from_build_tree() || !is_dir(CKS_LOCALE_INSTALL_DIR))
        return CKS_LOCALE_BUILD_DIR;
    return CKS_LOCALE_INSTALL_DIR;
}

/* $VAR if absolute, else $HOME/fallback. */
static cks_err xdg_dir(const char *var, const char *fallback, char *out, size_t n,
                       cks_error *err)
{
    const char *v = getenv(var);
    int k;
    if (v && v[0] == '/') {
        k = snprintf(out, n, "%s", v);
    } else {
        const char *home = getenv("HOME");
        if (!home || home[0] != '/')
            return cks_error_set(err, CKS_E_NOTFOUND, NULL, 0, var,
                                 _("neither %s nor HOME is set to an absolute path"),
                                 var);
        k = snprintf(out, n, "%s/%s", home, fallback);
    }
    if (k < 0 || (size_t)k >= n)
        return cks_error_set(err, CKS_E_TOOLONG, NULL, 0, var, _("the path is too long"));
    return CKS_E_OK;
}

static cks_err join(char *out, size_t n, const char *a, const char *b, cks_error *err)
{
    char tmp[PATH_MAX];
    int k = snprintf(tmp, sizeof tmp, "%s/%s", a, b);
    if (k < 0 || (size_t)k >= sizeof tmp || (size_t)k >= n)
        return cks_error_set(err, CKS_E_TOOLONG, NULL, 0, NULL, _("the path is too long"));
    memcpy(out, tmp, (size_t)k + 1);
    return CKS_E_OK;
}

cks_err cks_paths_default_db(char *out, size_t n, cks_error *err)
{
    char base[PATH_MAX];
    cks_err rc = xdg_dir("XDG_DATA_HOME", ".local/share", base, sizeof base, err);
    if (rc)
        return rc;
    return join(out, n, base, "cks-sapnhap/session.sqlite", err);
}

cks_err cks_paths_demo_db(char *out, size_t n, cks_error *err)
{
    char base[PATH_MAX];
    cks_err rc = xdg_dir("XDG_DATA_HOME", ".local/share", base, sizeof base, err);
    if (rc)
        return rc;
    return join(out, n, base, "cks-sapnhap/demo.sqlite", err);
}

cks_err cks_paths_user_config(char *out, size_t n, cks_error *err)
{
    char base[PATH_MAX];
    cks_err rc = xdg_dir("XDG_CONFIG_HOME", ".config", base, sizeof base, err);
    if (rc)
        return rc;
    return join(out, n, base, "cks-sapnhap/cks-sapnhap.ini", err);
}

cks_err cks_paths_mkdir_p(const char *dir, unsigned mode, cks_error *err)
{
    char buf[PATH_MAX];
    size_t len = dir ? strlen(dir) : 0;
    if (len == 0)
        return cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL, _("empty folder name"));
    if (len >= sizeof buf)
        return cks_error_set(err, CKS_E_TOOLONG, dir, 0, NULL, _("the path is too long"));
    memcpy(buf, dir, len + 1);
    for (size_t i = 1; i <= len; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        char saved = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, (mode_t)mode) != 0 && errno != EEXIST) {
            int e = errno;
            return cks_error_set(err, CKS_E_IO, buf, 0, NULL,
                                 _("cannot create the folder: %s"), strerror(e));
        }
        if (!is_dir(buf))
            return cks_error_set(err, CKS_E_IO, buf, 0, NULL,
                                 _("exists but is not a folder"));
        buf[i] = saved;
    }
    return CKS_E_OK;
}

cks_err cks_paths_expand_home(const char *in, char *out, size_t n, cks_error *err)
{
    int k;
    if (in[0] == '~' && (in[1] == '/' || in[1] == '\0')) {
        const char *home = getenv("HOME");
        if (!home || home[0] != '/')
            return cks_error_set(err, CKS_E_NOTFOUND, in, 0, NULL,
                                 _("HOME is not set, so ~ cannot be expanded"));
        k = snprintf(out, n, "%s%s", home, in + 1);
    } else {
        k = snprintf(out, n, "%s", in);
    }
    if (k < 0 || (size_t)k >= n)
        return cks_error_set(err, CKS_E_TOOLONG, in, 0, NULL, _("the path is too long"));
    return CKS_E_OK;
}

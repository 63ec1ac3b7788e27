/* outfile.c — export files written to a temporary name, then renamed. */
#include "cks/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cks/i18n.h"
#include "cks/paths.h"

struct cks_outdir {
    char *path;
    bool force;
};

struct cks_outfile {
    cks_outdir *dir;
    char temp[PATH_MAX];
    char final[PATH_MAX];
    FILE *stream;
};

cks_err cks_outdir_open(const char *dir, bool force, cks_outdir **out, cks_error *err)
{
    *out = NULL;
    if (!dir || !*dir)
        return cks_error_set(err, CKS_E_INVALID, NULL, 0, "--out", _("empty folder name"));
    cks_err e = cks_paths_mkdir_p(dir, 0700, err);
    if (e)
        return e;
    if (access(dir, W_OK | X_OK) != 0)
        return cks_error_set(err, CKS_E_IO, dir, 0, NULL,
                             _("the folder cannot be written: %s"), strerror(errno));
    cks_outdir *d = calloc(1, sizeof *d);
    if (!d || !(d->path = strdup(dir))) {
        free(d);
        return cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
    }
    d->force = force;
    *out = d;
    return CKS_E_OK;
}

const char *cks_outdir_path(const cks_outdir *d)
{
    return d->path;
}

void cks_outdir_close(cks_outdir *d)
{
    if (!d)
        return;
    free(d->path);
    free(d);
}

static bool plain_name(const char *name)
{
    if (!name || !*name || name[0] == '.' || strlen(name) > 200)
        return false;
    for (const char *p = name; *p; p++)
        if (*p == '/' || (unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7F)
            return false;
    return true;
}

cks_err cks_outfile_begin(cks_outdir *d, const char *name, cks_outfile **out, cks_error *err)
{
    *out = NULL;
    if (!plain_name(name))
        return cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL,
                             _("'%s' is not a plain file name"), name ? name : "");
    cks_outfile *f = calloc(1, sizeof *f);
    if (!f)
        return cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
    f->dir = d;
    int k1 = snprintf(f->final, sizeof f->final, "%s/%s", d->path, name);
    int k2 = snprintf(f->temp, sizeof f->temp, "%s/.%s.XXXXXX", d->path, name);
    if (k1 < 0 || k2 < 0 || (size_t)k1 >= sizeof f->final || (size_t)k2 >= sizeof f->temp) {
        free(f);
        return cks_error_set(err, CKS_E_TOOLONG, d->path, 0, NULL, _("the path is too long"));
    }
    struct stat st;
    if (!d->force && lstat(f->final, &st) == 0) {
        cks_error_set(err, CKS_E_EXISTS, f->final, 0, NULL,
                      _("the file exists already; it is not replaced without --force"));
        free(f);
        return CKS_E_EXISTS;
    }
    int fd = mkostemp(f->temp, O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        free(f);
        return cks_error_set(err, CKS_E_IO, d->path, 0, NULL,
                             _("cannot create a file in the folder: %s"), strerror(e));
    }
    fchmod(fd, 0600);
    f->stream = fdopen(fd, "w+b");
    if (!f->stream) {
        close(fd);
        unlink(f->temp);
        free(f);
        return cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
    }
    *out = f;
    return CKS_E_OK;
}

const char *cks_outfile_temp_path(const cks_outfile *f)
{
    return f->temp;
}

FILE *cks_outfile_stream(cks_outfile *f)
{
    return f->stream;
}

const char *cks_outfile_path(const cks_outfile *f)
{
    return f->final;
}

void cks_outfile_abort(cks_outfile *f)
{
    if (!f)
        return;
    if (f->stream)
        fclose(f->stream);
    unlink(f->temp);
    free(f);
}

/* Flush and sync f's data, then rename it to its name (the folder is not
 * synced here). f is released whatever happens. */
static cks_err sync_and_rename(cks_outfile *f, cks_error *err)
{
    cks_err e;
    if (fflush(f->stream) != 0 || fsync(fileno(f->stream)) != 0) {
        e = cks_error_set(err, CKS_E_IO, f->final, 0, NULL,
                          _("cannot write the file: %s (is the disk full?)"), strerror(errno));
        cks_outfile_abort(f);
        return e;
    }
    /* a writer that replaced the file by name (libxlsxwriter) may have made
     * it with other permissions: owner-only, whatever happened */
    chmod(f->temp, 0600);
    fclose(f->stream);
    f->stream = NULL;
    if (rename(f->temp, f->final) != 0) {
        e = cks_error_set(err, CKS_E_IO, f->final, 0, NULL, _("cannot write the file: %s"),
                          strerror(errno));
        cks_outfile_abort(f);
        return e;
    }
    free(f);
    return CKS_E_OK;
}

/* The renames reach the disk. */
static void sync_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

cks_err cks_outfile_commit(cks_outfile *f, cks_error *err)
{
    cks_outdir *d = f->dir;
    cks_err e = sync_and_rename(f, err);
    if (!e)
        sync_dir(d->path);
    return e;
}

cks_err cks_outfile_commit_all(cks_outfile **files, size_t n, cks_error *err)
{
    cks_err e = CKS_E_OK;
    const char *dir = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!files[i])
            continue;
        if (e) {
            cks_outfile_abort(files[i]);
        } else {
            dir = files[i]->dir->path;
            e = sync_and_rename(files[i], err);
        }
        files[i] = NULL;
    }
    if (dir)
        sync_dir(dir);
    return e;
}

/* outfile.c — export files written to a temporary name, then renamed. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* syncfs */
#endif

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

/* Flush and close f's stream; the data is not synced yet. */
static cks_err close_stream(cks_outfile *f, bool sync, cks_error *err)
{
    cks_err e = CKS_E_OK;
    if (!f->stream)
        return CKS_E_OK;
    if (fflush(f->stream) != 0 || (sync && fsync(fileno(f->stream)) != 0))
        e = cks_error_set(err, CKS_E_IO, f->final, 0, NULL,
                          _("cannot write the file: %s (is the disk full?)"), strerror(errno));
    if (fclose(f->stream) != 0 && !e)
        e = cks_error_set(err, CKS_E_IO, f->final, 0, NULL,
                          _("cannot write the file: %s (is the disk full?)"), strerror(errno));
    f->stream = NULL;
    return e;
}

/* Rename f (closed, its data on disk) to its name; f is released whatever
 * happens (its temporary file removed on failure). */
static cks_err rename_final(cks_outfile *f, cks_error *err)
{
    /* a writer that replaced the file by name (libxlsxwriter) may have made
     * it with other permissions: owner-only, whatever happened */
    chmod(f->temp, 0600);
    if (rename(f->temp, f->final) != 0) {
        cks_err e = cks_error_set(err, CKS_E_IO, f->final, 0, NULL,
                                  _("cannot write the file: %s"), strerror(errno));
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

cks_err cks_outfile_close(cks_outfile *f, cks_error *err)
{
    return close_stream(f, false, err);
}

cks_err cks_outfile_commit(cks_outfile *f, cks_error *err)
{
    char dir[PATH_MAX];
    cks_err e = close_stream(f, true, err);
    if (e) {
        cks_outfile_abort(f);
        return e;
    }
    snprintf(dir, sizeof dir, "%s", f->dir->path);
    e = rename_final(f, err);
    if (!e)
        sync_dir(dir);
    return e;
}

/* The data of the temporary files on disk: one syncfs() for their file
 * system (the folders of one export are on one), else an fsync of each. */
static cks_err sync_data(cks_outfile **files, size_t n, cks_error *err)
{
    int fd = -1;
    for (size_t i = 0; i < n && fd < 0; i++)
        if (files[i])
            fd = open(files[i]->dir->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0 && syncfs(fd) == 0) {
        close(fd);
        return CKS_E_OK;
    }
    if (fd >= 0)
        close(fd);
    for (size_t i = 0; i < n; i++) {
        int k;
        if (!files[i])
            continue;
        k = open(files[i]->temp, O_RDONLY | O_CLOEXEC);
        if (k < 0 || fsync(k) != 0) {
            cks_err e = cks_error_set(err, CKS_E_IO, files[i]->final, 0, NULL,
                                      _("cannot write the file: %s (is the disk full?)"),
                                      strerror(errno));
            if (k >= 0)
                close(k);
            return e;
        }
        close(k);
    }
    return CKS_E_OK;
}

cks_err cks_outfile_commit_all(cks_outfile **files, size_t n, cks_error *err)
{
    cks_err e = CKS_E_OK;
    const char *last_dir = NULL;
    for (size_t i = 0; i < n && !e; i++)
        if (files[i])
            e = close_stream(files[i], false, err);
    if (!e)
        e = sync_data(files, n, err);
    for (size_t i = 0; i < n; i++) {
        cks_outfile *f = files[i];
        files[i] = NULL;
        if (!f)
            continue;
        if (e) {
            cks_outfile_abort(f);
            continue;
        }
        /* the folders are synced once each, after their last rename */
        if (last_dir && strcmp(last_dir, f->dir->path) != 0)
            sync_dir(last_dir);
        last_dir = f->dir->path;
        e = rename_final(f, err);
    }
    if (last_dir)
        sync_dir(last_dir);
    return e;
}

/* cks/outfile.h — writing export files safely.
 *
 * Files go into one output folder (created 0700 with its parents) and
 * nowhere else: a name is a plain file name (no '/', no "..", no leading
 * '.', printable ASCII). Each file is first written under a temporary name
 * in the same folder (created exclusively, 0600), then flushed, synced and
 * renamed: a crash never leaves a half-written file under its final name.
 * An existing file is not replaced unless the folder was opened with force.
 */
#ifndef CKS_OUTFILE_H
#define CKS_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "cks/error.h"

typedef struct cks_outdir cks_outdir;
typedef struct cks_outfile cks_outfile;

/* Open (creating when missing) the output folder. *out is the caller's:
 * cks_outdir_close(). */
cks_err cks_outdir_open(const char *dir, bool force, cks_outdir **out, cks_error *err);

/* The folder's path, as given. Owned by d. */
const char *cks_outdir_path(const cks_outdir *d);

void cks_outdir_close(cks_outdir *d);

/* Start the file name in d: refused (CKS_E_EXISTS) when it exists and d
 * was not opened with force, or (CKS_E_INVALID) when name is not a plain
 * file name. The temporary file exists, empty, 0600, when this returns. */
cks_err cks_outfile_begin(cks_outdir *d, const char *name, cks_outfile **out, cks_error *err);

/* The temporary file's path (for writers that open files by name, like
 * libxlsxwriter) and a stream on it (for writing here). Owned by f. */
const char *cks_outfile_temp_path(const cks_outfile *f);
FILE *cks_outfile_stream(cks_outfile *f);

/* The final path ("DIR/name"). Owned by f. */
const char *cks_outfile_path(const cks_outfile *f);

/* Flush, sync and rename the temporary file to its name; f is released
 * whatever happens. On failure the temporary file is removed. */
cks_err cks_outfile_commit(cks_outfile *f, cks_error *err);

/* Done writing through the stream: flush and close it (a writer that
 * opens the file by name may still write it). Optional: commit and
 * commit_all close it too. Keeps no descriptor open, so that many files
 * can wait for commit_all. */
cks_err cks_outfile_close(cks_outfile *f, cks_error *err);

/* Commit many files (NULL entries skipped), in one or several folders, as
 * one: every stream closed, the data synced once (syncfs; an fsync of
 * each where that fails), then each renamed, then each folder synced. On
 * a failure before the renames, nothing is renamed and every temporary
 * file is removed. Every entry is released and set to NULL. The folders
 * (cks_outdir) must still be open. */
cks_err cks_outfile_commit_all(cks_outfile **files, size_t n, cks_error *err);

/* Give up: remove the temporary file and release f. f may be NULL. */
void cks_outfile_abort(cks_outfile *f);

#endif

/* test_outfile.c — export files: a private folder, temporary name then
 * rename, no overwrite without force, nothing outside the folder. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "cks/outfile.h"

static char tmpdir[256];

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    return n;
}

static char *read_all(const char *path)
{
    static char buf[256];
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_write_and_rename(void)
{
    char dir[512], path[700];
    snprintf(dir, sizeof dir, "%s/xuat/phuong-cam-thanh", tmpdir);
    cks_outdir *d = NULL;
    cks_error err;
    CHECK_INT(cks_outdir_open(dir, false, &d, &err), CKS_E_OK);
    struct stat st;
    CHECK(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700);
    cks_outfile *f = NULL;
    CHECK_INT(cks_outfile_begin(d, "plan.csv", &f, &err), CKS_E_OK);
    snprintf(path, sizeof path, "%s/plan.csv", dir);
    CHECK(access(path, F_OK) != 0); /* not under its name while being written */
    CHECK(stat(cks_outfile_temp_path(f), &st) == 0 && (st.st_mode & 0777) == 0600);
    fputs("serial,kind\n", cks_outfile_stream(f));
    CHECK_STR(cks_outfile_path(f), path);
    CHECK_INT(cks_outfile_commit(f, &err), CKS_E_OK);
    CHECK_STR(read_all(path), "serial,kind\n");
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK_INT(count_entries(dir), 1); /* no temporary file left */

    /* exists: refused without force, untouched */
    f = NULL;
    CHECK_INT(cks_outfile_begin(d, "plan.csv", &f, &err), CKS_E_EXISTS);
    CHECK(f == NULL);
    CHECK_STR(err.file, path);
    CHECK_STR(read_all(path), "serial,kind\n");
    CHECK_INT(count_entries(dir), 1);
    cks_outdir_close(d);

    /* with force: replaced */
    CHECK_INT(cks_outdir_open(dir, true, &d, &err), CKS_E_OK);
    CHECK_INT(cks_outfile_begin(d, "plan.csv", &f, &err), CKS_E_OK);
    fputs("new\n", cks_outfile_stream(f));
    CHECK_INT(cks_outfile_commit(f, &err), CKS_E_OK);
    CHECK_STR(read_all(path), "new\n");

    /* a writer that opens the temporary file by name (as libxlsxwriter does) */
    CHECK_INT(cks_outfile_begin(d, "mau05.xlsx", &f, &err), CKS_E_OK);
    FILE *w = fopen(cks_outfile_temp_path(f), "wb");
    CHECK(w != NULL);
    if (w) {
        fputs("PK", w);
        fclose(w);
    }
    CHECK_INT(cks_outfile_commit(f, &err), CKS_E_OK);
    snprintf(path, sizeof path, "%s/mau05.xlsx", dir);
    CHECK_STR(read_all(path), "PK");
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);

    /* given up: nothing left */
    CHECK_INT(cks_outfile_begin(d, "checklist.xlsx", &f, &err), CKS_E_OK);
    fputs("half", cks_outfile_stream(f));
    cks_outfile_abort(f);
    cks_outfile_abort(NULL);
    snprintf(path, sizeof path, "%s/checklist.xlsx", dir);
    CHECK(access(path, F_OK) != 0);
    CHECK_INT(count_entries(dir), 2);
    cks_outdir_close(d);
    cks_outdir_close(NULL);
}

static void test_names_stay_inside(void)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/names", tmpdir);
    cks_outdir *d = NULL;
    cks_error err;
    CHECK_INT(cks_outdir_open(dir, true, &d, &err), CKS_E_OK);
    static const char *const bad[] = {"../escape.csv", "sub/x.csv", ".hidden", "", "tệp.csv",
                                      "a\nb", "/etc/passwd"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cks_outfile *f = (cks_outfile *)1;
        CHECK_INT(cks_outfile_begin(d, bad[i], &f, &err), CKS_E_INVALID);
        CHECK(f == NULL);
    }
    CHECK_INT(count_entries(dir), 0);
    char up[600];
    snprintf(up, sizeof up, "%s/escape.csv", tmpdir);
    CHECK(access(up, F_OK) != 0);
    cks_outdir_close(d);
    CHECK_INT(cks_outdir_open("", false, &d, &err), CKS_E_INVALID);
}

static void test_unwritable_folder(void)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/readonly", tmpdir);
    mkdir(dir, 0500);
    chmod(dir, 0500);
    chmod(tmpdir, 0755);
    pid_t pid = fork();
    if (pid == 0) {
        /* as an ordinary user (root may write anywhere) */
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(99);
        cks_outdir *d = NULL;
        cks_error err;
        cks_err e = cks_outdir_open(dir, false, &d, &err);
        _exit(e == CKS_E_IO && d == NULL ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    chmod(tmpdir, 0700);
}

int main(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/cks-outfile-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir))
        return 1;
    RUN(test_write_and_rename);
    RUN(test_names_stay_inside);
    RUN(test_unwritable_folder);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "chmod -R u+w '%s'; rm -rf '%s'", tmpdir, tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}

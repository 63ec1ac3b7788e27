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

/* Several files in two folders committed as one: all renamed, owner-only,
 * nothing temporary left, entries released. */
static void test_commit_all(void)
{
    char a[300], b[300], path[400];
    cks_outdir *da = NULL, *db = NULL;
    cks_outfile *f[4] = {NULL, NULL, NULL, NULL};
    cks_error err;
    snprintf(a, sizeof a, "%s/all/a", tmpdir);
    snprintf(b, sizeof b, "%s/all/b", tmpdir);
    CHECK_INT(cks_outdir_open(a, false, &da, &err), CKS_E_OK);
    CHECK_INT(cks_outdir_open(b, false, &db, &err), CKS_E_OK);
    CHECK_INT(cks_outfile_begin(da, "one.csv", &f[0], &err), CKS_E_OK);
    CHECK_INT(cks_outfile_begin(da, "two.csv", &f[1], &err), CKS_E_OK);
    CHECK_INT(cks_outfile_begin(db, "three.csv", &f[3], &err), CKS_E_OK);
    fputs("1\n", cks_outfile_stream(f[0]));
    fputs("2\n", cks_outfile_stream(f[1]));
    fputs("3\n", cks_outfile_stream(f[3]));
    /* closing early keeps the temporary file, under its temporary name */
    CHECK_INT(cks_outfile_close(f[1], &err), CKS_E_OK);
    snprintf(path, sizeof path, "%s/two.csv", a);
    CHECK(access(path, F_OK) != 0);
    CHECK_INT(cks_outfile_commit_all(f, 4, &err), CKS_E_OK);
    for (int i = 0; i < 4; i++)
        CHECK(f[i] == NULL);
    CHECK_STR(read_all(path), "2\n");
    snprintf(path, sizeof path, "%s/one.csv", a);
    CHECK_STR(read_all(path), "1\n");
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    snprintf(path, sizeof path, "%s/three.csv", b);
    CHECK_STR(read_all(path), "3\n");
    CHECK_INT(count_entries(a), 2);
    CHECK_INT(count_entries(b), 1);
    cks_outdir_close(da);
    cks_outdir_close(db);
}

/* A file that cannot be renamed (its temporary file vanished): an error
 * naming it, the files after it not renamed and not left behind. */
static void test_commit_all_failure(void)
{
    char a[300], path[400];
    cks_outdir *d = NULL;
    cks_outfile *f[3] = {NULL, NULL, NULL};
    cks_error err;
    snprintf(a, sizeof a, "%s/fail", tmpdir);
    CHECK_INT(cks_outdir_open(a, false, &d, &err), CKS_E_OK);
    CHECK_INT(cks_outfile_begin(d, "a.csv", &f[0], &err), CKS_E_OK);
    CHECK_INT(cks_outfile_begin(d, "b.csv", &f[1], &err), CKS_E_OK);
    CHECK_INT(cks_outfile_begin(d, "c.csv", &f[2], &err), CKS_E_OK);
    CHECK_INT(cks_outfile_close(f[1], &err), CKS_E_OK);
    unlink(cks_outfile_temp_path(f[1]));
    CHECK_INT(cks_outfile_commit_all(f, 3, &err), CKS_E_IO);
    CHECK(strstr(err.file, "b.csv") != NULL);
    snprintf(path, sizeof path, "%s/c.csv", a);
    CHECK(access(path, F_OK) != 0);
    CHECK_INT(count_entries(a), 1); /* a.csv, renamed before the failure */
    for (int i = 0; i < 3; i++)
        CHECK(f[i] == NULL);
    cks_outdir_close(d);
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
    RUN(test_commit_all);
    RUN(test_commit_all_failure);
    RUN(test_names_stay_inside);
    RUN(test_unwritable_folder);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "chmod -R u+w '%s'; rm -rf '%s'", tmpdir, tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}

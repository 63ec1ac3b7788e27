/* cases_tui.c — the wizard's start: from exec to the first screen drawn
 * (the resume question, drawn on the terminal), in a pseudo-terminal of
 * 80×24, on the demo session; beside `dialog --msgbox` started the same
 * way (from exec to its box drawn). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "cks/demo.h"
#include "cks/store.h"
#include "store/store_internal.h"

static char demo_db[900], program[900];

static int tui_setup(void **state)
{
    cks_store *s = NULL;
    cks_error err;
    char datadir[800];
    (void)state;
    snprintf(demo_db, sizeof demo_db, "%s/demo.sqlite", bench_dir());
    snprintf(datadir, sizeof datadir, "%s/data", CKS_SOURCE_DIR);
    snprintf(program, sizeof program, "%s", CKS_PROGRAM);
    if (cks_demo_create(demo_db, datadir, &s, &err) != CKS_E_OK) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    cks_store_close(s);
    return 0;
}

static int drive(char *const argv[], const char *marker, const char *keys, size_t n_keys,
                 const char *marker2);

/* Start argv in an 80×24 pseudo-terminal and wait until marker appears
 * in what it draws; then end it. 0 when the marker was seen. */
static int start_until(char *const argv[], const char *marker)
{
    return drive(argv, marker, NULL, 0, NULL);
}

/* The same, then type keys and wait for marker2. */
static int drive(char *const argv[], const char *marker, const char *keys, size_t n_keys,
                 const char *marker2)
{
    struct winsize ws = {24, 80, 0, 0};
    int fd;
    char buf[65536];
    size_t used = 0;
    int found = 1;
    pid_t pid = forkpty(&fd, NULL, NULL, &ws);
    if (pid < 0)
        return 1;
    if (pid == 0) {
        setenv("TERM", "xterm", 1);
        setenv("LC_ALL", "C.UTF-8", 1);
        execvp(argv[0], argv);
        _exit(127);
    }
    for (int waited = 0; waited < 20000 && found;) {
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, 100);
        if (r <= 0) {
            waited += 100;
            continue;
        }
        ssize_t k = read(fd, buf + used, sizeof buf - 1 - used);
        if (k <= 0)
            break;
        used += (size_t)k;
        buf[used] = '\0';
        if (memmem(buf, used, marker, strlen(marker))) {
            if (keys && n_keys) {
                /* the first screen is there: now the keys, then the second marker */
                if (write(fd, keys, n_keys) != (ssize_t)n_keys)
                    break;
                keys = NULL;
                marker = marker2;
                used = 0;
                continue;
            }
            found = 0;
        }
        if (used > sizeof buf / 2) {
            memmove(buf, buf + used - 256, 256);
            used = 256;
        }
    }
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    close(fd);
    return found;
}

static int tui_start(void *state)
{
    char *argv[] = {program, "--db", demo_db, "--lang", "en", "--date", "2025-06-15", NULL};
    (void)state;
    return start_until(argv, "Resume: "); /* the first screen: resume or begin */
}

static int dialog_start(void *state)
{
    char *argv[] = {"dialog", "--msgbox", "Bước 1/7 — Đơn vị mới", "8", "40", NULL};
    (void)state;
    return start_until(argv, "1/7");
}

/* ------------------------------------------------------------ scrolling */

static char big_db[900];

/* One merger whose old unit holds 10,000 organisation certificates (the
 * longest list a screen shows), the wizard set to resume on step 3. */
static int scroll_setup(void **state)
{
    cks_store *s = NULL;
    cks_error err;
    char datadir[800];
    (void)state;
    snprintf(big_db, sizeof big_db, "%s/big.sqlite", bench_dir());
    snprintf(datadir, sizeof datadir, "%s/data", CKS_SOURCE_DIR);
    snprintf(program, sizeof program, "%s", CKS_PROGRAM);
    if (cks_demo_create(big_db, datadir, &s, &err) != CKS_E_OK)
        return 1;
    int rc = sqlite3_exec(
        cks_store_db(s),
        "BEGIN;"
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9999)"
        " INSERT INTO cert(serial, member_id, kind, body, holder, token_serial, valid_from,"
        " valid_to, status)"
        " SELECT printf('5403BE0C%08X', i), (SELECT id FROM member WHERE code = '21019'),"
        " 'org', 'other', printf('Tổ chức thử %05d', i), printf('TK-%05d', i), '2023-01-01',"
        " '2028-06-30', 'active' FROM n;"
        "COMMIT;",
        NULL, NULL, NULL);
    cks_store_state_set(s, "wizard.merger", "21025", &err);
    cks_store_state_set(s, "wizard.step", "2", &err);
    cks_store_close(s);
    return rc != SQLITE_OK;
}

/* Resume on step 3, then 450 Page Down (to the end of the list), then F1:
 * the help box drawn means every page before it was drawn. (ncurses sends
 * only the cells that change, so the rows themselves make poor markers.) */
static int scroll_run(void *state)
{
    char *argv[] = {program, "--db", big_db, "--lang", "en", "--date", "2025-06-15", NULL};
    char keys[450 * 4 + 32];
    static const char f1[] = "\033OP"; /* F1: its box is drawn only after every Page Down */
    size_t n = 0;
    (void)state;
    keys[n++] = '\r'; /* resume */
    for (int i = 0; i < 450; i++) {
        memcpy(keys + n, "\033[6~", 4);
        n += 4;
    }
    memcpy(keys + n, f1, sizeof f1 - 1);
    n += sizeof f1 - 1;
    return drive(argv, "Resume: ", keys, n, "Help");
}

const bench_case bench_tui_scroll = {
    .name = "tui.scroll",
    .what = "the wizard scrolling a list of 10,000 certificates: start, resume, 450 Page Down "
            "(80×24 pty)",
    .setup = scroll_setup,
    .run = scroll_run,
    .max_ms = 2000,
};

const bench_case bench_tui_start = {
    .name = "tui.start",
    .what = "the wizard from exec to its first screen (80×24 pty, demo session); vs dialog "
            "--msgbox started the same way",
    .setup = tui_setup,
    .run = tui_start,
    .baseline = dialog_start,
    .baseline_name = "dialog --msgbox",
    .max_ms = 50,
};

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

/* Start argv in an 80×24 pseudo-terminal and wait until marker appears
 * in what it draws; then end it. 0 when the marker was seen. */
static int start_until(char *const argv[], const char *marker)
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
    for (int waited = 0; waited < 5000 && found;) {
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
        if (memmem(buf, used, marker, strlen(marker)))
            found = 0;
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

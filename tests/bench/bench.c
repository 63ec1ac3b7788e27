/* bench.c — runs the cases of bench_cases[]; see bench.h.
 *
 *   cks-bench [--runs N] [CASE-NAME...]
 */
#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char scratch[512];
static char shared_dir[1024];

const char *bench_dir(void)
{
    return scratch;
}

const char *bench_shared(void)
{
    return shared_dir;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

typedef struct sample {
    double ms;
    double mib;
    int ok;
} sample;

static void fresh_scratch(void)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", scratch, scratch);
    if (system(cmd) != 0)
        fprintf(stderr, "bench: cannot reset %s\n", scratch);
}

/* Expand {dir} and {shared} in one argument. */
static char *expand(const char *arg)
{
    size_t cap = strlen(arg) + strlen(scratch) * 4 + strlen(shared_dir) * 4 + 1;
    char *out = malloc(cap), *o = out;
    if (!out)
        return NULL;
    for (const char *p = arg; *p;) {
        if (strncmp(p, "{dir}", 5) == 0) {
            o += sprintf(o, "%s", scratch);
            p += 5;
        } else if (strncmp(p, "{shared}", 8) == 0) {
            o += sprintf(o, "%s", shared_dir);
            p += 8;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

/* One run in a child. which: 0 case, 1 baseline function, 2 baseline command. */
static sample run_once(const bench_case *c, int which)
{
    sample s = {0, 0, 0};
    int fds[2];
    fresh_scratch();
    if (pipe(fds) != 0)
        return s;
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid < 0)
        return s;
    if (pid == 0) {
        close(fds[0]);
        if (which == 2) {
            size_t n = 0;
            while (c->baseline_cmd[n])
                n++;
            char **argv = calloc(n + 1, sizeof *argv);
            for (size_t i = 0; i < n; i++)
                argv[i] = expand(c->baseline_cmd[i]);
            dup2(open("/dev/null", O_WRONLY), 1);
            execvp(argv[0], argv);
            _exit(127);
        }
        void *state = NULL;
        if (c->setup && c->setup(&state) != 0)
            _exit(3);
        double a = now_ms();
        int rc = which == 0 ? c->run(state) : c->baseline(state);
        double b = now_ms() - a;
        if (c->teardown)
            c->teardown(state);
        if (write(fds[1], &b, sizeof b) != (ssize_t)sizeof b)
            _exit(4);
        _exit(rc == 0 ? 0 : 5);
    }
    close(fds[1]);
    double ms = 0;
    ssize_t got = read(fds[0], &ms, sizeof ms);
    close(fds[0]);
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0)
        return s;
    if (which == 2)
        ms = now_ms() - t0;
    else if (got != (ssize_t)sizeof ms)
        return s;
    s.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    s.ms = ms;
    s.mib = (double)ru.ru_maxrss / 1024.0;
    return s;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int wanted(const char *name, int argc, char **argv, int first)
{
    if (first >= argc)
        return 1;
    for (int i = first; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    int runs = 5, first = 1, failures = 0;
    if (argc > 2 && strcmp(argv[1], "--runs") == 0) {
        runs = atoi(argv[2]);
        first = 3;
        if (runs < 1 || runs > 100) {
            fprintf(stderr, "bench: --runs takes 1..100\n");
            return 2;
        }
    }
    const char *sh = getenv("CKS_SHARED_DIR");
    snprintf(shared_dir, sizeof shared_dir, "%s", sh && *sh ? sh : CKS_DEFAULT_SHARED_DIR);
    const char *tmp = getenv("TMPDIR");
    snprintf(scratch, sizeof scratch, "%s/cks-bench-%ld", tmp && *tmp ? tmp : "/tmp",
             (long)getpid());

    printf("%-22s %5s %10s %10s %9s   %s\n", "case", "runs", "median ms", "min ms",
           "peak MiB", "baseline / ratio / target");
    for (size_t i = 0; bench_cases[i]; i++) {
        const bench_case *c = bench_cases[i];
        if (!wanted(c->name, argc, argv, first))
            continue;
        int which_base = c->baseline ? 1 : c->baseline_cmd ? 2 : 0;
        double t[100], bt[100], peak = 0, bpeak = 0;
        int ok = 1;
        for (int r = 0; r < runs; r++) {
            sample s = run_once(c, 0);
            ok &= s.ok;
            t[r] = s.ms;
            if (s.mib > peak)
                peak = s.mib;
            if (which_base) {
                sample b = run_once(c, which_base);
                ok &= b.ok;
                bt[r] = b.ms;
                if (b.mib > bpeak)
                    bpeak = b.mib;
            }
        }
        double tmin = t[0];
        for (int r = 1; r < runs; r++)
            tmin = t[r] < tmin ? t[r] : tmin;
        double med = median(t, runs);
        printf("%-22s %5d %10.2f %10.2f %9.1f", c->name, runs, med, tmin, peak);
        int met = 1;
        if (which_base) {
            double bmed = median(bt, runs);
            double ratio = bmed > 0 ? med / bmed : 0;
            printf("   %s %.2f ms (%.1f MiB) ratio %.2f", c->baseline_name ? c->baseline_name : "baseline",
                   bmed, bpeak, ratio);
            if (c->max_ratio > 0) {
                printf(" (target <= %.2f)", c->max_ratio);
                met &= ratio <= c->max_ratio;
            }
        }
        if (c->max_ms > 0) {
            printf(" target <= %.0f ms", c->max_ms);
            met &= med <= c->max_ms;
        }
        if (c->max_mib > 0) {
            printf(" <= %.0f MiB", c->max_mib);
            met &= peak <= c->max_mib;
        }
        printf("%s%s\n", ok ? "" : "  FAILED", met ? "" : "  MISSED TARGET");
        printf("%-22s %s\n", "", c->what);
        if (!ok || !met)
            failures++;
        fflush(stdout);
    }
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
    if (system(cmd) != 0)
        fprintf(stderr, "bench: cannot remove %s\n", scratch);
    return failures ? 1 : 0;
}

/* bench.h — the benchmark harness (tests/bench, `cmake --build build
 * --target bench`; not part of ctest).
 *
 * A case runs in a fresh child process, several times; the harness prints
 * the median and the fastest wall time of the timed part and the peak
 * resident memory of the child. A case may name a baseline (a function or a
 * command line) that runs interleaved with it in the same run, so the
 * report gives ratios measured under the same conditions, not single times
 * from different days.
 */
#ifndef CKS_BENCH_H
#define CKS_BENCH_H

#include <stddef.h>

typedef struct bench_case {
    const char *name;
    const char *what;        /* one line: what is measured, at what size */
    /* In the child, untimed: build the input. Returns 0 on success. */
    int (*setup)(void **state);
    /* In the child, timed. Returns 0 on success. */
    int (*run)(void *state);
    /* In the child, untimed. May be NULL. */
    void (*teardown)(void *state);
    /* Optional baseline: a function (timed like run, after the same setup)… */
    int (*baseline)(void *state);
    /* …or a command, timed from start to exit; "{dir}" in an argument is
     * replaced by the case's scratch folder, "{shared}" by the shared data
     * folder. NULL-terminated. */
    const char *const *baseline_cmd;
    const char *baseline_name;
    /* The target: the case's median may be at most this multiple of the
     * baseline's (0: no target). */
    double max_ratio;
    /* Absolute targets (0: none). */
    double max_ms;
    double max_mib;
} bench_case;

/* The scratch folder of the running case (empty, removed afterwards). */
const char *bench_dir(void);

/* The shared data folder ($CKS_SHARED_DIR, else ../shared beside the
 * source tree). */
const char *bench_shared(void);

/* Every case, NULL-terminated (bench_cases.c). */
extern const bench_case *const bench_cases[];

#endif

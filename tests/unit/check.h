/* check.h — the unit tests' tiny harness.
 *
 *   static void test_something(void) { CHECK(x == 1); CHECK_STR(a, "b"); }
 *   int main(void) { RUN(test_something); return check_summary(); }
 *
 * A failed CHECK prints file:line and the expression, and the test goes on;
 * check_summary() prints "N passed, N failed" and returns the exit status.
 */
#ifndef CKS_TEST_CHECK_H
#define CKS_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed_, check_failed_;
static const char *check_current_ = "";

#define CHECK(expr)                                                            \
    do {                                                                       \
        if (expr) {                                                            \
            check_passed_++;                                                   \
        } else {                                                               \
            check_failed_++;                                                   \
            fprintf(stderr, "%s:%d: %s: CHECK failed: %s\n", __FILE__,         \
                    __LINE__, check_current_, #expr);                          \
        }                                                                      \
    } while (0)

#define CHECK_STR(got, want)                                                   \
    do {                                                                       \
        const char *g_ = (got), *w_ = (want);                                  \
        if (g_ && w_ && strcmp(g_, w_) == 0) {                                 \
            check_passed_++;                                                   \
        } else {                                                               \
            check_failed_++;                                                   \
            fprintf(stderr, "%s:%d: %s: CHECK_STR failed: %s\n  got:  %s\n  want: %s\n", \
                    __FILE__, __LINE__, check_current_, #got,                  \
                    g_ ? g_ : "(null)", w_ ? w_ : "(null)");                   \
        }                                                                      \
    } while (0)

#define CHECK_INT(got, want)                                                   \
    do {                                                                       \
        long long g_ = (long long)(got), w_ = (long long)(want);               \
        if (g_ == w_) {                                                        \
            check_passed_++;                                                   \
        } else {                                                               \
            check_failed_++;                                                   \
            fprintf(stderr, "%s:%d: %s: CHECK_INT failed: %s\n  got:  %lld\n  want: %lld\n", \
                    __FILE__, __LINE__, check_current_, #got, g_, w_);         \
        }                                                                      \
    } while (0)

#define RUN(fn)                                                                \
    do {                                                                       \
        check_current_ = #fn;                                                  \
        fn();                                                                  \
    } while (0)

static inline int check_summary(void)
{
    printf("%d passed, %d failed\n", check_passed_, check_failed_);
    return check_failed_ ? 1 : 0;
}

#endif

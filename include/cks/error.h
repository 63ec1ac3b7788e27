/* cks/error.h — the one error table of cks-sapnhap.
 *
 * Every core function that can fail returns a cks_err and, when given a
 * non-NULL cks_error*, fills it with the code, a complete translated message
 * and, where it applies, the file, line and field the problem is about.
 * The core never prints and never exits; front ends format with
 * cks_error_format() and print.
 *
 * Functions that report many problems at once (a file with several bad rows)
 * also append every problem to a cks_diags list owned by the caller.
 */
#ifndef CKS_ERROR_H
#define CKS_ERROR_H

#include <stddef.h>

/* X(NAME, message) — message is an English msgid (marked for xgettext by
 * CKS_N_), translated at use. */
#define CKS_N_(s) s
#define CKS_ERRORS(X)                                                          \
    X(OK, CKS_N_("no error"))                                                          \
    X(NOMEM, CKS_N_("out of memory"))                                                  \
    X(IO, CKS_N_("cannot read or write a file"))                                       \
    X(USAGE, CKS_N_("wrong use of the command"))                                       \
    X(NOTIMPL, CKS_N_("not built yet"))                                                \
    X(NOTFOUND, CKS_N_("not found"))                                                   \
    X(EXISTS, CKS_N_("already exists"))                                                \
    X(INVALID, CKS_N_("invalid value"))                                                \
    X(UTF8, CKS_N_("the text is not valid UTF-8"))                                     \
    X(TOOLONG, CKS_N_("the text is too long"))                                         \
    X(CONFIG_SYNTAX, CKS_N_("the file is not a valid INI file"))                       \
    X(CONFIG_KEY, CKS_N_("unknown setting"))                                           \
    X(CONFIG_VALUE, CKS_N_("bad value in the settings"))                               \
    X(STORE_NOTSESSION, CKS_N_("the file is not a cks-sapnhap session"))               \
    X(STORE_READONLY, CKS_N_("the session file cannot be written"))                    \
    X(STORE_LOCKED, CKS_N_("the session is open in another running cks-sapnhap"))      \
    X(STORE_NEWER, CKS_N_("the session comes from a newer version of cks-sapnhap"))    \
    X(STORE_CORRUPT, CKS_N_("the session file is damaged"))                            \
    X(STORE, CKS_N_("the session store failed"))                                       \
    X(LAYOUT, CKS_N_("a form layout is wrong"))                                        \
    X(ASK, CKS_N_("some certificates still need the unit's decision"))

typedef enum cks_err {
#define CKS_ERR_ENUM_(name, msg) CKS_E_##name,
    CKS_ERRORS(CKS_ERR_ENUM_)
#undef CKS_ERR_ENUM_
    CKS_E_COUNT_
} cks_err;

enum {
    CKS_ERROR_FILE_MAX = 512,
    CKS_ERROR_FIELD_MAX = 96,
    CKS_ERROR_MSG_MAX = 768
};

typedef struct cks_error {
    cks_err code;
    char file[CKS_ERROR_FILE_MAX];   /* "" when the problem is not about a file */
    long line;                       /* 1-based; 0 when unknown */
    char field[CKS_ERROR_FIELD_MAX]; /* column, setting key or form field; "" when none */
    char msg[CKS_ERROR_MSG_MAX];     /* translated, complete; never empty after a failure */
    int warning;                     /* 1: only a warning (in a cks_diags list) */
} cks_error;

/* A growable list of problems. Zero-initialise (CKS_DIAGS_INIT); release with
 * cks_diags_free(). The list owns its items. */
typedef struct cks_diags {
    cks_error *items;
    size_t count;
    size_t cap;
} cks_diags;
#define CKS_DIAGS_INIT {NULL, 0, 0}

/* The enum's symbolic name, e.g. "STORE_LOCKED". Static storage. */
const char *cks_error_name(cks_err code);

/* The generic translated message of a code. Static storage. */
const char *cks_error_message(cks_err code);

/* Clear *e to CKS_E_OK. e may be NULL. */
void cks_error_clear(cks_error *e);

/* Fill *e (may be NULL) and return code. file/field may be NULL. fmt is a
 * translated printf format; NULL uses the generic message of the code.
 * Text is truncated safely, never at the middle of a UTF-8 sequence. */
cks_err cks_error_set(cks_error *e, cks_err code, const char *file, long line,
                      const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Write "FILE:LINE: FIELD: MESSAGE" into buf (parts that are empty are left
 * out). Always NUL-terminates when n > 0. Returns buf. */
char *cks_error_format(const cks_error *e, char *buf, size_t n);

/* Append a copy of *e. Returns CKS_E_OK or CKS_E_NOMEM. */
cks_err cks_diags_add(cks_diags *d, const cks_error *e);

/* Append a copy of *e marked as a warning. */
cks_err cks_diags_warn(cks_diags *d, const cks_error *e);

/* How many items of d are errors (not warnings). */
size_t cks_diags_errors(const cks_diags *d);

/* Release the items; d itself is the caller's. d may be NULL. */
void cks_diags_free(cks_diags *d);

#endif

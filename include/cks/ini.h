/* cks/ini.h — reading an INI file (the settings, the form layouts) with
 * iniparser, knowing the line of everything.
 *
 * iniparser 4.1 keeps no line numbers, stops on a UTF-8 BOM, reads "0123"
 * as octal and crashes when asked for a bare section name (CVE-2023-33461).
 * This module reads the file itself first: it removes a BOM, accepts CRLF,
 * checks UTF-8 line by line, and walks iniparser's line grammar (sections,
 * keys, comments, "\" continuations) to learn the line of every section
 * and key, and to report what iniparser would take silently (a key given
 * twice, a line too long for its 1 KiB buffer, a last line continued into
 * nothing). Then iniparser parses the cleaned text through an anonymous
 * memory file and only "section:key" lookups are made for the keys seen.
 * iniparser's own error output is captured, never printed.
 *
 * What the file means is the caller's: it walks the items, reports what
 * it does not accept with cks_ini_problem() (file:line, section:key), and
 * collects every problem, sorted by line, with cks_ini_finish().
 *
 * Not reentrant: iniparser's error callback is process-global. Call from
 * one thread at a time.
 */
#ifndef CKS_INI_H
#define CKS_INI_H

#include <stdbool.h>
#include <stddef.h>

#include "cks/error.h"

typedef struct cks_ini_item {
    const char *section; /* lower-case name of the section ("" before any) */
    const char *key;     /* lower-case key; NULL for the [section] line itself */
    const char *value;   /* the value (surrounding quotes removed), or NULL:
                            for a section, for a key given again further down
                            (superseded), or when its line had a problem */
    long line;           /* 1-based */
    bool bad;            /* a problem was reported at this line already */
    bool superseded;     /* the same key is given again further down */
    bool comment_cut;    /* the value is not quoted and holds ';' or '#': what
                            follows was read as a comment */
} cks_ini_item;

typedef struct cks_ini cks_ini;

/* Read path. Problems of the file itself (cannot open, not UTF-8, bad
 * syntax, a key given twice…) are kept in the result, to be collected by
 * cks_ini_finish(); only running out of memory fails here. *out is the
 * caller's: cks_ini_free(). */
cks_err cks_ini_read(const char *path, cks_ini **out, cks_error *err);

/* The file's name, as given. Owned by ini. */
const char *cks_ini_path(const cks_ini *ini);

/* The sections and keys of the file, in the order of its lines. Owned by
 * ini. */
size_t cks_ini_count(const cks_ini *ini);
const cks_ini_item *cks_ini_at(const cks_ini *ini, size_t i);

/* The last item of key in section, or NULL when the file does not give it. */
const cks_ini_item *cks_ini_find(const cks_ini *ini, const char *section, const char *key);

/* Record a problem at line (0: the whole file); field is "section:key" or
 * NULL. */
void cks_ini_problem(cks_ini *ini, cks_err code, long line, const char *field,
                     const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

bool cks_ini_has_problems(const cks_ini *ini);

/* Every problem, sorted by line, appended to diags (may be NULL); the
 * first returned and written to err. CKS_E_OK when there is none. */
cks_err cks_ini_finish(cks_ini *ini, cks_diags *diags, cks_error *err);

void cks_ini_free(cks_ini *ini);

/* Values: a decimal whole number in [min, max] ("010" is ten, never
 * octal; no "0x", no fraction); yes/no, true/false, on/off, 1/0 in any case. */
bool cks_ini_int(const char *s, int min, int max, int *out);
bool cks_ini_bool(const char *s, bool *out);

#endif

/* fuzz_csv.c — libFuzzer target for the CSV/TSV reader (cks/csv.h).
 *
 * Every input is opened with cks_csv_open_mem() once with detection (sep 0)
 * and once with each of ',', ';' and TAB, and read to the end. Any broken
 * invariant aborts, so libFuzzer keeps the input:
 *
 *  - open fails only with CKS_E_UTF8 (exactly when the input after a BOM is
 *    not valid UTF-8, at a line >= 1) or CKS_E_TOOLONG, and then *out is NULL;
 *  - the separator is the one given, or one of the three when detected;
 *  - every record has 1..CKS_CSV_MAX_FIELDS fields, starts at a line >= 1
 *    that is later than the previous record's and not past the last line;
 *  - every field is valid UTF-8 (cks_text_valid), at most
 *    CKS_CSV_MAX_FIELD_BYTES long, holds no CR; all fields of all records
 *    together are never longer than the input;
 *  - next fails only with CKS_E_INVALID, CKS_E_TOOLONG or CKS_E_NOMEM,
 *    naming the file and a line in range; after an error or the end, next
 *    keeps answering CKS_E_NOTFOUND;
 *  - reading with the detected separator given explicitly gives exactly the
 *    same records as reading with detection.
 *
 * Build: see tests/fuzz/CMakeLists.txt (cmake -DCKS_FUZZ=ON with clang).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cks/csv.h"
#include "cks/text.h"

#define NAME "fuzz.csv"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ASSERT(cond)                                                           \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "fuzz_csv: invariant broken: %s (%s:%d)\n", #cond, \
                    __FILE__, __LINE__);                                       \
            abort();                                                           \
        }                                                                      \
    } while (0)

/* FNV-1a over bytes, to compare two readings of the same input. */
static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211u;
    }
    return h;
}

/* The number of physical lines, counting LF, CRLF and lone CR. */
static long count_lines(const char *d, size_t n)
{
    long lines = 1;
    for (size_t i = 0; i < n; i++)
        if (d[i] == '\n' || (d[i] == '\r' && (i + 1 >= n || d[i + 1] != '\n')))
            lines++;
    return lines;
}

/* Reads the whole input with separator sep; returns a digest of everything
 * read (records and the final status) and stores the separator used. */
static uint64_t read_all(const char *d, size_t n, char sep, char *used_sep)
{
    static char not_null;
    cks_csv *c = (cks_csv *)(void *)&not_null; /* open must set it to NULL on failure */
    cks_error err;
    cks_error_clear(&err);
    cks_err e = cks_csv_open_mem(d, n, NAME, sep, &c, &err);
    size_t body = n;
    const char *text = d;
    if (n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        body -= 3;
    }
    long lines = count_lines(text, body);
    if (e != CKS_E_OK) {
        ASSERT(c == NULL);
        ASSERT(err.code == e);
        ASSERT(strcmp(err.file, NAME) == 0);
        ASSERT(err.msg[0] != '\0');
        if (e == CKS_E_UTF8) {
            ASSERT(!cks_text_valid(text, body, NULL));
            ASSERT(err.line >= 1 && err.line <= lines);
        } else {
            ASSERT(e == CKS_E_TOOLONG && n > CKS_CSV_MAX_BYTES);
        }
        *used_sep = 0;
        return mix(14695981039346656037u, &e, sizeof e);
    }
    ASSERT(c != NULL);
    ASSERT(cks_text_valid(text, body, NULL));
    ASSERT(strcmp(cks_csv_name(c), NAME) == 0);
    char s = cks_csv_separator(c);
    ASSERT(sep == 0 ? (s == ',' || s == ';' || s == '\t') : s == sep);
    *used_sep = s;

    uint64_t h = 14695981039346656037u;
    long prev = 0;
    size_t total = 0, records = 0;
    cks_csv_record rec;
    for (;;) {
        cks_error_clear(&err);
        e = cks_csv_next(c, &rec, &err);
        if (e != CKS_E_OK)
            break;
        records++;
        ASSERT(records <= body + 1);
        ASSERT(rec.count >= 1 && rec.count <= CKS_CSV_MAX_FIELDS);
        ASSERT(rec.fields != NULL);
        ASSERT(rec.line >= 1 && rec.line <= lines);
        ASSERT(rec.line > prev); /* so also non-decreasing */
        prev = rec.line;
        h = mix(h, &rec.line, sizeof rec.line);
        h = mix(h, &rec.count, sizeof rec.count);
        for (size_t i = 0; i < rec.count; i++) {
            const char *f = rec.fields[i];
            ASSERT(f != NULL);
            size_t len = strlen(f);
            ASSERT(len <= CKS_CSV_MAX_FIELD_BYTES);
            ASSERT(cks_text_valid(f, len, NULL));
            ASSERT(memchr(f, '\r', len) == NULL);
            total += len;
            h = mix(h, f, len + 1);
        }
        ASSERT(total <= body);
    }
    if (e != CKS_E_NOTFOUND) {
        ASSERT(e == CKS_E_INVALID || e == CKS_E_TOOLONG || e == CKS_E_NOMEM);
        ASSERT(err.code == e);
        ASSERT(strcmp(err.file, NAME) == 0);
        ASSERT(err.msg[0] != '\0');
        ASSERT(err.line >= 1 && err.line <= lines);
        ASSERT(err.line >= prev);
        h = mix(h, &err.line, sizeof err.line);
    }
    h = mix(h, &e, sizeof e);
    /* finished for good */
    ASSERT(cks_csv_next(c, &rec, &err) == CKS_E_NOTFOUND);
    ASSERT(cks_csv_next(c, &rec, &err) == CKS_E_NOTFOUND);
    cks_csv_free(c);
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *d = (const char *)data;
    char detected = 0, ignored = 0;
    uint64_t auto_h = read_all(d, size, 0, &detected);
    static const char seps[] = {',', ';', '\t'};
    for (size_t i = 0; i < sizeof seps; i++) {
        uint64_t h = read_all(d, size, seps[i], &ignored);
        if (detected == seps[i])
            ASSERT(h == auto_h); /* detection only chooses the separator */
    }
    return 0;
}

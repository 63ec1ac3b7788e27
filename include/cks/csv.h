/* cks/csv.h — our CSV/TSV reader (RFC 4180), for the unit table and the
 * certificate inventory.
 *
 * - UTF-8 with or without BOM; the whole input is checked to be valid
 *   UTF-8 before the first record is returned (problem reported at its line).
 * - Separator ',', ';' or TAB, given or detected from the header line (the
 *   one of the three that occurs most often outside quotes; ',' on a tie).
 * - Fields in double quotes may hold separators, "" for a quote, and line
 *   breaks; an unterminated quote is reported at the line where it opened.
 *   A quote inside an unquoted field is taken literally; text after a
 *   closing quote is an error.
 * - Line ends LF, CRLF or CR. Lines that are empty or hold only separators
 *   are skipped.
 * - Fields are returned as read (no trimming, no normalisation): the
 *   importers clean and validate them, so they can report what was there.
 */
#ifndef CKS_CSV_H
#define CKS_CSV_H

#include <stddef.h>

#include "cks/error.h"

/* The largest file read: 256 MiB. */
#define CKS_CSV_MAX_BYTES ((size_t)256 << 20)
/* The most fields in one record, and bytes in one field. */
#define CKS_CSV_MAX_FIELDS 256
#define CKS_CSV_MAX_FIELD_BYTES ((size_t)64 << 10)

typedef struct cks_csv cks_csv;

typedef struct cks_csv_record {
    const char *const *fields; /* NUL-terminated UTF-8; owned by the reader */
    size_t count;
    long line;                 /* the line where the record starts (1-based) */
} cks_csv_record;

/* Read the file at path (name used in messages is path). sep is ',', ';',
 * '\t' or 0 to detect. On success *out owns the reader; cks_csv_free(). */
cks_err cks_csv_open_file(const char *path, char sep, cks_csv **out, cks_error *err);

/* The same over a copy of data[0..len); name is used in messages. */
cks_err cks_csv_open_mem(const char *data, size_t len, const char *name, char sep,
                         cks_csv **out, cks_error *err);

/* The next record into *rec; its fields stay valid until the next call or
 * cks_csv_free(). Returns CKS_E_OK, CKS_E_NOTFOUND at the end, or an error
 * naming the file and line (the reader is then finished). */
cks_err cks_csv_next(cks_csv *c, cks_csv_record *rec, cks_error *err);

/* The separator in use. */
char cks_csv_separator(const cks_csv *c);

/* The name given at open. Owned by c. */
const char *cks_csv_name(const cks_csv *c);

void cks_csv_free(cks_csv *c);

#endif

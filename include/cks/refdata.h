/* cks/refdata.h — the statistics office's official old→new unit table,
 * imported into the session, and searched.
 *
 * Accepted file: CSV or TSV, UTF-8 with or without BOM, one header row
 * with these columns in any order (English names, or the Vietnamese headers
 * of the office's workbook, matched without case, accents or punctuation):
 *   new_province [Tỉnh, thành phố]  new_code [Mã xã mới]  new_name [Tên xã mới]
 *   old_code [Mã xã cũ]  old_name [Tên xã cũ]  old_district [Quận/huyện]
 *   old_province [Tỉnh cũ]  note [Ghi chú]
 * and, as in a provincial extract, optionally new_type, old_type,
 * old_district_code, old_province_code. Required: new_code, new_name,
 * old_code, old_name.
 *
 * Tolerated, as the real file has them: type words in any case or without
 * accents ("Thị Trấn", "phường", "Xa"), stray and double spaces, NFD text,
 * names without a type word, codes that lost their leading zeros, rows with
 * an empty old code (a whole district became a special zone), the same new
 * unit spelt with the tone mark in two places. "Nhập một phần" (partial)
 * notes are kept as partial membership.
 */
#ifndef CKS_REFDATA_H
#define CKS_REFDATA_H

#include <stdbool.h>
#include <stddef.h>

#include "cks/error.h"
#include "cks/store.h"
#include "cks/unit.h"

enum cks_refdata_flags {
    CKS_REFDATA_SKIP_BAD = 1u << 0 /* import the good rows, list the bad ones */
};

typedef struct cks_refdata_stats {
    size_t rows;        /* data rows imported */
    size_t skipped;     /* bad rows left out (only with SKIP_BAD) */
    size_t new_units;   /* distinct new codes */
    size_t old_units;   /* distinct old codes */
    size_t partial;     /* rows of partial membership */
    size_t provinces;   /* distinct new provinces */
} cks_refdata_stats;

/* Called now and then during a long import: done = the line reached;
 * total = 0 (unknown). */
typedef void (*cks_progress_fn)(void *user, size_t done, size_t total);

/* Import the file at path, replacing the previous table in one
 * transaction. Every problem goes to diags as FILE:LINE: what is wrong.
 * Without SKIP_BAD, a file with any problem is refused whole and the
 * session is unchanged (err says how many problems); with it, the good
 * rows are imported and each bad line is in diags. progress may be NULL.
 * stats (may be NULL) is filled on success. */
cks_err cks_refdata_import(cks_store *s, const char *path, unsigned flags,
                           cks_progress_fn progress, void *user,
                           cks_refdata_stats *stats, cks_diags *diags,
                           cks_error *err);

/* Number of rows of the imported table (0: none imported). -1 on error. */
long cks_refdata_count(cks_store *s);

typedef struct cks_refunit {
    cks_unit_ref unit;          /* code, type, name */
    bool is_new;                /* a unit from 1 July 2025 */
    char district[96];          /* old units: "Huyện Bình Sơn" */
    char province[96];          /* new units: new province; old: old province */
    char new_code[6];           /* old units: a new unit it went into */
    char new_name[CKS_UNIT_NAME_MAX + 16]; /* "Xã Bình Chương" */
    int n_new;                  /* old units: how many new units received it */
    bool partial;               /* old units: only part of it went there */
} cks_refunit;

typedef struct cks_refunit_list {
    cks_refunit *items;
    size_t count;
} cks_refunit_list;

/* Search old and new units by name (without case, accents or spacing; a
 * leading type word narrows to that type) or by code (digits: a code
 * prefix). Exact name matches first, then new units before old, then by
 * code. At most max results (0: 200). The list is the caller's; release
 * with cks_refunit_list_free(). */
cks_err cks_refdata_find(cks_store *s, const char *text, size_t max,
                         cks_refunit_list *out, cks_error *err);

void cks_refunit_list_free(cks_refunit_list *l);

/* The rows of the table for new unit new_code: the new unit in *new_unit,
 * each old unit (with its partial flag) in members. CKS_E_NOTFOUND when
 * the code is not in the table. */
cks_err cks_refdata_members(cks_store *s, const char *new_code, cks_refunit *new_unit,
                            cks_refunit_list *members, cks_error *err);

/* The new units (other than except_new_code) that also received part of
 * old unit old_code. */
cks_err cks_refdata_other_new_units(cks_store *s, const char *old_code,
                                    const char *except_new_code,
                                    cks_refunit_list *out, cks_error *err);

#endif

/* cks/export.h — the printed forms of a plan: for each merger, the Mẫu 04
 * list (changes), the Mẫu 05 list (revocations), the Mẫu 08 handover
 * record (tokens to collect), the checklist, and plan.csv.
 *
 * Files go into OUT/<merger>/ (one folder per merger, named in ASCII from
 * the new unit: "phuong-cam-thanh"), each named "<merger>_<layout file>
 * .xlsx" ("phuong-cam-thanh_mau05-thu-hoi.xlsx"). A form with no row is not
 * written (the checklist always is). Every file is written under a
 * temporary name and renamed (cks/outfile.h); folders are 0700, files
 * 0600. Nothing is written when a row still asks for the unit's decision
 * or when an exported file exists already (unless force); with force, a
 * form left from an earlier export that now has no row is removed, so that
 * the folder never holds a stale form.
 */
#ifndef CKS_EXPORT_H
#define CKS_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "cks/config.h"
#include "cks/date.h"
#include "cks/decide.h"
#include "cks/error.h"
#include "cks/layout.h"

typedef struct cks_export_options {
    const char *out_dir;                       /* created 0700 when missing */
    bool force;                                /* replace an earlier export */
    long merger_id;                            /* 0: every merger of the plan */
    cks_date date;                             /* the date the forms carry */
    const cks_config *cfg;
    const cks_layout *layouts[CKS_FORM_COUNT_];
} cks_export_options;

enum { CKS_EXPORT_PLAN_CSV = CKS_FORM_COUNT_ }; /* the `form` of plan.csv */

typedef struct cks_export_file {
    char *path;       /* written; owned by the result */
    long merger_id;
    int form;         /* cks_form, or CKS_EXPORT_PLAN_CSV */
    size_t rows;      /* rows of its table (plan.csv: decisions) */
} cks_export_file;

typedef struct cks_export_result {
    cks_export_file *files;
    size_t n_files;
    size_t n_mergers;
    size_t n_removed;  /* stale forms of an earlier export removed (force) */
} cks_export_result;

/* Write the forms of plan (p->in must still be alive). On CKS_E_ASK every
 * row that asks is listed in diags (field: the certificate's serial) and
 * nothing is written; on CKS_E_EXISTS every file in the way is listed.
 * res is the caller's: cks_export_result_free(). */
cks_err cks_export_run(const cks_plan *p, const cks_export_options *opt, cks_export_result *res,
                       cks_diags *diags, cks_error *err);

void cks_export_result_free(cks_export_result *res);

/* The checklist of one merger, as lines: what the printed checklist shows
 * and what the wizard lets the officer tick. */
typedef enum cks_check_kind {
    CKS_CHECK_STEP = 0, /* a step of the letter (tick) */
    CKS_CHECK_BAND,     /* a heading ("one line per certificate") */
    CKS_CHECK_DECISION, /* one certificate's decision (tick) */
    CKS_CHECK_CONTACT   /* a support contact */
} cks_check_kind;

typedef struct cks_check_item {
    cks_check_kind kind;
    char key[64];       /* stable name for its tick: "step:portal", "cert:SERIAL",
                           "new:ubnd"; "" for headings and contacts */
    size_t index;       /* its number on the printed list; 0 for none */
    char *task, *owner; /* owned by the checklist */
    char deadline[16];  /* "DD/MM/YYYY" or "" */
} cks_check_item;

typedef struct cks_checklist {
    cks_check_item *items;
    size_t count;
} cks_checklist;

/* The checklist of merger merger_id (opt->layouts[CKS_FORM_CHECKLIST],
 * opt->cfg and opt->date are used). out is the caller's:
 * cks_checklist_free(). */
cks_err cks_export_checklist(const cks_plan *p, long merger_id, const cks_export_options *opt,
                             cks_checklist *out, cks_error *err);
void cks_checklist_free(cks_checklist *c);

/* The folder name of a merger: its new unit in lower-case ASCII, words
 * joined by '-' ("phuong-cam-thanh"). Returns buf. */
char *cks_export_slug(const cks_unit_ref *u, char *buf, size_t n);

#endif

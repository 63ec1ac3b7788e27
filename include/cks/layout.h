/* cks/layout.h — the layouts of the printed forms, read from data files
 * (data/forms/mau04.ini, mau05.ini, mau08.ini, checklist.ini) so that a
 * province can follow a revised form without recompiling.
 *
 * A layout gives the form's title, recipient ("Kính gửi: …"), the
 * paragraphs before and after the table, the table's columns (header,
 * field, width) and the signature blocks; Mẫu 05 adds the legal words of
 * each revocation reason, Mẫu 08 the words of each token status, the
 * checklist the text, owner and deadline of each step. Texts may use
 * placeholders ({agency}, {deadline}, …; cks_layout_var_name) filled in
 * when a form is written.
 *
 * Every problem of a layout file is reported as file:line, section:key,
 * and a layout with any problem is refused whole. The file format is
 * documented at the top of data/forms/mau04.ini.
 */
#ifndef CKS_LAYOUT_H
#define CKS_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "cks/error.h"

typedef enum cks_form {
    CKS_FORM_MAU04 = 0, /* changes of information, to the Sở KH&CN */
    CKS_FORM_MAU05,     /* revocations, to the Cục */
    CKS_FORM_MAU08,     /* tokens handed over */
    CKS_FORM_CHECKLIST, /* the steps to tick and sign */
    CKS_FORM_COUNT_
} cks_form;

/* What a column shows. */
typedef enum cks_col {
    CKS_COL_INDEX = 0, CKS_COL_HOLDER, CKS_COL_KIND, CKS_COL_ORG, CKS_COL_POSITION,
    CKS_COL_ID_NUMBER, CKS_COL_EMAIL, CKS_COL_SERIAL, CKS_COL_TOKEN_SERIAL, CKS_COL_DEVICE,
    CKS_COL_VALID_FROM, CKS_COL_VALID_TO, CKS_COL_OLD_UNIT, CKS_COL_OLD_INFO, CKS_COL_NEW_INFO,
    CKS_COL_NEW_ORG, CKS_COL_NEW_POSITION, CKS_COL_REASON, CKS_COL_STATUS, CKS_COL_ACTION,
    CKS_COL_RULE, CKS_COL_NOTE, CKS_COL_BLANK,
    /* the checklist's */
    CKS_COL_TASK, CKS_COL_OWNER, CKS_COL_DEADLINE, CKS_COL_DONE,
    CKS_COL_COUNT_
} cks_col;

/* Placeholders of the texts: {agency} … */
typedef enum cks_var {
    CKS_VAR_AGENCY = 0, CKS_VAR_AGENCY_UP, CKS_VAR_UNIT, CKS_VAR_UNIT_UP, CKS_VAR_PROVINCE,
    CKS_VAR_PLACE, CKS_VAR_DATE, CKS_VAR_DOST, CKS_VAR_CUC, CKS_VAR_CUC_ADDRESS, CKS_VAR_PORTAL,
    CKS_VAR_FORMS_URL, CKS_VAR_DEADLINE, CKS_VAR_HANDOVER_DAYS, CKS_VAR_COUNT, CKS_VAR_N_CHANGE,
    CKS_VAR_N_REVOKE, CKS_VAR_N_TOKENS, CKS_VAR_N_NEW, CKS_VAR_N_LOST, CKS_VAR_TOKENS,
    CKS_VAR_COLLECT_DEADLINE,
    CKS_VAR_COUNT_
} cks_var;

/* Mẫu 05: why a certificate is revoked, in the words of Nghị định 68 Điều 17. */
typedef enum cks_reason {
    CKS_REASON_MERGED = 0, /* the organisation was merged */
    CKS_REASON_LEAVE,      /* the holder leaves (retires, resigns, moves out, dies) */
    CKS_REASON_UNUSED,     /* the new post no longer needs it */
    CKS_REASON_DUPLICATE,  /* one person, several certificates for one role */
    CKS_REASON_LOST,       /* the token is lost */
    CKS_REASON_REQUEST,    /* the unit decided so (its reason goes in the note) */
    CKS_REASON_COUNT_
} cks_reason;

/* Mẫu 08: the certificate of a token handed over. */
typedef enum cks_token_status {
    CKS_TOKEN_REVOKE = 0, /* revoked now */
    CKS_TOKEN_REVOKED,    /* revoked before */
    CKS_TOKEN_EXPIRED,
    CKS_TOKEN_COUNT_
} cks_token_status;

/* The checklist's steps, in the order they are printed. */
typedef enum cks_step {
    CKS_STEP_PORTAL = 0, /* file Mẫu 05 on the portal */
    CKS_STEP_POST,       /* post a copy with the tokens */
    CKS_STEP_MAU04,      /* send Mẫu 04 to the Sở before the deadline */
    CKS_STEP_NEW,        /* request new issuance (Mẫu 02) */
    CKS_STEP_LOST,       /* record lost tokens (Mẫu 09) */
    CKS_STEP_COLLECT,    /* collect tokens, handover record (Mẫu 08) */
    CKS_STEP_COUNT_
} cks_step;

typedef struct cks_layout_column {
    const char *header;
    cks_col field;
    int width; /* characters, 3..80 */
} cks_layout_column;

typedef struct cks_layout_signature {
    const char *title; /* may hold '\n' */
    const char *note;  /* "" when none */
    const char *name;  /* "" to sign by hand */
} cks_layout_signature;

typedef struct cks_layout_step {
    const char *text, *owner, *deadline; /* owner and deadline may be "" */
} cks_layout_step;

enum { CKS_LAYOUT_COLUMNS_MAX = 30, CKS_LAYOUT_LINES_MAX = 20, CKS_LAYOUT_SIGNATURES_MAX = 2 };

/* A layout. Every text is NFC, never NULL ("" when not given), and owned
 * by the layout. */
typedef struct cks_layout {
    cks_form form;
    const char *path;      /* the file it was read from */
    const char *file;      /* file name after the unit's: "mau05-thu-hoi" */
    const char *number;    /* "Mẫu số 05" */
    const char *title, *subtitle, *recipient;
    const char *agency;    /* top left, may hold '\n'; "{AGENCY}" by default */
    bool landscape;
    const char *intro[CKS_LAYOUT_LINES_MAX];
    size_t n_intro;
    cks_layout_column columns[CKS_LAYOUT_COLUMNS_MAX];
    size_t n_columns;
    const char *notes[CKS_LAYOUT_LINES_MAX];
    size_t n_notes;
    cks_layout_signature signatures[CKS_LAYOUT_SIGNATURES_MAX];
    size_t n_signatures;
    const char *reasons[CKS_REASON_COUNT_];      /* Mẫu 05 */
    const char *statuses[CKS_TOKEN_COUNT_];      /* Mẫu 08 */
    cks_layout_step steps[CKS_STEP_COUNT_];      /* checklist */
    const char *decisions_title, *decisions_owner_org, *contacts_title; /* checklist */
    struct cks_layout_mem *mem;
} cks_layout;

/* "mau04", "mau05", "mau08", "checklist": the file name without ".ini". */
const char *cks_form_key(cks_form f);

/* "index", "holder", …: the names a layout's field = uses. */
const char *cks_col_key(cks_col c);

/* "agency", …: the placeholder's name without braces. */
const char *cks_layout_var_name(cks_var v);

/* The layout file of form f: $XDG_CONFIG_HOME/cks-sapnhap/forms/KEY.ini
 * (or ~/.config/…) when it exists, else datadir/forms/KEY.ini. */
cks_err cks_layout_find(cks_form f, const char *datadir, char *out, size_t n, cks_error *err);

/* Read the layout of form f from path. *out is the caller's:
 * cks_layout_free(). Every problem goes to diags (may be NULL) as
 * file:line, section:key; the first to err. */
cks_err cks_layout_load(const char *path, cks_form f, cks_layout **out, cks_diags *diags,
                        cks_error *err);

void cks_layout_free(cks_layout *l);

/* Find and read the four layouts (cks_layout_find). All or none: on a
 * problem in any, every problem of every file goes to diags and out holds
 * NULLs. Free each with cks_layout_free(). */
cks_err cks_layout_load_all(const char *datadir, cks_layout *out[CKS_FORM_COUNT_],
                            cks_diags *diags, cks_error *err);

/* The values of the placeholders (NULL is written as ""). */
typedef struct cks_vars {
    const char *v[CKS_VAR_COUNT_];
} cks_vars;

/* text with every {placeholder} replaced. The caller frees the result.
 * NULL only when memory runs out. */
char *cks_layout_expand(const char *text, const cks_vars *vars);

#endif

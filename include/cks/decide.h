/* cks/decide.h — the decision rules of the guidance letter, as a pure
 * function: the same inputs give the same plan, byte for byte. No I/O, no
 * session, no terminal: the plan module gathers the inputs from the session
 * and calls cks_decide().
 *
 * Rules (domain/RULES.md; letter section II):
 *   O1  the new unit keeps the name of one old unit: keep that unit's
 *       certificate (change it if the type changed or it names an abolished
 *       district or old province), revoke the others;
 *   O2  a new name: choose one valid certificate (seat, same code, latest
 *       expiry, lowest old code), change it to the new body, revoke the others;
 *   O3  no valid certificate of that body: new issuance (Mẫu 02);
 *   O4  the rules cannot decide (two old units share the kept name, a name
 *       that matches only without accents, an 'other' body, missing data):
 *       ask the officer;
 *   P1  a holder who continues: change (keep only if neither the body's
 *       name nor the post changes);
 *   P2  a holder who leaves or no longer needs it: revoke, collect the token;
 *   P3  one person, several valid certificates for one role: keep the one
 *       that expires last, revoke the rest;
 *   X1  expired or already revoked: nothing to request, token collected;
 *   X2  a lost token whose certificate is still valid: revoke, record the loss.
 * Each rule is written once, in decide.c, in this order.
 */
#ifndef CKS_DECIDE_H
#define CKS_DECIDE_H

#include <stdbool.h>
#include <stddef.h>

#include "cks/cert.h"
#include "cks/date.h"
#include "cks/error.h"
#include "cks/merger.h"

typedef enum cks_action {
    CKS_ACT_KEEP = 0, CKS_ACT_CHANGE, CKS_ACT_REVOKE, CKS_ACT_NEW, CKS_ACT_NONE, CKS_ACT_ASK
} cks_action;

typedef enum cks_rule {
    CKS_RULE_O1 = 0, CKS_RULE_O2, CKS_RULE_O3, CKS_RULE_O4,
    CKS_RULE_P1, CKS_RULE_P2, CKS_RULE_P3, CKS_RULE_X1, CKS_RULE_X2
} cks_rule;

/* "keep", "change", … as in plan.csv; and back (-1 when unknown). */
const char *cks_action_key(cks_action a);
int cks_action_from_key(const char *key);
/* Translated words for people: "giữ nguyên", "thay đổi thông tin", … */
const char *cks_action_label(cks_action a);
/* "O1" … "X2". */
const char *cks_rule_id(cks_rule r);
/* The form a row goes on: "04" change, "05" revoke, "02" new; "" otherwise. */
const char *cks_action_form(cks_action a);

/* An officer's override, as stored. */
typedef struct cks_override {
    long cert_id;        /* the certificate, or 0 for a body's `new` row… */
    long merger_id;      /* …named by merger and body */
    cks_body body;
    cks_action action;
    char reason[512];
} cks_override;

/* For a partial member: the other new units that received part of it. */
typedef struct cks_split_info {
    long member_id;
    char others[512];    /* "xã Tây Trà Bồng (21157)", several separated by "; " */
} cks_split_info;

typedef struct cks_decide_input {
    const cks_merger *mergers;       /* with their members */
    size_t n_mergers;
    const cks_cert *certs;           /* of those mergers' members */
    size_t n_certs;
    const cks_override *overrides;
    size_t n_overrides;
    const cks_split_info *splits;
    size_t n_splits;
    cks_date date;                   /* validity is judged on this day */
    bool check_stale_hierarchy;      /* O1: holder names a district/old province */
} cks_decide_input;

typedef struct cks_decision {
    long merger_id;
    const cks_merger *merger;        /* points into the input */
    const cks_cert *cert;            /* NULL for a `new` row */
    cks_kind kind;
    cks_body body;
    cks_action action;               /* in force (the officer's, when overridden) */
    cks_rule rule;
    cks_action recommended;          /* what the rules say */
    char reason[768];                /* one line, translated, naming the units and the why */
    char target[CKS_CERT_TEXT_MAX];  /* change: the new organisation ("UBND phường Cẩm Thành") */
    char new_position[CKS_CERT_TEXT_MAX]; /* change of a person: the post after the merger */
    bool overridden;
    char override_reason[512];
    bool record_loss;                /* X2: the loss is recorded (Mẫu 09) */
    bool collect_token;              /* the token is collected and handed over (Mẫu 08) */
    char warning[768];               /* split unit, …; "" when none */
} cks_decision;

typedef struct cks_plan {
    cks_decision *rows;              /* owned; ordered by merger, organisations
                                        first by body then old unit, then people */
    size_t count;
} cks_plan;

/* Decide every certificate of the input. The plan points into the input,
 * which must outlive it. */
cks_err cks_decide(const cks_decide_input *in, cks_plan *out, cks_error *err);

void cks_plan_free(cks_plan *p);

/* Would the plan still be sound with override o applied? CKS_E_INVALID
 * with the reason when it would break an invariant: two certificates kept
 * for one body of one new unit, a lost token kept, an expired certificate
 * kept, `new` where a valid certificate exists. */
cks_err cks_decide_check_override(const cks_decide_input *in, const cks_override *o,
                                  cks_error *err);

/* True when the certificate is valid on day d: active and not past valid_to. */
bool cks_cert_valid_on(const cks_cert *c, cks_date d);

#endif

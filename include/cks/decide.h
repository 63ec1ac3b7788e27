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

/* Why a row says what it says: the reason is written from this when it
 * is shown (cks_decision_reason), so a plan of a whole country holds no
 * text of its own. */
typedef enum cks_why {
    CKS_WHY_X1 = 0, CKS_WHY_X1_LOST, CKS_WHY_X2, CKS_WHY_O3, CKS_WHY_OTHER_BODY,
    CKS_WHY_SHARED_NAME, CKS_WHY_ACCENTS, CKS_WHY_O1_TYPE, CKS_WHY_O1_STALE, CKS_WHY_O1_KEEP,
    CKS_WHY_O1_SECOND, CKS_WHY_O1_REVOKE, CKS_WHY_O2_KEPT_NONE, CKS_WHY_O2_CHOSEN,
    CKS_WHY_O2_REVOKE, CKS_WHY_P2_LEAVE, CKS_WHY_P2_UNUSED, CKS_WHY_P_UNKNOWN,
    CKS_WHY_P1_KEEP, CKS_WHY_P1_POST, CKS_WHY_P1_ORG, CKS_WHY_P3,
    CKS_WHY_OVERRIDE_VOID, CKS_WHY_OVERRIDE_TWICE
} cks_why;

typedef struct cks_decision {
    long merger_id;
    const cks_merger *merger;        /* points into the input */
    const cks_cert *cert;            /* NULL for a `new` row */
    const cks_member *member;        /* the certificate's old unit (NULL for `new`) */
    cks_kind kind;
    cks_body body;
    cks_action action;               /* in force (the officer's, when overridden) */
    cks_rule rule;
    cks_action recommended;          /* what the rules say */
    cks_why why;
    const cks_cert *ref;             /* the certificate the reason speaks of (the one
                                        chosen or kept), or NULL */
    const cks_cert *runner_up;       /* O2: the next in the order of preference */
    const cks_member *kept;          /* O1: the old unit whose name is kept */
    const cks_override *override;    /* the officer's decision, when overridden */
    bool overridden;
    bool record_loss;                /* X2: the loss is recorded (Mẫu 09) */
    bool collect_token;              /* the token is collected and handed over (Mẫu 08) */
} cks_decision;

typedef struct cks_plan {
    cks_decision *rows;              /* owned; ordered by merger, organisations
                                        first by body, then people */
    size_t count;
    const cks_decide_input *in;      /* what it was decided from */
} cks_plan;

/* The row's reason: one line, translated, naming the units and the why. */
char *cks_decision_reason(const cks_plan *p, const cks_decision *d, char *buf, size_t n);

/* The organisation a `change` or `new` row is about after the merger
 * ("UBND phường Cẩm Thành"); "" for the others. */
char *cks_decision_target(const cks_decision *d, char *buf, size_t n);

/* A person's post after the merger, for a `change` row ("" otherwise). */
const char *cks_decision_new_position(const cks_decision *d);

/* The officer's reason for an overridden row ("" otherwise). */
const char *cks_decision_override_reason(const cks_decision *d);

/* A warning about the row (a split old unit…), or "" (buf[0] == 0). */
char *cks_decision_warning(const cks_plan *p, const cks_decision *d, char *buf, size_t n);

/* Decide every certificate of the input. The plan points into the input,
 * which must outlive it (and stay where it is). */
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

/* cks/plan.h — the plan of a session: the inputs of the decision rules
 * gathered from the session, the plan computed (never stored), the
 * officer's overrides (stored, with their reasons), and the plan written as
 * CSV (the contract of DESIGN.md) or JSON.
 */
#ifndef CKS_PLAN_H
#define CKS_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "cks/cert.h"
#include "cks/config.h"
#include "cks/decide.h"
#include "cks/merger.h"
#include "cks/store.h"

typedef struct cks_plan_options {
    cks_date date;                /* validity is judged on this day */
    bool check_stale_hierarchy;   /* from the settings ([decide]) */
} cks_plan_options;

/* The options of the settings (cfg) for plans judged on date. */
cks_plan_options cks_plan_options_for(const cks_config *cfg, cks_date date);

/* Everything a plan points into, and the plan. */
typedef struct cks_plan_set {
    cks_merger_list mergers;
    cks_cert_list certs;
    cks_override *overrides;
    size_t n_overrides;
    cks_split_info *splits;
    size_t n_splits;
    cks_decide_input input;
    cks_plan plan;
} cks_plan_set;

/* Load the session's inputs and decide. *out is the caller's; release
 * with cks_plan_set_free(). */
cks_err cks_plan_load(cks_store *s, const cks_plan_options *opt, cks_plan_set *out,
                      cks_error *err);

void cks_plan_set_free(cks_plan_set *ps);

/* Record the officer's decision for the certificate with this serial, or
 * (serial NULL) for the `new` row of body in merger new_ref. reason is
 * required. Refused, with why, when it would break an invariant (see
 * cks_decide_check_override). Replaces an earlier override of that row. */
cks_err cks_plan_decide(cks_store *s, const cks_plan_options *opt, const char *serial,
                        const char *new_ref, cks_body body, cks_action action,
                        const char *reason, cks_error *err);

/* Undo the officer's decision for that row (CKS_E_NOTFOUND when none). */
cks_err cks_plan_clear(cks_store *s, const char *serial, const char *new_ref, cks_body body,
                       cks_error *err);

/* Rows of merger merger_id only (0: every row) as CSV:
 * serial,kind,unit,holder,action,rule,form,reason,overridden */
cks_err cks_plan_write_csv(const cks_plan *p, long merger_id, cks_write_fn write, void *user,
                           cks_error *err);

/* The same fields and more (merger, body, target, warnings, the rule's own
 * recommendation, the override's reason) as a JSON array. */
cks_err cks_plan_write_json(const cks_plan *p, long merger_id, cks_write_fn write, void *user,
                            cks_error *err);

/* Rows that still ask for the officer's decision (merger_id 0: all). */
size_t cks_plan_count_ask(const cks_plan *p, long merger_id);

#endif

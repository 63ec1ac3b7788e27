/* cks/checklist.h — the ticks of the checklist, kept in the session: the
 * officer ticks a step as done in the wizard and finds it ticked the next
 * day. An item is named by the key the checklist model gives it
 * (cks_export_checklist: "step:portal", "cert:SERIAL", "new:ubnd"). */
#ifndef CKS_CHECKLIST_H
#define CKS_CHECKLIST_H

#include <stdbool.h>

#include "cks/error.h"
#include "cks/store.h"

/* Tick (or untick) item of merger merger_id. */
cks_err cks_checklist_set(cks_store *s, long merger_id, const char *item, bool ticked,
                          cks_error *err);

/* Whether item of merger_id is ticked (false when it never was). */
cks_err cks_checklist_get(cks_store *s, long merger_id, const char *item, bool *ticked,
                          cks_error *err);

#endif

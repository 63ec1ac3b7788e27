/* checklist.c — the ticks of the checklist (see cks/checklist.h). */
#include "cks/checklist.h"

#include "store/store_internal.h"

cks_err cks_checklist_set(cks_store *s, long merger_id, const char *item, bool ticked,
                          cks_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        cks_store_db(s),
        ticked ? "INSERT OR IGNORE INTO checklist_tick(merger_id, item) VALUES (?, ?)"
               : "DELETE FROM checklist_tick WHERE merger_id = ? AND item = ?",
        -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, merger_id);
        sqlite3_bind_text(st, 2, item, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? CKS_E_OK : cks_store_sqlerr(s, rc, "checklist", err);
}

cks_err cks_checklist_get(cks_store *s, long merger_id, const char *item, bool *ticked,
                          cks_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(cks_store_db(s),
                                "SELECT 1 FROM checklist_tick WHERE merger_id = ? AND item = ?",
                                -1, &st, NULL);
    *ticked = false;
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, merger_id);
        sqlite3_bind_text(st, 2, item, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        *ticked = rc == SQLITE_ROW;
        if (rc == SQLITE_ROW || rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? CKS_E_OK : cks_store_sqlerr(s, rc, "checklist", err);
}

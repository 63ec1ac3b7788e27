/* cks/demo.h — the demo session: the guidance letter's two examples
 * (xã Bình Chương ← Bình Chương, Bình Mỹ; phường Cẩm Thành ← Nguyễn
 * Nghiêm, Trần Hưng Đạo, Nghĩa Chánh, Chánh Lộ) with an invented but
 * plausible certificate inventory, read from datadir/demo/. Unit facts and
 * codes are true; people and serials are made up.
 */
#ifndef CKS_DEMO_H
#define CKS_DEMO_H

#include "cks/error.h"
#include "cks/store.h"

/* Create a fresh demo session at path and return it open in *out.
 * An existing file at path is replaced only if it is itself a demo session
 * (never the officer's own work: CKS_E_EXISTS). */
cks_err cks_demo_create(const char *path, const char *datadir, cks_store **out,
                        cks_error *err);

/* Declare the mergers listed in a CSV with columns new_unit, member, seat,
 * partial, province (one row per member; seat/partial yes|no). */
cks_err cks_demo_load_mergers(cks_store *s, const char *csv_path, cks_error *err);

#endif

/* cks/merger.h — the mergers the officer declares: which old units went
 * into which new unit, and which old unit's office is the new seat.
 *
 * Units are identified by their 5-digit code whenever one is known; a name
 * alone is compared by name identity (cks_text_name_key) together with its
 * type. When the official table is imported, a unit given without a code
 * gets its code from the table if the name and type point at exactly one
 * unit (narrowed by the province when one is given); a name that points at
 * several is refused, asking for the code. A code the table knows must come
 * with the table's name for it.
 *
 * Everything works with no table imported: names typed by hand, codes
 * optional. Every change is one transaction, recorded in the audit log.
 */
#ifndef CKS_MERGER_H
#define CKS_MERGER_H

#include <stdbool.h>
#include <stddef.h>

#include "cks/error.h"
#include "cks/store.h"
#include "cks/unit.h"

typedef struct cks_member {
    long id;
    cks_unit_ref unit;
    char district[96];   /* from the table; "" when typed by hand */
    char province[96];
    bool partial;        /* only part of the old unit went into this merger */
    bool is_seat;        /* its office is the seat (trụ sở) of the new unit */
} cks_member;

typedef struct cks_merger {
    long id;
    cks_unit_ref unit;   /* the new unit */
    char province[96];
    cks_member *members; /* owned; ordered by code, then name */
    size_t n_members;
} cks_merger;

typedef struct cks_merger_list {
    cks_merger *items;   /* owned, with their members */
    size_t count;
} cks_merger_list;

/* What `merger add` is given. Strings are the officer's text. */
typedef struct cks_merger_spec {
    const char *new_unit;              /* "[CODE:]Type Name", required */
    const char *province;              /* may be NULL */
    const char *const *members;        /* "[CODE:]Type Name", at least one */
    size_t n_members;
    const char *const *partial;        /* members (CODE or name) that went in only partly */
    size_t n_partial;
    const char *seat;                  /* CODE or name of a member; may be NULL */
} cks_merger_spec;

/* Declare a merger. Refused with a clear message and nothing saved: an
 * empty or type-less new name, an unknown type word (or thị trấn for a new
 * unit, đặc khu for an old one), a code that is not 5 digits, a new unit
 * already declared, the same member twice, a member already whole in
 * another merger (or made whole here while part of another), a seat that is
 * not a member, a name the table cannot tell apart without its code.
 * *id (may be NULL) receives the merger's id. */
cks_err cks_merger_add(cks_store *s, const cks_merger_spec *spec, long *id, cks_error *err);

/* Declare the merger of new unit new_code as the imported table has it:
 * members and their partial flags from the table. seat may be NULL. */
cks_err cks_merger_from_table(cks_store *s, const char *new_code, const char *seat,
                              long *id, cks_error *err);

/* Add one old unit to a declared merger (same checks as cks_merger_add). */
cks_err cks_merger_add_member(cks_store *s, long merger_id, const char *member,
                              bool partial, cks_error *err);

/* Find a declared merger by its new unit's code or name ("Phường Cẩm
 * Thành", "Cẩm Thành", "21025"). *out is the caller's: cks_merger_free(). */
cks_err cks_merger_get(cks_store *s, const char *new_ref, cks_merger *out, cks_error *err);

/* The same by id. */
cks_err cks_merger_get_id(cks_store *s, long id, cks_merger *out, cks_error *err);

/* Every declared merger, ordered by new code then name. */
cks_err cks_merger_list_all(cks_store *s, cks_merger_list *out, cks_error *err);

/* Remove a merger, or one of its members (member_ref: CODE or name). A
 * member (or merger) that still has certificates is refused, naming how
 * many: they would otherwise be lost. */
cks_err cks_merger_remove(cks_store *s, const char *new_ref, cks_error *err);
cks_err cks_merger_remove_member(cks_store *s, const char *new_ref, const char *member_ref,
                                 cks_error *err);

/* Mark a member (CODE or name) as the seat of the new unit; NULL or "" clears it. */
cks_err cks_merger_set_seat(cks_store *s, const char *new_ref, const char *member_ref,
                            cks_error *err);

/* The member of m that member_ref (CODE or name, with or without its
 * type word) names; NULL with an error when none or several do. */
const cks_member *cks_merger_find_member(const cks_merger *m, const char *member_ref,
                                         cks_error *err);

void cks_merger_free(cks_merger *m);
void cks_merger_list_free(cks_merger_list *l);

#endif

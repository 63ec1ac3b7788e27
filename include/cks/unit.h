/* cks/unit.h — an administrative unit as the officer writes it:
 * "[CODE:]Type Name", e.g. "21025:Phường Cẩm Thành" or "Xã Bình Mỹ".
 *
 * Codes are the statistics office's 5-digit codes, kept as text ("00004").
 * Type words are recognised without case or accents and with any spacing
 * ("Thị Trấn", "thi tran", "Xa" as the table sometimes writes it), and are
 * always shown in their canonical spelling.
 */
#ifndef CKS_UNIT_H
#define CKS_UNIT_H

#include <stdbool.h>
#include <stddef.h>

#include "cks/error.h"

enum { CKS_UNIT_NAME_MAX = 160 }; /* bytes of a unit's name, NUL included */

typedef enum cks_unit_type {
    CKS_UT_NONE = 0,   /* no type word given */
    CKS_UT_XA,         /* xã */
    CKS_UT_PHUONG,     /* phường */
    CKS_UT_THI_TRAN,   /* thị trấn (old units only) */
    CKS_UT_DAC_KHU     /* đặc khu (new units only) */
} cks_unit_type;

typedef struct cks_unit_ref {
    char code[6];                  /* "" when unknown */
    cks_unit_type type;
    char name[CKS_UNIT_NAME_MAX];  /* NFC, spaces collapsed, without the type word */
} cks_unit_ref;

/* "Xã", "Phường", "Thị trấn", "Đặc khu"; "" for NONE. Static storage. */
const char *cks_unit_type_name(cks_unit_type t);

/* The same in lower case, as inside a sentence: "phường". */
const char *cks_unit_type_lower(cks_unit_type t);

/* The stored word of a type ("xa", "phuong", "thi_tran", "dac_khu"; "" for
 * NONE) and back (unknown → NONE). */
const char *cks_unit_type_key(cks_unit_type t);
cks_unit_type cks_unit_type_from_key(const char *key);

/* A type word at the start of s (followed by a space or the end):
 * returns the type and sets *rest (may be NULL) to the first character of
 * the name after it; CKS_UT_NONE and *rest = s when there is none. */
cks_unit_type cks_unit_type_prefix(const char *s, const char **rest);

/* The whole of s is a type word. */
cks_unit_type cks_unit_type_parse(const char *s);

/* True for exactly five ASCII digits. */
bool cks_unit_code_valid(const char *s);

/* Parse "[CODE:]Type Name". The text is cleaned (NFC, spaces) first.
 * With require_type, a missing or unknown type word is refused
 * (CKS_E_INVALID naming what was expected). Refused too: an empty name,
 * a code that is not 5 digits, a name over CKS_UNIT_NAME_MAX. */
cks_err cks_unit_parse(const char *text, bool require_type, cks_unit_ref *out,
                       cks_error *err);

/* "21025:Phường Cẩm Thành" (no code: "Phường Cẩm Thành"). Returns buf. */
char *cks_unit_format(const cks_unit_ref *u, char *buf, size_t n);

/* "phường Cẩm Thành (21025)" for sentences. Returns buf. */
char *cks_unit_display(const cks_unit_ref *u, char *buf, size_t n);

#endif

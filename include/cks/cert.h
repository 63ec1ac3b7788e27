/* cks/cert.h — the certificate inventory: organisation and personal
 * certificates of the old units of the declared mergers.
 *
 * One validator serves the CSV import, `certs add` and `certs edit` (and
 * the wizard's forms): cks_cert_set_field() takes the officer's text for one
 * field, checks it and stores the clean value. Words (kind, body, status,
 * after) and column headers are matched without case or accents, in
 * English or Vietnamese. Text is stored NFC.
 *
 * The CSV import is all-or-nothing: every problem of the file is listed as
 * FILE:LINE: column: what is wrong, and a file with any problem changes
 * nothing.
 */
#ifndef CKS_CERT_H
#define CKS_CERT_H

#include <stdbool.h>
#include <stddef.h>

#include "cks/date.h"
#include "cks/error.h"
#include "cks/store.h"
#include "cks/merger.h"
#include "cks/unit.h"

typedef enum cks_kind { CKS_KIND_ORG = 0, CKS_KIND_PERSON } cks_kind;

typedef enum cks_body {
    CKS_BODY_UBND = 0, /* Ủy ban nhân dân */
    CKS_BODY_HDND,     /* Hội đồng nhân dân */
    CKS_BODY_PARTY,    /* Đảng ủy */
    CKS_BODY_MTTQ,     /* Ủy ban Mặt trận Tổ quốc */
    CKS_BODY_OTHER,
    CKS_BODY_COUNT_
} cks_body;

typedef enum cks_status {
    CKS_STATUS_ACTIVE = 0, CKS_STATUS_EXPIRED, CKS_STATUS_REVOKED, CKS_STATUS_LOST
} cks_status;

typedef enum cks_after {
    CKS_AFTER_UNSET = 0, CKS_AFTER_CONTINUE, CKS_AFTER_LEAVE, CKS_AFTER_UNUSED
} cks_after;

/* The fields, in the order of the CSV written by `certs list --format csv`. */
typedef enum cks_cert_field {
    CKS_F_UNIT = 0, CKS_F_KIND, CKS_F_BODY, CKS_F_HOLDER, CKS_F_POSITION,
    CKS_F_ID_NUMBER, CKS_F_EMAIL, CKS_F_SERIAL, CKS_F_TOKEN_SERIAL,
    CKS_F_VALID_FROM, CKS_F_VALID_TO, CKS_F_STATUS, CKS_F_AFTER,
    CKS_F_NEW_POSITION,
    CKS_F_MERGER, /* the new unit, when the old unit went (in parts) into several */
    CKS_F_COUNT_
} cks_cert_field;

enum {
    CKS_CERT_TEXT_MAX = 256,  /* bytes of holder, position, new_position (NUL included) */
    CKS_CERT_SERIAL_MAX = 41, /* 40 hex digits (20 bytes, the X.509 limit) */
    CKS_CERT_EMAIL_MAX = 128,
    CKS_CERT_TOKEN_MAX = 64
};

/* A certificate. Text fields and units are never NULL once set ("" when
 * empty) and point into storage owned elsewhere: a list's (cks_cert_list)
 * for certificates read from the session, or the certificate's own (`own`,
 * an arena that only grows) for one being entered or edited through
 * cks_cert_set_field(). Release own storage with cks_cert_clear(). A plain
 * struct copy shares the storage (clear only one of them); cks_cert_copy()
 * makes an independent one. (Fixed-size buffers for every field would take
 * over a kilobyte per certificate; a whole country's plan holds 340,000.) */
struct cks_cert_own;

typedef struct cks_cert {
    long id;                          /* 0 until stored */
    long member_id;                   /* the old unit it belongs to */
    long merger_id;
    const cks_unit_ref *unit;         /* that old unit (NULL until set) */
    const cks_unit_ref *new_unit;     /* the merger's new unit (NULL until set) */
    cks_kind kind;
    cks_body body;
    cks_status status;
    cks_after after;
    const char *holder;
    const char *position;
    const char *email;
    const char *token_serial;
    const char *new_position;
    const char *merger_hint;          /* what the officer wrote in `merger`, or "" */
    char serial[CKS_CERT_SERIAL_MAX]; /* upper-case hex, no separators */
    char id_number[13];               /* 12 digits or "" */
    cks_date valid_from;              /* may be none */
    cks_date valid_to;
    struct cks_cert_own *own;         /* storage of a lone certificate; NULL in a list */
} cks_cert;

typedef struct cks_cert_list {
    cks_cert *items;
    size_t count;
    struct cks_cert_arena *arena; /* the text and units of the items */
} cks_cert_list;

/* English name of a field ("valid_to"), as in CSV headers and --options. */
const char *cks_cert_field_name(cks_cert_field f);

/* The field an English or Vietnamese header names ("Số hiệu", "so hieu",
 * "SERIAL"), or -1. */
int cks_cert_field_from_header(const char *header);

/* Stored words: "org"/"person", "ubnd"/"hdnd"/"party"/"mttq"/"other",
 * "active"/"expired"/"revoked"/"lost", ""/"continue"/"leave"/"unused". */
const char *cks_kind_key(cks_kind k);
const char *cks_body_key(cks_body b);
const char *cks_status_key(cks_status s);
const char *cks_after_key(cks_after a);

/* For people: "UBND", "HĐND", "Đảng ủy", "MTTQ", "Khác" / translated words. */
const char *cks_body_label(cks_body b);
const char *cks_kind_label(cks_kind k);
const char *cks_status_label(cks_status s);
const char *cks_after_label(cks_after a);

/* The organisation name of a body in a unit: "UBND phường Cẩm Thành". */
char *cks_body_org_name(cks_body b, const cks_unit_ref *unit, char *buf, size_t n);

/* A fresh certificate: every field empty, status active, body UBND. */
void cks_cert_init(cks_cert *c);

/* Release what c owns and make it fresh again. c may be NULL. */
void cks_cert_clear(cks_cert *c);

/* dst (fresh or cleared) becomes a lone copy of src, owning its text. */
cks_err cks_cert_copy(cks_cert *dst, const cks_cert *src, cks_error *err);

/* The body named by text (UBND, HĐND, Đảng ủy, MTTQ, other; any case or
 * accents; English or Vietnamese), or -1. */
int cks_body_parse(const char *text);

/* The serial in n characters at most: whole when it fits, else "…" and
 * its last n - 1 characters — what a narrow column shows (serials of one
 * issuer often share their start). */
char *cks_cert_serial_short(const cks_cert *c, int n, char *buf, size_t len);

/* Check and store the officer's text for field f (c gets its own storage).
 * The unit is looked up among the old units of the declared mergers (by
 * code and name, or by name — a name two members share is refused, asking
 * for the code; an old unit split between two declared mergers needs the
 * `merger` field to say which). On a problem, err->field is the field's
 * name and c is unchanged. */
cks_err cks_cert_set_field(cks_store *s, cks_cert *c, cks_cert_field f, const char *value,
                           cks_error *err);

/* Checks across fields: required ones present (unit, kind, holder, serial,
 * valid_to), valid_to not before valid_from, a person's id number, …
 * Every problem goes to diags (file/line left empty); the first to err. */
cks_err cks_cert_check(const cks_cert *c, cks_diags *diags, cks_error *err);

/* The text of field f of c, as it would be written in the CSV. */
const char *cks_cert_field_text(const cks_cert *c, cks_cert_field f, char *buf, size_t n);

enum cks_cert_import_flags {
    CKS_CERT_REPLACE = 1u << 0 /* a serial already in the session is replaced */
};

typedef struct cks_cert_import_stats {
    size_t rows;      /* certificates imported */
    size_t replaced;  /* of which replaced an earlier one (with REPLACE) */
} cks_cert_import_stats;

/* Import a certificate CSV (see DESIGN.md). All or nothing. Warnings
 * (unknown columns) go to diags marked as such. */
cks_err cks_cert_import(cks_store *s, const char *path, unsigned flags,
                        cks_cert_import_stats *stats, cks_diags *diags, cks_error *err);

/* Store a new certificate (checked again here). Refused when the serial
 * exists. c->id is set. */
cks_err cks_cert_add(cks_store *s, cks_cert *c, cks_error *err);

/* Replace the stored certificate c->id with c (checked again). */
cks_err cks_cert_update(cks_store *s, const cks_cert *c, cks_error *err);

/* Find by serial (any case, spaces or colons allowed). */
cks_err cks_cert_get(cks_store *s, const char *serial, cks_cert *out, cks_error *err);

cks_err cks_cert_remove(cks_store *s, const char *serial, cks_error *err);

/* All certificates, or those of one merger (merger_id > 0), ordered by
 * merger, old unit, kind (organisations first), body, holder, serial. */
cks_err cks_cert_list_all(cks_store *s, long merger_id, cks_cert_list *out, cks_error *err);

/* Every certificate, in no particular (but a repeatable) order, its units
 * pointing into mergers (every declared merger, as cks_merger_list_all
 * gives them; they must outlive the list): the fastest way to read a large
 * inventory (the plan groups what it needs). */
cks_err cks_cert_list_of(cks_store *s, const cks_merger_list *mergers,
                         cks_cert_list *out, cks_error *err);

void cks_cert_list_free(cks_cert_list *l);

/* Mask the personal data of every certificate of the list, for a screen
 * that others can see: a citizen ID keeps its first 3 and last 2 digits
 * ("051*******47"), an email its first letter and its domain
 * ("l***@quangngai.gov.vn"). The list's own storage is changed. */
cks_err cks_cert_list_redact(cks_cert_list *l, cks_error *err);

/* Write the list as CSV (the import format, English headers, ISO dates)
 * through write(user, bytes, len). */
typedef int (*cks_write_fn)(void *user, const char *bytes, size_t len);
cks_err cks_cert_write_csv(const cks_cert_list *l, cks_write_fn write, void *user,
                           cks_error *err);

#endif

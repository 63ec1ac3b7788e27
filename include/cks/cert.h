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
    CKS_F_NEW_POSITION, CKS_F_COUNT_
} cks_cert_field;

enum {
    CKS_CERT_TEXT_MAX = 256,  /* bytes of holder, position, new_position (NUL included) */
    CKS_CERT_SERIAL_MAX = 41, /* 40 hex digits (20 bytes, the X.509 limit) */
    CKS_CERT_EMAIL_MAX = 128,
    CKS_CERT_TOKEN_MAX = 64
};

typedef struct cks_cert {
    long id;                          /* 0 until stored */
    long member_id;                   /* the old unit it belongs to */
    long merger_id;
    cks_unit_ref unit;                /* that old unit */
    cks_unit_ref new_unit;            /* the merger's new unit */
    cks_kind kind;
    cks_body body;
    char holder[CKS_CERT_TEXT_MAX];
    char position[CKS_CERT_TEXT_MAX];
    char id_number[13];               /* 12 digits or "" */
    char email[CKS_CERT_EMAIL_MAX];
    char serial[CKS_CERT_SERIAL_MAX]; /* upper-case hex, no separators */
    char token_serial[CKS_CERT_TOKEN_MAX];
    cks_date valid_from;              /* may be none */
    cks_date valid_to;
    cks_status status;
    cks_after after;
    char new_position[CKS_CERT_TEXT_MAX];
} cks_cert;

typedef struct cks_cert_list {
    cks_cert *items;
    size_t count;
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

/* A fresh certificate: every field empty, status active. */
void cks_cert_init(cks_cert *c);

/* Check and store the officer's text for field f. The unit is looked up
 * among the old units of the declared mergers (by code, or by name — a
 * name two members share is refused, asking for the code). On a problem,
 * err->field is the field's name and c is unchanged. */
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

void cks_cert_list_free(cks_cert_list *l);

/* Write the list as CSV (the import format, English headers, ISO dates)
 * through write(user, bytes, len). */
typedef int (*cks_write_fn)(void *user, const char *bytes, size_t len);
cks_err cks_cert_write_csv(const cks_cert_list *l, cks_write_fn write, void *user,
                           cks_error *err);

#endif

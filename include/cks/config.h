/* cks/config.h — settings, read with iniparser into a typed struct.
 *
 * data/cks-sapnhap.ini is the documented default and holds exactly the
 * values of cks_config_defaults(). A settings file may set only some keys;
 * the others keep the built-in defaults. Every value is validated; a file
 * with any problem is refused whole and the struct is left unchanged, so
 * the program never starts half-configured.
 *
 * Robustness: a UTF-8 BOM is stripped and CRLF line ends accepted before
 * iniparser sees the text; numbers are parsed as decimal by the module
 * ("010" is ten, never octal); only "section:key" lookups are made
 * (never a bare section name: CVE-2023-33461); iniparser's own error output
 * is captured, never printed.
 */
#ifndef CKS_CONFIG_H
#define CKS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "cks/date.h"
#include "cks/error.h"

enum {
    CKS_CONFIG_CONTACTS_MAX = 4,
    CKS_CONFIG_TEXT_MAX = 256,
    CKS_CONFIG_PATH_MAX = 1024
};

typedef struct cks_contact {
    char name[CKS_CONFIG_TEXT_MAX];  /* "Bà Đặng Bảo Hy" */
    char title[CKS_CONFIG_TEXT_MAX]; /* "Chuyên viên phòng BC-VT&CNTT, Sở KH&CN" */
    char phone[32];                  /* digits, spaces, '+', '.', '-' */
} cks_contact;

typedef struct cks_config {
    char source[CKS_CONFIG_PATH_MAX]; /* file read last; "" for built-in defaults */

    /* [general] */
    char lang[4];                           /* "vi" | "en" */
    char export_dir[CKS_CONFIG_PATH_MAX];   /* may start with "~/" */

    /* [province] */
    char province[CKS_CONFIG_TEXT_MAX];     /* "Quảng Ngãi" */
    char place[CKS_CONFIG_TEXT_MAX];        /* place on the date line of forms */

    /* [dost] the provincial Sở Khoa học và Công nghệ (receives Mẫu 04) */
    char dost_name[CKS_CONFIG_TEXT_MAX];
    cks_date mau04_deadline;                /* 2025-06-23 in the letter */

    /* [cuc] Cục Chứng thực số và Bảo mật thông tin (receives Mẫu 05) */
    char cuc_name[CKS_CONFIG_TEXT_MAX];
    char cuc_address[CKS_CONFIG_TEXT_MAX * 2];
    char portal_url[CKS_CONFIG_TEXT_MAX];   /* https://dichvucong.ca.gov.vn */
    char forms_url[CKS_CONFIG_TEXT_MAX];

    /* [contact1] … [contact4] support contacts */
    size_t n_contacts;
    cks_contact contacts[CKS_CONFIG_CONTACTS_MAX];

    /* [decide] decision switches */
    bool check_stale_hierarchy;   /* O1: holder names a district / old province */

    /* [print] page set-up of exported forms, Nghị định 30/2020 ranges */
    int margin_top_mm;     /* 20..25 */
    int margin_bottom_mm;  /* 20..25 */
    int margin_left_mm;    /* 30..35 */
    int margin_right_mm;   /* 15..20 */
    int handover_days;     /* working days to hand tokens over (Mẫu 08), 1..60 */
} cks_config;

/* Fill *c with the built-in defaults (the values of data/cks-sapnhap.ini). */
void cks_config_defaults(cks_config *c);

/* Read path over the built-in defaults into *c. On any problem *c is left
 * unchanged, every problem is appended to diags (may be NULL) as
 * file:line/key, and the first is returned in err. */
cks_err cks_config_load(cks_config *c, const char *path, cks_diags *diags,
                        cks_error *err);

/* Choose the settings file: explicit (from --config; must exist), else
 * $XDG_CONFIG_HOME/cks-sapnhap/cks-sapnhap.ini (or ~/.config/…) when it
 * exists, else datadir/cks-sapnhap.ini. Writes the path into out.
 * Returns CKS_E_NOTFOUND when explicit is given but missing, or when
 * nothing is found. */
cks_err cks_config_find(const char *explicit_path, const char *datadir,
                        char *out, size_t n, cks_error *err);

#endif

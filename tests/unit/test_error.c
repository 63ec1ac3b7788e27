/* test_error.c — the error table and its formatting. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cks/error.h"

static void test_table(void)
{
    CHECK_STR(cks_error_name(CKS_E_OK), "OK");
    CHECK_STR(cks_error_name(CKS_E_STORE_LOCKED), "STORE_LOCKED");
    CHECK_STR(cks_error_name((cks_err)9999), "UNKNOWN");
    for (int i = 0; i < CKS_E_COUNT_; i++) {
        CHECK(cks_error_message((cks_err)i)[0] != '\0');
        CHECK(strcmp(cks_error_name((cks_err)i), "UNKNOWN") != 0);
    }
}

static void test_format(void)
{
    cks_error e;
    char buf[256];
    cks_error_set(&e, CKS_E_INVALID, "certs.csv", 7, "serial", "not hexadecimal: %s", "XYZ");
    CHECK_STR(cks_error_format(&e, buf, sizeof buf), "certs.csv:7: serial: not hexadecimal: XYZ");
    cks_error_set(&e, CKS_E_CONFIG_KEY, "a.ini", 0, NULL, NULL);
    CHECK_STR(cks_error_format(&e, buf, sizeof buf), "a.ini: unknown setting");
    cks_error_set(&e, CKS_E_NOMEM, NULL, 0, NULL, NULL);
    CHECK_STR(cks_error_format(&e, buf, sizeof buf), "out of memory");
    CHECK_INT(cks_error_set(NULL, CKS_E_IO, NULL, 0, NULL, NULL), CKS_E_IO);
    /* truncation never leaves half a UTF-8 character */
    char small[12];
    cks_error_set(&e, CKS_E_INVALID, NULL, 0, NULL, "%s", "ĐĐĐĐĐĐĐĐĐĐ");
    cks_error_format(&e, small, sizeof small);
    CHECK_STR(small, "ĐĐĐĐĐ");
    char name[CKS_ERROR_FIELD_MAX + 10];
    memset(name, 0, sizeof name);
    for (size_t i = 0; i + 2 < sizeof name - 1; i += 2)
        memcpy(name + i, "ư", 2);
    cks_error_set(&e, CKS_E_INVALID, NULL, 0, name, NULL);
    CHECK(strlen(e.field) % 2 == 0 && strlen(e.field) < CKS_ERROR_FIELD_MAX);
}

static void test_diags(void)
{
    cks_diags d = CKS_DIAGS_INIT;
    cks_error e;
    for (int i = 1; i <= 100; i++) {
        cks_error_set(&e, CKS_E_INVALID, "f.csv", i, "unit", "row %d", i);
        CHECK_INT(cks_diags_add(&d, &e), CKS_E_OK);
    }
    CHECK_INT(d.count, 100);
    CHECK_INT(d.items[99].line, 100);
    CHECK_STR(d.items[41].msg, "row 42");
    cks_diags_free(&d);
    CHECK(d.items == NULL && d.count == 0);
    cks_diags_free(NULL);
}

int main(void)
{
    RUN(test_table);
    RUN(test_format);
    RUN(test_diags);
    return check_summary();
}

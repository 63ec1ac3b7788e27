/* test_config.c — settings file: defaults, parsing, every kind of problem. */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cks/config.h"
#include "cks/text.h"

static char tmpdir[256];
static char tmpfile_path[512];

/* Write len bytes of s to tmpdir/name; returns the path (static buffer). */
static const char *write_file(const char *name, const char *s, size_t len)
{
    static char path[512];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(2);
    }
    if (len && fwrite(s, 1, len, f) != len) {
        perror(path);
        exit(2);
    }
    fclose(f);
    return path;
}

/* Load text (as a file) into *c. */
static cks_err load_text(const char *text, cks_config *c, cks_diags *d,
                         cks_error *e)
{
    const char *p = write_file("t.ini", text, strlen(text));
    snprintf(tmpfile_path, sizeof tmpfile_path, "%s", p);
    return cks_config_load(c, p, d, e);
}

static bool same_config(const cks_config *a, const cks_config *b)
{
    bool ok = true;
#define SAME_STR_(f)                                                           \
    do {                                                                       \
        CHECK_STR(a->f, b->f);                                                 \
        ok = ok && strcmp(a->f, b->f) == 0;                                    \
    } while (0)
#define SAME_INT_(f)                                                           \
    do {                                                                       \
        CHECK_INT(a->f, b->f);                                                 \
        ok = ok && a->f == b->f;                                               \
    } while (0)
    SAME_STR_(lang);
    SAME_STR_(export_dir);
    SAME_STR_(province);
    SAME_STR_(place);
    SAME_STR_(dost_name);
    SAME_INT_(mau04_deadline.y);
    SAME_INT_(mau04_deadline.m);
    SAME_INT_(mau04_deadline.d);
    SAME_STR_(cuc_name);
    SAME_STR_(cuc_address);
    SAME_STR_(portal_url);
    SAME_STR_(forms_url);
    SAME_INT_(n_contacts);
    for (size_t i = 0; i < a->n_contacts && i < CKS_CONFIG_CONTACTS_MAX; i++) {
        SAME_STR_(contacts[i].name);
        SAME_STR_(contacts[i].title);
        SAME_STR_(contacts[i].phone);
    }
    SAME_INT_(check_stale_hierarchy);
    SAME_INT_(margin_top_mm);
    SAME_INT_(margin_bottom_mm);
    SAME_INT_(margin_left_mm);
    SAME_INT_(margin_right_mm);
    SAME_INT_(handover_days);
#undef SAME_STR_
#undef SAME_INT_
    return ok;
}

/* A file with exactly one problem: code, line and field as given, the
 * struct untouched, the problem both in err and diags. */
static void expect_one(const char *what, const char *text, cks_err code,
                       long line, const char *field, const char *msg_part)
{
    int failed_before = check_failed_;
    cks_config c, before;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error e;
    cks_err rc;

    memset(&c, 0x5A, sizeof c);
    before = c;
    rc = load_text(text, &c, &d, &e);
    CHECK_INT(rc, code);
    CHECK_INT(e.code, code);
    CHECK_INT(e.line, line);
    CHECK_STR(e.field, field);
    CHECK_STR(e.file, tmpfile_path);
    CHECK(e.msg[0] != '\0');
    if (msg_part)
        CHECK(strstr(e.msg, msg_part) != NULL);
    CHECK_INT(d.count, 1);
    if (d.count >= 1) {
        CHECK_INT(d.items[0].code, code);
        CHECK_INT(d.items[0].line, line);
        CHECK_STR(d.items[0].field, field);
    }
    CHECK(memcmp(&c, &before, sizeof c) == 0);
    if (check_failed_ > failed_before)
        fprintf(stderr, "  in case: %s (message: %s)\n", what, e.msg);
    cks_diags_free(&d);
}

static void expect_ok(const char *what, const char *text, cks_config *out)
{
    int failed_before = check_failed_;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error e;
    cks_err rc = load_text(text, out, &d, &e);
    CHECK_INT(rc, CKS_E_OK);
    CHECK_INT(e.code, CKS_E_OK);
    CHECK_INT(d.count, 0);
    CHECK_STR(out->source, tmpfile_path);
    if (check_failed_ > failed_before)
        fprintf(stderr, "  in case: %s (%s:%ld: %s: %s)\n", what, e.file,
                e.line, e.field, e.msg);
    cks_diags_free(&d);
}

/* ------------------------------------------------------------ tests */

static void test_defaults(void)
{
    cks_config c;
    cks_config_defaults(&c);
    CHECK_STR(c.source, "");
    CHECK_STR(c.lang, "vi");
    CHECK_STR(c.export_dir, "~/cks-sapnhap-xuat");
    CHECK_STR(c.province, "Quảng Ngãi");
    CHECK_STR(c.place, "Quảng Ngãi");
    CHECK_STR(c.dost_name, "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi");
    CHECK_INT(c.mau04_deadline.y, 2025);
    CHECK_INT(c.mau04_deadline.m, 6);
    CHECK_INT(c.mau04_deadline.d, 23);
    CHECK_STR(c.cuc_name,
              "Cục Chứng thực số và Bảo mật thông tin – Ban Cơ yếu Chính phủ");
    CHECK_STR(c.cuc_address,
              "Số 23 Ngụy Như Kon Tum, phường Thanh Xuân, thành phố Hà Nội");
    CHECK_STR(c.portal_url, "https://dichvucong.ca.gov.vn");
    CHECK_STR(c.forms_url, "https://dichvucong.ca.gov.vn/page/taitainguyen/BMQL");
    CHECK_INT(c.n_contacts, 2);
    CHECK_STR(c.contacts[0].name, "Bà Đặng Bảo Hy");
    CHECK_STR(c.contacts[0].phone, "0905181088");
    CHECK_STR(c.contacts[1].name, "Ông Vy Tú Đình");
    CHECK_STR(c.contacts[1].phone, "0947240391");
    CHECK(c.check_stale_hierarchy);
    CHECK_INT(c.margin_top_mm, 20);
    CHECK_INT(c.margin_bottom_mm, 20);
    CHECK_INT(c.margin_left_mm, 30);
    CHECK_INT(c.margin_right_mm, 15);
    CHECK_INT(c.handover_days, 5);

    /* every built-in text is already clean NFC */
    const char *texts[] = {c.province, c.place, c.dost_name, c.cuc_name,
                           c.cuc_address, c.contacts[0].name,
                           c.contacts[0].title, c.contacts[1].name,
                           c.contacts[1].title};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char *clean = cks_text_clean(texts[i], NULL);
        CHECK_STR(clean, texts[i]);
        free(clean);
    }
    cks_config_defaults(NULL); /* no crash */
}

static void test_default_file(void)
{
    const char *src = getenv("CKS_SOURCE_DIR");
    char path[1024];
    cks_config c, def;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error e;
    snprintf(path, sizeof path, "%s/data/cks-sapnhap.ini",
             src && *src ? src : ".");
    memset(&c, 0, sizeof c);
    cks_err rc = cks_config_load(&c, path, &d, &e);
    CHECK_INT(rc, CKS_E_OK);
    CHECK_INT(d.count, 0);
    if (rc != CKS_E_OK)
        fprintf(stderr, "  %s:%ld: %s: %s\n", e.file, e.line, e.field, e.msg);
    cks_config_defaults(&def);
    CHECK(same_config(&c, &def));
    CHECK_STR(c.source, path);
    cks_diags_free(&d);
}

static void test_partial_and_empty(void)
{
    cks_config c, def;
    cks_config_defaults(&def);

    expect_ok("partial", "[print]\nhandover_days = 7\n", &c);
    CHECK_INT(c.handover_days, 7);
    def.handover_days = 7;
    CHECK(same_config(&c, &def));

    cks_config_defaults(&def);
    expect_ok("empty file", "", &c);
    CHECK(same_config(&c, &def));
    expect_ok("only comments", "# a\n; b\n\n   \n", &c);
    CHECK(same_config(&c, &def));

    /* a load starts from the built-in defaults, not from *c */
    memset(&c, 0, sizeof c);
    strcpy(c.lang, "en");
    expect_ok("partial over defaults", "[general]\nexport_dir = /srv/x\n", &c);
    CHECK_STR(c.lang, "vi");
    CHECK_STR(c.export_dir, "/srv/x");
    CHECK_STR(c.province, "Quảng Ngãi");
}

static void test_bom_crlf(void)
{
    cks_config c;
    expect_ok("BOM", "\xEF\xBB\xBF[general]\nlanguage = en\n", &c);
    CHECK_STR(c.lang, "en");

    expect_ok("CRLF",
              "[general]\r\nlanguage = en\r\n\r\n[print]\r\n"
              "margin_top_mm = 25\r\n[province]\r\nname = Kon Tum\r\n",
              &c);
    CHECK_STR(c.lang, "en");
    CHECK_INT(c.margin_top_mm, 25);
    CHECK_STR(c.province, "Kon Tum");

    expect_ok("BOM and CRLF", "\xEF\xBB\xBF[cuc]\r\nportal = http://a.vn\r\n", &c);
    CHECK_STR(c.portal_url, "http://a.vn");

    /* the line numbers stay right with CRLF and a BOM */
    expect_one("CRLF line number",
               "\xEF\xBB\xBF# x\r\n[print]\r\n\r\nhandover_days = 0\r\n",
               CKS_E_CONFIG_VALUE, 4, "print:handover_days", "1 to 60");
}

static void test_numbers(void)
{
    cks_config c;
    expect_ok("010 and 08",
              "[print]\nhandover_days = 010\nmargin_right_mm = 018\n"
              "margin_bottom_mm = 21\nmargin_left_mm = +35\n"
              "[general]\n",
              &c);
    CHECK_INT(c.handover_days, 10);
    CHECK_INT(c.margin_right_mm, 18);
    CHECK_INT(c.margin_bottom_mm, 21);
    CHECK_INT(c.margin_left_mm, 35);
    expect_ok("08", "[print]\nhandover_days=08\n", &c);
    CHECK_INT(c.handover_days, 8);
    expect_ok("limits", "[print]\nhandover_days = 60\nmargin_top_mm=25\n", &c);
    CHECK_INT(c.handover_days, 60);
    CHECK_INT(c.margin_top_mm, 25);
}

static void test_values(void)
{
    cks_config c;
    expect_ok("values",
              "[general]\n"
              "Language = EN\n"
              "export_dir = ~/Tài liệu/CKS\n"
              "[Province]\n"
              "name = \"Quảng Ngãi; mới\"\n"
              "place =   Thành   phố\tQuảng Ngãi  \n"
              "[dost]\n"
              "mau04_deadline = 2025-07-01\n"
              "[cuc]\n"
              "forms_url = HTTPS://example.vn/a?b=c\n"
              "[decide]\n"
              "check_stale_hierarchy = Off\n",
              &c);
    CHECK_STR(c.lang, "en");
    CHECK_STR(c.export_dir, "~/Tài liệu/CKS");
    CHECK_STR(c.province, "Quảng Ngãi; mới");
    CHECK_STR(c.place, "Thành phố Quảng Ngãi");
    CHECK_INT(c.mau04_deadline.m, 7);
    CHECK_INT(c.mau04_deadline.d, 1);
    CHECK_STR(c.forms_url, "HTTPS://example.vn/a?b=c");
    CHECK(!c.check_stale_hierarchy);

    /* NFD in, NFC stored */
    expect_ok("NFD", "[province]\nname = Qua\xCC\x89ng Nga\xCC\x83i\n", &c);
    CHECK_STR(c.province, "Quảng Ngãi");

    /* every boolean spelling, any case */
    const char *yes[] = {"yes", "YES", "true", "True", "on", "ON", "1"};
    const char *no[] = {"no", "No", "false", "FALSE", "off", "oFF", "0"};
    char buf[128];
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        snprintf(buf, sizeof buf, "[decide]\ncheck_stale_hierarchy = %s\n",
                 no[i]);
        expect_ok(no[i], buf, &c);
        CHECK(!c.check_stale_hierarchy);
        snprintf(buf, sizeof buf, "[decide]\ncheck_stale_hierarchy = %s\n",
                 yes[i]);
        c.check_stale_hierarchy = false;
        expect_ok(yes[i], buf, &c);
        CHECK(c.check_stale_hierarchy);
    }

    /* a value with an inline comment */
    expect_ok("inline comment", "[print]\nhandover_days = 9 ; nine\n", &c);
    CHECK_INT(c.handover_days, 9);
}

static void test_contacts(void)
{
    cks_config c;
    expect_ok("one contact replaces the list",
              "[contact3]\nname = Ông Nguyễn Văn A\nphone = +84 905.181-088\n",
              &c);
    CHECK_INT(c.n_contacts, 1);
    CHECK_STR(c.contacts[0].name, "Ông Nguyễn Văn A");
    CHECK_STR(c.contacts[0].title, "");
    CHECK_STR(c.contacts[0].phone, "+84 905.181-088");
    CHECK_STR(c.contacts[1].name, "");

    expect_ok("four contacts",
              "[contact4]\nname=D\nphone=44444444\n"
              "[contact1]\nname=A\nphone=11111111\ntitle=T\n"
              "[contact2]\nname=B\nphone=22222222\n"
              "[contact3]\nname=C\nphone=333333333333333\n",
              &c);
    CHECK_INT(c.n_contacts, 4);
    CHECK_STR(c.contacts[0].name, "A");
    CHECK_STR(c.contacts[0].title, "T");
    CHECK_STR(c.contacts[1].name, "B");
    CHECK_STR(c.contacts[2].phone, "333333333333333");
    CHECK_STR(c.contacts[3].name, "D");

    expect_one("contact without phone",
               "[general]\n[contact2]\nname = B\ntitle = x\n",
               CKS_E_CONFIG_VALUE, 2, "contact2:phone", NULL);
    expect_one("contact5", "[contact5]\nname = X\nphone = 12345678\n",
               CKS_E_CONFIG_KEY, 1, "contact5", NULL);
}

static void test_bad_values(void)
{
    expect_one("bool", "[decide]\ncheck_stale_hierarchy = maybe\n",
               CKS_E_CONFIG_VALUE, 2, "decide:check_stale_hierarchy", "yes");
    expect_one("bool empty", "[decide]\ncheck_stale_hierarchy =\n",
               CKS_E_CONFIG_VALUE, 2, "decide:check_stale_hierarchy", NULL);
    expect_one("number too big", "# c\n[print]\nmargin_top_mm = 26\n",
               CKS_E_CONFIG_VALUE, 3, "print:margin_top_mm", "20 to 25");
    expect_one("number too small", "[print]\nmargin_left_mm = 29\n",
               CKS_E_CONFIG_VALUE, 2, "print:margin_left_mm", "30 to 35");
    expect_one("negative", "[print]\nhandover_days = -5\n", CKS_E_CONFIG_VALUE,
               2, "print:handover_days", NULL);
    expect_one("hex", "[print]\n\nhandover_days = 0x10\n", CKS_E_CONFIG_VALUE,
               3, "print:handover_days", NULL);
    expect_one("trailing junk", "[print]\nhandover_days = 12abc\n",
               CKS_E_CONFIG_VALUE, 2, "print:handover_days", NULL);
    expect_one("empty number", "[print]\nhandover_days = \n",
               CKS_E_CONFIG_VALUE, 2, "print:handover_days", NULL);
    expect_one("overflow", "[print]\nhandover_days = 99999999999999999999\n",
               CKS_E_CONFIG_VALUE, 2, "print:handover_days", NULL);
    expect_one("float", "[print]\nhandover_days = 5.0\n", CKS_E_CONFIG_VALUE, 2,
               "print:handover_days", NULL);
    expect_one("date", "[dost]\nmau04_deadline = 2025-02-30\n",
               CKS_E_CONFIG_VALUE, 2, "dost:mau04_deadline", "YYYY-MM-DD");
    expect_one("date dmy", "[dost]\nmau04_deadline = 23/06/2025\n",
               CKS_E_CONFIG_VALUE, 2, "dost:mau04_deadline", NULL);
    expect_one("url scheme", "[cuc]\nportal = ftp://dichvucong.ca.gov.vn\n",
               CKS_E_CONFIG_VALUE, 2, "cuc:portal", "https://");
    expect_one("url space", "[cuc]\nforms_url = https://a.vn/b c\n",
               CKS_E_CONFIG_VALUE, 2, "cuc:forms_url", NULL);
    expect_one("url empty host", "[cuc]\nportal = https://\n",
               CKS_E_CONFIG_VALUE, 2, "cuc:portal", NULL);
    expect_one("phone short", "[contact1]\nname = A\nphone = 0905 181\n",
               CKS_E_CONFIG_VALUE, 3, "contact1:phone", "8 to 15");
    expect_one("phone letters", "[contact1]\nname = A\nphone = 0905-18x-088\n",
               CKS_E_CONFIG_VALUE, 3, "contact1:phone", NULL);
    expect_one("phone long", "[contact1]\nname = A\nphone = 1234567890123456\n",
               CKS_E_CONFIG_VALUE, 3, "contact1:phone", NULL);
    expect_one("language", "[general]\nlanguage = fr\n", CKS_E_CONFIG_VALUE, 2,
               "general:language", "vi");
    expect_one("empty name", "[province]\nname =\n", CKS_E_CONFIG_VALUE, 2,
               "province:name", NULL);
    expect_one("empty path", "[general]\nexport_dir = \"\"\n",
               CKS_E_CONFIG_VALUE, 2, "general:export_dir", NULL);
    expect_one("control char", "[province]\nplace = a\x1b[31mb\n",
               CKS_E_CONFIG_VALUE, 2, "province:place", NULL);

    /* too long for the field: refused, never truncated */
    char buf[1024];
    size_t n = (size_t)snprintf(buf, sizeof buf, "[dost]\nname = ");
    for (int i = 0; i < 128; i++) /* 128 × "ễ" = 384 bytes > 255 */
        n += (size_t)snprintf(buf + n, sizeof buf - n, "ễ");
    snprintf(buf + n, sizeof buf - n, "\n");
    expect_one("too long text", buf, CKS_E_CONFIG_VALUE, 2, "dost:name",
               "255");
    /* but 255 bytes fit */
    {
        cks_config c;
        n = (size_t)snprintf(buf, sizeof buf, "[dost]\nname = ");
        for (int i = 0; i < 255; i++)
            buf[n++] = 'x';
        buf[n++] = '\n';
        buf[n] = '\0';
        expect_ok("255 bytes", buf, &c);
        CHECK_INT(strlen(c.dost_name), 255);
    }

    /* invalid UTF-8 in a value */
    expect_one("invalid UTF-8 value", "[province]\n# ok\nname = Qu\xE1ng\n",
               CKS_E_CONFIG_VALUE, 3, "province:name", "UTF-8");
    /* … in a comment */
    expect_one("invalid UTF-8 comment", "[province]\n# caf\xC3\n",
               CKS_E_UTF8, 2, "", "UTF-8");
    /* an overlong form and a NUL byte */
    expect_one("overlong", "[general]\nexport_dir = /\xC0\xAF\n",
               CKS_E_CONFIG_VALUE, 2, "general:export_dir", NULL);
    {
        static const char nul[] = "[general]\nlanguage = v\0i\n";
        cks_config c, before;
        cks_error e;
        const char *p = write_file("nul.ini", nul, sizeof nul - 1);
        memset(&c, 0, sizeof c);
        before = c;
        CHECK_INT(cks_config_load(&c, p, NULL, &e), CKS_E_CONFIG_VALUE);
        CHECK_INT(e.line, 2);
        CHECK_STR(e.field, "general:language");
        CHECK(memcmp(&c, &before, sizeof c) == 0);
    }
}

static void test_unknown(void)
{
    expect_one("unknown key", "[general]\nlanguage = vi\nLangauge = en\n",
               CKS_E_CONFIG_KEY, 3, "general:langauge", "language");
    expect_one("unknown section", "[general]\nlanguage = vi\n\n[Printer]\nx = 1\n",
               CKS_E_CONFIG_KEY, 4, "printer", "[print]");
    expect_one("key before any section", "language = vi\n[general]\n",
               CKS_E_CONFIG_KEY, 1, "language", NULL);
    expect_one("empty section name", "[]\n", CKS_E_CONFIG_KEY, 1, "", NULL);
    /* a section name with a colon: never looked up (CVE-2023-33461) */
    expect_one("section with colon", "[general]\nlanguage = en\n[general:language]\n",
               CKS_E_CONFIG_KEY, 3, "general:language", NULL);
}

static void test_many_problems(void)
{
    cks_config c, before;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error e;
    memset(&c, 0x11, sizeof c);
    before = c;
    cks_err rc = load_text("[general]\n"                /* 1 */
                           "language = fr\n"            /* 2 */
                           "colour = red\n"             /* 3 */
                           "[print]\n"                  /* 4 */
                           "margin_top_mm = 0x14\n"     /* 5 */
                           "handover_days = 61\n"       /* 6 */
                           "[nowhere]\n"                /* 7 */
                           "a = b\n"                    /* 8 */
                           "[dost]\n"                   /* 9 */
                           "mau04_deadline = 2025-6-23\n" /* 10 */
                           "[decide]\n"                 /* 11 */
                           "check_stale_hierarchy = y\n", /* 12 */
                           &c, &d, &e);
    CHECK_INT(rc, CKS_E_CONFIG_VALUE);
    CHECK_INT(e.line, 2);
    static const long lines[] = {2, 3, 5, 6, 7, 10, 12};
    static const char *const fields[] = {
        "general:language",   "general:colour",      "print:margin_top_mm",
        "print:handover_days", "nowhere",            "dost:mau04_deadline",
        "decide:check_stale_hierarchy"};
    CHECK_INT(d.count, 7);
    for (size_t i = 0; i < d.count && i < 7; i++) {
        CHECK_INT(d.items[i].line, lines[i]);
        CHECK_STR(d.items[i].field, fields[i]);
        CHECK_STR(d.items[i].file, tmpfile_path);
    }
    CHECK(memcmp(&c, &before, sizeof c) == 0);
    cks_diags_free(&d);

    /* diags that already hold items are appended to; NULL diags and err */
    cks_diags d2 = CKS_DIAGS_INIT;
    cks_error first;
    cks_error_set(&first, CKS_E_INVALID, NULL, 0, NULL, "earlier");
    cks_diags_add(&d2, &first);
    rc = load_text("[general]\nlanguage = xx\n", &c, &d2, NULL);
    CHECK_INT(rc, CKS_E_CONFIG_VALUE);
    CHECK_INT(d2.count, 2);
    CHECK_STR(d2.items[0].msg, "earlier");
    cks_diags_free(&d2);
    rc = load_text("[general]\nlanguage = xx\n", &c, NULL, NULL);
    CHECK_INT(rc, CKS_E_CONFIG_VALUE);
    CHECK(memcmp(&c, &before, sizeof c) == 0);
}

/* Run a load with fd 2 sent to a temporary file; returns the bytes that
 * reached stderr. */
static long load_quiet(const char *text, cks_config *c, cks_diags *d,
                       cks_error *e, cks_err *rc)
{
    FILE *cap = tmpfile();
    int saved;
    long size;
    fflush(stderr);
    saved = dup(2);
    dup2(fileno(cap), 2);
    *rc = load_text(text, c, d, e);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    fseek(cap, 0, SEEK_END);
    size = ftell(cap);
    fclose(cap);
    return size;
}

static void test_syntax(void)
{
    cks_config c, before;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error e;
    cks_err rc;

    memset(&c, 0x22, sizeof c);
    before = c;
    long printed = load_quiet("[general]\nlanguage = en\nthis is not ini\n", &c,
                              &d, &e, &rc);
    CHECK_INT(printed, 0);
    CHECK_INT(rc, CKS_E_CONFIG_SYNTAX);
    CHECK_INT(e.code, CKS_E_CONFIG_SYNTAX);
    CHECK_INT(e.line, 3);
    CHECK_STR(e.file, tmpfile_path);
    CHECK(strstr(e.msg, "this is not ini") != NULL);
    CHECK_INT(d.count, 1);
    CHECK(memcmp(&c, &before, sizeof c) == 0);
    cks_diags_free(&d);

    /* a syntax error does not hide the other problems of the file */
    printed = load_quiet("[general]\n"
                         "language = fr\n"
                         "[print\n"
                         "margin_top_mm = 30\n"
                         "junk\n"
                         "[dost]\n"
                         "mau04_deadline = soon\n",
                         &c, &d, &e, &rc);
    CHECK_INT(printed, 0);
    CHECK_INT(rc, CKS_E_CONFIG_VALUE);
    CHECK_INT(d.count, 5);
    if (d.count == 5) {
        CHECK_INT(d.items[0].line, 2);
        CHECK_INT(d.items[1].line, 3);
        CHECK_INT(d.items[1].code, CKS_E_CONFIG_SYNTAX);
        /* margin_top_mm = 30 sits in [general] since [print is no header */
        CHECK_INT(d.items[2].line, 4);
        CHECK_INT(d.items[2].code, CKS_E_CONFIG_KEY);
        CHECK_STR(d.items[2].field, "general:margin_top_mm");
        CHECK_INT(d.items[3].line, 5);
        CHECK_INT(d.items[3].code, CKS_E_CONFIG_SYNTAX);
        CHECK_INT(d.items[4].line, 7);
        CHECK_STR(d.items[4].field, "dost:mau04_deadline");
    }
    cks_diags_free(&d);
    d = (cks_diags)CKS_DIAGS_INIT;
    printed = load_quiet("[dost]\nmau04_deadline = soon\nx\n", &c, &d, &e, &rc);
    CHECK_INT(printed, 0);
    CHECK_INT(d.count, 2);
    if (d.count == 2) {
        CHECK_INT(d.items[0].line, 2);
        CHECK_STR(d.items[0].field, "dost:mau04_deadline");
        CHECK_INT(d.items[1].line, 3);
        CHECK_INT(d.items[1].code, CKS_E_CONFIG_SYNTAX);
    }
    CHECK(memcmp(&c, &before, sizeof c) == 0);
    cks_diags_free(&d);

    /* a line too long for iniparser's 1 KiB buffer */
    {
        char *big = malloc(3000);
        size_t n = (size_t)sprintf(big, "[cuc]\naddress = ");
        memset(big + n, 'a', 2000);
        n += 2000;
        n += (size_t)sprintf(big + n, "\n[print]\nhandover_days = 0\n");
        printed = load_quiet(big, &c, &d, &e, &rc);
        CHECK_INT(printed, 0);
        CHECK_INT(d.count, 2);
        if (d.count == 2) {
            CHECK_INT(d.items[0].line, 2);
            CHECK_STR(d.items[0].field, "cuc:address");
            CHECK_INT(d.items[1].line, 4);
            CHECK_STR(d.items[1].field, "print:handover_days");
        }
        cks_diags_free(&d);
        free(big);
    }

    /* a file ending in a continuation backslash */
    expect_one("dangling backslash", "[general]\nlanguage = en \\\n",
               CKS_E_CONFIG_SYNTAX, 2, "", NULL);
}

static void test_edge_cases(void)
{
    cks_config c;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error e;
    cks_err rc;

    /* the same key twice: refused, reported at the second */
    expect_one("duplicate key",
               "[print]\nhandover_days = 3\n[general]\n[print]\n"
               "handover_days = 4\n",
               CKS_E_CONFIG_KEY, 5, "print:handover_days", "line 2");
    /* a section given twice is fine */
    expect_ok("section twice",
              "[print]\nhandover_days = 3\n[general]\n[print]\n"
              "margin_top_mm = 21\n",
              &c);
    CHECK_INT(c.handover_days, 3);
    CHECK_INT(c.margin_top_mm, 21);

    /* iniparser's continuation lines; the line numbers after them hold */
    expect_ok("continuation",
              "[province]\nname = Quảng \\\n  Ngãi\n[print]\n"
              "handover_days = 1\\\n2\n",
              &c);
    CHECK_STR(c.province, "Quảng Ngãi");
    CHECK_INT(c.handover_days, 12);
    expect_one("after continuation",
               "[province]\nname = a \\\nb\n[print]\nmargin_top_mm = 9\n",
               CKS_E_CONFIG_VALUE, 5, "print:margin_top_mm", NULL);

    /* old Mac line ends (lone CR) count as lines */
    expect_one("lone CR", "[print]\rhandover_days = 0\r", CKS_E_CONFIG_VALUE,
               2, "print:handover_days", NULL);

    /* a quoted value keeps ; and # */
    expect_ok("quoted", "[cuc]\nforms_url = \"https://a.vn/x#y\"\n"
                        "address = 'Số 1; Hà Nội'\n", &c);
    CHECK_STR(c.forms_url, "https://a.vn/x#y");
    CHECK_STR(c.cuc_address, "Số 1; Hà Nội");

    /* a section name that is not UTF-8: reported once, its keys ignored,
     * the rest still checked */
    rc = load_text("[general]\nlanguage = vi\n[gen\xFFral]\nlanguage = fr\n"
                   "[print]\nhandover_days = 0\n",
                   &c, &d, &e);
    CHECK_INT(rc, CKS_E_UTF8);
    CHECK_INT(d.count, 2);
    if (d.count == 2) {
        CHECK_INT(d.items[0].line, 3);
        CHECK_INT(d.items[1].line, 6);
        CHECK_STR(d.items[1].field, "print:handover_days");
    }
    cks_diags_free(&d);

    /* a section header longer than a line may be */
    {
        char *big = malloc(2000);
        size_t n = (size_t)sprintf(big, "[general]\n[");
        memset(big + n, 'x', 1200);
        n += 1200;
        sprintf(big + n, "]\nlanguage = fr\n[print]\nhandover_days = 0\n");
        rc = load_text(big, &c, &d, &e);
        CHECK_INT(rc, CKS_E_CONFIG_SYNTAX);
        CHECK_INT(d.count, 2);
        if (d.count == 2) {
            CHECK_INT(d.items[0].line, 2);
            CHECK_INT(d.items[1].line, 5);
        }
        cks_diags_free(&d);
        free(big);
    }

    /* more syntax errors than iniparser's messages we keep: all listed */
    {
        char buf[2048];
        size_t n = 0;
        for (int i = 0; i < 30; i++)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "junk %d\n", i);
        snprintf(buf + n, sizeof buf - n, "[print]\nhandover_days = 0\n");
        long printed = load_quiet(buf, &c, &d, &e, &rc);
        CHECK_INT(printed, 0);
        CHECK_INT(rc, CKS_E_CONFIG_SYNTAX);
        CHECK_INT(d.count, 31);
        if (d.count == 31) {
            CHECK_INT(d.items[29].line, 30);
            CHECK_INT(d.items[30].line, 32);
            CHECK_STR(d.items[30].field, "print:handover_days");
        }
        cks_diags_free(&d);
    }
}

static void test_section_as_key(void)
{
    cks_config c, def;
    cks_config_defaults(&def);
    /* a bare section, no keys: fine, and nothing crashes */
    expect_ok("bare section", "[general]\n", &c);
    CHECK(same_config(&c, &def));
    expect_ok("bare sections", "[print]\n[decide]\n[general]\n[cuc]\n", &c);
    CHECK(same_config(&c, &def));
    /* a "key" that is only a section name, with and without value */
    cks_error e;
    cks_err rc = load_text("[print]\nhandover_days\n[print:handover_days]\n",
                           &c, NULL, &e);
    CHECK(rc != CKS_E_OK);
    rc = load_text("[general:language]\n[general]\n", &c, NULL, &e);
    CHECK_INT(rc, CKS_E_CONFIG_KEY);
    CHECK_INT(e.line, 1);
}

static void test_missing_and_big(void)
{
    cks_config c, before;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error e;
    char path[600];
    memset(&c, 0x33, sizeof c);
    before = c;
    snprintf(path, sizeof path, "%s/no-such.ini", tmpdir);
    CHECK_INT(cks_config_load(&c, path, &d, &e), CKS_E_IO);
    CHECK_INT(e.code, CKS_E_IO);
    CHECK_STR(e.file, path);
    CHECK(e.msg[0] != '\0');
    CHECK_INT(d.count, 1);
    CHECK(memcmp(&c, &before, sizeof c) == 0);
    cks_diags_free(&d);

    /* a folder */
    CHECK_INT(cks_config_load(&c, tmpdir, NULL, &e), CKS_E_IO);
    /* bad arguments */
    CHECK_INT(cks_config_load(NULL, path, NULL, &e), CKS_E_INVALID);
    CHECK_INT(cks_config_load(&c, NULL, NULL, &e), CKS_E_INVALID);

    /* larger than 1 MiB */
    size_t n = 1024 * 1024 + 1;
    char *big = malloc(n);
    memset(big, '#', n);
    for (size_t i = 80; i < n; i += 80)
        big[i] = '\n';
    const char *p = write_file("big.ini", big, n);
    CHECK(cks_config_load(&c, p, NULL, &e) != CKS_E_OK);
    CHECK_STR(e.file, p);
    CHECK(memcmp(&c, &before, sizeof c) == 0);
    /* exactly 1 MiB of comments is fine */
    p = write_file("big.ini", big, n - 1);
    CHECK_INT(cks_config_load(&c, p, NULL, &e), CKS_E_OK);
    free(big);
}

static void test_find(void)
{
    char out[1024], xdg[600], datadir[600], user[700], data[700];
    cks_error e;
    const char *old_xdg = getenv("XDG_CONFIG_HOME");
    char *saved = old_xdg ? strdup(old_xdg) : NULL;

    snprintf(xdg, sizeof xdg, "%s/xdg", tmpdir);
    snprintf(datadir, sizeof datadir, "%s/share", tmpdir);
    snprintf(user, sizeof user, "%s/cks-sapnhap", xdg);
    mkdir(xdg, 0700);
    mkdir(user, 0700);
    mkdir(datadir, 0700);
    snprintf(user, sizeof user, "%s/cks-sapnhap/cks-sapnhap.ini", xdg);
    snprintf(data, sizeof data, "%s/cks-sapnhap.ini", datadir);
    setenv("XDG_CONFIG_HOME", xdg, 1);

    /* nothing anywhere */
    CHECK_INT(cks_config_find(NULL, datadir, out, sizeof out, &e),
              CKS_E_NOTFOUND);
    /* datadir only */
    write_file("share/cks-sapnhap.ini", "", 0);
    CHECK_INT(cks_config_find(NULL, datadir, out, sizeof out, &e), CKS_E_OK);
    CHECK_STR(out, data);
    CHECK_INT(cks_config_find("", datadir, out, sizeof out, &e), CKS_E_OK);
    CHECK_STR(out, data);
    /* the user's file wins over datadir */
    write_file("xdg/cks-sapnhap/cks-sapnhap.ini", "", 0);
    CHECK_INT(cks_config_find(NULL, datadir, out, sizeof out, &e), CKS_E_OK);
    CHECK_STR(out, user);
    /* an explicit file wins over both */
    const char *ex = write_file("explicit.ini", "", 0);
    char explicit_path[600];
    snprintf(explicit_path, sizeof explicit_path, "%s", ex);
    CHECK_INT(cks_config_find(explicit_path, datadir, out, sizeof out, &e),
              CKS_E_OK);
    CHECK_STR(out, explicit_path);
    /* an explicit file that does not exist is an error, never skipped */
    char missing[600];
    snprintf(missing, sizeof missing, "%s/missing.ini", tmpdir);
    CHECK_INT(cks_config_find(missing, datadir, out, sizeof out, &e),
              CKS_E_NOTFOUND);
    CHECK(strstr(e.msg, missing) != NULL);
    CHECK_STR(e.file, missing);
    /* relative or empty XDG_CONFIG_HOME → $HOME/.config */
    char home[600], homecfg[700];
    const char *old_home = getenv("HOME");
    char *saved_home = old_home ? strdup(old_home) : NULL;
    snprintf(home, sizeof home, "%s/home", tmpdir);
    setenv("HOME", home, 1);
    setenv("XDG_CONFIG_HOME", "relative/dir", 1);
    CHECK_INT(cks_config_find(NULL, datadir, out, sizeof out, &e), CKS_E_OK);
    CHECK_STR(out, data);
    mkdir(home, 0700);
    snprintf(homecfg, sizeof homecfg, "%s/.config", home);
    mkdir(homecfg, 0700);
    snprintf(homecfg, sizeof homecfg, "%s/.config/cks-sapnhap", home);
    mkdir(homecfg, 0700);
    write_file("home/.config/cks-sapnhap/cks-sapnhap.ini", "", 0);
    snprintf(homecfg, sizeof homecfg,
             "%s/.config/cks-sapnhap/cks-sapnhap.ini", home);
    CHECK_INT(cks_config_find(NULL, datadir, out, sizeof out, &e), CKS_E_OK);
    CHECK_STR(out, homecfg);
    setenv("XDG_CONFIG_HOME", "", 1);
    CHECK_INT(cks_config_find(NULL, datadir, out, sizeof out, &e), CKS_E_OK);
    CHECK_STR(out, homecfg);
    unsetenv("XDG_CONFIG_HOME");
    CHECK_INT(cks_config_find(NULL, datadir, out, sizeof out, &e), CKS_E_OK);
    CHECK_STR(out, homecfg);
    /* out too small */
    char tiny[8];
    CHECK(cks_config_find(NULL, datadir, tiny, sizeof tiny, &e) != CKS_E_OK);
    /* no datadir, nothing found */
    remove(homecfg);
    CHECK_INT(cks_config_find(NULL, NULL, out, sizeof out, &e),
              CKS_E_NOTFOUND);

    if (saved_home)
        setenv("HOME", saved_home, 1);
    free(saved_home);
    if (saved)
        setenv("XDG_CONFIG_HOME", saved, 1);
    else
        unsetenv("XDG_CONFIG_HOME");
    free(saved);
}

/* ------------------------------------------------------------ main */

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    if (remove(path) != 0)
        perror(path);
    return 0;
}

static void cleanup(void)
{
    if (tmpdir[0])
        nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/cks-test-config-XXXXXX",
             base && base[0] == '/' ? base : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 2;
    }
    RUN(test_defaults);
    RUN(test_default_file);
    RUN(test_partial_and_empty);
    RUN(test_bom_crlf);
    RUN(test_numbers);
    RUN(test_values);
    RUN(test_contacts);
    RUN(test_bad_values);
    RUN(test_unknown);
    RUN(test_many_problems);
    RUN(test_syntax);
    RUN(test_edge_cases);
    RUN(test_section_as_key);
    RUN(test_missing_and_big);
    RUN(test_find);
    cleanup();
    return check_summary();
}

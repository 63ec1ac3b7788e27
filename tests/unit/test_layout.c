/* test_layout.c — form layouts read from INI files (data/forms/KEY.ini):
 * the shipped files, every kind of mistake a province can make when it
 * edits one (each reported as file:line, section:key, the layout refused
 * whole), placeholders, where a layout is looked for, and the helpers the
 * printed forms lean on (the INI reader, the row-height estimate, working
 * days, capitals, folder names). */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cks/date.h"
#include "cks/export.h"
#include "cks/ini.h"
#include "cks/layout.h"
#include "cks/text.h"
#include "cks/unit.h"
#include "export/sheet.h"

static char tmpdir[256];
static char datadir[1024]; /* $CKS_SOURCE_DIR/data */

/* ------------------------------------------------------------ helpers */

static void write_path(const char *path, const char *s, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(2);
    }
    if (len && fwrite(s, 1, len, f) != len) {
        perror(path);
        exit(2);
    }
    fclose(f);
}

/* Write text to tmpdir/name; the path goes to out. */
static void write_tmp(const char *name, const char *text, char *out, size_t n)
{
    snprintf(out, n, "%s/%s", tmpdir, name);
    write_path(out, text, strlen(text));
}

static void make_dir(const char *path)
{
    if (mkdir(path, 0700) != 0) {
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
            perror(path);
            exit(2);
        }
    }
}

/* The whole file, NUL-terminated; the caller frees. */
static char *read_whole(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = '\0';
    fclose(f);
    return buf;
}

/* text with the first `from` replaced by `to`; the caller frees. Fails
 * the test (and returns a copy of text) when from is not there. */
static char *replace_once(const char *text, const char *from, const char *to)
{
    const char *p = strstr(text, from);
    size_t a, b, c;
    char *r;
    CHECK(p != NULL);
    if (!p)
        return strdup(text);
    a = (size_t)(p - text);
    b = strlen(to);
    c = strlen(p + strlen(from));
    r = malloc(a + b + c + 1);
    if (!r)
        exit(2);
    memcpy(r, text, a);
    memcpy(r + a, to, b);
    memcpy(r + a + b, p + strlen(from), c + 1);
    return r;
}

/* The 1-based line of text on which needle first starts; 0 if absent. */
static long line_of(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    long line = 1;
    if (!p)
        return 0;
    for (const char *q = text; q < p; q++)
        line += *q == '\n';
    return line;
}

/* Path of a shipped layout. */
static void shipped(cks_form f, char *out, size_t n)
{
    snprintf(out, n, "%s/forms/%s.ini", datadir, cks_form_key(f));
}

static int remove_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(p);
}

/* XDG_CONFIG_HOME for a test, and back. */
static char saved_xdg[1024];
static int had_xdg;

static void set_xdg(const char *dir)
{
    const char *v = getenv("XDG_CONFIG_HOME");
    had_xdg = v != NULL;
    snprintf(saved_xdg, sizeof saved_xdg, "%s", v ? v : "");
    setenv("XDG_CONFIG_HOME", dir, 1);
}

static void restore_xdg(void)
{
    if (had_xdg)
        setenv("XDG_CONFIG_HOME", saved_xdg, 1);
    else
        unsetenv("XDG_CONFIG_HOME");
}

/* ------------------------------------------------------------ minimal layouts */

/* The smallest layout each form accepts (a line per key, so that a test
 * can add or change one line and know its number). */
#define MIN_FORM "[form]\nfile = x-y\ntitle = T\n"
#define MIN_COL1 "[column1]\nheader = STT\nfield = index\nwidth = 5\n"
#define MIN_REASONS                                                            \
    "[reasons]\nmerged = a\nleave = b\nunused = c\nduplicate = d\nlost = e\nrequest = f\n"
#define MIN_STATUS "[status]\nrevoke = a\nrevoked = b\nexpired = c\n"
#define MIN_STEPS                                                              \
    "[step_portal]\ntext = p\n[step_post]\ntext = q\n[step_mau04]\ntext = r\n"  \
    "[step_new]\ntext = s\n[step_lost]\ntext = t\n[step_collect]\ntext = u\n"  \
    "[decisions]\ntitle = D\nowner_org = O\n[contacts]\ntitle = C\n"

static char last_path[512];

static cks_err load_text(cks_form f, const char *text, cks_layout **l, cks_diags *d,
                         cks_error *e)
{
    write_tmp("t.ini", text, last_path, sizeof last_path);
    return cks_layout_load(last_path, f, l, d, e);
}

/* A layout that must load; NULL (and the test failed) otherwise. */
static cks_layout *expect_loads(const char *what, cks_form f, const char *text)
{
    cks_layout *l = (cks_layout *)1;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error e;
    cks_err rc = load_text(f, text, &l, &d, &e);
    CHECK_INT(rc, CKS_E_OK);
    CHECK(l != NULL);
    CHECK_INT(d.count, 0);
    if (rc != CKS_E_OK || !l) {
        fprintf(stderr, "  in case: %s (%s:%ld: %s: %s)\n", what, e.file, e.line, e.field,
                e.msg);
        for (size_t i = 0; i < d.count; i++)
            fprintf(stderr, "    diag %zu: line %ld %s: %s\n", i, d.items[i].line,
                    d.items[i].field, d.items[i].msg);
    } else {
        CHECK_STR(l->path, last_path);
    }
    cks_diags_free(&d);
    return rc == CKS_E_OK ? l : NULL;
}

/* A layout that must be refused: *out NULL, the first problem in err with
 * file, line and field as given (msg_part in its message when not NULL),
 * n_diags problems in all (any number >= 1 when n_diags is -1), and the
 * first diag the same as err. */
static void expect_refused(const char *what, cks_form f, const char *text, cks_err code,
                           long line, const char *field, const char *msg_part, long n_diags)
{
    int failed_before = check_failed_;
    cks_layout *l = (cks_layout *)1;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error e;
    cks_err rc = load_text(f, text, &l, &d, &e);

    CHECK(rc != CKS_E_OK);
    CHECK(l == NULL);
    if (code != CKS_E_OK) {
        CHECK_INT(rc, code);
        CHECK_INT(e.code, code);
    }
    CHECK_STR(e.file, last_path);
    CHECK_INT(e.line, line);
    CHECK_STR(e.field, field);
    CHECK(e.msg[0] != '\0');
    if (msg_part)
        CHECK(strstr(e.msg, msg_part) != NULL);
    if (n_diags >= 0)
        CHECK_INT(d.count, n_diags);
    else
        CHECK(d.count >= 1);
    if (d.count >= 1) {
        CHECK_INT(d.items[0].code, e.code);
        CHECK_INT(d.items[0].line, e.line);
        CHECK_STR(d.items[0].field, e.field);
        CHECK_STR(d.items[0].file, last_path);
    }
    for (size_t i = 1; i < d.count; i++)
        CHECK(d.items[i - 1].line <= d.items[i].line);
    if (check_failed_ > failed_before) {
        fprintf(stderr, "  in case: %s (got %s:%ld: %s: %s)\n", what, e.file, e.line, e.field,
                e.msg);
        for (size_t i = 0; i < d.count; i++)
            fprintf(stderr, "    diag %zu: line %ld [%s]: %s\n", i, d.items[i].line,
                    d.items[i].field, d.items[i].msg);
    }
    if (l && l != (cks_layout *)1)
        cks_layout_free(l);
    cks_diags_free(&d);
}

/* ------------------------------------------------------------ 1. shipped layouts */

static cks_layout *load_shipped(cks_form f)
{
    char path[1200];
    cks_layout *l = NULL;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error e;
    shipped(f, path, sizeof path);
    cks_err rc = cks_layout_load(path, f, &l, &d, &e);
    CHECK_INT(rc, CKS_E_OK);
    CHECK_INT(d.count, 0);
    if (rc)
        fprintf(stderr, "  %s:%ld: %s: %s\n", e.file, e.line, e.field, e.msg);
    if (l) {
        CHECK_STR(l->path, path);
        CHECK_INT(l->form, f);
    }
    cks_diags_free(&d);
    return l;
}

/* What every layout promises: texts never NULL, widths in range, NFC. */
static void check_layout_sane(const cks_layout *l)
{
    CHECK(l->file && l->file[0]);
    CHECK(l->title && l->title[0]);
    CHECK(l->number && l->subtitle && l->recipient && l->agency);
    CHECK(l->n_columns >= 1 && l->n_columns <= CKS_LAYOUT_COLUMNS_MAX);
    for (size_t i = 0; i < l->n_columns; i++) {
        CHECK(l->columns[i].header && l->columns[i].header[0]);
        CHECK(l->columns[i].width >= 3 && l->columns[i].width <= 80);
        CHECK(l->columns[i].field < CKS_COL_COUNT_);
    }
    for (size_t i = 0; i < l->n_intro; i++)
        CHECK(l->intro[i] && l->intro[i][0]);
    for (size_t i = 0; i < l->n_notes; i++)
        CHECK(l->notes[i] && l->notes[i][0]);
    for (size_t i = 0; i < l->n_signatures; i++) {
        CHECK(l->signatures[i].title && l->signatures[i].title[0]);
        CHECK(l->signatures[i].note && l->signatures[i].name);
    }
    char *nfc = cks_text_nfc(l->title, NULL);
    CHECK_STR(nfc, l->title);
    free(nfc);
    /* no literal backslash-n left anywhere */
    CHECK(strstr(l->agency, "\\n") == NULL);
    for (size_t i = 0; i < l->n_signatures; i++)
        CHECK(strstr(l->signatures[i].title, "\\n") == NULL);
}

static void test_shipped_mau04(void)
{
    cks_layout *l = load_shipped(CKS_FORM_MAU04);
    if (!l)
        return;
    check_layout_sane(l);
    CHECK_STR(l->file, "mau04-thay-doi");
    CHECK_STR(l->number, "Mẫu số 04");
    CHECK(l->landscape);
    CHECK(strstr(l->recipient, "{dost}") != NULL);
    CHECK_STR(l->agency, "ỦY BAN NHÂN DÂN\n{UNIT}");
    CHECK_INT(l->n_columns, 10);
    CHECK_INT(l->columns[0].field, CKS_COL_INDEX);
    CHECK_STR(l->columns[0].header, "STT");
    CHECK_INT(l->columns[0].width, 5);
    CHECK_INT(l->columns[8].field, CKS_COL_NEW_INFO);
    CHECK_INT(l->columns[9].field, CKS_COL_NOTE);
    CHECK_INT(l->n_intro, 1);
    CHECK_INT(l->n_notes, 2);
    CHECK(strstr(l->notes[1], "{deadline}") != NULL);
    CHECK_INT(l->n_signatures, 2);
    CHECK_STR(l->signatures[1].title, "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH");
    CHECK_STR(l->signatures[1].name, "");
    cks_layout_free(l);
}

static void test_shipped_mau05(void)
{
    cks_layout *l = load_shipped(CKS_FORM_MAU05);
    bool serial = false, reason = false;
    if (!l)
        return;
    check_layout_sane(l);
    CHECK_STR(l->file, "mau05-thu-hoi");
    CHECK(l->landscape);
    CHECK(strstr(l->recipient, "{cuc}") != NULL);
    CHECK_STR(l->recipient, "Kính gửi: {cuc}");
    for (size_t i = 0; i < l->n_columns; i++) {
        serial = serial || l->columns[i].field == CKS_COL_SERIAL;
        reason = reason || l->columns[i].field == CKS_COL_REASON;
    }
    CHECK(serial);
    CHECK(reason);
    for (int r = 0; r < CKS_REASON_COUNT_; r++) {
        CHECK(l->reasons[r] != NULL && l->reasons[r][0] != '\0');
        CHECK(l->reasons[r] && strstr(l->reasons[r], "Điều 17") != NULL);
    }
    CHECK(strstr(l->reasons[CKS_REASON_LOST], "mất") != NULL);
    /* "\n" in a signature title: a real line break, spaces around it dropped */
    CHECK_STR(l->signatures[1].title, "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH");
    CHECK_STR(l->signatures[0].title, "NGƯỜI LẬP DANH SÁCH");
    CHECK_STR(l->signatures[0].note, "(Ký, ghi rõ họ tên)");
    cks_layout_free(l);
}

static void test_shipped_mau08(void)
{
    cks_layout *l = load_shipped(CKS_FORM_MAU08);
    if (!l)
        return;
    check_layout_sane(l);
    CHECK_STR(l->file, "mau08-ban-giao");
    CHECK_STR(l->recipient, "");
    for (int s = 0; s < CKS_TOKEN_COUNT_; s++)
        CHECK(l->statuses[s] != NULL && l->statuses[s][0] != '\0');
    CHECK_STR(l->statuses[CKS_TOKEN_REVOKE], "Đề nghị thu hồi");
    CHECK_STR(l->statuses[CKS_TOKEN_EXPIRED], "Hết hạn");
    CHECK_STR(l->signatures[1].title, "BÊN NHẬN\nTM. ỦY BAN NHÂN DÂN");
    bool blank = false, status = false;
    for (size_t i = 0; i < l->n_columns; i++) {
        blank = blank || l->columns[i].field == CKS_COL_BLANK;
        status = status || l->columns[i].field == CKS_COL_STATUS;
    }
    CHECK(blank && status);
    CHECK_INT(l->n_intro, 2);
    cks_layout_free(l);
}

static void test_shipped_checklist(void)
{
    static const cks_col want[] = {CKS_COL_INDEX, CKS_COL_TASK, CKS_COL_OWNER,
                                   CKS_COL_DEADLINE, CKS_COL_DONE};
    cks_layout *l = load_shipped(CKS_FORM_CHECKLIST);
    if (!l)
        return;
    check_layout_sane(l);
    CHECK(!l->landscape);
    CHECK_STR(l->file, "danh-muc-viec");
    CHECK_STR(l->number, "");
    CHECK_INT(l->n_columns, 5);
    for (size_t i = 0; i < 5 && i < l->n_columns; i++)
        CHECK_INT(l->columns[i].field, want[i]);
    for (int s = 0; s < CKS_STEP_COUNT_; s++) {
        CHECK(l->steps[s].text != NULL && l->steps[s].text[0] != '\0');
        CHECK(l->steps[s].owner != NULL && l->steps[s].deadline != NULL);
    }
    CHECK_STR(l->steps[CKS_STEP_MAU04].deadline, "{deadline}");
    CHECK_STR(l->steps[CKS_STEP_PORTAL].deadline, "");
    CHECK(strstr(l->steps[CKS_STEP_POST].text, "{tokens}") != NULL);
    CHECK_STR(l->decisions_owner_org, "Văn phòng UBND");
    CHECK_STR(l->contacts_title, "Liên hệ hỗ trợ");
    CHECK(l->decisions_title[0] != '\0');
    cks_layout_free(l);
}

static void test_agency_default_and_minimal(void)
{
    cks_layout *l = expect_loads("minimal mau04", CKS_FORM_MAU04, MIN_FORM MIN_COL1);
    if (l) {
        CHECK_STR(l->agency, "{AGENCY}");
        CHECK(!l->landscape); /* portrait unless told */
        CHECK_STR(l->number, "");
        CHECK_STR(l->subtitle, "");
        CHECK_STR(l->recipient, "");
        CHECK_INT(l->n_intro, 0);
        CHECK_INT(l->n_notes, 0);
        CHECK_INT(l->n_signatures, 0);
        CHECK_INT(l->n_columns, 1);
        cks_layout_free(l);
    }
    l = expect_loads("minimal mau05", CKS_FORM_MAU05, MIN_FORM MIN_COL1 MIN_REASONS);
    cks_layout_free(l);
    l = expect_loads("minimal mau08", CKS_FORM_MAU08, MIN_FORM MIN_COL1 MIN_STATUS);
    cks_layout_free(l);
    l = expect_loads("minimal checklist", CKS_FORM_CHECKLIST, MIN_FORM MIN_COL1 MIN_STEPS);
    cks_layout_free(l);

    /* texts: NFC, runs of spaces made one, "\n" a line break */
    l = expect_loads("texts", CKS_FORM_MAU04,
                     "[form]\nfile = a\ntitle = Qua\xCC\x89ng   Nga\xCC\x83i\n"
                     "agency = UBND  \\n  {UNIT}\n"
                     "[signature1]\ntitle = A \\n B\\nC\nname = Nguyễn Văn A\n" MIN_COL1);
    if (l) {
        CHECK_STR(l->title, "Quảng Ngãi");
        CHECK_STR(l->agency, "UBND\n{UNIT}");
        CHECK_STR(l->signatures[0].title, "A\nB\nC");
        CHECK_STR(l->signatures[0].name, "Nguyễn Văn A");
        CHECK_STR(l->signatures[0].note, "");
        cks_layout_free(l);
    }
}

/* ------------------------------------------------------------ 2. broken layouts */

static void test_unknown_names(void)
{
    const char *t;

    t = MIN_FORM MIN_COL1 "[colum2]\nheader = X\n";
    expect_refused("unknown section", CKS_FORM_MAU04, t, CKS_E_LAYOUT, line_of(t, "[colum2]"),
                   "colum2", "[column1]", 1);

    t = "[form]\nfile = x-y\ntitel = T\ntitle = T\n" MIN_COL1;
    expect_refused("unknown key in [form]", CKS_FORM_MAU04, t, CKS_E_LAYOUT, 3, "form:titel",
                   "orientation", 1);

    t = MIN_FORM MIN_COL1 "[column2]\nheader = Số hiệu\nfield = serail\nwidth = 20\n";
    {
        int before = check_failed_;
        cks_layout *l = NULL;
        cks_diags d = CKS_DIAGS_INIT;
        cks_error e;
        expect_refused("unknown field", CKS_FORM_MAU04, t, CKS_E_LAYOUT,
                       line_of(t, "field = serail"), "column2:field", "serail", 1);
        load_text(CKS_FORM_MAU04, t, &l, &d, &e);
        /* the message lists the fields a province may use */
        CHECK(strstr(e.msg, "serial") != NULL);
        CHECK(strstr(e.msg, "token_serial") != NULL);
        CHECK(strstr(e.msg, "new_position") != NULL);
        CHECK(strstr(e.msg, "blank") != NULL);
        if (check_failed_ > before)
            fprintf(stderr, "  message: %s\n", e.msg);
        cks_diags_free(&d);
    }

    /* a checklist field in a form, a form field in the checklist */
    t = MIN_FORM MIN_COL1 "[column2]\nheader = Việc\nfield = task\nwidth = 20\n" MIN_REASONS;
    {
        cks_layout *l = NULL;
        cks_diags d = CKS_DIAGS_INIT;
        cks_error e;
        expect_refused("task in mau05", CKS_FORM_MAU05, t, CKS_E_LAYOUT,
                       line_of(t, "field = task"), "column2:field", "task", 1);
        load_text(CKS_FORM_MAU05, t, &l, &d, &e);
        const char *list = strstr(e.msg, "are ");
        CHECK(list != NULL);
        if (list) {
            CHECK(strstr(list, "serial") != NULL);
            CHECK(strstr(list, "reason") != NULL);
            CHECK(strstr(list, "task") == NULL);
            CHECK(strstr(list, "done") == NULL);
        }
        cks_diags_free(&d);
    }
    t = MIN_FORM MIN_COL1 "[column2]\nheader = Số hiệu\nfield = serial\nwidth = 20\n" MIN_STEPS;
    {
        cks_layout *l = NULL;
        cks_diags d = CKS_DIAGS_INIT;
        cks_error e;
        expect_refused("serial in checklist", CKS_FORM_CHECKLIST, t, CKS_E_LAYOUT,
                       line_of(t, "field = serial"), "column2:field", "serial", 1);
        load_text(CKS_FORM_CHECKLIST, t, &l, &d, &e);
        const char *list = strstr(e.msg, "are ");
        CHECK(list != NULL);
        if (list) {
            CHECK(strstr(list, "task") != NULL);
            CHECK(strstr(list, "owner") != NULL);
            CHECK(strstr(list, "done") != NULL);
            CHECK(strstr(list, "serial") == NULL);
            CHECK(strstr(list, "holder") == NULL);
        }
        cks_diags_free(&d);
    }

    /* sections of another form */
    t = MIN_FORM MIN_COL1 MIN_REASONS;
    expect_refused("[reasons] in mau04", CKS_FORM_MAU04, t, CKS_E_LAYOUT,
                   line_of(t, "[reasons]"), "reasons", NULL, 1);
    t = MIN_FORM MIN_COL1 MIN_STATUS MIN_REASONS;
    expect_refused("[status] in mau05", CKS_FORM_MAU05, t, CKS_E_LAYOUT, line_of(t, "[status]"),
                   "status", NULL, 1);
    t = MIN_FORM MIN_COL1 MIN_STEPS MIN_STATUS;
    expect_refused("[status] in the checklist", CKS_FORM_CHECKLIST, t, CKS_E_LAYOUT,
                   line_of(t, "[status]"), "status", NULL, 1);
    t = MIN_FORM MIN_COL1 "[step_portal]\ntext = x\n";
    expect_refused("[step_portal] in mau04", CKS_FORM_MAU04, t, CKS_E_LAYOUT,
                   line_of(t, "[step_portal]"), "step_portal", NULL, 1);
    t = MIN_FORM MIN_COL1 "[signature3]\ntitle = X\n";
    expect_refused("[signature3]", CKS_FORM_MAU04, t, CKS_E_LAYOUT, line_of(t, "[signature3]"),
                   "signature3", NULL, 1);

    /* unknown keys of the other sections */
    t = MIN_FORM MIN_COL1 "[column2]\nheader = A\nfield = org\nwidht = 9\nwidth = 9\n";
    expect_refused("widht", CKS_FORM_MAU04, t, CKS_E_LAYOUT, line_of(t, "widht"),
                   "column2:widht", "header, field, width", 1);
    t = MIN_FORM MIN_COL1 "[intro]\nline0 = x\n";
    expect_refused("line0", CKS_FORM_MAU04, t, CKS_E_LAYOUT, line_of(t, "line0"), "intro:line0",
                   "line1", 1);
    t = MIN_FORM MIN_COL1 "[notes]\nline21 = x\n";
    expect_refused("line21", CKS_FORM_MAU04, t, CKS_E_LAYOUT, line_of(t, "line21"),
                   "notes:line21", NULL, 1);
    t = MIN_FORM MIN_COL1 "[signature1]\ntitle = A\nchuc_vu = B\n";
    expect_refused("signature key", CKS_FORM_MAU04, t, CKS_E_LAYOUT, line_of(t, "chuc_vu"),
                   "signature1:chuc_vu", "title, note, name", 1);
    t = MIN_FORM MIN_COL1 MIN_REASONS "retired = x\n";
    expect_refused("reasons key", CKS_FORM_MAU05, t, CKS_E_LAYOUT, line_of(t, "retired"),
                   "reasons:retired", "duplicate", 1);
    t = MIN_FORM MIN_COL1 MIN_STATUS "lost = x\n";
    expect_refused("status key", CKS_FORM_MAU08, t, CKS_E_LAYOUT, line_of(t, "lost = x"),
                   "status:lost", "expired", 1);
    t = MIN_FORM MIN_COL1 MIN_STEPS "[step_new]\nwho = x\n";
    expect_refused("step key", CKS_FORM_CHECKLIST, t, CKS_E_LAYOUT, line_of(t, "who = x"),
                   "step_new:who", "owner", 1);
    t = MIN_FORM MIN_COL1 MIN_STEPS "[decisions]\nowner = x\n";
    expect_refused("decisions key", CKS_FORM_CHECKLIST, t, CKS_E_LAYOUT, line_of(t, "owner = x"),
                   "decisions:owner", "owner_org", 1);
}

static void test_bad_values(void)
{
    const char *t;
    char buf[1024];
    static const char *const bad_widths[] = {"0", "81", "abc", "2", "-5", "5.0", "0x10", "10px",
                                             "99999999999999999999"};

    for (size_t i = 0; i < sizeof bad_widths / sizeof bad_widths[0]; i++) {
        snprintf(buf, sizeof buf, MIN_FORM MIN_COL1 "[column2]\nheader = A\nfield = org\n"
                 "width = %s\n", bad_widths[i]);
        expect_refused(bad_widths[i], CKS_FORM_MAU04, buf, CKS_E_LAYOUT,
                       line_of(buf, "width = ") + 4 /* the second column's */, "column2:width",
                       "3 to 80", 1);
    }
    {
        cks_layout *l = expect_loads("width 010", CKS_FORM_MAU04,
                                     MIN_FORM "[column1]\nheader = A\nfield = org\nwidth = 010\n"
                                              "[column2]\nheader = B\nfield = kind\nwidth = 3\n"
                                              "[column3]\nheader = C\nfield = note\nwidth = 80\n");
        if (l) {
            CHECK_INT(l->columns[0].width, 10);
            CHECK_INT(l->columns[1].width, 3);
            CHECK_INT(l->columns[2].width, 80);
            cks_layout_free(l);
        }
    }

    t = "[form]\nfile = a\ntitle = T\norientation = sideways\n" MIN_COL1;
    expect_refused("sideways", CKS_FORM_MAU04, t, CKS_E_LAYOUT, 4, "form:orientation",
                   "landscape", 1);
    t = "[form]\nfile = a\ntitle = T\norientation =\n" MIN_COL1;
    expect_refused("orientation empty", CKS_FORM_MAU04, t, CKS_E_LAYOUT, 4, "form:orientation",
                   NULL, 1);

    static const char *const bad_files[] = {"Mau05-thu-hoi", "mau05/thu-hoi", "../x", "mau 05",
                                            "mẫu05", "-mau05", "\"\"",
                                            "a123456789a123456789a123456789a1234567890"};
    for (size_t i = 0; i < sizeof bad_files / sizeof bad_files[0]; i++) {
        snprintf(buf, sizeof buf, "[form]\ntitle = T\nfile = %s\n" MIN_COL1, bad_files[i]);
        /* a quoted empty name is a missing one ("[form] needs file") */
        expect_refused(bad_files[i], CKS_FORM_MAU04, buf, CKS_E_LAYOUT, 3, "form:file",
                       bad_files[i][0] == '"' ? "file" : "a-z", 1);
    }
    expect_refused("file empty", CKS_FORM_MAU04, "[form]\ntitle = T\nfile =\n" MIN_COL1,
                   CKS_E_LAYOUT, 3, "form:file", NULL, 1);
    {
        cks_layout *l = expect_loads("file 40", CKS_FORM_MAU04,
                                     "[form]\ntitle = T\n"
                                     "file = a123456789a123456789a123456789a12345678-\n" MIN_COL1);
        if (l) {
            CHECK_STR(l->file, "a123456789a123456789a123456789a12345678-");
            cks_layout_free(l);
        }
    }

    /* placeholders */
    t = "[form]\nfile = a\ntitle = T\nsubtitle = (kèm văn bản của {agnecy})\n" MIN_COL1;
    {
        cks_layout *l = NULL;
        cks_diags d = CKS_DIAGS_INIT;
        cks_error e;
        expect_refused("typo", CKS_FORM_MAU04, t, CKS_E_LAYOUT, 4, "form:subtitle", "{agnecy}",
                       1);
        load_text(CKS_FORM_MAU04, t, &l, &d, &e);
        CHECK(strstr(e.msg, "{agency}") != NULL); /* the list of the right names */
        CHECK(strstr(e.msg, "{collect_deadline}") != NULL);
        cks_diags_free(&d);
    }
    t = MIN_FORM MIN_COL1 "[intro]\nline1 = Gửi {dost trước ngày {deadline}\n";
    expect_refused("unclosed", CKS_FORM_MAU04, t, CKS_E_LAYOUT, line_of(t, "line1"),
                   "intro:line1", NULL, 1);
    t = MIN_FORM MIN_COL1 "[notes]\nline1 = Gửi {dost\n";
    expect_refused("unclosed at end", CKS_FORM_MAU04, t, CKS_E_LAYOUT, line_of(t, "line1"),
                   "notes:line1", "}", 1);
    t = MIN_FORM MIN_COL1 "[signature2]\ntitle = {Agency}\n";
    expect_refused("placeholder case", CKS_FORM_MAU04, t, CKS_E_LAYOUT, line_of(t, "{Agency}"),
                   "signature2:title", NULL, -1);
    t = MIN_FORM "[column1]\nheader = {}\nfield = index\nwidth = 5\n";
    expect_refused("empty braces", CKS_FORM_MAU04, t, CKS_E_LAYOUT, line_of(t, "{}"),
                   "column1:header", NULL, -1);
    t = MIN_FORM MIN_COL1 MIN_STEPS "[step_post]\nowner = {owner}\n";
    expect_refused("placeholder in a step", CKS_FORM_CHECKLIST, t, CKS_E_LAYOUT,
                   line_of(t, "{owner}"), "step_post:owner", NULL, 1);
    {
        /* every known placeholder is accepted, and "}" alone is plain text */
        char text[2048];
        size_t used = 0;
        used += (size_t)snprintf(text + used, sizeof text - used,
                                 "[form]\nfile = a\ntitle = } ");
        for (int v = 0; v < CKS_VAR_COUNT_; v++)
            used += (size_t)snprintf(text + used, sizeof text - used, "{%s} ",
                                     cks_layout_var_name((cks_var)v));
        snprintf(text + used, sizeof text - used, "\n" MIN_COL1);
        cks_layout *l = expect_loads("every placeholder", CKS_FORM_MAU04, text);
        if (l) {
            CHECK(strstr(l->title, "{collect_deadline}") != NULL);
            cks_layout_free(l);
        }
    }

    /* control characters and bad UTF-8 in a value */
    t = MIN_FORM MIN_COL1 "[intro]\nline1 = a\x1b[31mb\n";
    expect_refused("escape", CKS_FORM_MAU04, t, CKS_E_LAYOUT, line_of(t, "line1"), "intro:line1",
                   "control", 1);
    t = "[form]\nfile = a\ntitle = T\nsubtitle = x\x7fy\n" MIN_COL1;
    expect_refused("DEL", CKS_FORM_MAU04, t, CKS_E_LAYOUT, 4, "form:subtitle", NULL, 1);
    t = "[form]\nfile = a\ntitle = T\nsubtitle = x\xC2\x85y\n" MIN_COL1;
    expect_refused("C1 NEL", CKS_FORM_MAU04, t, CKS_E_LAYOUT, 4, "form:subtitle", NULL, 1);
    t = "[form]\nfile = a\ntitle = T\nsubtitle = Qu\xe1ng\n" MIN_COL1;
    expect_refused("latin-1 subtitle", CKS_FORM_MAU04, t, CKS_E_CONFIG_VALUE, 4,
                   "form:subtitle", "UTF-8", 1);
    t = MIN_FORM "[column1]\nheader = S\xC3\n" "field = index\nwidth = 5\n";
    expect_refused("cut UTF-8 header", CKS_FORM_MAU04, t, CKS_E_CONFIG_VALUE, 5,
                   "column1:header", "UTF-8", -1);
    /* a value continued on the next line ("\" at the end) */
    {
        const char *c = MIN_FORM MIN_COL1 "[intro]\nline1 = Thực hiện \\\n   hướng dẫn\n"
                                          "line2 = hai\n";
        cks_layout *l = expect_loads("continued", CKS_FORM_MAU04, c);
        if (l) {
            CHECK_INT(l->n_intro, 2);
            CHECK_STR(l->intro[0], "Thực hiện hướng dẫn");
            CHECK_STR(l->intro[1], "hai");
            cks_layout_free(l);
        }
        /* and the lines after it keep their numbers */
        c = MIN_FORM MIN_COL1 "[intro]\nline1 = a \\\n b\nline2 = {x}\n";
        expect_refused("after continued", CKS_FORM_MAU04, c, CKS_E_LAYOUT,
                       line_of(c, "line2"), "intro:line2", "{x}", 1);
    }
    /* a tab is white space, not a control character */
    {
        cks_layout *l = expect_loads("tab", CKS_FORM_MAU04,
                                     "[form]\nfile = a\ntitle = A\tB\n" MIN_COL1);
        if (l) {
            CHECK_STR(l->title, "A B");
            cks_layout_free(l);
        }
    }
}

/* A bad value in a key the layout needs is one problem, at its line: the
 * layout must not also claim the key is missing. */
static void test_bad_required_value_reported_once(void)
{
    const char *t;
    t = "[form]\nfile = a\ntitle = DANH S\xC1\x43H\n" MIN_COL1;
    expect_refused("latin-1 title", CKS_FORM_MAU04, t, CKS_E_CONFIG_VALUE, 3, "form:title",
                   "UTF-8", 1);
    t = MIN_FORM "[column1]\nheader = STT\nfield = index\nwidth = 5\xff\n";
    expect_refused("bad byte in width", CKS_FORM_MAU04, t, CKS_E_CONFIG_VALUE,
                   line_of(t, "width"), "column1:width", "UTF-8", 1);

    /* given twice, the second time badly; a line too long: never "needs" */
    {
        char longt[1400];
        const char *texts[2];
        int n = snprintf(longt, sizeof longt, "[form]\nfile = a\ntitle = ");
        memset(longt + n, 'X', 1100);
        snprintf(longt + n + 1100, sizeof longt - (size_t)n - 1100, "\n" MIN_COL1);
        texts[0] = "[form]\nfile = a\ntitle = T\ntitle = X\xff\n" MIN_COL1;
        texts[1] = longt;
        for (int i = 0; i < 2; i++) {
            cks_layout *l = (cks_layout *)1;
            cks_diags d = CKS_DIAGS_INIT;
            cks_error e;
            CHECK(load_text(CKS_FORM_MAU04, texts[i], &l, &d, &e) != CKS_E_OK);
            CHECK(l == NULL);
            CHECK(d.count >= 1);
            for (size_t k = 0; k < d.count; k++) {
                CHECK(d.items[k].line >= 3);
                if (strstr(d.items[k].msg, "needs")) {
                    CHECK(strstr(d.items[k].msg, "needs") == NULL);
                    fprintf(stderr, "  case %d: spurious %ld [%s] %s\n", i, d.items[k].line,
                            d.items[k].field, d.items[k].msg);
                }
            }
            cks_diags_free(&d);
        }
    }
}

static void test_missing(void)
{
    const char *t;

    /* a column missing a key: refused, the key named (the line: see
     * test_missing_key_lines) */
    t = MIN_FORM "[column1]\nheader = STT\nfield = index\nwidth = 5\n"
                 "[column2]\nheader = Họ tên\nfield = holder\n";
    {
        cks_layout *l = (cks_layout *)1;
        cks_diags d = CKS_DIAGS_INIT;
        cks_error e;
        CHECK_INT(load_text(CKS_FORM_MAU04, t, &l, &d, &e), CKS_E_LAYOUT);
        CHECK(l == NULL);
        CHECK_STR(e.field, "column2:width");
        CHECK_STR(e.file, last_path);
        CHECK(strstr(e.msg, "width") != NULL);
        CHECK(e.line >= line_of(t, "[column2]") && e.line <= line_of(t, "field = holder"));
        CHECK_INT(d.count, 1);
        cks_diags_free(&d);
    }

    t = MIN_FORM "[intro]\nline1 = x\n";
    expect_refused("no columns", CKS_FORM_MAU04, t, CKS_E_LAYOUT, 0, "column1", "[column1]", 1);
    t = MIN_COL1;
    expect_refused("no [form]", CKS_FORM_MAU04, t, CKS_E_LAYOUT, 0, "form", "[form]", 1);
    expect_refused("empty file", CKS_FORM_MAU04, "", CKS_E_LAYOUT, 0, "form", NULL, 2);
    t = "[form]\nfile = a\nnumber = Mẫu số 04\n" MIN_COL1;
    expect_refused("no title", CKS_FORM_MAU04, t, CKS_E_LAYOUT, 1, "form:title", "title", 1);
    t = "# đầu tệp\n\n[form]\ntitle = T\n" MIN_COL1;
    expect_refused("no file", CKS_FORM_MAU04, t, CKS_E_LAYOUT, 3, "form:file", "file", 1);
    t = MIN_FORM MIN_COL1 "[signature2]\nnote = (Ký)\n";
    expect_refused("signature without title", CKS_FORM_MAU04, t, CKS_E_LAYOUT,
                   line_of(t, "[signature2]"), "signature2:title", NULL, 1);

    /* Mẫu 05: each reason, named */
    t = MIN_FORM MIN_COL1
        "[reasons]\nmerged = a\nunused = c\nduplicate = d\nlost = e\nrequest = f\n";
    expect_refused("no leave", CKS_FORM_MAU05, t, CKS_E_LAYOUT, line_of(t, "[reasons]"),
                   "reasons:leave", "leave", 1);
    t = MIN_FORM MIN_COL1 "[reasons]\nmerged = a\nleave = b\nunused = c\nduplicate = d\n"
                          "lost = e\nrequest =\n";
    /* given but empty: reported at its own line */
    expect_refused("empty request", CKS_FORM_MAU05, t, CKS_E_LAYOUT, line_of(t, "request ="),
                   "reasons:request", "request", 1);
    expect_refused("no [reasons]", CKS_FORM_MAU05, MIN_FORM MIN_COL1, CKS_E_LAYOUT, 0,
                   "reasons:merged", NULL, CKS_REASON_COUNT_);
    t = MIN_FORM MIN_COL1 "[status]\nrevoke = a\nexpired = c\n";
    expect_refused("no revoked", CKS_FORM_MAU08, t, CKS_E_LAYOUT, line_of(t, "[status]"),
                   "status:revoked", "revoked", 1);

    /* checklist */
    t = MIN_FORM MIN_COL1
        "[step_portal]\ntext = p\n[step_post]\ntext = q\n[step_mau04]\ntext = r\n"
        "[step_lost]\ntext = t\n[step_collect]\ntext = u\n"
        "[decisions]\ntitle = D\nowner_org = O\n[contacts]\ntitle = C\n";
    expect_refused("no [step_new]", CKS_FORM_CHECKLIST, t, CKS_E_LAYOUT, 0, "step_new:text",
                   "text", 1);
    t = MIN_FORM MIN_COL1
        "[step_portal]\ntext = p\n[step_post]\ntext = q\n[step_mau04]\ntext = r\n"
        "[step_new]\ntext = s\n[step_lost]\ntext = t\n[step_collect]\ntext = u\n"
        "[decisions]\ntitle = D\n[contacts]\ntitle = C\n";
    expect_refused("no owner_org", CKS_FORM_CHECKLIST, t, CKS_E_LAYOUT,
                   line_of(t, "[decisions]"), "decisions:owner_org", NULL, 1);
}

/* A key missing from a section that is there: reported at the section's
 * [header] line, as [form], [signatureN], [reasons], [status] and
 * [decisions] are; and a section that is there but empty is not dropped
 * silently. */
static void test_missing_key_lines(void)
{
    const char *t;

    t = MIN_FORM "[column1]\nheader = STT\nfield = index\nwidth = 5\n"
                 "[column2]\nheader = Họ tên\nfield = holder\n";
    expect_refused("column without width", CKS_FORM_MAU04, t, CKS_E_LAYOUT,
                   line_of(t, "[column2]"), "column2:width", "width", 1);
    t = MIN_FORM "[column1]\nfield = index\nwidth = 5\n";
    expect_refused("column without header", CKS_FORM_MAU04, t, CKS_E_LAYOUT,
                   line_of(t, "[column1]"), "column1:header", "header", 1);
    t = MIN_FORM "[column1]\nheader = STT\nwidth = 5\n";
    expect_refused("column without field", CKS_FORM_MAU04, t, CKS_E_LAYOUT,
                   line_of(t, "[column1]"), "column1:field", "field", 1);
    t = MIN_FORM MIN_COL1 "[column2]\n[column3]\nheader = A\nfield = org\nwidth = 9\n";
    expect_refused("empty [column2]", CKS_FORM_MAU04, t, CKS_E_LAYOUT, line_of(t, "[column2]"),
                   "column2:header", "header", 3);
    t = MIN_FORM MIN_COL1
        "[step_portal]\ntext = p\n[step_post]\ntext = q\n[step_mau04]\ntext = r\n"
        "[step_new]\nowner = Văn phòng\n[step_lost]\ntext = t\n[step_collect]\ntext = u\n"
        "[decisions]\ntitle = D\nowner_org = O\n[contacts]\ntitle = C\n";
    expect_refused("[step_new] without text", CKS_FORM_CHECKLIST, t, CKS_E_LAYOUT,
                   line_of(t, "[step_new]"), "step_new:text", "text", 1);
}

/* Text after a closing quote is not dropped silently. */
static void test_quotes(void)
{
    cks_layout *l;
    cks_layout *bad = NULL;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error e;
    const char *t;

    l = expect_loads("quoted", CKS_FORM_MAU04,
                     "[form]\nfile = a\ntitle = \"DANH SÁCH; SỐ #1\"\n" MIN_COL1);
    if (l) {
        CHECK_STR(l->title, "DANH SÁCH; SỐ #1");
        cks_layout_free(l);
    }
    /* unquoted, a ';' or '#' would cut the text silently: refused, asking
     * for quotes */
    t = "[form]\nfile = a\ntitle = T\nsubtitle = Gửi 01 bản ; ghi chú\n" MIN_COL1;
    expect_refused("unquoted ;", CKS_FORM_MAU04, t, CKS_E_LAYOUT, 4, "form:subtitle", "quotes", 1);
    t = "[form]\nfile = a\ntitle = Số #1\n" MIN_COL1;
    expect_refused("unquoted #", CKS_FORM_MAU04, t, CKS_E_LAYOUT, 3, "form:title", "quotes", 1);
    t = "[form]\nfile = a\ntitle = \"DANH SÁCH\" ĐỀ NGHỊ THU HỒI\n" MIN_COL1;
    cks_err rc = load_text(CKS_FORM_MAU04, t, &bad, &d, &e);
    if (rc == CKS_E_OK) {
        CHECK(bad != NULL);
        if (bad) {
            CHECK(strstr(bad->title, "ĐỀ NGHỊ THU HỒI") != NULL);
            if (!strstr(bad->title, "ĐỀ NGHỊ THU HỒI"))
                fprintf(stderr, "  title = \"DANH SÁCH\" ĐỀ NGHỊ THU HỒI was read as [%s]\n",
                        bad->title);
        }
    } else {
        CHECK(bad == NULL);
        CHECK_INT(e.line, 3);
        CHECK_STR(e.field, "form:title");
    }
    cks_layout_free(bad);
    cks_diags_free(&d);
}

static void test_ini_level_problems(void)
{
    const char *t;
    cks_layout *l = NULL;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error e;

    t = "[form]\nfile = a\ntitle = Cũ\n" MIN_COL1 "[form]\ntitle = Mới\n";
    expect_refused("key twice", CKS_FORM_MAU04, t, CKS_E_CONFIG_KEY, line_of(t, "title = Mới"),
                   "form:title", "line 3", 1);
    t = MIN_FORM "[column1]\nheader = STT\nfield = index\nwidth = 5\nwidth = 6\n";
    expect_refused("width twice", CKS_FORM_MAU04, t, CKS_E_CONFIG_KEY, line_of(t, "width = 6"),
                   "column1:width", "line 7", 1);

    t = MIN_FORM MIN_COL1 "[intro]\nline1 x\n";
    expect_refused("not key = value", CKS_FORM_MAU04, t, CKS_E_CONFIG_SYNTAX,
                   line_of(t, "line1 x"), "", "line1 x", 1);
    t = "title = T\n" MIN_FORM MIN_COL1;
    expect_refused("key before a section", CKS_FORM_MAU04, t, CKS_E_CONFIG_KEY, 1, "title",
                   "[section]", 1);
    t = MIN_FORM MIN_COL1 "[intro]\nline1 = x \\\n";
    expect_refused("continued last line", CKS_FORM_MAU04, t, CKS_E_CONFIG_SYNTAX,
                   line_of(t, "line1"), "", "\\", 1);
    t = "\xEF\xBB\xBF# ghi ch\xfa\n" MIN_FORM MIN_COL1;
    expect_refused("bad byte in a comment", CKS_FORM_MAU04, t, CKS_E_UTF8, 1, "", "UTF-8", 1);

    /* BOM and CRLF */
    l = expect_loads("BOM CRLF", CKS_FORM_MAU05,
                     "\xEF\xBB\xBF# Mẫu 05\r\n[form]\r\nfile = mau05\r\ntitle = Tiêu đề\r\n"
                     "orientation = landscape\r\n"
                     "[column1]\r\nheader = STT\r\nfield = index\r\nwidth = 5\r\n"
                     "[reasons]\r\nmerged = a\r\nleave = b\r\nunused = c\r\nduplicate = d\r\n"
                     "lost = e\r\nrequest = f\r\n");
    if (l) {
        CHECK_STR(l->title, "Tiêu đề");
        CHECK_STR(l->file, "mau05");
        CHECK(l->landscape);
        CHECK_STR(l->reasons[CKS_REASON_REQUEST], "f");
        cks_layout_free(l);
    }
    /* the line numbers stay right with a BOM and CRLF */
    expect_refused("BOM CRLF line", CKS_FORM_MAU04,
                   "\xEF\xBB\xBF# x\r\n[form]\r\nfile = a\r\n\r\ntitle = T\r\n"
                   "[column1]\r\nheader = A\r\nfield = index\r\nwidth = 0\r\n",
                   CKS_E_LAYOUT, 9, "column1:width", NULL, 1);

    /* every problem of the file at once, sorted by line */
    t = "[form]\n"                             /* 1: needs title (found last) */
        "file = a\n"                           /* 2 */
        "colour = red\n"                       /* 3: unknown key */
        "[column1]\n"                          /* 4 */
        "header = STT\n"                       /* 5 */
        "field = index\n"                      /* 6 */
        "width = 0\n";                         /* 7: bad width */
    CHECK(load_text(CKS_FORM_MAU04, t, &l, &d, &e) != CKS_E_OK);
    CHECK(l == NULL);
    CHECK_INT(d.count, 3);
    if (d.count == 3) {
        CHECK_INT(d.items[0].line, 1);
        CHECK_STR(d.items[0].field, "form:title");
        CHECK_INT(d.items[1].line, 3);
        CHECK_STR(d.items[1].field, "form:colour");
        CHECK_INT(d.items[2].line, 7);
        CHECK_STR(d.items[2].field, "column1:width");
        for (size_t i = 0; i < 3; i++)
            CHECK_STR(d.items[i].file, last_path);
    }
    CHECK_INT(e.line, 1);
    CHECK_STR(e.field, "form:title");
    cks_diags_free(&d);

    /* diags may be NULL */
    l = (cks_layout *)1;
    CHECK(load_text(CKS_FORM_MAU04, t, &l, NULL, &e) != CKS_E_OK);
    CHECK(l == NULL);
    CHECK_INT(e.line, 1);

    /* a file that does not exist */
    l = (cks_layout *)1;
    snprintf(last_path, sizeof last_path, "%s/none.ini", tmpdir);
    CHECK_INT(cks_layout_load(last_path, CKS_FORM_MAU04, &l, &d, &e), CKS_E_IO);
    CHECK(l == NULL);
    CHECK_STR(e.file, last_path);
    CHECK(d.count >= 1);
    cks_diags_free(&d);
}

/* A province edits the shipped file: one change, the exact line. */
static void test_edit_shipped(void)
{
    char path[1200];
    char *orig, *t;

    shipped(CKS_FORM_MAU05, path, sizeof path);
    orig = read_whole(path);
    CHECK(orig != NULL);
    if (!orig)
        return;
    /* a reason key renamed: the unknown key and the missing one, both */
    t = replace_once(orig, "leave = ", "nghi_huu = ");
    expect_refused("mau05 reason renamed", CKS_FORM_MAU05, t, CKS_E_LAYOUT,
                   line_of(t, "\n[reasons]") + 1, "reasons:leave", "leave", 2);
    {
        cks_layout *l = NULL;
        cks_diags d = CKS_DIAGS_INIT;
        cks_error e;
        load_text(CKS_FORM_MAU05, t, &l, &d, &e);
        if (d.count == 2) {
            CHECK_INT(d.items[1].line, line_of(t, "nghi_huu = "));
            CHECK_STR(d.items[1].field, "reasons:nghi_huu");
            CHECK(strstr(d.items[1].msg, "merged, leave, unused") != NULL);
        }
        cks_diags_free(&d);
    }
    free(t);
    t = replace_once(orig, "width = 26", "width = 0");
    expect_refused("mau05 width 0", CKS_FORM_MAU05, t, CKS_E_LAYOUT, line_of(t, "width = 0"),
                   "column8:width", NULL, 1);
    free(t);
    t = replace_once(orig, "field = reason", "field = reasons");
    expect_refused("mau05 field typo", CKS_FORM_MAU05, t, CKS_E_LAYOUT,
                   line_of(t, "field = reasons"), "column8:field", "reasons", 1);
    free(t);
    t = replace_once(orig, "{cuc}", "{Cuc}");
    expect_refused("mau05 placeholder typo", CKS_FORM_MAU05, t, CKS_E_LAYOUT,
                   line_of(t, "{Cuc}"), "form:recipient", "{Cuc}", 1);
    free(t);
    /* with CRLF line ends (edited in Notepad) it still loads */
    {
        size_t n = strlen(orig), k = 0;
        char *crlf = malloc(2 * n + 4);
        memcpy(crlf, "\xEF\xBB\xBF", 3);
        k = 3;
        for (size_t i = 0; i < n; i++) {
            if (orig[i] == '\n')
                crlf[k++] = '\r';
            crlf[k++] = orig[i];
        }
        crlf[k] = '\0';
        cks_layout *l = expect_loads("mau05 CRLF", CKS_FORM_MAU05, crlf);
        if (l) {
            CHECK_STR(l->signatures[1].title, "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH");
            CHECK_INT(l->n_columns, 9);
            cks_layout_free(l);
        }
        free(crlf);
    }
    free(orig);

    shipped(CKS_FORM_CHECKLIST, path, sizeof path);
    orig = read_whole(path);
    CHECK(orig != NULL);
    if (!orig)
        return;
    t = replace_once(orig, "width = 48", "width = 81");
    expect_refused("checklist width 81", CKS_FORM_CHECKLIST, t, CKS_E_LAYOUT,
                   line_of(t, "width = 81"), "column2:width", NULL, 1);
    free(t);
    t = replace_once(orig, "orientation = portrait", "orientation = Portrait");
    expect_refused("checklist Portrait", CKS_FORM_CHECKLIST, t, CKS_E_LAYOUT,
                   line_of(t, "orientation"), "form:orientation", NULL, 1);
    free(t);
    free(orig);
}

/* ------------------------------------------------------------ 3. numbering */

static void test_column_numbering(void)
{
    const char *t;
    cks_layout *l;

    t = MIN_FORM "[column3]\nheader = C\nfield = org\nwidth = 30\n"
                 "[column1]\nheader = A\nfield = index\nwidth = 4\n";
    l = expect_loads("gaps", CKS_FORM_MAU04, t);
    if (l) {
        CHECK_INT(l->n_columns, 2);
        CHECK_STR(l->columns[0].header, "A");
        CHECK_INT(l->columns[0].field, CKS_COL_INDEX);
        CHECK_INT(l->columns[0].width, 4);
        CHECK_STR(l->columns[1].header, "C");
        CHECK_INT(l->columns[1].field, CKS_COL_ORG);
        CHECK_INT(l->columns[1].width, 30);
        cks_layout_free(l);
    }

    t = MIN_FORM MIN_COL1 "[column30]\nheader = Z\nfield = note\nwidth = 8\n";
    l = expect_loads("column30", CKS_FORM_MAU04, t);
    if (l) {
        CHECK_INT(l->n_columns, 2);
        CHECK_STR(l->columns[1].header, "Z");
        cks_layout_free(l);
    }
    t = MIN_FORM MIN_COL1 "[column31]\nheader = Z\nfield = note\nwidth = 8\n";
    expect_refused("column31", CKS_FORM_MAU04, t, CKS_E_LAYOUT, line_of(t, "[column31]"),
                   "column31", NULL, 1);
    t = MIN_FORM MIN_COL1 "[column0]\nheader = Z\nfield = note\nwidth = 8\n";
    expect_refused("column0", CKS_FORM_MAU04, t, CKS_E_LAYOUT, line_of(t, "[column0]"),
                   "column0", NULL, 1);
    t = MIN_FORM MIN_COL1 "[column02]\nheader = Z\nfield = note\nwidth = 8\n";
    expect_refused("column02", CKS_FORM_MAU04, t, CKS_E_LAYOUT, line_of(t, "[column02]"),
                   "column02", NULL, 1);

    /* the names of sections and keys are read in any case */
    t = "[Form]\nFILE = a\nTitle = T\n[COLUMN1]\nHeader = A\nField = index\nWIDTH = 5\n";
    l = expect_loads("case", CKS_FORM_MAU04, t);
    if (l) {
        CHECK_INT(l->n_columns, 1);
        cks_layout_free(l);
    }

    /* intro and notes lines with gaps close up too */
    t = MIN_FORM MIN_COL1 "[intro]\nline5 = năm\nline2 = hai\n[notes]\nline20 = z\n";
    l = expect_loads("lines", CKS_FORM_MAU04, t);
    if (l) {
        CHECK_INT(l->n_intro, 2);
        CHECK_STR(l->intro[0], "hai");
        CHECK_STR(l->intro[1], "năm");
        CHECK_INT(l->n_notes, 1);
        CHECK_STR(l->notes[0], "z");
        cks_layout_free(l);
    }
    /* only [signature2]: one block */
    t = MIN_FORM MIN_COL1 "[signature2]\ntitle = B\n";
    l = expect_loads("signature2 only", CKS_FORM_MAU04, t);
    if (l) {
        CHECK_INT(l->n_signatures, 1);
        CHECK_STR(l->signatures[0].title, "B");
        cks_layout_free(l);
    }
}

/* ------------------------------------------------------------ 4. expand */

static void test_expand(void)
{
    cks_vars v;
    char *r;
    memset(&v, 0, sizeof v);
    v.v[CKS_VAR_AGENCY] = "UBND phường Cẩm Thành";
    v.v[CKS_VAR_AGENCY_UP] = "UBND PHƯỜNG CẨM THÀNH";
    v.v[CKS_VAR_CUC] = "Cục Chứng thực số";
    v.v[CKS_VAR_COUNT] = "12";

    r = cks_layout_expand("Kính gửi: {cuc}", &v);
    CHECK_STR(r, "Kính gửi: Cục Chứng thực số");
    free(r);
    r = cks_layout_expand("{agency} / {AGENCY}: {count} chứng thư", &v);
    CHECK_STR(r, "UBND phường Cẩm Thành / UBND PHƯỜNG CẨM THÀNH: 12 chứng thư");
    free(r);
    /* unknown braces stay as they are */
    r = cks_layout_expand("{foo} {} }{ {agency {Agency} {{count}}", &v);
    CHECK_STR(r, "{foo} {} }{ {agency {Agency} {12}");
    free(r);
    /* a value is not expanded again */
    v.v[CKS_VAR_PLACE] = "{count} {agency}";
    r = cks_layout_expand("{place}", &v);
    CHECK_STR(r, "{count} {agency}");
    free(r);
    r = cks_layout_expand("tail {", &v);
    CHECK_STR(r, "tail {");
    free(r);
    r = cks_layout_expand("", &v);
    CHECK_STR(r, "");
    free(r);
    /* NULL value, NULL vars: "" */
    r = cks_layout_expand("[{deadline}]", &v);
    CHECK_STR(r, "[]");
    free(r);
    r = cks_layout_expand("[{cuc}{count}]", NULL);
    CHECK_STR(r, "[]");
    free(r);

    /* every placeholder by name */
    {
        char vals[CKS_VAR_COUNT_][16], text[1024], want[1024];
        size_t ut = 0, uw = 0;
        cks_vars all;
        for (int i = 0; i < CKS_VAR_COUNT_; i++) {
            snprintf(vals[i], sizeof vals[i], "<%d>", i);
            all.v[i] = vals[i];
            ut += (size_t)snprintf(text + ut, sizeof text - ut, "{%s}.",
                                   cks_layout_var_name((cks_var)i));
            uw += (size_t)snprintf(want + uw, sizeof want - uw, "<%d>.", i);
        }
        r = cks_layout_expand(text, &all);
        CHECK_STR(r, want);
        free(r);
    }

    /* a long value, many times */
    {
        size_t n = 5000, times = 40;
        char *big = malloc(n + 1), *want, *text;
        memset(big, 'x', n);
        big[n] = '\0';
        big[0] = 'A';
        big[n - 1] = 'Z';
        v.v[CKS_VAR_TOKENS] = big;
        text = malloc(times * 9 + 1);
        want = malloc(times * (n + 1) + 1);
        text[0] = want[0] = '\0';
        for (size_t i = 0; i < times; i++) {
            strcat(text, "{tokens};");
            strcat(want, big);
            strcat(want, ";");
        }
        r = cks_layout_expand(text, &v);
        CHECK(r != NULL);
        if (r) {
            CHECK_INT(strlen(r), times * (n + 1));
            CHECK(strcmp(r, want) == 0);
        }
        free(r);
        free(text);
        free(want);
        free(big);
        v.v[CKS_VAR_TOKENS] = NULL;
    }
    /* many short placeholders: the result grows past the first guess */
    {
        size_t times = 2000;
        char *text = malloc(times * 7 + 1), *p = text;
        for (size_t i = 0; i < times; i++, p += 7)
            memcpy(p, "{count}", 7);
        *p = '\0';
        v.v[CKS_VAR_COUNT] = "123456789";
        r = cks_layout_expand(text, &v);
        CHECK(r != NULL);
        if (r) {
            CHECK_INT(strlen(r), times * 9);
            CHECK(strncmp(r, "123456789123456789", 18) == 0);
            CHECK(strcmp(r + strlen(r) - 9, "123456789") == 0);
        }
        free(r);
        free(text);
    }

    /* with a shipped layout's text */
    {
        cks_layout *l = load_shipped(CKS_FORM_MAU05);
        if (l) {
            v.v[CKS_VAR_CUC] = "Cục Chứng thực số và Bảo mật thông tin";
            r = cks_layout_expand(l->recipient, &v);
            CHECK_STR(r, "Kính gửi: Cục Chứng thực số và Bảo mật thông tin");
            free(r);
            v.v[CKS_VAR_UNIT_UP] = "PHƯỜNG CẨM THÀNH";
            r = cks_layout_expand(l->agency, &v);
            CHECK_STR(r, "ỦY BAN NHÂN DÂN\nPHƯỜNG CẨM THÀNH");
            free(r);
            cks_layout_free(l);
        }
    }
    CHECK_STR(cks_layout_var_name(CKS_VAR_AGENCY), "agency");
    CHECK_STR(cks_layout_var_name(CKS_VAR_COLLECT_DEADLINE), "collect_deadline");
    CHECK_STR(cks_layout_var_name(CKS_VAR_COUNT_), "");
    CHECK_STR(cks_form_key(CKS_FORM_CHECKLIST), "checklist");
    CHECK_STR(cks_col_key(CKS_COL_TOKEN_SERIAL), "token_serial");
    CHECK_STR(cks_col_key(CKS_COL_COUNT_), "");
}

/* ------------------------------------------------------------ 5. find */

static void test_find(void)
{
    char cfg[512], dir[700], user04[800], got[2048], want[2048];
    cks_error e;

    snprintf(cfg, sizeof cfg, "%s/cfg", tmpdir);
    make_dir(cfg);
    snprintf(dir, sizeof dir, "%s/cks-sapnhap", cfg);
    make_dir(dir);
    snprintf(dir, sizeof dir, "%s/cks-sapnhap/forms", cfg);
    make_dir(dir);
    snprintf(user04, sizeof user04, "%s/mau04.ini", dir);
    write_path(user04, "x", 1);

    set_xdg(cfg);
    CHECK_INT(cks_layout_find(CKS_FORM_MAU04, datadir, got, sizeof got, &e), CKS_E_OK);
    CHECK_STR(got, user04);
    CHECK_INT(cks_layout_find(CKS_FORM_MAU05, datadir, got, sizeof got, &e), CKS_E_OK);
    shipped(CKS_FORM_MAU05, want, sizeof want);
    CHECK_STR(got, want);
    CHECK_INT(cks_layout_find(CKS_FORM_CHECKLIST, datadir, got, sizeof got, &e), CKS_E_OK);
    shipped(CKS_FORM_CHECKLIST, want, sizeof want);
    CHECK_STR(got, want);
    /* too small a buffer */
    CHECK(cks_layout_find(CKS_FORM_MAU05, datadir, got, 8, &e) != CKS_E_OK);
    restore_xdg();

    /* without XDG_CONFIG_HOME: ~/.config */
    {
        char home[512], saved_home[1024], p[1024];
        const char *h = getenv("HOME");
        int had_home = h != NULL;
        snprintf(saved_home, sizeof saved_home, "%s", h ? h : "");
        snprintf(home, sizeof home, "%s/home", tmpdir);
        make_dir(home);
        snprintf(p, sizeof p, "%s/.config", home);
        make_dir(p);
        snprintf(p, sizeof p, "%s/.config/cks-sapnhap", home);
        make_dir(p);
        snprintf(p, sizeof p, "%s/.config/cks-sapnhap/forms", home);
        make_dir(p);
        snprintf(p, sizeof p, "%s/.config/cks-sapnhap/forms/mau08.ini", home);
        write_path(p, "x", 1);
        set_xdg("");
        unsetenv("XDG_CONFIG_HOME");
        setenv("HOME", home, 1);
        CHECK_INT(cks_layout_find(CKS_FORM_MAU08, datadir, got, sizeof got, &e), CKS_E_OK);
        CHECK_STR(got, p);
        CHECK_INT(cks_layout_find(CKS_FORM_MAU04, datadir, got, sizeof got, &e), CKS_E_OK);
        shipped(CKS_FORM_MAU04, want, sizeof want);
        CHECK_STR(got, want);
        if (had_home)
            setenv("HOME", saved_home, 1);
        else
            unsetenv("HOME");
        restore_xdg();
    }
}

/* ------------------------------------------------------------ 6. load_all */

static void copy_forms(const char *to_datadir)
{
    char p[1200], q[1200];
    snprintf(p, sizeof p, "%s/forms", to_datadir);
    make_dir(to_datadir);
    make_dir(p);
    for (int f = 0; f < CKS_FORM_COUNT_; f++) {
        char *text;
        shipped((cks_form)f, p, sizeof p);
        text = read_whole(p);
        CHECK(text != NULL);
        if (!text)
            continue;
        snprintf(q, sizeof q, "%s/forms/%s.ini", to_datadir, cks_form_key((cks_form)f));
        write_path(q, text, strlen(text));
        free(text);
    }
}

static void free_all(cks_layout *ls[CKS_FORM_COUNT_])
{
    for (int f = 0; f < CKS_FORM_COUNT_; f++) {
        cks_layout_free(ls[f]);
        ls[f] = NULL;
    }
}

static void test_load_all(void)
{
    char empty_cfg[512], dd[512], p[1200];
    cks_layout *ls[CKS_FORM_COUNT_];
    cks_diags d = CKS_DIAGS_INIT;
    cks_error e;
    cks_err rc;

    snprintf(empty_cfg, sizeof empty_cfg, "%s/emptycfg", tmpdir);
    make_dir(empty_cfg);
    set_xdg(empty_cfg);

    rc = cks_layout_load_all(datadir, ls, &d, &e);
    CHECK_INT(rc, CKS_E_OK);
    CHECK_INT(d.count, 0);
    for (int f = 0; f < CKS_FORM_COUNT_; f++) {
        CHECK(ls[f] != NULL);
        if (ls[f]) {
            CHECK_INT(ls[f]->form, f);
            shipped((cks_form)f, p, sizeof p);
            CHECK_STR(ls[f]->path, p);
        }
    }
    free_all(ls);
    cks_diags_free(&d);

    /* one broken file: none is loaded, the error names that file */
    snprintf(dd, sizeof dd, "%s/data1", tmpdir);
    copy_forms(dd);
    snprintf(p, sizeof p, "%s/forms/mau08.ini", dd);
    {
        char *text = read_whole(p), *bad;
        CHECK(text != NULL);
        if (text) {
            bad = replace_once(text, "field = device", "field = devise");
            write_path(p, bad, strlen(bad));
            rc = cks_layout_load_all(dd, ls, &d, &e);
            CHECK_INT(rc, CKS_E_LAYOUT);
            for (int f = 0; f < CKS_FORM_COUNT_; f++)
                CHECK(ls[f] == NULL);
            CHECK_STR(e.file, p);
            CHECK_INT(e.line, line_of(bad, "field = devise"));
            CHECK_STR(e.field, "column5:field");
            CHECK_INT(d.count, 1);
            if (d.count)
                CHECK_STR(d.items[0].file, p);
            free_all(ls);
            cks_diags_free(&d);
            free(bad);
            free(text);
        }
    }
    /* two broken files: every problem of both in diags, err the first form's */
    {
        char p4[1200];
        snprintf(p4, sizeof p4, "%s/forms/checklist.ini", dd);
        char *text = read_whole(p4), *bad;
        CHECK(text != NULL);
        if (text) {
            bad = replace_once(text, "width = 6", "width = 1");
            write_path(p4, bad, strlen(bad));
            rc = cks_layout_load_all(dd, ls, &d, &e);
            CHECK(rc != CKS_E_OK);
            for (int f = 0; f < CKS_FORM_COUNT_; f++)
                CHECK(ls[f] == NULL);
            CHECK_STR(e.file, p);
            CHECK_INT(d.count, 2);
            if (d.count == 2) {
                CHECK_STR(d.items[0].file, p);
                CHECK_STR(d.items[1].file, p4);
                CHECK_INT(d.items[1].line, line_of(bad, "width = 1\n"));
                CHECK_STR(d.items[1].field, "column5:width");
            }
            free_all(ls);
            cks_diags_free(&d);
            free(bad);
            free(text);
        }
    }
    /* a missing file: refused, named */
    {
        char dd2[512], gone[1200];
        snprintf(dd2, sizeof dd2, "%s/data2", tmpdir);
        copy_forms(dd2);
        snprintf(gone, sizeof gone, "%s/forms/mau05.ini", dd2);
        unlink(gone);
        rc = cks_layout_load_all(dd2, ls, &d, &e);
        CHECK_INT(rc, CKS_E_IO);
        for (int f = 0; f < CKS_FORM_COUNT_; f++)
            CHECK(ls[f] == NULL);
        CHECK_STR(e.file, gone);
        free_all(ls);
        cks_diags_free(&d);
    }
    restore_xdg();

    /* the user's layout wins over the data folder's, in load_all too */
    {
        char cfg[512], p2[1200], ref[1200];
        char *text, *mine;
        snprintf(cfg, sizeof cfg, "%s/cfg2", tmpdir);
        make_dir(cfg);
        snprintf(p2, sizeof p2, "%s/cks-sapnhap", cfg);
        make_dir(p2);
        snprintf(p2, sizeof p2, "%s/cks-sapnhap/forms", cfg);
        make_dir(p2);
        snprintf(p2, sizeof p2, "%s/cks-sapnhap/forms/mau04.ini", cfg);
        shipped(CKS_FORM_MAU04, ref, sizeof ref);
        text = read_whole(ref);
        CHECK(text != NULL);
        if (text) {
            mine = replace_once(text, "file = mau04-thay-doi", "file = mau04-tinh-sua");
            write_path(p2, mine, strlen(mine));
            set_xdg(cfg);
            rc = cks_layout_load_all(datadir, ls, &d, &e);
            CHECK_INT(rc, CKS_E_OK);
            if (ls[CKS_FORM_MAU04]) {
                CHECK_STR(ls[CKS_FORM_MAU04]->file, "mau04-tinh-sua");
                CHECK_STR(ls[CKS_FORM_MAU04]->path, p2);
            }
            if (ls[CKS_FORM_MAU05])
                CHECK_STR(ls[CKS_FORM_MAU05]->file, "mau05-thu-hoi");
            free_all(ls);
            cks_diags_free(&d);
            /* and a broken user file is named */
            free(mine);
            mine = replace_once(text, "orientation = landscape", "orientation = ngang");
            write_path(p2, mine, strlen(mine));
            rc = cks_layout_load_all(datadir, ls, &d, &e);
            CHECK_INT(rc, CKS_E_LAYOUT);
            CHECK_STR(e.file, p2);
            CHECK_STR(e.field, "form:orientation");
            CHECK_INT(e.line, line_of(mine, "orientation = ngang"));
            CHECK(ls[CKS_FORM_MAU05] == NULL);
            free_all(ls);
            cks_diags_free(&d);
            restore_xdg();
            free(mine);
            free(text);
        }
    }
}

/* ------------------------------------------------------------ 7. ini */

static cks_ini *read_ini(const char *text)
{
    cks_ini *ini = NULL;
    cks_error e;
    write_tmp("r.ini", text, last_path, sizeof last_path);
    CHECK_INT(cks_ini_read(last_path, &ini, &e), CKS_E_OK);
    CHECK(ini != NULL);
    return ini;
}

static void test_ini_values(void)
{
    int v = -1;
    bool b;

    CHECK(cks_ini_int("010", 0, 100, &v));
    CHECK_INT(v, 10);
    CHECK(cks_ini_int("08", 0, 100, &v));
    CHECK_INT(v, 8);
    CHECK(cks_ini_int("+5", 0, 100, &v));
    CHECK_INT(v, 5);
    CHECK(cks_ini_int("-5", -10, 100, &v));
    CHECK_INT(v, -5);
    CHECK(cks_ini_int("3", 3, 80, &v) && v == 3);
    CHECK(cks_ini_int("80", 3, 80, &v) && v == 80);
    v = 77;
    CHECK(!cks_ini_int("0x10", 0, 100, &v));
    CHECK(!cks_ini_int("5.0", 0, 100, &v));
    CHECK(!cks_ini_int(" 5", 0, 100, &v));
    CHECK(!cks_ini_int("5 ", 0, 100, &v));
    CHECK(!cks_ini_int("", 0, 100, &v));
    CHECK(!cks_ini_int("+", 0, 100, &v));
    CHECK(!cks_ini_int("2", 3, 80, &v));
    CHECK(!cks_ini_int("81", 3, 80, &v));
    CHECK(!cks_ini_int("-5", 0, 100, &v));
    CHECK(!cks_ini_int("2147483648", 0, 2147483647, &v));
    CHECK(!cks_ini_int("99999999999999999999", 0, 2147483647, &v));
    CHECK(!cks_ini_int("1e2", 0, 1000, &v));
    CHECK_INT(v, 77); /* untouched on failure */

    static const char *const yes[] = {"yes", "YES", "True", "on", "On", "1"};
    static const char *const no[] = {"no", "NO", "false", "FaLsE", "off", "0"};
    static const char *const neither[] = {"", "y", "n", "yess", "of", "2", "oui", " yes",
                                          "yes ", "truee", "10"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        b = false;
        CHECK(cks_ini_bool(yes[i], &b));
        CHECK(b);
        b = true;
        CHECK(cks_ini_bool(no[i], &b));
        CHECK(!b);
    }
    for (size_t i = 0; i < sizeof neither / sizeof neither[0]; i++) {
        b = true;
        CHECK(!cks_ini_bool(neither[i], &b));
        CHECK(b);
    }
}

static void test_ini_reader(void)
{
    cks_ini *ini;
    const cks_ini_item *it;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error e;

    ini = read_ini("# c\n"                        /* 1 */
                   "[A]\n"                        /* 2 */
                   "Quoted = \"x; y # z\"\n"      /* 3 */
                   "plain = x ; comment\n"        /* 4 */
                   "cont = abc \\\n"              /* 5 */
                   "  def\n"                      /* 6 */
                   "after = 1\n"                  /* 7 */
                   "empty =\n"                    /* 8 */
                   "[b]\n"                        /* 9 */
                   "k = Tiếng Việt\n");           /* 10 */
    if (ini) {
        CHECK_STR(cks_ini_path(ini), last_path);
        it = cks_ini_find(ini, "a", "quoted");
        CHECK(it != NULL);
        if (it) {
            CHECK_STR(it->value, "x; y # z");
            CHECK_INT(it->line, 3);
        }
        it = cks_ini_find(ini, "a", "plain");
        CHECK(it && it->value && strcmp(it->value, "x") == 0);
        it = cks_ini_find(ini, "a", "cont");
        CHECK(it != NULL);
        if (it) {
            CHECK_INT(it->line, 5);
            CHECK(it->value != NULL);
            if (it->value) {
                CHECK(strncmp(it->value, "abc", 3) == 0);
                CHECK(strlen(it->value) >= 6 &&
                      strcmp(it->value + strlen(it->value) - 3, "def") == 0);
                CHECK(strchr(it->value, '\\') == NULL);
            }
        }
        it = cks_ini_find(ini, "a", "after");
        CHECK(it && it->line == 7 && it->value && strcmp(it->value, "1") == 0);
        it = cks_ini_find(ini, "a", "empty");
        CHECK(it && it->value && it->value[0] == '\0');
        it = cks_ini_find(ini, "b", "k");
        CHECK(it && it->line == 10 && it->value && strcmp(it->value, "Tiếng Việt") == 0);
        CHECK(cks_ini_find(ini, "b", "quoted") == NULL);
        CHECK(cks_ini_find(ini, "a", "nothing") == NULL);
        /* items in the order of the lines: sections too */
        CHECK(cks_ini_count(ini) >= 8);
        it = cks_ini_at(ini, 0);
        CHECK(it && it->key == NULL && strcmp(it->section, "a") == 0 && it->line == 2);
        CHECK(cks_ini_at(ini, cks_ini_count(ini)) == NULL);
        CHECK(!cks_ini_has_problems(ini));
        CHECK_INT(cks_ini_finish(ini, &d, &e), CKS_E_OK);
        CHECK_INT(d.count, 0);
        cks_ini_free(ini);
    }

    /* the caller's problems and the file's, sorted by line */
    ini = read_ini("[a]\nk = 1\nk = 2\nnot a setting\n");
    if (ini) {
        it = cks_ini_find(ini, "a", "k");
        CHECK(it && it->line == 3 && it->value && strcmp(it->value, "2") == 0);
        CHECK(cks_ini_at(ini, 1) && cks_ini_at(ini, 1)->superseded);
        CHECK(cks_ini_has_problems(ini));
        cks_ini_problem(ini, CKS_E_LAYOUT, 2, "a:k", "mine %d", 7);
        cks_ini_problem(ini, CKS_E_LAYOUT, 0, NULL, "whole file");
        CHECK_INT(cks_ini_finish(ini, &d, &e), CKS_E_LAYOUT);
        CHECK_INT(d.count, 4);
        if (d.count == 4) {
            CHECK_INT(d.items[0].line, 0);
            CHECK_STR(d.items[0].msg, "whole file");
            CHECK_INT(d.items[1].line, 2);
            CHECK_STR(d.items[1].msg, "mine 7");
            CHECK_INT(d.items[2].line, 3);
            CHECK_INT(d.items[2].code, CKS_E_CONFIG_KEY);
            CHECK(strstr(d.items[2].msg, "line 2") != NULL);
            CHECK_INT(d.items[3].line, 4);
            CHECK_INT(d.items[3].code, CKS_E_CONFIG_SYNTAX);
        }
        CHECK_STR(e.msg, "whole file");
        CHECK_STR(e.file, last_path);
        cks_diags_free(&d);
        cks_ini_free(ini);
    }

    /* a last line ending with "\" */
    ini = read_ini("[a]\nk = 1\nm = 2 \\");
    if (ini) {
        CHECK_INT(cks_ini_finish(ini, &d, &e), CKS_E_CONFIG_SYNTAX);
        CHECK_INT(e.line, 3);
        CHECK_INT(d.count, 1);
        it = cks_ini_find(ini, "a", "k");
        CHECK(it && it->value && strcmp(it->value, "1") == 0);
        cks_diags_free(&d);
        cks_ini_free(ini);
    }
    ini = read_ini("[a]\nk = 1 \\\n  \\\n");
    if (ini) {
        CHECK_INT(cks_ini_finish(ini, &d, &e), CKS_E_CONFIG_SYNTAX);
        CHECK_INT(e.line, 2);
        cks_diags_free(&d);
        cks_ini_free(ini);
    }
    /* a line longer than iniparser's buffer is refused, not cut */
    {
        char big[1300];
        memcpy(big, "[a]\nk = ", 8);
        memset(big + 8, 'x', 1100);
        memcpy(big + 1108, "\nm = 2\n", 8);
        ini = read_ini(big);
        if (ini) {
            CHECK(cks_ini_finish(ini, &d, &e) != CKS_E_OK);
            CHECK_INT(e.line, 2);
            CHECK_STR(e.field, "a:k");
            it = cks_ini_find(ini, "a", "m");
            CHECK(it && it->line == 3 && it->value && strcmp(it->value, "2") == 0);
            cks_diags_free(&d);
            cks_ini_free(ini);
        }
    }
    /* no file name */
    {
        cks_ini *none = (cks_ini *)1;
        CHECK(cks_ini_read("", &none, &e) != CKS_E_OK);
        CHECK(none == NULL);
    }
}

/* ------------------------------------------------------------ 8. sheet_lines */

static void test_sheet_lines(void)
{
    static const char *const para =
        "Thực hiện hướng dẫn của Sở Khoa học và Công nghệ về quản lý, sử dụng chữ ký số "
        "trong giai đoạn sắp xếp tổ chức bộ máy, Ủy ban nhân dân phường Cẩm Thành đề nghị "
        "thay đổi nội dung thông tin của 12 chứng thư chữ ký số sau đây cho phù hợp với tổ "
        "chức mới.";
    static const char *const texts[] = {
        "",
        "STT",
        "Nguyễn Văn A",
        "540110000000A1B2C3D4E5F60718293A4B5C6D7E",
        "Cơ quan, tổ chức sáp nhập (Điều 17 Nghị định số 68/2024/NĐ-CP)",
        "a b c d e f g h i j k l m n o p q r s t u v w x y z",
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
        "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW WWW W",
        "x AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA y zz AAAAAAAAAAAAAAAAAAAAAA",
        "một hai ba bốn năm sáu bảy tám chín mười một hai ba bốn năm sáu bảy tám chín",
        "  leading and  double  spaces  ",
        "□ □ □ – – — “ngoặc” …",
        para,
    };

    CHECK_INT(cks_sheet_lines("", 10, 12, false), 1);
    CHECK_INT(cks_sheet_lines(NULL, 10, 12, false), 1);
    CHECK_INT(cks_sheet_lines("STT", 5, 12, false), 1);
    CHECK_INT(cks_sheet_lines("Ghi chú", 20, 12, true), 1);
    CHECK(cks_sheet_lines("A\nB", 40, 12, false) >= 2);
    CHECK_INT(cks_sheet_lines("A\nB\nC", 40, 12, false), 3);
    CHECK(cks_sheet_lines("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", 60, 13, true) >= 2);
    CHECK(cks_sheet_lines("540110000000A1B2C3D4E5F60718293A4B5C6D7E", 10, 12, false) > 1);
    CHECK(cks_sheet_lines("540110000000A1B2C3D4E5F60718293A4B5C6D7E", 10, 12, false) <= 10);
    CHECK(cks_sheet_lines(para, 20, 12, false) > cks_sheet_lines(para, 60, 12, false));
    CHECK(cks_sheet_lines(para, 60, 12, false) >= 2);
    CHECK(cks_sheet_lines(para, 80, 12, true) >= cks_sheet_lines(para, 80, 12, false));
    CHECK(cks_sheet_lines(para, 40, 14, false) >= cks_sheet_lines(para, 40, 12, false));

    /* a narrower column never gives fewer lines */
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        int bad = 0;
        for (int b = 0; b < 2; b++) {
            for (double w = 3.0; w < 80.0; w += 0.5) {
                int narrow = cks_sheet_lines(texts[t], w, 12, b), wide =
                    cks_sheet_lines(texts[t], w + 0.5, 12, b);
                CHECK(narrow >= 1);
                if (narrow < wide && bad++ == 0) {
                    CHECK(narrow >= wide);
                    fprintf(stderr, "  text %zu: width %.1f gives %d lines, %.1f gives %d\n",
                            t, w, narrow, w + 0.5, wide);
                }
            }
        }
    }
}

/* ------------------------------------------------------------ 9. dates */

static void test_workdays(void)
{
    cks_date sun = {2025, 6, 15}, fri = {2025, 6, 20}, r;
    char buf[16];

    CHECK_INT(cks_date_weekday(sun), 0);
    CHECK_INT(cks_date_weekday(fri), 5);
    CHECK_INT(cks_date_weekday((cks_date){2025, 7, 1}), 2);
    CHECK_INT(cks_date_weekday((cks_date){2000, 1, 1}), 6);
    CHECK_INT(cks_date_weekday((cks_date){2024, 2, 29}), 4);

    r = cks_date_add_workdays(sun, 5);
    CHECK_STR(cks_date_iso(r, buf, sizeof buf), "2025-06-20");
    r = cks_date_add_workdays(fri, 1);
    CHECK_STR(cks_date_iso(r, buf, sizeof buf), "2025-06-23");
    r = cks_date_add_workdays((cks_date){2025, 6, 21}, 1); /* Saturday */
    CHECK_STR(cks_date_iso(r, buf, sizeof buf), "2025-06-23");
    r = cks_date_add_workdays((cks_date){2025, 6, 23}, 5); /* Monday: a week */
    CHECK_STR(cks_date_iso(r, buf, sizeof buf), "2025-06-30");
    r = cks_date_add_workdays((cks_date){2025, 6, 27}, 3); /* across a month */
    CHECK_STR(cks_date_iso(r, buf, sizeof buf), "2025-07-02");
    r = cks_date_add_workdays((cks_date){2025, 12, 31}, 3); /* across a year */
    CHECK_STR(cks_date_iso(r, buf, sizeof buf), "2026-01-05");
    r = cks_date_add_workdays((cks_date){2024, 2, 28}, 1); /* leap day */
    CHECK_STR(cks_date_iso(r, buf, sizeof buf), "2024-02-29");
    r = cks_date_add_workdays((cks_date){2025, 7, 1}, 0);
    CHECK_STR(cks_date_iso(r, buf, sizeof buf), "2025-07-01");
    r = cks_date_add_workdays((cks_date){2025, 7, 1}, 20);
    CHECK_STR(cks_date_iso(r, buf, sizeof buf), "2025-07-29");
    /* never a weekend, always n working days */
    for (int n = 1; n <= 30; n++) {
        r = cks_date_add_workdays(sun, n);
        int wd = cks_date_weekday(r);
        CHECK(wd >= 1 && wd <= 5);
    }
}

/* ------------------------------------------------------------ 10. upper */

static void test_upper(void)
{
    cks_error e;
    char *s;

    s = cks_text_upper("phường Cẩm Thành", &e);
    CHECK_STR(s, "PHƯỜNG CẨM THÀNH");
    free(s);
    s = cks_text_upper("đ", &e);
    CHECK_STR(s, "Đ");
    free(s);
    s = cks_text_upper("xã Đắk Pxi", &e);
    CHECK_STR(s, "XÃ ĐẮK PXI");
    free(s);
    s = cks_text_upper("Ủy ban nhân dân xã Bình Mỹ, tỉnh Quảng Ngãi", &e);
    CHECK_STR(s, "ỦY BAN NHÂN DÂN XÃ BÌNH MỸ, TỈNH QUẢNG NGÃI");
    free(s);
    /* NFD in, NFC out */
    s = cks_text_upper("qua\xCC\x89ng nga\xCC\x83i", &e);
    CHECK_STR(s, "QU\xE1\xBA\xA2NG NG\xC3\x83I");
    CHECK_STR(s, "QUẢNG NGÃI");
    free(s);
    s = cks_text_upper("", &e);
    CHECK_STR(s, "");
    free(s);
    s = cks_text_upper("{UNIT} 123", &e);
    CHECK_STR(s, "{UNIT} 123");
    free(s);
    /* invalid UTF-8 */
    e.code = CKS_E_OK;
    s = cks_text_upper("ph\xff", &e);
    CHECK(s == NULL);
    CHECK_INT(e.code, CKS_E_UTF8);
    free(s);
    s = cks_text_upper("C\xE1\xBA", &e); /* cut sequence */
    CHECK(s == NULL);
    CHECK_INT(e.code, CKS_E_UTF8);
    free(s);
    s = cks_text_upper("\xC0\xAF", NULL); /* overlong, err NULL */
    CHECK(s == NULL);
    free(s);
}

/* ------------------------------------------------------------ 11. slug */

static void slug_case(cks_unit_type type, const char *name, const char *code, const char *want)
{
    cks_unit_ref u;
    char buf[200];
    memset(&u, 0, sizeof u);
    u.type = type;
    snprintf(u.name, sizeof u.name, "%s", name);
    snprintf(u.code, sizeof u.code, "%s", code);
    memset(buf, '#', sizeof buf);
    CHECK(cks_export_slug(&u, buf, sizeof buf) == buf);
    if (want)
        CHECK_STR(buf, want);
    CHECK(buf[0] != '\0');
    CHECK(buf[0] != '-');
    CHECK(buf[strlen(buf) - 1] != '-');
    CHECK(strstr(buf, "--") == NULL);
    for (const char *p = buf; *p; p++)
        CHECK((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-');
}

static void test_slug(void)
{
    slug_case(CKS_UT_PHUONG, "Cẩm Thành", "", "phuong-cam-thanh");
    slug_case(CKS_UT_XA, "Đắk Pxi", "", "xa-dak-pxi");
    slug_case(CKS_UT_THI_TRAN, "Châu Ổ", "", "thi-tran-chau-o");
    slug_case(CKS_UT_DAC_KHU, "Lý Sơn", "", "dac-khu-ly-son");
    slug_case(CKS_UT_XA, "Bình   Mỹ,, (mới) -- 2", "", "xa-binh-my-moi-2");
    slug_case(CKS_UT_NONE, " - Nghĩa Hành! ", "", "nghia-hanh");
    slug_case(CKS_UT_NONE, "Qua\xCC\x89ng Nga\xCC\x83i", "", "quang-ngai");
    slug_case(CKS_UT_XA, "Số 1", "21025", "xa-so-1");
    /* no letters: a fallback, never empty */
    slug_case(CKS_UT_NONE, "—!?", "21025", NULL);
    slug_case(CKS_UT_NONE, "", "", NULL);
    slug_case(CKS_UT_NONE, "…", "", NULL);

    /* a small buffer: cut, never a dash at the end */
    {
        cks_unit_ref u;
        char buf[8];
        memset(&u, 0, sizeof u);
        u.type = CKS_UT_PHUONG;
        snprintf(u.name, sizeof u.name, "Cẩm Thành");
        cks_export_slug(&u, buf, sizeof buf);
        CHECK(strlen(buf) < sizeof buf);
        CHECK(strncmp(buf, "phuong", 6) == 0);
        CHECK(buf[0] && buf[strlen(buf) - 1] != '-');
    }
}

/* ------------------------------------------------------------ main */

static void cleanup(void)
{
    if (tmpdir[0])
        nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
    const char *base = getenv("TMPDIR");
    const char *src = getenv("CKS_SOURCE_DIR");
    char cfg[512];

    CHECK(src != NULL && src[0] != '\0');
    snprintf(datadir, sizeof datadir, "%s/data", src && *src ? src : ".");
    snprintf(tmpdir, sizeof tmpdir, "%s/cks-test-layout-XXXXXX",
             base && base[0] == '/' ? base : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 2;
    }
    /* no user's layout of the machine running the tests may interfere */
    snprintf(cfg, sizeof cfg, "%s/nocfg", tmpdir);
    make_dir(cfg);
    setenv("XDG_CONFIG_HOME", cfg, 1);

    RUN(test_shipped_mau04);
    RUN(test_shipped_mau05);
    RUN(test_shipped_mau08);
    RUN(test_shipped_checklist);
    RUN(test_agency_default_and_minimal);
    RUN(test_unknown_names);
    RUN(test_bad_values);
    RUN(test_bad_required_value_reported_once);
    RUN(test_missing);
    RUN(test_missing_key_lines);
    RUN(test_quotes);
    RUN(test_ini_level_problems);
    RUN(test_edit_shipped);
    RUN(test_column_numbering);
    RUN(test_expand);
    RUN(test_find);
    RUN(test_load_all);
    RUN(test_ini_values);
    RUN(test_ini_reader);
    RUN(test_sheet_lines);
    RUN(test_workdays);
    RUN(test_upper);
    RUN(test_slug);
    cleanup();
    return check_summary();
}

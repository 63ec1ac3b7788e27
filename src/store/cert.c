/* cert.c — the certificate inventory: field validation, CSV import,
 * add/edit/remove, listing and CSV output. */
#include "cks/cert.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cks/csv.h"
#include "cks/i18n.h"
#include "cks/text.h"
#include "store/store_internal.h"

/* ------------------------------------------------------------ words */

typedef struct word {
    int value;
    const char *key;      /* stored */
    const char *aliases;  /* folded, '|'-separated (the key and label included) */
} word;

static const word kind_words[] = {
    {CKS_KIND_ORG, "org", "org|organisation|organization|to chuc|tc"},
    {CKS_KIND_PERSON, "person", "person|ca nhan|cn"},
};
static const word body_words[] = {
    {CKS_BODY_UBND, "ubnd", "ubnd|uy ban nhan dan|ubnd xa|ubnd phuong"},
    {CKS_BODY_HDND, "hdnd", "hdnd|hoi dong nhan dan"},
    {CKS_BODY_PARTY, "party", "party|dang uy|dang|du|dang bo"},
    {CKS_BODY_MTTQ, "mttq", "mttq|mat tran|mat tran to quoc|uy ban mat tran to quoc|ubmttq"},
    {CKS_BODY_OTHER, "other", "other|khac"},
};
static const word status_words[] = {
    {CKS_STATUS_ACTIVE, "active", "active|valid|con hieu luc|hieu luc|dang dung|dang su dung"},
    {CKS_STATUS_EXPIRED, "expired", "expired|het han|het hieu luc"},
    {CKS_STATUS_REVOKED, "revoked", "revoked|da thu hoi|thu hoi"},
    {CKS_STATUS_LOST, "lost", "lost|mat|mat token|mat thiet bi|that lac"},
};
static const word after_words[] = {
    {CKS_AFTER_CONTINUE, "continue", "continue|tiep tuc|tiep tuc cong tac|o lai"},
    {CKS_AFTER_LEAVE, "leave", "leave|nghi|nghi huu|nghi viec|thoi viec|chuyen cong tac|nghi che do"},
    {CKS_AFTER_UNUSED, "unused", "unused|khong dung|khong su dung|khong can"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The value of the word text names in table, or -1. */
static int match_word(const word *table, size_t n, const char *text)
{
    char *f = cks_text_fold(text, NULL);
    int v = -1;
    for (size_t i = 0; f && i < n && v < 0; i++)
        if (cks_text_in_list(table[i].aliases, f))
            v = table[i].value;
    free(f);
    return v;
}

static const char *key_of(const word *table, size_t n, int value)
{
    for (size_t i = 0; i < n; i++)
        if (table[i].value == value)
            return table[i].key;
    return "";
}

const char *cks_kind_key(cks_kind k) { return key_of(kind_words, COUNT(kind_words), (int)k); }
const char *cks_body_key(cks_body b) { return key_of(body_words, COUNT(body_words), (int)b); }
const char *cks_status_key(cks_status s)
{
    return key_of(status_words, COUNT(status_words), (int)s);
}
const char *cks_after_key(cks_after a) { return key_of(after_words, COUNT(after_words), (int)a); }

const char *cks_body_label(cks_body b)
{
    switch (b) {
    case CKS_BODY_UBND: return "UBND";
    case CKS_BODY_HDND: return "HĐND";
    case CKS_BODY_PARTY: return _("Party committee");
    case CKS_BODY_MTTQ: return "MTTQ";
    default: return _("other body");
    }
}

const char *cks_kind_label(cks_kind k)
{
    return k == CKS_KIND_ORG ? _("organisation") : _("person");
}

const char *cks_status_label(cks_status s)
{
    switch (s) {
    case CKS_STATUS_EXPIRED: return _("expired");
    case CKS_STATUS_REVOKED: return _("revoked");
    case CKS_STATUS_LOST: return _("lost");
    default: return _("valid");
    }
}

const char *cks_after_label(cks_after a)
{
    switch (a) {
    case CKS_AFTER_CONTINUE: return _("continues");
    case CKS_AFTER_LEAVE: return _("leaves");
    case CKS_AFTER_UNUSED: return _("no longer needed");
    default: return "";
    }
}

char *cks_body_org_name(cks_body b, const cks_unit_ref *unit, char *buf, size_t n)
{
    /* the organisation names are Vietnamese whatever the program's language:
     * they go on forms to Vietnamese offices */
    static const char *const prefix[] = {"UBND", "HĐND", "Đảng ủy", "Ủy ban MTTQ Việt Nam", ""};
    const char *p = b < CKS_BODY_COUNT_ ? prefix[b] : "";
    snprintf(buf, n, "%s%s%s%s%s", p, p[0] ? " " : "", cks_unit_type_lower(unit->type),
             unit->type ? " " : "", unit->name);
    return buf;
}

/* ------------------------------------------------------------ fields */

typedef struct field_def {
    const char *name;
    const char *aliases; /* normalised headers: folded, letters and digits only */
    int required;
} field_def;

static const field_def fields[CKS_F_COUNT_] = {
    [CKS_F_UNIT] = {"unit", "unit|donvi|donvicu|madonvi|tendonvi|xaphuong|xaphuongcu", 1},
    [CKS_F_KIND] = {"kind", "kind|loai|loaichungthu|loaicts|type", 1},
    [CKS_F_BODY] = {"body", "body|coquan|tochuc|coquantochuc|khoi", 0},
    [CKS_F_HOLDER] = {"holder", "holder|chuthe|hoten|hovaten|tenchuthe|tentochuc|tenthuebao|chuthuebao|name", 1},
    [CKS_F_POSITION] = {"position", "position|chucvu|chucdanh", 0},
    [CKS_F_ID_NUMBER] = {"id_number", "idnumber|sodinhdanh|sodinhdanhcanhan|cccd|socccd|socancuoc|socancuoccongdan", 0},
    [CKS_F_EMAIL] = {"email", "email|emailcongvu|thudientu|diachiemail", 0},
    [CKS_F_SERIAL] = {"serial", "serial|sohieu|sohieuchungthu|sohieucts|soserialchungthu|serialchungthu|soserial", 1},
    [CKS_F_TOKEN_SERIAL] = {"token_serial", "tokenserial|soserialthietbi|serialthietbi|serialtoken|soserialtoken|sothietbi", 0},
    [CKS_F_VALID_FROM] = {"valid_from", "validfrom|hieuluctu|tungay|ngaybatdau|ngaycap", 0},
    [CKS_F_VALID_TO] = {"valid_to", "validto|hieulucden|denngay|ngayhethan|hethan", 1},
    [CKS_F_STATUS] = {"status", "status|trangthai", 0},
    [CKS_F_AFTER] = {"after", "after|sausapnhap|tinhtrangsausapnhap|sausapxep", 0},
    [CKS_F_NEW_POSITION] = {"new_position", "newposition|chucvumoi|chucdanhmoi", 0},
    [CKS_F_MERGER] = {"merger", "merger|newunit|donvimoi|sapnhap|sapnhapvao|xaphuongmoi", 0},
};

const char *cks_cert_field_name(cks_cert_field f)
{
    return f < CKS_F_COUNT_ ? fields[f].name : "";
}

int cks_cert_field_from_header(const char *header)
{
    char norm[128];
    cks_text_header_key(header, norm, sizeof norm);
    if (!norm[0])
        return -1;
    for (int f = 0; f < CKS_F_COUNT_; f++)
        if (cks_text_in_list(fields[f].aliases, norm))
            return f;
    return -1;
}

/* ------------------------------------------------------------ storage of text */

/* Text is kept in chunked arenas: a list's, or a lone certificate's own.
 * Nothing in an arena is freed before the whole arena, so a struct copy of
 * a certificate (sharing its arena) never sees its text freed under it. */
typedef struct arena_chunk {
    struct arena_chunk *next;
    size_t used, cap;
    char data[];
} arena_chunk;

struct cks_cert_arena {
    arena_chunk *head;
};

struct cks_cert_own {
    struct cks_cert_arena arena;
};

static void *arena_alloc(struct cks_cert_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (!a->head || a->head->cap - a->head->used < n) {
        size_t chunk = a->head ? 256 * 1024 : 1024; /* a lone certificate needs little */
        size_t cap = n > chunk ? n : chunk;
        arena_chunk *c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->next = a->head;
        c->used = 0;
        c->cap = cap;
        a->head = c;
    }
    void *p = a->head->data + a->head->used;
    a->head->used += n;
    return p;
}

static const char *arena_text(struct cks_cert_arena *a, const char *s)
{
    if (!s || !*s)
        return "";
    size_t len = strlen(s) + 1;
    char *p = arena_alloc(a, len);
    if (p)
        memcpy(p, s, len);
    return p;
}

static void arena_release(struct cks_cert_arena *a)
{
    for (arena_chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    a->head = NULL;
}

static void arena_free(struct cks_cert_arena *a)
{
    if (!a)
        return;
    arena_release(a);
    free(a);
}

/* Where set_field puts text: an arena (an import's), or (arena NULL) the
 * certificate's own. */
typedef struct text_sink {
    struct cks_cert_arena *arena;
} text_sink;

static struct cks_cert_arena *arena_of(const text_sink *sink, cks_cert *c)
{
    if (sink->arena)
        return sink->arena;
    if (!c->own)
        c->own = calloc(1, sizeof *c->own);
    return c->own ? &c->own->arena : NULL;
}

/* Store s for c; returns the stored pointer or NULL (no memory). */
static const char *keep_text(const text_sink *sink, cks_cert *c, const char *s)
{
    struct cks_cert_arena *a = arena_of(sink, c);
    return a ? arena_text(a, s) : NULL;
}

void cks_cert_init(cks_cert *c)
{
    memset(c, 0, sizeof *c);
    c->status = CKS_STATUS_ACTIVE;
    c->body = CKS_BODY_UBND;
    c->holder = c->position = c->email = c->token_serial = c->new_position = "";
    c->merger_hint = "";
}

void cks_cert_clear(cks_cert *c)
{
    if (!c)
        return;
    if (c->own) {
        arena_release(&c->own->arena);
        free(c->own);
    }
    cks_cert_init(c);
}

cks_err cks_cert_copy(cks_cert *dst, const cks_cert *src, cks_error *err)
{
    cks_cert c = *src;
    c.own = calloc(1, sizeof *c.own);
    if (!c.own)
        return cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
    struct cks_cert_arena *a = &c.own->arena;
    const char **text[] = {&c.holder, &c.position, &c.email, &c.token_serial,
                           &c.new_position, &c.merger_hint};
    int ok = 1;
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
        ok &= (*text[i] = arena_text(a, *text[i] ? *text[i] : "")) != NULL;
    cks_unit_ref *u = src->unit ? arena_alloc(a, sizeof *u) : NULL;
    cks_unit_ref *nu = src->new_unit ? arena_alloc(a, sizeof *nu) : NULL;
    if ((src->unit && !u) || (src->new_unit && !nu) || !ok) {
        cks_cert_clear(&c);
        return cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
    }
    if (u) {
        *u = *src->unit;
        c.unit = u;
    }
    if (nu) {
        *nu = *src->new_unit;
        c.new_unit = nu;
    }
    *dst = c;
    return CKS_E_OK;
}

int cks_body_parse(const char *text)
{
    return match_word(body_words, COUNT(body_words), text);
}

char *cks_cert_serial_short(const cks_cert *c, int n, char *buf, size_t len)
{
    size_t sl = strlen(c->serial);
    if (n < 2 || sl <= (size_t)n)
        snprintf(buf, len, "%s", c->serial);
    else
        snprintf(buf, len, "\u2026%s", c->serial + sl - (size_t)(n - 1));
    return buf;
}

/* ------------------------------------------------------------ units */

/* The old units of every declared merger, for looking units up. */
typedef struct member_ix {
    long id, merger_id;
    cks_unit_ref unit, new_unit;
    char *key;  /* name identity */
    char *fold; /* search key */
} member_ix;

typedef struct unit_ix {
    member_ix *m;
    size_t n;
} unit_ix;

static void unit_ix_free(unit_ix *ix)
{
    for (size_t i = 0; i < ix->n; i++) {
        free(ix->m[i].key);
        free(ix->m[i].fold);
    }
    free(ix->m);
    ix->m = NULL;
    ix->n = 0;
}

static void col_text(char *dst, size_t n, sqlite3_stmt *st, int col)
{
    const unsigned char *v = sqlite3_column_text(st, col);
    snprintf(dst, n, "%s", v ? (const char *)v : "");
}

static cks_err unit_ix_load(cks_store *s, unit_ix *ix, cks_error *err)
{
    ix->m = NULL;
    ix->n = 0;
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    int rc = sqlite3_prepare_v2(cks_store_db(s),
                                "SELECT b.id, b.merger_id, b.code, b.type, b.name,"
                                " m.new_code, m.new_type, m.new_name"
                                " FROM member b JOIN merger m ON m.id = b.merger_id ORDER BY b.id",
                                -1, &st, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (ix->n == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            member_ix *v = realloc(ix->m, ncap * sizeof *v);
            if (!v) {
                rc = SQLITE_NOMEM;
                break;
            }
            ix->m = v;
            cap = ncap;
        }
        member_ix *m = &ix->m[ix->n++];
        memset(m, 0, sizeof *m);
        m->id = (long)sqlite3_column_int64(st, 0);
        m->merger_id = (long)sqlite3_column_int64(st, 1);
        col_text(m->unit.code, sizeof m->unit.code, st, 2);
        m->unit.type = cks_unit_type_from_key((const char *)sqlite3_column_text(st, 3));
        col_text(m->unit.name, sizeof m->unit.name, st, 4);
        col_text(m->new_unit.code, sizeof m->new_unit.code, st, 5);
        m->new_unit.type = cks_unit_type_from_key((const char *)sqlite3_column_text(st, 6));
        col_text(m->new_unit.name, sizeof m->new_unit.name, st, 7);
        m->key = cks_text_name_key(m->unit.name, NULL);
        m->fold = cks_text_fold(m->unit.name, NULL);
        if (!m->key || !m->fold) {
            rc = SQLITE_NOMEM;
            break;
        }
        rc = SQLITE_OK;
    }
    if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    sqlite3_finalize(st);
    if (rc != SQLITE_OK) {
        unit_ix_free(ix);
        return cks_store_sqlerr(s, rc, "members", err);
    }
    return CKS_E_OK;
}

/* Does hint (the `merger` field: a code or a name) name the new unit u? */
static int names_merger(const char *hint, const cks_unit_ref *u)
{
    if (cks_unit_code_valid(hint))
        return strcmp(hint, u->code) == 0;
    cks_unit_ref want;
    if (cks_unit_parse(hint, false, &want, NULL))
        return 0;
    if (want.code[0] && strcmp(want.code, u->code) != 0)
        return 0;
    return (!want.type || want.type == u->type) && cks_text_same_name(want.name, u->name);
}

static void list_unit(char *list, size_t n, const member_ix *m, int more)
{
    char shown[256];
    size_t l = strlen(list);
    snprintf(list + l, n - l, "%s%s → %s", more ? "; " : "",
             cks_unit_display(&m->unit, shown, sizeof shown), m->new_unit.name);
}

/* Point c at the old unit value names. With copy, c gets its own copies of
 * the unit references (ix is temporary); else it points into ix. */
static cks_err set_unit(const unit_ix *ix, cks_cert *c, const char *value, bool copy,
                        cks_error *err)
{
    const char *field = fields[CKS_F_UNIT].name;
    if (ix->n == 0)
        return cks_error_set(err, CKS_E_INVALID, NULL, 0, field,
                             _("no merger is declared yet; declare the mergers first"));
    cks_unit_ref want;
    cks_err e;
    if (cks_unit_code_valid(value)) {
        memset(&want, 0, sizeof want);
        memcpy(want.code, value, 6);
    } else if ((e = cks_unit_parse(value, false, &want, err)) != CKS_E_OK) {
        if (err)
            snprintf(err->field, sizeof err->field, "%s", field);
        return e;
    }
    char *key = NULL;
    if (want.name[0]) {
        key = cks_text_name_key(want.name, err);
        if (!key)
            return err ? err->code : CKS_E_NOMEM;
    }
    const member_ix *found = NULL;
    int matches = 0, one_code = 1; /* one_code: every match has the same code */
    char list[512] = "";
    for (size_t i = 0; i < ix->n; i++) {
        const member_ix *m = &ix->m[i];
        /* a code with a name must name that unit: "21025:Phường Cẩm Thành" is
         * the new unit, not the old phường Nguyễn Nghiêm that has code 21025 */
        int hit = (!want.code[0] || strcmp(m->unit.code, want.code) == 0) &&
                  (!key || ((!want.type || want.type == m->unit.type) &&
                            strcmp(m->key, key) == 0)) &&
                  (!c->merger_hint[0] || names_merger(c->merger_hint, &m->new_unit));
        if (!hit)
            continue;
        /* the list of candidates is written only for a message (a name
         * matching several): most lookups find exactly one */
        if (matches == 1)
            list_unit(list, sizeof list, found, 0);
        if (matches >= 1)
            list_unit(list, sizeof list, m, 1);
        matches++;
        if (found && strcmp(found->unit.code, m->unit.code) != 0)
            one_code = 0;
        found = m;
    }
    free(key);
    if (matches == 0 && c->merger_hint[0])
        return cks_error_set(err, CKS_E_NOTFOUND, NULL, 0, field,
                             _("'%s' is not an old unit of the merger '%s'"), value,
                             c->merger_hint);
    if (matches == 0)
        return cks_error_set(err, CKS_E_NOTFOUND, NULL, 0, field,
                             _("'%s' is not an old unit of a declared merger"), value);
    if (matches > 1) {
        /* the same old unit in two mergers: it was split between them */
        int split = 1;
        for (size_t i = 0; i < ix->n && split; i++)
            if (&ix->m[i] != found && strcmp(ix->m[i].unit.code, found->unit.code) == 0 &&
                ix->m[i].merger_id == found->merger_id)
                split = 0;
        if (split && found->unit.code[0] && one_code)
            return cks_error_set(err, CKS_E_INVALID, NULL, 0, field,
                                 _("'%s' was split between several new units (%s): say which "
                                   "one the certificate goes with in the column 'merger' "
                                   "(--merger)"),
                                 value, list);
        return cks_error_set(err, CKS_E_INVALID, NULL, 0, field,
                             _("'%s' matches several old units (%s); give the code"), value,
                             list);
    }
    c->member_id = found->id;
    c->merger_id = found->merger_id;
    if (copy) {
        text_sink own = {NULL};
        struct cks_cert_arena *a = arena_of(&own, c);
        cks_unit_ref *u = a ? arena_alloc(a, sizeof *u) : NULL;
        cks_unit_ref *nu = a ? arena_alloc(a, sizeof *nu) : NULL;
        if (!u || !nu)
            return cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
        *u = found->unit;
        *nu = found->new_unit;
        c->unit = u;
        c->new_unit = nu;
    } else {
        c->unit = &found->unit;
        c->new_unit = &found->new_unit;
    }
    return CKS_E_OK;
}

/* ------------------------------------------------------------ validation */

/* Store the clean text value (NFC, one line) for slot; refused when longer
 * than max bytes. */
static cks_err set_text(const text_sink *sink, cks_cert *c, const char **dst,
                        const char *value, size_t max, const char *field, cks_error *err)
{
    if (strlen(value) >= max)
        return cks_error_set(err, CKS_E_TOOLONG, NULL, 0, field,
                             _("longer than %zu bytes"), max - 1);
    const char *kept = keep_text(sink, c, value);
    if (!kept)
        return cks_error_set(err, CKS_E_NOMEM, NULL, 0, field, NULL);
    *dst = kept;
    return CKS_E_OK;
}

static cks_err set_serial(char *dst, const char *value, const char *field, cks_error *err)
{
    char hex[CKS_CERT_SERIAL_MAX];
    size_t k = 0;
    for (const char *p = value; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch == ' ' || ch == ':' || ch == '\t')
            continue; /* as certificate viewers show it: "54 03 0a …" */
        if (!isxdigit(ch))
            return cks_error_set(err, CKS_E_INVALID, NULL, 0, field,
                                 _("'%s' is not hexadecimal (0-9, A-F)"), value);
        if (k + 1 >= sizeof hex)
            return cks_error_set(err, CKS_E_INVALID, NULL, 0, field,
                                 _("'%s' is longer than a certificate serial (at most 40 "
                                   "hexadecimal digits)"),
                                 value);
        hex[k++] = (char)toupper(ch);
    }
    hex[k] = '\0';
    if (k < 8)
        return cks_error_set(err, CKS_E_INVALID, NULL, 0, field,
                             k ? _("'%s' is too short for a certificate serial (at least 8 "
                                   "hexadecimal digits)")
                               : _("the serial is missing%s"),
                             k ? value : "");
    memcpy(dst, hex, k + 1);
    return CKS_E_OK;
}

static int email_ok(const char *e)
{
    const char *at = strchr(e, '@');
    if (!at || at == e || strchr(at + 1, '@'))
        return 0;
    const char *dot = strrchr(at, '.');
    if (!dot || dot == at + 1 || !dot[1] || dot[1] == '.')
        return 0;
    for (const char *p = e; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch <= ' ' || ch >= 0x7F || strchr("(),:;<>[]\\\"", ch))
            return 0;
    }
    return strstr(e, "..") == NULL;
}

static cks_err set_word(int *dst, const word *table, size_t n, const char *value,
                        const char *field, const char *expected, cks_error *err)
{
    int v = match_word(table, n, value);
    if (v < 0)
        return cks_error_set(err, CKS_E_INVALID, NULL, 0, field,
                             _("'%s' is not one of: %s"), value, expected);
    *dst = v;
    return CKS_E_OK;
}

static cks_err set_field_ix(const unit_ix *ix, const text_sink *sink, cks_cert *out,
                            cks_cert_field f, const char *value, cks_error *err)
{
    /* each case changes *out only once its value is known to be good */
    cks_cert *c = out;
    const char *field = cks_cert_field_name(f);
    cks_err e = CKS_E_OK;
    size_t bad;
    int v = 0;
    if (!value)
        value = "";
    if (!cks_text_valid(value, strlen(value), &bad))
        return cks_error_set(err, CKS_E_UTF8, NULL, 0, field,
                             _("the text is not valid UTF-8 (byte %zu); save the file as "
                               "\"CSV UTF-8\""),
                             bad + 1);
    /* an empty optional field clears it */
    char *trimmed = cks_text_clean(value, err);
    if (!trimmed) {
        if (err)
            snprintf(err->field, sizeof err->field, "%s", field);
        return err ? err->code : CKS_E_INVALID;
    }
    int empty = trimmed[0] == '\0';
    switch (f) {
    case CKS_F_UNIT:
        e = empty ? cks_error_set(err, CKS_E_INVALID, NULL, 0, field, _("the unit is missing"))
                  : set_unit(ix, c, trimmed, sink->arena == NULL, err);
        break;
    case CKS_F_KIND:
        if (empty)
            e = cks_error_set(err, CKS_E_INVALID, NULL, 0, field,
                              _("say org (tổ chức) or person (cá nhân)"));
        else if (!(e = set_word(&v, kind_words, COUNT(kind_words), trimmed, field,
                                _("org (tổ chức), person (cá nhân)"), err)))
            c->kind = (cks_kind)v;
        break;
    case CKS_F_BODY:
        if (empty)
            c->body = CKS_BODY_UBND;
        else if (!(e = set_word(&v, body_words, COUNT(body_words), trimmed, field,
                                "UBND, HĐND, Đảng ủy, MTTQ, other (khác)", err)))
            c->body = (cks_body)v;
        break;
    case CKS_F_HOLDER:
        e = empty ? cks_error_set(err, CKS_E_INVALID, NULL, 0, field,
                                  _("the holder (organisation or person) is missing"))
                  : set_text(sink, c, &c->holder, trimmed, CKS_CERT_TEXT_MAX, field,
                             err);
        break;
    case CKS_F_POSITION:
        e = set_text(sink, c, &c->position, trimmed, CKS_CERT_TEXT_MAX, field, err);
        break;
    case CKS_F_NEW_POSITION:
        e = set_text(sink, c, &c->new_position, trimmed, CKS_CERT_TEXT_MAX,
                     field, err);
        break;
    case CKS_F_ID_NUMBER: {
        char digits[16];
        size_t k = 0;
        int ok = 1;
        for (const char *p = trimmed; *p && ok; p++) {
            if (*p == ' ' || *p == '.')
                continue;
            ok = isdigit((unsigned char)*p) && k < 12;
            if (ok)
                digits[k++] = *p;
        }
        digits[k] = '\0';
        if (!empty && (!ok || k != 12))
            e = cks_error_set(err, CKS_E_INVALID, NULL, 0, field,
                              _("'%s' is not a citizen ID number (CCCD: 12 digits)"), trimmed);
        else
            memcpy(c->id_number, digits, k + 1);
        break;
    }
    case CKS_F_EMAIL:
        if (!empty && !email_ok(trimmed))
            e = cks_error_set(err, CKS_E_INVALID, NULL, 0, field,
                              _("'%s' is not an email address"), trimmed);
        else
            e = set_text(sink, c, &c->email, trimmed, CKS_CERT_EMAIL_MAX, field, err);
        break;
    case CKS_F_SERIAL:
        e = set_serial(c->serial, trimmed, field, err);
        break;
    case CKS_F_TOKEN_SERIAL:
        e = set_text(sink, c, &c->token_serial, trimmed, CKS_CERT_TOKEN_MAX, field, err);
        break;
    case CKS_F_MERGER: {
        /* says which merger a split old unit's certificate goes with; the unit
         * is looked up again under it (and the hint put back if it is not) */
        const char *old_hint = c->merger_hint;
        e = set_text(sink, c, &c->merger_hint, trimmed, CKS_CERT_TEXT_MAX, field, err);
        if (!e && c->unit) {
            char unit[256];
            cks_unit_format(c->unit, unit, sizeof unit);
            e = set_unit(ix, c, unit, sink->arena == NULL, err);
            if (e) {
                c->merger_hint = old_hint;
                if (err) /* the problem is with the merger given */
                    snprintf(err->field, sizeof err->field, "%s", field);
            }
        }
        break;
    }
    case CKS_F_VALID_FROM:
    case CKS_F_VALID_TO: {
        cks_date d = {0, 0, 0};
        if (empty && f == CKS_F_VALID_TO)
            e = cks_error_set(err, CKS_E_INVALID, NULL, 0, field,
                              _("the date the certificate is valid to is missing"));
        else if (!empty && !cks_date_parse(trimmed, &d))
            e = cks_error_set(err, CKS_E_INVALID, NULL, 0, field,
                              _("'%s' is not a real date (YYYY-MM-DD or DD/MM/YYYY)"), trimmed);
        else if (f == CKS_F_VALID_FROM)
            c->valid_from = d;
        else
            c->valid_to = d;
        break;
    }
    case CKS_F_STATUS:
        if (empty)
            c->status = CKS_STATUS_ACTIVE;
        else if (!(e = set_word(&v, status_words, COUNT(status_words), trimmed, field,
                                _("active (còn hiệu lực), expired (hết hạn), revoked (đã thu "
                                  "hồi), lost (mất)"),
                                err)))
            c->status = (cks_status)v;
        break;
    case CKS_F_AFTER:
        if (empty)
            c->after = CKS_AFTER_UNSET;
        else if (!(e = set_word(&v, after_words, COUNT(after_words), trimmed, field,
                                _("continue (tiếp tục), leave (nghỉ), unused (không dùng)"),
                                err)))
            c->after = (cks_after)v;
        break;
    default:
        e = cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL, _("unknown field"));
    }
    free(trimmed);
    return e;
}

cks_err cks_cert_set_field(cks_store *s, cks_cert *c, cks_cert_field f, const char *value,
                           cks_error *err)
{
    unit_ix ix = {NULL, 0};
    text_sink sink = {NULL};
    if (f == CKS_F_UNIT || f == CKS_F_MERGER) {
        cks_err e = unit_ix_load(s, &ix, err);
        if (e)
            return e;
    }
    cks_err e = set_field_ix(&ix, &sink, c, f, value, err);
    unit_ix_free(&ix);
    return e;
}

static void add_problem(cks_diags *diags, cks_error *first, size_t *count, cks_err code,
                        const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

static void add_problem(cks_diags *diags, cks_error *first, size_t *count, cks_err code,
                        const char *field, const char *fmt, ...)
{
    cks_error e;
    char msg[CKS_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cks_error_set(&e, code, NULL, 0, field, "%s", msg);
    if ((*count)++ == 0 && first)
        *first = e;
    cks_diags_add(diags, &e);
}

cks_err cks_cert_check(const cks_cert *c, cks_diags *diags, cks_error *err)
{
    size_t n = 0;
    if (!c->member_id)
        add_problem(diags, err, &n, CKS_E_INVALID, "unit", _("the unit is missing"));
    if (!c->holder[0])
        add_problem(diags, err, &n, CKS_E_INVALID, "holder",
                    _("the holder (organisation or person) is missing"));
    if (!c->serial[0])
        add_problem(diags, err, &n, CKS_E_INVALID, "serial", _("the serial is missing%s"), "");
    if (cks_date_is_none(c->valid_to))
        add_problem(diags, err, &n, CKS_E_INVALID, "valid_to",
                    _("the date the certificate is valid to is missing"));
    if (!cks_date_is_none(c->valid_from) && !cks_date_is_none(c->valid_to) &&
        cks_date_cmp(c->valid_to, c->valid_from) < 0) {
        char a[16], b[16];
        add_problem(diags, err, &n, CKS_E_INVALID, "valid_to",
                    _("valid to %s is before valid from %s"),
                    cks_date_iso(c->valid_to, a, sizeof a),
                    cks_date_iso(c->valid_from, b, sizeof b));
    }
    if (c->kind == CKS_KIND_ORG && c->after != CKS_AFTER_UNSET)
        add_problem(diags, err, &n, CKS_E_INVALID, "after",
                    _("'after' is for personal certificates; leave it empty for an "
                      "organisation"));
    return n ? (err ? err->code : CKS_E_INVALID) : CKS_E_OK;
}

const char *cks_cert_field_text(const cks_cert *c, cks_cert_field f, char *buf, size_t n)
{
    buf[0] = '\0';
    switch (f) {
    case CKS_F_UNIT:
        if (c->unit)
            cks_unit_format(c->unit, buf, n);
        break;
    case CKS_F_MERGER:
        if (c->new_unit)
            cks_unit_format(c->new_unit, buf, n);
        break;
    case CKS_F_KIND: snprintf(buf, n, "%s", cks_kind_key(c->kind)); break;
    case CKS_F_BODY: snprintf(buf, n, "%s", cks_body_key(c->body)); break;
    case CKS_F_HOLDER: snprintf(buf, n, "%s", c->holder); break;
    case CKS_F_POSITION: snprintf(buf, n, "%s", c->position); break;
    case CKS_F_ID_NUMBER: snprintf(buf, n, "%s", c->id_number); break;
    case CKS_F_EMAIL: snprintf(buf, n, "%s", c->email); break;
    case CKS_F_SERIAL: snprintf(buf, n, "%s", c->serial); break;
    case CKS_F_TOKEN_SERIAL: snprintf(buf, n, "%s", c->token_serial); break;
    case CKS_F_VALID_FROM:
        if (!cks_date_is_none(c->valid_from))
            cks_date_iso(c->valid_from, buf, n);
        break;
    case CKS_F_VALID_TO:
        if (!cks_date_is_none(c->valid_to))
            cks_date_iso(c->valid_to, buf, n);
        break;
    case CKS_F_STATUS: snprintf(buf, n, "%s", cks_status_key(c->status)); break;
    case CKS_F_AFTER: snprintf(buf, n, "%s", cks_after_key(c->after)); break;
    case CKS_F_NEW_POSITION: snprintf(buf, n, "%s", c->new_position); break;
    default: break;
    }
    return buf;
}

/* ------------------------------------------------------------ storage */

static int bind_opt(sqlite3_stmt *st, int i, const char *v)
{
    if (!v || !*v)
        return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static void bind_cert(sqlite3_stmt *st, const cks_cert *c)
{
    char from[16] = "", to[16] = "";
    if (!cks_date_is_none(c->valid_from))
        cks_date_iso(c->valid_from, from, sizeof from);
    cks_date_iso(c->valid_to, to, sizeof to);
    sqlite3_bind_text(st, 1, c->serial, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, c->member_id);
    sqlite3_bind_text(st, 3, cks_kind_key(c->kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, cks_body_key(c->body), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, c->holder, -1, SQLITE_STATIC);
    bind_opt(st, 6, c->position);
    bind_opt(st, 7, c->id_number);
    bind_opt(st, 8, c->email);
    bind_opt(st, 9, c->token_serial);
    /* the dates are in this function's buffers: SQLite copies them */
    if (from[0])
        sqlite3_bind_text(st, 10, from, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 10);
    sqlite3_bind_text(st, 11, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 12, cks_status_key(c->status), -1, SQLITE_STATIC);
    bind_opt(st, 13, cks_after_key(c->after));
    bind_opt(st, 14, c->new_position);
}

#define CERT_INSERT                                                                 \
    "INSERT INTO cert(serial, member_id, kind, body, holder, position, id_number, email," \
    " token_serial, valid_from, valid_to, status, after, new_position)"              \
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
#define CERT_REPLACE                                                                \
    "UPDATE cert SET serial = ?1, member_id = ?2, kind = ?3, body = ?4, holder = ?5,"   \
    " position = ?6, id_number = ?7, email = ?8, token_serial = ?9, valid_from = ?10,"  \
    " valid_to = ?11, status = ?12, after = ?13, new_position = ?14 WHERE id = ?15"

static long serial_id(sqlite3_stmt *find, const char *serial)
{
    long id = 0;
    sqlite3_reset(find);
    sqlite3_bind_text(find, 1, serial, -1, SQLITE_STATIC);
    if (sqlite3_step(find) == SQLITE_ROW)
        id = (long)sqlite3_column_int64(find, 0);
    sqlite3_reset(find);
    return id;
}

/* ------------------------------------------------------------ import */

typedef struct serial_seen {
    const char *serial;
    long line;
    size_t index; /* in the import's array */
} serial_seen;

static int by_serial(const void *a, const void *b)
{
    const serial_seen *x = a, *y = b;
    int c = strcmp(x->serial, y->serial);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

static cks_err log_import(cks_store *s, const char *path, const cks_cert *certs, size_t n,
                          const cks_cert_import_stats *st, cks_error *err)
{
    sqlite3_str *serials = sqlite3_str_new(cks_store_db(s));
    sqlite3_str_appendchar(serials, 1, '[');
    for (size_t i = 0, k = 0; i < n; i++)
        sqlite3_str_appendf(serials, "%s\"%s\"", k++ ? "," : "", certs[i].serial);
    sqlite3_str_appendchar(serials, 1, ']');
    char *list = sqlite3_str_finish(serials);
    sqlite3_stmt *q = NULL;
    cks_err e = CKS_E_OK;
    int rc = list ? sqlite3_prepare_v2(cks_store_db(s),
                                       "SELECT json_object('file', ?1, 'certificates', ?2,"
                                       " 'replaced', ?3, 'serials', json(?4))",
                                       -1, &q, NULL)
                  : SQLITE_NOMEM;
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, path, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, (sqlite3_int64)st->rows);
        sqlite3_bind_int64(q, 3, (sqlite3_int64)st->replaced);
        sqlite3_bind_text(q, 4, list, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
    }
    if (rc == SQLITE_ROW)
        e = cks_store_bulk_end(s, "import", "cert", (const char *)sqlite3_column_text(q, 0),
                               err);
    else
        e = cks_store_sqlerr(s, rc, "import", err);
    sqlite3_finalize(q);
    sqlite3_free(list);
    return e;
}

cks_err cks_cert_import(cks_store *s, const char *path, unsigned flags,
                        cks_cert_import_stats *stats, cks_diags *diags, cks_error *err)
{
    cks_csv *csv = NULL;
    cks_csv_record rec;
    unit_ix ix = {NULL, 0};
    text_sink sink = {calloc(1, sizeof(struct cks_cert_arena))};
    cks_cert *certs = NULL;
    long *lines = NULL;
    serial_seen *seen = NULL;
    size_t n = 0, cap = 0, problems = 0;
    int col_of[CKS_CSV_MAX_FIELDS];
    int have[CKS_F_COUNT_];
    cks_error first;
    cks_err e;
    cks_cert_import_stats st = {0, 0};
    sqlite3_stmt *ins = NULL, *upd = NULL, *find = NULL;
    int in_tx = 0;
    memset(&first, 0, sizeof first);

#define PROBLEM(line_, field_, ...)                                                  \
    do {                                                                             \
        cks_error pe_;                                                               \
        cks_error_set(&pe_, CKS_E_INVALID, path, (line_), (field_), __VA_ARGS__);   \
        if (problems++ == 0)                                                         \
            first = pe_;                                                             \
        cks_diags_add(diags, &pe_);                                                  \
    } while (0)

    if (!sink.arena)
        return cks_error_set(err, CKS_E_NOMEM, path, 0, NULL, NULL);
    e = cks_csv_open_file(path, 0, &csv, err);
    if (e) {
        cks_diags_add(diags, err);
        arena_free(sink.arena);
        return e;
    }
    e = unit_ix_load(s, &ix, err);
    if (e)
        goto done;
    e = cks_csv_next(csv, &rec, err);
    if (e == CKS_E_NOTFOUND) {
        e = cks_error_set(err, CKS_E_INVALID, path, 1, NULL, _("the file is empty"));
        cks_diags_add(diags, err);
        goto done;
    }
    if (e) {
        cks_diags_add(diags, err);
        goto done;
    }
    memset(have, 0, sizeof have);
    for (size_t i = 0; i < CKS_CSV_MAX_FIELDS; i++)
        col_of[i] = -1; /* values beyond the header's columns belong to none */
    for (size_t i = 0; i < rec.count; i++) {
        int f = cks_cert_field_from_header(rec.fields[i]);
        col_of[i] = f;
        if (f >= 0 && have[f]) {
            PROBLEM(rec.line, rec.fields[i], _("column '%s' is given twice"), rec.fields[i]);
        } else if (f >= 0) {
            have[f] = 1;
        } else if (rec.fields[i][0]) {
            cks_error w;
            cks_error_set(&w, CKS_E_INVALID, path, rec.line, rec.fields[i],
                          _("unknown column, ignored"));
            cks_diags_warn(diags, &w);
        }
    }
    for (int f = 0; f < CKS_F_COUNT_; f++)
        if (fields[f].required && !have[f])
            PROBLEM(rec.line, fields[f].name, _("the required column '%s' is missing"),
                    fields[f].name);
    if (problems)
        goto refuse;

    for (;;) {
        e = cks_csv_next(csv, &rec, err);
        if (e == CKS_E_NOTFOUND)
            break;
        if (e) {
            /* a broken file (unterminated quote…): report it with the rest */
            if (problems++ == 0)
                first = *err;
            cks_diags_add(diags, err);
            break;
        }
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 256;
            cks_cert *nc = realloc(certs, ncap * sizeof *nc);
            long *nl = realloc(lines, ncap * sizeof *nl);
            if (nc)
                certs = nc;
            if (nl)
                lines = nl;
            if (!nc || !nl) {
                e = cks_error_set(err, CKS_E_NOMEM, path, 0, NULL, NULL);
                goto done;
            }
            cap = ncap;
        }
        cks_cert *c = &certs[n];
        cks_cert_init(c);
        lines[n] = rec.line;
        size_t before = problems;
        /* the merger column first: it says where a split old unit's
         * certificate goes, so that the unit can be found */
        for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < rec.count; i++) {
            if (i >= CKS_CSV_MAX_FIELDS || col_of[i] < 0 ||
                (col_of[i] == CKS_F_MERGER) != (pass == 0))
                continue;
            cks_error fe; /* filled by set_field_ix when it fails */
            if (set_field_ix(&ix, &sink, c, (cks_cert_field)col_of[i], rec.fields[i], &fe)) {
                if (fe.code == CKS_E_NOMEM) {
                    e = cks_error_set(err, CKS_E_NOMEM, path, 0, NULL, NULL);
                    goto done;
                }
                fe.warning = 0;
                snprintf(fe.file, sizeof fe.file, "%s", path);
                fe.line = rec.line;
                if (problems++ == 0)
                    first = fe;
                cks_diags_add(diags, &fe);
            }
        }
        if (problems == before) {
            /* fields missing from a short row, then checks across fields */
            for (int f = 0; f < CKS_F_COUNT_; f++) {
                if (!fields[f].required)
                    continue;
                int given = 0;
                for (size_t i = 0; i < rec.count && !given; i++)
                    given = col_of[i] == f && rec.fields[i][0];
                if (!given)
                    PROBLEM(rec.line, fields[f].name, _("'%s' is empty"), fields[f].name);
            }
            if (problems == before) {
                cks_diags row = CKS_DIAGS_INIT;
                cks_cert_check(c, &row, NULL);
                for (size_t k = 0; k < row.count; k++) {
                    cks_error *pe = &row.items[k];
                    snprintf(pe->file, sizeof pe->file, "%s", path);
                    pe->line = rec.line;
                    if (problems++ == 0)
                        first = *pe;
                    cks_diags_add(diags, pe);
                }
                cks_diags_free(&row);
            }
        }
        n++;
    }

    /* a serial twice in the file */
    seen = malloc((n ? n : 1) * sizeof *seen);
    if (!seen) {
        e = cks_error_set(err, CKS_E_NOMEM, path, 0, NULL, NULL);
        goto done;
    }
    size_t ns = 0;
    for (size_t i = 0; i < n; i++)
        if (certs[i].serial[0])
            seen[ns++] = (serial_seen){certs[i].serial, lines[i], i};
    qsort(seen, ns, sizeof *seen, by_serial);
    for (size_t i = 1; i < ns; i++)
        if (strcmp(seen[i].serial, seen[i - 1].serial) == 0)
            PROBLEM(seen[i].line, "serial", _("serial %s is already on line %ld"),
                    seen[i].serial, seen[i - 1].line);

    /* a serial already in the session — looked up inside the write
     * transaction, which also spares a lock per lookup */
    e = cks_store_begin(s, err);
    if (e)
        goto done;
    in_tx = 1;
    e = cks_store_bulk_begin(s, err);
    if (e)
        goto done;
    int rc = sqlite3_prepare_v2(cks_store_db(s), "SELECT id FROM cert WHERE serial = ?1", -1,
                                &find, NULL);
    if (rc != SQLITE_OK) {
        e = cks_store_sqlerr(s, rc, "import", err);
        goto done;
    }
    /* (a session without certificates has none to collide with) */
    sqlite3_stmt *any = NULL;
    int have_certs = 1;
    if (sqlite3_prepare_v2(cks_store_db(s), "SELECT EXISTS (SELECT 1 FROM cert)", -1, &any,
                           NULL) == SQLITE_OK &&
        sqlite3_step(any) == SQLITE_ROW)
        have_certs = sqlite3_column_int(any, 0);
    sqlite3_finalize(any);
    if (!(flags & CKS_CERT_REPLACE) && have_certs)
        for (size_t i = 0; i < n; i++)
            if (certs[i].serial[0] && serial_id(find, certs[i].serial))
                PROBLEM(lines[i], "serial",
                        _("serial %s is already in the session (use --replace to replace it)"),
                        certs[i].serial);
    if (problems)
        goto refuse;
    if (n == 0) {
        e = cks_error_set(err, CKS_E_INVALID, path, 0, NULL,
                          _("the file has no certificate rows"));
        cks_diags_add(diags, err);
        goto done;
    }

    rc = sqlite3_prepare_v2(cks_store_db(s), CERT_INSERT, -1, &ins, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(cks_store_db(s), CERT_REPLACE, -1, &upd, NULL);
    /* stored in the order of their serials (sorted above): the unique index
     * on serial then grows at its end instead of being split everywhere */
    for (size_t k = 0; rc == SQLITE_OK && k < ns; k++) {
        size_t i = seen[k].index;
        long id = (flags & CKS_CERT_REPLACE) && have_certs ? serial_id(find, certs[i].serial) : 0;
        sqlite3_stmt *stmt = id ? upd : ins;
        sqlite3_reset(stmt);
        bind_cert(stmt, &certs[i]);
        if (id)
            sqlite3_bind_int64(stmt, 15, id);
        rc = sqlite3_step(stmt);
        if (rc == SQLITE_DONE) {
            rc = SQLITE_OK;
            st.rows++;
            st.replaced += id != 0;
        }
    }
    if (rc != SQLITE_OK) {
        e = cks_store_sqlerr(s, rc, "import", err);
        goto done;
    }
    /* the import is logged once: the file, the counts, every serial added
     * (replaced ones were logged row by row, as updates) */
    e = log_import(s, path, certs, n, &st, err);
    if (e)
        goto done;
    in_tx = 0;
    e = cks_store_commit(s, err);
    if (!e && stats)
        *stats = st;
    goto done;

refuse:
    e = cks_error_set(err, first.code ? first.code : CKS_E_INVALID, path, 0, NULL,
                      _("%zu problem(s) in the file; nothing was imported"), problems);
done:
#undef PROBLEM
    if (in_tx)
        cks_store_rollback(s); /* nothing is half-imported */
    sqlite3_finalize(ins);
    sqlite3_finalize(upd);
    sqlite3_finalize(find);
    free(seen);
    free(certs);
    free(lines);
    unit_ix_free(&ix);
    arena_free(sink.arena);
    cks_csv_free(csv);
    return e;
}

/* ------------------------------------------------------------ one by one */

static cks_err check_all(const cks_cert *c, cks_error *err)
{
    cks_diags d = CKS_DIAGS_INIT;
    cks_err e = cks_cert_check(c, &d, err);
    cks_diags_free(&d);
    return e;
}

cks_err cks_cert_add(cks_store *s, cks_cert *c, cks_error *err)
{
    cks_err e = check_all(c, err);
    if (e)
        return e;
    sqlite3_stmt *find = NULL, *ins = NULL;
    int rc = sqlite3_prepare_v2(cks_store_db(s), "SELECT id FROM cert WHERE serial = ?1", -1,
                                &find, NULL);
    if (rc == SQLITE_OK && serial_id(find, c->serial)) {
        sqlite3_finalize(find);
        return cks_error_set(err, CKS_E_EXISTS, NULL, 0, "serial",
                             _("serial %s is already in the session"), c->serial);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(cks_store_db(s), CERT_INSERT, -1, &ins, NULL);
    if (rc == SQLITE_OK) {
        bind_cert(ins, c);
        rc = sqlite3_step(ins);
        if (rc == SQLITE_DONE) {
            rc = SQLITE_OK;
            c->id = (long)sqlite3_last_insert_rowid(cks_store_db(s));
        }
    }
    sqlite3_finalize(find);
    sqlite3_finalize(ins);
    return rc == SQLITE_OK ? CKS_E_OK : cks_store_sqlerr(s, rc, "certificate", err);
}

cks_err cks_cert_update(cks_store *s, const cks_cert *c, cks_error *err)
{
    cks_err e = check_all(c, err);
    if (e)
        return e;
    sqlite3_stmt *find = NULL, *upd = NULL;
    int rc = sqlite3_prepare_v2(cks_store_db(s), "SELECT id FROM cert WHERE serial = ?1", -1,
                                &find, NULL);
    long other = rc == SQLITE_OK ? serial_id(find, c->serial) : 0;
    if (other && other != c->id) {
        sqlite3_finalize(find);
        return cks_error_set(err, CKS_E_EXISTS, NULL, 0, "serial",
                             _("serial %s is already in the session"), c->serial);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(cks_store_db(s), CERT_REPLACE, -1, &upd, NULL);
    if (rc == SQLITE_OK) {
        bind_cert(upd, c);
        sqlite3_bind_int64(upd, 15, c->id);
        rc = sqlite3_step(upd);
        if (rc == SQLITE_DONE)
            rc = sqlite3_changes(cks_store_db(s)) == 1 ? SQLITE_OK : SQLITE_NOTFOUND;
    }
    sqlite3_finalize(find);
    sqlite3_finalize(upd);
    if (rc == SQLITE_NOTFOUND)
        return cks_error_set(err, CKS_E_NOTFOUND, NULL, 0, NULL, _("no such certificate"));
    return rc == SQLITE_OK ? CKS_E_OK : cks_store_sqlerr(s, rc, "certificate", err);
}

#define CERT_SELECT                                                                     \
    "SELECT c.id, c.member_id, b.merger_id, b.code, b.type, b.name, m.new_code,"        \
    " m.new_type, m.new_name, c.kind, c.body, c.holder, c.position, c.id_number,"       \
    " c.email, c.serial, c.token_serial, c.valid_from, c.valid_to, c.status, c.after,"  \
    " c.new_position FROM cert c JOIN member b ON b.id = c.member_id"                   \
    " JOIN merger m ON m.id = b.merger_id"

static int word_value(const word *table, size_t n, const unsigned char *key)
{
    /* the stored words differ in their first two letters: compare those
     * first (this runs for every column of every certificate read) */
    for (size_t i = 0; key && i < n; i++)
        if (table[i].key[0] == (char)key[0] && table[i].key[1] == (char)key[1] &&
            strcmp(table[i].key, (const char *)key) == 0)
            return table[i].value;
    return 0;
}

/* Text of column col, kept in the arena ("" for NULL). */
static const char *arena_col(struct cks_cert_arena *a, sqlite3_stmt *st, int col)
{
    return arena_text(a, (const char *)sqlite3_column_text(st, col));
}

/* The units of the previous row, shared by the certificates of one old
 * unit (the rows come grouped by old unit). */
typedef struct unit_cache {
    long member_id;
    cks_unit_ref *unit, *new_unit;
    /* or, when the mergers are at hand: member id → its member and merger */
    const struct member_ref *refs;
    size_t n_refs;
} unit_cache;

typedef struct member_ref {
    long member_id;
    const cks_member *member;
    const cks_merger *merger;
} member_ref;

static int by_member_id(const void *a, const void *b)
{
    long x = ((const member_ref *)a)->member_id, y = ((const member_ref *)b)->member_id;
    return (x > y) - (x < y);
}

static int fill_cert(cks_cert *c, sqlite3_stmt *st, struct cks_cert_arena *a, unit_cache *uc)
{
    cks_cert_init(c);
    c->id = (long)sqlite3_column_int64(st, 0);
    c->member_id = (long)sqlite3_column_int64(st, 1);
    c->merger_id = (long)sqlite3_column_int64(st, 2);
    if (uc->refs) {
        member_ref key = {c->member_id, NULL, NULL};
        const member_ref *r = bsearch(&key, uc->refs, uc->n_refs, sizeof key, by_member_id);
        if (!r)
            return -2;
        c->unit = &r->member->unit;
        c->new_unit = &r->merger->unit;
        c->merger_id = r->merger->id;
    } else if (!uc->unit || uc->member_id != c->member_id) {
        uc->unit = arena_alloc(a, sizeof *uc->unit);
        uc->new_unit = arena_alloc(a, sizeof *uc->new_unit);
        if (!uc->unit || !uc->new_unit)
            return -1;
        memset(uc->unit, 0, sizeof *uc->unit);
        memset(uc->new_unit, 0, sizeof *uc->new_unit);
        uc->member_id = c->member_id;
        col_text(uc->unit->code, sizeof uc->unit->code, st, 3);
        uc->unit->type = cks_unit_type_from_key((const char *)sqlite3_column_text(st, 4));
        col_text(uc->unit->name, sizeof uc->unit->name, st, 5);
        col_text(uc->new_unit->code, sizeof uc->new_unit->code, st, 6);
        uc->new_unit->type = cks_unit_type_from_key((const char *)sqlite3_column_text(st, 7));
        col_text(uc->new_unit->name, sizeof uc->new_unit->name, st, 8);
    }
    if (!uc->refs) {
        c->unit = uc->unit;
        c->new_unit = uc->new_unit;
    }
    c->kind = (cks_kind)word_value(kind_words, COUNT(kind_words), sqlite3_column_text(st, 9));
    c->body = (cks_body)word_value(body_words, COUNT(body_words), sqlite3_column_text(st, 10));
    c->holder = arena_col(a, st, 11);
    c->position = arena_col(a, st, 12);
    col_text(c->id_number, sizeof c->id_number, st, 13);
    c->email = arena_col(a, st, 14);
    col_text(c->serial, sizeof c->serial, st, 15);
    c->token_serial = arena_col(a, st, 16);
    cks_date_parse_iso((const char *)sqlite3_column_text(st, 17), &c->valid_from);
    cks_date_parse_iso((const char *)sqlite3_column_text(st, 18), &c->valid_to);
    c->status =
        (cks_status)word_value(status_words, COUNT(status_words), sqlite3_column_text(st, 19));
    c->after = (cks_after)word_value(after_words, COUNT(after_words), sqlite3_column_text(st, 20));
    c->new_position = arena_col(a, st, 21);
    if (!c->holder || !c->position || !c->email || !c->token_serial || !c->new_position)
        return -1;
    return 0;
}

cks_err cks_cert_list_redact(cks_cert_list *l, cks_error *err)
{
    for (size_t i = 0; i < l->count; i++) {
        cks_cert *c = &l->items[i];
        size_t n = strlen(c->id_number);
        for (size_t k = 3; n > 5 && k < n - 2; k++)
            c->id_number[k] = '*';
        if (c->email[0]) {
            const char *at = strchr(c->email, '@');
            char buf[CKS_CERT_EMAIL_MAX + 8];
            /* the first character (whole, even when not ASCII), *** and the domain */
            size_t first = 1;
            while (c->email[first] && ((unsigned char)c->email[first] & 0xC0) == 0x80)
                first++;
            snprintf(buf, sizeof buf, "%.*s***%s", (int)first, c->email, at ? at : "");
            const char *t = l->arena ? arena_text(l->arena, buf) : NULL;
            if (!t)
                return cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
            c->email = t;
        }
    }
    return CKS_E_OK;
}

void cks_cert_list_free(cks_cert_list *l)
{
    if (!l)
        return;
    free(l->items);
    arena_free(l->arena);
    l->items = NULL;
    l->arena = NULL;
    l->count = 0;
}

/* Certificates of the query: where is the condition; bind binds its ?1. */
static cks_err load_list(cks_store *s, const char *sql, const char *text, long number,
                         const member_ref *refs, size_t n_refs, cks_cert_list *out,
                         cks_error *err)
{
    out->items = NULL;
    out->count = 0;
    out->arena = calloc(1, sizeof *out->arena);
    if (!out->arena)
        return cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    unit_cache uc = {0, NULL, NULL, refs, n_refs};
    /* a whole inventory: one allocation of the right size, not a doubling
     * that copies hundreds of megabytes on the way */
    if (!text && number == 0) {
        sqlite3_stmt *cnt = NULL;
        if (sqlite3_prepare_v2(cks_store_db(s), "SELECT count(*) FROM cert", -1, &cnt, NULL) ==
                SQLITE_OK &&
            sqlite3_step(cnt) == SQLITE_ROW) {
            size_t rows = (size_t)sqlite3_column_int64(cnt, 0);
            out->items = rows ? malloc(rows * sizeof *out->items) : NULL;
            cap = out->items ? rows : 0;
        }
        sqlite3_finalize(cnt);
    }
    int rc = sqlite3_prepare_v2(cks_store_db(s), sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        if (text)
            sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
        else
            sqlite3_bind_int64(st, 1, number);
    }
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->count == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            cks_cert *v = realloc(out->items, ncap * sizeof *v);
            if (!v) {
                rc = SQLITE_NOMEM;
                break;
            }
            out->items = v;
            cap = ncap;
        }
        int r = fill_cert(&out->items[out->count++], st, out->arena, &uc);
        if (r) {
            rc = r == -2 ? SQLITE_CORRUPT : SQLITE_NOMEM;
            break;
        }
        rc = SQLITE_OK;
    }
    if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    sqlite3_finalize(st);
    if (rc != SQLITE_OK) {
        cks_cert_list_free(out);
        return cks_store_sqlerr(s, rc, "certificates", err);
    }
    return CKS_E_OK;
}

cks_err cks_cert_get(cks_store *s, const char *serial, cks_cert *out, cks_error *err)
{
    char clean[CKS_CERT_SERIAL_MAX];
    cks_err e = set_serial(clean, serial ? serial : "", "serial", err);
    if (e)
        return e;
    cks_cert_list l;
    e = load_list(s, CERT_SELECT " WHERE c.serial = ?1", clean, 0, NULL, 0, &l, err);
    if (e)
        return e;
    if (l.count == 0)
        e = cks_error_set(err, CKS_E_NOTFOUND, NULL, 0, "serial",
                          _("no certificate with serial %s in the session"), clean);
    else
        e = cks_cert_copy(out, &l.items[0], err);
    cks_cert_list_free(&l);
    return e;
}

cks_err cks_cert_remove(cks_store *s, const char *serial, cks_error *err)
{
    cks_cert c;
    cks_err e = cks_cert_get(s, serial, &c, err);
    if (e)
        return e;
    long id = c.id;
    cks_cert_clear(&c);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(cks_store_db(s), "DELETE FROM cert WHERE id = ?1", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, id);
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? CKS_E_OK : cks_store_sqlerr(s, rc, "certificate", err);
}

cks_err cks_cert_list_all(cks_store *s, long merger_id, cks_cert_list *out, cks_error *err)
{
    return load_list(s,
                     CERT_SELECT " WHERE ?1 = 0 OR b.merger_id = ?1"
                                 " ORDER BY m.new_code IS NULL, m.new_code, m.id, b.code IS NULL,"
                                 " b.code, b.name, b.id, c.kind = 'person', CASE c.body"
                                 " WHEN 'ubnd' THEN 0 WHEN 'hdnd' THEN 1 WHEN 'party' THEN 2"
                                 " WHEN 'mttq' THEN 3 ELSE 4 END, c.holder, c.serial",
                     NULL, merger_id, NULL, 0, out, err);
}

cks_err cks_cert_list_of(cks_store *s, const cks_merger_list *mergers, cks_cert_list *out,
                         cks_error *err)
{
    size_t n = 0;
    for (size_t i = 0; i < mergers->count; i++)
        n += mergers->items[i].n_members;
    member_ref *refs = malloc((n ? n : 1) * sizeof *refs);
    if (!refs)
        return cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
    n = 0;
    for (size_t i = 0; i < mergers->count; i++)
        for (size_t k = 0; k < mergers->items[i].n_members; k++)
            refs[n++] = (member_ref){mergers->items[i].members[k].id,
                                     &mergers->items[i].members[k], &mergers->items[i]};
    qsort(refs, n, sizeof *refs, by_member_id);
    /* the certificate table alone, in its own order: the units come from
     * the mergers, so neither a join nor a sort is needed */
    cks_err e = load_list(s,
                          "SELECT c.id, c.member_id, 0, NULL, NULL, NULL, NULL, NULL, NULL,"
                          " c.kind, c.body, c.holder, c.position, c.id_number, c.email, c.serial,"
                          " c.token_serial, c.valid_from, c.valid_to, c.status, c.after,"
                          " c.new_position FROM cert c WHERE ?1 = 0",
                          NULL, 0, refs, n, out, err);
    free(refs);
    return e;
}

/* ------------------------------------------------------------ CSV out */

static int write_field(cks_write_fn write, void *user, const char *v, int last)
{
    int quote = strpbrk(v, ",\";\n\r\t") != NULL || v[0] == ' ';
    if (quote && write(user, "\"", 1))
        return -1;
    for (const char *p = v; *p; p++) {
        if (*p == '"' && write(user, "\"\"", 2))
            return -1;
        if (*p != '"' && write(user, p, 1))
            return -1;
    }
    if (quote && write(user, "\"", 1))
        return -1;
    return write(user, last ? "\n" : ",", 1);
}

cks_err cks_cert_write_csv(const cks_cert_list *l, cks_write_fn write, void *user,
                           cks_error *err)
{
    for (int f = 0; f < CKS_F_COUNT_; f++)
        if (write_field(write, user, fields[f].name, f == CKS_F_COUNT_ - 1))
            goto fail;
    for (size_t i = 0; i < l->count; i++) {
        for (int f = 0; f < CKS_F_COUNT_; f++) {
            char buf[512];
            cks_cert_field_text(&l->items[i], (cks_cert_field)f, buf, sizeof buf);
            if (write_field(write, user, buf, f == CKS_F_COUNT_ - 1))
                goto fail;
        }
    }
    return CKS_E_OK;
fail:
    return cks_error_set(err, CKS_E_IO, NULL, 0, NULL, _("cannot write the list"));
}

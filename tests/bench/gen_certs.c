/* gen_certs.c — `gen-certs N OUT.csv [MERGERS.csv]`: write N plausible
 * certificate rows for the benchmarks, in the inventory format an officer
 * would bring (UTF-8 with a BOM, Vietnamese headers, CRLF line ends, the
 * Vietnamese words, dates in the three accepted forms).
 *
 * The rows belong to the old units of the demo's mergers (21100 21106 of
 * xã Bình Chương; 21025 21022 21019 21031 of phường Cẩm Thành) or, given
 * MERGERS.csv (the columns of data/demo/mergers.csv: new_unit, member, …),
 * to the members listed there. Serials are 32 hexadecimal digits, unique;
 * id numbers are 12 digits (Quảng Ngãi's 051, a century/sex digit, a year
 * of birth); valid_to is after valid_from; a certificate whose validity
 * ended before 2025-07-01 is "hết hạn". The output is the same for the
 * same arguments (fixed seed), so timings compare across runs.
 *
 * Exit status: 0 written, 1 a file problem, 2 wrong arguments. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cks/csv.h"
#include "cks/unit.h"

enum { MAX_UNITS = 256 };

typedef struct unit {
    char code[6];
    char text[CKS_UNIT_NAME_MAX + 16]; /* as written in the unit column */
    char org[CKS_UNIT_NAME_MAX + 16];  /* "xã Bình Mỹ", for holder names */
    char new_org[CKS_UNIT_NAME_MAX + 16];
} unit;

static unit units[MAX_UNITS];
static size_t n_units;

/* ------------------------------------------------------------ randomness */

static uint64_t rng_state = 0x2025070100C45AULL;

static uint64_t next_u64(void) /* splitmix64 */
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static unsigned pick(unsigned n)
{
    return (unsigned)(next_u64() % n);
}

#define PICK(a) ((a)[pick((unsigned)(sizeof(a) / sizeof((a)[0])))])

/* ------------------------------------------------------------ units */

static void add_unit(const char *code, const char *text, const cks_unit_ref *u,
                     const cks_unit_ref *new_unit)
{
    for (size_t i = 0; i < n_units; i++)
        if (strcmp(units[i].text, text) == 0)
            return;
    if (n_units == MAX_UNITS)
        return;
    unit *d = &units[n_units++];
    snprintf(d->code, sizeof d->code, "%s", code);
    snprintf(d->text, sizeof d->text, "%s", text);
    snprintf(d->org, sizeof d->org, "%s%s%s", cks_unit_type_lower(u->type),
             u->type ? " " : "", u->name);
    snprintf(d->new_org, sizeof d->new_org, "%s%s%s", cks_unit_type_lower(new_unit->type),
             new_unit->type ? " " : "", new_unit->name);
}

static void default_units(void)
{
    static const char *const rows[][2] = {
        {"21100:Xã Bình Chương", "21100:Xã Bình Chương"},
        {"21100:Xã Bình Chương", "21106:Xã Bình Mỹ"},
        {"21025:Phường Cẩm Thành", "21025:Phường Nguyễn Nghiêm"},
        {"21025:Phường Cẩm Thành", "21022:Phường Trần Hưng Đạo"},
        {"21025:Phường Cẩm Thành", "21019:Phường Nghĩa Chánh"},
        {"21025:Phường Cẩm Thành", "21031:Phường Chánh Lộ"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        cks_unit_ref nu, u;
        if (cks_unit_parse(rows[i][0], true, &nu, NULL) == CKS_E_OK &&
            cks_unit_parse(rows[i][1], true, &u, NULL) == CKS_E_OK)
            add_unit(u.code, u.code, &u, &nu);
    }
}

/* The members of a mergers file (columns new_unit and member). */
static int load_units(const char *path)
{
    cks_csv *csv = NULL;
    cks_csv_record rec;
    cks_error err;
    if (cks_csv_open_file(path, 0, &csv, &err) != CKS_E_OK) {
        fprintf(stderr, "gen-certs: %s: %s\n", path, err.msg);
        return -1;
    }
    int col_new = -1, col_member = -1;
    cks_err e = cks_csv_next(csv, &rec, &err);
    for (size_t i = 0; e == CKS_E_OK && i < rec.count; i++) {
        if (strcmp(rec.fields[i], "new_unit") == 0)
            col_new = (int)i;
        else if (strcmp(rec.fields[i], "member") == 0)
            col_member = (int)i;
    }
    if (e != CKS_E_OK || col_new < 0 || col_member < 0) {
        fprintf(stderr, "gen-certs: %s: expected the columns new_unit and member\n", path);
        cks_csv_free(csv);
        return -1;
    }
    while ((e = cks_csv_next(csv, &rec, &err)) == CKS_E_OK) {
        cks_unit_ref nu, u;
        if ((size_t)col_member >= rec.count || (size_t)col_new >= rec.count ||
            cks_unit_parse(rec.fields[col_new], true, &nu, NULL) != CKS_E_OK ||
            cks_unit_parse(rec.fields[col_member], true, &u, NULL) != CKS_E_OK) {
            fprintf(stderr, "gen-certs: %s:%ld: a unit is not \"[CODE:]Type Name\"\n", path,
                    rec.line);
            cks_csv_free(csv);
            return -1;
        }
        char text[CKS_UNIT_NAME_MAX + 16];
        if (u.code[0])
            snprintf(text, sizeof text, "%s", u.code);
        else
            cks_unit_format(&u, text, sizeof text);
        add_unit(u.code, text, &u, &nu);
    }
    cks_csv_free(csv);
    if (e != CKS_E_NOTFOUND) {
        fprintf(stderr, "gen-certs: %s\n", err.msg);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ people */

typedef struct word2 {
    const char *vi, *ascii;
} word2;

static const word2 family[] = {
    {"Nguyễn", "nguyen"}, {"Trần", "tran"}, {"Lê", "le"},     {"Phạm", "pham"},
    {"Huỳnh", "huynh"},   {"Võ", "vo"},     {"Phan", "phan"}, {"Trương", "truong"},
    {"Bùi", "bui"},       {"Đặng", "dang"}, {"Đỗ", "do"},     {"Ngô", "ngo"},
};
static const word2 middle_m[] = {{"Văn", "v"}, {"Công", "c"}, {"Minh", "m"}, {"Đức", "d"}};
static const word2 middle_f[] = {{"Thị", "t"}, {"Ngọc", "n"}, {"Thu", "t"}, {"Mỹ", "m"}};
static const word2 given_m[] = {{"Hùng", "hung"}, {"Tâm", "tam"},     {"Minh", "minh"},
                                {"Phúc", "phuc"}, {"Định", "dinh"},   {"Quang", "quang"},
                                {"Bảo", "bao"},   {"Trung", "trung"}, {"Sơn", "son"}};
static const word2 given_f[] = {{"Lan", "lan"},   {"Hạnh", "hanh"}, {"Thu", "thu"},
                                {"Mai", "mai"},   {"Hoa", "hoa"},   {"Hương", "huong"},
                                {"Nhung", "nhung"}, {"Vy", "vy"}};

/* Positions by body, in the order of bodies[] below (UBND three times). */
static const char *const pos_ubnd[] = {
    "Chủ tịch UBND", "Phó Chủ tịch UBND", "Công chức Văn phòng - Thống kê",
    "Công chức Tài chính - Kế toán", "Công chức Địa chính - Xây dựng",
    "Công chức Tư pháp - Hộ tịch", "Công chức Văn hóa - Xã hội",
};
static const char *const pos_hdnd[] = {"Chủ tịch HĐND", "Phó Chủ tịch HĐND"};
static const char *const pos_party[] = {"Bí thư Đảng ủy", "Phó Bí thư Đảng ủy",
                                        "Văn phòng Đảng ủy"};
static const char *const pos_mttq[] = {"Chủ tịch Ủy ban MTTQ", "Phó Chủ tịch Ủy ban MTTQ"};
static const char *const pos_other[] = {"Chủ tịch Hội Nông dân", "Bí thư Đoàn Thanh niên"};

static const char *position_for(unsigned body)
{
    switch (body) {
    case 3: return PICK(pos_hdnd);
    case 4: return PICK(pos_party);
    case 5: return PICK(pos_mttq);
    case 6: return PICK(pos_other);
    default: return PICK(pos_ubnd);
    }
}

/* ------------------------------------------------------------ output */

static int put_field(FILE *f, const char *v, int last)
{
    int quote = strpbrk(v, ",;\"\r\n") != NULL;
    if (quote && fputc('"', f) == EOF)
        return -1;
    for (const char *p = v; *p; p++)
        if ((*p == '"' && fputc('"', f) == EOF) || fputc(*p, f) == EOF)
            return -1;
    if (quote && fputc('"', f) == EOF)
        return -1;
    return fputs(last ? "\r\n" : ",", f) == EOF ? -1 : 0;
}

/* A date in one of the three forms the import accepts. */
static void put_date(char *buf, size_t n, int y, int m, int d)
{
    switch (pick(4)) {
    case 0: snprintf(buf, n, "%02d/%02d/%04d", d, m, y); break;
    case 1: snprintf(buf, n, "%d/%d/%04d", d, m, y); break;
    default: snprintf(buf, n, "%04d-%02d-%02d", y, m, d); break;
    }
}

static int write_row(FILE *f, size_t i)
{
    enum { NF = 14 };
    static const char *const bodies[] = {"UBND", "UBND", "UBND", "HĐND", "Đảng ủy", "MTTQ",
                                         "khác"};
    static const char *const org_prefix[] = {"UBND", "UBND", "UBND", "HĐND", "Đảng ủy",
                                             "Ủy ban MTTQ Việt Nam", "Hội Nông dân"};
    char holder[256], position[128] = "", id[16] = "", email[160], serial[40], token[40];
    char from[16], to[16], new_position[512] = "";
    const char *status, *after = "";
    const unit *u = &units[pick((unsigned)n_units)];
    int person = pick(4) != 0; /* three in four are personal */
    unsigned b = pick((unsigned)(sizeof bodies / sizeof bodies[0]));
    if (person) {
        int female = (int)pick(2);
        const word2 *fa = &PICK(family);
        const word2 *mi = female ? &PICK(middle_f) : &PICK(middle_m);
        const word2 *gi = female ? &PICK(given_f) : &PICK(given_m);
        snprintf(holder, sizeof holder, "%s %s %s", fa->vi, mi->vi, gi->vi);
        snprintf(position, sizeof position, "%s", position_for(b));
        int year = 1960 + (int)pick(45);
        int century = year >= 2000 ? 2 : 0;
        snprintf(id, sizeof id, "051%d%02d%06u", century + female, year % 100, pick(1000000));
        snprintf(email, sizeof email, "%s%s%s.%zu@quangngai.gov.vn", mi->ascii, gi->ascii,
                 fa->ascii, i);
        unsigned a = pick(10);
        after = a < 7 ? "tiếp tục" : a < 9 ? "nghỉ" : "không dùng";
        if (a < 7 && pick(2))
            snprintf(new_position, sizeof new_position, "%s %s", position, u->new_org);
    } else {
        snprintf(holder, sizeof holder, "%s %s", org_prefix[b], u->org);
        snprintf(email, sizeof email, "vanthu.%s.%zu@quangngai.gov.vn", u->code[0] ? u->code : "x",
                 i);
    }
    uint32_t r1 = (uint32_t)next_u64(), r2 = (uint32_t)next_u64();
    snprintf(serial, sizeof serial, "%08X%08X%016llX", (unsigned)r1, (unsigned)r2,
             (unsigned long long)i); /* unique by its last 16 digits */
    snprintf(token, sizeof token, "TK-%s-%06zu", u->code[0] ? u->code : "00000", i);
    int fy = 2019 + (int)pick(7), fm = 1 + (int)pick(12), fd = 1 + (int)pick(28);
    int ty = fy + (pick(3) ? 5 : 3);
    put_date(from, sizeof from, fy, fm, fd);
    put_date(to, sizeof to, ty, fm, fd);
    if (ty < 2025 || (ty == 2025 && fm < 7)) {
        status = "hết hạn";
    } else {
        unsigned s = pick(40);
        status = s == 0 ? "đã thu hồi" : s == 1 ? "mất" : "còn hiệu lực";
    }
    const char *v[NF] = {u->text,  person ? "cá nhân" : "tổ chức", bodies[b], holder,
                         position, id,     email,   serial,   token,
                         from,     to,     status,  after,    new_position};
    for (int k = 0; k < NF; k++)
        if (put_field(f, v[k], k == NF - 1))
            return -1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: gen-certs N OUT.csv [MERGERS.csv]\n");
        return 2;
    }
    char *end = NULL;
    errno = 0;
    unsigned long long n = strtoull(argv[1], &end, 10);
    if (errno || !end || *end || argv[1][0] == '-' || n == 0 || n > 100000000ULL) {
        fprintf(stderr, "gen-certs: N must be a number from 1 to 100000000, not '%s'\n",
                argv[1]);
        return 2;
    }
    if (argc == 4 ? load_units(argv[3]) != 0 : (default_units(), 0))
        return 1;
    if (n_units == 0) {
        fprintf(stderr, "gen-certs: no old unit to write certificates for\n");
        return 1;
    }
    FILE *f = fopen(argv[2], "wb");
    if (!f) {
        fprintf(stderr, "gen-certs: %s: %s\n", argv[2], strerror(errno));
        return 1;
    }
    int bad = fputs("\xEF\xBB\xBF"
                    "Đơn vị,Loại,Cơ quan,Chủ thể,Chức vụ,Số định danh,Email,Số hiệu,"
                    "Số serial thiết bị,Hiệu lực từ,Hiệu lực đến,Trạng thái,Sau sáp nhập,"
                    "Chức vụ mới\r\n",
                    f) == EOF;
    for (size_t i = 0; !bad && i < (size_t)n; i++)
        bad = write_row(f, i + 1) != 0;
    if (fclose(f) != 0)
        bad = 1;
    if (bad) {
        fprintf(stderr, "gen-certs: %s: cannot write: %s\n", argv[2], strerror(errno));
        return 1;
    }
    return 0;
}

/* test_csv.c — unit tests of cks/csv.h, the CSV/TSV reader.
 *
 * Most tests read a whole input with dump(), which writes every record as
 * "LINE:<field><field>…" on its own line and ends with "END" (the reader
 * said CKS_E_NOTFOUND) or "ERR NAME@LINE" (an error at that line), so one
 * CHECK_STR shows at once the fields, their count and the line numbers.
 * A line break inside a field appears as itself inside <…>.
 */
#include "cks/csv.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

#define NAME "t.csv"

/* ------------------------------------------------------------- helpers */

/* A growable string. */
typedef struct sbuf {
    char *s;
    size_t len, cap;
} sbuf;

static void sb_add(sbuf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            fprintf(stderr, "out of memory in the test\n");
            exit(2);
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n + 1);
    b->len += n;
}

/* Every record of an open reader, then END or ERR; the reader is freed. */
static char *dump_reader(cks_csv *c)
{
    sbuf b = {NULL, 0, 0};
    char num[64];
    sb_add(&b, "");
    for (;;) {
        cks_csv_record rec;
        cks_error err;
        cks_error_clear(&err);
        cks_err e = cks_csv_next(c, &rec, &err);
        if (e == CKS_E_NOTFOUND) {
            sb_add(&b, "END");
            break;
        }
        if (e != CKS_E_OK) {
            snprintf(num, sizeof num, "ERR %s@%ld", cks_error_name(e), err.line);
            sb_add(&b, num);
            break;
        }
        snprintf(num, sizeof num, "%ld:", rec.line);
        sb_add(&b, num);
        for (size_t i = 0; i < rec.count; i++) {
            sb_add(&b, "<");
            sb_add(&b, rec.fields[i]);
            sb_add(&b, ">");
        }
        sb_add(&b, "\n");
    }
    cks_csv_free(c);
    return b.s;
}

/* Open data[0..len) with separator sep and dump it; "OPEN NAME@LINE" when
 * the open itself fails. The result is the caller's. */
static char *dump_mem(const char *data, size_t len, char sep)
{
    cks_csv *c = (cks_csv *)1;
    cks_error err;
    cks_error_clear(&err);
    cks_err e = cks_csv_open_mem(data, len, NAME, sep, &c, &err);
    if (e != CKS_E_OK) {
        char buf[96];
        snprintf(buf, sizeof buf, "OPEN %s@%ld", cks_error_name(e), err.line);
        if (c != NULL)
            snprintf(buf, sizeof buf, "OPEN failed but *out was not cleared");
        return strdup(buf);
    }
    return dump_reader(c);
}

/* dump() of a NUL-terminated input equals want. */
#define CHECK_DUMP(input, sep, want)                                           \
    do {                                                                       \
        char *d_ = dump_mem(input, strlen(input), sep);                        \
        CHECK_STR(d_, want);                                                   \
        free(d_);                                                              \
    } while (0)

/* The same for an input of explicit length (holding NUL bytes). */
#define CHECK_DUMP_N(input, sep, want)                                         \
    do {                                                                       \
        char *d_ = dump_mem(input, sizeof(input) - 1, sep);                    \
        CHECK_STR(d_, want);                                                   \
        free(d_);                                                              \
    } while (0)

/* The separator detected for a NUL-terminated input ('?' if open fails). */
static char detected(const char *input)
{
    cks_csv *c = NULL;
    cks_error err;
    if (cks_csv_open_mem(input, strlen(input), NAME, 0, &c, &err) != CKS_E_OK)
        return '?';
    char sep = cks_csv_separator(c);
    cks_csv_free(c);
    return sep;
}

/* Reads up to the first error and checks its code, file, line and that the
 * message is not empty and holds needle; afterwards the reader is finished. */
static void expect_next_error(const char *input, cks_err code, long line,
                              const char *needle)
{
    cks_csv *c = NULL;
    cks_error err;
    cks_error_clear(&err);
    CHECK_INT(cks_csv_open_mem(input, strlen(input), NAME, 0, &c, &err), CKS_E_OK);
    if (!c)
        return;
    cks_csv_record rec;
    cks_err e;
    while ((e = cks_csv_next(c, &rec, &err)) == CKS_E_OK)
        ;
    CHECK_INT(e, code);
    CHECK_STR(err.file, NAME);
    CHECK_INT(err.line, line);
    CHECK(err.msg[0] != '\0');
    if (needle)
        CHECK(strstr(err.msg, needle) != NULL);
    /* the reader is finished: it stays at the end */
    CHECK_INT(cks_csv_next(c, &rec, &err), CKS_E_NOTFOUND);
    CHECK_INT(cks_csv_next(c, &rec, &err), CKS_E_NOTFOUND);
    cks_csv_free(c);
}

/* cks_csv_open_mem of data[0..len) fails with code at line. */
static void expect_open_error(const char *data, size_t len, cks_err code, long line)
{
    cks_csv *c = (cks_csv *)1;
    cks_error err;
    cks_error_clear(&err);
    CHECK_INT(cks_csv_open_mem(data, len, NAME, 0, &c, &err), code);
    CHECK(c == NULL);
    CHECK_INT(err.code, code);
    CHECK_STR(err.file, NAME);
    CHECK_INT(err.line, line);
    CHECK(err.msg[0] != '\0');
    if (c != NULL && c != (cks_csv *)1)
        cks_csv_free(c);
}

/* n copies of ch followed by tail, NUL-terminated; the caller frees. */
static char *repeat(char ch, size_t n, const char *head, const char *tail)
{
    size_t hl = strlen(head), tl = strlen(tail);
    char *s = malloc(hl + n + tl + 1);
    if (!s) {
        fprintf(stderr, "out of memory in the test\n");
        exit(2);
    }
    memcpy(s, head, hl);
    memset(s + hl, ch, n);
    memcpy(s + hl + n, tail, tl + 1);
    return s;
}

/* ---------------------------------------------------------------- basics */

static void test_basic(void)
{
    CHECK_DUMP("a,b,c\n1,2,3\n", 0, "1:<a><b><c>\n2:<1><2><3>\nEND");
    CHECK_DUMP("unit,holder\nPhường Cẩm Thành,Nguyễn Văn Ánh\n", 0,
               "1:<unit><holder>\n2:<Phường Cẩm Thành><Nguyễn Văn Ánh>\nEND");
    /* one column, no separator at all */
    CHECK_DUMP("only\nx\n", 0, "1:<only>\n2:<x>\nEND");
    /* fields are returned as read: no trimming, no normalisation (NFD stays NFD) */
    CHECK_DUMP(" a , b\t,Ca\u0302\u0309m\n", ',', "1:< a >< b\t><Ca\u0302\u0309m>\nEND");

    cks_csv *c = NULL;
    cks_error err;
    cks_error_clear(&err);
    CHECK_INT(cks_csv_open_mem("x;y\n", 4, "kho.csv", 0, &c, &err), CKS_E_OK);
    CHECK(c != NULL);
    if (c) {
        CHECK_STR(cks_csv_name(c), "kho.csv");
        CHECK_INT(cks_csv_separator(c), ';');
        cks_csv_record rec;
        CHECK_INT(cks_csv_next(c, &rec, &err), CKS_E_OK);
        CHECK_INT(rec.count, 2);
        CHECK_INT(rec.line, 1);
        CHECK_STR(rec.fields[0], "x");
        CHECK_STR(rec.fields[1], "y");
        CHECK_INT(cks_csv_next(c, &rec, &err), CKS_E_NOTFOUND);
        cks_csv_free(c);
    }
    cks_csv_free(NULL); /* accepted */

    /* the input is copied: changing the caller's buffer afterwards is harmless */
    char data[] = "p,q\n";
    c = NULL;
    CHECK_INT(cks_csv_open_mem(data, strlen(data), NAME, 0, &c, &err), CKS_E_OK);
    memset(data, 'z', 3);
    char *d = c ? dump_reader(c) : NULL;
    CHECK_STR(d, "1:<p><q>\nEND");
    free(d);
}

static void test_bad_separator(void)
{
    cks_csv *c = (cks_csv *)1;
    cks_error err;
    cks_error_clear(&err);
    CHECK_INT(cks_csv_open_mem("a|b\n", 4, NAME, '|', &c, &err), CKS_E_INVALID);
    CHECK(c == NULL);
    CHECK_STR(err.file, NAME);
    CHECK(err.msg[0] != '\0');
    c = (cks_csv *)1;
    CHECK_INT(cks_csv_open_mem("a b\n", 4, NAME, ' ', &c, &err), CKS_E_INVALID);
    CHECK(c == NULL);
    c = (cks_csv *)1;
    CHECK_INT(cks_csv_open_mem("a\"b\n", 4, NAME, '"', &c, &err), CKS_E_INVALID);
    CHECK(c == NULL);
}

static void test_bom(void)
{
    /* the BOM is not part of the first field */
    CHECK_DUMP("\xEF\xBB\xBFmã,tên\n1,2\n", 0, "1:<mã><tên>\n2:<1><2>\nEND");
    /* ... nor of the separator detection, nor of a quoted first field */
    CHECK(detected("\xEF\xBB\xBF\"a\";b;c\n") == ';');
    CHECK_DUMP("\xEF\xBB\xBF\"a\";b;c\n", 0, "1:<a><b><c>\nEND");
    /* CRLF after a BOM: still line 1, 2 */
    CHECK_DUMP("\xEF\xBB\xBFh\r\nv\r\n", 0, "1:<h>\n2:<v>\nEND");
    /* a BOM alone is an empty file */
    CHECK_DUMP("\xEF\xBB\xBF", 0, "END");
    /* only one BOM is removed; U+FEFF later on is text kept as read */
    CHECK_DUMP("\xEF\xBB\xBF\xEF\xBB\xBFx\n", 0, "1:<\xEF\xBB\xBFx>\nEND");
    CHECK_DUMP("a,\xEF\xBB\xBF" "b\n", 0, "1:<a><\xEF\xBB\xBF" "b>\nEND");
    /* the first two bytes of a BOM are not a BOM (and not UTF-8) */
    CHECK_DUMP("\xEF\xBBx\n", 0, "OPEN UTF8@1");
}

static void test_detect_separator(void)
{
    CHECK(detected("a,b,c\n1,2,3\n") == ',');
    CHECK(detected("a;b;c\n1;2;3\n") == ';');
    CHECK(detected("a\tb\tc\n1\t2\t3\n") == '\t');
    /* the most frequent one wins */
    CHECK(detected("a;b;c,d\n") == ';');
    CHECK(detected("a,b,c;d\n") == ',');
    CHECK(detected("a\tb\tc;d,e\n") == '\t');
    CHECK(detected("a;b\tc\td\n") == '\t');
    /* ties go to the comma */
    CHECK(detected("a;b,c\n") == ',');
    CHECK(detected("a\tb,c\n") == ',');
    CHECK(detected("a\tb;c,d\n") == ',');
    CHECK(detected("a;;b,,c\n") == ',');
    /* nothing to count: comma */
    CHECK(detected("abc\n") == ',');
    CHECK(detected("") == ',');
    /* separators inside quotes do not count */
    CHECK(detected("\"a,b,c\";d;e\n") == ';');
    CHECK(detected("\"x;y;z;w\",a,b\n") == ',');
    CHECK(detected("\"a\tb\tc\";d\n") == ';');
    CHECK(detected("\"say \"\"x,y,z\"\"\";a;b\n") == ';');
    /* a quoted header field may span lines; its line break ends nothing */
    CHECK(detected("\"ghi\nchú,,,\";a;b\n") == ';');
    /* only the header line counts */
    CHECK(detected("a,b\nc;d;e;f\n") == ',');
    CHECK(detected("a;b\r\nc,d,e,f\r\n") == ';');
    CHECK(detected("a;b\rc,d,e,f\r") == ';');
    /* the header line is the first line read: leading blank lines and lines
     * of only separators are skipped by the reader, so by detection too */
    CHECK(detected("\n\r\na;b;c\n") == ';');
    CHECK(detected("\xEF\xBB\xBF\na\tb\n") == '\t');
    CHECK(detected(",,,\na;b;c\n") == ';');
    CHECK_DUMP("\n\nmã;tên\n1;2\n", 0, "3:<mã><tên>\n4:<1><2>\nEND");
    /* a quote inside an unquoted field is a letter, also for detection */
    CHECK(detected("c\u1ee1 5\";x;y\nz;w;v\n") == ';');
    CHECK_DUMP("a\"b;c;d\ne;f;g\n", 0, "1:<a\"b><c><d>\n2:<e><f><g>\nEND");
    /* an explicit separator is used as given */
    CHECK_DUMP("a;b,c\n", ';', "1:<a><b,c>\nEND");
    CHECK_DUMP("a;b,c\n", ',', "1:<a;b><c>\nEND");
    CHECK_DUMP("a;b,c\td\n", '\t', "1:<a;b,c><d>\nEND");
}

/* --------------------------------------------------------------- quotes */

static void test_quotes(void)
{
    /* separators and doubled quotes inside quotes */
    CHECK_DUMP("\"a,b\",\"say \"\"hi\"\"\",c\n", 0, "1:<a,b><say \"hi\"><c>\nEND");
    CHECK_DUMP("\"a;b\";\"c\"\n", ';', "1:<a;b><c>\nEND");
    CHECK_DUMP("\"a\tb\"\tc\n", '\t', "1:<a\tb><c>\nEND");
    /* "" alone is an empty field; """" is one quote */
    CHECK_DUMP("\"\",\"\"\"\",x\n", 0, "1:<><\"><x>\nEND");
    /* LF, CRLF and CR inside quotes all become "\n" */
    CHECK_DUMP("\"l1\nl2\",z\n", 0, "1:<l1\nl2><z>\nEND");
    CHECK_DUMP("\"l1\r\nl2\",z\r\n", 0, "1:<l1\nl2><z>\nEND");
    CHECK_DUMP("\"l1\rl2\",z\r", 0, "1:<l1\nl2><z>\nEND");
    CHECK_DUMP("\"\n\",z\n", 0, "1:<\n><z>\nEND");
    CHECK_DUMP("\"\r\n\r\n\"\n", 0, "1:<\n\n>\nEND");
    /* a quoted field at the end of the input, with and without line end */
    CHECK_DUMP("a,\"b\"", 0, "1:<a><b>\nEND");
    CHECK_DUMP("a,\"b\"\r\n", 0, "1:<a><b>\nEND");
    CHECK_DUMP("a,\"\"", 0, "1:<a><>\nEND");
    /* a quote inside an unquoted field is taken literally */
    CHECK_DUMP("ab\"c,d\"e\"\n", 0, "1:<ab\"c><d\"e\">\nEND");
    CHECK_DUMP("màn hình 15\",x\n", 0, "1:<màn hình 15\"><x>\nEND");
    CHECK_DUMP(" \"x\",y\n", 0, "1:< \"x\"><y>\nEND");
    CHECK_DUMP("a\"\nb\"\n", 0, "1:<a\">\n2:<b\">\nEND");
}

static void test_quoted_line_numbers(void)
{
    /* a record after a multi-line quoted field starts at its physical line */
    CHECK_DUMP("h1,h2\n\"x\ny\",z\nnext,1\n", 0,
               "1:<h1><h2>\n2:<x\ny><z>\n4:<next><1>\nEND");
    CHECK_DUMP("h1,h2\r\n\"x\r\ny\r\nw\",z\r\nnext,1\r\n", 0,
               "1:<h1><h2>\n2:<x\ny\nw><z>\n5:<next><1>\nEND");
    CHECK_DUMP("h1,h2\r\"x\ry\",z\rnext,1\r", 0,
               "1:<h1><h2>\n2:<x\ny><z>\n4:<next><1>\nEND");
    /* two multi-line fields in one record */
    CHECK_DUMP("\"a\nb\",\"c\n\nd\"\ne,f\n", 0, "1:<a\nb><c\n\nd>\n5:<e><f>\nEND");
    /* blank lines inside quotes are kept, blank lines after are skipped */
    CHECK_DUMP("\"a\n\n\"\n\n\nb\n", 0, "1:<a\n\n>\n6:<b>\nEND");
}

/* ------------------------------------------------------------ line ends */

static void test_line_ends(void)
{
    CHECK_DUMP("a,b\nc,d\ne,f\n", 0, "1:<a><b>\n2:<c><d>\n3:<e><f>\nEND");
    CHECK_DUMP("a,b\r\nc,d\r\ne,f\r\n", 0, "1:<a><b>\n2:<c><d>\n3:<e><f>\nEND");
    CHECK_DUMP("a,b\rc,d\re,f\r", 0, "1:<a><b>\n2:<c><d>\n3:<e><f>\nEND");
    /* mixed in one file */
    CHECK_DUMP("a\nb\r\nc\rd", 0, "1:<a>\n2:<b>\n3:<c>\n4:<d>\nEND");
    /* LF CR is two line ends (a blank line between), CR LF is one */
    CHECK_DUMP("a\n\rb\n", 0, "1:<a>\n3:<b>\nEND");
    CHECK_DUMP("a\r\r\nb\n", 0, "1:<a>\n3:<b>\nEND");
    /* the last field ends at the end of the file without a line end */
    CHECK_DUMP("a,b\nc,d", 0, "1:<a><b>\n2:<c><d>\nEND");
    CHECK_DUMP("x", 0, "1:<x>\nEND");
}

static void test_blank_lines(void)
{
    /* empty lines and lines of only separators are skipped */
    CHECK_DUMP("a,b\n\n,,\n,\n\r\nc,d\n\n", 0, "1:<a><b>\n6:<c><d>\nEND");
    CHECK_DUMP("\n\n\na;b\n;;;\n;\nc;d\n", 0, "4:<a><b>\n7:<c><d>\nEND");
    CHECK_DUMP("a\tb\n\t\t\n\t\nc\td\n", 0, "1:<a><b>\n4:<c><d>\nEND");
    CHECK_DUMP("a,b\r\n,\r,,\r\n\rc,d", 0, "1:<a><b>\n5:<c><d>\nEND");
    /* only blank lines: no record */
    CHECK_DUMP("\n\n\r\n\r", 0, "END");
    CHECK_DUMP(",,,\n,\n", ',', "END");
    /* a quoted empty field is a value someone wrote: not skipped */
    CHECK_DUMP("a,b\n\"\",\nc,d\n", 0, "1:<a><b>\n2:<><>\n3:<c><d>\nEND");
    CHECK_DUMP("a,b\n,\"\"\n", 0, "1:<a><b>\n2:<><>\nEND");
    CHECK_DUMP("\"\"\n", 0, "1:<>\nEND");
    /* white space is text: not a blank line */
    CHECK_DUMP("a,b\n \n,\t\n", ',', "1:<a><b>\n2:< >\n3:<><\t>\nEND");
    /* the other separators are text when not in use */
    CHECK_DUMP("a,b\n;;\n", ',', "1:<a><b>\n2:<;;>\nEND");
}

/* ------------------------------------------------------- field layouts */

static void test_trailing_and_empty_fields(void)
{
    /* a separator at the end gives an empty last field */
    CHECK_DUMP("a,b,\n", 0, "1:<a><b><>\nEND");
    CHECK_DUMP("a,b,", 0, "1:<a><b><>\nEND");
    CHECK_DUMP("a,b,\r\n1,2,\r\n", 0, "1:<a><b><>\n2:<1><2><>\nEND");
    CHECK_DUMP("a;b;\n", 0, "1:<a><b><>\nEND");
    CHECK_DUMP("\"a\",\n", 0, "1:<a><>\nEND");
    /* empty fields at the start and in the middle */
    CHECK_DUMP(",a\n", 0, "1:<><a>\nEND");
    CHECK_DUMP("a,,b\n", 0, "1:<a><><b>\nEND");
    CHECK_DUMP(",,x,,\n", 0, "1:<><><x><><>\nEND");
    /* records may have different numbers of fields: the importer decides */
    CHECK_DUMP("a,b,c\n1\n1,2,3,4\n", 0, "1:<a><b><c>\n2:<1>\n3:<1><2><3><4>\nEND");
}

static void test_empty_input(void)
{
    CHECK_DUMP("", 0, "END");
    CHECK_DUMP("", ';', "END");
    /* NULL with length 0 is an empty input too */
    char *d = dump_mem(NULL, 0, 0);
    CHECK_STR(d, "END");
    free(d);

    cks_csv *c = NULL;
    cks_error err;
    cks_error_clear(&err);
    CHECK_INT(cks_csv_open_mem("", 0, "rỗng.csv", 0, &c, &err), CKS_E_OK);
    CHECK(c != NULL);
    if (c) {
        CHECK_INT(cks_csv_separator(c), ',');
        cks_csv_record rec;
        CHECK_INT(cks_csv_next(c, &rec, &err), CKS_E_NOTFOUND);
        CHECK_INT(cks_csv_next(c, &rec, &err), CKS_E_NOTFOUND);
        cks_csv_free(c);
    }
    /* a NULL name is allowed */
    c = NULL;
    CHECK_INT(cks_csv_open_mem("a", 1, NULL, 0, &c, &err), CKS_E_OK);
    if (c) {
        CHECK_STR(cks_csv_name(c), "");
        cks_csv_free(c);
    }
}

/* -------------------------------------------------------------- errors */

static void test_unterminated_quote(void)
{
    /* reported at the line where the quote opened, not at the end */
    expect_next_error("a,b\nc,\"open\nmore\nlines\n", CKS_E_INVALID, 2, NULL);
    expect_next_error("\"never closed,x\ny\n", CKS_E_INVALID, 1, NULL);
    expect_next_error("a\r\nb\r\n\r\n\"x\r\ny", CKS_E_INVALID, 4, NULL);
    expect_next_error("a\rb\r\"x\ry", CKS_E_INVALID, 3, NULL);
    /* after a multi-line quoted field the line is still the physical one */
    expect_next_error("h\n\"a\nb\nc\"\n\"open", CKS_E_INVALID, 5, NULL);
    /* a quote opening later in a record than the record's first line */
    expect_next_error("h\n\"a\nb\",\"c\nd\n", CKS_E_INVALID, 3, NULL);
    expect_next_error("h,i\r\n\"a\r\n\r\nb\",\"c\r\nd\r\n", CKS_E_INVALID, 4, NULL);
    /* a quote at the very end */
    expect_next_error("a,b\nc,\"", CKS_E_INVALID, 2, NULL);
    /* a doubled quote at the end does not close */
    expect_next_error("\"a\"\"", CKS_E_INVALID, 1, NULL);

    /* the records before the bad one are returned first */
    CHECK_DUMP("a,b\nc,d\n\"e\n", 0, "1:<a><b>\n2:<c><d>\nERR INVALID@3");

    /* with the name passed at open */
    cks_csv *c = NULL;
    cks_error err;
    cks_error_clear(&err);
    const char *in = "mã,tên\n1,\"Nguyễn\nVăn\n";
    CHECK_INT(cks_csv_open_mem(in, strlen(in), "/tmp/chứng thư.csv", 0, &c, &err),
              CKS_E_OK);
    if (c) {
        cks_csv_record rec;
        CHECK_INT(cks_csv_next(c, &rec, &err), CKS_E_OK);
        CHECK_INT(cks_csv_next(c, &rec, &err), CKS_E_INVALID);
        CHECK_INT(err.code, CKS_E_INVALID);
        CHECK_STR(err.file, "/tmp/chứng thư.csv");
        CHECK_INT(err.line, 2);
        CHECK(err.msg[0] != '\0');
        cks_csv_free(c);
    }
}

static void test_text_after_quote(void)
{
    expect_next_error("\"a\"b,c\n", CKS_E_INVALID, 1, NULL);
    expect_next_error("h\n\"a\" ,c\n", CKS_E_INVALID, 2, NULL);
    expect_next_error("h\nx,\"a\"\"\"b\n", CKS_E_INVALID, 2, NULL);
    /* the line is the one where the junk is (where the quote closed) */
    expect_next_error("h\n\"multi\nline\"junk\n", CKS_E_INVALID, 3, NULL);
    /* a quote right after a closing quote would be "" : here it is text */
    CHECK_DUMP("h\n\"a\"\"b\"\n", 0, "1:<h>\n2:<a\"b>\nEND");
    CHECK_DUMP("x,y\n\"a\"x\n", 0, "1:<x><y>\nERR INVALID@2");
    /* with another separator, the comma after a quote is text after it */
    CHECK_DUMP("a;b\n\"x\",y\n", ';', "1:<a><b>\nERR INVALID@2");
}

static void test_invalid_utf8(void)
{
    /* refused at open, at the line of the first bad byte */
    const char bad3[] = "a,b\nc,d\ne,\xff\n";
    expect_open_error(bad3, sizeof bad3 - 1, CKS_E_UTF8, 3);
    const char bad1[] = "\xC3(,x\n";
    expect_open_error(bad1, sizeof bad1 - 1, CKS_E_UTF8, 1);
    /* CRLF and CR line ends count once each */
    const char crlf[] = "a\r\nb\r\n\r\nc\xE1\xBA\n";
    expect_open_error(crlf, sizeof crlf - 1, CKS_E_UTF8, 4);
    const char cr[] = "a\rb\r\xC0\xAF\r";
    expect_open_error(cr, sizeof cr - 1, CKS_E_UTF8, 3);
    /* inside a quoted field the physical line counts */
    const char q[] = "h\n\"x\ny\nz\xED\xA0\x80\"\n";
    expect_open_error(q, sizeof q - 1, CKS_E_UTF8, 4);
    /* after a BOM */
    const char bom[] = "\xEF\xBB\xBFh\n\x80\n";
    expect_open_error(bom, sizeof bom - 1, CKS_E_UTF8, 2);
    /* Latin-1 / Windows-1258 text, as Excel's plain "CSV" writes it */
    const char latin[] = "t\xEAn,m\xE3\n";
    expect_open_error(latin, sizeof latin - 1, CKS_E_UTF8, 1);
    /* truncated sequence at the very end; beyond U+10FFFF */
    const char trunc[] = "a\nb\nC\xE1\xBA";
    expect_open_error(trunc, sizeof trunc - 1, CKS_E_UTF8, 3);
    const char big[] = "\xF4\x90\x80\x80";
    expect_open_error(big, sizeof big - 1, CKS_E_UTF8, 1);
    /* NUL bytes are refused too */
    const char nul[] = "a,b\nc\0d,e\n";
    expect_open_error(nul, sizeof nul - 1, CKS_E_UTF8, 2);
    CHECK_DUMP_N("\0", 0, "OPEN UTF8@1");
    CHECK_DUMP_N("a\n\"x\0\"\n", 0, "OPEN UTF8@2");
    /* the message names the byte (1-based) */
    cks_csv *c = NULL;
    cks_error err;
    cks_error_clear(&err);
    CHECK_INT(cks_csv_open_mem(bad3, sizeof bad3 - 1, NAME, 0, &c, &err), CKS_E_UTF8);
    CHECK(strstr(err.msg, "11") != NULL);
    /* valid four-byte characters and Vietnamese pass through */
    CHECK_DUMP("\xF0\x9F\x98\x80,Đặng Thị Ngọc Hường\n", 0,
               "1:<\xF0\x9F\x98\x80><Đặng Thị Ngọc Hường>\nEND");
}

static void test_too_many_fields(void)
{
    /* exactly CKS_CSV_MAX_FIELDS fields are fine */
    char *line = repeat(',', CKS_CSV_MAX_FIELDS - 1, "h\nfirst", "last\n");
    cks_csv *c = NULL;
    cks_error err;
    cks_error_clear(&err);
    CHECK_INT(cks_csv_open_mem(line, strlen(line), NAME, ',', &c, &err), CKS_E_OK);
    if (c) {
        cks_csv_record rec;
        CHECK_INT(cks_csv_next(c, &rec, &err), CKS_E_OK);
        CHECK_INT(cks_csv_next(c, &rec, &err), CKS_E_OK);
        CHECK_INT(rec.count, CKS_CSV_MAX_FIELDS);
        CHECK_INT(rec.line, 2);
        CHECK_STR(rec.fields[0], "first");
        CHECK_STR(rec.fields[1], "");
        CHECK_STR(rec.fields[CKS_CSV_MAX_FIELDS - 1], "last");
        CHECK_INT(cks_csv_next(c, &rec, &err), CKS_E_NOTFOUND);
        cks_csv_free(c);
    }
    free(line);

    /* one more is an error at the record's line, not a crash */
    line = repeat(',', CKS_CSV_MAX_FIELDS, "h\n\n\"a\nb\"", "z\n");
    expect_next_error(line, CKS_E_TOOLONG, 3, "256");
    free(line);
    line = repeat(';', 1000, "x;y\n", "a\n");
    expect_next_error(line, CKS_E_TOOLONG, 2, NULL);
    free(line);
    /* trailing separator making field 257 */
    line = repeat('\t', CKS_CSV_MAX_FIELDS, "x", "\n");
    {
        char *d = dump_mem(line, strlen(line), '\t');
        CHECK_STR(d, "ERR TOOLONG@1");
        free(d);
    }
    free(line);
    /* a line of only separators is skipped however long it is */
    line = repeat(',', 1000, "a,b\n", "\nc,d\n");
    {
        char *d = dump_mem(line, strlen(line), 0);
        CHECK_STR(d, "1:<a><b>\n3:<c><d>\nEND");
        free(d);
    }
    free(line);
    line = repeat(';', 300, "a;b\r\n", "");
    {
        char *d = dump_mem(line, strlen(line), 0);
        CHECK_STR(d, "1:<a><b>\nEND");
        free(d);
    }
    free(line);
    /* ... but not when something follows the many separators */
    line = repeat(',', 300, "a,b\n", "x\n");
    {
        char *d = dump_mem(line, strlen(line), 0);
        CHECK_STR(d, "1:<a><b>\nERR TOOLONG@2");
        free(d);
    }
    free(line);
    line = repeat(',', 300, "a,b\n", "\"\"\n");
    {
        char *d = dump_mem(line, strlen(line), 0);
        CHECK_STR(d, "1:<a><b>\nERR TOOLONG@2");
        free(d);
    }
    free(line);
}

static void test_long_fields(void)
{
    /* exactly CKS_CSV_MAX_FIELD_BYTES bytes are fine */
    char *s = repeat('x', CKS_CSV_MAX_FIELD_BYTES, "a,b\nc,", ",d\n");
    cks_csv *c = NULL;
    cks_error err;
    cks_error_clear(&err);
    CHECK_INT(cks_csv_open_mem(s, strlen(s), NAME, 0, &c, &err), CKS_E_OK);
    if (c) {
        cks_csv_record rec;
        CHECK_INT(cks_csv_next(c, &rec, &err), CKS_E_OK);
        CHECK_INT(cks_csv_next(c, &rec, &err), CKS_E_OK);
        CHECK_INT(rec.count, 3);
        CHECK_STR(rec.fields[0], "c");
        CHECK_INT(strlen(rec.fields[1]), CKS_CSV_MAX_FIELD_BYTES);
        CHECK(rec.fields[1][0] == 'x' && rec.fields[1][CKS_CSV_MAX_FIELD_BYTES - 1] == 'x');
        CHECK_STR(rec.fields[2], "d");
        CHECK_INT(cks_csv_next(c, &rec, &err), CKS_E_NOTFOUND);
        cks_csv_free(c);
    }
    free(s);

    /* one byte more is an error at the record's line */
    s = repeat('x', CKS_CSV_MAX_FIELD_BYTES + 1, "a,b\nc,", ",d\n");
    expect_next_error(s, CKS_E_TOOLONG, 2, NULL);
    free(s);
    /* also when quoted, counted after decoding: the "" after the opening
     * quote is one byte */
    s = repeat('y', CKS_CSV_MAX_FIELD_BYTES - 1, "h\n\"\"\"", "\"\n");
    {
        char *d = dump_mem(s, strlen(s), 0);
        CHECK(d != NULL && strncmp(d, "1:<h>\n2:<\"yyy", 13) == 0);
        CHECK(d != NULL && strlen(d) == 6 + 3 + CKS_CSV_MAX_FIELD_BYTES + 2 + 3);
        free(d);
    }
    free(s);
    s = repeat('y', CKS_CSV_MAX_FIELD_BYTES, "h\n\n\"\"\"", "\"\n");
    expect_next_error(s, CKS_E_TOOLONG, 3, NULL);
    free(s);
    /* a long quoted field spanning lines: reported where the record starts */
    s = repeat('\n', CKS_CSV_MAX_FIELD_BYTES + 5, "h\nv,\"", "\"\n");
    expect_next_error(s, CKS_E_TOOLONG, 2, NULL);
    free(s);
    /* the last field, without a line end */
    s = repeat('z', CKS_CSV_MAX_FIELD_BYTES + 1, "", "");
    expect_next_error(s, CKS_E_TOOLONG, 1, NULL);
    free(s);
}

static void test_big_record_buffer(void)
{
    /* fields past the reader's first buffer size keep their contents */
    sbuf b = {NULL, 0, 0};
    sb_add(&b, "h1,h2,h3,h4\n");
    char *f1 = repeat('a', 5000, "", "");
    char *f2 = repeat('b', 20000, "", "");
    char *f3 = repeat('c', 3, "", "");
    sb_add(&b, f1);
    sb_add(&b, ",");
    sb_add(&b, f2);
    sb_add(&b, ",");
    sb_add(&b, f3);
    sb_add(&b, ",\"");
    sb_add(&b, f1);
    sb_add(&b, "\"\nshort,x,y,z\n");
    cks_csv *c = NULL;
    cks_error err;
    cks_error_clear(&err);
    CHECK_INT(cks_csv_open_mem(b.s, b.len, NAME, 0, &c, &err), CKS_E_OK);
    if (c) {
        cks_csv_record rec;
        CHECK_INT(cks_csv_next(c, &rec, &err), CKS_E_OK);
        CHECK_INT(cks_csv_next(c, &rec, &err), CKS_E_OK);
        CHECK_INT(rec.count, 4);
        CHECK_INT(rec.line, 2);
        CHECK_STR(rec.fields[0], f1);
        CHECK_STR(rec.fields[1], f2);
        CHECK_STR(rec.fields[2], f3);
        CHECK_STR(rec.fields[3], f1);
        CHECK_INT(cks_csv_next(c, &rec, &err), CKS_E_OK);
        CHECK_INT(rec.line, 3);
        CHECK_STR(rec.fields[0], "short");
        CHECK_STR(rec.fields[3], "z");
        CHECK_INT(cks_csv_next(c, &rec, &err), CKS_E_NOTFOUND);
        cks_csv_free(c);
    }
    free(f1);
    free(f2);
    free(f3);
    free(b.s);
}

/* ---------------------------------------------------------------- files */

static char tmpdir[512];

static int write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = fwrite(data, 1, len, f);
    return (fclose(f) == 0 && n == len) ? 0 : -1;
}

static void test_open_file(void)
{
    char path[600];
    cks_csv *c = (cks_csv *)1;
    cks_error err;

    /* a missing file */
    snprintf(path, sizeof path, "%s/không-có.csv", tmpdir);
    cks_error_clear(&err);
    CHECK_INT(cks_csv_open_file(path, 0, &c, &err), CKS_E_IO);
    CHECK(c == NULL);
    CHECK_INT(err.code, CKS_E_IO);
    CHECK_STR(err.file, path);
    CHECK(err.msg[0] != '\0');

    /* a directory */
    c = (cks_csv *)1;
    cks_error_clear(&err);
    CHECK_INT(cks_csv_open_file(tmpdir, 0, &c, &err), CKS_E_IO);
    CHECK(c == NULL);
    CHECK_STR(err.file, tmpdir);
    CHECK(err.msg[0] != '\0');

    /* a bad separator */
    c = (cks_csv *)1;
    snprintf(path, sizeof path, "%s/sep.csv", tmpdir);
    CHECK_INT(write_file(path, "a,b\n", 4), 0);
    CHECK_INT(cks_csv_open_file(path, ':', &c, &err), CKS_E_INVALID);
    CHECK(c == NULL);

    /* a real file with BOM, ';' and CRLF as Excel writes it */
    const char body[] = "\xEF\xBB\xBF"
                        "Đơn vị;Loại;Họ tên\r\n"
                        "Phường Nghĩa Chánh;cá nhân;\"Trần Văn A\r\n(kế toán)\"\r\n"
                        "Xã Tịnh Ấn Tây;tổ chức;UBND\r\n";
    snprintf(path, sizeof path, "%s/chứng-thư.csv", tmpdir);
    CHECK_INT(write_file(path, body, sizeof body - 1), 0);
    c = NULL;
    cks_error_clear(&err);
    CHECK_INT(cks_csv_open_file(path, 0, &c, &err), CKS_E_OK);
    if (c) {
        CHECK_STR(cks_csv_name(c), path);
        CHECK_INT(cks_csv_separator(c), ';');
        char *d = dump_reader(c);
        CHECK_STR(d, "1:<Đơn vị><Loại><Họ tên>\n"
                     "2:<Phường Nghĩa Chánh><cá nhân><Trần Văn A\n(kế toán)>\n"
                     "4:<Xã Tịnh Ấn Tây><tổ chức><UBND>\nEND");
        free(d);
    }
    /* errors inside it carry the path */
    const char bad[] = "a,b\n\"c\n";
    snprintf(path, sizeof path, "%s/bad.csv", tmpdir);
    CHECK_INT(write_file(path, bad, sizeof bad - 1), 0);
    c = NULL;
    CHECK_INT(cks_csv_open_file(path, 0, &c, &err), CKS_E_OK);
    if (c) {
        cks_csv_record rec;
        CHECK_INT(cks_csv_next(c, &rec, &err), CKS_E_OK);
        CHECK_INT(cks_csv_next(c, &rec, &err), CKS_E_INVALID);
        CHECK_STR(err.file, path);
        CHECK_INT(err.line, 2);
        cks_csv_free(c);
    }
    const char latin[] = "a\nt\xEAn\n";
    CHECK_INT(write_file(path, latin, sizeof latin - 1), 0);
    c = (cks_csv *)1;
    cks_error_clear(&err);
    CHECK_INT(cks_csv_open_file(path, 0, &c, &err), CKS_E_UTF8);
    CHECK(c == NULL);
    CHECK_STR(err.file, path);
    CHECK_INT(err.line, 2);
    /* an empty file */
    snprintf(path, sizeof path, "%s/empty.csv", tmpdir);
    CHECK_INT(write_file(path, "", 0), 0);
    c = NULL;
    CHECK_INT(cks_csv_open_file(path, 0, &c, &err), CKS_E_OK);
    if (c) {
        cks_csv_record rec;
        CHECK_INT(cks_csv_next(c, &rec, &err), CKS_E_NOTFOUND);
        cks_csv_free(c);
    }
}

/* Opens shared/data/admin-units/<name>; NULL (with a note) when absent. */
static cks_csv *open_shared(const char *name, char *path, size_t n)
{
    const char *shared = getenv("CKS_SHARED_DIR");
    if (!shared || !*shared) {
        printf("note: CKS_SHARED_DIR is not set; %s not tested\n", name);
        return NULL;
    }
    snprintf(path, n, "%s/data/admin-units/%s", shared, name);
    if (access(path, R_OK) != 0) {
        printf("note: %s is absent; not tested\n", path);
        return NULL;
    }
    cks_csv *c = NULL;
    cks_error err;
    cks_error_clear(&err);
    CHECK_INT(cks_csv_open_file(path, 0, &c, &err), CKS_E_OK);
    if (!c)
        fprintf(stderr, "%s:%ld: %s\n", err.file, err.line, err.msg);
    return c;
}

static void test_real_quang_ngai(void)
{
    char path[1024];
    cks_csv *c = open_shared("quang-ngai.csv", path, sizeof path);
    if (!c)
        return;
    CHECK_INT(cks_csv_separator(c), ',');
    cks_csv_record rec;
    cks_error err;
    cks_err e;
    long n = 0, wrong_count = 0, wrong_line = 0, cam_thanh = 0;
    while ((e = cks_csv_next(c, &rec, &err)) == CKS_E_OK) {
        n++;
        if (n == 1) {
            CHECK_INT(rec.count, 11);
            CHECK_INT(rec.line, 1);
            if (rec.count == 11) {
                CHECK_STR(rec.fields[0], "new_code");
                CHECK_STR(rec.fields[2], "new_name");
                CHECK_STR(rec.fields[5], "old_name");
                CHECK_STR(rec.fields[10], "note");
            }
        }
        if (rec.count != 11)
            wrong_count++;
        if (rec.line != n)
            wrong_line++;
        for (size_t i = 0; i < rec.count; i++)
            if (strcmp(rec.fields[i], "Cẩm Thành") == 0)
                cam_thanh++;
    }
    CHECK_INT(e, CKS_E_NOTFOUND);
    CHECK_INT(n, 275);
    CHECK_INT(wrong_count, 0);
    CHECK_INT(wrong_line, 0);
    CHECK(cam_thanh > 0);
    cks_csv_free(c);
}

static void test_real_nso_tsv(void)
{
    char path[1024];
    cks_csv *c = open_shared("nso-old-to-new.tsv", path, sizeof path);
    if (!c)
        return;
    CHECK_INT(cks_csv_separator(c), '\t');
    cks_csv_record rec;
    cks_error err;
    cks_err e;
    long n = 0, wrong_count = 0, hanoi = 0;
    while ((e = cks_csv_next(c, &rec, &err)) == CKS_E_OK) {
        n++;
        if (n == 1 && rec.count == 8) {
            CHECK_STR(rec.fields[0], "new_province");
            CHECK_STR(rec.fields[7], "note");
        }
        if (rec.count != 8)
            wrong_count++;
        else if (strcmp(rec.fields[0], "Thành phố Hà Nội (01)") == 0)
            hanoi++;
    }
    CHECK_INT(e, CKS_E_NOTFOUND);
    CHECK_INT(n, 10572);
    CHECK_INT(wrong_count, 0);
    CHECK(hanoi > 0);
    cks_csv_free(c);
}

/* ----------------------------------------------------------------- main */

int main(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/cks-test-csv-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 2;
    }

    RUN(test_basic);
    RUN(test_bad_separator);
    RUN(test_bom);
    RUN(test_detect_separator);
    RUN(test_quotes);
    RUN(test_quoted_line_numbers);
    RUN(test_line_ends);
    RUN(test_blank_lines);
    RUN(test_trailing_and_empty_fields);
    RUN(test_empty_input);
    RUN(test_unterminated_quote);
    RUN(test_text_after_quote);
    RUN(test_invalid_utf8);
    RUN(test_too_many_fields);
    RUN(test_long_fields);
    RUN(test_big_record_buffer);
    RUN(test_open_file);
    RUN(test_real_quang_ngai);
    RUN(test_real_nso_tsv);

    /* remove what test_open_file wrote */
    const char *names[] = {"sep.csv", "chứng-thư.csv", "bad.csv", "empty.csv"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[600];
        snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
        unlink(path);
    }
    rmdir(tmpdir);
    return check_summary();
}

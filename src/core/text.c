/* text.c — Unicode text on utf8proc: validation, NFC, clean fields, display
 * width and the two comparison keys.
 *
 * Every transforming function works the same way: validate the input
 * strictly (so a bad byte is reported by its offset), decompose it with
 * utf8proc into code points, walk the code points once writing UTF-8 into
 * the front of the same memory block, and shrink the block to the result.
 * One malloc and one realloc per call; cks_text_same_name() and
 * cks_text_same_folded() use stack memory for short names and allocate
 * nothing.
 *
 * Choices the header leaves open:
 *  - An ill-formed sequence is reported at the offset of its first byte
 *    (the lead byte of a truncated or overlong sequence, or the stray byte).
 *  - Default-ignorable code points (zero-width space and joiners, soft
 *    hyphen, byte order mark, bidirectional controls, variation selectors)
 *    are removed by cks_text_clean() and by the keys, not made a space: they
 *    show nothing, so "Cẩm<ZWSP>Thành" is what the officer sees, "CẩmThành".
 *    cks_text_nfc() keeps them (it only normalises).
 *  - White space is ASCII HT LF VT FF CR and space, and every Unicode space
 *    separator (Zs: NBSP, U+2000..U+200A, U+202F, U+205F, U+3000...) plus
 *    the line and paragraph separators U+2028/U+2029. NEL (U+0085) is a C1
 *    control and is refused by cks_text_clean().
 *  - The keys never fail on control characters: there they separate words
 *    like white space. cks_text_ascii() turns them into '?', keeping only
 *    the ASCII white space characters.
 *  - The keys and cks_text_ascii() also lump typographic variants together
 *    (utf8proc LUMP: ’ ʼ → ', dashes → -, spaces → space), so "R’Lấp" and
 *    "R'Lấp" meet. The search key and cks_text_ascii() use compatibility
 *    decomposition as well (fullwidth letters, ligatures, "…" → "...").
 *  - The name key finds syllables as maximal runs of letters with their
 *    combining marks (anything else — space, hyphen, apostrophe, digit —
 *    ends a run), and moves the tone marks of each run to its end. The
 *    Icelandic eth Ð/ð and African D Ɖ/ɖ, which legacy fonts and
 *    converters left in place of Đ/đ, count as đ in both keys.
 *  - cks_text_fit() stops at the first invalid byte or control character,
 *    as if the text ended there; clusters are Unicode extended grapheme
 *    clusters, and a cluster's width is the sum of its code points' widths,
 *    as in cks_text_width(), so fit(s, width(s)) covers all of s.
 */
#include "cks/text.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "cks/i18n.h"

typedef utf8proc_int32_t cp_t;

/* ------------------------------------------------------------ UTF-8 input */

static bool is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* Decode one well-formed UTF-8 sequence at p (avail > 0 bytes left).
 * Returns its length 1..4 and sets *cp, or 0 when the sequence starting at p
 * is ill-formed (NUL, stray continuation, overlong, surrogate, above
 * U+10FFFF, truncated). */
static size_t decode_one(const unsigned char *p, size_t avail, cp_t *cp)
{
    unsigned char c = p[0];
    if (c == 0)
        return 0;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c < 0xC2 || c > 0xF4)
        return 0;
    if (c < 0xE0) {
        if (avail < 2 || !is_cont(p[1]))
            return 0;
        *cp = ((cp_t)(c & 0x1F) << 6) | (p[1] & 0x3F);
        return 2;
    }
    if (c < 0xF0) {
        unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
        unsigned char hi = c == 0xED ? 0x9F : 0xBF;
        if (avail < 3 || p[1] < lo || p[1] > hi || !is_cont(p[2]))
            return 0;
        *cp = ((cp_t)(c & 0x0F) << 12) | ((cp_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
        return 3;
    }
    unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
    unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;
    if (avail < 4 || p[1] < lo || p[1] > hi || !is_cont(p[2]) || !is_cont(p[3]))
        return 0;
    *cp = ((cp_t)(c & 0x07) << 18) | ((cp_t)(p[1] & 0x3F) << 12) |
          ((cp_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    return 4;
}

bool cks_text_valid(const char *s, size_t len, size_t *bad)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    if (!s && len > 0) {
        if (bad)
            *bad = 0;
        return false;
    }
    while (i < len) {
        cp_t cp;
        size_t n;
        /* ASCII fast path. */
        if (p[i] >= 0x01 && p[i] < 0x80) {
            i++;
            continue;
        }
        n = decode_one(p + i, len - i, &cp);
        if (n == 0) {
            if (bad)
                *bad = i;
            return false;
        }
        i += n;
    }
    return true;
}

/* ------------------------------------------------------ character classes */

static bool is_control(cp_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

static bool is_ascii_space(cp_t c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0D);
}

static bool is_space(cp_t c)
{
    if (c < 0x80)
        return is_ascii_space(c);
    if (c <= 0x9F)
        return false;
    utf8proc_category_t cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
           cat == UTF8PROC_CATEGORY_ZP;
}

static bool is_mark(cp_t c)
{
    if (c < 0x300)
        return false;
    utf8proc_category_t cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
           cat == UTF8PROC_CATEGORY_ME;
}

static bool is_letter(cp_t c)
{
    if (c < 0x80)
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    utf8proc_category_t cat = utf8proc_category(c);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

/* The five Vietnamese tone marks (and the deprecated grave/acute tone marks
 * U+0340/U+0341, which NFD already maps to U+0300/U+0301): their canonical
 * form, or 0 for any other code point. */
static cp_t tone_mark(cp_t c)
{
    switch (c) {
    case 0x0300: case 0x0301: case 0x0303: case 0x0309: case 0x0323:
        return c;
    case 0x0340:
        return 0x0300;
    case 0x0341:
        return 0x0301;
    default:
        return 0;
    }
}

/* Letters that stand for Đ/đ: Đ đ, Icelandic eth Ð ð, African D Ɖ ɖ. */
static bool is_d_stroke(cp_t c)
{
    return c == 0x0110 || c == 0x0111 || c == 0x00D0 || c == 0x00F0 ||
           c == 0x0189 || c == 0x0256;
}

static bool is_upper_d_stroke(cp_t c)
{
    return c == 0x0110 || c == 0x00D0 || c == 0x0189;
}

/* ----------------------------------------------------------- work buffers */

/* One memory block: the UTF-8 output area at the front (room for 4 bytes per
 * code point and a NUL), the decoded code points behind it. Writing the
 * output never reaches the code points still to be read. */
typedef struct work {
    char *out;
    cp_t *cp;
    utf8proc_ssize_t n; /* code points in cp */
    bool heap;          /* out was malloc'd (else it is the caller's stack) */
} work;

/* Code points the stack buffers of the same_* functions hold. */
enum { STACK_CPS = 96, STACK_WORDS = 2 * STACK_CPS + 1 };

static void work_free(work *w)
{
    if (w->heap)
        free(w->out);
    w->out = NULL;
    w->heap = false;
}

static bool work_alloc(work *w, size_t cap, cp_t *stack, size_t stack_words)
{
    if (cap > (SIZE_MAX / sizeof(cp_t) - 1) / 2)
        return false;
    size_t words = 2 * cap + 1; /* output: cap + 1 words; code points: cap */
    if (stack && words <= stack_words) {
        w->out = (char *)stack;
        w->heap = false;
    } else {
        w->out = malloc(words * sizeof(cp_t));
        if (!w->out)
            return false;
        w->heap = true;
    }
    w->cp = (cp_t *)(void *)w->out + cap + 1;
    w->n = 0;
    return true;
}

static bool fail_utf8(cks_error *err, size_t off)
{
    cks_error_set(err, CKS_E_UTF8, NULL, 0, NULL, _("invalid UTF-8 at byte %zu"),
                  off);
    return false;
}

static bool fail_nomem(cks_error *err)
{
    cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
    return false;
}

/* --------------------------------------------------- decomposition cache
 *
 * utf8proc_decompose_custom() is most of the time spent on a name. Names
 * are short and use few distinct characters, so the decomposition of each
 * code point below U+2000 (every Vietnamese letter) is remembered per set
 * of options, and a string made only of such code points is decomposed
 * from the cache, then put in canonical order exactly as utf8proc does
 * (a stable sort of each run of marks by combining class). Anything else
 * takes utf8proc's own path. Not thread-safe (the program has one thread).
 */
enum { DCACHE_LIMIT = 0x2000, DCACHE_SLOTS = 6, DCACHE_MAX_CPS = 3 };

typedef struct dcache_entry {
    unsigned char n; /* 0: not looked up yet; 1..4: n - 1 code points; 0xFF: too long */
    cp_t cp[DCACHE_MAX_CPS];
} dcache_entry;

static struct {
    utf8proc_option_t opts;
    dcache_entry *table;
} dcache[DCACHE_SLOTS];

static dcache_entry *dcache_table(utf8proc_option_t opts)
{
    for (int i = 0; i < DCACHE_SLOTS; i++) {
        if (dcache[i].table && dcache[i].opts == opts)
            return dcache[i].table;
        if (!dcache[i].table) {
            dcache[i].table = calloc(DCACHE_LIMIT, sizeof(dcache_entry));
            if (!dcache[i].table)
                return NULL;
            dcache[i].opts = opts;
            return dcache[i].table;
        }
    }
    return NULL;
}

static const dcache_entry *dcache_get(dcache_entry *table, cp_t c, utf8proc_option_t opts)
{
    dcache_entry *e = &table[c];
    if (e->n == 0) {
        cp_t buf[8];
        int last = 0;
        utf8proc_ssize_t r = utf8proc_decompose_char(c, buf, 8, opts, &last);
        if (r < 0 || r > DCACHE_MAX_CPS) {
            e->n = 0xFF;
        } else {
            memcpy(e->cp, buf, (size_t)r * sizeof(cp_t));
            e->n = (unsigned char)(r + 1);
        }
    }
    return e;
}

static int ccc(cp_t c)
{
    return utf8proc_get_property(c)->combining_class;
}

/* Decompose s[0..len) from the cache into w->cp (room for cap code points).
 * False when some code point is not cacheable or the room runs out: the
 * caller then takes utf8proc's path. */
static bool decode_cached(work *w, const char *s, size_t len, size_t cap,
                          utf8proc_option_t opts)
{
    dcache_entry *table = dcache_table(opts);
    if (!table)
        return false;
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        cp_t c;
        size_t k = decode_one(p + i, len - i, &c);
        if (k == 0 || c >= DCACHE_LIMIT)
            return false;
        const dcache_entry *e = dcache_get(table, c, opts);
        if (e->n == 0xFF || n + (size_t)(e->n - 1) > cap)
            return false;
        for (int j = 0; j < e->n - 1; j++) {
            cp_t d = e->cp[j];
            /* canonical order: a mark moves before marks of a higher class */
            int cd = d >= 0x0300 ? ccc(d) : 0;
            size_t at = n;
            while (cd > 0 && at > 0) {
                int cprev = w->cp[at - 1] >= 0x0300 ? ccc(w->cp[at - 1]) : 0;
                if (cprev <= cd)
                    break;
                w->cp[at] = w->cp[at - 1];
                at--;
            }
            w->cp[at] = d;
            n++;
        }
        i += k;
    }
    w->n = (utf8proc_ssize_t)n;
    return true;
}

/* Validate s (NUL-terminated) and decode it into w with utf8proc options
 * opts. On false *err is set and w holds nothing. */
static bool work_decode(work *w, const char *s, utf8proc_option_t opts,
                        cp_t *stack, size_t stack_words, cks_error *err)
{
    w->out = NULL;
    w->heap = false;
    if (!s) {
        cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL, NULL);
        return false;
    }
    size_t len = strlen(s), bad = 0;
    if (!cks_text_valid(s, len, &bad))
        return fail_utf8(err, bad);
    if (len > (size_t)(PTRDIFF_MAX / 16))
        return fail_nomem(err);
    /* Vietnamese never decomposes into more code points than it has bytes;
     * other scripts may need a second, exactly sized, round. */
    size_t cap = len ? len : 1;
    if (!work_alloc(w, cap, stack, stack_words))
        return fail_nomem(err);
    if (decode_cached(w, s, len, cap, opts))
        return true;
    work_free(w);
    for (int round = 0; round < 2; round++) {
        if (!work_alloc(w, cap, stack, stack_words))
            return fail_nomem(err);
        utf8proc_ssize_t r = utf8proc_decompose_custom(
            (const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, w->cp,
            (utf8proc_ssize_t)cap, opts, NULL, NULL);
        if (r < 0) {
            work_free(w);
            if (r == UTF8PROC_ERROR_INVALIDUTF8)
                return fail_utf8(err, 0); /* not reached: validated above */
            return fail_nomem(err);
        }
        if ((size_t)r <= cap) {
            w->n = r;
            return true;
        }
        work_free(w);
        cap = (size_t)r;
    }
    return fail_nomem(err);
}

static size_t put(char *out, size_t pos, cp_t c)
{
    return pos + (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)out + pos);
}

/* NUL-terminate the output and hand it over, shrunk to fit. */
static char *work_finish(work *w, size_t len)
{
    w->out[len] = '\0';
    if (!w->heap) {
        char *copy = malloc(len + 1);
        if (copy)
            memcpy(copy, w->out, len + 1);
        return copy;
    }
    char *shrunk = realloc(w->out, len + 1);
    return shrunk ? shrunk : w->out;
}

/* Compose the code points w->cp[0..n) (NFD, canonically ordered) and write
 * them as UTF-8. Returns the byte length. */
static size_t compose_out(work *w, utf8proc_ssize_t n)
{
    utf8proc_ssize_t m =
        utf8proc_normalize_utf32(w->cp, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    size_t len = 0;
    for (utf8proc_ssize_t i = 0; i < m; i++)
        len = put(w->out, len, w->cp[i]);
    return len;
}

/* ------------------------------------------------------------ NFC, clean */

/* True when s is certainly NFC already and holds nothing that clean
 * changes but ASCII white space: ASCII (no controls but white space),
 * precomposed Latin letters U+00C0..U+024F and U+1E00..U+1EFF (every
 * Vietnamese letter), none of which NFC alters. Most fields are like this,
 * and they skip decomposition and composition altogether. */
static bool quick_nfc(const char *s, size_t *len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (p[i]) {
        cp_t c;
        if (p[i] < 0x80) {
            if (is_control(p[i]) && !is_ascii_space(p[i]))
                return false;
            i++;
            continue;
        }
        size_t n = decode_one(p + i, SIZE_MAX - i, &c);
        if (n == 0 || !((c >= 0xC0 && c <= 0x24F) || (c >= 0x1E00 && c <= 0x1EFF)))
            return false;
        i += n;
    }
    *len = i;
    return true;
}

char *cks_text_nfc(const char *s, cks_error *err)
{
    size_t len;
    if (s && quick_nfc(s, &len)) {
        char *copy = malloc(len + 1);
        if (!copy)
            fail_nomem(err);
        else
            memcpy(copy, s, len + 1);
        return copy;
    }
    work w;
    if (!work_decode(&w, s, UTF8PROC_COMPOSE | UTF8PROC_STABLE, NULL, 0, err))
        return NULL;
    return work_finish(&w, compose_out(&w, w.n));
}

char *cks_text_upper(const char *s, cks_error *err)
{
    work w;
    if (!work_decode(&w, s, UTF8PROC_COMPOSE | UTF8PROC_STABLE, NULL, 0, err))
        return NULL;
    for (utf8proc_ssize_t i = 0; i < w.n; i++)
        w.cp[i] = utf8proc_toupper(w.cp[i]);
    char *r = work_finish(&w, compose_out(&w, w.n));
    if (!r)
        fail_nomem(err);
    return r;
}

char *cks_text_clean(const char *s, cks_error *err)
{
    size_t len;
    if (s && quick_nfc(s, &len)) {
        char *out = malloc(len + 1);
        size_t k = 0;
        bool gap = false;
        if (!out) {
            fail_nomem(err);
            return NULL;
        }
        for (size_t i = 0; i < len; i++) {
            if (is_ascii_space((unsigned char)s[i])) {
                gap = k > 0;
                continue;
            }
            if (gap)
                out[k++] = ' ';
            gap = false;
            out[k++] = s[i];
        }
        out[k] = '\0';
        return out;
    }
    if (s) {
        /* Find control characters in the input, where offsets mean something
         * to the user. Invalid UTF-8 is left for work_decode to report. */
        const unsigned char *p = (const unsigned char *)s;
        for (size_t i = 0; p[i];) {
            cp_t c;
            size_t n = decode_one(p + i, SIZE_MAX - i, &c);
            if (n == 0)
                break;
            if (is_control(c) && !is_ascii_space(c)) {
                cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL,
                              _("control character U+%04lX at byte %zu is not "
                                "allowed"),
                              (unsigned long)c, i);
                return NULL;
            }
            i += n;
        }
    }
    work w;
    if (!work_decode(&w, s, UTF8PROC_COMPOSE | UTF8PROC_STABLE | UTF8PROC_IGNORE,
                     NULL, 0, err))
        return NULL;
    /* Collapse white space in place (the write index never passes the read
     * index), then compose. */
    utf8proc_ssize_t k = 0;
    bool gap = false;
    for (utf8proc_ssize_t i = 0; i < w.n; i++) {
        cp_t c = w.cp[i];
        if (is_space(c)) {
            gap = k > 0;
            continue;
        }
        if (gap)
            w.cp[k++] = ' ';
        gap = false;
        w.cp[k++] = c;
    }
    return work_finish(&w, compose_out(&w, k));
}

/* ------------------------------------------------------------ width, fit */

int cks_text_width(const char *s)
{
    if (!s)
        return -1;
    const unsigned char *p = (const unsigned char *)s;
    long long cols = 0;
    size_t i = 0;
    while (p[i]) {
        cp_t c;
        size_t n = decode_one(p + i, SIZE_MAX - i, &c);
        if (n == 0 || is_control(c))
            return -1;
        cols += utf8proc_charwidth(c);
        i += n;
    }
    return cols > INT_MAX ? INT_MAX : (int)cols;
}

size_t cks_text_fit(const char *s, int max_cols, int *cols)
{
    const unsigned char *p = (const unsigned char *)s;
    long long used = 0, cluster_cols = 0;
    size_t fitted = 0, start = 0, i = 0;
    cp_t prev = -1;
    utf8proc_int32_t state = 0;

    if (s && max_cols > 0) {
        for (;;) {
            cp_t c = 0;
            size_t n = p[i] ? decode_one(p + i, SIZE_MAX - i, &c) : 0;
            bool end = n == 0 || is_control(c);
            if (end || (prev >= 0 && utf8proc_grapheme_break_stateful(prev, c, &state))) {
                /* The cluster [start, i) is complete. */
                if (i > start) {
                    if (cluster_cols > max_cols - used)
                        break;
                    used += cluster_cols;
                    fitted = i;
                }
                if (end)
                    break;
                start = i;
                cluster_cols = 0;
            }
            cluster_cols += utf8proc_charwidth(c);
            prev = c;
            i += n;
        }
    }
    if (cols)
        *cols = (int)used;
    return fitted;
}

/* ------------------------------------------------------------------ keys */

typedef enum key_kind { KEY_FOLD, KEY_NAME } key_kind;

/* Build the key of s in w; *len receives its byte length (not terminated). */
static bool make_key(key_kind kind, const char *s, work *w, cp_t *stack,
                     size_t stack_words, size_t *len, cks_error *err)
{
    utf8proc_option_t opts = UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |
                             UTF8PROC_LUMP | UTF8PROC_IGNORE;
    if (kind == KEY_FOLD)
        opts |= UTF8PROC_COMPAT;
    if (!work_decode(w, s, opts, stack, stack_words, err))
        return false;

    const cp_t *cp = w->cp;
    utf8proc_ssize_t n = w->n, i = 0;
    size_t pos = 0;
    bool gap = false;
    while (i < n) {
        cp_t c = cp[i];
        if (is_space(c) || is_control(c)) {
            gap = pos > 0;
            i++;
            continue;
        }
        if (kind == KEY_FOLD) {
            i++;
            if (is_mark(c))
                continue;
            if (is_d_stroke(c))
                c = 'd';
        } else if (is_letter(c)) {
            /* A syllable: letters and their marks. Everything but the tone
             * marks first, in order, then the tone marks, in order. */
            utf8proc_ssize_t end = i + 1;
            while (end < n && (is_letter(cp[end]) || is_mark(cp[end])))
                end++;
            if (gap)
                w->out[pos++] = ' ';
            gap = false;
            for (utf8proc_ssize_t j = i; j < end; j++) {
                if (!tone_mark(cp[j]))
                    pos = put(w->out, pos, is_d_stroke(cp[j]) ? 0x0111 : cp[j]);
            }
            for (utf8proc_ssize_t j = i; j < end; j++) {
                cp_t t = tone_mark(cp[j]);
                if (t)
                    pos = put(w->out, pos, t);
            }
            i = end;
            continue;
        } else {
            i++;
        }
        if (gap)
            w->out[pos++] = ' ';
        gap = false;
        pos = put(w->out, pos, c);
    }
    *len = pos;
    return true;
}

static char *key_string(key_kind kind, const char *s, cks_error *err)
{
    work w;
    size_t len;
    if (!make_key(kind, s, &w, NULL, 0, &len, err))
        return NULL;
    char *r = work_finish(&w, len);
    if (!r)
        fail_nomem(err);
    return r;
}

static bool same_key(key_kind kind, const char *a, const char *b)
{
    cp_t stack_a[STACK_WORDS], stack_b[STACK_WORDS];
    work wa, wb;
    size_t la, lb;
    bool same = false;
    if (!a || !b)
        return false;
    if (!make_key(kind, a, &wa, stack_a, STACK_WORDS, &la, NULL))
        return false;
    if (make_key(kind, b, &wb, stack_b, STACK_WORDS, &lb, NULL)) {
        same = la == lb && memcmp(wa.out, wb.out, la) == 0;
        work_free(&wb);
    }
    work_free(&wa);
    return same;
}

char *cks_text_fold(const char *s, cks_error *err)
{
    return key_string(KEY_FOLD, s, err);
}

char *cks_text_name_key(const char *s, cks_error *err)
{
    return key_string(KEY_NAME, s, err);
}

bool cks_text_same_name(const char *a, const char *b)
{
    return same_key(KEY_NAME, a, b);
}

bool cks_text_same_folded(const char *a, const char *b)
{
    return same_key(KEY_FOLD, a, b);
}

/* ----------------------------------------------------------------- ASCII */

char *cks_text_ascii(const char *s, cks_error *err)
{
    work w;
    if (!work_decode(&w, s,
                     UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_LUMP |
                         UTF8PROC_IGNORE,
                     NULL, 0, err))
        return NULL;
    size_t pos = 0;
    for (utf8proc_ssize_t i = 0; i < w.n; i++) {
        cp_t c = w.cp[i];
        char out;
        if (c < 0x80)
            out = is_control(c) && !is_ascii_space(c) ? '?' : (char)c;
        else if (is_mark(c))
            continue;
        else if (is_d_stroke(c))
            out = is_upper_d_stroke(c) ? 'D' : 'd';
        else if (is_space(c))
            out = ' ';
        else
            out = '?';
        w.out[pos++] = out;
    }
    char *r = work_finish(&w, pos);
    if (!r)
        fail_nomem(err);
    return r;
}

/* ------------------------------------------------------------- headers */

char *cks_text_header_key(const char *s, char *out, size_t n)
{
    if (!out || !n)
        return out;
    char *f = cks_text_fold(s ? s : "", NULL);
    size_t k = 0;
    for (const char *p = f ? f : ""; *p && k + 1 < n; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
            out[k++] = *p;
    out[k] = '\0';
    free(f);
    return out;
}

bool cks_text_in_list(const char *list, const char *word)
{
    size_t len = strlen(word);
    for (const char *p = list; p && *p;) {
        const char *bar = strchr(p, '|');
        size_t l = bar ? (size_t)(bar - p) : strlen(p);
        if (l == len && memcmp(p, word, l) == 0)
            return true;
        p += l + (bar ? 1 : 0);
    }
    return false;
}

/* sheet.c — one printed form as a workbook (see sheet.h). */
#include "export/sheet.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>
#include <utf8proc.h>
#include <xlsxwriter.h>

#include "cks/i18n.h"
#include "cks/text.h"

#define FONT "Times New Roman"

enum {
    PT_TABLE = 12,  /* table cells */
    PT_BODY = 13,   /* paragraphs, recipient, date line (Nghị định 30: 13–14) */
    PT_TITLE = 14,
    PT_MOTTO1 = 12, /* "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": 12–13 */
    PT_MOTTO2 = 13, /* "Độc lập - Tự do - Hạnh phúc": 13–14 */
    SIGN_SPACE = 4  /* empty rows left for the handwritten signature */
};

typedef struct formats {
    lxw_format *base, *agency, *motto1, *motto2, *date, *number, *title, *subtitle,
        *recipient, *para, *head, *cell, *cell_center, *band, *sig_title, *sig_note, *sig_name;
} formats;

struct cks_sheet {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    const cks_layout *l;
    const cks_config *cfg;
    formats f;
    lxw_row_t row;
    lxw_col_t ncols;  /* columns of the worksheet */
    lxw_col_t split;  /* the left blocks take columns [0, split), the right [split, ncols) */
    double pw[CKS_LAYOUT_COLUMNS_MAX + 1];       /* their widths */
    lxw_col_t first[CKS_LAYOUT_COLUMNS_MAX];     /* the worksheet columns of each */
    lxw_col_t last[CKS_LAYOUT_COLUMNS_MAX];      /* column of the layout */
    lxw_error rc;
    char *path;
};

/* ------------------------------------------------------------ text metrics */

/* Advance widths of Times Roman, in thousandths of an em, for ASCII 32..126
 * (the Adobe metrics of Times-Roman, which Times New Roman and Liberation
 * Serif share closely). */
static const short ascii_width[95] = {
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, /*  .. / */
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, /* 0 .. ? */
    921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, /* @ .. O */
    556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, /* P .. _ */
    333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, /* ` .. o */
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541};     /* p .. ~ */

static int char_width(utf8proc_int32_t c)
{
    if (c >= 32 && c < 127)
        return ascii_width[c - 32];
    if (c >= 0x300 && c < 0x370)
        return 0; /* combining marks */
    if (c == 0x111)
        return 500; /* đ */
    if (c == 0x110)
        return 722; /* Đ */
    if (utf8proc_toupper(c) != c)
        return 480; /* a lower-case letter: ă, ơ, ư, ế… */
    if (utf8proc_tolower(c) != c)
        return 722; /* a capital */
    return 1000;    /* anything else (□, –, …): an em, to be safe */
}

/* Width of s[0..len) in pixels at 96 dpi. */
static double text_px(const char *s, size_t len, double pt, bool bold)
{
    long units = 0;
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &c);
        if (k <= 0) {
            i++;
            units += 1000;
            continue;
        }
        i += (size_t)k;
        units += char_width(c);
    }
    return (double)units / 1000.0 * pt * 96.0 / 72.0 * (bold ? 1.08 : 1.0);
}

/* Pixels of text a cell of width characters holds on one line: a column
 * is width * 7 + 5 pixels (Calibri 11, the default style); minus the
 * cell's padding and a margin for the estimate's error. */
static double cell_px(double width)
{
    return (width * 7.0 + 5.0) * 0.96 - 5.0;
}

int cks_sheet_lines(const char *text, double width, double pt, bool bold)
{
    double avail = cell_px(width), space = text_px(" ", 1, pt, bold);
    int lines = 0;
    const char *p = text ? text : "";
    if (avail < 10)
        avail = 10;
    do {
        size_t plen = strcspn(p, "\n");
        double line = 0;
        int here = 1;
        size_t i = 0;
        while (i < plen) {
            size_t w;
            double wpx;
            while (i < plen && p[i] == ' ')
                i++;
            if (i >= plen)
                break;
            w = i;
            while (w < plen && p[w] != ' ')
                w++;
            wpx = text_px(p + i, w - i, pt, bold);
            if (line > 0 && line + space + wpx <= avail) {
                line += space + wpx;
            } else {
                if (line > 0)
                    here++;
                /* a word longer than the line is broken between letters */
                while (wpx > avail) {
                    here++;
                    wpx -= avail;
                }
                line = wpx;
            }
            i = w;
        }
        lines += here;
        p += plen;
        if (*p == '\n')
            p++;
        else
            break;
    } while (1);
    return lines;
}

static double row_height(int lines, double pt)
{
    double h = lines * pt * 1.17 + 4.0;
    return h < 409.0 ? h : 409.0; /* the highest row a worksheet may have */
}

/* ------------------------------------------------------------ writing */

static cks_sheet_trace_fn trace_fn;
static void *trace_user;

void cks_sheet_set_trace(cks_sheet_trace_fn fn, void *user)
{
    trace_fn = fn;
    trace_user = user;
}

static void note_rc(cks_sheet *s, lxw_error e)
{
    if (e != LXW_NO_ERROR && s->rc == LXW_NO_ERROR)
        s->rc = e;
}

static double width_of(const cks_sheet *s, lxw_col_t c1, lxw_col_t c2)
{
    double w = 0;
    for (lxw_col_t c = c1; c <= c2; c++)
        w += s->pw[c];
    /* the 5 pixels of padding of each joined column count too */
    return w + (double)(c2 - c1) * 5.0 / 7.0;
}

/* text over columns c1..c2 of the current row (merged when more than one). */
static void put(cks_sheet *s, lxw_col_t c1, lxw_col_t c2, const char *text, lxw_format *f)
{
    if (s->rc)
        return;
    if (trace_fn) /* a merged range is its text and blank cells */
        for (lxw_col_t c = c1; c <= c2; c++)
            trace_fn(trace_user, (long)s->row, (long)c, c == c1 ? text : "");
    if (c1 == c2)
        note_rc(s, worksheet_write_string(s->ws, s->row, c1, text, f));
    else
        note_rc(s, worksheet_merge_range(s->ws, s->row, c1, s->row, c2, text, f));
}

static void set_height(cks_sheet *s, double h)
{
    if (!s->rc)
        note_rc(s, worksheet_set_row(s->ws, s->row, h, NULL));
}

/* A full-width paragraph, its row as tall as its lines. */
static void paragraph(cks_sheet *s, const char *text, lxw_format *f, double pt, bool bold)
{
    if (!text || !*text)
        return;
    put(s, 0, s->ncols - 1, text, f);
    set_height(s, row_height(cks_sheet_lines(text, width_of(s, 0, s->ncols - 1), pt, bold), pt));
    s->row++;
}

static char *expand(cks_sheet *s, const char *text, const cks_vars *v)
{
    char *r = cks_layout_expand(text, v);
    if (!r && !s->rc)
        s->rc = LXW_ERROR_MEMORY_MALLOC_FAILED;
    return r;
}

static lxw_format *fmt(lxw_workbook *wb, double pt, bool bold, bool italic, uint8_t align,
                       bool wrap, bool border)
{
    lxw_format *f = workbook_add_format(wb);
    if (!f)
        return NULL;
    format_set_font_name(f, FONT);
    format_set_font_size(f, pt);
    if (bold)
        format_set_bold(f);
    if (italic)
        format_set_italic(f);
    if (align)
        format_set_align(f, align);
    format_set_align(f, border ? LXW_ALIGN_VERTICAL_TOP : LXW_ALIGN_VERTICAL_CENTER);
    if (wrap)
        format_set_text_wrap(f);
    if (border)
        format_set_border(f, LXW_BORDER_THIN);
    return f;
}

static bool make_formats(cks_sheet *s)
{
    lxw_workbook *wb = s->wb;
    formats *f = &s->f;
    /* 1.1.4 has no workbook default font: the default format (the first
     * of the workbook's list, index 0, what the "Normal" style and any
     * unformatted cell use) is given Times New Roman here */
    lxw_format *normal = STAILQ_FIRST(wb->formats);
    if (normal) {
        format_set_font_name(normal, FONT);
        format_set_font_size(normal, PT_TABLE);
    }
    f->base = fmt(wb, PT_TABLE, false, false, 0, false, false);
    f->agency = fmt(wb, PT_MOTTO1, true, false, LXW_ALIGN_CENTER, true, false);
    f->motto1 = fmt(wb, PT_MOTTO1, true, false, LXW_ALIGN_CENTER, true, false);
    f->motto2 = fmt(wb, PT_MOTTO2, true, false, LXW_ALIGN_CENTER, true, false);
    f->date = fmt(wb, PT_BODY, false, true, LXW_ALIGN_CENTER, true, false);
    f->number = fmt(wb, PT_TABLE, true, true, LXW_ALIGN_RIGHT, false, false);
    f->title = fmt(wb, PT_TITLE, true, false, LXW_ALIGN_CENTER, true, false);
    f->subtitle = fmt(wb, PT_TABLE, false, true, LXW_ALIGN_CENTER, true, false);
    f->recipient = fmt(wb, PT_BODY, false, false, LXW_ALIGN_CENTER, true, false);
    f->para = fmt(wb, PT_BODY, false, false, LXW_ALIGN_JUSTIFY, true, false);
    f->head = fmt(wb, PT_TABLE, true, false, LXW_ALIGN_CENTER, true, true);
    f->cell = fmt(wb, PT_TABLE, false, false, LXW_ALIGN_LEFT, true, true);
    f->cell_center = fmt(wb, PT_TABLE, false, false, LXW_ALIGN_CENTER, true, true);
    f->band = fmt(wb, PT_TABLE, true, false, LXW_ALIGN_LEFT, true, true);
    f->sig_title = fmt(wb, PT_TABLE, true, false, LXW_ALIGN_CENTER, true, false);
    f->sig_note = fmt(wb, PT_TABLE, false, true, LXW_ALIGN_CENTER, true, false);
    f->sig_name = fmt(wb, PT_TABLE, true, false, LXW_ALIGN_CENTER, true, false);
    if (!f->base || !f->agency || !f->motto1 || !f->motto2 || !f->date || !f->number ||
        !f->title || !f->subtitle || !f->recipient || !f->para || !f->head || !f->cell ||
        !f->cell_center || !f->band || !f->sig_title || !f->sig_note || !f->sig_name)
        return false;
    if (f->head) {
        format_set_align(f->head, LXW_ALIGN_VERTICAL_CENTER);
        format_set_bg_color(f->head, 0xF2F2F2);
    }
    format_set_underline(f->motto2, LXW_UNDERLINE_SINGLE);
    return true;
}

/* Where the left blocks (agency, first signature) end and the right ones
 * (motto, date, second signature) begin: wide enough on the right for the
 * motto and the date line, about 40 % on the left otherwise. When no
 * column of the layout ends near that point, the column across it is
 * split in two worksheet columns, merged again in every row of the table. */
static void plan_columns(cks_sheet *s)
{
    const cks_layout *l = s->l;
    char dateline[CKS_CONFIG_TEXT_MAX + 64];
    double total = 0, x, need_right, before = 0;
    lxw_col_t p = 0;
    size_t cut = (size_t)-1;

    for (size_t c = 0; c < l->n_columns; c++)
        total += l->columns[c].width;
    snprintf(dateline, sizeof dateline, "%s, ngày 15 tháng 06 năm 2025", s->cfg->place);
    static const char motto[] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    need_right = text_px(motto, strlen(motto), PT_MOTTO1, true);
    if (text_px(dateline, strlen(dateline), PT_BODY, false) > need_right)
        need_right = text_px(dateline, strlen(dateline), PT_BODY, false);
    need_right = (need_right + 16) / 7.0; /* in characters, with the padding */
    x = total * 0.4;
    if (total - x < need_right)
        x = total - need_right;
    if (x < total * 0.25)
        x = total * 0.25;
    for (size_t c = 0; c < l->n_columns && cut == (size_t)-1; c++) {
        double w = l->columns[c].width;
        if (before + w > x + 2 && before < x - 2 && w >= 8)
            cut = c;
        else if (before + w >= x - 2 && before + w <= x + 2 && c + 1 < l->n_columns)
            cut = c + 100; /* a column ends near x: split after it */
        before += w;
    }
    before = 0;
    s->split = 1;
    for (size_t c = 0; c < l->n_columns; c++) {
        double w = l->columns[c].width;
        s->first[c] = p;
        if (c == cut) {
            s->pw[p++] = x - before;
            s->split = p;
            s->pw[p++] = before + w - x;
        } else {
            s->pw[p++] = w;
            if (c + 100 == cut)
                s->split = p;
        }
        s->last[c] = p - 1;
        before += w;
    }
    s->ncols = p;
    if (cut == (size_t)-1) {
        /* no good point: the column boundary nearest to x */
        double best = total, acc = 0;
        for (lxw_col_t c = 0; c + 1 < s->ncols; c++) {
            acc += s->pw[c];
            if (acc - x < best && x - acc < best) {
                best = acc > x ? acc - x : x - acc;
                s->split = c + 1;
            }
        }
    }
}

cks_err cks_sheet_open(const char *path, const char *tmpdir, const cks_layout *l,
                       const cks_config *cfg, cks_sheet **out, cks_error *err)
{
    lxw_workbook_options o;
    cks_sheet *s;
    *out = NULL;
    s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        return cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
    }
    memset(&o, 0, sizeof o);
    o.tmpdir = (char *)tmpdir; /* the workbook's scratch files stay beside it */
    s->wb = workbook_new_opt(path, &o);
    s->ws = s->wb ? workbook_add_worksheet(s->wb, l->file[0] && strlen(l->file) < 32
                                                      ? l->file : NULL)
                  : NULL;
    if (!s->ws || !make_formats(s)) {
        if (s->wb)
            workbook_close(s->wb);
        free(s->path);
        free(s);
        return cks_error_set(err, CKS_E_NOMEM, path, 0, NULL, NULL);
    }
    s->l = l;
    s->cfg = cfg;
    if (trace_fn)
        trace_fn(trace_user, -1, -1, NULL);

    /* page: A4, margins (inches), fitted to the page width */
    worksheet_set_paper(s->ws, 9);
    if (l->landscape)
        worksheet_set_landscape(s->ws);
    worksheet_set_margins(s->ws, cfg->margin_left_mm / 25.4, cfg->margin_right_mm / 25.4,
                          cfg->margin_top_mm / 25.4, cfg->margin_bottom_mm / 25.4);
    worksheet_fit_to_pages(s->ws, 1, 0);
    worksheet_center_horizontally(s->ws);
    note_rc(s, worksheet_set_footer(s->ws, "&C&\"" FONT ",Regular\"&11Trang &P/&N"));
    worksheet_set_default_row(s->ws, row_height(1, PT_TABLE), false);

    plan_columns(s);
    for (lxw_col_t c = 0; c < s->ncols; c++)
        note_rc(s, worksheet_set_column(s->ws, c, c, s->pw[c], s->f.base));
    *out = s;
    return CKS_E_OK;
}

/* Two blocks side by side (left lines, right lines), each line a row. With
 * a single column, the right block goes under the left one. */
static void blocks(cks_sheet *s, const char *const *left, lxw_format *const *lf, size_t nl,
                   const char *const *right, lxw_format *const *rf, const double *rpt,
                   size_t nr, double lpt)
{
    size_t n = nl > nr ? nl : nr;
    if (s->ncols < 2) {
        for (size_t i = 0; i < nl; i++) {
            put(s, 0, 0, left[i], lf[i]);
            set_height(s, row_height(cks_sheet_lines(left[i], width_of(s, 0, 0), lpt, true),
                                     lpt));
            s->row++;
        }
        for (size_t i = 0; i < nr; i++) {
            put(s, 0, 0, right[i], rf[i]);
            set_height(s, row_height(cks_sheet_lines(right[i], width_of(s, 0, 0), rpt[i],
                                                     true),
                                     rpt[i]));
            s->row++;
        }
        return;
    }
    for (size_t i = 0; i < n; i++) {
        int lines = 1;
        double pt = lpt;
        if (i < nl && left[i][0]) {
            put(s, 0, s->split - 1, left[i], lf[i]);
            lines = cks_sheet_lines(left[i], width_of(s, 0, s->split - 1), lpt, true);
        }
        if (i < nr && right[i][0]) {
            int k = cks_sheet_lines(right[i], width_of(s, s->split, s->ncols - 1), rpt[i], true);
            put(s, s->split, s->ncols - 1, right[i], rf[i]);
            if (rpt[i] > pt)
                pt = rpt[i];
            if (k > lines)
                lines = k;
        }
        set_height(s, row_height(lines, pt));
        s->row++;
    }
}

/* Split text at '\n' into at most max lines (pointers into buf). */
static size_t split_lines(char *buf, const char **lines, size_t max)
{
    size_t n = 0;
    char *p = buf;
    while (n < max) {
        char *nl = strchr(p, '\n');
        lines[n++] = p;
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    return n;
}

void cks_sheet_head(cks_sheet *s, const cks_vars *v, cks_date date)
{
    const cks_layout *l = s->l;
    char dateline[CKS_CONFIG_TEXT_MAX + 64];
    const char *left[8], *right[3];
    lxw_format *lf[8], *rf[3];
    double rpt[3];
    size_t nl;
    char *agency, *t;

    if (s->rc)
        return;
    if (l->number[0]) {
        put(s, 0, s->ncols - 1, l->number, s->f.number);
        s->row++;
    }
    /* Nghị định 30: the agency's name top left in capitals, the motto top
     * right, the place and date under the motto, in italics, with leading
     * zeros */
    agency = expand(s, l->agency, v);
    if (!agency)
        return;
    nl = split_lines(agency, left, 8);
    for (size_t i = 0; i < nl; i++)
        lf[i] = s->f.agency;
    snprintf(dateline, sizeof dateline, "%s, ngày %02d tháng %02d năm %04d", s->cfg->place,
             date.d, date.m, date.y);
    right[0] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    right[1] = "Độc lập - Tự do - Hạnh phúc";
    right[2] = dateline;
    rf[0] = s->f.motto1;
    rf[1] = s->f.motto2;
    rf[2] = s->f.date;
    rpt[0] = PT_MOTTO1;
    rpt[1] = PT_MOTTO2;
    rpt[2] = PT_BODY;
    blocks(s, left, lf, nl, right, rf, rpt, 2, PT_MOTTO1);
    blocks(s, left, lf, 0, right + 2, rf + 2, rpt + 2, 1, PT_BODY);
    free(agency);
    s->row++;

    if ((t = expand(s, l->title, v)) != NULL) {
        paragraph(s, t, s->f.title, PT_TITLE, true);
        free(t);
    }
    if ((t = expand(s, l->subtitle, v)) != NULL) {
        paragraph(s, t, s->f.subtitle, PT_TABLE, false);
        free(t);
    }
    if ((t = expand(s, l->recipient, v)) != NULL) {
        paragraph(s, t, s->f.recipient, PT_BODY, false);
        free(t);
    }
    s->row++;
    for (size_t i = 0; i < l->n_intro; i++) {
        if ((t = expand(s, l->intro[i], v)) != NULL) {
            paragraph(s, t, s->f.para, PT_BODY, false);
            free(t);
        }
    }
    if (l->n_intro)
        s->row++;

    /* the table's header row, repeated on every printed page */
    int lines = 1;
    for (size_t c = 0; c < l->n_columns; c++) {
        int k = cks_sheet_lines(l->columns[c].header, l->columns[c].width, PT_TABLE, true);
        put(s, s->first[c], s->last[c], l->columns[c].header, s->f.head);
        if (k > lines)
            lines = k;
    }
    set_height(s, row_height(lines, PT_TABLE));
    if (!s->rc)
        note_rc(s, worksheet_repeat_rows(s->ws, s->row, s->row));
    s->row++;
}

void cks_sheet_row(cks_sheet *s, const char *const *cells)
{
    int lines = 1;
    if (s->rc)
        return;
    for (size_t c = 0; c < s->l->n_columns; c++) {
        const char *t = cells[c] ? cells[c] : "";
        cks_col f = s->l->columns[c].field;
        bool center = f == CKS_COL_INDEX || f == CKS_COL_DONE || f == CKS_COL_KIND ||
                      f == CKS_COL_DEADLINE || f == CKS_COL_VALID_FROM ||
                      f == CKS_COL_VALID_TO || f == CKS_COL_RULE || f == CKS_COL_DEVICE;
        int k = t[0] ? cks_sheet_lines(t, s->l->columns[c].width, PT_TABLE, false) : 1;
        put(s, s->first[c], s->last[c], t, center ? s->f.cell_center : s->f.cell);
        if (k > lines)
            lines = k;
    }
    set_height(s, row_height(lines, PT_TABLE));
    s->row++;
}

void cks_sheet_band(cks_sheet *s, const char *text)
{
    if (s->rc)
        return;
    put(s, 0, s->ncols - 1, text, s->f.band);
    set_height(s, row_height(cks_sheet_lines(text, width_of(s, 0, s->ncols - 1), PT_TABLE,
                                             true),
                             PT_TABLE));
    s->row++;
}

void cks_sheet_tail(cks_sheet *s, const cks_vars *v)
{
    const cks_layout *l = s->l;
    const char *left[12], *right[12];
    lxw_format *lf[12], *rf[12];
    double rpt[12];
    char *lt = NULL, *rt = NULL;
    size_t nl = 0, nr = 0;

    if (s->rc)
        return;
    s->row++;
    for (size_t i = 0; i < l->n_notes; i++) {
        char *t = expand(s, l->notes[i], v);
        if (t) {
            paragraph(s, t, s->f.para, PT_BODY, false);
            free(t);
        }
    }
    s->row++;
    /* one signature: on the right; two: left and right */
    for (size_t i = 0; i < l->n_signatures; i++) {
        const cks_layout_signature *sig = &l->signatures[i];
        bool on_left = l->n_signatures == 2 && i == 0;
        const char **lines = on_left ? left : right;
        lxw_format **fs = on_left ? lf : rf;
        char *t = expand(s, sig->title, v);
        size_t n;
        if (!t)
            return;
        if (on_left)
            lt = t;
        else
            rt = t;
        n = split_lines(t, lines, 6);
        for (size_t k = 0; k < n; k++)
            fs[k] = s->f.sig_title;
        if (sig->note[0]) {
            lines[n] = sig->note;
            fs[n++] = s->f.sig_note;
        }
        for (int k = 0; k < SIGN_SPACE; k++) {
            lines[n] = "";
            fs[n++] = s->f.sig_note;
        }
        lines[n] = sig->name;
        fs[n++] = s->f.sig_name;
        if (on_left)
            nl = n;
        else
            nr = n;
    }
    for (size_t k = 0; k < nr; k++)
        rpt[k] = PT_TABLE;
    blocks(s, left, lf, nl, right, rf, rpt, nr, PT_TABLE);
    free(lt);
    free(rt);
}

cks_err cks_sheet_close(cks_sheet *s, cks_error *err)
{
    lxw_error e = s->rc, c;
    cks_err rc = CKS_E_OK;
    /* libxlsxwriter reports its errors on stderr itself: the core never
     * prints, so its stderr goes to /dev/null while it writes (the error
     * comes back to the caller in err) */
    fflush(stderr);
    int saved = dup(STDERR_FILENO), devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved >= 0 && devnull >= 0)
        dup2(devnull, STDERR_FILENO);
    errno = 0;
    c = workbook_close(s->wb);
    int sys = errno;
    if (saved >= 0) {
        fflush(stderr);
        dup2(saved, STDERR_FILENO);
        close(saved);
    }
    if (devnull >= 0)
        close(devnull);
    if (e == LXW_NO_ERROR)
        e = c;
    if (e == LXW_ERROR_MEMORY_MALLOC_FAILED)
        rc = cks_error_set(err, CKS_E_NOMEM, s->path, 0, NULL, NULL);
    else if (e != LXW_NO_ERROR && (sys == ENOSPC || sys == EDQUOT))
        rc = cks_error_set(err, CKS_E_IO, s->path, 0, NULL, "%s",
                           _("cannot write the workbook: the disk is full"));
    else if (e != LXW_NO_ERROR)
        rc = cks_error_set(err, CKS_E_IO, s->path, 0, NULL, _("cannot write the workbook: %s"),
                           sys ? strerror(sys) : lxw_strerror(e));
    free(s->path);
    free(s);
    return rc;
}

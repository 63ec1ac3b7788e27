/* sheet.h — one printed form as a workbook of one worksheet, laid out
 * after Nghị định 30/2020 (internal to the export module).
 *
 * A4, the margins of the settings, fitted to the page width, the table's
 * header row repeated on every page, "Trang N/M" in the footer, Times New
 * Roman in every cell (libxlsxwriter 1.1.4 has no workbook default font:
 * every format names it, and every column's default format too), the
 * agency name and the national motto block at the top, the place and date
 * line, the signature blocks at the end. Rows holding wrapped text get an
 * explicit height computed from the text (LibreOffice does not grow rows
 * by itself).
 *
 * Calls after a failure do nothing; cks_sheet_close() reports the first.
 */
#ifndef CKS_EXPORT_SHEET_H
#define CKS_EXPORT_SHEET_H

#include "cks/config.h"
#include "cks/date.h"
#include "cks/error.h"
#include "cks/layout.h"

typedef struct cks_sheet cks_sheet;

/* Start the workbook at path (libxlsxwriter's temporary files go to
 * tmpdir). Nothing is written to path before cks_sheet_close(). */
cks_err cks_sheet_open(const char *path, const char *tmpdir, const cks_layout *l,
                       const cks_config *cfg, cks_sheet **out, cks_error *err);

/* Agency and motto blocks, form number, place and date, title, subtitle,
 * recipient, the paragraphs before the table and the table's header row. */
void cks_sheet_head(cks_sheet *s, const cks_vars *v, cks_date date);

/* One row of the table: one text per column of the layout (NULL = ""). */
void cks_sheet_row(cks_sheet *s, const char *const *cells);

/* A bold line across the whole table (a section of the checklist). */
void cks_sheet_band(cks_sheet *s, const char *text);

/* The paragraphs after the table and the signature blocks. */
void cks_sheet_tail(cks_sheet *s, const cks_vars *v);

/* Write the file and release s (whatever happens). */
cks_err cks_sheet_close(cks_sheet *s, cks_error *err);

/* Lines text takes in a column of width characters at size pt (bold or
 * not): the estimate row heights are made from. Exposed for tests. */
int cks_sheet_lines(const char *text, double width, double pt, bool bold);

/* A seam for the benchmark's baseline (tests/bench): when set, fn is
 * called with row = col = -1 when a workbook starts, then for every cell
 * written, with its text ("" for the blank cells of a merged range). Not
 * for the program itself. */
typedef void (*cks_sheet_trace_fn)(void *user, long row, long col, const char *text);
void cks_sheet_set_trace(cks_sheet_trace_fn fn, void *user);

#endif

/* field.c — a one-line text field: wide characters from get_wch, widths
 * from wcwidth (combining marks take none), NFC when read. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "cks/text.h"
#include "tui/tui.h"

static int width_of(wchar_t c)
{
    int w = wcwidth(c);
    return w < 0 ? 1 : w;
}

void tui_field_set(tui_field *f, const char *utf8)
{
    mbstate_t st;
    const char *p = utf8 ? utf8 : "";
    memset(&st, 0, sizeof st);
    memset(f, 0, sizeof *f);
    size_t n = mbsrtowcs(f->buf, &p, TUI_FIELD_MAX - 1, &st);
    f->len = n == (size_t)-1 ? 0 : n;
    f->buf[f->len] = L'\0';
    f->cur = f->len;
}

char *tui_field_get(const tui_field *f)
{
    char raw[TUI_FIELD_MAX * MB_LEN_MAX + 1];
    const wchar_t *p = f->buf;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t n = wcsrtombs(raw, &p, sizeof raw - 1, &st);
    if (n == (size_t)-1)
        n = 0;
    raw[n] = '\0';
    char *nfc = cks_text_nfc(raw, NULL);
    return nfc ? nfc : strdup(raw);
}

/* Characters move with their combining marks. */
static size_t prev_char(const tui_field *f, size_t i)
{
    while (i > 0) {
        i--;
        if (wcwidth(f->buf[i]) != 0)
            break;
    }
    return i;
}

static size_t next_char(const tui_field *f, size_t i)
{
    if (i < f->len)
        i++;
    while (i < f->len && wcwidth(f->buf[i]) == 0)
        i++;
    return i;
}

bool tui_field_key(tui_field *f, int kind, wint_t ch, tui_action a)
{
    size_t j;
    switch (a) {
    case ACT_LEFT: f->cur = prev_char(f, f->cur); return false;
    case ACT_RIGHT: f->cur = next_char(f, f->cur); return false;
    case ACT_HOME: f->cur = 0; return false;
    case ACT_END: f->cur = f->len; return false;
    case ACT_BACKSPACE:
        if (f->cur == 0)
            return false;
        j = prev_char(f, f->cur);
        memmove(f->buf + j, f->buf + f->cur, (f->len - f->cur + 1) * sizeof(wchar_t));
        f->len -= f->cur - j;
        f->cur = j;
        return true;
    case ACT_DELCHAR:
        if (f->cur >= f->len)
            return false;
        j = next_char(f, f->cur);
        memmove(f->buf + f->cur, f->buf + j, (f->len - j + 1) * sizeof(wchar_t));
        f->len -= j - f->cur;
        return true;
    default: break;
    }
    if (kind != OK || a != ACT_NONE || ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0) ||
        f->len + 1 >= TUI_FIELD_MAX)
        return false;
    memmove(f->buf + f->cur + 1, f->buf + f->cur, (f->len - f->cur + 1) * sizeof(wchar_t));
    f->buf[f->cur++] = (wchar_t)ch;
    f->len++;
    return true;
}

void tui_field_draw(tui_field *f, int y, int x, int width, bool focus)
{
    /* keep the cursor in view */
    int cols = 0;
    for (size_t i = 0; i < f->cur; i++)
        cols += width_of(f->buf[i]);
    if (cols < width)
        f->scroll = 0; /* it all fits again (the window grew) */
    if (f->cur < f->scroll)
        f->scroll = f->cur;
    for (;;) {
        cols = 0;
        for (size_t i = f->scroll; i < f->cur; i++)
            cols += width_of(f->buf[i]);
        if (cols < width || f->scroll >= f->cur)
            break;
        f->scroll = next_char(f, f->scroll);
    }
    attrset(tui_attr(focus ? R_FOCUS : R_FIELD));
    move(y, x);
    int used = 0, cursor_x = x;
    bool ascii = !tui_term_utf8();
    for (size_t i = f->scroll; i < f->len; i++) {
        int w = width_of(f->buf[i]);
        if (used + w > width)
            break;
        if (i == f->cur)
            cursor_x = x + used;
        if (ascii) {
            if (w == 0)
                continue;
            wchar_t c = f->buf[i];
            addch(c < 0x80 ? (chtype)c : '?');
        } else {
            wchar_t one[2] = {f->buf[i], L'\0'};
            addnwstr(one, 1);
        }
        used += w;
    }
    if (f->cur >= f->len)
        cursor_x = x + used;
    for (int i = used; i < width; i++)
        addch(' ');
    attrset(A_NORMAL);
    if (focus) {
        curs_set(1);
        move(y, cursor_x < x + width ? cursor_x : x + width - 1);
    }
}

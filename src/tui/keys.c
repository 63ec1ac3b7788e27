/* keys.c — keys to actions, through one table (dialog's dlg_keys.h). */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <curses.h>

#include "tui/tui.h"

typedef struct binding {
    bool code;       /* a KEY_* code (else a character) */
    wint_t key;
    tui_action action;
    bool list_only;  /* a letter: an action on list screens, text in fields */
} binding;

#define CTRL_(c) ((c) & 0x1f)

static const binding table[] = {
    {true, KEY_UP, ACT_UP, false},
    {true, KEY_DOWN, ACT_DOWN, false},
    {true, KEY_PPAGE, ACT_PGUP, false},
    {true, KEY_NPAGE, ACT_PGDN, false},
    {true, KEY_HOME, ACT_HOME, false},
    {true, KEY_END, ACT_END, false},
    {true, KEY_LEFT, ACT_LEFT, false},
    {true, KEY_RIGHT, ACT_RIGHT, false},
    {true, KEY_ENTER, ACT_ENTER, false},
    {false, '\r', ACT_ENTER, false},
    {false, '\n', ACT_ENTER, false},
    {false, 27, ACT_BACK, false},
    {true, KEY_F(1), ACT_HELP, false},
    {true, KEY_F(10), ACT_QUIT, false},
    {true, KEY_F(2), ACT_NEXT, false},
    {false, '\t', ACT_TAB, false},
    {true, KEY_BTAB, ACT_BTAB, false},
    {true, KEY_BACKSPACE, ACT_BACKSPACE, false},
    {false, 127, ACT_BACKSPACE, false},
    {false, CTRL_('h'), ACT_BACKSPACE, false},
    {true, KEY_DC, ACT_DELCHAR, false},
    {true, KEY_RESIZE, ACT_RESIZE, false},
    {true, KEY_IC, ACT_ADD, false},
    {false, CTRL_('a'), ACT_HOME, false},
    {false, CTRL_('e'), ACT_END, false},
    /* letters: actions on list screens only */
    {false, 'a', ACT_ADD, true},
    {false, 't', ACT_ADD, true},    /* thêm */
    {false, 'd', ACT_DELETE, true},
    {false, 'x', ACT_DELETE, true}, /* xoá */
    {false, 'e', ACT_EDIT, true},
    {false, 's', ACT_SEAT, true},   /* sửa quyết định / trụ sở */
    {false, 'i', ACT_IMPORT, true},
    {false, 'n', ACT_IMPORT, true}, /* nạp */
    {false, ' ', ACT_TICK, true},
    {false, 'c', ACT_CLEAR, true},
    {false, 'q', ACT_QUIT, true},
    {false, '?', ACT_HELP, true},
    {false, '>', ACT_NEXT, true},
    {false, '<', ACT_BACK, true},
};

tui_action tui_key_action(int kind, wint_t ch, bool in_field)
{
    bool code = kind == KEY_CODE_YES;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        const binding *b = &table[i];
        if (b->code != code || b->key != ch)
            continue;
        if (b->list_only && in_field)
            return ACT_NONE;
        if (b->list_only && b->action == ACT_DELETE && in_field)
            return ACT_NONE;
        return b->action;
    }
    if (code && ch == KEY_DC)
        return ACT_DELCHAR;
    return ACT_NONE;
}

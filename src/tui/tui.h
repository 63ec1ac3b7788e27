/* tui.h — the wizard (front end, ncursesw): shared declarations of its
 * modules. Only front-end code includes curses; the wizard calls the core
 * API only (no SQL, no workbook code here).
 *
 *   term.c     the terminal: start, restore on every exit path, colour
 *              roles and themes, drawing text by display width
 *   keys.c     keys to actions, through one table
 *   field.c    a one-line text field (get_wch, wcwidth, NFC when read)
 *   wizard.c   the dispatcher: frame, steps, help, resize, resume
 *   step_*.c   the seven screens, each a tui_screen of callbacks
 */
#ifndef CKS_TUI_H
#define CKS_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "cks/config.h"
#include "cks/date.h"
#include "cks/store.h"

/* ------------------------------------------------------------ terminal */

/* Colour roles; each theme maps them to attributes. */
typedef enum tui_role {
    R_NORMAL = 0, R_TITLE, R_STATUS, R_SELECTED, R_FIELD, R_FOCUS, R_ERROR, R_DONE, R_DIM,
    R_ASK, R_HELP, R_ROLE_COUNT_
} tui_role;

typedef enum tui_theme { T_COLOUR = 0, T_MONO, T_CONTRAST } tui_theme;

enum { TUI_MIN_COLS = 80, TUI_MIN_LINES = 24 };

/* Start curses (the locale is set already). Restores the terminal at exit
 * and on fatal signals. */
void tui_term_start(tui_theme theme);
void tui_term_stop(void);
bool tui_term_utf8(void);

/* The attributes of a role in the current theme. */
int tui_attr(tui_role r);

/* Draw text at (y, x) in exactly width columns (cut with "…" when longer,
 * padded with spaces), unaccented on a terminal without UTF-8. Returns the
 * columns used by the text itself. */
int tui_text(int y, int x, int width, const char *text, tui_role role);

/* A cell of a table: text in width - 1 columns and a blank one after it,
 * so that a cut cell never runs into the next. */
void tui_cell(int y, int x, int width, const char *text, tui_role role);

/* Text wrapped into the box (y, x, width, height); returns the lines used. */
int tui_wrap(int y, int x, int width, int height, const char *text, tui_role role);

/* A horizontal line. */
void tui_hline(int y, int x, int width, tui_role role);

/* ------------------------------------------------------------ keys */

typedef enum tui_action {
    ACT_NONE = 0, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_HOME, ACT_END, ACT_LEFT, ACT_RIGHT, ACT_ENTER,
    ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NEXT, ACT_TAB, ACT_BTAB, ACT_BACKSPACE, ACT_DELCHAR, ACT_RESIZE,
    /* letters on list screens */
    ACT_ADD, ACT_DELETE, ACT_EDIT, ACT_SEAT, ACT_IMPORT, ACT_TICK, ACT_CLEAR
} tui_action;

/* The action of a key read by get_wch (kind: OK or KEY_CODE_YES). In a
 * text field, letters are text: only keys that are not text map. */
tui_action tui_key_action(int kind, wint_t ch, bool in_field);

/* ------------------------------------------------------------ text field */

enum { TUI_FIELD_MAX = 256 };

typedef struct tui_field {
    wchar_t buf[TUI_FIELD_MAX];
    size_t len, cur, scroll;
} tui_field;

void tui_field_set(tui_field *f, const char *utf8);
/* The text, NFC (typed NFD arrives as base letters and combining marks).
 * The caller frees it. */
char *tui_field_get(const tui_field *f);
/* Apply a key; true when the text changed. */
bool tui_field_key(tui_field *f, int kind, wint_t ch, tui_action a);
/* Draw at (y, x) in width columns; with focus, the terminal cursor is put
 * on the insertion point (screen readers follow it). */
void tui_field_draw(tui_field *f, int y, int x, int width, bool focus);

/* ------------------------------------------------------------ the wizard */

typedef struct tui {
    cks_store *store;
    const cks_config *cfg;
    cks_date date;
    const char *datadir;
    long merger_id;         /* the merger worked on; 0 none yet */
    char merger_name[200];  /* "Phường Cẩm Thành (21025)" */
    int step;               /* 0..6 */
    char message[512];      /* the message line: what just happened */
    bool message_error;
    int lines, cols;        /* the screen size */
    int body_top, body_lines; /* the area a screen draws in */
} tui;

/* What a screen's key callback asks the dispatcher to do. */
enum { TUI_STAY = 0, TUI_GO_NEXT = 1, TUI_GO_BACK = 2, TUI_QUIT = 4 };

typedef struct tui_screen {
    const char *name;   /* msgid: "New unit" */
    const char *help;   /* msgid: what to do here, which rule applies */
    const char *keys;   /* msgid: the keys of the status line */
    bool typing;        /* a text field has the focus: letters are text */
    void (*enter)(tui *t);
    void (*draw)(tui *t);
    int (*key)(tui *t, int kind, wint_t ch, tui_action a);
    void (*leave)(tui *t);
} tui_screen;

extern const tui_screen tui_step_unit, tui_step_members, tui_step_orgs, tui_step_people,
    tui_step_plan, tui_step_export, tui_step_checklist;

/* Set the message line (printf-style); error shows it as an error. */
void tui_say(tui *t, bool error, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Ask for one line of text in a box over the screen; NULL when the
 * officer pressed Esc. initial may be NULL. The caller frees the result. */
char *tui_prompt(tui *t, const char *title, const char *label, const char *initial);

/* Ask yes or no (y/c = yes, n/k/Esc = no). */
bool tui_confirm(tui *t, const char *question);

/* Show a long text in a box until a key is pressed. */
void tui_show(tui *t, const char *title, const char *text);

/* Choose one of n items in a box; -1 on Esc, -2 on F10. */
int tui_choose(tui *t, const char *title, const char *const *items, int n);

/* Refresh the name of the merger worked on (after a change). */
void tui_set_merger(tui *t, long id);

/* Run the wizard on the open session s. Returns a process exit status. */
int tui_run(cks_store *s, const cks_config *cfg, cks_date date, bool fresh_demo);

/* A scrolling list: the selection and the first row shown. */
typedef struct tui_list {
    int sel, top, count;
} tui_list;

/* Move the selection for a, keeping it visible in height rows; true when
 * a was a movement. */
bool tui_list_key(tui_list *l, tui_action a, int height);

#endif

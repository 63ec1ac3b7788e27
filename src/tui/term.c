/* term.c — the terminal: start, restore on every exit path, colour roles
 * and themes, text by display width. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <curses.h>
#include <langinfo.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cks/text.h"
#include "tui/tui.h"

static bool started;
static bool utf8;
static int attrs[R_ROLE_COUNT_];

void tui_term_stop(void)
{
    if (!started)
        return;
    started = false;
    curs_set(1);
    endwin();
}

static void on_signal(int sig)
{
    /* put the terminal back, then die of the signal as we would have */
    tui_term_stop();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void set_theme(tui_theme theme)
{
    bool colour = theme == T_COLOUR && has_colors();
    if (colour) {
        start_color();
        use_default_colors();
        init_pair(1, COLOR_WHITE, COLOR_BLUE);   /* title, status */
        init_pair(2, COLOR_BLACK, COLOR_CYAN);   /* selection */
        init_pair(3, COLOR_RED, -1);             /* errors */
        init_pair(4, COLOR_GREEN, -1);           /* done */
        init_pair(5, COLOR_YELLOW, -1);          /* ask */
        init_pair(6, COLOR_BLACK, COLOR_WHITE);  /* fields */
    }
    for (int r = 0; r < R_ROLE_COUNT_; r++)
        attrs[r] = A_NORMAL;
    if (colour) {
        attrs[R_TITLE] = COLOR_PAIR(1) | A_BOLD;
        attrs[R_STATUS] = COLOR_PAIR(1);
        attrs[R_SELECTED] = COLOR_PAIR(2);
        attrs[R_FIELD] = COLOR_PAIR(6);
        attrs[R_FOCUS] = COLOR_PAIR(6) | A_BOLD;
        attrs[R_ERROR] = COLOR_PAIR(3) | A_BOLD;
        attrs[R_DONE] = COLOR_PAIR(4);
        attrs[R_DIM] = A_DIM;
        attrs[R_ASK] = COLOR_PAIR(5) | A_BOLD;
        attrs[R_HELP] = A_NORMAL;
    } else {
        /* monochrome, and the high-contrast theme: reverse and bold only */
        attrs[R_TITLE] = A_REVERSE | A_BOLD;
        attrs[R_STATUS] = A_REVERSE;
        attrs[R_SELECTED] = A_REVERSE;
        attrs[R_FIELD] = A_UNDERLINE;
        attrs[R_FOCUS] = A_REVERSE;
        attrs[R_ERROR] = A_BOLD;
        attrs[R_DONE] = A_NORMAL;
        attrs[R_DIM] = theme == T_CONTRAST ? A_NORMAL : A_DIM;
        attrs[R_ASK] = A_BOLD | A_UNDERLINE;
        attrs[R_HELP] = A_NORMAL;
        if (theme == T_CONTRAST)
            attrs[R_FIELD] = A_REVERSE;
    }
}

void tui_term_start(tui_theme theme)
{
    const char *cs = nl_langinfo(CODESET);
    /* the program may run in C.UTF-8 while the terminal cannot show it:
     * the caller's LANG/LC_* say what the terminal is */
    const char *lc = getenv("LC_ALL");
    if (!lc || !*lc)
        lc = getenv("LC_CTYPE");
    if (!lc || !*lc)
        lc = getenv("LANG");
    utf8 = cs && strcmp(cs, "UTF-8") == 0 &&
           (!lc || !*lc || strstr(lc, "UTF-8") || strstr(lc, "utf8") || strstr(lc, "UTF8") ||
            strstr(lc, "utf-8"));
    initscr();
    started = true;
    atexit(tui_term_stop);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
    signal(SIGINT, on_signal);
    signal(SIGQUIT, on_signal);
    signal(SIGSEGV, on_signal);
    signal(SIGABRT, on_signal);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(150);
    const char *t = getenv("CKS_THEME");
    if (t && strcmp(t, "mono") == 0)
        theme = T_MONO;
    else if (t && strcmp(t, "contrast") == 0)
        theme = T_CONTRAST;
    set_theme(theme);
}

bool tui_term_utf8(void)
{
    return utf8;
}

int tui_attr(tui_role r)
{
    return attrs[r];
}

/* Symbols the wizard draws, and what stands for them without UTF-8
 * (cks_text_ascii makes the letters plain and anything else '?'). */
static const struct {
    const char *sym, *ascii;
} symbols[] = {{"★", "*"}, {"✓", "v"}, {"·", "-"}, {"…", "~"}, {"─", "-"}, {"—", "-"}, {"–", "-"},
               {"↑↓", "Up/Down"}, {"□", "[ ]"}, {"×", "x"}};

static char *plain_text(const char *s)
{
    size_t cap = strlen(s) * 4 + 1, used = 0;
    char *tmp = malloc(cap), *out;
    if (!tmp)
        return NULL;
    while (*s) {
        size_t k;
        for (k = 0; k < sizeof symbols / sizeof symbols[0]; k++) {
            size_t n = strlen(symbols[k].sym);
            if (strncmp(s, symbols[k].sym, n) == 0) {
                used += (size_t)snprintf(tmp + used, cap - used, "%s", symbols[k].ascii);
                s += n;
                break;
            }
        }
        if (k == sizeof symbols / sizeof symbols[0])
            tmp[used++] = *s++;
    }
    tmp[used] = '\0';
    out = cks_text_ascii(tmp, NULL);
    free(tmp);
    return out;
}

int tui_text(int y, int x, int width, const char *text, tui_role role)
{
    char *plain = NULL;
    const char *s = text ? text : "";
    int cols = 0;
    size_t n;
    if (width <= 0)
        return 0;
    if (!utf8 && (plain = plain_text(s)) != NULL)
        s = plain;
    attrset(tui_attr(role));
    move(y, x);
    if (cks_text_width(s) > width) {
        n = cks_text_fit(s, width - 1, &cols);
        addnstr(s, (int)n);
        addstr(utf8 ? "…" : "~");
        cols++;
    } else {
        n = cks_text_fit(s, width, &cols);
        addnstr(s, (int)n);
    }
    for (int i = cols; i < width; i++)
        addch(' ');
    attrset(A_NORMAL);
    free(plain);
    return cols;
}

void tui_cell(int y, int x, int width, const char *text, tui_role role)
{
    if (width < 2) {
        tui_text(y, x, width, text, role);
        return;
    }
    tui_text(y, x, width - 1, text, role);
    tui_text(y, x + width - 1, 1, "", role);
}

int tui_wrap(int y, int x, int width, int height, const char *text, tui_role role)
{
    const char *p = text ? text : "";
    int line = 0;
    char buf[1024];
    while (*p && line < height) {
        size_t nl = strcspn(p, "\n");
        /* the longest run of whole words that fits */
        size_t take = 0, i = 0;
        while (i <= nl) {
            size_t w = i;
            while (w < nl && p[w] != ' ')
                w++;
            size_t len = w < sizeof buf - 1 ? w : sizeof buf - 1;
            memcpy(buf, p, len);
            buf[len] = '\0';
            if (cks_text_width(buf) > width && take)
                break;
            take = w;
            if (w >= nl)
                break;
            i = w + 1;
        }
        if (take > sizeof buf - 1)
            take = sizeof buf - 1;
        memcpy(buf, p, take);
        buf[take] = '\0';
        tui_text(y + line, x, width, buf, role);
        line++;
        p += take;
        while (*p == ' ')
            p++;
        if (*p == '\n')
            p++;
    }
    return line;
}

void tui_hline(int y, int x, int width, tui_role role)
{
    /* box characters as text: "─" where the terminal shows UTF-8, "-"
     * elsewhere (the alternate character set is not safe everywhere) */
    attrset(tui_attr(role));
    move(y, x);
    for (int i = 0; i < width; i++)
        addstr(utf8 ? "─" : "-");
    attrset(A_NORMAL);
}

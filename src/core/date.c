/* date.c — calendar dates. */
#include "cks/date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

bool cks_date_valid(cks_date d)
{
    return d.y >= 1900 && d.y <= 2199 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
           d.d <= days_in_month(d.y, d.m);
}

bool cks_date_is_none(cks_date d)
{
    return d.y == 0 && d.m == 0 && d.d == 0;
}

/* Read 1..max digits at *p; returns the count read (0 = none). */
static int read_num(const char **p, int min, int max, int *out)
{
    int n = 0, v = 0;
    while (n < max && isdigit((unsigned char)**p)) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    if (n < min || isdigit((unsigned char)**p))
        return 0;
    *out = v;
    return n;
}

static const char *skip_spaces(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

bool cks_date_parse_iso(const char *s, cks_date *out)
{
    if (!s)
        return false;
    const char *p = skip_spaces(s);
    cks_date d = {0, 0, 0};
    if (!read_num(&p, 4, 4, &d.y) || *p++ != '-' || !read_num(&p, 2, 2, &d.m) ||
        *p++ != '-' || !read_num(&p, 2, 2, &d.d))
        return false;
    if (*skip_spaces(p) != '\0' || !cks_date_valid(d))
        return false;
    if (out)
        *out = d;
    return true;
}

bool cks_date_parse(const char *s, cks_date *out)
{
    if (!s)
        return false;
    if (cks_date_parse_iso(s, out))
        return true;
    const char *p = skip_spaces(s);
    cks_date d = {0, 0, 0};
    if (!read_num(&p, 1, 2, &d.d) || *p++ != '/' || !read_num(&p, 1, 2, &d.m) ||
        *p++ != '/' || !read_num(&p, 4, 4, &d.y))
        return false;
    if (*skip_spaces(p) != '\0' || !cks_date_valid(d))
        return false;
    if (out)
        *out = d;
    return true;
}

int cks_date_cmp(cks_date a, cks_date b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    if (a.d != b.d)
        return a.d < b.d ? -1 : 1;
    return 0;
}

char *cks_date_iso(cks_date d, char *buf, size_t n)
{
    if (buf && n)
        snprintf(buf, n, "%04d-%02d-%02d", d.y, d.m, d.d);
    return buf;
}

char *cks_date_dmy(cks_date d, char *buf, size_t n)
{
    if (buf && n)
        snprintf(buf, n, "%02d/%02d/%04d", d.d, d.m, d.y);
    return buf;
}

cks_date cks_date_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    cks_date d = {0, 0, 0};
    if (localtime_r(&now, &tm)) {
        d.y = tm.tm_year + 1900;
        d.m = tm.tm_mon + 1;
        d.d = tm.tm_mday;
    }
    return d;
}

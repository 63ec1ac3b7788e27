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

/* Days since 1970-01-01 (H. Hinnant's days_from_civil), and back. */
static long to_days(cks_date d)
{
    int y = d.y - (d.m <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static cks_date from_days(long z)
{
    cks_date d;
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    d.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.y = (int)(yoe + era * 400 + (d.m <= 2));
    return d;
}

int cks_date_weekday(cks_date d)
{
    return (int)(((to_days(d) + 4) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
}

cks_date cks_date_add_workdays(cks_date d, int n)
{
    long z = to_days(d);
    while (n > 0) {
        z++;
        int wd = (int)(((z + 4) % 7 + 7) % 7);
        if (wd != 0 && wd != 6)
            n--;
    }
    return from_days(z);
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

/* cks/date.h — calendar dates (no time of day, no time zone). */
#ifndef CKS_DATE_H
#define CKS_DATE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cks_date {
    int y, m, d; /* all 0 for "no date" */
} cks_date;

/* True when y-m-d is a real day of the Gregorian calendar, 1900..2199. */
bool cks_date_valid(cks_date d);

/* True for the all-zero "no date". */
bool cks_date_is_none(cks_date d);

/* Parse "YYYY-MM-DD", "DD/MM/YYYY" or "D/M/YYYY" (surrounding spaces
 * allowed). Returns false for anything else or an impossible day. */
bool cks_date_parse(const char *s, cks_date *out);

/* Parse only the strict ISO form "YYYY-MM-DD". */
bool cks_date_parse_iso(const char *s, cks_date *out);

/* <0, 0, >0 like strcmp. */
int cks_date_cmp(cks_date a, cks_date b);

/* "YYYY-MM-DD" into buf (at least 11 bytes). Returns buf. */
char *cks_date_iso(cks_date d, char *buf, size_t n);

/* Day of the week of a valid date: 0 Sunday, 1 Monday … 6 Saturday. */
int cks_date_weekday(cks_date d);

/* The day n working days (Monday to Friday; public holidays are not
 * known) after d. */
cks_date cks_date_add_workdays(cks_date d, int n);

/* "DD/MM/YYYY" into buf (at least 11 bytes). Returns buf. */
char *cks_date_dmy(cks_date d, char *buf, size_t n);

/* Today in local time. */
cks_date cks_date_today(void);

#endif

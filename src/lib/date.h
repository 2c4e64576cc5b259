/*
 * Calendar dates and wall-clock times as Tandem writes them: yyyy-mm-dd
 * and hh:mm, read strictly (digits where digits go, a real day of a real
 * month), and days counted from 1970-01-01.  Time zones are ical.c's.
 */
#ifndef TANDEM_DATE_H
#define TANDEM_DATE_H

/* Whether y-m-d is a day of the Gregorian calendar, years 1900-2100. */
int	 date_valid(int y, int m, int d);
/* "yyyy-mm-dd" exactly, a valid day: returns 0, else -1. */
int	 date_parse(const char *, int *y, int *m, int *d);
/* "hh:mm" exactly, 00:00 to 23:59: returns 0, else -1. */
int	 time_parse(const char *, int *h, int *m);
/* Days from 1970-01-01 to y-m-d (Howard Hinnant's algorithm). */
long	 date_days(int y, int m, int d);
/* The day that is days from 1970-01-01, the inverse of date_days. */
void	 date_civil(long days, int *y, int *m, int *d);

#endif

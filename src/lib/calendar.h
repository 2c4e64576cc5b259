/*
 * The working calendar of planning: weekdays, the French public holidays
 * (the fixed ones and those that follow Easter, computed for any year)
 * and the company's closure days.  Days are counted from 1970-01-01 as
 * date.h counts them.
 */
#ifndef TANDEM_CALENDAR_H
#define TANDEM_CALENDAR_H

#include <stddef.h>

#define CAL_HOLIDAYS	11	/* French public holidays in a year */

/* 0 for Monday to 6 for Sunday. */
int	 cal_weekday(long day);
/* Easter Sunday of a Gregorian year, as a day number. */
long	 cal_easter(int year);
/* The public holidays of a year, in date order, with their French names;
 * returns CAL_HOLIDAYS. */
int	 cal_holidays(int year, long days[CAL_HOLIDAYS],
	    const char *names[CAL_HOLIDAYS]);
/* The name of the public holiday that day is, or NULL. */
const char *cal_holiday(long day);
/*
 * Whether sessions may take place that day: a weekday that is neither a
 * public holiday nor one of the closure days (sorted, n of them).
 */
int	 cal_working(long day, const long *closed, size_t n);

#endif

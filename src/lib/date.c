/*
 * The strict date and time readers of date.h.  No locale, no time zone,
 * no sscanf: every character is checked.
 */
#include <string.h>

#include "date.h"

/* n digits at s; -1 if one is not a digit. */
static int
number(const char *s, int n)
{
	int	 v = 0;

	for (; n > 0; n--, s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

int
date_valid(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int	 leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= mdays[m - 1] + (m == 2 && leap);
}

int
date_parse(const char *s, int *y, int *m, int *d)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	*y = number(s, 4);
	*m = number(s + 5, 2);
	*d = number(s + 8, 2);
	return *y >= 0 && *m >= 0 && *d >= 0 && date_valid(*y, *m, *d) ? 0 :
	    -1;
}

int
time_parse(const char *s, int *h, int *m)
{
	if (strlen(s) != 5 || s[2] != ':')
		return -1;
	*h = number(s, 2);
	*m = number(s + 3, 2);
	return *h >= 0 && *h <= 23 && *m >= 0 && *m <= 59 ? 0 : -1;
}

long
date_days(int y, int m, int d)
{
	long	 era, yoe, doy, doe, yy = y - (m <= 2);

	era = (yy >= 0 ? yy : yy - 399) / 400;
	yoe = yy - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
date_civil(long days, int *y, int *m, int *d)
{
	long	 z = days + 719468, era, doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

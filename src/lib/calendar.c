/*
 * The working calendar of calendar.h.  Easter follows the anonymous
 * Gregorian algorithm (Meeus/Jones/Butcher), exact for every Gregorian
 * year; the holidays are those of the French labour code (L3133-1),
 * without the Alsace-Moselle ones.
 */
#include <stdlib.h>

#include "calendar.h"
#include "date.h"

int
cal_weekday(long day)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	return (int)(((day % 7) + 7 + 3) % 7);
}

long
cal_easter(int year)
{
	int	 a, b, c, d, e, f, g, h, i, k, l, m, month, dom;

	a = year % 19;
	b = year / 100;
	c = year % 100;
	d = b / 4;
	e = b % 4;
	f = (b + 8) / 25;
	g = (b - f + 1) / 3;
	h = (19 * a + b - d - g + 15) % 30;
	i = c / 4;
	k = c % 4;
	l = (32 + 2 * e + 2 * i - h - k) % 7;
	m = (a + 11 * h + 22 * l) / 451;
	month = (h + l - 7 * m + 114) / 31;
	dom = (h + l - 7 * m + 114) % 31 + 1;
	return date_days(year, month, dom);
}

static int
cmp_long(const void *a, const void *b)
{
	long	 x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

int
cal_holidays(int year, long days[CAL_HOLIDAYS],
    const char *names[CAL_HOLIDAYS])
{
	struct {
		long		 day;
		const char	*name;
	} h[CAL_HOLIDAYS];
	long	 easter = cal_easter(year);
	int	 i;

	h[0].day = date_days(year, 1, 1), h[0].name = "Jour de l'an";
	h[1].day = easter + 1, h[1].name = "Lundi de Pâques";
	h[2].day = date_days(year, 5, 1), h[2].name = "Fête du Travail";
	h[3].day = date_days(year, 5, 8), h[3].name = "Victoire 1945";
	h[4].day = easter + 39, h[4].name = "Ascension";
	h[5].day = easter + 50, h[5].name = "Lundi de Pentecôte";
	h[6].day = date_days(year, 7, 14), h[6].name = "Fête nationale";
	h[7].day = date_days(year, 8, 15), h[7].name = "Assomption";
	h[8].day = date_days(year, 11, 1), h[8].name = "Toussaint";
	h[9].day = date_days(year, 11, 11), h[9].name = "Armistice 1918";
	h[10].day = date_days(year, 12, 25), h[10].name = "Noël";
	/* Ascension falls between 30 April and 3 June, so it can come
	 * before 1 or 8 May, or on one of them (1 May 2008): by day. */
	qsort(h, CAL_HOLIDAYS, sizeof(h[0]), cmp_long);
	for (i = 0; i < CAL_HOLIDAYS; i++) {
		days[i] = h[i].day;
		if (names != NULL)
			names[i] = h[i].name;
	}
	return CAL_HOLIDAYS;
}

const char *
cal_holiday(long day)
{
	long		 days[CAL_HOLIDAYS];
	const char	*names[CAL_HOLIDAYS];
	int		 y, m, d, i;

	date_civil(day, &y, &m, &d);
	cal_holidays(y, days, names);
	for (i = 0; i < CAL_HOLIDAYS; i++)
		if (days[i] == day)
			return names[i];
	return NULL;
}

int
cal_working(long day, const long *closed, size_t n)
{
	if (cal_weekday(day) >= 5 || cal_holiday(day) != NULL)
		return 0;
	return n == 0 || bsearch(&day, closed, n, sizeof(*closed), cmp_long) ==
	    NULL;
}

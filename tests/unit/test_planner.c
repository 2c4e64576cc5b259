/*
 * Unit tests of calendar.c and planner.c: the French public holidays of
 * 2026-2035 against a table written from the Easter dates (a golden
 * case), and hundreds of random programmes (pairs, groups, a mix, several
 * programmes sharing people one after the other) on which every session
 * the planner places must keep the rules: no person twice at once, inside
 * every member's half-days, the programme's dates, never on a weekend,
 * holiday or closure day, the cadence kept, and a unit short of sessions
 * only when none could fit.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "date.h"
#include "planner.h"
#include "t.h"

/* The public holidays of 2026-2035, in order. */
static const char *const golden[] = {
	"2026-01-01 Jour de l'an",
	"2026-04-06 Lundi de Pâques",
	"2026-05-01 Fête du Travail",
	"2026-05-08 Victoire 1945",
	"2026-05-14 Ascension",
	"2026-05-25 Lundi de Pentecôte",
	"2026-07-14 Fête nationale",
	"2026-08-15 Assomption",
	"2026-11-01 Toussaint",
	"2026-11-11 Armistice 1918",
	"2026-12-25 Noël",
	"2027-01-01 Jour de l'an",
	"2027-03-29 Lundi de Pâques",
	"2027-05-01 Fête du Travail",
	"2027-05-06 Ascension",
	"2027-05-08 Victoire 1945",
	"2027-05-17 Lundi de Pentecôte",
	"2027-07-14 Fête nationale",
	"2027-08-15 Assomption",
	"2027-11-01 Toussaint",
	"2027-11-11 Armistice 1918",
	"2027-12-25 Noël",
	"2028-01-01 Jour de l'an",
	"2028-04-17 Lundi de Pâques",
	"2028-05-01 Fête du Travail",
	"2028-05-08 Victoire 1945",
	"2028-05-25 Ascension",
	"2028-06-05 Lundi de Pentecôte",
	"2028-07-14 Fête nationale",
	"2028-08-15 Assomption",
	"2028-11-01 Toussaint",
	"2028-11-11 Armistice 1918",
	"2028-12-25 Noël",
	"2029-01-01 Jour de l'an",
	"2029-04-02 Lundi de Pâques",
	"2029-05-01 Fête du Travail",
	"2029-05-08 Victoire 1945",
	"2029-05-10 Ascension",
	"2029-05-21 Lundi de Pentecôte",
	"2029-07-14 Fête nationale",
	"2029-08-15 Assomption",
	"2029-11-01 Toussaint",
	"2029-11-11 Armistice 1918",
	"2029-12-25 Noël",
	"2030-01-01 Jour de l'an",
	"2030-04-22 Lundi de Pâques",
	"2030-05-01 Fête du Travail",
	"2030-05-08 Victoire 1945",
	"2030-05-30 Ascension",
	"2030-06-10 Lundi de Pentecôte",
	"2030-07-14 Fête nationale",
	"2030-08-15 Assomption",
	"2030-11-01 Toussaint",
	"2030-11-11 Armistice 1918",
	"2030-12-25 Noël",
	"2031-01-01 Jour de l'an",
	"2031-04-14 Lundi de Pâques",
	"2031-05-01 Fête du Travail",
	"2031-05-08 Victoire 1945",
	"2031-05-22 Ascension",
	"2031-06-02 Lundi de Pentecôte",
	"2031-07-14 Fête nationale",
	"2031-08-15 Assomption",
	"2031-11-01 Toussaint",
	"2031-11-11 Armistice 1918",
	"2031-12-25 Noël",
	"2032-01-01 Jour de l'an",
	"2032-03-29 Lundi de Pâques",
	"2032-05-01 Fête du Travail",
	"2032-05-06 Ascension",
	"2032-05-08 Victoire 1945",
	"2032-05-17 Lundi de Pentecôte",
	"2032-07-14 Fête nationale",
	"2032-08-15 Assomption",
	"2032-11-01 Toussaint",
	"2032-11-11 Armistice 1918",
	"2032-12-25 Noël",
	"2033-01-01 Jour de l'an",
	"2033-04-18 Lundi de Pâques",
	"2033-05-01 Fête du Travail",
	"2033-05-08 Victoire 1945",
	"2033-05-26 Ascension",
	"2033-06-06 Lundi de Pentecôte",
	"2033-07-14 Fête nationale",
	"2033-08-15 Assomption",
	"2033-11-01 Toussaint",
	"2033-11-11 Armistice 1918",
	"2033-12-25 Noël",
	"2034-01-01 Jour de l'an",
	"2034-04-10 Lundi de Pâques",
	"2034-05-01 Fête du Travail",
	"2034-05-08 Victoire 1945",
	"2034-05-18 Ascension",
	"2034-05-29 Lundi de Pentecôte",
	"2034-07-14 Fête nationale",
	"2034-08-15 Assomption",
	"2034-11-01 Toussaint",
	"2034-11-11 Armistice 1918",
	"2034-12-25 Noël",
	"2035-01-01 Jour de l'an",
	"2035-03-26 Lundi de Pâques",
	"2035-05-01 Fête du Travail",
	"2035-05-03 Ascension",
	"2035-05-08 Victoire 1945",
	"2035-05-14 Lundi de Pentecôte",
	"2035-07-14 Fête nationale",
	"2035-08-15 Assomption",
	"2035-11-01 Toussaint",
	"2035-11-11 Armistice 1918",
	"2035-12-25 Noël",
};

static void
holidays_golden(void)
{
	long		 days[CAL_HOLIDAYS];
	const char	*names[CAL_HOLIDAYS];
	char		 line[64];
	size_t		 k = 0;
	int		 y, i, yy, mm, dd;

	for (y = 2026; y <= 2035; y++) {
		CHECK_INT(cal_holidays(y, days, names), CAL_HOLIDAYS);
		for (i = 0; i < CAL_HOLIDAYS; i++, k++) {
			date_civil(days[i], &yy, &mm, &dd);
			snprintf(line, sizeof(line), "%04d-%02d-%02d %s", yy,
			    mm, dd, names[i]);
			CHECK(k < sizeof(golden) / sizeof(golden[0]));
			if (k < sizeof(golden) / sizeof(golden[0]))
				CHECK_STR(line, golden[k]);
			CHECK_STR(cal_holiday(days[i]), names[i]);
			CHECK(!cal_working(days[i], NULL, 0));
		}
	}
	CHECK_INT(k, sizeof(golden) / sizeof(golden[0]));
}

/* Easter every year of 1900-2100 is a Sunday from 22 March to 25 April;
 * the days between holidays are not holidays. */
static void
holidays_every_year(void)
{
	long	 e, d;
	int	 y, m, dd, yy, count;

	for (y = 1900; y <= 2100; y++) {
		e = cal_easter(y);
		date_civil(e, &yy, &m, &dd);
		CHECK_INT(yy, y);
		CHECK_INT(cal_weekday(e), 6);
		CHECK(e >= date_days(y, 3, 22) && e <= date_days(y, 4, 25));
		CHECK_STR(cal_holiday(e + 1), "Lundi de Pâques");
		CHECK_INT(cal_weekday(e + 39), 3);	/* a Thursday */
		count = 0;
		for (d = date_days(y, 1, 1); d <= date_days(y, 12, 31); d++)
			count += cal_holiday(d) != NULL;
		/* 11, or 10 when Ascension is 1 or 8 May. */
		CHECK(count == 11 || (count == 10 && (e + 39 == date_days(y,
		    5, 1) || e + 39 == date_days(y, 5, 8))));
	}
	CHECK_STR(cal_holiday(date_days(2008, 5, 1)), "Fête du Travail");
	CHECK(cal_holiday(date_days(2026, 4, 7)) == NULL);
	/* 2026-12-07 is a Monday. */
	CHECK_INT(cal_weekday(date_days(2026, 12, 7)), 0);
	CHECK(cal_working(date_days(2026, 12, 7), NULL, 0));
	CHECK(!cal_working(date_days(2026, 12, 5), NULL, 0));
	d = date_days(2026, 12, 7);
	CHECK(!cal_working(d, &d, 1));
}

static void
half_days(void)
{
	long	 mon = date_days(2026, 12, 7) * 1440;

	CHECK(plan_in_halfday(mon + 9 * 60, 60, 1));
	CHECK(plan_in_halfday(mon + 11 * 60, 60, 1));
	CHECK(!plan_in_halfday(mon + 11 * 60 + 30, 60, 1));
	CHECK(!plan_in_halfday(mon + 14 * 60, 60, 1));
	CHECK(plan_in_halfday(mon + 14 * 60, 60, 2));
	CHECK(!plan_in_halfday(mon + 14 * 60, 60, 4));	/* Tuesday */
	CHECK(plan_in_halfday(mon + 1440 + 14 * 60, 60, 8));
	/* Longer than the half-day: from its start only. */
	CHECK(plan_in_halfday(mon + 9 * 60, 300, 1));
	CHECK(!plan_in_halfday(mon + 9 * 60 + 30, 300, 1));
}

/* A small deterministic generator, the same on every machine. */
static uint64_t	 seed = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed % n);
}

#define NPEOPLE	24
#define NUNITS	12

struct placed {
	size_t	 unit;
	long	 start;
};

struct run {
	struct placed	 v[NUNITS * 12];
	size_t		 n;
};

static int
emit(void *arg, size_t unit, long start)
{
	struct run	*r = arg;

	if (r->n >= sizeof(r->v) / sizeof(r->v[0]))
		return -1;
	r->v[r->n].unit = unit;
	r->v[r->n].start = start;
	r->n++;
	return 0;
}

/* Whether person is free from start to end in busy. */
static int
free_in(const struct plan_busy *busy, size_t n, int64_t person, long start,
    long end)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (busy[i].person == person && busy[i].start < end &&
		    start < busy[i].end)
			return 0;
	return 1;
}

/* Whether some start on a day after from fits the unit, given busy. */
static int
could_fit(const struct plan_in *in, const struct plan_unit *u, long from,
    const struct plan_busy *busy, size_t nbusy)
{
	long	 day, m;
	size_t	 j;
	int	 ok;

	for (day = from; day <= in->last; day++) {
		if (!cal_working(day, in->closed, in->nclosed))
			continue;
		for (m = 0; m < 1440; m += 5) {
			if (!plan_in_halfday(day * 1440 + m, in->minutes,
			    u->avail))
				continue;
			/* The planner tries the whole and half hours and its
			 * preferred time. */
			if (m % PLAN_STEP != 0 && m != in->time)
				continue;
			for (j = 0, ok = 1; j < u->npeople && ok; j++)
				ok = free_in(busy, nbusy, u->people[j],
				    day * 1440 + m, day * 1440 + m +
				    in->minutes);
			if (ok)
				return 1;
		}
	}
	return 0;
}

static void
random_programmes(void)
{
	static const int mins[] = { 15, 30, 45, 60, 90, 120, 180, 240, 300 };
	static struct plan_busy busy[4096];
	unsigned	 mask[NPEOPLE + 1];
	int64_t		 people[NUNITS][8];
	struct plan_unit u[NUNITS];
	struct plan_in	 in;
	struct run	 r;
	long		 closed[6], last[NUNITS], day, s, e;
	size_t		 nbusy, nu, i, j, k, total = 0, shortfalls = 0;
	int		 inst, prog, nprog, shape, ok, kind, placed[NUNITS];

	for (inst = 0; inst < 400; inst++) {
		nbusy = 0;
		for (i = 1; i <= NPEOPLE; i++)
			mask[i] = rnd(8) == 0 ? 0x3ff : rnd(1024);
		/* Some time already taken elsewhere. */
		for (i = 0; i < 20; i++) {
			busy[nbusy].person = 1 + rnd(NPEOPLE);
			busy[nbusy].start = (date_days(2026, 9, 1) +
			    rnd(300)) * 1440 + 480 + rnd(600);
			busy[nbusy].end = busy[nbusy].start + 30 + rnd(180);
			nbusy++;
		}
		nprog = 1 + (int)rnd(3);
		for (prog = 0; prog < nprog; prog++) {
			memset(&in, 0, sizeof(in));
			in.first = date_days(2026, 9, 1) + rnd(200);
			in.last = in.first + 10 + rnd(250);
			in.cadence = 1 + (int)rnd(21);
			in.minutes = mins[rnd(9)];
			in.time = (int)rnd(1440);
			for (i = 0; i < 6; i++)
				closed[i] = in.first + (long)i * 17 +
				    rnd(10);
			in.closed = closed;
			in.nclosed = rnd(7);
			in.busy = busy;
			in.nbusy = nbusy;
			/* 0: pairs, 1: groups, 2: a mix. */
			shape = (int)rnd(3);
			nu = 1 + rnd(NUNITS);
			for (i = 0; i < nu; i++) {
				kind = shape == 2 ? (int)rnd(2) : shape;
				u[i].npeople = kind ? 2 + rnd(6) : 2;
				u[i].avail = 0x3ff;
				for (j = 0; j < u[i].npeople; j++) {
					/* Distinct people in a unit. */
					do {
						people[i][j] = 1 +
						    rnd(NPEOPLE);
						for (k = 0; k < j; k++)
							if (people[i][k] ==
							    people[i][j])
								break;
					} while (k < j);
					u[i].avail &= mask[people[i][j]];
				}
				u[i].people = people[i];
				u[i].want = (int)rnd(11);
				u[i].from = in.first + rnd(15);
			}
			r.n = 0;
			CHECK(plan_run(&in, u, nu, emit, &r) == 0);
			memset(placed, 0, sizeof(placed));
			for (i = 0; i < nu; i++)
				last[i] = -1;
			for (k = 0; k < r.n; k++) {
				i = r.v[k].unit;
				s = r.v[k].start;
				e = s + in.minutes;
				day = s / 1440;
				CHECK(i < nu);
				CHECK(day >= in.first && day <= in.last);
				CHECK(day >= u[i].from);
				CHECK(cal_working(day, closed, in.nclosed));
				/* The cadence: emitted in order per unit. */
				CHECK(last[i] == -1 || day >= last[i] +
				    in.cadence);
				last[i] = day;
				placed[i]++;
				for (j = 0; j < u[i].npeople; j++) {
					CHECK(plan_in_halfday(s, in.minutes,
					    mask[u[i].people[j]]));
					ok = free_in(busy, nbusy,
					    u[i].people[j], s, e);
					CHECK(ok);
				}
				/* Taken now, for the checks that follow and
				 * the next programme. */
				for (j = 0; j < u[i].npeople &&
				    nbusy < sizeof(busy) / sizeof(busy[0]);
				    j++) {
					busy[nbusy].person = u[i].people[j];
					busy[nbusy].start = s;
					busy[nbusy].end = e;
					nbusy++;
				}
			}
			for (i = 0; i < nu; i++) {
				CHECK_INT(placed[i], u[i].placed);
				CHECK(u[i].placed <= u[i].want);
				total += (size_t)u[i].placed;
				if (u[i].placed == u[i].want) {
					CHECK(u[i].why == PLAN_FITS);
					continue;
				}
				shortfalls++;
				if (u[i].avail == 0) {
					CHECK(u[i].why == PLAN_NO_COMMON);
					continue;
				}
				CHECK(u[i].why == PLAN_NO_ROOM);
				/* Short only when nothing fits after its
				 * last session, even now. */
				CHECK(!could_fit(&in, &u[i], last[i] == -1 ?
				    u[i].from : last[i] + in.cadence, busy,
				    nbusy));
			}
		}
	}
	/* The instances place sessions and fall short, both. */
	CHECK(total > 1000);
	CHECK(shortfalls > 50);
	printf("# %zu sessions placed, %zu units short\n", total,
	    shortfalls);
}

int
main(void)
{
	RUN(holidays_golden);
	RUN(holidays_every_year);
	RUN(half_days);
	RUN(random_programmes);
	return DONE();
}

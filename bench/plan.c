/*
 * The planner alone (src/lib/planner.c), at scale: PAIRS pairs of 8
 * sessions every 14 days from Monday 11 January 2027 to 30 June 2027,
 * MENTORS mentors sharing them (PAIRS / MENTORS mentees each), everyone
 * offering 3 to 6 random half-days, two closure days.  Prints the time of
 * plan_run() (the best of RUNS), the sessions placed and the pairs short,
 * and checks that no person is in two sessions at once.
 *
 * Usage: plan [PAIRS [MENTORS [RUNS]]]  (default 10000 2500 5)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "planner.h"

static uint64_t	 seed = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed % n);
}

static unsigned
halfdays(void)
{
	unsigned	 m = 0;
	int		 n = 3 + (int)rnd(4);

	while (n > 0) {
		unsigned b = 1u << rnd(10);

		if (!(m & b)) {
			m |= b;
			n--;
		}
	}
	return m;
}

struct out {
	long	*start;
	size_t	*unit;
	size_t	 n, alloc;
};

static int
emit(void *arg, size_t unit, long start)
{
	struct out	*o = arg;

	if (o->n == o->alloc) {
		o->alloc = o->alloc ? o->alloc * 2 : 1024;
		o->start = realloc(o->start, o->alloc * sizeof(*o->start));
		o->unit = realloc(o->unit, o->alloc * sizeof(*o->unit));
		if (o->start == NULL || o->unit == NULL)
			return -1;
	}
	o->start[o->n] = start;
	o->unit[o->n] = unit;
	o->n++;
	return 0;
}

static const long	*key_start;
static const size_t	*key_mentor;

static int
by_mentor_start(const void *a, const void *b)
{
	size_t	 x = *(const size_t *)a, y = *(const size_t *)b;

	if (key_mentor[x] != key_mentor[y])
		return key_mentor[x] < key_mentor[y] ? -1 : 1;
	return key_start[x] < key_start[y] ? -1 : key_start[x] > key_start[y];
}

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char *argv[])
{
	size_t		 pairs = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000;
	size_t		 mentors = argc > 2 ? strtoul(argv[2], NULL, 10) :
			    2500;
	int		 runs = argc > 3 ? atoi(argv[3]) : 5, r;
	struct plan_unit *u;
	struct plan_in	 in;
	struct out	 o;
	int64_t		(*people)[2];
	unsigned	*avail;
	long		 closed[2];
	double		 t, best = 1e9;
	size_t		 i, k, placed = 0, shortn = 0, clash = 0, *ord;

	if (pairs == 0 || mentors == 0 || mentors > pairs)
		return 2;
	u = calloc(pairs, sizeof(*u));
	people = calloc(pairs, sizeof(*people));
	avail = calloc(pairs + mentors + 1, sizeof(*avail));
	if (u == NULL || people == NULL || avail == NULL)
		return 1;
	for (i = 0; i < pairs + mentors + 1; i++)
		avail[i] = halfdays();
	memset(&in, 0, sizeof(in));
	in.first = date_days(2027, 1, 11);
	in.last = date_days(2027, 6, 30);
	in.cadence = 14;
	in.minutes = 60;
	in.time = 14 * 60;
	closed[0] = date_days(2027, 2, 8);
	closed[1] = date_days(2027, 5, 7);
	in.closed = closed;
	in.nclosed = 2;
	for (i = 0; i < pairs; i++) {
		/* Mentor ids 1..mentors, mentee ids after them. */
		people[i][0] = 1 + (int64_t)(i % mentors);
		people[i][1] = 1 + (int64_t)mentors + (int64_t)i;
		u[i].people = people[i];
		u[i].npeople = 2;
		u[i].avail = avail[people[i][0]] & avail[people[i][1]];
		u[i].want = 8;
		u[i].from = in.first;
	}
	memset(&o, 0, sizeof(o));
	for (r = 0; r < runs; r++) {
		o.n = 0;
		t = now();
		if (plan_run(&in, u, pairs, emit, &o) == -1)
			return 1;
		t = now() - t;
		if (t < best)
			best = t;
	}
	for (i = 0; i < pairs; i++) {
		placed += (size_t)u[i].placed;
		shortn += u[i].placed < u[i].want;
	}
	/* No mentor twice at once (a mentee has one pair): the sessions
	 * by mentor and start, each against the next. */
	for (i = 0; i < o.n; i++)
		o.unit[i] = (size_t)people[o.unit[i]][0];
	key_start = o.start;
	key_mentor = o.unit;
	if ((ord = malloc((o.n + 1) * sizeof(*ord))) == NULL)
		return 1;
	for (i = 0; i < o.n; i++)
		ord[i] = i;
	qsort(ord, o.n, sizeof(*ord), by_mentor_start);
	for (k = 1; k < o.n; k++)
		if (o.unit[ord[k]] == o.unit[ord[k - 1]] &&
		    o.start[ord[k]] < o.start[ord[k - 1]] + in.minutes)
			clash++;
	free(ord);
	printf("planner: %zu pairs, %zu mentors: %zu sessions placed, %zu "
	    "pairs short of 8, %zu overlaps; best of %d runs: %.3f s\n",
	    pairs, mentors, placed, shortn, clash, runs, best);
	free(o.start);
	free(o.unit);
	free(u);
	free(people);
	free(avail);
	return 0;
}

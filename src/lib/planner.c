/*
 * The planner of planner.h.  Greedy and in order: each unit's sessions
 * are placed one after the other, each on the first working day from its
 * target (the one before plus the cadence) with a free time in a common
 * half-day; what it places takes its people's time for the units after
 * it.  A person's taken times are a list searched whole: a person has a
 * few dozen sessions, and the whole of 10,000 pairs plans in well under
 * a second (bench/plan.sh).
 */
#include <stdlib.h>

#include "calendar.h"
#include "planner.h"

struct person {
	int64_t		 id;
	struct plan_busy *v;	/* start and end used; person unused */
	size_t		 n, alloc;
};

struct plan {
	struct person	*p;
	size_t		 n;
};

static int
cmp_id(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static struct person *
person(struct plan *pl, int64_t id)
{
	return bsearch(&id, pl->p, pl->n, sizeof(*pl->p), cmp_id);
}

static int
take(struct person *p, long start, long end)
{
	struct plan_busy	*v;

	if (p->n == p->alloc) {
		p->alloc = p->alloc ? p->alloc * 2 : 16;
		if ((v = reallocarray(p->v, p->alloc, sizeof(*v))) == NULL)
			return -1;
		p->v = v;
	}
	p->v[p->n].start = start;
	p->v[p->n].end = end;
	p->n++;
	return 0;
}

static int
is_free(const struct person *p, long start, long end)
{
	size_t	 i;

	for (i = 0; i < p->n; i++)
		if (p->v[i].start < end && start < p->v[i].end)
			return 0;
	return 1;
}

/* Index the people of the units, then take their times elsewhere. */
static int
plan_load(struct plan *pl, const struct plan_in *in,
    const struct plan_unit *u, size_t nu)
{
	struct person	*pp;
	size_t		 i, j, total = 0, k;

	for (i = 0; i < nu; i++)
		total += u[i].npeople;
	pl->n = 0;
	if ((pl->p = calloc(total + 1, sizeof(*pl->p))) == NULL)
		return -1;
	for (i = 0; i < nu; i++)
		for (j = 0; j < u[i].npeople; j++)
			pl->p[pl->n++].id = u[i].people[j];
	qsort(pl->p, pl->n, sizeof(*pl->p), cmp_id);
	for (i = k = 0; i < pl->n; i++)
		if (k == 0 || pl->p[k - 1].id != pl->p[i].id)
			pl->p[k++] = pl->p[i];
	pl->n = k;
	for (i = 0; i < in->nbusy; i++)
		if ((pp = person(pl, in->busy[i].person)) != NULL &&
		    take(pp, in->busy[i].start, in->busy[i].end) == -1)
			return -1;
	return 0;
}

static void
plan_free(struct plan *pl)
{
	size_t	 i;

	for (i = 0; i < pl->n; i++)
		free(pl->p[i].v);
	free(pl->p);
}

int
plan_in_halfday(long start, int minutes, unsigned avail)
{
	long	 day = start / 1440;
	int	 w = cal_weekday(day), m = (int)(start - day * 1440), half;
	int	 ws, we;

	if (start < 0 || w >= 5)
		return 0;
	for (half = 0; half < 2; half++) {
		if (!(avail & (1u << (2 * w + half))))
			continue;
		ws = half ? PLAN_PM_START : PLAN_AM_START;
		we = half ? PLAN_PM_END : PLAN_AM_END;
		if (minutes > we - ws ? m == ws : m >= ws && m + minutes <= we)
			return 1;
	}
	return 0;
}

/* Whether all the unit's people are free from start for minutes. */
static int
all_free(struct plan *pl, const struct plan_unit *u, long start,
    int minutes)
{
	size_t	 j;

	for (j = 0; j < u->npeople; j++)
		if (!is_free(person(pl, u->people[j]), start, start +
		    minutes))
			return 0;
	return 1;
}

/*
 * A free start on day in one of the unit's half-days: the preferred time
 * if it lies in one, else the half-days' start times in order, every
 * PLAN_STEP minutes.  -1 if none.
 */
static long
slot(struct plan *pl, const struct plan_in *in, const struct plan_unit *u,
    long day)
{
	int	 w = cal_weekday(day), half, ws, we, m;
	long	 base = day * 1440;

	if (plan_in_halfday(base + in->time, in->minutes, u->avail) &&
	    all_free(pl, u, base + in->time, in->minutes))
		return base + in->time;
	for (half = 0; half < 2; half++) {
		if (!(u->avail & (1u << (2 * w + half))))
			continue;
		ws = half ? PLAN_PM_START : PLAN_AM_START;
		we = half ? PLAN_PM_END : PLAN_AM_END;
		for (m = ws; m == ws || m + in->minutes <= we; m += PLAN_STEP)
			if (all_free(pl, u, base + m, in->minutes))
				return base + m;
	}
	return -1;
}

/* Whether a weekday w has a half-day in avail. */
static int
offered(unsigned avail, int w)
{
	return w < 5 && (avail & (3u << (2 * w))) != 0;
}

int
plan_run(const struct plan_in *in, struct plan_unit *u, size_t nu,
    int (*emit)(void *, size_t, long), void *arg)
{
	struct plan	 pl;
	size_t		 i, j;
	long		 day, start;
	int		 rc = -1;

	if (plan_load(&pl, in, u, nu) == -1)
		goto out;
	for (i = 0; i < nu; i++) {
		u[i].placed = 0;
		u[i].why = PLAN_FITS;
		if ((u[i].avail & 0x3ff) == 0) {
			if (u[i].want > 0)
				u[i].why = PLAN_NO_COMMON;
			continue;
		}
		day = u[i].from > in->first ? u[i].from : in->first;
		while (u[i].placed < u[i].want) {
			start = -1;
			for (; day <= in->last; day++)
				if (offered(u[i].avail, cal_weekday(day)) &&
				    cal_working(day, in->closed,
				    in->nclosed) &&
				    (start = slot(&pl, in, &u[i], day)) != -1)
					break;
			if (start == -1) {
				u[i].why = PLAN_NO_ROOM;
				break;
			}
			for (j = 0; j < u[i].npeople; j++)
				if (take(person(&pl, u[i].people[j]), start,
				    start + in->minutes) == -1)
					goto out;
			if (emit(arg, i, start) != 0)
				goto out;
			u[i].placed++;
			day += in->cadence;
		}
	}
	rc = 0;
out:
	plan_free(&pl);
	return rc;
}

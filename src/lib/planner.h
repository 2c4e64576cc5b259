/*
 * The planner: places the sessions of units (a pair, or a mentor and
 * their group) in the half-days all their people offered, never two
 * sessions of one person at overlapping times (their sessions elsewhere
 * included), only on working days (calendar.h) between the programme's
 * first and last day, each the cadence after the one before or as soon
 * after as fits.  Pure: no store; session.c loads and saves.
 *
 * Times are Paris wall-clock minutes from 1970-01-01 00:00 (day * 1440 +
 * minute of the day): working hours never meet the hour a clock change
 * repeats or skips, so two sessions overlap in these minutes exactly when
 * they do in UTC.
 */
#ifndef TANDEM_PLANNER_H
#define TANDEM_PLANNER_H

#include <stddef.h>
#include <stdint.h>

/* The half-days: a morning from 09:00 to 12:00, an afternoon from 14:00
 * to 18:00.  Bit 2w is weekday w's morning, bit 2w+1 its afternoon
 * (Monday is 0), as enrolments store them. */
#define PLAN_AM_START	(9 * 60)
#define PLAN_AM_END	(12 * 60)
#define PLAN_PM_START	(14 * 60)
#define PLAN_PM_END	(18 * 60)
#define PLAN_STEP	30	/* minutes between the start times tried */

/* Why a unit got fewer sessions than it wanted. */
enum plan_why {
	PLAN_FITS,		/* it got them all */
	PLAN_NO_COMMON,		/* no half-day common to all its people */
	PLAN_NO_ROOM		/* the programme ends before the cadence does */
};

struct plan_unit {
	const int64_t	*people;	/* its people (employee ids) */
	size_t		 npeople;
	unsigned	 avail;		/* the half-days all of them offered */
	int		 want;		/* sessions to place */
	long		 from;		/* the first day the first may take */
	/* Out: */
	int		 placed;
	enum plan_why	 why;
};

/* A time a person is taken (minutes as above, end excluded). */
struct plan_busy {
	int64_t		 person;
	long		 start, end;
};

struct plan_in {
	long			 first, last;	/* days, both included */
	int			 cadence;	/* days from one to the next */
	int			 minutes;	/* of a session */
	int			 time;		/* preferred minute of the day */
	const long		*closed;	/* closure days, sorted */
	size_t			 nclosed;
	const struct plan_busy	*busy;
	size_t			 nbusy;
};

/*
 * Place the units' sessions in order, calling emit with the unit's index
 * and each session's start.  Returns 0, or -1 out of memory or if emit
 * returned non-zero.
 */
int	 plan_run(const struct plan_in *, struct plan_unit *, size_t,
	    int (*emit)(void *, size_t, long), void *);

/*
 * Whether a session of minutes at start (minutes as above) lies in one of
 * the half-days of avail: it starts in the half-day and ends in it, or, if
 * longer than the half-day, starts when the half-day starts.
 */
int	 plan_in_halfday(long start, int minutes, unsigned avail);

#endif

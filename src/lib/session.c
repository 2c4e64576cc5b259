/*
 * Sessions of session.h: planning from the cadence, moves, cancellations,
 * attendance, feedback, the closing survey, calendar invitations and the
 * pairs at risk.
 *
 * A "unit" is what sessions belong to: an accepted pair, or in a group
 * format a mentor and the mentees of their accepted pairs.  What this
 * file does not do: write iCalendar text (ical.c) or aggregate reports
 * (report.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "tandem/ical.h"
#include "tandem/lists.h"
#include "tandem/programme.h"
#include "tandem/session.h"
#include "tandem/store.h"
#include "tandem/strbuf.h"
#include "tandem/survey.h"
#include "calendar.h"
#include "date.h"
#include "planner.h"
#include "internal.h"
#include "outbox.h"

#define MAXMEMBERS 64	/* people in one session: a mentor and a group */

/* What planning needs of a programme. */
struct cadence {
	int	 count, minutes, days, risk_days;
	char	 start[16];	/* yyyy-mm-dd or "" */
	char	 time[8];	/* hh:mm, Paris */
	int	 group;		/* sessions per mentor's group */
	int	 mixed;
};

static enum tdm_err
load_cadence(struct tdm_store *st, int64_t id, struct cadence *c)
{
	struct query	 q = query_start(st, STMT_SESSION_CADENCE);
	const char	*format;
	enum tdm_err	 err;
	int		 found;

	bind_int(&q, id);
	if ((found = query_row(&q))) {
		c->count = (int)col_int(&q);
		c->minutes = (int)col_int(&q);
		c->days = (int)col_int(&q);
		snprintf(c->start, sizeof(c->start), "%s", col_text(&q));
		snprintf(c->time, sizeof(c->time), "%s", col_text(&q));
		format = col_text(&q);
		c->group = strcmp(format, "group") == 0;
		c->mixed = strcmp(format, "mixed") == 0;
		c->risk_days = (int)col_int(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	/* The caller has found the programme: its row cannot be missing. */
	return found ? TDM_OK : TDM_EDB;
}

static int
parse_day(const char *s, long *days)
{
	int	 y, m, d;

	if (date_parse(s, &y, &m, &d) == -1)
		return -1;
	*days = date_days(y, m, d);
	return 0;
}

/* Paris wall-clock time on a day, as UTC. */
static time_t
paris_to_utc(long day, int hour, int minute)
{
	time_t	 local, utc;

	local = (time_t)day * 86400 + hour * 3600 + minute * 60;
	/* The offset at the UTC instant an hour before is the right one
	 * except within the hour of a change, where any answer is wrong. */
	utc = local - 3600;
	return local - tdm_paris_offset(utc);
}

int
tdm_paris_parse(const char *s, time_t *t)
{
	int	 y, mo, d, h, mi;
	char	 day[11], back[17], want[17];

	if (strlen(s) != 16 || s[10] != ' ')
		return -1;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (date_parse(day, &y, &mo, &d) == -1 ||
	    time_parse(s + 11, &h, &mi) == -1 || y < 2000)
		return -1;
	*t = paris_to_utc(date_days(y, mo, d), h, mi);
	/* The hour skipped in spring does not exist in Paris. */
	tdm_paris_format(*t, back);
	snprintf(want, sizeof(want), "%02d/%02d/%04d %02d:%02d", d, mo, y, h,
	    mi);
	return strcmp(back, want) == 0 ? 0 : -2;
}

void
tdm_paris_format(time_t t, char buf[17])
{
	struct tm	 tm;

	t += tdm_paris_offset(t);
	gmtime_r(&t, &tm);
	strftime(buf, 17, "%d/%m/%Y %H:%M", &tm);
}

static void
utc_text(time_t t, char buf[TIMESTAMP_SIZE])
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(buf, TIMESTAMP_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static time_t
utc_parse(const char *s)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	if (strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm) == NULL)
		return 0;
	return timegm(&tm);
}

/* The side of the actor in a session, or NULL if they are not in it. */
struct session_row {
	int64_t		 id, programme, mentor, mentee;	/* enrolments */
	int64_t		 mentor_emp, mentee_emp;	/* employees */
	char		 state[16];
	char		 programme_name[512];
	char		 programme_state[16];
	time_t		 start;
	int		 minutes, sequence, seq;
	char		 uid[128];
};

/* A row of STMT_SESSION_GET. */
static void
session_from(struct query *q, struct session_row *s)
{
	s->id = col_int(q);
	s->programme = col_int(q);
	s->mentor = col_int(q);
	s->mentee = col_int(q);
	snprintf(s->state, sizeof(s->state), "%s", col_text(q));
	s->start = utc_parse(col_text(q));
	s->minutes = (int)col_int(q);
	s->sequence = (int)col_int(q);
	snprintf(s->uid, sizeof(s->uid), "%s", col_text(q));
	s->seq = (int)col_int(q);
	s->mentor_emp = col_int(q);
	s->mentee_emp = col_int(q);
	snprintf(s->programme_name, sizeof(s->programme_name), "%s",
	    col_text(q));
	snprintf(s->programme_state, sizeof(s->programme_state), "%s",
	    col_text(q));
}

static enum tdm_err
load_session(struct tdm_store *st, int64_t id, struct session_row *s,
    struct tdm_diags *d)
{
	struct query	 q = query_start(st, STMT_SESSION_GET);
	enum tdm_err	 err;
	int		 found;

	bind_int(&q, id);
	if ((found = query_row(&q)))
		session_from(&q, s);
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if (!found) {
		tdm_diag_add(d, NULL, 0, 0, "no session %lld", (long long)id);
		return TDM_ENOENT;
	}
	return TDM_OK;
}

/* Whether employee emp is in a group session's group, in *yes. */
static enum tdm_err
in_group(struct tdm_store *st, const struct session_row *s, int64_t emp,
    int *yes)
{
	struct query	 q = query_start(st, STMT_SESSION_GROUP_MEMBER);

	bind_int(&q, s->programme);
	bind_int(&q, s->mentor);
	bind_int(&q, emp);
	*yes = query_row(&q) && col_int(&q) > 0;
	return query_end(&q);
}

/* "mentor", "mentee", or NULL in *side: the actor's side in a session. */
static enum tdm_err
side_of(struct tdm_store *st, const struct session_row *s,
    const struct tdm_actor *a, const char **side)
{
	enum tdm_err	 err;
	int		 yes;

	*side = NULL;
	if (a->employee_id == 0)
		return TDM_OK;
	if (a->employee_id == s->mentor_emp) {
		*side = "mentor";
		return TDM_OK;
	}
	if (s->mentee)
		yes = a->employee_id == s->mentee_emp;
	else if ((err = in_group(st, s, a->employee_id, &yes)) != TDM_OK)
		return err;
	if (yes)
		*side = "mentee";
	return TDM_OK;
}

/*
 * Open an act on a session: the actor is a member of it or a programme
 * manager; the programme matched or running.
 */
static enum tdm_err
session_begin(struct tdm_store *st, const struct tdm_actor *actor,
    int64_t id, struct session_row *s, const char **side,
    struct tdm_diags *d)
{
	enum tdm_err	 err;

	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = load_session(st, id, s, d)) != TDM_OK ||
	    (err = side_of(st, s, actor, side)) != TDM_OK)
		goto fail;
	if (*side == NULL && (err = authorize_in(actor, OP_SESSION_MANAGE,
	    s->programme, d)) != TDM_OK)
		goto fail;
	if (!(tdm_programme_live(s->programme_state) & TDM_LIVE_SESSIONS)) {
		tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" is %s: its "
		    "sessions cannot change", s->programme_name,
		    s->programme_state);
		err = TDM_ESTATE;
		goto fail;
	}
	return TDM_OK;
fail:
	store_rollback(st);
	return err;
}

/*
 * Open an act on a programme's sessions: the actor manages sessions; the
 * programme matched or running.
 */
static enum tdm_err
series_begin(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, struct programme_ref *p, struct tdm_diags *d)
{
	enum tdm_err	 err;

	if ((err = authorize(actor, OP_SESSION_MANAGE, d)) != TDM_OK)
		return err;
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = programme_find(st, ref, p, d)) != TDM_OK ||
	    (err = authorize_in(actor, OP_SESSION_MANAGE, p->id, d)) != TDM_OK)
		goto fail;
	if (!(tdm_programme_live(p->state) & TDM_LIVE_SESSIONS)) {
		tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" is %s: sessions "
		    "are planned once its pairs are published, until it "
		    "closes", p->name, p->state);
		err = TDM_ESTATE;
		goto fail;
	}
	return TDM_OK;
fail:
	store_rollback(st);
	return err;
}

static enum tdm_err
session_end(struct tdm_store *st, enum tdm_err err)
{
	if (err == TDM_OK)
		err = outbox_sessions(st);
	if (err == TDM_OK && (err = store_commit(st)) == TDM_OK)
		return TDM_OK;
	store_rollback(st);
	return err;
}

/*
 * Insert a session.  inst: the installation's identifier, read once by
 * a planning (NULL: read here).
 */
static enum tdm_err
insert_session(struct tdm_store *st, int64_t programme, int64_t mentor,
    int64_t mentee, int seq, time_t start, int minutes, const char *inst,
    int64_t *id)
{
	struct query	 q;
	char		 uid[128], at[TIMESTAMP_SIZE], now[TIMESTAMP_SIZE];
	enum tdm_err	 err;

	/* Stable and unique: the programme, the unit and the number. */
	if (inst != NULL)
		mail_uid_of(inst, programme, mentor, mentee, seq, uid,
		    sizeof(uid));
	else if ((err = mail_uid(st, programme, mentor, mentee, seq, uid,
	    sizeof(uid))) != TDM_OK)
		return err;
	utc_text(start, at);
	store_timestamp(st, now);
	q = query_start(st, STMT_SESSION_INSERT);
	bind_int(&q, programme);
	bind_int(&q, mentor);
	if (mentee)
		bind_int(&q, mentee);
	else
		bind_null(&q);	/* a group's session */
	bind_int(&q, seq);
	bind_text(&q, uid);
	bind_text(&q, at);
	bind_int(&q, minutes);
	bind_text(&q, now);
	if ((err = query_exec(&q)) != TDM_OK)
		return err;
	if (id)
		*id = store_last_id(st);
	/* A planning keeps the programme's tallies once, at its end. */
	return inst != NULL ? TDM_OK : pair_tally_mentor(st, programme,
	    mentor);
}

/* How many sessions a unit has, and its highest number. */
static enum tdm_err
unit_sessions(struct tdm_store *st, int64_t programme, int64_t mentor,
    int64_t mentee, int *count, int *maxseq)
{
	struct query	 q = query_start(st, STMT_SESSION_UNIT);

	bind_int(&q, programme);
	bind_int(&q, mentor);
	if (mentee)
		bind_int(&q, mentee);
	else
		bind_null(&q);
	*count = *maxseq = 0;
	if (query_row(&q)) {
		*count = (int)col_int(&q);
		*maxseq = (int)col_int(&q);
	}
	return query_end(&q);
}

/* The first day of planning: the start given, the programme's, or the
 * next working day. */
static int
first_day(struct tdm_store *st, const char *start, const struct cadence *c,
    long *day, struct tdm_diags *d)
{
	long	 today = (long)(tdm_store_now(st) / 86400);

	if (start != NULL) {
		if (parse_day(start, day) == -1) {
			tdm_diag_add(d, "start", 0, 0, "\"%s\" is not a date "
			    "yyyy-mm-dd", start);
			return -1;
		}
		return 0;
	}
	if (*c->start == '\0' || parse_day(c->start, day) == -1 ||
	    *day <= today)
		*day = today + 1;
	return 0;
}

/* A unit to plan: a pair, or a mentor and their group. */
struct unit {
	int64_t		 mentor, mentee;	/* enrolments; mentee 0: group */
	int64_t		 people[MAXMEMBERS];	/* employees, mentor first */
	size_t		 npeople;
	unsigned	 avail;
	int		 have, maxseq;
	long		 from;
	char		 label[160];
};

/* A row of STMT_PLAN_UNITS. */
struct pair_row {
	int64_t		 mentor, mentee, mentor_emp, mentee_emp;
	unsigned	 mentor_avail, mentee_avail;
	char		 mentor_mat[64], mentee_mat[64];
};

/* A session placed, waiting to be inserted with others. */
struct plan_row {
	int64_t		 mentor, mentee;
	int		 seq;
	time_t		 start;
	char		 uid[128];	/* bound, not copied: kept here */
	char		 at[TIMESTAMP_SIZE];
};

struct plan_ctx {
	struct tdm_store	*st;
	int64_t			 programme;
	int			 minutes;
	struct unit		*units;
	size_t			 planned;
	char			 inst[MAIL_ID_SIZE];
	char			 now[TIMESTAMP_SIZE];
	struct plan_row		 rows[PLAN_ROWS];
	size_t			 nrows;
	enum tdm_err		 err;
};

/* Paris minutes from 1970 (planner.h) of a UTC time, and back. */
static long
paris_minutes(time_t t)
{
	return (long)((t + tdm_paris_offset(t)) / 60);
}

static time_t
minutes_utc(long m)
{
	long	 day = m / 1440;

	return paris_to_utc(day, (int)(m - day * 1440) / 60,
	    (int)(m - day * 1440) % 60);
}

/*
 * Insert the sessions placed so far: PLAN_ROWS in one statement (the
 * statement's own cost, and its CHECKs' tables, paid once for them),
 * fewer one by one.  Ids follow the order of the rows.
 */
static enum tdm_err
plan_flush(struct plan_ctx *x)
{
	struct query	 q;
	struct plan_row	*r;
	size_t		 i;
	enum tdm_err	 err;

	if (x->nrows < PLAN_ROWS) {
		for (i = 0; i < x->nrows; i++) {
			r = &x->rows[i];
			if ((err = insert_session(x->st, x->programme,
			    r->mentor, r->mentee, r->seq, r->start, x->minutes,
			    x->inst, NULL)) != TDM_OK)
				return err;
		}
		x->nrows = 0;
		return TDM_OK;
	}
	q = query_start(x->st, STMT_PLAN_INSERT_ROWS);
	for (i = 0; i < x->nrows; i++) {
		r = &x->rows[i];
		mail_uid_of(x->inst, x->programme, r->mentor, r->mentee,
		    r->seq, r->uid, sizeof(r->uid));
		utc_text(r->start, r->at);
		bind_int(&q, x->programme);
		bind_int(&q, r->mentor);
		if (r->mentee)
			bind_int(&q, r->mentee);
		else
			bind_null(&q);
		bind_int(&q, r->seq);
		bind_text(&q, r->uid);
		bind_text(&q, r->at);
		bind_int(&q, x->minutes);
		bind_text(&q, x->now);
	}
	x->nrows = 0;
	return query_exec(&q);
}

/* The highest session id. */
static enum tdm_err
session_max(struct tdm_store *st, int64_t *id)
{
	struct query	 q = query_start(st, STMT_PLAN_SESSION_MAX);

	*id = query_row(&q) ? col_int(&q) : 0;
	return query_end(&q);
}

static int
plan_emit(void *arg, size_t i, long start)
{
	struct plan_ctx	*x = arg;
	struct unit	*u = &x->units[i];
	struct plan_row	*r = &x->rows[x->nrows++];

	r->mentor = u->mentor;
	r->mentee = u->mentee;
	r->seq = ++u->maxseq;
	r->start = minutes_utc(start);
	if (x->nrows == PLAN_ROWS && (x->err = plan_flush(x)) != TDM_OK)
		return -1;
	x->planned++;
	return 0;
}

/* The closure days, sorted, in *days (NULL when none). */
static enum tdm_err
load_closures(struct tdm_store *st, long **days, size_t *n)
{
	struct query	 q = query_start(st, STMT_CLOSURE_LIST);
	size_t		 alloc = 0;
	long		*v, day;

	*days = NULL;
	*n = 0;
	while (query_row(&q)) {
		if (parse_day(col_text(&q), &day) == -1)
			day = -1;
		col_skip(&q);
		if (day == -1)
			continue;
		if (*n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			if ((v = reallocarray(*days, alloc, sizeof(*v))) ==
			    NULL) {
				(void)query_end(&q);
				return TDM_ENOMEM;
			}
			*days = v;
		}
		(*days)[(*n)++] = day;
	}
	return query_end(&q);
}

/* The times people are taken from a day on, in every programme. */
static enum tdm_err
load_busy(struct tdm_store *st, long from, struct plan_busy **busy,
    size_t *n)
{
	struct query		 q = query_start(st, STMT_PLAN_BUSY);
	struct plan_busy	*v;
	char			 at[TIMESTAMP_SIZE];
	size_t			 alloc = 0;
	time_t			 t;

	/* A day early: the stored instants are UTC. */
	t = (time_t)(from - 1) * 86400;
	utc_text(t, at);
	*busy = NULL;
	*n = 0;
	bind_text(&q, at);
	while (query_row(&q)) {
		if (*n == alloc) {
			alloc = alloc ? alloc * 2 : 256;
			if ((v = reallocarray(*busy, alloc, sizeof(*v))) ==
			    NULL) {
				(void)query_end(&q);
				return TDM_ENOMEM;
			}
			*busy = v;
		}
		v = &(*busy)[(*n)++];
		v->person = col_int(&q);
		v->start = paris_minutes(utc_parse(col_text(&q)));
		v->end = v->start + col_int(&q);
	}
	return query_end(&q);
}

static enum tdm_err
load_pairs(struct tdm_store *st, int64_t programme, struct pair_row **rows,
    size_t *n)
{
	struct query	 q = query_start(st, STMT_PLAN_UNITS);
	struct pair_row	*v;
	size_t		 alloc = 0;

	*rows = NULL;
	*n = 0;
	bind_int(&q, programme);
	while (query_row(&q)) {
		if (*n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			if ((v = reallocarray(*rows, alloc, sizeof(*v))) ==
			    NULL) {
				(void)query_end(&q);
				return TDM_ENOMEM;
			}
			*rows = v;
		}
		v = &(*rows)[(*n)++];
		v->mentor = col_int(&q);
		v->mentee = col_int(&q);
		v->mentor_emp = col_int(&q);
		v->mentee_emp = col_int(&q);
		v->mentor_avail = (unsigned)col_int(&q) & 0x3ff;
		v->mentee_avail = (unsigned)col_int(&q) & 0x3ff;
		snprintf(v->mentor_mat, sizeof(v->mentor_mat), "%s",
		    col_text(&q));
		snprintf(v->mentee_mat, sizeof(v->mentee_mat), "%s",
		    col_text(&q));
	}
	return query_end(&q);
}

static enum tdm_err
count_query(struct tdm_store *st, enum stmt stmt, int64_t a, int64_t b,
    int *n)
{
	struct query	 q = query_start(st, stmt);

	bind_int(&q, a);
	bind_int(&q, b);
	*n = query_row(&q) ? (int)col_int(&q) : 0;
	return query_end(&q);
}

/* What a unit has already: how many, its highest number, and the first
 * day its next session may take. */
static enum tdm_err
unit_state(struct tdm_store *st, int64_t programme, const struct cadence *c,
    struct unit *u, long first)
{
	struct query	 q = query_start(st, STMT_PLAN_UNIT_LAST);
	const char	*at;
	long		 last = -1;

	bind_int(&q, programme);
	bind_int(&q, u->mentor);
	if (u->mentee)
		bind_int(&q, u->mentee);
	else
		bind_null(&q);
	u->have = u->maxseq = 0;
	if (query_row(&q)) {
		u->have = (int)col_int(&q);
		u->maxseq = (int)col_int(&q);
		at = col_text(&q);
		if (*at != '\0')
			last = paris_minutes(utc_parse(at)) / 1440;
	}
	u->from = last >= 0 && last + c->days > first ? last + c->days : first;
	return query_end(&q);
}

static void
halfday_text(unsigned avail, char *buf, size_t size)
{
	static const char *const names[] = { "mon-am", "mon-pm", "tue-am",
	    "tue-pm", "wed-am", "wed-pm", "thu-am", "thu-pm", "fri-am",
	    "fri-pm" };
	size_t	 len = 0;
	int	 i;

	buf[0] = '\0';
	for (i = 0; i < 10 && len < size; i++)
		if (avail & (1u << i))
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
			    len ? "," : "", names[i]);
}

/*
 * Build the units from the accepted pairs, sorted by mentor: a pair each
 * in one-to-one, one group per mentor in group, and in mixed a group per
 * mentor with several pairs unless that mentor's pairs already have
 * sessions of their own (a group series is never laid over them).
 */
static enum tdm_err
make_units(struct tdm_store *st, int64_t programme, const struct cadence *c,
    const struct pair_row *rows, size_t nrows, struct unit *units,
    size_t *nunits, long first)
{
	struct unit	*u;
	size_t		 i, j, k, end;
	int		 group, n;
	enum tdm_err	 err;

	*nunits = 0;
	for (i = 0; i < nrows; i = end) {
		for (end = i + 1; end < nrows && rows[end].mentor ==
		    rows[i].mentor; end++)
			;
		group = c->group || (c->mixed && end - i > 1);
		if (group && c->mixed) {
			if ((err = count_query(st, STMT_PLAN_MENTOR_PAIRS,
			    programme, rows[i].mentor, &n)) != TDM_OK)
				return err;
			group = n == 0;
		}
		for (j = i; j < end; j++) {
			if (group && j > i) {
				/* A member of the group started at i. */
				u = &units[*nunits - 1];
				if (u->npeople < MAXMEMBERS) {
					u->people[u->npeople++] =
					    rows[j].mentee_emp;
					u->avail &= rows[j].mentee_avail;
				}
				continue;
			}
			u = &units[(*nunits)++];
			memset(u, 0, sizeof(*u));
			u->mentor = rows[j].mentor;
			u->mentee = group ? 0 : rows[j].mentee;
			u->people[0] = rows[j].mentor_emp;
			u->people[1] = rows[j].mentee_emp;
			u->npeople = 2;
			u->avail = rows[j].mentor_avail & rows[j].mentee_avail;
			if (group)
				snprintf(u->label, sizeof(u->label),
				    "the group of %s", rows[j].mentor_mat);
			else
				snprintf(u->label, sizeof(u->label),
				    "%s and %s", rows[j].mentor_mat,
				    rows[j].mentee_mat);
		}
	}
	for (k = 0; k < *nunits; k++)
		if ((err = unit_state(st, programme, c, &units[k], first)) !=
		    TDM_OK)
			return err;
	return TDM_OK;
}

enum tdm_err
tdm_session_plan(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *start, size_t *planned, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct cadence		 c;
	struct query		 q;
	struct plan_in		 in;
	struct plan_ctx		 x;
	struct plan_unit	*pu = NULL;
	struct plan_busy	*busy = NULL;
	struct pair_row		*rows = NULL;
	struct unit		*units = NULL;
	long			*closed = NULL, pstart = -1, pend = -1;
	int64_t			 first, last;
	size_t			 nrows, nunits, nbusy, nclosed, i;
	char			 sdate[16], edate[16], days[80];
	char			 now[TIMESTAMP_SIZE];
	char			 from[MAIL_ADDR_SIZE], url[MAIL_ADDR_SIZE];
	int			 hour, minute;
	enum tdm_err		 err;

	*planned = 0;
	if ((err = series_begin(st, actor, ref, &p, d)) != TDM_OK)
		return err;
	if ((err = load_cadence(st, p.id, &c)) != TDM_OK)
		goto fail;
	q = query_start(st, STMT_PLAN_DATES);
	bind_int(&q, p.id);
	sdate[0] = edate[0] = '\0';
	if (query_row(&q)) {
		snprintf(sdate, sizeof(sdate), "%s", col_text(&q));
		snprintf(edate, sizeof(edate), "%s", col_text(&q));
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto fail;
	if (*sdate != '\0' && parse_day(sdate, &pstart) == -1)
		pstart = -1;
	if (*edate != '\0' && parse_day(edate, &pend) == -1)
		pend = -1;
	memset(&in, 0, sizeof(in));
	if (first_day(st, start, &c, &in.first, d) == -1) {
		err = TDM_EINVAL;
		goto fail;
	}
	/* Never before the programme starts, nor after it ends; with no
	 * end, within a year. */
	if (pstart != -1 && in.first < pstart)
		in.first = pstart;
	in.last = pend != -1 ? pend : in.first + 364;
	if (time_parse(c.time, &hour, &minute) == -1) {
		hour = 14;
		minute = 0;
	}
	in.cadence = c.days;
	in.minutes = c.minutes;
	in.time = hour * 60 + minute;
	if ((err = load_pairs(st, p.id, &rows, &nrows)) != TDM_OK ||
	    (err = load_closures(st, &closed, &nclosed)) != TDM_OK ||
	    (err = load_busy(st, in.first, &busy, &nbusy)) != TDM_OK)
		goto fail;
	err = TDM_ENOMEM;
	if ((units = calloc(nrows + 1, sizeof(*units))) == NULL ||
	    (pu = calloc(nrows + 1, sizeof(*pu))) == NULL)
		goto fail;
	if ((err = make_units(st, p.id, &c, rows, nrows, units, &nunits,
	    in.first)) != TDM_OK)
		goto fail;
	for (i = 0; i < nunits; i++) {
		pu[i].people = units[i].people;
		pu[i].npeople = units[i].npeople;
		pu[i].avail = units[i].avail;
		pu[i].want = c.count > units[i].have ? c.count -
		    units[i].have : 0;
		pu[i].from = units[i].from;
	}
	in.closed = closed;
	in.nclosed = nclosed;
	in.busy = busy;
	in.nbusy = nbusy;
	memset(&x, 0, sizeof(x));
	x.st = st;
	x.programme = p.id;
	x.minutes = c.minutes;
	x.units = units;
	x.err = TDM_ENOMEM;
	store_timestamp(st, x.now);
	if ((err = mail_installation(st, x.inst, from, url)) != TDM_OK ||
	    (err = session_max(st, &first)) != TDM_OK)
		goto fail;
	if (plan_run(&in, pu, nunits, plan_emit, &x) == -1) {
		err = x.err != TDM_OK ? x.err : TDM_ENOMEM;
		goto fail;
	}
	if ((err = plan_flush(&x)) != TDM_OK ||
	    (err = session_max(st, &last)) != TDM_OK ||
	    (err = pair_tally_programme(st, p.id)) != TDM_OK)
		goto fail;
	*planned = x.planned;
	/*
	 * Say which units did not get their cadence, and why; and keep it
	 * (plan_shortfall), for the web page after its redirect.
	 */
	q = query_start(st, STMT_SHORTFALL_CLEAR);
	bind_int(&q, p.id);
	if ((err = query_exec(&q)) != TDM_OK)
		goto fail;
	store_timestamp(st, now);
	for (i = 0; i < nunits; i++) {
		if (pu[i].placed >= pu[i].want)
			continue;
		q = query_start(st, STMT_SHORTFALL_INSERT);
		bind_int(&q, p.id);
		bind_int(&q, units[i].mentor);
		if (units[i].mentee)
			bind_int(&q, units[i].mentee);
		else
			bind_null(&q);
		bind_int(&q, pu[i].placed);
		bind_int(&q, pu[i].want);
		bind_text(&q, pu[i].why == PLAN_NO_COMMON ? "no-common" :
		    "no-room");
		bind_int(&q, units[i].avail);
		bind_text(&q, now);
		if ((err = query_exec(&q)) != TDM_OK)
			goto fail;
		halfday_text(units[i].avail, days, sizeof(days));
		if (pu[i].why == PLAN_NO_COMMON)
			tdm_diag_add(d, NULL, 0, 0, "%s: %d of %d sessions "
			    "planned: no half-day offered by %s",
			    units[i].label, pu[i].placed, pu[i].want,
			    units[i].mentee ? "both" : "all its members");
		else if (pend != -1)
			tdm_diag_add(d, NULL, 0, 0, "%s: %d of %d sessions "
			    "planned: their common half-days (%s) leave no "
			    "more room, every %d days, before the programme "
			    "ends on %s", units[i].label, pu[i].placed,
			    pu[i].want, days, c.days, edate);
		else
			tdm_diag_add(d, NULL, 0, 0, "%s: %d of %d sessions "
			    "planned: their common half-days (%s) leave no "
			    "more room, every %d days, within a year",
			    units[i].label, pu[i].placed, pu[i].want, days,
			    c.days);
	}
	if ((err = audit_append(st, actor, "session.plan", "programme", p.name,
	    "%zu sessions", *planned)) != TDM_OK ||
	    (err = outbox_planned(st, p.id, first + 1, last)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto fail;
	free(rows);
	free(units);
	free(pu);
	free(busy);
	free(closed);
	return TDM_OK;
fail:
	*planned = 0;
	store_rollback(st);
	free(rows);
	free(units);
	free(pu);
	free(busy);
	free(closed);
	return err;
}


struct member;
static void	 members_free(struct member *, size_t);
static enum tdm_err session_members(struct tdm_store *,
		    const struct session_row *, struct member *, size_t *);
static enum tdm_err check_time(struct tdm_store *, const struct session_row *,
		    time_t, struct tdm_diags *);

/*
 * Whether a mentor (and mentee, if not 0) form an accepted pair, in
 * *yes.
 */
static enum tdm_err
accepted_unit(struct tdm_store *st, int64_t programme, int64_t mentor,
    int64_t mentee, int *yes)
{
	struct query	 q = query_start(st, STMT_SESSION_ACCEPTED);

	bind_int(&q, programme);
	bind_int(&q, mentor);
	bind_int(&q, mentee);
	*yes = query_row(&q) && col_int(&q) > 0;
	return query_end(&q);
}

enum tdm_err
tdm_session_add(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *mentor, const char *mentee, time_t start,
    int64_t *id, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct cadence		 c;
	struct session_row	 s;
	int64_t			 r, e = 0;
	int			 count, maxseq, accepted;
	enum tdm_err		 err;

	if ((err = series_begin(st, actor, ref, &p, d)) != TDM_OK)
		return err;
	if ((err = enrolment_find(st, &p, mentor, "mentor", &r, d)) !=
	    TDM_OK || (mentee != NULL && (err = enrolment_find(st, &p, mentee,
	    "mentee", &e, d)) != TDM_OK) ||
	    (err = accepted_unit(st, p.id, r, e, &accepted)) != TDM_OK)
		goto fail;
	if (!accepted) {
		tdm_diag_add(d, NULL, 0, 0, mentee != NULL ? "%s and %s are "
		    "not an accepted pair of \"%s\"" : "%s has no accepted "
		    "pair in \"%s\"%s", mentor, mentee != NULL ? mentee :
		    p.name, mentee != NULL ? p.name : "");
		err = TDM_ESTATE;
		goto fail;
	}
	if ((err = load_cadence(st, p.id, &c)) != TDM_OK ||
	    (err = unit_sessions(st, p.id, r, e, &count, &maxseq)) != TDM_OK)
		goto fail;
	/* The time is checked as the planner's would be. */
	memset(&s, 0, sizeof(s));
	s.programme = p.id;
	s.mentor = r;
	s.mentee = e;
	s.minutes = c.minutes;
	if ((err = check_time(st, &s, start, d)) != TDM_OK)
		goto fail;
	if ((err = insert_session(st, p.id, r, e, maxseq + 1, start,
	    c.minutes, NULL, id)) != TDM_OK ||
	    (err = audit_append(st, actor, "session.add", "programme", p.name,
	    "%s%s%s", mentor, mentee ? " and " : "", mentee ? mentee : "")) !=
	    TDM_OK || (err = outbox_sessions(st)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	return err;
}

enum tdm_err
tdm_session_move(struct tdm_store *st, const struct tdm_actor *actor,
    int64_t id, time_t start, struct tdm_diags *d)
{
	struct session_row	 s;
	struct query		 q;
	const char		*side;
	char			 at[TIMESTAMP_SIZE], now[TIMESTAMP_SIZE];
	enum tdm_err		 err;

	if ((err = session_begin(st, actor, id, &s, &side, d)) != TDM_OK)
		return err;
	if (strcmp(s.state, "planned") != 0) {
		tdm_diag_add(d, NULL, 0, 0, "session %lld is %s: only a "
		    "planned session moves", (long long)id, s.state);
		return session_end(st, TDM_ESTATE);
	}
	if ((err = check_time(st, &s, start, d)) != TDM_OK)
		return session_end(st, err);
	utc_text(start, at);
	store_timestamp(st, now);
	q = query_start(st, STMT_SESSION_MOVE);
	bind_text(&q, at);
	bind_text(&q, now);
	bind_int(&q, id);
	if ((err = query_exec(&q)) == TDM_OK &&
	    (err = pair_tally_mentor(st, s.programme, s.mentor)) == TDM_OK)
		err = audit_append(st, actor, "session.move", "session",
		    s.uid, "to %s", at);
	return session_end(st, err);
}

enum tdm_err
tdm_session_cancel(struct tdm_store *st, const struct tdm_actor *actor,
    int64_t id, const char *by, const char *reason, struct tdm_diags *d)
{
	struct session_row	 s;
	struct query		 q;
	const char		*side;
	char			 now[TIMESTAMP_SIZE];
	enum tdm_err		 err;

	if ((err = session_begin(st, actor, id, &s, &side, d)) != TDM_OK)
		return err;
	if (strcmp(s.state, "planned") != 0) {
		tdm_diag_add(d, NULL, 0, 0, "session %lld is %s: only a "
		    "planned session is cancelled", (long long)id, s.state);
		return session_end(st, TDM_ESTATE);
	}
	/* A member cancels as themself; a manager says on whose part. */
	if (side != NULL && by != NULL && strcmp(by, side) != 0) {
		tdm_diag_add(d, "by", 0, 0, "%s is the %s of this session and "
		    "cancels as such", actor->name, side);
		return session_end(st, TDM_EINVAL);
	}
	if (by == NULL)
		by = side != NULL ? side : "manager";
	if (strcmp(by, "mentor") != 0 && strcmp(by, "mentee") != 0 &&
	    strcmp(by, "manager") != 0) {
		tdm_diag_add(d, "by", 0, 0, "\"%s\" is not mentor, mentee or "
		    "manager", by);
		return session_end(st, TDM_EINVAL);
	}
	if (reason != NULL && strlen(reason) > 2000) {
		tdm_diag_add(d, "reason", 0, 0, "longer than 2000 characters");
		return session_end(st, TDM_EINVAL);
	}
	store_timestamp(st, now);
	q = query_start(st, STMT_SESSION_CANCEL);
	bind_text(&q, by);
	bind_text(&q, reason);
	bind_text(&q, now);
	bind_int(&q, id);
	/* The reason stays private: not in the audit log either. */
	if ((err = query_exec(&q)) == TDM_OK &&
	    (err = pair_tally_mentor(st, s.programme, s.mentor)) == TDM_OK)
		err = audit_append(st, actor, "session.cancel", "session",
		    s.uid, "by the %s", by);
	return session_end(st, err);
}

/* The people of a session; the strings are the member's own, as long
 * as the roster allows (a name cut short could cut a character). */
struct member {
	int64_t	 enrol;
	char	*matricule;
	char	*name;
	char	*email;
	char	 role[8];
};

/* Free the strings of n members (or of all of a zeroed array). */
static void
members_free(struct member *m, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(m[i].matricule);
		free(m[i].name);
		free(m[i].email);
		m[i].matricule = m[i].name = m[i].email = NULL;
	}
}

/* The members of a session: its mentor first, then its mentee(s), those
 * who withdrew left out.  m holds MAXMEMBERS, zeroed or freed. */
static enum tdm_err
session_members(struct tdm_store *st, const struct session_row *s,
    struct member *m, size_t *n)
{
	struct query	 q = query_start(st, STMT_SESSION_MEMBERS);
	enum tdm_err	 err;
	int		 failed = 0;

	*n = 0;
	bind_int(&q, s->mentor);
	if (s->mentee)
		bind_int(&q, s->mentee);
	else
		bind_null(&q);	/* a group: the mentor's mentees */
	bind_int(&q, s->programme);
	while (*n < MAXMEMBERS && query_row(&q)) {
		m[*n].enrol = col_int(&q);
		m[*n].matricule = strdup(col_text(&q));
		m[*n].name = strdup(col_text(&q));
		m[*n].email = strdup(col_text(&q));
		snprintf(m[*n].role, sizeof(m[*n].role), "%s", col_text(&q));
		failed |= m[*n].matricule == NULL || m[*n].name == NULL ||
		    m[*n].email == NULL;
		(*n)++;
	}
	err = query_end(&q);
	if (err == TDM_OK && failed)
		err = TDM_ENOMEM;
	return err;
}

/*
 * Whether a session s (its programme, unit, minutes; id 0 if new) may
 * take place at start, as the planner would place it: a working day
 * inside the programme's dates, not yet passed, in a half-day every member
 * offered, and no member in another session then.
 */
static enum tdm_err
check_time(struct tdm_store *st, const struct session_row *s, time_t start,
    struct tdm_diags *d)
{
	struct member	 m[MAXMEMBERS];
	struct query	 q;
	const char	*holiday, *at;
	char		 when[17], sdate[16], edate[16], label[256];
	long		 lm = paris_minutes(start), day = lm / 1440, pday;
	int64_t		 emp, other;
	unsigned	 avail;
	time_t		 ostart, oend;
	size_t		 n = 0, i;
	int		 found;
	enum tdm_err	 err;

	tdm_paris_format(start, when);
	q = query_start(st, STMT_PLAN_DATES);
	bind_int(&q, s->programme);
	sdate[0] = edate[0] = '\0';
	if (query_row(&q)) {
		snprintf(sdate, sizeof(sdate), "%s", col_text(&q));
		snprintf(edate, sizeof(edate), "%s", col_text(&q));
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if (*sdate != '\0' && parse_day(sdate, &pday) == 0 && day < pday) {
		tdm_diag_add(d, NULL, 0, 0, "%s is before the programme "
		    "starts (%s)", when, sdate);
		return TDM_EINVAL;
	}
	if (*edate != '\0' && parse_day(edate, &pday) == 0 && day > pday) {
		tdm_diag_add(d, NULL, 0, 0, "%s is after the programme ends "
		    "(%s)", when, edate);
		return TDM_EINVAL;
	}
	if (start <= tdm_store_now(st)) {
		tdm_diag_add(d, NULL, 0, 0, "%s has passed", when);
		return TDM_EINVAL;
	}
	if (cal_weekday(day) >= 5) {
		tdm_diag_add(d, NULL, 0, 0, "%s is a %s", when,
		    cal_weekday(day) == 5 ? "Saturday" : "Sunday");
		return TDM_EINVAL;
	}
	if ((holiday = cal_holiday(day)) != NULL) {
		tdm_diag_add(d, NULL, 0, 0, "%s is a public holiday (%s)",
		    when, holiday);
		return TDM_EINVAL;
	}
	q = query_start(st, STMT_CLOSURE_LIST);
	found = 0;
	while (query_row(&q)) {
		if (parse_day(col_text(&q), &pday) == 0 && pday == day) {
			found = 1;
			snprintf(label, sizeof(label), "%s", col_text(&q));
		} else
			col_skip(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if (found) {
		tdm_diag_add(d, NULL, 0, 0, "%s: the company is closed that "
		    "day%s%s%s", when, *label ? " (" : "", label,
		    *label ? ")" : "");
		return TDM_EINVAL;
	}
	memset(m, 0, sizeof(m));
	if ((err = session_members(st, s, m, &n)) != TDM_OK)
		goto out;
	for (i = 0; i < n; i++) {
		q = query_start(st, STMT_PLAN_MEMBER_AVAIL);
		bind_int(&q, m[i].enrol);
		avail = 0;
		emp = 0;
		if (query_row(&q)) {
			avail = (unsigned)col_int(&q);
			emp = col_int(&q);
		}
		if ((err = query_end(&q)) != TDM_OK)
			goto out;
		if (!plan_in_halfday(lm, s->minutes, avail)) {
			tdm_diag_add(d, NULL, 0, 0, "%s is not in a half-day "
			    "%s offered (from 09:00 to 12:00, or from 14:00 "
			    "to 18:00)", when, m[i].matricule);
			err = TDM_EINVAL;
			goto out;
		}
		q = query_start(st, STMT_PLAN_PERSON_BUSY);
		bind_int(&q, emp);
		bind_int(&q, s->id);
		other = 0;
		while (query_row(&q)) {
			int64_t	 oid = col_int(&q);

			at = col_text(&q);
			ostart = utc_parse(at);
			oend = ostart + col_int(&q) * 60;
			if (other == 0 && ostart < start + s->minutes * 60 &&
			    start < oend)
				other = oid;
		}
		if ((err = query_end(&q)) != TDM_OK)
			goto out;
		if (other != 0) {
			tdm_diag_add(d, NULL, 0, 0, "%s: %s has session %lld "
			    "at that time", when, m[i].matricule,
			    (long long)other);
			err = TDM_EINVAL;
			goto out;
		}
	}
out:
	members_free(m, MAXMEMBERS);
	return err;
}

/* Whether matricule is in the comma-separated list. */
static int
listed_in(const char *list, const char *matricule)
{
	const char	*p, *end;
	size_t		 len = strlen(matricule);

	if (list == NULL)
		return 0;
	for (p = list; *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",");
		if ((size_t)(end - p) == len && strncmp(p, matricule, len) == 0)
			return 1;
	}
	return 0;
}

enum tdm_err
tdm_session_held(struct tdm_store *st, const struct tdm_actor *actor,
    int64_t id, const char *absent, struct tdm_diags *d)
{
	struct session_row	 s;
	struct member		 m[MAXMEMBERS];
	struct query		 q;
	const char		*side, *p, *end;
	char			 now[TIMESTAMP_SIZE];
	size_t			 n, i, len;
	enum tdm_err		 err;

	if ((err = session_begin(st, actor, id, &s, &side, d)) != TDM_OK)
		return err;
	if (strcmp(s.state, "planned") != 0) {
		tdm_diag_add(d, NULL, 0, 0, "session %lld is %s already",
		    (long long)id, s.state);
		return session_end(st, TDM_ESTATE);
	}
	if (s.start > tdm_store_now(st)) {
		tdm_diag_add(d, NULL, 0, 0, "session %lld has not taken place "
		    "yet", (long long)id);
		return session_end(st, TDM_ESTATE);
	}
	memset(m, 0, sizeof(m));
	if ((err = session_members(st, &s, m, &n)) != TDM_OK)
		goto out;
	/* Every absent person must be a member, named in full: an id is
	 * compared whole, never cut to a length. */
	for (p = absent ? absent : ""; *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",");
		len = (size_t)(end - p);
		for (i = 0; i < n; i++)
			if (strlen(m[i].matricule) == len &&
			    strncmp(m[i].matricule, p, len) == 0)
				break;
		if (i == n) {
			tdm_diag_add(d, "absent", 0, 0, "%.*s is not a member "
			    "of session %lld", len > 64 ? 64 : (int)len, p,
			    (long long)id);
			err = TDM_EINVAL;
			goto out;
		}
	}
	store_timestamp(st, now);
	q = query_start(st, STMT_SESSION_HELD);
	bind_text(&q, now);
	bind_int(&q, id);
	if ((err = query_exec(&q)) != TDM_OK ||
	    (err = pair_tally_mentor(st, s.programme, s.mentor)) != TDM_OK)
		goto out;
	for (i = 0; i < n; i++) {
		q = query_start(st, STMT_ATTENDANCE_SET);
		bind_int(&q, id);
		bind_int(&q, m[i].enrol);
		bind_int(&q, !listed_in(absent, m[i].matricule));
		if ((err = query_exec(&q)) != TDM_OK)
			goto out;
	}
	err = audit_append(st, actor, "session.held", "session", s.uid,
	    "%zu members", n);
out:
	members_free(m, MAXMEMBERS);
	return session_end(st, err);
}

enum tdm_err
tdm_feedback(struct tdm_store *st, const struct tdm_actor *actor,
    int64_t id, const char *member, int rating, const char *comment,
    struct tdm_diags *d)
{
	struct session_row	 s;
	struct programme_ref	 p;
	struct query		 q;
	char			 now[TIMESTAMP_SIZE];
	int64_t			 emp, enrol;
	int			 present = -1;
	enum tdm_err		 err;

	if (rating < 1 || rating > 5) {
		tdm_diag_add(d, "rating", 0, 0, "a rating is 1 to 5");
		return TDM_EINVAL;
	}
	if (comment != NULL && strlen(comment) > 2000) {
		tdm_diag_add(d, "comment", 0, 0, "longer than 2000 characters");
		return TDM_EINVAL;
	}
	if (actor->coach_id != 0) {
		tdm_diag_add(d, NULL, 0, 0, "an external coach does not rate "
		    "sessions");
		return TDM_EPERM;
	}
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = load_session(st, id, &s, d)) != TDM_OK)
		goto fail;
	if ((err = employee_find(st, member, 0, &emp, d)) != TDM_OK)
		goto fail;
	if ((err = authorize_self_in(actor, emp, OP_PAIR_ANSWER_OTHER,
	    s.programme, d)) != TDM_OK)
		goto fail;
	memset(&p, 0, sizeof(p));
	p.id = s.programme;
	snprintf(p.name, sizeof(p.name), "%s", s.programme_name);
	/* Rating a session of a programme one is not in is not one's to
	 * do: a refusal, not a missing object. */
	if ((err = enrolment_find(st, &p, member, NULL, &enrol, d)) !=
	    TDM_OK) {
		if (err == TDM_ENOENT)
			err = TDM_EPERM;
		goto fail;
	}
	q = query_start(st, STMT_ATTENDED);
	bind_int(&q, id);
	bind_int(&q, enrol);
	if (query_row(&q))
		present = (int)col_int(&q);
	if ((err = query_end(&q)) != TDM_OK)
		goto fail;
	if (present == -1 && strcmp(s.state, "held") == 0) {
		tdm_diag_add(d, NULL, 0, 0,
		    "%s is not a member of session %lld", member,
		    (long long)id);
		err = TDM_EPERM;
		goto fail;
	}
	if (strcmp(s.state, "held") != 0 || present != 1) {
		tdm_diag_add(d, NULL, 0, 0, "%s can only rate a session held "
		    "with them: session %lld is %s%s", member, (long long)id,
		    s.state, strcmp(s.state, "held") == 0 ? " without them" :
		    "");
		err = TDM_ESTATE;
		goto fail;
	}
	store_timestamp(st, now);
	q = query_start(st, STMT_FEEDBACK_INSERT);
	bind_int(&q, id);
	bind_int(&q, enrol);
	bind_int(&q, rating);
	bind_text(&q, comment);
	bind_text(&q, now);
	if ((err = query_exec(&q)) == TDM_EINVAL) {
		tdm_diag_add(d, NULL, 0, 0, "%s has rated session %lld already",
		    member, (long long)id);
		err = TDM_EEXIST;
	}
	if (err != TDM_OK || (err = audit_append(st, actor, "feedback.give",
	    "session", s.uid, "by %s", member)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	return err;
}

/* The closing survey, as survey.c records it for both roles. */
enum tdm_err
tdm_survey(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *member, int recommend, const char *changed,
    const char *levels, struct tdm_diags *d)
{
	struct tdm_survey_answer	 a;

	memset(&a, 0, sizeof(a));
	a.stage = TDM_SURVEY_CLOSING;
	a.recommend = recommend;
	a.changed = changed;
	a.levels = levels;
	return tdm_survey_answer(st, actor, ref, member, &a, d);
}

/*
 * Refuse the rows of others to an actor who reads only their own (or,
 * for the pairs at risk, none): the view's refusal, naming the
 * programme.
 */
static enum tdm_err
refuse_others(const struct tdm_actor *a, enum tdm_view v,
    const struct programme_ref *p, struct tdm_diags *d)
{
	struct view_facts	 f;

	memset(&f, 0, sizeof(f));
	f.programme = p->name;
	f.published = p->charter_version > 0;
	return view_refuse(a, v, &f, d);
}

/*
 * The programme whose sessions a reads, and whose: a participant reads
 * their own sessions, and no one's else, even by naming them; the
 * others read everyone's, or member's (0: everyone).
 */
static enum tdm_err
sessions_open(struct tdm_store *st, const struct tdm_actor *a,
    const char *ref, const char *member, struct programme_ref *p,
    int64_t *emp, struct tdm_diags *d)
{
	enum scope	 scope;
	enum tdm_err	 err;

	*emp = 0;
	if ((err = view_open(st, a, ref, TDM_VIEW_SESSIONS, p, &scope, d)) !=
	    TDM_OK)
		return err;
	if (scope == SCOPE_OWN) {
		if (member != NULL && strcmp(member, a->name) != 0)
			return refuse_others(a, TDM_VIEW_SESSIONS, p, d);
		*emp = a->employee_id;
		return TDM_OK;
	}
	if (member != NULL)
		return employee_find(st, member, 0, emp, d);
	return TDM_OK;
}

/* A row of STMT_SESSION_LIST (and of STMT_SESSION_PAGE). */
static void
listed_from(struct query *q, struct tdm_session *s)
{
	s->id = col_int(q);
	s->mentor = col_text(q);
	s->mentor_name = col_text(q);
	s->mentee = col_text(q);
	s->mentee_name = col_text(q);
	s->seq = (int)col_int(q);
	s->start = utc_parse(col_text(q));
	s->minutes = (int)col_int(q);
	s->state = col_text(q);
	s->cancelled_by = col_text(q);
	s->sequence = (int)col_int(q);
	s->uid = col_text(q);
}

enum tdm_err
tdm_session_each(struct tdm_store *st, const struct tdm_actor *a,
    const char *ref, const char *member,
    int (*fn)(void *, const struct tdm_session *), void *arg,
    struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct tdm_session	 s;
	struct query		 q;
	int64_t			 emp;
	enum tdm_err		 err;

	if ((err = sessions_open(st, a, ref, member, &p, &emp, d)) != TDM_OK)
		return err;
	q = query_start(st, STMT_SESSION_LIST);
	bind_int(&q, p.id);
	bind_int(&q, emp);
	while (query_row(&q)) {
		listed_from(&q, &s);
		if (fn(arg, &s) != 0)
			break;
	}
	return query_end(&q);
}

/* The texts of one event, which the event points into. */
struct event_text {
	char	 summary[600];
	char	 description[1400];
	char	 location[1000];
	char	 url[1000];
};

/* Whether a grade is one of the top ones (directors, executive
 * committee, chief executive), as exports write them. */
static int
top_grade(const char *g)
{
	static const char *const top[] = { "direct", "comex", "pdg", "ceo",
	    "président", "president" };
	size_t	 i;

	for (i = 0; i < sizeof(top) / sizeof(top[0]); i++)
		if (strncasecmp(g, top[i], strlen(top[i])) == 0)
			return 1;
	return 0;
}

/*
 * Where and how a session takes place: the pair's place and link, else
 * the programme's; and whether its invitation is discreet (the
 * programme's 'all', or 'senior' with a member of the top grades or a
 * pair that asked).
 */
static enum tdm_err
session_where(struct tdm_store *st, const struct session_row *s,
    struct event_text *t, int *discreet)
{
	struct query	 q = query_start(st, STMT_SESSION_WHERE);
	char		 mode[8] = "";
	int		 asked = 0, top = 0;
	enum tdm_err	 err;

	bind_int(&q, s->programme);
	bind_int(&q, s->mentor);
	if (s->mentee)
		bind_int(&q, s->mentee);
	else
		bind_null(&q);
	t->location[0] = t->url[0] = '\0';
	if (query_row(&q)) {
		snprintf(t->location, sizeof(t->location), "%s", col_text(&q));
		snprintf(t->url, sizeof(t->url), "%s", col_text(&q));
		snprintf(mode, sizeof(mode), "%s", col_text(&q));
		asked = (int)col_int(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	q = query_start(st, STMT_SESSION_GRADES);
	bind_int(&q, s->mentor);
	if (s->mentee)
		bind_int(&q, s->mentee);
	else
		bind_null(&q);
	bind_int(&q, s->programme);
	while (query_row(&q))
		top |= top_grade(col_text(&q));
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	*discreet = strcmp(mode, "all") == 0 || (strcmp(mode, "senior") == 0 &&
	    (top || asked));
	return TDM_OK;
}

/* One session as an iCalendar event, with its members. */
static enum tdm_err
session_event(struct tdm_store *st, const struct session_row *s,
    struct member *m, size_t *n, struct tdm_ical_event *ev,
    struct tdm_ical_person *people, struct event_text *t)
{
	enum tdm_err	 err;
	size_t		 i;
	int		 discreet;

	if ((err = session_members(st, s, m, n)) != TDM_OK ||
	    (err = session_where(st, s, t, &discreet)) != TDM_OK)
		return err;
	if (*n == 0)
		return TDM_EDB;
	for (i = 0; i < *n; i++) {
		people[i].name = m[i].name;
		people[i].email = m[i].email;
	}
	memset(ev, 0, sizeof(*ev));
	/*
	 * Discreet: a neutral summary and a private event, so that one who
	 * keeps another's diary sees a meeting and not the coaching.
	 */
	if (discreet) {
		snprintf(t->summary, sizeof(t->summary), "Rendez-vous");
		snprintf(t->description, sizeof(t->description), "%s%s",
		    *t->url ? "Lien : " : "", t->url);
		ev->private = 1;
	} else {
		snprintf(t->summary, sizeof(t->summary),
		    "Tandem « %s » : séance %d", s->programme_name, s->seq);
		snprintf(t->description, sizeof(t->description), "Séance de "
		    "mentorat inversé organisée avec Tandem. Ce qui s'y dit "
		    "reste entre ses participants.%s%s", *t->url ?
		    "\nLien de la visioconférence : " : "", t->url);
	}
	ev->uid = s->uid;
	ev->sequence = s->sequence;
	ev->start = s->start;
	ev->minutes = s->minutes;
	ev->summary = t->summary;
	ev->description = t->description;
	ev->location = t->location;
	ev->url = t->url;
	ev->cancelled = strcmp(s->state, "cancelled") == 0;
	ev->organizer = people[0];
	ev->attendees = people;
	ev->nattendees = *n;
	return TDM_OK;
}

/*
 * Load session id for an actor who may read it: one of its people, or
 * one who reads all the sessions of its programme.
 */
static enum tdm_err
session_view(struct tdm_store *st, const struct tdm_actor *a, int64_t id,
    struct session_row *s, struct tdm_diags *d)
{
	struct programme_ref	 p;
	const char		*side;
	char			 ref[24];
	enum scope		 scope;
	enum tdm_err		 err;

	if ((err = load_session(st, id, s, d)) != TDM_OK ||
	    (err = side_of(st, s, a, &side)) != TDM_OK || side != NULL)
		return err;
	snprintf(ref, sizeof(ref), "%lld", (long long)s->programme);
	if ((err = view_open(st, a, ref, TDM_VIEW_SESSIONS, &p, &scope, d)) !=
	    TDM_OK || scope == SCOPE_ALL)
		return err;
	return refuse_others(a, TDM_VIEW_SESSIONS, &p, d);
}

enum tdm_err
tdm_may_view_session(struct tdm_store *st, const struct tdm_actor *a,
    int64_t id, struct tdm_diags *d)
{
	struct session_row	 s;

	return session_view(st, a, id, &s, d);
}

/*
 * Whether the actor is a mentee who withdrew from the group of session
 * id, a group session still to come: *left, with their name and e-mail.
 */
static enum tdm_err
group_left(struct tdm_store *st, const struct tdm_actor *a, int64_t id,
    int *left, char name[512], char email[512])
{
	struct query	 q;

	*left = 0;
	if (a->employee_id == 0)
		return TDM_OK;
	q = query_start(st, STMT_GROUP_LEFT);
	bind_int(&q, id);
	bind_int(&q, a->employee_id);
	if (query_row(&q)) {
		*left = 1;
		snprintf(name, 512, "%s", col_text(&q));
		snprintf(email, 512, "%s", col_text(&q));
	}
	return query_end(&q);
}

enum tdm_err
tdm_ical_session(struct tdm_store *st, const struct tdm_actor *a,
    int64_t id, struct tdm_buf *out, struct tdm_diags *d)
{
	struct session_row	 s;
	struct member		 m[MAXMEMBERS];
	struct tdm_ical_person	 people[MAXMEMBERS];
	struct tdm_ical_event	 ev;
	struct event_text	 text;
	size_t			 n;
	enum tdm_err		 err;

	struct tdm_ical_person	 gone;
	char			 name[512], email[512];
	int			 left = 0;

	memset(m, 0, sizeof(m));
	if ((err = group_left(st, a, id, &left, name, email)) != TDM_OK)
		return err;
	if (left) {
		/*
		 * A mentee who withdrew from a group: the group's session,
		 * still planned for the others, is cancelled for them
		 * alone, so that it leaves their calendar.
		 */
		if ((err = load_session(st, id, &s, d)) == TDM_OK &&
		    (err = session_event(st, &s, m, &n, &ev, people,
		    &text)) == TDM_OK) {
			gone.name = name;
			gone.email = email;
			ev.attendees = &gone;
			ev.nattendees = 1;
			ev.cancelled = 1;
			ev.sequence++;
			err = tdm_ical_write(out, TDM_ICAL_CANCEL,
			    tdm_store_now(st), &ev, 1);
		}
		members_free(m, MAXMEMBERS);
		return err;
	}
	if ((err = session_view(st, a, id, &s, d)) == TDM_OK &&
	    (err = session_event(st, &s, m, &n, &ev, people, &text)) ==
	    TDM_OK)
		err = tdm_ical_write(out, ev.cancelled ? TDM_ICAL_CANCEL :
		    TDM_ICAL_REQUEST, tdm_store_now(st), &ev, 1);
	members_free(m, MAXMEMBERS);
	return err;
}

struct feed {
	struct tdm_store	*st;
	struct tdm_buf		*out;
	int64_t			*ids;
	size_t			 n, alloc;
	int			 failed;
};

static int
feed_one(void *arg, const struct tdm_session *s)
{
	struct feed	*f = arg;
	int64_t		*v;

	if (f->n == f->alloc) {
		f->alloc = f->alloc ? f->alloc * 2 : 32;
		if ((v = reallocarray(f->ids, f->alloc, sizeof(*v))) == NULL) {
			f->failed = 1;
			return 1;
		}
		f->ids = v;
	}
	f->ids[f->n++] = s->id;
	return 0;
}

enum tdm_err
tdm_ical_feed(struct tdm_store *st, const struct tdm_actor *a,
    const char *ref, const char *member, struct tdm_buf *out,
    struct tdm_diags *d)
{
	struct feed		 f;
	struct session_row	*s = NULL;
	struct member		*m = NULL;
	struct tdm_ical_person	*people = NULL;
	struct tdm_ical_event	*ev = NULL;
	struct event_text	*text = NULL;
	size_t			 i, n;
	enum tdm_err		 err;

	memset(&f, 0, sizeof(f));
	f.st = st;
	f.out = out;
	if ((err = tdm_session_each(st, a, ref, member, feed_one, &f, d)) !=
	    TDM_OK)
		goto out;
	err = TDM_ENOMEM;
	if (f.failed ||
	    (m = calloc(MAXMEMBERS * (f.n + 1), sizeof(*m))) == NULL ||
	    (people = calloc(MAXMEMBERS * (f.n + 1), sizeof(*people))) ==
	    NULL || (ev = calloc(f.n + 1, sizeof(*ev))) == NULL ||
	    (text = calloc(f.n + 1, sizeof(*text))) == NULL ||
	    (s = calloc(f.n + 1, sizeof(*s))) == NULL)
		goto out;
	/* Each event points into its own row: one UID per session. */
	for (i = 0; i < f.n; i++)
		if ((err = load_session(st, f.ids[i], &s[i], d)) != TDM_OK ||
		    (err = session_event(st, &s[i], m + i * MAXMEMBERS, &n,
		    &ev[i], people + i * MAXMEMBERS, &text[i])) != TDM_OK)
			goto out;
	err = tdm_ical_write(out, TDM_ICAL_PUBLISH, tdm_store_now(st), ev,
	    f.n);
out:
	if (m != NULL)
		members_free(m, MAXMEMBERS * (f.n + 1));
	free(f.ids);
	free(s);
	free(m);
	free(people);
	free(ev);
	free(text);
	return err;
}

/*
 * The programme's cadence, now and now less its risk days, as the store
 * compares them.
 */
static enum tdm_err
risk_bounds(struct tdm_store *st, const struct programme_ref *p,
    struct cadence *c, char now[TIMESTAMP_SIZE], char since[TIMESTAMP_SIZE])
{
	time_t		 t = tdm_store_now(st);
	enum tdm_err	 err;

	if ((err = load_cadence(st, p->id, c)) != TDM_OK)
		return err;
	utc_text(t, now);
	utc_text(t - (time_t)c->risk_days * 86400, since);
	return TDM_OK;
}

enum tdm_err
session_risk_bounds(struct tdm_store *st, const struct programme_ref *p,
    int *risk_days, char now[TIMESTAMP_SIZE], char since[TIMESTAMP_SIZE])
{
	struct cadence	 c;
	enum tdm_err	 err;

	if ((err = risk_bounds(st, p, &c, now, since)) == TDM_OK)
		*risk_days = c.risk_days;
	return err;
}

void
session_risk_reason(const struct risk_facts *f, int risk_days, time_t now,
    char *reason, size_t size)
{
	time_t	 last = utc_parse(f->last), first = utc_parse(f->first);

	reason[0] = '\0';
	if (strcmp(f->state, "ended") == 0)
		snprintf(reason, size, TDM_N_("the tandem ended"));
	else if (strcmp(f->state, "declined") == 0)
		snprintf(reason, size, TDM_N_("the pair was declined"));
	else if (f->gone_mentor)
		snprintf(reason, size, TDM_N_("the mentor withdrew"));
	else if (f->gone_mentee)
		snprintf(reason, size, TDM_N_("the mentee withdrew"));
	else if (f->bymentor >= 2 || f->bymentee >= 2)
		snprintf(reason, size,
		    TDM_N_("%d sessions cancelled by the %s"),
		    f->bymentor >= f->bymentee ? f->bymentor : f->bymentee,
		    f->bymentor >= f->bymentee ? "mentor" : "mentee");
	else if (first && first < now && f->planned > 0 &&
	    (last ? last : first) < now - (time_t)risk_days * 86400)
		snprintf(reason, size, TDM_N_("no session held for %lld days"),
		    (long long)((now - (last ? last : first)) / 86400));
}

/*
 * The tandems at risk of p in their members' order, skip passed over
 * and at most limit given to fn; *total (when not NULL) is how many
 * there are, 0 when the page is empty.  The store keeps the pairs at
 * risk, counts them and cuts the page (STMT_WATCH_PAGE, issue 15: the
 * programme page shows 25 of them); each row's reason is worded here,
 * by the rules the statement keeps its rows by.
 */
static enum tdm_err
risks_page(struct tdm_store *st, const struct programme_ref *p,
    size_t skip, int64_t limit, size_t *total,
    int (*fn)(void *, const struct tdm_risk *), void *arg)
{
	struct cadence		 c;
	struct tdm_risk		 r;
	struct risk_facts	 f;
	struct query		 q;
	char			 reason[256];
	char			 at[TIMESTAMP_SIZE], since[TIMESTAMP_SIZE];
	time_t			 now = tdm_store_now(st);
	enum tdm_err		 err;

	if (total != NULL)
		*total = 0;
	if ((err = risk_bounds(st, p, &c, at, since)) != TDM_OK)
		return err;
	q = query_start(st, STMT_WATCH_PAGE);
	bind_int(&q, p->id);
	bind_text(&q, at);
	bind_text(&q, since);
	bind_int(&q, limit);
	bind_int(&q, (int64_t)skip);
	while (query_row(&q)) {
		f.state = col_text(&q);
		f.gone_mentor = (int)col_int(&q);
		f.gone_mentee = (int)col_int(&q);
		r.mentor = col_text(&q);
		r.mentor_name = col_text(&q);
		r.mentee = col_text(&q);
		r.mentee_name = col_text(&q);
		r.mentor_employee = col_int(&q);
		r.mentee_employee = col_int(&q);
		f.last = col_text(&q);
		f.bymentor = (int)col_int(&q);
		f.bymentee = (int)col_int(&q);
		f.first = col_text(&q);
		f.planned = (int)col_int(&q);
		if (total != NULL)
			*total = (size_t)col_int(&q);
		else
			col_skip(&q);
		session_risk_reason(&f, c.risk_days, now, reason,
		    sizeof(reason));
		/* The statement kept it by the same rules. */
		if (reason[0] == '\0')
			continue;
		r.reason = reason;
		if (fn(arg, &r) != 0)
			break;
	}
	return query_end(&q);
}

/* Every row of risks_page(): no page is that long. */
#define RISKS_ALL	((int64_t)1 << 62)

enum tdm_err
session_risks(struct tdm_store *st, const struct programme_ref *p,
    int (*fn)(void *, const struct tdm_risk *), void *arg)
{
	return risks_page(st, p, 0, RISKS_ALL, NULL, fn, arg);
}

enum tdm_err
session_risk_count(struct tdm_store *st, const struct programme_ref *p,
    int *n)
{
	struct cadence	 c;
	struct query	 q;
	char		 at[TIMESTAMP_SIZE], since[TIMESTAMP_SIZE];
	enum tdm_err	 err;

	*n = 0;
	if ((err = risk_bounds(st, p, &c, at, since)) != TDM_OK)
		return err;
	q = query_start(st, STMT_WATCH_COUNT);
	bind_int(&q, p->id);
	bind_text(&q, at);
	bind_text(&q, since);
	while (query_row(&q))
		*n = (int)col_int(&q);
	return query_end(&q);
}

/* The people a listing of tandems at risk named, for read_people(). */
struct watch_read {
	int	(*fn)(void *, const struct tdm_risk *);
	void	*arg;
	int64_t	*who;
	size_t	 n, alloc;
	int	 failed;
};

static void
watch_keep(struct watch_read *w, int64_t employee)
{
	int64_t	*nw;

	if (w->failed || employee == 0)
		return;
	if (w->n == w->alloc) {
		w->alloc = w->alloc ? w->alloc * 2 : 64;
		if ((nw = reallocarray(w->who, w->alloc, sizeof(*nw))) ==
		    NULL) {
			w->failed = 1;
			return;
		}
		w->who = nw;
	}
	w->who[w->n++] = employee;
}

static int
watch_one(void *arg, const struct tdm_risk *r)
{
	struct watch_read	*w = arg;

	watch_keep(w, r->mentor_employee);
	watch_keep(w, r->mentee_employee);
	return w->fn(w->arg, r);
}

/*
 * Who read whose data (issue 17): each person a listing of tandems at
 * risk named, as read by its reader (the coach, a manager).  The
 * listing's own query gave their ids: no look-up per person.
 */
static enum tdm_err
watch_record(struct tdm_store *st, const struct tdm_actor *a, int64_t pid,
    struct watch_read *w)
{
	if (w->failed)
		return TDM_ENOMEM;
	if (w->n == 0)
		return TDM_OK;
	return read_people(st, a, pid, "risks", w->who, w->n);
}

/* The programme, for those who read all of its tandems at risk. */
static enum tdm_err
watch_open(struct tdm_store *st, const struct tdm_actor *a, const char *ref,
    struct programme_ref *p, struct tdm_diags *d)
{
	enum scope		 scope;
	enum tdm_err		 err;

	if ((err = view_open(st, a, ref, TDM_VIEW_RISKS, p, &scope, d)) !=
	    TDM_OK)
		return err;
	/*
	 * Why a tandem is at risk (a withdrawal, the other side's
	 * cancellations) is for those who follow the whole programme: a
	 * participant, who reads only their own rows elsewhere, reads none
	 * here.
	 */
	if (scope != SCOPE_ALL)
		return refuse_others(a, TDM_VIEW_RISKS, p, d);
	return TDM_OK;
}

/*
 * Whether p's tandems can still be at risk: not once it is closed, when
 * nothing can be done for them any more (its report keeps its figures).
 */
static int
watch_live(const struct programme_ref *p)
{
	return (tdm_programme_live(p->state) & TDM_LIVE_PAIRS) != 0;
}

enum tdm_err
tdm_watch(struct tdm_store *st, const struct tdm_actor *a, const char *ref,
    int (*fn)(void *, const struct tdm_risk *), void *arg,
    struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct watch_read	 w = { fn, arg, NULL, 0, 0, 0 };
	enum tdm_err		 err;

	if ((err = watch_open(st, a, ref, &p, d)) != TDM_OK || !watch_live(&p))
		return err;
	if ((err = session_risks(st, &p, watch_one, &w)) == TDM_OK)
		err = watch_record(st, a, p.id, &w);
	free(w.who);
	return err;
}

enum tdm_err
tdm_watch_page(struct tdm_store *st, const struct tdm_actor *a,
    const char *ref, struct tdm_page *pg,
    int (*fn)(void *, const struct tdm_risk *), void *arg,
    struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct watch_read	 w = { fn, arg, NULL, 0, 0, 0 };
	int			 n = 0;
	enum tdm_err		 err;

	pg->next[0] = '\0';
	pg->total = 0;
	if ((err = watch_open(st, a, ref, &p, d)) != TDM_OK || !watch_live(&p))
		return err;
	/* Only the people of the rows given are read. */
	if ((err = risks_page(st, &p, pg->skip, pg->limit > 0 ? pg->limit :
	    0, &pg->total, watch_one, &w)) == TDM_OK)
		err = watch_record(st, a, p.id, &w);
	free(w.who);
	/* A page past the end has no row to count them: the store does. */
	if (err == TDM_OK && pg->count && pg->total == 0 && (pg->skip > 0 ||
	    pg->limit <= 0) && (err = session_risk_count(st, &p, &n)) ==
	    TDM_OK)
		pg->total = (size_t)n;
	if (!pg->count)
		pg->total = 0;
	return err;
}

/* A closure day's label: up to 100 characters, no control character. */
static int
closure_label_ok(const char *s, struct tdm_diags *d)
{
	const unsigned char	*p;
	size_t			 n = 0;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7F) {
			tdm_diag_add(d, "label", 0, 0, "contains a control "
			    "character");
			return 0;
		}
		n += (*p & 0xC0) != 0x80;
	}
	if (n > 100) {
		tdm_diag_add(d, "label", 0, 0, "longer than 100 characters");
		return 0;
	}
	return 1;
}

enum tdm_err
tdm_closure_add(struct tdm_store *st, const struct tdm_actor *actor,
    const char *day, const char *label, struct tdm_diags *d)
{
	struct query	 q;
	char		 now[TIMESTAMP_SIZE];
	long		 n;
	enum tdm_err	 err;

	if ((err = authorize(actor, OP_SESSION_MANAGE, d)) != TDM_OK)
		return err;
	if (parse_day(day, &n) == -1) {
		tdm_diag_add(d, "day", 0, 0, "\"%s\" is not a date yyyy-mm-dd",
		    day);
		return TDM_EINVAL;
	}
	if (label == NULL)
		label = "";
	if (!closure_label_ok(label, d))
		return TDM_EINVAL;
	if (cal_weekday(n) >= 5 || cal_holiday(n) != NULL) {
		tdm_diag_add(d, "day", 0, 0, "%s is %s: no session takes "
		    "place then anyway", day, cal_weekday(n) >= 5 ?
		    "a weekend day" : "a public holiday");
		return TDM_EINVAL;
	}
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	store_timestamp(st, now);
	q = query_start(st, STMT_CLOSURE_INSERT);
	bind_text(&q, day);
	bind_text(&q, label);
	bind_text(&q, now);
	if ((err = query_exec(&q)) == TDM_EINVAL) {
		tdm_diag_add(d, "day", 0, 0, "%s is a closure day already",
		    day);
		err = TDM_EEXIST;
	}
	if (err == TDM_OK)
		err = audit_append(st, actor, "closure.add", "closure", day,
		    "%s", "");
	return session_end(st, err);
}

enum tdm_err
tdm_closure_remove(struct tdm_store *st, const struct tdm_actor *actor,
    const char *day, struct tdm_diags *d)
{
	struct query	 q;
	enum tdm_err	 err;

	if ((err = authorize(actor, OP_SESSION_MANAGE, d)) != TDM_OK)
		return err;
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	q = query_start(st, STMT_CLOSURE_DELETE);
	bind_text(&q, day);
	if ((err = query_exec(&q)) == TDM_OK && store_changes(st) == 0) {
		tdm_diag_add(d, "day", 0, 0, "%s is not a closure day", day);
		err = TDM_ENOENT;
	}
	if (err == TDM_OK)
		err = audit_append(st, actor, "closure.remove", "closure", day,
		    "%s", "");
	return session_end(st, err);
}

enum tdm_err
tdm_closure_each(struct tdm_store *st, const struct tdm_actor *actor,
    int (*fn)(void *, const char *, const char *), void *arg,
    struct tdm_diags *d)
{
	struct query	 q;
	const char	*day, *label;

	/* The company's closure days are no one's secret. */
	(void)actor;
	(void)d;
	q = query_start(st, STMT_CLOSURE_LIST);
	while (query_row(&q)) {
		day = col_text(&q);
		label = col_text(&q);
		if (fn(arg, day, label) != 0)
			break;
	}
	return query_end(&q);
}

/* The open proposal of a session: its id (0 if none), time and side. */
static enum tdm_err
proposal_get(struct tdm_store *st, int64_t session, int64_t *id,
    time_t *start, char side[8])
{
	struct query	 q = query_start(st, STMT_PROPOSAL_GET);

	bind_int(&q, session);
	*id = 0;
	*start = 0;
	side[0] = '\0';
	if (query_row(&q)) {
		*id = col_int(&q);
		*start = utc_parse(col_text(&q));
		snprintf(side, 8, "%s", col_text(&q));
	}
	return query_end(&q);
}

/*
 * Give session s the time start: a planned session moves (its SEQUENCE
 * raised); a cancelled one gets a new session of its unit at that time,
 * its number in *newid.
 */
static enum tdm_err
apply_time(struct tdm_store *st, const struct session_row *s, time_t start,
    int64_t *newid)
{
	struct query	 q;
	char		 at[TIMESTAMP_SIZE], now[TIMESTAMP_SIZE];
	int		 count, maxseq;
	enum tdm_err	 err;

	*newid = 0;
	if (strcmp(s->state, "planned") == 0) {
		utc_text(start, at);
		store_timestamp(st, now);
		q = query_start(st, STMT_SESSION_MOVE);
		bind_text(&q, at);
		bind_text(&q, now);
		bind_int(&q, s->id);
		if ((err = query_exec(&q)) != TDM_OK)
			return err;
		return pair_tally_mentor(st, s->programme, s->mentor);
	}
	if ((err = unit_sessions(st, s->programme, s->mentor, s->mentee,
	    &count, &maxseq)) != TDM_OK)
		return err;
	return insert_session(st, s->programme, s->mentor, s->mentee,
	    maxseq + 1, start, s->minutes, NULL, newid);
}

/* What may be proposed for session s: planned, or cancelled and not yet
 * replaced, of a tandem still accepted. */
static enum tdm_err
proposable(struct tdm_store *st, const struct session_row *s,
    struct tdm_diags *d)
{
	struct query	 q;
	enum tdm_err	 err;
	int		 n;

	if (strcmp(s->state, "held") == 0) {
		tdm_diag_add(d, NULL, 0, 0, "session %lld is held: it took "
		    "place", (long long)s->id);
		return TDM_ESTATE;
	}
	if ((err = accepted_unit(st, s->programme, s->mentor, s->mentee,
	    &n)) != TDM_OK)
		return err;
	if (!n) {
		tdm_diag_add(d, NULL, 0, 0, "session %lld: its tandem is no "
		    "longer accepted", (long long)s->id);
		return TDM_ESTATE;
	}
	if (strcmp(s->state, "cancelled") == 0) {
		q = query_start(st, STMT_PROPOSAL_REPLACED);
		bind_int(&q, s->id);
		n = query_row(&q) ? (int)col_int(&q) : 0;
		if ((err = query_end(&q)) != TDM_OK)
			return err;
		if (n > 0) {
			tdm_diag_add(d, NULL, 0, 0, "session %lld is "
			    "cancelled and replaced already",
			    (long long)s->id);
			return TDM_ESTATE;
		}
	}
	return TDM_OK;
}

enum tdm_err
tdm_session_propose(struct tdm_store *st, const struct tdm_actor *actor,
    int64_t id, time_t start, int *applied, int64_t *newid,
    struct tdm_diags *d)
{
	struct session_row	 s;
	struct query		 q;
	const char		*side;
	char			 at[TIMESTAMP_SIZE], now[TIMESTAMP_SIZE];
	int64_t			 enrol = 0, pid;
	int			 agreement = 1;
	enum tdm_err		 err;

	*applied = 0;
	*newid = 0;
	if ((err = session_begin(st, actor, id, &s, &side, d)) != TDM_OK)
		return err;
	if ((err = proposable(st, &s, d)) != TDM_OK ||
	    (err = check_time(st, &s, start, d)) != TDM_OK)
		return session_end(st, err);
	/* Whether the programme asks for the partner's agreement. */
	q = query_start(st, STMT_PROGRAMME_AGREEMENT);
	bind_int(&q, s.programme);
	if (query_row(&q))
		agreement = (int)col_int(&q);
	if ((err = query_end(&q)) != TDM_OK)
		return session_end(st, err);
	/*
	 * A manager's time, or a group's mentor's, is the time; a member
	 * of a pair (or of a group) proposes it to the other side, unless
	 * the programme asks for no agreement: then a pair member's time
	 * is the time too, and the updated invitation tells the partner.
	 */
	if (side == NULL || (s.mentee == 0 && strcmp(side, "mentor") == 0) ||
	    (!agreement && s.mentee != 0)) {
		*applied = 1;
		q = query_start(st, STMT_PROPOSAL_DROP);
		bind_int(&q, id);
		if ((err = query_exec(&q)) != TDM_OK ||
		    (err = apply_time(st, &s, start, newid)) != TDM_OK)
			return session_end(st, err);
		return session_end(st, audit_append(st, actor, "session.move",
		    "session", s.uid, "%s", *newid ? "replacement" : "moved"));
	}
	q = query_start(st, STMT_PLAN_ENROLMENT_OF);
	bind_int(&q, s.programme);
	bind_int(&q, actor->employee_id);
	if (query_row(&q))
		enrol = col_int(&q);
	if ((err = query_end(&q)) != TDM_OK)
		return session_end(st, err);
	if (enrol == 0)
		return session_end(st, TDM_EDB);
	utc_text(start, at);
	store_timestamp(st, now);
	q = query_start(st, STMT_PROPOSAL_DROP);
	bind_int(&q, id);
	if ((err = query_exec(&q)) != TDM_OK)
		return session_end(st, err);
	q = query_start(st, STMT_PROPOSAL_INSERT);
	bind_int(&q, id);
	bind_int(&q, enrol);
	bind_text(&q, at);
	bind_text(&q, now);
	if ((err = query_exec(&q)) != TDM_OK)
		return session_end(st, err);
	pid = store_last_id(st);
	return session_end(st, audit_append(st, actor, "session.propose",
	    "session", s.uid, "proposal %lld by the %s", (long long)pid,
	    side));
}

enum tdm_err
tdm_session_answer(struct tdm_store *st, const struct tdm_actor *actor,
    int64_t id, int agree, int64_t *newid, struct tdm_diags *d)
{
	struct session_row	 s;
	struct query		 q;
	const char		*side;
	char			 by[8];
	int64_t			 pid;
	time_t			 start;
	enum tdm_err		 err;

	*newid = 0;
	if ((err = session_begin(st, actor, id, &s, &side, d)) != TDM_OK)
		return err;
	if ((err = proposal_get(st, id, &pid, &start, by)) != TDM_OK)
		return session_end(st, err);
	if (pid == 0) {
		tdm_diag_add(d, NULL, 0, 0, "session %lld has no date "
		    "proposed", (long long)id);
		return session_end(st, TDM_ENOENT);
	}
	/* The other side answers (a manager may, too). */
	if (side != NULL && strcmp(side, by) == 0) {
		tdm_diag_add(d, NULL, 0, 0, "the %s proposed this date: the "
		    "%s answers", by, strcmp(by, "mentor") == 0 ? "mentee" :
		    "mentor");
		return session_end(st, TDM_EPERM);
	}
	if (agree && ((err = proposable(st, &s, d)) != TDM_OK ||
	    (err = check_time(st, &s, start, d)) != TDM_OK ||
	    (err = apply_time(st, &s, start, newid)) != TDM_OK))
		return session_end(st, err);
	q = query_start(st, STMT_PROPOSAL_SET);
	bind_text(&q, agree ? "accepted" : "declined");
	bind_int(&q, pid);
	if ((err = query_exec(&q)) != TDM_OK)
		return session_end(st, err);
	return session_end(st, audit_append(st, actor, "session.answer",
	    "session", s.uid, "proposal %lld %s", (long long)pid, agree ?
	    "accepted" : "declined"));
}

enum tdm_err
tdm_session_proposal(struct tdm_store *st, const struct tdm_actor *actor,
    int64_t id, time_t *start, char by[8], struct tdm_diags *d)
{
	struct session_row	 s;
	int64_t			 pid;
	enum tdm_err		 err;

	*start = 0;
	by[0] = '\0';
	if ((err = session_view(st, actor, id, &s, d)) != TDM_OK)
		return err;
	return proposal_get(st, id, &pid, start, by);
}

/* A place: up to 200 characters, no control character; a link: an
 * http(s) URL of up to 500 characters, no space. */
static int
where_ok(const char *place, const char *link, struct tdm_diags *d)
{
	const unsigned char	*p;
	size_t			 n = 0;

	for (p = (const unsigned char *)(place ? place : ""); *p; p++) {
		if (*p < 0x20 || *p == 0x7F) {
			tdm_diag_add(d, "place", 0, 0, "contains a control "
			    "character");
			return 0;
		}
		n += (*p & 0xC0) != 0x80;
	}
	if (n > 200) {
		tdm_diag_add(d, "place", 0, 0, "longer than 200 characters");
		return 0;
	}
	if (link == NULL || *link == '\0')
		return 1;
	if ((strncmp(link, "https://", 8) != 0 &&
	    strncmp(link, "http://", 7) != 0) || strlen(link) > 500) {
		tdm_diag_add(d, "link", 0, 0, "\"%.60s\" is not an http(s) "
		    "link of up to 500 characters", link);
		return 0;
	}
	for (p = (const unsigned char *)link; *p; p++)
		if (*p <= 0x20 || *p >= 0x7F) {
			tdm_diag_add(d, "link", 0, 0, "a link has no space, "
			    "control or non-ASCII character (encode them)");
			return 0;
		}
	return 1;
}

/*
 * Open an act on where a programme's (mentor NULL) or a pair's sessions
 * take place: the manager's, or a member's of the pair.
 */
static enum tdm_err
where_begin(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *mentor, const char *mentee,
    struct programme_ref *p, int64_t *r, int64_t *e, struct tdm_diags *d)
{
	enum tdm_err	 err;
	int		 yes = 0;

	if ((mentor == NULL) != (mentee == NULL)) {
		tdm_diag_add(d, NULL, 0, 0, "name both the mentor and the "
		    "mentee of the pair, or neither");
		return TDM_EINVAL;
	}
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = programme_find(st, ref, p, d)) != TDM_OK)
		goto fail;
	*r = *e = 0;
	if (mentor != NULL &&
	    ((err = enrolment_find(st, p, mentor, "mentor", r, d)) !=
	    TDM_OK || (err = enrolment_find(st, p, mentee, "mentee", e, d)) !=
	    TDM_OK || (err = accepted_unit(st, p->id, *r, *e, &yes)) !=
	    TDM_OK))
		goto fail;
	if (mentor != NULL && !yes) {
		tdm_diag_add(d, NULL, 0, 0, "%s and %s are not an accepted "
		    "pair of \"%s\"", mentor, mentee, p->name);
		err = TDM_ESTATE;
		goto fail;
	}
	/* A member of the pair decides for the pair; else the manager. */
	if (mentor != NULL && actor->employee_id != 0 &&
	    (strcmp(actor->name, mentor) == 0 ||
	    strcmp(actor->name, mentee) == 0))
		return TDM_OK;
	if ((err = authorize(actor, OP_SESSION_MANAGE, d)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	return err;
}

enum tdm_err
tdm_session_where(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *mentor, const char *mentee,
    const char *place, const char *link, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct query		 q;
	int64_t			 r, e;
	enum tdm_err		 err;

	if (!where_ok(place, link, d))
		return TDM_EINVAL;
	if ((err = where_begin(st, actor, ref, mentor, mentee, &p, &r, &e,
	    d)) != TDM_OK)
		return err;
	q = query_start(st, mentor ? STMT_PAIR_PLACE_SET :
	    STMT_PROGRAMME_PLACE_SET);
	/* A pair's setting not given is the programme's. */
	if (mentor != NULL && place == NULL)
		bind_null(&q);
	else
		bind_text(&q, place ? place : "");
	if (mentor != NULL && link == NULL)
		bind_null(&q);
	else
		bind_text(&q, link ? link : "");
	bind_int(&q, p.id);
	if (mentor != NULL) {
		bind_int(&q, r);
		bind_int(&q, e);
	}
	if ((err = query_exec(&q)) == TDM_OK)
		err = audit_append(st, actor, "session.where", "programme",
		    p.name, mentor ? "pair %lld-%lld" : "programme",
		    (long long)r, (long long)e);
	return session_end(st, err);
}

enum tdm_err
tdm_session_discreet(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *mentor, const char *mentee,
    const char *mode, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct query		 q;
	int64_t			 r, e;
	enum tdm_err		 err;

	if (mentor == NULL && strcmp(mode, "off") != 0 &&
	    strcmp(mode, "senior") != 0 && strcmp(mode, "all") != 0) {
		tdm_diag_add(d, "discreet", 0, 0, "\"%s\" is not off, senior "
		    "or all", mode);
		return TDM_EINVAL;
	}
	if (mentor != NULL && strcmp(mode, "on") != 0 &&
	    strcmp(mode, "off") != 0) {
		tdm_diag_add(d, "discreet", 0, 0, "\"%s\" is not on or off",
		    mode);
		return TDM_EINVAL;
	}
	if ((err = where_begin(st, actor, ref, mentor, mentee, &p, &r, &e,
	    d)) != TDM_OK)
		return err;
	if (mentor == NULL) {
		q = query_start(st, STMT_PROGRAMME_DISCREET_SET);
		bind_text(&q, mode);
		bind_int(&q, p.id);
	} else {
		q = query_start(st, STMT_PAIR_DISCREET_SET);
		bind_int(&q, strcmp(mode, "on") == 0);
		bind_int(&q, p.id);
		bind_int(&q, r);
		bind_int(&q, e);
	}
	if ((err = query_exec(&q)) == TDM_OK)
		err = audit_append(st, actor, "session.discreet", "programme",
		    p.name, "%s %s", mentor ? "pair" : "programme", mode);
	return session_end(st, err);
}

enum tdm_err
tdm_session_where_get(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, char place[TDM_PLACE_SIZE], char link[TDM_LINK_SIZE],
    char mode[8], struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct query		 q;
	enum tdm_err		 err;

	/* Where sessions take place is no secret of the programme's. */
	(void)actor;
	place[0] = link[0] = mode[0] = '\0';
	if ((err = programme_find(st, ref, &p, d)) != TDM_OK)
		return err;
	q = query_start(st, STMT_PROGRAMME_WHERE_GET);
	bind_int(&q, p.id);
	if (query_row(&q)) {
		snprintf(place, TDM_PLACE_SIZE, "%s", col_text(&q));
		snprintf(link, TDM_LINK_SIZE, "%s", col_text(&q));
		snprintf(mode, 8, "%s", col_text(&q));
	}
	return query_end(&q);
}

/*
 * What the last planning of a programme could not place (issue 12),
 * read by those who read all its pairs: the planner's shortfall lines,
 * kept so that the web page shows them after its redirect, in French.
 */
enum tdm_err
tdm_plan_shortfall_each(struct tdm_store *st, const struct tdm_actor *a,
    const char *ref, int (*fn)(void *, const struct tdm_shortfall *),
    void *arg, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct tdm_shortfall	 s;
	struct query		 q;
	enum scope		 scope;
	enum tdm_err		 err;

	if ((err = view_open(st, a, ref, TDM_VIEW_PAIRS, &p, &scope, d)) !=
	    TDM_OK)
		return err;
	if (scope == SCOPE_OWN)
		return TDM_OK;
	q = query_start(st, STMT_SHORTFALL_LIST);
	bind_int(&q, p.id);
	while (query_row(&q)) {
		s.mentor_name = col_text(&q);
		s.mentee_name = col_text(&q);
		s.placed = (int)col_int(&q);
		s.wanted = (int)col_int(&q);
		s.no_common = strcmp(col_text(&q), "no-common") == 0;
		s.halfdays = (unsigned)col_int(&q);
		s.planned_at = col_text(&q);
		if (fn(arg, &s) != 0)
			break;
	}
	return query_end(&q);
}

/*
 * One page of tdm_session_each()'s rows,
 * filtered and cut by the statement.
 */
enum tdm_err
tdm_session_page(struct tdm_store *st, const struct tdm_actor *a,
    const char *ref, const char *member, struct tdm_page *pg,
    const char *state, time_t from, time_t to,
    int (*fn)(void *, const struct tdm_session *), void *arg,
    struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct tdm_session	 s;
	struct query		 q;
	int64_t			 emp, after;
	char			 f[TIMESTAMP_SIZE] = "", t[TIMESTAMP_SIZE] = "";
	size_t			 n = 0;
	int			 more = 0;
	enum tdm_err		 err;

	if ((err = sessions_open(st, a, ref, member, &p, &emp, d)) != TDM_OK)
		return err;
	if (list_cursor(pg, &after, d) != 0)
		return TDM_EINVAL;
	/* The stored starts are UTC timestamps: compared as text. */
	if (from)
		utc_text(from, f);
	if (to)
		utc_text(to, t);
	pg->total = 0;
	if (pg->count) {
		/*
		 * The rows kept, counted by the store: without the members'
		 * joins when every session is read (every session has its
		 * mentor; at 100,000 employees the joins were most of it).
		 */
		q = query_start(st, emp ? STMT_SESSION_PAGE_COUNT :
		    STMT_SESSION_COUNT_ALL);
		bind_int(&q, p.id);
		if (emp)
			bind_int(&q, emp);
		bind_text(&q, state != NULL ? state : "");
		bind_text(&q, f);
		bind_text(&q, t);
		while (query_row(&q))
			pg->total = (size_t)col_int(&q);
		if ((err = query_end(&q)) != TDM_OK)
			return err;
	}
	q = query_start(st, STMT_SESSION_PAGE);
	bind_int(&q, p.id);
	bind_int(&q, emp);
	bind_text(&q, state != NULL ? state : "");
	bind_text(&q, f);
	bind_text(&q, t);
	bind_int(&q, after);
	bind_int(&q, (int64_t)pg->limit + 1);
	bind_int(&q, (int64_t)pg->skip);
	while (query_row(&q)) {
		listed_from(&q, &s);
		if (!list_row(pg, &n, s.id)) {
			more = 1;
			break;
		}
		if (fn(arg, &s) != 0)
			break;
	}
	list_end(pg, more);
	return query_end(&q);
}

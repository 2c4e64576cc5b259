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
#include <time.h>

#include "tandem/ical.h"
#include "tandem/session.h"
#include "tandem/store.h"
#include "tandem/strbuf.h"
#include "date.h"
#include "internal.h"

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
	return strcmp(back, want) == 0 ? 0 : -1;
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
	if (strcmp(s->programme_state, "matched") != 0 &&
	    strcmp(s->programme_state, "running") != 0) {
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
	if (strcmp(p->state, "matched") != 0 &&
	    strcmp(p->state, "running") != 0) {
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
	if (err == TDM_OK && (err = store_commit(st)) == TDM_OK)
		return TDM_OK;
	store_rollback(st);
	return err;
}

static enum tdm_err
insert_session(struct tdm_store *st, int64_t programme, int64_t mentor,
    int64_t mentee, int seq, time_t start, int minutes, int64_t *id)
{
	struct query	 q;
	char		 uid[128], at[TIMESTAMP_SIZE], now[TIMESTAMP_SIZE];
	enum tdm_err	 err;

	/* Stable and unique: the programme, the unit and the number. */
	snprintf(uid, sizeof(uid), "tandem-p%lld-m%lld-e%lld-s%d@tandem",
	    (long long)programme, (long long)mentor, (long long)mentee, seq);
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
	if ((err = query_exec(&q)) == TDM_OK && id)
		*id = store_last_id(st);
	return err;
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

/* Saturday and Sunday move to the Monday (1970-01-01 was a Thursday). */
static long
working_day(long day)
{
	int	 wday = (int)(((day % 7) + 7 + 4) % 7);	/* 0: Sunday */

	if (wday == 6)
		return day + 2;
	if (wday == 0)
		return day + 1;
	return day;
}

enum tdm_err
tdm_session_plan(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *start, size_t *planned, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct cadence		 c;
	struct query		 q;
	int64_t			(*units)[3] = NULL, (*u)[3];
	size_t			 n = 0, alloc = 0, i;
	long			 day, next;
	int			 hour, minute, k, count, maxseq, groups;
	enum tdm_err		 err;

	*planned = 0;
	if ((err = series_begin(st, actor, ref, &p, d)) != TDM_OK)
		return err;
	if ((err = load_cadence(st, p.id, &c)) != TDM_OK)
		goto fail;
	if (first_day(st, start, &c, &day, d) == -1) {
		err = TDM_EINVAL;
		goto fail;
	}
	if (time_parse(c.time, &hour, &minute) == -1) {
		hour = 14;
		minute = 0;
	}
	/* The units: accepted pairs, or mentors' groups. */
	q = query_start(st, STMT_SESSION_UNITS);
	bind_int(&q, p.id);
	while (query_row(&q)) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			if ((u = reallocarray(units, alloc, sizeof(*u))) ==
			    NULL) {
				(void)query_end(&q);
				err = TDM_ENOMEM;
				goto fail;
			}
			units = u;
		}
		units[n][0] = col_int(&q);	/* mentor */
		units[n][1] = col_int(&q);	/* mentee */
		units[n][2] = col_int(&q);	/* pairs */
		n++;
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		groups = c.group || (c.mixed && units[i][2] > 1);
		if (groups) {
			/* One series per mentor, planned with the first. */
			if (i > 0 && units[i - 1][0] == units[i][0])
				continue;
			units[i][1] = 0;
		}
		if ((err = unit_sessions(st, p.id, units[i][0], units[i][1],
		    &count, &maxseq)) != TDM_OK)
			goto fail;
		if (count > 0)
			continue;
		/* Each session the cadence after the one before. */
		for (k = 0, next = working_day(day); k < c.count; k++) {
			if ((err = insert_session(st, p.id, units[i][0],
			    units[i][1], k + 1, paris_to_utc(next, hour,
			    minute), c.minutes, NULL)) != TDM_OK)
				goto fail;
			next = working_day(next + c.days);
			(*planned)++;
		}
	}
	if ((err = audit_append(st, actor, "session.plan", "programme", p.name,
	    "%zu sessions", *planned)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto fail;
	free(units);
	return TDM_OK;
fail:
	store_rollback(st);
	free(units);
	return err;
}

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
	if ((err = insert_session(st, p.id, r, e, maxseq + 1, start,
	    c.minutes, id)) != TDM_OK ||
	    (err = audit_append(st, actor, "session.add", "programme", p.name,
	    "%s%s%s", mentor, mentee ? " and " : "", mentee ? mentee : "")) !=
	    TDM_OK || (err = store_commit(st)) != TDM_OK)
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
	utc_text(start, at);
	store_timestamp(st, now);
	q = query_start(st, STMT_SESSION_MOVE);
	bind_text(&q, at);
	bind_text(&q, now);
	bind_int(&q, id);
	if ((err = query_exec(&q)) == TDM_OK)
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
	if ((err = query_exec(&q)) == TDM_OK)
		err = audit_append(st, actor, "session.cancel", "session",
		    s.uid, "by the %s", by);
	return session_end(st, err);
}

struct member {
	int64_t	 enrol;
	char	 matricule[32];
	char	 name[256];
	char	 email[256];
	char	 role[8];
};

/* The members of a session: its mentor first, then its mentee(s). */
static enum tdm_err
session_members(struct tdm_store *st, const struct session_row *s,
    struct member *m, size_t *n)
{
	struct query	 q = query_start(st, STMT_SESSION_MEMBERS);

	*n = 0;
	bind_int(&q, s->mentor);
	if (s->mentee)
		bind_int(&q, s->mentee);
	else
		bind_null(&q);	/* a group: the mentor's mentees */
	bind_int(&q, s->programme);
	while (*n < MAXMEMBERS && query_row(&q)) {
		m[*n].enrol = col_int(&q);
		snprintf(m[*n].matricule, sizeof(m[*n].matricule), "%s",
		    col_text(&q));
		snprintf(m[*n].name, sizeof(m[*n].name), "%s", col_text(&q));
		snprintf(m[*n].email, sizeof(m[*n].email), "%s",
		    col_text(&q));
		snprintf(m[*n].role, sizeof(m[*n].role), "%s", col_text(&q));
		(*n)++;
	}
	return query_end(&q);
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
	char			 now[TIMESTAMP_SIZE], one[32];
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
	if ((err = session_members(st, &s, m, &n)) != TDM_OK)
		return session_end(st, err);
	/* Every absent person must be a member. */
	for (p = absent ? absent : ""; *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",");
		len = (size_t)(end - p) < sizeof(one) ? (size_t)(end - p) :
		    sizeof(one) - 1;
		memcpy(one, p, len);
		one[len] = '\0';
		for (i = 0; i < n; i++)
			if (strcmp(m[i].matricule, one) == 0)
				break;
		if (i == n) {
			tdm_diag_add(d, "absent", 0, 0, "%s is not a member "
			    "of session %lld", one, (long long)id);
			return session_end(st, TDM_EINVAL);
		}
	}
	store_timestamp(st, now);
	q = query_start(st, STMT_SESSION_HELD);
	bind_text(&q, now);
	bind_int(&q, id);
	if ((err = query_exec(&q)) != TDM_OK)
		return session_end(st, err);
	for (i = 0; i < n; i++) {
		q = query_start(st, STMT_ATTENDANCE_SET);
		bind_int(&q, id);
		bind_int(&q, m[i].enrol);
		bind_int(&q, !listed_in(absent, m[i].matricule));
		if ((err = query_exec(&q)) != TDM_OK)
			return session_end(st, err);
	}
	err = audit_append(st, actor, "session.held", "session", s.uid,
	    "%zu members", n);
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

enum tdm_err
tdm_survey(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *member, int recommend, const char *changed,
    const char *levels, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct query		 q;
	char			 now[TIMESTAMP_SIZE], code[64];
	const char		*s, *end, *eq;
	char			*num;
	int64_t			 emp, enrol, topic;
	long			 level;
	size_t			 len;
	enum tdm_err		 err;

	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = programme_find(st, ref, &p, d)) != TDM_OK)
		goto fail;
	if ((err = employee_find(st, member, 0, &emp, d)) != TDM_OK)
		goto fail;
	if ((err = authorize_self_in(actor, emp, OP_PAIR_ANSWER_OTHER, p.id,
	    d)) != TDM_OK)
		goto fail;
	if (strcmp(p.state, "running") != 0 && strcmp(p.state, "closed") != 0) {
		tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" is %s: the "
		    "closing survey comes once it runs", p.name, p.state);
		err = TDM_ESTATE;
		goto fail;
	}
	if ((err = enrolment_find(st, &p, member, NULL, &enrol, d)) !=
	    TDM_OK)
		goto fail;
	if (changed != NULL && strlen(changed) > 2000) {
		tdm_diag_add(d, "changed", 0, 0, "longer than 2000 characters");
		err = TDM_EINVAL;
		goto fail;
	}
	store_timestamp(st, now);
	q = query_start(st, STMT_CLOSING_INSERT);
	bind_int(&q, enrol);
	bind_int(&q, recommend != 0);
	bind_text(&q, changed);
	bind_text(&q, now);
	if ((err = query_exec(&q)) == TDM_EINVAL) {
		tdm_diag_add(d, NULL, 0, 0, "%s has answered the survey "
		    "already", member);
		err = TDM_EEXIST;
	}
	if (err != TDM_OK)
		goto fail;
	for (s = levels ? levels : ""; *s != '\0'; s = *end ? end + 1 : end) {
		end = s + strcspn(s, ",");
		eq = memchr(s, '=', (size_t)(end - s));
		len = eq ? (size_t)(eq - s) : 0;
		level = eq ? strtol(eq + 1, &num, 10) : -1;
		if (eq == NULL || len == 0 || len >= sizeof(code) ||
		    num != end || level < 0 || level > 4) {
			tdm_diag_add(d, "levels", 0, 0, "\"%.*s\" is not "
			    "code=LEVEL with a level 0 to 4", (int)(end - s),
			    s);
			err = TDM_EINVAL;
			goto fail;
		}
		memcpy(code, s, len);
		code[len] = '\0';
		q = query_start(st, STMT_TOPIC_BY_CODE);
		bind_text(&q, code);
		topic = 0;
		if (query_row(&q)) {
			topic = col_int(&q);
			col_skip(&q);	/* the programme of its own */
		}
		if ((err = query_end(&q)) != TDM_OK)
			goto fail;
		if (topic != 0) {
			q = query_start(st, STMT_PROGRAMME_HAS_TOPIC);
			bind_int(&q, p.id);
			bind_int(&q, topic);
			if (!query_row(&q) || col_int(&q) == 0)
				topic = 0;
			if ((err = query_end(&q)) != TDM_OK)
				goto fail;
		}
		if (topic == 0) {
			tdm_diag_add(d, "levels", 0, 0, "\"%s\" is not a topic "
			    "of this programme", code);
			err = TDM_EINVAL;
			goto fail;
		}
		q = query_start(st, STMT_CLOSING_LEVEL_INSERT);
		bind_int(&q, enrol);
		bind_int(&q, topic);
		bind_int(&q, level);
		if ((err = query_exec(&q)) != TDM_OK)
			goto fail;
	}
	if ((err = audit_append(st, actor, "survey.answer", "programme",
	    p.name, "by %s", member)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	return err;
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

enum tdm_err
tdm_session_each(struct tdm_store *st, const struct tdm_actor *a,
    const char *ref, const char *member,
    int (*fn)(void *, const struct tdm_session *), void *arg,
    struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct tdm_session	 s;
	struct query		 q;
	enum scope		 scope;
	int64_t			 emp = 0;
	enum tdm_err		 err;

	if ((err = view_open(st, a, ref, TDM_VIEW_SESSIONS, &p, &scope, d)) !=
	    TDM_OK)
		return err;
	if (scope == SCOPE_OWN) {
		/* A participant reads their own sessions, and no one's
		 * else, even by naming them. */
		if (member != NULL && strcmp(member, a->name) != 0)
			return refuse_others(a, TDM_VIEW_SESSIONS, &p, d);
		emp = a->employee_id;
	} else if (member != NULL &&
	    (err = employee_find(st, member, 0, &emp, d)) != TDM_OK)
		return err;
	q = query_start(st, STMT_SESSION_LIST);
	bind_int(&q, p.id);
	bind_int(&q, emp);
	while (query_row(&q)) {
		s.id = col_int(&q);
		s.mentor = col_text(&q);
		s.mentor_name = col_text(&q);
		s.mentee = col_text(&q);
		s.mentee_name = col_text(&q);
		s.seq = (int)col_int(&q);
		s.start = utc_parse(col_text(&q));
		s.minutes = (int)col_int(&q);
		s.state = col_text(&q);
		s.cancelled_by = col_text(&q);
		s.sequence = (int)col_int(&q);
		s.uid = col_text(&q);
		if (fn(arg, &s) != 0)
			break;
	}
	return query_end(&q);
}

/* One session as an iCalendar event, with its members. */
static enum tdm_err
session_event(struct tdm_store *st, const struct session_row *s,
    struct member *m, size_t *n, struct tdm_ical_event *ev,
    struct tdm_ical_person *people, char *summary, size_t summarysz)
{
	enum tdm_err	 err;
	size_t		 i;

	if ((err = session_members(st, s, m, n)) != TDM_OK)
		return err;
	if (*n == 0)
		return TDM_EDB;
	for (i = 0; i < *n; i++) {
		people[i].name = m[i].name;
		people[i].email = m[i].email;
	}
	snprintf(summary, summarysz, "Tandem « %s » : séance %d",
	    s->programme_name, s->seq);
	memset(ev, 0, sizeof(*ev));
	ev->uid = s->uid;
	ev->sequence = s->sequence;
	ev->start = s->start;
	ev->minutes = s->minutes;
	ev->summary = summary;
	ev->description = "Séance de mentorat inversé organisée avec "
	    "Tandem. Ce qui s'y dit reste entre ses participants.";
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

enum tdm_err
tdm_ical_session(struct tdm_store *st, const struct tdm_actor *a,
    int64_t id, struct tdm_buf *out, struct tdm_diags *d)
{
	struct session_row	 s;
	struct member		 m[MAXMEMBERS];
	struct tdm_ical_person	 people[MAXMEMBERS];
	struct tdm_ical_event	 ev;
	char			 summary[600];
	size_t			 n;
	enum tdm_err		 err;

	if ((err = session_view(st, a, id, &s, d)) != TDM_OK ||
	    (err = session_event(st, &s, m, &n, &ev, people, summary,
	    sizeof(summary))) != TDM_OK)
		return err;
	return tdm_ical_write(out, ev.cancelled ? TDM_ICAL_CANCEL :
	    TDM_ICAL_REQUEST, tdm_store_now(st), &ev, 1);
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
	char			(*summary)[600] = NULL;
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
	    (summary = calloc(f.n + 1, sizeof(*summary))) == NULL ||
	    (s = calloc(f.n + 1, sizeof(*s))) == NULL)
		goto out;
	/* Each event points into its own row: one UID per session. */
	for (i = 0; i < f.n; i++)
		if ((err = load_session(st, f.ids[i], &s[i], d)) != TDM_OK ||
		    (err = session_event(st, &s[i], m + i * MAXMEMBERS, &n,
		    &ev[i], people + i * MAXMEMBERS, summary[i],
		    sizeof(summary[i]))) != TDM_OK)
			goto out;
	err = tdm_ical_write(out, TDM_ICAL_PUBLISH, tdm_store_now(st), ev,
	    f.n);
out:
	free(f.ids);
	free(s);
	free(m);
	free(people);
	free(ev);
	free(summary);
	return err;
}

enum tdm_err
session_risks(struct tdm_store *st, const struct programme_ref *p,
    int (*fn)(void *, const struct tdm_risk *), void *arg)
{
	struct cadence		 c;
	struct tdm_risk		 r;
	struct query		 q, stats;
	const char		*state;
	char			 reason[256];
	time_t			 now = tdm_store_now(st), last, first;
	int64_t			 mentor, mentee;
	int			 gone_mentor, gone_mentee;
	int			 bymentor, bymentee, planned;
	enum tdm_err		 err, end;

	if ((err = load_cadence(st, p->id, &c)) != TDM_OK)
		return err;
	q = query_start(st, STMT_WATCH_UNITS);
	bind_int(&q, p->id);
	while (query_row(&q)) {
		state = col_text(&q);
		gone_mentor = (int)col_int(&q);
		gone_mentee = (int)col_int(&q);
		r.mentor = col_text(&q);
		r.mentor_name = col_text(&q);
		r.mentee = col_text(&q);
		r.mentee_name = col_text(&q);
		mentor = col_int(&q);
		mentee = col_int(&q);
		reason[0] = '\0';
		if (strcmp(state, "declined") == 0)
			snprintf(reason, sizeof(reason), "the pair was "
			    "declined");
		else if (gone_mentor)
			snprintf(reason, sizeof(reason), "the mentor withdrew");
		else if (gone_mentee)
			snprintf(reason, sizeof(reason), "the mentee withdrew");
		else {
			stats = query_start(st, STMT_WATCH_STATS);
			bind_int(&stats, p->id);
			bind_int(&stats, mentor);
			bind_int(&stats, mentee);
			last = first = 0;
			bymentor = bymentee = planned = 0;
			if (query_row(&stats)) {
				last = utc_parse(col_text(&stats));
				bymentor = (int)col_int(&stats);
				bymentee = (int)col_int(&stats);
				first = utc_parse(col_text(&stats));
				planned = (int)col_int(&stats);
			}
			if ((err = query_end(&stats)) != TDM_OK)
				break;
			if (bymentor >= 2 || bymentee >= 2)
				snprintf(reason, sizeof(reason),
				    "%d sessions "
				    "cancelled by the %s",
				    bymentor >= bymentee ? bymentor : bymentee,
				    bymentor >= bymentee ? "mentor" : "mentee");
			else if (first && first < now && planned > 0 &&
			    (last ? last : first) < now -
			    (time_t)c.risk_days * 86400)
				snprintf(reason, sizeof(reason), "no session "
				    "held for %lld days", (long long)((now -
				    (last ? last : first)) / 86400));
		}
		if (reason[0] == '\0')
			continue;
		r.reason = reason;
		if (fn(arg, &r) != 0)
			break;
	}
	end = query_end(&q);
	return err != TDM_OK ? err : end;
}

enum tdm_err
tdm_watch(struct tdm_store *st, const struct tdm_actor *a, const char *ref,
    int (*fn)(void *, const struct tdm_risk *), void *arg,
    struct tdm_diags *d)
{
	struct programme_ref	 p;
	enum scope		 scope;
	enum tdm_err		 err;

	if ((err = view_open(st, a, ref, TDM_VIEW_RISKS, &p, &scope, d)) !=
	    TDM_OK)
		return err;
	/*
	 * Why a tandem is at risk (a withdrawal, the other side's
	 * cancellations) is for those who follow the whole programme: a
	 * participant, who reads only their own rows elsewhere, reads none
	 * here.
	 */
	if (scope != SCOPE_ALL)
		return refuse_others(a, TDM_VIEW_RISKS, &p, d);
	return session_risks(st, &p, fn, arg);
}

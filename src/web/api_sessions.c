/*
 * /api/programmes/P/sessions, /calendar.ics, /risks and /api/sessions/N:
 * the sessions of the tandems, their calendar invitations, attendance
 * and feedback (the surveys are api_surveys.c's).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web.h"
#include "handlers.h"
#include "paging.h"

/*
 * A page of sessions, kept by ?state= (planned, held, cancelled) and
 * ?from= ?to= (days, yyyy-mm-dd, Paris, both kept, as for the audit
 * log); ?member= a matricule.
 */
static int
one(void *arg, const struct tdm_session *s)
{
	return json_push(arg, tdm_session_json(s));
}

void
api_sessions(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct paging		 g;
	struct tdm_page		 pg;
	time_t			 from, to;
	enum tdm_err		 err;

	if (paging_parse(r, &g, 1, &d) != 0 ||
	    paging_day(r, "from", &from, &d) != 0 ||
	    paging_day(r, "to", &to, &d) != 0) {
		paging_finish(r, &g, TDM_EINVAL, &d, NULL);
		return;
	}
	memset(&pg, 0, sizeof(pg));
	pg.after = g.after;
	pg.limit = (int)g.limit;
	pg.skip = 0;
	pg.count = 0;
	err = tdm_session_page(r->st, &r->who.actor, r->args[0],
	    query(r, "member"), &pg, query(r, "state"), from,
	    paging_day_after(to), one,
	    g.items, &d);
	g.more = pg.next[0] != '\0';
	paging_finish(r, &g, err, &d, pg.next);
}

/* POST {"start": "yyyy-mm-dd"} (optional): plan every accepted pair's. */
void
api_session_plan(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*start;
	size_t			 n = 0, i;
	enum tdm_err		 err;
	json_t			*b, *v, *notes = NULL;

	if ((b = body_object(r)) == NULL)
		return;
	start = jstr(b, "start", &d);
	err = d.n ? TDM_EINVAL : tdm_session_plan(r->st, &r->who.actor,
	    r->args[0], *start ? start : NULL, &n, &d);
	/* The tandems that did not get their cadence, and why. */
	if (err == TDM_OK && (notes = json_array()) != NULL)
		for (i = 0; i < d.n; i++)
			(void)json_push(notes, json_string(d.v[i].message));
	v = json_pack("{s:I,s:o*}", "planned", (json_int_t)n, "short",
	    notes);
	finish(r, err, &d, 201, v);
	json_decref(b);
}

/* The signed-in person's own sessions as an iCalendar feed. */
void
api_calendar(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_buf		 out = TDM_BUF_INIT;
	enum tdm_err		 err;

	err = tdm_ical_feed(r->st, &r->who.actor, r->args[0], NULL, &out, &d);
	if (err == TDM_OK)
		reply_bytes(r, 200, "text/calendar; charset=utf-8", out.buf,
		    out.len, "tandem.ics");
	else
		reply_error(r, err, &d);
	tdm_buf_release(&out);
	tdm_diags_free(&d);
}

static int
risk(void *arg, const struct tdm_risk *k)
{
	return json_push(arg, json_pack("{s:s,s:s,s:s,s:s,s:s}",
	    "mentor", k->mentor, "mentor_name", k->mentor_name, "mentee",
	    k->mentee, "mentee_name", k->mentee_name, "reason", k->reason));
}

void
api_risks(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	enum tdm_err		 err;
	json_t			*a = json_array();

	err = tdm_watch(r->st, &r->who.actor, r->args[0], risk, a, &d);
	finish(r, err, &d, 200, a);
}

/* The session id of the URL, or 0 after answering 404. */
static int64_t
session_id(struct req *r)
{
	char		*end;
	long long	 id;

	errno = 0;
	id = strtoll(r->args[0], &end, 10);
	if (*end != '\0' || errno != 0 || id <= 0) {
		reply_fail(r, 404, "no session %s", r->args[0]);
		return 0;
	}
	return id;
}

void
api_session_ics(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_buf		 out = TDM_BUF_INIT;
	enum tdm_err		 err;
	int64_t			 id;
	char			 name[48];

	if ((id = session_id(r)) == 0)
		return;
	err = tdm_ical_session(r->st, &r->who.actor, id, &out, &d);
	snprintf(name, sizeof(name), "tandem-session-%lld.ics",
	    (long long)id);
	if (err == TDM_OK)
		reply_bytes(r, 200, "text/calendar; charset=utf-8", out.buf,
		    out.len, name);
	else
		reply_error(r, err, &d);
	tdm_buf_release(&out);
	tdm_diags_free(&d);
}

/* POST {"absent": "ID,ID"}: the session took place. */
void
api_session_held(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*absent;
	enum tdm_err		 err;
	int64_t			 id;
	json_t			*b;

	if ((id = session_id(r)) == 0 || (b = body_object(r)) == NULL)
		return;
	absent = jstr(b, "absent", &d);
	err = d.n ? TDM_EINVAL : tdm_session_held(r->st, &r->who.actor, id,
	    *absent ? absent : NULL, &d);
	finish(r, err, &d, 200, json_pack("{s:I,s:s}", "id", (json_int_t)id,
	    "state", "held"));
	json_decref(b);
}

/* POST {"by": "mentor"|"mentee" (a manager's), "reason": private text} */
void
api_session_cancel(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*by, *reason;
	enum tdm_err		 err;
	int64_t			 id;
	json_t			*b;

	if ((id = session_id(r)) == 0 || (b = body_object(r)) == NULL)
		return;
	by = jstr(b, "by", &d);
	reason = jstr(b, "reason", &d);
	err = d.n ? TDM_EINVAL : tdm_session_cancel(r->st, &r->who.actor, id,
	    *by ? by : NULL, *reason ? reason : NULL, &d);
	finish(r, err, &d, 200, json_pack("{s:I,s:s}", "id", (json_int_t)id,
	    "state", "cancelled"));
	json_decref(b);
}

/* POST {"start": "yyyy-mm-dd hh:mm"} in Paris time. */
void
api_session_move(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*start;
	time_t			 t = 0;
	enum tdm_err		 err;
	int64_t			 id;
	json_t			*b;
	int			 rc = 0;

	if ((id = session_id(r)) == 0 || (b = body_object(r)) == NULL)
		return;
	start = jstr(b, "start", &d);
	if (d.n == 0 && (rc = tdm_paris_parse(start, &t)) == -2)
		tdm_diag_add(&d, "start", 0, 0, "\"%s\" does not exist in "
		    "Paris: the clocks go forward an hour that night", start);
	else if (d.n == 0 && rc != 0)
		tdm_diag_add(&d, "start", 0, 0, "\"%s\" is not "
		    "yyyy-mm-dd hh:mm", start);
	err = d.n ? TDM_EINVAL : tdm_session_move(r->st, &r->who.actor, id, t,
	    &d);
	finish(r, err, &d, 200, json_pack("{s:I,s:s}", "id", (json_int_t)id,
	    "start", start));
	json_decref(b);
}

/* POST {"rating": 1-5, "comment": private text} by one who attended. */
void
api_feedback(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*comment;
	enum tdm_err		 err;
	int64_t			 id;
	json_t			*b;
	int			 rating;

	if ((id = session_id(r)) == 0 || (b = body_object(r)) == NULL)
		return;
	rating = jint(b, "rating", 0, &d);
	comment = jstr(b, "comment", &d);
	err = d.n ? TDM_EINVAL : tdm_feedback(r->st, &r->who.actor, id,
	    r->who.actor.name, rating, *comment ? comment : NULL, &d);
	finish(r, err, &d, 201, json_pack("{s:I,s:i}", "session",
	    (json_int_t)id, "rating", rating));
	json_decref(b);
}

/* The Paris time of a body's "start" in *t; 0, or -1 with a diagnostic. */
static int
paris_start(json_t *b, time_t *t, const char **start, struct tdm_diags *d)
{
	int	 rc;

	*start = jstr(b, "start", d);
	if (d->n != 0)
		return -1;
	if ((rc = tdm_paris_parse(*start, t)) == -2)
		tdm_diag_add(d, "start", 0, 0, "\"%s\" does not exist in "
		    "Paris: the clocks go forward an hour that night", *start);
	else if (rc != 0)
		tdm_diag_add(d, "start", 0, 0, "\"%s\" is not "
		    "yyyy-mm-dd hh:mm", *start);
	return rc == 0 ? 0 : -1;
}

/* POST {"start": "yyyy-mm-dd hh:mm"}: another date, or a replacement. */
void
api_session_propose(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*start = "";
	time_t			 t = 0;
	enum tdm_err		 err;
	int64_t			 id, newid = 0;
	int			 applied = 0;
	json_t			*b;

	if ((id = session_id(r)) == 0 || (b = body_object(r)) == NULL)
		return;
	err = paris_start(b, &t, &start, &d) == -1 ? TDM_EINVAL :
	    tdm_session_propose(r->st, &r->who.actor, id, t, &applied,
	    &newid, &d);
	finish(r, err, &d, 200, json_pack("{s:I,s:s,s:b,s:I}", "id",
	    (json_int_t)id, "start", start, "applied", applied,
	    "replacement", (json_int_t)newid));
	json_decref(b);
}

/* POST {"agree": true|false}: the other side answers a proposal. */
void
api_session_answer(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	enum tdm_err		 err;
	int64_t			 id, newid = 0;
	int			 agree;
	json_t			*b;

	if ((id = session_id(r)) == 0 || (b = body_object(r)) == NULL)
		return;
	if (json_object_get(b, "agree") == NULL)
		tdm_diag_add(&d, "agree", 0, 0, "must be true or false");
	agree = jbool(b, "agree", &d);
	err = d.n ? TDM_EINVAL : tdm_session_answer(r->st, &r->who.actor, id,
	    agree, &newid, &d);
	finish(r, err, &d, 200, json_pack("{s:I,s:b,s:I}", "id",
	    (json_int_t)id, "agreed", agree, "replacement",
	    (json_int_t)newid));
	json_decref(b);
}

/* The open proposal of a session: {"start": UTC, "by": side} or null. */
void
api_session_proposal(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	enum tdm_err		 err;
	int64_t			 id;
	time_t			 t;
	char			 by[8], at[24];
	struct tm		 tm;

	if ((id = session_id(r)) == 0)
		return;
	err = tdm_session_proposal(r->st, &r->who.actor, id, &t, by, &d);
	if (err == TDM_OK && t != 0) {
		gmtime_r(&t, &tm);
		strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	finish(r, err, &d, 200, t != 0 ? json_pack("{s:{s:s,s:s}}",
	    "proposal", "start", at, "by", by) : json_pack("{s:n}",
	    "proposal"));
}

static int
closure_one(void *arg, const char *day, const char *label)
{
	return json_push(arg, json_pack("{s:s,s:s}", "day", day, "label",
	    label));
}

void
api_closures(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	json_t			*a = json_array();

	finish(r, tdm_closure_each(r->st, &r->who.actor, closure_one, a, &d),
	    &d, 200, a);
}

/* POST {"day": "yyyy-mm-dd", "label": text}. */
void
api_closure_add(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*day, *label;
	enum tdm_err		 err;
	json_t			*b;

	if ((b = body_object(r)) == NULL)
		return;
	day = jstr(b, "day", &d);
	label = jstr(b, "label", &d);
	err = d.n ? TDM_EINVAL : tdm_closure_add(r->st, &r->who.actor, day,
	    label, &d);
	finish(r, err, &d, 201, json_pack("{s:s,s:s}", "day", day, "label",
	    label));
	json_decref(b);
}

void
api_closure_remove(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;

	finish(r, tdm_closure_remove(r->st, &r->who.actor, r->args[0], &d),
	    &d, 200, json_pack("{s:s,s:b}", "day", r->args[0], "removed",
	    1));
}

/* POST {"place", "link", "mentor", "mentee"}: where sessions take place,
 * the programme's or (mentor and mentee) a pair's. */
void
api_session_where(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*place, *link, *mentor, *mentee;
	enum tdm_err		 err;
	json_t			*b;

	if ((b = body_object(r)) == NULL)
		return;
	place = jstr(b, "place", &d);
	link = jstr(b, "link", &d);
	mentor = jstr(b, "mentor", &d);
	mentee = jstr(b, "mentee", &d);
	err = d.n ? TDM_EINVAL : tdm_session_where(r->st, &r->who.actor,
	    r->args[0], *mentor ? mentor : NULL, *mentee ? mentee : NULL,
	    json_object_get(b, "place") ? place : NULL,
	    json_object_get(b, "link") ? link : NULL, &d);
	finish(r, err, &d, 200, json_pack("{s:s,s:s}", "place", place,
	    "link", link));
	json_decref(b);
}

/* POST {"mode", "mentor", "mentee"}: discreet invitations. */
void
api_session_discreet(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*mode, *mentor, *mentee;
	enum tdm_err		 err;
	json_t			*b;

	if ((b = body_object(r)) == NULL)
		return;
	mode = jstr(b, "mode", &d);
	mentor = jstr(b, "mentor", &d);
	mentee = jstr(b, "mentee", &d);
	err = d.n ? TDM_EINVAL : tdm_session_discreet(r->st, &r->who.actor,
	    r->args[0], *mentor ? mentor : NULL, *mentee ? mentee : NULL,
	    mode, &d);
	finish(r, err, &d, 200, json_pack("{s:s}", "mode", mode));
	json_decref(b);
}

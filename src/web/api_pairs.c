/*
 * /api/programmes/P/match and /pairs: running the matcher, reviewing its
 * proposal, publishing it, and each side's answer.
 */
#include <string.h>

#include "web.h"
#include "handlers.h"
#include "paging.h"

/* POST {"dry_run": true|false}: a programme manager runs the matcher. */
void
api_match(struct req *r)
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_match_report		*m = NULL;
	enum tdm_err			 err;
	json_t				*b, *v = NULL;
	int				 dry;

	if ((b = body_object(r)) == NULL)
		return;
	dry = jbool(b, "dry_run", &d);
	err = d.n ? TDM_EINVAL : tdm_match(r->st, &r->who.actor, r->args[0],
	    dry, &m, &d);
	if (err == TDM_OK) {
		v = tdm_match_report_json(m);
		json_object_set_new(v, "dry_run", json_boolean(dry));
		tdm_match_report_free(m);
	}
	finish(r, err, &d, 200, v);
	json_decref(b);
}

/* A page of pairs, kept by ?state= and ?q= (either member's name). */
static int
pair(void *arg, const struct tdm_pair *p)
{
	return json_push(arg, tdm_pair_json(p));
}

/*
 * Everyone's for the manager and the coach, one's own for the others;
 * a page at a time, cut by the store (issue 15).
 */
void
api_pairs(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct paging		 g;
	struct tdm_page		 pg;
	enum tdm_err		 err;

	if (paging_parse(r, &g, 1, &d) != 0) {
		paging_finish(r, &g, TDM_EINVAL, &d, NULL);
		return;
	}
	memset(&pg, 0, sizeof(pg));
	pg.after = g.after;
	pg.limit = (int)g.limit;
	pg.skip = 0;
	pg.count = 0;
	err = tdm_pair_page(r->st, &r->who.actor, r->args[0], &pg,
	    query(r, "state"), query(r, "q"), pair, g.items, &d);
	g.more = pg.next[0] != '\0';
	paging_finish(r, &g, err, &d, pg.next);
}

/* POST {"mentee": ID, "lock": true|false} */
void
api_pair_lock(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*mentee;
	enum tdm_err		 err;
	json_t			*b;
	int			 lock;

	if ((b = body_object(r)) == NULL)
		return;
	mentee = jstr(b, "mentee", &d);
	lock = json_object_get(b, "lock") ? jbool(b, "lock", &d) : 1;
	err = d.n ? TDM_EINVAL : tdm_pair_lock(r->st, &r->who.actor,
	    r->args[0], mentee, lock, &d);
	finish(r, err, &d, 200, json_pack("{s:s,s:b}", "mentee", mentee,
	    "locked", lock));
	json_decref(b);
}

/* POST {"mentor": ID, "mentee": ID} */
void
api_pair_reject(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*mentor, *mentee;
	enum tdm_err		 err;
	json_t			*b;

	if ((b = body_object(r)) == NULL)
		return;
	mentor = jstr(b, "mentor", &d);
	mentee = jstr(b, "mentee", &d);
	err = d.n ? TDM_EINVAL : tdm_pair_reject(r->st, &r->who.actor,
	    r->args[0], mentor, mentee, &d);
	finish(r, err, &d, 200, json_pack("{s:s,s:s,s:b}", "mentor", mentor,
	    "mentee", mentee, "rejected", 1));
	json_decref(b);
}

void
api_pair_publish(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	size_t			 n = 0;
	enum tdm_err		 err;

	err = tdm_pair_publish(r->st, &r->who.actor, r->args[0], &n, &d);
	finish(r, err, &d, 200, json_pack("{s:I}", "published",
	    (json_int_t)n));
}

/*
 * POST {"mentor", "mentee", "accept": true|false, "note"}: one's own
 * answer; a manager adds "member" to answer on someone's behalf.
 */
void
api_pair_answer(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*mentor, *mentee, *member, *note;
	enum tdm_err		 err;
	json_t			*b;
	int			 accept;

	if ((b = body_object(r)) == NULL)
		return;
	mentor = jstr(b, "mentor", &d);
	mentee = jstr(b, "mentee", &d);
	member = jstr(b, "member", &d);
	note = jstr(b, "note", &d);
	if (json_object_get(b, "accept") == NULL)
		tdm_diag_add(&d, "accept", 0, 0, "say true to accept, false "
		    "to decline");
	accept = jbool(b, "accept", &d);
	if (*member == '\0')
		member = r->who.actor.name;
	err = d.n ? TDM_EINVAL : tdm_pair_answer(r->st, &r->who.actor,
	    r->args[0], mentor, mentee, member, accept, *note ? note : NULL,
	    &d);
	finish(r, err, &d, 200, json_pack("{s:s,s:s,s:s,s:b}", "mentor",
	    mentor, "mentee", mentee, "member", member, "accepted", accept));
	json_decref(b);
}

/*
 * POST {"mentor": ID, "mentee": ID, "reason": TEXT}: a member, or a
 * programme manager, ends an accepted tandem; the reason stays private.
 */
void
api_pair_end(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*mentor, *mentee, *reason;
	enum tdm_err		 err;
	json_t			*b;

	if ((b = body_object(r)) == NULL)
		return;
	mentor = jstr(b, "mentor", &d);
	mentee = jstr(b, "mentee", &d);
	reason = jstr(b, "reason", &d);
	err = d.n ? TDM_EINVAL : tdm_pair_end(r->st, &r->who.actor,
	    r->args[0], mentor, mentee, reason, &d);
	finish(r, err, &d, 200, json_pack("{s:s,s:s,s:b}", "mentor", mentor,
	    "mentee", mentee, "ended", 1));
	json_decref(b);
}

static int
waiting(void *arg, const struct tdm_waiting *w)
{
	return json_push(arg, json_pack("{s:s,s:s,s:s,s:s}", "employee",
	    w->matricule, "name", w->name, "role", w->role, "why", w->why));
}

/* Who waits for a partner: all for a manager, oneself for a volunteer. */
void
api_pairs_waiting(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	json_t			*a = json_array();
	enum tdm_err		 err;

	err = tdm_pair_waiting_each(r->st, &r->who.actor, r->args[0], waiting,
	    a, &d);
	finish(r, err, &d, 200, a);
}

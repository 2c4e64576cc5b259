/*
 * /api/programmes/P/enrolments and /withdrawal: volunteering, and
 * leaving in one action.
 */
#include <stdio.h>
#include <string.h>

#include "web.h"
#include "handlers.h"
#include "paging.h"

/* A page of enrolments, kept by ?role= ?q= ?site= ?generation=. */
static int
enrolment_paged(void *arg, const struct tdm_enrolment *e)
{
	return json_push(arg, tdm_enrolment_json(e));
}

void
api_enrolments(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct paging		 g;
	struct tdm_page		 pg;
	const char		*all = query(r, "withdrawn");
	unsigned		 flags = all && strcmp(all, "1") == 0 ?
				    TDM_LIST_WITHDRAWN : 0;
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
	err = tdm_enrolment_page(r->st, &r->who.actor, r->args[0], flags,
	    &pg, query(r, "role"), query(r, "site"), query(r, "generation"),
	    query(r, "q"), enrolment_paged, g.items, &d);
	g.more = pg.next[0] != '\0';
	paging_finish(r, &g, err, &d, pg.next);
}

/*
 * POST: {"role", "topics", "languages", "site", "remote",
 * "availability", "capacity"} for oneself; a programme manager adds
 * "employee" and "optin_ref" to record someone's signed opt-in.
 */
void
api_enrol(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_enrol_spec	 s;
	enum tdm_err		 err;
	json_t			*b;

	if ((b = body_object(r)) == NULL)
		return;
	memset(&s, 0, sizeof(s));
	s.programme = r->args[0];
	s.employee = jstr(b, "employee", &d);
	if (*s.employee == '\0')
		s.employee = r->who.actor.name;
	s.role = jstr(b, "role", &d);
	s.topics = jstr(b, "topics", &d);
	s.languages = jstr(b, "languages", &d);
	s.site = jstr(b, "site", &d);
	s.remote = jbool(b, "remote", &d);
	s.availability = jstr(b, "availability", &d);
	s.capacity = jint(b, "capacity", 0, &d);
	s.optin_ref = jstr(b, "optin_ref", &d);
	if (*s.optin_ref == '\0')
		s.optin_ref = NULL;
	if (r->who.actor.employee_id == 0 && d.n == 0)
		tdm_diag_add(&d, NULL, 0, 0, "an external coach does not "
		    "enrol");
	err = d.n ? (r->who.actor.employee_id ? TDM_EINVAL : TDM_EPERM) :
	    tdm_enrol(r->st, &r->who.actor, &s, &d);
	finish(r, err, &d, 201, json_pack("{s:s,s:s,s:s}", "programme",
	    r->args[0], "employee", s.employee, "role", s.role));
	json_decref(b);
}

/* POST {} to withdraw oneself, {"employee": ID} for a manager. */
void
api_withdraw(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*who;
	enum tdm_err		 err;
	json_t			*b;

	if ((b = body_object(r)) == NULL)
		return;
	who = jstr(b, "employee", &d);
	if (*who == '\0')
		who = r->who.actor.name;
	err = d.n ? TDM_EINVAL : tdm_withdraw(r->st, &r->who.actor,
	    r->args[0], who, &d);
	finish(r, err, &d, 200, json_pack("{s:s,s:s,s:b}", "programme",
	    r->args[0], "employee", who, "withdrawn", 1));
	json_decref(b);
}

/*
 * POST {"topics", "languages", "site", "remote", "availability",
 * "capacity"}, any of them, to change one's enrolment; a programme
 * manager adds "employee".  What is left out stays as it is.
 */
void
api_enrolment_change(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_enrol_change	 c;
	enum tdm_err		 err;
	json_t			*b;

	if ((b = body_object(r)) == NULL)
		return;
	memset(&c, 0, sizeof(c));
	c.programme = r->args[0];
	c.employee = jstr(b, "employee", &d);
	if (*c.employee == '\0')
		c.employee = r->who.actor.name;
	c.topics = json_object_get(b, "topics") ? jstr(b, "topics", &d) :
	    NULL;
	c.languages = json_object_get(b, "languages") ?
	    jstr(b, "languages", &d) : NULL;
	c.site = json_object_get(b, "site") ? jstr(b, "site", &d) : NULL;
	c.remote = json_object_get(b, "remote") ? jbool(b, "remote", &d) :
	    -1;
	c.availability = json_object_get(b, "availability") ?
	    jstr(b, "availability", &d) : NULL;
	c.capacity = json_object_get(b, "capacity") ?
	    jint(b, "capacity", 0, &d) : 0;
	if (json_object_get(b, "capacity") && c.capacity == 0 && d.n == 0)
		tdm_diag_add(&d, "capacity", 0, 0, "0 is not between 1 and "
		    "50");
	err = d.n ? TDM_EINVAL : tdm_enrol_change(r->st, &r->who.actor, &c,
	    &d);
	finish(r, err, &d, 200, json_pack("{s:s,s:s,s:b}", "programme",
	    r->args[0], "employee", c.employee, "changed", 1));
	json_decref(b);
}

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
struct enrolment_page {
	struct req	*r;
	struct paging	 g;
};

static int
enrolment_paged(void *arg, const struct tdm_enrolment *e)
{
	struct enrolment_page	*p = arg;
	struct req		*r = p->r;
	char			 name[512];

	snprintf(name, sizeof(name), "%s %s %s", e->last_name, e->first_name,
	    e->matricule);
	if (!filter_is(query(r, "role"), e->role) ||
	    !filter_is(query(r, "site"), e->site) ||
	    !filter_is(query(r, "generation"), e->generation) ||
	    !filter_holds(query(r, "q"), name))
		return 0;
	if (!paging_take(&p->g))
		return PAGING_STOP(&p->g);
	return json_push(p->g.items, tdm_enrolment_json(e));
}

void
api_enrolments(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct enrolment_page	 p;
	const char		*all = query(r, "withdrawn");
	unsigned		 flags = all && strcmp(all, "1") == 0 ?
				    TDM_LIST_WITHDRAWN : 0;

	p.r = r;
	if (paging_parse(r, &p.g, 0, &d) != 0) {
		paging_finish(r, &p.g, TDM_EINVAL, &d, NULL);
		return;
	}
	paging_finish(r, &p.g, tdm_enrolment_each(r->st, &r->who.actor,
	    r->args[0], flags, enrolment_paged, &p, &d), &d, NULL);
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

/*
 * /api/roster, /api/employees, /api/topics, /api/coaches: the people and
 * the catalogues a programme manager works with.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"
#include "handlers.h"
#include "paging.h"

/*
 * POST /api/roster: the body is the HR export itself, as the file's
 * bytes (any encoding the importer knows); ?name= names it in the
 * diagnostics, ?dry_run=1 only checks, ?map= is the column map,
 * ?confirm_leavers=N confirms that many leavers.  Too many leavers
 * unconfirmed: 409, with who would leave and what would end.
 */
/*
 * The leavers of an import, in *v (created for a refusal): their lines,
 * what their leaving ends, the line breaks joined.
 */
static void
leavers_json(json_t **v, const struct tdm_import_result *res,
    enum tdm_err err)
{
	json_t		*a = json_array(), *one = NULL, *progs = NULL;
	json_t		*prog = NULL;
	const char	*p, *q;
	size_t		 field = 0, n;

	/* Tab-separated: matricule, name, then programme, role, tandems. */
	for (p = res->leavers; p != NULL && *p != '\0'; p = q + (*q != '\0')) {
		n = strcspn(p, "\t\n");
		q = p + n;
		if (field == 0) {
			progs = json_array();
			one = json_pack("{s:s%,s:o}", "employee", p, n,
			    "programmes", progs);
			json_array_append_new(a, one);
		} else if (one == NULL)
			;
		else if (field == 1)
			json_object_set_new(one, "name", json_stringn(p, n));
		else if (field % 3 == 2) {
			prog = json_pack("{s:s%}", "name", p, n);
			json_array_append_new(progs, prog);
		} else if (prog == NULL)
			;
		else if (field % 3 == 0)
			json_object_set_new(prog, "role", json_stringn(p, n));
		else
			json_object_set_new(prog, "tandems_ended",
			    json_integer(strtol(p, NULL, 10)));
		field++;
		if (*q == '\n') {
			field = 0;
			one = prog = NULL;
		}
	}
	if (*v == NULL && err != TDM_OK)
		*v = json_pack("{s:s,s:I,s:I}", "error", "too many leavers to "
		    "import without confirming them", "left",
		    (json_int_t)res->left, "confirm_leavers",
		    (json_int_t)res->left);
	if (*v == NULL) {
		json_decref(a);
		return;
	}
	json_object_set_new(*v, "leavers", a);
	json_object_set_new(*v, "active", json_integer((json_int_t)
	    res->active));
	json_object_set_new(*v, "enrolments_ended", json_integer((json_int_t)
	    res->ended));
	json_object_set_new(*v, "sessions_cancelled", json_integer(
	    (json_int_t)res->cancelled));
	json_object_set_new(*v, "line_breaks_joined", json_integer(
	    (json_int_t)res->joined));
}

void
api_roster_import(struct req *r)
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_import_opts		 opts;
	struct tdm_import_result	 res;
	const char			*name = query(r, "name");
	const char			*dry = query(r, "dry_run");
	const char			*confirm = query(r, "confirm_leavers");
	enum tdm_err			 err;
	json_t				*v = NULL;

	memset(&opts, 0, sizeof(opts));
	opts.encoding = TDM_ENC_AUTO;
	opts.map = query(r, "map");
	opts.dry_run = dry != NULL && strcmp(dry, "0") != 0;
	opts.actor = &r->who.actor;
	if (confirm != NULL)
		opts.confirm_leavers = strtol(confirm, NULL, 10);
	if (name == NULL || *name == '\0')
		name = "roster.csv";
	err = tdm_roster_import(r->st, name, (const unsigned char *)
	    (r->body ? r->body : ""), r->bodylen, &opts, &res, &d);
	if (err == TDM_OK)
		v = json_pack("{s:s,s:b,s:I,s:I,s:I,s:I,s:I,s:s*,s:o}",
		    "file", name, "dry_run", opts.dry_run,
		    "rows", (json_int_t)res.rows, "added", (json_int_t)res.added,
		    "updated", (json_int_t)res.updated,
		    "unchanged", (json_int_t)res.unchanged,
		    "left", (json_int_t)res.left, "ignored", res.ignored,
		    "diagnostics", diags_json(&d));
	if (v != NULL || (err == TDM_ESTATE && res.confirm))
		leavers_json(&v, &res, err);
	if (err == TDM_ESTATE && res.confirm && v != NULL) {
		json_object_set_new(v, "diagnostics", diags_json(&d));
		reply_json(r, 409, v);
		tdm_diags_free(&d);
	} else
		finish(r, err, &d, 200, v);
	tdm_import_result_free(&res);
}

static int
employee(void *arg, const struct tdm_employee *e)
{
	return json_push(arg, tdm_employee_json(e, 0));
}

/* A page of the roster: the last matricule read is the next cursor. */
struct roster_page {
	struct paging	 g;
	char		 last[128];
};

static int
employee_paged(void *arg, const struct tdm_employee *e)
{
	struct roster_page	*p = arg;

	if (p->g.seen++ >= p->g.limit) {
		p->g.more = 1;
		return 1;
	}
	snprintf(p->last, sizeof(p->last), "%s", e->matricule);
	return json_push(p->g.items, tdm_employee_json(e, 0));
}

/*
 * GET /api/employees: the whole roster, or one page of it with ?limit
 * and ?cursor, filtered by ?q= (a part of the name or matricule),
 * ?department=, ?site=, ?generation= (issue 15).
 */
void
api_employees(struct req *r)
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_employee_filter	 f;
	struct roster_page		 p;
	const char			*all = query(r, "inactive");
	enum tdm_err			 err;

	memset(&p, 0, sizeof(p));
	if (paging_parse(r, &p.g, 1, &d) != 0) {
		paging_finish(r, &p.g, TDM_EINVAL, &d, NULL);
		return;
	}
	memset(&f, 0, sizeof(f));
	f.after = p.g.after;
	/* One more than the page: whether there is a next one. */
	f.limit = p.g.paged ? (int)p.g.limit + 1 : -1;
	f.flags = all && strcmp(all, "1") == 0 ? TDM_LIST_INACTIVE : 0;
	f.name = query(r, "q");
	f.department = query(r, "department");
	f.site = query(r, "site");
	f.generation = query(r, "generation");
	if (!p.g.paged && f.name == NULL && f.department == NULL &&
	    f.site == NULL && f.generation == NULL)
		err = tdm_employee_each(r->st, &r->who.actor, f.flags,
		    employee, p.g.items, &d);
	else {
		if (!p.g.paged)
			p.g.limit = (size_t)-1;
		err = tdm_employee_page(r->st, &r->who.actor, &f,
		    employee_paged, &p, &d);
	}
	paging_finish(r, &p.g, err, &d, p.last);
}

static int
topic(void *arg, const struct tdm_topic *t)
{
	return json_push(arg, json_pack("{s:s,s:s,s:s,s:s*}", "code",
	    t->code, "label_fr", t->label_fr, "label_en", t->label_en,
	    "programme", t->programme));
}

void
api_topics(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	json_t			*a = json_array();

	finish(r, tdm_topic_each(r->st, &r->who.actor, topic, a), &d, 200, a);
}

static int
coach(void *arg, const struct tdm_coach *c)
{
	return json_push(arg, json_pack("{s:s,s:s,s:s,s:s}", "name",
	    c->name, "email", c->email, "organisation", c->organisation,
	    "programmes", c->programmes));
}

void
api_coaches(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	enum tdm_err		 err;
	json_t			*a = json_array();

	err = tdm_coach_each(r->st, &r->who.actor, coach, a, &d);
	finish(r, err, &d, 200, a);
}

/* POST {"name", "email", "organisation"}: a programme manager adds one. */
void
api_coach_create(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*name, *email, *org;
	enum tdm_err		 err;
	json_t			*b;

	if ((b = body_object(r)) == NULL)
		return;
	name = jstr(b, "name", &d);
	email = jstr(b, "email", &d);
	org = jstr(b, "organisation", &d);
	err = d.n ? TDM_EINVAL : tdm_coach_add(r->st, &r->who.actor, name,
	    email, org, &d);
	finish(r, err, &d, 201, json_pack("{s:s,s:s,s:s}", "name", name,
	    "email", email, "organisation", org));
	json_decref(b);
}

static int
grant(void *arg, const struct tdm_role_grant *g)
{
	/* "programmes": "" for every programme (issue 14). */
	return json_push(arg, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}",
	    "employee", g->matricule, "first_name", g->first_name,
	    "last_name", g->last_name, "role", g->role, "granted_at",
	    g->granted_at, "granted_by", g->granted_by, "programmes",
	    g->programmes ? g->programmes : ""));
}

void
api_roles(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	enum tdm_err		 err;
	json_t			*a = json_array();

	if ((err = tdm_may_view(r->st, &r->who.actor, NULL, TDM_VIEW_ROSTER,
	    NULL, &d)) == TDM_OK)
		err = tdm_role_each(r->st, grant, a);
	finish(r, err, &d, 200, a);
}

/*
 * POST {"employee", "role", "grant": true|false, "programme": P}: an
 * admin's act; with "programme", for that programme only (issue 14).
 */
void
api_role_change(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*who, *role, *prog;
	enum tdm_role		 ro = TDM_ROLE_ADMIN;
	enum tdm_err		 err;
	json_t			*b;
	int			 give;

	if ((b = body_object(r)) == NULL)
		return;
	who = jstr(b, "employee", &d);
	role = jstr(b, "role", &d);
	give = json_object_get(b, "grant") ? jbool(b, "grant", &d) : 1;
	prog = jstr(b, "programme", &d);
	if (d.n == 0 && tdm_role_parse(role, &ro) != 0)
		tdm_diag_add(&d, "role", 0, 0, "\"%s\" is not a role: admin, "
		    "manager or sponsor", role);
	if (d.n)
		err = TDM_EINVAL;
	else if (*prog != '\0')
		err = give ? tdm_role_grant_for(r->st, &r->who.actor, who, ro,
		    prog, &d) : tdm_role_revoke_for(r->st, &r->who.actor, who,
		    ro, prog, &d);
	else if (give)
		err = tdm_role_grant(r->st, &r->who.actor, who, ro, &d);
	else
		err = tdm_role_revoke(r->st, &r->who.actor, who, ro, &d);
	finish(r, err, &d, 200, json_pack("{s:s,s:s,s:b}", "employee", who,
	    "role", role, "granted", give));
	json_decref(b);
}

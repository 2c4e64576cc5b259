/*
 * Who may do and read what: the table of permissions (an act needs one
 * of some roles) and the table of view rules (who reads which part of a
 * programme).  Pure tables and the functions that read them: no store,
 * no lookup.  What an act or a listing is, and the facts a view rule
 * asks for (is the charter published, does this coach follow the
 * programme), are the callers' business.
 */
#include <stdio.h>
#include <string.h>

#include "tandem/role.h"
#include "internal.h"
#include "perm.h"

static const char *const rolenames[TDM_ROLE__MAX] = {
	[TDM_ROLE_ADMIN] = "admin",
	[TDM_ROLE_MANAGER] = "manager",
	[TDM_ROLE_SPONSOR] = "sponsor",
};

/* Who may do what, and how a refusal names the act. */
static const struct {
	unsigned	 roles;
	const char	*what;
} perms[OP__MAX] = {
	[OP_ROLE_GRANT] = { R(TDM_ROLE_ADMIN), "granting a role" },
	[OP_ROLE_REVOKE] = { R(TDM_ROLE_ADMIN), "revoking a role" },
	[OP_PROGRAMME_CREATE] = { R(TDM_ROLE_MANAGER),
	    "creating a programme" },
	[OP_PROGRAMME_EDIT] = { R(TDM_ROLE_MANAGER), "editing a programme" },
	[OP_PROGRAMME_SUBMIT] = { R(TDM_ROLE_MANAGER),
	    "submitting a programme" },
	[OP_PROGRAMME_APPROVE] = { R(TDM_ROLE_SPONSOR),
	    "approving a programme" },
	[OP_PROGRAMME_RETURN] = { R(TDM_ROLE_SPONSOR),
	    "returning a programme" },
	[OP_PROGRAMME_OPEN] = { R(TDM_ROLE_MANAGER), "opening a programme" },
	[OP_PROGRAMME_MATCH] = { R(TDM_ROLE_MANAGER),
	    "matching a programme" },
	[OP_PROGRAMME_START] = { R(TDM_ROLE_MANAGER),
	    "starting a programme" },
	[OP_PROGRAMME_CLOSE] = { R(TDM_ROLE_MANAGER), "closing a programme" },
	[OP_TOPIC_ADD] = { R(TDM_ROLE_MANAGER), "adding a topic" },
	[OP_COACH_ADD] = { R(TDM_ROLE_MANAGER), "adding a coach" },
	[OP_ENROL_RECORD] = { R(TDM_ROLE_MANAGER),
	    "enrolling someone else" },
	[OP_WITHDRAW_OTHER] = { R(TDM_ROLE_MANAGER),
	    "withdrawing someone else" },
	[OP_PAIR_REVIEW] = { R(TDM_ROLE_MANAGER), "reviewing pairs" },
	[OP_PAIR_ANSWER_OTHER] = { R(TDM_ROLE_MANAGER),
	    "answering for someone else" },
	[OP_SESSION_MANAGE] = { R(TDM_ROLE_MANAGER),
	    "managing the sessions of others" },
	[OP_REPORT_READ] = { R(TDM_ROLE_MANAGER) | R(TDM_ROLE_SPONSOR),
	    "reading a programme's report" },
	[OP_PERSON_EXPORT] = { R(TDM_ROLE_ADMIN) | R(TDM_ROLE_MANAGER),
	    "exporting someone else's data" },
	[OP_PERSON_ERASE] = { R(TDM_ROLE_ADMIN), "erasing a person" },
	[OP_PURGE] = { R(TDM_ROLE_ADMIN), "purging expired data" },
	[OP_AUDIT_READ] = { R(TDM_ROLE_ADMIN),
	    "reading the whole audit log" },
	[OP_ROSTER_IMPORT] = { R(TDM_ROLE_ADMIN) | R(TDM_ROLE_MANAGER),
	    "importing the roster" },
	[OP_ROSTER_READ] = { R(TDM_ROLE_ADMIN) | R(TDM_ROLE_MANAGER),
	    "reading the roster" },
	[OP_ACCOUNT_INVITE] = { R(TDM_ROLE_ADMIN), "inviting someone to sign in" },
	/* Company sign-in (issue 14). */
	[OP_PROGRAMME_INVITE] = { R(TDM_ROLE_ADMIN) | R(TDM_ROLE_MANAGER),
	    "inviting a programme's coach and volunteers" },
	/* E-mail (mail_send.c). */
	[OP_MAIL_READ] = { R(TDM_ROLE_ADMIN) | R(TDM_ROLE_MANAGER),
	    "reading the outbox" },
	[OP_MAIL_SEND] = { R(TDM_ROLE_ADMIN), "sending the outbox" },
	[OP_PAIR_END_OTHER] = { R(TDM_ROLE_MANAGER),
	    "ending someone else's tandem" },
};

const char *
tdm_role_name(enum tdm_role r)
{
	return (unsigned)r < TDM_ROLE__MAX ? rolenames[r] : NULL;
}

int
tdm_role_parse(const char *s, enum tdm_role *r)
{
	size_t	 i;

	for (i = 0; i < TDM_ROLE__MAX; i++)
		if (strcmp(s, rolenames[i]) == 0) {
			*r = (enum tdm_role)i;
			return 0;
		}
	return -1;
}

static const char *
role_list(unsigned roles)
{
	switch (roles) {
	case R(TDM_ROLE_MANAGER) | R(TDM_ROLE_SPONSOR):
		return "the programme manager or the sponsor role";
	case R(TDM_ROLE_ADMIN) | R(TDM_ROLE_MANAGER):
		return "the admin or the programme manager role";
	case R(TDM_ROLE_ADMIN):
		return "the admin role";
	case R(TDM_ROLE_MANAGER):
		return "the programme manager role";
	case R(TDM_ROLE_SPONSOR):
		return "the sponsor role";
	default:
		return "a role";
	}
}

int
permitted(const struct tdm_actor *actor, enum op op)
{
	return (actor->roles & perms[op].roles) != 0;
}

enum tdm_err
authorize(const struct tdm_actor *actor, enum op op, struct tdm_diags *d)
{
	if (actor->roles & perms[op].roles)
		return TDM_OK;
	if (actor->employee_id == 0 && actor->coach_id == 0)
		tdm_diag_add(d, NULL, 0, 0, "%s needs %s: say who you are "
		    "(--as EMPLOYEE_ID)", perms[op].what,
		    role_list(perms[op].roles));
	else
		tdm_diag_add(d, NULL, 0, 0, "%s needs %s, which %s does not "
		    "hold", perms[op].what, role_list(perms[op].roles),
		    actor->name);
	return TDM_EPERM;
}

unsigned
tdm_actor_roles_on(const struct tdm_actor *a, int64_t programme)
{
	unsigned	 roles = a->roles & ~a->scoped;
	size_t		 i;

	for (i = 0; i < a->nscopes; i++)
		if (a->scopes[i].programme == programme)
			roles |= a->scopes[i].roles & a->roles;
	return roles;
}

enum tdm_err
authorize_in(const struct tdm_actor *actor, enum op op, int64_t programme,
    struct tdm_diags *d)
{
	if (tdm_actor_roles_on(actor, programme) & perms[op].roles)
		return TDM_OK;
	if (!(actor->roles & perms[op].roles))
		return authorize(actor, op, d);
	tdm_diag_add(d, NULL, 0, 0, "%s needs %s for this programme; %s "
	    "holds it for other programmes only", perms[op].what,
	    role_list(perms[op].roles), actor->name);
	return TDM_EPERM;
}

enum tdm_err
authorize_self_in(const struct tdm_actor *actor, int64_t employee,
    enum op op, int64_t programme, struct tdm_diags *d)
{
	if (actor->employee_id != 0 && actor->employee_id == employee)
		return TDM_OK;
	return authorize_in(actor, op, programme, d);
}

enum tdm_err
authorize_self(const struct tdm_actor *actor, int64_t employee, enum op op,
    struct tdm_diags *d)
{
	if (actor->employee_id != 0 && actor->employee_id == employee)
		return TDM_OK;
	return authorize(actor, op, d);
}

void
tdm_actor_system(struct tdm_actor *a)
{
	memset(a, 0, sizeof(*a));
	snprintf(a->name, sizeof(a->name), "system");
	a->roles = R(TDM_ROLE_ADMIN);
}

/*
 * Who reads what of a programme.  all: the roles that read all of it;
 * published: anyone, once the charter is published; coach: the
 * programme's coach reads all of it; own: a participant reads their own
 * rows.  The system operator (no employee, no coach: the owner of the
 * database file, who could read it with any SQLite tool) reads all.
 */
static const struct {
	unsigned	 all;
	int		 published;
	int		 coach;
	int		 own;
	const char	*what;	/* the refusal, after "the ... of P" */
} views[TDM_VIEW__MAX] = {
	[TDM_VIEW_PROGRAMME] = { R(TDM_ROLE_MANAGER) | R(TDM_ROLE_SPONSOR) |
	    R(TDM_ROLE_ADMIN), 1, 0, 0, NULL },
	[TDM_VIEW_ENROLMENTS] = { R(TDM_ROLE_MANAGER), 0, 1, 1,
	    "enrolments" },
	[TDM_VIEW_PAIRS] = { R(TDM_ROLE_MANAGER), 0, 1, 1, "pairs" },
	[TDM_VIEW_SESSIONS] = { R(TDM_ROLE_MANAGER), 0, 1, 1, "sessions" },
	/* A participant is not told their own tandem is "at risk". */
	[TDM_VIEW_RISKS] = { R(TDM_ROLE_MANAGER), 0, 1, 0,
	    "tandems at risk" },
	[TDM_VIEW_HISTORY] = { R(TDM_ROLE_MANAGER) | R(TDM_ROLE_SPONSOR) |
	    R(TDM_ROLE_ADMIN), 0, 0, 0, NULL },
	[TDM_VIEW_ROSTER] = { R(TDM_ROLE_MANAGER) | R(TDM_ROLE_ADMIN), 0, 0,
	    0, NULL },
};

int
actor_is_system(const struct tdm_actor *a)
{
	return a->employee_id == 0 && a->coach_id == 0;
}

enum scope
view_scope(const struct tdm_actor *a, enum tdm_view v,
    const struct view_facts *f)
{
	unsigned	 roles = a->roles;

	if ((unsigned)v >= TDM_VIEW__MAX)
		return SCOPE_NONE;
	/* Roles scoped to other programmes do not read this one. */
	if (f != NULL && f->id != 0)
		roles = tdm_actor_roles_on(a, f->id);
	if ((actor_is_system(a) && a->roles != 0) || roles & views[v].all)
		return SCOPE_ALL;
	if (f == NULL)
		return SCOPE_NONE;
	if ((views[v].published && f->published) ||
	    (views[v].coach && f->coach))
		return SCOPE_ALL;
	if (views[v].own && a->employee_id != 0)
		return SCOPE_OWN;
	return SCOPE_NONE;
}

enum tdm_err
view_refuse(const struct tdm_actor *a, enum tdm_view v,
    const struct view_facts *f, struct tdm_diags *d)
{
	const char	*p = f != NULL ? f->programme : "";

	switch (v) {
	case TDM_VIEW_ROSTER:
		return authorize(a, OP_ROSTER_READ, d);
	case TDM_VIEW_HISTORY:
		tdm_diag_add(d, NULL, 0, 0, "the history of %s is for its "
		    "programme manager and its sponsor", p);
		break;
	case TDM_VIEW_PROGRAMME:
		tdm_diag_add(d, NULL, 0, 0, "%s is not published yet", p);
		break;
	default:
		tdm_diag_add(d, NULL, 0, 0, "the %s of %s are for its "
		    "programme manager and its coach; each participant sees "
		    "their own", views[v].what, p);
		break;
	}
	return TDM_EPERM;
}

/*
 * Actors, roles, and the table of which role may do what.
 *
 * authorize() is the one gate every write of the library passes before
 * touching the store.  This file does not know what the operations do.
 */
#include <stdio.h>
#include <string.h>

#include "tandem/role.h"
#include "internal.h"

static const char *const rolenames[TDM_ROLE__MAX] = {
	[TDM_ROLE_ADMIN] = "admin",
	[TDM_ROLE_MANAGER] = "manager",
	[TDM_ROLE_SPONSOR] = "sponsor",
};

#define R(role) (1u << (role))

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
	[OP_ROSTER_IMPORT] = { R(TDM_ROLE_ADMIN) | R(TDM_ROLE_MANAGER),
	    "importing the roster" },
	[OP_ROSTER_READ] = { R(TDM_ROLE_ADMIN) | R(TDM_ROLE_MANAGER),
	    "reading the roster" },
	[OP_ACCOUNT_INVITE] = { R(TDM_ROLE_ADMIN), "inviting someone to sign in" },
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

enum tdm_err
authorize_self(const struct tdm_actor *actor, int64_t employee, enum op op,
    struct tdm_diags *d)
{
	if (actor->employee_id != 0 && actor->employee_id == employee)
		return TDM_OK;
	return authorize(actor, op, d);
}

enum tdm_err
tdm_may_view(struct tdm_store *st, const struct tdm_actor *actor,
    const char *programme, enum tdm_view view, const char *member,
    struct tdm_diags *d)
{
	struct programme_ref	 p;
	sqlite3_stmt		*stmt;
	enum tdm_err		 err;
	int			 coach = 0;

	if (view == TDM_VIEW_ROSTER)
		return authorize(actor, OP_ROSTER_READ, d);
	if (actor->roles & (R(TDM_ROLE_MANAGER) | R(TDM_ROLE_ADMIN)) &&
	    actor->employee_id == 0)
		return TDM_OK;		/* the system operator */
	if ((err = programme_find(st, programme, &p, d)) != TDM_OK)
		return err;
	if (actor->roles & R(TDM_ROLE_MANAGER))
		return TDM_OK;
	if (view == TDM_VIEW_HISTORY) {
		if (actor->roles & (R(TDM_ROLE_SPONSOR) | R(TDM_ROLE_ADMIN)))
			return TDM_OK;
		tdm_diag_add(d, NULL, 0, 0, "the history of %s is for its "
		    "programme manager and its sponsor", p.name);
		return TDM_EPERM;
	}
	if (view == TDM_VIEW_PROGRAMME) {
		if (p.charter_version > 0 || actor->roles &
		    (R(TDM_ROLE_SPONSOR) | R(TDM_ROLE_ADMIN)))
			return TDM_OK;
		tdm_diag_add(d, NULL, 0, 0, "%s is not published yet",
		    p.name);
		return TDM_EPERM;
	}
	if (member != NULL && actor->employee_id != 0 &&
	    strcmp(member, actor->name) == 0)
		return TDM_OK;
	if (actor->coach_id != 0) {
		stmt = store_stmt(st, STMT_COACH_OF_PROGRAMME);
		sqlite3_bind_int64(stmt, 1, p.id);
		sqlite3_bind_int64(stmt, 2, actor->coach_id);
		coach = sqlite3_step(stmt) == SQLITE_ROW;
		sqlite3_reset(stmt);
		if (coach)
			return TDM_OK;
	}
	tdm_diag_add(d, NULL, 0, 0, "the %s of %s are for its programme "
	    "manager%s", view == TDM_VIEW_ENROLMENTS ? "enrolments" :
	    view == TDM_VIEW_PAIRS ? "pairs" : view == TDM_VIEW_SESSIONS ?
	    "sessions" : "tandems at risk", p.name,
	    " and its coach; each participant sees their own");
	return TDM_EPERM;
}

void
tdm_actor_system(struct tdm_actor *a)
{
	memset(a, 0, sizeof(*a));
	snprintf(a->name, sizeof(a->name), "system");
	a->roles = R(TDM_ROLE_ADMIN);
}

/* The id of an active employee, or 0 with a diagnostic. */
int64_t
employee_id(struct tdm_store *st, const char *matricule, int active,
    struct tdm_diags *d)
{
	sqlite3_stmt	*stmt;
	int64_t		 id = 0;
	int		 isactive = 0;

	stmt = store_stmt(st, STMT_EMPLOYEE_ID);
	store_bind_text(stmt, 1, matricule, -1);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		id = sqlite3_column_int64(stmt, 0);
		isactive = sqlite3_column_int(stmt, 1);
	}
	sqlite3_reset(stmt);
	if (id == 0)
		tdm_diag_add(d, NULL, 0, 0, "no employee with id \"%s\"",
		    matricule);
	else if (active && !isactive) {
		tdm_diag_add(d, NULL, 0, 0, "%s has left the company "
		    "(inactive in the roster)", matricule);
		id = 0;
	}
	return id;
}

enum tdm_err
tdm_actor_load(struct tdm_store *st, const char *matricule,
    struct tdm_actor *a, struct tdm_diags *d)
{
	sqlite3_stmt	*stmt;
	enum tdm_role	 r;
	int		 rc;

	memset(a, 0, sizeof(*a));
	if ((a->employee_id = employee_id(st, matricule, 1, d)) == 0)
		return TDM_ENOENT;
	snprintf(a->name, sizeof(a->name), "%s", matricule);
	stmt = store_stmt(st, STMT_ROLE_OF);
	sqlite3_bind_int64(stmt, 1, a->employee_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (tdm_role_parse((const char *)sqlite3_column_text(stmt, 0),
		    &r) == 0)
			a->roles |= R(r);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? TDM_OK : TDM_EDB;
}

static enum tdm_err
change(struct tdm_store *st, const struct tdm_actor *actor,
    const char *matricule, enum tdm_role role, int grant,
    struct tdm_diags *d)
{
	sqlite3_stmt	*stmt;
	enum tdm_err	 err;
	char		 now[TIMESTAMP_SIZE];
	int64_t		 id;

	if ((err = authorize(actor, grant ? OP_ROLE_GRANT : OP_ROLE_REVOKE,
	    d)) != TDM_OK)
		return err;
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((id = employee_id(st, matricule, grant, d)) == 0) {
		err = TDM_ENOENT;
		goto fail;
	}
	store_timestamp(st, now);
	if (grant) {
		stmt = store_stmt(st, STMT_ROLE_INSERT);
		sqlite3_bind_int64(stmt, 1, id);
		store_bind_text(stmt, 2, rolenames[role], -1);
		store_bind_text(stmt, 3, now, -1);
		store_bind_text(stmt, 4, actor->name, -1);
		if ((err = store_exec(st, STMT_ROLE_INSERT)) == TDM_EINVAL) {
			tdm_diag_add(d, NULL, 0, 0, "%s already holds the %s "
			    "role", matricule, rolenames[role]);
			err = TDM_EEXIST;
		}
	} else {
		stmt = store_stmt(st, STMT_ROLE_DELETE);
		sqlite3_bind_int64(stmt, 1, id);
		store_bind_text(stmt, 2, rolenames[role], -1);
		if ((err = store_exec(st, STMT_ROLE_DELETE)) == TDM_OK &&
		    sqlite3_changes(st->db) == 0) {
			tdm_diag_add(d, NULL, 0, 0, "%s does not hold the %s "
			    "role", matricule, rolenames[role]);
			err = TDM_ENOENT;
		}
	}
	if (err != TDM_OK)
		goto fail;
	if ((err = audit_append(st, actor, grant ? "role.grant" :
	    "role.revoke", "employee", matricule, "%s", rolenames[role])) !=
	    TDM_OK || (err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	return err;
}

enum tdm_err
tdm_role_grant(struct tdm_store *st, const struct tdm_actor *actor,
    const char *matricule, enum tdm_role role, struct tdm_diags *d)
{
	return change(st, actor, matricule, role, 1, d);
}

enum tdm_err
tdm_role_revoke(struct tdm_store *st, const struct tdm_actor *actor,
    const char *matricule, enum tdm_role role, struct tdm_diags *d)
{
	return change(st, actor, matricule, role, 0, d);
}

enum tdm_err
tdm_role_each(struct tdm_store *st,
    int (*fn)(void *, const struct tdm_role_grant *), void *arg)
{
	struct tdm_role_grant	 g;
	sqlite3_stmt		*stmt;
	int			 rc;

	stmt = store_stmt(st, STMT_ROLE_LIST);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		g.matricule = column_text(stmt, 0);
		g.first_name = column_text(stmt, 1);
		g.last_name = column_text(stmt, 2);
		g.role = column_text(stmt, 3);
		g.granted_at = column_text(stmt, 4);
		g.granted_by = column_text(stmt, 5);
		if (fn(arg, &g) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? TDM_OK : TDM_EDB;
}

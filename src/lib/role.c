/*
 * Actors and their roles in the store: loading who acts, granting and
 * revoking roles, and the view rules' facts read from the store.  The
 * tables of who may do and read what are perm.c's.
 */
#include <stdio.h>
#include <string.h>

#include "tandem/role.h"
#include "internal.h"
#include "perm.h"


enum tdm_err
view_open(struct tdm_store *st, const struct tdm_actor *a,
    const char *programme, enum tdm_view v, struct programme_ref *p,
    enum scope *scope, struct tdm_diags *d)
{
	struct view_facts	 f = { .programme = "" };
	struct tdm_actor	 on;
	enum tdm_err		 err;

	*scope = SCOPE_NONE;
	if (programme == NULL) {
		if ((*scope = view_scope(a, v, NULL)) == SCOPE_NONE)
			return view_refuse(a, v, NULL, d);
		return TDM_OK;
	}
	if ((err = programme_find(st, programme, p, d)) != TDM_OK)
		return err;
	f.published = p->charter_version > 0;
	f.id = p->id;
	/* A refusal names no draft beyond what the caller typed. */
	f.programme = f.published ? p->name : programme;
	if (a->coach_id != 0 && (err = coach_follows(st, p->id, a->coach_id,
	    &f.coach)) != TDM_OK)
		return err;
	/* Roles scoped to other programmes read here as none (issue 14). */
	on = *a;
	on.roles = tdm_actor_roles_on(a, p->id);
	if ((*scope = view_scope(&on, v, &f)) == SCOPE_NONE)
		return view_refuse(&on, v, &f, d);
	/* Who read whose data (issue 17): the listings of everyone's. */
	if (*scope != SCOPE_OWN && (v == TDM_VIEW_ENROLMENTS ||
	    v == TDM_VIEW_PAIRS || v == TDM_VIEW_SESSIONS))
		return read_listing(st, a, p->id, v == TDM_VIEW_ENROLMENTS ?
		    "enrolments" : v == TDM_VIEW_PAIRS ? "pairs" : "sessions");
	return TDM_OK;
}

enum tdm_err
tdm_may_view(struct tdm_store *st, const struct tdm_actor *a,
    const char *programme, enum tdm_view v, const char *member,
    struct tdm_diags *d)
{
	struct programme_ref	 p = { .id = 0 };
	struct view_facts	 f;
	struct tdm_actor	 on;
	enum scope		 scope;
	enum tdm_err		 err;

	if ((err = view_open(st, a, programme, v, &p, &scope, d)) != TDM_OK ||
	    scope == SCOPE_ALL)
		return err;
	if (member != NULL && strcmp(member, a->name) == 0)
		return TDM_OK;
	f.published = p.charter_version > 0;
	f.programme = f.published || programme == NULL ? p.name : programme;
	f.coach = 0;
	f.id = p.id;
	on = *a;
	on.roles = tdm_actor_roles_on(a, p.id);
	return view_refuse(&on, v, &f, d);
}

void
actor_role(struct tdm_actor *a, int scoped, const char *role, int64_t prog)
{
	enum tdm_role	 r;
	size_t		 i;

	if (tdm_role_parse(role, &r) != 0)
		return;
	if (!scoped) {
		a->roles |= R(r);
		return;
	}
	/* A role scoped to a programme (issue 14). */
	a->scoped |= R(r);
	for (i = 0; i < a->nscopes; i++)
		if (a->scopes[i].programme == prog)
			break;
	/* Beyond the table, the role reads as none: never wider. */
	if (i == TDM_SCOPES_MAX)
		return;
	if (i == a->nscopes) {
		a->scopes[i].programme = prog;
		a->scopes[i].roles = 0;
		a->nscopes++;
	}
	a->scopes[i].roles |= R(r);
}

enum tdm_err
tdm_actor_load(struct tdm_store *st, const char *matricule,
    struct tdm_actor *a, struct tdm_diags *d)
{
	struct query	 q;
	enum tdm_err	 err;
	const char	*role;
	int		 active = 0, scoped;

	memset(a, 0, sizeof(*a));
	q = query_start(st, STMT_ACTOR);
	bind_text(&q, matricule);
	while (query_row(&q)) {
		a->employee_id = col_int(&q);
		active = (int)col_int(&q);
		scoped = (int)col_int(&q);
		role = col_text(&q);
		actor_role(a, scoped, role, col_int(&q));
	}
	if ((err = query_end(&q)) != TDM_OK ||
	    (err = employee_found(matricule, &a->employee_id, active, 1,
	    d)) != TDM_OK) {
		memset(a, 0, sizeof(*a));
		return err;
	}
	snprintf(a->name, sizeof(a->name), "%s", matricule);
	return TDM_OK;
}

static enum tdm_err
change(struct tdm_store *st, const struct tdm_actor *actor,
    const char *matricule, enum tdm_role role, int grant,
    struct tdm_diags *d)
{
	struct query	 q;
	enum tdm_err	 err;
	char		 now[TIMESTAMP_SIZE];
	int64_t		 id;

	if ((err = authorize(actor, grant ? OP_ROLE_GRANT : OP_ROLE_REVOKE,
	    d)) != TDM_OK)
		return err;
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = employee_find(st, matricule, grant, &id, d)) != TDM_OK)
		goto fail;
	store_timestamp(st, now);
	if (grant) {
		q = query_start(st, STMT_ROLE_INSERT);
		bind_int(&q, id);
		bind_text(&q, tdm_role_name(role));
		bind_text(&q, now);
		bind_text(&q, actor->name);
		if ((err = query_exec(&q)) == TDM_EINVAL) {
			tdm_diag_add(d, NULL, 0, 0, "%s already holds the %s "
			    "role", matricule, tdm_role_name(role));
			err = TDM_EEXIST;
		}
	} else {
		q = query_start(st, STMT_ROLE_SCOPE_DELETE_ALL);
		bind_int(&q, id);
		bind_text(&q, tdm_role_name(role));
		if ((err = query_exec(&q)) != TDM_OK)
			goto fail;
		q = query_start(st, STMT_ROLE_DELETE);
		bind_int(&q, id);
		bind_text(&q, tdm_role_name(role));
		if ((err = query_exec(&q)) == TDM_OK &&
		    store_changes(st) == 0) {
			tdm_diag_add(d, NULL, 0, 0, "%s does not hold the %s "
			    "role", matricule, tdm_role_name(role));
			err = TDM_ENOENT;
		}
	}
	if (err != TDM_OK)
		goto fail;
	if ((err = audit_append(st, actor, grant ? "role.grant" :
	    "role.revoke", "employee", matricule, "%s", tdm_role_name(role))) !=
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
	struct query		 q = query_start(st, STMT_ROLE_LIST_SCOPED);

	while (query_row(&q)) {
		g.matricule = col_text(&q);
		g.first_name = col_text(&q);
		g.last_name = col_text(&q);
		g.role = col_text(&q);
		g.granted_at = col_text(&q);
		g.granted_by = col_text(&q);
		g.programmes = col_text(&q);
		if (fn(arg, &g) != 0)
			break;
	}
	return query_end(&q);
}

/* One row of a lookup: its first column, 0 if none. */
static enum tdm_err
count_of(struct tdm_store *st, enum stmt which, int64_t id,
    const char *role, int64_t *n)
{
	struct query	 q = query_start(st, which);

	*n = 0;
	bind_int(&q, id);
	bind_text(&q, role);
	if (query_row(&q))
		*n = which == STMT_ROLE_HELD ? 1 : col_int(&q);
	return query_end(&q);
}

/* Grant or revoke a role for one programme (issue 14). */
static enum tdm_err
change_for(struct tdm_store *st, const struct tdm_actor *actor,
    const char *matricule, enum tdm_role role, const char *programme,
    int grant, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct query		 q;
	const char		*name = tdm_role_name(role);
	char			 now[TIMESTAMP_SIZE], pid[32];
	int64_t			 id, held, scopes;
	enum tdm_err		 err;

	if ((err = authorize(actor, grant ? OP_ROLE_GRANT : OP_ROLE_REVOKE,
	    d)) != TDM_OK)
		return err;
	if (role != TDM_ROLE_MANAGER && role != TDM_ROLE_SPONSOR) {
		tdm_diag_add(d, "role", 0, 0, "only the programme manager and "
		    "sponsor roles are granted for a programme; the %s role is "
		    "for all", name ? name : "?");
		return TDM_EINVAL;
	}
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = employee_find(st, matricule, grant, &id, d)) != TDM_OK ||
	    (err = programme_find(st, programme, &p, d)) != TDM_OK ||
	    (err = count_of(st, STMT_ROLE_HELD, id, name, &held)) != TDM_OK ||
	    (err = count_of(st, STMT_ROLE_SCOPE_COUNT, id, name, &scopes)) !=
	    TDM_OK)
		goto fail;
	store_timestamp(st, now);
	if (grant) {
		if (held && scopes == 0) {
			tdm_diag_add(d, NULL, 0, 0, "%s holds the %s role for "
			    "every programme already: revoke it first to "
			    "limit it", matricule, name);
			err = TDM_EEXIST;
			goto fail;
		}
		if (!held) {
			q = query_start(st, STMT_ROLE_INSERT);
			bind_int(&q, id);
			bind_text(&q, name);
			bind_text(&q, now);
			bind_text(&q, actor->name);
			if ((err = query_exec(&q)) != TDM_OK)
				goto fail;
		}
		q = query_start(st, STMT_ROLE_SCOPE_INSERT);
		bind_int(&q, id);
		bind_text(&q, name);
		bind_int(&q, p.id);
		bind_text(&q, now);
		bind_text(&q, actor->name);
		if ((err = query_exec(&q)) == TDM_EINVAL) {
			tdm_diag_add(d, NULL, 0, 0, "%s already holds the %s "
			    "role for this programme", matricule, name);
			err = TDM_EEXIST;
		}
		if (err != TDM_OK)
			goto fail;
	} else {
		q = query_start(st, STMT_ROLE_SCOPE_DELETE);
		bind_int(&q, id);
		bind_text(&q, name);
		bind_int(&q, p.id);
		if ((err = query_exec(&q)) != TDM_OK)
			goto fail;
		if (store_changes(st) == 0) {
			tdm_diag_add(d, NULL, 0, 0, "%s does not hold the %s "
			    "role for this programme alone%s", matricule, name,
			    held ? " (they hold it for every programme)" : "");
			err = TDM_ENOENT;
			goto fail;
		}
		/* The last programme gone, the role goes: never wider. */
		if (scopes == 1) {
			q = query_start(st, STMT_ROLE_DELETE);
			bind_int(&q, id);
			bind_text(&q, name);
			if ((err = query_exec(&q)) != TDM_OK)
				goto fail;
		}
	}
	snprintf(pid, sizeof(pid), "%lld", (long long)p.id);
	if ((err = audit_append(st, actor, grant ? "role.grant" :
	    "role.revoke", "employee", matricule, "%s programme %s", name,
	    pid)) != TDM_OK || (err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	return err;
}

enum tdm_err
tdm_role_grant_for(struct tdm_store *st, const struct tdm_actor *actor,
    const char *matricule, enum tdm_role role, const char *programme,
    struct tdm_diags *d)
{
	return change_for(st, actor, matricule, role, programme, 1, d);
}

enum tdm_err
tdm_role_revoke_for(struct tdm_store *st, const struct tdm_actor *actor,
    const char *matricule, enum tdm_role role, const char *programme,
    struct tdm_diags *d)
{
	return change_for(st, actor, matricule, role, programme, 0, d);
}

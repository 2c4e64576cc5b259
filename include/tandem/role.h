/*
 * Who acts, and what their roles allow.
 *
 * Every operation that changes a programme names its actor.  The actor is
 * an employee of the roster holding roles (programme manager, sponsor,
 * admin), or the local system operator: whoever runs the tool on the
 * database file without saying who they are, who may administer roles and
 * the roster but may not manage, approve or enrol anyone.  The table of
 * which role may do what lives in role.c and is checked by the library
 * before any write, so that no front-end can forget it.
 */
#ifndef TANDEM_ROLE_H
#define TANDEM_ROLE_H

#include <stdint.h>

#include "tandem/diag.h"
#include "tandem/error.h"

struct tdm_store;

enum tdm_role {
	TDM_ROLE_ADMIN,		/* grants and revokes roles */
	TDM_ROLE_MANAGER,	/* programme manager (HR, L&D) */
	TDM_ROLE_SPONSOR,	/* member of management who approves */
	TDM_ROLE__MAX
};

/* "admin", "manager", "sponsor"; NULL if out of range. */
const char	*tdm_role_name(enum tdm_role);
/* Returns 0 and the role, or -1 if the name is unknown. */
int		 tdm_role_parse(const char *, enum tdm_role *);

#define TDM_SCOPES_MAX	32	/* programmes an actor's roles are scoped to */

struct tdm_actor {
	int64_t		 employee_id;	/* 0: the system operator */
	char		 name[64];	/* matricule, or "system" */
	unsigned	 roles;		/* bit (1 << enum tdm_role) per role */
	int64_t		 coach_id;	/* an external coach signed in; then
					   employee_id is 0 and roles none */
	/*
	 * Roles scoped to programmes (issue 14): a role whose bit is in
	 * scoped counts only on the programmes of scopes[] naming it.
	 */
	unsigned	 scoped;
	size_t		 nscopes;
	struct tdm_actor_scope {
		int64_t	 programme;
		unsigned roles;
	}		 scopes[TDM_SCOPES_MAX];
};

/* The local system operator: an admin who is nobody in the roster. */
void		 tdm_actor_system(struct tdm_actor *);

/*
 * The employee with this matricule as an actor, with their roles.
 * TDM_ENOENT (with a diagnostic) if there is no such active employee.
 */
enum tdm_err	 tdm_actor_load(struct tdm_store *, const char *matricule,
		    struct tdm_actor *, struct tdm_diags *);

/*
 * Grant or revoke a role.  Only an admin may; the system operator is
 * one, so the first admin is granted by whoever holds the database.
 * Granting a role held, or revoking one not held, is TDM_EEXIST /
 * TDM_ENOENT.  Audited.
 */
enum tdm_err	 tdm_role_grant(struct tdm_store *, const struct tdm_actor *,
		    const char *matricule, enum tdm_role, struct tdm_diags *);
enum tdm_err	 tdm_role_revoke(struct tdm_store *, const struct tdm_actor *,
		    const char *matricule, enum tdm_role, struct tdm_diags *);

/*
 * The same for one programme (issue 14): a programme manager or sponsor
 * role held for that programme only, added to the programmes it holds
 * already.  Granting it for a programme to someone who holds it for all
 * is TDM_EEXIST (revoke first); the admin role is never scoped
 * (TDM_EINVAL).  Revoking it for the last of its programmes revokes the
 * role; tdm_role_revoke() revokes it for every programme.  Audited.
 */
enum tdm_err	 tdm_role_grant_for(struct tdm_store *,
		    const struct tdm_actor *, const char *matricule,
		    enum tdm_role, const char *programme, struct tdm_diags *);
enum tdm_err	 tdm_role_revoke_for(struct tdm_store *,
		    const struct tdm_actor *, const char *matricule,
		    enum tdm_role, const char *programme, struct tdm_diags *);

/* The roles the actor holds on a programme, its scopes applied. */
unsigned	 tdm_actor_roles_on(const struct tdm_actor *, int64_t programme);

/*
 * What an actor may read.  TDM_OK if the actor may see this part of the
 * programme: a programme manager everything; a sponsor the programme,
 * its charter and its aggregate report; the programme's coach its
 * enrolments, pairs, sessions and tandems at risk (never a private
 * text, which no listing carries); anyone their own enrolment, pairs
 * and sessions (member set to their matricule); the roster an admin or
 * a programme manager.  Otherwise TDM_EPERM
 * with a diagnostic.
 */
enum tdm_view {
	TDM_VIEW_PROGRAMME,	/* its design: everyone once the charter
				   is published, staff before */
	TDM_VIEW_ENROLMENTS,
	TDM_VIEW_PAIRS,
	TDM_VIEW_SESSIONS,
	TDM_VIEW_RISKS,
	TDM_VIEW_HISTORY,	/* its transitions and their notes: staff */
	TDM_VIEW_ROSTER,	/* the employees: admin or manager; no
				   programme (NULL) */
	TDM_VIEW__MAX
};
enum tdm_err	 tdm_may_view(struct tdm_store *, const struct tdm_actor *,
		    const char *programme, enum tdm_view, const char *member,
		    struct tdm_diags *);

struct tdm_role_grant {
	const char	*matricule;
	const char	*first_name;
	const char	*last_name;
	const char	*role;
	const char	*granted_at;
	const char	*granted_by;
	const char	*programmes;	/* "" for all, else their names,
					   comma-separated (issue 14) */
};

/* Call fn for each role held, by matricule then role. */
enum tdm_err	 tdm_role_each(struct tdm_store *,
		    int (*fn)(void *, const struct tdm_role_grant *),
		    void *arg);

#endif

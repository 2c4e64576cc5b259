/*
 * The permission and view-rule tables (perm.c), private to the library.
 */
#ifndef TANDEM_PERM_H
#define TANDEM_PERM_H

#include "tandem/role.h"

/* Operations that need a role; perm.c's perms[] says which. */
enum op {
	OP_ROLE_GRANT,
	OP_ROLE_REVOKE,
	OP_PROGRAMME_CREATE,
	OP_PROGRAMME_EDIT,
	OP_PROGRAMME_SUBMIT,
	OP_PROGRAMME_APPROVE,
	OP_PROGRAMME_RETURN,
	OP_PROGRAMME_OPEN,
	OP_PROGRAMME_MATCH,
	OP_PROGRAMME_START,
	OP_PROGRAMME_CLOSE,
	OP_TOPIC_ADD,
	OP_COACH_ADD,
	OP_ENROL_RECORD,
	OP_WITHDRAW_OTHER,
	OP_PAIR_REVIEW,
	OP_PAIR_ANSWER_OTHER,
	OP_SESSION_MANAGE,
	OP_REPORT_READ,
	OP_PERSON_EXPORT,
	OP_PERSON_ERASE,
	OP_PURGE,
	OP_AUDIT_READ,
	OP_ACCOUNT_INVITE,
	OP_ROSTER_IMPORT,
	OP_ROSTER_READ,
	/* Company sign-in (issue 14): a programme's invitations in bulk. */
	OP_PROGRAMME_INVITE,
	/* E-mail (mail_send.c). */
	OP_MAIL_READ,
	OP_MAIL_SEND,
	OP_PAIR_END_OTHER,	/* issue 12: ending someone else's tandem */
	OP__MAX
};


#define R(role) (1u << (role))

/* How much of a programme's part an actor reads. */
enum scope {
	SCOPE_NONE,	/* nothing: refuse with view_refuse() */
	SCOPE_OWN,	/* the rows where they are a member */
	SCOPE_ALL,
};

/* What a view rule asks of the store, gathered by the caller. */
struct view_facts {
	const char	*programme;	/* its name, for refusals */
	int		 published;	/* its charter is published */
	int		 coach;		/* the actor is its coach */
	int64_t		 id;		/* its id, for scoped roles (0:
					   none; issue 14) */
};

/*
 * TDM_OK if the actor's roles allow op; otherwise TDM_EPERM and a
 * diagnostic naming the act, the role needed and the actor.
 */
enum tdm_err	 authorize(const struct tdm_actor *, enum op,
		    struct tdm_diags *);

/*
 * The same on one programme (issue 14): the actor's roles scoped to
 * other programmes do not count.  Every act on a programme calls it once
 * the programme is found.
 */
enum tdm_err	 authorize_in(const struct tdm_actor *, enum op,
		    int64_t programme, struct tdm_diags *);
/* authorize_self() on one programme. */
enum tdm_err	 authorize_self_in(const struct tdm_actor *, int64_t employee,
		    enum op, int64_t programme, struct tdm_diags *);

/*
 * TDM_OK if the actor is the employee themself (an act of their own),
 * else as authorize() for op (an act on someone's behalf).
 */
enum tdm_err	 authorize_self(const struct tdm_actor *, int64_t employee,
		    enum op, struct tdm_diags *);

/* Whether the actor's roles allow op, as authorize() without a word. */
int		 permitted(const struct tdm_actor *, enum op);

/* Whether the actor is the system operator (no employee, no coach). */
int		 actor_is_system(const struct tdm_actor *);

/*
 * How much of view the actor reads, given the facts (NULL for a view of
 * no programme, such as the roster).
 */
enum scope	 view_scope(const struct tdm_actor *, enum tdm_view,
		    const struct view_facts *);

/* TDM_EPERM, with the diagnostic that names what is refused. */
enum tdm_err	 view_refuse(const struct tdm_actor *, enum tdm_view,
		    const struct view_facts *, struct tdm_diags *);

#endif

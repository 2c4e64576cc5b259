/*
 * The data layer: the lookups every domain module needs (a programme, an
 * employee, an enrolment) and the cascades several modules start (the
 * sessions a programme or a person leaves behind).  It sits on the store
 * and below the domain modules, which use it and never each other for
 * these, so that the library's modules depend on one another one way.
 *
 * A lookup that finds nothing is TDM_ENOENT with a diagnostic naming what
 * was looked for; a database that fails is its own error (TDM_EBUSY,
 * TDM_EFULL, ...) with no diagnostic, never "not found".
 */
#ifndef TANDEM_DATA_H
#define TANDEM_DATA_H

#include <stdint.h>

#include "tandem/diag.h"
#include "tandem/error.h"

struct tdm_store;

/* A programme as operations find it. */
struct programme_ref {
	int64_t	 id;
	char	 name[512];
	char	 state[16];	/* "draft", ... */
	int	 stateno;	/* the state's index in lifecycle.h */
	int	 charter_version;
};

/* A programme by name, or by id when ref is all digits. */
enum tdm_err	 programme_find(struct tdm_store *, const char *ref,
		    struct programme_ref *, struct tdm_diags *);

/*
 * The id that ref names when it is all digits, else -1 (no id): the
 * second parameter of STMT_PROGRAMME_FIND and STMT_PROGRAMME_SHOW.
 */
int64_t		 programme_ref_id(const char *ref);

/*
 * The store id of the employee with this matricule (with active set, of
 * one still active: a leaver is TDM_ENOENT, with a diagnostic that says
 * they left).
 */
enum tdm_err	 employee_find(struct tdm_store *, const char *matricule,
		    int active, int64_t *id, struct tdm_diags *);
/* employee_find's verdict on what a statement read (id 0: none). */
enum tdm_err	 employee_found(const char *matricule, int64_t *id,
		    int isactive, int active, struct tdm_diags *);

/*
 * The enrolment of a person in a programme (as role, unless NULL):
 * TDM_ENOENT naming them and the programme when there is none.
 */
enum tdm_err	 enrolment_find(struct tdm_store *,
		    const struct programme_ref *, const char *matricule,
		    const char *role, int64_t *id, struct tdm_diags *);

/* Whether a coach follows a programme, in *yes. */
enum tdm_err	 coach_follows(struct tdm_store *, int64_t programme,
		    int64_t coach, int *yes);

/*
 * Cancel the planned future sessions of an enrolment (a pair's mentor or
 * mentee, or a group's mentor), in the caller's transaction, recording
 * side as the cancelling one; how many, in *n unless n is NULL (the
 * store's count of changes is the tallies' afterwards).
 */
enum tdm_err	 session_cancel_future(struct tdm_store *, int64_t programme,
		    int64_t enrolment, const char *side, int64_t *n);

/*
 * Keep the session tallies (pair_tally) of a programme's pairs, in the
 * caller's transaction, after a write of sessions or a pair's answer:
 * those of the pairs of enrolment's mentor (enrolment itself, or the
 * mentor of the mentee enrolment), or every pair of the programme.
 */
enum tdm_err	 pair_tally_mentor(struct tdm_store *, int64_t programme,
		    int64_t enrolment);
enum tdm_err	 pair_tally_programme(struct tdm_store *, int64_t programme);

/* Cancel every planned session of a programme that closes. */
enum tdm_err	 session_cancel_programme(struct tdm_store *,
		    int64_t programme);

struct tdm_actor;

/*
 * End the accepted pair pair_id (a tandem) in the caller's transaction,
 * as actor, whom the caller has authorized (tdm_pair_end(): a member or
 * a programme manager; a roster import: who may import); reason,
 * private, is kept with the pair and shown to nobody.  The pair is over
 * for good (the matcher never proposes it again), its future sessions
 * are cancelled with their iCalendar SEQUENCE raised and no side named,
 * so that the partner learns only that the tandem ended, and the audit
 * log names the pair by id (entry "pair.end", actor's name).
 * TDM_ESTATE if the pair is not accepted or its programme is not open,
 * matched or running, TDM_EINVAL for a reason missing or longer than
 * 2000 bytes, TDM_ENOENT for no such pair, each with a diagnostic; on an
 * error the caller rolls back.
 */
enum tdm_err	 pair_end(struct tdm_store *, const struct tdm_actor *,
		    int64_t pair_id, const char *reason, struct tdm_diags *);

/*
 * End every accepted pair of enrolment (of programme) as pair_end()
 * does: a withdrawal, a leaver of the roster.
 */
enum tdm_err	 pair_end_all(struct tdm_store *, const struct tdm_actor *,
		    int64_t programme, int64_t enrolment, const char *reason,
		    struct tdm_diags *);

#endif

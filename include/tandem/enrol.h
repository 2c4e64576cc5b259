/*
 * Volunteers: enrolment in a programme, and withdrawal.
 *
 * Taking part is voluntary.  An enrolment is either the person's own act
 * (the actor is the person) or recorded by a programme manager, who must
 * then give a reference to the person's signed opt-in.  Either way it
 * records the charter version the person acknowledged.  Withdrawal is one
 * act, needs no reason, and is recorded; the person leaves matching, and
 * may volunteer again in the same programme while it takes volunteers.
 */
#ifndef TANDEM_ENROL_H
#define TANDEM_ENROL_H

#include <stdint.h>

#include "tandem/diag.h"
#include "tandem/error.h"
#include "tandem/role.h"

struct tdm_store;

/*
 * An enrolment.  topics: "code=LEVEL" for a mentor (the level offered),
 * "code=LEVEL:INTEREST" for a mentee (current level 0-4, interest 0-3,
 * default 2), comma-separated.  languages and site default to the
 * roster's.  availability: half-days "mon-am,tue-pm,...", "all" or NULL
 * (all).  capacity: mentees or group seats a mentor takes (default 1).
 */
struct tdm_enrol_spec {
	const char	*programme;
	const char	*employee;	/* matricule */
	const char	*role;		/* "mentor" or "mentee" */
	const char	*topics;
	const char	*languages;
	const char	*site;
	int		 remote;
	const char	*availability;
	int		 capacity;
	const char	*optin_ref;	/* required when recorded */
};

enum tdm_err	 tdm_enrol(struct tdm_store *, const struct tdm_actor *,
		    const struct tdm_enrol_spec *, struct tdm_diags *);

/*
 * A change to an enrolment: NULL strings, remote -1 and capacity 0 leave
 * a field as it is.  The person or a programme manager changes it while
 * the programme takes volunteers; once the person has a partner
 * (published or accepted pair), only the availability changes, which
 * future planning uses.  Someone who withdrew volunteers again with
 * tdm_enrol().
 */
struct tdm_enrol_change {
	const char	*programme;
	const char	*employee;	/* matricule */
	const char	*topics;	/* replaces them all */
	const char	*languages;
	const char	*site;
	int		 remote;
	const char	*availability;
	int		 capacity;
};

enum tdm_err	 tdm_enrol_change(struct tdm_store *,
		    const struct tdm_actor *, const struct tdm_enrol_change *,
		    struct tdm_diags *);

/* Withdraw, by the person themself or a programme manager. */
enum tdm_err	 tdm_withdraw(struct tdm_store *, const struct tdm_actor *,
		    const char *programme, const char *matricule,
		    struct tdm_diags *);

struct tdm_enrolment {
	const char	*matricule;
	const char	*first_name;
	const char	*last_name;
	const char	*generation;
	const char	*role;
	const char	*topics;	/* "code=level[:interest],..." */
	const char	*languages;
	const char	*site;
	int		 remote;
	const char	*availability;	/* "mon-am,..." */
	int		 capacity;
	int		 charter_version;
	const char	*optin;		/* "self" or "recorded" */
	const char	*optin_ref;
	const char	*enrolled_at;
	const char	*withdrawn_at;	/* "" if active */
};

#define TDM_LIST_WITHDRAWN 0x02	/* include those who withdrew */

/*
 * Call fn for the enrolments of a programme the actor may read: all of
 * them for its programme manager, its coach and the system operator;
 * their own for a participant; else TDM_EPERM.
 */
enum tdm_err	 tdm_enrolment_each(struct tdm_store *,
		    const struct tdm_actor *, const char *programme,
		    unsigned flags,
		    int (*fn)(void *, const struct tdm_enrolment *), void *arg,
		    struct tdm_diags *);

#endif

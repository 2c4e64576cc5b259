/*
 * The matcher: which volunteers may pair, how well, and the best pairing.
 *
 * A mentor and a mentee are compatible when the programme's direction
 * rule holds (generation: the mentor of a strictly later generation;
 * seniority: the mentor with less tenure or a lower grade; none), neither
 * is in the other's management chain up to the programme's depth (two
 * levels unless it says otherwise), they share a
 * language, they share a site unless both accept remote sessions, the
 * mentor's level beats the mentee's on a topic the mentee wants, and no
 * programme manager rejected the pair.  A compatible pair scores, term by
 * term: the topic gain (interest times the capped level gap), the
 * overlap of weekly availability, the same site, different departments,
 * and an optional bonus for inverting the hierarchy.  Age never enters
 * the score.
 *
 * The pairing matches as many mentees as possible and, among those, has
 * the highest total score, under the mentors' capacities; locked and
 * published pairs stay, rejected and declined ones never come back.  It
 * is computed exactly (solver.h) and certified by its dual.
 */
#ifndef TANDEM_MATCH_H
#define TANDEM_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "tandem/diag.h"
#include "tandem/error.h"
#include "tandem/role.h"

struct tdm_store;

/* The terms of a pair's score. */
struct tdm_score {
	int64_t		 total;
	int64_t		 topics;
	int64_t		 availability;
	int64_t		 site;
	int64_t		 department;
	int64_t		 inversion;
};

struct tdm_match_pair {
	const char	*mentor;	/* matricules */
	const char	*mentee;
	const char	*mentor_name;
	const char	*mentee_name;
	struct tdm_score score;
	const char	*explanation;	/* the terms, in words */
	const char	*focus;		/* topic code */
	int		 fixed;		/* locked or published: kept */
};

struct tdm_match_unmatched {
	const char	*mentee;
	const char	*name;
	const char	*reason;
	int		 compatible;	/* 0: no compatible mentor at all */
};

struct tdm_match_report {
	const char			*programme;
	size_t				 mentees;
	size_t				 mentors;
	size_t				 seats;
	size_t				 compatible_pairs;
	size_t				 matched;
	size_t				 proposed;	/* new, not kept */
	size_t				 no_partner;	/* nobody fits */
	size_t				 capacity;	/* all full */
	int64_t				 total_score;
	int				 certified;	/* the dual proves it */
	size_t				 blocking_pairs;
	double				 seconds;	/* computing only */
	/*
	 * Where the time went, step by step, for the benchmarks: "load
	 * 0.05/0.05 pass 0.12/0.12 ..." (CPU/wall seconds of each step,
	 * counts where they help); the CLI shows it on standard error
	 * when TANDEM_MATCH_CLOCKS is set.
	 */
	const char			*clocks;
	struct tdm_match_pair		*pairs;
	size_t				 npairs;
	struct tdm_match_unmatched	*unmatched;
	size_t				 nunmatched;
	void				*priv;		/* storage */
};

/*
 * Match a programme's volunteers (the actor must be a programme manager;
 * the programme open or matched).  Unless dry_run, the proposed pairs
 * replace the previous proposal, locked ones excepted.  On TDM_OK *out is
 * the caller's, to free with tdm_match_report_free(); pairs are ordered
 * by mentor, then mentee.
 */
enum tdm_err	 tdm_match(struct tdm_store *, const struct tdm_actor *,
		    const char *programme, int dry_run,
		    struct tdm_match_report **out, struct tdm_diags *);
void		 tdm_match_report_free(struct tdm_match_report *);

/*
 * The review of pairs.  lock keeps the mentee's proposed pair through
 * re-runs; reject removes the pair of a mentor and a mentee for good;
 * publish makes every proposed pair visible to its two members and moves
 * the programme to matched (manager).  accept and decline are the answer
 * of member, the mentor or the mentee of the published pair (given by
 * the member, or by a manager on their behalf); both accepting makes the
 * pair accepted; a decline frees both and the pair never comes back; its
 * note is private.
 */
enum tdm_err	 tdm_pair_lock(struct tdm_store *, const struct tdm_actor *,
		    const char *programme, const char *mentee, int lock,
		    struct tdm_diags *);
enum tdm_err	 tdm_pair_reject(struct tdm_store *, const struct tdm_actor *,
		    const char *programme, const char *mentor,
		    const char *mentee, struct tdm_diags *);
enum tdm_err	 tdm_pair_publish(struct tdm_store *, const struct tdm_actor *,
		    const char *programme, size_t *published,
		    struct tdm_diags *);
enum tdm_err	 tdm_pair_answer(struct tdm_store *, const struct tdm_actor *,
		    const char *programme, const char *mentor,
		    const char *mentee, const char *member, int accept,
		    const char *note, struct tdm_diags *);

/*
 * End the accepted pair of mentor and mentee (a tandem), as one of them
 * or as a programme manager, with a private reason: the pair is over for
 * good, its future sessions are cancelled (iCalendar CANCEL, SEQUENCE
 * raised) and the partner is told only that the tandem ended.  Both go
 * to the waiting list (tdm_pair_waiting_each()).
 */
enum tdm_err	 tdm_pair_end(struct tdm_store *, const struct tdm_actor *,
		    const char *programme, const char *mentor,
		    const char *mentee, const char *reason,
		    struct tdm_diags *);

/* A volunteer waiting for a partner. */
struct tdm_waiting {
	const char	*role;		/* "mentor" or "mentee" */
	const char	*matricule;
	const char	*name;
	const char	*why;		/* "not matched yet", "partner
					   withdrew", "tandem ended" */
};

/*
 * Call fn for each volunteer of a programme still enrolled with no live
 * partner, by role then matricule, as the view rule of pairs lets the
 * actor read them (a volunteer: their own row, if they are waiting).
 */
enum tdm_err	 tdm_pair_waiting_each(struct tdm_store *,
		    const struct tdm_actor *, const char *programme,
		    int (*)(void *, const struct tdm_waiting *), void *,
		    struct tdm_diags *);
/*
 * Whether the actor themself is on that list (*waits 1), reading their
 * own row only: for their home, where a manager's reading every
 * volunteer of every programme cost a walk of the whole list.
 */
enum tdm_err	 tdm_pair_waiting_mine(struct tdm_store *,
		    const struct tdm_actor *, const char *programme,
		    int *waits, struct tdm_diags *);

struct tdm_pair {
	const char	*mentor;
	const char	*mentor_name;
	const char	*mentee;
	const char	*mentee_name;
	const char	*state;
	int		 locked;
	int64_t		 score;
	const char	*terms;
	const char	*focus;
	const char	*mentor_answer;	/* "" if none yet */
	const char	*mentee_answer;
	int		 ended;		/* one of them withdrew or ended it
					   (state "ended"): the tandem is
					   over (who, the other is not told) */
	const char	*answer_by;	/* a published pair's deadline, UTC
					   "yyyy-mm-ddThh:mm:ssZ"; "" none */
};

/*
 * Call fn for each pair of a programme (declined ones included) that the
 * actor may read: every pair for its programme managers and its coach
 * (and the system operator), and otherwise the actor's own pairs, from
 * their publication on, never a manager's draft.  own asks for the
 * actor's own pairs only, even of a reader of all of them.  TDM_EPERM
 * for an actor who may read none.  fn returning non-zero stops the
 * listing.
 */
enum tdm_err	 tdm_pair_each(struct tdm_store *, const struct tdm_actor *,
		    const char *programme, int own,
		    int (*fn)(void *, const struct tdm_pair *), void *arg,
		    struct tdm_diags *);

#endif

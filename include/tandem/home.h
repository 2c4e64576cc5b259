/*
 * What a person's home shows of their own part in a programme (issue
 * 15): their partner as a card, whether they rated a session, whether
 * they answered the closing survey.  Every read is the actor's own:
 * nobody reads another person's partner or rating through these.
 */
#ifndef TANDEM_HOME_H
#define TANDEM_HOME_H

#include <stdint.h>
#include <time.h>

#include "tandem/diag.h"
#include "tandem/error.h"
#include "tandem/role.h"

struct tdm_store;

/* The other member of one of the actor's pairs. */
struct tdm_partner {
	const char	*matricule;
	const char	*first_name;
	const char	*last_name;
	const char	*role;		/* the partner's: mentor or mentee */
	const char	*state;		/* the pair's: published, accepted */
	const char	*answer;	/* the actor's: "", accepted */
	const char	*job_title;
	const char	*department;
	const char	*site;		/* where they said they meet */
	int		 remote;
	const char	*email;		/* "" until both accepted */
	const char	*topics_fr;	/* the topics both named, ", " */
	const char	*topics_en;
	const char	*halfdays;	/* both free: "mon-am,thu-pm" */
	const char	*answer_by;	/* a published pair's deadline, UTC
					   "yyyy-mm-ddThh:mm:ssZ"; "" none */
};

/*
 * Call fn for the other member of each of the actor's pairs in the
 * programme, once the pair is published and while neither withdrew.
 * The e-mail address is given only once the pair is accepted.
 */
enum tdm_err	 tdm_partner_each(struct tdm_store *,
		    const struct tdm_actor *, const char *programme,
		    int (*fn)(void *, const struct tdm_partner *), void *arg,
		    struct tdm_diags *);

/* The actor's own rating of a session in *rating, 0 when none. */
enum tdm_err	 tdm_feedback_mine(struct tdm_store *,
		    const struct tdm_actor *, int64_t session, int *rating);

/* The actor's own role in the programme, "" when not enrolled. */
enum tdm_err	 tdm_enrolment_mine(struct tdm_store *,
		    const struct tdm_actor *, const char *programme,
		    char role[8]);

/* Whether the actor answered the programme's closing survey. */
enum tdm_err	 tdm_survey_mine(struct tdm_store *, const struct tdm_actor *,
		    const char *programme, int *answered);

/*
 * A programme's figures, as counts only (issue 15): for its programme
 * managers, its sponsors and its coach; TDM_EPERM for anyone else.
 * "This month" and "now" are those of now (UTC).
 */
struct tdm_figures {
	int	 mentors, mentees;	/* volunteers still enrolled */
	int	 pairs;			/* accepted, both still there */
	int	 answers;		/* published, an answer missing */
	int	 held_month;		/* sessions held this month */
	int	 to_confirm;		/* planned, their date gone by */
	int	 to_come;		/* planned, to come */
	int	 cancelled;
	int	 at_risk;		/* tandems at risk */
	int	 waiting;		/* volunteers in no live pair */
	int	 held;			/* sessions held, in all */
};

#define TDM_FIGURES_RISKS 0x01	/* count the tandems at risk too (the
				   costliest count: a page that lists
				   them counts them itself) */
enum tdm_err	 tdm_programme_figures(struct tdm_store *,
		    const struct tdm_actor *, const char *programme,
		    time_t now, unsigned flags, struct tdm_figures *,
		    struct tdm_diags *);

/* A tandem the coach follows, with the coach's own note. */
struct tdm_coach_tandem {
	const char	*mentor;
	const char	*mentor_name;
	const char	*mentor_email;
	const char	*mentee;
	const char	*mentee_name;
	const char	*mentee_email;
	const char	*note;		/* "" when none */
	const char	*followed_at;	/* UTC, "" when not followed up */
	const char	*updated_at;	/* "" when never written */
	/*
	 * Why it is at risk, a catalogue format as tdm_watch()'s reasons;
	 * NULL when it is not.  Only tdm_coach_tandem_page() sets it.
	 */
	const char	*risk;
};

/*
 * Call fn for each accepted tandem of the programme, with the actor's
 * private note: for the programme's coach only (TDM_EPERM otherwise).
 */
enum tdm_err	 tdm_coach_tandem_each(struct tdm_store *,
		    const struct tdm_actor *, const char *programme,
		    int (*fn)(void *, const struct tdm_coach_tandem *),
		    void *arg, struct tdm_diags *);

/*
 * One page of those tandems, cut by the store in one statement (issue
 * 15): those at risk first, with their reason (none once the programme
 * is closed), then the others, each in their members' order; pg->skip
 * passed over and at most pg->limit given to fn; with pg->count set,
 * pg->total is how many tandems there are.  Numbered pages only
 * (pg->after is not read).  The people of the rows at risk given are
 * recorded as read, as tdm_watch_page() records them.  The same
 * refusals as tdm_coach_tandem_each().
 */
struct tdm_page;
enum tdm_err	 tdm_coach_tandem_page(struct tdm_store *,
		    const struct tdm_actor *, const char *programme,
		    struct tdm_page *,
		    int (*fn)(void *, const struct tdm_coach_tandem *),
		    void *arg, struct tdm_diags *);

/*
 * The programme's coach writes their private note on the tandem of
 * mentor and mentee (up to 2,000 characters) and marks it followed up
 * or not.  Audited without the note's text.
 */
enum tdm_err	 tdm_coach_note(struct tdm_store *, const struct tdm_actor *,
		    const char *programme, const char *mentor,
		    const char *mentee, const char *note, int followed,
		    struct tdm_diags *);

#endif

/*
 * The surveys that measure both sides (issue 16): at the close, a
 * member says whether they would recommend the programme; a mentee
 * gives their levels per topic again and ticks a checklist of changed
 * practice; a mentor gives their confidence in teaching a senior and in
 * giving feedback upwards, and the topics they taught.  Ninety days
 * after the programme closes, the follow-up asks the mentees their
 * levels and the checklist again, and the mentors their confidence.
 *
 * Each survey is answered once per member, by the member or by a
 * programme manager on their behalf; an answer is never changed.
 */
#ifndef TANDEM_SURVEY_H
#define TANDEM_SURVEY_H

#include <stdint.h>

#include "tandem/diag.h"
#include "tandem/error.h"
#include "tandem/role.h"

struct tdm_store;

/* Days between the close of a programme and its follow-up survey. */
#define TDM_FOLLOWUP_DAYS 90

enum tdm_survey_stage {
	TDM_SURVEY_CLOSING,
	TDM_SURVEY_FOLLOWUP,
};

/*
 * One answer.  Unset numbers are 0 (a confidence is 1 to 5); unset
 * texts NULL.  Lists: levels "code=LEVEL,..." (0 to 4), practices and
 * taught "code,code".
 */
struct tdm_survey_answer {
	enum tdm_survey_stage	 stage;
	int			 recommend;	/* closing: 0 or 1 */
	const char		*changed;	/* closing: private text */
	const char		*levels;	/* mentees (and, at the
						   close, mentors) */
	const char		*practices;	/* mentees: the checklist */
	int			 teach;		/* mentors: 1 to 5 */
	int			 upward;	/* mentors: 1 to 5 */
	const char		*taught;	/* mentors, closing */
};

/*
 * Record member's answer to the survey of the stage.  The closing
 * survey needs the programme running or closed; the follow-up, closed
 * since TDM_FOLLOWUP_DAYS days.  Writes nothing on a refusal.
 */
enum tdm_err	 tdm_survey_answer(struct tdm_store *,
		    const struct tdm_actor *, const char *programme,
		    const char *member, const struct tdm_survey_answer *,
		    struct tdm_diags *);

/* Where member stands with the surveys of a programme. */
struct tdm_survey_status {
	char	 role[8];		/* "mentor" or "mentee" */
	int	 closing_open;		/* the programme running or closed */
	int	 closing_done;
	int	 recommend;
	char	 changed[2048];
	int	 teach, upward;		/* the mentor's closing answers */
	char	 closed_on[11];		/* yyyy-mm-dd, or "" */
	char	 followup_on[11];	/* the day the follow-up opens */
	int	 followup_open;
	int	 followup_done;
	int	 followup_teach, followup_upward;
};

/* A topic of the programme, with member's levels (-1: not given). */
struct tdm_survey_topic {
	const char	*code, *label_fr, *label_en;
	int		 enrolled;	/* level at enrolment, -1 if none */
	int		 interest;	/* a mentee's interest, 0 to 3 */
	int		 closing, followup;
	int		 taught;	/* a mentor taught it */
};

/* An item of the checklist, ticked at the close, at the follow-up. */
struct tdm_survey_item {
	const char	*code, *topic, *label_fr, *label_en;
	int		 closing, followup;
};

/*
 * Member's surveys in a programme: the status, then each topic and each
 * checklist item of the programme through the callbacks (either may be
 * NULL; a callback's non-zero return stops).  Only the member reads
 * their own answers.
 */
enum tdm_err	 tdm_survey_show(struct tdm_store *,
		    const struct tdm_actor *, const char *programme,
		    const char *member, struct tdm_survey_status *,
		    int (*topic)(void *, const struct tdm_survey_topic *),
		    int (*item)(void *, const struct tdm_survey_item *),
		    void *arg, struct tdm_diags *);

#endif

/*
 * Sessions: planned from a programme's cadence for its accepted pairs
 * (or, in group formats, its mentors' groups), moved, cancelled (which
 * side cancelled, and why, privately), held (with attendance), and the
 * feedback and closing survey that show whether the programme works; the
 * calendar invitations of sessions; and the pairs at risk.
 *
 * Acts on a session are the programme manager's or a member's of the
 * session; a member who cancels is recorded as their side.  Times are
 * UTC in the API; planning and the calendar use Paris wall-clock time.
 */
#ifndef TANDEM_SESSION_H
#define TANDEM_SESSION_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "tandem/diag.h"
#include "tandem/error.h"
#include "tandem/role.h"
#include "tandem/strbuf.h"

struct tdm_store;

/*
 * Plan the sessions of every accepted pair (or group) that has none:
 * the programme's number of sessions, every cadence days from start
 * (yyyy-mm-dd; NULL: the programme's start date, or the first working
 * day after today if that has passed), a weekend moving to the Monday,
 * at the programme's session time in Paris.  Manager only; the programme
 * matched or running.  The number planned goes to *planned.
 */
enum tdm_err	 tdm_session_plan(struct tdm_store *, const struct tdm_actor *,
		    const char *programme, const char *start, size_t *planned,
		    struct tdm_diags *);

/*
 * A pair (or a group, mentee_name "") that the last planning left short
 * of its cadence: placed of wanted sessions, because the members offer
 * no common half-day (no_common) or because their common half-days
 * (halfdays, Monday morning bit 0) leave no more room before the end.
 */
struct tdm_shortfall {
	const char	*mentor_name;
	const char	*mentee_name;
	int		 placed;
	int		 wanted;
	int		 no_common;
	unsigned	 halfdays;
	const char	*planned_at;
};

/*
 * Call fn for each shortfall of the programme's last planning, for those
 * who read all its pairs (nothing for a participant).  TDM_EPERM for an
 * actor who may read none.
 */
enum tdm_err	 tdm_plan_shortfall_each(struct tdm_store *,
		    const struct tdm_actor *, const char *programme,
		    int (*)(void *, const struct tdm_shortfall *), void *,
		    struct tdm_diags *);

/* An extra session of a pair (mentee) or of a mentor's group (NULL). */
enum tdm_err	 tdm_session_add(struct tdm_store *, const struct tdm_actor *,
		    const char *programme, const char *mentor,
		    const char *mentee, time_t start, int64_t *id,
		    struct tdm_diags *);

enum tdm_err	 tdm_session_move(struct tdm_store *, const struct tdm_actor *,
		    int64_t id, time_t start, struct tdm_diags *);

/*
 * Cancel a planned session.  by is "mentor", "mentee" or "manager"; NULL
 * takes the actor's side (a member) or "manager".  reason is private.
 */
enum tdm_err	 tdm_session_cancel(struct tdm_store *,
		    const struct tdm_actor *, int64_t id, const char *by,
		    const char *reason, struct tdm_diags *);

/* Mark a session held; absent lists the matricules who did not come. */
enum tdm_err	 tdm_session_held(struct tdm_store *, const struct tdm_actor *,
		    int64_t id, const char *absent, struct tdm_diags *);

/*
 * A participant's rating (1 to 5) of a held session they attended, and
 * a private comment; member gives it (the member themself, or a manager
 * on their behalf).
 */
enum tdm_err	 tdm_feedback(struct tdm_store *, const struct tdm_actor *,
		    int64_t session, const char *member, int rating,
		    const char *comment, struct tdm_diags *);

/*
 * The closing survey: would the member recommend the programme, what
 * changed in their practice (private), and their levels now
 * ("code=LEVEL,...").  Once per member; the programme running or closed.
 */
enum tdm_err	 tdm_survey(struct tdm_store *, const struct tdm_actor *,
		    const char *programme, const char *member, int recommend,
		    const char *changed, const char *levels,
		    struct tdm_diags *);

struct tdm_session {
	int64_t		 id;
	const char	*mentor;
	const char	*mentor_name;
	const char	*mentee;	/* "" for a group session */
	const char	*mentee_name;	/* "" for a group session */
	int		 seq;
	time_t		 start;
	int		 minutes;
	const char	*state;		/* planned, held, cancelled */
	const char	*cancelled_by;	/* "" unless cancelled */
	int		 sequence;
	const char	*uid;
};

/*
 * Call fn for each session of a programme that the actor reads (the view
 * rule TDM_VIEW_SESSIONS): all of them for its manager, its coach and
 * the system operator, of one member if not NULL; a participant's own
 * only, and TDM_EPERM if they name another member.
 */
enum tdm_err	 tdm_session_each(struct tdm_store *,
		    const struct tdm_actor *, const char *programme,
		    const char *member,
		    int (*fn)(void *, const struct tdm_session *), void *arg,
		    struct tdm_diags *);

/*
 * TDM_OK if the actor may see session id: one of its people, or one who
 * reads all the sessions of its programme; TDM_EPERM or TDM_ENOENT with
 * a diagnostic otherwise.
 */
enum tdm_err	 tdm_may_view_session(struct tdm_store *,
		    const struct tdm_actor *, int64_t id, struct tdm_diags *);

/*
 * The calendar: one session as an invitation (or a cancellation, once
 * cancelled), for an actor who may see it (tdm_may_view_session); or the
 * feed of the sessions tdm_session_each() gives the actor, of one member
 * if not NULL; appended to out.
 */
enum tdm_err	 tdm_ical_session(struct tdm_store *,
		    const struct tdm_actor *, int64_t id, struct tdm_buf *out,
		    struct tdm_diags *);
enum tdm_err	 tdm_ical_feed(struct tdm_store *, const struct tdm_actor *,
		    const char *programme, const char *member,
		    struct tdm_buf *out, struct tdm_diags *);

struct tdm_risk {
	const char	*mentor;
	const char	*mentor_name;
	const char	*mentee;
	const char	*mentee_name;
	const char	*reason;
	/* The two employees' row ids (0: none), for the library's records. */
	int64_t		 mentor_employee, mentee_employee;
};

/*
 * The pairs at risk: no session held for the programme's risk days, two
 * or more cancellations by the same side, a declined pair or a partner
 * who withdrew.  For those who read all of the programme's tandems at
 * risk (TDM_VIEW_RISKS: its manager, its coach, the system operator);
 * anyone else, a participant too, is refused with TDM_EPERM.
 */
enum tdm_err	 tdm_watch(struct tdm_store *, const struct tdm_actor *,
		    const char *programme,
		    int (*fn)(void *, const struct tdm_risk *), void *arg,
		    struct tdm_diags *);

/*
 * One page of tdm_watch(), cut by the store (issue 15): the same rows in
 * the same order, pg->skip passed over and at most pg->limit given to fn;
 * with pg->count set, pg->total is how many there are in all.  Numbered
 * pages only: pg->after is not read and pg->next is left empty.  Only
 * the people of the rows given are recorded as read.  The same refusals
 * as tdm_watch().
 */
struct tdm_page;
enum tdm_err	 tdm_watch_page(struct tdm_store *,
		    const struct tdm_actor *, const char *programme,
		    struct tdm_page *,
		    int (*fn)(void *, const struct tdm_risk *), void *arg,
		    struct tdm_diags *);

/*
 * Paris wall-clock time: "yyyy-mm-dd hh:mm" to UTC (returns 0, -1 if it
 * is not such a time, -2 if it is but the clocks skip it in Paris, as
 * 02:30 on the last Sunday of March), and UTC to "dd/mm/yyyy hh:mm".
 */
int		 tdm_paris_parse(const char *, time_t *);
void		 tdm_paris_format(time_t, char buf[17]);

/*
 * The company's closure days (yyyy-mm-dd), on which no session is
 * planned, added or moved: added and removed by a programme manager (a
 * label is optional, up to 100 characters), read by anyone.
 */
enum tdm_err	 tdm_closure_add(struct tdm_store *, const struct tdm_actor *,
		    const char *day, const char *label, struct tdm_diags *);
enum tdm_err	 tdm_closure_remove(struct tdm_store *,
		    const struct tdm_actor *, const char *day,
		    struct tdm_diags *);
enum tdm_err	 tdm_closure_each(struct tdm_store *, const struct tdm_actor *,
		    int (*fn)(void *, const char *day, const char *label),
		    void *arg, struct tdm_diags *);

/*
 * Another time for session id, checked as the planner's (programme dates,
 * working day, every member's half-days, no member elsewhere then).  A
 * member of a pair, or a mentee of a group, proposes it to the other
 * side, who agrees or declines (tdm_session_answer); a programme
 * manager's, or a group's mentor's, applies at once (*applied set).  A
 * planned session moves; a cancelled one is replaced by a new session of
 * its tandem (its number in *newid), once.
 */
enum tdm_err	 tdm_session_propose(struct tdm_store *,
		    const struct tdm_actor *, int64_t id, time_t start,
		    int *applied, int64_t *newid, struct tdm_diags *);
enum tdm_err	 tdm_session_answer(struct tdm_store *,
		    const struct tdm_actor *, int64_t id, int agree,
		    int64_t *newid, struct tdm_diags *);
/* The open proposal of a session one may read: *start 0 if none; by is
 * "mentor" or "mentee". */
enum tdm_err	 tdm_session_proposal(struct tdm_store *,
		    const struct tdm_actor *, int64_t id, time_t *start,
		    char by[8], struct tdm_diags *);

/*
 * Where and how sessions take place (issue 12): a place and a video link
 * for a programme (mentor and mentee NULL: the manager's), or for one
 * accepted pair (a member's or the manager's), which the pair's
 * invitations carry (LOCATION; the link in DESCRIPTION and URL).  Empty
 * strings clear them.
 */
enum tdm_err	 tdm_session_where(struct tdm_store *, const struct tdm_actor *,
		    const char *programme, const char *mentor,
		    const char *mentee, const char *place, const char *link,
		    struct tdm_diags *);
/*
 * Discreet invitations: a private event with the neutral summary
 * "Rendez-vous".  For a programme (the manager's), mode "off", "senior"
 * (the default: when a member holds one of the top grades, or the pair
 * asked) or "all"; for a pair (a member's request), "on" or "off".
 */
enum tdm_err	 tdm_session_discreet(struct tdm_store *,
		    const struct tdm_actor *, const char *programme,
		    const char *mentor, const char *mentee, const char *mode,
		    struct tdm_diags *);

/* A programme's place, link and discretion mode, as set. */
#define TDM_PLACE_SIZE	808	/* 200 characters of up to 4 bytes */
#define TDM_LINK_SIZE	504
enum tdm_err	 tdm_session_where_get(struct tdm_store *,
		    const struct tdm_actor *, const char *programme,
		    char place[TDM_PLACE_SIZE], char link[TDM_LINK_SIZE],
		    char mode[8], struct tdm_diags *);

#endif

/*
 * A pair's life after the matcher proposed it (match.h): a programme
 * manager locks, unlocks or rejects proposed pairs and publishes them;
 * each member then accepts or declines; and the pairs are listed, as the
 * view rule lets the reader see them.  The matcher itself (match.c)
 * replaces the proposed pairs and never touches the others.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/lists.h"
#include "tandem/match.h"
#include "tandem/programme.h"
#include "internal.h"
#include "outbox.h"

/* A pair as the review finds it. */
struct found_pair {
	int64_t	 id;
	char	 state[16];
	int	 locked;
	int64_t	 mentor, mentee;	/* enrolment ids */
	char	 mentor_answer[16], mentee_answer[16];
};

/*
 * The latest live pair of a mentee (with this mentor, if not NULL);
 * TDM_ENOENT with a diagnostic if there is none.
 */
static enum tdm_err
find_pair(struct tdm_store *st, const struct programme_ref *p,
    const char *mentor, const char *mentee, struct found_pair *fp,
    struct tdm_diags *d)
{
	struct query	 q;
	enum tdm_err	 err;
	int64_t		 e, r = 0;
	int		 found;

	if ((err = employee_find(st, mentee, 0, &e, d)) != TDM_OK ||
	    (mentor != NULL && (err = employee_find(st, mentor, 0, &r, d)) !=
	    TDM_OK))
		return err;
	q = query_start(st, STMT_PAIR_FIND);
	bind_int(&q, p->id);
	bind_int(&q, e);
	bind_int(&q, r);
	if ((found = query_row(&q))) {
		fp->id = col_int(&q);
		snprintf(fp->state, sizeof(fp->state), "%s", col_text(&q));
		fp->locked = (int)col_int(&q);
		fp->mentor = col_int(&q);
		fp->mentee = col_int(&q);
		snprintf(fp->mentor_answer, sizeof(fp->mentor_answer), "%s",
		    col_text(&q));
		snprintf(fp->mentee_answer, sizeof(fp->mentee_answer), "%s",
		    col_text(&q));
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if (found)
		return TDM_OK;
	if (mentor != NULL)
		tdm_diag_add(d, NULL, 0, 0, "%s and %s are not a pair in "
		    "\"%s\"", mentor, mentee, p->name);
	else
		tdm_diag_add(d, NULL, 0, 0, "%s has no pair in \"%s\"; run "
		    "\"tandem match\" first", mentee, p->name);
	return TDM_ENOENT;
}

/*
 * Record that the pair of these enrolments never comes back, rejected
 * (or declined) by who at now.
 */
static enum tdm_err
reject(struct tdm_store *st, const struct programme_ref *p, int64_t mentor,
    int64_t mentee, const char *who, const char *now)
{
	struct query	 q = query_start(st, STMT_PAIR_REJECT);

	bind_int(&q, p->id);
	bind_int(&q, mentor);
	bind_int(&q, mentee);
	bind_text(&q, who);
	bind_text(&q, now);
	return query_exec(&q);
}

/* Open a review act: role, transaction, programme open or matched. */
static enum tdm_err
review_begin(struct tdm_store *st, const struct tdm_actor *actor,
    enum op op, const char *ref, struct programme_ref *p,
    struct tdm_diags *d)
{
	enum tdm_err	 err;

	if (op != OP__MAX && (err = authorize(actor, op, d)) != TDM_OK)
		return err;
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = programme_find(st, ref, p, d)) != TDM_OK ||
	    (op != OP__MAX && (err = authorize_in(actor, op, p->id, d)) !=
	    TDM_OK)) {
		store_rollback(st);
		return err;
	}
	if (!(tdm_programme_live(p->state) & TDM_LIVE_PAIRS)) {
		tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" is %s: its pairs "
		    "cannot change", p->name, p->state);
		store_rollback(st);
		return TDM_ESTATE;
	}
	return TDM_OK;
}

static enum tdm_err
review_end(struct tdm_store *st, enum tdm_err err)
{
	if (err == TDM_OK && (err = store_commit(st)) == TDM_OK)
		return TDM_OK;
	store_rollback(st);
	return err;
}

enum tdm_err
tdm_pair_lock(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *mentee, int lock, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct found_pair	 fp;
	struct query		 q;
	enum tdm_err		 err;

	if ((err = review_begin(st, actor, OP_PAIR_REVIEW, ref, &p, d)) !=
	    TDM_OK)
		return err;
	if ((err = find_pair(st, &p, NULL, mentee, &fp, d)) != TDM_OK)
		return review_end(st, err);
	if (strcmp(fp.state, "proposed") != 0) {
		tdm_diag_add(d, NULL, 0, 0, "the pair of %s is %s already: "
		    "it stays as it is", mentee, fp.state);
		return review_end(st, TDM_ESTATE);
	}
	q = query_start(st, STMT_PAIR_SET_LOCK);
	bind_int(&q, lock != 0);
	bind_int(&q, fp.id);
	if ((err = query_exec(&q)) == TDM_OK)
		err = audit_append(st, actor, lock ? "pair.lock" :
		    "pair.unlock", "programme", p.name, "%s", mentee);
	return review_end(st, err);
}

enum tdm_err
tdm_pair_reject(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *mentor, const char *mentee,
    struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct found_pair	 fp;
	struct tdm_diags	 quiet = TDM_DIAGS_INIT;
	struct query		 q;
	char			 now[TIMESTAMP_SIZE];
	int64_t			 r, e;
	enum tdm_err		 err;

	if ((err = review_begin(st, actor, OP_PAIR_REVIEW, ref, &p, d)) !=
	    TDM_OK)
		return err;
	if ((err = enrolment_find(st, &p, mentor, "mentor", &r, d)) !=
	    TDM_OK || (err = enrolment_find(st, &p, mentee, "mentee", &e,
	    d)) != TDM_OK)
		return review_end(st, err);
	if (find_pair(st, &p, mentor, mentee, &fp, &quiet) == TDM_OK) {
		if (strcmp(fp.state, "proposed") != 0) {
			tdm_diag_add(d, NULL, 0, 0, "the pair of %s and %s is "
			    "%s: only its members can end it now (decline)",
			    mentor, mentee, fp.state);
			tdm_diags_free(&quiet);
			return review_end(st, TDM_ESTATE);
		}
		q = query_start(st, STMT_PAIR_DELETE);
		bind_int(&q, fp.id);
		if ((err = query_exec(&q)) != TDM_OK) {
			tdm_diags_free(&quiet);
			return review_end(st, err);
		}
	}
	tdm_diags_free(&quiet);
	store_timestamp(st, now);
	if ((err = reject(st, &p, r, e, actor->name, now)) == TDM_OK)
		err = audit_append(st, actor, "pair.reject", "programme",
		    p.name, "%s and %s", mentor, mentee);
	return review_end(st, err);
}

/*
 * Tell each volunteer of programme who waits without a partner that
 * they wait (once each: the outbox keeps one message per enrolment).
 * The statement leaves out those told already: each decline read them
 * all again, for the outbox's key to drop them.
 */
static enum tdm_err
tell_waiting(struct tdm_store *st, int64_t programme)
{
	struct query	 q;
	int64_t		*ids;
	size_t		 n, i;
	enum tdm_err	 err;

	q = query_start(st, STMT_MAIL_WAITING_UNTOLD);
	bind_int(&q, programme);
	if ((err = query_ids(&q, &ids, &n)) != TDM_OK)
		return err;
	for (i = 0; i < n && err == TDM_OK; i++)
		err = outbox_waiting(st, ids[i]);
	free(ids);
	return err;
}

enum tdm_err
tdm_pair_publish(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, size_t *published, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct query		 q;
	char			 now[TIMESTAMP_SIZE];
	enum tdm_err		 err;
	size_t			 n;

	*published = 0;
	if ((err = review_begin(st, actor, OP_PAIR_REVIEW, ref, &p, d)) !=
	    TDM_OK)
		return err;
	store_timestamp(st, now);
	q = query_start(st, STMT_PAIR_PUBLISH);
	bind_text(&q, now);
	bind_int(&q, p.id);
	if ((err = query_exec(&q)) != TDM_OK)
		return review_end(st, err);
	if ((n = (size_t)store_changes(st)) == 0) {
		tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" has no proposed "
		    "pair to publish; run \"tandem match\" first", p.name);
		return review_end(st, TDM_ESTATE);
	}
	if ((err = audit_append(st, actor, "pair.publish", "programme",
	    p.name, "%zu pairs", n)) != TDM_OK)
		return review_end(st, err);
	if (strcmp(p.state, "open") == 0)
		err = programme_mark_matched(st, actor, &p, d);
	if (err == TDM_OK)
		*published = n;
	if (err == TDM_OK)
		err = outbox_pairs(st, p.id, 0);
	if (err == TDM_OK)
		err = tell_waiting(st, p.id);
	return review_end(st, err);
}

enum tdm_err
tdm_pair_answer(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *mentor, const char *mentee,
    const char *member, int accept, const char *note, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct found_pair	 fp;
	struct query		 q;
	char			 now[TIMESTAMP_SIZE];
	const char		*answer = accept ? "accepted" : "declined";
	const char		*state, *mine, *other;
	int64_t			 who;
	int			 as_mentor;
	enum tdm_err		 err;

	if (strcmp(member, mentor) != 0 && strcmp(member, mentee) != 0) {
		tdm_diag_add(d, NULL, 0, 0, "%s is neither the mentor nor the "
		    "mentee of this pair", member);
		return TDM_EINVAL;
	}
	as_mentor = strcmp(member, mentor) == 0;
	if ((err = review_begin(st, actor, OP__MAX, ref, &p, d)) != TDM_OK)
		return err;
	if ((err = employee_find(st, member, 0, &who, d)) != TDM_OK)
		return review_end(st, err);
	if ((err = authorize_self_in(actor, who, OP_PAIR_ANSWER_OTHER, p.id,
	    d)) != TDM_OK)
		return review_end(st, err);
	if ((err = find_pair(st, &p, mentor, mentee, &fp, d)) != TDM_OK)
		return review_end(st, err);
	mine = as_mentor ? fp.mentor_answer : fp.mentee_answer;
	other = as_mentor ? fp.mentee_answer : fp.mentor_answer;
	if (strcmp(fp.state, "published") != 0 || *mine != '\0') {
		if (*mine != '\0')
			tdm_diag_add(d, NULL, 0, 0, "%s has %s already",
			    member, mine);
		else
			tdm_diag_add(d, NULL, 0, 0, "the pair of %s and %s is "
			    "%s, not published: there is nothing to answer "
			    "yet", mentor, mentee, fp.state);
		return review_end(st, TDM_ESTATE);
	}
	if (note != NULL && strlen(note) > 2000) {
		tdm_diag_add(d, "note", 0, 0, "longer than 2000 characters");
		return review_end(st, TDM_EINVAL);
	}
	state = !accept ? "declined" : strcmp(other, "accepted") == 0 ?
	    "accepted" : "published";
	q = query_start(st, STMT_PAIR_ANSWER);
	bind_text(&q, as_mentor ? answer : NULL);
	bind_text(&q, as_mentor ? NULL : answer);
	bind_text(&q, state);
	bind_text(&q, accept ? NULL : note);
	bind_int(&q, fp.id);
	if ((err = query_exec(&q)) != TDM_OK)
		return review_end(st, err);
	/* An accepted pair counts its mentor's group's sessions at once. */
	if (strcmp(state, "accepted") == 0 &&
	    (err = pair_tally_mentor(st, p.id, fp.mentor)) != TDM_OK)
		return review_end(st, err);
	if (!accept) {
		/* A decline frees both, and the pair never comes back. */
		store_timestamp(st, now);
		if ((err = reject(st, &p, fp.mentor, fp.mentee, member,
		    now)) != TDM_OK)
			return review_end(st, err);
	}
	/* The note stays private: not even the audit log has it. */
	err = audit_append(st, actor, accept ? "pair.accept" : "pair.decline",
	    "programme", p.name, "%s for the pair of %s and %s", member,
	    mentor, mentee);
	if (err == TDM_OK)
		err = outbox_pairs(st, p.id, fp.id);
	if (err == TDM_OK && !accept)
		err = tell_waiting(st, p.id);
	return review_end(st, err);
}

/*
 * Whether member (a matricule) sees this pair as one of its two people:
 * from publication on, never a manager's draft.
 */
static int
visible(const struct tdm_pair *p, const char *member)
{
	return strcmp(p->state, "proposed") != 0 &&
	    (strcmp(p->mentor, member) == 0 || strcmp(p->mentee, member) == 0);
}

#define REASON_MAX 2000

enum tdm_err
pair_end(struct tdm_store *st, const struct tdm_actor *actor,
    int64_t pair_id, const char *reason, struct tdm_diags *d)
{
	struct query	 q;
	char		 state[16], pstate[16], now[TIMESTAMP_SIZE], id[24];
	int64_t		 programme = 0, r = 0, e = 0, remp = 0, eemp = 0;
	enum tdm_err	 err;
	int		 found;

	q = query_start(st, STMT_TANDEM_PAIR_GET);
	bind_int(&q, pair_id);
	if ((found = query_row(&q))) {
		programme = col_int(&q);
		col_skip(&q);
		snprintf(state, sizeof(state), "%s", col_text(&q));
		snprintf(pstate, sizeof(pstate), "%s", col_text(&q));
		remp = col_int(&q);	/* the mentor's employee id */
		eemp = col_int(&q);	/* the mentee's */
		r = col_int(&q);
		e = col_int(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if (!found) {
		tdm_diag_add(d, NULL, 0, 0, "no pair %lld", (long long)pair_id);
		return TDM_ENOENT;
	}
	if (!(tdm_programme_live(pstate) & TDM_LIVE_PAIRS)) {
		tdm_diag_add(d, NULL, 0, 0, "the programme is %s: its tandems "
		    "cannot end now", pstate);
		return TDM_ESTATE;
	}
	if (strcmp(state, "accepted") != 0) {
		tdm_diag_add(d, NULL, 0, 0, "the pair is %s, not an accepted "
		    "tandem: %s", state, strcmp(state, "declined") == 0 ?
		    "it is over already" : "its members answer it (accept or "
		    "decline), a manager rejects it");
		return TDM_ESTATE;
	}
	if (reason == NULL || *reason == '\0') {
		tdm_diag_add(d, "reason", 0, 0, "say why the tandem ends; the "
		    "reason stays private");
		return TDM_EINVAL;
	}
	if (strlen(reason) > REASON_MAX) {
		tdm_diag_add(d, "reason", 0, 0, "longer than %d characters",
		    REASON_MAX);
		return TDM_EINVAL;
	}
	q = query_start(st, STMT_TANDEM_PAIR_END);
	bind_text(&q, reason);
	bind_int(&q, pair_id);
	if ((err = query_exec(&q)) != TDM_OK)
		return err;
	store_timestamp(st, now);
	q = query_start(st, STMT_PAIR_REJECT);
	bind_int(&q, programme);
	bind_int(&q, r);
	bind_int(&q, e);
	bind_text(&q, actor->name);
	bind_text(&q, now);
	if ((err = query_exec(&q)) != TDM_OK)
		return err;
	q = query_start(st, STMT_TANDEM_SESSION_END);
	bind_text(&q, now);
	bind_int(&q, programme);
	bind_int(&q, r);
	bind_int(&q, e);
	/* Their calendars learn of the sessions cancelled, now. */
	if ((err = query_exec(&q)) != TDM_OK ||
	    (err = pair_tally_mentor(st, programme, r)) != TDM_OK ||
	    (err = outbox_sessions(st)) != TDM_OK)
		return err;
	/* Ids only: the reason, private, stays out of the log. */
	snprintf(id, sizeof(id), "%lld", (long long)pair_id);
	if ((err = audit_append(st, actor, "pair.end", "pair", id,
	    "programme %lld", (long long)programme)) != TDM_OK)
		return err;
	/*
	 * Whoever did not end it learns only that it ended (both members
	 * when a manager or a roster import ended it).
	 */
	if (actor->employee_id != remp &&
	    (err = outbox_ended(st, programme, r, pair_id)) != TDM_OK)
		return err;
	if (actor->employee_id != eemp &&
	    (err = outbox_ended(st, programme, e, pair_id)) != TDM_OK)
		return err;
	return TDM_OK;
}

enum tdm_err
pair_end_all(struct tdm_store *st, const struct tdm_actor *actor,
    int64_t programme, int64_t id, const char *reason, struct tdm_diags *d)
{
	struct query	 q;
	int64_t		*pairs;
	size_t		 n, i;
	enum tdm_err	 err;

	/* Collected first: each end changes what the query reads. */
	q = query_start(st, STMT_TANDEM_LIVE_PAIRS);
	bind_int(&q, programme);
	bind_int(&q, id);
	if ((err = query_ids(&q, &pairs, &n)) != TDM_OK)
		return err;
	for (i = 0; i < n && err == TDM_OK; i++)
		err = pair_end(st, actor, pairs[i], reason, d);
	free(pairs);
	return err;
}

enum tdm_err
tdm_pair_end(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *mentor, const char *mentee,
    const char *reason, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct found_pair	 fp;
	int64_t			 r, e;
	enum tdm_err		 err;

	if ((err = review_begin(st, actor, OP__MAX, ref, &p, d)) != TDM_OK)
		return err;
	if ((err = find_pair(st, &p, mentor, mentee, &fp, d)) != TDM_OK)
		return review_end(st, err);
	/* A member ends their own tandem; anyone else needs the role. */
	if ((err = employee_find(st, mentor, 0, &r, d)) != TDM_OK ||
	    (err = employee_find(st, mentee, 0, &e, d)) != TDM_OK)
		return review_end(st, err);
	if ((actor->employee_id == 0 || (actor->employee_id != r &&
	    actor->employee_id != e)) &&
	    (err = authorize(actor, OP_PAIR_END_OTHER, d)) != TDM_OK)
		return review_end(st, err);
	if (strcmp(fp.state, "accepted") != 0) {
		tdm_diag_add(d, NULL, 0, 0, "the pair of %s and %s is %s, not "
		    "an accepted tandem: its members answer it (accept or "
		    "decline), a manager rejects it", mentor, mentee,
		    fp.state);
		return review_end(st, TDM_ESTATE);
	}
	return review_end(st, pair_end(st, actor, fp.id, reason, d));
}

/* Whether a declined pair is a tandem that ended: both had accepted. */
static int
ended(const char *state, const char *r, const char *e)
{
	return strcmp(state, "declined") == 0 &&
	    strcmp(r, "accepted") == 0 && strcmp(e, "accepted") == 0;
}

/* A row of STMT_PAIR_LIST. */
static void
pair_from(struct query *q, struct tdm_pair *pr)
{
	pr->mentor = col_text(q);
	pr->mentor_name = col_text(q);
	pr->mentee = col_text(q);
	pr->mentee_name = col_text(q);
	pr->state = col_text(q);
	pr->locked = (int)col_int(q);
	pr->score = col_int(q);
	pr->terms = col_text(q);
	pr->focus = col_text(q);
	pr->mentor_answer = col_text(q);
	pr->mentee_answer = col_text(q);
	pr->ended = (int)col_int(q);
	pr->answer_by = col_text(q);
	if (ended(pr->state, pr->mentor_answer, pr->mentee_answer)) {
		pr->state = "ended";
		pr->ended = 1;
	}
}

enum tdm_err
tdm_pair_each(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, int own, int (*fn)(void *, const struct tdm_pair *),
    void *arg, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct tdm_pair		 pr;
	struct query		 q;
	enum scope		 scope;
	enum tdm_err		 err;

	if ((err = view_open(st, actor, ref, TDM_VIEW_PAIRS, &p, &scope,
	    d)) != TDM_OK)
		return err;
	if (own)
		scope = SCOPE_OWN;
	q = query_start(st, STMT_PAIR_LIST);
	bind_int(&q, p.id);
	while (query_row(&q)) {
		pair_from(&q, &pr);
		if (scope == SCOPE_OWN && !visible(&pr, actor->name))
			continue;
		if (fn(arg, &pr) != 0)
			break;
	}
	return query_end(&q);
}

/*
 * The waiting list: the volunteers still in the programme with no live
 * partner (no published or accepted pair with someone who stayed), and
 * why: never matched, partner withdrew, tandem ended.  A volunteer who
 * reads only their own rows sees whether they are waiting.
 */
enum tdm_err
tdm_pair_waiting_each(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, int (*fn)(void *, const struct tdm_waiting *),
    void *arg, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct tdm_waiting	 w;
	struct query		 q;
	enum scope		 scope;
	enum tdm_err		 err;
	int			 was_ended, left;

	if ((err = view_open(st, actor, ref, TDM_VIEW_PAIRS, &p, &scope,
	    d)) != TDM_OK)
		return err;
	q = query_start(st, STMT_TANDEM_WAITING);
	bind_int(&q, p.id);
	/* A volunteer's own row: the statement keeps it (0: all rows). */
	bind_int(&q, scope == SCOPE_OWN ? (actor->employee_id ?
	    actor->employee_id : -1) : 0);
	while (query_row(&q)) {
		col_skip(&q);
		w.role = col_text(&q);
		w.matricule = col_text(&q);
		w.name = col_text(&q);
		col_skip(&q);
		was_ended = (int)col_int(&q);
		left = (int)col_int(&q);
		/* The latest first: a partner who withdrew left last. */
		w.why = left ? TDM_N_("partner withdrew") : was_ended ?
		    TDM_N_("tandem ended") : TDM_N_("not matched yet");
		if (scope == SCOPE_OWN && strcmp(w.matricule, actor->name) != 0)
			continue;
		if (fn(arg, &w) != 0)
			break;
	}
	return query_end(&q);
}

enum tdm_err
tdm_pair_waiting_mine(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, int *waits, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct query		 q;
	enum scope		 scope;
	enum tdm_err		 err;

	*waits = 0;
	if ((err = view_open(st, actor, ref, TDM_VIEW_PAIRS, &p, &scope,
	    d)) != TDM_OK || actor->employee_id == 0)
		return err;
	q = query_start(st, STMT_TANDEM_WAITING_ONE);
	bind_int(&q, p.id);
	bind_int(&q, actor->employee_id);
	if (query_row(&q)) {
		*waits = 1;
		col_skip(&q);
	}
	return query_end(&q);
}

/*
 * One page of tdm_pair_each()'s rows, cut by
 * the statement.
 */
enum tdm_err
tdm_pair_page(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, struct tdm_page *pg, const char *state, const char *qs,
    int (*fn)(void *, const struct tdm_pair *), void *arg,
    struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct tdm_pair		 pr;
	struct query		 q;
	enum scope		 scope;
	enum tdm_err		 err;
	char			 like[512];
	int64_t			 after, id;
	size_t			 n = 0;
	int			 more = 0;

	if ((err = view_open(st, actor, ref, TDM_VIEW_PAIRS, &p, &scope,
	    d)) != TDM_OK)
		return err;
	if (list_cursor(pg, &after, d) != 0)
		return TDM_EINVAL;
	list_like(qs, like, sizeof(like));
	pg->total = 0;
	if (pg->count) {
		/* The rows kept, counted by the store. */
		q = query_start(st, STMT_PAIR_PAGE_COUNT);
		bind_int(&q, p.id);
		bind_int(&q, scope == SCOPE_OWN ? actor->employee_id : 0);
		bind_text(&q, state != NULL ? state : "");
		bind_text(&q, qs != NULL ? qs : "");
		bind_text(&q, like);
		while (query_row(&q))
			pg->total = (size_t)col_int(&q);
		if ((err = query_end(&q)) != TDM_OK)
			return err;
	}
	q = query_start(st, STMT_PAIR_PAGE);
	bind_int(&q, p.id);
	bind_int(&q, scope == SCOPE_OWN ? actor->employee_id : 0);
	bind_text(&q, state != NULL ? state : "");
	bind_text(&q, qs != NULL ? qs : "");
	bind_text(&q, like);
	bind_int(&q, after);
	bind_int(&q, (int64_t)pg->limit + 1);
	bind_int(&q, (int64_t)pg->skip);
	while (query_row(&q)) {
		pair_from(&q, &pr);
		id = col_int(&q);
		if (!list_row(pg, &n, id)) {
			more = 1;
			break;
		}
		if (fn(arg, &pr) != 0)
			break;
	}
	list_end(pg, more);
	return query_end(&q);
}

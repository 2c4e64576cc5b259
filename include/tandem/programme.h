/*
 * Programmes: their design, their charter, their lifecycle, the topic
 * catalogue and the external coaches.
 *
 * A programme goes draft -> submitted -> approved -> open -> matched ->
 * running -> closed; a sponsor may return a submitted or approved
 * programme to draft with a note.  Each transition checks the actor's
 * role and the state, is recorded (who, when, why) and audited.  The
 * charter (purpose, topics, format, sessions, coach, commitments,
 * confidentiality, data notice) is edited freely in draft, frozen while
 * submitted and approved, published as version 1 when the programme
 * opens, and republished as a new version by every later edit.
 */
#ifndef TANDEM_PROGRAMME_H
#define TANDEM_PROGRAMME_H

#include <stdint.h>

#include "tandem/diag.h"
#include "tandem/error.h"
#include "tandem/role.h"

struct tdm_store;

/* Level labels 0 to 4, in French or English ("fr", "en"). */
const char	*tdm_level_label(int level, const char *lang);

/*
 * A programme state ("draft", ...) in words, French unless lang is "en";
 * the state itself if unknown.  Static strings.
 */
const char	*tdm_state_label(const char *state, const char *lang);

/*
 * The fields of a programme, to create or edit one.  NULL strings and
 * TDM_UNSET numbers mean "the default" on creation and "unchanged" on
 * edit; tdm_programme_spec_init() sets every field so.
 * topics is a comma-separated list of topic codes; coach is a coach's
 * e-mail address ("-" on edit removes the coach).
 */
struct tdm_programme_spec {
	const char	*name;
	const char	*purpose;
	const char	*format;	/* one-to-one, group, mixed */
	const char	*direction;	/* generation, seniority, none */
	const char	*topics;
	const char	*coach;
	const char	*start_date;	/* yyyy-mm-dd */
	const char	*end_date;
	const char	*commitments;
	const char	*confidentiality;
	const char	*data_notice;
	int		 session_count;
	int		 session_minutes;
	int		 cadence_days;
	int		 group_seats;
	/*
	 * The matcher's settings: "topic=10,availability=2,site=5,
	 * department=5,inversion=0,cap=3" (any of them), and how many levels
	 * of management apart a pair may not be (0: at any depth; a new
	 * programme, TDM_CHAIN_DEPTH_DEFAULT).
	 */
	const char	*weights;
	int		 chain_depth;
	/* Sessions: their Paris start time "hh:mm", and the days without a
	 * session held after which a pair is at risk. */
	const char	*session_time;
	int		 risk_days;
	/* Days after the close before "tandem purge" erases the people of
	 * the programme, and clears its private comments (no longer). */
	int		 retention_days;
	int		 comments_days;
	/* Whether a member's proposed date waits for the partner's
	 * agreement: 1 (the default) or 0, when it moves the session at
	 * once and the partner is told. */
	int		 agreement;
	/* Days the members of a published pair have to answer it (1 to
	 * 60; 7 for a new programme). */
	int		 answer_days;
};

#define TDM_UNSET (-2147483647 - 1)

/*
 * The chain rule of a new programme: no pair with one's direct manager or
 * the manager's manager, so that the chief executive can still be paired.
 */
#define TDM_CHAIN_DEPTH_DEFAULT 2

void		 tdm_programme_spec_init(struct tdm_programme_spec *);

/*
 * Create a draft programme; the actor must be a programme manager.
 * Name and purpose are required.  The id goes to *id if not NULL.
 */
enum tdm_err	 tdm_programme_create(struct tdm_store *,
		    const struct tdm_actor *, const struct tdm_programme_spec *,
		    int64_t *id, struct tdm_diags *);

/*
 * Edit a programme (ref: its name or its id); the actor must be a
 * programme manager.  Refused while submitted, approved or closed; from
 * open on, the edit publishes a new charter version.
 */
enum tdm_err	 tdm_programme_edit(struct tdm_store *,
		    const struct tdm_actor *, const char *ref,
		    const struct tdm_programme_spec *, struct tdm_diags *);

/*
 * Delete a draft (ref: its name or its id), with its own topics and
 * design history; the actor must be a programme manager.  Refused once
 * the programme has left the draft state (issue 15, programme_delete.c).
 */
enum tdm_err	 tdm_programme_delete(struct tdm_store *,
		    const struct tdm_actor *, const char *ref,
		    struct tdm_diags *);

enum tdm_transition {
	TDM_SUBMIT,	/* draft -> submitted, by a manager */
	TDM_APPROVE,	/* submitted -> approved, by a sponsor */
	TDM_RETURN,	/* submitted or approved -> draft, by a sponsor */
	TDM_OPEN,	/* approved -> open, by a manager: publishes */
	TDM_START,	/* matched -> running, by a manager */
	TDM_CLOSE,	/* open, matched or running -> closed, by a manager */
	TDM_TRANSITION__MAX
};

/* "submit", "approve", ...; and back.  Parse returns 0 or -1. */
const char	*tdm_transition_name(enum tdm_transition);

/*
 * The transitions a programme in state (its name, "draft", ...) allows
 * this actor, from the lifecycle's table and the actor's roles: bit
 * (1u << t) for each enum tdm_transition t.  Front-ends draw their
 * buttons from it; the act itself checks again, with the data.
 */
struct tdm_actor;
unsigned	 tdm_programme_acts(const struct tdm_actor *, const char *state);
int		 tdm_transition_parse(const char *, enum tdm_transition *);

/*
 * What a programme in state still lets change (issue 15): the bits
 * below, from the lifecycle's table; 0 for a closed programme (and one
 * not yet open), whose page then offers none of these acts.  The acts
 * themselves check the same table.
 */
#define TDM_LIVE_PAIRS		0x01	/* matched, published, answered,
					   locked, rejected, ended */
#define TDM_LIVE_SESSIONS	0x02	/* planned, moved, marked */
unsigned	 tdm_programme_live(const char *state);

/*
 * Move a programme along its lifecycle.  note is required to return a
 * programme and optional otherwise.  A refusal (role, state) is
 * TDM_EPERM or TDM_ESTATE with a diagnostic naming the rule.
 */
enum tdm_err	 tdm_programme_transition(struct tdm_store *,
		    const struct tdm_actor *, const char *ref,
		    enum tdm_transition, const char *note, struct tdm_diags *);

/*
 * Mark an open programme matched: the matcher's business, exposed so that
 * the matcher and tests share one path.
 */
enum tdm_err	 tdm_programme_matched(struct tdm_store *,
		    const struct tdm_actor *, const char *ref,
		    struct tdm_diags *);

struct tdm_programme {
	int64_t		 id;
	const char	*name;
	const char	*state;
	const char	*purpose;
	const char	*format;
	const char	*direction;
	const char	*topics;	/* codes, comma-separated */
	const char	*coach;		/* "Name <email>, organisation" or "" */
	int64_t		 coach_id;	/* the coach's id (tdm_actor), or 0 */
	const char	*start_date;
	const char	*end_date;
	const char	*commitments;
	const char	*confidentiality;
	const char	*data_notice;
	int		 session_count;
	int		 session_minutes;
	int		 cadence_days;
	int		 group_seats;
	int		 charter_version;	/* 0: not yet published */
	int		 mentors;	/* enrolled, not withdrawn */
	int		 mentees;
	const char	*created_by;
	const char	*created_at;
	int		 weights[6];	/* topic, availability, site,
					   department, inversion, cap */
	int		 chain_depth;
	const char	*session_time;	/* "hh:mm", Paris */
	int		 risk_days;
	int		 retention_days;	/* after the close */
	int		 comments_days;
	int		 agreement;	/* 1: a member's proposed date waits
					   for the partner's agreement */
	int		 answer_days;	/* to answer a proposal */
};

/*
 * Call fn for each programme the actor may read (TDM_VIEW_PROGRAMME:
 * every one for staff and the system operator, the published ones for
 * everyone else), by name.
 */
enum tdm_err	 tdm_programme_each(struct tdm_store *,
		    const struct tdm_actor *,
		    int (*fn)(void *, const struct tdm_programme *), void *arg);
/*
 * Call fn for one programme; TDM_ENOENT (with a diagnostic) if none,
 * TDM_EPERM if the actor may not read it yet.
 */
enum tdm_err	 tdm_programme_show(struct tdm_store *,
		    const struct tdm_actor *, const char *ref,
		    int (*fn)(void *, const struct tdm_programme *), void *arg,
		    struct tdm_diags *);

struct tdm_programme_event {
	const char	*from;
	const char	*to;
	const char	*actor;		/* a matricule, or "system" */
	const char	*at;
	const char	*note;
	const char	*actor_name;	/* the employee's name, or "" */
};

/*
 * Call fn for each transition of a programme, oldest first, if the
 * actor may read them (TDM_VIEW_HISTORY); else TDM_EPERM.
 */
enum tdm_err	 tdm_programme_history(struct tdm_store *,
		    const struct tdm_actor *, const char *ref,
		    int (*fn)(void *, const struct tdm_programme_event *),
		    void *arg, struct tdm_diags *);

/*
 * The text of a programme's charter: the published version (0: the
 * latest), or, before publication, the draft.  *text is the caller's to
 * free; *version is 0 for a draft.  TDM_EPERM if the actor may not read
 * the programme (TDM_VIEW_PROGRAMME).
 */
enum tdm_err	 tdm_charter_text(struct tdm_store *, const struct tdm_actor *,
		    const char *ref, int version, char **text, int *versionp,
		    struct tdm_diags *);

struct tdm_topic {
	const char	*code;
	const char	*label_fr;
	const char	*label_en;
	const char	*programme;	/* NULL for the catalogue */
};

/*
 * Call fn for the catalogue and every programme's own topics, which
 * everyone reads.
 */
enum tdm_err	 tdm_topic_each(struct tdm_store *, const struct tdm_actor *,
		    int (*fn)(void *, const struct tdm_topic *), void *arg);

/*
 * Add a programme's own topic (manager only; the programme not closed)
 * and choose it for the programme.
 */
enum tdm_err	 tdm_topic_add(struct tdm_store *, const struct tdm_actor *,
		    const char *programme, const char *code,
		    const char *label_fr, const char *label_en,
		    struct tdm_diags *);

struct tdm_coach {
	int64_t		 id;
	const char	*name;
	const char	*email;
	const char	*organisation;
	const char	*programmes;	/* names, comma-separated */
};

/* Add an external coach (manager only). */
enum tdm_err	 tdm_coach_add(struct tdm_store *, const struct tdm_actor *,
		    const char *name, const char *email,
		    const char *organisation, struct tdm_diags *);
/*
 * Call fn for each coach, by name.  Their names and addresses are read
 * as the roster is: by the admin and the programme managers (TDM_EPERM
 * for anyone else, with the refusal in diags).
 */
enum tdm_err	 tdm_coach_each(struct tdm_store *, const struct tdm_actor *,
		    int (*fn)(void *, const struct tdm_coach *), void *arg,
		    struct tdm_diags *);

#endif

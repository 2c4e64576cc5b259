/*
 * The programme's lifecycle as data: its states, and which transition
 * leads from which states to which, done by whom.  Pure tables, no
 * store: programme.c moves programmes along them, the data layer names
 * states, and the front-ends ask which acts a state allows.
 */
#include <stdio.h>
#include <string.h>

#include "tandem/programme.h"
#include "internal.h"
#include "lifecycle.h"

const char *const states[ST__MAX] = {
	[ST_DRAFT] = "draft",
	[ST_SUBMITTED] = "submitted",
	[ST_APPROVED] = "approved",
	[ST_OPEN] = "open",
	[ST_MATCHED] = "matched",
	[ST_RUNNING] = "running",
	[ST_CLOSED] = "closed",
};

/* The lifecycle: from which states each transition leads where. */
const struct transition transitions[TDM_TRANSITION__MAX] = {
	[TDM_SUBMIT] = { "submit", S(ST_DRAFT), ST_SUBMITTED,
	    OP_PROGRAMME_SUBMIT, 0 },
	[TDM_APPROVE] = { "approve", S(ST_SUBMITTED), ST_APPROVED,
	    OP_PROGRAMME_APPROVE, 0 },
	[TDM_RETURN] = { "return", S(ST_SUBMITTED) | S(ST_APPROVED), ST_DRAFT,
	    OP_PROGRAMME_RETURN, 1 },
	[TDM_OPEN] = { "open", S(ST_APPROVED), ST_OPEN, OP_PROGRAMME_OPEN, 0 },
	[TDM_START] = { "start", S(ST_MATCHED), ST_RUNNING,
	    OP_PROGRAMME_START, 0 },
	[TDM_CLOSE] = { "close", S(ST_OPEN) | S(ST_MATCHED) | S(ST_RUNNING),
	    ST_CLOSED, OP_PROGRAMME_CLOSE, 0 },
};

/* What each state still lets change (tdm_programme_live()). */
static const unsigned live[ST__MAX] = {
	[ST_OPEN] = TDM_LIVE_PAIRS,
	[ST_MATCHED] = TDM_LIVE_PAIRS | TDM_LIVE_SESSIONS,
	[ST_RUNNING] = TDM_LIVE_PAIRS | TDM_LIVE_SESSIONS,
};

/* The states of a programme in words, French then English. */
static const struct {
	const char	*state;
	const char	*label[2];
} statewords[] = {
	{ "draft", { "brouillon", "draft" } },
	{ "submitted", { "soumis à la direction", "submitted" } },
	{ "approved", { "approuvé", "approved" } },
	{ "open", { "ouvert aux inscriptions", "open for enrolment" } },
	{ "matched", { "binômes formés", "matched" } },
	{ "running", { "en cours", "running" } },
	{ "closed", { "clos", "closed" } },
};

const char *
tdm_state_label(const char *state, const char *lang)
{
	size_t	 i;

	for (i = 0; i < sizeof(statewords) / sizeof(statewords[0]); i++)
		if (strcmp(statewords[i].state, state) == 0)
			return statewords[i].label[lang != NULL &&
			    strcmp(lang, "en") == 0];
	return state;
}

const char *
tdm_transition_name(enum tdm_transition t)
{
	return (unsigned)t < TDM_TRANSITION__MAX ? transitions[t].name : "?";
}

int
tdm_transition_parse(const char *s, enum tdm_transition *t)
{
	size_t	 i;

	for (i = 0; i < TDM_TRANSITION__MAX; i++)
		if (strcmp(s, transitions[i].name) == 0) {
			*t = (enum tdm_transition)i;
			return 0;
		}
	return -1;
}

int
state_parse(const char *s)
{
	size_t	 i;

	for (i = 0; i < ST__MAX; i++)
		if (strcmp(s, states[i]) == 0)
			return (int)i;
	return -1;
}


unsigned
tdm_programme_acts(const struct tdm_actor *a, const char *state)
{
	unsigned	 acts = 0;
	int		 s = state_parse(state);
	size_t		 t;

	for (t = 0; s >= 0 && t < TDM_TRANSITION__MAX; t++)
		if (transitions[t].from & S(s) &&
		    permitted(a, transitions[t].op))
			acts |= 1u << t;
	return acts;
}

unsigned
tdm_programme_live(const char *state)
{
	int	 s = state_parse(state);

	return s >= 0 ? live[s] : 0;
}

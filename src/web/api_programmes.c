/*
 * /api/programmes: the list, design, lifecycle, history and charter of
 * programmes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"
#include "handlers.h"
#include "paging.h"


static int
one(void *arg, const struct tdm_programme *p)
{
	return json_push(arg, tdm_programme_json(p));
}

void
api_programmes(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	json_t			*a = json_array();

	finish(r, tdm_programme_each(r->st, &r->who.actor, one, a), &d, 200,
	    a);
}

static int
first(void *arg, const struct tdm_programme *p)
{
	*(json_t **)arg = tdm_programme_json(p);
	return 1;
}

void
api_programme(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	enum tdm_err		 err;
	json_t			*v = NULL;

	err = tdm_programme_show(r->st, &r->who.actor, r->args[0], first, &v,
	    &d);
	finish(r, err, &d, 200, v);
}

/* A string member, NULL when absent: absent means "leave as it is". */
static const char *
opt(json_t *b, const char *key, struct tdm_diags *d)
{
	return json_object_get(b, key) != NULL ? jstr(b, key, d) : NULL;
}

static void
spec_of(json_t *b, struct tdm_programme_spec *s, struct tdm_diags *d)
{
	static const char *const known[] = { "name", "purpose", "format",
	    "direction", "topics", "coach", "start_date", "end_date",
	    "commitments", "confidentiality", "data_notice", "session_count",
	    "session_minutes", "cadence_days", "group_seats", "weights",
	    "chain_depth", "session_time", "risk_days", "retention_days",
	    "comments_days",
	    "partner_agreement",
	    "answer_days" };
	const char	*key;
	json_t		*v;
	size_t		 i;

	tdm_programme_spec_init(s);
	json_object_foreach(b, key, v) {
		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (strcmp(key, known[i]) == 0)
				break;
		if (i == sizeof(known) / sizeof(known[0]))
			tdm_diag_add(d, key, 0, 0, "unknown member");
	}
	s->name = opt(b, "name", d);
	s->purpose = opt(b, "purpose", d);
	s->format = opt(b, "format", d);
	s->direction = opt(b, "direction", d);
	s->topics = opt(b, "topics", d);
	s->coach = opt(b, "coach", d);
	s->start_date = opt(b, "start_date", d);
	s->end_date = opt(b, "end_date", d);
	s->commitments = opt(b, "commitments", d);
	s->confidentiality = opt(b, "confidentiality", d);
	s->data_notice = opt(b, "data_notice", d);
	s->weights = opt(b, "weights", d);
	s->session_time = opt(b, "session_time", d);
	s->session_count = jint(b, "session_count", TDM_UNSET, d);
	s->session_minutes = jint(b, "session_minutes", TDM_UNSET, d);
	s->cadence_days = jint(b, "cadence_days", TDM_UNSET, d);
	s->group_seats = jint(b, "group_seats", TDM_UNSET, d);
	s->chain_depth = jint(b, "chain_depth", TDM_UNSET, d);
	s->risk_days = jint(b, "risk_days", TDM_UNSET, d);
	s->retention_days = jint(b, "retention_days", TDM_UNSET, d);
	s->comments_days = jint(b, "comments_days", TDM_UNSET, d);
	/* Whether a member's proposed date waits for the partner. */
	if (json_object_get(b, "partner_agreement") != NULL &&
	    !json_is_null(json_object_get(b, "partner_agreement")))
		s->agreement = jbool(b, "partner_agreement", d);
	/* The days to answer a proposal (issue 13). */
	s->answer_days = jint(b, "answer_days", TDM_UNSET, d);
}

void
api_programme_create(struct req *r)
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_programme_spec	 s;
	enum tdm_err			 err;
	int64_t				 id = 0;
	char				 ref[24];
	json_t				*b, *v = NULL;

	if ((b = body_object(r)) == NULL)
		return;
	spec_of(b, &s, &d);
	err = d.n ? TDM_EINVAL : tdm_programme_create(r->st, &r->who.actor,
	    &s, &id, &d);
	if (err == TDM_OK) {
		snprintf(ref, sizeof(ref), "%lld", (long long)id);
		err = tdm_programme_show(r->st, &r->who.actor, ref, first, &v,
		    &d);
	}
	finish(r, err, &d, 201, v);
	json_decref(b);
}

void
api_programme_edit(struct req *r)
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_programme_spec	 s;
	enum tdm_err			 err;
	json_t				*b, *v = NULL;

	if ((b = body_object(r)) == NULL)
		return;
	spec_of(b, &s, &d);
	err = d.n ? TDM_EINVAL : tdm_programme_edit(r->st, &r->who.actor,
	    r->args[0], &s, &d);
	/* A renamed programme is found by its new name. */
	if (err == TDM_OK)
		err = tdm_programme_show(r->st, &r->who.actor, s.name ?
		    s.name : r->args[0], first, &v, &d);
	finish(r, err, &d, 200, v);
	json_decref(b);
}

void
api_programme_transition(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	enum tdm_transition	 t = TDM_SUBMIT;
	const char		*action, *note;
	enum tdm_err		 err;
	json_t			*b, *v = NULL;

	if ((b = body_object(r)) == NULL)
		return;
	action = jstr(b, "action", &d);
	note = jstr(b, "note", &d);
	if (d.n == 0 && tdm_transition_parse(action, &t) != 0)
		tdm_diag_add(&d, "action", 0, 0, "\"%s\" is not an action: "
		    "submit, approve, return, open, start or close", action);
	err = d.n ? TDM_EINVAL : tdm_programme_transition(r->st,
	    &r->who.actor, r->args[0], t, *note ? note : NULL, &d);
	if (err == TDM_OK)
		err = tdm_programme_show(r->st, &r->who.actor, r->args[0],
		    first, &v, &d);
	finish(r, err, &d, 200, v);
	json_decref(b);
}

static int
event(void *arg, const struct tdm_programme_event *e)
{
	struct paging	*g = arg;

	if (!paging_take(g))
		return PAGING_STOP(g);
	return json_push(g->items, json_pack("{s:s,s:s,s:s,s:s,s:s}", "from",
	    e->from, "to", e->to, "by", e->actor, "at", e->at, "note",
	    e->note));
}

void
api_programme_history(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct paging		 g;
	enum tdm_err		 err;

	if (paging_parse(r, &g, 0, &d) != 0) {
		paging_finish(r, &g, TDM_EINVAL, &d, NULL);
		return;
	}
	err = tdm_programme_history(r->st, &r->who.actor, r->args[0], event,
	    &g, &d);
	paging_finish(r, &g, err, &d, NULL);
}

void
api_programme_charter(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*q = query(r, "version");
	char			*text = NULL;
	int			 version = q ? (int)strtol(q, NULL, 10) : 0;
	enum tdm_err		 err;
	json_t			*v = NULL;

	err = tdm_charter_text(r->st, &r->who.actor, r->args[0], version,
	    &text, &version, &d);
	if (err == TDM_OK)
		v = json_pack("{s:i,s:s}", "version", version, "text", text);
	free(text);
	finish(r, err, &d, 200, v);
}

/* POST {"code", "label_fr", "label_en"}: a programme's own topic. */
void
api_topic_create(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*code, *fr, *en;
	enum tdm_err		 err;
	json_t			*b;

	if ((b = body_object(r)) == NULL)
		return;
	code = jstr(b, "code", &d);
	fr = jstr(b, "label_fr", &d);
	en = jstr(b, "label_en", &d);
	err = d.n ? TDM_EINVAL : tdm_topic_add(r->st, &r->who.actor,
	    r->args[0], code, fr, *en ? en : fr, &d);
	finish(r, err, &d, 201, json_pack("{s:s,s:s,s:s}", "code", code,
	    "label_fr", fr, "label_en", *en ? en : fr));
	json_decref(b);
}

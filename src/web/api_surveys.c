/*
 * /api/programmes/P/survey: a member's closing survey and 90-day
 * follow-up (GET: where they stand and their own answers; POST: an
 * answer).
 */
#include <string.h>

#include "web.h"
#include "handlers.h"

static int
topic_json(void *arg, const struct tdm_survey_topic *t)
{
	json_t	*o = json_pack("{s:s,s:s,s:s,s:b}", "code", t->code,
	    "label_fr", t->label_fr, "label_en", t->label_en, "taught",
	    t->taught);

	if (o != NULL) {
		json_object_set_new(o, "enrolment", t->enrolled < 0 ?
		    json_null() : json_integer(t->enrolled));
		json_object_set_new(o, "closing", t->closing < 0 ?
		    json_null() : json_integer(t->closing));
		json_object_set_new(o, "followup", t->followup < 0 ?
		    json_null() : json_integer(t->followup));
	}
	return json_push(json_object_get(arg, "topics"), o);
}

static int
item_json(void *arg, const struct tdm_survey_item *i)
{
	return json_push(json_object_get(arg, "checklist"), json_pack(
	    "{s:s,s:s,s:s,s:s,s:b,s:b}", "code", i->code, "topic", i->topic,
	    "label_fr", i->label_fr, "label_en", i->label_en, "closing",
	    i->closing, "followup", i->followup));
}

/* A confidence, or null when not given. */
static json_t *
confidence(int v)
{
	return v > 0 ? json_integer(v) : json_null();
}

/* GET: the signed-in member's surveys in the programme. */
void
api_survey_show(struct req *r)
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_survey_status	 s;
	enum tdm_err			 err;
	json_t				*o = NULL;

	err = tdm_survey_show(r->st, &r->who.actor, r->args[0],
	    r->who.actor.name, &s, NULL, NULL, NULL, &d);
	if (err == TDM_OK) {
		o = json_pack("{s:s,s:s,s:{s:b,s:b,s:o,s:o,s:o},"
		    "s:{s:o,s:b,s:b,s:o,s:o},s:[],s:[]}",
		    "programme", r->args[0], "role", s.role,
		    "closing", "open", s.closing_open, "answered",
		    s.closing_done, "recommend", s.closing_done ?
		    json_boolean(s.recommend) : json_null(), "teach",
		    confidence(s.teach), "upward", confidence(s.upward),
		    "followup", "opens", *s.followup_on ?
		    json_string(s.followup_on) : json_null(), "open",
		    s.followup_open, "answered", s.followup_done, "teach",
		    confidence(s.followup_teach), "upward",
		    confidence(s.followup_upward), "topics", "checklist");
		if (o != NULL)
			err = tdm_survey_show(r->st, &r->who.actor, r->args[0],
			    r->who.actor.name, &s, topic_json, item_json, o,
			    &d);
	}
	finish(r, err, &d, 200, o);
}

/*
 * POST {"stage": "closing" | "followup", "recommend": true | false,
 * "changed": text, "levels": "code=N,...", "practices": "code,...",
 * "teach": 1-5, "upward": 1-5, "taught": "code,...", "member": id}
 */
void
api_survey(struct req *r)
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_survey_answer	 a;
	const char			*stage, *member;
	enum tdm_err			 err;
	json_t				*b, *rec;

	if ((b = body_object(r)) == NULL)
		return;
	memset(&a, 0, sizeof(a));
	stage = jstr(b, "stage", &d);
	if (strcmp(stage, "followup") == 0)
		a.stage = TDM_SURVEY_FOLLOWUP;
	else if (*stage != '\0' && strcmp(stage, "closing") != 0)
		tdm_diag_add(&d, "stage", 0, 0, "must be closing or followup");
	rec = json_object_get(b, "recommend");
	if (rec != NULL && json_is_boolean(rec))
		a.recommend = json_is_true(rec);
	else if (rec != NULL && json_is_integer(rec) &&
	    (json_integer_value(rec) == 0 || json_integer_value(rec) == 1))
		a.recommend = (int)json_integer_value(rec);
	else if (a.stage == TDM_SURVEY_CLOSING)
		tdm_diag_add(&d, "recommend", 0, 0, "must be true or false");
	if (a.stage == TDM_SURVEY_FOLLOWUP && rec != NULL)
		tdm_diag_add(&d, "recommend", 0, 0, "asked in the closing "
		    "survey only");
	a.changed = jstr(b, "changed", &d);
	a.levels = jstr(b, "levels", &d);
	a.practices = jstr(b, "practices", &d);
	a.taught = jstr(b, "taught", &d);
	/* An absent confidence is 0, "not given"; a given one out of
	 * range the library refuses with its reason. */
	a.teach = jint(b, "teach", 0, &d);
	a.upward = jint(b, "upward", 0, &d);
	if (a.teach == 0 && !json_is_null(json_object_get(b, "teach")) &&
	    json_object_get(b, "teach") != NULL)
		a.teach = -1;
	if (a.upward == 0 && !json_is_null(json_object_get(b, "upward")) &&
	    json_object_get(b, "upward") != NULL)
		a.upward = -1;
	member = jstr(b, "member", &d);
	err = d.n ? TDM_EINVAL : tdm_survey_answer(r->st, &r->who.actor,
	    r->args[0], *member ? member : r->who.actor.name, &a, &d);
	finish(r, err, &d, 201, json_pack("{s:s,s:s,s:b}", "programme",
	    r->args[0], "stage", a.stage == TDM_SURVEY_FOLLOWUP ?
	    "followup" : "closing", "answered", 1));
	json_decref(b);
}

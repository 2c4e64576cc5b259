/*
 * The entities as JSON, for both front-ends (tandem/json.h).  Only the
 * shape lives here: what a person may see is decided before, by the
 * reads that fill the structs.
 */
#include <time.h>

#include "tandem/json.h"

/*
 * Add the members of more after those of o, in order; o is freed if that
 * fails.  Takes more.  Returns o, or NULL.
 */
static json_t *
append(json_t *o, json_t *more)
{
	if (o != NULL && (more == NULL || json_object_update(o, more) == -1)) {
		json_decref(o);
		o = NULL;
	}
	json_decref(more);
	return o;
}

json_t *
tdm_employee_json(const struct tdm_employee *e, unsigned flags)
{
	json_t	*o;

	o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b}",
	    "id", e->matricule, "first_name", e->first_name,
	    "last_name", e->last_name, "email", e->email,
	    "generation", e->generation, "department", e->department,
	    "site", e->site, "job_title", e->job_title,
	    "manager", e->manager, "language", e->language,
	    "active", e->active);
	if (o == NULL || !(flags & TDM_JSON_HR))
		return o;
	return append(o, json_pack("{s:i,s:s,s:s,s:s?}",
	    "birth_year", e->birth_year, "team", e->team, "grade", e->grade,
	    "hire_date", *e->hire_date ? e->hire_date : NULL));
}

json_t *
tdm_programme_json(const struct tdm_programme *p)
{
	json_t	*o;

	o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,"
	    "s:s,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:s,s:s}",
	    "id", (json_int_t)p->id, "name", p->name, "state", p->state,
	    "purpose", p->purpose, "format", p->format,
	    "direction", p->direction, "topics", p->topics, "coach", p->coach,
	    "start_date", p->start_date, "end_date", p->end_date,
	    "commitments", p->commitments,
	    "confidentiality", p->confidentiality,
	    "data_notice", p->data_notice, "session_count", p->session_count,
	    "session_minutes", p->session_minutes,
	    "cadence_days", p->cadence_days, "group_seats", p->group_seats,
	    "charter_version", p->charter_version, "mentors", p->mentors,
	    "mentees", p->mentees, "session_time", p->session_time,
	    "created_at", p->created_at);
	/* Whether a member's proposed date waits for the partner. */
	o = append(o, json_pack("{s:b}", "partner_agreement",
	    p->agreement != 0));
	/* The days to answer a proposal (issue 13). */
	o = append(o, json_pack("{s:i}", "answer_days", p->answer_days));
	return append(o, json_pack("{s:i,s:i,s:i,s:i,s:{s:i,s:i,s:i,s:i,"
	    "s:i,s:i}}", "chain_depth", p->chain_depth,
	    "risk_days", p->risk_days, "retention_days", p->retention_days,
	    "comments_days", p->comments_days, "weights",
	    "topic", p->weights[0], "availability", p->weights[1],
	    "site", p->weights[2], "department", p->weights[3],
	    "inversion", p->weights[4], "cap", p->weights[5]));
}

static json_t *
pair_json(const struct tdm_match_pair *p)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:I,s:{s:I,s:I,s:I,s:I,s:I},"
	    "s:s,s:s,s:b}",
	    "mentor", p->mentor, "mentor_name", p->mentor_name,
	    "mentee", p->mentee, "mentee_name", p->mentee_name,
	    "score", (json_int_t)p->score.total, "terms",
	    "topics", (json_int_t)p->score.topics,
	    "availability", (json_int_t)p->score.availability,
	    "site", (json_int_t)p->score.site,
	    "department", (json_int_t)p->score.department,
	    "inversion", (json_int_t)p->score.inversion,
	    "explanation", p->explanation,
	    "focus", p->focus ? p->focus : "", "kept", p->fixed);
}

json_t *
tdm_match_report_json(const struct tdm_match_report *m)
{
	json_t	*pairs, *un;
	size_t	 i;

	pairs = json_array();
	un = json_array();
	for (i = 0; pairs != NULL && i < m->npairs; i++)
		if (json_array_append_new(pairs, pair_json(&m->pairs[i])) ==
		    -1) {
			json_decref(pairs);
			pairs = NULL;
		}
	for (i = 0; un != NULL && i < m->nunmatched; i++)
		if (json_array_append_new(un, json_pack("{s:s,s:s,s:s,s:b}",
		    "mentee", m->unmatched[i].mentee,
		    "name", m->unmatched[i].name,
		    "reason", m->unmatched[i].reason,
		    "compatible", m->unmatched[i].compatible)) == -1) {
			json_decref(un);
			un = NULL;
		}
	/* "o" takes the arrays, even when the pack fails. */
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:b,s:I,"
	    "s:o,s:o}", "mentees", (json_int_t)m->mentees,
	    "mentors", (json_int_t)m->mentors, "seats", (json_int_t)m->seats,
	    "compatible_pairs", (json_int_t)m->compatible_pairs,
	    "matched", (json_int_t)m->matched,
	    "proposed", (json_int_t)m->proposed,
	    "no_partner", (json_int_t)m->no_partner,
	    "capacity", (json_int_t)m->capacity,
	    "total_score", (json_int_t)m->total_score,
	    "certified", m->certified,
	    "blocking_pairs", (json_int_t)m->blocking_pairs,
	    "pairs", pairs, "unmatched", un);
}

json_t *
tdm_enrolment_json(const struct tdm_enrolment *e)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,"
	    "s:s,s:b,s:s,s:i,s:i,s:s,s:s,s:s}", "employee", e->matricule,
	    "first_name", e->first_name, "last_name", e->last_name,
	    "generation", e->generation, "role", e->role, "topics", e->topics,
	    "languages", e->languages, "site", e->site, "remote", e->remote,
	    "availability", e->availability, "capacity", e->capacity,
	    "charter_version", e->charter_version, "optin", e->optin,
	    "enrolled_at", e->enrolled_at, "withdrawn_at", e->withdrawn_at);
}

json_t *
tdm_pair_json(const struct tdm_pair *p)
{
	json_t	*o;

	o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,s:I,s:s,s:s,s:s,s:s,s:b}",
	    "mentor", p->mentor, "mentor_name", p->mentor_name,
	    "mentee", p->mentee, "mentee_name", p->mentee_name,
	    "state", p->state, "locked", p->locked, "score",
	    (json_int_t)p->score, "terms", p->terms, "focus", p->focus,
	    "mentor_answer", p->mentor_answer,
	    "mentee_answer", p->mentee_answer, "ended", p->ended);
	/* A published pair's deadline to answer (issue 13), or null. */
	if (o != NULL)
		json_object_set_new(o, "answer_by", p->answer_by != NULL &&
		    *p->answer_by != '\0' ? json_string(p->answer_by) :
		    json_null());
	return o;
}

json_t *
tdm_session_json(const struct tdm_session *s)
{
	char	 start[17], utc[24];
	struct tm tm;

	tdm_paris_format(s->start, start);
	gmtime_r(&s->start, &tm);
	strftime(utc, sizeof(utc), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:i,s:s,s:s,s:i,s:s,s:s,"
	    "s:i}",
	    "id", (json_int_t)s->id, "mentor", s->mentor,
	    "mentor_name", s->mentor_name, "mentee", s->mentee,
	    "mentee_name", s->mentee_name, "seq", s->seq, "start", start,
	    "start_utc", utc,
	    "minutes", s->minutes, "state", s->state,
	    "cancelled_by", s->cancelled_by, "sequence", s->sequence);
}

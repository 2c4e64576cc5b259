/*
 * The surveys of survey.h: the closing survey of both roles and the
 * follow-up ninety days after the close.  Every answer is checked
 * whole before the transaction commits, so that a refused answer
 * leaves nothing behind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/survey.h"
#include "tandem/session.h"
#include "tandem/store.h"
#include "date.h"
#include "internal.h"
#include "survey_int.h"

/* Whether the entry code of a comma-separated list appears before
 * here: entries are "code" or "code=N". */
static int
given_before(const char *list, const char *here, const char *code,
    size_t len)
{
	const char	*s, *end, *eq;
	size_t		 n;

	for (s = list; s < here; s = *end ? end + 1 : end) {
		end = s + strcspn(s, ",");
		eq = memchr(s, '=', (size_t)(end - s));
		n = eq != NULL ? (size_t)(eq - s) : (size_t)(end - s);
		if (n == len && strncmp(s, code, len) == 0)
			return 1;
	}
	return 0;
}

/* The id of topic code among programme's topics, 0 if none. */
static enum tdm_err
programme_topic(struct tdm_store *st, int64_t programme, const char *code,
    int64_t *topic)
{
	struct query	 q;
	enum tdm_err	 err;

	*topic = 0;
	q = query_start(st, STMT_TOPIC_BY_CODE);
	bind_text(&q, code);
	if (query_row(&q)) {
		*topic = col_int(&q);
		col_skip(&q);	/* the programme of its own */
	}
	if ((err = query_end(&q)) != TDM_OK || *topic == 0)
		return err;
	q = query_start(st, STMT_PROGRAMME_HAS_TOPIC);
	bind_int(&q, programme);
	bind_int(&q, *topic);
	if (!query_row(&q) || col_int(&q) == 0)
		*topic = 0;
	return query_end(&q);
}

/*
 * Record the levels list ("code=LEVEL,...") of enrolment en with the
 * statement ins, every entry checked: a topic of the programme, once,
 * a level 0 to 4.
 */
static enum tdm_err
put_levels(struct tdm_store *st, int64_t programme, int64_t en,
    const char *levels, enum stmt ins, struct tdm_diags *d)
{
	struct query	 q;
	const char	*s, *end, *eq;
	char		 code[64], *num;
	long		 level;
	size_t		 len;
	int64_t		 topic;
	enum tdm_err	 err;

	for (s = levels ? levels : ""; *s != '\0'; s = *end ? end + 1 : end) {
		end = s + strcspn(s, ",");
		eq = memchr(s, '=', (size_t)(end - s));
		len = eq ? (size_t)(eq - s) : 0;
		level = eq ? strtol(eq + 1, &num, 10) : -1;
		if (eq == NULL || len == 0 || len >= sizeof(code) ||
		    num != end || level < 0 || level > 4) {
			tdm_diag_add(d, "levels", 0, 0, "\"%.*s\" is not "
			    "code=LEVEL with a level 0 to 4", (int)(end - s),
			    s);
			return TDM_EINVAL;
		}
		memcpy(code, s, len);
		code[len] = '\0';
		if (given_before(levels, s, code, len)) {
			tdm_diag_add(d, "levels", 0, 0, "\"%s\" is given twice",
			    code);
			return TDM_EINVAL;
		}
		if ((err = programme_topic(st, programme, code, &topic)) !=
		    TDM_OK)
			return err;
		if (topic == 0) {
			tdm_diag_add(d, "levels", 0, 0, "\"%s\" is not a topic "
			    "of this programme", code);
			return TDM_EINVAL;
		}
		q = query_start(st, ins);
		bind_int(&q, en);
		bind_int(&q, topic);
		bind_int(&q, level);
		if ((err = query_exec(&q)) != TDM_OK)
			return err;
	}
	return TDM_OK;
}

/*
 * Record a list of codes ("code,code") of enrolment en: the topics a
 * mentor taught (practice 0) or the checklist items done at stage.
 */
static enum tdm_err
put_codes(struct tdm_store *st, int64_t programme, int64_t en,
    const char *list, const char *field, const char *stage,
    struct tdm_diags *d)
{
	struct query	 q;
	const char	*s, *end;
	char		 code[64];
	size_t		 len;
	int64_t		 id;
	enum tdm_err	 err;

	for (s = list ? list : ""; *s != '\0'; s = *end ? end + 1 : end) {
		end = s + strcspn(s, ",");
		len = (size_t)(end - s);
		if (len == 0 || len >= sizeof(code) ||
		    memchr(s, '=', len) != NULL) {
			tdm_diag_add(d, field, 0, 0, "\"%.*s\" is not a code",
			    (int)len, s);
			return TDM_EINVAL;
		}
		memcpy(code, s, len);
		code[len] = '\0';
		if (given_before(list, s, code, len)) {
			tdm_diag_add(d, field, 0, 0, "\"%s\" is given twice",
			    code);
			return TDM_EINVAL;
		}
		id = 0;
		if (stage == NULL) {
			if ((err = programme_topic(st, programme, code, &id)) !=
			    TDM_OK)
				return err;
		} else {
			q = query_start(st, STMT_SURVEY_PRACTICE_FIND);
			bind_int(&q, programme);
			bind_text(&q, code);
			if (query_row(&q))
				id = col_int(&q);
			if ((err = query_end(&q)) != TDM_OK)
				return err;
		}
		if (id == 0) {
			tdm_diag_add(d, field, 0, 0, stage == NULL ?
			    "\"%s\" is not a topic of this programme" :
			    "\"%s\" is not an item of this programme's "
			    "checklist", code);
			return TDM_EINVAL;
		}
		q = query_start(st, stage == NULL ? STMT_SURVEY_TAUGHT_INSERT :
		    STMT_SURVEY_PRACTICE_INSERT);
		bind_int(&q, en);
		bind_int(&q, id);
		if (stage != NULL)
			bind_text(&q, stage);
		if ((err = query_exec(&q)) != TDM_OK)
			return err;
	}
	return TDM_OK;
}

/* The member's enrolment in the programme and its role. */
static enum tdm_err
find_member(struct tdm_store *st, const struct programme_ref *p,
    const char *member, int64_t emp, int64_t *en, char role[8],
    struct tdm_diags *d)
{
	struct query	 q = query_start(st, STMT_SURVEY_ENROLMENT);
	enum tdm_err	 err;

	*en = 0;
	bind_int(&q, p->id);
	bind_int(&q, emp);
	if (query_row(&q)) {
		*en = col_int(&q);
		snprintf(role, 8, "%s", col_text(&q));
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if (*en == 0) {
		tdm_diag_add(d, NULL, 0, 0, "%s is not enrolled in \"%s\"",
		    member, p->name);
		return TDM_ENOENT;
	}
	return TDM_OK;
}

/*
 * The day the programme closed and the day its follow-up opens
 * (yyyy-mm-dd, "" unless closed), and whether that day has come.
 */
static enum tdm_err
followup_day(struct tdm_store *st, const struct programme_ref *p,
    char closed[11], char opens[11], int *open)
{
	struct query	 q = query_start(st, STMT_SURVEY_CLOSED_AT);
	enum tdm_err	 err;
	int		 y, m, dd, ty, tm, td;
	long		 day;

	*closed = *opens = '\0';
	*open = 0;
	bind_int(&q, p->id);
	if (query_row(&q))
		snprintf(closed, 11, "%s", col_text(&q));
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if (strcmp(p->state, "closed") != 0 ||
	    date_parse(closed, &y, &m, &dd) != 0) {
		*closed = '\0';
		return TDM_OK;
	}
	day = date_days(y, m, dd) + TDM_FOLLOWUP_DAYS;
	date_civil(day, &y, &m, &dd);
	snprintf(opens, 11, "%04d-%02d-%02d", y, m, dd);
	store_today(st, &ty, &tm, &td);
	*open = date_days(ty, tm, td) >= day;
	return TDM_OK;
}

/* A mentor's two confidences: both given (1 to 5) or neither. */
static enum tdm_err
check_confidence(const struct tdm_survey_answer *a, int mentor,
    struct tdm_diags *d)
{
	if (!mentor && (a->teach != 0 || a->upward != 0 ||
	    (a->taught != NULL && *a->taught != '\0'))) {
		tdm_diag_add(d, a->teach != 0 ? "teach" : a->upward != 0 ?
		    "upward" : "taught", 0, 0, "asked of mentors only");
		return TDM_EINVAL;
	}
	if (mentor && a->practices != NULL && *a->practices != '\0') {
		tdm_diag_add(d, "practices", 0, 0, "asked of mentees only");
		return TDM_EINVAL;
	}
	if (a->teach < 0 || a->teach > 5) {
		tdm_diag_add(d, "teach", 0, 0, "not a confidence from 1 to "
		    "5");
		return TDM_EINVAL;
	}
	if (a->upward < 0 || a->upward > 5) {
		tdm_diag_add(d, "upward", 0, 0, "not a confidence from 1 to "
		    "5");
		return TDM_EINVAL;
	}
	if ((a->teach == 0) != (a->upward == 0)) {
		tdm_diag_add(d, a->teach == 0 ? "teach" : "upward", 0, 0,
		    "give both confidences, or neither");
		return TDM_EINVAL;
	}
	return TDM_OK;
}

static enum tdm_err
answer_closing(struct tdm_store *st, const struct tdm_actor *actor,
    const struct programme_ref *p,
    const char *member, int64_t en, int mentor,
    const struct tdm_survey_answer *a, struct tdm_diags *d)
{
	struct query	 q;
	char		 now[TIMESTAMP_SIZE];
	enum tdm_err	 err;

	if (strcmp(p->state, "running") != 0 &&
	    strcmp(p->state, "closed") != 0) {
		tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" is %s: the "
		    "closing survey comes once it runs", p->name, p->state);
		return TDM_ESTATE;
	}
	if (a->changed != NULL && strlen(a->changed) > 2000) {
		tdm_diag_add(d, "changed", 0, 0, "longer than 2000 characters");
		return TDM_EINVAL;
	}
	store_timestamp(st, now);
	q = query_start(st, STMT_CLOSING_INSERT);
	bind_int(&q, en);
	bind_int(&q, a->recommend != 0);
	bind_text(&q, a->changed);
	bind_text(&q, now);
	if ((err = query_exec(&q)) == TDM_EINVAL) {
		tdm_diag_add(d, NULL, 0, 0, "%s has answered the survey "
		    "already", member);
		return TDM_EEXIST;
	}
	if (err != TDM_OK || (err = put_levels(st, p->id, en, a->levels,
	    STMT_CLOSING_LEVEL_INSERT, d)) != TDM_OK ||
	    (err = put_codes(st, p->id, en, a->practices, "practices",
	    "closing", d)) != TDM_OK ||
	    (err = put_codes(st, p->id, en, a->taught, "taught", NULL, d)) !=
	    TDM_OK)
		return err;
	if (mentor && a->teach != 0) {
		q = query_start(st, STMT_SURVEY_MENTOR_INSERT);
		bind_int(&q, en);
		bind_int(&q, a->teach);
		bind_int(&q, a->upward);
		if ((err = query_exec(&q)) != TDM_OK)
			return err;
	}
	return audit_append(st, actor, "survey.answer", "programme", p->name,
	    "by %s", member);
}

static enum tdm_err
answer_followup(struct tdm_store *st, const struct tdm_actor *actor,
    const struct programme_ref *p,
    const char *member, int64_t en, int mentor,
    const struct tdm_survey_answer *a, struct tdm_diags *d)
{
	struct query	 q;
	char		 now[TIMESTAMP_SIZE], closed[11], opens[11];
	enum tdm_err	 err;
	int		 open;

	if ((err = followup_day(st, p, closed, opens, &open)) != TDM_OK)
		return err;
	if (!open) {
		tdm_diag_add(d, NULL, 0, 0, "the follow-up survey of \"%s\" "
		    "opens %d days after the programme closes", p->name,
		    TDM_FOLLOWUP_DAYS);
		return TDM_ESTATE;
	}
	if (a->changed != NULL && *a->changed != '\0') {
		tdm_diag_add(d, "changed", 0, 0, "asked in the closing survey "
		    "only");
		return TDM_EINVAL;
	}
	if (a->taught != NULL && *a->taught != '\0') {
		tdm_diag_add(d, "taught", 0, 0, "asked in the closing survey "
		    "only");
		return TDM_EINVAL;
	}
	if (mentor && a->levels != NULL && *a->levels != '\0') {
		tdm_diag_add(d, "levels", 0, 0, "asked of mentees only");
		return TDM_EINVAL;
	}
	store_timestamp(st, now);
	q = query_start(st, STMT_SURVEY_FOLLOWUP_INSERT);
	bind_int(&q, en);
	if (a->teach != 0) {
		bind_int(&q, a->teach);
		bind_int(&q, a->upward);
	} else {
		bind_null(&q);
		bind_null(&q);
	}
	bind_text(&q, now);
	if ((err = query_exec(&q)) == TDM_EINVAL) {
		tdm_diag_add(d, NULL, 0, 0, "%s has answered the follow-up "
		    "survey already", member);
		return TDM_EEXIST;
	}
	if (err != TDM_OK || (err = put_levels(st, p->id, en, a->levels,
	    STMT_SURVEY_FOLLOWUP_LEVEL_INSERT, d)) != TDM_OK ||
	    (err = put_codes(st, p->id, en, a->practices, "practices",
	    "followup", d)) != TDM_OK)
		return err;
	return audit_append(st, actor, "survey.followup", "programme", p->name,
	    "by %s", member);
}

enum tdm_err
tdm_survey_answer(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *member, const struct tdm_survey_answer *a,
    struct tdm_diags *d)
{
	struct programme_ref	 p;
	char			 role[8] = "";
	int64_t			 emp, en;
	enum tdm_err		 err;
	int			 mentor;

	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = programme_find(st, ref, &p, d)) != TDM_OK ||
	    (err = employee_find(st, member, 0, &emp, d)) != TDM_OK ||
	    (err = authorize_self_in(actor, emp, OP_PAIR_ANSWER_OTHER, p.id,
	    d)) != TDM_OK ||
	    (err = find_member(st, &p, member, emp, &en, role, d)) != TDM_OK)
		goto fail;
	mentor = strcmp(role, "mentor") == 0;
	if ((err = check_confidence(a, mentor, d)) != TDM_OK)
		goto fail;
	err = a->stage == TDM_SURVEY_FOLLOWUP ?
	    answer_followup(st, actor, &p, member, en, mentor, a, d) :
	    answer_closing(st, actor, &p, member, en, mentor, a, d);
	if (err != TDM_OK)
		goto fail;
	if ((err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	return err;
}

enum tdm_err
tdm_survey_show(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *member, struct tdm_survey_status *s,
    int (*topic)(void *, const struct tdm_survey_topic *),
    int (*item)(void *, const struct tdm_survey_item *), void *arg,
    struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct query		 q;
	struct tdm_survey_topic	 t;
	struct tdm_survey_item	 it;
	int64_t			 emp, en;
	enum tdm_err		 err;
	int			 stop = 0;

	memset(s, 0, sizeof(*s));
	if ((err = programme_find(st, ref, &p, d)) != TDM_OK ||
	    (err = employee_find(st, member, 0, &emp, d)) != TDM_OK)
		return err;
	if (actor->employee_id != emp) {
		tdm_diag_add(d, NULL, 0, 0, "only %s reads their own survey "
		    "answers", member);
		return TDM_EPERM;
	}
	if ((err = find_member(st, &p, member, emp, &en, s->role, d)) !=
	    TDM_OK)
		return err;
	s->closing_open = strcmp(p.state, "running") == 0 ||
	    strcmp(p.state, "closed") == 0;
	if ((err = followup_day(st, &p, s->closed_on, s->followup_on,
	    &s->followup_open)) != TDM_OK)
		return err;
	q = query_start(st, STMT_SURVEY_CLOSING_GET);
	bind_int(&q, en);
	if (query_row(&q)) {
		s->closing_done = 1;
		s->recommend = (int)col_int(&q);
		snprintf(s->changed, sizeof(s->changed), "%s", col_text(&q));
		col_skip(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	q = query_start(st, STMT_SURVEY_MENTOR_GET);
	bind_int(&q, en);
	if (query_row(&q)) {
		s->teach = (int)col_int(&q);
		s->upward = (int)col_int(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	q = query_start(st, STMT_SURVEY_FOLLOWUP_GET);
	bind_int(&q, en);
	if (query_row(&q)) {
		s->followup_done = 1;
		s->followup_teach = (int)col_int(&q);
		s->followup_upward = (int)col_int(&q);
		col_skip(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	q = query_start(st, STMT_SURVEY_TOPICS);
	bind_int(&q, en);
	bind_int(&q, p.id);
	while (query_row(&q)) {
		t.code = col_text(&q);
		t.label_fr = col_text(&q);
		t.label_en = col_text(&q);
		t.enrolled = (int)col_int(&q);
		t.closing = (int)col_int(&q);
		t.followup = (int)col_int(&q);
		t.taught = (int)col_int(&q);
		t.interest = (int)col_int(&q);
		if (!stop && topic != NULL)
			stop = topic(arg, &t);
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	q = query_start(st, STMT_SURVEY_PRACTICES);
	bind_int(&q, en);
	bind_int(&q, p.id);
	while (query_row(&q)) {
		it.code = col_text(&q);
		it.topic = col_text(&q);
		it.label_fr = col_text(&q);
		it.label_en = col_text(&q);
		it.closing = (int)col_int(&q);
		it.followup = (int)col_int(&q);
		if (!stop && item != NULL)
			stop = item(arg, &it);
	}
	return query_end(&q);
}

/* A JSON string of a code or a timestamp (escaped all the same). */
static void
json_text(struct tdm_buf *b, const char *s)
{
	tdm_buf_addch(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			tdm_buf_addf(b, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			tdm_buf_addf(b, "\\u%04x", (unsigned char)*s);
		else
			tdm_buf_addch(b, *s);
	}
	tdm_buf_addch(b, '"');
}

enum tdm_err
survey_export(struct tdm_store *st, int64_t en, struct tdm_buf *b)
{
	struct query	 q;
	enum tdm_err	 err;
	int		 n, found;

	tdm_buf_adds(b, "{\"mentor_closing\":");
	q = query_start(st, STMT_SURVEY_MENTOR_GET);
	bind_int(&q, en);
	if ((found = query_row(&q))) {
		tdm_buf_addf(b, "{\"teach\":%lld,", (long long)col_int(&q));
		tdm_buf_addf(b, "\"upward\":%lld}", (long long)col_int(&q));
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if (!found)
		tdm_buf_adds(b, "null");
	tdm_buf_adds(b, ",\"taught\":[");
	q = query_start(st, STMT_SURVEY_EXPORT_TAUGHT);
	bind_int(&q, en);
	for (n = 0; query_row(&q); n++) {
		if (n)
			tdm_buf_addch(b, ',');
		json_text(b, col_text(&q));
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	tdm_buf_adds(b, "],\"followup\":");
	q = query_start(st, STMT_SURVEY_FOLLOWUP_GET);
	bind_int(&q, en);
	if ((found = query_row(&q))) {
		int64_t teach = col_int(&q), upward = col_int(&q);

		tdm_buf_adds(b, "{\"at\":");
		json_text(b, col_text(&q));
		if (teach > 0)
			tdm_buf_addf(b, ",\"teach\":%lld,\"upward\":%lld",
			    (long long)teach, (long long)upward);
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if (found) {
		tdm_buf_adds(b, ",\"levels\":[");
		q = query_start(st, STMT_SURVEY_EXPORT_LEVELS);
		bind_int(&q, en);
		for (n = 0; query_row(&q); n++) {
			tdm_buf_adds(b, n ? ",{\"topic\":" : "{\"topic\":");
			json_text(b, col_text(&q));
			tdm_buf_addf(b, ",\"level\":%lld}",
			    (long long)col_int(&q));
		}
		if ((err = query_end(&q)) != TDM_OK)
			return err;
		tdm_buf_adds(b, "]}");
	} else
		tdm_buf_adds(b, "null");
	tdm_buf_adds(b, ",\"practices\":[");
	q = query_start(st, STMT_SURVEY_EXPORT_PRACTICES);
	bind_int(&q, en);
	for (n = 0; query_row(&q); n++) {
		tdm_buf_adds(b, n ? ",{\"item\":" : "{\"item\":");
		json_text(b, col_text(&q));
		tdm_buf_adds(b, ",\"stage\":");
		json_text(b, col_text(&q));
		tdm_buf_addch(b, '}');
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	tdm_buf_adds(b, "]}");
	return TDM_OK;
}

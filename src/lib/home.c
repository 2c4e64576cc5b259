/*
 * The actor's own part in a programme, as their home shows it (issue
 * 15): the partner, their rating of a session, their closing survey.
 * These read nothing but what the person themself is part of.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tandem/home.h"
#include "tandem/lists.h"
#include "tandem/programme.h"
#include "tandem/session.h"
#include "tandem/store.h"
#include "tandem/strbuf.h"
#include "internal.h"

/* The ten weekday half-days, as enrol.c numbers them. */
static const char *const halfdays[] = {
	"mon-am", "mon-pm", "tue-am", "tue-pm", "wed-am", "wed-pm",
	"thu-am", "thu-pm", "fri-am", "fri-pm",
};

/* The topics two enrolments both named, in both languages. */
static enum tdm_err
shared_topics(struct tdm_store *st, int64_t a, int64_t b,
    struct tdm_buf *fr, struct tdm_buf *en)
{
	struct query	 q = query_start(st, STMT_HOME_SHARED_TOPICS);

	bind_int(&q, a);
	bind_int(&q, b);
	while (query_row(&q)) {
		tdm_buf_addf(fr, "%s%s", fr->len ? ", " : "", col_text(&q));
		tdm_buf_addf(en, "%s%s", en->len ? ", " : "", col_text(&q));
	}
	return query_end(&q);
}

/* A pair's row, read whole before the next query starts. */
struct row {
	char	 state[16], role[8], matricule[64], first[256], last[256];
	char	 job[256], dept[256], site[256], email[320];
	char	 answer[16];
	char	 answer_by[TIMESTAMP_SIZE];
	int64_t	 me, them;
	int	 remote, common;
};

#define MAX_PARTNERS 64

enum tdm_err
tdm_partner_each(struct tdm_store *st, const struct tdm_actor *a,
    const char *ref, int (*fn)(void *, const struct tdm_partner *),
    void *arg, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct tdm_partner	 out;
	struct tdm_buf		 fr, en, days;
	struct query		 q;
	static struct row	 none;
	struct row		*rows = NULL, *r;
	size_t			 n = 0, i, k;
	enum tdm_err		 err;

	if ((err = programme_find(st, ref, &p, d)) != TDM_OK)
		return err;
	if (a->employee_id == 0)
		return TDM_OK;
	/* A mentor of a group has several mentees: read them first. */
	if ((rows = calloc(MAX_PARTNERS, sizeof(*rows))) == NULL)
		return TDM_ENOMEM;
	q = query_start(st, STMT_HOME_PARTNERS);
	bind_int(&q, p.id);
	bind_int(&q, a->employee_id);
	while (query_row(&q)) {
		r = n < MAX_PARTNERS ? &rows[n++] : &none;
		snprintf(r->state, sizeof(r->state), "%s", col_text(&q));
		r->me = col_int(&q);
		r->them = col_int(&q);
		snprintf(r->role, sizeof(r->role), "%s", col_text(&q));
		snprintf(r->site, sizeof(r->site), "%s", col_text(&q));
		r->remote = (int)col_int(&q);
		snprintf(r->matricule, sizeof(r->matricule), "%s",
		    col_text(&q));
		snprintf(r->first, sizeof(r->first), "%s", col_text(&q));
		snprintf(r->last, sizeof(r->last), "%s", col_text(&q));
		snprintf(r->job, sizeof(r->job), "%s", col_text(&q));
		snprintf(r->dept, sizeof(r->dept), "%s", col_text(&q));
		snprintf(r->email, sizeof(r->email), "%s", col_text(&q));
		r->common = (int)col_int(&q);
		snprintf(r->answer, sizeof(r->answer), "%s",
		    col_text(&q));
		snprintf(r->answer_by, sizeof(r->answer_by), "%s",
		    col_text(&q));
	}
	if ((err = query_end(&q)) != TDM_OK) {
		free(rows);
		return err;
	}
	tdm_buf_init(&fr);
	tdm_buf_init(&en);
	tdm_buf_init(&days);
	for (i = 0; i < n && err == TDM_OK; i++) {
		r = &rows[i];
		tdm_buf_reset(&fr);
		tdm_buf_reset(&en);
		tdm_buf_reset(&days);
		if ((err = shared_topics(st, r->me, r->them, &fr, &en)) !=
		    TDM_OK)
			break;
		for (k = 0; k < sizeof(halfdays) / sizeof(halfdays[0]); k++)
			if (r->common & (1 << k))
				tdm_buf_addf(&days, "%s%s", days.len ? "," :
				    "", halfdays[k]);
		memset(&out, 0, sizeof(out));
		out.matricule = r->matricule;
		out.first_name = r->first;
		out.last_name = r->last;
		out.role = r->role;
		out.state = r->state;
		out.answer = r->answer;
		out.answer_by = r->answer_by;
		out.job_title = r->job;
		out.department = r->dept;
		out.site = r->site;
		out.remote = r->remote;
		/* The address is for a tandem both have agreed to. */
		out.email = strcmp(r->state, "accepted") == 0 ? r->email : "";
		out.topics_fr = fr.buf;
		out.topics_en = en.buf;
		out.halfdays = days.buf;
		if (fn(arg, &out) != 0)
			break;
	}
	tdm_buf_release(&fr);
	tdm_buf_release(&en);
	tdm_buf_release(&days);
	free(rows);
	return err;
}

enum tdm_err
tdm_feedback_mine(struct tdm_store *st, const struct tdm_actor *a,
    int64_t session, int *rating)
{
	struct query	 q;

	*rating = 0;
	if (a->employee_id == 0)
		return TDM_OK;
	q = query_start(st, STMT_HOME_FEEDBACK_MINE);
	bind_int(&q, session);
	bind_int(&q, a->employee_id);
	while (query_row(&q))
		*rating = (int)col_int(&q);
	return query_end(&q);
}

enum tdm_err
tdm_enrolment_mine(struct tdm_store *st, const struct tdm_actor *a,
    const char *ref, char role[8])
{
	struct programme_ref	 p;
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct query		 q;
	enum tdm_err		 err;

	role[0] = '\0';
	if (a->employee_id == 0)
		return TDM_OK;
	err = programme_find(st, ref, &p, &d);
	tdm_diags_free(&d);
	if (err != TDM_OK)
		return err;
	q = query_start(st, STMT_HOME_ENROLMENT_MINE);
	bind_int(&q, p.id);
	bind_int(&q, a->employee_id);
	while (query_row(&q))
		snprintf(role, 8, "%s", col_text(&q));
	return query_end(&q);
}

enum tdm_err
tdm_survey_mine(struct tdm_store *st, const struct tdm_actor *a,
    const char *ref, int *answered)
{
	struct programme_ref	 p;
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct query		 q;
	enum tdm_err		 err;

	*answered = 0;
	if (a->employee_id == 0)
		return TDM_OK;
	err = programme_find(st, ref, &p, &d);
	tdm_diags_free(&d);
	if (err != TDM_OK)
		return err;
	q = query_start(st, STMT_HOME_SURVEY_MINE);
	bind_int(&q, p.id);
	bind_int(&q, a->employee_id);
	while (query_row(&q))
		*answered = (int)col_int(&q);
	return query_end(&q);
}

enum tdm_err
tdm_programme_figures(struct tdm_store *st, const struct tdm_actor *a,
    const char *ref, time_t now, unsigned flags, struct tdm_figures *f,
    struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct query		 q;
	struct tm		 tm;
	char			 from[24], to[24], at[24];
	enum tdm_err		 err;
	int			 coach = 0;

	memset(f, 0, sizeof(*f));
	if ((err = programme_find(st, ref, &p, d)) != TDM_OK)
		return err;
	if (a->coach_id && (err = coach_follows(st, p.id, a->coach_id,
	    &coach)) != TDM_OK)
		return err;
	/* Counts, no one's row: the report's readers and the coach. */
	if (!coach && (err = authorize_in(a, OP_REPORT_READ, p.id, d)) !=
	    TDM_OK)
		return err;
	gmtime_r(&now, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	strftime(from, sizeof(from), "%Y-%m-01T00:00:00Z", &tm);
	if (++tm.tm_mon == 12) {
		tm.tm_mon = 0;
		tm.tm_year++;
	}
	strftime(to, sizeof(to), "%Y-%m-01T00:00:00Z", &tm);
	q = query_start(st, STMT_HOME_FIGURES);
	bind_int(&q, p.id);
	bind_text(&q, from);
	bind_text(&q, to);
	bind_text(&q, at);
	while (query_row(&q)) {
		f->mentors = (int)col_int(&q);
		f->mentees = (int)col_int(&q);
		f->pairs = (int)col_int(&q);
		f->answers = (int)col_int(&q);
		f->held_month = (int)col_int(&q);
		f->to_confirm = (int)col_int(&q);
		f->to_come = (int)col_int(&q);
		f->cancelled = (int)col_int(&q);
		f->waiting = (int)col_int(&q);
		f->held = (int)col_int(&q);
	}
	if ((err = query_end(&q)) != TDM_OK || !(flags & TDM_FIGURES_RISKS))
		return err;
	return session_risk_count(st, &p, &f->at_risk);
}

/* The programme, for its own coach only. */
static enum tdm_err
coach_open(struct tdm_store *st, const struct tdm_actor *a, const char *ref,
    struct programme_ref *p, struct tdm_diags *d)
{
	enum tdm_err	 err;
	int		 yes = 0;

	if ((err = programme_find(st, ref, p, d)) != TDM_OK)
		return err;
	if (a->coach_id && (err = coach_follows(st, p->id, a->coach_id,
	    &yes)) != TDM_OK)
		return err;
	if (!yes) {
		tdm_diag_add(d, NULL, 0, 0, "only the programme's coach "
		    "keeps notes on its tandems");
		return TDM_EPERM;
	}
	return TDM_OK;
}

/* The columns STMT_COACH_TANDEMS and STMT_COACH_PAGE* begin with. */
static void
coach_tandem_from(struct query *q, struct tdm_coach_tandem *t)
{
	t->mentor = col_text(q);
	t->mentor_name = col_text(q);
	t->mentor_email = col_text(q);
	t->mentee = col_text(q);
	t->mentee_name = col_text(q);
	t->mentee_email = col_text(q);
	t->note = col_text(q);
	t->followed_at = col_text(q);
	t->updated_at = col_text(q);
	t->risk = NULL;
}

enum tdm_err
tdm_coach_tandem_each(struct tdm_store *st, const struct tdm_actor *a,
    const char *ref, int (*fn)(void *, const struct tdm_coach_tandem *),
    void *arg, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct tdm_coach_tandem	 t;
	struct query		 q;
	enum tdm_err		 err;

	if ((err = coach_open(st, a, ref, &p, d)) != TDM_OK)
		return err;
	q = query_start(st, STMT_COACH_TANDEMS);
	bind_int(&q, p.id);
	bind_int(&q, a->coach_id);
	while (query_row(&q)) {
		coach_tandem_from(&q, &t);
		if (fn(arg, &t) != 0)
			break;
	}
	return query_end(&q);
}

/* A page of tandems being read: its reader, the people at risk named. */
struct coach_read {
	int		(*fn)(void *, const struct tdm_coach_tandem *);
	void		*arg;
	int64_t		*who;
	size_t		 n, alloc;
	int		 days, stop;
	size_t		 rows;
};

/*
 * The rows of one part of a page (STMT_COACH_PAGE_RISKY or
 * STMT_COACH_PAGE, whose parameters are those of q's programme): each
 * given to r->fn, with its reason when it is at risk.
 */
static enum tdm_err
coach_rows(struct tdm_store *st, enum stmt which,
    const struct programme_ref *p, const struct tdm_actor *a,
    const char *at, const char *since, int64_t limit, int64_t skip,
    struct coach_read *r)
{
	struct tdm_coach_tandem	 t;
	struct risk_facts	 f;
	struct query		 q;
	char			 reason[256];
	int64_t			 em, ee, *nw;
	time_t			 now = tdm_store_now(st);
	int			 risky;

	memset(&f, 0, sizeof(f));
	f.state = "accepted";	/* and neither withdrew: the tandems */
	q = query_start(st, which);
	bind_int(&q, p->id);
	bind_text(&q, at);
	bind_text(&q, since);
	/* A closed programme's tandems are at risk no more (tdm_watch). */
	bind_int(&q, (tdm_programme_live(p->state) & TDM_LIVE_PAIRS) != 0);
	bind_int(&q, a->coach_id);
	bind_int(&q, limit);
	bind_int(&q, skip);
	while (!r->stop && query_row(&q)) {
		coach_tandem_from(&q, &t);
		em = col_int(&q);
		ee = col_int(&q);
		risky = (int)col_int(&q);
		f.last = col_text(&q);
		f.bymentor = (int)col_int(&q);
		f.bymentee = (int)col_int(&q);
		f.first = col_text(&q);
		f.planned = (int)col_int(&q);
		if (risky) {
			session_risk_reason(&f, r->days, now, reason,
			    sizeof(reason));
			t.risk = reason[0] != '\0' ? reason : NULL;
		}
		if (t.risk != NULL) {
			if (r->n + 2 > r->alloc) {
				r->alloc = r->alloc ? 2 * r->alloc : 64;
				if ((nw = reallocarray(r->who, r->alloc,
				    sizeof(*nw))) == NULL) {
					(void)query_end(&q);
					return TDM_ENOMEM;
				}
				r->who = nw;
			}
			r->who[r->n++] = em;
			r->who[r->n++] = ee;
		}
		r->rows++;
		r->stop = r->fn(r->arg, &t) != 0;
	}
	return query_end(&q);
}

/* One count of the programme's tandems (at risk, or all). */
static enum tdm_err
coach_count(struct tdm_store *st, enum stmt which,
    const struct programme_ref *p, const char *at, const char *since,
    size_t *n)
{
	struct query	 q = query_start(st, which);

	*n = 0;
	bind_int(&q, p->id);
	if (which == STMT_COACH_RISKY_COUNT) {
		bind_text(&q, at);
		bind_text(&q, since);
		bind_int(&q, (tdm_programme_live(p->state) &
		    TDM_LIVE_PAIRS) != 0);
	}
	while (query_row(&q))
		*n = (size_t)col_int(&q);
	return query_end(&q);
}

/*
 * The page is read in two parts (issue 15): the tandems at risk, found
 * by their tallies, then, only when the page goes past them, the
 * others, which are sorted by name; the total is counted apart.
 */
enum tdm_err
tdm_coach_tandem_page(struct tdm_store *st, const struct tdm_actor *a,
    const char *ref, struct tdm_page *pg,
    int (*fn)(void *, const struct tdm_coach_tandem *), void *arg,
    struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct coach_read	 r;
	char			 at[TIMESTAMP_SIZE], since[TIMESTAMP_SIZE];
	int64_t			 limit = pg->limit > 0 ? pg->limit : 0;
	int64_t			 skip = (int64_t)pg->skip;
	size_t			 risky = 0, total = 0;
	enum tdm_err		 err;

	pg->next[0] = '\0';
	pg->total = 0;
	memset(&r, 0, sizeof(r));
	r.fn = fn;
	r.arg = arg;
	if ((err = coach_open(st, a, ref, &p, d)) != TDM_OK ||
	    (err = session_risk_bounds(st, &p, &r.days, at, since)) !=
	    TDM_OK ||
	    (err = coach_count(st, STMT_COACH_RISKY_COUNT, &p, at, since,
	    &risky)) != TDM_OK)
		return err;
	if (limit > 0 && skip < (int64_t)risky)
		err = coach_rows(st, STMT_COACH_PAGE_RISKY, &p, a, at, since,
		    limit, skip, &r);
	if (err == TDM_OK && !r.stop && (int64_t)r.rows < limit)
		err = coach_rows(st, STMT_COACH_PAGE, &p, a, at, since,
		    limit - (int64_t)r.rows, skip > (int64_t)risky ?
		    skip - (int64_t)risky : 0, &r);
	if (err == TDM_OK && r.n > 0)
		err = read_people(st, a, p.id, "risks", r.who, r.n);
	free(r.who);
	if (err == TDM_OK && pg->count && (err = coach_count(st,
	    STMT_COACH_COUNT, &p, at, since, &total)) == TDM_OK)
		pg->total = total;
	return err;
}

/* A note's text: at most 2,000 characters, no control but line breaks. */
static int
note_ok(const char *s, struct tdm_diags *d)
{
	const unsigned char	*c;
	size_t			 n = 0;

	for (c = (const unsigned char *)s; *c != '\0'; c++) {
		if ((*c < 0x20 && *c != '\n' && *c != '\r' && *c != '\t') ||
		    *c == 0x7F) {
			tdm_diag_add(d, "note", 0, 0, "contains a control "
			    "character");
			return 0;
		}
		n += (*c & 0xC0) != 0x80;
	}
	if (n > 2000) {
		tdm_diag_add(d, "note", 0, 0, "longer than 2000 characters");
		return 0;
	}
	return 1;
}

enum tdm_err
tdm_coach_note(struct tdm_store *st, const struct tdm_actor *a,
    const char *ref, const char *mentor, const char *mentee,
    const char *note, int followed, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct query		 q;
	int64_t			 em, ee, pair = 0, nm = 0, ne = 0;
	char			 now[24], id[24];
	const char		*state = "";
	char			 st_[16] = "";
	struct tm		 tm;
	time_t			 t;
	enum tdm_err		 err;

	if (note == NULL)
		note = "";
	if (!note_ok(note, d))
		return TDM_EINVAL;
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = coach_open(st, a, ref, &p, d)) != TDM_OK ||
	    (err = employee_find(st, mentor, 0, &em, d)) != TDM_OK ||
	    (err = employee_find(st, mentee, 0, &ee, d)) != TDM_OK)
		goto fail;
	q = query_start(st, STMT_PAIR_FIND);
	bind_int(&q, p.id);
	bind_int(&q, ee);
	bind_int(&q, em);
	while (query_row(&q)) {
		pair = col_int(&q);
		snprintf(st_, sizeof(st_), "%s", col_text(&q));
		col_skip(&q);
		nm = col_int(&q);
		ne = col_int(&q);
		col_skip(&q);
		col_skip(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto fail;
	state = st_;
	if (pair == 0 || strcmp(state, "accepted") != 0) {
		tdm_diag_add(d, NULL, 0, 0, "the mentor and the mentee "
		    "named form no tandem in this programme");
		err = TDM_ENOENT;
		goto fail;
	}
	t = tdm_store_now(st);
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	q = query_start(st, STMT_COACH_NOTE_SET);
	bind_int(&q, p.id);
	bind_int(&q, a->coach_id);
	bind_int(&q, nm);
	bind_int(&q, ne);
	bind_text(&q, note);
	bind_int(&q, followed != 0);
	bind_text(&q, now);
	if ((err = query_exec(&q)) != TDM_OK)
		goto fail;
	/* Ids only: the note, private to the coach, stays out of the log. */
	snprintf(id, sizeof(id), "%lld", (long long)pair);
	if ((err = audit_append(st, a, "coach.note", "pair", id, "%s",
	    followed ? "followed" : "note")) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	return err;
}

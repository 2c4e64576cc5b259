/*
 * The transactional outbox: the messages an act writes in its own
 * transaction, and the periodic ones (reminders, nudges, digests).
 *
 * A hook reads what the act changed and queues one row per recipient,
 * with a dedup key naming the message's subject and recipient; the
 * outbox's UNIQUE constraint on it makes every hook idempotent.  The
 * Message-ID is derived from that key and the installation's random
 * identifier, so it never changes, whoever sends it and however often.
 * What the message says is stored as template variables; the text is
 * rendered at delivery (mail_msg.c), except a session's calendar part,
 * which is written here, as the session stands at the act.
 *
 * A planning is the exception that keeps the rule: its tens of
 * thousands of sessions are queued as one row of mail_batch, written
 * with the act, which delivery turns into the same messages, dated and
 * keyed as the act would have written them (outbox_planned()).
 *
 * Nothing private goes into a message: no cancellation reason, decline
 * note, rating or comment is ever read here.  A partner's name is given
 * once the pair is published, never before.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tandem/ical.h"
#include "tandem/mail.h"
#include "tandem/role.h"
#include "tandem/session.h"
#include "tandem/store.h"
#include "internal.h"
#include "lifecycle.h"
#include "outbox.h"

#define MAXMEMBERS	64
#define RECENT		120	/* seconds: the session hook's window */
#define DAY		86400
#define INLINE		500	/* sessions a planning queues itself */
#define CHUNK		2000	/* sessions delivery queues per transaction */

/* What every message of a hook shares. */
struct ctx {
	struct tdm_store	*st;
	char			 id[MAIL_ID_SIZE];
	char			 from[MAIL_ADDR_SIZE];
	char			 url[MAIL_ADDR_SIZE];
	const char		*domain;
	char			 now[TIMESTAMP_SIZE];
	time_t			 at;		/* now, as a time */
	int64_t			 shared;	/* mail_vars row, or 0 */
};

/* A recipient. */
struct rcpt {
	int64_t	 employee, coach;
	char	 name[256];
	char	 addr[256];
	char	 lang[3];
	int	 found;
};

enum tdm_err
mail_installation(struct tdm_store *st, char *id, char *from, char *url)
{
	struct query	 q = query_start(st, STMT_MAIL_INSTALLATION);

	snprintf(id, MAIL_ID_SIZE, "0");
	snprintf(from, MAIL_ADDR_SIZE, "tandem@localhost");
	snprintf(url, MAIL_ADDR_SIZE, "http://localhost:8080");
	if (query_row(&q)) {
		snprintf(id, MAIL_ID_SIZE, "%s", col_text(&q));
		snprintf(from, MAIL_ADDR_SIZE, "%s", col_text(&q));
		snprintf(url, MAIL_ADDR_SIZE, "%s", col_text(&q));
	}
	return query_end(&q);
}

enum tdm_err
mail_uid(struct tdm_store *st, int64_t programme, int64_t mentor,
    int64_t mentee, int seq, char *uid, size_t size)
{
	char		 id[MAIL_ID_SIZE], from[MAIL_ADDR_SIZE];
	char		 url[MAIL_ADDR_SIZE];
	enum tdm_err	 err;

	if ((err = mail_installation(st, id, from, url)) != TDM_OK)
		return err;
	mail_uid_of(id, programme, mentor, mentee, seq, uid, size);
	return TDM_OK;
}

void
mail_uid_of(const char *id, int64_t programme, int64_t mentor,
    int64_t mentee, int seq, char *uid, size_t size)
{
	snprintf(uid, size, "tandem-p%lld-m%lld-e%lld-s%d-%s@tandem",
	    (long long)programme, (long long)mentor, (long long)mentee, seq,
	    id);
}

int
mail_discreet(struct tdm_store *st, int64_t programme)
{
	/* No programme has the option yet: this is where it will be read. */
	(void)st;
	(void)programme;
	return 0;
}

static enum tdm_err
ctx_open(struct tdm_store *st, struct ctx *c)
{
	const char	*at;
	size_t		 n;
	enum tdm_err	 err;

	c->st = st;
	c->shared = 0;
	c->at = tdm_store_now(st);
	store_timestamp(st, c->now);
	if ((err = mail_installation(st, c->id, c->from, c->url)) != TDM_OK)
		return err;
	/* No slash at the end, so that "{url}/programmes" reads well. */
	n = strlen(c->url);
	while (n > 0 && c->url[n - 1] == '/')
		c->url[--n] = '\0';
	at = strrchr(c->from, '@');
	c->domain = at != NULL && at[1] != '\0' ? at + 1 : "tandem";
	return TDM_OK;
}

/* "fr" or "en" from a person's language setting. */
static void
lang_of(const char *s, char lang[3])
{
	snprintf(lang, 3, "%s", s != NULL && strncmp(s, "en", 2) == 0 ?
	    "en" : "fr");
}

static enum tdm_err
person(struct tdm_store *st, int64_t employee, struct rcpt *r)
{
	struct query	 q = query_start(st, STMT_MAIL_PERSON);

	memset(r, 0, sizeof(*r));
	r->employee = employee;
	bind_int(&q, employee);
	if (query_row(&q)) {
		snprintf(r->name, sizeof(r->name), "%s", col_text(&q));
		snprintf(r->addr, sizeof(r->addr), "%s", col_text(&q));
		lang_of(col_text(&q), r->lang);
		r->found = col_int(&q) == 1 && r->addr[0] != '\0';
	}
	return query_end(&q);
}

static enum tdm_err
coach(struct tdm_store *st, int64_t id, struct rcpt *r)
{
	struct query	 q = query_start(st, STMT_MAIL_COACH);

	memset(r, 0, sizeof(*r));
	r->coach = id;
	bind_int(&q, id);
	if (query_row(&q)) {
		snprintf(r->name, sizeof(r->name), "%s", col_text(&q));
		snprintf(r->addr, sizeof(r->addr), "%s", col_text(&q));
		lang_of(col_text(&q), r->lang);
		r->found = r->addr[0] != '\0';
	}
	return query_end(&q);
}

/*
 * Queue one row.  The dedup key is the kind, what it is about and the
 * recipient; the Message-ID is that key made safe, the installation's
 * identifier and the sender's domain.
 */
static enum tdm_err
queue_to(struct ctx *c, enum mail_kind kind, const struct rcpt *r,
    int64_t programme, const char *about, struct tdm_buf *vars,
    const char *ical)
{
	struct query	 q;
	char		 dedup[256], msgid[512], *p;
	size_t		 len = vars->len;
	enum tdm_err	 err;

	if (!r->found)
		return TDM_OK;
	snprintf(dedup, sizeof(dedup), "%s.%s.%c%lld", mail_kind_name(kind),
	    about, r->coach ? 'c' : 'e',
	    (long long)(r->coach ? r->coach : r->employee));
	snprintf(msgid, sizeof(msgid), "tandem.%s.%s@%s", dedup, c->id,
	    c->domain);
	for (p = msgid; *p != '@'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-'))
			*p = '-';
	mail_var(vars, "name", r->name);
	if (vars->failed)
		return TDM_ENOMEM;
	q = query_start(c->st, c->shared ? STMT_MAIL_QUEUE_SHARED :
	    STMT_MAIL_QUEUE);
	bind_text(&q, dedup);
	bind_text(&q, msgid);
	bind_text(&q, mail_kind_name(kind));
	if (programme)
		bind_int(&q, programme);
	else
		bind_null(&q);
	if (r->employee)
		bind_int(&q, r->employee);
	else
		bind_null(&q);
	if (r->coach)
		bind_int(&q, r->coach);
	else
		bind_null(&q);
	bind_text(&q, r->lang);
	bind_text(&q, r->name);
	bind_text(&q, r->addr);
	bind_text(&q, vars->buf);
	bind_text(&q, ical);
	bind_text(&q, c->now);
	bind_text(&q, c->now);
	if (c->shared)
		bind_int(&q, c->shared);
	err = query_exec(&q);
	/* The recipient's own variables go; the shared ones stay. */
	tdm_buf_truncate(vars, len);
	return err;
}

enum tdm_err
outbox_queue(struct tdm_store *st, enum mail_kind kind, int64_t employee,
    int64_t coachid, int64_t programme, const char *dedup, const char *vars,
    const char *ical)
{
	struct ctx	 c;
	struct rcpt	 r;
	struct tdm_buf	 v = TDM_BUF_INIT;
	enum tdm_err	 err;

	if ((err = ctx_open(st, &c)) != TDM_OK ||
	    (err = employee ? person(st, employee, &r) : coach(st, coachid,
	    &r)) != TDM_OK)
		return err;
	tdm_buf_adds(&v, vars ? vars : "");
	err = queue_to(&c, kind, &r, programme, dedup, &v, ical);
	tdm_buf_release(&v);
	return err;
}

/* A programme's name and the facts the hooks need. */
struct prog {
	int64_t	 id, coach, event;
	char	 name[512];
	char	 purpose[1024];
	char	 dept[256], site[256], gen[64];
};

static enum tdm_err
prog_load(struct tdm_store *st, int64_t id, struct prog *p)
{
	struct query	 q = query_start(st, STMT_MAIL_PROGRAMME);

	memset(p, 0, sizeof(*p));
	p->id = id;
	bind_int(&q, id);
	if (query_row(&q)) {
		snprintf(p->name, sizeof(p->name), "%s", col_text(&q));
		snprintf(p->purpose, sizeof(p->purpose), "%s", col_text(&q));
		snprintf(p->dept, sizeof(p->dept), "%s", col_text(&q));
		snprintf(p->site, sizeof(p->site), "%s", col_text(&q));
		snprintf(p->gen, sizeof(p->gen), "%s", col_text(&q));
		p->coach = col_int(&q);
		p->event = col_int(&q);
	}
	return query_end(&q);
}

static void
prog_vars(struct tdm_buf *v, const struct prog *p)
{
	mail_var(v, "programme", p->name);
	mail_varf(v, "pid", "%lld", (long long)p->id);
}

/*
 * Collect the ids a one-column statement gives for one id (arg), or
 * with no parameter (arg -1).
 */
static enum tdm_err
ids_of(struct tdm_store *st, enum stmt s, int64_t arg, int64_t **ids,
    size_t *n)
{
	struct query	 q = query_start(st, s);
	size_t		 alloc = 0;
	int64_t		*p;

	*ids = NULL;
	*n = 0;
	if (arg >= 0)
		bind_int(&q, arg);
	while (query_row(&q)) {
		if (*n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			if ((p = reallocarray(*ids, alloc, sizeof(*p))) ==
			    NULL) {
				(void)query_end(&q);
				return TDM_ENOMEM;
			}
			*ids = p;
		}
		(*ids)[(*n)++] = col_int(&q);
	}
	return query_end(&q);
}

/* Queue kind for each employee of ids (but skip). */
static enum tdm_err
queue_each(struct ctx *c, enum mail_kind kind, const int64_t *ids,
    size_t n, int64_t skip, const struct prog *p, const char *about,
    struct tdm_buf *v)
{
	struct rcpt	 r;
	enum tdm_err	 err;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (ids[i] == skip)
			continue;
		if ((err = person(c->st, ids[i], &r)) != TDM_OK ||
		    (err = queue_to(c, kind, &r, p->id, about, v, NULL)) !=
		    TDM_OK)
			return err;
	}
	return TDM_OK;
}

/*
 * The audience of an opening programme, read and queued in one pass.
 * What every message says (the programme, its purpose) is stored once,
 * each row keeping only its recipient's name: 100,000 recipients write
 * 100,000 short rows, not 100,000 copies of the purpose.
 */
static enum tdm_err
announce(struct ctx *c, const struct prog *p, struct tdm_buf *v)
{
	struct query	 q;
	struct rcpt	 r;
	char		 about[32];
	enum tdm_err	 err = TDM_OK;

	snprintf(about, sizeof(about), "p%lld", (long long)p->id);
	mail_var(v, "purpose", p->purpose);
	if (v->failed)
		return TDM_ENOMEM;
	q = query_start(c->st, STMT_MAIL_SHARED_INSERT);
	bind_text(&q, v->buf);
	if ((err = query_exec(&q)) != TDM_OK)
		return err;
	c->shared = store_last_id(c->st);
	tdm_buf_reset(v);
	q = query_start(c->st, STMT_MAIL_AUDIENCE);
	bind_text(&q, p->dept);
	bind_text(&q, p->site);
	bind_text(&q, p->gen);
	while (err == TDM_OK && query_row(&q)) {
		memset(&r, 0, sizeof(r));
		r.employee = col_int(&q);
		snprintf(r.name, sizeof(r.name), "%s", col_text(&q));
		snprintf(r.addr, sizeof(r.addr), "%s", col_text(&q));
		lang_of(col_text(&q), r.lang);
		r.found = r.addr[0] != '\0';
		err = queue_to(c, MAIL_ANNOUNCE, &r, p->id, about, v, NULL);
	}
	c->shared = 0;
	if (err != TDM_OK) {
		(void)query_end(&q);
		return err;
	}
	return query_end(&q);
}

enum tdm_err
outbox_programme(struct tdm_store *st, int64_t programme, int to,
    const char *note)
{
	struct ctx	 c;
	struct prog	 p;
	struct tdm_buf	 v = TDM_BUF_INIT;
	struct rcpt	 r;
	int64_t		*ids = NULL, submitter = 0;
	size_t		 n = 0;
	char		 about[48];
	enum tdm_err	 err;

	if (to != ST_SUBMITTED && to != ST_APPROVED && to != ST_DRAFT &&
	    to != ST_OPEN && to != ST_CLOSED)
		return TDM_OK;
	if ((err = ctx_open(st, &c)) != TDM_OK ||
	    (err = prog_load(st, programme, &p)) != TDM_OK)
		return err;
	prog_vars(&v, &p);
	/* Each transition is its own event: a second submission tells
	 * the sponsors again. */
	snprintf(about, sizeof(about), "p%lld.v%lld", (long long)p.id,
	    (long long)p.event);
	if ((err = ids_of(st, STMT_MAIL_SUBMITTER, p.id, &ids, &n)) !=
	    TDM_OK)
		goto out;
	submitter = n > 0 ? ids[0] : 0;
	free(ids);
	ids = NULL;
	switch (to) {
	case ST_SUBMITTED:
		if ((err = ids_of(st, STMT_MAIL_SPONSORS, -1, &ids, &n)) ==
		    TDM_OK)
			err = queue_each(&c, MAIL_APPROVAL, ids, n, submitter,
			    &p, about, &v);
		break;
	case ST_APPROVED:
	case ST_DRAFT:
		if (submitter == 0)
			break;
		mail_var(&v, "note", note);
		if ((err = person(st, submitter, &r)) == TDM_OK)
			err = queue_to(&c, to == ST_DRAFT ? MAIL_RETURNED :
			    MAIL_APPROVED, &r, p.id, about, &v, NULL);
		break;
	case ST_OPEN:
		err = announce(&c, &p, &v);
		break;
	case ST_CLOSED:
		snprintf(about, sizeof(about), "p%lld", (long long)p.id);
		if ((err = ids_of(st, STMT_MAIL_MEMBERS, p.id, &ids, &n)) ==
		    TDM_OK &&
		    (err = queue_each(&c, MAIL_SURVEY, ids, n, 0, &p, about,
		    &v)) == TDM_OK)
			err = outbox_sessions(st);
		break;
	}
out:
	free(ids);
	if (err == TDM_OK && v.failed)
		err = TDM_ENOMEM;
	tdm_buf_release(&v);
	return err;
}

/* "mentor" or "mentee" in the recipient's language. */
static const char *
role_word(const char *role, const char *lang)
{
	int	 en = strcmp(lang, "en") == 0;

	if (strcmp(role, "mentor") == 0)
		return "mentor";
	return en ? "mentee" : "mentoré(e)";
}

enum tdm_err
outbox_enrolled(struct tdm_store *st, int64_t enrolment)
{
	struct query	 q = query_start(st, STMT_MAIL_ENROLMENT);
	struct ctx	 c;
	struct prog	 p;
	struct rcpt	 r;
	struct tdm_buf	 v = TDM_BUF_INIT;
	int64_t		 emp = 0, prog = 0;
	char		 role[16] = "", about[32];
	enum tdm_err	 err;

	bind_int(&q, enrolment);
	if (query_row(&q)) {
		emp = col_int(&q);
		prog = col_int(&q);
		snprintf(role, sizeof(role), "%s", col_text(&q));
	}
	if ((err = query_end(&q)) != TDM_OK || emp == 0)
		return err;
	if ((err = ctx_open(st, &c)) != TDM_OK ||
	    (err = prog_load(st, prog, &p)) != TDM_OK ||
	    (err = person(st, emp, &r)) != TDM_OK)
		return err;
	prog_vars(&v, &p);
	mail_var(&v, "role", role_word(role, r.lang));
	snprintf(about, sizeof(about), "n%lld", (long long)enrolment);
	err = queue_to(&c, MAIL_ENROLLED, &r, p.id, about, &v, NULL);
	tdm_buf_release(&v);
	return err;
}

struct pairrow {
	int64_t	 id, mentor, mentee;
	char	 mentor_answer[16], mentee_answer[16];
	int	 published;
	char	 deadline[16];	/* dd/mm/yyyy, Paris */
};

/* The end of the Paris day days after now, as an ISO UTC timestamp. */
static void
deadline_of(time_t now, int days, char buf[TIMESTAMP_SIZE])
{
	time_t		 t = now + (time_t)days * DAY, local, end;
	struct tm	 tm;

	local = t + tdm_paris_offset(t);
	end = local - local % DAY + DAY - 1;
	end -= tdm_paris_offset(t);
	gmtime_r(&end, &tm);
	strftime(buf, TIMESTAMP_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
mail_date(const char *iso, char buf[16])
{
	struct tm	 tm;
	time_t		 t;

	buf[0] = '\0';
	memset(&tm, 0, sizeof(tm));
	if (iso == NULL || strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm) == NULL)
		return;
	t = timegm(&tm);
	t += tdm_paris_offset(t);
	gmtime_r(&t, &tm);
	strftime(buf, 16, "%d/%m/%Y", &tm);
}

void
tdm_date_words(const char *iso, const char *lang, char *buf, size_t size)
{
	static const char *const fr[] = { "janvier", "février", "mars",
	    "avril", "mai", "juin", "juillet", "août", "septembre",
	    "octobre", "novembre", "décembre" };
	static const char *const en[] = { "January", "February", "March",
	    "April", "May", "June", "July", "August", "September",
	    "October", "November", "December" };
	struct tm	 tm;
	time_t		 t;

	if (size > 0)
		buf[0] = '\0';
	memset(&tm, 0, sizeof(tm));
	if (iso == NULL || strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm) == NULL)
		return;
	t = timegm(&tm);
	t += tdm_paris_offset(t);
	gmtime_r(&t, &tm);
	snprintf(buf, size, "%d %s %d", tm.tm_mday, lang != NULL &&
	    strcmp(lang, "en") == 0 ? en[tm.tm_mon] : fr[tm.tm_mon],
	    tm.tm_year + 1900);
}

/*
 * Give the pairs of programme just published their deadline: the end
 * of the Paris day the programme's answer_days after now.  Pairs that
 * have one keep it.
 */
static enum tdm_err
deadlines_set(struct ctx *c, int64_t programme)
{
	struct query	 q = query_start(c->st, STMT_MAIL_ANSWER_DAYS);
	char		 by[TIMESTAMP_SIZE];
	int		 days = 7;
	enum tdm_err	 err;

	bind_int(&q, programme);
	if (query_row(&q))
		days = (int)col_int(&q);
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	deadline_of(tdm_store_now(c->st), days, by);
	q = query_start(c->st, STMT_MAIL_DEADLINE_SET);
	bind_text(&q, by);
	bind_int(&q, programme);
	return query_exec(&q);
}

static enum tdm_err
pair_deadline(struct tdm_store *st, struct pairrow *pr)
{
	struct query	 q = query_start(st, STMT_MAIL_PAIR_DEADLINE);

	pr->deadline[0] = '\0';
	bind_int(&q, pr->id);
	if (query_row(&q))
		mail_date(col_text(&q), pr->deadline);
	return query_end(&q);
}

/* Tell one side of a pair about the other. */
static enum tdm_err
pair_tell(struct ctx *c, const struct prog *p, enum mail_kind kind,
    const struct pairrow *pr, int to_mentor, const char *answer,
    struct tdm_buf *v)
{
	struct rcpt	 r, other;
	char		 about[48];
	size_t		 len = v->len;
	enum tdm_err	 err;
	int		 en;

	if ((err = person(c->st, to_mentor ? pr->mentor : pr->mentee, &r)) !=
	    TDM_OK || (err = person(c->st, to_mentor ? pr->mentee :
	    pr->mentor, &other)) != TDM_OK)
		return err;
	en = strcmp(r.lang, "en") == 0;
	mail_var(v, "partner", other.name);
	if (pr->deadline[0] != '\0')
		mail_var(v, "deadline", pr->deadline);
	mail_var(v, "partner_role", role_word(to_mentor ? "mentee" : "mentor",
	    r.lang));
	if (answer != NULL)
		mail_var(v, "answer", strcmp(answer, "accepted") == 0 ?
		    (en ? "accepted" : "accepté") : (en ? "declined" :
		    "décliné"));
	snprintf(about, sizeof(about), "pr%lld%s", (long long)pr->id,
	    answer == NULL ? "" : to_mentor ? ".mentee" : ".mentor");
	err = queue_to(c, kind, &r, p->id, about, v, NULL);
	tdm_buf_truncate(v, len);
	return err;
}

enum tdm_err
outbox_pairs(struct tdm_store *st, int64_t programme, int64_t pair)
{
	struct query	 q;
	struct ctx	 c;
	struct prog	 p;
	struct tdm_buf	 v = TDM_BUF_INIT;
	struct pairrow	*rows = NULL, *np;
	size_t		 n = 0, alloc = 0, i;
	enum tdm_err	 err;

	if ((err = ctx_open(st, &c)) != TDM_OK ||
	    (err = prog_load(st, programme, &p)) != TDM_OK ||
	    (err = deadlines_set(&c, programme)) != TDM_OK)
		return err;
	q = query_start(st, pair ? STMT_MAIL_PAIR : STMT_MAIL_PAIRS);
	bind_int(&q, pair ? pair : programme);
	while (query_row(&q)) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 32;
			if ((np = reallocarray(rows, alloc, sizeof(*np))) ==
			    NULL) {
				(void)query_end(&q);
				free(rows);
				return TDM_ENOMEM;
			}
			rows = np;
		}
		rows[n].id = col_int(&q);
		rows[n].mentor = col_int(&q);
		rows[n].mentee = col_int(&q);
		snprintf(rows[n].mentor_answer, 16, "%s", col_text(&q));
		snprintf(rows[n].mentee_answer, 16, "%s", col_text(&q));
		rows[n].published = (int)col_int(&q);
		rows[n].deadline[0] = '\0';
		n++;
	}
	if ((err = query_end(&q)) != TDM_OK) {
		free(rows);
		return err;
	}
	prog_vars(&v, &p);
	for (i = 0; i < n && err == TDM_OK; i++) {
		if (rows[i].published &&
		    (err = pair_deadline(st, &rows[i])) != TDM_OK)
			break;
		/* A proposal, to whoever has not answered it yet. */
		if (rows[i].published && rows[i].mentor_answer[0] == '\0')
			err = pair_tell(&c, &p, MAIL_PROPOSAL, &rows[i], 1,
			    NULL, &v);
		if (err == TDM_OK && rows[i].published &&
		    rows[i].mentee_answer[0] == '\0')
			err = pair_tell(&c, &p, MAIL_PROPOSAL, &rows[i], 0,
			    NULL, &v);
		/* Each answer, to the other side. */
		if (err == TDM_OK && rows[i].mentor_answer[0] != '\0')
			err = pair_tell(&c, &p, MAIL_ANSWER, &rows[i], 0,
			    rows[i].mentor_answer, &v);
		if (err == TDM_OK && rows[i].mentee_answer[0] != '\0')
			err = pair_tell(&c, &p, MAIL_ANSWER, &rows[i], 1,
			    rows[i].mentee_answer, &v);
	}
	free(rows);
	tdm_buf_release(&v);
	return err;
}

struct sess {
	int64_t	 id, programme, mentor, mentee;
	int	 seq, minutes, sequence;
	char	 name[512];
	char	 uid[128];
	char	 start_at[TIMESTAMP_SIZE];
	char	 state[16];
};

static time_t
utc_of(const char *s)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	if (strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm) == NULL)
		return 0;
	return timegm(&tm);
}

/* A session's Paris time, as a sentence in the recipient's language. */
static void
when_text(time_t t, const char *lang, char *buf, size_t size)
{
	static const char *const jours[] = { "dimanche", "lundi", "mardi",
	    "mercredi", "jeudi", "vendredi", "samedi" };
	static const char *const mois[] = { "janvier", "février", "mars",
	    "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
	    "novembre", "décembre" };
	static const char *const days[] = { "Sunday", "Monday", "Tuesday",
	    "Wednesday", "Thursday", "Friday", "Saturday" };
	static const char *const months[] = { "January", "February", "March",
	    "April", "May", "June", "July", "August", "September", "October",
	    "November", "December" };
	struct tm	 tm;
	time_t		 local = t + tdm_paris_offset(t);

	gmtime_r(&local, &tm);
	if (strcmp(lang, "en") == 0)
		snprintf(buf, size, "%s %d %s %d, %02d:%02d",
		    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		    tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
	else
		snprintf(buf, size, "%s %d %s %d à %02d h %02d",
		    jours[tm.tm_wday], tm.tm_mday, mois[tm.tm_mon],
		    tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

/* The sessions a started, bound query gives (sess's columns). */
static enum tdm_err
sessions_of(struct query *qp, struct sess **out, size_t *n)
{
	struct query	 q = *qp;
	struct sess	*rows = NULL, *np, *r;
	size_t		 alloc = 0;

	*n = 0;
	while (query_row(&q)) {
		if (*n == alloc) {
			alloc = alloc ? alloc * 2 : 32;
			if ((np = reallocarray(rows, alloc, sizeof(*np))) ==
			    NULL) {
				(void)query_end(&q);
				free(rows);
				return TDM_ENOMEM;
			}
			rows = np;
		}
		r = &rows[(*n)++];
		r->id = col_int(&q);
		r->programme = col_int(&q);
		snprintf(r->name, sizeof(r->name), "%s", col_text(&q));
		r->mentor = col_int(&q);
		r->mentee = col_int(&q);
		r->seq = (int)col_int(&q);
		snprintf(r->uid, sizeof(r->uid), "%s", col_text(&q));
		snprintf(r->start_at, sizeof(r->start_at), "%s", col_text(&q));
		r->minutes = (int)col_int(&q);
		snprintf(r->state, sizeof(r->state), "%s", col_text(&q));
		r->sequence = (int)col_int(&q);
	}
	*out = rows;
	return query_end(&q);
}

static enum tdm_err
sessions_read(struct tdm_store *st, enum stmt s, const char *a,
    const char *b, struct sess **out, size_t *n)
{
	struct query	 q = query_start(st, s);

	bind_text(&q, a);
	if (b != NULL)
		bind_text(&q, b);
	return sessions_of(&q, out, n);
}

static enum tdm_err
members_of(struct tdm_store *st, const struct sess *s, struct rcpt *m,
    size_t *n)
{
	struct query	 q = query_start(st, STMT_MAIL_SESSION_MEMBERS);
	char		*p;

	*n = 0;
	bind_int(&q, s->mentor);
	bind_int(&q, s->mentee);
	bind_int(&q, s->programme);
	while (query_row(&q)) {
		if (*n == MAXMEMBERS) {
			col_skip(&q);
			col_skip(&q);
			col_skip(&q);
			col_skip(&q);
			col_skip(&q);
			continue;
		}
		memset(&m[*n], 0, sizeof(m[*n]));
		m[*n].employee = col_int(&q);
		snprintf(m[*n].name, sizeof(m[*n].name), "%s", col_text(&q));
		snprintf(m[*n].addr, sizeof(m[*n].addr), "%s", col_text(&q));
		lang_of(col_text(&q), m[*n].lang);
		col_skip(&q);
		m[*n].found = m[*n].addr[0] != '\0';
		for (p = m[*n].name; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = ' ';
		(*n)++;
	}
	return query_end(&q);
}

/* The title of a session in a language, discreet or not. */
static void
title_of(const struct sess *s, int discreet, const char *lang, char *buf,
    size_t size)
{
	int	 en = strcmp(lang, "en") == 0;

	if (discreet)
		snprintf(buf, size, "%s", en ? "Appointment" : "Rendez-vous");
	else if (en)
		snprintf(buf, size, "Tandem \"%s\": session %d", s->name,
		    s->seq);
	else
		snprintf(buf, size, "Tandem « %s » : séance %d", s->name,
		    s->seq);
}

/*
 * The calendar part for one member: the session with every member as
 * an attendee and Tandem's sender as the organizer, in the member's
 * language.
 */
static enum tdm_err
session_ical(struct ctx *c, const struct sess *s, const struct rcpt *m,
    size_t n, const char *lang, int discreet, int cancel,
    struct tdm_buf *out)
{
	struct tdm_ical_person	 people[MAXMEMBERS];
	struct tdm_ical_event	 ev;
	char			 summary[700];
	size_t			 i, k = 0;

	for (i = 0; i < n; i++)
		if (mail_addr_ok(m[i].addr)) {
			people[k].name = m[i].name;
			people[k].email = m[i].addr;
			k++;
		}
	title_of(s, discreet, lang, summary, sizeof(summary));
	memset(&ev, 0, sizeof(ev));
	ev.uid = s->uid;
	ev.sequence = s->sequence;
	ev.start = utc_of(s->start_at);
	ev.minutes = s->minutes;
	ev.summary = summary;
	ev.description = discreet ? NULL : strcmp(lang, "en") == 0 ?
	    "A reverse-mentoring session organised with Tandem. What is "
	    "said there stays between its participants." :
	    "Séance de mentorat inversé organisée avec Tandem. Ce qui s'y "
	    "dit reste entre ses participants.";
	ev.cancelled = cancel;
	ev.organizer.name = "Tandem";
	ev.organizer.email = c->from;
	ev.attendees = people;
	ev.nattendees = k;
	return tdm_ical_write(out, cancel ? TDM_ICAL_CANCEL : TDM_ICAL_REQUEST,
	    c->at, &ev, 1);
}

/* The messages of one session to each member. */
static enum tdm_err
session_tell(struct ctx *c, const struct sess *s, enum mail_kind kind,
    struct rcpt *m, size_t n)
{
	struct tdm_buf	 v = TDM_BUF_INIT, ical = TDM_BUF_INIT;
	char		 about[200], title[700], when[96];
	size_t		 i;
	int		 discreet = mail_discreet(c->st, s->programme);
	time_t		 start = utc_of(s->start_at);
	enum tdm_err	 err = TDM_OK;

	if (kind == MAIL_REMINDER)
		snprintf(about, sizeof(about), "s%lld.%s", (long long)s->id,
		    s->start_at);
	else
		snprintf(about, sizeof(about), "s%lld.q%d", (long long)s->id,
		    s->sequence);
	for (i = 0; i < n && err == TDM_OK; i++) {
		tdm_buf_reset(&v);
		tdm_buf_reset(&ical);
		title_of(s, discreet, m[i].lang, title, sizeof(title));
		when_text(start, m[i].lang, when, sizeof(when));
		mail_var(&v, "programme", discreet ? "" : s->name);
		mail_varf(&v, "pid", "%lld", (long long)s->programme);
		mail_var(&v, "title", title);
		mail_var(&v, "when", when);
		mail_varf(&v, "minutes", "%d", s->minutes);
		mail_var(&v, "uid", s->uid);
		/* A calendar part that cannot be written (a name that is
		 * not UTF-8) leaves the message without one, and the act
		 * stands. */
		if ((kind == MAIL_SESSION || kind == MAIL_CANCEL) &&
		    (err = session_ical(c, s, m, n, m[i].lang, discreet,
		    kind == MAIL_CANCEL, &ical)) != TDM_OK) {
			if (err != TDM_EINVAL)
				break;
			tdm_buf_reset(&ical);
		}
		err = queue_to(c, kind, &m[i], s->programme, about, &v,
		    ical.len > 0 ? ical.buf : NULL);
	}
	tdm_buf_release(&v);
	tdm_buf_release(&ical);
	return err;
}

/*
 * Tell the members of each session what became of it as c->at: planned
 * or moved (a request), cancelled, or held (the feedback request).
 */
static enum tdm_err
sessions_tell(struct ctx *c, const struct sess *rows, size_t n)
{
	struct rcpt	*m;
	size_t		 nm, i;
	enum tdm_err	 err = TDM_OK;
	enum mail_kind	 kind;

	if (n == 0)
		return TDM_OK;
	if ((m = calloc(MAXMEMBERS, sizeof(*m))) == NULL)
		return TDM_ENOMEM;
	for (i = 0; i < n && err == TDM_OK; i++) {
		if (strcmp(rows[i].state, "held") == 0)
			kind = MAIL_FEEDBACK;
		else if (utc_of(rows[i].start_at) < c->at)
			continue;	/* past: nothing to put in a calendar */
		else if (strcmp(rows[i].state, "cancelled") == 0)
			kind = MAIL_CANCEL;
		else
			kind = MAIL_SESSION;
		if ((err = members_of(c->st, &rows[i], m, &nm)) == TDM_OK)
			err = session_tell(c, &rows[i], kind, m, nm);
	}
	free(m);
	return err;
}

enum tdm_err
outbox_sessions(struct tdm_store *st)
{
	struct ctx	 c;
	struct sess	*rows = NULL;
	char		 since[TIMESTAMP_SIZE];
	size_t		 n = 0;
	time_t		 t = tdm_store_now(st) - RECENT;
	struct tm	 tm;
	enum tdm_err	 err;

	if ((err = ctx_open(st, &c)) != TDM_OK)
		return err;
	gmtime_r(&t, &tm);
	strftime(since, sizeof(since), "%Y-%m-%dT%H:%M:%SZ", &tm);
	/*
	 * Only what no act has queued yet: the query leaves out the
	 * sessions whose messages the outbox holds, so that an act reads
	 * and writes its own sessions, not again those of every act of
	 * the last minutes (one round trip a member on PostgreSQL).
	 */
	if ((err = sessions_read(st, STMT_MAIL_SESSIONS_CHANGED, since, c.now,
	    &rows, &n)) == TDM_OK)
		err = sessions_tell(&c, rows, n);
	free(rows);
	return err;
}

/*
 * Queue the messages of up to max sessions of the oldest batch, as its
 * act would have (its moment in c), and move the batch on, or delete it
 * with its last sessions.  *left: whether a batch remains.  In the
 * caller's transaction.
 */
static enum tdm_err
batch_step(struct tdm_store *st, size_t max, int *left)
{
	struct query	 q = query_start(st, STMT_MAIL_BATCH_NEXT);
	struct ctx	 c;
	struct sess	*rows = NULL;
	int64_t		 id = 0, programme = 0, done = 0, last = 0;
	size_t		 n = 0;
	char		 at[TIMESTAMP_SIZE] = "";
	enum tdm_err	 err;

	*left = 0;
	if (query_row(&q)) {
		id = col_int(&q);
		programme = col_int(&q);
		done = col_int(&q);
		last = col_int(&q);
		snprintf(at, sizeof(at), "%s", col_text(&q));
	}
	if ((err = query_end(&q)) != TDM_OK || id == 0)
		return err;
	if ((err = ctx_open(st, &c)) != TDM_OK)
		return err;
	/* Dated as the act: the same rows, DTSTAMP and Message-IDs. */
	snprintf(c.now, sizeof(c.now), "%s", at);
	c.at = utc_of(at);
	q = query_start(st, STMT_MAIL_BATCH_SESSIONS);
	bind_int(&q, programme);
	bind_int(&q, done);
	bind_int(&q, last);
	bind_int(&q, (int64_t)max);
	if ((err = sessions_of(&q, &rows, &n)) != TDM_OK ||
	    (err = sessions_tell(&c, rows, n)) != TDM_OK)
		goto out;
	if (n == max && rows[n - 1].id < last) {
		q = query_start(st, STMT_MAIL_BATCH_DONE);
		bind_int(&q, rows[n - 1].id);
	} else
		q = query_start(st, STMT_MAIL_BATCH_DELETE);
	bind_int(&q, id);
	err = query_exec(&q);
	*left = 1;	/* this one, or another: the caller looks again */
out:
	free(rows);
	return err;
}

enum tdm_err
outbox_planned(struct tdm_store *st, int64_t programme, int64_t first,
    int64_t last)
{
	struct query	 q;
	char		 now[TIMESTAMP_SIZE];
	enum tdm_err	 err;
	int		 left;

	if (first == 0 || last < first)
		return TDM_OK;
	store_timestamp(st, now);
	q = query_start(st, STMT_MAIL_BATCH_INSERT);
	bind_int(&q, programme);
	bind_int(&q, first);
	bind_int(&q, last);
	bind_int(&q, first - 1);
	bind_text(&q, now);
	if ((err = query_exec(&q)) != TDM_OK)
		return err;
	/*
	 * A batch left by an earlier act goes first, then this one: a
	 * small planning is queued whole here, as any act's messages are.
	 */
	return batch_step(st, INLINE, &left);
}

enum tdm_err
outbox_flush(struct tdm_store *st)
{
	enum tdm_err	 err;
	int		 left = 1;

	while (left) {
		if ((err = store_begin(st)) != TDM_OK)
			return err;
		if ((err = batch_step(st, CHUNK, &left)) != TDM_OK ||
		    (err = store_commit(st)) != TDM_OK) {
			store_rollback(st);
			return err;
		}
	}
	return TDM_OK;
}

enum tdm_err
outbox_ended(struct tdm_store *st, int64_t programme,
    int64_t partner_enrolment, int64_t tandem)
{
	struct query	 q = query_start(st, STMT_MAIL_ENROLMENT);
	struct ctx	 c;
	struct prog	 p;
	struct rcpt	 r;
	struct tdm_buf	 v = TDM_BUF_INIT;
	int64_t		 emp = 0;
	char		 about[64];
	enum tdm_err	 err;

	bind_int(&q, partner_enrolment);
	if (query_row(&q)) {
		emp = col_int(&q);
		col_skip(&q);
		col_skip(&q);
	}
	if ((err = query_end(&q)) != TDM_OK || emp == 0)
		return err;
	if ((err = ctx_open(st, &c)) != TDM_OK ||
	    (err = prog_load(st, programme, &p)) != TDM_OK ||
	    (err = person(st, emp, &r)) != TDM_OK)
		return err;
	/* Only that it ended: no reason, no word of who ended it. */
	prog_vars(&v, &p);
	snprintf(about, sizeof(about), "t%lld.n%lld", (long long)tandem,
	    (long long)partner_enrolment);
	err = queue_to(&c, MAIL_ENDED, &r, p.id, about, &v, NULL);
	tdm_buf_release(&v);
	return err;
}

enum tdm_err
outbox_forget(struct tdm_store *st, int64_t employee)
{
	struct query	 q;
	char		*first = NULL, *last = NULL, *email = NULL;
	enum tdm_err	 err;
	int		 found, left = 1;

	/* What a planning has still to queue would name them later. */
	while (left)
		if ((err = batch_step(st, CHUNK, &left)) != TDM_OK)
			return err;
	q = query_start(st, STMT_MAIL_WHO);
	bind_int(&q, employee);
	if ((found = query_row(&q))) {
		first = strdup(col_text(&q));
		last = strdup(col_text(&q));
		email = strdup(col_text(&q));
	}
	if ((err = query_end(&q)) != TDM_OK || !found)
		goto out;
	if (first == NULL || last == NULL || email == NULL) {
		err = TDM_ENOMEM;
		goto out;
	}
	q = query_start(st, STMT_MAIL_FORGET);
	bind_int(&q, employee);
	bind_text(&q, first);
	bind_text(&q, last);
	bind_text(&q, email);
	if ((err = query_exec(&q)) != TDM_OK)
		goto out;
	q = query_start(st, STMT_MAIL_FORGET_PREF);
	bind_int(&q, employee);
	err = query_exec(&q);
out:
	free(first);
	free(last);
	free(email);
	return err;
}

enum tdm_err
outbox_waiting(struct tdm_store *st, int64_t enrolment)
{
	struct query	 q = query_start(st, STMT_MAIL_ENROLMENT);
	struct ctx	 c;
	struct prog	 p;
	struct rcpt	 r;
	struct tdm_buf	 v = TDM_BUF_INIT;
	int64_t		 emp = 0, prog = 0;
	char		 about[32];
	enum tdm_err	 err;

	bind_int(&q, enrolment);
	if (query_row(&q)) {
		emp = col_int(&q);
		prog = col_int(&q);
		col_skip(&q);
	}
	if ((err = query_end(&q)) != TDM_OK || emp == 0)
		return err;
	if ((err = ctx_open(st, &c)) != TDM_OK ||
	    (err = prog_load(st, prog, &p)) != TDM_OK ||
	    (err = person(st, emp, &r)) != TDM_OK)
		return err;
	prog_vars(&v, &p);
	snprintf(about, sizeof(about), "n%lld", (long long)enrolment);
	err = queue_to(&c, MAIL_WAITING, &r, p.id, about, &v, NULL);
	tdm_buf_release(&v);
	return err;
}

enum tdm_err
mail_wants(struct tdm_store *st, int64_t employee, int which, int *yes)
{
	struct query	 q = query_start(st, STMT_MAIL_PREF);
	int		 r, dg;

	*yes = 1;
	bind_int(&q, employee);
	if (query_row(&q)) {
		r = (int)col_int(&q);
		dg = (int)col_int(&q);
		*yes = which == 0 ? r : dg;
	}
	return query_end(&q);
}

/* Reminders of the sessions of the next day. */
static enum tdm_err
remind(struct ctx *c)
{
	struct sess	*rows = NULL;
	struct rcpt	 m[MAXMEMBERS], keep[MAXMEMBERS];
	char		 from[TIMESTAMP_SIZE], to[TIMESTAMP_SIZE];
	time_t		 now = tdm_store_now(c->st), t = now + DAY;
	struct tm	 tm;
	size_t		 n = 0, nm, nk, i, j;
	enum tdm_err	 err;
	int		 yes;

	snprintf(from, sizeof(from), "%s", c->now);
	gmtime_r(&t, &tm);
	strftime(to, sizeof(to), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if ((err = sessions_read(c->st, STMT_MAIL_SESSIONS_DUE, from, to,
	    &rows, &n)) != TDM_OK)
		return err;
	for (i = 0; i < n && err == TDM_OK; i++) {
		if ((err = members_of(c->st, &rows[i], m, &nm)) != TDM_OK)
			break;
		for (j = nk = 0; j < nm && err == TDM_OK; j++)
			if ((err = mail_wants(c->st, m[j].employee, 0, &yes)) ==
			    TDM_OK && yes)
				keep[nk++] = m[j];
		if (err == TDM_OK)
			err = session_tell(c, &rows[i], MAIL_REMINDER, keep,
			    nk);
	}
	free(rows);
	return err;
}

/* One proposal whose deadline is near or past. */
struct due_pair {
	int64_t	 id, programme, mentor_n, mentee_n, mentor, mentee;
	char	 mentor_answer[16], mentee_answer[16];
	char	 by[TIMESTAMP_SIZE];
	int	 late;		/* published within the notice: no reminder */
};

/*
 * Release a proposal whose deadline passed: declined by nobody (no
 * answer is written, the pair only stops being published), never
 * proposed again, and both members told that they wait for another
 * partner.
 */
static enum tdm_err
release(struct ctx *c, const struct due_pair *dp, struct tdm_buf *v)
{
	struct tdm_actor	 sys;
	struct query		 q = query_start(c->st, STMT_MAIL_RELEASE);
	struct pairrow		 pr;
	struct prog		 p;
	char			 id[24];
	enum tdm_err		 err;

	bind_int(&q, dp->id);
	if ((err = query_exec(&q)) != TDM_OK || store_changes(c->st) == 0)
		return err;
	q = query_start(c->st, STMT_PAIR_REJECT);
	bind_int(&q, dp->programme);
	bind_int(&q, dp->mentor_n);
	bind_int(&q, dp->mentee_n);
	bind_text(&q, "deadline");
	bind_text(&q, c->now);
	if ((err = query_exec(&q)) != TDM_OK)
		return err;
	tdm_actor_system(&sys);
	snprintf(id, sizeof(id), "%lld", (long long)dp->id);
	if ((err = audit_append(c->st, &sys, "pair.release", "pair", id,
	    "programme %lld, deadline %s", (long long)dp->programme,
	    dp->by)) != TDM_OK ||
	    (err = prog_load(c->st, dp->programme, &p)) != TDM_OK)
		return err;
	memset(&pr, 0, sizeof(pr));
	pr.id = dp->id;
	pr.mentor = dp->mentor;
	pr.mentee = dp->mentee;
	mail_date(dp->by, pr.deadline);
	tdm_buf_reset(v);
	prog_vars(v, &p);
	if ((err = pair_tell(c, &p, MAIL_RELEASED, &pr, 1, NULL, v)) !=
	    TDM_OK)
		return err;
	return pair_tell(c, &p, MAIL_RELEASED, &pr, 0, NULL, v);
}

/* Remind whoever has not answered a proposal two days before its end. */
static enum tdm_err
deadline_remind(struct ctx *c, const struct due_pair *dp,
    struct tdm_buf *v)
{
	struct pairrow	 pr;
	struct prog	 p;
	enum tdm_err	 err;
	int		 side, yes;

	if ((err = prog_load(c->st, dp->programme, &p)) != TDM_OK)
		return err;
	memset(&pr, 0, sizeof(pr));
	pr.id = dp->id;
	pr.mentor = dp->mentor;
	pr.mentee = dp->mentee;
	mail_date(dp->by, pr.deadline);
	tdm_buf_reset(v);
	prog_vars(v, &p);
	for (side = 1; side >= 0 && err == TDM_OK; side--) {
		if ((side ? dp->mentor_answer : dp->mentee_answer)[0] != '\0')
			continue;
		if ((err = mail_wants(c->st, side ? dp->mentor : dp->mentee, 0,
		    &yes)) == TDM_OK && yes)
			err = pair_tell(c, &p, MAIL_DEADLINE, &pr, side, NULL,
			    v);
	}
	return err;
}

#define DEADLINE_NOTICE	(2 * DAY)

/* The proposals whose deadline is two days away or past. */
static enum tdm_err
deadlines(struct ctx *c)
{
	struct query	 q;
	struct due_pair	*rows = NULL, *np;
	struct tdm_buf	 v = TDM_BUF_INIT;
	char		 soon[TIMESTAMP_SIZE];
	time_t		 t = tdm_store_now(c->st) + DEADLINE_NOTICE;
	struct tm	 tm;
	size_t		 n = 0, alloc = 0, i;
	enum tdm_err	 err;

	gmtime_r(&t, &tm);
	strftime(soon, sizeof(soon), "%Y-%m-%dT%H:%M:%SZ", &tm);
	q = query_start(c->st, STMT_MAIL_PROPOSALS_DUE);
	bind_text(&q, soon);
	while (query_row(&q)) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			if ((np = reallocarray(rows, alloc, sizeof(*np))) ==
			    NULL) {
				(void)query_end(&q);
				free(rows);
				return TDM_ENOMEM;
			}
			rows = np;
		}
		np = &rows[n++];
		np->id = col_int(&q);
		np->programme = col_int(&q);
		np->mentor_n = col_int(&q);
		np->mentee_n = col_int(&q);
		np->mentor = col_int(&q);
		np->mentee = col_int(&q);
		snprintf(np->mentor_answer, 16, "%s", col_text(&q));
		snprintf(np->mentee_answer, 16, "%s", col_text(&q));
		snprintf(np->by, sizeof(np->by), "%s", col_text(&q));
		/* A proposal made less than two days before its deadline
		 * said the date itself: a reminder would repeat it. */
		np->late = utc_of(np->by) - DEADLINE_NOTICE <
		    utc_of(col_text(&q));
	}
	if ((err = query_end(&q)) != TDM_OK) {
		free(rows);
		return err;
	}
	for (i = 0; i < n && err == TDM_OK; i++)
		if (strcmp(rows[i].by, c->now) <= 0)
			err = release(c, &rows[i], &v);
		else if (!rows[i].late)
			err = deadline_remind(c, &rows[i], &v);
	if (err == TDM_OK && v.failed)
		err = TDM_ENOMEM;
	tdm_buf_release(&v);
	free(rows);
	return err;
}

enum tdm_err
outbox_read_partners(struct tdm_store *st, int64_t employee,
    struct erased_partner **out, size_t *n)
{
	struct query		 q = query_start(st, STMT_MAIL_PARTNERS);
	struct erased_partner	*np;
	size_t			 alloc = 0;

	*out = NULL;
	*n = 0;
	bind_int(&q, employee);
	while (query_row(&q)) {
		if (*n == alloc) {
			alloc = alloc ? alloc * 2 : 4;
			if ((np = reallocarray(*out, alloc, sizeof(*np))) ==
			    NULL) {
				(void)query_end(&q);
				return TDM_ENOMEM;
			}
			*out = np;
		}
		np = &(*out)[(*n)++];
		np->pair = col_int(&q);
		np->programme = col_int(&q);
		np->enrolment = col_int(&q);
	}
	return query_end(&q);
}

enum tdm_err
outbox_tell_partners(struct tdm_store *st, struct erased_partner *v,
    size_t n)
{
	size_t		 i;
	enum tdm_err	 err = TDM_OK;

	for (i = 0; i < n && err == TDM_OK; i++)
		err = outbox_ended(st, v[i].programme, v[i].enrolment,
		    v[i].pair);
	return err;
}

enum tdm_err
outbox_invite(struct tdm_store *st, int64_t programme, const char *kind,
    int64_t id, const char *token)
{
	struct ctx	 c;
	struct prog	 p;
	struct rcpt	 r;
	struct tdm_buf	 v = TDM_BUF_INIT;
	char		 about[64];
	enum tdm_err	 err;
	int		 is_coach = strcmp(kind, "coach") == 0;

	if ((err = ctx_open(st, &c)) != TDM_OK ||
	    (err = prog_load(st, programme, &p)) != TDM_OK ||
	    (err = is_coach ? coach(st, id, &r) : person(st, id, &r)) !=
	    TDM_OK)
		return err;
	prog_vars(&v, &p);
	mail_var(&v, "token", token);
	/* Each invitation is its own message: a new one replaces the
	 * link, so the key holds the moment (and a piece of the token,
	 * for two in the same second). */
	snprintf(about, sizeof(about), "p%lld.%s.%.8s", (long long)p.id,
	    c.now, token);
	err = queue_to(&c, MAIL_INVITE, &r, p.id, about, &v, NULL);
	tdm_buf_release(&v);
	return err;
}

enum tdm_err
outbox_purge(struct tdm_store *st, size_t *purged)
{
	struct query	 q = query_start(st, STMT_MAIL_KEEP);
	char		 before[TIMESTAMP_SIZE];
	int		 days = 90;
	time_t		 t;
	struct tm	 tm;
	enum tdm_err	 err;

	*purged = 0;
	if (query_row(&q))
		days = (int)col_int(&q);
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	t = tdm_store_now(st) - (time_t)days * DAY;
	gmtime_r(&t, &tm);
	strftime(before, sizeof(before), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	q = query_start(st, STMT_MAIL_PURGE);
	bind_text(&q, before);
	if ((err = query_exec(&q)) == TDM_OK &&
	    (*purged = (size_t)store_changes(st)) > 0) {
		/* The shared variables no message uses any more. */
		q = query_start(st, STMT_MAIL_SHARED_PURGE);
		err = query_exec(&q);
	}
	if (err != TDM_OK || (err = store_commit(st)) != TDM_OK) {
		store_rollback(st);
		*purged = 0;
		return err;
	}
	return TDM_OK;
}

enum tdm_err
outbox_tick(struct tdm_store *st)
{
	struct ctx	 c;
	enum tdm_err	 err;

	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = ctx_open(st, &c)) != TDM_OK ||
	    (err = remind(&c)) != TDM_OK ||
	    (err = deadlines(&c)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK) {
		store_rollback(st);
		return err;
	}
	return TDM_OK;
}

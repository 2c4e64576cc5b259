/*
 * Privacy and upkeep, as privacy.h describes: the export of a person's
 * data, erasure, the retention purge, online backup and the check.
 *
 * Its queries are STMT_PRIV_* in store.c's table; the engine's own
 * upkeep (compacting the file, emptying its log, the online backup and
 * the integrity check) is done by the store's functions, asked for by
 * name (db.h).  This file keeps the rules: what is exported, erased and
 * purged, that a backup never overwrites, what counts as a problem.
 *
 * This file decides what personal data is and where it lives; it does
 * not decide who may see a report (report.c) or how the audit chain is
 * hashed (audit.c).
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "tandem/audit.h"
#include "tandem/privacy.h"
#include "tandem/role.h"
#include "tandem/store.h"
#include "tandem/strbuf.h"
#include "internal.h"
#include "survey_int.h"
#include "outbox.h"


/* Run a write of ?1 = id; its changed rows are added to *count. */
static enum tdm_err
run_id(struct tdm_store *st, enum stmt which, int64_t id, int64_t *count)
{
	struct query	 q = query_start(st, which);
	enum tdm_err	 err;

	bind_int(&q, id);
	if ((err = query_exec(&q)) == TDM_OK && count != NULL)
		*count += store_changes(st);
	return err;
}

/* --- Who read whose data ------------------------------------------------ */

static enum tdm_err
read_insert(struct tdm_store *st, const struct tdm_actor *actor,
    int64_t employee, int64_t programme, const char *what)
{
	struct query	 q;
	char		 key[AUDIT_KEY_SIZE], now[TIMESTAMP_SIZE];
	enum tdm_err	 err;

	if ((err = audit_actor_key(st, actor, key)) != TDM_OK)
		return err;
	store_timestamp(st, now);
	q = query_start(st, STMT_READ_EVENT_INSERT);
	if (employee)
		bind_int(&q, employee);
	else
		bind_null(&q);
	if (programme)
		bind_int(&q, programme);
	else
		bind_null(&q);
	bind_text(&q, key);
	bind_text(&q, what);
	bind_text(&q, now);
	return query_exec(&q);
}

enum tdm_err
read_event(struct tdm_store *st, const struct tdm_actor *actor,
    int64_t employee, const char *what, const char *programme)
{
	(void)programme;
	if (employee == 0 || actor->employee_id == employee)
		return TDM_OK;
	return read_insert(st, actor, employee, 0, what);
}

/*
 * A listing of everyone's enrolments, pairs or sessions of a programme:
 * recorded once a day per reader, programme and listing, so that the
 * cost is one indexed look-up per listing and one write a day.  Inside
 * the caller's transaction if there is one, else in its own.
 */
enum tdm_err
read_listing(struct tdm_store *st, const struct tdm_actor *actor,
    int64_t programme, const char *what)
{
	struct query	 q;
	char		 key[AUDIT_KEY_SIZE], day[TIMESTAMP_SIZE];
	enum tdm_err	 err;
	int64_t		 seen = 0, employee = actor->employee_id,
			 coach = actor->coach_id;

	if (employee == 0 && coach == 0)
		snprintf(key, sizeof(key), "%s", "system");
	else {
		q = query_start(st, employee ? STMT_SUBJECT_OF_EMPLOYEE :
		    STMT_SUBJECT_OF_COACH);
		bind_int(&q, employee ? employee : coach);
		key[0] = '\0';
		if (query_row(&q))
			snprintf(key, sizeof(key), "%s", col_text(&q));
		if ((err = query_end(&q)) != TDM_OK)
			return err;
	}
	store_timestamp(st, day);
	memcpy(day + 10, "T00:00:00Z", 11);
	if (key[0] != '\0') {
		q = query_start(st, STMT_READ_EVENT_SEEN);
		bind_int(&q, programme);
		bind_text(&q, key);
		bind_text(&q, what);
		bind_text(&q, day);
		if (query_row(&q))
			seen = col_int(&q);
		if ((err = query_end(&q)) != TDM_OK || seen)
			return err;
	}
	if (store_writing(st))
		return read_insert(st, actor, 0, programme, what);
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = read_insert(st, actor, 0, programme, what)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		store_rollback(st);
	return err;
}

enum tdm_err
read_people(struct tdm_store *st, const struct tdm_actor *actor,
    int64_t programme, const char *what, const int64_t *employees, size_t n)
{
	struct query	 q;
	char		 key[AUDIT_KEY_SIZE], day[TIMESTAMP_SIZE];
	size_t		 i;
	enum tdm_err	 err = TDM_OK;
	int		 own = !store_writing(st), seen;

	if (n == 0)
		return TDM_OK;
	if (own && (err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = audit_actor_key(st, actor, key)) != TDM_OK)
		goto out;
	store_timestamp(st, day);
	memcpy(day + 10, "T00:00:00Z", 11);
	for (i = 0; i < n && err == TDM_OK; i++) {
		if (employees[i] == 0 || employees[i] == actor->employee_id)
			continue;
		q = query_start(st, STMT_HARDEN_READ_PERSON_SEEN);
		bind_int(&q, employees[i]);
		bind_int(&q, programme);
		bind_text(&q, key);
		bind_text(&q, what);
		bind_text(&q, day);
		seen = query_row(&q) ? col_int(&q) != 0 : 0;
		if ((err = query_end(&q)) != TDM_OK || seen)
			continue;
		err = read_insert(st, actor, employees[i], programme, what);
	}
out:
	if (own) {
		if (err == TDM_OK)
			err = store_commit(st);
		if (err != TDM_OK)
			store_rollback(st);
	}
	return err;
}

/* --- Export ---------------------------------------------------------- */

/*
 * The length of the valid UTF-8 sequence at p (1 to 4), or 0 if the
 * bytes there are not one.  p is in a string ended by a NUL, which is
 * never a continuation byte: nothing past it is read.
 */
static size_t
utf8_len(const unsigned char *p)
{
	size_t	 n, i;

	n = p[0] < 0x80 ? 1 : p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : 2;
	for (i = 1; i < n; i++)
		if (p[i] == '\0')
			return 0;
	return tdm_utf8_valid((const char *)p, n) ? n : 0;
}

/*
 * A JSON string, escaped.  The store holds UTF-8, checked on the way in;
 * a byte that is not (a row written before the check) becomes U+FFFD,
 * so that an export is always valid JSON.
 */
static void
jstr(struct tdm_buf *b, const char *s)
{
	const unsigned char	*p;
	size_t			 n;

	tdm_buf_addch(b, '"');
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x80) {
			if ((n = utf8_len(p)) == 0) {
				tdm_buf_adds(b, "\\ufffd");
				continue;
			}
			tdm_buf_add(b, p, n);
			p += n - 1;
			continue;
		}
		switch (*p) {
		case '"':
			tdm_buf_adds(b, "\\\"");
			break;
		case '\\':
			tdm_buf_adds(b, "\\\\");
			break;
		case '\n':
			tdm_buf_adds(b, "\\n");
			break;
		case '\r':
			tdm_buf_adds(b, "\\r");
			break;
		case '\t':
			tdm_buf_adds(b, "\\t");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				tdm_buf_addf(b, "\\u%04x", *p);
			else
				tdm_buf_addch(b, *p);
		}
	}
	tdm_buf_addch(b, '"');
}

/* A key of an object, after a comma unless it is the first. */
static void
jkey(struct tdm_buf *b, int *n, const char *key)
{
	if ((*n)++ > 0)
		tdm_buf_addch(b, ',');
	jstr(b, key);
	tdm_buf_addch(b, ':');
}

static void
jks(struct tdm_buf *b, int *n, const char *key, const char *v)
{
	jkey(b, n, key);
	jstr(b, v);
}

/* A text that may be empty: null then. */
static void
jkso(struct tdm_buf *b, int *n, const char *key, const char *v)
{
	jkey(b, n, key);
	if (*v == '\0')
		tdm_buf_adds(b, "null");
	else
		jstr(b, v);
}

static void
jki(struct tdm_buf *b, int *n, const char *key, int64_t v)
{
	jkey(b, n, key);
	tdm_buf_addf(b, "%" PRId64, v);
}

static void
jkb(struct tdm_buf *b, int *n, const char *key, int v)
{
	jkey(b, n, key);
	tdm_buf_adds(b, v ? "true" : "false");
}

/* A private text column, read always, shown only if priv. */
static const char *
private_text(struct query *q, int priv)
{
	const char	*t = col_text(q);

	return priv ? t : "";
}

/* The audit entries of an export, as they are written. */
struct export_audit {
	struct tdm_buf	*b;
	int		 n;
};

static enum tdm_err
export_person(struct tdm_store *st, int64_t id, struct tdm_buf *b)
{
	struct query	 q = query_start(st, STMT_PRIV_PERSON);
	enum tdm_err	 err;
	int		 n = 0, found;

	bind_int(&q, id);
	if ((found = query_row(&q))) {
		tdm_buf_adds(b, "\"person\":{");
		jks(b, &n, "matricule", col_text(&q));
		jks(b, &n, "last_name", col_text(&q));
		jks(b, &n, "first_name", col_text(&q));
		jks(b, &n, "email", col_text(&q));
		jki(b, &n, "birth_year", col_int(&q));
		jkso(b, &n, "generation", col_text(&q));
		jks(b, &n, "department", col_text(&q));
		jks(b, &n, "team", col_text(&q));
		jks(b, &n, "site", col_text(&q));
		jks(b, &n, "job_title", col_text(&q));
		jks(b, &n, "grade", col_text(&q));
		jkso(b, &n, "manager", col_text(&q));
		jkso(b, &n, "hire_date", col_text(&q));
		jks(b, &n, "language", col_text(&q));
		jkb(b, &n, "active", col_int(&q) != 0);
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	/* Found a moment ago in the same transaction. */
	if (!found)
		return TDM_EDB;
	tdm_buf_adds(b, "},\"roles\":[");
	q = query_start(st, STMT_PRIV_ROLES);
	bind_int(&q, id);
	for (n = 0; query_row(&q); ) {
		int	 k = 0;

		tdm_buf_adds(b, n++ ? ",{" : "{");
		jks(b, &k, "role", col_text(&q));
		jks(b, &k, "granted_at", col_text(&q));
		jks(b, &k, "granted_by", col_text(&q));
		tdm_buf_addch(b, '}');
	}
	tdm_buf_addch(b, ']');
	return query_end(&q);
}

/* The closing survey of one enrolment, or null. */
static enum tdm_err
export_closing(struct tdm_store *st, int64_t en, int priv, struct tdm_buf *b)
{
	struct query	 q = query_start(st, STMT_PRIV_CLOSING);
	enum tdm_err	 err;
	int		 n, k = 0, found;

	bind_int(&q, en);
	if ((found = query_row(&q))) {
		tdm_buf_addch(b, '{');
		jkb(b, &k, "recommend", col_int(&q) != 0);
		jkso(b, &k, "changed", private_text(&q, priv));
		jks(b, &k, "at", col_text(&q));
		jkey(b, &k, "levels");
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if (!found) {
		tdm_buf_adds(b, "null");
		return TDM_OK;
	}
	q = query_start(st, STMT_PRIV_CLOSING_LEVELS);
	bind_int(&q, en);
	tdm_buf_addch(b, '[');
	for (n = 0; query_row(&q); ) {
		k = 0;
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jks(b, &k, "topic", col_text(&q));
		jki(b, &k, "level", col_int(&q));
		tdm_buf_addch(b, '}');
	}
	tdm_buf_adds(b, "]}");
	return query_end(&q);
}

/* The pairs, sessions, feedback and survey of one enrolment. */
static enum tdm_err
export_enrolment_parts(struct tdm_store *st, int64_t en, int priv,
    struct tdm_buf *b)
{
	struct query	 q;
	enum tdm_err	 err;
	int64_t		 present;
	int		 n, k;

	tdm_buf_adds(b, ",\"topics\":[");
	q = query_start(st, STMT_PRIV_TOPICS);
	bind_int(&q, en);
	for (n = 0; query_row(&q); ) {
		k = 0;
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jks(b, &k, "topic", col_text(&q));
		jki(b, &k, "level", col_int(&q));
		jki(b, &k, "interest", col_int(&q));
		tdm_buf_addch(b, '}');
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	tdm_buf_adds(b, "],\"pairs\":[");
	q = query_start(st, STMT_PRIV_PAIRS);
	bind_int(&q, en);
	for (n = 0; query_row(&q); ) {
		k = 0;
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jks(b, &k, "as", col_text(&q));
		jks(b, &k, "partner", col_text(&q));
		jks(b, &k, "partner_name", col_text(&q));
		jks(b, &k, "state", col_text(&q));
		jkso(b, &k, "focus", col_text(&q));
		jkso(b, &k, "answer", col_text(&q));
		jkso(b, &k, "decline_note", private_text(&q, priv));
		jks(b, &k, "proposed_at", col_text(&q));
		jkso(b, &k, "published_at", col_text(&q));
		/* The profiling: the score and its explanation, term by
		 * term (GDPR art. 15(1)(h)). */
		jki(b, &k, "score", col_int(&q));
		jks(b, &k, "score_explanation", col_text(&q));
		tdm_buf_addch(b, '}');
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	tdm_buf_adds(b, "],\"sessions\":[");
	q = query_start(st, STMT_PRIV_SESSIONS);
	bind_int(&q, en);
	for (n = 0; query_row(&q); ) {
		k = 0;
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jki(b, &k, "number", col_int(&q));
		jks(b, &k, "start", col_text(&q));
		jki(b, &k, "minutes", col_int(&q));
		jks(b, &k, "state", col_text(&q));
		jkso(b, &k, "cancelled_by", col_text(&q));
		jkso(b, &k, "cancel_reason", private_text(&q, priv));
		jkey(b, &k, "present");
		present = col_int(&q);
		tdm_buf_adds(b, present < 0 ? "null" : present ? "true" :
		    "false");
		tdm_buf_addch(b, '}');
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	tdm_buf_adds(b, "],\"feedback\":[");
	q = query_start(st, STMT_PRIV_FEEDBACK);
	bind_int(&q, en);
	for (n = 0; query_row(&q); ) {
		k = 0;
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jki(b, &k, "session", col_int(&q));
		jks(b, &k, "start", col_text(&q));
		jki(b, &k, "rating", col_int(&q));
		jkso(b, &k, "comment", private_text(&q, priv));
		jks(b, &k, "at", col_text(&q));
		tdm_buf_addch(b, '}');
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	tdm_buf_adds(b, "],\"rejections\":[");
	q = query_start(st, STMT_PRIV_REJECTIONS);
	bind_int(&q, en);
	for (n = 0; query_row(&q); ) {
		k = 0;
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jks(b, &k, "as", col_text(&q));
		jks(b, &k, "partner", col_text(&q));
		jks(b, &k, "rejected_by", col_text(&q));
		jks(b, &k, "rejected_at", col_text(&q));
		tdm_buf_addch(b, '}');
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	tdm_buf_adds(b, "],\"proposals\":[");
	q = query_start(st, STMT_HARDEN_EXPORT_PROPOSALS);
	bind_int(&q, en);
	for (n = 0; query_row(&q); ) {
		k = 0;
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jki(b, &k, "session", col_int(&q));
		jks(b, &k, "start", col_text(&q));
		jks(b, &k, "state", col_text(&q));
		jks(b, &k, "proposed_at", col_text(&q));
		jks(b, &k, "proposed_by", col_int(&q) ? "you" : "partner");
		tdm_buf_addch(b, '}');
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	/* Kudos sent or received (private text), attestations issued. */
	tdm_buf_adds(b, "],\"kudos\":[");
	q = query_start(st, STMT_PRIV_EXPORT_KUDOS);
	bind_int(&q, en);
	for (n = 0; query_row(&q); ) {
		const char	*message = col_text(&q), *at = col_text(&q);

		k = 0;
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jks(b, &k, "direction", col_int(&q) ? "received" : "sent");
		jkso(b, &k, "message", priv ? message : "");
		jks(b, &k, "at", at);
		tdm_buf_addch(b, '}');
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	tdm_buf_adds(b, "],\"attestations\":[");
	q = query_start(st, STMT_PRIV_EXPORT_ATTESTATIONS);
	bind_int(&q, en);
	for (n = 0; query_row(&q); ) {
		k = 0;
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jks(b, &k, "code", col_text(&q));
		jks(b, &k, "issued_at", col_text(&q));
		jks(b, &k, "text", col_text(&q));
		tdm_buf_addch(b, '}');
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	/* Naming the mentee on an attestation: each agreement, whose it
	 * is, and the attestations that name this person. */
	tdm_buf_adds(b, "],\"naming\":[");
	q = query_start(st, STMT_PRIV_EXPORT_NAMING);
	bind_int(&q, en);
	for (n = 0; query_row(&q); ) {
		int	 mentor = (int)col_int(&q), side = (int)col_int(&q);

		k = 0;
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jks(b, &k, "agreed_by", side == mentor ? "you" : "partner");
		jks(b, &k, "at", col_text(&q));
		tdm_buf_addch(b, '}');
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	tdm_buf_adds(b, "],\"named_in\":[");
	q = query_start(st, STMT_PRIV_EXPORT_NAMED);
	bind_int(&q, en);
	for (n = 0; query_row(&q); ) {
		k = 0;
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jks(b, &k, "code", col_text(&q));
		jks(b, &k, "issued_at", col_text(&q));
		tdm_buf_addch(b, '}');
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	tdm_buf_adds(b, "],\"closing\":");
	if ((err = export_closing(st, en, priv, b)) != TDM_OK)
		return err;
	/* The other surveys' answers (survey.c). */
	tdm_buf_adds(b, ",\"surveys\":");
	return survey_export(st, en, b);
}

static enum tdm_err
export_enrolments(struct tdm_store *st, int64_t id, int priv,
    struct tdm_buf *b)
{
	struct query	 q = query_start(st, STMT_PRIV_ENROLMENTS);
	const char	*published;
	enum tdm_err	 err = TDM_OK, qerr;
	int64_t		 en;
	int		 n, k;

	bind_int(&q, id);
	tdm_buf_adds(b, ",\"enrolments\":[");
	for (n = 0; query_row(&q); ) {
		k = 0;
		en = col_int(&q);
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jks(b, &k, "programme", col_text(&q));
		jks(b, &k, "programme_state", col_text(&q));
		jks(b, &k, "role", col_text(&q));
		jkey(b, &k, "charter");
		tdm_buf_addf(b, "{\"version\":%" PRId64 ",\"published_at\":",
		    col_int(&q));
		if (*(published = col_text(&q)) == '\0')
			tdm_buf_adds(b, "null");
		else
			jstr(b, published);
		tdm_buf_addch(b, '}');
		jks(b, &k, "optin", col_text(&q));
		jkso(b, &k, "optin_ref", col_text(&q));
		jkso(b, &k, "recorded_by", col_text(&q));
		jks(b, &k, "languages", col_text(&q));
		jks(b, &k, "site", col_text(&q));
		jkb(b, &k, "remote", col_int(&q) != 0);
		jki(b, &k, "availability", col_int(&q));
		jki(b, &k, "capacity", col_int(&q));
		jks(b, &k, "enrolled_at", col_text(&q));
		jkso(b, &k, "withdrawn_at", col_text(&q));
		if ((err = export_enrolment_parts(st, en, priv, b)) != TDM_OK)
			break;
		tdm_buf_addch(b, '}');
	}
	qerr = query_end(&q);
	tdm_buf_addch(b, ']');
	return err != TDM_OK ? err : qerr;
}

/* A time in seconds since the epoch, as ISO 8601 UTC. */
static void
jkt(struct tdm_buf *b, int *n, const char *key, int64_t t)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;
	char		 buf[TIMESTAMP_SIZE];

	if (t == 0 || gmtime_r(&tt, &tm) == NULL) {
		jkey(b, n, key);
		tdm_buf_adds(b, "null");
		return;
	}
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	jks(b, n, key, buf);
}

/*
 * The web account of an employee (coach 0) or a coach, its sign-ins
 * (the browser sessions still known) and pending invitations.
 */
static enum tdm_err
export_account(struct tdm_store *st, int64_t employee, int64_t coach,
    struct tdm_buf *b)
{
	struct query	 q = query_start(st, STMT_PRIV_ACCOUNT);
	enum tdm_err	 err;
	int		 n, k = 0;

	bind_int(&q, employee);
	bind_int(&q, coach);
	tdm_buf_adds(b, ",\"account\":");
	if (query_row(&q)) {
		tdm_buf_addch(b, '{');
		jkb(b, &k, "password_set", col_int(&q) != 0);
		jks(b, &k, "language", col_text(&q));
		jks(b, &k, "created_at", col_text(&q));
		jki(b, &k, "failed_sign_ins", col_int(&q));
		jkt(b, &k, "locked_until", col_int(&q));
		tdm_buf_addch(b, '}');
	} else
		tdm_buf_adds(b, "null");
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	tdm_buf_adds(b, ",\"sign_ins\":[");
	q = query_start(st, STMT_PRIV_SIGNINS);
	bind_int(&q, employee);
	bind_int(&q, coach);
	for (n = 0; query_row(&q); ) {
		k = 0;
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jkt(b, &k, "signed_in_at", col_int(&q));
		jkt(b, &k, "last_seen_at", col_int(&q));
		tdm_buf_addch(b, '}');
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	tdm_buf_adds(b, "],\"invitations\":[");
	q = query_start(st, STMT_PRIV_INVITATIONS);
	bind_int(&q, employee);
	bind_int(&q, coach);
	for (n = 0; query_row(&q); ) {
		k = 0;
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jkt(b, &k, "expires_at", col_int(&q));
		tdm_buf_addch(b, '}');
	}
	tdm_buf_addch(b, ']');
	return query_end(&q);
}

/*
 * The programmes each role of the person is limited to (role_scope), and
 * their mail preferences (mail_pref; none stored: the defaults).
 */
static enum tdm_err
export_scopes_prefs(struct tdm_store *st, int64_t id, struct tdm_buf *b)
{
	struct query	 q = query_start(st, STMT_HARDEN_EXPORT_SCOPES);
	enum tdm_err	 err;
	int		 n, k, reminders = 1, digests = 1;

	bind_int(&q, id);
	tdm_buf_adds(b, ",\"role_scopes\":[");
	for (n = 0; query_row(&q); ) {
		k = 0;
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jks(b, &k, "role", col_text(&q));
		jks(b, &k, "programme", col_text(&q));
		jks(b, &k, "granted_at", col_text(&q));
		jks(b, &k, "granted_by", col_text(&q));
		tdm_buf_addch(b, '}');
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	q = query_start(st, STMT_HARDEN_EXPORT_MAILPREF);
	bind_int(&q, id);
	if (query_row(&q)) {
		reminders = col_int(&q) != 0;
		digests = col_int(&q) != 0;
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	k = 0;
	tdm_buf_adds(b, "],\"mail_preferences\":{");
	jkb(b, &k, "reminders", reminders);
	jkb(b, &k, "digests", digests);
	tdm_buf_addch(b, '}');
	return TDM_OK;
}

/*
 * The messages addressed to the person (outbox): what each was, its
 * subject as sent, when and how it went.  Not the variables a message
 * was written from, which may name others (a partner, attendees).
 */
static enum tdm_err
export_messages(struct tdm_store *st, int64_t employee, int64_t coach,
    struct tdm_buf *b)
{
	struct query	 q = query_start(st, STMT_HARDEN_EXPORT_OUTBOX);
	struct tdm_buf	 subject = TDM_BUF_INIT;
	struct mail_row	 r;
	enum tdm_err	 err = TDM_OK, qerr;
	int		 n, k;

	bind_int(&q, employee);
	bind_int(&q, coach);
	tdm_buf_adds(b, ",\"messages\":[");
	for (n = 0; query_row(&q); ) {
		memset(&r, 0, sizeof(r));
		r.msgid = col_text(&q);
		r.kind = col_text(&q);
		r.lang = col_text(&q);
		r.rcpt_name = "";
		r.rcpt_addr = col_text(&q);
		r.vars = col_text(&q);
		r.created_at = "";
		tdm_buf_reset(&subject);
		/* A kind this version does not know keeps its name. */
		if ((qerr = mail_subject(&r, &subject)) == TDM_ENOMEM)
			err = qerr;
		k = 0;
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jks(b, &k, "kind", r.kind);
		jkso(b, &k, "subject", qerr == TDM_OK && subject.len > 0 ?
		    subject.buf : "");
		jks(b, &k, "language", r.lang);
		jks(b, &k, "to", r.rcpt_addr);
		jks(b, &k, "state", col_text(&q));
		jks(b, &k, "queued_at", col_text(&q));
		jkso(b, &k, "sent_at", col_text(&q));
		tdm_buf_addch(b, '}');
	}
	qerr = query_end(&q);
	tdm_buf_addch(b, ']');
	tdm_buf_release(&subject);
	return err != TDM_OK ? err : qerr;
}

/* Where the roster row came from: the HR import that last changed it. */
static enum tdm_err
export_source(struct tdm_store *st, int64_t id, struct tdm_buf *b)
{
	struct query	 q = query_start(st, STMT_PRIV_SOURCE);
	int		 k = 0;

	bind_int(&q, id);
	tdm_buf_adds(b, ",\"source\":");
	if (query_row(&q)) {
		tdm_buf_adds(b, "{\"kind\":\"HR roster import\"");
		k = 1;
		jki(b, &k, "import", col_int(&q));
		jks(b, &k, "file", col_text(&q));
		jks(b, &k, "encoding", col_text(&q));
		jks(b, &k, "imported_at", col_text(&q));
		jki(b, &k, "rows", col_int(&q));
		jki(b, &k, "added", col_int(&q));
		jki(b, &k, "updated", col_int(&q));
		tdm_buf_addch(b, '}');
	} else
		tdm_buf_adds(b, "null");
	return query_end(&q);
}

/* Who else read the person's data (read_event), the readers resolved. */
static enum tdm_err
export_reads(struct tdm_store *st, int64_t id, struct tdm_buf *b)
{
	struct tdm_buf	 who = TDM_BUF_INIT;
	struct query	 q;
	char		 key[AUDIT_KEY_SIZE];
	enum tdm_err	 err = TDM_OK, qerr;
	int		 n, k;

	if ((err = audit_subject(st, id, 0, key)) != TDM_OK)
		return err;
	q = query_start(st, STMT_PRIV_READS);
	bind_int(&q, id);
	bind_text(&q, key);
	tdm_buf_adds(b, ",\"read_by_others\":[");
	for (n = 0; query_row(&q); ) {
		k = 0;
		if ((err = audit_resolve(st, col_text(&q), "[erased]", &who)) !=
		    TDM_OK) {
			col_skip(&q);
			col_skip(&q);
			col_skip(&q);
			break;
		}
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jks(b, &k, "reader", who.buf);
		jks(b, &k, "what", col_text(&q));
		jkso(b, &k, "programme", col_text(&q));
		jks(b, &k, "at", col_text(&q));
		tdm_buf_addch(b, '}');
	}
	qerr = query_end(&q);
	tdm_buf_addch(b, ']');
	tdm_buf_release(&who);
	return err != TDM_OK ? err : qerr;
}

/* One audit entry that names the person. */
static int
export_entry(void *arg, const struct tdm_audit_entry *e)
{
	struct export_audit	*x = arg;
	int			 k = 0;

	tdm_buf_adds(x->b, x->n++ ? ",{" : "{");
	jki(x->b, &k, "id", e->id);
	jks(x->b, &k, "at", e->at);
	jks(x->b, &k, "actor", e->actor);
	jks(x->b, &k, "action", e->action);
	jks(x->b, &k, "object", e->object);
	jks(x->b, &k, "detail", e->detail);
	tdm_buf_addch(x->b, '}');
	return 0;
}

static enum tdm_err
export_audit(struct tdm_store *st, int64_t id, struct tdm_buf *b)
{
	struct export_audit	 x = { b, 0 };
	char			 key[AUDIT_KEY_SIZE];
	enum tdm_err		 err;

	if ((err = audit_subject(st, id, 0, key)) != TDM_OK)
		return err;
	tdm_buf_adds(b, ",\"audit\":[");
	err = audit_naming(st, key, export_entry, &x);
	tdm_buf_addch(b, ']');
	return err;
}

enum tdm_err
tdm_export_person(struct tdm_store *st, const struct tdm_actor *actor,
    const char *matricule, struct tdm_buf *out, struct tdm_diags *d)
{
	char		 now[TIMESTAMP_SIZE];
	int64_t		 id;
	enum tdm_err	 err;
	int		 priv;

	/* One transaction: the export is a consistent snapshot. */
	if ((err = store_begin(st)) != TDM_OK)
		goto out;
	if ((err = employee_find(st, matricule, 0, &id, d)) != TDM_OK)
		goto out;
	if ((err = authorize_self(actor, id, OP_PERSON_EXPORT, d)) != TDM_OK)
		goto out;
	/*
	 * Private texts (comments, survey answers, decline notes, cancel
	 * reasons) go to the person, or to an admin answering a request on
	 * their behalf; never to a programme manager.
	 */
	priv = actor->employee_id == id || permitted(actor, OP_PERSON_ERASE);
	if ((err = read_event(st, actor, id, "export", "")) != TDM_OK)
		goto out;
	store_timestamp(st, now);
	tdm_buf_adds(out, "{\"format\":\"tandem-export\",\"version\":1,"
	    "\"exported_at\":");
	jstr(out, now);
	tdm_buf_addch(out, ',');
	if ((err = export_person(st, id, out)) != TDM_OK ||
	    (err = export_source(st, id, out)) != TDM_OK ||
	    (err = export_account(st, id, 0, out)) != TDM_OK ||
	    (err = export_scopes_prefs(st, id, out)) != TDM_OK ||
	    (err = export_messages(st, id, 0, out)) != TDM_OK ||
	    (err = export_enrolments(st, id, priv, out)) != TDM_OK ||
	    (err = export_reads(st, id, out)) != TDM_OK ||
	    (err = export_audit(st, id, out)) != TDM_OK)
		goto out;
	tdm_buf_adds(out, "}\n");
	if (out->failed) {
		err = TDM_ENOMEM;
		goto out;
	}
	if ((err = (actor->employee_id == id ? audit_append(st, actor,
	    "person.export", "employee", matricule, "their own request") :
	    audit_append(st, actor, "person.export", "employee", matricule,
	    "on their behalf"))) != TDM_OK)
		goto out;
	err = store_commit(st);
out:
	if (err != TDM_OK)
		store_rollback(st);
	return err;
}

/*
 * An external coach's data: the coach row, the programmes they follow,
 * their web account and sign-ins, and the audit entries that name them.
 */
enum tdm_err
tdm_export_coach(struct tdm_store *st, const struct tdm_actor *actor,
    const char *email, struct tdm_buf *out, struct tdm_diags *d)
{
	struct export_audit	 x = { out, 0 };
	struct query		 q;
	char			 now[TIMESTAMP_SIZE], key[AUDIT_KEY_SIZE];
	int64_t			 id = 0;
	enum tdm_err		 err;
	int			 n, k = 0;

	if ((err = store_begin(st)) != TDM_OK)
		goto out;
	store_timestamp(st, now);
	q = query_start(st, STMT_PRIV_COACH);
	bind_text(&q, email);
	if (query_row(&q)) {
		id = col_int(&q);
		tdm_buf_adds(out, "{\"format\":\"tandem-export\","
		    "\"version\":1,\"exported_at\":");
		jstr(out, now);
		tdm_buf_adds(out, ",\"coach\":{");
		jks(out, &k, "name", col_text(&q));
		jks(out, &k, "email", col_text(&q));
		jks(out, &k, "organisation", col_text(&q));
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto out;
	if (id == 0) {
		tdm_diag_add(d, NULL, 0, 0, "no coach with e-mail \"%s\"",
		    email);
		err = TDM_ENOENT;
		goto out;
	}
	if (actor->coach_id != id &&
	    (err = authorize(actor, OP_PERSON_EXPORT, d)) != TDM_OK)
		goto out;
	q = query_start(st, STMT_PRIV_COACH_CREATED);
	bind_int(&q, id);
	if (query_row(&q))
		jks(out, &k, "created_at", col_text(&q));
	if ((err = query_end(&q)) != TDM_OK)
		goto out;
	tdm_buf_adds(out, "},\"programmes\":[");
	q = query_start(st, STMT_PRIV_COACH_PROGRAMMES);
	bind_int(&q, id);
	for (n = 0; query_row(&q); ) {
		k = 0;
		tdm_buf_adds(out, n++ ? ",{" : "{");
		jks(out, &k, "programme", col_text(&q));
		jks(out, &k, "state", col_text(&q));
		tdm_buf_addch(out, '}');
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto out;
	tdm_buf_addch(out, ']');
	/* The coach's own notes on the tandems they follow (issue 15). */
	tdm_buf_adds(out, ",\"notes\":[");
	q = query_start(st, STMT_PRIV_EXPORT_COACH_NOTES);
	bind_int(&q, id);
	for (n = 0; query_row(&q); ) {
		k = 0;
		tdm_buf_adds(out, n++ ? ",{" : "{");
		jks(out, &k, "programme", col_text(&q));
		jks(out, &k, "note", col_text(&q));
		jkso(out, &k, "followed_at", col_text(&q));
		jks(out, &k, "updated_at", col_text(&q));
		tdm_buf_addch(out, '}');
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto out;
	tdm_buf_addch(out, ']');
	if ((err = export_account(st, 0, id, out)) != TDM_OK ||
	    (err = export_messages(st, 0, id, out)) != TDM_OK ||
	    (err = audit_subject(st, 0, id, key)) != TDM_OK)
		goto out;
	tdm_buf_adds(out, ",\"audit\":[");
	if ((err = audit_naming(st, key, export_entry, &x)) != TDM_OK)
		goto out;
	tdm_buf_adds(out, "]}\n");
	if (out->failed) {
		err = TDM_ENOMEM;
		goto out;
	}
	if ((err = (actor->coach_id == id ? audit_append(st, actor,
	    "coach.export", "coach", email, "their own request") :
	    audit_append(st, actor, "coach.export", "coach", email,
	    "on their behalf"))) != TDM_OK)
		goto out;
	err = store_commit(st);
out:
	if (err != TDM_OK)
		store_rollback(st);
	return err;
}

/* --- Erasure ---------------------------------------------------------- */

/*
 * A pseudonym for an erased person: random, so that it says nothing of
 * the row, the order of arrival or the neighbours.
 */
static void
pseudonym(char out[32])
{
	unsigned char	 rnd[6];
	char		 hex[sizeof(rnd) * 2 + 1];

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	snprintf(out, 32, "erased-%s", hex);
}

/*
 * Erase one employee in the caller's transaction.  An employee erased
 * already is left alone.  The audit log is not touched: its entries
 * name the person by a subject key, and deleting the key's row here is
 * what makes them name nobody.
 *
 * The free texts are cleared by rule, not by search: every text the
 * person typed (comments, cancel reasons, survey answer, decline
 * notes) and every text about them or their pair (the partner's
 * comments on their sessions, the partner's closing answer, a decline
 * note on their pair), whoever wrote it; and the staff's notes on the
 * transitions of every programme they were enrolled in, which may name
 * them.
 */
static enum tdm_err
erase_one(struct tdm_store *st, int64_t id, struct tdm_erasure *e)
{
	struct query	 q, wd;
	char		 pseudo[32], now[TIMESTAMP_SIZE];
	char		*matricule = NULL;
	struct erased_partner *partners = NULL;
	size_t		 npartners = 0;
	enum tdm_err	 err = TDM_OK, qerr;
	int64_t		 cancelled = 0, en, programme;
	int		 i, found, erased = 0, nomem = 0;
	static const enum stmt actors[] = { STMT_PRIV_ACTOR_ROLE,
	    STMT_PRIV_ACTOR_PROGRAMME, STMT_PRIV_ACTOR_EVENT,
	    STMT_PRIV_ACTOR_CHARTER, STMT_PRIV_ACTOR_ENROLMENT,
	    STMT_PRIV_ACTOR_REJECTION };
	static const enum stmt texts[] = { STMT_PRIV_ERASE_FEEDBACK,
	    STMT_PRIV_ERASE_REASONS, STMT_PRIV_ERASE_CLOSING,
	    STMT_PRIV_ERASE_PARTNER_CLOSING, STMT_PRIV_ERASE_NOTES,
	    STMT_PRIV_ERASE_EVENT_NOTES, STMT_PRIV_ERASE_COACH_NOTES,
	    STMT_PRIV_ERASE_KUDOS, STMT_PRIV_ERASE_ATTESTATIONS,
	    /* Attestations that name them, and their agreements. */
	    STMT_NAMING_ERASE_ATTESTATIONS, STMT_NAMING_ERASE_NAMED,
	    STMT_NAMING_ERASE_CONSENT };

	pseudonym(pseudo);
	snprintf(e->pseudonym, sizeof(e->pseudonym), "%s", pseudo);
	store_timestamp(st, now);
	q = query_start(st, STMT_PRIV_ERASE_WHO);
	bind_int(&q, id);
	if ((found = query_row(&q))) {
		nomem = (matricule = strdup(col_text(&q))) == NULL;
		col_skip(&q);	/* the names and e-mail */
		col_skip(&q);
		col_skip(&q);
		erased = col_int(&q) != 0;
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto out;
	if (!found || erased) {
		err = found ? TDM_OK : TDM_ENOENT;
		goto out;
	}
	if (nomem) {
		err = TDM_ENOMEM;
		goto out;
	}
	/* Their partners, told once the outbox forgot them (issue 13). */
	if ((err = outbox_read_partners(st, id, &partners, &npartners)) !=
	    TDM_OK)
		goto out;
	/* First the future: calendars learn of the cancellations. */
	q = query_start(st, STMT_PRIV_ERASE_LIVE);
	bind_int(&q, id);
	while (query_row(&q)) {
		en = col_int(&q);
		programme = col_int(&q);
		if ((err = session_cancel_future(st, programme, en,
		    col_text(&q), &cancelled)) != TDM_OK)
			break;
		e->sessions += cancelled;
		wd = query_start(st, STMT_PRIV_ERASE_WITHDRAW);
		bind_int(&wd, en);
		bind_text(&wd, now);
		if ((err = query_exec(&wd)) != TDM_OK)
			break;
	}
	if ((qerr = query_end(&q)) != TDM_OK && err == TDM_OK)
		err = qerr;
	if (err != TDM_OK)
		goto out;
	for (i = 0; i < (int)(sizeof(texts) / sizeof(texts[0])); i++)
		if ((err = run_id(st, texts[i], id, &e->texts)) != TDM_OK)
			goto out;
	for (i = 0; i < (int)(sizeof(actors) / sizeof(actors[0])); i++) {
		q = query_start(st, actors[i]);
		bind_text(&q, matricule);
		bind_text(&q, pseudo);
		if ((err = query_exec(&q)) != TDM_OK)
			goto out;
	}
	if ((err = outbox_forget(st, id)) != TDM_OK ||
	    (err = outbox_tell_partners(st, partners, npartners)) != TDM_OK ||
	    (err = run_id(st, STMT_PRIV_ERASE_ENROLMENTS, id, NULL)) !=
	    TDM_OK ||
	    (err = run_id(st, STMT_PRIV_ERASE_ROLES, id, NULL)) != TDM_OK ||
	    (err = run_id(st, STMT_PRIV_ERASE_ACCOUNT, id, NULL)) != TDM_OK ||
	    (err = run_id(st, STMT_PRIV_ERASE_TEAM, id, NULL)) != TDM_OK ||
	    (err = run_id(st, STMT_PRIV_ERASE_READS, id, NULL)) != TDM_OK ||
	    (err = audit_forget(st, id, 0)) != TDM_OK)
		goto out;
	q = query_start(st, STMT_PRIV_ERASE_EMPLOYEE);
	bind_int(&q, id);
	bind_text(&q, pseudo);
	bind_text(&q, now);
	if ((err = query_exec(&q)) != TDM_OK ||
	    (err = run_id(st, STMT_PRIV_ERASE_ORDER, id, NULL)) != TDM_OK ||
	    (err = run_id(st, STMT_PRIV_ERASE_PAIRS, id, NULL)) != TDM_OK)
		goto out;
	e->people++;
out:
	free(partners);
	free(matricule);
	return err;
}

/*
 * Erase one external coach in the caller's transaction: the name,
 * organisation and e-mail go (the e-mail becomes a random pseudonym,
 * being the row's key for the programmes that keep it), with the web
 * account, its sessions and invitations, and the audit subject key.
 */
static enum tdm_err
erase_coach_one(struct tdm_store *st, int64_t id, struct tdm_erasure *e)
{
	struct query	 q;
	enum tdm_err	 err;

	pseudonym(e->pseudonym);
	/* The charters of their programmes name them by construction. */
	if ((err = run_id(st, STMT_PRIV_COACH_CHARTER, id, NULL)) != TDM_OK ||
	    (err = run_id(st, STMT_PRIV_COACH_ACCOUNT, id, NULL)) != TDM_OK ||
	    (err = run_id(st, STMT_PRIV_COACH_NOTES_ERASE, id, NULL)) !=
	    TDM_OK ||
	    (err = audit_forget(st, 0, id)) != TDM_OK)
		return err;
	q = query_start(st, STMT_PRIV_COACH_ERASE);
	bind_int(&q, id);
	bind_text(&q, e->pseudonym);
	if ((err = query_exec(&q)) != TDM_OK)
		return err;
	e->people++;
	return TDM_OK;
}

/*
 * Leave no copy of erased bytes in the file: rebuild it (which drops
 * the free pages and the slack of the pages kept) and empty the
 * write-ahead log, whose frames still hold the old pages.  Returns 0,
 * or -1 with a diagnostic when another connection prevented it.
 */
static int
compact(struct tdm_store *st, struct tdm_diags *d)
{
	int	 emptied;

	if (store_vacuum(st) != TDM_OK) {
		tdm_diag_add(d, NULL, 0, 0, "the database file could not be "
		    "compacted (%s): run \"tandem purge\" again when nobody "
		    "uses it", store_errmsg(st));
		return -1;
	}
	if (store_checkpoint(st, &emptied) != TDM_OK)
		return -1;
	if (!emptied) {
		tdm_diag_add(d, NULL, 0, 0, "the write-ahead log could not be "
		    "emptied while another program reads the database: run "
		    "\"tandem purge\" again when nobody uses it");
		return -1;
	}
	return 0;
}

/* The audit log's head after the act, for the operator to keep. */
static void
head_now(struct tdm_store *st, struct tdm_erasure *e)
{
	char	 head[65];
	int64_t	 id;

	if (audit_head(st, &id, head) == TDM_OK && id != 0)
		snprintf(e->head, sizeof(e->head), "%s", head);
}

enum tdm_err
tdm_erase_person(struct tdm_store *st, const struct tdm_actor *actor,
    const char *matricule, struct tdm_erasure *e, struct tdm_diags *d)
{
	char		 key[AUDIT_KEY_SIZE];
	int64_t		 id;
	enum tdm_err	 err;

	memset(e, 0, sizeof(*e));
	if ((err = authorize(actor, OP_PERSON_ERASE, d)) != TDM_OK)
		return err;
	if ((err = store_begin(st)) != TDM_OK)
		goto out;
	if ((err = employee_find(st, matricule, 0, &id, d)) != TDM_OK)
		goto out;
	if (actor->employee_id == id) {
		tdm_diag_add(d, NULL, 0, 0, "an admin cannot erase themself: "
		    "ask another admin");
		err = TDM_ESTATE;
		goto out;
	}
	if ((err = audit_subject(st, id, 0, key)) != TDM_OK)
		goto out;
	if ((err = erase_one(st, id, e)) != TDM_OK)
		goto out;
	if (e->people == 0) {
		tdm_diag_add(d, NULL, 0, 0, "%s is erased already", matricule);
		err = TDM_ESTATE;
		goto out;
	}
	/*
	 * The entry names the person by their key, deleted a moment ago:
	 * it reads "[erased]" from now on, and nothing in it (no
	 * pseudonym, no hash over the old log) links it back to anyone.
	 */
	if ((err = audit_append(st, actor, "person.erase", "employee", key,
	    "%" PRId64 " future sessions cancelled, %" PRId64 " texts "
	    "cleared", e->sessions, e->texts)) != TDM_OK)
		goto out;
	if ((err = store_commit(st)) != TDM_OK)
		goto out;
	head_now(st, e);
	e->compacted = compact(st, d) == 0;
out:
	if (err != TDM_OK)
		store_rollback(st);
	return err;
}
enum tdm_err
tdm_erase_coach(struct tdm_store *st, const struct tdm_actor *actor,
    const char *email, struct tdm_erasure *e, struct tdm_diags *d)
{
	struct query	 q;
	char		 key[AUDIT_KEY_SIZE];
	int64_t		 id = 0;
	enum tdm_err	 err;

	memset(e, 0, sizeof(*e));
	if ((err = authorize(actor, OP_PERSON_ERASE, d)) != TDM_OK)
		return err;
	if ((err = store_begin(st)) != TDM_OK)
		goto out;
	q = query_start(st, STMT_PRIV_COACH);
	bind_text(&q, email);
	if (query_row(&q)) {
		id = col_int(&q);
		col_skip(&q);
		col_skip(&q);
		col_skip(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto out;
	if (id == 0 || strncmp(email, "erased-", 7) == 0) {
		tdm_diag_add(d, NULL, 0, 0, id == 0 ? "no coach with e-mail "
		    "\"%s\"" : "%s is erased already", email);
		err = id == 0 ? TDM_ENOENT : TDM_ESTATE;
		goto out;
	}
	if ((err = audit_subject(st, 0, id, key)) != TDM_OK ||
	    (err = erase_coach_one(st, id, e)) != TDM_OK ||
	    (err = audit_append(st, actor, "coach.erase", "coach", key,
	    "%s", "coach")) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto out;
	head_now(st, e);
	e->compacted = compact(st, d) == 0;
out:
	if (err != TDM_OK)
		store_rollback(st);
	return err;
}

enum tdm_err
tdm_purge(struct tdm_store *st, const struct tdm_actor *actor,
    struct tdm_erasure *e, struct tdm_diags *d)
{
	struct tdm_erasure one;
	struct query	 q;
	char		 now[TIMESTAMP_SIZE];
	int64_t		*ids = NULL;
	size_t		 n, i;
	enum tdm_err	 err;
	static const enum stmt texts[] = { STMT_PRIV_PURGE_FEEDBACK,
	    STMT_PRIV_PURGE_CLOSING, STMT_PRIV_PURGE_REASONS,
	    STMT_PRIV_PURGE_NOTES, STMT_PRIV_PURGE_COACH_NOTES,
	    STMT_PRIV_PURGE_KUDOS };

	memset(e, 0, sizeof(*e));
	if ((err = authorize(actor, OP_PURGE, d)) != TDM_OK)
		return err;
	if ((err = store_begin(st)) != TDM_OK)
		goto out;
	store_timestamp(st, now);
	/* Collected first: erasure changes what the query reads. */
	q = query_start(st, STMT_PRIV_PURGE_PEOPLE);
	bind_text(&q, now);
	if ((err = query_ids(&q, &ids, &n)) != TDM_OK)
		goto out;
	for (i = 0; i < n; i++) {
		memset(&one, 0, sizeof(one));
		if ((err = erase_one(st, ids[i], &one)) != TDM_OK)
			goto out;
		e->people += one.people;
		e->sessions += one.sessions;
		e->texts += one.texts;
	}
	free(ids);
	/* The coaches of expired programmes who follow no other. */
	q = query_start(st, STMT_PRIV_PURGE_COACHES);
	bind_text(&q, now);
	if ((err = query_ids(&q, &ids, &n)) != TDM_OK)
		goto out;
	for (i = 0; i < n; i++) {
		memset(&one, 0, sizeof(one));
		if ((err = erase_coach_one(st, ids[i], &one)) != TDM_OK)
			goto out;
		e->people += one.people;
	}
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		q = query_start(st, texts[i]);
		bind_text(&q, now);
		if ((err = query_exec(&q)) != TDM_OK)
			goto out;
		e->texts += store_changes(st);
	}
	/*
	 * Who listed a programme's enrolments, pairs or sessions: the rows
	 * name no participant, but go with the programme's retention too.
	 */
	q = query_start(st, STMT_HARDEN_PURGE_READS);
	bind_text(&q, now);
	if ((err = query_exec(&q)) != TDM_OK)
		goto out;
	e->reads = store_changes(st);
	if (e->people == 0 && e->texts == 0 && e->reads == 0) {
		store_rollback(st);
		head_now(st, e);
		goto out;
	}
	if ((err = (e->reads == 0 ? audit_append(st, actor,
	    "retention.purge", "store", "retention", "%" PRId64 " people "
	    "erased, %" PRId64 " texts cleared", e->people, e->texts) :
	    audit_append(st, actor, "retention.purge", "store", "retention",
	    "%" PRId64 " people erased, %" PRId64 " texts cleared, %" PRId64
	    " read events removed", e->people, e->texts, e->reads))) !=
	    TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto out;
	head_now(st, e);
	e->compacted = compact(st, d) == 0;
out:
	if (err != TDM_OK)
		store_rollback(st);
	free(ids);
	return err;
}

/* --- Backup and check ---------------------------------------------------- */

enum tdm_err
tdm_backup(struct tdm_store *st, const struct tdm_actor *actor,
    const char *path, struct tdm_diags *d)
{
	enum tdm_err	 err;

	if (access(path, F_OK) == 0) {
		tdm_diag_add(d, path, 0, 0, "exists already: a backup never "
		    "overwrites a file");
		return TDM_EEXIST;
	}
	/* A failed backup leaves no half-written copy to be trusted. */
	if ((err = store_backup(st, path, d)) != TDM_OK) {
		if (err != TDM_EEXIST)
			unlink(path);
		return err;
	}
	/*
	 * Logged once made (the copy holds everything before this entry);
	 * where it went is the operator's, not the log's.
	 */
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = audit_append(st, actor, "store.backup", "store", "backup",
	    "%s", "backup")) != TDM_OK || (err = store_commit(st)) != TDM_OK)
		store_rollback(st);
	return err;
}

/* Whether name is one of the rotation's: tandem-YYYYMMDDTHHMMSSZ.db. */
static int
rotation_name(const char *name)
{
	static const char	 form[] = "tandem-########T######Z.db";
	size_t			 i;

	if (strlen(name) != sizeof(form) - 1)
		return 0;
	for (i = 0; form[i] != '\0'; i++)
		if (form[i] == '#' ? !isdigit((unsigned char)name[i]) :
		    name[i] != form[i])
			return 0;
	return 1;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

enum tdm_err
tdm_backup_rotate(struct tdm_store *st, const struct tdm_actor *actor,
    const char *dir, int keep, char made[TDM_BACKUP_PATH], int *removed,
    struct tdm_diags *d)
{
	struct stat	 sb;
	struct dirent	*de;
	struct tm	 tm;
	DIR		*dp;
	char		**names = NULL, **nn, path[TDM_BACKUP_PATH];
	time_t		 now = tdm_store_now(st);
	size_t		 n = 0, i;
	enum tdm_err	 err = TDM_OK;

	*removed = 0;
	made[0] = '\0';
	if (keep < 1) {
		tdm_diag_add(d, NULL, 0, 0, "a rotation keeps at least one "
		    "backup");
		return TDM_EINVAL;
	}
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		tdm_diag_add(d, dir, 0, 0, "is not a directory: a rotation "
		    "keeps its backups in a directory of their own");
		return TDM_EINVAL;
	}
	gmtime_r(&now, &tm);
	if (snprintf(path, sizeof(path), "%s/tandem-%04d%02d%02dT%02d%02d%02dZ"
	    ".db", dir, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	    tm.tm_hour, tm.tm_min, tm.tm_sec) >= (int)sizeof(path)) {
		tdm_diag_add(d, dir, 0, 0, "the directory's name is too long");
		return TDM_EINVAL;
	}
	if ((err = tdm_backup(st, actor, path, d)) != TDM_OK)
		return err;
	memcpy(made, path, strlen(path) + 1);
	/* The new backup is made: only then are old ones deleted. */
	if ((dp = opendir(dir)) == NULL) {
		tdm_diag_add(d, dir, 0, 0, "cannot be read to rotate: %s",
		    tdm_errno_text(errno));
		return TDM_EIO;
	}
	while ((de = readdir(dp)) != NULL) {
		if (!rotation_name(de->d_name))
			continue;
		if ((nn = realloc(names, (n + 1) * sizeof(*names))) == NULL ||
		    (nn[n] = strdup(de->d_name)) == NULL) {
			if (nn != NULL)
				names = nn;
			err = TDM_ENOMEM;
			break;
		}
		names = nn;
		n++;
	}
	closedir(dp);
	if (err == TDM_OK && n > (size_t)keep) {
		qsort(names, n, sizeof(*names), name_cmp);
		for (i = 0; i < n - (size_t)keep; i++) {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			if (unlink(path) != 0) {
				tdm_diag_add(d, path, 0, 0, "cannot be "
				    "deleted: %s", tdm_errno_text(errno));
				err = TDM_EIO;
				break;
			}
			(*removed)++;
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (*removed > 0) {
		enum tdm_err	 aerr;

		if ((aerr = store_begin(st)) != TDM_OK)
			return err != TDM_OK ? err : aerr;
		if ((aerr = audit_append(st, actor, "store.backup", "store",
		    "backup", "backup rotated, %d removed, %d kept", *removed,
		    keep)) != TDM_OK || (aerr = store_commit(st)) != TDM_OK)
			store_rollback(st);
		if (err == TDM_OK)
			err = aerr;
	}
	return err;
}

/* A problem the store's check found, as a diagnostic. */
static void
problem(void *arg, const char *area, const char *what)
{
	tdm_diag_add(arg, area, 0, 0, "%s", what);
}

enum tdm_err
tdm_check(struct tdm_store *st, struct tdm_diags *d)
{
	char		 head[65];
	int64_t		 count;
	size_t		 before = tdm_diag_count(d);
	enum tdm_err	 err;

	if ((err = store_check(st, problem, d)) != TDM_OK)
		return err;
	err = tdm_audit_verify(st, &count, head, d);
	if (err != TDM_OK && err != TDM_EINVAL)
		return err;
	return tdm_diag_count(d) > before ? TDM_EINVAL : TDM_OK;
}

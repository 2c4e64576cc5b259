/*
 * Privacy and upkeep, as privacy.h describes: the export of a person's
 * data, erasure, the retention purge, online backup and the check.
 *
 * Its queries are STMT_PRIV_* in store.c's table, prepared when the
 * store opens.  The SQLite-only maintenance (VACUUM, the WAL checkpoint,
 * PRAGMA integrity_check, the backup API) is still run here by its SQL
 * text; it belongs with the store's other dialect-specific pieces.
 *
 * This file decides what personal data is and where it lives; it does
 * not decide who may see a report (report.c) or how the audit chain is
 * hashed (audit.c).
 */
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tandem/audit.h"
#include "tandem/privacy.h"
#include "tandem/role.h"
#include "tandem/strbuf.h"
#include "internal.h"


/* The statements of an operation: the store's, prepared at open. */
struct pq_set {
	struct tdm_store	*st;
};

static enum tdm_err
pq_open(struct tdm_store *st, struct pq_set *q, struct tdm_diags *d)
{
	(void)d;
	q->st = st;
	return TDM_OK;
}

static void
pq_close(struct pq_set *q)
{
	q->st = NULL;
}

/* Reset a statement, bind ?1 to id and return it. */
static sqlite3_stmt *
pq(struct pq_set *q, enum stmt which, int64_t id)
{
	sqlite3_stmt	*s = store_stmt(q->st, which);

	sqlite3_bind_int64(s, 1, id);
	return s;
}

/* Run a write; its changed rows are added to *count when not NULL. */
static enum tdm_err
pq_run(struct tdm_store *st, sqlite3_stmt *s, int64_t *count)
{
	int	 rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(rc) == TDM_OK ? TDM_EDB : store_err(rc);
	if (count != NULL)
		*count += sqlite3_changes(st->db);
	return TDM_OK;
}

/* --- Export ---------------------------------------------------------- */

/* A JSON string, escaped; the input is UTF-8 as stored. */
static void
jstr(struct tdm_buf *b, const char *s)
{
	const unsigned char	*p;

	tdm_buf_addch(b, '"');
	for (p = (const unsigned char *)s; *p; p++)
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

#define COL(s, i)	column_text((s), (i))
#define INT(s, i)	((int64_t)sqlite3_column_int64((s), (i)))

static int
export_person(struct pq_set *q, int64_t id, struct tdm_buf *b)
{
	sqlite3_stmt	*s = pq(q, STMT_PRIV_PERSON, id);
	int		 n = 0, rc;

	if ((rc = sqlite3_step(s)) != SQLITE_ROW)
		return rc;
	tdm_buf_adds(b, "\"person\":{");
	jks(b, &n, "matricule", COL(s, 0));
	jks(b, &n, "last_name", COL(s, 1));
	jks(b, &n, "first_name", COL(s, 2));
	jks(b, &n, "email", COL(s, 3));
	jki(b, &n, "birth_year", INT(s, 4));
	jkso(b, &n, "generation", COL(s, 5));
	jks(b, &n, "department", COL(s, 6));
	jks(b, &n, "team", COL(s, 7));
	jks(b, &n, "site", COL(s, 8));
	jks(b, &n, "job_title", COL(s, 9));
	jks(b, &n, "grade", COL(s, 10));
	jkso(b, &n, "manager", COL(s, 11));
	jkso(b, &n, "hire_date", COL(s, 12));
	jks(b, &n, "language", COL(s, 13));
	jkb(b, &n, "active", INT(s, 14) != 0);
	tdm_buf_adds(b, "},\"roles\":[");
	sqlite3_reset(s);
	s = pq(q, STMT_PRIV_ROLES, id);
	for (n = 0; (rc = sqlite3_step(s)) == SQLITE_ROW; ) {
		int	 k = 0;

		tdm_buf_adds(b, n++ ? ",{" : "{");
		jks(b, &k, "role", COL(s, 0));
		jks(b, &k, "granted_at", COL(s, 1));
		jks(b, &k, "granted_by", COL(s, 2));
		tdm_buf_addch(b, '}');
	}
	sqlite3_reset(s);
	tdm_buf_addch(b, ']');
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The pairs, sessions, feedback and survey of one enrolment. */
static int
export_enrolment_parts(struct pq_set *q, int64_t en, struct tdm_buf *b)
{
	sqlite3_stmt	*s;
	int		 n, k, rc;

	tdm_buf_adds(b, ",\"topics\":[");
	s = pq(q, STMT_PRIV_TOPICS, en);
	for (n = 0; (rc = sqlite3_step(s)) == SQLITE_ROW; ) {
		k = 0;
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jks(b, &k, "topic", COL(s, 0));
		jki(b, &k, "level", INT(s, 1));
		jki(b, &k, "interest", INT(s, 2));
		tdm_buf_addch(b, '}');
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return rc;
	tdm_buf_adds(b, "],\"pairs\":[");
	s = pq(q, STMT_PRIV_PAIRS, en);
	for (n = 0; (rc = sqlite3_step(s)) == SQLITE_ROW; ) {
		k = 0;
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jks(b, &k, "as", COL(s, 0));
		jks(b, &k, "partner", COL(s, 1));
		jks(b, &k, "partner_name", COL(s, 2));
		jks(b, &k, "state", COL(s, 3));
		jkso(b, &k, "focus", COL(s, 4));
		jkso(b, &k, "answer", COL(s, 5));
		jkso(b, &k, "decline_note", COL(s, 6));
		jks(b, &k, "proposed_at", COL(s, 7));
		jkso(b, &k, "published_at", COL(s, 8));
		tdm_buf_addch(b, '}');
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return rc;
	tdm_buf_adds(b, "],\"sessions\":[");
	s = pq(q, STMT_PRIV_SESSIONS, en);
	for (n = 0; (rc = sqlite3_step(s)) == SQLITE_ROW; ) {
		k = 0;
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jki(b, &k, "number", INT(s, 0));
		jks(b, &k, "start", COL(s, 1));
		jki(b, &k, "minutes", INT(s, 2));
		jks(b, &k, "state", COL(s, 3));
		jkso(b, &k, "cancelled_by", COL(s, 4));
		jkso(b, &k, "cancel_reason", COL(s, 5));
		jkey(b, &k, "present");
		tdm_buf_adds(b, INT(s, 6) < 0 ? "null" : INT(s, 6) ? "true" :
		    "false");
		tdm_buf_addch(b, '}');
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return rc;
	tdm_buf_adds(b, "],\"feedback\":[");
	s = pq(q, STMT_PRIV_FEEDBACK, en);
	for (n = 0; (rc = sqlite3_step(s)) == SQLITE_ROW; ) {
		k = 0;
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jki(b, &k, "session", INT(s, 0));
		jks(b, &k, "start", COL(s, 1));
		jki(b, &k, "rating", INT(s, 2));
		jkso(b, &k, "comment", COL(s, 3));
		jks(b, &k, "at", COL(s, 4));
		tdm_buf_addch(b, '}');
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return rc;
	tdm_buf_adds(b, "],\"closing\":");
	s = pq(q, STMT_PRIV_CLOSING, en);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		k = 0;
		tdm_buf_addch(b, '{');
		jkb(b, &k, "recommend", INT(s, 0) != 0);
		jkso(b, &k, "changed", COL(s, 1));
		jks(b, &k, "at", COL(s, 2));
		jkey(b, &k, "levels");
		sqlite3_reset(s);
		s = pq(q, STMT_PRIV_CLOSING_LEVELS, en);
		tdm_buf_addch(b, '[');
		for (n = 0; (rc = sqlite3_step(s)) == SQLITE_ROW; ) {
			k = 0;
			tdm_buf_adds(b, n++ ? ",{" : "{");
			jks(b, &k, "topic", COL(s, 0));
			jki(b, &k, "level", INT(s, 1));
			tdm_buf_addch(b, '}');
		}
		tdm_buf_adds(b, "]}");
	} else if (rc == SQLITE_DONE)
		tdm_buf_adds(b, "null");
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int
export_enrolments(struct pq_set *q, int64_t id, struct tdm_buf *b)
{
	sqlite3_stmt	*s = pq(q, STMT_PRIV_ENROLMENTS, id);
	int		 n, k, rc, rc2;

	tdm_buf_adds(b, ",\"enrolments\":[");
	for (n = 0; (rc = sqlite3_step(s)) == SQLITE_ROW; ) {
		k = 0;
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jks(b, &k, "programme", COL(s, 1));
		jks(b, &k, "programme_state", COL(s, 2));
		jks(b, &k, "role", COL(s, 3));
		jkey(b, &k, "charter");
		tdm_buf_addf(b, "{\"version\":%" PRId64 ",\"published_at\":",
		    INT(s, 4));
		if (*COL(s, 5) == '\0')
			tdm_buf_adds(b, "null");
		else
			jstr(b, COL(s, 5));
		tdm_buf_addch(b, '}');
		jks(b, &k, "optin", COL(s, 6));
		jkso(b, &k, "optin_ref", COL(s, 7));
		jkso(b, &k, "recorded_by", COL(s, 8));
		jks(b, &k, "languages", COL(s, 9));
		jks(b, &k, "site", COL(s, 10));
		jkb(b, &k, "remote", INT(s, 11) != 0);
		jki(b, &k, "availability", INT(s, 12));
		jki(b, &k, "capacity", INT(s, 13));
		jks(b, &k, "enrolled_at", COL(s, 14));
		jkso(b, &k, "withdrawn_at", COL(s, 15));
		if ((rc2 = export_enrolment_parts(q, INT(s, 0), b)) !=
		    SQLITE_OK) {
			sqlite3_reset(s);
			return rc2;
		}
		tdm_buf_addch(b, '}');
	}
	sqlite3_reset(s);
	tdm_buf_addch(b, ']');
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int
export_audit(struct tdm_store *st, const char *matricule, struct tdm_buf *b)
{
	sqlite3_stmt	*s = store_stmt(st, STMT_AUDIT_LIST);
	int		 n, k, rc;

	tdm_buf_adds(b, ",\"audit\":[");
	for (n = 0; (rc = sqlite3_step(s)) == SQLITE_ROW; ) {
		if (!names_word(COL(s, 2), matricule) &&
		    !names_word(COL(s, 4), matricule) &&
		    !names_word(COL(s, 5), matricule))
			continue;
		k = 0;
		tdm_buf_adds(b, n++ ? ",{" : "{");
		jki(b, &k, "id", INT(s, 0));
		jks(b, &k, "at", COL(s, 1));
		jks(b, &k, "actor", COL(s, 2));
		jks(b, &k, "action", COL(s, 3));
		jks(b, &k, "object", COL(s, 4));
		jks(b, &k, "detail", COL(s, 5));
		tdm_buf_addch(b, '}');
	}
	sqlite3_reset(s);
	tdm_buf_addch(b, ']');
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

enum tdm_err
tdm_export_person(struct tdm_store *st, const struct tdm_actor *actor,
    const char *matricule, struct tdm_buf *out, struct tdm_diags *d)
{
	struct pq_set	 q;
	char		 now[TIMESTAMP_SIZE];
	int64_t		 id;
	enum tdm_err	 err;
	int		 rc;

	if ((err = pq_open(st, &q, d)) != TDM_OK)
		goto out;
	/* One transaction: the export is a consistent snapshot. */
	if ((err = store_begin(st)) != TDM_OK)
		goto out;
	if ((err = employee_find(st, matricule, 0, &id, d)) != TDM_OK)
		goto out;
	if ((err = authorize_self(actor, id, OP_PERSON_EXPORT, d)) != TDM_OK)
		goto out;
	store_timestamp(st, now);
	tdm_buf_adds(out, "{\"format\":\"tandem-export\",\"version\":1,"
	    "\"exported_at\":");
	jstr(out, now);
	tdm_buf_addch(out, ',');
	if ((rc = export_person(&q, id, out)) != SQLITE_OK ||
	    (rc = export_enrolments(&q, id, out)) != SQLITE_OK ||
	    (rc = export_audit(st, matricule, out)) != SQLITE_OK) {
		err = store_err(rc) == TDM_OK ? TDM_EDB : store_err(rc);
		goto out;
	}
	tdm_buf_adds(out, "}\n");
	if (out->failed) {
		err = TDM_ENOMEM;
		goto out;
	}
	if ((err = audit_append(st, actor, "person.export", "employee",
	    matricule, "%s", actor->employee_id == id ? "their own request" :
	    "on their behalf")) != TDM_OK)
		goto out;
	err = store_commit(st);
out:
	if (err != TDM_OK)
		store_rollback(st);
	pq_close(&q);
	return err;
}

/* --- Erasure ---------------------------------------------------------- */

/* What the audit log must forget: each from[i] becomes to[i]. */
struct words {
	char	**from;
	char	**to;
	size_t	  n;
	size_t	  alloc;
};

static int
words_add(struct words *w, const char *from, const char *to)
{
	char	**f, **t;
	size_t	  alloc;

	/* A name of one letter would rewrite every initial in the log. */
	if (strlen(from) < 2)
		return 0;
	if (w->n == w->alloc) {
		alloc = w->alloc ? w->alloc * 2 : 16;
		if ((f = realloc(w->from, alloc * sizeof(*f))) == NULL)
			return -1;
		w->from = f;
		if ((t = realloc(w->to, alloc * sizeof(*t))) == NULL)
			return -1;
		w->to = t;
		w->alloc = alloc;
	}
	if ((w->from[w->n] = strdup(from)) == NULL)
		return -1;
	if ((w->to[w->n] = strdup(to)) == NULL) {
		free(w->from[w->n]);
		return -1;
	}
	w->n++;
	return 0;
}

static void
words_free(struct words *w)
{
	size_t	 i;

	for (i = 0; i < w->n; i++) {
		free(w->from[i]);
		free(w->to[i]);
	}
	free(w->from);
	free(w->to);
	memset(w, 0, sizeof(*w));
}

/*
 * Erase one employee in the caller's transaction, adding what the audit
 * log must forget to w.  An employee erased already is left alone.
 */
static enum tdm_err
erase_one(struct tdm_store *st, struct pq_set *q, int64_t id,
    struct words *w, struct tdm_erasure *e)
{
	sqlite3_stmt	*s;
	char		 pseudo[32], now[TIMESTAMP_SIZE];
	char		*matricule = NULL;
	enum tdm_err	 err = TDM_OK;
	int64_t		 before;
	int		 rc, i;
	static const enum stmt actors[] = { STMT_PRIV_ACTOR_ROLE,
	    STMT_PRIV_ACTOR_PROGRAMME, STMT_PRIV_ACTOR_EVENT,
	    STMT_PRIV_ACTOR_CHARTER, STMT_PRIV_ACTOR_ENROLMENT,
	    STMT_PRIV_ACTOR_REJECTION };
	static const enum stmt texts[] = { STMT_PRIV_ERASE_FEEDBACK,
	    STMT_PRIV_ERASE_REASONS, STMT_PRIV_ERASE_CLOSING,
	    STMT_PRIV_ERASE_NOTES };

	snprintf(pseudo, sizeof(pseudo), "erased-%" PRId64, id);
	snprintf(e->pseudonym, sizeof(e->pseudonym), "%s", pseudo);
	store_timestamp(st, now);
	s = pq(q, STMT_PRIV_ERASE_WHO, id);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW || INT(s, 4)) {
		sqlite3_reset(s);
		return rc == SQLITE_ROW ? TDM_OK : TDM_ENOENT;
	}
	if ((matricule = strdup(COL(s, 0))) == NULL ||
	    words_add(w, COL(s, 0), pseudo) == -1 ||
	    words_add(w, COL(s, 3), "[erased]") == -1 ||
	    words_add(w, COL(s, 1), "[erased]") == -1 ||
	    words_add(w, COL(s, 2), "[erased]") == -1) {
		sqlite3_reset(s);
		err = TDM_ENOMEM;
		goto out;
	}
	sqlite3_reset(s);
	s = pq(q, STMT_PRIV_ERASE_OPTIN_REFS, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (words_add(w, COL(s, 0), "[erased]") == -1) {
			rc = SQLITE_NOMEM;
			break;
		}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		err = store_err(rc) == TDM_OK ? TDM_EDB : store_err(rc);
		goto out;
	}
	/* First the future: calendars learn of the cancellations. */
	s = pq(q, STMT_PRIV_ERASE_LIVE, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		sqlite3_stmt	*wd;
		int64_t		 en = INT(s, 0);

		before = sqlite3_total_changes(st->db);
		if ((err = session_cancel_future(st, INT(s, 1), en,
		    COL(s, 2))) != TDM_OK)
			break;
		e->sessions += sqlite3_total_changes(st->db) - before;
		wd = pq(q, STMT_PRIV_ERASE_WITHDRAW, en);
		store_bind_text(wd, 2, now, -1);
		if ((err = pq_run(st, wd, NULL)) != TDM_OK)
			break;
	}
	sqlite3_reset(s);
	if (err != TDM_OK)
		goto out;
	if (rc != SQLITE_DONE) {
		err = store_err(rc) == TDM_OK ? TDM_EDB : store_err(rc);
		goto out;
	}
	for (i = 0; i < (int)(sizeof(texts) / sizeof(texts[0])); i++)
		if ((err = pq_run(st, pq(q, texts[i], id), &e->texts)) !=
		    TDM_OK)
			goto out;
	for (i = 0; i < (int)(sizeof(actors) / sizeof(actors[0])); i++) {
		s = store_stmt(q->st, actors[i]);
		store_bind_text(s, 1, matricule, -1);
		store_bind_text(s, 2, pseudo, -1);
		if ((err = pq_run(st, s, NULL)) != TDM_OK)
			goto out;
	}
	if ((err = pq_run(st, pq(q, STMT_PRIV_ERASE_ENROLMENTS, id), NULL)) !=
		TDM_OK ||
	    (err = pq_run(st, pq(q, STMT_PRIV_ERASE_ROLES, id), NULL)) !=
		TDM_OK ||
	    (err = pq_run(st, pq(q, STMT_PRIV_ERASE_ACCOUNT, id), NULL)) !=
		TDM_OK)
		goto out;
	s = pq(q, STMT_PRIV_ERASE_EMPLOYEE, id);
	store_bind_text(s, 2, pseudo, -1);
	store_bind_text(s, 3, now, -1);
	if ((err = pq_run(st, s, NULL)) != TDM_OK)
		goto out;
	e->people++;
out:
	free(matricule);
	return err;
}

/*
 * Leave no copy of erased bytes in the file: rebuild it (VACUUM drops
 * the free pages and the slack of the pages kept) and empty the
 * write-ahead log, whose frames still hold the old pages.  Returns 0,
 * or -1 with a diagnostic when another connection prevented it.
 */
static int
compact(struct tdm_store *st, struct tdm_diags *d)
{
	sqlite3_stmt	*s;
	int		 busy = 1;

	if (sqlite3_exec(st->db, "VACUUM", NULL, NULL, NULL) != SQLITE_OK) {
		tdm_diag_add(d, NULL, 0, 0, "the database file could not be "
		    "compacted (%s): run \"tandem purge\" again when nobody "
		    "uses it", sqlite3_errmsg(st->db));
		return -1;
	}
	if (sqlite3_prepare_v2(st->db, "PRAGMA wal_checkpoint(TRUNCATE)", -1,
	    &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		busy = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (busy) {
		tdm_diag_add(d, NULL, 0, 0, "the write-ahead log could not be "
		    "emptied while another program reads the database: run "
		    "\"tandem purge\" again when nobody uses it");
		return -1;
	}
	return 0;
}

/* Rewrite the audit log for what w names, and read the new head. */
static enum tdm_err
forget(struct tdm_store *st, struct words *w, struct tdm_erasure *e,
    char old_head[65])
{
	return audit_rewrite(st, (const char *const *)w->from,
	    (const char *const *)w->to, w->n, &e->audit_first, old_head);
}

static enum tdm_err
head_now(struct tdm_store *st, struct tdm_erasure *e)
{
	sqlite3_stmt	*s = store_stmt(st, STMT_AUDIT_HEAD);

	if (sqlite3_step(s) == SQLITE_ROW)
		snprintf(e->head, sizeof(e->head), "%s", COL(s, 1));
	sqlite3_reset(s);
	return TDM_OK;
}

enum tdm_err
tdm_erase_person(struct tdm_store *st, const struct tdm_actor *actor,
    const char *matricule, struct tdm_erasure *e, struct tdm_diags *d)
{
	struct words	 w = { NULL, NULL, 0, 0 };
	struct pq_set	 q;
	char		 old_head[65];
	int64_t		 id;
	enum tdm_err	 err;

	memset(e, 0, sizeof(*e));
	memset(&q, 0, sizeof(q));
	if ((err = authorize(actor, OP_PERSON_ERASE, d)) != TDM_OK)
		return err;
	if ((err = pq_open(st, &q, d)) != TDM_OK ||
	    (err = store_begin(st)) != TDM_OK)
		goto out;
	if ((err = employee_find(st, matricule, 0, &id, d)) != TDM_OK)
		goto out;
	if (actor->employee_id == id) {
		tdm_diag_add(d, NULL, 0, 0, "an admin cannot erase themself: "
		    "ask another admin");
		err = TDM_ESTATE;
		goto out;
	}
	if ((err = erase_one(st, &q, id, &w, e)) != TDM_OK)
		goto out;
	if (e->people == 0) {
		tdm_diag_add(d, NULL, 0, 0, "%s is erased already", matricule);
		err = TDM_ESTATE;
		goto out;
	}
	if ((err = forget(st, &w, e, old_head)) != TDM_OK)
		goto out;
	if (e->audit_first)
		err = audit_append(st, actor, "person.erase", "employee",
		    e->pseudonym, "%" PRId64 " future sessions cancelled, %"
		    PRId64 " texts cleared; audit entries from %" PRId64
		    " re-chained, the head was %s", e->sessions, e->texts,
		    e->audit_first, old_head);
	else
		err = audit_append(st, actor, "person.erase", "employee",
		    e->pseudonym, "%" PRId64 " future sessions cancelled, %"
		    PRId64 " texts cleared", e->sessions, e->texts);
	if (err != TDM_OK || (err = store_commit(st)) != TDM_OK)
		goto out;
	head_now(st, e);
	pq_close(&q);
	memset(&q, 0, sizeof(q));
	e->compacted = compact(st, d) == 0;
out:
	if (err != TDM_OK)
		store_rollback(st);
	pq_close(&q);
	words_free(&w);
	return err;
}

enum tdm_err
tdm_purge(struct tdm_store *st, const struct tdm_actor *actor,
    struct tdm_erasure *e, struct tdm_diags *d)
{
	struct words	 w = { NULL, NULL, 0, 0 };
	struct pq_set	 q;
	struct tdm_erasure one;
	sqlite3_stmt	*s;
	char		 now[TIMESTAMP_SIZE], old_head[65];
	int64_t		*ids = NULL, n = 0, i;
	void		*grown;
	enum tdm_err	 err;
	int		 rc;
	static const enum stmt texts[] = { STMT_PRIV_PURGE_FEEDBACK,
	    STMT_PRIV_PURGE_CLOSING, STMT_PRIV_PURGE_REASONS,
	    STMT_PRIV_PURGE_NOTES };

	memset(e, 0, sizeof(*e));
	memset(&q, 0, sizeof(q));
	if ((err = authorize(actor, OP_PURGE, d)) != TDM_OK)
		return err;
	if ((err = pq_open(st, &q, d)) != TDM_OK ||
	    (err = store_begin(st)) != TDM_OK)
		goto out;
	store_timestamp(st, now);
	/* Collected first: erasure changes what the query reads. */
	s = store_stmt(st, STMT_PRIV_PURGE_PEOPLE);
	store_bind_text(s, 1, now, -1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((grown = realloc(ids, (size_t)(n + 1) *
		    sizeof(*ids))) == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
		ids = grown;
		ids[n++] = INT(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		err = store_err(rc) == TDM_OK ? TDM_EDB : store_err(rc);
		goto out;
	}
	for (i = 0; i < n; i++) {
		memset(&one, 0, sizeof(one));
		if ((err = erase_one(st, &q, ids[i], &w, &one)) != TDM_OK)
			goto out;
		e->people += one.people;
		e->sessions += one.sessions;
		e->texts += one.texts;
	}
	for (i = 0; i < (int64_t)(sizeof(texts) / sizeof(texts[0])); i++) {
		s = store_stmt(st, texts[i]);
		store_bind_text(s, 1, now, -1);
		if ((err = pq_run(st, s, &e->texts)) != TDM_OK)
			goto out;
	}
	if (e->people == 0 && e->texts == 0) {
		store_rollback(st);
		head_now(st, e);
		goto out;
	}
	if ((err = forget(st, &w, e, old_head)) != TDM_OK ||
	    (err = audit_append(st, actor, "retention.purge", "store",
	    "retention", "%" PRId64 " people erased, %" PRId64 " texts "
	    "cleared%s%s", e->people, e->texts, e->audit_first ?
	    "; audit re-chained, the head was " : "", e->audit_first ?
	    old_head : "")) != TDM_OK || (err = store_commit(st)) != TDM_OK)
		goto out;
	head_now(st, e);
	pq_close(&q);
	memset(&q, 0, sizeof(q));
	e->compacted = compact(st, d) == 0;
out:
	if (err != TDM_OK)
		store_rollback(st);
	pq_close(&q);
	words_free(&w);
	free(ids);
	return err;
}

/* --- Backup and check ---------------------------------------------------- */

enum tdm_err
tdm_backup(struct tdm_store *st, const char *path, struct tdm_diags *d)
{
	sqlite3		*dst = NULL;
	sqlite3_backup	*bk;
	enum tdm_err	 err = TDM_OK;
	int		 rc;

	if (access(path, F_OK) == 0) {
		tdm_diag_add(d, path, 0, 0, "exists already: a backup never "
		    "overwrites a file");
		return TDM_EEXIST;
	}
	if ((rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE, NULL)) != SQLITE_OK) {
		tdm_diag_add(d, path, 0, 0, "cannot create the backup: %s",
		    dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
		err = TDM_EIO;
		goto out;
	}
	if ((bk = sqlite3_backup_init(dst, "main", st->db, "main")) == NULL) {
		tdm_diag_add(d, path, 0, 0, "cannot back up: %s",
		    sqlite3_errmsg(dst));
		err = TDM_EDB;
		goto out;
	}
	/*
	 * One step copies every page inside one read transaction of the
	 * source: a consistent snapshot, whatever others write meanwhile.
	 */
	do {
		rc = sqlite3_backup_step(bk, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY ||
	    rc == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		tdm_diag_add(d, path, 0, 0, "the backup failed: %s",
		    sqlite3_errstr(rc));
		err = store_err(rc) == TDM_OK ? TDM_EDB : store_err(rc);
	}
out:
	sqlite3_close(dst);
	if (err != TDM_OK && err != TDM_EEXIST)
		unlink(path);
	return err;
}

enum tdm_err
tdm_check(struct tdm_store *st, struct tdm_diags *d)
{
	sqlite3_stmt	*s = NULL;
	char		 head[65];
	int64_t		 count;
	size_t		 before = tdm_diag_count(d);
	enum tdm_err	 err;
	int		 rc;

	if ((rc = sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1,
	    &s, NULL)) != SQLITE_OK)
		return store_err(rc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (strcmp(COL(s, 0), "ok") != 0)
			tdm_diag_add(d, "integrity", 0, 0, "%s", COL(s, 0));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		tdm_diag_add(d, "integrity", 0, 0, "%s",
		    sqlite3_errmsg(st->db));
	if ((rc = sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1,
	    &s, NULL)) != SQLITE_OK)
		return store_err(rc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		tdm_diag_add(d, "foreign key", 0, 0, "%s row %" PRId64
		    " refers to a missing %s", COL(s, 0), INT(s, 1),
		    COL(s, 2));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		tdm_diag_add(d, "foreign key", 0, 0, "%s",
		    sqlite3_errmsg(st->db));
	err = tdm_audit_verify(st, &count, head, d);
	if (err != TDM_OK && err != TDM_EINVAL)
		return err;
	return tdm_diag_count(d) > before ? TDM_EINVAL : TDM_OK;
}

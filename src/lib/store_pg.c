/*
 * The PostgreSQL store (issue 18; the design is docs/postgresql.md).
 *
 * store.c keeps the one table of statements, in SQLite's dialect, and
 * hands each call of db.h here when the database is a PostgreSQL one.
 * This file rewrites that SQL into PostgreSQL's (placeholders, IS, the
 * upserts SQLite spells INSERT OR IGNORE, subqueries without a name),
 * creates in the schema the few functions SQLite has and PostgreSQL has
 * not, runs the same migrations with their SQLite-only pieces replaced,
 * and maps libpq's results and SQLSTATEs onto db.h's.
 */
#include <sys/wait.h>

#include <assert.h>
#include <errno.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_pg.h"

/* One statement of stmts[]: its prepared form and its current use. */
struct pg_stmt {
	int		 ok;		/* 1 prepared, -1 refused, 0 not yet */
	int		 nparams;
	char		**vals;		/* nparams, each malloc'd or NULL */
	int		*lens;
	int		*fmts;
	PGresult	*res;		/* the rows, once run */
	int		 row;		/* the current one, -1 before */
	unsigned char	*blob;		/* the last column read as bytea */
	int		 writes;	/* not a SELECT: run in a savepoint */
};

struct pg_store {
	PGconn		*conn;
	struct pg_stmt	 s[STMT__MAX];
	int64_t		 changes;
	int64_t		 total;
	int		 unguarded;
	int		 trace;		/* TANDEM_PG_TRACE: failures on stderr */
	int		 report;	/* TANDEM_PG_REPORT: refused statements */
	pg_sql_fn	 sql_of;	/* store.c's table */
	char		 msg[512];	/* the last failure's words */
	int		 intx;		/* pg_begin() succeeded, not yet ended */
	int		 gone;		/* the server said FATAL: it hung up */
	enum tdm_err	 doomed;	/* why the transaction cannot go on */
	int		 savepoints;	/* TANDEM_PG_SAVEPOINTS=0: none */
	int		 batch;		/* pg_batch_begin(): writes pipelined */
	int		 pending;	/* sent in the batch, answers unread */
	int64_t		 reconnects;	/* for the tests, with the trace */
	char		*name;		/* the connection string, for pg_dump */
};

extern char **environ;

extern const char *const tdm_migrations[];
extern const size_t tdm_nmigrations;

/*
 * The key of the advisory lock that makes two processes' migrations
 * (and, later, audit appends) take turns: "TANDEM" in ASCII.
 */
#define LOCK_MIGRATE	0x54414E44454DLL
#define LOCK_AUDIT	"92639462704462"	/* LOCK_MIGRATE + 1 */
#define LOCK_WRITER	"92639462704463"	/* LOCK_MIGRATE + 2 */

/*
 * How long a writer waits for another's transaction to end before it
 * answers "busy": SQLite's busy timeout (store.c).
 */
#define WRITER_WAIT	"'5s'"

/* A statement's own savepoint, inside a transaction. */
#define SAVEPOINT	"SAVEPOINT tdm_stmt"
#define RELEASE		"RELEASE SAVEPOINT tdm_stmt"
#define UNDO		"ROLLBACK TO SAVEPOINT tdm_stmt; " RELEASE
/*
 * The statements of a batch sent before their answers are read: a few
 * hundred answers fill no socket's buffer while the client still
 * writes (libpq's pipeline mode in blocking mode).
 */
#define BATCH_MAX	256

/*
 * SQLite's functions that the statements and migrations use and
 * PostgreSQL lacks, with SQLite's meaning, so that the SQL keeps one
 * text.  Created once, with the schema.
 */
static const char compat_sql[] =
    "CREATE FUNCTION julianday(t text) RETURNS double precision "
    "LANGUAGE sql STABLE STRICT AS $$ SELECT extract(epoch FROM "
    "(CASE WHEN t = 'now' THEN now() ELSE t::timestamptz END)) "
    "/ 86400.0 + 2440587.5 $$;"
    "CREATE FUNCTION instr(a text, b text) RETURNS bigint "
    "LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT strpos(a, b)::bigint $$;"
    "CREATE FUNCTION hex(b bytea) RETURNS text "
    "LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT upper(encode(b, 'hex')) $$;"
    "CREATE FUNCTION randomblob(n integer) RETURNS bytea "
    "LANGUAGE sql VOLATILE STRICT AS $$ SELECT substring("
    "uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()) "
    "FROM 1 FOR n) $$;"
    "CREATE FUNCTION tdm_gc_step(acc text, v anyelement, sep text) "
    "RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN v IS NULL "
    "THEN acc WHEN acc IS NULL THEN v::text ELSE acc || sep || v::text "
    "END $$;"
    "CREATE AGGREGATE group_concat(anyelement, text) "
    "(SFUNC = tdm_gc_step, STYPE = text);"
    "CREATE FUNCTION tdm_gc_step1(acc text, v anyelement) "
    "RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN v IS NULL "
    "THEN acc WHEN acc IS NULL THEN v::text ELSE acc || ',' || v::text "
    "END $$;"
    "CREATE AGGREGATE group_concat(anyelement) "
    "(SFUNC = tdm_gc_step1, STYPE = text);"
    /* SQLite sums comparisons, which are integers there. */
    "CREATE FUNCTION tdm_sum_step(acc bigint, v boolean) RETURNS bigint "
    "LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN v IS NULL THEN acc "
    "ELSE COALESCE(acc, 0) + v::int END $$;"
    "CREATE AGGREGATE sum(boolean) (SFUNC = tdm_sum_step, STYPE = bigint);"
    /*
     * SQLite's INTEGER PRIMARY KEY: an id not given is the largest plus
     * one.  The id is kept in the session for store_last_id().
     */
    "CREATE FUNCTION tdm_rowid() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN IF NEW.id IS NULL THEN EXECUTE format('SELECT "
    "COALESCE(max(id), 0) + 1 FROM %I', TG_TABLE_NAME) INTO NEW.id; "
    "END IF; PERFORM set_config('tandem.last_id', NEW.id::text, false); "
    "RETURN NEW; END $$;"
    "CREATE FUNCTION tdm_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION "
    "'the audit log is append-only' USING ERRCODE = '23000'; END $$;"
    "CREATE TABLE tandem_version (one integer PRIMARY KEY "
    "CHECK (one = 1), version integer NOT NULL);"
    "INSERT INTO tandem_version VALUES (1, 0);";

/*
 * Every table whose key is a bigint id gets its trigger tdm_rowid, which
 * runs a function of its own, tdm_rowid_TABLE(): the same work as
 * tdm_rowid() above, but with the table's name written in its SQL, so
 * that the connection plans that SELECT once.  The generic function
 * plans its dynamic SELECT anew on every insert, which made a row cost
 * about 0.1 ms of the server's time: most of "tandem demo", whose mail
 * hooks try 140,000 inserts that the dedup key then ignores (a BEFORE
 * trigger runs before the conflict is found).
 */
static const char rowid_sql[] =
    "DO $$ DECLARE t text; BEGIN FOR t IN SELECT cl.relname "
    "FROM pg_index i JOIN pg_class cl ON cl.oid = i.indrelid "
    "JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum = i.indkey[0] "
    "WHERE i.indisprimary AND i.indnatts = 1 AND a.attname = 'id' "
    "AND a.atttypid = 'bigint'::regtype "
    "AND cl.relnamespace = current_schema()::regnamespace LOOP "
    "EXECUTE format('CREATE OR REPLACE FUNCTION %I() RETURNS trigger "
    "LANGUAGE plpgsql AS $f$ BEGIN IF NEW.id IS NULL THEN "
    "SELECT COALESCE(max(id), 0) + 1 INTO NEW.id FROM %I; END IF; "
    "PERFORM set_config(''tandem.last_id'', NEW.id::text, false); "
    "RETURN NEW; END $f$', 'tdm_rowid_' || t, t); "
    "EXECUTE format('CREATE OR REPLACE TRIGGER tdm_rowid BEFORE INSERT "
    "ON %I FOR EACH ROW EXECUTE FUNCTION %I()', t, 'tdm_rowid_' || t); "
    "END LOOP; END $$;";

/*
 * Whether a table still has the generic trigger function (a database
 * made before the functions of each table): then rowid_sql runs again.
 */
static const char rowid_old_sql[] =
    "SELECT count(*) FROM pg_trigger WHERE tgname = 'tdm_rowid' "
    "AND tgfoid = 'tdm_rowid()'::regprocedure";

/*
 * The migrations' SQLite-only pieces and what PostgreSQL runs instead:
 * in migration index v (0 is schema.sql), the text from `from` up to and
 * including `to`.
 */
static const struct pg_fix {
	size_t		 v;
	const char	*from, *to;
	const char	*pg;
} fixes[] = {
	{ 1, "CREATE TRIGGER audit_no_update", "END;",
	    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
	    "FOR EACH ROW EXECUTE FUNCTION tdm_append_only();" },
	{ 1, "CREATE TRIGGER audit_no_delete", "END;",
	    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
	    "FOR EACH ROW EXECUTE FUNCTION tdm_append_only();" },
	/* PostgreSQL can drop a constraint: no rebuild. */
	{ 11, "CREATE TABLE enrolment_rebuilt", "RENAME TO enrolment;",
	    "ALTER TABLE enrolment DROP CONSTRAINT "
	    "enrolment_programme_id_employee_id_key;" },
	/*
	 * The practices in the order they are written, as SQLite inserts
	 * them: their ids are the reports' row order.  PostgreSQL's hash
	 * join gave them in another (a row per written one, no join).
	 * Index 14 is migration 015: the first file is 002.
	 */
	{ 14, "SELECT t.id, m.code, m.label_fr", "FROM topic t JOIN (",
	    "SELECT (SELECT t.id FROM topic t WHERE t.code = m.topic), "
	    "m.code, m.label_fr, m.label_en FROM (" },
	{ 14, ") m ON m.topic = t.code", ";", ") m;" },
	{ 12, "strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+7 days')", ")",
	    "to_char(now() AT TIME ZONE 'UTC' + interval '7 days', "
	    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')" },
};

/*
 * Statements whose SQLite text PostgreSQL refuses even rewritten: their
 * PostgreSQL text (still in SQLite's dialect, rewritten like the
 * others).  Keep each beside its original in store.c's stmts[] when
 * that changes.
 */
static const char *const variants[STMT__MAX] = {
	/* PostgreSQL groups by the key only: rank is unique, not a key. */
	[STMT_REPORT_GENERATIONS] =
	    "SELECT COALESCE(g.label_fr, 'inconnue'), "
	    "sum(n.role = 'mentor'), sum(n.role = 'mentee') FROM enrolment n "
	    "JOIN employee e ON e.id = n.employee_id "
	    "LEFT JOIN generation g ON e.birth_year BETWEEN "
	    "COALESCE(g.first_year, 0) AND COALESCE(g.last_year, 9999) "
	    "WHERE n.programme_id = ? AND n.withdrawn_at IS NULL "
	    "GROUP BY g.rank, g.label_fr ORDER BY g.rank",
	[STMT_OUTCOME_GENERATIONS] =
	    "SELECT COALESCE(CASE WHEN ?2 = 'en' THEN g.label_en "
	    "ELSE g.label_fr END, CASE WHEN ?2 = 'en' THEN 'unknown' "
	    "ELSE 'inconnue' END), "
	    "sum(n.role = 'mentor'), sum(n.role = 'mentee') FROM enrolment n "
	    "JOIN employee e ON e.id = n.employee_id "
	    "LEFT JOIN generation g ON e.birth_year BETWEEN "
	    "COALESCE(g.first_year, 0) AND COALESCE(g.last_year, 9999) "
	    "WHERE n.programme_id = ?1 "
	    "AND NOT EXISTS (SELECT 1 FROM enrolment nl WHERE "
	    "nl.programme_id = n.programme_id AND nl.employee_id = "
	    "n.employee_id AND nl.id > n.id) "
	    "GROUP BY g.rank, g.label_fr, g.label_en ORDER BY g.rank",
	/*
	 * The mail hooks queue again what they queued before, and the
	 * dedup key drops the copy.  A row already queued is looked for
	 * first, so that no row reaches the id trigger, which would run
	 * before the conflict is seen; ON CONFLICT still settles a race.
	 */
	[STMT_MAIL_QUEUE] =
	    "INSERT INTO outbox (dedup, msgid, kind, programme_id, "
	    "employee_id, coach_id, lang, rcpt_name, rcpt_addr, vars, ical, "
	    "next_at, created_at) "
	    "SELECT CAST(?1 AS text), CAST(?2 AS text), CAST(?3 AS text), "
	    "CAST(?4 AS bigint), CAST(?5 AS bigint), CAST(?6 AS bigint), "
	    "CAST(?7 AS text), CAST(?8 AS text), CAST(?9 AS text), "
	    "CAST(?10 AS text), CAST(?11 AS text), CAST(?12 AS text), "
	    "CAST(?13 AS text) "
	    "WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE dedup = ?1) "
	    "ON CONFLICT (dedup) DO NOTHING",
	[STMT_MAIL_QUEUE_SHARED] =
	    "INSERT INTO outbox (dedup, msgid, kind, programme_id, "
	    "employee_id, coach_id, lang, rcpt_name, rcpt_addr, vars, ical, "
	    "next_at, created_at, shared_id) "
	    "SELECT CAST(?1 AS text), CAST(?2 AS text), CAST(?3 AS text), "
	    "CAST(?4 AS bigint), CAST(?5 AS bigint), CAST(?6 AS bigint), "
	    "CAST(?7 AS text), CAST(?8 AS text), CAST(?9 AS text), "
	    "CAST(?10 AS text), CAST(?11 AS text), CAST(?12 AS text), "
	    "CAST(?13 AS text), CAST(?14 AS bigint) "
	    "WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE dedup = ?1) "
	    "ON CONFLICT (dedup) DO NOTHING",
};

/* A growing string; a failed allocation makes it NULL for good. */
struct buf {
	char	*p;
	size_t	 len, cap;
	int	 failed;
};

static void
put(struct buf *b, const char *s, size_t n)
{
	char	*np;
	size_t	 cap;

	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		cap = b->cap ? b->cap : 256;
		while (b->len + n + 1 > cap)
			cap *= 2;
		if ((np = realloc(b->p, cap)) == NULL) {
			free(b->p);
			b->p = NULL;
			b->failed = 1;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	if (b->p == NULL)
		return;		/* cannot be: room was made above */
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static int
word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

/* The word at p (n bytes) is w, in any case. */
static int
is_word(const char *p, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp(p, w, n) == 0;
}

static const char *
skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	return p;
}

/* The word at p, its length in *n (0 if none). */
static const char *
next_word(const char *p, size_t *n)
{
	const char	*q;

	p = skip_space(p);
	for (q = p; word_char(*q); q++)
		continue;
	*n = (size_t)(q - p);
	return p;
}

/*
 * In the parentheses opened at p, the first comma at their level if
 * at_comma (the end of a call's first argument), else their closing
 * parenthesis; quoted text skipped.  NULL if the parenthesis never
 * closes.
 */
static const char *
paren_scan(const char *p, int at_comma)
{
	int	 depth = 0, quoted = 0;

	for (; *p != '\0'; p++) {
		if (*p == '\'')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (*p == '(')
			depth++;
		else if ((at_comma && *p == ',' && depth == 1) ||
		    (*p == ')' && --depth == 0))
			return p;
	}
	return NULL;
}

/* Words after a subquery in FROM that are not its name. */
static int
clause_word(const char *p, size_t n)
{
	static const char *const w[] = { "WHERE", "ORDER", "GROUP", "LIMIT",
	    "JOIN", "LEFT", "INNER", "CROSS", "UNION", "EXCEPT", "INTERSECT",
	    "HAVING", "ON", "AND", "OR", "WINDOW", "OFFSET" };
	size_t	 i;

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (is_word(p, n, w[i]))
			return 1;
	return 0;
}

/*
 * SQLite's SQL as PostgreSQL's.  ddl: a migration's text, whose types
 * change; else a statement, whose placeholders do (their number in
 * *nparams).  NULL when out of memory.
 */
static char *
translate(const char *sql, int ddl, int *nparams)
{
	struct buf	 b = { 0 };
	const char	*p = sql, *q, *w, *close_at[64], *cast_at[16];
	char		 num[32];
	size_t		 n, nclose = 0, ncast = 0, k;
	long		 max = 0, v;
	int		 ignore = 0, naliases = 0;
	char		*end;

	while (*p != '\0') {
		for (k = 0; k < nclose; k++)
			if (close_at[k] == p) {
				snprintf(num, sizeof(num), ") AS tdm_q%d",
				    ++naliases);
				puts_(&b, num);
				close_at[k] = NULL;
				p++;
				break;
			}
		if (k < nclose)
			continue;
		/*
		 * The end of group_concat's value: text, and the default
		 * separator when none was given (string_agg() below).
		 */
		for (k = 0; k < ncast; k++)
			if (cast_at[k] == p) {
				puts_(&b, *p == ')' ? ")::text, ','" :
				    ")::text");
				cast_at[k] = NULL;
				break;
			}
		if (*p == '\'') {
			for (q = p + 1; *q != '\0' && !(*q == '\'' &&
			    q[1] != '\''); q += *q == '\'' ? 2 : 1)
				continue;
			if (*q == '\'')
				q++;
			put(&b, p, (size_t)(q - p));
			p = q;
			continue;
		}
		if (p[0] == '-' && p[1] == '-') {
			for (q = p; *q != '\0' && *q != '\n'; q++)
				continue;
			put(&b, p, (size_t)(q - p));
			p = q;
			continue;
		}
		if (*p == '?' && !ddl) {
			if (p[1] >= '0' && p[1] <= '9') {
				v = strtol(p + 1, &end, 10);
				p = end;
			} else {
				v = max + 1;
				p++;
			}
			if (v > max)
				max = v;
			snprintf(num, sizeof(num), "$%ld", v);
			puts_(&b, num);
			continue;
		}
		if (!word_char(*p) || (p > sql && word_char(p[-1]))) {
			put(&b, p, 1);
			p++;
			continue;
		}
		for (q = p; word_char(*q); q++)
			continue;
		n = (size_t)(q - p);
		if (ddl && is_word(p, n, "INTEGER"))
			puts_(&b, "bigint");
		else if (ddl && is_word(p, n, "REAL"))
			puts_(&b, "double precision");
		else if (ddl && is_word(p, n, "BLOB"))
			puts_(&b, "bytea");
		else if (!ddl && is_word(p, n, "rowid"))
			puts_(&b, "ctid");	/* the order rows came in */
		else if (!ddl && is_word(p, n, "LIKE"))
			puts_(&b, "ILIKE");
		else if (is_word(p, n, "IS")) {
			w = next_word(q, &n);
			if (is_word(w, n, "NULL") || is_word(w, n, "DISTINCT"))
				puts_(&b, "IS");
			else if (is_word(w, n, "NOT")) {
				w = next_word(w + n, &n);
				if (is_word(w, n, "NULL"))
					puts_(&b, "IS");
				else {
					puts_(&b, "IS DISTINCT FROM");
					q = w;
				}
			} else
				puts_(&b, "IS NOT DISTINCT FROM");
		} else if (!ddl && is_word(p, n, "LIMIT") &&
		    *(w = skip_space(q)) == '?') {
			/*
			 * SQLite reads a negative LIMIT as no limit, which
			 * the callers bind for "all"; PostgreSQL refuses it
			 * and reads NULL so.
			 */
			if (w[1] >= '0' && w[1] <= '9')
				v = strtol(w + 1, &end, 10);
			else {
				v = max + 1;
				end = (char *)w + 1;
			}
			if (v > max)
				max = v;
			snprintf(num, sizeof(num), "$%ld", v);
			puts_(&b, "LIMIT NULLIF(GREATEST(");
			puts_(&b, num);
			puts_(&b, "::bigint, -1), -1)");
			q = end;
		} else if (is_word(p, n, "INSERT")) {
			w = next_word(q, &n);
			if (is_word(w, n, "OR")) {
				w = next_word(w + n, &n);
				if (is_word(w, n, "IGNORE")) {
					ignore = 1;
					q = w + n;
				}
			}
			puts_(&b, "INSERT");
		} else if (!ddl && (is_word(p, n, "max") ||
		    is_word(p, n, "min")) && *q == '(' &&
		    (w = paren_scan(q, 1)) != NULL && *w == ',')
			puts_(&b, is_word(p, n, "max") ? "greatest" :
			    "least");
		else if (!ddl && is_word(p, n, "group_concat") &&
		    *q == '(' && (w = paren_scan(q, 1)) != NULL && ncast < 16) {
			/*
			 * PostgreSQL's own string_agg(), not the SQL
			 * aggregate of compat_sql: a transition function
			 * written in SQL is parsed and planned again by
			 * every statement that runs it, which was a sixth
			 * of the server's time in a read of a programme
			 * (bench/README.md, round 9).  The same result:
			 * NULLs skipped, the values as text, ',' when no
			 * separator is given.
			 */
			puts_(&b, "string_agg((");
			cast_at[ncast++] = w;
			q++;
		} else if (!ddl && (is_word(p, n, "FROM") ||
		    is_word(p, n, "JOIN")) && *(w = skip_space(q)) == '(' &&
		    strncmp(skip_space(w + 1), "SELECT", 6) == 0 &&
		    (w = paren_scan(w, 0)) != NULL && nclose < 64) {
			/* PostgreSQL 15 wants a name for a subquery. */
			const char	*a = next_word(w + 1, &k);

			if (k == 0 || clause_word(a, k))
				close_at[nclose++] = w;
			put(&b, p, n);
		} else
			put(&b, p, n);
		p = q;
	}
	if (ignore && !b.failed) {
		/* ON CONFLICT goes before RETURNING, if any. */
		char	*r = strstr(b.p, " RETURNING ");

		if (r != NULL) {
			struct buf	 c = { 0 };

			put(&c, b.p, (size_t)(r - b.p));
			puts_(&c, " ON CONFLICT DO NOTHING");
			puts_(&c, r);
			free(b.p);
			b = c;
		} else
			puts_(&b, " ON CONFLICT DO NOTHING");
	}
	if (nparams != NULL)
		*nparams = (int)max;
	return b.failed ? NULL : b.p;
}

/* A migration's text with its SQLite-only pieces replaced. */
static char *
fix_migration(size_t v, const char *sql)
{
	struct buf	 b = { 0 };
	const char	*p = sql, *from, *to;
	size_t		 i;
	char		*out;

	for (i = 0; i < sizeof(fixes) / sizeof(fixes[0]); i++) {
		if (fixes[i].v != v || (from = strstr(p, fixes[i].from)) ==
		    NULL || (to = strstr(from + strlen(fixes[i].from),
		    fixes[i].to)) == NULL)
			continue;
		put(&b, p, (size_t)(from - p));
		puts_(&b, fixes[i].pg);
		p = to + strlen(fixes[i].to);
	}
	puts_(&b, p);
	if (b.failed)
		return NULL;
	out = translate(b.p, 1, NULL);
	free(b.p);
	return out;
}

static int		 alive(struct pg_store *);
static enum tdm_err	 reconnect(struct pg_store *);

static enum tdm_err
sqlstate_err(const char *state)
{
	if (state == NULL)
		return TDM_EIO;	/* no answer: the connection */
	if (strncmp(state, "23", 2) == 0)
		return TDM_EINVAL;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return TDM_EBUSY;
	if (strcmp(state, "53100") == 0)
		return TDM_EFULL;
	if (strcmp(state, "53200") == 0)
		return TDM_ENOMEM;
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)
		return TDM_EIO;
	if (strcmp(state, "XX001") == 0 || strcmp(state, "XX002") == 0)
		return TDM_ECORRUPT;
	return TDM_EDB;
}

/* A result as a status; a failure's words are kept for pg_errmsg(). */
static enum tdm_err
result_err(struct pg_store *pg, const PGresult *res, const char *what)
{
	ExecStatusType	 s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ||
	    s == PGRES_EMPTY_QUERY)
		return TDM_OK;
	snprintf(pg->msg, sizeof(pg->msg), "%s", res ?
	    PQresultErrorMessage(res) : PQerrorMessage(pg->conn));
	pg->msg[strcspn(pg->msg, "\n")] = '\0';
	if (pg->trace)
		fprintf(stderr, "tandem: postgresql: %s: %s\n", what, pg->msg);
	if (res == NULL)
		return PQstatus(pg->conn) == CONNECTION_OK ? TDM_ENOMEM :
		    TDM_EIO;
	return sqlstate_err(PQresultErrorField(res, PG_DIAG_SQLSTATE));
}

/* Run SQL of the store's own, no rows wanted. */
static enum tdm_err
exec_sql(struct pg_store *pg, const char *sql)
{
	PGresult	*res = PQexec(pg->conn, sql);
	enum tdm_err	 err = result_err(pg, res, sql);

	PQclear(res);
	return err;
}

/*
 * What a connection sets first, and again after a reconnection: times
 * are compared and parsed in UTC, as SQLite does; notices (an index
 * created implicitly, ...) stay quiet.
 */
static const char session_sql[] = "SET TimeZone = 'UTC'; "
    "SET client_min_messages = warning; SET client_encoding = 'UTF8'";

/*
 * The server's messages outside a result: quiet (a terminated session's
 * FATAL arrives so, between two statements), except that a FATAL one
 * means the server has hung up, which the next statement must know
 * before it sends anything.
 */
static void
notice(void *arg, const PGresult *res)
{
	struct pg_store	*pg = arg;
	const char	*sev;

	sev = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
	if (sev != NULL && (strcmp(sev, "FATAL") == 0 ||
	    strcmp(sev, "PANIC") == 0))
		pg->gone = 1;
	if (pg->trace)
		fprintf(stderr, "tandem: postgresql: %s",
		    PQresultErrorMessage(res));
}

/*
 * A URI, or a connection string: it starts with a keyword and "=", and
 * libpq knows every keyword in it (a file named "a=b.db" stays a file).
 */
int
pg_names(const char *name)
{
	PQconninfoOption	*opts;
	const char		*p;

	if (strncmp(name, "postgresql://", 13) == 0 ||
	    strncmp(name, "postgres://", 11) == 0)
		return 1;
	for (p = name; (*p >= 'a' && *p <= 'z') || *p == '_'; p++)
		continue;
	if (p == name || *skip_space(p) != '=')
		return 0;
	if ((opts = PQconninfoParse(name, NULL)) == NULL)
		return 0;
	PQconninfoFree(opts);
	return 1;
}

/* Whether the name carries a password, which Tandem refuses. */
static int
has_password(const char *name)
{
	PQconninfoOption	*o, *opts;
	int			 found = 0;

	if ((opts = PQconninfoParse(name, NULL)) == NULL)
		return 0;	/* PQconnectdb will say what is wrong */
	for (o = opts; o->keyword != NULL; o++)
		if (strcmp(o->keyword, "password") == 0 && o->val != NULL &&
		    *o->val != '\0')
			found = 1;
	PQconninfoFree(opts);
	return found;
}

static enum tdm_err
read_version(struct pg_store *pg, int *version, int *exists)
{
	PGresult	*res;
	enum tdm_err	 err;
	char		*end;

	*exists = 0;
	*version = 0;
	/* Asked first: a failed SELECT would end the transaction. */
	res = PQexec(pg->conn, "SELECT to_regclass('tandem_version') "
	    "IS NOT NULL");
	if ((err = result_err(pg, res, "version")) == TDM_OK &&
	    PQntuples(res) == 1)
		*exists = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	if (err != TDM_OK || !*exists)
		return err;
	res = PQexec(pg->conn, "SELECT version FROM tandem_version");
	if ((err = result_err(pg, res, "version")) == TDM_OK &&
	    PQntuples(res) == 1)
		*version = (int)strtol(PQgetvalue(res, 0, 0), &end, 10);
	PQclear(res);
	return err;
}

/*
 * A migration, one statement at a time: a table whose key is an id gets
 * its tdm_rowid() trigger at once, before the migration's own inserts.
 */
static enum tdm_err
run_migration(struct pg_store *pg, char *sql)
{
	char		*p = sql, *start = sql, c;
	int		 quoted = 0;
	enum tdm_err	 err;

	for (;; p++) {
		if (*p == '\'' )
			quoted = !quoted;
		else if (!quoted && p[0] == '-' && p[1] == '-') {
			while (p[1] != '\0' && p[1] != '\n')
				p++;
			continue;
		}
		if (*p != '\0' && (quoted || *p != ';'))
			continue;
		c = *p;
		*p = '\0';
		if (*skip_space(start) != '\0' &&
		    (err = exec_sql(pg, start)) != TDM_OK)
			return err;
		*p = c;
		while (*(start = (char *)skip_space(start)) == '-')
			start = strchr(start, '\n') ? strchr(start, '\n') :
			    start + strlen(start);
		if (strncmp(start, "CREATE TABLE", 12) == 0 &&
		    (err = exec_sql(pg, rowid_sql)) != TDM_OK)
			return err;
		if (c == '\0')
			return TDM_OK;
		start = p + 1;
	}
}

/* The functions of each table, in a database that lacks them. */
static enum tdm_err
rowid_upgrade(struct pg_store *pg)
{
	PGresult	*res = PQexec(pg->conn, rowid_old_sql);
	enum tdm_err	 err;
	int		 old = 0;

	if ((err = result_err(pg, res, "id triggers")) == TDM_OK &&
	    PQntuples(res) == 1)
		old = strcmp(PQgetvalue(res, 0, 0), "0") != 0;
	PQclear(res);
	if (err != TDM_OK || !old)
		return err;
	return exec_sql(pg, rowid_sql);
}

static enum tdm_err
migrate(struct pg_store *pg, int *version, const char *name,
    struct tdm_diags *diags)
{
	enum tdm_err	 err;
	char		*sql, set[96];
	size_t		 v;
	int		 exists;

	/*
	 * DDL is transactional here: all the migrations commit together or
	 * not at all, and the advisory lock makes a second server that
	 * starts at the same time wait and then find the work done.
	 */
	if ((err = exec_sql(pg, "BEGIN")) != TDM_OK)
		goto fail;
	snprintf(set, sizeof(set), "SELECT pg_advisory_xact_lock(%lld)",
	    LOCK_MIGRATE);
	if ((err = exec_sql(pg, set)) != TDM_OK ||
	    (err = read_version(pg, version, &exists)) != TDM_OK)
		goto fail;
	if (!exists && (err = exec_sql(pg, compat_sql)) != TDM_OK)
		goto fail;
	for (v = (size_t)*version; v < tdm_nmigrations; v++) {
		if ((sql = fix_migration(v, tdm_migrations[v])) == NULL) {
			err = TDM_ENOMEM;
			goto fail;
		}
		err = run_migration(pg, sql);
		free(sql);
		if (err != TDM_OK)
			goto fail;
	}
	if ((err = rowid_upgrade(pg)) != TDM_OK)
		goto fail;
	snprintf(set, sizeof(set), "UPDATE tandem_version SET version = %zu",
	    tdm_nmigrations);
	if ((err = exec_sql(pg, set)) != TDM_OK ||
	    (err = exec_sql(pg, "COMMIT")) != TDM_OK)
		goto fail;
	*version = (int)tdm_nmigrations;
	return TDM_OK;
fail:
	tdm_diag_add(diags, name, 0, 0, "upgrading the schema from version "
	    "%d to %zu failed: %s", *version, tdm_nmigrations, pg->msg);
	(void)exec_sql(pg, "ROLLBACK");
	return err;
}

/*
 * Prepare statement i, on its first use: a connection prepares only
 * what it runs (a command a few statements, not all 372, each a round
 * trip).  One PostgreSQL refuses is marked so and fails when run;
 * pg_open() prepares all at once for "tandem init" and with
 * TANDEM_PG_REPORT=1, which lists the refused ones.
 */
static enum tdm_err
prepare(struct pg_store *pg, int i)
{
	PGresult	*res = NULL;
	const char	*cols, *sql, *state, *m;
	char		*pgsql, *end, name[16];
	Oid		 types[512];	/* a planning's 32 rows take 256 */
	int		 n, tries, k, intx;

	pg->s[i].ok = -1;
	pg->s[i].row = -1;
	sql = pg->sql_of((enum stmt)i, &cols);
	if (variants[i] != NULL)
		sql = variants[i];
	if (sql == NULL || strcmp(sql, "BEGIN IMMEDIATE") == 0 ||
	    strcmp(sql, "COMMIT") == 0 || strcmp(sql, "ROLLBACK") == 0)
		return TDM_OK;
	if ((pgsql = translate(sql, 0, &n)) == NULL)
		return TDM_ENOMEM;
	pg->s[i].nparams = n;
	pg->s[i].writes = strncasecmp(skip_space(sql), "SELECT", 6) != 0;
	if (n > (int)(sizeof(types) / sizeof(types[0]))) {
		free(pgsql);
		return TDM_OK;
	}
	/*
	 * The values' arrays first: a statement whose preparing the
	 * connection failed keeps the values bound to it, to be prepared
	 * again and run on the next connection.
	 */
	if (n > 0 &&
	    ((pg->s[i].vals == NULL && (pg->s[i].vals = calloc((size_t)n,
	    sizeof(char *))) == NULL) ||
	    (pg->s[i].lens == NULL && (pg->s[i].lens = calloc((size_t)n,
	    sizeof(int))) == NULL) ||
	    (pg->s[i].fmts == NULL && (pg->s[i].fmts = calloc((size_t)n,
	    sizeof(int))) == NULL))) {
		free(pgsql);
		return TDM_ENOMEM;
	}
	memset(types, 0, sizeof(types));
	snprintf(name, sizeof(name), "s%d", i);
	/*
	 * A parameter PostgreSQL cannot type from its place (?1 IS NULL
	 * alone) is text, or bigint if text does not fit, one at a time.
	 */
	/*
	 * Inside a transaction a refused attempt would end it: each is
	 * undone to a savepoint.
	 */
	intx = PQtransactionStatus(pg->conn) == PQTRANS_INTRANS;
	for (tries = 0, k = 0; tries <= 2 * n; tries++) {
		if (intx)
			(void)exec_sql(pg, "SAVEPOINT tdm_prepare");
		res = PQprepare(pg->conn, name, pgsql, n, types);
		if (intx)
			(void)exec_sql(pg, res != NULL && PQresultStatus(res) ==
			    PGRES_COMMAND_OK ? "RELEASE SAVEPOINT tdm_prepare" :
			    "ROLLBACK TO SAVEPOINT tdm_prepare");
		if (res != NULL && PQresultStatus(res) == PGRES_COMMAND_OK)
			break;
		state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
		m = res ? PQresultErrorMessage(res) : "";
		if (state != NULL && strcmp(state, "42883") == 0 && k > 0 &&
		    types[k - 1] == 25)
			types[k - 1] = 20;
		else if (state == NULL || (strcmp(state, "42P18") != 0 &&
		    strcmp(state, "42P08") != 0) ||
		    (m = strchr(m, '$')) == NULL ||
		    (k = (int)strtol(m + 1, &end, 10)) < 1 || k > n)
			break;
		else
			types[k - 1] = 25;
		PQclear(res);
		res = NULL;
	}
	if (res != NULL && PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQstatus(pg->conn) != CONNECTION_OK) {
		/* Not refused: the connection is gone.  Prepared again. */
		pg->s[i].ok = 0;
		PQclear(res);
		free(pgsql);
		return TDM_OK;
	}
	if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
		if (pg->report)
			fprintf(stderr, "pg: statement %d refused: %s  %s\n", i,
			    res ? PQresultErrorMessage(res) : "", pgsql);
		PQclear(res);
		free(pgsql);
		return res == NULL ? TDM_ENOMEM : TDM_OK;
	}
	PQclear(res);
	free(pgsql);
	/* A shape that disagrees with the SQL is a bug. */
	res = PQdescribePrepared(pg->conn, name);
	if (res != NULL && PQresultStatus(res) == PGRES_COMMAND_OK &&
	    PQnfields(res) == (int)strlen(cols))
		pg->s[i].ok = 1;
	else if (pg->report)
		fprintf(stderr, "pg: statement %d: %d columns, declared %zu\n",
		    i, res ? PQnfields(res) : -1, strlen(cols));
	PQclear(res);
	return TDM_OK;
}

static enum tdm_err
prepare_all(struct pg_store *pg)
{
	enum tdm_err	 err;
	int		 i, n;

	for (i = 0, n = 0; i < STMT__MAX; i++) {
		if (pg->s[i].ok == 0 && (err = prepare(pg, i)) != TDM_OK)
			return err;
		n += pg->s[i].ok == 1;
	}
	if (pg->report)
		fprintf(stderr, "pg: %d of %d statements prepared\n", n,
		    STMT__MAX);
	return TDM_OK;
}

/*
 * Connect to name (a URI or a connection string; never one that holds a
 * password) and set the session up: *out is the new store, or NULL with
 * a diagnostic.  pg_open() and pg_copy_open() start so.
 */
static enum tdm_err
connect_to(const char *name, struct pg_store **out, struct tdm_diags *diags)
{
	struct pg_store	*pg;
	enum tdm_err	 err;
	const char	*e;

	*out = NULL;
	if (has_password(name)) {
		tdm_diag_add(diags, name, 0, 0, "a password does not belong "
		    "in the database's name: put it in ~/.pgpass or a "
		    "service file");
		return TDM_EINVAL;
	}
	if ((pg = calloc(1, sizeof(*pg))) == NULL)
		return TDM_ENOMEM;
	pg->trace = getenv("TANDEM_PG_TRACE") != NULL;
	pg->report = getenv("TANDEM_PG_REPORT") != NULL;
	pg->savepoints = (e = getenv("TANDEM_PG_SAVEPOINTS")) == NULL ||
	    strcmp(e, "0") != 0;
	pg->conn = PQconnectdb(name);
	if (pg->conn == NULL || (pg->name = strdup(name)) == NULL) {
		PQfinish(pg->conn);
		free(pg);
		return TDM_ENOMEM;
	}
	if (PQstatus(pg->conn) != CONNECTION_OK) {
		snprintf(pg->msg, sizeof(pg->msg), "%s",
		    PQerrorMessage(pg->conn));
		pg->msg[strcspn(pg->msg, "\n")] = '\0';
		tdm_diag_add(diags, name, 0, 0, "cannot open the database: "
		    "%s", pg->msg);
		pg_close(pg);
		return TDM_EIO;
	}
	PQsetNoticeReceiver(pg->conn, notice, pg);
	if ((err = exec_sql(pg, session_sql)) != TDM_OK) {
		tdm_diag_add(diags, name, 0, 0, "not a usable database: %s",
		    pg->msg);
		pg_close(pg);
		return err;
	}
	*out = pg;
	return TDM_OK;
}

enum tdm_err
pg_open(const char *name, enum tdm_open_mode mode, pg_sql_fn sql_of,
    struct pg_store **out, int *version, struct tdm_diags *diags)
{
	struct pg_store	*pg;
	enum tdm_err	 err;
	int		 exists;

	*version = 0;
	if ((err = connect_to(name, &pg, diags)) != TDM_OK)
		return err;
	if ((err = read_version(pg, version, &exists)) != TDM_OK) {
		tdm_diag_add(diags, name, 0, 0, "not a usable database: %s",
		    pg->msg);
		goto fail;
	}
	if (!exists && mode != TDM_OPEN_INIT) {
		tdm_diag_add(diags, name, 0, 0, "no database here; create "
		    "it with \"tandem init\"");
		err = TDM_ENOENT;
		goto fail;
	}
	if (*version > (int)tdm_nmigrations) {
		tdm_diag_add(diags, name, 0, 0, "the database is at schema "
		    "version %d, newer than this program's %zu",
		    *version, tdm_nmigrations);
		err = TDM_EVERSION;
		goto fail;
	}
	if (*version < (int)tdm_nmigrations) {
		if (mode != TDM_OPEN_INIT) {
			tdm_diag_add(diags, name, 0, 0, "the database is at "
			    "schema version %d; upgrade it to %zu with "
			    "\"tandem init\"", *version, tdm_nmigrations);
			err = TDM_ESTATE;
			goto fail;
		}
		if ((err = migrate(pg, version, name, diags)) != TDM_OK)
			goto fail;
	} else if (mode == TDM_OPEN_INIT &&
	    (err = rowid_upgrade(pg)) != TDM_OK) {
		/* "tandem init" on a current database: the faster ids. */
		tdm_diag_add(diags, name, 0, 0, "upgrading the schema from "
		    "version %d to %zu failed: %s", *version,
		    tdm_nmigrations, pg->msg);
		goto fail;
	}
	pg->sql_of = sql_of;
	if ((mode == TDM_OPEN_INIT || pg->report) &&
	    (err = prepare_all(pg)) != TDM_OK)
		goto fail;
	*out = pg;
	return TDM_OK;
fail:
	pg_close(pg);
	return err;
}

static void
clear_stmt(struct pg_stmt *s)
{
	int	 i;

	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	PQfreemem(s->blob);
	s->blob = NULL;
	for (i = 0; s->vals != NULL && i < s->nparams; i++) {
		free(s->vals[i]);
		s->vals[i] = NULL;
	}
}

void
pg_close(struct pg_store *pg)
{
	int	 i;

	if (pg == NULL)
		return;
	for (i = 0; i < STMT__MAX; i++) {
		if (pg->s[i].vals != NULL)
			clear_stmt(&pg->s[i]);
		else {
			PQclear(pg->s[i].res);
			PQfreemem(pg->s[i].blob);
		}
		free(pg->s[i].vals);
		free(pg->s[i].lens);
		free(pg->s[i].fmts);
	}
	if (pg->conn != NULL)
		PQfinish(pg->conn);
	free(pg->name);
	free(pg);
}

void
pg_rest(struct pg_store *pg)
{
	int	 i;

	for (i = 0; i < STMT__MAX; i++)
		if (pg->s[i].res != NULL)
			clear_stmt(&pg->s[i]);
	if (pg->intx || pg_in_transaction(pg))
		pg_rollback(pg);
}

int
pg_nparams(const struct pg_store *pg, enum stmt s)
{
	return pg->s[s].nparams;
}

static enum tdm_err batch_prepare(struct pg_store *, enum stmt);

void
pg_reset(struct pg_store *pg, enum stmt s)
{
	if (pg->s[s].ok == 0 && pg->batch)
		(void)batch_prepare(pg, s);	/* a failure fails the run */
	else if (pg->s[s].ok == 0) {
		/* Between transactions a lost connection is made again. */
		if (!pg->intx && !alive(pg))
			(void)reconnect(pg);
		(void)prepare(pg, (int)s);	/* a failure fails the run */
	}
	if (pg->s[s].ok != -1)
		clear_stmt(&pg->s[s]);
}

static enum tdm_err
set_param(struct pg_store *pg, enum stmt s, int i, const void *v,
    size_t len, int binary)
{
	struct pg_stmt	*ps = &pg->s[s];
	char		*c;

	if (ps->ok == -1 || ps->vals == NULL)
		return TDM_OK;	/* the step fails */
	assert(i >= 1 && i <= ps->nparams);
	free(ps->vals[i - 1]);
	ps->vals[i - 1] = NULL;
	if (v == NULL)
		return TDM_OK;
	if ((c = malloc(len + 1)) == NULL)
		return TDM_ENOMEM;
	memcpy(c, v, len);
	c[len] = '\0';
	ps->vals[i - 1] = c;
	ps->lens[i - 1] = (int)len;
	ps->fmts[i - 1] = binary;
	return TDM_OK;
}

enum tdm_err
pg_bind_int(struct pg_store *pg, enum stmt s, int i, int64_t v)
{
	char	 num[24];
	int	 n = snprintf(num, sizeof(num), "%lld", (long long)v);

	return set_param(pg, s, i, num, (size_t)n, 0);
}

enum tdm_err
pg_bind_real(struct pg_store *pg, enum stmt s, int i, double v)
{
	char	 num[40];
	int	 n = snprintf(num, sizeof(num), "%.17g", v);

	return set_param(pg, s, i, num, (size_t)n, 0);
}

enum tdm_err
pg_bind_data(struct pg_store *pg, enum stmt s, int i, const void *v,
    size_t len, int binary)
{
	return set_param(pg, s, i, v, len, binary);
}

enum tdm_err
pg_bind_null(struct pg_store *pg, enum stmt s, int i)
{
	return set_param(pg, s, i, NULL, 0, 0);
}

/*
 * Whether the connection can take a statement.  A server that ended the
 * session (pg_terminate_backend(), a restart, an idle timeout) has said
 * FATAL and closed the socket: reading what waits there tells, before
 * anything is sent.
 */
static int
alive(struct pg_store *pg)
{
	if (PQstatus(pg->conn) != CONNECTION_OK || pg->gone)
		return 0;
	/* Read what waits, then parse it (PQisBusy does): a FATAL calls
	 * notice(). */
	if (PQconsumeInput(pg->conn) == 0)
		return 0;
	(void)PQisBusy(pg->conn);
	return PQstatus(pg->conn) == CONNECTION_OK && !pg->gone;
}

/*
 * Connect again, between transactions only: the session's settings are
 * made again and every statement is prepared again on its next use
 * (the values bound to them stay).
 */
static enum tdm_err
reconnect(struct pg_store *pg)
{
	enum tdm_err	 err;
	int		 i;

	PQreset(pg->conn);
	pg->gone = 0;
	pg->unguarded = 0;
	if (PQstatus(pg->conn) != CONNECTION_OK) {
		snprintf(pg->msg, sizeof(pg->msg), "the connection to the "
		    "database was lost and could not be made again: %s",
		    PQerrorMessage(pg->conn));
		pg->msg[strcspn(pg->msg, "\n")] = '\0';
		return TDM_EIO;
	}
	if ((err = exec_sql(pg, session_sql)) != TDM_OK)
		return err;
	for (i = 0; i < STMT__MAX; i++)
		if (pg->s[i].ok != 0) {
			PQclear(pg->s[i].res);
			pg->s[i].res = NULL;
			pg->s[i].row = -1;
			pg->s[i].ok = 0;
		}
	pg->reconnects++;
	if (pg->trace)
		fprintf(stderr, "tandem: postgresql: connected again\n");
	return TDM_OK;
}

/*
 * Run a prepared statement in a savepoint of its own, in one round trip
 * (libpq's pipeline): SAVEPOINT, the statement, RELEASE.  The savepoint
 * is what lets a transaction go on after a statement failed, as SQLite
 * undoes the one statement and keeps the transaction: PostgreSQL would
 * refuse every statement after the failure until the rollback.  The
 * result is the statement's, or the savepoint's failure.
 */
static PGresult *
exec_saved(struct pg_store *pg, const char *name, struct pg_stmt *ps)
{
	PGresult	*r, *mine = NULL, *early = NULL;
	int		 k;

	if (PQenterPipelineMode(pg->conn) != 1)
		return NULL;
	if (PQsendQueryParams(pg->conn, SAVEPOINT, 0, NULL, NULL, NULL, NULL,
	    0) != 1 || PQsendQueryPrepared(pg->conn, name, ps->nparams,
	    (const char *const *)ps->vals, ps->lens, ps->fmts, 0) != 1 ||
	    PQsendQueryParams(pg->conn, RELEASE, 0, NULL, NULL, NULL, NULL,
	    0) != 1 || PQpipelineSync(pg->conn) != 1) {
		/* Nothing sensible was sent: the connection is gone. */
		(void)PQexitPipelineMode(pg->conn);
		return NULL;
	}
	/* Each of the three results ends with a NULL, then the sync. */
	for (k = 0; k < 3; k++)
		while ((r = PQgetResult(pg->conn)) != NULL) {
			if (k == 1 && mine == NULL)
				mine = r;
			else if (k == 0 && early == NULL &&
			    PQresultStatus(r) != PGRES_COMMAND_OK)
				early = r;
			else
				PQclear(r);
		}
	while ((r = PQgetResult(pg->conn)) != NULL) {
		ExecStatusType	 t = PQresultStatus(r);

		PQclear(r);
		if (t == PGRES_PIPELINE_SYNC)
			break;
	}
	(void)PQexitPipelineMode(pg->conn);
	if (early != NULL) {
		PQclear(mine);
		return early;
	}
	return mine;
}

/* A SQLSTATE after which only the whole transaction may be tried again. */
static int
must_restart(const PGresult *res)
{
	const char	*state = res ? PQresultErrorField(res,
	    PG_DIAG_SQLSTATE) : NULL;

	return state != NULL && (strcmp(state, "40001") == 0 ||
	    strcmp(state, "40P01") == 0);
}

/*
 * Whether a statement run outside a transaction, which failed, may run
 * again: a serialisation failure or a deadlock undid it; a session the
 * server ended said so instead of running it (57P01, a terminated
 * backend, answers before reading the statement, and one terminated
 * while running it rolls it back); a connection that broke with no
 * answer may have run a write, so only a read is run again.
 */
static int
may_retry(struct pg_store *pg, struct pg_stmt *ps, const PGresult *res)
{
	const char	*state = res ? PQresultErrorField(res,
	    PG_DIAG_SQLSTATE) : NULL;

	if (must_restart(res))
		return 1;
	if (PQstatus(pg->conn) == CONNECTION_OK && !pg->gone)
		return 0;
	if (state != NULL)
		return strncmp(state, "57P0", 4) == 0;
	return !ps->writes;
}

/* A failure that ended the transaction: only a rollback is left. */
static enum tdm_err
doomed(struct pg_store *pg)
{
	snprintf(pg->msg, sizeof(pg->msg), "%s", pg->doomed == TDM_EIO ?
	    "the connection to the database was lost during the "
	    "transaction, which was not committed" : pg->doomed == TDM_EBUSY ?
	    "the transaction conflicted with another and was undone: try "
	    "again" : "an earlier statement's failure ended the transaction");
	return pg->doomed;
}

/*
 * A batch (pg_batch_begin()): the writes of a transaction sent one
 * after the other without waiting for each answer, in libpq's pipeline
 * mode, and no savepoint each: a failure fails the transaction, which
 * its caller rolls back.  One round trip for BATCH_MAX statements
 * instead of one a statement; the server runs the same statements.
 */

/* Read the answers of what the batch sent: the first failure, if any. */
static enum tdm_err
batch_collect(struct pg_store *pg)
{
	PGresult	*r;
	ExecStatusType	 t;
	enum tdm_err	 err = TDM_OK;
	char		*end;
	int		 nulls = 0;

	if (pg->pending == 0)
		return TDM_OK;
	if (PQpipelineSync(pg->conn) != 1) {
		snprintf(pg->msg, sizeof(pg->msg), "the connection to the "
		    "database was lost");
		pg->pending = 0;
		return TDM_EIO;
	}
	/* Each statement's answer ends with a NULL, the batch with the
	 * sync; a broken connection gives NULLs only. */
	while (nulls <= pg->pending + 1) {
		if ((r = PQgetResult(pg->conn)) == NULL) {
			if (PQstatus(pg->conn) != CONNECTION_OK)
				break;
			nulls++;
			continue;
		}
		nulls = 0;
		t = PQresultStatus(r);
		if (t == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			pg->pending = 0;
			return err;
		}
		if (t == PGRES_COMMAND_OK) {
			pg->changes = strtoll(PQcmdTuples(r), &end, 10);
			pg->total += pg->changes;
		} else if (err == TDM_OK && t != PGRES_PIPELINE_ABORTED)
			err = result_err(pg, r, "a batch");
		PQclear(r);
	}
	pg->pending = 0;
	if (err == TDM_OK) {
		snprintf(pg->msg, sizeof(pg->msg), "the connection to the "
		    "database was lost");
		err = TDM_EIO;
	}
	return err;
}

/* A failure in a batch ends the transaction. */
static enum tdm_err
batch_failed(struct pg_store *pg, enum tdm_err err)
{
	pg->doomed = PQstatus(pg->conn) != CONNECTION_OK ? TDM_EIO : err;
	return pg->doomed;
}

/*
 * Prepare a statement first used in a batch: out of the pipeline for
 * the moment (a statement is prepared in a round trip of its own, once
 * a connection), with the answers of what was sent before.
 */
static enum tdm_err
batch_prepare(struct pg_store *pg, enum stmt s)
{
	enum tdm_err	 err;

	if ((err = batch_collect(pg)) != TDM_OK)
		return batch_failed(pg, err);
	if (PQexitPipelineMode(pg->conn) != 1)
		return batch_failed(pg, TDM_EIO);
	err = prepare(pg, (int)s);
	if (PQenterPipelineMode(pg->conn) != 1)
		return batch_failed(pg, TDM_EIO);
	if (err == TDM_OK && pg->s[s].ok != 1)
		err = TDM_EDB;
	return err != TDM_OK ? batch_failed(pg, err) : TDM_OK;
}

/* Send a write of the batch; the answers are read every BATCH_MAX. */
static enum tdm_err
batch_send(struct pg_store *pg, enum stmt s)
{
	struct pg_stmt	*ps = &pg->s[s];
	char		 name[16];
	enum tdm_err	 err;

	if (ps->ok != 1 && (err = batch_prepare(pg, s)) != TDM_OK)
		return err;
	/* A read's rows would come after the batch's end. */
	assert(ps->writes);
	snprintf(name, sizeof(name), "s%d", (int)s);
	PQclear(ps->res);
	ps->res = NULL;
	ps->row = -1;
	if (PQsendQueryPrepared(pg->conn, name, ps->nparams,
	    (const char *const *)ps->vals, ps->lens, ps->fmts, 0) != 1) {
		snprintf(pg->msg, sizeof(pg->msg), "the connection to the "
		    "database was lost");
		return batch_failed(pg, TDM_EIO);
	}
	if (++pg->pending >= BATCH_MAX &&
	    (err = batch_collect(pg)) != TDM_OK)
		return batch_failed(pg, err);
	return TDM_OK;
}

enum tdm_err
pg_batch_begin(struct pg_store *pg)
{
	if (!pg->intx || pg->batch)
		return TDM_OK;
	if (pg->doomed != TDM_OK)
		return doomed(pg);
	if (PQenterPipelineMode(pg->conn) != 1) {
		snprintf(pg->msg, sizeof(pg->msg), "the connection to the "
		    "database was lost");
		return batch_failed(pg, TDM_EIO);
	}
	pg->batch = 1;
	pg->pending = 0;
	return TDM_OK;
}

enum tdm_err
pg_batch_end(struct pg_store *pg)
{
	enum tdm_err	 err;

	if (!pg->batch)
		return TDM_OK;
	err = batch_collect(pg);
	(void)PQexitPipelineMode(pg->conn);
	pg->batch = 0;
	if (err != TDM_OK)
		return batch_failed(pg, err);
	return pg->doomed != TDM_OK ? doomed(pg) : TDM_OK;
}

/* Run the statement with its parameters; the rows are kept. */
static enum tdm_err
run(struct pg_store *pg, enum stmt s)
{
	struct pg_stmt	*ps = &pg->s[s];
	char		 name[16];
	const char	*status;
	char		*end;
	enum tdm_err	 err;
	int		 tries, saved;

	if (pg->intx && pg->doomed != TDM_OK)
		return doomed(pg);
	if (pg->batch)
		return batch_send(pg, s);
	if (!pg->intx && !alive(pg) && (err = reconnect(pg)) != TDM_OK)
		return err;
	if (ps->ok == 0 && (err = prepare(pg, (int)s)) != TDM_OK)
		return err;
	if (ps->ok == 0) {
		snprintf(pg->msg, sizeof(pg->msg), "the connection to the "
		    "database was lost");
		if (pg->intx)
			pg->doomed = TDM_EIO;
		return TDM_EIO;
	}
	if (ps->ok != 1) {
		snprintf(pg->msg, sizeof(pg->msg), "statement %d is not "
		    "yet available on PostgreSQL", (int)s);
		if (pg->trace)
			fprintf(stderr, "tandem: postgresql: %s\n", pg->msg);
		return TDM_EDB;
	}
	/*
	 * The audit chain is one chain whatever the number of servers: an
	 * append reads the head under a lock of the whole database, held
	 * until its transaction ends (docs/postgresql.md).
	 */
	if (s == STMT_AUDIT_LAST && pg_in_transaction(pg) &&
	    (err = exec_sql(pg, "SELECT pg_advisory_xact_lock(" LOCK_AUDIT
	    ")")) != TDM_OK) {
		/* Outside a savepoint: the transaction is over. */
		if (pg->intx)
			pg->doomed = alive(pg) ? err : TDM_EIO;
		return err;
	}
	snprintf(name, sizeof(name), "s%d", (int)s);
	for (tries = 0;; tries++) {
		PQclear(ps->res);
		saved = pg->intx && ps->writes && pg->savepoints;
		ps->res = NULL;
		if (saved)
			ps->res = exec_saved(pg, name, ps);
		if (!saved || (ps->res == NULL && alive(pg)))
			ps->res = PQexecPrepared(pg->conn, name, ps->nparams,
			    (const char *const *)ps->vals, ps->lens, ps->fmts,
			    0);
		ps->row = -1;
		if ((err = result_err(pg, ps->res, name)) == TDM_OK)
			break;
		if (pg->intx) {
			if (!alive(pg))
				pg->doomed = TDM_EIO;
			else if (must_restart(ps->res))
				pg->doomed = TDM_EBUSY;
			else if (saved)
				(void)exec_sql(pg, UNDO);
			else
				pg->doomed = err;
			if (!alive(pg))
				err = TDM_EIO;
		} else if (tries < 3 && may_retry(pg, ps, ps->res) &&
		    (alive(pg) || reconnect(pg) == TDM_OK) &&
		    (ps->ok == 1 || (prepare(pg, (int)s) == TDM_OK &&
		    ps->ok == 1))) {
			if (pg->trace)
				fprintf(stderr, "tandem: postgresql: %s run "
				    "again\n", name);
			continue;
		}
		PQclear(ps->res);
		ps->res = NULL;
		return err;
	}
	status = PQcmdStatus(ps->res);
	if (strncmp(status, "INSERT", 6) == 0 ||
	    strncmp(status, "UPDATE", 6) == 0 ||
	    strncmp(status, "DELETE", 6) == 0) {
		pg->changes = strtoll(PQcmdTuples(ps->res), &end, 10);
		pg->total += pg->changes;
	}
	return TDM_OK;
}

int
pg_step(struct pg_store *pg, enum stmt s, enum tdm_err *err)
{
	struct pg_stmt	*ps = &pg->s[s];

	*err = TDM_OK;
	if (ps->res == NULL && (*err = run(pg, s)) != TDM_OK)
		return 0;
	PQfreemem(ps->blob);
	ps->blob = NULL;
	if (ps->row + 1 >= PQntuples(ps->res))
		return 0;
	ps->row++;
	return 1;
}

enum tdm_err
pg_exec(struct pg_store *pg, enum stmt s)
{
	enum tdm_err	 err = run(pg, s);

	pg_reset(pg, s);
	return err;
}

static const char *
value(struct pg_store *pg, enum stmt s, int i)
{
	struct pg_stmt	*ps = &pg->s[s];

	if (ps->res == NULL || ps->row < 0 || PQgetisnull(ps->res, ps->row, i))
		return NULL;
	return PQgetvalue(ps->res, ps->row, i);
}

int64_t
pg_col_int(struct pg_store *pg, enum stmt s, int i)
{
	const char	*v = value(pg, s, i);
	char		*end;

	if (v == NULL)
		return 0;
	/* A comparison's result is a boolean here, an integer in SQLite. */
	if (strcmp(v, "t") == 0)
		return 1;
	if (strcmp(v, "f") == 0)
		return 0;
	return strtoll(v, &end, 10);
}

double
pg_col_real(struct pg_store *pg, enum stmt s, int i)
{
	const char	*v = value(pg, s, i);
	char		*end;

	return v == NULL ? 0 : strtod(v, &end);
}

const char *
pg_col_text(struct pg_store *pg, enum stmt s, int i)
{
	const char	*v = value(pg, s, i);

	if (v != NULL && strcmp(v, "t") == 0 &&
	    PQftype(pg->s[s].res, i) == 16)
		return "1";
	if (v != NULL && strcmp(v, "f") == 0 &&
	    PQftype(pg->s[s].res, i) == 16)
		return "0";
	return v;
}

const void *
pg_col_blob(struct pg_store *pg, enum stmt s, int i, size_t *len)
{
	struct pg_stmt	*ps = &pg->s[s];
	const char	*v = value(pg, s, i);

	*len = 0;
	if (v == NULL)
		return NULL;
	PQfreemem(ps->blob);
	ps->blob = PQunescapeBytea((const unsigned char *)v, len);
	return ps->blob;
}

int
pg_col_isnull(struct pg_store *pg, enum stmt s, int i)
{
	return value(pg, s, i) == NULL;
}

int64_t
pg_changes(struct pg_store *pg)
{
	return pg->changes;
}

int64_t
pg_total_changes(struct pg_store *pg)
{
	return pg->total;
}

int64_t
pg_last_id(struct pg_store *pg)
{
	PGresult	*res;
	int64_t		 id = 0;
	char		*end;

	res = PQexec(pg->conn, "SELECT current_setting('tandem.last_id', "
	    "true)");
	if (res != NULL && PQresultStatus(res) == PGRES_TUPLES_OK &&
	    PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
		id = strtoll(PQgetvalue(res, 0, 0), &end, 10);
	PQclear(res);
	return id;
}

const char *
pg_errmsg(struct pg_store *pg)
{
	return pg->msg;
}

/*
 * SERIALIZABLE: the unique rules a module checks by reading hold when
 * two servers write at once.  And one writer at a time across every
 * server, as SQLite's BEGIN IMMEDIATE has one across processes: a
 * transaction takes the writers' advisory lock first (waiting as long
 * as SQLite's busy timeout, then TDM_EBUSY), so that two transactions
 * of Tandem never conflict and a serialisation failure, which would
 * undo a whole act that only its caller could run again, is left to
 * statements run outside a transaction (retried in run()).
 */
enum tdm_err
pg_begin(struct pg_store *pg)
{
	enum tdm_err	 err;
	int		 tries;

	pg->doomed = TDM_OK;
	for (tries = 0; tries < 2; tries++) {
		/* Between transactions a lost connection is made again. */
		if (!alive(pg) && (err = reconnect(pg)) != TDM_OK)
			return err;
		err = exec_sql(pg, "BEGIN ISOLATION LEVEL SERIALIZABLE; "
		    "SET LOCAL lock_timeout = " WRITER_WAIT "; "
		    "SELECT pg_advisory_xact_lock(" LOCK_WRITER ")");
		if (err == TDM_OK) {
			pg->intx = 1;
			return TDM_OK;
		}
		if (pg_in_transaction(pg))
			(void)exec_sql(pg, "ROLLBACK");
		if (alive(pg))
			break;
	}
	return err;
}

enum tdm_err
pg_commit(struct pg_store *pg)
{
	enum tdm_err	 err;

	if (pg->batch)
		(void)pg_batch_end(pg);
	if (pg->intx && pg->doomed != TDM_OK) {
		/* PostgreSQL would answer COMMIT with a silent ROLLBACK. */
		err = doomed(pg);
		pg_rollback(pg);
		return err;
	}
	err = exec_sql(pg, "COMMIT");
	if (err != TDM_OK && !alive(pg)) {
		snprintf(pg->msg, sizeof(pg->msg), "the connection to the "
		    "database was lost during the commit: the last change "
		    "may or may not have been kept");
		err = TDM_EIO;
	}
	if (!pg_in_transaction(pg)) {
		pg->intx = 0;
		pg->doomed = TDM_OK;
	}
	return err;
}

void
pg_rollback(struct pg_store *pg)
{
	if (pg->batch)
		(void)pg_batch_end(pg);
	if (pg->conn != NULL && pg_in_transaction(pg))
		(void)exec_sql(pg, "ROLLBACK");
	pg->unguarded = 0;
	pg->intx = 0;
	pg->doomed = TDM_OK;
}

int
pg_in_transaction(struct pg_store *pg)
{
	PGTransactionStatusType	 t = PQtransactionStatus(pg->conn);

	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR ||
	    t == PQTRANS_ACTIVE;
}

/*
 * After an erasure, committed: the erased rows' old versions are dead
 * rows that stay in the tables' files until a VACUUM removes them (a
 * plain one: it takes no lock that stops the other servers).  It
 * cannot remove what a transaction still open elsewhere may see; the
 * next VACUUM (autovacuum's) does (docs/privacy.md).
 */
enum tdm_err
pg_vacuum(struct pg_store *pg)
{
	if (pg->intx)
		return TDM_ESTATE;	/* VACUUM cannot run in one */
	if (!alive(pg) && reconnect(pg) != TDM_OK)
		return TDM_EIO;
	return exec_sql(pg, "VACUUM");
}

enum tdm_err
pg_checkpoint(struct pg_store *pg, int *emptied)
{
	/*
	 * The write-ahead log is the server's: PostgreSQL recycles its
	 * segments itself, and their archives and the replicas are the
	 * operator's to configure (docs/privacy.md).  A CHECKPOINT writes
	 * the vacuumed pages to the tables' files now; it needs a
	 * superuser or pg_checkpoint, hence best effort.
	 */
	(void)exec_sql(pg, "CHECKPOINT");
	*emptied = 1;
	return TDM_OK;
}

/* store_sync(): a commit's wait for the server's log, for this session. */
enum tdm_err
pg_sync(struct pg_store *pg, int on)
{
	return exec_sql(pg, on ? "RESET synchronous_commit" :
	    "SET synchronous_commit = off");
}

/*
 * A backup through PostgreSQL's own tool: pg_dump's custom format, one
 * consistent snapshot, for pg_restore (docs/postgresql.md), into the
 * empty file store_backup() created 0600; pg_dump finds the
 * password where Tandem does (.pgpass, a service file) and never asks.
 * TANDEM_PG_DUMP names another pg_dump (one as new as the server).
 */
enum tdm_err
pg_backup(struct pg_store *pg, const char *path, struct tdm_diags *d)
{
	const char	*tool = getenv("TANDEM_PG_DUMP");
	char		*argv[8];
	pid_t		 pid;
	int		 rc, status;

	if (tool == NULL || *tool == '\0')
		tool = "pg_dump";
	argv[0] = (char *)tool;
	argv[1] = (char *)"--format=custom";
	argv[2] = (char *)"--no-password";
	argv[3] = (char *)"--file";
	argv[4] = (char *)path;
	argv[5] = (char *)"--dbname";
	argv[6] = pg->name;
	argv[7] = NULL;
	if ((rc = posix_spawnp(&pid, tool, NULL, NULL, argv, environ)) != 0) {
		tdm_diag_add(d, path, 0, 0, "cannot run %s to back up the "
		    "PostgreSQL database: %s", tool, strerror(rc));
		return TDM_EIO;
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			status = -1;
			break;
		}
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		tdm_diag_add(d, path, 0, 0, "%s could not back up the "
		    "PostgreSQL database (its messages are above)", tool);
		return TDM_EIO;
	}
	return TDM_OK;
}

/* Report each row of sql's first column as a problem of area. */
static enum tdm_err
check_rows(struct pg_store *pg, const char *sql, const char *area,
    const char *what, void (*fn)(void *, const char *, const char *),
    void *arg)
{
	PGresult	*res = PQexec(pg->conn, sql);
	enum tdm_err	 err;
	char		 msg[256];
	int		 i;

	if ((err = result_err(pg, res, area)) == TDM_OK)
		for (i = 0; i < PQntuples(res); i++) {
			snprintf(msg, sizeof(msg), "%s: %s", what,
			    PQgetvalue(res, i, 0));
			fn(arg, area, msg);
		}
	PQclear(res);
	return err;
}

enum tdm_err
pg_check(struct pg_store *pg,
    void (*fn)(void *, const char *, const char *), void *arg)
{
	enum tdm_err	 err;

	if (!alive(pg) && (err = reconnect(pg)) != TDM_OK)
		return err;
	/*
	 * PostgreSQL checks its pages and enforces the foreign keys
	 * itself: what is left to check is what an operator could have
	 * undone by hand, the audit log's append-only guard (a trigger
	 * disabled or dropped lets the log be rewritten) and constraints
	 * added NOT VALID.  The chain itself is tdm_check()'s.
	 */
	if ((err = check_rows(pg, "SELECT n FROM (VALUES "
	    "('audit_no_update'), ('audit_no_delete')) AS w(n) "
	    "WHERE NOT EXISTS (SELECT 1 FROM pg_trigger t "
	    "WHERE t.tgrelid = 'audit'::regclass AND t.tgname = w.n "
	    "AND t.tgenabled <> 'D')", "audit",
	    "the audit log's guard is disabled or missing", fn, arg)) !=
	    TDM_OK)
		return err;
	return check_rows(pg, "SELECT c.conrelid::regclass || '.' || "
	    "c.conname FROM pg_constraint c JOIN pg_class r ON "
	    "r.oid = c.conrelid WHERE NOT c.convalidated AND "
	    "r.relnamespace = current_schema()::regnamespace",
	    "integrity", "a constraint is not validated", fn, arg);
}

/* The audit log's guard, off for a rewrite inside a transaction. */
enum tdm_err
pg_audit_guard(struct pg_store *pg, int on)
{
	enum tdm_err	 err;

	if (on == !pg->unguarded)
		return TDM_OK;
	err = exec_sql(pg, on ? "ALTER TABLE audit ENABLE TRIGGER "
	    "audit_no_update" : "ALTER TABLE audit DISABLE TRIGGER "
	    "audit_no_update");
	if (err == TDM_OK)
		pg->unguarded = !on;
	return err;
}

/* --- tandem migrate --to: a SQLite database copied in (issue 18) ----- */

/*
 * Every table of the schema but the version's, as one list of
 * identifiers, for TRUNCATE and for disabling the id trigger.
 */
static const char copy_tables_sql[] =
    "SELECT string_agg(format('%I', relname), ', ' ORDER BY relname), "
    "count(*) FROM pg_class WHERE relkind = 'r' "
    "AND relnamespace = current_schema()::regnamespace "
    "AND relname <> 'tandem_version'";

/*
 * Open the target of a migration: connect, begin the one transaction
 * the whole copy is made in, refuse a database that holds anything, and
 * create the schema.  The rows the migrations insert (the generations,
 * the installation's key, ...) are taken out again: the source's own
 * are copied in their place.  *ntables is the number of the schema's
 * tables, which the copy must fill all of.
 */
enum tdm_err
pg_copy_open(const char *name, struct pg_store **out, int64_t *ntables,
    struct tdm_diags *diags)
{
	struct pg_store	*pg;
	PGresult	*res;
	enum tdm_err	 err;
	char		*sql, *end, set[96];
	long long	 n = 0;
	size_t		 v;

	*out = NULL;
	*ntables = 0;
	if ((err = connect_to(name, &pg, diags)) != TDM_OK)
		return err;
	snprintf(set, sizeof(set), "SELECT pg_advisory_xact_lock(%lld)",
	    LOCK_MIGRATE);
	if ((err = exec_sql(pg, "BEGIN")) != TDM_OK ||
	    (err = exec_sql(pg, set)) != TDM_OK)
		goto failmsg;
	/* Anything in the schema, Tandem's or not, makes it not empty. */
	res = PQexec(pg->conn, "SELECT count(*) FROM pg_class WHERE "
	    "relkind IN ('r', 'p', 'v', 'm', 'S', 'f') "
	    "AND relnamespace = current_schema()::regnamespace");
	if ((err = result_err(pg, res, "empty")) == TDM_OK &&
	    PQntuples(res) == 1)
		n = strtoll(PQgetvalue(res, 0, 0), &end, 10);
	PQclear(res);
	if (err != TDM_OK)
		goto failmsg;
	if (n != 0) {
		tdm_diag_add(diags, name, 0, 0, "the database is not empty "
		    "(%lld tables or views): a migration copies into an "
		    "empty database only", n);
		err = TDM_EEXIST;
		goto fail;
	}
	if ((err = exec_sql(pg, compat_sql)) != TDM_OK)
		goto failmsg;
	for (v = 0; v < tdm_nmigrations; v++) {
		if ((sql = fix_migration(v, tdm_migrations[v])) == NULL) {
			err = TDM_ENOMEM;
			goto fail;
		}
		err = run_migration(pg, sql);
		free(sql);
		if (err != TDM_OK)
			goto failmsg;
	}
	if ((err = rowid_upgrade(pg)) != TDM_OK)
		goto fail;
	snprintf(set, sizeof(set), "UPDATE tandem_version SET version = %zu",
	    tdm_nmigrations);
	if ((err = exec_sql(pg, set)) != TDM_OK)
		goto failmsg;
	/*
	 * The migrations' own rows out; the id trigger off while the ids
	 * are given (it would only record each), on again before the end.
	 */
	res = PQexec(pg->conn, copy_tables_sql);
	if ((err = result_err(pg, res, "tables")) == TDM_OK &&
	    PQntuples(res) == 1 && !PQgetisnull(res, 0, 0)) {
		*ntables = strtoll(PQgetvalue(res, 0, 1), &end, 10);
		v = strlen(PQgetvalue(res, 0, 0)) + 16;
		if ((sql = malloc(v)) == NULL)
			err = TDM_ENOMEM;
		else {
			snprintf(sql, v, "TRUNCATE %s", PQgetvalue(res, 0, 0));
			err = exec_sql(pg, sql);
			free(sql);
		}
	}
	PQclear(res);
	if (err == TDM_OK)
		err = exec_sql(pg, "DO $$ DECLARE t text; BEGIN FOR t IN "
		    "SELECT tgrelid::regclass::text FROM pg_trigger "
		    "WHERE tgname = 'tdm_rowid' LOOP EXECUTE format('ALTER "
		    "TABLE %s DISABLE TRIGGER tdm_rowid', t); END LOOP; "
		    "END $$");
	if (err != TDM_OK)
		goto failmsg;
	*out = pg;
	return TDM_OK;
failmsg:
	tdm_diag_add(diags, name, 0, 0, "cannot prepare the database for "
	    "the copy: %s", pg->msg);
fail:
	pg_close(pg);
	return err;
}

/*
 * Start copying into one table, its columns in the source's order:
 * bytea[i] says whether column i is bytea here, so that the caller
 * writes its value in bytea's form.  A column the table lacks fails.
 */
enum tdm_err
pg_copy_begin(struct pg_store *pg, const char *table,
    const char *const *cols, int ncols, int *bytea, struct tdm_diags *d)
{
	PGresult	*res;
	const char	*params[2];
	struct buf	 b = { NULL, 0, 0, 0 };
	char		*id;
	enum tdm_err	 err;
	int		 i, r, found;

	params[0] = table;
	res = PQexecParams(pg->conn, "SELECT a.attname, "
	    "a.atttypid = 'bytea'::regtype FROM pg_attribute a "
	    "WHERE a.attrelid = to_regclass(quote_ident($1)) "
	    "AND a.attnum > 0 AND NOT a.attisdropped", 1, NULL, params,
	    NULL, NULL, 0);
	if ((err = result_err(pg, res, table)) != TDM_OK) {
		PQclear(res);
		tdm_diag_add(d, table, 0, 0, "cannot copy the table: %s",
		    pg->msg);
		return err;
	}
	for (i = 0; i < ncols; i++) {
		for (r = 0, found = 0; r < PQntuples(res) && !found; r++)
			if (strcmp(PQgetvalue(res, r, 0), cols[i]) == 0) {
				found = 1;
				bytea[i] = strcmp(PQgetvalue(res, r, 1),
				    "t") == 0;
			}
		if (!found) {
			PQclear(res);
			tdm_diag_add(d, table, 0, 0, "the PostgreSQL schema "
			    "has no column %s in this table", cols[i]);
			return TDM_ESTATE;
		}
	}
	PQclear(res);
	puts_(&b, "COPY ");
	for (i = -1; i < ncols; i++) {
		id = PQescapeIdentifier(pg->conn, i < 0 ? table : cols[i],
		    strlen(i < 0 ? table : cols[i]));
		if (id == NULL) {
			free(b.p);
			return TDM_ENOMEM;
		}
		puts_(&b, i < 0 ? "" : i == 0 ? " (" : ", ");
		puts_(&b, id);
		PQfreemem(id);
	}
	puts_(&b, ") FROM STDIN");
	if (b.p == NULL)
		return TDM_ENOMEM;
	res = PQexec(pg->conn, b.p);
	free(b.p);
	if (res == NULL || PQresultStatus(res) != PGRES_COPY_IN) {
		err = result_err(pg, res, table);
		PQclear(res);
		tdm_diag_add(d, table, 0, 0, "cannot copy the table: %s",
		    pg->msg);
		return err == TDM_OK ? TDM_EDB : err;
	}
	PQclear(res);
	return TDM_OK;
}

/* Rows in COPY's text form, whole lines, any number at a time. */
enum tdm_err
pg_copy_data(struct pg_store *pg, const char *data, size_t len)
{
	if (len > 0x7fffffff || PQputCopyData(pg->conn, data, (int)len) != 1) {
		snprintf(pg->msg, sizeof(pg->msg), "%s",
		    PQerrorMessage(pg->conn));
		return TDM_EIO;
	}
	return TDM_OK;
}

/* The table's end: *rows is what PostgreSQL says it received. */
enum tdm_err
pg_copy_end(struct pg_store *pg, const char *table, int64_t *rows,
    struct tdm_diags *d)
{
	PGresult	*res, *next;
	enum tdm_err	 err;
	char		*end;

	*rows = 0;
	if (PQputCopyEnd(pg->conn, NULL) != 1) {
		snprintf(pg->msg, sizeof(pg->msg), "%s",
		    PQerrorMessage(pg->conn));
		tdm_diag_add(d, table, 0, 0, "cannot copy the table: %s",
		    pg->msg);
		return TDM_EIO;
	}
	res = PQgetResult(pg->conn);
	while ((next = PQgetResult(pg->conn)) != NULL)
		PQclear(next);
	if ((err = result_err(pg, res, table)) == TDM_OK)
		*rows = strtoll(PQcmdTuples(res), &end, 10);
	else
		tdm_diag_add(d, table, 0, 0, "cannot copy the table: %s",
		    pg->msg);
	PQclear(res);
	return err;
}

/* Stop a table's copy that failed on the source's side. */
void
pg_copy_abort(struct pg_store *pg)
{
	PGresult	*res;

	if (PQputCopyEnd(pg->conn, "the source failed") == 1)
		while ((res = PQgetResult(pg->conn)) != NULL)
			PQclear(res);
}

/*
 * The end of a migration: commit (the id triggers on again first) or
 * roll everything back, and close.
 */
enum tdm_err
pg_copy_close(struct pg_store *pg, int commit, struct tdm_diags *d)
{
	enum tdm_err	 err = TDM_OK;

	if (pg == NULL)
		return TDM_OK;
	if (commit) {
		/*
		 * The deferred checks run first: a table with events still
		 * pending cannot be altered.
		 */
		if ((err = exec_sql(pg, "SET CONSTRAINTS ALL IMMEDIATE")) ==
		    TDM_OK && (err = exec_sql(pg, "DO $$ DECLARE t text; BEGIN FOR t IN "
		    "SELECT tgrelid::regclass::text FROM pg_trigger "
		    "WHERE tgname = 'tdm_rowid' LOOP EXECUTE format('ALTER "
		    "TABLE %s ENABLE TRIGGER tdm_rowid', t); END LOOP; "
		    "END $$")) == TDM_OK)
			err = exec_sql(pg, "COMMIT");
		if (err != TDM_OK)
			tdm_diag_add(d, "migrate", 0, 0, "the copy could not "
			    "be committed: %s", pg->msg);
	}
	if (err != TDM_OK || !commit)
		(void)exec_sql(pg, "ROLLBACK");
	pg_close(pg);
	return err;
}

/*
 * Background work (pgmulti): the outbox's delivery, its reminders and
 * purges run in one process at a time however many servers share the
 * database.  A session advisory lock, not a row: the server releases
 * it when the holder's connection ends, a SIGKILLed server's included,
 * so no lease has to expire.
 */
/* Not LOCK_WRITER's key: its holder would keep out every other server's
 * writers for as long as it runs. */
#define LOCK_WORK	"92639462704464"	/* LOCK_MIGRATE + 3 */

enum tdm_err
pg_work_lock(struct pg_store *pg)
{
	return exec_sql(pg, "SELECT pg_advisory_lock(" LOCK_WORK ")");
}

void
pg_work_unlock(struct pg_store *pg)
{
	if (pg->conn != NULL && PQstatus(pg->conn) == CONNECTION_OK)
		(void)exec_sql(pg, "SELECT pg_advisory_unlock(" LOCK_WORK
		    ")");
}

/*
 * The session hook of the outbox (outbox_sessions()) does only the new
 * work: after an act, the sessions it or an earlier act already queued
 * are not read again, yet every message is queued once, and a session
 * whose message is missing is still found and queued, with the same
 * key and Message-ID.
 *
 * It makes the demonstration organisation on SQLite with the clock
 * fixed, so that every session the demo changed is in the hook's
 * window: the hook used to read them all again at each act, and its
 * statement gave them all.  Counts of
 * the outbox are read aside with sqlite3.
 *
 * The same for the pairs' hook (outbox_pairs()) and the waiting
 * volunteers' (pair.c): an answer queues its own pair's messages, not
 * every pair's again, and a decline reads only those not yet told.
 */
#include <sys/stat.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "tandem/tandem.h"
#include "db.h"
#include "outbox.h"
#include "t.h"
#include "aside.h"
#include "demo.h"

#define NOW		1795737600	/* 2026-11-27 */

static char		 dir[] = "/tmp/test_outbox.XXXXXX";
static char		 path[64];
static struct tdm_store	*st;
static struct tdm_demo_summary sum;
static int64_t		 cancelled;	/* the session the test cancels */

/* One integer that a query of the database file answers, read aside. */
static long long
sql_int(const char *sql)
{
	return aside_int(path, sql);
}

/* Run a statement on the database file, aside. */
static int
sql_exec(const char *sql)
{
	sqlite3		*db;
	int		 rc;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(db, 5000);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

/*
 * The sessions the hook would read now (its statement, as it binds
 * it): the count, and the first one's id in *first.
 */
static int
to_queue(int64_t *first)
{
	struct query	 q = query_start(st, STMT_MAIL_SESSIONS_CHANGED);
	char		 since[TIMESTAMP_SIZE], now[TIMESTAMP_SIZE];
	time_t		 t = NOW - 120;
	struct tm	 tm;
	int		 n = 0, i;

	gmtime_r(&t, &tm);
	strftime(since, sizeof(since), "%Y-%m-%dT%H:%M:%SZ", &tm);
	store_timestamp(st, now);
	bind_text(&q, since);
	bind_text(&q, now);
	*first = 0;
	while (query_row(&q)) {
		if (n++ == 0)
			*first = col_int(&q);
		else
			col_skip(&q);
		for (i = 0; i < 10; i++)
			col_skip(&q);
	}
	return query_end(&q) == TDM_OK ? n : -1;
}

static enum tdm_err
hook(void)
{
	enum tdm_err	 err;

	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = outbox_sessions(st)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		store_rollback(st);
	return err;
}

static void
test_demo(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct stat		 sb;
	char			 wal[80];
	enum tdm_err		 err;
	size_t			 i;
	int64_t			 first;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/demo.db", dir);
	CHECK_INT(tdm_store_open(path, TDM_OPEN_INIT, &st, &d), TDM_OK);
	if (st == NULL)
		return;
	tdm_store_set_now(st, NOW);
	err = demo_build(st, 160, &sum, &d);
	for (i = 0; i < d.n; i++)
		printf("# demo: %s\n", d.v[i].message);
	tdm_diags_free(&d);
	CHECK_INT(err, TDM_OK);
	/*
	 * The demo commits without waiting for the disk, then syncs what
	 * it wrote when it is done: its log is emptied into the file.
	 */
	snprintf(wal, sizeof(wal), "%s-wal", path);
	CHECK(stat(wal, &sb) == 0 && sb.st_size == 0);
	/*
	 * The demo's acts changed sessions a moment ago, and their hooks
	 * queued every message, a tandem's end included (pair.c): nothing
	 * is left for the next act's hook.
	 */
	CHECK(sql_int("SELECT count(*) FROM session WHERE updated_at = "
	    "'2026-11-27T00:00:00Z'") > 20);
	CHECK(sql_int("SELECT count(*) FROM outbox WHERE kind IN "
	    "('session', 'cancel', 'feedback')") > 20);
	CHECK_INT(to_queue(&first), 0);
	CHECK_INT(hook(), TDM_OK);
	CHECK_INT(to_queue(&first), 0);
}

static void
test_act(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_actor	 manager;
	char			 sql[256];
	long long		 before, members;
	int64_t			 first;

	cancelled = sql_int("SELECT id FROM session WHERE state = 'planned' "
	    "AND start_at > '2026-11-28' ORDER BY id LIMIT 1");
	CHECK(cancelled > 0);
	before = sql_int("SELECT count(*) FROM outbox");
	CHECK_INT(tdm_actor_load(st, sum.manager, &manager, &d), TDM_OK);
	CHECK_INT(tdm_session_cancel(st, &manager, cancelled, NULL, NULL,
	    &d), TDM_OK);
	tdm_diags_free(&d);
	/* Its members are told, once each, and nothing else is queued. */
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM outbox WHERE "
	    "dedup LIKE 'cancel.s%" PRId64 ".q1.e%%'", cancelled);
	members = sql_int(sql);
	CHECK(members >= 2);
	CHECK_INT(sql_int("SELECT count(*) FROM outbox"), before + members);
	CHECK_INT(to_queue(&first), 0);
	/* Again: nothing to do, nothing queued. */
	CHECK_INT(hook(), TDM_OK);
	CHECK_INT(sql_int("SELECT count(*) FROM outbox"), before + members);
}

/* A session whose message is missing is read again and queued as before. */
static void
test_missing(void)
{
	char		 sql[512];
	long long	 total, rowid;
	int64_t		 first;

	total = sql_int("SELECT count(*) FROM outbox");
	snprintf(sql, sizeof(sql), "SELECT o.id FROM outbox o "
	    "JOIN session s ON s.id = %" PRId64 " "
	    "JOIN enrolment n ON n.id = s.mentor_id "
	    "WHERE o.dedup = 'cancel.s' || s.id || '.q1.e' || n.employee_id",
	    cancelled);
	rowid = sql_int(sql);
	CHECK(rowid > 0);
	snprintf(sql, sizeof(sql), "CREATE TABLE kept AS SELECT dedup, msgid, "
	    "rcpt_addr, vars, ical FROM outbox WHERE id = %lld; "
	    "DELETE FROM outbox WHERE id = %lld", rowid, rowid);
	CHECK_INT(sql_exec(sql), 0);
	CHECK_INT(to_queue(&first), 1);
	CHECK_INT(first, cancelled);
	CHECK_INT(hook(), TDM_OK);
	CHECK_INT(sql_int("SELECT count(*) FROM outbox"), total);
	/* The same message: key, Message-ID, recipient, words, calendar. */
	CHECK_INT(sql_int("SELECT count(*) FROM outbox o JOIN kept k "
	    "ON k.dedup = o.dedup AND k.msgid = o.msgid AND "
	    "k.rcpt_addr = o.rcpt_addr AND k.vars = o.vars AND "
	    "k.ical = o.ical"), 1);
	CHECK_INT(to_queue(&first), 0);
}

static enum tdm_err
pairs_hook(int64_t programme, int64_t pair)
{
	enum tdm_err	 err;

	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = outbox_pairs(st, programme, pair)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		store_rollback(st);
	return err;
}

/*
 * An answer's hook queues its pair's messages only: with two pairs'
 * answers missing, the hook of one brings back its own, not the other's
 * (it read every pair of the programme again); the publication's hook
 * reads them all and brings back the other.
 */
static void
test_pairs(void)
{
	long long	 total, prog, a, b;
	char		 sql[512];

	total = sql_int("SELECT count(*) FROM outbox");
	prog = sql_int("SELECT id FROM programme WHERE name = "
	    "'Cap numérique'");
	a = sql_int("SELECT min(id) FROM pair WHERE programme_id = "
	    "(SELECT id FROM programme WHERE name = 'Cap numérique') "
	    "AND state = 'accepted'");
	b = sql_int("SELECT max(id) FROM pair WHERE programme_id = "
	    "(SELECT id FROM programme WHERE name = 'Cap numérique') "
	    "AND state = 'accepted'");
	CHECK(prog > 0 && a > 0 && b > a);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM outbox WHERE "
	    "dedup LIKE 'answer.pr%lld.%%' OR dedup LIKE 'answer.pr%lld.%%'",
	    a, b);
	CHECK_INT(sql_int(sql), 4);
	snprintf(sql, sizeof(sql), "DELETE FROM outbox WHERE "
	    "dedup LIKE 'answer.pr%lld.%%' OR dedup LIKE 'answer.pr%lld.%%'",
	    a, b);
	CHECK_INT(sql_exec(sql), 0);
	CHECK_INT(pairs_hook(prog, a), TDM_OK);
	CHECK_INT(sql_int("SELECT count(*) FROM outbox"), total - 2);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM outbox WHERE "
	    "dedup LIKE 'answer.pr%lld.%%'", a);
	CHECK_INT(sql_int(sql), 2);
	CHECK_INT(pairs_hook(prog, 0), TDM_OK);
	CHECK_INT(sql_int("SELECT count(*) FROM outbox"), total);
}

/*
 * The waiting volunteers to tell: not those told already (one whose
 * message goes missing comes back); those the demo's last acts left
 * waiting untold (a tandem's end) are told at the next decline.
 */
static void
test_waiting(void)
{
	struct query	 q;
	long long	 prog, told;
	int64_t		*ids = NULL;
	size_t		 n = 0, untold;

	prog = sql_int("SELECT id FROM programme WHERE name = "
	    "'Cap numérique'");
	told = sql_int("SELECT min(id) FROM outbox WHERE kind = 'waiting' "
	    "AND programme_id = (SELECT id FROM programme WHERE name = "
	    "'Cap numérique')");
	CHECK(told > 0);
	q = query_start(st, STMT_MAIL_WAITING_UNTOLD);
	bind_int(&q, prog);
	CHECK_INT(query_ids(&q, &ids, &n), TDM_OK);
	untold = n;
	CHECK(untold < (size_t)sql_int("SELECT count(*) FROM outbox WHERE "
	    "kind = 'waiting'"));
	free(ids);
	ids = NULL;
	CHECK_INT(sql_exec("DELETE FROM outbox WHERE id = (SELECT min(id) "
	    "FROM outbox WHERE kind = 'waiting' AND programme_id = (SELECT "
	    "id FROM programme WHERE name = 'Cap numérique'))"), 0);
	q = query_start(st, STMT_MAIL_WAITING_UNTOLD);
	bind_int(&q, prog);
	CHECK_INT(query_ids(&q, &ids, &n), TDM_OK);
	CHECK_INT(n, untold + 1);
	free(ids);
}

int
main(void)
{
	char	 cmd[128];
	int	 rc;

	RUN(test_demo);
	if (st != NULL) {
		RUN(test_act);
		RUN(test_missing);
		RUN(test_pairs);
		RUN(test_waiting);
		tdm_store_close(st);
	}
	rc = DONE();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	(void)system(cmd);
	return rc;
}

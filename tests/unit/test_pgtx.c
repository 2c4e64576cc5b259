/*
 * The PostgreSQL store's transactions and connection (issue 18), through
 * db.h as the modules use it: a statement that fails inside a
 * transaction is undone alone and the transaction goes on, as on
 * SQLite; a session the server ended between transactions is made
 * again without the caller knowing; one ended inside a transaction
 * fails that transaction, whose writes are gone, and the next one
 * works; a writer waits for another's transaction and then says busy;
 * a batch of writes is written whole, or fails its transaction; and
 * group_concat() is PostgreSQL's string_agg(), not a SQL aggregate.
 *
 * It needs a PostgreSQL database, named by TANDEM_PGTX_DB (a libpq
 * connection string): tests/cli/t0081-pg-transactions.sh starts a
 * throwaway cluster and runs it.  Without one it skips.  It ends the
 * store's sessions with its own libpq connection, as an operator's
 * pg_terminate_backend() or a restarted server would.
 */
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/store.h"
#include "db.h"
#include "t.h"

static struct tdm_store	*st;
static PGconn		*admin;
static const char	*dbname;	/* the store's connection string */

/* End every session of the store's (by their application_name). */
static int
terminate(void)
{
	PGresult	*res;
	char		*end;
	int		 n = 0;

	res = PQexec(admin, "SELECT count(pg_terminate_backend(pid)) "
	    "FROM pg_stat_activity WHERE application_name = 'test_pgtx'");
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		n = (int)strtol(PQgetvalue(res, 0, 0), &end, 10);
	PQclear(res);
	/*
	 * pg_terminate_backend() signals; wait until the session is gone,
	 * reading pg_stat_activity afresh each time (a transaction reads
	 * it once unless its snapshot is cleared).
	 */
	res = PQexec(admin, "DO $$ BEGIN FOR i IN 1..500 LOOP "
	    "PERFORM pg_stat_clear_snapshot(); EXIT WHEN NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE "
	    "application_name = 'test_pgtx'); PERFORM pg_sleep(0.01); "
	    "END LOOP; END $$");
	PQclear(res);
	return n;
}

static enum tdm_err
topic_add(const char *code)
{
	struct query	 q = query_start(st, STMT_TOPIC_INSERT);

	bind_text(&q, code);
	bind_text(&q, code);
	bind_text(&q, code);
	bind_null(&q);
	return query_exec(&q);
}

/* 1 if the topic is there, 0 if not, -1 if the read failed. */
static int
topic_has(const char *code)
{
	struct query	 q = query_start(st, STMT_TOPIC_BY_CODE);
	int		 found = 0;

	bind_text(&q, code);
	while (query_row(&q)) {
		col_skip(&q);
		col_skip(&q);
		found = 1;
	}
	return query_end(&q) == TDM_OK ? found : -1;
}

/* A unique rule broken inside a transaction: that statement undone. */
static void
failed_statement_keeps_the_transaction(void)
{
	CHECK_INT(store_begin(st), TDM_OK);
	CHECK_INT(topic_add("pgtx-one"), TDM_OK);
	CHECK_INT(topic_add("pgtx-one"), TDM_EINVAL);
	CHECK_INT(topic_add("pgtx-two"), TDM_OK);
	CHECK_INT(topic_has("pgtx-one"), 1);
	CHECK_INT(store_commit(st), TDM_OK);
	CHECK_INT(topic_has("pgtx-one"), 1);
	CHECK_INT(topic_has("pgtx-two"), 1);
}

/* The server ended the session while nothing was under way. */
static void
lost_between_transactions(void)
{
	CHECK(terminate() >= 1);
	CHECK_INT(topic_has("pgtx-one"), 1);
	CHECK(terminate() >= 1);
	CHECK_INT(topic_add("pgtx-three"), TDM_OK);
	CHECK(terminate() >= 1);
	CHECK_INT(store_begin(st), TDM_OK);
	CHECK_INT(topic_add("pgtx-four"), TDM_OK);
	CHECK_INT(store_commit(st), TDM_OK);
	CHECK_INT(topic_has("pgtx-three"), 1);
	CHECK_INT(topic_has("pgtx-four"), 1);
}

/* The server ended the session inside a transaction: it is lost. */
static void
lost_inside_a_transaction(void)
{
	enum tdm_err	 err;

	CHECK_INT(store_begin(st), TDM_OK);
	CHECK_INT(topic_add("pgtx-five"), TDM_OK);
	CHECK(terminate() >= 1);
	CHECK_INT(topic_add("pgtx-six"), TDM_EIO);
	/* Nothing more runs in it, not even a read. */
	CHECK_INT(topic_has("pgtx-one"), -1);
	err = store_commit(st);
	CHECK(err != TDM_OK);
	store_rollback(st);
	CHECK_INT(topic_has("pgtx-five"), 0);
	CHECK_INT(topic_has("pgtx-six"), 0);
	CHECK_INT(store_begin(st), TDM_OK);
	CHECK_INT(topic_add("pgtx-six"), TDM_OK);
	CHECK_INT(store_commit(st), TDM_OK);
	CHECK_INT(topic_has("pgtx-six"), 1);
}

/*
 * One writer at a time across servers, as SQLite has across
 * processes: another's transaction holding the writers' lock makes
 * store_begin() wait, then answer busy.
 */
static void
one_writer_at_a_time(void)
{
	PGresult	*res;

	res = PQexec(admin, "SELECT pg_advisory_lock(92639462704463)");
	CHECK(PQresultStatus(res) == PGRES_TUPLES_OK);
	PQclear(res);
	CHECK_INT(store_begin(st), TDM_EBUSY);
	store_rollback(st);
	res = PQexec(admin, "SELECT pg_advisory_unlock(92639462704463)");
	PQclear(res);
	CHECK_INT(store_begin(st), TDM_OK);
	CHECK_INT(topic_add("pgtx-seven"), TDM_OK);
	CHECK_INT(store_commit(st), TDM_OK);
}

/*
 * The background work's lock (one courier across servers, held as long
 * as it runs) keeps out another courier, never a writer: it once had
 * the writers' key, and every server's writes waited, then said busy.
 */
static void
background_work_lets_writers_write(void)
{
	struct tdm_store	*other = NULL;
	struct tdm_diags	 d = TDM_DIAGS_INIT;

	CHECK_INT(tdm_store_open(dbname, TDM_OPEN_EXISTING, &other, &d),
	    TDM_OK);
	tdm_diags_free(&d);
	if (other == NULL)
		return;
	CHECK_INT(store_work_lock(other), TDM_OK);
	CHECK_INT(store_begin(st), TDM_OK);
	CHECK_INT(topic_add("pgtx-eight"), TDM_OK);
	CHECK_INT(store_commit(st), TDM_OK);
	CHECK_INT(topic_has("pgtx-eight"), 1);
	store_work_unlock(other);
	tdm_store_close(other);
}

/*
 * A batch (db.h): 600 writes, more than the store sends before reading
 * their answers, all committed; the statements prepared on their first
 * use inside the batch, on a store that prepares them lazily.
 */
static void
batch_writes_all(void)
{
	struct tdm_store	*other = NULL;
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*mine = st;
	char			 code[32];
	int			 i, n = 0;

	CHECK_INT(tdm_store_open(dbname, TDM_OPEN_EXISTING, &other, &d),
	    TDM_OK);
	tdm_diags_free(&d);
	if (other == NULL)
		return;
	st = other;
	CHECK_INT(store_begin(st), TDM_OK);
	CHECK_INT(store_batch_begin(st), TDM_OK);
	for (i = 0; i < 600; i++) {
		snprintf(code, sizeof(code), "pgtx-batch-%d", i);
		n += topic_add(code) == TDM_OK;
	}
	CHECK_INT(n, 600);
	CHECK_INT(store_batch_end(st), TDM_OK);
	CHECK_INT(store_commit(st), TDM_OK);
	for (i = 0, n = 0; i < 600; i++) {
		snprintf(code, sizeof(code), "pgtx-batch-%d", i);
		n += topic_has(code) == 1;
	}
	CHECK_INT(n, 600);
	st = mine;
	tdm_store_close(other);
}

/*
 * A write that fails in a batch fails the transaction, said by a later
 * write or by the batch's end: nothing of it is kept, and the next
 * transaction works.
 */
static void
batch_failure_fails_the_transaction(void)
{
	enum tdm_err	 err = TDM_OK, e;
	char		 code[32];
	int		 i;

	CHECK_INT(store_begin(st), TDM_OK);
	CHECK_INT(store_batch_begin(st), TDM_OK);
	CHECK_INT(topic_add("pgtx-nine"), TDM_OK);
	CHECK_INT(topic_add("pgtx-one"), TDM_OK);	/* there already */
	for (i = 0; i < 300; i++) {
		snprintf(code, sizeof(code), "pgtx-lost-%d", i);
		if ((e = topic_add(code)) != TDM_OK && err == TDM_OK)
			err = e;
	}
	if ((e = store_batch_end(st)) != TDM_OK && err == TDM_OK)
		err = e;
	CHECK_INT(err, TDM_EINVAL);
	CHECK(store_commit(st) != TDM_OK);
	store_rollback(st);
	CHECK_INT(topic_has("pgtx-nine"), 0);
	CHECK_INT(topic_has("pgtx-lost-0"), 0);
	CHECK_INT(topic_has("pgtx-lost-299"), 0);
	CHECK_INT(store_begin(st), TDM_OK);
	CHECK_INT(topic_add("pgtx-nine"), TDM_OK);
	CHECK_INT(store_commit(st), TDM_OK);
	CHECK_INT(topic_has("pgtx-nine"), 1);
}

/*
 * group_concat() runs as PostgreSQL's own string_agg(), rewritten so by
 * the store: no statement calls the SQL aggregate of the schema any
 * more, whose transition function, written in SQL, was parsed and
 * planned again by every statement that ran it (bench/README.md, round
 * 9).  Without the aggregate, the coaches' list still names each
 * coach's programmes, in their order, with its separator.
 */
static void
group_concat_is_string_agg(void)
{
	struct query	 q;
	PGresult	*res;
	int		 rows = 0;

	res = PQexec(admin, "INSERT INTO coach (id, name, email, "
	    "created_at) VALUES (900, 'Zoé Pgtx', 'zoe@pgtx.example', "
	    "'2026-11-27T00:00:00Z'); INSERT INTO programme (name, purpose, "
	    "created_by, created_at, coach_id) VALUES ('Pgtx A', 'a', "
	    "'E1', '2026-11-27T00:00:00Z', 900), ('Pgtx B', 'b', 'E1', "
	    "'2026-11-27T00:00:00Z', 900); "
	    "DROP AGGREGATE group_concat(anyelement, text); "
	    "DROP AGGREGATE group_concat(anyelement)");
	CHECK(PQresultStatus(res) == PGRES_COMMAND_OK);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		printf("# %s", PQerrorMessage(admin));
	PQclear(res);
	q = query_start(st, STMT_COACH_LIST);
	while (query_row(&q)) {
		rows++;
		CHECK_INT((int)col_int(&q), 900);
		col_skip(&q);
		col_skip(&q);
		col_skip(&q);
		CHECK_STR(col_text(&q), "Pgtx A, Pgtx B");
	}
	CHECK_INT(query_end(&q), TDM_OK);
	CHECK_INT(rows, 1);
}

int
main(void)
{
	const char		*db = getenv("TANDEM_PGTX_DB");
	char			 name[1024];
	struct tdm_diags	 d = TDM_DIAGS_INIT;

	if (db == NULL || *db == '\0') {
		printf("1..0 # SKIP no PostgreSQL database "
		    "(tests/cli/t0081-pg-transactions.sh gives one)\n");
		return 0;
	}
	admin = PQconnectdb(db);
	if (PQstatus(admin) != CONNECTION_OK) {
		printf("Bail out! %s", PQerrorMessage(admin));
		return 1;
	}
	snprintf(name, sizeof(name), "%s application_name=test_pgtx", db);
	dbname = name;
	if (tdm_store_open(name, TDM_OPEN_INIT, &st, &d) != TDM_OK) {
		printf("Bail out! the store did not open\n");
		return 1;
	}
	tdm_diags_free(&d);
	RUN(failed_statement_keeps_the_transaction);
	RUN(lost_between_transactions);
	RUN(lost_inside_a_transaction);
	RUN(one_writer_at_a_time);
	RUN(background_work_lets_writers_write);
	RUN(batch_writes_all);
	RUN(batch_failure_fails_the_transaction);
	RUN(group_concat_is_string_agg);
	tdm_store_close(st);
	PQfinish(admin);
	return DONE();
}

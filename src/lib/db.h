/*
 * The store's interface for the library's modules: the one way they run
 * SQL.  A module names a statement of enum stmt (its SQL and the shape of
 * its rows are declared together in store.c's stmts[]), binds its
 * parameters in order, and reads each row's columns in order, so that no
 * module writes a column or parameter number, and none sees the engine.
 *
 *	struct query q = query_start(st, STMT_ROLE_LIST);
 *
 *	bind_int(&q, employee);
 *	while (query_row(&q))
 *		use(col_text(&q));
 *	if ((err = query_end(&q)) != TDM_OK)
 *		return err;		(busy, full, out of memory, ...)
 *
 * A statement that returns no rows is run with query_exec().  A failed
 * step is an error of its own (TDM_EBUSY, TDM_EFULL, TDM_ENOMEM,
 * TDM_ECORRUPT, TDM_EIO, TDM_EDB), never an empty result: "not found" is
 * query_row() answering 0 with query_end() answering TDM_OK.
 *
 * Programmer errors are caught by assert() (on in every build but
 * release): reading a column of another type than stmts[] declares, more
 * columns than it has, or only some of a row's columns; binding more
 * parameters than the SQL has, or running it with some left unbound.
 */
#ifndef TANDEM_DB_H
#define TANDEM_DB_H

#include <stddef.h>
#include <stdint.h>

#include "tandem/diag.h"
#include "tandem/error.h"
#include "stmt.h"

struct tdm_store;

/*
 * A statement in use.  It borrows the store's prepared statement, so a
 * statement cannot be in use twice at once (nor can two queries of the
 * same statement be nested).
 */
struct query {
	struct tdm_store	*st;
	enum stmt		 s;
	int			 bind;	/* parameters bound so far */
	int			 col;	/* the next column to read */
	int			 ncols;	/* columns of a row, from stmts[] */
	enum tdm_err		 err;	/* the first failure, if any */
};

/* Reset the statement, clear its bindings, and start a query on it. */
struct query	 query_start(struct tdm_store *, enum stmt);

/* Bind the next parameter.  A NULL text binds SQL NULL. */
void		 bind_int(struct query *, int64_t);
void		 bind_real(struct query *, double);
void		 bind_text(struct query *, const char *);
void		 bind_textn(struct query *, const char *, size_t);
void		 bind_blob(struct query *, const void *, size_t);
void		 bind_null(struct query *);

/*
 * Step to the next row: 1 if there is one, to read with col_*(); 0 when
 * the rows are over or the step failed, which query_end() tells apart.
 */
int		 query_row(struct query *);

/*
 * Read the next column of the current row.  col_text() gives "" for
 * NULL and col_textz() NULL; both point into the row, valid until the
 * next query_row() or query_end().  col_isnull() looks at the next
 * column without moving past it.
 */
int64_t		 col_int(struct query *);
double		 col_real(struct query *);
const char	*col_text(struct query *);
const char	*col_textz(struct query *);
const void	*col_blob(struct query *, size_t *len);
int		 col_isnull(const struct query *);
void		 col_skip(struct query *);

/*
 * Reset the statement (ending its read) and return how the query went:
 * TDM_OK, or the first failure.
 */
enum tdm_err	 query_end(struct query *);

/*
 * Run a statement that returns no rows, or whose rows are not wanted,
 * and end it.  A write outside a transaction takes the process's writer
 * lock for its duration (store_begin()).
 */
enum tdm_err	 query_exec(struct query *);

/*
 * Step a started query whose rows begin with an id (the other columns
 * skipped) and end it: the ids in *ids (malloc'd, the caller frees; NULL
 * when there are none), their count in *n.  For acts that change what
 * the query reads, so collect first and act after.
 */
enum tdm_err	 query_ids(struct query *, int64_t **ids, size_t *n);

/*
 * The statements started on this store since it opened (query_start()
 * calls): on PostgreSQL each is a round trip, so the tests count a
 * request's with it (tests/unit/test_roundtrips.c).
 */
int64_t		 store_statements(const struct tdm_store *);

/* The rows changed by the last write, and the id the last insert gave. */
int64_t		 store_changes(struct tdm_store *);
int64_t		 store_last_id(struct tdm_store *);

/* BEGIN IMMEDIATE, COMMIT and ROLLBACK, under the writer lock. */
enum tdm_err	 store_begin(struct tdm_store *);
enum tdm_err	 store_commit(struct tdm_store *);
void		 store_rollback(struct tdm_store *);

/*
 * A batch of writes inside a transaction, for the acts that write
 * thousands of rows (a roster's import): between store_batch_begin()
 * and store_batch_end() only query_exec() runs, and a failure may be
 * answered by a later query_exec() or by store_batch_end(), after which
 * the caller rolls back; store_changes() is not kept.  On SQLite each
 * query_exec() runs at once, as outside a batch; on PostgreSQL the
 * statements are sent without waiting for each answer (one round trip
 * for a few hundred instead of one each).  Commit and rollback end an
 * open batch.
 */
enum tdm_err	 store_batch_begin(struct tdm_store *);
enum tdm_err	 store_batch_end(struct tdm_store *);

/* Today's date in the store's clock, as year/month/day (UTC). */
void		 store_today(const struct tdm_store *, int *y, int *m, int *d);

/* The store's time as "yyyy-mm-ddThh:mm:ssZ". */
#define TIMESTAMP_SIZE 24
void		 store_timestamp(const struct tdm_store *,
		    char buf[TIMESTAMP_SIZE]);

/*
 * Upkeep, the engine's own operations by name (privacy.c, audit.c).
 */

/* The rows changed by every write of this connection so far. */
int64_t		 store_total_changes(struct tdm_store *);

/* The engine's words for its last failure, for a diagnostic. */
const char	*store_errmsg(struct tdm_store *);

/* Rebuild the file, leaving no free page nor slack behind. */
enum tdm_err	 store_vacuum(struct tdm_store *);

/*
 * Empty the write-ahead log into the file; *emptied is 0 when another
 * connection's reading kept it from emptying.
 */
enum tdm_err	 store_checkpoint(struct tdm_store *, int *emptied);

/*
 * Whether a commit waits for the disk: on (1, how every store opens) an
 * acknowledged write survives a power cut; off (0) the database stays
 * whole but its last commits may be lost.  Off only while a database is
 * made that would be made again after a crash (tandem demo: one fsync a
 * commit was most of its time at 100,000 employees, bench/README.md).
 * Switching it on again makes what was committed durable now (SQLite:
 * a checkpoint, which syncs the log; PostgreSQL: the next commit flushes
 * its log up to there, and its WAL writer within a second).
 */
enum tdm_err	 store_sync(struct tdm_store *, int on);

/* A statement's SQL, for the tests that explain its plan (test_plans). */
const char	*store_stmt_sql(enum stmt);

/*
 * Copy the live database into a new file at path, a consistent
 * snapshot even while others write, with a diagnostic on failure.  The
 * file may be left behind half-written: the caller removes it.
 */
enum tdm_err	 store_backup(struct tdm_store *, const char *path,
		    struct tdm_diags *);

/*
 * Check the file's structure and its references, calling fn with the
 * area ("integrity", "foreign key") and a sentence for each problem.
 * An error only when the check cannot start.
 */
enum tdm_err	 store_check(struct tdm_store *,
		    void (*fn)(void *, const char *area, const char *problem),
		    void *arg);

/*
 * Lift the audit log's guard against updates, for a rewrite of the log
 * inside the caller's transaction, and put it back, from the schema's
 * own text, before that transaction ends: nobody else ever sees the log
 * unguarded.
 */
enum tdm_err	 store_audit_unguard(struct tdm_store *);
enum tdm_err	 store_audit_guard(struct tdm_store *);

/* Whether the caller holds a write transaction (store_begin). */
int		 store_writing(const struct tdm_store *);

/*
 * tandem migrate --to (issue 18): copy every table of this SQLite
 * database, every row, into the empty PostgreSQL database target, in
 * one transaction of the target's, from one read snapshot of the
 * source.  *tables and *rows count what was copied.
 */
enum tdm_err	 store_copy_to(struct tdm_store *, const char *target,
		    int64_t *tables, int64_t *rows, struct tdm_diags *);

/*
 * Background work (the outbox's delivery, reminders, purges) done by
 * one process at a time however many servers share the database: the
 * lock waits for another holder, and goes with the holder's
 * connection if its process dies.  Outside any transaction.
 */
enum tdm_err	 store_work_lock(struct tdm_store *);
void		 store_work_unlock(struct tdm_store *);

#endif

/*
 * What the library's modules share and front-ends must not see: the store's
 * structure and the table of SQL statements.  Only src/lib includes this.
 */
#ifndef TANDEM_INTERNAL_H
#define TANDEM_INTERNAL_H

#include <sqlite3.h>
#include <stdint.h>
#include <time.h>

#include "tandem/diag.h"
#include "tandem/error.h"

/* Every statement of the library; the SQL is in store.c's stmts[]. */
enum stmt {
	STMT_BEGIN,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_GENERATION_LIST,
	STMT_IMPORT_INSERT,
	STMT_IMPORT_COUNTS,
	STMT_EMPLOYEE_CHAIN,
	STMT_EMPLOYEE_BY_ID,
	STMT_EMPLOYEE_INSERT,
	STMT_EMPLOYEE_UPDATE,
	STMT_EMPLOYEE_MARK_LEFT,
	STMT_EMPLOYEE_LIST,
	STMT_EMPLOYEE_GET,
	STMT__MAX
};

struct tdm_store {
	sqlite3		*db;
	sqlite3_stmt	*stmt[STMT__MAX];
	int		 version;
	time_t		 now;	/* 0: the system clock */
};

/*
 * Reset and clear the bindings of a statement and return it, ready to
 * bind.  Every use of a prepared statement starts here.
 */
sqlite3_stmt	*store_stmt(struct tdm_store *, enum stmt);

/* Run a statement that returns no rows; SQLITE_DONE becomes TDM_OK. */
enum tdm_err	 store_exec(struct tdm_store *, enum stmt);

/* BEGIN IMMEDIATE, COMMIT and ROLLBACK. */
enum tdm_err	 store_begin(struct tdm_store *);
enum tdm_err	 store_commit(struct tdm_store *);
void		 store_rollback(struct tdm_store *);

/* Map an SQLite result code to a status. */
enum tdm_err	 store_err(int rc);

/* Bind a text that may be NULL; length -1 means NUL-terminated. */
int		 store_bind_text(sqlite3_stmt *, int, const char *, int);

/* Today's date in the store's clock, as year/month/day (UTC). */
void		 store_today(const struct tdm_store *, int *y, int *m, int *d);

#endif

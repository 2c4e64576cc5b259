/*
 * The PostgreSQL store (issue 18, docs/postgresql.md): what store.c
 * hands to it when the database's name is a PostgreSQL one.  Private to
 * store.c and store_pg.c.
 */
#ifndef TANDEM_STORE_PG_H
#define TANDEM_STORE_PG_H

#include <stddef.h>
#include <stdint.h>

#include "tandem/diag.h"
#include "tandem/error.h"
#include "tandem/store.h"
#include "stmt.h"

struct pg_store;

/*
 * store.c's table, handed to pg_open(): a statement's SQL and its
 * shape letters.  (A callback, so that store_pg.c calls nothing of
 * store.c's: the modules call each other one way.)
 */
typedef const char *(*pg_sql_fn)(enum stmt, const char **cols);

/* Whether name is a postgresql:// URI or a libpq connection string. */
int		 pg_names(const char *name);

enum tdm_err	 pg_open(const char *name, enum tdm_open_mode, pg_sql_fn,
		    struct pg_store **, int *version, struct tdm_diags *);
void		 pg_close(struct pg_store *);
void		 pg_rest(struct pg_store *);

/* One statement's parameters, in order from 1, and its rows. */
int		 pg_nparams(const struct pg_store *, enum stmt);
void		 pg_reset(struct pg_store *, enum stmt);
enum tdm_err	 pg_bind_int(struct pg_store *, enum stmt, int, int64_t);
enum tdm_err	 pg_bind_real(struct pg_store *, enum stmt, int, double);
enum tdm_err	 pg_bind_data(struct pg_store *, enum stmt, int,
		    const void *, size_t, int binary);
enum tdm_err	 pg_bind_null(struct pg_store *, enum stmt, int);
/* 1 and a row, or 0 with *err TDM_OK when the rows are over. */
int		 pg_step(struct pg_store *, enum stmt, enum tdm_err *err);
enum tdm_err	 pg_exec(struct pg_store *, enum stmt);

int64_t		 pg_col_int(struct pg_store *, enum stmt, int);
double		 pg_col_real(struct pg_store *, enum stmt, int);
const char	*pg_col_text(struct pg_store *, enum stmt, int);
const void	*pg_col_blob(struct pg_store *, enum stmt, int, size_t *);
int		 pg_col_isnull(struct pg_store *, enum stmt, int);

int64_t		 pg_changes(struct pg_store *);
int64_t		 pg_total_changes(struct pg_store *);
int64_t		 pg_last_id(struct pg_store *);
const char	*pg_errmsg(struct pg_store *);

enum tdm_err	 pg_begin(struct pg_store *);
/* Writes sent without waiting for each answer (db.h, store_batch_*). */
enum tdm_err	 pg_batch_begin(struct pg_store *);
enum tdm_err	 pg_batch_end(struct pg_store *);
enum tdm_err	 pg_commit(struct pg_store *);
void		 pg_rollback(struct pg_store *);
int		 pg_in_transaction(struct pg_store *);

enum tdm_err	 pg_vacuum(struct pg_store *);
enum tdm_err	 pg_checkpoint(struct pg_store *, int *emptied);
enum tdm_err	 pg_sync(struct pg_store *, int on);
enum tdm_err	 pg_backup(struct pg_store *, const char *path,
		    struct tdm_diags *);
enum tdm_err	 pg_check(struct pg_store *,
		    void (*fn)(void *, const char *, const char *), void *);
enum tdm_err	 pg_audit_guard(struct pg_store *, int on);

/*
 * tandem migrate --to (issue 18): a SQLite database copied into an
 * empty PostgreSQL one, in one transaction, table by table through
 * COPY.  pg_copy_close() commits, or rolls back when commit is 0.
 */
enum tdm_err	 pg_copy_open(const char *name, struct pg_store **,
		    int64_t *ntables, struct tdm_diags *);
enum tdm_err	 pg_copy_begin(struct pg_store *, const char *table,
		    const char *const *cols, int ncols, int *bytea,
		    struct tdm_diags *);
enum tdm_err	 pg_copy_data(struct pg_store *, const char *, size_t);
enum tdm_err	 pg_copy_end(struct pg_store *, const char *table,
		    int64_t *rows, struct tdm_diags *);
void		 pg_copy_abort(struct pg_store *);
enum tdm_err	 pg_copy_close(struct pg_store *, int commit,
		    struct tdm_diags *);

/* Background work, one process at a time (pgmulti). */
enum tdm_err	 pg_work_lock(struct pg_store *);
void		 pg_work_unlock(struct pg_store *);

#endif

/*
 * The store: one SQLite database file holding everything Tandem knows.
 *
 * Opening a store sets WAL journalling and foreign keys, checks the schema
 * version and prepares every SQL statement of the library up front, so a
 * broken statement fails at start-up rather than in the middle of an
 * operation.  The store is not thread-safe: use one per thread.
 */
#ifndef TANDEM_STORE_H
#define TANDEM_STORE_H

#include <time.h>

#include "tandem/diag.h"
#include "tandem/error.h"

struct tdm_store;

enum tdm_open_mode {
	TDM_OPEN_EXISTING,	/* it must exist, at the current version */
	TDM_OPEN_INIT,		/* create or upgrade it */
};

/*
 * Open the database at path.  With TDM_OPEN_INIT a missing file is
 * created and an older schema is upgraded, all migrations in one
 * transaction.  With TDM_OPEN_EXISTING a missing file is TDM_ENOENT and
 * an older schema TDM_ESTATE (run "tandem init"); a newer one is always
 * TDM_EVERSION.  Details go to diags.  On success *out is the caller's,
 * to be closed with tdm_store_close().
 */
enum tdm_err	 tdm_store_open(const char *path, enum tdm_open_mode,
		    struct tdm_store **out, struct tdm_diags *diags);
/*
 * Reset every statement, which ends any read transaction, and roll back
 * a transaction left open.  A long-lived connection (the server's, one
 * per thread) calls this after each request, so that the next request
 * sees every commit made since, by any connection.
 */
void		 tdm_store_rest(struct tdm_store *);

void		 tdm_store_close(struct tdm_store *);

/*
 * Whether the database is a server's (PostgreSQL) rather than a file: a
 * statement is then a round trip, and waiting for it leaves the
 * processor to others.
 */
int		 tdm_store_remote(const struct tdm_store *);

/* The schema version of the open database, and the one this code writes. */
int		 tdm_store_version(const struct tdm_store *);
int		 tdm_schema_version(void);

/*
 * The store's clock.  Tests fix it so that dates in outputs do not move;
 * 0 returns to the system clock.
 */
void		 tdm_store_set_now(struct tdm_store *, time_t);
time_t		 tdm_store_now(const struct tdm_store *);

#endif

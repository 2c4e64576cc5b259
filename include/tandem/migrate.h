/*
 * Moving a site from SQLite to PostgreSQL (issue 18): tandem migrate
 * --to copies the open SQLite database, every table and every row, into
 * an empty PostgreSQL database in one transaction, then checks that the
 * copy's audit log verifies as the source's does, to the same head.
 */
#ifndef TANDEM_MIGRATE_H
#define TANDEM_MIGRATE_H

#include <stdint.h>

#include "tandem/diag.h"
#include "tandem/error.h"

struct tdm_store;

struct tdm_migrate_result {
	int64_t		 tables;	/* copied, all of the schema's */
	int64_t		 rows;		/* copied, every table's */
	int64_t		 entries;	/* of the audit log, on both */
	char		 head[65];	/* the log's head hash, on both */
};

/*
 * Copy st (a SQLite database) into target (a postgresql:// URI or a
 * libpq connection string naming an empty database).  Nothing is
 * written to the target unless all of it is; the source is only read.
 * TDM_EEXIST when the target is not empty; TDM_EINVAL, with the
 * problems, when the copy's audit log does not verify as the source's.
 */
enum tdm_err	 tdm_migrate_to(struct tdm_store *st, const char *target,
		    struct tdm_migrate_result *, struct tdm_diags *);

#endif

/*
 * tandem migrate --to (issue 18, docs/postgresql.md): a SQLite site
 * moved into PostgreSQL.  The store copies the tables (store_copy_to,
 * the only code that reads one engine and writes the other); this
 * module checks the result the way an auditor would, by verifying the
 * audit log on both sides.  An entry's hash is computed in C over the
 * entry's text fields and its id printed in decimal (audit.c), never by
 * the engine, so the copy's log verifies to the same head as the
 * source's exactly when every entry came across byte for byte.
 */
#include <inttypes.h>
#include <string.h>

#include "tandem/audit.h"
#include "tandem/migrate.h"
#include "tandem/store.h"
#include "internal.h"

enum tdm_err
tdm_migrate_to(struct tdm_store *st, const char *target,
    struct tdm_migrate_result *r, struct tdm_diags *d)
{
	struct tdm_store	*dst = NULL;
	int64_t			 n;
	char			 head[65];
	enum tdm_err		 err;

	memset(r, 0, sizeof(*r));
	/* A source whose log does not verify is not moved. */
	if ((err = tdm_audit_verify(st, &r->entries, r->head, d)) !=
	    TDM_OK) {
		if (err == TDM_EINVAL)
			tdm_diag_add(d, "migrate", 0, 0, "the audit log of "
			    "the database to copy does not verify: run "
			    "\"tandem check\"");
		return err;
	}
	if ((err = store_copy_to(st, target, &r->tables, &r->rows, d)) !=
	    TDM_OK)
		return err;
	if ((err = tdm_store_open(target, TDM_OPEN_EXISTING, &dst, d)) !=
	    TDM_OK)
		return err;
	err = tdm_audit_verify(dst, &n, head, d);
	tdm_store_close(dst);
	if (err != TDM_OK && err != TDM_EINVAL)
		return err;
	if (err == TDM_EINVAL || n != r->entries ||
	    strcmp(head, r->head) != 0) {
		tdm_diag_add(d, target, 0, 0, "the copy's audit log does not "
		    "verify as the source's: %" PRId64 " entries, head %s, "
		    "against %" PRId64 ", head %s", n, head, r->entries,
		    r->head);
		return TDM_EINVAL;
	}
	return TDM_OK;
}

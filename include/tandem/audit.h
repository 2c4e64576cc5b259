/*
 * The audit log: an append-only list of the sensitive acts, each entry
 * chained to the one before by a BLAKE2b hash, so that changing, removing
 * or inserting an entry behind Tandem's back is detected by
 * tdm_audit_verify().  The library writes entries itself, inside the
 * transaction of the act they record; front-ends only read them.
 */
#ifndef TANDEM_AUDIT_H
#define TANDEM_AUDIT_H

#include <stdint.h>
#include <time.h>

#include "tandem/diag.h"
#include "tandem/error.h"

struct tdm_store;
struct tdm_actor;

struct tdm_audit_entry {
	int64_t		 id;
	const char	*at;	/* ISO 8601 UTC */
	const char	*actor;	/* matricule or "system" */
	const char	*action;	/* "programme.approve", ... */
	const char	*object;	/* "programme:Cap numérique", ... */
	const char	*detail;
	const char	*prev;	/* hash of the previous entry, hex */
	const char	*hash;	/* hash of this entry, hex */
};

/*
 * Call fn for each entry the actor reads, oldest first, until fn returns
 * non-zero.  The admin role reads the whole log (the system operator
 * among them); anyone else the entries whose actor, object or detail
 * names them, as their export does.
 */
enum tdm_err	 tdm_audit_each(struct tdm_store *,
		    const struct tdm_actor *,
		    int (*fn)(void *, const struct tdm_audit_entry *),
		    void *arg);

/*
 * Check the whole chain: ids without gaps, each entry's prev equal to
 * the hash of the one before, each hash equal to the hash of the entry's
 * content, and the last entry equal to the recorded head of the log.
 * Returns TDM_OK, the number of entries in *count and the head's hash in
 * head (64 hex digits, for keeping outside the database), or TDM_EINVAL
 * with a diagnostic naming the first bad entry.
 */
enum tdm_err	 tdm_audit_verify(struct tdm_store *, int64_t *count,
		    char head[65], struct tdm_diags *);

/*
 * Re-key a log written before subject keys (issue 17), once: every
 * entry's people become keys, pseudonyms and free text go, the chain is
 * recomputed, and the upgrade is logged as "audit.upgrade".  Does
 * nothing when there is nothing to do (the usual case); "tandem init"
 * calls it after the schema's migrations.
 */
enum tdm_err	 tdm_audit_upgrade(struct tdm_store *, struct tdm_diags *);

/*
 * Helper "lists" (issue 15): one page of the whole log for the admin
 * (OP_AUDIT_READ, refused to anyone else), newest first, as stored:
 * Tandem's words and subject keys, no free text.  act keeps one act
 * ("programme.approve") or, without a dot, a family ("programme");
 * from and to (0: none) keep the entries in [from, to).  page is a
 * struct tdm_page (tandem/lists.h).
 */
struct tdm_page;
enum tdm_err	 tdm_audit_page(struct tdm_store *, const struct tdm_actor *,
		    struct tdm_page *, const char *act, time_t from,
		    time_t to, int (*fn)(void *, const struct tdm_audit_entry *),
		    void *arg, struct tdm_diags *);

#endif

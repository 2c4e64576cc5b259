/*
 * Deleting a draft (issue 15): a programme never submitted, or returned
 * to draft, that nobody has volunteered for, goes with its own topics,
 * its design history and its scoped roles.  The audit log keeps that it
 * existed and who deleted it; the mail already queued about it stays,
 * no longer tied to it.  From submission on, a programme is kept.
 */
#include <stdio.h>
#include <string.h>

#include "tandem/programme.h"
#include "internal.h"
#include "lifecycle.h"

enum tdm_err
tdm_programme_delete(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, struct tdm_diags *d)
{
	static const enum stmt	 steps[] = {
		STMT_DRAFT_DELETE_TOPIC_LINKS,
		STMT_DRAFT_DELETE_OWN_TOPICS,
		STMT_DRAFT_DELETE_CHARTERS,
		STMT_DRAFT_DELETE_EVENTS,
		STMT_DRAFT_DELETE_SCOPES,
		STMT_DRAFT_UNTIE_READS,
		STMT_DRAFT_UNTIE_OUTBOX,
		STMT_DRAFT_DELETE,
	};
	struct programme_ref	 p;
	struct query		 q;
	enum tdm_err		 err;
	size_t			 i;

	if ((err = authorize(actor, OP_PROGRAMME_EDIT, d)) != TDM_OK)
		return err;
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = programme_find(st, ref, &p, d)) != TDM_OK ||
	    (err = authorize_in(actor, OP_PROGRAMME_EDIT, p.id, d)) != TDM_OK)
		goto fail;
	if (p.stateno != ST_DRAFT) {
		tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" is no longer a "
		    "draft: only a draft can be deleted", p.name);
		err = TDM_ESTATE;
		goto fail;
	}
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		q = query_start(st, steps[i]);
		bind_int(&q, p.id);
		if ((err = query_exec(&q)) != TDM_OK)
			goto fail;
	}
	/* The last step deleted the draft, or its state changed. */
	if (store_changes(st) != 1) {
		tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" is no longer a "
		    "draft: only a draft can be deleted", p.name);
		err = TDM_ESTATE;
		goto fail;
	}
	if ((err = audit_append(st, actor, "programme.delete", "programme",
	    p.name, "%s", "draft")) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	return err;
}

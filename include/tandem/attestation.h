/*
 * Recognition for the young mentors (issue 16, point 4): a printable
 * attestation anyone can verify by its code, and kudos from mentees.
 *
 * An attestation is a text in French, fixed when it is issued: the
 * mentor, the programme, the sponsor who approved it, the sessions and
 * hours held, the topics taught with their CRCN competences and the
 * kudos received.  It names no mentee unless both people of the pair
 * agreed (tdm_attestation_naming).  Its digest (BLAKE2b-256) goes
 * into an audit entry, whose hash the chain covers: changing the text,
 * the digest or the entry is found by tdm_attestation_verify().
 */
#ifndef TANDEM_ATTESTATION_H
#define TANDEM_ATTESTATION_H

#include "tandem/diag.h"
#include "tandem/error.h"
#include "tandem/role.h"
#include "tandem/store.h"
#include "tandem/strbuf.h"

#define TDM_ATTESTATION_CODE	16	/* "ABCD-EFGH-JKMN" and its NUL */
#define TDM_KUDOS_MAX		280	/* characters of a kudos message */

/*
 * Issue an attestation to the mentor matricule of programme ref: the
 * mentor themself, or a programme manager for them.  The code goes into
 * code, the text into content.
 */
enum tdm_err	 tdm_attestation_issue(struct tdm_store *,
		    const struct tdm_actor *, const char *ref,
		    const char *matricule, char code[TDM_ATTESTATION_CODE],
		    struct tdm_buf *content, struct tdm_diags *);

/*
 * The attestations issued to the actor as a mentor of programme ref,
 * oldest first: fn gets each code and its date (dd/mm/yyyy).
 */
enum tdm_err	 tdm_attestation_list(struct tdm_store *,
		    const struct tdm_actor *, const char *ref,
		    int (*fn)(void *, const char *code, const char *date),
		    void *arg, struct tdm_diags *);

/* Whether an attestation is genuine. */
enum tdm_attestation_state {
	TDM_ATTESTATION_GENUINE,
	TDM_ATTESTATION_UNKNOWN,	/* no attestation has this code */
	TDM_ATTESTATION_TAMPERED,	/* its text or its anchor changed */
	TDM_ATTESTATION_WITHDRAWN,	/* someone it named withdrew their
					   agreement: its text is not shown */
};

/*
 * Verify the attestation code, anyone may (no actor): with text NULL the
 * text Tandem keeps, else text as the reader holds it (a file), against
 * the digest anchored in the audit chain, and the chain itself.  The
 * text kept goes into stored (when not NULL) whatever the answer.
 */
enum tdm_err	 tdm_attestation_verify(struct tdm_store *,
		    const char *code, const char *text,
		    enum tdm_attestation_state *, struct tdm_buf *stored,
		    struct tdm_diags *);

/*
 * A mentee's kudos to their mentor in programme ref (to: the mentor's
 * matricule, or NULL when the mentee has one mentor): one short message,
 * private to the mentor, rewritten by a second one.
 */
enum tdm_err	 tdm_kudos_send(struct tdm_store *, const struct tdm_actor *,
		    const char *ref, const char *to, const char *message,
		    struct tdm_diags *);

/*
 * The kudos a mentor received in programme ref, newest first, for the
 * mentor only: fn gets each message and its date (dd/mm/yyyy); the
 * count goes into *count.  Never ranked: there is no list across
 * mentors.
 */
enum tdm_err	 tdm_kudos_list(struct tdm_store *, const struct tdm_actor *,
		    const char *ref, int (*fn)(void *, const char *message,
		    const char *date), void *arg, int *count,
		    struct tdm_diags *);

/*
 * Naming the mentee (issue 16, point 4).  An attestation names a mentee
 * only when both people of the pair agree; by default nobody is named.
 * Each gives or withdraws their own agreement, signed in as themself;
 * a withdrawal retires the attestations issued with the name, whose
 * verification then says so without showing their text.  Audited.
 */
struct tdm_naming {
	const char	*partner;	/* the other person's matricule */
	const char	*first_name, *last_name;
	int		 mentor;	/* the actor is the mentor */
	int		 mine;		/* the actor agrees */
	int		 theirs;	/* the partner agrees */
};

/*
 * Agree (agree 1) or withdraw (0) as the actor, for the accepted pair
 * with partner in programme ref (partner NULL: the actor's only one).
 */
enum tdm_err	 tdm_attestation_naming(struct tdm_store *,
		    const struct tdm_actor *, const char *ref,
		    const char *partner, int agree, struct tdm_diags *);

/* The actor's accepted pairs in programme ref and who agrees. */
enum tdm_err	 tdm_attestation_naming_each(struct tdm_store *,
		    const struct tdm_actor *, const char *ref,
		    int (*fn)(void *, const struct tdm_naming *), void *arg,
		    struct tdm_diags *);

#endif

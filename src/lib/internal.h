/*
 * What the library's modules share and front-ends must not see: the
 * store's interface (db.h), the data layer (data.h), the permission
 * tables (perm.h), and a few functions several modules call.  Only
 * src/lib includes this.  The store's structure is store.c's alone.
 */
#ifndef TANDEM_INTERNAL_H
#define TANDEM_INTERNAL_H

#include <stdint.h>
#include <time.h>

#include "tandem/diag.h"
#include "tandem/error.h"
#include "data.h"
#include "db.h"
#include "perm.h"

struct tdm_actor;
struct tdm_audit_entry;

/*
 * Open a view of a programme (NULL for one of no programme) for an
 * actor: the programme found into *p, and how much of it they read in
 * *scope.  TDM_EPERM with the refusal when that is nothing; SCOPE_OWN
 * asks the listing to keep the actor's own rows.  (role.c)
 */
enum tdm_err	 view_open(struct tdm_store *, const struct tdm_actor *,
		    const char *programme, enum tdm_view,
		    struct programme_ref *, enum scope *,
		    struct tdm_diags *);

/*
 * Move an open programme, found in the caller's transaction, to
 * matched: recorded and audited like any transition.
 */
enum tdm_err	 programme_mark_matched(struct tdm_store *,
		    const struct tdm_actor *, const struct programme_ref *,
		    struct tdm_diags *);

/*
 * The pairs of a programme at risk, as tdm_watch() gives them but with
 * no view rule: for the report, whose readers read their number and no
 * name.  (session.c)
 */
struct tdm_risk;
enum tdm_err	 session_risks(struct tdm_store *,
		    const struct programme_ref *,
		    int (*)(void *, const struct tdm_risk *), void *);

/*
 * The best mentors the matcher lists per mentee before pricing the
 * others, 1 to 48 (match.c); lowered by tests to exercise pricing.
 */
extern int	 match_candidates;
/*
 * The fewest mentees a thread of the matcher's first pass takes
 * (match_problem.c, 512); lowered by tests to split small programmes.
 */
extern int	 match_part_rows;

/*
 * Append an entry to the audit log, inside the caller's transaction:
 * actor did action to the object kind:name; detail is printf-formatted.
 */
enum tdm_err	 audit_append(struct tdm_store *, const struct tdm_actor *,
		    const char *action, const char *kind, const char *name,
		    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/*
 * Call fn for each audit entry, oldest first, whose actor, object or
 * detail names word as a whole word (every entry if word is NULL),
 * until fn returns non-zero.
 */
enum tdm_err	 audit_naming(struct tdm_store *, const char *word,
		    int (*fn)(void *, const struct tdm_audit_entry *),
		    void *arg);

/* The head of the audit log: its last entry's id and hash (65 bytes). */
enum tdm_err	 audit_head(struct tdm_store *, int64_t *id, char *hash);

/*
 * Rewrite the audit log in the caller's transaction: in every entry's
 * actor, object and detail, each whole-word occurrence of from[i]
 * becomes to[i].  The entries from the first one changed on are
 * re-chained (new prev and hash) and the head is moved, so that
 * tdm_audit_verify() still passes.  *first is the first entry
 * rewritten, 0 if none named anything; old_head (65 bytes) receives the
 * head before the rewrite.  Only erasure (privacy.c) calls this.
 */
enum tdm_err	 audit_rewrite(struct tdm_store *, const char *const *from,
		    const char *const *to, size_t n, int64_t *first,
		    char *old_head);

/*
 * Whether text names word as a whole word: not inside a longer run of
 * letters, digits, '-', '_', '.' or '@' (UTF-8 bytes count as letters).
 */
int		 names_word(const char *text, const char *word);

#endif

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
 * One row of who someone is: a role of theirs (scoped 0) or a role
 * scoped to programme prog (scoped 1), by name; a name that is no role
 * adds nothing.  The rows of STMT_ACTOR and STMT_WEBSESSION_GET.
 * (role.c)
 */
void		 actor_role(struct tdm_actor *, int scoped, const char *role,
		    int64_t prog);

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
/* How many pairs session_risks() would give, counted by the store. */
enum tdm_err	 session_risk_count(struct tdm_store *,
		    const struct programme_ref *, int *);
/*
 * A pair's figures as the risk statements give them (WATCH_RISKY in
 * store.c), the bounds those statements compare with (?2 now, ?3 now
 * less the programme's risk days, into *risk_days), and the reason a pair
 * is at risk worded from its figures: a catalogue format into reason,
 * "" when it is not.  (session.c)
 */
struct risk_facts {
	const char	*state;
	int		 gone_mentor, gone_mentee;
	int		 bymentor, bymentee, planned;
	const char	*last, *first;	/* UTC, "" when none */
};
enum tdm_err	 session_risk_bounds(struct tdm_store *,
		    const struct programme_ref *, int *risk_days,
		    char now[TIMESTAMP_SIZE], char since[TIMESTAMP_SIZE]);
void		 session_risk_reason(const struct risk_facts *,
		    int risk_days, time_t now, char *reason, size_t);

/*
 * The best mentors the matcher lists per mentee before pricing the
 * others, and how many it keeps at hand in all for the pricing passes
 * (match_problem.c; 0: its defaults); lowered by tests to exercise
 * pricing.
 */
extern int	 match_candidates;
extern int	 match_reserve;
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
 * detail holds the subject key key (every entry if key is NULL), until
 * fn returns non-zero.  fn sees the keys resolved: matricules or a
 * coach's e-mail while the person exists, "[erased]" after.
 */
enum tdm_err	 audit_naming(struct tdm_store *, const char *key,
		    int (*fn)(void *, const struct tdm_audit_entry *),
		    void *arg);

/* The head of the audit log: its last entry's id and hash (65 bytes). */
enum tdm_err	 audit_head(struct tdm_store *, int64_t *id, char *hash);

/*
 * Subject keys (audit.c, issue 17): the random word that names a person
 * in the audit log.  audit_subject() gives the key of an employee (coach
 * 0) or of a coach (employee 0), drawn the first time; audit_forget()
 * deletes it, in the transaction of an erasure: the entries that held
 * it then name nobody, and none of them changes.
 */
#define AUDIT_KEY_SIZE	23
enum tdm_err	 audit_subject(struct tdm_store *, int64_t employee,
		    int64_t coach, char key[AUDIT_KEY_SIZE]);
enum tdm_err	 audit_forget(struct tdm_store *, int64_t employee,
		    int64_t coach);
/* The actor's key ("system" for the system operator), drawn if new. */
enum tdm_err	 audit_actor_key(struct tdm_store *,
		    const struct tdm_actor *, char key[AUDIT_KEY_SIZE]);
struct tdm_buf;
/* s with every subject key as the person's matricule or e-mail, or
 * erased for a key that names nobody any more, into b. */
enum tdm_err	 audit_resolve(struct tdm_store *, const char *s,
		    const char *erased, struct tdm_buf *b);

/*
 * Record that actor read what ("enrolment", "pairs", "sessions",
 * "export") of the employee, in programme (or ""), unless the actor is
 * that employee.  In the caller's transaction, if any.  (privacy.c)
 */
enum tdm_err	 read_event(struct tdm_store *, const struct tdm_actor *,
		    int64_t employee, const char *what,
		    const char *programme);
/*
 * Record that actor listed everyone's "enrolments", "pairs" or
 * "sessions" of a programme: once a day per reader and listing, shown in
 * the export of everyone enrolled.  (privacy.c; view_open() calls it)
 */
enum tdm_err	 read_listing(struct tdm_store *, const struct tdm_actor *,
		    int64_t programme, const char *what);
/*
 * Record that actor read what of each of the n employees named in a
 * listing of programme (the tandems at risk): once a day per reader,
 * person and listing, naming the person, so that it is in their export
 * and goes with them.  Not the actor's own rows.  (privacy.c)
 */
enum tdm_err	 read_people(struct tdm_store *, const struct tdm_actor *,
		    int64_t programme, const char *what,
		    const int64_t *employees, size_t n);

/*
 * Whether text names word as a whole word: not inside a longer run of
 * letters, digits, '-', '_', '.' or '@' (UTF-8 bytes count as letters).
 */
int		 names_word(const char *text, const char *word);

/*
 * Pages cut by the store (lists.c).
 * list_cursor() reads pg->after as a row id (0 for the first page),
 * adding a diagnostic on "cursor" and returning -1 if it is not one;
 * list_like() makes a LIKE pattern ('!' escapes) of a part of a name;
 * list_row() takes the row id of each row read (the statement reads one
 * more than the page) and says whether it belongs to the page;
 * list_end() clears the next cursor unless a row was left out.
 */
struct tdm_page;
int		 list_cursor(struct tdm_page *, int64_t *after,
		    struct tdm_diags *);
void		 list_like(const char *in, char *out, size_t cap);
int		 list_row(struct tdm_page *, size_t *n, int64_t id);
void		 list_end(struct tdm_page *, int more);

#endif

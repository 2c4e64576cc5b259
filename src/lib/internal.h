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
	STMT_EMPLOYEE_ID,
	STMT_ROLE_OF,
	STMT_ROLE_INSERT,
	STMT_ROLE_DELETE,
	STMT_ROLE_LIST,
	STMT_AUDIT_LAST,
	STMT_AUDIT_INSERT,
	STMT_AUDIT_LIST,
	STMT_AUDIT_HEAD_SET,
	STMT_AUDIT_HEAD,
	STMT_PROGRAMME_FIND,
	STMT_PROGRAMME_INSERT,
	STMT_PROGRAMME_UPDATE,
	STMT_PROGRAMME_STATE,
	STMT_PROGRAMME_PUBLISH,
	STMT_PROGRAMME_EVENT,
	STMT_PROGRAMME_EVENTS,
	STMT_PROGRAMME_LAST_SUBMITTER,
	STMT_PROGRAMME_LIST,
	STMT_PROGRAMME_TOPIC_CLEAR,
	STMT_PROGRAMME_TOPIC_ADD,
	STMT_PROGRAMME_HAS_TOPIC,
	STMT_PROGRAMME_TOPIC_LABELS,
	STMT_TOPIC_BY_CODE,
	STMT_TOPIC_INSERT,
	STMT_TOPIC_LIST,
	STMT_COACH_INSERT,
	STMT_COACH_BY_EMAIL,
	STMT_COACH_LIST,
	STMT_CHARTER_INSERT,
	STMT_CHARTER_GET,
	STMT_ENROLMENT_FIND,
	STMT_ENROLMENT_INSERT,
	STMT_ENROLMENT_TOPIC_INSERT,
	STMT_ENROLMENT_WITHDRAW,
	STMT_ENROLMENT_LIST,
	STMT_MATCH_PROGRAMME,
	STMT_PROGRAMME_MATCHING,
	STMT_PROGRAMME_FOLLOWUP,
	STMT_PROGRAMME_RETENTION,
	STMT_MATCH_TOPIC_CODES,
	STMT_MATCH_PEOPLE,
	STMT_MATCH_TOPICS,
	STMT_MATCH_CHAIN,
	STMT_MATCH_REJECTIONS,
	STMT_MATCH_FIXED,
	STMT_PAIR_DELETE_PROPOSED,
	STMT_PAIR_INSERT,
	STMT_PAIR_LIST,
	STMT_PAIR_FIND,
	STMT_PAIR_SET_LOCK,
	STMT_PAIR_DELETE,
	STMT_PAIR_REJECT,
	STMT_PAIR_PUBLISH,
	STMT_PAIR_ANSWER,
	STMT_SESSION_CADENCE,
	STMT_SESSION_UNITS,
	STMT_SESSION_UNIT,
	STMT_SESSION_INSERT,
	STMT_SESSION_GET,
	STMT_SESSION_GROUP_MEMBER,
	STMT_SESSION_MOVE,
	STMT_SESSION_CANCEL,
	STMT_SESSION_HELD,
	STMT_ATTENDANCE_SET,
	STMT_SESSION_MEMBERS,
	STMT_SESSION_LIST,
	STMT_FEEDBACK_INSERT,
	STMT_ATTENDED,
	STMT_CLOSING_INSERT,
	STMT_CLOSING_LEVEL_INSERT,
	STMT_SESSION_CANCEL_FUTURE,
	STMT_WATCH_UNITS,
	STMT_WATCH_STATS,
	STMT_SESSION_ACCEPTED,
	STMT_MATCH_UNMATCHED_SET,
	STMT_SESSION_CANCEL_ALL,
	STMT_REPORT_GENERATIONS,
	STMT_REPORT_DEPARTMENTS,
	STMT_REPORT_MATCHING,
	STMT_REPORT_SESSIONS,
	STMT_REPORT_LEVELS,
	STMT_REPORT_RATINGS,
	STMT_REPORT_RECOMMEND,
	STMT_PRIV_PERSON,
	STMT_PRIV_ROLES,
	STMT_PRIV_ENROLMENTS,
	STMT_PRIV_TOPICS,
	STMT_PRIV_PAIRS,
	STMT_PRIV_SESSIONS,
	STMT_PRIV_FEEDBACK,
	STMT_PRIV_CLOSING,
	STMT_PRIV_CLOSING_LEVELS,
	STMT_PRIV_ERASE_WHO,
	STMT_PRIV_ERASE_OPTIN_REFS,
	STMT_PRIV_ERASE_LIVE,
	STMT_PRIV_ERASE_WITHDRAW,
	STMT_PRIV_ERASE_FEEDBACK,
	STMT_PRIV_ERASE_REASONS,
	STMT_PRIV_ERASE_CLOSING,
	STMT_PRIV_ERASE_NOTES,
	STMT_PRIV_ERASE_ENROLMENTS,
	STMT_PRIV_ERASE_ROLES,
	STMT_PRIV_ERASE_EMPLOYEE,
	STMT_PRIV_ACTOR_ROLE,
	STMT_PRIV_ACTOR_PROGRAMME,
	STMT_PRIV_ACTOR_EVENT,
	STMT_PRIV_ACTOR_CHARTER,
	STMT_PRIV_ACTOR_ENROLMENT,
	STMT_PRIV_ACTOR_REJECTION,
	STMT_PRIV_PURGE_PEOPLE,
	STMT_PRIV_PURGE_FEEDBACK,
	STMT_PRIV_PURGE_CLOSING,
	STMT_PRIV_PURGE_REASONS,
	STMT_PRIV_PURGE_NOTES,
	STMT_PRIV_ERASE_ACCOUNT,
	STMT_ACCOUNT_BY_EMPLOYEE,
	STMT_ACCOUNT_BY_COACH,
	STMT_ACCOUNT_INSERT,
	STMT_ACCOUNT_BY_EMAIL,
	STMT_ACCOUNT_PASSWORD,
	STMT_ACCOUNT_FAILED,
	STMT_ACCOUNT_LANG,
	STMT_INVITATION_CLEAR,
	STMT_INVITATION_INSERT,
	STMT_INVITATION_FIND,
	STMT_WEBSESSION_INSERT,
	STMT_WEBSESSION_GET,
	STMT_WEBSESSION_TOUCH,
	STMT_WEBSESSION_DELETE,
	STMT_WEBSESSION_EXPIRE,
	STMT_COACH_OF_PROGRAMME,
	STMT__MAX
};

/* Operations that need a role; role.c's perms[] says which. */
enum op {
	OP_ROLE_GRANT,
	OP_ROLE_REVOKE,
	OP_PROGRAMME_CREATE,
	OP_PROGRAMME_EDIT,
	OP_PROGRAMME_SUBMIT,
	OP_PROGRAMME_APPROVE,
	OP_PROGRAMME_RETURN,
	OP_PROGRAMME_OPEN,
	OP_PROGRAMME_MATCH,
	OP_PROGRAMME_START,
	OP_PROGRAMME_CLOSE,
	OP_TOPIC_ADD,
	OP_COACH_ADD,
	OP_ENROL_RECORD,
	OP_WITHDRAW_OTHER,
	OP_PAIR_REVIEW,
	OP_PAIR_ANSWER_OTHER,
	OP_SESSION_MANAGE,
	OP_REPORT_READ,
	OP_PERSON_EXPORT,
	OP_PERSON_ERASE,
	OP_PURGE,
	OP_ACCOUNT_INVITE,
	OP_ROSTER_IMPORT,
	OP_ROSTER_READ,
	OP__MAX
};

struct tdm_actor;

struct tdm_store {
	sqlite3		*db;
	sqlite3_stmt	*stmt[STMT__MAX];
	int		 version;
	time_t		 now;	/* 0: the system clock */
	int		 writing;	/* holds store.c's writer mutex */
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

/* The store's time as "yyyy-mm-ddThh:mm:ssZ". */
#define TIMESTAMP_SIZE 24
void		 store_timestamp(const struct tdm_store *,
		    char buf[TIMESTAMP_SIZE]);

/* A text column, "" for NULL. */
const char	*column_text(sqlite3_stmt *, int);

/*
 * TDM_OK if the actor's roles allow op; otherwise TDM_EPERM and a
 * diagnostic naming the act, the role needed and the actor.
 */
enum tdm_err	 authorize(const struct tdm_actor *, enum op,
		    struct tdm_diags *);

/*
 * TDM_OK if the actor is the employee themself (an act of their own),
 * else as authorize() for op (an act on someone's behalf).
 */
enum tdm_err	 authorize_self(const struct tdm_actor *, int64_t employee,
		    enum op, struct tdm_diags *);

/*
 * The store id of the employee with this matricule, or 0 with a
 * diagnostic if there is none (or, with active set, none still active).
 */
int64_t		 employee_id(struct tdm_store *, const char *matricule,
		    int active, struct tdm_diags *);

/* A programme as operations find it. */
struct programme_ref {
	int64_t	 id;
	char	 name[512];
	char	 state[16];	/* "draft", ... */
	int	 stateno;	/* the state's index in programme.c */
	int	 charter_version;
};

/*
 * Find a programme by name, or by id when ref is all digits; TDM_ENOENT
 * with a diagnostic if there is none.
 */
enum tdm_err	 programme_find(struct tdm_store *, const char *ref,
		    struct programme_ref *, struct tdm_diags *);

/*
 * The enrolment id of a person enrolled in a programme (as role, unless
 * NULL), or 0 with a diagnostic naming them and the programme.
 */
int64_t		 enrolment_of(struct tdm_store *, const struct programme_ref *,
		    const char *matricule, const char *role,
		    struct tdm_diags *);

/*
 * Move an open programme, found in the caller's transaction, to
 * matched: recorded and audited like any transition.
 */
enum tdm_err	 programme_mark_matched(struct tdm_store *,
		    const struct tdm_actor *, const struct programme_ref *,
		    struct tdm_diags *);

/*
 * Cancel the planned future sessions of an enrolment (a pair's mentor or
 * mentee, or a group's mentor), in the caller's transaction, recording
 * side as the cancelling one.
 */
enum tdm_err	 session_cancel_future(struct tdm_store *, int64_t programme,
		    int64_t enrolment, const char *side);

/* Cancel every planned session of a programme that closes. */
enum tdm_err	 session_cancel_programme(struct tdm_store *,
		    int64_t programme);

/*
 * The best mentors the matcher lists per mentee before pricing the
 * others, 1 to 48 (match.c); lowered by tests to exercise pricing.
 */
extern int	 match_candidates;

/*
 * Append an entry to the audit log, inside the caller's transaction:
 * actor did action to the object kind:name; detail is printf-formatted.
 */
enum tdm_err	 audit_append(struct tdm_store *, const struct tdm_actor *,
		    const char *action, const char *kind, const char *name,
		    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

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

/*
 * The transactional outbox (outbox.c) and the messages built from it
 * (mail_msg.c): private to the library.
 *
 * An act that must tell someone calls one hook at its end, inside its
 * own transaction, just before its commit: the messages are rows of the
 * outbox, committed or rolled back with the act.  Every hook is
 * idempotent (each message has a dedup key naming what it is about and
 * for whom), so a hook may look at more than its act changed: the
 * session hook queues what every session changed in the last minutes
 * still lacks, and a second call queues nothing.  It reads only the
 * sessions whose current version's message to their mentor is not
 * queued yet, so that an act pays for its own sessions only.
 */
#ifndef TANDEM_OUTBOX_H
#define TANDEM_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include "tandem/error.h"
#include "tandem/strbuf.h"

struct tdm_store;

/* What a message says.  Each has a template per language (mail_msg.c). */
enum mail_kind {
	MAIL_APPROVAL,		/* sponsor: a programme awaits approval */
	MAIL_APPROVED,		/* manager: the programme is approved */
	MAIL_RETURNED,		/* manager: returned, with the note */
	MAIL_ANNOUNCE,		/* audience: the programme opens */
	MAIL_ENROLLED,		/* volunteer: enrolment recorded */
	MAIL_PROPOSAL,		/* volunteer: a partner to accept */
	MAIL_ANSWER,		/* volunteer: the partner's answer */
	MAIL_SESSION,		/* members: planned or moved (REQUEST) */
	MAIL_CANCEL,		/* members: cancelled (CANCEL) */
	MAIL_REMINDER,		/* members: the day before (optional) */
	MAIL_FEEDBACK,		/* members: after a held session */
	MAIL_SURVEY,		/* members: the closing survey */
	MAIL_AT_RISK,		/* coach: tandems at risk */
	MAIL_FAILURE,		/* manager: a message could not be sent */
	MAIL_ENDED,		/* the partner: the tandem ended, nothing more */
	MAIL_WAITING,		/* volunteer: waiting without a partner */
	MAIL_DIGEST,		/* manager: weekly digest (optional) */
	MAIL_DEADLINE,		/* volunteer: a proposal's deadline nears */
	MAIL_RELEASED,		/* volunteer: the deadline passed, released */
	MAIL_INVITE,		/* invitee: the one-time sign-in link */
	MAIL_FOLLOWUP,		/* members: the 90-day follow-up survey */
	MAIL__MAX
};

/* The kind's name as stored ("approval", ...), and back (-1: none). */
const char	*mail_kind_name(enum mail_kind);
int		 mail_kind_parse(const char *);

/*
 * Queue one message of kind for an employee (coach 0) or a coach
 * (employee 0), about programme (0: none), in the caller's transaction.
 * dedup names what the message is about, without the recipient (which
 * is added); vars are "key=value" lines for the template; ical, if not
 * NULL, is the calendar part.  A recipient who left, or has no address,
 * is skipped; a second call with the same dedup and recipient does
 * nothing.
 */
enum tdm_err	 outbox_queue(struct tdm_store *, enum mail_kind,
		    int64_t employee, int64_t coach, int64_t programme,
		    const char *dedup, const char *vars, const char *ical);

/*
 * The hooks, one line at the end of each act, before its commit.
 */

/* A programme moved to state to (lifecycle.h): submitted, approved,
 * returned to draft (with note), opened, closed. */
enum tdm_err	 outbox_programme(struct tdm_store *, int64_t programme,
		    int to, const char *note);

/* An enrolment was recorded. */
enum tdm_err	 outbox_enrolled(struct tdm_store *, int64_t enrolment);

/*
 * Pairs of a programme were published (pair 0: all of them are read) or
 * one pair was answered (pair: its id, only its messages are queued; a
 * walk of every pair per answer was quadratic in a large programme).
 */
enum tdm_err	 outbox_pairs(struct tdm_store *, int64_t programme,
		    int64_t pair);

/* Sessions were planned, added, moved, cancelled or held. */
enum tdm_err	 outbox_sessions(struct tdm_store *);

/*
 * A planning created the sessions first to last of programme: queue
 * their messages as one row, which delivery (outbox_flush()) turns into
 * the messages the act would have written; a small planning is queued
 * whole at once.
 */
enum tdm_err	 outbox_planned(struct tdm_store *, int64_t programme,
		    int64_t first, int64_t last);

/* Queue what plannings left to delivery, in transactions of its own. */
enum tdm_err	 outbox_flush(struct tdm_store *);

/* A tandem ended: the partner learns only that (the lead wires it). */
enum tdm_err	 outbox_ended(struct tdm_store *, int64_t programme,
		    int64_t partner_enrolment, int64_t tandem);

/* A volunteer waits without a partner (the lead wires it). */
enum tdm_err	 outbox_waiting(struct tdm_store *, int64_t enrolment);

/*
 * The reminders of the sessions of the next 24 hours, in a transaction
 * of its own; idempotent, run by every delivery (as is mail_send.c's
 * weekly nudge of the coaches and digest of the managers).
 */
enum tdm_err	 outbox_tick(struct tdm_store *);

/*
 * Tell the partners of an employee being erased that their tandem
 * ended: the live tandems are read (read_partners) before the erasure
 * withdraws the enrolments, and told (tell_partners; the caller frees
 * the list) once the outbox has forgotten the person, so that nothing
 * queued names them.
 */
struct erased_partner {
	int64_t	 pair, programme, enrolment;
};
enum tdm_err	 outbox_read_partners(struct tdm_store *, int64_t employee,
		    struct erased_partner **, size_t *n);
enum tdm_err	 outbox_tell_partners(struct tdm_store *,
		    struct erased_partner *, size_t n);

/*
 * Queue the invitation of an employee (kind "employee") or a coach
 * ("coach") of programme, with its one-time token, in the caller's
 * transaction.  The link leaves the outbox once it is sent.
 */
enum tdm_err	 outbox_invite(struct tdm_store *, int64_t programme,
		    const char *kind, int64_t id, const char *token);

/* Delete the messages sent more than the retention ago (mail config). */
enum tdm_err	 outbox_purge(struct tdm_store *, size_t *purged);

/* A Paris date "dd/mm/yyyy" of an ISO UTC timestamp ("" if none). */
void		 mail_date(const char *iso, char buf[16]);

/* Whether a person wants reminders (which 0) or digests (which 1). */
enum tdm_err	 mail_wants(struct tdm_store *, int64_t employee, int which,
		    int *yes);

/*
 * The installation's random identifier (16 hex digits), which goes into
 * new session UIDs and every Message-ID, its sender and the web UI's
 * address.  Buffers of MAIL_ID_SIZE, MAIL_ADDR_SIZE.
 */
#define MAIL_ID_SIZE	40
#define MAIL_ADDR_SIZE	512
enum tdm_err	 mail_installation(struct tdm_store *, char *id,
		    char *from, char *url);

/*
 * Forget an employee who is being erased, in the caller's transaction:
 * every message to them, and every message to others that names them
 * (a partner's proposal, a session's attendees), queued or sent, and
 * their preferences.  Read before the employee row is rewritten.
 */
enum tdm_err	 outbox_forget(struct tdm_store *, int64_t employee);

/*
 * The iCalendar UID of a new session: the programme, the unit (mentor
 * and mentee enrolments), the session's number and the installation's
 * identifier, so that no two installations ever write the same UID.
 * Sessions planned before keep the UID they were given.
 */
enum tdm_err	 mail_uid(struct tdm_store *, int64_t programme,
		    int64_t mentor, int64_t mentee, int seq, char *uid,
		    size_t size);

/* The same, with the installation's identifier read already. */
void		 mail_uid_of(const char *id, int64_t programme,
		    int64_t mentor, int64_t mentee, int seq, char *uid,
		    size_t size);

/*
 * Whether a programme's sessions are discreet in calendars: subjects
 * and summaries then say "Rendez-vous" and nothing of mentoring.  The
 * option comes with the calendar work; until then, no.
 */
int		 mail_discreet(struct tdm_store *, int64_t programme);

/*
 * One message as the outbox row has it, to be written out whole by
 * mail_build(): headers encoded as RFC 2047 says (a line break, quote or
 * non-ASCII character in a name or subject never makes a header), a
 * multipart/alternative body with a plain text, an HTML and, for a
 * session, a text/calendar part.
 */
struct mail_row {
	int64_t		 id;
	const char	*msgid;		/* without the angle brackets */
	const char	*kind;
	const char	*lang;		/* "fr" or "en" */
	const char	*rcpt_name;
	const char	*rcpt_addr;
	const char	*vars;
	const char	*ical;		/* NULL: none */
	const char	*created_at;	/* yyyy-mm-ddThh:mm:ssZ */
	const char	*from;		/* the installation's sender */
	const char	*url;		/* the web UI's address, or NULL */
};

/*
 * Render the subject (one line, UTF-8) of a row, or the whole message
 * into out.  TDM_EINVAL with why in err (size errsz) when the row cannot
 * make a message: an unknown kind, an address that is not one.
 */
enum tdm_err	 mail_subject(const struct mail_row *, struct tdm_buf *out);
enum tdm_err	 mail_build(const struct mail_row *, struct tdm_buf *out,
		    char *err, size_t errsz);

/* Whether s is an address a header may carry (no space, quote, ...). */
int		 mail_addr_ok(const char *s);

/* Append "key=value\n" to vars, a line break in value kept as "\n". */
void		 mail_var(struct tdm_buf *vars, const char *key,
		    const char *value);
void		 mail_varf(struct tdm_buf *vars, const char *key,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif

/*
 * Web accounts: who may sign in to "tandem serve", and their sessions.
 *
 * An admin invites an employee of the roster (by matricule) or an
 * external coach (by e-mail); the invitation is a one-time token, valid
 * seven days, that the invitee exchanges for a password of their own.
 * Passwords are kept as argon2id strings (libsodium), tokens only as
 * BLAKE2b hashes.  A signed-in session lasts until logout, 30 minutes
 * without a request, or 12 hours, whichever comes first; its CSRF token
 * must come back with every change.  Five wrong passwords in a row lock
 * the account for a minute, doubling at each new failure up to an hour.
 * All times come from the store's clock (tdm_store_set_now).
 */
#ifndef TANDEM_ACCOUNT_H
#define TANDEM_ACCOUNT_H

#include <stdint.h>
#include <time.h>

#include "tandem/diag.h"
#include "tandem/error.h"
#include "tandem/role.h"

struct tdm_store;

/* A token: 32 random bytes in unpadded base64url, and its NUL. */
#define TDM_TOKEN_SIZE 44

#define TDM_SESSION_IDLE	(30 * 60)
#define TDM_SESSION_MAX		(12 * 60 * 60)
#define TDM_INVITE_DAYS		7
/* Characters (code points), as ASVS 2.1.1 asks: at least 12. */
#define TDM_PASSWORD_MIN	12

/* Who a signed-in session is. */
struct tdm_whoami {
	struct tdm_actor actor;		/* roles; coach_id for a coach */
	int64_t		 account;
	char		 lang[3];	/* "fr" or "en" */
	char		 display[160];	/* "Léa Petit" */
	char		 email[256];
	char		 csrf[TDM_TOKEN_SIZE];
	time_t		 expires;	/* the absolute end */
};

/*
 * Invite someone: who is an employee's matricule or a coach's e-mail.
 * Only an admin may.  Creates the account if it has none, replaces any
 * earlier invitation, and writes the new token (the only copy) into
 * token.  Audited without the token.  TDM_ENOENT if who is nobody active.
 */
enum tdm_err	 tdm_account_invite(struct tdm_store *,
		    const struct tdm_actor *, const char *who,
		    char token[TDM_TOKEN_SIZE], struct tdm_diags *);

/*
 * Use an invitation: set the password (TDM_PASSWORD_MIN characters to
 * 1024 bytes) and sign in.  The invitation is gone afterwards.
 * TDM_ENOENT if the token is unknown, used or expired (one message for
 * all three); TDM_EINVAL for a password refused.  On success session and csrf
 * receive the new session's tokens.
 */
enum tdm_err	 tdm_account_accept(struct tdm_store *, const char *token,
		    const char *password, char session[TDM_TOKEN_SIZE],
		    char csrf[TDM_TOKEN_SIZE], struct tdm_diags *);

/*
 * Sign in by e-mail (case-insensitive) and password.  TDM_EAUTH for an
 * unknown address, an account without a password, a leaver or a wrong
 * password, all with the same message and about the same time spent.
 * No account is locked (the server throttles per address and e-mail);
 * *retry stays 0.
 */
enum tdm_err	 tdm_login(struct tdm_store *, const char *email,
		    const char *password, char session[TDM_TOKEN_SIZE],
		    char csrf[TDM_TOKEN_SIZE], time_t *retry,
		    struct tdm_diags *);

/*
 * The signed-in session with this cookie token: fills who and keeps the
 * session alive.  TDM_EAUTH if there is none or it has expired (an
 * expired one is deleted).
 */
enum tdm_err	 tdm_session_whoami(struct tdm_store *, const char *token,
		    struct tdm_whoami *who);

/* Whether csrf is the session's CSRF token, in constant time. */
int		 tdm_csrf_ok(const struct tdm_whoami *, const char *csrf);

/* End a session (logout).  Ending one that does not exist is no error. */
enum tdm_err	 tdm_logout(struct tdm_store *, const char *token);

/*
 * Change the signed-in account's own password: current must be right
 * (TDM_EAUTH, field "current"), the new one TDM_PASSWORD_MIN to 1024
 * bytes and none of the 10,000 most common (TDM_EINVAL, field
 * "password").  Every session of the account ends; session and csrf
 * receive the caller's new one.
 */
enum tdm_err	 tdm_account_password(struct tdm_store *, int64_t account,
		    const char *current, const char *password,
		    char session[TDM_TOKEN_SIZE], char csrf[TDM_TOKEN_SIZE],
		    struct tdm_diags *);

/*
 * Whether an invitation is pending for an account that already has a
 * password (an admin asked for a new link): *issued and *expires, or 0
 * and 0.  Shown to the person, so that nobody takes an account over
 * silently.
 */
enum tdm_err	 tdm_account_reinvited(struct tdm_store *, int64_t account,
		    time_t *issued, time_t *expires);

/* Set the account's language, "fr" or "en". */
enum tdm_err	 tdm_account_lang(struct tdm_store *, int64_t account,
		    const char *lang, struct tdm_diags *);

/* --- Company sign-in (issue 14) --------------------------------- */

/* Why the roster refused a person the company's sign-in named. */
enum tdm_signin_refusal {
	TDM_SIGNIN_OK,
	TDM_SIGNIN_UNKNOWN,	/* nobody in the roster */
	TDM_SIGNIN_LEFT,	/* inactive or erased */
};

/*
 * Sign in the employee whom the company's OpenID provider or proxy
 * names, by e-mail (by_matricule 0) or by matricule: an active employee
 * of the roster gets an account on first sign-in, without invitation,
 * and a session.  method ("oidc", "proxy") goes into the audit entry.
 * TDM_EAUTH with *why when the roster has no such active employee.
 */
enum tdm_err	 tdm_signin_employee(struct tdm_store *, int by_matricule,
		    const char *who, const char *method,
		    char session[TDM_TOKEN_SIZE], char csrf[TDM_TOKEN_SIZE],
		    enum tdm_signin_refusal *why, struct tdm_diags *);

/*
 * Record a refused sign-in in the audit log: the method and a short
 * code of the cause ("wrong-issuer"), never a token, name or address.
 */
enum tdm_err	 tdm_signin_refused(struct tdm_store *, const char *method,
		    const char *code);

/* One invitation of a programme's, for the caller to deliver. */
struct tdm_invitation {
	const char	*kind;		/* "employee" or "coach" */
	const char	*who;		/* matricule, or the coach's e-mail */
	const char	*name;
	const char	*email;
	const char	*token;		/* the only copy: link /invite/TOKEN */
};

/* What tdm_programme_invite() invites. */
#define TDM_INVITE_COACH	(1u << 0)
#define TDM_INVITE_VOLUNTEERS	(1u << 1)

/*
 * Invite, in one go, a programme's coach and (where the company's
 * sign-in is not used) its active volunteers: everyone of them who has
 * no password yet gets a new invitation, valid TDM_INVITE_DAYS, which
 * replaces any earlier one.  A programme manager or an admin may.
 * After the commit, fn is called once per invitation with its token:
 * this is the hook of the e-mail outbox (queue the message there); until
 * it lands, the web shows the links once.  Audited once, by programme
 * and count, without tokens.  *count receives the number made.
 */
enum tdm_err	 tdm_programme_invite(struct tdm_store *,
		    const struct tdm_actor *, const char *programme,
		    unsigned what,
		    int (*fn)(void *arg, const struct tdm_invitation *),
		    void *arg, int *count, struct tdm_diags *);

/*
 * An OpenID Connect sign-in in flight (issue 14), kept in the store so
 * that a restart or another server finishes it: the BLAKE2b (hex) of
 * the browser's binding cookie, the nonce, the PKCE verifier and the
 * path to return to.  Values are the server's, never a person's.
 */
#define TDM_PENDING_MAX		4096	/* more: the oldest goes */
struct tdm_signin_pending {
	char		 binding[65];
	char		 nonce[TDM_TOKEN_SIZE];
	char		 verifier[TDM_TOKEN_SIZE];
	char		 back[256];
};

/*
 * Keep a sign-in in flight under state (kept as its SHA-256) until ttl
 * seconds from the store's clock; expired ones are deleted on the way,
 * and the oldest when TDM_PENDING_MAX are kept.
 */
enum tdm_err	 tdm_signin_pending_put(struct tdm_store *,
		    const char *state, const struct tdm_signin_pending *,
		    int ttl);

/*
 * Take the sign-in in flight for state out of the store: it is deleted
 * whoever asks (used once).  TDM_ENOENT if it is unknown, used or
 * expired.
 */
enum tdm_err	 tdm_signin_pending_take(struct tdm_store *,
		    const char *state, struct tdm_signin_pending *);

#endif

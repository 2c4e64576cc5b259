/*
 * Web accounts: invitations, passwords, sessions (account.h).
 *
 * Tokens are random (libsodium) and the database keeps only their BLAKE2b
 * hash, so that a stolen copy of the file opens no session and redeems
 * no invitation.  Password hashing (argon2id, about 64 MiB and a tenth
 * of a second) happens outside any transaction, so that a login never
 * holds the write lock while it computes.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/account.h"
#include "tandem/store.h"

#include "internal.h"
#include "outbox.h"

#define PASSWORD_MAX	1024
#define TOUCH_EVERY	60	/* seconds between two seen_at writes */

static void
new_token(char token[TDM_TOKEN_SIZE])
{
	unsigned char	 raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(token, TDM_TOKEN_SIZE, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

static void
token_hash(const char *token, unsigned char h[32])
{
	crypto_generichash(h, 32, (const unsigned char *)token,
	    strlen(token), NULL, 0);
}

static int
is_token(const char *s)
{
	size_t	 n = strlen(s);

	return n == TDM_TOKEN_SIZE - 1 &&
	    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_") == n;
}

/* The id of the one row of a lookup by id or by e-mail, 0 if none. */
static enum tdm_err
id_of(struct tdm_store *st, enum stmt which, int64_t id, const char *email,
    int64_t *out)
{
	struct query	 q = query_start(st, which);

	*out = 0;
	if (email != NULL)
		bind_text(&q, email);
	else
		bind_int(&q, id);
	if (query_row(&q))
		*out = col_int(&q);
	return query_end(&q);
}

static enum tdm_err
invitation_clear(struct tdm_store *st, int64_t account)
{
	struct query	 q = query_start(st, STMT_INVITATION_CLEAR);

	bind_int(&q, account);
	return query_exec(&q);
}

/*
 * An invitation for an account that already has a password lets whoever
 * holds the link choose a new one: say so in the audit, by ids.  The
 * person sees it on their account page while the link is pending
 * (tdm_account_reinvited), and using it ends all their sessions.
 */
static enum tdm_err
reinvite_audit(struct tdm_store *st, const struct tdm_actor *actor,
    int64_t account)
{
	struct query	 q = query_start(st, STMT_ACCOUNT_HAS_PASSWORD);
	char		 id[32];
	int		 has = 0;
	enum tdm_err	 err;

	bind_int(&q, account);
	if (query_row(&q))
		has = (int)col_int(&q);
	if ((err = query_end(&q)) != TDM_OK || !has)
		return err;
	snprintf(id, sizeof(id), "%lld", (long long)account);
	return audit_append(st, actor, "account.reinvite", "account", id,
	    "%s", "an invitation for an account with a password");
}

enum tdm_err
tdm_account_reinvited(struct tdm_store *st, int64_t account,
    time_t *issued, time_t *expires)
{
	struct query	 q = query_start(st, STMT_INVITATION_PENDING);

	*issued = *expires = 0;
	bind_int(&q, account);
	if (query_row(&q)) {
		*expires = (time_t)col_int(&q);
		*issued = *expires - TDM_INVITE_DAYS * 86400;
	}
	return query_end(&q);
}

enum tdm_err
tdm_account_invite(struct tdm_store *st, const struct tdm_actor *actor,
    const char *who, char token[TDM_TOKEN_SIZE], struct tdm_diags *d)
{
	struct query	 q;
	unsigned char	 h[32];
	char		 now[TIMESTAMP_SIZE];
	int64_t		 emp = 0, coach = 0, account;
	int		 is_coach = strchr(who, '@') != NULL;
	enum tdm_err	 err;

	*token = '\0';
	if ((err = authorize(actor, OP_ACCOUNT_INVITE, d)) != TDM_OK)
		return err;
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if (is_coach) {
		if ((err = id_of(st, STMT_COACH_BY_EMAIL, 0, who, &coach)) !=
		    TDM_OK)
			goto fail;
		if (coach == 0) {
			tdm_diag_add(d, NULL, 0, 0, "no coach with the address "
			    "\"%s\" (tandem coach add)", who);
			err = TDM_ENOENT;
			goto fail;
		}
	} else if ((err = employee_find(st, who, 1, &emp, d)) != TDM_OK)
		goto fail;
	if ((err = is_coach ? id_of(st, STMT_ACCOUNT_BY_COACH, coach, NULL,
	    &account) : id_of(st, STMT_ACCOUNT_BY_EMPLOYEE, emp, NULL,
	    &account)) != TDM_OK)
		goto fail;
	if (account == 0) {
		store_timestamp(st, now);
		q = query_start(st, STMT_ACCOUNT_INSERT);
		if (emp)
			bind_int(&q, emp);
		else
			bind_null(&q);
		if (coach)
			bind_int(&q, coach);
		else
			bind_null(&q);
		bind_text(&q, now);
		if ((err = query_exec(&q)) != TDM_OK)
			goto fail;
		account = store_last_id(st);
	}
	if ((err = invitation_clear(st, account)) != TDM_OK ||
	    (err = reinvite_audit(st, actor, account)) != TDM_OK)
		goto fail;
	new_token(token);
	token_hash(token, h);
	q = query_start(st, STMT_INVITATION_INSERT);
	bind_blob(&q, h, sizeof(h));
	bind_int(&q, account);
	bind_int(&q, (int64_t)tdm_store_now(st) + TDM_INVITE_DAYS * 86400);
	if ((err = query_exec(&q)) != TDM_OK ||
	    (err = audit_append(st, actor, "account.invite",
	    is_coach ? "coach" : "employee", who, "valid %d days",
	    TDM_INVITE_DAYS)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	sodium_memzero(token, TDM_TOKEN_SIZE);
	*token = '\0';
	return err;
}

/* Start a session for an account, in the caller's transaction. */
static enum tdm_err
session_start(struct tdm_store *st, int64_t account,
    char session[TDM_TOKEN_SIZE], char csrf[TDM_TOKEN_SIZE])
{
	struct query	 q;
	unsigned char	 h[32];
	int64_t		 now = tdm_store_now(st);
	enum tdm_err	 err;

	q = query_start(st, STMT_WEBSESSION_EXPIRE);
	bind_int(&q, now - TDM_SESSION_IDLE);
	bind_int(&q, now - TDM_SESSION_MAX);
	if ((err = query_exec(&q)) != TDM_OK)
		return err;
	new_token(session);
	new_token(csrf);
	token_hash(session, h);
	q = query_start(st, STMT_WEBSESSION_INSERT);
	bind_blob(&q, h, sizeof(h));
	bind_int(&q, account);
	bind_text(&q, csrf);
	bind_int(&q, now);
	bind_int(&q, now);
	return query_exec(&q);
}

/* data/common-passwords.txt, lower-cased and sorted (embed-list.py). */
extern const char *const tdm_common_passwords[];
extern const size_t tdm_common_passwords_count;

static int
cmp_word(const void *a, const void *b)
{
	return strcmp(a, *(const char *const *)b);
}

/* Whether the password, in any case, is a common one. */
static int
password_common(const char *password)
{
	char	 low[PASSWORD_MAX + 1];
	size_t	 i;

	for (i = 0; i < PASSWORD_MAX && password[i] != '\0'; i++)
		low[i] = password[i] >= 'A' && password[i] <= 'Z' ?
		    (char)(password[i] - 'A' + 'a') : password[i];
	low[i] = '\0';
	return bsearch(low, tdm_common_passwords,
	    tdm_common_passwords_count, sizeof(tdm_common_passwords[0]),
	    cmp_word) != NULL;
}

/* End every session of an account: its password changed. */
static enum tdm_err
sessions_end(struct tdm_store *st, int64_t account)
{
	struct query	 q = query_start(st, STMT_WEBSESSION_DELETE_ACCOUNT);

	bind_int(&q, account);
	return query_exec(&q);
}

static int
password_ok(const char *password, struct tdm_diags *d)
{
	size_t	 n = strlen(password), chars = 0, i;

	/* Characters, not bytes: "été" is three (UTF-8 was checked). */
	for (i = 0; i < n; i++)
		if (((unsigned char)password[i] & 0xc0) != 0x80)
			chars++;
	if (chars < TDM_PASSWORD_MIN) {
		tdm_diag_add(d, "password", 0, 0, "a password needs at least "
		    "%d characters", TDM_PASSWORD_MIN);
		return 0;
	}
	if (n > PASSWORD_MAX) {
		tdm_diag_add(d, "password", 0, 0, "a password has at most %d "
		    "characters", PASSWORD_MAX);
		return 0;
	}
	if (password_common(password)) {
		tdm_diag_add(d, "password", 0, 0, "this password is one of "
		    "the most common ones, the first an attacker tries: "
		    "choose another");
		return 0;
	}
	return 1;
}

enum tdm_err
tdm_account_accept(struct tdm_store *st, const char *token,
    const char *password, char session[TDM_TOKEN_SIZE],
    char csrf[TDM_TOKEN_SIZE], struct tdm_diags *d)
{
	struct query	 q;
	unsigned char	 h[32];
	char		 hash[crypto_pwhash_STRBYTES];
	int64_t		 account = 0, expires = 0;
	enum tdm_err	 err;

	*session = *csrf = '\0';
	if (!password_ok(password, d))
		return TDM_EINVAL;
	if (crypto_pwhash_str(hash, password, strlen(password),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return TDM_ENOMEM;
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if (is_token(token)) {
		token_hash(token, h);
		q = query_start(st, STMT_INVITATION_FIND);
		bind_blob(&q, h, sizeof(h));
		if (query_row(&q)) {
			account = col_int(&q);
			expires = col_int(&q);
		}
		if ((err = query_end(&q)) != TDM_OK)
			goto fail;
	}
	if (account == 0 || expires < (int64_t)tdm_store_now(st)) {
		tdm_diag_add(d, NULL, 0, 0, "this invitation is unknown, used "
		    "or expired: ask for a new one");
		err = TDM_ENOENT;
		goto fail;
	}
	if ((err = invitation_clear(st, account)) != TDM_OK)
		goto fail;
	q = query_start(st, STMT_ACCOUNT_PASSWORD);
	bind_int(&q, account);
	bind_text(&q, hash);
	/* Whoever held a session under the old password holds it no more. */
	if ((err = query_exec(&q)) != TDM_OK ||
	    (err = sessions_end(st, account)) != TDM_OK ||
	    (err = session_start(st, account, session, csrf)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	*session = *csrf = '\0';
	return err;
}

/* Record an account's wrong passwords in a row and its lock. */
static enum tdm_err
failures_set(struct tdm_store *st, int64_t account, int failures,
    int64_t locked)
{
	struct query	 q = query_start(st, STMT_ACCOUNT_FAILED);

	bind_int(&q, account);
	bind_int(&q, failures);
	bind_int(&q, locked);
	return query_exec(&q);
}

enum tdm_err
tdm_login(struct tdm_store *st, const char *email, const char *password,
    char session[TDM_TOKEN_SIZE], char csrf[TDM_TOKEN_SIZE], time_t *retry,
    struct tdm_diags *d)
{
	struct query	 q;
	char		 hash[crypto_pwhash_STRBYTES] = "";
	int64_t		 account = 0, locked = 0, now = tdm_store_now(st);
	int		 failures = 0, ok;
	enum tdm_err	 err;

	*session = *csrf = '\0';
	*retry = 0;
	q = query_start(st, STMT_ACCOUNT_BY_EMAIL);
	bind_text(&q, email);
	if (query_row(&q)) {
		account = col_int(&q);
		snprintf(hash, sizeof(hash), "%s", col_text(&q));
		failures = (int)col_int(&q);
		locked = col_int(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	/*
	 * No account is ever locked: a lock would let anyone keep a named
	 * person out, and answer differently for the addresses that have
	 * an account.  The server throttles wrong passwords per client
	 * address and e-mail typed instead; failures only count here.
	 */
	(void)locked;
	(void)now;
	if (*hash != '\0' && strlen(password) <= PASSWORD_MAX)
		ok = crypto_pwhash_str_verify(hash, password,
		    strlen(password)) == 0;
	else {
		/* Spend the time a check would, so that the answer's delay
		 * does not tell which addresses have an account. */
		if (crypto_pwhash_str(hash, "not a password", 14,
		    crypto_pwhash_OPSLIMIT_INTERACTIVE,
		    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
			return TDM_ENOMEM;
		ok = 0;
	}
	if (!ok)
		tdm_diag_add(d, NULL, 0, 0, "wrong e-mail or password");
	if (account == 0)
		return TDM_EAUTH;
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if (ok) {
		if ((err = failures_set(st, account, 0, 0)) != TDM_OK ||
		    (err = session_start(st, account, session, csrf)) != TDM_OK)
			goto fail;
	} else if ((err = failures_set(st, account, failures + 1, 0)) !=
	    TDM_OK)
		goto fail;
	if ((err = store_commit(st)) != TDM_OK)
		goto fail;
	return ok ? TDM_OK : TDM_EAUTH;
fail:
	store_rollback(st);
	*session = *csrf = '\0';
	return err;
}

static enum tdm_err
session_delete(struct tdm_store *st, const unsigned char h[32])
{
	struct query	 q = query_start(st, STMT_WEBSESSION_DELETE);

	bind_blob(&q, h, 32);
	return query_exec(&q);
}

enum tdm_err
tdm_session_whoami(struct tdm_store *st, const char *token,
    struct tdm_whoami *who)
{
	struct query	 q;
	struct tdm_actor roles;
	unsigned char	 h[32];
	int64_t		 created = 0, seen = 0, emp = 0;
	int64_t		 now = tdm_store_now(st);
	char		 matricule[64];
	const char	*role;
	int		 active = 0, found = 0, scoped;
	enum tdm_err	 err;

	memset(who, 0, sizeof(*who));
	memset(&roles, 0, sizeof(roles));
	if (!is_token(token))
		return TDM_EAUTH;
	token_hash(token, h);
	q = query_start(st, STMT_WEBSESSION_GET);
	bind_blob(&q, h, sizeof(h));
	/* The session's columns again on each row, then one role. */
	while (query_row(&q)) {
		found = 1;
		who->account = col_int(&q);
		snprintf(who->csrf, sizeof(who->csrf), "%s", col_text(&q));
		created = col_int(&q);
		seen = col_int(&q);
		snprintf(who->lang, sizeof(who->lang), "%s", col_text(&q));
		emp = col_int(&q);
		who->actor.coach_id = col_int(&q);
		snprintf(matricule, sizeof(matricule), "%s", col_text(&q));
		snprintf(who->display, sizeof(who->display), "%s",
		    col_text(&q));
		snprintf(who->email, sizeof(who->email), "%s", col_text(&q));
		active = (int)col_int(&q);
		scoped = (int)col_int(&q);
		role = col_text(&q);
		actor_role(&roles, scoped, role, col_int(&q));
	}
	if ((err = query_end(&q)) != TDM_OK || !found) {
		memset(who, 0, sizeof(*who));
		return err != TDM_OK ? err : TDM_EAUTH;
	}
	if (!active || now - seen > TDM_SESSION_IDLE ||
	    now - created > TDM_SESSION_MAX) {
		(void)session_delete(st, h);
		memset(who, 0, sizeof(*who));
		return TDM_EAUTH;
	}
	who->expires = (time_t)(created + TDM_SESSION_MAX);
	/* An employee's account: what tdm_actor_load() would load. */
	if (emp != 0) {
		who->actor = roles;
		who->actor.employee_id = emp;
	}
	snprintf(who->actor.name, sizeof(who->actor.name), "%s", matricule);
	if (now - seen >= TOUCH_EVERY) {
		q = query_start(st, STMT_WEBSESSION_TOUCH);
		bind_blob(&q, h, sizeof(h));
		bind_int(&q, now);
		(void)query_exec(&q);
	}
	return TDM_OK;
}

int
tdm_csrf_ok(const struct tdm_whoami *who, const char *csrf)
{
	size_t	 n = strlen(who->csrf);

	return csrf != NULL && n == TDM_TOKEN_SIZE - 1 &&
	    strlen(csrf) == n && sodium_memcmp(who->csrf, csrf, n) == 0;
}

enum tdm_err
tdm_logout(struct tdm_store *st, const char *token)
{
	unsigned char	 h[32];

	if (!is_token(token))
		return TDM_OK;
	token_hash(token, h);
	return session_delete(st, h);
}

enum tdm_err
tdm_account_lang(struct tdm_store *st, int64_t account, const char *lang,
    struct tdm_diags *d)
{
	struct query	 q;

	if (strcmp(lang, "fr") != 0 && strcmp(lang, "en") != 0) {
		tdm_diag_add(d, "lang", 0, 0, "\"%s\" is not a language of "
		    "Tandem: fr or en", lang);
		return TDM_EINVAL;
	}
	q = query_start(st, STMT_ACCOUNT_LANG);
	bind_int(&q, account);
	bind_text(&q, lang);
	return query_exec(&q);
}

/*
 * Company sign-in (issue 14): an employee whom the company's OpenID
 * provider or its proxy has named.  The roster decides: an active
 * employee gets an account at once (no invitation), a leaver or an
 * unknown name gets nothing.
 */
enum tdm_err
tdm_signin_employee(struct tdm_store *st, int by_matricule, const char *who,
    const char *method, char session[TDM_TOKEN_SIZE],
    char csrf[TDM_TOKEN_SIZE], enum tdm_signin_refusal *why,
    struct tdm_diags *d)
{
	struct tdm_actor actor;
	struct query	 q;
	char		 now[TIMESTAMP_SIZE], matricule[64] = "";
	int64_t		 emp = 0, account = 0;
	int		 active = 0, created = 0;
	enum tdm_err	 err;

	*session = *csrf = '\0';
	*why = TDM_SIGNIN_UNKNOWN;
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	q = query_start(st, STMT_SIGNIN_EMPLOYEE);
	bind_int(&q, by_matricule != 0);
	bind_text(&q, who);
	if (query_row(&q)) {
		emp = col_int(&q);
		snprintf(matricule, sizeof(matricule), "%s", col_text(&q));
		active = (int)col_int(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto fail;
	if (emp == 0 || !active) {
		*why = emp == 0 ? TDM_SIGNIN_UNKNOWN : TDM_SIGNIN_LEFT;
		tdm_diag_add(d, NULL, 0, 0, emp == 0 ? "nobody in the roster "
		    "has this name" : "this person has left the company");
		err = TDM_EAUTH;
		goto fail;
	}
	if ((err = tdm_actor_load(st, matricule, &actor, d)) != TDM_OK ||
	    (err = id_of(st, STMT_ACCOUNT_BY_EMPLOYEE, emp, NULL,
	    &account)) != TDM_OK)
		goto fail;
	if (account == 0) {
		store_timestamp(st, now);
		q = query_start(st, STMT_ACCOUNT_INSERT);
		bind_int(&q, emp);
		bind_null(&q);
		bind_text(&q, now);
		if ((err = query_exec(&q)) != TDM_OK)
			goto fail;
		account = store_last_id(st);
		created = 1;
	}
	if ((err = failures_set(st, account, 0, 0)) != TDM_OK ||
	    (err = session_start(st, account, session, csrf)) != TDM_OK ||
	    (err = audit_append(st, &actor, "account.signin", "account",
	    matricule, "by %s%s", method, created ? "; account created" :
	    "")) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto fail;
	*why = TDM_SIGNIN_OK;
	return TDM_OK;
fail:
	store_rollback(st);
	sodium_memzero(session, TDM_TOKEN_SIZE);
	*session = *csrf = '\0';
	return err;
}

enum tdm_err
tdm_signin_refused(struct tdm_store *st, const char *method,
    const char *code)
{
	struct tdm_actor actor;
	enum tdm_err	 err;

	tdm_actor_system(&actor);
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = audit_append(st, &actor, "signin.refused", "signin",
	    method, "%s", code)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		store_rollback(st);
	return err;
}

/* One row of STMT_SIGNIN_INVITEES, and its new token. */
struct invitee {
	char	 kind[12];
	int64_t	 id;
	char	*who, *name, *email;
	int64_t	 account;
	char	 token[TDM_TOKEN_SIZE];
};

static void
invitees_free(struct invitee *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].who);
		free(v[i].name);
		free(v[i].email);
		sodium_memzero(v[i].token, sizeof(v[i].token));
	}
	free(v);
}

/* A new invitation for one invitee, its account made if need be. */
static enum tdm_err
invitee_invite(struct tdm_store *st, struct invitee *p)
{
	struct query	 q;
	unsigned char	 h[32];
	char		 now[TIMESTAMP_SIZE];
	int		 coach = strcmp(p->kind, "coach") == 0;
	enum tdm_err	 err;

	if (p->account == 0) {
		store_timestamp(st, now);
		q = query_start(st, STMT_ACCOUNT_INSERT);
		if (coach) {
			bind_null(&q);
			bind_int(&q, p->id);
		} else {
			bind_int(&q, p->id);
			bind_null(&q);
		}
		bind_text(&q, now);
		if ((err = query_exec(&q)) != TDM_OK)
			return err;
		p->account = store_last_id(st);
	}
	if ((err = invitation_clear(st, p->account)) != TDM_OK)
		return err;
	new_token(p->token);
	token_hash(p->token, h);
	q = query_start(st, STMT_INVITATION_INSERT);
	bind_blob(&q, h, sizeof(h));
	bind_int(&q, p->account);
	bind_int(&q, (int64_t)tdm_store_now(st) + TDM_INVITE_DAYS * 86400);
	return query_exec(&q);
}

enum tdm_err
tdm_programme_invite(struct tdm_store *st, const struct tdm_actor *actor,
    const char *programme, unsigned what,
    int (*fn)(void *, const struct tdm_invitation *), void *arg, int *count,
    struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct tdm_invitation	 inv;
	struct invitee		*v = NULL, *nv;
	struct query		 q;
	size_t			 n = 0, i;
	char			 pid[32];
	enum tdm_err		 err, qerr;

	*count = 0;
	if ((err = authorize(actor, OP_PROGRAMME_INVITE, d)) != TDM_OK)
		return err;
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = programme_find(st, programme, &p, d)) != TDM_OK)
		goto fail;
	/* A manager scoped to other programmes does not invite here. */
	if ((err = authorize_in(actor, OP_PROGRAMME_INVITE, p.id, d)) !=
	    TDM_OK)
		goto fail;
	q = query_start(st, STMT_SIGNIN_INVITEES);
	bind_int(&q, p.id);
	bind_int(&q, (what & TDM_INVITE_VOLUNTEERS) != 0);
	bind_int(&q, (what & TDM_INVITE_COACH) != 0);
	while (query_row(&q)) {
		if ((nv = realloc(v, (n + 1) * sizeof(*v))) == NULL) {
			col_skip(&q);
			col_skip(&q);
			col_skip(&q);
			col_skip(&q);
			col_skip(&q);
			col_skip(&q);
			err = TDM_ENOMEM;
			continue;
		}
		v = nv;
		memset(&v[n], 0, sizeof(v[n]));
		snprintf(v[n].kind, sizeof(v[n].kind), "%s", col_text(&q));
		v[n].id = col_int(&q);
		v[n].who = strdup(col_text(&q));
		v[n].name = strdup(col_text(&q));
		v[n].email = strdup(col_text(&q));
		v[n].account = col_int(&q);
		if (!v[n].who || !v[n].name || !v[n].email)
			err = TDM_ENOMEM;
		n++;
	}
	qerr = query_end(&q);
	if (err == TDM_OK)
		err = qerr;
	if (err != TDM_OK)
		goto fail;
	for (i = 0; i < n; i++)
		if ((err = invitee_invite(st, &v[i])) != TDM_OK ||
		    (err = outbox_invite(st, p.id, v[i].kind, v[i].id,
		    v[i].token)) != TDM_OK)
			goto fail;
	snprintf(pid, sizeof(pid), "%lld", (long long)p.id);
	if ((err = audit_append(st, actor, "account.invite.programme",
	    "programme", pid, "%zu invitations, valid %d days", n,
	    TDM_INVITE_DAYS)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		inv.kind = v[i].kind;
		inv.who = v[i].who;
		inv.name = v[i].name;
		inv.email = v[i].email;
		inv.token = v[i].token;
		if (fn(arg, &inv) != 0)
			break;
	}
	*count = (int)n;
	invitees_free(v, n);
	return TDM_OK;
fail:
	store_rollback(st);
	invitees_free(v, n);
	return err;
}

/*
 * Change one's own password (the signed-in account): the current one
 * first, so that a session left open on a shared screen cannot take the
 * account over.  Every session of the account ends, this one included,
 * and a new one starts for the caller.
 */
enum tdm_err
tdm_account_password(struct tdm_store *st, int64_t account,
    const char *current, const char *password, char session[TDM_TOKEN_SIZE],
    char csrf[TDM_TOKEN_SIZE], struct tdm_diags *d)
{
	struct query	 q;
	struct tdm_actor self;
	char		 old[crypto_pwhash_STRBYTES] = "";
	char		 hash[crypto_pwhash_STRBYTES];
	char		 id[32];
	enum tdm_err	 err;

	*session = *csrf = '\0';
	q = query_start(st, STMT_ACCOUNT_HASH);
	bind_int(&q, account);
	if (query_row(&q))
		snprintf(old, sizeof(old), "%s", col_text(&q));
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if (*old == '\0' || strlen(current) > PASSWORD_MAX ||
	    crypto_pwhash_str_verify(old, current, strlen(current)) != 0) {
		tdm_diag_add(d, "current", 0, 0, "the current password is "
		    "wrong");
		return TDM_EAUTH;
	}
	if (!password_ok(password, d))
		return TDM_EINVAL;
	if (crypto_pwhash_str(hash, password, strlen(password),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return TDM_ENOMEM;
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	memset(&self, 0, sizeof(self));
	snprintf(self.name, sizeof(self.name), "account %lld",
	    (long long)account);
	snprintf(id, sizeof(id), "%lld", (long long)account);
	q = query_start(st, STMT_ACCOUNT_PASSWORD);
	bind_int(&q, account);
	bind_text(&q, hash);
	if ((err = query_exec(&q)) != TDM_OK ||
	    (err = sessions_end(st, account)) != TDM_OK ||
	    (err = session_start(st, account, session, csrf)) != TDM_OK ||
	    (err = audit_append(st, &self, "account.password", "account", id,
	    "%s", "other sessions ended")) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK) {
		store_rollback(st);
		*session = *csrf = '\0';
		return err;
	}
	return TDM_OK;
}

/* --- Sign-ins in flight (issue 14) ------------------------------- */

static void
state_hash(const char *state, char hex[2 * crypto_hash_sha256_BYTES + 1])
{
	unsigned char	 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)state, strlen(state));
	sodium_bin2hex(hex, 2 * crypto_hash_sha256_BYTES + 1, h, sizeof(h));
}

enum tdm_err
tdm_signin_pending_put(struct tdm_store *st, const char *state,
    const struct tdm_signin_pending *p, int ttl)
{
	struct query	 q;
	char		 hex[2 * crypto_hash_sha256_BYTES + 1];
	int64_t		 now = (int64_t)tdm_store_now(st), n = 0;
	enum tdm_err	 err;

	state_hash(state, hex);
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	q = query_start(st, STMT_HARDEN_PENDING_EXPIRE);
	bind_int(&q, now);
	if ((err = query_exec(&q)) != TDM_OK)
		goto fail;
	/* Bounded, as the table in memory was: the oldest make room. */
	q = query_start(st, STMT_HARDEN_PENDING_COUNT);
	if (query_row(&q))
		n = col_int(&q);
	if ((err = query_end(&q)) != TDM_OK)
		goto fail;
	if (n >= TDM_PENDING_MAX) {
		q = query_start(st, STMT_HARDEN_PENDING_OLDEST);
		bind_int(&q, n - TDM_PENDING_MAX + 1);
		if ((err = query_exec(&q)) != TDM_OK)
			goto fail;
	}
	q = query_start(st, STMT_HARDEN_PENDING_INSERT);
	bind_text(&q, hex);
	bind_text(&q, p->binding);
	bind_text(&q, p->nonce);
	bind_text(&q, p->verifier);
	bind_text(&q, p->back);
	bind_int(&q, now + ttl);
	if ((err = query_exec(&q)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	return err;
}

enum tdm_err
tdm_signin_pending_take(struct tdm_store *st, const char *state,
    struct tdm_signin_pending *p)
{
	struct query	 q;
	char		 hex[2 * crypto_hash_sha256_BYTES + 1];
	int64_t		 expires = 0;
	enum tdm_err	 err;
	int		 found;

	memset(p, 0, sizeof(*p));
	state_hash(state, hex);
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	q = query_start(st, STMT_HARDEN_PENDING_GET);
	bind_text(&q, hex);
	if ((found = query_row(&q))) {
		col_skip(&q);
		snprintf(p->binding, sizeof(p->binding), "%s", col_text(&q));
		snprintf(p->nonce, sizeof(p->nonce), "%s", col_text(&q));
		snprintf(p->verifier, sizeof(p->verifier), "%s",
		    col_text(&q));
		snprintf(p->back, sizeof(p->back), "%s", col_text(&q));
		expires = col_int(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto fail;
	/* Used once, whoever comes with it. */
	q = query_start(st, STMT_HARDEN_PENDING_DELETE);
	bind_text(&q, hex);
	if ((err = query_exec(&q)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto fail;
	if (!found || expires < (int64_t)tdm_store_now(st)) {
		sodium_memzero(p, sizeof(*p));
		return TDM_ENOENT;
	}
	return TDM_OK;
fail:
	store_rollback(st);
	sodium_memzero(p, sizeof(*p));
	return err;
}

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
#include <string.h>

#include "tandem/account.h"
#include "tandem/store.h"

#include "internal.h"

#define LOCK_AFTER	5	/* wrong passwords in a row */
#define LOCK_FIRST	60	/* seconds, doubled at each failure */
#define LOCK_MAX	3600
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

static int64_t
account_of(struct tdm_store *st, enum stmt which, int64_t id)
{
	sqlite3_stmt	*stmt = store_stmt(st, which);
	int64_t		 account = 0;

	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		account = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return account;
}

static int64_t
coach_id(struct tdm_store *st, const char *email)
{
	sqlite3_stmt	*stmt = store_stmt(st, STMT_COACH_BY_EMAIL);
	int64_t		 id = 0;

	store_bind_text(stmt, 1, email, -1);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		id = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return id;
}

enum tdm_err
tdm_account_invite(struct tdm_store *st, const struct tdm_actor *actor,
    const char *who, char token[TDM_TOKEN_SIZE], struct tdm_diags *d)
{
	sqlite3_stmt	*stmt;
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
	if (is_coach && (coach = coach_id(st, who)) == 0) {
		tdm_diag_add(d, NULL, 0, 0, "no coach with the address \"%s\" "
		    "(tandem coach add)", who);
		err = TDM_ENOENT;
		goto fail;
	}
	if (!is_coach && (err = employee_find(st, who, 1, &emp, d)) !=
	    TDM_OK)
		goto fail;
	account = is_coach ? account_of(st, STMT_ACCOUNT_BY_COACH, coach) :
	    account_of(st, STMT_ACCOUNT_BY_EMPLOYEE, emp);
	if (account == 0) {
		store_timestamp(st, now);
		stmt = store_stmt(st, STMT_ACCOUNT_INSERT);
		if (emp)
			sqlite3_bind_int64(stmt, 1, emp);
		if (coach)
			sqlite3_bind_int64(stmt, 2, coach);
		store_bind_text(stmt, 3, now, -1);
		if ((err = store_exec(st, STMT_ACCOUNT_INSERT)) != TDM_OK)
			goto fail;
		account = sqlite3_last_insert_rowid(st->db);
	}
	stmt = store_stmt(st, STMT_INVITATION_CLEAR);
	sqlite3_bind_int64(stmt, 1, account);
	if ((err = store_exec(st, STMT_INVITATION_CLEAR)) != TDM_OK)
		goto fail;
	new_token(token);
	token_hash(token, h);
	stmt = store_stmt(st, STMT_INVITATION_INSERT);
	sqlite3_bind_blob(stmt, 1, h, sizeof(h), SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 2, account);
	sqlite3_bind_int64(stmt, 3, (int64_t)tdm_store_now(st) +
	    TDM_INVITE_DAYS * 86400);
	if ((err = store_exec(st, STMT_INVITATION_INSERT)) != TDM_OK ||
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
	sqlite3_stmt	*stmt;
	unsigned char	 h[32];
	int64_t		 now = tdm_store_now(st);
	enum tdm_err	 err;

	stmt = store_stmt(st, STMT_WEBSESSION_EXPIRE);
	sqlite3_bind_int64(stmt, 1, now - TDM_SESSION_IDLE);
	sqlite3_bind_int64(stmt, 2, now - TDM_SESSION_MAX);
	if ((err = store_exec(st, STMT_WEBSESSION_EXPIRE)) != TDM_OK)
		return err;
	new_token(session);
	new_token(csrf);
	token_hash(session, h);
	stmt = store_stmt(st, STMT_WEBSESSION_INSERT);
	sqlite3_bind_blob(stmt, 1, h, sizeof(h), SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 2, account);
	store_bind_text(stmt, 3, csrf, -1);
	sqlite3_bind_int64(stmt, 4, now);
	sqlite3_bind_int64(stmt, 5, now);
	return store_exec(st, STMT_WEBSESSION_INSERT);
}

static int
password_ok(const char *password, struct tdm_diags *d)
{
	size_t	 n = strlen(password);

	if (n < TDM_PASSWORD_MIN) {
		tdm_diag_add(d, "password", 0, 0, "a password needs at least "
		    "%d characters", TDM_PASSWORD_MIN);
		return 0;
	}
	if (n > PASSWORD_MAX) {
		tdm_diag_add(d, "password", 0, 0, "a password has at most %d "
		    "characters", PASSWORD_MAX);
		return 0;
	}
	return 1;
}

enum tdm_err
tdm_account_accept(struct tdm_store *st, const char *token,
    const char *password, char session[TDM_TOKEN_SIZE],
    char csrf[TDM_TOKEN_SIZE], struct tdm_diags *d)
{
	sqlite3_stmt	*stmt;
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
		stmt = store_stmt(st, STMT_INVITATION_FIND);
		sqlite3_bind_blob(stmt, 1, h, sizeof(h), SQLITE_TRANSIENT);
		if (sqlite3_step(stmt) == SQLITE_ROW) {
			account = sqlite3_column_int64(stmt, 0);
			expires = sqlite3_column_int64(stmt, 1);
		}
		sqlite3_reset(stmt);
	}
	if (account == 0 || expires < (int64_t)tdm_store_now(st)) {
		tdm_diag_add(d, NULL, 0, 0, "this invitation is unknown, used "
		    "or expired: ask for a new one");
		err = TDM_ENOENT;
		goto fail;
	}
	stmt = store_stmt(st, STMT_INVITATION_CLEAR);
	sqlite3_bind_int64(stmt, 1, account);
	if ((err = store_exec(st, STMT_INVITATION_CLEAR)) != TDM_OK)
		goto fail;
	stmt = store_stmt(st, STMT_ACCOUNT_PASSWORD);
	sqlite3_bind_int64(stmt, 1, account);
	store_bind_text(stmt, 2, hash, -1);
	if ((err = store_exec(st, STMT_ACCOUNT_PASSWORD)) != TDM_OK ||
	    (err = session_start(st, account, session, csrf)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	*session = *csrf = '\0';
	return err;
}

enum tdm_err
tdm_login(struct tdm_store *st, const char *email, const char *password,
    char session[TDM_TOKEN_SIZE], char csrf[TDM_TOKEN_SIZE], time_t *retry,
    struct tdm_diags *d)
{
	sqlite3_stmt	*stmt;
	char		 hash[crypto_pwhash_STRBYTES] = "";
	int64_t		 account = 0, locked = 0, now = tdm_store_now(st);
	int		 failures = 0, ok;
	enum tdm_err	 err;

	*session = *csrf = '\0';
	*retry = 0;
	stmt = store_stmt(st, STMT_ACCOUNT_BY_EMAIL);
	store_bind_text(stmt, 1, email, -1);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		account = sqlite3_column_int64(stmt, 0);
		snprintf(hash, sizeof(hash), "%s", column_text(stmt, 1));
		failures = sqlite3_column_int(stmt, 2);
		locked = sqlite3_column_int64(stmt, 3);
	}
	sqlite3_reset(stmt);
	if (account != 0 && locked > now) {
		*retry = (time_t)(locked - now);
		tdm_diag_add(d, NULL, 0, 0, "too many wrong passwords: try "
		    "again in %lld seconds", (long long)*retry);
		return TDM_ELIMIT;
	}
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
		stmt = store_stmt(st, STMT_ACCOUNT_FAILED);
		sqlite3_bind_int64(stmt, 1, account);
		sqlite3_bind_int(stmt, 2, 0);
		sqlite3_bind_int64(stmt, 3, 0);
		if ((err = store_exec(st, STMT_ACCOUNT_FAILED)) != TDM_OK ||
		    (err = session_start(st, account, session, csrf)) != TDM_OK)
			goto fail;
	} else {
		failures++;
		locked = 0;
		if (failures >= LOCK_AFTER) {
			int	 shift = failures - LOCK_AFTER;

			locked = shift >= 6 ? LOCK_MAX :
			    LOCK_FIRST << shift;
			if (locked > LOCK_MAX)
				locked = LOCK_MAX;
			locked += now;
		}
		stmt = store_stmt(st, STMT_ACCOUNT_FAILED);
		sqlite3_bind_int64(stmt, 1, account);
		sqlite3_bind_int(stmt, 2, failures);
		sqlite3_bind_int64(stmt, 3, locked);
		if ((err = store_exec(st, STMT_ACCOUNT_FAILED)) != TDM_OK)
			goto fail;
	}
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
	sqlite3_stmt	*stmt = store_stmt(st, STMT_WEBSESSION_DELETE);

	sqlite3_bind_blob(stmt, 1, h, 32, SQLITE_TRANSIENT);
	return store_exec(st, STMT_WEBSESSION_DELETE);
}

enum tdm_err
tdm_session_whoami(struct tdm_store *st, const char *token,
    struct tdm_whoami *who)
{
	sqlite3_stmt	*stmt;
	unsigned char	 h[32];
	int64_t		 created, seen, now = tdm_store_now(st), emp;
	char		 matricule[64];
	int		 active;
	enum tdm_err	 err;

	memset(who, 0, sizeof(*who));
	if (!is_token(token))
		return TDM_EAUTH;
	token_hash(token, h);
	stmt = store_stmt(st, STMT_WEBSESSION_GET);
	sqlite3_bind_blob(stmt, 1, h, sizeof(h), SQLITE_TRANSIENT);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_reset(stmt);
		return TDM_EAUTH;
	}
	who->account = sqlite3_column_int64(stmt, 0);
	snprintf(who->csrf, sizeof(who->csrf), "%s", column_text(stmt, 1));
	created = sqlite3_column_int64(stmt, 2);
	seen = sqlite3_column_int64(stmt, 3);
	snprintf(who->lang, sizeof(who->lang), "%s", column_text(stmt, 4));
	emp = sqlite3_column_int64(stmt, 5);
	who->actor.coach_id = sqlite3_column_int64(stmt, 6);
	snprintf(matricule, sizeof(matricule), "%s", column_text(stmt, 7));
	snprintf(who->display, sizeof(who->display), "%s",
	    column_text(stmt, 8));
	snprintf(who->email, sizeof(who->email), "%s", column_text(stmt, 9));
	active = sqlite3_column_int(stmt, 10);
	sqlite3_reset(stmt);
	if (!active || now - seen > TDM_SESSION_IDLE ||
	    now - created > TDM_SESSION_MAX) {
		(void)session_delete(st, h);
		memset(who, 0, sizeof(*who));
		return TDM_EAUTH;
	}
	who->expires = (time_t)(created + TDM_SESSION_MAX);
	if (emp != 0) {
		struct tdm_diags	 d = TDM_DIAGS_INIT;

		err = tdm_actor_load(st, matricule, &who->actor, &d);
		tdm_diags_free(&d);
		if (err != TDM_OK) {
			memset(who, 0, sizeof(*who));
			return err == TDM_ENOENT ? TDM_EAUTH : err;
		}
	} else
		snprintf(who->actor.name, sizeof(who->actor.name), "%s",
		    matricule);
	if (now - seen >= TOUCH_EVERY) {
		stmt = store_stmt(st, STMT_WEBSESSION_TOUCH);
		sqlite3_bind_blob(stmt, 1, h, sizeof(h), SQLITE_TRANSIENT);
		sqlite3_bind_int64(stmt, 2, now);
		(void)store_exec(st, STMT_WEBSESSION_TOUCH);
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
	sqlite3_stmt	*stmt;

	if (strcmp(lang, "fr") != 0 && strcmp(lang, "en") != 0) {
		tdm_diag_add(d, "lang", 0, 0, "\"%s\" is not a language of "
		    "Tandem: fr or en", lang);
		return TDM_EINVAL;
	}
	stmt = store_stmt(st, STMT_ACCOUNT_LANG);
	sqlite3_bind_int64(stmt, 1, account);
	store_bind_text(stmt, 2, lang, -1);
	return store_exec(st, STMT_ACCOUNT_LANG);
}

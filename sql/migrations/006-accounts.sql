-- Version 6: web accounts.  An account lets an employee of the roster or
-- an external coach sign in to "tandem serve" (src/lib/account.c,
-- docs/api.md).  Nobody signs in before an admin invites them; the
-- invitation is a one-time link whose token only the invitee sees.

-- One account per employee or coach.  The password is an argon2id
-- string (libsodium's crypto_pwhash_str), NULL until the invitation is
-- used.  failures and locked_until throttle guessing: after five wrong
-- passwords in a row the account waits, longer at each new failure.
CREATE TABLE account (
	id		INTEGER PRIMARY KEY,
	employee_id	INTEGER UNIQUE REFERENCES employee(id),
	coach_id	INTEGER UNIQUE REFERENCES coach(id),
	password	TEXT,
	lang		TEXT NOT NULL DEFAULT 'fr' CHECK (lang IN ('fr', 'en')),
	failures	INTEGER NOT NULL DEFAULT 0,
	locked_until	INTEGER NOT NULL DEFAULT 0,
	created_at	TEXT NOT NULL,
	CHECK ((employee_id IS NULL) <> (coach_id IS NULL))
);

-- Invitations: only the BLAKE2b hash of the token is kept, so that a
-- copy of the database signs nobody in.  Used once, then deleted.
CREATE TABLE invitation (
	token_hash	BLOB PRIMARY KEY,
	account_id	INTEGER NOT NULL REFERENCES account(id)
			    ON DELETE CASCADE,
	expires_at	INTEGER NOT NULL
);

-- Signed-in browser sessions, by the hash of the cookie's token.  The
-- CSRF token is the session's, sent back in a header or a form field on
-- every change.  A session ends at logout, after idle seconds without
-- a request, or at its absolute end, whichever comes first.
CREATE TABLE web_session (
	token_hash	BLOB PRIMARY KEY,
	account_id	INTEGER NOT NULL REFERENCES account(id)
			    ON DELETE CASCADE,
	csrf		TEXT NOT NULL,
	created_at	INTEGER NOT NULL,
	seen_at		INTEGER NOT NULL
);
CREATE INDEX web_session_account ON web_session(account_id);

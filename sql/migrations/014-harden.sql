-- Hardening (issues 14 and 17).
--
-- OpenID Connect sign-ins in flight, kept in the store rather than in the
-- server's memory, so that a restart or a second server does not drop a
-- sign-in halfway through at the provider.  A row is used once (deleted
-- when the browser comes back, whoever comes) and deleted when expired.
-- The state is kept as its SHA-256 (hex): the row alone does not answer
-- the callback.  binding is the BLAKE2b (hex) of the browser's cookie;
-- nonce and verifier are random values sent to the provider (the nonce)
-- or kept for the code exchange (the PKCE verifier); back is a path of
-- this server.  Nothing here names a person.
CREATE TABLE signin_pending (
	state_hash	TEXT PRIMARY KEY,
	binding		TEXT NOT NULL,
	nonce		TEXT NOT NULL,
	verifier	TEXT NOT NULL,
	back		TEXT NOT NULL,
	expires		INTEGER NOT NULL
);
CREATE INDEX signin_pending_expires ON signin_pending(expires);

-- The sign-in throttles in the database (issue 18), so that every server
-- of one database counts the same attempts: behind two servers, an
-- address would otherwise get twice the tries.  One row a hit: which
-- throttle (1 attempts per address, 2 wrong passwords per address and
-- e-mail typed), a hash of its key (never the address itself), and the
-- second it happened.  Rows older than their window are deleted as new
-- hits come, so the table holds minutes of traffic at most.
CREATE TABLE signin_hit (
	kind	INTEGER NOT NULL CHECK (kind IN (1, 2)),
	hkey	INTEGER NOT NULL,
	at	INTEGER NOT NULL
);
CREATE INDEX signin_hit_key ON signin_hit (kind, hkey, at);
CREATE INDEX signin_hit_at ON signin_hit (kind, at);

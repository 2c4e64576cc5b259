-- Version 7: the planner's calendar (the company's closure days), where
-- and how sessions take place, and the dates members propose.

-- A day the company is closed: no session is planned or moved onto it.
CREATE TABLE closure (
	day		TEXT PRIMARY KEY,	-- yyyy-mm-dd
	label		TEXT NOT NULL DEFAULT '',
	created_at	TEXT NOT NULL
);

-- Where a programme's sessions take place (a room, an address) and the
-- video-conference link, both optional; a pair may have its own.
-- discreet: 'all' writes every invitation as a private "Rendez-vous",
-- 'senior' only those with a person of the top grades (a pair's own
-- request too), 'off' none.
ALTER TABLE programme ADD COLUMN place TEXT NOT NULL DEFAULT '';
ALTER TABLE programme ADD COLUMN link TEXT NOT NULL DEFAULT '';
ALTER TABLE programme ADD COLUMN discreet TEXT NOT NULL DEFAULT 'senior'
    CHECK (discreet IN ('off', 'senior', 'all'));
ALTER TABLE pair ADD COLUMN place TEXT;
ALTER TABLE pair ADD COLUMN link TEXT;
ALTER TABLE pair ADD COLUMN discreet INTEGER NOT NULL DEFAULT 0
    CHECK (discreet IN (0, 1));

-- Another date a member proposes for a planned session (or as the
-- replacement of a cancelled one), until the partner agrees or declines.
CREATE TABLE session_proposal (
	id		INTEGER PRIMARY KEY,
	session_id	INTEGER NOT NULL REFERENCES session(id),
	proposed_by	INTEGER NOT NULL REFERENCES enrolment(id),
	start_at	TEXT NOT NULL,	-- UTC, yyyy-mm-ddThh:mm:ssZ
	state		TEXT NOT NULL DEFAULT 'open'
			    CHECK (state IN ('open', 'accepted', 'declined')),
	created_at	TEXT NOT NULL
);

-- Recognition and stable disclosure (issue 16, points 1, 4 and 5).

-- Every figure a programme's report has published, by its place in the
-- report ("matching/1/0", "departments/Direction Financière/1") and its
-- value.  A reader may hold every earlier report: a cell published once
-- with the value it still has is known, so the next report keeps it
-- shown and protects its hidden cells with others instead (report.c).
CREATE TABLE published_cell (
	programme_id	INTEGER NOT NULL REFERENCES programme(id),
	cell		TEXT NOT NULL,
	value		REAL NOT NULL,
	at		TEXT NOT NULL,
	PRIMARY KEY (programme_id, cell)
);

-- An attestation for a mentor: its canonical content as issued, and
-- the audit entry whose hash covers the content's digest.  The code is
-- what a reader types on the public verification page.  The digest is
-- keyed with digest_key, which stays here, outside the chain: erasing the row
-- leaves a digest in the log that no guess can be checked against.
CREATE TABLE attestation (
	id		INTEGER PRIMARY KEY,
	code		TEXT NOT NULL UNIQUE,
	enrolment_id	INTEGER NOT NULL REFERENCES enrolment(id),
	content		TEXT NOT NULL,
	digest		TEXT NOT NULL,
	audit_id	INTEGER NOT NULL,
	issued_at	TEXT NOT NULL,
	issued_by	TEXT NOT NULL,
	digest_key	BLOB NOT NULL
);

-- Kudos: one short message from a mentee to their mentor, private to
-- the mentor; counted, never ranked.  One per mentee and mentor, which
-- the mentee may rewrite.
CREATE TABLE kudos (
	mentee_id	INTEGER NOT NULL REFERENCES enrolment(id),
	mentor_id	INTEGER NOT NULL REFERENCES enrolment(id),
	message		TEXT NOT NULL,
	at		TEXT NOT NULL,
	PRIMARY KEY (mentee_id, mentor_id)
);

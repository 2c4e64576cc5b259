-- Naming the mentee on an attestation (issue 16, point 4).  An
-- attestation names a mentee only when both people of the pair agree:
-- each gives their own agreement (one row a side) and either may
-- withdraw it.  Until both agree, nobody is named.
CREATE TABLE attestation_consent (
	mentor_id	INTEGER NOT NULL REFERENCES enrolment(id),
	mentee_id	INTEGER NOT NULL REFERENCES enrolment(id),
	side		TEXT NOT NULL CHECK (side IN ('mentor', 'mentee')),
	at		TEXT NOT NULL,
	PRIMARY KEY (mentor_id, mentee_id, side)
);

-- The mentees an attestation names, so that a withdrawal retires it.
-- No reference to attestation(id): erasing a mentor deletes their
-- attestations first, and these rows with them after (privacy.c).
CREATE TABLE attestation_named (
	attestation_id	INTEGER NOT NULL,
	mentee_id	INTEGER NOT NULL REFERENCES enrolment(id),
	PRIMARY KEY (attestation_id, mentee_id)
);

-- When an agreement it relied on was withdrawn: the verification page
-- then says so and no longer shows its text.
ALTER TABLE attestation ADD COLUMN withdrawn_at TEXT;

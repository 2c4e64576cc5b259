-- Volunteering again (issue 12): someone who withdrew and volunteers
-- again gets a new enrolment, and the withdrawn one stays as it was, in
-- the history (an export shows both).  The table of 002 allowed one
-- enrolment per person and programme (UNIQUE (programme_id,
-- employee_id)); SQLite cannot drop a constraint, so the table is
-- rebuilt with the same columns and ids, the rows of enrolment_topic,
-- pair, session, attendance, feedback and closing keeping theirs.  The
-- store runs migrations with foreign keys off and checks them before
-- committing (store.c, migrate()), as SQLite's documentation of a
-- table's rebuild asks.  PostgreSQL, which can drop a constraint, will
-- do the same with ALTER TABLE enrolment DROP CONSTRAINT and the two
-- indexes below.
CREATE TABLE enrolment_rebuilt (
	id		INTEGER PRIMARY KEY,
	programme_id	INTEGER NOT NULL REFERENCES programme(id),
	employee_id	INTEGER NOT NULL REFERENCES employee(id),
	role		TEXT NOT NULL CHECK (role IN ('mentor', 'mentee')),
	charter_version	INTEGER NOT NULL,
	optin		TEXT NOT NULL CHECK (optin IN ('self', 'recorded')),
	optin_ref	TEXT,
	recorded_by	TEXT,
	languages	TEXT NOT NULL,
	site		TEXT NOT NULL,
	remote		INTEGER NOT NULL CHECK (remote IN (0, 1)),
	availability	INTEGER NOT NULL DEFAULT 0,
	capacity	INTEGER NOT NULL DEFAULT 1 CHECK (capacity BETWEEN 1 AND 50),
	enrolled_at	TEXT NOT NULL,
	withdrawn_at	TEXT,
	CHECK (optin = 'self' OR (optin_ref IS NOT NULL AND optin_ref <> ''))
);

INSERT INTO enrolment_rebuilt (id, programme_id, employee_id, role,
    charter_version, optin, optin_ref, recorded_by, languages, site, remote,
    availability, capacity, enrolled_at, withdrawn_at)
SELECT id, programme_id, employee_id, role, charter_version, optin,
    optin_ref, recorded_by, languages, site, remote, availability, capacity,
    enrolled_at, withdrawn_at
FROM enrolment;

DROP TABLE enrolment;
ALTER TABLE enrolment_rebuilt RENAME TO enrolment;

-- One current enrolment per person and programme: the one not withdrawn.
-- Withdrawn ones may be many, one for each time the person left.
CREATE UNIQUE INDEX enrolment_current ON enrolment (programme_id,
    employee_id) WHERE withdrawn_at IS NULL;

-- A person's enrolments in a programme, current or not (the history,
-- and the lookups the UNIQUE constraint's index used to serve).
CREATE INDEX enrolment_person ON enrolment (programme_id, employee_id);

-- Whether a date a member proposes waits for the partner's agreement
-- (issue 12, point 3: "with the partner's agreement where the programme
-- asks for it").  1, the default, as before: the partner accepts or
-- declines.  0: the member's date moves the session at once, and the
-- partner is told by the updated invitation.
ALTER TABLE programme ADD COLUMN proposal_agreement INTEGER NOT NULL
    DEFAULT 1 CHECK (proposal_agreement IN (0, 1));

-- What the last planning of a programme could not place (issue 12): one
-- row per pair (or group, mentee NULL) that fell short of its cadence,
-- and why, so that the manager reads it on the programme page after the
-- form's redirect, in their language.  Each planning replaces the rows.
CREATE TABLE plan_shortfall (
	programme_id	INTEGER NOT NULL REFERENCES programme(id),
	mentor_id	INTEGER NOT NULL REFERENCES enrolment(id),
	mentee_id	INTEGER REFERENCES enrolment(id),
	placed		INTEGER NOT NULL,
	wanted		INTEGER NOT NULL,
	why		TEXT NOT NULL CHECK (why IN ('no-common', 'no-room')),
	halfdays	INTEGER NOT NULL,	-- the common ones, a bit set
	planned_at	TEXT NOT NULL
);
CREATE INDEX plan_shortfall_programme ON plan_shortfall (programme_id);

-- Version 2: programmes, their charters and topics, roles, external
-- coaches, volunteers' enrolments, and the audit log.

-- Who may do what.  Roles are global: a programme manager manages
-- programmes, a sponsor approves them, an admin grants roles.  Operations
-- check roles in the library (src/lib/role.c), never in a front-end.
CREATE TABLE role (
	employee_id	INTEGER NOT NULL REFERENCES employee(id),
	role		TEXT NOT NULL CHECK (role IN ('admin', 'manager',
			    'sponsor')),
	granted_at	TEXT NOT NULL,
	granted_by	TEXT NOT NULL,
	PRIMARY KEY (employee_id, role)
);

-- External coaches: people outside the roster.
CREATE TABLE coach (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	email		TEXT NOT NULL UNIQUE,
	organisation	TEXT NOT NULL DEFAULT '',
	created_at	TEXT NOT NULL
);

-- A programme.  The charter fields (purpose ... data_notice, with the
-- format, sessions, topics and coach) are edited here while the
-- programme is a draft; opening it publishes them as charter version 1,
-- and every later edit publishes a new version (table charter).
CREATE TABLE programme (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE,
	state		TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft',
			    'submitted', 'approved', 'open', 'matched',
			    'running', 'closed')),
	purpose		TEXT NOT NULL,
	format		TEXT NOT NULL DEFAULT 'one-to-one'
			    CHECK (format IN ('one-to-one', 'group', 'mixed')),
	session_count	INTEGER NOT NULL DEFAULT 6
			    CHECK (session_count BETWEEN 1 AND 100),
	session_minutes	INTEGER NOT NULL DEFAULT 60
			    CHECK (session_minutes BETWEEN 15 AND 480),
	cadence_days	INTEGER NOT NULL DEFAULT 14
			    CHECK (cadence_days BETWEEN 1 AND 365),
	start_date	TEXT,
	end_date	TEXT,
	group_seats	INTEGER NOT NULL DEFAULT 6
			    CHECK (group_seats BETWEEN 2 AND 50),
	direction	TEXT NOT NULL DEFAULT 'generation'
			    CHECK (direction IN ('generation', 'seniority',
			    'none')),
	commitments	TEXT NOT NULL DEFAULT '',
	confidentiality	TEXT NOT NULL DEFAULT '',
	data_notice	TEXT NOT NULL DEFAULT '',
	coach_id	INTEGER REFERENCES coach(id),
	charter_version	INTEGER NOT NULL DEFAULT 0,	-- 0: not published
	created_by	TEXT NOT NULL,
	created_at	TEXT NOT NULL
);

-- The topic catalogue.  Rows with a programme_id are a programme's own.
CREATE TABLE topic (
	id		INTEGER PRIMARY KEY,
	code		TEXT NOT NULL UNIQUE,
	label_fr	TEXT NOT NULL,
	label_en	TEXT NOT NULL,
	programme_id	INTEGER REFERENCES programme(id)
);

INSERT INTO topic (code, label_fr, label_en) VALUES
	('web-search', 'Rechercher de l''information sur le web',
	    'Searching for information on the web'),
	('personal-data', 'Protéger ses données personnelles',
	    'Protecting one''s personal data'),
	('social-selling',
	    'Prospecter de nouveaux clients sur les réseaux sociaux (LinkedIn, Pinterest…)',
	    'Reaching new clients on social networks (LinkedIn, Pinterest…)'),
	('digital-tools',
	    'Découvrir et utiliser de nouvelles applications et de nouveaux outils numériques',
	    'Discovering and using new apps and digital tools'),
	('collaboration', 'Outils collaboratifs', 'Collaborative tools'),
	('generative-ai', 'Intelligence artificielle générative',
	    'Generative AI'),
	('security', 'Hygiène de sécurité numérique', 'Security hygiene'),
	('e-reputation', 'Réputation en ligne', 'Online reputation'),
	('e-learning', 'Se former en ligne (e-learning)', 'E-learning');

CREATE TABLE programme_topic (
	programme_id	INTEGER NOT NULL REFERENCES programme(id),
	topic_id	INTEGER NOT NULL REFERENCES topic(id),
	PRIMARY KEY (programme_id, topic_id)
);

-- Published charters, never changed once written.
CREATE TABLE charter (
	programme_id	INTEGER NOT NULL REFERENCES programme(id),
	version		INTEGER NOT NULL CHECK (version >= 1),
	text		TEXT NOT NULL,	-- the whole charter, as shown
	published_at	TEXT NOT NULL,
	published_by	TEXT NOT NULL,
	PRIMARY KEY (programme_id, version)
);

-- Every transition of a programme: who, when, why.
CREATE TABLE programme_event (
	id		INTEGER PRIMARY KEY,
	programme_id	INTEGER NOT NULL REFERENCES programme(id),
	from_state	TEXT NOT NULL,
	to_state	TEXT NOT NULL,
	actor		TEXT NOT NULL,
	at		TEXT NOT NULL,
	note		TEXT NOT NULL DEFAULT ''
);

-- A volunteer in a programme.  The opt-in is the person's own act
-- ('self'), or recorded by a programme manager with a reference to the
-- person's signed opt-in ('recorded').  availability is a bit set of
-- the ten weekday half-days, Monday morning first.
CREATE TABLE enrolment (
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
	UNIQUE (programme_id, employee_id),
	CHECK (optin = 'self' OR (optin_ref IS NOT NULL AND optin_ref <> ''))
);

-- Per topic: a mentor's offered level, or a mentee's current level and
-- interest (0 none to 3 strong).  Levels run from 0 to 4.
CREATE TABLE enrolment_topic (
	enrolment_id	INTEGER NOT NULL REFERENCES enrolment(id),
	topic_id	INTEGER NOT NULL REFERENCES topic(id),
	level		INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4),
	interest	INTEGER NOT NULL DEFAULT 0
			    CHECK (interest BETWEEN 0 AND 3),
	PRIMARY KEY (enrolment_id, topic_id)
);

-- The audit log: append-only, each entry chained to the previous one by
-- a BLAKE2b hash (src/lib/audit.c).  The triggers refuse changes made
-- through SQL; a change made behind them breaks the chain, which
-- "tandem audit verify" detects.
CREATE TABLE audit (
	id		INTEGER PRIMARY KEY,
	at		TEXT NOT NULL,
	actor		TEXT NOT NULL,
	action		TEXT NOT NULL,
	object		TEXT NOT NULL,
	detail		TEXT NOT NULL DEFAULT '',
	prev		TEXT NOT NULL,
	hash		TEXT NOT NULL
);

-- The head of the log: the id and hash of its last entry, updated with
-- every append, so that removing entries from the end is detected too.
-- An attacker who can rewrite both tables can still truncate the log;
-- "tandem audit verify" prints the head hash for keeping elsewhere.
CREATE TABLE audit_head (
	one		INTEGER PRIMARY KEY CHECK (one = 1),
	id		INTEGER NOT NULL,
	hash		TEXT NOT NULL
);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- Tandem's database, version 1: the baseline every database starts from.
--
-- A new database runs this file and then every numbered migration in
-- sql/migrations/ in order, in one transaction; an existing one runs the
-- migrations above its PRAGMA user_version.  Never edit a released
-- statement here: add a migration.
--
-- Portability: plain SQL that PostgreSQL also reads, except where a
-- comment says otherwise.  Dates are ISO 8601 text (yyyy-mm-dd), times
-- ISO 8601 UTC text.

-- The generation table.  Tandem keeps birth years only and derives the
-- generation from these rows, so changing a boundary re-labels everyone at
-- once.  rank orders generations from the oldest (smallest) to the
-- youngest; the matching rule "mentor of a later generation" compares
-- ranks.  NULL years make a row open-ended.  The published ranges of the
-- boomers (1946-1964) and generation X (1964-1976) overlap on 1964;
-- Tandem gives 1964 to the boomers.
CREATE TABLE generation (
	code		TEXT PRIMARY KEY,
	rank		INTEGER NOT NULL UNIQUE,
	label_fr	TEXT NOT NULL,
	label_en	TEXT NOT NULL,
	first_year	INTEGER,
	last_year	INTEGER,
	CHECK (first_year IS NULL OR last_year IS NULL OR
	    first_year <= last_year)
);

INSERT INTO generation VALUES
	('before', 0, 'avant 1946', 'before 1946', NULL, 1945),
	('boomers', 1, 'baby-boomers', 'baby boomers', 1946, 1964),
	('x', 2, 'génération X', 'generation X', 1965, 1976),
	('y', 3, 'génération Y', 'generation Y', 1977, 1998),
	('z', 4, 'génération Z', 'generation Z', 1999, 2012),
	('after', 5, 'après 2012', 'after 2012', 2013, NULL);

-- One row per roster import, kept as history: who was added, changed and
-- marked as a leaver by which file.
CREATE TABLE import (
	id		INTEGER PRIMARY KEY,
	file		TEXT NOT NULL,
	encoding	TEXT NOT NULL,
	at		TEXT NOT NULL,
	rows		INTEGER NOT NULL,
	added		INTEGER NOT NULL,
	updated		INTEGER NOT NULL,
	unchanged	INTEGER NOT NULL,
	left_count	INTEGER NOT NULL
);

-- The roster.  matricule is the HR system's employee id, the key imports
-- match on; id is Tandem's own and never changes.  Only the birth year of
-- a person is kept, never the full date.  Leavers are marked inactive,
-- never deleted: their history in programmes stays.  The manager link is
-- checked at commit, so an import may write people in any order.
-- import_id names the import that last changed the row.
CREATE TABLE employee (
	id		INTEGER PRIMARY KEY,
	matricule	TEXT NOT NULL UNIQUE,
	last_name	TEXT NOT NULL,
	first_name	TEXT NOT NULL,
	email		TEXT NOT NULL,
	birth_year	INTEGER NOT NULL CHECK (birth_year BETWEEN 1900 AND 9999),
	department	TEXT NOT NULL DEFAULT '',
	team		TEXT NOT NULL DEFAULT '',
	site		TEXT NOT NULL DEFAULT '',
	job_title	TEXT NOT NULL DEFAULT '',
	grade		TEXT NOT NULL DEFAULT '',
	manager_id	INTEGER REFERENCES employee(id)
			    DEFERRABLE INITIALLY DEFERRED,
	hire_date	TEXT,
	language	TEXT NOT NULL DEFAULT '',
	active		INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	import_id	INTEGER REFERENCES import(id)
);

-- No index on manager_id yet: every query follows the chain upwards, by
-- the manager's primary key.  Add one with the first query that goes
-- downwards (who reports to whom).

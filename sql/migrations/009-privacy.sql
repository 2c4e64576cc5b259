-- Version 10: privacy that holds against a hostile reading (issue 17,
-- docs/privacy.md).

-- The audit log names people only by a subject key: a random word that
-- carries no identity.  This table, outside the hash chain, says whom a
-- key stands for; erasure deletes the person's row here and never
-- touches an entry, so the chain is only ever appended to.  A key whose
-- row is gone names nobody any more.
CREATE TABLE audit_subject (
	key		TEXT PRIMARY KEY,
	employee_id	INTEGER UNIQUE REFERENCES employee(id),
	coach_id	INTEGER UNIQUE REFERENCES coach(id),
	CHECK ((employee_id IS NULL) <> (coach_id IS NULL))
);

-- A log written before subject keys is re-keyed once, by the program
-- (the hashes need it), at the first "tandem init" after this
-- migration; this row says it is still to do.
CREATE TABLE audit_upgrade (
	one		INTEGER PRIMARY KEY CHECK (one = 1)
);
INSERT INTO audit_upgrade SELECT 1 WHERE EXISTS (SELECT 1 FROM audit);

-- Who read a person's data.  A read of one person's data (their export)
-- names them (employee_id); a listing of a programme's enrolments,
-- pairs or sessions by someone who reads everyone's is recorded once a
-- day per reader, programme and listing (programme_id), and is shown in
-- the export of each person enrolled.  The reader is a subject key of
-- the audit log (resolved while the reader exists); the rows that name
-- a person go with them at erasure.
CREATE TABLE read_event (
	id		INTEGER PRIMARY KEY,
	employee_id	INTEGER REFERENCES employee(id),
	programme_id	INTEGER REFERENCES programme(id),
	reader		TEXT NOT NULL,
	what		TEXT NOT NULL,
	at		TEXT NOT NULL
);
CREATE INDEX read_event_employee ON read_event(employee_id);
CREATE INDEX read_event_programme ON read_event(programme_id, reader, what);

-- The pseudonyms of people erased before this version were built from
-- their row number; each becomes random, where it is stored as a
-- matricule and wherever an actor column copied it.
CREATE TEMP TABLE pseudonym_map AS
	SELECT matricule AS old, 'erased-' || lower(hex(randomblob(6))) AS new
	FROM employee WHERE erased_at IS NOT NULL;
UPDATE employee SET matricule = (SELECT new FROM pseudonym_map
	WHERE old = employee.matricule) WHERE erased_at IS NOT NULL;
UPDATE role SET granted_by = (SELECT new FROM pseudonym_map
	WHERE old = granted_by) WHERE granted_by IN (SELECT old FROM pseudonym_map);
UPDATE programme SET created_by = (SELECT new FROM pseudonym_map
	WHERE old = created_by) WHERE created_by IN (SELECT old FROM pseudonym_map);
UPDATE programme_event SET actor = (SELECT new FROM pseudonym_map
	WHERE old = actor) WHERE actor IN (SELECT old FROM pseudonym_map);
UPDATE charter SET published_by = (SELECT new FROM pseudonym_map
	WHERE old = published_by) WHERE published_by IN (SELECT old FROM pseudonym_map);
UPDATE enrolment SET recorded_by = (SELECT new FROM pseudonym_map
	WHERE old = recorded_by) WHERE recorded_by IN (SELECT old FROM pseudonym_map);
UPDATE pair_rejection SET rejected_by = (SELECT new FROM pseudonym_map
	WHERE old = rejected_by) WHERE rejected_by IN (SELECT old FROM pseudonym_map);
-- And nobody's manager is an erased person any more.
UPDATE employee SET manager_id = NULL WHERE manager_id IN
	(SELECT id FROM employee WHERE erased_at IS NOT NULL);
DROP TABLE pseudonym_map;

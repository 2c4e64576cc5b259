-- The coach's private notes (issue 15): one per tandem the coach
-- follows, with a "followed up" mark.  Only that coach reads them; the
-- audit log keeps that a note changed, never its text.
CREATE TABLE coach_note (
	programme_id	INTEGER NOT NULL REFERENCES programme(id),
	coach_id	INTEGER NOT NULL REFERENCES coach(id),
	mentor_id	INTEGER NOT NULL REFERENCES enrolment(id),
	mentee_id	INTEGER NOT NULL REFERENCES enrolment(id),
	note		TEXT NOT NULL DEFAULT '',
	followed_at	TEXT,		-- UTC, yyyy-mm-ddThh:mm:ssZ; NULL: not yet
	updated_at	TEXT NOT NULL,
	PRIMARY KEY (coach_id, mentor_id, mentee_id)
);

CREATE INDEX coach_note_programme ON coach_note(programme_id, coach_id);

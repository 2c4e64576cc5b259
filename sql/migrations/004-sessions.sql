-- Version 4: sessions and their calendar, attendance, feedback, the
-- closing survey and levels.

-- When planned sessions start, in Paris wall-clock time, and after how
-- many days without a session held a pair is at risk.
ALTER TABLE programme ADD COLUMN session_time TEXT NOT NULL DEFAULT '14:00';
ALTER TABLE programme ADD COLUMN risk_days INTEGER NOT NULL DEFAULT 30
    CHECK (risk_days BETWEEN 1 AND 365);
-- Why mentees were left unmatched by the last saved match: no compatible
-- mentor at all, or compatible mentors all full.  For the report.
ALTER TABLE programme ADD COLUMN unmatched_no_partner INTEGER NOT NULL
    DEFAULT 0;
ALTER TABLE programme ADD COLUMN unmatched_capacity INTEGER NOT NULL
    DEFAULT 0;

-- A session of a pair (mentee_id set) or of a mentor's group (mentee_id
-- NULL, in a group or mixed format).  uid is the iCalendar UID, stable
-- for the session's life; sequence is its iCalendar SEQUENCE, raised by
-- every change that calendars must see.  The reason of a cancellation is
-- private: it appears in no listing and no report.
CREATE TABLE session (
	id		INTEGER PRIMARY KEY,
	programme_id	INTEGER NOT NULL REFERENCES programme(id),
	mentor_id	INTEGER NOT NULL REFERENCES enrolment(id),
	mentee_id	INTEGER REFERENCES enrolment(id),
	seq		INTEGER NOT NULL,
	uid		TEXT NOT NULL UNIQUE,
	start_at	TEXT NOT NULL,	-- UTC, yyyy-mm-ddThh:mm:ssZ
	minutes		INTEGER NOT NULL CHECK (minutes BETWEEN 15 AND 480),
	state		TEXT NOT NULL DEFAULT 'planned'
			    CHECK (state IN ('planned', 'held', 'cancelled')),
	cancelled_by	TEXT CHECK (cancelled_by IN ('mentor', 'mentee',
			    'manager')),
	cancel_reason	TEXT,
	sequence	INTEGER NOT NULL DEFAULT 0,
	updated_at	TEXT NOT NULL
);

CREATE INDEX session_programme ON session(programme_id, mentor_id);

-- Who came to a held session (groups: each member; pairs: both).
CREATE TABLE attendance (
	session_id	INTEGER NOT NULL REFERENCES session(id),
	enrolment_id	INTEGER NOT NULL REFERENCES enrolment(id),
	present		INTEGER NOT NULL CHECK (present IN (0, 1)),
	PRIMARY KEY (session_id, enrolment_id)
);

-- A participant's rating of a held session; the comment is private.
CREATE TABLE feedback (
	session_id	INTEGER NOT NULL REFERENCES session(id),
	enrolment_id	INTEGER NOT NULL REFERENCES enrolment(id),
	rating		INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
	comment		TEXT,
	at		TEXT NOT NULL,
	PRIMARY KEY (session_id, enrolment_id)
);

-- The closing survey of a participant; what changed is private.
CREATE TABLE closing (
	enrolment_id	INTEGER PRIMARY KEY REFERENCES enrolment(id),
	recommend	INTEGER NOT NULL CHECK (recommend IN (0, 1)),
	changed		TEXT,
	at		TEXT NOT NULL
);

-- Self-assessed levels at the close, per topic (0 to 4).
CREATE TABLE closing_level (
	enrolment_id	INTEGER NOT NULL REFERENCES enrolment(id),
	topic_id	INTEGER NOT NULL REFERENCES topic(id),
	level		INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4),
	PRIMARY KEY (enrolment_id, topic_id)
);

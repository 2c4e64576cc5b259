-- Version 3: matching.  The weights of the score, per programme; the
-- pairs the matcher proposes and their review; the pairs a programme
-- manager rejected, which never come back.

ALTER TABLE programme ADD COLUMN w_topic INTEGER NOT NULL DEFAULT 10
    CHECK (w_topic BETWEEN 0 AND 1000);
ALTER TABLE programme ADD COLUMN w_availability INTEGER NOT NULL DEFAULT 2
    CHECK (w_availability BETWEEN 0 AND 1000);
ALTER TABLE programme ADD COLUMN w_site INTEGER NOT NULL DEFAULT 5
    CHECK (w_site BETWEEN 0 AND 1000);
ALTER TABLE programme ADD COLUMN w_department INTEGER NOT NULL DEFAULT 5
    CHECK (w_department BETWEEN 0 AND 1000);
ALTER TABLE programme ADD COLUMN w_inversion INTEGER NOT NULL DEFAULT 0
    CHECK (w_inversion BETWEEN 0 AND 1000);
-- The most a topic's level gap counts for, so that one expert does not
-- outweigh everything else.
ALTER TABLE programme ADD COLUMN gain_cap INTEGER NOT NULL DEFAULT 3
    CHECK (gain_cap BETWEEN 1 AND 4);
-- How far up and down the management chain a mentor and a mentee may
-- not be: 0 is at any depth (the default); 2 forbids a direct manager
-- and the manager's manager only, which lets a programme pair the
-- chief executive, whom everybody reports to in the end.
ALTER TABLE programme ADD COLUMN chain_depth INTEGER NOT NULL DEFAULT 0
    CHECK (chain_depth BETWEEN 0 AND 64);

-- A mentor and a mentee.  'proposed' pairs are the matcher's drafts,
-- replaced by every run except the locked ones; publishing makes them
-- 'published'; each side then accepts or declines; both accepting makes
-- the pair 'accepted', one declining makes it 'declined' (and the pair
-- never comes back).  terms is the explanation of the score, term by
-- term; focus is the topic the pair or the mentor's group works on.
CREATE TABLE pair (
	id		INTEGER PRIMARY KEY,
	programme_id	INTEGER NOT NULL REFERENCES programme(id),
	mentor_id	INTEGER NOT NULL REFERENCES enrolment(id),
	mentee_id	INTEGER NOT NULL REFERENCES enrolment(id),
	state		TEXT NOT NULL DEFAULT 'proposed' CHECK (state IN
			    ('proposed', 'published', 'accepted', 'declined')),
	locked		INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
	score		INTEGER NOT NULL,
	terms		TEXT NOT NULL,
	focus		TEXT NOT NULL DEFAULT '',
	mentor_answer	TEXT CHECK (mentor_answer IN ('accepted', 'declined')),
	mentee_answer	TEXT CHECK (mentee_answer IN ('accepted', 'declined')),
	decline_note	TEXT,	-- private: shown to nobody
	created_at	TEXT NOT NULL,
	published_at	TEXT
);

CREATE INDEX pair_programme ON pair(programme_id, state);

CREATE TABLE pair_rejection (
	programme_id	INTEGER NOT NULL REFERENCES programme(id),
	mentor_id	INTEGER NOT NULL REFERENCES enrolment(id),
	mentee_id	INTEGER NOT NULL REFERENCES enrolment(id),
	rejected_by	TEXT NOT NULL,
	rejected_at	TEXT NOT NULL,
	PRIMARY KEY (programme_id, mentor_id, mentee_id)
);

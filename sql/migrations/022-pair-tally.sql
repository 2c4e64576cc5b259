-- Version 22: what the pages of a programme read, kept rather than
-- recomputed at each page (issue 15, "at any size"): the pairs' session
-- tallies, indexes for the figures, and the matricules that order the
-- pages of pairs and volunteers, copied into their rows.
--
-- The tandems at risk, the programme's figures and its coach's page used
-- to aggregate every session of every pair (50 ms and more a statement
-- at 100,000 employees).
--
-- A pair's sessions as the risk rules count them: its own and its
-- mentor's group's (mentee_id NULL), in its programme, for an accepted
-- pair only, as the risk statements count them (a pair without a
-- session, or not accepted, has no row: so no pair that may be deleted,
-- a proposed one, has one).  The store rewrites a mentor's rows
-- in the transaction of every act that writes a session or accepts a
-- pair (store.c, STMT_TALLY_*), so they are never stale.  risk_at is when
-- the tally alone puts the pair at risk: '' (always) after two
-- cancellations by the same side, else the last session held (or the
-- first session) while sessions are planned, else NULL (never); a pair is
-- at risk once that is older than the programme's risk days.
CREATE TABLE pair_tally (
	pair_id		INTEGER NOT NULL PRIMARY KEY REFERENCES pair(id),
	programme_id	INTEGER NOT NULL REFERENCES programme(id),
	held		INTEGER NOT NULL,
	last_held	TEXT,
	bymentor	INTEGER NOT NULL,
	bymentee	INTEGER NOT NULL,
	cancelled	INTEGER NOT NULL,
	first_at	TEXT NOT NULL,
	planned		INTEGER NOT NULL,
	risk_at		TEXT
);
-- The pairs whose tally puts them at risk, by a range on risk_at.
CREATE INDEX pair_tally_risk ON pair_tally (programme_id, risk_at);
-- The pairs of a mentor's enrolment: the rows an act rewrites, and those
-- of a member who withdrew (the pairs of a mentee: pair_mentee).
CREATE INDEX pair_mentor ON pair (mentor_id);
-- The members who withdrew, few, for the tandems at risk.
CREATE INDEX enrolment_withdrawn ON enrolment (programme_id)
    WHERE withdrawn_at IS NOT NULL;

INSERT INTO pair_tally (pair_id, programme_id, held, last_held, bymentor,
    bymentee, cancelled, first_at, planned, risk_at)
SELECT id, programme_id, held, last_held, bymentor, bymentee, cancelled,
    first_at, planned,
    CASE WHEN bymentor >= 2 OR bymentee >= 2 THEN ''
    WHEN planned > 0 THEN COALESCE(last_held, first_at) END
FROM (SELECT p.id AS id, p.programme_id AS programme_id,
    sum(CASE WHEN s.state = 'held' THEN 1 ELSE 0 END) AS held,
    max(CASE WHEN s.state = 'held' THEN s.start_at END) AS last_held,
    sum(CASE WHEN s.state = 'cancelled' AND s.cancelled_by = 'mentor'
        THEN 1 ELSE 0 END) AS bymentor,
    sum(CASE WHEN s.state = 'cancelled' AND s.cancelled_by = 'mentee'
        THEN 1 ELSE 0 END) AS bymentee,
    sum(CASE WHEN s.state = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
    min(s.start_at) AS first_at,
    sum(CASE WHEN s.state = 'planned' THEN 1 ELSE 0 END) AS planned
    FROM pair p JOIN session s ON p.state = 'accepted'
    AND s.programme_id = p.programme_id AND s.mentor_id = p.mentor_id
    AND (s.mentee_id = p.mentee_id OR s.mentee_id IS NULL)
    GROUP BY p.id, p.programme_id) t;

-- A programme's figures (STMT_HOME_FIGURES), each a count of a range:
-- its sessions by state and start, its volunteers by role, its pairs by
-- state with their members (pair_members replaces pair_programme, its
-- first two columns).
CREATE INDEX session_state ON session (programme_id, state, start_at);
CREATE INDEX enrolment_live ON enrolment (programme_id, role)
    WHERE withdrawn_at IS NULL;
CREATE INDEX pair_members ON pair (programme_id, state, mentor_id,
    mentee_id);
DROP INDEX pair_programme;

-- A pair's members' matricules, copied from the roster, so that a page of
-- a programme's pairs, in their order (mentor's matricule, mentee's,
-- id), is a range of pair_order cut at its last row, where every pair
-- was joined to its members and sorted (STMT_PAIR_PAGE).  Written with
-- the pair (STMT_PAIR_INSERT) and again when an erasure changes a
-- matricule (STMT_PRIV_ERASE_PAIRS); a matricule changes nowhere else.
ALTER TABLE pair ADD COLUMN mentor_matricule TEXT NOT NULL DEFAULT '';
ALTER TABLE pair ADD COLUMN mentee_matricule TEXT NOT NULL DEFAULT '';
UPDATE pair SET mentor_matricule = (SELECT e.matricule FROM enrolment n
    JOIN employee e ON e.id = n.employee_id WHERE n.id = pair.mentor_id),
    mentee_matricule = (SELECT e.matricule FROM enrolment n
    JOIN employee e ON e.id = n.employee_id WHERE n.id = pair.mentee_id);
CREATE INDEX pair_order ON pair (programme_id, mentor_matricule,
    mentee_matricule, id);

-- The same for a volunteer: their matricule copied into the enrolment,
-- the order of a programme's page of volunteers (role, matricule, id),
-- which is then a range of enrolment_order cut at its last row
-- (STMT_ENROLMENT_PAGE), not every volunteer joined, worded and sorted.
-- Written with the enrolment and by an erasure (STMT_PRIV_ERASE_ORDER).
ALTER TABLE enrolment ADD COLUMN matricule TEXT NOT NULL DEFAULT '';
UPDATE enrolment SET matricule = (SELECT e.matricule FROM employee e
    WHERE e.id = enrolment.employee_id);
CREATE INDEX enrolment_order ON enrolment (programme_id, role, matricule,
    id);

-- Indexes for pages and acts at any size (issue 15): each lets one
-- statement read the rows it needs instead of the whole roster or a whole
-- programme, so that its cost stays the same at 100,000 employees.
--
-- The directory's facets, the departments and sites in use
-- (STMT_EMPLOYEE_FACETS): found by a few seeks a value on this index, not
-- by a scan of the roster for every page.  One more B-tree for an import.
CREATE INDEX employee_facets ON employee (active, department, site);
-- A tandem's sessions as the risk statements count them (WATCH_RISKY:
-- the programme page, the coach's page, the figures, the digest): every
-- column they read, so that they never read a session's row.  It starts
-- with session_programme's columns, which it replaces.
CREATE INDEX session_risk ON session (programme_id, mentor_id, mentee_id,
    state, start_at, cancelled_by);
DROP INDEX session_programme;
-- A programme's sessions by their start: a page of them (to come, held,
-- ...) is read in its order and stops at its last row, where every
-- session was read, joined to its members and sorted (STMT_SESSION_PAGE).
CREATE INDEX session_start ON session (programme_id, start_at);
-- The pairs of a mentee's enrolment: the pair an answer names
-- (STMT_PAIR_FIND) without walking the programme's pairs.
CREATE INDEX pair_mentee ON pair (mentee_id);

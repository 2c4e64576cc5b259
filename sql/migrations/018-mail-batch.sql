-- A planning's invitations, queued as one row (issue 12's benchmark):
-- planning 10,000 pairs writes 80,000 sessions, whose 160,000 iMIP
-- messages would take the act eight times its own time to build and
-- store.  The act writes one row here instead, in its own transaction:
-- the sessions it created (first_id to last_id of programme_id) and its
-- moment (at, the messages' date and DTSTAMP).  Delivery turns the row
-- into the outbox's messages, a chunk of sessions per transaction
-- (done_id: the sessions up to it are queued), and deletes it with the
-- last chunk; the messages' dedup keys make that idempotent, so their
-- Message-IDs are the ones the act itself would have written.  A small
-- planning is queued whole by the act, and leaves no row.
CREATE TABLE mail_batch (
	id		INTEGER PRIMARY KEY,
	programme_id	INTEGER NOT NULL REFERENCES programme(id),
	first_id	INTEGER NOT NULL,
	last_id		INTEGER NOT NULL,
	done_id		INTEGER NOT NULL,
	at		TEXT NOT NULL	-- UTC, yyyy-mm-ddThh:mm:ssZ
);

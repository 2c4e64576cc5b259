-- E-mail, the rest of issue 13: proposals with a deadline, and the
-- outbox's retention (src/lib/outbox.c, mail_send.c; docs/mail.md).

-- How many days the members of a published pair have to answer it
-- ("tandem mail deadline").  The deadline is written on each pair when
-- it is published (answer_by, the end of that day in Paris, as UTC), so
-- that changing the setting never moves a deadline already told.  Two
-- days before it, whoever has not answered is reminded; when it passes,
-- the proposal is released: declined by nobody, both back on the
-- waiting list and told.
ALTER TABLE programme ADD COLUMN answer_days INTEGER NOT NULL DEFAULT 7
    CHECK (answer_days BETWEEN 1 AND 60);
ALTER TABLE pair ADD COLUMN answer_by TEXT;

-- Pairs published before this version were told no deadline: they get
-- one a week from the upgrade.  (strftime is SQLite's; PostgreSQL's
-- migration will use now() + interval '7 days'.)
UPDATE pair SET answer_by = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+7 days')
WHERE state = 'published';

CREATE INDEX pair_answer_by ON pair(state, answer_by);

-- How long a sent message is kept in the outbox (days); failed ones
-- stay until an operator retries them ("tandem mail config --keep").
ALTER TABLE installation ADD COLUMN keep_days INTEGER NOT NULL DEFAULT 90
    CHECK (keep_days BETWEEN 1 AND 3650);

-- Partial: a queued message (most inserts) costs it nothing.
CREATE INDEX outbox_sent ON outbox(sent_at) WHERE state = 'sent';

-- The variables every message of one act shares (an opening's programme
-- and purpose, the same for 100,000 recipients), stored once; the
-- outbox row keeps only the recipient's own (shared_id: NULL for the
-- messages that have none).  Delivery reads the row's variables, then
-- the shared ones.  No foreign key: the row of mail_vars goes when the
-- last message using it is purged, which a constraint would make scan
-- the outbox on every delete.
CREATE TABLE mail_vars (
	id		INTEGER PRIMARY KEY,
	vars		TEXT NOT NULL
);
ALTER TABLE outbox ADD COLUMN shared_id INTEGER;

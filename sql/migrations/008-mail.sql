-- E-mail (issue 13): the installation's identity, the transactional
-- outbox, each person's choice of optional messages, and a programme's
-- audience (src/lib/outbox.c, mail_msg.c, mail_send.c; docs/mail.md).

-- The installation: one row, created once.  id is random and goes into
-- the iCalendar UIDs of new sessions and into every Message-ID, so that
-- two companies, or a database created again, never collide in anyone's
-- calendar or inbox.  (randomblob and hex are SQLite's; PostgreSQL's
-- migration will use gen_random_bytes.)  mail_from is the sender of
-- every message, base_url the address of the web UI the messages link
-- to ("tandem mail config").
CREATE TABLE installation (
	one		INTEGER PRIMARY KEY CHECK (one = 1),
	id		TEXT NOT NULL,
	mail_from	TEXT NOT NULL DEFAULT 'tandem@localhost',
	base_url	TEXT NOT NULL DEFAULT 'http://localhost:8080'
);

INSERT INTO installation (one, id) VALUES (1, lower(hex(randomblob(8))));

-- The outbox.  An act writes its messages here in its own transaction,
-- so a rolled-back act sends nothing and a committed one is never
-- forgotten.  dedup names what the message is about (the act, the
-- object, the recipient): writing it twice does nothing, which makes the
-- periodic messages (reminders, nudges) idempotent.  msgid is derived
-- from dedup and the installation, and stays the same across retries.
-- The message is built from kind, lang and vars (key=value lines) when
-- it is delivered; ical is the iCalendar part of a session's message,
-- written with the act.  state: queued (next attempt at next_at), sent,
-- or failed (last_error says why: the relay's answer, or what could not
-- be built).
CREATE TABLE outbox (
	id		INTEGER PRIMARY KEY,
	dedup		TEXT NOT NULL UNIQUE,
	msgid		TEXT NOT NULL,	-- unique as dedup is: made of it
	kind		TEXT NOT NULL,
	programme_id	INTEGER REFERENCES programme(id),
	employee_id	INTEGER REFERENCES employee(id),
	coach_id	INTEGER REFERENCES coach(id),
	lang		TEXT NOT NULL,
	rcpt_name	TEXT NOT NULL,
	rcpt_addr	TEXT NOT NULL,
	vars		TEXT NOT NULL DEFAULT '',
	ical		TEXT,
	state		TEXT NOT NULL DEFAULT 'queued'
			    CHECK (state IN ('queued', 'sent', 'failed')),
	attempts	INTEGER NOT NULL DEFAULT 0,
	next_at		TEXT NOT NULL,
	last_error	TEXT NOT NULL DEFAULT '',
	created_at	TEXT NOT NULL,
	sent_at		TEXT
);

-- Delivery reads the queued messages in order; the few waiting for a
-- retry are skipped by next_at.
CREATE INDEX outbox_due ON outbox(state, id);

-- The optional messages a person turned off: reminders before a session
-- and the weekly digest.  No row: both on.  Messages that carry an act
-- concerning the person cannot be turned off.
CREATE TABLE mail_pref (
	employee_id	INTEGER PRIMARY KEY REFERENCES employee(id),
	reminders	INTEGER NOT NULL DEFAULT 1 CHECK (reminders IN (0, 1)),
	digests		INTEGER NOT NULL DEFAULT 1 CHECK (digests IN (0, 1))
);

-- Whom a programme's opening is announced to: the active employees of a
-- department, a site and a generation (each empty: all).
ALTER TABLE programme ADD COLUMN audience_department TEXT NOT NULL
    DEFAULT '';
ALTER TABLE programme ADD COLUMN audience_site TEXT NOT NULL DEFAULT '';
ALTER TABLE programme ADD COLUMN audience_generation TEXT NOT NULL
    DEFAULT '';

-- The sessions an act just changed, which the outbox looks up by time.
CREATE INDEX session_updated ON session(updated_at);

-- Version 5: privacy.  How long a closed programme keeps personal data,
-- and which employees have been erased (src/lib/privacy.c,
-- docs/privacy.md).

-- Days after its closing at which "tandem purge" erases the people of a
-- programme (those in no other programme still within its own delay),
-- and at which it clears the private free texts: feedback comments,
-- closing answers, cancellation reasons and decline notes.
ALTER TABLE programme ADD COLUMN retention_days INTEGER NOT NULL
    DEFAULT 365 CHECK (retention_days BETWEEN 1 AND 3650);
ALTER TABLE programme ADD COLUMN comments_days INTEGER NOT NULL
    DEFAULT 90 CHECK (comments_days BETWEEN 1 AND 3650);

-- When the person was erased: the row is then a pseudonymous shell
-- (matricule "erased-ID", no name, no e-mail, the birth year rounded to
-- the first year of its generation) kept so that the enrolments, pairs
-- and sessions that counted in the reports still count.
ALTER TABLE employee ADD COLUMN erased_at TEXT;

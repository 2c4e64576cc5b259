-- Placeholder for migration 012 (another branch's), so that this
-- branch builds alone: the merge replaces this file with the real one.
SELECT 1;

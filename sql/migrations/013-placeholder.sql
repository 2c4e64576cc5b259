-- A placeholder for another helper's migration 013 (round 3), so that
-- this branch's 017 builds alone: the lead drops it at the merge.
SELECT 1;

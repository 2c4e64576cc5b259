-- A placeholder for another helper's migration 014 (round 3): the
-- lead drops it at the merge.
SELECT 1;

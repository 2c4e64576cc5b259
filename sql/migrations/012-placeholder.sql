-- A placeholder for another helper's migration 012 (round 3): the
-- lead drops it at the merge.
SELECT 1;

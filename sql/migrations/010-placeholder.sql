-- A placeholder for the migration numbered 010 of another branch, so that
-- this branch builds alone (the numbers may have no gap).  The lead
-- drops this file when merging the branch that owns the number.
SELECT 1;

# Upgrading: a database of schema version 1 (the roster only) with people
# in it goes to the current version in one "tandem init", keeping them.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"
sqlite_only "old SQLite files upgraded"

sqlite3 old.db <"$top/sql/schema.sql"
sqlite3 old.db "PRAGMA user_version = 1; INSERT INTO employee (matricule,
    last_name, first_name, email, birth_year) VALUES ('E1', 'Lévêque',
    'Françoise', 'f.leveque@exemple.fr', 1958)"
expect "an old database is refused" 1 tandem -d old.db employees
contains "with the way out" "$err" 'upgrade it to'
expect "init upgrades it" 0 tandem -d old.db init
version=$(sqlite3 old.db "PRAGMA user_version")
[ "$version" -gt 1 ] && ok "now at version $version" ||
    not_ok "now at version $version"
# Migration 021: the indexes the pages and acts need at any size.
is "the indexes at any size" "$(sqlite3 old.db "SELECT group_concat(name)
    FROM (SELECT name FROM sqlite_master WHERE type = 'index' AND name IN
    ('employee_facets', 'session_risk', 'pair_mentee', 'session_programme',
    'session_start') ORDER BY name)")" \
    "employee_facets,pair_mentee,session_risk,session_start"
# Migration 022: the pairs' tallies and what orders the pages.
is "the tallies and the pages' order" "$(sqlite3 old.db "SELECT
    group_concat(name) FROM (SELECT name FROM sqlite_master WHERE name IN
    ('pair_tally', 'pair_tally_risk', 'pair_order', 'enrolment_order',
    'session_state', 'pair_members', 'pair_programme') ORDER BY name)")" \
    "enrolment_order,pair_members,pair_order,pair_tally,pair_tally_risk,session_state"
expect "the people are kept" 0 tandem -d old.db employee show E1
contains "accents intact" "$out" "name: Françoise Lévêque"
expect "check passes" 0 tandem -d old.db check
expect "programmes work" 0 tandem -d old.db topic list
contains "the seeded topics" "$out" "web-search"

done_testing

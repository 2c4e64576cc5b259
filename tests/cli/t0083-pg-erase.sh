# Erasure on PostgreSQL leaves no trace in the tables' files (issue 18,
# docs/privacy.md): an UPDATE or DELETE leaves the old row version in
# the file, dead but readable by anyone with the files (a disk, a file
# system backup) until VACUUM removes it.  The erased person's name is
# in the database's files before ("the test can fail") and nowhere in
# them after, once PostgreSQL has written its pages (CHECKPOINT).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/pg.sh"

pg_start
pg_db e
DB=$PGDB
psql() {
	pg_as "$pg_bin/psql" -h "$pgdir" -U postgres -d e -qAt -c "$1"
}
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Langue;Matricule manager\n'\
'E1;Roux;Hugo;hugo.roux@exemple.fr;03/03/1960;Direction Financi\303\250re;Lyon;fr;\n'\
'E2;Zorglubienne;Albertine;albertine.zorglubienne@exemple.fr;03/03/1990;Direction Financi\303\250re;Lyon;fr;E1\n'\
'E3;Petit;Luc;luc.petit@exemple.fr;03/03/1991;Direction Financi\303\250re;Lyon;fr;E1\n' >roster.csv
expect "init" 0 tandem -d "$DB" init
expect "import" 0 tandem -d "$DB" import roster roster.csv
expect "a role for the person" 0 tandem -d "$DB" role grant E2 manager
expect "a role for another" 0 tandem -d "$DB" role grant E3 manager

# The files of the database's tables and indexes (not the WAL's, which
# docs/privacy.md leaves to the operator).
files() {
	psql CHECKPOINT
	echo "$pgdir/data/base/$(psql "SELECT oid FROM pg_database WHERE datname = 'e'")"
}
found() {
	grep -rl -a -e Zorglub -e zorglub "$(files)" | wc -l
}
count=$(found)
is "before: the name is in the files" "$([ "$count" -gt 0 ] && echo yes)" yes
expect "erase" 0 tandem -d "$DB" erase person E2
lacks "erase: compacted, no warning" "$err" "could not"
is "after: the name is in no file" "$(found)" 0
# Counted exactly (pgstattuple reads the pages; the statistics views lag).
psql "CREATE EXTENSION IF NOT EXISTS pgstattuple" >/dev/null 2>&1
psql "SELECT t || ' ' || (pgstattuple(t)).dead_tuple_count FROM unnest(ARRAY['employee', 'role', 'audit_subject']) AS t" >dead.txt
is "after: no dead rows in the tables erasure touched" "$(cat dead.txt)" \
    "employee 0
role 0
audit_subject 0"
expect "the others stay" 0 tandem -d "$DB" employee show E3
contains "the others stay: their name" "$out" "Petit"
expect "the audit log verifies" 0 tandem -d "$DB" audit verify

done_testing

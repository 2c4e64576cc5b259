# Backup rotation (issue 17): "tandem backup --keep N DIR" makes a backup
# named after the date and time in DIR, then keeps only the N newest of
# that form; other files in DIR are never touched; the rotation is
# audited; mistakes change nothing.
. "$(dirname "$0")/lib.sh"

tandem init >/dev/null
printf 'Matricule;Nom;Prénom;Email;Date de naissance;Direction;Site\nE1;Bernard;Anne;anne.bernard@exemple.fr;01/02/1960;DRH;Lyon\n' >roster.csv
tandem import roster roster.csv >/dev/null
mkdir backups
echo "keep me" >backups/notes.txt
echo "keep me too" >backups/tandem-old.db
echo "and me" >backups/tandem-20260101T000000Z.db.txt

for day in 01 02 03; do
	expect "backup of day $day" 0 at "2027-01-${day}T02:00:00Z" backup --keep 2 backups
	has_line "day $day: says where" "$out" "backed up to backups/tandem-202701${day}T020000Z.db"
done
contains "day 03: says what went" "$out" "1 older backup(s) deleted, 2 kept"
is "the two newest are kept" "$(cd backups && ls tandem-2027* | tr '\n' ' ')" \
    "tandem-20270102T020000Z.db tandem-20270103T020000Z.db "
is "other files are left alone" "$(cd backups && cat notes.txt tandem-old.db tandem-20260101T000000Z.db.txt | tr '\n' ' ')" \
    "keep me keep me too and me "
# A SQLite database, or on PostgreSQL pg_dump's archive: its employee
# rows restored as text.
if [ "$testdb_engine" = pg ]; then
	is "a kept backup is a database" "$("$testdb_pg_bin/pg_restore" --data-only -t employee -f - backups/tandem-20270103T020000Z.db | grep -c '^1	E1	')" 1
else
	is "a kept backup is a database" "$(sqlite3 backups/tandem-20270103T020000Z.db "SELECT matricule FROM employee")" E1
fi
is "and private" "$(stat -c %a backups/tandem-20270103T020000Z.db)" 600
expect "keep 1" 0 at 2027-01-04T02:00:00Z backup --keep 1 backups
contains "keep 1: two deleted" "$out" "2 older backup(s) deleted, 1 kept"
is "only the newest is left" "$(cd backups && ls tandem-2027* | tr '\n' ' ')" "tandem-20270104T020000Z.db "
is "the rotations are audited" "$(sql "SELECT count(*) FROM audit WHERE action = 'store.backup' AND detail LIKE 'backup rotated, % removed, % kept'")" 2
expect "the audit log verifies" 0 tandem audit verify

# Mistakes: nothing made, nothing deleted.
ls backups >before.ls
refused_with 2 "keep 0" 'tandem: --keep: "0" is not a number of backups (1 or more)' \
    at 2027-01-05T02:00:00Z backup --keep 0 backups
refused_with 2 "keep x" 'tandem: --keep: "2x" is not a number of backups (1 or more)' \
    at 2027-01-05T02:00:00Z backup --keep 2x backups
refused "not a directory" \
    "tandem: backups/notes.txt: is not a directory: a rotation keeps its backups in a directory of their own" \
    at 2027-01-05T02:00:00Z backup --keep 2 backups/notes.txt
refused "no such directory" \
    "tandem: nowhere: is not a directory: a rotation keeps its backups in a directory of their own" \
    at 2027-01-05T02:00:00Z backup --keep 2 nowhere
expect "the same second twice" 1 at 2027-01-04T02:00:00Z backup --keep 2 backups
contains "the same second: never overwritten" "$err" "exists already: a backup never overwrites a file"
ls backups >after.ls
same "the directory is as it was" before.ls after.ls
expect "a plain backup still works" 0 tandem backup plain.db
has_line "and says where" "$out" "backed up to plain.db"

done_testing

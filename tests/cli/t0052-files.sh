# Least privilege and durability (issue 17): the database, its WAL and
# backups are created 0600 whatever the umask; roster imports and
# backups leave an audit entry that names no file and no person.
. "$(dirname "$0")/lib.sh"

# mode FILE: its permission bits, in octal.
mode() {
	stat -c %a "$1"
}

umask 022
expect "init under umask 022" 0 tandem init
# The database's own files are SQLite's; PostgreSQL's are its cluster's.
if [ "$testdb_engine" = pg ]; then
	ok "the database is 0600 # SKIP no database file on PostgreSQL"
else
	is "the database is 0600" "$(mode tandem.db)" 600
fi
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Langue;Matricule manager\n'\
'E1;L\303\251v\303\252que;Fran\303\247oise;francoise.leveque@exemple.fr;12/03/1958;Direction G\303\251n\303\251rale;Lyon;fr;\n'\
'E2;Gu\303\251rin;Herv\303\251;herve.guerin@exemple.fr;01/01/1968;Direction des Ressources Humaines;Lyon;fr;E1\n' >secret-roster-name.csv
expect "an import" 0 tandem import roster secret-roster-name.csv
# A reader holds the database open while tandem writes, so that the WAL
# is still there to be looked at.
if [ "$testdb_engine" = pg ]; then
	tandem role grant E1 sponsor >/dev/null
else
walmode=$(python3 - "$TANDEM" <<'PY'
import os, sqlite3, subprocess, sys
db = sqlite3.connect("tandem.db")
db.execute("SELECT count(*) FROM employee").fetchall()
subprocess.run([sys.argv[1], "role", "grant", "E1", "sponsor"], check=True, stdout=subprocess.DEVNULL)
print(oct(os.stat("tandem.db-wal").st_mode & 0o777)[2:])
PY
)
fi
if [ "$testdb_engine" = pg ]; then
	ok "the WAL is 0600 # SKIP no WAL file on PostgreSQL"
else
	is "the WAL is 0600" "$walmode" 600
fi
expect "a backup" 0 tandem backup copy.db
is "the backup is 0600" "$(mode copy.db)" 600
umask 000
expect "a backup under umask 000" 0 tandem backup copy2.db
is "still 0600" "$(mode copy2.db)" 600
umask 022

expect "audit list" 0 tandem audit list
contains "the import is audited" "$out" "$(printf 'system\troster.import\tstore:roster\timport 1: 2 rows, 2 added, 0 updated, 0 unchanged, 0 left')"
contains "the backup is audited" "$out" "$(printf 'system\tstore.backup\tstore:backup\tbackup')"
lacks "the entry names no file" "$out" "secret-roster-name"
lacks "nor the backup's path" "$out" "copy.db"
is "two backups, two entries" "$(grep -c 'store.backup' "$out")" 2
refused "a backup never overwrites" "tandem: copy.db: exists already: a backup never overwrites a file" \
    tandem backup copy.db
expect "the log verifies" 0 tandem audit verify
expect "a dry run leaves no entry" 0 tandem import roster --dry-run secret-roster-name.csv
is "still one import entry" "$(sql "SELECT count(*) FROM audit WHERE action = 'roster.import'")" 1

done_testing

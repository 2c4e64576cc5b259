# "tandem check", "tandem backup" and the Maildir on PostgreSQL (issue
# 18): check finds the audit log's guard turned off by hand and an entry
# rewritten; backup runs pg_dump into a new 0600 file that pg_restore
# makes into a working database, and fails cleanly without pg_dump; the
# Maildir of a database with no file goes to ./tandem-mail, or where
# TANDEM_MAILDIR says.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/pg.sh"

pg_start
pg_db c
DB=$PGDB
psql() {
	pg_as "$pg_bin/psql" -h "$pgdir" -U postgres -d "$1" -qAt -c "$2"
}
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Langue;Matricule manager\n'\
'E1;Roux;Hugo;hugo.roux@exemple.fr;03/03/1960;Direction Financi\303\250re;Lyon;fr;\n'\
'E2;Petit;Luc;luc.petit@exemple.fr;03/03/1990;Direction Financi\303\250re;Lyon;fr;E1\n' >roster.csv
expect "init" 0 tandem -d "$DB" init
expect "import" 0 tandem -d "$DB" import roster roster.csv
expect "a role granted" 0 tandem -d "$DB" role grant E1 manager

# --- check ----------------------------------------------------------------

expect "check: sound" 0 tandem -d "$DB" check
contains "check: says so" "$out" "database sound"
psql c "ALTER TABLE audit DISABLE TRIGGER audit_no_update"
expect "check: the guard turned off" 1 tandem -d "$DB" check
contains "check: names the guard" "$err" \
    "the audit log's guard is disabled or missing: audit_no_update"
psql c "UPDATE audit SET detail = 'rewritten' WHERE id = (SELECT max(id) FROM audit)"
psql c "ALTER TABLE audit ENABLE TRIGGER audit_no_update"
expect "check: an entry rewritten" 1 tandem -d "$DB" check
lacks "check: the guard is back" "$err" "guard"
contains "check: the chain broken" "$err" "audit"

# --- backup ---------------------------------------------------------------

pg_db b
DB=$PGDB
expect "init b" 0 tandem -d "$DB" init
expect "import b" 0 tandem -d "$DB" import roster roster.csv
expect "a role granted b" 0 tandem -d "$DB" role grant E2 manager
expect "backup" 0 tandem -d "$DB" backup b.dump
has_line "backup: says where" "$out" "backed up to b.dump"
is "backup: only its owner reads it" "$(stat -c %a b.dump)" 600
expect "backup over a file: refused" 1 tandem -d "$DB" backup b.dump
contains "backup over a file: says why" "$err" "exists already"
pg_db r
pg_as "$pg_bin/pg_restore" -h "$pgdir" -U postgres -d r --no-owner <b.dump \
    >restore.log 2>&1
is "pg_restore takes the backup" "$?" 0
expect "the restored database: roles" 0 tandem -d "$PGDB" role list
contains "the restored database: the role granted" "$out" "E2"
expect "the restored database: the audit log verifies" 0 \
    tandem -d "$PGDB" audit verify
expect "the restored database: check" 0 tandem -d "$PGDB" check
TANDEM_PG_DUMP=/nonexistent/pg_dump expect "backup without pg_dump: fails" 1 \
    tandem -d "$DB" backup none.dump
contains "backup without pg_dump: says why" "$err" "/nonexistent/pg_dump"
is "backup without pg_dump: no file left" "$(ls none.dump 2>/dev/null)" ""

# --- the Maildir ----------------------------------------------------------

mkdir m && cd m || exit 2
expect "mail send on PostgreSQL" 0 tandem -d "$DB" mail send
is "the Maildir in the working directory" \
    "$(find . -mindepth 1 -maxdepth 1 -type d)" "./tandem-mail"
TANDEM_MAILDIR=$scratch/elsewhere expect "mail send, TANDEM_MAILDIR" 0 \
    tandem -d "$DB" mail send
ok_dir=no
[ -d "$scratch/elsewhere/new" ] && ok_dir=yes
is "TANDEM_MAILDIR says where" "$ok_dir" yes
cd .. || exit 2

done_testing

# The PostgreSQL store's transactions and connection (issue 18): a
# statement that fails inside a transaction is undone alone and the
# transaction goes on; a session the server ended (pg_terminate_backend)
# between transactions is made again, one ended inside a transaction
# fails it and loses its writes; one writer at a time across processes.
# The checks are tests/unit/test_pgtx.c's, run here on a throwaway
# cluster; then the same seen from the command line: a command whose
# session is ended while its transaction waits fails and leaves nothing.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/pg.sh"

probe=$(dirname "$TANDEM")/tests/test_pgtx
pg_start
pg_db probe
# The probe's TAP, renumbered into this test's.
TANDEM_PGTX_DB=$PGDB "$probe" >probe.tap 2>&1
status=$?
while IFS= read -r line; do
	case $line in
	"ok "*) ok "store: ${line#ok * - }" ;;
	"not ok "*) not_ok "store: ${line#not ok * - }" ;;
	"#"*) echo "$line" ;;
	esac
done <probe.tap
is "the store's checks ran to the end" "$status" 0
contains "the store's checks: every one" probe.tap "1..8"

psql() {
	pg_as "$pg_bin/psql" -h "$pgdir" -U postgres -d tx -qAt -c "$1"
}
pg_db tx
DB="$PGDB application_name=t0081"
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Langue;Matricule manager\n'\
'E1;Roux;Hugo;hugo.roux@exemple.fr;03/03/1960;Direction Financi\303\250re;Lyon;fr;\n'\
'E2;Petit;Luc;luc.petit@exemple.fr;03/03/1990;Direction Financi\303\250re;Lyon;fr;E1\n' >roster.csv
expect "init" 0 tandem -d "$DB" init
expect "import" 0 tandem -d "$DB" import roster roster.csv
expect "a role granted" 0 tandem -d "$DB" role grant E1 manager
expect "granted twice: refused" 1 tandem -d "$DB" role grant E1 manager
contains "granted twice: says why" "$err" "E1 already holds the manager role"

# The audit chain's lock held elsewhere: the grant's transaction has
# written its role and waits to append to the log.  Its session ended
# then, the command fails and the role is not there.
psql "SELECT pg_advisory_lock(92639462704462); SELECT pg_sleep(60)" \
    >/dev/null 2>&1 &
holder=$!
# Server-side loops: they react within 10 ms, whatever the machine's load.
psql "DO \$\$ BEGIN FOR i IN 1..3000 LOOP PERFORM 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = 1313097038 AND granted; EXIT WHEN FOUND; PERFORM pg_sleep(0.01); END LOOP; END \$\$"
# The killer runs before the grant starts: the grant's wait for the
# audit lock ends after 5 s (the writers' lock_timeout), which a
# loaded machine could spend starting a psql.  pg_stat_activity is read
# once per transaction unless its snapshot is cleared.
pg_as "$pg_bin/psql" -h "$pgdir" -U postgres -qAt \
    -d "dbname=tx application_name=t0081-killer" -c "DO \$\$ BEGIN FOR i IN 1..6000 LOOP PERFORM pg_stat_clear_snapshot(); PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 't0081' AND wait_event_type = 'Lock'; EXIT WHEN FOUND; PERFORM pg_sleep(0.01); END LOOP; END \$\$" &
killer=$!
psql "DO \$\$ BEGIN FOR i IN 1..3000 LOOP PERFORM pg_stat_clear_snapshot(); PERFORM 1 FROM pg_stat_activity WHERE application_name = 't0081-killer' AND state = 'active'; EXIT WHEN FOUND; PERFORM pg_sleep(0.01); END LOOP; END \$\$"
expect "a session ended during the transaction: the command fails" 1 \
    tandem -d "$DB" role grant E2 manager
has_line "a session ended during the transaction: says so" "$err" \
    "tandem: role: input/output error"
wait $killer
psql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid()" >/dev/null
wait $holder
expect "the roles after" 0 tandem -d "$DB" role list
lacks "the interrupted grant left nothing" "$out" "E2"
expect "the same grant again" 0 tandem -d "$DB" role grant E2 manager
expect "the audit log verifies" 0 tandem -d "$DB" audit verify

done_testing

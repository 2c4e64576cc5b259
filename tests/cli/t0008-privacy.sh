# Privacy: the export of a person's data, erasure (no byte of the person
# left in the database file, its WAL or a journal; the audit log still
# verifies), the retention purge, backup and check.
. "$(dirname "$0")/lib.sh"

# scan NAME WORD: no byte of WORD in the database file, its WAL or a
# rollback journal.  On PostgreSQL there is no such file (the cluster's
# files and WAL are the operator's, docs/privacy.md): a skip, said so.
scan() {
	if [ "$testdb_engine" = pg ]; then
		ok "$1 # SKIP no database file on PostgreSQL"
		return
	fi
	found=0
	for f in tandem.db tandem.db-wal tandem.db-journal; do
		[ -e "$f" ] || continue
		c=$(grep -a -c -F -- "$2" "$f")
		found=$((found + c))
	done
	is "$1" "$found" 0
}

tandem init >/dev/null
# Q7319 (Zébulon Quincampoix) is the person erased; E3 mentors him.
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Langue;Matricule manager\n'\
'E1;L\303\251v\303\252que;Fran\303\247oise;francoise.leveque@exemple.fr;12/03/1958;Direction G\303\251n\303\251rale;Lyon;fr;\n'\
'E2;Gu\303\251rin;Herv\303\251;herve.guerin@exemple.fr;01/01/1968;Direction des Ressources Humaines;Lyon;fr;E1\n'\
'E3;N'"'"'Diaye;Zo\303\251;zoe.ndiaye@exemple.fr;05/11/2001;Direction des Syst\303\250mes d'"'"'Information;Lyon;fr,en;E2\n'\
'E4;Fabre;No\303\251;noe.fabre@exemple.fr;30/09/2000;Direction Commerciale;Lyon;fr;E2\n'\
'Q7319;Quincampoix;Z\303\251bulon;zebulon.quincampoix@exemple.fr;14/02/1962;Direction Juridique;Lyon;fr;E1\n'\
'E6;C\305\223ur;No\303\253l;noel.coeur@exemple.fr;25/12/1955;Direction Financi\303\250re;Lyon;fr;E1\n' >roster.csv
tandem import roster roster.csv >/dev/null
tandem role grant E1 sponsor >/dev/null
tandem role grant E2 manager >/dev/null

P="Cap numérique"
tandem --as E2 programme create --purpose "Les outils numériques" \
    --topics web-search,generative-ai --start 2027-01-11 --end 2027-06-30 \
    --sessions 4 --cadence 7 \
    --data-notice "Jusqu'à la fin du programme." "$P" >/dev/null
tandem --as E2 programme submit "$P" >/dev/null
tandem --as E1 programme approve "$P" >/dev/null
tandem --as E2 programme open "$P" >/dev/null
tandem --as E3 enrol "$P" E3 --mentor --topics web-search=4,generative-ai=3 >/dev/null
tandem --as E4 enrol "$P" E4 --mentor --topics web-search=3,generative-ai=4 >/dev/null
tandem --as E2 enrol "$P" Q7319 --mentee --topics web-search=0:3,generative-ai=1:2 \
    --optin-ref "OPT-QX-88" >/dev/null
tandem --as E6 enrol "$P" E6 --mentee --topics web-search=0:3,generative-ai=1:2 >/dev/null
tandem --as E2 match "$P" >/dev/null
tandem --as E2 pair publish "$P" >/dev/null
tandem pair list "$P" | awk -F'\t' '{print $1}' >pairs.txt
Q_MENTOR=$(grep -- '-> Q7319 ' pairs.txt | cut -d' ' -f1)
O_MENTOR=$(grep -- '-> E6 ' pairs.txt | cut -d' ' -f1)
for pr in "$Q_MENTOR Q7319" "$O_MENTOR E6"; do
	# shellcheck disable=SC2086
	set -- $pr
	tandem --as "$1" pair accept "$P" "$1" "$2" >/dev/null
	tandem --as "$2" pair accept "$P" "$1" "$2" >/dev/null
done
tandem --as E2 programme start "$P" >/dev/null
expect "plan" 0 tandem --as E2 session plan --start 2027-03-01 "$P"
QS=$(sql "SELECT s.id FROM session s JOIN enrolment n ON n.id = s.mentee_id JOIN employee e ON e.id = n.employee_id WHERE e.matricule = 'Q7319' ORDER BY s.seq LIMIT 1")
OS=$(sql "SELECT s.id FROM session s JOIN enrolment n ON n.id = s.mentee_id JOIN employee e ON e.id = n.employee_id WHERE e.matricule = 'E6' ORDER BY s.seq LIMIT 1")
at 2027-03-10 --as E2 session held "$QS" >/dev/null
at 2027-03-10 --as E2 session held "$OS" >/dev/null
CQ="SECRET-QC1 Zébulon a adoré les raccourcis clavier"
CP="SECRET-PC2 le mentor de Quincampoix parlait vite"
CO="SECRET-OC3 E6 garde son commentaire"
expect "Q7319 rates his session" 0 at 2027-03-10 --as Q7319 feedback --rating 5 --comment "$CQ" "$QS"
expect "his mentor rates it too" 0 at 2027-03-10 --as "$Q_MENTOR" feedback --rating 4 --comment "$CP" "$QS"
expect "E6 rates hers" 0 at 2027-03-10 --as E6 feedback --rating 3 --comment "$CO" "$OS"
expect "Q7319 answers the survey" 0 at 2027-03-10 --as Q7319 survey --recommend yes \
    --changed "SECRET-QS4 Quincampoix chiffre ses courriels" --levels web-search=3 "$P"
expect "E6 answers the survey" 0 at 2027-03-10 --as E6 survey --recommend no \
    --changed "SECRET-OS5 rien" "$P"

# --- Export ----------------------------------------------------------------

refused "export: someone else's data" \
    "tandem: exporting someone else's data needs the admin or the programme manager role, which E6 does not hold" \
    at 2027-03-10 --as E6 export person Q7319
expect "export: the person themself" 0 at 2027-03-10 --as Q7319 export person Q7319
cp "$out" export.json
json "export: valid JSON with his roster fields" \
    'd["person"]["matricule"] == "Q7319" and d["person"]["email"] == "zebulon.quincampoix@exemple.fr" and d["person"]["birth_year"] == 1962'
json "export: no birth date, only the year" '"birth_date" not in d["person"]'
json "export: his enrolment, opt-in and charter" \
    'd["enrolments"][0]["optin_ref"] == "OPT-QX-88" and d["enrolments"][0]["charter"]["version"] == 1 and len(d["enrolments"][0]["topics"]) == 2'
json "export: his pair, with the partner's name" \
    'd["enrolments"][0]["pairs"][0]["partner"] == "'"$Q_MENTOR"'" and d["enrolments"][0]["pairs"][0]["state"] == "accepted" and d["enrolments"][0]["pairs"][0]["partner_name"] != ""'
json "export: his sessions" 'len(d["enrolments"][0]["sessions"]) == 4 and d["enrolments"][0]["sessions"][0]["state"] == "held"'
json "export: his own comment" 'd["enrolments"][0]["feedback"][0]["comment"].startswith("SECRET-QC1")'
json "export: his survey" 'd["enrolments"][0]["closing"]["changed"].startswith("SECRET-QS4") and d["enrolments"][0]["closing"]["levels"][0]["level"] == 3'
json "export: the audit entries naming him" \
    'any(a["action"] == "enrolment.create" and "Q7319" in a["detail"] for a in d["audit"]) and all("Q7319" in (a["actor"] + a["object"] + a["detail"]) for a in d["audit"])'
lacks "export: not his mentor's private comment" export.json "SECRET-PC2"
lacks "export: nobody else's comment" export.json "SECRET-OC3"
lacks "export: nobody else's survey" export.json "SECRET-OS5"
expect "export: a manager may" 0 at 2027-03-10 --as E2 export person Q7319
expect "export: the system operator (an admin) may" 0 at 2027-03-10 export person Q7319
refused "export: nobody" 'tandem: no employee with id "Z9"' at 2027-03-10 export person Z9
expect "export: audited" 0 tandem audit list
contains "export: the entry" "$out" "$(printf 'Q7319\tperson.export\temployee:Q7319\ttheir own request')"

# --- Erasure ---------------------------------------------------------------

refused "erase: a manager may not" \
    "tandem: erasing a person needs the admin role, which E2 does not hold" \
    at 2027-03-10 --as E2 erase person Q7319
refused "erase: nor the person" \
    "tandem: erasing a person needs the admin role, which Q7319 does not hold" \
    at 2027-03-10 --as Q7319 erase person Q7319
refused_with 2 "erase: usage" "usage: tandem erase person ID | coach EMAIL" tandem erase Q7319

for w in "Zébulon" "Quincampoix" "zebulon.quincampoix@exemple.fr" "Q7319" "OPT-QX-88"; do
	if [ "$testdb_engine" = pg ]; then
		ok "before: $w is in the file # SKIP no database file on PostgreSQL"
		continue
	fi
	lacks_not=$(cat tandem.db tandem.db-wal 2>/dev/null | grep -a -c -F -- "$w")
	if [ "$lacks_not" -gt 0 ]; then ok "before: $w is in the file"; else not_ok "before: $w is in the file"; fi
done
planned=$(sql "SELECT count(*) FROM session s JOIN enrolment n ON n.id = s.mentee_id JOIN employee e ON e.id = n.employee_id WHERE e.matricule = 'Q7319' AND s.state = 'planned'")
is "before: his other sessions are planned" "$planned" 3
sql "SELECT matricule, last_name, first_name, email FROM employee WHERE matricule <> 'Q7319' ORDER BY id" >others-before.txt
at 2027-03-10 --as E1 report "$P" >report-before.txt 2>&1
# He has a web account, with an invitation pending.
at 2027-03-11 user invite Q7319 >/dev/null
is "before: his web account" "$(sql "SELECT count(*) FROM account a JOIN invitation i ON i.account_id = a.id JOIN employee e ON e.id = a.employee_id WHERE e.matricule = 'Q7319'")" 1
expect "erase: the system operator" 0 at 2027-03-12 erase person Q7319
QID=$(sql "SELECT id FROM employee WHERE erased_at IS NOT NULL")
QP=$(sql "SELECT matricule FROM employee WHERE id = $QID")
has_line "erase: said" "$out" "Q7319 erased: now $QP; 2 future sessions cancelled, 3 private texts cleared"
if printf '%s\n' "$QP" | grep -qE '^erased-[0-9a-f]{12}$'; then ok "erase: the pseudonym is random, not the row number"; else not_ok "erase: the pseudonym is random, not the row number"; fi
contains "erase: the new head printed" "$out" "audit head "
newhead=$(sed -n 's/^audit head //p' "$out")

is "erase: his web account and invitation are gone" "$(sql "SELECT (SELECT count(*) FROM account) + (SELECT count(*) FROM invitation)")" 0
scan "scan: first name" "Zébulon"
scan "scan: last name" "Quincampoix"
scan "scan: e-mail" "zebulon.quincampoix@exemple.fr"
scan "scan: matricule" "Q7319"
scan "scan: opt-in reference" "OPT-QX-88"
scan "scan: his comment" "SECRET-QC1"
scan "scan: his survey" "SECRET-QS4"
scan "scan: his mentor's comment about him" "SECRET-PC2"
is "no rollback journal" "$(ls tandem.db-journal 2>/dev/null)" ""

sql "SELECT matricule, last_name, first_name, email FROM employee WHERE erased_at IS NULL ORDER BY id" >others-after.txt
same "the others' roster rows intact" others-before.txt others-after.txt
is "E6's comment intact" "$(sql "SELECT comment FROM feedback WHERE session_id = $OS")" "$CO"
is "E6's survey intact" "$(sql "SELECT changed FROM closing WHERE changed IS NOT NULL")" "SECRET-OS5 rien"
is "his future sessions cancelled" "$(sql "SELECT group_concat(x) FROM (SELECT state || '/' || COALESCE(cancelled_by, '') AS x FROM session s WHERE s.mentee_id = (SELECT id FROM enrolment WHERE employee_id = $QID) ORDER BY seq) AS q")" "held/,planned/,cancelled/mentee,cancelled/mentee"
is "the shell keeps the generation" "$(sql "SELECT birth_year FROM employee WHERE id = $QID")" 1946
is "the shell is inactive" "$(sql "SELECT active || ':' || first_name || ':' || email FROM employee WHERE id = $QID")" "0::"
expect "audit verify after erasure" 0 tandem audit verify
contains "audit verify: the printed head" "$out" "head $newhead"
expect "check after erasure" 0 tandem check
has_line "check: said" "$out" "database sound: integrity, foreign keys and audit chain checked"
expect "audit: the erasure entry" 0 tandem audit list
contains "audit: person.erase, naming nobody" "$out" "$(printf 'system\tperson.erase\temployee:[erased]\t2 future sessions cancelled, 3 texts cleared')"
contains "audit: his enrolment, erased" "$out" "[erased] as mentee"
lacks "audit: no pseudonym in the log" "$out" "$QP"
expect "report after erasure" 0 at 2027-03-10 --as E1 report "$P"
contains "report: sessions still counted" "$out" "Tenues"
# A hidden cell may read "< 5" or "masqué" as the other cells go: both
# hide the count, which must not change.
grep -i "baby" report-before.txt | sed 's/masqué/< 5/g; s/  */ /g' >gen-before.txt
grep -i "baby" "$out" | sed 's/masqué/< 5/g; s/  */ /g' >gen-after.txt
same "report: the generation counts unchanged" gen-before.txt gen-after.txt
refused "erase: the matricule is gone" 'tandem: no employee with id "Q7319"' \
    tandem erase person Q7319
refused "erase twice" "tandem: $QP is erased already" \
    tandem erase person "$QP"
expect "employees: the others" 0 tandem employees
is "employees: five active, under a header" "$(($(wc -l <"$out") - 1))" 5
lacks "employees: not the erased shell" "$out" "erased-"

# --- Retention -------------------------------------------------------------

at 2027-07-01 --as E2 programme close "$P" >/dev/null
expect "purge: nothing yet" 0 at 2027-07-02 purge
is "purge: quiet" "$(cat "$out")" ""
expect "purge: comments after 90 days" 0 tandem purge --now 2027-10-01
contains "purge: texts cleared" "$out" "0 people erased, "
is "purge: E6's comment gone" "$(sql "SELECT count(*) FROM feedback WHERE comment IS NOT NULL")" 0
is "purge: E6's people kept" "$(sql "SELECT count(*) FROM employee WHERE matricule = 'E6'")" 1
refused "purge: a manager may not" \
    "tandem: purging expired data needs the admin role, which E2 does not hold" \
    at 2028-08-01 --as E2 purge
expect "purge: people after 365 days" 0 at 2028-08-01 purge
contains "purge: three people" "$out" "3 people erased"
scan "purge: E6's e-mail gone" "noel.coeur@exemple.fr"
is "purge: E2, who enrolled nobody, kept" "$(sql "SELECT count(*) FROM employee WHERE matricule = 'E2'")" 1
expect "purge: audit verifies" 0 tandem audit verify
expect "purge: check" 0 tandem check
expect "purge: again, nothing" 0 at 2028-08-02 purge
is "purge again: quiet" "$(cat "$out")" ""

# --- Backup and check ------------------------------------------------------

refused "backup: never over a file" "tandem: roster.csv: exists already: a backup never overwrites a file" \
    tandem backup roster.csv
# A writer in the background while the backup copies.
( i=0; while [ $i -lt 40 ]; do tandem role grant E3 admin >/dev/null 2>&1; tandem role revoke E3 admin >/dev/null 2>&1; i=$((i + 1)); done ) &
writer=$!
expect "backup while another process writes" 0 tandem backup copy.db
wait "$writer"
# On PostgreSQL the backup is pg_dump's archive: restored to be read.
copy=copy.db
if [ "$testdb_engine" = pg ]; then
	copy=$(testdb restored) || exit 2
	"$testdb_pg_bin/pg_restore" --no-owner -d "$copy" copy.db 2>restore.err
	is "the copy restores" "$?" 0
fi
expect "the copy passes check" 0 tandem -d "$copy" check
expect "the copy verifies" 0 tandem -d "$copy" audit verify

# A reference broken behind the store's back: PostgreSQL refuses to
# store one at all (its foreign keys are never off), SQLite does with
# foreign_keys off, and check finds it.
if [ "$testdb_engine" != pg ]; then
	cp tandem.db broken.db
	sqlite3 broken.db "PRAGMA foreign_keys = OFF; INSERT INTO role VALUES (999, 'admin', 'x', 'y');"
	expect "check: a broken foreign key" 1 tandem -d broken.db check
	contains "check: names it" "$err" "role row"
else
	refused_with 1 "a broken reference: PostgreSQL refuses it" \
	    'ERROR:  insert or update on table "role" violates foreign key constraint "role_employee_id_fkey"' \
	    testdb_sql "$db_main" "INSERT INTO role VALUES (999, 'admin', 'x', 'y')"
fi
tampered=$(testdb_copy "$db_main" tampered.db) || exit 2
if [ "$testdb_engine" = pg ]; then
	testdb_sql "$tampered" "DROP TRIGGER audit_no_update ON audit; UPDATE audit SET detail = 'x' WHERE id = 2;"
else
	sqlite3 tampered.db "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'x' WHERE id = 2;"
fi
expect "check: a tampered audit row" 1 tandem -d "$tampered" check
contains "check: names the entry" "$err" "entry 2 was altered"

# Retention delays per programme; comments never outlive the rest.
expect "retention: set at creation" 0 tandem --as E2 programme create \
    --purpose "Garder peu" --retention-days 180 \
    --comments-days 30 Retenue
expect "retention: shown" 0 tandem programme show Retenue
has_line "retention: the delays" "$out" "retention: people erased 180 days after the close, private comments cleared after 30"
refused_with 1 "retention: comments longer than the rest" "tandem: comments-days: private comments are kept no longer than the rest of the programme's data (retention-days)" \
    tandem --as E2 programme edit Retenue --comments-days 200
expect "retention: out of range" 1 tandem --as E2 programme edit Retenue \
    --retention-days 0
contains "retention: out of range, said" "$err" "retention-days"
is "retention: unchanged by the refusals" "$(sql "SELECT retention_days || '/' || comments_days FROM programme WHERE name = 'Retenue'")" "180/30"
expect "retention: shortened" 0 tandem --as E2 programme edit Retenue \
    --retention-days 90 --comments-days 7
is "retention: saved" "$(sql "SELECT retention_days || '/' || comments_days FROM programme WHERE name = 'Retenue'")" "90/7"

done_testing

# Volunteers: enrolment and withdrawal, with every refusal leaving the
# database as it was; then the audit log, verified and tampered with.
. "$(dirname "$0")/lib.sh"

# tampered NAME SQL: a copy of the database, changed by SQL behind
# Tandem's back; "tandem audit verify" on it must fail.  Its stderr is
# in $err.  On PostgreSQL the copy is a database made from the test's
# as a template, and a trigger is dropped "ON audit".
tampered() {
	tdb=$(testdb_copy "$db_main" t.db) || exit 2
	if [ "$testdb_engine" = pg ]; then
		testdb_psql -v ON_ERROR_STOP=1 -d "$tdb" -c "$(printf '%s' "$2" |
		    sed 's/DROP TRIGGER \(audit_no_[a-z]*\);/DROP TRIGGER \1 ON audit;/g')" \
		    >/dev/null 2>sql.err
	else
		sqlite3 t.db "$2" >/dev/null 2>sql.err
	fi
	if [ $? = 0 ]; then
		ok "$1: tampered"
	else
		not_ok "$1: tampered" "SQL failed: $(cat sql.err)"
	fi
	expect "$1: verify fails" 1 tandem -d "$tdb" audit verify
	lacks "$1: not called intact" "$out" "intact"
}

# sql_err QUERY: QUERY on the test's database, its errors in sql.err.
sql_err() {
	testdb_sql "$db_main" "$1" >/dev/null 2>sql.err
}

tandem init >/dev/null
expect "an empty log verifies" 0 tandem audit verify
has_line "no entry yet" "$out" "audit log intact: 0 entries, head 0000000000000000000000000000000000000000000000000000000000000000"

# Boomers (E1, E5), X (E2, E7), Y (E4, E6), Z (E3); E6 leaves below.
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Langue;Matricule manager\n'\
'E1;L\303\251v\303\252que;Fran\303\247oise;francoise.leveque@exemple.fr;12/03/1958;Direction G\303\251n\303\251rale;Paris La D\303\251fense;fr;\n'\
'E2;Gu\303\251rin;Herv\303\251;herve.guerin@exemple.fr;01/01/1968;Direction des Ressources Humaines;Lille;fr;E1\n'\
'E3;N'"'"'Diaye;Zo\303\251;zoe.ndiaye@exemple.fr;05/11/2001;Direction des Syst\303\250mes d'"'"'Information;Lyon Part-Dieu;fr,en;E2\n'\
'E4;B\303\251r\303\251nger;Am\303\251lie;amelie.berenger@exemple.fr;20/06/1988;Direction Financi\303\250re;Paris La D\303\251fense;fr;E1\n'\
'E5;Dupr\303\251;J\303\251r\303\264me;jerome.dupre@exemple.fr;14/02/1962;Direction Juridique;Nantes;fr;E1\n'\
'E6;Fabre;L\303\251a;lea.fabre@exemple.fr;30/09/1997;Direction Commerciale;Marseille;fr;E4\n'\
'E7;C\305\223ur;No\303\253l;noel.coeur@exemple.fr;25/12/1975;Direction Commerciale;Marseille;fr;E4\n' >roster.csv
grep -v '^E6;' roster.csv >roster2.csv
tandem import roster roster.csv >/dev/null
expect "E6 leaves" 0 tandem import roster roster2.csv
contains "one leaver" "$out" "added 0, updated 0, unchanged 6, left 1"

expect "grant sponsor" 0 tandem role grant E1 sponsor
expect "grant manager" 0 tandem role grant E2 manager
expect "grant a second sponsor" 0 tandem role grant E4 sponsor
expect "the grants verify" 0 tandem audit verify
# Two imports (audited since issue 17) and three grants.
contains "five entries" "$out" "audit log intact: 5 entries, head "

P="Cap numérique"
Q="Déclic IA"
expect "create" 0 tandem --as E2 programme create \
    --purpose "Faire découvrir les outils numériques aux baby-boomers" \
    --topics "web-search,generative-ai" --start 2027-01-11 --end 2027-06-30 \
    --data-notice "Nous conservons vos thèmes et disponibilités jusqu'à la fin du programme." \
    "$P"
expect "create another" 0 tandem --as E2 programme create --purpose "L'IA pour tous" \
    --topics generative-ai --start 2027-02-01 --end 2027-05-31 \
    --data-notice "Vos choix, jusqu'à la fin." "$Q"

# --- Before approval: no enrolment ---------------------------------------

refused "enrol in a draft" \
    "tandem: programme \"$P\" is draft: enrolment opens once it is approved and open" \
    tandem --as E3 enrol "$P" E3 --mentor --topics web-search=4
expect "submit" 0 tandem --as E2 programme submit "$P"
refused "enrol in a submitted programme" \
    "tandem: programme \"$P\" is submitted: enrolment opens once it is approved and open" \
    tandem --as E3 enrol "$P" E3 --mentor --topics web-search=4
expect "approve" 0 tandem --as E1 programme approve "$P"
refused "enrol in an approved, not yet open, programme" \
    "tandem: programme \"$P\" is approved but not open yet: enrolment starts when a programme manager opens it" \
    tandem --as E2 enrol "$P" E5 --mentee --topics web-search=1 --optin-ref "OPT-1"
expect "open" 0 tandem --as E2 programme open "$P"

# --- Self-enrolment -----------------------------------------------------

expect "self-enrolment" 0 tandem --as E3 enrol "$P" E3 --mentor \
    --topics web-search=4,generative-ai=3 --availability mon-am,thu-pm --capacity 2
has_line "enrolled" "$out" "E3 enrolled in \"$P\" as mentor"
refused "double enrolment" \
    "tandem: E3 is already enrolled in \"$P\" (as mentor, since 2026-11-27T00:00:00Z); change the enrolment instead" \
    tandem --as E3 enrol "$P" E3 --mentor --topics web-search=4
refused "double enrolment in the other role" \
    "tandem: E3 is already enrolled in \"$P\" (as mentor, since 2026-11-27T00:00:00Z); change the enrolment instead" \
    tandem --as E3 enrol "$P" E3 --mentee --topics generative-ai=1
refused "double enrolment recorded by a manager" \
    "tandem: E3 is already enrolled in \"$P\" (as mentor, since 2026-11-27T00:00:00Z); change the enrolment instead" \
    tandem --as E2 enrol "$P" E3 --mentor --topics web-search=4 --optin-ref "OPT-3"

# --- Enrolling someone else ------------------------------------------------

refused "a manager needs the opt-in reference" \
    "tandem: optin: enrolling E5 on their behalf needs the reference of their signed opt-in (--optin-ref)" \
    tandem --as E2 enrol "$P" E5 --mentee --topics web-search=1:3
refused "a non-manager cannot enrol someone else" \
    "tandem: enrolling someone else needs the programme manager role, which E7 does not hold" \
    tandem --as E7 enrol "$P" E5 --mentee --topics web-search=1:3 --optin-ref "OPT-5"
refused "the system operator cannot enrol anyone" \
    "tandem: enrolling someone else needs the programme manager role: say who you are (--as EMPLOYEE_ID)" \
    tandem enrol "$P" E5 --mentee --topics web-search=1:3 --optin-ref "OPT-5"
refused "a sponsor cannot enrol someone else" \
    "tandem: enrolling someone else needs the programme manager role, which E1 does not hold" \
    tandem --as E1 enrol "$P" E5 --mentee --topics web-search=1:3 --optin-ref "OPT-5"
refused "an inactive employee" \
    "tandem: E6 has left the company (inactive in the roster)" \
    tandem --as E2 enrol "$P" E6 --mentee --topics web-search=1 --optin-ref "OPT-6"
refused "a leaver cannot enrol themself" \
    "tandem: --as E6: who acts must be an active employee" \
    tandem --as E6 enrol "$P" E6 --mentee --topics web-search=1
refused "nobody" 'tandem: no employee with id "E9"' \
    tandem --as E2 enrol "$P" E9 --mentee --topics web-search=1 --optin-ref "OPT-9"
refused "no programme" 'tandem: no programme "nope"' \
    tandem --as E1 enrol nope E1 --mentee --topics web-search=1

# --- What a volunteer gives ---------------------------------------------------

refused "topic not in the programme" \
    'tandem: topics: "security" is not a topic of this programme' \
    tandem --as E1 enrol "$P" E1 --mentee --topics security=1
refused "topic of no programme" \
    'tandem: topics: "nope" is not a topic of this programme' \
    tandem --as E1 enrol "$P" E1 --mentee --topics nope=1
refused "no topic" \
    "tandem: topics: choose at least one of the programme's topics, as code=LEVEL[:INTEREST]" \
    tandem --as E1 enrol "$P" E1 --mentee
refused "topic without level" 'tandem: topics: "web-search" is not code=LEVEL' \
    tandem --as E1 enrol "$P" E1 --mentee --topics web-search
refused "bad level" \
    "tandem: topics: \"web-search=5\": the level is 0 to 4, the interest after ':' 0 to 3" \
    tandem --as E1 enrol "$P" E1 --mentee --topics web-search=5
refused "bad interest" \
    "tandem: topics: \"web-search=1:4\": the level is 0 to 4, the interest after ':' 0 to 3" \
    tandem --as E1 enrol "$P" E1 --mentee --topics web-search=1:4
refused "topic twice" 'tandem: topics: "web-search" is given twice' \
    tandem --as E1 enrol "$P" E1 --mentee --topics web-search=1,web-search=2
refused "bad availability" \
    'tandem: availability: "sun-am" is not a half-day (mon-am, mon-pm, ... fri-pm, or all)' \
    tandem --as E1 enrol "$P" E1 --mentee --topics web-search=1 --availability sun-am
refused "empty availability" "tandem: availability: no half-day given" \
    tandem --as E1 enrol "$P" E1 --mentee --topics web-search=1 --availability ,
refused "bad language" 'tandem: languages: "french" is not a language code such as fr or en' \
    tandem --as E1 enrol "$P" E1 --mentee --topics web-search=1 --languages french
refused "no language" "tandem: languages: at least one language" \
    tandem --as E1 enrol "$P" E1 --mentee --topics web-search=1 --languages ""
refused "capacity for a mentee" "tandem: capacity: only mentors have a capacity" \
    tandem --as E1 enrol "$P" E1 --mentee --topics web-search=1 --capacity 2
refused "capacity too large" "tandem: capacity: 51 is not between 1 and 50" \
    tandem --as E7 enrol "$P" E7 --mentor --topics generative-ai=4 --capacity 51
refused_with 2 "capacity zero" "tandem: --capacity: a number from 1" \
    tandem --as E3 enrol "$P" E3 --mentor --topics web-search=4 --capacity 0
refused_with 2 "mentor or mentee" \
    "usage: tandem enrol PROGRAMME ID --mentor|--mentee --topics CODE=LEVEL[:INTEREST],... [--languages L,...] [--site SITE] [--remote] [--availability mon-am,...] [--capacity N] [--optin-ref REF] | --change PROGRAMME ID [--topics ...] [--languages L,...] [--site SITE] [--remote|--on-site] [--availability ...] [--capacity N]" \
    tandem --as E1 enrol "$P" E1 --topics web-search=1
# A mentor gives no interest; level 4 is a valid level, so the message
# must not say the level is wrong.
testdb_dump "$db_main" >before.sql
expect "a mentor gives no interest" 1 \
    tandem --as E7 enrol "$P" E7 --mentor --topics generative-ai=4:2
contains "a mentor gives no interest: the choice named" "$err" \
    'tandem: topics: "generative-ai=4:2"'
lacks "a mentor gives no interest: a valid level is not blamed" "$err" \
    "the level is 0 to 4"
testdb_dump "$db_main" >after.sql
same "a mentor gives no interest: nothing changed" before.sql after.sql

# --- A new charter version between two enrolments -----------------------

expect "edit the open programme" 0 tandem --as E2 programme edit --sessions 8 "$P"
expect "recorded enrolment" 0 tandem --as E2 enrol "$P" E5 --mentee \
    --topics web-search=1:3 --optin-ref "Formulaire signé du 20/11/2026"
has_line "enrolled by the manager" "$out" "E5 enrolled in \"$P\" as mentee"
expect "self-enrolment with every option" 0 tandem --as E1 enrol "$P" E1 --mentee \
    --topics generative-ai=0:3,web-search=2:1 --languages fr,de --site Lille \
    --remote --availability "tue-am, fri-pm"
expect "enrolments" 0 tandem enrolments "$P"
printf '%s\n' \
    "E5	Jérôme Dupré	boomers	mentee	web-search=1:3	fr	Nantes	all	cap 1	charter v2	recorded Formulaire signé du 20/11/2026" \
    "E1	Françoise Lévêque	boomers	mentee	web-search=2:1,generative-ai=0:3	fr,de	Lille (remote ok)	tue-am,fri-pm	cap 1	charter v2	self" \
    "E3	Zoé N'Diaye	z	mentor	web-search=4,generative-ai=3	fr,en	Lyon Part-Dieu	mon-am,thu-pm	cap 2	charter v1	self" \
    >enrolments.txt
sort enrolments.txt >want.txt
sort "$out" >got.txt
same "enrolments: versions and opt-ins" want.txt got.txt
expect "show counts volunteers" 0 tandem programme show "$P"
has_line "one mentor, two mentees" "$out" "volunteers: 1 mentor(s), 2 mentee(s)"

# --- Withdrawal -----------------------------------------------------------------

refused "a non-manager cannot withdraw someone else" \
    "tandem: withdrawing someone else needs the programme manager role, which E7 does not hold" \
    tandem --as E7 withdraw "$P" E5
refused "a volunteer cannot withdraw another" \
    "tandem: withdrawing someone else needs the programme manager role, which E3 does not hold" \
    tandem --as E3 withdraw "$P" E5
refused "the system operator cannot withdraw anyone" \
    "tandem: withdrawing someone else needs the programme manager role: say who you are (--as EMPLOYEE_ID)" \
    tandem withdraw "$P" E5
refused "withdraw someone not enrolled" "tandem: E7 is not enrolled in \"$P\"" \
    tandem --as E7 withdraw "$P" E7
refused "withdraw nobody" 'tandem: no employee with id "E9"' \
    tandem --as E2 withdraw "$P" E9
refused "withdraw from no programme" 'tandem: no programme "nope"' \
    tandem --as E3 withdraw nope E3
expect "withdraw oneself" 0 tandem --as E3 withdraw "$P" E3
has_line "withdrawn" "$out" "E3 has withdrawn from \"$P\""
refused "withdraw twice" "tandem: E3 is not enrolled in \"$P\" any more" \
    tandem --as E3 withdraw "$P" E3
expect "a manager withdraws someone" 0 tandem --as E2 withdraw "$P" E1
expect "enrolments without the withdrawn" 0 tandem enrolments "$P"
lacks "E3 gone" "$out" "E3	"
lacks "E1 gone" "$out" "E1	"
contains "E5 stays" "$out" "E5	"
expect "enrolments --withdrawn" 0 tandem enrolments --withdrawn "$P"
has_line "E3 withdrawn, with the date" "$out" \
    "E3	Zoé N'Diaye	z	mentor	web-search=4,generative-ai=3	fr,en	Lyon Part-Dieu	mon-am,thu-pm	cap 2	charter v1	self	withdrawn 2026-11-27T00:00:00Z"
contains "E1 withdrawn" "$out" "$(printf 'self\twithdrawn 2026-11-27T00:00:00Z')"
expect "show after withdrawals" 0 tandem programme show "$P"
has_line "one mentee left" "$out" "volunteers: 0 mentor(s), 1 mentee(s)"
refused "enrolments of nothing" 'tandem: no programme "nope"' tandem enrolments nope

# --- A closed programme ---------------------------------------------------

expect "close" 0 tandem --as E2 programme close "$P"
refused "withdraw from a closed programme" "tandem: programme \"$P\" is closed" \
    tandem --as E5 withdraw "$P" E5
testdb_dump "$db_main" >before.sql
expect "enrol in a closed programme" 1 tandem --as E7 enrol "$P" E7 --mentee --topics web-search=1
contains "closed is said" "$err" "tandem: programme \"$P\" is closed"
# Enrolment never opens again on a closed programme: the message must
# not promise it will.
lacks "closed: no false promise" "$err" "enrolment opens once"
testdb_dump "$db_main" >after.sql
same "enrol in a closed programme: nothing changed" before.sql after.sql

# --- The audit log ------------------------------------------------------------

expect "audit list" 0 tandem audit list
has_line "the import audited, by numbers" "$out" "$(printf '1\t2026-11-27T00:00:00Z\tsystem\troster.import\tstore:roster\timport 1: 7 rows, 7 added, 0 updated, 0 unchanged, 0 left')"
has_line "grant by system" "$out" "$(printf '3\t2026-11-27T00:00:00Z\tsystem\trole.grant\temployee:E1\tsponsor')"
contains "create" "$out" "$(printf 'E2\tprogramme.create\tprogramme:Cap num\303\251rique\tdraft')"
contains "approve" "$out" "$(printf 'E1\tprogramme.approve\tprogramme:Cap num\303\251rique\tsubmitted -> approved')"
contains "publish 1" "$out" "$(printf 'E2\tcharter.publish\tprogramme:Cap num\303\251rique\tversion 1')"
contains "edit" "$out" "$(printf 'E2\tprogramme.edit\tprogramme:Cap num\303\251rique\topen')"
contains "publish 2" "$out" "$(printf 'E2\tcharter.publish\tprogramme:Cap num\303\251rique\tversion 2')"
contains "self-enrolment audited" "$out" "$(printf 'E3\tenrolment.create\tprogramme:Cap num\303\251rique\tE3 as mentor, charter version 1, opt-in self')"
contains "recorded enrolment audited" "$out" "$(printf 'E2\tenrolment.create\tprogramme:Cap num\303\251rique\tE5 as mentee, charter version 2, opt-in recorded: [text]')"
lacks "the opt-in reference, free text, is not in the log" "$out" "Formulaire"
contains "self-withdrawal audited" "$out" "$(printf 'E3\tenrolment.withdraw\tprogramme:Cap num\303\251rique\tE3')"
contains "withdrawal by a manager audited" "$out" "$(printf 'E2\tenrolment.withdraw\tprogramme:Cap num\303\251rique\tE1')"
contains "close audited" "$out" "$(printf 'E2\tprogramme.close\tprogramme:Cap num\303\251rique\topen -> closed')"
test "$(wc -l <"$out")" -eq 19 && ok "no entry for any refusal" || not_ok "no entry for any refusal" "$(wc -l <"$out") entries"
# The whole log is the admin's (the system operator's above); anyone
# else reads the entries that name them, as their export does.
expect "audit list as a participant" 0 tandem --as E3 audit list
contains "a participant reads their enrolment" "$out" "$(printf 'E3\tenrolment.create\tprogramme:Cap num\303\251rique\tE3 as mentor')"
lacks "a participant reads no one else's entries" "$out" "programme.approve"
is "a participant reads only entries naming them" "$(grep -cvw E3 "$out")" 0
expect "verify" 0 tandem audit verify
contains "intact" "$out" "audit log intact: 19 entries, head "

# The triggers refuse changes made through SQL.
testdb_dump "$db_main" >before.sql
if sql_err "UPDATE audit SET detail='x' WHERE id=4"; then
	not_ok "UPDATE refused by the trigger"
else
	ok "UPDATE refused by the trigger"
fi
contains "UPDATE: append-only" sql.err "the audit log is append-only"
if sql_err "DELETE FROM audit WHERE id=4"; then
	not_ok "DELETE refused by the trigger"
else
	ok "DELETE refused by the trigger"
fi
contains "DELETE: append-only" sql.err "the audit log is append-only"
testdb_dump "$db_main" >after.sql
same "the triggers changed nothing" before.sql after.sql
expect "still intact" 0 tandem audit verify

# Changes made behind the triggers break the chain, and verify names the
# first bad entry.
tampered "detail altered" "DROP TRIGGER audit_no_update; UPDATE audit SET detail='x' WHERE id=4"
has_line "detail altered: entry named" "$err" \
    "tandem: audit: entry 4 was altered: its content does not match its hash"
tampered "actor altered" "DROP TRIGGER audit_no_update; UPDATE audit SET actor='E4' WHERE id=9"
has_line "actor altered: entry named" "$err" \
    "tandem: audit: entry 9 was altered: its content does not match its hash"
tampered "two entries altered" "DROP TRIGGER audit_no_update; UPDATE audit SET detail='x' WHERE id IN (6, 12)"
has_line "two entries altered: the first named" "$err" \
    "tandem: audit: entry 6 was altered: its content does not match its hash"
tampered "prev changed" "DROP TRIGGER audit_no_update; UPDATE audit SET prev=(SELECT prev FROM audit WHERE id=3) WHERE id=4"
has_line "prev changed: entry named" "$err" \
    "tandem: audit: entry 4 does not follow entry 3: the chain is broken"
tampered "middle entry deleted" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id=5"
has_line "middle entry deleted: entry named" "$err" \
    "tandem: audit: entry 5 is missing (the next entry is 6)"
tampered "first entry deleted" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id=1"
has_line "first entry deleted: entry named" "$err" \
    "tandem: audit: entry 1 is missing (the next entry is 2)"
tampered "entry appended with a forged hash" \
    "INSERT INTO audit VALUES (20, '2026-11-27T00:00:00Z', 'E2', 'programme.state', 'programme:x', 'x', (SELECT hash FROM audit WHERE id=19), 'forged')"
has_line "forged entry named" "$err" \
    "tandem: audit: entry 20 was altered: its content does not match its hash"
tampered "entry appended out of sequence" \
    "INSERT INTO audit VALUES (99, '2026-11-27T00:00:00Z', 'E2', 'x', 'x', 'x', 'x', 'x')"
has_line "gap named" "$err" "tandem: audit: entry 20 is missing (the next entry is 99)"
tampered "entries swapped" "DROP TRIGGER audit_no_update; UPDATE audit SET id=-id WHERE id IN (7, 8); UPDATE audit SET id=8 WHERE id=-7; UPDATE audit SET id=7 WHERE id=-8"
has_line "swap named" "$err" "tandem: audit: entry 7 does not follow entry 6: the chain is broken"
# Removing the last entry (here: the closing of the programme) is
# removing an entry, which audit.h promises to detect.
tampered "last entry deleted" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id=19"
expect "the real log still verifies" 0 tandem audit verify
contains "the real log is intact" "$out" "audit log intact: 19 entries, head "

done_testing

# The audit log against a hostile reading (issue 17): entries name people
# by subject keys only; erasure and purge delete the key's mapping and
# never change an entry, whatever an actor chose to type; no recorded
# hash covers anything that identifies anyone; erasure leaves no trace
# in the partner's texts, the team's manager field, the database file,
# its WAL or a later backup; an old log is re-keyed once.
. "$(dirname "$0")/lib.sh"

# scan NAME WORD FILE...: no byte of WORD in the files that exist.
scan() {
	sname=$1 sword=$2
	shift 2
	if [ "$testdb_engine" = pg ]; then
		ok "$sname # SKIP no database file on PostgreSQL"
		return
	fi
	found=0
	for f in "$@"; do
		[ -e "$f" ] || continue
		c=$(grep -a -c -F -- "$sword" "$f")
		found=$((found + c))
	done
	is "$sname" "$found" 0
}

# snapshot FILE: every entry as stored, one a line.
snapshot() {
	sql "SELECT id || '|' || at || '|' || actor || '|' || object || '|' || detail || '|' || prev || '|' || hash FROM audit ORDER BY id" >"$1"
}

# unchanged NAME OLD: the entries of snapshot OLD are all still there,
# byte for byte; the log only grew.
unchanged() {
	snapshot now.txt
	head -n "$(wc -l <"$2")" now.txt >prefix.txt
	same "$1" "$2" prefix.txt
}

tandem init >/dev/null
# N1 (Nicolas Fontaine) is never named in the log.  E6 manages E3 and E4.
# Q2 (Zébulon Quincampoix) is enrolled by E2 with E2's own matricule as
# the opt-in reference; Q3 (Zoé Ravaillac) mentored by E4.
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Langue;Matricule manager\n'\
'E1;L\303\251v\303\252que;Fran\303\247oise;francoise.leveque@exemple.fr;12/03/1958;Direction G\303\251n\303\251rale;Lyon;fr;\n'\
'E2;Gu\303\251rin;Herv\303\251;herve.guerin@exemple.fr;01/01/1968;Direction des Ressources Humaines;Lyon;fr;E1\n'\
'E6;Chef;Armande;armande.chef@exemple.fr;05/05/1965;Direction Financi\303\250re;Lyon;fr;E1\n'\
'E3;N'"'"'Diaye;Zo\303\251;zoe.ndiaye@exemple.fr;05/11/2001;Direction des Syst\303\250mes d'"'"'Information;Lyon;fr;E6\n'\
'E4;Fabre;No\303\251;noe.fabre@exemple.fr;30/09/2000;Direction Commerciale;Lyon;fr;E6\n'\
'N1;Fontaine;Nicolas;nicolas.fontaine@exemple.fr;14/02/1970;Direction Juridique;Lyon;fr;E1\n'\
'Q2;Quincampoix;Z\303\251bulon;zebulon.quincampoix@exemple.fr;14/02/1962;Direction Juridique;Lyon;fr;E1\n'\
'Q3;Ravaillac;Ombeline;ombeline.ravaillac@exemple.fr;25/12/1955;Direction Financi\303\250re;Lyon;fr;E1\n' >roster.csv
tandem import roster roster.csv >/dev/null
tandem role grant E1 sponsor >/dev/null
tandem role grant E2 manager >/dev/null
P="Cap numérique"
tandem --as E2 programme create --purpose "Les outils numériques" \
    --topics web-search,generative-ai --start 2027-01-11 --end 2027-06-30 \
    --sessions 4 --cadence 7 --retention-days 1 --comments-days 1 \
    --data-notice "Jusqu'à la fin du programme." "$P" >/dev/null
expect "a coach named Fontaine" 0 tandem --as E2 coach add "Claire Fontaine" claire.fontaine@coachs.fr
tandem --as E2 programme submit "$P" >/dev/null
tandem --as E1 programme approve --note "Vu avec Zébulon Quincampoix" "$P" >/dev/null
tandem --as E2 programme open "$P" >/dev/null
tandem --as E3 enrol "$P" E3 --mentor --topics web-search=4,generative-ai=3 >/dev/null
tandem --as E4 enrol "$P" E4 --mentor --topics web-search=3,generative-ai=4 >/dev/null
expect "an opt-in whose reference is the manager's own matricule" 0 \
    tandem --as E2 enrol "$P" Q2 --mentee --topics web-search=0:3,generative-ai=1:2 --optin-ref "E2"
tandem --as Q3 enrol "$P" Q3 --mentee --topics web-search=0:3,generative-ai=1:2 >/dev/null
tandem --as E2 match "$P" >/dev/null
tandem --as E2 pair publish "$P" >/dev/null
tandem pair list "$P" | awk -F'\t' '{print $1}' >pairs.txt
Q2_MENTOR=$(grep -- '-> Q2 ' pairs.txt | cut -d' ' -f1)
Q3_MENTOR=$(grep -- '-> Q3 ' pairs.txt | cut -d' ' -f1)
for pr in "$Q2_MENTOR Q2" "$Q3_MENTOR Q3"; do
	# shellcheck disable=SC2086
	set -- $pr
	tandem --as "$1" pair accept "$P" "$1" "$2" >/dev/null
	tandem --as "$2" pair accept "$P" "$1" "$2" >/dev/null
done
tandem --as E2 programme start "$P" >/dev/null
tandem --as E2 session plan --start 2027-03-01 "$P" >/dev/null
S3=$(sql "SELECT s.id FROM session s JOIN enrolment n ON n.id = s.mentee_id JOIN employee e ON e.id = n.employee_id WHERE e.matricule = 'Q3' ORDER BY s.seq LIMIT 1")
at 2027-03-10 --as E2 session held "$S3" >/dev/null
expect "Q3 comments" 0 at 2027-03-10 --as Q3 feedback --rating 5 --comment "SECRET-Q3C Ombeline aime" "$S3"
expect "Q3 answers the survey" 0 at 2027-03-10 --as Q3 survey --recommend yes --changed "SECRET-Q3S Ombeline chiffre" "$P"
expect "her mentor answers, naming her" 0 at 2027-03-10 --as "$Q3_MENTOR" survey --recommend yes \
    --changed "SECRET-M3S Ravaillac ombeline.ravaillac@exemple.fr progresse" "$P"
expect "Q2 answers the survey" 0 at 2027-03-10 --as Q2 survey --recommend yes --changed "SECRET-Q2S Zébulon" "$P"
expect "export of Q2 by the manager" 0 at 2027-03-10 --as E2 export person Q2

# --- What an entry holds -------------------------------------------------

sql "SELECT actor || ' ' || object || ' ' || detail FROM audit" >raw.txt
for w in E1 E2 E3 E4 E6 N1 Q2 Q3 Fontaine Claire claire.fontaine@coachs.fr \
    Quincampoix "Zébulon" Ravaillac Ombeline herve.guerin@exemple.fr \
    zebulon.quincampoix@exemple.fr SECRET "Vu avec"; do
	if grep -qw -- "$w" raw.txt; then not_ok "no entry holds $w"; else ok "no entry holds $w"; fi
done
expect "the log as read: keys resolved to matricules" 0 tandem audit list
contains "resolved: the manager's enrolment of Q2" "$out" "$(printf 'E2\tenrolment.create\tprogramme:Cap num\303\251rique\tQ2 as mentee, charter version 1, opt-in recorded: E2')"
contains "resolved: the coach by e-mail" "$out" "coach:claire.fontaine@coachs.fr"
grep -c "$(printf '^[0-9]*\t[^\t]*\tE2\t')" "$out" >e2-before.txt
PSQL="$testdb_pg_bin/psql" python3 - "$db_main" <<'PY' >hashes.txt
import hashlib, json, os, sqlite3, subprocess, sys
Q = "SELECT id, at, actor, action, object, detail, prev, hash FROM audit ORDER BY id"
if sys.argv[1].startswith("host="):
    rows = json.loads(subprocess.run([os.environ["PSQL"], "-X", "-qAt", "-d",
        sys.argv[1], "-c", "SELECT coalesce(json_agg(json_build_array(id, at, "
        "actor, action, object, detail, prev, hash) ORDER BY id), '[]') "
        "FROM audit"], capture_output=True, text=True, check=True).stdout)
else:
    rows = sqlite3.connect(sys.argv[1]).execute(Q).fetchall()
bad = 0
for row in rows:
    h = hashlib.blake2b(digest_size=32)
    for f in [str(row[0])] + list(row[1:7]):
        b = f.encode()
        h.update(b"%d:" % len(b) + b)
    bad += h.hexdigest() != row[7]
print(bad)
PY
is "every hash is over the stored fields alone (which name nobody): a guessed matricule confirms nothing" "$(cat hashes.txt)" 0

# --- Erasure never changes an entry -------------------------------------

snapshot a0.txt
n0=$(wc -l <a0.txt)
expect "erase N1, never named in the log" 0 at 2027-03-11 erase person N1
unchanged "erase N1: no entry changed" a0.txt
is "erase N1: one entry appended" "$(sql "SELECT count(*) FROM audit")" $((n0 + 1))
expect "the coach keeps her name" 0 tandem audit list
contains "the coach Fontaine untouched" "$out" "coach:claire.fontaine@coachs.fr"

snapshot a1.txt
expect "erase Q2, whose opt-in reference is E2's matricule" 0 at 2027-03-11 erase person Q2
unchanged "erase Q2: no entry changed" a1.txt
expect "audit list after Q2" 0 tandem audit list
grep -c "$(printf '^[0-9]*\t[^\t]*\tE2\t')" "$out" >e2-after.txt
same "E2's entries still E2's" e2-before.txt e2-after.txt
contains "Q2 reads as erased" "$out" "$(printf 'E2\tenrolment.create\tprogramme:Cap num\303\251rique\t[erased] as mentee')"
lastdetail=$(sql "SELECT detail FROM audit ORDER BY id DESC LIMIT 1")
if printf '%s' "$lastdetail" | grep -qE '[0-9a-f]{64}'; then
	not_ok "the erase entry records no hash over the old log"
else
	ok "the erase entry records no hash over the old log"
fi
is "the erase entry" "$(sql "SELECT actor || ' ' || action || ' ' || CASE WHEN object LIKE 'employee:p-%' THEN 1 ELSE 0 END FROM audit ORDER BY id DESC LIMIT 1")" "system person.erase 1"
is "the key's mapping is gone" "$(sql "SELECT count(*) FROM audit_subject WHERE key = substr((SELECT object FROM audit ORDER BY id DESC LIMIT 1), 10)")" 0

# The partner's closing answer and the team's manager field.
snapshot a2.txt
expect "erase Q3" 0 at 2027-03-11 erase person Q3
unchanged "erase Q3: no entry changed" a2.txt
is "the partner's closing answer holds no trace" "$(sql "SELECT count(*) FROM closing WHERE changed LIKE '%M3S%'")" 0
E6ID=$(sql "SELECT id FROM employee WHERE matricule = 'E6'")
expect "erase E6, the team's manager" 0 at 2027-03-11 erase person E6
is "the team's manager field no longer names the erased manager" "$(sql "SELECT count(*) FROM employee WHERE manager_id = $E6ID")" 0
expect "E3's export" 0 at 2027-03-11 --as E3 export person E3
json "E3's export: no manager" 'd["person"]["manager"] is None'
expect "audit verify after erasures" 0 tandem audit verify

# --- Purge: the actor's own entries untouched ---------------------------

snapshot a3.txt
at 2027-07-01 --as E2 programme close "$P" >/dev/null
expect "purge after one day" 0 at 2027-07-05 purge
contains "purge: people erased" "$out" "people erased"
unchanged "purge: no entry changed" a3.txt
expect "audit list after the purge" 0 tandem audit list
grep -c "$(printf '^[0-9]*\t[^\t]*\tE2\t')" "$out" >e2-purge.txt
if [ "$(cat e2-purge.txt)" -ge "$(cat e2-before.txt)" ]; then ok "purge: E2's entries still E2's"; else not_ok "purge: E2's entries still E2's"; fi
expect "audit verify after the purge" 0 tandem audit verify

# --- Residue: database, WAL and a backup taken afterwards -----------------

expect "backup after the purge" 0 tandem backup after.db
for w in "Zébulon" Quincampoix zebulon.quincampoix@exemple.fr "SECRET-Q2S" \
    Ombeline Ravaillac ombeline.ravaillac@exemple.fr SECRET-Q3C SECRET-Q3S \
    SECRET-M3S Nicolas nicolas.fontaine@exemple.fr armande.chef@exemple.fr \
    Armande "Vu avec"; do
	scan "residue: $w" "$w" tandem.db tandem.db-wal after.db
done
for m in Q2 Q3 N1 E6; do
	# (PostgreSQL's backup is pg_dump's archive: the live database.)
	if [ "$testdb_engine" = pg ]; then
		is "residue: matricule $m" "$(sql "SELECT count(*) FROM employee WHERE matricule = '$m'")" 0
	else
		is "residue: matricule $m" "$(sqlite3 after.db "SELECT count(*) FROM employee WHERE matricule = '$m'")" 0
	fi
done

# --- A log written before subject keys is re-keyed once --------------------

rm -f old.db old.db-wal old.db-shm
tandem -d old.db init >/dev/null
tandem -d old.db import roster roster.csv >/dev/null
python3 - <<'PY'
import hashlib, sqlite3
db = sqlite3.connect("old.db")
trig = [r[0] for r in db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_no_%'")]
db.execute("DROP TRIGGER audit_no_update")
db.execute("DROP TRIGGER audit_no_delete")
db.execute("DELETE FROM audit")
db.execute("DELETE FROM audit_subject")
old = [("E2", "role.grant", "employee:E3", "sponsor"),
       ("E2", "enrolment.create", "programme:Cap", "E3 as mentee, charter version 1, opt-in recorded: Formulaire de Zoé N'Diaye"),
       ("system", "person.erase", "employee:erased-12", "2 future sessions cancelled; audit entries from 1 re-chained, the head was " + "ab" * 32)]
prev = "0" * 64
for i, (actor, action, obj, detail) in enumerate(old, 1):
    h = hashlib.blake2b(digest_size=32)
    for f in [str(i), "2026-11-27T00:00:00Z", actor, action, obj, detail, prev]:
        b = f.encode()
        h.update(b"%d:" % len(b) + b)
    db.execute("INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (i, "2026-11-27T00:00:00Z", actor, action, obj, detail, prev, h.hexdigest()))
    prev = h.hexdigest()
db.execute("INSERT OR REPLACE INTO audit_head (one, id, hash) VALUES (1, 3, ?)", (prev,))
db.execute("INSERT OR IGNORE INTO audit_upgrade VALUES (1)")
for t in trig:
    db.execute(t)
db.commit()
PY
expect "old log: verifies before" 0 tandem -d old.db audit verify
expect "old log: re-keyed at init" 0 tandem -d old.db init
expect "old log: verifies after" 0 tandem -d old.db audit verify
contains "old log: four entries" "$out" "audit log intact: 4 entries"
sqlite3 old.db "SELECT actor || ' ' || object || ' ' || detail FROM audit" >oldraw.txt
for w in E2 E3 Formulaire "Zoé" erased-12 abababab; do
	if grep -qw -- "$w" oldraw.txt; then not_ok "old log: no entry holds $w"; else ok "old log: no entry holds $w"; fi
done
expect "old log: read back" 0 tandem -d old.db audit list
contains "old log: the grant, resolved" "$out" "$(printf 'E2\trole.grant\temployee:E3\tsponsor')"
contains "old log: the free text gone" "$out" "E3 as mentee, charter version 1, opt-in recorded: [text]"
contains "old log: the upgrade recorded" "$out" "$(printf 'system\taudit.upgrade\tstore:audit\t3 entries re-keyed')"
is "old log: done once" "$(sqlite3 old.db "SELECT count(*) FROM audit_upgrade")" 0
expect "old log: init again changes nothing" 0 tandem -d old.db init
is "old log: still four entries" "$(sqlite3 old.db "SELECT count(*) FROM audit")" 4

done_testing

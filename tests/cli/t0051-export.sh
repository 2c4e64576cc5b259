# The right of access (issue 17): the export is complete by the schema
# (every table that references a person is in the export or listed with
# its reason in docs/privacy.md), carries the account and its sign-ins,
# the source of the data, the pairs' scores and explanations and the
# rejections; a programme manager gets no private text; external
# coaches are exported, erased and purged like employees; invalid UTF-8
# never reaches the JSON.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"

tandem init >/dev/null
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Langue;Matricule manager\n'\
'E1;L\303\251v\303\252que;Fran\303\247oise;francoise.leveque@exemple.fr;12/03/1958;Direction G\303\251n\303\251rale;Lyon;fr;\n'\
'E2;Gu\303\251rin;Herv\303\251;herve.guerin@exemple.fr;01/01/1968;Direction des Ressources Humaines;Lyon;fr;E1\n'\
'E3;N'"'"'Diaye;Zo\303\251;zoe.ndiaye@exemple.fr;05/11/2001;Direction des Syst\303\250mes d'"'"'Information;Lyon;fr;E2\n'\
'E4;Fabre;No\303\251;noe.fabre@exemple.fr;30/09/2000;Direction Commerciale;Lyon;fr;E2\n'\
'Q1;Quincampoix;Z\303\251bulon;zebulon.quincampoix@exemple.fr;14/02/1962;Direction Juridique;Lyon;fr;E1\n'\
'Q2;Ravaillac;Ombeline;ombeline.ravaillac@exemple.fr;25/12/1955;Direction Financi\303\250re;Lyon;fr;E1\n' >roster.csv
tandem import roster roster.csv >/dev/null
tandem role grant E1 sponsor >/dev/null
tandem role grant E2 manager >/dev/null
P="Cap numérique"
tandem --as E2 programme create --purpose "Les outils numériques" \
    --topics web-search,generative-ai --start 2027-01-11 --end 2027-06-30 \
    --sessions 4 --cadence 7 --retention-days 1 --comments-days 1 \
    --data-notice "Jusqu'à la fin du programme." "$P" >/dev/null
expect "a coach" 0 tandem --as E2 coach add "Claire Dubœuf" claire@coachs.fr "Coachs & Cie"
tandem --as E2 programme edit --coach claire@coachs.fr "$P" >/dev/null 2>&1
tandem --as E2 programme submit "$P" >/dev/null
tandem --as E1 programme approve "$P" >/dev/null
tandem --as E2 programme open "$P" >/dev/null
tandem --as E3 enrol "$P" E3 --mentor --topics web-search=4,generative-ai=3 >/dev/null
tandem --as E4 enrol "$P" E4 --mentor --topics web-search=3,generative-ai=4 >/dev/null
tandem --as Q1 enrol "$P" Q1 --mentee --topics web-search=0:3,generative-ai=1:2 >/dev/null
tandem --as Q2 enrol "$P" Q2 --mentee --topics web-search=0:3,generative-ai=1:2 >/dev/null
tandem --as E2 match "$P" >/dev/null
tandem --as E2 pair list "$P" | awk -F'\t' '{print $1}' >pairs.txt
Q1_MENTOR=$(grep -- '-> Q1 ' pairs.txt | cut -d' ' -f1)
expect "a rejection" 0 tandem --as E2 pair reject "$P" "$Q1_MENTOR" Q1
tandem --as E2 match "$P" >/dev/null
tandem --as E2 pair publish "$P" >/dev/null
tandem pair list "$P" | awk -F'\t' '{print $1}' >pairs.txt
Q1_MENTOR=$(grep -- '-> Q1 ' pairs.txt | cut -d' ' -f1)
tandem --as "$Q1_MENTOR" pair accept "$P" "$Q1_MENTOR" Q1 >/dev/null
tandem --as Q1 pair accept "$P" "$Q1_MENTOR" Q1 >/dev/null
tandem --as E2 programme start "$P" >/dev/null 2>&1
tandem --as E2 session plan --start 2027-03-01 "$P" >/dev/null
S1=$(sql "SELECT s.id FROM session s JOIN enrolment n ON n.id = s.mentee_id JOIN employee e ON e.id = n.employee_id WHERE e.matricule = 'Q1' ORDER BY s.seq LIMIT 1")
at 2027-03-10 --as E2 session held "$S1" >/dev/null
expect "Q1 comments" 0 at 2027-03-10 --as Q1 feedback --rating 5 --comment "SECRET-Q1C privé" "$S1"
expect "Q1 answers the survey" 0 at 2027-03-10 --as Q1 survey --recommend yes --changed "SECRET-Q1S privé" "$P"
S2=$(sql "SELECT s.id FROM session s JOIN enrolment n ON n.id = s.mentee_id JOIN employee e ON e.id = n.employee_id WHERE e.matricule = 'Q1' ORDER BY s.seq LIMIT 1 OFFSET 1")
expect "Q1 proposes another date" 0 at 2027-03-10 --as Q1 session propose --at "2027-03-25 10:00" "$S2"
expect "Q1 turns digests off" 0 at 2027-03-10 --as Q1 mail prefs --digests off
expect "Q2 is the sponsor of the programme alone" 0 tandem role grant Q2 sponsor --programme "$P"
at 2027-03-11 user invite Q1 >/dev/null

# --- The person's own export ----------------------------------------------

expect "Q1 exports" 0 at 2027-03-12 --as Q1 export person Q1
cp "$out" q1.json
json "export: the source of the data" 'd["source"]["kind"] == "HR roster import" and d["source"]["file"].endswith("roster.csv") and d["source"]["imported_at"]'
json "export: the web account" 'd["account"] is not None and d["account"]["password_set"] is False and len(d["invitations"]) == 1 and d["sign_ins"] == []'
json "export: each pair's score and its explanation" 'all(isinstance(p["score"], int) and p["score_explanation"] for p in d["enrolments"][0]["pairs"])'
json "export: the rejection" 'len(d["enrolments"][0]["rejections"]) == 1 and d["enrolments"][0]["rejections"][0]["rejected_by"] == "E2"'
json "export: his proposal of another date" '[(p["session"], p["start"], p["state"], p["proposed_by"]) for p in d["enrolments"][0]["proposals"]] == [(2, "2027-03-25T09:00:00Z", "open", "you")]'
json "export: his mail preferences" 'd["mail_preferences"] == {"reminders": True, "digests": False}'
json "export: the messages to him, with their subjects" 'len(d["messages"]) >= 2 and all(m["to"] == "zebulon.quincampoix@exemple.fr" and m["subject"] and m["state"] in ("queued", "sent", "failed") and m["queued_at"] for m in d["messages"]) and any(m["kind"] == "enrolled" and "Cap numérique" in m["subject"] for m in d["messages"])'
is "export: every message to him, none to others" "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["messages"]))' q1.json)" "$(sql "SELECT count(*) FROM outbox WHERE employee_id = (SELECT id FROM employee WHERE matricule = 'Q1')")"
is "the partner was told of his proposal" "$(sql "SELECT CASE WHEN count(*) > 0 THEN 1 ELSE 0 END FROM outbox WHERE rcpt_addr = 'zoe.ndiaye@exemple.fr'")" 1
lacks "export: no message to the partner" q1.json "zoe.ndiaye@exemple.fr"
json "export: no role scope for Q1" 'd["role_scopes"] == []'
json "export: his own private texts" 'd["enrolments"][0]["feedback"][0]["comment"].startswith("SECRET-Q1C") and d["enrolments"][0]["closing"]["changed"].startswith("SECRET-Q1S")'
json "export: the manager's listing of the pairs, once a day" '[(r["reader"], r["what"], r["programme"]) for r in d["read_by_others"]] == [("E2", "pairs", "Cap numérique"), ("system", "pairs", "Cap numérique")]'

# Who read whose data: the tandems at risk name people, and each read
# is recorded for each person named, once a day per reader.
Q2_MENTOR=$(grep -- '-> Q2 ' pairs.txt | cut -d' ' -f1)
expect "Q2 declines" 0 at 2027-03-11 --as Q2 pair decline "$P" "$Q2_MENTOR" Q2
expect "the manager reads the tandems at risk" 0 at 2027-03-12 --as E2 watch "$P"
contains "which name Q2's" "$out" "Q2"
expect "and again the same day" 0 at 2027-03-12 --as E2 watch "$P"
is "one read of Q2 recorded, naming him" "$(sql "SELECT count(*) FROM read_event r JOIN employee e ON e.id = r.employee_id WHERE e.matricule = 'Q2' AND r.what = 'risks'")" 1
is "and one of his mentor" "$(sql "SELECT count(*) FROM read_event r JOIN employee e ON e.id = r.employee_id WHERE e.matricule = '$Q2_MENTOR' AND r.what = 'risks'")" 1
expect "Q2 exports" 0 at 2027-03-12 --as Q2 export person Q2
json "export: the manager read him among the tandems at risk" '[(r["reader"], r["programme"]) for r in d["read_by_others"] if r["what"] == "risks"] == [("E2", "Cap numérique")]'
json "export: the scope of a role" '[(r["role"], r["programme"]) for r in d["role_scopes"]] == [("sponsor", "Cap numérique")] and d["role_scopes"][0]["granted_at"]'
json "export: the partner's proposal, as the partner's" 'all(p["proposed_by"] == "partner" for e in d["enrolments"] for p in e["proposals"])'

# --- Least privilege: a manager's export carries no private text ------------

expect "the manager exports Q1" 0 at 2027-03-12 --as E2 export person Q1
cp "$out" q1-manager.json
lacks "manager's export: no comment" q1-manager.json "SECRET-Q1C"
lacks "manager's export: no survey answer" q1-manager.json "SECRET-Q1S"
json "manager's export: the fields are there, empty" 'd["enrolments"][0]["feedback"][0]["comment"] is None'
expect "an admin exports Q1" 0 at 2027-03-12 export person Q1
contains "admin's export: the private texts, on his behalf" "$out" "SECRET-Q1C"
expect "Q1 exports again" 0 at 2027-03-13 --as Q1 export person Q1
json "export: who else read it" 'sorted(r["reader"] for r in d["read_by_others"] if r["what"] == "export") == ["E2", "system"]'
json "export: not his own reads" 'all(r["reader"] != "Q1" for r in d["read_by_others"])'

# --- Completeness, from the schema ---------------------------------------------

python3 - "$top/docs/privacy.md" q1.json >complete.txt <<'PY'
import json, re, sqlite3, sys
doc = open(sys.argv[1], encoding="utf-8").read()
sect = doc.split("## Tables not in a person's export", 1)
listed = set(re.findall(r"^\| `([a-z_]+)` \|", sect[1], re.M)) if len(sect) == 2 else set()
d = json.load(open(sys.argv[2]))
e = d["enrolments"][0]
# Where each table that references a person appears in the export.
where = {
    "employee": "person" in d, "role": "roles" in d,
    "account": "account" in d, "web_session": "sign_ins" in d,
    "invitation": "invitations" in d, "enrolment": "enrolments" in d,
    "enrolment_topic": "topics" in e, "pair": "pairs" in e,
    "pair_rejection": "rejections" in e, "session": "sessions" in e,
    "attendance": all("present" in s for s in e["sessions"]),
    "feedback": "feedback" in e, "closing": "closing" in e,
    "closing_level": e["closing"] is None or "levels" in e["closing"],
    "read_event": "read_by_others" in d, "audit": "audit" in d,
    "role_scope": "role_scopes" in d, "session_proposal": "proposals" in e,
    "outbox": "messages" in d, "mail_pref": "mail_preferences" in d,
    # The surveys of both sides (survey.c).
    "closing_mentor": "mentor_closing" in e.get("surveys", {}),
    "closing_taught": "taught" in e.get("surveys", {}),
    "followup": "followup" in e.get("surveys", {}),
    "followup_level": "followup" in e.get("surveys", {}),
    "practice_done": "practices" in e.get("surveys", {}),
    # Recognition (issue 16), in each enrolment.
    "kudos": "kudos" in e, "attestation": "attestations" in e,
    # Naming the mentee on an attestation (issue 16).
    "attestation_consent": "naming" in e,
    "attestation_named": "named_in" in e,
}
people = {"employee", "coach", "enrolment", "account"}
db = sqlite3.connect("tandem.db")
tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
bad = []
for t in tables:
    refs = {r[2] for r in db.execute("SELECT * FROM pragma_foreign_key_list(?)", (t,))}
    if not (refs & people) and t not in people:
        continue
    if where.get(t) or t in listed:
        continue
    bad.append(t)
print(" ".join(bad) if bad else "complete")
PY
is "every table that references a person is exported or listed in docs/privacy.md" "$(cat complete.txt)" complete

# --- External coaches ------------------------------------------------------------

expect "an admin exports the coach" 0 at 2027-03-12 export coach claire@coachs.fr
json "coach export" 'isinstance(d["notes"], list) and d["coach"]["name"] == "Claire Dubœuf" and d["coach"]["organisation"] == "Coachs & Cie" and "account" in d and isinstance(d["audit"], list) and len(d["audit"]) >= 1'
refused "coach export: a participant may not" \
    "tandem: exporting someone else's data needs the admin or the programme manager role, which E3 does not hold" \
    at 2027-03-12 --as E3 export coach claire@coachs.fr
refused "coach export: nobody" 'tandem: no coach with e-mail "x@y.fr"' at 2027-03-12 export coach x@y.fr
refused "coach erase: a manager may not" \
    "tandem: erasing a person needs the admin role, which E2 does not hold" \
    at 2027-03-12 --as E2 erase coach claire@coachs.fr
at 2027-03-12 user invite claire@coachs.fr >/dev/null 2>&1
expect "the admin erases the coach" 0 at 2027-03-12 erase coach claire@coachs.fr
for w in "Dubœuf" claire@coachs.fr "Coachs & Cie"; do
	c=$(cat tandem.db tandem.db-wal 2>/dev/null | grep -a -c -F -- "$w")
	is "coach erased: no $w left" "$c" 0
done
is "coach erased: no account" "$(sql "SELECT count(*) FROM account WHERE coach_id IS NOT NULL")" 0
expect "audit after the coach's erasure" 0 tandem audit list
contains "the coach's entries read as erased" "$out" "coach:[erased]"
expect "audit verifies" 0 tandem audit verify

# A second coach, purged with the programme.
expect "another coach" 0 tandem --as E2 coach add "Paul Sansnom" paul@coachs.fr
tandem --as E2 programme create --purpose "Court" --topics web-search \
    --start 2027-01-11 --end 2027-06-30 --sessions 4 --cadence 7 \
    --retention-days 1 --comments-days 1 --data-notice "Court." Court >/dev/null
tandem --as E2 programme edit --coach paul@coachs.fr Court >/dev/null 2>&1
is "the coach follows Court" "$(sql "SELECT count(*) FROM programme p JOIN coach c ON c.id = p.coach_id WHERE c.email = 'paul@coachs.fr'")" 1
tandem --as E2 programme submit Court >/dev/null
tandem --as E1 programme approve Court >/dev/null
tandem --as E2 programme open Court >/dev/null
expect "Court closes" 0 at 2027-03-12 --as E2 programme close Court
expect "the manager lists Court's pairs" 0 at 2027-03-12 --as E2 pair list Court
is "that read is recorded for Court" "$(sql "SELECT count(*) FROM read_event r JOIN programme p ON p.id = r.programme_id WHERE p.name = 'Court'")" 1
expect "purge after Court's delay" 0 at 2027-03-20 purge
contains "purge: the coach erased" "$out" "1 people erased"
has_line "purge: says the read records went" "$out" "1 records of who read a programme's listings removed"
is "purge: Court's read records are gone" "$(sql "SELECT count(*) FROM read_event r JOIN programme p ON p.id = r.programme_id WHERE p.name = 'Court'")" 0
is "purge: those of the programme still kept stay" "$(sql "SELECT CASE WHEN count(*) > 0 THEN 1 ELSE 0 END FROM read_event r JOIN programme p ON p.id = r.programme_id WHERE p.name = 'Cap numérique'")" 1
is "purge: logged" "$(sql "SELECT detail FROM audit WHERE action = 'retention.purge' ORDER BY id DESC LIMIT 1")" "1 people erased, 0 texts cleared, 1 read events removed"
is "purge: no Sansnom left" "$(cat tandem.db tandem.db-wal 2>/dev/null | grep -a -c -F Sansnom)" 0

# --- Invalid UTF-8 never reaches the JSON ------------------------------------------

# (A PostgreSQL database in UTF-8 refuses such bytes: nothing to read.)
if [ "$testdb_engine" = pg ]; then
	expect "PostgreSQL refuses Latin-1 bytes" 1 testdb_sql "$db_main" "UPDATE feedback SET comment = convert_from('\\x436166e9'::bytea, 'UTF8') WHERE comment IS NOT NULL"
	ok "the byte became U+FFFD # SKIP no such row on PostgreSQL"
else
	sqlite3 tandem.db "UPDATE feedback SET comment = CAST(X'4361666E E9' AS TEXT) WHERE comment IS NOT NULL" 2>/dev/null ||
	    sqlite3 tandem.db "UPDATE feedback SET comment = CAST(X'436166E9' AS TEXT) WHERE comment IS NOT NULL"
	expect "export of a row holding Latin-1 bytes" 0 at 2027-03-13 --as Q1 export person Q1
	json "the byte became U+FFFD" 'd["enrolments"][0]["feedback"][0]["comment"].endswith("\ufffd")'
fi

done_testing

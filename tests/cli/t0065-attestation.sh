# Recognition for the young mentors (issue 16, point 4): a mentor's
# attestation anchored in the audit chain, verified by its code and
# refused once tampered with; kudos from a mentee, private to the
# mentor, counted on the attestation.
. "$(dirname "$0")/lib.sh"

export TANDEM_NOW=2026-11-27T09:00:00Z
tandem demo >/dev/null 2>&1 || { not_ok "demo"; echo "1..$n"; exit 1; }
P="Cap numérique"
# A mentee in a pair, their mentor, and a mentor of another pair.
mentee=E100000
mentor=$(sql "SELECT e.matricule FROM pair p JOIN enrolment n ON n.id = p.mentor_id JOIN enrolment m ON m.id = p.mentee_id JOIN employee e ON e.id = n.employee_id JOIN employee x ON x.id = m.employee_id WHERE x.matricule = '$mentee' AND p.state IN ('published', 'accepted')")
# The demo has a closed first season too: its sessions are not these.
inp="n.programme_id = (SELECT id FROM programme WHERE name = '$P')"
other=$(sql "SELECT e.matricule FROM session s JOIN enrolment n ON n.id = s.mentor_id JOIN employee e ON e.id = n.employee_id WHERE s.state = 'held' AND e.matricule <> '$mentor' AND $inp ORDER BY s.id LIMIT 1")
held=$(sql "SELECT count(*) FROM session s JOIN enrolment n ON n.id = s.mentor_id JOIN employee e ON e.id = n.employee_id WHERE s.state = 'held' AND e.matricule = '$mentor' AND $inp")
mentee_name=$(sql "SELECT last_name FROM employee WHERE matricule = '$mentee'")

# Kudos.
expect "a mentee thanks their mentor" 0 tandem --as $mentee kudos send "$P" \
    "Merci pour la double authentification !"
contains "says who reads it" "$out" "only your mentor reads them"
expect "a second message replaces the first" 0 tandem --as $mentee kudos \
    send "$P" "Merci pour tout !"
expect "the mentor reads their kudos" 0 tandem --as $mentor kudos list "$P"
contains "the message" "$out" "Merci pour tout !"
lacks "the first is gone" "$out" "double authentification"
contains "counted once" "$out" "1 kudos"
expect "another mentor does not read them" 0 tandem --as $other kudos list \
    "$P"
lacks "not in their list" "$out" "Merci"
contains "and counts none" "$out" "0 kudos"
expect "nor does the mentee" 1 tandem --as $mentee kudos list "$P"
expect "nor the operator" 1 tandem kudos list "$P"
expect "a mentor does not send kudos as a mentee" 1 tandem --as $mentor \
    kudos send "$P" "Moi-même"
expect "an empty message is refused" 1 tandem --as $mentee kudos send "$P" ""
contains "says why" "$err" "a message of 1 to 280 characters"
long=$(printf '%0281d' 0)
expect "a message of 281 characters is refused" 1 tandem --as $mentee \
    kudos send "$P" "$long"
expect "kudos to someone else's mentor are refused" 1 tandem --as $mentee \
    kudos send --to $other "$P" "Merci"
is "the message stays out of the audit log" \
    "$(sql "SELECT count(*) FROM audit WHERE detail LIKE '%Merci%'")" 0

# The attestation.
expect "the mentor issues their attestation" 0 tandem --as $mentor \
    attestation issue "$P"
cp "$out" att.txt
code=$(sed -n 's/^Code de vérification : //p' att.txt)
contains "names the mentor's programme" att.txt "Programme : $P"
contains "the sessions held" att.txt "Séances tenues : $held"
contains "the hours" att.txt "Heures de mentorat : "
contains "the sponsor who approved it" att.txt "sponsor du programme"
contains "the CRCN competences" att.txt "CRCN "
contains "the kudos, counted" att.txt "Remerciements reçus de mentorés : 1"
lacks "no mentee named" att.txt "$mentee_name"
lacks "nor the kudos' text" att.txt "Merci"
is "an audit entry anchors it" "$(sql "SELECT count(*) FROM audit a JOIN attestation t ON t.audit_id = a.id WHERE a.object = 'attestation:$code' AND a.detail LIKE '%digest ' || t.digest")" 1

expect "anyone verifies it by its code" 0 tandem attestation verify "$code"
contains "genuine" "$out" "attestation $code is genuine"
contains "with its text" "$out" "Séances tenues : $held"
expect "the file as issued is genuine" 0 tandem attestation verify "$code" \
    att.txt
sed "s/^Séances tenues : .*/Séances tenues : 99/" att.txt >forged.txt
expect "a file with more sessions is refused" 1 tandem attestation verify \
    "$code" forged.txt
contains "says it was changed" "$err" "does not match what was issued"
printf 'x' >>att.txt
expect "one byte more is refused" 1 tandem attestation verify "$code" \
    att.txt
expect "an unknown code is refused" 1 tandem attestation verify \
    AAAA-BBBB-CCCC
contains "says so" "$err" "no attestation has the code"

# Tampering inside the database.
kept=$(testdb_copy "$db_main" kept.db) || exit 2
sql "UPDATE attestation SET content = replace(content, 'Séances tenues : $held', 'Séances tenues : 99') WHERE code = '$code'"
expect "a text changed in the database is refused" 1 tandem attestation \
    verify "$code"
sql "UPDATE attestation SET digest = '0' WHERE code = '$code'"
expect "and with its digest changed too" 1 tandem attestation verify "$code"
testdb_copy "$kept" tandem.db >/dev/null
dg=$(sql "SELECT digest FROM attestation WHERE code = '$code'")
# A forger who also rewrites the audit entry (its trigger dropped) to
# carry the new text's digest: the chain's hash no longer matches.
# The forged text's digest as attestation.c writes it: BLAKE2b-256 keyed
# with the row's random key, in 16 groups of five digits.
sql "SELECT content FROM attestation WHERE code = '$code'" >kept.txt
key=$(sql "SELECT hex(digest_key) FROM attestation WHERE code = '$code'")
sed "s/^Séances tenues : .*/Séances tenues : 99/" kept.txt >forged.txt
new=$(python3 -c '
import hashlib, sys
t = open(sys.argv[1], "rb").read()[:-1]
k = bytes.fromhex(sys.argv[2]) if len(sys.argv) > 2 else b""
h = hashlib.blake2b(t, digest_size=32, key=k).digest()
print(".".join("%05d" % (h[i] << 8 | h[i + 1]) for i in range(0, 32, 2)))
' forged.txt "$key")
is "the digest is computed as Tandem does" "$(python3 -c '
import hashlib, sys
t = open(sys.argv[1], "rb").read()[:-1]
k = bytes.fromhex(sys.argv[2]) if len(sys.argv) > 2 else b""
h = hashlib.blake2b(t, digest_size=32, key=k).digest()
print(".".join("%05d" % (h[i] << 8 | h[i + 1]) for i in range(0, 32, 2)))
' kept.txt "$key")" "$dg"
# (PostgreSQL names a trigger with its table.)
on=
[ "$testdb_engine" = pg ] && on=" ON audit"
sql "DROP TRIGGER audit_no_update$on; UPDATE attestation SET content = replace(content, 'Séances tenues : $held', 'Séances tenues : 99'), digest = '$new' WHERE code = '$code'; UPDATE audit SET detail = replace(detail, '$dg', '$new') WHERE object = 'attestation:$code'"
is "the entry was rewritten" "$(sql "SELECT count(*) FROM audit WHERE object = 'attestation:$code' AND detail LIKE '%digest $new'")" 1
expect "the anchor rewritten breaks the chain: refused" 1 tandem \
    attestation verify "$code"
testdb_copy "$kept" tandem.db >/dev/null
expect "the database restored, it is genuine again" 0 tandem attestation \
    verify "$code"

# Who may issue one.
expect "a mentee cannot issue one for the mentor" 1 tandem --as $mentee \
    attestation issue "$P" $mentor
manager=$(sql "SELECT e.matricule FROM role r JOIN employee e ON e.id = r.employee_id WHERE r.role = 'manager' LIMIT 1")
expect "the programme manager issues one for the mentor" 0 tandem \
    --as $manager attestation issue "$P" $mentor
expect "a mentee has no attestation" 1 tandem --as $mentee attestation \
    issue "$P"
quiet=$(sql "SELECT e.matricule FROM enrolment n JOIN employee e ON e.id = n.employee_id WHERE n.role = 'mentor' AND $inp AND NOT EXISTS (SELECT 1 FROM session s WHERE s.mentor_id = n.id AND s.state = 'held') LIMIT 1")
expect "a mentor with no session held has nothing to attest" 1 tandem \
    --as $quiet attestation issue "$P"
contains "says so" "$err" "no session held yet"
expect "the audit chain holds" 0 tandem audit verify

# Erasure (issue 17): the kudos and attestations go, and the digest the
# log keeps confirms no guessed text, being keyed with the row's key.
is "the log's digest is not the text's unkeyed digest" "$(python3 -c '
import hashlib, sys
t = open(sys.argv[1], "rb").read()[:-1]
h = hashlib.blake2b(t, digest_size=32).digest()
print(".".join("%05d" % (h[i] << 8 | h[i + 1]) for i in range(0, 32, 2)))
' kept.txt | grep -c "$dg")" 0
expect "the mentor's export has the kudos and the attestations" 0 tandem \
    --as $mentor export person $mentor
contains "with the kudos' text" "$out" "Merci"
contains "and an attestation's code" "$out" "$code"
before=$(sql "SELECT group_concat(hash) FROM audit")
expect "erase the mentor" 0 tandem erase person $mentor
is "no kudos of theirs left" "$(sql "SELECT count(*) FROM kudos k JOIN enrolment n ON n.id IN (k.mentor_id, k.mentee_id) JOIN employee e ON e.id = n.employee_id WHERE e.erased_at IS NOT NULL")" 0
is "no attestation of theirs left" "$(sql "SELECT count(*) FROM attestation a JOIN enrolment n ON n.id = a.enrolment_id JOIN employee e ON e.id = n.employee_id WHERE e.erased_at IS NOT NULL")" 0
expect "the code is unknown now" 1 tandem attestation verify "$code"
is "no audit entry rewritten" "$(sql "SELECT substr(group_concat(hash), 1, length('$before')) FROM audit")" "$before"
expect "the audit chain still holds" 0 tandem audit verify
done_testing

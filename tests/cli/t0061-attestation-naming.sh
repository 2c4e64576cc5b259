# Naming the mentee on an attestation (issue 16, point 4): only with
# both people's agreement, each given and withdrawn by the person
# themself, audited; a withdrawal retires the attestations that named
# the mentee; the verification checks the named version too; erasure
# takes the attestations that name the erased person.
. "$(dirname "$0")/lib.sh"

export TANDEM_NOW=2026-11-27T09:00:00Z
tandem demo >/dev/null 2>&1 || { not_ok "demo"; echo "1..$n"; exit 1; }
P="Cap numérique"
mentee=E100000
mentor=$(sql "SELECT e.matricule FROM pair p JOIN enrolment n ON n.id = p.mentor_id JOIN enrolment m ON m.id = p.mentee_id JOIN employee e ON e.id = n.employee_id JOIN employee x ON x.id = m.employee_id WHERE x.matricule = '$mentee' AND p.state = 'accepted' AND n.programme_id = (SELECT id FROM programme WHERE name = '$P')")
last=$(sql "SELECT last_name FROM employee WHERE matricule = '$mentee'")
manager=$(sql "SELECT e.matricule FROM role r JOIN employee e ON e.id = r.employee_id WHERE r.role = 'manager' LIMIT 1")

# By default, nobody is named.
expect "the mentor's attestation" 0 tandem --as $mentor attestation issue "$P"
lacks "names no mentee by default" "$out" "$last"
contains "and says so" "$out" "Aucun mentoré n'est nommé."
expect "the mentee sees where they stand" 0 tandem --as $mentee \
    attestation naming show "$P"
contains "their mentor, no agreement yet" "$out" \
    "$mentor	"
contains "neither agrees" "$out" "you: not given	them: not given"

# Only the people themselves agree.
expect "the manager cannot agree for the mentee" 1 tandem --as $manager \
    attestation naming agree "$P" $mentor
expect "nor the operator" 1 tandem attestation naming agree "$P" $mentor
contains "says who may" "$err" "only the mentor and the mentee themselves"
expect "nor for someone else's pair" 1 tandem --as $mentee attestation \
    naming agree "$P" $manager
contains "says why" "$err" "is not your partner"

# One agreement is not enough.
expect "the mentee agrees" 0 tandem --as $mentee attestation naming agree \
    "$P"
expect "the mentor's attestation, one side agreeing" 0 tandem --as \
    $mentor attestation issue "$P"
lacks "still names nobody" "$out" "$last"
expect "the mentor sees the mentee's agreement" 0 tandem --as $mentor \
    attestation naming show "$P"
contains "them: agree" "$out" "$mentee	"
grep "^$mentee	" "$out" | grep -q "you: not given	them: agree" &&
    ok "the mentor's own is not given" || not_ok "the mentor's own is not given"

# Both agree: the attestation names the mentee, and is genuine.
expect "the mentor agrees" 0 tandem --as $mentor attestation naming agree \
    "$P" $mentee
expect "agreeing twice changes nothing" 0 tandem --as $mentor attestation \
    naming agree "$P" $mentee
expect "the named attestation" 0 tandem --as $mentor attestation issue "$P"
cp "$out" named.txt
contains "names the mentee" named.txt "nommé(s) avec leur accord : "
contains "by name" named.txt "$last"
code=$(sed -n 's/^Code de vérification : //p' named.txt)
expect "the named version is genuine" 0 tandem attestation verify $code \
    named.txt
contains "genuine" "$out" "is genuine"
contains "with the name" "$out" "$last"
sed "s/$last/Dupont/" named.txt >other.txt
expect "another name is refused" 1 tandem attestation verify $code other.txt
contains "as changed" "$err" "it was changed"
grep -v "nommé(s) avec leur accord" named.txt >unnamed.txt
expect "the name taken out is refused too" 1 tandem attestation verify \
    $code unnamed.txt
is "audited, each side with the pair" \
    "$(sql "SELECT count(*) FROM audit WHERE action = 'attestation.naming'")" 3

# Either may withdraw: the named attestation is withdrawn.
expect "the mentee withdraws" 0 tandem --as $mentee attestation naming \
    withdraw "$P"
expect "the named attestation is withdrawn" 1 tandem attestation verify \
    $code
contains "says why" "$err" "withdrew their agreement"
lacks "without its text" "$out" "$last"
expect "a new attestation names nobody" 0 tandem --as $mentor attestation \
    issue "$P"
lacks "no name" "$out" "$last"
code2=$(sed -n 's/^Code de vérification : //p' "$out")
expect "and stays genuine" 0 tandem attestation verify $code2
is "the withdrawal is audited" \
    "$(sql "SELECT count(*) FROM audit WHERE action = 'attestation.unnaming'")" 1

# Erasure: the attestations that name the erased mentee go.
expect "the mentee agrees again" 0 tandem --as $mentee attestation naming \
    agree "$P"
expect "named again" 0 tandem --as $mentor attestation issue "$P"
contains "with the name" "$out" "$last"
code3=$(sed -n 's/^Code de vérification : //p' "$out")
expect "the mentee is erased" 0 tandem erase person $mentee
is "no attestation names them" \
    "$(sql "SELECT count(*) FROM attestation WHERE content LIKE '%$last%'")" 0
is "no agreement of theirs" \
    "$(sql "SELECT count(*) FROM attestation_consent")" 0
expect "the mentor's plain attestation stays" 0 tandem attestation verify \
    $code2
expect "the audit chain holds" 0 tandem audit verify

done_testing

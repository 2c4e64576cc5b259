# The read rules in the CLI: every listing of programmes, enrolments and
# the roster as the system operator, a programme manager, a sponsor and
# participants, who see only their own rows, as in the web.
. "$(dirname "$0")/lib.sh"

expect "demo" 0 tandem demo --size 160 --seed 7
manager=$(sed -n 's/.*programme manager: *.*(.*, \(E[0-9]*\))$/\1/p' "$out")
sponsor=$(sed -n 's/.*sponsor: *.*(.*, \(E[0-9]*\))$/\1/p' "$out")
P="Cap numérique"
expect "a draft" 0 tandem --as "$manager" programme create Brouillon \
    --purpose "Pas encore publié"

# The system operator (no --as) reads everything.
expect "system: enrolments" 0 tandem enrolments "$P"
cp "$out" all.txt
total=$(wc -l <all.txt)
[ "$total" -gt 2 ] && ok "system: every enrolment ($total)" ||
    not_ok "system: every enrolment ($total)"
mentee=$(awk -F'\t' '$4 == "mentee" { print $1; exit }' all.txt)
mentor=$(awk -F'\t' '$4 == "mentor" { print $1; exit }' all.txt)
outsider=E100159
grep -q "^$outsider	" all.txt && outsider=E100158
expect "system: programmes" 0 tandem programme list
contains "system: the draft" "$out" "Brouillon"
expect "system: the roster" 0 tandem employees
is "system: every employee" "$(wc -l <"$out")" 161

# The programme manager reads everything of a programme.
expect "manager: enrolments" 0 tandem --as "$manager" enrolments "$P"
same "manager: every enrolment" all.txt "$out"
expect "manager: programmes" 0 tandem --as "$manager" programme list
contains "manager: the draft" "$out" "Brouillon"
expect "manager: history" 0 tandem --as "$manager" programme history "$P"
expect "manager: the roster" 0 tandem --as "$manager" employees
expect "manager: someone's record" 0 tandem --as "$manager" employee show \
    "$mentee"

# A sponsor reads the design and history, not the volunteers.
expect "sponsor: enrolments" 0 tandem --as "$sponsor" enrolments "$P"
lacks "sponsor: nobody else's enrolment" "$out" "$mentee	"
expect "sponsor: programmes" 0 tandem --as "$sponsor" programme list
contains "sponsor: the draft" "$out" "Brouillon"
expect "sponsor: history" 0 tandem --as "$sponsor" programme history "$P"
refused "sponsor: no roster" "tandem: reading the roster needs the admin or the programme manager role, which $sponsor does not hold" \
    tandem --as "$sponsor" employees

# Participants see their own enrolment and the published programmes.
for who in "$mentee" "$mentor"; do
	expect "$who: enrolments" 0 tandem --as "$who" enrolments "$P"
	is "$who: one row" "$(wc -l <"$out")" 1
	contains "$who: their own" "$out" "$who	"
	grep "^$who	" all.txt >mine.txt
	same "$who: as the manager reads it" mine.txt "$out"
done
expect "mentee: programmes" 0 tandem --as "$mentee" programme list
contains "mentee: the published one" "$out" "$P"
lacks "mentee: not the draft" "$out" "Brouillon"
expect "mentee: the programme" 0 tandem --as "$mentee" programme show "$P"
expect "mentee: its charter" 0 tandem --as "$mentee" programme charter "$P"
refused "mentee: not the draft" "tandem: Brouillon is not published yet" \
    tandem --as "$mentee" programme show Brouillon
refused "mentee: not the draft's charter" \
    "tandem: Brouillon is not published yet" \
    tandem --as "$mentee" programme charter Brouillon
refused "mentee: no history" "tandem: the history of $P is for its programme manager and its sponsor" \
    tandem --as "$mentee" programme history "$P"
refused "mentee: no roster" "tandem: reading the roster needs the admin or the programme manager role, which $mentee does not hold" \
    tandem --as "$mentee" employees
expect "mentee: their own record" 0 tandem --as "$mentee" employee show \
    "$mentee"
contains "mentee: their record" "$out" "employee_id: $mentee"
refused "mentee: not someone else's" "tandem: reading the roster needs the admin or the programme manager role, which $mentee does not hold" \
    tandem --as "$mentee" employee show "$mentor"
expect "an outsider: enrolments" 0 tandem --as "$outsider" enrolments "$P"
is "an outsider: none" "$(wc -l <"$out")" 0

# The catalogues are everyone's.
expect "system: topics" 0 tandem topic list
cp "$out" topics.txt
expect "mentee: topics" 0 tandem --as "$mentee" topic list
same "mentee: the same topics" topics.txt "$out"
expect "mentee: generations" 0 tandem --as "$mentee" generations

done_testing

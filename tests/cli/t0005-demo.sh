# tandem demo: an organisation, an open programme, volunteers, a sound log.
. "$(dirname "$0")/lib.sh"

expect "demo" 0 tandem -d demo.db demo --size 300 --seed 7
cp "$out" demo.txt
contains "employees created" "$out" "Demo organisation in demo.db: 300 employees (300 added"
contains "programme running" "$out" 'Programme "Cap numérique": approved, opened, matched, running'
contains "a manager is named" "$out" "programme manager: "
contains "a sponsor is named" "$out" "sponsor: "
contains "pairs certified" "$out" "published (optimal, certified)"
expect "the programme is running" 0 tandem -d demo.db programme show "Cap numérique"
contains "state running" "$out" "state: running"
contains "charter published" "$out" "charter version: 1"
expect "history" 0 tandem -d demo.db programme history "Cap numérique"
contains "approved by a sponsor" "$out" "submitted -> approved"
expect "enrolments" 0 tandem -d demo.db enrolments "Cap numérique"
mentors=$(grep -c '	mentor	' "$out")
mentees=$(grep -c '	mentee	' "$out")
[ "$mentors" -gt 0 ] && ok "some mentors ($mentors)" || not_ok "some mentors"
[ "$mentees" -gt 0 ] && ok "some mentees ($mentees)" || not_ok "some mentees"
[ $((mentors + mentees)) -lt 150 ] && ok "a minority volunteers" ||
    not_ok "a minority volunteers"
grep '	mentee	' "$out" | grep -qv '	z	' && ok "mentees are elders" ||
    not_ok "mentees are elders"
contains "the chief executive is a mentee" "$out" "E100000	"
grep -q '	recorded bulletin sign' "$out" && ok "paper opt-ins recorded" ||
    not_ok "paper opt-ins recorded"
grep -q '	self$' "$out" && ok "self opt-ins" || not_ok "self opt-ins"
expect "pairs" 0 tandem -d demo.db pair list "Cap numérique"
grep -q '	accepted	' "$out" && ok "accepted pairs" || not_ok "accepted pairs"
expect "sessions" 0 tandem -d demo.db session list "Cap numérique"
grep -q '	held$' "$out" && ok "sessions held" || not_ok "sessions held"
grep -q '	planned$' "$out" && ok "sessions to come" || not_ok "sessions to come"
grep -q 'cancelled by the mentee' "$out" && ok "seniors cancel" ||
    not_ok "seniors cancel"
sponsor=$(sed -n 's/.*sponsor: *.*(.*, \(E[0-9]*\))$/\1/p' demo.txt)
expect "report" 0 tandem -d demo.db --as "$sponsor" report "Cap numérique"
contains "report: held sessions" "$out" "Tenues"
contains "report: satisfaction" "$out" "Note moyenne des séances"
expect "report as HTML" 0 tandem -d demo.db --as "$sponsor" report --format html "Cap numérique"
contains "HTML with charts" "$out" "<svg"
expect "audit intact" 0 tandem -d demo.db audit verify
expect "same seed, same demo" 0 tandem -d again.db demo --size 300 --seed 7
tandem -d demo.db enrolments "Cap numérique" >a.txt
tandem -d again.db enrolments "Cap numérique" >b.txt
same "deterministic" a.txt b.txt
sqlite3 demo.db .dump >before.sql
expect "refuses a populated database" 1 tandem -d demo.db demo
contains "says why" "$err" "demo.db already has a roster"
sqlite3 demo.db .dump >after.sql
same "nothing changed" before.sql after.sql

done_testing

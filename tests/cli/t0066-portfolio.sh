# The sponsor's view across programmes and over time (issue 16, point
# 5): every programme the reader may read, scoped roles included, its
# volunteers and sessions held, quarter by quarter, under disclosure
# control, and stable when read again.
. "$(dirname "$0")/lib.sh"

export TANDEM_NOW=2026-11-27T09:00:00Z
tandem demo >/dev/null 2>&1 || { not_ok "demo"; echo "1..$n"; exit 1; }
expect "programme B" 0 tandem --as E100013 programme create --purpose \
    "Une autre" "Programme B"
expect "programme C" 0 tandem --as E100013 programme create --purpose \
    "Encore" "Programme C"
# Three mentors in B and six mentees in C, written in the store.
sql "INSERT INTO enrolment (programme_id, employee_id, role, charter_version, optin, languages, site, remote, enrolled_at) SELECT 2, id, 'mentor', 1, 'self', 'fr', 'Lyon', 0, '2026-11-20T10:00:00Z' FROM employee WHERE id NOT IN (SELECT employee_id FROM enrolment) ORDER BY id LIMIT 3"
sql "INSERT INTO enrolment (programme_id, employee_id, role, charter_version, optin, languages, site, remote, enrolled_at) SELECT 3, id, 'mentee', 1, 'self', 'fr', 'Lyon', 0, '2026-11-20T10:00:00Z' FROM employee WHERE id NOT IN (SELECT employee_id FROM enrolment) ORDER BY id LIMIT 6"
cap_mentors=$(sql "SELECT count(*) FROM enrolment WHERE programme_id = 1 AND role = 'mentor'")

expect "the sponsor reads the view" 0 tandem --as E100001 report --all
cp "$out" view1.txt
contains "every programme" view1.txt "Programme C (brouillon)"
contains "over time" view1.txt "Séances tenues, trimestre par trimestre"
contains "by quarter" view1.txt "T4 2026"
if grep -E "^Programme B \\(brouillon\\) +3 " view1.txt >/dev/null; then
	not_ok "B's three mentors are not shown"
else
	ok "B's three mentors are not shown"
fi
# B's mentors come back if both Cap numérique's and the total show.
if grep -E "^Cap numérique \\(en cours\\) +$cap_mentors " view1.txt \
    >/dev/null && grep -E "^Total +$((cap_mentors + 3)) " view1.txt \
    >/dev/null; then
	not_ok "nor by subtraction from the total"
else
	ok "nor by subtraction from the total"
fi
expect "read again" 0 tandem --as E100001 report --all
same "the same view" view1.txt "$out"
expect "Cap numérique's own report" 0 tandem --as E100001 report \
    "Cap numérique"
expect "the view after it" 0 tandem --as E100001 report --all
same "is still the same" view1.txt "$out"
expect "in English" 0 tandem --as E100001 report --all --lang en
contains "English" "$out" "Sessions held, quarter by quarter"
contains "quarters in English" "$out" "Q4 2026"
lacks "no French" "$out" "Séances"
expect "as JSON" 0 tandem --as E100001 report --all --format json
json "the tables" 'len(d["tables"]) == 2 and d["tables"][0]["id"] == "programmes"'

expect "a sponsor of B alone" 0 tandem role grant E100020 sponsor \
    --programme "Programme B"
expect "reads the view" 0 tandem --as E100020 report --all
contains "with B" "$out" "Programme B"
lacks "and not Cap numérique" "$out" "Cap numérique"
lacks "nor C" "$out" "Programme C"
expect "a mentee may not" 1 tandem --as E100000 report --all
contains "says why" "$err" "needs the programme manager or the sponsor role"
expect "--all takes no programme" 2 tandem --as E100001 report --all \
    "Cap numérique"
done_testing

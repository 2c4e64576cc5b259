# Both sides measured (issue 16, point 2): the mentors' closing answers
# are kept, the mentees tick a checklist of changed practice, and the
# follow-up opens 90 days after the programme closes.  Each refusal
# (out of range, given twice, not open, not a member, the wrong role)
# leaves the database as it was.
. "$(dirname "$0")/lib.sh"

tandem init >/dev/null
# Mentors E3, E4; mentees E5, E6.  E1 the sponsor, E2 the programme
# manager, E10 not enrolled.
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Langue;Matricule manager\n'\
'E1;L\303\251v\303\252que;Fran\303\247oise;francoise.leveque@exemple.fr;12/03/1958;Direction G\303\251n\303\251rale;Lyon;fr;\n'\
'E2;Gu\303\251rin;Herv\303\251;herve.guerin@exemple.fr;01/01/1968;Direction des Ressources Humaines;Lyon;fr;E1\n'\
'E3;N'"'"'Diaye;Zo\303\251;zoe.ndiaye@exemple.fr;05/11/2001;Direction des Syst\303\250mes d'"'"'Information;Lyon;fr,en;E2\n'\
'E4;Fabre;No\303\251;noe.fabre@exemple.fr;30/09/2000;Direction Commerciale;Lyon;fr;E2\n'\
'E5;Dupr\303\251;J\303\251r\303\264me;jerome.dupre@exemple.fr;14/02/1962;Direction Juridique;Lyon;fr;E1\n'\
'E6;C\305\223ur;No\303\253l;noel.coeur@exemple.fr;25/12/1955;Direction Financi\303\250re;Lyon;fr;E1\n'\
'E10;Ch\303\242telet;Ga\303\253l;gael.chatelet@exemple.fr;11/11/1971;Direction Commerciale;Lyon;fr;E1\n' >roster.csv
tandem import roster roster.csv >/dev/null
tandem role grant E1 sponsor >/dev/null
tandem role grant E2 manager >/dev/null

P="Cap numérique"
tandem --as E2 programme create --purpose "Les outils numériques" \
    --topics web-search,security --start 2027-01-11 --end 2027-06-30 \
    --data-notice "Jusqu'à la fin du programme." "$P" >/dev/null
tandem --as E2 programme submit "$P" >/dev/null
tandem --as E1 programme approve "$P" >/dev/null
tandem --as E2 programme open "$P" >/dev/null
tandem --as E3 enrol "$P" E3 --mentor --topics web-search=4,security=3 >/dev/null
tandem --as E4 enrol "$P" E4 --mentor --topics web-search=3,security=4 >/dev/null
tandem --as E5 enrol "$P" E5 --mentee --topics web-search=0:3,security=1:2 >/dev/null
tandem --as E6 enrol "$P" E6 --mentee --topics web-search=1:3,security=0:3 >/dev/null

refused_with 1 "closing survey before the programme runs" \
    "tandem: programme \"$P\" is open: the closing survey comes once it runs" \
    tandem --as E5 survey --recommend yes "$P"
tandem --as E2 match "$P" >/dev/null
tandem --as E2 pair publish "$P" >/dev/null
tandem --as E2 programme start "$P" >/dev/null

# The mentee's closing survey: levels and the checklist.
expect "mentee's closing survey" 0 tandem --as E5 survey --recommend yes \
    --levels web-search=2,security=3 --practices two-factor,search-operators \
    "$P"
has_line "mentee's closing survey: said" "$out" "thank you: survey recorded"
is "the checklist kept" "$(sql "SELECT group_concat(code, ',') FROM
    (SELECT p.code FROM practice_done d JOIN practice p
    ON p.id = d.practice_id WHERE d.stage = 'closing' ORDER BY p.code) AS x")" \
    "search-operators,two-factor"
refused "a checklist item twice" \
    "tandem: practices: \"two-factor\" is given twice" \
    tandem --as E6 survey --recommend yes --practices two-factor,two-factor "$P"
refused "an item of another topic" \
    "tandem: practices: \"genai-real-task\" is not an item of this programme's checklist" \
    tandem --as E6 survey --recommend yes --practices genai-real-task "$P"
refused "a level out of range" \
    "tandem: levels: \"security=5\" is not code=LEVEL with a level 0 to 4" \
    tandem --as E6 survey --recommend yes --levels security=5 "$P"
refused "a level given twice" \
    "tandem: levels: \"security\" is given twice" \
    tandem --as E6 survey --recommend yes --levels security=1,security=2 "$P"
refused "a mentee's confidence" "tandem: teach: asked of mentors only" \
    tandem --as E6 survey --recommend yes --teach 3 --upward 3 "$P"

# The mentor's closing answers are kept.
expect "mentor's closing survey" 0 tandem --as E3 survey --recommend yes \
    --teach 4 --upward 2 --taught web-search,security "$P"
is "confidence kept" "$(sql "SELECT teach || '/' || upward FROM
    closing_mentor")" "4/2"
is "topics taught kept" "$(sql "SELECT count(*) FROM closing_taught")" "2"
refused "a confidence out of range" \
    "tandem: teach: not a confidence from 1 to 5" \
    tandem --as E4 survey --recommend yes --teach 6 --upward 2 "$P"
refused "a confidence of zero" \
    "tandem: upward: not a confidence from 1 to 5" \
    tandem --as E4 survey --recommend yes --teach 3 --upward 0 "$P"
refused "one confidence alone" \
    "tandem: upward: give both confidences, or neither" \
    tandem --as E4 survey --recommend yes --teach 3 "$P"
refused "a topic taught twice" "tandem: taught: \"security\" is given twice" \
    tandem --as E4 survey --recommend yes --taught security,security "$P"
refused "a topic taught outside the programme" \
    "tandem: taught: \"e-learning\" is not a topic of this programme" \
    tandem --as E4 survey --recommend yes --taught e-learning "$P"
refused "a mentor's checklist" "tandem: practices: asked of mentees only" \
    tandem --as E4 survey --recommend yes --practices two-factor "$P"
refused "the survey twice" "tandem: E3 has answered the survey already" \
    tandem --as E3 survey --recommend no "$P"
refused "someone not enrolled" "tandem: E10 is not enrolled in \"$P\"" \
    tandem --as E10 survey --recommend yes "$P"
refused "someone else's survey" \
    "tandem: answering for someone else needs the programme manager role, which E6 does not hold" \
    tandem --as E6 survey --recommend yes --for E5 "$P"
expect "the usage: --recommend at the follow-up" 2 \
    tandem --as E5 survey --followup --recommend yes "$P"
expect "the usage: a confidence that is not a number" 2 \
    tandem --as E4 survey --recommend yes --teach x --upward 2 "$P"

# The follow-up: not before the close, nor before 90 days after it.
refused "the follow-up while the programme runs" \
    "tandem: the follow-up survey of \"$P\" opens 90 days after the programme closes" \
    tandem --as E5 survey --followup --levels web-search=3 "$P"
at 2027-07-01T09:00:00Z --as E2 programme close "$P" >/dev/null
refused "the follow-up on day 89" \
    "tandem: the follow-up survey of \"$P\" opens 90 days after the programme closes" \
    at 2027-09-28 --as E5 survey --followup --levels web-search=3 "$P"
expect "the show: when it opens" 0 at 2027-09-28 --as E5 survey --show "$P"
has_line "the show: the day" "$out" "follow-up survey: opens 2027-09-29"
has_line "the show: the closing levels" "$out" \
    "topic web-search: enrolment 0, closing 2, follow-up -"
has_line "the show: the checklist" "$out" \
    "practice two-factor (security): closing yes, follow-up no"
# By mail: every delivery tells the members on the day it opens, once.
at 2027-09-28 mail send --maildir mdir >/dev/null
is "no follow-up message on day 89" \
    "$(sql "SELECT count(*) FROM outbox WHERE kind = 'followup'")" 0
at 2027-09-29 mail send --maildir mdir >/dev/null
at 2027-09-30 mail send --maildir mdir >/dev/null
is "the follow-up's message to each member, once" \
    "$(sql "SELECT count(*) || ' ' || count(DISTINCT employee_id) FROM outbox
    WHERE kind = 'followup'")" "4 4"
expect "the follow-up on day 90" 0 at 2027-09-29 --as E5 survey --followup \
    --levels web-search=3,security=4 --practices two-factor,phishing-report \
    "$P"
has_line "the follow-up: said" "$out" "thank you: follow-up survey recorded"
is "the follow-up levels kept" "$(sql "SELECT group_concat(level, ',') FROM
    (SELECT level FROM followup_level ORDER BY topic_id) AS x")" "3,4"
refused "the follow-up twice" \
    "tandem: E5 has answered the follow-up survey already" \
    at 2027-09-30 --as E5 survey --followup "$P"
refused "a mentor's levels at the follow-up" \
    "tandem: levels: asked of mentees only" \
    at 2027-09-30 --as E3 survey --followup --levels web-search=4 "$P"
refused "the text at the follow-up" \
    "tandem: changed: asked in the closing survey only" \
    at 2027-09-30 --as E6 survey --followup --changed "tout" "$P"
expect "the manager answers for a mentor" 0 at 2027-09-30 --as E2 survey \
    --followup --for E3 --teach 5 --upward 4 "$P"
expect "the mentor's show" 0 at 2027-09-30 --as E3 survey --show "$P"
has_line "the mentor's show: closing" "$out" \
    "confidence at the close: teaching 4/5, feedback upwards 2/5"
has_line "the mentor's show: follow-up" "$out" \
    "confidence at the follow-up: teaching 5/5, feedback upwards 4/5"
has_line "the mentor's show: taught" "$out" \
    "topic security: enrolment 3, closing -, follow-up -, taught"
refused "reading another's answers" \
    "tandem: only E5 reads their own survey answers" \
    at 2027-09-30 --as E2 survey --show --for E5 "$P"
expect "the mentee's export" 0 at 2027-09-30 --as E5 export person E5
json "the export: the follow-up and the checklist" \
    'd["enrolments"][0]["surveys"]["followup"]["levels"] == [{"topic": "web-search", "level": 3}, {"topic": "security", "level": 4}] and {"item": "two-factor", "stage": "followup"} in d["enrolments"][0]["surveys"]["practices"]'
expect "the mentor's export" 0 at 2027-09-30 --as E3 export person E3
json "the export: the confidences and topics taught" \
    'd["enrolments"][0]["surveys"]["mentor_closing"] == {"teach": 4, "upward": 2} and d["enrolments"][0]["surveys"]["taught"] == ["web-search", "security"] and d["enrolments"][0]["surveys"]["followup"]["teach"] == 5'
expect "the audit chain holds" 0 tandem audit verify
expect "the audit list" 0 tandem audit list
contains "the follow-up audited" "$out" "survey.followup"

done_testing

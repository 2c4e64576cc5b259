# Proposals with a deadline (issue 13, point 4): the programme's days to
# answer, written on each pair when it is published and stated in the
# proposal; a reminder two days before to whoever has not answered (once,
# and not to someone who turned reminders off); the release when it
# passes (declined by nobody, never proposed again, both members told);
# the manager's digest listing the proposals not answered.  The clock is
# TANDEM_NOW's.
. "$(dirname "$0")/lib.sh"

tandem init >/dev/null
# E1 is the chief executive; E3, an intern, is three levels below him
# (E3 -> E4 -> E5 -> E1); E6 and E10 two levels below (-> E2 -> E1).
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Niveau;Langue;Matricule manager\n'\
'E1;Perrin;Michel;michel.perrin@exemple.fr;01/01/1960;Direction G\303\251n\303\251rale;Lyon;PDG;fr;\n'\
'E2;Gu\303\251rin;Herv\303\251;herve.guerin@exemple.fr;01/01/1968;RH;Lyon;Directeur;fr;E1\n'\
'E3;Nguyen;L\303\251a;lea.nguyen@exemple.fr;15/06/2004;DSI;Lyon;Stagiaire;fr;E4\n'\
'E4;Caron;Sylvie;sylvie.caron@exemple.fr;01/01/1980;DSI;Lyon;Manager;fr;E5\n'\
'E5;L\303\251v\303\252que;Fran\303\247oise;francoise.leveque@exemple.fr;30/06/1962;DSI;Lyon;Directrice;fr;E1\n'\
'E6;Fabre;No\303\251;noe.fabre@exemple.fr;30/09/2001;Commerciale;Lyon;Employ\303\251;fr;E2\n'\
'E7;Roux;Hugo;hugo.roux@exemple.fr;03/03/1955;Finances;Lyon;Directeur;fr;E1\n'\
'E8;Dupr\303\251;J\303\251r\303\264me;jerome.dupre@exemple.fr;14/02/1962;Juridique;Lyon;Directeur;fr;E1\n'\
'E9;Blanc;Jade;jade.blanc@exemple.fr;02/02/2002;DSI;Lyon;Alternant;fr;E3\n'\
'E10;Morin;Ana\303\257s;anais.morin@exemple.fr;03/03/2000;Commerciale;Lyon;Employ\303\251;fr;E2\n'\
'E11;Giraud;Pascal;pascal.giraud@exemple.fr;04/04/1957;DSI;Lyon;Directeur;fr;E5\n' >roster.csv
tandem import roster roster.csv >/dev/null
tandem role grant E8 sponsor >/dev/null
tandem role grant E2 manager >/dev/null

P=Cap
tandem --as E2 programme create --purpose "Les outils" --topics web-search \
    --start 2027-01-11 --end 2027-06-30 --data-notice "Jusqu'à la fin." \
    "$P" >/dev/null
tandem --as E2 programme submit "$P" >/dev/null
tandem --as E8 programme approve "$P" >/dev/null
tandem --as E2 programme open "$P" >/dev/null
tandem --as E3 enrol "$P" E3 --mentor --topics web-search=4 >/dev/null
# E10 enrols before E6: E7, enrolled before E11, then gets E10 in the
# canonical optimum (docs/matching.md), as E6 and E10 tie for both.
tandem --as E10 enrol "$P" E10 --mentor --topics web-search=3 >/dev/null
tandem --as E6 enrol "$P" E6 --mentor --topics web-search=3 >/dev/null
for e in E1 E7 E11; do
	tandem --as "$e" enrol "$P" "$e" --mentee --topics web-search=0:3 \
	    >/dev/null
done
tandem --as E2 match "$P" >/dev/null

# --- The setting ------------------------------------------------------------

is "7 days by default" "$(sql "SELECT answer_days FROM programme")" 7
refused "a mentee may not set the deadline" \
    "tandem: editing a programme needs the programme manager role, which E1 does not hold" \
    tandem --as E1 mail deadline "$P" 5
refused "0 days is refused" \
    "tandem: days: between 1 and 60 days to answer a proposal, not 0" \
    tandem --as E2 mail deadline "$P" 0
expect "mail deadline: usage" 2 tandem --as E2 mail deadline "$P" five
expect "the manager sets 5 days" 0 tandem --as E2 mail deadline "$P" 5
contains "it says so" "$out" "within 5 days"
is "5 days stored" "$(sql "SELECT answer_days FROM programme")" 5
expect "audit list" 0 tandem audit list
contains "the setting is audited" "$out" "programme.deadline"

# --- Publication: each pair's deadline, stated in the proposal ------------

tandem --as E2 pair publish "$P" >/dev/null
# Published on 27/11 (Paris); 5 days later is 02/12, whose end in Paris
# (UTC+1 in winter) is 22:59:59 UTC.
is "each published pair has its deadline" \
    "$(sql "SELECT count(*) FROM pair WHERE state = 'published' AND answer_by = '2026-12-02T22:59:59Z'")" 3
is "every proposal states the deadline" \
    "$(sql "SELECT count(*) FROM outbox WHERE kind = 'proposal' AND vars LIKE '%deadline=02/12/2026%'")" 6
mid=$(sql "SELECT o.id FROM outbox o JOIN employee e ON e.id = o.employee_id WHERE o.kind = 'proposal' AND e.matricule = 'E1'")
expect "mail show --raw of a proposal" 0 tandem mail show --raw "$mid"
python3 - "$out" >body.txt <<'PY'
import email, sys
m = email.message_from_binary_file(open(sys.argv[1], 'rb'))
for part in m.walk():
    if part.get_content_type() == 'text/plain':
        print(part.get_payload(decode=True).decode())
PY
contains "the proposal's text gives the date" body.txt \
    "Répondez au plus tard le 02/12/2026"

# Changing the setting moves no deadline already told.
tandem --as E2 mail deadline "$P" 20 >/dev/null
is "a told deadline stays" \
    "$(sql "SELECT count(*) FROM pair WHERE answer_by = '2026-12-02T22:59:59Z'")" 3

# E3 accepts (E1 does not answer); E10 and E7 both accept; nobody answers
# E6's and E11's proposal, and E11 turned reminders off.
pairs=$(sql "SELECT m.employee_id || ':' || e.employee_id FROM pair p JOIN enrolment m ON m.id = p.mentor_id JOIN enrolment e ON e.id = p.mentee_id ORDER BY p.id" | tr '\n' ' ')
tandem --as E3 pair accept "$P" E3 E1 >/dev/null
tandem --as E10 pair accept "$P" E10 E7 >/dev/null
tandem --as E7 pair accept "$P" E10 E7 >/dev/null
tandem --as E11 mail prefs --reminders off >/dev/null

# --- Three days on: nothing yet ---------------------------------------------

TANDEM_NOW=2026-11-30T09:00:00Z tandem mail send >/dev/null 2>&1
is "no reminder three days before" \
    "$(sql "SELECT count(*) FROM outbox WHERE kind = 'deadline'")" 0

# --- Two days before: the reminders, once -----------------------------------

expect "mail send two days before" 0 env TANDEM_NOW=2026-12-01T00:00:00Z \
    "$TANDEM" mail send
rcpts=$(sql "SELECT e.matricule FROM outbox o JOIN employee e ON e.id = o.employee_id WHERE o.kind = 'deadline' ORDER BY e.matricule" | tr '\n' ' ')
is "reminded: whoever has not answered and wants reminders" "$rcpts" "E1 E6 "
is "the reminder gives the date" \
    "$(sql "SELECT count(*) FROM outbox WHERE kind = 'deadline' AND vars LIKE '%deadline=02/12/2026%'")" 2
TANDEM_NOW=2026-12-01T06:00:00Z tandem mail send >/dev/null 2>&1
is "each reminder once" \
    "$(sql "SELECT count(*) FROM outbox WHERE kind = 'deadline'")" 2
is "the accepted tandem is not reminded" \
    "$(sql "SELECT count(*) FROM outbox o JOIN employee e ON e.id = o.employee_id WHERE o.kind = 'deadline' AND e.matricule IN ('E10', 'E7', 'E3', 'E11')")" 0

# The manager's digest lists the proposals not answered, with deadlines.
dg=$(sql "SELECT vars FROM outbox WHERE kind = 'digest'")
case $dg in
*"unanswered=2"*) ok "the digest counts the proposals not answered" ;;
*) not_ok "the digest counts the proposals not answered" "$dg" ;;
esac
case $dg in
*"Léa Nguyen / Michel Perrin (02/12/2026)"*"Noé Fabre / Pascal Giraud (02/12/2026)"*)
	ok "the digest lists them, each with its deadline" ;;
*) not_ok "the digest lists them, each with its deadline" "$dg" ;;
esac

# --- On the deadline's last second, nothing is released yet ----------------

TANDEM_NOW=2026-12-02T22:59:58Z tandem mail send >/dev/null 2>&1
is "still published just before the deadline" \
    "$(sql "SELECT count(*) FROM pair WHERE state = 'published'")" 2

# --- Past it: released ------------------------------------------------------

expect "mail send past the deadline" 0 env TANDEM_NOW=2026-12-03T07:00:00Z \
    "$TANDEM" mail send
is "both proposals released" \
    "$(sql "SELECT count(*) FROM pair WHERE state = 'published'")" 0
is "the accepted tandem stays" \
    "$(sql "SELECT count(*) FROM pair WHERE state = 'accepted'")" 1
is "released, declined by nobody: the answers stay as they were" \
    "$(sql "SELECT count(*) FROM pair WHERE state = 'declined' AND (mentor_answer IS NULL OR mentor_answer = 'accepted') AND mentee_answer IS NULL AND decline_note IS NULL")" 2
is "never proposed again, by the deadline, not a person" \
    "$(sql "SELECT count(*) FROM pair_rejection WHERE rejected_by = 'deadline'")" 2
rcpts=$(sql "SELECT e.matricule FROM outbox o JOIN employee e ON e.id = o.employee_id WHERE o.kind = 'released' ORDER BY e.matricule" | tr '\n' ' ')
is "all four told, reminders off or not" "$rcpts" "E1 E11 E3 E6 "
expect "the release is audited" 0 tandem audit list
contains "audit: pair.release" "$out" "pair.release"
expect "waiting list" 0 tandem --as E2 pair waiting "$P"
for m in E1 E3 E6 E11; do
	contains "$m waits again" "$out" "$m"
done
lacks "E7 does not wait" "$out" "E7 "
mid=$(sql "SELECT o.id FROM outbox o JOIN employee e ON e.id = o.employee_id WHERE o.kind = 'released' AND e.matricule = 'E3'")
expect "mail show --raw of a release" 0 tandem mail show --raw "$mid"
python3 - "$out" >body.txt <<'PY'
import email, sys
m = email.message_from_binary_file(open(sys.argv[1], 'rb'))
for part in m.walk():
    if part.get_content_type() == 'text/plain':
        print(part.get_payload(decode=True).decode())
PY
contains "the release: sans reproche" body.txt "elle est libérée, sans reproche pour personne"
contains "the release: the date" body.txt "avant le 02/12/2026"
lacks "the release names no one who failed to answer" body.txt "n'a pas répondu"

before=$(sql "SELECT count(*) FROM outbox")
TANDEM_NOW=2026-12-03T08:00:00Z tandem mail send >/dev/null 2>&1
is "a second pass releases and tells nothing more" \
    "$(sql "SELECT count(*) FROM outbox")" "$before"

# Matching again never brings a released pair back.
TANDEM_NOW=2026-12-03T08:00:00Z tandem --as E2 match "$P" >/dev/null 2>&1
is "a released pair never comes back" \
    "$(sql "SELECT count(*) FROM pair p JOIN enrolment m ON m.id = p.mentor_id JOIN employee r ON r.id = m.employee_id JOIN enrolment e ON e.id = p.mentee_id JOIN employee t ON t.id = e.employee_id WHERE p.state = 'proposed' AND ((r.matricule = 'E3' AND t.matricule = 'E1') OR (r.matricule = 'E6' AND t.matricule = 'E11'))")" 0

# --- A short deadline: no reminder of the date the proposal just gave ----

expect "one day to answer" 0 tandem --as E2 mail deadline "$P" 1
is "the new match proposes another pair" \
    "$(sql "SELECT count(*) FROM pair WHERE state = 'proposed'")" 1
expect "publish it" 0 env TANDEM_NOW=2026-12-03T08:00:00Z "$TANDEM" \
    --as E2 pair publish "$P"
is "its deadline: the end of the next day" \
    "$(sql "SELECT count(*) FROM pair WHERE state = 'published' AND answer_by = '2026-12-04T22:59:59Z'")" 1
before=$(sql "SELECT count(*) FROM outbox WHERE kind = 'deadline'")
TANDEM_NOW=2026-12-04T12:00:00Z tandem mail send >/dev/null 2>&1
is "published within two days of it: no reminder" \
    "$(sql "SELECT count(*) FROM outbox WHERE kind = 'deadline'")" "$before"
TANDEM_NOW=2026-12-05T00:00:00Z tandem mail send >/dev/null 2>&1
is "and released when it passes" \
    "$(sql "SELECT count(*) FROM pair WHERE state = 'published'")" 0

echo "1..$n"

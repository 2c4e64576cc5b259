# Sessions: planning from the cadence (weekends skipped, Paris time
# across the change to summer time), listing, moves (the calendar's
# SEQUENCE), cancellations (the side, the private reason), attendance,
# feedback and its private comment, the closing survey, the pairs at
# risk, withdrawal, the iCalendar feed (parsed by python3-icalendar) and
# the sponsor's report in every format.
. "$(dirname "$0")/lib.sh"
# The day of the week of a session (UTC): SQLite's strftime(),
# PostgreSQL's extract().
dow="strftime('%w', start_at)"
[ "$testdb_engine" = pg ] && dow="extract(dow FROM start_at::timestamptz AT TIME ZONE 'UTC')::text"

tandem init >/dev/null
# Mentors E3 (Z), E4 (Z), E8 (Y); mentees E5, E6, E7, E9.  E1 is the
# sponsor, E2 the programme manager, E10 has nothing to do with it.
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Langue;Matricule manager\n'\
'E1;L\303\251v\303\252que;Fran\303\247oise;francoise.leveque@exemple.fr;12/03/1958;Direction G\303\251n\303\251rale;Lyon;fr;\n'\
'E2;Gu\303\251rin;Herv\303\251;herve.guerin@exemple.fr;01/01/1968;Direction des Ressources Humaines;Lyon;fr;E1\n'\
'E3;N'"'"'Diaye;Zo\303\251;zoe.ndiaye@exemple.fr;05/11/2001;Direction des Syst\303\250mes d'"'"'Information;Lyon;fr,en;E2\n'\
'E4;Fabre;No\303\251;noe.fabre@exemple.fr;30/09/2000;Direction Commerciale;Lyon;fr;E2\n'\
'E5;Dupr\303\251;J\303\251r\303\264me;jerome.dupre@exemple.fr;14/02/1962;Direction Juridique;Lyon;fr;E1\n'\
'E6;C\305\223ur;No\303\253l;noel.coeur@exemple.fr;25/12/1955;Direction Financi\303\250re;Lyon;fr;E1\n'\
'E7;Roux;Hugo;hugo.roux@exemple.fr;03/03/1950;Direction Financi\303\250re;Lyon;fr;E1\n'\
'E8;Lef\303\250vre;Ana\303\257s;anais.lefevre@exemple.fr;17/07/1999;Direction Marketing;Lyon;fr;E2\n'\
'E9;B\303\251rang\303\250re;C\303\251line;celine.berangere@exemple.fr;08/08/1963;Direction Juridique;Lyon;fr;E1\n'\
'E10;Ch\303\242telet;Ga\303\253l;gael.chatelet@exemple.fr;11/11/1971;Direction Commerciale;Lyon;fr;E1\n' >roster.csv
tandem import roster roster.csv >/dev/null
tandem role grant E1 sponsor >/dev/null
tandem role grant E2 manager >/dev/null

P="Cap numérique"
tandem --as E2 programme create --purpose "Les outils numériques" \
    --topics web-search,generative-ai --start 2027-01-11 --end 2027-06-30 \
    --sessions 6 --cadence 7 \
    --data-notice "Jusqu'à la fin du programme." "$P" >/dev/null
tandem --as E2 programme submit "$P" >/dev/null
tandem --as E1 programme approve "$P" >/dev/null
tandem --as E2 programme open "$P" >/dev/null
tandem --as E3 enrol "$P" E3 --mentor --topics web-search=4,generative-ai=3 \
    --capacity 2 >/dev/null
tandem --as E4 enrol "$P" E4 --mentor --topics web-search=3,generative-ai=4 >/dev/null
tandem --as E8 enrol "$P" E8 --mentor --topics web-search=4,generative-ai=4 >/dev/null
# Enrolled in this order, the pairs below are the canonical optimum (the
# first mentee enrolled gets the earliest mentor an optimum gives her,
# docs/matching.md): all four mentees are alike, so others tie with it.
for m in E7 E9 E6 E5; do
	tandem --as $m enrol "$P" $m --mentee \
	    --topics web-search=0:3,generative-ai=1:2 >/dev/null
done
refused "no plan before the pairs are published" \
    "tandem: programme \"$P\" is open: sessions are planned once its pairs are published, until it closes" \
    tandem --as E2 session plan "$P"
refused "no session added before the pairs are published" \
    "tandem: programme \"$P\" is open: sessions are planned once its pairs are published, until it closes" \
    tandem --as E2 session add "$P" E3 E7 --at "2026-12-01 10:00"
tandem --as E2 match "$P" >/dev/null
tandem --as E2 pair publish "$P" >/dev/null
# The pairs (sessions are planned in this order, mentor then mentee):
#   A: E3 -> E7 (sessions 1-6)     B: E3 -> E9 (7-12)
#   C: E4 -> E6 (13-18)            D: E8 -> E5 (19-24)
expect "pair list" 0 tandem pair list "$P"
contains "pair A" "$out" "$(printf 'E3 Zo\303\251 N'"'"'Diaye -> E7 Hugo Roux\tpublished')"
contains "pair B" "$out" "$(printf 'E3 Zo\303\251 N'"'"'Diaye -> E9 C\303\251line B\303\251rang\303\250re\tpublished')"
contains "pair C" "$out" "$(printf 'E4 No\303\251 Fabre -> E6 No\303\253l C\305\223ur\tpublished')"
contains "pair D" "$out" "$(printf 'E8 Ana\303\257s Lef\303\250vre -> E5 J\303\251r\303\264me Dupr\303\251\tpublished')"
for pr in "E3 E7" "E3 E9" "E4 E6" "E8 E5"; do
	# shellcheck disable=SC2086
	set -- $pr
	tandem --as "$1" pair accept "$P" "$1" "$2" >/dev/null
	tandem --as "$2" pair accept "$P" "$1" "$2" >/dev/null
done
tandem --as E2 programme start "$P" >/dev/null
expect "the programme runs" 0 tandem programme show "$P"
has_line "running" "$out" "state: running"

# --- Plan ----------------------------------------------------------------------

refused "a mentor cannot plan" \
    "tandem: managing the sessions of others needs the programme manager role, which E3 does not hold" \
    tandem --as E3 session plan "$P"
refused "a bad start" \
    'tandem: start: "2027-13-01" is not a date yyyy-mm-dd' \
    tandem --as E2 session plan --start 2027-13-01 "$P"
# parse_day() only checks 1 <= day <= 31: 30 February becomes 2 March.
# (On a copy, so that the rest does not depend on the outcome.)
# (On PostgreSQL the refusal's own check, nothing changed, stands for it.)
mkdir feb && { [ "$testdb_engine" = pg ] || cp tandem.db feb/; } && cd feb || exit 2
refused "a start that does not exist" \
    'tandem: start: "2027-02-30" is not a date yyyy-mm-dd' \
    tandem --as E2 session plan --start 2027-02-30 "$P"
cd .. && rm -rf feb

# A daily cadence must not put three sessions of a pair on one Monday.
daily=$(testdb_copy "$db_main" daily.db) || exit 2
tandem -d "$daily" --as E2 programme edit "$P" --cadence 1 >/dev/null
expect "plan daily from a Friday" 0 \
    tandem -d "$daily" --as E2 session plan --start 2027-03-05 "$P"
is "daily: no weekend" "$(testdb_sql "$daily" "SELECT count(*) FROM session WHERE $dow IN ('0', '6')")" 0
is "daily: no pair twice at the same time" "$(testdb_sql "$daily" \
    "SELECT count(*) FROM (SELECT 1 FROM session GROUP BY mentor_id, mentee_id, start_at HAVING count(*) > 1) AS x")" 0
rm -f daily.db

# From a Saturday, every 7 days: every session moves to the Monday; the
# series crosses the change to summer time (Sunday 28 March 2027) and
# Easter Monday (29 March), a holiday: from then on, the Tuesday, a
# cadence after.  E3 mentors two pairs: never both at once, the second
# at 09:00, the first half-day with E3 free (everyone offered every
# half-day).
expect "plan" 0 tandem --as E2 session plan --start 2027-03-06 "$P"
has_line "plan: pairs x sessions" "$out" "24 sessions planned"
is "24 sessions stored" "$(sql 'SELECT count(*) FROM session')" 24
is "6 sessions per pair" "$(sql 'SELECT group_concat(n) FROM (SELECT count(*) AS n FROM session GROUP BY mentor_id, mentee_id) AS x')" "6,6,6,6"
is "no session on a Saturday or a Sunday" \
    "$(sql "SELECT count(*) FROM session WHERE $dow IN ('0', '6')")" 0
is "every session before Easter on a Monday" \
    "$(sql "SELECT count(*) FROM session WHERE $dow = '1' AND start_at < '2027-03-28'")" 12
is "every session after Easter on a Tuesday" \
    "$(sql "SELECT count(*) FROM session WHERE $dow = '2' AND start_at > '2027-03-28'")" 12
is "nothing on Easter Monday" \
    "$(sql "SELECT count(*) FROM session WHERE start_at LIKE '2027-03-29%'")" 0
is "no mentor twice at once" \
    "$(sql "SELECT count(*) FROM (SELECT 1 FROM session GROUP BY mentor_id, start_at HAVING count(*) > 1) AS x")" 0
is "winter: 09:00 and 14:00 in Paris are 08:00 and 13:00 UTC" \
    "$(sql "SELECT group_concat(start_at) FROM (SELECT DISTINCT start_at FROM session WHERE start_at < '2027-03-28' ORDER BY start_at) AS x")" \
    "2027-03-08T08:00:00Z,2027-03-08T13:00:00Z,2027-03-15T08:00:00Z,2027-03-15T13:00:00Z,2027-03-22T08:00:00Z,2027-03-22T13:00:00Z"
is "summer: 09:00 and 14:00 in Paris are 07:00 and 12:00 UTC" \
    "$(sql "SELECT group_concat(start_at) FROM (SELECT DISTINCT start_at FROM session WHERE start_at > '2027-03-28' ORDER BY start_at) AS x")" \
    "2027-03-30T07:00:00Z,2027-03-30T12:00:00Z,2027-04-06T07:00:00Z,2027-04-06T12:00:00Z,2027-04-13T07:00:00Z,2027-04-13T12:00:00Z"
expect "plan again: nothing new" 0 tandem --as E2 session plan "$P"
has_line "plan again: none" "$out" "0 sessions planned"

expect "watch before any session" 0 tandem watch "$P"
has_line "no pair at risk yet" "$out" "no pair at risk"

# --- List ----------------------------------------------------------------------

expect "list" 0 tandem session list "$P"
is "list: 24 lines" "$(wc -l <"$out" | tr -d ' ')" 24
has_line "list: winter, Paris time" "$out" "$(printf '7\t08/03/2027 09:00\t60 min\tE3 Zo\303\251 N'"'"'Diaye -> E9 C\303\251line B\303\251rang\303\250re\tn\302\2601\tplanned')"
has_line "list: summer, Paris time" "$out" "$(printf '10\t30/03/2027 09:00\t60 min\tE3 Zo\303\251 N'"'"'Diaye -> E9 C\303\251line B\303\251rang\303\250re\tn\302\2604\tplanned')"
expect "list --for E9" 0 tandem session list --for E9 "$P"
is "list --for E9: her 6 sessions" "$(grep -c -- '-> E9 ' "$out")" 6
is "list --for E9: nothing else" "$(wc -l <"$out" | tr -d ' ')" 6
expect "list --for E3 (mentor of two pairs)" 0 tandem session list --for E3 "$P"
is "list --for E3: 12 sessions" "$(grep -c '	E3 ' "$out")" 12
expect "list --for someone outside" 0 tandem session list --for E10 "$P"
is "list --for E10: empty" "$(wc -c <"$out" | tr -d ' ')" 0
refused "list --for an unknown employee" 'tandem: no employee with id "E99"' \
    tandem session list --for E99 "$P"

# The read rules of the library, as the web applies them: --as a
# participant reads their own sessions and calendar, and no one's else,
# nor the tandems at risk; the manager reads all, as the system operator.
tandem session list "$P" >all.txt
expect "list as the manager" 0 tandem --as E2 session list "$P"
same "list as the manager: every session" all.txt "$out"
expect "list as E9" 0 tandem --as E9 session list "$P"
is "list as E9: her 6 sessions only" "$(grep -c -- '-> E9 ' "$out")/$(wc -l <"$out" | tr -d ' ')" 6/6
expect "list as E9 --for E9" 0 tandem --as E9 session list --for E9 "$P"
is "list as E9 --for E9: the same" "$(wc -l <"$out" | tr -d ' ')" 6
SEEN="tandem: the sessions of $P are for its programme manager and its coach; each participant sees their own"
refused "list as E9 --for E3" "$SEEN" tandem --as E9 session list --for E3 "$P"
expect "list as the sponsor, in no pair" 0 tandem --as E1 session list "$P"
is "list as the sponsor: nothing" "$(wc -c <"$out" | tr -d ' ')" 0
refused "watch as E9" "tandem: the tandems at risk of $P are for its programme manager and its coach; each participant sees their own" \
    tandem --as E9 watch "$P"
expect "watch as the manager" 0 tandem --as E2 watch "$P"
expect "feed of E9 as E9" 0 tandem --as E9 ical feed "$P" E9
is "feed of E9 as E9: 6 events" "$(grep -c '^BEGIN:VEVENT' "$out")" 6
refused "feed of E3 as E9" "$SEEN" tandem --as E9 ical feed "$P" E3
expect "ical of session 7 as its mentee" 0 tandem --as E9 ical session 7
refused "ical of session 1 as E9, not in it" "$SEEN" \
    tandem --as E9 ical session 1
expect "ical of session 1 as the manager" 0 tandem --as E2 ical session 1

# --- Move ----------------------------------------------------------------------

expect "ical before the move" 0 tandem ical session 1
has_line "sequence 0" "$out" "$(printf 'SEQUENCE:0\r')"
refused "someone outside the session cannot move it" \
    "tandem: managing the sessions of others needs the programme manager role, which E6 does not hold" \
    tandem --as E6 session move --at "2027-03-09 10:30" 1
refused_with 2 "move: a bad time" \
    'tandem: --at: give the Paris time as "yyyy-mm-dd hh:mm"' \
    tandem --as E2 session move --at "2027-03-09" 1
refused "move: no such session" "tandem: no session 999" \
    tandem --as E2 session move --at "2027-03-09 10:30" 999
expect "the mentee moves it" 0 tandem --as E7 session move --at "2027-03-09 10:30" 1
has_line "move: said" "$out" "session 1: moved"
expect "list after the move" 0 tandem session list --for E7 "$P"
contains "moved in the list" "$out" "$(printf '1\t09/03/2027 10:30\t60 min\t')"
expect "ical after the move" 0 tandem ical session 1
has_line "sequence 1" "$out" "$(printf 'SEQUENCE:1\r')"
has_line "new start, Paris" "$out" "$(printf 'DTSTART;TZID=Europe/Paris:20270309T103000\r')"
has_line "still a request" "$out" "$(printf 'METHOD:REQUEST\r')"
expect "the manager moves it again" 0 tandem --as E2 session move --at "2027-03-09 11:00" 1
expect "ical after the second move" 0 tandem ical session 1
has_line "sequence 2" "$out" "$(printf 'SEQUENCE:2\r')"
is "stored in UTC" "$(sql 'SELECT start_at FROM session WHERE id = 1')" "2027-03-09T10:00:00Z"

# --- Cancel --------------------------------------------------------------------

R1="SECRET-R7731 pas disponible"
R2="SECRET-R8842 en congé maladie"
refused "a member cannot cancel as the other side" \
    "tandem: by: E7 is the mentee of this session and cancels as such" \
    tandem --as E7 session cancel --by mentor --reason "$R1" 2
refused "a member cannot cancel as the manager" \
    "tandem: by: E7 is the mentee of this session and cancels as such" \
    tandem --as E7 session cancel --by manager 2
refused "someone outside cannot cancel" \
    "tandem: managing the sessions of others needs the programme manager role, which E6 does not hold" \
    tandem --as E6 session cancel 2
refused "the manager names a side that does not exist" \
    'tandem: by: "nobody" is not mentor, mentee or manager' \
    tandem --as E2 session cancel --by nobody 2
expect "the mentee cancels (--by their side)" 0 \
    tandem --as E7 session cancel --by mentee --reason "$R1" 2
has_line "cancel: said" "$out" "session 2: cancelled"
refused "cancel twice" \
    "tandem: session 2 is cancelled: only a planned session is cancelled" \
    tandem --as E2 session cancel 2
refused "move a cancelled session" \
    "tandem: session 2 is cancelled: only a planned session moves" \
    tandem --as E2 session move --at "2027-03-16 14:00" 2
expect "the mentor cancels without --by" 0 tandem --as E3 session cancel 8
expect "the manager cancels for the mentee" 0 \
    tandem --as E2 session cancel --by mentee --reason "$R2" 3
expect "the manager cancels as the manager" 0 tandem --as E2 session cancel 15
expect "list the cancellations" 0 tandem session list "$P"
contains "cancelled by the mentee" "$out" "$(printf 'n\302\2602\tcancelled by the mentee')"
has_line "session 2: the mentee" "$out" "$(printf '2\t15/03/2027 14:00\t60 min\tE3 Zo\303\251 N'"'"'Diaye -> E7 Hugo Roux\tn\302\2602\tcancelled by the mentee')"
has_line "session 3: the mentee, by the manager" "$out" "$(printf '3\t22/03/2027 14:00\t60 min\tE3 Zo\303\251 N'"'"'Diaye -> E7 Hugo Roux\tn\302\2603\tcancelled by the mentee')"
has_line "session 8: the mentor" "$out" "$(printf '8\t15/03/2027 09:00\t60 min\tE3 Zo\303\251 N'"'"'Diaye -> E9 C\303\251line B\303\251rang\303\250re\tn\302\2602\tcancelled by the mentor')"
has_line "session 15: the manager" "$out" "$(printf '15\t22/03/2027 14:00\t60 min\tE4 No\303\251 Fabre -> E6 No\303\253l C\305\223ur\tn\302\2603\tcancelled by the manager')"
expect "ical of a cancelled session" 0 tandem ical session 2
has_line "cancelled: METHOD:CANCEL" "$out" "$(printf 'METHOD:CANCEL\r')"
has_line "cancelled: STATUS:CANCELLED" "$out" "$(printf 'STATUS:CANCELLED\r')"
has_line "cancelled: sequence raised" "$out" "$(printf 'SEQUENCE:1\r')"
expect "audit list" 0 tandem audit list
contains "cancel audited with its side" "$out" "$(printf 'E7\tsession.cancel\tsession:')"
contains "manager's cancel audited" "$out" "by the mentee"

# --- Held ----------------------------------------------------------------------

# Session 7 is on Monday 8 March 2027 at 09:00 in Paris, 08:00 UTC.
refused "held on the day before" "tandem: session 7 has not taken place yet" \
    tandem --as E3 session held 7
refused "held at 08:30 in Paris, before 09:00" \
    "tandem: session 7 has not taken place yet" \
    at 2027-03-08T07:30:00Z --as E3 session held 7
refused "held: absent someone outside the session" \
    "tandem: absent: E5 is not a member of session 7" \
    at 2027-03-08T13:30:00Z --as E3 session held --absent E5 7
refused "held: absent someone unknown" \
    "tandem: absent: E99 is not a member of session 7" \
    at 2027-03-08T13:30:00Z --as E3 session held --absent E9,E99 7
refused "held by someone outside" \
    "tandem: managing the sessions of others needs the programme manager role, which E6 does not hold" \
    at 2027-03-08T13:30:00Z --as E6 session held 7
expect "held at 09:30 in Paris" 0 at 2027-03-08T08:30:00Z --as E3 session held 7
has_line "held: said" "$out" "session 7: held"
refused "held twice" "tandem: session 7 is held already" \
    at 2027-03-09 --as E3 session held 7
refused "held: a cancelled session" "tandem: session 2 is cancelled already" \
    at 2027-03-16 --as E2 session held 2
# Summer time: session 16 is on 30 March (after Easter Monday) at 14:00
# in Paris, 12:00 UTC.
refused "summer: held at 13:30 in Paris" \
    "tandem: session 16 has not taken place yet" \
    at 2027-03-30T11:30:00Z --as E4 session held 16
expect "summer: held at 14:30 in Paris" 0 at 2027-03-30T12:30:00Z --as E4 session held 16
expect "held, the mentee absent" 0 at 2027-03-10 --as E2 session held --absent E5 19
is "attendance recorded" "$(sql 'SELECT group_concat(present) FROM (SELECT present FROM attendance WHERE session_id = 19 ORDER BY enrolment_id) AS x')" "1,0"
for s in 1 13 14 17 20 21 22; do
	at 2027-04-07 --as E2 session held $s >/dev/null
done
is "10 sessions held" "$(sql "SELECT count(*) FROM session WHERE state = 'held'")" 10

# --- Feedback ------------------------------------------------------------------

C1="SECRET-C4242 elle parlait trop vite"
refused "feedback from the absent mentee" \
    "tandem: E5 can only rate a session held with them: session 19 is held without them" \
    at 2027-04-06 --as E5 feedback --rating 4 19
refused "feedback from a participant of another pair" \
    "tandem: E9 is not a member of session 19" \
    at 2027-04-06 --as E9 feedback --rating 4 19
refused "feedback from someone not enrolled" \
    "tandem: E10 is not enrolled in \"$P\"" \
    at 2027-04-06 --as E10 feedback --rating 4 19
refused "feedback on a planned session" \
    "tandem: E3 can only rate a session held with them: session 5 is planned" \
    at 2027-04-06 --as E3 feedback --rating 4 5
refused "feedback on a cancelled session" \
    "tandem: E7 can only rate a session held with them: session 2 is cancelled" \
    at 2027-04-06 --as E7 feedback --rating 4 2
refused "feedback for someone else" \
    "tandem: answering for someone else needs the programme manager role, which E6 does not hold" \
    at 2027-04-06 --as E6 feedback --for E4 --rating 4 13
refused "rating 6" "tandem: rating: a rating is 1 to 5" \
    at 2027-04-06 --as E8 feedback --rating 6 19
refused "rating -1" "tandem: rating: a rating is 1 to 5" \
    at 2027-04-06 --as E8 feedback --rating -1 19
refused_with 2 "rating not a number" "tandem: --rating: a number from 1 to 5" \
    at 2027-04-06 --as E8 feedback --rating quatre 19
refused "rating 0" "tandem: rating: a rating is 1 to 5" \
    at 2027-04-06 --as E8 feedback --rating 0 19
expect "the mentor rates, with a comment" 0 \
    at 2027-04-06 --as E8 feedback --rating 4 --comment "$C1" 19
has_line "feedback: said" "$out" "thank you: session 19 rated 4/5"
refused "rating twice" "tandem: E8 has rated session 19 already" \
    at 2027-04-06 --as E8 feedback --rating 5 19
expect "the manager gives it for a member" 0 \
    at 2027-04-06 --as E2 feedback --for E4 --rating 3 13
expect "both members of session 7 rate it" 0 \
    at 2027-04-06 --as E3 feedback --rating 5 7
expect "E9 rates session 7" 0 at 2027-04-06 --as E9 feedback --rating 4 7

# --- Survey --------------------------------------------------------------------

S1="SECRET-S5151 j'utilise enfin un gestionnaire de mots de passe"
expect "survey" 0 at 2027-04-06 --as E6 survey --recommend yes --changed "$S1" \
    --levels web-search=3,generative-ai=2 "$P"
has_line "survey: said" "$out" "thank you: survey recorded"
refused "survey twice" "tandem: E6 has answered the survey already" \
    at 2027-04-06 --as E6 survey --recommend no "$P"
refused "survey: a level out of range" \
    'tandem: levels: "web-search=5" is not code=LEVEL with a level 0 to 4' \
    at 2027-04-06 --as E7 survey --recommend yes --levels web-search=5 "$P"
refused "survey: an unknown topic" \
    'tandem: levels: "nope" is not a topic of this programme' \
    at 2027-04-06 --as E7 survey --recommend yes --levels nope=2 "$P"
refused "survey from someone not enrolled" \
    "tandem: E10 is not enrolled in \"$P\"" \
    at 2027-04-06 --as E10 survey --recommend yes "$P"
refused "survey for someone else" \
    "tandem: answering for someone else needs the programme manager role, which E7 does not hold" \
    at 2027-04-06 --as E7 survey --for E6 --recommend yes "$P"
expect "survey: no, without levels" 0 at 2027-04-06 --as E7 survey --recommend no "$P"
expect "survey by the manager for a member" 0 \
    at 2027-04-06 --as E2 survey --for E3 --recommend yes "$P"
refused "survey for them twice" "tandem: E3 has answered the survey already" \
    at 2027-04-06 --as E3 survey --recommend yes "$P"
is "surveys stored" "$(sql "SELECT count(*) || '/' || sum(recommend) FROM closing")" "3/2"
is "levels stored" "$(sql 'SELECT count(*) FROM closing_level')" 2

# --- Watch ---------------------------------------------------------------------

# --- Withdrawal ----------------------------------------------------------------

expect "ical of session 24 before" 0 tandem ical session 24
has_line "session 24: sequence 0" "$out" "$(printf 'SEQUENCE:0\r')"
expect "E5 withdraws" 0 at 2027-04-08T10:00:00Z --as E5 withdraw "$P" E5
has_line "withdraw: said" "$out" "E5 has withdrawn from \"$P\""
expect "list --for E5" 0 tandem session list --for E5 "$P"
has_line "the future session cancelled: the tandem ended, nobody named" "$out" \
    "$(printf '24\t13/04/2027 14:00\t60 min\tE8 Ana\303\257s Lef\303\250vre -> E5 J\303\251r\303\264me Dupr\303\251\tn\302\2606\tcancelled (tandem ended)')"
contains "a past session left as it was" "$out" "$(printf 'n\302\2605\tplanned')"
contains "a held session left as it was" "$out" "$(printf 'n\302\2601\theld')"
expect "ical of session 24 after" 0 tandem ical session 24
has_line "withdrawn: METHOD:CANCEL" "$out" "$(printf 'METHOD:CANCEL\r')"
has_line "withdrawn: STATUS:CANCELLED" "$out" "$(printf 'STATUS:CANCELLED\r')"
has_line "withdrawn: sequence raised" "$out" "$(printf 'SEQUENCE:1\r')"
lacks "withdrawn: no RSVP asked" "$out" "RSVP=TRUE"

# Pair A: two cancellations by the mentee; B: nothing held since 8 March
# 13:00 UTC (35 days on 13 April); C: held on 5 April; D: E5 withdrew.
expect "watch" 0 at 2027-04-13 watch "$P"
has_line "watch: two cancellations by the same side" "$out" \
    "$(printf 'E3 Zo\303\251 N'"'"'Diaye -> E7 Hugo Roux\t2 sessions cancelled by the mentee')"
has_line "watch: nothing held for the risk days" "$out" \
    "$(printf 'E3 Zo\303\251 N'"'"'Diaye -> E9 C\303\251line B\303\251rang\303\250re\tno session held for 35 days')"
has_line "watch: a withdrawal" "$out" \
    "$(printf 'E8 Ana\303\257s Lef\303\250vre -> E5 J\303\251r\303\264me Dupr\303\251\tthe mentee withdrew')"
lacks "watch: pair C is fine" "$out" "-> E6 "
is "watch: three pairs" "$(wc -l <"$out" | tr -d ' ')" 3
expect "watch 28 days after" 0 at 2027-04-06T00:00:00Z watch "$P"
lacks "watch: not yet at risk on day 28" "$out" "-> E9 "

# --- The calendar feed -----------------------------------------------------------

expect "feed of E9" 0 tandem ical feed "$P" E9
cp "$out" feed.ics
has_line "feed: published" feed.ics "$(printf 'METHOD:PUBLISH\r')"
lacks "feed: no attendee (RFC 5546 PUBLISH)" feed.ics "ATTENDEE"
is "feed: six events" "$(grep -c '^BEGIN:VEVENT' feed.ics)" 6
sql "SELECT uid FROM session WHERE mentee_id = (SELECT n.id FROM enrolment n JOIN employee e ON e.id = n.employee_id WHERE e.matricule = 'E9') ORDER BY id" >uids.txt
expect "ical session 7" 0 tandem ical session 7
cp "$out" s7.ics
ICAL=/usr/bin/python3
if "$ICAL" -c 'import icalendar' 2>/dev/null; then
	pycheck() {
		: >"$out"
		if "$ICAL" -c "$2" 2>"$err"; then
			ok "$1"
		else
			not_ok "$1" "$(tail -3 "$err")"
		fi
	}
	pycheck "feed: icalendar parses it, one UID per session" '
import icalendar
c = icalendar.Calendar.from_ical(open("feed.ics", "rb").read())
uids = [str(e["UID"]) for e in c.walk("VEVENT")]
want = open("uids.txt").read().split()
assert len(want) == 6, want
assert sorted(uids) == sorted(want), (uids, want)
'
	pycheck "feed: 09:00 in Paris, winter and summer" '
import icalendar, datetime
c = icalendar.Calendar.from_ical(open("feed.ics", "rb").read())
ev = c.walk("VEVENT")
assert len(ev) == 6
utc = datetime.timezone.utc
seen = []
for e in ev:
    d = e["DTSTART"].dt
    assert str(e["DTSTART"].params.get("TZID")) == "Europe/Paris"
    assert (d.hour, d.minute) == (9, 0), d
    assert d.weekday() == (0 if d.month == 3 and d.day < 29 else 1), d
    assert e["DTEND"].dt - d == datetime.timedelta(minutes=60)
    seen.append(d.astimezone(utc).strftime("%Y-%m-%dT%H:%MZ"))
assert sorted(seen) == ["2027-03-08T08:00Z", "2027-03-15T08:00Z",
    "2027-03-22T08:00Z", "2027-03-30T07:00Z", "2027-04-06T07:00Z",
    "2027-04-13T07:00Z"], seen
'
	pycheck "feed: the organiser is the mentor, states as they are" '
import icalendar
c = icalendar.Calendar.from_ical(open("feed.ics", "rb").read())
st = []
for e in c.walk("VEVENT"):
    assert str(e["ORGANIZER"]) == "mailto:zoe.ndiaye@exemple.fr"
    assert e["ORGANIZER"].params["CN"] == "Zoé N\x27Diaye"
    st.append(str(e["STATUS"]))
assert st.count("CANCELLED") == 1 and st.count("CONFIRMED") == 5, st
'
	pycheck "invitation: both attendees, by name and e-mail" '
import icalendar, datetime
c = icalendar.Calendar.from_ical(open("s7.ics", "rb").read())
assert str(c["METHOD"]) == "REQUEST"
[e] = c.walk("VEVENT")
a = e["ATTENDEE"]
assert [str(x) for x in a] == ["mailto:zoe.ndiaye@exemple.fr",
    "mailto:celine.berangere@exemple.fr"], a
assert [x.params["CN"] for x in a] == ["Zoé N\x27Diaye", "Céline Bérangère"]
d = e["DTSTART"].dt
assert d.astimezone(datetime.timezone.utc).hour == 8 and d.hour == 9
'
else
	ok "feed: icalendar # SKIP no python3-icalendar"
fi
expect "feed of someone unknown" 1 tandem ical feed "$P" E99
has_line "feed: unknown said" "$err" 'tandem: no employee with id "E99"'

# --- Report --------------------------------------------------------------------

refused "report: a mentee cannot read it" \
    "tandem: reading a programme's report needs the programme manager or the sponsor role, which E7 does not hold" \
    tandem --as E7 report "$P"
refused "report: nobody named" \
    "tandem: reading a programme's report needs the programme manager or the sponsor role: say who you are (--as EMPLOYEE_ID)" \
    tandem report "$P"
refused_with 2 "report: an unknown format" \
    "tandem: --format: text, json, csv, svg or html" \
    tandem --as E1 report --format pdf "$P"
for f in text json csv svg html; do
	expect "report --format $f by the sponsor" 0 \
	    at 2027-04-13 --as E1 report --format $f "$P"
	cp "$out" report.$f
done
expect "report by the manager" 0 at 2027-04-13 --as E2 report "$P"
same "the manager reads what the sponsor reads" "$out" report.text
if grep -E '^Mentorés inscrits +(< 5|masqué)$' report.text >/dev/null; then
	ok "text: small cells hidden"
else
	not_ok "text: small cells hidden"
fi
# 24 planned = 6 sessions a pair x 4 pairs: shown, it would give the pairs.
if grep -E '^Prévues +masqué$' report.text >/dev/null; then
	ok "text: sessions planned hidden, they would give the pairs"
else
	not_ok "text: sessions planned hidden, they would give the pairs"
fi
contains "text: small cells never 1 to 4" report.text "< 5"
if grep -E '^(Tenues|Annulées|Mentorés|Note|Recommandent)[^0-9<]* [1-4]$' report.text >/dev/null; then
	not_ok "text: no value 1-4 about people"
else
	ok "text: no value 1-4 about people"
fi
cp report.json "$out"
json "json: valid, with its tables" \
    "[t['id'] for t in d['tables']] == ['generations', 'departments', 'matching', 'sessions', 'levels', 'satisfaction', 'closing', 'risk']"
json "json: hidden cells have no value and no people" \
    "all(c['value'] is None and 'people' not in c for t in d['tables'] for r in t['rows'] for c in r['cells'] if c['suppressed'])"
json "json: shown cells describe 0 or 5+ people" \
    "all(c.get('people', 0) == 0 or c['people'] >= 5 for t in d['tables'] for r in t['rows'] for c in r['cells'] if not c['suppressed'])"
json "json: the ratings are hidden (4 raters)" \
    "[r['cells'][0]['suppressed'] for t in d['tables'] if t['id'] == 'satisfaction' for r in t['rows']][0] is True"
json "json: 24 planned, hidden (6 a pair: the pairs)" \
    "[r['cells'][0]['status'] for t in d['tables'] if t['id'] == 'sessions' for r in t['rows']][0] == 'hidden'"
if head -c 3 report.csv | od -An -tx1 | grep -q 'ef bb bf'; then
	ok "csv: UTF-8 BOM"
else
	not_ok "csv: UTF-8 BOM"
fi
contains "csv: semicolons" report.csv "$(printf 'Mentorés appariés;< 5\r')"
contains "csv: columns with ;" report.csv ";Mentors;Mentorés"
contains "csv: CRLF" report.csv "$(printf 'Prévues;masqué\r')"
contains "svg: an SVG" report.svg "<svg xmlns=\"http://www.w3.org/2000/svg\""
lacks "svg: no script" report.svg "<script"
contains "html: inline SVG" report.html "<svg"
lacks "html: no script" report.html "<script"
contains "html: small cells as < 5" report.html "&lt; 5"

# --- Private texts go nowhere -------------------------------------------------------

tandem session list "$P" >everything.txt 2>&1
for who in E3 E5 E7 E9; do
	tandem session list --for $who "$P" >>everything.txt 2>&1
	tandem ical feed "$P" $who >>everything.txt 2>&1
done
for s in 2 3 7 13 19; do
	tandem ical session $s >>everything.txt 2>&1
done
tandem audit list >>everything.txt 2>&1
tandem --as E2 audit list >>everything.txt 2>&1
at 2027-04-13 watch "$P" >>everything.txt 2>&1
cat report.text report.json report.csv report.svg report.html >>everything.txt
tandem enrolments "$P" >>everything.txt 2>&1
tandem programme history "$P" >>everything.txt 2>&1
for secret in SECRET R7731 R8842 C4242 S5151 "pas disponible" "congé maladie" \
    "parlait trop vite" "gestionnaire de mots"; do
	lacks "private text nowhere: $secret" everything.txt "$secret"
done
is "the reasons are stored" "$(sql "SELECT count(*) FROM session WHERE cancel_reason LIKE 'SECRET-R%'")" 2
is "the comment is stored" "$(sql "SELECT count(*) FROM feedback WHERE comment LIKE 'SECRET-C4242%'")" 1
is "the change is stored" "$(sql "SELECT count(*) FROM closing WHERE changed LIKE 'SECRET-S5151%'")" 1
expect "audit verify" 0 tandem audit verify

# --- The five-people rule on the pairs at risk ----------------------------------

# One mentor of three mentees withdraws: three pairs at risk, but four
# people (the mentor counts once), so the cell must hide.  report.c
# counts 2 people per pair at risk.
r() {
	"$TANDEM" -d risk.db "$@" >/dev/null 2>&1
}
R="Risque"
r init
r import roster roster.csv
r role grant E1 sponsor
r role grant E2 manager
r --as E2 programme create --purpose "Un essai" --topics web-search \
    --start 2027-01-11 --end 2027-06-30 --data-notice "Un an." "$R"
r --as E2 programme submit "$R"
r --as E1 programme approve "$R"
r --as E2 programme open "$R"
r --as E3 enrol "$R" E3 --mentor --topics web-search=4 --capacity 3
for m in E5 E6 E7; do
	r --as $m enrol "$R" $m --mentee --topics web-search=0:3
done
r --as E2 match "$R"
r --as E2 pair publish "$R"
for m in E5 E6 E7; do
	r --as E3 pair accept "$R" E3 $m
	r --as $m pair accept "$R" E3 $m
done
r --as E2 programme start "$R"
r --as E3 withdraw "$R" E3
expect "risk: watch" 0 tandem -d risk.db watch "$R"
is "risk: three pairs of one mentor" "$(grep -c 'the mentor withdrew' "$out")" 3
expect "risk: report" 0 tandem -d risk.db --as E1 report --format json "$R"
json "risk: 3 pairs of 4 people hidden" \
    "[c['suppressed'] for t in d['tables'] if t['id'] == 'risk' for r in t['rows'] for c in r['cells']] == [True]"

done_testing

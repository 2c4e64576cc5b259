# The planner: sessions in the common half-days, never one person twice
# at once (across programmes), never on a weekend, public holiday or
# closure day, inside the programme's dates; what did not fit, said; the
# closure days; moves and added sessions checked the same way; and the
# bad input of sessions and feedback (ratings, ids, a survey's topics,
# a time the clocks skip, long names in invitations).
. "$(dirname "$0")/lib.sh"

tandem init >/dev/null
# E6's last name is 130 "é": 260 bytes, past what a fixed buffer kept.
long=$(python3 -c 'print("\u00e9" * 130, end="")')
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Langue;Matricule manager\n'\
'E1;Martin;Anne;anne.martin@exemple.fr;12/03/1958;Direction G\303\251n\303\251rale;Lyon;fr;\n'\
'E2;Petit;Louis;louis.petit@exemple.fr;01/01/1968;RH;Lyon;fr;E1\n'\
'E3;Roux;Zo\303\251;zoe.roux@exemple.fr;05/11/2001;DSI;Lyon;fr;E2\n'\
'E4;Fabre;No\303\251;noe.fabre@exemple.fr;30/09/2000;Commerce;Lyon;fr;E2\n'\
'E5;Dupr\303\251;Paul;paul.dupre@exemple.fr;14/02/1962;Juridique;Lyon;fr;E1\n'\
'E6;%s;Marc;marc.coeur@exemple.fr;25/12/1955;Finance;Lyon;fr;E1\n'\
'E7;Blanc;Hugo;hugo.blanc@exemple.fr;03/03/1950;Finance;Lyon;fr;E1\n' \
    "$long" >roster.csv
tandem import roster roster.csv >/dev/null
tandem role grant E1 sponsor >/dev/null
tandem role grant E2 manager >/dev/null

# A programme from Monday 11 January to 30 April 2027 (Easter Monday is
# 29 March), 8 sessions every 14 days.  E3 mentors E5 (common: Monday
# afternoon) and E6 (Monday and Tuesday afternoons); E4 and E7 have no
# half-day in common.
programme() {
	tandem --as E2 programme create --purpose "Les outils" \
	    --topics web-search --start 2027-01-11 --end 2027-04-30 \
	    --sessions 8 --cadence 14 --data-notice "Fin." "$@" >/dev/null
	tandem --as E2 programme submit "$1" >/dev/null
	tandem --as E1 programme approve "$1" >/dev/null
	tandem --as E2 programme open "$1" >/dev/null
}
P=Cap
programme $P
tandem --as E3 enrol $P E3 --mentor --topics web-search=4 --capacity 2 \
    --availability mon-am,mon-pm,tue-pm >/dev/null
tandem --as E4 enrol $P E4 --mentor --topics web-search=3 \
    --availability thu-am >/dev/null
tandem --as E5 enrol $P E5 --mentee --topics web-search=0:3 \
    --availability mon-pm >/dev/null
tandem --as E6 enrol $P E6 --mentee --topics web-search=0:3 \
    --availability mon-pm,tue-pm >/dev/null
tandem --as E7 enrol $P E7 --mentee --topics web-search=0:3 \
    --availability fri-am >/dev/null
tandem --as E2 match $P >/dev/null
tandem --as E2 pair publish $P >/dev/null
for pr in "E3 E5" "E3 E6" "E4 E7"; do
	# shellcheck disable=SC2086
	set -- $pr
	tandem --as "$1" pair accept $P "$1" "$2" >/dev/null
	tandem --as "$2" pair accept $P "$1" "$2" >/dev/null
done

# --- Closure days --------------------------------------------------------------

refused "closure: a participant cannot add one" \
    "tandem: managing the sessions of others needs the programme manager role, which E3 does not hold" \
    tandem --as E3 closure add 2027-02-08
refused "closure: not a date" \
    'tandem: day: "2027-02-30" is not a date yyyy-mm-dd' \
    tandem --as E2 closure add 2027-02-30
refused "closure: a Saturday" \
    "tandem: day: 2027-02-06 is a weekend day: no session takes place then anyway" \
    tandem --as E2 closure add 2027-02-06
refused "closure: a public holiday" \
    "tandem: day: 2027-05-06 is a public holiday: no session takes place then anyway" \
    tandem --as E2 closure add 2027-05-06
refused "closure: a label with a line break" \
    "tandem: label: contains a control character" \
    tandem --as E2 closure add 2027-02-08 "$(printf 'a\nb')"
expect "closure add" 0 tandem --as E2 closure add 2027-02-08 "Pont"
has_line "closure add: said" "$out" "closure day 2027-02-08 added"
refused "closure: twice" \
    "tandem: day: 2027-02-08 is a closure day already" \
    tandem --as E2 closure add 2027-02-08
expect "closure add, no label" 0 tandem --as E2 closure add 2027-03-01
expect "closure remove" 0 tandem --as E2 closure remove 2027-03-01
refused "closure remove: not one" \
    "tandem: day: 2027-03-01 is not a closure day" \
    tandem --as E2 closure remove 2027-03-01
expect "closure list" 0 tandem --as E5 closure list
same "closure list: the one left" "$out" "$(printf '2027-02-08\tPont\n' >want.txt; echo want.txt)"

# --- Plan ------------------------------------------------------------------------

expect "plan" 0 tandem --as E2 session plan $P
has_line "plan: E3 and E5 fall short, the end" "$out" \
    "E3 and E5: 7 of 8 sessions planned: their common half-days (mon-pm) leave no more room, every 14 days, before the programme ends on 2027-04-30"
has_line "plan: E4 and E7 have no common half-day" "$out" \
    "E4 and E7: 0 of 8 sessions planned: no half-day offered by both"
lacks "plan: E3 and E6 fit" "$out" "E3 and E6"
has_line "plan: the count" "$out" "15 sessions planned"
is "E5's Mondays: the closure and Easter Monday skipped" \
    "$(sql "SELECT group_concat(substr(start_at, 1, 16)) FROM (SELECT start_at FROM session s JOIN enrolment n ON n.id = s.mentee_id WHERE n.employee_id = (SELECT id FROM employee WHERE matricule = 'E5') ORDER BY start_at) AS x")" \
    "2027-01-11T13:00,2027-01-25T13:00,2027-02-15T13:00,2027-03-01T13:00,2027-03-15T13:00,2027-04-05T12:00,2027-04-19T12:00"

# The rules, on the database (a SQLite file, or PostgreSQL's through
# psql), in Paris time.
check_rules() {
	PSQL="$testdb_pg_bin/psql" python3 - "$1" <<'PY'
import json, os, sqlite3, subprocess, sys, datetime, zoneinfo


class Pg:
    def execute(self, sql):
        out = subprocess.run([os.environ["PSQL"], "-X", "-qAt", "-d",
            sys.argv[1], "-c", "SELECT coalesce(json_agg(row_to_json(q)), "
            "'[]') FROM (%s) q" % sql], capture_output=True, text=True,
            check=True).stdout
        rows = json.loads(out, object_pairs_hook=lambda kv:
                          tuple(v for _, v in kv))
        return Rows(rows)


class Rows(list):
    def fetchall(self):
        return self


db = Pg() if sys.argv[1].startswith("host=") else sqlite3.connect(sys.argv[1])
paris = zoneinfo.ZoneInfo("Europe/Paris")
hol = {"2027-01-01", "2027-03-29", "2027-05-01", "2027-05-06", "2027-05-08",
    "2027-05-17", "2027-07-14", "2027-08-15", "2027-11-01", "2027-11-11",
    "2027-12-25"}
closed = {r[0] for r in db.execute("SELECT day FROM closure")}
rows = db.execute("""
SELECT s.id, s.start_at, s.minutes, p.start_date, p.end_date, n.employee_id,
    n.availability FROM session s JOIN programme p ON p.id = s.programme_id
JOIN enrolment n ON n.id IN (s.mentor_id, s.mentee_id) OR (s.mentee_id IS
    NULL AND n.withdrawn_at IS NULL AND n.id IN (SELECT mentee_id FROM pair
    WHERE programme_id = s.programme_id AND mentor_id = s.mentor_id AND
    state = 'accepted'))
WHERE s.state <> 'cancelled'""").fetchall()
bad = []
taken = {}
for sid, at, mins, pstart, pend, emp, avail in rows:
    t = datetime.datetime.fromisoformat(at.replace("Z", "+00:00"))
    loc = t.astimezone(paris)
    day = loc.date().isoformat()
    m = loc.hour * 60 + loc.minute
    w = loc.weekday()
    if w >= 5 or day in hol or day in closed:
        bad.append((sid, "day", day))
    if not (pstart <= day <= pend):
        bad.append((sid, "dates", day))
    ok = False
    for half, (ws, we) in enumerate(((540, 720), (840, 1080))):
        if w < 5 and avail >> (2 * w + half) & 1 and \
            ((m == ws) if mins > we - ws else (ws <= m and m + mins <= we)):
            ok = True
    if not ok:
        bad.append((sid, "half-day", emp, loc.isoformat()))
    for (s2, a2, b2) in taken.get(emp, []):
        if a2 < t + datetime.timedelta(minutes=mins) and t < b2:
            bad.append((sid, "overlap", s2, emp))
    taken.setdefault(emp, []).append((sid, t,
        t + datetime.timedelta(minutes=mins)))
assert rows, "no session"
assert not bad, bad[:5]
PY
}
if check_rules "$db_main" >check.txt 2>&1; then
	ok "every session keeps the rules"
else
	not_ok "every session keeps the rules" "$(tail -3 check.txt)"
fi
expect "plan again: nothing new" 0 tandem --as E2 session plan $P
has_line "plan again: none" "$out" "0 sessions planned"

# --- Moves and added sessions, checked as planned ------------------------------

# Session 1: E3 and E5 on Monday 11 January 2027 at 14:00; E3 and E6
# meet at 15:00.
is "session 1" "$(sql "SELECT start_at FROM session WHERE id = 1")" "2027-01-11T13:00:00Z"
refused "move: a public holiday" \
    "tandem: 29/03/2027 14:00 is a public holiday (Lundi de Pâques)" \
    tandem --as E2 session move --at "2027-03-29 14:00" 1
refused "move: before the programme" \
    "tandem: 08/01/2001 14:00 is before the programme starts (2027-01-11)" \
    tandem --as E2 session move --at "2001-01-08 14:00" 1
refused "move: after the programme" \
    "tandem: 06/01/2031 14:00 is after the programme ends (2027-04-30)" \
    tandem --as E5 session move --at "2031-01-06 14:00" 1
refused "move: a Saturday" "tandem: 16/01/2027 14:00 is a Saturday" \
    tandem --as E2 session move --at "2027-01-16 14:00" 1
refused "move: a closure day" \
    "tandem: 08/02/2027 14:00: the company is closed that day (Pont)" \
    tandem --as E2 session move --at "2027-02-08 14:00" 1
refused "move: outside E5's half-days" \
    "tandem: 18/01/2027 10:00 is not in a half-day E5 offered (from 09:00 to 12:00, or from 14:00 to 18:00)" \
    tandem --as E3 session move --at "2027-01-18 10:00" 1
refused "move: past the half-day's end" \
    "tandem: 18/01/2027 17:30 is not in a half-day E3 offered (from 09:00 to 12:00, or from 14:00 to 18:00)" \
    tandem --as E3 session move --at "2027-01-18 17:30" 1
refused "move: onto E3's other session" \
    "tandem: 11/01/2027 15:30: E3 has session 8 at that time" \
    tandem --as E2 session move --at "2027-01-11 15:30" 1
refused "move: passed" "tandem: 18/01/2027 16:00 has passed" \
    at 2027-01-20 --as E2 session move --at "2027-01-18 16:00" 1
refused_with 2 "move: a time the clocks skip" \
    "tandem: --at: 2027-03-28 02:30 does not exist in Paris: the clocks go forward an hour that night" \
    tandem --as E2 session move --at "2027-03-28 02:30" 1
expect "move: a free Monday afternoon" 0 \
    tandem --as E5 session move --at "2027-01-18 16:00" 1
refused "add: onto a session" \
    "tandem: 18/01/2027 16:30: E3 has session 1 at that time" \
    tandem --as E2 session add --at "2027-01-18 16:30" $P E3 E6

# --- Another date, proposed by a member ---------------------------------------

# Session 2: E3 and E5 on Monday 25 January 2027 at 14:00.
refused "propose: outside E5's half-days" \
    "tandem: 26/01/2027 14:00 is not in a half-day E5 offered (from 09:00 to 12:00, or from 14:00 to 18:00)" \
    tandem --as E5 session propose --at "2027-01-26 14:00" 2
refused "propose: by someone outside" \
    "tandem: managing the sessions of others needs the programme manager role, which E7 does not hold" \
    tandem --as E7 session propose --at "2027-02-01 14:00" 2
expect "propose: E5 proposes" 0 \
    tandem --as E5 session propose --at "2027-02-01 14:00" 2
has_line "propose: said" "$out" \
    "session 2: 01/02/2027 14:00 proposed, until the other side agrees"
is "propose: the session has not moved" \
    "$(sql "SELECT start_at || ' ' || sequence FROM session WHERE id = 2")" \
    "2027-01-25T13:00:00Z 0"
refused "agree: not the one who proposed" \
    "tandem: the mentee proposed this date: the mentor answers" \
    tandem --as E5 session agree 2
refused "agree: no proposal" "tandem: session 3 has no date proposed" \
    tandem --as E3 session agree 3
expect "agree: E3 agrees" 0 tandem --as E3 session agree 2
has_line "agree: said" "$out" "session 2: the date proposed is agreed"
is "agree: moved, SEQUENCE raised" \
    "$(sql "SELECT start_at || ' ' || sequence FROM session WHERE id = 2")" \
    "2027-02-01T13:00:00Z 1"
expect "propose again" 0 tandem --as E3 session propose --at "2027-02-01 16:00" 2
expect "decline: E5 declines" 0 tandem --as E5 session decline 2
is "decline: not moved" \
    "$(sql "SELECT start_at FROM session WHERE id = 2")" "2027-02-01T13:00:00Z"
# A replacement for a cancelled session, once.
tandem --as E3 session cancel 3 >/dev/null
expect "replacement: proposed" 0 \
    tandem --as E3 session propose --at "2027-02-22 16:00" 3
expect "replacement: agreed" 0 tandem --as E5 session agree 3
r=$(sql "SELECT max(id) FROM session")
has_line "replacement: said" "$out" "session $r replaces session 3"
is "replacement: a new session of the pair" \
    "$(sql "SELECT mentor_id || ' ' || mentee_id || ' ' || start_at || ' ' || state FROM session WHERE id = $r")" \
    "$(sql "SELECT mentor_id || ' ' || mentee_id FROM session WHERE id = 3") 2027-02-22T15:00:00Z planned"
refused "replacement: only once" \
    "tandem: session 3 is cancelled and replaced already" \
    tandem --as E5 session propose --at "2027-03-01 16:00" 3
expect "the manager's date applies at once" 0 \
    tandem --as E2 session propose --at "2027-02-01 15:00" 2
has_line "the manager's: said" "$out" "session 2: moved to 01/02/2027 15:00"
if check_rules "$db_main" >check.txt 2>&1; then
	ok "after the proposals: every session keeps the rules"
else
	not_ok "after the proposals: every session keeps the rules" "$(tail -3 check.txt)"
fi

# --- Bad input on sessions and feedback --------------------------------------

tandem --as E2 programme start $P >/dev/null
at 2027-01-19 --as E2 session held 8 >/dev/null
refused "feedback: a rating that wraps to 4" \
    "tandem: rating: a rating is 1 to 5" \
    at 2027-01-19 --as E6 feedback --rating 4294967300 8
refused "feedback: a huge rating" "tandem: rating: a rating is 1 to 5" \
    at 2027-01-19 --as E6 feedback --rating 99999999999999999999999 8
refused_with 2 "feedback: a session number that overflows" \
    'tandem: "99999999999999999999999" is not a session number' \
    at 2027-01-19 --as E6 feedback --rating 4 99999999999999999999999
refused_with 2 "session: a number that overflows" \
    'tandem: "18446744073709551617" is not a session number' \
    tandem --as E2 session cancel 18446744073709551617
id40=E5AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
refused "held: an id longer than 31 characters" \
    "tandem: absent: $id40 is not a member of session 1" \
    at 2027-01-26 --as E2 session held --absent $id40 1
refused "held: an empty id" \
    "tandem: absent: E5 is not a member of session 9" \
    at 2027-01-26 --as E2 session held --absent E6,E5 9
refused "survey: a topic twice" \
    'tandem: levels: "web-search" is given twice' \
    tandem --as E5 survey --recommend yes --levels web-search=2,web-search=3 $P

# A name of 260 bytes: the invitation and both feeds are written, every
# line folded at 75 octets without cutting a character.
expect "ical: a long name" 0 tandem ical session 8
cp "$out" s8.ics
expect "feed: E6's" 0 tandem ical feed $P E6
cp "$out" e6.ics
expect "feed: E3's" 0 tandem ical feed $P E3
cp "$out" e3.ics
if python3 - s8.ics e6.ics e3.ics <<'PY'
import sys
for f in sys.argv[1:]:
    data = open(f, "rb").read()
    data.decode("utf-8")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")
    assert data.count(b"BEGIN:VEVENT") >= 1, f
whole = open("s8.ics", "rb").read().replace(b"\r\n ", b"").decode()
assert "CN=Marc " + "\u00e9" * 130 + ";" in whole
PY
then ok "feeds: folded, whole characters, the name whole"
else not_ok "feeds: folded, whole characters, the name whole"
fi

# --- Where and how they meet ------------------------------------------------

refused "where: not a link" \
    'tandem: link: "javascript:alert(1)" is not an http(s) link of up to 500 characters' \
    tandem --as E2 session where --link "javascript:alert(1)" $P
refused "where: a participant cannot set the programme's" \
    "tandem: managing the sessions of others needs the programme manager role, which E5 does not hold" \
    tandem --as E5 session where --place "Chez moi" $P
refused "where: not the pair's member" \
    "tandem: managing the sessions of others needs the programme manager role, which E7 does not hold" \
    tandem --as E7 session where --place "Chez moi" $P E3 E5
expect "where: the programme's place and link" 0 tandem --as E2 session where \
    --place "Lyon, salle 3" --link "https://visio.example.fr/r/cap?pwd=1" $P
expect "where: E5's pair meets elsewhere" 0 \
    tandem --as E5 session where --place "Bureau de Paul" $P E3 E5
expect "ical: E3 and E6 (the programme's)" 0 tandem ical session 8
unfold() { tr -d '\r' <"$1" | sed ':a;N;$!ba;s/\n //g'; }
unfold "$out" >s8.txt
has_line "ical: LOCATION" s8.txt 'LOCATION:Lyon\, salle 3'
has_line "ical: URL" s8.txt 'URL:https://visio.example.fr/r/cap?pwd=1'
contains "ical: the link in DESCRIPTION" s8.txt \
    'Lien de la visioconférence : https://visio.example.fr/r/cap?pwd=1'
lacks "ical: not private" s8.txt "CLASS:PRIVATE"
expect "ical: E3 and E5 (their own place)" 0 tandem ical session 1
unfold "$out" >s1.txt
has_line "ical: the pair's LOCATION" s1.txt 'LOCATION:Bureau de Paul'
has_line "ical: the programme's link still" s1.txt \
    'URL:https://visio.example.fr/r/cap?pwd=1'
refused "discreet: not a mode" \
    'tandem: discreet: "some" is not off, senior or all' \
    tandem --as E2 session discreet $P some
expect "discreet: E6 asks for their pair" 0 \
    tandem --as E6 session discreet $P E3 E6 on
expect "ical: E6's pair, discreet" 0 tandem ical session 8
unfold "$out" >s8.txt
has_line "discreet: a neutral summary" s8.txt "SUMMARY:Rendez-vous"
has_line "discreet: private" s8.txt "CLASS:PRIVATE"
lacks "discreet: no word of the programme" s8.txt "« Cap »"
lacks "discreet: no word of mentoring" s8.txt "mentorat"
expect "ical: E5's pair, not" 0 tandem ical session 1
lacks "discreet: E5's pair is not" "$out" "CLASS:PRIVATE"
expect "discreet: the programme, all" 0 tandem --as E2 session discreet $P all
expect "ical: E5's pair, now discreet" 0 tandem ical session 1
contains "discreet: all" "$out" "CLASS:PRIVATE"
expect "discreet: the programme, senior again" 0 \
    tandem --as E2 session discreet $P senior

# --- Several programmes sharing people; mixed and group formats ------------

# "Mix" (mixed): E3 mentors E5 and E6 again, as in Cap.  Only E3 and E5
# accept first: a pair series.  Then E3 and E6 accept: planning again
# gives them a series of their own, no group series over E5's sessions,
# and no one is in two sessions at once across Cap and Mix.
programme Mix --format mixed
tandem --as E3 enrol Mix E3 --mentor --topics web-search=4 --capacity 2 \
    --availability mon-pm,tue-pm >/dev/null
tandem --as E5 enrol Mix E5 --mentee --topics web-search=0:3 \
    --availability mon-pm,tue-pm >/dev/null
tandem --as E6 enrol Mix E6 --mentee --topics web-search=0:3 \
    --availability mon-pm,tue-pm >/dev/null
tandem --as E2 match Mix >/dev/null
tandem --as E2 pair publish Mix >/dev/null
tandem --as E3 pair accept Mix E3 E5 >/dev/null
tandem --as E5 pair accept Mix E3 E5 >/dev/null
expect "mixed: plan one pair" 0 tandem --as E2 session plan Mix
has_line "mixed: one series" "$out" "8 sessions planned"
tandem --as E3 pair accept Mix E3 E6 >/dev/null
tandem --as E6 pair accept Mix E3 E6 >/dev/null
expect "mixed: plan again" 0 tandem --as E2 session plan Mix
has_line "mixed: the second pair's series" "$out" "8 sessions planned"
is "mixed: no group series" \
    "$(sql "SELECT count(*) FROM session WHERE mentee_id IS NULL")" 0
if check_rules "$db_main" >check.txt 2>&1; then
	ok "two programmes: every session keeps the rules"
else
	not_ok "two programmes: every session keeps the rules" "$(tail -3 check.txt)"
fi

# "Club" (group): E4 mentors E5 and E7 as a group; E7 withdraws and
# leaves the group's sessions, list and feed.
programme Club --format group
tandem --as E4 enrol Club E4 --mentor --topics web-search=4 --capacity 2 \
    --availability all >/dev/null
tandem --as E5 enrol Club E5 --mentee --topics web-search=0:3 \
    --availability all >/dev/null
tandem --as E7 enrol Club E7 --mentee --topics web-search=0:3 \
    --availability all >/dev/null
tandem --as E2 match Club >/dev/null
tandem --as E2 pair publish Club >/dev/null
for m in E5 E7; do
	tandem --as E4 pair accept Club E4 $m >/dev/null
	tandem --as $m pair accept Club E4 $m >/dev/null
done
expect "group: plan" 0 tandem --as E2 session plan Club
has_line "group: one series" "$out" "8 sessions planned"
if check_rules "$db_main" >check.txt 2>&1; then
	ok "three programmes: every session keeps the rules"
else
	not_ok "three programmes: every session keeps the rules" "$(tail -3 check.txt)"
fi
g=$(sql "SELECT min(id) FROM session WHERE mentee_id IS NULL")
expect "group: the invitation before" 0 tandem ical session "$g"
contains "group: E7 invited" "$out" "hugo.blanc@exemple.fr"
expect "group: E7's feed before" 0 tandem ical feed Club E7
is "group: 8 events in E7's feed" "$(grep -c BEGIN:VEVENT "$out")" 8
tandem --as E7 withdraw Club E7 >/dev/null
expect "group: E7's list after" 0 tandem session list --for E7 Club
is "group: E7 has no session left" "$(wc -c <"$out" | tr -d ' ')" 0
expect "group: E7's feed after" 0 tandem ical feed Club E7
lacks "group: no event in E7's feed" "$out" "BEGIN:VEVENT"
expect "group: the invitation after" 0 tandem ical session "$g"
lacks "group: E7 no longer invited" "$out" "hugo.blanc@exemple.fr"
contains "group: E5 still invited" "$out" "paul.dupre@exemple.fr"
expect "group: E7's invitation, a CANCEL for them" 0 \
    tandem --as E7 ical session "$g"
has_line "group: METHOD:CANCEL" "$out" "$(printf 'METHOD:CANCEL\r')"
unfold "$out" >cancel.txt
contains "group: to E7" cancel.txt "mailto:hugo.blanc@exemple.fr"
lacks "group: to E7 alone" cancel.txt "paul.dupre@exemple.fr"
has_line "group: its sequence above the group's" "$out" "$(printf 'SEQUENCE:1\r')"

# --- The demo -------------------------------------------------------------------

tandem -d demo.db demo >/dev/null
expect "demo: a closure day" 0 tandem -d demo.db closure list
is "demo: one closure day" "$(wc -l <"$out" | tr -d ' ')" 1
ceo=$(sqlite3 demo.db "SELECT min(s.id) FROM session s JOIN enrolment n ON n.id = s.mentee_id JOIN employee e ON e.id = n.employee_id WHERE e.grade = 'PDG'")
expect "demo: the chief executive's invitation" 0 tandem -d demo.db ical session "$ceo"
contains "demo: discreet by default for the top grades" "$out" "CLASS:PRIVATE"
contains "demo: a neutral summary" "$out" "SUMMARY:Rendez-vous"
if check_rules demo.db >check.txt 2>&1; then
	ok "demo: no double booking, every session in its half-days"
else
	not_ok "demo: no double booking, every session in its half-days" "$(tail -3 check.txt)"
fi

done_testing

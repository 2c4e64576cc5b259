# Tandems that end and start again (issue 12): the default chain rule
# that lets an intern mentor the chief executive; ending an accepted
# tandem (a member, a manager; the refusals, each leaving the database
# as it was); the partner told only that it ended; the waiting list;
# matching again while the programme runs, existing pairs kept and ended
# ones never back.
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

# --- The chain rule: two levels by default --------------------------------

expect "show" 0 tandem programme show "$P"
has_line "a new programme keeps two levels apart" "$out" \
    "management chain: no pair within 2 levels"
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
expect "match" 0 tandem --as E2 match "$P"
has_line "the intern mentors the chief executive" "$out" \
    "$(printf 'E3 L\303\251a Nguyen -> E1 Michel Perrin\tscore 120\tfocus web-search')"
has_line "E10 -> E7" "$out" \
    "$(printf 'E10 Ana\303\257s Morin -> E7 Hugo Roux\tscore 120\tfocus web-search')"
tandem --as E2 pair publish "$P" >/dev/null
for pr in E3:E1 E10:E7 E6:E11; do
	r=${pr%:*} e=${pr#*:}
	tandem --as "$r" pair accept "$P" "$r" "$e" >/dev/null
	tandem --as "$e" pair accept "$P" "$r" "$e" >/dev/null
done
tandem --as E2 session plan "$P" >/dev/null
tandem --as E2 programme start "$P" >/dev/null

# --- Ending a tandem -------------------------------------------------------

export TANDEM_NOW=2027-02-01
refused "a sponsor cannot end someone else's tandem" \
    "tandem: ending someone else's tandem needs the programme manager role, which E8 does not hold" \
    tandem --as E8 pair end --reason "x" "$P" E3 E1
refused "the system operator cannot end a tandem" \
    "tandem: ending someone else's tandem needs the programme manager role: say who you are (--as EMPLOYEE_ID)" \
    tandem pair end --reason "x" "$P" E3 E1
refused "a member of another pair cannot end it" \
    "tandem: ending someone else's tandem needs the programme manager role, which E6 does not hold" \
    tandem --as E6 pair end --reason "x" "$P" E3 E1
refused "no reason" \
    "tandem: reason: say why the tandem ends; the reason stays private" \
    tandem --as E1 pair end "$P" E3 E1
refused "an empty reason" \
    "tandem: reason: say why the tandem ends; the reason stays private" \
    tandem --as E1 pair end --reason "" "$P" E3 E1
long=$(printf '%02001d' 0)
refused "a reason too long" "tandem: reason: longer than 2000 characters" \
    tandem --as E1 pair end --reason "$long" "$P" E3 E1
refused "not a pair" "tandem: E6 and E1 are not a pair in \"$P\"" \
    tandem --as E1 pair end --reason "x" "$P" E6 E1
refused "no such programme" 'tandem: no programme "nope"' \
    tandem --as E1 pair end --reason "x" nope E3 E1
refused_with 2 "end needs three arguments" \
    "usage: tandem pair list PROGRAMME | lock|unlock PROGRAMME MENTEE | reject PROGRAMME MENTOR MENTEE | publish PROGRAMME | accept|decline [--for ID] [--note TEXT] PROGRAMME MENTOR MENTEE | end --reason TEXT PROGRAMME MENTOR MENTEE | waiting PROGRAMME" \
    tandem --as E1 pair end --reason "x" "$P" E3

expect "the chief executive ends his tandem" 0 \
    tandem --as E1 pair end --reason "R7319 pas le temps" "$P" E3 E1
has_line "end: said" "$out" "the tandem of E3 and E1 has ended: its sessions to come are cancelled, and both may be matched again with someone else"
# Their calendars learn of it with the act itself, not with the next
# act on sessions: 4 sessions to come, a cancellation for each member.
is "the cancellations are queued by the end itself" \
    "$(sql "SELECT count(*) FROM outbox WHERE kind = 'cancel' AND ical LIKE '%METHOD:CANCEL%' AND rcpt_addr IN ('lea.nguyen@exemple.fr', 'michel.perrin@exemple.fr')")" 8
expect "a manager ends another" 0 \
    tandem --as E2 pair end --reason "R7320 mutation" "$P" E10 E7
expect "pair list" 0 tandem pair list "$P"
contains "ended: E3 and E1" "$out" "$(printf 'E3 L\303\251a Nguyen -> E1 Michel Perrin\tended')"
contains "ended: E10 and E7" "$out" "$(printf 'E10 Ana\303\257s Morin -> E7 Hugo Roux\tended')"
contains "kept: E6 and E11" "$out" "$(printf 'E6 No\303\251 Fabre -> E11 Pascal Giraud\taccepted')"
refused "ended already" "tandem: E3 and E1 are not a pair in \"$P\"" \
    tandem --as E3 pair end --reason "x" "$P" E3 E1

# The partner learns that the tandem ended, not who ended it.
expect "the mentor's sessions" 0 tandem --as E3 session list "$P"
has_line "past session kept" "$out" \
    "$(printf '2\t25/01/2027 14:00\t60 min\tE3 L\303\251a Nguyen -> E1 Michel Perrin\tn\302\2602\tplanned')"
has_line "future session: tandem ended" "$out" \
    "$(printf '3\t08/02/2027 14:00\t60 min\tE3 L\303\251a Nguyen -> E1 Michel Perrin\tn\302\2603\tcancelled (tandem ended)')"
lacks "no side named" "$out" "by the"
is "4 sessions cancelled, no side recorded" \
    "$(sql "SELECT count(*) FROM session s JOIN enrolment n ON n.id = s.mentee_id JOIN employee e ON e.id = n.employee_id WHERE e.matricule = 'E1' AND s.state = 'cancelled' AND s.cancelled_by IS NULL")" 4
expect "ical of a cancelled session" 0 tandem --as E2 ical session 3
contains "METHOD:CANCEL" "$out" "METHOD:CANCEL"
contains "STATUS:CANCELLED" "$out" "STATUS:CANCELLED"
contains "SEQUENCE raised" "$out" "SEQUENCE:1"

# The reason is private: in the pair, nowhere else.
is "the reason kept" "$(sql "SELECT decline_note FROM pair WHERE id = 1")" \
    "R7319 pas le temps"
expect "audit list" 0 tandem audit list
has_line "audited by id" "$out" \
    "$(printf '%s\t2027-02-01T00:00:00Z\tE1\tpair.end\tpair:1\tprogramme 1' \
    "$(sql "SELECT max(id) - 1 FROM audit")")"
for cmd in "pair list $P" "audit list" "session list $P" "pair waiting $P" \
    "report --format json $P"; do
	# shellcheck disable=SC2086
	tandem --as E2 $cmd >out.txt 2>&1
	lacks "reason in no output: $cmd" out.txt R7319
done

# --- The waiting list ------------------------------------------------------

expect "waiting" 0 tandem --as E2 pair waiting "$P"
has_line "E1 waits" "$out" "$(printf 'E1 Michel Perrin\tmentee\ttandem ended')"
has_line "E3 waits" "$out" "$(printf 'E3 L\303\251a Nguyen\tmentor\ttandem ended')"
lacks "E6 has a partner" "$out" "E6 "
is "four wait" "$(wc -l <"$out" | tr -d ' ')" 4
expect "a volunteer sees that they wait" 0 tandem --as E3 pair waiting "$P"
is "their own line only" "$(cat "$out")" \
    "$(printf 'E3 L\303\251a Nguyen\tmentor\ttandem ended')"
expect "a volunteer with a partner does not" 0 tandem --as E6 pair waiting "$P"
is "nothing" "$(cat "$out")" ""

# --- Matching again while the programme runs -------------------------------

expect "match again" 0 tandem --as E2 match "$P"
has_line "the kept pair" "$out" \
    "$(printf 'E6 No\303\251 Fabre -> E11 Pascal Giraud\tscore 120\tfocus web-search\tkept')"
has_line "E3 mentors E7 now" "$out" \
    "$(printf 'E3 L\303\251a Nguyen -> E7 Hugo Roux\tscore 120\tfocus web-search')"
lacks "an ended pair never comes back" "$out" "E3 L$(printf '\303\251')a Nguyen -> E1"
has_line "the chief executive waits: why" "$out" \
    "unmatched E1 Michel Perrin: no compatible mentor among 3: same management chain 2, rejected 1 (the chain rule keeps managers up to 2 levels away; see the programme's chain depth setting)"
expect "a new mentor while it runs" 0 \
    tandem --as E9 enrol "$P" E9 --mentor --topics web-search=4
expect "match again" 0 tandem --as E2 match "$P"
has_line "another intern for the chief executive" "$out" \
    "$(printf 'E9 Jade Blanc -> E1 Michel Perrin\tscore 120\tfocus web-search')"
contains "certified" "$out" "optimal: certified by the dual"
expect "publish while running" 0 tandem --as E2 pair publish "$P"
has_line "published" "$out" \
    "2 pairs published: each member can now accept or decline"
is "the kept pair untouched" \
    "$(sql "SELECT state || ',' || COALESCE(published_at, '') FROM pair WHERE id = 3")" \
    "accepted,2026-11-27T00:00:00Z"
refused "a published pair is no tandem yet" \
    "tandem: the pair of E9 and E1 is published, not an accepted tandem: its members answer it (accept or decline), a manager rejects it" \
    tandem --as E2 pair end --reason "x" "$P" E9 E1
expect "waiting after publication" 0 tandem --as E2 pair waiting "$P"
is "only E10 waits" "$(cat "$out")" \
    "$(printf 'E10 Ana\303\257s Morin\tmentor\ttandem ended')"

# --- A withdrawal ends the tandem without naming who left ------------------

tandem --as E9 pair accept "$P" E9 E1 >/dev/null
tandem --as E1 pair accept "$P" E9 E1 >/dev/null
tandem --as E2 session plan "$P" >/dev/null
expect "withdraw" 0 tandem --as E9 withdraw "$P" E9
has_line "withdraw: says what it does" "$out" \
    "their sessions to come are cancelled, and a partner learns only that the tandem ended; E9 may volunteer again (tandem enrol) while the programme takes volunteers"
expect "the partner's sessions" 0 tandem --as E1 session list "$P"
lacks "no side named after a withdrawal" "$out" "by the"
contains "tandem ended" "$out" "cancelled (tandem ended)"
expect "the partner waits" 0 tandem --as E1 pair waiting "$P"
is "partner withdrew" "$(cat "$out")" \
    "$(printf 'E1 Michel Perrin\tmentee\tpartner withdrew')"

# --- A closed programme ----------------------------------------------------

expect "at risk while it runs" 0 tandem --as E2 watch "$P"
is "three tandems at risk" "$(wc -l <"$out" | tr -d ' ')" 3
contains "an ended tandem is said to have ended, not declined" "$out" \
    "$(printf 'E3 L\303\251a Nguyen -> E1 Michel Perrin\tthe tandem ended')"
tandem --as E2 programme close "$P" >/dev/null
expect "closed: nothing at risk any more" 0 tandem --as E2 watch "$P"
has_line "closed: no tandem listed" "$out" "no pair at risk"
refused "no end in a closed programme" \
    "tandem: programme \"$P\" is closed: its pairs cannot change" \
    tandem --as E2 pair end --reason "x" "$P" E6 E11
expect "audit verify" 0 tandem audit verify

done_testing

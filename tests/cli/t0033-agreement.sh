# The programme setting "proposed dates need the partner's agreement"
# (issue 12, point 3): yes by default, as before (the partner accepts or
# declines); with no, a member's date moves the session at once, checked
# as the planner checks it, and the updated invitation tells the
# partner.  Bad values are refused, the database as it was.
. "$(dirname "$0")/lib.sh"

tandem init >/dev/null
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Niveau;Langue;Matricule manager\n'\
'E1;Perrin;Michel;michel.perrin@exemple.fr;01/01/1960;Direction G\303\251n\303\251rale;Lyon;PDG;fr;\n'\
'E2;Gu\303\251rin;Herv\303\251;herve.guerin@exemple.fr;01/01/1968;RH;Lyon;Directeur;fr;E1\n'\
'E3;Nguyen;L\303\251a;lea.nguyen@exemple.fr;15/06/2004;DSI;Lyon;Stagiaire;fr;E4\n'\
'E4;Caron;Sylvie;sylvie.caron@exemple.fr;01/01/1980;DSI;Lyon;Manager;fr;E1\n'\
'E7;Roux;Hugo;hugo.roux@exemple.fr;03/03/1955;Finances;Lyon;Directeur;fr;E1\n'\
'E8;Dupr\303\251;J\303\251r\303\264me;jerome.dupre@exemple.fr;14/02/1962;Juridique;Lyon;Directeur;fr;E1\n' \
    >roster.csv
tandem import roster roster.csv >/dev/null
tandem role grant E8 sponsor >/dev/null
tandem role grant E2 manager >/dev/null

P=Cap
expect "a programme created as before" 0 \
    tandem --as E2 programme create --purpose "Les outils" \
    --topics web-search --start 2026-12-01 --end 2027-05-31 \
    --data-notice "Jusqu'à la fin." "$P"
expect "show" 0 tandem programme show --json "$P"
json "the partner agrees first, by default" "d['partner_agreement'] is True"
expect "show as text" 0 tandem programme show "$P"
lacks "the default is not said" "$out" "proposed dates"

refused_with 2 "a bad value" "tandem: partner-agrees: say yes or no, not \"maybe\"" \
    tandem --as E2 programme edit --partner-agrees maybe "$P"
refused "by someone who may not" \
    "tandem: editing a programme needs the programme manager role, which E7 does not hold" \
    tandem --as E7 programme edit --partner-agrees no "$P"
expect "no agreement asked" 0 \
    tandem --as E2 programme edit --partner-agrees no "$P"
expect "show" 0 tandem programme show "$P"
has_line "said" "$out" \
    "proposed dates: a member's date moves the session at once, the partner told (--partner-agrees no)"
is "stored" "$(sql "SELECT proposal_agreement FROM programme")" 0

tandem --as E2 programme submit "$P" >/dev/null
tandem --as E8 programme approve "$P" >/dev/null
tandem --as E2 programme open "$P" >/dev/null
tandem --as E3 enrol "$P" E3 --mentor --topics web-search=4 >/dev/null
tandem --as E7 enrol "$P" E7 --mentee --topics web-search=1:3 >/dev/null
tandem --as E2 match "$P" >/dev/null
tandem --as E2 pair publish "$P" >/dev/null
tandem --as E3 pair accept "$P" E3 E7 >/dev/null
tandem --as E7 pair accept "$P" E3 E7 >/dev/null
tandem --as E2 session plan "$P" >/dev/null

# --- Without agreement: the member's date is the date ---------------------

mails=$(sql "SELECT count(*) FROM outbox WHERE kind = 'session'")
expect "the mentee proposes" 0 \
    tandem --as E7 session propose --at "2026-12-02 10:00" 1
has_line "moved at once" "$out" "session 1: moved to 02/12/2026 10:00"
expect "list" 0 tandem --as E2 session list "$P"
contains "the session is moved" "$out" "$(printf '1\t02/12/2026 10:00\t60 min')"
is "no proposal waits" "$(sql "SELECT count(*) FROM session_proposal")" 0
is "sequence raised" "$(sql "SELECT sequence FROM session WHERE id = 1")" 1
is "the partner is told: the updated invitation, for both" \
    "$(sql "SELECT count(*) FROM outbox WHERE kind = 'session'")" $((mails + 2))
expect "audit" 0 tandem audit list
contains "a move, in the log" "$out" "$(printf 'E7\tsession.move\tsession:')"
refused "still checked as the planner checks" \
    "tandem: 25/12/2026 10:00 is a public holiday (Noël)" \
    tandem --as E7 session propose --at "2026-12-25 10:00" 1
refused "and inside the programme's dates" \
    "tandem: 02/12/2027 10:00 is after the programme ends (2027-05-31)" \
    tandem --as E7 session propose --at "2027-12-02 10:00" 1

# --- With agreement again: the partner answers ----------------------------

expect "agreement asked again" 0 \
    tandem --as E2 programme edit --partner-agrees yes "$P"
expect "the mentor proposes" 0 \
    tandem --as E3 session propose --at "2026-12-03 10:00" 1
contains "proposed only" "$out" "proposed"
expect "list" 0 tandem --as E2 session list "$P"
contains "the session stays" "$out" "$(printf '1\t02/12/2026 10:00\t60 min')"
expect "the mentee agrees" 0 tandem --as E7 session agree 1
expect "list" 0 tandem --as E2 session list "$P"
contains "then it moves" "$out" "$(printf '1\t03/12/2026 10:00\t60 min')"
expect "audit verify" 0 tandem audit verify

done_testing

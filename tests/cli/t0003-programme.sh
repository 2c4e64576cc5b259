# Roles, programme design, the lifecycle and its refusals, the charter and
# its versions, topics and coaches; every refusal leaves the database as
# it was.
. "$(dirname "$0")/lib.sh"

tandem init >/dev/null
# Boomers (E1, E5), X (E2, E7), Y (E4, E6), Z (E3); E6 leaves below.
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Langue;Matricule manager\n'\
'E1;L\303\251v\303\252que;Fran\303\247oise;francoise.leveque@exemple.fr;12/03/1958;Direction G\303\251n\303\251rale;Paris La D\303\251fense;fr;\n'\
'E2;Gu\303\251rin;Herv\303\251;herve.guerin@exemple.fr;01/01/1968;Direction des Ressources Humaines;Lille;fr;E1\n'\
'E3;N'"'"'Diaye;Zo\303\251;zoe.ndiaye@exemple.fr;05/11/2001;Direction des Syst\303\250mes d'"'"'Information;Lyon Part-Dieu;fr,en;E2\n'\
'E4;B\303\251r\303\251nger;Am\303\251lie;amelie.berenger@exemple.fr;20/06/1988;Direction Financi\303\250re;Paris La D\303\251fense;fr;E1\n'\
'E5;Dupr\303\251;J\303\251r\303\264me;jerome.dupre@exemple.fr;14/02/1962;Direction Juridique;Nantes;fr;E1\n'\
'E6;Fabre;L\303\251a;lea.fabre@exemple.fr;30/09/1997;Direction Commerciale;Marseille;fr;E4\n'\
'E7;C\305\223ur;No\303\253l;noel.coeur@exemple.fr;25/12/1975;Direction Commerciale;Marseille;fr;E4\n' >roster.csv
grep -v '^E6;' roster.csv >roster2.csv
tandem import roster roster.csv >/dev/null
expect "E6 leaves" 0 tandem import roster roster2.csv
contains "one leaver" "$out" "added 0, updated 0, unchanged 6, left 1"

P="Cap numérique"

# --- Roles -------------------------------------------------------------

expect "system grants sponsor" 0 tandem role grant E1 sponsor
has_line "grant says so" "$out" "E1 now holds the sponsor role"
expect "system grants manager" 0 tandem role grant E2 manager
expect "manager and sponsor at once (1)" 0 tandem role grant E4 manager
expect "manager and sponsor at once (2)" 0 tandem role grant E4 sponsor
expect "system grants admin" 0 tandem role grant E7 admin
expect "role list" 0 tandem role list
has_line "list names sponsor" "$out" "$(printf 'E1\tFran\303\247oise L\303\251v\303\252que\tsponsor\t2026-11-27T00:00:00Z\tsystem')"
has_line "list names manager" "$out" "$(printf 'E2\tHerv\303\251 Gu\303\251rin\tmanager\t2026-11-27T00:00:00Z\tsystem')"
contains "both roles of E4 (1)" "$out" "$(printf 'E4\tAm\303\251lie B\303\251r\303\251nger\tmanager')"
contains "both roles of E4 (2)" "$out" "$(printf 'E4\tAm\303\251lie B\303\251r\303\251nger\tsponsor')"

refused "non-admin cannot grant" \
    "tandem: granting a role needs the admin role, which E2 does not hold" \
    tandem --as E2 role grant E3 sponsor
refused "non-admin cannot revoke" \
    "tandem: revoking a role needs the admin role, which E1 does not hold" \
    tandem --as E1 role revoke E2 manager
expect "an admin employee grants" 0 tandem --as E7 role grant E3 sponsor
expect "an admin employee revokes" 0 tandem --as E7 role revoke E3 sponsor
has_line "revoke says so" "$out" "E3 no longer holds the sponsor role"
expect "grant recorded with its granter" 0 tandem role list
lacks "revoked role gone" "$out" "$(printf 'E3\t')"
refused "granting twice" "tandem: E2 already holds the manager role" \
    tandem role grant E2 manager
refused "revoking a role not held" "tandem: E5 does not hold the sponsor role" \
    tandem role revoke E5 sponsor
refused_with 2 "unknown role name" \
    'tandem: "boss" is not a role (admin, manager, sponsor)' \
    tandem role grant E5 boss
refused "granting to nobody" 'tandem: no employee with id "E9"' \
    tandem role grant E9 manager
refused "granting to a leaver" \
    "tandem: E6 has left the company (inactive in the roster)" \
    tandem role grant E6 manager
refused "--as naming nobody" "tandem: --as E9: who acts must be an active employee" \
    tandem --as E9 role grant E3 sponsor
has_line "--as naming nobody: why" "$err" 'tandem: no employee with id "E9"'
refused "--as naming a leaver" "tandem: --as E6: who acts must be an active employee" \
    tandem --as E6 programme create --purpose x "Pour rien"
has_line "--as naming a leaver: why" "$err" \
    "tandem: E6 has left the company (inactive in the roster)"
expect "E7 gives up admin" 0 tandem role revoke E7 admin

# --- Creating a programme ----------------------------------------------

refused "create needs someone" \
    "tandem: creating a programme needs the programme manager role: say who you are (--as EMPLOYEE_ID)" \
    tandem programme create --purpose "Apprendre" "$P"
refused "create needs a manager" \
    "tandem: creating a programme needs the programme manager role, which E7 does not hold" \
    tandem --as E7 programme create --purpose "Apprendre" "$P"
refused "a sponsor is no manager" \
    "tandem: creating a programme needs the programme manager role, which E1 does not hold" \
    tandem --as E1 programme create --purpose "Apprendre" "$P"
refused "purpose required" "tandem: purpose: a programme states its purpose" \
    tandem --as E2 programme create "$P"
refused "empty purpose" "tandem: purpose: a programme states its purpose" \
    tandem --as E2 programme create --purpose "" "$P"
refused "bad format" \
    'tandem: format: "solo" is not a format (one-to-one, group, mixed)' \
    tandem --as E2 programme create --purpose x --format solo --direction up "$P"
has_line "bad direction too" "$err" \
    'tandem: direction: "up" is not a direction rule (generation, seniority, none)'
refused "bad start date" 'tandem: start: "2026-13-01" is not a date yyyy-mm-dd' \
    tandem --as E2 programme create --purpose x --start 2026-13-01 "$P"
refused "29 February of a common year" \
    'tandem: end: "2027-02-29" is not a date yyyy-mm-dd' \
    tandem --as E2 programme create --purpose x --start 2027-01-11 --end 2027-02-29 "$P"
refused "ends before it starts" \
    "tandem: end: the programme ends (2027-01-01) before it starts (2027-03-01)" \
    tandem --as E2 programme create --purpose x --start 2027-03-01 --end 2027-01-01 "$P"
# Every problem is reported at once, as the roster import does: a bad
# start date must not hide a bad end date.
refused "bad start and bad end: start" \
    'tandem: start: "2026-13-01" is not a date yyyy-mm-dd' \
    tandem --as E2 programme create --purpose x --start 2026-13-01 --end 2026-02-30 "$P"
has_line "bad start and bad end: end reported too" "$err" \
    'tandem: end: "2026-02-30" is not a date yyyy-mm-dd'
refused "numbers out of range" "tandem: sessions: 101 is not between 1 and 100" \
    tandem --as E2 programme create --purpose x --sessions 101 --minutes 10 --cadence 400 --seats 1 "$P"
has_line "minutes out of range" "$err" "tandem: minutes: 10 is not between 15 and 480"
has_line "cadence out of range" "$err" "tandem: cadence: 400 is not between 1 and 365"
has_line "seats out of range" "$err" "tandem: seats: 1 is not between 2 and 50"
refused_with 2 "sessions not a number" 'tandem: sessions: "abc" is not a number' \
    tandem --as E2 programme create --purpose x --sessions abc "$P"
# 0 is a number, out of range like 101: the same message, the same status.
refused "zero sessions is out of range, not 'not a number'" \
    "tandem: sessions: 0 is not between 1 and 100" \
    tandem --as E2 programme create --purpose x --sessions 0 "$P"
refused "unknown topic" 'tandem: topics: no topic "nope" (see "tandem topic list")' \
    tandem --as E2 programme create --purpose x --topics web-search,nope "$P"
refused "unknown coach" \
    'tandem: coach: no coach with the address "claire@coachs.fr" (add one with "tandem coach add")' \
    tandem --as E2 programme create --purpose x --coach claire@coachs.fr "$P"

expect "a manager creates" 0 tandem --as E2 programme create \
    --purpose "Faire découvrir les outils numériques aux baby-boomers" \
    --format mixed "$P"
has_line "created as a draft" "$out" "programme \"$P\" created as a draft"
refused "duplicate name" "tandem: name: a programme named \"$P\" exists already" \
    tandem --as E2 programme create --purpose "Autre chose" "$P"
expect "list" 0 tandem programme list
has_line "listed as draft" "$out" "$(printf '1\tCap num\303\251rique\tdraft\tmixed\t0 mentors, 0 mentees')"
expect "show" 0 tandem programme show "$P"
has_line "show: state" "$out" "state: draft"
has_line "show: defaults" "$out" "sessions: 6 of 60 minutes every 14 days"
has_line "show: no charter yet" "$out" "charter version: 0"
has_line "show: creator" "$out" "created by E2 at 2026-11-27T00:00:00Z"
expect "show by id" 0 tandem programme show 1
has_line "id finds it" "$out" "name: $P"
expect "show --json" 0 tandem programme show --json "$P"
json "JSON valid and right" 'd["name"]=="Cap numérique" and d["state"]=="draft" and d["format"]=="mixed" and d["charter_version"]==0 and d["created_by"]=="E2"'
refused "show nothing" 'tandem: no programme "nope"' tandem programme show nope

# --- Coaches and topics ------------------------------------------------

refused "coach needs a manager" \
    "tandem: adding a coach needs the programme manager role, which E7 does not hold" \
    tandem --as E7 coach add "Claire Dubœuf" claire@coachs.fr
refused "coach needs someone" \
    "tandem: adding a coach needs the programme manager role: say who you are (--as EMPLOYEE_ID)" \
    tandem coach add "Claire Dubœuf" claire@coachs.fr
refused "coach needs an address" 'tandem: email: "claire" is not a valid e-mail address' \
    tandem --as E2 coach add "Claire Dubœuf" claire
expect "add a coach" 0 tandem --as E2 coach add "Claire Dubœuf" claire@coachs.fr "Coachs & Cie"
has_line "coach added" "$out" "coach Claire Dubœuf <claire@coachs.fr> added"
refused "coach twice" 'tandem: email: a coach with the address "claire@coachs.fr" exists already' \
    tandem --as E2 coach add "Claire Dubœuf" claire@coachs.fr
expect "coach list" 0 tandem coach list
has_line "coach listed, no programme yet" "$out" "$(printf 'Claire Dub\305\223uf\tclaire@coachs.fr\tCoachs & Cie\t')"
refused "edit with an unknown coach" \
    'tandem: coach: no coach with the address "nobody@exemple.fr" (add one with "tandem coach add")' \
    tandem --as E2 programme edit --coach nobody@exemple.fr --sessions 8 "$P"
expect "assign the coach" 0 tandem --as E2 programme edit --coach claire@coachs.fr "$P"
has_line "edit saved" "$out" "programme \"$P\" saved"
expect "coach list after" 0 tandem coach list
has_line "coach now has the programme" "$out" "$(printf 'Claire Dub\305\223uf\tclaire@coachs.fr\tCoachs & Cie\tCap num\303\251rique')"
expect "show the coach" 0 tandem programme show "$P"
has_line "coach in show" "$out" "coach: Claire Dubœuf <claire@coachs.fr>, Coachs & Cie"

expect "topic list" 0 tandem topic list
test "$(grep -c '	' "$out")" -eq 9 && ok "nine seed topics" || not_ok "nine seed topics"
has_line "a seed topic" "$out" "$(printf 'generative-ai\tIntelligence artificielle g\303\251n\303\251rative\tGenerative AI')"
has_line "the levels" "$out" "levels: 0 aucune notion / none; 1 débutant / beginner; 2 intermédiaire / intermediate; 3 avancé / advanced; 4 expert / expert"
refused "topic add needs a manager" \
    "tandem: adding a topic needs the programme manager role, which E1 does not hold" \
    tandem --as E1 topic add "$P" ia-pratique "L'IA au quotidien"
refused "bad topic code" \
    "tandem: code: \"IA\" is not a topic code (lower-case letters, digits and '-', at most 40)" \
    tandem --as E2 topic add "$P" IA "L'IA au quotidien"
refused "topic code taken" 'tandem: code: a topic "web-search" exists already' \
    tandem --as E2 topic add "$P" web-search "Chercher"
expect "own topic" 0 tandem --as E2 topic add "$P" ia-pratique "L'IA au quotidien" "AI in daily life"
has_line "own topic added" "$out" "topic ia-pratique added to \"$P\""
expect "topic list shows it" 0 tandem topic list
has_line "own topic with its programme" "$out" "$(printf "ia-pratique\tL'IA au quotidien\tAI in daily life\t(Cap num\303\251rique)")"

# --- Submit: what a programme needs first ------------------------------

expect "clear the topics" 0 tandem --as E2 programme edit --topics "" "$P"
refused "submit: no topic" \
    "tandem: programme \"$P\" has no topic yet: choose at least one (--topics)" \
    tandem --as E2 programme submit "$P"
has_line "submit: no dates" "$err" \
    "tandem: programme \"$P\" needs a start and an end date (--start, --end)"
has_line "submit: no data notice" "$err" \
    "tandem: programme \"$P\" needs a data notice telling participants what is kept about them (--data-notice)"
expect "choose topics" 0 tandem --as E2 programme edit \
    --topics "web-search,generative-ai,ia-pratique" "$P"
refused "submit: still no dates" \
    "tandem: programme \"$P\" needs a start and an end date (--start, --end)" \
    tandem --as E2 programme submit "$P"
lacks "topics no longer missing" "$err" "has no topic yet"
expect "set dates" 0 tandem --as E2 programme edit --start 2027-01-11 --end 2027-06-30 "$P"
refused "submit: still no data notice" \
    "tandem: programme \"$P\" needs a data notice telling participants what is kept about them (--data-notice)" \
    tandem --as E2 programme submit "$P"
expect "complete the charter" 0 tandem --as E2 programme edit \
    --data-notice "Nous conservons vos thèmes et disponibilités jusqu'à la fin du programme." \
    --commitments "Six séances d'une heure." \
    --confidentiality "Ce qui se dit en séance reste entre vous." "$P"
refused "submit needs a manager" \
    "tandem: submitting a programme needs the programme manager role, which E1 does not hold" \
    tandem --as E1 programme submit "$P"
refused "submit needs someone" \
    "tandem: submitting a programme needs the programme manager role: say who you are (--as EMPLOYEE_ID)" \
    tandem programme submit "$P"
refused "approve a draft" "tandem: cannot approve programme \"$P\": it is draft" \
    tandem --as E1 programme approve "$P"
refused "open a draft" "tandem: cannot open programme \"$P\": it is draft" \
    tandem --as E2 programme open "$P"
refused "return a draft" "tandem: cannot return programme \"$P\": it is draft" \
    tandem --as E1 programme return --note "Rien" "$P"
refused "start a draft" "tandem: cannot start programme \"$P\": it is draft" \
    tandem --as E2 programme start "$P"
refused "close a draft" "tandem: cannot close programme \"$P\": it is draft" \
    tandem --as E2 programme close "$P"
refused "submit nothing" 'tandem: no programme "nope"' \
    tandem --as E2 programme submit nope
refused_with 2 "unknown transition" \
    "usage: tandem programme create|edit|show|list|history|charter|submit|approve|return|open|start|close ..." \
    tandem --as E2 programme frob "$P"

# --- Submitted --------------------------------------------------------

# E4 is both manager and sponsor: she submits, so she may not approve.
expect "submit" 0 tandem --as E4 programme submit "$P"
has_line "submit done" "$out" "programme \"$P\": submit done"
refused "submit twice" "tandem: cannot submit programme \"$P\": it is submitted" \
    tandem --as E2 programme submit "$P"
refused "separation of duties" \
    "tandem: E4 submitted programme \"$P\" and cannot also approve it: another sponsor must" \
    tandem --as E4 programme approve "$P"
refused "approve needs a sponsor" \
    "tandem: approving a programme needs the sponsor role, which E2 does not hold" \
    tandem --as E2 programme approve "$P"
refused "approve needs someone" \
    "tandem: approving a programme needs the sponsor role: say who you are (--as EMPLOYEE_ID)" \
    tandem programme approve "$P"
refused "editing a submitted charter" \
    "tandem: programme \"$P\" is submitted: its charter cannot change until a sponsor returns it to draft" \
    tandem --as E2 programme edit --sessions 8 "$P"
refused "topics of a submitted charter" \
    "tandem: programme \"$P\" is submitted: its topics cannot change" \
    tandem --as E2 topic add "$P" ia-avancee "L'IA avancée"
refused "open a submitted programme" "tandem: cannot open programme \"$P\": it is submitted" \
    tandem --as E2 programme open "$P"
refused "close a submitted programme" "tandem: cannot close programme \"$P\": it is submitted" \
    tandem --as E2 programme close "$P"
refused "return needs a note" \
    "tandem: note: returning a programme needs a note saying what to change" \
    tandem --as E1 programme return "$P"
refused "return needs a non-empty note" \
    "tandem: note: returning a programme needs a note saying what to change" \
    tandem --as E1 programme return --note "" "$P"
refused "return needs a sponsor" \
    "tandem: returning a programme needs the sponsor role, which E2 does not hold" \
    tandem --as E2 programme return --note "Non" "$P"
expect "return from submitted" 0 tandem --as E1 programme return \
    --note "Préciser la confidentialité" "$P"
has_line "return done" "$out" "programme \"$P\": return done"
expect "edit again in draft" 0 tandem --as E2 programme edit \
    --confidentiality "Ce qui se dit en séance reste entre vous, sans compte rendu." "$P"
expect "resubmit with a note" 0 tandem --as E2 programme submit --note "Prêt" "$P"

# --- Approved ---------------------------------------------------------

expect "approve" 0 tandem --as E1 programme approve "$P"
has_line "approve done" "$out" "programme \"$P\": approve done"
refused "approve twice" "tandem: cannot approve programme \"$P\": it is approved" \
    tandem --as E4 programme approve "$P"
refused "editing an approved charter" \
    "tandem: programme \"$P\" is approved: its charter cannot change until a sponsor returns it to draft" \
    tandem --as E2 programme edit --purpose "Autre chose" "$P"
refused "submit an approved programme" "tandem: cannot submit programme \"$P\": it is approved" \
    tandem --as E2 programme submit "$P"
refused "start an approved programme" "tandem: cannot start programme \"$P\": it is approved" \
    tandem --as E2 programme start "$P"
refused "open needs a manager" \
    "tandem: opening a programme needs the programme manager role, which E1 does not hold" \
    tandem --as E1 programme open "$P"
expect "return from approved" 0 tandem --as E4 programme return --note "Revoir les dates" "$P"
expect "submit a third time" 0 tandem --as E2 programme submit "$P"
# E4 submitted once, but E2 submitted last: E4 may approve now.
expect "approve by the other sponsor" 0 tandem --as E4 programme approve --note "Bon pour moi" "$P"
expect "draft charter before opening" 0 tandem programme charter "$P"
has_line "unpublished" "$out" "Charte du programme « Cap numérique » — projet non publié"
refused "no version 1 yet" "tandem: programme \"$P\" has no charter version 1" \
    tandem programme charter "$P" 1

# --- Open: charter version 1 --------------------------------------------

expect "open" 0 tandem --as E2 programme open "$P"
has_line "open done" "$out" "programme \"$P\": open done"
expect "charter" 0 tandem programme charter "$P"
has_line "charter version 1" "$out" "Charte du programme « Cap numérique » — version 1"
contains "charter has the sessions" "$out" "6 séances de 60 minutes"
contains "charter has the coach" "$out" "Claire Dubœuf <claire@coachs.fr>, Coachs & Cie"
contains "charter has the data notice" "$out" "jusqu'à la fin du programme."
cp "$out" charter1.txt
expect "show after open" 0 tandem programme show "$P"
has_line "state open" "$out" "state: open"
has_line "show version 1" "$out" "charter version: 1"
refused "open twice" "tandem: cannot open programme \"$P\": it is open" \
    tandem --as E2 programme open "$P"
refused "return an open programme" "tandem: cannot return programme \"$P\": it is open" \
    tandem --as E1 programme return --note "Trop tard" "$P"
refused "start before matching" "tandem: cannot start programme \"$P\": it is open" \
    tandem --as E2 programme start "$P"
refused "edit needs a manager" \
    "tandem: editing a programme needs the programme manager role, which E7 does not hold" \
    tandem --as E7 programme edit --sessions 8 "$P"

expect "edit after opening" 0 tandem --as E2 programme edit --sessions 8 "$P"
expect "charter now" 0 tandem programme charter "$P"
has_line "charter version 2" "$out" "Charte du programme « Cap numérique » — version 2"
contains "version 2 has the change" "$out" "8 séances de 60 minutes"
expect "charter 1 still readable" 0 tandem programme charter "$P" 1
same "charter 1 unchanged" charter1.txt "$out"
refused "no version 3" "tandem: programme \"$P\" has no charter version 3" \
    tandem programme charter "$P" 3
refused_with 2 "version 0 is no version" 'tandem: version: versions are numbered from 1' \
    tandem programme charter "$P" 0

# --- Closed -------------------------------------------------------------

refused "close needs a manager" \
    "tandem: closing a programme needs the programme manager role, which E1 does not hold" \
    tandem --as E1 programme close "$P"
expect "close" 0 tandem --as E2 programme close --note "Fin de la première promotion" "$P"
has_line "close done" "$out" "programme \"$P\": close done"
refused "close twice" "tandem: cannot close programme \"$P\": it is closed" \
    tandem --as E2 programme close "$P"
refused "submit a closed programme" "tandem: cannot submit programme \"$P\": it is closed" \
    tandem --as E2 programme submit "$P"
refused "reopen" "tandem: cannot open programme \"$P\": it is closed" \
    tandem --as E2 programme open "$P"
refused "return a closed programme" "tandem: cannot return programme \"$P\": it is closed" \
    tandem --as E1 programme return --note "Encore" "$P"
refused "edit a closed programme" "tandem: programme \"$P\" is closed" \
    tandem --as E2 programme edit --sessions 10 "$P"
refused "topic on a closed programme" \
    "tandem: programme \"$P\" is closed: its topics cannot change" \
    tandem --as E2 topic add "$P" ia-avancee "L'IA avancée"

# --- History: every transition, who, why ------------------------------

expect "history" 0 tandem programme history "$P"
printf '%s\n' \
    "2026-11-27T00:00:00Z	draft -> submitted	E4" \
    "2026-11-27T00:00:00Z	submitted -> draft	E1	Préciser la confidentialité" \
    "2026-11-27T00:00:00Z	draft -> submitted	E2	Prêt" \
    "2026-11-27T00:00:00Z	submitted -> approved	E1" \
    "2026-11-27T00:00:00Z	approved -> draft	E4	Revoir les dates" \
    "2026-11-27T00:00:00Z	draft -> submitted	E2" \
    "2026-11-27T00:00:00Z	submitted -> approved	E4	Bon pour moi" \
    "2026-11-27T00:00:00Z	approved -> open	E2" \
    "2026-11-27T00:00:00Z	open -> closed	E2	Fin de la première promotion" \
    >history.txt
same "history is every transition" history.txt "$out"
expect "list after closing" 0 tandem programme list
has_line "listed as closed" "$out" "$(printf '1\tCap num\303\251rique\tclosed\tmixed\t0 mentors, 0 mentees')"

# --- The audit trail of all this ---------------------------------------

expect "audit list" 0 tandem audit list
has_line "first grant, after the imports" "$out" "$(printf '3\t2026-11-27T00:00:00Z\tsystem\trole.grant\temployee:E1\tsponsor')"
contains "grant by an admin employee" "$out" "$(printf 'E7\trole.grant\temployee:E3\tsponsor')"
contains "revoke by an admin employee" "$out" "$(printf 'E7\trole.revoke\temployee:E3\tsponsor')"
contains "revoke by system" "$out" "$(printf 'system\trole.revoke\temployee:E7\tadmin')"
contains "coach added, by key: no name in the log" "$out" "$(printf 'E2\tcoach.add\tcoach:claire@coachs.fr\t[text]')"
contains "programme created" "$out" "$(printf 'E2\tprogramme.create\tprogramme:Cap num\303\251rique\tdraft')"
contains "draft edited" "$out" "$(printf 'E2\tprogramme.edit\tprogramme:Cap num\303\251rique\tdraft')"
contains "topic added" "$out" "$(printf 'E2\ttopic.add\tprogramme:Cap num\303\251rique\tia-pratique')"
contains "submitted" "$out" "$(printf 'E4\tprogramme.submit\tprogramme:Cap num\303\251rique\tdraft -> submitted')"
contains "returned, the note left in its row" "$out" "$(printf 'E1\tprogramme.return\tprogramme:Cap num\303\251rique\tsubmitted -> draft: [text]')"
contains "approved, the note left in its row" "$out" "$(printf 'E4\tprogramme.approve\tprogramme:Cap num\303\251rique\tsubmitted -> approved: [text]')"
contains "opened" "$out" "$(printf 'E2\tprogramme.open\tprogramme:Cap num\303\251rique\tapproved -> open')"
contains "published 1" "$out" "$(printf 'E2\tcharter.publish\tprogramme:Cap num\303\251rique\tversion 1')"
contains "open edited" "$out" "$(printf 'E2\tprogramme.edit\tprogramme:Cap num\303\251rique\topen')"
contains "published 2" "$out" "$(printf 'E2\tcharter.publish\tprogramme:Cap num\303\251rique\tversion 2')"
contains "closed, the note left in its row" "$out" "$(printf 'E2\tprogramme.close\tprogramme:Cap num\303\251rique\topen -> closed: [text]')"
test "$(grep -cE 'programme\.(submit|approve|return|open|start|close)	' "$out")" -eq 9 && ok "one audit entry per transition" ||
    not_ok "one audit entry per transition"
expect "audit verify" 0 tandem audit verify
contains "audit intact" "$out" "audit log intact: "

done_testing

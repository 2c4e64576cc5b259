# Matching and the review of pairs: who may match, in which states, what
# a dry run saves (nothing), the JSON report, publishing, the answers of
# both sides, the privacy of a decline's note, and the audit entries.
. "$(dirname "$0")/lib.sh"

tandem init >/dev/null
# Boomers E1, E5, E6, E7; X E2; Z E3, E4.  E2 manages E4.
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Langue;Matricule manager\n'\
'E1;L\303\251v\303\252que;Fran\303\247oise;francoise.leveque@exemple.fr;12/03/1958;Direction G\303\251n\303\251rale;Lyon;fr;\n'\
'E2;Gu\303\251rin;Herv\303\251;herve.guerin@exemple.fr;01/01/1968;Direction des Ressources Humaines;Lyon;fr;E1\n'\
'E3;N'"'"'Diaye;Zo\303\251;zoe.ndiaye@exemple.fr;05/11/2001;Direction des Syst\303\250mes d'"'"'Information;Lyon;fr,en;E2\n'\
'E4;Fabre;No\303\251;noe.fabre@exemple.fr;30/09/2000;Direction Commerciale;Lyon;fr;E2\n'\
'E5;Dupr\303\251;J\303\251r\303\264me;jerome.dupre@exemple.fr;14/02/1962;Direction Juridique;Lyon;fr;E1\n'\
'E6;C\305\223ur;No\303\253l;noel.coeur@exemple.fr;25/12/1955;Direction Financi\303\250re;Lyon;fr;E1\n'\
'E7;Roux;Hugo;hugo.roux@exemple.fr;03/03/1950;Direction Financi\303\250re;Lyon;fr;E1\n' >roster.csv
tandem import roster roster.csv >/dev/null
tandem role grant E1 sponsor >/dev/null
tandem role grant E2 manager >/dev/null

P="Cap numérique"
tandem --as E2 programme create --purpose "Les outils numériques" \
    --topics web-search,generative-ai --start 2027-01-11 --end 2027-06-30 \
    --data-notice "Jusqu'à la fin du programme." "$P" >/dev/null

# --- States and roles -----------------------------------------------------

refused "match a draft programme" \
    "tandem: cannot match programme \"$P\": it is draft (matching runs once it is open, and again while it runs)" \
    tandem --as E2 match "$P"
tandem --as E2 programme submit "$P" >/dev/null
tandem --as E1 programme approve "$P" >/dev/null
refused "match an approved programme" \
    "tandem: cannot match programme \"$P\": it is approved (matching runs once it is open, and again while it runs)" \
    tandem --as E2 match "$P"
tandem --as E2 programme open "$P" >/dev/null
tandem --as E3 enrol "$P" E3 --mentor --topics web-search=4,generative-ai=3 \
    --capacity 2 >/dev/null
tandem --as E4 enrol "$P" E4 --mentor --topics web-search=2 >/dev/null
tandem --as E5 enrol "$P" E5 --mentee --topics web-search=0:3 >/dev/null
tandem --as E6 enrol "$P" E6 --mentee --topics generative-ai=1:2 >/dev/null
tandem --as E7 enrol "$P" E7 --mentee --topics web-search=1:1 >/dev/null

refused "a mentee cannot match" \
    "tandem: matching a programme needs the programme manager role, which E5 does not hold" \
    tandem --as E5 match "$P"
refused "a sponsor cannot match" \
    "tandem: matching a programme needs the programme manager role, which E1 does not hold" \
    tandem --as E1 match "$P"
refused "the system operator cannot match" \
    "tandem: matching a programme needs the programme manager role: say who you are (--as EMPLOYEE_ID)" \
    tandem match "$P"
refused "no such programme" 'tandem: no programme "nope"' \
    tandem --as E2 match nope
refused_with 2 "match needs a programme" \
    "usage: tandem match [--explain] [--json] [--dry-run] PROGRAMME" \
    tandem --as E2 match
refused "publish with nothing proposed" \
    "tandem: programme \"$P\" has no proposed pair to publish; run \"tandem match\" first" \
    tandem --as E2 pair publish "$P"
refused "lock before any match" \
    "tandem: E5 has no pair in \"$P\"; run \"tandem match\" first" \
    tandem --as E2 pair lock "$P" E5

# --- Dry run, text and JSON ---------------------------------------------------

testdb_dump "$db_main" >before.sql
expect "dry run" 0 tandem --as E2 match --dry-run --explain "$P"
has_line "dry run: says so" "$out" "dry run: nothing saved"
contains "dry run: certified" "$out" "optimal: certified by the dual"
contains "dry run: E3 and E5" "$out" "$(printf 'E3 Zo\303\251 N'"'"'Diaye -> E5 J\303\251r\303\264me Dupr\303\251\tscore 120\tfocus web-search')"
contains "dry run: explained" "$out" "    = topics 90 (web-search: interest 3 x gap 3) + availability 20 (10 common half-days) + same site 5 + other department 5"
testdb_dump "$db_main" >after.sql
same "dry run: nothing saved" before.sql after.sql
expect "dry run --json" 0 tandem --as E2 match --dry-run --json "$P"
json "json: the report's fields" \
    "all(k in d for k in ('programme', 'mentees', 'mentors', 'seats', 'compatible_pairs', 'matched', 'proposed', 'no_partner', 'capacity', 'total_score', 'certified', 'blocking_pairs', 'seconds', 'pairs', 'unmatched'))"
json "json: counts" \
    "d['programme'] == 'Cap numérique' and d['mentees'] == 3 and d['mentors'] == 2 and d['seats'] == 3 and d['matched'] == 3 and d['certified'] is True"
json "json: a pair's fields" \
    "all(set(p) >= {'mentor', 'mentor_name', 'mentee', 'mentee_name', 'score', 'terms', 'explanation', 'focus', 'kept'} for p in d['pairs'])"
json "json: terms add up" \
    "all(p['score'] == sum(p['terms'].values()) for p in d['pairs']) and d['total_score'] == sum(p['score'] for p in d['pairs'])"
json "json: terms named" \
    "all(set(p['terms']) == {'topics', 'availability', 'site', 'department', 'inversion'} for p in d['pairs'])"
testdb_dump "$db_main" >after.sql
same "dry run --json: nothing saved" before.sql after.sql

expect "match" 0 tandem --as E2 match "$P"
has_line "match: saved" "$out" '3 new pairs saved as the proposal: review with "tandem pair", then publish'
expect "match --json saves too" 0 tandem --as E2 match --json "$P"
json "json: kept is false for proposals" "not any(p['kept'] for p in d['pairs'])"
expect "pair list" 0 tandem pair list "$P"
test "$(grep -c '	proposed	' "$out")" -eq 3 && ok "three proposed pairs" ||
    not_ok "three proposed pairs"
expect "a mentee's pair list" 0 tandem --as E5 pair list "$P"
test ! -s "$out" && ok "a mentee sees no proposed pair" ||
    not_ok "a mentee sees no proposed pair"

# --- Lock, unlock, reject ---------------------------------------------------

refused "a mentee cannot lock" \
    "tandem: reviewing pairs needs the programme manager role, which E5 does not hold" \
    tandem --as E5 pair lock "$P" E5
refused "a mentee cannot reject" \
    "tandem: reviewing pairs needs the programme manager role, which E5 does not hold" \
    tandem --as E5 pair reject "$P" E3 E5
refused "a mentee cannot publish" \
    "tandem: reviewing pairs needs the programme manager role, which E5 does not hold" \
    tandem --as E5 pair publish "$P"
expect "lock" 0 tandem --as E2 pair lock "$P" E5
has_line "lock: done" "$out" "done"
expect "locked in the list" 0 tandem pair list "$P"
contains "locked shown" "$out" "$(printf '\tproposed (locked)\t')"
expect "unlock" 0 tandem --as E2 pair unlock "$P" E5
has_line "unlock: done" "$out" "done"
expect "lock again" 0 tandem --as E2 pair lock "$P" E5
refused "reject a pair that is not enrolled" \
    "tandem: E1 is not enrolled in \"$P\"" \
    tandem --as E2 pair reject "$P" E1 E5
expect "reject E4 and E7" 0 tandem --as E2 pair reject "$P" E4 E7
has_line "reject: done" "$out" "done"
expect "re-run" 0 tandem --as E2 match --explain "$P"
lacks "rejected pair gone" "$out" "E4 Noé Fabre -> E7"
contains "locked pair kept" "$out" "$(printf -- '-> E5 J\303\251r\303\264me Dupr\303\251\tscore 120\tfocus web-search\tkept')"
expect "re-run again" 0 tandem --as E2 match "$P"
lacks "rejected pair never back" "$out" "E4 Noé Fabre -> E7"

# --- Publish ----------------------------------------------------------------

expect "publish" 0 tandem --as E2 pair publish "$P"
contains "publish: counted" "$out" "pairs published: each member can now accept or decline"
expect "programme show" 0 tandem programme show "$P"
has_line "the programme is matched" "$out" "state: matched"
refused "publish again: nothing proposed" \
    "tandem: programme \"$P\" has no proposed pair to publish; run \"tandem match\" first" \
    tandem --as E2 pair publish "$P"
refused "lock a published pair" \
    "tandem: the pair of E5 is published already: it stays as it is" \
    tandem --as E2 pair lock "$P" E5
expect "pair list after publish" 0 tandem pair list "$P"
test "$(grep -c '	published' "$out")" -eq 2 && ok "two published pairs" ||
    not_ok "two published pairs"
contains "a locked pair is published locked" "$out" "$(printf '\tpublished (locked)\t')"
expect "a mentee's pair list after publish" 0 tandem --as E5 pair list "$P"
test "$(wc -l <"$out")" -eq 1 && ok "a mentee sees their own pair only" ||
    not_ok "a mentee sees their own pair only"
contains "a mentee's own pair" "$out" "$(printf -- '-> E5 J\303\251r\303\264me Dupr\303\251\tpublished')"
expect "a mentor's pair list after publish" 0 tandem --as E3 pair list "$P"
lacks "a mentor sees no one else's pair" "$out" "E4 No"

# --- Answers ------------------------------------------------------------------

refused "answer for someone else without the role" \
    "tandem: answering for someone else needs the programme manager role, which E6 does not hold" \
    tandem --as E6 pair accept --for E5 "$P" E3 E5
refused "answer as someone outside the pair" \
    "tandem: E6 is neither the mentor nor the mentee of this pair" \
    tandem --as E6 pair accept "$P" E3 E5
expect "the mentor accepts" 0 tandem --as E3 pair accept "$P" E3 E5
has_line "the mentor accepts: said" "$out" "E3 has accepted the pair"
refused "answering twice" "tandem: E3 has accepted already" \
    tandem --as E3 pair accept "$P" E3 E5
refused "changing one's answer" "tandem: E3 has accepted already" \
    tandem --as E3 pair decline "$P" E3 E5
expect "pair list: half accepted" 0 tandem pair list "$P"
contains "half accepted" "$out" "$(printf '\tpublished\t')"
contains "answers shown" "$out" "mentor accepted, mentee -"
expect "a manager accepts for the mentee" 0 \
    tandem --as E2 pair accept --for E5 "$P" E3 E5
has_line "accepted for the mentee: said" "$out" "E5 has accepted the pair"
expect "pair list: accepted" 0 tandem pair list "$P"
contains "both accepted" "$out" "$(printf -- '-> E5 J\303\251r\303\264me Dupr\303\251\taccepted')"
contains "both answers shown" "$out" "mentor accepted, mentee accepted"
refused "answering an accepted pair" "tandem: E5 has accepted already" \
    tandem --as E5 pair decline "$P" E3 E5

# E6's pair: declined by E6, with a private note.
mentor6=$(tandem pair list "$P" | grep -- '-> E6 ' | cut -d' ' -f1)
expect "E6 declines, with a note" 0 tandem --as E6 pair decline \
    --note "Je préfère quelqu'un d'un autre service SECRET-7731" "$P" "$mentor6" E6
has_line "decline: said" "$out" "E6 has declined the pair"
refused "answering a declined pair" \
    "tandem: $mentor6 and E6 are not a pair in \"$P\"" \
    tandem --as "$mentor6" pair accept "$P" "$mentor6" E6
expect "pair list: declined" 0 tandem pair list "$P"
contains "declined listed" "$out" "$(printf -- '-> E6 No\303\253l C\305\223ur\tdeclined\t')"
lacks "note not in pair list" "$out" "SECRET-7731"
expect "re-match after the decline" 0 tandem --as E2 match --explain "$P"
lacks "declined pair never proposed again" "$out" "$mentor6 $(printf 'Zo\303\251') N'Diaye -> E6"
expect "re-match --json" 0 tandem --as E2 match --json "$P"
json "json: the declined pair absent" \
    "not any(p['mentor'] == '$mentor6' and p['mentee'] == 'E6' for p in d['pairs'])"
lacks "note not in the JSON report" "$out" "SECRET-7731"
expect "audit list" 0 tandem audit list
lacks "note not in the audit log" "$out" "SECRET-7731"
lacks "note not in the audit log (prefix)" "$out" "autre service"
for c in "enrolments $P" "programme show $P" "programme history $P" \
    "employee E6"; do
	# shellcheck disable=SC2086
	tandem $c >"$out" 2>&1
	lacks "note not in: $c" "$out" "SECRET-7731"
done
expect "the raw database has it" 0 testdb_sql "$db_main" \
    "SELECT decline_note FROM pair WHERE decline_note IS NOT NULL"
contains "note in the raw database" "$out" "SECRET-7731"

# --- Audit ----------------------------------------------------------------------

expect "audit list" 0 tandem audit list
contains "match.run audited" "$out" "$(printf 'E2\tmatch.run\tprogramme:Cap num\303\251rique\t')"
contains "match.run says the certificate" "$out" "certificate holds"
contains "pair.lock audited" "$out" "$(printf 'E2\tpair.lock\tprogramme:Cap num\303\251rique\tE5')"
contains "pair.unlock audited" "$out" "$(printf 'E2\tpair.unlock\tprogramme:Cap num\303\251rique\tE5')"
contains "pair.reject audited" "$out" "$(printf 'E2\tpair.reject\tprogramme:Cap num\303\251rique\tE4 and E7')"
contains "pair.publish audited" "$out" "$(printf 'E2\tpair.publish\tprogramme:Cap num\303\251rique\t')"
contains "pair.accept audited" "$out" "$(printf 'E3\tpair.accept\tprogramme:Cap num\303\251rique\tE3 for the pair of E3 and E5')"
contains "pair.accept on behalf audited" "$out" "$(printf 'E2\tpair.accept\tprogramme:Cap num\303\251rique\tE5 for the pair of E3 and E5')"
contains "pair.decline audited" "$out" "$(printf 'E6\tpair.decline\tprogramme:Cap num\303\251rique\tE6 for the pair of %s and E6' "$mentor6")"
test "$(grep -c '	match.run	' "$out")" -eq 6 && ok "one match.run per saved run, none for dry runs" ||
    not_ok "one match.run per saved run, none for dry runs" "$(grep -c '	match.run	' "$out") entries"
expect "audit verify" 0 tandem audit verify

# --- Closed programme ---------------------------------------------------------

tandem --as E2 programme close "$P" >/dev/null
refused "match a closed programme" \
    "tandem: cannot match programme \"$P\": it is closed (matching runs once it is open, and again while it runs)" \
    tandem --as E2 match "$P"
refused "reject in a closed programme" \
    "tandem: programme \"$P\" is closed: its pairs cannot change" \
    tandem --as E2 pair reject "$P" E3 E7

done_testing

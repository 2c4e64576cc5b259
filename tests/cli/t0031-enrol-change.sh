# Enrolments that can change (issue 12): enrol --change while the person
# has no partner, only the availability once they have one; volunteering
# again after a withdrawal, the old pairs never back; every refusal with
# its message, the database as it was.
. "$(dirname "$0")/lib.sh"

tandem init >/dev/null
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Niveau;Langue;Matricule manager\n'\
'E1;Perrin;Michel;michel.perrin@exemple.fr;01/01/1960;Direction G\303\251n\303\251rale;Lyon;PDG;fr;\n'\
'E2;Gu\303\251rin;Herv\303\251;herve.guerin@exemple.fr;01/01/1968;RH;Lyon;Directeur;fr;E1\n'\
'E3;Nguyen;L\303\251a;lea.nguyen@exemple.fr;15/06/2004;DSI;Lyon;Stagiaire;fr;E4\n'\
'E4;Caron;Sylvie;sylvie.caron@exemple.fr;01/01/1980;DSI;Lyon;Manager;fr;E5\n'\
'E5;L\303\251v\303\252que;Fran\303\247oise;francoise.leveque@exemple.fr;30/06/1962;DSI;Lyon;Directrice;fr;E1\n'\
'E6;Fabre;No\303\251;noe.fabre@exemple.fr;30/09/2001;Commerciale;Lyon;Employ\303\251;fr;E2\n'\
'E7;Roux;Hugo;hugo.roux@exemple.fr;03/03/1955;Finances;Lyon;Directeur;fr;E1\n'\
'E8;Dupr\303\251;J\303\251r\303\264me;jerome.dupre@exemple.fr;14/02/1962;Juridique;Lyon;Directeur;fr;E1\n' \
    >roster.csv
tandem import roster roster.csv >/dev/null
tandem role grant E8 sponsor >/dev/null
tandem role grant E2 manager >/dev/null

P=Cap
tandem --as E2 programme create --purpose "Les outils" \
    --topics web-search,generative-ai --start 2027-01-11 --end 2027-06-30 \
    --data-notice "Jusqu'à la fin." "$P" >/dev/null
tandem --as E2 programme submit "$P" >/dev/null
tandem --as E8 programme approve "$P" >/dev/null
tandem --as E2 programme open "$P" >/dev/null
tandem --as E3 enrol "$P" E3 --mentor --topics web-search=4 \
    --availability mon-am >/dev/null
tandem --as E7 enrol "$P" E7 --mentee --topics web-search=0:3 >/dev/null

# --- Changing an enrolment -------------------------------------------------

expect "change availability, topics, capacity, remote" 0 \
    tandem --as E3 enrol --change --availability tue-pm,thu-am \
    --topics web-search=3,generative-ai=4 --capacity 2 --remote \
    --languages fr,en --site Paris "$P" E3
has_line "change: said" "$out" "the enrolment of E3 in \"$P\" is changed"
expect "enrolments" 0 tandem enrolments "$P"
contains "changed as asked" "$out" \
    "$(printf 'mentor\tweb-search=3,generative-ai=4\tfr,en\tParis (remote ok)\ttue-pm,thu-am\tcap 2')"
expect "back on site, by a manager" 0 \
    tandem --as E2 enrol --change --on-site --site Lyon "$P" E3
is "remote off" "$(sql "SELECT remote FROM enrolment WHERE id = 1")" 0
expect "audit" 0 tandem audit list
contains "the fields changed, no value" "$out" \
    "$(printf 'E3\tenrolment.change\tprogramme:Cap\tE3: topics languages site remote availability capacity')"

refused "nothing to change" \
    "tandem: nothing to change: give the topics, languages, site, remote, availability or capacity" \
    tandem --as E3 enrol --change "$P" E3
refused "a bad half-day" \
    "tandem: availability: \"sun-am\" is not a half-day (mon-am, mon-pm, ... fri-pm, or all)" \
    tandem --as E3 enrol --change --availability sun-am "$P" E3
refused "a mentee has no capacity" "tandem: capacity: only mentors have a capacity" \
    tandem --as E7 enrol --change --capacity 2 "$P" E7
refused "a topic outside the programme" \
    "tandem: topics: \"excel\" is not a topic of this programme" \
    tandem --as E3 enrol --change --topics excel=3 "$P" E3
refused "a topic twice" "tandem: topics: \"web-search\" is given twice" \
    tandem --as E3 enrol --change --topics web-search=3,web-search=2 "$P" E3
refused "someone else's" \
    "tandem: enrolling someone else needs the programme manager role, which E7 does not hold" \
    tandem --as E7 enrol --change --availability all "$P" E3
refused "not enrolled" "tandem: E6 is not enrolled in \"$P\"" \
    tandem --as E6 enrol --change --availability all "$P" E6
refused_with 2 "no role with --change" \
    "usage: tandem enrol PROGRAMME ID --mentor|--mentee --topics CODE=LEVEL[:INTEREST],... [--languages L,...] [--site SITE] [--remote] [--availability mon-am,...] [--capacity N] [--optin-ref REF] | --change PROGRAMME ID [--topics ...] [--languages L,...] [--site SITE] [--remote|--on-site] [--availability ...] [--capacity N]" \
    tandem --as E3 enrol --change --mentor "$P" E3
refused "enrolled already" \
    "tandem: E3 is already enrolled in \"$P\" (as mentor, since 2026-11-27T00:00:00Z); change the enrolment instead" \
    tandem --as E3 enrol "$P" E3 --mentor --topics web-search=4

# --- With a partner, only the availability ---------------------------------

tandem --as E2 match "$P" >/dev/null
tandem --as E2 pair publish "$P" >/dev/null
refused "a partner: no topics change" \
    "tandem: E3 has a partner in \"$P\": only the availability can change now" \
    tandem --as E3 enrol --change --topics web-search=2 "$P" E3
expect "a partner: the availability changes" 0 \
    tandem --as E3 enrol --change --availability mon-pm "$P" E3
is "stored" "$(sql "SELECT availability FROM enrolment WHERE id = 1")" 2

# --- Volunteering again after a withdrawal ---------------------------------

tandem --as E3 pair accept "$P" E3 E7 >/dev/null
tandem --as E7 pair accept "$P" E3 E7 >/dev/null
expect "E3 withdraws" 0 tandem --as E3 withdraw "$P" E3
refused "no change after a withdrawal" \
    "tandem: E3 is not enrolled in \"$P\" any more: volunteer again instead" \
    tandem --as E3 enrol --change --availability all "$P" E3
expect "E3 volunteers again" 0 \
    tandem --as E3 enrol "$P" E3 --mentee --topics generative-ai=1:3
has_line "again: said" "$out" "E3 enrolled in \"$P\" as mentee"
expect "enrolments" 0 tandem enrolments "$P"
contains "enrolled again, as a mentee" "$out" \
    "$(printf 'mentee\tgenerative-ai=1:3')"
expect "audit" 0 tandem audit list
contains "the earlier enrolment stays in the history" "$out" \
    "$(printf 'E3\tenrolment.create\tprogramme:Cap\tE3 as mentor')"
contains "the withdrawal too" "$out" \
    "$(printf 'E3\tenrolment.withdraw\tprogramme:Cap\tE3')"
contains "the new one" "$out" \
    "$(printf 'E3\tenrolment.again\tprogramme:Cap\tE3 as mentee')"
expect "the old pair is over" 0 tandem pair list "$P"
contains "ended" "$out" "$(printf 'E3 L\303\251a Nguyen -> E7 Hugo Roux\tended')"
is "never back: rejected" \
    "$(sql "SELECT count(*) FROM pair_rejection WHERE mentor_id = 1 AND mentee_id = 2")" 1
refused "twice at once" \
    "tandem: E3 is already enrolled in \"$P\" (as mentee, since 2026-11-27T00:00:00Z); change the enrolment instead" \
    tandem --as E3 enrol "$P" E3 --mentee --topics generative-ai=1:3

tandem --as E2 programme start "$P" >/dev/null
tandem --as E2 programme close "$P" >/dev/null
refused "a closed programme" \
    "tandem: programme \"$P\" is closed: its enrolments cannot change" \
    tandem --as E3 enrol --change --availability all "$P" E3
expect "audit verify" 0 tandem audit verify

done_testing

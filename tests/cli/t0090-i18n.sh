# One language at a time (issue 15): the CLI speaks its locale's
# language, French when LC_ALL, LC_MESSAGES or LANG (the first one set)
# starts with "fr", English otherwise; the words a message takes (a
# state, a role) and its dates follow; the exit status and the database
# do not depend on the language.
. "$(dirname "$0")/lib.sh"

# The suites pin LC_ALL=C.UTF-8; this test sets the locale itself.
unset LC_ALL LC_MESSAGES LANG

tandem init >/dev/null
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Langue;Matricule manager\n'\
'E1;Martin;Anne;anne.martin@exemple.fr;12/03/1958;Direction G\303\251n\303\251rale;Lyon;fr;\n'\
'E2;Petit;Louis;louis.petit@exemple.fr;01/01/1968;RH;Lyon;fr;E1\n' >roster.csv
tandem import roster roster.csv >/dev/null
tandem role grant E1 sponsor >/dev/null
tandem role grant E2 manager >/dev/null
tandem topic add web-search "Recherche sur le web" >/dev/null 2>&1
tandem --as E2 programme create --purpose "Les outils" --topics web-search \
    --start 2027-01-11 --end 2027-04-30 Cap >/dev/null

# English by default, and under the C locale.
refused "no locale: English" 'tandem: no programme "Nope"' \
    tandem programme show Nope
LANG=fr_FR.UTF-8
export LANG
refused "LANG=fr_FR.UTF-8: French" 'tandem: aucun programme « Nope »' \
    tandem programme show Nope
LC_MESSAGES=C
export LC_MESSAGES
refused "LC_MESSAGES=C wins over LANG" 'tandem: no programme "Nope"' \
    tandem programme show Nope
LC_MESSAGES=fr_FR.UTF-8
LANG=C
refused "LC_MESSAGES=fr_FR.UTF-8 under LANG=C: French" \
    'tandem: aucun programme « Nope »' tandem programme show Nope
LC_ALL=C
export LC_ALL
refused "LC_ALL=C wins over LC_MESSAGES" 'tandem: no programme "Nope"' \
    tandem programme show Nope
unset LC_ALL LC_MESSAGES
LANG=fr_FR.UTF-8

# The words a message takes are translated: a verb and a state.
refused "a transition refused, in French" \
    "tandem: action « ouvrir » impossible sur le programme « Cap » : il est en brouillon" \
    tandem --as E2 programme open Cap
# A role.
refused "a role held already, in French" \
    "tandem: E2 a déjà le rôle responsable de programme" \
    tandem role grant E2 manager
# The CLI keeps its flags: they are what the reader types.
refused "a programme without a data notice: the flag is named" \
    "tandem: le programme « Cap » a besoin d'une notice d'information disant aux participants ce qui est conservé à leur sujet (--data-notice)" \
    tandem --as E2 programme submit Cap
# Dates as dd/mm/yyyy in French, as yyyy-mm-dd in English.
refused "a date in French" \
    "tandem: end: le programme se termine (01/01/2027) avant de commencer (01/05/2027)" \
    tandem --as E2 programme create --purpose "x" --topics web-search \
    --start 2027-05-01 --end 2027-01-01 Autre
LANG=C
refused "the same in English" \
    "tandem: end: the programme ends (2027-01-01) before it starts (2027-05-01)" \
    tandem --as E2 programme create --purpose "x" --topics web-search \
    --start 2027-05-01 --end 2027-01-01 Autre
LANG=fr_FR.UTF-8

# A file's problems keep their place, in French.
{ head -1 roster.csv; printf 'E9;"Dupont\n'; } >bad.csv
expect "a bad roster is refused" 1 tandem import roster bad.csv
contains "its problem is in French, at its place" "$err" \
    "bad.csv:2:"
contains "its problem is in French" "$err" \
    "un champ entre guillemets n'est jamais fermé"

done_testing

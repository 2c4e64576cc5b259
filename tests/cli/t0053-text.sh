# Input that is text (issue 17): an argument that is not UTF-8 (typed on
# a Latin-1 terminal) is transcoded from the locale's encoding when the
# locale names one, refused with its option otherwise, and never stored.
. "$(dirname "$0")/lib.sh"

tandem init >/dev/null
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Langue;Matricule manager\n'\
'E2;Gu\303\251rin;Herv\303\251;herve.guerin@exemple.fr;01/01/1968;Direction des Ressources Humaines;Lyon;fr;\n'\
'E3;N'"'"'Diaye;Zo\303\251;zoe.ndiaye@exemple.fr;05/11/2001;Direction des Syst\303\250mes d'"'"'Information;Lyon;fr;E2\n' >roster.csv
tandem import roster roster.csv >/dev/null
tandem role grant E2 manager >/dev/null
latin1=$(printf 'Caf\351')

export LC_ALL=C.UTF-8
refused_with 2 "a Latin-1 name under a UTF-8 locale" \
    "tandem: argument 5 is not text: not valid UTF-8, nor in the locale's encoding (UTF-8)" \
    tandem --as E2 coach add "$latin1" cafe@coachs.fr
refused_with 2 "a Latin-1 purpose, named by its option" \
    "tandem: --purpose: argument 6 is not text: not valid UTF-8, nor in the locale's encoding (UTF-8)" \
    tandem --as E2 programme create --purpose "$latin1" Essai
export LC_ALL=C
refused_with 2 "under the C locale, which names no encoding" \
    "tandem: argument 5 is not text: not valid UTF-8, nor in the locale's encoding (ANSI_X3.4-1968)" \
    tandem --as E2 coach add "$latin1" cafe@coachs.fr
unset LC_ALL
expect "UTF-8 text passes" 0 tandem --as E2 coach add "Café" cafe@coachs.fr
# The bytes stored: SQLite's hex(), PostgreSQL's encoding of the text.
hex="hex(name)"
[ "$testdb_engine" = pg ] && hex="upper(encode(convert_to(name, 'UTF8'), 'hex'))"
is "stored as UTF-8" "$(sql "SELECT $hex FROM coach")" "436166C3A9"
expect "the manager's export is valid JSON" 0 tandem --as E2 export person E2
json "export: parsed" 'd["person"]["matricule"] == "E2"'

done_testing

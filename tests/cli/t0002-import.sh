# Importing a roster: the counts, the listing, re-imports, bad files.
. "$(dirname "$0")/lib.sh"

tandem init >/dev/null
printf '\357\273\277Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Service;Site;Intitul\303\251 de poste;Niveau;Matricule manager;Date d'"'"'entr\303\251e;Langue;Badge\r
E1;L\303\251v\303\252que;Fran\303\247oise;francoise.leveque@exemple.fr;12/03/1958;Direction G\303\251n\303\251rale;Pr\303\251sidence;Paris La D\303\251fense;PDG;PDG;;01/09/1990;fr;123\r
E2;N'"'"'Diaye;Z\303\266e;zoe.ndiaye@exemple.fr;05/11/2003;Direction des Syst\303\250mes d'"'"'Information;Support;Lyon Part-Dieu;Stagiaire;Stagiaire;E1;02/09/2026;Fran\303\247ais;456\r
E3;Gu\303\251rin;Herv\303\251;herve.guerin@exemple.fr;01/01/1964;Direction Financi\303\250re;Tr\303\251sorerie;Lille;"Contr\303\264leur; senior";Cadre;E1;15/01/2001;"fr, en";789\r
' >roster.csv

expect "import a French export" 0 tandem import roster roster.csv
contains "encoding and separator" "$out" "roster.csv: UTF-8, ';'-separated, dates dd/mm/yyyy, 3 rows"
contains "counts" "$out" "added 3, updated 0, unchanged 0, left 0"
contains "unknown columns are listed" "$out" "ignored columns: Badge"
expect "list" 0 tandem employees
contains "accents intact" "$out" "Françoise Lévêque"
contains "generation of 1964" "$out" "E3	Hervé Guérin	1964	boomers"
contains "intern is generation Z" "$out" "E2	Zöe N'Diaye	2003	z"
expect "show" 0 tandem employee show E3
contains "quoted separator kept" "$out" "job_title: Contrôleur; senior"
contains "languages normalised" "$out" "language: fr,en"
lacks "no birth date shown" "$out" "01/01/1964"
expect "show as JSON" 0 tandem employee show --json E2
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["birth_year"]==2003 and d["manager"]=="E1" and d["language"]=="fr"' "$out" &&
    ok "JSON is valid and right" || not_ok "JSON is valid and right"
expect "list as JSON" 0 tandem employees --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==3' "$out" &&
    ok "JSON list has 3" || not_ok "JSON list has 3"

# The same file again: nothing changes.
expect "re-import" 0 tandem import roster roster.csv
contains "unchanged" "$out" "added 0, updated 0, unchanged 3, left 0"

# A newer export: E2 left, E3 moved, E4 joined.
printf 'employee_id,last_name,first_name,email,birth_year,department,manager_id\nE1,Lévêque,Françoise,francoise.leveque@exemple.fr,1958,Direction Générale,\nE3,Guérin,Hervé,herve.guerin@exemple.fr,1964,Direction Juridique,E1\nE4,Roux,Inès,ines.roux@exemple.fr,1999,Direction Juridique,E3\n' >next.csv
sqlite3 tandem.db .dump >before.sql
expect "dry run" 0 tandem import roster --dry-run next.csv
contains "dry run counts" "$out" "dry run, nothing written: added 1, updated 1, unchanged 1, left 1"
sqlite3 tandem.db .dump >after.sql
same "dry run wrote nothing" before.sql after.sql
expect "newer export" 0 tandem import roster next.csv
contains "newer export counts" "$out" "added 1, updated 1, unchanged 1, left 1"
expect "active list" 0 tandem employees
lacks "leaver not listed" "$out" "E2	"
expect "list with leavers" 0 tandem employees --inactive
contains "leaver kept, inactive" "$out" "left"
expect "moved person" 0 tandem employee show E3
contains "department updated" "$out" "department: Direction Juridique"
contains "columns absent keep their value" "$out" "site: Lille"

# A bad file: every problem, exit 1, nothing changed.
printf 'Matricule;Nom;Prénom;Email;Date de naissance;Matricule manager\nE1;A;B;a@b;31/02/1980;\nE5;C;D;c.d@exemple.fr;1980-01-01;E9\nE5;E;F;e.f@exemple.fr;01/01/1981;E1\n' >bad.csv
sqlite3 tandem.db .dump >before.sql
expect "bad file fails" 1 tandem import roster bad.csv
contains "bad e-mail with line and column" "$err" 'bad.csv:2:8: Email: "a@b" is not a valid e-mail address'
contains "bad date" "$err" 'bad.csv:2:12: Date de naissance: "31/02/1980" is not a valid date'
contains "mixed date formats" "$err" 'bad.csv:3:23: Date de naissance: "1980-01-01" is written yyyy-mm-dd but the dates of this file are dd/mm/yyyy (line 2)'
contains "unknown manager" "$err" "bad.csv:3:34: Matricule manager: E9 is neither in this file nor in the roster"
contains "duplicate id" "$err" "bad.csv:4:1: Matricule: E5 appears twice (first on line 3)"
contains "summary" "$err" "nothing was imported"
sqlite3 tandem.db .dump >after.sql
same "bad file changed nothing" before.sql after.sql

expect "missing file" 1 tandem import roster nosuch.csv
contains "missing file named" "$err" "nosuch.csv: No such file or directory"
expect "unknown encoding" 2 tandem import roster --encoding ebcdic next.csv

done_testing

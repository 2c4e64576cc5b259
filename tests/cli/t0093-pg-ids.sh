# The PostgreSQL store's ids (issue 18): an id not given is the largest
# plus one, as SQLite's INTEGER PRIMARY KEY gives it, through a trigger
# whose function names its table (planned once a connection), not the
# generic tdm_rowid() that planned a dynamic SELECT on every insert and
# made "tandem demo" several times slower than on SQLite.  And the
# seeded practices get SQLite's ids.  A database
# made with the generic function gets the table's own at "tandem init".
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/pg.sh"

pg_start
pg_db i
DB=$PGDB
psql() {
	pg_as "$pg_bin/psql" -h "$pgdir" -U postgres -d i -qAt -c "$1"
}
generic="SELECT count(*) FROM pg_trigger WHERE tgname = 'tdm_rowid' AND tgfoid = 'tdm_rowid()'::regprocedure"
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Langue;Matricule manager\n'\
'E1;Roux;Hugo;hugo.roux@exemple.fr;03/03/1960;Direction Financi\303\250re;Lyon;fr;\n'\
'E2;Petit;Luc;luc.petit@exemple.fr;03/03/1991;Direction Financi\303\250re;Lyon;fr;E1\n'\
'E3;Blanc;Ana;ana.blanc@exemple.fr;03/03/1992;Direction Financi\303\250re;Lyon;fr;E1\n' >roster.csv
expect "init" 0 tandem -d "$DB" init
is "no table uses the generic id function" "$(psql "$generic")" 0
is "the employee table's own function" \
    "$(psql "SELECT tgfoid::regproc FROM pg_trigger WHERE tgname = 'tdm_rowid' AND tgrelid = 'employee'::regclass")" \
    tdm_rowid_employee
# The practices' ids are the reports' row order: those of SQLite, in the
# order migration 015 writes them (PostgreSQL's join gave another).
is "the practices in the order written" \
    "$(psql "SELECT string_agg(code, ' ' ORDER BY id) FROM practice WHERE id <= 4")" \
    "search-operators search-check-source privacy-settings password-manager"
expect "import" 0 tandem -d "$DB" import roster roster.csv
is "ids from 1, as on SQLite" "$(psql "SELECT string_agg(id::text, ' ' ORDER BY id) FROM employee")" "1 2 3"
psql "DELETE FROM employee WHERE id = 3" >/dev/null
expect "a role" 0 tandem -d "$DB" role grant E2 manager
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Langue;Matricule manager\n'\
'E4;Vert;Zoe;zoe.vert@exemple.fr;03/03/1993;Direction Financi\303\250re;Lyon;fr;E1\n' >more.csv
expect "import after a delete" 0 tandem -d "$DB" import roster more.csv
is "the largest plus one: 3 again, as on SQLite" \
    "$(psql "SELECT id FROM employee WHERE matricule = 'E4'")" 3

# A database of the previous version: its triggers run tdm_rowid().
psql "DO \$\$ DECLARE t text; BEGIN FOR t IN SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'tdm_rowid' LOOP EXECUTE format('CREATE OR REPLACE TRIGGER tdm_rowid BEFORE INSERT ON %s FOR EACH ROW EXECUTE FUNCTION tdm_rowid()', t); END LOOP; END \$\$" >/dev/null
is "the old kind made" "$([ "$(psql "$generic")" -gt 10 ] && echo yes)" yes
expect "init on the current version" 0 tandem -d "$DB" init
is "init gave every table its own function" "$(psql "$generic")" 0
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Langue;Matricule manager\n'\
'E5;Noir;Eva;eva.noir@exemple.fr;03/03/1994;Direction Financi\303\250re;Lyon;fr;E1\n' >last.csv
expect "import after init" 0 tandem -d "$DB" import roster last.csv
is "the next id" "$(psql "SELECT id FROM employee WHERE matricule = 'E5'")" 4
expect "the audit log verifies" 0 tandem -d "$DB" audit verify
expect "check" 0 tandem -d "$DB" check

done_testing

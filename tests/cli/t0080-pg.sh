# The PostgreSQL store (issue 18), first set: the same commands on a
# SQLite file and on a throwaway PostgreSQL database give the same
# answers, exit statuses and audit chain: init, a roster's import and a
# leaver, roles, a programme from draft to open, enrolments and their
# refusals, matching, the pairs' publication and answers, the audit log
# verified.  Then what is PostgreSQL's own: a password in the database's
# name refused, a database with no schema named as such, init twice.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/pg.sh"

pg_start

# Boomers E1, E5, E6, E7; X E2; Z E3, E4.  E2 manages E4.
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Langue;Matricule manager\n'\
'E1;L\303\251v\303\252que;Fran\303\247oise;francoise.leveque@exemple.fr;12/03/1958;Direction G\303\251n\303\251rale;Lyon;fr;\n'\
'E2;Gu\303\251rin;Herv\303\251;herve.guerin@exemple.fr;01/01/1968;Direction des Ressources Humaines;Lyon;fr;E1\n'\
'E3;N'"'"'Diaye;Zo\303\251;zoe.ndiaye@exemple.fr;05/11/2001;Direction des Syst\303\250mes d'"'"'Information;Lyon;fr,en;E2\n'\
'E4;Fabre;No\303\251;noe.fabre@exemple.fr;30/09/2000;Direction Commerciale;Lyon;fr;E2\n'\
'E5;Dupr\303\251;J\303\251r\303\264me;jerome.dupre@exemple.fr;14/02/1962;Direction Juridique;Lyon;fr;E1\n'\
'E6;C\305\223ur;No\303\253l;noel.coeur@exemple.fr;25/12/1955;Direction Financi\303\250re;Lyon;fr;E1\n'\
'E7;Roux;Hugo;hugo.roux@exemple.fr;03/03/1950;Direction Financi\303\250re;Lyon;fr;E1\n'\
'E8;Petit;Luc;luc.petit@exemple.fr;03/03/1990;Direction Financi\303\250re;Lyon;fr;E1\n' >roster.csv
grep -v '^E8;' roster.csv >roster2.csv

# run DB CMD...: one command of the scenario, its exit status, stdout and
# stderr appended to the transcript, the database's name replaced.
run() {
	db=$1
	shift
	"$TANDEM" -d "$db" "$@" >o 2>e
	echo "\$ tandem $* => $?" >>"$transcript"
	# Times measured and the audit chain's head (keyed by a random key
	# per database, issue 17) differ between any two databases.
	sed -e "s|$db|DB|g" -e 's/computed in [0-9.]* s/computed in S s/' \
	    -e 's/"seconds": [0-9.e-]*/"seconds": S/' \
	    -e 's/, head [0-9a-f]*/, head H/' o e >>"$transcript"
}

P="Cap numérique"
scenario() {
	transcript=$2
	: >"$transcript"
	run "$1" init
	run "$1" audit verify
	run "$1" import roster roster.csv
	run "$1" import roster roster2.csv
	run "$1" employee list
	run "$1" employee show E3
	run "$1" role grant E1 sponsor
	run "$1" role grant E2 manager
	run "$1" role grant E2 manager
	run "$1" role list
	run "$1" --as E2 programme create --purpose "Les outils numériques" \
	    --topics web-search,generative-ai --start 2027-01-11 \
	    --end 2027-06-30 --data-notice "Jusqu'à la fin du programme." "$P"
	run "$1" --as E3 enrol "$P" E3 --mentor --topics web-search=4
	run "$1" --as E2 programme submit "$P"
	run "$1" --as E5 programme approve "$P"
	run "$1" --as E1 programme approve "$P"
	run "$1" --as E2 programme open "$P"
	run "$1" programme list
	run "$1" programme show "$P"
	run "$1" --as E3 enrol "$P" E3 --mentor \
	    --topics web-search=4,generative-ai=3 --capacity 2
	run "$1" --as E3 enrol "$P" E3 --mentor --topics web-search=4
	run "$1" --as E4 enrol "$P" E4 --mentor --topics web-search=2
	run "$1" --as E5 enrol "$P" E5 --mentee --topics web-search=0:3
	run "$1" --as E6 enrol "$P" E6 --mentee --topics generative-ai=1:2
	run "$1" --as E7 enrol "$P" E7 --mentee --topics web-search=1:1
	run "$1" --as E2 enrolment list "$P"
	run "$1" --as E2 match --dry-run "$P"
	run "$1" --as E2 match "$P"
	run "$1" --as E2 match --json "$P"
	run "$1" --as E2 pair list "$P"
	run "$1" --as E2 pair publish "$P"
	run "$1" --as E3 pair accept "$P" E3 E5
	run "$1" --as E5 pair accept "$P" E3 E5
	run "$1" --as E2 pair list "$P"
	run "$1" audit list
	run "$1" audit verify
}

scenario "$scratch/lite.db" lite.txt
pg_db tandem
scenario "$PGDB" pg.txt
same "the same answers on SQLite and PostgreSQL" lite.txt pg.txt
# The scenario did what it says (so that "the same" is not two failures).
contains "init" pg.txt "DB: schema version"
contains "the leaver" pg.txt "left 1"
contains "the audit log verifies" pg.txt "audit log intact: "
contains "the pairs were proposed" pg.txt "\$ tandem --as E2 match $P => 0"
contains "a pair accepted" pg.txt "\$ tandem --as E5 pair accept $P E3 E5 => 0"
lacks "no statement missing on PostgreSQL" pg.txt "not yet available"

# The server's threads by default: a statement on PostgreSQL is a round
# trip, so four a processor there, two on SQLite (at most 32).
threads_of() {
	: >serve.err
	"$TANDEM" -d "$1" serve --listen 127.0.0.1:0 --quiet 2>>serve.err &
	spid=$!
	i=0
	while ! grep -q " threads" serve.err && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill "$spid"
	wait "$spid"
	sed -n 's/.* with \([0-9]*\) threads.*/\1/p' serve.err
}
cores=$(getconf _NPROCESSORS_ONLN)
want=$((cores * 2)); [ $want -gt 32 ] && want=32
is "threads on SQLite: twice the processors" \
    "$(threads_of "$scratch/lite.db")" $want
want=$((cores * 4)); [ $want -gt 32 ] && want=32
is "threads on PostgreSQL: four times" "$(threads_of "$PGDB")" $want

# --- PostgreSQL's own -------------------------------------------------

expect "init again: nothing to do" 0 tandem -d "$PGDB" init
# The binary's own schema version, whatever migrations come.
schema=$("$TANDEM" --version | sed -n 's/.*(schema \([0-9]*\)).*/\1/p')
contains "init again: the version" "$out" "schema version $schema"
expect "a password in the name" 1 \
    tandem -d "postgresql://postgres:secret@localhost/tandem" audit verify
has_line "a password in the name: refused" "$err" \
    "tandem: postgresql://postgres:secret@localhost/tandem: a password does not belong in the database's name: put it in ~/.pgpass or a service file"
pg_db empty
expect "a database with no schema" 1 tandem -d "$PGDB" audit verify
contains "a database with no schema: said so" "$err" \
    "no database here; create it with \"tandem init\""
expect "no such server" 1 tandem -d "host=$pgdir/none user=postgres dbname=x" audit verify
contains "no such server: said so" "$err" "cannot open the database"

echo "1..$n"

# Moving a site (issue 18): tandem migrate --to copies the demo's SQLite
# database into an empty PostgreSQL one.  Every table is compared row by
# row (read back from PostgreSQL by COPY, from SQLite by Python's
# sqlite3), the audit log verifies to the same head on both, the same
# commands answer alike, and the copy takes new acts.  A non-empty
# target is refused and left as it was; a copy that fails half-way
# leaves the target empty (one transaction).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/pg.sh"

pg_start
psql() {
	"$pg_bin/psql" -h "$pgdir" -U postgres -qAtX "$@"
}

expect "the demo on SQLite" 0 tandem -d lite.db demo --size 120 --seed 3
manager=$(sed -n 's/.*programme manager: *.*(.*, \(E[0-9]*\))$/\1/p' "$out")
sponsor=$(sed -n 's/.*sponsor: *.*(.*, \(E[0-9]*\))$/\1/p' "$out")
pg_db copy
copydb=$PGDB
expect "migrate --to" 0 tandem -d lite.db migrate --to "$PGDB"
contains "migrate: what was copied" "$out" "copied "
contains "migrate: the audit log on both" "$out" "audit log intact on both: "

# Every table, every row: SQLite's values against PostgreSQL's COPY.
expect "every table equal, row by row" 0 python3 "$here/../pg-compare.py" lite.db \
    "$pg_bin/psql" -h "$pgdir" -U postgres -qAtX -d copy
contains "every table compared" "$out" " 0 different"
tables=$(psql -d copy -c "SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND relname <> 'tandem_version'")
contains "every table of the schema counted" "$out" "$tables tables,"

# The same answers from both.
for cmd in "audit verify" "audit list" "employee list" "programme list" \
    "role list" "check"; do
	# shellcheck disable=SC2086
	tandem -d lite.db $cmd >lite.out 2>&1
	# shellcheck disable=SC2086
	tandem -d "$PGDB" $cmd >pg.out 2>&1
	same "$cmd: the same on both" lite.out pg.out
done
contains "check: sound" lite.out "database sound"
P="Cap numérique"
tandem -d lite.db programme show "$P" >lite.out 2>&1
tandem -d "$PGDB" programme show "$P" >pg.out 2>&1
same "programme show: the same on both" lite.out pg.out
tandem -d lite.db --as "$sponsor" report --format json "$P" >lite.out 2>&1
tandem -d "$PGDB" --as "$sponsor" report --format json "$P" >pg.out 2>&1
same "the report: the same on both" lite.out pg.out

# The copy takes new acts, with new ids past the copied ones.
expect "an act on the copy" 0 tandem -d "$PGDB" --as "$manager" coach add "Ada Lovelace" \
    ada@exemple.fr
expect "the same act on SQLite" 0 tandem -d lite.db --as "$manager" coach add \
    "Ada Lovelace" ada@exemple.fr
tandem -d lite.db coach list >lite.out 2>&1
tandem -d "$PGDB" coach list >pg.out 2>&1
same "the coaches after the act: the same" lite.out pg.out
# The new entry names the coach by a subject key drawn at random on each
# side: the same number of entries, not the same head.
expect "the copy's log verifies after" 0 tandem -d "$PGDB" audit verify
sed 's/, head .*//' "$out" >pg.out
tandem -d lite.db audit verify 2>&1 | sed 's/, head .*//' >lite.out
same "with as many entries as SQLite's" lite.out pg.out

# A target that is not empty: refused, and left as it was.
psql -d copy -c "SELECT count(*) FROM audit" >before
expect "a second migration into it" 1 tandem -d lite.db migrate --to "$PGDB"
contains "not empty: said so" "$err" "the database is not empty"
psql -d copy -c "SELECT count(*) FROM audit" >after
same "not empty: left as it was" before after
pg_db other
psql -d other -c "CREATE TABLE mine (x int)"
expect "a database holding a table of its own" 1 tandem -d lite.db \
    migrate --to "$PGDB"
contains "its own table: refused" "$err" "the database is not empty"

# A copy that fails half-way leaves nothing: a name that is not UTF-8
# in the employee table, which PostgreSQL refuses.
cp lite.db bad.db
python3 -c "
import sqlite3; c = sqlite3.connect('bad.db')
c.execute(\"UPDATE employee SET team = CAST(X'ff41' AS TEXT) WHERE id = (SELECT max(id) FROM employee)\")
c.commit()"
pg_db half
expect "a copy that fails" 1 tandem -d bad.db migrate --to "$PGDB"
contains "a copy that fails: the table named" "$err" "employee"
psql -d half -c "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace" >after
has_line "a copy that fails: the target left empty" after 0

# What is not a target.
expect "a file as target" 1 tandem -d lite.db migrate --to other.db
contains "a file as target: said so" "$err" "not a PostgreSQL database"
expect "a password in the target" 1 tandem -d lite.db migrate \
    --to "postgresql://postgres:secret@localhost/x"
contains "a password in the target: refused" "$err" \
    "a password does not belong in the database's name"
expect "from PostgreSQL" 1 tandem -d "$copydb" migrate --to "$PGDB"
contains "from PostgreSQL: said so" "$err" "must be a SQLite file"
expect "no --to" 2 tandem -d lite.db migrate

echo "1..$n"

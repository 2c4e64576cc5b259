# The test's database on either engine (issue 18).  Sourced by the shell
# suites (tests/cli/lib.sh, the golden runners) after they set $testdb_here
# to the directory of this file.  With TANDEM_TEST_ENGINE=pg (the pg-*
# suites of tests/meson.build) a test's databases are PostgreSQL
# databases in the cluster whose socket directory is TANDEM_TEST_PG
# (started by tests/run with tests/pgcluster.sh), or, when that is unset,
# in a cluster the test starts for itself; otherwise they are SQLite
# files, as before.
#
#   testdb_setup          once, before anything else
#   testdb NAME           create database NAME, print what "tandem -d"
#                         takes: NAME itself on SQLite
#   testdb_sql DB QUERY   QUERY's rows, columns separated by "|"
#   testdb_dump DB        the database's rows, to compare before and after
#   testdb_copy DB NAME   a copy of DB as database NAME (replaced if it
#                         exists), print what "tandem -d" takes
#   testdb_cleanup        drop the databases (and the test's own cluster)
#   sqlite_only REASON    a test about SQLite itself skips on PostgreSQL
testdb_engine=${TANDEM_TEST_ENGINE:-sqlite}
testdb_own=
testdb_pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

testdb_setup() {
	[ "$testdb_engine" = pg ] || return 0
	if [ -z "${TANDEM_TEST_PG:-}" ] || [ ! -d "$TANDEM_TEST_PG" ]; then
		TANDEM_TEST_PG=$(sh "$testdb_here/pgcluster.sh" start 2>"${TMPDIR:-/tmp}/testdb.$$")
		rc=$?
		why=$(cat "${TMPDIR:-/tmp}/testdb.$$")
		rm -f "${TMPDIR:-/tmp}/testdb.$$"
		if [ "$rc" = 77 ]; then
			echo "1..0 # SKIP $why"
			exit 0
		elif [ "$rc" != 0 ]; then
			echo "Bail out! $why"
			exit 1
		fi
		testdb_own=$TANDEM_TEST_PG
	fi
	export TANDEM_TEST_PG
}

testdb_psql() {
	"$testdb_pg_bin/psql" -h "$TANDEM_TEST_PG" -U postgres -X -qAt "$@"
}

testdb() {
	if [ "$testdb_engine" = pg ]; then
		# Databases are named after the test's process, so that
		# testdb_cleanup finds them all and parallel tests never meet.
		testdb_name=$(printf 't%s_%s' "$$" "$1" | tr -c 'a-zA-Z0-9_\n' _)
		testdb_psql -d postgres \
		    -c "CREATE DATABASE \"$testdb_name\"" >/dev/null || return 1
		echo "host=$TANDEM_TEST_PG user=postgres dbname=$testdb_name"
	else
		echo "$1"
	fi
}

testdb_sql() {
	if [ "$testdb_engine" = pg ]; then
		testdb_psql -d "$1" -c "$2"
	else
		sqlite3 "$1" "$2"
	fi
}

# The rows, not the sequences (nor pg_dump's random \restrict key):
# PostgreSQL's sequences are not transactional (a rolled-back insert
# still takes a number), SQLite's counters are, and neither is data a
# person sees.
testdb_dump() {
	if [ "$testdb_engine" = pg ]; then
		"$testdb_pg_bin/pg_dump" -d "$1" --data-only --inserts \
		    --no-comments --exclude-table-data='*_seq' 2>&1 |
		    grep -v -e '^SELECT pg_catalog.setval' -e '^--' -e '^$' \
		    -e '^\\restrict ' -e '^\\unrestrict '
	else
		sqlite3 "$1" .dump
	fi
}

testdb_copy() {
	if [ "$testdb_engine" = pg ]; then
		testdb_name=$(printf 't%s_%s' "$$" "$2" | tr -c 'a-zA-Z0-9_\n' _)
		testdb_psql -d postgres \
		    -c "DROP DATABASE IF EXISTS \"$testdb_name\"" \
		    -c "CREATE DATABASE \"$testdb_name\" TEMPLATE \"${1##*dbname=}\"" \
		    >/dev/null || return 1
		echo "host=$TANDEM_TEST_PG user=postgres dbname=$testdb_name"
	else
		rm -f "$2" && cp "$1" "$2" && echo "$2"
	fi
}

testdb_cleanup() {
	[ "$testdb_engine" = pg ] && [ -n "${TANDEM_TEST_PG:-}" ] || return 0
	if [ -n "$testdb_own" ]; then
		sh "$testdb_here/pgcluster.sh" stop "$testdb_own"
		return 0
	fi
	testdb_psql -d postgres -c "SELECT datname FROM pg_database WHERE datname LIKE 't$$\\_%'" 2>/dev/null |
	while read -r name; do
		testdb_psql -d postgres \
		    -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" \
		    >/dev/null 2>&1
	done
}

sqlite_only() {
	if [ "$testdb_engine" = pg ]; then
		echo "1..0 # SKIP on PostgreSQL: $1"
		testdb_cleanup
		exit 0
	fi
}

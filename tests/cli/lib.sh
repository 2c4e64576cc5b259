# Shared by the CLI tests: a scratch directory, the binary, and TAP
# assertions in the spirit of git's t/test-lib.sh.  Source it first.
#
#   expect NAME STATUS COMMAND...   run COMMAND, check its exit status;
#                                   its stdout/stderr are in $out and $err
#   contains NAME FILE TEXT         FILE contains the fixed string TEXT
#   same NAME FILE1 FILE2           the two files are identical
#   has_line, refused, refused_with, json: see below
#
# With TANDEM_TEST_ENGINE=pg (the suite pg-cli) "tandem" without -d works
# on a PostgreSQL database of its own (tests/testdb.sh) through
# TANDEM_DB, and sql, refused and refused_with read that database; a
# test about SQLite itself calls sqlite_only first.  "-d FILE" is still
# a SQLite file.
set -u
TANDEM=${TANDEM:-$(cd "$(dirname "$0")/../.." && pwd)/build/tandem}
export TANDEM_NOW=2026-11-27
unset TANDEM_DB
testdb_here=$(cd "$(dirname "$0")/.." && pwd)
. "$testdb_here/testdb.sh"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"; testdb_cleanup' EXIT
cd "$scratch" || exit 2
testdb_setup
# The database "tandem" works on without -d.
db_main=$(testdb tandem.db) || { echo "Bail out! no test database"; exit 1; }
[ "$testdb_engine" = pg ] && export TANDEM_DB="$db_main"
out=$scratch/stdout
err=$scratch/stderr
n=0

tandem() {
	"$TANDEM" "$@"
}

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	echo "not ok $n - $1"
	shift
	for line in "$@"; do
		echo "# $line"
	done
	sed 's/^/# stdout: /' "$out" 2>/dev/null | head -20
	sed 's/^/# stderr: /' "$err" 2>/dev/null | head -20
}

expect() {
	name=$1 want=$2
	shift 2
	"$@" >"$out" 2>"$err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		ok "$name"
	else
		not_ok "$name" "exit status $got, expected $want: $*"
	fi
}

contains() {
	if grep -qF -- "$3" "$2"; then
		ok "$1"
	else
		not_ok "$1" "$2 does not contain: $3"
	fi
}

lacks() {
	if grep -qF -- "$3" "$2"; then
		not_ok "$1" "$2 contains: $3"
	else
		ok "$1"
	fi
}

same() {
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1" "$2 and $3 differ"
		diff "$2" "$3" | head -20 | sed 's/^/# /'
	fi
}

# has_line NAME FILE LINE: FILE has LINE as a whole line.
has_line() {
	if grep -qxF -- "$3" "$2"; then
		ok "$1"
	else
		not_ok "$1" "$2 has no line: $3"
	fi
}

# refused_with STATUS NAME LINE COMMAND...: COMMAND exits with STATUS,
# says LINE on stderr, and the database is the same before and after.
refused_with() {
	rstatus=$1 rname=$2 rline=$3
	shift 3
	testdb_dump "$db_main" >before.sql
	expect "$rname" "$rstatus" "$@"
	has_line "$rname: says why" "$err" "$rline"
	testdb_dump "$db_main" >after.sql
	same "$rname: nothing changed" before.sql after.sql
}

# refused NAME LINE COMMAND...: refused_with 1.
refused() {
	refused_with 1 "$@"
}

# json NAME PYTHON-EXPRESSION: $out is JSON and the expression on it,
# d, holds.
json() {
	if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert '"$2" "$out" 2>/dev/null; then
		ok "$1"
	else
		not_ok "$1" "JSON check failed: $2"
	fi
}

# at WHEN ARGS...: tandem with the clock at WHEN (UTC).
at() {
	when=$1
	shift
	TANDEM_NOW=$when "$TANDEM" "$@"
}

# sql QUERY: one value from the database.
sql() {
	testdb_sql "$db_main" "$1"
}

# is NAME GOT WANT: two strings are equal.
is() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "got \"$2\", expected \"$3\""
	fi
}

done_testing() {
	echo "1..$n"
}

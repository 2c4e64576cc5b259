#!/bin/sh
# Moving a site to PostgreSQL (issue 18): "tandem migrate --to" on a
# demo of SIZE employees (default 20000), into a throwaway PostgreSQL
# cluster started here (tests/cli/pg.sh's way: initdb in a temporary
# directory, a Unix socket only, as the postgres user when run as root).
# Usage: bench/migrate.sh [SIZE].  Environment: BUILD (default build),
# TMPDIR.
#
# The demo is made on SQLite (not timed), then moved (timed: wall, CPU
# of tandem, peak memory, with GNU time), then the copy is checked:
# "audit verify" on both must print the same line, the rows of every
# table are counted on both, then compared one by one
# (tests/pg-compare.py).  The cluster runs with fsync off, as
# the tests' does: the figure is the copy's, not the disk's.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
size=${1:-20000}
work=$(mktemp -d "${TMPDIR:-/tmp}/tandem-migrate.XXXXXX")
export TANDEM_NOW=2026-11-27
. "$top/bench/pg.sh"
stop() {
	pg_stop
	rm -rf "$work"
}
trap stop EXIT INT TERM
pg_start "$work" -c fsync=off -c synchronous_commit=off \
    -c full_page_writes=off
db=$pgdb

echo "setting up: a demo of $size employees on SQLite"
"$build/tandem" -d "$work/site.db" demo --size "$size" >/dev/null
ls -l "$work/site.db" | awk '{ printf "SQLite file: %.1f MB\n", $5 / 1e6 }'

echo "tandem migrate --to (wall s, user s, sys s, peak KB):"
/usr/bin/time -f "%e %U %S %M" "$build/tandem" -d "$work/site.db" \
    migrate --to "$db"

"$build/tandem" -d "$work/site.db" audit verify >"$work/a"
"$build/tandem" -d "$db" audit verify >"$work/b"
if cmp -s "$work/a" "$work/b"; then
	echo "audit verify: the same on both: $(cat "$work/a")"
else
	echo "audit verify DIFFERS:"; cat "$work/a" "$work/b"; exit 1
fi
for t in $(sqlite3 "$work/site.db" "SELECT name FROM sqlite_schema WHERE \
    type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name"); do
	a=$(sqlite3 "$work/site.db" "SELECT count(*) FROM \"$t\"")
	b=$(psql -d tandem -c "SELECT count(*) FROM \"$t\"")
	[ "$a" = "$b" ] || { echo "$t: $a rows on SQLite, $b on PostgreSQL"; exit 1; }
done
echo "every table: the same number of rows on both"
echo "every row compared (tests/pg-compare.py, wall s):"
t0=$(date +%s)
python3 "$top/tests/pg-compare.py" "$work/site.db" "$pg_bin/psql" -h "$work" \
    -U postgres -qAtX -d tandem
echo "compared in $(($(date +%s) - t0)) s"

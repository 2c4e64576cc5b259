#!/bin/sh
# The matcher at scale: a demo programme of MENTEES mentees and MENTORS
# mentors of capacity CAPACITY, matched end to end by "tandem match".
# Usage: bench/match.sh [MENTEES MENTORS [CAPACITY [ROSTER]]]
# (default 10000 5000 2, a roster of 4 people per volunteer, at most
# 900,000).  Environment: RUNS (default 3), BUILD (default build),
# TMPDIR.
# Makes the roster once, then times "tandem match --dry-run" RUNS times
# (the whole process: loading, rules, scores, solving, certificate,
# pricing, report); prints each run's wall time and peak memory (GNU
# time's %e and %M), the best and the median, the head of the report
# and whether every run gave the same report.
# With MATCH_PG=1 (issue 18), the same roster is also copied into a
# throwaway PostgreSQL cluster ("tandem migrate --to"; bench/migrate.sh's
# way, but with PostgreSQL's default durability) and the same runs are
# timed there: both engines side by side, the ratio of the medians, and
# whether both engines gave the same report.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
runs=${RUNS:-3}
mentees=${1:-10000}
mentors=${2:-5000}
capacity=${3:-2}
roster=${4:-$(( (mentees + mentors) * 4 ))}
[ "$roster" -gt 900000 ] && roster=900000
work=$(mktemp -d "${TMPDIR:-/tmp}/tandem-match.XXXXXX")
. "$top/bench/pg.sh"
cleanup() {
	pg_stop
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
export TANDEM_NOW=2026-11-27
db=$work/match.db

echo "setting up: roster $roster, $mentees mentees, $mentors mentors" \
    "of capacity $capacity"
"$build/tandem" -d "$db" demo --size "$roster" --mentees "$mentees" \
    --mentors "$mentors" --capacity "$capacity" >"$work/demo.txt"
manager=$(sed -n 's/.*programme manager:.*(.*, \(E[0-9]*\))$/\1/p' \
    "$work/demo.txt")
# The database once through the page cache before the first run.
cat "$db" >/dev/null

# runs ENGINE DB: RUNS timed runs, into $work/ENGINE.all.
runs() {
	i=1
	while [ "$i" -le "$runs" ]; do
		/usr/bin/time -f "%e %M" -o "$work/time" "$build/tandem" -d "$2" \
		    --as "$manager" match --dry-run "Cap numérique" \
		    >"$work/$1-match$i.txt"
		read -r secs kb <"$work/time"
		printf '%s run %d: %s s, peak RSS %s MB\n' "$1" "$i" "$secs" \
		    "$((kb / 1024))"
		echo "$secs $((kb / 1024))" >>"$work/$1.all"
		# The same report every time, the time it took apart.
		sed '2s/; computed in .*//' "$work/$1-match$i.txt" \
		    >"$work/$1-report$i.txt"
		cmp -s "$work/sqlite-report1.txt" "$work/$1-report$i.txt" ||
		    echo "$1 run $i: the report differs from SQLite's run 1"
		i=$((i + 1))
	done
	sort -n "$work/$1.all" | awk -v n="$runs" -v e="$1" '
		{ t[NR] = $1; if ($2 > m) m = $2 }
		END { printf "tandem match on %s, end to end, %d runs: best " \
		    "%s s, median %s s, peak RSS %s MB\n", e, n, t[1],
		    t[int((n + 1) / 2)], m }' | tee "$work/$1.sum"
}
runs sqlite "$db"
head -3 "$work/sqlite-match1.txt"
[ "${MATCH_PG:-0}" = 1 ] || exit 0

pg_start "$work"
echo "copying the roster into PostgreSQL (migrate --to, not timed)"
"$build/tandem" -d "$db" migrate --to "$pgdb" >/dev/null
runs postgresql "$pgdb"
awk '{ print $(NF - 5) }' "$work/sqlite.sum" "$work/postgresql.sum" |
    tr '\n' ' ' | awk '{ printf "PostgreSQL / SQLite, medians: %.2f " \
    "(goal: at most 1.5)\n", $2 / $1 }'

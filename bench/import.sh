#!/bin/sh
# The import benchmark of bench/README.md.
#
# Usage: bench/import.sh [CSVFILE]
#
# Makes a roster of $ROWS employees with the generator of "tandem demo"
# (bench/gen-roster.c, built here against build/libtandem.a), or takes
# CSVFILE, then times, $RUNS times each and in the same run:
#
#   tandem import     "tandem import roster" into a fresh database
#   tandem re-import  the same file again: every row compared, unchanged
#   sqlite3 .import   the same file into a plain table of a fresh database
#                     (sqlite3's default settings, no constraint, no check)
#
# and prints the median wall time, the ratio to sqlite3 and the peak RSS.
# The goal: a fresh import takes at most twice sqlite3's time and under
# 256 MB.  Every database and the CSV file live in one scratch directory,
# so on the same disk; each database is deleted before each run.
#
# Environment: BUILD (default build), ROWS (100000), RUNS (5), SEED (1),
# TMPDIR (where the scratch directory goes).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
case $build in /*) ;; *) build=$top/$build ;; esac
rows=${ROWS:-100000}
runs=${RUNS:-5}
seed=${SEED:-1}
tandem=$build/tandem
gnutime=/usr/bin/time

for tool in "$tandem" "$build/libtandem.a"; do
	if [ ! -e "$tool" ]; then
		echo "bench: $tool is missing; run \"make\" first" >&2
		exit 1
	fi
done
for tool in sqlite3 "$gnutime" "${CC:-cc}"; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "bench: $tool is missing (\"scripts/deps.sh bench\")" >&2
		exit 1
	fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/tandem-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

if [ $# -ge 1 ]; then
	csv=$1
	case $csv in /*) ;; *) csv=$(pwd)/$csv ;; esac
	source="$csv"
else
	csv=$work/roster.csv
	"$build/bench/gen-roster" "$rows" "$seed" >"$csv"
	source="bench/gen-roster $rows $seed (the generator of tandem demo)"
fi
nrows=$(($(wc -l <"$csv") - 1))
db=$work/tandem.db
plain=$work/plain.db

# Read the file once, so that no run pays for the first read from disk.
cat "$csv" >/dev/null

# now: nanoseconds since the epoch.
now() {
	date +%s%N
}

# timed NAME COMMAND...: run COMMAND once, append "seconds kilobytes" to
# $work/NAME; its output goes to $work/out.
timed() {
	name=$1
	shift
	t0=$(now)
	if ! "$gnutime" -f %M -o "$work/rss" "$@" >"$work/out" 2>&1; then
		echo "bench: failed: $*" >&2
		cat "$work/out" >&2
		exit 1
	fi
	t1=$(now)
	echo "$(((t1 - t0) / 1000)) $(tail -n 1 "$work/rss")" >>"$work/$name"
}

# expect PATTERN: the last command's output must contain PATTERN.
expect() {
	if ! grep -q "$1" "$work/out"; then
		echo "bench: expected \"$1\" in:" >&2
		cat "$work/out" >&2
		exit 1
	fi
}

rmdb() {
	rm -f "$1" "$1-wal" "$1-shm" "$1-journal"
}

: >"$work/fresh"
: >"$work/again"
: >"$work/sqlite"
i=0
while [ "$i" -lt "$runs" ]; do
	i=$((i + 1))
	[ -t 2 ] && printf 'run %d of %d\r' "$i" "$runs" >&2
	rmdb "$plain"
	timed sqlite sqlite3 "$plain" ".mode csv" ".separator ;" \
	    ".import '$csv' t"
	n=$(sqlite3 "$plain" "SELECT count(*) FROM t")
	if [ "$n" -ne "$nrows" ]; then
		echo "bench: sqlite3 imported $n rows, not $nrows" >&2
		exit 1
	fi
	rmdb "$db"
	"$tandem" -d "$db" init >/dev/null
	timed fresh "$tandem" -d "$db" import roster "$csv"
	expect "added $nrows, updated 0, unchanged 0, left 0"
	timed again "$tandem" -d "$db" import roster "$csv"
	expect "added 0, updated 0, unchanged $nrows, left 0"
done
[ -t 2 ] && printf '%20s\r' '' >&2

# median FILE: the median time (microseconds) of the runs in FILE.
median() {
	cut -d ' ' -f 1 "$1" | sort -n | awk '
	    { t[NR] = $1 }
	    END { print NR % 2 ? t[(NR + 1) / 2] : int((t[NR / 2] + t[NR / 2 + 1]) / 2) }'
}

# peak FILE: the highest peak RSS (kilobytes) of the runs in FILE.
peak() {
	cut -d ' ' -f 2 "$1" | sort -n | tail -n 1
}

base=$(median "$work/sqlite")
echo "file:     $source"
echo "          $nrows rows, $(wc -c <"$csv") bytes"
echo "machine:  $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' \
    /proc/cpuinfo | head -n 1), SQLite $(sqlite3 --version | cut -d ' ' -f 1)"
echo "runs:     $runs of each, median wall time"
echo
printf '%-18s %10s %10s %14s\n' "" "seconds" "ratio" "peak RSS (MB)"
for name in sqlite fresh again; do
	case $name in
	sqlite) label="sqlite3 .import" ;;
	fresh) label="tandem import" ;;
	again) label="tandem re-import" ;;
	esac
	m=$(median "$work/$name")
	awk -v l="$label" -v m="$m" -v b="$base" -v k="$(peak "$work/$name")" \
	    'BEGIN { printf "%-18s %10.3f %9.2fx %14.1f\n", l, m / 1e6,
	    m / b, k / 1024 }'
done
echo
m=$(median "$work/fresh")
k=$(peak "$work/fresh")
awk -v m="$m" -v b="$base" -v k="$k" 'BEGIN {
	ok = m <= 2 * b && k < 256 * 1024
	printf "goal (import at most 2x sqlite3, under 256 MB): %s\n",
	    ok ? "met" : "MISSED"
}'

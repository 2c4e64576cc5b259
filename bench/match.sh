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
trap 'rm -rf "$work"' EXIT INT TERM
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
i=1
while [ "$i" -le "$runs" ]; do
	/usr/bin/time -f "%e %M" -o "$work/time" "$build/tandem" -d "$db" \
	    --as "$manager" match --dry-run "Cap numérique" >"$work/match$i.txt"
	read -r secs kb <"$work/time"
	printf 'run %d: %s s, peak RSS %s MB\n' "$i" "$secs" "$((kb / 1024))"
	echo "$secs $((kb / 1024))" >>"$work/all"
	# The same report every time, the time it took apart.
	sed '2s/; computed in .*//' "$work/match$i.txt" >"$work/report$i.txt"
	cmp -s "$work/report1.txt" "$work/report$i.txt" ||
	    echo "run $i: the report differs from run 1"
	i=$((i + 1))
done
head -3 "$work/match1.txt"
sort -n "$work/all" | awk -v n="$runs" '
	{ t[NR] = $1; if ($2 > m) m = $2 }
	END { printf "tandem match, end to end, %d runs: best %s s, " \
	    "median %s s, peak RSS %s MB\n", n, t[1], t[int((n + 1) / 2)], m }'

#!/bin/sh
# Matching again while a programme runs (issue 12): a demo programme of
# MENTEES mentees and MENTORS mentors of capacity CAPACITY is matched,
# every pair accepted and the programme started; then WAITING tandems end
# and "tandem match" pairs the people who wait, every other pair kept.
# Usage: bench/rematch.sh [MENTEES MENTORS [CAPACITY [WAITING]]]
# (default 30000 20000 2 1000: 50,000 participants, 1,000 mentees
# waiting).  Environment: RUNS (default 3), BUILD (default build), TMPDIR.
# The set-up is not timed.  It accepts the pairs and ends WAITING of them
# with sqlite3 (as "tandem pair end" would, a pair at a time, which takes
# minutes at this size): the programme as it is after a year of answers
# and departures.  Then "tandem match --dry-run" runs RUNS times (the
# whole process: loading, rules, scores, solving, certificate, pricing,
# report); each run's wall and CPU time and peak memory are printed, the
# median, and whether every run gave the same report.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
runs=${RUNS:-3}
mentees=${1:-30000}
mentors=${2:-20000}
capacity=${3:-2}
waiting=${4:-1000}
roster=$(( (mentees + mentors) * 12 / 5 ))
work=$(mktemp -d "${TMPDIR:-/tmp}/tandem-rematch.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
export TANDEM_NOW=2026-11-27
db=$work/rematch.db
P="Cap numérique"

echo "setting up: roster $roster, $mentees mentees, $mentors mentors" \
    "of capacity $capacity, $waiting tandems ended"
"$build/tandem" -d "$db" demo --size "$roster" --mentees "$mentees" \
    --mentors "$mentors" --capacity "$capacity" >"$work/demo.txt"
manager=$(sed -n 's/.*programme manager:.*(.*, \(E[0-9]*\))$/\1/p' \
    "$work/demo.txt")
"$build/tandem" -d "$db" --as "$manager" match "$P" | head -2
"$build/tandem" -d "$db" --as "$manager" pair publish "$P" >/dev/null
sqlite3 "$db" "UPDATE pair SET state = 'accepted', mentor_answer =
    'accepted', mentee_answer = 'accepted'"
"$build/tandem" -d "$db" --as "$manager" programme start "$P" >/dev/null
# Ended tandems, spread over the programme: declined after both accepted,
# never proposed again.
sqlite3 "$db" "CREATE TEMP TABLE gone AS SELECT id FROM pair
    ORDER BY (id * 7919) % 100003 LIMIT $waiting;
    INSERT INTO pair_rejection (programme_id, mentor_id, mentee_id,
    rejected_by, rejected_at) SELECT programme_id, mentor_id, mentee_id,
    'bench', '2026-11-27T00:00:00Z' FROM pair WHERE id IN gone;
    UPDATE pair SET state = 'declined', decline_note = 'bench'
    WHERE id IN gone;"
"$build/tandem" -d "$db" --as "$manager" pair waiting "$P" >"$work/waiting"
echo "waiting: $(grep -c '	mentee	' "$work/waiting") mentees," \
    "$(grep -c '	mentor	' "$work/waiting") mentors"
cat "$db" >/dev/null
i=1
while [ "$i" -le "$runs" ]; do
	/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$build/tandem" \
	    -d "$db" --as "$manager" match --dry-run "$P" >"$work/match$i.txt"
	read -r secs user sys kb <"$work/time"
	printf 'run %d: %s s wall, %s s user + %s s system, peak RSS %s MB\n' \
	    "$i" "$secs" "$user" "$sys" "$((kb / 1024))"
	echo "$secs $user $sys" >>"$work/all"
	sed '2s/; computed in .*//' "$work/match$i.txt" >"$work/report$i.txt"
	cmp -s "$work/report1.txt" "$work/report$i.txt" ||
	    echo "run $i: the report differs from run 1"
	i=$((i + 1))
done
head -3 "$work/match1.txt"
echo "kept: $(grep -c '	kept$' "$work/match1.txt")," \
    "new: $(grep -c '^E.* -> .*focus [^	]*$' "$work/match1.txt")"
sort -n "$work/all" | awk -v n="$runs" '
	{ t[NR] = $1; c[NR] = $2 + $3 }
	END { printf "tandem match again, end to end, %d runs: median %s s " \
	    "wall, %.2f s CPU\n", n, t[int((n + 1) / 2)], c[int((n + 1) / 2)] }'

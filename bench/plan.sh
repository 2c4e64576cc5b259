#!/bin/sh
# The planner at scale (issue 12): PAIRS accepted pairs of 8 sessions
# every 14 days, MENTORS mentors sharing them.
# Usage: bench/plan.sh [MENTEES MENTORS]  (default 10000 2500: 4 mentees
# per mentor).  Environment: RUNS (default 3), BUILD (default build),
# TMPDIR.
#
# First build/bench/plan: the planner alone (planner.c's plan_run() on
# 10,000 pairs made in memory), the best of 5 runs.  Then end to end: a
# demo programme at that scale, matched by "tandem match" and published
# (not timed); every pair accepted and 8 sessions set with sqlite3 (the
# acceptances are not what is measured); then "tandem session plan" on
# a fresh copy of that database RUNS times: loading the pairs and
# everyone's sessions, planning, writing every session in one
# transaction.  Prints each run's wall and CPU (user + system) time and
# peak memory (GNU time's %e, %U, %S, %M) and the sessions planned.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
runs=${RUNS:-3}
mentees=${1:-10000}
mentors=${2:-2500}
capacity=$(( (mentees + mentors - 1) / mentors ))
work=$(mktemp -d "${TMPDIR:-/tmp}/tandem-plan.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
export TANDEM_NOW=2026-11-27

"$build/bench/plan" "$mentees" "$mentors"

echo "setting up: $mentees mentees, $mentors mentors of capacity $capacity"
"$build/tandem" -d "$work/base.db" demo --size $(( (mentees + mentors) * 4 )) \
    --mentees "$mentees" --mentors "$mentors" --capacity "$capacity" \
    >"$work/demo.txt"
manager=$(sed -n 's/.*programme manager:.*(.*, \(E[0-9]*\))$/\1/p' \
    "$work/demo.txt")
"$build/tandem" -d "$work/base.db" --as "$manager" match "Cap numérique" |
    head -1
"$build/tandem" -d "$work/base.db" --as "$manager" pair publish \
    "Cap numérique" >/dev/null
sqlite3 "$work/base.db" "UPDATE pair SET state = 'accepted' WHERE state =
    'published'; UPDATE programme SET session_count = 8"
i=1
while [ "$i" -le "$runs" ]; do
	cp "$work/base.db" "$work/run.db"
	cat "$work/run.db" >/dev/null
	/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$build/tandem" \
	    -d "$work/run.db" --as "$manager" session plan "Cap numérique" \
	    >"$work/plan.txt"
	read -r secs user sys kb <"$work/time"
	cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
	printf 'run %d: %s s wall, %s s CPU, peak RSS %s MB: %s; %s pairs short\n' \
	    "$i" "$secs" "$cpu" "$((kb / 1024))" "$(head -1 "$work/plan.txt")" \
	    "$(($(wc -l <"$work/plan.txt") - 1))"
	rm -f "$work/run.db" "$work/run.db-wal" "$work/run.db-shm"
	i=$((i + 1))
done

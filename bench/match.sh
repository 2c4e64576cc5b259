#!/bin/sh
# The matcher at scale: a demo programme of MENTEES mentees and MENTORS
# mentors of capacity CAPACITY, matched end to end by "tandem match".
# Usage: bench/match.sh [MENTEES MENTORS [CAPACITY [ROSTER]]]
# (default 10000 5000 2, a roster of 6 people per volunteer).
# Prints the wall time and peak memory of the match (computing and
# saving), the matcher's own "computed in", and the pairs it made.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
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
/usr/bin/time -f "%e %M" -o "$work/time" "$build/tandem" -d "$db" \
    --as "$manager" match --dry-run "Cap numérique" >"$work/match.txt"
read -r secs kb <"$work/time"
head -3 "$work/match.txt"
printf 'tandem match, end to end: %s s, peak RSS %s MB\n' "$secs" \
    "$((kb / 1024))"

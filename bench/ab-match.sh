#!/bin/sh
# Two builds of the matcher side by side, in one run: the same demo
# programme matched end to end ("tandem match --dry-run") by build A and
# build B in turn, ROUNDS times (A B A B ...), so that a load that comes
# and goes touches both alike.  Prints each run, the median wall and CPU
# time of each build, their ratios (B / A), and whether every report was
# the same, the time it took apart.
# Usage: bench/ab-match.sh BUILD_A BUILD_B [MENTEES MENTORS [CAPACITY]]
# (default 10000 5000 2).  Environment: ROUNDS (default 5), TMPDIR.
#
# For instance, the previous commit against the work tree:
#   git worktree add /tmp/base HEAD~1 && meson setup /tmp/base/build /tmp/base
#   ninja -C /tmp/base/build && bench/ab-match.sh /tmp/base/build build
set -eu
[ $# -ge 2 ] || { echo "usage: $0 BUILD_A BUILD_B [MENTEES MENTORS [CAPACITY]]" >&2; exit 2; }
a=$(cd "$1" && pwd)
b=$(cd "$2" && pwd)
mentees=${3:-10000}
mentors=${4:-5000}
capacity=${5:-2}
rounds=${ROUNDS:-5}
roster=$(( (mentees + mentors) * 4 ))
[ "$roster" -gt 900000 ] && roster=900000
work=$(mktemp -d "${TMPDIR:-/tmp}/tandem-ab.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
export TANDEM_NOW=2026-11-27
db=$work/match.db

echo "setting up with A: roster $roster, $mentees mentees, $mentors" \
    "mentors of capacity $capacity"
"$a/tandem" -d "$db" demo --size "$roster" --mentees "$mentees" \
    --mentors "$mentors" --capacity "$capacity" >"$work/demo.txt"
manager=$(sed -n 's/.*programme manager:.*(.*, \(E[0-9]*\))$/\1/p' \
    "$work/demo.txt")
cat "$db" >/dev/null

run() {	# run NAME BUILD ROUND
	/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$2/tandem" -d "$db" \
	    --as "$manager" match --dry-run "Cap numérique" >"$work/out"
	read -r wall user sys kb <"$work/time"
	cpu=$(echo "$user $sys" | awk '{ printf "%.2f", $1 + $2 }')
	printf 'round %d %s: %s s wall, %s s CPU, peak RSS %s MB\n' "$3" "$1" \
	    "$wall" "$cpu" "$((kb / 1024))"
	echo "$wall $cpu" >>"$work/$1.times"
	sed '2s/; computed in .*//' "$work/out" >"$work/$1.$3.txt"
	cmp -s "$work/A.1.txt" "$work/$1.$3.txt" ||
	    echo "round $3 $1: the report differs from A's first"
}

i=1
while [ "$i" -le "$rounds" ]; do
	run A "$a" "$i"
	run B "$b" "$i"
	i=$((i + 1))
done
head -2 "$work/A.1.txt"
median() {	# median FILE COLUMN
	sort -n -k "$2" "$1" | awk -v c="$2" '{ v[NR] = $c }
	    END { print v[int((NR + 1) / 2)] }'
}
aw=$(median "$work/A.times" 1); bw=$(median "$work/B.times" 1)
ac=$(median "$work/A.times" 2); bc=$(median "$work/B.times" 2)
echo "median of $rounds: A $aw s wall, $ac s CPU; B $bw s wall, $bc s CPU"
echo "$aw $bw $ac $bc" | awk '{ printf "B / A: wall %.3f, CPU %.3f\n", $2 / $1, $4 / $3 }'

#!/bin/sh
# The page-size benchmark of bench/README.md (issue 15, point 6).
#
# Usage: bench/pages.sh [SIZE...]
#
# For each SIZE (default: 20000 100000), makes "tandem demo --size SIZE"
# in a scratch directory, then runs bench/pages.py on it: the programme
# manager's programme page, homes, the directory, the coach's page and
# each list endpoint's first page (?limit=100), RUNS times each, their
# size and the server's time (its access log) at the median.  Exits 1
# when a goal is missed (200 KB, 50 ms), 2 when it cannot run.
#
# Environment: BUILD (default build), RUNS (21), TMPDIR (where the
# scratch directory goes), KEEP=1 keeps the databases.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
case $build in /*) ;; *) build=$top/$build ;; esac
runs=${RUNS:-21}
[ $# -gt 0 ] || set -- 20000 100000

if [ ! -x "$build/tandem" ]; then
	echo "bench: $build/tandem is missing; run \"make\" first" >&2
	exit 2
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/tandem-pages.XXXXXX")
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	[ "${KEEP:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

# The binary is copied, so that a rebuild during the run changes nothing.
cp "$build/tandem" "$work/tandem"
status=0
for size in "$@"; do
	db=$work/demo-$size.db
	start=$(date +%s)
	"$work/tandem" -d "$db" demo --size "$size" >"$work/demo-$size.txt"
	echo "tandem demo --size $size: $(($(date +%s) - start)) s"
	python3 "$top/bench/pages.py" "$work/tandem" "$db" "$runs" ||
	    status=$?
	echo
done
exit "$status"

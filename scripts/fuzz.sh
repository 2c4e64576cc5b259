#!/bin/sh
# Run the libFuzzer harnesses of tests/fuzz and keep what they find.
# Usage: scripts/fuzz.sh [SECONDS [NAME...]]
#        (default 60, csv import http json)
#
# Builds build-fuzz with clang, ASan and UBSan (the library instrumented
# for coverage too), then runs every fuzz-NAME at once for SECONDS
# seconds on a scratch copy of tests/fuzz/corpus/NAME, with the
# dictionary tests/fuzz/NAME.dict (csv.dict if there is none).  Crashes
# do not stop a run (fork mode); they are saved in build-fuzz/artifacts/.
# At the end each corpus is minimised with -merge=1 on edge coverage:
# hand-made seeds all stay, generated inputs only where they add an edge.
# It does not fix, minimise or triage crashes: see the printed artifact
# names.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
[ $# -gt 0 ] && shift
names=${*:-csv import http json}
build=$top/build-fuzz
art=$build/artifacts

if [ ! -f "$build/build.ninja" ]; then
	# b_sanitize gives ASan and UBSan everywhere; fuzzer-no-link adds
	# the coverage the fuzzer steers by, fno-sanitize-recover makes
	# undefined behaviour a crash rather than a message.
	cflags='-fsanitize=fuzzer-no-link -fno-sanitize-recover=all'
	CC=clang meson setup "$build" -Dfuzzing=true \
	    -Db_sanitize=address,undefined -Db_lundef=false \
	    -Dbuildtype=debugoptimized \
	    -Dc_args="$cflags -fno-omit-frame-pointer" \
	    -Dc_link_args='-fsanitize=fuzzer-no-link'
fi
# Only the fuzzers: the rest of the tree is built and tested elsewhere.
targets=
for name in $names; do
	targets="$targets tests/fuzz/fuzz-$name"
done
# shellcheck disable=SC2086
ninja -C "$build" $targets
mkdir -p "$art"

# run NAME: one fuzzer, in the background of the caller.
run() {
	name=$1
	corpus=$top/tests/fuzz/corpus/$name
	scratch=$build/scratch/$name
	rm -rf "$scratch"
	mkdir -p "$scratch"
	cp "$corpus"/* "$scratch"/
	maxlen=16384
	[ "$name" = import ] && maxlen=65536
	dict=$top/tests/fuzz/$name.dict
	[ -f "$dict" ] || dict=$top/tests/fuzz/csv.dict
	"$build/tests/fuzz/fuzz-$name" -fork=1 -ignore_crashes=1 \
	    -ignore_timeouts=1 -ignore_ooms=1 -max_total_time="$secs" \
	    -max_len=$maxlen -timeout=10 -rss_limit_mb=2048 \
	    -dict="$dict" \
	    -artifact_prefix="$art/$name-" "$scratch" \
	    >"$build/$name.log" 2>&1 || true
}

# merge NAME: hand-made seeds plus the generated inputs that add coverage.
merge() {
	name=$1
	corpus=$top/tests/fuzz/corpus/$name
	min=$build/merged/$name
	rm -rf "$min"
	mkdir -p "$min"
	for f in "$corpus"/*; do
		# Generated inputs are named by their SHA-1.
		basename "$f" | grep -Eqx '[0-9a-f]{40}' || cp "$f" "$min"/
	done
	"$build/tests/fuzz/fuzz-$name" -merge=1 -use_counters=0 -timeout=10 \
	    -rss_limit_mb=2048 -artifact_prefix="$art/$name-" \
	    "$min" "$corpus" "$build/scratch/$name" \
	    >"$build/$name-merge.log" 2>&1 || true
	# Refuse to replace the corpus with less than its seeds.
	if [ "$(ls "$min" | wc -l)" -ge "$(ls "$corpus" |
	    grep -Evxc '[0-9a-f]{40}')" ]; then
		rm -f "$corpus"/*
		cp "$min"/* "$corpus"/
	fi
}

echo "fuzzing $names for $secs seconds each, logs in $build/NAME.log"
for name in $names; do
	run "$name" &
done
wait
for name in $names; do
	merge "$name"
done

echo
printf '%-8s %12s %8s %8s %s\n' fuzzer executions corpus findings artifacts
status=0
for name in $names; do
	log=$build/$name.log
	execs=$(grep -Eo '^#[0-9]+' "$log" | tail -1 | tr -d '#')
	found=$(ls "$art" | grep -c "^$name-" || true)
	printf '%-8s %12s %8s %8s %s\n' "$name" "${execs:-?}" \
	    "$(ls "$top/tests/fuzz/corpus/$name" | wc -l)" "$found" \
	    "$art/$name-*"
	[ "$found" -eq 0 ] || status=1
done
exit $status

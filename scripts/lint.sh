#!/bin/sh
# Static analysis, as a test suite: cppcheck over the sources, then
# clang-tidy (.clang-tidy) on every C file with BUILD's
# compile_commands.json.  Prints TAP; each finding is a failure.
# Usage: scripts/lint.sh BUILD
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
n=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

if cppcheck --enable=warning,portability,performance --std=c11 \
    --inline-suppr --quiet --error-exitcode=1 -I "$top/include" \
    -I "$top/src/lib" -I "$top/src/web" --suppress=missingIncludeSystem \
    -D_DEFAULT_SOURCE \
    "$top/src/lib" "$top/src/cli" "$top/src/web" >"$out" 2>&1; then
	n=$((n + 1)); echo "ok $n - cppcheck"
else
	n=$((n + 1)); echo "not ok $n - cppcheck"
	sed 's/^/# /' "$out"
fi
for f in "$top"/src/lib/*.c "$top"/src/cli/*.c "$top"/src/web/*.c; do
	n=$((n + 1))
	name=${f#"$top"/}
	if clang-tidy -p "$build" --quiet "$f" >"$out" 2>/dev/null &&
	    ! grep -q 'error:\|warning:' "$out"; then
		echo "ok $n - clang-tidy $name"
	else
		echo "not ok $n - clang-tidy $name"
		grep 'error:\|warning:' "$out" | sed 's/^/# /'
	fi
done
echo "1..$n"

#!/bin/sh
# Install the Debian packages Tandem needs, only those missing.
# Usage: scripts/deps.sh [build|check|fuzz|demo|bench]
# Prints nothing when everything is there; needs root (or sudo) otherwise.
set -eu

build="gcc make pkg-config meson ninja-build python3 libsqlite3-dev libjansson-dev libsodium-dev libmicrohttpd-dev"
check="$build sqlite3 python3-icalendar cppcheck clang-tidy"
fuzz="$build clang libclang-rt-14-dev"
bench="$check time python3 wrk"

case "${1:-build}" in
build|demo) want=$build ;;
check) want=$check ;;
fuzz) want=$fuzz ;;
bench) want=$bench ;;
*) echo "usage: $0 [build|check|fuzz|demo|bench]" >&2; exit 2 ;;
esac

missing=
for p in $want; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
	    grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "installing:$missing" >&2
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >&2

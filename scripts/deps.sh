#!/bin/sh
# Install the Debian packages Tandem needs, only those missing.
# Usage: scripts/deps.sh [build|check|fuzz|demo|bench]
# Prints nothing when everything is there; needs root (or sudo) otherwise.
# For check, also the browser tests' playwright-core, which drives
# Debian's chromium, and axe-core, the accessibility checker (npm, from
# tests/browser/package-lock.json).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)

build="gcc make pkg-config meson ninja-build python3 libsqlite3-dev libjansson-dev libsodium-dev libmicrohttpd-dev"
# E-mail (SMTP delivery) and the company sign-in (OpenID Connect's HTTP
# and JOSE): libcurl and cjose.  The checks add a real SMTP server, the
# openssl command for the test certificates and keys, and GLPK for the
# reports' disclosure audit.
build="$build libcurl4-openssl-dev libcjose-dev"
# The PostgreSQL store (issue 18): libpq to build; the server's binaries
# (initdb, pg_ctl) for the tests' throwaway cluster (tests/cli/pg.sh).
build="$build libpq-dev"
check="$build sqlite3 python3-icalendar cppcheck clang-tidy chromium valgrind"
check="$check openssl python3-aiosmtpd glpk-utils"
# The message catalogue's lint test (issue 15): xgettext and msgfmt.
check="$check gettext"
check="$check postgresql"
# Two servers behind a load balancer (issue 18, helper "pgmulti"):
# tests/cli/t0089 starts nginx with a configuration of its own.
check="$check nginx"
fuzz="$build clang libclang-rt-14-dev"
bench="$check time python3 wrk"
# The solver's anchors (bench/lap.py --anchors): scipy, POT, LEMON.
bench="$bench python3-numpy python3-scipy python3-pot liblemon-dev g++"

case "${1:-build}" in
build|demo) want=$build ;;
check) want=$check ;;
fuzz) want=$fuzz ;;
bench) want=$bench ;;
*) echo "usage: $0 [build|check|fuzz|demo|bench]" >&2; exit 2 ;;
esac

missing=
# Node.js may come from Debian or from elsewhere (NodeSource bundles
# npm): only a machine without npm gets Debian's.
if [ "${1:-build}" = check ] && ! command -v npm >/dev/null 2>&1; then
	want="$want nodejs npm"
fi
for p in $want; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
	    grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done
browser() {
	[ "${1:-build}" = check ] || return 0
	[ -d "$top/tests/browser/node_modules/playwright-core" ] &&
	    [ -d "$top/tests/browser/node_modules/axe-core" ] &&
	    [ -d "$top/tests/browser/node_modules/oidc-provider" ] && return 0
	echo "installing: playwright-core, axe-core, oidc-provider" \
	    "(npm ci in tests/browser)" >&2
	(cd "$top/tests/browser" && npm ci --no-audit --no-fund >&2)
}
if [ -z "$missing" ]; then
	browser "$@"
	exit 0
fi

echo "installing:$missing" >&2
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >&2
browser "$@"

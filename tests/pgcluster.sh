#!/bin/sh
# A throwaway PostgreSQL cluster for a whole test run (issue 18): the
# suites "pg-cli", "pg-golden", "pg-api" and "pg-browser" run the same
# tests against PostgreSQL, each test in a database of its own in this
# one cluster (tests/testdb.sh).  tests/run starts it before "meson
# test" and stops it afterwards; a pg-* test run without it starts a
# cluster of its own.
#
#   tests/pgcluster.sh start       start one; prints its directory (the
#                                  Unix socket's), exits 1 when it cannot
#                                  (the reason on stderr), 77 when
#                                  PostgreSQL's binaries are absent
#   tests/pgcluster.sh stop DIR    stop it and remove DIR
#
# It runs initdb and pg_ctl of Debian's postgresql package in a
# temporary directory, listening on a Unix socket there only (no TCP
# port, no service of the machine).  PostgreSQL refuses to run as root:
# as root the cluster runs as the postgres user the package creates.
set -u
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

pg_as() {
	if [ "$(id -u)" = 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

case ${1:-} in
start)
	if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ] ||
	    [ ! -x "$pg_bin/pg_ctl" ]; then
		echo "PostgreSQL's binaries are absent (scripts/deps.sh check installs them)" >&2
		exit 77
	fi
	if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
		echo "run as root and no postgres user to run PostgreSQL as" >&2
		exit 77
	fi
	dir=$(mktemp -d "${TMPDIR:-/tmp}/tandem-pg.XXXXXX") || exit 1
	[ "$(id -u)" = 0 ] && chown postgres "$dir"
	# C collation: ORDER BY compares bytes, as SQLite does.
	if ! pg_as "$pg_bin/initdb" -D "$dir/data" -U postgres -A trust \
	    -E UTF8 --locale=C >"$dir/initdb.log" 2>&1; then
		echo "initdb failed: $(tail -3 "$dir/initdb.log")" >&2
		rm -rf "$dir"
		exit 1
	fi
	# A throwaway cluster: no durability wanted, speed is.  Every test
	# of a parallel run holds a few connections (a server's threads).
	if ! pg_as "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
	    -o "-k $dir -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
	    start >/dev/null 2>&1; then
		echo "PostgreSQL did not start: $(tail -3 "$dir/log")" >&2
		rm -rf "$dir"
		exit 1
	fi
	echo "$dir"
	;;
stop)
	dir=${2:?usage: tests/pgcluster.sh stop DIR}
	if [ -f "$dir/data/postmaster.pid" ]; then
		pg_as "$pg_bin/pg_ctl" -D "$dir/data" -m immediate stop \
		    >/dev/null 2>&1
	fi
	rm -rf "$dir"
	;;
*)
	echo "usage: tests/pgcluster.sh start | stop DIR" >&2
	exit 2
	;;
esac

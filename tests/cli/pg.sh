# A throwaway PostgreSQL cluster for the tests of the PostgreSQL store
# (issue 18): source it after lib.sh, then call pg_start.  It runs
# initdb and pg_ctl from Debian's postgresql package in a temporary
# directory, listening on a Unix socket there only (no TCP port, no
# service of the machine), and stops and removes it on exit.  PostgreSQL
# refuses to run as root: as root the cluster runs as the postgres user
# the package creates.  Without the binaries the test SKIPs (TAP), which
# scripts/deps.sh check prevents on CI by installing them.
#
#   pg_start             start the cluster (or skip the whole test)
#   pg_db NAME           create database NAME; sets $PGDB, its libpq
#                        connection string for tandem -d
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
pgdir=

pg_as() {
	if [ "$(id -u)" = 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

pg_stop() {
	if [ -n "$pgdir" ] && [ -f "$pgdir/data/postmaster.pid" ]; then
		pg_as "$pg_bin/pg_ctl" -D "$pgdir/data" -m immediate stop \
		    >/dev/null 2>&1
	fi
	[ -n "$pgdir" ] && rm -rf "$pgdir"
	rm -rf "$scratch"
}

pg_start() {
	if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ] ||
	    [ ! -x "$pg_bin/pg_ctl" ]; then
		echo "1..0 # SKIP PostgreSQL's binaries are absent (scripts/deps.sh check installs them)"
		exit 0
	fi
	if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
		echo "1..0 # SKIP run as root and no postgres user to run PostgreSQL as"
		exit 0
	fi
	pgdir=$(mktemp -d)
	trap pg_stop EXIT
	[ "$(id -u)" = 0 ] && chown postgres "$pgdir"
	# C collation: ORDER BY compares bytes, as SQLite does.
	if ! pg_as "$pg_bin/initdb" -D "$pgdir/data" -U postgres -A trust \
	    -E UTF8 --locale=C >"$pgdir/initdb.log" 2>&1; then
		echo "Bail out! initdb failed: $(tail -3 "$pgdir/initdb.log")"
		exit 1
	fi
	# A throwaway cluster: no durability wanted, speed is.
	if ! pg_as "$pg_bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
	    -o "-k $pgdir -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
	    start >/dev/null 2>&1; then
		echo "Bail out! PostgreSQL did not start: $(tail -3 "$pgdir/log")"
		exit 1
	fi
}

pg_db() {
	pg_as "$pg_bin/psql" -h "$pgdir" -U postgres -d postgres -qAt \
	    -c "CREATE DATABASE \"$1\"" >/dev/null
	PGDB="host=$pgdir user=postgres dbname=$1"
}

# shellcheck shell=sh disable=SC2034 # pgdb and pg_dir are for the sourcing script
# A throwaway PostgreSQL cluster for the benchmarks that run on
# PostgreSQL (acts.sh, http-pg.sh, match.sh, migrate.sh), sourced by
# them.  As tests/pgcluster.sh does for the tests: initdb and pg_ctl of
# Debian's postgresql package in a directory of the benchmark's scratch,
# listening on a Unix socket there only, as the postgres user when run
# as root (PostgreSQL refuses root).  Unlike the tests' cluster, it
# keeps PostgreSQL's defaults (fsync and synchronous_commit on) unless
# the benchmark passes other settings: what a company's server does.
#
#   pg_start DIR [-c NAME=VALUE]...   initdb in DIR/data, start it with
#                                     these settings, create the database
#                                     "tandem"; sets pg_dir and pgdb (its
#                                     connection string)
#   pg_stop                           stop it at once (for an EXIT trap)
#   psql ARG...                       psql on it, unaligned and quiet
#   as_pg COMMAND...                  COMMAND as the cluster's owner
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
pg_dir=
pgdb=

as_pg() {
	if [ "$(id -u)" = 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

pg_start() {
	if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
		echo "bench: PostgreSQL's binaries are missing" \
		    "(\"scripts/deps.sh bench\")" >&2
		exit 2
	fi
	pg_dir=$1
	shift
	[ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
	as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust \
	    -E UTF8 --locale=C >/dev/null
	as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/pg.log" -w \
	    -o "-k $pg_dir -c listen_addresses= $*" start >/dev/null
	psql -d postgres -c "CREATE DATABASE tandem"
	pgdb="host=$pg_dir user=postgres dbname=tandem"
}

pg_stop() {
	[ -n "$pg_dir" ] && [ -f "$pg_dir/data/postmaster.pid" ] &&
	    as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop \
	    >/dev/null 2>&1
	:
}

psql() {
	"$pg_bin/psql" -h "$pg_dir" -U postgres -qAtX "$@"
}

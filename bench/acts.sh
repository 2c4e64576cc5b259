#!/bin/sh
# Session acts on the demo, on both engines side by side (issue 18): the
# time of ACTS "tandem session move" commands, each a process of its
# own (start, open the store, the act, its outbox hook, the commit),
# on the demo organisation on SQLite and on a PostgreSQL copy of it.
#
# Usage: bench/acts.sh [BUILD...]   (default: build)
#
# Each build given runs the same acts on its own copies of one demo, so
# that two builds (before and after a change) compare in one run.  The
# demo is made once on SQLite with TANDEM_NOW=2026-11-27 (not timed) and
# copied into a throwaway PostgreSQL cluster with "tandem migrate --to"
# (fsync on, PostgreSQL's defaults, a Unix socket, as the postgres user
# when run as root).  The acts run AFTER seconds later (TANDEM_NOW fixed
# again, so every build sees the same clock): by default 60, when the
# sessions the demo's own acts changed are still in the outbox hook's
# two-minute window, as after any busy minute; with AFTER=3600 only the
# acts' own are.  They move each future planned
# session of the running programme a week later, then back, until ACTS
# acts are done.  Prints, per build and engine, the acts that
# succeeded; per act, the wall time, the CPU time of the tandem process
# (steadier than the wall time on a shared machine) and, on PostgreSQL,
# the statements the server ran and their time there
# (pg_stat_statements): the medians of RUNS runs, each on fresh copies,
# the builds interleaved; and the messages the acts queued with a
# digest of them, which must be the same for every build.
#
# Environment: ACTS (50), RUNS (3), AFTER (60), TMPDIR.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
acts=${ACTS:-50}
runs=${RUNS:-3}
. "$top/bench/pg.sh"
[ $# -gt 0 ] || set -- build
for b in "$@"; do
	case $b in /*) ;; *) b=$top/$b ;; esac
	if [ ! -x "$b/tandem" ]; then
		echo "bench: $b/tandem is missing" >&2
		exit 2
	fi
done
work=$(mktemp -d "${TMPDIR:-/tmp}/tandem-acts.XXXXXX")
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	pg_stop
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 2' INT TERM
pg_start "$work" -c shared_preload_libraries=pg_stat_statements

first=$1
case $first in /*) ;; *) first=$top/$first ;; esac
TANDEM_NOW=2026-11-27 "$first/tandem" -d "$work/demo.db" demo >/dev/null
TANDEM_NOW=$(date -u -d "@$(($(date -u -d 2026-11-27 +%s) + ${AFTER:-60}))" \
    +%Y-%m-%dT%H:%M:%SZ)
export TANDEM_NOW

# The acts: "SESSION DATE TIME" lines, Paris time, a week later then
# back, for the future planned sessions of the running programme.
sqlite3 "$work/demo.db" "SELECT s.id, s.start_at FROM session s
    JOIN programme p ON p.id = s.programme_id
    WHERE p.state = 'running' AND s.state = 'planned'
    AND s.start_at > '2026-11-28' ORDER BY s.id" |
while IFS='|' read -r id at; do
	t=$(date -u -d "$at" +%s)
	echo "$id $(TZ=Europe/Paris date -d "@$((t + 7 * 86400))" '+%Y-%m-%d %H:%M')"
	echo "$id $(TZ=Europe/Paris date -d "@$t" '+%Y-%m-%d %H:%M')"
done >"$work/pairs"
i=0
: >"$work/acts"
while [ "$i" -lt "$acts" ]; do
	cat "$work/pairs"
	i=$((i + $(wc -l <"$work/pairs")))
done | head -n "$acts" >"$work/acts"
mgr=$(sqlite3 "$work/demo.db" "SELECT created_by FROM programme
    WHERE state = 'running'")

# count ENGINE DB: the rows of DB's outbox.
count() {
	if [ "$1" = sqlite ]; then
		sqlite3 "$2" "SELECT count(*) FROM outbox"
	else
		psql -d run -c "SELECT count(*) FROM outbox"
	fi
}

# digest ENGINE DB: a digest of the messages the acts queued (the
# demo's are older): their keys, Message-IDs, recipients and contents.
digest() {
	q="SELECT dedup, msgid, kind, rcpt_addr, lang, vars,
	    COALESCE(ical, '') FROM outbox WHERE created_at = '$TANDEM_NOW'
	    ORDER BY dedup"
	if [ "$1" = sqlite ]; then
		sqlite3 "$2" "$q"
	else
		psql -d run -c "$q"
	fi | sha256sum | cut -c1-12
}

# run BUILD DB: the acts on DB; prints "seconds ok cpu": the wall time,
# the acts that succeeded, and the CPU seconds of the tandem processes.
run() {
	ok=0
	: >"$work/cpu"
	start=$(date +%s.%N)
	while read -r id day hm; do
		if /usr/bin/time -a -o "$work/cpu" -f "%U %S" \
		    "$1/tandem" -d "$2" --as "$mgr" session move \
		    --at "$day $hm" "$id" >/dev/null 2>>"$work/errors"; then
			ok=$((ok + 1))
		fi
	done <"$work/acts"
	end=$(date +%s.%N)
	echo "$(echo "$end - $start" | bc) $ok" \
	    "$(awk '{ s += $1 + $2 } END { printf "%.2f", s }' "$work/cpu")"
}

# statements: the statements PostgreSQL ran for database "run" since
# the last reset, and their time in the server, in ms.
statements() {
	psql -d run -c "SELECT sum(s.calls), round(sum(s.total_exec_time))
	    FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
	    WHERE d.datname = 'run'" | tr '|' ' '
}

# Run r of every build and engine one after the other, so that a
# machine whose load changes weighs on every build alike.
n=0
for b in "$@"; do
	n=$((n + 1))
	for engine in sqlite pg; do
		: >"$work/times.$n.$engine"
	done
done
r=0
while [ "$r" -lt "$runs" ]; do
	r=$((r + 1))
	for engine in sqlite pg; do
		n=0
		for b in "$@"; do
			n=$((n + 1))
			case $b in /*) ;; *) b=$top/$b ;; esac
			if [ "$engine" = sqlite ]; then
				cp "$work/demo.db" "$work/run.db"
				db=$work/run.db
			else
				psql -d postgres -c "DROP DATABASE IF EXISTS run" \
				    -c "CREATE DATABASE run" 2>/dev/null
				db="host=$work user=postgres dbname=run"
				"$first/tandem" -d "$work/demo.db" migrate \
				    --to "$db" >/dev/null
			fi
			before=$(count "$engine" "$db")
			stmts="- -"
			if [ "$engine" = pg ]; then
				psql -d run -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" \
				    -c "SELECT pg_stat_statements_reset()" >/dev/null
			fi
			res=$(run "$b" "$db")
			[ "$engine" = pg ] && stmts=$(statements)
			echo "$res $stmts $(($(count "$engine" "$db") - before))" \
			    "$(digest "$engine" "$db")" >>"$work/times.$n.$engine"
		done
	done
done

# One line a build and engine: the medians of the runs (wall and CPU
# per act; statements and their server time per act on PostgreSQL), and
# what every run gave (acts done; messages queued and their digest).
med() {
	sort -n | sed -n "$(((runs + 1) / 2))p"
}
printf '%-28s %-6s %4s %8s %8s %7s %8s  %s\n' build engine ok "wall ms" \
    "cpu ms" stmts "pg ms" "queued, digest"
n=0
for b in "$@"; do
	n=$((n + 1))
	case $b in /*) ;; *) b=$top/$b ;; esac
	for engine in sqlite pg; do
		f=$work/times.$n.$engine
		wall=$(cut -d' ' -f1 "$f" | med)
		cpu=$(cut -d' ' -f3 "$f" | med)
		st=$(cut -d' ' -f4 "$f" | med)
		pgms=$(cut -d' ' -f5 "$f" | med)
		ok=$(cut -d' ' -f2 "$f" | sort -u | tr '\n' ' ')
		queued=$(cut -d' ' -f6,7 "$f" | sort -u | tr '\n' ' ')
		per() { [ "$1" = - ] && echo - ||
		    echo "$1 * 1000 / $acts" | bc -l | xargs printf '%.1f'; }
		perq() { [ "$1" = - ] && echo - ||
		    echo "$1 / $acts" | bc -l | xargs printf '%.1f'; }
		printf '%-28s %-6s %4s %8s %8s %7s %8s  %s\n' \
		    "$(basename "$(dirname "$b")")/$(basename "$b")" "$engine" \
		    "${ok% }" "$(per "$wall")" "$(per "$cpu")" "$(perq "$st")" \
		    "$(perq "$pgms")" "${queued% }"
	done
done
if [ -s "$work/errors" ]; then
	echo "refused acts, all runs:"
	sort "$work/errors" | uniq -c | sed 's/^/  /'
fi

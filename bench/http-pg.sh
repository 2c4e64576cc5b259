#!/bin/sh
# The HTTP read and write tests of bench/http.sh on both engines side by
# side, in one run (issue 18): one "tandem serve" on SQLite, and two on
# one PostgreSQL database behind Debian's nginx as the load balancer.
#
# Usage: bench/http-pg.sh
#
# Makes the demo organisation on SQLite, copies it into a throwaway
# PostgreSQL cluster ("tandem migrate --to", so both engines hold the
# same rows), starts the three servers and nginx on free ports of
# 127.0.0.1, signs in as the demo's manager on each side (the PostgreSQL
# session through nginx, valid on both servers), then runs wrk with
# bench/http.lua against the SQLite server, then against nginx:
#
#   read    GET /api/programmes/1, $CONNECTIONS connections, $HTTP_SECONDS s
#   write   PUT /api/me/lang, {"lang":"fr"} and {"lang":"en"} in turn
#
# The cluster is PostgreSQL's defaults (fsync on, synchronous_commit on),
# on a Unix socket in the scratch directory, as the postgres user when
# run as root; SQLite runs with synchronous = FULL, as always.  It
# prints one table and whether the goals of issue 18 are met on
# PostgreSQL: reads at least 5,000 requests/s, writes' p99 under 100 ms,
# no error (an answer that is not 2xx, or a socket error).  Exits 1 when
# a goal is missed, 2 when the benchmark cannot run.  wrk, nginx, the
# servers and PostgreSQL share the machine's cores.  Beside each test,
# the processor time a request cost the servers, PostgreSQL and nginx
# (/proc, before and after), steadier than the rate on a shared
# machine; last, the floor: pgbench -S on the same cluster, PostgreSQL
# alone with as many clients as the servers hold connections.
#
# Environment: BUILD (default build), HTTP_SECONDS (30), CONNECTIONS
# (64), WRK_THREADS (2), SERVE_THREADS (each server's default), TMPDIR.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
case $build in /*) ;; *) build=$top/$build ;; esac
secs=${HTTP_SECONDS:-30}
conns=${CONNECTIONS:-64}
wrk_threads=${WRK_THREADS:-2}
lua=$top/bench/http.lua
. "$top/bench/pg.sh"
nginx=$(command -v nginx || echo /usr/sbin/nginx)

if [ ! -x "$build/tandem" ]; then
	echo "bench: $build/tandem is missing; run \"make\" first" >&2
	exit 2
fi
for tool in wrk curl python3 "$nginx" "$pg_bin/initdb"; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "bench: $tool is missing (\"scripts/deps.sh bench\")" >&2
		exit 2
	fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/tandem-http-pg.XXXXXX")
pids=
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	for p in $pids; do
		kill -KILL "$p" 2>/dev/null || :
	done
	pg_stop
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

cp "$build/tandem" "$work/tandem"
tandem=$work/tandem

pg_start "$work" -c max_connections=200

"$tandem" -d "$work/demo.db" demo >"$work/demo.txt"
email=$(sed -n 's/^  manager  *\([^ ]*@[^ ]*\) .*/\1/p' "$work/demo.txt")
"$tandem" -d "$work/demo.db" migrate --to "$pgdb" >"$work/migrate.txt"

free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}
# No courier: the demo's queued e-mails delivered at start would hold
# the writer's turn while the servers are signed in and measured.
export TANDEM_MAIL_INTERVAL=0
serve_threads=
[ -n "${SERVE_THREADS:-}" ] && serve_threads="--threads $SERVE_THREADS"
# serve DB PORT: a server in the background.
serve() {
	# shellcheck disable=SC2086
	"$tandem" -d "$1" serve --listen "127.0.0.1:$2" --quiet \
	    $serve_threads 2>>"$work/serve-$2.err" &
	pids="$pids $!"
}
ready() {
	i=0
	while [ "$(curl -s -o /dev/null -w '%{http_code}' \
	    "http://127.0.0.1:$1/api/me")" != 401 ]; do
		i=$((i + 1))
		if [ "$i" -gt 600 ]; then
			echo "bench: nothing answers on port $1:" >&2
			cat "$work"/serve-*.err >&2
			exit 2
		fi
		sleep 0.1
	done
}
S=$(free_port)
A=$(free_port)
B=$(free_port)
LB=$(free_port)
serve "$work/demo.db" "$S"
spid=$!
serve "$pgdb" "$A"
apid=$!
serve "$pgdb" "$B"
bpid=$!
mkdir "$work/nginx"
cat >"$work/nginx/nginx.conf" <<CONF
daemon off;
master_process off;
worker_rlimit_nofile 4096;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 2048; }
http {
	access_log off;
	client_body_temp_path $work/nginx/body;
	proxy_temp_path $work/nginx/proxy;
	fastcgi_temp_path $work/nginx/fastcgi;
	uwsgi_temp_path $work/nginx/uwsgi;
	scgi_temp_path $work/nginx/scgi;
	upstream tandem {
		server 127.0.0.1:$A;
		server 127.0.0.1:$B;
		keepalive 64;
	}
	server {
		listen 127.0.0.1:$LB;
		location / {
			proxy_pass http://tandem;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header X-Real-IP \$remote_addr;
			proxy_next_upstream error timeout;
		}
	}
}
CONF
"$nginx" -p "$work/nginx" -c "$work/nginx/nginx.conf" \
    -e "$work/nginx/error.log" 2>"$work/nginx/start.log" &
npid=$!
pids="$pids $npid"
for p in $S $A $B $LB; do
	ready "$p"
done

# signin PORT NAME: sign in as the manager; NAME.env holds the cookie
# and CSRF token for wrk.  A busy database (503) is tried again.
signin() {
	tries=0
	while :; do
		code=$(curl -s -o "$work/$2.json" -w '%{http_code}' \
		    -c "$work/$2.jar" -H 'Content-Type: application/json' \
		    -d "{\"email\":\"$email\",\"password\":\"tandem-demo-12\"}" \
		    "http://127.0.0.1:$1/api/login")
		tries=$((tries + 1))
		[ "$code" = 503 ] && [ "$tries" -lt 5 ] || break
		sleep 1
	done
	csrf=$(sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p' "$work/$2.json")
	session=$(awk '$6 == "tandem_session" { print $7 }' "$work/$2.jar")
	if [ "$code" != 200 ] || [ -z "$csrf" ] || [ -z "$session" ]; then
		echo "bench: signing in as $email on port $1 failed ($code):" >&2
		cat "$work/$2.json" "$work"/serve-*.err >&2
		exit 2
	fi
	echo "$session $csrf" >"$work/$2.env"
}
signin "$S" sqlite
signin "$LB" pg

# ticks PID...: the processor time the processes have used, in clock
# ticks (user and system, with their children that ended).
ticks() {
	for p in "$@"; do
		cat "/proc/$p/stat" 2>/dev/null || :
	done | awk '{ t += $14 + $15 + $16 + $17 } END { print t + 0 }'
}
# The PostgreSQL server's processes: the postmaster and its children
# (a backend per connection, the WAL writer, the checkpointer, ...).
pg_pids() {
	pm=$(head -n 1 "$pg_dir/data/postmaster.pid")
	echo "$pm" $(pgrep -P "$pm")
}

# load ENGINE PORT TEST WRITE_EVERY: wrk into $work/ENGINE-TEST.out,
# and the processor time per request of the servers and of PostgreSQL
# and nginx into $work/ENGINE-TEST.cpu ("tandem pg nginx" microseconds;
# steadier than requests a second on a shared machine).
# shellcheck disable=SC2046,SC2086 # lists of pids, split on purpose
load() {
	read -r TANDEM_SESSION TANDEM_CSRF <"$work/$1.env"
	export TANDEM_SESSION TANDEM_CSRF
	if [ "$1" = sqlite ]; then
		servers=$spid
		others=
	else
		servers="$apid $bpid"
		others=$npid
	fi
	t0=$(ticks $servers)
	p0=$(ticks $(pg_pids))
	n0=$(ticks $others)
	WRITE_EVERY=$4 wrk -t "$wrk_threads" -c "$conns" -d "${secs}s" \
	    --latency -s "$lua" "http://127.0.0.1:$2/api/programmes/1" \
	    >"$work/$1-$3.out" 2>&1 || :
	if ! grep -q '^result ' "$work/$1-$3.out"; then
		echo "bench: wrk failed ($1 $3):" >&2
		cat "$work/$1-$3.out" >&2
		exit 2
	fi
	[ "$1" = sqlite ] && p0=$(ticks $(pg_pids))
	awk -v t=$(($(ticks $servers) - t0)) -v p=$(($(ticks $(pg_pids)) - p0)) \
	    -v n=$(($(ticks $others) - n0)) -v hz="$(getconf CLK_TCK)" \
	    -v req="$(field "$1-$3" requests)" 'BEGIN {
		printf "%.0f %.0f %.0f\n", t * 1e6 / hz / req,
		    p * 1e6 / hz / req, n * 1e6 / hz / req }' >"$work/$1-$3.cpu"
}
field() {
	sed -n 's/^result //p' "$work/$1.out" | tr ' ' '\n' |
	    sed -n "s/^$2=//p"
}
errors() {
	echo $(($(field "$1" non2xx) + $(field "$1" connect) + \
	    $(field "$1" read) + $(field "$1" write) + $(field "$1" timeout)))
}

load0=$(cut -d ' ' -f 1 /proc/loadavg)
load sqlite "$S" read 0
load sqlite "$S" write 1
load pg "$LB" read 0
load pg "$LB" write 1

# The floor: PostgreSQL alone on the same cluster, pgbench's select-only
# test (one primary-key SELECT a transaction, prepared), with as many
# clients as the two servers hold connections and pgbench on the same
# cores: what the database does here with no HTTP, no nginx, no Tandem.
pgb_clients=$(sed -n 's/.* with \([0-9]*\) threads.*/\1/p' \
    "$work/serve-$A.err" | head -n 1)
pgb_clients=$((${pgb_clients:-8} * 2))
# shellcheck disable=SC2046 # a list of pids, split on purpose
floor() {
	psql -d postgres -c "CREATE DATABASE pgbench"
	"$pg_bin/pgbench" -h "$pg_dir" -U postgres -i -s 1 -q pgbench \
	    >"$work/pgbench-init.out" 2>&1
	p0=$(ticks $(pg_pids))
	"$pg_bin/pgbench" -h "$pg_dir" -U postgres -n -S -M prepared \
	    -c "$pgb_clients" -j "$wrk_threads" -T "$secs" pgbench \
	    >"$work/pgbench.out" 2>&1 || :
	pgb_tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$work/pgbench.out")
	pgb_n=$(awk '/^number of transactions actually processed:/ {
		print $6 + 0 }' "$work/pgbench.out")
	pgb_us=$(awk -v p=$(($(ticks $(pg_pids)) - p0)) -v n="${pgb_n:-0}" \
	    -v hz="$(getconf CLK_TCK)" 'BEGIN { if (n > 0)
		printf "%.0f", p * 1e6 / hz / n; else print "-" }')
}
floor

echo "SQLite:     one tandem serve on the demo's file"
echo "PostgreSQL: two tandem serve on one database ($("$pg_bin/postgres" \
    --version | sed 's/.* //'), nginx in front; the same rows (migrate --to)"
echo "client:     wrk, $wrk_threads threads, $conns connections, $secs s a" \
    "test, on the same machine"
echo "machine:    $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' \
    /proc/cpuinfo | head -n 1); load average $load0 at the start," \
    "$(cut -d ' ' -f 1 /proc/loadavg) at the end"
echo
printf '%-11s %-6s %10s %9s %9s %9s %7s   %s\n' engine test req/s "p50 ms" \
    "p99 ms" "max ms" errors "CPU us/request: tandem, postgres, nginx"
for e in sqlite pg; do
	for t in read write; do
		printf '%-11s %-6s %10.0f %9.2f %9.2f %9.2f %7d   %s\n' "$e" \
		    "$t" "$(field "$e-$t" rps)" "$(field "$e-$t" p50)" \
		    "$(field "$e-$t" p99)" "$(field "$e-$t" max)" \
		    "$(errors "$e-$t")" "$(cat "$work/$e-$t.cpu")"
	done
done
echo "PostgreSQL alone: pgbench -S -M prepared, $pgb_clients clients," \
    "$secs s: $(printf %.0f "${pgb_tps:-0}") transactions/s," \
    "$pgb_us us of PostgreSQL's CPU each"

awk -v a="$(field pg-read rps)" -v b="$(field sqlite-read rps)" \
    -v c="$(field pg-write p99)" -v d="$(field sqlite-write p99)" 'BEGIN {
	printf "PostgreSQL / SQLite: reads %.2f x the rate, writes %.2f x " \
	    "the p99\n", a / b, c / d }'
echo

missed=0
goal() {
	if [ "$2" = 1 ]; then
		printf '%-48s met\n' "$1"
	else
		printf '%-48s MISSED\n' "$1"
		missed=1
	fi
}
goal "PostgreSQL read: at least 5,000 requests/s" \
    "$(awk -v r="$(field pg-read rps)" 'BEGIN { print (r >= 5000) }')"
goal "PostgreSQL write: p99 under 100 ms" \
    "$(awk -v p="$(field pg-write p99)" 'BEGIN { print (p < 100) }')"
for n in sqlite-read sqlite-write pg-read pg-write; do
	goal "$n: no error" "$([ "$(errors "$n")" = 0 ] && echo 1)"
done
exit "$missed"

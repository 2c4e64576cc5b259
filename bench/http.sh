#!/bin/sh
# The HTTP load benchmark of bench/README.md: "tandem serve" under wrk.
#
# Usage: bench/http.sh
#
# Makes the demo organisation ("tandem demo") in a scratch directory,
# starts "tandem serve --quiet" on a free port of 127.0.0.1, signs in as
# the demo's programme manager (POST /api/login: the session cookie and
# the CSRF token), then runs wrk with bench/http.lua, which counts every
# answer that is not 2xx, by status:
#
#   read        GET /api/programmes/1, $CONNECTIONS connections,
#               $HTTP_SECONDS seconds
#   write       PUT /api/me/lang, {"lang":"fr"} and {"lang":"en"} in
#               turn, with the cookie and X-CSRF-Token, the same
#   keep-alive  the read on $KEEPALIVE_CONNECTIONS connections held open
#               for $KEEPALIVE_SECONDS seconds
#   soak        the read with one write in ten, $CONNECTIONS connections,
#               $SOAK_SECONDS seconds, the server's VmRSS sampled every
#               10 seconds while wrk runs (into $RSS_LOG too, when set)
#
# all against the same server, which is then stopped with SIGTERM and
# must exit 0.  It prints one table and whether each goal is met: reads
# at least 10,000 requests/s, writes' p99 under 100 ms, no error in any
# test (an answer that is not 2xx, or a socket error: connect, read,
# write, or no answer within wrk's 2 s), the keep-alive connections all
# open at once, RSS growing less than 10% over the soak after its first
# $SOAK_WARMUP seconds.  Exits 1 when a goal is missed, 2 when the
# benchmark itself cannot run.  wrk runs on the same machine as the
# server, so the two share its cores.
#
# Environment: BUILD (default build), HTTP_SECONDS (30), KEEPALIVE_SECONDS
# (60), SOAK_SECONDS (600), SOAK_WARMUP (60), CONNECTIONS (64),
# KEEPALIVE_CONNECTIONS (1000), WRK_THREADS (2), SERVE_THREADS (the
# server's default, twice the cores), TMPDIR (where the scratch
# directory goes), RSS_LOG (a file for the soak's "seconds kilobytes"
# samples).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
case $build in /*) ;; *) build=$top/$build ;; esac
http_seconds=${HTTP_SECONDS:-30}
keepalive_seconds=${KEEPALIVE_SECONDS:-60}
soak_seconds=${SOAK_SECONDS:-600}
soak_warmup=${SOAK_WARMUP:-60}
conns=${CONNECTIONS:-64}
keepalive_conns=${KEEPALIVE_CONNECTIONS:-1000}
wrk_threads=${WRK_THREADS:-2}
lua=$top/bench/http.lua

if [ ! -x "$build/tandem" ]; then
	echo "bench: $build/tandem is missing; run \"make\" first" >&2
	exit 2
fi
for tool in wrk curl python3 ss; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "bench: $tool is missing (\"scripts/deps.sh bench\")" >&2
		exit 2
	fi
done

# wrk and the server each need a descriptor per connection, and more.
need=$((keepalive_conns + 200))
# shellcheck disable=SC3045 # dash's and bash's ulimit have -n
have=$(ulimit -n)
if [ "$have" != unlimited ] && [ "$have" -lt "$need" ]; then
	limit=4096
	[ "$need" -gt "$limit" ] && limit=$need
	# shellcheck disable=SC3045
	if ! ulimit -n "$limit" 2>/dev/null || [ "$(ulimit -n)" -lt "$need" ]
	then
		echo "bench: $keepalive_conns connections need \"ulimit -n" \
		    "$need\" at least; the limit is $have" >&2
		exit 2
	fi
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/tandem-http.XXXXXX")
pid=
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null || :
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

# The binary is copied, so that a rebuild during the run changes nothing.
cp "$build/tandem" "$work/tandem"
tandem=$work/tandem
db=$work/demo.db

"$tandem" -d "$db" demo >"$work/demo.txt"
email=$(sed -n 's/^  manager  *\([^ ]*@[^ ]*\) .*/\1/p' "$work/demo.txt")
if [ -z "$email" ]; then
	echo "bench: no manager's web account in the output of tandem demo:" >&2
	cat "$work/demo.txt" >&2
	exit 2
fi

# A free port: one the kernel gives, which nothing else listens on.  The
# check after the start matters: with SO_REUSEPORT, a second server can
# listen on a port already taken and share its connections.
port=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
listeners() {
	ss -Hltn "( sport = :$port )" | wc -l
}
if [ "$(listeners)" -ne 0 ]; then
	echo "bench: port $port is taken" >&2
	exit 2
fi
base=http://127.0.0.1:$port

serve_threads=
[ -n "${SERVE_THREADS:-}" ] && serve_threads="--threads $SERVE_THREADS"
# shellcheck disable=SC2086
"$tandem" -d "$db" serve --listen "127.0.0.1:$port" --quiet $serve_threads \
    2>"$work/serve.err" &
pid=$!
i=0
while ! curl -s -o /dev/null "$base/login"; do
	i=$((i + 1))
	if [ "$i" -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
		echo "bench: the server does not answer on $base:" >&2
		cat "$work/serve.err" >&2
		exit 2
	fi
	sleep 0.1
done
if [ "$(listeners)" -ne 1 ]; then
	echo "bench: another process listens on port $port too" >&2
	exit 2
fi

code=$(curl -s -o "$work/login.json" -w '%{http_code}' -c "$work/jar" \
    -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"tandem-demo-12\"}" "$base/api/login")
TANDEM_CSRF=$(sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p' "$work/login.json")
TANDEM_SESSION=$(awk '$6 == "tandem_session" { print $7 }' "$work/jar")
if [ "$code" != 200 ] || [ -z "$TANDEM_CSRF" ] || [ -z "$TANDEM_SESSION" ]
then
	echo "bench: signing in as $email failed ($code):" >&2
	cat "$work/login.json" >&2
	exit 2
fi
export TANDEM_CSRF TANDEM_SESSION

# Both requests must work before anything is timed.
code=$(curl -s -o /dev/null -w '%{http_code}' \
    -b "tandem_session=$TANDEM_SESSION" "$base/api/programmes/1")
code2=$(curl -s -o /dev/null -w '%{http_code}' -X PUT \
    -b "tandem_session=$TANDEM_SESSION" -H "X-CSRF-Token: $TANDEM_CSRF" \
    -H 'Content-Type: application/json' -d '{"lang":"fr"}' \
    "$base/api/me/lang")
if [ "$code" != 200 ] || [ "$code2" != 200 ]; then
	echo "bench: GET /api/programmes/1 gives $code, PUT /api/me/lang" \
	    "$code2: 200 expected" >&2
	exit 2
fi

# rss: the server's resident set, in kilobytes.
rss() {
	awk '$1 == "VmRSS:" { print $2 }' "/proc/$pid/status"
}

# alive: the server must still run.
alive() {
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "bench: the server died during the $1 test:" >&2
		cat "$work/serve.err" >&2
		pid=
		exit 1
	fi
}

# load NAME CONNECTIONS SECONDS WRITE_EVERY: run wrk into $work/NAME.out;
# in the background when NAME is soak or keepalive (wpid is wrk's pid).
load() {
	[ -t 2 ] && printf '%s: %s connections, %s s\n' "$1" "$2" "$3" >&2
	WRITE_EVERY=$4 wrk -t "$wrk_threads" -c "$2" -d "${3}s" --latency \
	    -s "$lua" "$base/api/programmes/1" >"$work/$1.out" 2>&1 &
	wpid=$!
	case $1 in soak|keepalive) return ;; esac
	wait "$wpid" || :
	alive "$1"
	check "$1"
}

# field NAME KEY: a field of the result line of wrk in the NAME test.
field() {
	sed -n 's/^result //p' "$work/$1.out" | tr ' ' '\n' |
	    sed -n "s/^$2=//p"
}

# errors NAME: the NAME test's errors, answers that are not 2xx and
# socket errors.
errors() {
	echo $(($(field "$1" non2xx) + $(field "$1" connect) + \
	    $(field "$1" read) + $(field "$1" write) + $(field "$1" timeout)))
}

# check NAME: wrk must have printed its result line.
check() {
	if ! grep -q '^result ' "$work/$1.out"; then
		echo "bench: wrk failed in the $1 test:" >&2
		cat "$work/$1.out" >&2
		exit 2
	fi
}

load0=$(cut -d ' ' -f 1 /proc/loadavg)
rss0=$(rss)
load read "$conns" "$http_seconds" 0
load write "$conns" "$http_seconds" 1

# Keep-alive: how many connections are established at half time.
load keepalive "$keepalive_conns" "$keepalive_seconds" 0
sleep $((keepalive_seconds / 2))
open=$(ss -Htn state established "( sport = :$port )" | wc -l)
wait "$wpid" || :
alive keepalive
check keepalive

# Soak: the RSS every 10 s while wrk runs ("seconds kilobytes" lines).
load soak "$conns" "$soak_seconds" 10
t0=$(date +%s)
: >"$work/rss"
while kill -0 "$wpid" 2>/dev/null; do
	echo "$(($(date +%s) - t0)) $(rss)" >>"$work/rss"
	i=0
	while [ "$i" -lt 10 ] && kill -0 "$wpid" 2>/dev/null; do
		sleep 1
		i=$((i + 1))
	done
done
wait "$wpid" || :
alive soak
check soak
rss_after=$(rss)
[ -n "${RSS_LOG:-}" ] && cp "$work/rss" "$RSS_LOG"

# Stop: SIGTERM, and the exit status within 30 s.
kill -TERM "$pid"
i=0
while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 "$pid" 2>/dev/null; then
	stop="still running 30 s after SIGTERM"
	kill -KILL "$pid"
	wait "$pid" || :
else
	rc=0
	wait "$pid" || rc=$?
	stop="exit status $rc"
	[ "$rc" = 0 ] && stop="exit status 0 after SIGTERM"
fi
pid=

echo "server:   tandem serve ($(sed -n 's/.* with \([0-9]*\) threads.*/\1/p' \
    "$work/serve.err") threads), demo database, signed in as $email"
echo "client:   wrk, $wrk_threads threads, on the same machine"
echo "machine:  $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' \
    /proc/cpuinfo | head -n 1); load average $load0 at the start," \
    "$(cut -d ' ' -f 1 /proc/loadavg) at the end"
echo
printf '%-11s %6s %6s %10s %9s %9s %9s %7s  %s\n' test conns secs req/s \
    "p50 ms" "p99 ms" "max ms" errors "of which"
for name in read write keepalive soak; do
	case $name in
	read|write) c=$conns ;;
	keepalive) c=$keepalive_conns ;;
	soak) c=$conns ;;
	esac
	of="non-2xx $(field "$name" statuses)"
	for f in connect read write timeout; do
		of="$of, $f $(field "$name" $f)"
	done
	printf '%-11s %6s %6.0f %10.0f %9.2f %9.2f %9.2f %7d  %s\n' \
	    "$name" "$c" "$(field "$name" seconds)" "$(field "$name" rps)" \
	    "$(field "$name" p50)" "$(field "$name" p99)" \
	    "$(field "$name" max)" "$(errors "$name")" "$of"
done
echo

# The soak's memory: first, after the warm-up, last, highest.
awk -v w="$soak_warmup" -v r0="$rss0" -v ra="$rss_after" '
	NR == 1 { first = $2 }
	!warm && $1 >= w { warm = $2; wt = $1 }
	{ last = $2; lt = $1; if ($2 > max) max = $2 }
	END {
		if (!warm) { warm = first; wt = 0 }
		printf "RSS (MB): %.1f before the tests; soak (%d samples): " \
		    "first %.1f, at %d s %.1f, last (%d s) %.1f, highest " \
		    "%.1f; %.1f after it\n", r0 / 1024, NR, first / 1024, wt,
		    warm / 1024, lt, last / 1024, max / 1024, ra / 1024
		printf "RSS growth during the soak after its warm-up: %+.1f%%\n",
		    100 * (last - warm) / warm
		print 100 * (last - warm) / warm > "'"$work/growth"'"
	}' "$work/rss"
echo "keep-alive: $open of $keepalive_conns connections established at" \
    "half time"
echo "stop:     $stop"
echo

# The goals.
missed=0
# goal TEXT MET: print whether the goal is met (MET is 1).
goal() {
	if [ "$2" = 1 ]; then
		printf '%-48s met\n' "$1"
	else
		printf '%-48s MISSED\n' "$1"
		missed=1
	fi
}
goal "read: at least 10,000 requests/s" \
    "$(awk -v r="$(field read rps)" 'BEGIN { print (r >= 10000) }')"
goal "read: no error" "$([ "$(errors read)" = 0 ] && echo 1)"
goal "write: p99 under 100 ms" \
    "$(awk -v p="$(field write p99)" 'BEGIN { print (p < 100) }')"
goal "write: no error" "$([ "$(errors write)" = 0 ] && echo 1)"
goal "keep-alive: $keepalive_conns connections open, no error" \
    "$([ "$(errors keepalive)" = 0 ] && [ "$open" -ge "$keepalive_conns" ] &&
    echo 1)"
goal "soak: no error" "$([ "$(errors soak)" = 0 ] && echo 1)"
goal "soak: RSS growth after warm-up under 10%" \
    "$(awk -v g="$(cat "$work/growth")" 'BEGIN { print (g < 10) }')"
goal "stop: exit status 0 after SIGTERM" \
    "$([ "$stop" = "exit status 0 after SIGTERM" ] && echo 1)"
exit "$missed"

#!/bin/sh
# The outbox at scale: a programme opened to 100,000 employees queues
# its announcement in one transaction, then "tandem mail send" delivers
# it to a local SMTP server (Debian's aiosmtpd, a sink) on one
# connection.  Prints the time of the opening (the act and its 100,000
# messages), the delivery rate, and the peak RSS of a delivery of N and
# of 4N messages (flat memory: the same).
#
# Usage: bench/mail.sh            (after "ninja -C build")
# Environment: BUILD (build), ROWS (100000), SEND (20000: messages
# delivered for the rate), PURPOSE (the programme's purpose, which every
# announcement says: "Mesurer" by default; a real one is a few hundred
# characters), TMPDIR.
set -eu
build=${BUILD:-build}
rows=${ROWS:-100000}
send=${SEND:-20000}
purpose=${PURPOSE:-Mesurer}
py=/usr/bin/python3
[ -x "$py" ] || py=python3
for tool in "$build/tandem" "$build/bench/gen-roster" /usr/bin/time; do
	[ -x "$tool" ] || { echo "bench: $tool is missing" >&2; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/tandem-mail-bench.XXXXXX")
smtp=
cleanup() {
	[ -n "$smtp" ] && kill "$smtp" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

db=$work/tandem.db
t() { "$build/tandem" -d "$db" "$@"; }
"$build/bench/gen-roster" "$rows" 1 >"$work/roster.csv"
t init >/dev/null
t import roster "$work/roster.csv" >/dev/null
mgr=$(sqlite3 "$db" "SELECT matricule FROM employee ORDER BY id LIMIT 1")
spn=$(sqlite3 "$db" "SELECT matricule FROM employee ORDER BY id LIMIT 1 OFFSET 1")
t role grant "$mgr" manager >/dev/null
t role grant "$spn" sponsor >/dev/null
t --as "$mgr" programme create Bench --purpose "$purpose" \
    --topics generative-ai --start 2027-01-04 --end 2027-06-30 \
    --data-notice "Rien." >/dev/null
t --as "$mgr" programme submit Bench >/dev/null
t --as "$spn" programme approve Bench >/dev/null
before=$(sqlite3 "$db" "SELECT count(*) FROM outbox")
/usr/bin/time -f "%e %M %U %S" -o "$work/open.time" \
    "$build/tandem" -d "$db" --as "$mgr" programme open Bench >/dev/null
after=$(sqlite3 "$db" "SELECT count(*) FROM outbox")
read -r open_s open_kb open_u open_sys <"$work/open.time"
echo "programme open: $((after - before)) messages queued in ${open_s} s" \
    "(CPU ${open_u} s user, ${open_sys} s system; peak RSS ${open_kb} KB;" \
    "database $(($(stat -c %s "$db") / 1048576)) MB)"

port=$($py -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
$py -m aiosmtpd -n -c aiosmtpd.handlers.Sink -l "127.0.0.1:$port" &
smtp=$!
# Wait for the server (a loaded machine starts Python slowly).
for _ in $(seq 1 300); do
	$py -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" \
	    2>/dev/null && break
	sleep 0.1
done
export TANDEM_SMTP_URL="smtp://127.0.0.1:$port"
one() {
	/usr/bin/time -f "%e %M" -o "$work/send.time" \
	    "$build/tandem" -d "$db" mail send --max "$1" >"$work/send.out"
	read -r s kb <"$work/send.time"
	n=$(sed -n 's/^\([0-9]*\) sent.*/\1/p' "$work/send.out")
	rate=$(awk -v n="$n" -v s="$s" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
	echo "mail send --max $1: $n sent in $s s, $rate messages/s," \
	    "peak RSS $kb KB"
}
one $((send / 4))
one "$send"

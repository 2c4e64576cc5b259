# A busy, full or out-of-memory database reaches the command line as
# that error, never as "not found", and a refused write changes nothing.
#
# Busy: another process (python3's sqlite3 module) holds the write lock
# with BEGIN EXCLUSIVE while a dozen writes run side by side; each waits
# out the store's busy handler (5 seconds) and says "the database is
# busy: try again in a moment"; reads go on meanwhile (WAL).
#
# Full: the database lives on a small tmpfs, which a file fills until no
# block is left; another process keeps the database open meanwhile, as
# a running server would, so that the WAL index exists and only the
# writes need room.  Each write says "the disk is full".  Mounting needs
# a mount namespace: the test runs itself again under unshare(1) (as
# root, or as anyone where user namespaces are allowed), and skips this
# part where it cannot.
#
# Out of memory: each command runs under a series of address-space
# limits (ulimit -v, RLIMIT_AS, which the C library and SQLite meet as
# ENOMEM), from the least the program starts with to the least it
# succeeds with.  Under every limit the command either does what it does
# without a limit, byte for byte, or fails with "out of memory", never
# another error, and a refused write changes nothing.  glibc's top_pad
# is 0 so that the heap grows by the page and every limit refuses a
# different allocation.  An ASan build reserves terabytes of address
# space and cannot run under such a limit: that part is skipped there
# (the unit test test_nomem injects allocation failures in both builds).
if [ -z "${T0012_NS:-}" ]; then
	T0012_NS=none
	if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
		T0012_NS=1 exec unshare -m sh "$0" "$@"
	elif unshare -rm true 2>/dev/null; then
		T0012_NS=1 exec unshare -rm sh "$0" "$@"
	fi
fi
. "$(dirname "$0")/lib.sh"
sqlite_only "a busy, full or corrupt SQLite file"

P="Cap numérique"
# What reads as "not found", a lookup's answer, in any message.
notfound='no such|not found|has no |who acts must|does not exist|unknown'
notfound="$notfound|no database here|no (employee|programme|session|coach"
notfound="$notfound|topic|pair|enrolment|account)"

holder=
cleanup() {
	[ -n "$holder" ] && exec 3>&- && wait "$holder"
	cd / || exit
	umount "$scratch/full" 2>/dev/null
	rm -rf "$scratch"
}
trap cleanup EXIT

# hold MODE DB: another process opens DB and, with MODE lock, takes its
# write lock (BEGIN EXCLUSIVE); it keeps them until release.
cat >holder.py <<'EOF'
import sqlite3
import sys
c = sqlite3.connect(sys.argv[2], isolation_level=None)
c.execute("SELECT count(*) FROM employee").fetchall()
if sys.argv[1] == "lock":
    c.execute("BEGIN EXCLUSIVE")
print("holding", flush=True)
sys.stdin.read()
if sys.argv[1] == "lock":
    c.execute("ROLLBACK")
EOF
hold() {
	rm -f ctl holding
	mkfifo ctl
	python3 holder.py "$1" "$2" <ctl >holding 2>&1 &
	holder=$!
	exec 3>ctl
	i=0
	until grep -q holding holding 2>/dev/null; do
		i=$((i + 1))
		if [ "$i" -gt 600 ] || ! kill -0 "$holder" 2>/dev/null; then
			echo "Bail out! the other process could not hold $2:" \
			    "$(cat holding)"
			exit 1
		fi
		sleep 0.1
	done
}
release() {
	exec 3>&-
	wait "$holder"
	holder=
}

# attempt NAME COMMAND...: start COMMAND in the background; its stdout,
# stderr and exit status go to NAME.out, NAME.err and NAME.rc.  With
# serial set, one after the other instead.
pids=
serial=
attempt() {
	aname=$1
	shift
	if [ -n "$serial" ]; then
		"$@" >"$aname.out" 2>"$aname.err"
		echo $? >"$aname.rc"
		return
	fi
	("$@" >"$aname.out" 2>"$aname.err"; echo $? >"$aname.rc") &
	pids="$pids $!"
}
attempts_wait() {
	# shellcheck disable=SC2086
	wait $pids
	pids=
}

# said NAME WHY MESSAGE: the attempt NAME exited 1 and said MESSAGE,
# and nothing that reads as "not found".
said() {
	sout=$out serr=$err
	out=$1.out err=$1.err
	rc=$(cat "$1.rc")
	if [ "$rc" = 1 ] && grep -qF -- "$3" "$1.err" &&
	    ! grep -qiE -- "$notfound" "$1.err"; then
		ok "$1 $2: \"$3\""
	else
		not_ok "$1 $2: \"$3\"" "exit status $rc, expected 1 with" \
		    "\"$3\" and nothing that reads as not found"
	fi
	out=$sout err=$serr
}

# The writes tried on a busy and on a full database, side by side: each
# starts with a lookup (the actor, the programme, a person, a session)
# and each is done on the demo as it is (checked first on a copy), so
# that its refusal can only come from the database.
writes() {
	db=$1
	attempt grant tandem -d "$db" role grant E100002 admin
	attempt edit tandem -d "$db" --as E100013 programme edit "$P" \
	    --sessions 8
	attempt cancel tandem -d "$db" --as E100013 session cancel \
	    --reason "grève" 6
	attempt move tandem -d "$db" --as E100013 session move \
	    --at "2026-12-08 10:00" 12
	attempt add tandem -d "$db" --as E100013 session add \
	    --at "2026-12-09 10:00" "$P" E100143 E100000
	attempt withdraw tandem -d "$db" --as E100004 withdraw "$P" E100004
	attempt topic tandem -d "$db" --as E100013 topic add "$P" rgpd "RGPD"
	attempt coach tandem -d "$db" --as E100013 coach add "Jean Coach" \
	    jean.coach@exemple.fr
	attempt invite tandem -d "$db" user invite E100005
	attempt erase tandem -d "$db" erase person E100399
	attempts_wait
}
names="grant edit cancel move add withdraw topic coach invite erase"

tandem demo >/dev/null || { echo "Bail out! tandem demo failed"; exit 1; }
sqlite3 tandem.db .dump >demo.sql
cp tandem.db control.db
serial=1 writes control.db
for w in $names; do
	sout=$out serr=$err
	out=$w.out err=$w.err
	is "control: $w is done on the demo" "$(cat "$w.rc")" 0
	out=$sout err=$serr
done
rm -f control.db*

# --- Busy ---------------------------------------------------------------
hold lock tandem.db
expect "busy: a read goes on while another process writes" 0 \
    tandem programme show "$P"
contains "busy: the read is whole" "$out" "$P"
start=$(date +%s)
writes tandem.db
took=$(($(date +%s) - start))
for w in $names; do
	said "$w" "on a busy database" \
	    "the database is busy: try again in a moment"
done
if [ "$took" -ge 4 ]; then
	ok "busy: the writes waited for the lock (${took}s)"
else
	not_ok "busy: the writes waited for the lock" "they took ${took}s"
fi
sqlite3 tandem.db .dump >after.sql
same "busy: the refused writes changed nothing" demo.sql after.sql
release
expect "busy: once the lock is released a write is done" 0 \
    tandem role grant E100003 sponsor

# --- Full ---------------------------------------------------------------
size=$(($(wc -c <tandem.db) + 1048576))
if [ "$T0012_NS" = 1 ] && mkdir full &&
    mount -t tmpfs -o "size=$size,mode=0755" tmpfs full 2>mount.err; then
	cp tandem.db full/tandem.db
	sqlite3 full/tandem.db .dump >before.sql
	hold open full/tandem.db
	# Fill the disk: dd stops when no block is left.
	dd if=/dev/zero of=full/filler bs=4096 2>/dev/null
	left=$(df -k full | awk 'NR == 2 { print $4 }')
	is "full: no block left on the tmpfs" "$left" 0
	expect "full: a read goes on on a full disk" 0 \
	    tandem -d full/tandem.db programme show "$P"
	writes full/tandem.db
	for w in $names; do
		said "$w" "on a full disk" "the disk is full"
	done
	sqlite3 full/tandem.db .dump >after.sql
	same "full: the refused writes changed nothing" before.sql after.sql
	rm full/filler
	expect "full: with room again a write is done" 0 \
	    tandem -d full/tandem.db role grant E100007 admin
	release
	umount full
else
	n=$((n + 1))
	echo "ok $n # SKIP full: cannot mount a tmpfs here" \
	    "($(cat mount.err 2>/dev/null)${T0012_NS})"
fi

# --- Out of memory ------------------------------------------------------
# limited KB COMMAND...: COMMAND under an address-space limit of KB KiB;
# stdout, stderr in lim.out, lim.err; prints the exit status.
limited() {
	lkb=$1
	shift
	(ulimit -v "$lkb" && GLIBC_TUNABLES=glibc.malloc.top_pad=0 \
	    exec "$TANDEM" "$@" >lim.out 2>lim.err)
	echo $?
}

# least TEST LO HI COMMAND...: the least limit in [LO, HI] KiB under which
# TEST (a shell function of the exit status) holds, by bisection.
least() {
	ltest=$1 llo=$2 lhi=$3
	shift 3
	while [ $((lhi - llo)) -gt 4 ]; do
		lmid=$(((llo + lhi) / 2))
		if $ltest "$(limited "$lmid" "$@")"; then
			lhi=$lmid
		else
			llo=$lmid
		fi
	done
	echo "$lhi"
}
starts() { [ "$1" = 0 ]; }

# done_at KB COMMAND...: COMMAND, on a fresh copy of the demo, does under
# a limit of KB KiB what it does without one.
done_at() {
	dkb=$1
	shift
	cp tandem.db m.db
	[ "$(limited "$dkb" -d m.db "$@")" = 0 ] && cmp -s lim.out ref.out
}

# starved NAME WRITE COMMAND...: COMMAND (with -d m.db, a fresh copy of
# the demo each time) under limits from the least the program starts
# with to the least it succeeds with.  WRITE 1: a refused run must leave
# the database as it was.
starved() {
	sname=$1 swrite=$2
	shift 2
	cp tandem.db m.db
	if ! "$TANDEM" -d m.db "$@" >ref.out 2>ref.err; then
		not_ok "$sname: runs without a limit" "$(cat ref.err)"
		return
	fi
	lo=$least_start
	# A limit it succeeds with, doubling the step; then the least one.
	below=$lo hi=$lo step=256
	until done_at "$hi" "$@"; do
		below=$hi hi=$((hi + step)) step=$((step * 2))
		if [ "$hi" -gt 4194304 ]; then
			not_ok "$sname: succeeds under 4 GiB"
			return
		fi
	done
	while [ $((hi - below)) -gt 4 ]; do
		mid=$(((below + hi) / 2))
		if done_at "$mid" "$@"; then
			hi=$mid
		else
			below=$mid
		fi
	done
	# Limits from lo to hi, in 32 steps at most, and hi.
	inc=$(((hi - lo) / 32))
	[ "$inc" -lt 4 ] && inc=4
	bad= nomem=0 fine=0 kb=$lo
	while [ "$kb" -le "$hi" ]; do
		cp tandem.db m.db
		rc=$(limited "$kb" -d m.db "$@")
		if [ "$rc" = 0 ]; then
			if cmp -s lim.out ref.out; then
				fine=$((fine + 1))
			else
				bad="$bad; ${kb} KiB: the output differs"
			fi
		elif [ "$rc" = 1 ] && grep -qF "out of memory" lim.err &&
		    ! grep -qiE -- "$notfound" lim.err; then
			nomem=$((nomem + 1))
			if [ "$swrite" = 1 ]; then
				sqlite3 m.db .dump >m.sql
				cmp -s m.sql demo.sql || bad="$bad; ${kb} KiB:\
 refused, but the database changed"
			fi
		else
			bad="$bad; ${kb} KiB: exit status $rc:"
			bad="$bad $(tr '\n' ' ' <lim.err | cut -c1-160)"
		fi
		if [ "$kb" -lt "$hi" ] && [ $((kb + inc)) -gt "$hi" ]; then
			kb=$hi
		else
			kb=$((kb + inc))
		fi
	done
	if [ -z "$bad" ] && [ "$nomem" -gt 0 ]; then
		ok "out of memory: $sname from ${lo} to ${hi} KiB:" \
		    "$nomem out of memory, $fine done"
	else
		n=$((n + 1))
		echo "not ok $n - out of memory: $sname from ${lo} to" \
		    "${hi} KiB: $nomem out of memory, $fine done"
		[ "$nomem" -gt 0 ] || echo "# no limit made it run out"
		echo "$bad" | tr ';' '\n' | sed '/^$/d; s/^ */# /' | head -20
	fi
}

if ldd "$TANDEM" 2>/dev/null | grep -q 'libasan\|libtsan'; then
	n=$((n + 1))
	echo "ok $n # SKIP out of memory: a sanitizer build cannot run" \
	    "under an address-space limit"
elif ! (ulimit -v 1048576) 2>/dev/null; then
	n=$((n + 1))
	echo "ok $n # SKIP out of memory: ulimit -v is not available"
else
	sqlite3 tandem.db .dump >demo.sql
	least_start=$(least starts 1024 1048576 --version)
	starved "employee show" 0 employee show E100005
	starved "the mentee's sessions" 0 --as E100000 session list "$P"
	starved "the sponsor's report" 0 --as E100001 report "$P"
	starved "a programme edit" 1 --as E100013 programme edit "$P" \
	    --sessions 8
	starved "a session cancelled" 1 --as E100013 session cancel \
	    --reason "grève" 6
fi

done_testing

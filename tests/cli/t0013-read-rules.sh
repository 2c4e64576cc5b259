# The read rules in the CLI: every listing of the demonstration, run as
# each role, sees what the view rules of the library (src/lib/perm.c,
# views[]) and the web's access matrix (tests/api/t01-access.py, the
# reference) let that role see.
#
#   system    no --as: the owner of the database file, who reads all of
#             it (as with any SQLite tool), as before the rules
#   admin     an admin who takes part in nothing
#   manager   the programme manager
#   sponsor   the sponsor, in no pair
#   mentor    a mentor with two mentees
#   mentee    a mentee, the chief executive
#
# "all" is the system operator's listing, byte for byte; "own" is its
# lines that name the actor (their enrolment, their pairs from
# publication on, their sessions, the audit entries naming them), in the
# same order; "refused" is exit status 1, a reason on stderr and nothing
# on stdout.
. "$(dirname "$0")/lib.sh"

P="Cap numérique"
ADMIN=E100002
MANAGER=E100013
SPONSOR=E100001
MENTOR=E100143
MENTEE=E100000
OTHER=E100005	# takes part in nothing
roles="system admin manager sponsor mentor mentee"

id_of() {
	case $1 in
	system)		echo "" ;;
	admin)		echo $ADMIN ;;
	manager)	echo $MANAGER ;;
	sponsor)	echo $SPONSOR ;;
	mentor)		echo $MENTOR ;;
	mentee)		echo $MENTEE ;;
	esac
}

# as ROLE COMMAND...: tandem as ROLE.
as() {
	arole=$1
	shift
	if [ "$arole" = system ]; then
		tandem "$@"
	else
		tandem --as "$(id_of "$arole")" "$@"
	fi
}

# reference NAME COMMAND...: the system operator's output, in NAME.all.
reference() {
	rname=$1
	shift
	tandem "$@" >"$rname.all" 2>"$rname.err"
	if [ $? -ne 0 ] || [ ! -s "$rname.all" ]; then
		n=$((n + 1))
		echo "not ok $n - $rname: the system operator reads it"
		sed 's/^/# /' "$rname.err"
	fi
}

# sees_all ROLE NAME COMMAND...: ROLE's output is the system operator's.
sees_all() {
	srole=$1 sname=$2
	shift 2
	expect "$sname as $srole: read" 0 as "$srole" "$@"
	same "$sname as $srole: all of it" "$sname.all" "$out"
}

# sees_own ROLE NAME PATTERN COMMAND...: ROLE's output is the lines of
# the system operator's that match PATTERN (grep -E), ROLE's matricule
# standing for @.
sees_own() {
	srole=$1 sname=$2
	pat=$(echo "$3" | sed "s/@/$(id_of "$srole")/g")
	shift 3
	grep -E -- "$pat" "$sname.all" >"$sname.$srole"
	expect "$sname as $srole: read" 0 as "$srole" "$@"
	same "$sname as $srole: only their own ($(wc -l <"$sname.$srole" |
	    tr -d ' ') of $(wc -l <"$sname.all" | tr -d ' ') lines)" \
	    "$sname.$srole" "$out"
}

# denied ROLE NAME TEXT COMMAND...: ROLE is refused, says TEXT (a part of
# the reason; ROLE's matricule stands for @) and shows nothing.
denied() {
	drole=$1 dname=$2
	dtext=$(echo "$3" | sed "s/@/$(id_of "$drole")/g")
	shift 3
	expect "$dname as $drole: refused" 1 as "$drole" "$@"
	contains "$dname as $drole: says why" "$err" "$dtext"
	is "$dname as $drole: shows nothing" "$(wc -c <"$out" | tr -d ' ')" 0
}

expect "demo" 0 tandem demo
expect "an admin" 0 tandem role grant $ADMIN admin
expect "a draft" 0 tandem --as $MANAGER programme create Brouillon \
    --purpose "Pas encore publié"

HOLD="role, which @ does not hold"
ROSTER="reading the roster needs the admin or the programme manager $HOLD"
SEEN="are for its programme manager and its coach; each participant sees"
SEEN="$SEEN their own"
REPORT="reading a programme's report needs the programme manager or the"
REPORT="$REPORT sponsor role"
EXPORT="exporting someone else's data needs the admin or the programme"
EXPORT="$EXPORT manager $HOLD"

# --- The roster ---------------------------------------------------------
reference employees employees
reference employee employee show $OTHER
reference coaches coach list
for r in system admin manager; do
	sees_all $r employees employees
	sees_all $r employee employee show $OTHER
	sees_all $r coaches coach list
done
for r in sponsor mentor mentee; do
	denied $r employees "$ROSTER" employees
	denied $r employee "$ROSTER" employee show $OTHER
	# The web's /api/coaches is for the roster's readers (403 else).
	denied $r coaches "" coach list
	expect "own record as $r" 0 as $r employee show "$(id_of $r)"
	contains "own record as $r: theirs" "$out" "$(id_of $r)"
done

# --- Programmes -----------------------------------------------------------
reference programmes programme list
reference programme programme show "$P"
reference history programme history "$P"
for r in $roles; do
	sees_all $r programme programme show "$P"
done
for r in system admin manager sponsor; do
	sees_all $r programmes programme list
	sees_all $r history programme history "$P"
done
for r in mentor mentee; do
	sees_own $r programmes "$P" programme list
	denied $r draft "Brouillon is not published yet" programme show \
	    Brouillon
	denied $r history \
	    "the history of $P is for its programme manager and its sponsor" \
	    programme history "$P"
done

# --- Enrolments, pairs, sessions, calendars -----------------------------
reference enrolments enrolments "$P"
reference pairs pair list "$P"
reference sessions session list "$P"
for r in system manager; do
	sees_all $r enrolments enrolments "$P"
	sees_all $r pairs pair list "$P"
	sees_all $r sessions session list "$P"
done
for r in admin sponsor mentor mentee; do
	sees_own $r enrolments "^@	" enrolments "$P"
	sees_own $r pairs "\\<@\\>" pair list "$P"
	sees_own $r sessions "\\<@\\>" session list "$P"
done
is "the mentor has two pairs" "$(wc -l <pairs.mentor | tr -d ' ')" 2
is "the mentee has one pair" "$(wc -l <pairs.mentee | tr -d ' ')" 1
is "the mentee is enrolled once" "$(wc -l <enrolments.mentee | tr -d ' ')" 1
denied mentee "another's sessions" "the sessions of $P $SEEN" \
    session list --for $MENTOR "$P"
reference feed ical feed "$P" $MENTOR
reference ownfeed ical feed "$P" $MENTEE
for r in system manager mentor; do
	sees_all $r feed ical feed "$P" $MENTOR
done
sees_all mentee ownfeed ical feed "$P" $MENTEE
for r in admin sponsor mentee; do
	denied $r feed "the sessions of $P $SEEN" ical feed "$P" $MENTOR
done
reference watch watch "$P"
for r in system manager; do
	sees_all $r watch watch "$P"
done
for r in admin sponsor mentor mentee; do
	denied $r watch "the tandems at risk of $P $SEEN" watch "$P"
done

# --- The report -----------------------------------------------------------
# Without --as nobody holds the manager's or the sponsor's role, as before.
denied system report "$REPORT" report "$P"
expect "report as manager" 0 as manager report "$P"
cp "$out" report.all
sees_all sponsor report report "$P"
for r in admin mentor mentee; do
	denied $r report "$REPORT, which @ does not hold" report "$P"
done

# --- The audit log --------------------------------------------------------
reference audit audit list
sees_all admin audit audit list
for r in manager sponsor mentor mentee; do
	sees_own $r audit "\\<@\\>" audit list
done

# --- The catalogues: everyone's -----------------------------------------
reference topics topic list
reference generations generations
for r in $roles; do
	sees_all $r topics topic list
	sees_all $r generations generations
done

# --- A person's data --------------------------------------------------------
# Each export is audited, so two exports differ: the person is checked.
for r in system admin manager; do
	expect "export of another as $r" 0 as $r export person $OTHER
	contains "export of another as $r: theirs" "$out" \
	    "\"matricule\": \"$OTHER\""
done
for r in sponsor mentor mentee; do
	denied $r export "$EXPORT" export person $OTHER
	expect "own export as $r" 0 as $r export person "$(id_of $r)"
	contains "own export as $r: theirs" "$out" \
	    "\"matricule\": \"$(id_of $r)\""
done

done_testing

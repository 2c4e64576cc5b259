# A full disk (issue 17): on a small file system (a tmpfs of 4 MiB in a
# mount namespace of this test's own, so nothing outlives it), a write
# that does not fit says "the disk is full", exits 1 and leaves the
# database as it was: everything committed before is there, the check
# and the audit chain pass, and once space is freed the same write
# succeeds.  Needs a mount namespace (root, or user namespaces); skipped
# otherwise.
if [ -z "${T0055_NS:-}" ]; then
	T0055_NS=1
	export T0055_NS
	if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
		exec unshare -m sh "$0" "$@"
	elif unshare -r -m true 2>/dev/null; then
		exec unshare -r -m sh "$0" "$@"
	fi
	echo "1..0 # SKIP no mount namespace to mount a small file system in"
	exit 0
fi
. "$(dirname "$0")/lib.sh"
sqlite_only "a SQLite file on a full disk"

mkdir disk
if ! mount -t tmpfs -o size=4m tmpfs disk 2>/dev/null; then
	echo "1..0 # SKIP cannot mount a tmpfs here"
	exit 0
fi
cd disk || exit 2

roster() {
	python3 -c '
import sys
print("Matricule;Nom;Prénom;Email;Date de naissance;Direction;Site")
for i in range(int(sys.argv[1])):
    print("E%d;Nom%d;Prénom%d;p%d@exemple.fr;01/02/1960;DRH;Lyon" % (i, i, i, i))
' "$1"
}
roster 40 >../small.csv
roster 3000 >../big.csv

expect "a database on the small disk" 0 tandem init
expect "40 people imported" 0 tandem import roster ../small.csv
expect "a programme manager" 0 tandem role grant E1 manager
# Fill the disk, leaving 160 KiB: the big import needs more.
free=$(df -k . | awk 'NR == 2 { print $4 }')
dd if=/dev/zero of=filler bs=1k count=$((free - 160)) 2>/dev/null
is "the disk is nearly full" "$(df -k . | awk 'NR == 2 { print ($4 <= 200) }')" 1

refused "a write that does not fit" "tandem: tandem.db: the disk is full" \
    tandem import roster ../big.csv
lacks "no technical code" "$err" "SQLITE"
is "what was committed is there" "$(sql "SELECT count(*) FROM employee")" 40
is "and the role" "$(sql "SELECT count(*) FROM role WHERE role = 'manager'")" 1
expect "the database is sound" 0 tandem check
expect "the audit chain too" 0 tandem audit verify

rm filler
expect "space freed: the same import succeeds" 0 tandem import roster ../big.csv
is "all of it" "$(sql "SELECT count(*) FROM employee")" 3000
expect "and the database is sound" 0 tandem check
expect "the audit chain too" 0 tandem audit verify

cd .. && umount disk
done_testing

# The sign-in throttles hold across servers (issue 18): two `tandem
# serve` on one PostgreSQL database count the same wrong passwords and
# attempts, since the counts are rows of the database (signin_hit), not
# each process's memory.  Wrong passwords for one e-mail, sent to the
# two servers in turn, are refused after five in all (six each would
# pass with a count per server); another e-mail from the same address is
# not held back; the attempts through either server are one count.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/pg.sh"

command -v curl >/dev/null 2>&1 || { echo "1..0 # SKIP curl is absent"; exit 0; }
pg_start
pg_db limits
db=$PGDB
A=8472
B=8473
{
	printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Langue;Matricule manager\n'
	printf 'E1;L\303\251v\303\252que;Fran\303\247oise;francoise.leveque@exemple.fr;12/03/1958;Direction G\303\251n\303\251rale;Lyon;fr;\n'
	printf 'E2;Gu\303\251rin;Herv\303\251;herve.guerin@exemple.fr;01/01/1968;Direction des Ressources Humaines;Lyon;fr;E1\n'
} >roster.csv
expect "init" 0 tandem -d "$db" init
expect "the roster" 0 tandem -d "$db" import roster roster.csv
expect "the manager's role" 0 tandem -d "$db" role grant E2 manager
expect "the invitation" 0 tandem -d "$db" user invite E2
token=$(sed 's|.*/||' "$out")

# No courier: its rounds would take the writer's turn, and on a loaded
# machine hold it past the 5 s a sign-in waits (503).
export TANDEM_MAIL_INTERVAL=0
for p in $A $B; do
	"$TANDEM" -d "$db" serve --listen 127.0.0.1:$p --threads 2 --quiet \
	    2>>"serve-$p.log" &
	echo $! >"serve-$p.pid"
done
cleanup() {
	for p in $A $B; do
		[ -f "serve-$p.pid" ] && kill -9 "$(cat "serve-$p.pid")" 2>/dev/null
	done
	pg_stop
}
trap cleanup EXIT
trap 'exit 1' INT TERM
for p in $A $B; do
	i=0
	until [ "$(curl -s -o /dev/null -w '%{http_code}' \
	    "http://127.0.0.1:$p/api/me")" = 401 ] || [ $i -gt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
done

# post PORT PATH JSON: the status of a POST.
post() {
	curl -s -o post.out -w '%{http_code}' -H 'Content-Type: application/json' \
	    -d "$3" "http://127.0.0.1:$1$2"
}
got=$(post $A /api/invitations/accept \
    "{\"token\":\"$token\",\"password\":\"deux-serveurs-12\"}")
is "the password chosen through server A" "$got" 200

login() {
	post "$1" /api/login "{\"email\":\"$2\",\"password\":\"$3\"}"
}
got=$(login $B herve.guerin@exemple.fr deux-serveurs-12)
is "the password works through server B" "$got" 200

# Five wrong passwords, A, B, A, B, A: each refused as wrong.
codes=
for p in $A $B $A $B $A; do
	codes="$codes $(login $p herve.guerin@exemple.fr mauvais-mot-de-passe)"
done
is "five wrong passwords through both servers" "$codes" " 401 401 401 401 401"
# The sixth, through B (which saw two): held back, as through A.
got=$(login $B herve.guerin@exemple.fr mauvais-mot-de-passe)
is "the sixth through B: held back" "$got" 429
got=$(login $A herve.guerin@exemple.fr deux-serveurs-12)
is "even the right password, through A: held back" "$got" 429
got=$(login $B herve.guerin@exemple.fr deux-serveurs-12)
is "and through B" "$got" 429
# Another e-mail typed from the same address has its own count.
got=$(login $B francoise.leveque@exemple.fr mauvais-mot-de-passe)
is "another e-mail: refused as wrong, not held back" "$got" 401

# The attempts through both servers are one count, the address's.  (Not
# their number: those older than 65 s are deleted as new ones come,
# and a loaded machine may take that long.)
psql_n() {
	pg_as "$pg_bin/psql" -h "$pgdir" -U postgres -d limits -qAtX -c "$1"
}
is "the attempts through both servers: one count" \
    "$(psql_n "SELECT count(DISTINCT hkey) FROM signin_hit WHERE kind = 1")" 1
is "the wrong passwords counted: five for one e-mail, one for the other" \
    "$(psql_n "SELECT string_agg(n::text, ' ' ORDER BY n) FROM (SELECT count(*) AS n FROM signin_hit WHERE kind = 2 GROUP BY hkey) c")" "1 5"
psql_n "SELECT * FROM signin_hit" >signin.txt
lacks "no address in the table" signin.txt "127.0.0.1"

echo "1..$n"

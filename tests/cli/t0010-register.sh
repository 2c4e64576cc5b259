# The register of processing: every column of the schema is classified,
# so that new personal data cannot go unregistered.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"

expect "register of an empty schema" 0 sh "$top/contrib/register.sh"
contains "a French register" "$out" "Registre"
lacks "no unclassified column" "$out" "NON CLASSÉE"
lacks "never consent" "$out" "consentement"
tandem demo --size 120 >/dev/null
# register.sh reads a database with sqlite3 only (its schema part above
# makes its own SQLite database, whatever the engine).
if [ "$testdb_engine" = pg ]; then
	ok "register with a database # SKIP register.sh reads SQLite only"
	ok "the programme's delays # SKIP register.sh reads SQLite only"
else
	expect "register with a database" 0 sh "$top/contrib/register.sh" tandem.db
	contains "the programme's delays" "$out" "Cap numérique"
fi

done_testing

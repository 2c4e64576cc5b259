# The register of processing: every column of the schema is classified,
# so that new personal data cannot go unregistered.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"

expect "register of an empty schema" 0 sh "$top/contrib/register.sh"
contains "a French register" "$out" "Registre"
lacks "no unclassified column" "$out" "NON CLASSÉE"
lacks "never consent" "$out" "consentement"
tandem demo --size 120 >/dev/null
expect "register with a database" 0 sh "$top/contrib/register.sh" tandem.db
contains "the programme's delays" "$out" "Cap numérique"

done_testing

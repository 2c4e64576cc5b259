# The tool's contract: usage errors, the database, exit statuses.
. "$(dirname "$0")/lib.sh"

expect "no command is a usage error" 2 tandem
contains "usage is printed" "$err" "usage: tandem"
expect "unknown command" 2 tandem frobnicate
contains "unknown command is named" "$err" 'unknown command "frobnicate"'
expect "help" 0 tandem --help
contains "help lists import" "$out" "import"
expect "version" 0 tandem --version
expect "bad option of a command" 2 tandem employees --bogus
expect "import needs a file" 2 tandem import roster

expect "no database yet" 1 tandem employees
contains "missing database is explained" "$err" "$db_main"': no database here; create it with "tandem init"'
[ ! -e tandem.db ] && ok "nothing was created" || not_ok "nothing was created"

expect "init" 0 tandem init
contains "init says the version" "$out" "$db_main: schema version"
expect "init again is harmless" 0 tandem init
expect "-d names the database" 0 tandem -d other.db init
[ -f other.db ] && ok "other.db exists" || not_ok "other.db exists"
TANDEM_DB=env.db expect "TANDEM_DB names the database" 0 tandem init
[ -f env.db ] && ok "env.db exists" || not_ok "env.db exists"

printf 'not a database, just text\n%.0s' $(seq 200) >junk.db
expect "a file that is not a database" 1 tandem -d junk.db employees
contains "junk is explained" "$err" "junk.db"

expect "empty roster lists a header" 0 tandem employees
expect "empty roster as JSON" 0 tandem employees --json
contains "empty JSON array" "$out" "[]"
expect "unknown employee" 1 tandem employee show E999
contains "unknown employee is named" "$err" 'no employee with id "E999"'

expect "generations" 0 tandem generations
contains "1964 is a boomer" "$out" "boomers  1946-1964"
contains "generation Z" "$out" "z        1999-2012"

done_testing

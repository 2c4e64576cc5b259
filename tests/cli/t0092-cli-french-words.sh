# The last English words of the CLI in French (issue 15, helper
# "words"): glibc's getopt messages, rendered by the tool itself in the
# locale's language; the errno texts a person meets (a missing file);
# a message's state and kind (mail list, mail show); a programme's
# format and direction (programme show).  English stays glibc's and the
# stored words, byte for byte.
. "$(dirname "$0")/lib.sh"

unset LC_ALL LC_MESSAGES LANG LANGUAGE
fr() {
	LC_ALL=fr_FR.UTF-8 "$TANDEM" "$@"
}
en() {
	LC_ALL=C.UTF-8 "$TANDEM" "$@"
}

# Options: unknown, and a value missing, before and after the command.
expect "an unknown option, French" 2 fr --bogus
contains "its message is ours, in French" "$err" \
    "tandem: option « --bogus » inconnue ici"
lacks "and not glibc's" "$err" "unrecognized option"
expect "an unknown option, English" 2 en --bogus
contains "its message in English" "$err" \
    'tandem: option "--bogus" is not valid here'
lacks "not glibc's either" "$err" "unrecognized option"
expect "a short option unknown" 2 fr -x
contains "named as typed" "$err" "tandem: option « -x » inconnue ici"
expect "a command's value missing, French" 2 fr demo --size
contains "says so in French" "$err" \
    "tandem: l'option « --size » demande une valeur"
lacks "and not glibc's" "$err" "requires an argument"
expect "a value missing, English" 2 en demo --size
contains "says so in English" "$err" 'tandem: option "--size" needs a value'
expect "a flag given a value" 2 fr employees --json=yes
contains "is not valid there" "$err" "option « --json » inconnue ici"

# A file that is not there.
tandem -d db init >/dev/null 2>&1
expect "a missing file, French" 1 fr -d db import roster nowhere.csv
contains "glibc's text in French" "$err" \
    "tandem: nowhere.csv: Aucun fichier ou dossier de ce nom"
expect "a missing file, English" 1 en -d db import roster nowhere.csv
contains "glibc's text in English" "$err" \
    "tandem: nowhere.csv: No such file or directory"

# The demo's outbox and programme.
TANDEM_NOW=2026-11-27T09:00:00Z tandem -d db demo >/dev/null 2>&1 ||
    not_ok "the demo is made"
expect "mail list, French" 0 fr -d db mail list
lacks "no state in English" "$out" "	queued	"
contains "states in French" "$out" "	en attente	"
contains "kinds in French" "$out" "	questionnaire	"
lacks "no kind in English" "$out" "	survey	"
expect "mail list, English" 0 en -d db mail list
contains "English keeps the stored words" "$out" "	queued	survey	"
id=$(en -d db mail list | head -1 | cut -f1)
expect "mail show, French" 0 fr -d db mail show "$id"
contains "its state in French" "$out" "état : en attente"
expect "programme show, French" 0 fr -d db programme show "Cap numérique"
contains "the format in French" "$out" "format : individuel"
contains "the direction in French" "$out" "direction : par génération"
expect "programme show, English" 0 en -d db programme show "Cap numérique"
contains "English unchanged" "$out" "format: one-to-one"

# A system error inside a library's message (helper "pages"): the
# backup's directory is not there.
expect "a backup nowhere, French" 1 fr -d db backup nowhere/copy.db
contains "the library's errno text in French" "$err" \
    "impossible de créer la sauvegarde : aucun fichier ou dossier de ce nom"
lacks "not glibc's English" "$err" "No such file"
expect "a backup nowhere, English" 1 en -d db backup nowhere/copy.db
contains "glibc's text in English" "$err" \
    "cannot create the backup: No such file or directory"

done_testing

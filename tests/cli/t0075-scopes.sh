# Roles scoped to programmes (issue 14): granted for one programme or
# several, listed with them, refused elsewhere, revoked programme by
# programme; the admin role stays global.
. "$(dirname "$0")/lib.sh"

export TANDEM_NOW=2026-11-27T09:00:00Z
tandem demo >/dev/null 2>&1 || { not_ok "demo"; echo "1..$n"; exit 1; }
expect "the manager drafts programme B" 0 tandem --as E100013 programme \
    create --purpose "Une autre direction" "Programme B"
expect "and programme C" 0 tandem --as E100013 programme create \
    --purpose "Encore une" "Programme C"

expect "grant manager for B" 0 tandem role grant E100020 manager \
    --programme "Programme B"
contains "says for which" "$out" "now holds the manager role for programme \"Programme B\""
expect "and for C" 0 tandem role grant E100020 manager --programme \
    "Programme C"
expect "role list" 0 tandem role list
contains "names the programmes" "$out" "manager	2026-11-27T09:00:00Z	system	programmes: Programme B, Programme C"
lacks "a global grant names none" "$out" "E100013	Nathalie Nicolas	manager	2026-11-27T09:00:00Z	system	programmes"

expect "the manager of B edits B" 0 tandem --as E100020 programme edit \
    --purpose "Changée" "Programme B"
expect "but not Cap numérique" 1 tandem --as E100020 programme edit \
    --purpose "Changée" "Cap numérique"
contains "says why" "$err" "needs the programme manager role for this programme; E100020 holds it for other programmes only"
expect "nor its history" 1 tandem --as E100020 programme history \
    "Cap numérique"
expect "nor match it" 1 tandem --as E100020 match --dry-run "Cap numérique"
expect "nor plan its sessions" 1 tandem --as E100020 session plan \
    "Cap numérique"
expect "nor read its report" 1 tandem --as E100020 report "Cap numérique"

expect "the admin role is never scoped" 1 tandem role grant E100021 admin \
    --programme "Programme B"
contains "says so" "$err" "the admin role is for all"
expect "a global holder is not narrowed silently" 1 tandem role grant \
    E100013 manager --programme "Programme B"
contains "says to revoke first" "$err" "revoke it first"
expect "nor granted twice" 1 tandem role grant E100020 manager \
    --programme "Programme B"

expect "revoke for C" 0 tandem role revoke E100020 manager --programme \
    "Programme C"
expect "list" 0 tandem role list
contains "B is left" "$out" "programmes: Programme B"
lacks "C is gone" "$out" "Programme C"
expect "revoke for B, the last" 0 tandem role revoke E100020 manager \
    --programme "Programme B"
expect "list" 0 tandem role list
lacks "the role is gone with its last programme" "$out" "E100020"
expect "B is no longer theirs" 1 tandem --as E100020 programme edit \
    --purpose "Encore" "Programme B"

expect "a non-admin grants nothing" 1 tandem --as E100013 role grant \
    E100020 sponsor --programme "Programme B"
expect "audit verifies" 0 tandem audit verify

echo "1..$n"

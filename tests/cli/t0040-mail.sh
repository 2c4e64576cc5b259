# The outbox from the command line: acts queue their messages in their own
# transaction (a refused act queues nothing), delivery to the Maildir
# beside the database, each message once, under a file named by its
# Message-ID; mail list, show, retry, config, prefs and their refusals.
. "$(dirname "$0")/lib.sh"

expect "demo" 0 tandem demo --size 160
manager=$(sed -n 's/.*programme manager: *.*(.*, \(E[0-9]*\))$/\1/p' "$out")
sponsor=$(sed -n 's/.*sponsor: *.*(.*, \(E[0-9]*\))$/\1/p' "$out")
P="Cap numérique"
queued=$(sql "SELECT count(*) FROM outbox")
[ "$queued" -gt 100 ] && ok "the demo's acts queued messages ($queued)" ||
    not_ok "the demo's acts queued messages ($queued)"
is "nothing sent yet" "$(sql "SELECT count(*) FROM outbox WHERE state <> 'queued'")" 0
is "one installation identifier" \
    "$(sql "SELECT count(*) FROM installation WHERE length(id) = 16")" 1

# A refused act queues nothing.
refused "a mentee cannot open a programme" \
    "tandem: opening a programme needs the programme manager role, which E100000 does not hold" \
    tandem --as E100000 programme open "$P"
expect "an act refused for its state" 1 tandem --as "$manager" programme submit "$P"
is "a refused act queued nothing" "$(sql "SELECT count(*) FROM outbox")" "$queued"

# Who may read and send.
refused "a mentee may not list the outbox" \
    "tandem: reading the outbox needs the admin or the programme manager role, which E100000 does not hold" \
    tandem --as E100000 mail list
expect "a manager lists the outbox" 0 tandem --as "$manager" mail list
refused "a manager may not send the outbox" \
    "tandem: sending the outbox needs the admin role, which $manager does not hold" \
    tandem --as "$manager" mail send

# Usage errors touch nothing.
expect "mail: no sub-command" 2 tandem mail
expect "mail list --state bogus" 2 tandem mail list --state bogus
expect "mail show: not a number" 2 tandem mail show x
expect "mail retry: nothing named" 2 tandem mail retry
expect "mail prefs: nothing to change" 2 tandem mail prefs
expect "mail prefs: not on or off" 2 tandem mail prefs --reminders maybe
refused "mail config: a sender that is not an address" \
    "tandem: from: \"not an address\" is not an e-mail address" \
    tandem mail config --from "not an address"
refused "mail config: a web address that is not one" \
    "tandem: url: \"ftp://x\" is not an http:// or https:// address" \
    tandem mail config --url "ftp://x"
expect "mail config" 0 tandem mail config --from tandem@exemple.fr \
    --url https://tandem.exemple.fr/
contains "mail config: the sender" "$out" "from: tandem@exemple.fr"
contains "mail config: no relay, the Maildir" "$out" "relay: none (Maildir tandem-mail)"

# A name with a line break and quotes, for the next message to that person.
victim=$(sql "SELECT e.id FROM session s JOIN enrolment n ON n.id = s.mentee_id JOIN employee e ON e.id = n.employee_id WHERE s.state = 'planned' AND s.start_at > '2026-11-28' ORDER BY s.id LIMIT 1")
sid=$(sql "SELECT s.id FROM session s JOIN enrolment n ON n.id = s.mentee_id WHERE n.employee_id = $victim AND s.state = 'planned' AND s.start_at > '2026-11-28' ORDER BY s.id LIMIT 1")
# CR LF in SQL: SQLite's char(), PostgreSQL's chr().
crlf="char(13, 10)"
[ "$testdb_engine" = pg ] && crlf="chr(13) || chr(10)"
sql "UPDATE employee SET first_name = 'Zoé \"Q\"' || $crlf || 'Bcc: evil@example.com' WHERE id = $victim"
# The planner checks a move as it places a session (both members'
# half-days, holidays, overlaps): the first free day at the same hour.
start=$(sql "SELECT start_at FROM session WHERE id = $sid")
at=
for k in $(seq 1 42); do
	d=$(TZ=Europe/Paris date -d "@$(($(date -d "$start" +%s) + k * 86400))" \
	    "+%Y-%m-%d %H:%M")
	if tandem --as "$manager" session move --at "$d" "$sid" \
	    >/dev/null 2>move.err; then
		at=$d
		break
	fi
done
is "a session moved" "$(test -n "$at" && echo moved || cat move.err)" moved
is "the move queued an invitation for each member" \
    "$(sql "SELECT count(*) FROM outbox WHERE kind = 'session' AND vars LIKE '%uid=%' AND dedup LIKE 'session.s$sid.q1.%'")" 2
mid=$(sql "SELECT id FROM outbox WHERE employee_id = $victim AND dedup LIKE 'session.s$sid.q1.%'")
expect "mail show --raw" 0 tandem mail show --raw "$mid"
cp "$out" raw.eml
lacks "no Bcc header from a name" raw.eml "Bcc: evil"
contains "the name as an encoded word" raw.eml "To: =?UTF-8?B?"
contains "a calendar part, method REQUEST" raw.eml "Content-Type: text/calendar; charset=UTF-8; method=REQUEST"
expect "mail show" 0 tandem mail show "$mid"
contains "mail show: the state" "$out" "state: queued"
contains "mail show: the Message-ID" "$out" "message-id: <tandem.session.s$sid.q1.e$victim."

# Delivery to the Maildir beside the database.
total=$(sql "SELECT count(*) FROM outbox")
expect "mail send" 0 tandem mail send
contains "mail send: says where" "$out" "Maildir: tandem-mail"
files=$(ls tandem-mail/new | wc -l)
sent=$(sql "SELECT count(*) FROM outbox WHERE state = 'sent'")
is "every message sent is one file" "$files" "$sent"
is "nothing left queued" "$(sql "SELECT count(*) FROM outbox WHERE state = 'queued'")" 0
[ "$sent" -ge "$total" ] && ok "every message sent ($sent)" ||
    not_ok "every message sent ($sent of $total)"
expect "mail send again" 0 tandem mail send
has_line "mail send again: nothing to send" "$out" "0 sent, 0 deferred, 0 failed"
is "no file twice" "$(ls tandem-mail/new | wc -l)" "$files"
f=$(grep -l "^X-Tandem-Kind: announce" tandem-mail/new/* | head -1)
contains "an announcement declares its language" "$f" "Content-Language: "
expect "mail list --state sent" 0 tandem mail list --state sent --limit 3
is "mail list --limit" "$(wc -l <"$out")" 3

# A message whose address cannot be one is a recorded failure, never a
# lost act.
sql "UPDATE employee SET email = 'bad address@x' WHERE id = (SELECT employee_id FROM enrolment WHERE programme_id = 1 AND withdrawn_at IS NULL ORDER BY id LIMIT 1)"
expect "programme close" 0 tandem --as "$manager" programme close "$P"
expect "mail send with a bad address" 0 tandem mail send
contains "mail send: the messages to the bad address failed" "$out" " 0 deferred, 2 failed"
expect "mail list --state failed" 0 tandem mail list --state failed
contains "the failure says why" "$out" "not an e-mail address a message can be sent to"
fid=$(cut -f1 "$out" | head -1)
expect "mail retry" 0 tandem mail retry "$fid"
has_line "mail retry: says so" "$out" "1 message queued again"
is "retried: queued" "$(sql "SELECT state FROM outbox WHERE id = $fid")" queued
is "the closing survey was queued" \
    "$(sql "SELECT CASE WHEN count(*) > 10 THEN 1 ELSE 0 END FROM outbox WHERE kind = 'survey'")" 1

# Preferences are a person's own.
refused "the system operator has no preferences" \
    "tandem: only a person in the roster has messages to turn off: say who you are (--as EMPLOYEE_ID)" \
    tandem mail prefs --reminders off
expect "a person turns reminders off" 0 tandem --as E100000 mail prefs --reminders off
is "recorded" "$(sql "SELECT reminders, digests FROM mail_pref WHERE employee_id = (SELECT id FROM employee WHERE matricule = 'E100000')")" "0|1"
expect "audit verify" 0 tandem audit verify

# The audience of an opening: a site and a generation.
expect "a targeted programme" 0 tandem --as "$manager" programme create Ciblé \
    --purpose "Pour un site" --topics generative-ai --start 2027-01-04 \
    --end 2027-06-30 --data-notice "Vos choix seulement."
site=$(sql "SELECT site FROM employee WHERE active = 1 AND site <> '' GROUP BY site ORDER BY count(*) DESC LIMIT 1")
refused "a mentee may not choose an audience" \
    "tandem: editing a programme needs the programme manager role, which E100000 does not hold" \
    tandem --as E100000 mail audience --site "$site" Ciblé
refused "an unknown generation" \
    "tandem: generation: \"w\" is not a generation (tandem generations)" \
    tandem --as "$manager" mail audience --generation w Ciblé
expect "mail audience" 0 tandem --as "$manager" mail audience --site "$site" \
    --generation y Ciblé
contains "mail audience: says so" "$out" "site $site, generation y"
expect "submit" 0 tandem --as "$manager" programme submit Ciblé
expect "approve" 0 tandem --as "$sponsor" programme approve Ciblé
expect "open" 0 tandem --as "$manager" programme open Ciblé
want=$(sql "SELECT count(*) FROM employee e JOIN generation g ON e.birth_year BETWEEN COALESCE(g.first_year, 0) AND COALESCE(g.last_year, 9999) WHERE e.active = 1 AND e.site = '$site' AND g.code = 'y'")
got=$(sql "SELECT count(*) FROM outbox o JOIN programme p ON p.id = o.programme_id WHERE p.name = 'Ciblé' AND o.kind = 'announce'")
is "announced to that site and generation only ($want)" "$got" "$want"
refused "an audience once open" \
    "tandem: programme \"Ciblé\" is open: its opening was announced already" \
    tandem --as "$manager" mail audience --site "$site" Ciblé

done_testing

# The rest of issue 13 from the command line: a tandem ended by an
# erasure tells the partner (only that it ended, nothing naming the
# erased person), in the erasure's transaction; sent messages are deleted
# after the retention ("mail config --keep"), failed ones kept until
# retried.
. "$(dirname "$0")/lib.sh"

expect "demo" 0 tandem demo --size 160
P="Cap numérique"

# --- Erasure tells the partner ----------------------------------------------

row=$(sql "SELECT r.matricule || ' ' || t.matricule || ' ' || t.id || ' ' || p.id FROM pair p JOIN enrolment m ON m.id = p.mentor_id JOIN employee r ON r.id = m.employee_id JOIN enrolment e ON e.id = p.mentee_id JOIN employee t ON t.id = e.employee_id WHERE p.state = 'accepted' AND m.withdrawn_at IS NULL AND e.withdrawn_at IS NULL ORDER BY p.id LIMIT 1")
set -- $row
gone=$1 partner=$2 partner_id=$3 pair=$4
gone_last=$(sql "SELECT last_name FROM employee WHERE matricule = '$gone'")
is "no end told yet" \
    "$(sql "SELECT count(*) FROM outbox WHERE kind = 'ended' AND dedup LIKE 'ended.t$pair.%'")" 0
# A refused erasure tells nobody.
expect "an erasure refused (a mentee)" 1 tandem --as "$partner" erase person "$gone"
is "a refused erasure queues nothing" \
    "$(sql "SELECT count(*) FROM outbox WHERE kind = 'ended' AND dedup LIKE 'ended.t$pair.%'")" 0
expect "erase the mentor of an accepted tandem" 0 tandem erase person "$gone"
is "the partner is told that the tandem ended" \
    "$(sql "SELECT count(*) FROM outbox WHERE kind = 'ended' AND employee_id = $partner_id AND dedup LIKE 'ended.t$pair.%'")" 1
is "nobody else is told of that tandem" \
    "$(sql "SELECT count(*) FROM outbox WHERE kind = 'ended' AND dedup LIKE 'ended.t$pair.%'")" 1
is "nothing queued names the erased person" \
    "$(sql "SELECT count(*) FROM outbox WHERE instr(vars, '$gone_last') > 0 OR instr(rcpt_name, '$gone_last') > 0")" 0
mid=$(sql "SELECT id FROM outbox WHERE kind = 'ended' AND employee_id = $partner_id AND dedup LIKE 'ended.t$pair.%'")
expect "mail show --raw of the end" 0 tandem mail show --raw "$mid"
python3 - "$out" >body.txt <<'PY'
import email, sys
m = email.message_from_binary_file(open(sys.argv[1], 'rb'))
for part in m.walk():
    if part.get_content_type() == 'text/plain':
        print(part.get_payload(decode=True).decode())
PY
contains "the partner learns that it ended" body.txt "a pris fin"
lacks "and nothing of why" body.txt "effac"

# --- The opening's shared variables, stored once ---------------------------

is "the announcement's programme and purpose are stored once" \
    "$(sql "SELECT count(*) FROM mail_vars WHERE instr(vars, 'purpose=') > 0")" 1
is "each announcement row keeps only its recipient's name" \
    "$(sql "SELECT count(*) FROM outbox WHERE kind = 'announce' AND (shared_id IS NULL OR instr(vars, 'purpose=') > 0 OR instr(vars, 'name=') <> 1)")" 0
aid=$(sql "SELECT id FROM outbox WHERE kind = 'announce' ORDER BY id LIMIT 1")
expect "mail show --raw of an announcement" 0 tandem mail show --raw "$aid"
python3 - "$out" >body.txt <<'PY'
import email, sys
m = email.message_from_binary_file(open(sys.argv[1], 'rb'))
print(email.header.make_header(email.header.decode_header(m['Subject'])))
for part in m.walk():
    if part.get_content_type() == 'text/plain':
        print(part.get_payload(decode=True).decode())
PY
contains "its subject names the programme" body.txt "« $P »"
purpose=$(sql "SELECT substr(purpose, 1, 30) FROM programme WHERE name = '$P'")
contains "its text gives the purpose" body.txt "$purpose"
contains "and greets its recipient" body.txt "Bonjour "

# --- Retention --------------------------------------------------------------

expect "mail config: 90 days by default" 0 tandem mail config
contains "the retention shown" "$out" "sent messages kept: 90 days"
expect "mail config --keep: not a number" 2 tandem mail config --keep x
expect "mail config --keep 0" 2 tandem mail config --keep 0
manager=$(sql "SELECT created_by FROM programme WHERE name = '$P'")
refused "a manager may not set the retention" \
    "tandem: sending the outbox needs the admin role, which $manager does not hold" \
    tandem --as "$manager" mail config --keep 30
expect "mail config --keep 30" 0 tandem mail config --keep 30
contains "the new retention" "$out" "sent messages kept: 30 days"

# One message cannot be built: it fails, and stays.
bad=$(sql "SELECT id FROM outbox WHERE state = 'queued' ORDER BY id LIMIT 1")
sql "UPDATE outbox SET rcpt_addr = 'not an address' WHERE id = $bad"
expect "mail send" 0 at 2026-11-27T10:00:00Z mail send
sent=$(sql "SELECT count(*) FROM outbox WHERE state = 'sent'")
[ "$sent" -gt 100 ] && ok "sent ($sent)" || not_ok "sent ($sent)"
is "one failed" "$(sql "SELECT state FROM outbox WHERE id = $bad")" failed

TANDEM_NOW=2026-12-26T09:00:00Z "$TANDEM" mail send >/dev/null 2>&1
is "29 days later, every sent message is kept" \
    "$(sql "SELECT count(*) FROM outbox WHERE state = 'sent' AND sent_at <= '2026-11-27T10:00:00Z'")" "$sent"
expect "31 days later" 0 at 2026-12-28T11:00:00Z mail send
contains "mail send says how many it deleted" "$out" "sent messages past the retention deleted"
is "the sent messages past 30 days are deleted" \
    "$(sql "SELECT count(*) FROM outbox WHERE state = 'sent' AND sent_at <= '2026-11-27T10:00:00Z'")" 0
is "the shared variables no message uses are deleted too" \
    "$(sql "SELECT count(*) FROM mail_vars")" \
    "$(sql "SELECT count(DISTINCT shared_id) FROM outbox")"
is "the failed one stays until retried" \
    "$(sql "SELECT state FROM outbox WHERE id = $bad")" failed
expect "the audit chain still verifies" 0 tandem audit verify

done_testing

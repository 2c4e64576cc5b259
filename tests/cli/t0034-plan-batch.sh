# A planning's invitations at scale (issue 12's benchmark): a planning of
# more than 500 sessions queues the first 500 itself and leaves the rest
# as one row of mail_batch, which delivery turns into the messages the
# act would have written: the same dedup keys and Message-IDs, dated at
# the act (created_at, DTSTAMP), never twice.  An erasure queues what is
# pending before it forgets the person.
. "$(dirname "$0")/lib.sh"

tandem demo --size 600 --mentees 100 --mentors 25 --capacity 4 >demo.txt
manager=$(sed -n 's/.*programme manager:.*(.*, \(E[0-9]*\))$/\1/p' demo.txt)
P="Cap numérique"
tandem --as "$manager" match "$P" >/dev/null
tandem --as "$manager" pair publish "$P" >/dev/null
sql "UPDATE pair SET state = 'accepted' WHERE state = 'published'; UPDATE programme SET session_count = 8"
before=$(sql "SELECT count(*) FROM outbox")
first=$(sql "SELECT COALESCE(max(id), 0) + 1 FROM session")

expect "a planning of 100 pairs" 0 at 2026-11-27T09:00:00Z \
    --as "$manager" session plan "$P"
planned=$(sql "SELECT count(*) FROM session WHERE id >= $first")
is "over 500 sessions planned" "$(test "$planned" -gt 500 && echo yes)" yes
is "one batch left to delivery" \
    "$(sql "SELECT programme_id, first_id, last_id, done_id, at FROM mail_batch")" \
    "1|$first|$((first + planned - 1))|$((first + 499))|2026-11-27T09:00:00Z"
is "the first 500 sessions queued by the act, two members each" \
    "$(sql "SELECT count(*) FROM outbox WHERE kind = 'session'")" 1000
is "the others not yet" \
    "$(sql "SELECT count(*) FROM outbox WHERE kind = 'session' AND dedup LIKE 'session.s$((first + 500)).%'")" 0

# A rolled-back act leaves no batch: a second planning places nothing
# new and queues nothing.
expect "planned again: nothing more" 0 at 2026-11-27T09:00:30Z \
    --as "$manager" session plan "$P"
is "no second batch" "$(sql "SELECT count(*) FROM mail_batch")" 1

pending=$(testdb_copy "$db_main" pending.db)
expect "delivery, an hour later" 0 at 2026-11-27T10:00:00Z \
    mail send --max 1 --maildir md
is "the batch is gone" "$(sql "SELECT count(*) FROM mail_batch")" 0
is "every session's two members told" \
    "$(sql "SELECT count(*) FROM outbox WHERE kind = 'session'")" \
    "$((planned * 2))"
is "one message per session and member" \
    "$(sql "SELECT count(*) FROM (SELECT s.id FROM session s JOIN outbox o ON o.dedup LIKE 'session.s' || s.id || '.q0.e%' WHERE s.id >= $first GROUP BY s.id HAVING count(*) = 2) AS x")" \
    "$planned"
is "dated at the act, not at delivery" \
    "$(sql "SELECT DISTINCT created_at FROM outbox WHERE kind = 'session'")" \
    2026-11-27T09:00:00Z
is "their calendar part stamped at the act" \
    "$(sql "SELECT count(*) FROM outbox WHERE kind = 'session' AND instr(ical, 'DTSTAMP:20261127T090000Z') = 0")" 0
is "Message-IDs made of the dedup key" \
    "$(sql "SELECT count(*) FROM outbox WHERE kind = 'session' AND msgid NOT LIKE 'tandem.' || replace(dedup, '_', '-') || '.%'")" 0
is "no Message-ID twice" \
    "$(sql "SELECT CASE WHEN count(DISTINCT msgid) = count(*) THEN 1 ELSE 0 END FROM outbox")" 1
last=$(sql "SELECT max(id) FROM session")
mid=$(sql "SELECT id FROM outbox WHERE dedup LIKE 'session.s$last.q0.%' ORDER BY id LIMIT 1")
expect "the last session's message builds" 0 tandem mail show --raw "$mid"
python3 -c '
import email, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
for p in m.walk():
	if p.get_content_type() == "text/calendar":
		sys.stdout.write(p.get_payload(decode=True).decode())
' "$out" >cal.ics
contains "a REQUEST" cal.ics "METHOD:REQUEST"
contains "its session's UID" cal.ics "UID:$(sql "SELECT uid FROM session WHERE id = $last")"
total=$(sql "SELECT count(*) FROM outbox")
expect "delivery again" 0 at 2026-11-27T10:05:00Z \
    mail send --max 1 --maildir md
is "nothing queued twice" "$(sql "SELECT count(*) FROM outbox")" "$total"

# Erasure while a batch waits: what is pending is queued first, then
# forgotten with the rest.
victim=$(testdb_sql "$pending" "SELECT n.employee_id FROM session s JOIN enrolment n ON n.id = s.mentee_id WHERE s.id = $last")
vmat=$(testdb_sql "$pending" "SELECT matricule FROM employee WHERE id = $victim")
vlast=$(testdb_sql "$pending" "SELECT last_name FROM employee WHERE id = $victim")
testdb_copy "$pending" tandem.db >/dev/null
expect "erase a mentee whose invitations wait" 0 tandem erase person "$vmat"
is "the batch queued before the erasure" \
    "$(sql "SELECT count(*) FROM mail_batch")" 0
is "nothing left to or about them" \
    "$(sql "SELECT count(*) FROM outbox WHERE employee_id = $victim OR instr(vars, '$vlast') > 0 OR instr(COALESCE(ical, ''), '$vlast') > 0")" 0
is "the other sessions' messages queued" \
    "$(sql "SELECT CASE WHEN count(*) > 1000 THEN 1 ELSE 0 END FROM outbox WHERE kind = 'session'")" 1

done_testing

#!/usr/bin/env python3
"""E-mail against a real SMTP server: Debian's aiosmtpd on 127.0.0.1, with
STARTTLS and AUTH required, on a certificate made here with openssl.

Every kind of message the acts of a demo organisation queue is received,
parsed with Python's email package, its headers checked (no header made
of what a person typed), its text in the recipient's language, and its
calendar part read by python3-icalendar with the METHOD, UID and SEQUENCE
of the session in the database.  Faults: the relay down (the messages
wait, then go, none lost, none twice), a 4xx then success, a 5xx
recorded with the relay's answer and told to the programme's manager."""
import email
import os
import re
import socket
import ssl
import subprocess
import sys
import tempfile
from email import policy

try:
    import aiosmtpd  # noqa: F401
    import icalendar  # noqa: F401
except ImportError:
    # Debian's packages are in Debian's Python, which another python3
    # first on PATH may hide.
    if sys.executable != "/usr/bin/python3" and \
            os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from icalendar import Calendar

from tandemapi import NOW, Tap, tandem
import tandemapi  # noqa: E402

t = Tap()
tmp = tempfile.mkdtemp(prefix="tandem-mail-")
db = tandemapi.testdb(os.path.join(tmp, "tandem.db"))
cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key, "-out", cert, "-days", "2", "-subj",
                "/CN=localhost", "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1"],
               check=True, capture_output=True)
secret = os.path.join(tmp, "secret")
with open(secret, "w") as f:
    f.write("s3cret\n")


class Relay:
    """What the relay received, and the failures it is told to give."""

    def __init__(self):
        self.messages = []
        self.rcpts = []
        self.tempfail = set()   # 451 once for these addresses
        self.permfail = set()   # 550 always

    async def handle_RCPT(self, server, session, envelope, address, opts):
        if address in self.permfail:
            return "550 5.1.1 <%s>: Recipient address rejected" % address
        if address in self.tempfail:
            self.tempfail.discard(address)
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)
        self.rcpts.append(list(envelope.rcpt_tos))
        return "250 Message accepted"


def authenticate(server, session, envelope, mechanism, data):
    ok = isinstance(data, LoginPassword) and data.login == b"tandem" and \
        data.password == b"s3cret"
    return AuthResult(success=ok, handled=False)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


relay = Relay()
port = free_port()
ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
ctx.load_cert_chain(cert, key)


def start():
    c = Controller(relay, hostname="127.0.0.1", port=port, tls_context=ctx,
                   require_starttls=True, authenticator=authenticate,
                   auth_required=True, auth_require_tls=True)
    c.start()
    return c


ENV = {"TANDEM_SMTP_URL": "smtp://127.0.0.1:%d" % port,
       "TANDEM_SMTP_USER": "tandem", "TANDEM_SMTP_SECRET_FILE": secret,
       "TANDEM_SMTP_CA_FILE": cert}


def send(now=NOW, check=True):
    return tandem(db, "mail", "send", env=dict(ENV, TANDEM_NOW=now),
                  check=check)


def sql(q, *args):
    c = tandemapi.connect(db)
    try:
        return c.execute(q, args).fetchall()
    finally:
        c.close()


def parsed():
    return [email.message_from_bytes(m, policy=policy.default)
            for m in relay.messages]


def text_of(m):
    return m.get_body(preferencelist=("plain",)).get_content()


out = tandem(db, "demo", "--size", "160").stdout
manager = re.search(r"programme manager: +.*?(E\d+)", out)
roles = dict((r[1], r[0]) for r in (line.split("\t") for line in
             tandem(db, "role", "list").stdout.splitlines()) if len(r) > 2)
mgr = [line.split("\t")[0] for line in
       tandem(db, "role", "list").stdout.splitlines()
       if line.split("\t")[2] == "manager"][0]
spn = [line.split("\t")[0] for line in
       tandem(db, "role", "list").stdout.splitlines()
       if line.split("\t")[2] == "sponsor"][0]
tandem(db, "mail", "config", "--from", "tandem@exemple.fr", "--url",
       "https://tandem.exemple.fr")

# Acts the demo does not do: a programme returned with a note, a session
# moved to tomorrow (an update and a reminder), one cancelled, and a
# person whose name would inject a header if it were written as is.
tandem(db, "--as", mgr, "programme", "create", "Atelier IA", "--purpose",
       "Découvrir l'IA générative", "--topics", "generative-ai",
       "--start", "2027-01-04", "--end", "2027-06-30", "--data-notice",
       "Seuls vos choix sont conservés.")
tandem(db, "--as", mgr, "programme", "submit", "Atelier IA")
tandem(db, "--as", spn, "programme", "return", "--note",
       "Précisez le public visé.", "Atelier IA")
planned = sql("SELECT s.id, e.employee_id FROM session s "
              "JOIN enrolment e ON e.id = s.mentee_id "
              "WHERE s.state = 'planned' AND s.start_at > ? ORDER BY s.id",
              NOW)
moved, victim = planned[0]
cancelled = planned[1][0]
before = sql("SELECT max(id) FROM outbox")[0][0]
sql_c = tandemapi.connect(db)
sql_c.execute("UPDATE employee SET first_name = ? WHERE id = ?",
              ('Zoé "Q"\r\nBcc: evil@example.com', victim))
sql_c.commit()
sql_c.close()
tandem(db, "--as", mgr, "session", "move", "--at", "2026-12-22 10:00",
       str(moved))
# Tomorrow is a Saturday, where the planner places nothing: the session
# is put there behind its back, so that the delivery run finds a session
# in the next 24 hours to remind its members of.
sql_c = tandemapi.connect(db)
sql_c.execute("UPDATE session SET start_at = '2026-11-28T08:30:00Z' "
              "WHERE id = ?", (moved,))
sql_c.commit()
sql_c.close()
tandem(db, "--as", mgr, "session", "cancel", "--reason",
       "raison privée qui ne doit jamais partir", str(cancelled))

# The relay down: nothing is lost, the command fails and says why.
p = send(check=False)
t.ok(p.returncode != 0, "relay down: mail send fails", p.stdout + p.stderr)
t.is_(sql("SELECT count(*) FROM outbox WHERE state <> 'queued'")[0][0],
      0, "relay down: every message still queued")
t.is_(sql("SELECT count(*) FROM outbox WHERE attempts > 0")[0][0], 0,
      "relay down: no attempt counted against a message")

# A wrong secret: refused, nothing sent.
ctrl = start()
p = tandem(db, "mail", "send", env=dict(ENV, TANDEM_SMTP_SECRET_FILE=cert),
           check=False)
t.ok(p.returncode != 0 and not relay.messages and
     "535" in p.stderr, "a wrong secret sends nothing, and says why",
     p.stdout + p.stderr)
t.is_(sql("SELECT count(*) FROM outbox WHERE state <> 'queued'")[0][0],
      0, "a wrong secret: every message still queued")

# One address answers 451 once, another 550 for good.
addrs = sql("SELECT rcpt_addr FROM outbox GROUP BY rcpt_addr "
            "HAVING count(*) = 1 AND max(kind) = 'announce' ORDER BY 1 LIMIT 2")
temp_addr, perm_addr = addrs[0][0], addrs[1][0]
relay.tempfail.add(temp_addr)
relay.permfail.add(perm_addr)
p = send()
t.ok(re.search(r"\b1 deferred, 1 failed", p.stdout), "4xx deferred, 5xx "
     "failed", p.stdout)
t.is_(sql("SELECT state FROM outbox WHERE rcpt_addr = ? AND "
          "kind = 'announce'", temp_addr), [("queued",)],
      "4xx: the message waits")
failed = sql("SELECT id, last_error FROM outbox WHERE state = 'failed'")
t.ok(len(failed) == 1 and failed[0][1].startswith("550 5.1.1"),
     "5xx: recorded with the relay's answer", failed)
listing = tandem(db, "mail", "list", "--state", "failed").stdout
t.ok("550 5.1.1" in listing, "5xx: mail list shows it", listing)
# The back-off: not before a minute, then sent.
p = send(now="2026-11-27T09:00:30Z")
t.ok(p.stdout.startswith("0 sent"), "4xx: not tried again at once",
     p.stdout)
p = send(now="2026-11-27T09:05:00Z")
t.is_(sql("SELECT state, attempts FROM outbox WHERE rcpt_addr = ? AND "
          "kind = 'announce'", temp_addr), [("sent", 2)],
      "4xx then success: sent at the second attempt")
t.is_(sql("SELECT count(*) FROM outbox WHERE state = 'queued'")[0][0], 0,
      "nothing left queued")

msgs = parsed()
ids = [m["Message-ID"] for m in msgs]
t.is_(len(ids), len(set(ids)), "no message received twice")
sent = sql("SELECT msgid FROM outbox WHERE state = 'sent'")
t.is_(sorted(ids), sorted("<%s>" % r[0] for r in sent),
      "every message sent was received, and only those")

# The failure, told to the manager.
notice = [m for m in msgs if m["X-Tandem-Kind"] == "failure"]
t.ok(len(notice) == 1 and perm_addr in text_of(notice[0]) and
     "550 5.1.1" in text_of(notice[0]), "the manager is told of the 5xx",
     [text_of(m) for m in notice])

by_id = {}
for row in sql("SELECT msgid, kind, lang, rcpt_addr, employee_id, coach_id, "
               "id FROM outbox"):
    by_id["<%s>" % row[0]] = row
kinds = set(m["X-Tandem-Kind"] for m in msgs)
for k in ("approval", "approved", "returned", "announce", "enrolled",
          "proposal", "answer", "session", "cancel", "reminder", "feedback",
          "at-risk", "digest", "failure"):
    t.ok(k in kinds, "a message of kind %s was received" % k, sorted(kinds))

bad_headers, bad_lang, bad_from = [], [], []
for m in msgs:
    row = by_id[m["Message-ID"]]
    if m["From"].addresses[0].addr_spec != "tandem@exemple.fr":
        bad_from.append(m["From"])
    if m["To"].addresses[0].addr_spec != row[3] or not m["Subject"] or \
            not m["Date"] or m["MIME-Version"] != "1.0":
        bad_headers.append((m["To"], m["Subject"]))
    greeting = "Hello" if row[2] == "en" else "Bonjour"
    if m["Content-Language"] != row[2] or \
            not text_of(m).startswith(greeting):
        bad_lang.append((row[2], text_of(m)[:40]))
t.is_(bad_from, [], "every message is from the configured sender")
t.is_(bad_headers, [], "To, Subject, Date, MIME-Version on every message")
t.is_(bad_lang, [], "every text in its recipient's language")
t.ok(any(r[2] == "en" for r in by_id.values()) and
     any(r[2] == "fr" for r in by_id.values()),
     "messages in both languages were sent")
html = [m for m in msgs if m.get_body(preferencelist=("html",)) is None]
t.is_(html, [], "every message has an HTML alternative")
t.ok(all("<img" not in m.get_body(preferencelist=("html",)).get_content()
         for m in msgs), "no image, so no tracking pixel")
t.ok(not any("raison privée" in str(m) or "raison privée" in
             m.get_body(preferencelist=("plain",)).get_content()
             for m in msgs), "a cancellation's private reason is in no "
     "message")
t.ok(all("https://tandem.exemple.fr" in text_of(m) for m in msgs),
     "messages link to the configured web address")

# The name that tried to inject a header.
zoe = [m for m in msgs if by_id[m["Message-ID"]][4] == victim and
       by_id[m["Message-ID"]][6] > before]
t.ok(zoe and all(m["Bcc"] is None for m in zoe) and
     all(b"\nBcc:" not in raw for raw in relay.messages),
     "a line break in a name makes no header")
t.ok(zoe and all(m["To"].addresses[0].display_name.startswith('Zoé "Q"')
                 for m in zoe), "the name arrives whole, encoded",
     [m["To"] for m in zoe])
t.ok(all(b"=?UTF-8?B?" in raw.split(b"\r\n\r\n")[0]
         for raw, m in zip(relay.messages, msgs) if m in zoe),
     "the name is an RFC 2047 encoded word")
t.ok(all(len(line) <= 998 for raw in relay.messages
         for line in raw.split(b"\r\n")), "no line over 998 octets")

# Calendar parts: METHOD, UID and SEQUENCE of the session as it stands.
sessions = {r[0]: r for r in sql("SELECT uid, sequence, state FROM session")}
bad_cal, cal_count = [], 0
for m in msgs:
    kind = m["X-Tandem-Kind"]
    parts = [p for p in m.walk() if p.get_content_type() == "text/calendar"]
    if kind not in ("session", "cancel"):
        if parts:
            bad_cal.append((kind, "has a calendar part"))
        continue
    if len(parts) != 1:
        bad_cal.append((kind, "no calendar part"))
        continue
    cal_count += 1
    cal = Calendar.from_ical(parts[0].get_content())
    method = "CANCEL" if kind == "cancel" else "REQUEST"
    ev = list(cal.walk("VEVENT"))[0]
    uid = str(ev["UID"])
    if str(cal["METHOD"]) != method or \
            parts[0].get_param("method") != method:
        bad_cal.append((kind, "method", str(cal["METHOD"])))
    if uid not in sessions:
        bad_cal.append((kind, "uid", uid))
    elif kind == "cancel" and int(ev["SEQUENCE"]) != sessions[uid][1]:
        bad_cal.append((kind, "sequence", int(ev["SEQUENCE"])))
    attendees = [str(a).lower() for a in
                 (ev["ATTENDEE"] if isinstance(ev["ATTENDEE"], list)
                  else [ev["ATTENDEE"]])]
    if "mailto:" + by_id[m["Message-ID"]][3].lower() not in attendees:
        bad_cal.append((kind, "recipient not an attendee"))
t.is_(bad_cal, [], "calendar parts: METHOD, UID, SEQUENCE, attendee")
t.ok(cal_count > 0, "session messages carry a calendar part")
inst = sql("SELECT id FROM installation")[0][0]
mv_uid = sql("SELECT uid, sequence FROM session WHERE id = ?", moved)[0]
t.ok(inst in mv_uid[0], "new UIDs carry the installation's identifier",
     mv_uid)
seqs = sorted(int(list(Calendar.from_ical(p.get_content())
                       .walk("VEVENT"))[0]["SEQUENCE"])
              for m in msgs for p in m.walk()
              if p.get_content_type() == "text/calendar" and
              mv_uid[0] in p.get_content())
t.ok(seqs and seqs[-1] == mv_uid[1] and 0 < mv_uid[1],
     "the moved session's last invitation has its SEQUENCE", seqs)

# A second run sends nothing again; the reminders are not queued twice.
n = len(relay.messages)
send()
send()
t.is_(len(relay.messages), n, "a second run sends nothing")
# Turning reminders off is honoured.
p = tandem(db, "mail", "prefs", "--reminders", "off", check=False)
t.ok(p.returncode != 0, "the system operator has no reminders to turn off")

# Retry of the failed message, once the address is fixed at the relay.
relay.permfail.clear()
p = tandem(db, "mail", "retry", str(failed[0][0]))
t.ok("1 message queued again" in p.stdout, "mail retry queues it again",
     p.stdout)
send(now="2026-11-27T10:00:00Z")
t.is_(sql("SELECT state FROM outbox WHERE id = ?", failed[0][0]),
      [("sent",)], "the retried message is sent")

ctrl.stop()
raise SystemExit(t.done())

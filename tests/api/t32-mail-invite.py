#!/usr/bin/env python3
"""Issue 13's rest over HTTP: a programme's bulk invitations go through
the outbox (one message each, with its one-time link, in the invitee's
language), shown to the manager only when no relay is configured; the
link leaves the outbox once the message is sent.  And GET/PUT
/api/me/mail, where a person turns reminders and the digest off.
"""
import email
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tandemapi  # noqa: E402

tap = tandemapi.Tap()


def text_of(raw):
    m = email.message_from_bytes(raw)
    parts = {p.get_content_type(): p.get_payload(decode=True).decode()
             for p in m.walk() if not p.is_multipart()}
    return m, parts


def main():
    # A relay is configured (never reached: the courier is off), so the
    # invitations are mailed, not shown.
    os.environ["TANDEM_SMTP_URL"] = "smtp://127.0.0.1:9"
    os.environ.setdefault("TANDEM_MAIL_INTERVAL", "0")
    fx = tandemapi.Fixture(size=60)
    with tandemapi.connect(fx.db) as c:
        pid = c.execute("SELECT id FROM programme ORDER BY id "
                        "LIMIT 1").fetchone()[0]
        want = c.execute(
            "SELECT count(*) FROM enrolment n JOIN employee e ON "
            "e.id = n.employee_id LEFT JOIN account a ON a.employee_id = "
            "e.id WHERE n.programme_id = ? AND n.withdrawn_at IS NULL "
            "AND e.active = 1 AND a.password IS NULL", (pid,)).fetchone()[0]
    count = "SELECT count(*) FROM outbox WHERE kind = 'invite'"

    mentor = fx.client(fx.email["mentor"])
    r = mentor.post("/api/programmes/%d/invitations" % pid)
    tap.is_(r.status, 403, "a mentor may not invite a programme")
    with tandemapi.connect(fx.db) as c:
        tap.is_(c.execute(count).fetchone()[0], 0,
                "a refused act mails nothing")

    man = fx.client(fx.email["manager"])
    r = man.post("/api/programmes/%d/invitations" % pid)
    v = r.json()
    tap.ok(r.status == 201 and v["count"] == want and want > 0 and
           v["mailed"] is True and len(v["invitations"]) == want and
           all("link" not in i for i in v["invitations"]),
           "with a relay, the %d invitations are mailed, no link shown"
           % want, r.body[:400])
    tap.ok(b"/invite/" not in r.body, "no link anywhere in the answer")
    with tandemapi.connect(fx.db) as c:
        rows = c.execute(
            "SELECT o.id, o.rcpt_addr, o.lang, o.vars FROM outbox o "
            "JOIN employee e ON e.id = o.employee_id WHERE o.kind = "
            "'invite' AND o.programme_id = ? ORDER BY o.id",
            (pid,)).fetchall()
    tap.ok(len(rows) == want and
           {x[1] for x in rows} == {i["email"] for i in v["invitations"]},
           "one message queued to each invitee", rows[:3])

    # The message, as the relay would get it.
    p = tandemapi.tandem(fx.db, "mail", "show", "--raw", str(rows[0][0]))
    m, parts = text_of(p.stdout.encode())
    token = re.search(r"/invite/([A-Za-z0-9_-]{43})\b",
                      parts.get("text/plain", ""))
    tap.ok(token is not None and m["To"] is not None and
           rows[0][1] in m["To"], "the message carries the one-time link",
           parts.get("text/plain", "")[:500])
    fr = rows[0][2] == "fr"
    tap.ok(("Votre invitation à Tandem" if fr else
            "Your invitation to Tandem") in str(
                email.header.make_header(email.header.decode_header(
                    m["Subject"]))),
           "its subject, in the invitee's language", m["Subject"])
    tap.ok(token is not None and ('href="http://localhost:8080/invite/%s"'
                                  % token.group(1)) in
           parts.get("text/html", ""), "the HTML part links it")
    r = tandemapi.Client(fx.server).post("/api/invitations/accept", {
        "token": token.group(1) if token else "x",
        "password": "un mot de passe solide"})
    tap.ok(r.status == 200 and r.json()["email"] == rows[0][1],
           "the mailed link signs its person in", r.body[:300])

    # Delivered (to the Maildir here), the link leaves the outbox.
    maildir = os.path.join(fx.dir, "box")
    p = tandemapi.tandem(fx.db, "mail", "send", "--maildir", maildir,
                         env={"TANDEM_SMTP_URL": ""})
    with tandemapi.connect(fx.db) as c:
        left = c.execute("SELECT count(*) FROM outbox WHERE kind = "
                         "'invite' AND (state <> 'sent' OR vars <> '')"
                         ).fetchone()[0]
        tokens = c.execute("SELECT count(*) FROM outbox WHERE "
                           "instr(vars, 'token=') > 0").fetchone()[0]
    tap.ok(left == 0 and tokens == 0,
           "once sent, no invitation link is left in the outbox",
           (left, tokens, p.stdout))
    files = os.listdir(os.path.join(maildir, "new"))
    kinds = [open(os.path.join(maildir, "new", f), "rb").read()
             .count(b"X-Tandem-Kind: invite\r\n") for f in files]
    tap.is_(sum(kinds), want, "the %d invitations are in the Maildir" % want)

    # The page says they are mailed and shows no link.
    r = man.request("POST", "/programmes/%d/invitations" % pid,
                    body="csrf=" + man.csrf, csrf=False,
                    ctype="application/x-www-form-urlencoded")
    tap.ok(r.status == 201 and b"/invite/" not in r.body and
           "par e-mail" in r.body.decode(),
           "the page says the links go by e-mail, and shows none",
           r.body[-600:])

    # One's optional messages.
    mentee = fx.client(fx.email["mentee"])
    r = mentee.get("/api/me/mail")
    tap.ok(r.status == 200 and r.json() == {"reminders": True,
                                            "digests": True},
           "both on by default", r.body)
    r = mentee.put("/api/me/mail", {"reminders": False})
    tap.ok(r.status == 200 and r.json() == {"reminders": False,
                                            "digests": True},
           "reminders turned off, the digest left as it was", r.body)
    r = mentee.put("/api/me/mail", {"reminders": "non"})
    tap.is_(r.status, 400, "not a boolean: 400")
    r = mentee.put("/api/me/mail", {})
    tap.is_(r.status, 400, "nothing to change: 400")
    with tandemapi.connect(fx.db) as c:
        pref = c.execute(
            "SELECT p.reminders, p.digests FROM mail_pref p JOIN employee "
            "e ON e.id = p.employee_id WHERE e.email = ?",
            (fx.email["mentee"],)).fetchone()
    tap.is_(pref, (0, 1), "stored for that person only")
    r = mentee.get("/account/mail")
    tap.ok(r.status == 200 and b'name="reminders" value="on" ' in r.body
           and b'name="digests" value="on" checked' in r.body,
           "the page shows the choice", r.body[-900:])
    coach = fx.client(fx.email["coach"])
    r = coach.get("/api/me/mail")
    tap.is_(r.status, 403, "a coach, outside the roster, has none")
    r = tandemapi.Client(fx.server).get("/api/me/mail")
    tap.is_(r.status, 401, "signed out: 401")

    rc, log = fx.close()
    tap.is_(rc, 0, "the server stopped cleanly")
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())

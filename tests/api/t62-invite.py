#!/usr/bin/env python3
"""A programme's invitations in bulk: the programme manager invites the
volunteers without a password and the coach, each link shown once and
usable once; nobody else may; with the company's sign-in configured,
employees get none (they sign in with the company account).
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tandemapi  # noqa: E402

tap = tandemapi.Tap()


def main():
    fx = tandemapi.Fixture(size=60)
    with tandemapi.connect(fx.db) as c:
        pid = c.execute("SELECT id FROM programme ORDER BY id "
                        "LIMIT 1").fetchone()[0]
        want = c.execute(
            "SELECT count(*) FROM enrolment n JOIN employee e ON "
            "e.id = n.employee_id LEFT JOIN account a ON a.employee_id = "
            "e.id WHERE n.programme_id = ? AND n.withdrawn_at IS NULL "
            "AND e.active = 1 AND a.password IS NULL", (pid,)).fetchone()[0]
    # The demo's coach has a password; a second invitation is not hers.
    mentor = fx.client(fx.email["mentor"])
    r = mentor.post("/api/programmes/%d/invitations" % pid)
    tap.is_(r.status, 403, "a mentor may not invite a programme")
    man = fx.client(fx.email["manager"])
    r = man.post("/api/programmes/%d/invitations" % pid)
    v = r.json()
    tap.ok(r.status == 201 and v["count"] == want and want > 0 and
           len(v["invitations"]) == want and
           all(i["kind"] == "employee" and
               re.match(r"^/invite/[A-Za-z0-9_-]{43}$", i["link"])
               for i in v["invitations"]),
           "the manager invites the %d volunteers without a password" % want,
           r.body[:500])
    tap.ok(fx.email["coach"] not in r.body.decode(),
           "the coach, who has a password, gets no new link")
    with tandemapi.connect(fx.db) as c:
        a = c.execute("SELECT action, object, detail FROM audit ORDER BY "
                      "id DESC LIMIT 1").fetchone()
    tap.ok(a[0] == "account.invite.programme" and
           a[1] == "programme:%d" % pid and "%d invitations" % want in a[2]
           and "/invite/" not in a[2], "audited once, without the links", a)

    link = v["invitations"][0]["link"]
    who = tandemapi.Client(fx.server)
    r = who.post("/api/invitations/accept", {
        "token": link.split("/")[-1], "password": "un mot de passe solide"})
    tap.ok(r.status == 200 and r.json()["email"] ==
           v["invitations"][0]["email"], "a link signs its person in",
           r.body[:300])
    r = tandemapi.Client(fx.server).post("/api/invitations/accept", {
        "token": link.split("/")[-1], "password": "un mot de passe solide"})
    tap.is_(r.status, 404, "and only once")
    r = man.post("/api/programmes/%d/invitations" % pid)
    tap.is_(r.json()["count"], want - 1,
            "invited again, the one with a password is left out")
    r = man.post("/api/programmes/%d/invitations" % pid,
                 {"volunteers": False})
    tap.is_(r.json()["count"], 0, "coach only: she has a password")
    with tandemapi.connect(fx.db) as c:
        c.execute("UPDATE account SET password = NULL WHERE coach_id IS "
                  "NOT NULL")
    r = man.post("/api/programmes/%d/invitations" % pid,
                 {"volunteers": False})
    v2 = r.json()["invitations"]
    tap.ok(len(v2) == 1 and v2[0]["kind"] == "coach" and
           v2[0]["email"] == fx.email["coach"],
           "a coach without a password is invited", r.body[:300])
    r = man.post("/api/programmes/999999/invitations")
    tap.is_(r.status, 404, "an unknown programme: 404")
    r = man.get("/programmes/%d" % pid)
    tap.ok(('href="/programmes/%d/invitations"' % pid).encode() in r.body,
           "the programme page leads its manager to the invitations")
    # The page: a form, then the links shown once.
    r = man.get("/programmes/%d/invitations" % pid)
    tap.ok(r.status == 200 and b"Cr\xc3\xa9er les invitations" in r.body,
           "the page offers to make the invitations")
    r = man.request("POST", "/programmes/%d/invitations" % pid,
                    body="csrf=" + man.csrf, csrf=False,
                    ctype="application/x-www-form-urlencoded")
    # The volunteers but the one with a password now, and the coach.
    tap.ok(r.status == 201 and r.body.count(b"/invite/") == want and
           "montrés qu'une fois" in r.body.decode().replace("&#39;", "'"),
           "and shows the links once, in French", r.body[-800:])
    rc, log = fx.close()
    tap.is_(rc, 0, "the server stopped cleanly")

    # With the company's sign-in, employees are not invited.
    fx = tandemapi.Fixture(size=60)
    fx.server.stop()
    conf = os.path.join(fx.dir, "c.conf")
    with open(conf, "w") as f:
        f.write("proxy-header = X-Remote-User\ntrusted-proxy = 127.0.0.9\n")
    orig = tandemapi.subprocess.Popen

    def popen(cmd, *a, **kw):
        return orig(cmd + ["--config", conf], *a, **kw)
    tandemapi.subprocess.Popen = popen
    fx.server = tandemapi.Server(fx.db)
    tandemapi.subprocess.Popen = orig
    man = fx.client(fx.email["manager"])
    r = man.post("/api/programmes/%d/invitations" % pid)
    tap.ok(r.status == 201 and r.json()["count"] == 0 and
           r.json()["volunteers_by_company_signin"] is True,
           "with the company sign-in, volunteers get no invitation",
           r.body[:300])
    rc, log = fx.close()
    tap.is_(rc, 0, "the server stopped cleanly")
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Naming the mentee on an attestation (issue 16, point 4), through the
API and the kudos page: by default nobody is named; the mentor and the
mentee each give their own agreement, and the attestation names the
mentee only with both; the public verification page shows the named
version as genuine and refuses it once changed; when either withdraws,
the named attestation is withdrawn (410, without its text)."""
import json
import re
import urllib.parse

from tandemapi import Client, Fixture, Tap
import tandemapi  # noqa: E402

t = Tap()
fx = Fixture()
MENTOR, MENTEE = fx.email["mentor"], fx.email["mentee"]
mentor = fx.client(MENTOR)
mentee = fx.client(MENTEE)
sponsor = fx.client(fx.email["sponsor"])
anon = Client(fx.server)
FORM = "application/x-www-form-urlencoded"


def form(client, path, **fields):
    fields["csrf"] = client.csrf
    return client.request("POST", path, urllib.parse.urlencode(fields),
                          ctype=FORM)


def text(r):
    return r.body.decode("utf-8")


def api(client, body):
    return client.post("/api/programmes/1/naming", json.dumps(body))


con = tandemapi.connect(fx.db)
mentee_last, mentee_id = con.execute(
    "SELECT last_name, matricule FROM employee WHERE email = ?",
    (MENTEE,)).fetchone()
mentor_id = con.execute("SELECT matricule FROM employee WHERE email = ?",
                        (MENTOR,)).fetchone()[0]
con.close()

# Where each stands: nobody agrees by default.
r = mentee.get("/api/programmes/1/naming")
t.is_(r.status, 200, "the mentee reads where they stand")
pairs = r.json().get("pairs", []) if r.status == 200 else []
t.ok(len(pairs) == 1 and pairs[0]["partner"] == mentor_id and
     not pairs[0]["mine"] and not pairs[0]["theirs"] and
     not pairs[0]["named"], "one mentor, nobody agrees", pairs)
r = sponsor.get("/api/programmes/1/naming")
t.ok(r.status >= 400, "the sponsor has no pair to agree for")
r = api(sponsor, {"agree": True, "partner": mentee_id})
t.ok(r.status >= 400, "nor agrees for anyone")
r = api(mentee, {"agree": "yes"})
t.is_(r.status, 400, "agree must be true or false")

# The page: the mentee's button.
r = mentee.get("/programmes/1/kudos")
t.ok("Nommer le mentoré sur" in text(r) and
     "Donner mon accord" in text(r), "the mentee's page offers to agree")
r = form(mentee, "/programmes/1/naming", partner=mentor_id, agree="1")
t.is_(r.status, 303, "the mentee agrees on the page")
r = mentee.get("/programmes/1/kudos?done=naming")
t.ok("Retirer mon accord" in text(r) and "Votre choix est enregistré"
     in text(r), "and may now withdraw")

# One agreement: still nobody named.
r = form(mentor, "/programmes/1/attestation")
code = re.search(r"/verify/([0-9A-Z-]+)$", r.header("Location") or "")
r = anon.get("/verify/" + (code.group(1) if code else "NONE"))
t.ok(r.status == 200 and mentee_last not in text(r),
     "one agreement names nobody")

# Both: the mentor agrees through the API.
r = api(mentor, {"agree": True, "partner": mentee_id})
t.is_(r.status, 200, "the mentor agrees through the API")
r = mentor.get("/api/programmes/1/naming")
named = [p for p in r.json().get("pairs", []) if p["partner"] == mentee_id]
t.ok(named and named[0]["mine"] and named[0]["theirs"] and
     named[0]["named"], "both agree", named)
r = form(mentor, "/programmes/1/attestation")
m = re.search(r"/verify/([0-9A-Z-]+)$", r.header("Location") or "")
code = m.group(1) if m else "NONE"
r = anon.get("/verify/" + code)
t.is_(r.status, 200, "the named attestation is genuine")
t.ok(mentee_last in text(r) and "avec leur accord" in text(r),
     "and names the mentee")
con = tandemapi.connect(fx.db)
con.execute("UPDATE attestation SET content = replace(content, ?, "
            "'Dupont') WHERE code = ?", (mentee_last, code))
con.commit()
con.close()
r = anon.get("/verify/" + code)
t.is_(r.status, 409, "another name in the database is refused")
r = form(mentor, "/programmes/1/attestation")
m = re.search(r"/verify/([0-9A-Z-]+)$", r.header("Location") or "")
code = m.group(1) if m else "NONE"

# Either withdraws: the mentor, here, through the page.
r = form(mentor, "/programmes/1/naming", partner=mentee_id, agree="0")
t.is_(r.status, 303, "the mentor withdraws on the page")
r = anon.get("/verify/" + code)
t.is_(r.status, 410, "the named attestation is withdrawn")
t.ok("Attestation retirée" in text(r) and mentee_last not in text(r),
     "says so, without its text")
r = mentee.get("/api/programmes/1/naming")
p = r.json().get("pairs", [{}])[0] if r.status == 200 else {}
t.ok(p.get("mine") and not p.get("theirs") and not p.get("named"),
     "the mentee's own agreement stays, the mentor's is gone", p)
con = tandemapi.connect(fx.db)
n = con.execute("SELECT count(*) FROM audit WHERE action IN "
                "('attestation.naming', 'attestation.unnaming')"
                ).fetchone()[0]
con.close()
t.is_(n, 3, "each act audited")
rc, log = fx.close()
t.is_(rc, 0, "the server stops cleanly")
exit(t.done())

#!/usr/bin/env python3
"""One language at a time (issue 15): an error's diagnostics keep their
English "message" and gain "text", the same in the request's language
(the signed-in person's, else the browser's) and in a page's wording:
no command-line flag, people by name rather than matricule."""
from tandemapi import Fixture, Tap

t = Tap()
fx = Fixture()


def diag(r):
    v = r.json()
    d = v.get("diagnostics") or [{}]
    return v, d[0]


# Signing in with a wrong password, in French and in English.
anon = fx.client()
r = anon.request("POST", "/api/login", {"email": fx.email["manager"],
                 "password": "pas le bon mot de passe"},
                 headers={"Accept-Language": "fr-FR,fr;q=0.9"})
t.ok(400 <= r.status < 500, "a wrong password: refused", r.status)
v, d = diag(r)
t.is_(d.get("message"), "wrong e-mail or password",
      "the message stays English")
t.is_(d.get("text"), "adresse e-mail ou mot de passe incorrect",
      "its text is French for a French browser")
r = anon.request("POST", "/api/login", {"email": fx.email["manager"],
                 "password": "not the right one"},
                 headers={"Accept-Language": "en-GB,en;q=0.9"})
v, d = diag(r)
t.is_(d.get("text"), "wrong e-mail or password",
      "and English for an English browser")

# A signed-in manager: a pair that does not exist is named by the
# person's name, without "tandem match".
m = fx.client(fx.email["manager"])
me = m.get("/api/me").json()
t.is_(me.get("lang"), "fr", "the demo's manager reads French")
r = m.post("/api/programmes/1/transitions", {"action": "fly"})
v, d = diag(r)
t.ok(400 <= r.status < 500, "an unknown action: refused", r.status)
t.ok(d.get("message", "").startswith('"fly" is not an action'),
     "its message is English", d)
t.ok(d.get("text", "").startswith("« fly » n'est pas une action"),
     "its text is French", d)

# A date proposed on a Sunday, by the mentee.
mentee = fx.client(fx.email["mentee"])
me = mentee.get("/api/me").json()["employee"]
mine = [s for s in mentee.items("/api/programmes/1/sessions")
        if s["mentee"] == me and s["state"] == "planned"]
t.ok(len(mine) > 0, "the mentee has a planned session")
if mine:
    r = mentee.post("/api/sessions/%d/propose" % mine[0]["id"],
                    {"start": "2027-01-03 10:00"})
    v, d = diag(r)
    t.is_(r.status, 400, "a Sunday: refused")
    t.ok(d.get("message", "").endswith("is a Sunday") and
         "dimanche" in d.get("text", "") and
         "03/01/2027 10:00" in d.get("text", ""),
         "a Sunday: its text is French, the date dd/mm/yyyy", d)

# No flag in a page's wording: a programme without its dates and data
# notice, submitted.
r = m.post("/api/programmes", {"name": "Sans dates", "purpose": "Essai"})
if r.status == 201:
    pid = r.json().get("id")
    r = m.post("/api/programmes/%s/transitions" % pid, {"action": "submit"})
    v = r.json()
    texts = [x.get("text", "") for x in v.get("diagnostics", [])]
    msgs = [x.get("message", "") for x in v.get("diagnostics", [])]
    t.ok(any("--" in x for x in msgs), "the English messages name flags",
         msgs)
    t.ok(texts and all("--" not in x and "tandem " not in x for x in texts),
         "their texts name none", texts)
else:
    t.ok(False, "a programme without dates is created", r.body)

rc, log = fx.close()
t.is_(rc, 0, "the server stopped cleanly")
raise SystemExit(t.done())

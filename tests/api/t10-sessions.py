#!/usr/bin/env python3
"""Sessions through the API (issue 12): the company's closure days, the
planner's report of what did not fit, another date proposed by a member
and agreed by the other side, and each refusal with its message and the
database unchanged.  The clock is the fixture's, 27 November 2026."""
import datetime

from tandemapi import Fixture, Tap
import tandemapi  # noqa: E402

t = Tap()
fx = Fixture()
manager = fx.client(fx.email["manager"])
mentor = fx.client(fx.email["mentor"])
mentee = fx.client(fx.email["mentee"])
sponsor = fx.client(fx.email["sponsor"])


def dump():
    db = tandemapi.connect(fx.db)
    try:
        return "\n".join(db.iterdump())
    finally:
        db.close()


def refused(client, method, path, body, status, message, name):
    before = dump()
    r = client.request(method, path, body)
    t.is_(r.status, status, name)
    v = r.json() if r.body.startswith(b"{") else {}
    msgs = [v.get("error")] + [e.get("message") for e in
                               v.get("diagnostics", [])]
    t.ok(message in msgs, name + ": says why", "%r not in %r" % (message,
         msgs))
    t.ok(dump() == before, name + ": nothing changed")


# --- Closure days ----------------------------------------------------------
r = sponsor.get("/api/closures")
t.is_(r.status, 200, "closures: anyone reads them")
days = [c["day"] for c in r.json()]
t.is_(len(days), 1, "closures: the demo's one")
refused(mentor, "POST", "/api/closures", {"day": "2027-01-15"}, 403,
        "managing the sessions of others needs the programme manager "
        "role, which %s does not hold" % mentor.get("/api/me").json()
        ["employee"], "closure: a participant cannot add one")
refused(manager, "POST", "/api/closures", {"day": "2027-01-32"}, 400,
        '"2027-01-32" is not a date yyyy-mm-dd', "closure: not a date")
refused(manager, "POST", "/api/closures", {"day": "2027-01-16"}, 400,
        "2027-01-16 is a weekend day: no session takes place then anyway",
        "closure: a Saturday")
r = manager.post("/api/closures", {"day": "2027-01-15", "label": "Inventaire"})
t.is_(r.status, 201, "closure: added")
t.is_(r.json(), {"day": "2027-01-15", "label": "Inventaire"},
      "closure: the answer")
refused(manager, "POST", "/api/closures", {"day": "2027-01-15"}, 409,
        "2027-01-15 is a closure day already", "closure: twice")
t.ok({"day": "2027-01-15", "label": "Inventaire"} in
     mentee.get("/api/closures").json(), "closure: listed")
refused(mentor, "DELETE", "/api/closures/2027-01-15", None, 403,
        "managing the sessions of others needs the programme manager "
        "role, which %s does not hold" % mentor.get("/api/me").json()
        ["employee"], "closure: a participant cannot remove one")
r = manager.request("DELETE", "/api/closures/2027-01-15")
t.is_(r.status, 200, "closure: removed")
refused(manager, "DELETE", "/api/closures/2027-01-15", None, 404,
        "2027-01-15 is not a closure day", "closure: not one any more")

# --- The planner's report --------------------------------------------------
r = manager.post("/api/programmes/1/sessions", {})
t.is_(r.status, 201, "plan again")
v = r.json()
t.is_(v["planned"], 0, "plan again: nothing new")
t.ok(isinstance(v["short"], list) and all(
    ": 0 of 6 sessions planned: no half-day offered by both" in s or
    "leave no more room" in s for s in v["short"]),
    "plan: what did not fit, and why", v)

# --- Another date, proposed and agreed -------------------------------------
me_mentor = mentor.get("/api/me").json()["employee"]
me_mentee = mentee.get("/api/me").json()["employee"]
mine = [s for s in mentor.items("/api/programmes/1/sessions")
        if s["mentee"] == me_mentee and s["state"] == "planned" and
        s["start_utc"] > "2026-12-01"]
t.ok(len(mine) > 0, "the mentor and the mentee have a planned session")
sid = mine[0]["id"]
path = "/api/sessions/%d" % sid
refused(mentor, "POST", path + "/propose", {"start": "2026-12-25 14:00"},
        400, "25/12/2026 14:00 is a public holiday (Noël)",
        "propose: Christmas")
refused(mentor, "POST", path + "/propose", {"start": "2001-01-08 14:00"},
        400, "08/01/2001 14:00 is before the programme starts (%s)" %
        manager.get("/api/programmes/1").json()["start_date"],
        "propose: 2001")
refused(mentor, "POST", path + "/propose", {"start": "2027-03-28 02:30"},
        400, '"2027-03-28 02:30" does not exist in Paris: the clocks go '
        'forward an hour that night', "propose: a time the clocks skip")
refused(mentor, "POST", path + "/propose", {"start": "2026-12-19 14:00"},
        400, "19/12/2026 14:00 is a Saturday", "propose: a Saturday")
refused(sponsor, "POST", path + "/propose", {"start": "2026-12-21 14:00"},
        403, "managing the sessions of others needs the programme manager "
        "role, which %s does not hold" % sponsor.get("/api/me").json()
        ["employee"], "propose: someone outside")
refused(mentor, "POST", path + "/answer", {"agree": True}, 404,
        "session %d has no date proposed" % sid, "answer: no proposal")
refused(mentor, "POST", "/api/sessions/99999999999999999999/propose",
        {"start": "2026-12-21 14:00"}, 404,
        "no session 99999999999999999999", "propose: an id that overflows")

# The first time that fits both, from the week after.
start = None
day = datetime.date(2026, 12, 7)
while start is None and day < datetime.date(2027, 2, 1):
    for hm in ("09:00", "10:00", "14:00", "15:00", "16:00"):
        s = "%s %s" % (day.isoformat(), hm)
        r = mentor.post(path + "/propose", {"start": s})
        if r.status == 200:
            start = s
            break
        t.ok(r.status == 400, "propose %s: refused with a reason" % s,
             r.body) if r.status != 400 else None
    day += datetime.timedelta(days=1)
t.ok(start is not None, "propose: a time that fits")
t.is_(r.json(), {"id": sid, "start": start, "applied": False,
                 "replacement": 0}, "propose: proposed, not applied")
p = mentee.get(path + "/proposal").json()["proposal"]
t.is_(p["by"], "mentor", "proposal: by the mentor")
t.is_(mentee.items("/api/programmes/1/sessions") and
      [s["start"] for s in mentee.items("/api/programmes/1/sessions")
       if s["id"] == sid], [mine[0]["start"]], "proposal: not moved yet")
refused(mentor, "POST", path + "/answer", {"agree": True}, 403,
        "the mentor proposed this date: the mentee answers",
        "answer: not the one who proposed")
refused(mentee, "POST", path + "/answer", {"agree": "yes"}, 400,
        "must be true or false", "answer: not a boolean")
r = mentee.post(path + "/answer", {"agree": True})
t.is_(r.status, 200, "answer: the mentee agrees")
moved = [s for s in mentee.items("/api/programmes/1/sessions")
         if s["id"] == sid][0]
t.ok(moved["start"] != mine[0]["start"] and
     moved["sequence"] == mine[0]["sequence"] + 1,
     "answer: moved, SEQUENCE raised", (moved, mine[0]))
t.is_(mentee.get(path + "/proposal").json(), {"proposal": None},
      "answer: no proposal left")

# --- Feedback: numbers out of range ----------------------------------------
held = [s for s in mentor.items("/api/programmes/1/sessions")
        if s["state"] == "held" and s["mentee"] == me_mentee]
if held:
    refused(mentor, "POST", "/api/sessions/%d/feedback" % held[0]["id"],
            {"rating": 4294967300}, 400, "is out of range",
            "feedback: a rating that would wrap")
else:
    t.ok(True, "feedback: no held session # SKIP")

# --- The pages: the forms of the programme page and the closure days ------
import re  # noqa: E402
import urllib.parse  # noqa: E402


def form(c, path, d):
    return c.request("POST", path, urllib.parse.urlencode(dict(
        d, csrf=c.csrf)), ctype="application/x-www-form-urlencoded")


def alerts(r):
    return re.findall(r"<li[^>]*>(.*?)</li>", r.body.decode())


h = mentor.get("/programmes/1").body.decode()
t.ok("Proposer une autre date" in h, "page: the mentor may propose a date")
h = mentee.get("/programmes/1").body.decode()
t.ok("annulée par le mentoré" in h and "par le mentee" not in h,
     "page: who cancelled, in French (the mentoré, not the 'mentee')")
before = dump()
r = form(mentor, path.replace("/api", "") + "/propose",
         {"date": "2026-12-25", "time": "14:00", "programme": "1"})
t.ok(r.status == 400 and "25/12/2026 14:00 est un jour férié (Noël)" in
     alerts(r), "page: Christmas refused, in French", r.body[-400:])
r = form(mentor, path.replace("/api", "") + "/propose",
         {"date": "2027-03-28", "time": "02:30", "programme": "1"})
t.ok(r.status == 400 and any("Cette heure n&#39;existe pas à Paris" in a
                             for a in alerts(r)),
     "page: a time the clocks skip, in French", alerts(r))
t.ok(dump() == before, "page: refusals change nothing")
if held:
    before = dump()
    r = form(mentor, "/sessions/%d/feedback" % held[0]["id"],
             {"rating": "5 étoiles", "programme": "1"})
    t.ok(r.status == 400 and any("La note est un nombre de 1 à 5." in a
                                 for a in alerts(r)),
         "page: \"5 étoiles\" is not a rating", alerts(r))
    t.ok(dump() == before, "page: the rating refused changes nothing")
h = manager.get("/closures").body.decode()
t.ok("Jours de fermeture de l&#39;entreprise" in h and
     "Ajouter un jour de fermeture" in h, "page: the closure days")
r = form(manager, "/closures", {"day": "2027-01-15", "label": "Inventaire"})
t.is_(r.status, 303, "page: a closure day added")
t.ok("15/01/2027 — Inventaire" in manager.get("/closures").body.decode(),
     "page: listed")
r = form(mentor, "/closures", {"day": "2027-01-14"})
t.is_(r.status, 403, "page: a participant cannot add one")

# --- Where and how they meet ----------------------------------------------
refused(manager, "POST", "/api/programmes/1/where",
        {"link": "javascript:alert(1)"}, 400,
        '"javascript:alert(1)" is not an http(s) link of up to 500 '
        'characters', "where: not a link")
refused(mentee, "POST", "/api/programmes/1/where", {"place": "Chez moi"},
        403, "managing the sessions of others needs the programme manager "
        "role, which %s does not hold" % me_mentee,
        "where: a participant cannot set the programme's")
r = manager.post("/api/programmes/1/where",
                 {"place": "Lyon, salle 3",
                  "link": "https://visio.example.fr/r/cap"})
t.is_(r.status, 200, "where: the programme's")
ics = mentee.get(path + "/ics").body.decode().replace("\r\n ", "")
t.ok("LOCATION:Lyon\\, salle 3\r\n" in ics and
     "URL:https://visio.example.fr/r/cap\r\n" in ics,
     "where: in the invitation", ics[-900:])
# The mentee is the chief executive: discreet by default.
t.ok("CLASS:PRIVATE\r\n" in ics and "SUMMARY:Rendez-vous\r\n" in ics,
     "discreet: the chief executive's invitation", ics[-900:])
r = manager.post("/api/programmes/1/discreet", {"mode": "off"})
t.is_(r.status, 200, "discreet: off")
ics = mentee.get(path + "/ics").body.decode()
t.ok("CLASS:PRIVATE" not in ics and "SUMMARY:Tandem" in ics,
     "discreet: off, the usual summary", ics[-900:])
r = manager.post("/api/programmes/1/discreet", {"mode": "senior"})
t.is_(r.status, 200, "discreet: senior again")
h = manager.get("/programmes/1").body.decode()
t.ok("Lieu, lien de visioconférence et discrétion" in h and
     'value="Lyon, salle 3"' in h, "page: the manager's form, filled")
r = form(manager, "/programmes/1/where", {"place": "Paris", "link": "",
                                          "discreet": "all"})
t.is_(r.status, 303, "page: saved")
ics = mentor.get(path + "/ics").body.decode()
t.ok("LOCATION:Paris\r\n" in ics and "URL:" not in ics and
     "CLASS:PRIVATE" in ics, "page: applied", ics[-900:])

rc, log = fx.close()
t.is_(rc, 0, "the server stops cleanly")
raise SystemExit(t.done())

#!/usr/bin/env python3
"""Issue 12's remaining acts through the API: volunteering again is a
new enrolment (the withdrawn one in the history, listed with
?withdrawn=1), and the programme setting "proposed dates need the
partner's agreement" (partner_agreement): with false, a member's date
moves the session at once.  Each refusal with its message and the
database as it was."""
import datetime

from tandemapi import Fixture, Tap
import tandemapi  # noqa: E402

t = Tap()
fx = Fixture()
manager = fx.client(fx.email["manager"])
sponsor = fx.client(fx.email["sponsor"])
mentor = fx.client(fx.email["mentor"])
mentee = fx.client(fx.email["mentee"])
R = mentor.get("/api/me").json()["employee"]
E = mentee.get("/api/me").json()["employee"]


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
    msgs = [v.get("error")] + [
        ("%s: %s" % (e["field"], e.get("message"))) if e.get("field")
        else e.get("message") for e in v.get("diagnostics", [])]
    t.ok(any(message in (m or "") for m in msgs), name + ": says why",
         "%r not in %r" % (message, msgs))
    t.ok(dump() == before, name + ": nothing changed")


P = "/api/programmes/1"

# --- The setting: read, refused, changed -----------------------------------
P = "/api/programmes/1"
t.is_(manager.get(P).json().get("partner_agreement"), True,
      "a member's date waits for the partner, by default")
refused(manager, "PUT", P, {"partner_agreement": "no"}, 400,
        "partner_agreement: must be true or false", "setting: not a boolean")
refused(sponsor, "PUT", P, {"partner_agreement": False}, 403,
        "needs the programme manager role", "setting: the sponsor may not")
refused(mentee, "PUT", P, {"partner_agreement": False}, 403,
        "needs the programme manager role", "setting: a volunteer may not")
r = manager.put(P, {"partner_agreement": False})
t.is_(r.status, 200, "setting: the manager turns it off")
t.is_(manager.get(P).json()["partner_agreement"], False, "setting: stored")
t.is_(mentee.get(P).json()["partner_agreement"], False,
      "setting: the volunteers read it too")

# --- Without agreement, a member's date is the date ------------------------
mine = [s for s in mentee.items(P + "/sessions")
        if s["mentor"] == R and s["mentee"] == E and s["state"] ==
        "planned" and s["start_utc"] > "2026-12-01"]
t.ok(len(mine) > 0, "the mentee has a planned session")
sid = mine[0]["id"]
path = "/api/sessions/%d" % sid
refused(mentee, "POST", path + "/propose", {"start": "2026-12-25 14:00"},
        400, "25/12/2026 14:00 is a public holiday (Noël)",
        "propose: still checked, Christmas")
refused(mentee, "POST", path + "/propose", {"start": "2026-12-19 14:00"},
        400, "19/12/2026 14:00 is a Saturday", "propose: a Saturday")
start = None
day = datetime.date(2026, 12, 7)
while start is None and day < datetime.date(2027, 2, 1):
    for hm in ("09:00", "10:00", "14:00", "15:00", "16:00"):
        s = "%s %s" % (day.isoformat(), hm)
        before = dump()
        r = mentee.post(path + "/propose", {"start": s})
        if r.status == 200:
            start = s
            break
        if r.status != 400 or dump() != before:
            t.ok(False, "propose %s: refused, nothing changed" % s, r.body)
    day += datetime.timedelta(days=1)
t.ok(start is not None, "propose: a time that fits")
t.is_(r.json(), {"id": sid, "start": start, "applied": True,
                 "replacement": 0}, "propose: applied at once")
moved = [s for s in mentor.items(P + "/sessions") if s["id"] == sid][0]
t.is_(moved["start"][:10].split("/")[::-1], start[:10].split("-"),
      "the partner sees the session moved")
t.is_(mentor.get(path + "/proposal").json()["proposal"], None,
      "no proposal waits")
refused(mentor, "POST", path + "/answer", {"agree": True}, 404,
        "session %d has no date proposed" % sid, "nothing to answer")

# --- With agreement again, the partner answers -----------------------------
t.is_(manager.put(P, {"partner_agreement": True}).status, 200,
      "setting: on again")
t.is_(manager.get(P).json()["partner_agreement"], True, "setting: stored")

# --- Volunteering again: a new enrolment, the old one in the history -------
r = mentee.post(P + "/withdrawal", {})
t.is_(r.status, 200, "the mentee withdraws")
AGAIN = {"role": "mentee", "topics": "generative-ai=0:3", "languages": "fr",
         "site": "Lyon", "availability": "all"}
r = mentee.post(P + "/enrolments", AGAIN)
t.is_(r.status, 201, "and volunteers again")
cur = mentee.items(P + "/enrolments")
t.ok(len(cur) == 1 and cur[0]["withdrawn_at"] == "" and
     cur[0]["topics"] == "generative-ai=0:3", "one current enrolment", cur)
hist = [x for x in manager.items(P + "/enrolments?withdrawn=1")
        if x["employee"] == E]
t.ok(len(hist) == 2 and sorted(x["withdrawn_at"] == "" for x in hist) ==
     [False, True], "the manager sees both, the withdrawn one kept", hist)
refused(mentee, "POST", P + "/enrolments", AGAIN, 409,
        "is already enrolled in", "twice at once")
db = tandemapi.connect(fx.db)
n = db.execute("SELECT count(*), sum(withdrawn_at IS NULL) FROM enrolment n "
               "JOIN employee e ON e.id = n.employee_id "
               "WHERE e.matricule = ?", (E,)).fetchone()
db.close()
t.is_(n, (2, 1), "in the store: two rows, one current")

rc, log = fx.close()
t.is_(rc, 0, "the server exits 0")
t.done()

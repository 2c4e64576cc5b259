#!/usr/bin/env python3
"""Tandems that end and start again, through the API (issue 12): the
waiting list, ending a tandem (a member, a manager; each refusal with its
message and the database as it was), the partner told only that it
ended, matching again while the programme runs, changing an enrolment
and volunteering again."""

from tandemapi import Fixture, Tap
import tandemapi  # noqa: E402

t = Tap()
fx = Fixture()
MANAGER, SPONSOR, MENTOR, MENTEE, COACH = (fx.email[k] for k in (
    "manager", "sponsor", "mentor", "mentee", "coach"))
m = fx.client(MANAGER)
sp = fx.client(SPONSOR)
mentor = fx.client(MENTOR)
mentee = fx.client(MENTEE)
coach = fx.client(COACH)
R = mentor.get("/api/me").json()["employee"]
E = mentee.get("/api/me").json()["employee"]


def dump():
    return tandemapi.dump(fx.db)


def refused(client, path, body, status, message, name):
    """A refused write: its status, its message, nothing changed."""
    before = dump()
    r = client.post(path, body)
    t.is_(r.status, status, name + ": %d" % status)
    got = r.json()
    said = got.get("error", "") + " | " + " | ".join(
        "%s: %s" % (x.get("field"), x.get("message"))
        if x.get("field") else x.get("message", "")
        for x in got.get("diagnostics", []))
    t.ok(message in said, name + ": says why", said)
    t.ok(dump() == before, name + ": nothing changed")


# --- The waiting list: who reads it ----------------------------------
for who, client, status in [("manager", m, 200), ("sponsor", sp, 200),
                            ("mentor", mentor, 200), ("mentee", mentee, 200),
                            ("coach", coach, 200)]:
    r = client.get("/api/programmes/1/waiting")
    t.is_(r.status, status, "GET waiting as %s: %d" % (who, status))
t.is_(fx.client().get("/api/programmes/1/waiting").status, 401,
      "GET waiting unauthenticated: 401")
waiting = m.get("/api/programmes/1/waiting").json()
t.ok(len(waiting) > 0 and all(
    set(w) == {"employee", "name", "role", "why"} for w in waiting),
    "the manager sees who waits, and why", waiting[:3])
t.ok(all(w["employee"] != E for w in waiting), "the chief executive has a "
     "partner: not waiting")
t.is_(sp.get("/api/programmes/1/waiting").json(), [],
      "the sponsor, in no pair, sees nobody")
mine = mentee.get("/api/programmes/1/waiting").json()
t.is_(mine, [], "a volunteer with a partner does not wait")

# --- Ending a tandem: the refusals -----------------------------------
END = "/api/programmes/1/pairs/end"
body = {"mentor": R, "mentee": E, "reason": "R4242 plus le temps"}
refused(sp, END, body, 403, "ending someone else's tandem needs the "
        "programme manager role", "a sponsor cannot end a tandem")
refused(coach, END, body, 403, "ending someone else's tandem needs the "
        "programme manager role", "the coach cannot end a tandem")
refused(mentee, END, {"mentor": R, "mentee": E}, 400,
        "reason: say why the tandem ends; the reason stays private",
        "no reason")
refused(mentee, END, {"mentor": R, "mentee": E, "reason": "x" * 2001}, 400,
        "reason: longer than 2000 characters", "a reason too long")
refused(mentee, END, {"mentor": E, "mentee": R, "reason": "x"}, 404,
        "are not a pair", "not a pair")
refused(mentee, END, {"mentor": R, "mentee": E, "reason": 3}, 400,
        "reason: must be a string", "a reason not a string")

# --- The chief executive ends his tandem ------------------------------
before = {p["mentee"]: p for p in m.items("/api/programmes/1/pairs")}
r = mentee.post(END, body)
t.is_(r.status, 200, "the mentee ends the tandem: 200")
t.is_(r.json(), {"mentor": R, "mentee": E, "ended": True}, "said")
mp = mentor.items("/api/programmes/1/pairs")
t.ok(any(p["mentee"] == E and p["state"] == "ended" for p in mp),
     "the mentor sees the tandem ended", mp)
s = mentor.items("/api/programmes/1/sessions")
ended = [x for x in s if x["mentee"] == E and x["state"] == "cancelled"
         and x["cancelled_by"] == ""]
t.ok(len(ended) > 0 and all(x["sequence"] >= 1 for x in ended),
     "its future sessions cancelled, no side named, SEQUENCE raised")
page = mentor.get("/programmes/1").body.decode()
t.ok("annulée (fin du tandem)" in page, "the mentor's page: "
     "annulée (fin du tandem)")
t.ok("R4242" not in page and "R4242" not in dump().replace(
    "'R4242 plus le temps'", ""), "the reason stays in the pair only")
t.is_(mentee.get("/api/programmes/1/waiting").json(),
      [{"employee": E, "name": before[E]["mentee_name"], "role": "mentee",
        "why": "tandem ended"}], "the chief executive sees he waits")
home = mentee.get("/").body.decode()
t.ok("En attente d&#39;un binôme" in home, "his home page says he waits",
     home[:3000])

# --- Matching again while the programme runs -------------------------
r = m.post("/api/programmes/1/match", {"dry_run": False})
t.is_(r.status, 200, "match again while running: 200")
rep = r.json()
t.ok(rep["certified"], "the same certified matcher")
t.ok(all(not (p["mentor"] == R and p["mentee"] == E)
         for p in rep["pairs"]), "the ended pair never comes back")
after = {p["mentee"]: p for p in m.items("/api/programmes/1/pairs")
         if p["state"] in ("accepted", "ended")}
t.ok(all(after[k]["state"] == v["state"] and after[k]["mentor"] ==
         v["mentor"] for k, v in before.items() if k != E and
         v["state"] == "accepted"), "every accepted pair untouched")

# --- Changing an enrolment -------------------------------------------
CH = "/api/programmes/1/enrolments/change"
r = mentee.post(CH, {"availability": "mon-am,tue-pm"})
t.is_(r.status, 200, "the mentee changes his availability: 200")
enr = mentee.items("/api/programmes/1/enrolments")
t.is_(enr[0]["availability"], "mon-am,tue-pm", "stored")
refused(mentee, CH, {}, 400, "nothing to change", "nothing to change")
refused(mentee, CH, {"availability": "sun-am"}, 400,
        "availability: \"sun-am\" is not a half-day", "a bad half-day")
refused(mentee, CH, {"capacity": 2}, 400,
        "capacity: only mentors have a capacity", "a mentee's capacity")
refused(mentee, CH, {"capacity": 0}, 400, "capacity: 0 is not between",
        "a capacity of 0")
refused(mentee, CH, {"remote": "yes"}, 400, "remote: must be", "remote "
        "not a boolean")
partner = [p for p in m.items("/api/programmes/1/pairs")
           if p["state"] == "accepted"][0]
refused(m, CH, {"employee": partner["mentee"], "topics": "web-search=1:3"},
        409, "has a partner in", "with a partner, no topics change")
refused(mentor, CH, {"employee": E, "availability": "all"}, 403,
        "enrolling someone else needs the programme manager role",
        "someone else's enrolment")

# --- Withdrawing, and volunteering again ------------------------------
r = mentee.post("/api/programmes/1/withdrawal", {})
t.is_(r.status, 200, "the mentee withdraws")
refused(mentee, CH, {"availability": "all"}, 409,
        "any more: volunteer again instead", "no change after withdrawing")
AGAIN = {"role": "mentee", "topics": "generative-ai=0:3", "languages": "fr",
         "site": "Paris La Défense", "remote": True, "availability": "all"}
r = mentee.post("/api/programmes/1/enrolments", AGAIN)
t.is_(r.status, 201, "he volunteers again: 201")
enr = mentee.items("/api/programmes/1/enrolments")
t.ok(len(enr) == 1 and enr[0]["withdrawn_at"] == "",
     "enrolled again", enr)
refused(mentee, "/api/programmes/1/enrolments", AGAIN, 409,
        "is already enrolled in", "twice at once")

t.is_(tandemapi.intact(fx.db), "ok", "the database is intact")
rc, log = fx.close()
t.is_(rc, 0, "the server stopped cleanly")
raise SystemExit(t.done())

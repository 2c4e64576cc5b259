#!/usr/bin/env python3
"""The roster is the identity's lifecycle: a partial extract is refused
until its leavers are confirmed, with the exact counts; a confirmed
leaver loses their web sessions and their account, their enrolments end
and their future sessions are cancelled, the importer sees who left
which programme, and the partner sees the tandem end; a line break in a
field is a note, not a refusal."""
import csv
import io
import json
import re

from tandemapi import Fixture, Tap, tandem

t = Tap()
fx = Fixture()
MANAGER, MENTOR = fx.email["manager"], fx.email["mentor"]
manager = fx.client(MANAGER)
mentor = fx.client(MENTOR)
me = mentor.get("/api/me").json()["employee"]
pairs = mentor.items("/api/programmes/1/pairs")
mine = [p for p in pairs if me in (p["mentor"], p["mentee"])]
t.ok(len(mine) >= 1, "the mentor has a tandem")
partner_id = mine[0]["mentee"] if mine[0]["mentor"] == me else \
    mine[0]["mentor"]
emps = json.loads(tandem(fx.db, "employees", "--json").stdout)
active = [e for e in emps if e["active"]]
partner_email = [e["email"] for e in emps if e["id"] == partner_id][0]
partner = fx.client(partner_email)
before = [s for s in partner.items("/api/programmes/1/sessions")
          if s["state"] == "planned"]
t.ok(len(before) >= 1, "the partner has planned sessions")


def roster(rows, broken=None):
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(["Matricule", "Nom", "Prénom", "Email", "Année de naissance",
                "Direction", "Site", "Intitulé de poste", "Matricule manager"])
    for e in rows:
        w.writerow([e["id"], e["last_name"], e["first_name"], e["email"],
                    e["birth_year"], e["department"], e["site"],
                    broken if broken and e["id"] == broken_id else
                    e.get("job_title", ""), e.get("manager", "")])
    return out.getvalue()


def write(name, text):
    path = fx.dir + "/" + name
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


# --- A line break inside a field: a note ------------------------------
broken_id = active[5]["id"]
p = write("whole.csv", roster(active, broken="Chargée\nde mission"))
r = tandem(fx.db, "import", "roster", p, check=False)
t.ok(r.returncode == 0 and "line break, turned into a space" in r.stdout
     and "left 0" in r.stdout,
     "a line break in a job title becomes a space, with a note", r.stdout +
     r.stderr)
title = [e for e in json.loads(tandem(fx.db, "employees", "--json").stdout)
         if e["id"] == broken_id][0]["job_title"]
t.is_(title, "Chargée de mission", "the title holds one line")

# --- A partial extract: refused with the exact counts ------------------
# The first 50 of the roster and the partner, without the mentor; the
# managers of those kept stay, so that the chain holds.
byid = {e["id"]: dict(e) for e in active}
kept = {}
for e in active[:50] + [byid[partner_id]]:
    if e["id"] != me:
        kept[e["id"]] = dict(e)
changed = True
while changed:
    changed = False
    for e in list(kept.values()):
        m = e.get("manager")
        if m and m not in kept and m in byid and m != me:
            kept[m] = dict(byid[m])
            changed = True
for e in kept.values():
    if e.get("manager") == me:
        e["manager"] = ""
keep = list(kept.values())
leaving = len(active) - len(keep)
p = write("partial.csv", roster(keep))
r = tandem(fx.db, "import", "roster", p, check=False)
t.ok(r.returncode != 0 and
     ("would mark %d of the %d active employees as leavers" %
      (leaving, len(active))) in r.stderr and
     "--confirm-leavers %d" % leaving in r.stderr,
     "a partial extract is refused, naming %d of %d and the option" %
     (leaving, len(active)), r.stderr[:600])
t.ok(re.search(r"^ *%s [^:]+: .*\((mentor|mentee)" % me, r.stderr, re.M),
     "and lists who would leave, with their programmes", r.stderr[-600:])
t.is_(mentor.get("/api/me").status, 200, "nothing changed: the mentor is "
      "still signed in")
r = tandem(fx.db, "import", "roster", p, "--confirm-leavers",
           str(leaving - 1), check=False)
t.ok(r.returncode != 0 and "--confirm-leavers %d" % leaving in r.stderr,
     "a wrong count is refused too")

# The API: refused (409) with the counts, then confirmed.
up = manager.request("POST", "/api/roster?name=partial.csv",
                     open(p, encoding="utf-8").read(), ctype="text/csv")
j = up.json()
t.ok(up.status == 409 and "--confirm-leavers" not in j["error"] and
     any("%d of the %d" % (leaving, len(active)) in d["message"]
         for d in j["diagnostics"]),
     "POST /api/roster refuses it too: 409 with the counts", up.body[:400])
who = [x for x in j.get("leavers", []) if x["employee"] == me]
t.ok(j.get("confirm_leavers") == leaving and j.get("active") == len(active)
     and len(who) == 1 and who[0]["programmes"][0]["role"] == "mentor" and
     who[0]["programmes"][0]["tandems_ended"] == 1 and who[0]["name"],
     "with who would leave, their programmes and the tandems that would "
     "end", str(who) + str(j.get("confirm_leavers")))
t.is_(mentor.get("/api/me").status, 200, "the refusal changed nothing")

# --- Confirmed: the leaver loses access at once ------------------------
r = tandem(fx.db, "import", "roster", p, "--confirm-leavers", str(leaving),
           check=False)
t.ok(r.returncode == 0 and "left %d" % leaving in r.stdout,
     "confirmed with the exact count: imported", r.stdout[-300:] +
     r.stderr)
t.ok(re.search(r"^ *%s [^:]+: .*\(mentor, 1 tandem ended\)" % me, r.stdout,
               re.M), "the importer sees who left which programme",
     r.stdout[-800:])
t.is_(mentor.get("/api/me").status, 401, "the leaver's web session ended")
t.is_(fx.client().post("/api/login", {"email": MENTOR,
                                      "password": "tandem-demo-12"}).status,
      401, "and the account signs in no more")
after = partner.items("/api/programmes/1/sessions")
still = [s for s in after if s["state"] == "planned" and
         s["start_utc"] > "2026-11-27T09:00"]
t.ok(before and not [s for s in still if me in (s["mentor"],
                                               s["mentee"])],
     "the tandem's future sessions are cancelled",
     [s for s in still][:3])
was = set(x["id"] for x in before if me in (x["mentor"], x["mentee"])
          and x["start_utc"] > "2026-11-27T09:00")
now = [x for x in after if x["id"] in was]
t.ok(was and len(now) == len(was) and all(
     x["state"] == "cancelled" and x["cancelled_by"] == ""
     for x in now), "cancelled, nobody named: the partner learns only "
     "that", now[:2])
theirs = [p for p in partner.items("/api/programmes/1/pairs")
          if me in (p["mentor"], p["mentee"])]
t.ok(len(theirs) == 1 and theirs[0]["ended"] is True,
     "the partner sees the tandem ended", theirs)
enr = manager.items("/api/programmes/1/enrolments")
t.ok(not [e for e in enr if e["employee"] == me],
     "the leaver's enrolment has ended")
audit = tandem(fx.db, "audit", "list").stdout
t.ok("employee.leave" in audit, "the audit records it, by ids")

rc, log = fx.close()
t.is_(rc, 0, "the server exits cleanly")
raise SystemExit(t.done())

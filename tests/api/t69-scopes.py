#!/usr/bin/env python3
"""Roles scoped to programmes through the API and the people page: an
admin grants the programme manager role for one programme, the listing
and the page name it, its holder acts there and nowhere else, and the
grant is revoked programme by programme."""
from tandemapi import Client, Fixture, Tap, tandem

t = Tap()
fx = Fixture()
manager = fx.client(fx.email["manager"])
tandem(fx.db, "role", "grant", "E100002", "admin")
link = tandem(fx.db, "user", "invite", "E100002").stdout.strip()
admin = Client(fx.server)
admin.post("/api/invitations/accept", {"token": link.rsplit("/", 1)[1],
                                       "password": "un admin bien long"})
B = manager.post("/api/programmes", {"name": "Programme B",
                                     "purpose": "Filiale"}).json()["id"]

r = admin.post("/api/roles", {"employee": "E100020", "role": "manager",
                              "programme": str(B)})
t.is_(r.status, 200, "an admin grants the manager role for programme B")
g = [x for x in admin.get("/api/roles").json() if x["employee"] == "E100020"]
t.ok(len(g) == 1 and g[0]["programmes"] == "Programme B",
     "GET /api/roles names the programme", g)
t.ok(all(x["programmes"] == "" for x in admin.get("/api/roles").json()
         if x["employee"] != "E100020"), "global grants name none")
r = admin.post("/api/roles", {"employee": "E100021", "role": "admin",
                              "programme": str(B)})
t.ok(r.status == 400 and r.json()["diagnostics"][0]["field"] == "role",
     "the admin role is not granted for a programme", r.body)
r = admin.post("/api/roles", {"employee": fx.email["manager"] and "E100013",
                              "role": "manager", "programme": str(B)})
t.is_(r.status, 409, "a manager of every programme is not narrowed silently")
r = manager.post("/api/roles", {"employee": "E100020", "role": "sponsor",
                                "programme": str(B)})
t.is_(r.status, 403, "a manager grants no role")

page = admin.get("/people").body.decode()
t.ok("pour Programme B" in page and 'name="programme"' in page and
     "Tous les programmes" in page,
     "the people page shows the scope and offers to choose one")
r = admin.request("POST", "/people", "csrf=%s&action=grant&who=E100022&"
                  "role=sponsor&programme=%d" % (admin.csrf, B),
                  ctype="application/x-www-form-urlencoded")
g = [x for x in admin.get("/api/roles").json() if x["employee"] == "E100022"]
t.ok(r.status in (200, 303) and len(g) == 1 and
     g[0]["programmes"] == "Programme B" and g[0]["role"] == "sponsor",
     "and grants a sponsor role for programme B from the page", g)

link = tandem(fx.db, "user", "invite", "E100020").stdout.strip()
scoped = Client(fx.server)
scoped.post("/api/invitations/accept", {"token": link.rsplit("/", 1)[1],
                                        "password": "responsable de B"})
t.is_(scoped.put("/api/programmes/%d" % B, {"purpose": "Par B"}).status, 200,
      "the manager of B edits B")
t.is_(scoped.put("/api/programmes/1", {"purpose": "Par B"}).status, 403,
      "not programme 1")
t.is_(scoped.get("/api/programmes/1/risks").status, 403,
      "nor reads its tandems at risk")
r = admin.post("/api/roles", {"employee": "E100020", "role": "manager",
                              "programme": str(B), "grant": False})
t.is_(r.status, 200, "revoked for B, its last programme")
t.ok(not [x for x in admin.get("/api/roles").json()
          if x["employee"] == "E100020"], "the role is gone")
t.is_(scoped.put("/api/programmes/%d" % B, {"purpose": "Encore"}).status,
      403, "and B is no longer theirs, at once")

rc, log = fx.close()
t.is_(rc, 0, "the server exits cleanly")
raise SystemExit(t.done())

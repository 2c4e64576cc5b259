#!/usr/bin/env python3
"""The audit log paged (issue 15, helper "lists"): GET /api/audit for
the admin alone, a default page of 100 with its next cursor, pages that
hold the whole log newest first, filters by act (one or a family) and by
day; its page /admin/audit in French with Paris dates, in the admin's
navigation, and refused to anyone else."""
import html
import re
import urllib.parse

from tandemapi import Client, Fixture, Tap, tandem

t = Tap()
fx = Fixture()
manager = fx.client(fx.email["manager"])
tandem(fx.db, "role", "grant", "E100002", "admin")
link = tandem(fx.db, "user", "invite", "E100002").stdout.strip()
admin = Client(fx.server)
admin.post("/api/invitations/accept", {"token": link.rsplit("/", 1)[1],
                                       "password": "un admin bien long"})

r = manager.get("/api/audit")
t.is_(r.status, 403, "a programme manager does not read the audit log")
r = admin.get("/api/audit")
t.is_(r.status, 200, "the admin reads it")
first = r.json()
t.ok(isinstance(first, dict) and len(first["items"]) == 100 and
     first["next"] is not None,
     "without limit: a first page of 100 and the next cursor",
     (len(first["items"]), first["next"]))
ids = [e["id"] for e in first["items"]]
t.ok(ids == sorted(ids, reverse=True), "newest first")

rows, cursor, pages = [], None, 0
while pages < 1000:
    url = "/api/audit?limit=7" + ("&cursor=" + urllib.parse.quote(cursor)
                                  if cursor else "")
    v = admin.get(url).json()
    t.ok(len(v["items"]) <= 7, "a page of 7 at most") if pages < 3 else None
    rows += v["items"]
    pages += 1
    cursor = v["next"]
    if cursor is None:
        break
whole = admin.get("/api/audit?limit=1000").json()
t.ok(whole["next"] is None and [e["id"] for e in rows] ==
     [e["id"] for e in whole["items"]],
     "the pages hold the whole log, in order", (len(rows),
                                                 len(whole["items"])))
t.ok([e["id"] for e in whole["items"]] ==
     list(range(whole["items"][0]["id"], 0, -1)),
     "every entry, none skipped")
t.ok(all(set(e) == {"id", "at", "actor", "action", "object", "detail"}
         for e in rows), "each entry: its id, time, actor, act, object, "
     "detail")
t.ok(not any(re.search(r"\bE1\d{5}\b", e["actor"] + e["object"] +
                       e["detail"]) for e in rows),
     "people are subject keys, no matricule")

acts = sorted({e["action"] for e in rows})
one = acts[0]
v = admin.get("/api/audit?limit=1000&act=" + one).json()
t.ok(v["items"] and all(e["action"] == one for e in v["items"]) and
     len(v["items"]) == sum(e["action"] == one for e in rows),
     "act keeps that act only: " + one)
fam = one.split(".")[0]
v = admin.get("/api/audit?limit=1000&act=" + fam).json()
t.ok(v["items"] and all(e["action"].startswith(fam + ".")
                        for e in v["items"]) and
     len(v["items"]) == sum(e["action"].startswith(fam + ".")
                            for e in rows),
     "a family of acts: " + fam)
days = sorted({e["at"][:10] for e in rows})
v = admin.get("/api/audit?limit=1000&from=2099-01-01").json()
t.is_(v["items"], [], "from a day to come: nothing")
v = admin.get("/api/audit?limit=1000&to=2000-01-01").json()
t.is_(v["items"], [], "up to a day long past: nothing")
last = days[-1]
v = admin.get("/api/audit?limit=1000&from=%s&to=%s" % (last, last)).json()
t.ok(v["items"] and all(e["at"][:10] >= days[0] for e in v["items"]),
     "from and to keep the entries of those days")
for url, field in (("/api/audit?limit=0", "limit"),
                   ("/api/audit?cursor=x", "cursor"),
                   ("/api/audit?from=27/11/2026", "from")):
    r = admin.get(url)
    t.ok(r.status == 400 and r.json()["diagnostics"][0]["field"] == field,
         "%s: 400 naming %s" % (url, field), r.body[:200])

page = admin.get("/admin/audit").body.decode()
t.ok("Journal d'audit" in html.unescape(page) and 'href="/admin/audit"' in page,
     "the admin's page, in the navigation")
text = re.sub(r"<[^>]*>", " ", page)
t.ok(re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", text) and
     not re.search(r"\d{4}-\d{2}-\d{2}T", text),
     "dates as dd/mm/yyyy hh:mm, no ISO timestamp")
t.is_(page.count("<tr><td>"), 50, "50 entries a page")
nxt = re.search(r'href="(/admin/audit\?[^"]*)" rel="next"', page)
t.ok(nxt is not None, "and a link to older entries")
if nxt:
    p2 = admin.get(nxt.group(1).replace("&amp;", "&")).body.decode()
    t.is_(p2.count("<tr><td>"), 50, "whose page is the next 50")
page = admin.get("/admin/audit?act=" + fam).body.decode()
t.ok(page.count("<tr><td>") > 0 and
     all(a.startswith(fam + ".") for a in
         re.findall(r"<tr><td>[^<]*</td><td><code>([^<]*)</code>", page)),
     "the page's filter by act")
r = manager.get("/admin/audit")
t.ok(r.status == 403 and "Journal d'audit" in html.unescape(
    r.body.decode()),
     "refused to a programme manager, inside the layout")
t.ok('href="/admin/audit"' not in manager.get("/").body.decode(),
     "and not in their navigation")

rc, log = fx.close()
t.is_(rc, 0, "the server exits cleanly")
raise SystemExit(t.done())

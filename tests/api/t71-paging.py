#!/usr/bin/env python3
"""Every list of the API paged and filtered (issue 15, point 6): the
pages of a list, cursor after cursor, hold exactly the rows of the
whole list in its order; filters keep only what they name; a wrong
limit or cursor is refused by name; the roster's directory page."""
import datetime
import zoneinfo
import re
import urllib.parse

from tandemapi import Fixture, Tap

t = Tap()
fx = Fixture()
manager = fx.client(fx.email["manager"])
mentee = fx.client(fx.email["mentee"])


def walk(path, limit, key):
    """Every row of a list, page after page; the pages' count."""
    rows, cursor, pages = [], None, 0
    while True:
        sep = "&" if "?" in path else "?"
        url = "%s%slimit=%d" % (path, sep, limit)
        if cursor is not None:
            url += "&cursor=" + urllib.parse.quote(cursor)
        v = manager.get(url).json()
        pages += 1
        t.ok(len(v["items"]) <= limit, "%s: a page holds at most %d" %
             (url, limit))
        rows += [r[key] if key else r for r in v["items"]]
        cursor = v["next"]
        if cursor is None or pages > 1000:
            return rows, pages


for path, limit, key in (("/api/employees", 37, "id"),
                         ("/api/programmes/1/enrolments", 9, "employee"),
                         ("/api/programmes/1/pairs", 5, None),
                         ("/api/programmes/1/sessions", 20, "id"),
                         ("/api/programmes/1/history", 2, None)):
    # Without limit, the first page of 100 rows (helper "lists").
    first = manager.get(path).json()
    t.ok(isinstance(first, dict) and len(first["items"]) <= 100 and
         (first["next"] is None) == (len(first["items"]) < 100),
         "%s without limit: a first page of 100 at most, and its next" %
         path, (len(first["items"]), first["next"]))
    whole = manager.get(path + "?limit=1000").json()
    t.ok(whole["next"] is None and whole["items"][:100] == first["items"],
         "%s: the default page is the list's beginning" % path)
    want = [r[key] if key else r for r in whole["items"]]
    got, pages = walk(path, limit, key)
    t.ok(got == want, "%s: the pages hold the whole list, in order" % path,
         (len(got), len(want)))
    t.ok(pages >= (len(want) + limit - 1) // limit,
         "%s: in %d pages" % (path, pages))

v = manager.get("/api/employees?limit=5&q=PERR").json()
t.ok(v["items"] and all("perr" in (e["last_name"] + " " + e["first_name"] +
                                    " " + e["id"]).lower()
                        for e in v["items"]),
     "employees: q finds a part of the name, in any case", v["items"][:2])
site = manager.get("/api/employees?limit=1").json()["items"][0]["site"]
v = manager.get("/api/employees?limit=1000&site=" +
                urllib.parse.quote(site)).json()
t.ok(v["items"] and all(e["site"] == site for e in v["items"]),
     "employees: site keeps that site only")
v = manager.get("/api/employees?limit=1000&generation=x").json()
t.ok(v["items"] and all(e["generation"] == "x" for e in v["items"]),
     "employees: generation keeps that generation only")
v = manager.get("/api/employees?limit=3&q=%25").json()
t.is_(v["items"], [], "employees: a % is a character, not a wildcard")
v = manager.get("/api/programmes/1/enrolments?limit=1000&role=mentee").json()
t.ok(v["items"] and all(e["role"] == "mentee" for e in v["items"]),
     "enrolments: role keeps the mentees only")
v = manager.get("/api/programmes/1/pairs?limit=1000&state=accepted").json()
t.ok(v["items"] and all(p["state"] == "accepted" for p in v["items"]),
     "pairs: state keeps the accepted ones")
v = manager.get("/api/programmes/1/sessions?limit=1000&state=held&"
                "from=2026-11-01&to=2026-11-15").json()
t.ok(v["items"] and all(s["state"] == "held" and
                        "2026-10-31" < s["start_utc"][:10] < "2026-11-16"
                        for s in v["items"]),
     "sessions: state, from and to", v["items"][:1])
# "to" names the last day kept, as for the audit log: a session of that
# day (Paris time) is in a list from and to it.
paris = zoneinfo.ZoneInfo("Europe/Paris")
s0 = v["items"][0]
day = datetime.datetime.strptime(s0["start_utc"], "%Y-%m-%dT%H:%M:%SZ") \
    .replace(tzinfo=datetime.timezone.utc).astimezone(paris) \
    .strftime("%Y-%m-%d")
w = manager.get("/api/programmes/1/sessions?limit=1000&from=%s&to=%s"
                % (day, day)).json()
t.ok(any(x["id"] == s0["id"] for x in w["items"]),
     "sessions: to keeps the day it names", (day, s0["start_utc"]))

for url, field in (("/api/employees?limit=0", "limit"),
                   ("/api/employees?limit=1001", "limit"),
                   ("/api/employees?limit=ten", "limit"),
                   ("/api/programmes/1/sessions?cursor=x", "cursor"),
                   ("/api/programmes/1/sessions?from=27/11/2026", "from")):
    r = manager.get(url)
    t.ok(r.status == 400 and r.json()["diagnostics"][0]["field"] == field,
         "%s: 400 naming %s" % (url, field), r.body[:200])

t.is_(mentee.get("/api/employees?limit=5").status, 403,
      "paging reads the roster by the same rule: not a participant's")
v = mentee.get("/api/programmes/1/sessions?limit=100").json()
t.ok(isinstance(v, dict) and len(v["items"]) > 0,
     "a participant pages their own sessions")

# The directory page.
page = manager.get("/directory?q=perr").body.decode()
t.ok('role="search"' in page and "Perr" in page,
     "the directory finds people by name")
t.ok(re.search(r"\bE1\d{5}\b", re.sub(r"<[^>]*>", " ", page)) is None,
     "and shows no matricule")
page = manager.get("/directory").body.decode()
t.is_(page.count("<tr><td>"), 25, "25 people a page")
nxt = re.search(r'href="(/directory\?[^"]*)" rel="next"', page)
t.ok(nxt is not None, "and a next page")
if nxt:
    p2 = manager.get(nxt.group(1).replace("&amp;", "&")).body.decode()
    first = re.findall(r"<tr><td>([^<]*)</td>", page)
    second = re.findall(r"<tr><td>([^<]*)</td>", p2)
    t.ok(second and not set(first) & set(second),
         "whose people are the next ones")
# Its filters: the departments and sites in use, once each (read by
# seeks on an index, migration 021), the one chosen kept.
page = manager.get("/directory?site=Lille").body.decode()
for name in ("department", "site"):
    sel = re.search(r'<select id="d[ds]" name="%s">(.*?)</select>' % name,
                    page, re.S)
    opts = re.findall(r"<option(?: selected)?>([^<]*)</option>",
                      sel.group(1) if sel else "")
    t.ok(len(opts) > 3 and len(set(opts)) == len(opts),
         "the directory offers each %s once" % name, opts)
t.ok("<option selected>Lille</option>" in page, "the site chosen stays chosen")
rows = re.findall(r"<tr><td>[^<]*</td><td>[^<]*</td><td>[^<]*</td>"
                  r"<td>([^<]*)</td>", page)
t.ok(rows and set(rows) == {"Lille"}, "and only its people are listed",
     rows[:5])
t.is_(mentee.get("/directory").status, 403, "a participant has no directory")

rc, log = fx.close()
t.is_(rc, 0, "the server exits cleanly")
raise SystemExit(t.done())

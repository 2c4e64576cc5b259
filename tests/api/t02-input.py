#!/usr/bin/env python3
"""Bad input through the API: malformed and oversize bodies, wrong types,
refused values named by field, input shaped like SQL or HTML injection
stored verbatim and shown escaped; the database unchanged by refusals."""
import hashlib
import subprocess

from tandemapi import Fixture, Tap
import tandemapi  # noqa: E402

t = Tap()
fx = Fixture()
m = fx.client(fx.email["manager"])


def dump():
    """The database's content, to prove a refusal changed nothing."""
    lines = [ln for ln in tandemapi.dump(fx.db).encode().splitlines()
             if b"INSERT INTO web_session" not in ln]
    return hashlib.sha256(b"\n".join(lines)).hexdigest()


before = dump()
r = m.request("POST", "/api/programmes", '{"name": "A", "purpose": ')
j = r.json()
t.ok(r.status == 400 and j["error"] == "malformed JSON" and
     j["diagnostics"][0]["line"] == 1 and j["diagnostics"][0]["column"] > 1,
     "malformed JSON: 400 with the line and column", r.body)
r = m.request("POST", "/api/programmes", b'{"name": "\xff\xfe"}')
t.ok(r.status == 400 and r.json()["error"] == "malformed JSON",
     "a body that is not UTF-8: 400, not a server error", r.body)
r = m.request("POST", "/api/programmes", '["a list"]')
t.is_(r.status, 400, "a JSON value that is not an object: 400")
r = m.request("POST", "/api/programmes", '{"name": "A", "name": "B"}')
t.is_(r.status, 400, "a duplicated member: 400")
r = m.request("POST", "/api/programmes", "name=A", ctype="text/plain")
t.is_(r.status, 415, "a body that is not JSON: 415")
r = m.request("POST", "/api/programmes", {"name": 12, "purpose": ["x"],
                                          "session_count": "six"})
fields = sorted(d["field"] for d in r.json()["diagnostics"])
t.ok(r.status == 400 and fields == ["name", "purpose", "session_count"],
     "members of the wrong type: 400, each named", r.body)
r = m.request("POST", "/api/programmes", {"name": "A", "purpose": "B",
                                          "colour": "blue"})
t.ok(r.status == 400 and r.json()["diagnostics"][0]["field"] == "colour",
     "an unknown member is named, not ignored", r.body)
r = m.request("POST", "/api/programmes", {"name": "", "purpose": "B",
                                          "session_minutes": 5})
t.ok(r.status == 400 and len(r.json()["diagnostics"]) >= 2,
     "the library's checks come back as diagnostics", r.body)
r = m.request("POST", "/api/programmes", {"name": "A\u0000B", "purpose": "B"})
t.is_(r.status, 400, "a NUL inside a string: 400")
big = {"name": "Big", "purpose": "x" * (70 << 10)}
r = m.request("POST", "/api/programmes", big)
t.ok(r.status == 413 and "larger" in r.json()["error"],
     "a body over 64 KiB: 413", r.body[:200])
r = m.request("POST", "/api/roster?dry_run=1", b"x" * (33 << 20),
              ctype="text/csv")
t.is_(r.status, 413, "a roster over 32 MiB: 413")
r = m.request("POST", "/api/roster?name=bad.csv",
              "Matricule;Nom;Prénom;Email;Date de naissance\n"
              "E1;Petit;Léa;lea.petit@ex;03/13/1990\n"
              "E1;Petit;Léa;lea@exemple.fr;01/01/1990\n", ctype="text/csv")
diags = r.json()["diagnostics"]
t.ok(r.status == 400 and all(d["field"] == "bad.csv" and d["line"] >= 2
                             for d in diags) and len(diags) >= 3,
     "a bad roster: 400, every problem with its line", r.body)
r = m.request("POST", "/api/programmes/1/transitions", {"action": "fly"})
t.ok(r.status == 400 and r.json()["diagnostics"][0]["field"] == "action",
     "an unknown action is named", r.body)
r = m.request("POST", "/api/programmes/1/match", {"dry_run": "yes"})
t.is_(r.status, 400, "a boolean that is a string: 400")
r = m.request("POST", "/api/sessions/abc/held", {})
t.is_(r.status, 404, "a session id that is not a number: 404")
r = m.request("POST", "/api/programmes/1/enrolments", {"role": "mentor"})
t.ok(r.status >= 400 and r.status < 500, "a refused enrolment: 4xx", r.body)
r = m.get("/api/programmes/1/report?format=pdf")
t.ok(r.status == 400 and r.json()["diagnostics"][0]["field"] == "format",
     "an unknown report format: 400, named", r.body)
t.is_(dump(), before, "every refusal left the database as it was")

# Injection-shaped text is data: stored as it is, escaped on output.
evil_name = "x'); DROP TABLE employee;-- <script>alert(1)</script>"
evil_purpose = "\" OR 1=1 -- <img src=x onerror=alert(2)> & ' ; %s %n"
r = m.post("/api/programmes", {"name": evil_name, "purpose": evil_purpose,
                               "topics": "web-search"})
t.is_(r.status, 201, "a programme named like an injection is created")
pid = r.json()["id"]
got = m.get("/api/programmes/%d" % pid).json()
t.ok(got["name"] == evil_name and got["purpose"] == evil_purpose,
     "stored and returned verbatim")
t.ok(len(m.items("/api/employees")) > 100, "the employees are there")
page = m.get("/programmes/%d" % pid).body.decode()
t.ok("<script>alert(1)</script>" not in page and
     "&lt;script&gt;alert(1)&lt;/script&gt;" in page and
     "<img src=x" not in page, "the HTML page shows it escaped")
home = m.get("/").body.decode()
t.ok("<script>alert" not in home and "&lt;script&gt;" in home,
     "the home page too")
r = m.get("/api/programmes/" + "x'%20OR%20'1'='1")
t.is_(r.status, 404, "a programme reference shaped like SQL: 404")
r = m.post("/api/login", {"email": "' OR '1'='1", "password": "' OR '1'='1"})
t.is_(r.status, 401, "a login shaped like SQL: 401")
if tandemapi.is_pg(fx.db):
    # PostgreSQL has no integrity_check: the tables and their rows are
    # still there (the suite pg-api).
    c = tandemapi.connect(fx.db)
    t.ok(c.execute("SELECT count(*) FROM employee").fetchone()[0] > 0 and
         c.execute("SELECT count(*) FROM account").fetchone()[0] > 0,
         "the database is intact")
else:
    p = subprocess.run(["sqlite3", fx.db, "PRAGMA integrity_check"],
                       capture_output=True, text=True)
    t.is_(p.stdout.strip(), "ok", "the database is intact")

rc, log = fx.close()
t.is_(rc, 0, "the server stopped cleanly")
raise SystemExit(t.done())

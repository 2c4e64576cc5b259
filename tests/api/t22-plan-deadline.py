#!/usr/bin/env python3
"""Issue 13's two leftovers through the API and the pages: the days to
answer a proposal are a programme setting of the design form and of the
API (answer_days, 1 to 60), each refusal with its message and the
database as it was; a published pair's deadline is shown where the
proposal is (the member's home and programme page, the manager's list
of pairs) as a French date, never as an ISO timestamp."""
import html
import html.parser
import re
import urllib.parse

from tandemapi import Fixture, Tap, tandem
import tandemapi  # noqa: E402

t = Tap()
fx = Fixture()
manager = fx.client(fx.email["manager"])
sponsor = fx.client(fx.email["sponsor"])
mentor = fx.client(fx.email["mentor"])
mentee = fx.client(fx.email["mentee"])
M = manager.get("/api/me").json()["employee"]
S = sponsor.get("/api/me").json()["employee"]
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


class Fields(html.parser.HTMLParser):
    """The values a browser would send of the page's main form."""

    def __init__(self):
        super().__init__()
        self.v, self.area, self.select = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and (
                a.get("type") not in ("checkbox", "radio", "submit") or
                "checked" in a):
            self.v.append((a["name"], a.get("value") or ""))
        elif tag == "textarea":
            self.area = [a.get("name"), ""]
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.v.append((self.select, a.get("value") or ""))

    def handle_data(self, data):
        if self.area:
            self.area[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.area:
            self.v.append(tuple(self.area))
            self.area = None
        elif tag == "select":
            self.select = None


def form(c, path, fields):
    f = Fields()
    f.feed(c.get(path).body.decode())
    v = [(k, x) for k, x in f.v if k not in fields and k != "csrf"]
    body = urllib.parse.urlencode(v + list(fields.items()) +
                                  [("csrf", c.csrf)])
    return c.request("POST", path, body, csrf=False,
                     ctype="application/x-www-form-urlencoded")


def text(r):
    return html.unescape(r.body.decode())


# --- The setting in the API -------------------------------------------------
P = "/api/programmes/1"
t.is_(manager.get(P).json().get("answer_days"), 7,
      "seven days to answer, by default")
refused(manager, "PUT", P, {"answer_days": 0}, 400,
        "between 1 and 60 days to answer a proposal, not 0",
        "answer_days: 0 refused")
refused(manager, "PUT", P, {"answer_days": 61}, 400,
        "between 1 and 60 days to answer a proposal, not 61",
        "answer_days: 61 refused")
refused(manager, "PUT", P, {"answer_days": "dix"}, 400,
        "answer_days", "answer_days: not a number")
refused(sponsor, "PUT", P, {"answer_days": 10}, 403,
        "needs the programme manager role", "answer_days: the sponsor may not")
r = manager.put(P, {"answer_days": 12})
t.is_(r.status, 200, "the manager sets 12 days")
t.is_(manager.get(P).json()["answer_days"], 12, "stored")

# --- The setting in the design form -----------------------------------------
r = manager.get("/programmes/1/edit")
t.is_(r.status, 200, "the design form")
page = r.body.decode()
t.ok(re.search(r'<input id="answer_days" name="answer_days" type="number" '
               r'min="1" max="60" value="12"', page),
     "the form shows the days to answer")
t.ok("Jours pour répondre à une proposition de binôme" in page,
     "labelled in French")
before = dump()
r = form(manager, "/programmes/1/edit", {"answer_days": "0"})
t.ok(r.status in (200, 400, 422) and
     "entre 1 et 60 jours pour répondre à une proposition, pas 0" in
     text(r), "the form refuses 0 in French",
     " ".join(re.findall(r'role="alert"[^<]*<[^>]*>([^<]*)', r.body.decode())))
t.ok(dump() == before, "the form's refusal changed nothing")
r = form(manager, "/programmes/1/edit", {"answer_days": "9"})
t.ok(r.status in (200, 303), "the form sets 9 days",
     str(r.status) + " ".join(re.findall(r'class="field"[^>]*>([^<]*)', r.body.decode())))
t.is_(manager.get(P).json()["answer_days"], 9, "stored from the form")

# --- A published pair's deadline -------------------------------------------
# A second programme, its pair published at NOW (27 November 2026, 10:00
# in Paris) with 10 days to answer: until the end of 7 December in Paris.
tandem(fx.db, "--as", M, "programme", "create", "--purpose", "Les outils",
       "--topics", "digital-tools", "--start", "2026-12-01",
       "--end", "2027-05-31", "--data-notice", "Jusqu'à la fin.", "Deux")
tandem(fx.db, "--as", M, "programme", "submit", "Deux")
tandem(fx.db, "--as", S, "programme", "approve", "Deux")
tandem(fx.db, "--as", M, "programme", "open", "Deux")
tandem(fx.db, "--as", R, "enrol", "Deux", R, "--mentor",
       "--topics", "digital-tools=4")
tandem(fx.db, "--as", E, "enrol", "Deux", E, "--mentee",
       "--topics", "digital-tools=1:3")
pid = manager.get("/api/programmes").json()
pid = [p["id"] for p in (pid["items"] if isinstance(pid, dict) else pid)
       if p["name"] == "Deux"][0]
t.is_(manager.put("/api/programmes/%d" % pid, {"answer_days": 10}).status,
      200, "ten days for the second programme")
tandem(fx.db, "--as", M, "match", "Deux")
tandem(fx.db, "--as", M, "pair", "publish", "Deux")

pairs = manager.get("/api/programmes/%d/pairs" % pid).json()
items = pairs["items"] if isinstance(pairs, dict) else pairs
t.is_([p.get("answer_by") for p in items], ["2026-12-07T22:59:59Z"],
      "the API gives the pair's deadline")

home = text(mentee.get("/"))
t.ok("Votre réponse est attendue jusqu'au 7 décembre 2026" in home,
     "the member's home says until when",
     " | ".join(m[:160] for m in re.findall(r"attendue.{0,120}", home)))
t.ok("2026-12-07" not in home, "no ISO date on the home page")
page = text(mentee.get("/programmes/%d" % pid))
t.ok("Réponse attendue jusqu'au 7 décembre 2026" in page,
     "the member's programme page says until when",
     " | ".join(m[:160] for m in re.findall(r"attente.{0,160}", page)))
page = text(manager.get("/programmes/%d" % pid))
t.ok("Réponse attendue jusqu'au 7 décembre 2026" in page,
     "the manager's list of pairs says until when")
t.ok("2026-12-07" not in page, "no ISO date on the programme page")

# Once both answered, no deadline is shown any more.
tandem(fx.db, "--as", R, "pair", "accept", "Deux", R, E)
tandem(fx.db, "--as", E, "pair", "accept", "Deux", R, E)
page = text(manager.get("/programmes/%d" % pid))
t.ok("Réponse attendue" not in page, "an accepted pair shows no deadline")
home = text(mentee.get("/"))
t.ok("jusqu'au 7 décembre" not in home, "nor the member's home")

rc, log = fx.close()
t.is_(rc, 0, "the server stopped cleanly")
t.done()

#!/usr/bin/env python3
"""The surveys through the API (issue 16, point 2): one's own surveys
read, a mentor's closing answers kept, a mentee's checklist, the
follow-up from 90 days after the close, and each refusal with its
message and the database unchanged.  The clock is the fixture's, 27
November 2026, then 90 days after the programme closes."""

from tandemapi import Client, Fixture, Server, Tap, tandem
import tandemapi  # noqa: E402

t = Tap()
fx = Fixture()
P = "Cap numérique"
manager = fx.client(fx.email["manager"])
mentee = fx.client(fx.email["mentee"])
sponsor = fx.client(fx.email["sponsor"])


def dump():
    """Every table but the outbox's, which the server's delivery
    changes on its own while the test runs."""
    db = tandemapi.connect(fx.db)
    try:
        out = []
        if tandemapi.is_pg(fx.db):
            # Every row in one round trip (a query a table through psql
            # took minutes over the test's refusals).
            return "\n".join(line for line in db.iterdump() if not
                             line.startswith(("INSERT INTO outbox",
                                              "INSERT INTO mail")))
        tables = ("SELECT name FROM sqlite_master WHERE type = 'table' "
                  "AND name NOT LIKE 'outbox%' AND name NOT LIKE 'mail%' "
                  "ORDER BY name")
        for (name,) in db.execute(tables):
            out.append(name)
            out.extend(repr(r) for r in
                       db.execute('SELECT * FROM "%s"' % name))
        return "\n".join(out)
    finally:
        db.close()


def sql(q, *args):
    db = tandemapi.connect(fx.db)
    try:
        return db.execute(q, args).fetchall()
    finally:
        db.close()


def refused(client, body, status, message, name):
    before = dump()
    r = client.post("/api/programmes/1/survey", body)
    t.is_(r.status, status, name)
    v = r.json() if r.body.startswith(b"{") else {}
    msgs = [v.get("error")] + [e.get("message") for e in
                               v.get("diagnostics", [])]
    t.ok(message in msgs, name + ": says why", "%r not in %r" %
         (message, msgs))
    t.ok(dump() == before, name + ": nothing changed")


# Members who have not answered yet, and someone not enrolled.
unanswered = """SELECT e.matricule FROM enrolment n
    JOIN employee e ON e.id = n.employee_id
    WHERE n.role = ? AND n.withdrawn_at IS NULL AND NOT EXISTS
    (SELECT 1 FROM closing c WHERE c.enrolment_id = n.id) ORDER BY n.id"""
mentor_id = sql(unanswered, "mentor")[0][0]
mentee_id = sql(unanswered, "mentee")[0][0]
outsider = sql("""SELECT matricule FROM employee WHERE id NOT IN
    (SELECT employee_id FROM enrolment) ORDER BY id""")[5][0]

r = mentee.get("/api/programmes/1/survey")
t.is_(r.status, 200, "a mentee reads their surveys")
v = r.json()
t.is_(v["role"], "mentee", "the role")
t.ok(v["closing"]["open"] and v["followup"]["opens"] is None,
     "the closing survey open, the follow-up not yet dated",
     v["closing"])
t.ok(any(i["code"] == "search-operators" for i in v["checklist"]),
     "the checklist of the programme's topics", v["checklist"][:2])
t.ok(all(x["code"] != "security" for x in v["topics"]),
     "only the programme's topics", [x["code"] for x in v["topics"]])
r = sponsor.get("/api/programmes/1/survey")
t.is_(r.status, 404, "the sponsor has no survey to read")

refused(manager, {"member": mentor_id, "recommend": True, "teach": 6,
                  "upward": 2}, 400, "not a confidence from 1 to 5",
        "a confidence out of range")
refused(manager, {"member": mentor_id, "recommend": True, "teach": 0,
                  "upward": 2}, 400, "not a confidence from 1 to 5",
        "a confidence of zero")
refused(manager, {"member": mentor_id, "recommend": True, "teach": 3},
        400, "give both confidences, or neither", "one confidence alone")
refused(manager, {"member": mentor_id, "teach": 3, "upward": 3}, 400,
        "must be true or false", "no recommendation at the close")
refused(manager, {"member": mentor_id, "stage": "later",
                  "recommend": True}, 400, "must be closing or followup",
        "an unknown stage")
refused(manager, {"member": mentor_id, "recommend": True,
                  "taught": "web-search,web-search"}, 400,
        '"web-search" is given twice', "a topic taught twice")
refused(manager, {"member": mentor_id, "recommend": True,
                  "practices": "search-operators"}, 400,
        "asked of mentees only", "a mentor's checklist")
refused(manager, {"member": mentee_id, "recommend": True,
                  "practices": "search-operators,search-operators"}, 400,
        '"search-operators" is given twice', "an item ticked twice")
refused(manager, {"member": mentee_id, "recommend": True,
                  "practices": "two-factor"}, 400,
        "\"two-factor\" is not an item of this programme's checklist",
        "an item of another topic")
refused(manager, {"member": mentee_id, "recommend": True,
                  "levels": "web-search=7"}, 400,
        '"web-search=7" is not code=LEVEL with a level 0 to 4',
        "a level out of range")
refused(manager, {"member": mentee_id, "recommend": True, "teach": 4,
                  "upward": 4}, 400, "asked of mentors only",
        "a mentee's confidence")
refused(manager, {"member": mentee_id, "stage": "followup",
                  "levels": "web-search=3"}, 409,
        'the follow-up survey of "%s" opens 90 days after the programme '
        'closes' % P, "the follow-up while the programme runs")
refused(manager, {"member": outsider, "recommend": True}, 404,
        '%s is not enrolled in "%s"' % (outsider, P), "not a member")
refused(sponsor, {"member": mentee_id, "recommend": True}, 403,
        "answering for someone else needs the programme manager role, "
        "which %s does not hold" % sponsor.get("/api/me").json()["employee"],
        "the sponsor answers for nobody")

r = manager.post("/api/programmes/1/survey", {
    "member": mentor_id, "recommend": True, "teach": 4, "upward": 3,
    "taught": "web-search,generative-ai"})
t.is_(r.status, 201, "a mentor's closing answers")
t.is_(r.json(), {"programme": "1", "stage": "closing", "answered": True},
      "the answer")
t.is_(sql("""SELECT m.teach, m.upward FROM closing_mentor m
    JOIN enrolment n ON n.id = m.enrolment_id
    JOIN employee e ON e.id = n.employee_id WHERE e.matricule = ?""",
          mentor_id), [(4, 3)], "the confidences kept")
t.is_(sql("""SELECT count(*) FROM closing_taught c
    JOIN enrolment n ON n.id = c.enrolment_id
    JOIN employee e ON e.id = n.employee_id WHERE e.matricule = ?""",
          mentor_id), [(2,)], "the topics taught kept")
refused(manager, {"member": mentor_id, "recommend": False}, 409,
        "%s has answered the survey already" % mentor_id, "twice")
r = manager.post("/api/programmes/1/survey", {
    "member": mentee_id, "recommend": False, "levels": "web-search=2",
    "practices": "search-operators,genai-real-task"})
t.is_(r.status, 201, "a mentee's closing answers")
t.is_(sql("""SELECT p.code FROM practice_done d
    JOIN practice p ON p.id = d.practice_id
    JOIN enrolment n ON n.id = d.enrolment_id
    JOIN employee e ON e.id = n.employee_id
    WHERE e.matricule = ? AND d.stage = 'closing' ORDER BY p.code""",
          mentee_id), [("genai-real-task",), ("search-operators",)],
      "the checklist kept")

# The programme closes; 90 days later the follow-up opens.
me = mentee.get("/api/me").json()["employee"]
tandem(fx.db, "--as", manager.get("/api/me").json()["employee"],
       "programme", "close", P)
rc = fx.server.stop()
t.is_(rc, 0, "the first server stopped cleanly")
fx.server = Server(fx.db, now="2027-02-24T09:00:00Z")
later = Client(fx.server)
later.login(fx.email["mentee"])
v = later.get("/api/programmes/1/survey").json()
t.ok(v["followup"]["opens"] == "2027-02-25" and not v["followup"]["open"],
     "the day the follow-up opens", v["followup"])
r = later.get("/programmes/1/survey")
t.ok("Il ouvrira le 25 février 2027, 90 jours après" in r.body.decode(),
     "the page gives that day in words")
rc = fx.server.stop()
fx.server = Server(fx.db, now="2027-02-25T09:00:00Z")
later = Client(fx.server)
later.login(fx.email["mentee"])
refused(later, {"stage": "followup", "recommend": True}, 400,
        "asked in the closing survey only", "no recommendation at 90 days")
refused(later, {"stage": "followup", "changed": "tout"}, 400,
        "asked in the closing survey only", "no text at 90 days")
r = later.post("/api/programmes/1/survey", {
    "stage": "followup", "levels": "web-search=3",
    "practices": "search-operators"})
t.is_(r.status, 201, "the follow-up from day 90")
v = later.get("/api/programmes/1/survey").json()
t.ok(v["followup"]["answered"] and v["followup"]["open"],
     "the follow-up answered", v["followup"])
ws = [x for x in v["topics"] if x["code"] == "web-search"][0]
t.is_(ws["followup"], 3, "the level at 90 days")
t.ok([i for i in v["checklist"] if i["code"] == "search-operators"][0]
     ["followup"], "the item ticked at 90 days")
refused(later, {"stage": "followup"}, 409,
        "%s has answered the follow-up survey already" % me,
        "the follow-up twice")
r = later.get("/programmes/1/survey")
t.ok(r.status == 200 and "Questionnaire de suivi" in r.body.decode(),
     "the page shows both surveys")

rc, log = fx.close()
t.is_(rc, 0, "the server stopped cleanly")
raise SystemExit(t.done())

#!/usr/bin/env python3
"""A closed programme's page (issue 15, helper "pages"): shown as a
closed programme, with its dates, its figures (volunteers, pairs,
sessions held and cancelled) and its report, and without what no
longer applies: tandems at risk, people waiting, answers awaited,
ending a tandem, the last planning, matching, publishing, planning,
marking or moving sessions, closure days, invitations.  For its
manager, its sponsor, its coach and a participant.
"""
import re

from tandemapi import Fixture, Tap, connect

t = Tap()
# The demo keeps a closed season from 300 employees on.
fx = Fixture(size=300)
with connect(fx.db) as c:
    pid, live, start = c.execute(
        "SELECT (SELECT id FROM programme WHERE state = 'closed'), "
        "(SELECT id FROM programme WHERE state = 'running'), "
        "(SELECT start_date FROM programme WHERE state = 'closed')"
    ).fetchone()
    start = "%s/%s/%s" % (start[8:10], start[5:7], start[:4])
    # The demo's mentor takes the place of a mentor of the closed
    # programme, in an accepted pair, to read it as a participant.
    c.execute(
        "UPDATE enrolment SET employee_id = (SELECT id FROM employee "
        "WHERE email = ?) WHERE id = (SELECT p.mentor_id FROM pair p "
        "WHERE p.programme_id = ? AND p.state = 'accepted' ORDER BY p.id "
        "LIMIT 1)", (fx.email["mentor"], pid))
    c.commit()
t.ok(pid is not None and live is not None,
     "the demo has a closed and a running programme")

GONE = [
    ("Tandems à risque", "the tandems at risk"),
    ("tandems à risque", "their figure"),
    ("personnes en attente", "the people waiting"),
    ("réponses attendues", "the answers awaited"),
    ("Mettre fin au tandem", "ending a tandem"),
    ("Dernière planification", "the last planning"),
    ('value="match"', "matching"),
    ('value="publish"', "publishing"),
    ('value="plan"', "planning"),
    ('value="held"', "marking a session held"),
    ('value="cancel"', "cancelling a session"),
    ("/propose", "another date"),
    ("Jours de fermeture", "the closure days"),
    ("Inviter les participants", "invitations"),
    ("?seances=a-venir", "the sessions to come"),
    ("?seances=a-confirmer", "the sessions to confirm"),
]


def check(who, page, report):
    for text, what in GONE:
        t.ok(text not in page, "%s, closed programme: no %s" % (who, what),
             page[max(0, page.find(text) - 200):page.find(text) + 100]
             if text in page else None)
    t.ok("Ce programme est clos" in page and "Dates" in page and
         start in page, "%s: shown as closed, with its dates" % who)
    if report:
        t.ok('href="/programmes/%d/report"' % pid in page,
             "%s: the report's link" % who)


man = fx.client(fx.email["manager"])
page = man.get("/programmes/%d" % pid).body.decode()
check("manager", page, True)
m = dict((k, int(v)) for v, k in re.findall(
    r"<li><strong>(\d+)</strong> ([^<]+)</li>", page))
with connect(fx.db) as c:
    held, cancelled = c.execute(
        "SELECT sum(CASE WHEN state = 'held' THEN 1 ELSE 0 END), "
        "sum(CASE WHEN state = 'cancelled' THEN 1 ELSE 0 END) FROM session "
        "WHERE programme_id = ?", (pid,)).fetchone()
t.ok(m.get("séances tenues") == held and
     m.get("séances annulées") == cancelled and "volontaires" in m and
     "binômes formés" in m, "its figures: volunteers, pairs, sessions "
     "held and cancelled", m)
t.ok('aria-current="page">Tenues' in page and
     "?seances=annulees" in page, "its sessions: held first, or cancelled")

check("sponsor", fx.client(fx.email["sponsor"]).get(
    "/programmes/%d" % pid).body.decode(), True)
check("coach", fx.client(fx.email["coach"]).get(
    "/programmes/%d" % pid).body.decode(), False)
mentor = fx.client(fx.email["mentor"])
page = mentor.get("/programmes/%d" % pid).body.decode()
check("participant", page, False)
t.ok("Ma participation" in page and "Vous accompagnez" in page,
     "the participant still reads their tandem")

# The manager's home: the closed programme's figures, no risk.
home = man.get("/").body.decode()
sec = re.search(r'<section class="card programme-figures" '
                r'aria-labelledby="fig-%d">.*?</section>' % pid, home, re.S)
sec = sec.group(0) if sec else ""
t.ok("séances tenues" in sec and "tandems à risque" not in sec and
     "personnes en attente" not in sec, "the home's card of the closed "
     "programme: what it did, nothing at risk or waiting", sec[:600])

# The running programme keeps everything.
page = man.get("/programmes/%d" % live).body.decode()
t.ok(all(x in page for x in ("Tandems à risque", "personnes en attente",
                             "Mettre fin au tandem", 'value="publish"',
                             "Jours de fermeture")),
     "a running programme's page still offers them")
t.ok("Ce programme est clos" not in page, "and is not called closed")

rc, log = fx.close()
t.is_(rc, 0, "the server exits 0")
t.done()

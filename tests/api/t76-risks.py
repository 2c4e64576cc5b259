#!/usr/bin/env python3
"""The tandems at risk on the programme page, cut by the store (issue 15,
helper "pages"): the page shows the first 25 of `tandem watch`'s list,
in its order and with its reasons, and says how many there are in all;
the figure at the top, the manager's home and the report count the
same number.  The pairs at risk are made in the database (declined
pairs, a withdrawal, a clock months after the sessions), so that there
are more than a page of them.
"""
import html as htmlmod
import re

from tandemapi import Fixture, Server, Tap, connect, tandem

LATER = "2027-06-01T09:00:00Z"
PAGE = 25

t = Tap()
fx = Fixture()
with connect(fx.db) as c:
    pid = c.execute("SELECT id FROM programme WHERE state = 'running' "
                    "ORDER BY id LIMIT 1").fetchone()[0]
    mgr = c.execute("SELECT matricule FROM employee WHERE email = ?",
                    (fx.email["manager"],)).fetchone()[0]
    # Declined pairs between volunteers not paired together: at risk
    # always.  With their members' matricules, as the store writes a
    # pair (migration 022: the order of the pages).
    c.execute(
        "INSERT INTO pair (programme_id, mentor_id, mentee_id, state, "
        "score, terms, created_at, mentor_matricule, mentee_matricule) "
        "SELECT ?, a.id, b.id, 'declined', 0, '', "
        "'2026-11-01T00:00:00Z', a.matricule, b.matricule "
        "FROM enrolment a JOIN enrolment b "
        "ON b.programme_id = a.programme_id AND b.role = 'mentee' "
        "WHERE a.programme_id = ? AND a.role = 'mentor' AND NOT EXISTS "
        "(SELECT 1 FROM pair x WHERE x.programme_id = ? AND "
        "x.mentor_id = a.id AND x.mentee_id = b.id) "
        "ORDER BY a.id, b.id LIMIT 30", (pid, pid, pid))
    c.commit()
fx.server.stop()
fx.server = Server(fx.db, now=LATER)
man = fx.client(fx.email["manager"])

cli = tandem(fx.db, "--as", mgr, "watch", str(pid),
             env={"TANDEM_NOW": LATER}).stdout.splitlines()
# watch's reasons, as the page words them in French.
FRENCH = [(r"the pair was declined", "le binôme a été refusé"),
          (r"the tandem ended", "le tandem a pris fin"),
          (r"the (mentor|mentee) withdrew", None),
          (r"no session held for (\d+) days",
           r"aucune séance tenue depuis \1 jours"),
          (r"(\d+) sessions cancelled by the mentor",
           r"\1 séances annulées par le mentor"),
          (r"(\d+) sessions cancelled by the mentee",
           r"\1 séances annulées par le mentoré")]


def french(reason):
    for en, fr in FRENCH:
        if re.fullmatch(en, reason):
            return re.sub(en, fr, reason) if fr else "?"
    return "?"


want = []
for line in cli:
    m = re.match(r"\S+ (.+?) -> \S+ (.+?)\t(.*)$", line)
    if m:
        want.append((m.group(1), m.group(2), french(m.group(3))))
t.ok(len(want) > PAGE + 5, "more than a page of tandems at risk",
     len(want))

page = man.get("/programmes/%d" % pid).body.decode()
sec = htmlmod.unescape(page[page.find("<h2>Tandems à risque</h2>"):
                            page.find('<h2 id="binomes">')])
shown = re.findall(r"<li><strong>([^<]*)</strong> – <strong>([^<]*)"
                   r"</strong> : ([^<]*)</li>", sec)
t.is_(shown, want[:PAGE],
      "the page shows the first 25, in watch's order, with its reasons")
t.ok("Et d'autres encore ; en tout : %d." % len(want) in sec,
     "and how many there are in all", sec[-200:])
m = re.search(r"<li><strong>(\d+)</strong> tandems à risque</li>", page)
t.is_(int(m.group(1)) if m else None, len(want),
      "the figure at the top counts them all")
t.ok({"le binôme a été refusé"} < set(r for _, _, r in want[:PAGE]),
     "the first page has more than one kind of reason")

home = man.get("/").body.decode()
m = re.search(r"<li><strong>(\d+)</strong> tandems à risque</li>", home)
t.is_(int(m.group(1)) if m else None, len(want),
      "the manager's home counts the same")

rc, log = fx.close()
t.is_(rc, 0, "the server exits 0")
t.done()

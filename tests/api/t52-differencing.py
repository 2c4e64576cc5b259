#!/usr/bin/env python3
"""Differencing: reports taken before and after one act never give that
one person's answers away.

For random programmes (written into a database as t51 does), three
single acts: one more closing survey (a recommendation and levels), one
more session rating, one withdrawal.  Reports before and after each act
are compared: the answers' figures (satisfaction, closing survey,
levels) may only change when the act completes a batch of five new
people, and a withdrawal changes neither them nor the participation
tables, which count everyone ever enrolled.  A withdrawal that changes
which cells are hidden must leave both reports, read together, as
protected as each one alone.
"""
import json
import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
os.environ.setdefault("TANDEM_LP_PROGRAMMES", "0")
from tandemapi import Tap, tandem  # noqa: E402
import tandemapi  # noqa: E402

# The generator and the audit of t51, without running its tests.
src = open(os.path.join(HERE, "t51-disclosure-lp.py")).read()
head = src[:src.index("if GLPSOL is None:")]
t51 = {"__file__": os.path.join(HERE, "t51-disclosure-lp.py"),
       "__name__": "t51"}
exec(compile(head, "t51-disclosure-lp.py", "exec"), t51)

t = Tap()
N = int(os.environ.get("TANDEM_DIFF_PROGRAMMES", "60"))
ANSWERS = ("satisfaction", "closing", "levels")


def report(db):
    return json.loads(tandem(db, "--as", "E2", "report", "--format", "json",
                             "P").stdout)


def tables(rep):
    """The figures: each cell's value or status; texts such as "no answer
    yet" and "fewer than five answers" tell that someone answered, not
    what."""
    out = {}
    for tb in rep["tables"]:
        rows = {}
        for r in tb["rows"]:
            cs = [(c["value"], c.get("status"), c.get("at_least"))
                  for c in r["cells"]]
            if any(c[1] != "text" for c in cs):
                rows[r["label"]] = cs
        out[tb["id"]] = rows
    return out


def union(before, after):
    """What a reader holding both reports knows of the participation,
    which a withdrawal does not change: every cell shown in either."""
    rep = json.loads(json.dumps(after))
    old = {tb["id"]: tb for tb in before["tables"]}
    for tb in rep["tables"]:
        if tb["id"] not in ("generations", "departments"):
            continue
        for r, ro in zip(tb["rows"], old[tb["id"]]["rows"]):
            for i, c in enumerate(r["cells"]):
                if c["suppressed"] and not ro["cells"][i]["suppressed"]:
                    r["cells"][i] = dict(ro["cells"][i])
    return rep


def people(con, sql, *args):
    return con.execute(sql, args).fetchone()[0]


def batches(who):
    """The people released from authors in the order they answered:
    closed batches of five distinct people (report.c's rule)."""
    seen, released = [], 0
    for w in who:
        if w not in seen:
            seen.append(w)
        if len(seen) == 5:
            released += 5
            seen = []
    return released


def released(db):
    con = tandemapi.connect(db)
    pid = people(con, "SELECT id FROM programme WHERE name = 'P'")
    fb = [r[0] for r in con.execute(
        "SELECT f.enrolment_id FROM feedback f JOIN session s ON "
        "s.id = f.session_id WHERE s.programme_id = ? ORDER BY f.at, "
        "f.session_id, f.enrolment_id", (pid,))]
    cl = [r[0] for r in con.execute(
        "SELECT c.enrolment_id FROM closing c JOIN enrolment n ON n.id = "
        "c.enrolment_id WHERE n.programme_id = ? ORDER BY c.at, "
        "c.enrolment_id", (pid,))]
    lv = {}
    for (tp, e) in con.execute(
            "SELECT cl.topic_id, c.enrolment_id FROM closing c JOIN "
            "enrolment n ON n.id = c.enrolment_id JOIN enrolment_topic et "
            "ON et.enrolment_id = n.id JOIN closing_level cl ON "
            "cl.enrolment_id = n.id AND cl.topic_id = et.topic_id WHERE "
            "n.programme_id = ? AND n.role = 'mentee' ORDER BY cl.topic_id, "
            "c.at, c.enrolment_id", (pid,)):
        lv.setdefault(tp, []).append(e)
    con.close()
    return (batches(fb), batches(cl),
            tuple(sorted((k, batches(v)) for k, v in lv.items())))


def act_survey(rng, con, pid):
    e = con.execute("SELECT id FROM enrolment WHERE programme_id = ? AND "
                    "id NOT IN (SELECT enrolment_id FROM closing) ORDER BY "
                    "id", (pid,)).fetchall()
    if not e:
        return False
    e = rng.choice(e)
    con.execute("INSERT INTO closing VALUES (?, ?, NULL, "
                "'2026-12-30T10:00:00Z')", (e[0], rng.randint(0, 1)))
    for (tp,) in con.execute("SELECT topic_id FROM enrolment_topic WHERE "
                             "enrolment_id = ?", (e[0],)).fetchall():
        con.execute("INSERT INTO closing_level VALUES (?, ?, ?)",
                    (e[0], tp, rng.randint(0, 4)))
    return True


def act_rating(rng, con, pid):
    s = con.execute("SELECT s.id, s.mentee_id FROM session s WHERE "
                    "s.programme_id = ? AND s.state = 'held' AND NOT EXISTS "
                    "(SELECT 1 FROM feedback f WHERE f.session_id = s.id AND "
                    "f.enrolment_id = s.mentee_id) ORDER BY s.id",
                    (pid,)).fetchall()
    if not s:
        return False
    s = rng.choice(s)
    con.execute("INSERT INTO feedback VALUES (?, ?, ?, NULL, "
                "'2026-12-30T10:00:00Z')", (s[0], s[1], rng.randint(1, 5)))
    return True


def act_withdraw(rng, con, pid):
    e = con.execute("SELECT id FROM enrolment WHERE programme_id = ? AND "
                    "withdrawn_at IS NULL ORDER BY id",
                    (pid,)).fetchall()
    if not e:
        return False
    e = rng.choice(e)
    con.execute("UPDATE enrolment SET withdrawn_at = "
                "'2026-12-30T10:00:00Z' WHERE id = ?", (e[0],))
    return True


t51["base"]()
rng = random.Random(52)
acts = {"survey": act_survey, "rating": act_rating,
        "withdrawal": act_withdraw}
bad = {a: [] for a in acts}
done = {a: 0 for a in acts}
changed = unions = 0
combined = []
db = os.path.join(t51["tmp"], "d.db")
after = os.path.join(t51["tmp"], "d2.db")
for i in range(N):
    k = t51["programme"](rng, db)
    brep = report(db)
    before = tables(brep)
    rb = released(db)
    for name, act in acts.items():
        shutil.copy(db, after)
        con = tandemapi.connect(after)
        pid = people(con, "SELECT id FROM programme WHERE name = 'P'")
        ok = act(rng, con, pid)
        con.commit()
        con.close()
        if not ok:
            continue
        done[name] += 1
        arep = report(after)
        now = tables(arep)
        ra = released(after)
        for tid in ANSWERS:
            if before[tid] == now[tid]:
                continue
            changed += 1
            # A change needs a batch completed by this act.
            grew = [a - b for a, b in zip(ra[:2], rb[:2])] + \
                [x[1] - y[1] for x, y in zip(ra[2], rb[2])]
            if not any(g >= 5 for g in grew):
                bad[name].append("programme %d: %s changed" % (i, tid))
        if name == "withdrawal" and t51["GLPSOL"] and \
                (before["generations"] != now["generations"] or
                 before["departments"] != now["departments"]):
            # Another choice of hidden cells: both reports together
            # must still protect every hidden cell.
            both = union(brep, arep)
            audit = t51["audit"](both)
            unions += 1
            if audit:
                combined.append("programme %d, both reports: %s" %
                                (i, t51["show"](audit, both)))

for name in acts:
    t.ok(done[name] > N // 3 and not bad[name],
         "one %s (%d acts): no answer derived by difference"
         % (name, done[name]), "\n".join(bad[name][:5]))
t.ok(changed > 0, "some acts complete a batch and change the figures")
# Hidden cells stay chosen over time (report.c records every figure
# published): a withdrawal that changes the choice only hides more, so
# both reports together still protect every hidden cell.
t.ok(not combined, "%d of %d pairs of reports with another choice of "
     "hidden cells protect them together" % (unions - len(combined),
                                             unions),
     "\n".join(combined[:3]))
shutil.rmtree(t51["tmp"], ignore_errors=True)
sys.exit(t.done())

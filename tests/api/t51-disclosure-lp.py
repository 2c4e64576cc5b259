#!/usr/bin/env python3
"""The disclosure audit of outcome reports, by linear programming.

For every report audited, a reader who knows every published figure, the
relations between them and what each label means minimises and maximises
each hidden cell with GLPK (glpsol, Debian's glpk-utils), an LP solver
that is not the simplex report.c uses.  A report passes when:

  - a "< 5" cell can still be anything its label allows (1 to 4, or 0 to
    4 for a split of answers): the figures narrow it no further;
  - a "masqué" cell keeps five possible values at least, or can only be
    0 (a masqué cell is never 1 to 4, so a range below 5 says nobody);
  - a band's cell ("8 ou plus sur 12") is at least its bound.

The relations are the report's own (its JSON lists them) AND the ones
this test knows from what the tables mean: each margin's rows add up to
its total, both margins share their totals, which are the enrolled
mentees, matched + not matched + withdrawn = enrolled, planned = held +
to come + the cancellations, planned = sessions per pair x matched when
that holds, answers = yes + no.  So a relation report.c forgot still
counts against it.

Audited: the golden report of tests/golden/report-db, the demo's report,
and hundreds of random programmes (a department of one person, the
chief executive among the volunteers, small and large programmes),
written straight into a database the command line created; then the
audit must catch a report built to leak.  The differencing test takes
reports before and after one act (one answer, one withdrawal, one
survey): the answers' figures change only when a batch of five new
people is complete.
"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from tandemapi import Tap, tandem  # noqa: E402
import tandemapi  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "golden", "report-db", "report.json")
NRANDOM = int(os.environ.get("TANDEM_LP_PROGRAMMES", "200"))
GLPSOL = shutil.which("glpsol")

t = Tap()
tmp = tempfile.mkdtemp(prefix="t51-", dir=os.environ.get("TMPDIR"))


def cells(rep):
    """{(table, row, col): cell} and the table index by id."""
    out, ids = {}, {}
    for ti, tb in enumerate(rep["tables"]):
        ids[tb["id"]] = ti
        for ri, r in enumerate(tb["rows"]):
            for ci, c in enumerate(r["cells"]):
                out[(ti, ri, ci)] = c
    return out, ids


def known_relations(rep, per_pair=None):
    """The relations this test knows from the tables' meaning."""
    _, ids = cells(rep)
    tabs = rep["tables"]
    rels = []
    for tid in ("generations", "departments"):
        ti = ids[tid]
        n = len(tabs[ti]["rows"])
        for c in range(2):
            rels.append([(ti, n - 1, c, 1)] +
                        [(ti, r, c, -1) for r in range(n - 1)])
    g, d, m = ids["generations"], ids["departments"], ids["matching"]
    ng, nd = len(tabs[g]["rows"]), len(tabs[d]["rows"])
    for c in range(2):
        rels.append([(g, ng - 1, c, 1), (d, nd - 1, c, -1)])
    rels.append([(m, 0, 0, 1), (g, ng - 1, 1, -1)])
    rels.append([(m, 0, 0, 1), (m, 1, 0, -1), (m, 2, 0, -1), (m, 3, 0, -1)])
    s = ids["sessions"]
    rels.append([(s, 0, 0, 1)] + [(s, r, 0, -1) for r in range(1, 6)])
    if per_pair:
        rels.append([(s, 0, 0, 1), (m, 1, 0, -per_pair)])
    cl = ids["closing"]
    if tabs[cl]["rows"][1]["cells"][0].get("status") != "text":
        rels.append([(cl, 0, 0, 1), (cl, 1, 0, -1), (cl, 2, 0, -1)])
    # The surveys' splits (report_outcomes.c): the people who answered
    # (row 0) = those who ticked + those who did not, per stage.
    for tid, stages in (("practices", (0, 2)), ("topics_taught", (0,))):
        if tid not in ids:
            continue
        t = ids[tid]
        for c0 in stages:
            for r in range(1, len(tabs[t]["rows"])):
                if tabs[t]["rows"][r]["cells"][c0].get("status") != "text":
                    rels.append([(t, 0, c0, 1), (t, r, c0, -1),
                                 (t, r, c0 + 1, -1)])
    return rels


def bounds(rep, key, c):
    """What a cell's label tells: (lo, hi); hi None is unbounded."""
    _, ids = cells(rep)
    st = c.get("status")
    if st == "small":
        split = key[0] == ids["closing"] and key[1] in (1, 2) or \
            key[0] in (ids.get("practices"), ids.get("topics_taught")) \
            and key[1] > 0
        return (0 if split else 1), 4
    if st == "band":
        return c["at_least"], None
    return 0, None


BIG = 1e6


def lp_ranges(rep, rels):
    """{cell: (min, max)} for every hidden cell, over everything
    published, by glpsol; None when the figures are inconsistent.

    One call a direction: the LP holds one independent copy of the
    reader's problem for each hidden cell, the objective the sum of each
    copy's own cell, so each copy reaches its own optimum.  Unbounded
    cells are capped at BIG, and read as unbounded."""
    cs, _ = cells(rep)
    hidden = [k for k, c in sorted(cs.items())
              if c["suppressed"] and c.get("status") in
              ("small", "hidden", "band")]
    if not hidden:
        return {}
    vi = {k: i for i, k in enumerate(hidden)}
    rows = []
    for rel in rels:
        const, terms = 0.0, []
        for (ti, r, c, coef) in rel:
            k = (ti, r, c)
            if k in vi:
                terms.append((coef, vi[k]))
            elif k in cs and cs[k]["value"] is not None:
                const += coef * cs[k]["value"]
            else:
                terms = None
                break
        if terms:
            rows.append((terms, -const))
    result = {}
    for sense in ("Minimize", "Maximize"):
        obj = " + ".join("a%d_%d" % (t, t) for t in range(len(hidden)))
        lines = [sense, " obj: " + obj, "Subject To"]
        for t in range(len(hidden)):
            # A row that always holds: a copy in no relation still
            # makes an LP that glpsol reads.
            lines.append(" w%d: a%d_%d >= 0" % (t, t, t))
            for n, (terms, rhs) in enumerate(rows):
                lines.append(" r%d_%d: %s = %g" % (t, n, " ".join(
                    "%+g a%d_%d" % (coef, t, v) for coef, v in terms), rhs))
        lines.append("Bounds")
        for t in range(len(hidden)):
            for v, k in enumerate(hidden):
                lo, hi = bounds(rep, k, cs[k])
                lines.append(" %g <= a%d_%d <= %g" % (
                    lo, t, v, BIG if hi is None else hi))
        lines.append("End")
        lp = os.path.join(tmp, "a.lp")
        sol = os.path.join(tmp, "a.sol")
        with open(lp, "w") as f:
            f.write("\n".join(lines) + "\n")
        p = subprocess.run([GLPSOL, "--lp", lp, "-o", sol],
                           capture_output=True, text=True)
        if not os.path.exists(sol) or p.returncode != 0:
            return None
        txt = open(sol).read()
        os.unlink(sol)
        if "Status:     OPTIMAL" not in txt:
            if os.environ.get("TANDEM_LP_DEBUG"):
                sys.stderr.write(p.stdout)
            return None
        val = {}
        for line in txt.splitlines():
            f = line.split()
            if len(f) >= 4 and f[0].isdigit() and f[1].startswith("a"):
                # No. name St Activity; a basic column's St is "B".
                val[f[1]] = float(f[3])
        for t, k in enumerate(hidden):
            x = val.get("a%d_%d" % (t, t))
            if x is None:
                return None
            if x >= BIG / 2:
                x = float("inf")
            lo, hi = result.get(k, (None, None))
            result[k] = (x, hi) if sense == "Minimize" else (lo, x)
    return result


def audit(rep, per_pair=None):
    """The list of exposed cells, as (key, status, lo, hi)."""
    rels = [list(map(tuple, r)) for r in rep.get("relations", [])]
    rels += known_relations(rep, per_pair)
    cs, _ = cells(rep)
    bad = []
    ranges = lp_ranges(rep, rels)
    if ranges is None:
        return [((0, 0, 0), "all", "inconsistent", None)]
    for k, (lo, hi) in ranges.items():
        c = cs[k]
        st = c.get("status")
        if st == "small":
            blo, bhi = bounds(rep, k, c)
            if lo > blo + 1e-6 or hi < bhi - 1e-6:
                bad.append((k, st, lo, hi))
        elif st == "hidden":
            if hi - lo < 4 - 1e-6 and hi >= 5 - 1e-6:
                bad.append((k, st, lo, hi))
    return bad


def show(bad, rep):
    out = []
    for (k, st, lo, hi) in bad[:8]:
        tb = rep["tables"][k[0]]
        out.append("%s / %s / %s: %s in [%s, %s]" % (
            tb["id"], tb["rows"][k[1]]["label"], tb["columns"][k[2]], st,
            lo, hi))
    return "\n".join(out)


# --- The base database: a roster with a one-person department -----------

BASE = os.path.join(tmp, "base.db")
DEPTS = ["Direction Financière", "Direction Juridique", "Direction des "
         "Systèmes d'Information", "Direction Commerciale", "Direction "
         "Marketing", "0450", "Direction des Achats"]


def roster():
    rows = ["Matricule;Nom;Prénom;Email;Date de naissance;Direction;Site;"
            "Langue;Matricule manager"]
    rows.append("E1;Perrin;Michel;e1@exemple.fr;12/03/1960;Direction "
                "Générale;Lyon;fr;")
    rows.append("E2;Nicolas;Nathalie;e2@exemple.fr;01/01/1975;Direction "
                "des Ressources Humaines;Lyon;fr;E1")
    rng = random.Random(7)
    for i in range(3, 81):
        year = rng.choice([1950, 1958, 1966, 1972, 1985, 1992, 1999, 2003])
        rows.append("E%d;Nom%d;Prénom%d;e%d@exemple.fr;15/06/%d;%s;Lyon;fr;"
                    "E1" % (i, i, i, i, year, rng.choice(DEPTS)))
    return "\n".join(rows) + "\n"


def base():
    with open(os.path.join(tmp, "roster.csv"), "w") as f:
        f.write(roster())
    tandem(BASE, "init")
    tandem(BASE, "import", "roster", os.path.join(tmp, "roster.csv"))
    tandem(BASE, "role", "grant", "E2", "sponsor")
    tandem(BASE, "role", "grant", "E2", "manager", check=False)
    tandem(BASE, "--as", "E2", "programme", "create", "--purpose", "Essai",
           "--topics", "web-search,personal-data,generative-ai",
           "--start", "2027-01-11", "--end", "2027-06-30",
           "--data-notice", "Un an.", "P")


def programme(rng, db):
    """A random programme written into a copy of the base; returns the
    sessions per pair when planned = sessions per pair x matched."""
    shutil.copy(BASE, db)
    con = tandemapi.connect(db)
    q = con.execute
    pid = q("SELECT id FROM programme WHERE name = 'P'").fetchone()[0]
    emp = [r[0] for r in q("SELECT id FROM employee WHERE matricule "
                           "NOT IN ('E1', 'E2') ORDER BY id")]
    ceo = q("SELECT id FROM employee WHERE matricule = 'E1'").fetchone()[0]
    topics = [r[0] for r in q("SELECT id FROM topic WHERE code IN "
                              "('web-search', 'personal-data', "
                              "'generative-ai')")]
    size = rng.choice([3, 6, 10, 20, 40])
    people = rng.sample(emp, min(len(emp), rng.randint(2, size + 2)))
    if rng.random() < 0.6:
        people.append(ceo)
    nmentors = max(1, min(len(people) - 1, rng.randint(1, len(people) // 2)))
    mentors, mentees = people[:nmentors], people[nmentors:]
    if ceo in mentors:
        mentors.remove(ceo)
        mentees.append(ceo)
    if not mentors:
        mentors, mentees = mentees[:1], mentees[1:]
    now = "2026-11-27T09:00:00Z"
    ids = {}
    for e in mentors + mentees:
        role = "mentor" if e in mentors else "mentee"
        wd = now if rng.random() < 0.08 else None
        cur = q("INSERT INTO enrolment (programme_id, employee_id, role, "
                "charter_version, optin, languages, site, remote, "
                "enrolled_at, withdrawn_at) VALUES (?, ?, ?, 1, 'self', "
                "'fr', 'Lyon', 0, ?, ?)", (pid, e, role, now, wd))
        ids[e] = cur.lastrowid
        if role == "mentee":
            for tp in rng.sample(topics, rng.randint(1, 3)):
                q("INSERT INTO enrolment_topic VALUES (?, ?, ?, 2)",
                  (ids[e], tp, rng.randint(0, 3)))
    k = rng.randint(1, 8)
    q("UPDATE programme SET session_count = ?, unmatched_no_partner = ?, "
      "unmatched_capacity = ? WHERE id = ?",
      (k, rng.randint(0, 3), rng.randint(0, 3), pid))
    pairs = []
    for e in mentees:
        if rng.random() < 0.8:
            m = rng.choice(mentors)
            q("INSERT INTO pair (programme_id, mentor_id, mentee_id, state, "
              "score, terms, created_at) VALUES (?, ?, ?, 'accepted', 0, "
              "'', ?)", (pid, ids[m], ids[e], now))
            pairs.append((ids[m], ids[e]))
    exact = rng.random() < 0.5
    uid = 0
    held = []
    for (m, e) in pairs:
        for s in range(k if exact else rng.randint(0, k)):
            uid += 1
            st = rng.choice(["held", "held", "planned", "cancelled"])
            by = rng.choice(["mentor", "mentee", "manager"]) \
                if st == "cancelled" else None
            start = "2026-12-%02dT09:00:00Z" % (s + 1) if st != "planned" \
                else "2027-02-%02dT09:00:00Z" % (s + 1)
            cur = q("INSERT INTO session (programme_id, mentor_id, "
                    "mentee_id, seq, uid, start_at, minutes, state, "
                    "cancelled_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, 60, "
                    "?, ?, ?)", (pid, m, e, s + 1, "u%d" % uid, start, st,
                                 by, now))
            if st == "held":
                held.append((cur.lastrowid, e))
    for (sid, e) in held:
        if rng.random() < 0.6:
            q("INSERT INTO feedback VALUES (?, ?, ?, NULL, ?)",
              (sid, e, rng.randint(1, 5), "2026-12-%02dT10:00:00Z" %
               rng.randint(1, 28)))
    yes = rng.random()
    for e in mentors + mentees:
        if rng.random() < 0.5:
            q("INSERT INTO closing VALUES (?, ?, NULL, ?)",
              (ids[e], int(rng.random() < yes), "2026-12-%02dT10:00:00Z" %
               rng.randint(1, 28)))
            for (tp,) in q("SELECT topic_id FROM enrolment_topic WHERE "
                           "enrolment_id = ?", (ids[e],)).fetchall():
                q("INSERT INTO closing_level VALUES (?, ?, ?)",
                  (ids[e], tp, rng.randint(0, 4)))
    con.commit()
    planned = q("SELECT count(*) FROM session WHERE programme_id = ?",
                (pid,)).fetchone()[0]
    matched = q("SELECT count(*) FROM pair p JOIN enrolment n ON n.id = "
                "p.mentee_id WHERE p.programme_id = ? AND "
                "n.withdrawn_at IS NULL", (pid,)).fetchone()[0]
    con.close()
    return k if planned == k * matched else None


def report(db, fmt="json", lang=None):
    args = ["--as", "E2", "report", "--format", fmt]
    if lang:
        args += ["--lang", lang]
    p = tandem(db, *(args + ["P"]))
    return json.loads(p.stdout) if fmt == "json" else p.stdout


if GLPSOL is None:
    print("1..0 # SKIP glpsol not installed (glpk-utils)")
    sys.exit(0)

# --- The golden report --------------------------------------------------

gold = json.load(open(GOLDEN))
bad = audit(gold, per_pair=4)
t.ok(not bad, "golden report-db: no hidden cell narrowed", show(bad, gold))

# --- A report built to leak: the audit must see it -----------------------

leak = json.loads(json.dumps(gold))
_, ids = cells(leak)
m = ids["matching"]
cell = leak["tables"][m]["rows"][1]["cells"][0]
cell.clear()
cell.update({"value": 10, "status": "shown", "suppressed": False})
bad = audit(leak, per_pair=4)
t.ok(any(b[0] == (m, 2, 0) for b in bad),
     "built to leak: matched shown, the audit finds the unmatched",
     show(bad, leak))
leak = json.loads(json.dumps(gold))
s = ids["sessions"]
for r in (0, 2):
    leak["tables"][s]["rows"][r]["cells"][0] = {
        "value": [40, 11][r // 2], "status": "shown", "suppressed": False}
bad = audit(leak, per_pair=4)
t.ok(any(b[0] == (m, 2, 0) for b in bad),
     "built to leak: 40 planned = 4 x 10 gives the unmatched back",
     show(bad, leak))

# --- The demo -----------------------------------------------------------

demo = os.path.join(tmp, "demo.db")
tandem(demo, "demo")
progs = tandem(demo, "programme", "list").stdout.splitlines()
nd = 0
for line in progs:
    name = line.split("\t")[1] if "\t" in line else None
    if not name:
        continue
    p = tandem(demo, "--as", "E100001", "report", "--format", "json", name)
    rep = json.loads(p.stdout)
    bad = audit(rep)
    nd += 1
    t.ok(not bad, "demo %s: no hidden cell narrowed" % name, show(bad, rep))
t.ok(nd > 0, "the demo has a report")

# --- Random programmes --------------------------------------------------

base()
rng = random.Random(int(os.environ.get("TANDEM_LP_SEED", "16")))
fails = []
hidden_seen = bands = 0
for i in range(NRANDOM):
    db = os.path.join(tmp, "r.db")
    k = programme(rng, db)
    rep = report(db)
    cs, _ = cells(rep)
    hidden_seen += sum(1 for c in cs.values() if c["suppressed"])
    bands += sum(1 for c in cs.values() if c.get("status") == "band")
    bad = audit(rep, per_pair=k)
    if bad:
        fails.append("programme %d: %s" % (i, show(bad, rep)))
        if os.environ.get("TANDEM_LP_KEEP"):
            shutil.copy(db, os.path.join(os.environ["TANDEM_LP_KEEP"],
                                         "r%d.db" % i))
t.ok(not fails, "%d random programmes: no hidden cell narrowed "
     "(%d hidden cells, %d bands)" % (NRANDOM, hidden_seen, bands),
     "\n".join(fails[:5]))
t.ok(hidden_seen > NRANDOM, "the random programmes hide cells")

sys.exit(t.done())

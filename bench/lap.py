#!/usr/bin/python3
"""The matching-solver benchmark of bench/README.md.

Usage: /usr/bin/python3 bench/lap.py [BUILDDIR] [--sizes 1000,2000,...]
                                      [--match-scale]
       /usr/bin/python3 bench/lap.py [BUILDDIR] --anchors [--reps N]
                                      [--cases NAME,...]

Makes the cost matrices with numpy (fixed seeds) in a scratch directory:

  uniform   integer costs drawn uniformly from 0..100000
  profile   mentees and mentors get random levels 0..5 over 9 topics;
            cost = -(mentee levels . mentor levels), so ties abound

square n x n for n = 1000, 2000, 4000, 8000, and 6000 mentees x 2000
mentors with 3 seats each.  On every file, in the same run, it times
BUILDDIR/bench/solve (solve time only, as the tool reports it) and
scipy.optimize.linear_sum_assignment (on np.repeat(cost, K, axis=1) when
K > 1; the call alone), checks that the objectives are equal, and prints
a table with both times and the ratio ours/scipy.

Then the matcher-scale sparse cases, through `solve --sparse` (scipy has
no capacitated sparse counterpart): 10,000 mentees x 5,000 mentors of
capacity 2 with 50-150 allowed mentors each, and 60,000 x 40,000 of
capacity 1-2 with 50-200 each, profile costs on the allowed pairs; solve
time, peak RSS of the process (input included) and the certificate.
--match-scale runs only those.  Exits non-zero if an objective differs
or a certificate fails.  Needs Debian's python3-numpy and python3-scipy.

--anchors runs the side-by-side comparison of bench/README.md instead
(see anchors()): on the families uniform (0..1,000,000), ties (the
tie-heavy profile: 6 topics, levels 0-4, interest 0-3, a site bonus,
about 70 distinct costs), profile (as above) and the matcher-shaped
sparse instances, it times bench/solve with one thread and with two,
scipy, POT's ot.emd (Debian's python3-pot) and LEMON's NetworkSimplex
(BUILDDIR/bench/lemon-solve, built when Debian's liblemon-dev is
installed), N interleaved repetitions (default 3), checks that every
objective is equal and that ours is certified, and prints the medians,
each anchor's ratio to ours and the physical floors (solve --floor).
--cases keeps only the named cases (e.g. ties-8000,cap-2000x3).
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy.optimize import linear_sum_assignment


def uniform(n, m, seed):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 100001, size=(n, m), dtype=np.int64).astype(
        np.int32)


def profile(n, m, seed):
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 6, size=(n, 9)).astype(np.int32)
    b = rng.integers(0, 6, size=(m, 9)).astype(np.int32)
    return -(a @ b.T).astype(np.int32)


def wide(n, m, seed):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 1000001, size=(n, m), dtype=np.int64).astype(
        np.int32)


def ties(n, m, seed):
    """The tie-heavy profile: mentees' interest 0-3 and mentors' levels
    0-4 on 6 topics, 4 sites, a bonus of 8 for the same site; cost =
    -(interest . levels + bonus), about 70 distinct values."""
    rng = np.random.default_rng(seed)
    lev = rng.integers(0, 5, size=(m, 6)).astype(np.int32)
    it = rng.integers(0, 4, size=(n, 6)).astype(np.int32)
    sa = rng.integers(0, 4, size=n)
    sb = rng.integers(0, 4, size=m)
    return -((it @ lev.T) + 8 * (sa[:, None] == sb[None, :])).astype(
        np.int32)


def sparse_profile(n, m, caps, lo, hi, seed):
    """n mentees x m mentors, capacities drawn from caps, lo..hi allowed
    mentors per mentee (drawn with replacement, repeats dropped), profile
    costs as above.  Returns rowptr (int64), col, cost, cap (int32)."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 6, size=(n, 9)).astype(np.int32)
    b = rng.integers(0, 6, size=(m, 9)).astype(np.int32)
    cap = rng.choice(np.asarray(caps, dtype=np.int32), size=m)
    k = rng.integers(lo, hi + 1, size=n)
    row = np.repeat(np.arange(n, dtype=np.int64), k)
    col = rng.integers(0, m, size=row.size).astype(np.int32)
    order = np.lexsort((col, row))
    row, col = row[order], col[order]
    keep = np.ones(row.size, dtype=bool)
    keep[1:] = (row[1:] != row[:-1]) | (col[1:] != col[:-1])
    row, col = row[keep], col[keep]
    rowptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(row, minlength=n), out=rowptr[1:])
    cost = -np.einsum("ij,ij->i", a[row], b[col]).astype(np.int32)
    return rowptr, col, cost, cap.astype(np.int32)


def match_scale(solve, tmp):
    """The matcher-scale sparse cases, timed and certified; returns the
    number of failures (no certificate)."""
    bad = 0
    print("\n%-16s %8s %16s %9s %10s %8s %5s" % ("sparse", "pairs",
          "objective", "assigned", "ours s", "RSS MB", "cert"))
    for n, m, caps, lo, hi in ((10000, 5000, (2,), 50, 150),
                               (60000, 40000, (1, 2), 50, 200)):
        rowptr, col, cost, cap = sparse_profile(n, m, caps, lo, hi,
                                                777 + n)
        prefix = os.path.join(tmp, "sparse-%dx%d" % (n, m))
        for name, arr in (("rowptr", rowptr), ("col", col),
                          ("cost", cost), ("cap", cap)):
            np.save("%s-%s.npy" % (prefix, name), arr)
        out = subprocess.run([solve, "--sparse", prefix, "--certify"],
                             check=True, capture_output=True, text=True)
        ours = json.loads(out.stdout)
        rss = ours["peak_mb"]
        bad += not ours["certified"]
        print("%-16s %8d %16d %9d %10.3f %8.1f %5s" % (
            "%dx%d" % (n, m), col.size, ours["objective"],
            ours["assigned"], ours["seconds"], rss,
            "yes" if ours["certified"] else "NO"), flush=True)
        for name in ("rowptr", "col", "cost", "cap"):
            os.unlink("%s-%s.npy" % (prefix, name))
    return bad


def run_json(cmd, env=None):
    e = dict(os.environ)
    e.update(env or {})
    out = subprocess.run(cmd, check=True, capture_output=True, text=True,
                         env=e)
    return json.loads(out.stdout)


def run_scipy(cost, k):
    big = np.repeat(cost, k, axis=1) if k > 1 else cost
    t = time.perf_counter()
    r, c = linear_sum_assignment(big)
    t = time.perf_counter() - t
    return int(big[r, c].astype(np.int64).sum()), t


def run_pot(cost, k):
    import ot
    n, m = cost.shape
    a = np.ones(n, dtype=np.float64)
    b = np.full(m, float(k))
    mm = cost.astype(np.float64)
    t = time.perf_counter()
    g = ot.emd(a, b, mm, numItermax=2000000000)
    t = time.perf_counter() - t
    obj = float((g * mm).sum())
    if abs(g.sum() - n) > 1e-6:
        raise RuntimeError("POT did not converge")
    return int(round(obj)), t


def anchors(build, reps, only):
    """The side-by-side runs of bench/README.md: every tool on every case,
    in turn, reps times; the median of each, its ratio to ours (two
    threads), and our distance from the floors.  Returns the number of
    failures (objectives that differ, certificates that fail)."""
    solve = os.path.join(build, "bench", "solve")
    lemon = os.path.join(build, "bench", "lemon-solve")
    has_lemon = os.path.exists(lemon)
    try:
        import ot  # noqa: F401
        has_pot = True
    except ImportError:
        has_pot = False
    # name, generator, rows, columns, seats, tools beside ours
    cases = []
    for fam, gen in (("uniform", wide), ("ties", ties),
                     ("profile", profile)):
        cases.append(("%s-8000" % fam, gen, 8000, 8000, 1,
                      ("scipy", "lemon")))
        cases.append(("%s-cap-2000x3" % fam, gen, 6000, 2000, 3,
                      ("scipy", "pot", "lemon")))
        # scipy takes over a minute here (the 76 s): left out.
        cases.append(("%s-cap-5000x2" % fam, gen, 10000, 5000, 2,
                      ("pot", "lemon")))
    cases.append(("sparse-10000x5000", None, 10000, 5000, 2, ("lemon",)))
    cases.append(("sparse-60000x40000", None, 60000, 40000, 0, ("lemon",)))
    if only:
        cases = [c for c in cases if any(o in c[0] for o in only)]
    bad = 0
    print("%-20s %14s %8s %8s %8s %8s %8s | %7s %7s %7s %7s | %7s %7s"
          % ("case", "objective", "ours 1T", "ours 2T", "scipy", "POT",
             "LEMON", "sc/2T", "POT/2T", "LEM/2T", "1T/2T", "pass",
             "tight"), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, gen, n, m, k, tools in cases:
            sparse = gen is None
            path = os.path.join(tmp, name)
            if sparse:
                caps = (2,) if k == 2 else (1, 2)
                lo, hi = (50, 150) if n == 10000 else (50, 200)
                arrs = sparse_profile(n, m, caps, lo, hi, 777 + n)
                for part, arr in zip(("rowptr", "col", "cost", "cap"),
                                     arrs):
                    np.save("%s-%s.npy" % (path, part), arr)
                    arr.tofile("%s-%s.bin" % (path, part))
                ours_cmd = [solve, "--sparse", path]
                cost = None
            else:
                cost = np.ascontiguousarray(gen(n, m, 1 + n + m))
                np.save(path + ".npy", cost)
                if "lemon" in tools:
                    cost.tofile(path + ".bin")
                ours_cmd = [solve, path + ".npy", "--seats", str(k)]
            times = {t: [] for t in ("1T", "2T", "scipy", "pot", "lemon")}
            objs = set()
            floor = {}
            for rep in range(reps):
                for tool in ("1T", "2T") + tuple(tools):
                    if tool in ("1T", "2T"):
                        extra = []
                        if rep == 0 and tool == "2T":
                            extra = ["--certify"] + ([] if sparse else
                                                     ["--floor"])
                        r = run_json(ours_cmd + extra, {
                            "TANDEM_THREADS": tool[0]})
                        if "certified" in r:
                            bad += not r["certified"]
                            floor = r
                        obj, t = r["objective"], r["seconds"]
                    elif tool == "scipy":
                        obj, t = run_scipy(cost, k)
                    elif tool == "pot":
                        if not has_pot:
                            continue
                        obj, t = run_pot(cost, k)
                    else:
                        if not has_lemon:
                            continue
                        if sparse:
                            cmd = [lemon, "sparse", path, str(n), str(m)]
                        else:
                            cmd = [lemon, "dense", path + ".bin", str(n),
                                   str(m), str(k)]
                        r = run_json(cmd)
                        obj, t = r["objective"], r["seconds"]
                    objs.add(obj)
                    times[tool].append(t)
            med = {t: statistics.median(v) for t, v in times.items() if v}
            same = len(objs) == 1
            bad += not same

            def cell(t):
                return "%8.3f" % med[t] if t in med else "%8s" % "-"

            def ratio(t):
                return ("%7.1f" % (med[t] / med["2T"]) if t in med else
                        "%7s" % "-")
            print("%-20s %14d %s %s %s %s %s | %s %s %s %s | %7s %7s%s" % (
                name, min(objs), cell("1T"), cell("2T"), cell("scipy"),
                cell("pot"), cell("lemon"), ratio("scipy"), ratio("pot"),
                ratio("lemon"), ratio("1T"),
                "%.3f" % floor["pass"] if "pass" in floor else "-",
                "%.3f" % floor["tight"] if "tight" in floor else "-",
                "" if same else "  OBJECTIVES DIFFER %r" % sorted(objs)),
                flush=True)
            for f in os.listdir(tmp):
                os.unlink(os.path.join(tmp, f))
    return bad


def main():
    build = "build"
    only_sparse = False
    sizes = [1000, 2000, 4000, 8000]
    args = sys.argv[1:]
    do_anchors = False
    reps = 3
    only = []
    while args:
        a = args.pop(0)
        if a == "--anchors":
            do_anchors = True
        elif a == "--reps":
            reps = int(args.pop(0))
        elif a == "--cases":
            only = args.pop(0).split(",")
        elif a == "--sizes":
            sizes = [int(x) for x in args.pop(0).split(",")]
        elif a == "--match-scale":
            only_sparse = True
        else:
            build = a
    if do_anchors:
        return 1 if anchors(build, reps, only) else 0
    solve = os.path.join(build, "bench", "solve")
    cases = [(kind, n, n, 1) for n in sizes for kind in ("uniform",
             "profile")]
    cases += [(kind, 6000, 2000, 3) for kind in ("uniform", "profile")]
    bad = 0
    if only_sparse:
        cases = []
    print("%-8s %-14s %5s %16s %10s %10s %8s" % ("costs", "size", "seats",
          "objective", "ours s", "scipy s", "ratio"))
    with tempfile.TemporaryDirectory() as tmp:
        for kind, n, m, k in cases:
            gen = uniform if kind == "uniform" else profile
            cost = np.ascontiguousarray(gen(n, m, 12345 + n))
            path = os.path.join(tmp, "%s-%dx%d.npy" % (kind, n, m))
            np.save(path, cost)
            out = subprocess.run([solve, path, "--seats", str(k)],
                                 check=True, capture_output=True, text=True)
            ours = json.loads(out.stdout)
            big = np.repeat(cost, k, axis=1) if k > 1 else cost
            t = time.perf_counter()
            r, c = linear_sum_assignment(big)
            t = time.perf_counter() - t
            obj = int(big[r, c].astype(np.int64).sum())
            same = obj == ours["objective"]
            bad += not same
            print("%-8s %-14s %5d %16d %10.3f %10.3f %8.3f%s" % (
                kind, "%dx%d" % (n, m), k, ours["objective"],
                ours["seconds"], t, ours["seconds"] / t,
                "" if same else "  OBJECTIVE DIFFERS: scipy %d" % obj),
                flush=True)
            del big, cost
            os.unlink(path)
        bad += match_scale(solve, tmp)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

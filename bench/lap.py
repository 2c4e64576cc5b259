#!/usr/bin/python3
"""The matching-solver benchmark of bench/README.md.

Usage: /usr/bin/python3 bench/lap.py [BUILDDIR] [--sizes 1000,2000,...]
                                      [--match-scale]

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
"""
import json
import os
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


def main():
    build = "build"
    only_sparse = False
    sizes = [1000, 2000, 4000, 8000]
    args = sys.argv[1:]
    while args:
        a = args.pop(0)
        if a == "--sizes":
            sizes = [int(x) for x in args.pop(0).split(",")]
        elif a == "--match-scale":
            only_sparse = True
        else:
            build = a
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

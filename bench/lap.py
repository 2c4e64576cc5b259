#!/usr/bin/python3
"""The matching-solver benchmark of bench/README.md.

Usage: /usr/bin/python3 bench/lap.py [BUILDDIR] [--sizes 1000,2000,...]

Makes the cost matrices with numpy (fixed seeds) in a scratch directory:

  uniform   integer costs drawn uniformly from 0..100000
  profile   mentees and mentors get random levels 0..5 over 9 topics;
            cost = -(mentee levels . mentor levels), so ties abound

square n x n for n = 1000, 2000, 4000, 8000, and 6000 mentees x 2000
mentors with 3 seats each.  On every file, in the same run, it times
BUILDDIR/bench/solve (solve time only, as the tool reports it) and
scipy.optimize.linear_sum_assignment (on np.repeat(cost, K, axis=1) when
K > 1; the call alone), checks that the objectives are equal, and prints
a table with both times and the ratio ours/scipy.  Exits non-zero if an
objective differs.  Needs Debian's python3-numpy and python3-scipy.
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


def main():
    build = "build"
    sizes = [1000, 2000, 4000, 8000]
    args = sys.argv[1:]
    while args:
        a = args.pop(0)
        if a == "--sizes":
            sizes = [int(x) for x in args.pop(0).split(",")]
        else:
            build = a
    solve = os.path.join(build, "bench", "solve")
    cases = [(kind, n, n, 1) for n in sizes for kind in ("uniform",
             "profile")]
    cases += [(kind, 6000, 2000, 3) for kind in ("uniform", "profile")]
    bad = 0
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
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Two builds of the assignment solver side by side, in one run.

Usage: /usr/bin/python3 bench/ab-solve.py BUILD_A BUILD_B [ROUNDS]

Makes bench/lap.py's instances once (the same generators and seeds):
dense uniform and profile 8000 x 8000, profile 6000 mentees x 2000
mentors of 3 seats, and the matcher-scale sparse 10,000 x 5,000 of
capacity 2; then times BUILD_A/bench/solve and BUILD_B/bench/solve on
each in turn (A B A B ..., ROUNDS times, default 3), checks that both
give the same objective every time, and prints the median solve times
(as solve reports them) and their ratio B / A.  Exits non-zero if an
objective differs.  Needs Debian's python3-numpy.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lap  # noqa: E402  (the instances of bench/lap.py)


def solve(build, args):
    out = subprocess.run([os.path.join(build, "bench", "solve")] + args,
                         check=True, capture_output=True, text=True)
    r = json.loads(out.stdout)
    return r["objective"], r["seconds"]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    a, b = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        cases = []
        for name, make, n, m, k in (("uniform 8000", lap.uniform, 8000,
                                     8000, 1),
                                    ("profile 8000", lap.profile, 8000,
                                     8000, 1),
                                    ("profile 6000x2000x3", lap.profile,
                                     6000, 2000, 3)):
            path = os.path.join(tmp, name.replace(" ", "-") + ".npy")
            np.save(path, make(n, m, 1 + n + m))
            cases.append((name, [path, "--seats", str(k)]))
        rowptr, col, cost, cap = lap.sparse_profile(10000, 5000, (2,), 50,
                                                    150, 777 + 10000)
        prefix = os.path.join(tmp, "sparse")
        for part, arr in (("rowptr", rowptr), ("col", col), ("cost", cost),
                          ("cap", cap)):
            np.save("%s-%s.npy" % (prefix, part), arr)
        cases.append(("sparse 10000x5000", ["--sparse", prefix]))
        print("%-22s %10s %10s %8s" % ("instance", "A s", "B s", "B / A"))
        for name, args in cases:
            times = {a: [], b: []}
            objectives = set()
            for _ in range(rounds):
                for build in (a, b):
                    obj, secs = solve(build, args)
                    objectives.add(obj)
                    times[build].append(secs)
            ta = statistics.median(times[a])
            tb = statistics.median(times[b])
            same = len(objectives) == 1
            bad += not same
            print("%-22s %10.3f %10.3f %8.3f%s" % (name, ta, tb, tb / ta,
                  "" if same else "  OBJECTIVES DIFFER"), flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

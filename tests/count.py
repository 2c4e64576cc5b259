"""The counting half of tests/run: reads meson's JSON logs of the runs,
prints one line per test with its TAP counts and the failures with their
diagnostics, then "N passed, N failed".  A test that exited non-zero
without a failing TAP line, or ran none, counts as one failure; so does a
test file of tests/ that tests/meson.build does not register.

Usage: python3 tests/count.py TOP FIRSTBUILD LABEL=LOG.json..."""

import glob
import json
import os
import re
import subprocess
import sys


def count(label, stdout, stderr, result, returncode):
    """One test's line, and its failures; returns (passed, failed)."""
    lines = stdout.splitlines()
    ok = sum(1 for l in lines if l.startswith("ok "))
    # TAP's "not ok ... # TODO" is a known failure, shown, not counted
    # as a failure (nor as a pass).
    todo = [l for l in lines if l.startswith("not ok ") and
            re.search(r"#\s*TODO\b", l, re.I)]
    bad = sum(1 for l in lines if l.startswith("not ok ")) - len(todo)
    if result not in ("OK", "SKIP") and bad == 0:
        bad = 1
        lines.append("not ok - %s ended as %s (status %s)" %
                     (label, result, returncode))
    elif ok == 0 and bad == 0:
        bad = 1
        lines.append("not ok - %s ran no test" % label)
    print("%-40s %5d passed, %d failed%s" % (label, ok, bad,
          ", %d known (TODO)" % len(todo) if todo else ""))
    for l in todo:
        print("    " + l)
    if bad:
        shown = [l for l in lines if not l.startswith("ok ")]
        shown += stderr.splitlines()
        for l in shown[:100]:
            print("    " + l)
    return ok, bad


def unregistered(top, build):
    """The test files of tests/ that no meson test runs."""
    try:
        tests = json.loads(subprocess.run(
            ["meson", "introspect", "--tests", build], check=True,
            capture_output=True, text=True).stdout)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return ["(meson introspect --tests %s failed)" % build]
    # The valgrind suite is left out of the default setup's listing.
    have = {(s, t["name"]) for t in tests for s in t["suite"]}
    have = {(s.split(":")[-1], n) for s, n in have}
    want = []
    for pattern, suite, name in (
            ("unit/test_*.c", "unit", lambda b: b[:-2]),
            ("golden/run-*", "golden", lambda b: b[4:]),
            ("cli/t*.sh", "cli", lambda b: b[:-3]),
            ("api/t[0-9]*.py", "api", lambda b: b[:-3]),
            ("browser/*.mjs", "browser", lambda b: b[:-4]),
            ("fuzz/fuzz_*.c", "fuzz", lambda b: b[5:-2])):
        for f in sorted(glob.glob(os.path.join(top, "tests", pattern))):
            # Files that are not tests of their own: what the browser
            # tests import, and the PostgreSQL store's checks, which
            # need a database and run inside t0081.
            if os.path.relpath(f, top) in (
                    os.path.join("tests", "browser", "lib.mjs"),
                    os.path.join("tests", "unit", "test_pgtx.c")):
                continue
            if (suite, name(os.path.basename(f))) not in have:
                want.append(os.path.relpath(f, top))
    return want


def main():
    top, first, runs = sys.argv[1], sys.argv[2], sys.argv[3:]
    passed = failed = 0
    missing = unregistered(top, first)
    if missing:
        ok, bad = count("registered tests",
                        "".join("not ok - %s is not in tests/meson.build\n"
                                % f for f in missing), "", "FAIL", 1)
        passed, failed = passed + ok, failed + bad
    for run in runs:
        prefix, log = run.split("=", 1)
        try:
            with open(log, encoding="utf-8") as f:
                results = [json.loads(l) for l in f if l.strip()]
        except (OSError, ValueError) as e:
            results = []
            ok, bad = count("%s: meson test" % prefix, "", str(e),
                            "ERROR", "none")
            passed, failed = passed + ok, failed + bad
            continue
        for r in results:
            # "tandem:unit / test_csv" is the test test_csv of the suite
            # unit.
            m = re.match(r"(?:[^:]*:)?(\S+) / (.*)", r["name"])
            label = "%s: %s %s" % ((prefix,) + m.groups() if m else
                                   (prefix, "", r["name"]))
            ok, bad = count(label, r.get("stdout") or "",
                            r.get("stderr") or "", r["result"],
                            r.get("returncode"))
            passed, failed = passed + ok, failed + bad
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The page-size benchmark of bench/README.md (issue 15, point 6).

Usage: bench/pages.py TANDEM DB [RUNS]

Starts "TANDEM -d DB serve" on a free port of 127.0.0.1 (its access log
gives each request's server time), signs in as the demo's programme
manager and then as the coach, and asks each page and each list
endpoint's first page RUNS times (default 21), interleaved.  Prints, for
each, the size of the answer's body, the median and the highest of the
server's times (its access log, wall-clock) and the median of the
server's processor time for it (/proc, in 10 ms ticks: what a loaded
machine does not inflate), then whether the goal is met: every body under
200 KB and every median under 50 ms.  Exits 1 when a goal is missed, 2
when the benchmark cannot run.  The bare /api/employees (no paging) is
shown for comparison, outside the goal.
"""
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import time

PASSWORD = "tandem-demo-12"
KB = 1000


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: bench/pages.py TANDEM DB [RUNS]")
    tandem, db = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 21
    log = db + ".bench.log"
    logf = open(log, "w")
    # No mail courier: the demo queues a message a person (176,687 at
    # 100,000 employees), and a courier delivering them in the server's
    # process would be counted in its processor time and slow its pages.
    env = dict(os.environ, TANDEM_MAIL_INTERVAL="0")
    proc = subprocess.Popen([tandem, "-d", db, "serve", "--listen",
                             "127.0.0.1:0"], stdout=subprocess.DEVNULL,
                            stderr=logf, env=env)
    port = None
    for _ in range(1200):
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", open(log).read())
        if m:
            port = int(m.group(1))
            break
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    if port is None:
        sys.exit("bench: the server did not start: " + open(log).read())
    try:
        return run(port, log, runs, proc.pid)
    finally:
        proc.terminate()
        proc.wait(60)


def session(port, email):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    body = json.dumps({"email": email, "password": PASSWORD})
    c.request("POST", "/api/login", body,
              {"Content-Type": "application/json"})
    r = c.getresponse()
    data = r.read()
    if r.status != 200:
        sys.exit("bench: login %s: %d %s" % (email, r.status, data[:200]))
    cookie = r.getheader("Set-Cookie").split(";")[0]
    c.close()
    return cookie


def cpu_ms(pid):
    """The server's processor time so far (user and system), in ms."""
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) * 1000.0 / os.sysconf("SC_CLK_TCK")


def run(port, log, runs, pid):
    emails = os.environ.get("BENCH_EMAILS", "").split(",")
    manager, coach = emails if len(emails) == 2 else (
        "nathalie.nicolas@exemple.fr",
        "claire.fontaine@atelier-numerique.fr")
    cases = [
        # (who, path, in the goal)
        ("manager", "/programmes/1", True),
        ("manager", "/programmes/1?seances=tenues&sp=3", True),
        ("manager", "/", True),
        ("manager", "/directory?q=martin", True),
        ("manager", "/api/employees?limit=100", True),
        ("manager", "/api/employees?limit=100&q=martin&site=Lille", True),
        ("manager", "/api/programmes/1/enrolments?limit=100", True),
        ("manager", "/api/programmes/1/pairs?limit=100", True),
        ("manager", "/api/programmes/1/sessions?limit=100", True),
        ("manager", "/api/programmes/1/history?limit=100", True),
        ("coach", "/programmes/1/coach", True),
        ("coach", "/", True),
        ("manager", "/api/employees", False),
    ]
    conns = {"manager": session(port, manager), "coach": session(port, coach)}
    sizes, cpu = {}, {}
    for _ in range(runs):
        for who, path, _goal in cases:
            cookie = conns[who]
            # A connection each: the server closes one idle for 30 s.
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            before = cpu_ms(pid)
            c.request("GET", path, headers={"Cookie": cookie})
            r = c.getresponse()
            data = r.read()
            cpu.setdefault((who, path), []).append(cpu_ms(pid) - before)
            c.close()
            if r.status != 200:
                sys.exit("bench: %s %s: %d %s" % (who, path, r.status,
                                                  data[:300]))
            sizes[(who, path)] = len(data)
    time.sleep(0.5)
    times = {}
    for line in open(log):
        m = re.match(r"\S+ GET (\S+) 200 ([0-9.]+)ms$", line.strip())
        if m:
            times.setdefault(m.group(1), []).append(float(m.group(2)))
    ok = True
    print("%-46s %-7s %8s %10s %8s %8s" % ("page", "as", "KB", "median ms",
                                          "max ms", "CPU ms"))
    for who, path, goal in cases:
        base = path.split("?")[0]
        # The log names the path without its query: the runs of each
        # path are in the order they were asked, case after case.
        same = [(w, p) for w, p, g in cases if p.split("?")[0] == base]
        t = times.get(base, [])
        mine = t[same.index((who, path))::len(same)] if t else []
        kb = sizes[(who, path)] / KB
        med = statistics.median(mine) if mine else float("nan")
        high = max(mine) if mine else float("nan")
        met = kb < 200 and med < 50
        if goal and not met:
            ok = False
        print("%-46s %-7s %8.1f %10.1f %8.1f %8.0f%s" % (
            path, who, kb, med, high,
            statistics.median(cpu[(who, path)]),
            "" if not goal else "" if met else "  MISSED"))
    print("goal (every page and first page under 200 KB and 50 ms at the "
          "median): %s" % ("met" if ok else "MISSED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The server killed (SIGKILL) at random moments under concurrent writes:
after every kill the database passes `tandem check` (integrity, foreign
keys, audit chain) and holds every write the server had acknowledged.

CRASH_ROUNDS sets the number of kills (default 50)."""
import os
import random
import signal
import threading
import time

from tandemapi import Client, Fixture, Server, Tap, connect, tandem

ROUNDS = int(os.environ.get("CRASH_ROUNDS", "50"))
WRITERS = 6

t = Tap()
fx = Fixture(size=120)
manager = fx.email["manager"]
acknowledged = set()
lock = threading.Lock()
rng = random.Random(20261127)


def writer(server, login, tag, stop):
    """Create programmes until the server dies; remember each 201."""
    c = Client(server)
    c.cookie, c.csrf = login
    i = 0
    while not stop.is_set():
        name = "crash %s %d" % (tag, i)
        i += 1
        try:
            r = c.post("/api/programmes", {"name": name,
                                           "purpose": "écrit puis tué"})
        except OSError:
            return
        if r.status == 201:
            with lock:
                acknowledged.add(name)


def names():
    # Through tandemapi.connect: on PostgreSQL (pg-api) fx.db is a
    # connection string, which the sqlite3 program read as an empty
    # file, so that every acknowledged write looked lost.
    db = connect(fx.db)
    try:
        return set(r[0] for r in db.execute("SELECT name FROM programme"))
    finally:
        db.close()


kills_mid_write = 0
for rnd in range(ROUNDS):
    if rnd > 0:
        fx.server = Server(fx.db)
    login = fx.client(manager)
    stop = threading.Event()
    threads = [threading.Thread(target=writer,
                                args=(fx.server, (login.cookie, login.csrf),
                                      "%d-%d" % (rnd, w), stop))
               for w in range(WRITERS)]
    for th in threads:
        th.start()
    time.sleep(rng.uniform(0.05, 0.6))
    before = len(acknowledged)
    fx.server.proc.send_signal(signal.SIGKILL)
    fx.server.proc.wait()
    fx.server.logf.close()
    stop.set()
    for th in threads:
        th.join()
    if len(acknowledged) > before:
        kills_mid_write += 1
    chk = tandem(fx.db, "check", check=False)
    present = names()
    lost = acknowledged - present
    t.ok(chk.returncode == 0 and not lost,
         "kill %d: database sound, all %d acknowledged writes present" %
         (rnd + 1, len(acknowledged)),
         "check: %s\nlost: %s" % (chk.stdout + chk.stderr, sorted(lost)[:5]))

t.ok(len(acknowledged) > ROUNDS, "the writers got %d writes acknowledged" %
     len(acknowledged))
t.ok(kills_mid_write > 0, "%d kills fell while writes were being answered" %
     kills_mid_write)
fx.server = Server(fx.db)
fx.close()
raise SystemExit(t.done())

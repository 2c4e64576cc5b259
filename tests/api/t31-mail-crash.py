#!/usr/bin/env python3
"""A sending server killed (SIGKILL) again and again while people act:
afterwards every message of every committed act is delivered, exactly
once by Message-ID, to a real SMTP server (aiosmtpd on 127.0.0.1).

MAIL_CRASH_ROUNDS sets the number of kills (default 8, to keep the
suite well under a minute; the issue's 50 is MAIL_CRASH_ROUNDS=50)."""
import os
import random
import socket
import sys
import threading
import time

try:
    import aiosmtpd  # noqa: F401
except ImportError:
    if sys.executable != "/usr/bin/python3" and \
            os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise
import email
from email import policy

from aiosmtpd.controller import Controller

from tandemapi import Client, Fixture, Server, Tap, tandem
import tandemapi  # noqa: E402

ROUNDS = int(os.environ.get("MAIL_CRASH_ROUNDS", "8"))
t = Tap()


class Relay:
    def __init__(self):
        self.ids = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        m = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.ids.append(m["Message-ID"])
        return "250 Message accepted"


s = socket.socket()
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
s.close()
relay = Relay()
ctrl = Controller(relay, hostname="127.0.0.1", port=port)
ctrl.start()
os.environ["TANDEM_SMTP_URL"] = "smtp://127.0.0.1:%d" % port
os.environ["TANDEM_MAIL_INTERVAL"] = "1"

fx = Fixture(size=120)
manager = fx.email["manager"]
rng = random.Random(20261206)


def sessions():
    c = tandemapi.connect(fx.db)
    try:
        return [r[0] for r in c.execute(
            "SELECT id FROM session WHERE state = 'planned' AND "
            "start_at > '2026-11-28'")]
    finally:
        c.close()


def mover(server, login, ids, stop):
    """Move sessions until the server dies."""
    c = Client(server)
    c.cookie, c.csrf = login
    while not stop.is_set():
        sid = rng.choice(ids)
        day = rng.randint(1, 28)
        try:
            c.post("/api/sessions/%d/move" % sid,
                   {"start": "2027-02-%02d 10:00" % day})
        except OSError:
            return


ids = sessions()
t.ok(len(ids) > 4, "the demo has planned sessions to move", len(ids))
for rnd in range(ROUNDS):
    if rnd > 0:
        fx.server = Server(fx.db)
    login = fx.client(manager)
    stop = threading.Event()
    threads = [threading.Thread(target=mover, args=(
        fx.server, (login.cookie, login.csrf), ids, stop)) for _ in range(3)]
    for th in threads:
        th.start()
    time.sleep(rng.uniform(0.3, 1.5))
    fx.server.proc.kill()
    fx.server.proc.wait()
    stop.set()
    for th in threads:
        th.join()

# What the killed servers left is sent by one last run.
tandem(fx.db, "mail", "send")
c = tandemapi.connect(fx.db)
outbox = [r[0] for r in c.execute("SELECT msgid FROM outbox")]
states = dict(c.execute("SELECT state, count(*) FROM outbox GROUP BY state")
              .fetchall())
c.close()
received = set(relay.ids)
want = set("<%s>" % m for m in outbox)
t.ok(len(outbox) > 100, "the acts queued messages", len(outbox))
t.is_(states.get("queued", 0) + states.get("failed", 0), 0,
      "nothing left queued or failed")
t.is_(sorted(want - received), [], "every committed act's message arrived")
t.is_(sorted(received - want), [], "no message of an act that did not "
      "commit arrived")
dups = len(relay.ids) - len(received)
# A kill between the relay's acceptance and the mark loses the mark of
# the message in flight: it goes again, with the same Message-ID, which
# mail clients keep once.
t.ok(dups <= ROUNDS, "at most one message resent per kill, with the same "
     "Message-ID (%d resent)" % dups)
ctrl.stop()
fx.close()
raise SystemExit(t.done())

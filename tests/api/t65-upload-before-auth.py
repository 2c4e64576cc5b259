#!/usr/bin/env python3
"""A body is read only once the session, the CSRF token and the role
allow it: unauthenticated or unprivileged 32 MiB uploads leave the
server's memory flat; and the bodies held by all requests together are
bounded, the one over the bound answered 503."""
import http.client
import socket
import threading

from tandemapi import Fixture, Tap

t = Tap()
fx = Fixture()
pid = fx.server.proc.pid
manager = fx.client(fx.email["manager"])
mentor = fx.client(fx.email["mentor"])
SIZE = 32 * 1024 * 1024 - 64


def rss_kib():
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def upload(headers, size=SIZE, hold=0, go=None, out=None, ready=None):
    """POST /api/roster with a body of size bytes; with hold, all but
    the last hold bytes, then wait for go before the rest."""
    s = socket.create_connection(("127.0.0.1", fx.server.port), timeout=60)
    head = "POST /api/roster?dry_run=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n" \
           "Content-Type: text/csv\r\nContent-Length: %d\r\n" % size
    for k, v in headers.items():
        head += "%s: %s\r\n" % (k, v)
    s.sendall((head + "\r\n").encode())
    chunk = b"Matricule;Nom\n" + b"x" * (1024 * 1024 - 14)
    sent = 0
    try:
        while sent < size - hold:
            n = min(len(chunk), size - hold - sent)
            s.sendall(chunk[:n])
            sent += n
        if ready is not None:
            ready.release()
        if go is not None:
            go.wait(120)
        while sent < size:
            n = min(len(chunk), size - sent)
            s.sendall(chunk[:n])
            sent += n
    except (BrokenPipeError, ConnectionResetError):
        if ready is not None and sent < size - hold:
            ready.release()
    data = b""
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            data += b
            if b"\r\n\r\n" in data and (b"Content-Length: " in data):
                hdr, _, body = data.partition(b"\r\n\r\n")
                cl = int(hdr.split(b"Content-Length: ")[1].split(b"\r\n")[0])
                if len(body) >= cl:
                    break
    except (ConnectionResetError, socket.timeout):
        pass
    s.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    if out is not None:
        out.append((status, data))
    return status, data


def together(headers, n):
    """n uploads at once, held open short of their end: the server's
    resident memory then, over what it was before, and the statuses."""
    out = []
    go = threading.Event()
    ready = threading.Semaphore(0)
    ths = [threading.Thread(target=upload, args=(headers,),
                            kwargs={"out": out, "hold": 1 << 20, "go": go,
                                    "ready": ready}) for _ in range(n)]
    before = rss_kib()
    for th in ths:
        th.start()
    for _ in ths:
        ready.acquire(timeout=120)
    grew = rss_kib() - before
    go.set()
    for th in ths:
        th.join()
    return sorted(st for st, _ in out), grew


# A first round unmeasured: the threads' first stacks and the
# sanitizer's per-thread caches are not what is measured.  Buffering
# the bodies would grow the server by about 124 MiB, 93 for the three.
together({}, 4)
st, grew = together({}, 4)
t.is_(st, [401] * 4, "four unauthenticated 32 MiB roster uploads: 401 each")
t.ok(grew < 32 * 1024, "the server's memory stays flat while they are sent",
     "it grew by %d KiB" % grew)

cookie = {"Cookie": "tandem_session=" + mentor.cookie,
          "X-CSRF-Token": mentor.csrf}
st, grew = together(cookie, 3)
t.is_(st, [403] * 3, "a participant's 32 MiB uploads: 403 before the body")
t.ok(grew < 32 * 1024, "the memory stays flat too",
     "it grew by %d KiB" % grew)

nocsrf = {"Cookie": "tandem_session=" + manager.cookie}
st, data = upload(nocsrf)
t.ok(st == 403 and b"CSRF" in data,
     "the manager's upload without its CSRF header: 403 before the body",
     data[:300])

# The bound for all uploads together (64 MiB): two uploads of the
# manager held short of their end, and a third one in full.
auth = {"Cookie": "tandem_session=" + manager.cookie,
        "X-CSRF-Token": manager.csrf}
go = threading.Event()
ready = threading.Semaphore(0)
out = []
held = [threading.Thread(target=upload, args=(auth,),
                         kwargs={"hold": 1 << 20, "go": go, "out": out,
                                 "ready": ready})
        for _ in range(2)]
for th in held:
    th.start()
# The third starts once the two others have sent all but their end.
ready.acquire(timeout=120)
ready.acquire(timeout=120)
third = upload(auth)
go.set()
for th in held:
    th.join()
statuses = sorted([third[0]] + [st for st, _ in out])
busy = [d for st, d in [third] + out if st == 503]
t.ok(len(busy) >= 1 and all(b"Retry-After" in d for d in busy),
     "three 32 MiB uploads at once: the one over 64 MiB is answered 503 "
     "with Retry-After", statuses)
t.ok(all(st in (200, 400, 503) for st in statuses),
     "the others are read and answered", statuses)
r = manager.post("/api/roster?dry_run=1", "Matricule;Nom\n",
                 ctype="text/csv")
t.ok(r.status in (200, 400) and r.status != 503,
     "once they are done, an upload is read again", r.body[:200])

rc, log = fx.close()
t.is_(rc, 0, "the server exits cleanly")
raise SystemExit(t.done())

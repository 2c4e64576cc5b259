#!/usr/bin/env python3
"""What an outside review found in the server, each fixed: X-Real-IP and
X-Forwarded-Proto believed only from --trusted-proxy; the access log
escapes the decoded path; too long a URI or too many headers answered
with the security headers; one HSTS header behind the documented nginx;
no coach's name or e-mail on the new-programme page for those who may
not list coaches; refusals that name no draft programme."""
import os
import re
import socket

from tandemapi import Fixture, Tap

t = Tap()
fx = Fixture()  # no --trusted-proxy: nobody's X-Real-IP is believed
MANAGER, MENTEE = fx.email["manager"], fx.email["mentee"]
anon = fx.client()

manager = fx.client(MANAGER)
mentee = fx.client(MENTEE)

# --- X-Forwarded-Proto from an untrusted peer: ignored ----------------
c = fx.client()
r = c.post("/api/login", {"email": MANAGER, "password": "tandem-demo-12"},
           headers={"X-Forwarded-Proto": "https", "X-Real-IP": "192.0.2.1"})
sc = r.header("Set-Cookie") or ""
t.ok(r.status == 200 and "Secure" not in sc and
     r.header("Strict-Transport-Security") is None,
     "a forged X-Forwarded-Proto: no Secure cookie, no HSTS", sc)

# --- X-Real-IP from an untrusted peer: ignored -------------------------
statuses = [anon.request("POST", "/api/login", "{",
                         headers={"X-Real-IP": "198.51.100.%d" % i}).status
            for i in range(121)]
# (The three sign-ins above came from the same peer.)
t.ok(statuses[0] == 400 and statuses[-1] == 429 and
     statuses.index(429) == statuses.count(400) and
     statuses.count(400) <= 120,
     "121 sign-in attempts, each naming another X-Real-IP: the peer's "
     "address is throttled, the header ignored", statuses[115:])

# --- The access log escapes the decoded path ---------------------------
s = socket.create_connection(("127.0.0.1", fx.server.port))
s.sendall(b"GET /x%0a203.0.113.66%20GET%20/forged%20200%200.1ms HTTP/1.1\r\n"
          b"Host: 127.0.0.1\r\nConnection: close\r\n\r\n")
while s.recv(65536):
    pass
s.close()
log = fx.server.logtext()
t.ok(not re.search(r"^203\.0\.113\.66 GET /forged", log, re.M) and
     "/x\\x0a203.0.113.66" in log,
     "a %0a in the path forges no line of the access log",
     log[-400:])

# --- Our own 414 and 431, with the security headers -------------------
def raw(request):
    s = socket.create_connection(("127.0.0.1", fx.server.port))
    s.sendall(request)
    data = b""
    while True:
        b = s.recv(65536)
        if not b:
            break
        data += b
    s.close()
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    status = int(head.split(" ", 2)[1]) if head.startswith("HTTP/") else 0
    return status, head


def secured(head):
    return ("Content-Security-Policy: default-src 'self'" in head and
            "X-Content-Type-Options: nosniff" in head and
            "X-Frame-Options: DENY" in head)


st, head = raw(b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\nHost: x\r\n"
               b"Connection: close\r\n\r\n")
t.ok(st == 414 and secured(head),
     "a 20 kB URI: 414 with the security headers", head)
st, head = raw(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" +
               b"".join(b"X-Filler-%d: %s\r\n" % (i, b"b" * 1000)
                        for i in range(28)) + b"\r\n")
t.ok(st == 431 and secured(head),
     "28 kB of headers: 431 with the security headers", head)

# --- One HSTS header behind the documented nginx ----------------------
conf = open(os.path.join(os.path.dirname(__file__), "..", "..", "contrib",
                         "nginx", "tandem.conf")).read()
conf = re.sub(r"#.*", "", conf)
adds = re.findall(r"add_header\s+Strict-Transport-Security", conf)
hides = re.findall(r"proxy_hide_header\s+Strict-Transport-Security", conf)
t.ok(len(adds) <= 1 and (len(adds) == 0 or len(hides) == 1),
     "contrib/nginx: nginx adds HSTS only where it hides the server's "
     "(one header, not two)", "%d add_header, %d proxy_hide_header" %
     (len(adds), len(hides)))
for name in ["X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"]:
    if re.search(r"add_header\s+" + name, conf):
        t.ok(re.search(r"proxy_hide_header\s+" + name, conf),
             "contrib/nginx: %s once too" % name)

# --- The new-programme page and coaches --------------------------------
coaches = manager.get("/api/coaches").json()
t.ok(len(coaches) >= 1, "the demo has an external coach")
page = mentee.get("/programmes/new")
leaked = [c for c in coaches if c["email"].encode() in page.body or
          c["name"].encode() in page.body]
t.ok(mentee.get("/api/coaches").status == 403 and not leaked,
     "GET /programmes/new shows no coach's name or e-mail to who may not "
     "list coaches (%d)" % page.status, leaked)
page = manager.get("/programmes/new")
t.ok(coaches[0]["email"].encode() in page.body,
     "the manager still chooses among the coaches")

# --- Refusals name no draft programme ---------------------------------
r = manager.post("/api/programmes", {"name": "Projet confidentiel Zèbre",
                                     "purpose": "Une fusion"})
t.is_(r.status, 201, "the manager drafts a programme")
pid = r.json()["id"]
routes = [("GET", "/api/programmes/%d" % pid, None),
          ("GET", "/api/programmes/%d/charter" % pid, None),
          ("GET", "/api/programmes/%d/history" % pid, None),
          ("GET", "/api/programmes/%d/enrolments" % pid, None),
          ("GET", "/api/programmes/%d/pairs" % pid, None),
          ("GET", "/api/programmes/%d/sessions" % pid, None),
          ("GET", "/api/programmes/%d/report" % pid, None),
          ("GET", "/api/programmes/%d/risks" % pid, None),
          ("GET", "/api/programmes/%d/calendar.ics" % pid, None),
          ("POST", "/api/programmes/%d/enrolments" % pid,
           {"role": "mentee"}),
          ("POST", "/api/programmes/%d/withdrawal" % pid, {}),
          ("POST", "/api/programmes/%d/transitions" % pid,
           {"action": "submit"}),
          ("PUT", "/api/programmes/%d" % pid, {"purpose": "x"}),
          ("POST", "/api/programmes/%d/match" % pid, {"dry_run": True}),
          ("GET", "/programmes/%d" % pid, None),
          ("GET", "/programmes/%d/enrol" % pid, None)]
named = []
for method, path, body in routes:
    r = mentee.request(method, path, body)
    if "Zèbre".encode() in r.body or b"confidentiel" in r.body:
        named.append("%s %s %d" % (method, path, r.status))
t.ok(not named, "no refusal names the draft to a participant", named)

rc, log = fx.close()
t.is_(rc, 0, "the server exits cleanly")
raise SystemExit(t.done())

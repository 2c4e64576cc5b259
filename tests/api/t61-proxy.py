#!/usr/bin/env python3
"""Sign-in by the company's proxy: the header naming the person is
believed from the configured proxy addresses only.  The test talks to
the server from two loopback addresses, 127.0.0.2 (the configured
proxy) and 127.0.0.1 (anyone else).  And employees' passwords turned
off: coaches keep theirs.
"""
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tandemapi  # noqa: E402

tap = tandemapi.Tap()
PROXY = "127.0.0.2"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start(db, conf, extra=()):
    port = free_port()
    log = conf + ".log"
    logf = open(log, "w")
    env = dict(os.environ, TANDEM_NOW=tandemapi.NOW)
    p = subprocess.Popen([tandemapi.TANDEM, "-d", db, "serve", "--listen",
                          "127.0.0.1:%d" % port, "--threads", "2",
                          "--config", conf] + list(extra),
                         stdout=subprocess.DEVNULL, stderr=logf, env=env)
    for _ in range(600):
        if "serving" in open(log).read():
            return p, port
        if p.poll() is not None:
            break
        time.sleep(0.05)
    raise RuntimeError("the server did not start: " + open(log).read())


def req(port, method, path, src="127.0.0.1", headers=None, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30,
                                   source_address=(src, 0))
    if isinstance(body, dict):
        body = json.dumps(body)
        headers = dict(headers or {}, **{"Content-Type":
                                         "application/json"})
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    resp = tandemapi.Response(r.status, r.getheaders(), r.read())
    c.close()
    return resp


def cookie(resp):
    m = re.match(r"tandem_session=([^;]*)", resp.header("Set-Cookie") or "")
    return m.group(1) if m else None


def last_audit(db):
    with tandemapi.connect(db) as c:
        return c.execute("SELECT action, object, detail FROM audit "
                         "ORDER BY id DESC LIMIT 1").fetchone()


def main():
    d = tandemapi.tempfile.mkdtemp(prefix="tandem-api-")
    db = tandemapi.testdb(os.path.join(d, "tandem.db"))
    out = tandemapi.tandem(db, "demo", "--size", "60").stdout
    email = dict(re.findall(
        r"^  (manager|sponsor|mentor|mentee|coach) +(\S+@\S+)", out, re.M))
    conf = os.path.join(d, "proxy.conf")
    with open(conf, "w") as f:
        f.write("proxy-header = X-Remote-User\n"
                "trusted-proxy = %s\n" % PROXY)
    srv, port = start(db, conf)
    nat = {"X-Remote-User": email["manager"]}

    r = req(port, "GET", "/api/me", src=PROXY, headers=nat)
    tap.ok(r.status == 200 and r.json()["email"] == email["manager"],
           "the header from the configured proxy signs the person in",
           r.body[:300])
    tap.ok(cookie(r), "and sets the session cookie")
    a = last_audit(db)
    tap.ok(a[0] == "account.signin" and "by proxy" in a[2],
           "audited as a sign-in by proxy", a)

    r = req(port, "GET", "/api/me", src="127.0.0.1", headers=nat)
    tap.is_(r.status, 401, "the same header from any other address: 401")
    r = req(port, "GET", "/", src="127.0.0.1", headers=nat)
    tap.ok(r.status == 303 and r.header("Location") == "/login",
           "and a page from any other address goes to the login page")

    # First sign-in through the proxy makes the account.
    with tandemapi.connect(db) as c:
        em = c.execute("SELECT email FROM employee WHERE matricule = "
                       "'E100005'").fetchone()[0]
    r = req(port, "GET", "/api/me", src=PROXY,
            headers={"X-Remote-User": em.upper()})
    tap.ok(r.status == 200 and r.json()["employee"] == "E100005",
           "an employee without an account gets one at the first request",
           r.body[:300])

    # The proxy names someone else than the cookie: the proxy wins.
    sess = cookie(req(port, "GET", "/api/me", src=PROXY, headers=nat))
    r = req(port, "GET", "/api/me", src=PROXY,
            headers={"X-Remote-User": em, "Cookie": "tandem_session=" +
                     sess})
    tap.ok(r.status == 200 and r.json()["employee"] == "E100005",
           "a session of another person gives way to the proxy's header")
    tap.ok(req(port, "GET", "/api/me", src=PROXY, headers={
        "Cookie": "tandem_session=" + sess}).status == 401,
        "and that other session is over")

    # Anyone else's header is no sign-in, even with a session.
    s2 = cookie(req(port, "GET", "/api/me", src=PROXY, headers=nat))
    r = req(port, "GET", "/api/me", src="127.0.0.1",
            headers={"X-Remote-User": em, "Cookie": "tandem_session=" + s2})
    tap.ok(r.status == 200 and r.json()["email"] == email["manager"],
           "from another address the header changes nobody")

    r = req(port, "GET", "/api/me", src=PROXY,
            headers={"X-Remote-User": "nobody@elsewhere.example"})
    a = last_audit(db)
    tap.ok(r.status == 401 and a[0] == "signin.refused" and
           a[1] == "signin:proxy" and a[2] == "unknown-employee",
           "an unknown person: 401, audited", (r.status, a))
    r = req(port, "GET", "/login", src=PROXY,
            headers={"X-Remote-User": "nobody@elsewhere.example"})
    tap.ok(r.status == 200 and "ne correspond à aucun salarié".encode()
           in r.body, "and the login page says why, in French", r.body[-600:])
    with tandemapi.connect(db) as c:
        c.execute("UPDATE employee SET active = 0 WHERE matricule = "
                  "'E100006'")
        left = c.execute("SELECT email FROM employee WHERE matricule = "
                         "'E100006'").fetchone()[0]
    r = req(port, "GET", "/api/me", src=PROXY,
            headers={"X-Remote-User": left})
    tap.ok(r.status == 401 and last_audit(db)[2] == "inactive-employee",
           "a leaver: 401, audited")
    srv.terminate()
    srv.wait(30)

    # --trusted-proxy on the command line, a network, matricules.
    conf2 = os.path.join(d, "mat.conf")
    with open(conf2, "w") as f:
        f.write("proxy-header = X-Employee\nproxy-header-is = matricule\n"
                "employee-passwords = no\n")
    srv, port = start(db, conf2, ["--trusted-proxy", "127.0.0.0/30"])
    r = req(port, "GET", "/api/me", src="127.0.0.1",
            headers={"X-Employee": "E100007"})
    tap.ok(r.status == 200 and r.json()["employee"] == "E100007",
           "--trusted-proxy 127.0.0.0/30 and a matricule header")
    r = req(port, "GET", "/api/me", src="127.0.0.5",
            headers={"X-Employee": "E100007"})
    tap.is_(r.status, 401, "127.0.0.5 is outside 127.0.0.0/30: 401")

    # Employees' passwords off: a mentor is refused, the coach is not.
    r = req(port, "POST", "/api/login", body={
        "email": email["mentor"], "password": tandemapi.PASSWORD})
    tap.ok(r.status == 403 and not cookie(r),
           "employee-passwords = no refuses an employee's password",
           r.body)
    r = req(port, "POST", "/api/login", body={
        "email": email["coach"], "password": tandemapi.PASSWORD})
    tap.ok(r.status == 200 and cookie(r),
           "an external coach still signs in with a password", r.body)
    link = tandemapi.tandem(db, "user", "invite", "E100008").stdout.strip()
    r = req(port, "POST", "/api/invitations/accept", body={
        "token": link.rsplit("/", 1)[-1],
        "password": "un mot de passe solide"})
    tap.ok(r.status == 403 and not cookie(r),
           "nor may an employee choose one from an invitation", r.body)
    srv.terminate()
    srv.wait(30)

    # A header believed from nobody is a mistake the server refuses.
    conf3 = os.path.join(d, "bad.conf")
    with open(conf3, "w") as f:
        f.write("proxy-header = X-Remote-User\n")
    p = tandemapi.tandem(db, "serve", "--config", conf3, check=False)
    tap.ok(p.returncode == 2 and "trusted-proxy" in p.stderr,
           "proxy-header without trusted-proxy does not start", p.stderr)
    p = tandemapi.tandem(db, "serve", "--trusted-proxy", "not-an-address",
                         check=False)
    tap.ok(p.returncode == 2 and "--trusted-proxy" in p.stderr,
           "--trusted-proxy checks its address", p.stderr)
    tandemapi.shutil.rmtree(d, ignore_errors=True)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())

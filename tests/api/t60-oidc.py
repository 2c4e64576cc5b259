#!/usr/bin/env python3
"""OpenID Connect sign-in against a provider that forges on purpose
(oidcfake.py): the good tokens signed in (RS256, ES256, after a key
rotation, the account made on first sign-in), and every forged or wrong
one refused with one message in the person's language, an audit entry
without the token, and no session left behind.
"""
import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tandemapi  # noqa: E402
from oidcfake import Provider  # noqa: E402

tap = tandemapi.Tap()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start(db, conf, extra=()):
    """tandem serve with a configuration file, on a port chosen here
    (the redirect URI names it)."""
    log = conf["file"] + ".log"
    logf = open(log, "w")
    env = dict(os.environ, TANDEM_NOW=tandemapi.NOW)
    p = subprocess.Popen([tandemapi.TANDEM, "-d", db, "serve", "--listen",
                          "127.0.0.1:%d" % conf["port"], "--threads", "2",
                          "--config", conf["file"]] + list(extra),
                         stdout=subprocess.DEVNULL, stderr=logf, env=env)
    for _ in range(600):
        if "serving" in open(log).read():
            return p
        if p.poll() is not None:
            break
        time.sleep(0.05)
    raise RuntimeError("the server did not start: " + open(log).read())


def get(port, path, cookies=None, headers=None):
    h = dict(headers or {})
    if cookies:
        h["Cookie"] = "; ".join("%s=%s" % kv for kv in cookies.items())
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", path, headers=h)
    r = c.getresponse()
    resp = tandemapi.Response(r.status, r.getheaders(), r.read())
    c.close()
    return resp


def set_cookies(resp):
    out = {}
    for k, v in resp.headers:
        if k.lower() == "set-cookie":
            m = re.match(r"([^=]+)=([^;]*)", v)
            out[m.group(1)] = m.group(2)
    return out


def sessions(db):
    with tandemapi.connect(db) as c:
        return c.execute("SELECT count(*) FROM web_session").fetchone()[0]


def last_audit(db):
    with tandemapi.connect(db) as c:
        return c.execute("SELECT action, object, detail FROM audit "
                         "ORDER BY id DESC LIMIT 1").fetchone()


class Flow:
    """One browser's sign-in through the provider, step by step."""

    def __init__(self, port, back="/", lang=None):
        self.port = port
        self.headers = {"Accept-Language": lang} if lang else {}
        r = get(port, "/login/oidc?back=" + urllib.parse.quote(back),
                headers=self.headers)
        self.begin = r
        self.cookies = set_cookies(r)
        loc = r.header("Location") or ""
        u = urllib.parse.urlsplit(loc)
        self.auth_query = dict(urllib.parse.parse_qsl(u.query))
        c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        c.request("GET", u.path + "?" + u.query)
        a = c.getresponse()
        a.read()
        c.close()
        cb = urllib.parse.urlsplit(a.getheader("Location") or "")
        self.callback = cb.path + "?" + cb.query

    def finish(self, callback=None, cookies=None):
        r = get(self.port, callback or self.callback,
                cookies=self.cookies if cookies is None else cookies,
                headers=self.headers)
        self.result = r
        self.session = set_cookies(r).get("tandem_session") or None
        return r


def main():
    prov = Provider()
    fx_dir = tandemapi.tempfile.mkdtemp(prefix="tandem-api-")
    db = tandemapi.testdb(os.path.join(fx_dir, "tandem.db"))
    tandemapi.tandem(db, "demo", "--size", "60")
    port = free_port()
    conf = {"port": port, "file": os.path.join(fx_dir, "tandem.conf")}
    with open(conf["file"], "w") as f:
        f.write("# The test's provider\n"
                "oidc-issuer = %s\n"
                "oidc-client-id = tandem\n"
                "oidc-client-secret-file = %s\n"
                "oidc-redirect-uri = http://127.0.0.1:%d/login/oidc/callback\n"
                "oidc-post-logout-redirect-uri = http://127.0.0.1:%d/login\n"
                % (prov.issuer, prov.secret_file(), port, port))
    srv = start(db, conf)

    # The login page offers the company sign-in, in French first.
    r = get(port, "/login")
    tap.ok(r.status == 200 and b'href="/login/oidc?back=/"' in r.body and
           "compte de l&#39;entreprise".encode() in r.body,
           "the login page offers the company sign-in, in French")

    # A first sign-in: an employee without an account gets one at once.
    with tandemapi.connect(db) as c:
        had = c.execute("SELECT count(*) FROM account a JOIN employee e "
                        "ON e.id = a.employee_id WHERE e.matricule = "
                        "'E100005'").fetchone()[0]
    tap.is_(had, 0, "E100005 has no account before signing in")
    prov.claims = {"email": "Olivier.Simon@exemple.fr"}
    fl = Flow(port, back="/programmes/1")
    q = fl.auth_query
    tap.ok(fl.begin.status == 303 and q.get("response_type") == "code" and
           q.get("code_challenge_method") == "S256" and
           len(q.get("code_challenge", "")) == 43 and
           len(q.get("state", "")) == 43 and len(q.get("nonce", "")) == 43
           and q.get("client_id") == "tandem" and
           "openid" in q.get("scope", ""),
           "the authorization request: code flow, PKCE S256, state, nonce",
           q)
    tap.ok("tandem_oidc" in fl.cookies and "SameSite=Lax" in
           (fl.begin.header("Set-Cookie") or ""),
           "the sign-in is bound to the browser by a cookie")
    r = fl.finish()
    tap.ok(r.status == 200 and fl.session and
           b'content="0;url=/programmes/1"' in r.body,
           "a good RS256 token signs in, back to the page asked for",
           r.body[:400])
    me = get(port, "/api/me", cookies={"tandem_session": fl.session or ""})
    tap.ok(me.status == 200 and me.json().get("email") ==
           "olivier.simon@exemple.fr", "the session is Olivier Simon's",
           me.body[:300])
    with tandemapi.connect(db) as c:
        n = c.execute("SELECT count(*) FROM account a JOIN employee e "
                      "ON e.id = a.employee_id WHERE e.matricule = "
                      "'E100005'").fetchone()[0]
    tap.is_(n, 1, "the first sign-in made the account")
    a = last_audit(db)
    tap.ok(a[0] == "account.signin" and "by oidc" in a[2] and
           "account created" in a[2], "audited: account.signin by oidc, "
           "account created", a)

    # The same callback again: the state served once.
    before = sessions(db)
    r = fl.finish()
    tap.ok(r.status == 401 and not fl.session and sessions(db) == before and
           "déjà servi".encode() in r.body,
           "a replayed state is refused, no session", r.body[-600:])
    tap.ok(last_audit(db)[0] == "signin.refused" and
           last_audit(db)[2] == "bad-state", "the replay is audited",
           last_audit(db))

    # ES256, for someone with an account already.
    prov.reset()
    prov.alg = "ES256"
    prov.claims = {"email": "nathalie.nicolas@exemple.fr"}
    fl = Flow(port)
    r = fl.finish()
    tap.ok(r.status == 200 and fl.session, "a good ES256 token signs in")

    def refused(name, code, setup, msg_fr=None, lang=None, cookies=None,
                strip=None):
        prov.reset()
        prov.claims = {"email": "nathalie.nicolas@exemple.fr"}
        setup()
        before = sessions(db)
        fl = Flow(port, lang=lang)
        cb = fl.callback
        if strip:
            cb = re.sub(r"([?&])%s=[^&]*&?" % strip, r"\1", cb)
        r = fl.finish(callback=cb, cookies=cookies)
        a = last_audit(db)
        ok = (r.status == 401 and not fl.session and
              sessions(db) == before and a[0] == "signin.refused" and
              a[2] == code and "eyJ" not in (a[1] + a[2]))
        if msg_fr is not None:
            ok = ok and msg_fr.encode() in r.body
        tap.ok(ok, "refused, no session, audited as %s: %s" % (code, name),
               (r.status, a, sessions(db), before, r.body[-500:]))

    def claims(**kw):
        return lambda: prov.claims.update(kw)

    now = int(time.time())
    refused("wrong issuer", "wrong-issuer",
            claims(iss="http://127.0.0.1:1"),
            "pas valable")
    refused("wrong audience", "wrong-audience", claims(aud="someone-else"))
    refused("several audiences without azp", "wrong-audience",
            claims(aud=["tandem", "other"]))
    refused("expired token", "expired", claims(exp=now - 3600,
                                               iat=now - 4000))
    refused("issued in the future", "expired", claims(iat=now + 3600,
                                                      exp=now + 7200))
    refused("wrong nonce", "wrong-nonce", claims(nonce="x" * 43))
    refused("no nonce", "wrong-nonce", claims(nonce=None))

    def tamper():
        prov.tamper = True
    refused("bad RS256 signature", "bad-signature", tamper)

    def tamper_ec():
        prov.alg = "ES256"
        prov.tamper = True
    refused("bad ES256 signature", "bad-signature", tamper_ec)

    def alg_none():
        prov.alg = "none"
    refused("alg none", "bad-algorithm", alg_none)

    def hs256():
        prov.alg = "HS256"
        prov.header = {"kid": "rsa-1"}
    refused("HMAC keyed with the public key", "bad-algorithm", hs256)

    def rs_header_on_ec():
        prov.alg = "ES256"
        prov.header = {"alg": "RS256"}
    refused("an ES256 signature under an RS256 header", "unknown-key",
            rs_header_on_ec)

    def unknown_key():
        prov.key = prov.add_key("RSA", "rsa-unpublished", publish=False)
    refused("a key the provider does not publish", "unknown-key",
            unknown_key)

    refused("unverified e-mail", "unverified-email",
            claims(email_verified=False), "pas vérifiée")
    refused("unknown employee", "unknown-employee",
            claims(email="inconnu@ailleurs.example"),
            "ne correspond à aucun salarié")
    refused("no e-mail claim", "no-claim", claims(email=None))

    def mixup():
        prov.send_iss = "https://idp.attacker.example"
    refused("the iss parameter of another provider (mix-up)", "mix-up",
            mixup)
    refused("missing state", "bad-state", lambda: None, strip="state")
    refused("a state from another browser (login CSRF)", "bad-state",
            lambda: None, cookies={"tandem_oidc": "A" * 43})
    refused("no binding cookie", "bad-state", lambda: None, cookies={})
    refused("the message in English for an English browser",
            "unknown-employee", claims(email="x@ailleurs.example"),
            "matches no employee", lang="en")

    # A leaver: the roster marks him inactive, and the door is shut.
    with tandemapi.connect(db) as c:
        c.execute("UPDATE employee SET active = 0 WHERE matricule = "
                  "'E100006'")
        em = c.execute("SELECT email FROM employee WHERE matricule = "
                       "'E100006'").fetchone()[0]
    refused("a leaver", "inactive-employee", claims(email=em),
            "accès à Tandem est fermé")

    # Key rotation: the provider publishes a new key and drops the old;
    # Tandem, holding the old set, fetches the new one.
    prov.reset()
    new = prov.add_key("RSA", "rsa-2")
    prov.published = [new] + [k for k in prov.published if k.kid != "rsa-1"]
    prov.key = new
    prov.claims = {"email": "nathalie.nicolas@exemple.fr"}
    n_jwks = len([x for x in prov.log if x[1] == "/jwks"])
    fl = Flow(port)
    r = fl.finish()
    tap.ok(r.status == 200 and fl.session and
           len([x for x in prov.log if x[1] == "/jwks"]) == n_jwks + 1,
           "after a key rotation, the new key is fetched and signs in",
           r.body[-400:])
    prov.reset()
    prov.key = prov.keys[0]
    prov.claims = {"email": "nathalie.nicolas@exemple.fr"}
    fl = Flow(port)
    r = fl.finish()
    tap.ok(r.status == 401 and not fl.session,
           "a token of the retired key is refused")

    # Return paths: never another site.
    prov.reset()
    prov.claims = {"email": "nathalie.nicolas@exemple.fr"}
    for back in ("//evil.example/", "https://evil.example/",
                 "/\\evil.example", "/login/oidc"):
        fl = Flow(port, back=back)
        r = fl.finish()
        tap.ok(r.status == 200 and b'content="0;url=/"' in r.body,
               "the return path %r becomes /" % back, r.body[:300])

    # Sign-out ends Tandem's session and offers the provider's.
    me = get(port, "/api/me", cookies={"tandem_session": fl.session})
    csrf = me.json()["csrf"]
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("POST", "/logout", body="csrf=" + csrf, headers={
        "Cookie": "tandem_session=" + fl.session,
        "Content-Type": "application/x-www-form-urlencoded"})
    out = c.getresponse()
    body = out.read()
    c.close()
    tap.ok(out.status == 200 and (prov.issuer + "/logout?client_id=tandem"
                                  "&amp;post_logout_redirect_uri=").encode()
           in body, "sign-out offers the provider's end-session endpoint",
           body[:600])
    me = get(port, "/api/me", cookies={"tandem_session": fl.session})
    tap.is_(me.status, 401, "the session is over after sign-out")

    # The start is throttled as password sign-ins are.
    codes = [get(port, "/login/oidc").status for _ in range(125)]
    tap.ok(429 in codes, "the company sign-in is throttled per address")

    srv.terminate()
    srv.wait(30)

    # Matricule mode: the claim names the employee number.
    port2 = free_port()
    conf2 = {"port": port2, "file": os.path.join(fx_dir, "t2.conf")}
    with open(conf2["file"], "w") as f:
        f.write("oidc-issuer = %s\noidc-client-id = tandem\n"
                "oidc-client-secret-file = %s\n"
                "oidc-redirect-uri = http://127.0.0.1:%d/login/oidc/callback\n"
                "oidc-claim-is = matricule\noidc-claim = employee_number\n"
                % (prov.issuer, prov.secret_file(), port2))
    # The count is the database's (issue 18), which another server on
    # it shares: the second server starts from a clean count.
    with tandemapi.connect(db) as c:
        c.execute("DELETE FROM signin_hit")
    srv = start(db, conf2)
    prov.reset()
    prov.claims = {"employee_number": "E100007", "email": None}
    fl = Flow(port2)
    r = fl.finish()
    me = get(port2, "/api/me", cookies={"tandem_session": fl.session or ""})
    tap.ok(r.status == 200 and me.status == 200 and
           me.json().get("employee") == "E100007",
           "the employee-number claim names the person", r.body[-300:])
    srv.terminate()
    srv.wait(30)

    # A configuration that is wrong says where.
    bad = os.path.join(fx_dir, "bad.conf")
    with open(bad, "w") as f:
        f.write("oidc-issuer = x\nno-such-key = 1\n")
    p = tandemapi.tandem(db, "serve", "--config", bad, check=False)
    tap.ok(p.returncode == 2 and bad + ":2: no-such-key" in p.stderr,
           "an unknown setting is named with its file and line", p.stderr)
    prov.close()
    tandemapi.shutil.rmtree(fx_dir, ignore_errors=True)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())

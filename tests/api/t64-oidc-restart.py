#!/usr/bin/env python3
"""Sign-ins in flight survive a restart (issue 14): the state, nonce and
PKCE verifier of an OpenID Connect sign-in are kept in the database, not
in the server's memory, so that a sign-in begun before a restart (or on
another server of the same database) finishes after it; each is used
once; one older than ten minutes is refused and deleted; the table
keeps no state in clear.  Against the forging provider of oidcfake.py.
"""
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tandemapi  # noqa: E402
from oidcfake import Provider  # noqa: E402
from importlib import import_module  # noqa: E402

t60 = import_module("t60-oidc")
tap = tandemapi.Tap()


def start(db, conf, now):
    old = tandemapi.NOW
    tandemapi.NOW = now
    try:
        return t60.start(db, conf)
    finally:
        tandemapi.NOW = old


def stop(srv):
    srv.terminate()
    return srv.wait(30)


def pending(db):
    with tandemapi.connect(db) as c:
        return c.execute("SELECT state_hash, binding, nonce, verifier, "
                         "back, expires FROM signin_pending").fetchall()


prov = Provider()
tmp = tandemapi.tempfile.mkdtemp(prefix="tandem-t64-")
db = tandemapi.testdb(os.path.join(tmp, "tandem.db"))
tandemapi.tandem(db, "demo", "--size", "60")
port = t60.free_port()
conf = {"port": port, "file": os.path.join(tmp, "tandem.conf")}
with open(conf["file"], "w") as f:
    f.write("oidc-issuer = %s\noidc-client-id = tandem\n"
            "oidc-client-secret-file = %s\n"
            "oidc-redirect-uri = http://127.0.0.1:%d/login/oidc/callback\n"
            % (prov.issuer, prov.secret_file(), port))
T0 = "2026-11-27T09:00:00Z"
srv = start(db, conf, T0)

# Begun on one server, finished on the next.
prov.claims = {"email": "nathalie.nicolas@exemple.fr"}
fl = t60.Flow(port, back="/programmes/1")
rows = pending(db)
state = fl.auth_query.get("state", "")
tap.ok(len(rows) == 1 and rows[0][0] ==
       hashlib.sha256(state.encode()).hexdigest() and
       state not in repr(rows) and rows[0][2] == fl.auth_query["nonce"] and
       rows[0][4] == "/programmes/1",
       "the sign-in in flight is in the database, its state only hashed",
       rows)
tap.ok(fl.cookies.get("tandem_oidc", "") not in repr(rows),
       "and the browser's cookie only hashed")
tap.is_(stop(srv), 0, "the server stops")
srv = start(db, conf, T0)
r = fl.finish()
tap.ok(r.status == 200 and fl.session and
       b'content="0;url=/programmes/1"' in r.body,
       "after a restart the sign-in finishes, back to the page asked for",
       r.body[-400:])
me = t60.get(port, "/api/me", cookies={"tandem_session": fl.session or ""})
tap.ok(me.status == 200 and me.json().get("email") ==
       "nathalie.nicolas@exemple.fr", "and the session is hers")
tap.is_(pending(db), [], "the row is gone once used")
r = fl.finish()
tap.ok(r.status == 401 and not fl.session, "used once: the same callback "
       "again is refused", r.status)

# Another browser with the right state: refused, and the state is spent.
prov.reset()
prov.claims = {"email": "nathalie.nicolas@exemple.fr"}
fl = t60.Flow(port)
r = fl.finish(cookies={"tandem_oidc": "x" * 43})
tap.ok(r.status == 401 and not fl.session, "another browser's cookie: "
       "refused")
r = fl.finish()
tap.ok(r.status == 401 and not fl.session, "and the state is spent for "
       "the right browser too")

# Older than ten minutes: refused, and deleted.
prov.reset()
prov.claims = {"email": "nathalie.nicolas@exemple.fr"}
fl = t60.Flow(port)
old = t60.Flow(port)
tap.is_(len(pending(db)), 2, "two sign-ins in flight")
stop(srv)
srv = start(db, conf, "2026-11-27T09:09:00Z")
r = fl.finish()
tap.ok(r.status == 200 and fl.session, "nine minutes later: still "
       "finished", r.body[-300:])
stop(srv)
srv = start(db, conf, "2026-11-27T09:11:00Z")
r = old.finish()
tap.ok(r.status == 401 and not old.session,
       "eleven minutes later: refused as expired", r.status)
tap.is_(pending(db), [], "and deleted")
prov.reset()
prov.claims = {"email": "nathalie.nicolas@exemple.fr"}
stale = t60.Flow(port)
stop(srv)
srv = start(db, conf, "2026-11-27T10:00:00Z")
t60.Flow(port)
rows = pending(db)
tap.ok(len(rows) == 1 and rows[0][0] != hashlib.sha256(
       stale.auth_query["state"].encode()).hexdigest(),
       "an expired sign-in nobody came back for is deleted by the next "
       "one to begin", rows)

tap.is_(stop(srv), 0, "the server stops cleanly")
prov.close()
tandemapi.shutil.rmtree(tmp, ignore_errors=True)
sys.exit(tap.done())

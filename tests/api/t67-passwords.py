#!/usr/bin/env python3
"""Passwords after the outside review: a new password ends the account's
other sessions; people change their own password (API and page); the
most common passwords are refused; an admin's new invitation for an
account that has a password is audited and shown to the person."""
import re

from tandemapi import PASSWORD, Client, Fixture, Tap, tandem

t = Tap()
fx = Fixture()
MENTOR, MENTEE = fx.email["mentor"], fx.email["mentee"]

# --- Changing one's own password ---------------------------------------
a = fx.client(MENTOR)
b = fx.client(MENTOR)
t.is_(b.get("/api/me").status, 200, "the mentor has two sessions")
r = a.put("/api/me/password", {"current": "not it at all",
                               "password": "un tandem bien long"})
t.ok(r.status == 403 and
     r.json()["diagnostics"][0]["field"] == "current",
     "a wrong current password: 403, naming the field", r.body)
r = a.put("/api/me/password", {"current": PASSWORD,
                               "password": "QwertY123456"})
t.ok(r.status == 400 and "common" in r.json()["diagnostics"][0]["message"]
     and r.json()["diagnostics"][0]["field"] == "password",
     "a common password is refused, whatever its case", r.body)
r = a.put("/api/me/password", {"current": PASSWORD, "password": "short"})
t.is_(r.status, 400, "a short one too")
# ASVS 2.1.1: 12 characters at least, counted as characters.
r = a.put("/api/me/password", {"current": PASSWORD,
                               "password": "onze-lettre"})
t.ok(r.status == 400 and "12 characters" in
     r.json()["diagnostics"][0]["message"],
     "11 characters are refused, naming the minimum", r.body)
r = a.put("/api/me/password", {"current": PASSWORD,
                               "password": "été à noël!"})
t.is_(r.status, 400, "11 characters of 15 bytes are refused too")
t.is_(b.get("/api/me").status, 200, "refusals end no session")
r = a.put("/api/me/password", {"current": PASSWORD,
                               "password": "douze-lettre"})
t.ok(r.status == 200 and r.json()["csrf"], "12 characters are accepted",
     r.body)
b = Client(fx.server)
b.login(MENTOR, "douze-lettre")
r = a.put("/api/me/password", {"current": "douze-lettre",
                               "password": "un tandem bien long"})
t.ok(r.status == 200 and r.json()["csrf"], "the mentor changes it", r.body)
t.is_(a.get("/api/me").status, 200, "the caller stays signed in "
      "(a new session)")
t.is_(b.get("/api/me").status, 401, "the other session has ended")
t.is_(Client(fx.server).post("/api/login", {"email": MENTOR,
      "password": PASSWORD}).status, 401, "the old password opens nothing")
c = fx.client()
t.is_(c.post("/api/login", {"email": MENTOR,
      "password": "un tandem bien long"}).status, 200,
      "the new one does")

# The page: the form carries the CSRF token and says what is asked.
page = c.get("/account").body.decode()
t.ok('name="current"' in page and 'name="csrf"' in page and
     "Changer de mot de passe" in page, "the account page has the form")
r = c.request("POST", "/account", "csrf=%s&current=un+tandem+bien+long&"
              "password=encore+plus+long+%%21&again=encore+plus+long+%%21"
              % c.csrf, ctype="application/x-www-form-urlencoded")
# Post/redirect/get (issue 15): the page after the redirect says it.
t.ok(r.status == 303 and r.header("Location") == "/account?done=password"
     and "vos autres sessions" in c.get(r.header("Location")).body.decode(),
     "changed from the page", r.body[:300])
t.is_(a.get("/api/me").status, 401, "which ends the API's session too")

# --- An invitation sets a password: other sessions end ----------------
m = fx.client(MENTEE)
mid = m.get("/api/me").json()["employee"]
link = tandem(fx.db, "user", "invite", mid).stdout.strip()
token = link.rsplit("/", 1)[1]
page = m.get("/account").body.decode()
t.ok("nouveau lien" in page,
     "the person's account page says a new invitation is pending")
audit = tandem(fx.db, "audit", "list").stdout
t.ok(re.search(r"account\.reinvite", audit),
     "the audit records an invitation for an account with a password")
r = Client(fx.server).post("/api/invitations/accept",
                           {"token": token, "password": "pris par un autre"})
t.is_(r.status, 200, "whoever holds the link sets a password")
t.is_(m.get("/api/me").status, 401,
      "and the person's open session ends: no silent take-over")

rc, log = fx.close()
t.is_(rc, 0, "the server exits cleanly")
raise SystemExit(t.done())

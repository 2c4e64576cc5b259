#!/usr/bin/env python3
"""Recognition in the browser (issue 16, point 4): a mentee thanks their
mentor, the mentor reads it and issues their attestation, and anyone,
signed in or not, verifies it by its code on a public page that refuses
it once its text is changed in the database."""
import re
import urllib.parse

from tandemapi import Client, Fixture, Tap
import tandemapi  # noqa: E402

t = Tap()
fx = Fixture()
MENTOR, MENTEE = fx.email["mentor"], fx.email["mentee"]
SPONSOR = fx.email["sponsor"]
mentor = fx.client(MENTOR)
mentee = fx.client(MENTEE)
sponsor = fx.client(SPONSOR)
anon = Client(fx.server)
FORM = "application/x-www-form-urlencoded"


def form(client, path, **fields):
    fields["csrf"] = client.csrf
    return client.request("POST", path, urllib.parse.urlencode(fields),
                          ctype=FORM)


def text(r):
    return r.body.decode("utf-8")


con = tandemapi.connect(fx.db)
mentee_last = con.execute("SELECT last_name FROM employee WHERE email = ?",
                          (MENTEE,)).fetchone()[0]
con.close()

r = mentee.get("/programmes/1/kudos")
t.is_(r.status, 200, "the mentee's kudos page")
t.ok('name="message"' in text(r), "it has the form")
r = form(mentee, "/programmes/1/kudos", message="Merci pour LinkedIn !\r\n"
         "Vraiment.")
t.is_(r.status, 303, "kudos sent")
t.ok("/programmes/1/kudos?done=sent" in (r.header("Location") or ""),
     "back to the page, with a word")
r = form(mentee, "/programmes/1/kudos", message="")
t.is_(r.status, 400, "an empty message is refused")

r = mentor.get("/programmes/1/kudos")
t.is_(r.status, 200, "the mentor's page")
t.ok("Merci pour LinkedIn ! Vraiment." in text(r),
     "the mentor reads the message, on one line")
t.ok(re.search(r"1 remerciement reçu", text(r)), "counted")
r = sponsor.get("/programmes/1/kudos")
t.ok("LinkedIn" not in text(r), "the sponsor does not read it")

r = form(mentee, "/programmes/1/attestation")
t.ok(r.status >= 400, "a mentee has no attestation to issue")
r = form(mentor, "/programmes/1/attestation")
t.is_(r.status, 303, "the mentor issues their attestation")
loc = r.header("Location") or ""
m = re.search(r"/verify/([0-9A-Z-]+)$", loc)
t.ok(m, "and lands on its verification page", loc)
code = m.group(1) if m else "NONE"

r = mentor.get("/programmes/1/kudos")
t.ok("/verify/" + code in text(r), "the mentor's page links to it")
r = anon.get("/verify/" + code)
page = text(r)
t.is_(r.status, 200, "anyone verifies it, signed in or not")
t.ok("Attestation authentique" in page, "genuine")
t.ok("Remerciements reçus de mentorés : 1" in page, "the kudos counted")
t.ok("CRCN" in page, "the topics with their CRCN competences")
t.ok(mentee_last not in page, "no mentee named")
t.ok(not re.search(r"\d{4}-\d\d-\d\dT", page), "no ISO timestamp")
t.ok('href="/static/attestation.css"' in page, "its print stylesheet")
r = anon.get("/static/attestation.css")
t.ok(r.status == 200 and b"@media print" in r.body,
     "which prints the attestation alone")
r = anon.get("/verify?code=" + code.lower())
t.is_(r.status, 303, "the form's code, in any case")
t.ok((r.header("Location") or "").endswith("/verify/" + code),
     "leads to the code's page")
r = anon.get("/verify")
t.ok(r.status == 200 and 'name="code"' in text(r), "the form itself")
r = anon.get("/verify/AAAA-BBBB-CCCC")
t.is_(r.status, 404, "an unknown code")
t.ok("Aucune attestation ne porte ce code" in text(r), "says so")
r = anon.get("/verify/%3Cscript%3E")
t.is_(r.status, 404, "a code of another shape is unknown")

con = tandemapi.connect(fx.db)
con.execute("UPDATE attestation SET content = replace(content, "
            "'Séances tenues : ', 'Séances tenues : 1') WHERE code = ?",
            (code,))
con.commit()
con.close()
r = anon.get("/verify/" + code)
t.is_(r.status, 409, "a text changed in the database is refused")
t.ok("Attestation refusée" in text(r) and "Séances tenues" not in text(r),
     "says so, and shows no forged text")

rc, log = fx.close()
t.is_(rc, 0, "the server stops cleanly")
exit(t.done())

#!/usr/bin/env python3
"""The homes of issue 15 (point 3): the participant's partner card, next
session, feedback awaited (no preset rating; a rating given is shown,
never asked again); the programme page's figures, filtered and paged
sessions; the sponsor's figures; the coach's private notes and
"suivi fait" marks, private to the coach and audited without their
text.  The server's clock is three weeks after the demo's, so that
sessions planned then are now to be confirmed."""
import re

from tandemapi import Client, Fixture, Server, Tap, tandem
import tandemapi  # noqa: E402

LATER = "2026-12-20T09:00:00Z"

t = Tap()
fx = Fixture()
fx.server.stop()
fx.server = Server(fx.db, now=LATER)
manager = fx.client(fx.email["manager"])
mentee = fx.client(fx.email["mentee"])
mentor = fx.client(fx.email["mentor"])
sponsor = fx.client(fx.email["sponsor"])
coach = fx.client(fx.email["coach"])


def text(c, path):
    r = c.get(path)
    return r.status, r.body.decode()


def visible(page):
    """The words a person reads: no tag, no attribute."""
    return re.sub(r"<[^>]*>", " ", page)


# The participant's home.
st, home = text(mentee, "/")
t.is_(st, 200, "the mentee's home answers")
card = re.search(r'<article class="card partner">.*?</article>', home, re.S)
t.ok(card is not None, "the partner is a card")
card = card.group(0) if card else ""
t.ok(all(w in card for w in ("Votre mentor", "Poste", "Direction", "Site",
                             "Thèmes en commun",
                             "Demi-journées libres en commun")),
     "with job, department, site, topics and half-days shared", card)
t.ok(re.search(r'href="mailto:[^"@]+@[^"]+"', card) is not None,
     "and a contact link, the tandem being accepted by both")
t.ok(re.search(r"(lundi|mardi|mercredi|jeudi|vendredi) (matin|après-midi)",
               card) is not None, "half-days in French words", card)
t.ok(re.search(r"\bE1\d{5}\b", visible(home)) is None,
     "no matricule is shown on the home")
t.ok("Ajouter à mon agenda" in home or "Ma prochaine séance" not in home,
     "the next session, when there is one, goes into a calendar")
partner = re.search(r"<h3>([^<]+)</h3>", card)
partner = partner.group(1) if partner else "?"

# A session of the mentee's, planned before the server's clock: to be
# confirmed; the manager marks it held, and the home asks for a rating.
sessions = manager.get("/api/programmes/1/sessions?state=planned&to=2026-12-19"
                       "&limit=1000").json()["items"]
t.ok(len(sessions) > 0, "sessions are to be confirmed at the later clock")
page = manager.get("/programmes/1?seances=a-confirmer").body.decode()
t.ok('aria-current="page">À confirmer' in page,
     "the programme page filters the sessions to confirm")
sid = None
for s in sessions:
    who = s.get("mentee")
    if who and mentee.get("/api/sessions/%s/ics" % s["id"]).status == 200:
        sid = s["id"]
        break
t.ok(sid is not None, "one of them is the mentee's")
if sid is not None:
    r = manager.post("/api/sessions/%s/held" % sid, {})
    t.is_(r.status, 200, "the manager marks it held")
    st, home = text(mentee, "/")
    form = re.search(r'<form method="post" action="/sessions/%s/feedback".*?'
                     r'</form>' % sid, home, re.S)
    t.ok(form is not None, "the home asks the mentee for a rating")
    form = form.group(0) if form else ""
    t.ok('<option value="">' in form and "selected" not in form and
         "required" in form, "with no preset value, and required", form)
    t.ok(re.search(r"<h3>Votre avis sur la séance du [^<]*, avec %s</h3>"
                   % re.escape(partner), form) is not None,
         "naming the session's partner", form[:300])
    r = mentee.request("POST", "/sessions/%s/feedback" % sid,
                       "csrf=%s&rating=4&comment=&back=home&programme=1"
                       % mentee.csrf,
                       ctype="application/x-www-form-urlencoded")
    t.ok(r.status == 303 and r.header("Location") == "/?done=feedback",
         "the rating posted goes back to the home", r.status)
    st, home = text(mentee, "/?done=feedback")
    t.ok("Merci pour votre avis." in home, "which thanks the mentee")
    t.ok("/sessions/%s/feedback" % sid not in home and
         "avec %s : votre note 4/5" % partner in home,
         "and shows the rating, never asks again")
    page = mentee.get("/programmes/1").body.decode()
    t.ok("/sessions/%s/feedback" % sid not in page,
         "nor does the programme page")

# The programme manager's page: figures, then pages of 25.
st, page = text(manager, "/programmes/1")
figs = re.search(r'<section class="figures".*?</section>', page, re.S)
t.ok(figs is not None and all(w in figs.group(0) for w in (
    "volontaires", "binômes formés", "réponses attendues",
    "séances tenues ce mois-ci", "tandems à risque",
    "personnes en attente")), "the programme page begins with its figures")
t.ok(page.index('class="figures"') < page.index('id="binomes"'),
     "above the pairs")
pairs = page[page.index('id="binomes"'):page.index('id="seances"')]
t.ok('<li class="card pair-card"><h3>' in pairs and "<table" not in pairs,
     "the pairs are cards, each with its heading, not a table's rows")
st, held = text(manager, "/programmes/1?seances=tenues")
rows = re.search(r'id="seances".*', held, re.S).group(0)
n = rows.count("<tr><td>")
t.ok(0 < n <= 25, "held sessions, at most 25 on a page", n)
t.ok('rel="next"' in rows and "sp=2" in rows, "and a link to the next page")
st, p2 = text(manager, "/programmes/1?seances=tenues&sp=2")
t.ok('rel="prev"' in p2, "whose page links back")
t.ok(re.search(r"séances annulées par le|aucune séance tenue depuis|"
               r"s'est retiré|a été décliné|Aucun\.", page) is not None,
     "the reasons of the tandems at risk are French")

# The sponsor: the same figures, read-only, on the home.
st, home = text(sponsor, "/")
t.ok('class="figures"' in home and "binômes formés" in home,
     "the sponsor's home shows each programme's figures")
t.ok('action="/programmes/1/action"' not in home, "and no act")
t.is_(sponsor.get("/programmes/1/coach").status, 403,
      "the sponsor reads no coach's notes")
# A coach, outside the roster, gets no reminder and no digest: their
# account page offers no page to choose them, which would answer 403.
st, acct = text(coach, "/account")
t.ok(st == 200 and "/account/mail" not in acct,
     "the coach's account page has no dead link to the messages' page")
st, acct = text(mentee, "/account")
t.ok("/account/mail" in acct, "a participant's has it")
participant = mentee.get("/programmes/1").body.decode()
t.ok('class="figures"' not in participant,
     "a participant sees no programme figures")

# The coach: tandems at risk first, a private note, "suivi fait".
st, home = text(coach, "/")
t.ok("Tandems à risque" in home and "/programmes/1/coach" in home,
     "the coach's home puts the tandems at risk first")
# Its figure is the list's own count (one statement), the manager's.
risky = r"<li><strong>(\d+)</strong> tandems à risque</li>"
st, mhome = text(manager, "/")
mine = re.findall(risky, home)
t.ok(mine and mine[:1] == re.findall(risky, mhome)[:1] and
     int(mine[0]) > 0, "the coach counts as many at risk as the manager",
     (mine, re.findall(risky, mhome)))
st, cp = text(coach, "/programmes/1/coach")
t.is_(st, 200, "the coach's page of tandems answers")
arts = re.findall(r'<article class="card tandem( at-risk)?" id="t-([^"]+)"',
                  cp)
t.ok(arts and all(a[0] for a in arts[:1]) and
     [a[0] for a in arts] == sorted([a[0] for a in arts], reverse=True),
     "those at risk come first", arts[:5])
mentor_m, mentee_m = arts[0][1].split("-", 1) if arts else ("", "")
t.ok("mailto:" in cp, "with a contact link for each member")
r = coach.request("POST", "/programmes/1/coach",
                  "csrf=%s&mentor=%s&mentee=%s&note=Rappeler+jeudi&"
                  "followed=1" % (coach.csrf, mentor_m, mentee_m),
                  ctype="application/x-www-form-urlencoded")
t.ok(r.status == 303, "the coach saves a note and a mark", r.status)
st, cp = text(coach, "/programmes/1/coach?done=note")
t.ok("Rappeler jeudi" in cp and "Suivi fait le 20/12/2026" in cp,
     "the note and the mark are shown to the coach")
for who, c in (("manager", manager), ("mentee", mentee)):
    t.is_(c.get("/programmes/1/coach").status, 403,
          "the %s reads no coach's note" % who)
r = manager.request("POST", "/programmes/1/coach",
                    "csrf=%s&mentor=%s&mentee=%s&note=x" %
                    (manager.csrf, mentor_m, mentee_m),
                    ctype="application/x-www-form-urlencoded")
t.is_(r.status, 403, "nor writes one")
r = coach.request("POST", "/programmes/1/coach",
                  "csrf=%s&mentor=%s&mentee=%s&note=%s" %
                  (coach.csrf, mentor_m, mentee_m, "x" * 2001),
                  ctype="application/x-www-form-urlencoded")
t.is_(r.status, 400, "a note of 2001 characters is refused")
page = r.body.decode()
card = re.search(r'<article class="card tandem[^"]*" id="t-%s-%s">.*?'
                 r'</article>' % (mentor_m, mentee_m), page, re.S)
card = card.group(0) if card else ""
t.ok('role="alert"' in card and "x" * 2001 in card and
     'aria-invalid="true"' in card and "Rappeler jeudi" not in card,
     "the refusal is shown in its tandem's card, with the text typed kept",
     card[:300])
t.ok("<h1" in page and "Retour au programme" in page,
     "on the page of tandems itself, not a page apart")
for lang, sep, other in (("en", "</span>: ", "</span> : "),
                         ("fr", "</span> : ", "</span>: ")):
    coach.request("PUT", "/api/me/lang", {"lang": lang})
    r = coach.request("POST", "/programmes/1/coach",
                      "csrf=%s&mentor=%s&mentee=%s&note=%s" %
                      (coach.csrf, mentor_m, mentee_m, "x" * 2001),
                      ctype="application/x-www-form-urlencoded")
    page = r.body.decode()
    t.ok('<html lang="%s"' % lang in page and sep in page and
         other not in page,
         "in %s, the field and its problem are separated as it writes "
         "them" % lang,
         re.findall(r'<span class="field">[^<]*</span>.{0,3}', page))
st, cp = text(coach, "/programmes/1/coach")
t.ok("Rappeler jeudi" in cp and "x" * 2001 not in cp,
     "the note refused changed nothing")
r = coach.request("POST", "/programmes/1/coach",
                  "csrf=%s&mentor=%s&mentee=%s&note=y" %
                  (coach.csrf, mentor_m, mentor_m),
                  ctype="application/x-www-form-urlencoded")
t.ok(r.status in (400, 404), "a note on no tandem is refused", r.status)
audit = tandem(fx.db, "audit", "list").stdout
t.ok("coach.note" in audit and "Rappeler" not in audit,
     "the note is audited without its text")



def notes():
    c = tandemapi.connect(fx.db)
    try:
        return str(c.execute("SELECT count(*) FROM coach_note").fetchone()[0])
    finally:
        c.close()


t.is_(notes(), "1", "one note is kept")
tandem(fx.db, "erase", "person", mentee_m, env={"TANDEM_NOW": LATER})
t.is_(notes(), "0", "the erasure of either member takes the note away")

rc, log = fx.close()
t.is_(rc, 0, "the server exits cleanly")
raise SystemExit(t.done())

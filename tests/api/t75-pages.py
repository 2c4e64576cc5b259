#!/usr/bin/env python3
"""Pages that behave (issue 15): HTML error pages for every non-API path
(the API keeping JSON), post/redirect/get after the matching, the
confirmations, a refused form marked and kept, drafts that can be
deleted (library, API and page), the report inside the layout, the
accessibility statement.
"""
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tandemapi  # noqa: E402

tap = tandemapi.Tap()


def form(c, path, fields):
    """Post a form as the browser does, with the CSRF field."""
    body = urllib.parse.urlencode(dict(fields, csrf=c.csrf))
    return c.request("POST", path, body, csrf=False,
                     ctype="application/x-www-form-urlencoded")


def html(r):
    return r.body.decode("utf-8")


def main():
    fx = tandemapi.Fixture(size=60)
    with tandemapi.connect(fx.db) as c:
        pid = c.execute("SELECT id FROM programme ORDER BY id "
                        "LIMIT 1").fetchone()[0]
    man = fx.client(fx.email["manager"])
    anon = tandemapi.Client(fx.server)

    # --- The history names people, never by matricule ----------------
    r = man.get("/programmes/%d" % pid)
    page = html(r)
    with tandemapi.connect(fx.db) as c:
        mat, name = c.execute(
            "SELECT e.matricule, e.first_name || ' ' || e.last_name "
            "FROM programme_event x JOIN employee e ON e.matricule = "
            "x.actor WHERE x.programme_id = ? AND x.to_state = "
            "'submitted'", (pid,)).fetchone()
    tap.ok(r.status == 200 and "%s : brouillon" % name in page and
           "%s : " % mat not in page,
           "the programme's history names who acted, not their matricule",
           page[page.find("brouillon") - 200:page.find("brouillon") + 50])

    # --- One level-1 heading a page (the layout writes it) -----------
    men1 = fx.client(fx.email["mentor"])
    for who, path in ((man, "/closures"), (anon, "/verify"),
                      (men1, "/programmes/%d/kudos" % pid)):
        r = who.get(path)
        tap.ok(r.status == 200 and html(r).count("<h1") == 1,
               "%s: one <h1>" % path, "%d, %d" % (r.status,
                                                  html(r).count("<h1")))

    # --- Error pages -------------------------------------------------
    r = man.get("/nulle-part")
    tap.ok(r.status == 404 and r.header("Content-Type").startswith(
        "text/html") and "<h1>Page introuvable</h1>" in html(r) and
        'href="/roster"' in html(r) and '{"error"' not in html(r),
        "an unknown page: 404 in the layout, with the navigation",
        r.body[:300])
    r = man.get("/programmes/%d/action" % pid)
    tap.ok(r.status == 405 and "text/html" in r.header("Content-Type") and
           'href="/programmes/%d"' % pid in html(r),
           "a form's address opened again: 405, the way back to its page",
           r.body[:300])
    r = anon.get("/nowhere", headers={"Accept-Language": "en-GB,en"})
    tap.ok(r.status == 404 and '<html lang="en">' in html(r) and
           "Page not found" in html(r), "in English for an English reader")
    r = man.get("/api/nulle-part")
    tap.ok(r.status == 404 and r.header("Content-Type") ==
           "application/json" and r.json()["error"], "the API keeps JSON")
    r = man.request("POST", "/programmes/%d/action" % pid,
                    "action=match", csrf=False,
                    ctype="application/x-www-form-urlencoded")
    tap.ok(r.status == 403 and "<h1>Accès refusé</h1>" in html(r),
           "a form without its CSRF field: 403 as a page", r.body[:300])
    r = man.get("/static/nothing.css")
    tap.ok(r.status == 404 and "text/html" in r.header("Content-Type"),
           "a missing static file: an HTML 404")

    # --- Post/redirect/get after the matching --------------------------
    r = form(man, "/programmes/%d/action" % pid, {"action": "match"})
    loc = r.header("Location") or ""
    tap.ok(r.status == 303 and re.match(
        r"^/programmes/%d\?done=match&matched=\d+&of=\d+" % pid, loc),
        "the matching answers 303 to a GET page", "%d %s" % (r.status, loc))
    r = man.get(loc)
    tap.ok(r.status == 200 and re.search(r"Binômes : \d+/\d+ · score total",
                                        html(r)) is not None,
           "which shows the matching's figures", r.body[:200])

    # --- Confirmations -----------------------------------------------
    page = html(man.get("/programmes/%d" % pid))
    confirmed = set(re.findall(
        r'<form[^>]*data-confirm="[^"]*annulé[^"]*"[^>]*>'
        r'<input type="hidden" name="csrf" value="[^"]*">'
        r'<input type="hidden" name="action" value="([a-z]+)"', page))
    tap.ok({"publish", "close"} <= confirmed,
           "publish and close ask first, saying what cannot be undone",
           confirmed)

    # --- A refused form: kept, marked --------------------------------
    r = form(man, "/programmes/new", {
        "name": "Atelier <données>", "purpose": "Lire un tableau de bord.",
        "start_date": "2027-06-01", "end_date": "2027-01-01"})
    page = html(r)
    tap.ok(r.status == 400 and 'value="Atelier &lt;données&gt;"' in page,
           "a refused form comes back as typed, escaped", r.body[:300])
    m = re.search(r'<input id="end_date"[^>]*>', page)
    tap.ok(m is not None and 'aria-invalid="true"' in m.group(0) and
           'aria-describedby="err-0"' in m.group(0) and
           '<li id="err-0" data-field="end">' in page,
           "the field the library names is marked and described",
           m.group(0) if m else page[:500])
    tap.ok('maxlength="120"' in page and "(obligatoire)" in page,
           "limits and required fields show before posting")

    # --- Drafts deleted ----------------------------------------------
    r = man.post("/api/programmes", {"name": "Brouillon à jeter",
                                     "purpose": "Un essai."})
    draft = r.json()["id"]
    spo = fx.client(fx.email["sponsor"])
    men = fx.client(fx.email["mentor"])
    r = men.request("DELETE", "/api/programmes/%d" % draft)
    tap.is_(r.status, 403, "a mentor may not delete a draft")
    r = spo.request("DELETE", "/api/programmes/%d" % draft)
    tap.is_(r.status, 403, "nor a sponsor")
    r = man.request("DELETE", "/api/programmes/%d" % pid)
    tap.ok(r.status == 409 and "draft" in r.json()["error"],
           "a running programme is not deleted", r.body)
    # A draft sent to the sponsor and returned has a history.
    man.post("/api/programmes/%d/transitions" % draft, {"action": "submit"})
    spo.post("/api/programmes/%d/transitions" % draft,
             {"action": "return", "note": "À revoir"})
    page = html(man.get("/programmes/%d" % draft))
    tap.ok(re.search(r'action="/programmes/%d/delete" class="inline" '
                     r'data-confirm="[^"]*ne peut pas être annulé' % draft,
                     page) is not None,
           "the draft's page offers deletion, with a confirmation")
    r = form(man, "/programmes/%d/delete" % draft, {})
    tap.ok(r.status == 303 and r.header("Location") == "/?done=deleted",
           "deleting from the page redirects home", r.status)
    tap.ok("Brouillon supprimé." in html(man.get("/?done=deleted")),
           "where the result is shown")
    with tandemapi.connect(fx.db) as c:
        left = c.execute("SELECT count(*) FROM programme WHERE id = ?",
                         (draft,)).fetchone()[0]
        ev = c.execute("SELECT count(*) FROM programme_event WHERE "
                       "programme_id = ?", (draft,)).fetchone()[0]
        a = c.execute("SELECT action, detail FROM audit ORDER BY id DESC "
                      "LIMIT 1").fetchone()
    tap.ok(left == 0 and ev == 0, "the draft and its history are gone")
    tap.ok(a[0] == "programme.delete" and a[1] == "draft",
           "the deletion is audited", a)
    r = man.request("DELETE", "/api/programmes/%d" % draft)
    tap.is_(r.status, 404, "a deleted draft is not found")
    r = man.post("/api/programmes", {"name": "Deuxième essai",
                                     "purpose": "Un essai."})
    r = man.request("DELETE", "/api/programmes/Deuxi%C3%A8me%20essai")
    tap.ok(r.status == 200 and r.json() == {"deleted": True},
           "the API deletes a draft by name", r.body)

    # --- The report inside the layout --------------------------------
    r = spo.get("/programmes/%d/report" % pid)
    page = html(r)
    tap.ok(r.status == 200 and 'href="/programmes/%d"' % pid in page and
           '<nav aria-label="Navigation principale">' in page and
           page.count("<main") == 1 and "<style" not in page,
           "the report sits in the layout, with a way back", page[:300])
    tap.ok(not re.search(r"tandem [a-z]+ |« tandem|\"tandem ", page),
           "the report cites no command")
    r = spo.get("/programmes/%d/report?lang=en" % pid)
    tap.ok('<html lang="en">' in html(r) and "Back to the programme" in
           html(r), "and in English on request")
    r = men.get("/programmes/%d/report" % pid)
    tap.ok(r.status == 403 and "text/html" in r.header("Content-Type"),
           "a mentor is refused, with a page")

    # --- Marking a session: absences, a cancellation's reason ---------
    with tandemapi.connect(fx.db) as c:
        s1, s2, mentee = c.execute(
            "SELECT s.id, (SELECT id FROM session WHERE state = 'planned' "
            "AND programme_id = ?1 ORDER BY start_at DESC LIMIT 1), "
            "e.matricule FROM session s JOIN enrolment n ON "
            "n.id = s.mentee_id JOIN employee e ON e.id = n.employee_id "
            "WHERE s.state = 'planned' AND s.programme_id = ?1 "
            "ORDER BY s.start_at LIMIT 1", (pid,)).fetchone()
        # The demo's planned sessions are to come: this one took place.
        c.execute("UPDATE session SET start_at = '2026-11-20T13:00:00Z' "
                  "WHERE id = ?", (s1,))
    # The sessions to confirm (held or not): s1, planned and past.
    page = html(man.get("/programmes/%d?seances=a-confirmer" % pid))
    tap.ok('name="absent_2" value="%s"' % mentee in page and
           'id="reason-%d" name="note"' % s1 in page,
           "the session list offers absences and a reason")
    r = form(man, "/programmes/%d/action" % pid, {
        "action": "held", "session": s1, "absent_2": mentee})
    tap.ok(r.status == 303 and "done=held" in r.header("Location"),
           "held with an absence: redirected",
           re.findall(r"role=\"alert\".{0,300}", html(r)))
    r = form(man, "/programmes/%d/action" % pid, {
        "action": "cancel", "session": s2, "note": "Salle indisponible"})
    tap.ok(r.status == 303 and "done=cancel" in r.header("Location"),
           "cancelled with a reason: redirected", r.status)
    with tandemapi.connect(fx.db) as c:
        absent = c.execute(
            "SELECT count(*) FROM attendance a JOIN enrolment n ON "
            "n.id = a.enrolment_id JOIN employee e ON e.id = n.employee_id "
            "WHERE a.session_id = ? AND e.matricule = ? AND a.present = 0",
            (s1, mentee)).fetchone()[0]
        why = c.execute("SELECT state, cancel_reason FROM session WHERE "
                        "id = ?", (s2,)).fetchone()
    tap.is_(absent, 1, "the mentee is recorded absent")
    tap.is_(list(why), ["cancelled", "Salle indisponible"],
            "the reason is kept with the cancellation")
    r = form(man, "/programmes/%d/action" % pid, {
        "action": "held", "session": s2, "absent_1": "E999999"})
    tap.ok(r.status in (400, 409) and 'role="alert"' in html(r),
           "a refused mark is a page with its reason", r.status)

    # A refused proposal comes back on the programme's page.
    with tandemapi.connect(fx.db) as c:
        sid = c.execute(
            "SELECT s.id FROM session s JOIN enrolment n ON "
            "n.id = s.mentor_id JOIN employee e ON e.id = n.employee_id "
            "WHERE e.email = ? AND s.state = 'planned' ORDER BY s.start_at DESC LIMIT 1",
            (fx.email["mentor"],)).fetchone()[0]
    r = form(men, "/sessions/%d/propose" % sid, {
        "date": "2027-01-03", "time": "10:00", "programme": pid})
    page = html(r)
    tap.ok(r.status >= 400 and 'role="alert" id="errors"' in page and
           "/sessions/%d/propose" % sid in page,
           "a date refused: the programme's page again, the reason on top",
           page[page.find("<main"):][:400])

    # --- The accessibility statement ---------------------------------
    r = anon.get("/accessibilite")
    tap.ok(r.status == 200 and "RGAA 4.1" in html(r) and
           "Défenseur des droits" in html(r),
           "the accessibility statement, public")
    tap.ok('href="/accessibilite"' in html(man.get("/")),
           "linked from every page's footer")

    rc, log = fx.close()
    tap.is_(rc, 0, "the server exits 0")


main()
tap.done()

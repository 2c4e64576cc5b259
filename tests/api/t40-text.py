#!/usr/bin/env python3
"""Input that is text (issue 17): a form field that is not UTF-8 (a
Latin-1 browser's %E9) is refused by the store's one check whatever
the front-end, and the database is unchanged; the same text in UTF-8
is stored."""
import hashlib
import urllib.parse

from tandemapi import Fixture, Tap
import tandemapi  # noqa: E402

t = Tap()
fx = Fixture()
m = fx.client(fx.email["manager"])


def dump():
    """The database's content, to prove a refusal changed nothing."""
    lines = [ln for ln in tandemapi.dump(fx.db).encode().splitlines()
             if b"INSERT INTO web_session" not in ln
             and b"INSERT INTO read_event" not in ln
             and b"INSERT INTO audit_subject" not in ln]
    return hashlib.sha256(b"\n".join(lines)).hexdigest()


def form(name, purpose):
    return "name=%s&purpose=%s&session_count=4&session_minutes=60" \
        "&cadence_days=7&retention_days=365&comments_days=90" % (
            urllib.parse.quote(name), purpose)


before = dump()
r = m.request("POST", "/programmes/new", form("Essai latin", "Caf%E9"),
              ctype="application/x-www-form-urlencoded")
t.ok(400 <= r.status < 500, "a Latin-1 form field: refused, 4xx",
     "status %d" % r.status)
t.is_(dump(), before, "the refusal changed nothing")


def one(q):
    c = tandemapi.connect(fx.db)
    try:
        return c.execute(q).fetchone()[0]
    finally:
        c.close()


t.is_(one("SELECT count(*) FROM programme WHERE name = 'Essai latin'"), 0,
      "no programme stored")
r = m.request("POST", "/programmes/new", form("Essai utf8", "Caf%C3%A9"),
              ctype="application/x-www-form-urlencoded")
t.ok(r.status in (200, 303), "the same text in UTF-8: stored",
     "status %d" % r.status)
# The bytes stored: SQLite's hex(), PostgreSQL's encoding of the text.
t.is_(one(("SELECT upper(encode(convert_to(purpose, 'UTF8'), 'hex')) "
           if tandemapi.is_pg(fx.db) else "SELECT hex(purpose) ") +
          "FROM programme WHERE name = 'Essai utf8'"), "436166C3A9",
      "stored as UTF-8")
rc, log = fx.close()
t.is_(rc, 0, "the server stopped cleanly")
raise SystemExit(t.done())

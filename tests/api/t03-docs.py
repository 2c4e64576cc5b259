#!/usr/bin/env python3
"""Run every example of docs/api.md against a real server, in order.

An example is a ```http block (a request: method and path, headers,
a blank line, a body) followed by a ```response block (the status line,
a blank line, and the expected body).  A JSON body is expected as a
subset: the members shown must be there with these values, arrays
element by element from the first; "…" stands for any value.  Any other
body is expected as the start of the answer.  The cookie of the last
sign-in is sent with every request, and the session's CSRF token stands
for "…" in an X-CSRF-Token header.
"""
import json
import os
import re
import sys

from tandemapi import Client, Fixture, Tap

DOC = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "api.md")
ANY = "…"


def subset(want, got, where="$"):
    """None if got matches want, else where and why not."""
    if want == ANY:
        return None
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return "%s: not an object" % where
        for k, v in want.items():
            if k not in got:
                return "%s: no member %r" % (where, k)
            e = subset(v, got[k], "%s.%s" % (where, k))
            if e:
                return e
        return None
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) < len(want):
            return "%s: not a list of at least %d" % (where, len(want))
        for i, v in enumerate(want):
            e = subset(v, got[i], "%s[%d]" % (where, i))
            if e:
                return e
        return None
    if want != got:
        return "%s: %r, not %r" % (where, got, want)
    return None


def examples(text):
    blocks = re.findall(r"```(http|response)\n(.*?)```", text, re.S)
    i = 0
    while i < len(blocks):
        kind, req = blocks[i]
        if kind != "http" or i + 1 >= len(blocks) or \
                blocks[i + 1][0] != "response":
            raise SystemExit("docs/api.md: a ```http block without its "
                             "```response: %r" % req[:60])
        yield req, blocks[i + 1][1]
        i += 2


def parse(block):
    head, _, body = block.partition("\n\n")
    lines = head.strip("\n").split("\n")
    return lines[0], lines[1:], body.strip("\n")


def main():
    with open(DOC, encoding="utf-8") as f:
        text = f.read()
    t = Tap()
    fx = Fixture(size=400)
    c = Client(fx.server)
    for req, resp in examples(text):
        first, hdrs, body = parse(req)
        method, path = first.split(" ", 1)
        headers = {}
        for h in hdrs:
            k, v = h.split(":", 1)
            v = v.strip()
            if k == "X-CSRF-Token" and v == ANY:
                v = c.csrf or ""
            headers[k] = v
        ctype = headers.pop("Content-Type", "application/json")
        status_line, _, want = resp.partition("\n")
        status = int(status_line.split()[1])
        r = c.request(method, path, body.encode() if body else None,
                      headers=headers, ctype=ctype if body else None,
                      csrf=False)
        name = "%s %s: %d" % (method, path, status)
        if r.status != status:
            t.ok(False, name, "got %d: %s" % (r.status, r.body[:500]))
            continue
        want = want.strip("\n")
        if not want:
            t.ok(True, name)
        elif want.startswith("{") or want.startswith("["):
            try:
                e = subset(json.loads(want), r.json())
            except ValueError as ex:
                e = "not JSON: %s (%s)" % (ex, r.body[:200])
            t.ok(e is None, name, "%s\n%s" % (e, r.body[:800]))
        else:
            got = r.body.decode("utf-8", "replace").replace("\r\n", "\n")
            t.ok(got.startswith(want), name, got[:400])
    rc, _ = fx.close()
    t.is_(rc, 0, "the server stopped cleanly")
    return t.done()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The seam to the database and the library's module graph, as a test
suite (TAP, like scripts/lint.sh).  Usage: scripts/check-seam.py BUILD

1. Only the store speaks to SQLite.  No file under src/ other than
   src/lib/store*.c (and a private header of theirs, src/lib/store*.h)
   includes <sqlite3.h>, names anything of SQLite's C API (sqlite3_...,
   SQLITE_...) outside its comments, touches the store's connection
   (st->db), or holds SQL in a string literal.  A literal holds SQL when
   it starts with a statement's keyword, in upper case as the project
   writes SQL, followed by what such a statement continues with
   ("SELECT x", "DELETE FROM", "PRAGMA foreign_keys", "BEGIN IMMEDIATE",
   or "COMMIT" alone): an HTTP method ("DELETE") or a sentence ("Select
   a programme") is not SQL.  Adjacent literals count as one.

2. The library's modules call each other one way.  Each object file of
   BUILD's libtandem defines some global symbols and uses others (nm);
   module A depends on module B when A uses a symbol B defines.  A cycle
   in that graph fails the check, printed with the symbols that make
   each of its edges.

The tests are one per source file, then one for the graph.
"""
import glob
import os
import re
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The store, the only files allowed to speak SQLite: src/lib/store.c, the
# files it may be split into (store_*.c) and their private header.
STORE = re.compile(r"^src/lib/store[^/]*\.[ch]$")

# A statement's first keyword and what may follow it.  Keywords are
# words (\b) and upper case; what follows must look like SQL.
SQL = re.compile(r"""^\s*(?:
      SELECT\s+\S
    | INSERT\s+(?:OR\s+\w+\s+)?INTO\b
    | REPLACE\s+INTO\b
    | UPDATE\s+(?:OR\s+\w+\s+)?[\w"]+\s+SET\b
    | DELETE\s+FROM\b
    | CREATE\s+(?:UNIQUE\s+|TEMP\s+|TEMPORARY\s+|VIRTUAL\s+)?
        (?:TABLE|INDEX|TRIGGER|VIEW)\b
    | DROP\s+(?:TABLE|INDEX|TRIGGER|VIEW)\b
    | ALTER\s+TABLE\b
    | PRAGMA\s+\w
    | BEGIN(?:\s+(?:DEFERRED|IMMEDIATE|EXCLUSIVE|TRANSACTION)\b|\s*;|\s*$)
    | COMMIT(?:\s+TRANSACTION\b|\s*;|\s*$)
    | END\s+TRANSACTION\b
    | ROLLBACK(?:\s+(?:TO|TRANSACTION)\b|\s*;|\s*$)
    | (?:SAVEPOINT|RELEASE)\s+\w
    | (?:VACUUM|ANALYZE|REINDEX)(?:\s*;|\s*$|\s+INTO\b|\s+\w+\s*;?\s*$)
    | ATTACH\s+(?:DATABASE\s+)?\S
    | WITH\s+(?:RECURSIVE\s+)?\w+(?:\s*\([^)]*\))?\s+AS\s*\(
    )""", re.X)

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]sqlite3(?:ext)?\.h[>"]', re.M)
API = re.compile(r"\b(sqlite3_\w+|SQLITE_\w+)")
# The store's connection, which only the store may touch.
HANDLE = re.compile(r"\bst->db\b")


def tokens(text):
    """Split C text into (kind, value, line): kind "code" for what lies
    between comments and literals, "string" for each string literal's
    contents (escapes left as written).  Comments and character
    literals are dropped."""
    out = []
    i, n, line = 0, len(text), 1
    start, code = 0, []
    while i < n:
        c = text[i]
        if c == "/" and text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            i = j
            code.append(" ")
        elif c == "/" and text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            if c == '"':
                out.append(("code", "".join(code), start))
                out.append(("string", text[i + 1:j], line))
                code, start = [], line
            i = j + 1
        else:
            if c == "\n":
                line += 1
            code.append(c)
            i += 1
    out.append(("code", "".join(code), start))
    return out


def strings_of(toks):
    """Adjacent literals ("SELECT a, " "b FROM t") are one string."""
    merged, cur, first = [], None, 0
    for kind, val, line in toks:
        if kind == "string":
            if cur is None:
                cur, first = val, line
            else:
                cur += val
        elif val.strip() == "" and cur is not None:
            continue
        elif cur is not None:
            merged.append((cur, first))
            cur = None
    if cur is not None:
        merged.append((cur, first))
    return merged


def check_file(path):
    """The problems of one source file, as strings."""
    with open(os.path.join(TOP, path), encoding="utf-8",
              errors="replace") as f:
        text = f.read()
    problems = []
    for m in INCLUDE.finditer(text):
        problems.append("%s:%d: includes <sqlite3.h>" %
                        (path, text.count("\n", 0, m.start()) + 1))
    toks = tokens(text)
    seen = {}
    for kind, val, line in toks:
        if kind != "code":
            continue
        # Preprocessor lines were counted above (the include).
        for m in API.finditer(val):
            if re.match(r"sqlite3(ext)?\.h", val[m.start():]):
                continue
            ln = line + val.count("\n", 0, m.start())
            seen.setdefault(m.group(1), []).append(ln)
    if seen:
        first = min(min(v) for v in seen.values())
        problems.append("%s:%d: uses SQLite's C API %d times: %s" % (
            path, first, sum(len(v) for v in seen.values()),
            ", ".join(sorted(seen, key=lambda k: (-len(seen[k]), k)))))
    if path.startswith("src/lib/"):
        for kind, val, line in toks:
            if kind != "code":
                continue
            for m in HANDLE.finditer(val):
                problems.append("%s:%d: touches the store's connection "
                                "(st->db)" % (path, line + val.count(
                                    "\n", 0, m.start())))
    for s, line in strings_of(toks):
        if SQL.match(s):
            problems.append("%s:%d: SQL in a string: \"%s\"" % (
                path, line, s[:60] + ("..." if len(s) > 60 else "")))
    return problems


def objects(build):
    objs = sorted(glob.glob(os.path.join(build, "**", "libtandem.a.p",
                                         "*.o"), recursive=True))
    return objs


def module_name(obj):
    m = os.path.basename(obj)
    m = re.sub(r"\.o(bj)?$", "", m)
    m = re.sub(r"\.c$", "", m)
    m = re.sub(r"^src_lib_", "", m)
    m = re.sub(r"^meson-generated_.*_", "", m)
    return m


def graph(build):
    """module -> {module: [symbols]}, from the objects' symbol tables."""
    defs, uses = {}, {}
    for o in objects(build):
        mod = module_name(o)
        p = subprocess.run(["nm", "-P", o], capture_output=True, text=True,
                           check=True)
        for ln in p.stdout.splitlines():
            f = ln.split()
            if len(f) < 2:
                continue
            sym, kind = f[0], f[1]
            if kind == "U":
                uses.setdefault(mod, set()).add(sym)
            elif kind in "TDBRCGSVW":
                defs[sym] = mod
        uses.setdefault(mod, set())
    g = {m: {} for m in uses}
    for mod, syms in uses.items():
        for s in sorted(syms):
            d = defs.get(s)
            if d is not None and d != mod:
                g[mod].setdefault(d, []).append(s)
    return g


def cycles(g):
    """The strongly connected components of more than one module
    (Tarjan), each with one cycle through it."""
    index, low, on, stack, comps = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(g.get(v, {})):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(g):
        if v not in index:
            visit(v)
    found = []
    for comp in comps:
        found.append((comp, one_cycle(g, comp)))
    return found


def one_cycle(g, comp):
    """A shortest cycle through the component's first module."""
    inside = set(comp)
    start = comp[0]
    prev = {start: None}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(g[v]):
            if w not in inside:
                continue
            if w == start:
                path = [v]
                while prev[path[-1]] is not None:
                    path.append(prev[path[-1]])
                path.reverse()
                return path + [start]
            if w not in prev:
                prev[w] = v
                queue.append(w)
    return [start]


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: check-seam.py BUILD\n")
        return 2
    build = sys.argv[1]
    n = failed = 0
    files = []
    for root, _, names in os.walk(os.path.join(TOP, "src")):
        for name in names:
            if name.endswith((".c", ".h")):
                files.append(os.path.relpath(os.path.join(root, name), TOP))
    for path in sorted(files):
        if STORE.match(path):
            continue
        n += 1
        problems = check_file(path)
        if problems:
            failed += 1
            print("not ok %d - %s: outside the store, no SQLite and no SQL"
                  % (n, path))
            for p in problems:
                print("# " + p)
        else:
            print("ok %d - %s: outside the store, no SQLite and no SQL" %
                  (n, path))
    n += 1
    if not objects(build):
        failed += 1
        print("not ok %d - the library's module graph: no object of "
              "libtandem under %s" % (n, build))
    else:
        g = graph(build)
        found = cycles(g)
        if found:
            failed += 1
            print("not ok %d - the library's module graph has no cycle" % n)
            for comp, cyc in found:
                print("# modules calling each other in a circle: %s" %
                      " ".join(comp))
                print("# for instance %s" % " -> ".join(cyc))
                for a, b in zip(cyc, cyc[1:]):
                    syms = g[a][b]
                    print("#   %s -> %s: %s%s" % (
                        a, b, ", ".join(syms[:4]),
                        " and %d more" % (len(syms) - 4)
                        if len(syms) > 4 else ""))
        else:
            print("ok %d - the library's module graph has no cycle "
                  "(%d modules)" % (n, len(g)))
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

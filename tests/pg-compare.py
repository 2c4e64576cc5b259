#!/usr/bin/env python3
"""Every table of a SQLite file against its copy in PostgreSQL, row by row.

Usage: pg-compare.py FILE PSQL-COMMAND...  (tests/cli/t0087-migrate.sh
on the demo, bench/migrate.sh at 20,000 employees).  SQLite is read by Python,
PostgreSQL by COPY through psql; prints "N tables, M rows, K different"
and exits 1 when a row differs or is missing."""
import sqlite3, subprocess, sys
db, psql = sys.argv[1], sys.argv[2:]
con = sqlite3.connect(db)
con.text_factory = lambda b: b.decode("utf-8", "surrogateescape")
def unescape(s):
    if s == r"\N":
        return None
    out, i = bytearray(), 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            n = s[i + 1]
            out += {"t": b"\t", "n": b"\n", "r": b"\r", "\\": b"\\"}[n]
            i += 2
        else:
            out += c.encode()
            i += 1
    return out.decode()
def norm(v, p):
    if v is None or p is None:
        return (v is None) == (p is None)
    if isinstance(v, float):
        return float(p) == v
    if isinstance(v, int):
        return p == str(v)
    if isinstance(v, bytes):
        return p == "\\x" + v.hex()
    return p == v
tables = [r[0] for r in con.execute(
    "SELECT name FROM sqlite_schema WHERE type = 'table' "
    "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
bad = rows = 0
for t in tables:
    cols = [r[1] for r in con.execute(f'PRAGMA table_info("{t}")')]
    q = ", ".join(f'"{c}"' for c in cols)
    lite = sorted(con.execute(f'SELECT {q} FROM "{t}"').fetchall(),
                  key=repr)
    text = subprocess.run(psql + ["-c", f'COPY (SELECT {q} FROM "{t}") TO STDOUT'],
                          capture_output=True, text=True, check=True).stdout
    pg = [[unescape(f) for f in line.split("\t")]
          for line in text.split("\n") if line != ""]
    if len(pg) != len(lite):
        print(f"{t}: {len(lite)} rows on SQLite, {len(pg)} on PostgreSQL")
        bad += 1
        continue
    # Rows by their first column (the id, mostly), then matched.
    left = {}
    for p in pg:
        left.setdefault(p[0], []).append(p)
    for row in lite:
        v = row[0]
        key = None if v is None else str(v) if isinstance(v, int) \
            else "\\x" + v.hex() if isinstance(v, bytes) else v
        bucket = left.get(key, []) if not isinstance(v, float) else \
            [p for b in left.values() for p in b]
        for k, p in enumerate(bucket):
            if all(norm(v, x) for v, x in zip(row, p)):
                del bucket[k]
                break
        else:
            print(f"{t}: row {row!r} not on PostgreSQL")
            bad += 1
            break
    rows += len(lite)
print(f"{len(tables)} tables, {rows} rows, {bad} different")
sys.exit(1 if bad or rows == 0 else 0)

"""What the API suites share: a real `tandem serve` on 127.0.0.1 and a
client with a cookie jar.  Standard library only.

Each suite prints TAP ("ok N - name" / "not ok N - name") like the
other suites of tests/run.  TANDEM names the binary (tests/run sets it).
"""
import atexit
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse

TANDEM = os.environ.get("TANDEM") or os.path.join(
    os.path.dirname(__file__), "..", "..", "build", "tandem")
# Every suite runs at the same instant: the demo's dates are stable.
NOW = "2026-11-27T09:00:00Z"
PASSWORD = "tandem-demo-12"

# PostgreSQL (issue 18): with TANDEM_TEST_ENGINE=pg (the suite pg-api)
# every Fixture's database is a PostgreSQL database of its own in the
# cluster whose socket directory is TANDEM_TEST_PG (tests/run starts it
# with tests/pgcluster.sh), or, when that is unset, in a cluster this
# process starts for itself.  testdb() makes such a database by name
# (a SQLite file name otherwise), connect() reads any of them.
ENGINE = os.environ.get("TANDEM_TEST_ENGINE", "sqlite")
_TESTS = os.path.dirname(os.path.abspath(__file__))
_PG_BIN = (sorted(__import__("glob").glob("/usr/lib/postgresql/*/bin")) or
           [""])[-1]
_pg = {"host": None, "own": None, "dbs": [], "logdir": None}


def _psql(dbname, sql):
    return subprocess.run(
        [os.path.join(_PG_BIN, "psql"), "-h", _pg["host"], "-U", "postgres",
         "-X", "-qAt", "-v", "ON_ERROR_STOP=1", "-d", dbname, "-c", sql],
        capture_output=True, text=True, check=True).stdout


def _pg_cleanup():
    for name in _pg["dbs"]:
        subprocess.run(
            [os.path.join(_PG_BIN, "psql"), "-h", _pg["host"], "-U",
             "postgres", "-X", "-qAt", "-d", "postgres", "-c",
             'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name],
            capture_output=True)
    if _pg["own"]:
        subprocess.run(["sh", os.path.join(_TESTS, "..", "pgcluster.sh"),
                        "stop", _pg["own"]])
    if _pg["logdir"]:
        shutil.rmtree(_pg["logdir"], ignore_errors=True)


def _pg_setup():
    if _pg["host"]:
        return
    host = os.environ.get("TANDEM_TEST_PG")
    if not host or not os.path.isdir(host):
        p = subprocess.run(["sh", os.path.join(_TESTS, "..", "pgcluster.sh"),
                            "start"], capture_output=True, text=True)
        if p.returncode == 77:
            print("1..0 # SKIP " + p.stderr.strip())
            sys.exit(0)
        if p.returncode != 0:
            print("Bail out! " + p.stderr.strip())
            sys.exit(1)
        host = p.stdout.strip()
        _pg["own"] = host
    _pg["host"] = host
    _pg["logdir"] = tempfile.mkdtemp(prefix="tandem-api-pg-")
    atexit.register(_pg_cleanup)


def testdb(path):
    """The database of a test: the SQLite file PATH, or on PostgreSQL a
    new database named after PATH and this process."""
    if ENGINE != "pg":
        return path
    _pg_setup()
    name = re.sub(r"[^a-zA-Z0-9_]", "_", "a%d_%d_%s" % (
        os.getpid(), len(_pg["dbs"]), os.path.basename(path)))
    _psql("postgres", 'CREATE DATABASE "%s"' % name)
    _pg["dbs"].append(name)
    return "host=%s user=postgres dbname=%s" % (_pg["host"], name)


def dump(db):
    """Every row of DB as text, one line a row starting "INSERT INTO
    TABLE": `sqlite3 DB .dump`, or its like on PostgreSQL."""
    if is_pg(db):
        return "\n".join(_PgConnection(db).iterdump()) + "\n"
    return subprocess.run(["sqlite3", db, ".dump"], capture_output=True,
                          text=True, check=True).stdout


def intact(db):
    """"ok" when DB is sound: SQLite's integrity_check, or on PostgreSQL
    `tandem check` (the audit chain, its triggers, no constraint left
    unchecked)."""
    if is_pg(db):
        p = tandem(db, "check", check=False)
        return "ok" if p.returncode == 0 else p.stdout + p.stderr
    return subprocess.run(["sqlite3", db, "PRAGMA integrity_check"],
                          capture_output=True, text=True).stdout.strip()


def is_pg(db):
    return db.startswith("host=") or db.startswith("postgresql:")


def _literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, bytes):
        return "'\\x%s'::bytea" % v.hex()
    return "'%s'" % str(v).replace("'", "''")


class _PgCursor:
    def __init__(self, rows):
        self.rows = rows

    def fetchone(self):
        return self.rows[0] if self.rows else None

    def fetchall(self):
        return self.rows

    def __iter__(self):
        return iter(self.rows)


class _PgConnection:
    """The little of sqlite3.Connection the suites use, on PostgreSQL
    through psql: execute with "?" placeholders, rows as tuples of
    Python values (through JSON, so numbers stay numbers)."""

    def __init__(self, db):
        self.dbname = re.search(r"dbname=(\S+)", db).group(1)

    def execute(self, sql, params=()):
        # "?" takes the next value, "?N" the Nth, as in SQLite.
        marks = list(re.finditer(r"\?(\d*)", sql))
        nums = [int(m.group(1)) if m.group(1) else i + 1
                for i, m in enumerate(marks)]
        if len(set(nums)) != len(params) or \
                any(n < 1 or n > len(params) for n in nums):
            raise ValueError("%d placeholders, %d values" %
                             (len(set(nums)), len(params)))
        text, at = "", 0
        for m, n in zip(marks, nums):
            text += sql[at:m.start()] + _literal(params[n - 1])
            at = m.end()
        text += sql[at:]
        text = text.strip().rstrip(";")
        if re.match(r"(?is)\s*(select|with|values)\b", text):
            out = _psql(self.dbname,
                        "SELECT coalesce(json_agg(row_to_json(q)), '[]') "
                        "FROM (%s) q" % text)
            rows = json.loads(out, object_pairs_hook=lambda kv:
                              tuple(v for _, v in kv))
            return _PgCursor(list(rows))
        _psql(self.dbname, text)
        return _PgCursor([])

    def iterdump(self):
        """Every row of every table, one line each, written as SQLite's
        .dump writes them ("INSERT INTO TABLE VALUES('text',1,NULL)"),
        tables by name and rows in order: enough to show that a refusal
        changed nothing, and to look for a text in the rows."""
        tables = [r[0] for r in self.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = "
            "current_schema() ORDER BY tablename")]
        if not tables:
            return iter([])
        out = _psql(self.dbname, " UNION ALL ".join(
            "SELECT %s || chr(9) || row_to_json(t)::text FROM \"%s\" t"
            % (_literal(name), name) for name in tables))
        lines = []
        for line in out.splitlines():
            name, row = line.split("\t", 1)
            values = json.loads(row, object_pairs_hook=lambda kv:
                                [v for _, v in kv])
            lines.append("INSERT INTO %s VALUES(%s);" % (name, ",".join(
                _literal(v) for v in values)))
        return iter(sorted(lines))

    def executescript(self, sql):
        _psql(self.dbname, sql)

    def commit(self):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def connect(db, **kw):
    """sqlite3.connect(db, **kw), or its like on a PostgreSQL database
    (where the keywords, SQLite's own, do not apply)."""
    if is_pg(db):
        return _PgConnection(db)
    import sqlite3
    return sqlite3.connect(db, **kw)


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, detail=None):
        self.n += 1
        if cond:
            print("ok %d - %s" % (self.n, name))
        else:
            self.failed += 1
            print("not ok %d - %s" % (self.n, name))
            if detail is not None:
                for line in str(detail).splitlines()[:30]:
                    print("# " + line)
        sys.stdout.flush()
        return cond

    def is_(self, got, want, name):
        return self.ok(got == want, name, "got %r, want %r" % (got, want))

    def done(self):
        print("1..%d" % self.n)
        return 1 if self.failed else 0


def tandem(db, *args, env=None, check=True):
    e = dict(os.environ, TANDEM_NOW=NOW)
    e.update(env or {})
    p = subprocess.run([TANDEM, "-d", db] + list(args), env=e,
                       capture_output=True, text=True)
    if check and p.returncode != 0:
        raise RuntimeError("tandem %s: %s" % (" ".join(args), p.stderr))
    return p


class Server:
    """`tandem serve` on a free port of 127.0.0.1, its log in a file."""

    def __init__(self, db, now=NOW, threads=4, args=()):
        self.db = db
        self.log = db + ".serve.log"
        if is_pg(db):
            self.log = os.path.join(_pg["logdir"], re.search(
                r"dbname=(\S+)", db).group(1) + ".serve.log")
        env = dict(os.environ, TANDEM_NOW=now)
        self.logf = open(self.log, "w")
        # TANDEM_VALGRIND=1: the server under valgrind's memcheck, whose
        # errors make it exit 96 (the suites check a clean exit).
        vg = ["valgrind", "-q", "--error-exitcode=96", "--leak-check=full",
              "--errors-for-leak-kinds=definite"] \
            if os.environ.get("TANDEM_VALGRIND") == "1" else []
        self.proc = subprocess.Popen(
            vg + [TANDEM, "-d", db, "serve", "--listen", "127.0.0.1:0",
                  "--threads", str(threads)] + list(args),
            stdout=subprocess.DEVNULL, stderr=self.logf, env=env)
        # A suite that dies midway must not leave its server behind.
        atexit.register(lambda p=self.proc: p.poll() is None and p.kill())
        self.port = None
        for _ in range(600):
            with open(self.log) as f:
                m = re.search(r"http://127\.0\.0\.1:(\d+)/", f.read())
            if m:
                self.port = int(m.group(1))
                break
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        if self.port is None:
            raise RuntimeError("the server did not start: " +
                               open(self.log).read())

    def stop(self):
        """SIGTERM; returns the exit status."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = -9
        self.logf.close()
        return rc

    def logtext(self):
        with open(self.log) as f:
            return f.read()


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None


class Client:
    """One browser-like user: a cookie jar and the CSRF token."""

    def __init__(self, server):
        self.server = server
        self.cookie = None
        self.csrf = None

    def request(self, method, path, body=None, headers=None, csrf=True,
                ctype="application/json"):
        h = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode("utf-8")
        elif isinstance(body, str):
            body = body.encode("utf-8")
        if body is not None and "Content-Type" not in h and ctype:
            h["Content-Type"] = ctype
        if self.cookie and "Cookie" not in h:
            h["Cookie"] = "tandem_session=" + self.cookie
        if csrf and self.csrf and method not in ("GET", "HEAD") and \
                "X-CSRF-Token" not in h:
            h["X-CSRF-Token"] = self.csrf
        c = http.client.HTTPConnection("127.0.0.1", self.server.port,
                                       timeout=60)
        try:
            c.request(method, path, body=body, headers=h)
        except (BrokenPipeError, ConnectionResetError):
            # The server answered (413) before the whole body was sent,
            # and closed: its answer is still there to read.
            pass
        r = c.getresponse()
        resp = Response(r.status, r.getheaders(), r.read())
        c.close()
        sc = resp.header("Set-Cookie")
        if sc:
            m = re.match(r"(?:__Host-)?tandem_session=([^;]*)", sc)
            if m:
                self.cookie = m.group(1) or None
                if not self.cookie:
                    self.csrf = None
        if resp.header("Content-Type") == "application/json" and \
                resp.status == 200:
            try:
                v = resp.json()
                if isinstance(v, dict) and "csrf" in v:
                    self.csrf = v["csrf"]
            except ValueError:
                pass
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body if body is not None else {},
                            **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body, **kw)

    def items(self, path):
        """Every row of a paged list, page after page (every list
        answers one page at a time: {"items": [...], "next": cursor})."""
        rows, cursor = [], None
        while True:
            url = path + ("&" if "?" in path else "?") + "limit=1000"
            if cursor is not None:
                url += "&cursor=" + urllib.parse.quote(cursor)
            r = self.get(url)
            if r.status != 200:
                raise RuntimeError("GET %s: %d %s" % (url, r.status,
                                                      r.body[:300]))
            v = r.json()
            rows += v["items"]
            cursor = v["next"]
            if cursor is None:
                return rows

    def login(self, email, password=PASSWORD):
        r = self.post("/api/login", {"email": email, "password": password})
        if r.status != 200:
            raise RuntimeError("login %s: %d %s" % (email, r.status, r.body))
        return r


class Fixture:
    """A demo organisation in a temporary directory, and its server."""

    def __init__(self, size=160, args=()):
        self.dir = tempfile.mkdtemp(prefix="tandem-api-")
        self.db = testdb(os.path.join(self.dir, "tandem.db"))
        out = tandem(self.db, "demo", "--size", str(size)).stdout
        # The demo prints its web accounts: "  ROLE  EMAIL  NAME".
        self.email = dict(re.findall(
            r"^  (manager|sponsor|mentor|mentee|coach) +(\S+@\S+)", out,
            re.M))
        self.args = list(args)
        self.server = Server(self.db, args=self.args)

    def client(self, email=None):
        c = Client(self.server)
        if email:
            c.login(email)
        return c

    def close(self):
        rc = self.server.stop() if self.server.proc.poll() is None else \
            self.server.proc.returncode
        log = self.server.logtext()
        shutil.rmtree(self.dir, ignore_errors=True)
        return rc, log

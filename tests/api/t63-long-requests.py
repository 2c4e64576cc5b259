#!/usr/bin/env python3
"""Very long request lines and headers (issue 14).  Tandem answers 414
and 431 itself, with its security headers, up to what libmicrohttpd
holds for a connection (64 KiB); beyond, libmicrohttpd answers with the
same status and closes, without them, and the server keeps serving.  In
production nginx stands in front: with contrib/nginx/tandem.conf a
request of over 64 KiB never reaches Tandem, and nginx's own refusal
carries the security headers.  That half runs when nginx and openssl are
installed, and is skipped otherwise."""
import os
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import time

from tandemapi import Server, Tap, tandem
import tandemapi  # noqa: E402

t = Tap()
tmp = tempfile.mkdtemp(prefix="tandem-t63-")
db = tandemapi.testdb(os.path.join(tmp, "tandem.db"))
tandem(db, "init")
srv = Server(db)


def raw(port, request, tls=False):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    if tls:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        ctx.set_alpn_protocols(["http/1.1"])
        s = ctx.wrap_socket(s, server_hostname="tandem.example.com")
    try:
        s.sendall(request)
    except (OSError, ssl.SSLError):
        pass
    data = b""
    while True:
        try:
            b = s.recv(65536)
        except (OSError, ssl.SSLError):
            break
        if not b:
            break
        data += b
    s.close()
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    status = int(head.split(" ", 2)[1]) if head.startswith("HTTP/") else 0
    return status, head


def secured(head, csp=True):
    return (("Content-Security-Policy: default-src 'self'" in head or
             not csp) and "X-Content-Type-Options: nosniff" in head and
            "X-Frame-Options: DENY" in head)


def long_uri(n):
    return (b"GET /" + b"a" * n + b" HTTP/1.1\r\nHost: tandem.example.com"
            b"\r\nConnection: close\r\n\r\n")


def long_headers(k):
    return (b"GET / HTTP/1.1\r\nHost: tandem.example.com\r\n"
            b"Connection: close\r\n" +
            b"".join(b"X-Filler-%d: %s\r\n" % (i, b"b" * 1000)
                     for i in range(k)) + b"\r\n")


# --- Tandem alone ------------------------------------------------------
st, head = raw(srv.port, long_uri(60000))
t.ok(st == 414 and secured(head), "a 60 kB URI: Tandem's 414, with the "
     "security headers", head)
st, head = raw(srv.port, long_headers(40))
t.ok(st == 431 and secured(head), "40 kB of headers: Tandem's 431, with "
     "the security headers", head)
st, head = raw(srv.port, long_uri(200000))
t.is_(st, 414, "a 200 kB URI: still 414 (libmicrohttpd's own answer)")
st, head = raw(srv.port, long_headers(200))
t.is_(st, 431, "200 kB of headers: still 431 (libmicrohttpd's own)")
st, head = raw(srv.port, b"GET /login HTTP/1.1\r\nHost: x\r\n"
               b"Connection: close\r\n\r\n")
t.ok(st == 200 and secured(head), "and the server goes on serving", head)

# --- Behind contrib/nginx/tandem.conf ----------------------------------
nginx = shutil.which("nginx") or (os.path.exists("/usr/sbin/nginx") and
                                  "/usr/sbin/nginx")
if not nginx or not shutil.which("openssl"):
    t.ok(True, "# SKIP nginx or openssl is not installed")
else:
    crt, key = os.path.join(tmp, "c.pem"), os.path.join(tmp, "k.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                    "-nodes", "-keyout", key, "-out", crt, "-days", "2",
                    "-subj", "/CN=tandem.example.com"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def free_port():
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        p = s.getsockname()[1]
        s.close()
        return p
    https, http = free_port(), free_port()
    here = os.path.dirname(os.path.abspath(__file__))
    conf = open(os.path.join(here, "..", "..", "contrib", "nginx",
                             "tandem.conf")).read()
    conf = conf.replace("127.0.0.1:8080", "127.0.0.1:%d" % srv.port)
    conf = re.sub(r"listen \[::\]:\d+[^;]*;", "", conf)
    conf = re.sub(r"listen 443 ssl http2;",
                  "listen 127.0.0.1:%d ssl;" % https, conf)
    conf = re.sub(r"listen 80;", "listen 127.0.0.1:%d;" % http, conf)
    conf = re.sub(r"ssl_certificate (\S+);", "ssl_certificate %s;" % crt,
                  conf)
    conf = re.sub(r"ssl_certificate_key (\S+);",
                  "ssl_certificate_key %s;" % key, conf)
    for d in ["body", "proxy", "fastcgi", "uwsgi", "scgi", "logs"]:
        os.makedirs(os.path.join(tmp, d), exist_ok=True)
    main = os.path.join(tmp, "nginx.conf")
    with open(main, "w") as f:
        f.write("""daemon off;
pid %(t)s/nginx.pid;
error_log %(t)s/logs/error.log;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path %(t)s/body;
	proxy_temp_path %(t)s/proxy;
	fastcgi_temp_path %(t)s/fastcgi;
	uwsgi_temp_path %(t)s/uwsgi;
	scgi_temp_path %(t)s/scgi;
%(conf)s
}
""" % {"t": tmp, "conf": conf})
    user = "" if os.geteuid() != 0 else "user root;\n"
    if user:
        with open(main) as f:
            body = f.read()
        with open(main, "w") as f:
            f.write(user + body)
    log = srv.logtext()
    logins, longs = log.count("GET /login"), log.count("GET /aaaa")
    ng = subprocess.Popen([nginx, "-p", tmp, "-c", main],
                          stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", https), 1).close()
            break
        except OSError:
            time.sleep(0.05)
    try:
        st, head = raw(https, b"GET /login HTTP/1.1\r\nHost: "
                       b"tandem.example.com\r\nConnection: close\r\n\r\n",
                       tls=True)
        t.ok(st == 200 and head.count("Strict-Transport-Security") == 1,
             "behind nginx: the login page, one HSTS header", head)
        st, head = raw(https, long_uri(200000), tls=True)
        t.ok(st == 414 and secured(head, csp=False) and
             "Strict-Transport-Security" in head,
             "behind nginx: a 200 kB URI is nginx's 414, with the "
             "security headers", head)
        st, head = raw(https, long_headers(200), tls=True)
        t.ok(st in (400, 431) and secured(head, csp=False) and
             "Strict-Transport-Security" in head,
             "behind nginx: 200 kB of headers are nginx's refusal, with "
             "the security headers", head)
        log = srv.logtext()
        t.ok(log.count("GET /login") == logins + 1 and
             log.count("GET /aaaa") == longs,
             "and the long ones never reached Tandem (its access log has "
             "one more login page, no more long URI)", log[-2000:])
    finally:
        ng.terminate()
        ng.wait(30)

t.is_(srv.stop(), 0, "the server stops cleanly")
shutil.rmtree(tmp, ignore_errors=True)
raise SystemExit(t.done())

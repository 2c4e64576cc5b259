"""A small OpenID provider that lies on purpose, for the sign-in suites.

It serves discovery, keys, an authorization endpoint that answers at
once (no login page) and a token endpoint whose ID token the test
shapes: its claims, its header, its algorithm and its signature, so
that each forged token Tandem must refuse can be made.  Keys are made
by Debian's openssl command (RSA 2048 and P-256) at start; signatures
too.  Standard library otherwise.
"""
import base64
import hashlib
import hmac
import http.server
import json
import os
import subprocess
import tempfile
import threading
import time
import urllib.parse


def b64u(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def openssl(*args, data=None):
    return subprocess.run(["openssl"] + list(args), input=data,
                          capture_output=True, check=True).stdout


class Key:
    """A signing key: an RSA (RS256) or P-256 (ES256) key pair."""

    def __init__(self, dir, kind, kid):
        self.kind = kind
        self.kid = kid
        self.pem = os.path.join(dir, kid + ".pem")
        if kind == "RSA":
            openssl("genpkey", "-algorithm", "RSA", "-pkeyopt",
                    "rsa_keygen_bits:2048", "-out", self.pem)
            mod = openssl("rsa", "-in", self.pem, "-noout", "-modulus")
            n = bytes.fromhex(mod.decode().strip().split("=", 1)[1])
            self.jwk = {"kty": "RSA", "kid": kid, "use": "sig",
                        "alg": "RS256", "n": b64u(n), "e": "AQAB"}
        else:
            openssl("genpkey", "-algorithm", "EC", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-out", self.pem)
            der = openssl("pkey", "-in", self.pem, "-pubout", "-outform",
                          "DER")
            pt = der[-65:]
            self.jwk = {"kty": "EC", "kid": kid, "use": "sig",
                        "alg": "ES256", "crv": "P-256",
                        "x": b64u(pt[1:33]), "y": b64u(pt[33:])}
        self.public_pem = openssl("pkey", "-in", self.pem, "-pubout")

    def sign(self, data):
        sig = openssl("dgst", "-sha256", "-sign", self.pem, data=data)
        if self.kind == "RSA":
            return sig
        return der_to_raw(sig)


def der_to_raw(der):
    """An ECDSA signature from DER (SEQUENCE of two INTEGERs) to r||s."""
    i = 2 if der[1] < 0x80 else 3
    out = b""
    for _ in range(2):
        assert der[i] == 0x02
        n = der[i + 1]
        v = der[i + 2:i + 2 + n].lstrip(b"\0")
        out += v.rjust(32, b"\0")
        i += 2 + n
    return out


class Provider:
    def __init__(self, client_id="tandem", secret="s3cret-for-tests"):
        self.dir = tempfile.mkdtemp(prefix="tandem-oidc-")
        self.client_id = client_id
        self.secret = secret
        self.keys = [Key(self.dir, "RSA", "rsa-1"),
                     Key(self.dir, "EC", "ec-1")]
        self.published = list(self.keys)
        self.codes = {}
        self.log = []
        # What the next token looks like; the test changes it.
        self.reset()
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                     self._handler())
        self.port = self.httpd.server_address[1]
        self.issuer = "http://127.0.0.1:%d" % self.port
        threading.Thread(target=self.httpd.serve_forever,
                         daemon=True).start()

    def reset(self):
        self.alg = "RS256"
        self.key = None          # None: the first key of the algorithm's
        self.claims = {}         # overrides; None removes a claim
        self.header = {}         # overrides of the JOSE header
        self.tamper = False      # flip a byte of the signature
        self.send_iss = None     # the iss parameter of the redirect

    def secret_file(self):
        p = os.path.join(self.dir, "secret")
        with open(p, "w") as f:
            f.write(self.secret + "\n")
        return p

    def add_key(self, kind, kid, publish=True):
        k = Key(self.dir, kind, kid)
        self.keys.append(k)
        if publish:
            self.published.append(k)
        return k

    def token(self, nonce):
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": self.client_id,
                  "sub": "user-1", "iat": now, "exp": now + 300,
                  "nonce": nonce, "email": "nobody@exemple.fr",
                  "email_verified": True}
        for k, v in self.claims.items():
            if v is None:
                claims.pop(k, None)
            else:
                claims[k] = v
        key = self.key
        if key is None and self.alg in ("RS256", "ES256"):
            kind = "RSA" if self.alg == "RS256" else "EC"
            key = [k for k in self.published if k.kind == kind][0]
        header = {"alg": self.alg, "typ": "JWT"}
        if key is not None:
            header["kid"] = key.kid
        header.update(self.header)
        signing = (b64u(json.dumps(header)) + "." +
                   b64u(json.dumps(claims))).encode("ascii")
        if self.alg == "none":
            sig = b""
        elif self.alg == "HS256":
            # The classic confusion: the public key as an HMAC secret.
            rsa = [k for k in self.keys if k.kind == "RSA"][0]
            sig = hmac.new(rsa.public_pem, signing, hashlib.sha256).digest()
        else:
            sig = key.sign(signing)
        if self.tamper:
            sig = bytes([sig[0] ^ 1]) + sig[1:]
        return signing.decode("ascii") + "." + b64u(sig)

    def _handler(self):
        prov = self

        class H(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def answer(self, status, obj=None, location=None):
                body = json.dumps(obj).encode() if obj is not None else b""
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                u = urllib.parse.urlsplit(self.path)
                q = dict(urllib.parse.parse_qsl(u.query))
                prov.log.append(("GET", u.path, q))
                if u.path == "/.well-known/openid-configuration":
                    i = prov.issuer
                    self.answer(200, {
                        "issuer": i,
                        "authorization_endpoint": i + "/auth",
                        "token_endpoint": i + "/token",
                        "jwks_uri": i + "/jwks",
                        "end_session_endpoint": i + "/logout",
                        "response_types_supported": ["code"],
                        "subject_types_supported": ["public"],
                        "id_token_signing_alg_values_supported":
                            ["RS256", "ES256"]})
                elif u.path == "/jwks":
                    self.answer(200, {"keys": [k.jwk for k in
                                               prov.published]})
                elif u.path == "/auth":
                    code = b64u(os.urandom(16))
                    prov.codes[code] = q
                    back = q["redirect_uri"] + "?" + urllib.parse.urlencode(
                        dict({"code": code, "state": q.get("state", "")},
                             **({"iss": prov.send_iss}
                                if prov.send_iss else {})))
                    self.answer(302, location=back)
                else:
                    self.answer(404, {"error": "not_found"})

            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                form = dict(urllib.parse.parse_qsl(
                    self.rfile.read(n).decode()))
                prov.log.append(("POST", self.path, form))
                auth = self.headers.get("Authorization", "")
                want = "Basic " + base64.b64encode(
                    (prov.client_id + ":" + prov.secret).encode()).decode()
                a = prov.codes.pop(form.get("code", ""), None)
                if auth != want or a is None:
                    self.answer(400, {"error": "invalid_grant"})
                    return
                ch = b64u(hashlib.sha256(
                    form.get("code_verifier", "").encode()).digest())
                if ch != a.get("code_challenge") or \
                        a.get("code_challenge_method") != "S256" or \
                        form.get("redirect_uri") != a.get("redirect_uri"):
                    self.answer(400, {"error": "invalid_grant",
                                      "error_description": "PKCE"})
                    return
                self.answer(200, {"access_token": "at", "token_type":
                                  "Bearer", "expires_in": 60,
                                  "id_token": prov.token(a["nonce"])})

        return H

    def close(self):
        self.httpd.shutdown()

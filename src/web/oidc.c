/*
 * OpenID Connect sign-in, the authorization code flow with PKCE
 * (RFC 7636), as a confidential client.
 *
 * The provider's discovery document and keys are fetched with libcurl
 * and kept; the keys are fetched again when a token names a key we do
 * not hold (the provider has rotated them).  An ID token is checked as
 * OpenID Connect Core 3.1.3.7 says, with libcjose for the signature:
 * only RS256 (RSA key) and ES256 (P-256 key) are accepted, so "none" and
 * HMAC keyed with the public key never reach a verifier.
 *
 * A sign-in in flight lives in the store (tdm_signin_pending_put(), so
 * that a restart or a second server finishes it) for ten minutes: its
 * state (as a hash), the hash of the browser's binding cookie, the nonce
 * and the PKCE verifier.  A state is used once; one from another browser (login
 * CSRF), replayed or unknown is refused.  The authorization response's
 * iss parameter (RFC 9207), when present, must be our provider's: the
 * mix-up defence.
 */
#include <cjose/cjose.h>
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tandem/tandem.h"
#include "serve.h"
#include "signin.h"

#define PENDING_TTL	600	/* seconds to come back from the provider */
#define FETCH_MAX	(1u << 20)	/* bytes of a provider's answer */
#define FETCH_TIMEOUT	10	/* seconds */
#define TOKEN_SIZE	44	/* 32 random bytes in base64url, NUL */
#define IAT_MAX_AGE	600	/* seconds an ID token may be old */

static const char *const codes[OIDC__MAX] = {
	[OIDC_OK] = "ok",
	[OIDC_OFF] = "not-configured",
	[OIDC_STATE] = "bad-state",
	[OIDC_PROVIDER_ERROR] = "provider-error",
	[OIDC_MIXUP] = "mix-up",
	[OIDC_UNREACHABLE] = "provider-unreachable",
	[OIDC_TOKEN] = "code-refused",
	[OIDC_MALFORMED] = "malformed-token",
	[OIDC_ALG] = "bad-algorithm",
	[OIDC_KEY] = "unknown-key",
	[OIDC_SIGNATURE] = "bad-signature",
	[OIDC_ISSUER] = "wrong-issuer",
	[OIDC_AUDIENCE] = "wrong-audience",
	[OIDC_EXPIRED] = "expired",
	[OIDC_NONCE] = "wrong-nonce",
	[OIDC_CLAIM] = "no-claim",
	[OIDC_UNVERIFIED] = "unverified-email",
};

const char *
oidc_code(enum oidc_fail f)
{
	return (unsigned)f < OIDC__MAX ? codes[f] : "unknown";
}

/* --- HTTP ------------------------------------------------------- */

struct fetched {
	char	*buf;
	size_t	 len;
	int	 over;
};

static size_t
on_data(char *p, size_t size, size_t n, void *arg)
{
	struct fetched	*f = arg;
	char		*nb;

	n *= size;
	if (f->len + n > FETCH_MAX) {
		f->over = 1;
		return 0;
	}
	if ((nb = realloc(f->buf, f->len + n + 1)) == NULL)
		return 0;
	f->buf = nb;
	memcpy(f->buf + f->len, p, n);
	f->len += n;
	f->buf[f->len] = '\0';
	return n;
}

/* Whether a URL may be fetched: https, or http on this machine. */
static int
url_allowed(const char *url)
{
	if (strncmp(url, "https://", 8) == 0)
		return 1;
	return strncmp(url, "http://127.0.0.1:", 17) == 0 ||
	    strncmp(url, "http://127.0.0.1/", 17) == 0 ||
	    strncmp(url, "http://localhost:", 17) == 0 ||
	    strncmp(url, "http://[::1]:", 13) == 0;
}

/*
 * GET url, or POST form to it (with HTTP Basic authentication as the
 * client when user is set): the JSON object answered, or NULL.  *status
 * receives the HTTP status.
 */
static json_t *
http_json(const char *url, const char *form, const char *user,
    const char *pass, const char *bearer, long *status)
{
	CURL		*c;
	struct curl_slist *hdr = NULL;
	struct fetched	 f = { NULL, 0, 0 };
	json_t		*v = NULL;
	CURLcode	 rc;

	*status = 0;
	if (url == NULL || !url_allowed(url) || (c = curl_easy_init()) == NULL)
		return NULL;
	hdr = curl_slist_append(hdr, "Accept: application/json");
	if (bearer != NULL) {
		char	 auth[4096];

		if (snprintf(auth, sizeof(auth), "Authorization: Bearer %s",
		    bearer) >= (int)sizeof(auth)) {
			curl_slist_free_all(hdr);
			curl_easy_cleanup(c);
			return NULL;
		}
		hdr = curl_slist_append(hdr, auth);
		sodium_memzero(auth, sizeof(auth));
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)FETCH_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &f);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "Tandem");
	if (form != NULL)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
	if (user != NULL) {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERNAME, user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, pass);
	}
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
		if (f.buf != NULL)
			v = json_loadb(f.buf, f.len, 0, NULL);
		if (v != NULL && !json_is_object(v)) {
			json_decref(v);
			v = NULL;
		}
	}
	curl_slist_free_all(hdr);
	curl_easy_cleanup(c);
	if (f.buf != NULL)
		sodium_memzero(f.buf, f.len);
	free(f.buf);
	return v;
}

int
oidc_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

/* --- The provider: discovery and keys --------------------------- */

static pthread_mutex_t	 provider_lock = PTHREAD_MUTEX_INITIALIZER;
static json_t		*discovery;	/* the document */
static json_t		*jwks;		/* {"keys": [...]} */

static const char *
disc_str(const char *key)
{
	json_t	*v = discovery ? json_object_get(discovery, key) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The discovery document, fetched once; under provider_lock. */
static int
discover(const struct signin_conf *c)
{
	char		 url[1024];
	json_t		*d;
	json_t		*iss;
	long		 status;
	size_t		 n = strlen(c->issuer);

	if (discovery != NULL)
		return 0;
	snprintf(url, sizeof(url), "%s%s.well-known/openid-configuration",
	    c->issuer, n > 0 && c->issuer[n - 1] == '/' ? "" : "/");
	if ((d = http_json(url, NULL, NULL, NULL, NULL, &status)) == NULL)
		return -1;
	iss = json_object_get(d, "issuer");
	/* The document must be the issuer's own (Discovery 4.3). */
	if (status != 200 || !json_is_string(iss) ||
	    strcmp(json_string_value(iss), c->issuer) != 0) {
		json_decref(d);
		return -1;
	}
	discovery = d;
	return 0;
}

/* Fetch the keys again; under provider_lock. */
static int
fetch_keys(void)
{
	json_t	*k;
	long	 status;

	if ((k = http_json(disc_str("jwks_uri"), NULL, NULL, NULL,
	    NULL, &status)) == NULL)
		return -1;
	if (status != 200 || !json_is_array(json_object_get(k, "keys"))) {
		json_decref(k);
		return -1;
	}
	json_decref(jwks);
	jwks = k;
	return 0;
}

/*
 * The provider's key for a token: by kid, of the type the algorithm
 * needs, a signing key.  A new reference, or NULL.
 */
static cjose_jwk_t *
key_for(const char *kid, int ec)
{
	json_t		*keys = jwks ? json_object_get(jwks, "keys") : NULL;
	json_t		*k, *v;
	cjose_jwk_t	*jwk;
	cjose_err	 err;
	const char	*want = ec ? "EC" : "RSA";
	size_t		 i;

	json_array_foreach(keys, i, k) {
		if (!json_is_object(k))
			continue;
		v = json_object_get(k, "kty");
		if (!json_is_string(v) ||
		    strcmp(json_string_value(v), want) != 0)
			continue;
		v = json_object_get(k, "use");
		if (v != NULL && (!json_is_string(v) ||
		    strcmp(json_string_value(v), "sig") != 0))
			continue;
		v = json_object_get(k, "kid");
		if (kid != NULL && (!json_is_string(v) ||
		    strcmp(json_string_value(v), kid) != 0))
			continue;
		if (ec) {
			v = json_object_get(k, "crv");
			if (!json_is_string(v) ||
			    strcmp(json_string_value(v), "P-256") != 0)
				continue;
		}
		if ((jwk = cjose_jwk_import_json(k, &err)) == NULL)
			continue;
		if (cjose_jwk_get_kty(jwk, &err) != (ec ? CJOSE_JWK_KTY_EC :
		    CJOSE_JWK_KTY_RSA)) {
			cjose_jwk_release(jwk);
			continue;
		}
		return jwk;
	}
	return NULL;
}

/* --- Sign-ins in flight ----------------------------------------- */

static void
random_token(char out[TOKEN_SIZE])
{
	unsigned char	 raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, TOKEN_SIZE, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

/* BLAKE2b of the binding cookie's value, in hex. */
static void
binding_hash(const char *binding, char hex[65])
{
	unsigned char	 h[32];

	crypto_generichash(h, 32, (const unsigned char *)binding,
	    strlen(binding), NULL, 0);
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

static char *
escape(const char *s)
{
	return curl_easy_escape(NULL, s, 0);
}

enum oidc_fail
oidc_begin(const struct signin_conf *c, struct tdm_store *st,
    const char *binding, const char *back, char **url)
{
	struct tdm_signin_pending pp, *p = &pp;
	unsigned char	 digest[crypto_hash_sha256_BYTES];
	char		 challenge[TOKEN_SIZE], state[TOKEN_SIZE], *e[5];
	const char	*authz;
	size_t		 i, len;
	int		 ok;

	*url = NULL;
	if (c == NULL || c->issuer == NULL)
		return OIDC_OFF;
	pthread_mutex_lock(&provider_lock);
	ok = discover(c) == 0;
	authz = ok ? disc_str("authorization_endpoint") : NULL;
	authz = authz != NULL ? strdup(authz) : NULL;
	pthread_mutex_unlock(&provider_lock);
	if (authz == NULL || !url_allowed(authz)) {
		free((char *)authz);
		return OIDC_UNREACHABLE;
	}
	memset(p, 0, sizeof(*p));
	random_token(state);
	random_token(p->nonce);
	random_token(p->verifier);
	binding_hash(binding, p->binding);
	snprintf(p->back, sizeof(p->back), "%s", back);
	crypto_hash_sha256(digest, (const unsigned char *)p->verifier,
	    strlen(p->verifier));
	sodium_bin2base64(challenge, sizeof(challenge), digest,
	    sizeof(digest), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	/* A store that cannot keep it: no sign-in to begin. */
	if (tdm_signin_pending_put(st, state, p, PENDING_TTL) != TDM_OK) {
		sodium_memzero(p, sizeof(*p));
		free((char *)authz);
		return OIDC_UNREACHABLE;
	}
	e[0] = escape(c->client_id);
	e[1] = escape(c->redirect_uri);
	e[2] = escape(c->scope);
	e[3] = escape(state);
	e[4] = escape(p->nonce);
	sodium_memzero(p->verifier, sizeof(p->verifier));
	len = strlen(authz) + 512;
	for (i = 0; i < 5; i++)
		len += e[i] ? strlen(e[i]) : 0;
	if (e[0] && e[1] && e[2] && e[3] && e[4] &&
	    (*url = malloc(len)) != NULL)
		snprintf(*url, len, "%s%sresponse_type=code&client_id=%s&"
		    "redirect_uri=%s&scope=%s&state=%s&nonce=%s&"
		    "code_challenge=%s&code_challenge_method=S256", authz,
		    strchr(authz, '?') ? "&" : "?", e[0], e[1], e[2], e[3],
		    e[4], challenge);
	for (i = 0; i < 5; i++)
		curl_free(e[i]);
	free((char *)authz);
	return *url != NULL ? OIDC_OK : OIDC_UNREACHABLE;
}

/*
 * Take the sign-in in flight for state and binding out of the store:
 * used once, whoever comes with it, and only this browser's.
 */
static int
pending_take(struct tdm_store *st, const char *state, const char *binding,
    struct tdm_signin_pending *out)
{
	char	 h[65];

	if (strlen(state) != TOKEN_SIZE - 1 || binding == NULL)
		return 0;
	if (tdm_signin_pending_take(st, state, out) != TDM_OK)
		return 0;
	binding_hash(binding, h);
	if (strlen(out->binding) != 64 ||
	    sodium_memcmp(out->binding, h, 64) != 0) {
		sodium_memzero(out, sizeof(*out));
		return 0;
	}
	return 1;
}

/* --- The ID token ----------------------------------------------- */

static int
audience_ok(json_t *claims, const char *client_id)
{
	json_t	*aud = json_object_get(claims, "aud"), *v, *azp;
	size_t	 i, n;
	int	 found = 0;

	if (json_is_string(aud))
		return strcmp(json_string_value(aud), client_id) == 0;
	if (!json_is_array(aud) || (n = json_array_size(aud)) == 0)
		return 0;
	json_array_foreach(aud, i, v)
		if (json_is_string(v) &&
		    strcmp(json_string_value(v), client_id) == 0)
			found = 1;
	if (!found)
		return 0;
	/* Several audiences: the token must have been issued to us. */
	azp = json_object_get(claims, "azp");
	if (n > 1 || azp != NULL)
		return json_is_string(azp) &&
		    strcmp(json_string_value(azp), client_id) == 0;
	return 1;
}

static int
number(json_t *claims, const char *key, json_int_t *out)
{
	json_t	*v = json_object_get(claims, key);

	if (json_is_integer(v))
		*out = json_integer_value(v);
	else if (json_is_real(v))
		*out = (json_int_t)json_real_value(v);
	else
		return 0;
	return 1;
}

static enum oidc_fail	 who_from(const struct signin_conf *, json_t *,
			    char **);

/* The claims' checks once the signature holds (3.1.3.7, 2 to 11). */
static enum oidc_fail
claims_check(const struct signin_conf *c, json_t *claims, const char *nonce,
    time_t now, char **who)
{
	json_t		*v;
	json_int_t	 exp, iat;

	v = json_object_get(claims, "iss");
	if (!json_is_string(v) || strcmp(json_string_value(v), c->issuer) != 0)
		return OIDC_ISSUER;
	if (!audience_ok(claims, c->client_id))
		return OIDC_AUDIENCE;
	if (!number(claims, "exp", &exp) || !number(claims, "iat", &iat) ||
	    exp + c->skew < now || iat - c->skew > now ||
	    iat + IAT_MAX_AGE + c->skew < now)
		return OIDC_EXPIRED;
	v = json_object_get(claims, "nonce");
	if (!json_is_string(v) || strlen(json_string_value(v)) !=
	    strlen(nonce) || sodium_memcmp(json_string_value(v), nonce,
	    strlen(nonce)) != 0)
		return OIDC_NONCE;
	v = json_object_get(claims, "sub");
	if (!json_is_string(v) || *json_string_value(v) == '\0')
		return OIDC_MALFORMED;
	return who_from(c, claims, who);
}

/*
 * The claim naming the person, from the ID token or the UserInfo
 * answer: OIDC_CLAIM when it is not there.
 */
static enum oidc_fail
who_from(const struct signin_conf *c, json_t *claims, char **who)
{
	json_t	*v;

	v = json_object_get(claims, c->claim);
	if (!json_is_string(v) || *json_string_value(v) == '\0')
		return OIDC_CLAIM;
	if (c->claim_by == SIGNIN_BY_EMAIL) {
		json_t	*ev = json_object_get(claims, "email_verified");

		/* Some providers send the boolean as a string. */
		if (json_is_false(ev) || (json_is_string(ev) &&
		    strcmp(json_string_value(ev), "true") != 0))
			return OIDC_UNVERIFIED;
		if (c->verified_only && !json_is_true(ev) &&
		    !(json_is_string(ev) &&
		    strcmp(json_string_value(ev), "true") == 0))
			return OIDC_UNVERIFIED;
	}
	if ((*who = strdup(json_string_value(v))) == NULL)
		return OIDC_CLAIM;
	return OIDC_OK;
}

enum oidc_fail
oidc_check_token(const struct signin_conf *c, const char *jwt,
    const char *nonce, time_t now, char **who, json_t **claims_out)
{
	cjose_jws_t	*jws;
	cjose_jwk_t	*jwk = NULL;
	cjose_err	 err;
	json_t		*hdr, *claims = NULL, *v;
	const char	*alg, *kid = NULL;
	uint8_t		*plain = NULL;
	size_t		 plainlen = 0;
	enum oidc_fail	 f;
	int		 ec;

	*who = NULL;
	if (jwt == NULL || strchr(jwt, '.') == NULL ||
	    (jws = cjose_jws_import(jwt, strlen(jwt), &err)) == NULL)
		return OIDC_MALFORMED;
	hdr = cjose_jws_get_protected(jws);
	v = hdr ? json_object_get(hdr, "alg") : NULL;
	alg = json_is_string(v) ? json_string_value(v) : "";
	/* Only these two: never "none", never HS256 with a public key. */
	if (strcmp(alg, "RS256") == 0)
		ec = 0;
	else if (strcmp(alg, "ES256") == 0)
		ec = 1;
	else {
		f = OIDC_ALG;
		goto out;
	}
	v = json_object_get(hdr, "kid");
	if (v != NULL) {
		if (!json_is_string(v)) {
			f = OIDC_MALFORMED;
			goto out;
		}
		kid = json_string_value(v);
	}
	pthread_mutex_lock(&provider_lock);
	if (discover(c) == 0 && (jwks != NULL || fetch_keys() == 0) &&
	    (jwk = key_for(kid, ec)) == NULL && fetch_keys() == 0)
		/* A key we do not know: the provider may have rotated. */
		jwk = key_for(kid, ec);
	pthread_mutex_unlock(&provider_lock);
	if (jwk == NULL) {
		f = OIDC_KEY;
		goto out;
	}
	if (!cjose_jws_verify(jws, jwk, &err)) {
		f = OIDC_SIGNATURE;
		goto out;
	}
	if (!cjose_jws_get_plaintext(jws, &plain, &plainlen, &err) ||
	    (claims = json_loadb((const char *)plain, plainlen, 0,
	    NULL)) == NULL || !json_is_object(claims)) {
		f = OIDC_MALFORMED;
		goto out;
	}
	f = claims_check(c, claims, nonce, now, who);
	if (f == OIDC_CLAIM && claims_out != NULL) {
		*claims_out = claims;
		claims = NULL;
	}
out:
	json_decref(claims);
	if (jwk != NULL)
		cjose_jwk_release(jwk);
	cjose_jws_release(jws);
	return f;
}

/* The claim naming the person from the UserInfo endpoint. */
static enum oidc_fail
userinfo(const struct signin_conf *c, json_t *claims, const char *access,
    char **who)
{
	json_t		*ui, *sub;
	char		*url;
	long		 status;
	enum oidc_fail	 f = OIDC_CLAIM;

	if (access == NULL)
		return OIDC_CLAIM;
	pthread_mutex_lock(&provider_lock);
	url = disc_str("userinfo_endpoint") ?
	    strdup(disc_str("userinfo_endpoint")) : NULL;
	pthread_mutex_unlock(&provider_lock);
	if (url == NULL)
		return OIDC_CLAIM;
	ui = http_json(url, NULL, NULL, NULL, access, &status);
	free(url);
	if (ui == NULL || status != 200) {
		json_decref(ui);
		return OIDC_UNREACHABLE;
	}
	sub = json_object_get(ui, "sub");
	if (json_is_string(sub) && json_equal(sub,
	    json_object_get(claims, "sub")))
		f = who_from(c, ui, who);
	json_decref(ui);
	return f;
}

enum oidc_fail
oidc_finish(const struct signin_conf *c, struct tdm_store *st,
    const char *binding, const char *state, const char *code,
    const char *iss, const char *error, time_t now, char **who, char **back)
{
	struct tdm_signin_pending p;
	json_t		*tok, *claims = NULL;
	char		*form = NULL, *e[3] = { NULL, NULL, NULL };
	char		*user = NULL, *pass = NULL, *endpoint = NULL;
	const char	*jwt;
	long		 status = 0;
	size_t		 len;
	enum oidc_fail	 f;

	*who = *back = NULL;
	if (c == NULL || c->issuer == NULL)
		return OIDC_OFF;
	if (state == NULL || !pending_take(st, state, binding, &p))
		return OIDC_STATE;
	if (iss != NULL && strcmp(iss, c->issuer) != 0) {
		f = OIDC_MIXUP;
		goto out;
	}
	if (error != NULL || code == NULL) {
		f = OIDC_PROVIDER_ERROR;
		goto out;
	}
	pthread_mutex_lock(&provider_lock);
	f = discover(c) == 0 && disc_str("token_endpoint") != NULL ?
	    OIDC_OK : OIDC_UNREACHABLE;
	if (f == OIDC_OK) {
		/* A provider that says it sends iss must send it (9207). */
		if (iss == NULL && json_is_true(json_object_get(discovery,
		    "authorization_response_iss_parameter_supported")))
			f = OIDC_MIXUP;
		endpoint = strdup(disc_str("token_endpoint"));
	}
	pthread_mutex_unlock(&provider_lock);
	if (f != OIDC_OK || endpoint == NULL) {
		f = f != OIDC_OK ? f : OIDC_UNREACHABLE;
		goto out;
	}
	e[0] = escape(code);
	e[1] = escape(c->redirect_uri);
	e[2] = escape(p.verifier);
	/* Basic authentication form-encodes id and secret (6749 2.3.1). */
	user = escape(c->client_id);
	pass = escape(c->client_secret);
	f = OIDC_UNREACHABLE;
	if (!e[0] || !e[1] || !e[2] || !user || !pass)
		goto out;
	len = strlen(e[0]) + strlen(e[1]) + strlen(e[2]) + 128;
	if ((form = malloc(len)) == NULL)
		goto out;
	snprintf(form, len, "grant_type=authorization_code&code=%s&"
	    "redirect_uri=%s&code_verifier=%s", e[0], e[1], e[2]);
	if ((tok = http_json(endpoint, form, user, pass, NULL,
	    &status)) == NULL)
		goto out;
	jwt = json_string_value(json_object_get(tok, "id_token"));
	if (status != 200 || jwt == NULL)
		f = OIDC_TOKEN;
	else
		f = oidc_check_token(c, jwt, p.nonce, now, who, &claims);
	/*
	 * Many providers keep the profile's claims out of the ID token when
	 * an access token comes with it (Core 5.4): ask UserInfo, whose
	 * answer must be about the same subject (5.3.2).
	 */
	if (f == OIDC_CLAIM && claims != NULL)
		f = userinfo(c, claims, json_string_value(json_object_get(tok,
		    "access_token")), who);
	json_decref(claims);
	json_decref(tok);
	if (f == OIDC_OK && (*back = strdup(p.back)) == NULL) {
		free(*who);
		*who = NULL;
		f = OIDC_UNREACHABLE;
	}
out:
	sodium_memzero(&p, sizeof(p));
	curl_free(e[0]);
	curl_free(e[1]);
	curl_free(e[2]);
	curl_free(user);
	if (pass != NULL)
		sodium_memzero(pass, strlen(pass));
	curl_free(pass);
	free(form);
	free(endpoint);
	return f;
}

char *
oidc_end_session_url(const struct signin_conf *c)
{
	const char	*end;
	char		*url = NULL, *e[2] = { NULL, NULL };
	size_t		 len;

	if (c == NULL || c->issuer == NULL)
		return NULL;
	pthread_mutex_lock(&provider_lock);
	end = discover(c) == 0 ? disc_str("end_session_endpoint") : NULL;
	if (end != NULL && url_allowed(end)) {
		e[0] = escape(c->client_id);
		e[1] = c->logout_redirect ? escape(c->logout_redirect) : NULL;
		len = strlen(end) + (e[0] ? strlen(e[0]) : 0) +
		    (e[1] ? strlen(e[1]) : 0) + 64;
		if (e[0] != NULL && (url = malloc(len)) != NULL)
			snprintf(url, len, "%s%sclient_id=%s%s%s", end,
			    strchr(end, '?') ? "&" : "?", e[0],
			    e[1] ? "&post_logout_redirect_uri=" : "",
			    e[1] ? e[1] : "");
	}
	pthread_mutex_unlock(&provider_lock);
	curl_free(e[0]);
	curl_free(e[1]);
	return url;
}

/*
 * Company sign-in (issue 14): the configuration file of "tandem serve
 * --config FILE" (config.c), the trusted proxies, OpenID Connect
 * (oidc.c) and the proxy's header (page_account.c).
 */
#ifndef TANDEM_SIGNIN_H
#define TANDEM_SIGNIN_H

#include <stddef.h>
#include <time.h>

struct json_t;
struct req;
struct serve_opts;
struct tdm_store;

/* What names the person: their e-mail, or their matricule. */
enum signin_by {
	SIGNIN_BY_EMAIL,
	SIGNIN_BY_MATRICULE,
};

/* The settings of sign-in, from the configuration file. */
struct signin_conf {
	/* OpenID Connect: on when issuer is set. */
	char		*issuer;	/* exactly as the provider's "iss" */
	char		*client_id;
	char		*client_secret;	/* read from client-secret-file */
	char		*redirect_uri;	/* .../login/oidc/callback */
	char		*scope;		/* "openid email profile" */
	char		*claim;		/* "email" */
	enum signin_by	 claim_by;
	int		 verified_only;	/* email_verified must be true */
	int		 skew;		/* seconds of clock skew allowed */
	char		*logout_redirect; /* after the provider's sign-out */
	char		*label;		/* the button's label */

	/* The proxy's header: on when header is set. */
	char		*proxy_header;	/* "X-Remote-User" */
	enum signin_by	 proxy_by;

	/* Local passwords for employees other than admins. */
	int		 employee_passwords;
};

/*
 * Read a configuration file into o (its trusted proxies and its sign-in
 * settings).  Prints "FILE:LINE: what is wrong" and returns -1 on the
 * first error, 0 otherwise.
 */
int		 config_load(const char *path, struct serve_opts *o);
/* Free what config_load() kept (the secret wiped first). */
void		 config_free(struct serve_opts *o);

/* Add a trusted proxy, "ADDR" or "ADDR/BITS": 0, or -1 if not one. */
int		 config_add_proxy(struct serve_opts *o, const char *addr);

/* Check what the options need together: 0, or -1 after printing why. */
int		 config_check(struct serve_opts *o);

/* Whether a numeric address is one of the trusted proxies. */
int		 proxy_trusted(const struct serve_opts *o, const char *addr);

/* The running server's options (server.c): NULL before web_serve(). */
const struct serve_opts *serve_options(void);

/* --- OpenID Connect (oidc.c) ------------------------------------- */

/* Ready the HTTP client: 0, or -1. */
int		 oidc_init(void);

/*
 * Why a sign-in was refused: one code per cause, recorded in the audit
 * log, and one message for the person (oidc_message()).
 */
enum oidc_fail {
	OIDC_OK,
	OIDC_OFF,		/* not configured */
	OIDC_STATE,		/* missing, unknown, replayed, other browser */
	OIDC_PROVIDER_ERROR,	/* the provider answered error= */
	OIDC_MIXUP,		/* iss parameter of another provider */
	OIDC_UNREACHABLE,	/* discovery, keys or token endpoint */
	OIDC_TOKEN,		/* the token endpoint refused the code */
	OIDC_MALFORMED,		/* not a signed JWT */
	OIDC_ALG,		/* alg none, HMAC, or another */
	OIDC_KEY,		/* no key of the provider for it */
	OIDC_SIGNATURE,
	OIDC_ISSUER,
	OIDC_AUDIENCE,
	OIDC_EXPIRED,		/* exp past, or iat in the future */
	OIDC_NONCE,
	OIDC_CLAIM,		/* the configured claim is missing */
	OIDC_UNVERIFIED,	/* email_verified false */
	OIDC__MAX
};

/* The short code of a failure for the audit log: "wrong-issuer". */
const char	*oidc_code(enum oidc_fail);

/*
 * Begin a sign-in: remember state, nonce and PKCE verifier for this
 * browser (binding, the value of its cookie) and write the provider's
 * authorization URL into *url (malloc'd).  back is where to go after,
 * a path of this server already checked.
 */
enum oidc_fail	 oidc_begin(const struct signin_conf *, struct tdm_store *,
		    const char *binding, const char *back, char **url);

/*
 * Finish a sign-in at the callback: check state against the browser's
 * binding (once only), exchange the code with the verifier, check the
 * ID token (OpenID Connect Core 3.1.3.7) and write the claim naming the
 * person into who (malloc'd) and the return path into *back.  now is
 * the clock the checks use.
 */
enum oidc_fail	 oidc_finish(const struct signin_conf *, struct tdm_store *,
		    const char *binding, const char *state, const char *code,
		    const char *iss, const char *error, time_t now, char **who,
		    char **back);

/*
 * Check a compact ID token against the provider's keys and the rules
 * (oidc_finish() calls it).  When all holds but the claim naming the
 * person is missing (OIDC_CLAIM), *claims receives the verified claims,
 * for a look-up at the UserInfo endpoint.
 */
enum oidc_fail	 oidc_check_token(const struct signin_conf *,
		    const char *jwt, const char *nonce, time_t now,
		    char **who, struct json_t **claims);

/* The provider's end-session endpoint, or NULL (malloc'd). */
char		*oidc_end_session_url(const struct signin_conf *);

#endif

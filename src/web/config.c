/*
 * The configuration file of "tandem serve --config FILE": one setting
 * per line, "key = value", '#' starting a comment.  The client secret
 * is never in the file itself but in the file it names, readable by
 * the server alone.  Every key is in docs/deploy.md and tandem(1).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "serve.h"
#include "signin.h"

int
config_add_proxy(struct serve_opts *o, const char *spec)
{
	struct trusted_proxy	*p;
	char			 buf[64], *slash, *end;
	long			 bits = -1;

	if (o->ntrusted_proxy == TRUSTED_PROXY_MAX ||
	    snprintf(buf, sizeof(buf), "%s", spec) >= (int)sizeof(buf))
		return -1;
	p = &o->trusted_proxy[o->ntrusted_proxy];
	if ((slash = strchr(buf, '/')) != NULL) {
		*slash++ = '\0';
		bits = strtol(slash, &end, 10);
		if (*slash == '\0' || *end != '\0' || bits < 0)
			return -1;
	}
	memset(p, 0, sizeof(*p));
	if (inet_pton(AF_INET, buf, p->addr) == 1) {
		p->family = AF_INET;
		p->bits = bits < 0 ? 32 : (int)bits;
		if (bits > 32)
			return -1;
	} else if (inet_pton(AF_INET6, buf, p->addr) == 1) {
		p->family = AF_INET6;
		p->bits = bits < 0 ? 128 : (int)bits;
		if (bits > 128)
			return -1;
	} else
		return -1;
	o->ntrusted_proxy++;
	return 0;
}

static int
prefix_equal(const unsigned char *a, const unsigned char *b, int bits)
{
	int	 bytes = bits / 8, rest = bits % 8;

	if (memcmp(a, b, (size_t)bytes) != 0)
		return 0;
	return rest == 0 ||
	    ((a[bytes] ^ b[bytes]) & (0xff << (8 - rest)) & 0xff) == 0;
}

int
proxy_trusted(const struct serve_opts *o, const char *addr)
{
	unsigned char	 a[16];
	int		 family;
	size_t		 i;

	if (o == NULL || addr == NULL)
		return 0;
	if (inet_pton(AF_INET, addr, a) == 1)
		family = AF_INET;
	else if (inet_pton(AF_INET6, addr, a) == 1) {
		family = AF_INET6;
		/* An IPv4 peer on an IPv6 socket: ::ffff:a.b.c.d. */
		if (memcmp(a, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0) {
			memmove(a, a + 12, 4);
			family = AF_INET;
		}
	} else
		return 0;
	for (i = 0; i < o->ntrusted_proxy; i++)
		if (o->trusted_proxy[i].family == family &&
		    prefix_equal(o->trusted_proxy[i].addr, a,
		    o->trusted_proxy[i].bits))
			return 1;
	return 0;
}

/* The first line of a file, without its end of line; NULL if none. */
static char *
read_secret(const char *path)
{
	FILE	*f;
	char	 buf[1024];
	size_t	 n;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	if (fgets(buf, sizeof(buf), f) == NULL) {
		fclose(f);
		return NULL;
	}
	fclose(f);
	n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	return n > 0 ? strdup(buf) : NULL;
}

static int
set_str(char **slot, const char *value)
{
	free(*slot);
	return (*slot = strdup(value)) != NULL ? 0 : -1;
}

static int
set_by(enum signin_by *slot, const char *value)
{
	if (strcmp(value, "email") == 0)
		*slot = SIGNIN_BY_EMAIL;
	else if (strcmp(value, "matricule") == 0)
		*slot = SIGNIN_BY_MATRICULE;
	else
		return -1;
	return 0;
}

static int
set_bool(int *slot, const char *value)
{
	if (strcmp(value, "yes") == 0)
		*slot = 1;
	else if (strcmp(value, "no") == 0)
		*slot = 0;
	else
		return -1;
	return 0;
}

static struct signin_conf *
conf_new(void)
{
	struct signin_conf	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->claim_by = SIGNIN_BY_EMAIL;
	c->proxy_by = SIGNIN_BY_EMAIL;
	c->skew = 120;
	c->employee_passwords = 1;
	return c;
}

/* One "key = value": 0, or -1 with why in *why. */
static int
setting(struct serve_opts *o, const char *key, const char *value,
    const char **why)
{
	struct signin_conf	*c = o->signin;
	char			*end;
	long			 n;

	*why = "wrong value";
	if (strcmp(key, "trusted-proxy") == 0) {
		*why = "not an address (such as 127.0.0.1 or 10.0.0.0/8), "
		    "or too many";
		return config_add_proxy(o, value);
	}
	if (strcmp(key, "oidc-issuer") == 0)
		return set_str(&c->issuer, value);
	if (strcmp(key, "oidc-client-id") == 0)
		return set_str(&c->client_id, value);
	if (strcmp(key, "oidc-client-secret-file") == 0) {
		char		 path[4096];
		const char	*cred = getenv("CREDENTIALS_DIRECTORY");

		/* systemd's LoadCredential= puts it where this says. */
		if (strncmp(value, "$CREDENTIALS_DIRECTORY/", 23) == 0) {
			*why = "$CREDENTIALS_DIRECTORY is not set (see "
			    "LoadCredential= in tandem.service)";
			if (cred == NULL)
				return -1;
			snprintf(path, sizeof(path), "%s/%s", cred,
			    value + 23);
		} else
			snprintf(path, sizeof(path), "%s", value);
		*why = "cannot read the secret's first line from this file";
		free(c->client_secret);
		return (c->client_secret = read_secret(path)) ? 0 : -1;
	}
	if (strcmp(key, "oidc-redirect-uri") == 0)
		return set_str(&c->redirect_uri, value);
	if (strcmp(key, "oidc-scope") == 0)
		return set_str(&c->scope, value);
	if (strcmp(key, "oidc-claim") == 0)
		return set_str(&c->claim, value);
	if (strcmp(key, "oidc-claim-is") == 0) {
		*why = "email or matricule";
		return set_by(&c->claim_by, value);
	}
	if (strcmp(key, "oidc-email-verified") == 0) {
		*why = "yes (email_verified must be true) or no (refused "
		    "only when false)";
		return set_bool(&c->verified_only, value);
	}
	if (strcmp(key, "oidc-clock-skew") == 0) {
		*why = "seconds, 0 to 600";
		n = strtol(value, &end, 10);
		if (*end != '\0' || n < 0 || n > 600)
			return -1;
		c->skew = (int)n;
		return 0;
	}
	if (strcmp(key, "oidc-post-logout-redirect-uri") == 0)
		return set_str(&c->logout_redirect, value);
	if (strcmp(key, "oidc-button") == 0)
		return set_str(&c->label, value);
	if (strcmp(key, "proxy-header") == 0)
		return set_str(&c->proxy_header, value);
	if (strcmp(key, "proxy-header-is") == 0) {
		*why = "email or matricule";
		return set_by(&c->proxy_by, value);
	}
	if (strcmp(key, "employee-passwords") == 0) {
		*why = "yes or no";
		return set_bool(&c->employee_passwords, value);
	}
	*why = "unknown setting (see tandem(1), FILES)";
	return -1;
}

static char *
trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
config_load(const char *path, struct serve_opts *o)
{
	FILE		*f;
	char		 line[2048], *key, *value, *eq;
	const char	*why;
	int		 lineno = 0, rc = 0;

	if (o->signin == NULL && (o->signin = conf_new()) == NULL)
		return -1;
	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "tandem: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			fprintf(stderr, "%s:%d: line too long\n", path,
			    lineno);
			rc = -1;
			break;
		}
		key = trim(line);
		if (*key == '\0' || *key == '#')
			continue;
		if ((eq = strchr(key, '=')) == NULL) {
			fprintf(stderr, "%s:%d: not \"key = value\"\n", path,
			    lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		key = trim(key);
		value = trim(eq + 1);
		if (setting(o, key, value, &why) != 0) {
			fprintf(stderr, "%s:%d: %s: %s\n", path, lineno, key,
			    why);
			rc = -1;
			break;
		}
	}
	fclose(f);
	return rc;
}

void
config_free(struct serve_opts *o)
{
	struct signin_conf	*c = o->signin;

	if (c == NULL)
		return;
	if (c->client_secret != NULL)
		explicit_bzero(c->client_secret, strlen(c->client_secret));
	free(c->issuer);
	free(c->client_id);
	free(c->client_secret);
	free(c->redirect_uri);
	free(c->scope);
	free(c->claim);
	free(c->logout_redirect);
	free(c->label);
	free(c->proxy_header);
	free(c);
	o->signin = NULL;
}

int
config_check(struct serve_opts *o)
{
	struct signin_conf	*c = o->signin;

	if (c == NULL)
		return 0;
	if (c->issuer != NULL) {
		if (c->client_id == NULL || c->client_secret == NULL ||
		    c->redirect_uri == NULL) {
			fprintf(stderr, "tandem: serve: oidc-issuer needs "
			    "oidc-client-id, oidc-client-secret-file and "
			    "oidc-redirect-uri\n");
			return -1;
		}
		if (c->scope == NULL && set_str(&c->scope,
		    "openid email profile") != 0)
			return -1;
		if (c->claim == NULL && set_str(&c->claim,
		    c->claim_by == SIGNIN_BY_EMAIL ? "email" :
		    "employee_number") != 0)
			return -1;
	}
	if (c->proxy_header != NULL && o->ntrusted_proxy == 0) {
		fprintf(stderr, "tandem: serve: proxy-header needs at least "
		    "one trusted-proxy: the header is believed from no one "
		    "else\n");
		return -1;
	}
	return 0;
}

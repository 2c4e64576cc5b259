/*
 * tandem serve: libmicrohttpd with a thread pool, one SQLite connection
 * per worker thread, a body size limit, timeouts, an access log, the
 * security headers on every answer, and a clean stop on SIGTERM: the
 * server stops accepting, lets the requests in flight finish, then
 * closes.  Sessions and CSRF are checked here, before any handler runs;
 * what a signed-in person may do is decided by libtandem.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "web.h"
#include "handlers.h"
#include "signin.h"
#include "throttle.h"
#include "tandem/signin_limit.h"

#define CONN_TIMEOUT	30	/* seconds of silence before closing */
#define CONN_LIMIT	4000
#define STOP_GRACE	10	/* seconds for requests in flight */
#define OPEN_GRACE	1	/* for connections whose request is unread */
#define STORES_MAX	256
#define SIGNIN_PER_MINUTE 120	/* attempts per client address */
#define FAILURES_MAX	5	/* wrong passwords per address and e-mail */
#define FAILURES_WINDOW	900	/* seconds */
#define UPLOADS_MAX	(64u << 20) /* bytes of bodies held, all requests */
#define URI_MAX		8192	/* longer: 414, with our headers */
#define HEADERS_MAX	(24u << 10) /* more: 431, with our headers */
#define HOST_COOKIE	"__Host-" SESSION_COOKIE

/* Every answer carries these: no inline script or style, no framing. */
static const char csp_default[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

static const char		*db_path;
static const struct serve_opts	*opts;
static atomic_size_t		 uploads_held;
static time_t			 db_now;
static int			 quiet;
static atomic_int		 inflight;
static pthread_mutex_t		 stores_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tdm_store		*stores[STORES_MAX];
static size_t			 nstores;
static _Thread_local struct tdm_store *thread_store_;

const struct serve_opts *
serve_options(void)
{
	return opts;
}

/* The calling worker's connection, opened on its first request. */
static struct tdm_store *
thread_store(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st = NULL;

	if (thread_store_ != NULL)
		return thread_store_;
	if (tdm_store_open(db_path, TDM_OPEN_EXISTING, &st, &d) != TDM_OK) {
		if (d.n > 0)
			fprintf(stderr, "tandem: %s: %s\n", db_path,
			    d.v[0].message);
		tdm_diags_free(&d);
		return NULL;
	}
	tdm_diags_free(&d);
	if (db_now)
		tdm_store_set_now(st, db_now);
	pthread_mutex_lock(&stores_lock);
	if (nstores == STORES_MAX) {
		pthread_mutex_unlock(&stores_lock);
		tdm_store_close(st);
		return NULL;
	}
	stores[nstores++] = st;
	pthread_mutex_unlock(&stores_lock);
	return thread_store_ = st;
}

/*
 * Sign-in attempts (login, invitation) per client address, in a sliding
 * minute: this bounds what one address can make the server hash
 * (argon2id: a tenth of a second and 64 MiB each), whatever the accounts
 * it tries.  Wrong passwords are bounded per address and e-mail typed,
 * whether an account has that address or not, so that the answer never
 * tells which addresses have an account and nobody can keep someone
 * else's account locked from another address.
 */
static struct throttle	 attempts = THROTTLE_INIT(SIGNIN_PER_MINUTE, 60);

/*
 * The counts that hold across servers are the database's (issue 18):
 * behind two servers an address gets its attempts and wrong passwords
 * once, not once per server.  The process's own count of attempts above
 * stays in front of the database's, so that a flood from one address is
 * refused without a write per request.
 */
static const struct tdm_limit	 shared_attempts = { TDM_LIMIT_ATTEMPT,
				    SIGNIN_PER_MINUTE, 60 };
static const struct tdm_limit	 failures = { TDM_LIMIT_FAILURE,
				    FAILURES_MAX, FAILURES_WINDOW };

/*
 * Take a sign-in attempt of the client: 1 if allowed, else the answer
 * made (429 with Retry-After, or the database's failure).
 */
static int
attempt_allowed(struct req *r, const char *client)
{
	enum tdm_err	 err;
	int		 ok, wait;

	if (!throttle_take(&attempts, throttle_key(client), time(NULL)))
		wait = throttle_wait(&attempts, throttle_key(client),
		    time(NULL));
	else if ((err = tdm_limit_check(r->st, &shared_attempts,
	    throttle_key(client), time(NULL), 1, &ok, &wait)) != TDM_OK) {
		reply_error(r, err, NULL);
		return 0;
	} else if (ok)
		return 1;
	r->retry_after = wait;
	reply_fail(r, 429, "too many sign-in attempts from this address: "
	    "wait a minute");
	return 0;
}

/* A request's state across libmicrohttpd's calls. */
struct conn_state {
	struct req		 r;
	const struct route	*route;
	int			 path_known;
	size_t			 limit;
	int			 too_big;
	int			 busy;		/* UPLOADS_MAX reached */
	int			 csrf_done;	/* checked from the header */
	size_t			 held;		/* of uploads_held */
	int			 queued;
	struct tdm_buf		 body;
	struct timespec		 t0;
	char			 path[512];	/* for the log, escaped */
	char			 addr[INET6_ADDRSTRLEN];
	char			 client[INET6_ADDRSTRLEN];
	uint64_t		 failkey;	/* address and e-mail */
};

void
set_session_cookie(struct req *r, const char *token)
{
	char	 buf[256];

	/*
	 * Behind TLS the name takes the __Host- prefix: the browser then
	 * keeps it only if Secure, with Path=/ and no Domain, so that no
	 * sibling host can plant or overwrite it.
	 */
	snprintf(buf, sizeof(buf), "%s=%s; Path=/; HttpOnly; "
	    "SameSite=Strict%s%s", r->secure ? HOST_COOKIE : SESSION_COOKIE,
	    token ? token : "", r->secure ? "; Secure" : "", token ? "" :
	    "; Max-Age=0");
	free(r->cookie);
	r->cookie = strdup(buf);
}

void
end_session(struct req *r)
{
	const char	*h;
	char		 token[TDM_TOKEN_SIZE + 8];

	h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_COOKIE);
	if (cookie_get(h, r->secure ? HOST_COOKIE : SESSION_COOKIE, token,
	    sizeof(token)))
		(void)tdm_logout(r->st, token);
	set_session_cookie(r, NULL);
}

static int
changes_state(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/*
 * Whether a change comes from this server's own pages, for the forms
 * that come before any session (login, invitation), which no CSRF token
 * protects: browsers say so in Sec-Fetch-Site, older ones in Origin; a
 * client that sends neither is no browser a forged page could drive.
 */
static int
same_origin(struct req *r)
{
	const char	*site, *origin, *host;
	size_t		 n;

	site = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    "Sec-Fetch-Site");
	if (site != NULL)
		return strcmp(site, "same-origin") == 0 ||
		    strcmp(site, "none") == 0;
	origin = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    "Origin");
	if (origin == NULL)
		return 1;
	host = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_HOST);
	if (host == NULL)
		return 0;
	if (strncmp(origin, "http://", 7) == 0)
		origin += 7;
	else if (strncmp(origin, "https://", 8) == 0)
		origin += 8;
	else
		return 0;
	n = strlen(host);
	return strncmp(origin, host, n) == 0 && origin[n] == '\0';
}

/* Whether the peer is one of the proxies of --trusted-proxy. */
static int
from_trusted_proxy(const struct conn_state *cs)
{
	return opts != NULL && proxy_trusted(opts, cs->addr);
}

/*
 * Who is asking: the peer, or behind a trusted reverse proxy
 * (contrib/nginx), the address it says in X-Real-IP when that is an
 * address.  Anyone else's X-Real-IP is ignored: a client that could
 * name itself would escape the sign-in throttles.
 */
static void
client_address(struct conn_state *cs)
{
	const char	*real;
	unsigned char	 a[16];

	snprintf(cs->client, sizeof(cs->client), "%s", cs->addr);
	if (!from_trusted_proxy(cs))
		return;
	real = MHD_lookup_connection_value(cs->r.conn, MHD_HEADER_KIND,
	    "X-Real-IP");
	if (real != NULL && (inet_pton(AF_INET, real, a) == 1 ||
	    inet_pton(AF_INET6, real, a) == 1))
		snprintf(cs->client, sizeof(cs->client), "%s", real);
}

static const char *
accept_lang(struct req *r)
{
	const char	*q = query(r, "lang");
	const char	*h;

	if (q != NULL && (strcmp(q, "en") == 0 || strcmp(q, "fr") == 0))
		return strcmp(q, "en") == 0 ? "en" : "fr";
	h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
	return h != NULL && strncmp(h, "en", 2) == 0 ? "en" : "fr";
}

/*
 * The e-mail a sign-in names (JSON or form body), lower-cased, into
 * out; "" when it names none (an invitation).
 */
static void
typed_email(struct req *r, char *out, size_t cap)
{
	json_t		*v = NULL;
	const char	*e = NULL;
	char		*form = NULL;
	int		 bad = 0;
	size_t		 i;

	*out = '\0';
	if (r->body == NULL)
		return;
	if (r->body[0] == '{') {
		if ((v = json_loadb(r->body, r->bodylen, 0, NULL)) != NULL)
			e = json_string_value(json_object_get(v, "email"));
	} else
		e = form = form_get(r->body, r->bodylen, "email", &bad);
	if (e != NULL)
		snprintf(out, cap, "%s", e);
	for (i = 0; out[i] != '\0'; i++)
		if (out[i] >= 'A' && out[i] <= 'Z')
			out[i] = (char)(out[i] - 'A' + 'a');
	json_decref(v);
	free(form);
}

/*
 * What is checked before the body is read, so that nobody makes the
 * server hold a body it will refuse: the session, the sign-in throttle,
 * a CSRF token sent as a header, and for an upload, the role.  Returns
 * 0 after answering.
 */
static int
precheck(struct conn_state *cs)
{
	struct req	*r = &cs->r;
	struct tdm_diags d = TDM_DIAGS_INIT;
	const char	*h, *csrf;
	char		 token[TDM_TOKEN_SIZE + 8];
	enum tdm_err	 err;

	/* An unknown page is answered in the person's layout (issue 15). */
	if (cs->route == NULL && strncmp(r->path, "/api/", 5) == 0)
		return 1;
	json_push_reset();
	if ((r->st = thread_store()) == NULL) {
		reply_fail(r, 503, "the database cannot be opened");
		return 0;
	}
	h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    "X-Forwarded-Proto");
	r->secure = h != NULL && strcmp(h, "https") == 0 &&
	    from_trusted_proxy(cs);
	h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_COOKIE);
	/* A database that fails is its error, not a visitor signed out. */
	if (cookie_get(h, r->secure ? HOST_COOKIE : SESSION_COOKIE, token,
	    sizeof(token)) &&
	    (err = tdm_session_whoami(r->st, token, &r->who)) != TDM_EAUTH) {
		if (err != TDM_OK) {
			reply_error(r, err, NULL);
			goto answered;
		}
		r->signed_in = 1;
	}
	sodium_memzero(token, sizeof(token));
	/* Company sign-in (issue 14): the trusted proxy's header. */
	proxy_signin(r, cs->addr);
	r->lang = r->signed_in ? r->who.lang : accept_lang(r);
	if (cs->route == NULL)
		goto answered_ok;
	if (!(cs->route->flags & R_PUBLIC) && !r->signed_in) {
		if (cs->route->flags & R_PAGE) {
			r->status = 303;
			r->location = strdup("/login");
		} else
			reply_fail(r, 401, "sign in first");
		goto answered;
	}
	if (changes_state(r->method) && cs->route->flags & R_NOCSRF &&
	    !attempt_allowed(r, cs->client))
		goto answered;
	/* Company sign-in (issue 14): throttled as password sign-ins. */
	if (cs->route->flags & R_SIGNIN && !attempt_allowed(r, cs->client))
		goto answered;
	if (changes_state(r->method) && !(cs->route->flags & R_NOCSRF)) {
		csrf = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
		    "X-CSRF-Token");
		if (csrf != NULL || cs->route->flags & R_UPLOAD) {
			if (!tdm_csrf_ok(&r->who, csrf)) {
				reply_fail(r, 403, "missing or wrong CSRF "
				    "token: reload the page");
				goto answered;
			}
			cs->csrf_done = 1;
		}
	}
	/* The one large body is the roster's: only its importers send it. */
	if (cs->route->flags & R_UPLOAD &&
	    (err = tdm_roster_may_import(&r->who.actor, &d)) != TDM_OK) {
		reply_error(r, err, &d);
		tdm_diags_free(&d);
		goto answered;
	}
answered_ok:
	tdm_store_rest(r->st);
	return 1;
answered:
	tdm_store_rest(r->st);
	return 0;
}

static void
dispatch(struct conn_state *cs)
{
	struct req	*r = &cs->r;
	const char	*csrf;
	char		 email[256], *form = NULL;
	enum tdm_err	 err;
	int		 bad = 0, ok = 1, allowed, wait;

	if (cs->route == NULL) {
		reply_fail(r, cs->path_known ? 405 : 404, cs->path_known ?
		    "%s is not allowed on %s" : "no such resource: %s%s",
		    cs->path_known ? r->method : r->path,
		    cs->path_known ? r->path : "");
		return;
	}
	json_push_reset();
	if (changes_state(r->method) && cs->route->flags & R_NOCSRF) {
		typed_email(r, email, sizeof(email));
		cs->failkey = throttle_key_add(throttle_key(cs->client),
		    email);
		if ((err = tdm_limit_check(r->st, &failures, cs->failkey,
		    time(NULL), 0, &allowed, &wait)) != TDM_OK) {
			reply_error(r, err, NULL);
			return;
		}
		if (!allowed) {
			r->retry_after = wait;
			reply_fail(r, 429, "too many wrong attempts: wait %d "
			    "minutes", (r->retry_after + 59) / 60);
			return;
		}
	}
	if (changes_state(r->method)) {
		if (cs->route->flags & R_NOCSRF)
			ok = same_origin(r);
		else if (!cs->csrf_done) {
			csrf = NULL;
			if (r->body != NULL)
				csrf = form = form_get(r->body, r->bodylen,
				    "csrf", &bad);
			ok = r->signed_in && tdm_csrf_ok(&r->who, csrf);
			free(form);
		}
		if (!ok) {
			reply_fail(r, 403, "missing or wrong CSRF token: "
			    "reload the page");
			return;
		}
	}
	cs->route->fn(r);
	/* A wrong password or invitation counts against its address. */
	if (changes_state(r->method) && cs->route->flags & R_NOCSRF &&
	    (r->status == 401 || r->status == 404))
		/* The answer is made: a hit the database could not count
		 * is its failure, which the next check reports (503). */
		(void)tdm_limit_hit(r->st, &failures, cs->failkey,
		    time(NULL));
}

static void
header(struct MHD_Response *resp, const char *name, const char *value)
{
	(void)MHD_add_response_header(resp, name, value);
}

static enum MHD_Result
queue(struct conn_state *cs)
{
	struct req		*r = &cs->r;
	struct MHD_Response	*resp;
	char			*data, buf[320];
	size_t			 len;
	enum MHD_Result		 ret;

	if (r->status == 0)
		reply_fail(r, 500, "no answer");
	if (r->out.failed)
		reply_fail(r, 500, "out of memory");
	/* A page's error is a page; the API's stays JSON (issue 15). */
	if (r->status >= 400 && r->ctype != NULL &&
	    strcmp(r->ctype, "application/json") == 0 &&
	    strncmp(r->path, "/api/", 5) != 0 &&
	    strcmp(r->path, "/api") != 0) {
		error_page(r);
		if (r->out.failed)
			reply_fail(r, 500, "out of memory");
	}
	data = tdm_buf_detach(&r->out, &len);
	resp = MHD_create_response_from_buffer(len, data,
	    MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(data);
		return MHD_NO;
	}
	header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->ctype ? r->ctype :
	    "text/plain; charset=utf-8");
	header(resp, "Content-Security-Policy", r->csp ? r->csp :
	    csp_default);
	header(resp, "X-Content-Type-Options", "nosniff");
	header(resp, "X-Frame-Options", "DENY");
	header(resp, "Referrer-Policy", "same-origin");
	header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
	    strncmp(r->path, "/static/", 8) == 0 ? "public, max-age=3600" :
	    "no-store");
	if (r->secure)
		header(resp, "Strict-Transport-Security", "max-age=31536000");
	if (r->location != NULL)
		header(resp, MHD_HTTP_HEADER_LOCATION, r->location);
	if (r->cookie != NULL)
		header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->cookie);
	if (r->filename != NULL) {
		snprintf(buf, sizeof(buf), "attachment; filename=\"%s\"",
		    r->filename);
		header(resp, "Content-Disposition", buf);
	}
	if (r->retry_after > 0) {
		snprintf(buf, sizeof(buf), "%d", r->retry_after);
		header(resp, MHD_HTTP_HEADER_RETRY_AFTER, buf);
	}
	ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	cs->queued = 1;
	return ret;
}

static void
log_path(struct conn_state *cs, const char *url)
{
	/* An invitation's token is a password: it stays out of logs. */
	if (strncmp(url, "/invite/", 8) == 0)
		url = "/invite/...";
	/* The path is decoded: "%0a" would start a forged line. */
	log_escape(url, cs->path, sizeof(cs->path));
}

/* The size of the request's headers, names and values. */
static enum MHD_Result
add_size(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	size_t	*n = cls;

	(void)kind;
	*n += strlen(key) + (value ? strlen(value) : 0) + 4;
	return MHD_YES;
}

/*
 * Answers the server must give before reading a body: too long a URI,
 * too many headers (with the security headers, which libmicrohttpd's own
 * answers lack: these limits come before its own), a body larger than
 * allowed; then the session and role checks.  Returns 0 after answering.
 */
static int
before_body(struct conn_state *cs, const char *url)
{
	const char	*cl;
	size_t		 n = 0;

	if (strlen(url) > URI_MAX) {
		reply_fail(&cs->r, 414, "the address is longer than %d bytes",
		    URI_MAX);
		return 0;
	}
	(void)MHD_get_connection_values(cs->r.conn, MHD_HEADER_KIND,
	    add_size, &n);
	if (n > HEADERS_MAX) {
		reply_fail(&cs->r, 431, "the request's headers are larger "
		    "than %u bytes", HEADERS_MAX);
		return 0;
	}
	cl = MHD_lookup_connection_value(cs->r.conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl != NULL && strtoull(cl, NULL, 10) > cs->limit) {
		reply_fail(&cs->r, 413, "the body is larger than %zu bytes",
		    cs->limit);
		return 0;
	}
	return precheck(cs);
}

/*
 * Keep n more bytes of a body, within UPLOADS_MAX for all the requests
 * in flight together: a few large uploads cannot exhaust the memory.
 */
static int
hold(struct conn_state *cs, size_t n)
{
	size_t	 was = atomic_fetch_add(&uploads_held, n);

	if (was + n > UPLOADS_MAX) {
		atomic_fetch_sub(&uploads_held, n);
		return 0;
	}
	cs->held += n;
	return 1;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct conn_state		*cs = *con_cls;
	const union MHD_ConnectionInfo	*ci;

	if (cs == NULL) {
		if ((cs = calloc(1, sizeof(*cs))) == NULL)
			return MHD_NO;
		*con_cls = cs;
		atomic_fetch_add(&inflight, 1);
		clock_gettime(CLOCK_MONOTONIC, &cs->t0);
		tdm_buf_init(&cs->r.out);
		tdm_buf_init(&cs->body);
		cs->r.conn = c;
		cs->r.method = method;
		cs->r.path = url;
		cs->r.lang = "fr";
		log_path(cs, url);
		ci = MHD_get_connection_info(c,
		    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci != NULL && ci->client_addr->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)
			    (const void *)ci->client_addr)->sin_addr,
			    cs->addr, sizeof(cs->addr));
		else if (ci != NULL && ci->client_addr->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
			    (const void *)ci->client_addr)->sin6_addr,
			    cs->addr, sizeof(cs->addr));
		client_address(cs);
		cs->route = route_find(&cs->r, method, url, &cs->path_known);
		cs->limit = cs->route && cs->route->flags & R_UPLOAD ?
		    BODY_MAX_UPLOAD : BODY_MAX;
		if (!before_body(cs, url))
			return queue(cs);
		return MHD_YES;
	}
	if (*upload_size != 0) {
		if (!cs->too_big && cs->body.len + *upload_size > cs->limit)
			cs->too_big = 1;
		if (!cs->too_big && !cs->busy && !hold(cs, *upload_size))
			cs->busy = 1;
		if (!cs->too_big && !cs->busy)
			tdm_buf_add(&cs->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (cs->queued)
		return MHD_YES;
	if (cs->too_big)
		reply_fail(&cs->r, 413, "the body is larger than %zu bytes",
		    cs->limit);
	else if (cs->busy) {
		cs->r.retry_after = 60;
		reply_fail(&cs->r, 503, "the server is busy receiving other "
		    "files: send this one again in a minute");
	} else if (cs->body.failed)
		reply_fail(&cs->r, 500, "out of memory");
	else {
		if (cs->body.len > 0) {
			cs->r.body = cs->body.buf;
			cs->r.bodylen = cs->body.len;
		}
		dispatch(cs);
		if (cs->r.st != NULL)
			tdm_store_rest(cs->r.st);
	}
	return queue(cs);
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct conn_state	*cs = *con_cls;
	struct timespec		 t1;
	size_t			 i;

	if (cs == NULL)
		return;
	if (!quiet) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		fprintf(stderr, "%s %s %s %d %.1fms%s\n", cs->client,
		    cs->r.method, cs->path, cs->r.status,
		    (double)(t1.tv_sec - cs->t0.tv_sec) * 1e3 +
		    (double)(t1.tv_nsec - cs->t0.tv_nsec) / 1e6,
		    toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" :
		    " (interrupted)");
	}
	for (i = 0; i < cs->r.nargs; i++)
		free(cs->r.args[i]);
	for (i = 0; i < cs->r.nallocs; i++)
		free(cs->r.allocs[i]);
	free(cs->r.allocs);
	tdm_buf_release(&cs->r.out);
	tdm_buf_release(&cs->body);
	atomic_fetch_sub(&uploads_held, cs->held);
	free(cs->r.location);
	free(cs->r.cookie);
	free(cs->r.filename);
	sodium_memzero(&cs->r.who, sizeof(cs->r.who));
	free(cs);
	*con_cls = NULL;
	atomic_fetch_sub(&inflight, 1);
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	if (quiet)
		return;
	fputs("tandem: http: ", stderr);
	vfprintf(stderr, fmt, ap);
}

/*
 * Worker threads, each with its own connection to the database: twice
 * the cores, since a login's hashing blocks its thread; four times on a
 * database server, where a request spends most of its time waiting for
 * the answers to its statements (bench/README.md: 2,100 reads a second
 * with 4 threads on PostgreSQL, 2,900 with 8, on 2 cores).
 */
static unsigned
default_threads(int remote)
{
	long	 n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n <= 0)
		n = 2;
	n *= remote ? 4 : 2;
	return n < 32 ? (unsigned)n : 32;
}

int
web_serve(const struct serve_opts *o)
{
	struct addrinfo		 hints, *ai = NULL;
	struct MHD_Daemon	*d;
	const union MHD_DaemonInfo *di, *ci;
	char			 host[256], *port;
	sigset_t		 set;
	unsigned		 flags, threads;
	int			 sig, waited, rc;
	size_t			 i;
	struct tdm_store	*probe = NULL;
	struct tdm_diags	 diags = TDM_DIAGS_INIT;

	db_path = o->db;
	db_now = o->now;
	opts = o;
	if (oidc_init() != 0) {
		fprintf(stderr, "tandem: serve: libcurl cannot start\n");
		return 1;
	}
	quiet = o->quiet;
	/* Refuse to start on a missing or newer database, with the reason. */
	if (tdm_store_open(db_path, TDM_OPEN_EXISTING, &probe, &diags) !=
	    TDM_OK) {
		for (i = 0; i < diags.n; i++)
			fprintf(stderr, "%s: %s\n", diags.v[i].source ?
			    diags.v[i].source : db_path, diags.v[i].message);
		tdm_diags_free(&diags);
		return 1;
	}
	threads = o->threads != 0 ? o->threads :
	    default_threads(tdm_store_remote(probe));
	tdm_store_close(probe);

	snprintf(host, sizeof(host), "%s", o->listen);
	if (*host == '[') {
		memmove(host, host + 1, strlen(host));
		if ((port = strstr(host, "]:")) == NULL)
			goto badaddr;
		*port = '\0';
		port += 2;
	} else {
		if ((port = strrchr(host, ':')) == NULL)
			goto badaddr;
		*port++ = '\0';
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, port, &hints, &ai) != 0)
		goto badaddr;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	d = MHD_start_daemon(flags, 0, NULL, NULL, handle, NULL,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_SOCK_ADDR, ai->ai_addr,
	    MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONN_TIMEOUT,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONN_LIMIT,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 << 10),
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	    MHD_OPTION_END);
	freeaddrinfo(ai);
	if (d == NULL) {
		fprintf(stderr, "tandem: serve: cannot listen on %s (in use, "
		    "or not an address of this machine)\n", o->listen);
		return 1;
	}
	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	fprintf(stderr, "tandem: serving %s on http://%s%s%s:%u/ with %u "
	    "threads; stop with Ctrl-C or SIGTERM\n", db_path,
	    strchr(host, ':') ? "[" : "", host, strchr(host, ':') ? "]" : "",
	    di ? di->port : 0, threads);

	do
		rc = sigwait(&set, &sig);
	while (rc != 0 || sig == SIGPIPE);

	fprintf(stderr, "tandem: stopping: finishing the requests in "
	    "flight\n");
	(void)MHD_quiesce_daemon(d);
	/*
	 * A connection accepted whose request no thread has read yet (a
	 * busy machine) gets a second to begin it: its client sent it
	 * before the signal.  Idle kept-alive connections end after that.
	 */
	for (waited = 0; waited < STOP_GRACE * 100; waited++) {
		if (atomic_load(&inflight) == 0 && (waited >= OPEN_GRACE *
		    100 || (ci = MHD_get_daemon_info(d,
		    MHD_DAEMON_INFO_CURRENT_CONNECTIONS)) == NULL ||
		    ci->num_connections == 0))
			break;
		usleep(10000);
	}
	MHD_stop_daemon(d);
	pthread_mutex_lock(&stores_lock);
	for (i = 0; i < nstores; i++)
		tdm_store_close(stores[i]);
	nstores = 0;
	pthread_mutex_unlock(&stores_lock);
	fprintf(stderr, "tandem: stopped\n");
	return 0;
badaddr:
	fprintf(stderr, "tandem: serve: \"%s\" is not ADDRESS:PORT, such "
	    "as 127.0.0.1:8080 or [::1]:8080\n", o->listen);
	return 2;
}

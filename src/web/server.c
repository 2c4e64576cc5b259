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

#define CONN_TIMEOUT	30	/* seconds of silence before closing */
#define CONN_LIMIT	4000
#define STOP_GRACE	10	/* seconds for requests in flight */
#define STORES_MAX	256
#define SIGNIN_PER_MINUTE 120	/* attempts per client address */
#define SIGNIN_SLOTS	1024

/* Every answer carries these: no inline script or style, no framing. */
static const char csp_default[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

static const char		*db_path;
static time_t			 db_now;
static int			 quiet;
static atomic_int		 inflight;
static pthread_mutex_t		 stores_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tdm_store		*stores[STORES_MAX];
static size_t			 nstores;
static _Thread_local struct tdm_store *thread_store_;
static const struct serve_opts	*options;	/* issue 14: sign-in */

const struct serve_opts *
serve_options(void)
{
	return options;
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
 * Sign-in attempts (login, invitation) per client address and minute.
 * The library locks an account after five wrong passwords; this bounds
 * what one address can make the server hash (argon2id: a tenth of a
 * second and 64 MiB each), whatever the accounts it tries.  A fixed
 * table: two addresses sharing a slot share their allowance.
 */
static struct {
	uint64_t	 key;
	time_t		 minute;
	unsigned	 n;
} signins[SIGNIN_SLOTS];
static pthread_mutex_t	 signins_lock = PTHREAD_MUTEX_INITIALIZER;

static int
signin_allowed(const char *addr)
{
	uint64_t	 h = 1469598103934665603ULL;
	time_t		 minute = time(NULL) / 60;
	size_t		 slot;
	int		 ok;

	for (; *addr != '\0'; addr++)
		h = (h ^ (unsigned char)*addr) * 1099511628211ULL;
	slot = (size_t)(h % SIGNIN_SLOTS);
	pthread_mutex_lock(&signins_lock);
	if (signins[slot].key != h || signins[slot].minute != minute) {
		signins[slot].key = h;
		signins[slot].minute = minute;
		signins[slot].n = 0;
	}
	ok = ++signins[slot].n <= SIGNIN_PER_MINUTE;
	pthread_mutex_unlock(&signins_lock);
	return ok;
}

/* A request's state across libmicrohttpd's calls. */
struct conn_state {
	struct req		 r;
	const struct route	*route;
	int			 path_known;
	size_t			 limit;
	int			 too_big;
	int			 queued;
	struct tdm_buf		 body;
	struct timespec		 t0;
	char			 path[256];	/* for the log */
	char			 addr[INET6_ADDRSTRLEN];
};

void
set_session_cookie(struct req *r, const char *token)
{
	char	 buf[256];

	snprintf(buf, sizeof(buf), "%s=%s; Path=/; HttpOnly; "
	    "SameSite=Strict%s%s", SESSION_COOKIE, token ? token : "",
	    r->secure ? "; Secure" : "", token ? "" :
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
	if (cookie_get(h, SESSION_COOKIE, token, sizeof(token)))
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

/*
 * Who is asking: the peer, or behind a reverse proxy on this machine
 * (contrib/nginx), the address it says in X-Real-IP.
 */
static const char *
client_address(struct conn_state *cs)
{
	const char	*real;

	if (strcmp(cs->addr, "127.0.0.1") != 0 && strcmp(cs->addr, "::1") != 0)
		return cs->addr;
	real = MHD_lookup_connection_value(cs->r.conn, MHD_HEADER_KIND,
	    "X-Real-IP");
	return real != NULL ? real : cs->addr;
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

static void
dispatch(struct conn_state *cs)
{
	struct req	*r = &cs->r;
	const char	*h, *csrf;
	char		 token[TDM_TOKEN_SIZE + 8], *form = NULL;
	enum tdm_err	 err;
	int		 bad = 0, ok;

	if (cs->route == NULL) {
		reply_fail(r, cs->path_known ? 405 : 404, cs->path_known ?
		    "%s is not allowed on %s" : "no such resource: %s%s",
		    cs->path_known ? r->method : r->path,
		    cs->path_known ? r->path : "");
		return;
	}
	json_push_reset();
	if ((r->st = thread_store()) == NULL) {
		reply_fail(r, 503, "the database cannot be opened");
		return;
	}
	h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    "X-Forwarded-Proto");
	r->secure = h != NULL && strcmp(h, "https") == 0;
	h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_COOKIE);
	/* A database that fails is its error, not a visitor signed out. */
	if (cookie_get(h, SESSION_COOKIE, token, sizeof(token)) &&
	    (err = tdm_session_whoami(r->st, token, &r->who)) != TDM_EAUTH) {
		if (err != TDM_OK) {
			reply_error(r, err, NULL);
			return;
		}
		r->signed_in = 1;
	}
	/* Company sign-in (issue 14): the trusted proxy's header. */
	proxy_signin(r, cs->addr);
	r->lang = r->signed_in ? r->who.lang : accept_lang(r);
	if (!(cs->route->flags & R_PUBLIC) && !r->signed_in) {
		if (cs->route->flags & R_PAGE) {
			r->status = 303;
			r->location = strdup("/login");
		} else
			reply_fail(r, 401, "sign in first");
		return;
	}
	if (changes_state(r->method) && cs->route->flags & R_NOCSRF &&
	    !signin_allowed(client_address(cs))) {
		r->retry_after = 60;
		reply_fail(r, 429, "too many sign-in attempts from this address: "
		    "wait a minute");
		return;
	}
	/* Company sign-in (issue 14): throttled as password sign-ins. */
	if (cs->route->flags & R_SIGNIN &&
	    !signin_allowed(client_address(cs))) {
		r->retry_after = 60;
		reply_fail(r, 429, "too many sign-in attempts from this address: "
		    "wait a minute");
		return;
	}
	if (changes_state(r->method)) {
		if (cs->route->flags & R_NOCSRF)
			ok = same_origin(r);
		else {
			csrf = MHD_lookup_connection_value(r->conn,
			    MHD_HEADER_KIND, "X-CSRF-Token");
			if (csrf == NULL && r->body != NULL)
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
	snprintf(cs->path, sizeof(cs->path), "%s", url);
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct conn_state		*cs = *con_cls;
	const union MHD_ConnectionInfo	*ci;
	const char			*cl;

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
		cs->route = route_find(&cs->r, method, url, &cs->path_known);
		cs->limit = cs->route && cs->route->flags & R_UPLOAD ?
		    BODY_MAX_UPLOAD : BODY_MAX;
		cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl != NULL && strtoull(cl, NULL, 10) > cs->limit) {
			reply_fail(&cs->r, 413, "the body is larger than %zu "
			    "bytes", cs->limit);
			return queue(cs);
		}
		return MHD_YES;
	}
	if (*upload_size != 0) {
		if (!cs->too_big && cs->body.len + *upload_size > cs->limit)
			cs->too_big = 1;
		if (!cs->too_big)
			tdm_buf_add(&cs->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (cs->queued)
		return MHD_YES;
	if (cs->too_big)
		reply_fail(&cs->r, 413, "the body is larger than %zu bytes",
		    cs->limit);
	else if (cs->body.failed)
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
		fprintf(stderr, "%s %s %s %d %.1fms%s\n", client_address(cs),
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

int
web_serve(const struct serve_opts *o)
{
	struct addrinfo		 hints, *ai = NULL;
	struct MHD_Daemon	*d;
	const union MHD_DaemonInfo *di;
	char			 host[256], *port;
	sigset_t		 set;
	unsigned		 flags;
	int			 sig, waited, rc;
	size_t			 i;
	struct tdm_store	*probe = NULL;
	struct tdm_diags	 diags = TDM_DIAGS_INIT;

	db_path = o->db;
	db_now = o->now;
	options = o;	/* issue 14: sign-in */
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
	    MHD_OPTION_THREAD_POOL_SIZE, o->threads,
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
	    di ? di->port : 0, o->threads);

	do
		rc = sigwait(&set, &sig);
	while (rc != 0 || sig == SIGPIPE);

	fprintf(stderr, "tandem: stopping: finishing the requests in "
	    "flight\n");
	(void)MHD_quiesce_daemon(d);
	for (waited = 0; atomic_load(&inflight) > 0 &&
	    waited < STOP_GRACE * 100; waited++)
		usleep(10000);
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

/*
 * What the web front-end's files share: the request being answered, the
 * route table's row, and the helpers that turn library results into
 * HTTP answers.  No rule of the domain lives in src/web: handlers parse
 * the request, call libtandem as the signed-in person, and render.
 */
#ifndef TANDEM_WEB_H
#define TANDEM_WEB_H

#include <jansson.h>
#include <stddef.h>
#include <time.h>

#include "tandem/tandem.h"
#include "tandem/json.h"
#include "serve.h"

struct MHD_Connection;

/* Largest body accepted: a roster upload, and everything else. */
#define BODY_MAX_UPLOAD	(32u << 20)
#define BODY_MAX	(64u << 10)

/* One request and the answer being built. */
struct req {
	struct MHD_Connection	*conn;
	const char		*method;
	const char		*path;		/* without the query string */
	char			*args[3];	/* the route's '*' segments */
	size_t			 nargs;
	char			*body;		/* NUL-terminated */
	size_t			 bodylen;
	struct tdm_store	*st;
	struct tdm_whoami	 who;
	int			 signed_in;
	const char		*lang;		/* "fr" or "en" */
	int			 secure;	/* behind a TLS proxy */

	int			 status;
	struct tdm_buf		 out;
	const char		*ctype;
	char			*location;	/* for 303 See Other */
	char			*cookie;	/* Set-Cookie */
	char			*filename;	/* Content-Disposition */
	int			 retry_after;
	const char		*csp;		/* NULL: the default */
	char			**allocs;	/* form values, freed at
						   the end of the request */
	size_t			 nallocs, allocsz;
};

/* A route: method, path pattern ('*' is one segment), handler. */
enum {
	R_PUBLIC = 1 << 0,	/* no session needed */
	R_UPLOAD = 1 << 1,	/* large body allowed */
	R_PAGE = 1 << 2,	/* HTML: unauthenticated goes to /login */
	R_NOCSRF = 1 << 3,	/* a change before any session (login) */
	R_SIGNIN = 1 << 4,	/* company sign-in: throttled as logins */
};
struct route {
	const char	*method;
	const char	*pattern;
	void		(*fn)(struct req *);
	unsigned	 flags;
};
extern const struct route routes[];
extern const size_t nroutes;

/* The route for method and path, filling r->args; NULL if none. */
const struct route *route_find(struct req *, const char *method,
	    const char *path, int *path_known);

/* The HTTP status for a library status: one table (routes.c). */
int		 http_status(enum tdm_err);

/* --- Answers (reply.c) ------------------------------------------- */

/* Answer with a JSON value, which is stolen (NULL: out of memory). */
void		 reply_json(struct req *, int status, json_t *);

/*
 * Answer with the error shape {"error": ..., "diagnostics": [...]},
 * the status coming from http_status(err).  Frees nothing.
 */
void		 reply_error(struct req *, enum tdm_err,
		    const struct tdm_diags *);

/* The same with a single message and an explicit status. */
void		 reply_fail(struct req *, int status, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

/* Answer with bytes of a type, optionally as a download. */
void		 reply_bytes(struct req *, int status, const char *ctype,
		    const char *data, size_t len, const char *filename);

/*
 * The body as a JSON object, or NULL after answering 400 (naming the
 * line and column of a syntax error) or 415.
 */
json_t		*body_object(struct req *);

/* Members of a JSON body: a string ("" if absent), an int (def if
 * absent), a bool.  A member of the wrong type is reported in d. */
const char	*jstr(json_t *, const char *key, struct tdm_diags *d);
int		 jint(json_t *, const char *key, int def, struct tdm_diags *d);
int		 jbool(json_t *, const char *key, struct tdm_diags *d);

/* The signed-in person as JSON: name, e-mail, roles, lang, csrf. */
json_t		*me_json(const struct tdm_whoami *);

/*
 * Append v to the array a, as a listing's callback does for each row:
 * 0, or -1 (stop the listing) when v could not be built (NULL) or
 * appended.  The failure is sticky for the thread's request: finish()
 * then answers 500 "out of memory" instead of a shortened list.
 */
int		 json_push(json_t *a, json_t *v);

/* Forget a failure of json_push(), before a request. */
void		 json_push_reset(void);

/*
 * Answer a library call: 200 (or status) with the value when err is
 * TDM_OK and no json_push() failed, else the error shape.  Frees the
 * value on error and d always.
 */
void		 finish(struct req *, enum tdm_err, struct tdm_diags *d,
		    int status, json_t *value);

/* The Content-Security-Policy of the HTML report (api_reports.c). */
const char	*report_csp(void);

/*
 * Turn the JSON error being answered (r->status) into an HTML page in
 * the layout and the person's language: every path but the API's.
 */
void		 error_page(struct req *);

/* A diagnostics list as JSON. */
json_t		*diags_json(const struct tdm_diags *);

/* The value of a query-string argument, or NULL. */
const char	*query(struct req *, const char *key);

/* --- Parsing (http.c): the fuzzed parsers ------------------------ */

/*
 * Percent-decode n bytes of in into out (cap bytes with the NUL), with
 * '+' as a space when form is set.  Returns the length, or -1 if the
 * input is malformed (a bad escape, a NUL) or does not fit.
 */
long		 url_decode(const char *in, size_t n, char *out, size_t cap,
		    int form);

/*
 * The value of key in an application/x-www-form-urlencoded body,
 * decoded into a new string; NULL if absent or malformed.  *bad is set
 * when the body is malformed.
 */
char		*form_get(const char *body, size_t len, const char *key,
		    int *bad);

/* The value of a cookie in a Cookie header into out; 0 if absent. */
int		 cookie_get(const char *header, const char *name, char *out,
		    size_t cap);

/*
 * A decoded path as one line of the access log, into out (cap bytes
 * with the NUL): control characters, '\' and '"' as \xNN, so that a
 * "%0a" in a URL forges no line; "..." when cut.
 */
void		 log_escape(const char *in, char *out, size_t cap);

/* --- HTML (html.c) ---------------------------------------------- */

/*
 * Append HTML to the answer.  The format is printf's, checked by the
 * compiler, and escaping is the default: %s escapes its argument for text
 * and attributes, always.  Numbers take printf's conversions (%d, %zu,
 * %" PRId64 ", ...).  A boolean attribute such as " selected" may go
 * through %s, having nothing to escape; markup goes through Hraw().
 */
void		 H(struct req *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/* Append trusted markup, as it is: a string the program wrote itself. */
void		 Hraw(struct req *, const char *markup);

/* The French or the English text, by the request's language. */
const char	*L(const struct req *, const char *fr, const char *en);

/* Begin and end a page of the UI: the layout, navigation, language. */
void		 page_begin(struct req *, int status, const char *title);
void		 page_end(struct req *);

/* The hidden CSRF field every form carries. */
void		 csrf_field(struct req *);

/* The diagnostics as a list the screen reader announces. */
void		 page_diags(struct req *, const struct tdm_diags *);

/*
 * The library's words on a page (i18n.c, issue 15): a diagnostic, or a
 * text the library made from a catalogue format (an at-risk reason, an
 * unmatched volunteer's reason), in the request's language, with dates
 * as dd/mm/yyyy and people by name.  lib_texts() returns a string freed
 * with r (the text itself when memory runs out).
 */
void		 diag_text(struct req *, struct tdm_buf *,
		    const struct tdm_diag *);
void		 lib_text(struct req *, struct tdm_buf *, const char *);
const char	*lib_texts(struct req *, const char *);
/* A field a diagnostic names (its source), by the form's label; NULL
 * when the catalogue has none. */
/*
 * A count as the reader writes it: "3 420" (a narrow no-break space) in
 * French, "3,420" in English; freed with the request.
 */
const char	*num(struct req *, long long);
const char	*field_label(struct req *, const char *source);
/*
 * In a form field's tag: aria-invalid and aria-describedby when the
 * diagnostics page_diags() showed on this page name the field.
 */
void		 field_aria(struct req *, const char *name);

/* A form field of the body, decoded; NULL if absent.  Freed with r. */
const char	*F(struct req *, const char *key);

/* Answer 303 See Other to location (a path of this server). */
void		 redirect(struct req *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/* --- The server (server.c, serve.h) ------------------------------ */

/* The session cookie's name. */
#define SESSION_COOKIE "tandem_session"

/* Set (token) or clear (NULL) the session cookie in the answer. */
void		 set_session_cookie(struct req *, const char *token);

/* Logout: end the session of the request's cookie, clear the cookie. */
void		 end_session(struct req *);

#endif

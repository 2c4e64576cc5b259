/*
 * The pages around an account: signing in, the invitation link,
 * signing out, the language; and the static files.
 */
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "web.h"
#include "handlers.h"
#include "assets.h"
#include "signin.h"

void
page_static(struct req *r)
{
	const struct asset	*a;

	for (a = assets; a->path != NULL; a++)
		if (strcmp(a->path, r->args[0]) == 0) {
			reply_bytes(r, 200, a->ctype, (const char *)a->data,
			    a->len, NULL);
			return;
		}
	reply_fail(r, 404, "no such file: %s", r->args[0]);
}

static void	 company_signin(struct req *);
static void	 proxy_refusal(struct req *);

static void
login_form(struct req *r, int status, const char *email,
    const struct tdm_diags *d)
{
	page_begin(r, status, L(r, "Connexion", "Sign in"));
	page_diags(r, d);
	proxy_refusal(r);
	company_signin(r);
	H(r, "<form method=\"post\" action=\"/login\" class=\"card narrow\">"
	    "<label for=\"email\">%s</label>"
	    "<input id=\"email\" name=\"email\" type=\"email\" "
	    "autocomplete=\"username\" required value=\"%s\">"
	    "<label for=\"password\">%s</label>"
	    "<input id=\"password\" name=\"password\" type=\"password\" "
	    "autocomplete=\"current-password\" required>"
	    "<button type=\"submit\">%s</button></form>\n"
	    "<p class=\"hint\">%s</p>",
	    L(r, "Adresse e-mail professionnelle", "Work e-mail address"),
	    email ? email : "", L(r, "Mot de passe", "Password"),
	    L(r, "Se connecter", "Sign in"),
	    L(r, "Pas encore de compte ? Le lien d'invitation reçu de votre "
	    "responsable de programme permet de choisir votre mot de passe.",
	    "No account yet? The invitation link from your programme "
	    "manager lets you choose your password."));
	H(r, "<p><a href=\"/login?lang=%s\" lang=\"%s\">%s</a></p>",
	    L(r, "en", "fr"), L(r, "en", "fr"), L(r, "English", "Français"));
	page_end(r);
}

void
page_login(struct req *r)
{
	if (r->signed_in)
		redirect(r, "/");
	else
		login_form(r, 200, NULL, NULL);
}

static int	 password_allowed(struct req *, const char *session);

static void
session_cookie_and_home(struct req *r, const char *session)
{
	set_session_cookie(r, session);
	redirect(r, "/");
}

void
page_login_post(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			 session[TDM_TOKEN_SIZE], csrf[TDM_TOKEN_SIZE];
	const char		*email = F(r, "email"), *pw = F(r, "password");
	time_t			 retry = 0;
	enum tdm_err		 err;

	err = tdm_login(r->st, email ? email : "", pw ? pw : "", session,
	    csrf, &retry, &d);
	if (err == TDM_OK && !password_allowed(r, session)) {
		tdm_diag_add(&d, NULL, 0, 0, "%s", L(r, "Les salariés se "
		    "connectent avec le compte de l'entreprise, sans mot de "
		    "passe Tandem.", "Employees sign in with the company "
		    "account, without a Tandem password."));
		err = TDM_EPERM;
	}
	if (err == TDM_OK)
		session_cookie_and_home(r, session);
	else {
		r->retry_after = (int)retry;
		login_form(r, http_status(err), email, &d);
	}
	sodium_memzero(session, sizeof(session));
	tdm_diags_free(&d);
}

static void
invite_form(struct req *r, int status, const struct tdm_diags *d)
{
	page_begin(r, status, L(r, "Choisir votre mot de passe",
	    "Choose your password"));
	page_diags(r, d);
	H(r, "<form method=\"post\" class=\"card narrow\">"
	    "<p>%s</p><label for=\"password\">%s</label>"
	    "<input id=\"password\" name=\"password\" type=\"password\" "
	    "autocomplete=\"new-password\" minlength=\"%d\" required>"
	    "<label for=\"again\">%s</label>"
	    "<input id=\"again\" name=\"again\" type=\"password\" "
	    "autocomplete=\"new-password\" minlength=\"%d\" required>"
	    "<button type=\"submit\">%s</button></form>\n",
	    L(r, "Ce lien ne sert qu'une fois. Choisissez un mot de passe "
	    "d'au moins 12 caractères, qui ne soit pas l'un des plus "
	    "courants.", "This link works once. Choose a password of at "
	    "least 12 characters, not one of the most common ones."),
	    L(r, "Mot de passe", "Password"), TDM_PASSWORD_MIN,
	    L(r, "Le même, une seconde fois", "The same again"),
	    TDM_PASSWORD_MIN, L(r, "Enregistrer et se connecter",
	    "Save and sign in"));
	page_end(r);
}

void
page_invite(struct req *r)
{
	invite_form(r, 200, NULL);
}

void
page_invite_post(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			 session[TDM_TOKEN_SIZE], csrf[TDM_TOKEN_SIZE];
	const char		*pw = F(r, "password"), *again = F(r, "again");
	enum tdm_err		 err;

	if (pw == NULL || again == NULL || strcmp(pw, again) != 0) {
		tdm_diag_add(&d, NULL, 0, 0, "%s", L(r, "les deux mots de "
		    "passe diffèrent", "the two passwords differ"));
		err = TDM_EINVAL;
	} else
		err = tdm_account_accept(r->st, r->args[0], pw, session, csrf,
		    &d);
	if (err == TDM_OK && !password_allowed(r, session)) {
		tdm_diag_add(&d, NULL, 0, 0, "%s", L(r, "Les salariés se "
		    "connectent avec le compte de l'entreprise, sans mot de "
		    "passe Tandem.", "Employees sign in with the company "
		    "account, without a Tandem password."));
		err = TDM_EPERM;
	}
	if (err == TDM_OK)
		session_cookie_and_home(r, session);
	else
		invite_form(r, http_status(err), &d);
	sodium_memzero(session, sizeof(session));
	tdm_diags_free(&d);
}

void
page_logout(struct req *r)
{
	const struct serve_opts	*o = serve_options();
	char			*url;

	end_session(r);
	url = o != NULL ? oidc_end_session_url(o->signin) : NULL;
	if (url == NULL) {
		redirect(r, "/login");
		return;
	}
	/* Tandem's session is over; the company's is the person's call. */
	r->signed_in = 0;
	memset(&r->who, 0, sizeof(r->who));
	page_begin(r, 200, L(r, "Déconnexion", "Signed out"));
	H(r, "<div class=\"card narrow\"><p>%s</p><p><a href=\"%s\">%s</a>"
	    "</p><p><a href=\"/login\">%s</a></p></div>\n",
	    L(r, "Vous êtes déconnecté de Tandem. Votre session du compte de "
	    "l'entreprise reste ouverte.", "You are signed out of Tandem. "
	    "Your company account's session stays open."), url,
	    L(r, "Se déconnecter aussi du compte de l'entreprise",
	    "Also sign out of the company account"),
	    L(r, "Se reconnecter à Tandem", "Sign in to Tandem again"));
	page_end(r);
	free(url);
}

void
page_lang_post(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*lang = F(r, "lang"), *back = F(r, "back");

	(void)tdm_account_lang(r->st, r->who.account, lang ? lang : "", &d);
	tdm_diags_free(&d);
	/* Back to the page the person was on, never to another site. */
	if (back == NULL || back[0] != '/' || back[1] == '/' ||
	    back[strcspn(back, "\\\r\n")] != '\0')
		back = "/";
	redirect(r, "%s", back);
}

/* --- Company sign-in (issue 14) --------------------------------- */

#define OIDC_COOKIE	"tandem_oidc"

/*
 * Whether a password sign-in may stand: always, unless the
 * configuration turns employees' passwords off, when only external
 * coaches and admins (the break-glass account) keep them.  A refused
 * one has its new session ended.
 */
static int
password_allowed(struct req *r, const char *session)
{
	const struct serve_opts	*o = serve_options();
	struct tdm_whoami	 who;
	int			 ok;

	if (o == NULL || o->signin == NULL || o->signin->employee_passwords)
		return 1;
	if (tdm_session_whoami(r->st, session, &who) != TDM_OK)
		ok = 0;
	else
		ok = who.actor.employee_id == 0 ||
		    (who.actor.roles & (1u << TDM_ROLE_ADMIN));
	sodium_memzero(&who, sizeof(who));
	if (!ok) {
		(void)tdm_logout(r->st, session);
		(void)tdm_signin_refused(r->st, "password",
		    "employee-passwords-off");
	}
	return ok;
}

int
api_password_allowed(struct req *r, const char *session)
{
	return password_allowed(r, session);
}

/* A return path of this server only: never another site's. */
static const char *
safe_back(const char *back)
{
	if (back == NULL || back[0] != '/' || back[1] == '/' ||
	    back[1] == '\\' || strlen(back) > 200 ||
	    back[strcspn(back, "\\\r\n\t")] != '\0' ||
	    strncmp(back, "/login", 6) == 0 ||
	    strncmp(back, "/logout", 7) == 0)
		return "/";
	return back;
}

/* The button to the company's sign-in on the login page. */
static void
company_signin(struct req *r)
{
	const struct serve_opts	*o = serve_options();
	const struct signin_conf *c = o != NULL ? o->signin : NULL;

	if (c == NULL || c->issuer == NULL)
		return;
	H(r, "<div class=\"card narrow\"><p><a class=\"button\" "
	    "href=\"/login/oidc?back=%s\">%s</a></p><p class=\"hint\">%s</p>"
	    "</div>\n", safe_back(query(r, "back")), c->label ? c->label :
	    L(r, "Se connecter avec le compte de l'entreprise",
	    "Sign in with the company account"),
	    c->employee_passwords ? L(r, "Ou, pour les coachs externes, "
	    "avec l'adresse e-mail et le mot de passe :", "Or, for external "
	    "coaches, with the e-mail address and password:") :
	    L(r, "Les mots de passe ci-dessous servent aux coachs externes "
	    "et aux administrateurs de secours.", "The passwords below are "
	    "for external coaches and emergency administrators."));
}

/* The message a person reads for a refused company sign-in. */
static const char *
refusal_message(struct req *r, enum oidc_fail f,
    enum tdm_signin_refusal why)
{
	if (why == TDM_SIGNIN_UNKNOWN)
		return L(r, "Votre compte d'entreprise ne correspond à aucun "
		    "salarié de l'effectif de Tandem : contactez votre "
		    "responsable de programme ou les RH.", "Your company "
		    "account matches no employee of Tandem's roster: contact "
		    "your programme manager or HR.");
	if (why == TDM_SIGNIN_LEFT)
		return L(r, "Votre accès à Tandem est fermé : l'effectif ne "
		    "vous compte plus parmi les salariés actifs.", "Your "
		    "access to Tandem is closed: the roster no longer counts "
		    "you among active employees.");
	switch (f) {
	case OIDC_STATE:
		return L(r, "Cette connexion a expiré, a déjà servi ou a été "
		    "commencée dans un autre navigateur : recommencez.",
		    "This sign-in expired, was already used or was started "
		    "in another browser: start again.");
	case OIDC_PROVIDER_ERROR:
		return L(r, "Le service de connexion de l'entreprise n'a pas "
		    "accepté la connexion.", "The company's sign-in service "
		    "did not accept the sign-in.");
	case OIDC_UNREACHABLE:
	case OIDC_OFF:
		return L(r, "Le service de connexion de l'entreprise ne "
		    "répond pas : réessayez dans un instant.", "The "
		    "company's sign-in service does not answer: try again "
		    "in a moment.");
	case OIDC_CLAIM:
		return L(r, "Le service de connexion de l'entreprise ne dit "
		    "pas qui vous êtes (l'identifiant attendu manque) : "
		    "prévenez le service informatique.", "The company's "
		    "sign-in service does not say who you are (the expected "
		    "identifier is missing): tell the IT department.");
	case OIDC_UNVERIFIED:
		return L(r, "Votre adresse e-mail n'est pas vérifiée par le "
		    "service de connexion de l'entreprise : la connexion est "
		    "refusée.", "Your e-mail address is not verified by the "
		    "company's sign-in service: the sign-in is refused.");
	default:
		return L(r, "La réponse du service de connexion de "
		    "l'entreprise n'est pas valable : la connexion est "
		    "refusée. Si cela se reproduit, prévenez le service "
		    "informatique.", "The answer of the company's sign-in "
		    "service is not valid: the sign-in is refused. If it "
		    "happens again, tell the IT department.");
	}
}

static void
refuse(struct req *r, const char *method, enum oidc_fail f,
    enum tdm_signin_refusal why)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;

	(void)tdm_signin_refused(r->st, method, why == TDM_SIGNIN_UNKNOWN ?
	    "unknown-employee" : why == TDM_SIGNIN_LEFT ?
	    "inactive-employee" : oidc_code(f));
	tdm_diag_add(&d, NULL, 0, 0, "%s", refusal_message(r, f, why));
	login_form(r, 401, NULL, &d);
	tdm_diags_free(&d);
}

void
page_oidc_begin(struct req *r)
{
	const struct serve_opts	*o = serve_options();
	char			 binding[TDM_TOKEN_SIZE], cookie[160];
	unsigned char		 raw[32];
	char			*url = NULL;
	enum oidc_fail		 f;

	if (o == NULL || o->signin == NULL || o->signin->issuer == NULL) {
		reply_fail(r, 404, "no company sign-in is configured");
		return;
	}
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(binding, sizeof(binding), raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	f = oidc_begin(o->signin, r->st, binding,
	    safe_back(query(r, "back")), &url);
	if (f != OIDC_OK) {
		refuse(r, "oidc", f, TDM_SIGNIN_OK);
		return;
	}
	/*
	 * The browser that comes back must be this one (login CSRF).  Lax,
	 * not Strict: the provider's redirect back is a cross-site
	 * navigation, which a Strict cookie would not follow.
	 */
	snprintf(cookie, sizeof(cookie), "%s=%s; Path=/login/oidc; "
	    "HttpOnly; SameSite=Lax; Max-Age=600%s", OIDC_COOKIE, binding,
	    r->secure ? "; Secure" : "");
	free(r->cookie);
	r->cookie = strdup(cookie);
	free(r->location);
	r->location = url;
	r->status = 303;
	r->ctype = "text/plain; charset=utf-8";
	sodium_memzero(binding, sizeof(binding));
}

/*
 * Land signed in on back.  Not a redirect: the session cookie is
 * SameSite=Strict, and a browser withholds it for the rest of a
 * redirect chain that began on the provider's site; a page of ours
 * moving on is a navigation from this site.
 */
static void
signed_in_page(struct req *r, const char *session, const char *back)
{
	set_session_cookie(r, session);
	r->status = 200;
	r->ctype = "text/html; charset=utf-8";
	tdm_buf_reset(&r->out);
	H(r, "<!doctype html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"refresh\" content=\"0;url=%s\">\n"
	    "<title>%s · Tandem</title>\n"
	    "<link rel=\"stylesheet\" href=\"/static/app.css\">\n</head>\n"
	    "<body>\n<main id=\"main\"><p><a href=\"%s\">%s</a></p></main>\n"
	    "</body>\n</html>\n", r->lang, back,
	    L(r, "Connexion réussie", "Signed in"), back,
	    L(r, "Continuer vers Tandem", "Continue to Tandem"));
}

void
page_oidc_callback(struct req *r)
{
	const struct serve_opts	*o = serve_options();
	const struct signin_conf *c = o != NULL ? o->signin : NULL;
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			 binding[TDM_TOKEN_SIZE + 8];
	char			 session[TDM_TOKEN_SIZE], csrf[TDM_TOKEN_SIZE];
	char			*who = NULL, *back = NULL;
	const char		*h;
	enum tdm_signin_refusal	 why = TDM_SIGNIN_OK;
	enum oidc_fail		 f;
	enum tdm_err		 err;

	if (c == NULL || c->issuer == NULL) {
		reply_fail(r, 404, "no company sign-in is configured");
		return;
	}
	h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_COOKIE);
	if (!cookie_get(h, OIDC_COOKIE, binding, sizeof(binding)))
		*binding = '\0';
	f = oidc_finish(c, r->st, *binding ? binding : NULL,
	    query(r, "state"), query(r, "code"), query(r, "iss"),
	    query(r, "error"), time(NULL), &who, &back);
	sodium_memzero(binding, sizeof(binding));
	if (f != OIDC_OK) {
		refuse(r, "oidc", f, TDM_SIGNIN_OK);
		return;
	}
	/* Whoever this browser was before, it is now the provider's person
	 * or nobody. */
	end_session(r);
	r->signed_in = 0;
	memset(&r->who, 0, sizeof(r->who));
	err = tdm_signin_employee(r->st, c->claim_by == SIGNIN_BY_MATRICULE,
	    who, "oidc", session, csrf, &why, &d);
	tdm_diags_free(&d);
	if (err == TDM_EAUTH)
		refuse(r, "oidc", OIDC_OK, why);
	else if (err != TDM_OK)
		reply_error(r, err, NULL);
	else
		signed_in_page(r, session, safe_back(back));
	sodium_memzero(session, sizeof(session));
	if (who != NULL)
		sodium_memzero(who, strlen(who));
	free(who);
	free(back);
}

/*
 * Why the proxy's header of this request named nobody Tandem lets in,
 * for the login page the request ends on: per thread, as a request is.
 */
static _Thread_local enum tdm_signin_refusal proxy_refused;

static void
proxy_refusal(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;

	if (proxy_refused == TDM_SIGNIN_OK)
		return;
	tdm_diag_add(&d, NULL, 0, 0, "%s", refusal_message(r, OIDC_OK,
	    proxy_refused));
	page_diags(r, &d);
	tdm_diags_free(&d);
}

/*
 * Sign-in by the company's proxy: a header naming the person, believed
 * from the configured proxies only.  Called by the server for every
 * request before the session decides; a request from anyone else is
 * left as it is, header or not.
 */
void
proxy_signin(struct req *r, const char *peer)
{
	const struct serve_opts	*o = serve_options();
	const struct signin_conf *c = o != NULL ? o->signin : NULL;
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			 session[TDM_TOKEN_SIZE], csrf[TDM_TOKEN_SIZE];
	const char		*name;
	enum tdm_signin_refusal	 why;
	enum tdm_err		 err;
	int			 by_mat;

	proxy_refused = TDM_SIGNIN_OK;
	if (c == NULL || c->proxy_header == NULL ||
	    !proxy_trusted(o, peer))
		return;
	name = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    c->proxy_header);
	if (name == NULL || *name == '\0')
		return;
	by_mat = c->proxy_by == SIGNIN_BY_MATRICULE;
	/* The session already is this person's: nothing to do. */
	if (r->signed_in && (by_mat ? strcmp(r->who.actor.name, name) == 0 :
	    strcasecmp(r->who.email, name) == 0))
		return;
	if (r->signed_in) {
		end_session(r);
		r->signed_in = 0;
		memset(&r->who, 0, sizeof(r->who));
	}
	err = tdm_signin_employee(r->st, by_mat, name, "proxy", session, csrf,
	    &why, &d);
	if (err == TDM_OK &&
	    tdm_session_whoami(r->st, session, &r->who) == TDM_OK) {
		r->signed_in = 1;
		set_session_cookie(r, session);
	} else if (err == TDM_EAUTH) {
		proxy_refused = why;
		(void)tdm_signin_refused(r->st, "proxy", why ==
		    TDM_SIGNIN_LEFT ? "inactive-employee" :
		    "unknown-employee");
	}
	sodium_memzero(session, sizeof(session));
	tdm_diags_free(&d);
}

/* --- A programme's invitations in bulk (issue 14, point 3) ------- */

/* Whether the company signs its employees in (OpenID or proxy). */
static int
company_signin_on(void)
{
	const struct serve_opts	*o = serve_options();

	return o != NULL && o->signin != NULL &&
	    (o->signin->issuer != NULL || o->signin->proxy_header != NULL);
}

/*
 * Whether the invitations reach people by mail (issue 13): with a relay,
 * the outbox mails each link and the links are shown to nobody; with
 * none, the outbox writes them to the Maildir on the server, which no
 * invitee reads, so the manager still sees them once to pass them on.
 */
static int
invitations_mailed(void)
{
	const char	*relay = getenv("TANDEM_SMTP_URL");

	return relay != NULL && *relay != '\0';
}

static int
invitation_json(void *arg, const struct tdm_invitation *i)
{
	if (invitations_mailed())
		return json_push(arg, json_pack("{s:s,s:s,s:s,s:s}", "kind",
		    i->kind, "who", i->who, "name", i->name, "email",
		    i->email));
	return json_push(arg, json_pack("{s:s,s:s,s:s,s:s,s:s+}", "kind",
	    i->kind, "who", i->who, "name", i->name, "email", i->email,
	    "link", "/invite/", i->token));
}

void
api_programme_invite(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	json_t			*b = NULL, *list;
	unsigned		 what = TDM_INVITE_COACH |
				    TDM_INVITE_VOLUNTEERS;
	int			 count = 0;
	enum tdm_err		 err;

	if (r->body != NULL) {
		if ((b = body_object(r)) == NULL)
			return;
		if (json_object_get(b, "coach") != NULL && !jbool(b, "coach",
		    &d))
			what &= ~TDM_INVITE_COACH;
		if (json_object_get(b, "volunteers") != NULL &&
		    !jbool(b, "volunteers", &d))
			what &= ~TDM_INVITE_VOLUNTEERS;
	}
	/* Employees sign in with the company's account: no invitation. */
	if (company_signin_on())
		what &= ~TDM_INVITE_VOLUNTEERS;
	list = json_array();
	err = d.n ? TDM_EINVAL : list == NULL ? TDM_ENOMEM :
	    tdm_programme_invite(r->st, &r->who.actor, r->args[0], what,
	    invitation_json, list, &count, &d);
	finish(r, err, &d, 201, err == TDM_OK ? json_pack("{s:i,s:b,s:b,s:o}",
	    "count", count, "volunteers_by_company_signin",
	    company_signin_on(), "mailed", invitations_mailed(),
	    "invitations", list) : list);
	json_decref(b);
}

static int
invitation_row(void *arg, const struct tdm_invitation *i)
{
	struct req	*r = arg;

	if (invitations_mailed()) {
		H(r, "<tr><td>%s</td><td>%s</td><td>%s</td></tr>\n", i->name,
		    i->email, strcmp(i->kind, "coach") == 0 ?
		    L(r, "coach", "coach") : L(r, "volontaire", "volunteer"));
		return 0;
	}
	H(r, "<tr><td>%s</td><td>%s</td><td>%s</td>"
	    "<td><input readonly aria-label=\"%s\" value=\"/invite/%s\">"
	    "</td></tr>\n", i->name, i->email,
	    strcmp(i->kind, "coach") == 0 ? L(r, "coach", "coach") :
	    L(r, "volontaire", "volunteer"),
	    L(r, "Lien d'invitation", "Invitation link"), i->token);
	return 0;
}

static void
invite_page(struct req *r, int status, const struct tdm_diags *d)
{
	page_begin(r, status, L(r, "Inviter les participants",
	    "Invite the participants"));
	page_diags(r, d);
	H(r, "<form method=\"post\" class=\"card narrow\"><p>%s</p>",
	    company_signin_on() ? L(r, "Les salariés se connectent avec le "
	    "compte de l'entreprise : seul le coach externe reçoit une "
	    "invitation.", "Employees sign in with the company account: "
	    "only the external coach gets an invitation.") :
	    L(r, "Le coach externe et les volontaires qui n'ont pas encore "
	    "de mot de passe reçoivent chacun un lien d'invitation, valable "
	    "7 jours, qui remplace le précédent.", "The external coach and "
	    "the volunteers without a password yet each get an invitation "
	    "link, valid 7 days, which replaces the previous one."));
	csrf_field(r);
	H(r, "<button type=\"submit\">%s</button></form>\n",
	    L(r, "Créer les invitations", "Make the invitations"));
	page_end(r);
}

void
page_programme_invite(struct req *r)
{
	invite_page(r, 200, NULL);
}

void
page_programme_invite_post(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	unsigned		 what = TDM_INVITE_COACH;
	int			 count = 0;
	enum tdm_err		 err;

	if (!company_signin_on())
		what |= TDM_INVITE_VOLUNTEERS;
	page_begin(r, 201, L(r, "Invitations", "Invitations"));
	if (invitations_mailed())
		H(r, "<p>%s</p><table><thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "</tr></thead><tbody>\n", L(r, "Chacun reçoit son lien "
		    "d'invitation par e-mail.", "Each gets their invitation "
		    "link by e-mail."), L(r, "Nom", "Name"),
		    L(r, "E-mail", "E-mail"), L(r, "Rôle", "Role"));
	else
		H(r, "<p>%s</p><table><thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead><tbody>\n",
		    L(r, "Ces liens ne sont montrés qu'une fois : "
		    "transmettez-les maintenant, chacun à la personne qu'il "
		    "nomme.", "These links are shown once: pass them on now, "
		    "each to the person it names."), L(r, "Nom", "Name"), L(r, "E-mail", "E-mail"),
		    L(r, "Rôle", "Role"), L(r, "Lien", "Link"));
	err = tdm_programme_invite(r->st, &r->who.actor, r->args[0], what,
	    invitation_row, r, &count, &d);
	if (err != TDM_OK)
		invite_page(r, http_status(err), &d);
	else {
		H(r, "</tbody></table>\n<p>%d %s</p>", count,
		    L(r, "invitation(s)", "invitation(s)"));
		page_end(r);
	}
	tdm_diags_free(&d);
}

/*
 * The account page: a notice while an admin's invitation for this
 * account is pending, and the form to change one's password.
 */
static void
account_form(struct req *r, int status, const struct tdm_diags *d,
    int done)
{
	time_t		 issued = 0, expires = 0;
	struct tm	 tm;
	char		 day[32] = "";

	page_begin(r, status, L(r, "Mon compte", "My account"));
	if (tdm_account_reinvited(r->st, r->who.account, &issued, &expires) ==
	    TDM_OK && issued != 0) {
		gmtime_r(&issued, &tm);
		strftime(day, sizeof(day), "%d/%m/%Y", &tm);
		H(r, "<div class=\"card warn\" role=\"alert\"><p>%s %s. %s</p>"
		    "</div>\n", L(r, "Un administrateur a créé un nouveau lien "
		    "d'invitation pour votre compte le", "An administrator "
		    "created a new invitation link for your account on"), day,
		    L(r, "Celui qui l'utilise choisit un nouveau mot de passe "
		    "et toutes vos sessions prennent fin. Si vous ne l'avez "
		    "pas demandé, prévenez votre responsable de programme et "
		    "changez votre mot de passe ci-dessous.", "Whoever uses it "
		    "chooses a new password and all your sessions end. If you "
		    "did not ask for it, tell your programme manager and change "
		    "your password below."));
	}
	if (done)
		H(r, "<p role=\"status\" class=\"card\">%s</p>\n",
		    L(r, "Votre mot de passe est changé ; vos autres sessions "
		    "ont pris fin.", "Your password is changed; your other "
		    "sessions have ended."));
	page_diags(r, d);
	/*
	 * The optional messages' page (issue 13, page_mail.c): people of
	 * the roster only; a coach gets no reminder and no digest.
	 */
	if (r->who.actor.employee_id != 0)
		H(r, "<p><a href=\"/account/mail\">%s</a></p>\n", L(r,
		    "Choisir les messages que je reçois (rappels, résumé)",
		    "Choose the messages I get (reminders, digest)"));
	H(r, "<form method=\"post\" action=\"/account\" class=\"card narrow\">"
	    "<h2>%s</h2>", L(r, "Changer de mot de passe",
	    "Change your password"));
	csrf_field(r);
	H(r, "<label for=\"current\">%s</label>"
	    "<input id=\"current\" name=\"current\" type=\"password\" "
	    "autocomplete=\"current-password\" required>"
	    "<label for=\"password\">%s</label>"
	    "<p class=\"hint\" id=\"pwhint\">%s</p>"
	    "<input id=\"password\" name=\"password\" type=\"password\" "
	    "autocomplete=\"new-password\" minlength=\"%d\" "
	    "aria-describedby=\"pwhint\" required>"
	    "<label for=\"again\">%s</label>"
	    "<input id=\"again\" name=\"again\" type=\"password\" "
	    "autocomplete=\"new-password\" minlength=\"%d\" required>"
	    "<button type=\"submit\">%s</button></form>\n",
	    L(r, "Mot de passe actuel", "Current password"),
	    L(r, "Nouveau mot de passe", "New password"),
	    L(r, "Au moins 12 caractères, et pas l'un des mots de passe les "
	    "plus courants.", "At least 12 characters, and not one of the "
	    "most common passwords."), TDM_PASSWORD_MIN,
	    L(r, "Le même, une seconde fois", "The same again"),
	    TDM_PASSWORD_MIN, L(r, "Changer le mot de passe",
	    "Change the password"));
	page_end(r);
}

void
page_account(struct req *r)
{
	const char	*done = query(r, "done");

	account_form(r, 200, NULL, done != NULL &&
	    strcmp(done, "password") == 0);
}

void
page_account_post(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			 session[TDM_TOKEN_SIZE], csrf[TDM_TOKEN_SIZE];
	const char		*cur = F(r, "current"), *pw = F(r, "password");
	const char		*again = F(r, "again");
	enum tdm_err		 err;

	if (pw == NULL || again == NULL || strcmp(pw, again) != 0) {
		tdm_diag_add(&d, NULL, 0, 0, "%s", L(r, "les deux mots de "
		    "passe diffèrent", "the two passwords differ"));
		err = TDM_EINVAL;
	} else
		err = tdm_account_password(r->st, r->who.account,
		    cur ? cur : "", pw, session, csrf, &d);
	if (err == TDM_OK) {
		set_session_cookie(r, session);
		/* Post/redirect/get (issue 15): the new cookie goes with
		 * the redirect. */
		redirect(r, "/account?done=password");
	} else
		account_form(r, err == TDM_EAUTH ? 403 : http_status(err),
		    &d, 0);
	sodium_memzero(session, sizeof(session));
	sodium_memzero(csrf, sizeof(csrf));
	tdm_diags_free(&d);
}

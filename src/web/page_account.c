/*
 * The pages around an account: signing in, the invitation link,
 * signing out, the language; and the static files.
 */
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web.h"
#include "handlers.h"
#include "assets.h"

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

static void
login_form(struct req *r, int status, const char *email,
    const struct tdm_diags *d)
{
	page_begin(r, status, L(r, "Connexion", "Sign in"));
	page_diags(r, d);
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
	    "d'au moins 10 caractères, qui ne soit pas l'un des plus "
	    "courants.", "This link works once. Choose a password of at "
	    "least 10 characters, not one of the most common ones."),
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
	end_session(r);
	redirect(r, "/login");
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
	    L(r, "Au moins 10 caractères, et pas l'un des mots de passe les "
	    "plus courants.", "At least 10 characters, and not one of the "
	    "most common passwords."), TDM_PASSWORD_MIN,
	    L(r, "Le même, une seconde fois", "The same again"),
	    TDM_PASSWORD_MIN, L(r, "Changer le mot de passe",
	    "Change the password"));
	page_end(r);
}

void
page_account(struct req *r)
{
	account_form(r, 200, NULL, 0);
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
		if (tdm_session_whoami(r->st, session, &r->who) == TDM_OK)
			account_form(r, 200, NULL, 1);
		else
			redirect(r, "/login");
	} else
		account_form(r, err == TDM_EAUTH ? 403 : http_status(err),
		    &d, 0);
	sodium_memzero(session, sizeof(session));
	sodium_memzero(csrf, sizeof(csrf));
	tdm_diags_free(&d);
}

/*
 * /api/login, /api/logout, /api/invitations, /api/me: signing in and
 * out, invitations, and the signed-in person's own account and data.
 */
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"
#include "handlers.h"

json_t *
me_json(const struct tdm_whoami *w)
{
	json_t		*roles = json_array();
	enum tdm_role	 i;

	for (i = 0; i < TDM_ROLE__MAX; i++)
		if (w->actor.roles & (1u << i))
			json_array_append_new(roles,
			    json_string(tdm_role_name(i)));
	if (w->actor.coach_id != 0)
		json_array_append_new(roles, json_string("coach"));
	return json_pack("{s:s,s:s,s:s?,s:o,s:s,s:s}", "name", w->display,
	    "email", w->email, "employee", w->actor.employee_id ?
	    w->actor.name : NULL, "roles", roles, "lang", w->lang,
	    "csrf", w->csrf);
}

/* After a login or an accepted invitation: the cookie and who it is. */
static void
signed_in(struct req *r, const char *session, int status)
{
	if (tdm_session_whoami(r->st, session, &r->who) != TDM_OK) {
		reply_fail(r, 500, "the new session cannot be read");
		return;
	}
	set_session_cookie(r, session);
	reply_json(r, status, me_json(&r->who));
}

void
api_login(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			 session[TDM_TOKEN_SIZE], csrf[TDM_TOKEN_SIZE];
	const char		*email, *password;
	time_t			 retry = 0;
	enum tdm_err		 err;
	json_t			*b;

	if ((b = body_object(r)) == NULL)
		return;
	email = jstr(b, "email", &d);
	password = jstr(b, "password", &d);
	if (d.n == 0)
		err = tdm_login(r->st, email, password, session, csrf, &retry,
		    &d);
	else
		err = TDM_EINVAL;
	/* Issue 14: employees' passwords may be turned off. */
	if (err == TDM_OK && !api_password_allowed(r, session)) {
		tdm_diag_add(&d, NULL, 0, 0, "employees sign in with the "
		    "company account (employee-passwords = no)");
		err = TDM_EPERM;
	}
	if (err == TDM_OK)
		signed_in(r, session, 200);
	else {
		r->retry_after = (int)retry;
		reply_error(r, err, &d);
	}
	sodium_memzero(session, sizeof(session));
	json_decref(b);
	tdm_diags_free(&d);
}

void
api_logout(struct req *r)
{
	end_session(r);
	reply_json(r, 200, json_pack("{s:b}", "signed_in", 0));
}

void
api_invitation_accept(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			 session[TDM_TOKEN_SIZE], csrf[TDM_TOKEN_SIZE];
	const char		*token, *password;
	enum tdm_err		 err;
	json_t			*b;

	if ((b = body_object(r)) == NULL)
		return;
	token = jstr(b, "token", &d);
	password = jstr(b, "password", &d);
	err = d.n ? TDM_EINVAL : tdm_account_accept(r->st, token, password,
	    session, csrf, &d);
	/* Issue 14: employees' passwords may be turned off. */
	if (err == TDM_OK && !api_password_allowed(r, session)) {
		tdm_diag_add(&d, NULL, 0, 0, "employees sign in with the "
		    "company account (employee-passwords = no)");
		err = TDM_EPERM;
	}
	if (err == TDM_OK)
		signed_in(r, session, 200);
	else
		reply_error(r, err, &d);
	sodium_memzero(session, sizeof(session));
	json_decref(b);
	tdm_diags_free(&d);
}

void
api_invitation_create(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			 token[TDM_TOKEN_SIZE];
	const char		*who;
	enum tdm_err		 err;
	json_t			*b;

	if ((b = body_object(r)) == NULL)
		return;
	who = jstr(b, "who", &d);
	if (d.n == 0 && *who == '\0')
		tdm_diag_add(&d, "who", 0, 0, "a matricule or a coach's "
		    "e-mail address is needed");
	err = d.n ? TDM_EINVAL : tdm_account_invite(r->st, &r->who.actor,
	    who, token, &d);
	if (err == TDM_OK)
		reply_json(r, 201, json_pack("{s:s,s:s,s:s+}", "who", who,
		    "token", token, "link", "/invite/", token));
	else
		reply_error(r, err, &d);
	sodium_memzero(token, sizeof(token));
	json_decref(b);
	tdm_diags_free(&d);
}

void
api_me(struct req *r)
{
	reply_json(r, 200, me_json(&r->who));
}

void
api_me_lang(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*lang;
	enum tdm_err		 err;
	json_t			*b;

	if ((b = body_object(r)) == NULL)
		return;
	lang = jstr(b, "lang", &d);
	err = d.n ? TDM_EINVAL : tdm_account_lang(r->st, r->who.account, lang,
	    &d);
	if (err == TDM_OK) {
		snprintf(r->who.lang, sizeof(r->who.lang), "%s", lang);
		reply_json(r, 200, me_json(&r->who));
	} else
		reply_error(r, err, &d);
	json_decref(b);
	tdm_diags_free(&d);
}

void
api_me_export(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_buf		 out = TDM_BUF_INIT;
	enum tdm_err		 err;

	/* An external coach downloads theirs as an employee does. */
	if (r->who.actor.coach_id != 0)
		err = tdm_export_coach(r->st, &r->who.actor, r->who.email,
		    &out, &d);
	else
		err = tdm_export_person(r->st, &r->who.actor,
		    r->who.actor.name, &out, &d);
	if (err == TDM_OK)
		reply_bytes(r, 200, "application/json", out.buf, out.len,
		    "tandem-my-data.json");
	else
		reply_error(r, err, &d);
	tdm_buf_release(&out);
	tdm_diags_free(&d);
}

/*
 * PUT /api/me/password {"current": ..., "password": ...}: change one's
 * own password; every session of the account ends, and this answer
 * carries the caller's new session (cookie and CSRF token).
 */
void
api_me_password(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			 session[TDM_TOKEN_SIZE], csrf[TDM_TOKEN_SIZE];
	const char		*current, *password;
	enum tdm_err		 err;
	json_t			*b;

	if ((b = body_object(r)) == NULL)
		return;
	current = jstr(b, "current", &d);
	password = jstr(b, "password", &d);
	err = d.n ? TDM_EINVAL : tdm_account_password(r->st, r->who.account,
	    current, password, session, csrf, &d);
	/* A wrong current password is a refusal, not a signed-out caller. */
	if (err == TDM_EAUTH)
		err = TDM_EPERM;
	if (err == TDM_OK)
		signed_in(r, session, 200);
	else
		reply_error(r, err, &d);
	sodium_memzero(session, sizeof(session));
	sodium_memzero(csrf, sizeof(csrf));
	json_decref(b);
	tdm_diags_free(&d);
}

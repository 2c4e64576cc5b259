/*
 * Building answers: JSON values, the one error shape, downloads; and
 * reading JSON bodies and query strings.
 */
#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

void
reply_bytes(struct req *r, int status, const char *ctype, const char *data,
    size_t len, const char *filename)
{
	r->status = status;
	r->ctype = ctype;
	tdm_buf_reset(&r->out);
	tdm_buf_add(&r->out, data, len);
	free(r->filename);
	r->filename = filename ? strdup(filename) : NULL;
}

void
reply_json(struct req *r, int status, json_t *v)
{
	char	*s;

	if (v == NULL || (s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS)) ==
	    NULL) {
		json_decref(v);
		r->status = 500;
		r->ctype = "application/json";
		tdm_buf_reset(&r->out);
		tdm_buf_adds(&r->out, "{\"error\":\"out of memory\","
		    "\"diagnostics\":[]}");
		return;
	}
	json_decref(v);
	reply_bytes(r, status, "application/json", s, strlen(s), NULL);
	free(s);
}

json_t *
diags_json(const struct tdm_diags *d)
{
	json_t		*a = json_array(), *o;
	size_t		 i;

	for (i = 0; d != NULL && i < d->n; i++) {
		o = json_pack("{s:s}", "message", d->v[i].message);
		if (o == NULL)
			continue;
		if (d->v[i].source != NULL)
			json_object_set_new(o, "field",
			    json_string(d->v[i].source));
		if (d->v[i].line)
			json_object_set_new(o, "line",
			    json_integer((json_int_t)d->v[i].line));
		if (d->v[i].column)
			json_object_set_new(o, "column",
			    json_integer((json_int_t)d->v[i].column));
		json_array_append_new(a, o);
	}
	if (d != NULL && d->dropped)
		json_array_append_new(a, json_pack("{s:s}", "message",
		    "and more problems, not listed"));
	return a;
}

/*
 * Each diagnostic's "text": its message in the request's language and in
 * a page's wording (issue 15); "message" stays the English of the API.
 */
static void
diags_text(struct req *r, json_t *a, const struct tdm_diags *d)
{
	struct tdm_buf	 t = TDM_BUF_INIT;
	size_t		 i;

	/* An entry lost for want of memory would shift the others. */
	if (d == NULL || json_array_size(a) < d->n)
		return;
	for (i = 0; i < d->n; i++) {
		tdm_buf_reset(&t);
		diag_text(r, &t, &d->v[i]);
		if (!t.failed)
			json_object_set_new(json_array_get(a, i), "text",
			    json_string(t.buf));
	}
	tdm_buf_release(&t);
}

void
reply_error(struct req *r, enum tdm_err err, const struct tdm_diags *d)
{
	const char	*msg = tdm_strerror(err);
	json_t		*a = diags_json(d);

	/* The first diagnostic says it best when there is only one. */
	if (d != NULL && d->n == 1 && d->v[0].source == NULL)
		msg = d->v[0].message;
	diags_text(r, a, d);
	reply_json(r, http_status(err), json_pack("{s:s,s:o}", "error", msg,
	    "diagnostics", a));
}

void
reply_fail(struct req *r, int status, const char *fmt, ...)
{
	va_list	 ap;
	char	 msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	reply_json(r, status, json_pack("{s:s,s:[]}", "error", msg,
	    "diagnostics"));
}

json_t *
body_object(struct req *r)
{
	const char	*ct;
	json_error_t	 e;
	json_t		*v;

	ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);
	if (ct == NULL || strncmp(ct, "application/json", 16) != 0) {
		reply_fail(r, 415, "send the body as application/json");
		return NULL;
	}
	v = json_loadb(r->body, r->bodylen, JSON_REJECT_DUPLICATES, &e);
	if (v == NULL) {
		/* jansson quotes the bad bytes, which may not be UTF-8. */
		json_t	*text = json_string(e.text);

		reply_json(r, 400, json_pack("{s:s,s:[{s:o,s:i,s:i}]}",
		    "error", "malformed JSON", "diagnostics", "message",
		    text ? text : json_string("the body is not UTF-8 text"),
		    "line", e.line < 1 ? 1 : e.line, "column",
		    e.column < 1 ? 1 : e.column));
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		reply_fail(r, 400, "the body must be a JSON object");
		return NULL;
	}
	return v;
}

const char *
jstr(json_t *o, const char *key, struct tdm_diags *d)
{
	json_t	*v = json_object_get(o, key);

	if (v == NULL || json_is_null(v))
		return "";
	if (!json_is_string(v)) {
		tdm_diag_add(d, key, 0, 0, "must be a string");
		return "";
	}
	if (strlen(json_string_value(v)) != json_string_length(v)) {
		tdm_diag_add(d, key, 0, 0, "must not contain a NUL character");
		return "";
	}
	return json_string_value(v);
}

int
jint(json_t *o, const char *key, int def, struct tdm_diags *d)
{
	json_t		*v = json_object_get(o, key);
	json_int_t	 i;

	if (v == NULL || json_is_null(v))
		return def;
	if (!json_is_integer(v)) {
		tdm_diag_add(d, key, 0, 0, "must be an integer");
		return def;
	}
	i = json_integer_value(v);
	if (i < -1000000000 || i > 1000000000) {
		tdm_diag_add(d, key, 0, 0, "is out of range");
		return def;
	}
	return (int)i;
}

int
jbool(json_t *o, const char *key, struct tdm_diags *d)
{
	json_t	*v = json_object_get(o, key);

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_boolean(v)) {
		tdm_diag_add(d, key, 0, 0, "must be true or false");
		return 0;
	}
	return json_is_true(v);
}

const char *
query(struct req *r, const char *key)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND,
	    key);
}

/* A value of the request in this thread could not be built. */
static _Thread_local int push_failed;

int
json_push(json_t *a, json_t *v)
{
	if (v == NULL || json_array_append_new(a, v) != 0) {
		push_failed = 1;
		return -1;
	}
	return 0;
}

void
json_push_reset(void)
{
	push_failed = 0;
}

void
finish(struct req *r, enum tdm_err err, struct tdm_diags *d, int status,
    json_t *v)
{
	if (err == TDM_OK && push_failed)
		err = TDM_ENOMEM;
	push_failed = 0;
	if (err == TDM_OK)
		reply_json(r, status, v);
	else {
		json_decref(v);
		reply_error(r, err, d);
	}
	tdm_diags_free(d);
}

/*
 * What a page's error says, by status: the person's language, what
 * happened and what to do, never the API's English sentence.
 */
static const struct {
	int		 status;
	const char	*title_fr, *title_en, *text_fr, *text_en;
} page_errors[] = {
	{ 400, "Demande illisible", "Request not understood",
	    "La demande n'a pas pu être lue. Revenez à la page précédente et "
	    "recommencez.", "The request could not be read. Go back to the "
	    "previous page and try again." },
	{ 401, "Connexion nécessaire", "Sign-in needed",
	    "Connectez-vous d'abord.", "Sign in first." },
	{ 403, "Accès refusé", "Access refused",
	    "Cette page ou cet acte ne fait pas partie de votre rôle, ou le "
	    "formulaire a expiré. Rechargez la page d'où vous venez et "
	    "recommencez : rien n'a été fait.", "This page or act is not part "
	    "of your role, or the form has expired. Reload the page you came "
	    "from and try again: nothing was done." },
	{ 404, "Page introuvable", "Page not found",
	    "Cette adresse ne mène à aucune page de Tandem : le lien est "
	    "peut-être incomplet, ou ce qu'il désignait n'existe plus.",
	    "This address leads to no page of Tandem: the link may be "
	    "incomplete, or what it named no longer exists." },
	{ 405, "Adresse d'un formulaire", "A form's address",
	    "Cette adresse reçoit un formulaire et ne s'ouvre pas "
	    "directement. Rien n'a été refait : le formulaire a déjà été "
	    "traité, ou n'a pas été envoyé.", "This address receives a form "
	    "and does not open by itself. Nothing was done again: the form "
	    "was already handled, or was not sent." },
	{ 413, "Envoi trop grand", "Too large",
	    "Ce qui a été envoyé dépasse la taille acceptée.",
	    "What was sent is larger than accepted." },
	{ 414, "Adresse trop longue", "Address too long",
	    "Cette adresse est trop longue pour être lue.",
	    "This address is too long to be read." },
	{ 429, "Trop de tentatives", "Too many attempts",
	    "Trop de tentatives depuis cette adresse : patientez quelques "
	    "minutes avant de réessayer.", "Too many attempts from this "
	    "address: wait a few minutes before trying again." },
	{ 431, "Demande trop grande", "Request too large",
	    "Les en-têtes de la demande sont trop grands.",
	    "The request's headers are too large." },
	{ 503, "Service indisponible", "Service unavailable",
	    "Tandem est momentanément indisponible. Réessayez dans un "
	    "instant.", "Tandem is unavailable for a moment. Try again "
	    "shortly." },
	{ 507, "Espace disque plein", "Disk full",
	    "Le serveur n'a plus de place pour enregistrer : rien n'a été "
	    "enregistré. Prévenez l'administration de Tandem.", "The server "
	    "has no room left to save: nothing was saved. Tell Tandem's "
	    "administrators." },
	{ 500, "Erreur du serveur", "Server error",
	    "Une erreur est survenue de notre côté ; rien n'a été enregistré "
	    "à moitié. Réessayez dans un instant.", "Something went wrong on "
	    "our side; nothing was half saved. Try again shortly." },
};

void
error_page(struct req *r)
{
	size_t	 i, n = sizeof(page_errors) / sizeof(page_errors[0]);
	char	 parent[256];
	int	 status = r->status;
	size_t	 len;

	for (i = 0; i < n - 1; i++)
		if (page_errors[i].status == status)
			break;
	free(r->filename);
	r->filename = NULL;
	page_begin(r, status, L(r, page_errors[i].title_fr,
	    page_errors[i].title_en));
	H(r, "<div class=\"error\" role=\"alert\"><p>%s</p></div>\n",
	    L(r, page_errors[i].text_fr, page_errors[i].text_en));
	H(r, "<p><span class=\"muted\">%s %d</span></p><ul class=\"links\">",
	    L(r, "Code d'erreur", "Error code"), status);
	/* A form's address opened again: the page that holds the form. */
	len = strlen(r->path);
	while (len > 1 && r->path[len - 1] != '/')
		len--;
	if (status == 405 && len > 1 && len < sizeof(parent)) {
		snprintf(parent, sizeof(parent), "%.*s", (int)(len - 1),
		    r->path);
		H(r, "<li><a href=\"%s\">%s</a></li>", parent,
		    L(r, "Revenir à la page du formulaire",
		    "Back to the form's page"));
	}
	H(r, "<li><a href=\"/\">%s</a></li></ul>\n", r->signed_in ?
	    L(r, "Retour à l'accueil", "Back to the home page") :
	    L(r, "Se connecter", "Sign in"));
	page_end(r);
}

/*
 * Recognition for the young mentors (issue 16, point 4): the mentor's
 * page of kudos and attestations, the mentee's kudos form, and the
 * public verification page of an attestation, which needs no sign-in
 * and prints as the attestation itself (static/attestation.css).
 */
#include <stdlib.h>
#include <string.h>

#include "web.h"
#include "handlers.h"

/* A code as Tandem writes it: letters, digits and dashes, short. */
static int
code_ok(const char *s)
{
	size_t	 n = strlen(s);

	return n > 0 && n < TDM_ATTESTATION_CODE &&
	    strspn(s, "0123456789ABCDEFGHJKMNPQRSTVWXYZ-") == n;
}

/* The attestation's text, line by line: "- " lines as a list. */
static void
attestation_text(struct req *r, const char *text)
{
	const char	*p = text, *nl;
	char		 line[1024];
	size_t		 n;
	int		 inlist = 0, first = 1;

	Hraw(r, "<article class=\"attestation\">");
	while (*p != '\0') {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		if (first)
			H(r, "<h2>%s</h2>", line);
		else if (strncmp(line, "- ", 2) == 0) {
			if (!inlist)
				Hraw(r, "<ul>");
			inlist = 1;
			H(r, "<li>%s</li>", line + 2);
		} else {
			if (inlist)
				Hraw(r, "</ul>");
			inlist = 0;
			H(r, "<p>%s</p>", line);
		}
		first = 0;
		p = nl != NULL ? nl + 1 : p + strlen(p);
	}
	if (inlist)
		Hraw(r, "</ul>");
	Hraw(r, "</article>");
}

static void
verify_form(struct req *r)
{
	H(r, "<form method=\"get\" action=\"/verify\" class=\"card narrow "
	    "noprint\"><label for=\"code\">%s</label>"
	    "<input id=\"code\" name=\"code\" autocomplete=\"off\" "
	    "spellcheck=\"false\" placeholder=\"ABCD-EFGH-JKMN\" required>"
	    "<button type=\"submit\">%s</button></form>",
	    L(r, "Code de vérification", "Verification code"),
	    L(r, "Vérifier", "Verify"));
}

/* GET /verify[?code=CODE]: the form, or on to the code's page. */
void
page_verify(struct req *r)
{
	const char	*code = query(r, "code");
	char		 up[TDM_ATTESTATION_CODE];
	size_t		 i;

	if (code != NULL && strlen(code) < sizeof(up)) {
		for (i = 0; code[i] != '\0'; i++)
			up[i] = (char)(code[i] >= 'a' && code[i] <= 'z' ?
			    code[i] - 'a' + 'A' : code[i]);
		up[i] = '\0';
		if (code_ok(up)) {
			redirect(r, "/verify/%s", up);
			return;
		}
	}
	page_begin(r, code == NULL ? 200 : 400, L(r, "Vérifier une "
	    "attestation", "Verify an attestation"));
	H(r, "<p>%s</p>", L(r, "Le code figure sur "
	    "l'attestation. Tandem dit si elle est authentique, sans "
	    "connexion.", "The code is on the attestation. Tandem says "
	    "whether it is genuine; no sign-in needed."));
	if (code != NULL)
		H(r, "<p role=\"alert\">%s</p>", L(r, "Ce code n'a pas la "
		    "forme d'un code d'attestation.", "This is not the shape "
		    "of an attestation code."));
	verify_form(r);
	page_end(r);
}

/* GET /verify/CODE: genuine or not, and the text as it was issued. */
void
page_verify_code(struct req *r)
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_buf			 text = TDM_BUF_INIT;
	enum tdm_attestation_state	 state = TDM_ATTESTATION_UNKNOWN;
	enum tdm_err			 err = TDM_OK;
	const char			*code = r->args[0];

	if (code_ok(code))
		err = tdm_attestation_verify(r->st, code, NULL, &state, &text,
		    &d);
	if (err != TDM_OK) {
		page_begin(r, http_status(err), L(r, "Attestation",
		    "Attestation"));
		page_diags(r, &d);
		page_end(r);
		goto out;
	}
	page_begin(r, state == TDM_ATTESTATION_GENUINE ? 200 :
	    state == TDM_ATTESTATION_UNKNOWN ? 404 :
	    state == TDM_ATTESTATION_WITHDRAWN ? 410 : 409,
	    L(r, "Vérification d'une attestation",
	    "Verifying an attestation"));
	Hraw(r, "<link rel=\"stylesheet\" href=\"/static/attestation.css\">");
	switch (state) {
	case TDM_ATTESTATION_GENUINE:
		H(r, "<p class=\"verdict genuine\" role=\"status\">%s %s</p>",
		    L(r, "Attestation authentique : elle est celle que Tandem "
		    "a délivrée, inscrite dans son journal d'audit sous le "
		    "code", "Genuine attestation: it is the one Tandem issued, "
		    "recorded in its audit log under the code"), code);
		attestation_text(r, text.buf);
		H(r, "<p class=\"noprint\">%s</p>", L(r, "Pour "
		    "l'imprimer, utilisez la commande Imprimer du "
		    "navigateur : seule l'attestation sera imprimée.",
		    "To print it, use the browser's Print command: only the "
		    "attestation is printed."));
		break;
	case TDM_ATTESTATION_TAMPERED:
		H(r, "<p class=\"verdict refused\" role=\"alert\">%s</p>",
		    L(r, "Attestation refusée : son texte ne correspond plus "
		    "à celui que Tandem a délivré et inscrit dans son journal "
		    "d'audit. Elle a été modifiée.", "Attestation refused: "
		    "its text no longer matches the one Tandem issued and "
		    "recorded in its audit log. It was changed."));
		break;
	case TDM_ATTESTATION_WITHDRAWN:
		H(r, "<p class=\"verdict refused\" role=\"alert\">%s</p>",
		    L(r, "Attestation retirée : une personne qu'elle nommait a "
		    "retiré son accord. Son texte n'est plus montré ; le mentor "
		    "peut en établir une nouvelle.", "Attestation withdrawn: "
		    "a person it named withdrew their agreement. Its text is "
		    "no longer shown; the mentor may issue a new one."));
		break;
	default:
		H(r, "<p class=\"verdict refused\" role=\"alert\">%s</p>",
		    L(r, "Aucune attestation ne porte ce code.",
		    "No attestation has this code."));
		verify_form(r);
		break;
	}
	page_end(r);
out:
	tdm_buf_release(&text);
	tdm_diags_free(&d);
}

static int
attestation_one(void *arg, const char *code, const char *date)
{
	struct req	*r = arg;

	H(r, "<li><a href=\"/verify/%s\">%s %s</a> (%s %s)</li>", code,
	    L(r, "Attestation", "Attestation"), code, L(r, "établie le",
	    "issued on"), date);
	return 0;
}

static int
kudos_one(void *arg, const char *message, const char *date)
{
	struct req	*r = arg;

	H(r, "<li><blockquote>%s</blockquote><p class=\"muted\">%s</p></li>",
	    message, date);
	return 0;
}

/* One pair of the signed-in member: who agrees, and their button. */
static int
naming_one(void *arg, const struct tdm_naming *n)
{
	struct req	*r = arg;

	H(r, "<li><form method=\"post\" action=\"/programmes/%s/naming\">",
	    r->args[0]);
	csrf_field(r);
	H(r, "<p><strong>%s %s</strong> (%s)%s%s%s%s.</p>"
	    "<input type=\"hidden\" name=\"partner\" value=\"%s\">"
	    "<input type=\"hidden\" name=\"agree\" value=\"%s\">"
	    "<button type=\"submit\">%s</button></form></li>",
	    n->first_name, n->last_name, n->mentor ? L(r, "votre mentoré",
	    "your mentee") : L(r, "votre mentor", "your mentor"),
	    L(r, " : ", ": "),
	    n->mine ? L(r, "vous êtes d'accord", "you agree") : L(r, "vous "
	    "n'avez pas donné votre accord", "you have not agreed"),
	    L(r, " ; ", "; "), n->theirs ? (n->mentor ? L(r, "votre mentoré est d'accord",
	    "your mentee agrees") : L(r, "votre mentor est d'accord",
	    "your mentor agrees")) : (n->mentor ? L(r, "votre mentoré n'a "
	    "pas donné son accord", "your mentee has not agreed") : L(r,
	    "votre mentor n'a pas donné son accord", "your mentor has not "
	    "agreed")), n->partner, n->mine ? "0" : "1", n->mine ?
	    L(r, "Retirer mon accord", "Withdraw my agreement") :
	    L(r, "Donner mon accord", "Give my agreement"));
	return 0;
}

/*
 * Whether the attestation names the mentee: both people's agreement,
 * each given or withdrawn here (issue 16, point 4).
 */
static void
naming_section(struct req *r)
{
	struct tdm_diags	 none = TDM_DIAGS_INIT;

	H(r, "<h2>%s</h2><p>%s</p><ul class=\"cards\">", L(r, "Nommer le "
	    "mentoré sur l'attestation", "Naming the mentee on the "
	    "attestation"), L(r, "Par défaut, l'attestation du mentor ne "
	    "nomme pas son mentoré. Elle le nomme si tous deux donnent leur "
	    "accord ; chacun peut le retirer, et les attestations qui le "
	    "nommaient sont alors retirées.", "By default, the mentor's "
	    "attestation does not name their mentee. It names them if both "
	    "agree; either may withdraw, and the attestations that named "
	    "the mentee are then withdrawn."));
	(void)tdm_attestation_naming_each(r->st, &r->who.actor, r->args[0],
	    naming_one, r, &none);
	Hraw(r, "</ul>");
	tdm_diags_free(&none);
}

/* GET /programmes/P/kudos: the mentor's thanks, or the mentee's form. */
void
page_kudos(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT, none = TDM_DIAGS_INIT;
	struct tdm_buf		 items = TDM_BUF_INIT;
	const char		*done = query(r, "done");
	enum tdm_err		 err;
	int			 n = 0;

	page_begin(r, 200, L(r, "Remerciements", "Kudos"));
	Hraw(r, "<link rel=\"stylesheet\" href=\"/static/attestation.css\">");
	if (done != NULL && strcmp(done, "sent") == 0)
		H(r, "<p role=\"status\" class=\"verdict genuine\">%s</p>",
		    L(r, "Merci envoyé : seul votre mentor le lira.",
		    "Thanks sent: only your mentor reads it."));
	if (done != NULL && strcmp(done, "naming") == 0)
		H(r, "<p role=\"status\" class=\"verdict genuine\">%s</p>",
		    L(r, "Votre choix est enregistré.", "Your choice is "
		    "recorded."));
	/* The list is written after the count, which it gives. */
	{
		struct tdm_buf	 page = r->out;

		r->out = items;
		err = tdm_kudos_list(r->st, &r->who.actor, r->args[0],
		    kudos_one, r, &n, &none);
		items = r->out;
		r->out = page;
	}
	if (err == TDM_OK) {
		H(r, "<p class=\"kudos-count\">%d %s</p><p>%s</p>", n,
		    n > 1 ? L(r, "remerciements reçus de vos mentorés",
		    "kudos received from your mentees") : L(r, "remerciement "
		    "reçu de vos mentorés", "kudos received from your "
		    "mentees"), L(r, "Ils ne sont lus que par vous, et ne "
		    "sont jamais classés. Leur nombre figure sur votre "
		    "attestation.", "Only you read them, and they are never "
		    "ranked. Their number is on your attestation."));
		if (n > 0) {
			Hraw(r, "<ul class=\"cards\">");
			tdm_buf_add(&r->out, items.buf, items.len);
			Hraw(r, "</ul>");
		}
		H(r, "<h2>%s</h2><p>%s</p><form method=\"post\" action="
		    "\"/programmes/%s/attestation\">", L(r, "Votre "
		    "attestation", "Your attestation"), L(r, "Une attestation "
		    "imprimable de vos séances tenues, de vos heures et des "
		    "thèmes transmis avec leurs compétences du CRCN, que "
		    "chacun peut vérifier par son code. Elle ne nomme un "
		    "mentoré que si vous êtes tous deux d'accord.", "A "
		    "printable attestation of the sessions and hours you held "
		    "and the topics you taught with their CRCN competences, "
		    "which anyone can verify by its code. It names a mentee "
		    "only if you both agree."), r->args[0]);
		csrf_field(r);
		H(r, "<button type=\"submit\">%s</button></form>",
		    L(r, "Établir mon attestation", "Issue my attestation"));
		/* The ones issued already, each on its public page. */
		Hraw(r, "<ul>");
		(void)tdm_attestation_list(r->st, &r->who.actor, r->args[0],
		    attestation_one, r, &none);
		Hraw(r, "</ul>");
		naming_section(r);
	} else {
		H(r, "<p>%s</p><form method=\"post\" action=\"/programmes/%s/"
		    "kudos\" class=\"card narrow\">", L(r, "Un mot de "
		    "remerciement à votre mentor : il sera seul à le lire. "
		    "Un second message remplace le premier.", "A word of "
		    "thanks to your mentor: only they read it. A second "
		    "message replaces the first."), r->args[0]);
		csrf_field(r);
		H(r, "<label for=\"message\">%s</label>"
		    "<textarea id=\"message\" name=\"message\" "
		    "maxlength=\"%d\" rows=\"3\" required></textarea>"
		    "<button type=\"submit\">%s</button></form>",
		    L(r, "Votre message (280 caractères au plus)",
		    "Your message (280 characters at most)"), TDM_KUDOS_MAX,
		    L(r, "Envoyer", "Send"));
		naming_section(r);
	}
	page_end(r);
	tdm_buf_release(&items);
	tdm_diags_free(&d);
	tdm_diags_free(&none);
}

/*
 * After an act from the kudos page: back to it with done (post/
 * redirect/get), or the reasons of a refusal with the way back.
 */
static void
acted(struct req *r, enum tdm_err err, struct tdm_diags *d,
    const char *done, const char *title)
{
	if (err == TDM_OK) {
		redirect(r, "/programmes/%s/kudos?done=%s", r->args[0], done);
		return;
	}
	page_begin(r, http_status(err), title);
	page_diags(r, d);
	H(r, "<p><a href=\"/programmes/%s/kudos\">%s</a></p>", r->args[0],
	    L(r, "Retour", "Back"));
	page_end(r);
}

/* POST /programmes/P/kudos: message. */
void
page_kudos_post(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*message = F(r, "message");
	char			*one = NULL, *p;
	const char		*s;
	enum tdm_err		 err;

	/* A textarea's line breaks become spaces: kudos are one line. */
	if (message != NULL && (one = strdup(message)) != NULL) {
		for (s = message, p = one; *s != '\0'; s++)
			if (*s != '\r')
				*p++ = *s == '\n' || *s == '\t' ? ' ' : *s;
		*p = '\0';
	}
	if (message != NULL && one == NULL)
		err = TDM_ENOMEM;
	else
		err = tdm_kudos_send(r->st, &r->who.actor, r->args[0], NULL,
		    one != NULL ? one : "", &d);
	acted(r, err, &d, "sent", L(r, "Remerciements", "Kudos"));
	free(one);
	tdm_diags_free(&d);
}

/* POST /programmes/P/attestation: the signed-in mentor's own. */
void
page_attestation_post(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_buf		 text = TDM_BUF_INIT;
	char			 code[TDM_ATTESTATION_CODE];
	enum tdm_err		 err;

	err = tdm_attestation_issue(r->st, &r->who.actor, r->args[0],
	    r->who.actor.name, code, &text, &d);
	if (err == TDM_OK)
		redirect(r, "/verify/%s", code);
	else {
		page_begin(r, http_status(err), L(r, "Attestation",
		    "Attestation"));
		page_diags(r, &d);
		H(r, "<p><a href=\"/programmes/%s/kudos\">%s</a></p>",
		    r->args[0], L(r, "Retour", "Back"));
		page_end(r);
	}
	tdm_buf_release(&text);
	tdm_diags_free(&d);
}

/* POST /programmes/P/naming: partner, agree (1 or 0). */
void
page_naming_post(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*partner = F(r, "partner");
	const char		*agree = F(r, "agree");
	enum tdm_err		 err;

	err = tdm_attestation_naming(r->st, &r->who.actor, r->args[0],
	    partner, agree != NULL && strcmp(agree, "1") == 0, &d);
	acted(r, err, &d, "naming", L(r, "Attestation", "Attestation"));
	tdm_diags_free(&d);
}

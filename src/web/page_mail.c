/*
 * The outbox page (/admin/mail): what Tandem has queued, sent and
 * failed to send, newest first, with the relay's answer for a failure.
 * For admins and programme managers, who see the same list as "tandem
 * mail list"; nothing here sends or changes a message.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web.h"
#include "handlers.h"

#define SHOWN	200

struct rows {
	struct req	*r;
	size_t		 n;
};

static const char *
state_label(const struct req *r, const char *state)
{
	if (strcmp(state, "sent") == 0)
		return L(r, "envoyé", "sent");
	if (strcmp(state, "failed") == 0)
		return L(r, "non remis", "not delivered");
	return L(r, "en attente", "queued");
}

/* "2026-11-27T09:00:00Z" as "27/11/2026 09:00" (UTC), for people. */
static void
when(const char *iso, char *buf, size_t size)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	if (strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm) != NULL)
		strftime(buf, size, "%d/%m/%Y %H:%M", &tm);
	else
		snprintf(buf, size, "—");
}

static int
mail_row(void *arg, const struct tdm_mail *m)
{
	struct rows	*l = arg;
	struct req	*r = l->r;
	char		 at[32];

	if (l->n++ == 0)
		H(r, "<div class=\"table-wrap\" tabindex=\"0\"><table>"
		    "<caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead><tbody>",
		    L(r, "Messages, du plus récent au plus ancien",
		    "Messages, newest first"), L(r, "État", "State"),
		    L(r, "Destinataire", "Recipient"), L(r, "Objet", "Subject"),
		    L(r, "Programme", "Programme"), L(r, "Créé (UTC)",
		    "Queued (UTC)"), L(r, "Réponse du serveur",
		    "Server's answer"));
	when(m->created_at, at, sizeof(at));
	/* The subject is in the recipient's language (WCAG 3.1.2). */
	H(r, "<tr class=\"mail-%s\"><td>%s</td><td>%s &lt;%s&gt;</td>"
	    "<td lang=\"%s\">%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
	    m->state, state_label(r, m->state), m->rcpt_name, m->rcpt_addr,
	    strcmp(m->lang, "en") == 0 ? "en" : "fr", m->subject,
	    m->programme, at, m->last_error);
	return 0;
}

void
page_mail(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct rows		 l = { r, 0 };
	size_t			 queued, sent, failed;
	enum tdm_err		 err;

	if ((err = tdm_mail_counts(r->st, &r->who.actor, &queued, &sent,
	    &failed, &d)) != TDM_OK) {
		page_begin(r, err == TDM_EPERM ? 403 : 500,
		    L(r, "Messages", "Messages"));
		page_diags(r, &d);
		page_end(r);
		tdm_diags_free(&d);
		return;
	}
	page_begin(r, 200, L(r, "Messages", "Messages"));
	H(r, "<p>%s</p>", L(r, "Les messages que Tandem envoie aux "
	    "personnes concernées par chaque acte : invitations aux séances, "
	    "propositions de binôme, annonces de programme, rappels.",
	    "The messages Tandem sends to the people each act concerns: "
	    "session invitations, proposed pairs, programme announcements, "
	    "reminders."));
	H(r, "<ul class=\"counts\"><li>%s : %zu</li><li>%s : %zu</li>"
	    "<li>%s : %zu</li></ul>", L(r, "En attente", "Queued"), queued,
	    L(r, "Envoyés", "Sent"), sent, L(r, "Non remis", "Not delivered"),
	    failed);
	if (failed > 0)
		H(r, "<p class=\"notice\" role=\"status\">%s</p>", L(r,
		    "Des messages n'ont pas pu être remis : la réponse du "
		    "serveur de messagerie dit pourquoi. Corrigez l'adresse "
		    "dans l'annuaire, puis demandez à l'administrateur de "
		    "les renvoyer.", "Some messages could not be delivered: "
		    "the mail server's answer says why. Correct the address "
		    "in the roster, then ask the administrator to send them "
		    "again."));
	(void)tdm_mail_each(r->st, &r->who.actor, NULL, 0, SHOWN, mail_row,
	    &l, &d);
	H(r, l.n ? "</tbody></table></div>\n" : "<p class=\"muted\">%s</p>",
	    L(r, "Aucun message pour l'instant.", "No message yet."));
	page_end(r);
	tdm_diags_free(&d);
}

/*
 * A person's optional messages (/account/mail): the reminders before a
 * session or a proposal's deadline, and the weekly digest.  The messages
 * that carry an act concerning them (a proposal, an answer, a session
 * planned, moved or cancelled...) cannot be turned off, and the page
 * says so.  Post, then redirect to the page, which says it is saved.
 */
static void
prefs_page(struct req *r, int status, const struct tdm_diags *d)
{
	struct tdm_diags	 rd = TDM_DIAGS_INIT;
	int			 rem = 1, dig = 1;
	int			 manager = r->who.actor.roles &
				    (1u << TDM_ROLE_MANAGER);

	if (d == NULL && tdm_mail_prefs_get(r->st, &r->who.actor, &rem, &dig,
	    &rd) != TDM_OK) {
		page_begin(r, 403, L(r, "Mes messages", "My messages"));
		H(r, "<p>%s</p>", L(r, "Seules les personnes de l'effectif "
		    "reçoivent des rappels et des résumés : ce compte n'en "
		    "reçoit pas.", "Only people in the roster get reminders "
		    "and digests: this account gets none."));
		page_end(r);
		tdm_diags_free(&rd);
		return;
	}
	tdm_diags_free(&rd);
	page_begin(r, status, L(r, "Mes messages", "My messages"));
	page_diags(r, d);
	if (query(r, "saved") != NULL && d == NULL)
		H(r, "<p role=\"status\" class=\"card\">%s</p>\n",
		    L(r, "Vos choix sont enregistrés.", "Your choices are "
		    "saved."));
	H(r, "<form method=\"post\" action=\"/account/mail\" "
	    "class=\"card narrow\">");
	csrf_field(r);
	H(r, "<fieldset><legend>%s</legend>", L(r, "Messages facultatifs",
	    "Optional messages"));
	H(r, "<label class=\"check\"><input type=\"checkbox\" "
	    "name=\"reminders\" value=\"on\"%s aria-describedby=\"remhint\">"
	    "%s</label>"
	    "<p class=\"hint\" id=\"remhint\">%s</p>", rem ? " checked" : "",
	    L(r, "Rappels", "Reminders"), L(r, "La veille de chaque séance, "
	    "et deux jours avant la date limite d'une proposition de binôme "
	    "à laquelle vous n'avez pas répondu.", "The day before each "
	    "session, and two days before the deadline of a proposed "
	    "pairing you have not answered."));
	H(r, "<label class=\"check\"><input type=\"checkbox\" "
	    "name=\"digests\" value=\"on\"%s aria-describedby=\"dighint\">"
	    "%s</label>"
	    "<p class=\"hint\" id=\"dighint\">%s</p></fieldset>",
	    dig ? " checked" : "", L(r, "Résumé de la semaine",
	    "Weekly digest"), manager ? L(r, "Pour chacun de vos programmes "
	    "en cours : les binômes à risque et les propositions sans "
	    "réponse.", "For each of your running programmes: the tandems "
	    "at risk and the proposals not answered.") : L(r, "Envoyé aux "
	    "responsables de programme ; vous n'en recevez pas tant que "
	    "vous n'en êtes pas un.", "Sent to programme managers; you get "
	    "none unless you are one."));
	H(r, "<p>%s</p>", L(r, "Les messages qui vous annoncent un acte qui "
	    "vous concerne (une proposition de binôme, une réponse, une "
	    "séance prévue, déplacée ou annulée, la fin d'un binôme) ne "
	    "peuvent pas être désactivés.", "The messages that tell you of "
	    "an act that concerns you (a proposed partner, an answer, a "
	    "session planned, moved or cancelled, a tandem's end) cannot be "
	    "turned off."));
	H(r, "<button type=\"submit\">%s</button></form>\n",
	    L(r, "Enregistrer", "Save"));
	page_end(r);
}

void
page_mail_prefs(struct req *r)
{
	prefs_page(r, 200, NULL);
}

void
page_mail_prefs_post(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*rem = F(r, "reminders");
	const char		*dig = F(r, "digests");
	enum tdm_err		 err;

	/* An unchecked box is absent from the form. */
	err = tdm_mail_prefs(r->st, &r->who.actor,
	    rem != NULL && strcmp(rem, "on") == 0,
	    dig != NULL && strcmp(dig, "on") == 0, &d);
	if (err == TDM_OK)
		redirect(r, "/account/mail?saved=1");
	else
		prefs_page(r, http_status(err), &d);
	tdm_diags_free(&d);
}

/* GET and PUT /api/me/mail: {"reminders": bool, "digests": bool}. */
void
api_me_mail(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	json_t			*b = NULL;
	int			 rem = -1, dig = -1;
	enum tdm_err		 err = TDM_OK;

	if (strcmp(r->method, "PUT") == 0) {
		if ((b = body_object(r)) == NULL)
			return;
		if (json_object_get(b, "reminders") != NULL)
			rem = jbool(b, "reminders", &d);
		if (json_object_get(b, "digests") != NULL)
			dig = jbool(b, "digests", &d);
		if (d.n == 0 && rem == -1 && dig == -1)
			tdm_diag_add(&d, NULL, 0, 0, "say \"reminders\" or "
			    "\"digests\", true or false");
		err = d.n ? TDM_EINVAL : tdm_mail_prefs(r->st, &r->who.actor,
		    rem, dig, &d);
	}
	if (err == TDM_OK)
		err = tdm_mail_prefs_get(r->st, &r->who.actor, &rem, &dig, &d);
	finish(r, err, &d, 200, err == TDM_OK ? json_pack("{s:b,s:b}",
	    "reminders", rem, "digests", dig) : NULL);
	json_decref(b);
}

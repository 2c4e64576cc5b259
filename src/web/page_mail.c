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
	H(r, "<tr class=\"mail-%s\"><td>%s</td><td>%s &lt;%s&gt;</td>"
	    "<td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>", m->state,
	    state_label(r, m->state), m->rcpt_name, m->rcpt_addr, m->subject,
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

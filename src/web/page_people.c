/*
 * The people page: invitations and roles (an admin's), external coaches
 * (a programme manager's).  An invitation's link is shown once, on the
 * answer to the form that made it, and kept nowhere.
 */
#include <inttypes.h>
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "web.h"
#include "handlers.h"

#define ADMIN(r)	((r)->who.actor.roles & (1u << TDM_ROLE_ADMIN))
#define MANAGER(r)	((r)->who.actor.roles & (1u << TDM_ROLE_MANAGER))

static const char *
role_label(const struct req *r, const char *role)
{
	if (strcmp(role, "manager") == 0)
		return L(r, "responsable de programme", "programme manager");
	if (strcmp(role, "sponsor") == 0)
		return L(r, "sponsor", "sponsor");
	return L(r, "administration", "admin");
}

struct grants {
	struct req	*r;
	size_t		 n;
};

static int
grant_row(void *arg, const struct tdm_role_grant *g)
{
	struct grants	*l = arg;
	struct req	*r = l->r;

	if (l->n++ == 0) {
		H(r, "<div class=\"table-wrap\" tabindex=\"0\"><table><thead>"
		    "<tr><th>%s</th><th>%s</th><th>%s</th>",
		    L(r, "Personne", "Person"), L(r, "Rôle", "Role"),
		    L(r, "Accordé", "Granted"));
		Hraw(r, ADMIN(r) ? "<th></th></tr></thead><tbody>" :
		    "</tr></thead><tbody>");
	}
	H(r, "<tr><td>%s %s (%s)</td><td>%s", g->first_name, g->last_name,
	    g->matricule, role_label(r, g->role));
	/* A role scoped to programmes names them (issue 14). */
	if (g->programmes != NULL && *g->programmes != '\0')
		H(r, " — %s %s", L(r, "pour", "for"), g->programmes);
	else if (strcmp(g->role, "admin") != 0)
		H(r, " — %s", L(r, "tous les programmes", "every programme"));
	H(r, "</td><td>%s, %s</td>", g->granted_at, g->granted_by);
	if (ADMIN(r)) {
		H(r, "<td><form method=\"post\" action=\"/people\" "
		    "class=\"inline\">");
		csrf_field(r);
		H(r, "<input type=\"hidden\" name=\"action\" value=\"revoke\">"
		    "<input type=\"hidden\" name=\"who\" value=\"%s\">"
		    "<input type=\"hidden\" name=\"role\" value=\"%s\">"
		    "<button type=\"submit\" class=\"secondary\">%s</button>"
		    "</form></td>", g->matricule, g->role,
		    L(r, "Retirer", "Revoke"));
	}
	H(r, "</tr>");
	return 0;
}

static int
coach_row(void *arg, const struct tdm_coach *c)
{
	struct grants	*l = arg;

	if (l->n++ == 0)
		H(l->r, "<ul>");
	H(l->r, "<li>%s &lt;%s&gt;, %s%s%s</li>", c->name, c->email,
	    c->organisation, *c->programmes ? " – " : "", c->programmes);
	return 0;
}

static int
programme_option(void *arg, const struct tdm_programme *p)
{
	struct req	*r = arg;

	H(r, "<option value=\"%" PRId64 "\">%s</option>", p->id, p->name);
	return 0;
}

static void
people_page(struct req *r, int status, const struct tdm_diags *d,
    const char *notice, const char *link)
{
	struct tdm_diags	 e = TDM_DIAGS_INIT;
	struct grants		 l = { r, 0 };

	if (tdm_may_view(r->st, &r->who.actor, NULL, TDM_VIEW_ROSTER, NULL,
	    &e) != TDM_OK) {
		page_begin(r, 403, L(r, "Personnes", "People"));
		page_diags(r, &e);
		page_end(r);
		tdm_diags_free(&e);
		return;
	}
	page_begin(r, status, L(r, "Personnes", "People"));
	page_diags(r, d);
	if (notice != NULL)
		H(r, "<div class=\"notice\" role=\"status\"><p>%s</p>", notice);
	if (link != NULL)
		H(r, "<p><code class=\"link\">%s</code></p><p class=\"hint\">"
		    "%s</p>", link, L(r, "Ce lien n'est affiché qu'une fois. "
		    "Envoyez-le à la personne par la messagerie de "
		    "l'entreprise ; il sert une fois, pendant sept jours.",
		    "This link is shown once. Send it to the person through "
		    "the company's mail; it works once, for seven days."));
	if (notice != NULL)
		H(r, "</div>");
	if (ADMIN(r)) {
		H(r, "<h2>%s</h2><form method=\"post\" action=\"/people\" "
		    "class=\"card narrow\">", L(r, "Inviter", "Invite"));
		csrf_field(r);
		H(r, "<input type=\"hidden\" name=\"action\" value=\"invite\">"
		    "<label for=\"who\">%s</label><input id=\"who\" name=\"who\" "
		    "required><button type=\"submit\">%s</button></form>",
		    L(r, "Matricule d'un salarié, ou e-mail d'un coach externe",
		    "An employee's id, or an external coach's e-mail"),
		    L(r, "Créer le lien d'invitation",
		    "Make the invitation link"));
	}
	H(r, "<h2>%s</h2>", L(r, "Rôles", "Roles"));
	(void)tdm_role_each(r->st, grant_row, &l);
	H(r, l.n ? "</tbody></table></div>\n" : "<p class=\"muted\">%s</p>",
	    L(r, "Aucun rôle accordé.", "No role granted."));
	if (ADMIN(r)) {
		H(r, "<form method=\"post\" action=\"/people\" class=\"card "
		    "narrow\">");
		csrf_field(r);
		H(r, "<input type=\"hidden\" name=\"action\" value=\"grant\">"
		    "<label for=\"grant-who\">%s</label><input id=\"grant-who\" "
		    "name=\"who\" required><label for=\"role\">%s</label>"
		    "<select id=\"role\" name=\"role\"><option value=\"manager\">"
		    "%s</option><option value=\"sponsor\">%s</option>"
		    "<option value=\"admin\">%s</option></select>",
		    L(r, "Matricule", "Employee id"), L(r, "Rôle", "Role"),
		    role_label(r, "manager"), role_label(r, "sponsor"),
		    role_label(r, "admin"));
		/* For every programme, or one (issue 14). */
		H(r, "<label for=\"scope\">%s</label><select id=\"scope\" "
		    "name=\"programme\"><option value=\"\">%s</option>",
		    L(r, "Programmes", "Programmes"), L(r, "Tous les "
		    "programmes", "Every programme"));
		(void)tdm_programme_each(r->st, &r->who.actor,
		    programme_option, r);
		H(r, "</select><p class=\"hint\">%s</p>"
		    "<button type=\"submit\">%s</button></form>",
		    L(r, "Un rôle accordé pour un programme s'ajoute aux "
		    "programmes que la personne a déjà ; le rôle "
		    "d'administrateur vaut pour tous.", "A role granted for "
		    "one programme adds to those the person has already; the "
		    "admin role is for all."), L(r, "Accorder", "Grant"));
	}
	H(r, "<h2>%s</h2>", L(r, "Coachs externes", "External coaches"));
	l.n = 0;
	(void)tdm_coach_each(r->st, &r->who.actor, coach_row, &l, &e);
	H(r, l.n ? "</ul>\n" : "<p class=\"muted\">%s</p>",
	    L(r, "Aucun coach.", "No coach."));
	if (MANAGER(r)) {
		H(r, "<form method=\"post\" action=\"/people\" class=\"card "
		    "narrow\">");
		csrf_field(r);
		H(r, "<input type=\"hidden\" name=\"action\" value=\"coach\">"
		    "<label for=\"coach-name\">%s</label><input id=\"coach-name\" "
		    "name=\"name\" required><label for=\"coach-email\">%s</label>"
		    "<input id=\"coach-email\" name=\"email\" type=\"email\" "
		    "required><label for=\"coach-org\">%s</label>"
		    "<input id=\"coach-org\" name=\"organisation\">"
		    "<button type=\"submit\">%s</button></form>",
		    L(r, "Nom", "Name"), L(r, "E-mail", "E-mail"),
		    L(r, "Organisation", "Organisation"),
		    L(r, "Ajouter le coach", "Add the coach"));
	}
	page_end(r);
	tdm_diags_free(&e);
}

static const char	*people_done(struct req *);

void
page_people(struct req *r)
{
	/* The result of an act, after its redirect (issue 15). */
	people_page(r, 200, NULL, people_done(r), NULL);
}

static enum tdm_err
act_invite(struct req *r, const char *who, char *token, struct tdm_diags *d)
{
	return tdm_account_invite(r->st, &r->who.actor, who, token, d);
}

/* Grant or revoke the posted role. */
static enum tdm_err
act_role(struct req *r, const char *who, int grant, struct tdm_diags *d)
{
	const char	*name = F(r, "role"), *prog = F(r, "programme");
	enum tdm_role	 ro = TDM_ROLE_ADMIN;

	if (name == NULL || tdm_role_parse(name, &ro) != 0) {
		tdm_diag_add(d, "role", 0, 0, "not a role");
		return TDM_EINVAL;
	}
	if (prog != NULL && *prog != '\0')
		return grant ? tdm_role_grant_for(r->st, &r->who.actor, who,
		    ro, prog, d) : tdm_role_revoke_for(r->st, &r->who.actor,
		    who, ro, prog, d);
	return grant ? tdm_role_grant(r->st, &r->who.actor, who, ro, d) :
	    tdm_role_revoke(r->st, &r->who.actor, who, ro, d);
}

static enum tdm_err
act_grant(struct req *r, const char *who, char *token, struct tdm_diags *d)
{
	return act_role(r, who, 1, d);
}

static enum tdm_err
act_revoke(struct req *r, const char *who, char *token, struct tdm_diags *d)
{
	return act_role(r, who, 0, d);
}

static enum tdm_err
act_coach(struct req *r, const char *who, char *token, struct tdm_diags *d)
{
	return tdm_coach_add(r->st, &r->who.actor, F(r, "name") ?
	    F(r, "name") : "", F(r, "email") ? F(r, "email") : "",
	    F(r, "organisation") ? F(r, "organisation") : "", d);
}

/*
 * The acts of the people page, posted with "action", and what the page
 * says when one is done (an invitation shows its link instead).
 */
static const struct {
	const char	*name;
	enum tdm_err	(*run)(struct req *, const char *who, char *token,
			    struct tdm_diags *);
	const char	*fr, *en;
} people_acts[] = {
	{ "invite", act_invite, NULL, NULL },
	{ "grant", act_grant, "Rôles enregistrés.", "Roles saved." },
	{ "revoke", act_revoke, "Rôles enregistrés.", "Roles saved." },
	{ "coach", act_coach, "Coach ajouté.", "Coach added." },
};

/* What ?done= says after an act's redirect; NULL if nothing. */
static const char *
people_done(struct req *r)
{
	const char	*done = query(r, "done");
	size_t		 i;

	for (i = 0; done != NULL &&
	    i < sizeof(people_acts) / sizeof(people_acts[0]); i++)
		if (people_acts[i].fr != NULL &&
		    strcmp(done, people_acts[i].name) == 0)
			return L(r, people_acts[i].fr, people_acts[i].en);
	return NULL;
}

void
page_people_post(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*act = F(r, "action"), *who = F(r, "who");
	const char		*host;
	char			 token[TDM_TOKEN_SIZE], link[512];
	enum tdm_err		 err;
	size_t			 i;

	if (act == NULL)
		act = "";
	if (who == NULL)
		who = "";
	for (i = 0; i < sizeof(people_acts) / sizeof(people_acts[0]); i++)
		if (strcmp(act, people_acts[i].name) == 0)
			break;
	if (i < sizeof(people_acts) / sizeof(people_acts[0]))
		err = people_acts[i].run(r, who, token, &d);
	else {
		tdm_diag_add(&d, "action", 0, 0, "not an action of this page");
		err = TDM_EINVAL;
	}
	if (err != TDM_OK)
		people_page(r, http_status(err), &d, NULL, NULL);
	else if (people_acts[i].fr == NULL) {
		/* The link as the person will reach this server. */
		host = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_HOST);
		snprintf(link, sizeof(link), "%s://%s/invite/%s", r->secure ?
		    "https" : "http", host ? host : "127.0.0.1:8080", token);
		people_page(r, 201, NULL, L(r, "Invitation créée :",
		    "Invitation made:"), link);
		sodium_memzero(token, sizeof(token));
	} else	/* Post/redirect/get (issue 15). */
		redirect(r, "/people?done=%s", people_acts[i].name);
	tdm_diags_free(&d);
}

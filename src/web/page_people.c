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
#include <time.h>

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
	struct tm	 tm;
	char		 when[17] = "";

	if (l->n++ == 0) {
		H(r, "<div class=\"table-wrap\" tabindex=\"0\"><table><thead>"
		    "<tr><th>%s</th><th>%s</th><th>%s</th>",
		    L(r, "Personne", "Person"), L(r, "Rôle", "Role"),
		    L(r, "Accordé", "Granted"));
		Hraw(r, ADMIN(r) ? "<th></th></tr></thead><tbody>" :
		    "</tr></thead><tbody>");
	}
	/* People by name, dates in Paris: no matricule, no ISO date. */
	H(r, "<tr><td>%s %s</td><td>%s", g->first_name, g->last_name,
	    role_label(r, g->role));
	/* A role scoped to programmes names them (issue 14). */
	if (g->programmes != NULL && *g->programmes != '\0')
		H(r, " — %s %s", L(r, "pour", "for"), g->programmes);
	else if (strcmp(g->role, "admin") != 0)
		H(r, " — %s", L(r, "tous les programmes", "every programme"));
	memset(&tm, 0, sizeof(tm));
	if (strptime(g->granted_at, "%Y-%m-%dT%H:%M:%SZ", &tm) != NULL)
		tdm_paris_format(timegm(&tm), when);
	H(r, "</td><td>%.10s%s</td>", when, strcmp(g->granted_by,
	    "system") == 0 ? L(r, ", par Tandem", ", by Tandem") : "");
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

/* --- The roster's directory (issue 15) ---------------------------- */

#define DIRECTORY_ROWS	25

struct directory {
	struct req	*r;
	size_t		 n;
	int		 more;
	char		 last[128];
	const char	*want;		/* the facet kind being listed */
	const char	*chosen;	/* the value selected */
};

static int
facet_option(void *arg, const char *kind, const char *value)
{
	struct directory	*l = arg;

	if (strcmp(kind, l->want) != 0)
		return 0;
	H(l->r, l->chosen != NULL && strcmp(l->chosen, value) == 0 ?
	    "<option selected>%s</option>" : "<option>%s</option>", value);
	return 0;
}

struct gen_options {
	struct req	*r;
	const char	*chosen;
};

static int
generation_option(void *arg, const struct tdm_generation *g)
{
	struct gen_options	*o = arg;

	H(o->r, o->chosen != NULL && strcmp(o->chosen, g->code) == 0 ?
	    "<option value=\"%s\" selected>%s</option>" :
	    "<option value=\"%s\">%s</option>", g->code,
	    L(o->r, g->label_fr, g->label_en));
	return 0;
}

static int
directory_row(void *arg, const struct tdm_employee *e)
{
	struct directory	*l = arg;
	struct req		*r = l->r;

	if (l->n >= DIRECTORY_ROWS) {
		l->more = 1;
		return 1;
	}
	if (l->n++ == 0)
		H(r, "<div class=\"table-wrap\" tabindex=\"0\"><table "
		    "class=\"directory\"><thead><tr><th>%s</th><th>%s</th>"
		    "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
		    L(r, "Nom", "Name"), L(r, "Poste", "Job"),
		    L(r, "Direction", "Department"), L(r, "Site", "Site"),
		    L(r, "Contact", "Contact"));
	snprintf(l->last, sizeof(l->last), "%s", e->matricule);
	H(r, "<tr><td>%s %s</td><td>%s</td><td>%s</td><td>%s</td>"
	    "<td><a href=\"mailto:%s\">%s</a></td></tr>", e->first_name,
	    e->last_name, e->job_title, e->department, e->site, e->email,
	    e->email);
	return 0;
}

/* The link to a page of the directory with the same filters. */
static void
directory_link(struct req *r, const char *after, const char *label,
    const char *rel)
{
	static const char *const keys[] = { "q", "department", "site",
	    "generation" };
	char		 enc[3 * 256 + 1];
	const char	*v, *p;
	size_t		 i, n;

	H(r, "<a href=\"/directory?");
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		v = query(r, keys[i]);
		if (v == NULL)
			v = "";
		/* Percent-encode: the value goes back as it came. */
		for (n = 0, p = v; *p != '\0' && n + 4 < sizeof(enc); p++)
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' &&
			    *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			    *p == '-' || *p == '_' || *p == '.')
				enc[n++] = *p;
			else
				n += (size_t)snprintf(enc + n, 4, "%%%02X",
				    (unsigned char)*p);
		enc[n] = '\0';
		H(r, "%s=%s&amp;", keys[i], enc);
	}
	H(r, "apres=%s\" rel=\"%s\">%s</a>", after, rel, label);
}

void
page_directory(struct req *r)
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_employee_filter	 f;
	struct directory		 l;
	struct gen_options		 go;
	enum tdm_err			 err;

	memset(&f, 0, sizeof(f));
	f.name = query(r, "q");
	f.department = query(r, "department");
	f.site = query(r, "site");
	f.generation = query(r, "generation");
	f.after = query(r, "apres");
	f.limit = DIRECTORY_ROWS + 1;
	memset(&l, 0, sizeof(l));
	l.r = r;
	if ((err = tdm_may_view(r->st, &r->who.actor, NULL, TDM_VIEW_ROSTER,
	    NULL, &d)) != TDM_OK) {
		page_begin(r, http_status(err), L(r, "Annuaire",
		    "Directory"));
		page_diags(r, &d);
		page_end(r);
		tdm_diags_free(&d);
		return;
	}
	page_begin(r, 200, L(r, "Annuaire de l'effectif",
	    "The roster's directory"));
	H(r, "<form method=\"get\" action=\"/directory\" class=\"card "
	    "filters\" role=\"search\"><label for=\"dq\">%s</label>"
	    "<input id=\"dq\" name=\"q\" type=\"search\" maxlength=\"100\" "
	    "value=\"%s\"><label for=\"dd\">%s</label><select id=\"dd\" "
	    "name=\"department\"><option value=\"\">%s</option>",
	    L(r, "Nom ou prénom", "Name"), f.name ? f.name : "",
	    L(r, "Direction", "Department"), L(r, "Toutes", "All"));
	l.want = "department";
	l.chosen = f.department;
	(void)tdm_employee_facets(r->st, &r->who.actor, facet_option, &l, &d);
	H(r, "</select><label for=\"ds\">%s</label><select id=\"ds\" "
	    "name=\"site\"><option value=\"\">%s</option>",
	    L(r, "Site", "Site"), L(r, "Tous", "All"));
	l.want = "site";
	l.chosen = f.site;
	(void)tdm_employee_facets(r->st, &r->who.actor, facet_option, &l, &d);
	H(r, "</select><label for=\"dg\">%s</label><select id=\"dg\" "
	    "name=\"generation\"><option value=\"\">%s</option>",
	    L(r, "Génération", "Generation"), L(r, "Toutes", "All"));
	go.r = r;
	go.chosen = f.generation;
	(void)tdm_generation_each(r->st, &r->who.actor, generation_option,
	    &go);
	H(r, "</select><button type=\"submit\">%s</button></form>\n",
	    L(r, "Chercher", "Search"));
	err = tdm_employee_page(r->st, &r->who.actor, &f, directory_row, &l,
	    &d);
	if (err != TDM_OK)
		page_diags(r, &d);
	else if (l.n == 0)
		H(r, "<p class=\"muted\" role=\"status\">%s</p>",
		    L(r, "Personne ne correspond à ces critères.",
		    "Nobody matches."));
	else
		H(r, "</tbody></table></div>\n");
	if (f.after != NULL || l.more) {
		H(r, "<nav class=\"pager\" aria-label=\"%s\"><p>",
		    L(r, "Pages", "Pages"));
		if (f.after != NULL)
			directory_link(r, "", L(r, "← Première page",
			    "← First page"), "first");
		if (l.more) {
			H(r, " ");
			directory_link(r, l.last, L(r, "Suivante →",
			    "Next →"), "next");
		}
		H(r, "</p></nav>\n");
	}
	page_end(r);
	tdm_diags_free(&d);
}

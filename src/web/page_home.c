/*
 * The home page (what each role has to do now) and the roster upload.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "web.h"
#include "handlers.h"

struct home {
	struct req	*r;
	int		 staff;		/* manager, sponsor or admin */
	size_t		 n;
	const char	*only;		/* a state, or NULL */
};

/* A member's surveys of a running or closed programme (surveys). */
static void
survey_link(struct req *r, const struct tdm_programme *p, int cols)
{
	struct tdm_diags		 e = TDM_DIAGS_INIT;
	struct tdm_survey_status	 s;
	char				 id[24];

	snprintf(id, sizeof(id), "%" PRId64, p->id);
	if (r->who.actor.employee_id != 0 && (strcmp(p->state, "running") ==
	    0 || strcmp(p->state, "closed") == 0) && tdm_survey_show(r->st,
	    &r->who.actor, id, r->who.actor.name, &s, NULL, NULL, NULL, &e) ==
	    TDM_OK)
		H(r, "<tr><td colspan=\"%d\"><a href=\"/programmes/%s/survey\">"
		    "%s : %s</a></td></tr>", cols, id, p->name,
		    (s.closing_open && !s.closing_done) || (s.followup_open &&
		    !s.followup_done) ? L(r, "un questionnaire vous attend",
		    "a survey awaits you") : L(r, "mes questionnaires",
		    "my surveys"));
	tdm_diags_free(&e);
}

static int
row(void *arg, const struct tdm_programme *p)
{
	struct home		*h = arg;
	struct req		*r = h->r;

	if (h->only != NULL && strcmp(p->state, h->only) != 0)
		return 0;
	/* A coach's home lists the programmes they coach. */
	if (r->who.actor.coach_id && p->coach_id != r->who.actor.coach_id)
		return 0;
	if (h->n++ == 0) {
		H(r, "<div class=\"table-wrap\" tabindex=\"0\"><table>"
		    "<thead><tr><th>%s</th>"
		    "<th>%s</th><th>%s</th><th>%s</th>",
		    L(r, "Programme", "Programme"), L(r, "État", "State"),
		    L(r, "Volontaires", "Volunteers"),
		    L(r, "Format", "Format"));
		Hraw(r, h->staff ? "<th></th></tr></thead><tbody>" :
		    "</tr></thead><tbody>");
	}
	H(r, "<tr><td><a href=\"/programmes/%" PRId64
	    "\">%s</a><div class=\"muted\">"
	    "%s</div></td><td><span class=\"badge state state-%s\">%s</span>"
	    "</td><td>%d %s · %d %s</td><td>%s</td>", p->id, p->name,
	    p->purpose, p->state, tdm_state_label(p->state, r->lang), p->mentors,
	    L(r, "mentors", "mentors"), p->mentees, L(r, "mentorés",
	    "mentees"), strcmp(p->format, "one-to-one") == 0 ?
	    L(r, "individuel", "one-to-one") : strcmp(p->format, "group") ==
	    0 ? L(r, "collectif", "group") : L(r, "mixte", "mixed"));
	if (h->staff) {
		H(r, "<td>");
		if (p->charter_version > 0)
			H(r, "<a href=\"/programmes/%" PRId64
			    "/report\">%s</a>", p->id,
			    L(r, "Rapport", "Report"));
		H(r, "</td>");
	}
	H(r, "</tr>");
	survey_link(r, p, h->staff ? 5 : 4);
	return 0;
}

static void
table(struct home *h, const char *only, const char *empty)
{
	h->n = 0;
	h->only = only;
	(void)tdm_programme_each(h->r->st, &h->r->who.actor, row, h);
	if (h->n)
		H(h->r, "</tbody></table></div>\n");
	else
		H(h->r, "<p class=\"muted\">%s</p>\n", empty);
}

/* The programmes where pairs are formed, for the waiting notice. */
struct formed {
	int64_t		 id[32];
	char		 name[32][128];
	size_t		 n;
};

static int
formed(void *arg, const struct tdm_programme *p)
{
	struct formed	*f = arg;

	if (f->n < sizeof(f->id) / sizeof(f->id[0]) &&
	    (strcmp(p->state, "matched") == 0 ||
	    strcmp(p->state, "running") == 0)) {
		f->id[f->n] = p->id;
		snprintf(f->name[f->n++], sizeof(f->name[0]), "%s", p->name);
	}
	return 0;
}

struct me {
	const char	*name;
	int		 waits;
};

static int
me_waiting(void *arg, const struct tdm_waiting *w)
{
	struct me	*me = arg;

	if (strcmp(w->matricule, me->name) != 0)
		return 0;
	me->waits = 1;
	return 1;
}

/*
 * A volunteer left without a partner (never matched, partner gone,
 * tandem ended) learns that they wait, and what happens next.
 */
static void
waiting(struct req *r)
{
	struct formed		 f;
	struct me		 me = { r->who.actor.name, 0 };
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			 ref[24];
	size_t			 i;

	f.n = 0;
	(void)tdm_programme_each(r->st, &r->who.actor, formed, &f);
	for (i = 0; i < f.n; i++) {
		snprintf(ref, sizeof(ref), "%" PRId64, f.id[i]);
		me.waits = 0;
		if (tdm_pair_waiting_each(r->st, &r->who.actor, ref,
		    me_waiting, &me, &d) != TDM_OK || !me.waits)
			continue;
		H(r, "<div class=\"notice\" role=\"status\"><strong>%s"
		    "</strong> — %s</div>\n", f.name[i], L(r, "En attente "
		    "d'un binôme : le responsable du programme forme de "
		    "nouveaux binômes avec les personnes en attente, et vous "
		    "serez prévenu dès qu'un binôme vous est proposé.",
		    "Waiting for a partner: the programme manager forms new "
		    "pairs with the people waiting, and you will be told as "
		    "soon as one is proposed to you."));
	}
	tdm_diags_free(&d);
}

void
page_home(struct req *r)
{
	unsigned	 roles = r->who.actor.roles;
	struct home	 h = { r, (roles & ((1u << TDM_ROLE_MANAGER) |
			    (1u << TDM_ROLE_SPONSOR))) != 0, 0, NULL };

	page_begin(r, 200, L(r, "Bonjour", "Hello"));
	H(r, "<p>%s, %s.</p>\n", L(r, "Bienvenue", "Welcome"),
	    r->who.display);
	if (r->who.actor.employee_id)
		waiting(r);
	if (roles & (1u << TDM_ROLE_SPONSOR)) {
		H(r, "<h2>%s</h2>", L(r, "À approuver", "Awaiting your "
		    "approval"));
		table(&h, "submitted", L(r, "Aucun programme n'attend votre "
		    "décision.", "No programme awaits your decision."));
	}
	if (roles & (1u << TDM_ROLE_MANAGER))
		H(r, "<p><a class=\"button\" href=\"/programmes/new\">%s</a>"
		    "<a class=\"button secondary\" href=\"/roster\">%s</a></p>",
		    L(r, "Nouveau programme", "New programme"),
		    L(r, "Importer l'effectif", "Import the roster"));
	if (r->who.actor.coach_id) {
		H(r, "<h2>%s</h2>", L(r, "Les programmes que vous "
		    "accompagnez", "The programmes you coach"));
		table(&h, NULL, L(r, "Aucun programme ne vous est confié.",
		    "No programme is assigned to you."));
	} else {
		H(r, "<h2>%s</h2>", L(r, "Programmes", "Programmes"));
		table(&h, NULL, L(r, "Aucun programme publié pour l'instant.",
		    "No programme published yet."));
	}
	if (r->who.actor.employee_id || r->who.actor.coach_id)
		H(r, "<h2>%s</h2><p>%s <a href=\"/api/me/export\" "
		    "download>%s</a></p>\n", L(r, "Mes données", "My data"),
		    L(r, "Tout ce que Tandem garde sur vous, en un fichier "
		    "JSON :", "Everything Tandem holds about you, as one JSON "
		    "file:"), L(r, "télécharger mes données",
		    "download my data"));
	page_end(r);
}

void
page_roster(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;

	if (tdm_may_view(r->st, &r->who.actor, NULL, TDM_VIEW_ROSTER, NULL,
	    &d) != TDM_OK) {
		page_begin(r, 403, L(r, "Effectif", "Roster"));
		page_diags(r, &d);
		page_end(r);
		tdm_diags_free(&d);
		return;
	}
	page_begin(r, 200, L(r, "Importer l'effectif", "Import the roster"));
	H(r, "<p>%s</p>", L(r, "L'export RH au format CSV : UTF-8, "
	    "Windows-1252 ou UTF-16, séparateur ; , ou tabulation, en-têtes "
	    "français ou anglais. Un fichier avec une erreur ne change rien et "
	    "chaque problème est indiqué avec sa ligne et sa colonne. Seule "
	    "l'année de naissance est conservée.", "The HR export as CSV: "
	    "UTF-8, Windows-1252 or UTF-16, separated by ; , or tab, French or "
	    "English headers. A file with an error changes nothing and every "
	    "problem is shown with its line and column. Only the birth year "
	    "is kept."));
	H(r, "<form id=\"roster-upload\" class=\"card\" data-sending=\"%s\" "
	    "data-nofile=\"%s\" data-failed=\"%s\" data-checked=\"%s\" "
	    "data-imported=\"%s\" data-added=\"%s\" data-updated=\"%s\" "
	    "data-unchanged=\"%s\" data-left=\"%s\">",
	    L(r, "Envoi…", "Sending…"), L(r, "Choisissez un fichier.",
	    "Choose a file."), L(r, "L'envoi a échoué.", "Sending failed."),
	    L(r, "Vérifié, rien n'est écrit. Lignes :", "Checked, nothing "
	    "written. Rows:"), L(r, "Importé. Lignes :", "Imported. Rows:"),
	    L(r, "ajoutés", "added"), L(r, "mis à jour", "updated"),
	    L(r, "inchangés", "unchanged"), L(r, "partis", "left"));
	H(r, "<label for=\"file\">%s</label><input id=\"file\" name=\"file\" "
	    "type=\"file\" accept=\".csv,.txt,text/csv\" required>"
	    "<label class=\"check\"><input type=\"checkbox\" name=\"dry_run\" "
	    "value=\"1\"> %s</label><button type=\"submit\">%s</button>"
	    "</form>\n<div id=\"roster-result\" aria-live=\"polite\"></div>\n",
	    L(r, "Fichier de l'export RH", "HR export file"),
	    L(r, "Vérifier seulement (rien n'est écrit)",
	    "Only check (nothing is written)"), L(r, "Importer", "Import"));
	/* The words of a partial file's confirmation (app.js), issue 14. */
	H(r, "<div id=\"roster-leavers\" hidden data-title=\"%s\" "
	    "data-of=\"%s\" data-check=\"%s\" data-ends=\"%s\" "
	    "data-mentor=\"%s\" data-mentee=\"%s\" data-confirm=\"%s\" "
	    "data-cancel=\"%s\"></div>\n",
	    L(r, "Ce fichier marquerait comme partis", "This file would mark "
	    "as leavers"), L(r, "des salariés actifs, sur", "of the active "
	    "employees, out of"), L(r, "Vérifiez qu'il s'agit bien de "
	    "l'effectif complet. Leur compte serait désactivé, leurs tandems "
	    "en cours prendraient fin et leurs séances à venir seraient "
	    "annulées :", "Check that it is the whole roster. Their account "
	    "would be disabled, their tandems would end and their future "
	    "sessions would be cancelled:"), L(r, "tandem(s) en cours",
	    "tandem(s) under way"), L(r, "mentor", "mentor"), L(r, "mentoré",
	    "mentee"), L(r, "Confirmer ces départs", "Confirm these leavers"),
	    L(r, "Annuler", "Cancel"));
	page_end(r);
}

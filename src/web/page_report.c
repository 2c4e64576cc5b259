/*
 * The report inside the application (issue 15): the library's HTML
 * report, its sections set in the layout with the navigation, a way
 * back, the reader's language and the application's style sheet (which
 * prints and reflows); and the accessibility statement.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"
#include "handlers.h"

/*
 * The part of the report's document between open and close, as it is
 * (markup the library wrote and escaped), into out; 0 if absent.
 */
static int
part(const char *doc, const char *open, const char *close,
    struct tdm_buf *out)
{
	const char	*a, *b;

	if ((a = strstr(doc, open)) == NULL)
		return 0;
	a += strlen(open);
	if ((b = strstr(a, close)) == NULL)
		return 0;
	tdm_buf_add(out, a, (size_t)(b - a));
	return 1;
}

/* Undo the five escapes of the library's markup, for page_begin(). */
static void
unescape(char *s)
{
	static const struct {
		const char	*ent;
		char		 c;
	} ents[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&#39;", '\'' },
	};
	char	*w = s;
	size_t	 i, n;

	while (*s != '\0') {
		for (i = 0; i < sizeof(ents) / sizeof(ents[0]); i++) {
			n = strlen(ents[i].ent);
			if (strncmp(s, ents[i].ent, n) == 0)
				break;
		}
		if (i < sizeof(ents) / sizeof(ents[0])) {
			*w++ = ents[i].c;
			s += n;
		} else
			*w++ = *s++;
	}
	*w = '\0';
}

static int
report_id(void *arg, const struct tdm_programme *p)
{
	*(int64_t *)arg = p->id;
	return 1;
}

/*
 * A report document of the library set in the layout: its title, its
 * tools (back to where the reader came from, the other language, the
 * figures as CSV when there is a link for them, print) and its sections.
 * self is the page's own path, for the language switch.  0 when the
 * document lacks its parts, and nothing was written.
 */
int
report_page(struct req *r, const char *doc, const char *back,
    const char *back_label, const char *self, const char *csv)
{
	struct tdm_buf	 title = TDM_BUF_INIT, sub = TDM_BUF_INIT;
	struct tdm_buf	 body = TDM_BUF_INIT, foot = TDM_BUF_INIT;
	int		 done = 0;

	if (doc != NULL && part(doc, "<h1>", "</h1>", &title) &&
	    part(doc, "<main>\n", "</main>", &body)) {
		(void)part(doc, "<p class=\"subtitle\">", "</p>", &sub);
		(void)part(doc, "<footer>\n<p>", "</p>", &foot);
		unescape(title.buf);
		page_begin(r, 200, title.buf);
		H(r, "<nav class=\"report-tools\" aria-label=\"%s\"><ul>",
		    L(r, "Outils du rapport", "Report tools"));
		H(r, "<li><a href=\"%s\">%s</a></li>", back, back_label);
		H(r, "<li><a href=\"%s?lang=%s\" lang=\"%s\" "
		    "hreflang=\"%s\">%s</a></li>", self, L(r, "en", "fr"),
		    L(r, "en", "fr"), L(r, "en", "fr"),
		    L(r, "Read this report in English",
		    "Lire ce rapport en français"));
		if (csv != NULL)
			H(r, "<li><a href=\"%s\" download>%s</a></li>", csv,
			    L(r, "Télécharger les chiffres (CSV)",
			    "Download the figures (CSV)"));
		H(r, "<li><button type=\"button\" class=\"secondary\" "
		    "data-print>%s</button></li></ul></nav>\n",
		    L(r, "Imprimer", "Print"));
		/* The library escaped every text of these parts. */
		if (sub.len) {
			Hraw(r, "<p class=\"subtitle\">");
			Hraw(r, sub.buf);
			Hraw(r, "</p>\n");
		}
		H(r, "<div class=\"report\">\n");
		Hraw(r, body.buf);
		H(r, "</div>\n");
		if (foot.len) {
			H(r, "<p class=\"report-rule\">");
			Hraw(r, foot.buf);
			H(r, "</p>\n");
		}
		page_end(r);
		done = 1;
	}
	tdm_buf_release(&title);
	tdm_buf_release(&sub);
	tdm_buf_release(&body);
	tdm_buf_release(&foot);
	return done;
}

/* The reader's language: ?lang=, else the account's. */
void
report_lang(struct req *r)
{
	const char	*lang = query(r, "lang");

	if (lang != NULL && strcmp(lang, "en") == 0)
		r->lang = "en";
	else if (lang != NULL && strcmp(lang, "fr") == 0)
		r->lang = "fr";
}

void
page_report(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT, e = TDM_DIAGS_INIT;
	struct tdm_buf		 out = TDM_BUF_INIT;
	char			 back[64], self[64], csv[96];
	int64_t			 id = 0;
	enum tdm_err		 err;

	report_lang(r);
	(void)tdm_programme_show(r->st, &r->who.actor, r->args[0], report_id,
	    &id, &e);
	/* By its id: a name in an address would need encoding. */
	(void)snprintf(back, sizeof(back), "/programmes/%" PRId64, id);
	(void)snprintf(self, sizeof(self), "/programmes/%" PRId64 "/report",
	    id);
	(void)snprintf(csv, sizeof(csv), "/api/programmes/%" PRId64
	    "/report?format=csv", id);
	err = tdm_report_programme_lang(r->st, &r->who.actor, r->args[0],
	    r->lang, TDM_REPORT_HTML, &out, &d);
	if (err != TDM_OK || id <= 0 || !report_page(r, out.buf, back,
	    L(r, "← Retour au programme", "← Back to the programme"), self,
	    csv)) {
		if (err == TDM_OK)
			err = TDM_EIO;
		page_begin(r, http_status(err), L(r, "Rapport", "Report"));
		page_diags(r, &d);
		H(r, "<p><a href=\"/\">%s</a></p>", L(r, "Retour à l'accueil",
		    "Back to the home page"));
		page_end(r);
	}
	tdm_buf_release(&out);
	tdm_diags_free(&d);
	tdm_diags_free(&e);
}

/*
 * The accessibility statement RGAA 4.1 asks of large French companies:
 * what was checked, how, what is not yet compliant, and whom to tell.
 */
void
page_accessibility(struct req *r)
{
	page_begin(r, 200, L(r, "Déclaration d'accessibilité",
	    "Accessibility statement"));
	H(r, "<p>%s</p>", L(r, "L'organisation qui déploie Tandem s'engage à "
	    "rendre ce service accessible, conformément à l'article 47 de la "
	    "loi n° 2005-102 du 11 février 2005 et au référentiel général "
	    "d'amélioration de l'accessibilité (RGAA), version 4.1.",
	    "The organisation that deploys Tandem undertakes to make this "
	    "service accessible, in accordance with article 47 of French law "
	    "no. 2005-102 of 11 February 2005 and the general accessibility "
	    "improvement framework (RGAA), version 4.1."));
	H(r, "<h2>%s</h2><p>%s</p>", L(r, "État de conformité",
	    "Compliance status"), L(r, "Tandem est partiellement conforme au "
	    "RGAA 4.1 : aucun audit complet par un organisme extérieur n'a "
	    "encore été réalisé.", "Tandem is partially compliant with RGAA "
	    "4.1: no full audit by an outside body has been carried out yet."));
	H(r, "<h2>%s</h2><ul><li>%s</li><li>%s</li><li>%s</li><li>%s</li>"
	    "</ul>", L(r, "Ce qui est vérifié", "What is checked"),
	    L(r, "Chaque page de chaque rôle est contrôlée automatiquement "
	    "avec axe-core (WCAG 2.1 niveaux A et AA), à 1280, 390 et 320 "
	    "pixels de large, à chaque version.", "Every page of every role "
	    "is checked automatically with axe-core (WCAG 2.1 levels A and "
	    "AA), at 1280, 390 and 320 pixels wide, at every release."),
	    L(r, "Tout se fait au clavier ; le focus est visible ; un lien "
	    "mène directement au contenu.", "Everything works with the "
	    "keyboard; focus is visible; a link leads straight to the "
	    "content."),
	    L(r, "Les pages se lisent sans défilement horizontal jusqu'à 320 "
	    "pixels de large ; les tableaux deviennent des fiches sur un "
	    "téléphone.", "Pages read without sideways scrolling down to 320 "
	    "pixels wide; tables become cards on a phone."),
	    L(r, "Les erreurs d'un formulaire sont annoncées, reliées au "
	    "champ concerné, et ce qui a été saisi est conservé.", "A form's "
	    "errors are announced, tied to the field concerned, and what was "
	    "typed is kept."));
	H(r, "<h2>%s</h2><ul><li>%s</li><li>%s</li></ul>",
	    L(r, "Contenus non accessibles", "Content not accessible"),
	    L(r, "Les graphiques du rapport sont doublés de tableaux, mais "
	    "leurs couleurs n'ont pas été vérifiées par un audit.",
	    "The report's charts are doubled by tables, but their colours "
	    "have not been checked by an audit."),
	    L(r, "Le fichier d'effectif importé (CSV) et les exports ne sont "
	    "pas des documents accessibles en eux-mêmes.", "The imported "
	    "roster file (CSV) and the exports are not accessible documents "
	    "in themselves."));
	H(r, "<h2>%s</h2><p>%s</p>", L(r, "Retour d'information et contact",
	    "Feedback and contact"), L(r, "Si vous ne parvenez pas à accéder "
	    "à un contenu ou à un service, écrivez au responsable de votre "
	    "programme ou à l'administration de Tandem de votre "
	    "organisation : une réponse ou une alternative accessible vous "
	    "sera proposée.", "If you cannot reach some content or service, "
	    "write to your programme manager or to your organisation's "
	    "Tandem administrators: an answer or an accessible alternative "
	    "will be offered."));
	H(r, "<h2>%s</h2><p>%s</p>", L(r, "Voies de recours", "Remedies"),
	    L(r, "Si vous n'obtenez pas de réponse satisfaisante, vous pouvez "
	    "saisir le Défenseur des droits (defenseurdesdroits.fr), par "
	    "courrier gratuit : Défenseur des droits, Libre réponse 71120, "
	    "75342 Paris CEDEX 07.", "If you receive no satisfactory answer, "
	    "you may refer the matter to the Défenseur des droits "
	    "(defenseurdesdroits.fr), by free post: Défenseur des droits, "
	    "Libre réponse 71120, 75342 Paris CEDEX 07."));
	page_end(r);
}

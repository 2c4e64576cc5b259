/*
 * /programmes/ID/survey: a member's closing survey and, ninety days
 * after the close, the follow-up, for both roles.  An answer once given
 * is shown read-only; a refused answer comes back as typed, the
 * library's reasons above it; an accepted one redirects (post, then
 * get), so that a refresh repeats nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"
#include "handlers.h"

/* What the page shows, gathered from the library's callbacks. */
struct survey {
	struct req			*r;
	struct tdm_survey_status	 s;
	int				 mentor;
	int				 stage;		/* the form's */
	int				 form;		/* drawing a form */
	const char			*topic;		/* the checklist's
							   current topic */
};

/* "2027-09-29" as "29 septembre 2027" (French) or "29 September 2027". */
static void
long_date(struct req *r, const char *day)
{
	char	 ts[32], words[32];

	/* Noon UTC of a day is the same day in Paris. */
	snprintf(ts, sizeof(ts), "%.10sT12:00:00Z", day);
	tdm_date_words(ts, L(r, "fr", "en"), words, sizeof(words));
	H(r, "%s", words[0] != '\0' ? words : "?");
}

/* The field of this stage's form: "closing_level_web-search". */
static const char *
field(struct survey *v, char *buf, size_t n, const char *what,
    const char *code)
{
	snprintf(buf, n, "%s_%s%s%s", v->stage == TDM_SURVEY_FOLLOWUP ?
	    "followup" : "closing", what, code ? "_" : "", code ? code : "");
	return buf;
}

/* A posted value of this stage's form, if the form being drawn is the
 * one that was posted. */
static const char *
posted(struct survey *v, const char *key)
{
	const char	*stage = F(v->r, "stage");

	if (stage == NULL || strcmp(stage, v->stage == TDM_SURVEY_FOLLOWUP ?
	    "followup" : "closing") != 0)
		return NULL;
	return F(v->r, key);
}

static const char *
level_name(struct req *r, int level)
{
	return level < 0 ? L(r, "pas de réponse", "no answer") :
	    tdm_level_label(level, r->lang);
}

/* One topic: a level to choose (form) or the levels given (read-only). */
static int
topic_row(void *arg, const struct tdm_survey_topic *t)
{
	struct survey	*v = arg;
	struct req	*r = v->r;
	char		 key[128];
	const char	*p;
	int		 i, level;

	if (v->form && !v->mentor) {
		field(v, key, sizeof(key), "level", t->code);
		p = posted(v, key);
		H(r, "<div class=\"topic-row\"><label for=\"%s\">%s</label>"
		    "<select id=\"%s\" name=\"%s\"><option value=\"\">%s"
		    "</option>", key, L(r, t->label_fr, t->label_en), key, key,
		    L(r, "— pas de réponse —", "— no answer —"));
		for (i = 0; i <= 4; i++)
			H(r, "<option value=\"%d\"%s>%d – %s</option>", i,
			    p != NULL && *p != '\0' && strtol(p, NULL, 10) == i ?
			    " selected" : "", i, tdm_level_label(i, r->lang));
		H(r, "</select><span class=\"muted\">%s %s</span></div>",
		    L(r, "à l'inscription :", "when enrolling:"),
		    level_name(r, t->enrolled));
		return 0;
	}
	if (v->form) {
		/* A mentor's form: the topics they taught. */
		field(v, key, sizeof(key), "taught", t->code);
		H(r, "<label class=\"check\"><input type=\"checkbox\" "
		    "name=\"%s\" value=\"1\"%s> %s</label>", key,
		    posted(v, key) != NULL ? " checked" : "",
		    L(r, t->label_fr, t->label_en));
		return 0;
	}
	if (v->mentor) {
		if (t->taught)
			H(r, "<li>%s</li>", L(r, t->label_fr, t->label_en));
		return 0;
	}
	level = v->stage == TDM_SURVEY_FOLLOWUP ? t->followup : t->closing;
	if (level < 0 && t->enrolled < 0)
		return 0;
	H(r, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td>",
	    L(r, t->label_fr, t->label_en), level_name(r, t->enrolled),
	    level_name(r, t->closing));
	if (v->stage == TDM_SURVEY_FOLLOWUP)
		H(r, "<td>%s</td>", level_name(r, t->followup));
	H(r, "</tr>");
	return 0;
}

/* One item of the checklist: a box (form) or ticked (read-only). */
static int
item_row(void *arg, const struct tdm_survey_item *i)
{
	struct survey	*v = arg;
	struct req	*r = v->r;
	char		 key[128];
	int		 done;

	if (v->form) {
		field(v, key, sizeof(key), "practice", i->code);
		H(r, "<label class=\"check\"><input type=\"checkbox\" "
		    "name=\"%s\" value=\"1\"%s> %s</label>", key,
		    posted(v, key) != NULL ? " checked" : "",
		    L(r, i->label_fr, i->label_en));
		return 0;
	}
	done = v->stage == TDM_SURVEY_FOLLOWUP ? i->followup : i->closing;
	if (done)
		H(r, "<li>%s</li>", L(r, i->label_fr, i->label_en));
	return 0;
}

/* A confidence from 1 to 5, as five radio buttons in a fieldset. */
static void
confidence_field(struct survey *v, const char *what, const char *legend)
{
	struct req	*r = v->r;
	char		 key[64];
	const char	*p;
	int		 i;

	field(v, key, sizeof(key), what, NULL);
	p = posted(v, key);
	H(r, "<fieldset><legend>%s</legend><p class=\"hint\">%s</p>", legend,
	    L(r, "De 1 (pas du tout) à 5 (tout à fait).",
	    "From 1 (not at all) to 5 (fully)."));
	for (i = 1; i <= 5; i++)
		H(r, "<label class=\"check\"><input type=\"radio\" name=\"%s\" "
		    "value=\"%d\" required%s> %d</label>", key, i,
		    p != NULL && strtol(p, NULL, 10) == i ? " checked" : "", i);
	H(r, "</fieldset>");
}

static const char *
teach_legend(struct req *r)
{
	return L(r, "Je me sens capable d'enseigner à un collègue plus "
	    "expérimenté", "I feel able to teach a more senior colleague");
}

static const char *
upward_legend(struct req *r)
{
	return L(r, "Je me sens capable de faire un retour à un supérieur",
	    "I feel able to give feedback upwards");
}

/* The form of a stage, filled with what was posted if it was refused. */
static void
survey_form(struct survey *v, const char *ref)
{
	struct req		*r = v->r;
	struct tdm_diags	 e = TDM_DIAGS_INIT;
	struct tdm_survey_status s;
	const char		*p;
	char			 key[64];

	v->form = 1;
	H(r, "<form method=\"post\" class=\"card\">");
	csrf_field(r);
	H(r, "<input type=\"hidden\" name=\"stage\" value=\"%s\">",
	    v->stage == TDM_SURVEY_FOLLOWUP ? "followup" : "closing");
	if (v->stage == TDM_SURVEY_CLOSING) {
		p = posted(v, "closing_recommend");
		H(r, "<fieldset><legend>%s</legend><label class=\"check\">"
		    "<input type=\"radio\" name=\"closing_recommend\" "
		    "value=\"yes\" required%s> %s</label>"
		    "<label class=\"check\">"
		    "<input type=\"radio\" name=\"closing_recommend\" "
		    "value=\"no\"%s> %s</label></fieldset>",
		    L(r, "Recommanderiez-vous ce programme à un collègue ?",
		    "Would you recommend this programme to a colleague?"),
		    p != NULL && strcmp(p, "yes") == 0 ? " checked" : "",
		    L(r, "oui", "yes"), p != NULL && strcmp(p, "no") == 0 ?
		    " checked" : "", L(r, "non", "no"));
	}
	if (v->mentor) {
		confidence_field(v, "teach", teach_legend(r));
		confidence_field(v, "upward", upward_legend(r));
		if (v->stage == TDM_SURVEY_CLOSING) {
			H(r, "<fieldset><legend>%s</legend>", L(r, "Les "
			    "thèmes que j'ai transmis", "The topics I taught"));
			(void)tdm_survey_show(r->st, &r->who.actor, ref,
			    r->who.actor.name, &s, topic_row, NULL, v, &e);
			H(r, "</fieldset>");
		}
	} else {
		H(r, "<fieldset><legend>%s</legend><p class=\"hint\">%s</p>",
		    L(r, "Mon niveau aujourd'hui", "My level today"),
		    L(r, "De 0 (aucune notion) à 4 (expert) ; laissez « pas "
		    "de réponse » pour un thème que vous n'avez pas abordé.",
		    "From 0 (none) to 4 (expert); leave \"no answer\" for a "
		    "topic you did not work on."));
		(void)tdm_survey_show(r->st, &r->who.actor, ref,
		    r->who.actor.name, &s, topic_row, NULL, v, &e);
		H(r, "</fieldset><fieldset><legend>%s</legend>"
		    "<p class=\"hint\">%s</p>",
		    L(r, "Ce que j'ai changé dans ma pratique",
		    "What I changed in my practice"), L(r, "Cochez ce que "
		    "vous faites désormais.", "Tick what you now do."));
		(void)tdm_survey_show(r->st, &r->who.actor, ref,
		    r->who.actor.name, &s, NULL, item_row, v, &e);
		H(r, "</fieldset>");
	}
	if (v->stage == TDM_SURVEY_CLOSING) {
		field(v, key, sizeof(key), "changed", NULL);
		p = posted(v, key);
		H(r, "<label for=\"%s\">%s</label><p class=\"hint\" id=\"%s_"
		    "hint\">%s</p><textarea id=\"%s\" name=\"%s\" maxlength="
		    "\"2000\" aria-describedby=\"%s_hint\">%s</textarea>", key,
		    L(r, "Ce qui a changé pour vous (facultatif)",
		    "What changed for you (optional)"), key, L(r, "Privé : "
		    "seul vous le relisez ; le rapport n'en montre rien.",
		    "Private: only you read it again; the report shows none "
		    "of it."), key, key, key, p != NULL ? p : "");
	}
	H(r, "<button type=\"submit\">%s</button></form>\n",
	    L(r, "Envoyer ma réponse", "Send my answer"));
	v->form = 0;
	tdm_diags_free(&e);
}

/* The answer of a stage, read-only. */
static void
survey_answer(struct survey *v, const char *ref)
{
	struct req		*r = v->r;
	struct tdm_diags	 e = TDM_DIAGS_INIT;
	struct tdm_survey_status s;
	int			 teach, upward;

	H(r, "<div class=\"card\"><p>%s</p>", L(r, "Vous avez répondu. "
	    "Merci ! Une réponse donnée ne se modifie pas.", "You have "
	    "answered. Thank you! An answer given is not changed."));
	if (v->stage == TDM_SURVEY_CLOSING)
		H(r, "<p>%s <strong>%s</strong></p>",
		    L(r, "Vous recommanderiez ce programme :",
		    "You would recommend this programme:"),
		    v->s.recommend ? L(r, "oui", "yes") : L(r, "non", "no"));
	if (v->mentor) {
		teach = v->stage == TDM_SURVEY_CLOSING ? v->s.teach :
		    v->s.followup_teach;
		upward = v->stage == TDM_SURVEY_CLOSING ? v->s.upward :
		    v->s.followup_upward;
		if (teach > 0)
			H(r, "<p>%s : <strong>%d/5</strong></p><p>%s : "
			    "<strong>%d/5</strong></p>", teach_legend(r), teach,
			    upward_legend(r), upward);
		if (v->stage == TDM_SURVEY_CLOSING) {
			H(r, "<h3>%s</h3><ul>", L(r, "Les thèmes que vous avez "
			    "transmis", "The topics you taught"));
			(void)tdm_survey_show(r->st, &r->who.actor, ref,
			    r->who.actor.name, &s, topic_row, NULL, v, &e);
			H(r, "</ul>");
		}
	} else {
		H(r, "<div class=\"table-wrap\" tabindex=\"0\"><table>"
		    "<caption>%s</caption><thead><tr><th scope=\"col\">%s"
		    "</th><th scope=\"col\">%s</th><th scope=\"col\">%s"
		    "</th>", L(r, "Vos niveaux",
		    "Your levels"), L(r, "Thème", "Topic"), L(r, "À "
		    "l'inscription", "When enrolling"), L(r, "À la clôture",
		    "At the close"));
		if (v->stage == TDM_SURVEY_FOLLOWUP)
			H(r, "<th scope=\"col\">%s</th>", L(r, "À 90 jours",
			    "At 90 days"));
		H(r, "</tr></thead><tbody>");
		(void)tdm_survey_show(r->st, &r->who.actor, ref,
		    r->who.actor.name, &s, topic_row, NULL, v, &e);
		H(r, "</tbody></table></div><h3>%s</h3><ul>",
		    L(r, "Ce que vous avez changé dans votre pratique",
		    "What you changed in your practice"));
		(void)tdm_survey_show(r->st, &r->who.actor, ref,
		    r->who.actor.name, &s, NULL, item_row, v, &e);
		H(r, "</ul>");
	}
	if (v->stage == TDM_SURVEY_CLOSING && *v->s.changed != '\0')
		H(r, "<h3>%s</h3><p class=\"charter\">%s</p>", L(r, "Ce qui a "
		    "changé pour vous (privé)", "What changed for you "
		    "(private)"), v->s.changed);
	H(r, "</div>\n");
	tdm_diags_free(&e);
}

static const char *
done_text(struct req *r)
{
	const char	*done = query(r, "done");

	if (done != NULL && strcmp(done, "closing") == 0)
		return L(r, "Merci : votre réponse au questionnaire de fin de "
		    "programme est enregistrée.", "Thank you: your answer to "
		    "the closing survey is recorded.");
	if (done != NULL && strcmp(done, "followup") == 0)
		return L(r, "Merci : votre réponse au questionnaire de suivi "
		    "est enregistrée.", "Thank you: your answer to the "
		    "follow-up survey is recorded.");
	return NULL;
}

static void
survey_page(struct req *r, int status, const struct tdm_diags *d)
{
	struct tdm_diags	 e = TDM_DIAGS_INIT;
	struct survey		 v;
	enum tdm_err		 err;
	const char		*ref = r->args[0], *done;

	memset(&v, 0, sizeof(v));
	v.r = r;
	err = tdm_survey_show(r->st, &r->who.actor, ref, r->who.actor.name,
	    &v.s, NULL, NULL, NULL, &e);
	page_begin(r, err != TDM_OK ? http_status(err) : status,
	    L(r, "Mes questionnaires", "My surveys"));
	H(r, "<p><a href=\"/programmes/%s\">%s</a></p>", ref,
	    L(r, "Retour au programme", "Back to the programme"));
	if (err != TDM_OK) {
		page_diags(r, &e);
		page_end(r);
		tdm_diags_free(&e);
		return;
	}
	if ((done = done_text(r)) != NULL && d == NULL)
		H(r, "<div class=\"notice\" role=\"status\">%s</div>\n", done);
	page_diags(r, d);
	v.mentor = strcmp(v.s.role, "mentor") == 0;
	H(r, "<p class=\"hint\">%s</p>", v.mentor ?
	    L(r, "Comme mentor, vous dites ce que le programme vous a "
	    "apporté : votre aisance à transmettre et les thèmes transmis.",
	    "As a mentor, you say what the programme gave you: your ease in "
	    "teaching and the topics you taught.") :
	    L(r, "Comme mentoré, vous redonnez votre niveau par thème et ce "
	    "que vous avez changé dans votre pratique.", "As a mentee, you "
	    "give your level per topic again and what you changed in your "
	    "practice."));
	H(r, "<p class=\"hint\">%s</p>", L(r, "Le rapport du programme ne "
	    "publie que des chiffres d'au moins cinq personnes ; personne n'y "
	    "lit votre réponse.", "The programme's report publishes only "
	    "figures of at least five people; nobody reads your answer "
	    "there."));

	v.stage = TDM_SURVEY_CLOSING;
	H(r, "<section aria-labelledby=\"closing\"><h2 id=\"closing\">%s"
	    "</h2>", L(r, "Questionnaire de fin de programme",
	    "Closing survey"));
	if (v.s.closing_done)
		survey_answer(&v, ref);
	else if (v.s.closing_open)
		survey_form(&v, ref);
	else
		H(r, "<p>%s</p>", L(r, "Il ouvre quand le programme démarre.",
		    "It opens when the programme starts."));
	H(r, "</section>\n");

	v.stage = TDM_SURVEY_FOLLOWUP;
	H(r, "<section aria-labelledby=\"followup\"><h2 id=\"followup\">%s"
	    "</h2>", L(r, "Questionnaire de suivi, 90 jours après",
	    "Follow-up survey, 90 days after"));
	if (v.s.followup_done)
		survey_answer(&v, ref);
	else if (v.s.followup_open)
		survey_form(&v, ref);
	else if (*v.s.followup_on != '\0') {
		H(r, "<p>%s ", L(r, "Il ouvrira le", "It opens on"));
		long_date(r, v.s.followup_on);
		H(r, "%s</p>", L(r, ", 90 jours après la clôture du programme.",
		    ", 90 days after the programme closed."));
	} else
		H(r, "<p>%s</p>", L(r, "Il ouvrira 90 jours après la clôture "
		    "du programme.", "It opens 90 days after the programme "
		    "closes."));
	H(r, "</section>\n");
	page_end(r);
	tdm_diags_free(&e);
}

void
page_survey(struct req *r)
{
	survey_page(r, 200, NULL);
}

/* The codes of the boxes ticked ("prefix_CODE"), comma-separated. */
struct ticked {
	struct req	*r;
	const char	*prefix;
	struct tdm_buf	 codes;
	struct tdm_buf	 levels;
};

static void
tick(struct ticked *t, const char *what, const char *code)
{
	char	 key[128];

	snprintf(key, sizeof(key), "%s_%s_%s", t->prefix, what, code);
	if (F(t->r, key) == NULL)
		return;
	if (t->codes.len)
		tdm_buf_addch(&t->codes, ',');
	tdm_buf_adds(&t->codes, code);
}

static int
ticked_item(void *arg, const struct tdm_survey_item *i)
{
	tick(arg, "practice", i->code);
	return 0;
}

static int
ticked_topic(void *arg, const struct tdm_survey_topic *tp)
{
	struct ticked	*t = arg;
	char		 key[128];
	const char	*v;

	tick(t, "taught", tp->code);
	snprintf(key, sizeof(key), "%s_level_%s", t->prefix, tp->code);
	if ((v = F(t->r, key)) != NULL && *v != '\0') {
		if (t->levels.len)
			tdm_buf_addch(&t->levels, ',');
		tdm_buf_addf(&t->levels, "%s=%s", tp->code, v);
	}
	return 0;
}

/* A confidence field: 0 if absent, -1 (refused) if not 1 to 5. */
static int
form_confidence(struct req *r, const char *key)
{
	const char	*v = F(r, key);
	char		*end;
	long		 n;

	if (v == NULL || *v == '\0')
		return 0;
	n = strtol(v, &end, 10);
	return *end != '\0' || n < 1 || n > 5 ? -1 : (int)n;
}

void
page_survey_post(struct req *r)
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_survey_answer	 a;
	struct tdm_survey_status	 s;
	struct ticked			 t;
	const char			*stage = F(r, "stage"), *rec;
	char				 key[64];
	enum tdm_err			 err;
	int				 mentor = 0;

	memset(&a, 0, sizeof(a));
	memset(&t, 0, sizeof(t));
	t.r = r;
	a.stage = stage != NULL && strcmp(stage, "followup") == 0 ?
	    TDM_SURVEY_FOLLOWUP : TDM_SURVEY_CLOSING;
	t.prefix = a.stage == TDM_SURVEY_FOLLOWUP ? "followup" : "closing";
	err = tdm_survey_show(r->st, &r->who.actor, r->args[0],
	    r->who.actor.name, &s, ticked_topic, ticked_item, &t, &d);
	if (err == TDM_OK) {
		mentor = strcmp(s.role, "mentor") == 0;
		if (mentor)
			a.taught = t.codes.len ? t.codes.buf : NULL;
		else
			a.practices = t.codes.len ? t.codes.buf : NULL;
		if (a.stage == TDM_SURVEY_FOLLOWUP && mentor)
			a.taught = NULL;
		a.levels = t.levels.len ? t.levels.buf : NULL;
		snprintf(key, sizeof(key), "%s_teach", t.prefix);
		a.teach = form_confidence(r, key);
		snprintf(key, sizeof(key), "%s_upward", t.prefix);
		a.upward = form_confidence(r, key);
		a.changed = a.stage == TDM_SURVEY_CLOSING ?
		    F(r, "closing_changed") : NULL;
		rec = F(r, "closing_recommend");
		a.recommend = rec != NULL && strcmp(rec, "yes") == 0;
		if (a.stage == TDM_SURVEY_CLOSING && (rec == NULL ||
		    (strcmp(rec, "yes") != 0 && strcmp(rec, "no") != 0))) {
			tdm_diag_add(&d, NULL, 0, 0, "%s", L(r, "dites si vous "
			    "recommanderiez le programme", "say whether you "
			    "would recommend the programme"));
			err = TDM_EINVAL;
		} else if (mentor && (a.teach == 0 || a.upward == 0)) {
			tdm_diag_add(&d, NULL, 0, 0, "%s", L(r, "choisissez "
			    "vos deux niveaux d'aisance, de 1 à 5", "choose "
			    "both your confidences, from 1 to 5"));
			err = TDM_EINVAL;
		} else
			err = tdm_survey_answer(r->st, &r->who.actor,
			    r->args[0], r->who.actor.name, &a, &d);
	}
	if (err == TDM_OK)
		redirect(r, "/programmes/%s/survey?done=%s",
		    strspn(r->args[0], "0123456789") == strlen(r->args[0]) ?
		    r->args[0] : "", t.prefix);
	else
		survey_page(r, http_status(err), &d);
	tdm_buf_release(&t.codes);
	tdm_buf_release(&t.levels);
	tdm_diags_free(&d);
}

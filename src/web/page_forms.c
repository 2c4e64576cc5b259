/*
 * The two long forms of the UI: designing a programme (its charter) and
 * volunteering for one.  A refused form comes back filled in, with the
 * library's reasons above it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"
#include "handlers.h"

/* The value to show in a field: what was posted, else a default. */
static const char *
V(struct req *r, const char *key, const char *def)
{
	const char	*v = F(r, key);

	return v != NULL ? v : def;
}

static int
checked_topic(const char *list, const char *code)
{
	size_t	 n = strlen(code);
	const char *p;

	for (p = list; (p = strstr(p, code)) != NULL; p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

struct topics {
	struct req	*r;
	const char	*chosen;	/* codes, comma-separated */
	const char	*only;		/* show only these, or NULL */
	int		 mentee;	/* the enrolment form's rows */
	size_t		 n;
	const char	*current;	/* "code=level[:interest],...": the
					   enrolment being changed, or NULL */
};

static int
topic_box(void *arg, const struct tdm_topic *t)
{
	struct topics	*l = arg;
	struct req	*r = l->r;

	if (t->programme != NULL)
		return 0;
	H(r, "<label class=\"check\"><input type=\"checkbox\" "
	    "name=\"topic_%s\" value=\"1\"%s> %s</label>", t->code,
	    checked_topic(l->chosen, t->code) ? " checked" : "",
	    L(r, t->label_fr, t->label_en));
	return 0;
}

struct coaches {
	struct req	*r;
	const char	*chosen;
};

static int
coach_option(void *arg, const struct tdm_coach *c)
{
	struct coaches	*l = arg;

	H(l->r, "<option value=\"%s\"%s>%s (%s)</option>", c->email,
	    strcmp(c->email, l->chosen) == 0 ? " selected" : "", c->name,
	    c->organisation);
	return 0;
}

/*
 * A labelled field: required ones say so before posting, a text's limit
 * is its maxlength (the library's: 120 characters for a name, 4000 for
 * a text), and a field a refused form's diagnostics name is marked.
 */
static void
form_label(struct req *r, const char *name, const char *label,
    int required)
{
	H(r, "<label for=\"%s\">%s", name, label);
	if (required)
		H(r, " <span class=\"required\">(%s)</span>",
		    L(r, "obligatoire", "required"));
	H(r, "</label>");
}

static void
text_field(struct req *r, const char *name, const char *label,
    const char *value, int area, int required)
{
	form_label(r, name, label, required);
	if (area) {
		H(r, "<textarea id=\"%s\" name=\"%s\" maxlength=\"4000\"%s",
		    name, name, required ? " required" : "");
		field_aria(r, name);
		H(r, ">%s</textarea>", value);
	} else {
		H(r, "<input id=\"%s\" name=\"%s\" value=\"%s\" "
		    "maxlength=\"%d\"%s", name, name, value,
		    strcmp(name, "name") == 0 ? 120 : 200,
		    required ? " required" : "");
		field_aria(r, name);
		H(r, ">");
	}
}

static void
number_field(struct req *r, const char *name, const char *label,
    const char *value, int min, int max)
{
	form_label(r, name, label, 0);
	H(r, "<input id=\"%s\" name=\"%s\" type=\"number\" min=\"%d\" "
	    "max=\"%d\" value=\"%s\"", name, name, min, max, value);
	field_aria(r, name);
	H(r, ">");
}

/* The e-mail in a programme's coach, "Name <email>, organisation". */
static void
coach_email(char *out, size_t n, const char *coach)
{
	const char	*lt = strchr(coach, '<'), *gt;

	*out = '\0';
	if (lt != NULL && (gt = strchr(lt, '>')) != NULL)
		snprintf(out, n, "%.*s", (int)(gt - lt - 1), lt + 1);
}

/*
 * The design form: empty for a new programme (p NULL), else filled from
 * p; what was posted wins, so that a refused form comes back as typed.
 */
static void
programme_form(struct req *r, int status, const struct tdm_diags *d,
    const char *topics, const struct tdm_programme *p)
{
	struct topics	 tl = { r, topics, NULL, 0, 0, NULL };
	char		 coach[256] = "", count[12], minutes[12], cadence[12];
	char		 keep[12], comments[12], depth[12], answer[12];
	struct coaches	 cl = { r, NULL };
	struct tdm_diags quiet = TDM_DIAGS_INIT;
	const char	*format = V(r, "format", p ? p->format : "one-to-one");
	const char	*dir = V(r, "direction", p ? p->direction :
			    "generation");

	if (p != NULL) {
		coach_email(coach, sizeof(coach), p->coach);
		snprintf(count, sizeof(count), "%d", p->session_count);
		snprintf(minutes, sizeof(minutes), "%d", p->session_minutes);
		snprintf(cadence, sizeof(cadence), "%d", p->cadence_days);
		snprintf(keep, sizeof(keep), "%d", p->retention_days);
		snprintf(comments, sizeof(comments), "%d", p->comments_days);
		snprintf(depth, sizeof(depth), "%d", p->chain_depth);
		snprintf(answer, sizeof(answer), "%d", p->answer_days);
	}
	cl.chosen = V(r, "coach", coach);
	page_begin(r, status, p ? p->name : L(r, "Nouveau programme",
	    "New programme"));
	if (p != NULL && p->charter_version > 0)
		H(r, "<p class=\"notice\">%s</p>", L(r, "La charte est "
		    "publiée : l'enregistrer en publie une nouvelle version, que "
		    "les nouveaux volontaires reconnaîtront.", "The charter is "
		    "published: saving publishes a new version, which new "
		    "volunteers will acknowledge."));
	page_diags(r, d);
	H(r, "<form method=\"post\" class=\"card\">");
	csrf_field(r);
	H(r, "<p class=\"hint\">%s</p>", L(r, "Les champs marqués "
	    "« obligatoire » doivent être remplis pour enregistrer ; un nom "
	    "tient en 120 caractères, un texte en 4000.", "Fields marked "
	    "\"required\" must be filled in to save; a name fits in 120 "
	    "characters, a text in 4000."));
	text_field(r, "name", L(r, "Nom", "Name"), V(r, "name", p ? p->name :
	    ""), 0, 1);
	text_field(r, "purpose", L(r, "Objectif, tel qu'il sera annoncé à "
	    "tous", "Purpose, as everyone invited will read it"),
	    V(r, "purpose", p ? p->purpose : ""), 1, 1);
	H(r, "<fieldset><legend>%s</legend>", L(r, "Thèmes", "Topics"));
	(void)tdm_topic_each(r->st, &r->who.actor, topic_box, &tl);
	H(r, "</fieldset><div class=\"grid\"><div>");
	H(r, "<label for=\"format\">%s</label><select id=\"format\" "
	    "name=\"format\"><option value=\"one-to-one\"%s>%s</option>"
	    "<option value=\"group\"%s>%s</option><option value=\"mixed\"%s>"
	    "%s</option></select>", L(r, "Format", "Format"),
	    strcmp(format, "one-to-one") == 0 ? " selected" : "",
	    L(r, "individuel", "one-to-one"), strcmp(format, "group") == 0 ?
	    " selected" : "", L(r, "collectif", "group"),
	    strcmp(format, "mixed") == 0 ? " selected" : "",
	    L(r, "mixte", "mixed"));
	H(r, "<label for=\"direction\">%s</label><select id=\"direction\" "
	    "name=\"direction\"><option value=\"generation\"%s>%s</option>"
	    "<option value=\"seniority\"%s>%s</option><option value=\"none\"%s>"
	    "%s</option></select>", L(r, "Qui peut être mentor de qui",
	    "Who may mentor whom"), strcmp(dir, "generation") == 0 ?
	    " selected" : "", L(r, "une génération plus jeune",
	    "a younger generation"), strcmp(dir, "seniority") == 0 ?
	    " selected" : "", L(r, "moins d'ancienneté", "less seniority"),
	    strcmp(dir, "none") == 0 ? " selected" : "",
	    L(r, "sans règle", "no rule"));
	H(r, "<label for=\"coach\">%s</label><select id=\"coach\" "
	    "name=\"coach\"><option value=\"\">%s</option>",
	    L(r, "Coach externe", "External coach"), L(r, "aucun", "none"));
	/* Only those who read the roster see the coaches to choose from. */
	(void)tdm_coach_each(r->st, &r->who.actor, coach_option, &cl, &quiet);
	tdm_diags_free(&quiet);
	H(r, "</select></div><div>");
	number_field(r, "session_count", L(r, "Nombre de séances",
	    "Number of sessions"), V(r, "session_count", p ? count : "6"), 1,
	    100);
	number_field(r, "session_minutes", L(r, "Durée d'une séance "
	    "(minutes)", "Session length (minutes)"),
	    V(r, "session_minutes", p ? minutes : "60"), 15, 480);
	number_field(r, "cadence_days", L(r, "Jours entre deux séances",
	    "Days between sessions"), V(r, "cadence_days", p ? cadence : "14"),
	    1, 365);
	/*
	 * The chain rule: how many levels of management above a person
	 * the matcher keeps from them; two by default, so that the chief
	 * executive, at the top of every chain, can still be paired.
	 */
	number_field(r, "chain_depth", L(r, "Niveaux hiérarchiques écartés "
	    "(2 : le manager et son propre manager ; 0 : toute la chaîne)",
	    "Management levels kept apart (2: the manager and the manager's "
	    "manager; 0: the whole chain)"), V(r, "chain_depth", p ? depth :
	    "2"), 0, 64);
	/* Issue 12: whether a member's date waits for the partner. */
	H(r, "<input type=\"hidden\" name=\"agreement_shown\" value=\"1\">"
	    "<label class=\"check\"><input type=\"checkbox\" "
	    "name=\"partner_agreement\" value=\"1\"%s> %s</label>",
	    (F(r, "agreement_shown") != NULL ? F(r, "partner_agreement") !=
	    NULL : p == NULL || p->agreement) ? " checked" : "",
	    L(r, "Une date proposée par un membre attend l'accord de "
	    "l'autre (sinon, la séance est déplacée aussitôt et l'autre "
	    "membre est prévenu)", "A date proposed by a member waits for "
	    "the other's agreement (otherwise the session moves at once and "
	    "the other member is told)"));
	/* Issue 13: the days a published pair has to answer. */
	number_field(r, "answer_days", L(r, "Jours pour répondre à une "
	    "proposition de binôme (ensuite, elle est retirée et chacun "
	    "repart en attente)", "Days to answer a proposed pair (then it "
	    "is withdrawn and both wait again)"), V(r, "answer_days", p ?
	    answer : "7"), 1, 60);
	H(r, "</div><div>");
	H(r, "<label for=\"start_date\">%s</label><input id=\"start_date\" "
	    "name=\"start_date\" type=\"date\" value=\"%s\"",
	    L(r, "Début", "Start"), V(r, "start_date", p ? p->start_date :
	    ""));
	field_aria(r, "start_date");
	H(r, "><label for=\"end_date\">%s</label><input id=\"end_date\" "
	    "name=\"end_date\" type=\"date\" value=\"%s\"",
	    L(r, "Fin", "End"), V(r, "end_date", p ? p->end_date : ""));
	field_aria(r, "end_date");
	H(r, ">");
	number_field(r, "retention_days", L(r, "Données gardées après la "
	    "clôture (jours)", "Data kept after the close (days)"),
	    V(r, "retention_days", p ? keep : "365"), 1, 3650);
	number_field(r, "comments_days", L(r, "Commentaires privés gardés "
	    "après la clôture (jours)", "Private comments kept after the "
	    "close (days)"), V(r, "comments_days", p ? comments : "90"), 1,
	    3650);
	H(r, "</div></div>");
	text_field(r, "commitments", L(r, "Engagements des participants",
	    "Participants' commitments"), V(r, "commitments", p ?
	    p->commitments : ""), 1, 0);
	text_field(r, "confidentiality", L(r, "Règles de confidentialité",
	    "Confidentiality rules"), V(r, "confidentiality", p ?
	    p->confidentiality : ""), 1, 0);
	text_field(r, "data_notice", L(r, "Information sur les données "
	    "personnelles", "Personal data notice"), V(r, "data_notice", p ?
	    p->data_notice : ""), 1, 0);
	H(r, "<button type=\"submit\">%s</button></form>\n", p ?
	    L(r, "Enregistrer", "Save") : L(r, "Créer le brouillon",
	    "Create the draft"));
	page_end(r);
}

void
page_programme_new(struct req *r)
{
	programme_form(r, 200, NULL, "web-search,personal-data", NULL);
}

/* The checked topic boxes of the form, as "code,code". */
struct collect {
	struct req	*r;
	struct tdm_buf	 codes;
};

static int
collect_topic(void *arg, const struct tdm_topic *t)
{
	struct collect	*c = arg;
	char		 key[96];

	snprintf(key, sizeof(key), "topic_%s", t->code);
	if (t->programme == NULL && F(c->r, key) != NULL) {
		if (c->codes.len)
			tdm_buf_addch(&c->codes, ',');
		tdm_buf_adds(&c->codes, t->code);
	}
	return 0;
}

static int
form_int(struct req *r, const char *key)
{
	const char	*v = F(r, key);
	char		*end;
	long		 n;

	if (v == NULL || *v == '\0')
		return TDM_UNSET;
	n = strtol(v, &end, 10);
	return *end == '\0' && n > -100000 && n < 100000 ? (int)n : -1;
}

static const char *
form_text(struct req *r, const char *key)
{
	const char	*v = F(r, key);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* The design form's fields as a programme spec; codes is the topics'. */
static void
spec_of_form(struct req *r, struct tdm_programme_spec *s,
    const char *codes)
{
	tdm_programme_spec_init(s);
	s->name = V(r, "name", "");
	s->purpose = V(r, "purpose", "");
	s->format = form_text(r, "format");
	s->direction = form_text(r, "direction");
	s->topics = codes;
	s->coach = F(r, "coach") ? (*F(r, "coach") ? F(r, "coach") : "-") :
	    NULL;
	s->start_date = form_text(r, "start_date");
	s->end_date = form_text(r, "end_date");
	s->commitments = F(r, "commitments");
	s->confidentiality = F(r, "confidentiality");
	s->data_notice = F(r, "data_notice");
	s->session_count = form_int(r, "session_count");
	s->session_minutes = form_int(r, "session_minutes");
	s->cadence_days = form_int(r, "cadence_days");
	s->retention_days = form_int(r, "retention_days");
	s->comments_days = form_int(r, "comments_days");
	s->chain_depth = form_int(r, "chain_depth");
	if (F(r, "agreement_shown") != NULL)
		s->agreement = F(r, "partner_agreement") != NULL;
	s->answer_days = form_int(r, "answer_days");
}

void
page_programme_new_post(struct req *r)
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_programme_spec	 s;
	struct collect			 c = { r, TDM_BUF_INIT };
	int64_t				 id = 0;
	enum tdm_err			 err;

	(void)tdm_topic_each(r->st, &r->who.actor, collect_topic, &c);
	spec_of_form(r, &s, c.codes.buf);
	if (s.coach != NULL && strcmp(s.coach, "-") == 0)
		s.coach = NULL;
	err = tdm_programme_create(r->st, &r->who.actor, &s, &id, &d);
	if (err == TDM_OK)
		redirect(r, "/programmes/%lld?done=created", (long long)id);
	else
		programme_form(r, http_status(err), &d, c.codes.buf, NULL);
	tdm_buf_release(&c.codes);
	tdm_diags_free(&d);
}

static int
edit_form_id(void *arg, const struct tdm_programme *p)
{
	*(int64_t *)arg = p->id;
	return 1;
}

struct edit {
	struct req		*r;
	int			 status;
	const struct tdm_diags	*d;
	const char		*codes;	/* posted, or NULL */
	int64_t			 id;
};

static int
edit_form(void *arg, const struct tdm_programme *p)
{
	struct edit	*e = arg;

	e->id = p->id;
	programme_form(e->r, e->status, e->d, e->codes ? e->codes : p->topics,
	    p);
	return 1;
}

/* A refused page: the status and the reasons, nothing else. */
static void
refused(struct req *r, enum tdm_err err, const struct tdm_diags *d)
{
	page_begin(r, http_status(err), L(r, "Refusé", "Refused"));
	page_diags(r, d);
	page_end(r);
}

void
page_programme_edit(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct edit		 e = { r, 200, NULL, NULL, 0 };
	enum tdm_err		 err;

	if ((r->who.actor.roles & (1u << TDM_ROLE_MANAGER)) == 0) {
		tdm_diag_add(&d, NULL, 0, 0, "%s", L(r, "modifier un programme "
		    "est le rôle du responsable de programme", "editing a "
		    "programme is the programme manager's role"));
		err = TDM_EPERM;
	} else
		err = tdm_programme_show(r->st, &r->who.actor, r->args[0],
		    edit_form, &e, &d);
	if (err != TDM_OK)
		refused(r, err, &d);
	tdm_diags_free(&d);
}

void
page_programme_edit_post(struct req *r)
{
	struct tdm_diags		 d = TDM_DIAGS_INIT, e = TDM_DIAGS_INIT;
	struct tdm_programme_spec	 s;
	struct collect			 c = { r, TDM_BUF_INIT };
	struct edit			 ed = { r, 0, NULL, NULL, 0 };
	enum tdm_err			 err;

	(void)tdm_topic_each(r->st, &r->who.actor, collect_topic, &c);
	spec_of_form(r, &s, c.codes.buf);
	err = tdm_programme_edit(r->st, &r->who.actor, r->args[0], &s, &d);
	if (err == TDM_OK) {
		(void)tdm_programme_show(r->st, &r->who.actor, s.name,
		    edit_form_id, &ed.id, &e);
		redirect(r, "/programmes/%lld?done=edited",
		    (long long)ed.id);
	} else {
		ed.status = http_status(err);
		ed.d = &d;
		ed.codes = c.codes.buf;
		if (tdm_programme_show(r->st, &r->who.actor, r->args[0],
		    edit_form, &ed, &e) != TDM_OK)
			refused(r, err, &d);
	}
	tdm_buf_release(&c.codes);
	tdm_diags_free(&d);
	tdm_diags_free(&e);
}

/* --- Volunteering ----------------------------------------------------- */

static const char *const halfdays[] = {
	"mon-am", "mon-pm", "tue-am", "tue-pm", "wed-am", "wed-pm",
	"thu-am", "thu-pm", "fri-am", "fri-pm",
};

static const char *
halfday_label(const struct req *r, size_t i)
{
	static const char *const fr[] = { "lundi matin", "lundi après-midi",
	    "mardi matin", "mardi après-midi", "mercredi matin",
	    "mercredi après-midi", "jeudi matin", "jeudi après-midi",
	    "vendredi matin", "vendredi après-midi" };
	static const char *const en[] = { "Monday morning",
	    "Monday afternoon", "Tuesday morning", "Tuesday afternoon",
	    "Wednesday morning", "Wednesday afternoon", "Thursday morning",
	    "Thursday afternoon", "Friday morning", "Friday afternoon" };

	return L(r, fr[i], en[i]);
}

/*
 * The level (or, with interest, the interest) of code in an enrolment's
 * "code=level[:interest],..." list, as the form's default: "0" when the
 * topic is not in it.
 */
static const char *
current_value(const char *list, const char *code, int interest)
{
	static const char *const digits[] = { "0", "1", "2", "3", "4" };
	size_t		 n = strlen(code);
	const char	*p;
	long		 v;

	for (p = list; p != NULL && *p != '\0'; p += strcspn(p, ",")) {
		if (*p == ',')
			p++;
		if (strncmp(p, code, n) != 0 || p[n] != '=')
			continue;
		p += n + 1;
		if (interest && (p = strpbrk(p, ":,")) != NULL && *p == ':')
			p++;
		else if (interest)
			return "0";
		v = strtol(p, NULL, 10);
		return v >= 0 && v <= 4 ? digits[v] : "0";
	}
	return "0";
}

static int
topic_row(void *arg, const struct tdm_topic *t)
{
	struct topics	*l = arg;
	struct req	*r = l->r;
	char		 key[96];
	const char	*lv, *in;
	int		 i;

	if (!checked_topic(l->only, t->code))
		return 0;
	l->n++;
	snprintf(key, sizeof(key), "level_%s", t->code);
	lv = V(r, key, current_value(l->current, t->code, 0));
	H(r, "<div class=\"topic-row\"><span>%s</span><label><span "
	    "class=\"muted\">%s</span><select name=\"level_%s\" "
	    "aria-label=\"%s : %s\">", L(r, t->label_fr, t->label_en),
	    L(r, "niveau", "level"), t->code, L(r, t->label_fr, t->label_en),
	    L(r, "niveau", "level"));
	for (i = 0; i <= 4; i++)
		H(r, "<option value=\"%d\"%s>%d – %s</option>", i,
		    strtol(lv, NULL, 10) == i ? " selected" : "", i,
		    tdm_level_label(i, r->lang));
	snprintf(key, sizeof(key), "interest_%s", t->code);
	in = V(r, key, current_value(l->current, t->code, 1));
	H(r, "</select></label><label><span class=\"muted\">%s</span>"
	    "<select name=\"interest_%s\" aria-label=\"%s : %s\">",
	    L(r, "intérêt (mentoré)", "interest (mentee)"), t->code,
	    L(r, t->label_fr, t->label_en), L(r, "intérêt", "interest"));
	for (i = 0; i <= 3; i++)
		H(r, "<option value=\"%d\"%s>%d</option>", i,
		    strtol(in, NULL, 10) == i ? " selected" : "", i);
	H(r, "</select></label></div>");
	return 0;
}

static int
programme_topics(void *arg, const struct tdm_programme *p)
{
	struct tdm_buf	*b = arg;

	tdm_buf_adds(b, p->topics);
	return 1;
}

/* The roster's site and language, to fill the form in. */
struct roster_facts {
	char	 site[TDM_FIELD_MAX + 1];
	char	 language[64];
};

static int
facts_of(void *arg, const struct tdm_employee *e)
{
	struct roster_facts	*f = arg;

	snprintf(f->site, sizeof(f->site), "%s", e->site);
	snprintf(f->language, sizeof(f->language), "%s", *e->language ?
	    e->language : "fr");
	return 1;
}

static void
enrol_form(struct req *r, int status, const struct tdm_diags *d)
{
	struct roster_facts	 rf = { "", "fr" };
	struct tdm_diags	 e = TDM_DIAGS_INIT;
	struct tdm_buf		 codes = TDM_BUF_INIT;
	struct topics		 tl = { r, "", NULL, 1, 0, NULL };
	const char		*role = V(r, "role", "");
	char			*charter = NULL, key[32];
	int			 version = 0;
	size_t			 i;

	if (tdm_programme_show(r->st, &r->who.actor, r->args[0],
	    programme_topics, &codes, &e) != TDM_OK) {
		page_begin(r, 404, L(r, "Inscription", "Enrolment"));
		page_diags(r, &e);
		page_end(r);
		tdm_diags_free(&e);
		tdm_buf_release(&codes);
		return;
	}
	tl.only = codes.buf;
	if (r->who.actor.employee_id)
		(void)tdm_employee_show(r->st, &r->who.actor,
		    r->who.actor.name, facts_of, &rf, &e);
	page_begin(r, status, L(r, "Je me porte volontaire", "I volunteer"));
	page_diags(r, d);
	if (tdm_charter_text(r->st, &r->who.actor, r->args[0], 0, &charter,
	    &version, &e) == TDM_OK)
		H(r, "<h2>%s %d</h2><div class=\"charter\" tabindex=\"0\" "
		    "role=\"region\" aria-label=\"%s\">%s</div>",
		    L(r, "Charte, version", "Charter, version"), version,
		    L(r, "Charte", "Charter"), charter);
	free(charter);
	H(r, "<form method=\"post\" class=\"card\">");
	csrf_field(r);
	H(r, "<fieldset><legend>%s</legend><label class=\"check\"><input "
	    "type=\"radio\" name=\"role\" value=\"mentor\" required%s> %s"
	    "</label><label class=\"check\"><input type=\"radio\" name=\"role\" "
	    "value=\"mentee\"%s> %s</label></fieldset>",
	    L(r, "Je participe comme", "I take part as"),
	    strcmp(role, "mentor") == 0 ? " checked" : "",
	    L(r, "mentor : je partage ce que je sais", "mentor: I share what "
	    "I know"), strcmp(role, "mentee") == 0 ? " checked" : "",
	    L(r, "mentoré : je veux apprendre", "mentee: I want to learn"));
	H(r, "<fieldset><legend>%s</legend><p class=\"hint\">%s</p>",
	    L(r, "Thèmes", "Topics"), L(r, "Votre niveau de 0 (aucune "
	    "notion) à 4 (expert) ; comme mentoré, votre intérêt de 0 à 3.",
	    "Your level from 0 (none) to 4 (expert); as a mentee, your "
	    "interest from 0 to 3."));
	(void)tdm_topic_each(r->st, &r->who.actor, topic_row, &tl);
	H(r, "</fieldset><fieldset><legend>%s</legend>",
	    L(r, "Disponibilités", "Availability"));
	for (i = 0; i < 10; i++) {
		snprintf(key, sizeof(key), "avail_%s", halfdays[i]);
		H(r, "<label class=\"check\"><input type=\"checkbox\" "
		    "name=\"%s\" value=\"1\"%s> %s</label>", key,
		    F(r, key) != NULL || r->body == NULL ? " checked" : "",
		    halfday_label(r, i));
	}
	H(r, "</fieldset><div class=\"grid\"><div>");
	text_field(r, "languages", L(r, "Langues (codes, séparés par des "
	    "virgules)", "Languages (codes, comma-separated)"),
	    V(r, "languages", rf.language), 0, 1);
	text_field(r, "site", L(r, "Site", "Site"), V(r, "site", rf.site), 0,
	    0);
	H(r, "<label class=\"check\"><input type=\"checkbox\" name=\"remote\" "
	    "value=\"1\"%s> %s</label></div><div>",
	    F(r, "remote") != NULL ? " checked" : "",
	    L(r, "À distance, c'est possible", "Remote is fine"));
	number_field(r, "capacity", L(r, "Comme mentor : combien de "
	    "personnes au plus", "As a mentor: how many people at most"),
	    V(r, "capacity", "1"), 1, 50);
	H(r, "</div></div><label class=\"check\"><input type=\"checkbox\" "
	    "name=\"charter\" value=\"%d\" required> %s</label>"
	    "<button type=\"submit\">%s</button></form>\n", version,
	    L(r, "J'ai lu la charte et je participe de mon plein gré.",
	    "I have read the charter and take part of my own free will."),
	    L(r, "M'inscrire", "Enrol"));
	page_end(r);
	tdm_diags_free(&e);
	tdm_buf_release(&codes);
}

void
page_enrol(struct req *r)
{
	enrol_form(r, 200, NULL);
}

struct picked {
	struct req	*r;
	int		 mentee;
	struct tdm_buf	 topics;
	const char	*only;
};

static int
picked_topic(void *arg, const struct tdm_topic *t)
{
	struct picked	*p = arg;
	char		 key[96];
	const char	*lv, *in;

	if (!checked_topic(p->only, t->code))
		return 0;
	snprintf(key, sizeof(key), "level_%s", t->code);
	lv = F(p->r, key);
	snprintf(key, sizeof(key), "interest_%s", t->code);
	in = F(p->r, key);
	if (lv == NULL)
		return 0;
	/* A mentor offers the topics they know; a mentee asks for those
	 * they are interested in. */
	if (p->mentee ? in == NULL || strcmp(in, "0") == 0 :
	    strcmp(lv, "0") == 0)
		return 0;
	if (p->topics.len)
		tdm_buf_addch(&p->topics, ',');
	if (p->mentee)
		tdm_buf_addf(&p->topics, "%s=%s:%s", t->code, lv, in);
	else
		tdm_buf_addf(&p->topics, "%s=%s", t->code, lv);
	return 0;
}

void
page_enrol_post(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_enrol_spec	 s;
	struct tdm_buf		 codes = TDM_BUF_INIT, avail = TDM_BUF_INIT;
	struct picked		 p = { r, 0, TDM_BUF_INIT, NULL };
	char			 key[32];
	enum tdm_err		 err;
	size_t			 i;
	int			 cap = form_int(r, "capacity");

	memset(&s, 0, sizeof(s));
	s.programme = r->args[0];
	s.employee = r->who.actor.name;
	s.role = V(r, "role", "");
	p.mentee = strcmp(s.role, "mentee") == 0;
	(void)tdm_programme_show(r->st, &r->who.actor, r->args[0],
	    programme_topics, &codes, &d);
	p.only = codes.buf;
	(void)tdm_topic_each(r->st, &r->who.actor, picked_topic, &p);
	for (i = 0; i < 10; i++) {
		snprintf(key, sizeof(key), "avail_%s", halfdays[i]);
		if (F(r, key) != NULL) {
			if (avail.len)
				tdm_buf_addch(&avail, ',');
			tdm_buf_adds(&avail, halfdays[i]);
		}
	}
	s.topics = p.topics.buf;
	s.languages = V(r, "languages", "fr");
	s.site = V(r, "site", "");
	s.remote = F(r, "remote") != NULL;
	s.availability = avail.buf;
	s.capacity = p.mentee || cap == TDM_UNSET ? 0 : cap;
	if (F(r, "charter") == NULL) {
		tdm_diag_add(&d, "charter", 0, 0, "%s", L(r, "cochez la case : "
		    "vous avez lu la charte", "tick the box: you have read "
		    "the charter"));
		err = TDM_EINVAL;
	} else if (r->who.actor.employee_id == 0) {
		tdm_diag_add(&d, NULL, 0, 0, "an external coach does not "
		    "enrol");
		err = TDM_EPERM;
	} else
		err = tdm_enrol(r->st, &r->who.actor, &s, &d);
	if (err == TDM_OK)
		redirect(r, "/programmes/%s?done=enrolled",
		    strspn(r->args[0], "0123456789") == strlen(r->args[0]) ?
		    r->args[0] : "");
	else
		enrol_form(r, http_status(err), &d);
	tdm_buf_release(&codes);
	tdm_buf_release(&avail);
	tdm_buf_release(&p.topics);
	tdm_diags_free(&d);
}

/*
 * Changing an enrolment (issue 12): the volunteer's own, filled in from
 * what they gave.  Until they have a partner every field can change;
 * after that only the availability, which future planning uses, so the
 * form shows only that.  The library decides; the form only spares a
 * field that cannot change.
 */
struct current {
	const char	*who;
	int		 found;
	char		 role[8];
	char		 topics[1024];
	char		 languages[64];
	char		 site[TDM_FIELD_MAX + 1];
	char		 availability[128];
	int		 remote;
	int		 capacity;
};

static int
current_of(void *arg, const struct tdm_enrolment *e)
{
	struct current	*c = arg;

	if (strcmp(e->matricule, c->who) != 0)
		return 0;
	c->found = 1;
	snprintf(c->role, sizeof(c->role), "%s", e->role);
	snprintf(c->topics, sizeof(c->topics), "%s", e->topics);
	snprintf(c->languages, sizeof(c->languages), "%s", e->languages);
	snprintf(c->site, sizeof(c->site), "%s", e->site);
	snprintf(c->availability, sizeof(c->availability), "%s",
	    e->availability);
	c->remote = e->remote;
	c->capacity = e->capacity;
	return 1;
}

/* Whether one of the actor's own pairs is published or accepted. */
static int
partnered(void *arg, const struct tdm_pair *p)
{
	int	*yes = arg;

	if (strcmp(p->state, "published") == 0 ||
	    strcmp(p->state, "accepted") == 0) {
		*yes = 1;
		return 1;
	}
	return 0;
}

/* The actor's enrolment in the programme r->args[0]; 0 if none. */
static int
current_enrolment(struct req *r, struct current *c, int *partner)
{
	struct tdm_diags	 e = TDM_DIAGS_INIT;

	memset(c, 0, sizeof(*c));
	c->who = r->who.actor.name;
	*partner = 0;
	if (r->who.actor.employee_id != 0) {
		(void)tdm_enrolment_each(r->st, &r->who.actor, r->args[0], 0,
		    current_of, c, &e);
		if (c->found)
			(void)tdm_pair_each(r->st, &r->who.actor, r->args[0],
			    1, partnered, partner, &e);
	}
	tdm_diags_free(&e);
	return c->found;
}

static void
enrolment_form(struct req *r, int status, const struct tdm_diags *d)
{
	struct tdm_diags	 e = TDM_DIAGS_INIT;
	struct tdm_buf		 codes = TDM_BUF_INIT;
	struct current		 c;
	struct topics		 tl = { r, "", NULL, 1, 0, NULL };
	char			 key[32], cap[16];
	int			 partner, all;
	size_t			 i;

	if (tdm_programme_show(r->st, &r->who.actor, r->args[0],
	    programme_topics, &codes, &e) != TDM_OK ||
	    !current_enrolment(r, &c, &partner)) {
		if (e.n == 0)
			tdm_diag_add(&e, NULL, 0, 0, "%s", L(r, "Vous n'êtes "
			    "pas inscrit à ce programme.", "You are not "
			    "enrolled in this programme."));
		page_begin(r, 404, L(r, "Mon inscription", "My enrolment"));
		page_diags(r, &e);
		page_end(r);
		tdm_diags_free(&e);
		tdm_buf_release(&codes);
		return;
	}
	tl.only = codes.buf;
	tl.current = c.topics;
	tl.mentee = strcmp(c.role, "mentee") == 0;
	page_begin(r, status, L(r, "Modifier mon inscription",
	    "Change my enrolment"));
	page_diags(r, d);
	H(r, "<p>%s %s. <a href=\"/programmes/%s\">%s</a></p>",
	    L(r, "Vous êtes inscrit comme", "You are enrolled as"),
	    tl.mentee ? L(r, "mentoré", "mentee") : L(r, "mentor", "mentor"),
	    r->args[0], L(r, "Retour au programme", "Back to the programme"));
	if (partner)
		H(r, "<p class=\"hint\">%s</p>", L(r, "Vous avez un binôme : "
		    "il vous a choisi tel que vous étiez, seules vos "
		    "disponibilités peuvent encore changer. Les séances déjà "
		    "planifiées restent à leur place ; les prochaines "
		    "planifications suivront vos nouvelles disponibilités.",
		    "You have a partner, who chose you as you were: only your "
		    "availability can still change. Sessions already planned "
		    "stay where they are; later planning follows your new "
		    "availability."));
	H(r, "<form method=\"post\" class=\"card\">");
	csrf_field(r);
	if (!partner) {
		H(r, "<fieldset><legend>%s</legend><p class=\"hint\">%s</p>",
		    L(r, "Thèmes", "Topics"), tl.mentee ? L(r, "Votre niveau "
		    "de 0 (aucune notion) à 4 (expert), et votre intérêt de 0 "
		    "à 3 ; un intérêt de 0 retire le thème.", "Your level from "
		    "0 (none) to 4 (expert), and your interest from 0 to 3; "
		    "an interest of 0 removes the topic.") : L(r, "Le niveau "
		    "que vous pouvez partager, de 0 (aucune notion) à 4 "
		    "(expert) ; un niveau de 0 retire le thème.", "The level "
		    "you can share, from 0 (none) to 4 (expert); a level of 0 "
		    "removes the topic."));
		(void)tdm_topic_each(r->st, &r->who.actor, topic_row, &tl);
		H(r, "</fieldset>");
	}
	H(r, "<fieldset><legend>%s</legend>", L(r, "Disponibilités",
	    "Availability"));
	all = strcmp(c.availability, "all") == 0;
	for (i = 0; i < 10; i++) {
		snprintf(key, sizeof(key), "avail_%s", halfdays[i]);
		H(r, "<label class=\"check\"><input type=\"checkbox\" "
		    "name=\"%s\" value=\"1\"%s> %s</label>", key,
		    (r->body != NULL ? F(r, key) != NULL : all ||
		    checked_topic(c.availability, halfdays[i])) ?
		    " checked" : "", halfday_label(r, i));
	}
	H(r, "</fieldset>");
	if (!partner) {
		H(r, "<div class=\"grid\"><div>");
		text_field(r, "languages", L(r, "Langues (codes, séparés par "
		    "des virgules)", "Languages (codes, comma-separated)"),
		    V(r, "languages", c.languages), 0, 1);
		text_field(r, "site", L(r, "Site", "Site"), V(r, "site",
		    c.site), 0, 0);
		H(r, "<label class=\"check\"><input type=\"checkbox\" "
		    "name=\"remote\" value=\"1\"%s> %s</label></div><div>",
		    (r->body != NULL ? F(r, "remote") != NULL : c.remote) ?
		    " checked" : "", L(r, "À distance, c'est possible",
		    "Remote is fine"));
		if (!tl.mentee) {
			snprintf(cap, sizeof(cap), "%d", c.capacity);
			number_field(r, "capacity", L(r, "Combien de "
			    "personnes au plus", "How many people at most"),
			    V(r, "capacity", cap), 1, 50);
		}
		H(r, "</div></div>");
	}
	H(r, "<button type=\"submit\">%s</button></form>\n",
	    L(r, "Enregistrer les changements", "Save the changes"));
	page_end(r);
	tdm_diags_free(&e);
	tdm_buf_release(&codes);
}

void
page_enrolment(struct req *r)
{
	enrolment_form(r, 200, NULL);
}

/*
 * Only the fields that differ from the enrolment are sent, so that a
 * volunteer with a partner may save the availability with the other
 * fields as they were.
 */
void
page_enrolment_post(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_enrol_change	 ch;
	struct tdm_buf		 codes = TDM_BUF_INIT, avail = TDM_BUF_INIT;
	struct picked		 p = { r, 0, TDM_BUF_INIT, NULL };
	struct current		 c;
	const char		*v;
	char			 key[32];
	enum tdm_err		 err;
	size_t			 i, n = 0;
	int			 cap = form_int(r, "capacity"), partner;

	memset(&ch, 0, sizeof(ch));
	ch.programme = r->args[0];
	ch.employee = r->who.actor.name;
	ch.remote = -1;
	if (!current_enrolment(r, &c, &partner)) {
		enrolment_form(r, 404, NULL);
		return;
	}
	p.mentee = strcmp(c.role, "mentee") == 0;
	for (i = 0; i < 10; i++) {
		snprintf(key, sizeof(key), "avail_%s", halfdays[i]);
		if (F(r, key) != NULL) {
			if (avail.len)
				tdm_buf_addch(&avail, ',');
			tdm_buf_adds(&avail, halfdays[i]);
			n++;
		}
	}
	if (n == 10) {
		tdm_buf_release(&avail);
		tdm_buf_adds(&avail, "all");
	}
	if (avail.failed || p.topics.failed) {
		err = TDM_ENOMEM;
		goto done;
	}
	/* No box ticked is the library's "no half-day given". */
	ch.availability = avail.len ? avail.buf : "";
	if (strcmp(ch.availability, c.availability) == 0)
		ch.availability = NULL;
	if (!partner) {
		(void)tdm_programme_show(r->st, &r->who.actor, r->args[0],
		    programme_topics, &codes, &d);
		p.only = codes.buf;
		(void)tdm_topic_each(r->st, &r->who.actor, picked_topic, &p);
		ch.topics = p.topics.len ? p.topics.buf : "";
		if (strcmp(ch.topics, c.topics) == 0)
			ch.topics = NULL;
		if ((v = F(r, "languages")) != NULL &&
		    strcmp(v, c.languages) != 0)
			ch.languages = v;
		if ((v = F(r, "site")) != NULL && strcmp(v, c.site) != 0)
			ch.site = v;
		if ((F(r, "remote") != NULL) != (c.remote != 0))
			ch.remote = F(r, "remote") != NULL;
		if (!p.mentee && cap != TDM_UNSET && cap != c.capacity)
			ch.capacity = cap;
	}
	/* 0 is the library's "unchanged", and form_int()'s -1 a word. */
	if (ch.capacity != 0 && ch.capacity < 1) {
		tdm_diag_add(&d, "capacity", 0, 0, "%s", L(r, "la capacité "
		    "est un nombre de 1 à 50", "the capacity is a number from "
		    "1 to 50"));
		err = TDM_EINVAL;
		goto done;
	}
	if (ch.availability == NULL && ch.topics == NULL &&
	    ch.languages == NULL && ch.site == NULL && ch.remote < 0 &&
	    ch.capacity == 0) {
		/* Saving the form as it was changes nothing: no error. */
		redirect(r, "/programmes/%s?done=unchanged",
		    strspn(r->args[0], "0123456789") == strlen(r->args[0]) ?
		    r->args[0] : "");
		err = TDM_OK;
		goto done;
	}
	err = tdm_enrol_change(r->st, &r->who.actor, &ch, &d);
	if (err == TDM_OK)
		redirect(r, "/programmes/%s?done=changed",
		    strspn(r->args[0], "0123456789") == strlen(r->args[0]) ?
		    r->args[0] : "");
done:
	if (err != TDM_OK)
		enrolment_form(r, http_status(err), &d);
	tdm_buf_release(&codes);
	tdm_buf_release(&avail);
	tdm_buf_release(&p.topics);
	tdm_diags_free(&d);
}

/*
 * The home page (what each role has to do now) and the roster upload.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
	    "</td><td>%s %s · %s %s</td><td>%s</td>", p->id, p->name,
	    p->purpose, p->state, tdm_state_label(p->state, r->lang),
	    num(r, p->mentors), L(r, "mentors", "mentors"),
	    num(r, p->mentees), L(r, "mentorés",
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

/*
 * A volunteer left without a partner (never matched, partner gone,
 * tandem ended) learns that they wait, and what happens next.
 */
static void
waiting(struct req *r)
{
	struct formed		 f;
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			 ref[24];
	size_t			 i;
	int			 waits;

	f.n = 0;
	(void)tdm_programme_each(r->st, &r->who.actor, formed, &f);
	for (i = 0; i < f.n; i++) {
		snprintf(ref, sizeof(ref), "%" PRId64, f.id[i]);
		if (tdm_pair_waiting_mine(r->st, &r->who.actor, ref, &waits,
		    &d) != TDM_OK || !waits)
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

/* A half-day code ("mon-am") in the reader's words. */
static void
halfday_words(struct req *r, const char *codes)
{
	static const struct {
		const char	*code, *fr, *en;
	} days[] = {
		{ "mon", "lundi", "Monday" }, { "tue", "mardi", "Tuesday" },
		{ "wed", "mercredi", "Wednesday" },
		{ "thu", "jeudi", "Thursday" }, { "fri", "vendredi", "Friday" },
	};
	const char	*p;
	size_t		 i, n = 0;

	for (p = codes; *p != '\0'; p += strcspn(p, ","), p += *p == ',') {
		for (i = 0; i < sizeof(days) / sizeof(days[0]); i++)
			if (strncmp(p, days[i].code, 3) == 0)
				break;
		if (i == sizeof(days) / sizeof(days[0]))
			continue;
		H(r, "%s%s %s", n++ ? ", " : "", L(r, days[i].fr, days[i].en),
		    strncmp(p + 3, "-am", 3) == 0 ? L(r, "matin", "morning") :
		    L(r, "après-midi", "afternoon"));
	}
	if (n == 0)
		H(r, "%s", L(r, "aucune", "none"));
}

/* What the participant's part of one programme shows. */
struct part {
	struct req	*r;
	int64_t		 prog;
	const char	*ref;
	size_t		 partners;
	int		 answer;	/* a pair awaits the reader's answer */
	int		 next_done;
	int		 ratings;	/* the second pass: ratings */
	time_t		 now;
	size_t		 held, planned, rated_shown;
};

static int
partner_card(void *arg, const struct tdm_partner *p)
{
	struct part	*x = arg;
	struct req	*r = x->r;
	int		 mentor = strcmp(p->role, "mentor") == 0;
	char		 by[64];

	x->partners++;
	H(r, "<article class=\"card partner\"><h3>%s %s</h3>"
	    "<p class=\"muted\">%s</p><dl class=\"facts\">", p->first_name,
	    p->last_name, mentor ? L(r, "Votre mentor", "Your mentor") :
	    L(r, "Votre mentoré", "Your mentee"));
	if (*p->job_title)
		H(r, "<dt>%s</dt><dd>%s</dd>", L(r, "Poste", "Job"),
		    p->job_title);
	if (*p->department)
		H(r, "<dt>%s</dt><dd>%s</dd>", L(r, "Direction",
		    "Department"), p->department);
	H(r, "<dt>%s</dt><dd>%s%s</dd>", L(r, "Site", "Site"), p->site,
	    p->remote ? L(r, " (à distance possible)",
	    " (remote possible)") : "");
	H(r, "<dt>%s</dt><dd>%s</dd>", L(r, "Thèmes en commun",
	    "Topics you share"), *p->topics_fr ? L(r, p->topics_fr,
	    p->topics_en) : L(r, "aucun", "none"));
	H(r, "<dt>%s</dt><dd>", L(r, "Demi-journées libres en commun",
	    "Half-days you are both free"));
	halfday_words(r, p->halfdays);
	H(r, "</dd></dl>");
	if (*p->email)
		H(r, "<p><a class=\"button secondary\" href=\"mailto:%s\">"
		    "%s %s</a></p>", p->email, L(r, "Écrire à", "Write to"),
		    p->first_name);
	/* The deadline as a date, in words (issue 13). */
	tdm_date_words(p->answer_by, L(r, "fr", "en"), by, sizeof(by));
	if (strcmp(p->state, "published") == 0 && *p->answer == '\0') {
		x->answer = 1;
		H(r, "<p class=\"notice\" role=\"status\"><strong>%s%s%s%s"
		    "</strong> %s <a href=\"/programmes/%" PRId64 "\">%s</a>"
		    "</p>", L(r, "Votre réponse est attendue", "Your answer is "
		    "awaited"), *by ? L(r, " jusqu'au ", " by ") : "", by,
		    L(r, " :", ":"), L(r, "acceptez-vous ce binôme ?", "do "
		    "you accept this pair?"), x->prog, L(r, "Répondre",
		    "Answer"));
		if (*by)
			H(r, "<p class=\"muted\">%s</p>", L(r, "Sans "
			    "réponse de vous deux à cette date, la "
			    "proposition est retirée et chacun attend un "
			    "autre binôme.", "Unless you both answer by then, "
			    "the proposal is withdrawn and each of you waits "
			    "for another partner."));
	} else if (strcmp(p->state, "published") == 0)
		H(r, "<p class=\"muted\">%s%s%s.</p>", L(r, "Vous avez "
		    "accepté ; la réponse de l'autre personne est attendue",
		    "You accepted; the other person's answer is awaited"),
		    *by ? L(r, " jusqu'au ", " by ") : "", by);
	H(r, "</article>\n");
	return 0;
}

/*
 * Whom a session of the reader's is with: the other person of the
 * pair, or the group.  A mentor with two mentees needs the name.
 */
static void
session_with(struct req *r, const struct tdm_session *s)
{
	if (*s->mentee == '\0')
		H(r, "%s", L(r, "en groupe", "as a group"));
	else
		H(r, "%s %s", L(r, "avec", "with"),
		    strcmp(s->mentor, r->who.actor.name) == 0 ?
		    s->mentee_name : s->mentor_name);
}

/* The reader's sessions: the next one, then the ratings awaited. */
static int
my_session(void *arg, const struct tdm_session *s)
{
	struct part	*x = arg;
	struct req	*r = x->r;
	char		 when[17];
	int		 rating = 0;

	if (strcmp(s->state, "planned") == 0 && !x->ratings) {
		x->planned++;
		if (x->next_done || s->start < x->now)
			return 0;
		x->next_done = 1;
		tdm_paris_format(s->start, when);
		H(r, "<div class=\"card next-session\"><h3>%s</h3><p>%s "
		    "(%s, %d min), ", L(r, "Ma prochaine séance",
		    "My next session"), when, L(r, "heure de Paris",
		    "Paris time"), s->minutes);
		session_with(r, s);
		H(r, "</p><p><a class=\"button secondary\" "
		    "href=\"/api/sessions/%" PRId64 "/ics\" download>%s</a> "
		    "<a href=\"/programmes/%" PRId64 "\">%s</a></p></div>\n",
		    s->id,
		    L(r, "Ajouter à mon agenda", "Add to my calendar"),
		    x->prog, L(r, "Proposer une autre date",
		    "Propose another date"));
		return 0;
	}
	if (strcmp(s->state, "held") != 0 || !x->ratings)
		return 0;
	x->held++;
	if (tdm_feedback_mine(r->st, &r->who.actor, s->id, &rating) !=
	    TDM_OK)
		return 0;
	tdm_paris_format(s->start, when);
	if (rating) {
		/* A rating given is shown, never asked for again. */
		H(r, "<p class=\"muted rated\">%s %s, ", L(r, "Séance du",
		    "Session of"), when);
		session_with(r, s);
		H(r, " : %s %d/5.</p>", L(r, "votre note", "your rating"),
		    rating);
		return 0;
	}
	H(r, "<form method=\"post\" action=\"/sessions/%" PRId64
	    "/feedback\" class=\"card feedback\"><h3>%s %s, ", s->id,
	    L(r, "Votre avis sur la séance du", "Your feedback on the "
	    "session of"), when);
	session_with(r, s);
	H(r, "</h3>");
	csrf_field(r);
	/* No preset value: a rating left as it was is no answer. */
	H(r, "<label for=\"rating-%" PRId64 "\">%s</label>"
	    "<select id=\"rating-%" PRId64 "\" name=\"rating\" required>"
	    "<option value=\"\">%s</option><option value=\"5\">5 – %s"
	    "</option><option value=\"4\">4</option><option value=\"3\">3"
	    "</option><option value=\"2\">2</option><option value=\"1\">"
	    "1 – %s</option></select>"
	    "<label for=\"comment-%" PRId64 "\">%s</label>"
	    "<input id=\"comment-%" PRId64 "\" name=\"comment\" "
	    "maxlength=\"2000\">"
	    "<input type=\"hidden\" name=\"back\" value=\"home\">"
	    "<button type=\"submit\">%s</button></form>\n", s->id,
	    L(r, "Note de 1 à 5 (obligatoire)", "Rating from 1 to 5 "
	    "(required)"), s->id, L(r, "— choisir —", "— choose —"),
	    L(r, "très utile", "very useful"), L(r, "pas utile",
	    "not useful"), s->id, L(r, "Commentaire privé (facultatif)",
	    "Private comment (optional)"), s->id, L(r, "Donner mon avis",
	    "Give feedback"));
	return 0;
}

struct enrolled {
	const char	*who;
	int		 found;
	char		 role[8];
};

/* The programmes the participant takes part in, for their home. */
struct mine_list {
	int64_t		 id[32];
	char		 name[32][128];
	char		 state[32][16];
	size_t		 n;
};

static int
mine_list(void *arg, const struct tdm_programme *p)
{
	struct mine_list	*m = arg;

	if (m->n < sizeof(m->id) / sizeof(m->id[0]) && p->charter_version >
	    0) {
		m->id[m->n] = p->id;
		snprintf(m->name[m->n], sizeof(m->name[0]), "%s", p->name);
		snprintf(m->state[m->n++], sizeof(m->state[0]), "%s",
		    p->state);
	}
	return 0;
}

/*
 * The participant's home: for each programme they volunteered in, their
 * partner, their next session, what awaits their answer, and what to
 * do next.
 */
static void
participant(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct mine_list	 m;
	struct enrolled		 e;
	struct part		 x;
	char			 ref[24];
	size_t			 i;
	int			 surveyed, matched;

	m.n = 0;
	(void)tdm_programme_each(r->st, &r->who.actor, mine_list, &m);
	for (i = 0; i < m.n; i++) {
		snprintf(ref, sizeof(ref), "%" PRId64, m.id[i]);
		e = (struct enrolled){ r->who.actor.name, 0, "" };
		/* One's own enrolment, not a manager's whole list. */
		if (tdm_enrolment_mine(r->st, &r->who.actor, ref, e.role) !=
		    TDM_OK || e.role[0] == '\0')
			continue;
		H(r, "<section class=\"my-programme\" aria-labelledby=\"mine-%"
		    PRId64 "\"><h2 id=\"mine-%" PRId64 "\">%s <a href=\""
		    "/programmes/%" PRId64 "\">%s</a></h2>\n", m.id[i],
		    m.id[i], strcmp(e.role, "mentor") == 0 ? L(r, "Mentor —",
		    "Mentor —") : L(r, "Mentoré —", "Mentee —"), m.id[i],
		    m.name[i]);
		x = (struct part){ r, m.id[i], ref, 0, 0, 0, 0,
		    tdm_store_now(r->st), 0, 0, 0 };
		(void)tdm_partner_each(r->st, &r->who.actor, ref, partner_card,
		    &x, &d);
		matched = strcmp(m.state[i], "matched") == 0 ||
		    strcmp(m.state[i], "running") == 0 ||
		    strcmp(m.state[i], "closed") == 0;
		if (x.partners == 0 && strcmp(m.state[i], "open") == 0)
			H(r, "<p class=\"notice\" role=\"status\">%s</p>\n",
			    L(r, "Inscription enregistrée. Prochaine étape : "
			    "à la fin des inscriptions, le responsable du "
			    "programme forme les binômes, et vous recevrez "
			    "une proposition à accepter.", "Enrolment "
			    "recorded. Next step: when enrolment ends, the "
			    "programme manager forms the pairs, and you will "
			    "receive a proposal to accept."));
		/* The next session first, then the ratings awaited. */
		for (x.ratings = 0; matched && x.ratings < 2; x.ratings++)
			(void)tdm_session_each(r->st, &r->who.actor, ref,
			    r->who.actor.name, my_session, &x, &d);
		if (x.held > 0 || strcmp(m.state[i], "closed") == 0) {
			surveyed = 0;
			(void)tdm_survey_mine(r->st, &r->who.actor, ref,
			    &surveyed);
			/* Due once the tandem's sessions are behind it. */
			if (!surveyed && (x.planned == 0 ||
			    strcmp(m.state[i], "closed") == 0))
				H(r, "<p class=\"notice\" role=\"status\">%s "
				    "<a class=\"button\" href=\"/programmes/%"
				    PRId64 "/survey\">%s</a></p>\n",
				    L(r, "Votre tandem touche à sa fin : deux "
				    "minutes pour dire ce qu'il vous a apporté ?",
				    "Your tandem is ending: two minutes to say "
				    "what it brought you?"), m.id[i],
				    L(r, "Répondre au questionnaire de clôture",
				    "Answer the closing survey"));
		}
		H(r, "</section>\n");
		tdm_diags_free(&d);
	}
}

/* The programmes the staff reader follows, for the figures. */
struct followed {
	struct req	*r;
	int64_t		 id[64];
	char		 name[64][128];
	char		 state[64][16];
	size_t		 n;
};

static int
followed(void *arg, const struct tdm_programme *p)
{
	struct followed	*f = arg;
	struct req	*r = f->r;

	if (r->who.actor.coach_id && p->coach_id != r->who.actor.coach_id)
		return 0;
	if (f->n < sizeof(f->id) / sizeof(f->id[0]) && (strcmp(p->state,
	    "matched") == 0 || strcmp(p->state, "running") == 0 ||
	    strcmp(p->state, "open") == 0 || strcmp(p->state, "closed") ==
	    0)) {
		f->id[f->n] = p->id;
		snprintf(f->name[f->n], sizeof(f->name[0]), "%s", p->name);
		snprintf(f->state[f->n++], sizeof(f->state[0]), "%s",
		    p->state);
	}
	return 0;
}

struct risk_list {
	struct req	*r;
	int64_t		 prog;
	size_t		 n;
};

static int
risk_item(void *arg, const struct tdm_risk *k)
{
	struct risk_list	*l = arg;
	struct req		*r = l->r;

	if (l->n++ >= 10)
		return 0;
	if (l->n == 1)
		H(r, "<ul class=\"at-risk\">");
	H(r, "<li><strong>%s</strong> – <strong>%s</strong> : ",
	    k->mentor_name, *k->mentee_name ? k->mentee_name :
	    L(r, "groupe", "group"));
	risk_words(r, k->reason);
	H(r, "</li>");
	return 0;
}

/*
 * The figures of each programme the reader runs, sponsors or coaches,
 * read-only; the coach's tandems at risk first.
 */
static void
staff_figures(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_figures	 f;
	struct followed		 fl;
	struct risk_list	 rl;
	struct tdm_page		 pg;
	char			 ref[24];
	size_t			 i;
	int			 live;

	fl.r = r;
	fl.n = 0;
	(void)tdm_programme_each(r->st, &r->who.actor, followed, &fl);
	for (i = 0; i < fl.n; i++) {
		snprintf(ref, sizeof(ref), "%" PRId64, fl.id[i]);
		/* The coach's list of risks counts them: not twice. */
		live = r->who.actor.coach_id && strcmp(fl.state[i],
		    "closed") != 0;
		if (tdm_programme_figures(r->st, &r->who.actor, ref,
		    tdm_store_now(r->st), live ? 0 : TDM_FIGURES_RISKS, &f,
		    &d) != TDM_OK) {
			tdm_diags_free(&d);
			continue;
		}
		H(r, "<section class=\"card programme-figures\" "
		    "aria-labelledby=\"fig-%" PRId64 "\"><h2 id=\"fig-%" PRId64
		    "\"><a href=\"/programmes/%" PRId64 "\">%s</a> "
		    "<span class=\"badge state state-%s\">%s</span></h2>\n",
		    fl.id[i], fl.id[i], fl.id[i], fl.name[i], fl.state[i],
		    tdm_state_label(fl.state[i], r->lang));
		/* A closed programme has no tandem left to be at risk. */
		if (live) {
			rl = (struct risk_list){ r, fl.id[i], 0 };
			H(r, "<h3>%s</h3>", L(r, "Tandems à risque",
			    "Tandems at risk"));
			/* The first ten, cut and counted by the store. */
			memset(&pg, 0, sizeof(pg));
			pg.limit = 10;
			pg.count = 1;
			(void)tdm_watch_page(r->st, &r->who.actor, ref, &pg,
			    risk_item, &rl, &d);
			f.at_risk = (int)pg.total;
			H(r, rl.n ? "</ul>" : "<p class=\"muted\">%s</p>",
			    L(r, "Aucun.", "None."));
			if (rl.n)
				H(r, "<p><a href=\"/programmes/%" PRId64
				    "/coach\">%s</a></p>", fl.id[i],
				    L(r, "Suivre ces tandems",
				    "Follow these tandems"));
		}
		figures_html(r, &f, fl.state[i]);
		H(r, "</section>\n");
		tdm_diags_free(&d);
	}
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
	if (query(r, "done") != NULL && strcmp(query(r, "done"),
	    "feedback") == 0)
		H(r, "<div class=\"notice\" role=\"status\">%s</div>\n",
		    L(r, "Merci pour votre avis.", "Thank you for your "
		    "feedback."));
	if (r->who.actor.employee_id)
		participant(r);
	if (roles & (1u << TDM_ROLE_SPONSOR)) {
		H(r, "<h2>%s</h2>", L(r, "À approuver", "Awaiting your "
		    "approval"));
		table(&h, "submitted", L(r, "Aucun programme n'attend votre "
		    "décision.", "No programme awaits your decision."));
	}
	if (h.staff || r->who.actor.coach_id)
		staff_figures(r);
	if (roles & (1u << TDM_ROLE_MANAGER))
		H(r, "<p><a class=\"button\" href=\"/programmes/new\">%s</a>"
		    "<a class=\"button secondary\" href=\"/roster\">%s</a></p>",
		    L(r, "Nouveau programme", "New programme"),
		    L(r, "Importer l'effectif", "Import the roster"));
	if (roles & (1u << TDM_ROLE_MANAGER))
		H(r, "<p><a href=\"/directory\">%s</a></p>\n",
		    L(r, "Annuaire de l'effectif : chercher une personne par "
		    "nom, direction, site ou génération", "The roster's "
		    "directory: find someone by name, department, site or "
		    "generation"));
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

/*
 * A tandem's at-risk reason in the reader's language: the library's
 * reasons are catalogue formats (po/fr.po), translated by lib_texts().
 */
void
risk_words(struct req *r, const char *reason)
{
	H(r, "%s", lib_texts(r, reason));
}

/*
 * The coach's page of one programme (issue 15): tandems at risk first,
 * one page of them read by one call (tdm_coach_tandem_page()).
 */
struct coach_list {
	struct req		*r;
	int64_t			 prog;
	long			 page;
	/* A note refused: its tandem, what was typed, and why. */
	const char		*mentor, *mentee, *typed;
	int			 followed;
	const struct tdm_diags	*refused;
	int			 shown;		/* in its card */
};

#define COACH_ROWS	25

static int
coach_card(void *arg, const struct tdm_coach_tandem *t)
{
	struct coach_list	*l = arg;
	struct req		*r = l->r;
	const char		*why = t->risk;
	char			 day[11];
	int			 refused;

	H(r, "<article class=\"card tandem%s\" id=\"t-%s-%s\"><h2>%s – %s"
	    "</h2>", why ? " at-risk" : "", t->mentor, t->mentee,
	    t->mentor_name, t->mentee_name);
	if (why != NULL) {
		H(r, "<p class=\"warning\"><strong>%s</strong> ",
		    L(r, "À risque :", "At risk:"));
		risk_words(r, why);
		H(r, "</p>");
	}
	H(r, "<p><a href=\"mailto:%s\">%s %s</a> · <a href=\"mailto:%s\">"
	    "%s %s</a></p>", t->mentor_email, L(r, "Écrire au mentor,",
	    "Write to the mentor,"), t->mentor_name, t->mentee_email,
	    L(r, "Écrire au mentoré,", "Write to the mentee,"),
	    t->mentee_name);
	if (*t->followed_at) {
		snprintf(day, sizeof(day), "%.2s/%.2s/%.4s", t->followed_at +
		    8, t->followed_at + 5, t->followed_at);
		H(r, "<p class=\"badge followed\">%s %s</p>",
		    L(r, "Suivi fait le", "Followed up on"), day);
	}
	refused = l->refused != NULL && strcmp(l->mentor, t->mentor) == 0 &&
	    strcmp(l->mentee, t->mentee) == 0;
	if (refused) {
		page_diags(r, l->refused);
		l->shown = 1;
	}
	H(r, "<form method=\"post\" action=\"/programmes/%" PRId64
	    "/coach", l->prog);
	if (l->page > 1)
		H(r, "?p=%ld", l->page);
	H(r, "\">");
	csrf_field(r);
	H(r, "<input type=\"hidden\" name=\"mentor\" value=\"%s\">"
	    "<input type=\"hidden\" name=\"mentee\" value=\"%s\">"
	    "<label for=\"note-%s-%s\">%s</label>"
	    "<textarea id=\"note-%s-%s\" name=\"note\" maxlength=\"2000\"",
	    t->mentor, t->mentee, t->mentor, t->mentee,
	    L(r, "Ma note privée (personne d'autre ne la lit)",
	    "My private note (nobody else reads it)"), t->mentor, t->mentee);
	if (refused)
		field_aria(r, "note");
	H(r, ">%s</textarea><label class=\"check\"><input type=\"checkbox\" "
	    "name=\"followed\" value=\"1\"%s> %s</label>"
	    "<button type=\"submit\" class=\"secondary\">%s</button></form>"
	    "</article>\n", refused ? l->typed : t->note,
	    (refused ? l->followed : *t->followed_at != '\0') ? " checked" : "",
	    L(r, "Suivi fait", "Followed up"), L(r, "Enregistrer", "Save"));
	return 0;
}

/*
 * The page, or after a refused note (l->refused) the same page with the
 * refusal in its tandem's card and what was typed kept (status 400).
 */
static void
coach_render(struct req *r, struct coach_list *l0)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct coach_list	 l = *l0;
	struct tdm_page		 pg;
	struct tdm_buf		 cards;
	const char		*ref = r->args[0], *v = query(r, "p");
	long			 page = v != NULL ? strtol(v, NULL, 10) : 1;
	size_t			 total;
	enum tdm_err		 err;

	if (page < 1 || page > 100000)
		page = 1;
	l.r = r;
	l.prog = strtoll(ref, NULL, 10);
	l.page = page;
	memset(&pg, 0, sizeof(pg));
	pg.limit = COACH_ROWS;
	pg.skip = (size_t)(page - 1) * COACH_ROWS;
	pg.count = 1;
	/*
	 * One call, before the page's head (a refusal decides its status):
	 * the cards are written aside, then put after the head.
	 */
	tdm_buf_reset(&r->out);
	err = tdm_coach_tandem_page(r->st, &r->who.actor, ref, &pg,
	    coach_card, &l, &d);
	cards = r->out;
	tdm_buf_init(&r->out);
	if (err != TDM_OK) {
		page_begin(r, http_status(err), L(r, "Suivi des tandems",
		    "Following the tandems"));
		page_diags(r, &d);
		page_end(r);
		tdm_diags_free(&d);
		tdm_buf_release(&cards);
		return;
	}
	page_begin(r, l.refused != NULL ? 400 : 200, L(r, "Suivi des "
	    "tandems", "Following the tandems"));
	if (l.refused == NULL && query(r, "done") != NULL)
		H(r, "<div class=\"notice\" role=\"status\">%s</div>\n",
		    L(r, "Note enregistrée.", "Note saved."));
	/* Its tandem no longer on this page: the refusal at the top. */
	if (l.refused != NULL && !l.shown)
		page_diags(r, l.refused);
	H(r, "<p><a href=\"/programmes/%" PRId64 "\">%s</a></p>", l.prog,
	    L(r, "Retour au programme", "Back to the programme"));
	tdm_buf_add(&r->out, cards.buf, cards.len);
	tdm_buf_release(&cards);
	total = pg.total;
	if (total == 0)
		H(r, "<p class=\"muted\">%s</p>", L(r, "Aucun tandem en cours.",
		    "No tandem under way."));
	if (total > COACH_ROWS) {
		H(r, "<nav class=\"pager\" aria-label=\"%s\"><p>",
		    L(r, "Pages", "Pages"));
		if (page > 1)
			H(r, "<a href=\"?p=%ld\" rel=\"prev\">%s</a> ",
			    page - 1, L(r, "← Précédente", "← Previous"));
		H(r, "<span>%s %s %s %s</span>", L(r, "Page", "Page"),
		    num(r, page), L(r, "sur", "of"),
		    num(r, (long long)((total + COACH_ROWS - 1) / COACH_ROWS)));
		if ((size_t)page * COACH_ROWS < total)
			H(r, " <a href=\"?p=%ld\" rel=\"next\">%s</a>",
			    page + 1, L(r, "Suivante →", "Next →"));
		H(r, "</p></nav>\n");
	}
	page_end(r);
	tdm_diags_free(&d);
}

void
page_coach(struct req *r)
{
	struct coach_list	 l;

	memset(&l, 0, sizeof(l));
	coach_render(r, &l);
}

void
page_coach_post(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct coach_list	 l;
	const char		*ref = r->args[0], *f = F(r, "followed"), *v;
	long			 page;
	enum tdm_err		 err;

	err = tdm_coach_note(r->st, &r->who.actor, ref, F(r, "mentor") ?
	    F(r, "mentor") : "", F(r, "mentee") ? F(r, "mentee") : "",
	    F(r, "note"), f != NULL && strcmp(f, "1") == 0, &d);
	if (err == TDM_OK) {
		v = query(r, "p");
		page = v != NULL ? strtol(v, NULL, 10) : 1;
		if (page > 1 && page <= 100000)
			redirect(r, "/programmes/%s/coach?p=%ld&done=note",
			    ref, page);
		else
			redirect(r, "/programmes/%s/coach?done=note", ref);
	} else if (err == TDM_EINVAL) {
		memset(&l, 0, sizeof(l));
		l.mentor = F(r, "mentor") ? F(r, "mentor") : "";
		l.mentee = F(r, "mentee") ? F(r, "mentee") : "";
		l.typed = F(r, "note") ? F(r, "note") : "";
		l.followed = f != NULL && strcmp(f, "1") == 0;
		l.refused = &d;
		coach_render(r, &l);
	} else {
		page_begin(r, http_status(err), L(r, "Suivi des tandems",
		    "Following the tandems"));
		page_diags(r, &d);
		H(r, "<p><a href=\"/programmes/%s/coach\">%s</a></p>", ref,
		    L(r, "Retour au suivi", "Back to the follow-up"));
		page_end(r);
	}
	tdm_diags_free(&d);
}

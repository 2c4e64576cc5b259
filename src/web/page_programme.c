/*
 * The programme page: its charter, what the signed-in person may do on
 * it now (by role and state), its pairs, sessions and tandems at risk;
 * and the forms that post back to it.  Every act is a library call made
 * as the signed-in person; a refusal comes back with the library's
 * reason, shown above the page.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"
#include "handlers.h"

/* The roles the reader holds on THIS programme (scoped roles, issue 14):
 * a button shows only where the library would allow its act. */
#define MANAGER_IN(g)	((g)->roles & (1u << TDM_ROLE_MANAGER))
#define SPONSOR_IN(g)	((g)->roles & (1u << TDM_ROLE_SPONSOR))
/* Rows of a list shown at once: no page is a wall (issue 15). */
#define PAGE_ROWS	25

/* "2026-12-01" (or the start of a timestamp) as "01/12/2026". */
static void
day(char out[11], const char *iso)
{
	if (strlen(iso) >= 10 && iso[4] == '-' && iso[7] == '-')
		snprintf(out, 11, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	else
		snprintf(out, 11, "%s", iso);
}

static const char *
pair_state(const struct req *r, const char *state)
{
	if (strcmp(state, "proposed") == 0)
		return L(r, "proposé", "proposed");
	if (strcmp(state, "published") == 0)
		return L(r, "publié, en attente des réponses",
		    "published, awaiting answers");
	if (strcmp(state, "accepted") == 0)
		return L(r, "accepté", "accepted");
	if (strcmp(state, "declined") == 0)
		return L(r, "décliné", "declined");
	if (strcmp(state, "ended") == 0)
		return L(r, "tandem terminé", "tandem ended");
	return state;
}

/* A score's terms, "topics=90 availability=20 site=0 ...", in words. */
static void
terms(struct req *r, const char *t)
{
	static const struct {
		const char	*key, *fr, *en;
	} names[] = {
		{ "topics", "thèmes", "topics" },
		{ "availability", "disponibilités", "availability" },
		{ "site", "même site", "same site" },
		{ "department", "autre direction", "other department" },
		{ "inversion", "inversion hiérarchique", "hierarchy inversion" },
	};
	char		 key[32];
	char		*end;
	long		 v;
	size_t		 i, n;
	int		 first = 1;

	for (;;) {
		t += strspn(t, " ");
		n = strcspn(t, "= ");
		if (n == 0 || n >= sizeof(key) || t[n] != '=')
			break;
		memcpy(key, t, n);
		key[n] = '\0';
		v = strtol(t + n + 1, &end, 10);
		if (end == t + n + 1)
			break;
		t = end;
		if (v == 0)
			continue;
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strcmp(names[i].key, key) == 0)
				break;
		H(r, "%s%s +%" PRId64, first ? "" : " · ", i < sizeof(names) /
		    sizeof(names[0]) ? L(r, names[i].fr, names[i].en) : key,
		    (int64_t)v);
		first = 0;
	}
}

/* What the page needs of the programme after the library's callback. */
struct prog {
	int64_t	 id;
	char	 name[512];
	char	 state[16];
	char	 format[16];
	char	 topics[1024];
	int	 charter_version;
	int	 mentors, mentees;
	unsigned roles;		/* the reader's, on this programme */
	unsigned live;		/* what may still change (TDM_LIVE_...) */
};

static int
facts(void *arg, const struct tdm_programme *p)
{
	struct req	*r = arg;

	H(r, "<div class=\"card\"><dl class=\"facts\">"
	    "<dt>%s</dt><dd><span class=\"badge state state-%s\">%s</span>"
	    "</dd><dt>%s</dt><dd>%s</dd>"
	    "<dt>%s</dt><dd>%d × %d min, %s %d %s</dd>",
	    L(r, "État", "State"), p->state, tdm_state_label(p->state, r->lang),
	    L(r, "Objectif", "Purpose"), p->purpose,
	    L(r, "Séances", "Sessions"), p->session_count, p->session_minutes,
	    L(r, "tous les", "every"), p->cadence_days, L(r, "jours", "days"));
	if (*p->start_date) {
		char	 from[11], to[11];

		day(from, p->start_date);
		day(to, p->end_date);
		H(r, "<dt>%s</dt><dd>%s → %s</dd>", L(r, "Dates", "Dates"),
		    from, to);
	}
	if (*p->coach)
		H(r, "<dt>%s</dt><dd>%s</dd>", L(r, "Coach", "Coach"),
		    p->coach);
	H(r, "<dt>%s</dt><dd>%s %s · %s %s</dd></dl></div>\n",
	    L(r, "Volontaires", "Volunteers"), num(r, p->mentors),
	    L(r, "mentors", "mentors"), num(r, p->mentees),
	    L(r, "mentorés", "mentees"));
	return 1;
}

static int
keep(void *arg, const struct tdm_programme *p)
{
	struct prog	*g = arg;

	g->id = p->id;
	snprintf(g->name, sizeof(g->name), "%s", p->name);
	snprintf(g->state, sizeof(g->state), "%s", p->state);
	snprintf(g->format, sizeof(g->format), "%s", p->format);
	snprintf(g->topics, sizeof(g->topics), "%s", p->topics);
	g->charter_version = p->charter_version;
	g->mentors = p->mentors;
	g->mentees = p->mentees;
	return 1;
}

static int
is(const struct prog *g, const char *state)
{
	return strcmp(g->state, state) == 0;
}

/* A button posting one action of this programme, with hidden fields. */
static void
action(struct req *r, const struct prog *g, const char *act,
    const char *label, const char *cls, const char *confirm,
    const char *k1, const char *v1, const char *k2, const char *v2)
{
	H(r, "<form method=\"post\" action=\"/programmes/%" PRId64 "/action\" "
	    "class=\"inline\"", g->id);
	if (confirm != NULL)
		H(r, " data-confirm=\"%s\"", confirm);
	H(r, ">");
	csrf_field(r);
	H(r, "<input type=\"hidden\" name=\"action\" value=\"%s\">", act);
	if (k1 != NULL)
		H(r, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", k1,
		    v1);
	if (k2 != NULL)
		H(r, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", k2,
		    v2);
	H(r, "<button type=\"submit\" class=\"%s\">%s</button></form>",
	    cls ? cls : "", label);
}

/* Whether the lifecycle lets the signed-in person do t to g now. */
static int
may(struct req *r, const struct prog *g, enum tdm_transition t)
{
	return (tdm_programme_acts(&r->who.actor, g->state) & (1u << t)) != 0;
}

static void
manager_actions(struct req *r, const struct prog *g)
{
	if (!is(g, "submitted") && !is(g, "approved") && !is(g, "closed"))
		H(r, "<a class=\"button secondary\" href=\"/programmes/%" PRId64
		    "/edit\">%s</a>", g->id, L(r, "Modifier la conception",
		    "Edit the design"));
	/* Issue 15: a draft can be deleted, after a confirmation. */
	if (is(g, "draft"))
		H(r, "<form method=\"post\" action=\"/programmes/%" PRId64
		    "/delete\" class=\"inline\" data-confirm=\"%s\">"
		    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
		    "<button type=\"submit\" class=\"danger\">%s</button>"
		    "</form>", g->id, L(r, "Supprimer ce brouillon efface sa "
		    "conception et son historique. Cela ne peut pas être "
		    "annulé. Supprimer ?", "Deleting this draft erases its "
		    "design and its history. This cannot be undone. Delete?"),
		    r->who.csrf, L(r, "Supprimer le brouillon",
		    "Delete the draft"));
	if (may(r, g, TDM_SUBMIT))
		action(r, g, "submit", L(r, "Soumettre au sponsor",
		    "Submit to the sponsor"), NULL, NULL, NULL, NULL, NULL,
		    NULL);
	if (may(r, g, TDM_OPEN))
		action(r, g, "open", L(r, "Publier la charte et ouvrir les "
		    "inscriptions", "Publish the charter and open enrolment"),
		    NULL, L(r, "Publier la charte ouvre les inscriptions : "
		    "les volontaires accepteront cette version, qui ne pourra "
		    "plus être retirée. Publier ?", "Publishing the charter "
		    "opens enrolment: volunteers will accept this version, "
		    "which cannot be withdrawn. Publish?"), NULL, NULL, NULL,
		    NULL);
	if (is(g, "open") || is(g, "matched")) {
		action(r, g, "match", L(r, "Calculer les binômes",
		    "Compute the pairs"), NULL, NULL, NULL, NULL, NULL, NULL);
		action(r, g, "publish", L(r, "Publier les binômes proposés",
		    "Publish the proposed pairs"), "secondary", L(r, "Publier "
		    "envoie chaque binôme proposé à ses deux membres, qui "
		    "pourront l'accepter ou le décliner. Cela ne peut pas être "
		    "annulé. Publier ?", "Publishing sends each proposed pair "
		    "to its two members, who may accept or decline it. This "
		    "cannot be undone. Publish?"), NULL, NULL, NULL, NULL);
	}
	/* While it runs: match again those who wait, nobody else. */
	if (is(g, "running")) {
		action(r, g, "match", L(r, "Former des binômes pour les "
		    "personnes en attente", "Match the people waiting"), NULL,
		    NULL, NULL, NULL, NULL, NULL);
		action(r, g, "publish", L(r, "Publier les binômes proposés",
		    "Publish the proposed pairs"), "secondary", L(r, "Publier "
		    "envoie chaque binôme proposé à ses deux membres, qui "
		    "pourront l'accepter ou le décliner. Cela ne peut pas être "
		    "annulé. Publier ?", "Publishing sends each proposed pair "
		    "to its two members, who may accept or decline it. This "
		    "cannot be undone. Publish?"), NULL, NULL, NULL, NULL);
	}
	if (is(g, "matched") || is(g, "running"))
		action(r, g, "plan", L(r, "Planifier les séances",
		    "Plan the sessions"), "secondary", NULL, NULL, NULL, NULL,
		    NULL);
	/* A closed programme's sessions no longer change (issue 15). */
	if (g->live & TDM_LIVE_SESSIONS) {
		H(r, "<a class=\"button secondary\" href=\"/closures\">%s</a>",
		    L(r, "Jours de fermeture", "Closure days"));
		session_where_form(r, g->id);
	}
	if (may(r, g, TDM_START))
		action(r, g, "start", L(r, "Démarrer le programme",
		    "Start the programme"), NULL, NULL, NULL, NULL, NULL, NULL);
	if (may(r, g, TDM_CLOSE))
		action(r, g, "close", L(r, "Clore le programme",
		    "Close the programme"), "danger", L(r, "Clore le programme "
		    "annule toutes les séances à venir ; cela ne peut pas être "
		    "annulé. Continuer ?", "Closing the programme cancels every "
		    "session to come; this cannot be undone. Go on?"), NULL,
		    NULL, NULL, NULL);
}

static void
sponsor_actions(struct req *r, const struct prog *g)
{
	if (!may(r, g, TDM_APPROVE) && !may(r, g, TDM_RETURN))
		return;
	H(r, "<form method=\"post\" action=\"/programmes/%" PRId64 "/action\" "
	    "class=\"card\">", g->id);
	csrf_field(r);
	H(r, "<label for=\"note\">%s</label><textarea id=\"note\" "
	    "name=\"note\"></textarea>", L(r, "Note au responsable (facultative "
	    "pour approuver, attendue pour renvoyer)", "Note to the manager "
	    "(optional to approve, expected to send back)"));
	if (may(r, g, TDM_APPROVE))
		H(r, "<button type=\"submit\" name=\"action\" value=\"approve\">"
		    "%s</button>", L(r, "Approuver", "Approve"));
	if (may(r, g, TDM_RETURN))
		H(r, "<button type=\"submit\" name=\"action\" "
		    "value=\"return\" class=\"secondary\">%s</button>",
		    L(r, "Renvoyer en brouillon", "Send back to draft"));
	H(r, "</form>");
}

/* The signed-in participant's enrolment, if any. */
struct mine {
	const char	*who;
	int		 found;
	char		 role[8];
};

struct pairs {
	struct req		*r;
	const struct prog	*g;
	size_t			 n;
	int			 all;	/* the manager's or coach's view */
	size_t			 skip, seen;	/* the page's first row */
};

/*
 * Ending an accepted tandem: one act, with a private reason, for either
 * member or a manager.
 */
static void
end_form(struct req *r, const struct prog *g, const struct tdm_pair *p)
{
	H(r, "<details class=\"end-tandem\"><summary>%s</summary>"
	    "<form method=\"post\" action=\"/programmes/%" PRId64
	    "/action\" data-confirm=\"%s\">", L(r, "Mettre fin au tandem",
	    "End the tandem"), g->id, L(r, "Mettre fin au tandem annule ses "
	    "séances à venir ; l'autre personne apprend seulement que le "
	    "tandem a pris fin. Continuer ?", "Ending the tandem cancels its "
	    "sessions to come; the other person learns only that the tandem "
	    "ended. Go on?"));
	csrf_field(r);
	H(r, "<input type=\"hidden\" name=\"action\" value=\"end\">"
	    "<input type=\"hidden\" name=\"mentor\" value=\"%s\">"
	    "<input type=\"hidden\" name=\"mentee\" value=\"%s\">"
	    "<label for=\"end-%s-%s\">%s</label><textarea id=\"end-%s-%s\" "
	    "name=\"note\" required></textarea>"
	    "<button type=\"submit\" class=\"danger\">%s</button></form>"
	    "</details>", p->mentor, p->mentee, p->mentor, p->mentee,
	    L(r, "Pourquoi (privé : personne d'autre ne le lira)",
	    "Why (private: nobody else will read it)"), p->mentor, p->mentee,
	    L(r, "Mettre fin au tandem", "End the tandem"));
}

/* A published pair's deadline to answer, as a date (issue 13). */
static void
deadline_line(struct req *r, const struct tdm_pair *p)
{
	char	 by[64];

	if (strcmp(p->state, "published") != 0 || p->ended)
		return;
	tdm_date_words(p->answer_by, L(r, "fr", "en"), by, sizeof(by));
	if (*by)
		H(r, "<p class=\"deadline\">%s %s</p>", L(r, "Réponse "
		    "attendue jusqu'au", "Answer awaited by"), by);
}

static int
my_pair(void *arg, const struct tdm_pair *p)
{
	struct pairs	*l = arg;
	struct req	*r = l->r;
	int		 mentor = strcmp(p->mentor, r->who.actor.name) == 0;
	const char	*mine = mentor ? p->mentor_answer : p->mentee_answer;

	l->n++;
	H(r, "<div class=\"card\"><p>%s <strong>%s</strong> (%s).</p>",
	    mentor ? L(r, "Vous accompagnez", "You mentor") :
	    L(r, "Votre mentor est", "Your mentor is"),
	    mentor ? p->mentee_name : p->mentor_name,
	    p->ended ? L(r, "le tandem a pris fin", "the tandem has ended") :
	    strcmp(p->state, "accepted") == 0 ? L(r, "binôme accepté par "
	    "les deux", "pair accepted by both") : strcmp(p->state,
	    "declined") == 0 ? L(r, "binôme terminé", "tandem ended") :
	    L(r, "proposition en attente de réponse", "proposal awaiting an "
	    "answer"));
	deadline_line(r, p);
	if (*p->terms) {
		H(r, "<p class=\"terms\">%s ", L(r, "Pourquoi ce binôme :",
		    "Why this pair:"));
		terms(r, p->terms);
		H(r, "</p>");
	}
	if (strcmp(p->state, "published") == 0 && *mine == '\0' &&
	    !p->ended && (l->g->live & TDM_LIVE_PAIRS)) {
		action(r, l->g, "accept", L(r, "Accepter", "Accept"), NULL,
		    NULL, "mentor", p->mentor, "mentee", p->mentee);
		action(r, l->g, "decline", L(r, "Décliner", "Decline"),
		    "secondary", L(r, "Décliner libère les deux personnes ; "
		    "ce binôme ne sera plus proposé. Continuer ?", "Declining "
		    "frees you both; this pair will not be proposed again. Go "
		    "on?"), "mentor", p->mentor, "mentee", p->mentee);
	} else if (*mine != '\0')
		H(r, "<p class=\"muted\">%s %s.</p>", L(r, "Votre réponse :",
		    "Your answer:"), strcmp(mine, "accepted") == 0 ?
		    L(r, "acceptée", "accepted") : L(r, "déclinée",
		    "declined"));
	if (strcmp(p->state, "accepted") == 0 && !p->ended &&
	    (l->g->live & TDM_LIVE_PAIRS))
		end_form(r, l->g, p);
	H(r, "</div>\n");
	return 0;
}

static int
pair_row(void *arg, const struct tdm_pair *p)
{
	struct pairs	*l = arg;
	struct req	*r = l->r;
	char		 score[24];

	/* The store cut the page. */
	if (l->n >= PAGE_ROWS)
		return 0;
	/*
	 * A card per pair (issue 15, point 3): who, where the pair stands,
	 * why it was formed, then what the manager may do; readable at
	 * 320 px without a table to scroll.
	 */
	if (l->n++ == 0)
		H(r, "<ul class=\"pair-cards\">");
	snprintf(score, sizeof(score), "%lld", (long long)p->score);
	H(r, "<li class=\"card pair-card\"><h3>%s <span class=\"muted\">"
	    "%s</span> %s</h3><p class=\"pair-roles\">%s : %s · %s : %s</p>"
	    "<div class=\"pair-state\"><strong>%s%s</strong>",
	    p->mentor_name, L(r, "et", "and"), *p->mentee_name ?
	    p->mentee_name : L(r, "groupe", "group"), L(r, "Mentor",
	    "Mentor"), p->mentor_name, L(r, "Mentoré", "Mentee"),
	    *p->mentee_name ? p->mentee_name : L(r, "groupe", "group"),
	    pair_state(r, p->state), p->locked ?
	    L(r, " · verrouillé", " · locked") : "");
	deadline_line(r, p);
	H(r, "</div><dl class=\"pair-facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt>"
	    "<dd class=\"terms\">", L(r, "Score", "Score"), score,
	    L(r, "Pourquoi ce binôme", "Why this pair"));
	terms(r, p->terms);
	H(r, "</dd></dl>");
	if (MANAGER_IN(l->g) && (l->g->live & TDM_LIVE_PAIRS)) {
		H(r, "<div class=\"pair-acts\">");
		if (strcmp(p->state, "proposed") == 0) {
			action(r, l->g, p->locked ? "unlock" : "lock",
			    p->locked ? L(r, "Déverrouiller", "Unlock") :
			    L(r, "Verrouiller", "Lock"), "secondary", NULL,
			    "mentee", p->mentee, NULL, NULL);
			if (!p->locked)
				action(r, l->g, "reject", L(r, "Rejeter",
				    "Reject"), "secondary", L(r, "Rejeter ce "
				    "binôme : il ne sera plus jamais proposé. "
				    "Cela ne peut pas être annulé. Rejeter ?",
				    "Reject this pair: it will never be "
				    "proposed again. This cannot be undone. "
				    "Reject?"), "mentor", p->mentor, "mentee",
				    p->mentee);
		}
		if (strcmp(p->state, "accepted") == 0 && !p->ended)
			end_form(r, l->g, p);
		H(r, "</div>");
	}
	H(r, "</li>");
	return 0;
}

struct sessions {
	struct req		*r;
	const struct prog	*g;
	size_t			 n;
	int			 own;	/* the reader's own sessions only */
	const char		*filter;	/* NULL: every one */
	time_t			 now;
	size_t			 skip, seen;	/* the page's first row */
};

/* The filters of the session list, in the URL and in words. */
static const struct {
	const char	*code, *fr, *en;
} session_filters[] = {
	{ "a-venir", "À venir", "To come" },
	{ "a-confirmer", "À confirmer", "To confirm" },
	{ "tenues", "Tenues", "Held" },
	{ "annulees", "Annulées", "Cancelled" },
};

/* The stored state a filter of the session list keeps (NULL: any). */
static const char *
session_state(const char *filter)
{
	if (filter == NULL)
		return NULL;
	if (strcmp(filter, "a-venir") == 0 ||
	    strcmp(filter, "a-confirmer") == 0)
		return "planned";
	if (strcmp(filter, "tenues") == 0)
		return "held";
	return "cancelled";
}

/* Who cancelled a session, in the reader's words ("mentee" is English). */
static const char *
side_word(struct req *r, const char *side)
{
	if (strcmp(side, "mentee") == 0)
		return L(r, "mentoré", "mentee");
	if (strcmp(side, "manager") == 0)
		return L(r, "responsable du programme", "programme manager");
	return side;
}

static int
session_row(void *arg, const struct tdm_session *s)
{
	struct sessions	*l = arg;
	struct req	*r = l->r;
	char		 when[17], id[24];
	int		 rating = 0;
	int		 member = strcmp(s->mentor, r->who.actor.name) == 0 ||
			    strcmp(s->mentee, r->who.actor.name) == 0;
	/* A group's session lists only its mentor: a participant reads
	 * only their own sessions, so it is theirs. */
	int		 group_member = *s->mentee == '\0' && l->own;

	/* The store filtered and cut the page. */
	if (l->n >= PAGE_ROWS)
		return 0;
	if (l->n++ == 0)
		H(r, "<div class=\"table-wrap\" tabindex=\"0\"><table>"
		    "<thead><tr><th>%s</th>"
		    "<th>%s</th><th>%s</th><th>%s</th><th></th></tr></thead>"
		    "<tbody>", L(r, "Date (Paris)", "Date (Paris)"),
		    L(r, "Mentor", "Mentor"), L(r, "Mentoré(s)", "Mentee(s)"),
		    L(r, "État", "State"));
	tdm_paris_format(s->start, when);
	snprintf(id, sizeof(id), "%lld", (long long)s->id);
	H(r, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s%s%s</td><td>"
	    "<a href=\"/api/sessions/%" PRId64
	    "/ics\" download>%s<span class=\"sr-only\"> (%s)</span></a> ", when,
	    s->mentor_name, *s->mentee_name ? s->mentee_name :
	    L(r, "groupe", "group"), strcmp(s->state, "held") == 0 ?
	    L(r, "tenue", "held") : strcmp(s->state, "cancelled") == 0 ?
	    L(r, "annulée", "cancelled") : L(r, "prévue", "planned"),
	    *s->cancelled_by ? L(r, " par le ", " by the ") :
	    /* No side: the tandem ended, and who ended it is private. */
	    strcmp(s->state, "cancelled") == 0 ? L(r, " (fin du tandem)",
	    " (tandem ended)") : "", side_word(r, s->cancelled_by), s->id,
	    L(r, "Invitation d'agenda", "Calendar invitation"), when);
	/* Held with absences, cancelled with a reason (page_sessions.c). */
	if (l->g->live & TDM_LIVE_SESSIONS)
		session_mark_forms(r, l->g->id, s, MANAGER_IN(l->g), member);
	/* Another date, proposed by a member and answered by the other. */
	if (l->g->live & TDM_LIVE_SESSIONS)
		session_proposal_cell(r, l->g->id, s, member || group_member,
		    !member && !group_member ? NULL : strcmp(s->mentor,
		    r->who.actor.name) == 0 ? "mentor" : "mentee");
	if (strcmp(s->state, "held") == 0 && member &&
	    tdm_feedback_mine(r->st, &r->who.actor, s->id, &rating) ==
	    TDM_OK && rating > 0)
		/* A rating given is shown, never asked for again. */
		H(r, "<span class=\"muted\">%s %d/5</span>", L(r, "Votre note :",
		    "Your rating:"), rating);
	else if (strcmp(s->state, "held") == 0 && member) {
		H(r, "<form method=\"post\" action=\"/sessions/%" PRId64
		    "/feedback\" class=\"inline\">", s->id);
		csrf_field(r);
		/* No preset value: a rating left as it was is no answer. */
		H(r, "<label class=\"check\">%s <select name=\"rating\" "
		    "aria-label=\"%s\" required><option value=\"\">–</option>"
		    "<option>5</option><option>4</option>"
		    "<option>3</option><option>2</option><option>1</option>"
		    "</select></label><input name=\"comment\" "
		    "aria-label=\"%s\" placeholder=\"%s\" maxlength=\"2000\">"
		    "<input type=\"hidden\" name=\"programme\" value=\"%" PRId64
		    "\"><button type=\"submit\" class=\"secondary\">%s</button>"
		    "</form>", L(r, "Note", "Rating"), L(r, "Note de 1 à 5",
		    "Rating from 1 to 5"), L(r, "Commentaire privé",
		    "Private comment"), L(r, "commentaire privé (facultatif)",
		    "private comment (optional)"), l->g->id,
		    L(r, "Donner mon avis", "Give feedback"));
	}
	H(r, "</td></tr>");
	return 0;
}

struct risks {
	struct req	*r;
	size_t		 n;
	size_t		 total;	/* all of them, counted by the store */
};

static int
risk_row(void *arg, const struct tdm_risk *k)
{
	struct risks	*l = arg;

	if (l->n++ >= PAGE_ROWS)
		return 0;
	if (l->n == 1)
		H(l->r, "<ul>");
	H(l->r, "<li><strong>%s</strong> – <strong>%s</strong> : ",
	    k->mentor_name, *k->mentee_name ? k->mentee_name :
	    L(l->r, "groupe", "group"));
	risk_words(l->r, k->reason);
	H(l->r, "</li>");
	return 0;
}

/*
 * The first PAGE_ROWS tandems at risk, and how many there are: the store
 * counts them and gives only the rows shown (issue 15).
 */
static void
risks_list(struct req *r, const char *ref, struct risks *l,
    struct tdm_diags *e)
{
	struct tdm_page	 pg;

	memset(&pg, 0, sizeof(pg));
	pg.limit = PAGE_ROWS;
	pg.count = 1;
	(void)tdm_watch_page(r->st, &r->who.actor, ref, &pg, risk_row, l, e);
	l->total = pg.total;
}

static int
history_row(void *arg, const struct tdm_programme_event *e)
{
	struct req	*r = arg;
	char		 when[11];

	day(when, e->at);
	/* People by name on a page, never by matricule. */
	H(r, "<li>%s, %s : %s → %s", when, *e->actor_name ? e->actor_name :
	    strcmp(e->actor, "system") == 0 ? "Tandem" : L(r,
	    "une personne effacée", "an erased person"),
	    tdm_state_label(e->from,
	    r->lang), tdm_state_label(e->to, r->lang));
	if (*e->note)
		H(r, " – « %s »", e->note);
	H(r, "</li>");
	return 0;
}

static void
match_summary(struct req *r, const struct tdm_match_report *m)
{
	size_t	 i;

	H(r, "<div class=\"notice\" role=\"status\"><p>%s %s/%s · %s %s"
	    " · %s · %s %s</p>", L(r, "Binômes :", "Pairs:"),
	    num(r, (long long)m->matched), num(r, (long long)m->mentees),
	    L(r, "score total", "total score"), num(r, m->total_score),
	    m->certified ? L(r, "optimum certifié", "optimum certified") :
	    L(r, "optimum NON certifié", "optimum NOT certified"),
	    L(r, "paires bloquantes", "blocking pairs"),
	    num(r, (long long)m->blocking_pairs));
	if (m->nunmatched) {
		H(r, "<p>%s</p><ul>", L(r, "Sans binôme :", "Unmatched:"));
		for (i = 0; i < m->nunmatched; i++)
			H(r, "<li>%s : %s</li>", m->unmatched[i].name,
			    lib_texts(r, m->unmatched[i].reason));
		H(r, "</ul>");
	}
	H(r, "</div>\n");
}

/* A matching's figures after its redirect (issue 15, pages). */
static void
match_done(struct req *r)
{
	const char	*k[] = { "matched", "of", "score", "blocking",
			    "unmatched" };
	long long	 v[5];
	const char	*q;
	size_t		 i;

	for (i = 0; i < 5; i++) {
		q = query(r, k[i]);
		v[i] = q != NULL ? strtoll(q, NULL, 10) : 0;
		if (v[i] < 0)
			v[i] = 0;
	}
	q = query(r, "certified");
	H(r, "<div class=\"notice\" role=\"status\"><p>%s %lld/%lld · %s "
	    "%lld · %s · %s %lld</p>", L(r, "Binômes :", "Pairs:"), v[0],
	    v[1], L(r, "score total", "total score"), v[2], q != NULL && strcmp(q, "1") == 0 ? L(r, "optimum certifié",
	    "optimum certified") : L(r, "optimum NON certifié",
	    "optimum NOT certified"), L(r, "paires bloquantes",
	    "blocking pairs"), v[3]);
	if (v[4] > 0)
		H(r, "<p>%lld %s</p>", v[4], L(r, "volontaire(s) sans binôme : "
		    "voir la liste des personnes en attente.",
		    "volunteer(s) without a pair: see the people waiting."));
	H(r, "</div>\n");
}

static const char *
done_text(const struct req *r, const char *done)
{
	static const struct {
		const char	*code, *fr, *en;
	} msgs[] = {
		{ "created", "Programme créé en brouillon.",
		    "Programme created as a draft." },
		{ "edited", "Programme enregistré.", "Programme saved." },
		{ "submit", "Programme soumis au sponsor.",
		    "Programme submitted to the sponsor." },
		{ "approve", "Programme approuvé.", "Programme approved." },
		{ "return", "Programme renvoyé en brouillon.",
		    "Programme sent back to draft." },
		{ "open", "Charte publiée, inscriptions ouvertes.",
		    "Charter published, enrolment open." },
		{ "publish", "Binômes publiés : chacun peut répondre.",
		    "Pairs published: each side may answer." },
		{ "plan", "Séances planifiées.", "Sessions planned." },
		{ "proposed", "Date proposée : elle s'applique dès que "
		    "l'autre membre l'accepte.", "Date proposed: it applies "
		    "once the other member accepts it." },
		{ "moved", "Séance déplacée.", "Session moved." },
		{ "where", "Lieu, lien et discrétion enregistrés.",
		    "Place, link and discretion saved." },
		{ "agreed", "Date acceptée : la séance est déplacée.",
		    "Date accepted: the session is moved." },
		{ "declined", "Date proposée refusée.",
		    "Date proposed declined." },
		{ "start", "Programme démarré.", "Programme started." },
		{ "close", "Programme clos.", "Programme closed." },
		{ "enrolled", "Inscription enregistrée. Merci !",
		    "Enrolment recorded. Thank you!" },
		{ "changed", "Inscription modifiée.", "Enrolment changed." },
		{ "unchanged", "Rien n'a changé dans votre inscription.",
		    "Nothing changed in your enrolment." },
		{ "withdraw", "Vous vous êtes retiré du programme : vos "
		    "séances à venir sont annulées, et votre binôme apprend "
		    "seulement que le tandem a pris fin. Vous pourrez vous "
		    "porter volontaire à nouveau tant que le programme "
		    "accueille des volontaires.", "You withdrew from the "
		    "programme: your sessions to come are cancelled, and your "
		    "partner learns only that the tandem has ended. You may "
		    "volunteer again while the programme takes volunteers." },
		{ "accept", "Réponse enregistrée : acceptée.",
		    "Answer recorded: accepted." },
		{ "decline", "Réponse enregistrée : déclinée.",
		    "Answer recorded: declined." },
		{ "feedback", "Merci pour votre avis.",
		    "Thank you for your feedback." },
		{ "lock", "Binôme verrouillé.", "Pair locked." },
		{ "unlock", "Binôme déverrouillé.", "Pair unlocked." },
		{ "reject", "Binôme rejeté : il ne sera plus proposé.",
		    "Pair rejected: it will not be proposed again." },
		{ "held", "Séance marquée tenue.", "Session marked held." },
		{ "cancel", "Séance annulée.", "Session cancelled." },
		{ "end", "Le tandem a pris fin ; ses séances à venir sont "
		    "annulées, et chacun pourra former un nouveau binôme.",
		    "The tandem has ended; its sessions to come are cancelled, "
		    "and each of you may be paired again." },
	};
	size_t	 i;

	for (i = 0; done != NULL && i < sizeof(msgs) / sizeof(msgs[0]); i++)
		if (strcmp(msgs[i].code, done) == 0)
			return L(r, msgs[i].fr, msgs[i].en);
	return NULL;
}

/* A page number of the query string: 1 when absent or wrong. */
static size_t
page_arg(struct req *r, const char *key)
{
	const char	*v = query(r, key);
	char		*end;
	long		 n;

	if (v == NULL)
		return 1;
	n = strtol(v, &end, 10);
	return *end != '\0' || n < 1 || n > 1000000 ? 1 : (size_t)n;
}

/*
 * "Previous / page i of n / next" under a list of total rows, the links
 * keeping the list's filter (prefix: "?seances=tenues&" or "?").
 */
static void
pager(struct req *r, int64_t id, const char *prefix, const char *key,
    const char *anchor, size_t page, size_t total)
{
	size_t	 pages = (total + PAGE_ROWS - 1) / PAGE_ROWS;

	if (pages <= 1)
		return;
	H(r, "<nav class=\"pager\" aria-label=\"%s\"><p>", L(r, "Pages",
	    "Pages"));
	if (page > 1)
		H(r, "<a href=\"/programmes/%" PRId64 "%s%s=%zu#%s\" "
		    "rel=\"prev\">%s</a> ", id, prefix, key, page - 1, anchor,
		    L(r, "← Précédente", "← Previous"));
	H(r, "<span>%s %s %s %s (%s)</span>", L(r, "Page", "Page"),
	    num(r, (long long)page), L(r, "sur", "of"),
	    num(r, (long long)pages), num(r, (long long)total));
	if (page < pages)
		H(r, " <a href=\"/programmes/%" PRId64 "%s%s=%zu#%s\" "
		    "rel=\"next\">%s</a>", id, prefix, key, page + 1, anchor,
		    L(r, "Suivante →", "Next →"));
	H(r, "</p></nav>\n");
}

/*
 * The programme's figures at the top of its page (issue 15): counts
 * only, for its managers, sponsors and coach; nothing for anyone else.
 */
void
figures_html(struct req *r, const struct tdm_figures *f, const char *state)
{
	H(r, "<section class=\"figures\" aria-label=\"%s\"><ul class=\""
	    "figures\">", L(r, "Chiffres du programme",
	    "The programme's figures"));
#define FIG(n, fr, en) H(r, "<li><strong>%s</strong> %s</li>", \
	    num(r, (n)), L(r, (fr), (en)))
	FIG(f->mentors + f->mentees, "volontaires", "volunteers");
	FIG(f->pairs, "binômes formés", "pairs formed");
	/* Closed: what it did; nothing is awaited, at risk or waiting. */
	if (strcmp(state, "closed") == 0) {
		FIG(f->held, "séances tenues", "sessions held");
		FIG(f->cancelled, "séances annulées", "sessions cancelled");
		H(r, "</ul></section>\n");
		return;
	}
	FIG(f->answers, "réponses attendues", "answers awaited");
	FIG(f->held_month, "séances tenues ce mois-ci",
	    "sessions held this month");
	FIG(f->at_risk, "tandems à risque", "tandems at risk");
	FIG(f->waiting, "personnes en attente", "people waiting");
#undef FIG
	H(r, "</ul></section>\n");
}

/*
 * The whole page, with status and, above it, the problems of a refused
 * act (d) or the summary of a matching run (m).
 */
static void
programme_page(struct req *r, int status, const struct tdm_diags *d,
    const struct tdm_match_report *m)
{
	struct tdm_diags	 e = TDM_DIAGS_INIT;
	struct prog		 g;
	struct mine		 me = { r->who.actor.name, 0, "" };
	struct pairs		 pl;
	struct sessions		 sl;
	struct risks		 rl;
	struct tdm_figures	 fig;
	struct tdm_page		 pg;
	struct tdm_buf		 risks_html = TDM_BUF_INIT, tmp;
	int			 counted = 0;
	const char		*ref = r->args[0], *done, *filter;
	char			 prefix[64];
	size_t			 page, i, first;
	char			*charter = NULL;
	int			 version, all_pairs, all_sessions, closed;

	memset(&g, 0, sizeof(g));
	if (tdm_programme_show(r->st, &r->who.actor, ref, keep, &g, &e) !=
	    TDM_OK) {
		page_begin(r, e.n && strstr(e.v[0].message, "no programme") ?
		    404 : 403, L(r, "Programme", "Programme"));
		page_diags(r, &e);
		page_end(r);
		tdm_diags_free(&e);
		return;
	}
	g.roles = tdm_actor_roles_on(&r->who.actor, g.id);
	g.live = tdm_programme_live(g.state);
	closed = is(&g, "closed");
	page_begin(r, status, g.name);
	page_diags(r, d);
	if (m != NULL)
		match_summary(r, m);
	else if (query(r, "matched") != NULL)
		match_done(r);
	if ((done = done_text(r, query(r, "done"))) != NULL)
		H(r, "<div class=\"notice\" role=\"status\">%s</div>\n", done);
	if (closed)
		H(r, "<div class=\"notice\" role=\"status\">%s</div>\n",
		    L(r, "Ce programme est clos : ses binômes et ses séances ne "
		    "changent plus. Son rapport reste à lire.", "This programme "
		    "is closed: its pairs and sessions no longer change. Its "
		    "report is still there to read."));
	/* The tandems at risk are listed below: counted once, there. */
	if (tdm_programme_figures(r->st, &r->who.actor, ref,
	    tdm_store_now(r->st), 0, &fig, &e) == TDM_OK) {
		rl = (struct risks){ r, 0, 0 };
		risks_html = r->out;
		tdm_buf_init(&r->out);
		/* A closed programme has no tandem left to be at risk. */
		if (!closed && tdm_may_view(r->st, &r->who.actor, ref,
		    TDM_VIEW_PAIRS, NULL, &e) == TDM_OK)
			risks_list(r, ref, &rl, &e);
		fig.at_risk = (int)rl.total;
		/* Swapped back: the list waits in risks_html. */
		tmp = r->out;
		r->out = risks_html;
		risks_html = tmp;
		figures_html(r, &fig, g.state);
		counted = 1;
	}
	tdm_diags_free(&e);
	/* What the last planning could not place, while it may be planned. */
	if (MANAGER_IN(&g) && (g.live & TDM_LIVE_SESSIONS))
		plan_shortfall_section(r, ref);
	(void)tdm_programme_show(r->st, &r->who.actor, ref, facts, r, &e);

	if (MANAGER_IN(&g) || SPONSOR_IN(&g)) {
		H(r, "<div class=\"actions\">");
		if (MANAGER_IN(&g))
			manager_actions(r, &g);
		/* Company sign-in (issue 14): invitations in bulk. */
		if (MANAGER_IN(&g) && !closed)
			H(r, "<a class=\"button secondary\" href=\"/programmes/%"
			    PRId64 "/invitations\">%s</a>", g.id,
			    L(r, "Inviter les participants",
			    "Invite the participants"));
		if (!is(&g, "draft") && !is(&g, "submitted") &&
		    !is(&g, "approved"))
			H(r, "<a class=\"button secondary\" "
			    "href=\"/programmes/%" PRId64 "/report\">%s</a>"
			    "<a class=\"button secondary\" href=\"/api/"
			    "programmes/%" PRId64
			    "/report?format=csv\" download>%s</a>",
			    g.id, L(r, "Rapport", "Report"), g.id,
			    L(r, "Rapport CSV", "Report as CSV"));
		H(r, "</div>\n");
		if (SPONSOR_IN(&g))
			sponsor_actions(r, &g);
	}

	/* The participant's own part. */
	/* One's own enrolment: not a manager's whole list. */
	if (r->who.actor.employee_id && g.charter_version > 0 &&
	    tdm_enrolment_mine(r->st, &r->who.actor, ref, me.role) == TDM_OK &&
	    me.role[0] != '\0')
		me.found = 1;
	/* Closed: nothing to join; only those who took part read theirs. */
	if (r->who.actor.employee_id && g.charter_version > 0 &&
	    (me.found || !closed)) {
		H(r, "<h2>%s</h2>", L(r, "Ma participation",
		    "My participation"));
		if (me.found) {
			H(r, "<p>%s %s.</p>", L(r, "Vous êtes inscrit comme",
			    "You are enrolled as"), strcmp(me.role, "mentor") ==
			    0 ? L(r, "mentor", "mentor") : L(r, "mentoré",
			    "mentee"));
			/* Changing one's enrolment. */
			if (is(&g, "open") || is(&g, "matched") ||
			    is(&g, "running"))
				H(r, "<p><a href=\"/programmes/%" PRId64
				    "/enrolment\">%s</a></p>", g.id,
				    L(r, "Modifier mon inscription",
				    "Change my enrolment"));
			pl = (struct pairs){ r, &g, 0, 0, 0, 0 };
			(void)tdm_pair_each(r->st, &r->who.actor, ref, 1,
			    my_pair, &pl, &e);
			/* Kudos and the attestation (issue 16, page_recog.c). */
			H(r, "<p><a href=\"/programmes/%" PRId64 "/kudos\">%s"
			    "</a></p>", g.id, strcmp(me.role, "mentor") == 0 ?
			    L(r, "Mes remerciements et mon attestation",
			    "My kudos and my attestation") : L(r, "Remercier "
			    "mon mentor", "Thank my mentor"));
			if (!is(&g, "closed"))
				action(r, &g, "withdraw", L(r, "Me retirer du "
				    "programme", "Withdraw from the programme"),
				    "danger", L(r, "Vous retirer annule vos "
				    "séances à venir ; votre binôme saura "
				    "seulement que le tandem a pris fin. "
				    "Continuer ?", "Withdrawing cancels your "
				    "sessions to come; your partner will only "
				    "learn that the tandem has ended. Go on?"),
				    NULL, NULL, NULL, NULL);
		} else if (is(&g, "open") || is(&g, "matched") ||
		    is(&g, "running"))
			H(r, "<p><a class=\"button\" href=\"/programmes/"
			    "%" PRId64 "/enrol\">%s</a></p>", g.id,
			    L(r, "Je me porte volontaire", "I volunteer"));
		else
			H(r, "<p class=\"muted\">%s</p>", L(r, "Les "
			    "inscriptions ne sont pas ouvertes.", "Enrolment "
			    "is not open."));
	}

	all_pairs = tdm_may_view(r->st, &r->who.actor, ref, TDM_VIEW_PAIRS,
	    NULL, &e) == TDM_OK;
	/* At risk first: what asks for someone's attention, while it can. */
	if (all_pairs && !closed) {
		H(r, "<h2>%s</h2>", L(r, "Tandems à risque", "Tandems at "
		    "risk"));
		if (counted)
			tdm_buf_add(&r->out, risks_html.buf, risks_html.len);
		else {
			rl = (struct risks){ r, 0, 0 };
			risks_list(r, ref, &rl, &e);
		}
		H(r, rl.n ? "</ul>\n" : "<p class=\"muted\">%s</p>\n",
		    L(r, "Aucun.", "None."));
		if (r->who.actor.coach_id)
			H(r, "<p><a class=\"button secondary\" href=\""
			    "/programmes/%" PRId64 "/coach\">%s</a></p>\n",
			    g.id, L(r, "Suivre les tandems : mes notes "
			    "privées", "Follow the tandems: my private notes"));
		if (rl.total > PAGE_ROWS)
			H(r, "<p class=\"muted\">%s %zu.</p>\n", L(r, "Et "
			    "d'autres encore ; en tout :", "And more; in all:"),
			    rl.total);
	}
	if (all_pairs) {
		H(r, "<h2 id=\"binomes\">%s</h2>", L(r, "Binômes", "Pairs"));
		page = page_arg(r, "bp");
		pl = (struct pairs){ r, &g, 0, 1, 0, 0 };
		/* One page, cut and counted by the store. */
		memset(&pg, 0, sizeof(pg));
		pg.limit = PAGE_ROWS;
		pg.skip = (page - 1) * PAGE_ROWS;
		pg.count = 1;
		(void)tdm_pair_page(r->st, &r->who.actor, ref, &pg, NULL, NULL,
		    pair_row, &pl, &e);
		H(r, pl.n ? "</ul>\n" :
		    "<p class=\"muted\">%s</p>\n", L(r, "Aucun binôme pour "
		    "l'instant.", "No pair yet."));
		pager(r, g.id, "?", "bp", "binomes", page, pg.total);
	}
	all_sessions = all_pairs;
	/* The whole programme's sessions: one filter, one page at a time. */
	filter = NULL;
	/* Closed: nothing is to come or to confirm, only what was held. */
	first = closed ? 2 : 0;
	if (all_sessions) {
		/* What needs someone first: the sessions to confirm. */
		filter = session_filters[closed ? 2 : counted &&
		    fig.to_confirm > 0 ? 1 : 0].code;
		for (i = first; query(r, "seances") != NULL && i <
		    sizeof(session_filters) / sizeof(session_filters[0]); i++)
			if (strcmp(query(r, "seances"),
			    session_filters[i].code) == 0)
				filter = session_filters[i].code;
	}
	page = page_arg(r, "sp");
	sl = (struct sessions){ r, &g, 0, !all_sessions, filter,
	    tdm_store_now(r->st), (page - 1) * PAGE_ROWS, 0 };
	if (all_sessions || me.found) {
		H(r, "<h2 id=\"seances\">%s</h2>", all_sessions ?
		    L(r, "Séances", "Sessions") : L(r, "Mes séances",
		    "My sessions"));
		if (all_sessions) {
			H(r, "<nav class=\"filters\" aria-label=\"%s\"><ul>",
			    L(r, "Filtrer les séances", "Filter the "
			    "sessions"));
			for (i = first; i < sizeof(session_filters) /
			    sizeof(session_filters[0]); i++)
				H(r, strcmp(filter, session_filters[i].code) ==
				    0 ? "<li><a href=\"/programmes/%" PRId64
				    "?seances=%s#seances\" aria-current=\"page\">"
				    "%s</a></li>" : "<li><a href=\"/programmes/%"
				    PRId64 "?seances=%s#seances\">%s</a></li>",
				    g.id, session_filters[i].code,
				    L(r, session_filters[i].fr,
				    session_filters[i].en));
			H(r, "</ul></nav>\n");
		}
		/* One page, filtered, cut and counted by the store. */
		memset(&pg, 0, sizeof(pg));
		pg.limit = PAGE_ROWS;
		pg.skip = (page - 1) * PAGE_ROWS;
		pg.count = 1;
		(void)tdm_session_page(r->st, &r->who.actor, ref, NULL, &pg,
		    session_state(filter), filter != NULL && strcmp(filter,
		    "a-venir") == 0 ? sl.now : 0, filter != NULL &&
		    strcmp(filter, "a-confirmer") == 0 ? sl.now : 0,
		    session_row, &sl, &e);
		H(r, sl.n ? "</tbody></table></div>\n" :
		    "<p class=\"muted\">%s</p>\n", filter != NULL ?
		    L(r, "Aucune séance ici.", "No session here.") :
		    L(r, "Aucune séance planifiée.", "No session planned."));
		snprintf(prefix, sizeof(prefix), "?seances=%s&",
		    filter != NULL ? filter : "");
		pager(r, g.id, filter != NULL ? prefix : "?", "sp", "seances",
		    page, pg.total);
		if (me.found && sl.n)
			H(r, "<p><a href=\"/api/programmes/%" PRId64
			    "/calendar.ics\" download>%s</a></p>", g.id,
			    L(r, "Toutes mes séances dans mon agenda (.ics)",
			    "All my sessions in my calendar (.ics)"));
	}

	H(r, "<h2>%s</h2>", L(r, "Charte", "Charter"));
	if (tdm_charter_text(r->st, &r->who.actor, ref, 0, &charter, &version,
	    &e) == TDM_OK) {
		if (version)
			H(r, "<p class=\"muted\">%s %d</p>", L(r, "Version",
			    "Version"), version);
		H(r, "<div class=\"charter\" tabindex=\"0\" role=\"region\" "
		    "aria-label=\"%s\">%s</div>\n", L(r, "Charte", "Charter"),
		    charter);
	}
	free(charter);
	if (MANAGER_IN(&g) || SPONSOR_IN(&g)) {
		H(r, "<h2>%s</h2><ul>", L(r, "Historique", "History"));
		(void)tdm_programme_history(r->st, &r->who.actor, ref,
		    history_row, r, &e);
		H(r, "</ul>\n");
	}
	page_end(r);
	tdm_diags_free(&e);
	tdm_buf_release(&risks_html);
}

void
page_programme(struct req *r)
{
	programme_page(r, 200, NULL, NULL);
}

/*
 * A form of programme prog's page was refused: the page again, with the
 * reasons above it (focused), instead of a page of its own (issue 15).
 */
void
programme_refused(struct req *r, const char *prog, int status,
    const struct tdm_diags *d)
{
	char	*ref;

	if ((ref = strdup(prog)) == NULL) {
		page_begin(r, 500, L(r, "Programme", "Programme"));
		page_diags(r, d);
		page_end(r);
		return;
	}
	if (r->nargs == 0)
		r->nargs = 1;
	else
		free(r->args[0]);
	r->args[0] = ref;
	programme_page(r, status, d, NULL);
}

/* What an act of the programme page reads from the form. */
struct act {
	struct req		 *r;
	const struct tdm_actor	 *a;
	const char		 *ref;
	const char		 *name;		/* the action, e.g. "lock" */
	const char		 *mentor;	/* "" when not posted */
	const char		 *mentee;	/* "" when not posted */
	const char		 *note;		/* NULL when empty */
	int64_t			  session;
	struct tdm_match_report	**m;		/* set by the match */
};

static enum tdm_err
act_match(const struct act *x, struct tdm_diags *d)
{
	return tdm_match(x->r->st, x->a, x->ref, 0, x->m, d);
}

static enum tdm_err
act_publish(const struct act *x, struct tdm_diags *d)
{
	size_t	 n;

	return tdm_pair_publish(x->r->st, x->a, x->ref, &n, d);
}

static enum tdm_err
act_plan(const struct act *x, struct tdm_diags *d)
{
	size_t	 n;

	return tdm_session_plan(x->r->st, x->a, x->ref, NULL, &n, d);
}

static enum tdm_err
act_lock(const struct act *x, struct tdm_diags *d)
{
	return tdm_pair_lock(x->r->st, x->a, x->ref, x->mentee,
	    strcmp(x->name, "lock") == 0, d);
}

static enum tdm_err
act_reject(const struct act *x, struct tdm_diags *d)
{
	return tdm_pair_reject(x->r->st, x->a, x->ref, x->mentor, x->mentee,
	    d);
}

static enum tdm_err
act_answer(const struct act *x, struct tdm_diags *d)
{
	return tdm_pair_answer(x->r->st, x->a, x->ref, x->mentor, x->mentee,
	    x->a->name, strcmp(x->name, "accept") == 0, x->note, d);
}

static enum tdm_err
act_end(const struct act *x, struct tdm_diags *d)
{
	return tdm_pair_end(x->r->st, x->a, x->ref, x->mentor, x->mentee,
	    x->note, d);
}

static enum tdm_err
act_withdraw(const struct act *x, struct tdm_diags *d)
{
	return tdm_withdraw(x->r->st, x->a, x->ref, x->a->name, d);
}

static enum tdm_err
act_held(const struct act *x, struct tdm_diags *d)
{
	const char	*a1 = F(x->r, "absent_1"), *a2 = F(x->r, "absent_2");
	char		 absent[160];

	/* Who did not come, ticked on the form (issue 15). */
	snprintf(absent, sizeof(absent), "%s%s%s", a1 ? a1 : "",
	    a1 && a2 ? "," : "", a2 ? a2 : "");
	return tdm_session_held(x->r->st, x->a, x->session, *absent ? absent :
	    NULL, d);
}

static enum tdm_err
act_cancel(const struct act *x, struct tdm_diags *d)
{
	return tdm_session_cancel(x->r->st, x->a, x->session, NULL, x->note,
	    d);
}

/*
 * The acts of the programme page besides the lifecycle's transitions,
 * which the library's table names.
 */
static const struct {
	const char	*name;
	enum tdm_err	(*run)(const struct act *, struct tdm_diags *);
} acts[] = {
	{ "match", act_match },
	{ "publish", act_publish },
	{ "plan", act_plan },
	{ "lock", act_lock },
	{ "unlock", act_lock },
	{ "reject", act_reject },
	{ "accept", act_answer },
	{ "decline", act_answer },
	{ "withdraw", act_withdraw },
	{ "end", act_end },
	{ "held", act_held },
	{ "cancel", act_cancel },
};

/* The acts of the programme page; all post here with "action". */
void
page_programme_action(struct req *r)
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_match_report		*m = NULL;
	const char			*sess = F(r, "session");
	struct act			 x;
	enum tdm_transition		 t;
	enum tdm_err			 err;
	size_t				 i;

	x.r = r;
	x.a = &r->who.actor;
	x.ref = r->args[0];
	if ((x.name = F(r, "action")) == NULL)
		x.name = "";
	if ((x.mentor = F(r, "mentor")) == NULL)
		x.mentor = "";
	if ((x.mentee = F(r, "mentee")) == NULL)
		x.mentee = "";
	if ((x.note = F(r, "note")) != NULL && *x.note == '\0')
		x.note = NULL;
	x.session = sess ? strtoll(sess, NULL, 10) : 0;
	x.m = &m;
	for (i = 0; i < sizeof(acts) / sizeof(acts[0]); i++)
		if (strcmp(x.name, acts[i].name) == 0)
			break;
	if (tdm_transition_parse(x.name, &t) == 0)
		err = tdm_programme_transition(r->st, x.a, x.ref, t, x.note,
		    &d);
	else if (i < sizeof(acts) / sizeof(acts[0]))
		err = acts[i].run(&x, &d);
	else {
		tdm_diag_add(&d, "action", 0, 0, "\"%s\" is not an action of "
		    "this page", x.name);
		err = TDM_EINVAL;
	}
	if (err == TDM_OK && m != NULL) {
		struct prog	 g;

		/* Post/redirect/get: a refresh shows, never reruns, the
		 * matching (issue 15); the figures ride in the address. */
		memset(&g, 0, sizeof(g));
		(void)tdm_programme_show(r->st, &r->who.actor, x.ref, keep, &g,
		    &d);
		redirect(r, "/programmes/%lld?done=match&matched=%zu&of=%zu"
		    "&score=%lld&certified=%d&blocking=%zu&unmatched=%zu",
		    (long long)g.id, m->matched, m->mentees,
		    (long long)m->total_score, m->certified, m->blocking_pairs,
		    m->nunmatched);
	} else if (err == TDM_OK) {
		struct prog	 g;

		memset(&g, 0, sizeof(g));
		(void)tdm_programme_show(r->st, &r->who.actor, x.ref, keep, &g, &d);
		redirect(r, "/programmes/%lld?done=%s", (long long)g.id,
		    x.name);
	}
	else
		programme_page(r, http_status(err), &d, NULL);
	tdm_match_report_free(m);
	tdm_diags_free(&d);
}

void
page_feedback_post(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*rating = F(r, "rating");
	const char		*comment = F(r, "comment");
	const char		*prog = F(r, "programme");
	int64_t			 id = strtoll(r->args[0], NULL, 10);
	enum tdm_err		 err;

	if (comment != NULL && *comment == '\0')
		comment = NULL;
	/* One digit from 1 to 5, nothing after it ("5 étoiles" is not a
	 * rating): refused, never read as its first number. */
	if (rating == NULL || strlen(rating) != 1 || *rating < '1' ||
	    *rating > '5') {
		tdm_diag_add(&d, "rating", 0, 0, "%s", L(r, "La note est un "
		    "nombre de 1 à 5.", "A rating is a number from 1 to 5."));
		err = TDM_EINVAL;
	} else
		err = tdm_feedback(r->st, &r->who.actor, id,
		    r->who.actor.name, *rating - '0', comment, &d);
	if (prog == NULL || strspn(prog, "0123456789") != strlen(prog) ||
	    *prog == '\0')
		prog = NULL;
	if (err == TDM_OK && F(r, "back") != NULL &&
	    strcmp(F(r, "back"), "home") == 0)
		redirect(r, "/?done=feedback");
	else if (err == TDM_OK && prog != NULL)
		redirect(r, "/programmes/%s?done=feedback", prog);
	else if (err == TDM_OK)
		redirect(r, "/");
	else if (prog != NULL)
		programme_refused(r, prog, http_status(err), &d);
	else {
		page_begin(r, http_status(err), L(r, "Avis", "Feedback"));
		page_diags(r, &d);
		page_end(r);
	}
	tdm_diags_free(&d);
}

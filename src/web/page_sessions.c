/*
 * The pages of sessions beyond the programme page: the company's closure
 * days (a programme manager's), and a member's proposal of another date
 * for a session, with the other side's answer.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"
#include "handlers.h"

#define MANAGER(r)	((r)->who.actor.roles & (1u << TDM_ROLE_MANAGER))

static int
closure_row(void *arg, const char *day, const char *label)
{
	struct req	*r = arg;
	char		 shown[16];

	/* yyyy-mm-dd, as the library checked it, shown dd/mm/yyyy. */
	if (strlen(day) == 10)
		snprintf(shown, sizeof(shown), "%.2s/%.2s/%.4s", day + 8,
		    day + 5, day);
	else
		snprintf(shown, sizeof(shown), "%s", day);
	H(r, "<li>%s%s%s", shown, *label ? " — " : "", label);
	if (MANAGER(r)) {
		H(r, " <form method=\"post\" action=\"/closures/remove\" "
		    "class=\"inline\">");
		csrf_field(r);
		H(r, "<input type=\"hidden\" name=\"day\" value=\"%s\">"
		    "<button type=\"submit\" class=\"secondary\">%s</button>"
		    "</form>", day, L(r, "Retirer", "Remove"));
	}
	H(r, "</li>");
	return 0;
}

static void
closures_page(struct req *r, int status, const struct tdm_diags *d)
{
	struct tdm_diags	 e = TDM_DIAGS_INIT;

	page_begin(r, status, L(r, "Jours de fermeture de l'entreprise",
	    "The company's closure days"));
	page_diags(r, d);
	H(r, "<p>%s</p><ul>", L(r, "Aucune séance n'est planifiée ni "
	    "déplacée un jour de fermeture, ni un week-end ou un jour férié.",
	    "No session is planned or moved onto a closure day, a weekend "
	    "or a public holiday."));
	(void)tdm_closure_each(r->st, &r->who.actor, closure_row, r, &e);
	H(r, "</ul>");
	if (MANAGER(r)) {
		H(r, "<form method=\"post\" action=\"/closures\">");
		csrf_field(r);
		H(r, "<label>%s <input type=\"date\" name=\"day\" required>"
		    "</label> <label>%s <input name=\"label\" maxlength=\"100\">"
		    "</label> <button type=\"submit\">%s</button></form>",
		    L(r, "Jour", "Day"), L(r, "Motif (facultatif)",
		    "Reason (optional)"), L(r, "Ajouter un jour de fermeture",
		    "Add a closure day"));
	}
	page_end(r);
	tdm_diags_free(&e);
}

void
page_closures(struct req *r)
{
	closures_page(r, 200, NULL);
}

void
page_closures_post(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*day = F(r, "day"), *label = F(r, "label");
	enum tdm_err		 err;

	if (strcmp(r->path, "/closures/remove") == 0)
		err = tdm_closure_remove(r->st, &r->who.actor, day ? day : "",
		    &d);
	else
		err = tdm_closure_add(r->st, &r->who.actor, day ? day : "",
		    label, &d);
	if (err == TDM_OK)
		redirect(r, "/closures");
	else
		closures_page(r, http_status(err), &d);
	tdm_diags_free(&d);
}

/* The programme of the form, digits only, to go back to; NULL if none. */
static const char *
back_to(struct req *r)
{
	const char	*prog = F(r, "programme");

	if (prog == NULL || *prog == '\0' ||
	    strspn(prog, "0123456789") != strlen(prog))
		return NULL;
	return prog;
}

/* The session of the URL, digits only and in range; 0 if not. */
static int64_t
url_session(struct req *r)
{
	const char	*s = r->args[0];

	if (*s == '\0' || strlen(s) > 18 ||
	    strspn(s, "0123456789") != strlen(s))
		return 0;
	return strtoll(s, NULL, 10);
}

static void
session_done(struct req *r, enum tdm_err err, const struct tdm_diags *d,
    const char *done)
{
	const char	*prog = back_to(r);

	if (err == TDM_OK && prog != NULL)
		redirect(r, "/programmes/%s?done=%s", prog, done);
	else if (err == TDM_OK)
		redirect(r, "/");
	else if (prog != NULL)	/* the form's page, with the reasons */
		programme_refused(r, prog, http_status(err), d);
	else {
		page_begin(r, http_status(err), L(r, "Séance", "Session"));
		page_diags(r, d);
		page_end(r);
	}
}

/* POST date=yyyy-mm-dd, time=hh:mm: another date, or a replacement. */
void
page_session_propose_post(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*date = F(r, "date"), *time = F(r, "time");
	char			 when[32];
	time_t			 t = 0;
	int64_t			 id = url_session(r), newid = 0;
	int			 rc = -1, applied = 0;
	enum tdm_err		 err;

	if (date != NULL && time != NULL && strlen(date) == 10 &&
	    strlen(time) == 5) {
		snprintf(when, sizeof(when), "%s %s", date, time);
		rc = tdm_paris_parse(when, &t);
	}
	if (id == 0) {
		tdm_diag_add(&d, NULL, 0, 0, "%s", L(r, "Cette séance "
		    "n'existe pas.", "No such session."));
		err = TDM_ENOENT;
	} else if (rc == -2) {
		tdm_diag_add(&d, "time", 0, 0, "%s", L(r, "Cette heure "
		    "n'existe pas à Paris : on avance les horloges d'une heure "
		    "cette nuit-là.", "This time does not exist in Paris: the "
		    "clocks go forward an hour that night."));
		err = TDM_EINVAL;
	} else if (rc != 0) {
		tdm_diag_add(&d, "date", 0, 0, "%s", L(r, "Indiquez un jour "
		    "et une heure.", "Give a day and a time."));
		err = TDM_EINVAL;
	} else
		err = tdm_session_propose(r->st, &r->who.actor, id, t,
		    &applied, &newid, &d);
	session_done(r, err, &d, applied || newid ? "moved" : "proposed");
	tdm_diags_free(&d);
}

/* POST agree=1|0: the other side answers the date proposed. */
void
page_session_answer_post(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*agree = F(r, "agree");
	int64_t			 id = url_session(r), newid = 0;
	enum tdm_err		 err;

	if (id == 0 || agree == NULL || (strcmp(agree, "1") != 0 &&
	    strcmp(agree, "0") != 0)) {
		tdm_diag_add(&d, NULL, 0, 0, "%s", L(r, "Réponse invalide.",
		    "Invalid answer."));
		err = TDM_EINVAL;
	} else
		err = tdm_session_answer(r->st, &r->who.actor, id,
		    *agree == '1', &newid, &d);
	session_done(r, err, &d, agree != NULL && *agree == '1' ? "agreed" :
	    "declined");
	tdm_diags_free(&d);
}

void
session_proposal_cell(struct req *r, int64_t programme,
    const struct tdm_session *s, int member, const char *side)
{
	struct tdm_diags	 e = TDM_DIAGS_INIT;
	char			 by[8], when[17];
	time_t			 t = 0;

	if (strcmp(s->state, "held") == 0 || (!member && !MANAGER(r)))
		return;
	(void)tdm_session_proposal(r->st, &r->who.actor, s->id, &t, by, &e);
	tdm_diags_free(&e);
	if (t != 0) {
		tdm_paris_format(t, when);
		H(r, "<p class=\"muted\">%s %s (%s)</p>", L(r, "Date proposée :",
		    "Date proposed:"), when, strcmp(by, "mentor") == 0 ?
		    L(r, "par le mentor", "by the mentor") :
		    L(r, "par le mentoré", "by the mentee"));
		if (MANAGER(r) || (side != NULL && strcmp(side, by) != 0)) {
			H(r, "<form method=\"post\" action=\"/sessions/%"
			    PRId64 "/answer\" class=\"inline\">", s->id);
			csrf_field(r);
			H(r, "<input type=\"hidden\" name=\"programme\" "
			    "value=\"%" PRId64 "\"><button type=\"submit\" "
			    "name=\"agree\" value=\"1\">%s</button> <button "
			    "type=\"submit\" name=\"agree\" value=\"0\" "
			    "class=\"secondary\">%s</button></form>",
			    programme, L(r, "Accepter cette date",
			    "Accept this date"), L(r, "Refuser",
			    "Decline"));
		}
	}
	H(r, "<details><summary>%s</summary><form method=\"post\" "
	    "action=\"/sessions/%" PRId64 "/propose\">",
	    strcmp(s->state, "cancelled") == 0 ? L(r, "Proposer une séance "
	    "de remplacement", "Propose a replacement session") :
	    L(r, "Proposer une autre date", "Propose another date"), s->id);
	csrf_field(r);
	H(r, "<input type=\"hidden\" name=\"programme\" value=\"%" PRId64
	    "\"><label>%s <input type=\"date\" name=\"date\" required></label> "
	    "<label>%s <input type=\"time\" name=\"time\" step=\"900\" "
	    "required></label> <button type=\"submit\" class=\"secondary\">"
	    "%s</button></form></details>", programme, L(r, "Jour", "Day"),
	    L(r, "Heure (Paris)", "Time (Paris)"), L(r, "Proposer",
	    "Propose"));
}

void
session_where_form(struct req *r, int64_t programme)
{
	struct tdm_diags	 e = TDM_DIAGS_INIT;
	char			 ref[24], place[TDM_PLACE_SIZE];
	char			 link[TDM_LINK_SIZE], mode[8];
	static const struct {
		const char	*mode, *fr, *en;
	} modes[] = {
		{ "senior", "pour les membres de la direction, ou sur demande",
		    "for the top grades, or on request" },
		{ "all", "pour toutes les séances", "for every session" },
		{ "off", "jamais", "never" },
	};
	size_t			 i;

	if (!MANAGER(r))
		return;
	snprintf(ref, sizeof(ref), "%" PRId64, programme);
	(void)tdm_session_where_get(r->st, &r->who.actor, ref, place, link,
	    mode, &e);
	tdm_diags_free(&e);
	H(r, "<details><summary>%s</summary><form method=\"post\" "
	    "action=\"/programmes/%" PRId64 "/where\">", L(r, "Lieu, lien de "
	    "visioconférence et discrétion des invitations", "Place, video "
	    "link and discreet invitations"), programme);
	csrf_field(r);
	H(r, "<label>%s <input name=\"place\" maxlength=\"200\" "
	    "value=\"%s\"></label> <label>%s <input type=\"url\" "
	    "name=\"link\" maxlength=\"500\" value=\"%s\"></label> "
	    "<label>%s <select name=\"discreet\">", L(r, "Lieu", "Place"),
	    place, L(r, "Lien de visioconférence", "Video link"), link,
	    L(r, "Invitations discrètes (« Rendez-vous », privées)",
	    "Discreet invitations (\"Rendez-vous\", private)"));
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		H(r, "<option value=\"%s\"%s>%s</option>", modes[i].mode,
		    strcmp(mode, modes[i].mode) == 0 ? " selected" : "",
		    L(r, modes[i].fr, modes[i].en));
	H(r, "</select></label> <button type=\"submit\" class=\"secondary\">"
	    "%s</button></form></details>", L(r, "Enregistrer", "Save"));
}

void
page_session_where_post(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*place = F(r, "place"), *link = F(r, "link");
	const char		*mode = F(r, "discreet");
	enum tdm_err		 err;

	err = tdm_session_where(r->st, &r->who.actor, r->args[0], NULL, NULL,
	    place ? place : "", link ? link : "", &d);
	if (err == TDM_OK && mode != NULL)
		err = tdm_session_discreet(r->st, &r->who.actor, r->args[0],
		    NULL, NULL, mode, &d);
	if (err == TDM_OK && strspn(r->args[0], "0123456789") ==
	    strlen(r->args[0]))
		redirect(r, "/programmes/%s?done=where", r->args[0]);
	else if (err == TDM_OK)
		redirect(r, "/");
	else
		programme_refused(r, r->args[0], http_status(err), &d);
	tdm_diags_free(&d);
}

/*
 * Marking a session (issue 15): held, with who was absent, for the
 * programme manager; cancelled, with a private reason, for the manager
 * and the members.  Each form opens from its button and posts to the
 * programme page's acts, which redirect back.
 */
void
session_mark_forms(struct req *r, int64_t programme,
    const struct tdm_session *s, int manager, int member)
{
	if (strcmp(s->state, "planned") != 0)
		return;
	if (manager) {
		H(r, "<details class=\"mark\"><summary>%s</summary>"
		    "<form method=\"post\" action=\"/programmes/%" PRId64
		    "/action\">", L(r, "Marquer tenue", "Mark held"),
		    programme);
		csrf_field(r);
		H(r, "<input type=\"hidden\" name=\"action\" value=\"held\">"
		    "<input type=\"hidden\" name=\"session\" value=\"%" PRId64
		    "\"><fieldset><legend>%s</legend>", s->id,
		    L(r, "Absents (cochez qui n'est pas venu)",
		    "Absent (tick who did not come)"));
		H(r, "<label class=\"check\"><input type=\"checkbox\" "
		    "name=\"absent_1\" value=\"%s\"> %s</label>", s->mentor,
		    s->mentor_name);
		if (*s->mentee != '\0')
			H(r, "<label class=\"check\"><input type=\"checkbox\" "
			    "name=\"absent_2\" value=\"%s\"> %s</label>",
			    s->mentee, s->mentee_name);
		H(r, "</fieldset><button type=\"submit\" class=\"secondary\">"
		    "%s</button></form></details>", L(r, "Enregistrer : "
		    "séance tenue", "Save: session held"));
	}
	if (manager || member) {
		H(r, "<details class=\"mark\"><summary>%s</summary>"
		    "<form method=\"post\" action=\"/programmes/%" PRId64
		    "/action\" data-confirm=\"%s\">", L(r, "Annuler",
		    "Cancel"), programme, L(r, "Annuler cette séance ? Les "
		    "membres du binôme sont prévenus ; cela ne peut pas être "
		    "annulé.", "Cancel this session? The pair's members are "
		    "told; this cannot be undone."));
		csrf_field(r);
		H(r, "<input type=\"hidden\" name=\"action\" value=\"cancel\">"
		    "<input type=\"hidden\" name=\"session\" value=\"%" PRId64
		    "\"><label for=\"reason-%" PRId64 "\">%s</label>"
		    "<textarea id=\"reason-%" PRId64 "\" name=\"note\" "
		    "maxlength=\"2000\"></textarea><button type=\"submit\" "
		    "class=\"secondary\">%s</button></form></details>", s->id,
		    s->id, L(r, "Motif (facultatif, reste privé)",
		    "Reason (optional, stays private)"), s->id,
		    L(r, "Annuler la séance", "Cancel the session"));
	}
}

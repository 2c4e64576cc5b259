/*
 * What the last planning could not place (issue 12), on the programme
 * page of its managers: the planner's shortfall lines, kept by the
 * library (plan_shortfall) so that they survive the form's redirect, and
 * written here in the reader's language, with names and half-days as a
 * person reads them (no matricule, no ISO date).  It does not plan: the
 * "Planifier les séances" button of the programme page does.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web.h"
#include "handlers.h"

static const char *const halfdays_fr[] = { "lundi matin",
    "lundi après-midi", "mardi matin", "mardi après-midi", "mercredi matin",
    "mercredi après-midi", "jeudi matin", "jeudi après-midi",
    "vendredi matin", "vendredi après-midi" };
static const char *const halfdays_en[] = { "Monday morning",
    "Monday afternoon", "Tuesday morning", "Tuesday afternoon",
    "Wednesday morning", "Wednesday afternoon", "Thursday morning",
    "Thursday afternoon", "Friday morning", "Friday afternoon" };

struct shortfalls {
	struct req	*r;
	size_t		 n;
};

static int
shortfall_row(void *arg, const struct tdm_shortfall *s)
{
	struct shortfalls	*l = arg;
	struct req		*r = l->r;
	struct tm		 tm;
	char			 days[400], when[17] = "";
	size_t			 i, len = 0;

	/* The planning's day in Paris, as the rest of the page: a planning
	 * at 23:30 UTC in summer was made the next day there. */
	memset(&tm, 0, sizeof(tm));
	if (strptime(s->planned_at, "%Y-%m-%dT%H:%M:%SZ", &tm) != NULL)
		tdm_paris_format(timegm(&tm), when);
	if (l->n++ == 0)
		H(r, "<section class=\"card\" aria-labelledby=\"shortfall\">"
		    "<h2 id=\"shortfall\">%s (%.10s)</h2><p>%s</p><ul>",
		    L(r, "Dernière planification", "Last planning"), when,
		    L(r, "Ces binômes n'ont pas toutes leurs séances : le "
		    "planificateur a placé ce qui tenait.", "These pairs do "
		    "not have all their sessions: the planner placed what "
		    "fitted."));
	days[0] = '\0';
	for (i = 0; i < 10; i++)
		if (s->halfdays & (1u << i))
			len += (size_t)snprintf(days + len, len < sizeof(days) ?
			    sizeof(days) - len : 0, "%s%s", len ? ", " : "",
			    L(r, halfdays_fr[i], halfdays_en[i]));
	if (*s->mentee_name)
		H(r, "<li><strong>%s %s %s</strong> : ", s->mentor_name,
		    L(r, "et", "and"), s->mentee_name);
	else
		H(r, "<li><strong>%s %s</strong> : ", L(r, "Groupe de",
		    "Group of"), s->mentor_name);
	H(r, "%d %s %d%s — ", s->placed, L(r, s->placed > 1 ?
	    "séances planifiées sur" : "séance planifiée sur", "of"),
	    s->wanted, L(r, "", " sessions planned"));
	if (s->no_common)
		H(r, "%s</li>", *s->mentee_name ? L(r, "aucune demi-journée "
		    "n'est proposée par les deux.", "no half-day is offered by "
		    "both.") : L(r, "aucune demi-journée n'est proposée par "
		    "tous ses membres.", "no half-day is offered by all its "
		    "members."));
	else
		H(r, "%s (%s) %s</li>", L(r, "leurs demi-journées communes",
		    "their common half-days"), days, L(r, "ne laissent plus de "
		    "place au rythme prévu avant la fin du programme.", "leave "
		    "no more room at the planned pace before the programme "
		    "ends."));
	return 0;
}

void
plan_shortfall_section(struct req *r, const char *ref)
{
	struct tdm_diags	 e = TDM_DIAGS_INIT;
	struct shortfalls	 l = { r, 0 };

	(void)tdm_plan_shortfall_each(r->st, &r->who.actor, ref,
	    shortfall_row, &l, &e);
	if (l.n)
		H(r, "</ul></section>\n");
	tdm_diags_free(&e);
}

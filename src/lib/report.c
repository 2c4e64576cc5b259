/*
 * The outcome report of a programme: the figures that show whether it
 * works, gathered from the store into report.h's tables.  Rendering, and
 * the rule that no cell describes fewer than five people, are
 * report_render.c's: this file only counts, and says for every cell how
 * many people it describes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tandem/ical.h"
#include "tandem/programme.h"
#include "tandem/report.h"
#include "tandem/session.h"
#include "tandem/store.h"
#include "internal.h"
#include "arena.h"

#define MAXROWS 64

/* A table under construction: its labels live in the arena. */
struct grid {
	const char	*rows[MAXROWS];
	double		 values[MAXROWS * 3];
	int		 people[MAXROWS * 3];
	size_t		 nrows;
};

/* Rows of (label, mentors, mentees) from a participation statement. */
static enum tdm_err
participation(struct tdm_store *st, enum stmt which, int64_t id,
    struct arena *a, struct grid *g)
{
	struct query	 q = query_start(st, which);
	const char	*label;
	int		 mentors, mentees;
	size_t		 i;

	bind_int(&q, id);
	while (g->nrows < MAXROWS && query_row(&q)) {
		label = col_text(&q);
		mentors = (int)col_int(&q);
		mentees = (int)col_int(&q);
		i = g->nrows++;
		if ((g->rows[i] = arena_strdup(a, label)) == NULL) {
			(void)query_end(&q);
			return TDM_ENOMEM;
		}
		g->values[i * 2] = g->people[i * 2] = mentors;
		g->values[i * 2 + 1] = g->people[i * 2 + 1] = mentees;
	}
	return query_end(&q);
}

/*
 * A department of fewer than five volunteers would name its people by
 * its mere presence (the chief executive alone in the general
 * management): such rows are merged into one "other departments" row.
 */
static void
others(struct grid *g)
{
	size_t	 i, n = 0;
	double	 v[2] = { 0, 0 };
	int	 merged = 0;

	for (i = 0; i < g->nrows; i++) {
		if (g->values[i * 2] + g->values[i * 2 + 1] >=
		    TDM_REPORT_MIN_PEOPLE) {
			g->rows[n] = g->rows[i];
			g->values[n * 2] = g->values[i * 2];
			g->values[n * 2 + 1] = g->values[i * 2 + 1];
			g->people[n * 2] = g->people[i * 2];
			g->people[n * 2 + 1] = g->people[i * 2 + 1];
			n++;
			continue;
		}
		v[0] += g->values[i * 2];
		v[1] += g->values[i * 2 + 1];
		merged = 1;
	}
	if (merged) {
		g->rows[n] = "Autres directions (moins de cinq volontaires "
		    "chacune)";
		g->values[n * 2] = g->people[n * 2] = (int)v[0];
		g->values[n * 2 + 1] = g->people[n * 2 + 1] = (int)v[1];
		n++;
	}
	g->nrows = n;
}

/*
 * If exactly one of n cells is hidden (1 to 4 people), hide the smallest
 * shown non-zero one too, so that no total gives the hidden one away.
 */
static void
second_suppression(const double *values, int *people, size_t n)
{
	size_t	 i, hidden = 0, low = n;

	for (i = 0; i < n; i++)
		if (people[i] > 0 && people[i] < TDM_REPORT_MIN_PEOPLE)
			hidden++;
	if (hidden != 1)
		return;
	for (i = 0; i < n; i++)
		if (people[i] >= TDM_REPORT_MIN_PEOPLE && values[i] > 0 &&
		    (low == n || values[i] < values[low]))
			low = i;
	if (low < n)
		people[low] = 1;
}

/* The pairs at risk and the distinct people they involve. */
struct risks {
	struct arena	*arena;
	const char	*who[256];
	size_t		 npeople;
	int		 pairs;
	int		 failed;
};

static void
risk_person(struct risks *r, const char *m)
{
	size_t	 i;

	for (i = 0; i < r->npeople; i++)
		if (strcmp(r->who[i], m) == 0)
			return;
	if (r->npeople == sizeof(r->who) / sizeof(r->who[0]))
		return;		/* past 256, the count is safely large */
	if ((r->who[r->npeople] = arena_strdup(r->arena, m)) == NULL)
		r->failed = 1;
	else
		r->npeople++;
}

static int
count_risk(void *arg, const struct tdm_risk *k)
{
	struct risks	*r = arg;

	r->pairs++;
	risk_person(r, k->mentor);
	risk_person(r, k->mentee);
	return r->failed;
}

static const char *const mm[] = { "Mentors", "Mentorés" };
static const char *const one[] = { "Valeur" };
static const char *const sessions_col[] = { "Séances" };
static const char *const levels_col[] = { "Avant", "Après", "Progression" };
static const char *const matching_rows[] = { "Mentorés inscrits",
    "Mentorés appariés", "Mentorés non appariés",
    "dont sans mentor compatible", "dont mentors compatibles complets" };
static const char *const session_rows[] = { "Prévues", "Tenues",
    "Annulées par le mentor", "Annulées par le mentoré",
    "Annulées par le responsable" };
static const char *const satisfaction_rows[] = {
    "Note moyenne des séances (sur 5)",
    "Recommandent le programme (%)" };
static const char *const risk_rows[] = { "Binômes à risque" };

enum tdm_err
tdm_report_programme(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, enum tdm_report_format format, struct tdm_buf *out,
    struct tdm_diags *d)
{
	struct programme_ref		 p;
	struct tdm_report		 rep;
	struct tdm_report_table		 t[7];
	struct arena			 a = ARENA_INIT;
	struct grid			 gen, dept, lev;
	double				 match[5], sess[5], sat[2], riskv;
	int				 matchp[5], sessp[5], satp[2], riskp;
	struct risks			 risk;
	struct query			 q;
	const char			*state, *by, *label;
	double				 before, after;
	int				 count, mentors, mentees, n;
	char				 subtitle[700], today[16];
	time_t				 now;
	struct tm			 tm;
	size_t				 i, k;
	enum tdm_err			 err;

	if ((err = authorize(actor, OP_REPORT_READ, d)) != TDM_OK ||
	    (err = programme_find(st, ref, &p, d)) != TDM_OK ||
	    (err = authorize_in(actor, OP_REPORT_READ, p.id, d)) != TDM_OK)
		return err;
	memset(&gen, 0, sizeof(gen));
	memset(&dept, 0, sizeof(dept));
	memset(&lev, 0, sizeof(lev));
	if ((err = participation(st, STMT_REPORT_GENERATIONS, p.id, &a,
	    &gen)) != TDM_OK ||
	    (err = participation(st, STMT_REPORT_DEPARTMENTS, p.id, &a,
	    &dept)) != TDM_OK)
		goto out;
	others(&dept);

	q = query_start(st, STMT_REPORT_MATCHING);
	bind_int(&q, p.id);
	memset(match, 0, sizeof(match));
	if (query_row(&q)) {
		match[0] = (int)col_int(&q);
		match[1] = (int)col_int(&q);
		match[2] = match[0] - match[1];
		match[3] = (int)col_int(&q);
		match[4] = (int)col_int(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto out;
	for (i = 0; i < 5; i++)
		matchp[i] = (int)match[i];
	/* The two reasons add up to the last run's unmatched: one hidden
	 * reason would be the difference. */
	if ((matchp[3] > 0 && matchp[3] < TDM_REPORT_MIN_PEOPLE) ||
	    (matchp[4] > 0 && matchp[4] < TDM_REPORT_MIN_PEOPLE))
		matchp[3] = matchp[4] = 1;
	/*
	 * Enrolled = matched + unmatched: a hidden unmatched count would be
	 * the difference of the two others, so the matched count hides
	 * with it (and the other way round).
	 */
	if ((matchp[2] > 0 && matchp[2] < TDM_REPORT_MIN_PEOPLE) ||
	    (matchp[1] > 0 && matchp[1] < TDM_REPORT_MIN_PEOPLE))
		matchp[1] = matchp[2] = 1;

	memset(sess, 0, sizeof(sess));
	memset(sessp, 0, sizeof(sessp));
	q = query_start(st, STMT_REPORT_SESSIONS);
	bind_int(&q, p.id);
	while (query_row(&q)) {
		state = col_text(&q);
		by = col_text(&q);
		n = (int)col_int(&q);
		mentors = (int)col_int(&q);
		mentees = (int)col_int(&q);
		k = strcmp(state, "planned") == 0 ? 0 :
		    strcmp(state, "held") == 0 ? 1 :
		    strcmp(by, "mentor") == 0 ? 2 :
		    strcmp(by, "mentee") == 0 ? 3 : 4;
		sess[k] += n;
		/*
		 * A cancellation describes the side that cancelled (a
		 * group's mentees unknown one by one: its mentors); the
		 * others, both sides.
		 */
		if (k == 2 || (k == 3 && mentees == 0))
			sessp[k] += mentors;
		else if (k == 3)
			sessp[k] += mentees;
		else
			sessp[k] += mentors + mentees;
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto out;
	/*
	 * Once no session is left to come, planned = held + the three
	 * cancellations: one hidden cancellation cell would be the
	 * difference, so the smallest other one hides with it.
	 */
	if (sess[0] == 0)
		second_suppression(sess + 2, sessp + 2, 3);
	/* Planned counts every session, held or cancelled since too. */
	for (k = 1; k < 5; k++)
		sess[0] += sess[k];
	for (k = 1; k < 5; k++)
		if (sessp[k] > sessp[0])
			sessp[0] = sessp[k];

	q = query_start(st, STMT_REPORT_LEVELS);
	bind_int(&q, p.id);
	while (lev.nrows < MAXROWS && query_row(&q)) {
		label = col_text(&q);
		before = col_real(&q);
		after = col_real(&q);
		count = (int)col_int(&q);
		i = lev.nrows++;
		if ((lev.rows[i] = arena_strdup(&a, label)) == NULL) {
			(void)query_end(&q);
			err = TDM_ENOMEM;
			goto out;
		}
		lev.values[i * 3] = before;
		lev.values[i * 3 + 1] = after;
		lev.values[i * 3 + 2] = after - before;
		for (k = 0; k < 3; k++)
			lev.people[i * 3 + k] = count;
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto out;

	memset(sat, 0, sizeof(sat));
	memset(satp, 0, sizeof(satp));
	q = query_start(st, STMT_REPORT_RATINGS);
	bind_int(&q, p.id);
	if (query_row(&q)) {
		sat[0] = col_real(&q);
		satp[0] = (int)col_int(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto out;
	q = query_start(st, STMT_REPORT_RECOMMEND);
	bind_int(&q, p.id);
	if (query_row(&q)) {
		sat[1] = col_real(&q);
		satp[1] = (int)col_int(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto out;
	/* The report's readers count the pairs at risk, and see no name. */
	memset(&risk, 0, sizeof(risk));
	risk.arena = &a;
	if ((err = session_risks(st, &p, count_risk, &risk)) != TDM_OK)
		goto out;
	if (risk.failed) {
		err = TDM_ENOMEM;
		goto out;
	}
	riskv = risk.pairs;
	riskp = risk.npeople >= 256 ? risk.pairs * 2 : (int)risk.npeople;

	memset(t, 0, sizeof(t));
	t[0].id = "generations";
	t[0].title = "Participation par génération";
	t[0].rows = gen.rows;
	t[0].nrows = gen.nrows;
	t[0].columns = mm;
	t[0].ncolumns = 2;
	t[0].values = gen.values;
	t[0].people = gen.people;
	t[0].chart = 1;
	t[1] = t[0];
	t[1].id = "departments";
	t[1].title = "Participation par direction";
	t[1].rows = dept.rows;
	t[1].nrows = dept.nrows;
	t[1].values = dept.values;
	t[1].people = dept.people;
	t[2].id = "matching";
	t[2].title = "Appariement";
	t[2].note = "Les raisons viennent du dernier appariement enregistré\u00a0; "
	    "celles de chaque mentoré sont données par « tandem match ».";
	t[2].rows = matching_rows;
	t[2].nrows = 5;
	t[2].columns = one;
	t[2].ncolumns = 1;
	t[2].values = match;
	t[2].people = matchp;
	t[3].id = "sessions";
	t[3].title = "Séances";
	t[3].note = "Les motifs d'annulation restent privés.";
	t[3].rows = session_rows;
	t[3].nrows = 5;
	t[3].columns = sessions_col;
	t[3].ncolumns = 1;
	t[3].values = sess;
	t[3].people = sessp;
	t[3].chart = 1;
	t[4].id = "levels";
	t[4].title = "Progression par thème (niveaux auto-évalués des "
	    "mentorés, de 0 à 4)";
	t[4].rows = lev.rows;
	t[4].nrows = lev.nrows;
	t[4].columns = levels_col;
	t[4].ncolumns = 3;
	t[4].values = lev.values;
	t[4].people = lev.people;
	t[4].decimals = 1;
	t[4].chart = 1;
	t[5].id = "satisfaction";
	t[5].title = "Satisfaction";
	t[5].note = "Les commentaires restent privés\u00a0: seules les notes "
	    "sont comptées.";
	t[5].rows = satisfaction_rows;
	t[5].nrows = 2;
	t[5].columns = one;
	t[5].ncolumns = 1;
	t[5].values = sat;
	t[5].people = satp;
	t[5].decimals = 1;
	t[6].id = "risk";
	t[6].title = "Suivi";
	t[6].note = "Un binôme est à risque sans séance tenue depuis le délai "
	    "du programme, après deux annulations du même côté, ou quand un "
	    "membre a décliné ou s'est retiré (« tandem watch »).";
	t[6].rows = risk_rows;
	t[6].nrows = 1;
	t[6].columns = one;
	t[6].ncolumns = 1;
	t[6].values = &riskv;
	t[6].people = &riskp;

	now = tdm_store_now(st);
	now += tdm_paris_offset(now);
	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%d/%m/%Y", &tm);
	snprintf(subtitle, sizeof(subtitle), "Programme « %s » (%s), au %s",
	    p.name, tdm_state_label(p.state, "fr"), today);
	rep.title = "Tandem\u00a0: bilan du programme";
	rep.subtitle = subtitle;
	rep.tables = t;
	rep.ntables = 7;
	err = tdm_report_render(out, format, &rep);
out:
	arena_free(&a);
	return err;
}

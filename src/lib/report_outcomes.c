/*
 * The report's measures of both sides (report_outcomes.h).
 *
 * As in report.c, answers are released in batches: in the order they
 * were given, only the first multiple of five people count, so that two
 * successive reports never differ by one person's answers.  Counts are
 * cells of the disclosure list, each split of the people who answered
 * tied to their number ("ticked" + "not ticked" = "answered"), so that
 * the complement of a small count is hidden with it; means are
 * published only over five released people at least.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/store.h"
#include "internal.h"
#include "report_outcomes.h"

#define MAXROWS		64
#define MAXCOLS		4
#define NOCELL		((size_t)-1)
#define BATCH		DCL_THRESHOLD
#define MAXPEOPLE	4096	/* answers read per survey, at most */

/* A table under construction. */
struct otab {
	const char	*rows[MAXROWS];
	char		 labels[MAXROWS][256];
	size_t		 nrows, ncols;
	const char	*cols[MAXCOLS];
	double		 values[MAXROWS * MAXCOLS];
	int		 people[MAXROWS * MAXCOLS];
	unsigned char	 status[MAXROWS * MAXCOLS];
	const char	*texts[MAXROWS * MAXCOLS];
	size_t		 cell[MAXROWS * MAXCOLS];
};

enum { T_LEVELS, T_PRACTICES, T_CONFIDENCE, T_TAUGHT, T__MAX };

struct outcomes {
	int		 en;
	struct otab	 t[T__MAX];
};

/* The people who answered, in the order they did, and how many of
 * them are released (a multiple of BATCH). */
struct answered {
	int64_t		 id[MAXPEOPLE];
	size_t		 n, released;
};

#define TXT(f, e)	(o->en ? (e) : (f))

static size_t
orow(struct otab *t, const char *label)
{
	size_t	 r, c;

	if (t->nrows == MAXROWS)
		return NOCELL;
	r = t->nrows++;
	snprintf(t->labels[r], sizeof(t->labels[r]), "%s", label);
	t->rows[r] = t->labels[r];
	for (c = 0; c < t->ncols; c++) {
		t->cell[r * t->ncols + c] = NOCELL;
		t->status[r * t->ncols + c] = TDM_CELL_TEXT;
		t->texts[r * t->ncols + c] = "";
	}
	return r;
}

static void
oput(struct disclosure *d, struct otab *t, size_t r, size_t c, double v,
    int flags)
{
	size_t	 i = r * t->ncols + c;

	t->values[i] = v;
	t->people[i] = (int)v;
	t->status[i] = TDM_CELL_SHOWN;
	t->texts[i] = NULL;
	t->cell[i] = dcl_cell(d, v, (int)v, flags);
}

/* A mean over n released people, or the text of its absence. */
static void
omean(const struct outcomes *o, struct otab *t, size_t r, size_t c,
    double sum, int n, int pending)
{
	size_t	 i = r * t->ncols + c;

	t->values[i] = n ? sum / n : 0;
	t->people[i] = n;
	t->cell[i] = NOCELL;
	if (n >= BATCH) {
		t->status[i] = TDM_CELL_SHOWN;
		t->texts[i] = NULL;
	} else {
		t->status[i] = TDM_CELL_TEXT;
		t->texts[i] = pending ? TXT("moins de cinq réponses",
		    "fewer than five answers") : TXT("pas encore de réponse",
		    "no answer yet");
	}
}

static enum tdm_err
read_answered(struct tdm_store *st, enum stmt s, int64_t prog,
    const char *role, struct answered *a)
{
	struct query	 q = query_start(st, s);

	a->n = 0;
	bind_int(&q, prog);
	bind_text(&q, role);
	while (query_row(&q))
		if (a->n < MAXPEOPLE)
			a->id[a->n++] = col_int(&q);
	a->released = a->n - a->n % BATCH;
	return query_end(&q);
}

/* Whether enrolment en is among the released answers. */
static int
released(const struct answered *a, int64_t en)
{
	size_t	 i;

	for (i = 0; i < a->released; i++)
		if (a->id[i] == en)
			return 1;
	return 0;
}

/* Rows of (id, label) from a statement of the programme's. */
static enum tdm_err
read_labels(struct tdm_store *st, enum stmt s, int64_t prog,
    const char *lang, struct otab *t, int64_t *ids)
{
	struct query	 q = query_start(st, s);
	size_t		 r;

	bind_int(&q, prog);
	bind_text(&q, lang);
	while (query_row(&q)) {
		int64_t id = col_int(&q);
		const char *label = col_text(&q);

		if ((r = orow(t, label)) == NOCELL)
			continue;
		ids[r] = id;
	}
	return query_end(&q);
}

/*
 * A split of the released people (base, a cell already in the list)
 * into yes and no at columns c and c + 1 of row r, tied to the base.
 */
static void
split(struct disclosure *d, struct otab *t, size_t r, size_t c,
    size_t base, int n, int yes, int pending, const struct outcomes *o)
{
	size_t	 i;

	if (n == 0) {
		for (i = c; i < c + 2; i++) {
			t->status[r * t->ncols + i] = TDM_CELL_TEXT;
			t->texts[r * t->ncols + i] = pending ?
			    TXT("moins de cinq réponses",
			    "fewer than five answers") :
			    TXT("pas encore de réponse", "no answer yet");
		}
		return;
	}
	oput(d, t, r, c, yes, DCL_COUNT | DCL_ATTRIBUTE);
	oput(d, t, r, c + 1, n - yes, DCL_COUNT | DCL_ATTRIBUTE);
	dcl_relation(d);
	dcl_term(d, base, 1);
	dcl_term(d, t->cell[r * t->ncols + c], -1);
	dcl_term(d, t->cell[r * t->ncols + c + 1], -1);
}

/* The mentees' checklist, at the close and 90 days after. */
static enum tdm_err
practices(struct tdm_store *st, int64_t prog, const char *lang,
    struct outcomes *o, struct disclosure *d, struct answered *a,
    int *any)
{
	struct otab	*t = &o->t[T_PRACTICES];
	int64_t		 items[MAXROWS] = { 0 };
	int		 yes[2][MAXROWS];
	size_t		 base[2], r, k, stage;
	struct query	 q;
	enum tdm_err	 err;
	int		 n[2], pending[2];

	t->ncols = 4;
	t->cols[0] = TXT("Clôture : oui", "Close: yes");
	t->cols[1] = TXT("Clôture : non", "Close: no");
	t->cols[2] = TXT("90 jours : oui", "90 days: yes");
	t->cols[3] = TXT("90 jours : non", "90 days: no");
	orow(t, TXT("Mentorés ayant répondu", "Mentees who answered"));
	if ((err = read_labels(st, STMT_OUTCOME_PRACTICE_ITEMS, prog, lang,
	    t, items)) != TDM_OK)
		return err;
	memset(yes, 0, sizeof(yes));
	for (stage = 0; stage < 2; stage++) {
		if ((err = read_answered(st, stage ?
		    STMT_OUTCOME_ANSWERED_FOLLOWUP :
		    STMT_OUTCOME_ANSWERED_CLOSING, prog, "mentee", a)) !=
		    TDM_OK)
			return err;
		n[stage] = (int)a->released;
		pending[stage] = a->n > a->released;
		q = query_start(st, STMT_OUTCOME_PRACTICE_DONE);
		bind_int(&q, prog);
		bind_text(&q, stage ? "followup" : "closing");
		while (query_row(&q)) {
			int64_t en = col_int(&q), item = col_int(&q);

			*any = 1;
			if (!released(a, en))
				continue;
			for (r = 1; r < t->nrows; r++)
				if (items[r] == item)
					yes[stage][r]++;
		}
		if ((err = query_end(&q)) != TDM_OK)
			return err;
		oput(d, t, 0, stage * 2, n[stage], DCL_COUNT | DCL_KEEP);
		base[stage] = t->cell[stage * 2];
	}
	for (r = 1; r < t->nrows; r++)
		for (k = 0; k < 2; k++)
			split(d, t, r, k * 2, base[k], n[k], yes[k][r],
			    pending[k], o);
	return TDM_OK;
}

/* The mentors' confidence (means) and the topics they taught. */
static enum tdm_err
mentors(struct tdm_store *st, int64_t prog, const char *lang,
    struct outcomes *o, struct disclosure *d, struct answered *a,
    int *any)
{
	struct otab	*c = &o->t[T_CONFIDENCE], *t = &o->t[T_TAUGHT];
	int64_t		 topics[MAXROWS] = { 0 };
	double		 sum[2][2];
	int		 yes[MAXROWS], n[2], rows[2], k;
	size_t		 base, r;
	struct query	 q;
	enum tdm_err	 err;

	c->ncols = 2;
	c->cols[0] = TXT("À la clôture", "At the close");
	c->cols[1] = TXT("À 90 jours", "At 90 days");
	orow(c, TXT("Aisance pour enseigner à un collègue plus expérimenté "
	    "(sur 5)", "Confidence in teaching a senior colleague (out of "
	    "5)"));
	orow(c, TXT("Aisance pour faire un retour à un supérieur (sur 5)",
	    "Confidence in giving feedback upwards (out of 5)"));
	memset(sum, 0, sizeof(sum));
	for (k = 0; k < 2; k++) {
		/* Each mentor answers once a stage: a row is a person,
		 * and the rows of a batch are released together. */
		q = query_start(st, k ? STMT_OUTCOME_MENTOR_FOLLOWUP :
		    STMT_OUTCOME_MENTOR_CLOSING);
		bind_int(&q, prog);
		rows[k] = n[k] = 0;
		{
			double open[2] = { 0, 0 };

			while (query_row(&q)) {
				col_skip(&q);
				open[0] += (double)col_int(&q);
				open[1] += (double)col_int(&q);
				*any = 1;
				if (++rows[k] % BATCH == 0) {
					sum[k][0] += open[0];
					sum[k][1] += open[1];
					open[0] = open[1] = 0;
					n[k] = rows[k];
				}
			}
		}
		if ((err = query_end(&q)) != TDM_OK)
			return err;
		omean(o, c, 0, k, sum[k][0], n[k], rows[k] > n[k]);
		omean(o, c, 1, k, sum[k][1], n[k], rows[k] > n[k]);
	}

	t->ncols = 2;
	t->cols[0] = TXT("L'ont transmis", "Taught it");
	t->cols[1] = TXT("Ne l'ont pas transmis", "Did not teach it");
	orow(t, TXT("Mentors ayant répondu", "Mentors who answered"));
	if ((err = read_labels(st, STMT_OUTCOME_TOPIC_LABELS, prog, lang, t,
	    topics)) != TDM_OK ||
	    (err = read_answered(st, STMT_OUTCOME_ANSWERED_CLOSING, prog,
	    "mentor", a)) != TDM_OK)
		return err;
	memset(yes, 0, sizeof(yes));
	q = query_start(st, STMT_OUTCOME_TAUGHT);
	bind_int(&q, prog);
	while (query_row(&q)) {
		int64_t en = col_int(&q), topic = col_int(&q);

		*any = 1;
		if (!released(a, en))
			continue;
		for (r = 1; r < t->nrows; r++)
			if (topics[r] == topic)
				yes[r]++;
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	oput(d, t, 0, 0, (double)a->released, DCL_COUNT | DCL_KEEP);
	base = t->cell[0];
	for (r = 1; r < t->nrows; r++)
		split(d, t, r, 0, base, (int)a->released, yes[r],
		    a->n > a->released, o);
	return TDM_OK;
}

/* The mentees' levels at enrolment, at the close and 90 days after,
 * per topic, in batches of five mentees a topic. */
static enum tdm_err
levels(struct tdm_store *st, int64_t prog, const char *lang,
    struct outcomes *o, int *any)
{
	struct otab	*t = &o->t[T_LEVELS];
	int64_t		 topics[MAXROWS] = { 0 };
	double		 sum[MAXROWS][3], open[MAXROWS][3];
	int		 n[MAXROWS], rows[MAXROWS];
	size_t		 r, k;
	struct query	 q;
	enum tdm_err	 err;

	t->ncols = 3;
	t->cols[0] = TXT("À l'inscription", "When enrolling");
	t->cols[1] = TXT("À la clôture", "At the close");
	t->cols[2] = TXT("À 90 jours", "At 90 days");
	if ((err = read_labels(st, STMT_OUTCOME_TOPIC_LABELS, prog, lang, t,
	    topics)) != TDM_OK)
		return err;
	memset(sum, 0, sizeof(sum));
	memset(open, 0, sizeof(open));
	memset(n, 0, sizeof(n));
	memset(rows, 0, sizeof(rows));
	q = query_start(st, STMT_OUTCOME_FOLLOWUP_LEVELS);
	bind_int(&q, prog);
	while (query_row(&q)) {
		int64_t topic = col_int(&q);

		col_skip(&q);
		for (r = 0; r < t->nrows && topics[r] != topic; r++)
			;
		*any = 1;
		for (k = 0; k < 3; k++) {
			double v = (double)col_int(&q);

			if (r < t->nrows)
				open[r][k] += v;
		}
		if (r == t->nrows)
			continue;
		if (++rows[r] % BATCH == 0) {
			for (k = 0; k < 3; k++) {
				sum[r][k] += open[r][k];
				open[r][k] = 0;
			}
			n[r] = rows[r];
		}
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	for (r = 0; r < t->nrows; r++)
		for (k = 0; k < 3; k++)
			omean(o, t, r, k, sum[r][k], n[r], rows[r] > n[r]);
	return TDM_OK;
}

enum tdm_err
outcomes_gather(struct tdm_store *st, int64_t prog, int en,
    struct disclosure *d, struct outcomes **op)
{
	struct outcomes	*o;
	struct answered	*a;
	const char	*lang = en ? "en" : "fr";
	enum tdm_err	 err;
	int		 any = 0;

	*op = NULL;
	if ((o = calloc(1, sizeof(*o))) == NULL ||
	    (a = malloc(sizeof(*a))) == NULL) {
		free(o);
		return TDM_ENOMEM;
	}
	o->en = en;
	/*
	 * The cells join the list only once someone gave one of these
	 * answers: until then the tables would say nothing, and the
	 * report reads as before.  A probe with a throwaway list decides.
	 */
	{
		struct disclosure	 probe;

		memset(&probe, 0, sizeof(probe));
		err = levels(st, prog, lang, o, &any);
		if (err == TDM_OK)
			err = practices(st, prog, lang, o, &probe, a, &any);
		if (err == TDM_OK)
			err = mentors(st, prog, lang, o, &probe, a, &any);
		dcl_free(&probe);
	}
	if (err == TDM_OK && any) {
		memset(o->t, 0, sizeof(o->t));
		if ((err = levels(st, prog, lang, o, &any)) == TDM_OK &&
		    (err = practices(st, prog, lang, o, d, a, &any)) ==
		    TDM_OK)
			err = mentors(st, prog, lang, o, d, a, &any);
	}
	free(a);
	if (err != TDM_OK || !any) {
		free(o);
		return err;
	}
	*op = o;
	return TDM_OK;
}

size_t
outcomes_tables(struct outcomes *o, const struct disclosure *d,
    struct tdm_report_table *t)
{
	static const char *const ids[T__MAX] = { "followup_levels",
	    "practices", "mentor_confidence", "topics_taught" };
	struct otab	*g;
	size_t		 k, i;

	if (o == NULL)
		return 0;
	for (k = 0; k < T__MAX; k++) {
		g = &o->t[k];
		for (i = 0; i < g->nrows * g->ncols; i++) {
			if (g->cell[i] == NOCELL)
				continue;
			switch (d->cells[g->cell[i]].status) {
			case DCL_SHOWN:
				g->status[i] = TDM_CELL_SHOWN;
				break;
			case DCL_SMALL:
				g->status[i] = TDM_CELL_SMALL;
				break;
			default:
				/* No cell here is a headline: a band
				 * never protects one. */
				g->status[i] = TDM_CELL_HIDDEN;
				break;
			}
		}
		memset(&t[k], 0, sizeof(t[k]));
		t[k].id = ids[k];
		t[k].rows = g->rows;
		t[k].nrows = g->nrows;
		t[k].columns = g->cols;
		t[k].ncolumns = g->ncols;
		t[k].values = g->values;
		t[k].people = g->people;
		t[k].status = g->status;
		t[k].texts = g->texts;
	}
	t[T_LEVELS].title = TXT("Trois mois après : niveaux des mentorés "
	    "(auto-évalués, de 0 à 4)", "Three months on: mentees' levels "
	    "(self-assessed, 0 to 4)");
	t[T_LEVELS].note = TXT("Les mentorés ayant donné leur niveau aux "
	    "trois moments, par lots d'au moins cinq personnes par thème.",
	    "Mentees who gave their level at all three moments, in batches "
	    "of at least five people per topic.");
	t[T_LEVELS].decimals = 1;
	t[T_LEVELS].chart = 1;
	t[T_PRACTICES].title = TXT("Pratiques changées (liste cochée par les "
	    "mentorés)", "Changed practice (the mentees' checklist)");
	t[T_PRACTICES].note = TXT("Réponses comptées par lots d'au moins "
	    "cinq personnes ; un effectif de un à quatre est masqué, avec ce "
	    "qui permettrait de le retrouver.", "Answers counted in batches "
	    "of at least five people; a count of one to four is hidden, with "
	    "what would give it away.");
	t[T_CONFIDENCE].title = TXT("Mentors : aisance", "Mentors: "
	    "confidence");
	t[T_CONFIDENCE].note = TXT("Moyennes de 1 à 5, publiées à partir de "
	    "cinq réponses, par lots de cinq.", "Means from 1 to 5, published "
	    "from five answers, in batches of five.");
	t[T_CONFIDENCE].decimals = 1;
	t[T_TAUGHT].title = TXT("Thèmes transmis par les mentors",
	    "Topics the mentors taught");
	t[T_TAUGHT].note = t[T_PRACTICES].note;
	return T__MAX;
}

int
outcomes_where(const struct outcomes *o, size_t cell, size_t first,
    size_t *table, size_t *index)
{
	size_t	 k, i;

	if (o == NULL)
		return 0;
	for (k = 0; k < T__MAX; k++)
		for (i = 0; i < o->t[k].nrows * o->t[k].ncols; i++)
			if (o->t[k].cell[i] == cell) {
				*table = first + k;
				*index = i;
				return 1;
			}
	return 0;
}

void
outcomes_free(struct outcomes *o)
{
	free(o);
}

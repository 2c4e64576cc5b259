/*
 * The outcome report of a programme: the figures that show whether it
 * works, gathered from the store into report.h's tables, in French or
 * English.  Every figure is first a cell of one disclosure list
 * (disclosure.h) with the relations a reader knows between them; the
 * list decides what is published, and the tables show exactly that, in
 * every format.
 *
 * Answers (ratings, closing surveys, levels) are released in batches:
 * in the order they came, a batch is released once it holds at least
 * five people, so that two successive reports never differ by one
 * person's answers.  Answers stay counted when their author withdraws.
 * Participation counts everyone ever enrolled, for the same reason; the
 * withdrawals are one count of their own.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tandem/ical.h"
#include "tandem/mail.h"
#include "tandem/programme.h"
#include "tandem/report.h"
#include "tandem/session.h"
#include "tandem/store.h"
#include "internal.h"
#include "outbox.h"
#include "arena.h"
#include "disclosure.h"
#include "report_outcomes.h"

#define MAXROWS		64
#define MAXCOLS		4
#define NOCELL		((size_t)-1)
#define BATCH		DCL_THRESHOLD

/* One text in both languages. */
struct l10n {
	const char	*fr, *en;
};

#define L(x)	(en ? (x).en : (x).fr)

/* A table under construction: labels and texts live in the arena. */
struct grid {
	const char	*rows[MAXROWS];
	size_t		 nrows, ncols;
	double		 values[MAXROWS * MAXCOLS];
	int		 people[MAXROWS * MAXCOLS];
	unsigned char	 status[MAXROWS * MAXCOLS];
	const char	*texts[MAXROWS * MAXCOLS];
	size_t		 cell[MAXROWS * MAXCOLS];	/* in the list */
};

/* A count under disclosure control at row r, column c. */
static size_t
put(struct disclosure *d, struct grid *g, size_t r, size_t c, double v,
    int people, int flags)
{
	size_t	 i = r * g->ncols + c;

	g->values[i] = v;
	g->people[i] = people;
	return g->cell[i] = dcl_cell(d, v, people, flags);
}

/* A figure outside the list (a mean): shown, or a text. */
static void
put_free(struct grid *g, size_t r, size_t c, double v, int n,
    const char *none)
{
	size_t	 i = r * g->ncols + c;

	g->values[i] = v;
	g->people[i] = n;
	g->cell[i] = NOCELL;
	if (n < BATCH) {
		g->status[i] = TDM_CELL_TEXT;
		g->texts[i] = none;
	}
}

static size_t
row(struct grid *g, struct arena *a, const char *label)
{
	size_t	 r, c;

	if (g->nrows == MAXROWS)
		return NOCELL;
	r = g->nrows++;
	g->rows[r] = label == NULL ? NULL : arena_strdup(a, label);
	for (c = 0; c < g->ncols; c++)
		g->cell[r * g->ncols + c] = NOCELL;
	return r;
}

/* Rows of (label, mentors, mentees) from a participation statement. */
static enum tdm_err
participation(struct tdm_store *st, enum stmt which, int64_t id,
    const char *lang, struct arena *a, struct grid *g, int *raw)
{
	struct query	 q = query_start(st, which);
	size_t		 r;
	const char	*label;
	int		 mentors, mentees;

	bind_int(&q, id);
	bind_text(&q, lang);
	while (g->nrows < MAXROWS - 2 && query_row(&q)) {
		label = col_text(&q);
		mentors = (int)col_int(&q);
		mentees = (int)col_int(&q);
		if ((r = row(g, a, label)) == NOCELL || g->rows[r] == NULL) {
			(void)query_end(&q);
			return TDM_ENOMEM;
		}
		raw[r * 2] = mentors;
		raw[r * 2 + 1] = mentees;
	}
	return query_end(&q);
}

/*
 * Departments of fewer than five volunteers would name their people by
 * their mere presence (the chief executive alone in the general
 * management): they merge into one "other departments" row, which must
 * itself hold five people at least, so the smallest departments join it
 * until it does.
 */
static void
others(struct grid *g, int *raw, const char *label)
{
	size_t	 i, n = 0, low;
	int	 v[2] = { 0, 0 }, merged[MAXROWS];

	for (i = 0; i < g->nrows; i++)
		merged[i] = raw[i * 2] + raw[i * 2 + 1] < BATCH;
	for (;;) {
		v[0] = v[1] = 0;
		n = 0;
		for (i = 0; i < g->nrows; i++)
			if (merged[i]) {
				v[0] += raw[i * 2];
				v[1] += raw[i * 2 + 1];
				n++;
			}
		if (n == 0 || v[0] + v[1] >= BATCH)
			break;
		low = NOCELL;
		for (i = 0; i < g->nrows; i++)
			if (!merged[i] && (low == NOCELL ||
			    raw[i * 2] + raw[i * 2 + 1] <
			    raw[low * 2] + raw[low * 2 + 1]))
				low = i;
		if (low == NOCELL)
			break;
		merged[low] = 1;
	}
	n = 0;
	for (i = 0; i < g->nrows; i++) {
		if (merged[i])
			continue;
		g->rows[n] = g->rows[i];
		raw[n * 2] = raw[i * 2];
		raw[n * 2 + 1] = raw[i * 2 + 1];
		n++;
	}
	if (v[0] + v[1] > 0) {
		g->rows[n] = label;
		raw[n * 2] = v[0];
		raw[n * 2 + 1] = v[1];
		n++;
	}
	g->nrows = n;
}

/*
 * The two participation margins into the list, with a total row each:
 * each column's rows add up to its total.
 */
static void
margin(struct disclosure *d, struct grid *g, const int *raw,
    const char *total, size_t tot[2])
{
	size_t	 r, c, n = g->nrows;
	int	 sum[2] = { 0, 0 };

	for (r = 0; r < n; r++)
		for (c = 0; c < 2; c++) {
			put(d, g, r, c, raw[r * 2 + c], raw[r * 2 + c],
			    DCL_COUNT);
			sum[c] += raw[r * 2 + c];
		}
	g->rows[n] = total;
	g->nrows = n + 1;
	for (c = 0; c < 2; c++) {
		tot[c] = put(d, g, n, c, sum[c], sum[c], DCL_COUNT |
		    DCL_KEEP);
		dcl_relation(d);
		dcl_term(d, tot[c], 1);
		for (r = 0; r < n; r++)
			dcl_term(d, g->cell[r * 2 + c], -1);
	}
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

/*
 * Batches of answers: rows come in the order they were given, each with
 * its author; a batch closes when it holds BATCH distinct authors, and
 * only closed batches count.
 */
struct batch {
	int64_t	 who[BATCH];
	size_t	 nwho;
	double	 sum[3], open[3];	/* released, and the open batch */
	int	 n, opened;		/* released people, open rows */
	int	 rows, openrows;
};

static void
batch_add(struct batch *b, int64_t who, double v0, double v1, double v2)
{
	size_t	 i;

	for (i = 0; i < b->nwho; i++)
		if (b->who[i] == who)
			break;
	if (i == b->nwho)
		b->who[b->nwho++] = who;
	b->open[0] += v0;
	b->open[1] += v1;
	b->open[2] += v2;
	b->openrows++;
	if (b->nwho < BATCH)
		return;
	for (i = 0; i < 3; i++) {
		b->sum[i] += b->open[i];
		b->open[i] = 0;
	}
	b->rows += b->openrows;
	b->openrows = 0;
	b->n += (int)b->nwho;
	b->nwho = 0;
}

/*
 * Suppression kept stable over time.  A reader may hold every earlier
 * report of the programme: each figure published is recorded by its
 * place (table, row, column; the participation rows by their French
 * label, so that both languages share one record) with its value, and
 * a figure that still has the value it was published with is known:
 * the next report keeps it shown and protects its hidden cells with
 * other cells (disclosure.h, DCL_KNOWN).  A withdrawal, an answer or a
 * survey between two reports can then change which cells are hidden
 * only by hiding more, never by showing what an earlier report hid
 * beside what it showed.
 */
static const char *const tabid[8] = { "generations", "departments",
    "matching", "sessions", "levels", "satisfaction", "closing", "risk" };

static char *
cell_key(struct arena *a, size_t k, const char *const *rowkey[2],
    size_t r, size_t c)
{
	char	 buf[400];

	if (k >= sizeof(tabid) / sizeof(tabid[0]))
		return NULL;
	if (k < 2)
		snprintf(buf, sizeof(buf), "%s/%s/%zu", tabid[k],
		    rowkey[k][r] != NULL ? rowkey[k][r] : "", c);
	else
		snprintf(buf, sizeof(buf), "%s/%zu/%zu", tabid[k], r, c);
	return arena_strdup(a, buf);
}

/* Mark the cells published before with the value they still have. */
static enum tdm_err
stable_load(struct tdm_store *st, int64_t programme, struct disclosure *dc,
    struct grid *g, size_t ntab, const char *const *rowkey[2],
    struct arena *a)
{
	struct query	 q = query_start(st, STMT_PUBLISHED_LIST);
	const char	*key;
	char		*mine;
	double		 v;
	size_t		 k, i;
	struct dcl_cell	*c;

	bind_int(&q, programme);
	while (query_row(&q)) {
		key = col_text(&q);
		v = col_real(&q);
		for (k = 0; k < ntab; k++)
			for (i = 0; i < g[k].nrows * g[k].ncols; i++) {
				if (g[k].cell[i] == NOCELL)
					continue;
				mine = cell_key(a, k, rowkey, i / g[k].ncols,
				    i % g[k].ncols);
				if (mine == NULL || strcmp(mine, key) != 0)
					continue;
				c = &dc->cells[g[k].cell[i]];
				if (fabs(c->value - v) < 1e-9)
					c->flags |= DCL_KNOWN;
			}
	}
	return query_end(&q);
}

/* Record the figures this report publishes, in one transaction. */
static enum tdm_err
stable_save(struct tdm_store *st, int64_t programme,
    const struct disclosure *dc, const struct grid *g, size_t ntab,
    const char *const *rowkey[2], struct arena *a)
{
	struct query	 q;
	char		 now[TIMESTAMP_SIZE], *key;
	size_t		 k, i;
	enum tdm_err	 err;

	if ((err = store_begin(st)) != TDM_OK)
		return err;
	store_timestamp(st, now);
	for (k = 0; k < ntab; k++)
		for (i = 0; i < g[k].nrows * g[k].ncols; i++) {
			if (g[k].cell[i] == NOCELL ||
			    dc->cells[g[k].cell[i]].status != DCL_SHOWN)
				continue;
			if ((key = cell_key(a, k, rowkey, i / g[k].ncols,
			    i % g[k].ncols)) == NULL) {
				store_rollback(st);
				return TDM_ENOMEM;
			}
			q = query_start(st, STMT_PUBLISHED_PUT);
			bind_int(&q, programme);
			bind_text(&q, key);
			bind_real(&q, dc->cells[g[k].cell[i]].value);
			bind_text(&q, now);
			if ((err = query_exec(&q)) != TDM_OK) {
				store_rollback(st);
				return err;
			}
		}
	if ((err = store_commit(st)) != TDM_OK)
		store_rollback(st);
	return err;
}

/*
 * The report's day as its reader writes it, in Paris time: 06/12/2026,
 * or 6 December 2026 in English (an ISO date is not for a page a person
 * reads, and 12/06 would be misread).
 */
static void
report_day(const struct tdm_store *st, int en, char buf[32])
{
	char	 iso[TIMESTAMP_SIZE];

	store_timestamp(st, iso);
	if (en)
		tdm_date_words(iso, "en", buf, 32);
	else
		mail_date(iso, buf);
}

static const struct l10n
    t_title = { "Tandem\u00a0: bilan du programme",
	"Tandem: programme report" },
    t_gen = { "Inscrits par génération", "Enrolled by generation" },
    t_dept = { "Inscrits par direction", "Enrolled by department" },
    t_match = { "Appariement", "Matching" },
    t_sess = { "Séances", "Sessions" },
    t_lev = { "Progression par thème (niveaux auto-évalués des mentorés, "
	"de 0 à 4)", "Progress by topic (mentees' self-assessed levels, "
	"0 to 4)" },
    t_sat = { "Satisfaction", "Satisfaction" },
    t_close = { "Questionnaire de clôture", "Closing survey" },
    t_risk = { "Suivi", "Follow-up" },
    n_part = { "Toute personne inscrite est comptée, même retirée depuis.",
	"Everyone ever enrolled is counted, withdrawn since or not." },
    n_match = { "Les raisons viennent du dernier appariement "
	"enregistré\u00a0; celles de chaque mentoré figurent sur la page "
	"du programme.", "The reasons come from the last recorded "
	"matching; each mentee's are shown on the programme's page." },
    n_sess = { "Les motifs d'annulation restent privés.",
	"Reasons for cancelling stay private." },
    n_lev = { "Réponses comptées par lots d'au moins cinq personnes.",
	"Answers are counted in batches of at least five people." },
    n_sat = { "Les commentaires restent privés\u00a0: seules les notes "
	"sont comptées, par lots d'au moins cinq personnes.",
	"Comments stay private: only ratings are counted, in batches of "
	"at least five people." },
    n_close = { "Ce qui a changé reste privé\u00a0; les réponses sont "
	"comptées par lots d'au moins cinq personnes.", "What changed stays "
	"private; answers are counted in batches of at least five people." },
    n_risk = { "Un binôme est à risque sans séance tenue depuis le délai "
	"du programme, après deux annulations du même côté, ou quand un "
	"membre a décliné ou s'est retiré.",
	"A pair is at risk with no session held within the programme's "
	"delay, after two cancellations on the same side, or when a member "
	"declined or withdrew." },
    c_mentors = { "Mentors", "Mentors" },
    c_mentees = { "Mentorés", "Mentees" },
    c_value = { "Valeur", "Value" },
    c_sessions = { "Séances", "Sessions" },
    c_before = { "Avant", "Before" },
    c_after = { "Après", "After" },
    c_progress = { "Progression", "Progress" },
    r_total = { "Total", "Total" },
    r_others = { "Autres directions (regroupées, cinq personnes au moins)",
	"Other departments (merged, five people at least)" },
    r_enrolled = { "Mentorés inscrits", "Mentees enrolled" },
    r_matched = { "Mentorés appariés", "Mentees matched" },
    r_unmatched = { "Mentorés non appariés", "Mentees not matched" },
    r_withdrawn = { "Mentorés retirés", "Mentees withdrawn" },
    r_nopartner = { "dont sans mentor compatible (dernier appariement)",
	"of whom no compatible mentor (last matching)" },
    r_capacity = { "dont mentors compatibles complets (dernier "
	"appariement)", "of whom compatible mentors full (last matching)" },
    r_planned = { "Prévues", "Planned" },
    r_held = { "Tenues", "Held" },
    r_coming = { "À venir", "To come" },
    r_cmentor = { "Annulées par le mentor", "Cancelled by the mentor" },
    r_cmentee = { "Annulées par le mentoré", "Cancelled by the mentee" },
    r_cmanager = { "Annulées par le responsable",
	"Cancelled by the manager" },
    r_rating = { "Note moyenne des séances (sur 5)",
	"Average session rating (out of 5)" },
    r_answers = { "Réponses au questionnaire de clôture",
	"Answers to the closing survey" },
    r_yes = { "Recommandent le programme", "Recommend the programme" },
    r_no = { "Ne le recommandent pas", "Do not recommend it" },
    r_rate = { "Recommandent le programme (%)",
	"Recommend the programme (%)" },
    r_risk = { "Binômes à risque", "Pairs at risk" },
    x_none = { "pas encore de réponse", "no answer yet" },
    x_few = { "moins de cinq réponses", "fewer than five answers" },
    x_more = { "%.0f ou plus sur %.0f", "%.0f or more of %.0f" },
    x_more1 = { "%.0f ou plus", "%.0f or more" };

/* The session rows, in the order of the table. */
enum { S_PLANNED, S_HELD, S_COMING, S_CMENTOR, S_CMENTEE, S_CMANAGER,
    S__MAX };

enum tdm_err
tdm_report_programme_lang(struct tdm_store *st,
    const struct tdm_actor *actor, const char *ref, const char *lang,
    enum tdm_report_format format, struct tdm_buf *out,
    struct tdm_diags *d)
{
	struct programme_ref		 p;
	struct tdm_report		 rep;
	struct tdm_report_table		 t[8 + OUTCOMES_MAXTAB];
	struct outcomes			*oc = NULL;
	struct grid			*g = NULL;
	struct disclosure		 dc;
	struct arena			 a = ARENA_INIT;
	struct risks			 risk;
	struct batch			 rating, closing, lev;
	struct query			 q;
	struct tdm_report_term		*terms = NULL;
	size_t				 gtot[2], dtot[2], m[6], s[S__MAX];
	size_t				 yes = 0, no = 0, nans, i, k, r, of;
	size_t				 ntab = 8, base;
	int				 graw[MAXROWS * 2], draw[MAXROWS * 2];
	int				 fraw[MAXROWS * 2];
	struct grid			*gfr = NULL;
	const char *const		*rowkey[2];
	int				 en, mi[5], mentors, mentees, n, sc = 0;
	int				 sessv[S__MAX], sessp[S__MAX];
	int64_t				 topic, cur = -1;
	const char			*state, *by, *label, *none;
	char				 subtitle[700], today[32], text[96];
	char				*curlabel = NULL;
	enum tdm_err			 err;

	en = lang != NULL && strcmp(lang, "en") == 0;
	lang = en ? "en" : "fr";
	if ((err = authorize(actor, OP_REPORT_READ, d)) != TDM_OK ||
	    (err = programme_find(st, ref, &p, d)) != TDM_OK ||
	    (err = authorize_in(actor, OP_REPORT_READ, p.id, d)) != TDM_OK)
		return err;
	memset(&dc, 0, sizeof(dc));
	if ((g = calloc(8, sizeof(*g))) == NULL)
		return TDM_ENOMEM;
	g[0].ncols = g[1].ncols = 2;
	g[2].ncols = g[3].ncols = g[5].ncols = g[6].ncols = g[7].ncols = 1;
	g[4].ncols = 3;

	/* Participation, both margins, their totals tied together. */
	if ((err = participation(st, STMT_OUTCOME_GENERATIONS, p.id, lang,
	    &a, &g[0], graw)) != TDM_OK ||
	    (err = participation(st, STMT_OUTCOME_DEPARTMENTS, p.id, lang,
	    &a, &g[1], draw)) != TDM_OK)
		goto out;
	others(&g[1], draw, L(r_others));
	margin(&dc, &g[0], graw, L(r_total), gtot);
	margin(&dc, &g[1], draw, L(r_total), dtot);
	/* The participation rows' keys: their French labels. */
	rowkey[0] = g[0].rows;
	rowkey[1] = g[1].rows;
	if (en) {
		if ((gfr = calloc(2, sizeof(*gfr))) == NULL) {
			err = TDM_ENOMEM;
			goto out;
		}
		gfr[0].ncols = gfr[1].ncols = 2;
		if ((err = participation(st, STMT_OUTCOME_GENERATIONS, p.id,
		    "fr", &a, &gfr[0], fraw)) != TDM_OK ||
		    (err = participation(st, STMT_OUTCOME_DEPARTMENTS, p.id,
		    "fr", &a, &gfr[1], fraw)) != TDM_OK)
			goto out;
		others(&gfr[1], fraw, r_others.fr);
		for (k = 0; k < 2; k++) {
			gfr[k].rows[gfr[k].nrows] = r_total.fr;
			rowkey[k] = gfr[k].rows;
		}
	}
	for (k = 0; k < 2; k++) {
		dcl_relation(&dc);
		dcl_term(&dc, gtot[k], 1);
		dcl_term(&dc, dtot[k], -1);
	}

	/* Matching: enrolled = matched + not matched + withdrawn. */
	memset(mi, 0, sizeof(mi));
	q = query_start(st, STMT_OUTCOME_MATCHING);
	bind_int(&q, p.id);
	if (query_row(&q))
		for (k = 0; k < 5; k++)
			mi[k] = (int)col_int(&q);
	if ((err = query_end(&q)) != TDM_OK)
		goto out;
	q = query_start(st, STMT_OUTCOME_SESSION_COUNT);
	bind_int(&q, p.id);
	if (query_row(&q))
		sc = (int)col_int(&q);
	if ((err = query_end(&q)) != TDM_OK)
		goto out;
	for (k = 0; k < 6; k++)
		row(&g[2], &a, NULL);
	g[2].rows[0] = L(r_enrolled);
	g[2].rows[1] = L(r_matched);
	g[2].rows[2] = L(r_unmatched);
	g[2].rows[3] = L(r_withdrawn);
	g[2].rows[4] = L(r_nopartner);
	g[2].rows[5] = L(r_capacity);
	m[0] = put(&dc, &g[2], 0, 0, mi[0], mi[0], DCL_COUNT | DCL_KEEP);
	m[1] = put(&dc, &g[2], 1, 0, mi[1], mi[1], DCL_COUNT | DCL_HEADLINE);
	n = mi[0] - mi[1] - mi[2];
	m[2] = put(&dc, &g[2], 2, 0, n, n, DCL_COUNT);
	m[3] = put(&dc, &g[2], 3, 0, mi[2], mi[2], DCL_COUNT);
	m[4] = put(&dc, &g[2], 4, 0, mi[3], mi[3], DCL_COUNT);
	m[5] = put(&dc, &g[2], 5, 0, mi[4], mi[4], DCL_COUNT);
	dcl_relation(&dc);
	dcl_term(&dc, m[0], 1);
	dcl_term(&dc, m[1], -1);
	dcl_term(&dc, m[2], -1);
	dcl_term(&dc, m[3], -1);
	dcl_relation(&dc);
	dcl_term(&dc, m[0], 1);
	dcl_term(&dc, gtot[1], -1);
	/* The reasons add up to the last run's unmatched, often today's. */
	if (mi[3] + mi[4] == n) {
		dcl_relation(&dc);
		dcl_term(&dc, m[2], 1);
		dcl_term(&dc, m[4], -1);
		dcl_term(&dc, m[5], -1);
	}

	/*
	 * Sessions: planned = held + to come + the three cancellations.
	 * A cancellation describes the side that cancelled (a group's
	 * mentees unknown one by one: its mentors); the others, both
	 * sides.
	 */
	memset(sessv, 0, sizeof(sessv));
	memset(sessp, 0, sizeof(sessp));
	q = query_start(st, STMT_REPORT_SESSIONS);
	bind_int(&q, p.id);
	while (query_row(&q)) {
		state = col_text(&q);
		by = col_text(&q);
		n = (int)col_int(&q);
		mentors = (int)col_int(&q);
		mentees = (int)col_int(&q);
		k = strcmp(state, "planned") == 0 ? S_COMING :
		    strcmp(state, "held") == 0 ? S_HELD :
		    strcmp(by, "mentor") == 0 ? S_CMENTOR :
		    strcmp(by, "mentee") == 0 ? S_CMENTEE : S_CMANAGER;
		sessv[k] += n;
		sessv[S_PLANNED] += n;
		if (k == S_CMENTOR || (k == S_CMENTEE && mentees == 0))
			sessp[k] += mentors;
		else if (k == S_CMENTEE)
			sessp[k] += mentees;
		else
			sessp[k] += mentors + mentees;
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto out;
	for (k = 1; k < S__MAX; k++)
		if (sessp[k] > sessp[S_PLANNED])
			sessp[S_PLANNED] = sessp[k];
	{
		static const struct l10n *const srow[S__MAX] = { &r_planned,
		    &r_held, &r_coming, &r_cmentor, &r_cmentee,
		    &r_cmanager };

		for (k = 0; k < S__MAX; k++) {
			row(&g[3], &a, NULL);
			g[3].rows[k] = L(*srow[k]);
			s[k] = put(&dc, &g[3], k, 0, sessv[k], sessp[k],
			    k == S_PLANNED ? DCL_KEEP : k == S_HELD ?
			    DCL_HEADLINE : 0);
		}
	}
	dcl_relation(&dc);
	dcl_term(&dc, s[S_PLANNED], 1);
	for (k = 1; k < S__MAX; k++)
		dcl_term(&dc, s[k], -1);
	/* So many sessions a pair: the planned count gives the pairs. */
	if (sc > 0 && sessv[S_PLANNED] == sc * mi[1]) {
		dcl_relation(&dc);
		dcl_term(&dc, s[S_PLANNED], 1);
		dcl_term(&dc, m[1], -sc);
	} else if (sc > 0 && sessv[S_PLANNED] == sc * (mi[1] + mi[2])) {
		/* The withdrawn's sessions stay counted: their pairs too. */
		dcl_relation(&dc);
		dcl_term(&dc, s[S_PLANNED], 1);
		dcl_term(&dc, m[1], -sc);
		dcl_term(&dc, m[3], -sc);
	}

	/* Levels per topic, in batches of five mentees per topic. */
	q = query_start(st, STMT_OUTCOME_LEVELS);
	bind_int(&q, p.id);
	bind_text(&q, lang);
	memset(&lev, 0, sizeof(lev));
	for (;;) {
		int more = query_row(&q);
		int before = 0, after = 0;

		topic = -1;
		label = NULL;
		if (more) {
			topic = col_int(&q);
			label = col_text(&q);
			before = (int)col_int(&q);
			after = (int)col_int(&q);
		}
		if (cur != -1 && topic != cur) {
			r = row(&g[4], &a, curlabel);
			if (r == NOCELL)
				break;
			none = lev.openrows ? L(x_few) : L(x_none);
			put_free(&g[4], r, 0, lev.n ? lev.sum[0] / lev.n : 0,
			    lev.n, none);
			put_free(&g[4], r, 1, lev.n ? lev.sum[1] / lev.n : 0,
			    lev.n, none);
			put_free(&g[4], r, 2, lev.n ? (lev.sum[1] -
			    lev.sum[0]) / lev.n : 0, lev.n, none);
			memset(&lev, 0, sizeof(lev));
		}
		if (!more)
			break;
		if (topic != cur) {
			cur = topic;
			if ((curlabel = arena_strdup(&a, label)) == NULL) {
				(void)query_end(&q);
				err = TDM_ENOMEM;
				goto out;
			}
		}
		/* One row a mentee: each its own author. */
		batch_add(&lev, lev.rows + lev.openrows, before, after, 0);
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto out;

	/* Satisfaction: session ratings, the closing survey. */
	memset(&rating, 0, sizeof(rating));
	q = query_start(st, STMT_OUTCOME_FEEDBACK);
	bind_int(&q, p.id);
	while (query_row(&q)) {
		int64_t who = col_int(&q);

		batch_add(&rating, who, (double)col_int(&q), 0, 0);
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto out;
	memset(&closing, 0, sizeof(closing));
	q = query_start(st, STMT_OUTCOME_CLOSINGS);
	bind_int(&q, p.id);
	while (query_row(&q)) {
		int64_t who = col_int(&q);
		int rec = (int)col_int(&q);

		batch_add(&closing, who, rec, !rec, 0);
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto out;
	for (k = 0; k < 2; k++)
		row(&g[5], &a, NULL);
	for (k = 0; k < 3; k++)
		row(&g[6], &a, NULL);
	g[5].rows[0] = L(r_rating);
	g[5].rows[1] = L(r_rate);
	g[6].rows[0] = L(r_answers);
	g[6].rows[1] = L(r_yes);
	g[6].rows[2] = L(r_no);
	put_free(&g[5], 0, 0, rating.rows ? rating.sum[0] / rating.rows : 0,
	    rating.n, rating.openrows ? L(x_few) : L(x_none));
	nans = put(&dc, &g[6], 0, 0, closing.n, closing.n, DCL_COUNT |
	    DCL_KEEP);
	if (closing.n > 0) {
		yes = put(&dc, &g[6], 1, 0, closing.sum[0], (int)closing.sum[0],
		    DCL_COUNT | DCL_ATTRIBUTE | DCL_HEADLINE);
		no = put(&dc, &g[6], 2, 0, closing.sum[1], (int)closing.sum[1],
		    DCL_COUNT | DCL_ATTRIBUTE);
		dcl_relation(&dc);
		dcl_term(&dc, nans, 1);
		dcl_term(&dc, yes, -1);
		dcl_term(&dc, no, -1);
	} else {
		none = closing.openrows ? L(x_few) : L(x_none);
		put_free(&g[6], 1, 0, 0, 0, none);
		put_free(&g[6], 2, 0, 0, 0, none);
	}
	/* The rate: shown when both sides are shown, of five or more. */
	put_free(&g[5], 1, 0, closing.n ? 100 * closing.sum[0] / closing.n : 0,
	    closing.n, closing.openrows ? L(x_few) : L(x_none));

	/* The report's readers count the pairs at risk, and see no name. */
	memset(&risk, 0, sizeof(risk));
	risk.arena = &a;
	if ((err = session_risks(st, &p, count_risk, &risk)) != TDM_OK)
		goto out;
	if (risk.failed) {
		err = TDM_ENOMEM;
		goto out;
	}
	row(&g[7], &a, NULL);
	g[7].rows[0] = L(r_risk);
	put(&dc, &g[7], 0, 0, risk.pairs, risk.npeople >= 256 ?
	    risk.pairs * 2 : (int)risk.npeople, 0);

	/* Both sides measured (report_outcomes.c), in the same list. */
	if ((err = outcomes_gather(st, p.id, en, &dc, &oc)) != TDM_OK)
		goto out;

	/* The decision, over every table at once, and its record. */
	if ((err = stable_load(st, p.id, &dc, g, ntab, rowkey, &a)) !=
	    TDM_OK || (err = dcl_protect(&dc)) != TDM_OK ||
	    (err = stable_save(st, p.id, &dc, g, ntab, rowkey, &a)) != TDM_OK)
		goto out;
	for (k = 0; k < ntab; k++)
		for (i = 0; i < g[k].nrows * g[k].ncols; i++) {
			const struct dcl_cell *c;

			if (g[k].cell[i] == NOCELL)
				continue;
			c = &dc.cells[g[k].cell[i]];
			switch (c->status) {
			case DCL_SHOWN:
				g[k].status[i] = TDM_CELL_SHOWN;
				break;
			case DCL_SMALL:
				g[k].status[i] = TDM_CELL_SMALL;
				break;
			case DCL_BAND:
				g[k].status[i] = TDM_CELL_BAND;
				g[k].values[i] = c->band_lo;
				of = k == 2 ? m[0] : k == 6 ? nans : NOCELL;
				if (of != NOCELL &&
				    dc.cells[of].status == DCL_SHOWN)
					snprintf(text, sizeof(text),
					    L(x_more), c->band_lo,
					    dc.cells[of].value);
				else
					snprintf(text, sizeof(text),
					    L(x_more1), c->band_lo);
				if ((g[k].texts[i] = arena_strdup(&a,
				    text)) == NULL) {
					err = TDM_ENOMEM;
					goto out;
				}
				break;
			default:
				g[k].status[i] = TDM_CELL_HIDDEN;
				break;
			}
		}
	if (closing.n > 0 && (dc.cells[yes].status != DCL_SHOWN ||
	    dc.cells[no].status != DCL_SHOWN || closing.sum[0] < BATCH ||
	    closing.sum[1] < BATCH)) {
		g[5].status[1] = TDM_CELL_HIDDEN;
		g[5].texts[1] = NULL;
	}

	/* The relations, for the JSON report, in the tables' terms. */
	if ((terms = calloc(dc.nterms + 1, sizeof(*terms))) == NULL) {
		err = TDM_ENOMEM;
		goto out;
	}
	for (i = 0; i < dc.nterms; i++) {
		terms[i].rel = dc.terms[i].rel;
		terms[i].coef = dc.terms[i].coef;
		terms[i].table = (size_t)-1;
		for (k = 0; k < ntab; k++)
			for (base = 0; base < g[k].nrows * g[k].ncols; base++)
				if (g[k].cell[base] == dc.terms[i].cell) {
					terms[i].table = k;
					terms[i].cell = base;
				}
		if (terms[i].table == (size_t)-1)
			(void)outcomes_where(oc, dc.terms[i].cell, ntab,
			    &terms[i].table, &terms[i].cell);
	}

	memset(t, 0, sizeof(t));
	{
		static const char *ids[] = { "generations", "departments",
		    "matching", "sessions", "levels", "satisfaction",
		    "closing", "risk" };
		const struct l10n *titles[] = { &t_gen, &t_dept, &t_match,
		    &t_sess, &t_lev, &t_sat, &t_close, &t_risk };
		const struct l10n *notes[] = { &n_part, &n_part, &n_match,
		    &n_sess, &n_lev, &n_sat, &n_close, &n_risk };
		static const char *cols_fr[8][4], *cols_en[8][4];

		cols_fr[0][0] = cols_fr[1][0] = c_mentors.fr;
		cols_fr[0][1] = cols_fr[1][1] = c_mentees.fr;
		cols_en[0][0] = cols_en[1][0] = c_mentors.en;
		cols_en[0][1] = cols_en[1][1] = c_mentees.en;
		cols_fr[2][0] = cols_fr[5][0] = cols_fr[6][0] =
		    cols_fr[7][0] = c_value.fr;
		cols_en[2][0] = cols_en[5][0] = cols_en[6][0] =
		    cols_en[7][0] = c_value.en;
		cols_fr[3][0] = c_sessions.fr;
		cols_en[3][0] = c_sessions.en;
		cols_fr[4][0] = c_before.fr;
		cols_fr[4][1] = c_after.fr;
		cols_fr[4][2] = c_progress.fr;
		cols_en[4][0] = c_before.en;
		cols_en[4][1] = c_after.en;
		cols_en[4][2] = c_progress.en;
		for (k = 0; k < ntab; k++) {
			t[k].id = ids[k];
			t[k].title = L(*titles[k]);
			t[k].note = L(*notes[k]);
			t[k].rows = g[k].rows;
			t[k].nrows = g[k].nrows;
			t[k].columns = en ? cols_en[k] : cols_fr[k];
			t[k].ncolumns = g[k].ncols;
			t[k].values = g[k].values;
			t[k].people = g[k].people;
			t[k].status = g[k].status;
			t[k].texts = g[k].texts;
		}
	}
	t[0].chart = t[1].chart = t[3].chart = t[4].chart = 1;
	t[4].decimals = t[5].decimals = 1;
	ntab += outcomes_tables(oc, &dc, t + ntab);

	report_day(st, en, today);
	snprintf(subtitle, sizeof(subtitle), en ?
	    "Programme \"%s\" (%s), as of %s" : "Programme « %s » (%s), au %s",
	    p.name, tdm_state_label(p.state, lang), today);
	memset(&rep, 0, sizeof(rep));
	rep.title = L(t_title);
	rep.subtitle = subtitle;
	rep.tables = t;
	rep.ntables = ntab;
	rep.terms = terms;
	rep.nterms = dc.nterms;
	rep.lang = lang;
	err = tdm_report_render(out, format, &rep);
out:
	outcomes_free(oc);
	free(terms);
	free(gfr);
	free(g);
	dcl_free(&dc);
	arena_free(&a);
	return err;
}

enum tdm_err
tdm_report_programme(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, enum tdm_report_format format, struct tdm_buf *out,
    struct tdm_diags *d)
{
	return tdm_report_programme_lang(st, actor, ref, "fr", format, out,
	    d);
}

/* ------------------------------------------------ the sponsor's view */

/*
 * The view's own figures (totals, quarters) are recorded like a
 * programme's, under the first programme it shows and a key naming the
 * set of programmes, since another reader's view adds up others.
 */
static void
pf_key(char *buf, size_t len, const char *set, size_t table, size_t r,
    size_t c, size_t nq, const int *qy, const int *qq)
{
	if (table == 1 && r < nq)
		snprintf(buf, len, "%s/quarters/%d-%d/%zu", set, qy[r], qq[r],
		    c);
	else
		snprintf(buf, len, "%s/%s/total/%zu", set, table == 0 ?
		    "programmes" : "quarters", c);
}

static enum tdm_err
pf_known(struct tdm_store *st, int64_t programme, const char *key,
    double value, int *known)
{
	struct query	 q = query_start(st, STMT_PORTFOLIO_KNOWN);

	*known = 0;
	bind_int(&q, programme);
	bind_text(&q, key);
	if (query_row(&q))
		*known = fabs(col_real(&q) - value) < 1e-9;
	return query_end(&q);
}

static enum tdm_err
pf_save(struct tdm_store *st, int64_t programme, const char *key,
    double value)
{
	struct query	 q = query_start(st, STMT_PUBLISHED_PUT);
	char		 now[TIMESTAMP_SIZE];

	store_timestamp(st, now);
	bind_int(&q, programme);
	bind_text(&q, key);
	bind_real(&q, value);
	bind_text(&q, now);
	return query_exec(&q);
}

static const struct l10n
    pf_title = { "Tandem\u00a0: vue d'ensemble des programmes",
	"Tandem: all programmes at a glance" },
    pf_sub = { "Les programmes dont vous lisez le bilan, au %s",
	"The programmes whose report you read, as of %s" },
    pf_tprog = { "Par programme", "By programme" },
    pf_ttime = { "Séances tenues, trimestre par trimestre",
	"Sessions held, quarter by quarter" },
    pf_nprog = { "Toute personne inscrite est comptée, même retirée "
	"depuis. Le bilan de chaque programme donne le détail.",
	"Everyone ever enrolled is counted, withdrawn since or not. Each "
	"programme's report gives the detail." },
    pf_ntime = { "Séances tenues de tous ces programmes, par trimestre "
	"de leur date.", "Sessions held in all these programmes, by the "
	"quarter of their date." },
    pf_held = { "Séances tenues", "Sessions held" },
    pf_quarter = { "T%d %d", "Q%d %d" };

/* The figures of one programme, keyed as its own report keys them. */
static const char *const pf_keys[3] = { "generations/Total/0",
    "generations/Total/1", "sessions/1/0" };

enum tdm_err
tdm_report_portfolio(struct tdm_store *st, const struct tdm_actor *actor,
    const char *lang, enum tdm_report_format format, struct tdm_buf *out,
    struct tdm_diags *d)
{
	struct tdm_diags		 scratch = TDM_DIAGS_INIT;
	struct tdm_report		 rep;
	struct tdm_report_table		 t[2];
	struct tdm_report_term		*terms = NULL;
	struct grid			*g = NULL;
	struct disclosure		 dc;
	struct arena			 a = ARENA_INIT;
	struct query			 q;
	int64_t				 ids[MAXROWS];
	size_t				 nprog = 0, i, k, c, r, tot[3], held;
	size_t				 base;
	int				 fig[3], sum[3] = { 0, 0, 0 }, en;
	int				 qy[MAXROWS], qq[MAXROWS], qv[MAXROWS];
	size_t				 nq = 0;
	char				 label[700], today[32], sub[200];
	char				 setkey[300];
	static const char		*ids0[] = { "programmes", "quarters" };
	enum tdm_err			 err;

	en = lang != NULL && strcmp(lang, "en") == 0;
	lang = en ? "en" : "fr";
	if ((err = authorize(actor, OP_REPORT_READ, d)) != TDM_OK)
		return err;
	memset(&dc, 0, sizeof(dc));
	if ((g = calloc(2, sizeof(*g))) == NULL)
		return TDM_ENOMEM;
	g[0].ncols = 3;
	g[1].ncols = 1;

	/* The programmes this reader may read the report of. */
	q = query_start(st, STMT_PORTFOLIO_PROGRAMMES);
	while (query_row(&q)) {
		int64_t		 id = col_int(&q);
		const char	*name = col_text(&q), *state = col_text(&q);

		if (nprog == MAXROWS - 2 ||
		    authorize_in(actor, OP_REPORT_READ, id, &scratch) !=
		    TDM_OK)
			continue;
		snprintf(label, sizeof(label), "%s (%s)", name,
		    tdm_state_label(state, lang));
		if ((r = row(&g[0], &a, label)) == NOCELL ||
		    g[0].rows[r] == NULL) {
			(void)query_end(&q);
			err = TDM_ENOMEM;
			goto out;
		}
		ids[nprog++] = id;
	}
	tdm_diags_free(&scratch);
	if ((err = query_end(&q)) != TDM_OK)
		goto out;

	/*
	 * Each programme's own report decides first, and is recorded: the
	 * view shows of a programme only what its report shows, so that
	 * the two read together tell no more than each alone.
	 */
	for (i = 0; i < nprog; i++) {
		struct tdm_buf	 scratchout = TDM_BUF_INIT;
		char		 ref[24];

		snprintf(ref, sizeof(ref), "%lld", (long long)ids[i]);
		err = tdm_report_programme_lang(st, actor, ref, lang,
		    TDM_REPORT_JSON, &scratchout, &scratch);
		tdm_buf_release(&scratchout);
		tdm_diags_free(&scratch);
		if (err != TDM_OK)
			goto out;
	}
	/* The set of programmes, for the keys of the view's own cells. */
	{
		size_t	 n = 0;

		n = (size_t)snprintf(setkey, sizeof(setkey), "portfolio/");
		for (i = 0; i < nprog && n < sizeof(setkey) - 24; i++)
			n += (size_t)snprintf(setkey + n, sizeof(setkey) - n,
			    "%s%lld", i ? "," : "", (long long)ids[i]);
	}

	/* Volunteers and sessions held, a programme a row, and totals. */
	for (i = 0; i < nprog; i++) {
		memset(fig, 0, sizeof(fig));
		q = query_start(st, STMT_PORTFOLIO_FIGURES);
		bind_int(&q, ids[i]);
		if (query_row(&q))
			for (c = 0; c < 3; c++)
				fig[c] = (int)col_int(&q);
		if ((err = query_end(&q)) != TDM_OK)
			goto out;
		for (c = 0; c < 3; c++) {
			double	 known = -1;

			k = put(&dc, &g[0], i, c, fig[c], fig[c], DCL_COUNT);
			sum[c] += fig[c];
			/* Published by the programme's own report: known. */
			q = query_start(st, STMT_PORTFOLIO_KNOWN);
			bind_int(&q, ids[i]);
			bind_text(&q, pf_keys[c]);
			if (query_row(&q))
				known = col_real(&q);
			if ((err = query_end(&q)) != TDM_OK)
				goto out;
			if (fabs(known - fig[c]) < 1e-9)
				dc.cells[k].flags |= DCL_KNOWN;
			else
				dc.cells[k].flags |= DCL_HIDE;
		}
	}
	row(&g[0], &a, L(r_total));
	for (c = 0; c < 3; c++) {
		tot[c] = put(&dc, &g[0], nprog, c, sum[c], sum[c], DCL_COUNT |
		    DCL_KEEP);
		dcl_relation(&dc);
		dcl_term(&dc, tot[c], 1);
		for (i = 0; i < nprog; i++)
			dcl_term(&dc, g[0].cell[i * 3 + c], -1);
	}

	/* Over time: the sessions held by quarter, adding up the same. */
	q = query_start(st, STMT_PORTFOLIO_QUARTERS);
	while (query_row(&q)) {
		int	 y = (int)col_int(&q), qu = (int)col_int(&q);
		int64_t	 id = col_int(&q);
		int	 n = (int)col_int(&q);

		for (i = 0; i < nprog && ids[i] != id; i++)
			;
		if (i == nprog)
			continue;
		if (nq == 0 || qy[nq - 1] != y || qq[nq - 1] != qu) {
			if (nq == MAXROWS - 2)
				break;
			qy[nq] = y;
			qq[nq] = qu;
			qv[nq++] = 0;
		}
		qv[nq - 1] += n;
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto out;
	for (i = 0; i < nq; i++) {
		snprintf(label, sizeof(label), L(pf_quarter), qq[i], qy[i]);
		if ((r = row(&g[1], &a, label)) == NOCELL ||
		    g[1].rows[r] == NULL) {
			err = TDM_ENOMEM;
			goto out;
		}
		put(&dc, &g[1], r, 0, qv[i], qv[i], DCL_COUNT);
	}
	row(&g[1], &a, L(r_total));
	{
		int	 all = 0;

		for (i = 0; i < nq; i++)
			all += qv[i];
		held = put(&dc, &g[1], nq, 0, all, all, DCL_COUNT | DCL_KEEP);
	}
	dcl_relation(&dc);
	dcl_term(&dc, held, 1);
	for (i = 0; i < nq; i++)
		dcl_term(&dc, g[1].cell[i], -1);
	/* Both tables count the same sessions. */
	dcl_relation(&dc);
	dcl_term(&dc, held, 1);
	dcl_term(&dc, tot[2], -1);

	/* The view's own cells published before with the same value. */
	for (k = 0; k < 2 && nprog > 0; k++)
		for (i = 0; i < g[k].nrows * g[k].ncols; i++) {
			int	 known;

			if ((k == 0 && i / 3 < nprog) ||
			    g[k].cell[i] == NOCELL)
				continue;
			pf_key(label, sizeof(label), setkey, k, i / g[k].ncols,
			    i % g[k].ncols, nq, qy, qq);
			if ((err = pf_known(st, ids[0], label,
			    dc.cells[g[k].cell[i]].value, &known)) != TDM_OK)
				goto out;
			if (known)
				dc.cells[g[k].cell[i]].flags |= DCL_KNOWN;
		}
	if ((err = dcl_protect(&dc)) != TDM_OK)
		goto out;
	/* And recorded. */
	if (nprog > 0 && (err = store_begin(st)) != TDM_OK)
		goto out;
	for (k = 0; k < 2 && nprog > 0; k++)
		for (i = 0; i < g[k].nrows * g[k].ncols; i++) {
			const struct dcl_cell *cl;

			if ((k == 0 && i / 3 < nprog) ||
			    g[k].cell[i] == NOCELL)
				continue;
			cl = &dc.cells[g[k].cell[i]];
			if (cl->status != DCL_SHOWN)
				continue;
			pf_key(label, sizeof(label), setkey, k, i / g[k].ncols,
			    i % g[k].ncols, nq, qy, qq);
			if ((err = pf_save(st, ids[0], label, cl->value)) !=
			    TDM_OK) {
				store_rollback(st);
				goto out;
			}
		}
	if (nprog > 0 && (err = store_commit(st)) != TDM_OK) {
		store_rollback(st);
		goto out;
	}
	for (k = 0; k < 2; k++)
		for (i = 0; i < g[k].nrows * g[k].ncols; i++) {
			const struct dcl_cell *cl;

			if (g[k].cell[i] == NOCELL)
				continue;
			cl = &dc.cells[g[k].cell[i]];
			g[k].status[i] = cl->status == DCL_SHOWN ?
			    TDM_CELL_SHOWN : cl->status == DCL_SMALL ?
			    TDM_CELL_SMALL : TDM_CELL_HIDDEN;
		}
	if ((terms = calloc(dc.nterms + 1, sizeof(*terms))) == NULL) {
		err = TDM_ENOMEM;
		goto out;
	}
	for (i = 0; i < dc.nterms; i++) {
		terms[i].rel = dc.terms[i].rel;
		terms[i].coef = dc.terms[i].coef;
		terms[i].table = (size_t)-1;
		for (k = 0; k < 2; k++)
			for (base = 0; base < g[k].nrows * g[k].ncols; base++)
				if (g[k].cell[base] == dc.terms[i].cell) {
					terms[i].table = k;
					terms[i].cell = base;
				}
	}

	memset(t, 0, sizeof(t));
	{
		static const char *c0fr[3], *c0en[3], *c1fr[1], *c1en[1];

		c0fr[0] = c_mentors.fr;
		c0fr[1] = c_mentees.fr;
		c0fr[2] = pf_held.fr;
		c0en[0] = c_mentors.en;
		c0en[1] = c_mentees.en;
		c0en[2] = pf_held.en;
		c1fr[0] = pf_held.fr;
		c1en[0] = pf_held.en;
		for (k = 0; k < 2; k++) {
			t[k].id = ids0[k];
			t[k].rows = g[k].rows;
			t[k].nrows = g[k].nrows;
			t[k].ncolumns = g[k].ncols;
			t[k].values = g[k].values;
			t[k].people = g[k].people;
			t[k].status = g[k].status;
			t[k].texts = g[k].texts;
			t[k].chart = 1;
		}
		t[0].title = L(pf_tprog);
		t[0].note = L(pf_nprog);
		t[0].columns = en ? c0en : c0fr;
		t[1].title = L(pf_ttime);
		t[1].note = L(pf_ntime);
		t[1].columns = en ? c1en : c1fr;
	}
	report_day(st, en, today);
	snprintf(sub, sizeof(sub), L(pf_sub), today);
	memset(&rep, 0, sizeof(rep));
	rep.title = L(pf_title);
	rep.subtitle = sub;
	rep.tables = t;
	rep.ntables = 2;
	rep.terms = terms;
	rep.nterms = dc.nterms;
	rep.lang = lang;
	err = tdm_report_render(out, format, &rep);
out:
	tdm_diags_free(&scratch);
	free(terms);
	free(g);
	dcl_free(&dc);
	arena_free(&a);
	return err;
}

/*
 * The matcher's report: each pair's score, term by term and in words,
 * the topic it works on, and why each unmatched mentee is unmatched.
 * The words come from the rules' explained form (match_rules.c); every
 * pair of the result is checked against the fast form that chose it.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/strbuf.h"
#include "match_int.h"

/* The rules as an unmatched mentee's reason names them. */
static const char *const whys[WHY__MAX] = {
	[WHY_DIRECTION] = TDM_N_("direction rule"),
	[WHY_LANGUAGE] = TDM_N_("no shared language"),
	[WHY_SITE] = TDM_N_("different site, not both remote"),
	[WHY_TOPIC] = TDM_N_("no topic taught above their level"),
	[WHY_CHAIN] = TDM_N_("same management chain"),
	[WHY_REJECTED] = TDM_N_("rejected"),
};

/*
 * Each mentor's mentees in a solution: those of mentor j are who[ptr[j]]
 * .. who[ptr[j + 1] - 1], in increasing order.  Returns -1 when memory
 * ran out.
 */
int
groups(const struct matcher *m, const int32_t *col, size_t **ptr,
    size_t **who)
{
	size_t	*p, *w, i, j;

	p = calloc(m->nmentors + 2, sizeof(*p));
	w = malloc((m->nmentees + 1) * sizeof(*w));
	if (p == NULL || w == NULL) {
		free(p);
		free(w);
		return -1;
	}
	for (i = 0; i < m->nmentees; i++)
		if (col[i] >= 0)
			p[col[i] + 2]++;
	for (j = 0; j < m->nmentors; j++)
		p[j + 2] += p[j + 1];
	for (i = 0; i < m->nmentees; i++)
		if (col[i] >= 0)
			w[p[col[i] + 1]++] = i;
	*ptr = p;
	*who = w;
	return 0;
}

/*
 * The topic a pair works on: the largest gain of mentee i with mentor j;
 * in a group format, the largest total gain of the mentor's whole group
 * (its mentees from groups()).
 */
int
focus(const struct matcher *m, size_t j, size_t mentee, const size_t *ptr,
    const size_t *who)
{
	const struct person	*r = &m->mentors[j], *e;
	int64_t			 best = 0, gain;
	size_t			 k, lo = 0, hi = 1;
	int			 t, top = -1;

	if (m->group) {
		lo = ptr[j];
		hi = ptr[j + 1];
	}
	for (t = 0; t < m->ntopics; t++) {
		gain = 0;
		for (k = lo; k < hi; k++) {
			e = &m->mentees[m->group ? who[k] : mentee];
			gain += (int64_t)e->interest[t] *
			    rule_gap(m, r, e, t);
		}
		if (gain > best) {
			best = gain;
			top = t;
		}
	}
	return top;
}

static const char *
explain(struct matcher *m, const struct person *r, const struct person *e,
    const struct tdm_score *s)
{
	struct tdm_buf	 b = TDM_BUF_INIT;
	const char	*out;
	int		 t, gap, n = 0;

	tdm_buf_addf(&b, "topics %lld (", (long long)s->topics);
	for (t = 0; t < m->ntopics; t++) {
		if ((gap = rule_gap(m, r, e, t)) == 0)
			continue;
		tdm_buf_addf(&b, "%s%s: interest %d x gap %d", n++ ? ", " : "",
		    m->topic_code[t], e->interest[t], gap);
	}
	n = rule_common(r, e);
	tdm_buf_addf(&b, ") + availability %lld (%d common half-day%s)",
	    (long long)s->availability, n, n == 1 ? "" : "s");
	if (s->site)
		tdm_buf_addf(&b, " + same site %lld", (long long)s->site);
	if (s->department)
		tdm_buf_addf(&b, " + other department %lld",
		    (long long)s->department);
	if (s->inversion)
		tdm_buf_addf(&b, " + hierarchy inverted %lld",
		    (long long)s->inversion);
	out = b.failed ? NULL : arena_strdup(&m->arena, b.buf);
	tdm_buf_release(&b);
	return out;
}

static const char *
unmatched_reason(struct matcher *m, const struct problem *pb, size_t i)
{
	struct tdm_buf	 b = TDM_BUF_INIT;
	const char	*out;
	size_t		 n = pb->ncompat[i], failed = 0;
	int		 k, first = 1, count[WHY__MAX];

	/* The pieces' formats are the catalogue's (docs/i18n.md). */
	if (n > 0)
		tdm_buf_addf(&b, TDM_N_("every compatible mentor (%zu) is full"),
		    n);
	else if (m->nmentors == 0)
		tdm_buf_adds(&b, TDM_N_("no mentor has enrolled"));
	else {
		/* The first rule each mentor fails, counted again. */
		rules_failed(m, &pb->fx, i, count);
		tdm_buf_addf(&b, TDM_N_("no compatible mentor among %zu"),
		    m->nmentors);
		tdm_buf_adds(&b, ": ");
		for (k = 0; k < WHY__MAX; k++) {
			if (count[k] == 0)
				continue;
			tdm_buf_addf(&b, "%s%s %d", first ? "" : ", ", whys[k],
			    count[k]);
			failed += (size_t)count[k];
			first = 0;
		}
		/* The pass over all pairs found none compatible either. */
		assert(failed == m->nmentors);
		(void)failed;
		/*
		 * The chain rule is the one a manager can loosen: say how far
		 * it reaches and where it is set.
		 */
		if (count[WHY_CHAIN] > 0) {
			tdm_buf_adds(&b, " (");
			if (m->depth > 0)
				tdm_buf_addf(&b, TDM_N_("the chain rule keeps "
				    "managers up to %d level%s away; see the "
				    "programme's chain depth setting"),
				    m->depth, m->depth == 1 ? "" : "s");
			else
				tdm_buf_adds(&b, TDM_N_("the chain rule keeps "
				    "managers at any depth away; see the "
				    "programme's chain depth setting"));
			tdm_buf_adds(&b, ")");
		}
	}
	out = b.failed ? NULL : arena_strdup(&m->arena, b.buf);
	tdm_buf_release(&b);
	return out;
}

static int
cmp_report_pair(const void *a, const void *b)
{
	const struct tdm_match_pair	*x = a, *y = b;
	int				 c;

	if ((c = strcmp(x->mentor, y->mentor)) != 0)
		return c;
	return strcmp(x->mentee, y->mentee);
}

/* Turn the solution into the report; strings live in m's arena. */
enum tdm_err
match_report(struct matcher *m, const struct problem *pb,
    const struct tdm_lap_result *res, struct tdm_match_report *rep)
{
	struct tdm_match_pair		*mp;
	struct tdm_match_unmatched	*u;
	int				*foci;
	size_t				 i, j, seats = 0;
	size_t				*gptr = NULL, *gwho = NULL;
	int				 f;

	rep->mentees = m->nmentees;
	rep->mentors = m->nmentors;
	for (j = 0; j < m->nmentors; j++)
		seats += (size_t)pb->cap[j];
	rep->seats = seats;
	rep->compatible_pairs = pb->compatible;
	rep->pairs = calloc(m->nmentees + 1, sizeof(*rep->pairs));
	rep->unmatched = calloc(m->nmentees + 1, sizeof(*rep->unmatched));
	foci = malloc((m->nmentors + 1) * sizeof(*foci));
	if (rep->pairs == NULL || rep->unmatched == NULL || foci == NULL ||
	    groups(m, res->col, &gptr, &gwho) == -1) {
		free(foci);
		return TDM_ENOMEM;
	}
	for (j = 0; j < m->nmentors; j++)
		foci[j] = -2;
	for (i = 0; i < m->nmentees; i++) {
		if (res->col[i] < 0) {
			u = &rep->unmatched[rep->nunmatched++];
			u->mentee = m->mentees[i].matricule;
			u->name = m->mentees[i].name;
			u->compatible = pb->ncompat[i] > 0;
			if (u->compatible)
				rep->capacity++;
			else
				rep->no_partner++;
			if ((u->reason = unmatched_reason(m, pb, i)) == NULL)
				goto nomem;
			continue;
		}
		j = (size_t)res->col[i];
		mp = &rep->pairs[rep->npairs++];
		mp->mentor = m->mentors[j].matricule;
		mp->mentor_name = m->mentors[j].name;
		mp->mentee = m->mentees[i].matricule;
		mp->mentee_name = m->mentees[i].name;
		mp->fixed = m->fixed[i] || m->lock[i] != NOBODY;
		rep->proposed += !mp->fixed;
		match_score(m, &m->mentors[j], &m->mentees[i], &mp->score);
		/* The fast passes chose the pair for the score explained. */
		assert(rules_agree(m, &pb->fx, i, j,
		    problem_score(pb, i, (int32_t)j)));
		if ((mp->explanation = explain(m, &m->mentors[j],
		    &m->mentees[i], &mp->score)) == NULL)
			goto nomem;
		if (!m->group)
			f = focus(m, j, i, gptr, gwho);
		else if ((f = foci[j]) == -2)
			f = foci[j] = focus(m, j, i, gptr, gwho);
		mp->focus = f >= 0 ? m->topic_code[f] : "";
		rep->total_score += mp->score.total;
	}
	rep->matched = rep->npairs;
	qsort(rep->pairs, rep->npairs, sizeof(*rep->pairs), cmp_report_pair);
	rep->blocking_pairs = pb->blocking;
	free(foci);
	free(gptr);
	free(gwho);
	return TDM_OK;
nomem:
	free(foci);
	free(gptr);
	free(gwho);
	return TDM_ENOMEM;
}

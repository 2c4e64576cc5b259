/*
 * The matching rules and the score, written once (match.h says what they
 * are), in the two forms the matcher needs.
 *
 * As explained: rule_gap(), rule_common() and match_score() read two
 * struct person and give the terms the report explains and the pairs
 * store.  As the fast passes read them: one pass over all pairs, mentee
 * by mentee, finds every compatible pair and its score.  The mentors are
 * grouped in classes that share the fields of the first rules
 * (generation, languages, site), so that those rules are tested once per
 * class; the topic rule is a bit test; the chain rule and rejections are
 * lists per mentee (exclusions()), for chains are short.  fast_pair()
 * tests one pair, and names the first rule it fails.
 *
 * The forms must agree exactly: rules_agree() checks it on every pair of
 * the result (an assert(), on in every build but release), and
 * tests/unit/test_match.c against its own statement of the rules.
 */
#include <stdlib.h>
#include <string.h>

#include "match_int.h"

/* Whether the pair of these enrolments was rejected or declined. */
static int
rejected(const struct matcher *m, int64_t mentor, int64_t mentee)
{
	int64_t	 key[2] = { mentor, mentee };

	return m->nrejected && bsearch(key, m->rejected, m->nrejected,
	    2 * sizeof(int64_t), cmp_rejection) != NULL;
}

/* Whether emp manages p, depth levels up at most (0: any depth). */
static int
in_chain(const struct person *p, int64_t emp, int depth)
{
	int	 i, n = depth && depth < p->nanc ? depth : p->nanc;

	for (i = 0; i < n; i++)
		if (p->anc[i] == emp)
			return 1;
	return 0;
}

static int
popcount(unsigned x)
{
	int	 n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

int
rule_gap(const struct matcher *m, const struct person *r,
    const struct person *e, int t)
{
	int	 gap = r->level[t] - e->level[t];

	if (e->interest[t] <= 0 || gap <= 0)
		return 0;
	return gap < m->w.cap ? gap : m->w.cap;
}

int
rule_common(const struct person *r, const struct person *e)
{
	return popcount((unsigned)(r->avail & e->avail));
}

/* Age never enters the score. */
void
match_score(const struct matcher *m, const struct person *r,
    const struct person *e, struct tdm_score *s)
{
	int	 t;

	memset(s, 0, sizeof(*s));
	for (t = 0; t < m->ntopics; t++)
		s->topics += (int64_t)e->interest[t] * rule_gap(m, r, e, t) *
		    m->w.topic;
	s->availability = (int64_t)rule_common(r, e) * m->w.availability;
	s->site = r->site == e->site ? m->w.site : 0;
	s->department = r->department != e->department ? m->w.department : 0;
	if (r->grade >= 0 && e->grade >= 0 && r->grade < e->grade)
		s->inversion = m->w.inversion;
	s->total = s->topics + s->availability + s->site + s->department +
	    s->inversion;
}

static uint64_t
anc_bit(int64_t emp)
{
	return 1ULL << (((uint64_t)emp * 0x9e3779b97f4a7c15ULL) >> 58);
}

/* The chain rule's depth applied to p's ancestors, as a filter. */
static uint64_t
anc_filter(const struct person *p, int depth)
{
	uint64_t	 f = 0;
	int		 i, n = depth && depth < p->nanc ? depth : p->nanc;

	for (i = 0; i < n; i++)
		f |= anc_bit(p->anc[i]);
	return f;
}

void
fast_free(struct fast *f)
{
	free(f->r);
	free(f->level);
	free(f->cls);
	free(f->order);
	free(f->pm);
	free(f->beats);
	free(f->plevel);
	free(f->xptr);
	free(f->xcol);
	memset(f, 0, sizeof(*f));
}

/* A mentor's class fields (gen is 0 unless it counts), and index. */
struct ckey {
	uint64_t	 langs;
	int32_t		 gen, site, remote, j;
};

static int
by_class(const void *a, const void *b)
{
	const struct ckey	*x = a, *y = b;

	if (x->gen != y->gen)
		return x->gen < y->gen ? -1 : 1;
	if (x->langs != y->langs)
		return x->langs < y->langs ? -1 : 1;
	if (x->site != y->site)
		return x->site < y->site ? -1 : 1;
	if (x->remote != y->remote)
		return x->remote < y->remote ? -1 : 1;
	return x->j < y->j ? -1 : x->j > y->j;
}

/* Group the mentors into classes. */
static enum tdm_err
fast_classes(const struct matcher *m, struct fast *f)
{
	const struct fmentor	*r;
	struct fclass		*c = NULL;
	struct ckey		*k, *p;
	size_t			 j;
	int			 gen = m->direction == DIR_GENERATION;

	f->order = malloc((m->nmentors + 1) * sizeof(*f->order));
	f->cls = malloc((m->nmentors + 1) * sizeof(*f->cls));
	k = malloc((m->nmentors + 1) * sizeof(*k));
	if (f->order == NULL || f->cls == NULL || k == NULL) {
		free(k);
		return TDM_ENOMEM;
	}
	for (j = 0; j < m->nmentors; j++) {
		r = &f->r[j];
		k[j].langs = r->langs;
		k[j].gen = gen ? r->gen : 0;
		k[j].site = r->site;
		k[j].remote = r->remote;
		k[j].j = (int32_t)j;
	}
	qsort(k, m->nmentors, sizeof(*k), by_class);
	f->ncls = 0;
	for (j = 0; j < m->nmentors; j++) {
		p = &k[j];
		if (c == NULL || c->gen != p->gen || c->langs != p->langs ||
		    c->site != p->site || c->remote != p->remote) {
			c = &f->cls[f->ncls++];
			c->langs = p->langs;
			c->gen = p->gen;
			c->site = p->site;
			c->remote = p->remote;
			c->lo = j;
		}
		c->hi = j + 1;
		f->order[j] = p->j;
	}
	free(k);
	return TDM_OK;
}

/* The mentors in class order, for the first pass. */
static enum tdm_err
fast_pass(const struct matcher *m, struct fast *f)
{
	const struct fmentor	*r;
	struct pmentor		*q;
	size_t			 x, nt = (size_t)f->nt;
	int32_t			 j;
	int			 t, l, lv;

	f->pm = calloc(m->nmentors + 1, sizeof(*f->pm));
	f->beats = calloc(m->nmentors + 1, sizeof(*f->beats));
	f->plevel = calloc(m->nmentors * nt + 1, 1);
	if (f->pm == NULL || f->beats == NULL || f->plevel == NULL)
		return TDM_ENOMEM;
	f->masks = f->nt <= 16;
	for (x = 0; x < m->nmentors; x++) {
		j = f->order[x];
		r = &f->r[j];
		q = &f->pm[x];
		q->j = j;
		q->hire = r->hire;
		q->grade = r->grade;
		q->department = r->department;
		q->avail = r->avail;
		for (t = 0; t < f->nt; t++) {
			lv = f->level[(size_t)j * nt + (size_t)t];
			f->plevel[x * nt + (size_t)t] = (signed char)lv;
			if (lv < 0 || lv > 4)
				f->masks = 0;
			for (l = 0; l < 4 && f->nt <= 16; l++)
				if (lv > l)
					f->beats[x] |= 1ULL << (l * f->nt + t);
		}
	}
	return TDM_OK;
}

static enum tdm_err	 exclusions(const struct matcher *, struct fast *);

enum tdm_err
fast_init(const struct matcher *m, struct fast *f)
{
	const struct person	*p;
	struct fmentor		*r;
	size_t			 j;
	int			 t;

	memset(f, 0, sizeof(*f));
	f->nt = m->ntopics;
	f->r = calloc(m->nmentors + 1, sizeof(*f->r));
	f->level = calloc(m->nmentors * (size_t)m->ntopics + 1, 1);
	if (f->r == NULL || f->level == NULL) {
		fast_free(f);
		return TDM_ENOMEM;
	}
	for (j = 0; j < m->nmentors; j++) {
		p = &m->mentors[j];
		r = &f->r[j];
		r->langs = p->langs;
		r->anc = anc_filter(p, m->depth);
		r->self = anc_bit(p->emp);
		r->gen = p->gen;
		r->hire = p->hire;
		/* No grade never teaches by grade: see fast_row(). */
		r->grade = p->grade < 0 ? INT32_MAX : p->grade;
		r->site = p->site;
		r->department = p->department;
		r->avail = p->avail;
		r->remote = p->remote != 0;
		for (t = 0; t < m->ntopics; t++)
			f->level[j * (size_t)m->ntopics + t] = p->level[t];
	}
	if (fast_classes(m, f) != TDM_OK || fast_pass(m, f) != TDM_OK ||
	    exclusions(m, f) != TDM_OK) {
		fast_free(f);
		return TDM_ENOMEM;
	}
	return TDM_OK;
}

/*
 * Mentee e's side of the rules, with the direction bounds such that the
 * rule holds for mentor r exactly when r->gen > e->gen (generation), or
 * r->hire > e->hire or r->grade < e->grade (seniority).
 */
void
fast_row(const struct matcher *m, const struct person *p, struct fmentee *e)
{
	int	 t;

	e->p = p;
	e->langs = p->langs;
	e->anc = anc_filter(p, m->depth);
	e->self = anc_bit(p->emp);
	e->gen = p->gen < 0 ? INT32_MAX : p->gen;
	e->hire = p->hire ? p->hire : INT32_MAX;
	e->grade = p->grade < 0 ? INT32_MIN : p->grade;
	e->rgrade = p->grade;
	e->site = p->site;
	e->department = p->department;
	e->avail = p->avail;
	e->remote = p->remote != 0;
	e->nw = 0;
	for (t = 0; t < m->ntopics; t++)
		if (p->interest[t] > 0) {
			e->wt[e->nw] = t;
			e->wl[e->nw] = p->level[t];
			e->wi[e->nw++] = p->interest[t];
		}
}

/* The masks of fmentee e, if struct fast f has them and e's levels fit. */
static void
fast_masks(const struct matcher *m, const struct fast *f, struct fmentee *e)
{
	int	 k, lv, gap;

	e->masks = f->masks;
	e->want = 0;
	for (k = 0; k < e->nw && e->masks; k++) {
		if (e->wl[k] < 0 || e->wl[k] > 4) {
			e->masks = 0;
			break;
		}
		/* Level 4 is never beaten: no bit. */
		if (e->wl[k] < 4)
			e->want |= 1ULL << (e->wl[k] * f->nt + e->wt[k]);
		for (lv = 0; lv <= 4; lv++) {
			gap = lv - e->wl[k];
			e->wg[k][lv] = gap <= 0 ? 0 : e->wi[k] *
			    (gap < m->w.cap ? gap : m->w.cap);
		}
	}
}

/* popcount() without a loop: the pair loop calls it often. */
static int
bits(uint32_t x)
{
	x -= (x >> 1) & 0x55555555U;
	x = (x & 0x33333333U) + ((x >> 2) & 0x33333333U);
	x = (x + (x >> 4)) & 0x0f0f0f0fU;
	return (int)((x * 0x01010101U) >> 24);
}

/*
 * The rules and match_score() at once, for mentor j and mentee e:
 * returns 1 and the total score if the pair is compatible, else 0 and
 * the first failing rule in *why.  rules_agree() checks the scores.
 */
static inline int	 fast_rest(const struct matcher *, const struct fast *,
			    const struct fmentee *, size_t, enum why *,
			    int64_t *);

static inline int
fast_pair(const struct matcher *m, const struct fast *f,
    const struct fmentee *e, size_t j, enum why *why, int64_t *total)
{
	const struct fmentor	*r = &f->r[j];

	switch (m->direction) {
	case DIR_GENERATION:
		if (r->gen <= e->gen) {
			*why = WHY_DIRECTION;
			return 0;
		}
		break;
	case DIR_SENIORITY:
		if (!(r->hire > e->hire || r->grade < e->grade)) {
			*why = WHY_DIRECTION;
			return 0;
		}
		break;
	case DIR_NONE:
		break;
	}
	if ((r->langs & e->langs) == 0) {
		*why = WHY_LANGUAGE;
		return 0;
	}
	if (r->site != e->site && !(r->remote & e->remote)) {
		*why = WHY_SITE;
		return 0;
	}
	return fast_rest(m, f, e, j, why, total);
}

/*
 * The topic rule for mentor j: returns whether the mentor's level beats
 * the mentee's on a topic the mentee wants, and the topic gain (before
 * its weight) in *gain.
 */
static inline int
fast_gain(const struct matcher *m, const struct fast *f,
    const struct fmentee *e, size_t j, int64_t *gain)
{
	const signed char	*lev = f->level + j * (size_t)f->nt;
	int64_t			 g = 0;
	int			 k, gap, beats = 0;

	for (k = 0; k < e->nw; k++) {
		gap = lev[e->wt[k]] - e->wl[k];
		if (gap > 0) {
			beats = 1;
			g += (int64_t)e->wi[k] *
			    (gap < m->w.cap ? gap : m->w.cap);
		}
	}
	*gain = g;
	return beats;
}

/* The total score of a compatible pair, from its topic gain. */
static inline int64_t
fast_score(const struct matcher *m, const struct fmentor *r,
    const struct fmentee *e, int64_t gain)
{
	int64_t	 s;

	s = gain * m->w.topic +
	    (int64_t)bits((uint32_t)(r->avail & e->avail)) * m->w.availability;
	if (r->site == e->site)
		s += m->w.site;
	if (r->department != e->department)
		s += m->w.department;
	if (r->grade != INT32_MAX && e->rgrade >= 0 && r->grade < e->rgrade)
		s += m->w.inversion;
	return s;
}

/*
 * The rules after the site's (topic, chain, rejection) and the score, for
 * a mentor that passed the first ones.
 */
static inline int
fast_rest(const struct matcher *m, const struct fast *f,
    const struct fmentee *e, size_t j, enum why *why, int64_t *total)
{
	const struct fmentor	*r = &f->r[j];
	int64_t			 gain;

	if (!fast_gain(m, f, e, j, &gain)) {
		*why = WHY_TOPIC;
		return 0;
	}
	if (((e->anc & r->self) || (r->anc & e->self)) &&
	    (in_chain(e->p, m->mentors[j].emp, m->depth) ||
	    in_chain(&m->mentors[j], e->p->emp, m->depth))) {
		*why = WHY_CHAIN;
		return 0;
	}
	if (m->nrejected && rejected(m, m->mentors[j].enrol, e->p->enrol)) {
		*why = WHY_REJECTED;
		return 0;
	}
	*total = fast_score(m, r, e, gain);
	return 1;
}

/* A person's employee id and index, to find people by employee. */
struct byemp {
	int64_t		 emp;
	int32_t		 i;
};

static int
cmp_byemp(const void *a, const void *b)
{
	const struct byemp	*x = a, *y = b;

	if (x->emp != y->emp)
		return x->emp < y->emp ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static struct byemp *
byemp_make(const struct person *v, size_t n)
{
	struct byemp	*b;
	size_t		 i;

	if ((b = malloc((n + 1) * sizeof(*b))) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		b[i].emp = v[i].emp;
		b[i].i = (int32_t)i;
	}
	qsort(b, n, sizeof(*b), cmp_byemp);
	return b;
}

/* The first entry of b (n of them) for employee emp, or n. */
static size_t
byemp_find(const struct byemp *b, size_t n, int64_t emp)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (b[mid].emp < emp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
xpair_add(int64_t **v, size_t *n, size_t *a, size_t i, int32_t j)
{
	int64_t	*p;

	if (*n == *a) {
		*a = *a ? *a * 2 : 1024;
		if ((p = reallocarray(*v, *a, 2 * sizeof(*p))) == NULL)
			return -1;
		*v = p;
	}
	(*v)[2 * *n] = (int64_t)i;
	(*v)[2 * *n + 1] = j;
	(*n)++;
	return 0;
}

/*
 * The pairs the chain rule or a rejection rule out, per mentee (struct
 * fast's xptr and xcol): a mentor in the mentee's chain, a mentee in
 * the mentor's (both as in_chain() reads the chains, depth included), a
 * pair rejected or declined.  There are few: a chain is short.
 */
static enum tdm_err
exclusions(const struct matcher *m, struct fast *f)
{
	struct byemp		*rs, *es;
	const struct person	*p;
	int64_t			*v = NULL;
	size_t			 n = 0, a = 0, i, j, k, x;
	int			 d, lim;
	enum tdm_err		 err = TDM_ENOMEM;

	rs = byemp_make(m->mentors, m->nmentors);
	es = byemp_make(m->mentees, m->nmentees);
	f->xptr = calloc(m->nmentees + 2, sizeof(*f->xptr));
	if (rs == NULL || es == NULL || f->xptr == NULL)
		goto out;
	for (i = 0; i < m->nmentees; i++) {
		p = &m->mentees[i];
		lim = m->depth && m->depth < p->nanc ? m->depth : p->nanc;
		for (d = 0; d < lim; d++)
			for (x = byemp_find(rs, m->nmentors, p->anc[d]);
			    x < m->nmentors && rs[x].emp == p->anc[d]; x++)
				if (xpair_add(&v, &n, &a, i, rs[x].i) == -1)
					goto out;
	}
	for (j = 0; j < m->nmentors; j++) {
		p = &m->mentors[j];
		lim = m->depth && m->depth < p->nanc ? m->depth : p->nanc;
		for (d = 0; d < lim; d++)
			for (x = byemp_find(es, m->nmentees, p->anc[d]);
			    x < m->nmentees && es[x].emp == p->anc[d]; x++)
				if (xpair_add(&v, &n, &a, (size_t)es[x].i,
				    (int32_t)j) == -1)
					goto out;
	}
	for (k = 0; k < m->nrejected; k++)
		if (by_enrolment(m->mentors, m->nmentors,
		    m->rejected[2 * k], &j) != NULL &&
		    by_enrolment(m->mentees, m->nmentees,
		    m->rejected[2 * k + 1], &i) != NULL &&
		    xpair_add(&v, &n, &a, i, (int32_t)j) == -1)
			goto out;
	/* By mentee, counted. */
	if ((f->xcol = malloc((n + 1) * sizeof(*f->xcol))) == NULL)
		goto out;
	for (k = 0; k < n; k++)
		f->xptr[v[2 * k] + 2]++;
	for (i = 0; i < m->nmentees; i++)
		f->xptr[i + 2] += f->xptr[i + 1];
	for (k = 0; k < n; k++)
		f->xcol[f->xptr[v[2 * k] + 1]++] = (int32_t)v[2 * k + 1];
	err = TDM_OK;
out:
	free(rs);
	free(es);
	free(v);
	return err;
}

/*
 * Every mentor compatible with mentee e (number i), into buf with their
 * scores, a class at a time (not in mentor order).  The same rules and
 * score as fast_pair(), the chain and rejections through the mentee's
 * exclusions, marked in stamp.  idx is work for nmentors entries.
 * Returns how many.
 */
size_t
compatible_mentors(const struct matcher *m, const struct fast *f,
    struct fmentee *e, size_t i, int32_t *stamp, size_t *idx,
    struct cand *buf)
{
	const struct fclass	*c, *end = f->cls + f->ncls;
	const struct pmentor	*r;
	const uint64_t		*bt = f->beats;
	const signed char	*lev;
	size_t			 n = 0, x, y, ni, nt = (size_t)f->nt;
	int64_t			 gain, base;
	uint64_t		 want;
	int32_t			 j, tag = (int32_t)i + 1;
	int			 sen = m->direction == DIR_SENIORITY;
	int			 ex = f->xptr[i + 1] > f->xptr[i];
	int			 k, gap, beats;

	fast_masks(m, f, e);
	want = e->want;
	for (x = f->xptr[i]; x < f->xptr[i + 1]; x++)
		stamp[f->xcol[x]] = tag;
	for (c = f->cls; c < end; c++) {
		if ((m->direction == DIR_GENERATION && c->gen <= e->gen) ||
		    (c->langs & e->langs) == 0 ||
		    (c->site != e->site && !(c->remote & e->remote)))
			continue;
		base = c->site == e->site ? m->w.site : 0;
		/*
		 * The mentors that pass the direction (by seniority) and the
		 * topic rule, into idx, without a branch when the masks
		 * serve.
		 */
		ni = 0;
		if (e->masks && !sen)
			for (x = c->lo; x < c->hi; x++) {
				idx[ni] = x;
				ni += (bt[x] & want) != 0;
			}
		else if (e->masks)
			for (x = c->lo; x < c->hi; x++) {
				r = &f->pm[x];
				idx[ni] = x;
				ni += (bt[x] & want) != 0 &&
				    (r->hire > e->hire || r->grade < e->grade);
			}
		else
			for (x = c->lo; x < c->hi; x++) {
				r = &f->pm[x];
				if (sen && !(r->hire > e->hire ||
				    r->grade < e->grade))
					continue;
				lev = f->plevel + x * nt;
				for (beats = k = 0; k < e->nw && !beats; k++)
					beats = lev[e->wt[k]] > e->wl[k];
				if (beats)
					idx[ni++] = x;
			}
		for (y = 0; y < ni; y++) {
			x = idx[y];
			r = &f->pm[x];
			j = r->j;
			if (ex && stamp[j] == tag)
				continue;
			lev = f->plevel + x * nt;
			gain = 0;
			if (e->masks)
				for (k = 0; k < e->nw; k++)
					gain += e->wg[k][lev[e->wt[k]]];
			else
				for (k = 0; k < e->nw; k++) {
					gap = lev[e->wt[k]] - e->wl[k];
					if (gap > 0)
						gain += (int64_t)e->wi[k] *
						    (gap < m->w.cap ? gap :
						    m->w.cap);
				}
			gain = gain * m->w.topic + base +
			    (int64_t)bits((uint32_t)(r->avail & e->avail)) *
			    m->w.availability;
			if (r->department != e->department)
				gain += m->w.department;
			if (r->grade != INT32_MAX && e->rgrade >= 0 &&
			    r->grade < e->rgrade)
				gain += m->w.inversion;
			buf[n].score = gain;
			buf[n++].j = j;
		}
	}
	return n;
}


size_t
compatible_unmarked(const struct matcher *m, const struct fast *f,
    const struct fmentee *e, const int32_t *mark, int32_t tag,
    struct cand *buf)
{
	enum why	 why;
	int64_t		 sc;
	size_t		 n = 0;
	int32_t		 j;

	for (j = 0; j < (int32_t)m->nmentors; j++) {
		if (mark[j] == tag ||
		    !fast_pair(m, f, e, (size_t)j, &why, &sc))
			continue;
		buf[n].score = sc;
		buf[n++].j = j;
	}
	return n;
}

void
rules_failed(const struct matcher *m, const struct fast *f, size_t i,
    int *count)
{
	struct fmentee	 fe;
	enum why	 why;
	int64_t		 sc;
	size_t		 j;

	memset(count, 0, WHY__MAX * sizeof(*count));
	fast_row(m, &m->mentees[i], &fe);
	for (j = 0; j < m->nmentors; j++)
		if (!fast_pair(m, f, &fe, j, &why, &sc))
			count[why]++;
}

/*
 * The pair's score in the problem came from compatible_mentors() (the
 * first pass) or fast_pair() (pricing), or from match_score() for a kept
 * pair the rules now refuse; the report explains it with match_score().
 * All must agree, and a pair must be compatible unless it is kept.
 */
int
rules_agree(const struct matcher *m, const struct fast *f, size_t i,
    size_t j, int64_t score)
{
	struct tdm_score	 s;
	struct fmentee		 fe;
	enum why		 why;
	int64_t			 fast;

	match_score(m, &m->mentors[j], &m->mentees[i], &s);
	fast_row(m, &m->mentees[i], &fe);
	if (!fast_pair(m, f, &fe, j, &why, &fast))
		return m->lock[i] == (int32_t)j && score == s.total;
	return fast == s.total && score == s.total;
}

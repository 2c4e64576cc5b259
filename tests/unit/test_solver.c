/*
 * Unit tests of solver.c: thousands of small random problems (up to 8 x 8,
 * capacities, forbidden pairs, locks, integer and float costs) against an
 * exhaustive search of "most rows, then least cost"; the certificate on
 * every answer and against deliberately wrong ones; determinism; the
 * dense path against the sparse one on larger problems; and problems with
 * more pending rows than one search takes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/solver.h"
#include "solver_int.h"
#include "t.h"

#define MAXN	8

/* A small problem in both forms: cost[i][j], allowed[i][j]. */
struct small {
	int32_t		 nr, nc;
	int32_t		 cap[MAXN];
	int32_t		 lock[MAXN];
	int		 allowed[MAXN][MAXN];
	int64_t		 icost[MAXN][MAXN];
	double		 fcost[MAXN][MAXN];
	int		 isfloat;
};

static uint64_t	 rng_state = 0x9E3779B97F4A7C15ULL;

static uint32_t
rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 11) % n;
}

/* Exhaustive search: the best (count, cost) from row i on. */
struct best {
	int	 count;
	double	 cost;
};

static void
brute(const struct small *s, int i, int32_t *left, int count, double cost,
    struct best *b)
{
	int	 j;

	if (i == s->nr) {
		if (count > b->count || (count == b->count && cost < b->cost)) {
			b->count = count;
			b->cost = cost;
		}
		return;
	}
	/* Even assigning every remaining row cannot beat b's count. */
	if (count + (s->nr - i) < b->count)
		return;
	if (s->lock[i] >= 0) {
		/* Its seat was taken before the search. */
		j = s->lock[i];
		brute(s, i + 1, left, count + 1, cost + (s->isfloat ?
		    s->fcost[i][j] : (double)s->icost[i][j]), b);
		return;
	}
	for (j = 0; j < s->nc; j++) {
		if (!s->allowed[i][j] || left[j] == 0)
			continue;
		left[j]--;
		brute(s, i + 1, left, count + 1, cost + (s->isfloat ?
		    s->fcost[i][j] : (double)s->icost[i][j]), b);
		left[j]++;
	}
	brute(s, i + 1, left, count, cost, b);
}

/*
 * A random problem.  dense: every pair allowed and rows <= seats.  Locks
 * are drawn on allowed pairs while seats remain.
 */
static void
make_small(struct small *s, int dense, int isfloat)
{
	int32_t	 i, j, left[MAXN], seats;

	memset(s, 0, sizeof(*s));
	s->isfloat = isfloat;
	s->nc = 1 + rnd(MAXN);
	seats = 0;
	for (j = 0; j < s->nc; j++) {
		s->cap[j] = 1 + rnd(3);
		left[j] = s->cap[j];
		seats += s->cap[j];
	}
	s->nr = 1 + rnd(MAXN);
	if (dense && s->nr > seats)
		s->nr = seats;
	for (i = 0; i < s->nr; i++) {
		s->lock[i] = -1;
		for (j = 0; j < s->nc; j++) {
			s->allowed[i][j] = dense || rnd(3) != 0;
			/* Small ranges make ties, which are the hard part. */
			s->icost[i][j] = (int64_t)rnd(rnd(2) ? 5 : 1000) - 2;
			s->fcost[i][j] = (double)rnd(100000) / 997.0 - 20.0;
		}
		if (rnd(6) == 0) {
			j = rnd(s->nc);
			if (s->allowed[i][j] && left[j] > 0) {
				s->lock[i] = j;
				left[j]--;
			}
		}
	}
}

static void
to_sparse(const struct small *s, size_t *rowptr, int32_t *col, int64_t *ic,
    double *fc, struct tdm_lap_sparse *p)
{
	int32_t	 i, j;
	size_t	 e = 0;

	memset(p, 0, sizeof(*p));
	p->nrows = s->nr;
	p->ncols = s->nc;
	p->type = s->isfloat ? TDM_LAP_F64 : TDM_LAP_I64;
	p->cost = s->isfloat ? (const void *)fc : (const void *)ic;
	p->rowptr = rowptr;
	p->col = col;
	p->cap = s->cap;
	p->lock = s->lock;
	rowptr[0] = 0;
	for (i = 0; i < s->nr; i++) {
		/* Columns in a scrambled order: order must not matter. */
		for (j = s->nc - 1; j >= 0; j--) {
			if (!s->allowed[i][j])
				continue;
			col[e] = j;
			ic[e] = s->icost[i][j];
			fc[e++] = s->fcost[i][j];
		}
		rowptr[i + 1] = e;
	}
}

static void
to_dense(const struct small *s, int64_t *ic, double *fc,
    struct tdm_lap_dense *p)
{
	int32_t	 i, j;

	memset(p, 0, sizeof(*p));
	p->nrows = s->nr;
	p->ncols = s->nc;
	p->type = s->isfloat ? TDM_LAP_F64 : TDM_LAP_I64;
	p->cost = s->isfloat ? (const void *)fc : (const void *)ic;
	p->cap = s->cap;
	p->lock = s->lock;
	for (i = 0; i < s->nr; i++)
		for (j = 0; j < s->nc; j++) {
			ic[i * s->nc + j] = s->icost[i][j];
			fc[i * s->nc + j] = s->fcost[i][j];
		}
}

/* The answer against the search; returns 0 if it differs. */
static int
matches(const struct small *s, const struct tdm_lap_result *r)
{
	struct best	 b = { -1, 0 };
	int32_t		 left[MAXN], load[MAXN] = { 0 }, i, j, n = 0;
	double		 cost = 0, tol;

	memcpy(left, s->cap, sizeof(left));
	for (i = 0; i < s->nr; i++)
		if (s->lock[i] >= 0)
			left[s->lock[i]]--;
	brute(s, 0, left, 0, 0, &b);
	for (i = 0; i < s->nr; i++) {
		if ((j = r->col[i]) < 0)
			continue;
		if (!s->allowed[i][j])
			return 0;
		if (s->lock[i] >= 0 && j != s->lock[i])
			return 0;
		load[j]++;
		n++;
		cost += s->isfloat ? s->fcost[i][j] : (double)s->icost[i][j];
	}
	for (j = 0; j < s->nc; j++)
		if (load[j] > s->cap[j])
			return 0;
	if (n != b.count || n != r->nassigned)
		return 0;
	/* Floats: optimal on the grid of 1/scale, so within nrows/scale. */
	tol = s->isfloat ? (s->nr + 1) / r->scale + 1e-9 : 0;
	return cost <= b.cost + tol && cost >= b.cost - 1e-9 &&
	    (s->isfloat || (double)r->total == b.cost);
}

static int
same(const struct tdm_lap_result *a, const struct tdm_lap_result *b)
{
	return a->nrows == b->nrows && a->total == b->total &&
	    memcmp(a->col, b->col, a->nrows * sizeof(*a->col)) == 0 &&
	    memcmp(a->u, b->u, a->nrows * sizeof(*a->u)) == 0 &&
	    memcmp(a->v, b->v, a->ncols * sizeof(*a->v)) == 0;
}

static void
random_sparse(void)
{
	struct small		 s;
	struct tdm_lap_sparse	 p;
	struct tdm_lap_result	 r = TDM_LAP_RESULT_INIT;
	struct tdm_lap_result	 r2 = TDM_LAP_RESULT_INIT;
	size_t			 rowptr[MAXN + 1];
	int32_t			 col[MAXN * MAXN];
	int64_t			 ic[MAXN * MAXN];
	double			 fc[MAXN * MAXN];
	int			 k, holds, bad = 0;

	for (k = 0; k < 4000 && bad < 5; k++) {
		make_small(&s, 0, k % 4 == 3);
		to_sparse(&s, rowptr, col, ic, fc, &p);
		CHECK_INT(tdm_lap_sparse(&p, &r), TDM_OK);
		CHECK_INT(tdm_lap_certify_sparse(&p, &r, &holds), TDM_OK);
		CHECK(holds);
		CHECK(matches(&s, &r));
		CHECK_INT(tdm_lap_sparse(&p, &r2), TDM_OK);
		CHECK(same(&r, &r2));
		if (!holds || !matches(&s, &r))
			bad++;
		tdm_lap_result_free(&r);
		tdm_lap_result_free(&r2);
	}
}

static void
random_dense(void)
{
	struct small		 s;
	struct tdm_lap_dense	 p;
	struct tdm_lap_result	 r = TDM_LAP_RESULT_INIT;
	struct tdm_lap_result	 r2 = TDM_LAP_RESULT_INIT;
	int64_t			 ic[MAXN * MAXN];
	double			 fc[MAXN * MAXN];
	int			 k, holds, bad = 0;

	for (k = 0; k < 4000 && bad < 5; k++) {
		make_small(&s, 1, k % 4 == 3);
		to_dense(&s, ic, fc, &p);
		CHECK_INT(tdm_lap_dense(&p, &r), TDM_OK);
		CHECK_INT(tdm_lap_certify_dense(&p, &r, &holds), TDM_OK);
		CHECK(holds);
		CHECK(matches(&s, &r));
		CHECK_INT(r.nassigned, s.nr);
		CHECK_INT(tdm_lap_dense(&p, &r2), TDM_OK);
		CHECK(same(&r, &r2));
		if (!holds || !matches(&s, &r))
			bad++;
		tdm_lap_result_free(&r);
		tdm_lap_result_free(&r2);
	}
}

/* Integral float costs are solved as integers, exactly. */
static void
integral_floats(void)
{
	double			 c[4] = { 3, 1, 2, 7 };
	struct tdm_lap_dense	 p = { 2, 2, TDM_LAP_F64, c, NULL, 1, NULL };
	struct tdm_lap_result	 r = TDM_LAP_RESULT_INIT;
	int			 holds;

	CHECK_INT(tdm_lap_dense(&p, &r), TDM_OK);
	CHECK(r.scale == 1.0);
	CHECK(r.objective == 3.0);
	CHECK_INT(r.col[0], 1);
	CHECK_INT(r.col[1], 0);
	CHECK_INT(tdm_lap_certify_dense(&p, &r, &holds), TDM_OK);
	CHECK(holds);
	tdm_lap_result_free(&r);
}

/* A wrong answer, or a wrong dual, must not pass the certificate. */
static void
certificate_rejects(void)
{
	int32_t			 c[9] = { 4, 1, 3, 2, 0, 5, 3, 2, 2 };
	struct tdm_lap_dense	 p = { 3, 3, TDM_LAP_I32, c, NULL, 1, NULL };
	struct tdm_lap_result	 r = TDM_LAP_RESULT_INIT;
	int32_t			 t;
	int64_t			 x;
	int			 holds;

	CHECK_INT(tdm_lap_dense(&p, &r), TDM_OK);
	CHECK_INT(r.total, 5);
	CHECK_INT(tdm_lap_certify_dense(&p, &r, &holds), TDM_OK);
	CHECK(holds);

	/* Swap two rows' columns: a feasible, suboptimal assignment. */
	t = r.col[0];
	r.col[0] = r.col[1];
	r.col[1] = t;
	CHECK_INT(tdm_lap_certify_dense(&p, &r, &holds), TDM_OK);
	CHECK(!holds);
	r.col[1] = r.col[0];
	r.col[0] = t;

	/* A dual that is not feasible. */
	x = r.u[2];
	r.u[2] += 1;
	CHECK_INT(tdm_lap_certify_dense(&p, &r, &holds), TDM_OK);
	CHECK(!holds);
	r.u[2] = x;

	/* Two rows on one single-seat column. */
	t = r.col[2];
	r.col[2] = r.col[0];
	CHECK_INT(tdm_lap_certify_dense(&p, &r, &holds), TDM_OK);
	CHECK(!holds);
	r.col[2] = t;

	/* A row left out although it could be assigned. */
	r.col[2] = -1;
	r.u[2] = r.big_m;
	CHECK_INT(tdm_lap_certify_dense(&p, &r, &holds), TDM_OK);
	CHECK(!holds);
	tdm_lap_result_free(&r);
}

/*
 * "Most rows first": row 0 may only take column 0, row 1 column 0 or 1.
 * The cheaper row-1-on-column-0 would leave row 0 out.
 */
static void
cardinality_first(void)
{
	size_t			 rowptr[3] = { 0, 1, 3 };
	int32_t			 col[3] = { 0, 0, 1 };
	int64_t			 cost[3] = { 100, 0, 1000 };
	struct tdm_lap_sparse	 p = { 2, 2, TDM_LAP_I64, rowptr, col, cost,
				    NULL, 1, NULL };
	struct tdm_lap_result	 r = TDM_LAP_RESULT_INIT;
	int			 holds;

	CHECK_INT(tdm_lap_sparse(&p, &r), TDM_OK);
	CHECK_INT(r.nassigned, 2);
	CHECK_INT(r.col[0], 0);
	CHECK_INT(r.col[1], 1);
	CHECK_INT(r.total, 1100);
	CHECK_INT(tdm_lap_certify_sparse(&p, &r, &holds), TDM_OK);
	CHECK(holds);
	tdm_lap_result_free(&r);
}

static void
invalid(void)
{
	int64_t			 c[4] = { 1, 2, 3, 4 };
	int32_t			 lock[2] = { 1, 1 };
	size_t			 rowptr[3] = { 0, 1, 2 };
	int32_t			 col[2] = { 0, 0 };
	struct tdm_lap_dense	 d = { 2, 2, TDM_LAP_I64, c, NULL, 1, NULL };
	struct tdm_lap_sparse	 s = { 2, 2, TDM_LAP_I64, rowptr, col, c,
				    NULL, 1, NULL };
	struct tdm_lap_result	 r = TDM_LAP_RESULT_INIT;

	d.ncols = 1;			/* 2 rows, 1 seat */
	CHECK_INT(tdm_lap_dense(&d, &r), TDM_EINVAL);
	d.ncols = 2;
	d.lock = lock;			/* two locks on one seat */
	CHECK_INT(tdm_lap_dense(&d, &r), TDM_EINVAL);
	s.lock = lock;			/* a lock on a forbidden pair */
	CHECK_INT(tdm_lap_sparse(&s, &r), TDM_EINVAL);
	col[1] = 2;			/* a column out of range */
	s.lock = NULL;
	CHECK_INT(tdm_lap_sparse(&s, &r), TDM_EINVAL);
	c[0] = INT64_MAX / 2;		/* a range too wide */
	d.lock = NULL;
	CHECK_INT(tdm_lap_dense(&d, &r), TDM_EINVAL);
}

/* Larger problems: the dense path (pricing) agrees with the sparse one. */
static void
dense_vs_sparse(void)
{
	enum { NR = 150, NC = 60 };
	static int64_t		 c[NR * NC];
	static size_t		 rowptr[NR + 1];
	static int32_t		 col[NR * NC];
	int32_t			 cap[NC], i, j, k;
	struct tdm_lap_dense	 d = { NR, NC, TDM_LAP_I64, c, cap, 0, NULL };
	struct tdm_lap_sparse	 s = { NR, NC, TDM_LAP_I64, rowptr, col, c,
				    cap, 0, NULL };
	struct tdm_lap_result	 rd = TDM_LAP_RESULT_INIT;
	struct tdm_lap_result	 rs = TDM_LAP_RESULT_INIT;
	int			 holds;

	for (k = 0; k < 20; k++) {
		/* Every fourth problem has exactly as many seats as rows. */
		for (j = 0; j < NC; j++)
			cap[j] = k % 4 == 0 ? 2 + j % 2 : 3 + (int32_t)rnd(3);
		for (i = 0; i < NR; i++) {
			rowptr[i] = (size_t)i * NC;
			for (j = 0; j < NC; j++) {
				col[i * NC + j] = j;
				/* Popular columns, as profiles make. */
				c[i * NC + j] = k % 2 ? (int64_t)rnd(100000) :
				    -(int64_t)(rnd(4) * (j % 7) + rnd(3));
			}
		}
		rowptr[NR] = (size_t)NR * NC;
		d.nrows = s.nrows = k % 4 == 0 ? NR : NR - (k % 3) * 40;
		CHECK_INT(tdm_lap_dense(&d, &rd), TDM_OK);
		/*
		 * With fewer rows than seats, the pricing rounds resume the
		 * run before: bit for bit what solving again gives.
		 */
		setenv("TANDEM_LAP_NORESUME", "1", 1);
		CHECK_INT(tdm_lap_dense(&d, &rs), TDM_OK);
		unsetenv("TANDEM_LAP_NORESUME");
		CHECK(same(&rd, &rs));
		CHECK_INT(rs.rounds, rd.rounds);
		tdm_lap_result_free(&rs);
		CHECK_INT(tdm_lap_sparse(&s, &rs), TDM_OK);
		CHECK_INT(rd.total, rs.total);
		CHECK_INT(rd.nassigned, d.nrows);
		CHECK_INT(tdm_lap_certify_dense(&d, &rd, &holds), TDM_OK);
		CHECK(holds);
		CHECK_INT(tdm_lap_certify_sparse(&s, &rs, &holds), TDM_OK);
		CHECK(holds);
		tdm_lap_result_free(&rd);
		tdm_lap_result_free(&rs);
	}
}

/*
 * The reference: the sparse solver as it was before its scans were
 * sorted (solver.c at 91cabb6), every row's edges read in full and in
 * their given order, integer costs only.  The solver must give the same
 * result bit for bit, ties included: same columns, potentials, prices.
 */
#define REF_NBATCH	2048

struct ref {
	int32_t		 nr, nc, lex, nb, npend, hn, nt, phase;
	int64_t		 m;
	size_t		*eoff;
	int32_t		*elen, *ecol, *cap, *load, *head, *next, *prev;
	int32_t		*rcol, *pend, *hpos, *heap, *touched, *mark;
	int32_t		*fr_row, *fr_e, *fr_col, *fr_cur;
	int64_t		*ecost, *rcost, *v, *u, *d, *fr_cost, *fr_u;
};

static void *
ref_alloc(size_t n, size_t size)
{
	void	*p = calloc(n ? n : 1, size);

	if (p == NULL)
		abort();
	return p;
}

static void
ref_insert(struct ref *c, int32_t i, int32_t j)
{
	c->prev[i] = -1;
	c->next[i] = c->head[j];
	if (c->head[j] >= 0)
		c->prev[c->head[j]] = i;
	c->head[j] = i;
	c->rcol[i] = j;
}

static void
ref_remove(struct ref *c, int32_t i)
{
	int32_t	 j = c->rcol[i];

	if (c->prev[i] >= 0)
		c->next[c->prev[i]] = c->next[i];
	else
		c->head[j] = c->next[i];
	if (c->next[i] >= 0)
		c->prev[c->next[i]] = c->prev[i];
	c->rcol[i] = -1;
}

static int
ref_hless(const struct ref *c, int32_t a, int32_t b)
{
	if (c->d[a] != c->d[b])
		return c->d[a] < c->d[b];
	if ((c->load[a] < c->cap[a]) != (c->load[b] < c->cap[b]))
		return c->load[a] < c->cap[a];
	return a < b;
}

static void
ref_up(struct ref *c, int32_t p)
{
	int32_t	 j = c->heap[p], q;

	while (p > 0) {
		q = (p - 1) / 2;
		if (!ref_hless(c, j, c->heap[q]))
			break;
		c->heap[p] = c->heap[q];
		c->hpos[c->heap[p]] = p;
		p = q;
	}
	c->heap[p] = j;
	c->hpos[j] = p;
}

static int32_t
ref_pop(struct ref *c)
{
	int32_t	 top = c->heap[0], j, p = 0, q;

	j = c->heap[--c->hn];
	while ((q = 2 * p + 1) < c->hn) {
		if (q + 1 < c->hn && ref_hless(c, c->heap[q + 1], c->heap[q]))
			q++;
		if (!ref_hless(c, c->heap[q], j))
			break;
		c->heap[p] = c->heap[q];
		c->hpos[c->heap[p]] = p;
		p = q;
	}
	if (c->hn > 0) {
		c->heap[p] = j;
		c->hpos[j] = p;
	}
	c->hpos[top] = -2;
	return top;
}

static void
ref_scan(struct ref *c, int32_t i, int64_t lab, int64_t u)
{
	int32_t	 e, j;
	int64_t	 nd;

	for (e = 0; e < c->elen[i]; e++) {
		j = c->ecol[c->eoff[i] + (size_t)e];
		if (c->hpos[j] == -2)
			continue;
		nd = lab - u + c->ecost[c->eoff[i] + (size_t)e] - c->v[j];
		if (c->hpos[j] == -1) {
			c->touched[c->nt++] = j;
			c->d[j] = nd;
			c->heap[c->hn] = j;
			ref_up(c, c->hn++);
		} else if (nd < c->d[j]) {
			c->d[j] = nd;
			ref_up(c, c->hpos[j]);
		}
	}
}

static int
ref_search(struct ref *c)
{
	int64_t	 sinkd = INT64_MAX, dj, ur, cand;
	int32_t	 j, r, p, k;

	c->nt = 0;
	c->hn = 0;
	for (p = 0; p < c->nb; p++) {
		r = c->pend[p];
		ref_scan(c, r, 0, c->u[r]);
		if (c->lex && c->m - c->u[r] < sinkd)
			sinkd = c->m - c->u[r];
	}
	while (c->hn > 0 && c->d[c->heap[0]] <= sinkd) {
		j = ref_pop(c);
		dj = c->d[j];
		if (c->load[j] < c->cap[j]) {
			sinkd = dj;
			break;
		}
		for (r = c->head[j]; r >= 0; r = c->next[r]) {
			ur = c->rcost[r] - c->v[j];
			ref_scan(c, r, dj, ur);
			if (c->lex) {
				cand = dj + c->m - ur;
				if (cand < sinkd)
					sinkd = cand;
			}
		}
	}
	for (k = 0; k < c->nt; k++) {
		j = c->touched[k];
		if (sinkd != INT64_MAX && c->hpos[j] == -2)
			c->v[j] += c->d[j] - sinkd;
		c->hpos[j] = -1;
	}
	if (sinkd == INT64_MAX)
		return 0;
	for (p = 0; p < c->nb; p++)
		c->u[c->pend[p]] += sinkd;
	return 1;
}

static int64_t
ref_row_u(const struct ref *c, int32_t i)
{
	return c->rcol[i] >= 0 ? c->rcost[i] - c->v[c->rcol[i]] : c->u[i];
}

static void
ref_pend_u(struct ref *c, int32_t i)
{
	int32_t	 e;
	int64_t	 mn = c->lex ? c->m : INT64_MAX, x;

	for (e = 0; e < c->elen[i]; e++) {
		x = c->ecost[c->eoff[i] + (size_t)e] -
		    c->v[c->ecol[c->eoff[i] + (size_t)e]];
		if (x < mn)
			mn = x;
	}
	c->u[i] = mn == INT64_MAX ? 0 : mn;
}

static void
ref_flip(struct ref *c, int32_t t, int32_t x)
{
	int32_t	 k;

	if (x >= 0) {
		ref_remove(c, x);
		c->u[x] = c->m;
	} else
		c->load[c->fr_col[t]]++;
	for (; t >= 0; t--) {
		k = c->fr_row[t];
		c->mark[c->fr_col[t]] = 0;
		if (c->rcol[k] >= 0)
			ref_remove(c, k);
		ref_insert(c, k, c->fr_col[t]);
		c->rcost[k] = c->fr_cost[t];
	}
}

static int
ref_path(struct ref *c, int32_t i0)
{
	const int32_t	*col;
	const int64_t	*cost;
	int32_t		 t = 0, k, j, r, e, n;
	int64_t		 uk;

	c->fr_row[0] = i0;
	c->fr_e[0] = 0;
	c->fr_col[0] = -1;
	c->fr_u[0] = c->u[i0];
	while (t >= 0) {
		k = c->fr_row[t];
		if (c->fr_col[t] >= 0) {
			if ((r = c->fr_cur[t]) >= 0) {
				c->fr_cur[t] = c->next[r];
				t++;
				c->fr_row[t] = r;
				c->fr_e[t] = 0;
				c->fr_col[t] = -1;
				c->fr_u[t] = ref_row_u(c, r);
				continue;
			}
			j = c->fr_col[t];
			if (c->lex)
				for (r = c->head[j]; r >= 0; r = c->next[r])
					if (c->rcost[r] - c->v[j] == c->m) {
						ref_flip(c, t, r);
						return 1;
					}
			c->fr_col[t] = -1;
		}
		col = c->ecol + c->eoff[k];
		cost = c->ecost + c->eoff[k];
		n = c->elen[k];
		uk = c->fr_u[t];
		for (e = c->fr_e[t]; e < n; e++)
			if (c->mark[col[e]] != c->phase &&
			    cost[e] - uk - c->v[col[e]] == 0)
				break;
		if (e == n) {
			t--;
			continue;
		}
		c->fr_e[t] = e + 1;
		j = col[e];
		c->mark[j] = c->phase;
		c->fr_col[t] = j;
		c->fr_cost[t] = cost[e];
		if (c->load[j] < c->cap[j]) {
			ref_flip(c, t, -1);
			return 1;
		}
		c->fr_cur[t] = c->head[j];
	}
	return 0;
}

static void
ref_place(struct ref *c)
{
	int32_t	 i, p, q;

	for (p = q = 0; p < c->nb; p++) {
		i = c->pend[p];
		ref_pend_u(c, i);
		if (ref_path(c, i))
			continue;
		if (c->lex && c->u[i] == c->m)
			continue;
		c->pend[q++] = i;
	}
	p = c->nb - q;
	memmove(c->pend + q, c->pend + c->nb,
	    (size_t)(c->npend - c->nb) * sizeof(*c->pend));
	c->npend -= p;
}

/*
 * Solve p (I64 costs) as the reference does; res as tdm_lap_sparse()
 * fills it.  The problem must be valid.
 */
static void
ref_sparse(const struct tdm_lap_sparse *p, struct tdm_lap_result *res)
{
	struct ref	 c;
	struct units	 un = { 1, 1 };
	const int64_t	*cost = p->cost;
	int64_t		*lockcost, lo = INT64_MAX, hi = INT64_MIN;
	long double	 m;
	int32_t		 i, j, nfree = 0;
	size_t		 e, r = (size_t)p->nrows, k = (size_t)p->ncols;

	memset(&c, 0, sizeof(c));
	c.nr = p->nrows;
	c.nc = p->ncols;
	c.lex = 1;
	c.eoff = ref_alloc(r, sizeof(*c.eoff));
	c.elen = ref_alloc(r, sizeof(*c.elen));
	c.ecol = ref_alloc(p->rowptr[r], sizeof(*c.ecol));
	c.ecost = ref_alloc(p->rowptr[r], sizeof(*c.ecost));
	c.cap = ref_alloc(k, sizeof(*c.cap));
	c.load = ref_alloc(k, sizeof(*c.load));
	c.head = ref_alloc(k, sizeof(*c.head));
	c.next = ref_alloc(r, sizeof(*c.next));
	c.prev = ref_alloc(r, sizeof(*c.prev));
	c.rcol = ref_alloc(r, sizeof(*c.rcol));
	c.rcost = ref_alloc(r, sizeof(*c.rcost));
	c.v = ref_alloc(k, sizeof(*c.v));
	c.u = ref_alloc(r, sizeof(*c.u));
	c.pend = ref_alloc(r, sizeof(*c.pend));
	c.d = ref_alloc(k, sizeof(*c.d));
	c.hpos = ref_alloc(k, sizeof(*c.hpos));
	c.heap = ref_alloc(k, sizeof(*c.heap));
	c.touched = ref_alloc(k, sizeof(*c.touched));
	c.mark = ref_alloc(k, sizeof(*c.mark));
	c.fr_row = ref_alloc(r, sizeof(*c.fr_row));
	c.fr_e = ref_alloc(r, sizeof(*c.fr_e));
	c.fr_col = ref_alloc(r, sizeof(*c.fr_col));
	c.fr_cur = ref_alloc(r, sizeof(*c.fr_cur));
	c.fr_cost = ref_alloc(r, sizeof(*c.fr_cost));
	c.fr_u = ref_alloc(r, sizeof(*c.fr_u));
	lockcost = ref_alloc(r, sizeof(*lockcost));
	for (j = 0; j < c.nc; j++) {
		c.head[j] = -1;
		c.hpos[j] = -1;
		c.cap[j] = p->cap ? p->cap[j] : p->seats;
	}
	for (i = 0; i < c.nr; i++) {
		c.rcol[i] = -1;
		if (p->lock && p->lock[i] >= 0) {
			c.cap[p->lock[i]]--;
			for (e = p->rowptr[i]; e < p->rowptr[i + 1]; e++)
				if (p->col[e] == p->lock[i])
					lockcost[i] = cost[e];
			continue;
		}
		nfree++;
		c.eoff[i] = p->rowptr[i];
		c.elen[i] = (int32_t)(p->rowptr[i + 1] - p->rowptr[i]);
		for (e = p->rowptr[i]; e < p->rowptr[i + 1]; e++) {
			c.ecol[e] = p->col[e];
			c.ecost[e] = cost[e];
			lo = cost[e] < lo ? cost[e] : lo;
			hi = cost[e] > hi ? cost[e] : hi;
		}
	}
	if (lo > hi)
		lo = hi = 0;
	m = (long double)hi + (long double)nfree * ((long double)hi - lo) + 1;
	c.m = m < 1 ? 1 : (int64_t)m;
	for (i = 0; i < c.nr; i++)
		if (!(p->lock && p->lock[i] >= 0))
			c.pend[c.npend++] = i;
	for (i = 0; i < c.npend; i++)
		ref_pend_u(&c, c.pend[i]);
	while (c.npend > 0) {
		if (++c.phase == INT32_MAX) {
			memset(c.mark, 0, k * sizeof(*c.mark));
			c.phase = 1;
		}
		c.nb = c.npend < REF_NBATCH ? c.npend : REF_NBATCH;
		if (!ref_search(&c))
			abort();
		ref_place(&c);
	}
	memset(res, 0, sizeof(*res));
	res->nrows = c.nr;
	res->ncols = c.nc;
	res->scale = 1;
	res->col = ref_alloc(r, sizeof(*res->col));
	res->u = ref_alloc(r, sizeof(*res->u));
	res->v = ref_alloc(k, sizeof(*res->v));
	memcpy(res->v, c.v, k * sizeof(*res->v));
	for (i = 0; i < c.nr; i++) {
		if (p->lock && p->lock[i] >= 0) {
			res->col[i] = p->lock[i];
			res->u[i] = lockcost[i] - res->v[p->lock[i]];
			res->total += lockcost[i];
			res->nassigned++;
			continue;
		}
		res->col[i] = c.rcol[i];
		if (c.rcol[i] < 0) {
			res->u[i] = c.m;
			continue;
		}
		res->u[i] = c.rcost[i] - res->v[c.rcol[i]];
		res->total += c.rcost[i];
		res->nassigned++;
	}
	res->big_m = c.m;
	res->objective = (double)res->total;
	/*
	 * The library returns the canonical optimum (solver_canon.c), the
	 * same whichever optimum a solve finds: so does the reference.
	 */
	if (lap_canon_sparse(p, &un, res) != TDM_OK)
		abort();
	free(c.eoff);
	free(c.elen);
	free(c.ecol);
	free(c.ecost);
	free(c.cap);
	free(c.load);
	free(c.head);
	free(c.next);
	free(c.prev);
	free(c.rcol);
	free(c.rcost);
	free(c.v);
	free(c.u);
	free(c.pend);
	free(c.d);
	free(c.hpos);
	free(c.heap);
	free(c.touched);
	free(c.mark);
	free(c.fr_row);
	free(c.fr_e);
	free(c.fr_col);
	free(c.fr_cur);
	free(c.fr_cost);
	free(c.fr_u);
	free(lockcost);
}

/*
 * A random sparse problem of nr rows and nc columns, each row with up to
 * deg distinct columns, in increasing order (sorted) or scrambled, costs
 * in 0 .. range - 1 plus shift (a small range ties everywhere), random
 * capacities and a few locks.  The arrays are the caller's to free.
 */
static void
make_sparse(struct tdm_lap_sparse *p, int32_t nr, int32_t nc, int32_t deg,
    int sorted, uint32_t range, int64_t shift)
{
	size_t		*rowptr;
	int32_t		*col, *cap, *lock, *left, i, j, k, n, t;
	int64_t		*cost;
	unsigned char	*seen;

	rowptr = ref_alloc((size_t)nr + 1, sizeof(*rowptr));
	col = ref_alloc((size_t)nr * (size_t)deg, sizeof(*col));
	cost = ref_alloc((size_t)nr * (size_t)deg, sizeof(*cost));
	cap = ref_alloc((size_t)nc, sizeof(*cap));
	left = ref_alloc((size_t)nc, sizeof(*left));
	lock = ref_alloc((size_t)nr, sizeof(*lock));
	seen = ref_alloc((size_t)nc, 1);
	for (j = 0; j < nc; j++)
		left[j] = cap[j] = (int32_t)rnd(4);
	for (i = 0; i < nr; i++) {
		rowptr[i + 1] = rowptr[i];
		lock[i] = -1;
		n = (int32_t)rnd((uint32_t)deg + 1);
		for (k = 0; k < n; k++) {
			j = (int32_t)rnd((uint32_t)nc);
			if (seen[j])
				continue;
			seen[j] = 1;
			col[rowptr[i + 1]++] = j;
		}
		for (k = (int32_t)rowptr[i]; k < (int32_t)rowptr[i + 1]; k++)
			seen[col[k]] = 0;
		/* Sorted, by insertion: rows are short. */
		for (k = (int32_t)rowptr[i] + 1; sorted &&
		    k < (int32_t)rowptr[i + 1]; k++)
			for (t = k; t > (int32_t)rowptr[i] &&
			    col[t - 1] > col[t]; t--) {
				j = col[t];
				col[t] = col[t - 1];
				col[t - 1] = j;
			}
		for (k = (int32_t)rowptr[i]; k < (int32_t)rowptr[i + 1]; k++) {
			/* Popular columns cost less: crowds and plateaus. */
			cost[k] = shift + (int64_t)rnd(range) -
			    (col[k] % 5 == 0 ? (int64_t)range / 2 : 0);
			if (rowptr[i + 1] > rowptr[i] && rnd(12) == 0 &&
			    left[col[k]] > 0 && lock[i] < 0) {
				lock[i] = col[k];
				left[col[k]]--;
			}
		}
	}
	memset(p, 0, sizeof(*p));
	p->nrows = nr;
	p->ncols = nc;
	p->type = TDM_LAP_I64;
	p->rowptr = rowptr;
	p->col = col;
	p->cost = cost;
	p->cap = cap;
	p->lock = lock;
	free(left);
	free(seen);
}

static void
free_sparse(struct tdm_lap_sparse *p)
{
	free((void *)p->rowptr);
	free((void *)p->col);
	free((void *)p->cost);
	free((void *)p->cap);
	free((void *)p->lock);
}

/*
 * The solver against the reference, bit for bit, on random problems:
 * rows in column order with small costs (the solver's narrow edges, as
 * the matcher gives them), rows scrambled or costs beyond 32 bits (its
 * wide edges), ties everywhere, more rows than one search takes.
 */
static void
same_as_reference(void)
{
	static const struct {
		int32_t		 nr, nc, deg, n;
	} sizes[] = {
		{ 8, 6, 5, 600 }, { 40, 25, 12, 300 }, { 200, 90, 40, 60 },
		{ 600, 250, 80, 12 }, { 3000, 900, 60, 3 },
	};
	struct tdm_lap_sparse	 p;
	struct tdm_lap_result	 r = TDM_LAP_RESULT_INIT;
	struct tdm_lap_result	 q = TDM_LAP_RESULT_INIT;
	size_t			 z;
	int			 k, sorted, bad = 0, holds;
	uint32_t		 range;
	int64_t			 shift;

	for (z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++)
		for (k = 0; k < sizes[z].n && bad < 5; k++) {
			sorted = k % 3 != 2;
			range = k % 4 == 0 ? 1000 : 2 + rnd(6);
			shift = k % 5 == 4 ? -((int64_t)1 << 40) : -3;
			make_sparse(&p, sizes[z].nr, sizes[z].nc, sizes[z].deg,
			    sorted, range, shift);
			CHECK_INT(tdm_lap_sparse(&p, &r), TDM_OK);
			ref_sparse(&p, &q);
			CHECK(same(&r, &q));
			CHECK_INT(r.big_m, q.big_m);
			CHECK_INT(tdm_lap_certify_sparse(&p, &r, &holds),
			    TDM_OK);
			CHECK(holds);
			if (!same(&r, &q) || !holds)
				bad++;
			tdm_lap_result_free(&r);
			tdm_lap_result_free(&q);
			free_sparse(&p);
		}
}

/*
 * q = p plus some pairs on a few rows: mostly pairs that the result r
 * prices below zero (as a matcher's pricing pass adds them), some at
 * random, all within p's cost range (lo .. hi) so that a warm start
 * applies.  Sorted rows get the pair in column order, others at a random
 * place.  The arrays are the caller's to free (free_sparse).
 */
static void
add_pairs(const struct tdm_lap_sparse *p, const struct tdm_lap_result *r,
    int sorted, int64_t lo, int64_t hi, struct tdm_lap_sparse *q)
{
	const int64_t	*pc = p->cost;
	size_t		*rowptr, e, f, n = p->rowptr[p->nrows];
	int32_t		*col, *cap, *lock, i, j, k, nadd, at, want;
	int64_t		*cost, c;
	int32_t		*addc;
	int64_t		*addk;
	int		*has, t;

	nadd = 1 + (int32_t)rnd(6);
	rowptr = ref_alloc((size_t)p->nrows + 1, sizeof(*rowptr));
	col = ref_alloc(n + (size_t)nadd * (size_t)p->nrows, sizeof(*col));
	cost = ref_alloc(n + (size_t)nadd * (size_t)p->nrows, sizeof(*cost));
	cap = ref_alloc((size_t)p->ncols, sizeof(*cap));
	lock = ref_alloc((size_t)p->nrows, sizeof(*lock));
	addc = ref_alloc((size_t)nadd + 1, sizeof(*addc));
	addk = ref_alloc((size_t)nadd + 1, sizeof(*addk));
	has = ref_alloc((size_t)p->ncols, sizeof(*has));
	memcpy(cap, p->cap, (size_t)p->ncols * sizeof(*cap));
	memcpy(lock, p->lock, (size_t)p->nrows * sizeof(*lock));
	for (i = 0, f = 0; i < p->nrows; i++) {
		rowptr[i] = f;
		want = rnd(4) == 0 ? (int32_t)rnd((uint32_t)nadd + 1) : 0;
		for (e = p->rowptr[i]; e < p->rowptr[i + 1]; e++)
			has[p->col[e]] = 1;
		for (k = 0, t = 0; k < want && t < 50; t++) {
			j = (int32_t)rnd((uint32_t)p->ncols);
			if (has[j])
				continue;
			has[j] = 1;
			/* Below the dual's price: it must come in. */
			c = rnd(3) ? r->u[i] + r->v[j] - 1 - (int64_t)rnd(3) :
			    lo + (int64_t)rnd((uint32_t)(hi - lo + 1));
			c = c < lo ? lo : c > hi ? hi : c;
			addc[k] = j;
			addk[k++] = c;
		}
		want = k;
		for (e = p->rowptr[i]; e < p->rowptr[i + 1]; e++)
			has[p->col[e]] = 0;
		for (k = 0; k < want; k++)
			has[addc[k]] = 0;
		/* The row's pairs, the new ones in. */
		for (e = p->rowptr[i]; e < p->rowptr[i + 1]; e++) {
			col[f] = p->col[e];
			cost[f++] = pc[e];
		}
		for (k = 0; k < want; k++) {
			at = sorted ? 0 : (int32_t)rnd((uint32_t)(f -
			    rowptr[i] + 1));
			if (sorted)
				while (rowptr[i] + (size_t)at < f &&
				    col[rowptr[i] + (size_t)at] < addc[k])
					at++;
			memmove(col + rowptr[i] + at + 1, col + rowptr[i] + at,
			    (f - rowptr[i] - (size_t)at) * sizeof(*col));
			memmove(cost + rowptr[i] + at + 1,
			    cost + rowptr[i] + at,
			    (f - rowptr[i] - (size_t)at) * sizeof(*cost));
			col[rowptr[i] + (size_t)at] = addc[k];
			cost[rowptr[i] + (size_t)at] = addk[k];
			f++;
		}
	}
	rowptr[p->nrows] = f;
	*q = *p;
	q->rowptr = rowptr;
	q->col = col;
	q->cost = cost;
	q->cap = cap;
	q->lock = lock;
	free(addc);
	free(addk);
	free(has);
}

/* The range of p's costs on unlocked rows (lo > hi: none). */
static void
cost_range(const struct tdm_lap_sparse *p, int64_t *lo, int64_t *hi)
{
	const int64_t	*c = p->cost;
	int32_t		 i;
	size_t		 e;

	*lo = INT64_MAX;
	*hi = INT64_MIN;
	for (i = 0; i < p->nrows; i++)
		for (e = p->rowptr[i]; !(p->lock && p->lock[i] >= 0) &&
		    e < p->rowptr[i + 1]; e++) {
			*lo = c[e] < *lo ? c[e] : *lo;
			*hi = c[e] > *hi ? c[e] : *hi;
		}
}

/*
 * A warm start gives what a solve from scratch gives, bit for bit:
 * random problems, then up to three rounds of pairs added (most of them
 * priced below zero by the last result, as the matcher's pricing adds
 * them), each solved warm and from scratch; the reference agrees too.
 */
static void
warm_same_as_cold(void)
{
	static const struct {
		int32_t		 nr, nc, deg, n;
	} sizes[] = {
		{ 8, 6, 5, 400 }, { 40, 25, 12, 200 }, { 300, 120, 30, 40 },
		{ 5000, 1200, 40, 4 },
	};
	struct tdm_lap_sparse	 p, q;
	struct tdm_lap_result	 rw = TDM_LAP_RESULT_INIT;
	struct tdm_lap_result	 rc = TDM_LAP_RESULT_INIT;
	struct tdm_lap_result	 rr = TDM_LAP_RESULT_INIT;
	struct tdm_lap_warm	*w;
	size_t			 z;
	int			 k, round, sorted, bad = 0, holds;
	int64_t			 lo, hi;

	for (z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++)
		for (k = 0; k < sizes[z].n && bad < 5; k++) {
			sorted = k % 3 != 2;
			make_sparse(&p, sizes[z].nr, sizes[z].nc, sizes[z].deg,
			    sorted, k % 4 == 0 ? 1000 : 2 + rnd(6),
			    k % 5 == 4 ? -((int64_t)1 << 40) : -3);
			w = NULL;
			CHECK_INT(tdm_lap_sparse_warm(&p, &w, &rw), TDM_OK);
			CHECK_INT(tdm_lap_sparse(&p, &rc), TDM_OK);
			CHECK(same(&rw, &rc));
			for (round = 0; round < 3 && w != NULL; round++) {
				cost_range(&p, &lo, &hi);
				if (lo > hi)
					break;
				add_pairs(&p, &rw, sorted, lo, hi, &q);
				free_sparse(&p);
				p = q;
				tdm_lap_result_free(&rw);
				tdm_lap_result_free(&rc);
				CHECK_INT(tdm_lap_sparse_warm(&p, &w, &rw),
				    TDM_OK);
				CHECK_INT(tdm_lap_sparse(&p, &rc), TDM_OK);
				ref_sparse(&p, &rr);
				CHECK(same(&rw, &rc));
				CHECK(same(&rc, &rr));
				CHECK_INT(tdm_lap_certify_sparse(&p, &rw,
				    &holds), TDM_OK);
				CHECK(holds);
				if (!same(&rw, &rc) || !same(&rc, &rr) ||
				    !holds)
					bad++;
				tdm_lap_result_free(&rr);
			}
			tdm_lap_warm_free(w);
			tdm_lap_result_free(&rw);
			tdm_lap_result_free(&rc);
			free_sparse(&p);
		}
}

/*
 * More pending rows than one search starts from (NBATCH in solver.c),
 * with ties everywhere: a sparse problem where some rows must stay out,
 * and a square dense one against the sparse path on the same matrix.
 */
static void
many_rows(void)
{
	enum { NR = 2600, NC = 500, DEG = 24, DR = 2100, DC = 300 };
	static size_t		 rowptr[NR + 1];
	static int32_t		 col[NR * DEG], dcol[DR * DC];
	static int64_t		 c[NR * DEG], dc[DR * DC];
	static int32_t		 cap[NC];
	static size_t		 drowptr[DR + 1];
	struct tdm_lap_sparse	 s = { NR, NC, TDM_LAP_I64, rowptr, col, c,
				    cap, 0, NULL };
	struct tdm_lap_sparse	 sd = { DR, DC, TDM_LAP_I64, drowptr, dcol,
				    dc, NULL, 7, NULL };
	struct tdm_lap_dense	 d = { DR, DC, TDM_LAP_I64, dc, NULL, 7,
				    NULL };
	struct tdm_lap_result	 r = TDM_LAP_RESULT_INIT;
	struct tdm_lap_result	 r2 = TDM_LAP_RESULT_INIT;
	int32_t			 i, j, k, e = 0;
	int			 holds;

	for (j = 0; j < NC; j++)
		cap[j] = 1 + (int32_t)rnd(9);
	for (i = 0; i < NR; i++) {
		rowptr[i] = (size_t)e;
		/* Distinct columns: a random start and a stride prime to NC. */
		j = (int32_t)rnd(NC);
		for (k = 0; k < DEG; k++) {
			col[e] = (j + k * 7) % NC;
			c[e] = -(int64_t)(rnd(4) * (col[e] % 7) + rnd(3));
			e++;
		}
	}
	rowptr[NR] = (size_t)e;
	CHECK_INT(tdm_lap_sparse(&s, &r), TDM_OK);
	CHECK_INT(tdm_lap_certify_sparse(&s, &r, &holds), TDM_OK);
	CHECK(holds);
	CHECK_INT(tdm_lap_sparse(&s, &r2), TDM_OK);
	CHECK(same(&r, &r2));
	tdm_lap_result_free(&r);
	tdm_lap_result_free(&r2);

	for (i = 0; i < DR; i++) {
		drowptr[i] = (size_t)i * DC;
		for (j = 0; j < DC; j++) {
			dcol[i * DC + j] = j;
			dc[i * DC + j] = -(int64_t)(rnd(4) * (j % 11) + rnd(3));
		}
	}
	drowptr[DR] = (size_t)DR * DC;
	CHECK_INT(tdm_lap_dense(&d, &r), TDM_OK);
	CHECK_INT(r.nassigned, DR);
	CHECK_INT(tdm_lap_certify_dense(&d, &r, &holds), TDM_OK);
	CHECK(holds);
	CHECK_INT(tdm_lap_sparse(&sd, &r2), TDM_OK);
	CHECK_INT(r2.nassigned, DR);
	CHECK_INT(r.total, r2.total);
	CHECK_INT(tdm_lap_certify_sparse(&sd, &r2, &holds), TDM_OK);
	CHECK(holds);
	tdm_lap_result_free(&r);
	tdm_lap_result_free(&r2);
}

/*
 * The dense passes give the same result however they run: an int32
 * matrix read by the vector kernels and the same matrix as int64, one
 * thread or two, the coarse starting prices or column reduction (the
 * last only the same optimum, certified).  Tie-heavy costs, large
 * enough for the coarse problem, square and with seats.
 */
static void
dense_paths(void)
{
	enum { N = 1100, M = 1100 };
	static int32_t		 c32[N * M];
	static int64_t		 c64[N * M];
	int32_t			 a[N][6], b[M][6], i, j, t, k, cap[M];
	struct tdm_lap_dense	 d = { N, M, TDM_LAP_I32, c32, NULL, 1, NULL };
	struct tdm_lap_result	 r = TDM_LAP_RESULT_INIT;
	struct tdm_lap_result	 r2 = TDM_LAP_RESULT_INIT;
	int			 holds;

	for (k = 0; k < 3; k++) {
		for (i = 0; i < N; i++)
			for (t = 0; t < 6; t++)
				a[i][t] = (int32_t)rnd(4);
		for (j = 0; j < M; j++)
			for (t = 0; t < 6; t++)
				b[j][t] = (int32_t)rnd(5);
		for (i = 0; i < N; i++)
			for (j = 0; j < M; j++) {
				c32[i * M + j] = k == 2 ?
				    (int32_t)rnd(1000000) - 500000 : 0;
				for (t = 0; t < 6; t++)
					c32[i * M + j] -= a[i][t] * b[j][t];
				c64[i * M + j] = c32[i * M + j];
			}
		/* The second problem: 550 columns of 2 seats. */
		d.ncols = k == 1 ? M / 2 : M;
		for (j = 0; j < M; j++)
			cap[j] = k == 1 ? 2 : 1;
		d.cap = cap;
		if (k == 1)
			for (i = 0; i < N; i++)
				for (j = 0; j < M / 2; j++) {
					c32[i * (M / 2) + j] = c32[i * M + j];
					c64[i * (M / 2) + j] = c32[i * M + j];
				}
		d.type = TDM_LAP_I32;
		d.cost = c32;
		setenv("TANDEM_THREADS", "1", 1);
		CHECK_INT(tdm_lap_dense(&d, &r), TDM_OK);
		CHECK_INT(r.nassigned, N);
		CHECK_INT(tdm_lap_certify_dense(&d, &r, &holds), TDM_OK);
		CHECK(holds);
		setenv("TANDEM_THREADS", "2", 1);
		CHECK_INT(tdm_lap_dense(&d, &r2), TDM_OK);
		CHECK(same(&r, &r2));
		tdm_lap_result_free(&r2);
		setenv("TANDEM_LAP_SCALAR", "1", 1);
		CHECK_INT(tdm_lap_dense(&d, &r2), TDM_OK);
		CHECK(same(&r, &r2));
		unsetenv("TANDEM_LAP_SCALAR");
		tdm_lap_result_free(&r2);
		d.type = TDM_LAP_I64;
		d.cost = c64;
		CHECK_INT(tdm_lap_dense(&d, &r2), TDM_OK);
		CHECK(same(&r, &r2));
		tdm_lap_result_free(&r2);
		setenv("TANDEM_LAP_NOCOARSE", "1", 1);
		CHECK_INT(tdm_lap_dense(&d, &r2), TDM_OK);
		CHECK_INT(r2.total, r.total);
		CHECK_INT(tdm_lap_certify_dense(&d, &r2, &holds), TDM_OK);
		CHECK(holds);
		unsetenv("TANDEM_LAP_NOCOARSE");
		unsetenv("TANDEM_THREADS");
		tdm_lap_result_free(&r);
		tdm_lap_result_free(&r2);
	}
}

/*
 * The pass tried before a search (solver.c, place()) and the lists of
 * tight edges a row keeps from one entry to the next change nothing:
 * the result is the same, bit for bit, without them and with every list
 * forgotten before each row.  Small batches make rows join a batch after
 * prices fell, so that a pass before its search often cannot tell that
 * the search would move nothing and puts everything back; a warm start
 * after added pairs resumes with them too.
 */
static void
passes_before_searches(void)
{
	static const struct {
		int32_t		 nr, nc, deg, n;
	} sizes[] = {
		{ 40, 25, 12, 150 }, { 200, 90, 40, 40 }, { 600, 250, 80, 8 },
	};
	static const char *const batch[] = { "3", "17", "64" };
	struct tdm_lap_sparse	 p, q;
	struct tdm_lap_result	 r = TDM_LAP_RESULT_INIT;
	struct tdm_lap_result	 r2 = TDM_LAP_RESULT_INIT;
	struct tdm_lap_warm	*w;
	size_t			 z;
	int			 k, sorted, bad = 0, holds;
	int64_t			 lo, hi;

	for (z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++)
		for (k = 0; k < sizes[z].n && bad < 5; k++) {
			sorted = k % 3 != 2;
			make_sparse(&p, sizes[z].nr, sizes[z].nc, sizes[z].deg,
			    sorted, k % 4 == 0 ? 1000 : 2 + rnd(6),
			    k % 5 == 4 ? -((int64_t)1 << 40) : -3);
			setenv("TANDEM_LAP_BATCH", batch[k % 3], 1);
			w = NULL;
			CHECK_INT(tdm_lap_sparse_warm(&p, &w, &r), TDM_OK);
			CHECK_INT(tdm_lap_certify_sparse(&p, &r, &holds),
			    TDM_OK);
			CHECK(holds);
			setenv("TANDEM_LAP_NOSPEC", "1", 1);
			CHECK_INT(tdm_lap_sparse(&p, &r2), TDM_OK);
			unsetenv("TANDEM_LAP_NOSPEC");
			CHECK(same(&r, &r2));
			bad += !same(&r, &r2) || !holds;
			tdm_lap_result_free(&r2);
			setenv("TANDEM_LAP_KEEP", "0", 1);
			CHECK_INT(tdm_lap_sparse(&p, &r2), TDM_OK);
			unsetenv("TANDEM_LAP_KEEP");
			CHECK(same(&r, &r2));
			bad += !same(&r, &r2);
			tdm_lap_result_free(&r2);
			/* Pairs added: resumed, and afresh without the pass. */
			cost_range(&p, &lo, &hi);
			if (lo <= hi && w != NULL) {
				add_pairs(&p, &r, sorted, lo, hi, &q);
				free_sparse(&p);
				p = q;
				tdm_lap_result_free(&r);
				CHECK_INT(tdm_lap_sparse_warm(&p, &w, &r),
				    TDM_OK);
				setenv("TANDEM_LAP_NOSPEC", "1", 1);
				CHECK_INT(tdm_lap_sparse(&p, &r2), TDM_OK);
				unsetenv("TANDEM_LAP_NOSPEC");
				CHECK(same(&r, &r2));
				bad += !same(&r, &r2);
				tdm_lap_result_free(&r2);
			}
			unsetenv("TANDEM_LAP_BATCH");
			tdm_lap_warm_free(w);
			tdm_lap_result_free(&r);
			free_sparse(&p);
		}
}

int
main(void)
{
	RUN(random_sparse);
	RUN(random_dense);
	RUN(integral_floats);
	RUN(certificate_rejects);
	RUN(cardinality_first);
	RUN(invalid);
	RUN(dense_vs_sparse);
	RUN(many_rows);
	RUN(dense_paths);
	RUN(same_as_reference);
	RUN(warm_same_as_cold);
	RUN(passes_before_searches);
	return DONE();
}

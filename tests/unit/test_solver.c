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
	return DONE();
}

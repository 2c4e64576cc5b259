/*
 * Unit tests of the canonical optimum (solver_canon.c): the solver
 * returns the lexicographically smallest optimal assignment (a row left
 * out counting after every column), whichever optimum its solve found.
 * Against an exhaustive search on small problems with ties everywhere,
 * capacities, forbidden pairs, rows left out and locks; and, on larger
 * ones, the same pairs from problems whose pairs are given in reverse
 * order, from the dense and the sparse paths, and with the dense path's
 * coarse start off (each a different optimum before the canonical step),
 * every answer certified.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/solver.h"
#include "t.h"

#define MAXN	7

static uint64_t	 rng_state = 0x2545F4914F6CDD1DULL;

static uint32_t
rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 11) % n;
}

struct small {
	int32_t		 nr, nc;
	int32_t		 cap[MAXN], lock[MAXN];
	int		 allowed[MAXN][MAXN];
	int64_t		 cost[MAXN][MAXN];
	/* The exhaustive search: the best so far, in lexicographic order. */
	int32_t		 cur[MAXN], best[MAXN], load[MAXN];
	int		 bcount, found;
	int64_t		 bcost;
};

/*
 * Rows in order, each trying its columns in increasing order and then
 * being left out: assignments come in lexicographic order (left out
 * last), so the first of the best is the smallest.
 */
static void
brute(struct small *s, int32_t i, int count, int64_t cost)
{
	int32_t	 j;

	if (i == s->nr) {
		if (!s->found || count > s->bcount ||
		    (count == s->bcount && cost < s->bcost)) {
			s->found = 1;
			s->bcount = count;
			s->bcost = cost;
			memcpy(s->best, s->cur, sizeof(s->best));
		}
		return;
	}
	if (s->lock[i] >= 0) {
		s->cur[i] = s->lock[i];
		brute(s, i + 1, count + 1, cost + s->cost[i][s->lock[i]]);
		return;
	}
	for (j = 0; j < s->nc; j++)
		if (s->allowed[i][j] && s->load[j] < s->cap[j]) {
			s->load[j]++;
			s->cur[i] = j;
			brute(s, i + 1, count + 1, cost + s->cost[i][j]);
			s->load[j]--;
		}
	s->cur[i] = -1;
	brute(s, i + 1, count, cost);
}

static void
make_small(struct small *s, int dense)
{
	int32_t	 i, j, seats;

	memset(s, 0, sizeof(*s));
	s->nc = 1 + (int32_t)rnd(4);
	for (j = 0, seats = 0; j < s->nc; j++)
		seats += s->cap[j] = (int32_t)rnd(3);
	if (dense && seats == 0)
		seats += s->cap[0] = 1;
	s->nr = 1 + (int32_t)rnd(MAXN);
	if (dense && s->nr > seats)
		s->nr = seats;
	for (i = 0; i < s->nr; i++) {
		s->lock[i] = -1;
		for (j = 0; j < s->nc; j++) {
			s->allowed[i][j] = dense || rnd(3) != 0;
			s->cost[i][j] = (int64_t)rnd(4) - 1;
		}
	}
	/* A few locks, within the seats (the loads start from them). */
	for (i = 0; i < s->nr; i++) {
		j = (int32_t)rnd((uint32_t)s->nc);
		if (rnd(6) == 0 && s->allowed[i][j] &&
		    s->load[j] < s->cap[j]) {
			s->lock[i] = j;
			s->load[j]++;
		}
	}
	brute(s, 0, 0, 0);
}

/* Small sparse problems against the exhaustive search. */
static void
small_sparse(void)
{
	struct small		 s;
	struct tdm_lap_sparse	 p;
	struct tdm_lap_result	 r = TDM_LAP_RESULT_INIT;
	size_t			 rowptr[MAXN + 1];
	int32_t			 col[MAXN * MAXN];
	int64_t			 cost[MAXN * MAXN];
	int32_t			 i, j, k;
	int			 bad = 0, holds, rev;

	for (k = 0; k < 4000 && bad < 5; k++) {
		make_small(&s, 0);
		/* Every other problem gives its rows' pairs in reverse. */
		rev = k % 2;
		rowptr[0] = 0;
		for (i = 0; i < s.nr; i++) {
			rowptr[i + 1] = rowptr[i];
			for (j = 0; j < s.nc; j++) {
				int32_t	 jj = rev ? s.nc - 1 - j : j;

				if (!s.allowed[i][jj])
					continue;
				col[rowptr[i + 1]] = jj;
				cost[rowptr[i + 1]++] = s.cost[i][jj];
			}
		}
		memset(&p, 0, sizeof(p));
		p.nrows = s.nr;
		p.ncols = s.nc;
		p.type = TDM_LAP_I64;
		p.rowptr = rowptr;
		p.col = col;
		p.cost = cost;
		p.cap = s.cap;
		p.lock = s.lock;
		CHECK_INT(tdm_lap_sparse(&p, &r), TDM_OK);
		CHECK_INT(r.nassigned, s.bcount);
		CHECK_INT(r.total, s.bcost);
		CHECK(memcmp(r.col, s.best, (size_t)s.nr * sizeof(*r.col)) ==
		    0);
		CHECK_INT(tdm_lap_certify_sparse(&p, &r, &holds), TDM_OK);
		CHECK(holds);
		if (memcmp(r.col, s.best, (size_t)s.nr * sizeof(*r.col)) ||
		    !holds)
			bad++;
		tdm_lap_result_free(&r);
	}
}

/* Small dense problems (every row placed) against the search. */
static void
small_dense(void)
{
	struct small		 s;
	struct tdm_lap_dense	 d;
	struct tdm_lap_result	 r = TDM_LAP_RESULT_INIT;
	int32_t			 c32[MAXN * MAXN], i, j, k;
	int			 bad = 0, holds;

	for (k = 0; k < 3000 && bad < 5; k++) {
		make_small(&s, 1);
		for (i = 0; i < s.nr; i++)
			for (j = 0; j < s.nc; j++)
				c32[i * s.nc + j] = (int32_t)s.cost[i][j];
		memset(&d, 0, sizeof(d));
		d.nrows = s.nr;
		d.ncols = s.nc;
		d.type = TDM_LAP_I32;
		d.cost = c32;
		d.cap = s.cap;
		d.lock = k % 3 ? s.lock : NULL;
		if (d.lock == NULL) {
			for (i = 0; i < s.nr; i++)
				s.lock[i] = -1;
			memset(s.load, 0, sizeof(s.load));
			s.found = 0;
			brute(&s, 0, 0, 0);
		}
		CHECK_INT(tdm_lap_dense(&d, &r), TDM_OK);
		CHECK_INT(r.nassigned, s.nr);
		CHECK_INT(r.total, s.bcost);
		CHECK(memcmp(r.col, s.best, (size_t)s.nr * sizeof(*r.col)) ==
		    0);
		CHECK_INT(tdm_lap_certify_dense(&d, &r, &holds), TDM_OK);
		CHECK(holds);
		if (memcmp(r.col, s.best, (size_t)s.nr * sizeof(*r.col)) ||
		    !holds)
			bad++;
		tdm_lap_result_free(&r);
	}
}

/*
 * Larger problems, ties everywhere: the pairs given in reverse order
 * (another optimum before the canonical step) give the same pairs; the
 * dense path, the sparse path on the same matrix and the dense path
 * without its coarse start too.
 */
static void
two_optima(void)
{
	enum { N = 600, M = 300 };
	static int32_t		 c32[N * M];
	static int32_t		 col[N * M], rcol[N * M];
	static int64_t		 c64[N * M], rc64[N * M];
	static size_t		 rowptr[N + 1];
	int32_t			 cap[M], i, j, k, a[N][4], b[M][4], t;
	struct tdm_lap_sparse	 p;
	struct tdm_lap_dense	 d;
	struct tdm_lap_result	 r = TDM_LAP_RESULT_INIT;
	struct tdm_lap_result	 r2 = TDM_LAP_RESULT_INIT;
	size_t			 e;
	int			 holds;

	for (k = 0; k < 3; k++) {
		for (i = 0; i < N; i++)
			for (t = 0; t < 4; t++)
				a[i][t] = (int32_t)rnd(4);
		for (j = 0; j < M; j++) {
			cap[j] = 1 + (int32_t)rnd(2);
			for (t = 0; t < 4; t++)
				b[j][t] = (int32_t)rnd(3);
		}
		/* Sparse: about a third of the pairs, some rows left out. */
		rowptr[0] = 0;
		for (i = 0, e = 0; i < N; i++) {
			for (j = 0; j < M; j++) {
				c32[i * M + j] = 0;
				for (t = 0; t < 4; t++)
					c32[i * M + j] -= a[i][t] * b[j][t];
				if (rnd(3) != 0 && k != 2)
					continue;
				col[e] = j;
				c64[e++] = c32[i * M + j];
			}
			rowptr[i + 1] = e;
		}
		for (i = 0; i < N; i++)
			for (e = rowptr[i]; e < rowptr[i + 1]; e++) {
				rcol[rowptr[i + 1] - 1 - (e - rowptr[i])] =
				    col[e];
				rc64[rowptr[i + 1] - 1 - (e - rowptr[i])] =
				    c64[e];
			}
		memset(&p, 0, sizeof(p));
		p.nrows = N;
		p.ncols = M;
		p.type = TDM_LAP_I64;
		p.rowptr = rowptr;
		p.col = col;
		p.cost = c64;
		p.cap = cap;
		CHECK_INT(tdm_lap_sparse(&p, &r), TDM_OK);
		CHECK_INT(tdm_lap_certify_sparse(&p, &r, &holds), TDM_OK);
		CHECK(holds);
		p.col = rcol;
		p.cost = rc64;
		CHECK_INT(tdm_lap_sparse(&p, &r2), TDM_OK);
		CHECK_INT(tdm_lap_certify_sparse(&p, &r2, &holds), TDM_OK);
		CHECK(holds);
		CHECK_INT(r2.total, r.total);
		CHECK(memcmp(r.col, r2.col, N * sizeof(*r.col)) == 0);
		tdm_lap_result_free(&r2);
		if (k != 2) {
			tdm_lap_result_free(&r);
			continue;
		}
		/* Every pair: the dense path, twice, against the sparse. */
		memset(&d, 0, sizeof(d));
		d.nrows = N / 2;
		d.ncols = M;
		d.type = TDM_LAP_I32;
		d.cost = c32;
		d.cap = cap;
		p.nrows = N / 2;
		p.col = col;
		p.cost = c64;
		tdm_lap_result_free(&r);
		CHECK_INT(tdm_lap_sparse(&p, &r), TDM_OK);
		CHECK_INT(tdm_lap_dense(&d, &r2), TDM_OK);
		CHECK_INT(tdm_lap_certify_dense(&d, &r2, &holds), TDM_OK);
		CHECK(holds);
		CHECK_INT(r2.total, r.total);
		CHECK(memcmp(r.col, r2.col, N / 2 * sizeof(*r.col)) == 0);
		tdm_lap_result_free(&r2);
		setenv("TANDEM_LAP_NOCOARSE", "1", 1);
		CHECK_INT(tdm_lap_dense(&d, &r2), TDM_OK);
		unsetenv("TANDEM_LAP_NOCOARSE");
		CHECK_INT(r2.total, r.total);
		CHECK(memcmp(r.col, r2.col, N / 2 * sizeof(*r.col)) == 0);
		tdm_lap_result_free(&r2);
		tdm_lap_result_free(&r);
	}
}

int
main(void)
{
	RUN(small_sparse);
	RUN(small_dense);
	RUN(two_optima);
	return DONE();
}

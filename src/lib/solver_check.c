/*
 * The solver's dense front-end and its certificates (solver.h), apart
 * from the sparse solver they use (solver.c): benchmarks and tests solve
 * dense matrices, and the matcher checks its sparse result's certificate.
 *
 * Dense matrices: the k cheapest columns of each row form the sparse
 * graph; after solving it, a pricing pass over the matrix finds the pairs
 * with r < 0, adds them, frees their rows (square mode keeps every other
 * potential: freeing a row breaks no invariant there) or restarts
 * (lexicographic mode), and solves again until a pass finds none.  The
 * final pass is the certificate over all pairs.
 *
 * The certificate of a result: the dual (u, v) that solver.c's
 * invariants promise, checked over every pair given.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/solver.h"
#include "solver_int.h"

/* Candidate columns kept per row of a dense matrix. */
#define NCAND		12
/* Pairs of negative reduced cost a pricing pass adds per row, at most. */
#define KADD		16

/* Load row i of a dense matrix, in units, into buf. */
static void
load_row(const struct tdm_lap_dense *p, const struct units *un, int32_t i,
    int64_t *buf)
{
	size_t		 off = (size_t)i * (size_t)p->ncols;
	int32_t		 j, n = p->ncols;
	const int32_t	*a;
	const int64_t	*b;
	const double	*f;

	switch (p->type) {
	case TDM_LAP_I32:
		a = (const int32_t *)p->cost + off;
		for (j = 0; j < n; j++)
			buf[j] = a[j];
		break;
	case TDM_LAP_I64:
		b = (const int64_t *)p->cost + off;
		memcpy(buf, b, (size_t)n * sizeof(*buf));
		break;
	default:
		f = (const double *)p->cost + off;
		if (un->integral)
			for (j = 0; j < n; j++)
				buf[j] = (int64_t)f[j];
		else
			for (j = 0; j < n; j++)
				buf[j] = unit_of(f[j], un);
		break;
	}
}

/*
 * The k cheapest columns of a row by (cost, index), in order: an
 * insertion into a short sorted list, which random rows rarely enter.
 */
static int32_t
select_cand(const int64_t *buf, int32_t n, int32_t k, int32_t *col,
    int64_t *cost)
{
	int32_t	 j, m = 0, p;

	for (j = 0; j < n; j++) {
		if (m == k && buf[j] >= cost[k - 1])
			continue;
		p = m < k ? m++ : k - 1;
		while (p > 0 && cost[p - 1] > buf[j]) {
			cost[p] = cost[p - 1];
			col[p] = col[p - 1];
			p--;
		}
		cost[p] = buf[j];
		col[p] = j;
	}
	return m;
}

/* The range of a dense matrix's costs in units, over unlocked rows. */
static void
dense_range(const struct tdm_lap_dense *p, const struct units *un,
    int64_t *buf, int64_t *lo, int64_t *hi)
{
	int32_t	 i, j;

	*lo = INT64_MAX;
	*hi = INT64_MIN;
	for (i = 0; i < p->nrows; i++) {
		if (p->lock && p->lock[i] >= 0)
			continue;
		load_row(p, un, i, buf);
		for (j = 0; j < p->ncols; j++) {
			if (buf[j] < *lo)
				*lo = buf[j];
			if (buf[j] > *hi)
				*hi = buf[j];
		}
	}
}

/*
 * One pricing pass: every unlocked row's pairs of negative reduced cost
 * are added to its edges.  In square mode the row is freed at once; in
 * lexicographic mode the caller restarts.  *nviol counts the rows.
 */
static enum tdm_err
price(struct core *c, const struct tdm_lap_dense *p, const struct units *un,
    int64_t *buf, int32_t *vcol, int64_t *vcost, int32_t kadd,
    int32_t *nviol)
{
	int32_t		 i, j, n = p->ncols, k, m;
	int64_t		 u, mn;
	const int64_t	*v = c->v;
	enum tdm_err	 err;

	*nviol = 0;
	for (i = 0; i < p->nrows; i++) {
		if (p->lock && p->lock[i] >= 0)
			continue;
		u = c->rcol[i] >= 0 ? c->rcost[i] - v[c->rcol[i]] : c->m;
		load_row(p, un, i, buf);
		mn = INT64_MAX;
		for (j = 0; j < n; j++)
			mn = buf[j] - v[j] < mn ? buf[j] - v[j] : mn;
		if (mn >= u)
			continue;
		for (j = 0; j < n; j++)
			buf[j] = buf[j] - v[j] < u ? buf[j] - v[j] : INT64_MAX;
		m = select_cand(buf, n, kadd, vcol, vcost);
		for (k = 0; k < m && vcost[k] != INT64_MAX; k++)
			vcost[k] += v[vcol[k]];
		if ((err = core_add_edges(c, i, vcol, vcost, k)) != TDM_OK)
			return err;
		if (!c->lex)
			core_free_row(c, i);
		(*nviol)++;
	}
	return TDM_OK;
}

/*
 * A square-mode row with no augmenting path in its candidates gets k
 * more: the columns it lacks that are cheapest at the current prices
 * (c - v, then index), where the crowded columns have become dear.
 * mark is ncols zeros and is left so.
 */
static enum tdm_err
widen_rows(struct core *c, const struct tdm_lap_dense *p,
    const struct units *un, int64_t *buf, int32_t *vcol, int64_t *vcost,
    unsigned char *mark, const int32_t *rows, int32_t n, int32_t k)
{
	int32_t		 r, j, e, i, m;
	const int32_t	*col;
	enum tdm_err	 err;

	for (r = 0; r < n; r++) {
		i = rows[r];
		col = c->ecol + c->eoff[i];
		for (e = 0; e < c->elen[i]; e++)
			mark[col[e]] = 1;
		load_row(p, un, i, buf);
		/* Reduced keys; a marked column sorts last. */
		for (j = 0; j < p->ncols; j++)
			buf[j] = mark[j] ? INT64_MAX : buf[j] - c->v[j];
		m = select_cand(buf, p->ncols, k, vcol, vcost);
		for (e = 0; e < c->elen[i]; e++)
			mark[col[e]] = 0;
		load_row(p, un, i, buf);
		for (j = 0; j < m && vcost[j] != INT64_MAX; j++)
			vcost[j] = buf[vcol[j]];
		if ((err = core_add_edges(c, i, vcol, vcost, (size_t)j)) !=
		    TDM_OK)
			return err;
	}
	return TDM_OK;
}

/*
 * Square mode may start from any prices: Jonker-Volgenant's column
 * reduction, v[j] = min over unlocked rows of c[i][j], makes a crowded
 * column dear before candidates are chosen by c - v.
 */
static void
col_reduce(struct core *c, const struct tdm_lap_dense *p,
    const struct units *un, int64_t *buf)
{
	int32_t	 i, j;

	for (j = 0; j < p->ncols; j++)
		c->v[j] = INT64_MAX;
	for (i = 0; i < p->nrows; i++) {
		if (p->lock && p->lock[i] >= 0)
			continue;
		load_row(p, un, i, buf);
		for (j = 0; j < p->ncols; j++)
			c->v[j] = buf[j] < c->v[j] ? buf[j] : c->v[j];
	}
	for (j = 0; j < p->ncols; j++)
		if (c->v[j] == INT64_MAX)
			c->v[j] = 0;
}

static enum tdm_err
dense_units(const struct tdm_lap_dense *p, struct units *un)
{
	un->scale = 1;
	un->integral = 1;
	if (p->type == TDM_LAP_F64)
		return lap_float_units(p->cost,
		    (size_t)p->nrows * (size_t)p->ncols, p->nrows, un);
	return TDM_OK;
}

static enum tdm_err
dense_check(const struct tdm_lap_dense *p)
{
	if (p->nrows < 0 || p->ncols < 0 || p->type < 0 ||
	    p->type >= TDM_LAP_TYPE__MAX ||
	    (p->cost == NULL && p->nrows && p->ncols))
		return TDM_EINVAL;
	return TDM_OK;
}

enum tdm_err
tdm_lap_dense(const struct tdm_lap_dense *p, struct tdm_lap_result *res)
{
	struct core	 c;
	struct units	 un;
	int64_t		*buf = NULL, *vcost = NULL, *lockcost = NULL;
	int64_t		 seats, lo, hi;
	int32_t		*vcol = NULL, *failed = NULL;
	unsigned char	*mark = NULL;
	int32_t		 i, j, nfree, nfail, nviol, k, rounds = 0;
	enum tdm_err	 err;
	size_t		 w;

	memset(res, 0, sizeof(*res));
	res->scale = 1;
	if ((err = dense_check(p)) != TDM_OK)
		return err;
	if ((err = dense_units(p, &un)) != TDM_OK)
		return err;
	if ((err = core_init(&c, p->nrows, p->ncols)) != TDM_OK) {
		core_free(&c);
		return err;
	}
	w = p->ncols ? (size_t)p->ncols : 1;
	buf = malloc(w * sizeof(*buf));
	vcost = malloc(w * sizeof(*vcost));
	vcol = malloc(w * sizeof(*vcol));
	failed = malloc((p->nrows ? (size_t)p->nrows : 1) * sizeof(*failed));
	lockcost = calloc(p->nrows ? (size_t)p->nrows : 1, sizeof(*lockcost));
	mark = calloc(w, 1);
	err = TDM_ENOMEM;
	if (!buf || !vcost || !vcol || !failed || !lockcost || !mark)
		goto out;
	err = core_set_caps(&c, p->cap, p->seats, p->lock, &nfree, &seats);
	if (err != TDM_OK)
		goto out;
	err = TDM_EINVAL;
	if (nfree > seats)
		goto out;
	c.lex = nfree < seats;
	dense_range(p, &un, buf, &lo, &hi);
	if ((c.m = lap_big_m(lo, hi, nfree)) < 0)
		goto out;

	k = p->ncols < NCAND ? p->ncols : NCAND;
	if (!c.lex)
		col_reduce(&c, p, &un, buf);
	for (i = 0; i < p->nrows; i++) {
		load_row(p, &un, i, buf);
		if (p->lock && p->lock[i] >= 0) {
			lockcost[i] = buf[p->lock[i]];
			continue;
		}
		for (j = 0; j < p->ncols; j++)
			buf[j] -= c.v[j];
		select_cand(buf, p->ncols, k, vcol, vcost);
		for (j = 0; j < k; j++)
			vcost[j] += c.v[vcol[j]];
		err = core_add_edges(&c, i, vcol, vcost, (size_t)k);
		if (err != TDM_OK)
			goto out;
	}
	for (;;) {
		if ((err = core_run(&c, p->lock, failed, &nfail)) != TDM_OK)
			goto out;
		if (nfail) {
			err = widen_rows(&c, p, &un, buf, vcol, vcost, mark,
			    failed, nfail, k);
			if (err != TDM_OK)
				goto out;
			continue;
		}
		rounds++;
		if ((err = price(&c, p, &un, buf, vcol, vcost, KADD,
		    &nviol)) != TDM_OK)
			goto out;
		if (nviol == 0)
			break;
		if (c.lex)
			core_reset(&c);
	}
	if ((err = lap_result_alloc(res, p->nrows, p->ncols)) != TDM_OK)
		goto out;
	core_export(&c, p->lock, lockcost, res);
	res->scale = un.scale;
	res->rounds = rounds;
	res->objective = (double)res->total / un.scale;
	if (p->type == TDM_LAP_F64 && !un.integral) {
		res->objective = 0;
		for (i = 0; i < p->nrows; i++)
			if (res->col[i] >= 0)
				res->objective += ((const double *)p->cost)
				    [(size_t)i * p->ncols + res->col[i]];
	}
	err = TDM_OK;
out:
	free(buf);
	free(vcost);
	free(vcol);
	free(failed);
	free(lockcost);
	free(mark);
	core_free(&c);
	return err;
}

/*
 * The part of the certificate that does not look at pairs: sizes, locks,
 * capacities, column prices, unassigned rows and big_m.  load gets each
 * column's rows.
 */
static int
certify_common(const struct tdm_lap_result *res, const int32_t *cap,
    int32_t seats, const int32_t *lock, int64_t lo, int64_t hi,
    int32_t *load)
{
	int32_t	 i, j, nfree = 0;
	int64_t	 m;

	for (i = 0; i < res->nrows; i++) {
		j = res->col[i];
		if (lock && lock[i] >= 0 && j != lock[i])
			return 0;
		if (!(lock && lock[i] >= 0))
			nfree++;
		if (j < -1 || j >= res->ncols)
			return 0;
		if (j >= 0)
			load[j]++;
	}
	for (j = 0; j < res->ncols; j++) {
		if (load[j] > (cap ? cap[j] : seats))
			return 0;
		if (res->v[j] > 0 ||
		    (res->v[j] < 0 && load[j] < (cap ? cap[j] : seats)))
			return 0;
	}
	m = lap_big_m(lo, hi, nfree);
	if (m < 0 || res->big_m < m)
		return 0;
	for (i = 0; i < res->nrows; i++) {
		if (lock && lock[i] >= 0)
			continue;
		if (res->col[i] < 0 && res->u[i] != res->big_m)
			return 0;
		if (res->u[i] > res->big_m)
			return 0;
	}
	return 1;
}

enum tdm_err
tdm_lap_certify_dense(const struct tdm_lap_dense *p,
    const struct tdm_lap_result *res, int *holds)
{
	struct units	 un;
	int64_t		*buf = NULL, lo, hi, r;
	int32_t		*load = NULL, i, j;
	enum tdm_err	 err;

	*holds = 0;
	if ((err = dense_check(p)) != TDM_OK)
		return err;
	if (res->nrows != p->nrows || res->ncols != p->ncols ||
	    (p->nrows && (!res->col || !res->u)) || (p->ncols && !res->v))
		return TDM_EINVAL;
	if ((err = dense_units(p, &un)) != TDM_OK)
		return err;
	if (p->type == TDM_LAP_F64 && !un.integral)
		un.scale = res->scale;
	buf = malloc((p->ncols ? (size_t)p->ncols : 1) * sizeof(*buf));
	load = calloc(p->ncols ? (size_t)p->ncols : 1, sizeof(*load));
	err = TDM_ENOMEM;
	if (!buf || !load)
		goto out;
	err = TDM_OK;
	dense_range(p, &un, buf, &lo, &hi);
	if (!certify_common(res, p->cap, p->seats, p->lock, lo, hi, load))
		goto out;
	for (i = 0; i < p->nrows; i++) {
		if (p->lock && p->lock[i] >= 0)
			continue;
		load_row(p, &un, i, buf);
		for (j = 0; j < p->ncols; j++) {
			r = buf[j] - res->u[i] - res->v[j];
			if (r < 0 || (j == res->col[i] && r != 0))
				goto out;
		}
	}
	*holds = 1;
out:
	free(buf);
	free(load);
	return err;
}

enum tdm_err
tdm_lap_certify_sparse(const struct tdm_lap_sparse *p,
    const struct tdm_lap_result *res, int *holds)
{
	struct units	 un;
	int64_t		 lo, hi, r;
	int32_t		*load = NULL, i;
	size_t		 e;
	int		 seen;
	enum tdm_err	 err;

	*holds = 0;
	if ((err = lap_sparse_check(p, res->scale, &un, &lo, &hi)) != TDM_OK)
		return err;
	if (res->nrows != p->nrows || res->ncols != p->ncols ||
	    (p->nrows && (!res->col || !res->u)) || (p->ncols && !res->v))
		return TDM_EINVAL;
	if ((load = calloc(p->ncols ? (size_t)p->ncols : 1,
	    sizeof(*load))) == NULL)
		return TDM_ENOMEM;
	if (!certify_common(res, p->cap, p->seats, p->lock, lo, hi, load))
		goto out;
	for (i = 0; i < p->nrows; i++) {
		seen = res->col[i] < 0;
		for (e = p->rowptr[i]; e < p->rowptr[i + 1]; e++) {
			if (p->col[e] == res->col[i])
				seen = 1;
			if (p->lock && p->lock[i] >= 0)
				continue;
			r = sparse_cost(p, &un, e) - res->u[i] -
			    res->v[p->col[e]];
			if (r < 0 || (p->col[e] == res->col[i] && r != 0))
				goto out;
		}
		if (!seen)
			goto out;
	}
	*holds = 1;
out:
	free(load);
	return err;
}


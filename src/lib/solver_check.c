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
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tandem/solver.h"
#include "solver_int.h"

/* Candidate columns kept per row of a dense matrix. */
#define NCAND		12
/* Pairs of negative reduced cost a pricing pass adds per row, at most. */
#define KADD		16
/*
 * Tie-heavy square problems of at least COARSE_MIN rows start from the
 * prices of a coarse problem: every COARSE_STEP-th row and column.
 */
#define COARSE_MIN	1024
#define COARSE_STEP	4
/* Threads a pass uses, at most. */
#define MAXTHREADS	8

/*
 * The passes over the matrix.  An int32 matrix is read as it is, never
 * widened: when the prices fit 32 bits and so does every c - v, the
 * reduced costs are computed 8 lanes at a time (GNU C vector extensions;
 * AVX2 code when the processor has it, chosen once at run time, else the
 * compiler's lowering to the baseline, SSE2 on x86-64); other matrices
 * go through a row buffer of int64 units.  Both give the same numbers.
 */
#if defined(__GNUC__)
#define LAP_VEC		1
typedef int32_t v8i __attribute__((vector_size(32)));
#define LD8(p)		__extension__ ({ v8i x_; memcpy(&x_, (p), 32); x_; })
#define ST8(p, x)	do { v8i y_ = (x); memcpy((p), &y_, 32); } while (0)
#define MIN8(a, b)	__extension__ ({ v8i a_ = (a), b_ = (b),	\
			    m_ = a_ < b_; (a_ & m_) | (b_ & ~m_); })
#define MAX8(a, b)	__extension__ ({ v8i a_ = (a), b_ = (b),	\
			    m_ = a_ > b_; (a_ & m_) | (b_ & ~m_); })
#endif

/* The kernels, each written once and compiled for each target. */
#define K_COLMIN(NAME, ATTR)						\
ATTR static int32_t							\
NAME(const int32_t *a, int32_t *mn, int32_t n)				\
{									\
	int32_t	 j = 0, mx = INT32_MIN;					\
	KV_COLMIN							\
	for (; j < n; j++) {						\
		mn[j] = a[j] < mn[j] ? a[j] : mn[j];			\
		mx = a[j] > mx ? a[j] : mx;				\
	}								\
	return mx;							\
}
#define K_REDMIN(NAME, ATTR)						\
ATTR static int32_t							\
NAME(const int32_t *a, const int32_t *v, int32_t n)			\
{									\
	int32_t	 j = 0, mn = INT32_MAX, r;				\
	KV_REDMIN							\
	for (; j < n; j++) {						\
		r = a[j] - v[j];					\
		mn = r < mn ? r : mn;					\
	}								\
	return mn;							\
}
#define K_RED(NAME, ATTR)						\
ATTR static void							\
NAME(const int32_t *a, const int32_t *v, int32_t *out, int32_t n)	\
{									\
	int32_t	 j = 0;							\
	KV_RED								\
	for (; j < n; j++)						\
		out[j] = a[j] - v[j];					\
}
#define K_CTRANS(NAME, ATTR)						\
ATTR static void							\
NAME(const int32_t *a, int32_t u, int32_t *mn, int32_t n)		\
{									\
	int32_t	 j = 0, r;						\
	KV_CTRANS							\
	for (; j < n; j++) {						\
		r = a[j] - u;						\
		mn[j] = r < mn[j] ? r : mn[j];				\
	}								\
}

#ifdef LAP_VEC
#define KV_COLMIN							\
	v8i vx = { INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN,		\
	    INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN };		\
	int t_;								\
	for (; j + 8 <= n; j += 8) {					\
		v8i x = LD8(a + j);					\
		ST8(mn + j, MIN8(x, LD8(mn + j)));			\
		vx = MAX8(vx, x);					\
	}								\
	for (t_ = 0; t_ < 8; t_++)					\
		mx = vx[t_] > mx ? vx[t_] : mx;
#define KV_REDMIN							\
	v8i vm = { INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX,		\
	    INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX };		\
	int t_;								\
	for (; j + 8 <= n; j += 8)					\
		vm = MIN8(vm, LD8(a + j) - LD8(v + j));			\
	for (t_ = 0; t_ < 8; t_++)					\
		mn = vm[t_] < mn ? vm[t_] : mn;
#define KV_RED								\
	for (; j + 8 <= n; j += 8)					\
		ST8(out + j, LD8(a + j) - LD8(v + j));
#define KV_CTRANS							\
	for (; j + 8 <= n; j += 8)					\
		ST8(mn + j, MIN8(LD8(a + j) - u, LD8(mn + j)));
#else
#define KV_COLMIN
#define KV_REDMIN
#define KV_RED
#define KV_CTRANS
#endif

K_COLMIN(k_colmin_base, )
K_REDMIN(k_redmin_base, )
K_RED(k_red_base, )
K_CTRANS(k_ctrans_base, )

#if defined(LAP_VEC) && defined(__x86_64__)
#define LAP_AVX2	1
#define AVX2		__attribute__((target("avx2")))
K_COLMIN(k_colmin_avx2, AVX2)
K_REDMIN(k_redmin_avx2, AVX2)
K_RED(k_red_avx2, AVX2)
K_CTRANS(k_ctrans_avx2, AVX2)
#endif

static struct {
	int32_t	(*colmin)(const int32_t *, int32_t *, int32_t);
	int32_t	(*redmin)(const int32_t *, const int32_t *, int32_t);
	void	(*red)(const int32_t *, const int32_t *, int32_t *, int32_t);
	void	(*ctrans)(const int32_t *, int32_t, int32_t *, int32_t);
} kern = { k_colmin_base, k_redmin_base, k_red_base, k_ctrans_base };
static pthread_once_t	 kern_once = PTHREAD_ONCE_INIT;

static void
kern_choose(void)
{
#ifdef LAP_AVX2
	__builtin_cpu_init();
	if (__builtin_cpu_supports("avx2") &&
	    getenv("TANDEM_NO_AVX2") == NULL) {
		kern.colmin = k_colmin_avx2;
		kern.redmin = k_redmin_avx2;
		kern.red = k_red_avx2;
		kern.ctrans = k_ctrans_avx2;
	}
#endif
}

/*
 * How many threads a pass over the matrix uses: TANDEM_THREADS if set
 * (1 for one thread), else the processors the load average leaves idle,
 * at least 1.  The results do not depend on it.
 */
int
lap_threads(void)
{
	const char	*e = getenv("TANDEM_THREADS");
	double		 load[1];
	long		 n, x;

	if (e != NULL && *e != '\0') {
		x = strtol(e, NULL, 10);
		return x < 1 ? 1 : x > MAXTHREADS ? MAXTHREADS : (int)x;
	}
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	if (getloadavg(load, 1) == 1 && load[0] > 0)
		n -= (long)load[0];
	return n < 1 ? 1 : n > MAXTHREADS ? MAXTHREADS : (int)n;
}

/* Run fn on parts 1 .. n - 1 in threads and on part 0 here. */
int
lap_parallel(void *parts, size_t size, int n, void *(*fn)(void *))
{
	pthread_t	 th[MAXTHREADS];
	int		 t, made[MAXTHREADS];

	for (t = 1; t < n; t++)
		made[t] = pthread_create(&th[t], NULL, fn,
		    (char *)parts + t * size) == 0;
	fn(parts);
	for (t = 1; t < n; t++) {
		if (made[t])
			pthread_join(th[t], NULL);
		else
			fn((char *)parts + t * size);
	}
	return 0;
}

/* What the passes over one dense matrix share. */
struct dense {
	const struct tdm_lap_dense *p;
	const struct units *un;
	int		 nt;		/* threads */
	int32_t		*v32;		/* prices as int32, if fast */
	int		 fast;		/* int32 matrix, int32 reduced costs */
	int64_t		 lo, hi;	/* the costs' range, unlocked rows */
};

static inline int
locked(const struct tdm_lap_dense *p, int32_t i)
{
	return p->lock != NULL && p->lock[i] >= 0;
}

static inline const int32_t *
row32(const struct tdm_lap_dense *p, int32_t i)
{
	return (const int32_t *)p->cost + (size_t)i * (size_t)p->ncols;
}

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
 * The k cheapest of keys r[j] < bound by (key, position in the scan), in
 * order, the scan starting at column s and wrapping around: an insertion
 * into a short sorted list, which random rows rarely enter.  Rows start
 * at different columns so that ties do not all fall on the same ones.
 */
#define SELECT_BODY							\
	int32_t	 j, t, m = 0, q;					\
	int64_t	 x;							\
									\
	for (t = 0; t < n; t++) {					\
		j = t < n - s ? t + s : t - (n - s);			\
		x = r[j];						\
		if (x >= bound || (m == k && x >= cost[k - 1]))		\
			continue;					\
		q = m < k ? m++ : k - 1;				\
		while (q > 0 && cost[q - 1] > x) {			\
			cost[q] = cost[q - 1];				\
			col[q] = col[q - 1];				\
			q--;						\
		}							\
		cost[q] = x;						\
		col[q] = j;						\
	}								\
	return m;

static int32_t
select64(const int64_t *r, int32_t n, int32_t s, int64_t bound, int32_t k,
    int32_t *col, int64_t *cost)
{
	SELECT_BODY
}

static int32_t
select32(const int32_t *r, int32_t n, int32_t s, int64_t bound, int32_t k,
    int32_t *col, int64_t *cost)
{
	SELECT_BODY
}

/* Where row i's scan starts: spread over the columns, fixed. */
static int32_t
row_start(int32_t i, int32_t n)
{
	uint64_t	 h = (uint64_t)(uint32_t)i * 0x9E3779B97F4A7C15ULL;

	return n ? (int32_t)((h >> 32) % (uint64_t)n) : 0;
}

/*
 * Row i's reduced costs c - v into the part's buffer; returns the k
 * cheapest below bound (col, cost: the pairs' costs, not reduced).
 */
static int32_t
row_select(const struct dense *x, const int64_t *v, int32_t i, void *buf,
    int64_t bound, int32_t k, int32_t *col, int64_t *cost)
{
	const struct tdm_lap_dense *p = x->p;
	int32_t		 j, m, n = p->ncols;
	int64_t		*b = buf;

	if (x->fast) {
		kern.red(row32(p, i), x->v32, buf, n);
		m = select32(buf, n, row_start(i, n), bound, k, col, cost);
	} else {
		load_row(p, x->un, i, b);
		for (j = 0; j < n; j++)
			b[j] -= v[j];
		m = select64(b, n, row_start(i, n), bound, k, col, cost);
	}
	for (j = 0; j < m; j++)
		cost[j] += v[col[j]];
	return m;
}

/* The least reduced cost c - v of row i. */
static int64_t
row_min(const struct dense *x, const int64_t *v, int32_t i, int64_t *buf)
{
	const struct tdm_lap_dense *p = x->p;
	int32_t		 j, n = p->ncols;
	int64_t		 mn = INT64_MAX;

	if (x->fast)
		return n ? kern.redmin(row32(p, i), x->v32, n) : INT64_MAX;
	load_row(p, x->un, i, buf);
	for (j = 0; j < n; j++)
		mn = buf[j] - v[j] < mn ? buf[j] - v[j] : mn;
	return mn;
}

/*
 * Whether prices v can go through the int32 kernels: an int32 matrix,
 * every price and every c - v within 32 bits.  Sets x->fast and x->v32.
 */
static void
dense_fast(struct dense *x, const int64_t *v)
{
	int32_t	 j;
	int64_t	 vlo = INT64_MAX, vhi = INT64_MIN;

	x->fast = 0;
	if (x->p->type != TDM_LAP_I32 || getenv("TANDEM_LAP_SCALAR"))
		return;
	for (j = 0; j < x->p->ncols; j++) {
		vlo = v[j] < vlo ? v[j] : vlo;
		vhi = v[j] > vhi ? v[j] : vhi;
	}
	if (x->p->ncols && (vlo < INT32_MIN || vhi > INT32_MAX ||
	    x->hi - vlo > INT32_MAX || x->lo - vhi < INT32_MIN))
		return;
	for (j = 0; j < x->p->ncols; j++)
		x->v32[j] = (int32_t)v[j];
	x->fast = 1;
}

/*
 * Rows lo .. hi - 1 of one pass, in one thread.  The passes read the
 * core and write only their part, so the parts run in any order and the
 * result is that of one thread.
 */
struct part {
	const struct dense *x;
	const struct core *c;
	int32_t		 lo, hi;
	int32_t		 k;		/* pairs wanted per row */
	enum tdm_err	 err;
	void		*buf;		/* ncols int64 of work */
	/* range: */
	int64_t		 rlo, rhi;
	int64_t		*cmin;		/* ncols: column minima, or NULL */
	int32_t		*cmin32;
	/* candidates: k per row, rows lo .. hi - 1 */
	int32_t		*ccol, *ccnt;
	int64_t		*ccost;
	/* pricing: the rows found, their pairs */
	int32_t		*prow, *pcnt, *pcol;
	int64_t		*pcost;
	size_t		 np, npairs, pa, pra;
	/* c-transform: rows rows[lo .. hi - 1] at potentials u */
	const int32_t	*rows;
	const int64_t	*u;
};

static void *
range_part(void *arg)
{
	struct part	*pt = arg;
	const struct tdm_lap_dense *p = pt->x->p;
	int64_t		*buf = pt->buf;
	int32_t		 i, j, mx;

	pt->rlo = INT64_MAX;
	pt->rhi = INT64_MIN;
	pt->np = 0;
	for (i = pt->lo; i < pt->hi; i++) {
		if (locked(p, i))
			continue;
		pt->np++;
		if (pt->cmin32 != NULL) {
			mx = kern.colmin(row32(p, i), pt->cmin32, p->ncols);
			pt->rhi = mx > pt->rhi ? mx : pt->rhi;
			continue;
		}
		load_row(p, pt->x->un, i, buf);
		for (j = 0; j < p->ncols; j++) {
			pt->rlo = buf[j] < pt->rlo ? buf[j] : pt->rlo;
			pt->rhi = buf[j] > pt->rhi ? buf[j] : pt->rhi;
			if (pt->cmin != NULL && buf[j] < pt->cmin[j])
				pt->cmin[j] = buf[j];
		}
	}
	if (pt->cmin32 != NULL && pt->np > 0)
		for (j = 0; j < p->ncols; j++)
			pt->rlo = pt->cmin32[j] < pt->rlo ? pt->cmin32[j] :
			    pt->rlo;
	return NULL;
}

/* Split rows 0 .. n - 1 into nt parts. */
static void
split(struct part *pt, int nt, int32_t n)
{
	int	 t;

	for (t = 0; t < nt; t++) {
		pt[t].lo = (int32_t)((int64_t)n * t / nt);
		pt[t].hi = (int32_t)((int64_t)n * (t + 1) / nt);
	}
}

/* Allocate each part's row buffer and clear its outputs. */
static enum tdm_err
parts_init(struct part *pt, int nt, const struct dense *x,
    const struct core *c)
{
	int	 t;
	size_t	 w = x->p->ncols ? (size_t)x->p->ncols : 1;

	memset(pt, 0, (size_t)nt * sizeof(*pt));
	split(pt, nt, x->p->nrows);
	for (t = 0; t < nt; t++) {
		pt[t].x = x;
		pt[t].c = c;
		if ((pt[t].buf = malloc(w * sizeof(int64_t))) == NULL)
			return TDM_ENOMEM;
	}
	return TDM_OK;
}

static void
parts_free(struct part *pt, int nt)
{
	int	 t;

	for (t = 0; t < nt; t++) {
		free(pt[t].buf);
		free(pt[t].cmin);
		free(pt[t].cmin32);
		free(pt[t].prow);
		free(pt[t].pcnt);
		free(pt[t].pcol);
		free(pt[t].pcost);
	}
}

/*
 * The range of a dense matrix's costs in units, over unlocked rows, and
 * if cmin is not NULL each column's least cost (Jonker-Volgenant's
 * column reduction).  One pass, split by rows.
 */
static enum tdm_err
dense_range(struct dense *x, int64_t *cmin)
{
	const struct tdm_lap_dense *p = x->p;
	struct part	 pt[MAXTHREADS];
	int		 t, nt = x->nt;
	int32_t		 j;
	enum tdm_err	 err;

	if ((err = parts_init(pt, nt, x, NULL)) != TDM_OK)
		goto out;
	err = TDM_ENOMEM;
	for (t = 0; t < nt; t++) {
		if (p->type == TDM_LAP_I32) {
			pt[t].cmin32 = malloc((p->ncols ? (size_t)p->ncols :
			    1) * sizeof(int32_t));
			if (pt[t].cmin32 == NULL)
				goto out;
			for (j = 0; j < p->ncols; j++)
				pt[t].cmin32[j] = INT32_MAX;
		} else if (cmin != NULL) {
			pt[t].cmin = malloc((p->ncols ? (size_t)p->ncols :
			    1) * sizeof(int64_t));
			if (pt[t].cmin == NULL)
				goto out;
			for (j = 0; j < p->ncols; j++)
				pt[t].cmin[j] = INT64_MAX;
		}
	}
	lap_parallel(pt, sizeof(*pt), nt, range_part);
	x->lo = INT64_MAX;
	x->hi = INT64_MIN;
	for (t = 0; t < nt; t++) {
		x->lo = pt[t].rlo < x->lo ? pt[t].rlo : x->lo;
		x->hi = pt[t].rhi > x->hi ? pt[t].rhi : x->hi;
	}
	if (cmin != NULL)
		for (j = 0; j < p->ncols; j++) {
			cmin[j] = INT64_MAX;
			for (t = 0; t < nt; t++) {
				if (pt[t].np == 0)
					continue;
				if (pt[t].cmin32 && pt[t].cmin32[j] < cmin[j])
					cmin[j] = pt[t].cmin32[j];
				if (pt[t].cmin && pt[t].cmin[j] < cmin[j])
					cmin[j] = pt[t].cmin[j];
			}
			/* Every row locked: the price does not matter. */
			if (cmin[j] == INT64_MAX)
				cmin[j] = 0;
		}
	err = TDM_OK;
out:
	parts_free(pt, nt);
	return err;
}

static void *
cand_part(void *arg)
{
	struct part	*pt = arg;
	const struct tdm_lap_dense *p = pt->x->p;
	int32_t		 i;
	size_t		 o;

	for (i = pt->lo; i < pt->hi; i++) {
		if (locked(p, i))
			continue;
		o = (size_t)i * (size_t)pt->k;
		pt->ccnt[i] = row_select(pt->x, pt->c->v, i, pt->buf,
		    INT64_MAX, pt->k, pt->ccol + o, pt->ccost + o);
	}
	return NULL;
}

/* Every unlocked row's k cheapest pairs at prices c->v become its edges. */
static enum tdm_err
dense_cand(struct core *c, struct dense *x, int32_t k)
{
	const struct tdm_lap_dense *p = x->p;
	struct part	 pt[MAXTHREADS];
	int32_t		*ccol = NULL, *ccnt = NULL, i;
	int64_t		*ccost = NULL;
	size_t		 w = (size_t)p->nrows * (size_t)k + 1;
	int		 t, nt = x->nt;
	enum tdm_err	 err;

	if ((err = parts_init(pt, nt, x, c)) != TDM_OK)
		goto out;
	err = TDM_ENOMEM;
	ccol = malloc(w * sizeof(*ccol));
	ccost = malloc(w * sizeof(*ccost));
	ccnt = calloc((size_t)p->nrows + 1, sizeof(*ccnt));
	if (!ccol || !ccost || !ccnt)
		goto out;
	dense_fast(x, c->v);
	for (t = 0; t < nt; t++) {
		pt[t].k = k;
		pt[t].ccol = ccol;
		pt[t].ccost = ccost;
		pt[t].ccnt = ccnt;
	}
	lap_parallel(pt, sizeof(*pt), nt, cand_part);
	err = TDM_OK;
	for (i = 0; i < p->nrows && err == TDM_OK; i++)
		if (ccnt[i] > 0)
			err = core_add_edges(c, i, ccol + (size_t)i * k,
			    ccost + (size_t)i * k, (size_t)ccnt[i]);
out:
	parts_free(pt, nt);
	free(ccol);
	free(ccost);
	free(ccnt);
	return err;
}

/* Keep row i's m pairs in the part's lists. */
static int
part_keep(struct part *pt, int32_t i, const int32_t *col,
    const int64_t *cost, int32_t m)
{
	size_t	 na;
	void	*q;

	if (pt->np == pt->pra) {
		na = pt->pra ? pt->pra * 2 : 64;
		if ((q = realloc(pt->prow, na * sizeof(*pt->prow))) == NULL)
			return 0;
		pt->prow = q;
		if ((q = realloc(pt->pcnt, na * sizeof(*pt->pcnt))) == NULL)
			return 0;
		pt->pcnt = q;
		pt->pra = na;
	}
	if (pt->npairs + (size_t)m > pt->pa) {
		na = pt->pa ? pt->pa * 2 : 1024;
		while (na < pt->npairs + (size_t)m)
			na *= 2;
		if ((q = realloc(pt->pcol, na * sizeof(*pt->pcol))) == NULL)
			return 0;
		pt->pcol = q;
		if ((q = realloc(pt->pcost, na * sizeof(*pt->pcost))) == NULL)
			return 0;
		pt->pcost = q;
		pt->pa = na;
	}
	memcpy(pt->pcol + pt->npairs, col, (size_t)m * sizeof(*col));
	memcpy(pt->pcost + pt->npairs, cost, (size_t)m * sizeof(*cost));
	pt->prow[pt->np] = i;
	pt->pcnt[pt->np++] = m;
	pt->npairs += (size_t)m;
	return 1;
}

static void *
price_part(void *arg)
{
	struct part	*pt = arg;
	const struct core *c = pt->c;
	const struct tdm_lap_dense *p = pt->x->p;
	int32_t		 i, m, col[KADD];
	int64_t		 u, cost[KADD];

	for (i = pt->lo; i < pt->hi; i++) {
		if (locked(p, i))
			continue;
		u = c->rcol[i] >= 0 ? c->rcost[i] - c->v[c->rcol[i]] : c->m;
		if (row_min(pt->x, c->v, i, pt->buf) >= u)
			continue;
		m = row_select(pt->x, c->v, i, pt->buf, u, pt->k, col, cost);
		if (!part_keep(pt, i, col, cost, m)) {
			pt->err = TDM_ENOMEM;
			return NULL;
		}
	}
	return NULL;
}

/*
 * One pricing pass: every unlocked row's pairs of negative reduced cost
 * (up to kadd, the cheapest) are added to its edges.  In square mode the
 * row is freed at once; in lexicographic mode the caller restarts.
 * *nviol counts the rows.  The rows are read in parallel; the core
 * changes afterwards, in row order.
 */
static enum tdm_err
price(struct core *c, struct dense *x, int32_t kadd, int32_t *nviol,
    int64_t *added)
{
	struct part	 pt[MAXTHREADS];
	int		 t, nt = x->nt;
	size_t		 r, e, q;
	enum tdm_err	 err;

	*nviol = 0;
	for (r = 0; r < (size_t)c->nr; r++)
		added[r] = INT64_MAX;
	if ((err = parts_init(pt, nt, x, c)) != TDM_OK)
		goto out;
	dense_fast(x, c->v);
	for (t = 0; t < nt; t++)
		pt[t].k = kadd;
	lap_parallel(pt, sizeof(*pt), nt, price_part);
	for (t = 0; t < nt; t++)
		if ((err = pt[t].err) != TDM_OK)
			goto out;
	for (t = 0; t < nt; t++)
		for (r = 0, e = 0; r < pt[t].np; e += pt[t].pcnt[r++]) {
			err = core_add_edges(c, pt[t].prow[r], pt[t].pcol + e,
			    pt[t].pcost + e, (size_t)pt[t].pcnt[r]);
			if (err != TDM_OK)
				goto out;
			if (!c->lex)
				core_free_row(c, pt[t].prow[r]);
			/* The first pair is the cheapest in c - v, not in c. */
			for (q = e; q < e + (size_t)pt[t].pcnt[r]; q++)
				if (pt[t].pcost[q] < added[pt[t].prow[r]])
					added[pt[t].prow[r]] = pt[t].pcost[q];
			(*nviol)++;
		}
out:
	parts_free(pt, nt);
	return err;
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
		m = select64(buf, p->ncols, 0, INT64_MAX, k, vcol, vcost);
		for (e = 0; e < c->elen[i]; e++)
			mark[col[e]] = 0;
		load_row(p, un, i, buf);
		for (j = 0; j < m; j++)
			vcost[j] = buf[vcol[j]];
		if ((err = core_add_edges(c, i, vcol, vcost, (size_t)m)) !=
		    TDM_OK)
			return err;
	}
	return TDM_OK;
}

static void *
ctrans_part(void *arg)
{
	struct part	*pt = arg;
	const struct tdm_lap_dense *p = pt->x->p;
	int64_t		*buf = pt->buf;
	int32_t		 t, j;

	for (t = pt->lo; t < pt->hi; t++) {
		if (pt->cmin32 != NULL) {
			kern.ctrans(row32(p, pt->rows[t]), (int32_t)pt->u[t],
			    pt->cmin32, p->ncols);
			continue;
		}
		load_row(p, pt->x->un, pt->rows[t], buf);
		for (j = 0; j < p->ncols; j++)
			if (buf[j] - pt->u[t] < pt->cmin[j])
				pt->cmin[j] = buf[j] - pt->u[t];
	}
	return NULL;
}

/*
 * v[j] = min over rows[t] of c[rows[t]][j] - u[t], the highest prices
 * that keep those rows' reduced costs non-negative at potentials u.
 */
static enum tdm_err
ctrans(struct dense *x, const int32_t *rows, const int64_t *u, int32_t n,
    int64_t *v)
{
	const struct tdm_lap_dense *p = x->p;
	struct part	 pt[MAXTHREADS];
	int		 t, nt = x->nt, narrow;
	int64_t		 ulo = INT64_MAX, uhi = INT64_MIN;
	int32_t		 j;
	enum tdm_err	 err;

	for (t = 0; t < n; t++) {
		ulo = u[t] < ulo ? u[t] : ulo;
		uhi = u[t] > uhi ? u[t] : uhi;
	}
	narrow = p->type == TDM_LAP_I32 && ulo >= INT32_MIN &&
	    uhi <= INT32_MAX && x->hi - ulo <= INT32_MAX &&
	    x->lo - uhi >= INT32_MIN;
	if ((err = parts_init(pt, nt, x, NULL)) != TDM_OK)
		goto out;
	err = TDM_ENOMEM;
	for (t = 0; t < nt; t++) {
		pt[t].lo = (int32_t)((int64_t)n * t / nt);
		pt[t].hi = (int32_t)((int64_t)n * (t + 1) / nt);
		pt[t].rows = rows;
		pt[t].u = u;
		if (narrow) {
			pt[t].cmin32 = malloc((size_t)p->ncols *
			    sizeof(int32_t));
			if (pt[t].cmin32 == NULL)
				goto out;
			for (j = 0; j < p->ncols; j++)
				pt[t].cmin32[j] = INT32_MAX;
		} else {
			pt[t].cmin = malloc((size_t)p->ncols *
			    sizeof(int64_t));
			if (pt[t].cmin == NULL)
				goto out;
			for (j = 0; j < p->ncols; j++)
				pt[t].cmin[j] = INT64_MAX;
		}
	}
	lap_parallel(pt, sizeof(*pt), nt, ctrans_part);
	for (j = 0; j < p->ncols; j++) {
		v[j] = INT64_MAX;
		for (t = 0; t < nt; t++) {
			if (narrow && pt[t].hi > pt[t].lo &&
			    pt[t].cmin32[j] < v[j])
				v[j] = pt[t].cmin32[j];
			if (!narrow && pt[t].cmin[j] < v[j])
				v[j] = pt[t].cmin[j];
		}
	}
	err = TDM_OK;
out:
	parts_free(pt, nt);
	return err;
}

/*
 * Starting prices for a tie-heavy square problem.  Column reduction
 * (v[j] = the column's least cost) suits costs of a wide range; with
 * many ties, the competition for popular columns moves the prices far
 * from it, and the pricing rounds that follow each free most rows.  So
 * solve the coarse problem of every COARSE_STEP-th row and column (its
 * own capacities, as many rows as it has seats), then give each column
 * the highest price the sampled rows' potentials allow: v[j] = min over
 * them of c[i][j] - u[i].  Any prices will do in square mode; these are
 * close to the optimum's, so the first candidates are close to the
 * optimal pairs.  Returns 0 (and does nothing) when not worth it.
 */
static enum tdm_err
coarse_prices(struct core *c, struct dense *x, int32_t nfree, int *done)
{
	const struct tdm_lap_dense *p = x->p;
	struct tdm_lap_dense	 q;
	struct tdm_lap_result	 r = TDM_LAP_RESULT_INIT;
	int32_t		*rows = NULL, *cols = NULL, *caps = NULL;
	int32_t		 ncs, nrs, t, j, i, n = 0;
	int64_t		*sub = NULL, *buf = NULL, seats = 0;
	int32_t		*sub32 = NULL;
	enum tdm_err	 err = TDM_ENOMEM;

	*done = 0;
	if (c->lex || nfree < COARSE_MIN || x->hi - x->lo >= p->ncols ||
	    p->ncols < COARSE_STEP || getenv("TANDEM_LAP_NOCOARSE"))
		return TDM_OK;
	ncs = p->ncols / COARSE_STEP;
	rows = malloc((size_t)p->nrows * sizeof(*rows));
	cols = malloc((size_t)ncs * sizeof(*cols));
	caps = malloc((size_t)ncs * sizeof(*caps));
	buf = malloc((size_t)p->ncols * sizeof(*buf));
	if (!rows || !cols || !caps || !buf)
		goto out;
	for (t = 0; t < ncs; t++) {
		cols[t] = (int32_t)((int64_t)t * p->ncols / ncs);
		caps[t] = p->cap ? p->cap[cols[t]] : p->seats;
		seats += caps[t];
	}
	for (i = 0; i < p->nrows; i++)
		if (!locked(p, i))
			rows[n++] = i;
	/* As many rows as seats, spread evenly: a square problem. */
	if (seats > n)
		goto none;
	nrs = (int32_t)seats;
	for (t = 0; t < nrs; t++)
		rows[t] = rows[(int64_t)t * n / nrs];
	if (p->type == TDM_LAP_I32)
		sub32 = malloc((size_t)nrs * ncs * sizeof(*sub32) + 1);
	else
		sub = malloc((size_t)nrs * ncs * sizeof(*sub) + 1);
	if (!sub32 && !sub)
		goto out;
	for (t = 0; t < nrs; t++) {
		if (sub32 != NULL) {
			for (j = 0; j < ncs; j++)
				sub32[(size_t)t * ncs + j] =
				    row32(p, rows[t])[cols[j]];
			continue;
		}
		load_row(p, x->un, rows[t], buf);
		for (j = 0; j < ncs; j++)
			sub[(size_t)t * ncs + j] = buf[cols[j]];
	}
	memset(&q, 0, sizeof(q));
	q.nrows = nrs;
	q.ncols = ncs;
	q.type = sub32 ? TDM_LAP_I32 : TDM_LAP_I64;
	q.cost = sub32 ? (const void *)sub32 : (const void *)sub;
	q.cap = caps;
	if ((err = tdm_lap_dense(&q, &r)) != TDM_OK)
		goto out;
	if ((err = ctrans(x, rows, r.u, nrs, c->v)) != TDM_OK)
		goto out;
	for (j = 0; j < p->ncols; j++)
		if (c->v[j] == INT64_MAX)
			c->v[j] = 0;
	*done = 1;
	err = TDM_OK;
	goto out;
none:
	err = TDM_OK;
out:
	tdm_lap_result_free(&r);
	free(sub);
	free(sub32);
	free(rows);
	free(cols);
	free(caps);
	free(buf);
	return err;
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

/*
 * The canonical optimum of a dense result (solver_canon.c): its tight
 * pairs, read from the matrix itself (an int32 matrix as it is, others
 * through buf, a row of units), in column order.
 */
static enum tdm_err
dense_canon(const struct tdm_lap_dense *p, const struct units *un,
    int64_t *buf, struct tdm_lap_result *res)
{
	struct tight	 t;
	const int32_t	*a;
	const int64_t	*v = res->v;
	int64_t		 ui;
	int32_t		 i, j, n = p->ncols;
	enum tdm_err	 err;

	if ((err = tight_init(&t, p->nrows)) != TDM_OK)
		return err;
	for (i = 0; i < p->nrows; i++) {
		t.off[i] = t.n;
		if (locked(p, i))
			continue;
		ui = res->u[i];
		if (p->type == TDM_LAP_I32) {
			a = row32(p, i);
			for (j = 0; j < n; j++)
				if ((int64_t)a[j] - v[j] == ui) {
					if ((err = tight_room(&t, 1)) != TDM_OK)
						goto out;
					t.col[t.n++] = j;
				}
			continue;
		}
		load_row(p, un, i, buf);
		for (j = 0; j < n; j++)
			if (buf[j] - v[j] == ui) {
				if ((err = tight_room(&t, 1)) != TDM_OK)
					goto out;
				t.col[t.n++] = j;
			}
	}
	t.off[p->nrows] = t.n;
	err = lap_canon(&t, p->cap, p->seats, p->lock, res);
out:
	tight_free(&t);
	return err;
}

enum tdm_err
tdm_lap_dense(const struct tdm_lap_dense *p, struct tdm_lap_result *res)
{
	struct core	 c;
	struct units	 un;
	struct dense	 x;
	int64_t		*buf = NULL, *vcost = NULL, *lockcost = NULL;
	int64_t		*cmin = NULL, *added = NULL, seats;
	int32_t		*vcol = NULL, *failed = NULL;
	unsigned char	*mark = NULL;
	int32_t		 i, j, nfree, nfail, nviol, k, rounds = 0;
	int		 coarse, resume = 0;
	enum tdm_err	 err;
	size_t		 w;

	memset(res, 0, sizeof(*res));
	res->scale = 1;
	pthread_once(&kern_once, kern_choose);
	if ((err = dense_check(p)) != TDM_OK)
		return err;
	if ((err = dense_units(p, &un)) != TDM_OK)
		return err;
	if ((err = core_init(&c, p->nrows, p->ncols)) != TDM_OK) {
		core_free(&c);
		return err;
	}
	memset(&x, 0, sizeof(x));
	x.p = p;
	x.un = &un;
	x.nt = lap_threads();
	if (x.nt > p->nrows / 64)
		x.nt = p->nrows / 64 > 1 ? p->nrows / 64 : 1;
	w = p->ncols ? (size_t)p->ncols : 1;
	buf = malloc(w * sizeof(*buf));
	vcost = malloc(w * sizeof(*vcost));
	vcol = malloc(w * sizeof(*vcol));
	cmin = malloc(w * sizeof(*cmin));
	x.v32 = malloc(w * sizeof(*x.v32));
	failed = malloc((p->nrows ? (size_t)p->nrows : 1) * sizeof(*failed));
	added = malloc((p->nrows ? (size_t)p->nrows : 1) * sizeof(*added));
	lockcost = calloc(p->nrows ? (size_t)p->nrows : 1, sizeof(*lockcost));
	mark = calloc(w, 1);
	err = TDM_ENOMEM;
	if (!buf || !vcost || !vcol || !cmin || !x.v32 || !failed ||
	    !added || !lockcost || !mark)
		goto out;
	err = core_set_caps(&c, p->cap, p->seats, p->lock, &nfree, &seats);
	if (err != TDM_OK)
		goto out;
	err = TDM_EINVAL;
	if (nfree > seats)
		goto out;
	c.lex = nfree < seats;
	if ((err = dense_range(&x, cmin)) != TDM_OK)
		goto out;
	err = TDM_EINVAL;
	if ((c.m = lap_big_m(x.lo, x.hi, nfree)) < 0)
		goto out;
	for (i = 0; i < p->nrows; i++)
		if (locked(p, i)) {
			load_row(p, &un, i, buf);
			lockcost[i] = buf[p->lock[i]];
		}

	k = p->ncols < NCAND ? p->ncols : NCAND;
	if ((err = coarse_prices(&c, &x, nfree, &coarse)) != TDM_OK)
		goto out;
	if (!c.lex && !coarse)
		memcpy(c.v, cmin, (size_t)p->ncols * sizeof(*c.v));
	if ((err = dense_cand(&c, &x, k)) != TDM_OK)
		goto out;
	/* Lexicographic rounds resume the run before (solver.c). */
	if (c.lex && getenv("TANDEM_LAP_NORESUME") == NULL &&
	    (err = core_record(&c)) != TDM_OK)
		goto out;
	for (;;) {
		nfail = 0;
		if (resume)
			err = core_resume(&c, p->lock, added);
		else
			err = core_run(&c, p->lock, failed, &nfail);
		if (err != TDM_OK)
			goto out;
		if (nfail) {
			err = widen_rows(&c, p, &un, buf, vcol, vcost, mark,
			    failed, nfail, k);
			if (err != TDM_OK)
				goto out;
			continue;
		}
		rounds++;
		if ((err = price(&c, &x, KADD, &nviol, added)) != TDM_OK)
			goto out;
		if (nviol == 0)
			break;
		if (c.lex && c.rec != NULL)
			resume = 1;
		else if (c.lex)
			core_reset(&c);
	}
	if ((err = lap_result_alloc(res, p->nrows, p->ncols)) != TDM_OK)
		goto out;
	core_export(&c, p->lock, lockcost, res);
	if ((err = dense_canon(p, &un, buf, res)) != TDM_OK) {
		tdm_lap_result_free(res);
		goto out;
	}
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
	free(cmin);
	free(x.v32);
	free(failed);
	free(added);
	free(lockcost);
	free(mark);
	core_record_free(&c);
	core_free(&c);
	(void)j;
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
	struct dense	 x;
	int64_t		*buf = NULL, r;
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
	memset(&x, 0, sizeof(x));
	x.p = p;
	x.un = &un;
	x.nt = 1;
	pthread_once(&kern_once, kern_choose);
	if ((err = dense_range(&x, NULL)) != TDM_OK)
		goto out;
	if (!certify_common(res, p->cap, p->seats, p->lock, x.lo, x.hi,
	    load))
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


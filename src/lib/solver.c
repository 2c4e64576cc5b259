/*
 * The assignment solver of solver.h: successive shortest augmenting paths
 * with potentials (Jonker-Volgenant's augmentation, Dijkstra searches) on
 * a sparse graph of rows and capacitated columns.
 *
 * The network.  Source -> row (one unit) -> column (cost c) -> sink (cap
 * seats).  A column with several seats is one node: its price is shared
 * by the rows it holds, and when the search settles a full column every
 * row it holds is reachable at the same distance (evicting any of them
 * costs nothing in reduced terms), so no column is ever replicated.  In
 * the lexicographic mode each row also has an edge straight to the sink
 * at cost big_m ("left unassigned"); big_m exceeds what any further
 * assigned row can save, so the minimum-cost flow is also maximum
 * cardinality.  The sink's potential stays 0.
 *
 * Invariants between searches, with reduced cost r = c - u[i] - v[j] and
 * u[i] = rcost[i] - v[rcol[i]] for an assigned row:
 *   every edge of an assigned or unassigned row has r >= 0;
 *   assigned edges have r == 0;
 *   lexicographic mode: v[j] <= 0, and v[j] == 0 unless column j is
 *   full; an unassigned row has u == big_m;
 *   square mode (rows == seats, every row ends assigned): no condition on
 *   v, the sink is reached by any column with a free seat;
 *   a pending row (not yet inserted) has a potential u[i] that keeps its
 *   edges at r >= 0, and u[i] <= big_m in lexicographic mode.
 * Rows are inserted by phases (the primal-dual method, or a "Hungarian
 * forest").  One Dijkstra search starts from up to NBATCH pending rows at
 * once and stops at the shortest augmenting distance D; the potentials
 * of the columns it settled move by (distance - D), which keeps every
 * reduced cost non-negative (Johnson) and makes every shortest path
 * tight.  Then each of those rows in turn takes a path of tight edges
 * (reduced cost 0), found depth first, if one is left: such a path is a
 * shortest augmentation, exactly what the search would have chosen up to
 * ties.  With many ties (small integer costs, popular columns) one phase
 * places hundreds of rows, where row-by-row insertion searched the same
 * plateau of equal distances once per row.  Every phase places at least
 * one row, the search keeps the invariants, and so does a flip along a
 * tight path: the result after the last row is optimal, and the
 * invariants are its certificate.  A phase first tries its pass without
 * the search: when the search would find D = 0 it moves no price, and
 * the pass alone is the same phase (the first path flipped proves it;
 * otherwise the pass is undone).  On the matcher's scores about half the
 * phases are such, the plateaus a pass missed because a column it marked
 * in vain was opened by a later flip.
 *
 * The scans read little of a row.  A row's edges are kept sorted by cost
 * (ties in the row's given order), and prices only fall during a run, so
 * that no edge of cost c has a reduced cost below c - u - vmax, vmax the
 * highest price when the run began.  The search labels a row's edges
 * cheapest first, only as far as the distance it has reached (a heap of
 * the rows reached, on the least distance their next edge can give): a
 * column is settled only once every edge that could give it a distance
 * up to its own has been read, so the search settles the same columns
 * at the same distances as if each row were read in full.  A row entering
 * the path search lists its tight edges among those of cost at most
 * u + vmax and tries them in the row's given order, as a scan of the
 * whole row would, and keeps that list for the row's next entry at the
 * same potential (most entries: the prices of most columns do not move
 * from one phase to the next).  Rows given in column order with costs of
 * 32 bits (the matcher's) are stored narrow, 8 bytes an edge.  The
 * result is the same, bit for bit, as reading every row in full
 * (tests/unit/test_solver.c keeps that solver as its reference).
 *
 * What this file does not do: solve dense matrices or check
 * certificates (solver_check.c, through solver_int.h), know what a row
 * or a column means, read files, print, or use threads.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "tandem/solver.h"
#include "solver_int.h"

/* Every magnitude (costs, potentials, distances) stays below 2^61. */
#define LIM_M		((int64_t)1 << 58)
/* vm[j] of a column entered in this phase: no price is ever so low. */
#define VENTERED	INT64_MIN
/*
 * Pending rows one search starts from, at most: more roots place more
 * rows per search, but each search then scans all their edges.
 */
#define NBATCH		2048
/* core.spec: no pass before a search, one not proved yet, or proved. */
enum { SPEC_NO, SPEC_TRY, SPEC_HOLDS };
/*
 * The room the rows' lists of tight edges may take, in edges, before
 * they are all forgotten: about one a row, as most lists hold none or one.
 */
#define TKEEP(nr)	((size_t)(nr) + 65536)


/*
 * The record of a run that a warm start resumes (tdm_lap_sparse_warm).
 * A pair added to row i with cost c can change the run only where the
 * row's edges are read with a bound it meets: pend_u() finding u
 * (the pair would count if c - vmax <= u), a search reaching the row at
 * base = distance - u and ending at D (if base + c - vmax <= D), the path
 * search entering the row at potential u (if c <= u + vmax).  reach[i]
 * is the largest of those bounds so far: while it stays below c, the
 * run with the pair makes every decision the run without it made.  A
 * checkpoint keeps the state at the start of a phase, and reach as it
 * was then; at most NCKPT of them, every `every' phases (thinned out,
 * every doubled, when they run out).
 */
#define NCKPT		16

struct ckpt {
	int32_t		 phase, npend;
	int32_t		*rcol, *next, *prev, *pend, *head, *load;
	int64_t		*rcost, *u, *v, *reach;
};

struct rec {
	int32_t		 phase;		/* phases done */
	int32_t		 every;
	int32_t		 nck;
	struct ckpt	 ck[NCKPT];
	int64_t		*reach;		/* nr */
	int32_t		*rr;		/* nr: rows the search reached */
	int64_t		*rb;		/* nr: and their bases */
	int32_t		 nrr;
};

/* A narrow edge. */
struct nedge {
	int32_t		 cost, col;
};

/* A row reached by a search: distance minus potential, next edge. */
struct stream {
	int64_t		 key;
	int64_t		 base;
	int32_t		 row, e;
};

/*
 * A tight edge of a row the path search entered: its column, its index
 * in the row's sorted edges, and the price the column must keep for the
 * edge to stay tight (cost - u).
 */
struct tedge {
	int64_t		 want;
	int32_t		 col, e;
};

/* Row k's list of tight edges (core.trow). */
struct trow {
	int64_t		 u;
	size_t		 off;
	int32_t		 len;
};

/* An edge while a row is sorted. */
struct srec {
	int64_t		 cost;
	int32_t		 col, pos;
};

/* Edge x of the arena, either kind. */
static inline int64_t
edge_cost(const struct core *c, size_t x)
{
	return c->narrow ? c->en[x].cost : c->ecost[x];
}

static inline int32_t
edge_col(const struct core *c, size_t x)
{
	return c->narrow ? c->en[x].col : c->ecol[x];
}


void
core_free(struct core *c)
{
	free(c->eoff);
	free(c->elen);
	free(c->ecol);
	free(c->ecost);
	free(c->epos);
	free(c->en);
	free(c->nsrt);
	free(c->nsrt2);
	free(c->srt);
	free(c->srt2);
	free(c->cnt);
	free(c->tk);
	free(c->trow);
	free(c->fr_hi);
	free(c->spend);
	free(c->su);
	free(c->cap);
	free(c->load);
	free(c->head);
	free(c->next);
	free(c->prev);
	free(c->rcol);
	free(c->rcost);
	free(c->v);
	free(c->u);
	free(c->pend);
	free(c->d);
	free(c->hpos);
	free(c->heap);
	free(c->touched);
	free(c->sh);
	free(c->vm);
	free(c->fr_row);
	free(c->fr_e);
	free(c->fr_col);
	free(c->fr_cur);
	free(c->fr_cost);
	free(c->fr_u);
	memset(c, 0, sizeof(*c));
}

enum tdm_err
core_init(struct core *c, int32_t nr, int32_t nc)
{
	size_t	 r = nr ? (size_t)nr : 1, k = nc ? (size_t)nc : 1;
	int32_t	 i;

	memset(c, 0, sizeof(*c));
	c->nr = nr;
	c->nc = nc;
	c->eoff = calloc(r, sizeof(*c->eoff));
	c->elen = calloc(r, sizeof(*c->elen));
	c->cap = calloc(k, sizeof(*c->cap));
	c->load = calloc(k, sizeof(*c->load));
	c->head = malloc(k * sizeof(*c->head));
	c->next = malloc(r * sizeof(*c->next));
	c->prev = malloc(r * sizeof(*c->prev));
	c->rcol = malloc(r * sizeof(*c->rcol));
	c->rcost = calloc(r, sizeof(*c->rcost));
	c->v = calloc(k, sizeof(*c->v));
	c->u = calloc(r, sizeof(*c->u));
	c->pend = malloc(r * sizeof(*c->pend));
	c->d = malloc(k * sizeof(*c->d));
	c->hpos = malloc(k * sizeof(*c->hpos));
	c->heap = malloc(k * sizeof(*c->heap));
	c->touched = malloc(k * sizeof(*c->touched));
	c->sh = malloc(r * sizeof(*c->sh));
	c->vm = calloc(k, sizeof(*c->vm));
	c->fr_row = malloc(r * sizeof(*c->fr_row));
	c->fr_e = malloc(r * sizeof(*c->fr_e));
	c->fr_hi = malloc(r * sizeof(*c->fr_hi));
	c->spend = malloc(r * sizeof(*c->spend));
	c->su = malloc(r * sizeof(*c->su));
	c->trow = malloc(r * sizeof(*c->trow));
	c->fr_col = malloc(r * sizeof(*c->fr_col));
	c->fr_cur = malloc(r * sizeof(*c->fr_cur));
	c->fr_cost = malloc(r * sizeof(*c->fr_cost));
	c->fr_u = malloc(r * sizeof(*c->fr_u));
	if (!c->eoff || !c->elen || !c->cap || !c->load || !c->head ||
	    !c->next || !c->prev || !c->rcol || !c->rcost || !c->v ||
	    !c->u || !c->pend || !c->d || !c->hpos || !c->heap ||
	    !c->touched || !c->vm || !c->fr_row || !c->fr_e ||
	    !c->fr_hi || !c->spend || !c->su || !c->trow || !c->sh ||
	    !c->fr_col || !c->fr_cur || !c->fr_cost || !c->fr_u)
		return TDM_ENOMEM;	/* the caller frees what there is */
	for (i = 0; i < nc; i++) {
		c->head[i] = -1;
		c->hpos[i] = -1;
	}
	for (i = 0; i < nr; i++)
		c->rcol[i] = -1;
	return TDM_OK;
}

/* Forget every assignment and price: a cold start on the same edges. */
void
core_reset(struct core *c)
{
	int32_t	 i;

	for (i = 0; i < c->nc; i++) {
		c->head[i] = -1;
		c->load[i] = 0;
		c->v[i] = 0;
	}
	for (i = 0; i < c->nr; i++)
		c->rcol[i] = -1;
}

/*
 * Give row i the edges it has plus n more, copied to the end of the
 * arena (the old range is abandoned: rows grow rarely).
 */
static enum tdm_err	 row_sort(struct core *, int32_t);

enum tdm_err
core_add_edges(struct core *c, int32_t i, const int32_t *col,
    const int64_t *cost, size_t n)
{
	size_t	 old = (size_t)c->elen[i], want, na, k;
	int32_t	*ncol, *npos;
	int64_t	*ncost;

	if (n > (size_t)INT32_MAX - old)
		return TDM_EINVAL;
	want = c->ne + old + n;
	if (want > c->ealloc) {
		na = c->ealloc ? c->ealloc : 1024;
		while (na < want)
			na += na / 2;
		if ((ncol = realloc(c->ecol, na * sizeof(*ncol))) == NULL)
			return TDM_ENOMEM;
		c->ecol = ncol;
		if ((ncost = realloc(c->ecost, na * sizeof(*ncost))) == NULL)
			return TDM_ENOMEM;
		c->ecost = ncost;
		if ((npos = realloc(c->epos, na * sizeof(*npos))) == NULL)
			return TDM_ENOMEM;
		c->epos = npos;
		c->ealloc = na;
	}
	if (old && c->eoff[i] + old != c->ne) {
		memmove(c->ecol + c->ne, c->ecol + c->eoff[i],
		    old * sizeof(*c->ecol));
		memmove(c->ecost + c->ne, c->ecost + c->eoff[i],
		    old * sizeof(*c->ecost));
		memmove(c->epos + c->ne, c->epos + c->eoff[i],
		    old * sizeof(*c->epos));
		c->eoff[i] = c->ne;
		c->ne += old;
	} else if (old == 0)
		c->eoff[i] = c->ne;
	memcpy(c->ecol + c->ne, col, n * sizeof(*col));
	memcpy(c->ecost + c->ne, cost, n * sizeof(*cost));
	for (k = 0; k < n; k++)
		c->epos[c->ne + k] = (int32_t)(old + k);
	c->ne += n;
	c->elen[i] += (int32_t)n;
	return row_sort(c, i);
}

/*
 * row_sort() of a narrow row: stable, so that equal costs stay in column
 * order.
 */
static enum tdm_err
narrow_sort(struct core *c, int32_t i)
{
	struct nedge	*a = c->en + c->eoff[i], *src, *dst, *t;
	size_t		 n = (size_t)c->elen[i], k, w, x, y, m, e, end;
	int64_t		 lo, hi;
	uint64_t	 range;
	void		*p;

	for (k = 1; k < n && a[k - 1].cost <= a[k].cost; k++)
		;
	if (k >= n)
		return TDM_OK;
	if (n > c->nssize) {
		if ((p = realloc(c->nsrt, n * sizeof(*c->nsrt))) == NULL)
			return TDM_ENOMEM;
		c->nsrt = p;
		if ((p = realloc(c->nsrt2, n * sizeof(*c->nsrt2))) == NULL)
			return TDM_ENOMEM;
		c->nsrt2 = p;
		c->nssize = n;
	}
	src = c->nsrt;
	lo = hi = a[0].cost;
	for (k = 1; k < n; k++) {
		if (a[k].cost < lo)
			lo = a[k].cost;
		if (a[k].cost > hi)
			hi = a[k].cost;
	}
	range = (uint64_t)hi - (uint64_t)lo;
	if (range < 4 * (uint64_t)n + 1024) {
		if (range + 2 > c->scnt) {
			p = realloc(c->cnt, (size_t)(range + 2) *
			    sizeof(*c->cnt));
			if (p == NULL)
				return TDM_ENOMEM;
			c->cnt = p;
			c->scnt = (size_t)range + 2;
		}
		memset(c->cnt, 0, (size_t)(range + 2) * sizeof(*c->cnt));
		for (k = 0; k < n; k++)
			c->cnt[a[k].cost - lo + 1]++;
		for (k = 1; k <= range; k++)
			c->cnt[k] += c->cnt[k - 1];
		for (k = 0; k < n; k++)
			src[c->cnt[a[k].cost - lo]++] = a[k];
	} else {
		dst = c->nsrt2;
		memcpy(src, a, n * sizeof(*a));
		for (w = 1; w < n; w *= 2) {
			for (e = 0; e < n; e += 2 * w) {
				x = e;
				m = e + w < n ? e + w : n;
				y = m;
				end = e + 2 * w < n ? e + 2 * w : n;
				for (k = e; k < end; k++)
					dst[k] = x < m && (y >= end ||
					    src[x].cost <= src[y].cost) ?
					    src[x++] : src[y++];
			}
			t = src;
			src = dst;
			dst = t;
		}
	}
	memcpy(a, src, n * sizeof(*a));
	return TDM_OK;
}

/*
 * Order the edges of row i by cost, stably: the arena holds the row's
 * edges in increasing epos among equal costs (its sorted edges, then
 * any it just got), and they stay so.  Costs of a narrow range, as
 * integer scores give, are counted; others are merged.
 */
static enum tdm_err
row_sort(struct core *c, int32_t i)
{
	size_t		 n = (size_t)c->elen[i], k, w, a, b, m, e, end;
	int32_t		*col, *pos;
	int64_t		*cost, lo, hi;
	uint64_t	 range;
	struct srec	*src, *dst, *t, r;
	void		*p;

	if (c->narrow)
		return narrow_sort(c, i);
	col = c->ecol + c->eoff[i];
	pos = c->epos + c->eoff[i];
	cost = c->ecost + c->eoff[i];

	for (k = 1; k < n && cost[k - 1] <= cost[k]; k++)
		;
	if (k >= n)
		return TDM_OK;
	if (n <= 16) {
		for (k = 1; k < n; k++) {
			r.cost = cost[k];
			r.col = col[k];
			r.pos = pos[k];
			for (w = k; w > 0 && cost[w - 1] > r.cost; w--) {
				cost[w] = cost[w - 1];
				col[w] = col[w - 1];
				pos[w] = pos[w - 1];
			}
			cost[w] = r.cost;
			col[w] = r.col;
			pos[w] = r.pos;
		}
		return TDM_OK;
	}
	if (n > c->ssize) {
		if ((p = realloc(c->srt, n * sizeof(*c->srt))) == NULL)
			return TDM_ENOMEM;
		c->srt = p;
		if ((p = realloc(c->srt2, n * sizeof(*c->srt2))) == NULL)
			return TDM_ENOMEM;
		c->srt2 = p;
		c->ssize = n;
	}
	lo = hi = cost[0];
	for (k = 1; k < n; k++) {
		if (cost[k] < lo)
			lo = cost[k];
		if (cost[k] > hi)
			hi = cost[k];
	}
	range = (uint64_t)hi - (uint64_t)lo;
	if (range < 4 * (uint64_t)n + 1024) {
		if (range + 2 > c->scnt) {
			p = realloc(c->cnt, (size_t)(range + 2) *
			    sizeof(*c->cnt));
			if (p == NULL)
				return TDM_ENOMEM;
			c->cnt = p;
			c->scnt = (size_t)range + 2;
		}
		memset(c->cnt, 0, (size_t)(range + 2) * sizeof(*c->cnt));
		for (k = 0; k < n; k++)
			c->cnt[cost[k] - lo + 1]++;
		for (k = 1; k <= range; k++)
			c->cnt[k] += c->cnt[k - 1];
		for (k = 0; k < n; k++) {
			t = &c->srt[c->cnt[cost[k] - lo]++];
			t->cost = cost[k];
			t->col = col[k];
			t->pos = pos[k];
		}
		src = c->srt;
	} else {
		/* Bottom-up merge sort, runs of 1, 2, 4 ... */
		src = c->srt;
		dst = c->srt2;
		for (k = 0; k < n; k++) {
			src[k].cost = cost[k];
			src[k].col = col[k];
			src[k].pos = pos[k];
		}
		for (w = 1; w < n; w *= 2) {
			for (e = 0; e < n; e += 2 * w) {
				a = e;
				m = e + w < n ? e + w : n;
				b = m;
				end = e + 2 * w < n ? e + 2 * w : n;
				for (k = e; k < end; k++)
					dst[k] = a < m && (b >= end ||
					    src[a].cost <= src[b].cost) ?
					    src[a++] : src[b++];
			}
			t = src;
			src = dst;
			dst = t;
		}
	}
	for (k = 0; k < n; k++) {
		cost[k] = src[k].cost;
		col[k] = src[k].col;
		pos[k] = src[k].pos;
	}
	return TDM_OK;
}

static void
col_insert(struct core *c, int32_t i, int32_t j)
{
	c->prev[i] = -1;
	c->next[i] = c->head[j];
	if (c->head[j] >= 0)
		c->prev[c->head[j]] = i;
	c->head[j] = i;
	c->rcol[i] = j;
}

static void
col_remove(struct core *c, int32_t i)
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

/* Take a row off its column: the column has one more free seat. */
void
core_free_row(struct core *c, int32_t i)
{
	if (c->rcol[i] >= 0) {
		c->load[c->rcol[i]]--;
		col_remove(c, i);
	}
}

static inline int
hless(const struct core *c, int32_t a, int32_t b)
{
	if (c->d[a] != c->d[b])
		return c->d[a] < c->d[b];
	if ((c->load[a] < c->cap[a]) != (c->load[b] < c->cap[b]))
		return c->load[a] < c->cap[a];
	return a < b;
}

static void
heap_up(struct core *c, int32_t p)
{
	int32_t	 j = c->heap[p], q;

	while (p > 0) {
		q = (p - 1) / 2;
		if (!hless(c, j, c->heap[q]))
			break;
		c->heap[p] = c->heap[q];
		c->hpos[c->heap[p]] = p;
		p = q;
	}
	c->heap[p] = j;
	c->hpos[j] = p;
}

static int32_t
heap_pop(struct core *c)
{
	int32_t	 top = c->heap[0], j, p = 0, q;

	j = c->heap[--c->hn];
	while ((q = 2 * p + 1) < c->hn) {
		if (q + 1 < c->hn && hless(c, c->heap[q + 1], c->heap[q]))
			q++;
		if (!hless(c, c->heap[q], j))
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
stream_down(struct core *c, int32_t p)
{
	struct stream	 x = c->sh[p];
	int32_t		 q;

	while ((q = 2 * p + 1) < c->sn) {
		if (q + 1 < c->sn && c->sh[q + 1].key < c->sh[q].key)
			q++;
		if (c->sh[q].key >= x.key)
			break;
		c->sh[p] = c->sh[q];
		p = q;
	}
	c->sh[p] = x;
}

/*
 * Row i is reached at distance lab with potential u: its edges will be
 * labelled, cheapest first, as the search gets near their distance.
 */
static void
stream_push(struct core *c, int32_t i, int64_t lab, int64_t u)
{
	struct stream	 x;
	int32_t		 p, q;

	if (c->rec != NULL) {
		c->rec->rr[c->rec->nrr] = i;
		c->rec->rb[c->rec->nrr++] = lab - u;
	}
	if (c->elen[i] == 0)
		return;
	x.base = lab - u;
	x.key = x.base + edge_cost(c, c->eoff[i]) - c->vmax;
	x.row = i;
	x.e = 0;
	for (p = c->sn++; p > 0 && c->sh[q = (p - 1) / 2].key > x.key;
	    p = q)
		c->sh[p] = c->sh[q];
	c->sh[p] = x;
}

/*
 * Label the columns of the first stream's edges that may lie at a
 * distance of at most lim (at least one edge), then requeue it.  Only
 * distances are kept: the paths are found afterwards on the tight edges.
 */
static inline __attribute__((always_inline)) void
stream_expand_as(struct core *c, int64_t lim, const int narrow)
{
	struct stream	*x = &c->sh[0];
	int32_t		 i = x->row;
	const struct nedge *en = c->en + c->eoff[i];
	const int32_t	*col = c->ecol + c->eoff[i];
	const int64_t	*cost = c->ecost + c->eoff[i], *v = c->v;
	int64_t		*d = c->d;
	int32_t		*hpos = c->hpos;
	int32_t		 n = c->elen[i], e = x->e, j;
	int64_t		 nd, base = x->base, top = lim + c->vmax - base;

	do {
		j = narrow ? en[e].col : col[e];
		if (hpos[j] == -2)
			continue;
		nd = base + (narrow ? en[e].cost : cost[e]) - v[j];
		if (hpos[j] == -1) {
			c->touched[c->nt++] = j;
			d[j] = nd;
			c->heap[c->hn] = j;
			heap_up(c, c->hn++);
		} else if (nd < d[j]) {
			d[j] = nd;
			heap_up(c, hpos[j]);
		}
	} while (++e < n && (narrow ? en[e].cost : cost[e]) <= top);
	if (e == n) {
		c->sh[0] = c->sh[--c->sn];
		if (c->sn == 0)
			return;
	} else {
		x->e = e;
		x->key = base + (narrow ? en[e].cost : cost[e]) - c->vmax;
	}
	stream_down(c, 0);
}

static void
stream_expand(struct core *c, int64_t lim)
{
	if (c->narrow)
		stream_expand_as(c, lim, 1);
	else
		stream_expand_as(c, lim, 0);
}

/*
 * One search from every pending row at once (each at distance 0 with its
 * potential u): settle columns by (distance, free seat first, index)
 * until the first column with a free seat, or, in lexicographic mode,
 * until leaving a row unassigned is no dearer than what is left.  That
 * distance D is the length of a shortest augmenting path.  The settled
 * columns' prices move by d - D (Johnson, distances cut at D), which
 * keeps every reduced cost non-negative and makes every shortest path
 * tight.  Returns 0 if there is no augmenting path at all (square mode
 * only), in which case nothing changed.
 */
static int
search(struct core *c)
{
	int64_t	 sinkd = INT64_MAX, dj, ur, cand;
	int32_t	 j, r, p, k;

	c->nt = 0;
	c->hn = 0;
	c->sn = 0;
	if (c->rec != NULL)
		c->rec->nrr = 0;
	for (p = 0; p < c->nb; p++) {
		r = c->pend[p];
		stream_push(c, r, 0, c->u[r]);
		if (c->lex && c->m - c->u[r] < sinkd)
			sinkd = c->m - c->u[r];
	}
	for (;;) {
		/*
		 * Every edge that may give a column a distance up to the
		 * least labelled one is labelled first, so that the columns
		 * are settled exactly as if every row reached had been
		 * labelled at once.
		 */
		while (c->sn > 0 && c->sh[0].key <= sinkd &&
		    (c->hn == 0 || c->sh[0].key <= c->d[c->heap[0]]))
			stream_expand(c, c->hn == 0 ? c->sh[0].key :
			    c->d[c->heap[0]]);
		if (c->hn == 0 || c->d[c->heap[0]] > sinkd)
			break;
		j = heap_pop(c);
		dj = c->d[j];
		if (c->load[j] < c->cap[j]) {
			sinkd = dj;
			break;
		}
		for (r = c->head[j]; r >= 0; r = c->next[r]) {
			ur = c->rcost[r] - c->v[j];
			stream_push(c, r, dj, ur);
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
	if (c->rec != NULL)
		for (p = 0; p < c->rec->nrr; p++) {
			r = c->rec->rr[p];
			cand = sinkd - c->rec->rb[p] + c->vmax;
			if (cand > c->rec->reach[r])
				c->rec->reach[r] = cand;
		}
	for (p = 0; p < c->nb; p++)
		c->u[c->pend[p]] += sinkd;
	return 1;
}

/* The potential of row i: assigned rows are tight on their column. */
static inline int64_t
row_u(const struct core *c, int32_t i)
{
	return c->rcol[i] >= 0 ? c->rcost[i] - c->v[c->rcol[i]] : c->u[i];
}

/*
 * The largest potential pending row i may have: its least reduced cost
 * at the current prices, and at most big_m in lexicographic mode.
 */
static void
pend_u(struct core *c, int32_t i)
{
	const struct nedge *en = c->en + c->eoff[i];
	const int32_t	*col = c->ecol + c->eoff[i];
	const int64_t	*cost = c->ecost + c->eoff[i];
	int32_t		 e, n = c->elen[i];
	int64_t		 mn = c->lex ? c->m : INT64_MAX, x;

	if (c->narrow)
		for (e = 0; e < n && en[e].cost - c->vmax < mn; e++) {
			x = en[e].cost - c->v[en[e].col];
			if (x < mn)
				mn = x;
		}
	else
		for (e = 0; e < n && cost[e] - c->vmax < mn; e++) {
			x = cost[e] - c->v[col[e]];
			if (x < mn)
				mn = x;
		}
	c->u[i] = mn == INT64_MAX ? 0 : mn;
	if (c->rec != NULL && c->u[i] + c->vmax > c->rec->reach[i])
		c->rec->reach[i] = c->u[i] + c->vmax;
}

/*
 * Flip the path on the stack down to frame t: the row of each frame
 * moves to the column it entered; the last column has a free seat, or
 * row x, which leaves it unassigned at potential big_m.  The columns of
 * the path may serve again in the phase: their marks go.
 */
static void
flip(struct core *c, int32_t t, int32_t x)
{
	int32_t	 k;

	if (x >= 0) {
		col_remove(c, x);
		c->u[x] = c->m;
	} else
		c->load[c->fr_col[t]]++;
	for (; t >= 0; t--) {
		k = c->fr_row[t];
		c->vm[c->fr_col[t]] = c->v[c->fr_col[t]];
		if (c->rcol[k] >= 0)
			col_remove(c, k);
		col_insert(c, k, c->fr_col[t]);
		c->rcost[k] = c->fr_cost[t];
	}
}

/*
 * Forget every row's list of tight edges: at the start of a run (the
 * prices may have risen since, or the edges changed), or when the lists
 * take too much room.
 */
static void
tight_forget(struct core *c)
{
	int32_t	 i;

	for (i = 0; i < c->nr; i++)
		c->trow[i].len = -1;
	c->tkn = 0;
}

/*
 * Enter frame t: row k at potential uk.  Its tight edges (reduced cost
 * 0) are listed in the row's given order; only edges of cost at most
 * uk + vmax can be tight.  The list is kept for the row's next entry at
 * the same potential: prices only fall during a run and no reduced cost
 * is ever negative, so an edge tight now was tight then, and the list
 * holds every edge the frame may take (those it holds that are no longer
 * tight, or lead to a column entered since, are skipped as they come).
 * Reading a row's prefix of edges was most of the path search.
 * Returns -1 when memory ran out.
 */
static inline __attribute__((always_inline)) int
frame_enter_as(struct core *c, int32_t t, int32_t k, int64_t uk,
    const int narrow)
{
	const struct nedge *en = c->en + c->eoff[k];
	const int32_t	*col = c->ecol + c->eoff[k];
	const int32_t	*pos = c->epos + c->eoff[k];
	const int64_t	*cost = c->ecost + c->eoff[k], *v = c->v;
	int32_t		 n = c->elen[k], e, j;
	int64_t		 lim = uk + c->vmax, key;
	size_t		 lo, x, y, hi, na;
	struct tedge	*tk, r;
	void		*p;

	c->fr_row[t] = k;
	c->fr_u[t] = uk;
	c->fr_col[t] = -1;
	if (c->trow[k].len >= 0 && c->trow[k].u == uk) {
		c->fr_e[t] = c->trow[k].off;
		c->fr_hi[t] = c->trow[k].off + (size_t)c->trow[k].len;
		return 0;
	}
	if (c->tka - c->tkn < (size_t)n) {
		na = c->tka ? c->tka : 1024;
		while (na - c->tkn < (size_t)n)
			na *= 2;
		if ((p = realloc(c->tk, na * sizeof(*c->tk))) == NULL)
			return -1;
		c->tk = p;
		c->tka = na;
	}
	tk = c->tk;
	lo = c->tkn;
	/* Without a branch: most edges of the prefix are not tight. */
	if (narrow)
		for (e = 0, hi = lo; e < n && en[e].cost <= lim; e++) {
			j = en[e].col;
			tk[hi].want = en[e].cost - uk;
			tk[hi].col = j;
			tk[hi].e = e;
			hi += tk[hi].want == v[j];
		}
	else
		for (e = 0, hi = lo; e < n && cost[e] <= lim; e++) {
			j = col[e];
			tk[hi].want = cost[e] - uk;
			tk[hi].col = j;
			tk[hi].e = e;
			hi += tk[hi].want == v[j];
		}
	/* In the row's order: few, and mostly in order already. */
	for (x = lo + 1; x < hi; x++) {
		r = tk[x];
		key = narrow ? r.col : pos[r.e];
		for (y = x; y > lo && (narrow ? tk[y - 1].col :
		    pos[tk[y - 1].e]) > key; y--)
			tk[y] = tk[y - 1];
		tk[y] = r;
	}
	c->tkn = hi;
	c->trow[k].off = lo;
	c->trow[k].len = (int32_t)(hi - lo);
	c->trow[k].u = uk;
	c->fr_e[t] = lo;
	c->fr_hi[t] = hi;
	return 0;
}

static int
frame_enter(struct core *c, int32_t t, int32_t k, int64_t uk)
{
	if (c->rec != NULL && uk + c->vmax > c->rec->reach[k])
		c->rec->reach[k] = uk + c->vmax;
	return c->narrow ? frame_enter_as(c, t, k, uk, 1) :
	    frame_enter_as(c, t, k, uk, 0);
}

/*
 * Whether a path found from row i0 may be flipped.  A pass tried before
 * its search (core_phases()) may flip its first path only if that
 * search would have moved nothing: if the path has length 0 from the
 * potential the search would have started i0 at (spec_u, what pend_u()
 * replaced), or some row of the batch was at big_m already.
 */
static inline int
spec_holds(struct core *c, int32_t i0)
{
	if (c->spec == SPEC_NO || c->spec == SPEC_HOLDS)
		return 1;
	if (c->u[i0] != c->spec_u)
		return 0;
	c->spec = SPEC_HOLDS;
	return 1;
}

/*
 * Look for a path of tight edges (reduced cost 0) from pending row i0 to
 * a free seat or, in lexicographic mode and only when no seat lies
 * beyond, to an assigned row that can be left unassigned (potential
 * big_m), depth first, never entering a column twice in a phase (except
 * the columns of a flipped path); flip it.  Each row tries its tight
 * edges in its given order.  Such a path costs exactly the shortest
 * distance, so this is an ordinary augmentation.  A column entered in
 * vain had no tight path onwards; a later flip may open one, which the
 * next phase will find.  Prices do not move here, and marks are only
 * added until the flip: a frame's list, made when it is entered, holds
 * every edge it may take.
 * Returns 1 if i0 was placed, 0 if not, 2 if a pass tried before its
 * search must stop (spec_holds()), -1 when memory ran out.
 */
static int
tight_path(struct core *c, int32_t i0)
{
	const int64_t	*v = c->v;
	int64_t		*vm = c->vm;
	const struct tedge *tk;
	int32_t		 t = 0, j, r;
	size_t		 x;

	if (frame_enter(c, 0, i0, c->u[i0]) == -1)
		return -1;
	while (t >= 0) {
		if (c->fr_col[t] >= 0) {
			if ((r = c->fr_cur[t]) >= 0) {
				c->fr_cur[t] = c->next[r];
				if (frame_enter(c, t + 1, r, row_u(c, r)) == -1)
					return -1;
				t++;
				continue;
			}
			/* No seat beyond: leave one of its rows out. */
			j = c->fr_col[t];
			if (c->lex)
				for (r = c->head[j]; r >= 0; r = c->next[r])
					if (c->rcost[r] - v[j] == c->m) {
						if (!spec_holds(c, i0))
							return 2;
						flip(c, t, r);
						return 1;
					}
			c->fr_col[t] = -1;
		}
		/* Still tight and not entered: vm says both. */
		tk = c->tk;
		for (x = c->fr_e[t]; x < c->fr_hi[t]; x++)
			if (vm[tk[x].col] == tk[x].want)
				break;
		if (x == c->fr_hi[t]) {
			t--;
			continue;
		}
		c->fr_e[t] = x + 1;
		j = tk[x].col;
		vm[j] = VENTERED;
		c->fr_col[t] = j;
		c->fr_cost[t] = tk[x].want + c->fr_u[t];
		if (c->load[j] < c->cap[j]) {
			if (!spec_holds(c, i0))
				return 2;
			flip(c, t, -1);
			return 1;
		}
		c->fr_cur[t] = c->head[j];
		/* Its rows are entered next: ask for their lists now. */
		for (r = c->head[j]; r >= 0; r = c->next[r])
			__builtin_prefetch(&c->trow[r]);
	}
	return 0;
}

/*
 * Decide the units of float costs: integers if every cost is integral
 * and small, else the finest power-of-two grid that keeps big_m below
 * LIM_M for n rows.  Returns TDM_EINVAL on a cost that is not finite.
 */
enum tdm_err
lap_float_units(const double *f, size_t len, int32_t n, struct units *un)
{
	double	 mx = 0, a, lim;
	size_t	 k;
	int	 integral = 1;

	for (k = 0; k < len; k++) {
		if (!isfinite(f[k]))
			return TDM_EINVAL;
		a = fabs(f[k]);
		if (a > mx)
			mx = a;
		if (integral && (a >= 9007199254740992.0 ||
		    f[k] != (double)(int64_t)f[k]))
			integral = 0;
	}
	un->scale = 1;
	un->integral = 0;
	if (integral) {
		un->integral = 1;
		return TDM_OK;
	}
	/* The largest 2^s with mx * 2^s * (2n + 3) <= 2^57; exact steps. */
	lim = 144115188075855872.0 / (2.0 * n + 3.0);
	if (mx == 0)
		return TDM_OK;
	while (mx * un->scale > lim)
		un->scale /= 2;
	while (mx * un->scale * 2 <= lim)
		un->scale *= 2;
	return TDM_OK;
}

/*
 * big_m for n rows whose costs lie in [lo, hi]: it must exceed what one
 * more assigned row can change, hi + n * (hi - lo).  Returns -1 if that
 * leaves the range the arithmetic allows.
 */
int64_t
lap_big_m(int64_t lo, int64_t hi, int32_t n)
{
	long double	 m;

	if (lo > hi)
		lo = hi = 0;
	m = (long double)hi + (long double)n * ((long double)hi - lo) + 1;
	if (m > (long double)LIM_M || lo < -LIM_M || hi > LIM_M)
		return -1;
	if (m < 1)
		m = 1;
	return (int64_t)m;
}

/*
 * Check capacities and locks, and fill the core's seats: locked rows are
 * placed and their seats taken.  *nfree gets the unlocked row count and
 * *seats the seats left.
 */
enum tdm_err
core_set_caps(struct core *c, const int32_t *cap, int32_t seats,
    const int32_t *lock, int32_t *nfree, int64_t *nseats)
{
	int32_t	 i, j;
	int64_t	 s = 0;

	*nfree = 0;
	for (j = 0; j < c->nc; j++) {
		c->cap[j] = cap ? cap[j] : seats;
		if (c->cap[j] < 0)
			return TDM_EINVAL;
	}
	for (i = 0; i < c->nr; i++) {
		if (lock == NULL || lock[i] < 0) {
			(*nfree)++;
			continue;
		}
		if (lock[i] >= c->nc || c->cap[lock[i]] == 0)
			return TDM_EINVAL;
		c->cap[lock[i]]--;
	}
	for (j = 0; j < c->nc; j++)
		s += c->cap[j];
	*nseats = s;
	return TDM_OK;
}

enum tdm_err
lap_result_alloc(struct tdm_lap_result *res, int32_t nr, int32_t nc)
{
	size_t	 r = nr ? (size_t)nr : 1, k = nc ? (size_t)nc : 1;

	memset(res, 0, sizeof(*res));
	res->scale = 1;
	res->nrows = nr;
	res->ncols = nc;
	res->col = malloc(r * sizeof(*res->col));
	res->u = malloc(r * sizeof(*res->u));
	res->v = malloc(k * sizeof(*res->v));
	if (!res->col || !res->u || !res->v) {
		tdm_lap_result_free(res);
		return TDM_ENOMEM;
	}
	/* Unassigned until core_export() says otherwise. */
	memset(res->col, 0xff, r * sizeof(*res->col));
	return TDM_OK;
}

void
tdm_lap_result_free(struct tdm_lap_result *res)
{
	free(res->col);
	free(res->u);
	free(res->v);
	memset(res, 0, sizeof(*res));
	res->scale = 1;
}

/*
 * Copy the core's solution into res.  Locked rows are tight on their
 * column; lockcost[i] is their cost in units.  Square mode shifts the
 * prices so the largest is 0, and raises big_m to cover every u.
 */
void
core_export(const struct core *c, const int32_t *lock, const int64_t *lockcost,
    struct tdm_lap_result *res)
{
	int64_t	 p = INT64_MIN, hi = INT64_MIN;
	int32_t	 i, j;

	if (c->lex)
		p = 0;
	else
		for (j = 0; j < c->nc; j++)
			if (c->v[j] > p)
				p = c->v[j];
	if (p == INT64_MIN)
		p = 0;
	for (j = 0; j < c->nc; j++)
		res->v[j] = c->v[j] - p;
	res->total = 0;
	res->nassigned = 0;
	for (i = 0; i < c->nr; i++) {
		if (lock && lock[i] >= 0) {
			res->col[i] = lock[i];
			res->u[i] = lockcost[i] - res->v[lock[i]];
			res->total += lockcost[i];
			res->nassigned++;
			continue;
		}
		res->col[i] = c->rcol[i];
		if (c->rcol[i] < 0) {
			res->u[i] = c->m;
			continue;
		}
		res->u[i] = c->rcost[i] - res->v[c->rcol[i]];
		if (res->u[i] > hi)
			hi = res->u[i];
		res->total += c->rcost[i];
		res->nassigned++;
	}
	res->big_m = c->m;
	if (!c->lex && hi > res->big_m)
		res->big_m = hi;
}

/* Forget which columns were entered. */
static void
next_phase(struct core *c)
{
	memcpy(c->vm, c->v, (size_t)c->nc * sizeof(*c->vm));
}

/*
 * Every pending row in turn takes a tight path if one is left.  A row at
 * potential big_m with no tight path is left unassigned for good.
 *
 * With spec, the pass comes before the phase's search, which would have
 * moved nothing if its distance D is 0 (only columns at distance 0 would
 * be settled, and they keep their prices): then the pass is the one the
 * phase would have made after it.  The first path flipped proves it
 * (spec_holds()); if none can be, the batch and its potentials are put
 * back as they were, and the search comes first as usual.
 * Returns the number of rows done (0: a pass before its search that
 * proved nothing), or -1 when memory ran out.
 */
static int32_t
place(struct core *c, int spec)
{
	int32_t	 i, p, q;
	int	 rc;

	c->spec = SPEC_NO;
	if (spec) {
		c->spec = SPEC_TRY;
		for (p = 0; p < c->nb; p++) {
			c->spend[p] = c->pend[p];
			c->su[p] = c->u[c->pend[p]];
			if (c->lex && c->su[p] == c->m)
				c->spec = SPEC_HOLDS;
		}
	}
	next_phase(c);
	for (p = q = 0; p < c->nb; p++) {
		i = c->pend[p];
		c->spec_u = c->u[i];
		pend_u(c, i);
		if (c->tkn > c->tkeep)
			tight_forget(c);
		if ((rc = tight_path(c, i)) == -1)
			return -1;
		if (rc == 2)
			break;
		if (rc)
			continue;
		if (c->lex && c->u[i] == c->m)
			continue;
		c->pend[q++] = i;
	}
	if (c->spec == SPEC_TRY) {
		for (p = 0; p < c->nb; p++) {
			c->pend[p] = c->spend[p];
			c->u[c->pend[p]] = c->su[p];
		}
		c->spec = SPEC_NO;
		return 0;
	}
	c->spec = SPEC_NO;
	p = c->nb - q;
	memmove(c->pend + q, c->pend + c->nb,
	    (size_t)(c->npend - c->nb) * sizeof(*c->pend));
	c->npend -= p;
	return p;
}

/*
 * Insert every free unlocked row, by phases: one search from the first
 * NBATCH pending rows finds the shortest augmenting distance and makes
 * those paths tight, then each of them in turn takes a tight path if one
 * is left.  Each phase places at least one row: until the first flip the
 * graph does not change, so the rows before it only mark columns with no
 * tight path onwards, and the row the search's path starts from finds
 * that path or another.  Each placement is a shortest augmentation, so
 * the invariants hold throughout.  The other pending rows keep valid
 * potentials, since prices only fall.  In square mode, the rows from
 * which no path reaches a free seat are left in failed.
 */
static enum tdm_err	 core_phases(struct core *, int32_t *, int32_t *);

static void
ckpt_free(struct ckpt *k)
{
	free(k->rcol);
	free(k->next);
	free(k->prev);
	free(k->pend);
	free(k->head);
	free(k->load);
	free(k->rcost);
	free(k->u);
	free(k->v);
	free(k->reach);
	memset(k, 0, sizeof(*k));
}

static void
rec_free(struct rec *r)
{
	int	 k;

	for (k = 0; k < NCKPT; k++)
		ckpt_free(&r->ck[k]);
	free(r->reach);
	free(r->rr);
	free(r->rb);
	memset(r, 0, sizeof(*r));
}

/* A record from the start of a run: no phase, no checkpoint. */
static void
rec_start(struct rec *r, int32_t nr)
{
	int32_t	 i;

	r->phase = 0;
	r->every = 1;
	r->nck = 0;
	for (i = 0; i < nr; i++)
		r->reach[i] = INT64_MIN;
}

static enum tdm_err
rec_init(struct rec *r, int32_t nr)
{
	size_t	 n = nr ? (size_t)nr : 1;

	memset(r, 0, sizeof(*r));
	r->reach = calloc(n, sizeof(*r->reach));
	r->rr = malloc(n * sizeof(*r->rr));
	r->rb = malloc(n * sizeof(*r->rb));
	if (!r->reach || !r->rr || !r->rb) {
		rec_free(r);
		return TDM_ENOMEM;
	}
	rec_start(r, nr);
	return TDM_OK;
}

/* Copy the core's state to (to == 1) or from checkpoint k. */
static void
ckpt_copy(struct core *c, struct ckpt *k, int to)
{
	size_t	 r = (size_t)c->nr, n = (size_t)c->nc;

#define CK_COPY(a, b, len) do {						\
	if (to)								\
		memcpy(k->a, c->b, (len) * sizeof(*k->a));		\
	else								\
		memcpy(c->b, k->a, (len) * sizeof(*k->a));		\
} while (0)
	CK_COPY(rcol, rcol, r);
	CK_COPY(next, next, r);
	CK_COPY(prev, prev, r);
	CK_COPY(rcost, rcost, r);
	CK_COPY(u, u, r);
	CK_COPY(head, head, n);
	CK_COPY(load, load, n);
	CK_COPY(v, v, n);
	CK_COPY(reach, rec->reach, r);
	CK_COPY(pend, pend, (size_t)(to ? c->npend : k->npend));
#undef CK_COPY
	if (to)
		k->npend = c->npend;
	else
		c->npend = k->npend;
}

/*
 * At the start of a phase: a checkpoint if one is due, the oldest half
 * of them dropped first (every other one) if there is no room.
 */
static enum tdm_err
rec_checkpoint(struct core *c)
{
	struct rec	*r = c->rec;
	struct ckpt	*k, t;
	size_t		 nr = c->nr ? (size_t)c->nr : 1;
	size_t		 nc = c->nc ? (size_t)c->nc : 1;
	int		 a, b;

	if (r->phase == 0 || r->phase % r->every != 0 ||
	    (r->nck > 0 && r->ck[r->nck - 1].phase == r->phase))
		return TDM_OK;
	if (r->nck == NCKPT) {
		/* Keep those at even multiples of every: every other. */
		r->every *= 2;
		for (a = b = 0; a < r->nck; a++) {
			if (r->ck[a].phase % r->every != 0)
				continue;
			t = r->ck[b];
			r->ck[b++] = r->ck[a];
			r->ck[a] = t;
		}
		r->nck = b;
		if (r->phase % r->every != 0)
			return TDM_OK;
	}
	k = &r->ck[r->nck];
	if (k->rcol == NULL) {
		k->rcol = malloc(nr * sizeof(*k->rcol));
		k->next = malloc(nr * sizeof(*k->next));
		k->prev = malloc(nr * sizeof(*k->prev));
		k->pend = malloc(nr * sizeof(*k->pend));
		k->rcost = malloc(nr * sizeof(*k->rcost));
		k->u = malloc(nr * sizeof(*k->u));
		k->reach = malloc(nr * sizeof(*k->reach));
		k->head = malloc(nc * sizeof(*k->head));
		k->load = malloc(nc * sizeof(*k->load));
		k->v = malloc(nc * sizeof(*k->v));
		if (!k->rcol || !k->next || !k->prev || !k->pend ||
		    !k->rcost || !k->u || !k->reach || !k->head ||
		    !k->load || !k->v) {
			ckpt_free(k);
			return TDM_ENOMEM;
		}
	}
	ckpt_copy(c, k, 1);
	k->phase = r->phase;
	r->nck++;
	return TDM_OK;
}

enum tdm_err
core_run(struct core *c, const int32_t *lock, int32_t *failed,
    int32_t *nfailed)
{
	int32_t	 i, p;

	*nfailed = 0;
	c->npend = 0;
	/* Prices only fall from here on. */
	c->vmax = c->nc ? INT64_MIN : 0;
	for (i = 0; i < c->nc; i++)
		if (c->v[i] > c->vmax)
			c->vmax = c->v[i];
	for (i = 0; i < c->nr; i++)
		if (!(lock && lock[i] >= 0) && c->rcol[i] < 0)
			c->pend[c->npend++] = i;
	for (p = 0; p < c->npend; p++)
		pend_u(c, c->pend[p]);
	return core_phases(c, failed, nfailed);
}

/* The phases of core_run(), from wherever the core stands. */
static enum tdm_err
core_phases(struct core *c, int32_t *failed, int32_t *nfailed)
{
	int32_t		 p, n, batch = NBATCH;
	int		 spec = 1;
	const char	*e;
	char		*end;
	long		 x;

	/*
	 * For the tests: other batch sizes, no pass before the searches,
	 * other room for the lists of tight edges (0: every entry but the
	 * first of a path search reads its row).  The last two change
	 * nothing in the result.
	 */
	if ((e = getenv("TANDEM_LAP_BATCH")) != NULL &&
	    (x = strtol(e, &end, 10)) > 0 && x <= INT32_MAX && *end == '\0')
		batch = (int32_t)x;
	if (getenv("TANDEM_LAP_NOSPEC") != NULL)
		spec = 0;
	c->tkeep = TKEEP(c->nr);
	if ((e = getenv("TANDEM_LAP_KEEP")) != NULL &&
	    (x = strtol(e, &end, 10)) >= 0 && *end == '\0')
		c->tkeep = (size_t)x;
	tight_forget(c);
	while (c->npend > 0) {
		if (c->rec != NULL && rec_checkpoint(c) != TDM_OK)
			return TDM_ENOMEM;
		c->nb = c->npend < batch ? c->npend : batch;
		/* The search may move nothing: try the pass first. */
		if (spec && (n = place(c, 1)) != 0) {
			if (n == -1)
				return TDM_ENOMEM;
			if (c->rec != NULL)
				c->rec->phase++;
			continue;
		}
		if (!search(c)) {
			/* Square mode only: lexicographic searches end. */
			if (failed == NULL)
				return TDM_EINVAL;
			for (p = 0; p < c->nb; p++)
				failed[(*nfailed)++] = c->pend[p];
			memmove(c->pend, c->pend + c->nb,
			    (size_t)(c->npend - c->nb) * sizeof(*c->pend));
			c->npend -= c->nb;
			continue;
		}
		if (place(c, 0) == -1)
			return TDM_ENOMEM;
		if (c->rec != NULL)
			c->rec->phase++;
	}
	return TDM_OK;
}

/*
 * Check a sparse problem's shape and find its units (or, if force > 0
 * and the costs are not all integral, use that scale) and the range of
 * the costs of unlocked rows.
 */
enum tdm_err
lap_sparse_check(const struct tdm_lap_sparse *p, double force, struct units *un,
    int64_t *lo, int64_t *hi)
{
	size_t		 e, ne;
	int32_t		 i;
	int64_t		 x;
	enum tdm_err	 err;

	if (p->nrows < 0 || p->ncols < 0 || p->type < 0 ||
	    p->type >= TDM_LAP_TYPE__MAX || p->rowptr == NULL)
		return TDM_EINVAL;
	if (p->rowptr[0] != 0)
		return TDM_EINVAL;
	for (i = 0; i < p->nrows; i++)
		if (p->rowptr[i + 1] < p->rowptr[i] ||
		    p->rowptr[i + 1] - p->rowptr[i] > INT32_MAX)
			return TDM_EINVAL;
	ne = p->rowptr[p->nrows];
	if (ne && (p->col == NULL || p->cost == NULL))
		return TDM_EINVAL;
	for (e = 0; e < ne; e++)
		if (p->col[e] < 0 || p->col[e] >= p->ncols)
			return TDM_EINVAL;
	un->scale = 1;
	un->integral = 1;
	if (p->type == TDM_LAP_F64 &&
	    (err = lap_float_units(p->cost, ne, p->nrows, un)) != TDM_OK)
		return err;
	if (force > 0 && !un->integral)
		un->scale = force;
	*lo = INT64_MAX;
	*hi = INT64_MIN;
	for (i = 0; i < p->nrows; i++) {
		if (p->lock && p->lock[i] >= 0)
			continue;
		for (e = p->rowptr[i]; e < p->rowptr[i + 1]; e++) {
			x = sparse_cost(p, un, e);
			if (x < *lo)
				*lo = x;
			if (x > *hi)
				*hi = x;
		}
	}
	return TDM_OK;
}

/* The entry of row i for column j, or SIZE_MAX. */
static size_t
sparse_find(const struct tdm_lap_sparse *p, int32_t i, int32_t j)
{
	size_t	 e;

	for (e = p->rowptr[i]; e < p->rowptr[i + 1]; e++)
		if (p->col[e] == j)
			return e;
	return SIZE_MAX;
}

/*
 * Row i of p into the core's arena at its end (room must be there), in
 * the arena's kind, sorted.  Returns TDM_EINVAL if a narrow arena cannot
 * hold the row (columns not in order).
 */
static enum tdm_err
sparse_row(struct core *c, const struct tdm_lap_sparse *p,
    const struct units *un, int32_t i)
{
	size_t	 e;

	c->eoff[i] = c->ne;
	for (e = p->rowptr[i]; e < p->rowptr[i + 1]; e++) {
		if (c->narrow) {
			if (e > p->rowptr[i] && p->col[e] <= p->col[e - 1])
				return TDM_EINVAL;
			c->en[c->ne].col = p->col[e];
			c->en[c->ne++].cost = (int32_t)sparse_cost(p, un, e);
			continue;
		}
		c->ecol[c->ne] = p->col[e];
		c->epos[c->ne] = (int32_t)(e - p->rowptr[i]);
		c->ecost[c->ne++] = sparse_cost(p, un, e);
	}
	c->elen[i] = (int32_t)(c->ne - c->eoff[i]);
	return row_sort(c, i) == TDM_OK ? TDM_OK : TDM_ENOMEM;
}

/*
 * Ask for huge pages (2 MiB) under the aligned part of a large array
 * before it is written.  The matcher's arrays of pairs take hundreds of
 * megabytes, written once in order: with 4 KiB pages a sixth of the
 * process time at 10,000 mentees went to page faults.  Only advice: the
 * contents and the result are the same with or without it, and nothing
 * happens where the system has no such pages.  Not for the solver's
 * arena of edges: there it raised the peak RSS at 100,000 participants
 * from 702 MB to 894 MB for no gain.
 */
void
lap_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	uintptr_t	 a, b, align = (uintptr_t)2 << 20;

	if (p == NULL || n < 4 * (size_t)align)
		return;
	a = ((uintptr_t)p + align - 1) & ~(align - 1);
	b = ((uintptr_t)p + n) & ~(align - 1);
	if (b > a)
		(void)madvise((void *)a, b - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

/* Room in the arena for n more edges, of its kind. */
static enum tdm_err
arena_room(struct core *c, size_t n)
{
	size_t	 na = c->ne + n;
	void	*q;

	if (na <= c->ealloc)
		return TDM_OK;
	if (c->narrow) {
		if ((q = realloc(c->en, na * sizeof(*c->en))) == NULL)
			return TDM_ENOMEM;
		c->en = q;
	} else {
		if ((q = realloc(c->ecol, na * sizeof(*c->ecol))) == NULL)
			return TDM_ENOMEM;
		c->ecol = q;
		if ((q = realloc(c->ecost, na * sizeof(*c->ecost))) == NULL)
			return TDM_ENOMEM;
		c->ecost = q;
		if ((q = realloc(c->epos, na * sizeof(*c->epos))) == NULL)
			return TDM_ENOMEM;
		c->epos = q;
	}
	c->ealloc = na;
	return TDM_OK;
}

/*
 * A sparse problem in the core, ready to run: units, capacities, big_m,
 * locked rows' costs (lockcost, nrows) and every other row's edges.
 */
static enum tdm_err
sparse_setup(const struct tdm_lap_sparse *p, struct core *c,
    struct units *un, int64_t *lockcost, int64_t *lo, int64_t *hi)
{
	int64_t		 seats;
	int32_t		 i, nfree;
	size_t		 e;
	enum tdm_err	 err;

	if ((err = lap_sparse_check(p, 0, un, lo, hi)) != TDM_OK)
		return err;
	if ((err = core_init(c, p->nrows, p->ncols)) != TDM_OK)
		return err;
	c->narrow = *lo >= INT32_MIN && *hi <= INT32_MAX;
	for (i = 0; i < p->nrows && c->narrow; i++)
		for (e = p->rowptr[i] + 1; e < p->rowptr[i + 1]; e++)
			if (p->col[e] <= p->col[e - 1]) {
				c->narrow = 0;
				break;
			}
	if ((err = arena_room(c, p->rowptr[p->nrows] + 1)) != TDM_OK)
		return err;
	if ((err = core_set_caps(c, p->cap, p->seats, p->lock, &nfree, &seats)) !=
	    TDM_OK)
		return err;
	c->lex = 1;
	if ((c->m = lap_big_m(*lo, *hi, nfree)) < 0)
		return TDM_EINVAL;
	for (i = 0; i < p->nrows; i++) {
		if (p->lock && p->lock[i] >= 0) {
			if ((e = sparse_find(p, i, p->lock[i])) == SIZE_MAX)
				return TDM_EINVAL;
			lockcost[i] = sparse_cost(p, un, e);
			continue;
		}
		if ((err = sparse_row(c, p, un, i)) != TDM_OK)
			return err;
	}
	return TDM_OK;
}

/* The result of a sparse problem solved in the core. */
static enum tdm_err
sparse_result(const struct tdm_lap_sparse *p, const struct core *c,
    const struct units *un, const int64_t *lockcost, int canon,
    struct tdm_lap_result *res)
{
	enum tdm_err	 err;
	int32_t		 i;

	if ((err = lap_result_alloc(res, p->nrows, p->ncols)) != TDM_OK)
		return err;
	core_export(c, p->lock, lockcost, res);
	if (canon && (err = lap_canon_sparse(p, un, res)) != TDM_OK) {
		tdm_lap_result_free(res);
		return err;
	}
	res->scale = un->scale;
	res->objective = (double)res->total / un->scale;
	if (p->type == TDM_LAP_F64 && !un->integral) {
		res->objective = 0;
		for (i = 0; i < p->nrows; i++)
			if (res->col[i] >= 0)
				res->objective += ((const double *)p->cost)
				    [sparse_find(p, i, res->col[i])];
	}
	return TDM_OK;
}

enum tdm_err
tdm_lap_sparse(const struct tdm_lap_sparse *p, struct tdm_lap_result *res)
{
	struct core	 c;
	struct units	 un;
	int64_t		*lockcost, lo, hi;
	int32_t		 nfail;
	enum tdm_err	 err;

	memset(res, 0, sizeof(*res));
	res->scale = 1;
	memset(&c, 0, sizeof(c));
	lockcost = calloc(p->nrows > 0 ? (size_t)p->nrows : 1,
	    sizeof(*lockcost));
	if (lockcost == NULL)
		return TDM_ENOMEM;
	if ((err = sparse_setup(p, &c, &un, lockcost, &lo, &hi)) == TDM_OK &&
	    (err = core_run(&c, p->lock, NULL, &nfail)) == TDM_OK)
		err = sparse_result(p, &c, &un, lockcost, 1, res);
	free(lockcost);
	core_free(&c);
	return err;
}

/*
 * The state a warm start keeps: the core as the last run left it, with
 * its record, and what the next problem must share with the last one.
 */
struct tdm_lap_warm {
	struct core	 c;
	struct rec	 rec;
	struct units	 un;
	int64_t		*lockcost;
	int32_t		*cap, *lock;	/* copies, or NULL */
	int32_t		 seats;
	int64_t		 lo, hi;
	int32_t		*stamp;		/* ncols: work of comparing rows */
	int64_t		*scost;
	int64_t		*added;		/* nrows: least cost added, or MAX */
};

void
tdm_lap_warm_free(struct tdm_lap_warm *w)
{
	if (w == NULL)
		return;
	core_free(&w->c);
	rec_free(&w->rec);
	free(w->lockcost);
	free(w->cap);
	free(w->lock);
	free(w->stamp);
	free(w->scost);
	free(w->added);
	free(w);
}

static int32_t *
copy_i32(const int32_t *v, int32_t n)
{
	int32_t	*c;

	if ((c = malloc((n > 0 ? (size_t)n : 1) * sizeof(*c))) != NULL &&
	    n > 0)
		memcpy(c, v, (size_t)n * sizeof(*c));
	return c;
}

static int
same_i32(const int32_t *a, const int32_t *b, int32_t n)
{
	if (a == NULL || b == NULL)
		return a == b;
	return n <= 0 || memcmp(a, b, (size_t)n * sizeof(*a)) == 0;
}

/* Solve p from scratch into a new warm state. */
static enum tdm_err
warm_cold(const struct tdm_lap_sparse *p, struct tdm_lap_warm **wp,
    int canon, struct tdm_lap_result *res)
{
	struct tdm_lap_warm	*w;
	int32_t			 nfail;
	size_t			 r = p->nrows > 0 ? (size_t)p->nrows : 1;
	size_t			 k = p->ncols > 0 ? (size_t)p->ncols : 1;
	enum tdm_err		 err = TDM_ENOMEM;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return TDM_ENOMEM;
	w->lockcost = calloc(r, sizeof(*w->lockcost));
	w->stamp = calloc(k, sizeof(*w->stamp));
	w->scost = malloc(k * sizeof(*w->scost));
	w->added = malloc(r * sizeof(*w->added));
	if (!w->lockcost || !w->stamp || !w->scost || !w->added ||
	    (p->cap && (w->cap = copy_i32(p->cap, p->ncols)) == NULL) ||
	    (p->lock && (w->lock = copy_i32(p->lock, p->nrows)) == NULL))
		goto fail;
	w->seats = p->seats;
	if ((err = sparse_setup(p, &w->c, &w->un, w->lockcost, &w->lo,
	    &w->hi)) != TDM_OK ||
	    (err = rec_init(&w->rec, p->nrows)) != TDM_OK)
		goto fail;
	w->c.rec = &w->rec;
	if ((err = core_run(&w->c, p->lock, NULL, &nfail)) != TDM_OK ||
	    (err = sparse_result(p, &w->c, &w->un, w->lockcost, canon,
	    res)) != TDM_OK)
		goto fail;
	*wp = w;
	return TDM_OK;
fail:
	tdm_lap_warm_free(w);
	return err;
}

/*
 * Whether p is the last problem of w plus pairs: the same sizes,
 * capacities, locks and cost range, and every row's edges still there
 * at the same costs.  The least cost added to each row goes to
 * w->added (INT64_MAX: none).
 */
static int
warm_applies(struct tdm_lap_warm *w, const struct tdm_lap_sparse *p)
{
	struct core	*c = &w->c;
	struct units	 un;
	int64_t		 lo, hi, x;
	int32_t		 i, j, tag, n, seen;
	size_t		 e, q;

	if (p->nrows != c->nr || p->ncols != c->nc || p->seats != w->seats ||
	    (p->type != TDM_LAP_I32 && p->type != TDM_LAP_I64) ||
	    !same_i32(p->cap, w->cap, p->ncols) ||
	    !same_i32(p->lock, w->lock, p->nrows) ||
	    lap_sparse_check(p, 0, &un, &lo, &hi) != TDM_OK ||
	    lo != w->lo || hi != w->hi)
		return 0;
	for (i = 0; i < c->nr; i++) {
		w->added[i] = INT64_MAX;
		if (p->lock && p->lock[i] >= 0) {
			if ((e = sparse_find(p, i, p->lock[i])) == SIZE_MAX ||
			    sparse_cost(p, &un, e) != w->lockcost[i])
				return 0;
			continue;
		}
		/* Tags tell rows apart without clearing: i + 1, then more. */
		tag = i + 1;
		n = c->elen[i];
		for (q = c->eoff[i]; q < c->eoff[i] + (size_t)n; q++) {
			w->stamp[edge_col(c, q)] = tag;
			w->scost[edge_col(c, q)] = edge_cost(c, q);
		}
		seen = 0;
		for (e = p->rowptr[i]; e < p->rowptr[i + 1]; e++) {
			j = p->col[e];
			x = sparse_cost(p, &un, e);
			if (w->stamp[j] == tag) {
				if (w->scost[j] != x)
					return 0;
				seen++;
			} else if (x < w->added[i])
				w->added[i] = x;
		}
		if (seen != n)
			return 0;
	}
	return 1;
}

/*
 * The run to resume: the last checkpoint from which every pair added
 * leaves the run as it was (a row's pair of least cost c matters from
 * the first phase whose reach reaches c).  Returns the checkpoint, -1
 * for the start, or NCKPT when no pair ever mattered: the run with them
 * is the run without them.
 */
static int
resume_from(const struct rec *r, const int64_t *added, int32_t nr)
{
	int32_t			 i;
	int			 k, from = NCKPT;

	for (i = 0; i < nr; i++) {
		if (added[i] == INT64_MAX || r->reach[i] < added[i])
			continue;
		/* The segment before the first checkpoint that saw it. */
		for (k = 0; k < r->nck && r->ck[k].reach[i] < added[i]; k++)
			;
		if (k - 1 < from)
			from = k - 1;
	}
	return from;
}

static int
warm_from(const struct tdm_lap_warm *w)
{
	return resume_from(&w->rec, w->added, w->c.nr);
}

enum tdm_err
core_record(struct core *c)
{
	if ((c->rec = malloc(sizeof(*c->rec))) == NULL)
		return TDM_ENOMEM;
	if (rec_init(c->rec, c->nr) != TDM_OK) {
		free(c->rec);
		c->rec = NULL;
		return TDM_ENOMEM;
	}
	return TDM_OK;
}

void
core_record_free(struct core *c)
{
	if (c->rec != NULL) {
		rec_free(c->rec);
		free(c->rec);
		c->rec = NULL;
	}
}

enum tdm_err
core_resume(struct core *c, const int32_t *lock, const int64_t *added)
{
	struct rec	*r = c->rec;
	int32_t		 nfail;
	int		 from;

	from = resume_from(r, added, c->nr);
	if (from == -1) {
		core_reset(c);
		rec_start(r, c->nr);
		return core_run(c, lock, NULL, &nfail);
	}
	if (from < NCKPT) {
		ckpt_copy(c, &r->ck[from], 0);
		r->phase = r->ck[from].phase;
		r->nck = from + 1;
		return core_phases(c, NULL, &nfail);
	}
	return TDM_OK;
}

enum tdm_err
tdm_lap_sparse_warm(const struct tdm_lap_sparse *p, struct tdm_lap_warm **wp,
    struct tdm_lap_result *res)
{
	return lap_sparse_warm(p, wp, 1, res);
}

/* tdm_lap_sparse_warm(), the canonical step only if canon (solver_int.h). */
enum tdm_err
lap_sparse_warm(const struct tdm_lap_sparse *p, struct tdm_lap_warm **wp,
    int canon, struct tdm_lap_result *res)
{
	struct tdm_lap_warm	*w = *wp;
	struct core		*c;
	size_t			 more = 0;
	int32_t			 i, nfail;
	int			 from;
	enum tdm_err		 err;

	memset(res, 0, sizeof(*res));
	res->scale = 1;
	if (w == NULL || !warm_applies(w, p)) {
		tdm_lap_warm_free(w);
		*wp = NULL;
		return warm_cold(p, wp, canon, res);
	}
	c = &w->c;
	from = warm_from(w);
	/* The rows that gained pairs, anew at the end of the arena. */
	for (i = 0; i < c->nr; i++)
		if (w->added[i] != INT64_MAX)
			more += p->rowptr[i + 1] - p->rowptr[i];
	if ((err = arena_room(c, more)) != TDM_OK)
		goto fail;
	for (i = 0; i < c->nr; i++)
		if (w->added[i] != INT64_MAX &&
		    (err = sparse_row(c, p, &w->un, i)) != TDM_OK)
			goto fail;
	if (from == -1) {
		core_reset(c);
		rec_start(&w->rec, c->nr);
		err = core_run(c, p->lock, NULL, &nfail);
	} else if (from < NCKPT) {
		ckpt_copy(c, &w->rec.ck[from], 0);
		w->rec.phase = w->rec.ck[from].phase;
		w->rec.nck = from + 1;
		err = core_phases(c, NULL, &nfail);
	} else
		err = TDM_OK;
	if (err == TDM_OK &&
	    (err = sparse_result(p, c, &w->un, w->lockcost, canon, res)) ==
	    TDM_OK)
		return TDM_OK;
fail:
	tdm_lap_warm_free(w);
	*wp = NULL;
	if (err == TDM_EINVAL)
		return warm_cold(p, wp, canon, res);
	return err;
}


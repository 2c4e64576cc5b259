/*
 * The canonical optimum (solver.h): of all the optimal solutions of a
 * problem, the solver returns one that does not depend on the way it was
 * found, so that a faster method, another order of the pairs or another
 * machine give the same pairs, bit for bit.
 *
 * Which one.  The lexicographically smallest: row 0's column as small as
 * any optimal solution allows, then row 1's, and so on, a row left out
 * counting as a column after every real one (a seat is preferred).
 *
 * How.  Every optimal solution uses only pairs that are tight under any
 * optimal dual (complementary slackness), keeps every column of price
 * below 0 full, and leaves out only rows of potential big_m.  So, from
 * the certified optimum the solver found and its dual, the canonical one
 * is found on the tight pairs alone.  Each row in turn (locked rows
 * aside: they never move) tries its tight columns below its own, in
 * increasing order, and takes the first from which a path of tight pairs
 * through the rows not yet fixed leads back to its own column (whose seat
 * it frees), or to a free seat when its own column may lose a row (price
 * 0).  When it may not, a free seat reached still serves if some column
 * of price 0 gives up a row along a path that ends at its own column.
 * The columns a failed attempt entered cannot lead there from a later
 * attempt of the same row (the graph has not changed), so they stay
 * marked: one row's attempts together cost one search of the tight
 * graph, and usually much less.
 *
 * A row left out is on a column of its own, numbered ncols + i, of one
 * seat and price 0, tight only when u[i] == big_m: leaving a row out is
 * one more tight pair, last in the row's order.
 *
 * The dual is not changed: it is still a certificate of the new pairs,
 * which have the same total (every pair tight, the same seats full).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/solver.h"
#include "solver_int.h"

struct canon {
	int32_t		 nr, nc, nk;	/* rows, columns, with row columns */
	const struct tight *t;
	int32_t		*a, *load, *cap;
	int32_t		*head, *next, *prev;	/* unfixed rows of a column */
	int32_t		*mark, epoch, zmark;
	int32_t		*sc, *sr;	/* stack: column, row tried */
	size_t		*se;		/* and its next tight pair */
	unsigned char	*zero;		/* a column of price 0 */
	unsigned char	*fixed;		/* a row fixed, or looking */
	/*
	 * The tight pairs by column (the rows tight to column j are
	 * trow[toff[j]] .. trow[toff[j + 1] - 1]), and the backward
	 * search's work: its marks, its queue of columns, and for each
	 * column it reached, the row that would leave it and the column
	 * that row would go to.
	 */
	size_t		*toff;
	int32_t		*trow;
	int32_t		*bmark, bepoch;
	int32_t		*bq, *brow, *bto;
};

void
tight_free(struct tight *t)
{
	free(t->off);
	free(t->col);
	memset(t, 0, sizeof(*t));
}

enum tdm_err
tight_init(struct tight *t, int32_t nr)
{
	memset(t, 0, sizeof(*t));
	t->alloc = 1024;
	t->off = calloc((size_t)nr + 1, sizeof(*t->off));
	/* Zeroed: clang-analyzer cannot tell off[] from the columns filled. */
	t->col = calloc(t->alloc, sizeof(*t->col));
	if (t->off == NULL || t->col == NULL) {
		tight_free(t);
		return TDM_ENOMEM;
	}
	return TDM_OK;
}

enum tdm_err
tight_room(struct tight *t, size_t more)
{
	size_t	 n;
	int32_t	*x;

	if (t->n + more <= t->alloc)
		return TDM_OK;
	n = t->alloc;
	while (n < t->n + more) {
		if (n > SIZE_MAX / 2 / sizeof(*x))
			return TDM_ENOMEM;
		n *= 2;
	}
	if ((x = realloc(t->col, n * sizeof(*x))) == NULL)
		return TDM_ENOMEM;
	t->col = x;
	t->alloc = n;
	return TDM_OK;
}

static void
canon_link(struct canon *k, int32_t i, int32_t j)
{
	k->a[i] = j;
	k->prev[i] = -1;
	k->next[i] = k->head[j];
	if (k->head[j] >= 0)
		k->prev[k->head[j]] = i;
	k->head[j] = i;
}

static void
canon_unlink(struct canon *k, int32_t i)
{
	int32_t	 j = k->a[i];

	if (k->prev[i] >= 0)
		k->next[k->prev[i]] = k->next[i];
	else
		k->head[j] = k->next[i];
	if (k->next[i] >= 0)
		k->prev[k->next[i]] = k->prev[i];
}

/*
 * Whether a column of price 0 can give up one of its rows along a path
 * of tight pairs that ends at own, through the columns that are neither
 * marked by the search under way nor on its path: a search backwards
 * from own (a row tight to own may come to it from its column, whose
 * own rows may then come from theirs, and so on).  On success the rows
 * of that path move along it, so own has one row more and a column of
 * price 0 one row less.  The same question as following, forwards, the
 * paths from every column of price 0 to own, but it only looks at the
 * columns that lead to own.
 */
static int
canon_back(struct canon *k, int32_t own)
{
	int32_t	 h = 0, n = 0, c, r, y, x;
	size_t	 e;

	k->bepoch++;
	k->bmark[own] = k->bepoch;
	k->bq[n++] = own;
	while (h < n) {
		c = k->bq[h++];
		for (e = k->toff[c]; e < k->toff[c + 1]; e++) {
			r = k->trow[e];
			y = k->a[r];
			if (k->fixed[r] || y == c || k->mark[y] == k->epoch ||
			    k->bmark[y] == k->bepoch)
				continue;
			k->bmark[y] = k->bepoch;
			k->brow[y] = r;
			k->bto[y] = c;
			if (!k->zero[y]) {
				k->bq[n++] = y;
				continue;
			}
			/* Each row on the path moves one column on. */
			for (x = y; x != own; x = k->bto[x]) {
				r = k->brow[x];
				canon_unlink(k, r);
				k->load[x]--;
				canon_link(k, r, k->bto[x]);
				k->load[k->bto[x]]++;
			}
			return 1;
		}
	}
	return 0;
}

/*
 * A path of tight pairs from column j0 to column own, or to a free seat
 * if spare; rows before the one looking are fixed.  When own must stay
 * full (!spare), a free seat reached can still take a row if another
 * column of price 0 gives one up along a path that ends at own
 * (canon_back(), asked once a row: the columns marked since can only
 * make it harder).  On success the path's rows move along it (the row
 * looking is moved by the caller).
 */
static int
canon_path(struct canon *k, int32_t j0, int32_t own, int spare)
{
	const size_t	*off = k->t->off;
	const int32_t	*tcol = k->t->col;
	int32_t		 t = 0, x, r, y;

	k->mark[j0] = k->epoch;
	k->sc[0] = j0;
	k->sr[0] = -2;
	while (t >= 0) {
		x = k->sc[t];
		if (k->sr[t] == -2) {
			if (x == own || (spare && k->load[x] < k->cap[x]))
				break;
			k->sr[t] = -3;
			/* Once a row looks: the answer cannot change. */
			if (k->load[x] < k->cap[x] && k->zmark != k->epoch) {
				k->zmark = k->epoch;
				if (canon_back(k, own))
					break;
			}
		}
		if (k->sr[t] == -3) {
			k->sr[t] = k->head[x];
			if (k->sr[t] >= 0)
				k->se[t] = off[k->sr[t]];
		}
		r = k->sr[t];
		if (r < 0) {
			t--;
			continue;
		}
		if (k->se[t] == off[r + 1]) {
			k->sr[t] = k->next[r];
			if (k->sr[t] >= 0)
				k->se[t] = off[k->sr[t]];
			continue;
		}
		y = tcol[k->se[t]++];
		if (k->mark[y] == k->epoch)
			continue;
		k->mark[y] = k->epoch;
		t++;
		k->sc[t] = y;
		k->sr[t] = -2;
	}
	if (t < 0)
		return 0;
	/* Frame s's row moves to frame s + 1's column. */
	for (; t > 0; t--) {
		r = k->sr[t - 1];
		y = k->sc[t];
		canon_unlink(k, r);
		k->load[k->a[r]]--;
		canon_link(k, r, y);
		k->load[y]++;
	}
	return 1;
}

static void
canon_free(struct canon *k)
{
	free(k->a);
	free(k->next);
	free(k->prev);
	free(k->load);
	free(k->cap);
	free(k->head);
	free(k->mark);
	free(k->sc);
	free(k->sr);
	free(k->se);
	free(k->zero);
	free(k->fixed);
	free(k->toff);
	free(k->trow);
	free(k->bmark);
	free(k->bq);
	free(k->brow);
	free(k->bto);
}

enum tdm_err
lap_canon(const struct tight *t, const int32_t *cap, int32_t seats,
    const int32_t *lock, struct tdm_lap_result *res)
{
	struct canon	 k;
	int32_t		 i, j, own, x;
	size_t		 e, nr, nk;
	int		 spare;

	memset(&k, 0, sizeof(k));
	k.nr = res->nrows;
	k.nc = res->ncols;
	if ((int64_t)k.nr + k.nc + 2 > INT32_MAX)
		return TDM_EINVAL;
	k.nk = k.nc + k.nr;
	k.t = t;
	nr = (size_t)k.nr + 1;
	nk = (size_t)k.nk + 2;
	k.a = malloc(nr * sizeof(*k.a));
	k.next = malloc(nr * sizeof(*k.next));
	k.prev = malloc(nr * sizeof(*k.prev));
	k.load = calloc(nk, sizeof(*k.load));
	k.cap = calloc(nk, sizeof(*k.cap));
	k.head = malloc(nk * sizeof(*k.head));
	k.mark = calloc(nk, sizeof(*k.mark));
	k.sc = calloc(nk, sizeof(*k.sc));
	k.sr = calloc(nk, sizeof(*k.sr));
	k.se = calloc(nk, sizeof(*k.se));
	k.zero = calloc(nk, sizeof(*k.zero));
	k.fixed = calloc(nr, sizeof(*k.fixed));
	k.toff = calloc(nk + 1, sizeof(*k.toff));
	k.trow = malloc((t->off[k.nr] + 1) * sizeof(*k.trow));
	k.bmark = calloc(nk, sizeof(*k.bmark));
	k.bq = malloc(nk * sizeof(*k.bq));
	k.brow = malloc(nk * sizeof(*k.brow));
	k.bto = malloc(nk * sizeof(*k.bto));
	if (!k.a || !k.next || !k.prev || !k.load || !k.cap || !k.head ||
	    !k.mark || !k.sc || !k.sr || !k.se || !k.zero || !k.fixed ||
	    !k.toff || !k.trow || !k.bmark || !k.bq || !k.brow || !k.bto) {
		canon_free(&k);
		return TDM_ENOMEM;
	}
	for (j = 0; j < k.nk; j++) {
		k.cap[j] = j >= k.nc ? 1 : cap ? cap[j] : seats;
		k.head[j] = -1;
		k.zero[j] = j >= k.nc ? res->u[j - k.nc] == res->big_m :
		    res->v[j] == 0;
	}
	/* The tight pairs by column, rows in increasing order. */
	for (e = 0; e < t->off[k.nr]; e++)
		k.toff[t->col[e] + 1]++;
	for (j = 0; j < k.nk; j++)
		k.toff[j + 1] += k.toff[j];
	for (i = 0; i < k.nr; i++)
		for (e = t->off[i]; e < t->off[i + 1]; e++)
			k.trow[k.toff[t->col[e]]++] = i;
	for (j = k.nk; j > 0; j--)
		k.toff[j] = k.toff[j - 1];
	k.toff[0] = 0;
	for (i = 0; i < k.nr; i++) {
		j = res->col[i] >= 0 ? res->col[i] : k.nc + i;
		if (lock && lock[i] >= 0) {
			k.a[i] = j;
			k.load[j]++;
			k.fixed[i] = 1;
			continue;
		}
		canon_link(&k, i, j);
		k.load[j]++;
	}
	for (i = 0; i < k.nr; i++) {
		if (lock && lock[i] >= 0)
			continue;
		own = k.a[i];
		spare = own >= k.nc || res->v[own] == 0;
		k.epoch++;
		/* Row i is no longer on its column while it looks. */
		k.fixed[i] = 1;
		canon_unlink(&k, i);
		k.load[own]--;
		for (e = t->off[i]; e < t->off[i + 1]; e++) {
			x = t->col[e];
			if (x >= own)
				break;
			if (k.mark[x] == k.epoch)
				continue;
			if (canon_path(&k, x, own, spare)) {
				own = x;
				break;
			}
		}
		/* Fixed: on its column for good, out of the lists. */
		k.a[i] = own;
		k.load[own]++;
	}
	for (i = 0; i < k.nr; i++)
		res->col[i] = k.a[i] < k.nc ? k.a[i] : -1;
	canon_free(&k);
	return TDM_OK;
}

static int
cmp_i32(const void *a, const void *b)
{
	int32_t	 x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

/*
 * The tight pairs of a sparse problem's result, each row's in increasing
 * column order (a row given in any order is sorted), a row's own column
 * (ncols + i) last when it may be left out.
 */
enum tdm_err
lap_canon_sparse(const struct tdm_lap_sparse *p, const struct units *un,
    struct tdm_lap_result *res)
{
	struct tight	 t;
	int32_t		 i, *c;
	size_t		 e, b, n;
	int		 sorted;
	enum tdm_err	 err;

	if ((err = tight_init(&t, p->nrows)) != TDM_OK)
		return err;
	for (i = 0; i < p->nrows; i++) {
		b = t.n;
		t.off[i] = b;
		if (p->lock && p->lock[i] >= 0)
			continue;
		n = p->rowptr[i + 1] - p->rowptr[i] + 1;
		if ((err = tight_room(&t, n)) != TDM_OK)
			goto out;
		c = t.col;
		sorted = 1;
		for (e = p->rowptr[i]; e < p->rowptr[i + 1]; e++)
			if (sparse_cost(p, un, e) - res->u[i] ==
			    res->v[p->col[e]]) {
				if (t.n > b && c[t.n - 1] > p->col[e])
					sorted = 0;
				c[t.n++] = p->col[e];
			}
		if (!sorted)
			qsort(c + b, t.n - b, sizeof(*c), cmp_i32);
		if (res->u[i] == res->big_m)
			c[t.n++] = p->ncols + i;
	}
	t.off[p->nrows] = t.n;
	err = lap_canon(&t, p->cap, p->seats, p->lock, res);
out:
	tight_free(&t);
	return err;
}

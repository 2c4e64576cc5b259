/*
 * Disclosure control (disclosure.h): primary suppression of the cells of
 * one to four people, secondary suppression chosen over every relation
 * of the report at once, and bands for hidden headlines.
 *
 * A reader who knows the relations and the published figures can solve
 * for the hidden ones: this file plays that reader.  For each hidden
 * cell it minimises and maximises the cell by linear programming (a
 * dense two-phase simplex with Bland's rule, which cannot cycle; reports
 * have at most a few hundred cells), every hidden cell bounded by what
 * its label says.  While a hidden cell is not protected, the smallest
 * shown cell that shares a relation with it is hidden too, and the
 * check starts again; each round hides one more cell, so it ends.
 * The test suite checks the result with another solver (GLPK).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "disclosure.h"

#define EPS	1e-9
#define SMALL_HI	(DCL_THRESHOLD - 1)

size_t
dcl_cell(struct disclosure *d, double value, int people, int flags)
{
	struct dcl_cell	*c;
	size_t		 n;

	if (d->ncells == d->cellcap) {
		n = d->cellcap ? d->cellcap * 2 : 64;
		if ((c = realloc(d->cells, n * sizeof(*c))) == NULL) {
			d->failed = 1;
			return 0;
		}
		d->cells = c;
		d->cellcap = n;
	}
	c = &d->cells[d->ncells];
	memset(c, 0, sizeof(*c));
	c->value = value;
	c->people = people;
	c->flags = flags;
	c->status = DCL_SHOWN;
	return d->ncells++;
}

void
dcl_relation(struct disclosure *d)
{
	d->nrels++;
}

void
dcl_term(struct disclosure *d, size_t cell, double coef)
{
	struct dcl_term	*t;
	size_t		 n;

	if (d->nrels == 0 || cell >= d->ncells) {
		d->failed = 1;
		return;
	}
	if (d->nterms == d->termcap) {
		n = d->termcap ? d->termcap * 2 : 128;
		if ((t = realloc(d->terms, n * sizeof(*t))) == NULL) {
			d->failed = 1;
			return;
		}
		d->terms = t;
		d->termcap = n;
	}
	t = &d->terms[d->nterms++];
	t->rel = d->nrels - 1;
	t->cell = cell;
	t->coef = coef;
}

void
dcl_free(struct disclosure *d)
{
	free(d->cells);
	free(d->terms);
	memset(d, 0, sizeof(*d));
}

/* ------------------------------------------------------------ simplex */

/*
 * Minimise c.x subject to A x = b, x >= 0, b >= 0; A is m x n, row
 * major.  0: optimal, *obj set; 1: infeasible; 2: unbounded; -1: no
 * memory.
 */
struct tableau {
	double	*t;		/* (m + 1) x (cols + 1) */
	size_t	 m, n, cols;	/* cols = n + m artificials */
	size_t	*basis;
};

#define T(tb, i, j)	((tb)->t[(i) * ((tb)->cols + 1) + (j)])

static void
pivot(struct tableau *tb, size_t r, size_t c)
{
	size_t	 i, j, w = tb->cols + 1;
	double	 p = T(tb, r, c), f;

	for (j = 0; j < w; j++)
		T(tb, r, j) /= p;
	for (i = 0; i <= tb->m; i++) {
		if (i == r || (f = T(tb, i, c)) == 0)
			continue;
		for (j = 0; j < w; j++)
			T(tb, i, j) -= f * T(tb, r, j);
	}
	tb->basis[r] = c;
}

/* Pivot until optimal on row m's reduced costs; columns < limit enter. */
static int
iterate(struct tableau *tb, size_t limit)
{
	size_t	 i, j, r, enter;
	double	 ratio, best;

	for (;;) {
		enter = limit;
		for (j = 0; j < limit; j++)
			if (T(tb, tb->m, j) < -EPS) {
				enter = j;
				break;
			}
		if (enter == limit)
			return 0;
		r = tb->m;
		best = 0;
		for (i = 0; i < tb->m; i++) {
			if (T(tb, i, enter) <= EPS)
				continue;
			ratio = T(tb, i, tb->cols) / T(tb, i, enter);
			if (r == tb->m || ratio < best - EPS ||
			    (ratio < best + EPS &&
			    tb->basis[i] < tb->basis[r])) {
				r = i;
				best = ratio;
			}
		}
		if (r == tb->m)
			return 2;
		pivot(tb, r, enter);
	}
}

static int
simplex(size_t m, size_t n, const double *a, const double *b,
    const double *c, double *obj)
{
	struct tableau	 tb;
	size_t		 i, j, k;
	int		 rc;

	tb.m = m;
	tb.n = n;
	tb.cols = n + m;
	tb.t = calloc((m + 1) * (tb.cols + 1), sizeof(double));
	tb.basis = calloc(m + 1, sizeof(size_t));
	if (tb.t == NULL || tb.basis == NULL) {
		free(tb.t);
		free(tb.basis);
		return -1;
	}
	for (i = 0; i < m; i++) {
		for (j = 0; j < n; j++)
			T(&tb, i, j) = a[i * n + j];
		T(&tb, i, n + i) = 1;
		T(&tb, i, tb.cols) = b[i];
		tb.basis[i] = n + i;
	}
	/* Phase one: the sum of the artificials, minimised. */
	for (j = 0; j <= tb.cols; j++) {
		if (j >= n && j < tb.cols)
			continue;
		for (i = 0; i < m; i++)
			T(&tb, m, j) -= T(&tb, i, j);
	}
	rc = iterate(&tb, n);
	if (rc == 0 && -T(&tb, m, tb.cols) > 1e-7)
		rc = 1;
	if (rc != 0) {
		rc = 1;
		goto out;
	}
	/* Artificials left in the basis at zero leave it where they can. */
	for (i = 0; i < m; i++) {
		if (tb.basis[i] < n)
			continue;
		for (j = 0; j < n; j++)
			if (fabs(T(&tb, i, j)) > EPS) {
				pivot(&tb, i, j);
				break;
			}
	}
	/* Phase two: the reduced costs of c. */
	for (j = 0; j <= tb.cols; j++)
		T(&tb, m, j) = j < n ? c[j] : 0;
	for (i = 0; i < m; i++) {
		k = tb.basis[i];
		if (k >= n || c[k] == 0)
			continue;
		for (j = 0; j <= tb.cols; j++)
			T(&tb, m, j) -= c[k] * T(&tb, i, j);
	}
	rc = iterate(&tb, n);
	if (rc == 0)
		*obj = -T(&tb, m, tb.cols);
out:
	free(tb.t);
	free(tb.basis);
	return rc;
}

/* -------------------------------------------------- the reader's view */

/* The bounds a reader knows for a cell from its label. */
static void
bounds(const struct dcl_cell *c, double *lo, double *hi)
{
	switch (c->status) {
	case DCL_SMALL:
		*lo = (c->flags & DCL_ATTRIBUTE) ? 0 : 1;
		*hi = SMALL_HI;
		break;
	case DCL_BAND:
		*lo = c->band_lo;
		*hi = HUGE_VAL;
		break;
	default:
		*lo = 0;
		*hi = HUGE_VAL;
		break;
	}
}

/*
 * Build the reader's programme: one variable per hidden cell (shifted by
 * its lower bound), one slack per finite upper bound; rows are the
 * relations that involve a hidden cell, then the upper bounds.  Then
 * minimise sign * cell i.  0: optimal; 1: infeasible; 2: unbounded.
 */
static int
solve(const struct disclosure *d, size_t target, double sign, double *out)
{
	size_t	*var = NULL, nv = 0, nub = 0, m, n, r, i, j, row, k;
	double	*a = NULL, *b = NULL, *c = NULL, lo, hi, obj = 0, tlo = 0;
	int	*used = NULL, rc = -1;
	size_t	*rowof = NULL;

	var = calloc(d->ncells + 1, sizeof(*var));
	rowof = calloc(d->nrels + 1, sizeof(*rowof));
	used = calloc(d->nrels + 1, sizeof(*used));
	if (var == NULL || rowof == NULL || used == NULL)
		goto nomem;
	for (i = 0; i < d->ncells; i++) {
		var[i] = (size_t)-1;
		if (d->cells[i].status == DCL_SHOWN)
			continue;
		var[i] = nv++;
		bounds(&d->cells[i], &lo, &hi);
		if (hi != HUGE_VAL)
			nub++;
	}
	for (k = 0; k < d->nterms; k++)
		if (var[d->terms[k].cell] != (size_t)-1)
			used[d->terms[k].rel] = 1;
	m = 0;
	for (r = 0; r < d->nrels; r++)
		if (used[r])
			rowof[r] = m++;
	m += nub;
	n = nv + nub;
	a = calloc(m * n + 1, sizeof(double));
	b = calloc(m + 1, sizeof(double));
	c = calloc(n + 1, sizeof(double));
	if (a == NULL || b == NULL || c == NULL)
		goto nomem;
	for (k = 0; k < d->nterms; k++) {
		const struct dcl_term	*t = &d->terms[k];
		const struct dcl_cell	*cl = &d->cells[t->cell];

		if (!used[t->rel])
			continue;
		row = rowof[t->rel];
		if (var[t->cell] == (size_t)-1) {
			b[row] -= t->coef * cl->value;
			continue;
		}
		bounds(cl, &lo, &hi);
		a[row * n + var[t->cell]] += t->coef;
		b[row] -= t->coef * lo;
	}
	row = m - nub;
	j = nv;
	for (i = 0; i < d->ncells; i++) {
		if (var[i] == (size_t)-1)
			continue;
		bounds(&d->cells[i], &lo, &hi);
		if (i == target)
			tlo = lo;
		if (hi == HUGE_VAL)
			continue;
		a[row * n + var[i]] = 1;
		a[row * n + j] = 1;
		b[row] = hi - lo;
		row++;
		j++;
	}
	for (row = 0; row < m; row++)
		if (b[row] < 0) {
			b[row] = -b[row];
			for (j = 0; j < n; j++)
				a[row * n + j] = -a[row * n + j];
		}
	c[var[target]] = sign;
	rc = simplex(m, n, a, b, c, &obj);
	if (rc == 0)
		*out = sign * obj + tlo;
	if (rc != -1)
		goto out;
nomem:
	/* The reader's view is const; running out of memory is not. */
	((struct disclosure *)(uintptr_t)d)->failed = 1;
	rc = -1;
out:
	free(var);
	free(rowof);
	free(used);
	free(a);
	free(b);
	free(c);
	return rc;
}

int
dcl_interval(const struct disclosure *d, size_t i, double *lo, double *hi)
{
	int	 rc;

	if (d->cells[i].status == DCL_SHOWN) {
		*lo = *hi = d->cells[i].value;
		return 0;
	}
	if ((rc = solve(d, i, 1, lo)) != 0)
		return rc == 2 ? (*lo = 0, *hi = HUGE_VAL, 0) : -1;
	rc = solve(d, i, -1, hi);
	if (rc == 2) {
		*hi = HUGE_VAL;
		return 0;
	}
	return rc == 0 ? 0 : -1;
}

/*
 * A hidden headline big enough for a band is published as one in the
 * end: while secondary cells are chosen, it needs no protection.
 */
static int
bandable(const struct dcl_cell *c)
{
	return c->status == DCL_HIDDEN && (c->flags & DCL_HEADLINE) &&
	    !(c->flags & DCL_NOBAND) && c->value >= 2 * DCL_THRESHOLD;
}

int
dcl_protected(const struct disclosure *d, size_t i)
{
	const struct dcl_cell	*c = &d->cells[i];
	double			 lo, hi, blo, bhi;

	if (c->status == DCL_SHOWN || c->status == DCL_BAND)
		return 1;
	/*
	 * A hidden zero found again tells of nobody; any other hidden cell
	 * keeps five possible values at least.
	 */
	if (c->status == DCL_HIDDEN && c->value == 0 && c->people == 0)
		return 1;
	if (dcl_interval(d, i, &lo, &hi) != 0)
		return 0;
	/* A band will say "lo or more": it needs room above, not five. */
	if (bandable(c))
		return hi - lo >= DCL_THRESHOLD - 2 - 1e-6;
	if (c->status == DCL_SMALL) {
		bounds(c, &blo, &bhi);
		return lo <= blo + 1e-6 && hi >= bhi - 1e-6;
	}
	return hi - lo >= DCL_THRESHOLD - 1 - 1e-6;
}

/* Whether cells i and j share a relation. */
static int
related(const struct disclosure *d, size_t i, size_t j)
{
	size_t	 k, l;

	for (k = 0; k < d->nterms; k++) {
		if (d->terms[k].cell != i)
			continue;
		for (l = 0; l < d->nterms; l++)
			if (d->terms[l].rel == d->terms[k].rel &&
			    d->terms[l].cell == j)
				return 1;
	}
	return 0;
}

/* Totals are hidden last, headlines before them, the rest first. */
static int
rank(const struct dcl_cell *c)
{
	return (c->flags & DCL_KEEP) ? 2 : (c->flags & DCL_HEADLINE) ? 1 : 0;
}

/* Whether hiding cell j (and k, unless -1) protects cell i. */
static int
fixes(struct disclosure *d, size_t i, size_t j, size_t k)
{
	int	 fix;

	d->cells[j].status = DCL_HIDDEN;
	if (k != (size_t)-1)
		d->cells[k].status = DCL_HIDDEN;
	fix = dcl_protected(d, i);
	d->cells[j].status = DCL_SHOWN;
	if (k != (size_t)-1)
		d->cells[k].status = DCL_SHOWN;
	return fix;
}

static int
candidate(const struct disclosure *d, size_t i, size_t j)
{
	return j != i && d->cells[j].status == DCL_SHOWN &&
	    !(d->cells[j].flags & DCL_KNOWN) && related(d, i, j);
}

/*
 * The cells to hide to protect cell i, among the shown ones that share
 * a relation with it, in *j (and *k, or -1).  One that protects it
 * alone is best: the lowest rank, then the smallest value (a zero
 * hidden costs the reader nothing).  Else two, the second beside the
 * first (a total and one of its parts), the lowest ranks first.  Else
 * the one that widens its interval most, not a zero (which adds no
 * doubt), of the lowest rank and the largest value: the next round
 * protects that one in turn.  0 when there is none.
 */
static int
secondary(struct disclosure *d, size_t i, size_t *bj, size_t *bk)
{
	size_t		 j, k;
	int		 jr, br = 0, found = 0;
	double		 v, bv = 0, lo, hi, w, bw;

	*bk = (size_t)-1;
	for (j = 0; j < d->ncells; j++) {
		if (!candidate(d, i, j) || !fixes(d, i, j, (size_t)-1))
			continue;
		v = d->cells[j].value;
		jr = rank(&d->cells[j]);
		if (found && (jr > br || (jr == br && v >= bv)))
			continue;
		*bj = j;
		bv = v;
		br = jr;
		found = 1;
	}
	if (found)
		return 1;
	for (j = 0; j < d->ncells; j++) {
		if (!candidate(d, i, j))
			continue;
		for (k = 0; k < d->ncells; k++) {
			if (k == j || (!candidate(d, i, k) &&
			    !candidate(d, j, k)) || (candidate(d, i, k) &&
			    k < j) || !fixes(d, i, j, k))
				continue;
			jr = rank(&d->cells[j]) + rank(&d->cells[k]);
			v = d->cells[j].value + d->cells[k].value;
			if (found && (jr > br || (jr == br && v >= bv)))
				continue;
			*bj = j;
			*bk = k;
			bv = v;
			br = jr;
			found = 1;
		}
	}
	if (found)
		return 1;
	bw = -1;
	for (j = 0; j < d->ncells; j++) {
		if (!candidate(d, i, j))
			continue;
		v = d->cells[j].value;
		jr = rank(&d->cells[j]);
		d->cells[j].status = DCL_HIDDEN;
		if (dcl_interval(d, i, &lo, &hi) != 0)
			lo = hi = 0;
		d->cells[j].status = DCL_SHOWN;
		w = hi - lo;
		if (found && (w < bw - 1e-6 || (w < bw + 1e-6 &&
		    ((v == 0) > (bv == 0) || ((v == 0) == (bv == 0) &&
		    (jr > br || (jr == br && v <= bv)))))))
			continue;
		*bj = j;
		bv = v;
		br = jr;
		bw = w;
		found = 1;
	}
	return found;
}

/* How many cells given up on are still not protected. */
static size_t
stuck(const struct disclosure *d)
{
	size_t	 i, n = 0;

	for (i = 0; i < d->ncells; i++)
		if ((d->cells[i].flags & DCL_STUCK) && !dcl_protected(d, i))
			n++;
	return n;
}

/* The first hidden cell that is not protected, or (size_t)-1. */
static size_t
exposed(const struct disclosure *d)
{
	size_t	 i;

	for (i = 0; i < d->ncells && !d->failed; i++)
		if (!(d->cells[i].flags & DCL_STUCK) && !dcl_protected(d, i))
			return d->failed ? (size_t)-1 : i;
	return (size_t)-1;
}

enum tdm_err
dcl_protect(struct disclosure *d)
{
	struct dcl_cell	*c;
	size_t		 i, j = 0, k, l;
	double		 lo;
	int		 found;

	if (d->failed)
		return TDM_ENOMEM;
	for (i = 0; i < d->ncells; i++) {
		c = &d->cells[i];
		if (c->flags & DCL_KNOWN)
			continue;
		if (c->flags & DCL_HIDE) {
			c->status = DCL_HIDDEN;
			continue;
		}
		if (c->people < 0 || (c->people > 0 &&
		    c->people < DCL_THRESHOLD))
			c->status = (c->flags & DCL_COUNT) ? DCL_SMALL :
			    DCL_HIDDEN;
		else if ((c->flags & DCL_ATTRIBUTE) && c->value < DCL_THRESHOLD)
			c->status = DCL_SMALL;
	}
again:
	while ((i = exposed(d)) != (size_t)-1) {
		/*
		 * Beside it; when every related cell is hidden already,
		 * nothing more can help but a label that bounds nothing.
		 */
		found = secondary(d, i, &j, &l);
		if (!found) {
			/*
			 * Every related cell hidden, and still the labels'
			 * own bounds narrow it (three "< 5" of which one is
			 * the others' total): it says "masqué", which
			 * bounds nothing, and must keep five values.
			 */
			if (d->cells[i].status == DCL_SMALL) {
				d->cells[i].status = DCL_HIDDEN;
				continue;
			}
			/* A hidden cell pinned by "< 5" cells: the same. */
			found = 0;
			for (k = 0; k < d->ncells; k++)
				if (d->cells[k].status == DCL_SMALL &&
				    related(d, i, k)) {
					d->cells[k].status = DCL_HIDDEN;
					found = 1;
				}
			/* One step further: beside a hidden neighbour. */
			for (j = 0; !found && j < d->ncells; j++) {
				if (d->cells[j].status != DCL_SHOWN ||
				    (d->cells[j].flags & DCL_KNOWN))
					continue;
				for (k = 0; k < d->ncells; k++)
					if (d->cells[k].status != DCL_SHOWN &&
					    related(d, i, k) &&
					    related(d, k, j))
						break;
				if (k < d->ncells &&
				    fixes(d, i, j, (size_t)-1)) {
					d->cells[j].status = DCL_HIDDEN;
					found = 1;
				}
			}
			if (!found)
				d->cells[i].flags |= DCL_STUCK;
			continue;
		}
		d->cells[j].status = DCL_HIDDEN;
		if (l != (size_t)-1)
			d->cells[l].status = DCL_HIDDEN;
	}
	/*
	 * The last resort, always safe: a cell nothing protects hides its
	 * whole connected part of the report.
	 */
	for (i = 0; i < d->ncells && !d->failed; i++) {
		if (!(d->cells[i].flags & DCL_STUCK) || dcl_protected(d, i))
			continue;
		l = 0;
		do {
			found = 0;
			for (j = 0; j < d->ncells; j++) {
				if (d->cells[j].status != DCL_SHOWN ||
				    (d->cells[j].flags & DCL_KNOWN))
					continue;
				for (k = 0; k < d->ncells; k++)
					if ((k == i || d->cells[k].status !=
					    DCL_SHOWN) && related(d, k, j))
						break;
				if (k < d->ncells) {
					d->cells[j].status = DCL_HIDDEN;
					found = 1;
					l = 1;
				}
			}
		} while (found);
		if (l) {
			d->cells[i].flags &= ~DCL_STUCK;
			goto again;
		}
	}
	/*
	 * Each hidden headline: the highest band "lo or more" that keeps
	 * every hidden cell protected; without one, it stays hidden, must
	 * be protected like any other, and the choice starts again.
	 */
	for (i = 0; i < d->ncells; i++) {
		c = &d->cells[i];
		if (!bandable(c))
			continue;
		/* A band must not narrow a cell given up on either. */
		k = stuck(d);
		for (lo = floor(c->value); lo >= DCL_THRESHOLD &&
		    lo > c->value - 25; lo--) {
			c->status = DCL_BAND;
			c->band_lo = lo;
			if (exposed(d) == (size_t)-1 && stuck(d) <= k)
				break;
			c->status = DCL_HIDDEN;
		}
		if (d->failed)
			return TDM_ENOMEM;
		if (c->status == DCL_HIDDEN) {
			c->flags |= DCL_NOBAND;
			goto again;
		}
	}
	return d->failed ? TDM_ENOMEM : TDM_OK;
}

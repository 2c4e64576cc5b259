/*
 * Unit tests of disclosure.c: the reader's linear programme (intervals
 * it finds on small tables worked by hand), primary and secondary
 * suppression, and bands.  The report-wide audit, by another solver, is
 * tests/api/t51-disclosure-lp.py.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "disclosure.h"
#include "t.h"

/* total = a + b + ...: the cells, then one relation. */
static size_t
sum(struct disclosure *d, const int *v, size_t n, int total_flags)
{
	size_t	 t, i, c[16];
	int	 s = 0;

	for (i = 0; i < n; i++)
		s += v[i];
	t = dcl_cell(d, s, s, DCL_COUNT | total_flags);
	for (i = 0; i < n; i++)
		c[i] = dcl_cell(d, v[i], v[i], DCL_COUNT);
	dcl_relation(d);
	dcl_term(d, t, 1);
	for (i = 0; i < n; i++)
		dcl_term(d, c[i], -1);
	return t;
}

/* The case: 24 enrolled, 22 matched, 2 unmatched. */
static void
complement(void)
{
	struct disclosure	 d = { 0 };
	const int		 v[] = { 22, 2 };
	double			 lo, hi;

	sum(&d, v, 2, DCL_KEEP);
	d.cells[1].flags |= DCL_HEADLINE;
	CHECK_INT(dcl_protect(&d), TDM_OK);
	CHECK_INT(d.cells[0].status, DCL_SHOWN);
	CHECK_INT(d.cells[2].status, DCL_SMALL);
	/* Matched is not "< 5": a band that still leaves 1 to 4. */
	CHECK_INT(d.cells[1].status, DCL_BAND);
	CHECK(d.cells[1].band_lo == 20);
	CHECK_INT(dcl_interval(&d, 2, &lo, &hi), 0);
	CHECK(fabs(lo - 1) < 1e-6 && fabs(hi - 4) < 1e-6);
	dcl_free(&d);
}

/* One small cell among four: a second one hides, big enough. */
static void
row(void)
{
	struct disclosure	 d = { 0 };
	const int		 v[] = { 3, 40, 7, 12 };
	size_t			 i;
	int			 hidden = 0;

	sum(&d, v, 4, 0);
	CHECK_INT(dcl_protect(&d), TDM_OK);
	CHECK_INT(d.cells[1].status, DCL_SMALL);
	CHECK_INT(d.cells[3].status, DCL_HIDDEN);	/* 7: smallest >= 5 */
	CHECK_INT(d.cells[2].status, DCL_SHOWN);
	for (i = 0; i < d.ncells; i++)
		hidden += d.cells[i].status != DCL_SHOWN;
	CHECK_INT(hidden, 3);		/* 3 + 7 would pin 7 to 6..9 */
	for (i = 0; i < d.ncells; i++)
		CHECK(dcl_protected(&d, i));
	dcl_free(&d);
}

/*
 * Two margins of one table (rows: departments, columns: roles) sharing
 * the grand total: hiding within one margin is not enough when the
 * other gives the total.
 */
static void
linked(void)
{
	struct disclosure	 d = { 0 };
	size_t			 a, b, t1, t2, i;
	const int		 dep[] = { 1, 9 }, gen[] = { 4, 6 };

	t1 = sum(&d, dep, 2, 0);
	t2 = sum(&d, gen, 2, 0);
	dcl_relation(&d);
	dcl_term(&d, t1, 1);
	dcl_term(&d, t2, -1);
	CHECK_INT(dcl_protect(&d), TDM_OK);
	for (i = 0; i < d.ncells; i++)
		CHECK(dcl_protected(&d, i));
	a = t1 + 1;
	b = t2 + 1;
	/* "< 5", or "masqué" where only the labels would narrow it. */
	CHECK(d.cells[a].status == DCL_SMALL ||
	    d.cells[a].status == DCL_HIDDEN);
	CHECK(d.cells[b].status == DCL_SMALL ||
	    d.cells[b].status == DCL_HIDDEN);
	dcl_free(&d);
}

/* sessions = 6 x pairs: a hidden pair count behind its sessions. */
static void
multiple(void)
{
	struct disclosure	 d = { 0 };
	size_t			 s, p, i;

	s = dcl_cell(&d, 18, 6, 0);
	p = dcl_cell(&d, 3, 3, DCL_COUNT);
	dcl_relation(&d);
	dcl_term(&d, s, 1);
	dcl_term(&d, p, -6);
	CHECK_INT(dcl_protect(&d), TDM_OK);
	CHECK_INT(d.cells[p].status, DCL_SMALL);
	CHECK(d.cells[s].status != DCL_SHOWN);
	for (i = 0; i < d.ncells; i++)
		CHECK(dcl_protected(&d, i));
	dcl_free(&d);
}

/* A split of answers: none of 12 saying no is "< 5" too. */
static void
attribute(void)
{
	struct disclosure	 d = { 0 };
	size_t			 n, y, no, i;

	n = dcl_cell(&d, 12, 12, DCL_COUNT | DCL_KEEP);
	y = dcl_cell(&d, 12, 12, DCL_COUNT | DCL_ATTRIBUTE | DCL_HEADLINE);
	no = dcl_cell(&d, 0, 0, DCL_COUNT | DCL_ATTRIBUTE);
	dcl_relation(&d);
	dcl_term(&d, n, 1);
	dcl_term(&d, y, -1);
	dcl_term(&d, no, -1);
	CHECK_INT(dcl_protect(&d), TDM_OK);
	CHECK_INT(d.cells[no].status, DCL_SMALL);
	CHECK_INT(d.cells[y].status, DCL_BAND);
	CHECK(d.cells[y].band_lo == 8);
	for (i = 0; i < d.ncells; i++)
		CHECK(dcl_protected(&d, i));
	dcl_free(&d);
}

/* A report built to leak is caught: one hidden cell of a known sum. */
static void
leak(void)
{
	struct disclosure	 d = { 0 };
	const int		 v[] = { 3, 40 };

	sum(&d, v, 2, 0);
	d.cells[1].status = DCL_SMALL;
	CHECK(!dcl_protected(&d, 1));
	dcl_free(&d);
}

int
main(void)
{
	RUN(complement);
	RUN(row);
	RUN(linked);
	RUN(multiple);
	RUN(attribute);
	RUN(leak);
	return DONE();
}

/*
 * Disclosure control of a report: one list of cells, the linear relations
 * a reader knows between them (margins, totals, planned = held + ...),
 * and the decision of which cells are published.  Private to libtandem:
 * report.c fills it, the renderer shows what it decided.
 *
 * A cell of one to four people is hidden (primary suppression).  Then,
 * over all the report's relations together, more cells are hidden until
 * no hidden cell can be computed, or narrowed, from what is published:
 * for every hidden cell, the minimum and maximum a linear programme finds
 * over all tables consistent with the published figures must span what
 * its label claims ("< 5": the whole of 1 to 4) or, for a cell hidden
 * to protect another ("masqué"), five possible values at least (a zero
 * found again tells of nobody).  Where a headline would be
 * hidden, a band ("20 or more") is published instead when it protects.
 */
#ifndef TANDEM_DISCLOSURE_H
#define TANDEM_DISCLOSURE_H

#include <stddef.h>

#include "tandem/error.h"

#define DCL_THRESHOLD	5

/* A cell's flags, set by the caller. */
#define DCL_COUNT	0x01	/* the value counts the people it describes */
#define DCL_HEADLINE	0x02	/* a band rather than nothing when hidden */
#define DCL_ATTRIBUTE	0x04	/* a split of answers: 0 to 4 is small */
#define DCL_NOBAND	0x08	/* (set here) no band protects it */
#define DCL_KEEP	0x10	/* a total: hidden last */
#define DCL_STUCK	0x20	/* (set here) nothing more can protect it */
/*
 * Published by an earlier report with the value it still has: the
 * reader knows it, so it stays shown (hiding it would protect nothing)
 * and the hidden cells are protected by others.  This keeps the
 * suppression stable over time: two reports taken before and after an
 * act are protected together, not only one by one.
 */
#define DCL_KNOWN	0x40
/* Hidden from the start: another report hides it (the sponsor's view). */
#define DCL_HIDE	0x80

/* What the reader sees of a cell, decided here. */
enum dcl_status {
	DCL_SHOWN,
	DCL_SMALL,	/* "< 5": one to four people (zero too, attributes) */
	DCL_HIDDEN,	/* hidden so that another cannot be computed */
	DCL_BAND,	/* band_lo or more */
};

struct dcl_cell {
	double		 value;
	int		 people;
	int		 flags;
	enum dcl_status	 status;
	double		 band_lo;
};

struct dcl_term {
	size_t		 rel;
	size_t		 cell;
	double		 coef;
};

/* The cells and the relations sum(coef * cell) = 0 between them. */
struct disclosure {
	struct dcl_cell	*cells;
	size_t		 ncells, cellcap;
	struct dcl_term	*terms;
	size_t		 nterms, termcap;
	size_t		 nrels;
	int		 failed;	/* out of memory */
};

/* A new cell, its index returned (memory failure is sticky). */
size_t		 dcl_cell(struct disclosure *, double value, int people,
		    int flags);
/* Start a relation, then add its terms. */
void		 dcl_relation(struct disclosure *);
void		 dcl_term(struct disclosure *, size_t cell, double coef);
/* Primary and secondary suppression, bands. */
enum tdm_err	 dcl_protect(struct disclosure *);
/*
 * The interval a reader can compute for cell i from everything shown:
 * 0 when found, -1 when the published figures are inconsistent (a
 * bug).  hi is HUGE_VAL when unbounded.
 */
int		 dcl_interval(const struct disclosure *, size_t i,
		    double *lo, double *hi);
/* Whether hidden cell i is protected (always 1 for a shown cell). */
int		 dcl_protected(const struct disclosure *, size_t i);
void		 dcl_free(struct disclosure *);

#endif

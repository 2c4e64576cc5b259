/*
 * What the solver (solver.c) shares with its checks and its dense
 * front-end (solver_check.c), and only with them: the core's state, the
 * units costs are counted in, and the core's steps.
 */
#ifndef TANDEM_SOLVER_INT_H
#define TANDEM_SOLVER_INT_H

#include <stddef.h>
#include <stdint.h>

#include "tandem/solver.h"

struct nedge;
struct stream;
struct srec;
struct rec;
struct tedge;
struct trow;

struct core {
	int32_t		 nr, nc;
	int		 lex;		/* lexicographic mode, else square */
	int64_t		 m;		/* big_m, lexicographic mode */
	/*
	 * A row's edges lie in the arena in increasing cost, ties in the
	 * order the row was given (epos: the edge's rank in that order).
	 * Prices never exceed vmax during a run, so an edge of cost c has a
	 * reduced cost of at least c - u - vmax: the scans stop early.
	 */
	size_t		*eoff;		/* nr: first edge of the row */
	int32_t		*elen;		/* nr: number of edges */
	int32_t		*ecol;		/* arena of edges */
	int64_t		*ecost;
	int32_t		*epos;
	size_t		 ne, ealloc;
	int64_t		 vmax;
	/*
	 * Narrow: every row was given in increasing column order and every
	 * cost fits 32 bits (as the matcher's scores do).  Then the arena is
	 * en instead of ecol, ecost and epos, half the memory to read, and a
	 * row's given order is its column order.
	 */
	int		 narrow;
	struct nedge	*en;
	struct nedge	*nsrt, *nsrt2;	/* narrow sorting work */
	size_t		 nssize;
	struct srec	*srt, *srt2;	/* sorting work, ssize records */
	int32_t		*cnt;		/* counting sort work, scnt entries */
	size_t		 ssize, scnt;
	int32_t		*cap;		/* nc: seats left after locks */
	int32_t		*load;		/* nc: rows held */
	int32_t		*head;		/* nc: first row held, or -1 */
	int32_t		*next, *prev;	/* nr: list of a column's rows */
	int32_t		*rcol;		/* nr: column, or -1 */
	int64_t		*rcost;		/* nr: cost of the assigned edge */
	int64_t		*v;		/* nc: prices */
	int64_t		*u;		/* nr: potential of a pending row */
	int32_t		*pend;		/* rows still to insert */
	int32_t		 npend;
	int32_t		 nb;		/* the first nb of them, this phase */
	/* Work of one search; hpos: -1 unlabelled, -2 settled. */
	int64_t		*d;
	int32_t		*hpos;
	int32_t		*heap;
	int32_t		 hn;
	int32_t		*touched;
	int32_t		 nt;
	/*
	 * The rows a search reached, whose edges it has not all labelled:
	 * a heap on key, the least distance an edge not labelled yet can
	 * give (the next edge's, its cost being the least left).
	 */
	struct stream	*sh;
	int32_t		 sn;
	/*
	 * Work of the path search on tight edges: vm[j] is v[j], or
	 * VENTERED once column j has been entered in this phase (so that one
	 * load tells an edge both tight and free to enter); frame t of the
	 * stack is row fr_row[t] (potential fr_u[t]), and, while it tries
	 * the rows of column fr_col[t] (entered at cost fr_cost[t]),
	 * fr_cur[t] is the next of them.
	 */
	int64_t		*vm;
	int32_t		*fr_row, *fr_col, *fr_cur;
	int64_t		*fr_cost, *fr_u;
	/*
	 * The tight edges of the rows the path search entered, kept from
	 * one entry to the next (struct tedge): row k's list is
	 * tk[trow[k].off] .. tk[trow[k].off + trow[k].len - 1], in the
	 * row's given order, made at potential trow[k].u (len -1: none),
	 * all forgotten once tkn passes tkeep.  Frame t tries
	 * tk[fr_e[t]] .. tk[fr_hi[t] - 1].
	 */
	struct tedge	*tk;
	size_t		 tkn, tka, tkeep;
	struct trow	*trow;
	size_t		*fr_e, *fr_hi;
	/*
	 * A pass tried before its search (place()): spec says how far it
	 * is proved, spec_u is the potential the search would have started
	 * the row under way at, and spend, su the batch and its potentials
	 * to put back.
	 */
	int		 spec;
	int64_t		 spec_u;
	int32_t		*spend;
	int64_t		*su;
	/* What a warm start needs of the run, or NULL (struct rec). */
	struct rec	*rec;
};

/* How input costs become solver units. */
struct units {
	double		 scale;
	int		 integral;	/* F64: every cost is an integer */
};

/* x in units: x * scale rounded to the nearest, halves away from 0. */
static inline int64_t
unit_of(double x, const struct units *un)
{
	double	 y;
	int64_t	 t;

	if (un->integral)
		return (int64_t)x;
	y = x * un->scale;
	t = (int64_t)y;
	if (y - (double)t >= 0.5)
		t++;
	else if (y - (double)t <= -0.5)
		t--;
	return t;
}

/* The cost of sparse entry e, in units. */
static inline int64_t
sparse_cost(const struct tdm_lap_sparse *p, const struct units *un, size_t e)
{
	switch (p->type) {
	case TDM_LAP_I32:
		return ((const int32_t *)p->cost)[e];
	case TDM_LAP_I64:
		return ((const int64_t *)p->cost)[e];
	default:
		return unit_of(((const double *)p->cost)[e], un);
	}
}


/* The core's life: allocate for nr rows and nc columns, and free. */
enum tdm_err	 core_init(struct core *, int32_t nr, int32_t nc);
void		 core_free(struct core *);

/* Forget the assignment and the prices, keeping the edges. */
void		 core_reset(struct core *);

/* Give row i n more edges (columns and costs in units). */
enum tdm_err	 core_add_edges(struct core *, int32_t i, const int32_t *col,
		    const int64_t *cost, size_t n);

/* Unassign row i. */
void		 core_free_row(struct core *, int32_t i);

/*
 * Check capacities and locks, and fill the core's seats: locked rows are
 * placed and their seats taken.
 */
enum tdm_err	 core_set_caps(struct core *, const int32_t *cap,
		    int32_t seats, const int32_t *lock, int32_t *nfree,
		    int64_t *nseats);

/*
 * Insert every free unlocked row; in square mode, the rows no path
 * places are left in failed.
 */
enum tdm_err	 core_run(struct core *, const int32_t *lock,
		    int32_t *failed, int32_t *nfailed);

/*
 * Lexicographic rounds that add edges resume instead of solving again:
 * core_record() makes the next core_run() keep checkpoints (freed by
 * core_record_free()); after edges were added (added[i]: the least cost
 * added to row i, INT64_MAX if none), core_resume() goes on from the
 * last checkpoint none of them could have changed, bit for bit what
 * core_reset() and core_run() would give (tdm_lap_sparse_warm()'s
 * method).
 */
enum tdm_err	 core_record(struct core *);
void		 core_record_free(struct core *);
enum tdm_err	 core_resume(struct core *, const int32_t *lock,
		    const int64_t *added);

/* Copy the core's solution into res (allocated by lap_result_alloc()). */
enum tdm_err	 lap_result_alloc(struct tdm_lap_result *, int32_t nr,
		    int32_t nc);
void		 core_export(const struct core *, const int32_t *lock,
		    const int64_t *lockcost, struct tdm_lap_result *);

/* The units of float costs, and big_m for n rows of costs lo to hi. */
enum tdm_err	 lap_float_units(const double *, size_t len, int32_t n,
		    struct units *);
int64_t		 lap_big_m(int64_t lo, int64_t hi, int32_t n);
void		 lap_huge(void *, size_t);

/* Check a sparse problem, decide its units and its costs' range. */
enum tdm_err	 lap_sparse_check(const struct tdm_lap_sparse *,
		    double force, struct units *, int64_t *lo, int64_t *hi);

/*
 * Threads for passes over many rows: how many (TANDEM_THREADS, else the
 * processors the load average leaves idle), and run fn on n parts of
 * size bytes each, part 0 in the calling thread.
 */
int		 lap_threads(void);
int		 lap_parallel(void *parts, size_t size, int n,
		    void *(*fn)(void *));

/*
 * tdm_lap_sparse_warm(), but without the canonical step unless canon:
 * the matcher's pricing rounds take the optimum the solve reached, and
 * make the last one canonical once every pair its dual makes tight is in
 * the problem (lap_canon_sparse()).
 */
enum tdm_err	 lap_sparse_warm(const struct tdm_lap_sparse *,
		    struct tdm_lap_warm **, int canon, struct tdm_lap_result *);

/*
 * The canonical optimum (solver_canon.c).  The tight pairs of a result:
 * row i's columns are col[off[i]] .. col[off[i + 1] - 1], increasing,
 * ncols + i last if the row may be left out (u[i] == big_m); none for a
 * locked row.  lap_canon() moves res onto the lexicographically smallest
 * optimal assignment, its dual unchanged; lap_canon_sparse() does it all
 * for a sparse problem's result.
 */
struct tight {
	size_t		*off;		/* nrows + 1 */
	int32_t		*col;
	size_t		 n, alloc;
};

enum tdm_err	 tight_init(struct tight *, int32_t nr);
enum tdm_err	 tight_room(struct tight *, size_t more);
void		 tight_free(struct tight *);
enum tdm_err	 lap_canon(const struct tight *, const int32_t *cap,
		    int32_t seats, const int32_t *lock, struct tdm_lap_result *);
enum tdm_err	 lap_canon_sparse(const struct tdm_lap_sparse *,
		    const struct units *, struct tdm_lap_result *);

#endif

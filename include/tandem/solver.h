/*
 * The exact assignment solver under the matcher: rows (mentees) go to
 * column seats (mentors with a capacity), at most one seat per row and at
 * most cap[j] rows per column.
 *
 * The objective is lexicographic: first assign as many rows as possible,
 * then, among those assignments, minimise the total cost.  When every
 * pair is allowed and rows <= seats, that is the classical full
 * assignment.  Locked rows are placed on their column before anything
 * else and take one of its seats; the objective is over the other rows.
 *
 * Costs are int32, int64 or float64.  Integer costs are solved exactly.
 * Float64 costs that are all integral are treated as integers; others are
 * rounded onto a grid of step 1/scale (scale = 2^s, as fine as the
 * integer range allows, reported in the result): the solution is exactly
 * optimal for the rounded costs, so its true cost exceeds the optimum by
 * at most nrows/scale.
 *
 * Every solution comes with its dual (row potentials u, column prices v,
 * in the solver's integer units), and tdm_lap_certify_*() checks, over
 * every allowed pair, that the pair of them proves optimality: primal
 * feasibility, dual feasibility u[i] + v[j] <= c[i][j], complementary
 * slackness and the conditions of unassigned rows and non-full columns.
 *
 * Deterministic: the same input gives the same output, bit for bit.
 * Among optimal solutions the one returned is the canonical optimum: the
 * lexicographically smallest assignment (row 0's column as small as an
 * optimal solution allows, then row 1's, ...; a row left out counts
 * after every column, so a real seat is preferred).  It depends only on
 * the problem, not on the order a row's pairs are given in nor on the
 * path the solve took (solver_canon.c finds it from whichever optimum
 * the solve reached, on the pairs its dual makes tight).  The dual
 * returned is the one the solve found (its choice among optimal duals
 * does depend on the order); it certifies the canonical pairs.
 *
 * This module knows nothing of people, scores or compatibility rules:
 * the matcher turns those into costs.  It does not print, and it does not
 * use threads.
 */
#ifndef TANDEM_SOLVER_H
#define TANDEM_SOLVER_H

#include <stddef.h>
#include <stdint.h>

#include "tandem/error.h"

enum tdm_lap_type {
	TDM_LAP_I32,		/* int32_t */
	TDM_LAP_I64,		/* int64_t */
	TDM_LAP_F64,		/* double, finite */
	TDM_LAP_TYPE__MAX
};

/*
 * A dense problem: every pair (i, j) is allowed, cost[i * ncols + j]
 * (row-major, C order).  Requires nrows <= total seats (minus locks), so
 * every row is assigned.  All arrays are borrowed.
 */
struct tdm_lap_dense {
	int32_t			 nrows, ncols;
	enum tdm_lap_type	 type;
	const void		*cost;
	const int32_t		*cap;	/* ncols capacities >= 0; NULL: seats */
	int32_t			 seats;	/* every column's capacity if !cap */
	const int32_t		*lock;	/* nrows: column or -1; NULL: none */
};

/*
 * A sparse problem: row i may only take the columns col[rowptr[i]] ..
 * col[rowptr[i + 1] - 1], at the matching costs (no column twice in a
 * row).  Rows may be left unassigned.  All arrays are borrowed; a locked
 * pair must be one of the row's allowed pairs.
 */
struct tdm_lap_sparse {
	int32_t			 nrows, ncols;
	enum tdm_lap_type	 type;
	const size_t		*rowptr;	/* nrows + 1 */
	const int32_t		*col;
	const void		*cost;		/* one per entry of col */
	const int32_t		*cap;
	int32_t			 seats;
	const int32_t		*lock;
};

/*
 * A solution.  Costs, duals and big_m are in solver units: the input cost
 * times scale (1 for integers).  For every allowed pair of an unlocked
 * row, u[i] + v[j] <= cost; assigned pairs are tight; unassigned rows have
 * u[i] == big_m, a cost that exceeds anything a further assigned row can
 * save, which is what makes "most rows first" an ordinary minimum.
 */
struct tdm_lap_result {
	int32_t		 nrows, ncols;
	int32_t		*col;		/* nrows: assigned column or -1 */
	int64_t		*u;		/* nrows row potentials */
	int64_t		*v;		/* ncols column prices, all <= 0 */
	int64_t		 big_m;
	double		 scale;
	int64_t		 total;		/* sum of assigned costs, units */
	double		 objective;	/* sum of assigned input costs */
	int32_t		 nassigned;
	int32_t		 rounds;	/* dense: pricing passes made */
};

#define TDM_LAP_RESULT_INIT { 0, 0, NULL, NULL, NULL, 0, 1.0, 0, 0, 0, 0 }

/*
 * Solve a dense problem.  The solver keeps a few cheapest columns of
 * every row, solves that sparse problem, then prices every pair of the
 * matrix and adds the pairs of negative reduced cost until none is left,
 * so the result is optimal over the whole matrix; memory beyond the
 * input is O((nrows + ncols) * candidates).
 *
 * On TDM_OK, *res holds a solution the caller releases with
 * tdm_lap_result_free().  TDM_EINVAL: sizes, capacities or locks are
 * invalid, a cost is not finite, more rows than seats, or the integer
 * cost range is so wide that nrows * range overflows the 2^59 the solver
 * allows.  TDM_ENOMEM: memory ran out.  On failure *res owns nothing.
 */
enum tdm_err	 tdm_lap_dense(const struct tdm_lap_dense *,
		    struct tdm_lap_result *res);

/*
 * Solve a sparse problem: most rows assigned, then least cost.  Same
 * ownership and failures as tdm_lap_dense(), without the seat count
 * requirement.
 */
enum tdm_err	 tdm_lap_sparse(const struct tdm_lap_sparse *,
		    struct tdm_lap_result *res);

/*
 * Solve a sparse problem as tdm_lap_sparse() does, and keep what a solve
 * of the same problem with more pairs can resume from.  *warm is NULL
 * the first time; afterwards it holds the last run (the caller frees it
 * with tdm_lap_warm_free()).  When p is the last problem plus pairs (the
 * same rows, columns, capacities, locks and cost range, every earlier
 * pair still there at the same cost, integer costs), the run resumes
 * from the last point where none of the new pairs could have changed a
 * decision, so that *res is exactly, bit for bit, what tdm_lap_sparse(p)
 * gives; otherwise it starts afresh.  The pricing loop of a matcher adds
 * a few pairs, late in the run: most of it is not done again.  On
 * failure *warm is NULL and *res owns nothing.
 */
struct tdm_lap_warm;

enum tdm_err	 tdm_lap_sparse_warm(const struct tdm_lap_sparse *,
		    struct tdm_lap_warm **warm, struct tdm_lap_result *res);
void		 tdm_lap_warm_free(struct tdm_lap_warm *);

/*
 * Check that res is an optimal solution of the problem by its dual, over
 * every allowed pair.  Sets *holds to 1 if the certificate holds, else
 * 0.  Returns TDM_OK, TDM_EINVAL if the problem itself is invalid or res
 * does not have its sizes, or TDM_ENOMEM.  Both arguments are borrowed.
 */
enum tdm_err	 tdm_lap_certify_dense(const struct tdm_lap_dense *,
		    const struct tdm_lap_result *res, int *holds);
enum tdm_err	 tdm_lap_certify_sparse(const struct tdm_lap_sparse *,
		    const struct tdm_lap_result *res, int *holds);

/* Free what a result owns and reset it to TDM_LAP_RESULT_INIT. */
void		 tdm_lap_result_free(struct tdm_lap_result *);

#endif

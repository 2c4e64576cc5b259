/*
 * The solver benchmark tool of bench/README.md.
 *
 * Usage: solve FILE.npy [--seats K] [--certify] [--floor]
 *        solve --sparse PREFIX [--certify] [--canon]
 * (--canon also after a dense solve: see canon_dense()).
 *
 * Reads a 2-D cost matrix in NumPy .npy format (versions 1 to 3, dtype
 * '<i4', '<i8' or '<f8', C order), rows = mentees and columns = mentors
 * with K seats each (default 1), assigns every row a distinct seat at
 * minimum total cost with libtandem's solver, and prints one JSON line
 * {"objective": N, "seconds": S}, where S is the solve time alone (not
 * the file read).  --certify also checks the dual certificate over the
 * whole matrix, outside the timed part, and adds "certified": true|false.
 *
 * --sparse solves the sparse problem stored in PREFIX-rowptr.npy,
 * PREFIX-col.npy, PREFIX-cost.npy and PREFIX-cap.npy (see run_sparse())
 * with tdm_lap_sparse(), most rows first, and prints the objective, the
 * rows assigned, the solve time and the peak resident set of the process
 * (VmHWM: input and certificate included).
 *
 * --floor (int32 matrices) adds the physical floors of bench/README.md,
 * measured after the solve: "pass", the best of 3 times of one pass over
 * the matrix that takes each row's least c - v (the reads a pricing
 * round cannot avoid), and "tight", the time tdm_lap_sparse() takes on
 * the tight pairs of the optimum found (the assigned pair and up to 10
 * other pairs of reduced cost 0 per row, in column order), a sparse
 * problem whose optimum is the same: what an exact method pays once it
 * knows where to look.
 *
 * It does not write anything but that line, and error messages on
 * standard error.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tandem/solver.h"

static volatile int64_t	 sink;

struct npy {
	enum tdm_lap_type	 type;
	int64_t			 rows, cols;
	int			 ndim;
	void			*data;
};

static void
fail(const char *file, const char *msg)
{
	fprintf(stderr, "solve: %s: %s\n", file, msg);
	exit(1);
}

/* The value of key in a .npy header dict, or NULL. */
static const char *
dict_value(const char *hdr, const char *key)
{
	const char	*p;

	if ((p = strstr(hdr, key)) == NULL)
		return NULL;
	p += strlen(key);
	while (*p == ' ' || *p == ':')
		p++;
	return p;
}

static int
parse_int(const char **pp, int64_t *out)
{
	char		*end;
	long long	 x;

	while (**pp == ' ')
		(*pp)++;
	errno = 0;
	x = strtoll(*pp, &end, 10);
	if (end == *pp || errno || x < 0 || x > INT32_MAX)
		return -1;
	*pp = end;
	*out = x;
	return 0;
}

static void
read_npy(const char *file, struct npy *m)
{
	FILE		*f;
	unsigned char	 pre[12];
	char		*hdr;
	const char	*p;
	size_t		 hlen, pos, esize, n;
	int		 major;

	if ((f = fopen(file, "rb")) == NULL)
		fail(file, strerror(errno));
	if (fread(pre, 1, 8, f) != 8 || memcmp(pre, "\x93NUMPY", 6) != 0)
		fail(file, "not a .npy file");
	major = pre[6];
	if (major == 1) {
		if (fread(pre + 8, 1, 2, f) != 2)
			fail(file, "truncated header");
		hlen = pre[8] | (size_t)pre[9] << 8;
		pos = 10;
	} else if (major == 2 || major == 3) {
		if (fread(pre + 8, 1, 4, f) != 4)
			fail(file, "truncated header");
		hlen = pre[8] | (size_t)pre[9] << 8 | (size_t)pre[10] << 16 |
		    (size_t)pre[11] << 24;
		pos = 12;
	} else
		fail(file, "unsupported .npy version");
	if (hlen > 1 << 20 || (hdr = malloc(hlen + 1)) == NULL)
		fail(file, "header too large");
	if (fread(hdr, 1, hlen, f) != hlen)
		fail(file, "truncated header");
	hdr[hlen] = '\0';
	(void)pos;

	if ((p = dict_value(hdr, "'descr'")) == NULL)
		fail(file, "no dtype in header");
	if (strncmp(p, "'<i4'", 5) == 0) {
		m->type = TDM_LAP_I32;
		esize = 4;
	} else if (strncmp(p, "'<i8'", 5) == 0) {
		m->type = TDM_LAP_I64;
		esize = 8;
	} else if (strncmp(p, "'<f8'", 5) == 0) {
		m->type = TDM_LAP_F64;
		esize = 8;
	} else
		fail(file, "dtype must be '<i4', '<i8' or '<f8'");
	if ((p = dict_value(hdr, "'fortran_order'")) == NULL)
		fail(file, "no fortran_order in header");
	if (strncmp(p, "False", 5) != 0)
		fail(file, "Fortran-order arrays are not supported: save the "
		    "matrix in C order (numpy.ascontiguousarray)");
	if ((p = dict_value(hdr, "'shape'")) == NULL || *p != '(')
		fail(file, "no shape in header");
	p++;
	if (parse_int(&p, &m->rows) == -1)
		fail(file, "the array must have 2 dimensions");
	while (*p == ' ' || *p == ',')
		p++;
	m->ndim = 2;
	if (*p == ')') {
		m->ndim = 1;		/* one dimension: (n,) */
		m->cols = 1;
	} else if (parse_int(&p, &m->cols) == -1)
		fail(file, "the array must have 1 or 2 dimensions");
	while (*p == ' ' || *p == ',')
		p++;
	if (*p != ')')
		fail(file, "the array must have 1 or 2 dimensions");
	free(hdr);

	n = (size_t)m->rows * (m->ndim == 1 ? 1 : (size_t)m->cols);
	if ((m->data = malloc(n ? n * esize : 1)) == NULL)
		fail(file, "out of memory");
	if (fread(m->data, esize, n, f) != n)
		fail(file, "truncated data");
	fclose(f);
}

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* This process's peak resident set in MB (VmHWM), or -1. */
static double
peak_mb(void)
{
	FILE	*f;
	char	 line[256];
	long	 kb = -1;

	if ((f = fopen("/proc/self/status", "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	fclose(f);
	return kb < 0 ? -1 : kb / 1024.0;
}

/* Read PREFIX-NAME.npy, a 1-D array of type t. */
static void
read_vec(const char *prefix, const char *name, enum tdm_lap_type t,
    struct npy *m)
{
	char	 path[4096];

	if (snprintf(path, sizeof(path), "%s-%s.npy", prefix, name) >=
	    (int)sizeof(path))
		fail(prefix, "name too long");
	read_npy(path, m);
	if (m->ndim != 1 || (t != TDM_LAP_TYPE__MAX && m->type != t))
		fail(path, "wrong shape or dtype");
}

/*
 * --canon: the canonical optimum, a measurement for issue 19.  Every
 * optimal assignment uses only pairs that are tight under any optimal
 * dual (complementary slackness), and satisfies the dual's conditions:
 * a column of price below 0 is full.  So from any certified optimum,
 * the lexicographically smallest optimal assignment (row 0's column as
 * small as it can be, then row 1's, ...) is found on the tight pairs
 * alone: each row in turn tries its tight columns below its own, in
 * increasing order, and takes the first from which a path of tight
 * pairs through the rows not yet fixed leads back to its own column
 * (whose seat it frees), or to a free seat when its own column may keep
 * one (price 0).  The columns a failed attempt entered cannot lead there
 * from any later attempt of the same row (the graph has not changed), so
 * they stay marked.  Prototype: only problems in which every row is
 * assigned (no row to leave out), integer costs.  Returns the seconds
 * taken, fills col (the canonical columns) and *moved (rows changed).
 */
/* The part of the last canon_run() spent collecting the tight pairs. */
static double	 canon_build;

struct canon {
	int32_t		 nr, nc;
	size_t		*toff;		/* nr + 1: tight columns of a row */
	int32_t		*tcol;
	int32_t		*a, *load, *cap;
	int32_t		*head, *next, *prev;	/* unfixed rows of a column */
	int32_t		*mark, epoch, zmark;
	int32_t		*zc, nz;	/* the columns of price 0 */
	int32_t		*sc, *sr;	/* stack: column, row tried */
	size_t		*se;		/* and its next tight pair */
};

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
 * A path of tight pairs from column j0 to column own, or to a free seat
 * if spare; rows before i are fixed.  When own must stay full (!spare),
 * a free seat reached can still take a row if another column of price 0
 * gives one up: the path goes on from any such column (frame column -1,
 * entered once a search, its "row" the index in zc).  On success the
 * path's rows move along it (row i itself is moved by the caller).
 */
static int
canon_path(struct canon *k, int32_t j0, int32_t own, int spare)
{
	int32_t	 t = 0, x, r, y;

	k->mark[j0] = k->epoch;
	k->sc[0] = j0;
	k->sr[0] = -2;
	while (t >= 0) {
		x = k->sc[t];
		if (x < 0) {
			/* The columns that may give up a row. */
			while (k->sr[t] < k->nz && (k->mark[k->zc[k->sr[t]]] ==
			    k->epoch || k->head[k->zc[k->sr[t]]] < 0))
				k->sr[t]++;
			if (k->sr[t] == k->nz) {
				t--;
				continue;
			}
			y = k->zc[k->sr[t]++];
			k->mark[y] = k->epoch;
			t++;
			k->sc[t] = y;
			k->sr[t] = -2;
			continue;
		}
		if (k->sr[t] == -2) {
			if (x == own || (spare && k->load[x] < k->cap[x]))
				break;
			k->sr[t] = -3;
			if (k->load[x] < k->cap[x] && k->zmark != k->epoch) {
				k->zmark = k->epoch;
				t++;
				k->sc[t] = -1;
				k->sr[t] = 0;
				continue;
			}
		}
		if (k->sr[t] == -3) {
			k->sr[t] = k->head[x];
			if (k->sr[t] >= 0)
				k->se[t] = k->toff[k->sr[t]];
		}
		r = k->sr[t];
		if (r < 0) {
			t--;
			continue;
		}
		if (k->se[t] == k->toff[r + 1]) {
			k->sr[t] = k->next[r];
			if (k->sr[t] >= 0)
				k->se[t] = k->toff[k->sr[t]];
			continue;
		}
		y = k->tcol[k->se[t]++];
		if (k->mark[y] == k->epoch)
			continue;
		k->mark[y] = k->epoch;
		t++;
		k->sc[t] = y;
		k->sr[t] = -2;
	}
	if (t < 0)
		return 0;
	/* Frame s's row moves to frame s + 1's column, except around Z. */
	for (; t > 0; t--) {
		if (k->sc[t] < 0 || k->sc[t - 1] < 0)
			continue;
		r = k->sr[t - 1];
		y = k->sc[t];
		canon_unlink(k, r);
		k->load[k->a[r]]--;
		canon_link(k, r, y);
		k->load[y]++;
	}
	return 1;
}

static double
canon_run(const struct tdm_lap_sparse *p, const struct tdm_lap_result *res,
    int32_t *col, int32_t *moved)
{
	struct canon	 k;
	int32_t		 i, j, own, x;
	size_t		 e, n = 0, q;
	double		 t0 = now();
	int		 spare;

	memset(&k, 0, sizeof(k));
	k.nr = p->nrows;
	k.nc = p->ncols;
	for (i = 0; i < k.nr; i++)
		for (e = p->rowptr[i]; e < p->rowptr[i + 1]; e++)
			n += ((const int32_t *)p->cost)[e] - res->u[i] -
			    res->v[p->col[e]] == 0;
	k.toff = malloc(((size_t)k.nr + 1) * sizeof(*k.toff));
	k.tcol = malloc((n ? n : 1) * sizeof(*k.tcol));
	k.a = malloc((size_t)k.nr * sizeof(*k.a));
	k.next = malloc((size_t)k.nr * sizeof(*k.next));
	k.prev = malloc((size_t)k.nr * sizeof(*k.prev));
	k.load = calloc((size_t)k.nc, sizeof(*k.load));
	k.cap = malloc((size_t)k.nc * sizeof(*k.cap));
	k.head = malloc((size_t)k.nc * sizeof(*k.head));
	k.mark = calloc((size_t)k.nc, sizeof(*k.mark));
	k.sc = malloc(((size_t)k.nc + 2) * sizeof(*k.sc));
	k.sr = malloc(((size_t)k.nc + 2) * sizeof(*k.sr));
	k.se = malloc(((size_t)k.nc + 2) * sizeof(*k.se));
	k.zc = malloc(((size_t)k.nc + 1) * sizeof(*k.zc));
	if (!k.toff || !k.tcol || !k.a || !k.next || !k.prev || !k.load ||
	    !k.cap || !k.head || !k.mark || !k.sc || !k.sr || !k.se || !k.zc)
		fail("canon", "out of memory");
	/* Tight columns in increasing order (the rows' are given so). */
	for (i = 0, q = 0; i < k.nr; i++) {
		k.toff[i] = q;
		for (e = p->rowptr[i]; e < p->rowptr[i + 1]; e++)
			if (((const int32_t *)p->cost)[e] - res->u[i] -
			    res->v[p->col[e]] == 0)
				k.tcol[q++] = p->col[e];
		for (e = k.toff[i] + 1; e < q; e++)
			if (k.tcol[e] <= k.tcol[e - 1])
				fail("canon", "a row's columns are not sorted");
	}
	k.toff[k.nr] = q;
	canon_build = now() - t0;
	for (j = 0; j < k.nc; j++) {
		k.cap[j] = p->cap ? p->cap[j] : p->seats;
		k.head[j] = -1;
		if (res->v[j] == 0)
			k.zc[k.nz++] = j;
	}
	for (i = 0; i < k.nr; i++) {
		if (res->col[i] < 0)
			fail("canon", "a row is left out: not in this prototype");
		canon_link(&k, i, res->col[i]);
		k.load[res->col[i]]++;
	}
	for (i = 0; i < k.nr; i++) {
		own = k.a[i];
		spare = res->v[own] == 0;
		k.epoch++;
		/* Row i is no longer on its column while it looks. */
		canon_unlink(&k, i);
		k.load[own]--;
		for (e = k.toff[i]; e < k.toff[i + 1]; e++) {
			x = k.tcol[e];
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
	*moved = 0;
	for (i = 0; i < k.nr; i++) {
		col[i] = k.a[i];
		*moved += col[i] != res->col[i];
	}
	t0 = now() - t0;
	free(k.toff);
	free(k.tcol);
	free(k.a);
	free(k.next);
	free(k.prev);
	free(k.load);
	free(k.cap);
	free(k.head);
	free(k.mark);
	free(k.sc);
	free(k.sr);
	free(k.se);
	free(k.zc);
	return t0;
}

/*
 * --canon: time the canonical step on res, then solve the same problem
 * with every row's pairs in reverse order (ties then fall elsewhere: the
 * solver returns another optimum), take its canonical assignment too,
 * and check that both are the same.
 */
static void
canon_check(const struct tdm_lap_sparse *p, const struct tdm_lap_result *res)
{
	struct tdm_lap_sparse	 q = *p;
	struct tdm_lap_result	 r2 = TDM_LAP_RESULT_INIT;
	int32_t			*c1, *c2, *rc, *rv, i, moved, moved2, same;
	size_t			 e, b, n = p->rowptr[p->nrows];
	double			 t, t2, tb;

	if (p->type != TDM_LAP_I32)
		fail("canon", "int32 costs only");
	c1 = malloc(((size_t)p->nrows + 1) * sizeof(*c1));
	c2 = malloc(((size_t)p->nrows + 1) * sizeof(*c2));
	rc = malloc((n ? n : 1) * sizeof(*rc));
	rv = malloc((n ? n : 1) * sizeof(*rv));
	if (!c1 || !c2 || !rc || !rv)
		fail("canon", "out of memory");
	t = canon_run(p, res, c1, &moved);
	tb = canon_build;
	for (i = 0; i < p->nrows; i++)
		for (b = p->rowptr[i], e = p->rowptr[i + 1]; e > b; e--) {
			rc[p->rowptr[i + 1] - e + b] = p->col[e - 1];
			rv[p->rowptr[i + 1] - e + b] =
			    ((const int32_t *)p->cost)[e - 1];
		}
	q.col = rc;
	q.cost = rv;
	if (tdm_lap_sparse(&q, &r2) != TDM_OK || r2.total != res->total)
		fail("canon", "the reversed problem's optimum differs");
	t2 = canon_run(p, &r2, c2, &moved2);
	same = 0;
	for (i = 0; i < p->nrows; i++) {
		same += res->col[i] == r2.col[i];
		if (c1[i] != c2[i])
			fail("canon", "two canonical assignments differ");
	}
	printf(", \"canon_seconds\": %.6f, \"canon_build\": %.6f"
	    ", \"canon_moved\": %d"
	    ", \"reversed_same_rows\": %d, \"reversed_canon_seconds\": %.6f"
	    ", \"reversed_canon_moved\": %d, \"canon_equal\": true",
	    t, tb, moved, same, t2, moved2);
	tdm_lap_result_free(&r2);
	free(c1);
	free(c2);
	free(rc);
	free(rv);
}

/*
 * --canon on a dense problem (int32): the canonical step on the dense
 * solver's optimum, through a sparse view of every pair; then the same
 * problem with its columns in reverse order is solved (another optimum),
 * mapped back and canonicalised, and both must be the same.
 */
static void
canon_dense(const struct tdm_lap_dense *d, const struct tdm_lap_result *res)
{
	struct tdm_lap_sparse	 p;
	struct tdm_lap_dense	 q = *d;
	struct tdm_lap_result	 r2 = TDM_LAP_RESULT_INIT, back;
	size_t			*rowptr, x, nr = (size_t)d->nrows;
	size_t			 nc = (size_t)d->ncols;
	int32_t			*col, *rev, *c1, *c2, *bcol, i, moved, moved2;
	int32_t			 same = 0;
	int64_t			*bv;
	const int32_t		*cost = d->cost;
	double			 t, t2, tb;

	if (d->type != TDM_LAP_I32 || d->cap != NULL || d->lock != NULL)
		fail("canon", "int32 costs, equal seats, no locks only");
	rowptr = malloc((nr + 1) * sizeof(*rowptr));
	col = malloc(nr * nc * sizeof(*col) + 1);
	rev = malloc(nr * nc * sizeof(*rev) + 1);
	c1 = malloc(nr * sizeof(*c1) + 1);
	c2 = malloc(nr * sizeof(*c2) + 1);
	bcol = malloc(nr * sizeof(*bcol) + 1);
	bv = malloc(nc * sizeof(*bv) + 1);
	if (!rowptr || !col || !rev || !c1 || !c2 || !bcol || !bv)
		fail("canon", "out of memory");
	for (x = 0; x <= nr; x++)
		rowptr[x] = x * nc;
	for (x = 0; x < nr * nc; x++) {
		col[x] = (int32_t)(x % nc);
		rev[x] = cost[x - x % nc + (nc - 1 - x % nc)];
	}
	memset(&p, 0, sizeof(p));
	p.nrows = d->nrows;
	p.ncols = d->ncols;
	p.type = TDM_LAP_I32;
	p.rowptr = rowptr;
	p.col = col;
	p.cost = d->cost;
	p.seats = d->seats;
	t = canon_run(&p, res, c1, &moved);
	tb = canon_build;
	q.cost = rev;
	if (tdm_lap_dense(&q, &r2) != TDM_OK || r2.total != res->total)
		fail("canon", "the reversed problem's optimum differs");
	for (i = 0; i < d->nrows; i++) {
		bcol[i] = d->ncols - 1 - r2.col[i];
		same += bcol[i] == res->col[i];
	}
	for (x = 0; x < nc; x++)
		bv[x] = r2.v[nc - 1 - x];
	back = r2;
	back.col = bcol;
	back.v = bv;
	t2 = canon_run(&p, &back, c2, &moved2);
	for (i = 0; i < d->nrows; i++)
		if (c1[i] != c2[i])
			fail("canon", "two canonical assignments differ");
	printf(", \"canon_seconds\": %.6f, \"canon_build\": %.6f"
	    ", \"canon_moved\": %d"
	    ", \"reversed_same_rows\": %d, \"reversed_canon_seconds\": %.6f"
	    ", \"reversed_canon_moved\": %d, \"canon_equal\": true",
	    t, tb, moved, same, t2, moved2);
	tdm_lap_result_free(&r2);
	free(rowptr);
	free(col);
	free(rev);
	free(c1);
	free(c2);
	free(bcol);
	free(bv);
}

/*
 * The sparse mode: rows PREFIX-rowptr.npy ('<i8', nrows + 1), columns
 * PREFIX-col.npy ('<i4'), costs PREFIX-cost.npy (any supported dtype),
 * capacities PREFIX-cap.npy ('<i4', ncols).
 */
static int
run_sparse(const char *prefix, int certify, int canon)
{
	struct npy		 rp, col, cost, cap;
	struct tdm_lap_sparse	 p;
	struct tdm_lap_result	 res = TDM_LAP_RESULT_INIT;
	size_t			*rowptr;
	int64_t			 i;
	double			 t0, t1;
	int			 holds;
	enum tdm_err		 err;

	read_vec(prefix, "rowptr", TDM_LAP_I64, &rp);
	read_vec(prefix, "col", TDM_LAP_I32, &col);
	read_vec(prefix, "cost", TDM_LAP_TYPE__MAX, &cost);
	read_vec(prefix, "cap", TDM_LAP_I32, &cap);
	if (rp.rows < 1 || cost.rows != col.rows)
		fail(prefix, "inconsistent arrays");
	if ((rowptr = malloc(rp.rows * sizeof(*rowptr))) == NULL)
		fail(prefix, "out of memory");
	for (i = 0; i < rp.rows; i++)
		rowptr[i] = (size_t)((int64_t *)rp.data)[i];
	free(rp.data);
	memset(&p, 0, sizeof(p));
	p.nrows = (int32_t)(rp.rows - 1);
	p.ncols = (int32_t)cap.rows;
	p.type = cost.type;
	p.rowptr = rowptr;
	p.col = col.data;
	p.cost = cost.data;
	p.cap = cap.data;

	t0 = now();
	err = tdm_lap_sparse(&p, &res);
	t1 = now();
	if (err != TDM_OK) {
		fprintf(stderr, "solve: %s: %s\n", prefix, tdm_strerror(err));
		return 1;
	}
	printf("{\"objective\": %lld, \"assigned\": %d, \"seconds\": %.6f",
	    (long long)res.total, res.nassigned, t1 - t0);
	if (certify) {
		if (tdm_lap_certify_sparse(&p, &res, &holds) != TDM_OK)
			holds = 0;
		printf(", \"certified\": %s", holds ? "true" : "false");
	}
	if (canon)
		canon_check(&p, &res);
	printf(", \"peak_mb\": %.1f}\n", peak_mb());
	tdm_lap_result_free(&res);
	free(rowptr);
	free(col.data);
	free(cost.data);
	free(cap.data);
	return 0;
}

/*
 * One pass over an int32 matrix: the sum of every row's least c - v,
 * with AVX2 where the processor has it, as the solver's kernels.
 */
#if defined(__x86_64__)
__attribute__((target("avx2")))
#endif
static int64_t
floor_pass(const int32_t *c, const int32_t *v, int32_t nr, int32_t nc)
{
	typedef int32_t v8i __attribute__((vector_size(32)));
	int64_t	 sum = 0;
	int32_t	 i, j, t, mn;
	v8i	 a, b, m, lt;

	for (i = 0; i < nr; i++) {
		const int32_t *r = c + (size_t)i * nc;

		mn = INT32_MAX;
		for (t = 0; t < 8; t++)
			m[t] = INT32_MAX;
		for (j = 0; j + 8 <= nc; j += 8) {
			memcpy(&a, r + j, 32);
			memcpy(&b, v + j, 32);
			a -= b;
			lt = a < m;
			m = (a & lt) | (m & ~lt);
		}
		for (t = 0; t < 8; t++)
			mn = m[t] < mn ? m[t] : mn;
		for (; j < nc; j++)
			mn = r[j] - v[j] < mn ? r[j] - v[j] : mn;
		sum += mn;
	}
	return sum;
}

/* The floors of --floor, printed as JSON members. */
static void
floors(const struct tdm_lap_dense *p, const struct tdm_lap_result *res,
    int32_t seats)
{
	const int32_t		*c = p->cost;
	int32_t			*v32, *col, *cap, i, j, k;
	int32_t			*cost;
	size_t			*rowptr, e = 0;
	double			 t0, best = 1e9, tight;
	int64_t			 sum = 0;
	struct tdm_lap_sparse	 s;
	struct tdm_lap_result	 r2 = TDM_LAP_RESULT_INIT;

	v32 = malloc((size_t)p->ncols * sizeof(*v32) + 4);
	rowptr = malloc(((size_t)p->nrows + 1) * sizeof(*rowptr));
	col = malloc(((size_t)p->nrows * 11 + 1) * sizeof(*col));
	cost = malloc(((size_t)p->nrows * 11 + 1) * sizeof(*cost));
	cap = malloc((size_t)p->ncols * sizeof(*cap) + 4);
	if (!v32 || !rowptr || !col || !cost || !cap)
		fail("floor", "out of memory");
	for (j = 0; j < p->ncols; j++) {
		v32[j] = (int32_t)res->v[j];
		cap[j] = seats;
	}
	for (k = 0; k < 3; k++) {
		t0 = now();
		sum += floor_pass(c, v32, p->nrows, p->ncols);
		t0 = now() - t0;
		best = t0 < best ? t0 : best;
	}
	for (i = 0; i < p->nrows; i++) {
		const int32_t *r = c + (size_t)i * p->ncols;
		int n = 0;

		rowptr[i] = e;
		for (j = 0; j < p->ncols; j++)
			if (j == res->col[i] || (n < 10 &&
			    r[j] - res->u[i] - res->v[j] == 0)) {
				n += j != res->col[i];
				col[e] = j;
				cost[e++] = r[j];
			}
	}
	rowptr[p->nrows] = e;
	memset(&s, 0, sizeof(s));
	s.nrows = p->nrows;
	s.ncols = p->ncols;
	s.type = TDM_LAP_I32;
	s.rowptr = rowptr;
	s.col = col;
	s.cost = cost;
	s.cap = cap;
	t0 = now();
	if (tdm_lap_sparse(&s, &r2) != TDM_OK)
		fail("floor", "the tight problem failed");
	tight = now() - t0;
	if (r2.total != res->total)
		fail("floor", "the tight problem has another optimum");
	printf(", \"pass\": %.6f, \"tight\": %.6f, \"tight_pairs\": %zu",
	    best, tight, e);
	tdm_lap_result_free(&r2);
	free(v32);
	free(rowptr);
	free(col);
	free(cost);
	free(cap);
	sink = sum;
}

/* Processor time of the whole process (every thread), in seconds. */
static double
cpu(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
usage(void)
{
	fprintf(stderr, "usage: solve FILE.npy [--seats K] [--certify] "
	    "[--floor] [--canon]\n"
	    "       solve --sparse PREFIX [--certify] [--canon]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct npy		 m;
	struct tdm_lap_dense	 p;
	struct tdm_lap_result	 res = TDM_LAP_RESULT_INIT;
	const char		*file = NULL, *prefix = NULL;
	char			*end;
	long			 seats = 1;
	double			 t0, t1;
	int			 i, certify = 0, holds, floor = 0, canon = 0;
	double			 c0, c1;
	enum tdm_err		 err;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--seats") == 0 && i + 1 < argc) {
			errno = 0;
			seats = strtol(argv[++i], &end, 10);
			if (*end || errno || seats < 1 || seats > INT32_MAX) {
				fprintf(stderr, "solve: bad --seats\n");
				return 2;
			}
		} else if (strcmp(argv[i], "--sparse") == 0 && i + 1 < argc)
			prefix = argv[++i];
		else if (strcmp(argv[i], "--certify") == 0)
			certify = 1;
		else if (strcmp(argv[i], "--floor") == 0)
			floor = 1;
		else if (strcmp(argv[i], "--canon") == 0)
			canon = 1;
		else if (file == NULL && argv[i][0] != '-')
			file = argv[i];
		else
			usage();
	}
	if (prefix != NULL && file == NULL)
		return run_sparse(prefix, certify, canon);
	if (file == NULL || prefix != NULL)
		usage();
	read_npy(file, &m);
	if (m.ndim != 2)
		fail(file, "the array must have 2 dimensions");
	memset(&p, 0, sizeof(p));
	p.nrows = (int32_t)m.rows;
	p.ncols = (int32_t)m.cols;
	p.type = m.type;
	p.cost = m.data;
	p.seats = (int32_t)seats;

	/*
	 * Once through the matrix before the clock starts: a caller's
	 * matrix is in memory already, and the first touch of freshly read
	 * pages costs this virtual machine up to seconds.
	 */
	for (size_t x = 0; x < (size_t)m.rows * (size_t)m.cols *
	    (m.type == TDM_LAP_I32 ? 4 : 8); x += 64)
		sink += ((volatile const char *)m.data)[x];
	c0 = cpu();
	t0 = now();
	err = tdm_lap_dense(&p, &res);
	t1 = now();
	c1 = cpu();
	if (err != TDM_OK) {
		fprintf(stderr, "solve: %s: %s\n", file, tdm_strerror(err));
		return 1;
	}
	if (m.type == TDM_LAP_F64)
		printf("{\"objective\": %.17g, \"seconds\": %.6f",
		    res.objective, t1 - t0);
	else
		printf("{\"objective\": %lld, \"seconds\": %.6f",
		    (long long)res.total, t1 - t0);
	printf(", \"cpu\": %.6f", c1 - c0);
	if (certify) {
		if (tdm_lap_certify_dense(&p, &res, &holds) != TDM_OK)
			holds = 0;
		printf(", \"certified\": %s, \"rounds\": %d",
		    holds ? "true" : "false", res.rounds);
	}
	if (floor && m.type == TDM_LAP_I32)
		floors(&p, &res, (int32_t)seats);
	if (canon)
		canon_dense(&p, &res);
	printf("}\n");
	tdm_lap_result_free(&res);
	free(m.data);
	return 0;
}

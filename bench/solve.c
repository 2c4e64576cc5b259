/*
 * The solver benchmark tool of bench/README.md.
 *
 * Usage: solve FILE.npy [--seats K] [--certify]
 *        solve --sparse PREFIX [--certify]
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
 * The sparse mode: rows PREFIX-rowptr.npy ('<i8', nrows + 1), columns
 * PREFIX-col.npy ('<i4'), costs PREFIX-cost.npy (any supported dtype),
 * capacities PREFIX-cap.npy ('<i4', ncols).
 */
static int
run_sparse(const char *prefix, int certify)
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
	printf(", \"peak_mb\": %.1f}\n", peak_mb());
	tdm_lap_result_free(&res);
	free(rowptr);
	free(col.data);
	free(cost.data);
	free(cap.data);
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: solve FILE.npy [--seats K] [--certify]\n"
	    "       solve --sparse PREFIX [--certify]\n");
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
	int			 i, certify = 0, holds;
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
		else if (file == NULL && argv[i][0] != '-')
			file = argv[i];
		else
			usage();
	}
	if (prefix != NULL && file == NULL)
		return run_sparse(prefix, certify);
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

	t0 = now();
	err = tdm_lap_dense(&p, &res);
	t1 = now();
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
	if (certify) {
		if (tdm_lap_certify_dense(&p, &res, &holds) != TDM_OK)
			holds = 0;
		printf(", \"certified\": %s, \"rounds\": %d",
		    holds ? "true" : "false", res.rounds);
	}
	printf("}\n");
	tdm_lap_result_free(&res);
	free(m.data);
	return 0;
}

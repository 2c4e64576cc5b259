/*
 * The solver benchmark tool of bench/README.md.
 *
 * Usage: solve FILE.npy [--seats K] [--certify]
 *
 * Reads a 2-D cost matrix in NumPy .npy format (versions 1 to 3, dtype
 * '<i4', '<i8' or '<f8', C order), rows = mentees and columns = mentors
 * with K seats each (default 1), assigns every row a distinct seat at
 * minimum total cost with libtandem's solver, and prints one JSON line
 * {"objective": N, "seconds": S}, where S is the solve time alone (not
 * the file read).  --certify also checks the dual certificate over the
 * whole matrix, outside the timed part, and adds "certified": true|false.
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
	if (parse_int(&p, &m->cols) == -1)
		fail(file, "the array must have 2 dimensions");
	while (*p == ' ' || *p == ',')
		p++;
	if (*p != ')')
		fail(file, "the array must have 2 dimensions");
	free(hdr);

	n = (size_t)m->rows * (size_t)m->cols;
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

int
main(int argc, char *argv[])
{
	struct npy		 m;
	struct tdm_lap_dense	 p;
	struct tdm_lap_result	 res = TDM_LAP_RESULT_INIT;
	const char		*file = NULL;
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
		} else if (strcmp(argv[i], "--certify") == 0)
			certify = 1;
		else if (file == NULL && argv[i][0] != '-')
			file = argv[i];
		else {
			fprintf(stderr, "usage: solve FILE.npy [--seats K] "
			    "[--certify]\n");
			return 2;
		}
	}
	if (file == NULL) {
		fprintf(stderr, "usage: solve FILE.npy [--seats K] "
		    "[--certify]\n");
		return 2;
	}
	read_npy(file, &m);
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

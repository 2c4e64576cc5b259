/*
 * The solver's sparse problem (solver.h), mentees as rows: each mentee's
 * best compatible mentors within a pair budget, found by the rules' fast
 * pass (match_rules.c); then pricing passes add whatever else the
 * optimum needs, and prove it over every compatible pair.
 */
#include <stdlib.h>
#include <string.h>

#include "match_int.h"
#include "solver_int.h"

/*
 * How many compatible pairs the problem lists at first, about 12 bytes
 * each.  Up to that, every compatible pair is listed and the solution is
 * optimal at once; past it, each mentee lists its best mentors (at
 * least CANDIDATES) and the pricing passes add what the optimum needs.
 * A mentee may also keep its next best mentors aside, with their scores,
 * up to match_reserve in all, so that a pricing pass reads them from
 * memory rather than from the rules; by default it keeps none (their
 * memory would raise the peak at 100,000 participants).  The pairs
 * chosen do not depend on these numbers: the last pricing pass proves
 * the optimum over every compatible pair and gives the canonical step
 * every pair the dual makes tight.  Tests lower them to drive the
 * pricing passes on small programmes.
 */
#define PAIR_BUDGET	(24 * 1024 * 1024)
#define CANDIDATES	48
int	 match_candidates = 0;	/* 0: from PAIR_BUDGET */
int	 match_reserve = 0;	/* 0: as many as match_candidates */
/* The fewest mentees worth a thread of the first pass. */
int	 match_part_rows = 512;

/* Room for n pairs in both arrays. */
static int
grow(struct problem *pb, size_t n)
{
	int32_t	*c;
	int64_t	*k;

	if (n <= pb->alloc)
		return 0;
	if ((c = reallocarray(pb->col, n, sizeof(*c))) == NULL)
		return -1;
	pb->col = c;
	if ((k = reallocarray(pb->cost, n, sizeof(*k))) == NULL)
		return -1;
	pb->cost = k;
	pb->alloc = n;
	lap_huge(pb->col, n * sizeof(*c));
	lap_huge(pb->cost, n * sizeof(*k));
	return 0;
}

static int
push(struct problem *pb, int32_t j, int64_t cost)
{
	if (pb->n == pb->alloc &&
	    grow(pb, pb->alloc ? pb->alloc * 2 : 4096) == -1)
		return -1;
	pb->col[pb->n] = j;
	pb->cost[pb->n++] = cost;
	return 0;
}

void
problem_free(struct problem *pb)
{
	free(pb->ncompat);
	free(pb->rowptr);
	free(pb->col);
	free(pb->cost);
	free(pb->cap);
	free(pb->tau);
	free(pb->rptr);
	free(pb->rcol);
	free(pb->rsc);
	fast_free(&pb->fx);
}

static int		 listed(const struct problem *, size_t, int32_t);
static enum tdm_err	 merge(struct problem *, size_t, const int64_t *,
			    size_t);

/* Whether candidate a ranks below b: lower score, or later mentor. */
static inline int
worse(const struct cand *a, const struct cand *b)
{
	return a->score < b->score || (a->score == b->score && a->j > b->j);
}

/*
 * Put the best k of a[0 .. n - 1] (k < n) first, in no order
 * (quickselect on worse()).
 */
static void
select_best(struct cand *a, size_t n, size_t k)
{
	struct cand	 pv, t;
	size_t		 lo = 0, hi = n - 1, i, j, mid;

	while (lo < hi) {
		/* The median of three, as the pivot. */
		mid = lo + (hi - lo) / 2;
		if (worse(&a[lo], &a[mid])) {
			t = a[lo]; a[lo] = a[mid]; a[mid] = t;
		}
		if (worse(&a[lo], &a[hi])) {
			t = a[lo]; a[lo] = a[hi]; a[hi] = t;
		}
		if (worse(&a[mid], &a[hi])) {
			t = a[mid]; a[mid] = a[hi]; a[hi] = t;
		}
		pv = a[mid];
		i = lo;
		j = hi;
		/* Hoare: the better ones go left. */
		for (;;) {
			while (worse(&pv, &a[i]))
				i++;
			while (worse(&a[j], &pv))
				j--;
			if (i >= j)
				break;
			t = a[i]; a[i] = a[j]; a[j] = t;
			i++;
			j--;
		}
		/* a[lo .. j] are no worse than a[j + 1 .. hi]. */
		if (k - 1 <= j)
			hi = j;
		else
			lo = j + 1;
	}
}

/* Sort a by mentor, least significant byte first; tmp as large as a. */
static void
sort_by_mentor(struct cand *a, size_t n, struct cand *tmp, size_t nmentors)
{
	size_t		 cnt[256], k, sum, x;
	struct cand	*src = a, *dst = tmp, *t;
	unsigned	 shift;

	for (shift = 0; shift < 32 && (nmentors - 1) >> shift; shift += 8) {
		memset(cnt, 0, sizeof(cnt));
		for (k = 0; k < n; k++)
			cnt[((uint32_t)src[k].j >> shift) & 0xff]++;
		for (sum = 0, k = 0; k < 256; k++) {
			x = cnt[k];
			cnt[k] = sum;
			sum += x;
		}
		for (k = 0; k < n; k++)
			dst[cnt[((uint32_t)src[k].j >> shift) & 0xff]++] =
			    src[k];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof(*a));
}

/*
 * Keep the best k of buf[0 .. n - 1] (k < n) under worse(), in no
 * order, and return the best score left out.  Scores of a narrow range
 * (lo .. hi, as integer weights give) are counted: the k-th best score
 * T splits them, and among the mentors at T the earlier ones stay.
 * cnt has room for NCOUNT entries; tmp for n.
 */
#define NCOUNT	4096

static int64_t
keep_best(struct cand *buf, size_t n, size_t k, int64_t lo, int64_t hi,
    size_t *cnt, struct cand *tmp, size_t nmentors)
{
	size_t		 a, above = 0, w = 0, nt = 0, need;
	int64_t		 t, tau = INT64_MIN;

	if ((uint64_t)hi - (uint64_t)lo >= NCOUNT) {
		select_best(buf, n, k);
		for (a = k; a < n; a++)
			if (buf[a].score > tau)
				tau = buf[a].score;
		return tau;
	}
	memset(cnt, 0, (size_t)(hi - lo + 1) * sizeof(*cnt));
	for (a = 0; a < n; a++)
		cnt[buf[a].score - lo]++;
	for (t = hi; above + cnt[t - lo] < k; t--)
		above += cnt[t - lo];
	need = k - above;
	/* Those above T stay; those at T wait in tmp. */
	for (a = 0; a < n; a++) {
		if (buf[a].score > t)
			buf[w++] = buf[a];
		else if (buf[a].score == t)
			tmp[nt++] = buf[a];
	}
	if (need < nt) {
		sort_by_mentor(tmp, nt, tmp + nt, nmentors);
		tau = t;
	} else
		for (t--; t >= lo; t--)
			if (cnt[t - lo]) {
				tau = t;
				break;
			}
	memcpy(buf + w, tmp, need * sizeof(*buf));
	return tau;
}

/*
 * The mentees lo .. hi - 1 of the first pass, in one thread: their pairs
 * go into the part's own problem (rowptr relative to it), their counts
 * and tau into the shared arrays at their own index.
 */
struct bpart {
	struct matcher	*m;
	struct problem	*pb;		/* shared: ncompat, tau, fx, ... */
	struct problem	 out;		/* col, cost, n, alloc */
	struct problem	 rout;		/* the reserve, the same way */
	size_t		 lo, hi, kmax, rmax;
	size_t		 reserve;	/* pairs it may list */
	size_t		 rreserve;	/* pairs it may keep aside */

	size_t		 compatible;
	int64_t		 low[3];
	int		 truncated;
	enum tdm_err	 err;
};

/*
 * Room for the n pairs a part may list at most, asked for at once: the
 * pages are only taken as the pairs are written, and push() then never
 * copies the pairs listed so far (doubling copied about 100 MB at 10,000
 * mentees, into pages faulted in for it).  Without that room, push()
 * grows the arrays as before.
 */
static void
reserve(struct problem *pb, size_t n)
{
	int32_t	*c;
	int64_t	*k;

	if (n <= pb->alloc || n > SIZE_MAX / sizeof(*k))
		return;
	if ((c = reallocarray(pb->col, n, sizeof(*c))) == NULL)
		return;
	pb->col = c;
	/* On failure both arrays still hold alloc pairs, as push() wants. */
	if ((k = reallocarray(pb->cost, n, sizeof(*k))) == NULL)
		return;
	pb->cost = k;
	pb->alloc = n;
	lap_huge(pb->col, n * sizeof(*c));
	lap_huge(pb->cost, n * sizeof(*k));
}

static void *
build_part(void *arg)
{
	struct bpart		*bp = arg;
	struct matcher		*m = bp->m;
	struct problem		*pb = bp->pb;
	struct tdm_score	 s;
	struct fmentee		 fe;
	struct cand		*buf, *tmp, c;
	size_t			 i, j, n, a, w, nbest, nres, kmax = bp->kmax;
	size_t			 rmax = bp->rmax;
	size_t			*cnt;
	int64_t			 lo, hi;
	int32_t			 lj;
	int32_t			*stamp;
	size_t			*idx;
	int			 seen;

	bp->low[0] = bp->low[1] = -1;
	bp->low[2] = 0;
	buf = malloc((m->nmentors + 2) * sizeof(*buf));
	tmp = malloc((2 * m->nmentors + 2) * sizeof(*tmp));
	stamp = calloc(m->nmentors + 1, sizeof(*stamp));
	cnt = malloc(NCOUNT * sizeof(*cnt));
	idx = malloc((m->nmentors + 1) * sizeof(*idx));
	bp->err = TDM_ENOMEM;
	if (buf == NULL || tmp == NULL || stamp == NULL || cnt == NULL ||
	    idx == NULL)
		goto out;
	reserve(&bp->out, bp->reserve);
	reserve(&bp->rout, bp->rreserve);
	for (i = bp->lo; i < bp->hi; i++) {
		pb->rowptr[i] = bp->out.n;
		pb->rptr[i] = bp->rout.n;
		pb->tau[i] = INT64_MIN;
		/*
		 * A kept pair's mentee, matched again while the programme
		 * runs, has its mentor alone: the lock decides the row, and
		 * pricing skips it.
		 */
		if (m->rematch && m->fixed[i]) {
			j = (size_t)m->lock[i];
			match_score(m, &m->mentors[j], &m->mentees[i], &s);
			pb->ncompat[i] = 1;
			bp->compatible++;
			if (push(&bp->out, m->lock[i], -s.total) == -1)
				goto out;
			continue;
		}
		fast_row(m, &m->mentees[i], &fe);
		n = compatible_mentors(m, &pb->fx, &fe, i, stamp, idx, buf);
		pb->ncompat[i] = n;
		bp->compatible += n;
		/* The worst pair of all, the first in (mentee, mentor). */
		lo = INT64_MAX;
		hi = INT64_MIN;
		lj = INT32_MAX;
		for (a = 0; a < n; a++) {
			if (buf[a].score > hi)
				hi = buf[a].score;
			if (buf[a].score > lo)
				continue;
			if (buf[a].score < lo || buf[a].j < lj) {
				lo = buf[a].score;
				lj = buf[a].j;
			}
		}
		if (n > 0 && (bp->low[0] < 0 || lo < bp->low[2])) {
			bp->low[0] = (int64_t)i;
			bp->low[1] = lj;
			bp->low[2] = lo;
		}
		/*
		 * The best rmax, tau the best score left out; of those, the
		 * best kmax are listed, the others go to the reserve.
		 */
		nres = n;
		if (n > rmax) {
			pb->tau[i] = keep_best(buf, n, rmax, lo, hi, cnt, tmp,
			    m->nmentors);
			nres = rmax;
			bp->truncated = 1;
		}
		nbest = nres;
		if (nres > kmax) {
			/* A permutation: the others stay, after them. */
			select_best(buf, nres, kmax);
			nbest = kmax;
			bp->truncated = 1;
		}
		seen = m->lock[i] == NOBODY;
		for (a = 0; a < nbest && !seen; a++)
			seen = buf[a].j == m->lock[i];
		if (!seen) {
			/*
			 * The kept pair is listed: it takes the place of the
			 * worst listed, which goes to the reserve (to the
			 * kept pair's place there, if it was in it).
			 */
			j = (size_t)m->lock[i];
			match_score(m, &m->mentors[j], &m->mentees[i], &s);
			c.score = s.total;
			c.j = m->lock[i];
			if (nbest == kmax) {
				for (w = 0, a = 1; a < nbest; a++)
					if (worse(&buf[a], &buf[w]))
						w = a;
				for (a = nbest; a < nres && buf[a].j != c.j;
				    a++)
					;
				if (a == nres)
					nres++;
				buf[a] = buf[w];
				buf[w] = c;
			} else {
				buf[nbest++] = c;
				nres = nbest;
			}
		}
		/* In mentor order, as a full pass would list them. */
		sort_by_mentor(buf, nbest, tmp, m->nmentors);
		for (a = 0; a < nbest; a++)
			if (push(&bp->out, buf[a].j, -buf[a].score) == -1)
				goto out;
		for (a = nbest; a < nres; a++)
			if (push(&bp->rout, buf[a].j, buf[a].score) == -1)
				goto out;
	}
	bp->err = TDM_OK;
out:
	free(buf);
	free(tmp);
	free(stamp);
	free(cnt);
	free(idx);
	return NULL;
}

/*
 * Append src's pairs to dst's arrays (grown to fit).  Returns -1 when
 * memory ran out (dst unchanged but perhaps larger).
 */
static int
append(struct problem *dst, const struct problem *src)
{
	size_t	 e = dst->n + src->n;

	if (grow(dst, e) == -1)
		return -1;
	/* A block with no pair has no arrays: memcpy wants some. */
	if (src->n > 0) {
		memcpy(dst->col + dst->n, src->col,
		    src->n * sizeof(*src->col));
		memcpy(dst->cost + dst->n, src->cost,
		    src->n * sizeof(*src->cost));
	}
	dst->n = e;
	return 0;
}

/*
 * The pairs stay until the end: give back what push() overshot, but for
 * room for the pairs the pricing passes may add.  Growing the arrays
 * later may copy them (glibc's realloc did, at 100,000 participants:
 * 190 MB more at the peak for 7,592 pairs added), while room that is
 * never written takes no memory.
 */
static void
trim(struct problem *pb)
{
	int32_t	*pc;
	int64_t	*pk;
	size_t	 n = pb->n + pb->n / 64 + 4096;

	if (pb->n > 0 && n < pb->alloc) {
		if ((pc = reallocarray(pb->col, n, sizeof(*pc))) != NULL)
			pb->col = pc;
		if ((pk = reallocarray(pb->cost, n, sizeof(*pk))) != NULL)
			pb->cost = pk;
		/* Either way, both hold n. */
		pb->alloc = n;
	}
}

/*
 * The first pass over all pairs: the rules, the counts, and each
 * mentee's candidates, its best kmax mentors by (score, then earlier
 * mentor), and its reserve, the next best up to rmax.  A kept pair is
 * always listed, even if a rule changed since it was made.  Every mentee
 * is independent: the mentees are split into ranges, one a thread
 * (lap_threads(): TANDEM_THREADS, or the processors the load leaves
 * idle), and the ranges' pairs joined in order, so that the problem is
 * the same pair for pair whatever the threads.
 */
enum tdm_err
problem_build(struct matcher *m, struct problem *pb)
{
	struct bpart		 bp[8];
	struct problem		 rs;
	size_t			 i, k, kmax, rmax, e, r, base, rbase;
	int64_t			 low[3] = { -1, -1, 0 };
	int32_t			*used;
	const char		*env;
	char			*end;
	long			 x;
	int			 t, nt, kc, rc;
	enum tdm_err		 err = TDM_OK;

	/*
	 * As many candidates per mentee as the budget allows, or as
	 * TANDEM_MATCH_CANDIDATES asks ("K" or "K,R": listed, and kept at
	 * hand in all), for the benchmarks and the tests: the pairs are
	 * the same whatever the numbers.
	 */
	kc = match_candidates;
	rc = match_reserve;
	if ((env = getenv("TANDEM_MATCH_CANDIDATES")) != NULL &&
	    (x = strtol(env, &end, 10)) > 0 && x <= INT32_MAX) {
		kc = (int)x;
		rc = 0;
		if (*end == ',' && (x = strtol(end + 1, &end, 10)) > 0 &&
		    x <= INT32_MAX)
			rc = (int)x;
	}
	kmax = (size_t)kc;
	if (kmax == 0) {
		k = m->nmentees ? PAIR_BUDGET / m->nmentees : 0;
		kmax = k > m->nmentors ? m->nmentors + 1 : k;
		if (kmax < CANDIDATES)
			kmax = CANDIDATES;
	}
	rmax = rc > 0 ? (size_t)rc : kmax;
	if (rmax < kmax)
		rmax = kmax;
	pb->rowptr = malloc((m->nmentees + 1) * sizeof(*pb->rowptr));
	pb->cap = malloc((m->nmentors + 1) * sizeof(*pb->cap));
	pb->ncompat = calloc(m->nmentees + 1, sizeof(*pb->ncompat));
	pb->tau = malloc((m->nmentees + 1) * sizeof(*pb->tau));
	pb->rptr = malloc((m->nmentees + 1) * sizeof(*pb->rptr));
	if (pb->rowptr == NULL || pb->cap == NULL || pb->ncompat == NULL ||
	    pb->tau == NULL || pb->rptr == NULL ||
	    fast_init(m, &pb->fx) != TDM_OK)
		return TDM_ENOMEM;
	for (k = 0; k < m->nmentors; k++)
		pb->cap[k] = m->group && m->mentors[k].capacity > m->seats ?
		    m->seats : m->mentors[k].capacity;
	/* Threads only where there is enough to share. */
	nt = lap_threads();
	if (nt > (int)(sizeof(bp) / sizeof(bp[0])))
		nt = (int)(sizeof(bp) / sizeof(bp[0]));
	k = m->nmentees / (size_t)(match_part_rows > 0 ? match_part_rows : 1);
	if ((size_t)nt > k)
		nt = k > 1 ? (int)k : 1;
	memset(bp, 0, sizeof(bp));
	/* At most kmax pairs a mentee listed, and one more for a kept pair. */
	e = (kmax < m->nmentors ? kmax : m->nmentors) + 1;
	r = (rmax < m->nmentors ? rmax : m->nmentors) - e + 2;
	for (t = 0; t < nt; t++) {
		bp[t].m = m;
		bp[t].pb = pb;
		bp[t].kmax = kmax;
		bp[t].rmax = rmax;
		bp[t].lo = m->nmentees * (size_t)t / (size_t)nt;
		bp[t].hi = m->nmentees * (size_t)(t + 1) / (size_t)nt;
		/* The first range's arrays receive the others' at the end. */
		i = t == 0 ? m->nmentees : bp[t].hi - bp[t].lo;
		bp[t].reserve = i <= SIZE_MAX / e ? e * i : 0;
		bp[t].rreserve = i <= SIZE_MAX / r ? r * i : 0;
	}
	/* The first range lists straight into the problem. */
	bp[0].out = *pb;
	lap_parallel(bp, sizeof(bp[0]), nt, build_part);
	pb->col = bp[0].out.col;
	pb->cost = bp[0].out.cost;
	pb->n = bp[0].out.n;
	pb->alloc = bp[0].out.alloc;
	rs = bp[0].rout;
	for (t = 0; t < nt; t++) {
		if (bp[t].err != TDM_OK)
			err = bp[t].err;
		pb->compatible += bp[t].compatible;
		pb->truncated |= bp[t].truncated;
		/* The first of the least, as one pass in order finds it. */
		if (bp[t].low[0] >= 0 && (low[0] < 0 || bp[t].low[2] < low[2]))
			memcpy(low, bp[t].low, sizeof(low));
	}
	/* The other ranges' pairs after the first's, in order. */
	for (t = 1; t < nt && err == TDM_OK; t++) {
		base = pb->n;
		rbase = rs.n;
		if (append(pb, &bp[t].out) == -1 ||
		    append(&rs, &bp[t].rout) == -1) {
			err = TDM_ENOMEM;
			break;
		}
		for (i = bp[t].lo; i < bp[t].hi; i++) {
			pb->rowptr[i] += base;
			pb->rptr[i] += rbase;
		}
	}
	for (t = 1; t < nt; t++) {
		free(bp[t].out.col);
		free(bp[t].out.cost);
		free(bp[t].rout.col);
		free(bp[t].rout.cost);
	}
	trim(&rs);
	pb->rcol = rs.col;
	pb->rsc = rs.cost;
	if (err != TDM_OK)
		return err;
	pb->rowptr[m->nmentees] = pb->n;
	pb->rptr[m->nmentees] = rs.n;
	trim(pb);
	/*
	 * The solver's big-M, which puts "most mentees" before "best total",
	 * is reckoned from the costs it is given: they must span those of
	 * every compatible pair.  Each mentee's best pair is listed; the
	 * worst pair of all is added if it is not.
	 */
	if (low[0] >= 0 && !listed(pb, (size_t)low[0], (int32_t)low[1])) {
		low[2] = -low[2];
		if (merge(pb, m->nmentees, low, 1) != TDM_OK)
			return TDM_ENOMEM;
	}
	/*
	 * Kept pairs stay: a mentor whose seats shrank (the programme's
	 * group seats lowered) keeps them all and takes nobody new.
	 */
	if ((used = calloc(m->nmentors + 1, sizeof(*used))) == NULL)
		return TDM_ENOMEM;
	for (i = 0; i < m->nmentees; i++)
		if (m->lock[i] != NOBODY)
			used[m->lock[i]]++;
	for (k = 0; k < m->nmentors; k++)
		if (used[k] > pb->cap[k])
			pb->cap[k] = used[k];
	free(used);
	return TDM_OK;
}

static int
listed(const struct problem *pb, size_t i, int32_t j)
{
	size_t	 k;

	for (k = pb->rowptr[i]; k < pb->rowptr[i + 1]; k++)
		if (pb->col[k] == j)
			return 1;
	return 0;
}

/*
 * Merge the pairs of add (mentee, mentor, cost triples, in mentee order,
 * and in mentor order within a mentee) into the problem, keeping each row
 * in mentor order.  In place, from the end: an entry only moves up.
 */
static enum tdm_err
merge(struct problem *pb, size_t nrows, const int64_t *add, size_t nadd)
{
	size_t		 i, k, a, n, end, lo;
	int32_t		*col;
	int64_t		*cost;

	if (nadd == 0)
		return TDM_OK;
	if (pb->n + nadd > pb->alloc) {
		if ((col = reallocarray(pb->col, pb->n + nadd,
		    sizeof(*col))) == NULL)
			return TDM_ENOMEM;
		pb->col = col;
		if ((cost = reallocarray(pb->cost, pb->n + nadd,
		    sizeof(*cost))) == NULL)
			return TDM_ENOMEM;
		pb->cost = cost;
		pb->alloc = pb->n + nadd;
	}
	col = pb->col;
	cost = pb->cost;
	n = pb->n + nadd;
	a = nadd;
	for (i = nrows; i-- > 0;) {
		/* Row i's old entries k, its added ones a, backwards. */
		lo = pb->rowptr[i];
		k = pb->rowptr[i + 1];
		end = n;
		while (k > lo || (a > 0 && (size_t)add[3 * (a - 1)] == i)) {
			if (a > 0 && (size_t)add[3 * (a - 1)] == i &&
			    (k == lo || add[3 * (a - 1) + 1] > col[k - 1])) {
				a--;
				col[--n] = (int32_t)add[3 * a + 1];
				cost[n] = add[3 * a + 2];
			} else {
				k--;
				col[--n] = col[k];
				cost[n] = cost[k];
			}
		}
		pb->rowptr[i + 1] = end;
	}
	pb->n += nadd;
	return TDM_OK;
}

/* The mentees lo .. hi - 1 of a pricing pass, in one thread. */
struct ppart {
	struct matcher	*m;
	struct problem	*pb;
	const struct tdm_lap_result *res;
	const int64_t	*worst, *have;
	const int32_t	*load;
	size_t		 lo, hi;
	int64_t		*add[2];	/* (mentee, mentor, cost) triples */
	size_t		 nadd[2], aadd[2], blocks;
	size_t		 rescans;
	int		 fail;
};

static int
cmp_cand_j(const void *a, const void *b)
{
	const struct cand	*x = a, *y = b;

	return (x->j > y->j) - (x->j < y->j);
}

/* Mentee i's pairs got[0 .. n - 1], in mentor order, to list t. */
static int
price_keep(struct ppart *pp, int t, size_t i, struct cand *got, size_t n)
{
	int64_t	*v;
	size_t	 a;

	if (n == 0)
		return 0;
	qsort(got, n, sizeof(*got), cmp_cand_j);
	if (pp->nadd[t] + n > pp->aadd[t]) {
		pp->aadd[t] = 2 * (pp->nadd[t] + n) + 1024;
		if ((v = reallocarray(pp->add[t], pp->aadd[t],
		    3 * sizeof(*v))) == NULL)
			return -1;
		pp->add[t] = v;
	}
	for (a = 0; a < n; a++) {
		v = pp->add[t] + 3 * pp->nadd[t]++;
		v[0] = (int64_t)i;
		v[1] = got[a].j;
		v[2] = -got[a].score;
	}
	return 0;
}

static void *
price_part(void *arg)
{
	struct ppart		*pp = arg;
	struct matcher		*m = pp->m;
	struct problem		*pb = pp->pb;
	const struct tdm_lap_result *res = pp->res;
	const int64_t		*worst = pp->worst, *have = pp->have;
	const int32_t		*load = pp->load;
	struct fmentee		 fe;
	struct cand		*buf = NULL, *neg = NULL, *tie = NULL;
	int64_t			 sc, u, rc, ntau;
	int32_t			*mark = NULL, *stamp = NULL, j;
	size_t			*idx = NULL, i, k, n, a, nn, nt;

	pp->fail = 1;
	for (i = pp->lo; i < pp->hi; i++) {
		if (m->fixed[i] || m->lock[i] != NOBODY)
			continue;
		for (k = pb->rowptr[i]; k < pb->rowptr[i + 1]; k++) {
			j = pb->col[k];
			sc = -pb->cost[k];
			if (j != res->col[i] && sc > have[i] &&
			    (load[j] < pb->cap[j] || sc > worst[j]))
				pp->blocks++;
		}
		/*
		 * A pair left out has reduced cost -sc - u - v[j], v <= 0:
		 * none is negative, nor even 0 (tight), when its score is
		 * below -u.  -u <= have, so the bound covers the blocking
		 * pairs too.  The reserve is read; the rules again only
		 * when tau, the best score left out of both, allows one.
		 */
		u = res->u[i];
		if (pb->rptr[i] == pb->rptr[i + 1] && pb->tau[i] < -u)
			continue;
		/* The work arrays, once a mentee needs them. */
		if (mark == NULL) {
			mark = malloc((m->nmentors + 1) * sizeof(*mark));
			stamp = calloc(m->nmentors + 1, sizeof(*stamp));
			idx = malloc((m->nmentors + 1) * sizeof(*idx));
			buf = malloc((m->nmentors + 1) * sizeof(*buf));
			neg = malloc((m->nmentors + 1) * sizeof(*neg));
			tie = malloc((m->nmentors + 1) * sizeof(*tie));
			if (mark == NULL || stamp == NULL || idx == NULL ||
			    buf == NULL || neg == NULL || tie == NULL)
				goto out;
			for (j = 0; j < (int32_t)m->nmentors; j++)
				mark[j] = -1;
		}
		nn = nt = 0;
		for (k = pb->rptr[i]; k < pb->rptr[i + 1]; k++) {
			j = pb->rcol[k];
			sc = pb->rsc[k];
			/* Below the bound, or listed by an earlier pass. */
			if (sc < -u || problem_score(pb, i, j) != INT64_MIN)
				continue;
			if (sc > have[i] && (load[j] < pb->cap[j] ||
			    sc > worst[j]))
				pp->blocks++;
			rc = -sc - u - res->v[j];
			if (rc < 0)
				neg[nn++] = (struct cand){ sc, j };
			else if (rc == 0)
				tie[nt++] = (struct cand){ sc, j };
		}
		if (pb->tau[i] >= -u) {
			/* The rules again, for the pairs in neither. */
			pp->rescans++;
			for (k = pb->rowptr[i]; k < pb->rowptr[i + 1]; k++)
				mark[pb->col[k]] = (int32_t)i;
			for (k = pb->rptr[i]; k < pb->rptr[i + 1]; k++)
				mark[pb->rcol[k]] = (int32_t)i;
			fast_row(m, &m->mentees[i], &fe);
			n = compatible_mentors(m, &pb->fx, &fe, i, stamp, idx,
			    buf);
			ntau = INT64_MIN;
			for (a = 0; a < n; a++) {
				j = buf[a].j;
				sc = buf[a].score;
				if (mark[j] == (int32_t)i)
					continue;
				if (sc > have[i] && (load[j] < pb->cap[j] ||
				    sc > worst[j]))
					pp->blocks++;
				rc = -sc - u - res->v[j];
				if (rc < 0) {
					neg[nn++] = buf[a];
					continue;
				}
				if (rc == 0)
					tie[nt++] = buf[a];
				if (sc > ntau)
					ntau = sc;
			}
			pb->tau[i] = ntau;
		}
		if (price_keep(pp, 0, i, neg, nn) == -1 ||
		    price_keep(pp, 1, i, tie, nt) == -1)
			goto out;
	}
	pp->fail = 0;
out:
	free(mark);
	free(stamp);
	free(idx);
	free(buf);
	free(neg);
	free(tie);
	return NULL;
}

/*
 * The pricing pass.  A pair left out of the problem whose reduced cost is
 * negative could improve the solution: it is added, and the caller
 * solves again.  Only the mentees whose bounds (the best score in their
 * reserve, tau beyond it) allow such a pair have their reserve read
 * again, and only those whose tau allows it have their compatible pairs
 * checked again and scored on the fly; for the others the bounds prove
 * there is none.  When no pair is added, the solver's dual holds over
 * every compatible pair, which proves the solution optimal for the whole
 * programme; the pairs left out that this dual makes tight (reduced cost
 * 0) are then added, *tight says how many, so that the canonical step,
 * run again on them, chooses among every optimal pairing of the
 * programme, not only among those of the pairs listed.  The pass also
 * counts the blocking pairs: a mentee and a mentor, compatible, who
 * would both rather be together than with what they got (a mentor with
 * a free seat takes anyone better than nothing).  Returns the number of
 * pairs of negative reduced cost added, or -1 when memory ran out.
 *
 * The mentees are independent: ranges of them go to threads as in
 * problem_build(), and their pairs are joined in order.
 */
long
problem_price(struct matcher *m, struct problem *pb,
    const struct tdm_lap_result *res, size_t *tight)
{
	struct ppart		 pp[8];
	int64_t			*worst = NULL, *have = NULL, *add = NULL;
	int32_t			*load = NULL, j;
	size_t			 i, k, nadd[2] = { 0, 0 }, blocks = 0;
	long			 rc = -1;
	int			 t, nt, w;

	*tight = 0;
	memset(pp, 0, sizeof(pp));
	worst = calloc(m->nmentors + 1, sizeof(*worst));
	load = calloc(m->nmentors + 1, sizeof(*load));
	have = malloc((m->nmentees + 1) * sizeof(*have));
	if (worst == NULL || load == NULL || have == NULL)
		goto out;
	for (i = 0; i < m->nmentees; i++) {
		have[i] = INT64_MIN;
		if ((j = res->col[i]) < 0)
			continue;
		have[i] = problem_score(pb, i, j);
		if (load[j] == 0 || have[i] < worst[j])
			worst[j] = have[i];
		load[j]++;
	}
	nt = lap_threads();
	if (nt > (int)(sizeof(pp) / sizeof(pp[0])))
		nt = (int)(sizeof(pp) / sizeof(pp[0]));
	k = m->nmentees / (size_t)(match_part_rows > 0 ? match_part_rows : 1);
	if ((size_t)nt > k)
		nt = k > 1 ? (int)k : 1;
	for (t = 0; t < nt; t++) {
		pp[t].m = m;
		pp[t].pb = pb;
		pp[t].res = res;
		pp[t].worst = worst;
		pp[t].have = have;
		pp[t].load = load;
		pp[t].lo = m->nmentees * (size_t)t / (size_t)nt;
		pp[t].hi = m->nmentees * (size_t)(t + 1) / (size_t)nt;
	}
	lap_parallel(pp, sizeof(pp[0]), nt, price_part);
	for (t = 0; t < nt; t++) {
		if (pp[t].fail)
			goto out;
		blocks += pp[t].blocks;
		nadd[0] += pp[t].nadd[0];
		nadd[1] += pp[t].nadd[1];
		pb->rescans += pp[t].rescans;
	}
	pb->blocking = blocks;
	/* The pairs of negative reduced cost; else the tight ones. */
	w = nadd[0] > 0 ? 0 : 1;
	if (nadd[w] > 0) {
		if ((add = reallocarray(NULL, nadd[w], 3 * sizeof(*add))) ==
		    NULL)
			goto out;
		for (t = 0, k = 0; t < nt; t++) {
			if (pp[t].nadd[w] > 0)
				memcpy(add + 3 * k, pp[t].add[w],
				    pp[t].nadd[w] * 3 * sizeof(*add));
			k += pp[t].nadd[w];
		}
		if (merge(pb, m->nmentees, add, nadd[w]) != TDM_OK)
			goto out;
	}
	if (w == 1)
		*tight = nadd[1];
	rc = (long)nadd[0];
out:
	for (t = 0; t < 8; t++) {
		free(pp[t].add[0]);
		free(pp[t].add[1]);
	}
	free(worst);
	free(load);
	free(have);
	free(add);
	return rc;
}

/*
 * Once the solution is certified, only its pairs are read again (the
 * report checks their scores): keep those, one a mentee at most, and
 * give the others' memory back before the report takes its own.
 */
void
problem_keep(struct problem *pb, size_t nrows, const int32_t *col)
{
	int32_t	*pc;
	int64_t	*pk;
	size_t	 i, k, n = 0, lo;

	for (i = 0; i < nrows; i++) {
		lo = pb->rowptr[i];
		pb->rowptr[i] = n;
		for (k = lo; k < pb->rowptr[i + 1] && col[i] >= 0; k++)
			if (pb->col[k] == col[i]) {
				pb->col[n] = pb->col[k];
				pb->cost[n++] = pb->cost[k];
				break;
			}
	}
	pb->rowptr[nrows] = n;
	pb->n = n;
	if ((pc = reallocarray(pb->col, n + 1, sizeof(*pc))) != NULL)
		pb->col = pc;
	if ((pk = reallocarray(pb->cost, n + 1, sizeof(*pk))) != NULL)
		pb->cost = pk;
	pb->alloc = n + 1;
}

int64_t
problem_score(const struct problem *pb, size_t i, int32_t j)
{
	size_t	 lo = pb->rowptr[i], hi = pb->rowptr[i + 1], mid;

	/* A row is in mentor order. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (pb->col[mid] < j)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < pb->rowptr[i + 1] && pb->col[lo] == j ? -pb->cost[lo] :
	    INT64_MIN;
}

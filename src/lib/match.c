/*
 * The matcher of match.h, step by step: load a programme's volunteers
 * (match_load.c); list each mentee's best compatible mentors as the
 * solver's sparse problem (match_problem.c, by the rules of
 * match_rules.c); solve, price and solve again until the pricing pass
 * proves the solution optimal over every compatible pair; check the
 * solver's certificate; explain the result (match_explain.c) and save
 * the proposal.  What this file does not do: the assignment itself
 * (solver.c), or anything after the pairs are proposed (pair.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

#include "match_int.h"
#include "solver_int.h"

/* What a report owns besides its arrays: the strings of its pairs. */
struct priv {
	struct arena	 arena;
};

/* Replace the proposal by the new one; kept pairs are left as they are. */
static enum tdm_err
save(struct matcher *m, const struct tdm_actor *actor,
    const struct tdm_lap_result *res, const struct tdm_match_report *rep)
{
	struct tdm_score	 s;
	struct query		 q;
	char			 now[TIMESTAMP_SIZE], terms[160];
	enum tdm_err		 err;
	size_t			 i, j, *gptr = NULL, *gwho = NULL;
	int			 f;

	if (groups(m, res->col, &gptr, &gwho) == -1)
		return TDM_ENOMEM;
	q = query_start(m->st, STMT_PAIR_DELETE_PROPOSED);
	bind_int(&q, m->p.id);
	if ((err = query_exec(&q)) != TDM_OK)
		goto out;
	store_timestamp(m->st, now);
	for (i = 0; i < m->nmentees; i++) {
		if (res->col[i] < 0 || m->fixed[i])
			continue;
		j = (size_t)res->col[i];
		match_score(m, &m->mentors[j], &m->mentees[i], &s);
		snprintf(terms, sizeof(terms), "topics=%lld availability=%lld "
		    "site=%lld department=%lld inversion=%lld",
		    (long long)s.topics, (long long)s.availability,
		    (long long)s.site, (long long)s.department,
		    (long long)s.inversion);
		f = focus(m, j, i, gptr, gwho);
		q = query_start(m->st, STMT_PAIR_INSERT);
		bind_int(&q, m->p.id);
		bind_int(&q, m->mentors[j].enrol);
		bind_int(&q, m->mentees[i].enrol);
		bind_int(&q, s.total);
		bind_text(&q, terms);
		bind_text(&q, f >= 0 ? m->topic_code[f] : "");
		bind_text(&q, now);
		if ((err = query_exec(&q)) != TDM_OK)
			goto out;
	}
	q = query_start(m->st, STMT_MATCH_UNMATCHED_SET);
	bind_int(&q, (int64_t)rep->no_partner);
	bind_int(&q, (int64_t)rep->capacity);
	bind_int(&q, m->p.id);
	if ((err = query_exec(&q)) != TDM_OK)
		goto out;
	err = audit_append(m->st, actor, "match.run", "programme", m->p.name,
	    "%zu of %zu mentees matched, total score %lld, certificate %s",
	    rep->matched, rep->mentees, (long long)rep->total_score,
	    rep->certified ? "holds" : "FAILS");
out:
	free(gptr);
	free(gwho);
	return err;
}


static double
since(clockid_t id, const struct timespec *t0)
{
	struct timespec	 t1;

	clock_gettime(id, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static double
elapsed(const struct timespec *t0)
{
	return since(CLOCK_MONOTONIC, t0);
}

/*
 * The report's clocks: each step's process CPU (every thread) and wall
 * time since the step before, the peak resident memory so far, and
 * counts where they say something (the pairs listed, the pairs a
 * pricing pass added).
 */
struct clocks {
	char		 text[1536];
	size_t		 len;
	struct timespec	 cpu, wall;
};

static void
clocks_start(struct clocks *k)
{
	k->len = 0;
	k->text[0] = '\0';
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &k->cpu);
	clock_gettime(CLOCK_MONOTONIC, &k->wall);
}

static void
clocks_step(struct clocks *k, const char *step, const char *detail)
{
	struct rusage	 ru;
	int		 n;

	if (k->len < sizeof(k->text)) {
		if (getrusage(RUSAGE_SELF, &ru) == -1)
			ru.ru_maxrss = 0;
		n = snprintf(k->text + k->len, sizeof(k->text) - k->len,
		    "%s%s %.3f/%.3f %ldM%s%s%s", k->len ? " " : "", step,
		    since(CLOCK_PROCESS_CPUTIME_ID, &k->cpu),
		    since(CLOCK_MONOTONIC, &k->wall), ru.ru_maxrss / 1024,
		    *detail ? " (" : "", detail, *detail ? ")" : "");
		if (n > 0)
			k->len += (size_t)n;
	}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &k->cpu);
	clock_gettime(CLOCK_MONOTONIC, &k->wall);
}

enum tdm_err
tdm_match(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, int dry_run, struct tdm_match_report **out,
    struct tdm_diags *d)
{
	struct matcher		 m;
	struct problem		 pb;
	struct tdm_lap_sparse	 sp;
	struct tdm_lap_result	 res = TDM_LAP_RESULT_INIT;
	struct tdm_lap_warm	*warm = NULL;
	struct tdm_match_report	*rep = NULL;
	struct priv		*priv = NULL;
	struct timespec		 t0;
	struct clocks		 ck;
	char			 detail[96];
	enum tdm_err		 err;
	struct units		 un = { 1, 1 };
	long			 added;
	size_t			 tight;
	int32_t			*was = NULL;
	int			 solve;
	int			 holds = 0;

	*out = NULL;
	memset(&m, 0, sizeof(m));
	memset(&pb, 0, sizeof(pb));
	m.st = st;
	if ((err = authorize(actor, OP_PROGRAMME_MATCH, d)) != TDM_OK)
		return err;
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = programme_find(st, ref, &m.p, d)) != TDM_OK ||
	    (err = authorize_in(actor, OP_PROGRAMME_MATCH, m.p.id, d)) !=
	    TDM_OK)
		goto fail;
	/*
	 * While the programme runs, matching again pairs those who wait
	 * (never matched, partner withdrew, tandem ended): every published
	 * or accepted pair stays as it is, and ended, declined or rejected
	 * pairs never come back (match_load.c).
	 */
	if (strcmp(m.p.state, "open") != 0 &&
	    strcmp(m.p.state, "matched") != 0 &&
	    strcmp(m.p.state, "running") != 0) {
		tdm_diag_add(d, NULL, 0, 0, "cannot match programme \"%s\": "
		    "it is %s (matching runs once it is open, and again while "
		    "it runs)", m.p.name, m.p.state);
		err = TDM_ESTATE;
		goto fail;
	}
	m.rematch = strcmp(m.p.state, "running") == 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	clocks_start(&ck);
	err = TDM_ENOMEM;
	if ((rep = calloc(1, sizeof(*rep))) == NULL ||
	    (priv = calloc(1, sizeof(*priv))) == NULL ||
	    (err = match_load(&m)) != TDM_OK)
		goto fail;
	clocks_step(&ck, "load", "");
	if ((err = problem_build(&m, &pb)) != TDM_OK)
		goto fail;
	snprintf(detail, sizeof(detail), "%zu listed, %zu aside", pb.n,
	    pb.rptr[m.nmentees]);
	clocks_step(&ck, "pass", detail);
	if ((was = malloc((m.nmentees + 1) * sizeof(*was))) == NULL) {
		err = TDM_ENOMEM;
		goto fail;
	}
	memset(&sp, 0, sizeof(sp));
	sp.nrows = (int32_t)m.nmentees;
	sp.ncols = (int32_t)m.nmentors;
	sp.type = TDM_LAP_I64;
	sp.rowptr = pb.rowptr;
	sp.col = pb.col;
	sp.cost = pb.cost;
	sp.cap = pb.cap;
	sp.lock = m.lock;
	/*
	 * Solve over the candidates; price; solve again until no pair is
	 * added, each time from where the pairs added start to matter (the
	 * same result as solving afresh).  The last pricing pass adds the
	 * pairs its dual makes tight, and the canonical step runs once, on
	 * them all.  The certificate is checked on the last problem; the
	 * last pricing pass extends it to every pair.
	 */
	for (solve = 1;;) {
		sp.rowptr = pb.rowptr;
		sp.col = pb.col;
		sp.cost = pb.cost;
		if (solve) {
			/* Some optimum: canonical once every pair is in. */
			tdm_lap_result_free(&res);
			if ((err = lap_sparse_warm(&sp, &warm, 0, &res)) !=
			    TDM_OK)
				goto fail;
			snprintf(detail, sizeof(detail), "%d assigned",
			    (int)res.nassigned);
			clocks_step(&ck, "solve", detail);
		} else {
			/*
			 * Every pair the dual makes tight is in: the
			 * canonical step chooses among every optimal pairing
			 * of the programme.  The dual is the same; if the
			 * pairs moved, price again for their blocking pairs.
			 */
			tdm_lap_warm_free(warm);
			warm = NULL;
			memcpy(was, res.col, m.nmentees * sizeof(*was));
			if ((err = lap_canon_sparse(&sp, &un, &res)) !=
			    TDM_OK)
				goto fail;
			clocks_step(&ck, "canon", "");
			if (m.nmentees == 0 || memcmp(was, res.col,
			    m.nmentees * sizeof(*was)) == 0)
				break;
			solve = -1;
		}
		if ((added = problem_price(&m, &pb, &res, &tight)) < 0) {
			err = TDM_ENOMEM;
			goto fail;
		}
		snprintf(detail, sizeof(detail), "%ld added, %zu tight, %zu "
		    "rescans", added, tight, pb.rescans);
		pb.rescans = 0;
		clocks_step(&ck, "price", detail);
		if (added == 0 && solve == -1)
			break;
		solve = added > 0;
	}
	tdm_lap_warm_free(warm);
	warm = NULL;
	if ((err = tdm_lap_certify_sparse(&sp, &res, &holds)) != TDM_OK)
		goto fail;
	rep->certified = holds;
	problem_keep(&pb, m.nmentees, res.col);
	clocks_step(&ck, "certificate", "");
	if ((err = match_report(&m, &pb, &res, rep)) != TDM_OK)
		goto fail;
	clocks_step(&ck, "report", "");
	rep->seconds = elapsed(&t0);
	rep->programme = arena_strdup(&m.arena, m.p.name);
	rep->clocks = arena_strdup(&m.arena, ck.text);
	if (!dry_run) {
		if ((err = save(&m, actor, &res, rep)) != TDM_OK ||
		    (err = store_commit(st)) != TDM_OK)
			goto fail;
	} else
		store_rollback(st);
	/* The report's strings are the matcher's: hand them over. */
	priv->arena = m.arena;
	m.arena.head = NULL;
	rep->priv = priv;
	*out = rep;
	tdm_lap_result_free(&res);
	free(was);
	problem_free(&pb);
	matcher_free(&m);
	return TDM_OK;
fail:
	store_rollback(st);
	free(was);
	tdm_lap_warm_free(warm);
	tdm_lap_result_free(&res);
	problem_free(&pb);
	matcher_free(&m);
	if (rep != NULL) {
		free(rep->pairs);
		free(rep->unmatched);
		free(rep);
	}
	free(priv);
	return err;
}

void
tdm_match_report_free(struct tdm_match_report *rep)
{
	struct priv	*priv;

	if (rep == NULL)
		return;
	if ((priv = rep->priv) != NULL) {
		arena_free(&priv->arena);
		free(priv);
	}
	free(rep->pairs);
	free(rep->unmatched);
	free(rep);
}

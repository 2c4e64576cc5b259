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

#include "match_int.h"

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
elapsed(const struct timespec *t0)
{
	struct timespec	 t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
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
	enum tdm_err		 err;
	long			 added;
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
	err = TDM_ENOMEM;
	if ((rep = calloc(1, sizeof(*rep))) == NULL ||
	    (priv = calloc(1, sizeof(*priv))) == NULL ||
	    (err = match_load(&m)) != TDM_OK ||
	    (err = problem_build(&m, &pb)) != TDM_OK)
		goto fail;
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
	 * same result as solving afresh).  The certificate is checked on the
	 * last problem; the last pricing pass extends it to every pair.
	 */
	for (;;) {
		sp.rowptr = pb.rowptr;
		sp.col = pb.col;
		sp.cost = pb.cost;
		tdm_lap_result_free(&res);
		if ((err = tdm_lap_sparse_warm(&sp, &warm, &res)) != TDM_OK)
			goto fail;
		if ((added = problem_price(&m, &pb, &res)) < 0) {
			err = TDM_ENOMEM;
			goto fail;
		}
		if (added == 0)
			break;
	}
	tdm_lap_warm_free(warm);
	warm = NULL;
	if ((err = tdm_lap_certify_sparse(&sp, &res, &holds)) != TDM_OK)
		goto fail;
	rep->certified = holds;
	if ((err = match_report(&m, &pb, &res, rep)) != TDM_OK)
		goto fail;
	rep->seconds = elapsed(&t0);
	rep->programme = arena_strdup(&m.arena, m.p.name);
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
	problem_free(&pb);
	matcher_free(&m);
	return TDM_OK;
fail:
	store_rollback(st);
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

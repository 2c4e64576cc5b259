/*
 * The sign-in throttles kept in the database (signin_limit.h).  Each hit
 * is a row (kind, hashed key, second); a check counts the rows of the
 * window.  A hit counts for the window's length and a twelfth after its
 * second (65 s for a minute), as the process's own count does: a
 * window's worth of hits is never more than the limit whatever the
 * burst across a minute's edge, and a slow client is not let through
 * early.  The check
 * and the hit run in one write transaction, which both engines
 * serialise (SQLite's writer lock, PostgreSQL's advisory lock of
 * store_begin), so servers never both take the last allowance.
 */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "tandem/signin_limit.h"
#include "tandem/store.h"
#include "internal.h"

/* The key as the database's signed 64-bit integer: the same bits. */
static int64_t
key_of(uint64_t key)
{
	int64_t	 k;

	memcpy(&k, &key, sizeof(k));
	return k;
}

/* How long a hit counts, in seconds. */
static int64_t
span(const struct tdm_limit *l)
{
	return (int64_t)l->seconds + l->seconds / 12;
}

static enum tdm_err
purge(struct tdm_store *st, const struct tdm_limit *l, time_t now)
{
	struct query	 q = query_start(st, STMT_LIMIT_PURGE);

	bind_int(&q, l->kind);
	bind_int(&q, (int64_t)now - span(l));
	return query_exec(&q);
}

static enum tdm_err
count(struct tdm_store *st, const struct tdm_limit *l, int64_t key,
    time_t now, int64_t *n)
{
	struct query	 q = query_start(st, STMT_LIMIT_COUNT);

	*n = 0;
	bind_int(&q, l->kind);
	bind_int(&q, key);
	bind_int(&q, (int64_t)now - span(l));
	if (query_row(&q))
		*n = col_int(&q);
	return query_end(&q);
}

/*
 * The seconds until fewer than the limit's hits are left in the window:
 * when the (n - limit + 1)th oldest hit leaves it.
 */
static enum tdm_err
wait_of(struct tdm_store *st, const struct tdm_limit *l, int64_t key,
    time_t now, int64_t n, int *wait)
{
	struct query	 q = query_start(st, STMT_LIMIT_NTH);
	int64_t		 at = now;

	bind_int(&q, l->kind);
	bind_int(&q, key);
	bind_int(&q, (int64_t)now - span(l));
	bind_int(&q, n - (int64_t)l->limit);
	if (query_row(&q))
		at = col_int(&q);
	*wait = at + span(l) - (int64_t)now > 0 ?
	    (int)(at + span(l) - (int64_t)now) : 1;
	return query_end(&q);
}

static enum tdm_err
hit(struct tdm_store *st, const struct tdm_limit *l, int64_t key,
    time_t now)
{
	struct query	 q = query_start(st, STMT_LIMIT_HIT);

	bind_int(&q, l->kind);
	bind_int(&q, key);
	bind_int(&q, (int64_t)now);
	return query_exec(&q);
}

enum tdm_err
tdm_limit_check(struct tdm_store *st, const struct tdm_limit *l,
    uint64_t key, time_t now, int take, int *allowed, int *wait)
{
	enum tdm_err	 err;
	int64_t		 k = key_of(key), n;

	*allowed = 0;
	*wait = 1;
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = purge(st, l, now)) != TDM_OK ||
	    (err = count(st, l, k, now, &n)) != TDM_OK)
		goto fail;
	if (n < (int64_t)l->limit) {
		*allowed = 1;
		if (take && (err = hit(st, l, k, now)) != TDM_OK)
			goto fail;
	} else if ((err = wait_of(st, l, k, now, n, wait)) != TDM_OK)
		goto fail;
	if ((err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	*allowed = 0;
	return err;
}

enum tdm_err
tdm_limit_hit(struct tdm_store *st, const struct tdm_limit *l,
    uint64_t key, time_t now)
{
	return hit(st, l, key_of(key), now);
}

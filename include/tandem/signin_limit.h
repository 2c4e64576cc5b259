/*
 * The sign-in throttles kept in the database (issue 18), so that every
 * server of one database counts the same hits: behind two servers an
 * address gets the allowance once, not once per server.  A throttle is
 * a kind of hit and a limit per sliding window (a hit counts for the
 * window and a twelfth); a key is a hash of what
 * is counted (an address, or an address and an e-mail typed), never the
 * text itself.  The caller passes the time, so that a test can move it.
 */
#ifndef TANDEM_SIGNIN_LIMIT_H
#define TANDEM_SIGNIN_LIMIT_H

#include <stdint.h>
#include <time.h>

#include "tandem/error.h"

struct tdm_store;

/* The throttles: the table's CHECK knows these numbers. */
enum tdm_limit_kind {
	TDM_LIMIT_ATTEMPT = 1,	/* sign-in attempts per address */
	TDM_LIMIT_FAILURE = 2	/* wrong passwords per address and e-mail */
};

struct tdm_limit {
	enum tdm_limit_kind	 kind;
	unsigned		 limit;		/* hits per window */
	int			 seconds;	/* the window's length */
};

/*
 * Whether key has had fewer than the limit's hits in the window before
 * now: *allowed 1 if so, else 0 with *wait the seconds until it has
 * (at least 1).  With take, an allowed check also counts a hit at now,
 * in the same transaction, so that two servers checking at once cannot
 * both take the last one.  Hits past their window are deleted on the
 * way.  An error of the database is returned as such: the caller
 * decides (the server refuses the sign-in with 503).
 */
enum tdm_err	 tdm_limit_check(struct tdm_store *, const struct tdm_limit *,
		    uint64_t key, time_t now, int take, int *allowed,
		    int *wait);

/* Count a hit of key at now, whatever the count. */
enum tdm_err	 tdm_limit_hit(struct tdm_store *, const struct tdm_limit *,
		    uint64_t key, time_t now);

#endif

/*
 * Sliding-window counters per key (a hashed client address, or address
 * and e-mail), for the sign-in throttles of server.c.  Pure: the caller
 * passes the time, so that a test can move it.
 */
#ifndef TANDEM_THROTTLE_H
#define TANDEM_THROTTLE_H

#include <pthread.h>
#include <stdint.h>
#include <time.h>

#define THROTTLE_SLOTS	1024
#define THROTTLE_STEPS	12	/* a window counted in twelfths */

struct throttle_slot {
	uint64_t	 key;
	int64_t		 step;		/* the newest twelfth's number */
	/* Hits per twelfth, a ring: the current one and the twelve before
	 * it, so that a hit counts for a whole window at least. */
	unsigned	 n[THROTTLE_STEPS + 1];
};

struct throttle {
	unsigned		 limit;		/* hits per window */
	int			 seconds;	/* the window's length */
	pthread_mutex_t		 lock;
	struct throttle_slot	 slots[THROTTLE_SLOTS];
};

#define THROTTLE_INIT(limit, seconds) \
	{ (limit), (seconds), PTHREAD_MUTEX_INITIALIZER, { { 0, 0, { 0 } } } }

/* The FNV-1a hash of a string, to be combined with throttle_key_add. */
uint64_t	 throttle_key(const char *);
uint64_t	 throttle_key_add(uint64_t, const char *);

/*
 * Whether key has reached the limit in the last window's length before
 * now (0: not yet).  Hits are counted in twelfths of the window, and a
 * hit counts until a whole window has passed after the end of its
 * twelfth: a window's worth of hits is never more than the
 * limit, whatever the burst across a minute's edge (a fixed window lets
 * twice the limit through), and the allowance returns by twelfths.
 */
int		 throttle_over(struct throttle *, uint64_t key, time_t now);

/* Count a hit of key at now. */
void		 throttle_hit(struct throttle *, uint64_t key, time_t now);

/* throttle_over(), then throttle_hit() if not over: 1 if allowed. */
int		 throttle_take(struct throttle *, uint64_t key, time_t now);

/* Seconds until key falls back under the limit (at least 1). */
int		 throttle_wait(struct throttle *, uint64_t key, time_t now);

#endif

/*
 * Sliding-window counters (throttle.h).  A fixed table: two keys that
 * share a slot take turns in it, the newer one starting afresh, so that
 * an attacker cannot fill the table to hold a victim's address back.
 */
#include <string.h>

#include "throttle.h"

uint64_t
throttle_key_add(uint64_t h, const char *s)
{
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	/* A separator, so that ("ab", "c") and ("a", "bc") differ. */
	return (h ^ 0xffu) * 1099511628211ULL;
}

uint64_t
throttle_key(const char *s)
{
	return throttle_key_add(1469598103934665603ULL, s);
}

/* The number of now's twelfth of a window. */
static int64_t
step_of(const struct throttle *t, time_t now)
{
	int64_t	 len = t->seconds / THROTTLE_STEPS;

	return (int64_t)now / (len > 0 ? len : 1);
}

/* The slot s moved to now's twelfth (s itself, or a copy). */
static void
move(const struct throttle *t, struct throttle_slot *s, uint64_t key,
    time_t now)
{
	int64_t	 step = step_of(t, now), i;

	if (s->key != key) {
		memset(s, 0, sizeof(*s));
		s->key = key;
		s->step = step;
	}
	if (step - s->step > THROTTLE_STEPS)
		memset(s->n, 0, sizeof(s->n));
	else
		for (i = s->step + 1; i <= step; i++)
			s->n[i % (THROTTLE_STEPS + 1)] = 0;
	if (step > s->step)
		s->step = step;
}

/* The slot of key, moved to now's twelfth; the lock is held. */
static struct throttle_slot *
slot_at(struct throttle *t, uint64_t key, time_t now)
{
	struct throttle_slot	*s = &t->slots[key % THROTTLE_SLOTS];

	move(t, s, key, now);
	return s;
}

/* The hits of the current twelfth and the twelve before. */
static unsigned long
estimate(const struct throttle *t, const struct throttle_slot *s,
    time_t now)
{
	unsigned long	 sum = 0;
	size_t		 i;

	(void)t;
	(void)now;
	for (i = 0; i <= THROTTLE_STEPS; i++)
		sum += s->n[i];
	return sum;
}

int
throttle_over(struct throttle *t, uint64_t key, time_t now)
{
	int	 over;

	pthread_mutex_lock(&t->lock);
	over = estimate(t, slot_at(t, key, now), now) >= t->limit;
	pthread_mutex_unlock(&t->lock);
	return over;
}

void
throttle_hit(struct throttle *t, uint64_t key, time_t now)
{
	struct throttle_slot	*s;

	pthread_mutex_lock(&t->lock);
	s = slot_at(t, key, now);
	if (s->n[s->step % (THROTTLE_STEPS + 1)] < 1000000)
		s->n[s->step % (THROTTLE_STEPS + 1)]++;
	pthread_mutex_unlock(&t->lock);
}

int
throttle_take(struct throttle *t, uint64_t key, time_t now)
{
	struct throttle_slot	*s;
	int			 ok;

	pthread_mutex_lock(&t->lock);
	s = slot_at(t, key, now);
	if ((ok = estimate(t, s, now) < t->limit))
		s->n[s->step % (THROTTLE_STEPS + 1)]++;
	pthread_mutex_unlock(&t->lock);
	return ok;
}

int
throttle_wait(struct throttle *t, uint64_t key, time_t now)
{
	struct throttle_slot	 s;
	time_t			 later;

	pthread_mutex_lock(&t->lock);
	s = *slot_at(t, key, now);
	pthread_mutex_unlock(&t->lock);
	/* The first second at which the estimate is under the limit. */
	for (later = now; later < now + 2 * t->seconds; later++) {
		move(t, &s, key, later);
		if (estimate(t, &s, later) < t->limit)
			break;
	}
	return later > now ? (int)(later - now) : 1;
}

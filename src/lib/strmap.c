/*
 * The string map of strmap.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

/*
 * FNV-1a, then a finaliser: FNV's low bits, which pick the slot, depend
 * only on the low bits of the last bytes, and ids like E100000, E100001
 * would pile up in runs.  No adversary to fear beyond a slow import.
 */
static size_t
hash(const char *s)
{
	uint64_t	 h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDULL;
	h ^= h >> 33;
	return (size_t)h;
}

static struct strmap_entry *
slot(const struct strmap *m, const char *key, size_t h)
{
	struct strmap_entry	*e;
	size_t			 i = h & (m->cap - 1);

	for (;;) {
		e = &m->v[i];
		if (e->key == NULL ||
		    (e->hash == h && strcmp(e->key, key) == 0))
			return e;
		i = (i + 1) & (m->cap - 1);
	}
}

static int
resize(struct strmap *m, size_t cap)
{
	struct strmap_entry	*v, *e;
	size_t			 i, j;

	if ((v = calloc(cap, sizeof(*v))) == NULL)
		return -1;
	for (i = 0; i < m->cap; i++) {
		e = &m->v[i];
		if (e->key == NULL)
			continue;
		j = e->hash & (cap - 1);
		while (v[j].key != NULL)
			j = (j + 1) & (cap - 1);
		v[j] = *e;
	}
	free(m->v);
	m->v = v;
	m->cap = cap;
	return 0;
}

int
strmap_reserve(struct strmap *m, size_t n)
{
	size_t	 cap = 64;

	while (cap / 2 < n)
		cap *= 2;
	return cap > m->cap ? resize(m, cap) : 0;
}

int
strmap_put(struct strmap *m, const char *key, size_t val, size_t *old)
{
	struct strmap_entry	*e;
	size_t			 h;

	if ((m->n + 1) * 2 > m->cap &&
	    resize(m, m->cap ? m->cap * 2 : 64) == -1)
		return -1;
	h = hash(key);
	e = slot(m, key, h);
	if (e->key != NULL) {
		if (old != NULL)
			*old = e->val;
		return 0;
	}
	e->key = key;
	e->hash = h;
	e->val = val;
	m->n++;
	return 1;
}

int
strmap_get(const struct strmap *m, const char *key, size_t *val)
{
	struct strmap_entry	*e;

	if (m->cap == 0)
		return 0;
	e = slot(m, key, hash(key));
	if (e->key == NULL)
		return 0;
	*val = e->val;
	return 1;
}

void
strmap_free(struct strmap *m)
{
	free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}

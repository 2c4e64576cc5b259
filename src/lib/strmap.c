/*
 * The string map of strmap.h.  Hashes are kept beside the keys, so that
 * probing compares strings only on a full hash match and growing never
 * hashes a key twice.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

/* FNV-1a: short keys, and no adversary to fear beyond a slow import. */
static size_t
hash(const char *s)
{
	uint64_t	 h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 29));
}

static size_t
slot(const struct strmap *m, const char *key, size_t h)
{
	size_t	 i = h & (m->cap - 1);

	while (m->keys[i] != NULL &&
	    (m->hashes[i] != h || strcmp(m->keys[i], key) != 0))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static int
resize(struct strmap *m, size_t cap)
{
	struct strmap	 nm;
	size_t		 i, j;

	nm.cap = cap;
	nm.n = m->n;
	nm.keys = calloc(cap, sizeof(*nm.keys));
	nm.vals = calloc(cap, sizeof(*nm.vals));
	nm.hashes = calloc(cap, sizeof(*nm.hashes));
	if (nm.keys == NULL || nm.vals == NULL || nm.hashes == NULL) {
		strmap_free(&nm);
		return -1;
	}
	for (i = 0; i < m->cap; i++)
		if (m->keys[i] != NULL) {
			j = m->hashes[i] & (cap - 1);
			while (nm.keys[j] != NULL)
				j = (j + 1) & (cap - 1);
			nm.keys[j] = m->keys[i];
			nm.vals[j] = m->vals[i];
			nm.hashes[j] = m->hashes[i];
		}
	strmap_free(m);
	*m = nm;
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
	size_t	 i, h;

	if ((m->n + 1) * 2 > m->cap &&
	    resize(m, m->cap ? m->cap * 2 : 64) == -1)
		return -1;
	h = hash(key);
	i = slot(m, key, h);
	if (m->keys[i] != NULL) {
		if (old != NULL)
			*old = m->vals[i];
		return 0;
	}
	m->keys[i] = key;
	m->vals[i] = val;
	m->hashes[i] = h;
	m->n++;
	return 1;
}

int
strmap_get(const struct strmap *m, const char *key, size_t *val)
{
	size_t	 i;

	if (m->cap == 0)
		return 0;
	i = slot(m, key, hash(key));
	if (m->keys[i] == NULL)
		return 0;
	*val = m->vals[i];
	return 1;
}

void
strmap_free(struct strmap *m)
{
	free(m->keys);
	free(m->vals);
	free(m->hashes);
	m->keys = NULL;
	m->vals = NULL;
	m->hashes = NULL;
	m->n = m->cap = 0;
}

/*
 * A hash map from borrowed C strings to size_t, for the lookups of an
 * import (matricule to row, e-mail to row).  Open addressing with linear
 * probing over one array of entries, each holding its key's hash, so that
 * a probe touches one cache line and compares strings only when the
 * hashes match.  Keys are not copied and must outlive the map.  No
 * removal.
 */
#ifndef TANDEM_STRMAP_H
#define TANDEM_STRMAP_H

#include <stddef.h>

struct strmap_entry {
	const char	*key;	/* NULL: a free slot */
	size_t		 hash;
	size_t		 val;
};

struct strmap {
	struct strmap_entry	*v;
	size_t			 n;
	size_t			 cap;	/* a power of two, or 0 */
};

#define STRMAP_INIT { NULL, 0, 0 }

/* Make room for n keys at once; returns 0 or -1. */
int	 strmap_reserve(struct strmap *, size_t n);
/*
 * Insert key unless present.  Returns 1 if inserted, 0 if the key was
 * there (its value goes to *old if not NULL), -1 when memory ran out.
 */
int	 strmap_put(struct strmap *, const char *key, size_t val, size_t *old);
/* Returns 1 and sets *val if the key is present, else 0. */
int	 strmap_get(const struct strmap *, const char *key, size_t *val);
void	 strmap_free(struct strmap *);

#endif

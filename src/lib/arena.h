/*
 * An arena of strings: copies that live until the arena is freed, all
 * at once.  For the many small strings of an import or a match, which
 * share one lifetime.  Not for anything freed one by one.
 */
#ifndef TANDEM_ARENA_H
#define TANDEM_ARENA_H

#include <stddef.h>

struct arena {
	struct block	*head;
};

#define ARENA_INIT { NULL }

/* A NUL-terminated copy of len bytes of s, or NULL when memory ran out. */
char	*arena_dup(struct arena *, const char *s, size_t len);
/* A copy of the C string s, or NULL when memory ran out. */
char	*arena_strdup(struct arena *, const char *s);
/* Room for size bytes, aligned for any type, or NULL. */
void	*arena_alloc(struct arena *, size_t size);
void	 arena_free(struct arena *);

#endif

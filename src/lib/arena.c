/*
 * The string arena of arena.h: blocks of 256 KiB, or one block per
 * allocation larger than that.
 */
#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define BLOCK_SIZE (256 * 1024)

struct block {
	struct block	*next;
	size_t		 used;
	size_t		 size;
	alignas(max_align_t) char data[];
};

void *
arena_alloc(struct arena *a, size_t len)
{
	struct block	*b = a->head;
	size_t		 size, align = alignof(max_align_t);
	char		*p;

	len = (len + align - 1) / align * align;
	if (b == NULL || b->size - b->used < len) {
		size = len > BLOCK_SIZE ? len : BLOCK_SIZE;
		if ((b = malloc(sizeof(*b) + size)) == NULL)
			return NULL;
		b->next = a->head;
		b->used = 0;
		b->size = size;
		a->head = b;
	}
	p = b->data + b->used;
	b->used += len;
	return p;
}

char *
arena_dup(struct arena *a, const char *s, size_t len)
{
	char	*p;

	if ((p = arena_alloc(a, len + 1)) == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_dup(a, s, strlen(s));
}

void
arena_free(struct arena *a)
{
	struct block	*b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}

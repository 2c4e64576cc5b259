/*
 * The growable string of strbuf.h.  It only manages memory; it knows
 * nothing of encodings or formats.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/strbuf.h"

char tdm_buf_empty[1];

void
tdm_buf_init(struct tdm_buf *b)
{
	b->buf = tdm_buf_empty;
	b->len = b->alloc = 0;
	b->failed = 0;
}

void
tdm_buf_release(struct tdm_buf *b)
{
	if (b->alloc)
		free(b->buf);
	tdm_buf_init(b);
}

void
tdm_buf_reset(struct tdm_buf *b)
{
	b->len = 0;
	b->buf[0] = '\0';
	b->failed = 0;
}

int
tdm_buf_grow(struct tdm_buf *b, size_t extra)
{
	size_t	 want, nalloc;
	char	*p;

	if (b->failed)
		return -1;
	if (extra > SIZE_MAX - b->len - 1)
		goto fail;
	want = b->len + extra + 1;
	if (want <= b->alloc)
		return 0;
	nalloc = b->alloc < 64 ? 64 : b->alloc;
	while (nalloc < want)
		nalloc = nalloc > SIZE_MAX / 2 ? want : nalloc * 2;
	p = realloc(b->alloc ? b->buf : NULL, nalloc);
	if (p == NULL)
		goto fail;
	if (b->alloc == 0)
		p[0] = '\0';
	b->buf = p;
	b->alloc = nalloc;
	return 0;
fail:
	b->failed = 1;
	return -1;
}

void
tdm_buf_add(struct tdm_buf *b, const void *data, size_t len)
{
	if (len == 0 || tdm_buf_grow(b, len) == -1)
		return;
	memcpy(b->buf + b->len, data, len);
	b->len += len;
	b->buf[b->len] = '\0';
}

void
tdm_buf_adds(struct tdm_buf *b, const char *s)
{
	tdm_buf_add(b, s, strlen(s));
}

void
tdm_buf_addch(struct tdm_buf *b, int c)
{
	if (tdm_buf_grow(b, 1) == -1)
		return;
	b->buf[b->len++] = (char)c;
	b->buf[b->len] = '\0';
}

void
tdm_buf_vaddf(struct tdm_buf *b, const char *fmt, va_list ap)
{
	va_list	 cp;
	int	 n;

	if (b->failed)
		return;
	va_copy(cp, ap);
	/* The analyser does not see va_copy initialise cp. */
	n = vsnprintf(b->buf + b->len, /* NOLINT(clang-analyzer-valist.Uninitialized) */
	    b->alloc ? b->alloc - b->len : 0, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->failed = 1;
		return;
	}
	if (b->alloc && (size_t)n < b->alloc - b->len) {
		b->len += (size_t)n;
		return;
	}
	if (tdm_buf_grow(b, (size_t)n) == -1)
		return;
	vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, ap);
	b->len += (size_t)n;
}

void
tdm_buf_addf(struct tdm_buf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	tdm_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void
tdm_buf_truncate(struct tdm_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->buf[len] = '\0';
	}
}

char *
tdm_buf_detach(struct tdm_buf *b, size_t *lenp)
{
	char	*s;

	if (b->failed) {
		tdm_buf_release(b);
		return NULL;
	}
	if (b->alloc == 0 && tdm_buf_grow(b, 0) == -1) {
		tdm_buf_release(b);
		return NULL;
	}
	s = b->buf;
	if (lenp != NULL)
		*lenp = b->len;
	tdm_buf_init(b);
	return s;
}

/*
 * A growable byte string in the spirit of git's strbuf.
 *
 * Invariants: buf is never NULL and buf[len] is always NUL, so a tdm_buf
 * can be passed where a C string is expected.  A fresh or reset buffer
 * points at a static empty string and owns nothing.  The first allocation
 * failure is sticky (SQLite's mallocFailed): later appends do nothing and
 * the builder checks `failed` once at the end.  tdm_buf_detach() is the
 * only way to take the memory.
 */
#ifndef TANDEM_STRBUF_H
#define TANDEM_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct tdm_buf {
	char	*buf;
	size_t	 len;
	size_t	 alloc;	/* 0 while buf is the static empty string */
	int	 failed;	/* an allocation failed: content is truncated */
};

#define TDM_BUF_INIT { tdm_buf_empty, 0, 0, 0 }
extern char	 tdm_buf_empty[];

void	 tdm_buf_init(struct tdm_buf *);
/* Free the memory and return to the empty state. */
void	 tdm_buf_release(struct tdm_buf *);
/* Keep the memory but empty the string; clears `failed`. */
void	 tdm_buf_reset(struct tdm_buf *);
/* Make room for `extra` more bytes; returns 0, or -1 (and sets failed). */
int	 tdm_buf_grow(struct tdm_buf *, size_t extra);
void	 tdm_buf_add(struct tdm_buf *, const void *, size_t);
void	 tdm_buf_adds(struct tdm_buf *, const char *);
void	 tdm_buf_addch(struct tdm_buf *, int);
void	 tdm_buf_addf(struct tdm_buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 tdm_buf_vaddf(struct tdm_buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
void	 tdm_buf_truncate(struct tdm_buf *, size_t len);
/*
 * Take the string: the caller owns it and must free() it.  The buffer is
 * left empty.  Returns NULL if the buffer had failed or memory ran out.
 */
char	*tdm_buf_detach(struct tdm_buf *, size_t *lenp);

#endif

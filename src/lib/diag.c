/*
 * The diagnostics list of diag.h.  It stores problems; formatting them for
 * a terminal or for JSON is the front-ends' business.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/diag.h"
#include "tandem/strbuf.h"

#define DIAG_LIMIT_DEFAULT 100

void
tdm_diag_add(struct tdm_diags *d, const char *source, size_t line,
    size_t column, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	tdm_diag_vadd(d, source, line, column, fmt, ap);
	va_end(ap);
}

void
tdm_diag_vadd(struct tdm_diags *d, const char *source, size_t line,
    size_t column, const char *fmt, va_list ap)
{
	struct tdm_buf	 msg = TDM_BUF_INIT;
	struct tdm_diag	*v, *e;
	size_t		 limit, nalloc;

	limit = d->limit ? d->limit : DIAG_LIMIT_DEFAULT;
	if (d->n >= limit) {
		d->dropped++;
		return;
	}
	if (d->n == d->alloc) {
		nalloc = d->alloc ? d->alloc * 2 : 16;
		v = reallocarray(d->v, nalloc, sizeof(*v));
		if (v == NULL)
			goto fail;
		d->v = v;
		d->alloc = nalloc;
	}
	tdm_buf_vaddf(&msg, fmt, ap);
	e = &d->v[d->n];
	e->source = NULL;
	if (source != NULL && (e->source = strdup(source)) == NULL)
		goto fail;
	if ((e->message = tdm_buf_detach(&msg, NULL)) == NULL) {
		free(e->source);
		goto fail;
	}
	e->line = line;
	e->column = column;
	e->seq = d->n;
	d->n++;
	return;
fail:
	tdm_buf_release(&msg);
	d->failed = 1;
	d->dropped++;
}

size_t
tdm_diag_count(const struct tdm_diags *d)
{
	return d->n + d->dropped;
}

void
tdm_diags_free(struct tdm_diags *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].source);
		free(d->v[i].message);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->alloc = d->dropped = 0;
	d->failed = 0;
}

static int
by_position(const void *a, const void *b)
{
	const struct tdm_diag	*x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	/* qsort is not stable: the order of addition breaks ties. */
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
tdm_diags_sort(struct tdm_diags *d)
{
	if (d->n > 1)
		qsort(d->v, d->n, sizeof(*d->v), by_position);
}

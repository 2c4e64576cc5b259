/*
 * Pages of lists cut by the store (issue 15): the
 * cursor and the name filter, shared by tdm_pair_page(),
 * tdm_enrolment_page(), tdm_session_page() and the audit log's page.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/tandem.h"
#include "internal.h"

int
list_cursor(struct tdm_page *pg, int64_t *after, struct tdm_diags *d)
{
	const char	*s = pg->after;
	char		*end;
	long long	 n;

	*after = 0;
	pg->next[0] = '\0';
	if (s == NULL || *s == '\0')
		return 0;
	n = strtoll(s, &end, 10);
	if (*s < '1' || *s > '9' || *end != '\0' || n < 1) {
		tdm_diag_add(d, "cursor", 0, 0, "is not one this list gave; "
		    "start again without it");
		return -1;
	}
	*after = (int64_t)n;
	return 0;
}

void
list_like(const char *in, char *out, size_t cap)
{
	size_t	 n = 0;

	if (cap < 3) {
		if (cap > 0)
			out[0] = '\0';
		return;
	}
	out[n++] = '%';
	for (; in != NULL && *in != '\0' && n + 4 < cap; in++) {
		if (*in == '%' || *in == '_' || *in == '!')
			out[n++] = '!';
		/* lower() folds ASCII only: so does this. */
		out[n++] = *in >= 'A' && *in <= 'Z' ? *in - 'A' + 'a' : *in;
	}
	out[n++] = '%';
	out[n] = '\0';
}

int
list_row(struct tdm_page *pg, size_t *n, int64_t id)
{
	if (*n >= (size_t)pg->limit) {
		/* The row after the page: there is a next one. */
		return 0;
	}
	(*n)++;
	snprintf(pg->next, sizeof(pg->next), "%" PRId64, id);
	return 1;
}

void
list_end(struct tdm_page *pg, int more)
{
	if (!more)
		pg->next[0] = '\0';
}

/*
 * Paged lists of the API (issue 15): one way to read limit and cursor
 * and to answer a page, for every list endpoint.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "paging.h"

int
paging_parse(struct req *r, struct paging *g, int keyset,
    struct tdm_diags *d)
{
	const char	*limit = query(r, "limit"), *cursor = query(r, "cursor");
	char		*end;
	long		 n;

	memset(g, 0, sizeof(*g));
	g->items = json_array();
	/*
	 * Every list is paged (issue 15): without limit,
	 * the first PAGE_LIMIT_DEF rows and the cursor of the next page,
	 * never the whole list at once.
	 */
	g->paged = 1;
	g->limit = PAGE_LIMIT_DEF;
	if (limit != NULL) {
		n = strtol(limit, &end, 10);
		if (*limit == '\0' || *end != '\0' || n < 1 ||
		    n > PAGE_LIMIT_MAX) {
			tdm_diag_add(d, "limit", 0, 0, "must be a whole number "
			    "from 1 to %d", PAGE_LIMIT_MAX);
			return -1;
		}
		g->limit = (size_t)n;
	}
	if (cursor == NULL || *cursor == '\0')
		return 0;
	if (keyset) {
		g->after = cursor;
		return 0;
	}
	n = strtol(cursor, &end, 10);
	if (*end != '\0' || n < 0) {
		tdm_diag_add(d, "cursor", 0, 0, "is not one this list gave; "
		    "start again without it");
		return -1;
	}
	g->offset = (size_t)n;
	return 0;
}

int
paging_take(struct paging *g)
{
	size_t	 at = g->seen++;

	if (at < g->offset)
		return 0;
	if (at - g->offset >= g->limit) {
		g->more = 1;
		return 0;
	}
	return 1;
}

void
paging_finish(struct req *r, struct paging *g, enum tdm_err err,
    struct tdm_diags *d, const char *last_key)
{
	json_t	*v, *next;
	char	 buf[32];

	if (!g->paged || err != TDM_OK) {
		finish(r, err, d, 200, g->items);
		return;
	}
	if (!g->more)
		next = json_null();
	else if (last_key != NULL)
		next = json_string(last_key);
	else {
		snprintf(buf, sizeof(buf), "%zu", g->offset + g->limit);
		next = json_string(buf);
	}
	v = json_pack("{s:o,s:o}", "items", g->items, "next", next);
	finish(r, v != NULL ? TDM_OK : TDM_ENOMEM, d, 200, v);
}

int
filter_is(const char *want, const char *s)
{
	return want == NULL || *want == '\0' || strcmp(want, s) == 0;
}

int
filter_holds(const char *part, const char *name)
{
	size_t	 n, i;

	if (part == NULL || *part == '\0')
		return 1;
	n = strlen(part);
	for (i = 0; name[i] != '\0'; i++)
		if (strncasecmp(name + i, part, n) == 0)
			return 1;
	return 0;
}

/* A day of the query string as Paris midnight; 0 if absent, -1 if bad. */
int
paging_day(struct req *r, const char *key, time_t *t, struct tdm_diags *d)
{
	const char	*v = query(r, key);
	char		 buf[32];

	*t = 0;
	if (v == NULL || *v == '\0')
		return 0;
	snprintf(buf, sizeof(buf), "%.10s 00:00", v);
	if (strlen(v) != 10 || tdm_paris_parse(buf, t) != 0) {
		tdm_diag_add(d, key, 0, 0, "is not a day (yyyy-mm-dd)");
		return -1;
	}
	return 0;
}

/* The Paris midnight after the day of t (a Paris midnight). */
time_t
paging_day_after(time_t t)
{
	char	 fr[17], iso[32];
	time_t	 next = 0;

	if (t == 0)
		return 0;
	tdm_paris_format(t + 36 * 3600, fr);
	snprintf(iso, sizeof(iso), "%.4s-%.2s-%.2s 00:00", fr + 6, fr + 3,
	    fr);
	return tdm_paris_parse(iso, &next) == 0 ? next : t + 24 * 3600;
}

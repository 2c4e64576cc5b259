/*
 * Paged lists of the API (issue 15): ?limit=N (1 to 1000) and
 * ?cursor=C, the opaque value of the previous page's "next".  The
 * answer is {"items": [...], "next": C or null}; without limit, the
 * first PAGE_LIMIT_DEF rows (no list answers all of its
 * rows at once).
 */
#ifndef TANDEM_WEB_PAGING_H
#define TANDEM_WEB_PAGING_H

#include <stddef.h>
#include <time.h>

#include "web.h"

#define PAGE_LIMIT_MAX	1000
#define PAGE_LIMIT_DEF	100

struct paging {
	int		 paged;		/* always 1: every list is paged */
	size_t		 limit;
	size_t		 offset;	/* rows before the page */
	const char	*after;		/* a keyset cursor, for the roster */
	size_t		 seen;		/* rows the filters kept so far */
	int		 more;		/* a row beyond the page exists */
	json_t		*items;
};

/*
 * Read limit and cursor (keyset: the cursor is a key, not an offset);
 * 0, or -1 after adding a diagnostic for a wrong value.
 */
int		 paging_parse(struct req *, struct paging *, int keyset,
		    struct tdm_diags *);

/*
 * Whether the next row the filters kept belongs to the page; sets
 * more (and the listing should stop: return 1) once past it.
 */
int		 paging_take(struct paging *);

/* Whether a listing's callback should stop (the page is full). */
#define PAGING_STOP(g)	((g)->more)

/*
 * The answer: the items alone, or the paged object with next (the
 * offset, or the last key when keyset is given).
 */
void		 paging_finish(struct req *, struct paging *, enum tdm_err,
		    struct tdm_diags *, const char *last_key);

/* Whether a filter value (NULL or "": no filter) keeps s. */
int		 filter_is(const char *want, const char *s);

/* Whether name (any case, ASCII) holds part; NULL or "" keeps all. */
int		 filter_holds(const char *part, const char *name);

/*
 * The day (yyyy-mm-dd) of the query string's key as its Paris midnight
 * in t, 0 if absent: 0, or -1 after adding a diagnostic for a bad day.
 */
int		 paging_day(struct req *, const char *key, time_t *,
		    struct tdm_diags *);

/*
 * The Paris midnight after the day of t (a Paris midnight; 0 stays 0):
 * "to" names the last day kept, as a person reads "du 01/12 au 31/12".
 */
time_t		 paging_day_after(time_t);

#endif

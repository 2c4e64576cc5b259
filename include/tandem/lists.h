/*
 * Pages of the programme's lists (issue 15): enrolments, pairs and
 * sessions, filtered and cut by the store's statement (a keyset cursor
 * and a LIMIT), so that a page costs the same on the first page as on
 * the last, whatever the programme's size.  The rows, their order and
 * the view rules are those of tdm_enrolment_each(), tdm_pair_each() and
 * tdm_session_each().
 */
#ifndef TANDEM_LISTS_H
#define TANDEM_LISTS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "tandem/diag.h"
#include "tandem/error.h"

struct tdm_store;
struct tdm_actor;
struct tdm_enrolment;
struct tdm_pair;
struct tdm_session;

#define TDM_PAGE_CURSOR	24

struct tdm_page {
	const char	*after;		/* the cursor a page gave; NULL: first */
	int		 limit;		/* rows at most, 1 or more */
	char		 next[TDM_PAGE_CURSOR];	/* out: "" on the last page */
	/*
	 * Helper "pages": numbered pages (pairs and sessions).  skip rows
	 * are passed over before the page; with count set, total is the
	 * number of rows the filters keep, counted by the store.
	 */
	size_t		 skip;
	int		 count;
	size_t		 total;		/* out, with count */
};

/*
 * The filters: NULL or "" keeps every row.  q is a part (any case,
 * ASCII) of a name: either member's for a pair, the name or matricule of
 * an enrolled person.  A pair's state is the one tdm_pair_each() gives
 * ("ended" for a tandem both had accepted).  A session's from and to
 * (0: none) keep its start in [from, to).  A cursor that is not one a
 * page gave is refused (TDM_EINVAL, on the field "cursor").
 */
enum tdm_err	 tdm_pair_page(struct tdm_store *, const struct tdm_actor *,
		    const char *programme, struct tdm_page *,
		    const char *state, const char *q,
		    int (*fn)(void *, const struct tdm_pair *), void *arg,
		    struct tdm_diags *);
enum tdm_err	 tdm_enrolment_page(struct tdm_store *,
		    const struct tdm_actor *, const char *programme,
		    unsigned flags, struct tdm_page *, const char *role,
		    const char *site, const char *generation, const char *q,
		    int (*fn)(void *, const struct tdm_enrolment *), void *arg,
		    struct tdm_diags *);
enum tdm_err	 tdm_session_page(struct tdm_store *,
		    const struct tdm_actor *, const char *programme,
		    const char *member, struct tdm_page *, const char *state,
		    time_t from, time_t to,
		    int (*fn)(void *, const struct tdm_session *), void *arg,
		    struct tdm_diags *);

#endif

/*
 * The report's measures of both sides (issue 16, point 2), built apart
 * from report.c under the same disclosure list: the mentees' levels 90
 * days after the close, their checklist of changed practice, the
 * mentors' confidence and the topics they taught.  Private to libtandem.
 *
 * report.c calls outcomes_gather() before dcl_protect() (the cells and
 * relations join the list), then outcomes_tables() after it (the tables
 * show what the list decided), outcomes_where() for the JSON report's
 * terms, and outcomes_free().
 */
#ifndef TANDEM_REPORT_OUTCOMES_H
#define TANDEM_REPORT_OUTCOMES_H

#include <stddef.h>
#include <stdint.h>

#include "tandem/report.h"
#include "disclosure.h"

#define OUTCOMES_MAXTAB	4

struct tdm_store;
struct outcomes;

/* Gather; *o is NULL (no table) while nobody gave any of these answers. */
enum tdm_err	 outcomes_gather(struct tdm_store *, int64_t programme,
		    int en, struct disclosure *, struct outcomes **o);
/* The tables into t (OUTCOMES_MAXTAB at most), their number returned. */
size_t		 outcomes_tables(struct outcomes *, const struct disclosure *,
		    struct tdm_report_table *t);
/* Where a cell of the list is: 1 with its table (first + the table's
 * index among these) and index, or 0. */
int		 outcomes_where(const struct outcomes *, size_t cell,
		    size_t first, size_t *table, size_t *index);
void		 outcomes_free(struct outcomes *);

#endif

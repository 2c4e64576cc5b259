/*
 * The plans of the statements that must not grow with the database
 * (issue 15, "at any size"): SQLite, without statistics, plans them the
 * same on an empty database as on one of 100,000 employees, so their
 * EXPLAIN QUERY PLAN is checked here on a new one.  Each names what its
 * plan must use or must not do; each line of the table was a quadratic
 * cost found at 100,000 employees (bench/README.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "tandem/tandem.h"
#include "db.h"
#include "t.h"

static char		 dir[] = "/tmp/test_plans.XXXXXX";
static char		 path[64];

static const struct {
	enum stmt	 s;
	const char	*want;		/* in the plan */
	const char	*never;		/* not in it (NULL: none) */
} plans[] = {
	/* The session hook reads the window's sessions, not them all. */
	{ STMT_MAIL_SESSIONS_CHANGED, "USING INDEX session_updated",
	    "SCAN s" },
	/* The directory's facets: seeks, no walk of the roster. */
	{ STMT_EMPLOYEE_FACETS, "COVERING INDEX employee_facets",
	    "SCAN employee" },
	/* An answer finds its pair from the mentee's enrolment. */
	{ STMT_PAIR_FIND, "USING INDEX pair_mentee", "pair_programme" },
	{ STMT_MAIL_DEADLINE_SET, "USING INDEX pair_answer_by", NULL },
	/*
	 * The risks read the pairs' tallies, never a session, and only
	 * the pairs at risk: by their tally, their state, or from the few
	 * members who withdrew (not every pair, which SQLite chose).
	 */
	{ STMT_WATCH_PAGE, "USING INDEX pair_tally_risk", "session" },
	{ STMT_WATCH_COUNT, "USING INDEX pair_tally_risk", "session" },
	{ STMT_WATCH_COUNT, "SEARCH n USING INDEX enrolment_withdrawn",
	    "SCAN p" },
	{ STMT_WATCH_COUNT, "SEARCH p USING INDEX pair_mentee", NULL },
	{ STMT_COACH_PAGE_RISKY, "USING INDEX pair_tally_risk", "session" },
	{ STMT_COACH_RISKY_COUNT, "USING INDEX pair_tally_risk", "session" },
	{ STMT_COACH_PAGE, "USING INTEGER PRIMARY KEY", "session" },
	/* The figures: each a range of an index, no pair's members read. */
	{ STMT_HOME_FIGURES, "COVERING INDEX session_state", "SCAN s" },
	{ STMT_HOME_FIGURES, "COVERING INDEX pair_members",
	    "SEARCH b USING" },
	/* A page of pairs in its order, stopping at its end. */
	{ STMT_PAIR_PAGE, "USING INDEX pair_order", "TEMP B-TREE" },
	{ STMT_ENROLMENT_PAGE, "SEARCH n USING INDEX enrolment_order", NULL },
	/* An act's tallies: the pairs of its mentor, not the programme's. */
	{ STMT_TALLY_FILL, "pair_members (programme_id=? AND state=? AND "
	    "mentor_id=?)", "SCAN p" },
	{ STMT_TALLY_FILL, "COVERING INDEX session_risk", NULL },
	{ STMT_TALLY_CLEAR, "INDEX pair_mentor (mentor_id=?)", "SCAN" },
	/* Whether a home's reader waits: from their own enrolment. */
	{ STMT_TANDEM_WAITING_ONE, "enrolment_current", "SCAN n" },
	/* A page of sessions in their order, stopping at its end. */
	{ STMT_SESSION_PAGE, "USING INDEX session_start", "TEMP B-TREE" },
	{ STMT_SESSION_COUNT_ALL, "COVERING INDEX session_state", NULL },
	/* An answer's messages: the one pair. */
	{ STMT_MAIL_PAIR, "INTEGER PRIMARY KEY", "SCAN pr" },
};

static void
test_plans(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st = NULL;
	sqlite3			*db;
	sqlite3_stmt		*q;
	char			 sql[16384], plan[4096];
	size_t			 i, n;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/t.db", dir);
	CHECK_INT(tdm_store_open(path, TDM_OPEN_INIT, &st, &d), TDM_OK);
	tdm_diags_free(&d);
	if (st == NULL)
		return;
	CHECK_INT(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	for (i = 0; i < sizeof(plans) / sizeof(plans[0]); i++) {
		snprintf(sql, sizeof(sql), "EXPLAIN QUERY PLAN %s",
		    store_stmt_sql(plans[i].s));
		plan[0] = '\0';
		n = 0;
		if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
			printf("# %zu: %s\n", i, sqlite3_errmsg(db));
			CHECK(0);
			continue;
		}
		while (sqlite3_step(q) == SQLITE_ROW && n < sizeof(plan))
			n += (size_t)snprintf(plan + n, sizeof(plan) - n,
			    "%s; ", (const char *)sqlite3_column_text(q, 3));
		sqlite3_finalize(q);
		if (strstr(plan, plans[i].want) == NULL ||
		    (plans[i].never != NULL &&
		    strstr(plan, plans[i].never) != NULL)) {
			printf("# statement %d: %s\n", (int)plans[i].s, plan);
			CHECK(0);
		}
	}
	sqlite3_close(db);
	tdm_store_close(st);
}

/*
 * SQLite tests a row's terms in their order: the roster's page tests the
 * department and the site before the pattern over the name put together,
 * the costly test (65 ms against 24 for a name and a site at 100,000).
 */
static void
test_order(void)
{
	const char	*sql = store_stmt_sql(STMT_EMPLOYEE_PAGE);
	const char	*like = strstr(sql, " LIKE ");

	CHECK(like != NULL);
	CHECK(strstr(sql, "e.site = ") != NULL &&
	    strstr(sql, "e.site = ") < like);
	CHECK(strstr(sql, "e.department = ") != NULL &&
	    strstr(sql, "e.department = ") < like);
}

int
main(void)
{
	char	 cmd[128];
	int	 rc;

	RUN(test_plans);
	RUN(test_order);
	rc = DONE();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	(void)system(cmd);
	return rc;
}

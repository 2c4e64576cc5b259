/*
 * The directory's facets (issue 15): tdm_employee_facets() walks the
 * distinct departments and sites of the active roster by seeks on an
 * index (migration 021) instead of grouping every row.  It must give
 * what the grouping gave, edge cases included: a person without a
 * department or a site, a department whose sites also appear under
 * another, a value only a leaver has, the smallest and largest values.
 * The roster is written aside with sqlite3, and the answer compared with
 * the old GROUP BY statement run on the same file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "tandem/tandem.h"
#include "t.h"

static char		 dir[] = "/tmp/test_facets.XXXXXX";
static char		 path[64];

struct facets {
	char	 v[64][80];
	size_t	 n;
};

static int
keep(void *arg, const char *kind, const char *value)
{
	struct facets	*f = arg;

	if (f->n < 64)
		snprintf(f->v[f->n++], sizeof(f->v[0]), "%s|%s", kind, value);
	return 0;
}

static void
test_facets(void)
{
	static const char *const people[][3] = {
		/* department, site, active */
		{ "Direction Générale", "Paris", "1" },
		{ "Direction Générale", "Lille", "1" },
		{ "Direction Générale", "Paris", "1" },
		{ "", "Nantes", "1" },
		{ "Achats", "", "1" },
		{ "Achats", "Lille", "1" },
		{ "Zèbre", "Aix", "1" },
		{ "Juridique", "Zurich", "0" },	/* a leaver's only */
		{ "Juridique", "Brest", "0" },
		{ "Marketing", "Brest", "1" },
		{ "Marketing", "Aix", "1" },
		{ "", "", "1" },
	};
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st = NULL;
	struct tdm_actor	 sys;
	struct facets		 got, want;
	sqlite3			*db;
	sqlite3_stmt		*s;
	char			 sql[512];
	size_t			 i;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/t.db", dir);
	CHECK_INT(tdm_store_open(path, TDM_OPEN_INIT, &st, &d), TDM_OK);
	if (st == NULL)
		return;
	CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
	for (i = 0; i < sizeof(people) / sizeof(people[0]); i++) {
		snprintf(sql, sizeof(sql), "INSERT INTO employee (matricule, "
		    "last_name, first_name, email, birth_year, department, "
		    "site, active) VALUES ('E%zu', 'N', 'P', 'e%zu@x.fr', "
		    "1980, '%s', '%s', %s)", i, i, people[i][0],
		    people[i][1], people[i][2]);
		CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	}
	memset(&want, 0, sizeof(want));
	CHECK_INT(sqlite3_prepare_v2(db, "SELECT 'department', department "
	    "FROM employee WHERE active = 1 AND department <> '' "
	    "GROUP BY department UNION ALL SELECT 'site', site FROM employee "
	    "WHERE active = 1 AND site <> '' GROUP BY site ORDER BY 1, 2",
	    -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW)
		keep(&want, (const char *)sqlite3_column_text(s, 0),
		    (const char *)sqlite3_column_text(s, 1));
	sqlite3_finalize(s);
	sqlite3_close(db);
	tdm_actor_system(&sys);
	memset(&got, 0, sizeof(got));
	CHECK_INT(tdm_employee_facets(st, &sys, keep, &got, &d), TDM_OK);
	/* 4 departments and 5 sites: not the leavers' Juridique, Zurich. */
	CHECK_INT(want.n, 9);
	CHECK_INT(got.n, want.n);
	for (i = 0; i < want.n && i < got.n; i++)
		CHECK_STR(got.v[i], want.v[i]);
	tdm_diags_free(&d);
	tdm_store_close(st);
}

int
main(void)
{
	char	 cmd[128];
	int	 rc;

	RUN(test_facets);
	rc = DONE();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	(void)system(cmd);
	return rc;
}

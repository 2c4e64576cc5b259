/*
 * Reading a test's database file aside, through SQLite itself rather
 * than the store under test (test_nomem, test_outbox, test_tally).
 */
#ifndef TANDEM_TEST_ASIDE_H
#define TANDEM_TEST_ASIDE_H

#include <stdio.h>

#include <sqlite3.h>

/* One integer that a query of the file at path answers; -1 if none. */
static long long
aside_int(const char *path, const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*s;
	long long	 n = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	else
		printf("# %s\n", sqlite3_errmsg(db));
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n;
}

#endif

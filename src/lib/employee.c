/*
 * Reading the roster back: employees and generations, as the store has
 * them.  Writing the roster is roster.c's job, not this file's.
 */
#include <string.h>

#include "tandem/roster.h"
#include "internal.h"

static const char *
text(sqlite3_stmt *stmt, int i)
{
	const char	*s = (const char *)sqlite3_column_text(stmt, i);

	return s != NULL ? s : "";
}

static void
employee_from(sqlite3_stmt *stmt, struct tdm_employee *e)
{
	e->id = sqlite3_column_int64(stmt, 0);
	e->matricule = text(stmt, 1);
	e->last_name = text(stmt, 2);
	e->first_name = text(stmt, 3);
	e->email = text(stmt, 4);
	e->birth_year = sqlite3_column_int(stmt, 5);
	e->generation = text(stmt, 6);
	e->department = text(stmt, 7);
	e->team = text(stmt, 8);
	e->site = text(stmt, 9);
	e->job_title = text(stmt, 10);
	e->grade = text(stmt, 11);
	e->manager = text(stmt, 12);
	e->hire_date = text(stmt, 13);
	e->language = text(stmt, 14);
	e->active = sqlite3_column_int(stmt, 15);
}

/* Step through a prepared query, handing each employee to fn. */
static enum tdm_err
each(sqlite3_stmt *stmt, int (*fn)(void *, const struct tdm_employee *),
    void *arg, size_t *count)
{
	struct tdm_employee	 e;
	int			 rc;

	*count = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		employee_from(stmt, &e);
		(*count)++;
		if (fn(arg, &e) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? TDM_OK :
	    store_err(rc) == TDM_OK ? TDM_EDB : store_err(rc);
}

enum tdm_err
tdm_employee_each(struct tdm_store *st, unsigned flags,
    int (*fn)(void *, const struct tdm_employee *), void *arg)
{
	sqlite3_stmt	*stmt;
	size_t		 n;

	stmt = store_stmt(st, STMT_EMPLOYEE_LIST);
	sqlite3_bind_int(stmt, 1, (flags & TDM_LIST_INACTIVE) != 0);
	return each(stmt, fn, arg, &n);
}

enum tdm_err
tdm_employee_show(struct tdm_store *st, const char *matricule,
    int (*fn)(void *, const struct tdm_employee *), void *arg)
{
	sqlite3_stmt	*stmt;
	enum tdm_err	 err;
	size_t		 n;

	stmt = store_stmt(st, STMT_EMPLOYEE_GET);
	store_bind_text(stmt, 1, matricule, -1);
	if ((err = each(stmt, fn, arg, &n)) != TDM_OK)
		return err;
	return n ? TDM_OK : TDM_ENOENT;
}

enum tdm_err
tdm_generation_each(struct tdm_store *st,
    int (*fn)(void *, const struct tdm_generation *), void *arg)
{
	struct tdm_generation	 g;
	sqlite3_stmt		*stmt;
	int			 rc;

	stmt = store_stmt(st, STMT_GENERATION_LIST);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		g.code = text(stmt, 0);
		g.rank = sqlite3_column_int(stmt, 1);
		g.label_fr = text(stmt, 2);
		g.label_en = text(stmt, 3);
		g.first_year = sqlite3_column_int(stmt, 4);
		g.last_year = sqlite3_column_int(stmt, 5);
		if (fn(arg, &g) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? TDM_OK :
	    store_err(rc) == TDM_OK ? TDM_EDB : store_err(rc);
}

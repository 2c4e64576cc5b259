/*
 * Opening, migrating and closing the SQLite store, and the one table of
 * every SQL statement the library runs.
 *
 * SQLite-specific pieces (PRAGMAs, user_version, upserts) stay in this
 * file so that a PostgreSQL store can later replace it; the other modules
 * only name statements from enum stmt.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tandem/store.h"
#include "internal.h"

extern const char *const tdm_migrations[];
extern const size_t tdm_nmigrations;

#define EMPLOYEE_COLUMNS \
	"e.id, e.matricule, e.last_name, e.first_name, e.email, " \
	"e.birth_year, g.code, e.department, e.team, e.site, e.job_title, " \
	"e.grade, m.matricule, e.hire_date, e.language, e.active "
#define EMPLOYEE_JOINS \
	"FROM employee e " \
	"LEFT JOIN generation g ON e.birth_year BETWEEN " \
	"COALESCE(g.first_year, 0) AND COALESCE(g.last_year, 9999) " \
	"LEFT JOIN employee m ON m.id = e.manager_id "

static const char *const stmts[STMT__MAX] = {
	[STMT_BEGIN] = "BEGIN IMMEDIATE",
	[STMT_COMMIT] = "COMMIT",
	[STMT_ROLLBACK] = "ROLLBACK",
	[STMT_GENERATION_LIST] =
	    "SELECT code, rank, label_fr, label_en, first_year, last_year "
	    "FROM generation ORDER BY rank",
	[STMT_IMPORT_INSERT] =
	    "INSERT INTO import (file, encoding, at, rows, added, updated, "
	    "unchanged, left_count) VALUES (?, ?, ?, 0, 0, 0, 0, 0)",
	[STMT_IMPORT_COUNTS] =
	    "UPDATE import SET rows = ?, added = ?, updated = ?, "
	    "unchanged = ?, left_count = ? WHERE id = ?",
	[STMT_EMPLOYEE_CHAIN] =
	    "SELECT e.id, e.matricule, m.matricule, e.active "
	    "FROM employee e LEFT JOIN employee m ON m.id = e.manager_id",
	[STMT_EMPLOYEE_BY_ID] =
	    "SELECT last_name, first_name, email, birth_year, department, "
	    "team, site, job_title, grade, hire_date, language, manager_id, "
	    "active FROM employee WHERE id = ?",
	[STMT_EMPLOYEE_INSERT] =
	    "INSERT INTO employee (last_name, first_name, email, birth_year, "
	    "department, team, site, job_title, grade, hire_date, language, "
	    "manager_id, import_id, id, matricule, active) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
	[STMT_EMPLOYEE_UPDATE] =
	    "UPDATE employee SET last_name = ?, first_name = ?, email = ?, "
	    "birth_year = ?, department = ?, team = ?, site = ?, "
	    "job_title = ?, grade = ?, hire_date = ?, language = ?, "
	    "manager_id = ?, import_id = ?, active = 1 WHERE id = ?",
	[STMT_EMPLOYEE_MARK_LEFT] =
	    "UPDATE employee SET active = 0, import_id = ? WHERE id = ?",
	[STMT_EMPLOYEE_LIST] =
	    "SELECT " EMPLOYEE_COLUMNS EMPLOYEE_JOINS
	    "WHERE e.active = 1 OR ? ORDER BY e.matricule",
	[STMT_EMPLOYEE_GET] =
	    "SELECT " EMPLOYEE_COLUMNS EMPLOYEE_JOINS
	    "WHERE e.matricule = ?",
};

enum tdm_err
store_err(int rc)
{
	switch (rc & 0xFF) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return TDM_OK;
	case SQLITE_NOMEM:
		return TDM_ENOMEM;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_FULL:
		return TDM_EIO;
	case SQLITE_CONSTRAINT:
		return TDM_EINVAL;
	default:
		return TDM_EDB;
	}
}

sqlite3_stmt *
store_stmt(struct tdm_store *st, enum stmt s)
{
	sqlite3_stmt	*stmt = st->stmt[s];

	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return stmt;
}

enum tdm_err
store_exec(struct tdm_store *st, enum stmt s)
{
	int	 rc;

	rc = sqlite3_step(st->stmt[s]);
	sqlite3_reset(st->stmt[s]);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? TDM_OK : store_err(rc);
}

enum tdm_err
store_begin(struct tdm_store *st)
{
	store_stmt(st, STMT_BEGIN);
	return store_exec(st, STMT_BEGIN);
}

enum tdm_err
store_commit(struct tdm_store *st)
{
	store_stmt(st, STMT_COMMIT);
	return store_exec(st, STMT_COMMIT);
}

void
store_rollback(struct tdm_store *st)
{
	if (sqlite3_get_autocommit(st->db))
		return;
	store_stmt(st, STMT_ROLLBACK);
	store_exec(st, STMT_ROLLBACK);
}

int
store_bind_text(sqlite3_stmt *stmt, int i, const char *s, int len)
{
	if (s == NULL)
		return sqlite3_bind_null(stmt, i);
	return sqlite3_bind_text(stmt, i, s, len, SQLITE_STATIC);
}

void
tdm_store_set_now(struct tdm_store *st, time_t t)
{
	st->now = t;
}

time_t
tdm_store_now(const struct tdm_store *st)
{
	return st->now ? st->now : time(NULL);
}

void
store_today(const struct tdm_store *st, int *y, int *m, int *d)
{
	time_t		 t = tdm_store_now(st);
	struct tm	 tm;

	gmtime_r(&t, &tm);
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
}

int
tdm_schema_version(void)
{
	return (int)tdm_nmigrations;
}

int
tdm_store_version(const struct tdm_store *st)
{
	return st->version;
}

static int
pragma_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL)) != SQLITE_OK)
		return rc;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(stmt, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return rc;
}

/*
 * Bring the schema from version st->version to the current one in one
 * transaction: a failed migration leaves the database as it was.
 */
static enum tdm_err
migrate(struct tdm_store *st, const char *path, struct tdm_diags *diags)
{
	char	 sql[64];
	char	*msg = NULL;
	size_t	 v;
	int	 rc;

	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, &msg) !=
	    SQLITE_OK)
		goto fail;
	for (v = (size_t)st->version; v < tdm_nmigrations; v++)
		if (sqlite3_exec(st->db, tdm_migrations[v], NULL, NULL, &msg) !=
		    SQLITE_OK)
			goto fail;
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %zu",
	    tdm_nmigrations);
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(st->db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK)
		goto fail;
	st->version = (int)tdm_nmigrations;
	return TDM_OK;
fail:
	rc = sqlite3_errcode(st->db);
	tdm_diag_add(diags, path, 0, 0, "upgrading the schema from version "
	    "%d to %zu failed: %s", st->version, tdm_nmigrations,
	    msg ? msg : sqlite3_errmsg(st->db));
	sqlite3_free(msg);
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return store_err(rc) == TDM_OK ? TDM_EDB : store_err(rc);
}

static enum tdm_err
prepare_all(struct tdm_store *st, const char *path, struct tdm_diags *diags)
{
	size_t	 i;
	int	 rc;

	for (i = 0; i < STMT__MAX; i++) {
		rc = sqlite3_prepare_v3(st->db, stmts[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &st->stmt[i], NULL);
		if (rc != SQLITE_OK) {
			tdm_diag_add(diags, path, 0, 0, "statement %zu: %s",
			    i, sqlite3_errmsg(st->db));
			return store_err(rc) == TDM_OK ? TDM_EDB :
			    store_err(rc);
		}
	}
	return TDM_OK;
}

enum tdm_err
tdm_store_open(const char *path, enum tdm_open_mode mode,
    struct tdm_store **out, struct tdm_diags *diags)
{
	struct tdm_store	*st;
	enum tdm_err		 err;
	int			 flags, rc;

	*out = NULL;
	if (mode == TDM_OPEN_EXISTING && access(path, F_OK) == -1) {
		tdm_diag_add(diags, path, 0, 0, "no database here; create "
		    "it with \"tandem init\"");
		return TDM_ENOENT;
	}
	if ((st = calloc(1, sizeof(*st))) == NULL)
		return TDM_ENOMEM;
	flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	if (mode == TDM_OPEN_INIT)
		flags |= SQLITE_OPEN_CREATE;
	if ((rc = sqlite3_open_v2(path, &st->db, flags, NULL)) != SQLITE_OK) {
		tdm_diag_add(diags, path, 0, 0, "cannot open the database: %s",
		    st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		err = TDM_EIO;
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	if ((rc = pragma_int(st->db, "PRAGMA user_version", &st->version)) !=
	    SQLITE_OK ||
	    (rc = sqlite3_exec(st->db, "PRAGMA journal_mode = WAL; "
	    "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; "
	    "PRAGMA cache_size = -65536",
	    NULL, NULL, NULL)) != SQLITE_OK) {
		tdm_diag_add(diags, path, 0, 0, "not a usable database: %s",
		    sqlite3_errmsg(st->db));
		err = store_err(rc) == TDM_OK ? TDM_EDB : store_err(rc);
		goto fail;
	}
	if (st->version > (int)tdm_nmigrations) {
		tdm_diag_add(diags, path, 0, 0, "the database is at schema "
		    "version %d, newer than this program's %zu",
		    st->version, tdm_nmigrations);
		err = TDM_EVERSION;
		goto fail;
	}
	if (st->version < (int)tdm_nmigrations) {
		if (mode != TDM_OPEN_INIT) {
			tdm_diag_add(diags, path, 0, 0, "the database is at "
			    "schema version %d; upgrade it to %zu with "
			    "\"tandem init\"", st->version, tdm_nmigrations);
			err = TDM_ESTATE;
			goto fail;
		}
		if ((err = migrate(st, path, diags)) != TDM_OK)
			goto fail;
	}
	if ((err = prepare_all(st, path, diags)) != TDM_OK)
		goto fail;
	*out = st;
	return TDM_OK;
fail:
	tdm_store_close(st);
	return err;
}

void
tdm_store_close(struct tdm_store *st)
{
	size_t	 i;

	if (st == NULL)
		return;
	for (i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	free(st);
}

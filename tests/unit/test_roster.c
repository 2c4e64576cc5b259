/*
 * Unit tests of the roster through the library's API: import, re-import,
 * generations, the store's versions.  Each test uses its own database
 * file in a temporary directory, so that the tests can also look at the
 * raw file the way a user's tools would.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include "tandem/tandem.h"
#include "t.h"

#define NOW 1795737600	/* 2026-11-27T00:00:00Z */

static char	 dir[] = "/tmp/tandem-test-XXXXXX";
static char	 path[256];
static int	 serial;

static struct tdm_store *
fresh(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st = NULL;

	snprintf(path, sizeof(path), "%s/t%d.db", dir, ++serial);
	CHECK_INT(tdm_store_open(path, TDM_OPEN_INIT, &st, &d), TDM_OK);
	tdm_diags_free(&d);
	if (st != NULL)
		tdm_store_set_now(st, NOW);
	return st;
}

static enum tdm_err
import(struct tdm_store *st, const char *csv, struct tdm_import_result *res,
    struct tdm_diags *d, int dry)
{
	struct tdm_import_opts	 opts;
	enum tdm_err		 err;

	memset(&opts, 0, sizeof(opts));
	opts.dry_run = dry;
	err = tdm_roster_import(st, "r.csv", (const unsigned char *)csv,
	    strlen(csv), &opts, res, d);
	tdm_import_result_free(res);
	return err;
}

/* Run one SQL query returning an integer, on the raw file. */
static long long
query(const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*stmt;
	long long	 v = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK) {
		if (sqlite3_step(stmt) == SQLITE_ROW)
			v = sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
	return v;
}

static int
contains(const char *buf, size_t n, const char *s)
{
	size_t	 i, len = strlen(s);

	for (i = 0; i + len <= n; i++)
		if (memcmp(buf + i, s, len) == 0)
			return 1;
	return 0;
}

#define HEADER "Matricule;Nom;Prénom;Email;Date de naissance;Direction;" \
	"Matricule manager\n"

static const char *const roster =
    HEADER
    "A1;Lefèvre;Françoise;f.lefevre@exemple.fr;03/04/1945;DG;\n"
    "A2;Ménard;Gérard;g.menard@exemple.fr;31/12/1964;DG;A1\n"
    "A3;Dupont;Éric;e.dupont@exemple.fr;01/01/1965;DSI;A2\n"
    "A4;Nguyen;Léa;l.nguyen@exemple.fr;15/06/1998;DSI;A3\n"
    "A5;Da Silva;Inès;i.dasilva@exemple.fr;29/02/2004;DSI;A3\n";

struct seen {
	char	 gen[8][16];
	int	 year[8];
	int	 active[8];
	size_t	 n;
};

static int
collect(void *arg, const struct tdm_employee *e)
{
	struct seen	*s = arg;

	if (s->n < 8) {
		snprintf(s->gen[s->n], sizeof(s->gen[0]), "%s", e->generation);
		s->year[s->n] = e->birth_year;
		s->active[s->n] = e->active;
		s->n++;
	}
	return 0;
}

static void
generations_from_birth_years(void)
{
	struct tdm_import_result	 res;
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_store		*st = fresh();
	struct tdm_actor		 sys;
	struct seen			 s;

	CHECK_INT(import(st, roster, &res, &d, 0), TDM_OK);
	CHECK_INT(res.added, 5);
	memset(&s, 0, sizeof(s));
	tdm_actor_system(&sys);
	CHECK_INT(tdm_employee_each(st, &sys, 0, collect, &s, &d), TDM_OK);
	CHECK_INT(s.n, 5);
	CHECK_STR(s.gen[0], "before");
	CHECK_STR(s.gen[1], "boomers");	/* 1964 is a boomer */
	CHECK_STR(s.gen[2], "x");
	CHECK_STR(s.gen[3], "y");
	CHECK_STR(s.gen[4], "z");
	CHECK_INT(s.year[4], 2004);
	tdm_store_close(st);
	tdm_diags_free(&d);
}

static void
only_the_birth_year_is_kept(void)
{
	struct tdm_import_result	 res;
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_store		*st = fresh();
	FILE				*f;
	char				 buf[65536];
	size_t				 n;

	CHECK_INT(import(st, roster, &res, &d, 0), TDM_OK);
	tdm_store_close(st);
	/* Neither "29/02/2004" nor "2004-02-29" may be anywhere in the file. */
	CHECK((f = fopen(path, "rb")) != NULL);
	if (f != NULL) {
		while ((n = fread(buf, 1, sizeof(buf) - 1, f)) > 0) {
			CHECK(!contains(buf, n, "29/02/2004"));
			CHECK(!contains(buf, n, "2004-02-29"));
		}
		fclose(f);
	}
	CHECK_INT(query("SELECT count(*) FROM pragma_table_info('employee') "
	    "WHERE name LIKE '%birth%'"), 1);
	tdm_diags_free(&d);
}

static void
bad_file_changes_nothing(void)
{
	struct tdm_import_result	 res;
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_store		*st = fresh();
	static const char		*bad = HEADER
	    "A1;Lefèvre;Françoise;f.lefevre@exemple.fr;03/04/1945;DG;\n"
	    "A9;Petit;Zoé;zoe@;03/04/1990;DG;A1\n"
	    "A1;Roux;Hugo;h.roux@exemple.fr;30/02/1990;DG;A7\n";

	CHECK_INT(import(st, roster, &res, &d, 0), TDM_OK);
	CHECK_INT(import(st, bad, &res, &d, 0), TDM_EINVAL);
	/* Every problem, not the first: e-mail, date, duplicate id. */
	CHECK_INT(d.n, 3);
	CHECK_INT(d.v[0].line, 3);
	CHECK_INT(d.v[0].column, 14);
	tdm_store_close(st);
	CHECK_INT(query("SELECT count(*) FROM employee WHERE active"), 5);
	CHECK_INT(query("SELECT count(*) FROM import"), 1);
	tdm_diags_free(&d);
}

static void
reimport_updates_and_marks_leavers(void)
{
	struct tdm_import_result	 res;
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_store		*st = fresh();
	struct tdm_actor		 sys;
	struct seen			 s;
	static const char		*next = HEADER
	    "A1;Lefèvre;Françoise;f.lefevre@exemple.fr;03/04/1945;DG;\n"
	    "A2;Ménard;Gérard;g.menard@exemple.fr;31/12/1964;DRH;A1\n"
	    "A3;Dupont;Éric;e.dupont@exemple.fr;01/01/1965;DSI;A2\n"
	    "A6;Roux;Hugo;h.roux@exemple.fr;03/03/2003;DSI;A3\n";

	CHECK_INT(import(st, roster, &res, &d, 0), TDM_OK);
	CHECK_INT(import(st, next, &res, &d, 1), TDM_OK);
	CHECK_INT(res.added, 1);
	CHECK_INT(res.updated, 1);
	CHECK_INT(res.unchanged, 2);
	CHECK_INT(res.left, 2);
	/* The dry run wrote nothing. */
	CHECK_INT(query("SELECT count(*) FROM employee"), 5);
	CHECK_INT(import(st, next, &res, &d, 0), TDM_OK);
	CHECK_INT(res.left, 2);
	memset(&s, 0, sizeof(s));
	tdm_actor_system(&sys);
	CHECK_INT(tdm_employee_each(st, &sys, TDM_LIST_INACTIVE, collect, &s,
	    &d), TDM_OK);
	CHECK_INT(s.n, 6);	/* leavers are kept */
	CHECK_INT(s.active[3], 0);
	CHECK_INT(s.active[4], 0);
	CHECK_INT(s.active[5], 1);
	/* The same file again changes nothing. */
	CHECK_INT(import(st, next, &res, &d, 0), TDM_OK);
	CHECK_INT(res.unchanged, 4);
	CHECK_INT(res.updated + res.added + res.left, 0);
	tdm_store_close(st);
	tdm_diags_free(&d);
}

static void
cycle_through_the_database(void)
{
	struct tdm_import_result	 res;
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_store		*st = fresh();
	/* A2 is only in the database, managed by A1; now A1 reports to A2. */
	static const char		*loop = HEADER
	    "A1;Lefèvre;Françoise;f.lefevre@exemple.fr;03/04/1945;DG;A3\n"
	    "A3;Dupont;Éric;e.dupont@exemple.fr;01/01/1965;DSI;A2\n";

	CHECK_INT(import(st, roster, &res, &d, 0), TDM_OK);
	CHECK_INT(import(st, loop, &res, &d, 0), TDM_EINVAL);
	CHECK_INT(d.n, 1);
	CHECK(d.n == 1 && strstr(d.v[0].message, "loops") != NULL);
	tdm_store_close(st);
	tdm_diags_free(&d);
}

static void
store_versions(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st = fresh();
	char			 missing[300];

	CHECK_INT(tdm_store_version(st), tdm_schema_version());
	tdm_store_close(st);
	CHECK_INT(query("PRAGMA foreign_keys"), 0);	/* per connection */
	CHECK_INT(query("PRAGMA user_version"), tdm_schema_version());
	snprintf(missing, sizeof(missing), "%s/missing.db", dir);
	CHECK_INT(tdm_store_open(missing, TDM_OPEN_EXISTING, &st, &d),
	    TDM_ENOENT);
	CHECK(access(missing, F_OK) == -1);
	CHECK_INT(query("PRAGMA user_version = 999"), -1);
	CHECK_INT(tdm_store_open(path, TDM_OPEN_INIT, &st, &d), TDM_EVERSION);
	CHECK_INT(query("PRAGMA user_version = 0"), -1);
	CHECK_INT(tdm_store_open(path, TDM_OPEN_EXISTING, &st, &d),
	    TDM_ESTATE);
	CHECK(d.n > 0);
	tdm_diags_free(&d);
}

static void
journal_is_wal(void)
{
	struct tdm_store	*st = fresh();

	tdm_store_close(st);
	/* WAL is a property of the file, kept between connections. */
	CHECK_INT(query("SELECT journal_mode = 'wal' "
	    "FROM pragma_journal_mode"), 1);
}

int
main(void)
{
	int	 rc;

	if (mkdtemp(dir) == NULL)
		return 2;
	RUN(generations_from_birth_years);
	RUN(only_the_birth_year_is_kept);
	RUN(bad_file_changes_nothing);
	RUN(reimport_updates_and_marks_leavers);
	RUN(cycle_through_the_database);
	RUN(store_versions);
	RUN(journal_is_wal);
	rc = DONE();
	if (rc == 0) {
		char	 cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd) != 0)
			return 1;
	}
	return rc;
}

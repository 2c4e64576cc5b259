/*
 * Unit tests of the store's opening: a new database file is created
 * 0600 whatever the umask, and a name that is no file's (":memory:", a
 * "file:" URI) leaves no file of that name behind.
 */
#include <sys/stat.h>

#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "tandem/diag.h"
#include "tandem/store.h"
#include "t.h"

/* Opens name with TDM_OPEN_INIT and closes it; 0 when it opened. */
static int
init(const char *name)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st = NULL;
	enum tdm_err		 err;

	err = tdm_store_open(name, TDM_OPEN_INIT, &st, &d);
	if (err != TDM_OK && d.n > 0)
		printf("# %s: %s\n", name, d.v[0].message);
	tdm_diags_free(&d);
	if (st != NULL)
		tdm_store_close(st);
	return err == TDM_OK ? 0 : -1;
}

static void
memory_leaves_no_file(void)
{
	CHECK(init(":memory:") == 0);
	CHECK(access(":memory:", F_OK) == -1);
}

static void
uri_leaves_no_file_of_its_text(void)
{
	CHECK(init("file:uri.db?mode=memory") == 0 ||
	    !sqlite3_compileoption_used("USE_URI"));
	CHECK(access("file:uri.db?mode=memory", F_OK) == -1 ||
	    !sqlite3_compileoption_used("USE_URI"));
}

static void
a_file_is_0600(void)
{
	struct stat	 sb;

	umask(022);
	CHECK(init("new.db") == 0);
	CHECK(stat("new.db", &sb) == 0);
	CHECK_INT(sb.st_mode & 0777, 0600);
}

int
main(void)
{
	char	 dir[] = "/tmp/test_store.XXXXXX", cmd[PATH_MAX + 16];
	int	 rc;

	if (mkdtemp(dir) == NULL || chdir(dir) == -1) {
		printf("Bail out! no scratch directory\n");
		return 1;
	}
	RUN(memory_leaves_no_file);
	RUN(uri_leaves_no_file_of_its_text);
	RUN(a_file_is_0600);
	rc = DONE();
	if (chdir("/") == 0) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		(void)system(cmd);
	}
	return rc;
}

/*
 * tandem check: is the database sound?  SQLite's integrity check, the
 * foreign keys and the audit chain; every problem is listed.  It
 * repairs nothing.
 */
#include "cli.h"

int
cmd_check(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	enum tdm_err		 err;

	if (argc != 1)
		return usage("check");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	if ((err = tdm_check(st, &d)) == TDM_OK)
		cli_printf("database sound: integrity, foreign keys and audit "
		    "chain checked\n");
	return done("check", err, &d);
}

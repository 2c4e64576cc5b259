/*
 * tandem backup FILE: a consistent copy of the live database in a new
 * file.  It never overwrites, and does not compress or encrypt: store
 * the copy as carefully as the database.
 */
#include "cli.h"

int
cmd_backup(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	enum tdm_err		 err;

	if (argc != 2)
		return usage("backup");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	if ((err = tdm_backup(st, &cli->actor, argv[1], &d)) == TDM_OK)
		printf("backed up to %s\n", argv[1]);
	return done("backup", err, &d);
}

/*
 * tandem init: create the database, or upgrade its schema.  Nothing else.
 */
#include "cli.h"

int
cmd_init(struct cli *cli, int argc, char *argv[])
{
	struct tdm_store	*st;

	(void)argv;
	if (argc != 1)
		return usage("init");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	printf("%s: schema version %d\n", cli->db, tdm_store_version(st));
	return EXIT_OK;
}

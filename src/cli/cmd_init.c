/*
 * tandem init: create the database, or upgrade its schema (and, once,
 * re-key an audit log written before subject keys).  Nothing else.
 */
#include "cli.h"

int
cmd_init(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	enum tdm_err		 err;

	(void)argv;
	if (argc != 1)
		return usage("init");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	/* A log written before subject keys is re-keyed once (issue 17). */
	if ((err = tdm_audit_upgrade(st, &d)) != TDM_OK)
		return done("init", err, &d);
	tdm_diags_free(&d);
	cli_printf("%s: schema version %d\n", cli->db, tdm_store_version(st));
	return EXIT_OK;
}

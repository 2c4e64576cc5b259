/*
 * tandem withdraw: leave a programme.  One act, no reason asked; the
 * confirmation says what it did and that the way back stays open.
 */
#include "cli.h"

int
cmd_withdraw(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const struct tdm_actor	*actor = &cli->actor;
	struct tdm_store	*st;
	enum tdm_err		 err;

	if (argc != 3)
		return usage("withdraw");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_withdraw(st, actor, argv[1], argv[2], &d);
	if (err == TDM_OK)
		cli_printf("%s has withdrawn from \"%s\"\n"
		    "their sessions to come are cancelled, and a partner "
		    "learns only that the tandem ended; %s may volunteer "
		    "again (tandem enrol) while the programme takes "
		    "volunteers\n", argv[2], argv[1], argv[2]);
	return done("withdraw", err, &d);
}

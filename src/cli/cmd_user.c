/*
 * tandem user invite ID|EMAIL: make the one-time link with which an
 * employee (by matricule) or an external coach (by e-mail) chooses a
 * password for the web UI.  Only an admin may (the system operator is
 * one).  The link is printed once and kept nowhere.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* user invite ID|EMAIL. */
static int
invite(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const struct tdm_actor	*actor = &cli->actor;
	struct tdm_store	*st;
	const char		*base = getenv("TANDEM_URL");
	char			 token[TDM_TOKEN_SIZE];
	enum tdm_err		 err;

	if (argc != 2)
		return usage("user");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_account_invite(st, actor, argv[1], token, &d);
	if (err == TDM_OK)
		printf("%s/invite/%s\n", base && *base ? base :
		    "http://127.0.0.1:8080", token);
	return done("user invite", err, &d);
}

int
cmd_user(struct cli *cli, int argc, char *argv[])
{
	static const struct subcommand subs[] = {
		{ "invite", invite },
	};

	return SUBCOMMAND(cli, subs, argc, argv);
}

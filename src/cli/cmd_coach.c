/*
 * tandem coach: add and list external coaches.  A coach is given to a
 * programme with "tandem programme edit --coach EMAIL".
 */
#include <string.h>

#include "cli.h"

static int
one(void *arg, const struct tdm_coach *c)
{
	(void)arg;
	cli_row("%s\t%s\t%s\t%s\n", c->name, c->email, c->organisation,
	    c->programmes);
	return 0;
}

static int
list(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;

	(void)argv;
	if (argc != 1)
		return usage("coach");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	return done("coach", tdm_coach_each(st, &cli->actor, one,
	    NULL, &d), &d);
}

/* coach add NAME EMAIL [ORGANISATION]. */
static int
add(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const struct tdm_actor	*actor = &cli->actor;
	struct tdm_store	*st;
	enum tdm_err		 err;

	if (argc != 3 && argc != 4)
		return usage("coach");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_coach_add(st, actor, argv[1], argv[2],
	    argc == 4 ? argv[3] : "", &d);
	if (err == TDM_OK)
		cli_printf("coach %s <%s> added\n", argv[1], argv[2]);
	return done("coach", err, &d);
}

int
cmd_coach(struct cli *cli, int argc, char *argv[])
{
	static const struct subcommand subs[] = {
		{ "list", list },
		{ "add", add },
	};

	return SUBCOMMAND(cli, subs, argc, argv);
}

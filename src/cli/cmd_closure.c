/*
 * tandem closure: the company's closure days, on which no session is
 * planned, added or moved (public holidays and weekends need none).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int
one(void *arg, const char *day, const char *label)
{
	(void)arg;
	cli_row("%s%s%s\n", day, *label ? "\t" : "", label);
	return 0;
}

static int
list(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;

	(void)argv;
	if (argc != 1)
		return usage("closure");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	return done("closure", tdm_closure_each(st, &cli->actor, one, NULL,
	    &d), &d);
}

/* closure add DATE [LABEL] | remove DATE. */
static int
change(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	enum tdm_err		 err;
	int			 add = strcmp(argv[0], "add") == 0;

	if (argc != 2 && !(add && argc == 3))
		return usage("closure");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	if (add)
		err = tdm_closure_add(st, &cli->actor, argv[1],
		    argc == 3 ? argv[2] : NULL, &d);
	else
		err = tdm_closure_remove(st, &cli->actor, argv[1], &d);
	if (err == TDM_OK)
		cli_printf("closure day %s %s\n", argv[1], add ?
		    cli_tr("added") : cli_tr("removed"));
	return done("closure", err, &d);
}

int
cmd_closure(struct cli *cli, int argc, char *argv[])
{
	static const struct subcommand subs[] = {
		{ "list", list },
		{ "add", change },
		{ "remove", change },
	};

	return SUBCOMMAND(cli, subs, argc, argv);
}

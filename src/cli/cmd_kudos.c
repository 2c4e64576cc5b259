/*
 * tandem kudos: a mentee thanks their mentor in a short message; the
 * mentor reads theirs.  Counted, never ranked.
 */
#include <getopt.h>
#include <string.h>

#include "cli.h"

/* kudos send [--to ID] PROGRAMME MESSAGE. */
static int
send_kudos(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_store		*st;
	const char			*to = NULL;
	enum tdm_err			 err;
	int				 c;
	static const struct option	 longopts[] = {
		{ "to", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};

	while ((c = cli_getopt(argc, argv, "", longopts)) != -1)
		switch (c) {
		case 't':
			to = optarg;
			break;
		default:
			return usage("kudos");
		}
	if (argc - optind != 2)
		return usage("kudos");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_kudos_send(st, &cli->actor, argv[optind], to,
	    argv[optind + 1], &d);
	if (err == TDM_OK)
		cli_printf("kudos sent: only your mentor reads them\n");
	return done("kudos", err, &d);
}

static int
one(void *arg, const char *message, const char *date)
{
	(void)arg;
	cli_row("%s\t%s\n", date, message);
	return 0;
}

/* kudos list PROGRAMME: the actor's own, as a mentor. */
static int
list(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	enum tdm_err		 err;
	int			 n;

	if (argc != 2)
		return usage("kudos");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_kudos_list(st, &cli->actor, argv[1], one, NULL, &n, &d);
	if (err == TDM_OK)
		cli_printf("%d kudos\n", n);
	return done("kudos", err, &d);
}

int
cmd_kudos(struct cli *cli, int argc, char *argv[])
{
	static const struct subcommand subs[] = {
		{ "send", send_kudos },
		{ "list", list },
	};

	return SUBCOMMAND(cli, subs, argc, argv);
}

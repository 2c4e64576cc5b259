/*
 * tandem watch: the pairs of a programme at risk, with the reason, for
 * the programme manager to act on.
 */
#include "cli.h"

static int
one(void *arg, const struct tdm_risk *r)
{
	(*(int *)arg)++;
	cli_row("%s %s -> %s %s\t%s\n", r->mentor, r->mentor_name,
	    r->mentee, r->mentee_name, cli_text(r->reason));
	return 0;
}

int
cmd_watch(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	enum tdm_err		 err;
	int			 n = 0;

	if (argc != 2)
		return usage("watch");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_watch(st, &cli->actor, argv[1], one, &n, &d);
	if (err == TDM_OK && n == 0)
		cli_printf("no pair at risk\n");
	return done("watch", err, &d);
}

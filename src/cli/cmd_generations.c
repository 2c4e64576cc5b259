/*
 * tandem generations: the table that turns birth years into generations.
 */
#include "cli.h"

static int
one(void *arg, const struct tdm_generation *g)
{
	(void)arg;
	printf("%-8s ", g->code);
	if (g->first_year)
		printf("%d", g->first_year);
	else
		printf("    ");
	printf("-");
	if (g->last_year)
		printf("%d", g->last_year);
	else
		printf("    ");
	printf("  %s / %s\n", g->label_fr, g->label_en);
	return 0;
}

int
cmd_generations(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	enum tdm_err		 err;

	(void)argv;
	if (argc != 1)
		return usage("generations");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_generation_each(st, &cli->actor, one, NULL);
	return err == TDM_OK ? EXIT_OK : fail("generations", err, &d);
}

/*
 * tandem topic: the catalogue of topics, and a programme's own topics.
 */
#include <string.h>

#include "cli.h"

static int
one(void *arg, const struct tdm_topic *t)
{
	(void)arg;
	cli_row("%s\t%s\t%s", t->code, t->label_fr, t->label_en);
	if (t->programme != NULL)
		cli_row("\t(%s)", t->programme);
	putchar('\n');
	return 0;
}

static int
list(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	enum tdm_err		 err;
	int			 i;

	(void)argv;
	if (argc != 1)
		return usage("topic");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_topic_each(st, &cli->actor, one, NULL);
	if (err == TDM_OK) {
		cli_printf("\nlevels:");
		for (i = 0; i <= 4; i++)
			cli_printf(" %d %s / %s%s", i, tdm_level_label(i, "fr"),
			    tdm_level_label(i, "en"), i < 4 ? ";" : "");
		putchar('\n');
	}
	return done("topic", err, &d);
}

/* topic add PROGRAMME CODE LABEL_FR [LABEL_EN]. */
static int
add(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const struct tdm_actor	*actor = &cli->actor;
	struct tdm_store	*st;
	enum tdm_err		 err;

	if (argc != 4 && argc != 5)
		return usage("topic");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_topic_add(st, actor, argv[1], argv[2], argv[3],
	    argc == 5 ? argv[4] : "", &d);
	if (err == TDM_OK)
		cli_printf("topic %s added to \"%s\"\n", argv[2], argv[1]);
	return done("topic", err, &d);
}

int
cmd_topic(struct cli *cli, int argc, char *argv[])
{
	static const struct subcommand subs[] = {
		{ "list", list },
		{ "add", add },
	};

	return SUBCOMMAND(cli, subs, argc, argv);
}

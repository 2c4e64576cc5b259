/*
 * tandem topic: the catalogue of topics, and a programme's own topics.
 */
#include <string.h>

#include "cli.h"

static int
one(void *arg, const struct tdm_topic *t)
{
	(void)arg;
	printf("%s\t%s\t%s", t->code, t->label_fr, t->label_en);
	if (t->programme != NULL)
		printf("\t(%s)", t->programme);
	putchar('\n');
	return 0;
}

int
cmd_topic(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const struct tdm_actor	*actor = &cli->actor;
	struct tdm_store	*st;
	enum tdm_err		 err;
	int			 i;

	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		if ((st = setup(cli)) == NULL)
			return EXIT_FAILED;
		err = tdm_topic_each(st, one, NULL);
		if (err == TDM_OK) {
			printf("\nlevels:");
			for (i = 0; i <= 4; i++)
				printf(" %d %s / %s%s", i,
				    tdm_level_label(i, "fr"),
				    tdm_level_label(i, "en"), i < 4 ? ";" : "");
			putchar('\n');
		}
		return done("topic", err, &d);
	}
	if ((argc != 5 && argc != 6) || strcmp(argv[1], "add") != 0)
		return usage("topic");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_topic_add(st, actor, argv[2], argv[3], argv[4],
	    argc == 6 ? argv[5] : "", &d);
	if (err == TDM_OK)
		printf("topic %s added to \"%s\"\n", argv[3], argv[2]);
	return done("topic", err, &d);
}

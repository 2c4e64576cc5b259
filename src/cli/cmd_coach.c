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
	printf("%s\t%s\t%s\t%s\n", c->name, c->email, c->organisation,
	    c->programmes);
	return 0;
}

int
cmd_coach(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const struct tdm_actor	*actor = &cli->actor;
	struct tdm_store	*st;
	enum tdm_err		 err;

	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		if ((st = setup(cli)) == NULL)
			return EXIT_FAILED;
		return done("coach", tdm_coach_each(st, one, NULL), &d);
	}
	if ((argc != 4 && argc != 5) || strcmp(argv[1], "add") != 0)
		return usage("coach");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_coach_add(st, actor, argv[2], argv[3],
	    argc == 5 ? argv[4] : "", &d);
	if (err == TDM_OK)
		printf("coach %s <%s> added\n", argv[2], argv[3]);
	return done("coach", err, &d);
}

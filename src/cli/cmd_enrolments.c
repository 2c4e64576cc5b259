/*
 * tandem enrolments: the volunteers of a programme, with their topics
 * and how their opt-in was given.
 */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static int
one(void *arg, const struct tdm_enrolment *e)
{
	(void)arg;
	cli_printf("%s\t%s %s\t%s\t%s\t%s\t%s\t%s%s\t%s\tcap %d\t"
	    "charter v%d\t%s%s%s%s%s\n", e->matricule, e->first_name,
	    e->last_name, e->generation, e->role, e->topics, e->languages,
	    e->site, e->remote ? cli_tr(" (remote ok)") : "",
	    e->availability, e->capacity,
	    e->charter_version, e->optin, *e->optin_ref ? " " : "",
	    e->optin_ref, *e->withdrawn_at ? cli_tr("\twithdrawn ") : "",
	    e->withdrawn_at);
	return 0;
}

int
cmd_enrolments(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_store		*st;
	unsigned			 flags = 0;
	int				 c;
	static const struct option	 longopts[] = {
		{ "withdrawn", no_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};

	while ((c = cli_getopt(argc, argv, "", longopts)) != -1)
		switch (c) {
		case 'w':
			flags |= TDM_LIST_WITHDRAWN;
			break;
		default:
			return usage("enrolments");
		}
	if (argc - optind != 1)
		return usage("enrolments");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	return done("enrolments", tdm_enrolment_each(st, &cli->actor,
	    argv[optind], flags, one, NULL, &d), &d);
}

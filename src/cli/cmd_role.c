/*
 * tandem role: grant, revoke and list the admin, manager and sponsor
 * roles.  Who may do so is the library's decision.
 */
#include <string.h>

#include "cli.h"

static int
one(void *arg, const struct tdm_role_grant *g)
{
	(void)arg;
	cli_row("%s\t%s %s\t%s\t%s\t%s", g->matricule, g->first_name,
	    g->last_name, g->role, g->granted_at, g->granted_by);
	/* A role scoped to programmes names them (issue 14). */
	if (g->programmes != NULL && *g->programmes != '\0')
		cli_printf("\tprogrammes: %s", g->programmes);
	putchar('\n');
	return 0;
}

static int
list(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;

	(void)argv;
	if (argc != 1)
		return usage("role");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	return done("role", tdm_role_each(st, one, NULL), &d);
}

/* role grant ID ROLE [--programme P] and role revoke ID ROLE [...]. */
static int
change(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const struct tdm_actor	*actor = &cli->actor;
	struct tdm_store	*st;
	enum tdm_role		 role;
	enum tdm_err		 err;
	const char		*programme = NULL;
	int			 grant;

	if (argc == 5 && strcmp(argv[3], "--programme") == 0)
		programme = argv[4];
	else if (argc != 3)
		return usage("role");
	grant = strcmp(argv[0], "grant") == 0;
	if (tdm_role_parse(argv[2], &role) == -1) {
		cli_fprintf(stderr, "tandem: \"%s\" is not a role (admin, "
		    "manager, sponsor)\n", argv[2]);
		return EXIT_USAGE;
	}
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	if (programme != NULL)
		err = grant ? tdm_role_grant_for(st, actor, argv[1], role,
		    programme, &d) : tdm_role_revoke_for(st, actor, argv[1],
		    role, programme, &d);
	else
		err = grant ? tdm_role_grant(st, actor, argv[1], role, &d) :
		    tdm_role_revoke(st, actor, argv[1], role, &d);
	if (err == TDM_OK)
		cli_printf("%s %s the %s role%s%s%s\n", argv[1], grant ?
		    cli_tr("now holds") : cli_tr("no longer holds"), argv[2],
		    programme ? cli_tr(" for programme \"") : "",
		    programme ? programme : "", programme ? cli_tr("\"") : "");
	return done("role", err, &d);
}

int
cmd_role(struct cli *cli, int argc, char *argv[])
{
	static const struct subcommand subs[] = {
		{ "list", list },
		{ "grant", change },
		{ "revoke", change },
	};

	return SUBCOMMAND(cli, subs, argc, argv);
}

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
	printf("%s\t%s %s\t%s\t%s\t%s\n", g->matricule, g->first_name,
	    g->last_name, g->role, g->granted_at, g->granted_by);
	return 0;
}

int
cmd_role(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const struct tdm_actor	*actor = &cli->actor;
	struct tdm_store	*st;
	enum tdm_role		 role;
	enum tdm_err		 err;
	int			 grant;

	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		if ((st = setup(cli)) == NULL)
			return EXIT_FAILED;
		return done("role", tdm_role_each(st, one, NULL), &d);
	}
	if (argc != 4 || (strcmp(argv[1], "grant") != 0 &&
	    strcmp(argv[1], "revoke") != 0))
		return usage("role");
	grant = strcmp(argv[1], "grant") == 0;
	if (tdm_role_parse(argv[3], &role) == -1) {
		fprintf(stderr, "tandem: \"%s\" is not a role (admin, manager, "
		    "sponsor)\n", argv[3]);
		return EXIT_USAGE;
	}
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = grant ? tdm_role_grant(st, actor, argv[2], role, &d) :
	    tdm_role_revoke(st, actor, argv[2], role, &d);
	if (err == TDM_OK)
		printf("%s %s the %s role\n", argv[2], grant ? "now holds" :
		    "no longer holds", argv[3]);
	return done("role", err, &d);
}

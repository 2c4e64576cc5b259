/*
 * tandem audit: list the audit log, or verify its hash chain.
 */
#include <inttypes.h>
#include <string.h>

#include "cli.h"

static int
one(void *arg, const struct tdm_audit_entry *e)
{
	(void)arg;
	/* The time in the reader's form; the detail as it was recorded. */
	cli_row("%" PRId64 "\t%s\t%s\t%s\t%s\t", e->id, e->at, e->actor,
	    e->action, e->object);
	printf("%s\n", e->detail);
	return 0;
}

static int
list(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;

	(void)argv;
	if (argc != 1)
		return usage("audit");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	return done("audit", tdm_audit_each(st, &cli->actor, one,
	    NULL), &d);
}

static int
verify(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	enum tdm_err		 err;
	int64_t			 n;
	char			 head[65];

	(void)argv;
	if (argc != 1)
		return usage("audit");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_audit_verify(st, &n, head, &d);
	if (err == TDM_OK)
		cli_printf("audit log intact: %" PRId64 " %s, head %s\n", n,
		    n == 1 ? cli_tr("entry") : cli_tr("entries"), head);
	return done("audit", err, &d);
}

int
cmd_audit(struct cli *cli, int argc, char *argv[])
{
	static const struct subcommand subs[] = {
		{ "list", list },
		{ "verify", verify },
	};

	return SUBCOMMAND(cli, subs, argc, argv);
}

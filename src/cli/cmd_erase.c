/*
 * tandem erase person ID: remove a person's personal data from the
 * database; the audit log is not touched (docs/privacy.md).  It does not
 * touch the HR export: a person still in it comes back, as a new
 * person without history, at the next import.
 */
#include <string.h>

#include "cli.h"

int
cmd_erase(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_erasure	 e;
	const struct tdm_actor	*actor = &cli->actor;
	struct tdm_store	*st;
	enum tdm_err		 err;

	if (argc != 3 || (strcmp(argv[1], "person") != 0 &&
	    strcmp(argv[1], "coach") != 0))
		return usage("erase");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	if (strcmp(argv[1], "coach") == 0)
		err = tdm_erase_coach(st, actor, argv[2], &e, &d);
	else
		err = tdm_erase_person(st, actor, argv[2], &e, &d);
	if (err == TDM_OK) {
		cli_printf("%s erased: now %s; %lld future session%s "
		    "cancelled, %lld private text%s cleared\n", argv[2],
		    e.pseudonym, (long long)e.sessions, e.sessions == 1 ? "" : "s",
		    (long long)e.texts, e.texts == 1 ? "" : "s");
		cli_printf("audit head %s\n", e.head);
		/* Erased, but copies may remain in the file: say so. */
		if (!e.compacted)
			print_diags(&d);
	}
	return done("erase", err, &d);
}

/*
 * tandem ical: the calendar invitation of one session (or its
 * cancellation), or a participant's feed of all their sessions, as
 * iCalendar text on standard output.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ical session N: one session's invitation, or its cancellation. */
static int
session(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_buf		 out = TDM_BUF_INIT;
	struct tdm_store	*st;
	enum tdm_err		 err;
	int64_t			 id;

	if (argc != 2)
		return usage("ical");
	if (cli_id(argv[1], CLI_N_("session"), &id) == -1)
		return EXIT_USAGE;
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_ical_session(st, &cli->actor, id, &out, &d);
	if (err == TDM_OK)
		fwrite(out.buf, 1, out.len, stdout);
	tdm_buf_release(&out);
	return done("ical", err, &d);
}

/* ical feed PROGRAMME ID: a participant's sessions in one calendar. */
static int
feed(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_buf		 out = TDM_BUF_INIT;
	struct tdm_store	*st;
	enum tdm_err		 err;

	if (argc != 3)
		return usage("ical");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_ical_feed(st, &cli->actor, argv[1], argv[2], &out, &d);
	if (err == TDM_OK)
		fwrite(out.buf, 1, out.len, stdout);
	tdm_buf_release(&out);
	return done("ical", err, &d);
}

int
cmd_ical(struct cli *cli, int argc, char *argv[])
{
	static const struct subcommand subs[] = {
		{ "session", session },
		{ "feed", feed },
	};

	return SUBCOMMAND(cli, subs, argc, argv);
}

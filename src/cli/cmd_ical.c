/*
 * tandem ical: the calendar invitation of one session (or its
 * cancellation), or a participant's feed of all their sessions, as
 * iCalendar text on standard output.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int
cmd_ical(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_buf		 out = TDM_BUF_INIT;
	struct tdm_store	*st;
	enum tdm_err		 err;
	char			*end;
	long			 id = 0;

	if (argc == 3 && strcmp(argv[1], "session") == 0) {
		id = strtol(argv[2], &end, 10);
		if (*argv[2] == '\0' || *end != '\0' || id <= 0)
			return usage("ical");
	} else if (argc != 4 || strcmp(argv[1], "feed") != 0)
		return usage("ical");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = id ? tdm_ical_session(st, id, &out, &d) :
	    tdm_ical_feed(st, argv[2], argv[3], &out, &d);
	if (err == TDM_OK)
		fwrite(out.buf, 1, out.len, stdout);
	tdm_buf_release(&out);
	return done("ical", err, &d);
}

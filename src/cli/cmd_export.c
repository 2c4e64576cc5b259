/*
 * tandem export person ID: everything Tandem holds about one person, as
 * JSON on standard output (their right of access).  The library writes
 * the JSON; this file only indents it.  It exports nothing else: the
 * reports are the aggregates, see tandem report.
 */
#include <jansson.h>
#include <string.h>

#include "cli.h"

int
cmd_export(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_buf		 b = TDM_BUF_INIT;
	const struct tdm_actor	*actor = &cli->actor;
	struct tdm_store	*st;
	json_error_t		 jerr;
	json_t			*j = NULL;
	enum tdm_err		 err;

	if (argc != 3 || (strcmp(argv[1], "person") != 0 &&
	    strcmp(argv[1], "coach") != 0))
		return usage("export");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	if (strcmp(argv[1], "coach") == 0)
		err = tdm_export_coach(st, actor, argv[2], &b, &d);
	else
		err = tdm_export_person(st, actor, argv[2], &b, &d);
	if (err == TDM_OK) {
		/* A check of the library's JSON as well as its layout. */
		if ((j = json_loadb(b.buf, b.len, 0, &jerr)) == NULL) {
			cli_fprintf(stderr, "tandem: export: invalid JSON: "
			    "%s\n", jerr.text);
			err = TDM_EINVAL;
		} else if (json_dumpf(j, stdout, JSON_INDENT(2) |
		    JSON_PRESERVE_ORDER) == -1 || putchar('\n') == EOF)
			err = TDM_EIO;
		json_decref(j);
	}
	tdm_buf_release(&b);
	return done("export", err, &d);
}

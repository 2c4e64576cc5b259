/*
 * tandem migrate --to DATABASE: move this site's SQLite database into an
 * empty PostgreSQL one (issue 18, docs/postgresql.md).  Every table and
 * every row is copied in one transaction of PostgreSQL's; the copy's
 * audit log must then verify to the source's head.  The SQLite file is
 * only read: it stays as it was, to fall back on.
 */
#include <getopt.h>
#include <inttypes.h>

#include "cli.h"

int
cmd_migrate(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_migrate_result	 r;
	struct tdm_store		*st;
	const char			*to = NULL;
	enum tdm_err			 err;
	int				 c;
	static const struct option	 opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		switch (c) {
		case 't':
			to = optarg;
			break;
		default:
			return usage("migrate");
		}
	if (to == NULL || optind != argc)
		return usage("migrate");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	if ((err = tdm_migrate_to(st, to, &r, &d)) == TDM_OK) {
		cli_printf("copied %" PRId64 " tables, %" PRId64 " rows\n",
		    r.tables, r.rows);
		cli_printf("audit log intact on both: %" PRId64 " %s, head "
		    "%s\n", r.entries, r.entries == 1 ? cli_tr("entry") :
		    cli_tr("entries"), r.head);
	}
	return done("migrate", err, &d);
}

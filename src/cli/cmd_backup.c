/*
 * tandem backup FILE: a consistent copy of the live database in a new
 * file.  It never overwrites, and does not compress or encrypt: store
 * the copy as carefully as the database.
 *
 * tandem backup --keep N DIR: the same into DIR, under a name of the
 * date and time, keeping the N newest backups of that form (issue 17):
 * a daily cron job then keeps N days, and no more.
 */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>

#include "cli.h"

int
cmd_backup(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	char			 made[TDM_BACKUP_PATH], *end;
	long			 keep = 0;
	enum tdm_err		 err;
	int			 c, removed = 0;
	static const struct option opts[] = {
		{ "keep", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};

	while ((c = cli_getopt(argc, argv, "", opts)) != -1)
		switch (c) {
		case 'k':
			keep = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || keep < 1 ||
			    keep > INT_MAX) {
				cli_fprintf(stderr, "tandem: --keep: \"%s\" is "
				    "not a number of backups (1 or more)\n",
				    optarg);
				return EXIT_USAGE;
			}
			break;
		default:
			return usage("backup");
		}
	if (optind != argc - 1)
		return usage("backup");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	if (keep == 0) {
		if ((err = tdm_backup(st, &cli->actor, argv[optind], &d)) ==
		    TDM_OK)
			cli_printf("backed up to %s\n", argv[optind]);
		return done("backup", err, &d);
	}
	err = tdm_backup_rotate(st, &cli->actor, argv[optind], (int)keep,
	    made, &removed, &d);
	if (made[0] != '\0')
		cli_printf("backed up to %s\n", made);
	if (removed > 0)
		cli_printf("%d older backup(s) deleted, %ld kept\n", removed,
		    keep);
	return done("backup", err, &d);
}

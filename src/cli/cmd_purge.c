/*
 * tandem purge [--now DATE]: apply the retention delays of closed
 * programmes (docs/privacy.md).  Quiet when there is nothing to do, so
 * that a daily cron job mails only when it acts or fails.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

int
cmd_purge(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_erasure	 e;
	const struct tdm_actor	*actor = &cli->actor;
	struct tdm_store	*st;
	struct tm		 tm;
	const char		*end;
	time_t			 now = 0;
	enum tdm_err		 err;
	int			 c;
	static const struct option opts[] = {
		{ "now", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};

	while ((c = cli_getopt(argc, argv, "", opts)) != -1)
		switch (c) {
		case 'n':
			memset(&tm, 0, sizeof(tm));
			end = strptime(optarg, "%Y-%m-%d", &tm);
			if (end == NULL || *end != '\0') {
				cli_fprintf(stderr, "tandem: --now: \"%s\" is "
				    "not a date yyyy-mm-dd\n", optarg);
				return EXIT_USAGE;
			}
			now = timegm(&tm);
			break;
		default:
			return usage("purge");
		}
	if (optind != argc)
		return usage("purge");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	if (now)
		tdm_store_set_now(st, now);
	err = tdm_purge(st, actor, &e, &d);
	if (err == TDM_OK && (e.people || e.texts || e.reads)) {
		cli_printf("%lld people erased, %lld private texts cleared\n",
		    (long long)e.people, (long long)e.texts);
		if (e.reads)
			cli_printf("%lld records of who read a programme's "
			    "listings removed\n", (long long)e.reads);
		if (!e.compacted)
			print_diags(&d);
	}
	return done("purge", err, &d);
}

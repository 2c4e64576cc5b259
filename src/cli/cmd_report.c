/*
 * tandem report: a programme's outcome report in text, JSON, CSV (for
 * French Excel), SVG charts or HTML, on standard output, in French or
 * English (--lang); with --all, the sponsor's view of every programme
 * they may read, over time.
 */
#include <getopt.h>
#include <string.h>

#include "cli.h"

int
cmd_report(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_buf			 out = TDM_BUF_INIT;
	const struct tdm_actor		*actor = &cli->actor;
	struct tdm_store		*st;
	enum tdm_report_format		 format = TDM_REPORT_TEXT;
	const char			*lang = "fr";
	enum tdm_err			 err;
	int				 c, all = 0;
	static const struct option	 longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "lang", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};

	while ((c = cli_getopt(argc, argv, "", longopts)) != -1)
		switch (c) {
		case 'a':
			all = 1;
			break;
		case 'f':
			if (tdm_report_format_parse(optarg, &format) == -1) {
				cli_fprintf(stderr, "tandem: --format: text, "
				    "json, csv, svg or html\n");
				return EXIT_USAGE;
			}
			break;
		case 'l':
			if (strcmp(optarg, "fr") != 0 &&
			    strcmp(optarg, "en") != 0) {
				cli_fprintf(stderr, "tandem: --lang: fr or "
				    "en\n");
				return EXIT_USAGE;
			}
			lang = optarg;
			break;
		default:
			return usage("report");
		}
	if (argc - optind != (all ? 0 : 1))
		return usage("report");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	if (all)
		err = tdm_report_portfolio(st, actor, lang, format, &out, &d);
	else
		err = tdm_report_programme_lang(st, actor, argv[optind], lang,
		    format, &out, &d);
	if (err == TDM_OK)
		fwrite(out.buf, 1, out.len, stdout);
	tdm_buf_release(&out);
	return done("report", err, &d);
}

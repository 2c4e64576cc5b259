/*
 * tandem import roster: read an HR export into the roster.  The checks
 * and the counting are the library's; this file reads the file, shows
 * progress on a terminal and prints the outcome.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void
show_progress(void *arg, unsigned permille)
{
	fprintf(stderr, "\r%s: %u%%", (const char *)arg, permille / 10);
}

static const char *
sepname(char sep)
{
	return sep == '\t' ? cli_tr("tab") : sep == ';' ? "';'" : "','";
}

/* import roster [--dry-run] [--encoding ENC] [--map ...] FILE. */
/*
 * The leavers of an import (tdm_import_result's tab-separated lines) as
 * "ID Name: Programme (role, N tandems ended); ...".
 */
static void
print_leavers(FILE *f, const char *list)
{
	const char	*p = list, *q;
	size_t		 field = 0, n;

	for (; *p != '\0'; p = q + (*q != '\0')) {
		n = strcspn(p, "\t\n");
		q = p + n;
		if (field == 0)
			fprintf(f, "  %.*s", (int)n, p);
		else if (field == 1)
			fprintf(f, " %.*s", (int)n, p);
		else if (field % 3 == 2)
			fprintf(f, "%s %.*s", field == 2 ? ":" : ";", (int)n, p);
		else if (field % 3 == 0)
			fprintf(f, " (%.*s", (int)n, p);
		else
			cli_fprintf(f, ", %.*s tandem%s ended)", (int)n, p,
			    n == 1 && *p == '1' ? "" : "s");
		field++;
		if (*q == '\n') {
			fputc('\n', f);
			field = 0;
		}
	}
}

static int
roster(struct cli *cli, int argc, char *argv[])
{
	struct tdm_import_opts		 opts;
	struct tdm_import_result	 res;
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_store		*st = NULL;
	unsigned char			*data = NULL;
	const char			*path;
	size_t				 len;
	enum tdm_err			 err;
	int				 c, rc = EXIT_FAILED;
	long				 n;
	char				*end;
	static const struct option	 longopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "map", required_argument, NULL, 'm' },
		{ "confirm-leavers", required_argument, NULL, 'C' },
		{ "leavers-percent", required_argument, NULL, 'P' },
		{ "leavers-max", required_argument, NULL, 'M' },
		{ NULL, 0, NULL, 0 },
	};

	memset(&opts, 0, sizeof(opts));
	while ((c = cli_getopt(argc, argv, "ne:m:", longopts)) != -1)
		switch (c) {
		case 'n':
			opts.dry_run = 1;
			break;
		case 'e':
			if (tdm_encoding_parse(optarg, &opts.encoding) == -1) {
				cli_fprintf(stderr, "tandem: --encoding: "
				    "unknown encoding \"%s\" (utf-8, "
				    "windows-1252, utf-16le, utf-16be)\n",
				    optarg);
				return EXIT_USAGE;
			}
			break;
		case 'm':
			opts.map = optarg;
			break;
		case 'C':
		case 'P':
		case 'M':
			n = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || n < -1 ||
			    n > 1000000 || (c == 'C' && n < 1)) {
				cli_fprintf(stderr, "tandem: --%s: \"%s\" is "
				    "not a number%s\n", c == 'C' ?
				    "confirm-leavers" : c == 'P' ?
				    "leavers-percent" : "leavers-max",
				    optarg, c == 'C' ? "" :
				    cli_tr(" (-1: no limit)"));
				return EXIT_USAGE;
			}
			if (c == 'C')
				opts.confirm_leavers = n;
			else if (c == 'P')
				opts.leavers_percent = (int)n;
			else
				opts.leavers_max = (int)n;
			break;
		default:
			return usage("import");
		}
	if (argc - optind != 1)
		return usage("import");
	path = argv[optind];
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	if (read_file(path, &data, &len) == -1)
		goto out;
	if (isatty(STDERR_FILENO)) {
		opts.progress = show_progress;
		opts.progress_arg = (void *)path;
	}
	err = tdm_roster_import(st, path, data, len, &opts, &res, &d);
	if (opts.progress != NULL)
		fprintf(stderr, "\r\033[K");
	if (err != TDM_OK) {
		/* A full disk or a failed write is the database's, not the
		 * CSV's (issue 17). */
		fail(err == TDM_EFULL || err == TDM_EIO || err == TDM_EBUSY ||
		    err == TDM_ECORRUPT || err == TDM_EDB ? cli->db : path,
		    err, &d);
		if (res.confirm && res.leavers != NULL) {
			cli_fprintf(stderr, "%s: they would be:\n", path);
			print_leavers(stderr, res.leavers);
		}
		if (err == TDM_EINVAL)
			cli_fprintf(stderr, "%s: %zu problem%s; nothing was "
			    "imported\n", path, tdm_diag_count(&d),
			    tdm_diag_count(&d) == 1 ? "" : "s");
		goto out_res;
	}
	cli_printf("%s: %s, %s-separated", path,
	    tdm_encoding_name(res.encoding), sepname(res.sep));
	if (res.date_format != NULL)
		cli_printf(", dates %s", res.date_format);
	cli_printf(", %zu row%s\n", res.rows, res.rows == 1 ? "" : "s");
	if (res.ignored != NULL)
		cli_printf("ignored columns: %s\n", res.ignored);
	cli_printf("%sadded %zu, updated %zu, unchanged %zu, left %zu\n",
	    opts.dry_run ? cli_tr("dry run, nothing written: ") : "",
	    res.added, res.updated, res.unchanged, res.left);
	if (res.joined > 0)
		cli_printf("note: %zu field%s held a line break, turned into a "
		    "space (first at line %zu)\n", res.joined,
		    res.joined == 1 ? "" : "s", res.joined_line);
	if (res.leavers != NULL) {
		cli_printf("%s: %zu enrolment%s ended, %zu future session%s "
		    "cancelled:\n", opts.dry_run ? "would leave" : "left",
		    res.ended, res.ended == 1 ? "" : "s", res.cancelled,
		    res.cancelled == 1 ? "" : "s");
		print_leavers(stdout, res.leavers);
	}
	rc = EXIT_OK;
out_res:
	tdm_import_result_free(&res);
out:
	free(data);
	tdm_diags_free(&d);
	return rc;
}

int
cmd_import(struct cli *cli, int argc, char *argv[])
{
	static const struct subcommand subs[] = {
		{ "roster", roster },
	};

	return SUBCOMMAND(cli, subs, argc, argv);
}

/*
 * The tandem command: global options and the table of subcommands.  Each
 * subcommand lives in its own cmd_<name>.c; this file only dispatches and
 * holds the helpers they share.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

enum cmd {
	CMD_INIT,
	CMD_IMPORT,
	CMD_EMPLOYEES,
	CMD_EMPLOYEE,
	CMD_GENERATIONS,
	CMD_DEMO,
	CMD__MAX
};

static const struct command commands[CMD__MAX] = {
	[CMD_INIT] = { "init", cmd_init, "",
	    "create the database, or upgrade it to this version" },
	[CMD_IMPORT] = { "import", cmd_import, "roster [--dry-run] "
	    "[--encoding ENC] [--map FIELD=HEADER,...] FILE",
	    "import the roster from an HR export" },
	[CMD_EMPLOYEES] = { "employees", cmd_employees, "[--json] [--inactive]",
	    "list the employees of the roster" },
	[CMD_EMPLOYEE] = { "employee", cmd_employee, "show [--json] ID",
	    "show one employee" },
	[CMD_GENERATIONS] = { "generations", cmd_generations, "",
	    "list the generation table" },
	[CMD_DEMO] = { "demo", cmd_demo, "[--size N] [--seed S]",
	    "create a realistic demonstration organisation" },
};

static void
help(FILE *f)
{
	size_t	 i;

	fprintf(f, "usage: tandem [-d FILE] COMMAND [ARGS]\n\n"
	    "Tandem runs reverse-mentoring programmes.\n\ncommands:\n");
	for (i = 0; i < CMD__MAX; i++)
		fprintf(f, "  %-12s %s\n", commands[i].name,
		    commands[i].summary);
	fprintf(f, "\n-d FILE, or TANDEM_DB, names the database "
	    "(default ./tandem.db).\nSee tandem(1).\n");
}

int
usage(const char *name)
{
	size_t	 i;

	for (i = 0; i < CMD__MAX; i++)
		if (strcmp(commands[i].name, name) == 0)
			fprintf(stderr, "usage: tandem %s %s\n", name,
			    commands[i].usage);
	return EXIT_USAGE;
}

void
print_diags(const struct tdm_diags *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++) {
		if (d->v[i].source != NULL)
			fprintf(stderr, "%s:", d->v[i].source);
		if (d->v[i].line)
			fprintf(stderr, "%zu:", d->v[i].line);
		if (d->v[i].line && d->v[i].column)
			fprintf(stderr, "%zu:", d->v[i].column);
		fprintf(stderr, "%s%s\n", d->v[i].source || d->v[i].line ?
		    " " : "", d->v[i].message);
	}
	if (d->dropped)
		fprintf(stderr, "... and %zu more problem%s\n", d->dropped,
		    d->dropped == 1 ? "" : "s");
}

int
fail(const char *what, enum tdm_err err, const struct tdm_diags *d)
{
	print_diags(d);
	if (err != TDM_EINVAL || d->n == 0)
		fprintf(stderr, "tandem: %s: %s\n", what, tdm_strerror(err));
	return EXIT_FAILED;
}

struct tdm_store *
open_store(const struct cli *cli, enum tdm_open_mode mode)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	enum tdm_err		 err;

	if ((err = tdm_store_open(cli->db, mode, &st, &d)) != TDM_OK) {
		fail(cli->db, err, &d);
		tdm_diags_free(&d);
		return NULL;
	}
	tdm_diags_free(&d);
	if (cli->now)
		tdm_store_set_now(st, cli->now);
	return st;
}

int
read_file(const char *path, unsigned char **data, size_t *len)
{
	struct tdm_buf	 b = TDM_BUF_INIT;
	FILE		*f;
	size_t		 n;

	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "tandem: %s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (tdm_buf_grow(&b, 65536) == -1)
			break;
		n = fread(b.buf + b.len, 1, b.alloc - b.len - 1, f);
		b.len += n;
	} while (n > 0);
	b.buf[b.len] = '\0';
	if (ferror(f) || b.failed) {
		fprintf(stderr, "tandem: %s: %s\n", path, b.failed ?
		    "out of memory" : strerror(errno));
		if (f != stdin)
			fclose(f);
		tdm_buf_release(&b);
		return -1;
	}
	if (f != stdin)
		fclose(f);
	*data = (unsigned char *)tdm_buf_detach(&b, len);
	return *data == NULL ? -1 : 0;
}

/* TANDEM_NOW fixes the clock for tests: yyyy-mm-dd[Thh:mm:ssZ], UTC. */
static int
parse_now(const char *s, time_t *t)
{
	struct tm	 tm;
	const char	*end;

	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%d", &tm);
	if (end != NULL && *end == 'T')
		end = strptime(end, "T%H:%M:%SZ", &tm);
	if (end == NULL || *end != '\0')
		return -1;
	*t = timegm(&tm);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct cli	 cli;
	const char	*env;
	size_t		 i;
	int		 c;
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};

	memset(&cli, 0, sizeof(cli));
	cli.db = (env = getenv("TANDEM_DB")) != NULL && *env ? env :
	    "tandem.db";
	if ((env = getenv("TANDEM_NOW")) != NULL && *env &&
	    parse_now(env, &cli.now) == -1) {
		fprintf(stderr, "tandem: TANDEM_NOW: \"%s\" is not "
		    "yyyy-mm-dd or yyyy-mm-ddThh:mm:ssZ\n", env);
		return EXIT_USAGE;
	}
	while ((c = getopt_long(argc, argv, "+d:hV", longopts, NULL)) != -1)
		switch (c) {
		case 'd':
			cli.db = optarg;
			break;
		case 'h':
			help(stdout);
			return EXIT_OK;
		case 'V':
			printf("tandem %s (schema %d)\n", TANDEM_VERSION,
			    tdm_schema_version());
			return EXIT_OK;
		default:
			help(stderr);
			return EXIT_USAGE;
		}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		help(stderr);
		return EXIT_USAGE;
	}
	for (i = 0; i < CMD__MAX; i++)
		if (strcmp(argv[0], commands[i].name) == 0) {
			/* Subcommands parse their own options from argv[0]. */
			optind = 0;
			return commands[i].run(&cli, argc, argv);
		}
	fprintf(stderr, "tandem: unknown command \"%s\"\n", argv[0]);
	help(stderr);
	return EXIT_USAGE;
}

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
	CMD_ROLE,
	CMD_PROGRAMME,
	CMD_TOPIC,
	CMD_COACH,
	CMD_ENROL,
	CMD_WITHDRAW,
	CMD_ENROLMENTS,
	CMD_AUDIT,
	CMD_MATCH,
	CMD_PAIR,
	CMD_SESSION,
	CMD_FEEDBACK,
	CMD_SURVEY,
	CMD_ICAL,
	CMD_WATCH,
	CMD_REPORT,
	CMD_EXPORT,
	CMD_ERASE,
	CMD_PURGE,
	CMD_BACKUP,
	CMD_CHECK,
	CMD_USER,
	CMD_SERVE,
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
	[CMD_DEMO] = { "demo", cmd_demo, "[--size N] [--seed S] [--mentees N "
	    "--mentors N [--capacity K]]",
	    "create a realistic demonstration organisation" },
	[CMD_ROLE] = { "role", cmd_role, "grant|revoke ID ROLE | list",
	    "grant and revoke the admin, manager and sponsor roles" },
	[CMD_PROGRAMME] = { "programme", cmd_programme,
	    "create|edit|show|list|history|charter|submit|approve|return|"
	    "open|start|close ...",
	    "design programmes and move them through their lifecycle" },
	[CMD_TOPIC] = { "topic", cmd_topic, "list | add PROGRAMME CODE "
	    "LABEL_FR [LABEL_EN]", "the topic catalogue" },
	[CMD_COACH] = { "coach", cmd_coach, "add NAME EMAIL [ORGANISATION] "
	    "| list", "external coaches" },
	[CMD_ENROL] = { "enrol", cmd_enrol, "PROGRAMME ID --mentor|--mentee "
	    "--topics CODE=LEVEL[:INTEREST],... [--languages L,...] "
	    "[--site SITE] [--remote] [--availability mon-am,...] "
	    "[--capacity N] [--optin-ref REF]",
	    "enrol a volunteer in a programme" },
	[CMD_WITHDRAW] = { "withdraw", cmd_withdraw, "PROGRAMME ID",
	    "withdraw from a programme" },
	[CMD_ENROLMENTS] = { "enrolments", cmd_enrolments,
	    "[--withdrawn] PROGRAMME", "list the volunteers of a programme" },
	[CMD_AUDIT] = { "audit", cmd_audit, "list | verify",
	    "read and verify the audit log" },
	[CMD_MATCH] = { "match", cmd_match,
	    "[--explain] [--json] [--dry-run] PROGRAMME",
	    "pair mentors and mentees, optimally, and explain" },
	[CMD_PAIR] = { "pair", cmd_pair, "list PROGRAMME | lock|unlock "
	    "PROGRAMME MENTEE | reject PROGRAMME MENTOR MENTEE | publish "
	    "PROGRAMME | accept|decline [--for ID] [--note TEXT] PROGRAMME "
	    "MENTOR MENTEE", "review, publish and answer pairs" },
	[CMD_SESSION] = { "session", cmd_session, "plan [--start DATE] "
	    "PROGRAMME | list [--for ID] PROGRAMME | move --at \"DATE HH:MM\" "
	    "N | cancel [--by SIDE] [--reason TEXT] N | held [--absent "
	    "ID,...] N | add --at \"DATE HH:MM\" PROGRAMME MENTOR [MENTEE]",
	    "plan and follow the sessions" },
	[CMD_FEEDBACK] = { "feedback", cmd_feedback,
	    "--rating 1-5 [--comment TEXT] [--for ID] SESSION",
	    "rate a session held" },
	[CMD_SURVEY] = { "survey", cmd_survey, "--recommend yes|no "
	    "[--changed TEXT] [--levels CODE=LEVEL,...] [--for ID] PROGRAMME",
	    "answer the closing survey" },
	[CMD_ICAL] = { "ical", cmd_ical, "session N | feed PROGRAMME ID",
	    "calendar invitations (iCalendar)" },
	[CMD_WATCH] = { "watch", cmd_watch, "PROGRAMME",
	    "the pairs at risk" },
	[CMD_REPORT] = { "report", cmd_report,
	    "[--format text|json|csv|svg|html] PROGRAMME",
	    "the outcome report" },
	[CMD_EXPORT] = { "export", cmd_export, "person ID",
	    "everything Tandem holds about a person, as JSON" },
	[CMD_ERASE] = { "erase", cmd_erase, "person ID",
	    "erase a person's personal data" },
	[CMD_PURGE] = { "purge", cmd_purge, "[--now DATE]",
	    "apply the retention delays of closed programmes" },
	[CMD_BACKUP] = { "backup", cmd_backup, "FILE",
	    "copy the live database into a new file" },
	[CMD_CHECK] = { "check", cmd_check, "",
	    "check the database, its foreign keys and the audit chain" },
	[CMD_USER] = { "user", cmd_user, "invite ID|EMAIL",
	    "print a one-time link to choose a password for the web UI" },
	[CMD_SERVE] = { "serve", cmd_serve, "[--listen ADDR:PORT] "
	    "[--threads N] [--quiet]",
	    "serve the JSON API and the browser UI (default 127.0.0.1:8080)" },
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
	    "(default ./tandem.db).\n--as ID, or TANDEM_AS, says which "
	    "employee acts.\nSee tandem(1).\n");
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
print_padded(const char *s, int width)
{
	int	 n = 0;
	const char *p;

	for (p = s; *p; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			n++;
	fputs(s, stdout);
	for (; n < width; n++)
		putchar(' ');
}

void
print_diags(const struct tdm_diags *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++) {
		/* A file's problems name the file; the others the tool. */
		if (d->v[i].line == 0)
			fprintf(stderr, "tandem:");
		if (d->v[i].source != NULL && d->v[i].line == 0)
			fputc(' ', stderr);
		if (d->v[i].source != NULL)
			fprintf(stderr, "%s:", d->v[i].source);
		if (d->v[i].line)
			fprintf(stderr, "%zu:", d->v[i].line);
		if (d->v[i].line && d->v[i].column)
			fprintf(stderr, "%zu:", d->v[i].column);
		fprintf(stderr, " %s\n", d->v[i].message);
	}
	if (d->dropped)
		fprintf(stderr, "... and %zu more problem%s\n", d->dropped,
		    d->dropped == 1 ? "" : "s");
}

int
fail(const char *what, enum tdm_err err, const struct tdm_diags *d)
{
	print_diags(d);
	if (tdm_diag_count(d) == 0)
		fprintf(stderr, "tandem: %s: %s\n", what, tdm_strerror(err));
	return EXIT_FAILED;
}

struct tdm_store *
open_store(const struct cli *cli, enum tdm_open_mode mode)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_actor	 a;
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
	/* Whoever --as names must exist, even where nobody acts. */
	if (mode == TDM_OPEN_EXISTING && load_actor(cli, st, &a) == -1) {
		tdm_store_close(st);
		return NULL;
	}
	return st;
}

int
load_actor(const struct cli *cli, struct tdm_store *st, struct tdm_actor *a)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;

	if (cli->as == NULL) {
		tdm_actor_system(a);
		return 0;
	}
	if (tdm_actor_load(st, cli->as, a, &d) != TDM_OK) {
		fprintf(stderr, "tandem: --as %s: who acts must be an active "
		    "employee\n", cli->as);
		print_diags(&d);
		tdm_diags_free(&d);
		return -1;
	}
	return 0;
}

struct tdm_store *
open_acting(const struct cli *cli, struct tdm_actor *a)
{
	struct tdm_store	*st;

	if ((st = open_store(cli, TDM_OPEN_EXISTING)) == NULL)
		return NULL;
	/* open_store() has checked that the actor exists. */
	load_actor(cli, st, a);
	return st;
}

int
done(struct tdm_store *st, const char *what, enum tdm_err err,
    struct tdm_diags *d)
{
	int	 rc = EXIT_OK;

	if (err != TDM_OK)
		rc = fail(what, err, d);
	tdm_diags_free(d);
	tdm_store_close(st);
	return rc;
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
		{ "as", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};

	memset(&cli, 0, sizeof(cli));
	cli.prog = argc > 0 && argv[0] != NULL ? argv[0] : "tandem";
	cli.db = (env = getenv("TANDEM_DB")) != NULL && *env ? env :
	    "tandem.db";
	if ((env = getenv("TANDEM_NOW")) != NULL && *env &&
	    parse_now(env, &cli.now) == -1) {
		fprintf(stderr, "tandem: TANDEM_NOW: \"%s\" is not "
		    "yyyy-mm-dd or yyyy-mm-ddThh:mm:ssZ\n", env);
		return EXIT_USAGE;
	}
	if ((env = getenv("TANDEM_AS")) != NULL && *env)
		cli.as = env;
	while ((c = getopt_long(argc, argv, "+d:hV", longopts, NULL)) != -1)
		switch (c) {
		case 'd':
			cli.db = optarg;
			break;
		case 'a':
			cli.as = optarg;
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

/*
 * The tandem command: global options and the table of commands.  Each
 * command lives in its own cmd_<name>.c; this file dispatches, opens and
 * closes the store for them, and holds the helpers they share.
 */
#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <iconv.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli.h"

/*
 * The commands, in the order of tandem --help.  No enum names the rows:
 * main() and usage() walk the table to its end, so a command without a
 * row is simply unknown, never a hole.  A row's flags say what main()
 * makes ready for the command (setup()) and closes after it.
 */
static const struct command commands[] = {
	{ "init", cmd_init, RUN_INIT, "",
	    "create the database, or upgrade it to this version" },
	{ "import", cmd_import, RUN_STORE, "roster [--dry-run] "
	    "[--encoding ENC] [--map FIELD=HEADER,...] "
	    "[--confirm-leavers N] [--leavers-percent P] [--leavers-max N] "
	    "FILE",
	    "import the roster from an HR export" },
	{ "employees", cmd_employees, RUN_STORE, "[--json] [--inactive]",
	    "list the employees of the roster" },
	{ "employee", cmd_employee, RUN_STORE, "show [--json] ID",
	    "show one employee" },
	{ "generations", cmd_generations, RUN_STORE, "",
	    "list the generation table" },
	{ "demo", cmd_demo, RUN_INIT, "[--size N] [--seed S] [--mentees N "
	    "--mentors N [--capacity K]]",
	    "create a realistic demonstration organisation" },
	{ "role", cmd_role, RUN_STORE, "grant|revoke ID ROLE "
	    "[--programme P] | list",
	    "grant and revoke the admin, manager and sponsor roles" },
	{ "programme", cmd_programme, RUN_STORE,
	    "create|edit|show|list|history|charter|submit|approve|return|"
	    "open|start|close ...",
	    "design programmes and move them through their lifecycle" },
	{ "topic", cmd_topic, RUN_STORE, "list | add PROGRAMME CODE "
	    "LABEL_FR [LABEL_EN]", "the topic catalogue" },
	{ "coach", cmd_coach, RUN_STORE, "add NAME EMAIL [ORGANISATION] "
	    "| list", "external coaches" },
	{ "enrol", cmd_enrol, RUN_STORE, "PROGRAMME ID --mentor|--mentee "
	    "--topics CODE=LEVEL[:INTEREST],... [--languages L,...] "
	    "[--site SITE] [--remote] [--availability mon-am,...] "
	    "[--capacity N] [--optin-ref REF] | --change PROGRAMME ID "
	    "[--topics ...] [--languages L,...] [--site SITE] "
	    "[--remote|--on-site] [--availability ...] [--capacity N]",
	    "enrol a volunteer in a programme, again, or change it" },
	{ "withdraw", cmd_withdraw, RUN_STORE, "PROGRAMME ID",
	    "withdraw from a programme" },
	{ "enrolments", cmd_enrolments, RUN_STORE,
	    "[--withdrawn] PROGRAMME", "list the volunteers of a programme" },
	{ "audit", cmd_audit, RUN_STORE, "list | verify",
	    "read and verify the audit log" },
	{ "match", cmd_match, RUN_STORE,
	    "[--explain] [--json] [--dry-run] PROGRAMME",
	    "pair mentors and mentees, optimally, and explain" },
	{ "pair", cmd_pair, RUN_STORE, "list PROGRAMME | lock|unlock "
	    "PROGRAMME MENTEE | reject PROGRAMME MENTOR MENTEE | publish "
	    "PROGRAMME | accept|decline [--for ID] [--note TEXT] PROGRAMME "
	    "MENTOR MENTEE | end --reason TEXT PROGRAMME MENTOR MENTEE | "
	    "waiting PROGRAMME", "review, publish, answer and end pairs" },
	{ "session", cmd_session, RUN_STORE, "plan [--start DATE] "
	    "PROGRAMME | list [--for ID] PROGRAMME | move --at \"DATE HH:MM\" "
	    "N | cancel [--by SIDE] [--reason TEXT] N | held [--absent "
	    "ID,...] N | add --at \"DATE HH:MM\" PROGRAMME MENTOR [MENTEE] "
	    "| propose --at \"DATE HH:MM\" N | agree|decline N | where "
	    "[--place TEXT] [--link URL] PROGRAMME [MENTOR MENTEE] | "
	    "discreet PROGRAMME [MENTOR MENTEE] MODE",
	    "plan and follow the sessions" },
	{ "feedback", cmd_feedback, RUN_STORE,
	    "--rating 1-5 [--comment TEXT] [--for ID] SESSION",
	    "rate a session held" },
	{ "survey", cmd_survey, RUN_STORE, "--recommend yes|no "
	    "[--changed TEXT] [--levels CODE=LEVEL,...] "
	    "[--practices CODE,...] [--teach 1-5 --upward 1-5] "
	    "[--taught CODE,...] [--for ID] PROGRAMME | --followup "
	    "[--levels ...] [--practices ...] [--teach N --upward N] "
	    "[--for ID] PROGRAMME | --show [--for ID] PROGRAMME",
	    "answer the closing or the 90-day survey" },
	{ "ical", cmd_ical, RUN_STORE, "session N | feed PROGRAMME ID",
	    "calendar invitations (iCalendar)" },
	{ "closure", cmd_closure, RUN_STORE, "add DATE [LABEL] | remove DATE "
	    "| list", "the company's closure days, when no session is held" },
	{ "watch", cmd_watch, RUN_STORE, "PROGRAMME",
	    "the pairs at risk" },
	{ "report", cmd_report, RUN_STORE,
	    "[--format text|json|csv|svg|html] [--lang fr|en] PROGRAMME|--all",
	    "the outcome report" },
	{ "export", cmd_export, RUN_STORE, "person ID | coach EMAIL",
	    "everything Tandem holds about a person, as JSON" },
	{ "erase", cmd_erase, RUN_STORE, "person ID | coach EMAIL",
	    "erase a person's personal data" },
	{ "purge", cmd_purge, RUN_STORE, "[--now DATE]",
	    "apply the retention delays of closed programmes" },
	{ "backup", cmd_backup, RUN_STORE, "FILE | --keep N DIR",
	    "copy the live database into a new file" },
	{ "check", cmd_check, RUN_STORE, "",
	    "check the database, its foreign keys and the audit chain" },
	{ "user", cmd_user, RUN_STORE, "invite ID|EMAIL",
	    "print a one-time link to choose a password for the web UI" },
	{ "mail", cmd_mail, RUN_STORE, "send [--relay URL] [--user NAME] "
	    "[--secret-file FILE] [--ca-file FILE] [--maildir DIR] [--max N] | "
	    "list [--state STATE] [--limit N] | show [--raw] ID | "
	    "retry ID|--all | config [--from ADDR] [--url URL] [--keep DAYS] | "
	    "prefs [--reminders on|off] [--digests on|off] | "
	    "audience [--department D] [--site S] [--generation G] PROGRAMME | "
	    "deadline PROGRAMME DAYS",
	    "deliver the outbox, list it, show or retry a message" },
	/* Recognition for the young mentors (issue 16). */
	{ "attestation", cmd_attestation, RUN_STORE, "issue PROGRAMME [ID] "
	    "| verify CODE [FILE] "
	    "| naming agree|withdraw PROGRAMME [PARTNER] | naming show PROGRAMME",
	    "a mentor's attestation, and its verification" },
	{ "kudos", cmd_kudos, RUN_STORE, "send [--to ID] PROGRAMME MESSAGE "
	    "| list PROGRAMME", "thank a mentor; read the thanks received" },
	/* Moving a site to PostgreSQL (issue 18). */
	{ "migrate", cmd_migrate, RUN_STORE, "--to DATABASE",
	    "copy this SQLite database into an empty PostgreSQL one" },
	{ "serve", cmd_serve, 0, "[--listen ADDR:PORT] "
	    "[--threads N] [--quiet] [--config FILE] [--trusted-proxy ADDR]...",
	    "serve the JSON API and the browser UI (default 127.0.0.1:8080)" },
};

static void
help(FILE *f)
{
	size_t	 i;

	cli_fprintf(f, "usage: tandem [-d FILE] COMMAND [ARGS]\n\n"
	    "Tandem runs reverse-mentoring programmes.\n\ncommands:\n");
	for (i = 0; i < nitems(commands); i++)
		fprintf(f, "  %-12s %s\n", commands[i].name,
		    cli_tr(commands[i].summary));
	cli_fprintf(f, "\n-d FILE, or TANDEM_DB, names the database "
	    "(default ./tandem.db).\n--as ID, or TANDEM_AS, says which "
	    "employee acts.\nSee tandem(1).\n");
}

int
cli_id(const char *s, const char *what, int64_t *id)
{
	char	*end;

	errno = 0;
	*id = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || *id <= 0) {
		cli_fprintf(stderr, "tandem: \"%s\" is not a %s number\n", s,
		    cli_tr(what));
		return -1;
	}
	return 0;
}

int
usage(const char *name)
{
	size_t	 i;

	for (i = 0; i < nitems(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			cli_fprintf(stderr, "usage: tandem %s %s\n", name,
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

/* A diagnostic in the locale's language (issue 15, docs/i18n.md). */
void
print_message(FILE *f, const struct tdm_diag *e)
{
	struct tdm_buf		 b = TDM_BUF_INIT;
	struct tdm_render	 ro = { TDM_LANG_EN, 0, NULL, NULL };

	ro.lang = tdm_lang_env();
	tdm_diag_render(&b, e, &ro);
	fprintf(f, "%s\n", b.failed ? e->message : b.buf);
	tdm_buf_release(&b);
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
		fputc(' ', stderr);
		print_message(stderr, &d->v[i]);
	}
	if (d->dropped)
		cli_fprintf(stderr, "... and %zu more problem%s\n", d->dropped,
		    d->dropped == 1 ? "" : "s");
}

int
fail(const char *what, enum tdm_err err, const struct tdm_diags *d)
{
	print_diags(d);
	/* A diagnostic lost for want of memory leaves the status to say
	 * what went wrong. */
	if (d->n == 0)
		fprintf(stderr, "tandem: %s: %s\n", what, cli_strerror(err));
	return EXIT_FAILED;
}

/*
 * Who acts: the employee named by --as, with their roles, or the system
 * operator.  Prints the problem and returns -1 if --as names nobody.
 */
static int
load_actor(const struct cli *cli, struct tdm_store *st, struct tdm_actor *a)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	enum tdm_err		 err;

	if (cli->as == NULL) {
		tdm_actor_system(a);
		return 0;
	}
	if ((err = tdm_actor_load(st, cli->as, a, &d)) != TDM_OK) {
		/* A store that fails (out of memory) is not a leaver. */
		if (err != TDM_ENOENT) {
			fail("--as", err, &d);
			tdm_diags_free(&d);
			return -1;
		}
		cli_fprintf(stderr, "tandem: --as %s: who acts must be an "
		    "active employee\n", cli->as);
		print_diags(&d);
		tdm_diags_free(&d);
		return -1;
	}
	return 0;
}

struct tdm_store *
setup(struct cli *cli)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	enum tdm_open_mode	 mode;
	enum tdm_err		 err;

	/* A row without RUN_STORE or RUN_INIT has no business here. */
	assert(cli->cmd->flags & (RUN_STORE | RUN_INIT));
	if (cli->st != NULL)
		return cli->st;
	mode = cli->cmd->flags & RUN_INIT ? TDM_OPEN_INIT : TDM_OPEN_EXISTING;
	if ((err = tdm_store_open(cli->db, mode, &st, &d)) != TDM_OK) {
		fail(cli->db, err, &d);
		tdm_diags_free(&d);
		return NULL;
	}
	tdm_diags_free(&d);
	if (cli->now)
		tdm_store_set_now(st, cli->now);
	/*
	 * Whoever --as names must exist, even for a command that reads as
	 * the operator; a new database has nobody yet.
	 */
	if (mode == TDM_OPEN_EXISTING && load_actor(cli, st, &cli->actor) ==
	    -1) {
		tdm_store_close(st);
		return NULL;
	}
	return cli->st = st;
}

int
subcommand(struct cli *cli, const struct subcommand *subs, size_t n,
    int argc, char *argv[])
{
	size_t	 i;

	for (i = 0; argc >= 2 && i < n; i++)
		if (strcmp(argv[1], subs[i].name) == 0) {
			/* The sub-command parses its options from argv[0]. */
			optind = 0;
			return subs[i].run(cli, argc - 1, argv + 1);
		}
	return usage(cli->cmd->name);
}

int
done(const char *what, enum tdm_err err, struct tdm_diags *d)
{
	int	 rc = EXIT_OK;

	if (err != TDM_OK)
		rc = fail(what, err, d);
	tdm_diags_free(d);
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
		fprintf(stderr, "tandem: %s: %s\n", path, cli_errno(errno));
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
		    cli_tr("out of memory") : cli_errno(errno));
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

/*
 * Every argument is text: UTF-8 (issue 17).  One that is not is taken
 * as the locale's encoding when the locale names one (a Latin-1
 * terminal) and transcoded; otherwise it is refused, naming it.  The
 * converted copies live as long as the process.
 */
static int
args_text(int argc, char *argv[])
{
	const char	*cs, *what;
	char		*in, *out, *copy;
	size_t		 inleft, outleft, len;
	iconv_t		 cd = (iconv_t)-1;
	int		 i, rc = 0;

	setlocale(LC_CTYPE, "");
	cs = nl_langinfo(CODESET);
	for (i = 0; i < argc && rc == 0; i++) {
		len = strlen(argv[i]);
		if (tdm_utf8_valid(argv[i], len))
			continue;
		if (cd == (iconv_t)-1 && strcasecmp(cs, "UTF-8") != 0 &&
		    strcmp(cs, "ANSI_X3.4-1968") != 0)
			cd = iconv_open("UTF-8", cs);
		copy = NULL;
		if (cd != (iconv_t)-1 && (copy = malloc(len * 4 + 1)) != NULL) {
			in = argv[i];
			inleft = len;
			out = copy;
			outleft = len * 4;
			if (iconv(cd, &in, &inleft, &out, &outleft) !=
			    (size_t)-1 && tdm_utf8_valid(copy, (size_t)(out -
			    copy))) {
				*out = '\0';
				argv[i] = copy;
				continue;
			}
			free(copy);
		}
		what = i > 0 && strncmp(argv[i - 1], "--", 2) == 0 ?
		    argv[i - 1] : NULL;
		cli_fprintf(stderr, "tandem: %s%sargument %d is not text: not "
		    "valid UTF-8, nor in the locale's encoding (%s)\n",
		    what ? what : "", what ? ": " : "", i, cs);
		rc = -1;
	}
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	setlocale(LC_CTYPE, "C");
	return rc;
}

int
main(int argc, char *argv[])
{
	struct cli	 cli;
	const char	*env;
	size_t		 i;
	int		 c, rc;
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "as", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};

	memset(&cli, 0, sizeof(cli));
	if (args_text(argc, argv) == -1)
		return EXIT_USAGE;
	cli.prog = argc > 0 && argv[0] != NULL ? argv[0] : "tandem";
	cli.db = (env = getenv("TANDEM_DB")) != NULL && *env ? env :
	    "tandem.db";
	if ((env = getenv("TANDEM_NOW")) != NULL && *env &&
	    parse_now(env, &cli.now) == -1) {
		cli_fprintf(stderr, "tandem: TANDEM_NOW: \"%s\" is not "
		    "yyyy-mm-dd or yyyy-mm-ddThh:mm:ssZ\n", env);
		return EXIT_USAGE;
	}
	if ((env = getenv("TANDEM_AS")) != NULL && *env)
		cli.as = env;
	while ((c = cli_getopt(argc, argv, "+d:hV", longopts)) != -1)
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
	for (i = 0; i < nitems(commands); i++)
		if (strcmp(argv[0], commands[i].name) == 0)
			break;
	if (i == nitems(commands)) {
		cli_fprintf(stderr, "tandem: unknown command \"%s\"\n",
		    argv[0]);
		help(stderr);
		return EXIT_USAGE;
	}
	cli.cmd = &commands[i];
	/* Commands parse their own options from argv[0]. */
	optind = 0;
	rc = cli.cmd->run(&cli, argc, argv);
	if (cli.st != NULL)
		tdm_store_close(cli.st);
	return rc;
}

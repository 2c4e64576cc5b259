/*
 * tandem demo: make a realistic organisation and import it through the
 * same path as a real HR export, then say what was created.  The data is
 * fiction from a fixed seed (see demo.h); this file only drives it.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

#define MAXKEYS 32

struct tally {
	const char	*key[MAXKEYS];
	size_t		 count[MAXKEYS];
	size_t		 n;
};

struct census {
	struct tally	 generation, department, site;
	char		 ceo[128];
	size_t		 total;
};

static void
tally(struct tally *t, const char *key)
{
	size_t	 i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->key[i], key) == 0) {
			t->count[i]++;
			return;
		}
	if (t->n < MAXKEYS && (t->key[t->n] = strdup(key)) != NULL)
		t->count[t->n++] = 1;
}

/* Print a tally, largest first, and free its keys. */
static void
print_tally(const char *title, struct tally *t)
{
	size_t		 i, j, c;
	const char	*k;

	for (i = 1; i < t->n; i++)
		for (j = i; j > 0 && t->count[j] > t->count[j - 1]; j--) {
			c = t->count[j];
			t->count[j] = t->count[j - 1];
			t->count[j - 1] = c;
			k = t->key[j];
			t->key[j] = t->key[j - 1];
			t->key[j - 1] = k;
		}
	cli_printf("%s:\n", title);
	for (i = 0; i < t->n; i++) {
		printf("  ");
		print_padded(t->key[i], 40);
		printf("%6zu\n", t->count[i]);
		free((char *)t->key[i]);
	}
}

static int
any(void *arg, const struct tdm_employee *e)
{
	(void)e;
	*(int *)arg = 1;
	return 1;
}

static int
describe(void *arg, const struct tdm_employee *e)
{
	snprintf(arg, 160, "%s %s (%s, %s)", e->first_name, e->last_name,
	    e->job_title, e->matricule);
	return 0;
}

static int
count(void *arg, const struct tdm_employee *e)
{
	struct census	*c = arg;

	if (*e->manager == '\0')
		snprintf(c->ceo, sizeof(c->ceo),
		    cli_tr("%s %s (%s, born %d)"),
		    e->first_name, e->last_name, e->job_title, e->birth_year);
	tally(&c->generation, e->generation);
	tally(&c->department, e->department);
	tally(&c->site, e->site);
	c->total++;
	return 0;
}

/* One command to try, as the user called the tool. */
static void
suggest(const struct cli *cli, const char *as, const char *what,
    const char *programme, const char *tail)
{
	printf("  %s -d %s", cli->prog, cli->db);
	if (as != NULL)
		printf(" --as %s", as);
	printf(" %s", what);
	if (programme != NULL)
		printf(" \"%s\"", programme);
	printf("%s\n", tail);
}

/* The demonstration's accounts share it; real ones start from an
 * invitation (tandem user invite). */
#define DEMO_PASSWORD "tandem-demo-12"

int
cmd_demo(struct cli *cli, int argc, char *argv[])
{
	struct tdm_import_opts		 opts;
	struct tdm_import_result	 res;
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_buf			 csv = TDM_BUF_INIT;
	struct tdm_store		*st;
	struct tdm_actor		 sys;
	struct census			 census;
	struct tdm_demo_summary		 sum;
	struct tdm_demo_account		 accounts[TDM_DEMO_ACCOUNTS];
	size_t				 i;
	struct tdm_demo_size		 dsize = { 0, 0, 2 };
	unsigned long			 n;
	char				 manager[160], sponsor[160];
	int				 populated;
	struct tm			 tm;
	time_t				 now;
	unsigned long			 size = 400;
	unsigned long long		 seed = 2026;
	enum tdm_err			 err;
	char				*end;
	int				 c, year, rc = EXIT_FAILED;
	static const struct option	 longopts[] = {
		{ "size", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "mentees", required_argument, NULL, 'e' },
		{ "mentors", required_argument, NULL, 'r' },
		{ "capacity", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};

	while ((c = cli_getopt(argc, argv, "n:s:", longopts)) != -1)
		switch (c) {
		case 'n':
			size = strtoul(optarg, &end, 10);
			if (*end != '\0' || size < 1 || size > 900000) {
				cli_fprintf(stderr, "tandem: --size: a "
				    "number from 1 to 900000\n");
				return EXIT_USAGE;
			}
			break;
		case 'e':
		case 'r':
		case 'c':
			n = strtoul(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || n > 900000 ||
			    (c == 'c' && (n < 1 || n > 50))) {
				cli_fprintf(stderr, "tandem: --%s: a "
				    "number%s\n",
				    c == 'e'       ? "mentees"
					: c == 'r' ? "mentors"
						   : "capacity",
				    c == 'c' ? cli_tr(" from 1 to 50") : "");
				return EXIT_USAGE;
			}
			if (c == 'e')
				dsize.mentees = (unsigned)n;
			else if (c == 'r')
				dsize.mentors = (unsigned)n;
			else
				dsize.capacity = (unsigned)n;
			break;
		case 's':
			seed = strtoull(optarg, &end, 10);
			if (*end != '\0') {
				cli_fprintf(stderr, "tandem: --seed: a "
				    "number\n");
				return EXIT_USAGE;
			}
			break;
		default:
			return usage("demo");
		}
	if (optind != argc)
		return usage("demo");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	/* The demo's database is its maker's: the system operator reads. */
	tdm_actor_system(&sys);
	/* Nobody may be hired after today: the demo hires up to September. */
	now = tdm_store_now(st);
	gmtime_r(&now, &tm);
	year = tm.tm_year + 1900 - (tm.tm_mon < 8);
	if ((err = tdm_demo_roster(&csv, (unsigned)size, seed, year)) !=
	    TDM_OK) {
		fail("demo", err, &d);
		goto out;
	}
	/* A demo on a real roster would mark everyone else as a leaver. */
	populated = 0;
	if (tdm_employee_each(st, &sys, TDM_LIST_INACTIVE, any, &populated,
	    &d) != TDM_OK || populated) {
		cli_fprintf(stderr, "tandem: %s already has a roster; the "
		    "demo makes its own organisation in a database of its own: "
		    "name a new file with -d\n", cli->db);
		goto out;
	}
	memset(&opts, 0, sizeof(opts));
	err = tdm_roster_import(st, "demo roster", (unsigned char *)csv.buf,
	    csv.len, &opts, &res, &d);
	tdm_import_result_free(&res);
	if (err != TDM_OK) {
		fail("demo", err, &d);
		goto out;
	}
	memset(&census, 0, sizeof(census));
	if ((err = tdm_employee_each(st, &sys, 0, count, &census, &d)) !=
	    TDM_OK) {
		fail("demo", err, &d);
		goto out;
	}
	cli_printf("Demo organisation in %s: %zu employees (%zu added, "
	    "%zu updated, %zu unchanged)\n", cli->db, census.total,
	    res.added, res.updated, res.unchanged);
	cli_printf("Chief executive: %s\n", census.ceo);
	print_tally(cli_tr("By generation"), &census.generation);
	print_tally(cli_tr("By direction"), &census.department);
	print_tally(cli_tr("By site"), &census.site);
	if ((err = tdm_demo_programme(st, seed, &dsize, &sum, &d)) != TDM_OK) {
		fail("demo", err, &d);
		goto out;
	}
	tdm_employee_show(st, &sys, sum.manager, describe, manager, &d);
	tdm_employee_show(st, &sys, sum.sponsor, describe, sponsor, &d);
	cli_printf("\nProgramme \"%s\": approved, opened%s\n",
	    sum.programme,
	    sum.sessions ? cli_tr(", matched, running") : sum.pairs ?
	    cli_tr(", matched") : cli_tr(" (left open for matching)"));
	cli_printf("  programme manager: %s\n", manager);
	cli_printf("  sponsor:           %s\n", sponsor);
	cli_printf("  external coach:    Claire Fontaine <%s>\n", sum.coach);
	cli_printf("  volunteers:        %d mentors, %d mentees (%d signed "
	    "up themselves, the others on paper forms), the chief executive "
	    "among the mentees\n", sum.mentors, sum.mentees, sum.self_optins);
	if (sum.pairs)
		cli_printf("  pairs:             %d published (optimal, %s), "
		    "%d accepted by both members, %d declined\n", sum.pairs,
		    sum.certified ? cli_tr("certified") :
		    cli_tr("NOT certified"),
		    sum.accepted, sum.declined);
	if (sum.sessions)
		cli_printf("  sessions:          %d planned from two months "
		    "ago: %d held, %d cancelled so far; %d ratings, %d closing "
		    "surveys\n", sum.sessions, sum.held, sum.cancelled,
		    sum.feedback, sum.surveys);
	if (*sum.past)
		printf("\nProgramme \"%s\": closed on %s, followed up 90 days "
		    "later\n  pairs:             %d; %d sessions held; %d "
		    "closing surveys, %d at 90 days\n", sum.past,
		    sum.past_closed, sum.past_pairs, sum.past_held,
		    sum.past_surveys[0], sum.past_surveys[1]);
	if ((err = tdm_demo_accounts(st, &sum, DEMO_PASSWORD, accounts, &d)) !=
	    TDM_OK) {
		fail("demo", err, &d);
		goto out;
	}
	cli_printf("\nWeb accounts (tandem serve, then "
	    "http://127.0.0.1:8080/), password \"%s\" for all:\n",
	    DEMO_PASSWORD);
	for (i = 0; i < TDM_DEMO_ACCOUNTS; i++)
		if (*accounts[i].email)
			cli_printf("  %-18s %-42s %s\n", accounts[i].role,
			    accounts[i].email, accounts[i].name);
	cli_printf("\nTry:\n");
	suggest(cli, NULL, "programme charter", sum.programme, "");
	suggest(cli, NULL, "programme history", sum.programme, "");
	suggest(cli, NULL, "enrolments", sum.programme, "");
	suggest(cli, NULL, "pair list", sum.programme, "");
	suggest(cli, NULL, "session list", sum.programme, "");
	suggest(cli, NULL, "watch", sum.programme, "");
	suggest(cli, sum.sponsor, "report --format html", sum.programme,
	    " > report.html");
	if (*sum.past) {
		suggest(cli, sum.sponsor, "report", sum.past, "");
		suggest(cli, sum.sponsor, "report --all", NULL, "");
	}
	suggest(cli, sum.manager, "programme edit", sum.programme,
	    " --sessions 8");
	suggest(cli, NULL, "audit verify", NULL, "");
	rc = EXIT_OK;
out:
	tdm_buf_release(&csv);
	tdm_diags_free(&d);
	return rc;
}

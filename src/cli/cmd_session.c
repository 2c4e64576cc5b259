/*
 * tandem session: plan, list, move, cancel, mark held, and add the
 * sessions of a programme.  Times are Paris wall-clock time.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int
one(void *arg, const struct tdm_session *s)
{
	char	 when[17];

	(void)arg;
	tdm_paris_format(s->start, when);
	cli_row("%" PRId64 "\t%s\t%d min\t%s %s -> %s%s%s\tn°%d\t%s%s%s\n",
	    s->id, when, s->minutes, s->mentor, s->mentor_name,
	    *s->mentee ? s->mentee : cli_tr("group"), *s->mentee ? " " : "",
	    s->mentee_name, s->seq, s->state, *s->cancelled_by ?
	    cli_tr(" by the ") : strcmp(s->state, "cancelled") == 0 ?
	    cli_tr(" (tandem ended)") : "",
	    s->cancelled_by);
	return 0;
}

static int
when(const char *s, time_t *t)
{
	int	 rc = s == NULL ? -1 : tdm_paris_parse(s, t);

	if (rc == -2) {
		cli_fprintf(stderr, "tandem: --at: %s does not exist in "
		    "Paris: the clocks go forward an hour that night\n", s);
		return -1;
	}
	if (rc != 0) {
		cli_fprintf(stderr, "tandem: --at: give the Paris time as "
		    "\"yyyy-mm-dd hh:mm\"\n");
		return -1;
	}
	return 0;
}

/* The options of every session sub-command, as one set. */
struct options {
	const char	*at, *by, *reason, *absent, *start, *member;
	const char	*place, *link;
};

/* Parse the options; returns how many arguments they took, or -1. */
static int
options(int argc, char *argv[], struct options *o)
{
	int				 c;
	static const struct option	 longopts[] = {
		{ "at", required_argument, NULL, 'a' },
		{ "by", required_argument, NULL, 'b' },
		{ "reason", required_argument, NULL, 'r' },
		{ "absent", required_argument, NULL, 'x' },
		{ "start", required_argument, NULL, 's' },
		{ "for", required_argument, NULL, 'f' },
		{ "place", required_argument, NULL, 'p' },
		{ "link", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};

	memset(o, 0, sizeof(*o));
	while ((c = cli_getopt(argc, argv, "", longopts)) != -1)
		switch (c) {
		case 'a': o->at = optarg; break;
		case 'b': o->by = optarg; break;
		case 'r': o->reason = optarg; break;
		case 'x': o->absent = optarg; break;
		case 's': o->start = optarg; break;
		case 'f': o->member = optarg; break;
		case 'p': o->place = optarg; break;
		case 'l': o->link = optarg; break;
		default: return -1;
		}
	return optind;
}

static int
list(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	struct options		 o;
	int			 n;

	if ((n = options(argc, argv, &o)) == -1 || argc - n != 1)
		return usage("session");
	argv += n;
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	return done("session", tdm_session_each(st, &cli->actor,
	    argv[0], o.member, one, NULL, &d), &d);
}

/* session plan [--start DATE] PROGRAMME. */
static int
plan(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const struct tdm_actor	*actor = &cli->actor;
	struct tdm_store	*st;
	struct options		 o;
	enum tdm_err		 err;
	size_t			 n;
	int			 i;

	if ((i = options(argc, argv, &o)) == -1 || argc - i != 1)
		return usage("session");
	argv += i;
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_session_plan(st, actor, argv[0], o.start, &n, &d);
	if (err == TDM_OK) {
		cli_printf("%zu session%s planned\n", n, n == 1 ? "" : "s");
		/* The tandems that did not get their cadence, and why. */
		for (i = 0; i < (int)d.n; i++)
			print_message(stdout, &d.v[i]);
	}
	return done("session", err, &d);
}

/* session propose --at WHEN N | agree N | decline N. */
static int
proposal(const char *sub, struct tdm_store *st, const struct tdm_actor *actor,
    int64_t id, time_t t, struct tdm_diags *d)
{
	enum tdm_err	 err;
	int64_t		 newid = 0;
	int		 applied = 0;
	char		 when[17];

	if (strcmp(sub, "propose") == 0)
		err = tdm_session_propose(st, actor, id, t, &applied, &newid,
		    d);
	else
		err = tdm_session_answer(st, actor, id,
		    strcmp(sub, "agree") == 0, &newid, d);
	if (err != TDM_OK)
		return done("session", err, d);
	tdm_paris_format(t, when);
	if (newid != 0)
		cli_printf("session %" PRId64 " replaces session %" PRId64
		    "\n", newid, id);
	else if (strcmp(sub, "propose") == 0 && applied)
		cli_printf("session %" PRId64 ": moved to %s\n", id, when);
	else if (strcmp(sub, "propose") == 0)
		cli_printf("session %" PRId64 ": %s proposed, until the other "
		    "side agrees\n", id, when);
	else
		cli_printf("session %" PRId64 ": the date proposed is %s\n",
		    id, strcmp(sub, "agree") == 0 ? cli_tr("agreed") :
		    cli_tr("declined"));
	return done("session", err, d);
}

/* session move|cancel|held [OPTIONS] N: one session, by its number. */
static int
change(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const struct tdm_actor	*actor = &cli->actor;
	struct tdm_store	*st;
	struct options		 o;
	const char		*sub = argv[0];
	enum tdm_err		 err;
	int64_t			 id = 0;
	time_t			 t = 0;
	int			 n;

	if ((n = options(argc, argv, &o)) == -1 || argc - n != 1 ||
	    cli_id(argv[n], CLI_N_("session"), &id) == -1)
		return usage("session");
	if ((strcmp(sub, "move") == 0 || strcmp(sub, "propose") == 0) &&
	    when(o.at, &t) == -1)
		return EXIT_USAGE;
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	if (strcmp(sub, "propose") == 0 || strcmp(sub, "agree") == 0 ||
	    strcmp(sub, "decline") == 0)
		return proposal(sub, st, actor, id, t, &d);
	if (strcmp(sub, "move") == 0)
		err = tdm_session_move(st, actor, id, t, &d);
	else if (strcmp(sub, "cancel") == 0)
		err = tdm_session_cancel(st, actor, id, o.by, o.reason, &d);
	else
		err = tdm_session_held(st, actor, id, o.absent, &d);
	if (err == TDM_OK)
		cli_printf("session %" PRId64 ": %s\n", id,
		    strcmp(sub, "move") == 0 ? cli_tr("moved") :
		    strcmp(sub, "cancel") == 0 ? cli_tr("cancelled") :
		    cli_tr("held"));
	return done("session", err, &d);
}

/* session add --at "DATE HH:MM" PROGRAMME MENTOR [MENTEE]. */
static int
add(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const struct tdm_actor	*actor = &cli->actor;
	struct tdm_store	*st;
	struct options		 o;
	enum tdm_err		 err;
	int64_t			 id = 0;
	time_t			 t = 0;
	int			 n;

	if ((n = options(argc, argv, &o)) == -1)
		return usage("session");
	argc -= n;
	argv += n;
	if (when(o.at, &t) == -1)
		return EXIT_USAGE;
	if (argc != 2 && argc != 3)
		return usage("session");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_session_add(st, actor, argv[0], argv[1],
	    argc == 3 ? argv[2] : NULL, t, &id, &d);
	if (err == TDM_OK)
		cli_printf("session %" PRId64 " added\n", id);
	return done("session", err, &d);
}

/*
 * session where [--place TEXT] [--link URL] PROGRAMME [MENTOR MENTEE];
 * session discreet PROGRAMME [MENTOR MENTEE] MODE.
 */
static int
where(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	struct options		 o;
	enum tdm_err		 err;
	int			 n, discreet = strcmp(argv[0], "discreet") == 0;

	if ((n = options(argc, argv, &o)) == -1)
		return usage("session");
	argc -= n;
	argv += n;
	if (argc != 1 + discreet && argc != 3 + discreet)
		return usage("session");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	if (discreet)
		err = tdm_session_discreet(st, &cli->actor, argv[0],
		    argc == 4 ? argv[1] : NULL, argc == 4 ? argv[2] : NULL,
		    argv[argc - 1], &d);
	else
		err = tdm_session_where(st, &cli->actor, argv[0],
		    argc == 3 ? argv[1] : NULL, argc == 3 ? argv[2] : NULL,
		    o.place, o.link, &d);
	if (err == TDM_OK)
		cli_printf("%s: %s\n", argc >= 3 ?
		    cli_tr("the pair's sessions") :
		    cli_tr("the programme's sessions"), discreet ?
		    cli_tr("discretion set") : cli_tr("place and link set"));
	return done("session", err, &d);
}

int
cmd_session(struct cli *cli, int argc, char *argv[])
{
	static const struct subcommand subs[] = {
		{ "list", list },
		{ "plan", plan },
		{ "move", change },
		{ "cancel", change },
		{ "held", change },
		{ "add", add },
		{ "propose", change },
		{ "agree", change },
		{ "decline", change },
		{ "where", where },
		{ "discreet", where },
	};

	return SUBCOMMAND(cli, subs, argc, argv);
}

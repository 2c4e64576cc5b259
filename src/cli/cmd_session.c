/*
 * tandem session: plan, list, move, cancel, mark held, and add the
 * sessions of a programme.  Times are Paris wall-clock time.
 */
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
	printf("%" PRId64 "\t%s\t%d min\t%s %s -> %s%s%s\tn°%d\t%s%s%s\n",
	    s->id, when, s->minutes, s->mentor, s->mentor_name,
	    *s->mentee ? s->mentee : "group", *s->mentee ? " " : "",
	    s->mentee_name, s->seq, s->state, *s->cancelled_by ? " by the " :
	    strcmp(s->state, "cancelled") == 0 ? " (tandem ended)" : "",
	    s->cancelled_by);
	return 0;
}

static int
session_id(const char *s, int64_t *id)
{
	char	*end;

	*id = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || *id <= 0) {
		fprintf(stderr, "tandem: \"%s\" is not a session number\n", s);
		return -1;
	}
	return 0;
}

static int
when(const char *s, time_t *t)
{
	if (s == NULL || tdm_paris_parse(s, t) == -1) {
		fprintf(stderr, "tandem: --at: give the Paris time as "
		    "\"yyyy-mm-dd hh:mm\"\n");
		return -1;
	}
	return 0;
}

/* The options of every session sub-command, as one set. */
struct options {
	const char	*at, *by, *reason, *absent, *start, *member;
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
		{ NULL, 0, NULL, 0 },
	};

	memset(o, 0, sizeof(*o));
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 'a': o->at = optarg; break;
		case 'b': o->by = optarg; break;
		case 'r': o->reason = optarg; break;
		case 'x': o->absent = optarg; break;
		case 's': o->start = optarg; break;
		case 'f': o->member = optarg; break;
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
	if (err == TDM_OK)
		printf("%zu session%s planned\n", n, n == 1 ? "" : "s");
	return done("session", err, &d);
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
	    session_id(argv[n], &id) == -1)
		return usage("session");
	if (strcmp(sub, "move") == 0 && when(o.at, &t) == -1)
		return EXIT_USAGE;
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	if (strcmp(sub, "move") == 0)
		err = tdm_session_move(st, actor, id, t, &d);
	else if (strcmp(sub, "cancel") == 0)
		err = tdm_session_cancel(st, actor, id, o.by, o.reason, &d);
	else
		err = tdm_session_held(st, actor, id, o.absent, &d);
	if (err == TDM_OK)
		printf("session %" PRId64 ": %s\n", id,
		    strcmp(sub, "move") == 0 ? "moved" :
		    strcmp(sub, "cancel") == 0 ? "cancelled" : "held");
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
		printf("session %" PRId64 " added\n", id);
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
	};

	return SUBCOMMAND(cli, subs, argc, argv);
}

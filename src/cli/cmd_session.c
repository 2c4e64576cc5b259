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
	    "", s->cancelled_by);
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

int
cmd_session(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	const struct tdm_actor		*actor = &cli->actor;
	struct tdm_store		*st;
	const char			*sub, *at = NULL, *by = NULL;
	const char			*reason = NULL, *absent = NULL;
	const char			*start = NULL, *member = NULL;
	enum tdm_err			 err;
	int64_t				 id = 0;
	size_t				 n;
	time_t				 t = 0;
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

	if (argc < 3)
		return usage("session");
	sub = argv[1];
	argc--;
	argv++;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 'a': at = optarg; break;
		case 'b': by = optarg; break;
		case 'r': reason = optarg; break;
		case 'x': absent = optarg; break;
		case 's': start = optarg; break;
		case 'f': member = optarg; break;
		default: return usage("session");
		}
	argc -= optind;
	argv += optind;
	if (strcmp(sub, "list") == 0 && argc == 1) {
		if ((st = setup(cli)) == NULL)
			return EXIT_FAILED;
		return done("session", tdm_session_each(st, argv[0],
		    member, one, NULL, &d), &d);
	}
	if ((strcmp(sub, "move") == 0 || strcmp(sub, "cancel") == 0 ||
	    strcmp(sub, "held") == 0) && (argc != 1 ||
	    session_id(argv[0], &id) == -1))
		return usage("session");
	if (strcmp(sub, "move") == 0 || strcmp(sub, "add") == 0)
		if (when(at, &t) == -1)
			return EXIT_USAGE;
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	if (strcmp(sub, "plan") == 0 && argc == 1) {
		err = tdm_session_plan(st, actor, argv[0], start, &n, &d);
		if (err == TDM_OK)
			printf("%zu session%s planned\n", n, n == 1 ? "" : "s");
	} else if (strcmp(sub, "move") == 0)
		err = tdm_session_move(st, actor, id, t, &d);
	else if (strcmp(sub, "cancel") == 0)
		err = tdm_session_cancel(st, actor, id, by, reason, &d);
	else if (strcmp(sub, "held") == 0)
		err = tdm_session_held(st, actor, id, absent, &d);
	else if (strcmp(sub, "add") == 0 && (argc == 2 || argc == 3)) {
		err = tdm_session_add(st, actor, argv[0], argv[1],
		    argc == 3 ? argv[2] : NULL, t, &id, &d);
		if (err == TDM_OK)
			printf("session %" PRId64 " added\n", id);
	} else {
		return usage("session");
	}
	if (err == TDM_OK && (strcmp(sub, "move") == 0 ||
	    strcmp(sub, "cancel") == 0 || strcmp(sub, "held") == 0))
		printf("session %" PRId64 ": %s\n", id,
		    strcmp(sub, "move") == 0 ? "moved" :
		    strcmp(sub, "cancel") == 0 ? "cancelled" : "held");
	return done("session", err, &d);
}

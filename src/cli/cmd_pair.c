/*
 * tandem pair: review the proposed pairs (list, lock, unlock, reject,
 * publish), answer a published one (accept, decline), end an accepted
 * one (end) and list who waits for a partner (waiting).
 */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static int
one(void *arg, const struct tdm_pair *p)
{
	(void)arg;
	cli_printf("%s %s -> %s %s\t%s%s\tscore %lld\tfocus %s\t%s",
	    p->mentor, p->mentor_name, p->mentee, p->mentee_name, p->state,
	    p->locked ? cli_tr(" (locked)") : "", (long long)p->score,
	    *p->focus ? p->focus : "-", p->terms);
	if (*p->mentor_answer || *p->mentee_answer)
		cli_printf("\tmentor %s, mentee %s", *p->mentor_answer ?
		    p->mentor_answer : "-", *p->mentee_answer ?
		    p->mentee_answer : "-");
	putchar('\n');
	return 0;
}

/* The options of every pair sub-command, as one set. */
struct options {
	const char	*note;
	const char	*member;
	const char	*reason;
};

/* Parse the options; returns how many arguments they took, or -1. */
static int
options(int argc, char *argv[], struct options *o)
{
	int				 c;
	static const struct option	 longopts[] = {
		{ "note", required_argument, NULL, 'n' },
		{ "for", required_argument, NULL, 'f' },
		{ "reason", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};

	memset(o, 0, sizeof(*o));
	while ((c = cli_getopt(argc, argv, "", longopts)) != -1)
		switch (c) {
		case 'n': o->note = optarg; break;
		case 'f': o->member = optarg; break;
		case 'r': o->reason = optarg; break;
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
		return usage("pair");
	argv += n;
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	return done("pair", tdm_pair_each(st, &cli->actor, argv[0], 0, one,
	    NULL, &d), &d);
}

/* pair lock|unlock PROGRAMME MENTEE. */
static int
lock(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const struct tdm_actor	*actor = &cli->actor;
	struct tdm_store	*st;
	struct options		 o;
	enum tdm_err		 err;
	int			 n, locking = strcmp(argv[0], "lock") == 0;

	if ((n = options(argc, argv, &o)) == -1 || argc - n != 2)
		return usage("pair");
	argv += n;
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_pair_lock(st, actor, argv[0], argv[1], locking, &d);
	if (err == TDM_OK)
		cli_printf("done\n");
	return done("pair", err, &d);
}

/* pair reject PROGRAMME MENTOR MENTEE. */
static int
reject(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const struct tdm_actor	*actor = &cli->actor;
	struct tdm_store	*st;
	struct options		 o;
	enum tdm_err		 err;
	int			 n;

	if ((n = options(argc, argv, &o)) == -1 || argc - n != 3)
		return usage("pair");
	argv += n;
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_pair_reject(st, actor, argv[0], argv[1], argv[2], &d);
	if (err == TDM_OK)
		cli_printf("done\n");
	return done("pair", err, &d);
}

/* pair publish PROGRAMME. */
static int
publish(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const struct tdm_actor	*actor = &cli->actor;
	struct tdm_store	*st;
	struct options		 o;
	enum tdm_err		 err;
	size_t			 n;
	int			 i;

	if ((i = options(argc, argv, &o)) == -1 || argc - i != 1)
		return usage("pair");
	argv += i;
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_pair_publish(st, actor, argv[0], &n, &d);
	if (err == TDM_OK)
		cli_printf("%zu pair%s published: each member can now "
		    "accept or decline\n", n, n == 1 ? "" : "s");
	return done("pair", err, &d);
}

/* pair accept|decline [--for ID] [--note TEXT] PROGRAMME MENTOR MENTEE. */
static int
answer(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const struct tdm_actor	*actor = &cli->actor;
	struct tdm_store	*st;
	struct options		 o;
	enum tdm_err		 err;
	int			 n, accept = strcmp(argv[0], "accept") == 0;

	if ((n = options(argc, argv, &o)) == -1 || argc - n != 3)
		return usage("pair");
	argv += n;
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	/* Who answers: --for, else the actor. */
	if (o.member == NULL && (o.member = cli->as) == NULL) {
		cli_fprintf(stderr, "tandem: say who answers: --as ID, or "
		    "--for ID for a programme manager answering on "
		    "someone's behalf\n");
		return EXIT_USAGE;
	}
	if (o.note != NULL && accept) {
		cli_fprintf(stderr, "tandem: --note goes with decline\n");
		return EXIT_USAGE;
	}
	err = tdm_pair_answer(st, actor, argv[0], argv[1], argv[2],
	    o.member, accept, o.note, &d);
	if (err == TDM_OK)
		cli_printf("%s has %s the pair\n", o.member,
		    accept ? "accepted" : "declined");
	return done("pair", err, &d);
}

/* pair end --reason TEXT PROGRAMME MENTOR MENTEE. */
static int
end(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	struct options		 o;
	enum tdm_err		 err;
	int			 n;

	if ((n = options(argc, argv, &o)) == -1 || argc - n != 3)
		return usage("pair");
	argv += n;
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_pair_end(st, &cli->actor, argv[0], argv[1], argv[2],
	    o.reason, &d);
	if (err == TDM_OK)
		cli_printf("the tandem of %s and %s has ended: its sessions to "
		    "come are cancelled, and both may be matched again with "
		    "someone else\n", argv[1], argv[2]);
	return done("pair", err, &d);
}

static int
waiting_one(void *arg, const struct tdm_waiting *w)
{
	(void)arg;
	cli_row("%s %s\t%s\t%s\n", w->matricule, w->name, w->role,
	    cli_text(w->why));
	return 0;
}

/* pair waiting PROGRAMME. */
static int
waiting(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	struct options		 o;
	int			 n;

	if ((n = options(argc, argv, &o)) == -1 || argc - n != 1)
		return usage("pair");
	argv += n;
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	return done("pair", tdm_pair_waiting_each(st, &cli->actor, argv[0],
	    waiting_one, NULL, &d), &d);
}

int
cmd_pair(struct cli *cli, int argc, char *argv[])
{
	static const struct subcommand subs[] = {
		{ "list", list },
		{ "lock", lock },
		{ "unlock", lock },
		{ "reject", reject },
		{ "publish", publish },
		{ "accept", answer },
		{ "decline", answer },
		{ "end", end },
		{ "waiting", waiting },
	};

	return SUBCOMMAND(cli, subs, argc, argv);
}

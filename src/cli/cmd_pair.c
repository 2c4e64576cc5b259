/*
 * tandem pair: review the proposed pairs (list, lock, unlock, reject,
 * publish) and answer a published one (accept, decline).
 */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static int
one(void *arg, const struct tdm_pair *p)
{
	(void)arg;
	printf("%s %s -> %s %s\t%s%s\tscore %lld\tfocus %s\t%s", p->mentor,
	    p->mentor_name, p->mentee, p->mentee_name, p->state,
	    p->locked ? " (locked)" : "", (long long)p->score,
	    *p->focus ? p->focus : "-", p->terms);
	if (*p->mentor_answer || *p->mentee_answer)
		printf("\tmentor %s, mentee %s", *p->mentor_answer ?
		    p->mentor_answer : "-", *p->mentee_answer ?
		    p->mentee_answer : "-");
	putchar('\n');
	return 0;
}

int
cmd_pair(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	const struct tdm_actor		*actor = &cli->actor;
	struct tdm_store		*st;
	const char			*sub, *note = NULL, *member = NULL;
	enum tdm_err			 err;
	size_t				 n;
	int				 c;
	static const struct option	 longopts[] = {
		{ "note", required_argument, NULL, 'n' },
		{ "for", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};

	if (argc < 3)
		return usage("pair");
	sub = argv[1];
	argc--;
	argv++;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 'n': note = optarg; break;
		case 'f': member = optarg; break;
		default: return usage("pair");
		}
	argc -= optind;
	argv += optind;
	if (strcmp(sub, "list") == 0 && argc == 1) {
		if ((st = setup(cli)) == NULL)
			return EXIT_FAILED;
		return done("pair", tdm_pair_each(st, argv[0], one, NULL,
		    &d), &d);
	}
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	if ((strcmp(sub, "lock") == 0 || strcmp(sub, "unlock") == 0) &&
	    argc == 2)
		err = tdm_pair_lock(st, actor, argv[0], argv[1],
		    strcmp(sub, "lock") == 0, &d);
	else if (strcmp(sub, "reject") == 0 && argc == 3)
		err = tdm_pair_reject(st, actor, argv[0], argv[1], argv[2],
		    &d);
	else if (strcmp(sub, "publish") == 0 && argc == 1) {
		err = tdm_pair_publish(st, actor, argv[0], &n, &d);
		if (err == TDM_OK)
			printf("%zu pair%s published: each member can now "
			    "accept or decline\n", n, n == 1 ? "" : "s");
	} else if ((strcmp(sub, "accept") == 0 ||
	    strcmp(sub, "decline") == 0) && argc == 3) {
		/* Who answers: --for, else the actor. */
		if (member == NULL && (member = cli->as) == NULL) {
			fprintf(stderr, "tandem: say who answers: --as ID, or "
			    "--for ID for a programme manager answering on "
			    "someone's behalf\n");
			return EXIT_USAGE;
		}
		if (note != NULL && strcmp(sub, "accept") == 0) {
			fprintf(stderr, "tandem: --note goes with decline\n");
			return EXIT_USAGE;
		}
		err = tdm_pair_answer(st, actor, argv[0], argv[1], argv[2],
		    member, strcmp(sub, "accept") == 0, note, &d);
		if (err == TDM_OK)
			printf("%s has %s the pair\n", member,
			    strcmp(sub, "accept") == 0 ? "accepted" :
			    "declined");
	} else {
		return usage("pair");
	}
	if (err == TDM_OK && strcmp(sub, "publish") != 0 &&
	    strcmp(sub, "accept") != 0 && strcmp(sub, "decline") != 0)
		printf("done\n");
	return done("pair", err, &d);
}

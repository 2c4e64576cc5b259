/*
 * tandem feedback: a participant rates a held session (1 to 5), with a
 * private comment; tandem survey: the closing survey.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int
cmd_feedback(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	const struct tdm_actor		*actor = &cli->actor;
	struct tdm_store		*st;
	const char			*comment = NULL, *member = NULL;
	char				*end;
	long				 rating = 0;
	int64_t				 id;
	int				 rated = 0;
	enum tdm_err			 err;
	int				 c;
	static const struct option	 longopts[] = {
		{ "rating", required_argument, NULL, 'r' },
		{ "comment", required_argument, NULL, 'c' },
		{ "for", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 'r':
			errno = 0;
			rating = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0') {
				fprintf(stderr, "tandem: --rating: a number "
				    "from 1 to 5\n");
				return EXIT_USAGE;
			}
			/* A number too large for an int is out of range,
			 * never wrapped into one that fits (4294967300 is
			 * not 4): the library refuses 0 as it would it. */
			if (errno != 0 || rating < 1 || rating > 5)
				rating = 0;
			rated = 1;
			break;
		case 'c': comment = optarg; break;
		case 'f': member = optarg; break;
		default: return usage("feedback");
		}
	if (argc - optind != 1 || !rated)
		return usage("feedback");
	if (cli_id(argv[optind], "session", &id) == -1)
		return EXIT_USAGE;
	if (member == NULL && (member = cli->as) == NULL) {
		fprintf(stderr, "tandem: say who gives the feedback: --as ID, "
		    "or --for ID\n");
		return EXIT_USAGE;
	}
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_feedback(st, actor, id, member, (int)rating, comment, &d);
	if (err == TDM_OK)
		printf("thank you: session %ld rated %ld/5\n", id, rating);
	return done("feedback", err, &d);
}

int
cmd_survey(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	const struct tdm_actor		*actor = &cli->actor;
	struct tdm_store		*st;
	const char			*changed = NULL, *levels = NULL;
	const char			*member = NULL, *rec = NULL;
	enum tdm_err			 err;
	int				 c;
	static const struct option	 longopts[] = {
		{ "recommend", required_argument, NULL, 'r' },
		{ "changed", required_argument, NULL, 'c' },
		{ "levels", required_argument, NULL, 'l' },
		{ "for", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 'r': rec = optarg; break;
		case 'c': changed = optarg; break;
		case 'l': levels = optarg; break;
		case 'f': member = optarg; break;
		default: return usage("survey");
		}
	if (argc - optind != 1 || rec == NULL || (strcmp(rec, "yes") != 0 &&
	    strcmp(rec, "no") != 0))
		return usage("survey");
	if (member == NULL && (member = cli->as) == NULL) {
		fprintf(stderr, "tandem: say who answers: --as ID, or --for "
		    "ID\n");
		return EXIT_USAGE;
	}
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_survey(st, actor, argv[optind], member,
	    strcmp(rec, "yes") == 0, changed, levels, &d);
	if (err == TDM_OK)
		printf("thank you: survey recorded\n");
	return done("survey", err, &d);
}

/*
 * tandem feedback: a participant rates a held session (1 to 5), with a
 * private comment; tandem survey: the closing survey and the 90-day
 * follow-up, of both roles.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
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

	while ((c = cli_getopt(argc, argv, "", longopts)) != -1)
		switch (c) {
		case 'r':
			errno = 0;
			rating = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0') {
				cli_fprintf(stderr, "tandem: --rating: a "
				    "number from 1 to 5\n");
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
	if (cli_id(argv[optind], CLI_N_("session"), &id) == -1)
		return EXIT_USAGE;
	if (member == NULL && (member = cli->as) == NULL) {
		cli_fprintf(stderr, "tandem: say who gives the feedback: "
		    "--as ID, or --for ID\n");
		return EXIT_USAGE;
	}
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_feedback(st, actor, id, member, (int)rating, comment, &d);
	if (err == TDM_OK)
		cli_printf("thank you: session %ld rated %ld/5\n", id,
		    rating);
	return done("feedback", err, &d);
}

/*
 * A confidence from 1 to 5 into *v; one out of range (or too large for
 * an int) becomes -1, which the library refuses with its reason.
 */
static int
confidence(const char *arg, const char *opt, int *v)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(arg, &end, 10);
	if (*arg == '\0' || *end != '\0') {
		cli_fprintf(stderr, "tandem: --%s: a number from 1 to 5\n",
		    opt);
		return -1;
	}
	*v = errno != 0 || n < 1 || n > 5 ? -1 : (int)n;
	return 0;
}

static const char *
level_text(int level, char buf[12])
{
	if (level < 0)
		return "-";
	snprintf(buf, 12, "%d", level);
	return buf;
}

static int
show_topic(void *arg, const struct tdm_survey_topic *t)
{
	const struct tdm_survey_status	*s = arg;
	char				 a[12], b[12], c[12];

	cli_printf("topic %s: enrolment %s, closing %s, follow-up %s%s\n",
	    t->code, level_text(t->enrolled, a), level_text(t->closing, b),
	    level_text(t->followup, c), strcmp(s->role, "mentor") == 0 &&
	    t->taught ? cli_tr(", taught") : "");
	return 0;
}

static int
show_item(void *arg, const struct tdm_survey_item *i)
{
	const struct tdm_survey_status	*s = arg;

	if (strcmp(s->role, "mentee") != 0)
		return 0;
	cli_printf("practice %s (%s): closing %s, follow-up %s\n", i->code,
	    i->topic, i->closing ? cli_tr("yes") : cli_tr("no"),
	    i->followup ? cli_tr("yes") : cli_tr("no"));
	return 0;
}

/* tandem survey --show: where the member stands, and their answers. */
static int
survey_show(struct cli *cli, const char *ref, const char *member)
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_survey_status	 s;
	struct tdm_store		*st;
	enum tdm_err			 err;

	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_survey_show(st, &cli->actor, ref, member, &s, NULL, NULL,
	    NULL, &d);
	if (err == TDM_OK) {
		cli_printf("role: %s\n", s.role);
		if (s.closing_done)
			cli_printf("closing survey: answered, recommends: %s\n",
			    s.recommend ? cli_tr("yes") : cli_tr("no"));
		else
			cli_printf("closing survey: %s\n", s.closing_open ?
			    cli_tr("open") : cli_tr("not open"));
		if (s.closing_done && s.teach)
			cli_printf("confidence at the close: teaching %d/5, "
			    "feedback upwards %d/5\n", s.teach, s.upward);
		if (s.followup_done)
			cli_printf("follow-up survey: answered\n");
		else if (*s.followup_on)
			cli_printf("follow-up survey: %s %s\n",
			    s.followup_open ? cli_tr("open since") :
			    cli_tr("opens"), s.followup_on);
		else
			cli_printf("follow-up survey: once the programme "
			    "closes\n");
		if (s.followup_done && s.followup_teach)
			cli_printf("confidence at the follow-up: teaching "
			    "%d/5, feedback upwards %d/5\n", s.followup_teach,
			    s.followup_upward);
		err = tdm_survey_show(st, &cli->actor, ref, member, &s,
		    show_topic, show_item, &s, &d);
	}
	return done("survey", err, &d);
}

int
cmd_survey(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_survey_answer	 a;
	struct tdm_store		*st;
	const char			*member = NULL, *rec = NULL;
	enum tdm_err			 err;
	int				 c, show = 0;
	static const struct option	 longopts[] = {
		{ "recommend", required_argument, NULL, 'r' },
		{ "changed", required_argument, NULL, 'c' },
		{ "levels", required_argument, NULL, 'l' },
		{ "practices", required_argument, NULL, 'p' },
		{ "teach", required_argument, NULL, 't' },
		{ "upward", required_argument, NULL, 'u' },
		{ "taught", required_argument, NULL, 'T' },
		{ "followup", no_argument, NULL, 'F' },
		{ "show", no_argument, NULL, 's' },
		{ "for", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};

	memset(&a, 0, sizeof(a));
	while ((c = cli_getopt(argc, argv, "", longopts)) != -1)
		switch (c) {
		case 'r': rec = optarg; break;
		case 'c': a.changed = optarg; break;
		case 'l': a.levels = optarg; break;
		case 'p': a.practices = optarg; break;
		case 't':
			if (confidence(optarg, "teach", &a.teach) == -1)
				return EXIT_USAGE;
			break;
		case 'u':
			if (confidence(optarg, "upward", &a.upward) == -1)
				return EXIT_USAGE;
			break;
		case 'T': a.taught = optarg; break;
		case 'F': a.stage = TDM_SURVEY_FOLLOWUP; break;
		case 's': show = 1; break;
		case 'f': member = optarg; break;
		default: return usage("survey");
		}
	if (argc - optind != 1)
		return usage("survey");
	if (member == NULL && (member = cli->as) == NULL) {
		cli_fprintf(stderr, "tandem: say who answers: --as ID, or "
		    "--for ID\n");
		return EXIT_USAGE;
	}
	if (show)
		return survey_show(cli, argv[optind], member);
	/* The closing survey asks whether one would recommend the
	 * programme; the follow-up does not ask it again. */
	if (a.stage == TDM_SURVEY_CLOSING ? rec == NULL || (strcmp(rec,
	    "yes") != 0 && strcmp(rec, "no") != 0) : rec != NULL)
		return usage("survey");
	a.recommend = rec != NULL && strcmp(rec, "yes") == 0;
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_survey_answer(st, &cli->actor, argv[optind], member, &a,
	    &d);
	if (err == TDM_OK)
		cli_printf("thank you: %s recorded\n", a.stage ==
		    TDM_SURVEY_FOLLOWUP ? cli_tr("follow-up survey") :
		    cli_tr("survey"));
	return done("survey", err, &d);
}

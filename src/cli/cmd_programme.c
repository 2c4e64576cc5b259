/*
 * tandem programme: create and edit programmes, read them, and move them
 * through their lifecycle.  Every rule (roles, states, what a charter
 * needs) is the library's; this file parses options and prints.
 */
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tandem/json.h"

static int
number(const char *opt, const char *s, int *v)
{
	char	*end;
	long	 n;

	n = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || n < -1000000 || n > 1000000) {
		cli_fprintf(stderr, "tandem: %s: \"%s\" is not a number\n",
		    opt, s);
		return -1;
	}
	*v = (int)n;
	return 0;
}

/* Parse the options of create and edit into spec; returns argv's rest. */
static int
parse_spec(int argc, char *argv[], struct tdm_programme_spec *spec)
{
	int				 c;
	static const struct option	 longopts[] = {
		{ "name", required_argument, NULL, 'N' },
		{ "purpose", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ "direction", required_argument, NULL, 'r' },
		{ "topics", required_argument, NULL, 't' },
		{ "coach", required_argument, NULL, 'c' },
		{ "start", required_argument, NULL, 's' },
		{ "end", required_argument, NULL, 'e' },
		{ "commitments", required_argument, NULL, 'C' },
		{ "confidentiality", required_argument, NULL, 'K' },
		{ "data-notice", required_argument, NULL, 'D' },
		{ "sessions", required_argument, NULL, 'n' },
		{ "minutes", required_argument, NULL, 'm' },
		{ "cadence", required_argument, NULL, 'k' },
		{ "seats", required_argument, NULL, 'S' },
		{ "weights", required_argument, NULL, 'W' },
		{ "chain-depth", required_argument, NULL, 'H' },
		{ "session-time", required_argument, NULL, 'T' },
		{ "risk-days", required_argument, NULL, 'R' },
		{ "retention-days", required_argument, NULL, 'P' },
		{ "comments-days", required_argument, NULL, 'Q' },
		{ "partner-agrees", required_argument, NULL, 'G' },
		{ NULL, 0, NULL, 0 },
	};

	tdm_programme_spec_init(spec);
	while ((c = cli_getopt(argc, argv, "", longopts)) != -1)
		switch (c) {
		case 'N': spec->name = optarg; break;
		case 'p': spec->purpose = optarg; break;
		case 'f': spec->format = optarg; break;
		case 'r': spec->direction = optarg; break;
		case 't': spec->topics = optarg; break;
		case 'c': spec->coach = optarg; break;
		case 's': spec->start_date = optarg; break;
		case 'e': spec->end_date = optarg; break;
		case 'C': spec->commitments = optarg; break;
		case 'K': spec->confidentiality = optarg; break;
		case 'D': spec->data_notice = optarg; break;
		case 'n':
			if (number("sessions", optarg, &spec->session_count))
				return -1;
			break;
		case 'm':
			if (number("minutes", optarg, &spec->session_minutes))
				return -1;
			break;
		case 'k':
			if (number("cadence", optarg, &spec->cadence_days))
				return -1;
			break;
		case 'S':
			if (number("seats", optarg, &spec->group_seats))
				return -1;
			break;
		case 'W': spec->weights = optarg; break;
		case 'T': spec->session_time = optarg; break;
		case 'R':
			if (number("risk-days", optarg, &spec->risk_days))
				return -1;
			break;
		case 'H':
			if (number("chain-depth", optarg, &spec->chain_depth))
				return -1;
			break;
		case 'P':
			if (number("retention-days", optarg,
			    &spec->retention_days))
				return -1;
			break;
		case 'Q':
			if (number("comments-days", optarg, &spec->comments_days))
				return -1;
			break;
		case 'G':
			/* Whether a member's date waits for the partner. */
			if (strcmp(optarg, "yes") == 0)
				spec->agreement = 1;
			else if (strcmp(optarg, "no") == 0)
				spec->agreement = 0;
			else {
				cli_fprintf(stderr, "tandem: partner-agrees: "
				    "say yes or no, not \"%s\"\n", optarg);
				return -1;
			}
			break;
		default:
			return -1;
		}
	return optind;
}

static int
list_one(void *arg, const struct tdm_programme *p)
{
	(void)arg;
	cli_printf("%" PRId64 "\t%s\t%s\t%s\t%d mentor%s, %d mentee%s\n",
	    p->id, p->name, p->state, p->format, p->mentors,
	    p->mentors == 1 ? "" : "s", p->mentees, p->mentees == 1 ? "" : "s");
	return 0;
}

/* A programme's format or direction in the locale's language (helper
 * "words"); the stored words are English. */
static const char *
programme_word(const char *w)
{
	static const char *const words[] = {
		CLI_N_("one-to-one"), CLI_N_("group"), CLI_N_("mixed"),
		CLI_N_("generation"), CLI_N_("seniority"), CLI_N_("none"),
	};
	size_t	 i;

	for (i = 0; i < nitems(words); i++)
		if (strcmp(words[i], w) == 0)
			return cli_tr(words[i]);
	return w;
}

static int
show_one(void *arg, const struct tdm_programme *p)
{
	json_t	*j;

	if (*(int *)arg) {
		/* The API's programme, and who created it. */
		j = tdm_programme_json(p);
		if (j != NULL && json_object_set_new(j, "created_by",
		    json_string(p->created_by)) == -1) {
			json_decref(j);
			j = NULL;
		}
		if (j == NULL)
			return 1;
		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(j);
		return 0;
	}
	cli_printf("id: %" PRId64 "\nname: %s\nstate: %s\npurpose: %s\n"
	    "format: %s\ndirection: %s\ntopics: %s\ncoach: %s\n"
	    "period: %s to %s\nsessions: %d of %d minutes every %d days\n"
	    "group seats: %d\ncharter version: %d\n"
	    "volunteers: %d mentor(s), %d mentee(s)\n", p->id, p->name,
	    p->state, p->purpose, programme_word(p->format),
	    programme_word(p->direction),
	    *p->topics ? p->topics : "-", *p->coach ? p->coach : "-",
	    *p->start_date ? p->start_date : "?",
	    *p->end_date ? p->end_date : "?", p->session_count,
	    p->session_minutes, p->cadence_days, p->group_seats,
	    p->charter_version, p->mentors, p->mentees);
	cli_printf("matching weights: topic=%d,availability=%d,site=%d,"
	    "department=%d,inversion=%d,cap=%d\n", p->weights[0],
	    p->weights[1], p->weights[2], p->weights[3], p->weights[4],
	    p->weights[5]);
	if (p->chain_depth)
		cli_printf("management chain: no pair within %d levels\n",
		    p->chain_depth);
	else
		cli_printf("management chain: no pair at any depth\n");
	cli_printf("sessions at %s (Paris); at risk after %d days without "
	    "a session held\n", p->session_time, p->risk_days);
	cli_printf("retention: people erased %d days after the close, "
	    "private comments cleared after %d\n", p->retention_days,
	    p->comments_days);
	if (!p->agreement)
		cli_printf("proposed dates: a member's date moves the session "
		    "at once, the partner told (--partner-agrees no)\n");
	cli_printf("created by %s at %s\n", p->created_by, p->created_at);
	return 0;
}

static int
history_one(void *arg, const struct tdm_programme_event *e)
{
	(void)arg;
	cli_row("%s\t%s -> %s\t%s%s%s\n", e->at, e->from, e->to,
	    e->actor, *e->note ? "\t" : "", e->note);
	return 0;
}

static int
transition(struct cli *cli, enum tdm_transition t, int argc, char *argv[])
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	const struct tdm_actor		*actor = &cli->actor;
	struct tdm_store		*st;
	const char			*note = NULL;
	enum tdm_err			 err;
	int				 c;
	static const struct option	 longopts[] = {
		{ "note", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};

	while ((c = cli_getopt(argc, argv, "", longopts)) != -1)
		switch (c) {
		case 'n':
			note = optarg;
			break;
		default:
			return usage("programme");
		}
	if (argc - optind != 1)
		return usage("programme");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_programme_transition(st, actor, argv[optind], t, note, &d);
	if (err == TDM_OK)
		cli_printf("programme \"%s\": %s done\n", argv[optind],
		    tdm_transition_name(t));
	return done("programme", err, &d);
}

static int
list(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;

	(void)argv;
	if (argc != 1)
		return usage("programme");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	return done("programme", tdm_programme_each(st, &cli->actor,
	    list_one, NULL), &d);
}

/* programme create|edit [DESIGN OPTIONS] NAME|PROGRAMME. */
static int
design(struct cli *cli, int argc, char *argv[])
{
	struct tdm_programme_spec	 spec;
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	const struct tdm_actor		*actor = &cli->actor;
	struct tdm_store		*st;
	enum tdm_err			 err;
	int				 i, create;

	create = strcmp(argv[0], "create") == 0;
	if ((i = parse_spec(argc, argv, &spec)) == -1 || argc - i != 1)
		return usage("programme");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	if (create) {
		spec.name = argv[i];
		err = tdm_programme_create(st, actor, &spec, NULL, &d);
	} else
		err = tdm_programme_edit(st, actor, argv[i], &spec, &d);
	if (err == TDM_OK)
		cli_printf("programme \"%s\" %s\n", spec.name != NULL ?
		    spec.name : argv[i], create ? cli_tr("created as a draft") :
		    cli_tr("saved"));
	return done("programme", err, &d);
}

/*
 * The arguments of the reading sub-commands: [--json] PROGRAMME, and for
 * the charter a version after it.  Returns the index of PROGRAMME, or -1.
 */
static int
reading(int argc, char *argv[], int *json, int extra)
{
	int	 i = 1;

	if (argc >= 2 && strcmp(argv[1], "--json") == 0) {
		*json = 1;
		i++;
	}
	return argc - i == 1 || (extra && argc - i == 2) ? i : -1;
}

static int
show(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	int			 i, json = 0;

	if ((i = reading(argc, argv, &json, 0)) == -1)
		return usage("programme");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	return done("programme", tdm_programme_show(st, &cli->actor,
	    argv[i], show_one, &json, &d), &d);
}

static int
history(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	int			 i, json = 0;

	if ((i = reading(argc, argv, &json, 0)) == -1)
		return usage("programme");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	return done("programme", tdm_programme_history(st, &cli->actor,
	    argv[i], history_one, NULL, &d), &d);
}

/* programme charter PROGRAMME [VERSION]: the latest, or that version. */
static int
charter(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	enum tdm_err		 err;
	char			*text;
	int			 i, json = 0, version = 0;

	if ((i = reading(argc, argv, &json, 1)) == -1)
		return usage("programme");
	if (argc - i == 2) {
		if (number("version", argv[i + 1], &version) == -1)
			return EXIT_USAGE;
		if (version < 1) {
			cli_fprintf(stderr, "tandem: version: versions are "
			    "numbered from 1\n");
			return EXIT_USAGE;
		}
	}
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_charter_text(st, &cli->actor, argv[i], version, &text,
	    &version, &d);
	if (err == TDM_OK) {
		fputs(text, stdout);
		free(text);
	}
	return done("programme", err, &d);
}

int
cmd_programme(struct cli *cli, int argc, char *argv[])
{
	static const struct subcommand subs[] = {
		{ "create", design },
		{ "edit", design },
		{ "list", list },
		{ "show", show },
		{ "history", history },
		{ "charter", charter },
	};
	enum tdm_transition	 t;

	/* The lifecycle's acts are named by the library's table. */
	if (argc >= 2 && tdm_transition_parse(argv[1], &t) == 0) {
		optind = 0;
		return transition(cli, t, argc - 1, argv + 1);
	}
	return SUBCOMMAND(cli, subs, argc, argv);
}

/*
 * tandem enrol: a volunteer joins a programme, joins it again after a
 * withdrawal, or changes their enrolment (--change).  Acting as oneself
 * (--as with one's own id) is the person's own opt-in; a programme
 * manager enrolling someone else gives the reference of their signed
 * opt-in.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int
cmd_enrol(struct cli *cli, int argc, char *argv[])
{
	struct tdm_enrol_spec		 spec;
	struct tdm_enrol_change		 ch;
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	const struct tdm_actor		*actor = &cli->actor;
	struct tdm_store		*st;
	enum tdm_err			 err;
	char				*end;
	int				 c, change = 0, remote = -1;
	static const struct option	 longopts[] = {
		{ "mentor", no_argument, NULL, 'M' },
		{ "mentee", no_argument, NULL, 'E' },
		{ "topics", required_argument, NULL, 't' },
		{ "languages", required_argument, NULL, 'l' },
		{ "site", required_argument, NULL, 's' },
		{ "remote", no_argument, NULL, 'r' },
		{ "availability", required_argument, NULL, 'a' },
		{ "capacity", required_argument, NULL, 'c' },
		{ "optin-ref", required_argument, NULL, 'o' },
		{ "change", no_argument, NULL, 'C' },
		{ "on-site", no_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};

	memset(&spec, 0, sizeof(spec));
	while ((c = cli_getopt(argc, argv, "", longopts)) != -1)
		switch (c) {
		case 'M': spec.role = "mentor"; break;
		case 'E': spec.role = "mentee"; break;
		case 't': spec.topics = optarg; break;
		case 'l': spec.languages = optarg; break;
		case 's': spec.site = optarg; break;
		case 'r': spec.remote = 1; remote = 1; break;
		case 'S': remote = 0; break;
		case 'C': change = 1; break;
		case 'a': spec.availability = optarg; break;
		case 'o': spec.optin_ref = optarg; break;
		case 'c':
			spec.capacity = (int)strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' ||
			    spec.capacity < 1) {
				cli_fprintf(stderr, "tandem: --capacity: a "
				    "number from 1\n");
				return EXIT_USAGE;
			}
			break;
		default:
			return usage("enrol");
		}
	if (change) {
		if (argc - optind != 2 || spec.role != NULL ||
		    spec.optin_ref != NULL)
			return usage("enrol");
		memset(&ch, 0, sizeof(ch));
		ch.programme = argv[optind];
		ch.employee = argv[optind + 1];
		ch.topics = spec.topics;
		ch.languages = spec.languages;
		ch.site = spec.site;
		ch.remote = remote;
		ch.availability = spec.availability;
		ch.capacity = spec.capacity;
		if ((st = setup(cli)) == NULL)
			return EXIT_FAILED;
		err = tdm_enrol_change(st, actor, &ch, &d);
		if (err == TDM_OK)
			cli_printf("the enrolment of %s in \"%s\" is changed\n",
			    ch.employee, ch.programme);
		return done("enrol", err, &d);
	}
	if (argc - optind != 2 || spec.role == NULL || remote == 0)
		return usage("enrol");
	spec.programme = argv[optind];
	spec.employee = argv[optind + 1];
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_enrol(st, actor, &spec, &d);
	if (err == TDM_OK)
		cli_printf("%s enrolled in \"%s\" as %s\n", spec.employee,
		    spec.programme, spec.role);
	return done("enrol", err, &d);
}

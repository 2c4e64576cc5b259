/*
 * tandem employees: list the roster, as a table for people or as JSON
 * for programs.  The JSON is streamed, one object at a time, so that a
 * roster of a hundred thousand people is not held in memory.
 */
#include <getopt.h>
#include <jansson.h>
#include <string.h>

#include "cli.h"
#include "tandem/json.h"

struct listing {
	int	 json;
	size_t	 n;
	int	 failed;
};

static int
list_one(void *arg, const struct tdm_employee *e)
{
	struct listing	*l = arg;
	json_t		*j;

	if (l->json) {
		if ((j = tdm_employee_json(e, TDM_JSON_HR)) == NULL) {
			l->failed = 1;
			return 1;
		}
		printf("%s\n  ", l->n ? "," : "[");
		json_dumpf(j, stdout, JSON_COMPACT |
		    JSON_PRESERVE_ORDER);
		json_decref(j);
	} else {
		if (l->n == 0)
			cli_printf("id\tname\tbirth\tgeneration\tdepartment\t"
			    "site\tgrade\tmanager\tstatus\n");
		cli_row("%s\t%s %s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n",
		    e->matricule,
		    e->first_name, e->last_name, e->birth_year,
		    e->generation, e->department, e->site, e->grade,
		    *e->manager ? e->manager : "-",
		    e->active ? "active" : "left");
	}
	l->n++;
	return 0;
}

int
cmd_employees(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_store		*st;
	struct listing			 l;
	enum tdm_err			 err;
	unsigned			 flags = 0;
	int				 c;
	static const struct option	 longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "inactive", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};

	memset(&l, 0, sizeof(l));
	while ((c = cli_getopt(argc, argv, "ja", longopts)) != -1)
		switch (c) {
		case 'j':
			l.json = 1;
			break;
		case 'a':
			flags |= TDM_LIST_INACTIVE;
			break;
		default:
			return usage("employees");
		}
	if (optind != argc)
		return usage("employees");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_employee_each(st, &cli->actor, flags, list_one, &l, &d);
	/* A refused listing prints no JSON, only the refusal. */
	if (l.json && err != TDM_EPERM)
		printf(l.n ? "\n]\n" : "[]\n");
	if (err == TDM_OK && l.failed)
		err = TDM_ENOMEM;
	return done("employees", err, &d);
}

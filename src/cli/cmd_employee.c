/*
 * tandem employee show: one employee, every field Tandem keeps.
 */
#include <getopt.h>
#include <jansson.h>
#include <string.h>

#include "cli.h"
#include "tandem/json.h"

static int
show(void *arg, const struct tdm_employee *e)
{
	json_t	*j;

	if (*(int *)arg) {
		if ((j = tdm_employee_json(e, TDM_JSON_HR)) == NULL)
			return 1;
		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(j);
		return 0;
	}
	cli_printf("employee_id: %s\nname: %s %s\nemail: %s\n"
	    "birth_year: %d\ngeneration: %s\ndepartment: %s\nteam: %s\n"
	    "site: %s\njob_title: %s\ngrade: %s\nmanager_id: %s\n"
	    "hire_date: %s\nlanguage: %s\nstatus: %s\n", e->matricule,
	    e->first_name, e->last_name, e->email, e->birth_year,
	    e->generation, e->department, e->team, e->site, e->job_title,
	    e->grade, *e->manager ? e->manager : "-",
	    *e->hire_date ? e->hire_date : "-", e->language,
	    e->active ? cli_tr("active") : cli_tr("left"));
	return 0;
}

int
cmd_employee(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_store		*st;
	enum tdm_err			 err;
	int				 c, json = 0;
	static const struct option	 longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};

	while ((c = cli_getopt(argc, argv, "j", longopts)) != -1)
		switch (c) {
		case 'j':
			json = 1;
			break;
		default:
			return usage("employee");
		}
	argc -= optind;
	argv += optind;
	if (argc != 2 || strcmp(argv[0], "show") != 0)
		return usage("employee");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_employee_show(st, &cli->actor, argv[1], show, &json, &d);
	if (err == TDM_ENOENT) {
		cli_fprintf(stderr, "tandem: no employee with id \"%s\"\n",
		    argv[1]);
		return EXIT_FAILED;
	}
	return done("employee", err, &d);
}

/*
 * tandem match: compute the best pairing of a programme's volunteers,
 * show it, with each pair's score explained and the unmatched mentees'
 * reasons, and save it as the proposal to review (unless --dry-run).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tandem/json.h"

/* The programme, the API's report, and the time the matcher took. */
static json_t *
report_json(const struct tdm_match_report *r)
{
	json_t	*j, *api;

	j = json_pack("{s:s}", "programme", r->programme);
	api = tdm_match_report_json(r);
	if (j == NULL || api == NULL || json_object_update(j, api) == -1 ||
	    json_object_set_new(j, "seconds", json_real(r->seconds)) == -1) {
		json_decref(j);
		j = NULL;
	}
	json_decref(api);
	return j;
}

static void
report_text(const struct tdm_match_report *r, int explain, int dry_run)
{
	size_t	 i;

	cli_printf("programme \"%s\": %zu of %zu mentees matched with %zu "
	    "mentors (%zu seats, %zu compatible pairs)\n", r->programme,
	    r->matched, r->mentees, r->mentors, r->seats,
	    r->compatible_pairs);
	cli_printf("total score %lld; optimal: %s; blocking pairs: %zu; "
	    "computed in %.3f s\n", (long long)r->total_score,
	    r->certified ? cli_tr("certified by the dual") :
	    cli_tr("CERTIFICATE FAILED"),
	    r->blocking_pairs, r->seconds);
	if (r->nunmatched)
		cli_printf("unmatched: %zu without any compatible mentor, %zu "
		    "whose compatible mentors are full\n", r->no_partner,
		    r->capacity);
	for (i = 0; i < r->npairs; i++) {
		cli_printf("%s %s -> %s %s\tscore %lld\tfocus %s%s\n",
		    r->pairs[i].mentor, r->pairs[i].mentor_name,
		    r->pairs[i].mentee, r->pairs[i].mentee_name,
		    (long long)r->pairs[i].score.total,
		    *r->pairs[i].focus ? r->pairs[i].focus : "-",
		    r->pairs[i].fixed ? cli_tr("\tkept") : "");
		if (explain)
			cli_row("    = %s\n",
			    cli_text(r->pairs[i].explanation));
	}
	for (i = 0; i < r->nunmatched; i++)
		cli_printf("unmatched %s %s: %s\n", r->unmatched[i].mentee,
		    r->unmatched[i].name, cli_text(r->unmatched[i].reason));
	if (dry_run)
		cli_printf("dry run: nothing saved\n");
	else if (r->proposed)
		cli_printf("%zu new pair%s saved as the proposal: review with "
		    "\"tandem pair\", then publish\n", r->proposed,
		    r->proposed == 1 ? "" : "s");
	else
		cli_printf("no new pair to propose\n");
}

int
cmd_match(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_match_report		*r = NULL;
	const struct tdm_actor		*actor = &cli->actor;
	struct tdm_store		*st;
	enum tdm_err			 err;
	json_t				*j;
	int				 c, json = 0, explain = 0, dry = 0;
	static const struct option	 longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "explain", no_argument, NULL, 'x' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};

	while ((c = cli_getopt(argc, argv, "", longopts)) != -1)
		switch (c) {
		case 'j': json = 1; break;
		case 'x': explain = 1; break;
		case 'n': dry = 1; break;
		default: return usage("match");
		}
	if (argc - optind != 1)
		return usage("match");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_match(st, actor, argv[optind], dry, &r, &d);
	if (err == TDM_OK && json) {
		if ((j = report_json(r)) == NULL)
			err = TDM_ENOMEM;
		else {
			json_dumpf(j, stdout, JSON_INDENT(2) |
			    JSON_PRESERVE_ORDER);
			putchar('\n');
			json_decref(j);
		}
	} else if (err == TDM_OK)
		report_text(r, explain, dry);
	/* For the benchmarks (bench/match.sh): where the time went. */
	if (err == TDM_OK && getenv("TANDEM_MATCH_CLOCKS") != NULL &&
	    r->clocks != NULL)
		fprintf(stderr, "match clocks: %s\n", r->clocks);
	if (err == TDM_OK && !r->certified)
		err = TDM_EDB;
	tdm_match_report_free(r);
	return done("match", err, &d);
}

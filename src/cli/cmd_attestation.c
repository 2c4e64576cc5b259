/*
 * tandem attestation: issue a mentor's attestation, verify one by its
 * code (and, given the file a reader holds, that file's text).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* attestation issue PROGRAMME [ID]: the actor's own by default. */
static int
issue(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_buf		 text = TDM_BUF_INIT;
	struct tdm_store	*st;
	char			 code[TDM_ATTESTATION_CODE];
	enum tdm_err		 err;

	if (argc != 2 && argc != 3)
		return usage("attestation");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_attestation_issue(st, &cli->actor, argv[1],
	    argc == 3 ? argv[2] : cli->actor.name, code, &text, &d);
	if (err == TDM_OK)
		fwrite(text.buf, 1, text.len, stdout);
	tdm_buf_release(&text);
	return done("attestation", err, &d);
}

/* attestation verify CODE [FILE]. */
static int
verify(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags		 d = TDM_DIAGS_INIT;
	struct tdm_buf			 kept = TDM_BUF_INIT;
	struct tdm_store		*st;
	enum tdm_attestation_state	 state;
	unsigned char			*data = NULL;
	char				*text = NULL;
	size_t				 len;
	enum tdm_err			 err;

	if (argc != 2 && argc != 3)
		return usage("attestation");
	if (argc == 3) {
		if (read_file(argv[2], &data, &len) == -1)
			return EXIT_FAILED;
		if ((text = malloc(len + 1)) == NULL) {
			free(data);
			return fail("attestation", TDM_ENOMEM, &d);
		}
		memcpy(text, data, len);
		text[len] = '\0';
		free(data);
	}
	if ((st = setup(cli)) == NULL) {
		free(text);
		return EXIT_FAILED;
	}
	err = tdm_attestation_verify(st, argv[1], text, &state, &kept, &d);
	free(text);
	if (err == TDM_OK && state == TDM_ATTESTATION_GENUINE) {
		cli_printf("attestation %s is genuine:\n\n", argv[1]);
		fwrite(kept.buf, 1, kept.len, stdout);
	} else if (err == TDM_OK)
		err = state == TDM_ATTESTATION_UNKNOWN ? TDM_ENOENT :
		    state == TDM_ATTESTATION_WITHDRAWN ? TDM_ESTATE :
		    TDM_EINVAL;
	tdm_buf_release(&kept);
	return done("attestation", err, &d);
}

static int
naming_one(void *arg, const struct tdm_naming *n)
{
	(void)arg;
	printf("%s\t%s %s\t%s\tyou: %s\tthem: %s\n", n->partner,
	    n->first_name, n->last_name, n->mentor ? "mentee" : "mentor",
	    n->mine ? "agree" : "not given", n->theirs ? "agree" : "not given");
	return 0;
}

/*
 * attestation naming agree|withdraw|show PROGRAMME [PARTNER]: the
 * actor's own agreement that their attestations name the mentee.
 */
static int
naming(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	enum tdm_err		 err;
	int			 agree;

	if (argc != 3 && argc != 4)
		return usage("attestation");
	if (strcmp(argv[1], "show") == 0) {
		if (argc != 3)
			return usage("attestation");
		agree = -1;
	} else if (strcmp(argv[1], "agree") == 0)
		agree = 1;
	else if (strcmp(argv[1], "withdraw") == 0)
		agree = 0;
	else
		return usage("attestation");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	if (agree < 0)
		err = tdm_attestation_naming_each(st, &cli->actor, argv[2],
		    naming_one, NULL, &d);
	else {
		err = tdm_attestation_naming(st, &cli->actor, argv[2],
		    argc == 4 ? argv[3] : NULL, agree, &d);
		if (err == TDM_OK)
			printf("%s\n", agree ? "agreement given: the mentee is "
			    "named once both of you agree" : "agreement "
			    "withdrawn: the mentee is not named, and the "
			    "attestations that named them are withdrawn");
	}
	return done("attestation", err, &d);
}

int
cmd_attestation(struct cli *cli, int argc, char *argv[])
{
	static const struct subcommand subs[] = {
		{ "issue", issue },
		{ "verify", verify },
		{ "naming", naming },
	};

	return SUBCOMMAND(cli, subs, argc, argv);
}

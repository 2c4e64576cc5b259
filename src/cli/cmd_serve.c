/*
 * tandem serve [--listen ADDR:PORT] [--threads N] [--quiet]
 * [--config FILE] [--trusted-proxy ADDR]...: the JSON API and the
 * browser UI (src/web), until SIGTERM.  The configuration file holds
 * the company sign-in (src/web/config.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "serve.h"
#include "signin.h"

/* The sign-in's configuration freed, whatever serve ends with. */
static int
serve_end(struct serve_opts *o, int rc)
{
	config_free(o);
	return rc;
}

int
cmd_serve(struct cli *cli, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "config", required_argument, NULL, 'c' },
		{ "trusted-proxy", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	struct serve_opts	 o = { .db = cli->db,
				    .listen = "127.0.0.1:8080",
				    .now = cli->now };
	long			 n;
	char			*end;
	int			 c;

	while ((c = cli_getopt(argc, argv, "l:t:qc:P:", longopts)) !=
	    -1)
		switch (c) {
		case 'l':
			o.listen = optarg;
			break;
		case 't':
			n = strtol(optarg, &end, 10);
			if (*end != '\0' || n < 1 || n > 128)
				return serve_end(&o, usage("serve"));
			o.threads = (unsigned)n;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'c':
			if (config_load(optarg, &o) != 0)
				return serve_end(&o, EXIT_USAGE);
			break;
		case 'P':
			if (config_add_proxy(&o, optarg) != 0) {
				cli_fprintf(stderr, "tandem: serve: "
				    "--trusted-proxy %s: not an address (such "
				    "as 127.0.0.1 or 10.0.0.0/8), or more than "
				    "%d\n", optarg, TRUSTED_PROXY_MAX);
				return serve_end(&o, EXIT_USAGE);
			}
			break;
		default:
			return serve_end(&o, usage("serve"));
		}
	if (optind != argc)
		return serve_end(&o, usage("serve"));
	if (config_check(&o) != 0)
		return serve_end(&o, EXIT_USAGE);
	/* The outbox is delivered in the background (cmd_mail.c). */
	if (cli_courier_start(cli->db, cli->now) == -1)
		return serve_end(&o, usage("serve"));
	return serve_end(&o, web_serve(&o));
}

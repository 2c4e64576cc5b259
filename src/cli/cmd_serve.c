/*
 * tandem serve [--listen ADDR:PORT] [--threads N] [--quiet]
 * [--trusted-proxy ADDR]...: the JSON
 * API and the browser UI (src/web), until SIGTERM.
 */
#include <getopt.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "serve.h"

int
cmd_serve(struct cli *cli, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "trusted-proxy", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	struct serve_opts	 o = { cli->db, "127.0.0.1:8080", 0, 0,
				    cli->now, { NULL }, 0 };
	long			 n;
	char			*end;
	int			 c;

	while ((c = getopt_long(argc, argv, "l:t:q", longopts, NULL)) != -1)
		switch (c) {
		case 'l':
			o.listen = optarg;
			break;
		case 't':
			n = strtol(optarg, &end, 10);
			if (*end != '\0' || n < 1 || n > 128)
				return usage("serve");
			o.threads = (unsigned)n;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'P':
			if (o.ntrusted_proxies == TRUSTED_PROXIES_MAX)
				return usage("serve");
			o.trusted_proxies[o.ntrusted_proxies++] = optarg;
			break;
		default:
			return usage("serve");
		}
	if (optind != argc)
		return usage("serve");
	if (o.threads == 0) {
		/* Twice the cores: a login's hashing blocks its thread. */
		n = sysconf(_SC_NPROCESSORS_ONLN);
		o.threads = n > 0 && n < 32 ? (unsigned)n * 2 : 4;
	}
	return web_serve(&o);
}

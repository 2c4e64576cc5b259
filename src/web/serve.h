/*
 * The one entry point of the web front-end, for the tandem tool's
 * "serve" subcommand (src/cli/cmd_serve.c).
 */
#ifndef TANDEM_SERVE_H
#define TANDEM_SERVE_H

#include <stddef.h>
#include <time.h>

struct serve_opts {
	const char	*db;
	const char	*listen;	/* "ADDR:PORT", "[ADDR]:PORT" */
	unsigned	 threads;	/* worker threads */
	int		 quiet;		/* no access log */
	time_t		 now;		/* a fixed clock for tests, or 0 */

	/*
	 * The reverse proxies whose X-Real-IP and X-Forwarded-Proto are
	 * believed (--trusted-proxy ADDR, repeatable): numeric addresses.
	 * From any other peer those headers are ignored.
	 */
#define TRUSTED_PROXIES_MAX 16
	const char	*trusted_proxies[TRUSTED_PROXIES_MAX];
	size_t		 ntrusted_proxies;
};

/*
 * Serve the database until SIGTERM or SIGINT, then let the requests in
 * flight finish.  Prints where it listens, and an access log, on
 * standard error.  Returns an exit status: 0, 1 (the database or the
 * address cannot be used), 2 (the address is not one).
 */
int		 web_serve(const struct serve_opts *);

#endif

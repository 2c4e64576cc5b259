/*
 * The one entry point of the web front-end, for the tandem tool's
 * "serve" subcommand (src/cli/cmd_serve.c).
 */
#ifndef TANDEM_SERVE_H
#define TANDEM_SERVE_H

#include <time.h>

struct serve_opts {
	const char	*db;
	const char	*listen;	/* "ADDR:PORT", "[ADDR]:PORT" */
	unsigned	 threads;	/* worker threads */
	int		 quiet;		/* no access log */
	time_t		 now;		/* a fixed clock for tests, or 0 */
};

/*
 * Serve the database until SIGTERM or SIGINT, then let the requests in
 * flight finish.  Prints where it listens, and an access log, on
 * standard error.  Returns an exit status: 0, 1 (the database or the
 * address cannot be used), 2 (the address is not one).
 */
int		 web_serve(const struct serve_opts *);

#endif

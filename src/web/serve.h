/*
 * The one entry point of the web front-end, for the tandem tool's
 * "serve" subcommand (src/cli/cmd_serve.c).
 */
#ifndef TANDEM_SERVE_H
#define TANDEM_SERVE_H

#include <stddef.h>
#include <time.h>

#define TRUSTED_PROXY_MAX 32

struct signin_conf;

struct serve_opts {
	const char	*db;
	const char	*listen;	/* "ADDR:PORT", "[ADDR]:PORT" */
	unsigned	 threads;	/* worker threads */
	int		 quiet;		/* no access log */
	time_t		 now;		/* a fixed clock for tests, or 0 */

	/*
	 * Company sign-in (issue 14, src/web/config.c).  The reverse
	 * proxies trusted to name the client and, for proxy sign-in, the
	 * person: --trusted-proxy ADDR[/BITS], repeatable, or trusted-proxy
	 * in the --config file.  Check an address with proxy_trusted()
	 * (signin.h).
	 */
	struct trusted_proxy {
		int		 family;	/* AF_INET, AF_INET6 */
		unsigned char	 addr[16];
		int		 bits;
	}		 trusted_proxy[TRUSTED_PROXY_MAX];
	size_t		 ntrusted_proxy;
	struct signin_conf *signin;	/* --config FILE's, or NULL */
};

/*
 * Serve the database until SIGTERM or SIGINT, then let the requests in
 * flight finish.  Prints where it listens, and an access log, on
 * standard error.  Returns an exit status: 0, 1 (the database or the
 * address cannot be used), 2 (the address is not one).
 */
int		 web_serve(const struct serve_opts *);

#endif

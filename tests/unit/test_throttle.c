/*
 * The sign-in throttles of src/web/throttle.c, with the clock in the
 * test's hands, and the access log's escaping (http.c).
 */
#include <string.h>

#include "web.h"
#include "throttle.h"
#include "t.h"

static struct throttle	 th = THROTTLE_INIT(120, 60);

/* A burst at the end of a minute and another at the start of the next:
 * a fixed window lets 240 through, the sliding one 120. */
static void
no_burst_across_the_edge(void)
{
	uint64_t	 k = throttle_key("203.0.113.1");
	unsigned	 n = 0, i;

	for (i = 0; i < 200; i++)
		n += throttle_take(&th, k, 6000 * 60 + 59);
	CHECK_INT(n, 120);
	for (i = 0; i < 200; i++)
		n += throttle_take(&th, k, 6001 * 60 + 1);
	CHECK_INT(n, 120);
	CHECK(throttle_wait(&th, k, 6001 * 60 + 1) > 1);
}

/* As the window slides on, the allowance comes back by degrees. */
static void
allowance_returns(void)
{
	uint64_t	 k = throttle_key("203.0.113.2");
	unsigned	 n = 0, i;

	for (i = 0; i < 120; i++)
		n += throttle_take(&th, k, 7000 * 60);
	CHECK_INT(n, 120);
	CHECK(!throttle_take(&th, k, 7000 * 60 + 30));
	/* Half-way through the next minute, half the window has slid
	 * past the burst: still nothing; a minute after it, all of it. */
	n = 0;
	for (i = 0; i < 120; i++)
		n += throttle_take(&th, k, 7001 * 60 - 1);
	CHECK_INT(n, 0);
	for (i = 0; i < 120; i++)
		n += throttle_take(&th, k, 7001 * 60 + 5);
	CHECK_INT(n, 120);
	/* Two minutes on, nothing counts any more. */
	n = 0;
	for (i = 0; i < 200; i++)
		n += throttle_take(&th, k, 7003 * 60);
	CHECK_INT(n, 120);
}

/* Another key is not held back; over() and hit() count as take(). */
static void
keys_apart(void)
{
	struct throttle	 f = THROTTLE_INIT(5, 900);
	uint64_t	 a = throttle_key_add(throttle_key("198.51.100.1"),
			    "a@ex.fr");
	uint64_t	 b = throttle_key_add(throttle_key("198.51.100.1"),
			    "b@ex.fr");
	int		 i;

	CHECK(a != b);
	CHECK(throttle_key_add(throttle_key("ab"), "c") !=
	    throttle_key_add(throttle_key("a"), "bc"));
	for (i = 0; i < 5; i++) {
		CHECK(!throttle_over(&f, a, 1000));
		throttle_hit(&f, a, 1000);
	}
	CHECK(throttle_over(&f, a, 1000));
	CHECK(!throttle_over(&f, b, 1000));
	CHECK(throttle_over(&f, a, 1000 + 899));
	CHECK(!throttle_over(&f, a, 1000 + 3 * 900));
}

static void
log_line(void)
{
	char	 out[64];

	log_escape("/x\n1.2.3.4 GET /forged\r\"\\", out, sizeof(out));
	CHECK_STR(out, "/x\\x0a1.2.3.4 GET /forged\\x0d\\x22\\x5c");
	log_escape("/é", out, sizeof(out));
	CHECK_STR(out, "/é");
	log_escape("/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaa", out, sizeof(out));
	CHECK(strlen(out) < sizeof(out) && strstr(out, "...") != NULL);
	log_escape("\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n", out, 16);
	CHECK(strlen(out) < 16 && strchr(out, '\n') == NULL);
}

int
main(void)
{
	RUN(no_burst_across_the_edge);
	RUN(allowance_returns);
	RUN(keys_apart);
	RUN(log_line);
	return DONE();
}

/*
 * A minimal unit-test harness printing TAP, which tests/run counts.
 * A test is a function; CHECK records a failure and goes on, so one run
 * shows every broken expectation of a test.
 */
#ifndef TANDEM_T_H
#define TANDEM_T_H

#include <stdio.h>
#include <string.h>

static int	 t_fails;	/* failures in the current test */
static int	 t_total;
static int	 t_bad;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		printf("# %s:%d: CHECK(%s) failed\n", __FILE__,		\
		    __LINE__, #cond);					\
		t_fails++;						\
	}								\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *t_a = (a), *t_b = (b);				\
	if (t_a == NULL || t_b == NULL || strcmp(t_a, t_b) != 0) {	\
		printf("# %s:%d: \"%s\" != \"%s\"\n", __FILE__,		\
		    __LINE__, t_a ? t_a : "(null)",			\
		    t_b ? t_b : "(null)");				\
		t_fails++;						\
	}								\
} while (0)

#define CHECK_INT(a, b) do {						\
	long long t_a = (long long)(a), t_b = (long long)(b);		\
	if (t_a != t_b) {						\
		printf("# %s:%d: %s == %lld, expected %lld\n",		\
		    __FILE__, __LINE__, #a, t_a, t_b);			\
		t_fails++;						\
	}								\
} while (0)

static void
t_run(const char *name, void (*fn)(void))
{
	t_fails = 0;
	fn();
	t_total++;
	if (t_fails)
		t_bad++;
	printf("%s %d - %s\n", t_fails ? "not ok" : "ok", t_total, name);
}

#define RUN(fn) t_run(#fn, fn)
#define DONE() (printf("1..%d\n", t_total), t_bad ? 1 : 0)

#endif

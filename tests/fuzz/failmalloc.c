/*
 * Allocation-failure injection for the fuzzing harnesses: while armed,
 * the nth allocation (and with a sticky plan every later one) returns
 * NULL with errno ENOMEM.  See failmalloc.h for the plan an input
 * carries.
 *
 * How the allocations are seen.  Every harness links with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=reallocarray,
 * --wrap=strdup,--wrap=strndup (tests/fuzz/meson.build): the linker
 * sends each call to these functions from the objects of the link
 * (libtandem, the web front-end, the harness) to __wrap_NAME below,
 * which counts and then calls the real one (__real_NAME) or refuses.
 * Under ASan the real one is still the sanitizer's, so leaks and misuse
 * of the memory are found as before.  SQLite and jansson are shared
 * libraries that --wrap does not reach: SQLite's allocator is replaced
 * with sqlite3_config(SQLITE_CONFIG_MALLOC) by one that counts and then
 * calls the default one, and jansson's with json_set_alloc_funcs().  All
 * three share one countdown, so any allocation on the path may be the
 * one refused.  free() is not wrapped: it never fails.
 *
 * What is not seen: allocations inside the C library's own functions
 * (vsnprintf, qsort, fopen), which are not the code under test.
 *
 * The state is per thread: only the thread that armed counts and is
 * refused, so that libFuzzer's own threads and anything running outside
 * the armed window never are, and a plan replays exactly.
 */
#include <errno.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "failmalloc.h"

/* The real functions, as the linker names them under --wrap. */
void	*__real_malloc(size_t);
void	*__real_calloc(size_t, size_t);
void	*__real_realloc(void *, size_t);
void	*__real_reallocarray(void *, size_t, size_t);
char	*__real_strdup(const char *);
char	*__real_strndup(const char *, size_t);

void	*__wrap_malloc(size_t);
void	*__wrap_calloc(size_t, size_t);
void	*__wrap_realloc(void *, size_t);
void	*__wrap_reallocarray(void *, size_t, size_t);
char	*__wrap_strdup(const char *);
char	*__wrap_strndup(const char *, size_t);

static _Thread_local int		armed;
static _Thread_local unsigned long	count;
static _Thread_local struct failplan	plan;
static _Thread_local unsigned		refused;

/* SQLite's default allocator, which ours calls. */
static sqlite3_mem_methods	sqlmem;

/* Count one allocation by who; 1 if it is to be refused. */
static int
refuse(unsigned who)
{
	if (!armed)
		return 0;
	count++;
	if (plan.nth == 0 || count < plan.nth ||
	    (count > plan.nth && !plan.sticky))
		return 0;
	refused |= who;
	errno = ENOMEM;
	return 1;
}

void *
__wrap_malloc(size_t n)
{
	return refuse(FM_LIBC) ? NULL : __real_malloc(n);
}

void *
__wrap_calloc(size_t n, size_t size)
{
	return refuse(FM_LIBC) ? NULL : __real_calloc(n, size);
}

void *
__wrap_realloc(void *p, size_t n)
{
	/* realloc(p, 0) frees p: refusing it would leak, not fail. */
	if (n == 0)
		return __real_realloc(p, n);
	return refuse(FM_LIBC) ? NULL : __real_realloc(p, n);
}

void *
__wrap_reallocarray(void *p, size_t n, size_t size)
{
	if (n == 0 || size == 0)
		return __real_reallocarray(p, n, size);
	return refuse(FM_LIBC) ? NULL : __real_reallocarray(p, n, size);
}

char *
__wrap_strdup(const char *s)
{
	return refuse(FM_LIBC) ? NULL : __real_strdup(s);
}

char *
__wrap_strndup(const char *s, size_t n)
{
	return refuse(FM_LIBC) ? NULL : __real_strndup(s, n);
}

static void *
sql_malloc(int n)
{
	return refuse(FM_SQLITE) ? NULL : sqlmem.xMalloc(n);
}

static void *
sql_realloc(void *p, int n)
{
	return refuse(FM_SQLITE) ? NULL : sqlmem.xRealloc(p, n);
}

static void *
json_malloc(size_t n)
{
	return refuse(FM_JSON) ? NULL : __real_malloc(n);
}

static void
json_free(void *p)
{
	free(p);
}

/* Route SQLite and jansson through the countdown, once. */
static void
hook(void)
{
	static int		 done;
	sqlite3_mem_methods	 m;

	if (done)
		return;
	done = 1;
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlmem) != SQLITE_OK) {
		fputs("failmalloc: SQLite is already in use\n", stderr);
		abort();
	}
	m = sqlmem;
	m.xMalloc = sql_malloc;
	m.xRealloc = sql_realloc;
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK) {
		fputs("failmalloc: SQLite is already in use\n", stderr);
		abort();
	}
	json_set_alloc_funcs(json_malloc, json_free);
	/* A fixed hash seed: the same input allocates the same way. */
	json_object_seed(0x74646d31);
}

void
failmalloc_plan(const uint8_t **data, size_t *size, struct failplan *p)
{
	const uint8_t	*d = *data;

	hook();
	p->nth = 0;
	p->sticky = 0;
	if (*size < 4 || d[0] != FAILMARK)
		return;
	p->sticky = d[1] & 1;
	p->nth = ((unsigned long)(d[1] >> 1) << 16 |
	    (unsigned long)d[2] << 8 | d[3]) + 1;
	*data += 4;
	*size -= 4;
}

void
failmalloc_arm(const struct failplan *p)
{
	plan = *p;
	count = 0;
	refused = 0;
	armed = 1;
}

unsigned
failmalloc_disarm(void)
{
	armed = 0;
	return refused;
}

unsigned long
failmalloc_count(void)
{
	return count;
}

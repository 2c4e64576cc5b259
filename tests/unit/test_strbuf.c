/*
 * Unit tests of strbuf.c and diag.c.
 */
#include <stdlib.h>

#include "tandem/diag.h"
#include "tandem/strbuf.h"
#include "t.h"

static void
empty_is_a_string(void)
{
	struct tdm_buf	 b = TDM_BUF_INIT;

	CHECK_STR(b.buf, "");
	tdm_buf_reset(&b);
	CHECK_STR(b.buf, "");
	tdm_buf_release(&b);
}

static void
appends(void)
{
	struct tdm_buf	 b = TDM_BUF_INIT;
	char		*s;
	size_t		 len, i;

	tdm_buf_adds(&b, "abc");
	tdm_buf_addch(&b, '-');
	tdm_buf_addf(&b, "%d:%s", 42, "x");
	CHECK_STR(b.buf, "abc-42:x");
	for (i = 0; i < 1000; i++)
		tdm_buf_addf(&b, "%05zu", i);
	CHECK_INT(b.len, 8 + 5000);
	tdm_buf_truncate(&b, 3);
	CHECK_STR(b.buf, "abc");
	s = tdm_buf_detach(&b, &len);
	CHECK_STR(s, "abc");
	CHECK_INT(len, 3);
	CHECK_STR(b.buf, "");
	free(s);
}

static void
detach_empty(void)
{
	struct tdm_buf	 b = TDM_BUF_INIT;
	char		*s;

	s = tdm_buf_detach(&b, NULL);
	CHECK(s != NULL && *s == '\0');
	free(s);
}

static void
diag_limit(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	size_t			 i;

	d.limit = 3;
	for (i = 0; i < 10; i++)
		tdm_diag_add(&d, "f", i + 1, 2, "problem %zu", i);
	CHECK_INT(d.n, 3);
	CHECK_INT(d.dropped, 7);
	CHECK_INT(tdm_diag_count(&d), 10);
	CHECK_STR(d.v[2].message, "problem 2");
	CHECK_STR(d.v[0].source, "f");
	tdm_diags_free(&d);
}

int
main(void)
{
	RUN(empty_is_a_string);
	RUN(appends);
	RUN(detach_empty);
	RUN(diag_limit);
	return DONE();
}

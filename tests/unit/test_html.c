/*
 * The HTML formatter of src/web/html.c: H() escapes every %s, formats
 * numbers as printf does, and Hraw() appends markup as it is.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"
#include "t.h"

static struct req	 r;

/* What the calls since the last reset wrote (a tdm_buf is terminated). */
static const char *
out(void)
{
	return r.out.buf;
}

static void
escapes_text(void)
{
	tdm_buf_reset(&r.out);
	H(&r, "<p title=\"%s\">%s</p>", "a \"b\" & 'c'", "<script>");
	CHECK_STR(out(), "<p title=\"a &quot;b&quot; &amp; &#39;c&#39;\">"
	    "&lt;script&gt;</p>");
}

static void
numbers_as_printf(void)
{
	char	 want[128];

	tdm_buf_reset(&r.out);
	H(&r, "%d %zu %" PRId64 " %lld %u %x %05d %-3d| %% %c", -7,
	    (size_t)42, INT64_MAX, -9LL, 3u, 255u, 12, 4, 'z');
	snprintf(want, sizeof(want), "%d %zu %" PRId64 " %lld %u %x %05d %-3d"
	    "| %% %c", -7, (size_t)42, INT64_MAX, -9LL, 3u, 255u, 12, 4, 'z');
	CHECK_STR(out(), want);
}

/* A precision keeps that many bytes, as printf does (a date's parts). */
static void
string_precision(void)
{
	tdm_buf_reset(&r.out);
	H(&r, "%.2s/%.2s/%.4s %.0s|%.9s", "2026-12-06T18:20:41Z" + 8,
	    "2026-12-06T18:20:41Z" + 5, "2026-12-06T18:20:41Z", "gone",
	    "a<b");
	CHECK_STR(out(), "06/12/2026 |a&lt;b");
}

static void
raw_markup(void)
{
	tdm_buf_reset(&r.out);
	H(&r, "<tr><th>%s</th>", "A&B");
	Hraw(&r, "<th></th></tr>");
	CHECK_STR(out(), "<tr><th>A&amp;B</th><th></th></tr>");
}

/* A count as the reader writes it (num()): grouped by thousands. */
static void
counts_grouped(void)
{
	size_t	 i;

	r.lang = "fr";
	CHECK_STR(num(&r, 0), "0");
	CHECK_STR(num(&r, 999), "999");
	CHECK_STR(num(&r, 3420), "3\u202f420");
	CHECK_STR(num(&r, 100000), "100\u202f000");
	CHECK_STR(num(&r, -1234567), "-1\u202f234\u202f567");
	r.lang = "en";
	CHECK_STR(num(&r, 3420), "3,420");
	CHECK_STR(num(&r, 12), "12");
	CHECK_STR(num(&r, 1000000), "1,000,000");
	for (i = 0; i < r.nallocs; i++)
		free(r.allocs[i]);
	free(r.allocs);
	r.allocs = NULL;
	r.nallocs = r.allocsz = 0;
}

int
main(void)
{
	tdm_buf_init(&r.out);
	RUN(escapes_text);
	RUN(numbers_as_printf);
	RUN(string_precision);
	RUN(raw_markup);
	RUN(counts_grouped);
	tdm_buf_release(&r.out);
	return DONE();
}

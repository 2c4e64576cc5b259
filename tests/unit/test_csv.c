/*
 * Unit tests of csv.c: decoding every encoding an export comes in, and
 * splitting RFC 4180 records.
 */
#include <stdlib.h>

#include "tandem/csv.h"
#include "t.h"

static char *
decode(const char *data, size_t len, enum tdm_encoding enc,
    enum tdm_encoding *detected, struct tdm_diags *d)
{
	struct tdm_buf	 out = TDM_BUF_INIT;

	tdm_decode("f.csv", (const unsigned char *)data, len, enc, &out,
	    detected, d);
	return tdm_buf_detach(&out, NULL);
}

static void
utf8_bom_dropped(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	enum tdm_encoding	 e;
	char			*s;

	s = decode("\xEF\xBB\xBFPr\xC3\xA9nom", 10, TDM_ENC_AUTO, &e, &d);
	CHECK_STR(s, "Pr\xC3\xA9nom");
	CHECK_INT(e, TDM_ENC_UTF8);
	CHECK_INT(d.n, 0);
	free(s);
	tdm_diags_free(&d);
}

static void
cp1252_detected(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	enum tdm_encoding	 e;
	char			*s;

	/* "Hervé – Œuvre €" in Windows-1252. */
	s = decode("Herv\xE9 \x96 \x8Cuvre \x80", 15, TDM_ENC_AUTO, &e, &d);
	CHECK_STR(s, "Herv\xC3\xA9 \xE2\x80\x93 \xC5\x92uvre \xE2\x82\xAC");
	CHECK_INT(e, TDM_ENC_CP1252);
	CHECK_INT(d.n, 0);
	free(s);
	tdm_diags_free(&d);
}

static void
cp1252_undefined_byte(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			*s;

	s = decode("ab\ncd\x81", 6, TDM_ENC_CP1252, NULL, &d);
	CHECK_INT(d.n, 1);
	CHECK_INT(d.v[0].line, 2);
	CHECK_INT(d.v[0].column, 3);
	free(s);
	tdm_diags_free(&d);
}

static void
utf16le_with_bom(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	enum tdm_encoding	 e;
	char			*s;
	/* BOM, "é\t€\r\n" and U+1F600 as a surrogate pair. */
	static const char	 in[] = "\xFF\xFE\xE9\x00\t\x00\xAC\x20"
	    "\r\x00\n\x00\x3D\xD8\x00\xDE";

	s = decode(in, sizeof(in) - 1, TDM_ENC_AUTO, &e, &d);
	CHECK_STR(s, "\xC3\xA9\t\xE2\x82\xAC\r\n\xF0\x9F\x98\x80");
	CHECK_INT(e, TDM_ENC_UTF16LE);
	CHECK_INT(d.n, 0);
	free(s);
	tdm_diags_free(&d);
}

static void
utf16be_with_bom(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	enum tdm_encoding	 e;
	char			*s;
	static const char	 in[] = "\xFE\xFF\x00\x41\x00\xE9";

	s = decode(in, sizeof(in) - 1, TDM_ENC_AUTO, &e, &d);
	CHECK_STR(s, "A\xC3\xA9");
	CHECK_INT(e, TDM_ENC_UTF16BE);
	free(s);
	tdm_diags_free(&d);
}

static void
utf16_without_bom_refused(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			*s;
	static const char	 in[] = "a\0b\0c\0d\0";

	s = decode(in, sizeof(in) - 1, TDM_ENC_AUTO, NULL, &d);
	CHECK_INT(d.n, 1);
	free(s);
	tdm_diags_free(&d);
}

static void
damaged_utf8_reported(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	enum tdm_encoding	 e;
	char			*s;

	/* Valid é on line 1, a stray byte on line 2 column 4. */
	s = decode("\xC3\xA9t\xC3\xA9\r\nabc\xFF", 11, TDM_ENC_AUTO, &e, &d);
	CHECK_INT(e, TDM_ENC_UTF8);
	CHECK_INT(d.n, 1);
	CHECK_INT(d.v[0].line, 2);
	CHECK_INT(d.v[0].column, 4);
	free(s);
	tdm_diags_free(&d);
}

static void
overlong_and_surrogate_refused(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			*s;

	s = decode("\xC0\xAF|\xED\xA0\x80", 6, TDM_ENC_UTF8, NULL, &d);
	CHECK(d.n >= 2);
	free(s);
	tdm_diags_free(&d);
}

static void
nul_reported(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			*s;

	s = decode("a;b\nc\0d", 7, TDM_ENC_AUTO, NULL, &d);
	CHECK_INT(d.n, 1);
	CHECK_INT(d.v[0].line, 2);
	CHECK_INT(d.v[0].column, 2);
	CHECK(strstr(d.v[0].message, "NUL") != NULL);
	free(s);
	tdm_diags_free(&d);
}

static void
encoding_names(void)
{
	enum tdm_encoding	 e;

	CHECK(tdm_encoding_parse("Windows-1252", &e) == 0 &&
	    e == TDM_ENC_CP1252);
	CHECK(tdm_encoding_parse("UTF8", &e) == 0 && e == TDM_ENC_UTF8);
	CHECK(tdm_encoding_parse("ebcdic", &e) == -1);
	CHECK_STR(tdm_encoding_name(TDM_ENC_UTF16BE), "UTF-16BE");
}

/* Read all records of text; returns them joined as "a|b/c|d/". */
static char *
records(const char *text, char sep, struct tdm_diags *d, char *seen)
{
	struct tdm_csv	 csv;
	struct tdm_buf	 out = TDM_BUF_INIT;
	size_t		 i;
	int		 bad;

	tdm_csv_init(&csv, "f.csv", text, strlen(text), sep);
	if (seen != NULL)
		*seen = csv.sep;
	while (tdm_csv_next(&csv, &bad, d) == 1) {
		for (i = 0; i < csv.nfields; i++) {
			tdm_buf_adds(&out, csv.fields[i].s);
			tdm_buf_addch(&out, i + 1 < csv.nfields ? '|' : '/');
		}
	}
	tdm_csv_free(&csv);
	return tdm_buf_detach(&out, NULL);
}

static void
separator_detected(void)
{
	char	*s, sep;

	s = records("a;b,c;d\n1;2,3;4\n", 0, NULL, &sep);
	CHECK_INT(sep, ';');
	CHECK_STR(s, "a|b,c|d/1|2,3|4/");
	free(s);
	s = records("a\tb;c\n", 0, NULL, &sep);
	CHECK_INT(sep, '\t');
	free(s);
	s = records("\"x;y\",b\n", 0, NULL, &sep);
	CHECK_INT(sep, ',');
	free(s);
}

static void
quoting(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			*s;

	s = records(
	    "\"a;b\";\"say \"\"hi\"\"\";\"two\r\nlines\"\r\nx;;\"\"\r\n", ';',
	    &d, NULL);
	CHECK_STR(s, "a;b|say \"hi\"|two\r\nlines/x||/");
	CHECK_INT(d.n, 0);
	free(s);
	tdm_diags_free(&d);
}

static void
blank_lines_skipped(void)
{
	char	*s;

	s = records("a;b\n\n;\r\n1;2\n;;\n", ';', NULL, NULL);
	CHECK_STR(s, "a|b/1|2/");
	free(s);
}

static void
positions(void)
{
	struct tdm_csv	 csv;
	int		 bad;
	const char	*text = "h1;h2\n\"a\nb\";\xC3\xA9t\xC3\xA9;z\n";

	tdm_csv_init(&csv, "f", text, strlen(text), ';');
	CHECK_INT(tdm_csv_next(&csv, &bad, NULL), 1);
	CHECK_INT(tdm_csv_next(&csv, &bad, NULL), 1);
	CHECK_INT(csv.recline, 2);
	CHECK_INT(csv.fields[1].line, 3);
	CHECK_INT(tdm_csv_column(&csv.fields[1]), 4);
	CHECK_INT(tdm_csv_column(&csv.fields[2]), 8);
	CHECK_INT(tdm_csv_next(&csv, &bad, NULL), 0);
	tdm_csv_free(&csv);
}

static void
unterminated_quote(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_csv		 csv;
	int			 bad;
	const char		*text = "a;b\nx;\"open\n";

	tdm_csv_init(&csv, "f", text, strlen(text), ';');
	CHECK_INT(tdm_csv_next(&csv, &bad, &d), 1);
	CHECK_INT(tdm_csv_next(&csv, &bad, &d), 1);
	CHECK(bad);
	CHECK_INT(d.n, 1);
	CHECK_INT(d.v[0].line, 2);
	CHECK_INT(d.v[0].column, 3);
	tdm_csv_free(&csv);
	tdm_diags_free(&d);
}

static void
text_after_quote(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			*s;

	s = records("\"a\"b;c\n", ';', &d, NULL);
	CHECK_INT(d.n, 1);
	CHECK_INT(d.v[0].column, 4);
	free(s);
	tdm_diags_free(&d);
}

int
main(void)
{
	RUN(utf8_bom_dropped);
	RUN(cp1252_detected);
	RUN(cp1252_undefined_byte);
	RUN(utf16le_with_bom);
	RUN(utf16be_with_bom);
	RUN(utf16_without_bom_refused);
	RUN(damaged_utf8_reported);
	RUN(overlong_and_surrogate_refused);
	RUN(nul_reported);
	RUN(encoding_names);
	RUN(separator_detected);
	RUN(quoting);
	RUN(blank_lines_skipped);
	RUN(positions);
	RUN(unterminated_quote);
	RUN(text_after_quote);
	return DONE();
}

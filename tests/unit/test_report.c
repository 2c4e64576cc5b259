/*
 * Unit tests of report_render.c: the five-people rule in every format,
 * escaping, the CSV conventions of French Excel, well-formed JSON, SVG
 * and HTML, determinism, and the golden outputs in tests/golden/report.
 *
 * "test_report --update" rewrites the golden files from the fixed report
 * (run it from the top directory, then read the diff before committing).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/report.h"
#include "t.h"

#define NNBSP "\xe2\x80\xaf"

static int	 update;

/*
 * The fixed report.  The cells with 3 and 4 people hold values that
 * appear nowhere else (98765.4 and 43210.9): finding any of their digits
 * in an output means the rule was broken.
 */
static const char *const hrows[] = {
	"Ressources humaines",
	"Achats & logistique",
	"Recherche <R&D> \xc2\xab" "\xc2\xa0" "Sant\xc3\xa9" "\xc2\xa0\xc2\xbb",
	"=SOMME(A1:A9)",
	"@Sites \"Nord\"; Sud",
};
static const char *const hcols[] = { "Mentors", "Mentor\xc3\xa9\xc2\xb7" "es" };
static const double hvalues[] = {
	1234.5, 480.0,
	0.0, 98765.4,
	310.3, 43210.9,
	75.5, 0.0,
	150.0, 225.5,
};
static const int hpeople[] = {
	27, 12,
	0, 3,
	5, 4,
	6, 0,
	9, 5,
};

static const char *const prows[] = {
	"G\xc3\xa9n\xc3\xa9ration Z", "G\xc3\xa9n\xc3\xa9ration Y",
	"G\xc3\xa9n\xc3\xa9ration X", "Baby-boomers",
};
static const char *const pcols[] = { "Mentors", "Mentor\xc3\xa9\xc2\xb7" "es",
	"Ensemble" };
static const double pvalues[] = {
	82.4, 0.0, 82.4,
	64.0, 71.3, 68.2,
	0.0, 58.1, 55.0,
	0.0, 77.7, 61.9,
};
static const int ppeople[] = {
	17, 0, 17,
	25, 14, 39,
	0, 31, 33,
	0, 2, 6,
};

static const char *const srows[] = { "Total" };
static const char *const scols[] = { "Tenues", "Annul\xc3\xa9" "es",
	"D\xc3\xa9plac\xc3\xa9" "es" };
static const double svalues[] = { 42, 11, 5 };
static const int speople[] = { 40, 2, 5 };

static const struct tdm_report_table tables[] = {
	{ "heures", "Heures de s\xc3\xa9" "ance par direction",
	    "Somme des dur\xc3\xa9" "es des s\xc3\xa9" "ances tenues, "
	    "en heures.",
	    hrows, 5, hcols, 2, hvalues, hpeople, 1, 0, 1, NULL, NULL },
	{ "participation", "Taux de participation par g\xc3\xa9n\xc3\xa9ration",
	    "Part des inscrits qui ont tenu au moins une s\xc3\xa9" "ance.",
	    prows, 4, pcols, 3, pvalues, ppeople, 1, 1, 1, NULL, NULL },
	{ "seances", "S\xc3\xa9" "ances" "\xe2\x80\xaf" "?", NULL,
	    srows, 1, scols, 3, svalues, speople, 0, 0, 0, NULL, NULL },
};

static const struct tdm_report fixed = {
	"Bilan du mentorat invers\xc3\xa9 \xc2\xab\xc2\xa0"
	    "Cap num\xc3\xa9rique\xc2\xa0\xc2\xbb",
	"Programme 2026 \xe2\x80\x94 situation au 27/11/2026",
	tables, 3, NULL, 0, NULL,
};

static char *
render(enum tdm_report_format f, const struct tdm_report *rep)
{
	struct tdm_buf	 b = TDM_BUF_INIT;

	if (tdm_report_render(&b, f, rep) != TDM_OK) {
		tdm_buf_release(&b);
		return NULL;
	}
	return tdm_buf_detach(&b, NULL);
}

static size_t
count(const char *s, const char *sub)
{
	size_t	 n = 0;

	while ((s = strstr(s, sub)) != NULL) {
		n++;
		s += strlen(sub);
	}
	return n;
}

/* No digit of a hidden value, in any spelling, in s. */
static int
leaks(const char *s)
{
	static const char *const bad[] = {
		"98765", "98" NNBSP "765", "98 765", "765,4", "765.4",
		"43210", "43" NNBSP "210", "43 210", "210,9", "210.9",
		"77,7", "77.7",
	};
	size_t	 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (strstr(s, bad[i]) != NULL) {
			printf("# leaked \"%s\"\n", bad[i]);
			return 1;
		}
	return 0;
}

/* ------------------------------------------------- a tiny JSON checker */

static int json_value(const char **);

static void
json_ws(const char **p)
{
	while (**p == ' ' || **p == '\n' || **p == '\t' || **p == '\r')
		(*p)++;
}

static int
json_string(const char **p)
{
	const char	*s = *p;

	if (*s++ != '"')
		return -1;
	for (; *s != '"'; s++) {
		if ((unsigned char)*s < 0x20)
			return -1;
		if (*s == '\\') {
			s++;
			if (*s == 'u') {
				if (strspn(s + 1, "0123456789abcdefABCDEF") < 4)
					return -1;
				s += 4;
			} else if (strchr("\"\\/bfnrt", *s) == NULL ||
			    *s == '\0')
				return -1;
		}
	}
	*p = s + 1;
	return 0;
}

static int
json_number(const char **p)
{
	const char	*s = *p;

	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		s += strspn(s, "0123456789");
	else
		return -1;
	if (*s == '.') {
		s++;
		if (strspn(s, "0123456789") == 0)
			return -1;
		s += strspn(s, "0123456789");
	}
	*p = s;
	return 0;
}

static int
json_seq(const char **p, char close, int object)
{
	(*p)++;
	json_ws(p);
	if (**p == close) {
		(*p)++;
		return 0;
	}
	for (;;) {
		json_ws(p);
		if (object) {
			if (json_string(p) == -1)
				return -1;
			json_ws(p);
			if (*(*p)++ != ':')
				return -1;
		}
		if (json_value(p) == -1)
			return -1;
		json_ws(p);
		if (**p == close) {
			(*p)++;
			return 0;
		}
		if (*(*p)++ != ',')
			return -1;
	}
}

static int
json_value(const char **p)
{
	json_ws(p);
	switch (**p) {
	case '{':
		return json_seq(p, '}', 1);
	case '[':
		return json_seq(p, ']', 0);
	case '"':
		return json_string(p);
	case 't':
		return strncmp(*p, "true", 4) == 0 ? (*p += 4, 0) : -1;
	case 'f':
		return strncmp(*p, "false", 5) == 0 ? (*p += 5, 0) : -1;
	case 'n':
		return strncmp(*p, "null", 4) == 0 ? (*p += 4, 0) : -1;
	default:
		return json_number(p);
	}
}

static int
json_valid(const char *s)
{
	if (json_value(&s) == -1)
		return 0;
	json_ws(&s);
	return *s == '\0';
}

/* -------------------------------------------- a tiny tag balance check */

/*
 * Every element opened is closed in order, except the void elements of
 * HTML (html != 0); comments, declarations and processing instructions
 * are skipped.  Attribute values never hold '>' here: they are escaped.
 */
static int
tags_balanced(const char *s, int html)
{
	static const char *const voids[] = { "meta", "link", "br", "hr",
	    "img", "input" };
	char		 stack[64][16], name[16];
	size_t		 depth = 0, n, i;
	const char	*e;
	int		 closing, isvoid;

	while ((s = strchr(s, '<')) != NULL) {
		if (s[1] == '!' || s[1] == '?') {
			if ((s = strchr(s, '>')) == NULL)
				return 0;
			continue;
		}
		closing = s[1] == '/';
		s += closing ? 2 : 1;
		n = strcspn(s, " \t\n/>");
		if (n == 0 || n >= sizeof(name))
			return 0;
		memcpy(name, s, n);
		name[n] = '\0';
		if ((e = strchr(s, '>')) == NULL)
			return 0;
		isvoid = 0;
		for (i = 0; html && i < sizeof(voids) / sizeof(voids[0]); i++)
			if (strcmp(name, voids[i]) == 0)
				isvoid = 1;
		if (closing) {
			if (depth == 0 || strcmp(stack[--depth], name) != 0) {
				printf("# unbalanced </%s>\n", name);
				return 0;
			}
		} else if (e[-1] != '/' && !isvoid) {
			if (depth == sizeof(stack) / sizeof(stack[0]))
				return 0;
			memcpy(stack[depth++], name, n + 1);
		}
		s = e + 1;
	}
	return depth == 0;
}

/* ------------------------------------------------------------- golden */

static char *
slurp(const char *name)
{
	static const char *const dirs[] = { "tests/golden/report/",
	    "../tests/golden/report/" };
	char		 path[256];
	struct tdm_buf	 b = TDM_BUF_INIT;
	FILE		*f = NULL;
	size_t		 i, n;
	char		 chunk[4096];

	for (i = 0; i < 2 && f == NULL; i++) {
		snprintf(path, sizeof(path), "%s%s", dirs[i], name);
		f = fopen(path, "rb");
	}
	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		tdm_buf_add(&b, chunk, n);
	fclose(f);
	return tdm_buf_detach(&b, NULL);
}

static void
golden(const char *name, enum tdm_report_format fmt)
{
	char	*want, *got, path[256];
	FILE	*f;

	got = render(fmt, &fixed);
	CHECK(got != NULL);
	if (got == NULL)
		return;
	if (update) {
		snprintf(path, sizeof(path), "tests/golden/report/%s", name);
		if ((f = fopen(path, "wb")) != NULL) {
			fputs(got, f);
			fclose(f);
		}
		CHECK(f != NULL);
	}
	want = slurp(name);
	if (want == NULL)
		printf("# no golden file %s\n", name);
	CHECK(want != NULL);
	if (want != NULL && strcmp(want, got) != 0) {
		printf("# %s differs from the output; "
		    "test_report --update rewrites it\n", name);
		t_fails++;
	}
	free(want);
	free(got);
}

/* -------------------------------------------------------------- tests */

static void
format_names(void)
{
	enum tdm_report_format	 f;
	int			 i;

	for (i = 0; i < TDM_REPORT_FORMAT__MAX; i++) {
		CHECK_INT(tdm_report_format_parse(
		    tdm_report_format_name((enum tdm_report_format)i), &f), 0);
		CHECK_INT(f, i);
	}
	CHECK_STR(tdm_report_format_name(TDM_REPORT_CSV), "csv");
	CHECK_INT(tdm_report_format_parse("pdf", &f), -1);
	CHECK_INT(tdm_report_format_parse("CSV", &f), -1);
	CHECK_INT(tdm_report_format_parse("", &f), -1);
	CHECK_STR(tdm_report_format_name(TDM_REPORT_FORMAT__MAX), "unknown");
}

static void
nothing_leaks(void)
{
	char	*s;
	int	 i;

	for (i = 0; i < TDM_REPORT_FORMAT__MAX; i++) {
		s = render((enum tdm_report_format)i, &fixed);
		CHECK(s != NULL);
		if (s == NULL)
			continue;
		if (leaks(s)) {
			printf("# in %s\n",
			    tdm_report_format_name((enum tdm_report_format)i));
			t_fails++;
		}
		free(s);
	}
}

static void
deterministic(void)
{
	char	*a, *b;
	int	 i;

	for (i = 0; i < TDM_REPORT_FORMAT__MAX; i++) {
		a = render((enum tdm_report_format)i, &fixed);
		b = render((enum tdm_report_format)i, &fixed);
		CHECK(a != NULL && b != NULL && strcmp(a, b) == 0);
		free(a);
		free(b);
	}
}

static void
text_output(void)
{
	char	*s = render(TDM_REPORT_TEXT, &fixed);

	CHECK(s != NULL);
	if (s == NULL)
		return;
	/* Hidden cells: 98765.4, 43210.9, 77.7, 11. */
	CHECK_INT(count(s, "< 5"), 4);
	CHECK(strstr(s, "1" NNBSP "234,5") != NULL);
	CHECK(strstr(s, "82,4\xc2\xa0%") != NULL);
	/* A zero that describes nobody is shown. */
	CHECK(strstr(s, "0,0\xc2\xa0%") != NULL);
	CHECK(strstr(s, "Achats & logistique            0,0") != NULL);
	/* Columns align by characters, not bytes. */
	CHECK(strstr(s, "\n                           Mentors  "
	    "Mentor\xc3\xa9\xc2\xb7" "es\n") != NULL);
	CHECK(strstr(s, "\nTotal      42       < 5          5\n") != NULL);
	CHECK(strstr(s, "Aucune case ne d\xc3\xa9" "crit moins de cinq "
	    "personnes\xc2\xa0:") != NULL);
	free(s);
}

static void
json_output(void)
{
	char	*s = render(TDM_REPORT_JSON, &fixed);

	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK(json_valid(s));
	CHECK_INT(count(s, "\"suppressed\": true"), 4);
	CHECK_INT(count(s, "{\"value\": null, \"suppressed\": true}"), 4);
	CHECK_INT(count(s, "\"suppressed\": false"), 10 + 12 + 3 - 4);
	/* A hidden cell's count is not given either. */
	CHECK(strstr(s, "\"people\": 3,") == NULL);
	CHECK(strstr(s, "\"people\": 4,") == NULL);
	CHECK(strstr(s, "\"people\": 2,") == NULL);
	CHECK(strstr(s, "{\"value\": 0.0, \"people\": 0, "
	    "\"suppressed\": false}") != NULL);
	CHECK(strstr(s, "{\"value\": 1234.5, \"people\": 27, ") != NULL);
	CHECK(strstr(s, "\"Recherche \\u003cR\\u0026D\\u003e") != NULL);
	CHECK(strstr(s, "\"@Sites \\\"Nord\\\"; Sud\"") != NULL);
	CHECK(strstr(s, "\"note\": null") != NULL);
	CHECK(!json_valid("{\"a\": [1, 2,]}"));
	CHECK(!json_valid("{\"a\": \"x\ny\"}"));
	free(s);
}

static void
csv_output(void)
{
	char		*s = render(TDM_REPORT_CSV, &fixed);
	const char	*p;
	int		 bare_lf = 0;

	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK(strncmp(s, "\xef\xbb\xbfHeures de s\xc3\xa9" "ance par "
	    "direction\r\n;Mentors;Mentor\xc3\xa9\xc2\xb7" "es\r\n"
	    "Ressources humaines;1234,5;480,0\r\n", 70) == 0);
	for (p = s; (p = strchr(p, '\n')) != NULL; p++)
		if (p == s || p[-1] != '\r')
			bare_lf = 1;
	CHECK(!bare_lf);
	CHECK_INT(count(s, "\xef\xbb\xbf"), 1);
	CHECK(strstr(s, "\r\nAchats & logistique;0,0;< 5\r\n") != NULL);
	CHECK(strstr(s, "\r\n'=SOMME(A1:A9);75,5;0,0\r\n") != NULL);
	CHECK(strstr(s, "\r\n\"'@Sites \"\"Nord\"\"; Sud\";150,0;225,5\r\n")
	    != NULL);
	CHECK(strstr(s, "\r\n'Baby-boomers") == NULL);
	CHECK(strstr(s, ";Mentors (%);") != NULL);
	CHECK(strstr(s, "\r\nG\xc3\xa9n\xc3\xa9ration Z;82,4;0,0;82,4\r\n")
	    != NULL);
	CHECK(strstr(s, "\r\nTotal;42;< 5;5\r\n\r\n") != NULL);
	/* Numbers for Excel carry no grouping and no unit. */
	CHECK(strstr(s, "1" NNBSP "234") == NULL);
	CHECK(strstr(s, "\xc2\xa0%") == NULL);
	free(s);
}

static void
svg_output(void)
{
	char	*s = render(TDM_REPORT_SVG, &fixed);

	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK(strstr(s, "<svg xmlns=\"http://www.w3.org/2000/svg\"") != NULL);
	CHECK(strstr(s, "role=\"img\" aria-labelledby=\"tdm-title tdm-desc\"")
	    != NULL);
	CHECK(strstr(s, "<title id=\"tdm-title\">Bilan du mentorat") != NULL);
	CHECK_INT(count(s, "<title"), 3);
	CHECK_INT(count(s, "<desc"), 3);
	CHECK(tags_balanced(s, 0));
	CHECK(strstr(s, "style") == NULL);
	CHECK(strstr(s, "<script") == NULL);
	CHECK(strstr(s, "Recherche &lt;R&amp;D&gt;") != NULL);
	CHECK(strstr(s, "@Sites &quot;Nord&quot;") != NULL);
	CHECK(strstr(s, "<R&D>") == NULL);
	/* Hidden bars: hatched, one width whatever the value, "< 5". */
	CHECK_INT(count(s, "width=\"30\" height=\"16\" "
	    "fill=\"url(#tdm-c1-hatch)\""), 2);
	CHECK_INT(count(s, "fill=\"url(#tdm-c2-hatch)\""), 2);
	CHECK_INT(count(s, ">&lt; 5</text>"), 3);
	CHECK(strstr(s, "#0072B2") != NULL && strstr(s, "#E69F00") != NULL);
	CHECK(strstr(s, ">1" NNBSP "234,5</text>") != NULL);
	/* The table without a chart is not drawn. */
	CHECK(strstr(s, "Total") == NULL);
	free(s);
}

static void
html_output(void)
{
	char	*s = render(TDM_REPORT_HTML, &fixed);

	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK(strncmp(s, "<!doctype html>\n<html lang=\"fr\">\n<head>\n"
	    "<meta charset=\"utf-8\">", 60) == 0);
	CHECK(tags_balanced(s, 1));
	CHECK(strstr(s, "<script") == NULL);
	CHECK(strstr(s, " style=") == NULL);
	CHECK_INT(count(s, "<table"), 3);
	CHECK_INT(count(s, "<caption"), 3);
	CHECK_INT(count(s, "<svg xmlns=\"http://www.w3.org/2000/svg\""), 2);
	CHECK_INT(count(s, "<th scope=\"col\">"), 8);
	CHECK_INT(count(s, "<th scope=\"row\">"), 10);
	CHECK_INT(count(s, "<td class=\"hidden\">&lt; 5</td>"), 4);
	CHECK(strstr(s, "<th scope=\"row\">Recherche &lt;R&amp;D&gt; ")
	    != NULL);
	CHECK(strstr(s, "<td>1" NNBSP "234,5</td>") != NULL);
	CHECK(strstr(s, "<R&D>") == NULL);
	CHECK(strstr(s, "<footer>\n<p>Aucune case ne d\xc3\xa9" "crit moins "
	    "de cinq personnes\xc2\xa0: ") != NULL);
	CHECK(strstr(s, "\xc2\xab\xc2\xa0<\xc2\xa0" "5") == NULL);
	CHECK(strstr(s, "\xc2\xab\xc2\xa0&lt;\xc2\xa0" "5\xc2\xa0\xc2\xbb")
	    != NULL);
	/* Ids are unique across the inline charts. */
	CHECK_INT(count(s, "id=\"tdm-c1-hatch\""), 1);
	CHECK_INT(count(s, "id=\"tdm-c2-hatch\""), 1);
	free(s);
}

static void
rule_edges(void)
{
	static const char *const r[] = { "a" };
	static const char *const c[] = { "b", "c", "d", "e" };
	static const double v[] = { 11111, 22222, 33333, 44444 };
	static const int p[] = { -1, 1, 0, 5 };
	struct tdm_report_table	 t = { "x", "X", NULL, r, 1, c, 4, v, p,
	    0, 0, 1, NULL, NULL };
	struct tdm_report	 rep = { "T", NULL, &t, 1, NULL, 0, NULL };
	char			*s;
	int			 i;

	for (i = 0; i < TDM_REPORT_FORMAT__MAX; i++) {
		s = render((enum tdm_report_format)i, &rep);
		CHECK(s != NULL);
		if (s == NULL)
			continue;
		/* A negative count hides, like 1; 0 and 5 show. */
		CHECK(strstr(s, "11111") == NULL && strstr(s, "11" NNBSP
		    "111") == NULL);
		CHECK(strstr(s, "22222") == NULL && strstr(s, "22" NNBSP
		    "222") == NULL);
		CHECK(strstr(s, "33333") != NULL || strstr(s, "33" NNBSP
		    "333") != NULL);
		CHECK(strstr(s, "44444") != NULL || strstr(s, "44" NNBSP
		    "444") != NULL);
		free(s);
	}
	/* Without people counts, nothing is shown. */
	t.people = NULL;
	for (i = 0; i < TDM_REPORT_FORMAT__MAX; i++) {
		s = render((enum tdm_report_format)i, &rep);
		CHECK(s != NULL && strstr(s, "44444") == NULL &&
		    strstr(s, "44" NNBSP "444") == NULL);
		if (i == TDM_REPORT_JSON)
			CHECK(s != NULL && json_valid(s));
		free(s);
	}
}

static void
odd_input(void)
{
	static const char *const r[] = { "bad \xff\xfe utf-8 \x01\x1b[31m",
	    "+33 1 23" };
	static const char *const c[] = { "-col" };
	static const double v[] = { INFINITY, -0.0001 };
	static const int p[] = { 7, 7 };
	struct tdm_report_table	 t = { "x", "\x1b]0;x\x07", "a\"b\\c",
	    r, 2, c, 1, v, p, 2, 0, 1, NULL, NULL };
	struct tdm_report	 rep = { "T", "S", &t, 1, NULL, 0, NULL };
	struct tdm_report_table	 e = { "e", "E", NULL, NULL, 0, NULL, 0,
	    NULL, NULL, 0, 1, 1, NULL, NULL };
	struct tdm_report	 empty = { "T", NULL, &e, 1, NULL, 0, NULL };
	char			*s;

	s = render(TDM_REPORT_JSON, &rep);
	CHECK(s != NULL && json_valid(s));
	CHECK(s != NULL && strstr(s, "\"value\": null, \"people\": 7") !=
	    NULL);
	CHECK(s != NULL && strstr(s, "\"value\": 0.00,") != NULL);
	CHECK(s != NULL && strstr(s, "\\u001b") != NULL);
	CHECK(s != NULL && strstr(s, "\xef\xbf\xbd\xef\xbf\xbd") != NULL);
	free(s);
	s = render(TDM_REPORT_TEXT, &rep);
	CHECK(s != NULL && strchr(s, '\x1b') == NULL);
	CHECK(s != NULL && strstr(s, "\xe2\x80\x93") != NULL);
	free(s);
	s = render(TDM_REPORT_CSV, &rep);
	CHECK(s != NULL && strstr(s, "\r\n'+33 1 23;0,00\r\n") != NULL);
	CHECK(s != NULL && strstr(s, "\r\n;'-col\r\n") != NULL);
	free(s);
	s = render(TDM_REPORT_SVG, &rep);
	CHECK(s != NULL && tags_balanced(s, 0));
	CHECK(s != NULL && strchr(s, '\x1b') == NULL);
	free(s);
	s = render(TDM_REPORT_HTML, &empty);
	CHECK(s != NULL && tags_balanced(s, 1));
	CHECK(s != NULL && strstr(s, "Aucune donn\xc3\xa9" "e") != NULL);
	free(s);
	s = render(TDM_REPORT_JSON, &empty);
	CHECK(s != NULL && json_valid(s));
	free(s);
}

static void
failed_buffer(void)
{
	struct tdm_buf	 b = TDM_BUF_INIT;

	b.failed = 1;
	CHECK_INT(tdm_report_render(&b, TDM_REPORT_HTML, &fixed),
	    TDM_ENOMEM);
	CHECK_INT(b.len, 0);
	b.failed = 0;
	CHECK_INT(tdm_report_render(&b, TDM_REPORT_FORMAT__MAX, &fixed),
	    TDM_EINVAL);
	tdm_buf_release(&b);
}

static void
golden_files(void)
{
	golden("fixed.txt", TDM_REPORT_TEXT);
	golden("fixed.json", TDM_REPORT_JSON);
	golden("fixed.csv", TDM_REPORT_CSV);
	golden("fixed.svg", TDM_REPORT_SVG);
	golden("fixed.html", TDM_REPORT_HTML);
}

/*
 * Figures that read right (issue 16): labels a spreadsheet would turn
 * into a number or a date stay text in CSV; a long chart label is
 * wrapped, not cut; a negative progression is drawn left of the zero
 * line; cells under disclosure control read their status, never a
 * value, and the English report reads 1.5.
 */
static void
read_right(void)
{
	static const char *const r[] = { "0450", "03/04",
	    "Prospecter de nouveaux clients sur les r\xc3\xa9seaux sociaux "
	    "(LinkedIn, Pinterest)" };
	static const char *const c[] = { "Progression" };
	static const double v[] = { 1.5, -0.8, 98765.4 };
	static const int p[] = { 12, 12, 12 };
	static const unsigned char st[] = { TDM_CELL_SHOWN, TDM_CELL_SHOWN,
	    TDM_CELL_BAND };
	static const char *const tx[] = { NULL, NULL, "20 ou plus sur 24" };
	struct tdm_report_table	 t = { "x", "X", NULL, r, 3, c, 1, v, p,
	    1, 0, 1, st, tx };
	struct tdm_report	 rep = { "T", NULL, &t, 1, NULL, 0, NULL };
	char			*out;

	out = render(TDM_REPORT_CSV, &rep);
	CHECK(out != NULL && strstr(out, "\r\n'0450;1,5\r\n") != NULL);
	CHECK(out != NULL && strstr(out, "\r\n'03/04;-0,8\r\n") != NULL);
	CHECK(out != NULL && strstr(out, "20 ou plus sur 24") != NULL);
	CHECK(out != NULL && strstr(out, "98765") == NULL);
	free(out);
	out = render(TDM_REPORT_SVG, &rep);
	CHECK(out != NULL && strstr(out, "\xe2\x80\xa6") == NULL);
	CHECK(out != NULL && strstr(out, "Pinterest)</tspan>") != NULL);
	CHECK(out != NULL && strstr(out, "text-anchor=\"end\">-0,8<") !=
	    NULL);
	CHECK(out != NULL && strstr(out, "98765") == NULL);
	free(out);
	out = render(TDM_REPORT_JSON, &rep);
	CHECK(out != NULL && strstr(out, "\"status\": \"band\", "
	    "\"at_least\": 98765") != NULL);
	free(out);
	rep.lang = "en";
	out = render(TDM_REPORT_TEXT, &rep);
	CHECK(out != NULL && strstr(out, "-0.8") != NULL);
	free(out);
}

int
main(int argc, char *argv[])
{
	update = argc > 1 && strcmp(argv[1], "--update") == 0;
	RUN(format_names);
	RUN(nothing_leaks);
	RUN(deterministic);
	RUN(text_output);
	RUN(json_output);
	RUN(csv_output);
	RUN(svg_output);
	RUN(html_output);
	RUN(rule_edges);
	RUN(odd_input);
	RUN(failed_buffer);
	RUN(golden_files);
	RUN(read_right);
	return DONE();
}

/*
 * Rendering outcome reports (report.h) as text, JSON, CSV, SVG and HTML.
 *
 * This file owns the five-people rule at the last step before output:
 * every format asks cell_hidden() before it looks at a value, so a value
 * whose cell describes one to four people is never even formatted.  A
 * missing people array hides every cell, and a negative count hides its
 * cell: when in doubt, nothing is shown.  Chart scales are computed from
 * the shown values only, so the length of an axis cannot betray a hidden
 * value either.  The rule is applied cell by cell; that a hidden cell can
 * not be recovered from totals shown elsewhere is the caller's business.
 *
 * Numbers are formatted here, not by printf's locale: a front-end that
 * calls setlocale() must not turn SVG coordinates or JSON numbers into
 * decimal commas.  Values are counts and rates, never negative; a
 * negative value is still printed as a number (a CSV cell we format from
 * a double cannot carry a formula) and drawn as an empty bar.  A value
 * that is not finite reads "–" (null in JSON, empty in CSV).  In CSV,
 * numbers carry no grouping and rates no " %", so that Excel reads them
 * as numbers; a rate column's header ends in " (%)" instead.
 *
 * Output is deterministic: no dates, no random ids, the same report gives
 * the same bytes.  Nothing here reads files, prints or decides what a
 * report contains.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/report.h"

#define NBSP	"\xc2\xa0"		/* U+00A0: before ':' and '%' */
#define NNBSP	"\xe2\x80\xaf"		/* U+202F: thousands, ';', '?' */
#define HIDDEN	"< 5"
#define NOVALUE	"\xe2\x80\x93"		/* en dash */
#define NUM_MAX	1024			/* a formatted number, with room */
#define DEC_MAX	6

/* The rule, in the words of the HTML footer and the text output. */
#define RULE_FR	"Aucune case ne d\xc3\xa9" "crit moins de cinq personnes" \
	NBSP ": une valeur qui concerne de une \xc3\xa0 quatre personnes " \
	"est remplac\xc3\xa9" "e par \xc2\xab" NBSP "<" NBSP "5" NBSP \
	"\xc2\xbb. Une case qui ne concerne personne garde sa valeur."
/* With disclosure control: the hidden cells and the bands, too. */
#define RULE2_FR " Une case \xc2\xab" NBSP "masqu\xc3\xa9" "e" NBSP \
	"\xc2\xbb l'est pour qu'aucune autre ne puisse se d\xc3\xa9" \
	"duire des chiffres publi\xc3\xa9s, tableaux et relations " \
	"compris\xc2\xa0; \xc2\xab" NBSP "20 ou plus" NBSP "\xc2\xbb " \
	"donne une borne \xc3\xa0 la place d'une valeur. Les r\xc3\xa9" \
	"ponses sont compt\xc3\xa9" "es par lots d'au moins cinq."
#define RULE_EN	"No cell describes fewer than five people: a value " \
	"about one to four people reads \"< 5\". A \"hidden\" cell is " \
	"hidden so that no other can be derived from the published " \
	"figures, tables and relations included; \"20 or more\" gives a " \
	"bound instead of a value. Answers are counted in batches of at " \
	"least five. A cell about nobody keeps its value."
#define MASKED_FR "masqu\xc3\xa9"
#define MASKED_EN "hidden"

static const char *const fmtnames[TDM_REPORT_FORMAT__MAX] = {
	[TDM_REPORT_TEXT] = "text",
	[TDM_REPORT_JSON] = "json",
	[TDM_REPORT_CSV] = "csv",
	[TDM_REPORT_SVG] = "svg",
	[TDM_REPORT_HTML] = "html",
};

/*
 * Okabe and Ito's palette for colour-blind readers, ordered so that the
 * first bars get the most distinct colours and yellow comes late.
 */
static const char *const palette[] = {
	"#0072B2", "#E69F00", "#009E73", "#D55E00",
	"#56B4E9", "#CC79A7", "#F0E442", "#000000",
};
#define NPALETTE (sizeof(palette) / sizeof(palette[0]))

/* How a text is escaped for each output. */
enum esc {
	ESC_TEXT,	/* terminal: control characters become spaces */
	ESC_JSON,	/* JSON string body */
	ESC_XML,	/* XML and HTML text and attribute values */
	ESC_CSV,	/* inside a quoted CSV field: quotes doubled */
	ESC_RAW,	/* valid UTF-8 only */
};

const char *
tdm_report_format_name(enum tdm_report_format f)
{
	if ((unsigned)f >= TDM_REPORT_FORMAT__MAX)
		return "unknown";
	return fmtnames[f];
}

int
tdm_report_format_parse(const char *s, enum tdm_report_format *f)
{
	int	 i;

	if (s == NULL)
		return -1;
	for (i = 0; i < TDM_REPORT_FORMAT__MAX; i++)
		if (strcmp(s, fmtnames[i]) == 0) {
			*f = (enum tdm_report_format)i;
			return 0;
		}
	return -1;
}

/* The language of the report being rendered (one thread renders). */
static _Thread_local int	 english;

/* The footer's rule, for the report's tables. */
static const char *
rule(const struct tdm_report *rep)
{
	size_t	 i;
	int	 dc = 0;

	for (i = 0; i < rep->ntables; i++)
		if (rep->tables[i].status != NULL)
			dc = 1;
	if (english)
		return RULE_EN;
	return dc ? RULE_FR RULE2_FR : RULE_FR;
}

/* What a suppressed cell reads: "< 5", "masqué", a band or a text. */
static const char *
hidden_text(const struct tdm_report_table *t, size_t i)
{
	if (t->status == NULL)
		return HIDDEN;
	switch (t->status[i]) {
	case TDM_CELL_HIDDEN:
		return english ? MASKED_EN : MASKED_FR;
	case TDM_CELL_BAND:
	case TDM_CELL_TEXT:
		if (t->texts != NULL && t->texts[i] != NULL)
			return t->texts[i];
		return english ? MASKED_EN : MASKED_FR;
	default:
		return HIDDEN;
	}
}

static const char *
str(const char *s)
{
	return s == NULL ? "" : s;
}

/*
 * The five-people rule.  A count of 1 to 4 hides the cell; so does a
 * negative count or a missing people array, which can only be mistakes.
 */
static int
cell_hidden(const struct tdm_report_table *t, size_t i)
{
	int	 p;

	if (t->status != NULL && t->status[i] != TDM_CELL_SHOWN)
		return 1;
	if (t->people == NULL)
		return 1;
	p = t->people[i];
	return p != 0 && p < TDM_REPORT_MIN_PEOPLE;
}

static int
table_has_hidden(const struct tdm_report_table *t)
{
	size_t	 i;

	for (i = 0; i < t->nrows * t->ncolumns; i++)
		if (cell_hidden(t, i))
			return 1;
	return 0;
}

/*
 * Decode one UTF-8 character at *sp (not at the NUL) and advance.  An
 * invalid sequence (overlong, surrogate, truncated, out of range) reads
 * as U+FFFD and advances one byte, so every output stays valid UTF-8.
 */
static unsigned long
utf8_next(const char **sp)
{
	const unsigned char	*s = (const unsigned char *)*sp;
	unsigned long		 cp, min;
	int			 n, i;

	if (s[0] < 0x80) {
		*sp += 1;
		return s[0];
	}
	if ((s[0] & 0xE0) == 0xC0) {
		n = 1;
		cp = s[0] & 0x1F;
		min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		n = 2;
		cp = s[0] & 0x0F;
		min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		n = 3;
		cp = s[0] & 0x07;
		min = 0x10000;
	} else
		goto bad;
	/* A NUL fails the continuation test: no read past the end. */
	for (i = 1; i <= n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		goto bad;
	*sp += n + 1;
	return cp;
bad:
	*sp += 1;
	return 0xFFFD;
}

static void
put_cp(struct tdm_buf *b, unsigned long cp)
{
	char	 u[4];

	if (cp < 0x80) {
		tdm_buf_addch(b, (int)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		tdm_buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		tdm_buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		tdm_buf_add(b, u, 4);
	}
}

static int
is_control(unsigned long cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/*
 * Append s escaped for e, at most maxcp characters (0: no limit).
 * Returns 1 if s was cut short.
 */
static int
put_esc_n(struct tdm_buf *b, const char *s, enum esc e, size_t maxcp)
{
	unsigned long	 cp;
	size_t		 n = 0;

	s = str(s);
	while (*s != '\0') {
		if (maxcp != 0 && n == maxcp)
			return 1;
		cp = utf8_next(&s);
		n++;
		switch (e) {
		case ESC_TEXT:
			/* Escape sequences must not reach a terminal. */
			put_cp(b, is_control(cp) ? ' ' : cp);
			break;
		case ESC_JSON:
			if (cp == '"' || cp == '\\') {
				tdm_buf_addch(b, '\\');
				tdm_buf_addch(b, (int)cp);
			} else if (cp == '\n')
				tdm_buf_adds(b, "\\n");
			else if (cp == '\t')
				tdm_buf_adds(b, "\\t");
			else if (cp == '\r')
				tdm_buf_adds(b, "\\r");
			/* <, > and & too, so the JSON can sit in a page. */
			else if (cp < 0x20 || cp == '<' || cp == '>' ||
			    cp == '&' || cp == 0x2028 || cp == 0x2029)
				tdm_buf_addf(b, "\\u%04lx", cp);
			else
				put_cp(b, cp);
			break;
		case ESC_XML:
			if (cp == '&')
				tdm_buf_adds(b, "&amp;");
			else if (cp == '<')
				tdm_buf_adds(b, "&lt;");
			else if (cp == '>')
				tdm_buf_adds(b, "&gt;");
			else if (cp == '"')
				tdm_buf_adds(b, "&quot;");
			else if (cp == '\'')
				tdm_buf_adds(b, "&#39;");
			/* XML 1.0 forbids most controls, even escaped. */
			else if ((is_control(cp) && cp != '\t' &&
			    cp != '\n' && cp != '\r') ||
			    cp == 0xFFFE || cp == 0xFFFF)
				put_cp(b, 0xFFFD);
			else
				put_cp(b, cp);
			break;
		case ESC_CSV:
			if (cp == '"')
				tdm_buf_addch(b, '"');
			put_cp(b, cp);
			break;
		case ESC_RAW:
			put_cp(b, cp);
			break;
		}
	}
	return 0;
}

static void
put_esc(struct tdm_buf *b, const char *s, enum esc e)
{
	put_esc_n(b, s, e, 0);
}

/* Columns a character takes in a terminal: 0, 1 or 2. */
static int
cp_width(unsigned long cp)
{
	static const unsigned long zero[][2] = {
		{ 0x0300, 0x036F }, { 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF },
		{ 0x200B, 0x200F }, { 0x20D0, 0x20FF }, { 0xFE00, 0xFE0F },
		{ 0xFE20, 0xFE2F },
	};
	static const unsigned long wide[][2] = {
		{ 0x1100, 0x115F }, { 0x2E80, 0x303E }, { 0x3041, 0xA4CF },
		{ 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF }, { 0xFE30, 0xFE4F },
		{ 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x1F300, 0x1F64F },
		{ 0x1F900, 0x1F9FF }, { 0x20000, 0x3FFFD },
	};
	size_t	 i;

	for (i = 0; i < sizeof(zero) / sizeof(zero[0]); i++)
		if (cp >= zero[i][0] && cp <= zero[i][1])
			return 0;
	for (i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (cp >= wide[i][0] && cp <= wide[i][1])
			return 2;
	return 1;
}

/* Terminal width of s as ESC_TEXT writes it. */
static size_t
text_width(const char *s)
{
	size_t	 w = 0;

	s = str(s);
	while (*s != '\0')
		w += (size_t)cp_width(utf8_next(&s));
	return w;
}

static size_t
cp_count(const char *s)
{
	size_t	 n = 0;

	s = str(s);
	while (*s != '\0') {
		utf8_next(&s);
		n++;
	}
	return n;
}

static void
put_repeat(struct tdm_buf *b, const char *s, size_t n)
{
	while (n-- > 0)
		tdm_buf_adds(b, s);
}

/*
 * v rounded to dec decimals as "-123.45", whatever the locale: printf
 * may write its decimal point as a comma, so any byte that is not a digit
 * or a minus sign is taken for it.  A negative zero loses its sign.
 * Returns -1 if v is not finite.
 */
static int
num_plain(double v, int dec, char out[NUM_MAX])
{
	char	*p;
	int	 nonzero = 0;

	if (!isfinite(v))
		return -1;
	if (dec < 0)
		dec = 0;
	if (dec > DEC_MAX)
		dec = DEC_MAX;
	snprintf(out, NUM_MAX, "%.*f", dec, v);
	for (p = out; *p != '\0'; p++) {
		if (*p >= '1' && *p <= '9')
			nonzero = 1;
		else if (*p != '-' && (*p < '0' || *p > '9'))
			*p = '.';
	}
	if (out[0] == '-' && !nonzero)
		memmove(out, out + 1, strlen(out));
	return 0;
}

/*
 * A plain number in French: decimal comma, and digits grouped by three
 * with sep if it is not NULL.
 */
static void
num_french(const char *plain, const char *sep, char out[NUM_MAX])
{
	const char	*dot;
	size_t		 o = 0, ndig, i, seplen;

	if (english && sep != NULL)
		sep = ",";
	seplen = sep == NULL ? 0 : strlen(sep);
	if (*plain == '-')
		out[o++] = *plain++;
	dot = strchr(plain, '.');
	ndig = dot == NULL ? strlen(plain) : (size_t)(dot - plain);
	for (i = 0; i < ndig; i++) {
		if (seplen && i > 0 && (ndig - i) % 3 == 0) {
			memcpy(out + o, sep, seplen);
			o += seplen;
		}
		out[o++] = plain[i];
	}
	if (dot != NULL) {
		/* An English report reads 1.5 (its CSV too: an English
		 * spreadsheet). */
		out[o++] = english ? '.' : ',';
		for (i = 1; dot[i] != '\0'; i++)
			out[o++] = dot[i];
	}
	out[o] = '\0';
}

/*
 * What a cell shows in text, HTML and SVG: "< 5", "–" or the value in
 * French with " %" for rates.  The value is not looked at when hidden.
 */
static void
cell_text(const struct tdm_report_table *t, size_t i, char out[NUM_MAX])
{
	char	 plain[NUM_MAX];

	if (cell_hidden(t, i)) {
		snprintf(out, NUM_MAX, "%s", hidden_text(t, i));
		return;
	}
	if (num_plain(t->values[i], t->decimals, plain) == -1) {
		snprintf(out, NUM_MAX, "%s", NOVALUE);
		return;
	}
	num_french(plain, NNBSP, out);
	if (t->percent)
		snprintf(out + strlen(out), NUM_MAX - strlen(out), NBSP "%%");
}

/* ---------------------------------------------------------------- text */

static void
text_cell(struct tdm_buf *b, const char *s, size_t width, int right)
{
	size_t	 w = text_width(s);

	if (right)
		put_repeat(b, " ", width - w);
	put_esc(b, s, ESC_TEXT);
	if (!right)
		put_repeat(b, " ", width - w);
}

/* Trailing spaces of the last padded cell are not wanted. */
static void
text_eol(struct tdm_buf *b)
{
	while (b->len > 0 && b->buf[b->len - 1] == ' ')
		b->len--;
	tdm_buf_addch(b, '\n');
}

static enum tdm_err
text_table(struct tdm_buf *b, const struct tdm_report_table *t)
{
	char	 cell[NUM_MAX];
	size_t	*w = NULL, lw = 0, r, c, total;

	if (t->ncolumns > 0 &&
	    (w = calloc(t->ncolumns, sizeof(*w))) == NULL) {
		b->failed = 1;
		return TDM_ENOMEM;
	}
	for (r = 0; r < t->nrows; r++)
		if (text_width(t->rows[r]) > lw)
			lw = text_width(t->rows[r]);
	for (c = 0; c < t->ncolumns; c++) {
		w[c] = text_width(t->columns[c]);
		for (r = 0; r < t->nrows; r++) {
			cell_text(t, r * t->ncolumns + c, cell);
			if (text_width(cell) > w[c])
				w[c] = text_width(cell);
		}
	}
	put_esc(b, t->title, ESC_TEXT);
	tdm_buf_addch(b, '\n');
	put_repeat(b, "-", text_width(t->title));
	tdm_buf_addch(b, '\n');
	total = lw;
	text_cell(b, "", lw, 0);
	for (c = 0; c < t->ncolumns; c++) {
		tdm_buf_adds(b, "  ");
		text_cell(b, t->columns[c], w[c], 1);
		total += 2 + w[c];
	}
	text_eol(b);
	put_repeat(b, "-", total);
	tdm_buf_addch(b, '\n');
	for (r = 0; r < t->nrows; r++) {
		text_cell(b, t->rows[r], lw, 0);
		for (c = 0; c < t->ncolumns; c++) {
			cell_text(t, r * t->ncolumns + c, cell);
			tdm_buf_adds(b, "  ");
			text_cell(b, cell, w[c], 1);
		}
		text_eol(b);
	}
	if (t->note != NULL) {
		put_esc(b, t->note, ESC_TEXT);
		tdm_buf_addch(b, '\n');
	}
	tdm_buf_addch(b, '\n');
	free(w);
	return TDM_OK;
}

/*
 * s wrapped at ASCII spaces to width columns; no-break spaces hold their
 * neighbours together, as they should.
 */
static void
text_wrap(struct tdm_buf *b, const char *s, size_t width)
{
	const char	*sp;
	size_t		 col = 0, w, n;

	while (*s != '\0') {
		n = (sp = strchr(s, ' ')) == NULL ? strlen(s) :
		    (size_t)(sp - s);
		w = 0;
		for (sp = s; sp < s + n; )
			w += (size_t)cp_width(utf8_next(&sp));
		if (col > 0 && col + 1 + w > width) {
			tdm_buf_addch(b, '\n');
			col = 0;
		} else if (col > 0) {
			tdm_buf_addch(b, ' ');
			col++;
		}
		tdm_buf_add(b, s, n);
		col += w;
		s += n;
		while (*s == ' ')
			s++;
	}
	tdm_buf_addch(b, '\n');
}

static enum tdm_err
render_text(struct tdm_buf *b, const struct tdm_report *rep)
{
	size_t		 i;
	enum tdm_err	 err;

	put_esc(b, rep->title, ESC_TEXT);
	tdm_buf_addch(b, '\n');
	put_repeat(b, "=", text_width(rep->title));
	tdm_buf_addch(b, '\n');
	if (rep->subtitle != NULL) {
		put_esc(b, rep->subtitle, ESC_TEXT);
		tdm_buf_addch(b, '\n');
	}
	tdm_buf_addch(b, '\n');
	for (i = 0; i < rep->ntables; i++)
		if ((err = text_table(b, &rep->tables[i])) != TDM_OK)
			return err;
	text_wrap(b, rule(rep), 72);
	return TDM_OK;
}

/* ---------------------------------------------------------------- JSON */

static void
json_str(struct tdm_buf *b, const char *s)
{
	if (s == NULL) {
		tdm_buf_adds(b, "null");
		return;
	}
	tdm_buf_addch(b, '"');
	put_esc(b, s, ESC_JSON);
	tdm_buf_addch(b, '"');
}

/*
 * A cell hidden by disclosure control: its status, what it reads, a
 * band's lower bound; never a value or a people count.
 */
static void
json_hidden(struct tdm_buf *b, const struct tdm_report_table *t, size_t i)
{
	static const char *const names[] = { "shown", "small", "hidden",
	    "band", "text" };
	char	 plain[NUM_MAX];
	unsigned st = t->status[i];

	tdm_buf_addf(b, "            {\"value\": null, \"status\": \"%s\", ",
	    st < 5 ? names[st] : "hidden");
	if (st == TDM_CELL_BAND && num_plain(t->values[i], 0, plain) == 0)
		tdm_buf_addf(b, "\"at_least\": %s, ", plain);
	tdm_buf_adds(b, "\"text\": ");
	json_str(b, hidden_text(t, i));
	tdm_buf_adds(b, ", \"suppressed\": true}");
}

static void
json_table(struct tdm_buf *b, const struct tdm_report_table *t)
{
	char	 plain[NUM_MAX];
	size_t	 r, c, i;

	tdm_buf_adds(b, "    {\n      \"id\": ");
	json_str(b, t->id);
	tdm_buf_adds(b, ",\n      \"title\": ");
	json_str(b, t->title);
	tdm_buf_adds(b, ",\n      \"note\": ");
	json_str(b, t->note);
	tdm_buf_addf(b, ",\n      \"decimals\": %d,\n      \"percent\": %s,"
	    "\n      \"columns\": [", t->decimals < 0 ? 0 :
	    t->decimals > DEC_MAX ? DEC_MAX : t->decimals,
	    t->percent ? "true" : "false");
	for (c = 0; c < t->ncolumns; c++) {
		if (c > 0)
			tdm_buf_adds(b, ", ");
		json_str(b, str(t->columns[c]));
	}
	tdm_buf_adds(b, "],\n      \"rows\": [");
	for (r = 0; r < t->nrows; r++) {
		tdm_buf_adds(b, r > 0 ? ",\n" : "\n");
		tdm_buf_adds(b, "        {\n          \"label\": ");
		json_str(b, str(t->rows[r]));
		tdm_buf_adds(b, ",\n          \"cells\": [");
		for (c = 0; c < t->ncolumns; c++) {
			i = r * t->ncolumns + c;
			tdm_buf_adds(b, c > 0 ? ",\n" : "\n");
			/* Not even the people count of a hidden cell. */
			if (cell_hidden(t, i) && t->status != NULL) {
				json_hidden(b, t, i);
				continue;
			}
			if (cell_hidden(t, i)) {
				tdm_buf_adds(b, "            {\"value\": null, "
				    "\"suppressed\": true}");
				continue;
			}
			tdm_buf_adds(b, "            {\"value\": ");
			if (num_plain(t->values[i], t->decimals, plain) == 0)
				tdm_buf_adds(b, plain);
			else
				tdm_buf_adds(b, "null");
			if (t->status != NULL)
				tdm_buf_adds(b, ", \"status\": \"shown\", "
				    "\"suppressed\": false}");
			else
				tdm_buf_addf(b, ", \"people\": %d, "
				    "\"suppressed\": false}", t->people[i]);
		}
		tdm_buf_adds(b, t->ncolumns > 0 ? "\n          ]\n        }" :
		    "]\n        }");
	}
	tdm_buf_adds(b, t->nrows > 0 ? "\n      ]\n    }" : "]\n    }");
}

/*
 * The relations a reader knows, one array of [table, row, column,
 * coefficient] terms each: their sum is zero.
 */
static void
json_relations(struct tdm_buf *b, const struct tdm_report *rep)
{
	const struct tdm_report_term	*k;
	const struct tdm_report_table	*t;
	char				 plain[NUM_MAX];
	size_t				 i, rel = (size_t)-1;

	tdm_buf_adds(b, ",\n  \"relations\": [");
	for (i = 0; i < rep->nterms; i++) {
		k = &rep->terms[i];
		if (k->table >= rep->ntables)
			continue;
		t = &rep->tables[k->table];
		if (t->ncolumns == 0 || k->cell >= t->nrows * t->ncolumns)
			continue;
		if (k->rel != rel) {
			tdm_buf_adds(b, rel == (size_t)-1 ? "\n    [" :
			    "],\n    [");
			rel = k->rel;
		} else
			tdm_buf_adds(b, ", ");
		if (num_plain(k->coef, 6, plain) != 0)
			snprintf(plain, sizeof(plain), "0");
		tdm_buf_addf(b, "[%zu, %zu, %zu, %s]", k->table,
		    k->cell / t->ncolumns, k->cell % t->ncolumns, plain);
	}
	tdm_buf_adds(b, rel == (size_t)-1 ? "]" : "]\n  ]");
}

static enum tdm_err
render_json(struct tdm_buf *b, const struct tdm_report *rep)
{
	size_t	 i;

	tdm_buf_adds(b, "{\n  \"title\": ");
	json_str(b, str(rep->title));
	tdm_buf_adds(b, ",\n  \"subtitle\": ");
	json_str(b, rep->subtitle);
	tdm_buf_addf(b, ",\n  \"min_people\": %d,\n  \"tables\": [",
	    TDM_REPORT_MIN_PEOPLE);
	for (i = 0; i < rep->ntables; i++) {
		tdm_buf_adds(b, i > 0 ? ",\n" : "\n");
		json_table(b, &rep->tables[i]);
	}
	tdm_buf_adds(b, rep->ntables > 0 ? "\n  ]" : "]");
	if (rep->terms != NULL)
		json_relations(b, rep);
	tdm_buf_adds(b, "\n}\n");
	return TDM_OK;
}

/* ----------------------------------------------------------------- CSV */

/*
 * One text field, then suffix (a constant with nothing to quote).  A
 * leading =, +, -, @, tab or CR would make a spreadsheet read a formula:
 * an apostrophe makes it text.  Quoted per RFC 4180 when it holds the
 * separator, a quote or a line break.
 */
/*
 * Whether a spreadsheet would turn a label into a number or a date: a
 * direction code "0450" loses its zero, "03/04" becomes the 3rd of
 * April, "1,5" a decimal.  Digits with spaces and , . / : % only.
 */
static int
numberlike(const char *s)
{
	int	 digit = 0;

	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			digit = 1;
		else if (strchr(" ,./:%", *s) == NULL)
			return 0;
	}
	return digit;
}

static void
csv_text(struct tdm_buf *b, const char *s, const char *suffix)
{
	int	 quote;

	s = str(s);
	quote = strpbrk(s, ";\"\r\n") != NULL;
	if (quote)
		tdm_buf_addch(b, '"');
	if ((s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL) ||
	    numberlike(s))
		tdm_buf_addch(b, '\'');
	put_esc(b, s, quote ? ESC_CSV : ESC_RAW);
	tdm_buf_adds(b, suffix);
	if (quote)
		tdm_buf_addch(b, '"');
}

static void
csv_table(struct tdm_buf *b, const struct tdm_report_table *t)
{
	char	 plain[NUM_MAX], num[NUM_MAX];
	size_t	 r, c, i;

	csv_text(b, t->title, "");
	tdm_buf_adds(b, "\r\n");
	/* Rates are plain numbers for Excel; the header says %. */
	for (c = 0; c < t->ncolumns; c++) {
		tdm_buf_addch(b, ';');
		csv_text(b, t->columns[c], t->percent ? " (%)" : "");
	}
	tdm_buf_adds(b, "\r\n");
	for (r = 0; r < t->nrows; r++) {
		csv_text(b, t->rows[r], "");
		for (c = 0; c < t->ncolumns; c++) {
			i = r * t->ncolumns + c;
			tdm_buf_addch(b, ';');
			if (cell_hidden(t, i))
				csv_text(b, hidden_text(t, i), "");
			else if (num_plain(t->values[i], t->decimals,
			    plain) == 0) {
				num_french(plain, NULL, num);
				tdm_buf_adds(b, num);
			}
		}
		tdm_buf_adds(b, "\r\n");
	}
	if (t->note != NULL) {
		csv_text(b, t->note, "");
		tdm_buf_adds(b, "\r\n");
	}
	tdm_buf_adds(b, "\r\n");
}

static enum tdm_err
render_csv(struct tdm_buf *b, const struct tdm_report *rep)
{
	size_t	 i;

	tdm_buf_adds(b, "\xef\xbb\xbf");
	for (i = 0; i < rep->ntables; i++)
		csv_table(b, &rep->tables[i]);
	return TDM_OK;
}

/* ----------------------------------------------------------------- SVG */

#define SVG_W		760
#define SVG_PAD		16
#define SVG_CHARW	7	/* estimated width of a 12px character */
#define SVG_LABEL_MAX	34	/* characters of a label's line */
#define SVG_LINE_H	14	/* between a label's lines */
#define SVG_BAR_H	16
#define SVG_BAR_GAP	3
#define SVG_GROUP_GAP	14
#define SVG_HATCH_W	30	/* a hidden bar: the same for any value */
#define SVG_VALUE_W	84	/* room right of the plot for values */
#define SVG_HEAD	34	/* the chart's title, when it shows one */
#define SVG_LEGEND_H	20
#define SVG_INK		"#1f2328"
#define SVG_MUTED	"#57606a"
#define SVG_FONT	"DejaVu Sans, Arial, Helvetica, sans-serif"
#define SVG_HIDDEN_FR	"\xc2\xab" NBSP "<" NBSP "5" NBSP "\xc2\xbb" NBSP \
	": de une \xc3\xa0 quatre personnes, valeur masqu\xc3\xa9" "e"
#define SVG_HIDDEN_EN	"\"< 5\": one to four people, value hidden"
#define SVG_HIDDEN	(english ? SVG_HIDDEN_EN : SVG_HIDDEN_FR)

/* One chart's layout, computed before anything is written. */
struct chart {
	const struct tdm_report_table	*t;
	size_t				 n;	/* ids: tdm-c<n>-... */
	int				 hidden;
	int				 head;	/* legend's top */
	int				 x0, x1;	/* the plot */
	int				 top, bottom;
	int				 height;
	double				 max, step;	/* the axis */
	double				 negmax;	/* left of zero */
	int				 nticks, tick_dec;
	int				 negticks;	/* of nticks */
};

/*
 * Row labels are wrapped at spaces into lines of SVG_LABEL_MAX
 * characters at most, never cut: the full name stays readable.  Calls
 * fn for each line (start, length); returns the number of lines.
 */
static int
label_lines(const char *s, void (*fn)(void *, const char *, size_t, int),
    void *arg)
{
	const char	*line = s, *p = s, *brk = NULL;
	size_t		 n = 0;
	int		 lines = 0;

	while (*p != '\0') {
		if (*p == ' ')
			brk = p;
		utf8_next(&p);
		n++;
		if (n > SVG_LABEL_MAX && brk != NULL) {
			if (fn != NULL)
				fn(arg, line, (size_t)(brk - line), lines);
			lines++;
			line = p = brk + 1;
			brk = NULL;
			n = 0;
		}
	}
	if (*line != '\0' || lines == 0) {
		if (fn != NULL)
			fn(arg, line, strlen(line), lines);
		lines++;
	}
	return lines;
}

struct tspan {
	struct tdm_buf	*b;
	int		 x;
};

static void
put_tspan(void *arg, const char *s, size_t len, int i)
{
	struct tspan	*t = arg;
	char		*copy;

	if ((copy = strndup(s, len)) == NULL) {
		t->b->failed = 1;
		return;
	}
	tdm_buf_addf(t->b, "<tspan x=\"%d\" dy=\"%d\">", t->x,
	    i == 0 ? 0 : SVG_LINE_H);
	put_esc(t->b, copy, ESC_XML);
	tdm_buf_adds(t->b, "</tspan>");
	free(copy);
}

/* A label as an SVG text's content: its lines as tspans at x. */
static void
svg_label(struct tdm_buf *b, const char *s, int x)
{
	struct tspan	 t = { b, x };

	if (label_lines(s, NULL, NULL) == 1)
		put_esc(b, s, ESC_XML);
	else
		(void)label_lines(s, put_tspan, &t);
}

static int
label_px(const char *s)
{
	size_t	 n = cp_count(s);

	return (int)(n > SVG_LABEL_MAX ? SVG_LABEL_MAX : n) * SVG_CHARW;
}

/*
 * The legend: one swatch per column, and the hatch if a cell is hidden,
 * wrapped to the width.  Writes it if b is not NULL; returns its rows.
 */
static int
chart_legend(struct tdm_buf *b, const struct chart *ch)
{
	const struct tdm_report_table	*t = ch->t;
	size_t				 c, nitems;
	int				 x = SVG_PAD, y = ch->head, w;
	int				 rows = 1;
	const char			*label;

	nitems = t->ncolumns + (ch->hidden ? 1 : 0);
	if (nitems == 0)
		return 0;
	if (b != NULL)
		tdm_buf_adds(b, "<g font-size=\"12\" fill=\"" SVG_INK "\">\n");
	for (c = 0; c < nitems; c++) {
		label = c < t->ncolumns ? t->columns[c] : SVG_HIDDEN;
		w = 18 + (int)cp_count(label) * SVG_CHARW + 20;
		if (x > SVG_PAD && x + w > SVG_W - SVG_PAD) {
			x = SVG_PAD;
			y += SVG_LEGEND_H;
			rows++;
		}
		if (b != NULL && c < t->ncolumns) {
			tdm_buf_addf(b, "<rect x=\"%d\" y=\"%d\" width=\"12\" "
			    "height=\"12\" fill=\"%s\"/>", x, y,
			    palette[c % NPALETTE]);
			tdm_buf_addf(b, "<text x=\"%d\" y=\"%d\">", x + 18,
			    y + 11);
			put_esc(b, label, ESC_XML);
			tdm_buf_adds(b, "</text>\n");
		} else if (b != NULL) {
			tdm_buf_addf(b, "<rect x=\"%d\" y=\"%d\" width=\"12\" "
			    "height=\"12\" fill=\"url(#tdm-c%zu-hatch)\" "
			    "stroke=\"" SVG_MUTED "\"/>", x, y, ch->n);
			tdm_buf_addf(b, "<text x=\"%d\" y=\"%d\" fill=\""
			    SVG_MUTED "\">", x + 18, y + 11);
			put_esc(b, label, ESC_XML);
			tdm_buf_adds(b, "</text>\n");
		}
		x += w;
	}
	if (b != NULL)
		tdm_buf_adds(b, "</g>\n");
	return rows;
}

/*
 * The axis: from 0 to a round number above the largest shown value, in
 * at most five steps of 1, 2 or 5 times a power of ten; rates that stay
 * under 100 % get 0 to 100 %.  Hidden values take no part in it.
 */
static void
chart_scale(struct chart *ch)
{
	static const double		 mult[] = { 0.2, 0.5, 1, 2, 5 };
	const struct tdm_report_table	*t = ch->t;
	double				 max = 0, min = 0, p = 1, s = 1, x, r;
	double				 span;
	size_t				 i, k;
	int				 n = 1, neg = 0;

	for (i = 0; i < t->nrows * t->ncolumns; i++) {
		if (cell_hidden(t, i) || !isfinite(t->values[i]))
			continue;
		if (t->values[i] > max)
			max = t->values[i];
		if (t->values[i] < min)
			min = t->values[i];
	}
	ch->negmax = 0;
	ch->negticks = 0;
	if (t->percent && max <= 100 && min >= 0) {
		ch->max = 100;
		ch->step = 20;
		ch->nticks = 5;
		ch->tick_dec = 0;
		return;
	}
	span = max - min;
	if (span <= 0)
		span = max = 1;
	while (p * 10 <= span)
		p *= 10;
	while (p > span)
		p /= 10;
	for (k = 0; k < sizeof(mult) / sizeof(mult[0]); k++) {
		s = mult[k] * p;
		n = (int)(max / s);
		if (n * s < max)
			n++;
		neg = (int)(-min / s);
		if (neg * s < -min)
			neg++;
		if (n + neg <= 5)
			break;
	}
	if (n + neg == 0)
		n = 1;
	ch->step = s;
	ch->nticks = n + neg;
	ch->negticks = neg;
	ch->max = n * s;
	ch->negmax = neg * s;
	if (!isfinite(ch->max) || !(ch->max + ch->negmax > 0) || n < 0) {
		ch->step = ch->max = max > 0 ? max : 1;
		ch->negmax = 0;
		ch->negticks = 0;
		ch->nticks = 1;
	}
	ch->tick_dec = 0;
	for (x = ch->step; x < 1 && ch->tick_dec < DEC_MAX; x *= 10) {
		r = x - (double)(long long)(x + 0.5);
		if (r < 1e-6 && r > -1e-6)
			break;
		ch->tick_dec++;
	}
}

/* The x of a value on the axis. */
static int
chart_x(const struct chart *ch, double v)
{
	double	 w = (v + ch->negmax) / (ch->max + ch->negmax) *
		    (ch->x1 - ch->x0);

	if (!(w >= 0))
		w = 0;
	if (w > ch->x1 - ch->x0)
		w = ch->x1 - ch->x0;
	return ch->x0 + (int)(w + 0.5);
}

/* A row's height: its bars, or its label's lines when more. */
static int
row_h(const struct chart *ch, size_t r)
{
	const struct tdm_report_table	*t = ch->t;
	int				 group, lines;

	group = (int)t->ncolumns * (SVG_BAR_H + SVG_BAR_GAP) - SVG_BAR_GAP;
	lines = label_lines(t->rows[r], NULL, NULL) * SVG_LINE_H;
	return lines > group ? lines : group;
}

/*
 * Inline charts (HTML) sit under the table's own heading: they draw no
 * title of their own, only the <title> element.
 */
static void
chart_layout(struct chart *ch, const struct tdm_report_table *t, size_t n,
    int inline_html)
{
	size_t	 r;
	int	 lw = 40, plot;

	memset(ch, 0, sizeof(*ch));
	ch->t = t;
	ch->n = n;
	ch->hidden = table_has_hidden(t);
	ch->head = inline_html ? 4 : SVG_HEAD;
	chart_scale(ch);
	for (r = 0; r < t->nrows; r++)
		if (label_px(t->rows[r]) > lw)
			lw = label_px(t->rows[r]);
	ch->x0 = SVG_PAD + lw + 10;
	ch->x1 = SVG_W - SVG_PAD - SVG_VALUE_W;
	ch->top = ch->head + chart_legend(NULL, ch) * SVG_LEGEND_H + 8;
	if (t->nrows > 0 && t->ncolumns > 0) {
		plot = 16 - SVG_GROUP_GAP;
		for (r = 0; r < t->nrows; r++)
			plot += row_h(ch, r) + SVG_GROUP_GAP;
	} else
		plot = 40;
	ch->bottom = ch->top + plot;
	ch->height = ch->bottom + 30;
}

/* A value or a tick in the chart's words: "1 234,5 %", "< 5", "–". */
static void
chart_number(const struct chart *ch, double v, int dec, char out[NUM_MAX])
{
	char	 plain[NUM_MAX];

	if (num_plain(v, dec, plain) == -1) {
		snprintf(out, NUM_MAX, "%s", NOVALUE);
		return;
	}
	num_french(plain, NNBSP, out);
	if (ch->t->percent)
		snprintf(out + strlen(out), NUM_MAX - strlen(out), NBSP "%%");
}

/* The data in words, for screen readers: the chart's <desc>. */
static void
chart_desc(struct tdm_buf *b, const struct chart *ch)
{
	const struct tdm_report_table	*t = ch->t;
	char				 cell[NUM_MAX];
	size_t				 r, c;

	tdm_buf_adds(b, english ? "Horizontal bars, one per column for "
	    "each row." : "Barres horizontales, une par colonne pour chaque "
	    "ligne.");
	for (r = 0; r < t->nrows; r++) {
		tdm_buf_addch(b, ' ');
		put_esc(b, t->rows[r], ESC_XML);
		tdm_buf_adds(b, english ? ":" : NBSP ":");
		for (c = 0; c < t->ncolumns; c++) {
			cell_text(t, r * t->ncolumns + c, cell);
			tdm_buf_adds(b, c == 0 ? " " : english ? "; " :
			    NNBSP "; ");
			put_esc(b, t->columns[c], ESC_XML);
			tdm_buf_addch(b, ' ');
			put_esc(b, cell, ESC_XML);
		}
		tdm_buf_addch(b, '.');
	}
	if (ch->hidden) {
		tdm_buf_addch(b, ' ');
		put_esc(b, SVG_HIDDEN, ESC_XML);
		tdm_buf_addch(b, '.');
	}
}

static void
chart_bar(struct tdm_buf *b, const struct chart *ch, size_t i, size_t c,
    int y)
{
	const struct tdm_report_table	*t = ch->t;
	char				 cell[NUM_MAX];
	int				 px, x0, xv;

	if (cell_hidden(t, i)) {
		x0 = chart_x(ch, 0);
		tdm_buf_addf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\" fill=\"url(#tdm-c%zu-hatch)\" stroke=\""
		    SVG_MUTED "\"/>", x0, y, SVG_HATCH_W, SVG_BAR_H,
		    ch->n);
		tdm_buf_addf(b, "<text x=\"%d\" y=\"%d\" fill=\"" SVG_MUTED
		    "\">", x0 + SVG_HATCH_W + 5, y + SVG_BAR_H / 2 + 4);
		put_esc(b, hidden_text(t, i), ESC_XML);
		tdm_buf_adds(b, "</text>\n");
		return;
	}
	/* From the zero line: right for positive values, left for
	 * negative ones (a progression that fell). */
	x0 = chart_x(ch, 0);
	xv = isfinite(t->values[i]) ? chart_x(ch, t->values[i]) : x0;
	px = xv > x0 ? xv - x0 : x0 - xv;
	if (px > 0)
		tdm_buf_addf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\" fill=\"%s\"/>", xv < x0 ? xv : x0, y, px,
		    SVG_BAR_H, palette[c % NPALETTE]);
	chart_number(ch, t->values[i], t->decimals, cell);
	if (xv < x0)
		tdm_buf_addf(b, "<text x=\"%d\" y=\"%d\" "
		    "text-anchor=\"end\">", xv - 5, y + SVG_BAR_H / 2 + 4);
	else
		tdm_buf_addf(b, "<text x=\"%d\" y=\"%d\">", xv + 5,
		    y + SVG_BAR_H / 2 + 4);
	put_esc(b, cell, ESC_XML);
	tdm_buf_adds(b, "</text>\n");
}

/*
 * One chart as an <svg> element: standalone charts sit at (0, y) in the
 * report's <svg>; inline ones (HTML) carry their own xmlns.
 */
static void
chart_svg(struct tdm_buf *b, const struct chart *ch, int y, int inline_html)
{
	const struct tdm_report_table	*t = ch->t;
	char				 tick[NUM_MAX];
	size_t				 r, c;
	int				 k, x, gy, group, lines;

	tdm_buf_adds(b, "<svg");
	if (inline_html)
		tdm_buf_adds(b, " xmlns=\"http://www.w3.org/2000/svg\"");
	else
		tdm_buf_addf(b, " x=\"0\" y=\"%d\"", y);
	tdm_buf_addf(b, " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	    "role=\"img\" aria-labelledby=\"tdm-c%zu-title tdm-c%zu-desc\"",
	    SVG_W, ch->height, SVG_W, ch->height, ch->n, ch->n);
	if (inline_html)
		tdm_buf_adds(b, " font-family=\"" SVG_FONT "\"");
	tdm_buf_addf(b, ">\n<title id=\"tdm-c%zu-title\">", ch->n);
	put_esc(b, t->title, ESC_XML);
	tdm_buf_addf(b, "</title>\n<desc id=\"tdm-c%zu-desc\">", ch->n);
	chart_desc(b, ch);
	tdm_buf_adds(b, "</desc>\n");
	if (ch->hidden)
		tdm_buf_addf(b, "<defs><pattern id=\"tdm-c%zu-hatch\" "
		    "width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
		    "patternTransform=\"rotate(45)\"><rect width=\"6\" "
		    "height=\"6\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" "
		    "x2=\"0\" y2=\"6\" stroke=\"#8c959f\" stroke-width=\"3\"/>"
		    "</pattern></defs>\n", ch->n);
	if (!inline_html) {
		tdm_buf_adds(b, "<text x=\"16\" y=\"24\" font-size=\"15\" "
		    "font-weight=\"bold\" fill=\"" SVG_INK "\">");
		put_esc(b, t->title, ESC_XML);
		tdm_buf_adds(b, "</text>\n");
	}
	chart_legend(b, ch);

	/* Grid and ticks. */
	tdm_buf_adds(b, "<g stroke=\"#d0d7de\" stroke-width=\"1\">\n");
	for (k = 1; k <= ch->nticks; k++) {
		x = ch->x0 + (int)((double)(ch->x1 - ch->x0) * k /
		    ch->nticks + 0.5);
		tdm_buf_addf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
		    "y2=\"%d\"/>\n", x, ch->top, x, ch->bottom);
	}
	tdm_buf_adds(b, "</g>\n<g font-size=\"11\" fill=\"" SVG_MUTED
	    "\" text-anchor=\"middle\">\n");
	for (k = 0; k <= ch->nticks; k++) {
		x = ch->x0 + (int)((double)(ch->x1 - ch->x0) * k /
		    ch->nticks + 0.5);
		chart_number(ch, ch->step * (k - ch->negticks), ch->tick_dec,
		    tick);
		tdm_buf_addf(b, "<text x=\"%d\" y=\"%d\">", x,
		    ch->bottom + 16);
		put_esc(b, tick, ESC_XML);
		tdm_buf_adds(b, "</text>\n");
	}
	tdm_buf_adds(b, "</g>\n");

	/* One group of bars per row. */
	group = (int)t->ncolumns * (SVG_BAR_H + SVG_BAR_GAP) - SVG_BAR_GAP;
	if (t->nrows == 0 || t->ncolumns == 0)
		tdm_buf_addf(b, "<text x=\"%d\" y=\"%d\" font-size=\"12\" "
		    "fill=\"" SVG_MUTED "\">%s</text>\n",
		    ch->x0 + 8, ch->top + 24, english ? "No data" :
		    "Aucune donn\xc3\xa9" "e");
	gy = ch->top + 8;
	for (r = 0; r < t->nrows && t->ncolumns > 0; r++) {
		if (r > 0)
			gy += row_h(ch, r - 1) + SVG_GROUP_GAP;
		/* The label's lines centred on its bars. */
		lines = label_lines(t->rows[r], NULL, NULL);
		tdm_buf_addf(b, "<g font-size=\"11\" fill=\"" SVG_INK "\">\n"
		    "<text x=\"%d\" y=\"%d\" font-size=\"12\" "
		    "text-anchor=\"end\">", ch->x0 - 8, gy + group / 2 + 4 -
		    (lines - 1) * SVG_LINE_H / 2);
		svg_label(b, t->rows[r], ch->x0 - 8);
		tdm_buf_adds(b, "</text>\n");
		for (c = 0; c < t->ncolumns; c++)
			chart_bar(b, ch, r * t->ncolumns + c, c,
			    gy + (int)c * (SVG_BAR_H + SVG_BAR_GAP));
		tdm_buf_adds(b, "</g>\n");
	}
	tdm_buf_addf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"" SVG_INK "\" stroke-width=\"1\"/>\n</svg>\n",
	    chart_x(ch, 0), ch->top, chart_x(ch, 0), ch->bottom);
}

static enum tdm_err
render_svg(struct tdm_buf *b, const struct tdm_report *rep)
{
	struct chart	 ch;
	size_t		 i;
	int		 y, head, height;

	head = rep->subtitle != NULL ? 72 : 52;
	height = head;
	for (i = 0; i < rep->ntables; i++)
		if (rep->tables[i].chart) {
			chart_layout(&ch, &rep->tables[i], i + 1, 0);
			height += ch.height + 16;
		}
	height += 24;
	tdm_buf_addf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
	    "aria-labelledby=\"tdm-title tdm-desc\" font-family=\""
	    SVG_FONT "\">\n<title id=\"tdm-title\">", SVG_W, height, SVG_W,
	    height);
	put_esc(b, rep->title, ESC_XML);
	tdm_buf_adds(b, "</title>\n<desc id=\"tdm-desc\">");
	if (rep->subtitle != NULL) {
		put_esc(b, rep->subtitle, ESC_XML);
		tdm_buf_adds(b, ". ");
	}
	put_esc(b, rule(rep), ESC_XML);
	tdm_buf_addf(b, "</desc>\n<rect width=\"%d\" height=\"%d\" "
	    "fill=\"#ffffff\"/>\n<text x=\"16\" y=\"32\" font-size=\"20\" "
	    "font-weight=\"bold\" fill=\"" SVG_INK "\">", SVG_W, height);
	put_esc(b, rep->title, ESC_XML);
	tdm_buf_adds(b, "</text>\n");
	if (rep->subtitle != NULL) {
		tdm_buf_adds(b, "<text x=\"16\" y=\"54\" font-size=\"13\" "
		    "fill=\"" SVG_MUTED "\">");
		put_esc(b, rep->subtitle, ESC_XML);
		tdm_buf_adds(b, "</text>\n");
	}
	y = head;
	for (i = 0; i < rep->ntables; i++)
		if (rep->tables[i].chart) {
			chart_layout(&ch, &rep->tables[i], i + 1, 0);
			chart_svg(b, &ch, y, 0);
			y += ch.height + 16;
		}
	tdm_buf_addf(b, "<text x=\"16\" y=\"%d\" font-size=\"11\" fill=\""
	    SVG_MUTED "\">", y + 8);
	put_esc(b, SVG_HIDDEN, ESC_XML);
	tdm_buf_addch(b, '.');
	tdm_buf_adds(b, "</text>\n</svg>\n");
	return TDM_OK;
}

/* ---------------------------------------------------------------- HTML */

static const char html_style[] =
"\n"
"body{margin:0;background:#f3f4f6;color:#1f2328;"
"font:15px/1.5 system-ui,\"Segoe UI\",Roboto,\"DejaVu Sans\",sans-serif}\n"
"header,main,footer{max-width:52rem;margin:0 auto;padding:0 1.5rem}\n"
"header{padding-top:2rem;padding-bottom:1rem}\n"
"h1{margin:0;font-size:1.7rem;line-height:1.25}\n"
".subtitle{margin:.35rem 0 0;color:#57606a}\n"
"section{background:#fff;border:1px solid #d0d7de;border-top:4px solid "
"#0072b2;border-radius:6px;padding:1.25rem 1.5rem;margin:1.5rem 0}\n"
"h2{margin:0 0 .75rem;font-size:1.2rem}\n"
"table{border-collapse:collapse;width:100%;"
"font-variant-numeric:tabular-nums}\n"
"th,td{padding:.45rem .75rem;border-bottom:1px solid #e5e7eb}\n"
"thead th{text-align:right;font-weight:600}\n"
"thead th,thead td{border-bottom:2px solid #1f2328}\n"
"tbody th{text-align:left;font-weight:normal}\n"
"td{text-align:right;white-space:nowrap}\n"
"tbody tr:nth-child(even){background:#f8fafc}\n"
"td.hidden{color:#6e7781;font-style:italic}\n"
"figure{margin:1.25rem 0 0}\n"
"svg{display:block;max-width:100%;height:auto}\n"
".note{margin:.75rem 0 0;color:#57606a;font-size:.9rem}\n"
"footer{padding-bottom:2rem;color:#57606a;font-size:.85rem}\n"
".sr{position:absolute;width:1px;height:1px;overflow:hidden;"
"clip:rect(0 0 0 0);white-space:nowrap}\n"
"@media print{body{background:#fff}section{break-inside:avoid;"
"border-color:#999}}\n";

const char *
tdm_report_html_style(void)
{
	return html_style;
}

static void
html_table(struct tdm_buf *b, const struct tdm_report_table *t, size_t n)
{
	struct chart	 ch;
	char		 cell[NUM_MAX];
	size_t		 r, c, i;

	tdm_buf_addf(b, "<section aria-labelledby=\"tdm-t%zu\">\n"
	    "<h2 id=\"tdm-t%zu\">", n, n);
	put_esc(b, t->title, ESC_XML);
	tdm_buf_adds(b, "</h2>\n<table");
	if (t->note != NULL)
		tdm_buf_addf(b, " aria-describedby=\"tdm-n%zu\"", n);
	tdm_buf_adds(b, ">\n<caption class=\"sr\">");
	put_esc(b, t->title, ESC_XML);
	tdm_buf_adds(b, "</caption>\n<thead>\n<tr><td></td>");
	for (c = 0; c < t->ncolumns; c++) {
		tdm_buf_adds(b, "<th scope=\"col\">");
		put_esc(b, t->columns[c], ESC_XML);
		tdm_buf_adds(b, "</th>");
	}
	tdm_buf_adds(b, "</tr>\n</thead>\n<tbody>\n");
	for (r = 0; r < t->nrows; r++) {
		tdm_buf_adds(b, "<tr><th scope=\"row\">");
		put_esc(b, t->rows[r], ESC_XML);
		tdm_buf_adds(b, "</th>");
		for (c = 0; c < t->ncolumns; c++) {
			i = r * t->ncolumns + c;
			cell_text(t, i, cell);
			tdm_buf_adds(b, cell_hidden(t, i) ?
			    "<td class=\"hidden\">" : "<td>");
			put_esc(b, cell, ESC_XML);
			tdm_buf_adds(b, "</td>");
		}
		tdm_buf_adds(b, "</tr>\n");
	}
	tdm_buf_adds(b, "</tbody>\n</table>\n");
	if (t->chart) {
		chart_layout(&ch, t, n, 1);
		tdm_buf_adds(b, "<figure>\n");
		chart_svg(b, &ch, 0, 1);
		tdm_buf_adds(b, "</figure>\n");
	}
	if (t->note != NULL) {
		tdm_buf_addf(b, "<p class=\"note\" id=\"tdm-n%zu\">", n);
		put_esc(b, t->note, ESC_XML);
		tdm_buf_adds(b, "</p>\n");
	}
	tdm_buf_adds(b, "</section>\n");
}

static enum tdm_err
render_html(struct tdm_buf *b, const struct tdm_report *rep)
{
	size_t	 i;

	tdm_buf_addf(b, "<!doctype html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>",
	    english ? "en" : "fr");
	put_esc(b, rep->title, ESC_XML);
	tdm_buf_adds(b, "</title>\n<style>");
	tdm_buf_adds(b, html_style);
	tdm_buf_adds(b, "</style>\n</head>\n<body>\n<header>\n<h1>");
	put_esc(b, rep->title, ESC_XML);
	tdm_buf_adds(b, "</h1>\n");
	if (rep->subtitle != NULL) {
		tdm_buf_adds(b, "<p class=\"subtitle\">");
		put_esc(b, rep->subtitle, ESC_XML);
		tdm_buf_adds(b, "</p>\n");
	}
	tdm_buf_adds(b, "</header>\n<main>\n");
	for (i = 0; i < rep->ntables; i++)
		html_table(b, &rep->tables[i], i + 1);
	tdm_buf_adds(b, "</main>\n<footer>\n<p>");
	put_esc(b, rule(rep), ESC_XML);
	tdm_buf_adds(b, "</p>\n</footer>\n</body>\n</html>\n");
	return TDM_OK;
}

/* ------------------------------------------------------------------ */

enum tdm_err
tdm_report_render(struct tdm_buf *out, enum tdm_report_format f,
    const struct tdm_report *rep)
{
	enum tdm_err	 err;

	if (out->failed)
		return TDM_ENOMEM;
	english = rep->lang != NULL && strcmp(rep->lang, "en") == 0;
	switch (f) {
	case TDM_REPORT_TEXT:
		err = render_text(out, rep);
		break;
	case TDM_REPORT_JSON:
		err = render_json(out, rep);
		break;
	case TDM_REPORT_CSV:
		err = render_csv(out, rep);
		break;
	case TDM_REPORT_SVG:
		err = render_svg(out, rep);
		break;
	case TDM_REPORT_HTML:
		err = render_html(out, rep);
		break;
	default:
		return TDM_EINVAL;
	}
	if (err == TDM_OK && out->failed)
		err = TDM_ENOMEM;
	return err;
}

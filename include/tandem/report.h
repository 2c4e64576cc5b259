/*
 * Outcome reports: tables of counts and rates, rendered as text, JSON,
 * CSV (for French Excel), SVG charts or one HTML page.
 *
 * The rule that makes a report safe to share: no cell describes fewer
 * than five people.  A cell that describes one to four people is shown as
 * "< 5" in every format, its value never written; a cell that describes
 * nobody shows its value (a zero reveals no one).  The renderer enforces
 * this from the people count each cell carries; the code that fills the
 * tables cannot forget it.
 */
#ifndef TANDEM_REPORT_H
#define TANDEM_REPORT_H

#include <stddef.h>

#include "tandem/diag.h"
#include "tandem/error.h"
#include "tandem/role.h"
#include "tandem/strbuf.h"

#define TDM_REPORT_MIN_PEOPLE 5

/*
 * One table: rows × columns of values, row-major.  people[i] is how many
 * distinct people cell i describes (the basis of the five-people rule).
 * A chart is drawn for tables that ask for one: horizontal bars, one
 * group per row, one bar per column.
 */
struct tdm_report_table {
	const char		*id;		/* "participation", ... */
	const char		*title;		/* French, shown */
	const char		*note;		/* shown under it, or NULL */
	const char *const	*rows;
	size_t			 nrows;
	const char *const	*columns;
	size_t			 ncolumns;
	const double		*values;
	const int		*people;
	int			 decimals;	/* digits after the comma */
	int			 percent;	/* values are percentages */
	int			 chart;
	/*
	 * What disclosure control decided for each cell (enum
	 * tdm_cell), or NULL for the five-people rule alone; with a
	 * status, texts[i] is what a TDM_CELL_TEXT or TDM_CELL_BAND cell
	 * reads (a band's values[i] is its lower bound), and no people
	 * count is published.  The people rule still hides a "shown" cell
	 * of one to four people.
	 */
	const unsigned char	*status;
	const char *const	*texts;
};

enum tdm_cell {
	TDM_CELL_SHOWN,
	TDM_CELL_SMALL,		/* "< 5": one to four people */
	TDM_CELL_HIDDEN,	/* hidden so that no other is computed */
	TDM_CELL_BAND,		/* "20 or more of 24": texts[i] */
	TDM_CELL_TEXT,		/* no value, texts[i]: "no answer yet" */
};

/*
 * A linear relation a reader knows between published cells: the sum of
 * coef times cell is zero over the terms of one rel.  Published in the
 * JSON report so that anyone can audit what its hidden cells allow.
 */
struct tdm_report_term {
	size_t			 rel;
	size_t			 table;
	size_t			 cell;		/* row * ncolumns + column */
	double			 coef;
};

struct tdm_report {
	const char			*title;
	const char			*subtitle;	/* programme, date */
	const struct tdm_report_table	*tables;
	size_t				 ntables;
	const struct tdm_report_term	*terms;		/* or NULL */
	size_t				 nterms;
	const char			*lang;		/* "fr" or "en" */
};

enum tdm_report_format {
	TDM_REPORT_TEXT,
	TDM_REPORT_JSON,
	TDM_REPORT_CSV,		/* UTF-8 BOM, ';', CRLF, decimal comma */
	TDM_REPORT_SVG,		/* the charts, one SVG document */
	TDM_REPORT_HTML,	/* one page: tables and inline SVG charts */
	TDM_REPORT_FORMAT__MAX
};

/* "text", "json", "csv", "svg", "html"; parse returns 0 or -1. */
const char	*tdm_report_format_name(enum tdm_report_format);
int		 tdm_report_format_parse(const char *,
		    enum tdm_report_format *);

/*
 * Render a report, appended to out (borrowed).  Every text is escaped
 * for its format; CSV cells that a spreadsheet would read as a formula
 * (starting with =, +, -, @, tab or CR) are neutralised with a leading
 * apostrophe.  Returns TDM_OK, TDM_ENOMEM (out->failed is set, or was
 * already: out then holds a truncated report) or TDM_EINVAL for a format
 * out of range.
 */
enum tdm_err	 tdm_report_render(struct tdm_buf *out,
		    enum tdm_report_format, const struct tdm_report *);

/*
 * The text of the one <style> element of the HTML report, exactly as
 * it appears between <style> and </style>, so that a web
 * front-end can allow exactly it in a Content-Security-Policy (by its
 * hash) instead of allowing every inline style.
 */
const char	*tdm_report_html_style(void);

struct tdm_store;

/*
 * The outcome report of a programme, rendered in format and appended to
 * out: participation by generation and by department, matching, sessions
 * planned, held and cancelled by side, levels before and after per topic,
 * satisfaction and recommendation, pairs at risk.  The actor must be a
 * programme manager or a sponsor.
 */
enum tdm_err	 tdm_report_programme(struct tdm_store *,
		    const struct tdm_actor *, const char *programme,
		    enum tdm_report_format, struct tdm_buf *out,
		    struct tdm_diags *);
/* The same in a language: "fr" or "en" (anything else reads "fr"). */
enum tdm_err	 tdm_report_programme_lang(struct tdm_store *,
		    const struct tdm_actor *, const char *programme,
		    const char *lang, enum tdm_report_format,
		    struct tdm_buf *out, struct tdm_diags *);

/*
 * The sponsor's view (issue 16, point 5): every programme whose report
 * the actor may read (scoped roles count only on their programmes), its
 * volunteers and sessions held, and the sessions held quarter by
 * quarter, under the same disclosure control as a programme's report;
 * a figure a programme's own report published with the value it still
 * has stays shown.
 */
enum tdm_err	 tdm_report_portfolio(struct tdm_store *,
		    const struct tdm_actor *, const char *lang,
		    enum tdm_report_format, struct tdm_buf *out,
		    struct tdm_diags *);

#endif

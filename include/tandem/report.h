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
};

struct tdm_report {
	const char			*title;
	const char			*subtitle;	/* programme, date */
	const struct tdm_report_table	*tables;
	size_t				 ntables;
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

#endif

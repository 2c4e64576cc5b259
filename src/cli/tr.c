/*
 * The tool's own words in the locale's language (issue 15): its
 * sentences, table headers and help are the catalogue's msgids in the
 * context "cli" (po/fr.po, docs/i18n.md), found by scripts/po2c.py
 * through cli_printf(), cli_fprintf(), cli_tr() and CLI_N_(); a table
 * row (cli_row()) is no msgid but has its dates and words rendered the
 * same way.  In English the format is printed as it is, so that the
 * English output does not change by a byte; in French it is rendered as
 * a diagnostic is, its dates as dd/mm/yyyy and the words it takes (a
 * state, a role) translated.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* The locale's language, read once: LC_ALL, LC_MESSAGES, LANG. */
static enum tdm_lang
cli_lang(void)
{
	static int	 lang = -1;

	if (lang == -1)
		lang = (int)tdm_lang_env();
	return (enum tdm_lang)lang;
}

const char *
cli_tr(const char *msgid)
{
	const char	*t;

	if (cli_lang() != TDM_LANG_FR)
		return msgid;
	if ((t = tdm_tr_lookup(TDM_LANG_FR, "cli", msgid)) != NULL)
		return t;
	return msgid;
}

int
cli_vfprintf(FILE *f, const char *fmt, va_list ap)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_buf		 b = TDM_BUF_INIT;
	struct tdm_render	 ro = { TDM_LANG_FR, TDM_RENDER_CLI, NULL,
				    NULL };
	va_list			 aq;
	int			 rc;

	if (cli_lang() != TDM_LANG_FR)
		return vfprintf(f, fmt, ap);
	va_copy(aq, ap);
	tdm_diag_vadd(&d, NULL, 0, 0, fmt, aq);
	va_end(aq);
	if (d.n == 1)
		tdm_diag_render(&b, &d.v[0], &ro);
	/* Without memory the English text rather than half a line. */
	if (d.n == 1 && !b.failed)
		rc = fputs(b.buf, f);
	else
		rc = vfprintf(f, fmt, ap);
	tdm_buf_release(&b);
	tdm_diags_free(&d);
	return rc;
}

int
cli_fprintf(FILE *f, const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = cli_vfprintf(f, fmt, ap);
	va_end(ap);
	return rc;
}

int
cli_printf(const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = cli_vfprintf(stdout, fmt, ap);
	va_end(ap);
	return rc;
}

const char *
cli_text(const char *text)
{
	static struct tdm_buf	 ring[4] = { TDM_BUF_INIT, TDM_BUF_INIT,
				    TDM_BUF_INIT, TDM_BUF_INIT };
	static size_t		 next;
	struct tdm_render	 ro = { TDM_LANG_FR, TDM_RENDER_CLI, NULL,
				    NULL };
	struct tdm_buf		*b;

	if (cli_lang() != TDM_LANG_FR || text == NULL)
		return text;
	b = &ring[next++ % nitems(ring)];
	tdm_buf_reset(b);
	tdm_tr_text(b, &ro, text);
	return b->failed ? text : b->buf;
}

int
cli_row(const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = cli_vfprintf(stdout, fmt, ap);
	va_end(ap);
	return rc;
}

const char *
cli_strerror(enum tdm_err err)
{
	/* tdm_strerror()'s texts (src/lib/error.c), for the extractor. */
	static const char *const texts[] = {
		CLI_N_("success"), CLI_N_("out of memory"),
		CLI_N_("input/output error"), CLI_N_("database error"),
		CLI_N_("invalid input"), CLI_N_("no such object"),
		CLI_N_("object already exists"), CLI_N_("permission denied"),
		CLI_N_("operation not allowed in this state"),
		CLI_N_("database was made by a newer Tandem"),
		CLI_N_("not signed in"), CLI_N_("too many attempts"),
		CLI_N_("the database is busy: try again in a moment"),
		CLI_N_("the disk is full"),
		CLI_N_("the database file is damaged"),
		CLI_N_("unknown error"),
	};
	const char	*s = tdm_strerror(err);
	size_t		 i;

	for (i = 0; i < nitems(texts); i++)
		if (strcmp(texts[i], s) == 0)
			return cli_tr(s);
	return s;
}

const char *
cli_errno(int e)
{
	/* The library's texts; English output stays glibc's wording. */
	return cli_tr(tdm_errno_text(e));
}

int
cli_getopt(int argc, char *const argv[], const char *shorts,
    const struct option *longopts)
{
	char		 spec[64], name[64];
	const char	*arg;
	int		 c, plus = shorts[0] == '+';

	/* A leading ':' tells a missing value from an unknown option. */
	if (snprintf(spec, sizeof(spec), "%s:%s", plus ? "+" : "",
	    shorts + plus) >= (int)sizeof(spec))
		return getopt_long(argc, argv, shorts, longopts, NULL);
	opterr = 0;
	c = getopt_long(argc, argv, spec, longopts, NULL);
	if (c != '?' && c != ':')
		return c;
	/* The option as typed: the word just read, or a short option of
	 * a cluster. */
	arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	if (arg[0] == '-' && arg[1] == '-')
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(arg, "="),
		    arg);
	else
		snprintf(name, sizeof(name), "-%c", optopt);
	if (c == ':')
		cli_fprintf(stderr, "tandem: option \"%s\" needs a value\n",
		    name);
	else
		cli_fprintf(stderr, "tandem: option \"%s\" is not valid "
		    "here\n", name);
	return '?';
}

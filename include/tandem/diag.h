/*
 * Diagnostics: the human-facing problems an operation found.
 *
 * The library never prints.  Problems with an input go here as
 * {source, line, column, message}; the CLI prints them as
 * "source:line:column: message" and the web layer returns them as JSON.
 * Line and column are 1-based and 0 when they do not apply.  A list keeps
 * at most `limit` entries and counts the rest in `dropped`, so a file with
 * a million bad rows neither floods the terminal nor exhausts memory.
 *
 * A diagnostic also keeps its code, the English format string given to
 * tdm_diag_add(), and a copy of its arguments, so that a front-end can
 * render it in the reader's language through the catalogue compiled from
 * po/fr.po (docs/i18n.md).  `message` is the English text, as before.
 */
#ifndef TANDEM_DIAG_H
#define TANDEM_DIAG_H

#include <stdarg.h>
#include <stddef.h>

struct tdm_diag_arg;
struct tdm_buf;

struct tdm_diag {
	char	*source;	/* file name or field; may be NULL */
	size_t	 line;
	size_t	 column;
	char	*message;	/* in English */
	size_t	 seq;		/* order of addition */
	char	*code;		/* the English format; NULL if not kept */
	struct tdm_diag_arg *args;	/* code's arguments, in order */
	size_t	 nargs;
};

struct tdm_diags {
	struct tdm_diag	*v;
	size_t		 n;
	size_t		 alloc;
	size_t		 limit;		/* 0 means the default, 100 */
	size_t		 dropped;	/* entries not kept beyond limit */
	int		 failed;	/* an entry was lost to ENOMEM */
};

#define TDM_DIAGS_INIT { NULL, 0, 0, 0, 0, 0 }

/*
 * Append a diagnostic; source is copied and may be NULL.  Never fails
 * from the caller's point of view: on allocation failure the entry is
 * counted in `dropped` and `failed` is set.
 */
void	 tdm_diag_add(struct tdm_diags *, const char *source, size_t line,
	    size_t column, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
void	 tdm_diag_vadd(struct tdm_diags *, const char *source, size_t line,
	    size_t column, const char *fmt, va_list)
	    __attribute__((format(printf, 5, 0)));
/* Total number of problems found, kept or not. */
size_t	 tdm_diag_count(const struct tdm_diags *);
void	 tdm_diags_free(struct tdm_diags *);
/* Order by line, then column, then order of addition. */
void	 tdm_diags_sort(struct tdm_diags *);

/*
 * Languages.  A person reads French or English; the CLI follows its
 * locale, English by default.
 */
enum tdm_lang {
	TDM_LANG_EN,
	TDM_LANG_FR
};

/* Rendering for a web page: the "web" wording of a message (no
 * command-line flag or command), dates as dd/mm/yyyy in Paris time. */
#define TDM_RENDER_WEB	0x1
/* Rendering for the tandem tool's own words: the catalogue's context
 * "cli" first (issue 15). */
#define TDM_RENDER_CLI	0x2

struct tdm_render {
	enum tdm_lang	 lang;
	unsigned	 flags;
	/*
	 * May be NULL.  Given a text argument, writes a person's name into
	 * buf and returns 1 if the argument is someone's key (a matricule),
	 * so that pages name people; returns 0 otherwise.
	 */
	int		(*name)(void *arg, const char *key, char *buf,
			    size_t size);
	void		*arg;
};

/* "fr..." is French, anything else English. */
enum tdm_lang	 tdm_lang_code(const char *);
/* The CLI's language: LC_ALL, then LC_MESSAGES, then LANG. */
enum tdm_lang	 tdm_lang_env(void);
/*
 * Append to out the diagnostic's message in the renderer's language: the
 * catalogue's translation of its code with its arguments (words such as
 * a state or a weekday translated too, dates per language), or the
 * English message when the catalogue has none.  English without
 * TDM_RENDER_WEB is `message` itself.
 */
void		 tdm_diag_render(struct tdm_buf *out, const struct tdm_diag *,
		    const struct tdm_render *);
/* The catalogue's translation of msgid in context ctx (may be NULL), or
 * NULL when it has none. */
const char	*tdm_tr_lookup(enum tdm_lang, const char *ctx,
		    const char *msgid);
/* printf through the catalogue: fmt is an English msgid. */
void		 tdm_trf(struct tdm_buf *out, const struct tdm_render *,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/*
 * Translate an English text the library made with one of the catalogue's
 * formats (an at-risk reason, an unmatched volunteer's reason, a planner
 * line kept as a string): the format is recognised, its arguments read
 * back and the translation rendered.  Unrecognised text is appended as
 * it is.
 */
void		 tdm_tr_text(struct tdm_buf *out, const struct tdm_render *,
		    const char *text);
/* Mark a format string for the catalogue's extractor without changing
 * it: xgettext --keyword=TDM_N_. */
#define TDM_N_(s)	(s)

/* The catalogue, for the lint test: entry i's context, msgid, French and
 * English (web) strings; returns 0 past the end. */
int		 tdm_catalogue_entry(size_t i, const char **ctx,
		    const char **msgid, const char **fr, const char **en);
/* Entry i in a language, with made-up arguments; -1 when it has no text
 * in that language or its conversions differ from the msgid's. */
int		 tdm_catalogue_render(size_t i, enum tdm_lang, unsigned flags,
		    struct tdm_buf *);

#endif

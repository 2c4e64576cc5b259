/*
 * Diagnostics: the human-facing problems an operation found.
 *
 * The library never prints.  Problems with an input go here as
 * {source, line, column, message}; the CLI prints them as
 * "source:line:column: message" and the web layer returns them as JSON.
 * Line and column are 1-based and 0 when they do not apply.  A list keeps
 * at most `limit` entries and counts the rest in `dropped`, so a file with
 * a million bad rows neither floods the terminal nor exhausts memory.
 */
#ifndef TANDEM_DIAG_H
#define TANDEM_DIAG_H

#include <stdarg.h>
#include <stddef.h>

struct tdm_diag {
	char	*source;	/* file name or field; may be NULL */
	size_t	 line;
	size_t	 column;
	char	*message;
	size_t	 seq;		/* order of addition */
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

#endif

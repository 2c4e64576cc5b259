/*
 * Reading spreadsheet exports: character decoding and RFC 4180 records.
 *
 * tdm_decode() turns the bytes of an export into UTF-8, whatever encoding
 * Excel or the HR system wrote, and reports every byte it cannot decode.
 * struct tdm_csv then splits the UTF-8 text into records.  Neither knows
 * anything about employees: the meaning of columns is roster.h's business.
 */
#ifndef TANDEM_CSV_H
#define TANDEM_CSV_H

#include <stddef.h>

#include "tandem/diag.h"
#include "tandem/error.h"
#include "tandem/strbuf.h"

enum tdm_encoding {
	/* A BOM; else UTF-8 if it is valid; else Windows-1252. */
	TDM_ENC_AUTO = 0,
	TDM_ENC_UTF8,
	TDM_ENC_CP1252,
	TDM_ENC_UTF16LE,
	TDM_ENC_UTF16BE,
	TDM_ENC__MAX
};

/* The canonical name of an encoding ("UTF-8", "Windows-1252", ...). */
const char	*tdm_encoding_name(enum tdm_encoding);

/*
 * Parse an encoding name as users write it: "utf-8", "utf8", "cp1252",
 * "windows-1252", "latin1" (read as Windows-1252, its superset),
 * "utf-16le", "utf-16be", "utf-16" (BOM required), "auto".
 * Returns 0, or -1 if the name is unknown.
 */
int		 tdm_encoding_parse(const char *, enum tdm_encoding *);

/*
 * Decode len bytes of data to UTF-8, appended to out (borrowed).
 * With TDM_ENC_AUTO a byte-order mark decides; without one the data is
 * UTF-8 if it is valid UTF-8 or shows UTF-8 multi-byte sequences, and
 * Windows-1252 otherwise.  A BOM is dropped.  CR and LF pass unchanged.
 * Every invalid byte sequence and every NUL character is reported in
 * diags as source:line:column (column counted in characters, 1-based);
 * the data is still decoded, with U+FFFD in their place, so that later
 * stages can report their own problems.  The detected encoding goes to
 * *detected if not NULL.
 * Returns TDM_OK, TDM_EINVAL (problems are in diags) or TDM_ENOMEM.
 */
enum tdm_err	 tdm_decode(const char *source, const unsigned char *data,
		    size_t len, enum tdm_encoding enc, struct tdm_buf *out,
		    enum tdm_encoding *detected, struct tdm_diags *diags);

/*
 * The common case without a copy: if data, read as enc (TDM_ENC_AUTO or
 * TDM_ENC_UTF8), is valid UTF-8 without NUL, return the text after any
 * UTF-8 byte-order mark, its length in *textlen; else NULL, and the
 * caller decodes with tdm_decode().  The text is data's: borrowed.
 */
const char	*tdm_utf8_view(const unsigned char *data, size_t len,
		    enum tdm_encoding enc, size_t *textlen);

struct tdm_csv_field {
	const char	*s;	/* unquoted UTF-8, NUL-terminated */
	size_t		 len;
	size_t		 line;	/* where the field starts, 1-based */
	const char	*bol;	/* in the text: the start of that line */
	const char	*at;	/* in the text: the start of the field */
};

/*
 * The column where a field starts, in characters, 1-based.  Computed on
 * demand, since only diagnostics need it; valid while the text lives.
 */
size_t		 tdm_csv_column(const struct tdm_csv_field *);

/*
 * A reader over UTF-8 text.  The text is borrowed and must outlive the
 * reader; fields point into storage owned by the reader and are valid
 * until the next call to tdm_csv_next().
 */
struct tdm_csv {
	const char		*source;
	const char		*p, *end;
	size_t			 line;	/* line of p */
	const char		*bol;	/* beginning of p's line */
	char			 sep;	/* ';', ',' or '\t'; 0 until known */
	size_t			 recline;	/* line the record starts on */
	struct tdm_csv_field	*fields;
	size_t			 nfields;
	size_t			 afields;
	struct tdm_buf		 store;	/* unquoted field contents */
	unsigned char		 stop[256];	/* bytes that end a field */
};

/*
 * Start reading text.  sep is ';', ',', '\t', or 0 to detect it from the
 * first line: the most frequent of the three outside quotes (tab, then
 * ';', then ',' on a tie; ',' if none appears).
 */
void		 tdm_csv_init(struct tdm_csv *, const char *source,
		    const char *text, size_t len, char sep);

/*
 * Read the next record into csv->fields[0..nfields).  Blank lines are
 * skipped.  A syntax error (an unterminated quoted field, text after a
 * closing quote) is reported in diags and the record is still returned
 * as read, with *bad set, so that the caller can carry on and report the
 * other problems of the file.
 * Returns 1 when a record was read, 0 at the end of the text, -1 when
 * memory ran out.
 */
int		 tdm_csv_next(struct tdm_csv *, int *bad,
		    struct tdm_diags *diags);
void		 tdm_csv_free(struct tdm_csv *);

#endif

/*
 * Decoding exports to UTF-8 and splitting them into RFC 4180 records.
 *
 * This file knows bytes, characters, quotes and separators.  It does not
 * know what a column means, nor does it limit field lengths: the roster
 * reader does both, with the names of the columns at hand.
 *
 * Lines are counted as a text editor counts them: LF, CRLF and a lone CR
 * each end one line, both while decoding and while reading records, so
 * that the two stages report the same positions.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tandem/csv.h"

static const char *const encnames[TDM_ENC__MAX] = {
	[TDM_ENC_AUTO] = "auto",
	[TDM_ENC_UTF8] = "UTF-8",
	[TDM_ENC_CP1252] = "Windows-1252",
	[TDM_ENC_UTF16LE] = "UTF-16LE",
	[TDM_ENC_UTF16BE] = "UTF-16BE",
};

static const struct {
	const char		*name;
	enum tdm_encoding	 enc;
} encaliases[] = {
	{ "auto", TDM_ENC_AUTO },
	{ "utf-8", TDM_ENC_UTF8 },
	{ "utf8", TDM_ENC_UTF8 },
	{ "utf-8-sig", TDM_ENC_UTF8 },
	{ "windows-1252", TDM_ENC_CP1252 },
	{ "cp1252", TDM_ENC_CP1252 },
	{ "latin1", TDM_ENC_CP1252 },
	{ "latin-1", TDM_ENC_CP1252 },
	{ "iso-8859-1", TDM_ENC_CP1252 },
	{ "iso-8859-15", TDM_ENC_CP1252 },
	{ "ansi", TDM_ENC_CP1252 },
	{ "utf-16le", TDM_ENC_UTF16LE },
	{ "utf-16be", TDM_ENC_UTF16BE },
	{ "utf-16", TDM_ENC_AUTO },
	{ "unicode", TDM_ENC_AUTO },
};

/* Windows-1252 0x80-0x9F; 0 marks the five undefined bytes. */
static const uint16_t cp1252[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

#define REPLACEMENT 0xFFFD

const char *
tdm_encoding_name(enum tdm_encoding e)
{
	return (unsigned)e < TDM_ENC__MAX ? encnames[e] : "unknown";
}

int
tdm_encoding_parse(const char *name, enum tdm_encoding *e)
{
	size_t	 i;

	for (i = 0; i < sizeof(encaliases) / sizeof(encaliases[0]); i++)
		if (strcasecmp(name, encaliases[i].name) == 0) {
			*e = encaliases[i].enc;
			return 0;
		}
	return -1;
}

static void
put_utf8(struct tdm_buf *out, uint32_t c)
{
	char	 b[4];

	if (c < 0x80) {
		tdm_buf_addch(out, (int)c);
		return;
	}
	if (c < 0x800) {
		b[0] = (char)(0xC0 | (c >> 6));
		b[1] = (char)(0x80 | (c & 0x3F));
		tdm_buf_add(out, b, 2);
	} else if (c < 0x10000) {
		b[0] = (char)(0xE0 | (c >> 12));
		b[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[2] = (char)(0x80 | (c & 0x3F));
		tdm_buf_add(out, b, 3);
	} else {
		b[0] = (char)(0xF0 | (c >> 18));
		b[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[3] = (char)(0x80 | (c & 0x3F));
		tdm_buf_add(out, b, 4);
	}
}

/*
 * Length of the valid UTF-8 sequence at p (1 to 4), or 0 if the bytes
 * there are not one (overlong forms, surrogates and values beyond
 * U+10FFFF are invalid).  The code point goes to *cp.
 */
static size_t
utf8_seq(const unsigned char *p, size_t avail, uint32_t *cp)
{
	uint32_t	 c;
	size_t		 n, i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		n = 2;
		c = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		n = 3;
		c = p[0] & 0x0F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		n = 4;
		c = p[0] & 0x07;
	} else
		return 0;
	if (avail < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		return 0;
	*cp = c;
	return n;
}

/* Tracks the position of decoded characters, for diagnostics. */
struct pos {
	size_t	 line;
	size_t	 column;
	int	 cr;	/* the previous character was a CR */
};

static void
pos_advance(struct pos *ps, uint32_t c)
{
	if (c == '\n') {
		if (!ps->cr)
			ps->line++;
		ps->column = 1;
		ps->cr = 0;
		return;
	}
	if (c == '\r') {
		ps->line++;
		ps->column = 1;
		ps->cr = 1;
		return;
	}
	ps->cr = 0;
	ps->column++;
}

/*
 * Decide the encoding of data without a byte-order mark.  Valid UTF-8 is
 * UTF-8.  A file showing well-formed multi-byte sequences and some bad
 * bytes is damaged UTF-8, reported as such rather than silently read as
 * Windows-1252 mojibake.  Anything else with high bytes is Windows-1252.
 */
static enum tdm_encoding
sniff(const unsigned char *data, size_t len)
{
	size_t		 i, n, good = 0, bad = 0;
	uint32_t	 c;

	for (i = 0; i < len; ) {
		if (data[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_seq(data + i, len - i, &c);
		if (n == 0) {
			bad++;
			i++;
		} else {
			good++;
			i += n;
		}
	}
	return bad == 0 || good > 0 ? TDM_ENC_UTF8 : TDM_ENC_CP1252;
}

/* Whether data is valid UTF-8 without NUL: the common case, made fast. */
static int
clean_utf8(const unsigned char *data, size_t len)
{
	const uint64_t	 high = 0x8080808080808080ULL;
	const uint64_t	 ones = 0x0101010101010101ULL;
	uint64_t	 v;
	uint32_t	 c;
	size_t		 i = 0, n;

	while (i < len) {
		if (len - i >= 8) {
			memcpy(&v, data + i, 8);
			/* Eight ASCII bytes, none of them NUL. */
			if ((v & high) == 0 && ((v - ones) & ~v & high) == 0) {
				i += 8;
				continue;
			}
		}
		if (data[i] == 0)
			return 0;
		if ((n = utf8_seq(data + i, len - i, &c)) == 0)
			return 0;
		i += n;
	}
	return 1;
}

const char *
tdm_utf8_view(const unsigned char *data, size_t len, enum tdm_encoding enc,
    size_t *textlen)
{
	if (enc != TDM_ENC_AUTO && enc != TDM_ENC_UTF8)
		return NULL;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	} else if (enc == TDM_ENC_AUTO && len >= 2 &&
	    ((data[0] == 0xFF && data[1] == 0xFE) ||
	    (data[0] == 0xFE && data[1] == 0xFF)))
		return NULL;
	if (!clean_utf8(data, len))
		return NULL;
	*textlen = len;
	return (const char *)data;
}

/* A file without BOM whose every other byte is NUL is UTF-16. */
static int
looks_utf16(const unsigned char *data, size_t len)
{
	size_t	 i, even = 0, odd = 0, n;

	n = len < 4096 ? len : 4096;
	for (i = 0; i < n; i++)
		if (data[i] == 0)
			*(i % 2 ? &odd : &even) += 1;
	return n >= 4 && (even > n / 4 || odd > n / 4);
}

enum tdm_err
tdm_decode(const char *source, const unsigned char *data, size_t len,
    enum tdm_encoding enc, struct tdm_buf *out, enum tdm_encoding *detected,
    struct tdm_diags *diags)
{
	struct pos	 ps = { 1, 1, 0 };
	size_t		 i, n, problems = 0;
	uint32_t	 c, c2;
	/* clean: clean_utf8(data) once known, -1 before. */
	int		 be, clean = -1;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 &&
	    (enc == TDM_ENC_AUTO || enc == TDM_ENC_UTF8)) {
		enc = TDM_ENC_UTF8;
		data += 3;
		len -= 3;
	} else if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE &&
	    (enc == TDM_ENC_AUTO || enc == TDM_ENC_UTF16LE)) {
		enc = TDM_ENC_UTF16LE;
		data += 2;
		len -= 2;
	} else if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF &&
	    (enc == TDM_ENC_AUTO || enc == TDM_ENC_UTF16BE)) {
		enc = TDM_ENC_UTF16BE;
		data += 2;
		len -= 2;
	} else if (enc == TDM_ENC_AUTO) {
		if ((clean = clean_utf8(data, len)))
			enc = TDM_ENC_UTF8;
		else if (looks_utf16(data, len)) {
			tdm_diag_add(diags, source, 1, 0, "the file looks like "
			    "UTF-16 without a byte-order mark; give "
			    "--encoding utf-16le or utf-16be");
			return TDM_EINVAL;
		} else
			enc = sniff(data, len);
	}
	if (detected != NULL)
		*detected = enc;
	if (enc == TDM_ENC_UTF8 &&
	    (clean != -1 ? clean : clean_utf8(data, len))) {
		tdm_buf_add(out, data, len);
		return out->failed ? TDM_ENOMEM : TDM_OK;
	}
	if (tdm_buf_grow(out, len + len / 2) == -1)
		return TDM_ENOMEM;

	for (i = 0; i < len; i += n) {
		switch (enc) {
		case TDM_ENC_UTF16LE:
		case TDM_ENC_UTF16BE:
			be = enc == TDM_ENC_UTF16BE;
			if (len - i < 2) {
				n = len - i;
				c = REPLACEMENT;
				tdm_diag_add(diags, source, ps.line, ps.column,
				    "odd byte at the end of UTF-16 text");
				problems++;
				break;
			}
			n = 2;
			c = be ? (uint32_t)data[i] << 8 | data[i + 1] :
			    (uint32_t)data[i + 1] << 8 | data[i];
			if (c >= 0xD800 && c <= 0xDBFF && len - i >= 4) {
				c2 = be ? (uint32_t)data[i + 2] << 8 |
				    data[i + 3] : (uint32_t)data[i + 3] << 8 |
				    data[i + 2];
				if (c2 >= 0xDC00 && c2 <= 0xDFFF) {
					c = 0x10000 + ((c - 0xD800) << 10) +
					    (c2 - 0xDC00);
					n = 4;
				}
			}
			if (c >= 0xD800 && c <= 0xDFFF) {
				tdm_diag_add(diags, source, ps.line, ps.column,
				    "unpaired UTF-16 surrogate 0x%04X",
				    (unsigned)c);
				problems++;
				c = REPLACEMENT;
			}
			break;
		case TDM_ENC_CP1252:
			n = 1;
			c = data[i];
			if (c >= 0x80 && c < 0xA0) {
				c = cp1252[c - 0x80];
				if (c == 0) {
					tdm_diag_add(diags, source, ps.line,
					    ps.column, "byte 0x%02X is not a "
					    "Windows-1252 character",
					    data[i]);
					problems++;
					c = REPLACEMENT;
				}
			}
			break;
		default:
			n = utf8_seq(data + i, len - i, &c);
			if (n == 0) {
				tdm_diag_add(diags, source, ps.line, ps.column,
				    "invalid UTF-8 byte 0x%02X", data[i]);
				problems++;
				n = 1;
				c = REPLACEMENT;
			}
			break;
		}
		if (c == 0) {
			tdm_diag_add(diags, source, ps.line, ps.column,
			    "NUL character");
			problems++;
			c = REPLACEMENT;
		}
		put_utf8(out, c);
		pos_advance(&ps, c);
	}
	if (out->failed)
		return TDM_ENOMEM;
	return problems ? TDM_EINVAL : TDM_OK;
}

static char	 detect(const char *, const char *);

void
tdm_csv_init(struct tdm_csv *csv, const char *source, const char *text,
    size_t len, char sep)
{
	memset(csv, 0, sizeof(*csv));
	csv->source = source;
	csv->p = csv->bol = text;
	csv->end = text + len;
	csv->line = 1;
	tdm_buf_init(&csv->store);
	if (sep == 0)
		sep = detect(text, csv->end);
	csv->sep = sep;
	csv->stop[(unsigned char)sep] = 1;
	csv->stop['\n'] = 1;
	csv->stop['\r'] = 1;
}

/*
 * The separator of a file: the most frequent of tab, ';' and ',' outside
 * quotes on the first line.
 */
static char
detect(const char *text, const char *end)
{
	const char	*p;
	size_t		 count[3] = { 0, 0, 0 };
	int		 quoted = 0;

	/* Blank lines before the header are skipped, as records are. */
	for (p = text; p < end && (*p == '\n' || *p == '\r'); p++)
		continue;
	for (; p < end; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (*p == '\n' || *p == '\r')
			break;
		else if (*p == '\t')
			count[0]++;
		else if (*p == ';')
			count[1]++;
		else if (*p == ',')
			count[2]++;
	}
	if (count[0] && count[0] >= count[1] && count[0] >= count[2])
		return '\t';
	if (count[1] && count[1] >= count[2])
		return ';';
	return ',';
}

/* The number of characters from p to end, in UTF-8. */
static size_t
chars(const char *p, const char *end)
{
	size_t	 n = 0;

	for (; p < end; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			n++;
	return n;
}

size_t
tdm_csv_column(const struct tdm_csv_field *f)
{
	return chars(f->bol, f->at) + 1;
}

/* Step over the line break at csv->p, if any; returns 1 if there was one. */
static int
newline(struct tdm_csv *csv)
{
	if (csv->p >= csv->end)
		return 0;
	if (*csv->p == '\r') {
		csv->p++;
		if (csv->p < csv->end && *csv->p == '\n')
			csv->p++;
	} else if (*csv->p == '\n')
		csv->p++;
	else
		return 0;
	csv->line++;
	csv->bol = csv->p;
	return 1;
}

static int
add_field(struct tdm_csv *csv, size_t off)
{
	struct tdm_csv_field	*f;
	size_t			 na;

	if (csv->nfields == csv->afields) {
		na = csv->afields ? csv->afields * 2 : 16;
		f = reallocarray(csv->fields, na, sizeof(*f));
		if (f == NULL)
			return -1;
		csv->fields = f;
		csv->afields = na;
	}
	f = &csv->fields[csv->nfields++];
	/* Offsets for now: the store may move until the record ends. */
	f->s = NULL;
	f->len = off;
	f->line = csv->line;
	f->bol = csv->bol;
	f->at = csv->p;
	return 0;
}

/*
 * Read one field at csv->p into the store; report syntax problems.
 * Leaves csv->p on the separator, the line break or the end.
 */
static void
read_field(struct tdm_csv *csv, int *bad, struct tdm_diags *diags)
{
	const unsigned char	*stop = csv->stop;
	const char		*start;
	size_t		 line, col;

	if (csv->p >= csv->end || *csv->p != '"') {
		start = csv->p;
		while (csv->p < csv->end && !stop[(unsigned char)*csv->p])
			csv->p++;
		tdm_buf_add(&csv->store, start, (size_t)(csv->p - start));
		return;
	}
	line = csv->line;
	col = chars(csv->bol, csv->p) + 1;
	csv->p++;
	for (;;) {
		if (csv->p >= csv->end) {
			tdm_diag_add(diags, csv->source, line, col,
			    "quoted field is never closed");
			*bad = 1;
			return;
		}
		if (*csv->p == '"') {
			if (csv->p + 1 < csv->end && csv->p[1] == '"') {
				tdm_buf_addch(&csv->store, '"');
				csv->p += 2;
				continue;
			}
			csv->p++;
			break;
		}
		if (*csv->p == '\n' || *csv->p == '\r') {
			if (*csv->p == '\r' && csv->p + 1 < csv->end &&
			    csv->p[1] == '\n')
				tdm_buf_add(&csv->store, "\r\n", 2);
			else
				tdm_buf_addch(&csv->store, *csv->p);
			newline(csv);
			continue;
		}
		start = csv->p;
		while (csv->p < csv->end && *csv->p != '"' &&
		    *csv->p != '\n' && *csv->p != '\r')
			csv->p++;
		tdm_buf_add(&csv->store, start, (size_t)(csv->p - start));
	}
	if (csv->p < csv->end && *csv->p != csv->sep && *csv->p != '\n' &&
	    *csv->p != '\r') {
		tdm_diag_add(diags, csv->source, csv->line,
		    chars(csv->bol, csv->p) + 1,
		    "text after the closing quote of "
		    "a quoted field");
		*bad = 1;
		start = csv->p;
		while (csv->p < csv->end && *csv->p != csv->sep &&
		    *csv->p != '\n' && *csv->p != '\r')
			csv->p++;
		tdm_buf_add(&csv->store, start, (size_t)(csv->p - start));
	}
}

int
tdm_csv_next(struct tdm_csv *csv, int *bad, struct tdm_diags *diags)
{
	size_t	 i, empty;
	int	 quoted;

	*bad = 0;
	for (;;) {
		if (csv->p >= csv->end)
			return 0;
		tdm_buf_reset(&csv->store);
		csv->nfields = 0;
		csv->recline = csv->line;
		empty = 1;
		for (;;) {
			quoted = csv->p < csv->end && *csv->p == '"';
			if (add_field(csv, csv->store.len) == -1)
				return -1;
			read_field(csv, bad, diags);
			tdm_buf_addch(&csv->store, '\0');
			if (quoted || csv->store.len > csv->fields[
			    csv->nfields - 1].len + 1)
				empty = 0;
			if (csv->p < csv->end && *csv->p == csv->sep) {
				csv->p++;
				continue;
			}
			newline(csv);
			break;
		}
		if (csv->store.failed)
			return -1;
		/* Blank lines and Excel's rows of bare separators. */
		if (empty && !*bad)
			continue;
		for (i = 0; i < csv->nfields; i++) {
			csv->fields[i].s = csv->store.buf + csv->fields[i].len;
			csv->fields[i].len = strlen(csv->fields[i].s);
		}
		return 1;
	}
}

void
tdm_csv_free(struct tdm_csv *csv)
{
	free(csv->fields);
	csv->fields = NULL;
	csv->nfields = csv->afields = 0;
	tdm_buf_release(&csv->store);
}

/*
 * Importing the roster from an HR export.
 *
 * The import runs in two halves.  The first reads the whole file and
 * checks it: the encoding, the CSV syntax, the header, every field of
 * every row, the uniqueness of ids and e-mails, the managers and the
 * absence of cycles in the management chain.  Every problem is reported,
 * each with its line and column.  Only a file without any problem reaches
 * the second half, which writes it in one transaction (or, for a dry run,
 * writes it and rolls back, so that the counts are exactly those a real
 * run would give).
 *
 * What this file does not do: decide what a programme may do with the
 * people, or keep full birth dates.  The year is taken and the date is
 * dropped as soon as it has been checked.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/roster.h"
#include "tandem/store.h"
#include "tandem/strbuf.h"
#include "tandem/role.h"
#include "internal.h"
#include "outbox.h"
#include "arena.h"
#include "strmap.h"

#define PROGRESS_ROWS 4096	/* rows between two progress calls */

static char	*trim(char *, size_t, size_t *);

static const char *const fieldnames[TDM_F__MAX] = {
	[TDM_F_MATRICULE] = "employee_id",
	[TDM_F_LAST_NAME] = "last_name",
	[TDM_F_FIRST_NAME] = "first_name",
	[TDM_F_EMAIL] = "email",
	[TDM_F_BIRTH_DATE] = "birth_date",
	[TDM_F_BIRTH_YEAR] = "birth_year",
	[TDM_F_DEPARTMENT] = "department",
	[TDM_F_TEAM] = "team",
	[TDM_F_SITE] = "site",
	[TDM_F_JOB_TITLE] = "job_title",
	[TDM_F_GRADE] = "grade",
	[TDM_F_MANAGER] = "manager_id",
	[TDM_F_HIRE_DATE] = "hire_date",
	[TDM_F_LANGUAGE] = "language",
};

/*
 * Headers of common French and English HR exports, in normalised form
 * (see normalise()): lower case, accents folded, punctuation as spaces.
 */
static const char *const aliases[TDM_F__MAX][14] = {
	[TDM_F_MATRICULE] = { "matricule", "employee id", "employee number",
	    "emp id", "id", "identifiant", "id salarie", "numero salarie",
	    "numero de matricule", "staff id", "personnel number",
	    "worker id", "matricule salarie", NULL },
	[TDM_F_LAST_NAME] = { "nom", "nom de famille", "last name",
	    "surname", "family name", "nom usuel", "lastname", NULL },
	[TDM_F_FIRST_NAME] = { "prenom", "first name", "given name",
	    "firstname", "prenom usuel", NULL },
	[TDM_F_EMAIL] = { "email", "e mail", "mail", "courriel",
	    "adresse email", "adresse e mail", "adresse mail", "work email",
	    "email address", "e mail address", "email professionnel", NULL },
	[TDM_F_BIRTH_DATE] = { "date de naissance", "birth date",
	    "date of birth", "dob", "birthdate", "naissance",
	    "date naissance", NULL },
	[TDM_F_BIRTH_YEAR] = { "annee de naissance", "birth year",
	    "year of birth", "birthyear", "annee naissance", NULL },
	[TDM_F_DEPARTMENT] = { "direction", "department", "departement",
	    "business unit", "division", "bu", NULL },
	[TDM_F_TEAM] = { "service", "team", "equipe", "unit", "unite", NULL },
	[TDM_F_SITE] = { "site", "location", "lieu", "etablissement",
	    "office", "lieu de travail", "work location", NULL },
	[TDM_F_JOB_TITLE] = { "intitule de poste", "poste", "job title",
	    "title", "fonction", "emploi", "position", NULL },
	[TDM_F_GRADE] = { "niveau", "grade", "statut", "level", "categorie",
	    "classification", NULL },
	[TDM_F_MANAGER] = { "matricule manager", "matricule du manager",
	    "manager id", "manager employee id", "id manager", "manager",
	    "matricule responsable", "responsable", "matricule n 1", "n 1",
	    "supervisor id", "reports to", "line manager id", NULL },
	[TDM_F_HIRE_DATE] = { "date d entree", "date entree", "hire date",
	    "date d embauche", "date embauche", "start date",
	    "date d arrivee", NULL },
	[TDM_F_LANGUAGE] = { "langue", "language", "langue preferee",
	    "preferred language", "langues", "languages", NULL },
};

/* Language names as exports write them, to ISO 639-1 codes. */
static const struct {
	const char	*name;	/* normalised */
	const char	*code;
} languages[] = {
	{ "fr", "fr" }, { "fra", "fr" }, { "fre", "fr" }, { "francais", "fr" },
	{ "french", "fr" }, { "en", "en" }, { "eng", "en" },
	{ "anglais", "en" }, { "english", "en" }, { "de", "de" },
	{ "allemand", "de" }, { "german", "de" }, { "deutsch", "de" },
	{ "es", "es" }, { "espagnol", "es" }, { "spanish", "es" },
	{ "espanol", "es" }, { "it", "it" }, { "italien", "it" },
	{ "italian", "it" }, { "pt", "pt" }, { "portugais", "pt" },
	{ "portuguese", "pt" }, { "nl", "nl" }, { "neerlandais", "nl" },
	{ "dutch", "nl" }, { "ar", "ar" }, { "arabe", "ar" },
	{ "arabic", "ar" }, { "zh", "zh" }, { "chinois", "zh" },
	{ "chinese", "zh" },
};

/* Accent folding of U+00C0 to U+00FF; a space drops the character. */
static const char fold[65] =
    "AAAAAAACEEEEIIIIDNOOOOO OUUUUYTsaaaaaaaceeeeiiiidnooooo ouuuuyty";

enum datefmt {
	DATE_NONE,
	DATE_DMY,	/* dd/mm/yyyy */
	DATE_YMD,	/* yyyy-mm-dd */
};

static const char *const datefmtnames[] = {
	[DATE_NONE] = NULL,
	[DATE_DMY] = "dd/mm/yyyy",
	[DATE_YMD] = "yyyy-mm-dd",
};

/* No row: the top of a management chain, or a manager not in the file. */
#define NOROW SIZE_MAX

struct row {
	const char	*f[TDM_F__MAX];	/* NULL where the column is absent */
	size_t		 line;
	struct tdm_csv_field mgrf;	/* where the manager field is */
	size_t		 mgr_row;	/* the manager's row, or NOROW */
	int		 birth_year;
	int64_t		 id;		/* in the store */
	int64_t		 mgr_id;	/* the manager's id, or 0 */
	int		 existing;	/* the store knows the person */
	int		 changed;	/* and the file changes them */
};

/* A person only the store knows, for manager checks. */
struct known {
	int64_t		 id;
	const char	*matricule;
	const char	*manager;	/* NULL if none */
	int		 active;
};

struct importer {
	struct tdm_store		*st;
	const char			*source;
	const struct tdm_import_opts	*opts;
	struct tdm_diags		*diags;
	struct arena			 arena;
	/* The column of each field, -1 if absent, and its header. */
	int				 col[TDM_F__MAX];
	const char			*hdr[TDM_F__MAX];
	size_t				 ncols;
	struct row			*rows;
	size_t				 nrows, arows;
	struct strmap			 byid;		/* matricule to row */
	struct strmap			 byemail;	/* e-mail to row */
	struct known			*known;
	size_t				 nknown;
	struct tdm_import_result	*res;		/* for the notes */
	struct tdm_buf			 leavers;	/* res->leavers */
	int64_t				 maxid;		/* of known */
	struct strmap			 knownid;	/* matricule to known */
	enum datefmt			 datefmt;
	size_t				 datefmt_line;
	int				 year, month, day;	/* today */
	unsigned			 permille;
	int				 nomem;
};

/* Report a problem at the start of a field. */
static void
report(struct importer *im, const struct tdm_csv_field *fl,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	tdm_diag_vadd(im->diags, im->source, fl->line, tdm_csv_column(fl),
	    fmt, ap);
	va_end(ap);
}

const char *
tdm_field_name(enum tdm_field f)
{
	return (unsigned)f < TDM_F__MAX ? fieldnames[f] : "?";
}

/*
 * A field as the file names it: its column's header ("Date de
 * naissance"), which is what the person who made the export reads; the
 * field's own name when the header is empty.
 */
static const char *
header_of(const struct importer *im, enum tdm_field f)
{
	return im->hdr[f] != NULL ? im->hdr[f] : fieldnames[f];
}

/*
 * Normalise a header or a name for comparison: ASCII lower case, Latin-1
 * accents folded, anything else a single space, no space at either end.
 */
static void
normalise(const char *in, char *out, size_t outsz)
{
	const unsigned char	*p = (const unsigned char *)in;
	size_t			 n = 0;
	int			 c, space = 0;

	while (*p != '\0' && n + 3 < outsz) {
		c = ' ';
		if (*p < 0x80) {
			c = isalnum(*p) ? tolower(*p) : ' ';
			p++;
		} else if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF) {
			c = tolower((unsigned char)fold[p[1] - 0x80]);
			p += 2;
		} else if (*p == 0xC5 && (p[1] == 0x92 || p[1] == 0x93)) {
			/* Œ, œ */
			if (n > 0 && space)
				out[n++] = ' ';
			out[n++] = 'o';
			space = 0;
			c = 'e';
			p += 2;
		} else {
			p++;
			while ((*p & 0xC0) == 0x80)
				p++;
		}
		if (c == ' ') {
			space = n > 0;
			continue;
		}
		if (space && n + 2 < outsz)
			out[n++] = ' ';
		space = 0;
		out[n++] = (char)c;
	}
	out[n] = '\0';
}

/* The number of characters of s, of len bytes of UTF-8. */
/* The number of characters from p up to end, in UTF-8. */
static size_t
chars_between(const char *p, const char *end)
{
	size_t	 n = 0;

	for (; p < end; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			n++;
	return n;
}

static size_t
utf8_chars(const char *s, size_t len)
{
	size_t	 i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static int
field_by_header(const char *norm)
{
	size_t	 f, i;

	for (f = 0; f < TDM_F__MAX; f++)
		for (i = 0; aliases[f][i] != NULL; i++)
			if (strcmp(aliases[f][i], norm) == 0)
				return (int)f;
	return -1;
}

static int
field_by_name(const char *name, size_t len)
{
	size_t	 f;

	for (f = 0; f < TDM_F__MAX; f++)
		if (strlen(fieldnames[f]) == len &&
		    strncmp(fieldnames[f], name, len) == 0)
			return (int)f;
	return -1;
}

/*
 * Apply --map "field=Header,field=Header": each named field takes the
 * column whose header reads the same once normalised.
 */
static void
apply_map(struct importer *im, const struct tdm_csv *csv, int *claimed)
{
	const char	*map = im->opts->map, *p, *eq, *end;
	char		 given[256], want[256], have[256];
	size_t		 c, hlen;
	int		 f, found;

	for (p = map; *p != '\0'; p = *end ? end + 1 : end) {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq == NULL || eq == p || eq + 1 == end) {
			tdm_diag_add(im->diags, "--map", 1,
			    chars_between(map, p) + 1, "expected FIELD=HEADER, "
			    "got \"%.*s\"", (int)(end - p), p);
			continue;
		}
		if ((f = field_by_name(p, (size_t)(eq - p))) == -1) {
			tdm_diag_add(im->diags, "--map", 1,
			    chars_between(map, p) + 1,
			    "unknown field \"%.*s\"; "
			    "the fields are employee_id, last_name, "
			    "first_name, email, birth_date, birth_year, "
			    "department, team, site, job_title, grade, "
			    "manager_id, hire_date, language",
			    (int)(eq - p), p);
			continue;
		}
		hlen = (size_t)(end - eq - 1);
		if (hlen >= sizeof(given))
			hlen = sizeof(given) - 1;
		memcpy(given, eq + 1, hlen);
		given[hlen] = '\0';
		normalise(given, want, sizeof(want));
		found = 0;
		for (c = 0; c < csv->nfields; c++) {
			normalise(csv->fields[c].s, have, sizeof(have));
			if (strcmp(have, want) == 0) {
				im->col[f] = (int)c;
				claimed[c] = 1;
				found = 1;
				break;
			}
		}
		if (!found)
			tdm_diag_add(im->diags, "--map", 1,
			    chars_between(map, eq + 1) + 1, "the header has no "
			    "column \"%s\"", given);
	}
}

/* Read the header: which column holds which field. */
static void
read_header(struct importer *im, const struct tdm_csv *csv,
    struct tdm_buf *ignored)
{
	char	 norm[256];
	int	*claimed;
	size_t	 c, f;
	int	 g;

	for (f = 0; f < TDM_F__MAX; f++)
		im->col[f] = -1;
	im->ncols = csv->nfields;
	if ((claimed = calloc(csv->nfields, sizeof(*claimed))) == NULL) {
		im->nomem = 1;
		return;
	}
	if (im->opts->map != NULL)
		apply_map(im, csv, claimed);
	for (c = 0; c < csv->nfields; c++) {
		if (claimed[c])
			continue;
		normalise(csv->fields[c].s, norm, sizeof(norm));
		if ((g = field_by_header(norm)) == -1) {
			if (ignored->len)
				tdm_buf_adds(ignored, ", ");
			tdm_buf_adds(ignored, csv->fields[c].s[0] ?
			    csv->fields[c].s : "(empty)");
			continue;
		}
		if (im->col[g] == -1) {
			im->col[g] = (int)c;
			continue;
		}
		if (im->opts->map != NULL && claimed[im->col[g]])
			continue;
		report(im, &csv->fields[c], "columns \"%s\" and \"%s\" both "
		    "give %s; choose one with --map %s=HEADER",
		    csv->fields[im->col[g]].s, csv->fields[c].s,
		    fieldnames[g], fieldnames[g]);
	}
	free(claimed);
	for (f = 0; f < TDM_F__MAX; f++) {
		if (im->col[f] != -1) {
			const struct tdm_csv_field *h = &csv->fields[im->col[f]];
			char	*v;
			size_t	 len;

			if ((v = arena_strdup(&im->arena, h->s)) == NULL) {
				im->nomem = 1;
				return;
			}
			v = trim(v, strlen(v), &len);
			im->hdr[f] = *v != '\0' ? v : NULL;
			continue;
		}
		switch (f) {
		case TDM_F_MATRICULE:
		case TDM_F_LAST_NAME:
		case TDM_F_FIRST_NAME:
		case TDM_F_EMAIL:
			tdm_diag_add(im->diags, im->source, csv->recline, 0,
			    "no column for %s (a header such as \"%s\"); "
			    "name it with --map %s=HEADER", fieldnames[f],
			    aliases[f][0], fieldnames[f]);
			break;
		case TDM_F_BIRTH_DATE:
			if (im->col[TDM_F_BIRTH_YEAR] == -1)
				tdm_diag_add(im->diags, im->source,
				    csv->recline, 0, "no column for "
				    "birth_date or birth_year (a header such "
				    "as \"Date de naissance\" or \"Année de "
				    "naissance\")");
			break;
		default:
			break;
		}
	}
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Read up to max digits; returns the count read. */
static int
digits(const char **pp, int max, int *v)
{
	const char	*p = *pp;
	int		 n = 0;

	*v = 0;
	while (n < max && *p >= '0' && *p <= '9') {
		*v = *v * 10 + (*p - '0');
		p++;
		n++;
	}
	*pp = p;
	return n;
}

/*
 * Parse dd/mm/yyyy or yyyy-mm-dd, with an optional time after a space
 * (spreadsheets add " 00:00:00").  Returns the format or DATE_NONE.
 * Day and month are not range-checked here.
 */
static enum datefmt
parse_date(const char *s, int *y, int *m, int *d)
{
	const char	*p = s;
	enum datefmt	 fmt;
	int		 a, b, c, na, nb;

	na = digits(&p, 4, &a);
	if (na == 4 && *p == '-') {
		p++;
		if (digits(&p, 2, &b) != 2 || *p++ != '-' ||
		    digits(&p, 2, &c) != 2)
			return DATE_NONE;
		*y = a;
		*m = b;
		*d = c;
		fmt = DATE_YMD;
	} else if ((na == 1 || na == 2) && *p == '/') {
		p++;
		nb = digits(&p, 2, &b);
		if (nb == 0 || *p++ != '/' || digits(&p, 4, &c) != 4)
			return DATE_NONE;
		*d = a;
		*m = b;
		*y = c;
		fmt = DATE_DMY;
	} else
		return DATE_NONE;
	if (*p == ' ' || *p == 'T') {
		p++;
		if (digits(&p, 2, &a) == 0 || *p++ != ':' ||
		    digits(&p, 2, &a) != 2)
			return DATE_NONE;
		if (*p == ':' && (p++, digits(&p, 2, &a) != 2))
			return DATE_NONE;
	}
	return *p == '\0' ? fmt : DATE_NONE;
}

/*
 * Check a date field.  Returns 0 and the date, or -1 after reporting
 * the problem.  The first date of the file fixes its format.
 */
static int
check_date(struct importer *im, const struct row *r,
    const struct tdm_csv_field *fl, enum tdm_field f, int *y, int *m, int *d)
{
	enum datefmt	 fmt;
	int		 ahead;

	fmt = parse_date(fl->s, y, m, d);
	if (fmt == DATE_NONE) {
		report(im, fl,
		    "%s: \"%s\" is not a date (dd/mm/yyyy or yyyy-mm-dd)",
		    header_of(im, f), fl->s);
		return -1;
	}
	if (im->datefmt == DATE_NONE) {
		im->datefmt = fmt;
		im->datefmt_line = r->line;
	} else if (fmt != im->datefmt) {
		report(im, fl,
		    "%s: \"%s\" is written %s but the dates of this file are "
		    "%s (line %zu); a file must use one format",
		    header_of(im, f), fl->s, datefmtnames[fmt],
		    datefmtnames[im->datefmt], im->datefmt_line);
		return -1;
	}
	if (fmt == DATE_DMY && *m > 12 && *d <= 12) {
		report(im, fl,
		    "%s: \"%s\" reads as month %d: dates must be dd/mm/yyyy, "
		    "and US mm/dd/yyyy dates are not accepted",
		    header_of(im, f), fl->s, *m);
		return -1;
	}
	if (*m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m)) {
		report(im, fl, "%s: \"%s\" is not a valid date", header_of(im, f),
		    fl->s);
		return -1;
	}
	if (*y < 1900) {
		report(im, fl, "%s: %s is before 1900", header_of(im, f), fl->s);
		return -1;
	}
	/* Exports list the people about to join: a hire date may be up to
	 * a year ahead.  Nobody is born in the future. */
	ahead = f == TDM_F_HIRE_DATE;
	if (*y > im->year + ahead || (*y == im->year + ahead &&
	    (*m > im->month || (*m == im->month && *d > im->day)))) {
		report(im, fl,
		    ahead ? "%s: %s is more than a year in the future"
			  : "%s: %s is in the future",
		    header_of(im, f), fl->s);
		return -1;
	}
	return 0;
}

/* A practical check of an address, not RFC 5322's whole grammar. */
static int
valid_email(const char *s)
{
	const char	*at, *p, *label;
	size_t		 n;

	if ((at = strchr(s, '@')) == NULL || strchr(at + 1, '@') != NULL)
		return 0;
	n = (size_t)(at - s);
	if (n == 0 || n > 64 || s[0] == '.' || at[-1] == '.')
		return 0;
	for (p = s; p < at; p++) {
		if (*p == '.' && p[1] == '.')
			return 0;
		if (!isalnum((unsigned char)*p) &&
		    strchr(".!#$%&'*+/=?^_`{|}~-", *p) == NULL)
			return 0;
	}
	label = at + 1;
	if (*label == '\0' || strlen(label) > 253)
		return 0;
	for (p = label; ; p++) {
		if (*p == '.' || *p == '\0') {
			n = (size_t)(p - label);
			if (n == 0 || n > 63 || *label == '-' || p[-1] == '-')
				return 0;
			if (*p == '\0')
				break;
			label = p + 1;
			continue;
		}
		if (!isalnum((unsigned char)*p) && *p != '-')
			return 0;
	}
	/* At least two labels, and a top-level domain of letters. */
	if (label == at + 1 || strlen(label) < 2)
		return 0;
	for (p = label; *p; p++)
		if (!isalpha((unsigned char)*p))
			return 0;
	return 1;
}

/*
 * Normalise a language field ("Français", "fr / en", "EN") to a list of
 * ISO 639-1 codes.  Returns 0, or -1 and the unknown part in bad.
 */
static int
parse_languages(const char *s, char *out, size_t outsz, char *bad,
    size_t badsz)
{
	char		 part[64], norm[64];
	const char	*p, *end;
	size_t		 i, len, n = 0;
	const char	*code;

	out[0] = '\0';
	for (p = s; *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",/|;+");
		len = (size_t)(end - p);
		if (len >= sizeof(part))
			len = sizeof(part) - 1;
		memcpy(part, p, len);
		part[len] = '\0';
		normalise(part, norm, sizeof(norm));
		if (norm[0] == '\0')
			continue;
		code = NULL;
		for (i = 0; i < sizeof(languages) / sizeof(languages[0]); i++)
			if (strcmp(languages[i].name, norm) == 0) {
				code = languages[i].code;
				break;
			}
		if (code == NULL && strlen(norm) == 2 &&
		    isalpha((unsigned char)norm[0]) &&
		    isalpha((unsigned char)norm[1]))
			code = norm;
		if (code == NULL) {
			snprintf(bad, badsz, "%s", trim(part, strlen(part),
			    &len));
			return -1;
		}
		if (strstr(out, code) != NULL)
			continue;
		if (n + strlen(code) + 2 > outsz)
			break;
		if (n > 0)
			out[n++] = ',';
		memcpy(out + n, code, strlen(code) + 1);
		n += strlen(code);
	}
	return 0;
}

/*
 * Trim spaces (and no-break spaces) at both ends of s, of len bytes, in
 * place; the length left goes to *lenp.
 */
static char *
trim(char *s, size_t len, size_t *lenp)
{
	char	*e = s + len;

	for (;;) {
		if (*s == ' ')
			s++;
		else if ((unsigned char)s[0] == 0xC2 &&
		    (unsigned char)s[1] == 0xA0)
			s += 2;
		else
			break;
	}
	for (;;) {
		if (e > s && e[-1] == ' ')
			e--;
		else if (e - s >= 2 && (unsigned char)e[-2] == 0xC2 &&
		    (unsigned char)e[-1] == 0xA0)
			e -= 2;
		else
			break;
	}
	*e = '\0';
	*lenp = (size_t)(e - s);
	return s;
}

/* Write y-m-d as yyyy-mm-dd, as "%04d-%02d-%02d" would. */
static void
iso_date(char *buf, size_t bufsz, int y, int m, int d)
{
	if (y < 0 || y > 9999 || m < 0 || m > 99 || d < 0 || d > 99 ||
	    bufsz < 11) {
		snprintf(buf, bufsz, "%04d-%02d-%02d", y, m, d);
		return;
	}
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

static void
keep(struct importer *im, struct row *r, enum tdm_field f, const char *s,
    size_t len)
{
	if ((r->f[f] = arena_dup(&im->arena, s, len)) == NULL)
		im->nomem = 1;
}

/*
 * Check one data record and, if it is sound, add it to im->rows.  Every
 * problem of the record is reported.
 */
/*
 * A line break inside a field (a job title typed with Alt+Enter in the
 * spreadsheet) becomes a space, with a note in the result, rather than
 * refusing the whole file: every field of the roster holds one line.
 */
static void
join_lines(struct importer *im, char *v, size_t *len, size_t line)
{
	size_t	 i, n = 0;
	int	 joined = 0;

	if (memchr(v, '\n', *len) == NULL && memchr(v, '\r', *len) == NULL)
		return;
	for (i = 0; i < *len; i++) {
		if (v[i] == '\r' || v[i] == '\n') {
			joined = 1;
			if (n > 0 && v[n - 1] != ' ')
				v[n++] = ' ';
			continue;
		}
		v[n++] = v[i];
	}
	while (n > 0 && v[n - 1] == ' ')
		n--;
	v[n] = '\0';
	*len = n;
	if (joined && im->res != NULL) {
		if (im->res->joined++ == 0)
			im->res->joined_line = line;
	}
}

static void
read_row(struct importer *im, struct tdm_csv *csv)
{
	struct tdm_csv_field	*fl;
	struct row		 r;
	char			 buf[64], bad[64], *v;
	size_t			 f, old, c, len;
	int			 y, m, d, rc, year = 0;

	memset(&r, 0, sizeof(r));
	r.line = csv->recline;
	r.mgr_row = NOROW;
	if (csv->nfields < im->ncols) {
		tdm_diag_add(im->diags, im->source, csv->recline, 0,
		    "%zu field%s, but the header has %zu", csv->nfields,
		    csv->nfields == 1 ? "" : "s", im->ncols);
		return;
	}
	for (c = im->ncols; c < csv->nfields; c++)
		if (csv->fields[c].len > 0) {
			report(im, &csv->fields[c],
			    "%zu fields, but the header has %zu", csv->nfields,
			    im->ncols);
			return;
		}
	for (f = 0; f < TDM_F__MAX; f++) {
		if (im->col[f] == -1)
			continue;
		fl = &csv->fields[im->col[f]];
		/* The reader's storage is ours until the next record. */
		v = trim((char *)fl->s, fl->len, &len);
		/* No character is shorter than a byte. */
		if (len > TDM_FIELD_MAX && utf8_chars(v, len) > TDM_FIELD_MAX) {
			report(im, fl, "%s: longer than %d characters",
			    header_of(im, f), TDM_FIELD_MAX);
			continue;
		}
		if (f != TDM_F_MATRICULE && f != TDM_F_EMAIL &&
		    f != TDM_F_MANAGER)
			join_lines(im, v, &len, csv->recline);
		for (c = 0; c < len; c++)
			if ((unsigned char)v[c] < 0x20 || v[c] == 0x7F)
				break;
		if (c != len) {
			report(im, fl, "%s: contains a %s", header_of(im, f),
			    v[c] == '\n' || v[c] == '\r' ? "line break" :
			    "control character");
			continue;
		}
		switch (f) {
		case TDM_F_MATRICULE:
		case TDM_F_LAST_NAME:
		case TDM_F_FIRST_NAME:
		case TDM_F_EMAIL:
			if (*v == '\0') {
				report(im, fl, "%s: missing", header_of(im, f));
				continue;
			}
			break;
		case TDM_F_BIRTH_DATE:
			if (*v == '\0') {
				if (im->col[TDM_F_BIRTH_YEAR] == -1)
					report(im, fl, "%s: missing", header_of(im, f));
				continue;
			}
			if (check_date(im, &r, fl, f, &y, &m, &d) == 0) {
				if (year && year != y)
					report(im, fl, "%s: year %d but %s "
					    "says %d", header_of(im, f), y,
					    header_of(im, TDM_F_BIRTH_YEAR),
					    year);
				year = y;
			}
			continue;
		case TDM_F_BIRTH_YEAR:
			if (*v == '\0') {
				if (im->col[TDM_F_BIRTH_DATE] == -1)
					report(im, fl, "%s: missing", header_of(im, f));
				continue;
			}
			if (strlen(v) != 4 || strspn(v, "0123456789") != 4 ||
			    (y = (int)strtol(v, NULL, 10)) < 1900 ||
			    y > im->year) {
				report(im, fl, "%s: \"%s\" is not a year "
				    "between 1900 and %d", header_of(im, f), v,
				    im->year);
				continue;
			}
			if (year && year != y)
				report(im, fl, "%s: %d but %s says %d",
				    header_of(im, f), y,
				    header_of(im, TDM_F_BIRTH_DATE), year);
			year = y;
			continue;
		case TDM_F_HIRE_DATE:
			if (*v != '\0') {
				if (check_date(im, &r, fl, f, &y, &m, &d) == -1)
					continue;
				iso_date(buf, sizeof(buf), y, m, d);
				v = buf;
				len = strlen(buf);
			}
			break;
		case TDM_F_MANAGER:
			r.mgrf = *fl;
			break;
		case TDM_F_LANGUAGE:
			if (parse_languages(v, buf, sizeof(buf), bad,
			    sizeof(bad)) == -1) {
				report(im, fl, "%s: \"%s\" is not a "
				    "language Tandem knows (use ISO codes "
				    "such as fr, en)", header_of(im, f), bad);
				continue;
			}
			v = buf;
			len = strlen(buf);
			break;
		default:
			break;
		}
		if (f == TDM_F_EMAIL) {
			for (c = 0; v[c]; c++)
				v[c] = (char)tolower((unsigned char)v[c]);
			if (!valid_email(v)) {
				report(im, fl, "%s: \"%s\" is not a valid "
				    "e-mail address", header_of(im, f), v);
				continue;
			}
		}
		if (f == TDM_F_MATRICULE && strpbrk(v, " \t") != NULL) {
			report(im, fl, "%s: \"%s\" contains a space",
			    header_of(im, f), v);
			continue;
		}
		keep(im, &r, f, v, len);
	}
	r.birth_year = year;
	/*
	 * A row with problems is still checked against the others, so that
	 * one run shows a duplicate id beside a bad date; the file will not
	 * be written anyway.
	 */
	if (r.f[TDM_F_MATRICULE] == NULL || im->nomem)
		return;
	if (r.f[TDM_F_MANAGER] != NULL && r.f[TDM_F_MANAGER][0] != '\0' &&
	    strcmp(r.f[TDM_F_MANAGER], r.f[TDM_F_MATRICULE]) == 0) {
		report(im, &r.mgrf, "%s: %s is their own manager",
		    header_of(im, TDM_F_MANAGER), r.f[TDM_F_MATRICULE]);
		return;
	}
	if (im->nrows == im->arows) {
		struct row	*nr;
		size_t		 na = im->arows ? im->arows * 2 : 1024;

		if ((nr = reallocarray(im->rows, na, sizeof(*nr))) == NULL) {
			im->nomem = 1;
			return;
		}
		im->rows = nr;
		im->arows = na;
	}
	switch (strmap_put(&im->byid, r.f[TDM_F_MATRICULE], im->nrows, &old)) {
	case -1:
		im->nomem = 1;
		return;
	case 0:
		fl = &csv->fields[im->col[TDM_F_MATRICULE]];
		report(im, fl, "%s: %s appears twice (first on line %zu)",
		    header_of(im, TDM_F_MATRICULE), r.f[TDM_F_MATRICULE],
		    im->rows[old].line);
		return;
	}
	rc = r.f[TDM_F_EMAIL] == NULL ? 1 :
	    strmap_put(&im->byemail, r.f[TDM_F_EMAIL], im->nrows, &old);
	if (rc == -1) {
		im->nomem = 1;
		return;
	}
	if (rc == 0) {
		fl = &csv->fields[im->col[TDM_F_EMAIL]];
		report(im, fl, "%s: %s is also the address of %s "
		    "(line %zu)", header_of(im, TDM_F_EMAIL), r.f[TDM_F_EMAIL],
		    im->rows[old].f[TDM_F_MATRICULE], im->rows[old].line);
		return;
	}
	im->rows[im->nrows++] = r;
}

static void
progress(struct importer *im, unsigned permille)
{
	if (im->opts->progress != NULL && permille != im->permille) {
		im->permille = permille;
		im->opts->progress(im->opts->progress_arg, permille);
	}
}

/* Load who the store already knows, for the manager checks. */
static enum tdm_err
load_known(struct importer *im)
{
	struct query	 q = query_start(im->st, STMT_EMPLOYEE_CHAIN);
	struct known	*k;
	size_t		 alloc = 0;
	const char	*matricule, *manager;
	enum tdm_err	 err = TDM_OK, qerr;
	int64_t		 id;
	int		 active;

	while (query_row(&q)) {
		id = col_int(&q);
		matricule = col_text(&q);
		manager = col_textz(&q);
		active = (int)col_int(&q);
		if (im->nknown == alloc) {
			alloc = alloc ? alloc * 2 : 1024;
			k = reallocarray(im->known, alloc, sizeof(*k));
			if (k == NULL) {
				err = TDM_ENOMEM;
				break;
			}
			im->known = k;
		}
		k = &im->known[im->nknown];
		k->id = id;
		k->active = active;
		if (k->id > im->maxid)
			im->maxid = k->id;
		k->matricule = arena_dup(&im->arena, matricule,
		    strlen(matricule));
		k->manager = NULL;
		if (manager != NULL)
			k->manager = arena_dup(&im->arena, manager,
			    strlen(manager));
		if (k->matricule == NULL ||
		    (manager != NULL && k->manager == NULL) ||
		    strmap_put(&im->knownid, k->matricule, im->nknown,
		    NULL) == -1) {
			err = TDM_ENOMEM;
			break;
		}
		im->nknown++;
	}
	qerr = query_end(&q);
	return err != TDM_OK ? err : qerr;
}

/*
 * The row of the nearest manager of row i that is in the file, following
 * people only the store knows on the way; NOROW at the top of the chain.
 */
static size_t
next_row(const struct importer *im, size_t i)
{
	const char	*mgr = im->rows[i].f[TDM_F_MANAGER];
	size_t		 k, steps = 0;

	if (im->rows[i].mgr_row != NOROW)
		return im->rows[i].mgr_row;
	while (mgr != NULL && *mgr != '\0') {
		if (strmap_get(&im->byid, mgr, &k))
			return k;
		/* The stored chain has no loop; the bound is a safeguard. */
		if (!strmap_get(&im->knownid, mgr, &k) || steps++ > im->nknown)
			return NOROW;
		mgr = im->known[k].manager;
	}
	return NOROW;
}

/* The manager of a matricule once the file is imported, or NULL. */
static const char *
manager_after(const struct importer *im, const char *id)
{
	size_t	 k;

	if (strmap_get(&im->byid, id, &k))
		id = im->rows[k].f[TDM_F_MANAGER];
	else if (strmap_get(&im->knownid, id, &k))
		id = im->known[k].manager;
	else
		return NULL;
	return id != NULL && *id != '\0' ? id : NULL;
}

/*
 * Every manager must exist, in the file or in the store, and following
 * managers from anyone must never come back to them.  Each walk up the
 * chain stops at people already settled, so the whole check is linear.
 */
static void
check_chain(struct importer *im)
{
	unsigned char	*state;	/* 0 unseen, 1 on this walk, 2 settled */
	struct tdm_buf	 path = TDM_BUF_INIT;
	const char	*mgr, *id;
	size_t		 i, j, k;

	if (im->col[TDM_F_MANAGER] == -1)
		return;
	for (i = 0; i < im->nrows; i++) {
		mgr = im->rows[i].f[TDM_F_MANAGER];
		if (mgr == NULL || *mgr == '\0')
			continue;
		/* Looked up once, for next_row() and assign_ids(). */
		if (strmap_get(&im->byid, mgr, &k))
			im->rows[i].mgr_row = k;
		else if (!strmap_get(&im->knownid, mgr, &k))
			report(im, &im->rows[i].mgrf,
			    "%s: %s is neither in this file nor in the "
			    "roster", header_of(im, TDM_F_MANAGER), mgr);
	}
	if ((state = calloc(im->nrows + 1, 1)) == NULL) {
		im->nomem = 1;
		return;
	}
	for (i = 0; i < im->nrows; i++) {
		for (j = i; j != NOROW && state[j] == 0; j = next_row(im, j))
			state[j] = 1;
		if (j != NOROW && state[j] == 1) {
			/* Name everyone on the loop, stored people too. */
			tdm_buf_reset(&path);
			id = im->rows[j].f[TDM_F_MATRICULE];
			tdm_buf_adds(&path, id);
			do {
				id = manager_after(im, id);
				tdm_buf_addf(&path, " -> %s", id ? id : "?");
			} while (id != NULL && strcmp(id,
			    im->rows[j].f[TDM_F_MATRICULE]) != 0 &&
			    path.len < 512);
			report(im, &im->rows[j].mgrf,
			    "%s: the management chain loops: %s",
			    header_of(im, TDM_F_MANAGER), path.buf);
		}
		for (j = i; j != NOROW && state[j] == 1; j = next_row(im, j))
			state[j] = 2;
	}
	if (path.failed)
		im->nomem = 1;
	tdm_buf_release(&path);
	free(state);
}

/* Read and check the whole file; writes nothing. */
static enum tdm_err
read_file(struct importer *im, const unsigned char *data, size_t len,
    struct tdm_import_result *res)
{
	struct tdm_buf	 text = TDM_BUF_INIT, ignored = TDM_BUF_INIT;
	struct tdm_csv	 csv;
	const char	*p, *t;
	size_t		 lines, tlen;
	enum tdm_err	 err;
	int		 rc, bad, header = 1;

	/* Most exports are UTF-8 already: read them where they lie. */
	if ((t = tdm_utf8_view(data, len, im->opts->encoding, &tlen)) != NULL) {
		res->encoding = TDM_ENC_UTF8;
		err = TDM_OK;
	} else {
		err = tdm_decode(im->source, data, len, im->opts->encoding,
		    &text, &res->encoding, im->diags);
		t = text.buf;
		tlen = text.len;
	}
	/* Nothing decoded from something: the decoder refused the file. */
	if (err == TDM_ENOMEM || (err == TDM_EINVAL && tlen == 0))
		goto out;
	tdm_csv_init(&csv, im->source, t, tlen, 0);
	/* A line is a row, near enough: size the maps once. */
	for (p = t, lines = 1; (p = memchr(p, '\n',
	    (size_t)(t + tlen - p))) != NULL; p++)
		lines++;
	if (strmap_reserve(&im->byid, lines) == -1 ||
	    strmap_reserve(&im->byemail, lines) == -1) {
		err = TDM_ENOMEM;
		goto out_csv;
	}
	res->sep = csv.sep;
	while ((rc = tdm_csv_next(&csv, &bad, im->diags)) == 1) {
		if (header) {
			read_header(im, &csv, &ignored);
			header = 0;
			/* Rows mean nothing without their columns. */
			if (tdm_diag_count(im->diags) > 0 || im->nomem)
				break;
			continue;
		}
		if (!bad)
			read_row(im, &csv);
		if (im->nomem)
			break;
		if (im->nrows % PROGRESS_ROWS == 0)
			progress(im, (unsigned)((csv.p - t) * 500 /
			    (tlen + 1)));
	}
	if (rc == -1 || im->nomem || ignored.failed) {
		err = TDM_ENOMEM;
		goto out_csv;
	}
	if (header)
		tdm_diag_add(im->diags, im->source, 1, 0, "the file is empty");
	else if (im->nrows == 0 && tdm_diag_count(im->diags) == 0)
		/* A truncated export would mark everyone as a leaver. */
		tdm_diag_add(im->diags, im->source, 1, 0, "the file has a "
		    "header but no rows");
	err = load_known(im);
	if (err == TDM_OK)
		check_chain(im);
	if (err == TDM_OK && im->nomem)
		err = TDM_ENOMEM;
	if (err == TDM_OK && tdm_diag_count(im->diags) > 0) {
		/* Read in file order, checked in several passes. */
		tdm_diags_sort(im->diags);
		err = TDM_EINVAL;
	}
	res->rows = im->nrows;
	res->date_format = datefmtnames[im->datefmt];
	if (ignored.len)
		res->ignored = tdm_buf_detach(&ignored, NULL);
out_csv:
	tdm_csv_free(&csv);
out:
	tdm_buf_release(&ignored);
	tdm_buf_release(&text);
	return err;
}

static int
same(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

/*
 * The fields an import writes, in the order of the INSERT and UPDATE
 * parameters and of the columns of STMT_EMPLOYEE_WRITTEN.
 */
static const enum tdm_field written[] = {
	TDM_F_LAST_NAME, TDM_F_FIRST_NAME, TDM_F_EMAIL, TDM_F_BIRTH_YEAR,
	TDM_F_DEPARTMENT, TDM_F_TEAM, TDM_F_SITE, TDM_F_JOB_TITLE,
	TDM_F_GRADE, TDM_F_HIRE_DATE, TDM_F_LANGUAGE,
};
#define NWRITTEN ((int)(sizeof(written) / sizeof(written[0])))

/* Bind the fields, the manager, the import and the id of a row. */
static void
bind_row(struct query *q, const struct row *r, int64_t import)
{
	const char	*v;
	int		 i;

	for (i = 0; i < NWRITTEN; i++) {
		v = r->f[written[i]];
		if (written[i] == TDM_F_BIRTH_YEAR)
			bind_int(q, r->birth_year);
		else if (written[i] == TDM_F_HIRE_DATE)
			bind_text(q, v != NULL && *v != '\0' ? v : NULL);
		else
			bind_text(q, v != NULL ? v : "");
	}
	if (r->mgr_id)
		bind_int(q, r->mgr_id);
	else
		bind_null(q);
	bind_int(q, import);
	bind_int(q, r->id);
}

/*
 * Give every row its id: a known person keeps theirs, a newcomer gets
 * the next free one.  Knowing all ids before writing lets each row be
 * written once, managers included, in file order.
 */
static void
assign_ids(struct importer *im)
{
	struct row	*r;
	const char	*mgr;
	int64_t		 next = im->maxid + 1;
	size_t		 i, k;

	for (i = 0; i < im->nrows; i++) {
		r = &im->rows[i];
		if (strmap_get(&im->knownid, r->f[TDM_F_MATRICULE], &k)) {
			r->id = im->known[k].id;
			r->existing = 1;
		} else
			r->id = next++;
	}
	for (i = 0; i < im->nrows; i++) {
		r = &im->rows[i];
		mgr = r->f[TDM_F_MANAGER];
		if (mgr == NULL || *mgr == '\0')
			r->mgr_id = 0;
		else if (r->mgr_row != NOROW)
			r->mgr_id = im->rows[r->mgr_row].id;
		else if (strmap_get(&im->knownid, mgr, &k))
			r->mgr_id = im->known[k].id;
	}
}

/*
 * Compare a person the store knows, the current row of q after its id,
 * with the file's row: whether the file changes anything (r->changed).
 * Columns absent from the file keep their stored values, copied into
 * the row for its update.
 */
static enum tdm_err
compare_row(struct importer *im, struct query *q, struct row *r,
    struct tdm_import_result *res)
{
	const char	*old[NWRITTEN];
	int64_t		 year = 0, mgr;
	enum tdm_err	 err = TDM_OK;
	int		 i, changed;

	/* The columns come in the order of written[]. */
	for (i = 0; i < NWRITTEN; i++)
		if (written[i] == TDM_F_BIRTH_YEAR) {
			year = col_int(q);
			old[i] = NULL;
		} else
			old[i] = col_text(q);
	mgr = col_int(q);
	changed = col_int(q) == 0;
	for (i = 0; i < NWRITTEN && err == TDM_OK; i++) {
		if (written[i] == TDM_F_BIRTH_YEAR)
			changed |= year != r->birth_year;
		else if (im->col[written[i]] != -1)
			changed |= !same(old[i], r->f[written[i]]);
		else if ((r->f[written[i]] = arena_dup(&im->arena,
		    old[i], strlen(old[i]))) == NULL)
			err = TDM_ENOMEM;
	}
	if (im->col[TDM_F_MANAGER] == -1)
		r->mgr_id = mgr;
	else
		changed |= mgr != r->mgr_id;
	if (!changed)
		res->unchanged++;
	r->changed = changed;
	return err;
}

/* A row of the file the store knows, by its id. */
struct known_row {
	int64_t		 id;
	struct row	*r;
};

static int
by_id(const void *a, const void *b)
{
	const struct known_row *ka = a, *kb = b;

	return ka->id < kb->id ? -1 : ka->id > kb->id;
}

/*
 * Compare every person of the file the store knows with the store's
 * row: one read of the employees in id order beside the file's known
 * rows sorted by id, not a read a row (a round trip each on
 * PostgreSQL).
 */
static enum tdm_err
compare_all(struct importer *im, struct tdm_import_result *res)
{
	struct known_row *known;
	struct query	 q;
	size_t		 n = 0, i, j = 0;
	int64_t		 id;
	enum tdm_err	 err = TDM_OK, qerr;
	int		 k;

	for (i = 0; i < im->nrows; i++)
		n += im->rows[i].existing != 0;
	if (n == 0)
		return TDM_OK;
	if ((known = calloc(n, sizeof(struct known_row))) == NULL)
		return TDM_ENOMEM;
	for (i = 0, n = 0; i < im->nrows; i++)
		if (im->rows[i].existing) {
			known[n].id = im->rows[i].id;
			known[n++].r = &im->rows[i];
		}
	qsort(known, n, sizeof(struct known_row), by_id);
	q = query_start(im->st, STMT_EMPLOYEE_WRITTEN);
	while (query_row(&q)) {
		id = col_int(&q);
		/* Known a moment ago in the same transaction. */
		if (j < n && known[j].id < id && err == TDM_OK)
			err = TDM_EDB;
		if (j < n && known[j].id == id && err == TDM_OK)
			err = compare_row(im, &q, known[j++].r, res);
		else
			for (k = 1; k < q.ncols; k++)
				col_skip(&q);
	}
	qerr = query_end(&q);
	if (err == TDM_OK && (err = qerr) == TDM_OK && j < n)
		err = TDM_EDB;
	free(known);
	return err;
}

/* Update a person the store knows whom the file changes. */
static enum tdm_err
update_row(struct importer *im, const struct row *r, int64_t import,
    struct tdm_import_result *res)
{
	struct query	 q = query_start(im->st, STMT_EMPLOYEE_UPDATE);
	enum tdm_err	 err;

	bind_row(&q, r, import);
	if ((err = query_exec(&q)) != TDM_OK)
		return err;
	res->updated++;
	return TDM_OK;
}

static enum tdm_err
insert_row(struct importer *im, const struct row *r, int64_t import,
    struct tdm_import_result *res)
{
	struct query	 q = query_start(im->st, STMT_EMPLOYEE_INSERT);
	enum tdm_err	 err;

	bind_row(&q, r, import);
	bind_text(&q, r->f[TDM_F_MATRICULE]);
	if ((err = query_exec(&q)) != TDM_OK)
		return err;
	res->added++;
	return TDM_OK;
}

/*
 * What a leaver's leaving ends, at once: their web sessions and pending
 * invitations (the account signs in no more: the employee is inactive),
 * their enrolments in every programme not closed, withdrawn, which ends
 * their tandems, and the future sessions of those, cancelled as by the
 * manager, so that the partner's calendar learns only that.  One line a
 * leaver enrolled somewhere for whoever imports; the audit names ids
 * only.
 *
 * A pair should end through pair_end() (data.h) here, instead of the
 * enrolment's withdrawal.
 */
static enum tdm_err
leaver_ends(struct importer *im, const struct known *k,
    struct tdm_import_result *res)
{
	struct query	 q;
	struct {
		int64_t	 id, programme;
		char	 name[160], role[16];
		int64_t	 pairs;
	}		 en[16];
	struct tdm_actor sys;
	struct tdm_diags pd = TDM_DIAGS_INIT;
	char		 now[TIMESTAMP_SIZE], who[192] = "", id[32];
	size_t		 n = 0, i;
	int64_t		 cancelled = 0;
	enum tdm_err	 err;

	q = query_start(im->st, STMT_LEAVER_SESSIONS_END);
	bind_int(&q, k->id);
	if ((err = query_exec(&q)) != TDM_OK)
		return err;
	q = query_start(im->st, STMT_LEAVER_INVITATIONS_END);
	bind_int(&q, k->id);
	if ((err = query_exec(&q)) != TDM_OK)
		return err;
	q = query_start(im->st, STMT_LEAVER_NAME);
	bind_int(&q, k->id);
	if (query_row(&q))
		snprintf(who, sizeof(who), "%s", col_text(&q));
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	q = query_start(im->st, STMT_LEAVER_ENROLMENTS);
	bind_int(&q, k->id);
	while (query_row(&q)) {
		if (n == sizeof(en) / sizeof(en[0])) {
			col_skip(&q);
			col_skip(&q);
			col_skip(&q);
			col_skip(&q);
			col_skip(&q);
			continue;
		}
		en[n].id = col_int(&q);
		en[n].programme = col_int(&q);
		snprintf(en[n].name, sizeof(en[n].name), "%s", col_text(&q));
		snprintf(en[n].role, sizeof(en[n].role), "%s", col_text(&q));
		en[n].pairs = col_int(&q);
		n++;
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if (n > 0)
		tdm_buf_addf(&im->leavers, "%s\t%s", k->matricule, who);
	store_timestamp(im->st, now);
	if (im->opts->actor == NULL)
		tdm_actor_system(&sys);
	for (i = 0; i < n; i++) {
		/*
		 * The leaver's tandems end as any tandem ends: the partner
		 * learns only that it ended, and the pair never comes back.
		 */
		if (en[i].pairs > 0 && (err = pair_end_all(im->st,
		    im->opts->actor ? im->opts->actor : &sys, en[i].programme,
		    en[i].id, "leaver", &pd)) != TDM_OK) {
			tdm_diags_free(&pd);
			return err;
		}
		q = query_start(im->st, STMT_ENROLMENT_WITHDRAW);
		bind_text(&q, now);
		bind_int(&q, en[i].id);
		if ((err = query_exec(&q)) != TDM_OK ||
		    (err = session_cancel_future(im->st, en[i].programme,
		    en[i].id, "manager", &cancelled)) != TDM_OK)
			return err;
		res->cancelled += (size_t)cancelled;
		res->ended++;
		tdm_buf_addf(&im->leavers, "\t%s\t%s\t%lld", en[i].name,
		    en[i].role, (long long)en[i].pairs);
	}
	snprintf(id, sizeof(id), "%lld", (long long)k->id);
	if (n == 0)
		return TDM_OK;
	tdm_buf_addch(&im->leavers, '\n');
	/* The calendars learn of the sessions cancelled, now. */
	if ((err = outbox_sessions(im->st)) != TDM_OK)
		return err;
	return audit_append(im->st, im->opts->actor ? im->opts->actor : &sys,
	    "employee.leave", "employee", id, "%zu enrolments withdrawn", n);
}

/* Mark the active people the file no longer lists as leavers. */
static enum tdm_err
mark_leavers(struct importer *im, int64_t import,
    struct tdm_import_result *res)
{
	struct query	 q;
	enum tdm_err	 err;
	size_t		 i, k;

	for (i = 0; i < im->nknown; i++) {
		if (!im->known[i].active ||
		    strmap_get(&im->byid, im->known[i].matricule, &k))
			continue;
		q = query_start(im->st, STMT_EMPLOYEE_MARK_LEFT);
		bind_int(&q, import);
		bind_int(&q, im->known[i].id);
		if ((err = query_exec(&q)) != TDM_OK ||
		    (err = leaver_ends(im, &im->known[i], res)) != TDM_OK)
			return err;
		res->left++;
	}
	return TDM_OK;
}

#define LEAVERS_FLOOR	5	/* leavers below which 5 % does not count */

/*
 * Whether the leavers are too many to believe without a confirmation:
 * more than leavers_percent % of the active roster or more than
 * leavers_max people, unless confirm_leavers names their number.
 */
static int
leavers_unconfirmed(const struct importer *im,
    struct tdm_import_result *res)
{
	const struct tdm_import_opts	*o = im->opts;
	long	 pct = o->leavers_percent ? o->leavers_percent : 5;
	long	 max = o->leavers_max ? o->leavers_max : 20;

	/* A few leavers of a small roster are no sign of a partial file;
	 * -1 lifts a limit. */
	if (res->left == 0 || ((max < 0 || (long)res->left <= max) &&
	    (pct < 0 || (long)res->left < LEAVERS_FLOOR ||
	    (long)res->left * 100 <= pct * (long)res->active)))
		return 0;
	res->confirm = 1;
	if (o->confirm_leavers == (long)res->left)
		return 0;
	tdm_diag_add(im->diags, im->source, 0, 0, "this file would mark %zu "
	    "of the %zu active employees as leavers (more than %ld %% or %ld "
	    "people), ending %zu enrolments and cancelling %zu future "
	    "sessions: check that it is the whole roster, then import it "
	    "again confirming %zu leavers (--confirm-leavers %zu)",
	    res->left, res->active, pct, max, res->ended, res->cancelled,
	    res->left, res->left);
	return 1;
}

/* The second half: write everything in one transaction. */
static enum tdm_err
write_all(struct importer *im, struct tdm_import_result *res)
{
	struct tdm_actor sys;
	struct query	 q;
	char		 now[TIMESTAMP_SIZE];
	int64_t		 import;
	size_t		 i;
	enum tdm_err	 err;

	assign_ids(im);
	if ((err = store_begin(im->st)) != TDM_OK)
		return err;
	store_timestamp(im->st, now);
	q = query_start(im->st, STMT_IMPORT_INSERT);
	bind_text(&q, im->source);
	bind_text(&q, tdm_encoding_name(res->encoding));
	bind_text(&q, now);
	if ((err = query_exec(&q)) != TDM_OK)
		goto fail;
	import = store_last_id(im->st);
	/* What the file changes, read first, then the writes in a batch
	 * (db.h): in file order, managers included, as ever. */
	if ((err = compare_all(im, res)) != TDM_OK)
		goto fail;
	progress(im, 600);
	if ((err = store_batch_begin(im->st)) != TDM_OK)
		goto fail;
	for (i = 0; i < im->nrows; i++) {
		if (!im->rows[i].existing)
			err = insert_row(im, &im->rows[i], import, res);
		else if (im->rows[i].changed)
			err = update_row(im, &im->rows[i], import, res);
		if (err != TDM_OK)
			goto fail;
		if (i % PROGRESS_ROWS == 0)
			progress(im, 600 + (unsigned)(i * 350 / im->nrows));
	}
	if ((err = store_batch_end(im->st)) != TDM_OK)
		goto fail;
	for (i = 0; i < im->nknown; i++)
		res->active += im->known[i].active != 0;
	if ((err = mark_leavers(im, import, res)) != TDM_OK)
		goto fail;
	if (leavers_unconfirmed(im, res)) {
		err = TDM_ESTATE;
		goto fail;
	}
	q = query_start(im->st, STMT_IMPORT_COUNTS);
	bind_int(&q, (int64_t)res->rows);
	bind_int(&q, (int64_t)res->added);
	bind_int(&q, (int64_t)res->updated);
	bind_int(&q, (int64_t)res->unchanged);
	bind_int(&q, (int64_t)res->left);
	bind_int(&q, import);
	if ((err = query_exec(&q)) != TDM_OK)
		goto fail;
	/* Where the roster's data came from, in the log too (issue 17). */
	if (im->opts->actor != NULL)
		sys = *im->opts->actor;
	else
		tdm_actor_system(&sys);
	if ((err = audit_append(im->st, &sys, "roster.import", "store",
	    "roster", "import %lld: %zu rows, %zu added, %zu updated, %zu "
	    "unchanged, %zu left", (long long)import, res->rows, res->added,
	    res->updated, res->unchanged, res->left)) != TDM_OK)
		goto fail;
	if (im->opts->dry_run) {
		store_rollback(im->st);
		return TDM_OK;
	}
	if ((err = store_commit(im->st)) != TDM_OK)
		goto fail;
	progress(im, 1000);
	return TDM_OK;
fail:
	store_rollback(im->st);
	return err;
}

enum tdm_err
tdm_roster_import(struct tdm_store *st, const char *source,
    const unsigned char *data, size_t len, const struct tdm_import_opts *opts,
    struct tdm_import_result *res, struct tdm_diags *diags)
{
	struct importer	 im;
	enum tdm_err	 err;

	memset(res, 0, sizeof(*res));
	if (opts->actor != NULL &&
	    (err = authorize(opts->actor, OP_ROSTER_IMPORT, diags)) != TDM_OK)
		return err;
	memset(&im, 0, sizeof(im));
	im.st = st;
	im.source = source;
	im.opts = opts;
	im.diags = diags;
	im.res = res;
	tdm_buf_init(&im.leavers);
	store_today(st, &im.year, &im.month, &im.day);
	if ((err = read_file(&im, data, len, res)) == TDM_OK)
		err = write_all(&im, res);
	if (im.leavers.len > 0 && !im.leavers.failed)
		res->leavers = tdm_buf_detach(&im.leavers, NULL);
	tdm_buf_release(&im.leavers);
	strmap_free(&im.byid);
	strmap_free(&im.byemail);
	strmap_free(&im.knownid);
	free(im.rows);
	free(im.known);
	arena_free(&im.arena);
	return err;
}

enum tdm_err
tdm_roster_may_import(const struct tdm_actor *actor, struct tdm_diags *d)
{
	return authorize(actor, OP_ROSTER_IMPORT, d);
}

void
tdm_import_result_free(struct tdm_import_result *res)
{
	free(res->ignored);
	res->ignored = NULL;
	free(res->leavers);
	res->leavers = NULL;
}

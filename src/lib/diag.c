/*
 * The diagnostics list of diag.h.  It stores problems; formatting them for
 * a terminal or for JSON is the front-ends' business.  It also renders a
 * problem in French or English through the catalogue (catalogue.h): a
 * diagnostic keeps its format, the catalogue's key, and its arguments.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tandem/diag.h"
#include "tandem/strbuf.h"
#include "catalogue.h"
#include "date.h"

#define DIAG_LIMIT_DEFAULT 100
#define DIAG_MAXARGS	32

/*
 * One argument of a format: a signed or unsigned integer, a double, a
 * pointer, text (copied, cut at the precision when one is given), or the
 * int a '*' width or precision reads.
 */
struct tdm_diag_arg {
	char	 kind;		/* 'i', 'u', 'f', 'p', 's' or '*' */
	union {
		long long		 i;
		unsigned long long	 u;
		double			 f;
		const void		*p;
		char			*s;
	} v;
};

/* One conversion of a format, as spec_next() reads it. */
struct spec {
	char	 flags[8];
	int	 width;		/* -1: none, -2: '*' */
	int	 prec;		/* -1: none, -2: '*' */
	int	 pos;		/* %N$: N, else 0 */
	char	 len[3];	/* hh, h, l, ll, j, z, t, L or "" */
	char	 conv;		/* d, s, ...; '%' for %% */
};

static void	 args_free(struct tdm_diag_arg *, size_t);
static int	 spec_next(const char **, struct spec *);
static char	 spec_kind(const struct spec *);
static int	 capture(struct tdm_diag *, const char *, va_list);

void
tdm_diag_add(struct tdm_diags *d, const char *source, size_t line,
    size_t column, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	tdm_diag_vadd(d, source, line, column, fmt, ap);
	va_end(ap);
}

void
tdm_diag_vadd(struct tdm_diags *d, const char *source, size_t line,
    size_t column, const char *fmt, va_list ap)
{
	struct tdm_buf	 msg = TDM_BUF_INIT;
	struct tdm_diag	*v, *e;
	size_t		 limit, nalloc;
	va_list		 aq;

	limit = d->limit ? d->limit : DIAG_LIMIT_DEFAULT;
	if (d->n >= limit) {
		d->dropped++;
		return;
	}
	if (d->n == d->alloc) {
		nalloc = d->alloc ? d->alloc * 2 : 16;
		v = reallocarray(d->v, nalloc, sizeof(*v));
		if (v == NULL)
			goto fail;
		d->v = v;
		d->alloc = nalloc;
	}
	va_copy(aq, ap);
	tdm_buf_vaddf(&msg, fmt, aq);
	va_end(aq);
	e = &d->v[d->n];
	e->source = NULL;
	if (source != NULL && (e->source = strdup(source)) == NULL)
		goto fail;
	if ((e->message = tdm_buf_detach(&msg, NULL)) == NULL) {
		free(e->source);
		goto fail;
	}
	/* Without its arguments the entry still has its English text. */
	if (capture(e, fmt, ap) == -1) {
		e->code = NULL;
		e->args = NULL;
		e->nargs = 0;
	}
	e->line = line;
	e->column = column;
	e->seq = d->n;
	d->n++;
	return;
fail:
	tdm_buf_release(&msg);
	d->failed = 1;
	d->dropped++;
}

size_t
tdm_diag_count(const struct tdm_diags *d)
{
	return d->n + d->dropped;
}

void
tdm_diags_free(struct tdm_diags *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].source);
		free(d->v[i].message);
		free(d->v[i].code);
		args_free(d->v[i].args, d->v[i].nargs);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->alloc = d->dropped = 0;
	d->failed = 0;
}

static int
by_position(const void *a, const void *b)
{
	const struct tdm_diag	*x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	/* qsort is not stable: the order of addition breaks ties. */
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
tdm_diags_sort(struct tdm_diags *d)
{
	if (d->n > 1)
		qsort(d->v, d->n, sizeof(*d->v), by_position);
}

/*
 * Read the conversion at *fmt, which points at a '%', and move past it.
 * Returns 0, or -1 on a conversion this module does not know (%n, or a
 * malformed one).
 */
static int
spec_next(const char **fmt, struct spec *sp)
{
	const char	*p = *fmt + 1;
	size_t		 nf = 0;
	int		 n;

	memset(sp, 0, sizeof(*sp));
	sp->width = sp->prec = -1;
	if (*p >= '1' && *p <= '9') {
		for (n = 0; *p >= '0' && *p <= '9' && n < 1000; p++)
			n = n * 10 + (*p - '0');
		if (*p == '$') {
			sp->pos = n;
			p++;
		} else
			p = *fmt + 1;
	}
	while (*p != '\0' && strchr("-+ #0'", *p) != NULL) {
		if (nf + 1 < sizeof(sp->flags))
			sp->flags[nf++] = *p;
		p++;
	}
	if (*p == '*') {
		sp->width = -2;
		p++;
	} else if (*p >= '0' && *p <= '9')
		for (sp->width = 0; *p >= '0' && *p <= '9' && sp->width < 1000;
		    p++)
			sp->width = sp->width * 10 + (*p - '0');
	if (*p == '.') {
		p++;
		if (*p == '*') {
			sp->prec = -2;
			p++;
		} else
			for (sp->prec = 0; *p >= '0' && *p <= '9' &&
			    sp->prec < 1000; p++)
				sp->prec = sp->prec * 10 + (*p - '0');
	}
	if ((p[0] == 'h' && p[1] == 'h') || (p[0] == 'l' && p[1] == 'l')) {
		sp->len[0] = p[0];
		sp->len[1] = p[1];
		p += 2;
	} else if (*p != '\0' && strchr("hljztLq", *p) != NULL)
		sp->len[0] = *p++;
	if (*p == '\0' || strchr("diouxXcsfFeEgGaAp%", *p) == NULL)
		return -1;
	sp->conv = *p++;
	*fmt = p;
	return 0;
}

/* The kind of argument a conversion reads: see struct tdm_diag_arg. */
static char
spec_kind(const struct spec *sp)
{
	switch (sp->conv) {
	case 'd':
	case 'i':
	case 'c':
		return 'i';
	case 'o':
	case 'u':
	case 'x':
	case 'X':
		return 'u';
	case 's':
		return 's';
	case 'p':
		return 'p';
	case '%':
		return '%';
	default:
		return 'f';
	}
}

static void
args_free(struct tdm_diag_arg *a, size_t n)
{
	size_t	 i;

	for (i = 0; a != NULL && i < n; i++)
		if (a[i].kind == 's')
			free(a[i].v.s);
	free(a);
}

/* A signed integer argument of the C type a length modifier names. */
static long long
arg_signed(const struct spec *sp, va_list *ap)
{
	if (strcmp(sp->len, "ll") == 0)
		return va_arg(*ap, long long);
	if (strcmp(sp->len, "l") == 0)
		return va_arg(*ap, long);
	if (strcmp(sp->len, "j") == 0)
		return (long long)va_arg(*ap, intmax_t);
	if (strcmp(sp->len, "z") == 0)
		return (long long)va_arg(*ap, size_t);
	if (strcmp(sp->len, "t") == 0)
		return (long long)va_arg(*ap, ptrdiff_t);
	return va_arg(*ap, int);
}

static unsigned long long
arg_unsigned(const struct spec *sp, va_list *ap)
{
	if (strcmp(sp->len, "ll") == 0)
		return va_arg(*ap, unsigned long long);
	if (strcmp(sp->len, "l") == 0)
		return va_arg(*ap, unsigned long);
	if (strcmp(sp->len, "j") == 0)
		return (unsigned long long)va_arg(*ap, uintmax_t);
	if (strcmp(sp->len, "z") == 0)
		return va_arg(*ap, size_t);
	if (strcmp(sp->len, "t") == 0)
		return (unsigned long long)va_arg(*ap, ptrdiff_t);
	return va_arg(*ap, unsigned int);
}

/*
 * Keep fmt and a copy of its arguments in e, reading them from ap the
 * way printf does.  Positional formats (%1$s) are not captured: the
 * library writes its messages in order; translations may reorder.
 * Returns -1 when nothing is kept (no memory, or a format not known).
 */
static int
capture(struct tdm_diag *e, const char *fmt, va_list ap)
{
	struct tdm_diag_arg	*a;
	struct spec		 sp;
	const char		*p = fmt, *s;
	size_t			 n = 0, len;
	va_list			 aq;
	int			 prec = -1, ok = 0;

	e->code = NULL;
	e->args = NULL;
	e->nargs = 0;
	if ((a = calloc(DIAG_MAXARGS, sizeof(*a))) == NULL)
		return -1;
	va_copy(aq, ap);
	while ((p = strchr(p, '%')) != NULL) {
		if (spec_next(&p, &sp) == -1 || sp.pos != 0)
			goto bad;
		if (sp.conv == '%')
			continue;
		if (n + 3 > DIAG_MAXARGS)
			goto bad;
		if (sp.width == -2) {
			a[n].kind = '*';
			a[n++].v.i = va_arg(aq, int);
		}
		prec = sp.prec;
		if (sp.prec == -2) {
			a[n].kind = '*';
			prec = va_arg(aq, int);
			a[n++].v.i = prec;
		}
		a[n].kind = spec_kind(&sp);
		switch (a[n].kind) {
		case 'i':
			a[n].v.i = arg_signed(&sp, &aq);
			break;
		case 'u':
			a[n].v.u = arg_unsigned(&sp, &aq);
			break;
		case 'p':
			a[n].v.p = va_arg(aq, void *);
			break;
		case 'f':
			if (strcmp(sp.len, "L") == 0)
				goto bad;
			a[n].v.f = va_arg(aq, double);
			break;
		default:
			s = va_arg(aq, const char *);
			if (s == NULL)
				s = "(null)";
			len = prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
			n++;
			if ((a[n - 1].v.s = strndup(s, len)) == NULL) {
				a[n - 1].kind = 0;
				goto bad;
			}
			continue;
		}
		n++;
	}
	if ((e->code = strdup(fmt)) == NULL)
		goto bad;
	e->args = a;
	e->nargs = n;
	ok = 1;
bad:
	va_end(aq);
	if (!ok)
		args_free(a, n);
	return ok ? 0 : -1;
}

/* The catalogue's entries in (context, msgid) order, sorted once. */
static const struct tdm_cat_entry	**cat_index;
static pthread_once_t			  cat_once = PTHREAD_ONCE_INIT;

static int
cat_cmp(const char *actx, const char *aid, const char *bctx, const char *bid)
{
	int	 c;

	if ((c = strcmp(actx ? actx : "", bctx ? bctx : "")) != 0)
		return c;
	return strcmp(aid, bid);
}

static int
cat_sort_cmp(const void *a, const void *b)
{
	const struct tdm_cat_entry	*x = *(const struct tdm_cat_entry *
					    const *)a;
	const struct tdm_cat_entry	*y = *(const struct tdm_cat_entry *
					    const *)b;

	return cat_cmp(x->ctx, x->id, y->ctx, y->id);
}

/*
 * The generated table is sorted by its script already, but the inttypes
 * macros (PRId64) expand per platform: sort once here rather than trust
 * the order.  Without memory the catalogue is searched in order.
 */
static void
cat_build(void)
{
	const struct tdm_cat_entry	**v;
	size_t				  i;

	if ((v = calloc(tdm_catalogue_n + 1, sizeof(void *))) == NULL)
		return;
	for (i = 0; i < tdm_catalogue_n; i++)
		v[i] = &tdm_catalogue[i];
	qsort(v, tdm_catalogue_n, sizeof(void *), cat_sort_cmp);
	cat_index = v;
}

struct cat_key {
	const char	*ctx;
	const char	*id;
};

static int
cat_find_cmp(const void *k, const void *e)
{
	const struct cat_key		*key = k;
	const struct tdm_cat_entry	*x = *(const struct tdm_cat_entry *
					    const *)e;

	return cat_cmp(key->ctx, key->id, x->ctx, x->id);
}

static const struct tdm_cat_entry *
cat_find(const char *ctx, const char *id)
{
	const struct tdm_cat_entry	*const *hit;
	struct cat_key			 key = { ctx, id };
	size_t				 i;

	(void)pthread_once(&cat_once, cat_build);
	if (cat_index != NULL) {
		hit = bsearch(&key, cat_index, tdm_catalogue_n,
		    sizeof(void *), cat_find_cmp);
		return hit != NULL ? *hit : NULL;
	}
	for (i = 0; i < tdm_catalogue_n; i++)
		if (cat_cmp(ctx, id, tdm_catalogue[i].ctx,
		    tdm_catalogue[i].id) == 0)
			return &tdm_catalogue[i];
	return NULL;
}

const char *
tdm_tr_lookup(enum tdm_lang lang, const char *ctx, const char *msgid)
{
	const struct tdm_cat_entry	*e;

	if ((e = cat_find(ctx, msgid)) == NULL)
		return NULL;
	return lang == TDM_LANG_FR ? e->fr : e->en;
}

int
tdm_catalogue_entry(size_t i, const char **ctx, const char **msgid,
    const char **fr, const char **en)
{
	if (i >= tdm_catalogue_n)
		return 0;
	*ctx = tdm_catalogue[i].ctx;
	*msgid = tdm_catalogue[i].id;
	*fr = tdm_catalogue[i].fr;
	*en = tdm_catalogue[i].en;
	return 1;
}

enum tdm_lang
tdm_lang_code(const char *s)
{
	return s != NULL && (s[0] == 'f' || s[0] == 'F') &&
	    (s[1] == 'r' || s[1] == 'R') ? TDM_LANG_FR : TDM_LANG_EN;
}

enum tdm_lang
tdm_lang_env(void)
{
	static const char	*vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char		*v;
	size_t			 i;

	/* The first one set wins, as setlocale(3) reads them. */
	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		if ((v = getenv(vars[i])) != NULL && *v != '\0')
			return tdm_lang_code(v);
	return TDM_LANG_EN;
}

/*
 * A date or a time the library wrote, in the reader's form: yyyy-mm-dd
 * as dd/mm/yyyy, "yyyy-mm-dd hh:mm" (Paris time already) as "dd/mm/yyyy
 * hh:mm", and a UTC timestamp yyyy-mm-ddThh:mm:ssZ in Paris time.
 * Returns 0 when s is none of these.
 */
static int
date_render(const char *s, char *buf, size_t size)
{
	char	 day[11], clock[6];
	int	 y, m, d, hh = 0, mm = 0, ss = 0, off;
	long	 days;
	long long t;
	size_t	 len = strlen(s);

	if (len < 10)
		return 0;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (date_parse(day, &y, &m, &d) != 0)
		return 0;
	if (len == 10) {
		snprintf(buf, size, "%02d/%02d/%04d", d, m, y);
		return 1;
	}
	if (len == 16 && s[10] == ' ' && time_parse(s + 11, &hh, &mm) == 0) {
		snprintf(buf, size, "%02d/%02d/%04d %02d:%02d", d, m, y, hh,
		    mm);
		return 1;
	}
	memcpy(clock, s + 11, 5);
	clock[5] = '\0';
	if (len == 20 && s[10] == 'T' && s[19] == 'Z' && s[16] == ':' &&
	    time_parse(clock, &hh, &mm) == 0 && s[17] >= '0' &&
	    s[17] <= '5' && s[18] >= '0' && s[18] <= '9') {
		ss = (s[17] - '0') * 10 + (s[18] - '0');
		/* The EU rule: summer time from the last Sunday of March
		 * to the last Sunday of October, both at 01:00 UTC. */
		days = date_days(y, m, d);
		t = (long long)days * 86400 + hh * 3600 + mm * 60 + ss;
		off = 3600;
		{
			long	 spring, autumn, wd;

			spring = date_days(y, 3, 31);
			wd = ((spring + 4) % 7 + 7) % 7;
			spring -= wd;
			autumn = date_days(y, 10, 31);
			wd = ((autumn + 4) % 7 + 7) % 7;
			autumn -= wd;
			if (t >= (long long)spring * 86400 + 3600 &&
			    t < (long long)autumn * 86400 + 3600)
				off = 7200;
		}
		t += off;
		days = (long)(t / 86400);
		date_civil(days, &y, &m, &d);
		t %= 86400;
		snprintf(buf, size, "%02d/%02d/%04d %02d:%02d", d, m, y,
		    (int)(t / 3600), (int)(t % 3600 / 60));
		return 1;
	}
	return 0;
}

/*
 * Whether the nth conversion of code is quoted ("%s"): the value as the
 * person typed it, which is shown as it is: a date is not reformatted,
 * a matricule not turned into a name (what was typed reveals nothing),
 * a word not translated.
 */
static int
quoted(const char *code, size_t nth)
{
	struct spec	 sp;
	const char	*p = code, *at;
	size_t		 k = 0;

	if (code == NULL)
		return 0;
	while ((at = strchr(p, '%')) != NULL) {
		p = at;
		if (spec_next(&p, &sp) == -1)
			return 0;
		if (sp.conv != '%' && ++k == nth)
			return at > code && at[-1] == '"';
	}
	return 0;
}

/* An unquoted text argument: a date, a person, a word. */
static const char *
text_word(const struct tdm_render *ro, const char *code, size_t nth,
    const char *s, char *buf, size_t size)
{
	struct tdm_buf	 ctx = TDM_BUF_INIT;
	const char	*w = NULL;

	if (date_render(s, buf, size))
		return buf;
	if (ro->name != NULL && ro->name(ro->arg, s, buf, size))
		return buf;
	if (ro->lang != TDM_LANG_FR)
		return s;
	if (code != NULL) {
		tdm_buf_addf(&ctx, "%s#%zu", code, nth);
		if (!ctx.failed)
			w = tdm_tr_lookup(ro->lang, ctx.buf, s);
		tdm_buf_release(&ctx);
	}
	if (w == NULL)
		w = tdm_tr_lookup(ro->lang, "word", s);
	return w != NULL ? w : s;
}

/*
 * A text argument as the reader sees it: a date in the reader's form, a
 * person by name, a word (a state, a role, a weekday) translated.  A
 * word may be translated for one message alone, in the context "MSGID#N"
 * for the message's N-th conversion (the verb "open" and the state
 * "open" differ in French); "word" otherwise.
 */
static void
text_render(struct tdm_buf *out, const struct tdm_render *ro,
    const char *code, size_t nth, const char *spec, const char *s)
{
	char		 buf[256];

	if (ro->lang == TDM_LANG_EN && !(ro->flags & TDM_RENDER_WEB)) {
		tdm_buf_addf(out, spec, s);
		return;
	}
	if (!quoted(code, nth))
		s = text_word(ro, code, nth, s, buf, sizeof(buf));
	tdm_buf_addf(out, spec, s);
}

/*
 * Render fmt with the arguments a, of kinds matching fmt's conversions.
 * Returns -1, leaving out as it was, when they do not match: the caller
 * falls back on the English text.
 */
static int
render_with(struct tdm_buf *out, const struct tdm_render *ro,
    const char *code, const char *fmt, const struct tdm_diag_arg *a,
    size_t na)
{
	struct spec	 sp;
	const char	*p = fmt, *q;
	char		 spec[48];
	size_t		 next = 0, at, nth, start = out->len;
	int		 width, prec;

	while ((q = strchr(p, '%')) != NULL) {
		tdm_buf_add(out, p, (size_t)(q - p));
		p = q;
		if (spec_next(&p, &sp) == -1)
			goto bad;
		if (sp.conv == '%') {
			tdm_buf_addch(out, '%');
			continue;
		}
		width = sp.width;
		prec = sp.prec;
		if (sp.pos != 0) {
			/* Positional: the n-th value, no '*'. */
			if (sp.width == -2 || sp.prec == -2)
				goto bad;
			at = 0;
			for (next = 0; next < na; next++)
				if (a[next].kind != '*' &&
				    ++at == (size_t)sp.pos)
					break;
		} else {
			if (sp.width == -2) {
				if (next >= na || a[next].kind != '*')
					goto bad;
				width = (int)a[next++].v.i;
			}
			if (sp.prec == -2) {
				if (next >= na || a[next].kind != '*')
					goto bad;
				prec = (int)a[next++].v.i;
			}
		}
		if (next >= na || a[next].kind != spec_kind(&sp))
			goto bad;
		snprintf(spec, sizeof(spec), "%%%s%.0d%s%.0d%s%c", sp.flags,
		    width > 0 ? width : 0, prec >= 0 ? "." : "",
		    prec > 0 ? prec : 0,
		    a[next].kind == 'i' || a[next].kind == 'u' ? "ll" : "",
		    sp.conv == 'c' ? 'c' : sp.conv);
		switch (a[next].kind) {
		case 'i':
			if (sp.conv == 'c')
				tdm_buf_addch(out, (int)a[next].v.i);
			else
				tdm_buf_addf(out, spec, a[next].v.i);
			break;
		case 'u':
			tdm_buf_addf(out, spec, a[next].v.u);
			break;
		case 'f':
			tdm_buf_addf(out, spec, a[next].v.f);
			break;
		case 'p':
			tdm_buf_addf(out, spec, a[next].v.p);
			break;
		default:
			/* The conversion's rank in the English format. */
			for (nth = 1, at = 0; at < next; at++)
				nth += a[at].kind != '*';
			text_render(out, ro, code, nth, spec, a[next].v.s);
			break;
		}
		next++;
	}
	tdm_buf_adds(out, p);
	return 0;
bad:
	tdm_buf_truncate(out, start);
	return -1;
}

/* The translation of a code for this renderer, or NULL. */
static const char *
translation(const struct tdm_render *ro, const char *code)
{
	const char	*t = NULL;

	if (ro->flags & TDM_RENDER_WEB)
		t = tdm_tr_lookup(ro->lang, "web", code);
	if (t == NULL && (ro->flags & TDM_RENDER_CLI))
		t = tdm_tr_lookup(ro->lang, "cli", code);
	if (t == NULL && ro->lang == TDM_LANG_FR)
		t = tdm_tr_lookup(ro->lang, NULL, code);
	return t;
}

void
tdm_diag_render(struct tdm_buf *out, const struct tdm_diag *e,
    const struct tdm_render *ro)
{
	const char	*t;

	if (e->code != NULL) {
		if ((t = translation(ro, e->code)) != NULL &&
		    render_with(out, ro, e->code, t, e->args, e->nargs) == 0)
			return;
		/* English on a page still gets its dates and names. */
		if ((ro->flags & TDM_RENDER_WEB) || ro->lang == TDM_LANG_FR)
			if (render_with(out, ro, e->code, e->code, e->args,
			    e->nargs) == 0)
				return;
	}
	tdm_buf_adds(out, e->message);
}

void
tdm_trf(struct tdm_buf *out, const struct tdm_render *ro, const char *fmt,
    ...)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	va_list			 ap;

	va_start(ap, fmt);
	tdm_diag_vadd(&d, NULL, 0, 0, fmt, ap);
	va_end(ap);
	if (d.n == 1)
		tdm_diag_render(out, &d.v[0], ro);
	tdm_diags_free(&d);
}

/* A piece of text a conversion matched in tdm_tr_text(). */
struct piece {
	char		 kind;	/* 's', 'i', 'u' or '*' */
	const char	*at;
	size_t		 len;
};

/*
 * Whether text matches fmt entirely, the conversions capturing pieces
 * (at most DIAG_MAXARGS): text is shortest first and backtracks; numbers
 * take every digit.  Returns the number of pieces, or -1.
 */
static int
match(const char *fmt, const char *text, struct piece *pc, int n)
{
	struct spec	 sp;
	const char	*p = fmt, *t = text;
	size_t		 len, max;
	int		 r;

	for (;;) {
		if (*p == '\0')
			return *t == '\0' ? n : -1;
		if (*p != '%') {
			if (*p++ != *t++)
				return -1;
			continue;
		}
		if (spec_next(&p, &sp) == -1 || sp.pos != 0 || sp.width != -1)
			return -1;
		if (sp.conv == '%') {
			if (*t++ != '%')
				return -1;
			continue;
		}
		if (n + 2 > DIAG_MAXARGS)
			return -1;
		switch (spec_kind(&sp)) {
		case 'i':
		case 'u':
			len = (*t == '-' && spec_kind(&sp) == 'i') ? 1 : 0;
			if (sp.conv != 'd' && sp.conv != 'i' && sp.conv != 'u')
				return -1;
			while (t[len] >= '0' && t[len] <= '9')
				len++;
			if (len == 0 || (len == 1 && *t == '-'))
				return -1;
			pc[n].kind = spec_kind(&sp);
			pc[n].at = t;
			pc[n++].len = len;
			t += len;
			continue;
		case 's':
			max = strlen(t);
			if (sp.prec >= 0 && (size_t)sp.prec < max)
				max = (size_t)sp.prec;
			for (len = 1; len <= max; len++) {
				pc[n].kind = sp.prec == -2 ? '*' : 's';
				pc[n].at = t;
				pc[n].len = len;
				if (sp.prec == -2)
					pc[n + 1] = pc[n];
				pc[n + (sp.prec == -2)].kind = 's';
				r = match(p, t + len, pc, n + 1 +
				    (sp.prec == -2));
				if (r != -1)
					return r;
			}
			return -1;
		default:
			return -1;
		}
	}
}

/*
 * Append text translated by the one catalogue format it matches whole;
 * returns 0, or -1 (out as it was) when none does.
 */
static int
tr_exact(struct tdm_buf *out, const struct tdm_render *ro, const char *text)
{
	struct piece			 pc[DIAG_MAXARGS], best[DIAG_MAXARGS];
	struct tdm_diag_arg		 a[DIAG_MAXARGS];
	const struct tdm_cat_entry	*e, *hit = NULL;
	const char			*t, *q;
	size_t				 i, lit, bestlit = 0;
	int				 n, nbest = 0, ok = 0;

	/* The most specific format wins: the most text of its own. */
	for (i = 0; i < tdm_catalogue_n; i++) {
		e = &tdm_catalogue[i];
		if (e->ctx != NULL || e->fr == NULL ||
		    (n = match(e->id, text, pc, 0)) == -1)
			continue;
		for (lit = 0, q = e->id; *q != '\0'; q++)
			lit += *q != '%';
		/* "%s" alone says nothing: it would match any text. */
		if (lit <= 1)
			continue;
		if (hit == NULL || lit > bestlit) {
			hit = e;
			bestlit = lit;
			nbest = n;
			memcpy(best, pc, sizeof(pc[0]) * (size_t)n);
		}
	}
	if (hit == NULL || (t = translation(ro, hit->id)) == NULL)
		return -1;
	memset(a, 0, sizeof(a));
	for (n = 0; n < nbest; n++) {
		a[n].kind = best[n].kind;
		if (best[n].kind == 's') {
			if ((a[n].v.s = strndup(best[n].at, best[n].len)) ==
			    NULL)
				goto done;
		} else if (best[n].kind == '*')
			a[n].v.i = (long long)best[n].len;
		else if (best[n].kind == 'i')
			a[n].v.i = strtoll(best[n].at, NULL, 10);
		else
			a[n].v.u = strtoull(best[n].at, NULL, 10);
	}
	ok = render_with(out, ro, hit->id, t, a, (size_t)nbest) == 0;
done:
	for (n = 0; n < nbest; n++)
		if (a[n].kind == 's')
			free(a[n].v.s);
	return ok ? 0 : -1;
}


/* tr_exact() of text[0, len). */
static int
tr_span(struct tdm_buf *out, const struct tdm_render *ro, const char *text,
    size_t len)
{
	char	*s;
	int	 rc;

	if ((s = strndup(text, len)) == NULL)
		return -1;
	rc = tr_exact(out, ro, s);
	free(s);
	return rc;
}

/* An item of a list: a whole format, or "WORDS N", a count after words
 * the catalogue knows (the unmatched reasons' "direction rule 3"). */
static int
tr_item(struct tdm_buf *out, const struct tdm_render *ro, const char *text,
    size_t len)
{
	size_t	 sp, start = out->len;

	if (tr_span(out, ro, text, len) == 0)
		return 0;
	for (sp = len; sp > 0 && text[sp - 1] >= '0' && text[sp - 1] <= '9';
	    sp--)
		;
	if (sp == len || sp < 2 || text[sp - 1] != ' ' ||
	    tr_span(out, ro, text, sp - 1) == -1) {
		tdm_buf_truncate(out, start);
		return -1;
	}
	tdm_buf_add(out, text + sp - 1, len - sp + 1);
	return 0;
}

/*
 * A text made of the catalogue's pieces, "HEAD: ITEM, ITEM, ...
 * (NOTE)", as the matcher says why a mentee waits.  An item may itself
 * hold ", ": the longest item the catalogue knows is taken first.
 */
static int
tr_compound(struct tdm_buf *out, const struct tdm_render *ro,
    const char *text)
{
	const char	*colon, *p, *end, *note = NULL, *q, *best;
	size_t		 len = strlen(text);

	if ((colon = strstr(text, ": ")) == NULL ||
	    tr_span(out, ro, text, (size_t)(colon - text)) == -1)
		return -1;
	tdm_buf_adds(out, ro->lang == TDM_LANG_FR ? " : " : ": ");
	end = text + len;
	if (len > 0 && text[len - 1] == ')' && (q = strstr(colon, " (")) !=
	    NULL) {
		note = q + 2;
		end = q;
	}
	for (p = colon + 2; p < end; ) {
		/* Candidates: the end, then each ", " from the right. */
		for (best = end; best > p; ) {
			if (tr_item(out, ro, p, (size_t)(best - p)) == 0)
				break;
			for (q = best - 1; q > p && strncmp(q, ", ", 2) != 0;
			    q--)
				;
			best = q;
		}
		if (best <= p)
			return -1;
		p = best;
		if (p < end) {
			tdm_buf_adds(out, ", ");
			p += 2;
		}
	}
	if (note != NULL) {
		tdm_buf_adds(out, " (");
		if (tr_span(out, ro, note, (size_t)(text + len - 1 - note)) ==
		    -1)
			return -1;
		tdm_buf_adds(out, ")");
	}
	return 0;
}

void
tdm_tr_text(struct tdm_buf *out, const struct tdm_render *ro,
    const char *text)
{
	size_t	 start = out->len;

	if (ro->lang != TDM_LANG_EN && (tr_exact(out, ro, text) == 0 ||
	    tr_compound(out, ro, text) == 0))
		return;
	tdm_buf_truncate(out, start);
	tdm_buf_adds(out, text);
}

/*
 * Render catalogue entry i in lang with made-up arguments of the kinds
 * its msgid reads (text "x", numbers 7), for the test that every entry
 * renders in both languages.  Returns -1 when the entry has no text in
 * that language or its conversions do not match the msgid's.
 */
int
tdm_catalogue_render(size_t i, enum tdm_lang lang, unsigned flags,
    struct tdm_buf *out)
{
	const struct tdm_cat_entry	*e;
	struct tdm_diag_arg		 a[DIAG_MAXARGS];
	struct tdm_render		 ro = { lang, flags, NULL, NULL };
	struct spec			 sp;
	const char			*p, *t;
	size_t				 n = 0;
	char				 x[] = "x";

	if (i >= tdm_catalogue_n)
		return -1;
	e = &tdm_catalogue[i];
	if ((t = lang == TDM_LANG_FR ? e->fr : e->en) == NULL)
		return -1;
	/* A word is no format; the CLI's words (context "cli") are. */
	if (e->ctx != NULL && strcmp(e->ctx, "web") != 0 &&
	    strcmp(e->ctx, "cli") != 0) {
		tdm_buf_adds(out, t);
		return 0;
	}
	memset(a, 0, sizeof(a));
	for (p = e->id; (p = strchr(p, '%')) != NULL; ) {
		if (spec_next(&p, &sp) == -1 || n + 3 > DIAG_MAXARGS)
			return -1;
		if (sp.conv == '%')
			continue;
		if (sp.width == -2)
			a[n++] = (struct tdm_diag_arg){ '*', { .i = 3 } };
		if (sp.prec == -2)
			a[n++] = (struct tdm_diag_arg){ '*', { .i = 1 } };
		a[n].kind = spec_kind(&sp);
		if (a[n].kind == 's')
			a[n].v.s = x;
		else if (a[n].kind == 'f')
			a[n].v.f = 7;
		else
			a[n].v.i = 7;
		n++;
	}
	return render_with(out, &ro, e->id, t, a, n);
}

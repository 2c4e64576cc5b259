/*
 * HTML output for the browser UI: a formatter that escapes by default,
 * the page layout, and form input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

/*
 * The diagnostics page_diags() last showed on this thread's page, so
 * that the form below them marks the fields they name (field_aria()).
 */
static _Thread_local const struct tdm_diags *shown;

/* Escape s, or its first max bytes (a precision, as printf's %.Ns). */
static void
escape(struct tdm_buf *b, const char *s, size_t max)
{
	const char	*run = s, *end = s + strnlen(s, max);

	for (; s < end; s++) {
		const char *rep;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		tdm_buf_add(b, run, (size_t)(s - run));
		tdm_buf_adds(b, rep);
		run = s + 1;
	}
	tdm_buf_add(b, run, (size_t)(s - run));
}

/*
 * The conversion at *p (just after a '%') into spec, and the letter that
 * ends it; 0 if it is not one H() knows: flags, a width and a precision
 * written as digits, the lengths hh, h, l, ll, z, j, t.  The compiler has
 * checked the format against the arguments, as for printf.
 */
static int
conversion(const char **p, char *spec, size_t cap, char *len)
{
	const char	*s = *p;
	size_t		 n;

	s += strspn(s, "-+ #0");
	s += strspn(s, "0123456789");
	if (*s == '.') {
		s++;
		s += strspn(s, "0123456789");
	}
	n = strspn(s, "hlzjt");
	if (n > 2)
		return 0;
	memcpy(len, s, n);
	len[n] = '\0';
	s += n;
	if (*s == '\0' || strchr("diouxXcs%", *s) == NULL ||
	    (size_t)(s - *p) + 3 > cap)
		return 0;
	spec[0] = '%';
	memcpy(spec + 1, *p, (size_t)(s - *p) + 1);
	spec[s - *p + 2] = '\0';
	*p = s;
	return *s;
}

/* The precision of a %s spec ("%.4s"), or SIZE_MAX without one. */
static size_t
precision(const char *spec)
{
	const char	*dot = strchr(spec, '.');

	return dot != NULL ? (size_t)strtoul(dot + 1, NULL, 10) : SIZE_MAX;
}

/* Append one number converted by spec, read with its length. */
static void
number(struct tdm_buf *b, const char *spec, int c, const char *len,
    va_list *ap)
{
	int	 u = strchr("ouxX", c) != NULL;

	if (c == 'c' || strcmp(len, "h") == 0 || strcmp(len, "hh") == 0 ||
	    *len == '\0') {
		if (u)
			tdm_buf_addf(b, spec, va_arg(*ap, unsigned int));
		else
			tdm_buf_addf(b, spec, va_arg(*ap, int));
	} else if (strcmp(len, "l") == 0) {
		if (u)
			tdm_buf_addf(b, spec, va_arg(*ap, unsigned long));
		else
			tdm_buf_addf(b, spec, va_arg(*ap, long));
	} else if (strcmp(len, "ll") == 0) {
		if (u)
			tdm_buf_addf(b, spec, va_arg(*ap, unsigned long long));
		else
			tdm_buf_addf(b, spec, va_arg(*ap, long long));
	} else if (strcmp(len, "z") == 0)
		tdm_buf_addf(b, spec, va_arg(*ap, size_t));
	else if (strcmp(len, "j") == 0)
		tdm_buf_addf(b, spec, va_arg(*ap, intmax_t));
	else
		tdm_buf_addf(b, spec, va_arg(*ap, ptrdiff_t));
}

void
H(struct req *r, const char *fmt, ...)
{
	struct tdm_buf	*b = &r->out;
	const char	*p, *s;
	char		 spec[32], len[3];
	va_list		 ap;
	int		 c;

	va_start(ap, fmt);
	for (p = fmt; *p != '\0'; p++) {
		if (*p != '%') {
			s = strchr(p, '%');
			if (s == NULL)
				s = p + strlen(p);
			tdm_buf_add(b, p, (size_t)(s - p));
			p = s - 1;
			continue;
		}
		p++;
		switch ((c = conversion(&p, spec, sizeof(spec), len))) {
		case 's':
			/* Text, never markup: Hraw() is for markup.  A
			 * precision keeps that many bytes, as printf does. */
			s = va_arg(ap, const char *);
			escape(b, s ? s : "", precision(spec));
			break;
		case '%':
			tdm_buf_addch(b, '%');
			break;
		case 0:		/* a format the compiler let by: show it */
			tdm_buf_adds(b, "%?");
			if (*p == '\0')
				p--;
			break;
		default:
			number(b, spec, c, len, &ap);
			break;
		}
	}
	va_end(ap);
}

void
Hraw(struct req *r, const char *markup)
{
	tdm_buf_adds(&r->out, markup);
}

const char *
L(const struct req *r, const char *fr, const char *en)
{
	return strcmp(r->lang, "en") == 0 ? en : fr;
}

void
csrf_field(struct req *r)
{
	H(r, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">",
	    r->who.csrf);
}

static void
role_badges(struct req *r)
{
	static const struct {
		unsigned	 bit;
		const char	*fr, *en;
	} roles[] = {
		{ 1u << TDM_ROLE_MANAGER, "responsable de programme",
		    "programme manager" },
		{ 1u << TDM_ROLE_SPONSOR, "sponsor", "sponsor" },
		{ 1u << TDM_ROLE_ADMIN, "administration", "admin" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (r->who.actor.roles & roles[i].bit)
			H(r, " <span class=\"badge\">%s</span>",
			    L(r, roles[i].fr, roles[i].en));
	if (r->who.actor.coach_id)
		H(r, " <span class=\"badge\">%s</span>",
		    L(r, "coach externe", "external coach"));
}

void
page_begin(struct req *r, int status, const char *title)
{
	int	 manager = r->who.actor.roles & (1u << TDM_ROLE_MANAGER);
	int	 admin = r->who.actor.roles & (1u << TDM_ROLE_ADMIN);

	shown = NULL;
	r->status = status;
	r->ctype = "text/html; charset=utf-8";
	tdm_buf_reset(&r->out);
	H(r, "<!doctype html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n", r->lang);
	if (r->signed_in)
		H(r, "<meta name=\"csrf\" content=\"%s\">\n", r->who.csrf);
	H(r, "<title>%s · Tandem</title>\n"
	    "<link rel=\"stylesheet\" href=\"/static/app.css\">\n"
	    "<script src=\"/static/app.js\" defer></script>\n</head>\n<body>\n"
	    "<a class=\"skip\" href=\"#main\">%s</a>\n<header class=\"top\">"
	    "<a class=\"brand\" href=\"/\">Tandem</a>\n", title,
	    L(r, "Aller au contenu", "Skip to content"));
	if (r->signed_in) {
		H(r, "<nav aria-label=\"%s\"><ul><li><a href=\"/\">%s</a></li>",
		    L(r, "Navigation principale", "Main navigation"),
		    L(r, "Accueil", "Home"));
		if (manager)
			H(r, "<li><a href=\"/roster\">%s</a></li>"
			    "<li><a href=\"/programmes/new\">%s</a></li>",
			    L(r, "Effectif", "Roster"),
			    L(r, "Nouveau programme", "New programme"));
		if (manager || admin)
			H(r, "<li><a href=\"/people\">%s</a></li>",
			    L(r, "Personnes", "People"));
		/* The outbox, for those who may read it (issue 13). */
		if (manager || admin)
			H(r, "<li><a href=\"/admin/mail\">%s</a></li>",
			    L(r, "Messages envoyés", "Messages sent"));
		/* The audit log, the admin's. */
		if (admin)
			H(r, "<li><a href=\"/admin/audit\">%s</a></li>",
			    L(r, "Journal d'audit", "Audit log"));
		H(r, "</ul></nav>\n<div class=\"who\"><span>%s</span>",
		    r->who.display);
		H(r, "<a href=\"/account\">%s</a>",
		    L(r, "Mon compte", "My account"));
		role_badges(r);
		H(r, "<form method=\"post\" action=\"/lang\" class=\"inline\">");
		csrf_field(r);
		H(r, "<input type=\"hidden\" name=\"back\" value=\"%s\">",
		    r->path);
		H(r, "<input type=\"hidden\" name=\"lang\" value=\"%s\">"
		    "<button class=\"link\" type=\"submit\" lang=\"%s\">%s"
		    "</button></form>", L(r, "en", "fr"), L(r, "en", "fr"),
		    L(r, "English", "Français"));
		H(r, "<form method=\"post\" action=\"/logout\" "
		    "class=\"inline\">");
		csrf_field(r);
		H(r, "<button class=\"link\" type=\"submit\">%s</button>"
		    "</form></div>", L(r, "Se déconnecter", "Sign out"));
	}
	H(r, "</header>\n<main id=\"main\">\n<h1>%s</h1>\n", title);
	/* The result of an act whose page is gone (a deleted draft). */
	if (strcmp(r->path, "/") == 0 && query(r, "done") != NULL &&
	    strcmp(query(r, "done"), "deleted") == 0)
		H(r, "<div class=\"notice\" role=\"status\">%s</div>\n",
		    L(r, "Brouillon supprimé.", "Draft deleted."));
}

void
page_end(struct req *r)
{
	shown = NULL;
	H(r, "</main>\n<footer><p>%s</p><p><a href=\"/accessibilite\">%s"
	    "</a></p></footer>\n</body>\n</html>\n",
	    L(r, "Tandem : mentorat inversé. Vos notes personnelles restent "
	    "privées.", "Tandem: reverse mentoring. Your personal notes stay "
	    "private."), L(r, "Accessibilité : partiellement conforme",
	    "Accessibility: partially compliant"));
}


/* Whether a diagnostic's field names the form field name ("end" names
 * "end_date", "comments-days" names "comments_days"). */
static int
names_field(const char *source, const char *name)
{
	size_t	 n = strlen(source);

	if (strncmp(source, "end", 3) == 0 && n == 3)
		return strcmp(name, "end_date") == 0;
	if (strncmp(source, "start", 5) == 0 && n == 5)
		return strcmp(name, "start_date") == 0;
	for (; *source != '\0' && *name != '\0'; source++, name++)
		if (*source != *name && !(*source == '-' && *name == '_'))
			return 0;
	return *source == '\0' && *name == '\0';
}

void
field_aria(struct req *r, const char *name)
{
	size_t	 i;

	for (i = 0; shown != NULL && i < shown->n; i++)
		if (shown->v[i].source != NULL && shown->v[i].line == 0 &&
		    names_field(shown->v[i].source, name)) {
			H(r, " aria-invalid=\"true\" aria-describedby=\"err-%zu\"",
			    i);
			return;
		}
}

void
page_diags(struct req *r, const struct tdm_diags *d)
{
	struct tdm_buf	 t = TDM_BUF_INIT;
	size_t		 i;

	shown = d;
	if (d == NULL || d->n == 0)
		return;
	H(r, "<div class=\"error\" role=\"alert\" id=\"errors\"><p>%s</p><ul>",
	    d->n == 1 ? L(r, "Un problème empêche d'enregistrer :",
	    "One problem prevents saving:") : L(r, "Des problèmes empêchent "
	    "d'enregistrer :", "Problems prevent saving:"));
	for (i = 0; i < d->n; i++) {
		H(r, "<li id=\"err-%zu\"", i);
		if (d->v[i].source != NULL && d->v[i].line)
			H(r, "><code>%s:%zu:%zu</code> ", d->v[i].source,
			    d->v[i].line, d->v[i].column);
		else if (field_label(r, d->v[i].source) != NULL)
			H(r, " data-field=\"%s\"><span class=\"field\">%s"
			    "</span>%s", d->v[i].source,
			    field_label(r, d->v[i].source), L(r, " : ", ": "));
		else if (d->v[i].source != NULL)
			H(r, " data-field=\"%s\"><code>%s</code>%s",
			    d->v[i].source, d->v[i].source, L(r, " : ", ": "));
		else
			H(r, ">");
		tdm_buf_reset(&t);
		diag_text(r, &t, &d->v[i]);
		H(r, "%s</li>", t.failed ? d->v[i].message : t.buf);
	}
	if (d->dropped)
		H(r, "<li>%s</li>", L(r, "… et d'autres problèmes",
		    "… and more problems"));
	H(r, "</ul></div>\n");
	tdm_buf_release(&t);
}

const char *
F(struct req *r, const char *key)
{
	char	*v, **a;
	int	 bad = 0;

	if (r->body == NULL)
		return NULL;
	if (r->nallocs == r->allocsz) {
		a = reallocarray(r->allocs, r->allocsz ? r->allocsz * 2 : 16,
		    sizeof(*a));
		if (a == NULL)
			return NULL;
		r->allocs = a;
		r->allocsz = r->allocsz ? r->allocsz * 2 : 16;
	}
	if ((v = form_get(r->body, r->bodylen, key, &bad)) == NULL)
		return NULL;
	r->allocs[r->nallocs++] = v;
	return v;
}

void
redirect(struct req *r, const char *fmt, ...)
{
	va_list	 ap;
	char	 buf[512];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	free(r->location);
	r->location = strdup(buf);
	r->status = 303;
	r->ctype = "text/plain; charset=utf-8";
	tdm_buf_reset(&r->out);
}

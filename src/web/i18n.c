/*
 * The library's messages on a web page (issue 15, docs/i18n.md): a
 * diagnostic, or a text the library made from one of the catalogue's
 * formats, in the request's language, in a page's wording (no
 * command-line flag), dates as dd/mm/yyyy, people by name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "tandem/tandem.h"
#include "web.h"

struct who_name {
	char	*buf;
	size_t	 size;
	int	 found;
};

static int
got_name(void *arg, const struct tdm_employee *e)
{
	struct who_name	*w = arg;

	snprintf(w->buf, w->size, "%s %s", e->first_name, e->last_name);
	w->found = 1;
	return 1;
}

/*
 * A matricule in a message becomes the person's name.  The message named
 * them already, so the roster is read as the system: a participant sees
 * their partner's name, not only their matricule.  Only a short word
 * that starts with a letter and holds a digit is looked up.
 */
static int
person_name(void *arg, const char *key, char *buf, size_t size)
{
	struct req		*r = arg;
	struct tdm_actor	 sys;
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct who_name		 w = { buf, size, 0 };
	size_t			 len = strlen(key);

	if (r->st == NULL || len == 0 || len > 32 ||
	    strpbrk(key, "0123456789") == NULL ||
	    strpbrk(key, " \"@/:") != NULL)
		return 0;
	tdm_actor_system(&sys);
	(void)tdm_employee_show(r->st, &sys, key, got_name, &w, &d);
	tdm_diags_free(&d);
	return w.found;
}

static void
renderer(struct req *r, struct tdm_render *ro)
{
	memset(ro, 0, sizeof(*ro));
	ro->lang = tdm_lang_code(r->lang);
	ro->flags = TDM_RENDER_WEB;
	ro->name = person_name;
	ro->arg = r;
}

void
diag_text(struct req *r, struct tdm_buf *out, const struct tdm_diag *e)
{
	struct tdm_render	 ro;

	renderer(r, &ro);
	tdm_diag_render(out, e, &ro);
}

void
lib_text(struct req *r, struct tdm_buf *out, const char *text)
{
	struct tdm_render	 ro;

	renderer(r, &ro);
	tdm_tr_text(out, &ro, text);
}

/* The text b holds, kept until the request ends; fallback if it cannot. */
static const char *
keep(struct req *r, struct tdm_buf *b, const char *fallback)
{
	char	*s, **a;

	if (b->failed || r->nallocs == r->allocsz) {
		a = b->failed ? NULL : reallocarray(r->allocs, r->allocsz ?
		    r->allocsz * 2 : 16, sizeof(*a));
		if (a == NULL) {
			tdm_buf_release(b);
			return fallback;
		}
		r->allocs = a;
		r->allocsz = r->allocsz ? r->allocsz * 2 : 16;
	}
	if ((s = tdm_buf_detach(b, NULL)) == NULL)
		return fallback;
	r->allocs[r->nallocs++] = s;
	return s;
}

const char *
lib_texts(struct req *r, const char *text)
{
	struct tdm_buf	 b = TDM_BUF_INIT;

	if (text == NULL)
		return NULL;
	lib_text(r, &b, text);
	return keep(r, &b, text);
}

const char *
num(struct req *r, long long n)
{
	struct tdm_buf	 b = TDM_BUF_INIT;
	char		 digits[24];
	const char	*sep = strcmp(r->lang, "fr") == 0 ? "\xe2\x80\xaf" : ",";
	size_t		 len, i;

	snprintf(digits, sizeof(digits), "%lld", n < 0 ? -n : n);
	len = strlen(digits);
	if (n < 0)
		tdm_buf_adds(&b, "-");
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			tdm_buf_adds(&b, sep);
		tdm_buf_addf(&b, "%c", digits[i]);
	}
	return keep(r, &b, "?");
}

const char *
field_label(struct req *r, const char *source)
{
	if (source == NULL)
		return NULL;
	return tdm_tr_lookup(tdm_lang_code(r->lang), "field", source);
}

/*
 * Reading the roster back: employees and generations, as the store has
 * them.  Writing the roster is roster.c's job, not this file's.
 */
#include <string.h>

#include "tandem/roster.h"
#include "internal.h"

/* A row of STMT_EMPLOYEE_LIST or STMT_EMPLOYEE_GET, read whole. */
static void
employee_from(struct query *q, struct tdm_employee *e)
{
	e->id = col_int(q);
	e->matricule = col_text(q);
	e->last_name = col_text(q);
	e->first_name = col_text(q);
	e->email = col_text(q);
	e->birth_year = (int)col_int(q);
	e->generation = col_text(q);
	e->department = col_text(q);
	e->team = col_text(q);
	e->site = col_text(q);
	e->job_title = col_text(q);
	e->grade = col_text(q);
	e->manager = col_text(q);
	e->hire_date = col_text(q);
	e->language = col_text(q);
	e->active = (int)col_int(q);
}

/* Step through a query started by the caller, handing each employee. */
static enum tdm_err
each(struct query *q, int (*fn)(void *, const struct tdm_employee *),
    void *arg, size_t *count)
{
	struct tdm_employee	 e;

	*count = 0;
	while (query_row(q)) {
		employee_from(q, &e);
		(*count)++;
		if (fn(arg, &e) != 0)
			break;
	}
	return query_end(q);
}

enum tdm_err
tdm_employee_each(struct tdm_store *st, const struct tdm_actor *a,
    unsigned flags, int (*fn)(void *, const struct tdm_employee *),
    void *arg, struct tdm_diags *d)
{
	struct programme_ref	 none;
	struct query		 q;
	enum scope		 scope;
	enum tdm_err		 err;
	size_t			 n;

	if ((err = view_open(st, a, NULL, TDM_VIEW_ROSTER, &none, &scope,
	    d)) != TDM_OK)
		return err;
	q = query_start(st, STMT_EMPLOYEE_LIST);
	bind_int(&q, (flags & TDM_LIST_INACTIVE) != 0);
	return each(&q, fn, arg, &n);
}

enum tdm_err
tdm_employee_show(struct tdm_store *st, const struct tdm_actor *a,
    const char *matricule, int (*fn)(void *, const struct tdm_employee *),
    void *arg, struct tdm_diags *d)
{
	struct programme_ref	 none;
	struct query		 q;
	enum scope		 scope;
	enum tdm_err		 err;
	size_t			 n;

	/* Everyone reads their own record; the roster's rule, the rest. */
	if ((a->employee_id == 0 || strcmp(matricule, a->name) != 0) &&
	    (err = view_open(st, a, NULL, TDM_VIEW_ROSTER, &none, &scope,
	    d)) != TDM_OK)
		return err;
	q = query_start(st, STMT_EMPLOYEE_GET);
	bind_text(&q, matricule);
	if ((err = each(&q, fn, arg, &n)) != TDM_OK)
		return err;
	return n ? TDM_OK : TDM_ENOENT;
}

/* The filter's text as a LIKE pattern, '!' escaping its own wildcards. */
static void
like_pattern(const char *in, char *out, size_t cap)
{
	size_t	 n = 0;

	if (cap < 3)
		return;
	out[n++] = '%';
	for (; *in != '\0' && n + 4 < cap; in++) {
		if (*in == '%' || *in == '_' || *in == '!')
			out[n++] = '!';
		/* lower() folds ASCII only: so does this. */
		out[n++] = *in >= 'A' && *in <= 'Z' ? *in - 'A' + 'a' : *in;
	}
	out[n++] = '%';
	out[n] = '\0';
}

enum tdm_err
tdm_employee_page(struct tdm_store *st, const struct tdm_actor *a,
    const struct tdm_employee_filter *f,
    int (*fn)(void *, const struct tdm_employee *), void *arg,
    struct tdm_diags *d)
{
	struct programme_ref	 none;
	struct query		 q;
	enum scope		 scope;
	enum tdm_err		 err;
	char			 pattern[512];
	size_t			 n;

#define OR_EMPTY(s)	((s) != NULL ? (s) : "")
	if ((err = view_open(st, a, NULL, TDM_VIEW_ROSTER, &none, &scope,
	    d)) != TDM_OK)
		return err;
	like_pattern(OR_EMPTY(f->name), pattern, sizeof(pattern));
	q = query_start(st, STMT_EMPLOYEE_PAGE);
	bind_int(&q, (f->flags & TDM_LIST_INACTIVE) != 0);
	bind_text(&q, OR_EMPTY(f->after));
	bind_text(&q, OR_EMPTY(f->name));
	bind_text(&q, pattern);
	bind_text(&q, OR_EMPTY(f->department));
	bind_text(&q, OR_EMPTY(f->department));
	bind_text(&q, OR_EMPTY(f->site));
	bind_text(&q, OR_EMPTY(f->site));
	bind_text(&q, OR_EMPTY(f->generation));
	bind_text(&q, OR_EMPTY(f->generation));
	bind_int(&q, f->limit);
#undef OR_EMPTY
	return each(&q, fn, arg, &n);
}

enum tdm_err
tdm_employee_facets(struct tdm_store *st, const struct tdm_actor *a,
    int (*fn)(void *, const char *, const char *), void *arg,
    struct tdm_diags *d)
{
	struct programme_ref	 none;
	struct query		 q;
	enum scope		 scope;
	enum tdm_err		 err;
	const char		*kind;

	if ((err = view_open(st, a, NULL, TDM_VIEW_ROSTER, &none, &scope,
	    d)) != TDM_OK)
		return err;
	q = query_start(st, STMT_EMPLOYEE_FACETS);
	while (query_row(&q)) {
		kind = col_text(&q);
		if (fn(arg, kind, col_text(&q)) != 0)
			break;
	}
	return query_end(&q);
}

/*
 * The generations' table is everyone's to read: it is no one's data.
 * The actor is named all the same, as in every read.
 */
enum tdm_err
tdm_generation_each(struct tdm_store *st, const struct tdm_actor *a,
    int (*fn)(void *, const struct tdm_generation *), void *arg)
{
	struct tdm_generation	 g;
	struct query		 q = query_start(st, STMT_GENERATION_LIST);

	(void)a;
	while (query_row(&q)) {
		g.code = col_text(&q);
		g.rank = (int)col_int(&q);
		g.label_fr = col_text(&q);
		g.label_en = col_text(&q);
		g.first_year = (int)col_int(&q);
		g.last_year = (int)col_int(&q);
		if (fn(arg, &g) != 0)
			break;
	}
	return query_end(&q);
}

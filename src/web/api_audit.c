/*
 * The audit log, a page at a time (issue 15): GET
 * /api/audit for the admin, ?limit= ?cursor= ?act= ?from= ?to=, and its
 * page /admin/audit.  The log as stored: Tandem's words and subject
 * keys, never free text; the library checks the role.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web.h"
#include "handlers.h"
#include "paging.h"

static int
audit_json(void *arg, const struct tdm_audit_entry *e)
{
	return json_push(arg, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "id",
	    (json_int_t)e->id, "at", e->at, "actor", e->actor, "action",
	    e->action, "object", e->object, "detail", e->detail));
}

void
api_audit(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct paging		 g;
	struct tdm_page		 pg;
	time_t			 from, to;
	enum tdm_err		 err;

	if (paging_parse(r, &g, 1, &d) != 0 ||
	    paging_day(r, "from", &from, &d) != 0 ||
	    paging_day(r, "to", &to, &d) != 0) {
		paging_finish(r, &g, TDM_EINVAL, &d, NULL);
		return;
	}
	memset(&pg, 0, sizeof(pg));
	pg.after = g.after;
	pg.limit = (int)g.limit;
	pg.skip = 0;
	pg.count = 0;
	/* "to" names the last day kept: the entries before the next. */
	err = tdm_audit_page(r->st, &r->who.actor, &pg, query(r, "act"),
	    from, paging_day_after(to), audit_json, g.items, &d);
	g.more = pg.next[0] != '\0';
	paging_finish(r, &g, err, &d, pg.next);
}

/* The page: 50 entries, newest first, dates in Paris time. */
#define AUDIT_ROWS	50

struct audit_rows {
	struct req	*r;
	size_t		 n;
};

static int
audit_row(void *arg, const struct tdm_audit_entry *e)
{
	struct audit_rows	*l = arg;
	struct req		*r = l->r;
	struct tm		 tm;
	char			 when[17] = "";

	memset(&tm, 0, sizeof(tm));
	if (strptime(e->at, "%Y-%m-%dT%H:%M:%SZ", &tm) != NULL)
		tdm_paris_format(timegm(&tm), when);
	if (l->n++ == 0)
		H(r, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" "
		    "aria-label=\"%s\"><table><thead><tr><th>%s</th><th>%s</th>"
		    "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
		    L(r, "Entrées du journal", "Log entries"),
		    L(r, "Date (Paris)", "Date (Paris)"), L(r, "Acte", "Act"),
		    L(r, "Par", "By"), L(r, "Objet", "Object"),
		    L(r, "Détail", "Detail"));
	H(r, "<tr><td>%s</td><td><code>%s</code></td><td><code>%s</code>"
	    "</td><td><code>%s</code></td><td><code>%s</code></td></tr>",
	    when, e->action, e->actor, e->object, e->detail);
	return 0;
}

void
page_audit(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_page		 pg;
	struct audit_rows	 l = { r, 0 };
	struct tdm_buf		 rows, tmp;
	const char		*act = query(r, "act"), *after = query(r, "apres");
	const char		*from_s = query(r, "from"), *to_s = query(r, "to");
	time_t			 from, to;
	enum tdm_err		 err;

	memset(&pg, 0, sizeof(pg));
	pg.after = after;
	pg.limit = AUDIT_ROWS;
	pg.skip = 0;
	pg.count = 0;
	/*
	 * One query: the rows are written aside, then put under the
	 * heading once the answer's status is known.
	 */
	rows = r->out;
	tdm_buf_init(&r->out);
	if (paging_day(r, "from", &from, &d) != 0 ||
	    paging_day(r, "to", &to, &d) != 0)
		err = TDM_EINVAL;
	else
		err = tdm_audit_page(r->st, &r->who.actor, &pg, act, from,
		    paging_day_after(to), audit_row, &l, &d);
	tmp = r->out;
	r->out = rows;
	rows = tmp;
	if (err == TDM_EPERM) {
		page_begin(r, 403, L(r, "Journal d'audit", "Audit log"));
		page_diags(r, &d);
		page_end(r);
		tdm_diags_free(&d);
		tdm_buf_release(&rows);
		return;
	}
	page_begin(r, err == TDM_OK ? 200 : 400, L(r, "Journal d'audit",
	    "Audit log"));
	H(r, "<p>%s</p>", L(r, "Les actes sensibles, du plus récent au plus "
	    "ancien, tels que le journal les garde : les mots de Tandem et "
	    "des clés à la place des personnes, jamais de texte libre.",
	    "The sensitive acts, newest first, as the log keeps them: "
	    "Tandem's words, and keys instead of people, never free text."));
	H(r, "<form method=\"get\" action=\"/admin/audit\" class=\"card "
	    "filters\" role=\"search\"><label for=\"aa\">%s</label>"
	    "<input id=\"aa\" name=\"act\" maxlength=\"64\" value=\"%s\" "
	    "placeholder=\"programme\"><label for=\"af\">%s</label>"
	    "<input id=\"af\" name=\"from\" type=\"date\" value=\"%s\">"
	    "<label for=\"at\">%s</label><input id=\"at\" name=\"to\" "
	    "type=\"date\" value=\"%s\"><button type=\"submit\">%s</button>"
	    "</form>\n", L(r, "Acte ou famille d'actes", "Act or family of "
	    "acts"), act ? act : "", L(r, "Du", "From"), from_s ? from_s : "",
	    L(r, "Au", "To"), to_s ? to_s : "", L(r, "Filtrer", "Filter"));
	if (err != TDM_OK)
		page_diags(r, &d);
	else if (l.n == 0)
		H(r, "<p class=\"muted\" role=\"status\">%s</p>",
		    L(r, "Aucune entrée.", "No entry."));
	else {
		tdm_buf_add(&r->out, rows.buf, rows.len);
		H(r, "</tbody></table></div>\n");
	}
	tdm_buf_release(&rows);
	if (err == TDM_OK && pg.next[0] != '\0')
		H(r, "<nav class=\"pager\" aria-label=\"%s\"><p><a href=\""
		    "/admin/audit?act=%s&amp;from=%s&amp;to=%s&amp;apres=%s\" "
		    "rel=\"next\">%s</a></p></nav>\n", L(r, "Pages", "Pages"),
		    act ? act : "", from_s ? from_s : "", to_s ? to_s : "",
		    pg.next, L(r, "Entrées plus anciennes →", "Older entries →"));
	page_end(r);
	tdm_diags_free(&d);
}

/*
 * /api/programmes/P/report?format=json|csv|svg|html|text: the outcome
 * report, for the programme manager and the sponsor.  The library masks
 * every cell of fewer than five people before anything is rendered.
 */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "web.h"
#include "handlers.h"

static char		 csp[512];
static pthread_once_t	 csp_once = PTHREAD_ONCE_INIT;

static void
csp_make(void)
{
	const char	*style = tdm_report_html_style();
	unsigned char	 h[crypto_hash_sha256_BYTES];
	char		 b64[64];

	crypto_hash_sha256(h, (const unsigned char *)style, strlen(style));
	sodium_bin2base64(b64, sizeof(b64), h, sizeof(h),
	    sodium_base64_VARIANT_ORIGINAL);
	snprintf(csp, sizeof(csp), "default-src 'none'; style-src "
	    "'sha256-%s'; img-src 'self' data:; base-uri 'none'; "
	    "form-action 'none'; frame-ancestors 'none'", b64);
}

/* The HTML report's policy: its own style element, by hash, only. */
const char *
report_csp(void)
{
	pthread_once(&csp_once, csp_make);
	return csp;
}

static const struct {
	const char	*ctype;
	const char	*file;
} kinds[TDM_REPORT_FORMAT__MAX] = {
	[TDM_REPORT_TEXT] = { "text/plain; charset=utf-8", NULL },
	[TDM_REPORT_JSON] = { "application/json", NULL },
	[TDM_REPORT_CSV] = { "text/csv; charset=utf-8", "tandem-report.csv" },
	[TDM_REPORT_SVG] = { "image/svg+xml", NULL },
	[TDM_REPORT_HTML] = { "text/html; charset=utf-8", NULL },
};

void
api_report(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_buf		 out = TDM_BUF_INIT;
	enum tdm_report_format	 f = TDM_REPORT_JSON;
	const char		*q = query(r, "format");
	const char		*lang = query(r, "lang");
	enum tdm_err		 err;

	if (q != NULL && tdm_report_format_parse(q, &f) != 0) {
		tdm_diag_add(&d, "format", 0, 0, "\"%s\" is not a report "
		    "format: json, csv, svg, html or text", q);
		err = TDM_EINVAL;
	} else if (lang != NULL && strcmp(lang, "fr") != 0 &&
	    strcmp(lang, "en") != 0) {
		tdm_diag_add(&d, "lang", 0, 0, "\"%s\" is not a report "
		    "language: fr or en", lang);
		err = TDM_EINVAL;
	} else
		err = tdm_report_programme_lang(r->st, &r->who.actor,
		    r->args[0], lang == NULL ? "fr" : lang, f, &out, &d);
	if (err == TDM_OK) {
		if (f == TDM_REPORT_HTML)
			r->csp = report_csp();
		reply_bytes(r, 200, kinds[f].ctype, out.buf, out.len,
		    kinds[f].file);
	} else
		reply_error(r, err, &d);
	tdm_buf_release(&out);
	tdm_diags_free(&d);
}

/*
 * /api/reports?format=...&lang=...: the sponsor's view of every
 * programme they may read, over time (issue 16); /reports, its page.
 */
void
api_report_portfolio(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_buf		 out = TDM_BUF_INIT;
	enum tdm_report_format	 f = TDM_REPORT_JSON;
	const char		*q = query(r, "format");
	const char		*lang = query(r, "lang");
	enum tdm_err		 err;

	if (q != NULL && tdm_report_format_parse(q, &f) != 0) {
		tdm_diag_add(&d, "format", 0, 0, "\"%s\" is not a report "
		    "format: json, csv, svg, html or text", q);
		err = TDM_EINVAL;
	} else if (lang != NULL && strcmp(lang, "fr") != 0 &&
	    strcmp(lang, "en") != 0) {
		tdm_diag_add(&d, "lang", 0, 0, "\"%s\" is not a report "
		    "language: fr or en", lang);
		err = TDM_EINVAL;
	} else
		err = tdm_report_portfolio(r->st, &r->who.actor,
		    lang == NULL ? "fr" : lang, f, &out, &d);
	if (err == TDM_OK) {
		if (f == TDM_REPORT_HTML)
			r->csp = report_csp();
		reply_bytes(r, 200, kinds[f].ctype, out.buf, out.len,
		    kinds[f].file);
	} else
		reply_error(r, err, &d);
	tdm_buf_release(&out);
	tdm_diags_free(&d);
}

void
page_reports(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_buf		 out = TDM_BUF_INIT;
	enum tdm_err		 err;

	/* Inside the application, as a programme's report (page_report.c). */
	report_lang(r);
	err = tdm_report_portfolio(r->st, &r->who.actor, r->lang,
	    TDM_REPORT_HTML, &out, &d);
	if (err != TDM_OK || !report_page(r, out.buf, "/",
	    L(r, "← Retour à l'accueil", "← Back to the home page"),
	    "/reports", NULL)) {
		if (err == TDM_OK)
			err = TDM_EIO;
		page_begin(r, http_status(err), L(r, "Vue d'ensemble",
		    "Overview"));
		page_diags(r, &d);
		H(r, "<p><a href=\"/\">%s</a></p>", L(r, "Retour à l'accueil",
		    "Back to the home page"));
		page_end(r);
	}
	tdm_buf_release(&out);
	tdm_diags_free(&d);
}

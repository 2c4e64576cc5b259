/*
 * Unit tests of the message catalogue (issue 15, diag.c): every entry
 * renders in French, and every page wording in English, with the
 * conversions of its msgid; a diagnostic keeps its code and arguments
 * and renders in either language, its dates and words too; the CLI's
 * language follows LC_ALL, LC_MESSAGES, LANG; a text the library made
 * from a catalogue format (an at-risk reason) is read back and
 * translated.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/diag.h"
#include "tandem/strbuf.h"
#include "t.h"

/* Every entry in both languages: a missing French text or a conversion
 * that differs from the msgid's fails, naming the msgid. */
static void
every_entry(void)
{
	struct tdm_buf	 b = TDM_BUF_INIT;
	const char	*ctx, *id, *fr, *en;
	size_t		 i, nfr = 0, nweb = 0;

	for (i = 0; tdm_catalogue_entry(i, &ctx, &id, &fr, &en); i++) {
		tdm_buf_reset(&b);
		if (tdm_catalogue_render(i, TDM_LANG_FR, 0, &b) == -1) {
			printf("# no French, or other conversions: %s%s%s\n",
			    ctx ? ctx : "", ctx ? " | " : "", id);
			t_fails++;
		} else
			nfr++;
		CHECK(b.len > 0);
		/* A page's own wording exists in English as well. */
		if (ctx != NULL && strcmp(ctx, "web") == 0) {
			tdm_buf_reset(&b);
			if (tdm_catalogue_render(i, TDM_LANG_EN,
			    TDM_RENDER_WEB, &b) == -1) {
				printf("# no English page wording: %s\n", id);
				t_fails++;
			} else
				nweb++;
			/* And no command-line flag in either. */
			CHECK(strstr(b.buf, "--") == NULL);
			CHECK(strstr(b.buf, "\"tandem ") == NULL);
			CHECK(strstr(fr, "--") == NULL);
			CHECK(strstr(fr, "« tandem ") == NULL);
		}
	}
	printf("# %zu entries in French, %zu page wordings in English\n", nfr,
	    nweb);
	CHECK(nfr > 200);
	CHECK(nweb > 10);
	tdm_buf_release(&b);
}

static const char *
render(const struct tdm_diag *e, enum tdm_lang lang, unsigned flags)
{
	static struct tdm_buf	 b = TDM_BUF_INIT;
	struct tdm_render	 ro = { lang, flags, NULL, NULL };

	tdm_buf_reset(&b);
	tdm_diag_render(&b, e, &ro);
	return b.buf;
}

static int
fake_name(void *arg, const char *key, char *buf, size_t size)
{
	(void)arg;
	if (strcmp(key, "E100042") != 0)
		return 0;
	snprintf(buf, size, "Noé Fabre");
	return 1;
}

static void
diagnostics(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_render	 ro = { TDM_LANG_FR, TDM_RENDER_WEB, fake_name,
				    NULL };
	struct tdm_buf		 b = TDM_BUF_INIT;

	tdm_diag_add(&d, NULL, 0, 0, "no programme \"%s\"", "Cap");
	tdm_diag_add(&d, "when", 0, 0, "%s is a %s", "2026-12-20 10:00",
	    "Sunday");
	tdm_diag_add(&d, NULL, 0, 0, "%s has no pair in \"%s\"; run "
	    "\"tandem match\" first", "E100042", "Cap");
	tdm_diag_add(&d, NULL, 0, 0, "\"%.*s\" is not code=LEVEL", 3,
	    "abcdef");
	tdm_diag_add(&d, NULL, 0, 0, "entry %" PRId64 " is missing (the next "
	    "entry is %" PRId64 ")", (int64_t)4, (int64_t)9);
	tdm_diag_add(&d, NULL, 0, 0, "not a message of the catalogue: %d",
	    12);
	tdm_diag_add(&d, NULL, 0, 0, "cannot %s programme \"%s\": it is %s",
	    "open", "Cap", "open");
	CHECK_INT(d.n, 7);
	/* English without a page is the message as it always was. */
	CHECK_STR(render(&d.v[0], TDM_LANG_EN, 0), "no programme \"Cap\"");
	CHECK_STR(d.v[0].message, "no programme \"Cap\"");
	CHECK_STR(d.v[0].code, "no programme \"%s\"");
	CHECK_STR(render(&d.v[0], TDM_LANG_FR, 0), "aucun programme « Cap »");
	/* A weekday and a date. */
	CHECK_STR(render(&d.v[1], TDM_LANG_EN, 0), "2026-12-20 10:00 is a "
	    "Sunday");
	CHECK_STR(render(&d.v[1], TDM_LANG_FR, 0), "20/12/2026 10:00 est un "
	    "dimanche");
	CHECK_STR(render(&d.v[1], TDM_LANG_EN, TDM_RENDER_WEB),
	    "20/12/2026 10:00 is a Sunday");
	/* A page's wording has no command; a matricule becomes a name. */
	CHECK_STR(render(&d.v[2], TDM_LANG_FR, 0), "E100042 n'a pas de binôme "
	    "dans « Cap » ; lancez d'abord « tandem match »");
	tdm_diag_render(&b, &d.v[2], &ro);
	CHECK_STR(b.buf, "Noé Fabre n'a pas de binôme dans « Cap » ; "
	    "calculez d'abord les binômes");
	CHECK_STR(render(&d.v[2], TDM_LANG_EN, TDM_RENDER_WEB), "E100042 has "
	    "no pair in \"Cap\"; compute the pairs first");
	/* What the person typed names nobody. */
	tdm_diag_add(&d, NULL, 0, 0, "no employee with id \"%s\"", "E100042");
	tdm_buf_reset(&b);
	tdm_diag_render(&b, &d.v[7], &ro);
	CHECK_STR(b.buf, "aucun salarié n'a le matricule « E100042 »");
	/* A precision kept. */
	CHECK_STR(d.v[3].message, "\"abc\" is not code=LEVEL");
	CHECK_STR(render(&d.v[3], TDM_LANG_FR, 0), "« abc » n'est pas de la "
	    "forme code=NIVEAU");
	CHECK_STR(render(&d.v[4], TDM_LANG_FR, 0), "l'entrée 4 manque "
	    "(l'entrée suivante est la 9)");
	/* Not in the catalogue: the English text. */
	CHECK(d.v[5].code != NULL);
	CHECK_STR(render(&d.v[5], TDM_LANG_FR, 0), "not a message of the "
	    "catalogue: 12");
	/* The same word as a verb and as a state; positions reordered. */
	CHECK_STR(render(&d.v[6], TDM_LANG_FR, 0), "action « ouvrir » "
	    "impossible sur le programme « Cap » : il est ouvert");
	tdm_buf_release(&b);
	tdm_diags_free(&d);
}

static void
dates(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;

	/* UTC in winter and in summer: Paris is 1 then 2 hours ahead. */
	tdm_diag_add(&d, NULL, 0, 0, "%s has passed", "2026-12-06T03:32:10Z");
	tdm_diag_add(&d, NULL, 0, 0, "%s has passed", "2026-07-01T22:30:00Z");
	tdm_diag_add(&d, NULL, 0, 0, "%s has passed", "2026-13-01");
	CHECK_STR(render(&d.v[0], TDM_LANG_FR, 0), "06/12/2026 04:32 est "
	    "passé");
	CHECK_STR(render(&d.v[1], TDM_LANG_EN, TDM_RENDER_WEB),
	    "02/07/2026 00:30 has passed");
	CHECK_STR(render(&d.v[0], TDM_LANG_EN, 0), "2026-12-06T03:32:10Z has "
	    "passed");
	/* A value as it was typed stays as it was typed. */
	tdm_diag_add(&d, NULL, 0, 0, "\"%s\" is not a time hh:mm",
	    "2026-12-06");
	CHECK_STR(render(&d.v[3], TDM_LANG_FR, TDM_RENDER_WEB), "« 2026-12-06 "
	    "» n'est pas une heure hh:mm");
	/* Not a date: left as it is. */
	CHECK_STR(render(&d.v[2], TDM_LANG_FR, 0), "2026-13-01 est passé");
	tdm_diags_free(&d);
}

static void
texts(void)
{
	struct tdm_render	 fr = { TDM_LANG_FR, TDM_RENDER_WEB, NULL,
				    NULL };
	struct tdm_render	 en = { TDM_LANG_EN, 0, NULL, NULL };
	struct tdm_buf		 b = TDM_BUF_INIT;

	tdm_tr_text(&b, &fr, "no session held for 33 days");
	CHECK_STR(b.buf, "aucune séance tenue depuis 33 jours");
	tdm_buf_reset(&b);
	tdm_tr_text(&b, &fr, "3 sessions cancelled by the mentee");
	CHECK_STR(b.buf, "3 séances annulées par le mentoré");
	tdm_buf_reset(&b);
	tdm_tr_text(&b, &fr, "the pair was declined");
	CHECK_STR(b.buf, "le binôme a été refusé");
	tdm_buf_reset(&b);
	tdm_tr_text(&b, &fr, "nothing the catalogue knows");
	CHECK_STR(b.buf, "nothing the catalogue knows");
	tdm_buf_reset(&b);
	tdm_tr_text(&b, &en, "no session held for 33 days");
	CHECK_STR(b.buf, "no session held for 33 days");
	/* The matcher's reason a mentee waits, made of pieces. */
	tdm_buf_reset(&b);
	tdm_tr_text(&b, &fr, "no compatible mentor among 5: direction rule 2, "
	    "different site, not both remote 1, same management chain 2 (the "
	    "chain rule keeps managers up to 2 levels away; see the "
	    "programme's chain depth setting)");
	CHECK_STR(b.buf, "aucun mentor compatible parmi 5 : règle de sens 2, "
	    "site différent, pas tous deux à distance 1, même chaîne "
	    "hiérarchique 2 (la règle de la chaîne hiérarchique écarte les "
	    "managers jusqu'à 2 niveaux ; voir la profondeur de chaîne dans "
	    "le réglage du programme)");
	tdm_buf_reset(&b);
	tdm_tr_text(&b, &fr, "no compatible mentor among 5: nothing known 2");
	CHECK_STR(b.buf, "no compatible mentor among 5: nothing known 2");
	tdm_buf_reset(&b);
	tdm_trf(&b, &fr, "%s is erased already", "E7");
	CHECK_STR(b.buf, "E7 est déjà effacé");
	tdm_buf_release(&b);
}

static void
locale(void)
{
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANG");
	CHECK_INT(tdm_lang_env(), TDM_LANG_EN);
	setenv("LANG", "fr_FR.UTF-8", 1);
	CHECK_INT(tdm_lang_env(), TDM_LANG_FR);
	setenv("LC_MESSAGES", "C", 1);
	CHECK_INT(tdm_lang_env(), TDM_LANG_EN);
	setenv("LC_ALL", "fr_CA", 1);
	CHECK_INT(tdm_lang_env(), TDM_LANG_FR);
	setenv("LC_ALL", "", 1);
	CHECK_INT(tdm_lang_env(), TDM_LANG_EN);
	CHECK_INT(tdm_lang_code("fr"), TDM_LANG_FR);
	CHECK_INT(tdm_lang_code("en"), TDM_LANG_EN);
	CHECK_INT(tdm_lang_code(NULL), TDM_LANG_EN);
}

int
main(void)
{
	RUN(every_entry);
	RUN(diagnostics);
	RUN(dates);
	RUN(texts);
	RUN(locale);
	return DONE();
}

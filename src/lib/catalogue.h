/*
 * The message catalogue compiled from po/fr.po and po/en.po by
 * scripts/po2c.py (docs/i18n.md).  Only diag.c reads it.
 */
#ifndef TANDEM_CATALOGUE_H
#define TANDEM_CATALOGUE_H

#include <stddef.h>

struct tdm_cat_entry {
	const char	*ctx;	/* msgctxt, or NULL */
	const char	*id;	/* the English msgid */
	const char	*fr;	/* French; NULL if untranslated */
	const char	*en;	/* English wording of a context; or NULL */
};

extern const struct tdm_cat_entry	 tdm_catalogue[];
extern const size_t			 tdm_catalogue_n;

#endif

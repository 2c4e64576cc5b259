/*
 * Deleting a draft (issue 15): the API's DELETE and the page's button,
 * which asks first; the library checks the role and the state.
 */
#include <stdio.h>
#include <string.h>

#include "web.h"
#include "handlers.h"

void
api_programme_delete(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	enum tdm_err		 err;

	err = tdm_programme_delete(r->st, &r->who.actor, r->args[0], &d);
	finish(r, err, &d, 200, err == TDM_OK ? json_pack("{s:b}", "deleted",
	    1) : NULL);
}

void
page_programme_delete_post(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	enum tdm_err		 err;

	err = tdm_programme_delete(r->st, &r->who.actor, r->args[0], &d);
	if (err == TDM_OK)
		redirect(r, "/?done=deleted");
	else {
		page_begin(r, http_status(err), L(r, "Suppression refusée",
		    "Deletion refused"));
		page_diags(r, &d);
		if (strspn(r->args[0], "0123456789") == strlen(r->args[0]))
			H(r, "<p><a href=\"/programmes/%s\">%s</a></p>",
			    r->args[0], L(r, "Retour au programme",
			    "Back to the programme"));
		page_end(r);
	}
	tdm_diags_free(&d);
}

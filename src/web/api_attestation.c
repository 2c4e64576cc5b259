/*
 * /api/programmes/P/naming: whether the signed-in member's attestations
 * name the mentee (issue 16, point 4).  GET: their accepted pairs and
 * who agrees; POST {"agree": true | false, "partner": id}: their own
 * agreement given or withdrawn.
 */
#include <string.h>

#include "web.h"
#include "handlers.h"

static int
naming_json(void *arg, const struct tdm_naming *n)
{
	return json_push(arg, json_pack("{s:s,s:s,s:s,s:s,s:b,s:b,s:b}",
	    "partner", n->partner, "first_name", n->first_name, "last_name",
	    n->last_name, "partner_role", n->mentor ? "mentee" : "mentor",
	    "mine", n->mine, "theirs", n->theirs, "named", n->mine &&
	    n->theirs));
}

void
api_naming_show(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	json_t			*pairs = json_array();
	enum tdm_err		 err;

	err = pairs == NULL ? TDM_ENOMEM : tdm_attestation_naming_each(r->st,
	    &r->who.actor, r->args[0], naming_json, pairs, &d);
	finish(r, err, &d, 200, json_pack("{s:s,s:o}", "programme",
	    r->args[0], "pairs", pairs));
}

void
api_naming(struct req *r)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*partner;
	enum tdm_err		 err;
	json_t			*b, *agree;

	if ((b = body_object(r)) == NULL)
		return;
	agree = json_object_get(b, "agree");
	if (agree == NULL || !json_is_boolean(agree))
		tdm_diag_add(&d, "agree", 0, 0, "must be true or false");
	partner = jstr(b, "partner", &d);
	err = d.n ? TDM_EINVAL : tdm_attestation_naming(r->st,
	    &r->who.actor, r->args[0], *partner ? partner : NULL,
	    json_is_true(agree), &d);
	finish(r, err, &d, 200, json_pack("{s:s,s:b}", "programme",
	    r->args[0], "agree", json_is_true(agree)));
	json_decref(b);
}

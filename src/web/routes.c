/*
 * The route table: every URL the server answers, its handler and what it
 * needs.  One line per route; the handlers live in one file per API
 * resource (api_*.c) and per group of pages (page_*.c).
 */
#include <stdlib.h>
#include <string.h>

#include "web.h"
#include "handlers.h"

const struct route routes[] = {
	/* The JSON API (docs/api.md). */
	{ "POST", "/api/login", api_login, R_PUBLIC | R_NOCSRF },
	{ "POST", "/api/logout", api_logout, 0 },
	{ "POST", "/api/invitations/accept", api_invitation_accept,
	    R_PUBLIC | R_NOCSRF },
	{ "POST", "/api/invitations", api_invitation_create, 0 },
	{ "GET", "/api/me", api_me, 0 },
	{ "PUT", "/api/me/lang", api_me_lang, 0 },
	{ "GET", "/api/me/export", api_me_export, 0 },
	{ "POST", "/api/roster", api_roster_import, R_UPLOAD },
	{ "GET", "/api/employees", api_employees, 0 },
	{ "GET", "/api/topics", api_topics, 0 },
	{ "GET", "/api/coaches", api_coaches, 0 },
	{ "POST", "/api/coaches", api_coach_create, 0 },
	{ "GET", "/api/roles", api_roles, 0 },
	{ "POST", "/api/roles", api_role_change, 0 },
	{ "GET", "/api/programmes", api_programmes, 0 },
	{ "POST", "/api/programmes", api_programme_create, 0 },
	{ "GET", "/api/programmes/*", api_programme, 0 },
	{ "PUT", "/api/programmes/*", api_programme_edit, 0 },
	{ "POST", "/api/programmes/*/transitions", api_programme_transition,
	    0 },
	{ "GET", "/api/programmes/*/history", api_programme_history, 0 },
	{ "GET", "/api/programmes/*/charter", api_programme_charter, 0 },
	{ "POST", "/api/programmes/*/topics", api_topic_create, 0 },
	{ "GET", "/api/programmes/*/enrolments", api_enrolments, 0 },
	{ "POST", "/api/programmes/*/enrolments", api_enrol, 0 },
	{ "POST", "/api/programmes/*/withdrawal", api_withdraw, 0 },
	{ "POST", "/api/programmes/*/match", api_match, 0 },
	{ "GET", "/api/programmes/*/pairs", api_pairs, 0 },
	{ "POST", "/api/programmes/*/pairs/lock", api_pair_lock, 0 },
	{ "POST", "/api/programmes/*/pairs/reject", api_pair_reject, 0 },
	{ "POST", "/api/programmes/*/pairs/publish", api_pair_publish, 0 },
	{ "POST", "/api/programmes/*/pairs/answer", api_pair_answer, 0 },
	/* Tandems that end and wait (issue 12). */
	{ "POST", "/api/programmes/*/pairs/end", api_pair_end, 0 },
	{ "GET", "/api/programmes/*/waiting", api_pairs_waiting, 0 },
	{ "POST", "/api/programmes/*/enrolments/change", api_enrolment_change,
	    0 },
	{ "GET", "/api/programmes/*/sessions", api_sessions, 0 },
	{ "POST", "/api/programmes/*/sessions", api_session_plan, 0 },
	{ "GET", "/api/programmes/*/calendar.ics", api_calendar, 0 },
	{ "GET", "/api/programmes/*/risks", api_risks, 0 },
	{ "POST", "/api/programmes/*/survey", api_survey, 0 },
	{ "GET", "/api/programmes/*/survey", api_survey_show, 0 },
	{ "GET", "/api/programmes/*/report", api_report, 0 },
	{ "GET", "/api/sessions/*/ics", api_session_ics, 0 },
	{ "POST", "/api/sessions/*/held", api_session_held, 0 },
	{ "POST", "/api/sessions/*/cancel", api_session_cancel, 0 },
	{ "POST", "/api/sessions/*/move", api_session_move, 0 },
	{ "POST", "/api/sessions/*/feedback", api_feedback, 0 },
	{ "POST", "/api/sessions/*/propose", api_session_propose, 0 },
	{ "POST", "/api/sessions/*/answer", api_session_answer, 0 },
	{ "GET", "/api/sessions/*/proposal", api_session_proposal, 0 },
	{ "GET", "/api/closures", api_closures, 0 },
	{ "POST", "/api/closures", api_closure_add, 0 },
	{ "DELETE", "/api/closures/*", api_closure_remove, 0 },
	{ "POST", "/api/programmes/*/where", api_session_where, 0 },
	{ "POST", "/api/programmes/*/discreet", api_session_discreet, 0 },

	/* The browser UI (page_*.c): forms post back to the pages. */
	{ "GET", "/static/*", page_static, R_PUBLIC },
	{ "GET", "/login", page_login, R_PUBLIC },
	{ "POST", "/login", page_login_post, R_PUBLIC | R_NOCSRF },
	{ "POST", "/logout", page_logout, R_PAGE },
	{ "GET", "/invite/*", page_invite, R_PUBLIC },
	{ "POST", "/invite/*", page_invite_post, R_PUBLIC | R_NOCSRF },
	{ "GET", "/", page_home, R_PAGE },
	{ "POST", "/lang", page_lang_post, R_PAGE },
	{ "GET", "/roster", page_roster, R_PAGE },
	{ "GET", "/people", page_people, R_PAGE },
	{ "POST", "/people", page_people_post, R_PAGE },
	{ "GET", "/programmes/new", page_programme_new, R_PAGE },
	{ "POST", "/programmes/new", page_programme_new_post, R_PAGE },
	{ "GET", "/programmes/*", page_programme, R_PAGE },
	{ "GET", "/programmes/*/edit", page_programme_edit, R_PAGE },
	{ "POST", "/programmes/*/edit", page_programme_edit_post, R_PAGE },
	{ "POST", "/programmes/*/action", page_programme_action, R_PAGE },
	{ "GET", "/programmes/*/enrol", page_enrol, R_PAGE },
	{ "POST", "/programmes/*/enrol", page_enrol_post, R_PAGE },
	/* Changing one's enrolment (issue 12). */
	{ "GET", "/programmes/*/enrolment", page_enrolment, R_PAGE },
	{ "POST", "/programmes/*/enrolment", page_enrolment_post, R_PAGE },
	{ "GET", "/programmes/*/report", page_report, R_PAGE },
	{ "POST", "/sessions/*/feedback", page_feedback_post, R_PAGE },

	/* Company sign-in (issue 14, page_account.c). */
	{ "GET", "/login/oidc", page_oidc_begin, R_PUBLIC | R_SIGNIN },
	{ "GET", "/login/oidc/callback", page_oidc_callback,
	    R_PUBLIC | R_SIGNIN },
	{ "POST", "/api/programmes/*/invitations", api_programme_invite, 0 },
	{ "GET", "/programmes/*/invitations", page_programme_invite, R_PAGE },
	{ "POST", "/programmes/*/invitations", page_programme_invite_post,
	    R_PAGE },
	{ "POST", "/sessions/*/propose", page_session_propose_post, R_PAGE },
	{ "POST", "/sessions/*/answer", page_session_answer_post, R_PAGE },
	{ "GET", "/closures", page_closures, R_PAGE },
	{ "POST", "/closures", page_closures_post, R_PAGE },
	{ "POST", "/closures/remove", page_closures_post, R_PAGE },
	{ "POST", "/programmes/*/where", page_session_where_post, R_PAGE },
	/* E-mail: the outbox (page_mail.c). */
	{ "GET", "/admin/mail", page_mail, R_PAGE },
	/* Issue 14, the outside review. */
	{ "PUT", "/api/me/password", api_me_password, 0 },
	{ "GET", "/account", page_account, R_PAGE },
	{ "POST", "/account", page_account_post, R_PAGE },
	/* Issue 15, pages: the accessibility statement, public. */
	{ "GET", "/accessibilite", page_accessibility, R_PUBLIC },
	{ "DELETE", "/api/programmes/*", api_programme_delete, 0 },
	{ "POST", "/programmes/*/delete", page_programme_delete_post, R_PAGE },
	/* Homes and paged lists (issue 15). */
	{ "GET", "/programmes/*/coach", page_coach, R_PAGE },
	{ "POST", "/programmes/*/coach", page_coach_post, R_PAGE },
	{ "GET", "/directory", page_directory, R_PAGE },
	/* Issue 13's rest (page_mail.c). */
	{ "GET", "/account/mail", page_mail_prefs, R_PAGE },
	{ "POST", "/account/mail", page_mail_prefs_post, R_PAGE },
	{ "GET", "/api/me/mail", api_me_mail, 0 },
	{ "PUT", "/api/me/mail", api_me_mail, 0 },
	/* The surveys, both roles, closing and 90-day (page_survey.c). */
	{ "GET", "/programmes/*/survey", page_survey, R_PAGE },
	{ "POST", "/programmes/*/survey", page_survey_post, R_PAGE },
	/* Recognition: attestations, their verification, kudos (issue 16). */
	{ "GET", "/verify", page_verify, R_PUBLIC },
	{ "GET", "/verify/*", page_verify_code, R_PUBLIC },
	{ "GET", "/programmes/*/kudos", page_kudos, R_PAGE },
	{ "POST", "/programmes/*/kudos", page_kudos_post, R_PAGE },
	{ "POST", "/programmes/*/attestation", page_attestation_post,
	    R_PAGE },
	/* Naming the mentee on an attestation (issue 16). */
	{ "POST", "/programmes/*/naming", page_naming_post, R_PAGE },
	{ "GET", "/api/programmes/*/naming", api_naming_show, 0 },
	{ "POST", "/api/programmes/*/naming", api_naming, 0 },
	/* The sponsor's view across programmes and over time (issue 16). */
	{ "GET", "/api/reports", api_report_portfolio, 0 },
	{ "GET", "/reports", page_reports, R_PAGE },
	/* The audit log, paged (issue 15, api_audit.c). */
	{ "GET", "/api/audit", api_audit, 0 },
	{ "GET", "/admin/audit", page_audit, R_PAGE },
};
const size_t nroutes = sizeof(routes) / sizeof(routes[0]);

int
http_status(enum tdm_err e)
{
	static const int status[TDM__MAX] = {
		[TDM_OK] = 200,
		[TDM_ENOMEM] = 500,
		[TDM_EIO] = 500,
		[TDM_EDB] = 503,
		[TDM_EINVAL] = 400,
		[TDM_ENOENT] = 404,
		[TDM_EEXIST] = 409,
		[TDM_EPERM] = 403,
		[TDM_ESTATE] = 409,
		[TDM_EVERSION] = 500,
		[TDM_EAUTH] = 401,
		[TDM_ELIMIT] = 429,
		[TDM_EBUSY] = 503,
		[TDM_EFULL] = 507,
		[TDM_ECORRUPT] = 500,
	};

	return (unsigned)e < TDM__MAX && status[e] ? status[e] : 500;
}

/* Whether path matches pattern, '*' standing for one segment. */
static int
matches(const char *pat, const char *path, const char *seg[3],
    size_t seglen[3], size_t *nseg)
{
	size_t	 n;

	*nseg = 0;
	while (*pat != '\0' && *path != '\0') {
		if (*pat == '*') {
			n = strcspn(path, "/");
			if (n == 0 || *nseg == 3)
				return 0;
			seg[*nseg] = path;
			seglen[(*nseg)++] = n;
			path += n;
			pat++;
		} else if (*pat++ != *path++)
			return 0;
	}
	return *pat == '\0' && *path == '\0';
}

const struct route *
route_find(struct req *r, const char *method, const char *path,
    int *known)
{
	const char	*seg[3];
	size_t		 seglen[3], nseg, i, j;

	*known = 0;
	if (strcmp(method, "HEAD") == 0)
		method = "GET";
	for (i = 0; i < nroutes; i++) {
		if (!matches(routes[i].pattern, path, seg, seglen, &nseg))
			continue;
		*known = 1;
		if (strcmp(routes[i].method, method) != 0)
			continue;
		/* libmicrohttpd has percent-decoded the path already. */
		for (j = 0; j < nseg; j++) {
			if ((r->args[j] = strndup(seg[j], seglen[j])) == NULL) {
				r->nargs = j;
				return NULL;
			}
		}
		r->nargs = nseg;
		return &routes[i];
	}
	return NULL;
}

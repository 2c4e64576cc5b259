/*
 * The handlers of the route table (routes.c): api_* answer JSON (one file
 * per resource, api_<resource>.c), page_* answer HTML (page_*.c).
 */
#ifndef TANDEM_HANDLERS_H
#define TANDEM_HANDLERS_H

struct req;

void	api_login(struct req *);
void	api_logout(struct req *);
void	api_invitation_accept(struct req *);
void	api_invitation_create(struct req *);
void	api_me(struct req *);
void	api_me_lang(struct req *);
void	api_me_export(struct req *);
void	api_roster_import(struct req *);
void	api_employees(struct req *);
void	api_topics(struct req *);
void	api_coaches(struct req *);
void	api_coach_create(struct req *);
void	api_roles(struct req *);
void	api_role_change(struct req *);
void	api_topic_create(struct req *);
void	api_programmes(struct req *);
void	api_programme_create(struct req *);
void	api_programme(struct req *);
void	api_programme_edit(struct req *);
void	api_programme_transition(struct req *);
void	api_programme_history(struct req *);
void	api_programme_charter(struct req *);
void	api_enrolments(struct req *);
void	api_enrol(struct req *);
void	api_withdraw(struct req *);
void	api_match(struct req *);
void	api_pairs(struct req *);
void	api_pair_lock(struct req *);
void	api_pair_reject(struct req *);
void	api_pair_publish(struct req *);
void	api_pair_answer(struct req *);
/* Tandems that end and wait (issue 12). */
void	api_pair_end(struct req *);
void	api_pairs_waiting(struct req *);
void	api_enrolment_change(struct req *);
void	api_sessions(struct req *);
void	api_session_plan(struct req *);
void	api_calendar(struct req *);
void	api_risks(struct req *);
void	api_survey(struct req *);
/* The surveys (api_surveys.c, page_survey.c). */
void	api_survey_show(struct req *);
void	page_survey(struct req *);
void	page_survey_post(struct req *);
void	api_report(struct req *);
void	api_session_ics(struct req *);
void	api_session_held(struct req *);
void	api_session_cancel(struct req *);
void	api_session_move(struct req *);
void	api_session_propose(struct req *);
void	api_session_answer(struct req *);
void	api_session_proposal(struct req *);
void	api_closures(struct req *);
void	api_closure_add(struct req *);
void	api_closure_remove(struct req *);
void	api_session_where(struct req *);
void	api_session_discreet(struct req *);
void	page_session_where_post(struct req *);
/* The programme manager's form of where and how sessions take place. */
void	session_where_form(struct req *, int64_t programme);
/* A form of a programme's page refused: the page with the reasons. */
void	programme_refused(struct req *, const char *prog, int status,
	    const struct tdm_diags *);
/* Held with absences, cancelled with a reason (issue 15). */
void	session_mark_forms(struct req *, int64_t programme,
	    const struct tdm_session *, int manager, int member);
void	page_closures(struct req *);
void	page_closures_post(struct req *);
void	page_session_propose_post(struct req *);
void	page_session_answer_post(struct req *);
/* The proposal of a session and the form to propose another date, in a
 * session's row of the programme page (side: the reader's, or NULL). */
void	session_proposal_cell(struct req *, int64_t programme,
	    const struct tdm_session *, int member, const char *side);
void	api_feedback(struct req *);

void	page_static(struct req *);
void	page_login(struct req *);
void	page_login_post(struct req *);
void	page_logout(struct req *);
void	page_invite(struct req *);
void	page_invite_post(struct req *);
void	page_home(struct req *);
void	page_lang_post(struct req *);
void	page_roster(struct req *);
void	page_people(struct req *);
void	page_people_post(struct req *);
void	page_programme_new(struct req *);
void	page_programme_new_post(struct req *);
void	page_programme(struct req *);
void	page_programme_edit(struct req *);
void	page_programme_edit_post(struct req *);
void	page_programme_action(struct req *);
void	page_enrol(struct req *);
void	page_enrol_post(struct req *);
void	page_enrolment(struct req *);
void	page_enrolment_post(struct req *);
/* The last planning's shortfalls on the programme page (page_plan.c). */
void	plan_shortfall_section(struct req *, const char *programme);
void	page_report(struct req *);
/* A library report set in the layout, and the reader's language for it
 * (page_report.c; the sponsor's overview uses them too). */
int	report_page(struct req *, const char *doc, const char *back,
	    const char *back_label, const char *self, const char *csv);
void	report_lang(struct req *);
/* The accessibility statement (issue 15, page_report.c). */
void	page_accessibility(struct req *);
/* Deleting a draft (issue 15, page_drafts.c). */
void	api_programme_delete(struct req *);
void	page_programme_delete_post(struct req *);
void	page_feedback_post(struct req *);

/* Company sign-in (issue 14, page_account.c). */
void	page_oidc_begin(struct req *);
void	page_oidc_callback(struct req *);
void	proxy_signin(struct req *, const char *peer);
int	api_password_allowed(struct req *, const char *session);
void	api_programme_invite(struct req *);
void	page_programme_invite(struct req *);
void	page_programme_invite_post(struct req *);
/* E-mail: the outbox (page_mail.c). */
void	page_mail(struct req *);
/* Issue 14, the outside review. */
void	api_me_password(struct req *);
void	page_account(struct req *);
void	page_account_post(struct req *);

/* Homes and paged lists (issue 15). */
/* A programme's figures as a list of counts (page_programme.c). */
void	figures_html(struct req *, const struct tdm_figures *,
	    const char *state);
/* Why a tandem is at risk, in the reader's words (page_home.c). */
void	risk_words(struct req *, const char *reason);
/* The coach's follow-up of a programme's tandems (page_home.c). */
void	page_coach(struct req *);
void	page_coach_post(struct req *);
/* The roster's directory, searched and paged (page_people.c). */
void	page_directory(struct req *);
/* Issue 13's rest (page_mail.c): one's messages. */
void	page_mail_prefs(struct req *);
void	page_mail_prefs_post(struct req *);
void	api_me_mail(struct req *);
/* Recognition (page_recog.c, issue 16). */
void	page_verify(struct req *);
void	page_verify_code(struct req *);
void	page_kudos(struct req *);
void	page_kudos_post(struct req *);
void	page_attestation_post(struct req *);
void	api_report_portfolio(struct req *);
void	page_reports(struct req *);
/* Naming the mentee on an attestation (api_attestation.c, page_recog.c;
 * issue 16). */
void	api_naming(struct req *);
void	api_naming_show(struct req *);
void	page_naming_post(struct req *);

/* The audit log, paged (issue 15, api_audit.c). */
void	api_audit(struct req *);
void	page_audit(struct req *);

#endif

/*
 * The entities as JSON (jansson), in one place: the CLI's --json and the
 * API speak the same field names because both call these.  The names are
 * the API's (docs/api.md); what only the database's owner sees from the
 * CLI is added by a flag, never renamed.
 *
 * Each function returns a new reference that the caller owns and frees
 * with json_decref(), or NULL when memory ran out.
 */
#ifndef TANDEM_JSON_H
#define TANDEM_JSON_H

#include <jansson.h>

#include "tandem/enrol.h"
#include "tandem/match.h"
#include "tandem/programme.h"
#include "tandem/roster.h"
#include "tandem/session.h"

/*
 * An employee: id, first_name, last_name, email, generation, department,
 * site, job_title, manager ("" for none), language, active.  With
 * TDM_JSON_HR, the rest of the HR record after them: birth_year, team,
 * grade, hire_date (null when unknown).
 */
#define TDM_JSON_HR	0x01
json_t	*tdm_employee_json(const struct tdm_employee *, unsigned flags);

/* A programme's design, state and counts, with its matching weights. */
json_t	*tdm_programme_json(const struct tdm_programme *);

/*
 * A matcher's report: the counts, then each pair with its score's terms
 * and explanation, then each unmatched mentee and why.
 */
json_t	*tdm_match_report_json(const struct tdm_match_report *);

/*
 * An enrolment: the volunteer (employee, names, generation), the role,
 * topics, languages, site, remote, availability, capacity, the charter
 * accepted, the opt-in reference, and when they enrolled and withdrew.
 */
json_t	*tdm_enrolment_json(const struct tdm_enrolment *);

/* A pair: its two people, state, lock, score and terms, the answers. */
json_t	*tdm_pair_json(const struct tdm_pair *);

/*
 * A session: id, the pair, its number in the series, its start in Paris
 * time and in UTC, length, state and who cancelled it, and the
 * iCalendar SEQUENCE.
 */
json_t	*tdm_session_json(const struct tdm_session *);

#endif

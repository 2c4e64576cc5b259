/*
 * What survey.c offers the rest of the library: a person's answers to
 * the surveys of one enrolment, as JSON, for their export (privacy.c).
 */
#ifndef TANDEM_SURVEY_INT_H
#define TANDEM_SURVEY_INT_H

#include <stdint.h>

#include "tandem/error.h"
#include "tandem/strbuf.h"

struct tdm_store;

/*
 * Append to b the JSON object of enrolment en's survey answers beyond
 * the closing survey's: a mentor's confidences and topics taught, the
 * follow-up, the checklist ticked.
 */
enum tdm_err	 survey_export(struct tdm_store *, int64_t en,
		    struct tdm_buf *b);

/*
 * Queue the follow-up survey's message to each member of a programme
 * whose follow-up opened (survey_mail.c), in a transaction of its own;
 * idempotent, run by every delivery.
 */
enum tdm_err	 survey_followups_mail(struct tdm_store *);

#endif

/*
 * The data layer's lookups and cascades (data.h).  No rule lives here:
 * who may look something up, or cancel what, is the caller's to check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "db.h"
#include "lifecycle.h"

int64_t
programme_ref_id(const char *ref)
{
	if (*ref != '\0' && strspn(ref, "0123456789") == strlen(ref) &&
	    strlen(ref) < 18)
		return strtoll(ref, NULL, 10);
	return -1;
}

enum tdm_err
programme_find(struct tdm_store *st, const char *ref, struct programme_ref *f,
    struct tdm_diags *d)
{
	struct query	 q = query_start(st, STMT_PROGRAMME_FIND);
	enum tdm_err	 err;
	int		 found;

	bind_text(&q, ref);
	bind_int(&q, programme_ref_id(ref));
	if ((found = query_row(&q))) {
		f->id = col_int(&q);
		snprintf(f->name, sizeof(f->name), "%s", col_text(&q));
		snprintf(f->state, sizeof(f->state), "%s", col_text(&q));
		f->stateno = state_parse(f->state);
		f->charter_version = (int)col_int(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if (found)
		return TDM_OK;
	tdm_diag_add(d, NULL, 0, 0, "no programme \"%s\"", ref);
	return TDM_ENOENT;
}

enum tdm_err
employee_find(struct tdm_store *st, const char *matricule, int active,
    int64_t *id, struct tdm_diags *d)
{
	struct query	 q = query_start(st, STMT_EMPLOYEE_ID);
	enum tdm_err	 err;
	int		 isactive = 0;

	*id = 0;
	bind_text(&q, matricule);
	if (query_row(&q)) {
		*id = col_int(&q);
		isactive = (int)col_int(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	return employee_found(matricule, id, isactive, active, d);
}

enum tdm_err
employee_found(const char *matricule, int64_t *id, int isactive,
    int active, struct tdm_diags *d)
{
	if (*id == 0) {
		tdm_diag_add(d, NULL, 0, 0, "no employee with id \"%s\"",
		    matricule);
		return TDM_ENOENT;
	}
	if (active && !isactive) {
		tdm_diag_add(d, NULL, 0, 0, "%s has left the company "
		    "(inactive in the roster)", matricule);
		*id = 0;
		return TDM_ENOENT;
	}
	return TDM_OK;
}

enum tdm_err
enrolment_find(struct tdm_store *st, const struct programme_ref *p,
    const char *matricule, const char *role, int64_t *id,
    struct tdm_diags *d)
{
	struct query	 q;
	enum tdm_err	 err;
	int64_t		 emp;
	int		 same = 0;

	*id = 0;
	if ((err = employee_find(st, matricule, 0, &emp, d)) != TDM_OK)
		return err;
	q = query_start(st, STMT_ENROLMENT_FIND);
	bind_int(&q, p->id);
	bind_int(&q, emp);
	if (query_row(&q)) {
		*id = col_int(&q);
		same = strcmp(col_text(&q), role != NULL ? role : "") == 0 ||
		    role == NULL;
		col_skip(&q);
		col_skip(&q);
	}
	if ((err = query_end(&q)) != TDM_OK) {
		*id = 0;
		return err;
	}
	if (*id == 0) {
		tdm_diag_add(d, NULL, 0, 0, "%s is not enrolled in \"%s\"",
		    matricule, p->name);
		return TDM_ENOENT;
	}
	if (!same) {
		tdm_diag_add(d, NULL, 0, 0, "%s is not a %s in \"%s\"",
		    matricule, role, p->name);
		*id = 0;
		return TDM_ENOENT;
	}
	return TDM_OK;
}

enum tdm_err
coach_follows(struct tdm_store *st, int64_t programme, int64_t coach,
    int *yes)
{
	struct query	 q = query_start(st, STMT_COACH_OF_PROGRAMME);

	bind_int(&q, programme);
	bind_int(&q, coach);
	if ((*yes = query_row(&q)))
		col_skip(&q);
	return query_end(&q);
}

/*
 * The tallies of the pairs of enrolment's mentor: their rows cleared (by
 * the mentor, whose pairs are all of one programme), then filled again.
 */
enum tdm_err
pair_tally_mentor(struct tdm_store *st, int64_t programme, int64_t enrolment)
{
	struct query	 q = query_start(st, STMT_TALLY_CLEAR);
	enum tdm_err	 err;

	bind_int(&q, enrolment);
	if ((err = query_exec(&q)) != TDM_OK)
		return err;
	q = query_start(st, STMT_TALLY_FILL);
	bind_int(&q, programme);
	bind_int(&q, enrolment);
	return query_exec(&q);
}

enum tdm_err
pair_tally_programme(struct tdm_store *st, int64_t programme)
{
	struct query	 q = query_start(st, STMT_TALLY_CLEAR_ALL);
	enum tdm_err	 err;

	bind_int(&q, programme);
	if ((err = query_exec(&q)) != TDM_OK)
		return err;
	q = query_start(st, STMT_TALLY_FILL_ALL);
	bind_int(&q, programme);
	return query_exec(&q);
}

enum tdm_err
session_cancel_programme(struct tdm_store *st, int64_t programme)
{
	struct query	 q = query_start(st, STMT_SESSION_CANCEL_ALL);
	char		 now[TIMESTAMP_SIZE];
	enum tdm_err	 err;

	store_timestamp(st, now);
	bind_text(&q, now);
	bind_int(&q, programme);
	if ((err = query_exec(&q)) != TDM_OK)
		return err;
	return pair_tally_programme(st, programme);
}

enum tdm_err
session_cancel_future(struct tdm_store *st, int64_t programme,
    int64_t enrolment, const char *side, int64_t *n)
{
	struct query	 q = query_start(st, STMT_SESSION_CANCEL_FUTURE);
	char		 now[TIMESTAMP_SIZE];
	enum tdm_err	 err;

	store_timestamp(st, now);
	bind_text(&q, side);
	bind_text(&q, now);
	bind_int(&q, programme);
	bind_int(&q, enrolment);
	if ((err = query_exec(&q)) != TDM_OK)
		return err;
	if (n != NULL)
		*n = store_changes(st);
	return pair_tally_mentor(st, programme, enrolment);
}

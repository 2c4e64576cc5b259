/*
 * The follow-up survey by mail: ninety days after a programme closes,
 * each member who has not answered it is told it is open.  Run by every
 * delivery (mail_send.c, after outbox_tick), in a transaction of its
 * own; the outbox's dedup key ("followup.pID" and the recipient) makes
 * it once per member.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/survey.h"
#include "date.h"
#include "internal.h"
#include "outbox.h"
#include "survey_int.h"

/*
 * A programme closed more than this many days before the follow-up
 * opened is not mailed: a delivery that resumes after months, or an
 * upgrade, does not reach people a year after their programme.
 */
#define FOLLOWUP_LATE_DAYS 30

/* The day that is days before today, yyyy-mm-dd. */
static void
days_ago(struct tdm_store *st, int days, char out[11])
{
	int	 y, m, d;

	store_today(st, &y, &m, &d);
	date_civil(date_days(y, m, d) - days, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

static enum tdm_err
followups(struct tdm_store *st)
{
	struct tdm_buf	 v = TDM_BUF_INIT;
	struct query	 q;
	char		 from[11], to[11], about[64];
	int64_t		*progs = NULL, *ids = NULL;
	char		 (*names)[512] = NULL;
	size_t		 np = 0, cap = 0, n, i, j;
	enum tdm_err	 err;
	void		*grown;
	int		 oom = 0;

	days_ago(st, TDM_FOLLOWUP_DAYS + FOLLOWUP_LATE_DAYS, from);
	days_ago(st, TDM_FOLLOWUP_DAYS, to);
	/* Read the programmes whole before queueing: the outbox's own
	 * statements run in between. */
	q = query_start(st, STMT_SURVEY_FOLLOWUP_PROGRAMMES);
	bind_text(&q, from);
	bind_text(&q, to);
	while (!oom && query_row(&q)) {
		if (np == cap) {
			cap = cap ? cap * 2 : 8;
			if ((grown = realloc(progs, cap * sizeof(*progs))) ==
			    NULL) {
				oom = 1;
				continue;
			}
			progs = grown;
			if ((grown = realloc(names, cap * sizeof(*names))) ==
			    NULL) {
				oom = 1;
				continue;
			}
			names = grown;
		}
		progs[np] = col_int(&q);
		snprintf(names[np], sizeof(names[np]), "%s", col_text(&q));
		np++;
	}
	err = query_end(&q);
	if (err == TDM_OK && oom)
		err = TDM_ENOMEM;
	for (i = 0; err == TDM_OK && i < np; i++) {
		q = query_start(st, STMT_SURVEY_DUE);
		bind_int(&q, progs[i]);
		if ((err = query_ids(&q, &ids, &n)) != TDM_OK)
			break;
		tdm_buf_reset(&v);
		mail_var(&v, "programme", names[i]);
		mail_varf(&v, "pid", "%lld", (long long)progs[i]);
		if (v.failed)
			err = TDM_ENOMEM;
		snprintf(about, sizeof(about), "p%lld", (long long)progs[i]);
		for (j = 0; err == TDM_OK && j < n; j++)
			err = outbox_queue(st, MAIL_FOLLOWUP, ids[j], 0,
			    progs[i], about, v.buf, NULL);
		free(ids);
		ids = NULL;
	}
	free(progs);
	free(names);
	tdm_buf_release(&v);
	return err;
}

enum tdm_err
survey_followups_mail(struct tdm_store *st)
{
	enum tdm_err	 err;

	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = followups(st)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK) {
		store_rollback(st);
		return err;
	}
	return TDM_OK;
}

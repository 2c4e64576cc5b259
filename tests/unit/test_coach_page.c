/*
 * The coach's page of tandems (issue 15): tdm_coach_tandem_page() gives
 * only the page asked for, cut by the store, the tandems at risk first
 * with tdm_watch()'s reasons, then the others, each in the order of
 * tdm_coach_tandem_each(); its total is every tandem, on a page past
 * the end too; it refuses anyone but the programme's coach.
 *
 * The reference is what the page used to compute itself: every risk
 * (tdm_watch()) and every tandem (tdm_coach_tandem_each()), twice over.
 * It runs on the demonstration organisation with the clock fixed, two
 * months into its programme, when some tandems are at risk.  The homes'
 * question "do I wait for a partner?" is asked here too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tandem/tandem.h"
#include "t.h"
#include "demo.h"

#define NOW		1795737600	/* 2026-11-27 */
#define PASSWORD	"tandem-demo-12"
#define MAXT		512

static char		 dir[] = "/tmp/test_coach_page.XXXXXX";
static struct tdm_store	*st;
static struct tdm_demo_summary sum;
static struct tdm_actor	 coach;

/* A tandem as a line: "mentor mentee|reason" ("" for none). */
struct lines {
	char	 v[MAXT][160];
	size_t	 n;
	size_t	 calls;
};

static int
risk_line(void *arg, const struct tdm_risk *k)
{
	struct lines	*l = arg;

	if (l->n < MAXT)
		snprintf(l->v[l->n++], sizeof(l->v[0]), "%s %s|%s",
		    k->mentor, k->mentee, k->reason);
	return 0;
}

static int
tandem_line(void *arg, const struct tdm_coach_tandem *t)
{
	struct lines	*l = arg;

	l->calls++;
	if (l->n < MAXT)
		snprintf(l->v[l->n++], sizeof(l->v[0]), "%s %s|%s",
		    t->mentor, t->mentee, t->risk ? t->risk : "");
	return 0;
}

/* The reason risks gives for the tandem of line, or NULL. */
static const char *
reason_of(const struct lines *risks, const char *line)
{
	size_t	 i, len = strcspn(line, "|");

	for (i = 0; i < risks->n; i++)
		if (strncmp(risks->v[i], line, len) == 0 &&
		    risks->v[i][len] == '|')
			return risks->v[i] + len + 1;
	return NULL;
}

static void
test_demo(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_demo_account	 acc[TDM_DEMO_ACCOUNTS];
	struct tdm_whoami	 who;
	char			 path[64], session[TDM_TOKEN_SIZE];
	char			 csrf[TDM_TOKEN_SIZE];
	time_t			 retry = 0;
	enum tdm_err		 err;
	size_t			 i;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/demo.db", dir);
	CHECK_INT(tdm_store_open(path, TDM_OPEN_INIT, &st, &d), TDM_OK);
	if (st == NULL)
		return;
	tdm_store_set_now(st, NOW);
	err = demo_build(st, 300, &sum, &d);
	if (err == TDM_OK)
		err = tdm_demo_accounts(st, &sum, PASSWORD, acc, &d);
	if (err == TDM_OK)
		err = tdm_login(st, sum.coach, PASSWORD, session, csrf, &retry,
		    &d);
	if (err == TDM_OK)
		err = tdm_session_whoami(st, session, &who);
	for (i = 0; i < d.n; i++)
		printf("# demo: %s\n", d.v[i].message);
	tdm_diags_free(&d);
	CHECK_INT(err, TDM_OK);
	coach = who.actor;
	CHECK(coach.coach_id != 0);
}

static void
test_pages(void)
{
	static struct lines	 all, risks, want, got, page;
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_page		 pg;
	const char		*why;
	size_t			 i, k, atrisk = 0;
	int			 pass;

	CHECK_INT(tdm_watch(st, &coach, sum.programme, risk_line, &risks,
	    &d), TDM_OK);
	CHECK_INT(tdm_coach_tandem_each(st, &coach, sum.programme,
	    tandem_line, &all, &d), TDM_OK);
	/* The page as it was made: those at risk, then the others. */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < all.n; i++) {
			why = reason_of(&risks, all.v[i]);
			if ((why != NULL) != (pass == 0))
				continue;
			snprintf(want.v[want.n++], sizeof(want.v[0]),
			    "%.*s|%s", (int)strcspn(all.v[i], "|"), all.v[i],
			    why ? why : "");
			atrisk += why != NULL;
		}
	printf("# %zu tandems, %zu at risk\n", all.n, atrisk);
	CHECK(all.n > 10);
	CHECK(atrisk > 0 && atrisk < all.n);
	/* Pages of 4: each the rows asked for, no more. */
	for (k = 0; k * 4 < all.n + 4; k++) {
		memset(&pg, 0, sizeof(pg));
		memset(&page, 0, sizeof(page));
		pg.limit = 4;
		pg.skip = k * 4;
		pg.count = 1;
		CHECK_INT(tdm_coach_tandem_page(st, &coach, sum.programme,
		    &pg, tandem_line, &page, &d), TDM_OK);
		CHECK_INT(page.calls, k * 4 >= all.n ? 0 : all.n - k * 4 < 4 ?
		    all.n - k * 4 : 4);
		/* The total, on a page past the end too. */
		CHECK_INT(pg.total, all.n);
		for (i = 0; i < page.n; i++)
			snprintf(got.v[got.n++], sizeof(got.v[0]), "%s",
			    page.v[i]);
	}
	CHECK_INT(got.n, want.n);
	for (i = 0; i < want.n && i < got.n; i++)
		CHECK_STR(got.v[i], want.v[i]);
	/* Without count, no total. */
	memset(&pg, 0, sizeof(pg));
	memset(&page, 0, sizeof(page));
	pg.limit = 1;
	CHECK_INT(tdm_coach_tandem_page(st, &coach, sum.programme, &pg,
	    tandem_line, &page, &d), TDM_OK);
	CHECK_INT(page.calls, 1);
	CHECK_INT(pg.total, 0);
	tdm_diags_free(&d);
}

/* Only the programme's coach: its manager is refused, as before. */
static void
test_refused(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_actor	 manager;
	struct tdm_page		 pg;
	static struct lines	 page;

	memset(&pg, 0, sizeof(pg));
	pg.limit = 4;
	CHECK_INT(tdm_actor_load(st, sum.manager, &manager, &d), TDM_OK);
	CHECK_INT(tdm_coach_tandem_page(st, &manager, sum.programme, &pg,
	    tandem_line, &page, &d), TDM_EPERM);
	CHECK_INT(page.calls, 0);
	CHECK(d.n > 0);
	tdm_diags_free(&d);
}

static int
first_waiting(void *arg, const struct tdm_waiting *w)
{
	char	*who = arg;

	if (*who == '\0')
		snprintf(who, 32, "%s", w->matricule);
	return 0;
}

static int
count_waiting(void *arg, const struct tdm_waiting *w)
{
	(void)w;
	(*(int *)arg)++;
	return 0;
}

/* Every one on the list waits by tdm_pair_waiting_mine() too. */
static int
each_waits(void *arg, const struct tdm_waiting *w)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_actor	 a;
	int			*bad = arg, waits = 0;

	if (tdm_actor_load(st, w->matricule, &a, &d) != TDM_OK ||
	    tdm_pair_waiting_mine(st, &a, sum.programme, &waits, &d) !=
	    TDM_OK || !waits)
		(*bad)++;
	tdm_diags_free(&d);
	return 0;
}

/* And no member of a tandem under way does. */
static int
none_waits(void *arg, const struct tdm_coach_tandem *t)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_actor	 a;
	int			*bad = arg, waits = 1, side;

	for (side = 0; side < 2; side++) {
		if (tdm_actor_load(st, side ? t->mentee : t->mentor, &a,
		    &d) != TDM_OK || tdm_pair_waiting_mine(st, &a,
		    sum.programme, &waits, &d) != TDM_OK || waits)
			(*bad)++;
	}
	tdm_diags_free(&d);
	return 0;
}

/*
 * The homes ask whether their reader waits (tdm_pair_waiting_mine(),
 * their own row only): a waiting volunteer does, the manager and the
 * coach do not; the volunteer's own listing is still their one row.
 */
static void
test_waiting_mine(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_actor	 manager, vol;
	char			 who[32] = "";
	int			 waits = -1, all = 0, mine = 0;

	CHECK_INT(tdm_actor_load(st, sum.manager, &manager, &d), TDM_OK);
	CHECK_INT(tdm_pair_waiting_each(st, &manager, sum.programme,
	    first_waiting, who, &d), TDM_OK);
	CHECK_INT(tdm_pair_waiting_each(st, &manager, sum.programme,
	    count_waiting, &all, &d), TDM_OK);
	CHECK(*who != '\0' && all > 1);
	CHECK_INT(tdm_actor_load(st, who, &vol, &d), TDM_OK);
	CHECK_INT(tdm_pair_waiting_mine(st, &vol, sum.programme, &waits, &d),
	    TDM_OK);
	CHECK_INT(waits, 1);
	CHECK_INT(tdm_pair_waiting_each(st, &vol, sum.programme,
	    count_waiting, &mine, &d), TDM_OK);
	CHECK_INT(mine, 1);
	CHECK_INT(tdm_pair_waiting_mine(st, &manager, sum.programme, &waits,
	    &d), TDM_OK);
	CHECK_INT(waits, 0);
	CHECK_INT(tdm_pair_waiting_mine(st, &coach, sum.programme, &waits,
	    &d), TDM_OK);
	CHECK_INT(waits, 0);
	all = 0;
	CHECK_INT(tdm_pair_waiting_each(st, &manager, sum.programme,
	    each_waits, &all, &d), TDM_OK);
	CHECK_INT(all, 0);
	CHECK_INT(tdm_coach_tandem_each(st, &coach, sum.programme,
	    none_waits, &all, &d), TDM_OK);
	CHECK_INT(all, 0);
	tdm_diags_free(&d);
}

int
main(void)
{
	char	 cmd[128];
	int	 rc;

	RUN(test_demo);
	if (st != NULL) {
		RUN(test_pages);
		RUN(test_refused);
		RUN(test_waiting_mine);
		tdm_store_close(st);
	}
	rc = DONE();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	(void)system(cmd);
	return rc;
}
